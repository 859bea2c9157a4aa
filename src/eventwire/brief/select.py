"""What a brief is made of: the incidents of a window and their reports, read from the store in a few queries.

An incident belongs to a window when its dates overlap the window or when it was first reported (published) in
it: a report published this week about a withdrawal in October is news this week. The filters:

    countries  ISO3 codes: the incident happened there; an incident without a place belongs to the theatre of the
               articles that report it (the country most of their placed events happen in)
    actors     ids or parts of names (case-insensitive): any report names the actor as source or target
    near       (lat, lon, km): the incident's point lies within km of the point (haversine)

Everything here returns typed records (`IncidentView`, `ReportView`); the sentences are made in `compose`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Sequence

from sqlalchemy import and_, func, or_, select
from sqlalchemy.engine import Connection

from eventwire.errors import ConfigError
from eventwire.gazetteer import haversine_km
from eventwire.store import schema as S

NOT_HAPPENED = frozenset({"negated", "hypothetical"})  # statuses that report nothing that happened
CHUNK = 500


@dataclass(frozen=True)
class Window:
    since: str  # YYYY-MM-DD, inclusive
    until: str  # YYYY-MM-DD, inclusive

    @property
    def days(self) -> int:
        return (dt.date.fromisoformat(self.until) - dt.date.fromisoformat(self.since)).days + 1

    def previous(self) -> "Window":
        """The window of the same length that ends the day before this one starts."""
        start = dt.date.fromisoformat(self.since)
        return Window((start - dt.timedelta(days=self.days)).isoformat(), (start - dt.timedelta(days=1)).isoformat())


@dataclass(frozen=True)
class Filters:
    countries: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    near: tuple[float, float, float] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"country": list(self.countries), "actor": list(self.actors),
                "near": list(self.near) if self.near else None}


@dataclass
class ActorRef:
    id: str
    name: str  # what a sentence calls it: the knowledge base's name, or the words of the text for a generic actor
    country: str | None = None


@dataclass
class ReportView:
    """One stored event that reports an incident, with what the sentences need and the span behind it."""

    pk: int
    event_id: str
    article_id: str
    outlet: str | None
    published: str | None
    title: str | None
    type: str
    mode: str | None
    status: str
    day: str | None
    date_value: str | None
    date_precision: str | None
    place: str | None
    country: str | None
    fatalities: int | None
    quantities: list[dict[str, Any]]
    evidence: str | None
    start: int | None
    end: int | None
    sources: list[ActorRef] = field(default_factory=list)
    targets: list[ActorRef] = field(default_factory=list)
    claimants: list[str] = field(default_factory=list)

    def span(self) -> dict[str, Any] | None:
        if self.start is None or self.end is None:
            return None
        return {"article_id": self.article_id, "start": self.start, "end": self.end, "outlet": self.outlet}


@dataclass
class IncidentView:
    id: int
    type: str
    mode: str | None
    country: str | None
    place: str | None
    lat: float | None
    lon: float | None
    day: str | None
    date_latest: str | None
    first_published: str | None
    sources_count: int
    single_source: bool
    outlets: list[str]
    statuses: list[str]
    conflicts: list[str]
    fatalities: list[dict[str, Any]]  # every report's figure, side by side: {value, event_id, article_id, outlet}
    quantities: dict[str, list[dict[str, Any]]]
    fatalities_best: int | None = None  # the headline figure (the lowest credible report)
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    reports: list[ReportView] = field(default_factory=list)

    @property
    def happened(self) -> list[ReportView]:
        """The reports that say it happened (not negated, not hypothetical)."""
        return [r for r in self.reports if r.status not in NOT_HAPPENED]


def fatality_range(inc: IncidentView) -> tuple[int | None, int | None, int | None]:
    """(best, low, high) of an incident's fatality figures, as the store's incident rule keeps them
    (`eventwire.corroborate`: the lowest credible report is the headline figure, with the range of credible
    reports beside it); figures are never added."""
    return inc.fatalities_best, inc.fatalities_low, inc.fatalities_high


def credible_figures(inc: IncidentView) -> list[dict[str, Any]]:
    """The incident's fatality reports that its headline figure counts (status credible, within the range)."""
    from eventwire.corroborate.sources import CREDIBLE

    lo, hi = inc.fatalities_low, inc.fatalities_high
    return [f for f in inc.fatalities if f.get("value") is not None and f.get("status", "reported") in CREDIBLE
            and lo is not None and hi is not None and lo <= f["value"] <= hi]


