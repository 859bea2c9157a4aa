"""Merging reports of one fact within an article: same type, overlapping actors, compatible place and
date. The merged event keeps every claimant and quantity and the most precise date and place."""

from __future__ import annotations

from dataclasses import replace

from eventwire.records import Actor, Event, Time


def dedupe(actors: list[Actor]) -> list[Actor]:
    seen: dict[str, Actor] = {}
    for a in actors:
        seen.setdefault(a.id, a)
    return list(seen.values())


def countries_of(actors: list[Actor]) -> set[str]:
    return {a.country for a in actors if a.country}


def same_type(a: Event, b: Event) -> bool:
    """Same PLOVER type, or a deployment and the military aid that the same deployment is."""
    if a.type == b.type:
        return True
    pair = {a.type, b.type}
    return pair == {"MOBILIZE", "AID"} and "military" in (a.mode, b.mode)


def same_fact(a: Event, b: Event) -> bool:
    if not same_type(a, b) or a.attribution.status != b.attribution.status:
        return False
    if a.evidence.start == b.evidence.start and (not a.sources or not b.sources):
        return True  # "two soldiers were wounded when a drone hit their vehicle": one attack, its agent named once
    sa, sb = {x.id for x in a.sources}, {x.id for x in b.sources}
    ca, cb = countries_of(a.sources), countries_of(b.sources)
    if not (sa & sb or (ca and ca == cb) or (ca & cb)):
        return False
    ta, tb = countries_of(a.targets), countries_of(b.targets)
    if ta and tb and not (ta & tb):
        return False
    if a.location and b.location and a.location.country != b.location.country:
        return False
    return dates_compatible(a.date, b.date)


def dates_compatible(a: Time | None, b: Time | None) -> bool:
    if a is None or b is None:
        return True
    if a.text and b.text and a.value != b.value:
        return False  # two different dates given in the text: two facts
    lo = max(a.earliest or "0000", b.earliest or "0000")
    hi = min(a.latest or "9999", b.latest or "9999")
    return lo <= hi


def tighter(a: Time | None, b: Time | None) -> Time | None:
    if a is None or b is None:
        return a or b
    order = {"day": 0, "week": 1, "month": 2, "range": 3, "year": 4}
    ka = (order.get(a.precision, 5), 0 if a.text else 1)
    kb = (order.get(b.precision, 5), 0 if b.text else 1)
    if a.precision == "range" and b.precision == "range" and not a.text and not b.text:
        lo = max(a.earliest or "", b.earliest or "") or None
        hi = min(a.latest or "9999", b.latest or "9999")
        hi = None if hi == "9999" else hi
        return replace(a, earliest=lo, latest=hi, value=f"{lo or '..'}/{hi or '..'}")
    return a if ka <= kb else b


def merge_events(events: list[Event]) -> list[Event]:
    out: list[Event] = []
    for ev in events:
        target = next((o for o in out if same_fact(o, ev)), None)
        if target is None:
            out.append(ev)
            continue
        target.sources = dedupe(target.sources + ev.sources)
        target.targets = dedupe(target.targets + ev.targets)
        if target.location is None or (ev.location and target.location.feature == "country"
                                       and ev.location.feature != "country"):
            target.location = ev.location or target.location
        target.date = tighter(target.date, ev.date)
        texts = {c.text for c in target.attribution.claimants}
        target.attribution.claimants += [c for c in ev.attribution.claimants if c.text not in texts]
        target.quantities += [q for q in ev.quantities if q.start not in {x.start for x in target.quantities}]
        if ev.fatalities is not None:
            target.fatalities = max(target.fatalities or 0, ev.fatalities)
        target.confidence = min(0.99, max(target.confidence, ev.confidence) + 0.05)
        if target.type != ev.type and ev.type == "AID":  # the deployment is military aid
            target.type, target.mode, target.cameo, target.acled = ev.type, ev.mode, ev.cameo, ev.acled
        if target.mode is None:
            target.mode = ev.mode
        if target.type == ev.type == "PROTEST" and _violent(ev) and target.mode != "riot":
            # a demonstration whose people block roads with barricades, fire or vehicles is one violent
            # demonstration (ACLED's codebook): keep what the merged report said, as its sentence goes with it
            target.mode = "riot"
    return out


def _violent(ev: Event) -> bool:
    from eventwire.stages.codes import BARRICADE

    return ev.mode == "obstruct" and bool(BARRICADE.search(ev.evidence.sentence.lower()))
