"""The candidate index: one box per incident over (day, latitude, longitude, type family, country).

A report looks up only the incidents whose box meets its own, widened by the model's date window and distance:
an R*Tree on SQLite (five dimensions), and on PostgreSQL a GiST index over a two-dimensional box whose first axis
is the type family and the day together (FAMILY_SPAN * family + day) and whose second is the latitude (migration
8). An incident's box covers its reports: the day range of every report, the points of its fine places, its type
family and its countries. An incident with a report placed no finer than a province or a country, or not placed at
all, spans every latitude and longitude; one with a report of unknown country spans every country. So a lookup
reads about the same handful of boxes on an empty store and on one holding 100,000 incidents: the incidents of
the report's type family, its country and its week.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any

from sqlalchemy import column, table
from sqlalchemy.engine import Connection

from eventwire.corroborate.rule import DATE_WINDOW_DAYS, MAX_DISTANCE_KM, Report, family
from eventwire.geo import KM_PER_DEGREE

DIMS = ("d", "lat", "lon", "fam", "cty")
boxes = table("incident_boxes", column("id"), *(column(f"{d}{i}") for d in DIMS for i in (0, 1)))

NO_DAY = (0.0, 3_000_000.0)  # an undated report: every day (ordinals of 0001-01-01 .. 9999-12-31 lie inside)
EVERYWHERE = ((-90.0, 90.0), (-180.0, 180.0))
ANY_COUNTRY = (0.0, 20_000.0)  # country codes (base 27 of the ISO3 letters) lie inside
FAMILY_SPAN = 10_000_000.0  # PostgreSQL's first axis: family * FAMILY_SPAN + day (days stay below 3,700,000)

Box = tuple[tuple[float, float], ...]  # one (low, high) per dimension of DIMS


def family_code(type_: str) -> float:
    """A small stable number per type family (two families may share one: the model then tells them apart)."""
    return float(int.from_bytes(hashlib.sha1(family(type_)[0].encode()).digest()[:2], "big") % 1000)


def country_code(iso3: str | None) -> tuple[float, float]:
    if not iso3 or len(iso3) != 3 or not iso3.isalpha():
        return ANY_COUNTRY
    n = 0
    for ch in iso3.upper():
        n = n * 27 + (ord(ch) - 64)
    return (float(n), float(n))


def report_box(rep: Report) -> Box:
    """The box a report occupies."""
    if rep.earliest is None:
        days = NO_DAY
    else:
        days = (float(rep.earliest.toordinal()), float((rep.latest or rep.earliest).toordinal()))
    place = ((rep.lat, rep.lat), (rep.lon, rep.lon)) if rep.fine else EVERYWHERE
    fam = family_code(rep.type)
    return (days, *place, (fam, fam), country_code(rep.country))  # type: ignore[return-value]


def query_box(rep: Report) -> Box:
    """Where an incident must reach to hold a report of `rep`'s happening: the date window and the distance."""
    days, lat, lon, fam, cty = report_box(rep)
    if rep.earliest is not None:
        days = (days[0] - DATE_WINDOW_DAYS, days[1] + DATE_WINDOW_DAYS)
    if rep.fine:
        dlat = MAX_DISTANCE_KM / KM_PER_DEGREE + 0.01
        lat = (max(-90.0, lat[0] - dlat), min(90.0, lat[1] + dlat))
        cos = math.cos(math.radians(min(89.0, abs(rep.lat))))  # type: ignore[arg-type]
        dlon = MAX_DISTANCE_KM / (KM_PER_DEGREE * max(0.01, cos)) + 0.01
        if lon[0] - dlon < -180.0 or lon[1] + dlon > 180.0:
            lon = EVERYWHERE[1]  # across the antimeridian: every longitude (rare; the rule decides)
        else:
            lon = (lon[0] - dlon, lon[1] + dlon)
    return (days, lat, lon, fam, cty)


def _values(box: Box) -> dict[str, float]:
    return {f"{d}{i}": box[k][i] for k, d in enumerate(DIMS) for i in (0, 1)}


def add(conn: Connection, incident_id: int, box: Box) -> None:
    """A new incident's box."""
    conn.execute(boxes.insert().values(id=incident_id, **_values(box)))


def grow(conn: Connection, incident_id: int, box: Box) -> None:
    """Widen an incident's box to hold `box` too (a report joined it). An incident loses reports only when it is
    dissolved whole (`corroborate.detach`), so the box grown report by report is always its reports' own."""
    from sqlalchemy import func

    pg = conn.dialect.name == "postgresql"  # scalar min/max of two values: LEAST/GREATEST there
    least, greatest = (func.least, func.greatest) if pg else (func.min, func.max)
    c = boxes.c
    values = {}
    for k, d in enumerate(DIMS):
        values[f"{d}0"] = least(c[f"{d}0"], box[k][0])
        values[f"{d}1"] = greatest(c[f"{d}1"], box[k][1])
    conn.execute(boxes.update().where(c.id == incident_id).values(**values))


def remove(conn: Connection, ids: list[int] | None = None) -> None:
    """Remove the boxes of `ids` (every box with None)."""
    if ids is None:
        conn.execute(boxes.delete())
        return
    for k in range(0, len(ids), 500):
        conn.execute(boxes.delete().where(boxes.c.id.in_(ids[k:k + 500])))


def meets(conn: Connection, box: Box) -> Any:
    """A condition on `boxes` rows: the incident's box meets `box` (index-backed on both databases)."""
    from sqlalchemy import and_, func, literal, literal_column

    c = boxes.c
    conds = [and_(c[f"{d}1"] >= box[k][0], c[f"{d}0"] <= box[k][1]) for k, d in enumerate(DIMS)]
    if conn.dialect.name == "postgresql":  # the GiST index is over this very expression
        (d0, d1), (lat0, lat1), fam = box[0], box[1], box[3][0]
        span = literal_column("10000000.0")  # inline, as in the index's expression (migration 8)
        mine = func.box(func.point(c.fam0 * span + c.d0, c.lat0), func.point(c.fam1 * span + c.d1, c.lat1))
        theirs = func.box(func.point(literal(fam * FAMILY_SPAN + d0), literal(lat0)),
                          func.point(literal(fam * FAMILY_SPAN + d1), literal(lat1)))
        return and_(mine.op("&&")(theirs), *conds[2:])
    return and_(*conds)
