"""What the exports read from the store, and the cell rules their delimited writers share.

Every read goes through the store's query functions (`queries.events`, `queries.incidents`, bound parameters
throughout); the extra per-event details (place feature and GeoNames id, actor countries and sectors, structured
claimants, the incident each event reports) are looked up by key with SQLAlchemy Core selects in the same read
transaction.

- `events_with_details(store, filters)`: the events of `queries.events`, each with its details (one per report).
- `incidents_with_reports(store, filters)`: the incidents of `queries.incidents`, each with every one of its
  reports and their details. type, country, since and until are the incident's own; actor, status and search keep
  the incidents with at least one matching report (the filters of `eventwire events`).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any, Iterable

from sqlalchemy import select
from sqlalchemy.engine import Connection

from eventwire.store import queries
from eventwire.store import schema as S

INCIDENT_OWN_FILTERS = ("type", "country", "since", "until")
REPORT_FILTERS = ("actor", "status", "search")


def chunks(items: list, n: int = 500) -> Iterable[list]:
    for i in range(0, len(items), n):
        yield items[i:i + n]


def json_list(value: str | None) -> list:
    try:
        v = json.loads(value) if value else []
    except ValueError:
        return []
    return v if isinstance(v, list) else []


def incident_code(incident_id: int | None, country: str | None) -> str:
    """An incident's id in ACLED's style: the ISO3 code of its country and its number ("SYR12"; "XXX12" when the
    country is unknown); "" for no incident."""
    return "" if incident_id is None else f"{country or 'XXX'}{incident_id}"


def empty_details() -> dict[str, Any]:
    return {"pk": None, "context": [], "quantities": [], "evidence_start": None, "evidence_end": None,
            "geonameid": None, "admin1": None, "feature": None, "source": [], "target": [], "claimants": [],
            "incident_id": None, "incident_country": None, "loaded_at": None}


def details(conn: Connection, rows: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    """Per (article_id, event id): the event's key, context, quantities, evidence span, place, actors with their
    country and sector and mention text, structured claimants, its incident (id and country) and when its article
    was stored. Looked up by key, bound parameters only."""
    wanted = {(r["article_id"], r["id"]) for r in rows}
    e, p = S.events.c, S.places.c
    out: dict[tuple[str, str], dict[str, Any]] = {}
    by_pk: dict[int, dict[str, Any]] = {}
    for chunk in chunks(sorted({a for a, _ in wanted})):
        q = (select(e.pk, e.id, e.article_id, e.context, e.quantities, e.evidence_start, e.evidence_end,
                    p.geonames_id, p.admin1, p.feature, S.articles.c.loaded_at)
             .select_from(S.events.join(S.articles, S.articles.c.id == e.article_id)
                          .outerjoin(S.places, e.place_id == p.id))
             .where(e.article_id.in_(chunk)))
        for r in conn.execute(q):
            if (r.article_id, r.id) not in wanted:
                continue
            d = empty_details()
            d.update({"pk": r.pk, "context": json_list(r.context), "quantities": json_list(r.quantities),
                      "evidence_start": r.evidence_start, "evidence_end": r.evidence_end,
                      "geonameid": r.geonames_id, "admin1": r.admin1, "feature": r.feature,
                      "loaded_at": r.loaded_at})
            out[(r.article_id, r.id)] = d
            by_pk[r.pk] = d
    pks = sorted(by_pk)
    ea, cl, ir, inc = S.event_actors.c, S.claimants.c, S.incident_reports.c, S.incidents.c
    actor_ids: set[str] = set()
    for chunk in chunks(pks):
        for r in conn.execute(select(ea.event_pk, ea.role, ea.actor_id, ea.text).where(ea.event_pk.in_(chunk))
                              .order_by(ea.event_pk, ea.role, ea.position)):
            if r.role in ("source", "target"):
                by_pk[r.event_pk][r.role].append({"id": r.actor_id, "text": r.text})
                actor_ids.add(r.actor_id)
        for r in conn.execute(select(cl.event_pk, cl.text, cl.kind, cl.count, cl.actor_id)
                              .where(cl.event_pk.in_(chunk)).order_by(cl.event_pk, cl.position)):
            by_pk[r.event_pk]["claimants"].append(
                {"text": r.text, "kind": r.kind, "count": r.count, "actor": r.actor_id})
        for r in conn.execute(select(ir.event_pk, ir.incident_id, inc.country)
                              .select_from(S.incident_reports.join(S.incidents, inc.id == ir.incident_id))
                              .where(ir.event_pk.in_(chunk))):
            by_pk[r.event_pk].update(incident_id=r.incident_id, incident_country=r.country)
    ac = S.actors.c
    info: dict[str, dict[str, Any]] = {}
    for chunk in chunks(sorted(actor_ids)):
        for r in conn.execute(select(ac.id, ac.name, ac.country, ac.sector, ac.kind).where(ac.id.in_(chunk))):
            info[r.id] = {"name": r.name, "country": r.country, "sector": r.sector, "kind": r.kind}
    for d in out.values():
        for role in ("source", "target"):
            for a in d[role]:
                a.update(info.get(a["id"], {"name": a["id"], "country": None, "sector": None, "kind": None}))
    return out


def events_with_details(store: Any, f: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(event, details) for the events matching `f`, newest first."""
    def run(conn: Connection) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        rows = queries.events(conn, store.fts, **f)
        found = details(conn, rows)
        return [(r, found.get((r["article_id"], r["id"])) or empty_details()) for r in rows]
    return store.read(run)


