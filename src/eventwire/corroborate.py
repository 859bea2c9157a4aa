"""Corroboration: reports of one happening across articles join one incident that keeps every report.

An event stored from an article is a *report*. Each report belongs to exactly one *incident*. A new report joins
an existing incident when it describes the same happening as at least one of the incident's reports (single
linkage), and starts a new incident otherwise. Two reports describe the same happening when all of these hold:

- different articles: two events left apart by one article's own merging (`stages/event_merge.py`) are two facts;
- compatible type: the same PLOVER type, or MOBILIZE and AID when either is military (a deployment that is
  military aid, as in `event_merge.same_type`);
- compatible status: "reported", "claimed", "denied" and "background" all speak of something that happened (a
  denial is a conflicting detail, kept); "hypothetical" and "negated" only match their own status;
- overlapping actors: a shared actor id (source or target), or a source of one and a source of the other with the
  same country and the same sector (two outlets' "Iraqi fighters" and "Iraqi militiamen"); a report with no actors
  overlaps nothing;
- place within a distance: when one place is country-level (feature in COARSE_FEATURES) or lacks coordinates, the
  same country; else haversine distance <= MAX_DISTANCE_KM; a report without a place does not contradict any;
- dates within a window: the reports' date ranges (earliest..latest; a date given in the text is a one-day range,
  an event undated by its text keeps the range the time stage gave it, an event without any date uses its day,
  i.e. the publication date) overlap once one is widened by DATE_WINDOW_DAYS on each side (at most 2 days apart).

Matching is incremental: a new report is compared only with the reports of candidate incidents, found by a query
on type family, date window and country (an incident whose country is unknown is a candidate everywhere; so two
towns on either side of a border are never one incident, even within MAX_DISTANCE_KM). When a report matches
several incidents it joins the oldest (lowest id); incidents are never merged, and an incident never takes a
second report from an article it already has a report from, nor more than MAX_REPORTS reports (counted when the
batch that filled it ends).

An incident records the number of reports, articles, sources (distinct outlets; an article without an outlet is
its own source) and independent claimants (distinct claimant kind + text across reports; an anonymous claimant
counts once per outlet, so "a security source" in two outlets is two claimants; a report that names no claimant
is its outlet's own claim). `single_source` is true when `sources_count == 1`. Details the reports give are kept
side by side, never averaged: every quantity per counted noun (`what`), every fatality figure, every date, every
place, every status; `conflicts` names the details on which the reports disagree.

Incidents are computed at load time, in the same transaction as the events (`assign`); loading an article again
changes nothing (the store skips duplicates); re-annotating an article detaches it (`detach`: every incident it
reported is dissolved and its other reports are matched again, in their original order) before the new events
are matched. `rebuild` recomputes every incident from scratch (used after the migration that adds them).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from sqlalchemy import and_, delete, exists, func, insert, or_, select, update
from sqlalchemy.engine import Connection

from eventwire.store import schema as S
from eventwire.gazetteer import KM_PER_DEGREE, haversine_km

VERSION = "eventwire.corroborate.v2"  # v2: incidents hold at most MAX_REPORTS reports
MAX_DISTANCE_KM = 50.0
# An incident takes at most this many reports; a further report of the same happening starts a new incident. A
# happening carried by hundreds of outlets is rare; 10,000 near-identical texts (a spam wave, a syndication loop)
# would otherwise make one incident whose every new report is compared with all the others, slowing the load.
MAX_REPORTS = 500
DATE_WINDOW_DAYS = 2
COARSE_FEATURES = frozenset({"country"})
FACTUAL = frozenset({"reported", "claimed", "denied", "background"})
COMPATIBLE_TYPES = frozenset({"MOBILIZE", "AID"})  # when one of the two is military (mode "military")

_ARTICLES = re.compile(r"^(?:a|an|the)\s+")


@dataclass
class Report:
    """What the rule reads of one stored event."""

    pk: int
    article_id: str
    type: str
    mode: str | None
    status: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    feature: str | None = None
    earliest: dt.date | None = None
    latest: dt.date | None = None
    sources: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # (id, country, sector)
    actor_ids: set[str] = field(default_factory=set)  # sources and targets


# ------------------------------------------------------------------------------------------------ the rule


def family(type_: str) -> tuple[str, ...]:
    """The event types an event of `type_` may share an incident with (the candidate query's type filter)."""
    return tuple(sorted(COMPATIBLE_TYPES)) if type_ in COMPATIBLE_TYPES else (type_,)


def types_compatible(a: Report, b: Report) -> bool:
    if a.type == b.type:
        return True
    return {a.type, b.type} == COMPATIBLE_TYPES and "military" in (a.mode, b.mode)


def statuses_compatible(a: Report, b: Report) -> bool:
    return a.status == b.status or (a.status in FACTUAL and b.status in FACTUAL)


def actors_overlap(a: Report, b: Report) -> bool:
    if a.actor_ids & b.actor_ids:
        return True
    kinds_a = {(c, s) for _, c, s in a.sources if c and s}
    return any((c, s) in kinds_a for _, c, s in b.sources if c and s)


def places_compatible(a: Report, b: Report) -> bool:
    located_a = a.country is not None or a.lat is not None
    located_b = b.country is not None or b.lat is not None
    if not (located_a and located_b):
        return True  # an unknown place contradicts nothing
    points = None not in (a.lat, a.lon, b.lat, b.lon)
    if points and a.feature not in COARSE_FEATURES and b.feature not in COARSE_FEATURES:
        return haversine_km(a.lat, a.lon, b.lat, b.lon) <= MAX_DISTANCE_KM  # type: ignore[arg-type]
    return a.country is not None and a.country == b.country


def dates_compatible(a: Report, b: Report) -> bool:
    if a.earliest is None or b.earliest is None:
        return True
    slack = dt.timedelta(days=DATE_WINDOW_DAYS)
    return a.earliest - slack <= b.latest and b.earliest - slack <= a.latest  # type: ignore[operator]


def same_happening(a: Report, b: Report) -> bool:
    """The rule: do two reports (events of two articles) describe one happening?"""
    return (a.article_id != b.article_id and types_compatible(a, b) and statuses_compatible(a, b)
            and actors_overlap(a, b) and places_compatible(a, b) and dates_compatible(a, b))


# ------------------------------------------------------------------------------------------------ storage


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _reports(conn: Connection, pks: Sequence[int]) -> dict[int, Report]:
    """The rule's view of the stored events `pks`."""
    e, p = S.events.c, S.places.c
    out: dict[int, Report] = {}
    for chunk in (list(pks[i:i + 500]) for i in range(0, len(pks), 500)):
        q = (select(e.pk, e.article_id, e.type, e.mode, e.status, e.country, e.lat, e.lon, p.feature,
                    e.date_earliest, e.date_latest, e.day)
             .select_from(S.events.outerjoin(S.places, e.place_id == p.id)).where(e.pk.in_(chunk)))
        for r in conn.execute(q):
            lo = _date(r.date_earliest) or _date(r.date_latest) or _date(r.day)
            hi = _date(r.date_latest) or _date(r.date_earliest) or _date(r.day)
            if lo and hi and hi < lo:
                lo, hi = hi, lo
            out[r.pk] = Report(pk=r.pk, article_id=r.article_id, type=r.type, mode=r.mode, status=r.status,
                               country=r.country, lat=r.lat, lon=r.lon, feature=r.feature, earliest=lo, latest=hi)
        ea, ac = S.event_actors.c, S.actors.c
        q = (select(ea.event_pk, ea.role, ea.actor_id, ac.country, ac.sector)
             .select_from(S.event_actors.join(S.actors, ac.id == ea.actor_id)).where(ea.event_pk.in_(chunk))
             .order_by(ea.event_pk, ea.role, ea.position))
        for r in conn.execute(q):
            rep = out[r.event_pk]
            rep.actor_ids.add(r.actor_id)
            if r.role == "source":
                rep.sources.append((r.actor_id, r.country, r.sector))
    return out


def _candidate_conditions(rep: Report) -> list[Any]:
    """Conditions on an incident that may hold `rep`'s happening: compatible type, date window, country."""
    i = S.incidents.c
    conds: list[Any] = [i.type.in_(family(rep.type)), i.reports_count < MAX_REPORTS]
    if rep.earliest is not None:
        slack = dt.timedelta(days=DATE_WINDOW_DAYS)
        conds += [or_(i.date_latest.is_(None), i.date_latest >= (rep.earliest - slack).isoformat()),
                  or_(i.date_earliest.is_(None), i.date_earliest <= (rep.latest + slack).isoformat())]
    if rep.country is not None:
        conds.append(or_(i.country.is_(None), i.country == rep.country))
    return conds


def _report_conditions(rep: Report) -> list[Any]:
    """Conditions on a stored report (event) that may describe `rep`'s happening: an actor in common, the date
    window, and, when `rep` has a point, a box around the distance (a superset of the rule's circle; coarse or
    unplaced reports stay). The rule itself (`same_happening`) is applied to what these let through."""
    e, ea, ac, p = S.events.c, S.event_actors.c, S.actors.c, S.places.c
    kinds = sorted({(c, s) for _, c, s in rep.sources if c and s})
    conds: list[Any] = [exists(select(ea.event_pk).select_from(S.event_actors.join(S.actors, ac.id == ea.actor_id))
                               .where(ea.event_pk == e.pk,
                                      or_(ea.actor_id.in_(sorted(rep.actor_ids)),
                                          *(and_(ea.role == "source", ac.country == c, ac.sector == s)
                                            for c, s in kinds))))]
    if rep.earliest is not None:
        slack = dt.timedelta(days=DATE_WINDOW_DAYS)
        hi = func.coalesce(e.date_latest, e.date_earliest, e.day)
        lo = func.coalesce(e.date_earliest, e.date_latest, e.day)
        conds += [or_(hi.is_(None), hi >= (rep.earliest - slack).isoformat()),
                  or_(lo.is_(None), lo <= (rep.latest + slack).isoformat())]  # type: ignore[operator]
    if None not in (rep.lat, rep.lon) and rep.feature not in COARSE_FEATURES:
        dlat = MAX_DISTANCE_KM / KM_PER_DEGREE + 0.01
        dlon = min(180.0, MAX_DISTANCE_KM / (KM_PER_DEGREE * max(0.01, math.cos(math.radians(rep.lat))))) + 0.01
        coarse = select(p.id).where(p.feature.in_(sorted(COARSE_FEATURES)))
        conds.append(or_(e.lat.is_(None), e.lon.is_(None), e.place_id.in_(coarse),
                         and_(e.lat.between(rep.lat - dlat, rep.lat + dlat),
                              e.lon.between(rep.lon - dlon, rep.lon + dlon))))
    return conds


def _match(conn: Connection, rep: Report) -> int | None:
    """The oldest candidate incident with a report of the same happening (its reports compared newest first).
    One query finds the reports of candidate incidents that pass the SQL-side conditions; the rule decides."""
    ir, e, i = S.incident_reports.c, S.events.c, S.incidents.c
    if not rep.actor_ids:
        return None  # no actor to overlap with
    q = (select(ir.incident_id, ir.event_pk)
         .select_from(S.incident_reports.join(S.incidents, i.id == ir.incident_id)
                      .join(S.events, e.pk == ir.event_pk))
         .where(*_candidate_conditions(rep), *_report_conditions(rep))
         .order_by(ir.incident_id, ir.event_pk.desc()))
    by_incident: dict[int, list[int]] = {}
    for iid, pk in conn.execute(q):
        by_incident.setdefault(iid, []).append(pk)
    if not by_incident:
        return None
    # one article's events were already merged by the engine: an incident holding one of them is another fact
    mine = {iid for (iid,) in conn.execute(select(ir.incident_id).where(ir.article_id == rep.article_id))}
    pks = [pk for iid, found in by_incident.items() if iid not in mine for pk in found]
    reports = _reports(conn, pks) if pks else {}
    for iid, found in by_incident.items():  # the oldest incident first, its newest reports first
        if iid not in mine and any(same_happening(rep, reports[pk]) for pk in found if pk in reports):
            return iid
    return None


def assign(conn: Connection, event_pks: Iterable[int], *, touched: list[int] | None = None) -> dict[str, int]:
    """Put each stored event (in the order given) into the incident it reports, creating incidents as needed.
    Runs inside the caller's write transaction. Returns {"incidents": created, "corroborated": joined}.
    With `touched`, the ids of the incidents that changed are appended to it and the caller must `refresh`
    them before the transaction ends (a batch refreshes each incident once); without it they are refreshed here."""
    created = joined = 0
    pks = list(event_pks)
    reports = _reports(conn, pks)
    mine: list[int] = [] if touched is None else touched
    i = S.incidents.c
    for pk in pks:
        rep = reports.get(pk)
        if rep is None:
            continue
        lo = rep.earliest.isoformat() if rep.earliest else None
        hi = rep.latest.isoformat() if rep.latest else None
        iid = _match(conn, rep)
        if iid is None:
            iid = conn.execute(insert(S.incidents).values(
                type=rep.type, country=rep.country, day=lo, date_earliest=lo, date_latest=hi, reports_count=0,
                articles_count=0, sources_count=0, claimants_count=0, single_source=True,
            ).returning(i.id)).scalar_one()
            created += 1
        else:
            joined += 1
            if lo is not None:  # keep the candidate query's envelope right until the incident is refreshed
                pg = conn.dialect.name == "postgresql"  # scalar min/max of two values: LEAST/GREATEST there
                least, greatest = (func.least, func.greatest) if pg else (func.min, func.max)
                conn.execute(update(S.incidents).where(S.incidents.c.id == iid).values(
                    date_earliest=least(func.coalesce(i.date_earliest, lo), lo),
                    date_latest=greatest(func.coalesce(i.date_latest, hi), hi)))
        conn.execute(insert(S.incident_reports).values(event_pk=pk, incident_id=iid, article_id=rep.article_id))
        if iid not in mine:
            mine.append(iid)
    if touched is None:
        for iid in mine:
            refresh(conn, iid)
    return {"incidents": created, "corroborated": joined}


def assign_article(conn: Connection, article_id: str, *, touched: list[int] | None = None) -> dict[str, int]:
    e = S.events.c
    pks = [pk for (pk,) in conn.execute(select(e.pk).where(e.article_id == article_id).order_by(e.pk))]
    return assign(conn, pks, touched=touched)


def detach(conn: Connection, article_id: str) -> list[int]:
    """Take an article's reports out of the incidents (before its events are deleted): every incident it
    reported is dissolved; returns the pks of the other events of those incidents, to be assigned again."""
    ir = S.incident_reports.c
    iids = select(ir.incident_id).where(ir.article_id == article_id).scalar_subquery()
    others = [pk for (pk,) in conn.execute(select(ir.event_pk).where(ir.incident_id.in_(iids),
                                                                    ir.article_id != article_id)
                                           .order_by(ir.event_pk))]
    ids = [i for (i,) in conn.execute(select(ir.incident_id).where(ir.article_id == article_id).distinct())]
    if ids:
        conn.execute(delete(S.incident_reports).where(ir.incident_id.in_(ids)))
        conn.execute(delete(S.incidents).where(S.incidents.c.id.in_(ids)))
    return others


def rebuild(conn: Connection) -> dict[str, int]:
    """Recompute every incident from the stored events, in the order they were stored."""
    conn.execute(delete(S.incident_reports))
    conn.execute(delete(S.incidents))
    pks = [pk for (pk,) in conn.execute(select(S.events.c.pk).order_by(S.events.c.pk))]
    return assign(conn, pks)


# ------------------------------------------------------------------------------------------------ aggregates


def _outlet_key(outlet: str | None, article_id: str) -> str:
    name = " ".join((outlet or "").split()).lower()
    return name or f"article:{article_id}"


def _claimant_key(text: str, kind: str, outlet_key: str) -> tuple[str, ...]:
    norm = _ARTICLES.sub("", " ".join(text.split()).lower())
    return (kind, norm, outlet_key) if kind == "anonymous" else (kind, norm)


def _most_common(values: Iterable[Any]) -> Any:
    c = Counter(v for v in values if v is not None)
    return c.most_common(1)[0][0] if c else None


def refresh(conn: Connection, incident_id: int) -> None:
    """Recompute an incident's counts and details from its reports (delete it when it has none)."""
    e, a, p, ir = S.events.c, S.articles.c, S.places.c, S.incident_reports.c
    rows = list(conn.execute(
        select(e.pk, e.id, e.article_id, e.type, e.mode, e.status, e.country, e.lat, e.lon, e.date_value,
               e.date_precision, e.date_earliest, e.date_latest, e.day, e.fatalities, e.quantities,
               p.name.label("place"), p.feature, a.outlet, a.published)
        .select_from(S.incident_reports.join(S.events, e.pk == ir.event_pk)
                     .join(S.articles, a.id == e.article_id).outerjoin(S.places, p.id == e.place_id))
        .where(ir.incident_id == incident_id).order_by(e.pk)))
    if not rows:
        conn.execute(delete(S.incidents).where(S.incidents.c.id == incident_id))
        return
    pks = [r.pk for r in rows]
    cl = S.claimants.c
    claims: dict[int, list[Any]] = {}
    for r in conn.execute(select(cl.event_pk, cl.text, cl.kind, cl.start, cl.end).where(cl.event_pk.in_(pks))
                          .order_by(cl.event_pk, cl.position)):
        claims.setdefault(r.event_pk, []).append(r)
    ea = S.event_actors.c
    roles: dict[str, list[str]] = {"source": [], "target": []}
    for r in conn.execute(select(ea.role, ea.actor_id).where(ea.event_pk.in_(pks))
                          .order_by(ea.event_pk, ea.role, ea.position)):
        if r.actor_id not in roles[r.role]:
            roles[r.role].append(r.actor_id)

    outlets: dict[str, str] = {}
    claimants: dict[tuple[str, ...], dict[str, Any]] = {}
    quantities: dict[str, list[dict[str, Any]]] = {}
    seen_q: set[tuple[Any, ...]] = set()
    fatalities, dates, places = [], [], []
    statuses: list[str] = []
    for r in rows:
        okey = _outlet_key(r.outlet, r.article_id)
        outlets.setdefault(okey, r.outlet or r.article_id[:12])
        ref = {"event_id": r.id, "article_id": r.article_id, "outlet": r.outlet}
        said = claims.get(r.pk, [])
        for c in said:
            claimants.setdefault(_claimant_key(c.text, c.kind, okey), {"text": c.text, "kind": c.kind,
                                                                      "outlet": r.outlet})
        if not said:  # the outlet's own claim
            claimants.setdefault(("outlet", okey), {"text": r.outlet or okey, "kind": "outlet", "outlet": r.outlet})
        spans = [(c.start, c.end) for c in said]
        for q in json.loads(r.quantities or "[]"):
            if any(q.get("start", 0) < ce and cs < q.get("end", 0) for cs, ce in spans):
                continue  # "two officials said": who says so, not what happened
            key = (q["what"], r.article_id, q["min"], q["max"])
            if key not in seen_q:
                seen_q.add(key)
                quantities.setdefault(q["what"], []).append({"min": q["min"], "max": q["max"], "text": q["text"],
                                                             **ref})
        if r.fatalities is not None:
            fatalities.append({"value": r.fatalities, **ref})
        dates.append({"value": r.date_value, "precision": r.date_precision, "earliest": r.date_earliest,
                      "latest": r.date_latest, "day": r.day, **ref})
        if r.place is not None:
            places.append({"name": r.place, "country": r.country, "lat": r.lat, "lon": r.lon,
                           "feature": r.feature, **ref})
        if r.status not in statuses:
            statuses.append(r.status)

    conflicts = [f"quantity:{w}" for w, vs in quantities.items() if len({(v["min"], v["max"]) for v in vs}) > 1]
    if len({f["value"] for f in fatalities}) > 1:
        conflicts.append("fatalities")
    if len({(d["earliest"], d["latest"]) for d in dates if d["value"]}) > 1:
        conflicts.append("date")
    if len({pl["name"] for pl in places}) > 1:
        conflicts.append("place")
    if len(statuses) > 1:
        conflicts.append("status")

    types = [r.type for r in rows]
    type_ = "AID" if "AID" in types and "MOBILIZE" in types else _most_common(types)
    fine = [pl for pl in places if pl["feature"] not in COARSE_FEATURES and pl["lat"] is not None]
    best = fine[0] if fine else (places[0] if places else None)
    lows = [d for r in rows for d in (r.date_earliest or r.date_latest or r.day,) if d]
    highs = [d for r in rows for d in (r.date_latest or r.date_earliest or r.day,) if d]
    published = sorted(r.published for r in rows if r.published)
    n_sources = len(outlets)
    conn.execute(update(S.incidents).where(S.incidents.c.id == incident_id).values(
        type=type_, mode=_most_common(r.mode for r in rows if r.type == type_),
        country=_most_common(r.country for r in rows), place=best and best["name"],
        lat=best and best["lat"], lon=best and best["lon"],
        day=min(lows) if lows else None, date_earliest=min(lows) if lows else None,
        date_latest=max(highs) if highs else None,
        reports_count=len(rows), articles_count=len({r.article_id for r in rows}), sources_count=n_sources,
        claimants_count=len(claimants), single_source=n_sources == 1,
        first_published=published[0] if published else None, last_published=published[-1] if published else None,
        source_actors=json.dumps(roles["source"]), target_actors=json.dumps(roles["target"]),
        outlets=json.dumps(list(outlets.values()), ensure_ascii=False),
        claimants=json.dumps(list(claimants.values()), ensure_ascii=False),
        quantities=json.dumps(quantities, ensure_ascii=False), fatalities=json.dumps(fatalities, ensure_ascii=False),
        dates=json.dumps(dates, ensure_ascii=False), places=json.dumps(places, ensure_ascii=False),
        statuses=json.dumps(statuses), conflicts=json.dumps(conflicts),
    ))
