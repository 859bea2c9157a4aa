"""Corroboration: reports of one happening across articles join one incident that keeps every report.

An event stored from an article is a *report*. Each report belongs to exactly one *incident*. A new report is
matched against the incidents its candidate index finds (`index`: the incidents whose (day, lat, lon) box meets
the report's, of a compatible type and country, with fewer than MAX_REPORTS reports); the same-happening model
(`rule`) scores it against each candidate's reports (its newest COMPARED), and the report joins the candidate with
the best mean score when no report of it rules the new one out (a report of its own article does, unless the two
are `rule.one_mention`), the mean reaches `rule.THRESHOLD`, and at least one report shares something specific
with it (an actor, or a place within 30 km). A candidate holding the same event retold by a syndicated copy
(`rule.retold`) comes first; where none near qualifies, the incidents of its days anywhere whose reports name its
place are looked at (`_match`). Otherwise it starts a new incident. Incidents are never merged, so there are no
single-linkage chains.

An incident records the number of reports and articles; its *independent sources* (`sources`: each outlet once,
syndicated and near-duplicate texts once, texts with no named outlet counted apart as `unknown_sources`); its
independent claimants (distinct claimant kind + text across reports; an anonymous claimant counts once per
independent text, so "a security source" in two outlets' own reporting is two claimants); `single_source` when
at most one named outlet reports it. Details the reports give are kept side by side, never averaged: every
quantity per counted noun (`what`), every fatality figure, every date, every place, every status; `conflicts`
names the details on which the reports disagree. The headline fatality count is ACLED's: the lowest credible
report, with the range beside it (`sources.headline_fatalities`), never a sum.

Incidents are computed at load time, in the same transaction as the events (`assign`); loading an article again
changes nothing (the store skips duplicates, noting a further outlet that carried the same text); re-annotating an
article detaches it (`detach`: every incident it reported is dissolved and its other reports are matched again,
in their original order) before the new events are matched. `rebuild` recomputes every incident from scratch
(after a migration that changes them, and `eventwire reindex`).
"""

from __future__ import annotations

import weakref
from typing import Any, Callable, Iterable, Sequence

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection

from eventwire.corroborate import index
from eventwire.corroborate.read import reports as _reports
from eventwire.corroborate.refresh import refresh
from eventwire.corroborate.rule import (  # noqa: F401 - the model's names, re-exported
    COARSE_FEATURES, DATE_WINDOW_DAYS, MAX_DISTANCE_KM, THRESHOLD, Report, actor_score, family, incident_score,
    place_score, retold, same_happening, score, veto,
)
from eventwire.corroborate.sources import headline_fatalities, independent_sources, signature  # noqa: F401
from eventwire.geo import haversine_km  # noqa: F401
from eventwire.store import schema as S

# v6: two reports whose sides are crossed (each one's perpetrator the other's target) score as CROSSED_ROLES, one
# fight told from either side (rule.actor_score); v5: two mentions of one happening in one article share its incident, and so do a denial and the denier's account
# (rule.one_mention); a syndicated copy's events follow its original's (rule.retold); a place name both texts
# give outweighs a gazetteer reading of it far away (rule.misread); a report placed no finer than a province is
# placed by the names its article gives elsewhere (v4: a state and its own organs are one side; v3: the scored
# model, average linkage)
VERSION = "eventwire.corroborate.v6"
# An incident takes at most this many reports; a further report of the same happening starts a new incident. A
# happening carried by hundreds of outlets is rare; 10,000 near-identical texts (a spam wave, a syndication loop)
# would otherwise make one incident whose every new report is compared with all the others, slowing the load.
MAX_REPORTS = 500
COMPARED = 20  # a new report is scored against an incident's newest COMPARED reports
# ... of at most MAX_CANDIDATES incidents whose boxes meet its own, the newest first: a store dense with unplaced
# incidents of one kind in one week (every one a candidate everywhere) must not make each lookup read them all
MAX_CANDIDATES = 25
SPECIFIC_ACTOR = 0.6  # what "shares something specific" means: an actor score at least this ...
SPECIFIC_PLACE = 0.65  # ... or a place score at least this (fine places within 30 km)


def specific(a: Report, b: Report) -> bool:
    """Do two reports share an actor or a place, beyond a type, a country and a date?"""
    return actor_score(a, b) >= SPECIFIC_ACTOR or place_score(a, b) >= SPECIFIC_PLACE