def _report_rows(conn: Connection, incident_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The reports (events) of these incidents, in the order they were stored, with the fields of
    `queries.events` that the exports read, plus the article's load time."""
    e, a, p, ir = S.events.c, S.articles.c, S.places.c, S.incident_reports.c
    out: dict[int, list[dict[str, Any]]] = {}
    for chunk in chunks(incident_ids):
        q = (select(ir.incident_id, e.pk, e.id, e.article_id, e.type, e.mode, e.cameo, e.acled_event_type,
                    e.acled_sub_event_type, e.status, e.day, e.date_value, e.date_precision, e.date_earliest,
                    e.date_latest, p.name.label("place"), e.country, e.lat, e.lon, e.fatalities, e.confidence,
                    e.evidence, a.published, a.outlet, a.title, a.url, a.loaded_at)
             .select_from(S.incident_reports.join(S.events, e.pk == ir.event_pk)
                          .join(S.articles, a.id == e.article_id).outerjoin(S.places, e.place_id == p.id))
             .where(ir.incident_id.in_(chunk)).order_by(ir.incident_id, e.pk))
        for r in conn.execute(q):
            out.setdefault(r.incident_id, []).append(dict(r._mapping))
    return out


def incidents_with_reports(store: Any, f: dict[str, Any]
                           ) -> list[tuple[dict[str, Any], list[tuple[dict[str, Any], dict[str, Any]]]]]:
    """(incident, [(report, details), ...]) for the incidents matching `f`, newest first (`queries.incidents`'
    order); reports in the order they were stored."""
    inc_f = {k: f[k] for k in INCIDENT_OWN_FILTERS if k in f}
    report_f = {k: f[k] for k in REPORT_FILTERS if k in f}

    def run(conn: Connection) -> list[tuple[dict[str, Any], list[tuple[dict[str, Any], dict[str, Any]]]]]:
        rows = queries.incidents(conn, **inc_f)
        if report_f:  # incidents with at least one report (event) that matches these
            keys = {(x["article_id"], x["id"]) for x in queries.events(conn, store.fts, **report_f)}
            rows = [r for r in rows if any((x["article_id"], x["event_id"]) in keys for x in r["reports"])]
        reports = _report_rows(conn, [r["id"] for r in rows])
        found = details(conn, [x for xs in reports.values() for x in xs])
        return [(r, [(x, found.get((x["article_id"], x["id"])) or empty_details())
                     for x in reports.get(r["id"], [])]) for r in rows]
    return store.read(run)


def ranked(values: Iterable[Any]) -> list[Any]:
    """Distinct values, the most frequent first (ties: the first seen first)."""
    return [v for v, _ in Counter(v for v in values if v not in (None, "")).most_common()]


def ranked_actors(reports: list[tuple[dict[str, Any], dict[str, Any]]], role: str) -> list[dict[str, Any]]:
    """The actors in `role` ("source" or "target") across an incident's reports, the most often named first (each
    report counts an actor once; ties: the first named first)."""
    by_id: dict[str, dict[str, Any]] = {}
    ids: list[str] = []
    for _, d in reports:
        seen = set()
        for a in d[role]:
            by_id.setdefault(a["id"], a)
            if a["id"] not in seen:
                seen.add(a["id"])
                ids.append(a["id"])
    return [by_id[i] for i in ranked(ids)]


def headline_fatalities(incident: dict[str, Any]) -> dict[str, int] | None:
    """The incident's headline fatality figure (ACLED's rule, computed by corroboration and stored with the
    incident: the lowest credible report, with the range beside it; never a sum): {"best", "low", "high"}, or None
    when no report gives a figure."""
    best = incident.get("fatalities_best")
    if best is None:
        return None
    return {"best": best, "low": incident.get("fatalities_low"), "high": incident.get("fatalities_high")}


# ---------------------------------------------------------------------------------------------- cells
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|")


def text(v: Any) -> str:
    """A value as one line: None is empty, and runs of whitespace (tabs, newlines, any Unicode line or paragraph
    separator) are one space."""
    return "" if v is None else " ".join(str(v).split())


def num(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.5f}".rstrip("0").rstrip(".")
    return str(v)


def safe_cell(v: Any) -> str:
    """A cell for a CSV or TSV file that a spreadsheet may open: one line (see `text`), and a text that a
    spreadsheet would run as a formula (one starting with = + - @ or |, e.g. `=HYPERLINK(...)` in an article's
    title or URL) is prefixed with an apostrophe, as OWASP advises for CSV injection. Numbers ("-12.5") are left
    as they are."""
    s = text(v)
    if s.startswith(_FORMULA_START) and not _NUMBER.fullmatch(s):
        return "'" + s
    return s
