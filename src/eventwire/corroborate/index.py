"""The candidate index: one box per incident over (day, latitude, longitude).

A report looks up only the incidents whose box meets its own, widened by the model's date window and distance:
an R*Tree on SQLite, a GiST index over the (day, latitude) box on PostgreSQL (migration 8). An incident's box
covers its reports: the day range of every report, and the points of its fine places; an incident with a report
placed no finer than a province or a country, or not placed at all, spans every latitude and longitude (the
country condition of the candidate query then narrows it). So the lookup costs about the same on an empty store
and on one holding 100,000 incidents.
"""

from __future__ import annotations

import math
from typing import Any, Iterable

from sqlalchemy import column, table
from sqlalchemy.engine import Connection

from eventwire.corroborate.rule import DATE_WINDOW_DAYS, MAX_DISTANCE_KM, Report
from eventwire.geo import KM_PER_DEGREE

boxes = table("incident_boxes", column("id"), column("d0"), column("d1"), column("lat0"), column("lat1"),
              column("lon0"), column("lon1"))

NO_DAY = (0.0, 3_000_000.0)  # an undated report: every day (ordinals of 0001-01-01 .. 9999-12-31 lie inside)
EVERYWHERE = (-90.0, 90.0, -180.0, 180.0)

Box = tuple[float, float, float, float, float, float]


def report_box(rep: Report) -> Box:
    """The box a report occupies."""
    if rep.earliest is None:
        d0, d1 = NO_DAY
    else:
        d0 = float(rep.earliest.toordinal())
        d1 = float((rep.latest or rep.earliest).toordinal())
    if rep.fine:
        return (d0, d1, rep.lat, rep.lat, rep.lon, rep.lon)  # type: ignore[return-value]
    return (d0, d1, *EVERYWHERE)


def union(a: Box, b: Box) -> Box:
    """The smallest box holding both."""
    return (min(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), max(a[3], b[3]), min(a[4], b[4]), max(a[5], b[5]))


def incident_box(reps: Iterable[Report]) -> Box | None:
    out: Box | None = None
    for r in reps:
        b = report_box(r)
        out = b if out is None else union(out, b)
    return out


def query_box(rep: Report) -> Box:
    """Where an incident must reach to hold a report of `rep`'s happening: the date window and the distance."""
    d0, d1, lat0, lat1, lon0, lon1 = report_box(rep)
    if rep.earliest is not None:
        d0, d1 = d0 - DATE_WINDOW_DAYS, d1 + DATE_WINDOW_DAYS
    if rep.fine:
        dlat = MAX_DISTANCE_KM / KM_PER_DEGREE + 0.01
        lat0, lat1 = max(-90.0, lat0 - dlat), min(90.0, lat1 + dlat)
        cos = math.cos(math.radians(min(89.0, abs(rep.lat))))  # type: ignore[arg-type]
        dlon = MAX_DISTANCE_KM / (KM_PER_DEGREE * max(0.01, cos)) + 0.01
        if lon0 - dlon < -180.0 or lon1 + dlon > 180.0:
            lon0, lon1 = -180.0, 180.0  # across the antimeridian: every longitude (rare; the rule decides)
        else:
            lon0, lon1 = lon0 - dlon, lon1 + dlon
    return (d0, d1, lat0, lat1, lon0, lon1)


def add(conn: Connection, incident_id: int, box: Box) -> None:
    """A new incident's box."""
    conn.execute(boxes.insert().values(id=incident_id, d0=box[0], d1=box[1], lat0=box[2], lat1=box[3],
                                       lon0=box[4], lon1=box[5]))


def grow(conn: Connection, incident_id: int, box: Box) -> None:
    """Widen an incident's box to hold `box` too (a report joined it). An incident loses reports only when it is
    dissolved whole (`corroborate.detach`), so the box grown report by report is always its reports' own."""
    from sqlalchemy import func

    pg = conn.dialect.name == "postgresql"  # scalar min/max of two values: LEAST/GREATEST there
    least, greatest = (func.least, func.greatest) if pg else (func.min, func.max)
    c = boxes.c
    conn.execute(boxes.update().where(c.id == incident_id).values(
        d0=least(c.d0, box[0]), d1=greatest(c.d1, box[1]), lat0=least(c.lat0, box[2]), lat1=greatest(c.lat1, box[3]),
        lon0=least(c.lon0, box[4]), lon1=greatest(c.lon1, box[5])))


def remove(conn: Connection, ids: list[int] | None = None) -> None:
    """Remove the boxes of `ids` (every box with None)."""
    if ids is None:
        conn.execute(boxes.delete())
        return
    for k in range(0, len(ids), 500):
        conn.execute(boxes.delete().where(boxes.c.id.in_(ids[k:k + 500])))


def meets(conn: Connection, box: Box) -> Any:
    """A condition on `boxes` rows: the incident's box meets `box` (index-backed on both databases)."""
    from sqlalchemy import and_, func, literal

    d0, d1, lat0, lat1, lon0, lon1 = box
    c = boxes.c
    lon = and_(c.lon1 >= lon0, c.lon0 <= lon1)
    if conn.dialect.name == "postgresql":  # the GiST index is over this very expression
        mine = func.box(func.point(c.d0, c.lat0), func.point(c.d1, c.lat1))
        theirs = func.box(func.point(literal(d0), literal(lat0)), func.point(literal(d1), literal(lat1)))
        return and_(mine.op("&&")(theirs), lon)
    return and_(c.d1 >= d0, c.d0 <= d1, c.lat1 >= lat0, c.lat0 <= lat1, lon)