# ---------------------------------------------------------------------------------------------------- queries


def _in_window(w: Window) -> Any:
    i = S.incidents.c
    happened = and_(i.day <= w.until, func.coalesce(i.date_latest, i.day) >= w.since)
    reported = and_(i.first_published >= w.since, i.first_published <= w.until)
    return or_(happened, reported)


def _theatres(conn: Connection, article_ids: Sequence[str]) -> dict[str, str]:
    """Each article's theatre: the country most of its placed events happen in (ties: alphabetical)."""
    e = S.events.c
    counts: dict[str, Counter] = defaultdict(Counter)
    ids = sorted(set(article_ids))
    for k in range(0, len(ids), CHUNK):
        q = (select(e.article_id, e.country, func.count()).where(e.article_id.in_(ids[k:k + CHUNK]),
                                                                 e.country.is_not(None))
             .group_by(e.article_id, e.country))
        for aid, country, n in conn.execute(q):
            counts[aid][country] += n
    return {aid: sorted(c.items(), key=lambda x: (-x[1], x[0]))[0][0] for aid, c in counts.items() if c}


def _actor_names(conn: Connection, ids: set[str]) -> dict[str, tuple[str, str | None]]:
    a = S.actors.c
    out: dict[str, tuple[str, str | None]] = {}
    ordered = sorted(ids)
    for k in range(0, len(ordered), CHUNK):
        for r in conn.execute(select(a.id, a.name, a.country).where(a.id.in_(ordered[k:k + CHUNK]))):
            out[r.id] = (r.name, r.country)
    return out


def is_generic(actor_id: str) -> bool:
    """A context-typed actor ("IRQ:REB:fighter", "SYR:MIL") rather than a knowledge-base entry or a country."""
    return ":" in actor_id


def display_name(actor_id: str, name: str | None, mention: str | None) -> str:
    """What a sentence calls an actor: a generic actor by the words of the text ("Iraqi fighters"), a known one by
    its knowledge-base name."""
    if is_generic(actor_id) and mention:
        words = " ".join(mention.split())
        for lead in ("the ", "The "):
            if words.startswith(lead):
                words = words[len(lead):]
        return words
    return name or actor_id


