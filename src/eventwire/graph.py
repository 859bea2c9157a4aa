"""The alliance graph: who stands with whom, and who against whom, over the stored articles.

    from eventwire.graph import build_graph, to_json, to_graphml, edge_rows
    g = build_graph(store, since="2024-11-01", actor="Hezbollah")   # a networkx.MultiGraph
    g["IRN"]["hezbollah"]["ally"]   # {"relation": "ally", "weight": 2, "events": [...], "statements": [...]}

Nodes are actors (attributes id, name, country, sector, kind). Between two actors there are at most two edges,
keyed by their relation, "ally" or "hostile" (a pair can be both: allies who also trade accusations). The graph
is undirected: who acted on whom is kept in each piece of evidence. An edge's weight is +1 for each thing that
says ally and -1 for each that says hostile:

    events      a cooperative event (AGREE CONSULT SUPPORT CONCEDE COOPERATE AID; RETREAT is neither) or a
                conflictual one (ACCUSE REJECT THREATEN PROTEST SANCTION COERCE ASSAULT) from each source to each
                target, unless its status is negated, hypothetical or denied (the alliance-edge rule,
                `records.event_edge`, shared with `stages.relations.alliance_edges`)
    statements  explicit relations (backs, allied, leads, member_of: ally; hostile: hostile) stated in an article;
                and, as in `eventwire.stages.relations.alliance_edges`, whoever an article says backs the source of
                a cooperative event stands with its target ("backs" statements that carry the event's id too)
    affiliations  (affiliations=True) the knowledge base's ties of an actor to its backers, between actors
                that already have an edge in the graph; undated, no article

Every event or statement item carries its article id, its date and its evidence sentence. `since`/`until`
(YYYY-MM-DD) keep events whose date window overlaps them (as `eventwire events` does) and statements from
articles published within them. `actor` (an id, or part of a name, case-insensitive) keeps the ego network of
the matching actor(s), radius 1; `country` (ISO3) keeps the edges that touch an actor of that country.
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from typing import Any, Iterable

import networkx as nx
from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from eventwire.records import (
    ALLY_KINDS, ALLYING_TYPES, CONFLICTUAL, HOSTILE_KINDS, NO_EDGE_STATUSES, event_edge, relation_edge,
)
from eventwire.store import schema as S
from eventwire.store.queries import check_filters

RELATIONS = ("ally", "hostile")


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


class _Edges:
    """Evidence gathered per (pair, relation), turned into a graph at the end."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, str, str], dict[str, list[dict[str, Any]]]] = defaultdict(
            lambda: {"events": [], "statements": []})

    def add(self, a: str, b: str, relation: str, bucket: str, item: dict[str, Any]) -> None:
        if not a or not b or a == b:
            return
        x, y = _pair(a, b)
        self.items[(x, y, relation)][bucket].append(item)


