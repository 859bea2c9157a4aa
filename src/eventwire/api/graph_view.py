"""The alliance graph as the dashboard wants it: the strongest edges, the actors they touch, capped evidence.

Building the graph reads every cooperative and conflictual event in the window (about 2 s on 100,000 events),
so built graphs are kept in the app's `StoreCache` (eventwire.api.cache) per filter set, while the store is
unchanged.
"""

from __future__ import annotations

from typing import Any

from eventwire.store.queries import check_filters


def _newest(items: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    return sorted(items, key=lambda i: i.get("date") or "", reverse=True)[:n]


def payload(g: Any, limit_edges: int, evidence: int) -> dict[str, Any]:
    """{"nodes": [...], "edges": [...], "total_nodes", "total_edges"} for the `limit_edges` strongest edges
    (by |weight|, then relation, then ids, as `eventwire.graph.edge_rows` orders them)."""
    edges = sorted(g.edges(data=True), key=lambda x: (-abs(x[2]["weight"]), x[2]["relation"], x[0], x[1]))
    kept = edges[:limit_edges]
    degree: dict[str, int] = {}
    strength: dict[str, int] = {}
    for a, b, d in kept:
        for n in (a, b):
            degree[n] = degree.get(n, 0) + 1
            strength[n] = strength.get(n, 0) + abs(d["weight"])
    nodes = [{"id": n, **{k: v for k, v in attrs.items() if k != "id"}, "degree": degree[n], "strength": strength[n]}
             for n, attrs in g.nodes(data=True) if n in degree]
    out_edges = [{"source": a, "target": b, "relation": d["relation"], "weight": d["weight"],
                  "n_events": d["n_events"], "n_statements": d["n_statements"], "first": d.get("first"),
                  "last": d.get("last"), "events": _newest(d.get("events") or [], evidence),
                  "statements": _newest(d.get("statements") or [], evidence)}
                 for a, b, d in kept]
    return {"nodes": nodes, "edges": out_edges, "total_nodes": g.number_of_nodes(),
            "total_edges": g.number_of_edges()}


def graph_payload(state: Any, filters: dict[str, Any], limit_edges: int, evidence: int) -> dict[str, Any]:
    key = ("graph", tuple(sorted(check_filters(filters).items())))
    store, cache = state.store, state.cache

    def build() -> dict[str, Any]:
        g = cache.get(store, key, lambda: store.graph(**filters))
        return payload(g, limit_edges, evidence)
    return cache.get(store, (*key, limit_edges, evidence), build)
