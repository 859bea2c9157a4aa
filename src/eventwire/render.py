"""Plain-text views of an annotated article: the table and the --explain view."""

from __future__ import annotations

import textwrap
from typing import Sequence

from eventwire.records import AnnotatedArticle, Event, clean_name


def _actors(actors) -> str:  # spans of the text, shown without the hidden characters they may hold
    return "; ".join(f"{clean_name(a.text)} [{a.country or '?'} {a.sector or '?'}]" for a in actors) or "-"


def _date(ev: Event) -> str:
    if ev.date is None or ev.date.value is None:  # no date, or a relative one with no publication date
        return "-"
    return ev.date.value


def table_rows(ann: AnnotatedArticle, wide: bool = False) -> list[str]:
    """The article's events as a table: long cells wrap onto more lines (`wide`: one line each, nothing cut)."""
    art = ann.article
    head = f"# {art.id[:12]}  {art.title or clean_name(art.source_id or '')}".rstrip()
    meta = f"  outlet={art.outlet or '-'}  published={art.published or '-'}  language={art.language or '-'}"
    if art.rejected:
        return [head, f"  REJECTED: {art.rejected}"]
    rows = [head, meta]
    if not ann.events:
        rows.append("  (no events)")
        return rows
    cols = ("type", "mode", "source", "target", "where", "when", "status", "claimants", "dead", "conf")
    data = []
    for ev in ann.events:
        where = ev.location.name + (f" ({ev.location.country})" if ev.location.country else "") if ev.location else "-"
        claim = "; ".join(f"{clean_name(c.text)} ({c.kind}, {c.count})" for c in ev.attribution.claimants) or "-"
        data.append((ev.type, ev.mode or "-", _actors(ev.sources), _actors(ev.targets), where, _date(ev),
                     ev.attribution.status, claim, "-" if ev.fatalities is None else str(ev.fatalities),
                     f"{ev.confidence:.2f}"))
    caps = (9, 14, 44, 36, 22, 23, 12, 48, 4, 4)
    rows.extend("  " + line for line in table_lines(cols, data, [None if wide else c for c in caps]))
    return rows


def table_lines(heads: Sequence[str], rows: Sequence[Sequence[str]], widths_max: Sequence[int | None]) -> list[str]:
    """`rows` as aligned columns, each cell wrapped onto more lines at its column's width so that nothing is hidden
    (a None width: never wrapped; the CLI's --wide)."""
    wrapped = [[textwrap.wrap(v, w, break_long_words=True, break_on_hyphens=False) or [""]
                if w and len(v) > w else [v] for v, w in zip(row, widths_max)] for row in rows]
    widths = [max([len(h)] + [len(x) for row in wrapped for x in row[i]]) for i, h in enumerate(heads)]
    out = ["  ".join(h.ljust(w) for h, w in zip(heads, widths)).rstrip()]
    for row in wrapped:
        for k in range(max(len(c) for c in row)):
            out.append("  ".join((c[k] if k < len(c) else "").ljust(w) for c, w in zip(row, widths)).rstrip())
    return out


def explain_event(ann: AnnotatedArticle, ev: Event) -> str:
    """The event's sentence with every supporting span marked, then one line per field."""
    text = ann.article.text
    s0, s1 = ev.evidence.start, ev.evidence.end
    marks: list[tuple[int, int, str]] = [(ev.trigger_start, ev.trigger_end, "trigger")]
    marks += [(a.start, a.end, "source") for a in ev.sources]
    marks += [(a.start, a.end, "target") for a in ev.targets]
    if ev.location is not None:
        marks.append((ev.location.start, ev.location.end, "place"))
    if ev.date is not None and ev.date.start >= 0:
        marks.append((ev.date.start, ev.date.end, "time"))
    marks += [(q.start, q.end, "quantity") for q in ev.quantities]
    marks += [(c.start, c.end, "claimant") for c in ev.attribution.claimants]
    inside = sorted({m for m in marks if s0 <= m[0] < m[1] <= s1}, key=lambda m: (m[0], -m[1]))
    out, pos = [], s0
    for start, end, label in inside:
        if start < pos:
            continue  # nested or overlapping: listed below
        out.append(text[pos:start])
        out.append(f"[{text[start:end]}]{{{label}}}")
        pos = end
    out.append(text[pos:s1])
    lines = [f"== {ev.type}/{ev.mode or '-'} (cameo {ev.cameo}, status {ev.attribution.status}, "
             f"confidence {ev.confidence:.2f})", "   " + "".join(out).strip().replace("\n", " ")]

    def where(start: int, end: int) -> str:
        return f"@{start}-{end}" if start >= 0 else "(not in the text)"

    lines.append(f"   trigger   {ev.trigger!r} {where(ev.trigger_start, ev.trigger_end)}")
    for a in ev.sources:
        lines.append(f"   source    {a.text!r} {where(a.start, a.end)} -> {a.name} [{a.id}, {a.country}, {a.sector}, {a.kind}]")
    for a in ev.targets:
        lines.append(f"   target    {a.text!r} {where(a.start, a.end)} -> {a.name} [{a.id}, {a.country}, {a.sector}, {a.kind}]")
    if ev.location is not None:
        p = ev.location
        lines.append(f"   place     {p.text!r} {where(p.start, p.end)} -> {p.name}, {p.country} "
                     f"(geonames {p.geonames_id}, {p.lat}, {p.lon}, {p.feature})")
    if ev.date is not None:
        d = ev.date
        src = repr(d.text) + " " + where(d.start, d.end) if d.text else "(from the tense and the publication date)"
        lines.append(f"   time      {src} -> {d.value} ({d.precision}, {d.earliest}..{d.latest})")
    for q in ev.quantities:
        lines.append(f"   quantity  {q.text!r} {where(q.start, q.end)} -> {q.what} min={q.min} max={q.max}"
                     + (" killed" if q.killed else "") + (" wounded" if q.wounded else ""))
    for c in ev.attribution.claimants:
        lines.append(f"   claimant  {c.text!r} {where(c.start, c.end)} -> {c.kind}, count {c.count}")
    if ev.attribution.cue:
        lines.append(f"   status    {ev.attribution.status} (cue {ev.attribution.cue!r})")
    if ev.acled:
        lines.append(f"   acled     {ev.acled['event_type']} / {ev.acled['sub_event_type']}")
    return "\n".join(lines)