def _reports(conn: Connection, incident_ids: Sequence[int]) -> dict[int, list[ReportView]]:
    ir, e, a, p = S.incident_reports.c, S.events.c, S.articles.c, S.places.c
    out: dict[int, list[ReportView]] = defaultdict(list)
    by_pk: dict[int, ReportView] = {}
    ids = list(incident_ids)
    for k in range(0, len(ids), CHUNK):
        q = (select(ir.incident_id, e.pk, e.id, e.article_id, a.outlet, a.published, a.title, e.type, e.mode,
                    e.status, e.day, e.date_value, e.date_precision, p.name.label("place"), e.country,
                    e.fatalities, e.quantities, e.evidence, e.evidence_start, e.evidence_end)
             .select_from(S.incident_reports.join(S.events, e.pk == ir.event_pk)
                          .join(S.articles, a.id == e.article_id).outerjoin(S.places, p.id == e.place_id))
             .where(ir.incident_id.in_(ids[k:k + CHUNK])).order_by(ir.incident_id, e.pk))
        for r in conn.execute(q):
            rep = ReportView(pk=r.pk, event_id=r.id, article_id=r.article_id, outlet=r.outlet, published=r.published,
                             title=r.title, type=r.type, mode=r.mode, status=r.status, day=r.day,
                             date_value=r.date_value, date_precision=r.date_precision, place=r.place,
                             country=r.country, fatalities=r.fatalities,
                             quantities=json.loads(r.quantities or "[]"), evidence=r.evidence,
                             start=r.evidence_start, end=r.evidence_end)
            out[r.incident_id].append(rep)
            by_pk[r.pk] = rep
    pks = sorted(by_pk)
    ea, cl = S.event_actors.c, S.claimants.c
    roles: list[tuple[int, str, str, str | None]] = []
    for k in range(0, len(pks), CHUNK):
        chunk = pks[k:k + CHUNK]
        roles += [(r.event_pk, r.role, r.actor_id, r.text) for r in conn.execute(
            select(ea.event_pk, ea.role, ea.actor_id, ea.text).where(ea.event_pk.in_(chunk))
            .order_by(ea.event_pk, ea.role, ea.position))]
        for r in conn.execute(select(cl.event_pk, cl.text).where(cl.event_pk.in_(chunk))
                              .order_by(cl.event_pk, cl.position)):
            by_pk[r.event_pk].claimants.append(" ".join(r.text.split()))
    names = _actor_names(conn, {x[2] for x in roles})
    for pk, role, actor_id, mention in roles:
        name, country = names.get(actor_id, (actor_id, None))
        ref = ActorRef(actor_id, display_name(actor_id, name, mention), country)
        group = by_pk[pk].sources if role == "source" else by_pk[pk].targets
        if all(x.id != actor_id for x in group):
            group.append(ref)
    return out


def _actor_match(reports: list[ReportView], needles: tuple[str, ...], names: dict[str, tuple[str, Any]]) -> bool:
    for r in reports:
        for ref in (*r.sources, *r.targets):
            full = (names.get(ref.id, (ref.name, None))[0] or "").lower()
            for n in needles:
                n = n.lower()
                if ref.id.lower() == n or n in full or n in ref.name.lower():
                    return True
    return False


def incidents(conn: Connection, window: Window, filters: Filters) -> list[IncidentView]:
    """The incidents of `window` that pass `filters`, each with its reports (in store order)."""
    i = S.incidents.c
    q = select(S.incidents).where(_in_window(window))
    if filters.countries:
        q = q.where(or_(i.country.in_(list(filters.countries)), i.country.is_(None)))
    rows = [r._mapping for r in conn.execute(q.order_by(i.id))]
    if filters.near:
        lat, lon, km = filters.near
        rows = [r for r in rows if r["lat"] is not None and r["lon"] is not None
                and haversine_km(lat, lon, r["lat"], r["lon"]) <= km]
    reports = _reports(conn, [r["id"] for r in rows])
    if filters.countries:
        unplaced = [rep.article_id for r in rows if r["country"] is None for rep in reports.get(r["id"], [])]
        theatre = _theatres(conn, unplaced)
        keep = set(filters.countries)
        rows = [r for r in rows if r["country"] in keep or (
            r["country"] is None and any(theatre.get(rep.article_id) in keep for rep in reports.get(r["id"], [])))]
    out = [_view(r, reports.get(r["id"], [])) for r in rows]
    if filters.actors:
        out = [v for v in out if matches_actor(conn, v, filters.actors)]
    return out


def _view(r: Any, reports: list[ReportView]) -> IncidentView:
    return IncidentView(
        id=r["id"], type=r["type"], mode=r["mode"], country=r["country"], place=r["place"], lat=r["lat"],
        lon=r["lon"], day=r["day"], date_latest=r["date_latest"], first_published=r["first_published"],
        sources_count=r["sources_count"], single_source=bool(r["single_source"]),
        outlets=json.loads(r["outlets"] or "[]"), statuses=json.loads(r["statuses"] or "[]"),
        conflicts=json.loads(r["conflicts"] or "[]"), fatalities=json.loads(r["fatalities"] or "[]"),
        quantities=json.loads(r["quantities"] or "{}"), fatalities_best=r["fatalities_best"],
        fatalities_low=r["fatalities_low"], fatalities_high=r["fatalities_high"], reports=reports)