def _events(conn: Connection, f: dict[str, Any], edges: _Edges) -> None:
    e, ea, art = S.events.c, S.event_actors.c, S.articles.c
    has = lambda role: select(ea.event_pk).where(ea.event_pk == e.pk, ea.role == role).exists()  # noqa: E731
    # only events with a source and a target can make an edge; rows unpacked as tuples (100,000 events)
    q = (select(e.pk, e.id, e.article_id, e.type, e.status, e.day, e.date_value, e.evidence, art.published)
         .join_from(S.events, S.articles, e.article_id == art.id)
         .where(e.type.in_(sorted(ALLYING_TYPES | CONFLICTUAL)), e.status.not_in(sorted(NO_EDGE_STATUSES)),
                has("source"), has("target")))
    if "since" in f:
        q = q.where(func.coalesce(e.date_latest, e.day) >= f["since"])
    if "until" in f:
        q = q.where(e.day <= f["until"])
    rows = {r[0]: r for r in conn.execute(q)}
    if not rows:
        return
    roles: dict[int, tuple[list[str], list[str]]] = {}
    aq = (select(ea.event_pk, ea.role, ea.actor_id)
          .where(ea.event_pk.in_(q.with_only_columns(e.pk).scalar_subquery()))
          .order_by(ea.event_pk, ea.role, ea.position))
    for pk, role, actor_id in conn.execute(aq):
        if role == "source":
            roles.setdefault(pk, ([], []))[0].append(actor_id)
        elif role == "target":
            roles.setdefault(pk, ([], []))[1].append(actor_id)
    # who backs whom, per article, for "whoever backs the source of a cooperative event stands with its target"
    backers: dict[tuple[str, str], list[Any]] = defaultdict(list)
    rq = select(S.relations.c.pk, S.relations.c.article_id, S.relations.c.a, S.relations.c.b,
                S.relations.c.evidence).where(S.relations.c.kind == "backs")
    for r in conn.execute(rq):
        backers[(r.article_id, r.b)].append(r)
    for pk in sorted(rows):
        _, eid, article_id, etype, status, day, date_value, evidence, published = rows[pk]
        relation = event_edge(etype, status)  # the query kept only events that make an edge
        srcs, tgts = roles.get(pk, ((), ()))
        for s in dict.fromkeys(srcs):
            for t in dict.fromkeys(tgts):
                item = {"event_id": eid, "event_pk": pk, "type": etype, "status": status, "source": s,
                        "target": t, "article_id": article_id, "date": day, "date_value": date_value,
                        "published": published, "evidence": evidence}
                edges.add(s, t, relation, "events", item)
                if relation != "ally" or not _published_in(published, f):
                    continue  # a "backs" statement belongs to the window its article was published in
                for b in backers.get((article_id, s), []):
                    if b.a in (s, t):
                        continue
                    edges.add(b.a, t, "ally", "statements", {
                        "kind": "backs_source_of", "relation_id": b.pk, "a": b.a, "b": t, "via": s,
                        "event_id": eid, "event_pk": pk, "article_id": article_id, "date": day,
                        "published": published, "evidence": b.evidence, "event_evidence": evidence})


def _published_in(published: str | None, f: dict[str, Any]) -> bool:
    if published is None:
        return True
    return not ("since" in f and published < f["since"]) and not ("until" in f and published > f["until"])


def _statements(conn: Connection, f: dict[str, Any], edges: _Edges) -> None:
    rl, art = S.relations.c, S.articles.c
    q = (select(rl.pk, rl.article_id, rl.kind, rl.a, rl.b, rl.evidence, art.published)
         .join_from(S.relations, S.articles, rl.article_id == art.id)
         .where(rl.kind.in_(sorted(ALLY_KINDS | HOSTILE_KINDS))).order_by(rl.pk))
    if "since" in f:
        q = q.where(art.published >= f["since"])
    if "until" in f:
        q = q.where(art.published <= f["until"])
    for r in conn.execute(q):
        relation = relation_edge(r.kind)
        edges.add(r.a, r.b, relation, "statements", {
            "kind": r.kind, "relation_id": r.pk, "a": r.a, "b": r.b, "article_id": r.article_id,
            "date": r.published, "published": r.published, "evidence": r.evidence})


