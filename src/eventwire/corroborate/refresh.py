"""An incident's aggregates, recomputed from its reports: counts, independent sources, claimants, every differing
detail side by side and the headline fatality figure."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any, Iterable

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection

from eventwire.corroborate import index
from eventwire.corroborate.rule import COARSE_FEATURES
from eventwire.corroborate.sources import headline_fatalities, independent_sources, signature
from eventwire.store import schema as S

_ARTICLES = re.compile(r"^(?:a|an|the)\s+")


def _claimant_key(text: str, kind: str, text_key: str) -> tuple[str, ...]:
    norm = _ARTICLES.sub("", " ".join(text.split()).lower())
    return (kind, norm, text_key) if kind == "anonymous" else (kind, norm)


def _most_common(values: Iterable[Any]) -> Any:
    c = Counter(v for v in values if v is not None)
    return c.most_common(1)[0][0] if c else None


def _articles(conn: Connection, rows: list[Any]) -> list[dict[str, Any]]:
    """The incident's articles in the order they were stored (`rows` are its reports, by event pk), with the further
    outlets that carried their exact text and, when there are several, their MinHash (computed and kept where it
    is missing: most incidents have one article and never need it)."""
    a, c = S.articles.c, S.article_carriers.c
    arts: dict[str, dict[str, Any]] = {}
    for r in rows:
        arts.setdefault(r.article_id, {"id": r.article_id, "outlet": r.outlet, "minhash": None, "carriers": []})
    ids = list(arts)
    for r in conn.execute(select(c.article_id, c.outlet).where(c.article_id.in_(ids))
                          .order_by(c.article_id, c.first_seen, c.outlet)):
        arts[r.article_id]["carriers"].append(r.outlet)
    if len(ids) > 1:
        for r in conn.execute(select(a.id, a.minhash, a.docno).where(a.id.in_(ids)).order_by(a.docno)):
            sig = r.minhash
            if sig is None:
                sig = signature(conn.execute(select(a.text).where(a.id == r.id)).scalar_one())
                conn.execute(update(S.articles).where(a.id == r.id).values(minhash=sig))
            arts[r.id]["minhash"] = sig
            arts[r.id]["docno"] = r.docno
    return sorted(arts.values(), key=lambda x: x.get("docno", 0))


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
        index.remove(conn, [incident_id])
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

    indep = independent_sources(_articles(conn, rows))
    claimants: dict[tuple[str, ...], dict[str, Any]] = {}
    quantities: dict[str, list[dict[str, Any]]] = {}
    seen_q: set[tuple[Any, ...]] = set()
    fatalities, dates, places = [], [], []
    statuses: list[str] = []
    for r in rows:
        text_key = indep["group"][r.article_id]  # one syndicated text: one voice
        ref = {"event_id": r.id, "article_id": r.article_id, "outlet": r.outlet}
        said = claims.get(r.pk, [])
        for c in said:
            claimants.setdefault(_claimant_key(c.text, c.kind, text_key), {"text": c.text, "kind": c.kind,
                                                                           "outlet": r.outlet})
        if not said:  # the outlet's own claim
            claimants.setdefault(("outlet", text_key), {"text": r.outlet or "unknown outlet", "kind": "outlet",
                                                        "outlet": r.outlet})
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
            fatalities.append({"value": r.fatalities, "status": r.status, **ref})
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
    n_sources = len(indep["outlets"])
    head = headline_fatalities(fatalities) or {}
    conn.execute(update(S.incidents).where(S.incidents.c.id == incident_id).values(
        type=type_, mode=_most_common(r.mode for r in rows if r.type == type_),
        country=_most_common(r.country for r in rows), place=best and best["name"],
        lat=best and best["lat"], lon=best and best["lon"],
        day=min(lows) if lows else None, date_earliest=min(lows) if lows else None,
        date_latest=max(highs) if highs else None,
        reports_count=len(rows), articles_count=len({r.article_id for r in rows}), sources_count=n_sources,
        claimants_count=len(claimants), single_source=n_sources <= 1,
        first_published=published[0] if published else None, last_published=published[-1] if published else None,
        source_actors=json.dumps(roles["source"]), target_actors=json.dumps(roles["target"]),
        outlets=json.dumps(indep["outlets"], ensure_ascii=False),
        claimants=json.dumps(list(claimants.values()), ensure_ascii=False),
        quantities=json.dumps(quantities, ensure_ascii=False), fatalities=json.dumps(fatalities, ensure_ascii=False),
        dates=json.dumps(dates, ensure_ascii=False), places=json.dumps(places, ensure_ascii=False),
        statuses=json.dumps(statuses), conflicts=json.dumps(conflicts),
        fatalities_best=head.get("best"), fatalities_low=head.get("low"), fatalities_high=head.get("high"),
        unknown_sources=indep["unknown"], carried_by=json.dumps(indep["carried_by"], ensure_ascii=False),
    ))

