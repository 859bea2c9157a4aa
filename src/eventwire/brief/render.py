"""A brief as Markdown, JSON or one self-contained HTML page (inline CSS and SVG, no script, no network).

In HTML every value that comes from the store (titles, names, outlets, quoted words) is escaped with
`html.escape`; each sentence links to the dashboard's article view with its span, and quotes the supporting
words from the article under it, so the page reads offline.
"""

from __future__ import annotations

import html
import json
import math
from typing import Any
from urllib.parse import quote

from eventwire.brief.compose import Brief

FORMATS = ("md", "json", "html")


def _head(b: Brief) -> str:
    f = b.filters
    bits = []
    if f.countries:
        bits.append("countries " + ", ".join(f.countries))
    if f.actors:
        bits.append("actors " + ", ".join(f.actors))
    if f.near:
        bits.append("within {2:g} km of {0:g},{1:g}".format(*f.near))
    return f"Brief {b.window.since} to {b.window.until}" + (f" ({'; '.join(bits)})" if bits else "")


def to_json(b: Brief, quotes: dict[tuple[str, int, int], str] | None = None) -> str:
    return json.dumps(b.to_dict(), ensure_ascii=False, indent=2)


def _ref(e: dict[str, Any]) -> str:
    return f"{e.get('outlet') or 'article'} {e['article_id'][:12]}:{e['start']}-{e['end']}"


def to_markdown(b: Brief, quotes: dict[tuple[str, int, int], str] | None = None) -> str:
    lines = [f"# {_head(b)}", "",
             f"Compared with {b.previous.since} to {b.previous.until}. Every sentence lists its evidence "
             f"(outlet, article id, character offsets).", ""]
    for s in b.sections:
        lines += [f"## {s.title}", ""]
        if not s.items:
            lines += ["Nothing in this window.", ""]
        for it in s.items:
            refs = "; ".join(_ref(e) for e in it.evidence[:5])
            more = f" (+{len(it.evidence) - 5} more)" if len(it.evidence) > 5 else ""
            lines.append(f"- {it.text}" + (f" [{refs}{more}]" if refs else ""))
        lines.append("")
    return "\n".join(lines)


CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:1.5rem auto;padding:0 1rem;
color:#1b1f24;background:#fff}
h1{font-size:1.45rem;margin-bottom:.2rem}h2{font-size:1.1rem;border-bottom:1px solid #ccd;padding-bottom:.2rem;
margin-top:1.6rem}
p.sub{color:#555;margin-top:0}ul{padding-left:1.1rem}li{margin:.45rem 0}
.ev{font-size:.8rem;color:#555}.ev a{color:#2b5fad;margin-right:.5rem}
blockquote{margin:.2rem 0 .2rem .2rem;padding-left:.6rem;border-left:3px solid #dde;color:#444;font-size:.85rem}
.figs{display:flex;gap:1rem;flex-wrap:wrap}.figs figure{margin:0}figcaption{font-size:.8rem;color:#555}
svg{border:1px solid #dde;background:#f8f9fb}
@media print{body{max-width:none;margin:0;font-size:11pt}a{color:inherit;text-decoration:none}
.ev a::after{content:" (" attr(data-ref) ")"}h2{break-after:avoid}li{break-inside:avoid}svg{background:#fff}}
"""

_CLASS_COLOURS = {"ASSAULT": "#c0392b", "COERCE": "#d35400", "MOBILIZE": "#8e44ad", "RETREAT": "#7f8c8d",
                  "THREATEN": "#e67e22", "AID": "#27ae60"}


def _map_svg(points: list[dict[str, Any]], width: int = 420, height: int = 260) -> str:
    """The window's incidents on an equirectangular frame around them (no tiles, no outlines, no network)."""
    pts = [p for p in points if p.get("lat") is not None and p.get("lon") is not None]
    if not pts:
        return ""
    lats, lons = [p["lat"] for p in pts], [p["lon"] for p in pts]
    pad = 1.0
    x0, x1 = min(lons) - pad, max(lons) + pad
    y0, y1 = min(lats) - pad, max(lats) + pad
    sx, sy = (width - 20) / (x1 - x0), (height - 20) / (y1 - y0)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
           f'aria-label="map of the incidents">']
    for p in pts:
        x = 10 + (p["lon"] - x0) * sx
        y = height - 10 - (p["lat"] - y0) * sy
        r = 3 + 2 * math.sqrt(max(1, int(p.get("sources") or 1)))
        colour = _CLASS_COLOURS.get(str(p.get("type")), "#2b5fad")
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colour}" fill-opacity="0.7">'
                   f'<title>{html.escape(str(p.get("label") or ""))}</title></circle>')
    out.append(f'<text x="6" y="{height - 4}" font-size="9" fill="#777">{y0:.1f}\u00b0..{y1:.1f}\u00b0N, '
               f'{x0:.1f}\u00b0..{x1:.1f}\u00b0E</text></svg>')
    return "".join(out)


def _graph_svg(graph: dict[str, Any], size: int = 300) -> str:
    """The window's alliance graph on a circle: green ally, red hostile."""
    nodes = graph.get("nodes") or []
    if not nodes:
        return ""
    c, rad = size / 2, size / 2 - 60
    pos = {}
    for k, n in enumerate(nodes):
        a = 2 * math.pi * k / len(nodes)
        pos[n["id"]] = (c + rad * math.cos(a), c + rad * math.sin(a))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" role="img" '
           f'aria-label="alliance graph">']
    for e in graph.get("edges") or []:
        (x1, y1), (x2, y2) = pos[e["a"]], pos[e["b"]]
        colour = "#27ae60" if e["relation"] == "ally" else "#c0392b"
        w = 1 + min(4, abs(int(e.get("weight") or 1)) / 2)
        out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
                   f'stroke-width="{w:.1f}"/>')
    for n in nodes:
        x, y = pos[n["id"]]
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#1b1f24"/>'
                   f'<text x="{x + 6:.1f}" y="{y + 3:.1f}" font-size="9">{html.escape(str(n.get("name") or ""))}'
                   f'</text>')
    out.append("</svg>")
    return "".join(out)


def to_html(b: Brief, quotes: dict[tuple[str, int, int], str] | None = None, *, base_url: str = "") -> str:
    """One page, self-contained: `base_url` is where the dashboard is served (its article view is
    BASE#/article/ID?start=S&end=E); empty, the links are relative to the page."""
    quotes = quotes or {}
    esc = html.escape
    title = esc(_head(b))
    parts = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
             '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; '
             'img-src data:">',
             f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>',
             f"<style>{CSS}</style></head><body>", f"<h1>{title}</h1>",
             f'<p class="sub">Compared with {esc(b.previous.since)} to {esc(b.previous.until)}. Generated from '
             f'templates; every sentence links to the words that support it.</p>']
    figs = [(_map_svg(b.points), "Incidents with a place, sized by outlets"),
            (_graph_svg(b.graph), "Alliance graph (green: ally, red: hostile)")]
    figs = [(svg, cap) for svg, cap in figs if svg]
    if figs:
        parts.append('<div class="figs">' + "".join(f"<figure>{svg}<figcaption>{esc(cap)}</figcaption></figure>"
                                                    for svg, cap in figs) + "</div>")
    for s in b.sections:
        parts.append(f"<section><h2>{esc(s.title)}</h2>")
        if not s.items:
            parts.append("<p>Nothing in this window.</p>")
        else:
            parts.append("<ul>")
            for it in s.items:
                parts.append(f"<li><span>{esc(it.text)}</span>")
                if it.evidence:
                    links = []
                    for e in it.evidence[:5]:
                        href = (f"{base_url}#/article/{quote(e['article_id'], safe='')}"
                                f"?start={int(e['start'])}&end={int(e['end'])}")
                        links.append(f'<a href="{esc(href)}" data-ref="{esc(_ref(e))}">{esc(e.get("outlet") or "article")}'
                                     f" {int(e['start'])}-{int(e['end'])}</a>")
                    parts.append('<div class="ev">' + "".join(links) + "</div>")
                    q = quotes.get((it.evidence[0]["article_id"], it.evidence[0]["start"], it.evidence[0]["end"]))
                    if q:
                        parts.append(f"<blockquote>{esc(q)}</blockquote>")
                parts.append("</li>")
            parts.append("</ul>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)


def render(b: Brief, fmt: str, quotes: dict[tuple[str, int, int], str] | None = None, *, base_url: str = "") -> str:
    if fmt == "md":
        return to_markdown(b, quotes)
    if fmt == "json":
        return to_json(b, quotes)
    if fmt == "html":
        return to_html(b, quotes, base_url=base_url)
    from eventwire.errors import ConfigError

    raise ConfigError(f"unknown brief format {fmt!r} (one of {', '.join(FORMATS)})")
