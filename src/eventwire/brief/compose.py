"""The brief's sentences, from fixed templates (deterministic: the same store and window give the same words).

Every sentence (`Item`) carries its evidence: the spans of article text that support it, as
{article_id, start, end, outlet}; for an incident, the sentences its reports were read from; for an alliance
shift, the sentences of the events and statements behind the edge; for a new actor, its first mention. A
sentence that states an absence ("No fatality figure was reported") has no span to point at and says so with an
empty list.

Figures are never added across reports: an incident's figures stand side by side ("14 to 19 killed: 14 per A,
19 per B"); the headline fatality count adds each incident's own headline figure, the lowest credible report
(`select.fatality_range`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from sqlalchemy.engine import Connection

from eventwire.brief import select as sel
from eventwire.brief.select import Filters, IncidentView, ReportView, Window

MAIN_LIMIT = 12
SECTION_LIMIT = 15
EVIDENCE_LIMIT = 25
MAX_NAMES = 3

# what each PLOVER type says the source did ({t}: its targets); (type, mode) first
VERBS: dict[tuple[str, str | None], str] = {
    ("ASSAULT", "occupy"): "took control{at}",
    ("ASSAULT", None): "attacked {t}",
    ("COERCE", None): "used force against {t}",
    ("MOBILIZE", None): "mobilised forces",
    ("RETREAT", None): "withdrew",
    ("AID", "military"): "sent military support to {t}",
    ("AID", None): "gave aid to {t}",
    ("THREATEN", None): "warned {t}",
    ("ACCUSE", None): "accused {t}",
    ("REJECT", None): "refused {t}",
    ("PROTEST", None): "protested against {t}",
    ("SANCTION", None): "imposed sanctions on {t}",
    ("REQUEST", None): "made a request to {t}",
    ("AGREE", None): "reached an agreement with {t}",
    ("CONSULT", None): "met {t}",
    ("SUPPORT", None): "expressed support for {t}",
    ("CONCEDE", None): "made concessions to {t}",
    ("COOPERATE", None): "cooperated with {t}",
}
# severity for ranking incidents with the same number of sources (after the fatality figure)
SEVERITY = {"ASSAULT": 6, "COERCE": 5, "MOBILIZE": 4, "RETREAT": 3, "THREATEN": 3, "SANCTION": 3, "AID": 2,
            "PROTEST": 2, "ACCUSE": 1, "REJECT": 1}
MOVEMENT_TYPES = frozenset({"MOBILIZE", "RETREAT"})
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass
class Item:
    text: str
    evidence: list[dict[str, Any]] = field(default_factory=list)
    incident_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"text": self.text, "evidence": self.evidence}
        if self.incident_id is not None:
            d["incident_id"] = self.incident_id
        return d


@dataclass
class Section:
    title: str
    items: list[Item] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "items": [i.to_dict() for i in self.items]}


@dataclass
class Brief:
    window: Window
    previous: Window
    filters: Filters
    sections: list[Section]
    points: list[dict[str, Any]] = field(default_factory=list)  # the map: incidents with a point
    graph: dict[str, Any] = field(default_factory=dict)  # {"nodes": [{id, name}], "edges": [{a, b, relation, weight}]}

    def to_dict(self) -> dict[str, Any]:
        return {"window": {"since": self.window.since, "until": self.window.until,
                           "previous": {"since": self.previous.since, "until": self.previous.until}},
                "filters": self.filters.to_dict(), "sections": [s.to_dict() for s in self.sections],
                "map": self.points, "graph": self.graph}


# ------------------------------------------------------------------------------------------------ words


def _d(value: str) -> str:
    d = dt.date.fromisoformat(value[:10])
    return f"{d.day} {MONTHS[d.month - 1][:3]} {d.year}"


def when(rep: ReportView | None, inc: IncidentView) -> str:
    """'on 3 Dec 2024', 'in October 2024', 'between 26 Nov 2024 and 2 Dec 2024', 'before 24 Nov 2024'."""
    value = rep.date_value if rep else None
    if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}T[A-Z]{2}", value):
        value = value[:10]  # a part of the day ("2025-03-10TMO", TimeML's morning): the day is what a brief says
    try:
        if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return f"on {_d(value)}"
        if value and re.fullmatch(r"\d{4}-\d{2}", value):
            return f"in {MONTHS[int(value[5:7]) - 1]} {value[:4]}"
        if value and re.fullmatch(r"\d{4}", value):
            return f"in {value}"
        if value and value.startswith("../") and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[3:]):
            return f"before {_d(value[3:])}"
        if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}", value):
            return f"between {_d(value[:10])} and {_d(value[11:])}"
        if inc.day:
            return f"around {_d(inc.day)}"
    except ValueError:
        pass
    return "on an unknown date"


LOWER_LEADS = frozenset({"the", "a", "an", "one", "two", "three", "four", "five", "several", "multiple", "some",
                         "many", "other", "senior", "local"})


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _claimant(text: str) -> str:
    """'Two sources' -> 'two sources' inside a sentence; names keep their capitals."""
    first, _, rest = text.partition(" ")
    return first.lower() + (" " + rest if rest else "") if first.lower() in LOWER_LEADS else text


def join(names: list[str], limit: int = MAX_NAMES) -> str:
    names = list(dict.fromkeys(n for n in names if n))
    if len(names) > limit:
        names = names[:limit] + [f"{len(names) - limit} more"]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def figure(lo: Any, hi: Any) -> str:
    if hi is None:
        return f"at least {lo}"
    if lo == hi:
        return str(lo)
    return f"{lo} to {hi}"


def _plural(what: str) -> str:
    return what if what.endswith("s") or what in ("people", "police", "personnel") else what + "s"


def fatalities_text(inc: IncidentView) -> str:
    """'14 killed' or '14 to 19 killed (14 per A; 19 per B)': the figures side by side, never a sum."""
    best, lo, hi = sel.fatality_range(inc)
    if best is None:
        return ""
    if lo == hi:
        return f"{lo} killed"
    per: dict[int, list[str]] = {}
    for f in sel.credible_figures(inc):
        if f.get("value") is not None:
            per.setdefault(f["value"], []).append(f.get("outlet") or "an unnamed outlet")
    detail = "; ".join(f"{v} per {join(per[v])}" for v in sorted(per))
    return f"{lo} to {hi} killed ({detail})"


def quantities_text(inc: IncidentView) -> str:
    """'at least 300 fighters; 200 to 999 fighters' (each counted noun's figures side by side)."""
    parts = []
    dead = {f.get("value") for f in inc.fatalities}
    for what, qs in sorted(inc.quantities.items()):
        if dead and {q.get("min") for q in qs} <= dead and all(q.get("max") == q.get("min") for q in qs):
            continue  # the fatality figures, already given
        figs = list(dict.fromkeys(figure(q.get("min"), q.get("max")) for q in qs if q.get("min") is not None))
        if figs:
            parts.append(" or ".join(figs) + " " + _plural(what))
    return "; ".join(parts)


def _actors(reports: Iterable[ReportView], role: str) -> list[str]:
    out: dict[str, str] = {}
    for r in reports:
        for a in (r.sources if role == "source" else r.targets):
            out.setdefault(a.id, a.name)
    return list(dict.fromkeys(out.values()))


def _without_target(verb: str) -> str:
    """'sent military support to {t}' -> 'sent military support'; 'attacked {t}' -> 'attacked'."""
    words = verb.replace("{t}", "").split()
    if words and words[-1] in ("to", "of", "on", "against", "with", "for"):
        words = words[:-1]
    return " ".join(words)


def clause(inc: IncidentView, reports: list[ReportView] | None = None) -> str:
    """Who did what to whom, where, when: 'Hezbollah withdrew from Aleppo before 24 Nov 2024'."""
    reports = reports if reports is not None else (inc.happened or inc.reports)
    lead = reports[0] if reports else None
    subject = join(_actors(reports, "source")) or "Unidentified actors"
    targets = join(_actors(reports, "target"))
    mode = lead.mode if lead else inc.mode
    verb = VERBS.get((inc.type, mode)) or VERBS.get((inc.type, None)) or "were involved in an event"
    if "{t}" in verb:
        verb = verb.replace("{t}", targets) if targets else _without_target(verb)
    place = inc.place or (lead.place if lead else None)
    if "{at}" in verb:
        verb = verb.replace("{at}", f" of {place}" if place else "")
        where = ""
    elif inc.type == "RETREAT" and place:
        where = f" from {place}"
    else:
        where = f" in {place}" if place else ""
    return f"{subject} {verb}{where} {when(lead, inc)}"


def attribution(inc: IncidentView, reports: list[ReportView] | None = None) -> str:
    """'according to two Iraqi security sources (bne IntelliNews)' or 'reported by A and B'."""
    reports = reports if reports is not None else inc.reports
    claimants = list(dict.fromkeys(_claimant(c) for r in reports for c in r.claimants))
    outlets = list(dict.fromkeys(r.outlet or "an unnamed outlet" for r in reports))
    if claimants:
        return f"according to {join(claimants)} ({join(outlets, 5)})"
    return f"reported by {join(outlets, 5)}"


def evidence(reports: Iterable[ReportView]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for r in reports:
        s = r.span()
        if s is not None and s not in out:
            out.append(s)
    return out[:EVIDENCE_LIMIT]


def incident_sentence(inc: IncidentView, *, route: str = "") -> Item:
    """The main sentence of an incident: who did what to whom, where, when, how many, and who says so."""
    said = inc.happened or inc.reports
    parts = [clause(inc, said) + route]
    figures = "; ".join(x for x in (fatalities_text(inc), quantities_text(inc)) if x)
    text = parts[0] + (f" ({figures})" if figures else "") + ", " + attribution(inc, said)
    denied = [r for r in inc.reports if r.status == "denied"]
    if denied:
        who = join(list(dict.fromkeys(_claimant(c) for r in denied for c in r.claimants))) or join(
            [r.outlet or "an unnamed outlet" for r in denied])
        text += f"; {who} denies it"
    if inc.statuses and all(s == "claimed" for s in inc.statuses):
        text += "; this is a claim no report states as fact"
    return Item(_cap(text) + ".", evidence(inc.reports), inc.id)


# ------------------------------------------------------------------------------------------------ sections


def _rank(inc: IncidentView) -> tuple[Any, ...]:
    best = sel.fatality_range(inc)[0] or 0
    return (-inc.sources_count, -best, -SEVERITY.get(inc.type, 0), inc.day or "", inc.id)


def _main_candidates(incs: list[IncidentView]) -> list[IncidentView]:
    """Incidents that report something happening in the window (not only background, negated or claimed)."""
    return [i for i in incs if i.happened and not all(s in ("background", "claimed") for s in
                                                      (r.status for r in i.happened))]


def n_(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _change(now: int, before: int) -> str:
    return "no change" if now == before else f"{now - before:+d}"


def headline(conn: Connection, cur: list[IncidentView], prev: list[IncidentView], w: Window, p: Window
             ) -> Section:
    s = Section("Headline numbers")
    live, live_prev = [i for i in cur if i.happened], [i for i in prev if i.happened]
    s.items.append(Item(f"{n_(len(live), 'incident')} from {_d(w.since)} to {_d(w.until)}, against {len(live_prev)} in "
                        f"the previous {p.days} days ({_change(len(live), len(live_prev))}).",
                        evidence([i.happened[0] for i in live]) if live else []))

    def total(incs: list[IncidentView]) -> tuple[int, list[IncidentView]]:
        with_fig = [i for i in incs if sel.fatality_range(i)[0] is not None]
        return sum(sel.fatality_range(i)[0] for i in with_fig), with_fig  # type: ignore[misc]

    dead, counted = total(live)
    dead_prev, _ = total(live_prev)
    if counted:
        backing = [r for i in counted for r in i.happened if r.fatalities == sel.fatality_range(i)[0]]
        s.items.append(Item(f"{dead} killed in {n_(len(counted), 'incident')}, each counted once at its lowest credible "
                            f"figure, against {dead_prev} in the previous window ({_change(dead, dead_prev)}).",
                            evidence(backing)))
    else:
        s.items.append(Item(f"No fatality figure was reported in this window, against {dead_prev} killed in the "
                            f"previous window."))
    seen_before = {a.id for i in live_prev for r in i.happened for a in (*r.sources, *r.targets)}
    new: dict[str, tuple[str, ReportView]] = {}
    for i in live:
        for r in i.happened:
            for a in (*r.sources, *r.targets):
                if a.id not in seen_before and a.id not in new:
                    new[a.id] = (a.name, r)
    if new:
        spans = []
        for aid, (_, r) in new.items():
            m = sel.actor_mention(conn, r.article_id, aid, r.start, r.end)
            if m:
                spans.append({"article_id": r.article_id, "start": m["start"], "end": m["end"], "outlet": r.outlet})
        names = list(dict.fromkeys(n for n, _ in new.values()))
        s.items.append(Item(f"{n_(len(names), 'actor')} not named in the previous window: {join(names, 8)}.",
                            spans[:EVIDENCE_LIMIT]))
    else:
        s.items.append(Item("No actor appears that was not named in the previous window."))
    return s


def main_incidents(cur: list[IncidentView], limit: int = MAIN_LIMIT) -> Section:
    s = Section("Main incidents")
    for inc in sorted(_main_candidates(cur), key=_rank)[:limit]:
        s.items.append(incident_sentence(inc))
    return s


def _country_names(conn: Connection, codes: set[str]) -> dict[str, str]:
    names = sel._actor_names(conn, codes)
    return {c: names.get(c, (c, None))[0] for c in codes}


def movements(conn: Connection, cur: list[IncidentView]) -> Section:
    s = Section("Movements and deployments")
    moves = [i for i in _main_candidates(cur) + [i for i in cur if i.happened and i not in _main_candidates(cur)]
             if i.type in MOVEMENT_TYPES or (i.type == "AID" and i.mode == "military")]
    moves = [i for i in moves if any(r.status not in ("background",) or i.type == "RETREAT" for r in i.happened)]
    origins: dict[int, list[str]] = {}
    codes: set[str] = set()
    for inc in moves:
        here = inc.country
        got = [a.country for r in inc.happened for a in r.sources if a.country and a.country != here]
        origins[inc.id] = list(dict.fromkeys(got))
        codes.update(got)
    names = _country_names(conn, codes) if codes else {}
    for inc in sorted(moves, key=_rank)[:SECTION_LIMIT]:
        route = ""
        if inc.type in ("MOBILIZE", "AID") and origins[inc.id] and inc.place:
            route = f" (from {join([names[c] for c in origins[inc.id]])} \u2192 {inc.place})"
        s.items.append(incident_sentence(inc, route=route))
    return s


def contested(cur: list[IncidentView]) -> Section:
    s = Section("Contested claims")
    for inc in cur:
        denied = [r for r in inc.reports if r.status == "denied"]
        if denied:
            who = join(list(dict.fromkeys(_claimant(c) for r in denied for c in r.claimants))) or join(
                [r.outlet or "an unnamed outlet" for r in denied])
            s.items.append(Item(f"Denied: {who} denies that {clause(inc)}.", evidence(inc.reports), inc.id))
    for inc in cur:
        if any(c == "fatalities" or c.startswith("quantity:") for c in inc.conflicts) and inc.happened:
            figs = "; ".join(x for x in (fatalities_text(inc), quantities_text(inc)) if x)
            s.items.append(Item(f"Figures differ: {clause(inc)}: {figs}.", evidence(inc.reports), inc.id))
    for inc in cur:
        if inc.statuses and all(st == "claimed" for st in inc.statuses):
            s.items.append(Item(f"Claimed, not confirmed: {clause(inc)}, {attribution(inc)}.",
                                evidence(inc.reports), inc.id))
    singles = [i for i in _main_candidates(cur) if i.single_source]
    for inc in sorted(singles, key=_rank)[:SECTION_LIMIT]:
        s.items.append(Item(f"Single source: only {join(inc.outlets or ['one outlet'])} reports that {clause(inc)}; "
                            f"treat with care.", evidence(inc.reports), inc.id))
    return s