def _candidates(conn: Connection, rep: Report, *, anywhere: bool = False) -> dict[int, list[tuple[int, str]]]:
    """Candidate incidents (oldest first) with their newest COMPARED reports, as (event pk, article id). The box
    index is asked first,
    on its own: joined to the incidents, SQLite would walk every incident of the type and probe the R*Tree for
    each, a cost that grows with the store. `anywhere`: the incidents of the report's type family and days, at any
    point and in any country (`_match`'s second look, for a place name read as another place)."""
    i, ir = S.incidents.c, S.incident_reports.c
    box = index.query_box(rep)
    if anywhere:
        box = (box[0], *index.EVERYWHERE, box[3], index.ANY_COUNTRY)
    boxed = [iid for (iid,) in conn.execute(select(index.boxes.c.id).where(index.meets(conn, box))
                                            .order_by(index.boxes.c.id.desc()).limit(MAX_CANDIDATES))]
    if not boxed:
        return {}
    found: dict[int, list[tuple[int, str]]] = {}
    types = family(rep.type)
    country = None if anywhere else rep.country
    # the type, size and country are tested here, not in SQL: there the planner read the incidents through the
    # type index (every incident of the type in the store, 60 ms a lookup at 100,000 events) instead of the few
    # boxed ones by their ids
    kept = [iid for iid, typ, n, cty in conn.execute(select(i.id, i.type, i.reports_count, i.country)
                                                      .where(i.id.in_(boxed)))
            if typ in types and n < MAX_REPORTS and (country is None or cty is None or cty == country)]
    if kept:
        for iid, pk, aid in conn.execute(select(ir.incident_id, ir.event_pk, ir.article_id)
                                         .where(ir.incident_id.in_(kept))
                                         .order_by(ir.incident_id, ir.event_pk.desc())):
            pks = found.setdefault(iid, [])
            if len(pks) < COMPARED:
                pks.append((pk, aid))
    return dict(sorted(found.items()))


def best_incident(rep: Report, candidates: dict[int, list[Report]]) -> tuple[int | None, float]:
    """The candidate `rep` joins (the best mean score, the oldest on a tie), and that score; (None, best) when none
    qualifies. Pure: the model's decision over reports already read. An incident holding the same event retold
    in the same sentence by another article (`rule.retold`: a syndicated copy) is where `rep` goes, if nothing
    in it rules `rep` out: a copy's events follow its original's."""
    copies = {iid: s for iid, members in candidates.items() if any(retold(rep, m) for m in members)
              for s in [incident_score(rep, members)] if s is not None}
    if copies:
        iid = min(copies, key=lambda i: (-copies[i], i))
        return iid, copies[iid]
    best: tuple[int | None, float] = (None, 0.0)
    for iid, members in candidates.items():
        s = incident_score(rep, members)
        if s is None or s < THRESHOLD or not any(specific(rep, m) for m in members):
            continue
        if best[0] is None or s > best[1] + 1e-9:
            best = (iid, s)
    return best


# Reports read while matching, remembered across writes (one cache per engine, at most CACHE_SIZE reports): a
# stream of articles about one week compares its new events with the same stored reports batch after batch. A
# stored event never changes; it can only be deleted (its article re-annotated), and its number then reused by
# another article's event. So an entry is keyed by the event's number AND its article, both read from the
# incident's report list at each lookup: a number reused by another article misses. This process's own
# deletions clear the cache (`forget`).
_CACHES: "weakref.WeakKeyDictionary[Any, dict[tuple[int, str], Report]]" = weakref.WeakKeyDictionary()
CACHE_SIZE = 100_000


def _cached_reports(conn: Connection, keys: list[tuple[int, str]]) -> dict[int, Report]:
    """The reports of `keys` (event pk, article id), read once and remembered (see _CACHES)."""
    cache = _CACHES.setdefault(conn.engine, {})
    found = {k[0]: rep for k in keys if (rep := cache.get(k)) is not None}
    missing = [pk for pk, _ in keys if pk not in found]
    if missing:
        if len(cache) + len(missing) > CACHE_SIZE:
            cache.clear()
        wanted = dict(keys)
        for pk, rep in _reports(conn, missing).items():
            if wanted.get(pk) == rep.article_id:
                cache[(pk, rep.article_id)] = rep
                found[pk] = rep
    return found


def forget(conn: Connection) -> None:
    """Drop the remembered reports: this process is deleting stored events (a re-annotation, a failed article's
    rollback), whose numbers may be reused."""
    _CACHES.pop(conn.engine, None)