def _actors(conn: Connection, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    ids = sorted(set(ids))
    out: dict[str, dict[str, Any]] = {}
    a = S.actors.c
    for i in range(0, len(ids), 500):
        q = select(a.id, a.name, a.country, a.sector, a.kind, a.affiliations).where(a.id.in_(ids[i:i + 500]))
        for r in conn.execute(q):
            try:
                affs = json.loads(r.affiliations or "[]")
            except ValueError:
                affs = []
            out[r.id] = {"id": r.id, "name": r.name, "country": r.country, "sector": r.sector, "kind": r.kind,
                         "affiliations": [x for x in affs if isinstance(x, str)]}
    return out


def _weight(relation: str, evidence: dict[str, list]) -> int:
    n = len(evidence["events"]) + len(evidence["statements"]) + len(evidence.get("affiliations", []))
    return n if relation == "ally" else -n


def _build(conn: Connection, f: dict[str, Any], affiliations: bool) -> nx.MultiGraph:
    edges = _Edges()
    _events(conn, f, edges)
    _statements(conn, f, edges)
    ids = {x for (a, b, _) in edges.items for x in (a, b)}
    actors = _actors(conn, ids)
    if affiliations:  # knowledge-base ties between actors already in the graph
        for aid in sorted(ids):
            for backer in actors.get(aid, {}).get("affiliations", []):
                if backer in ids and backer != aid:
                    x, y = _pair(backer, aid)
                    edges.items[(x, y, "ally")].setdefault("affiliations", []).append(
                        {"kind": "knowledge_base", "a": backer, "b": aid, "date": None, "article_id": None,
                         "evidence": f"knowledge base: {backer} backs {aid}"})
    g = nx.MultiGraph()
    for aid in sorted(ids):
        info = actors.get(aid) or {"id": aid, "name": aid, "country": None, "sector": None, "kind": None}
        g.add_node(aid, **{k: info.get(k) for k in ("id", "name", "country", "sector", "kind")})
    for (a, b, relation) in sorted(edges.items):
        ev = edges.items[(a, b, relation)]
        ev.setdefault("affiliations", [])
        dates = sorted(d for d in (i.get("date") for k in ev for i in ev[k]) if d)
        g.add_edge(a, b, key=relation, relation=relation, weight=_weight(relation, ev),
                   n_events=len(ev["events"]), n_statements=len(ev["statements"]) + len(ev["affiliations"]),
                   first=dates[0] if dates else None, last=dates[-1] if dates else None,
                   events=ev["events"], statements=ev["statements"] + ev["affiliations"])
    return g


def _match_actor(g: nx.MultiGraph, actor: str) -> set[str]:
    """The actor whose id is `actor` (case-insensitive), else every actor whose name contains it."""
    needle = actor.lower()
    exact = {n for n in g.nodes if n.lower() == needle}
    return exact or {n for n, d in g.nodes(data=True) if needle in str(d.get("name") or "").lower()}


def filter_graph(g: nx.MultiGraph, *, actor: str | None = None, country: str | None = None) -> nx.MultiGraph:
    """The ego network (radius 1) of the actor(s) matching `actor`, and/or the edges touching `country`."""
    if actor:
        centre = _match_actor(g, actor)
        keep = set(centre) | {m for n in centre for m in g.neighbors(n)}
        g = g.subgraph(keep).copy()
    if country:
        country = country.upper()
        drop = [(a, b, k) for a, b, k in g.edges(keys=True)
                if g.nodes[a].get("country") != country and g.nodes[b].get("country") != country]
        g = g.copy()
        g.remove_edges_from(drop)
        g.remove_nodes_from([n for n in list(g.nodes) if g.degree(n) == 0])
    return g


def build_graph(conn_or_store: Any, since: str | None = None, until: str | None = None, actor: str | None = None,
                country: str | None = None, *, affiliations: bool = True) -> nx.MultiGraph:
    """The alliance graph of a store (a `Store` or an open SQLAlchemy `Connection`); see the module docstring.
    Bad filter values raise ConfigError."""
    f = check_filters({"since": since, "until": until, "actor": actor, "country": country})
    if isinstance(conn_or_store, Connection):
        g = _build(conn_or_store, f, affiliations)
    else:
        g = conn_or_store.read(lambda c: _build(c, f, affiliations))
    return filter_graph(g, actor=f.get("actor"), country=f.get("country"))


# ---------------------------------------------------------------------- outputs
def edge_rows(g: nx.MultiGraph) -> list[dict[str, Any]]:
    """One row per edge: a, b, relation, weight, n_events, n_statements, first, last (strongest first)."""
    rows = [{"a": a, "b": b, "a_name": g.nodes[a].get("name"), "b_name": g.nodes[b].get("name"),
             "relation": d["relation"], "weight": d["weight"], "n_events": d["n_events"],
             "n_statements": d["n_statements"], "first": d.get("first"), "last": d.get("last")}
            for a, b, d in g.edges(data=True)]
    rows.sort(key=lambda r: (-abs(r["weight"]), r["relation"], r["a"], r["b"]))
    return rows


def to_json(g: nx.MultiGraph) -> dict[str, Any]:
    """networkx node-link data (edges under "edges"), evidence lists as lists."""
    return nx.node_link_data(g, edges="edges")


def to_graphml(g: nx.MultiGraph) -> str:
    """GraphML text: evidence lists become JSON strings and missing values are left out (GraphML wants scalars)."""
    h = nx.MultiGraph()
    for n, d in g.nodes(data=True):
        h.add_node(n, **{k: v for k, v in d.items() if v is not None})
    for a, b, k, d in g.edges(keys=True, data=True):
        attrs = {}
        for name, v in d.items():
            if v is None:
                continue
            attrs[name] = json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v
        h.add_edge(a, b, key=k, **attrs)
    buf = io.BytesIO()
    nx.write_graphml(h, buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")
