"""The brief's "Alliance shifts" section: the alliance graph of the window against the previous one (`eventwire.graph`),
each new, strengthened, weakened or broken tie a sentence traced to the events and statements that make it.

`compose` writes the incident sections; this module the one section read from the graph.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection

from eventwire.brief import select as sel
from eventwire.brief.compose import EVIDENCE_LIMIT, SECTION_LIMIT, Item, Section
from eventwire.brief.select import Filters, Window


def _graph(conn: Connection, w: Window, f: Filters, theatre: set[str]) -> Any:
    """The alliance graph of a window: with countries, the edges that touch an actor of those countries or an
    actor of the theatre's incidents (`theatre`: Iraqi fighters sent into Syria belong to a brief on Syria)."""
    import networkx as nx

    from eventwire.graph import build_graph, filter_graph

    g = build_graph(conn, since=w.since, until=w.until, affiliations=False)
    if f.countries:
        keep = set(f.countries)
        drop = [(a, b, k) for a, b, k in g.edges(keys=True)
                if not ({g.nodes[a].get("country"), g.nodes[b].get("country")} & keep or {a, b} & theatre)]
        g = g.copy()
        g.remove_edges_from(drop)
        g.remove_nodes_from([n for n in list(g.nodes) if g.degree(n) == 0])
    if f.actors:
        parts = [filter_graph(g, actor=a) for a in f.actors]
        g = nx.compose_all(parts) if parts else g
    return g


def _edge_spans(conn: Connection, data: dict[str, Any]) -> list[dict[str, Any]]:
    ev = [i["event_pk"] for i in data.get("events", []) if i.get("event_pk") is not None]
    st = [i["relation_id"] for i in data.get("statements", []) if i.get("relation_id") is not None]
    found = sel.spans(conn, event_pks=ev, relation_pks=st)
    keys = [("relation", k) for k in st] + [("event", k) for k in ev]
    out: list[dict[str, Any]] = []
    for k in keys:
        if k in found and found[k] not in out:
            out.append(found[k])
    return out[:EVIDENCE_LIMIT]


def _name(conn: Connection, g: Any, node: str, spans: list[dict[str, Any]]) -> str:
    name = g.nodes[node].get("name") or node
    if sel.is_generic(node):
        for s in spans:
            m = sel.actor_mention(conn, s["article_id"], node, s["start"], s["end"])
            if m:
                return sel.display_name(node, name, m["text"])
    return name


def _what(data: dict[str, Any]) -> str:
    kinds = list(dict.fromkeys([i["type"].lower() for i in data.get("events", [])]
                               + [i["kind"].replace("_", " ") for i in data.get("statements", [])]))
    n_ev, n_st = len(data.get("events", [])), len(data.get("statements", []))
    parts = []
    if n_ev:
        parts.append(f"{n_ev} event{'s' if n_ev != 1 else ''}")
    if n_st:
        parts.append(f"{n_st} statement{'s' if n_st != 1 else ''}")
    return f"{' and '.join(parts)}: {', '.join(kinds)}"


def _tie(conn: Connection, g: Any, a: str, b: str, data: dict[str, Any], spans: list[dict[str, Any]]) -> str:
    na, nb = _name(conn, g, a, spans), _name(conn, g, b, spans)
    if data["relation"] == "ally":
        backs = [i for i in data.get("statements", []) if i.get("kind") in ("backs", "backs_source_of")]
        if backs:
            x, y = backs[0]["a"], backs[0]["b"]
            nx_, ny_ = (na, nb) if x == a else (nb, na)
            if y not in (a, b):
                return f"{na} and {nb} stand together"
            return f"{nx_} backs {ny_}"
        return f"{na} and {nb} stand together"
    return f"{na} and {nb} are in conflict"


def alliance_shifts(conn: Connection, w: Window, p: Window, f: Filters, theatre: set[str] = frozenset()
                    ) -> tuple[Section, Any]:
    s = Section("Alliance shifts")
    now, before = _graph(conn, w, f, set(theatre)), _graph(conn, p, f, set(theatre))
    rows = []
    for a, b, k, d in now.edges(keys=True, data=True):
        old = before.get_edge_data(a, b, key=k) if before.has_edge(a, b, key=k) else None
        was = abs(old["weight"]) if old else 0
        rows.append((abs(d["weight"]) - was, a, b, d, was, now))
    for a, b, k, d in before.edges(keys=True, data=True):
        if not now.has_edge(a, b, key=k):
            rows.append((-abs(d["weight"]), a, b, d, abs(d["weight"]), before))
    rows.sort(key=lambda r: (-abs(r[0]), r[1], r[2], r[3]["relation"]))
    for delta, a, b, d, was, g in rows[:SECTION_LIMIT]:
        if delta == 0:
            continue
        spans = _edge_spans(conn, d)
        if not spans:
            continue
        tie = _tie(conn, g, a, b, d, spans)
        rel = "alliance" if d["relation"] == "ally" else "hostility"
        size = abs(d["weight"])
        if g is before:
            text = (f"Broken {rel}: {tie} in the previous window ({_what(d)}), and nothing in this one says so "
                    f"again.")
        elif was == 0:
            text = f"New {rel}: {tie} ({_what(d)})."
        elif delta > 0:
            text = f"Strengthened {rel}: {tie} ({_what(d)}; {was} in the previous window, {size} now)."
        else:
            text = f"Weakened {rel}: {tie} ({_what(d)}; {was} in the previous window, {size} now)."
        s.items.append(Item(text, spans))
    return s, now