def _match(conn: Connection, rep: Report) -> int | None:
    """The incident `rep` joins, or None. Where none near it qualifies and its sentence names a fine place, the
    incidents of its type and days elsewhere are looked at too, but only those whose reports name that place: the
    gazetteer may have read one report's "Avondale" or "Adre" as a namesake far away, and the texts still agree."""
    got = _best(conn, rep, _candidates(conn, rep))
    if got is None and rep.names:
        got = _best(conn, rep, _candidates(conn, rep, anywhere=True), named=True)
    return got


def _best(conn: Connection, rep: Report, found: dict[int, list[tuple[int, str]]], *, named: bool = False
          ) -> int | None:
    if not found:
        return None
    reports = _cached_reports(conn, [k for keys in found.values() for k in keys])
    members = {iid: [reports[pk] for pk, _ in keys if pk in reports] for iid, keys in found.items()}
    if named:
        members = {iid: ms for iid, ms in members.items() if any(rep.names & m.names for m in ms)}
    return best_incident(rep, members)[0]


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
                articles_count=0, sources_count=0, claimants_count=0, single_source=True, unknown_sources=0,
            ).returning(i.id)).scalar_one()
            created += 1
            index.add(conn, iid, index.report_box(rep))
        else:
            joined += 1
            index.grow(conn, iid, index.report_box(rep))
            if lo is not None:  # keep the incident's envelope right until it is refreshed
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


def incidents_of(conn: Connection, article_id: str) -> list[int]:
    ir = S.incident_reports.c
    return [i for (i,) in conn.execute(select(ir.incident_id).where(ir.article_id == article_id).distinct())]


def detach(conn: Connection, article_id: str) -> list[int]:
    """Take an article's reports out of the incidents (before its events are deleted): every incident it
    reported is dissolved; returns the pks of the other events of those incidents, to be assigned again."""
    ir = S.incident_reports.c
    ids = incidents_of(conn, article_id)
    others = [pk for (pk,) in conn.execute(select(ir.event_pk).where(ir.incident_id.in_(ids),
                                                                    ir.article_id != article_id)
                                           .order_by(ir.event_pk))] if ids else []
    forget(conn)  # the article's events are about to be deleted, and their numbers may be reused
    if ids:
        conn.execute(delete(S.incident_reports).where(ir.incident_id.in_(ids)))
        conn.execute(delete(S.incidents).where(S.incidents.c.id.in_(ids)))
        index.remove(conn, ids)
    return others


REBUILD_CHUNK = 500  # events assigned between two progress reports


def rebuild(conn: Connection, progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Recompute every incident from the stored events, in the order they were stored, inside the caller's
    transaction. `progress(done, total)` is called after each chunk of events (and once at the end); the
    incidents are refreshed once, after the last chunk, as one `assign` of all events would."""
    forget(conn)
    conn.execute(delete(S.incident_reports))
    conn.execute(delete(S.incidents))
    index.remove(conn)
    pks = [pk for (pk,) in conn.execute(select(S.events.c.pk).order_by(S.events.c.pk))]
    touched: list[int] = []
    got = {"incidents": 0, "corroborated": 0}
    for start in range(0, len(pks), REBUILD_CHUNK):
        part = assign(conn, pks[start:start + REBUILD_CHUNK], touched=touched)
        got = {k: got[k] + part[k] for k in got}
        if progress is not None:
            progress(min(start + REBUILD_CHUNK, len(pks)), len(pks))
    for iid in touched:
        refresh(conn, iid)
    if progress is not None and not pks:
        progress(0, 0)
    return got


def add_carrier(conn: Connection, article_id: str, outlet: str | None, url: str | None, source_id: str | None,
                stamp: str) -> list[int]:
    """Note that `outlet` carried the exact text of a stored article; returns the incidents to refresh."""
    from eventwire.corroborate.sources import outlet_key

    a, c = S.articles.c, S.article_carriers.c
    key = outlet_key(outlet)
    if key is None:
        return []
    stored = conn.execute(select(a.outlet).where(a.id == article_id)).scalar_one_or_none()
    if outlet_key(stored) == key:
        return []
    if conn.execute(select(c.outlet).where(c.article_id == article_id, c.outlet == outlet[:200])).first():  # type: ignore[index]
        return []
    conn.execute(insert(S.article_carriers).values(article_id=article_id, outlet=outlet[:200], url=url,  # type: ignore[index]
                                                   source_id=source_id, first_seen=stamp))
    return incidents_of(conn, article_id)