def matches_actor(conn: Connection, inc: IncidentView, needles: Sequence[str]) -> bool:
    """Does any report name one of the actors (an id, or part of a name, case-insensitive)?"""
    ids = {ref.id for rep in inc.reports for ref in (*rep.sources, *rep.targets)}
    return _actor_match(inc.reports, tuple(needles), _actor_names(conn, ids))


def incidents_by_id(conn: Connection, ids: Sequence[int]) -> list[IncidentView]:
    """The incidents `ids` that exist (a dissolved one is left out), with their reports, in id order."""
    i = S.incidents.c
    wanted = sorted(set(ids))
    rows = []
    for k in range(0, len(wanted), CHUNK):
        rows += [r._mapping for r in conn.execute(select(S.incidents).where(i.id.in_(wanted[k:k + CHUNK])))]
    reports = _reports(conn, [r["id"] for r in rows])
    return [_view(r, reports.get(r["id"], [])) for r in sorted(rows, key=lambda r: r["id"])]


def actor_mention(conn: Connection, article_id: str, actor_id: str, start: int | None, end: int | None
                  ) -> dict[str, Any] | None:
    """The first mention of an actor in an article (inside [start, end) when given): {text, start, end}."""
    m = S.mentions.c
    q = select(m.text, m.start, m.end).where(m.article_id == article_id, m.kind == "actor", m.ref == actor_id)
    if start is not None and end is not None:
        q = q.where(m.start >= start, m.end <= end)
    r = conn.execute(q.order_by(m.start).limit(1)).first()
    return {"text": r.text, "start": r.start, "end": r.end} if r else None


def spans(conn: Connection, *, event_pks: Sequence[int] = (), relation_pks: Sequence[int] = ()
          ) -> dict[tuple[str, int], dict[str, Any]]:
    """Evidence spans of stored events and relations: {("event"|"relation", pk): {article_id, start, end,
    outlet}}."""
    e, rl, a = S.events.c, S.relations.c, S.articles.c
    out: dict[tuple[str, int], dict[str, Any]] = {}
    for kind, table, c, pks in (("event", S.events, e, event_pks), ("relation", S.relations, rl, relation_pks)):
        ordered = sorted(set(pks))
        for k in range(0, len(ordered), CHUNK):
            q = (select(c.pk, c.article_id, c.evidence_start, c.evidence_end, a.outlet)
                 .select_from(table.join(S.articles, a.id == c.article_id)).where(c.pk.in_(ordered[k:k + CHUNK])))
            for r in conn.execute(q):
                if r.evidence_start is not None and r.evidence_end is not None:
                    out[(kind, r.pk)] = {"article_id": r.article_id, "start": r.evidence_start,
                                         "end": r.evidence_end, "outlet": r.outlet}
    return out


def check_window(since: str | None, until: str | None) -> Window:
    """since/until as a Window (both required, YYYY-MM-DD, since <= until); ConfigError otherwise."""
    if not since or not until:
        raise ConfigError("a brief needs --since and --until (YYYY-MM-DD)")
    try:
        a, b = dt.date.fromisoformat(str(since)), dt.date.fromisoformat(str(until))
    except ValueError:
        raise ConfigError(f"since/until: {since!r}, {until!r}: dates in the form YYYY-MM-DD") from None
    if b < a:
        raise ConfigError(f"since {a} is after until {b}")
    if (b - a).days > 3660:
        raise ConfigError("a brief covers at most ten years")
    return Window(a.isoformat(), b.isoformat())
