"""Queries over the store: events, actors, articles, each a list of plain dicts. Every value a user gives is a
bound parameter; search text becomes quoted FTS5 terms (or escaped LIKE patterns), never query syntax.

Filters (all optional, combined with AND):
    actor    name or id of an actor (case-insensitive; part of a name matches, "%" and "_" are literal)
    type     PLOVER event type          status   attribution status (reported, claimed, denied, ...)
    country  ISO3: for events, where the event happened; for actors, the actor's country; for articles, a place
             the article mentions
    since, until   YYYY-MM-DD: an event's date window overlaps them (its date, else the publication date);
             for articles, the publication date
    search   words that must all occur in an article's title or text (FTS5; LIKE where FTS5 is missing)
    limit    at most N rows (None or 0: all)        offset   skip the first N rows (for paging)
    near     "LAT,LON,KM" (or a tuple): events or incidents placed within KM kilometres of the point (an
             equirectangular distance, within 1% of the great circle up to a few hundred km; not across the
             180th meridian)
    min_sources  (events and incidents) at least N distinct outlets report the incident (the event's incident)
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from sqlalchemy import and_, exists, func, literal, or_, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.sql import ColumnElement

from eventwire.errors import ConfigError
from eventwire.gazetteer import KM_PER_DEGREE
from eventwire.store import schema as S
from eventwire.store.filters import FILTERS, Filters

EVENT_FILTERS = FILTERS
ACTOR_FILTERS = ("actor", "type", "country", "since", "until", "status", "search", "limit", "offset")
ARTICLE_FILTERS = ACTOR_FILTERS


def _allowed(filters: dict[str, Any], known: tuple[str, ...]) -> None:
    unknown = set(filters) - set(known)
    if unknown:
        raise ConfigError(f"unknown filter(s): {', '.join(sorted(unknown))} (known: {', '.join(known)})")


def parse_near(value: Any) -> tuple[float, float, float]:
    """'LAT,LON,KM' (or a 3-sequence) -> floats, checked (ConfigError otherwise)."""
    return Filters.check({"near": value})["near"]


def _near_condition(lat_col: Any, lon_col: Any, near: tuple[float, float, float]) -> ColumnElement:
    """Within `km` of (lat, lon): a bounding box (index-friendly) and an equirectangular distance, in plain SQL
    arithmetic so that SQLite and PostgreSQL compute the same thing."""
    lat, lon, km = near
    dlat = km / KM_PER_DEGREE
    coslat = max(math.cos(math.radians(lat)), 0.01)
    dlon = min(km / (KM_PER_DEGREE * coslat), 360.0)
    ky, kx = KM_PER_DEGREE, KM_PER_DEGREE * coslat
    dist2 = ((lat_col - lat) * ky) * ((lat_col - lat) * ky) + ((lon_col - lon) * kx) * ((lon_col - lon) * kx)
    return and_(lat_col.is_not(None), lon_col.is_not(None),
                lat_col.between(lat - dlat, lat + dlat), lon_col.between(lon - dlon, lon + dlon),
                dist2 <= km * km)


def check_filters(filters: dict[str, Any]) -> dict[str, Any]:
    """Validate and normalise filters (`eventwire.store.filters.Filters`); unknown names and bad values raise
    ConfigError."""
    return Filters.check(filters)


def _page(q: Any, f: dict[str, Any]) -> Any:
    if "limit" in f:
        q = q.limit(f["limit"])
    if "offset" in f:
        q = q.offset(f["offset"])
    return q


def _like(value: str) -> str:
    """A LIKE pattern that matches `value` anywhere, its own % _ and \\ taken literally (ESCAPE '\\')."""
    esc = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{esc}%"


def _actor_ids(name: str):
    """Ids of the actors whose id equals `name` or whose name contains it (case-insensitive)."""
    if not name:
        return select(S.actors.c.id).where(literal(False))
    return select(S.actors.c.id).where(or_(
        func.lower(S.actors.c.id) == name.lower(),
        func.lower(S.actors.c.name).like(_like(name), escape="\\"),
    ))


def _words(search: str) -> list[str]:
    return re.findall(r"\w+", search, flags=re.UNICODE)


def _matching_articles(search: str, fts: str | bool):
    """Ids of the articles whose title or text holds every word of `search`."""
    words = _words(search)
    if not words:
        return select(S.articles.c.id).where(literal(False))
    if fts == "tsvector":  # PostgreSQL: the generated column articles.tsv (migration 2); every word must occur
        return select(S.articles.c.id).where(
            text("articles.tsv @@ plainto_tsquery('simple', :words)").bindparams(words=" ".join(words)))
    if fts:
        match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        docnos = select(text("rowid")).select_from(text("articles_fts")).where(
            text("articles_fts MATCH :match").bindparams(match=match))
        return select(S.articles.c.id).where(S.articles.c.docno.in_(docnos))
    hay = func.lower(func.coalesce(S.articles.c.title, "") + " " + S.articles.c.text)
    return select(S.articles.c.id).where(and_(*(hay.like(_like(w), escape="\\") for w in words)))


def _event_conditions(f: dict[str, Any], fts: bool, *, country: bool = True) -> list[ColumnElement]:
    e = S.events.c
    conds: list[ColumnElement] = []
    if "type" in f:
        conds.append(e.type == f["type"])
    if "status" in f:
        conds.append(e.status == f["status"])
    if country and "country" in f:
        conds.append(e.country == f["country"])
    if "since" in f:
        conds.append(func.coalesce(e.date_latest, e.day) >= f["since"])
    if "until" in f:
        conds.append(e.day <= f["until"])
    if "actor" in f:
        conds.append(e.pk.in_(select(S.event_actors.c.event_pk)
                              .where(S.event_actors.c.actor_id.in_(_actor_ids(f["actor"])))))
    if "search" in f:
        conds.append(e.article_id.in_(_matching_articles(f["search"], fts)))
    if "near" in f:
        conds.append(_near_condition(e.lat, e.lon, f["near"]))
    if "min_sources" in f:
        ir, i = S.incident_reports.c, S.incidents.c
        conds.append(e.pk.in_(select(ir.event_pk).join(S.incidents, i.id == ir.incident_id)
                              .where(i.sources_count >= f["min_sources"])))
    return conds


def events(conn: Connection, fts: bool, **filters: Any) -> list[dict[str, Any]]:
    f = check_filters(filters)
    e, a, p = S.events.c, S.articles.c, S.places.c
    q = (select(e.pk, e.id, e.article_id, e.type, e.mode, e.cameo, e.acled_event_type, e.acled_sub_event_type,
                e.status, e.day, e.date_value, e.date_precision, e.date_earliest, e.date_latest,
                p.name.label("place"), e.country, e.lat, e.lon,
                e.fatalities, e.confidence, e.trigger, e.evidence, a.published, a.outlet, a.title, a.url,
                e.pipeline_version)
         .select_from(S.events.join(S.articles, e.article_id == a.id).outerjoin(S.places, e.place_id == p.id))
         .where(*_event_conditions(f, fts))
         .order_by(e.day.desc().nulls_last(), e.article_id, e.pk))
    q = _page(q, f)
    rows = [dict(r._mapping) for r in conn.execute(q)]
    if not rows:
        return rows
    by_pk = {r["pk"]: r for r in rows}
    for r in rows:
        r.update(sources=[], source_ids=[], targets=[], target_ids=[], claimants=[])
    pks = list(by_pk)
    for chunk in (pks[i:i + 500] for i in range(0, len(pks), 500)):
        ea = S.event_actors.c
        for r in conn.execute(select(ea.event_pk, ea.role, ea.actor_id, S.actors.c.name)
                              .join(S.actors, S.actors.c.id == ea.actor_id)
                              .where(ea.event_pk.in_(chunk)).order_by(ea.event_pk, ea.role, ea.position)):
            row = by_pk[r.event_pk]
            row["sources" if r.role == "source" else "targets"].append(r.name)
            row["source_ids" if r.role == "source" else "target_ids"].append(r.actor_id)
        cl = S.claimants.c
        for r in conn.execute(select(cl.event_pk, cl.text, cl.kind).where(cl.event_pk.in_(chunk))
                              .order_by(cl.event_pk, cl.position)):
            by_pk[r.event_pk]["claimants"].append(f"{r.text} ({r.kind})")
    return [{k: r[k] for k in EVENT_COLUMNS} for r in rows]


EVENT_COLUMNS = ("id", "article_id", "day", "type", "mode", "sources", "targets", "place", "country", "lat", "lon",
                 "fatalities", "status", "claimants", "cameo", "acled_event_type", "acled_sub_event_type",
                 "date_value", "date_precision", "date_earliest", "date_latest", "confidence", "trigger", "evidence",
                 "published", "outlet", "title", "url", "source_ids", "target_ids", "pipeline_version")


def actors(conn: Connection, fts: bool, **filters: Any) -> list[dict[str, Any]]:
    _allowed(filters, ACTOR_FILTERS)
    f = check_filters(filters)
    ac, ea, m = S.actors.c, S.event_actors.c, S.mentions.c
    ev_conds = _event_conditions({k: v for k, v in f.items() if k != "actor"}, fts, country=False)
    # without event filters the counts come from event_actors alone (its covering index), not a join
    roles = S.event_actors.join(S.events, S.events.c.pk == ea.event_pk) if ev_conds else S.event_actors
    n_events = (select(func.count(func.distinct(ea.event_pk))).select_from(roles)
                .where(ea.actor_id == ac.id, *ev_conds).scalar_subquery())
    n_source = (select(func.count(func.distinct(ea.event_pk))).select_from(roles)
                .where(ea.actor_id == ac.id, ea.role == "source", *ev_conds).scalar_subquery())
    n_articles = (select(func.count(func.distinct(m.article_id)))
                  .where(m.kind == "actor", m.ref == ac.id).scalar_subquery())
    q = select(ac.id, ac.name, ac.country, ac.sector, ac.kind, ac.known, ac.affiliations,
               n_events.label("events"), n_source.label("as_source"), n_articles.label("articles"))
    if "actor" in f:
        q = q.where(ac.id.in_(_actor_ids(f["actor"])))
    if "country" in f:
        q = q.where(ac.country == f["country"])
    if ev_conds:  # an event filter: only the actors of matching events
        q = q.where(exists(select(ea.event_pk).select_from(S.event_actors.join(S.events, S.events.c.pk == ea.event_pk))
                           .where(ea.actor_id == ac.id, *ev_conds)))
    q = _page(q.order_by(n_events.desc(), n_articles.desc(), ac.name, ac.id), f)
    out = []
    for r in conn.execute(q):
        d = dict(r._mapping)
        d["known"] = bool(d["known"])
        d["affiliations"] = json.loads(d["affiliations"] or "[]")
        out.append(d)
    return out


def articles(conn: Connection, fts: bool, **filters: Any) -> list[dict[str, Any]]:
    _allowed(filters, ARTICLE_FILTERS)
    f = check_filters(filters)
    a, e, m = S.articles.c, S.events.c, S.mentions.c
    q = select(a.id, a.published, a.outlet, a.title, a.url, a.source_id, a.language, a.n_events.label("events"),
               a.loaded_at, a.pipeline_version)
    if "since" in f:
        q = q.where(a.published >= f["since"])
    if "until" in f:
        q = q.where(a.published <= f["until"])
    if "search" in f:
        q = q.where(a.id.in_(_matching_articles(f["search"], fts)))
    if "actor" in f:
        q = q.where(a.id.in_(select(m.article_id).where(m.kind == "actor", m.ref.in_(_actor_ids(f["actor"])))))
    if "country" in f:
        q = q.where(a.id.in_(select(m.article_id).join(S.places, S.places.c.id == m.ref)
                             .where(m.kind == "place", S.places.c.country == f["country"])))
    ev = [c for c in (e.type == f["type"] if "type" in f else None,
                      e.status == f["status"] if "status" in f else None) if c is not None]
    if ev:
        q = q.where(a.id.in_(select(e.article_id).where(*ev)))
    q = _page(q.order_by(a.published.desc().nulls_last(), a.id), f)
    return [dict(r._mapping) for r in conn.execute(q)]


INCIDENT_FILTERS = ("actor", "type", "country", "since", "until", "min_sources", "near", "limit", "offset", "id")


def _figure(q: dict[str, Any]) -> str:
    lo, hi = q.get("min"), q.get("max")
    if lo is not None and hi is not None:
        value = str(lo) if lo == hi else f"{lo}-{hi}"
    elif lo is not None:
        value = f"{lo}+"
    elif hi is not None:
        value = f"<={hi}"
    else:
        value = "?"
    return f"{value} ({q.get('outlet') or q.get('article_id', '')[:12]})"


def incidents(conn: Connection, **filters: Any) -> list[dict[str, Any]]:
    """Incidents, newest first. `type` matches any report's type; `country` the incident's; since/until its
    date window; `min_sources` the number of distinct outlets."""
    _allowed(filters, INCIDENT_FILTERS)
    incident_id = filters.get("id")
    f = check_filters({k: v for k, v in filters.items() if k != "id"})
    min_sources = f.get("min_sources")
    i, ir, e, a = S.incidents.c, S.incident_reports.c, S.events.c, S.articles.c
    q = select(S.incidents)
    if incident_id is not None:
        try:
            q = q.where(i.id == int(incident_id))
        except (TypeError, ValueError):
            raise ConfigError(f"id: {incident_id!r} is not an incident number") from None
    if "near" in f:
        q = q.where(_near_condition(i.lat, i.lon, f["near"]))
    if "actor" in f:  # any report names the actor (as source or target)
        ea = S.event_actors.c
        q = q.where(exists(select(ir.event_pk).join(S.event_actors, ea.event_pk == ir.event_pk)
                           .where(ir.incident_id == i.id, ea.actor_id.in_(_actor_ids(f["actor"])))))
    if "type" in f:
        q = q.where(exists(select(ir.event_pk).join(S.events, e.pk == ir.event_pk)
                           .where(ir.incident_id == i.id, e.type == f["type"])))
    if "country" in f:
        q = q.where(i.country == f["country"])
    if "since" in f:
        q = q.where(func.coalesce(i.date_latest, i.day) >= f["since"])
    if "until" in f:
        q = q.where(i.day <= f["until"])
    if min_sources:
        q = q.where(i.sources_count >= min_sources)
    q = _page(q.order_by(i.day.desc().nulls_last(), i.sources_count.desc(), i.id), f)
    rows = [dict(r._mapping) for r in conn.execute(q)]
    if not rows:
        return rows
    by_id = {r["id"]: r for r in rows}
    for r in rows:
        r["reports"] = []
    ids = list(by_id)
    for chunk in (ids[k:k + 500] for k in range(0, len(ids), 500)):
        for r in conn.execute(select(ir.incident_id, e.id, e.article_id, e.type, e.status, a.outlet, a.published,
                                     a.title)
                              .select_from(S.incident_reports.join(S.events, e.pk == ir.event_pk)
                                           .join(S.articles, a.id == e.article_id))
                              .where(ir.incident_id.in_(chunk)).order_by(ir.incident_id, e.pk)):
            by_id[r.incident_id]["reports"].append(
                {"event_id": r.id, "article_id": r.article_id, "type": r.type, "status": r.status,
                 "outlet": r.outlet, "published": r.published, "title": r.title})
    out = []
    for r in rows:
        details = {k: json.loads(r[k] or "null") for k in ("source_actors", "target_actors", "outlets", "claimants",
                                                           "quantities", "fatalities", "dates", "places",
                                                           "statuses", "conflicts")}
        figures = []
        if r["fatalities_best"] is not None:  # ACLED's rule: the lowest credible report, the range beside it
            lo, hi = r["fatalities_low"], r["fatalities_high"]
            figures.append(f"killed (headline): {r['fatalities_best']}"
                           + (f" (reports say {lo} to {hi})" if lo is not None and hi is not None and hi != lo else ""))
        figures += [f"{what}: {_figure(q)}" for what, qs in (details["quantities"] or {}).items() for q in qs]
        figures += [f"killed: {_figure({'min': x['value'], 'max': x['value'], **x})}"
                    for x in details["fatalities"] or []]
        out.append({
            "id": r["id"], "day": r["day"], "date_latest": r["date_latest"], "type": r["type"], "mode": r["mode"],
            "place": r["place"], "country": r["country"], "lat": r["lat"], "lon": r["lon"],
            "reports_count": r["reports_count"], "articles_count": r["articles_count"],
            "sources_count": r["sources_count"], "claimants_count": r["claimants_count"],
            "single_source": bool(r["single_source"]), "unknown_sources": r["unknown_sources"] or 0,
            "fatalities_best": r["fatalities_best"], "fatalities_low": r["fatalities_low"],
            "fatalities_high": r["fatalities_high"], "carried_by": json.loads(r["carried_by"] or "[]"),
            "figures": figures, "conflicts": details["conflicts"],
            "first_published": r["first_published"], "last_published": r["last_published"],
            **{k: details[k] for k in ("source_actors", "target_actors", "outlets", "claimants", "quantities",
                                       "fatalities", "dates", "places", "statuses")},
            "reports": r["reports"],
        })
    return out


def article(conn: Connection, article_id: str) -> dict[str, Any] | None:
    """One article with its whole annotation (`annotation`: the output contract, as extracted), or None."""
    a = S.articles.c
    r = conn.execute(select(a.id, a.published, a.outlet, a.title, a.url, a.byline, a.source_id, a.language,
                            a.n_events.label("events"), a.loaded_at, a.pipeline_version, a.text, a.data)
                     .where(a.id == str(article_id))).first()
    if r is None:
        return None
    d = dict(r._mapping)
    d["annotation"] = json.loads(d.pop("data"))
    return d


def known_ids(conn: Connection, ids: list[str], version: str | None = None) -> set[str]:
    """Which of `ids` are stored (as articles, annotated by `version` when given, or as rejections)."""
    found: set[str] = set()
    a, rj = S.articles.c, S.rejections.c
    for k in range(0, len(ids), 500):
        chunk = ids[k:k + 500]
        q = select(a.id).where(a.id.in_(chunk))
        if version is not None:
            q = q.where(a.pipeline_version == version)
        found.update(x for (x,) in conn.execute(q))
        found.update(x for (x,) in conn.execute(select(rj.article_id).where(rj.article_id.in_(chunk))))
    return found


# ------------------------------------------------------------------------------ for the HTTP API (eventwire.api)
TIMELINE_FILTERS = ("actor", "type", "country", "since", "until", "status", "search", "near", "min_sources")


def timeline(conn: Connection, fts: str | bool, **filters: Any) -> list[dict[str, Any]]:
    """Events per day and type, counted in SQL (GROUP BY day, type), oldest day first; the event filters of
    `events` (no limit/offset). Events without any date (no date and no publication date) have day None."""
    _allowed(filters, TIMELINE_FILTERS)
    f = check_filters(filters)
    e = S.events.c
    q = (select(e.day, e.type, func.count().label("count"))
         .where(*_event_conditions(f, fts))
         .group_by(e.day, e.type).order_by(e.day, e.type))
    return [{"day": r.day, "type": r.type, "count": r.count} for r in conn.execute(q)]


def facets(conn: Connection) -> dict[str, Any]:
    """What the stored events cover: the countries they happen in (ISO3, sorted) and their first and last day."""
    e = S.events.c
    countries = [c for (c,) in conn.execute(select(e.country).where(e.country.is_not(None))
                                            .group_by(e.country).order_by(e.country))]
    lo, hi = conn.execute(select(func.min(e.day), func.max(e.day))).one()
    return {"countries": countries, "date_range": {"min": lo, "max": hi}}


def change_token(conn: Connection) -> tuple[Any, ...]:
    """A cheap value that changes when articles are added or re-annotated (for caches over the store): the
    newest article number, the article and event counts, the newest event, relation and incident keys (index
    lookups: about 2 ms on 100,000 events)."""
    a, e, r, i = S.articles.c, S.events.c, S.relations.c, S.incidents.c
    return tuple(conn.execute(select(func.max(a.docno), func.count(a.docno),
                                     select(func.count()).select_from(S.events).scalar_subquery(),
                                     select(func.max(e.pk)).scalar_subquery(),
                                     select(func.max(r.pk)).scalar_subquery(),
                                     select(func.max(i.id)).scalar_subquery())).one())
