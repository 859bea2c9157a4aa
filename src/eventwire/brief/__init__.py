"""Situation briefs: what happened in a theatre over a window, who moved where, which alliances shifted and which
claims are contested, each sentence generated from a template and traced to the words that support it.

    from eventwire.brief import make_brief, render
    b = make_brief(store, since="2024-11-20", until="2024-12-03", countries=["SYR"])
    print(render(b, "md"))          # or "json", "html" (one self-contained page)

`select` reads the store (incidents of the window and their reports), `compose` writes the incident sections'
sentences and `alliances` the alliance shifts' (from the graph), `build` here puts the sections together, `render`
prints them. The brief never writes to the store.
"""

from __future__ import annotations

from typing import Any, Sequence

from sqlalchemy import select as sql_select
from sqlalchemy.engine import Connection

from eventwire.brief import select as sel
from eventwire.brief.alliances import alliance_shifts
from eventwire.brief.compose import (
    MAIN_LIMIT, Brief, Item, Section, contested, headline, main_incidents, movements,
)
from eventwire.brief.render import FORMATS, to_html, to_json, to_markdown
from eventwire.brief.select import Filters, Window, check_window
from eventwire.errors import ConfigError
from eventwire.store import schema as S

__all__ = ["Brief", "Item", "Section", "Filters", "Window", "FORMATS", "make_brief", "quotes", "render",
           "build", "check_filters"]


def check_filters(countries: Sequence[str] = (), actors: Sequence[str] = (), near: Any = None) -> Filters:
    """Validated filters (ConfigError on a bad country code or point)."""
    import re

    from eventwire.store.queries import parse_near

    cs = []
    for c in countries or ():
        c = str(c).strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", c):
            raise ConfigError(f"{c!r} is not an ISO 3166-1 alpha-3 code (e.g. SYR)")
        cs.append(c)
    acts = tuple(a.replace("\x00", "").strip() for a in actors or () if a and a.strip())
    return Filters(tuple(dict.fromkeys(cs)), acts, parse_near(near) if near not in (None, "") else None)


def build(conn: Connection, window: Window, filters: Filters, *, limit: int = MAIN_LIMIT) -> Brief:
    """The whole brief over one read of the store."""
    prev_w = window.previous()
    cur = sel.incidents(conn, window, filters)
    prev = sel.incidents(conn, prev_w, filters)
    theatre = {a.id for i in cur + prev for r in i.happened for a in (*r.sources, *r.targets)}
    shifts, g = alliance_shifts(conn, window, prev_w, filters, theatre)
    sections = [headline(conn, cur, prev, window, prev_w), main_incidents(cur, limit), movements(conn, cur),
                shifts, contested(cur)]
    points = [{"incident_id": i.id, "lat": i.lat, "lon": i.lon, "type": i.type, "sources": i.sources_count,
               "label": f"{i.type} {i.place or ''}".strip()} for i in cur if i.happened and i.lat is not None
              and i.lon is not None]
    edges = sorted(({"a": a, "b": b, "relation": d["relation"], "weight": d["weight"]}
                    for a, b, d in g.edges(data=True)), key=lambda e: (-abs(e["weight"]), e["a"], e["b"]))[:30]
    nodes = sorted({x for e in edges for x in (e["a"], e["b"])})
    graph = {"nodes": [{"id": n, "name": g.nodes[n].get("name") or n} for n in nodes], "edges": edges}
    return Brief(window, prev_w, filters, sections, points, graph)


def make_brief(store_or_conn: Any, *, since: str | None, until: str | None, countries: Sequence[str] = (),
               actors: Sequence[str] = (), near: Any = None, limit: int = 12) -> Brief:
    """The brief of a store (a `Store` or an open Connection) for a window and filters."""
    window = check_window(since, until)
    filters = check_filters(countries, actors, near)
    if isinstance(store_or_conn, Connection):
        return build(store_or_conn, window, filters, limit=limit)
    return store_or_conn.read(lambda c: build(c, window, filters, limit=limit))


def quotes(store_or_conn: Any, b: Brief) -> dict[tuple[str, int, int], str]:
    """The words each sentence's first evidence span points at, read from the stored article texts."""
    wanted = {(e["article_id"], e["start"], e["end"]) for s in b.sections for it in s.items for e in it.evidence[:1]}
    ids = sorted({w[0] for w in wanted})

    def run(conn: Connection) -> dict[tuple[str, int, int], str]:
        texts: dict[str, str] = {}
        a = S.articles.c
        for k in range(0, len(ids), 200):
            texts.update({r.id: r.text for r in conn.execute(sql_select(a.id, a.text).where(a.id.in_(ids[k:k + 200])))})
        return {w: " ".join(texts[w[0]][w[1]:w[2]].split()) for w in wanted if w[0] in texts}

    if isinstance(store_or_conn, Connection):
        return run(store_or_conn)
    return store_or_conn.read(run)


def render(b: Brief, fmt: str = "md", quoted: dict[tuple[str, int, int], str] | None = None, *,
           base_url: str = "") -> str:
    from eventwire.brief.render import render as _render

    return _render(b, fmt, quoted, base_url=base_url)
