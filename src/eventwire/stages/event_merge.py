"""Merging reports of one fact within an article: one happening, one event.

An article tells its main fact several times: in the lead, in a witness's quote, in the army's version with
another toll. Two mentions are one happening when they are of one type family, with compatible arguments
(overlapping or unnamed actors), a compatible place (the same town, one inside the other, or none) and a
compatible date, and their status agrees (reported and claimed agree: both say it happened). A mention that
names no actor ("The strike had targeted militants") joins the one earlier event it can be, and stays apart
when it could be several. "A separate strike", "another attack" and two towns tens of kilometres apart are two
happenings. The merged event keeps every claimant and quantity and the most precise date and place.
"""

from __future__ import annotations

from dataclasses import replace

from eventwire.geo import haversine_km
from eventwire.records import Actor, Event, Place, Time
from eventwire.stages.codes import REMOTE_MODES
from eventwire.stages.event_tolls import violent
from eventwire.wordlists import words

# the status groups that can describe one happening: reported and claimed both say it happened
_STATUS_GROUP = {"reported": "happened", "claimed": "happened"}
_WORDS = words("event_merge")  # data/lexicons/words/event_merge.yaml
# words on an event's own noun that say it is another happening: "a separate strike", "another attack"
_DISTINCT = _WORDS.set("distinct")
# modes of ASSAULT that name how remote violence is done; two different ones are two attacks
_REMOTE = REMOTE_MODES
_SAME_REMOTE = [{"aerial", "drone"}]
_NEAR_KM = 30.0  # two places named apart but this close are one scene (a village and the town beside it)


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


def _status_group(ev: Event) -> str:
    return _STATUS_GROUP.get(ev.attribution.status, ev.attribution.status)


def modes_compatible(a: Event, b: Event) -> bool:
    """One attack's mentions may name its means or not; two different means of remote violence, or remote
    violence and gunfire, are two attacks. Damage ("destroy") is what an attack does."""
    ma, mb = a.mode, b.mode
    if ma is None or mb is None or ma == mb or a.type != "ASSAULT" or b.type != "ASSAULT":
        return True
    if ma in _REMOTE and mb in _REMOTE:
        return any(ma in g and mb in g for g in _SAME_REMOTE)
    if ma in _REMOTE or mb in _REMOTE:
        return "destroy" in (ma, mb)  # "the shelling also damaged a school"
    return True


def places_compatible(a: Place | None, b: Place | None) -> bool:
    """No place, the same place, one inside the other (a town in its province or country), or two places a few
    kilometres apart. Two towns further apart are two scenes."""
    if a is None or b is None:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if a.geonames_id is not None and a.geonames_id == b.geonames_id:
        return True
    if a.name and b.name and a.name.lower() == b.name.lower():
        return True
    broad = {"country", "admin1", "region", "admin2"}
    if a.feature == "country" or b.feature == "country":
        return True  # "in Mali", then "in Gao": the town lies in the country (same country checked above)
    if a.feature in broad and b.feature not in broad:
        return b.admin1 is None or a.admin1 is None or a.admin1 == b.admin1 or a.name in (b.admin1, b.admin2)
    if b.feature in broad and a.feature not in broad:
        return a.admin1 is None or b.admin1 is None or a.admin1 == b.admin1 or b.name in (a.admin1, a.admin2)
    if None not in (a.lat, a.lon, b.lat, b.lon):
        return haversine_km(a.lat, a.lon, b.lat, b.lon) <= _NEAR_KM
    return False


def _distinct_cue(ev: Event) -> bool:
    """"A separate drone strike hit Kidal", "another attack": the text says this is a new happening."""
    words = ev.evidence.sentence[:max(0, ev.trigger_start - ev.evidence.start)].lower().split()[-3:]
    return any(w.strip(",.;:\"'") in _DISTINCT for w in words)


def _anonymous(actors: list[Actor]) -> bool:
    """Only generic mentions that no country places: "the attackers", "gunmen" told again."""
    return bool(actors) and all(not a.proper and a.country is None for a in actors)


def compatible(a: Event, b: Event) -> bool:
    """Everything but the actors says `a` and `b`, told in two sentences, may be one happening."""
    if not same_type(a, b) or _status_group(a) != _status_group(b) or not modes_compatible(a, b):
        return False
    if not places_compatible(a.location, b.location):
        return False
    ta, tb = stated_countries(a.targets), stated_countries(b.targets)
    if ta and tb and not (ta & tb) and not _toll_of_attack(a, b, ta):
        return False
    return dates_compatible(a.date, b.date)


def _toll_of_attack(a: Event, b: Event, targets_of_a: set[str]) -> bool:
    """Is `b` a death toll told with no one acting and no means ("Six Ukrainian pilots were killed.") after an
    attack `a` whose only stated targets are of its attacker's own country: a site or unit the actor stage gave the
    attacker's country ("Russia launched a missile attack on the Dolynske Airfield")? Then the victims' country
    parts nothing (ACLED counts every death of an event). Not where the attack names targets of another country
    ("Russian forces shelled Kharkiv. Two Russian soldiers were killed.": perhaps another fight), nor where the
    toll's sentence says it is another happening ("Elsewhere", "in a separate incident": `distinct`)."""
    if b.sources or not b.fatalities or b.type != "ASSAULT" or b.mode is not None or not a.sources:
        return False
    if not targets_of_a <= countries_of(a.sources):
        return False
    return not any(w.strip(",.;:\"'()") in _DISTINCT for w in b.evidence.sentence.lower().split())


def stated_countries(actors: list[Actor]) -> set[str]:
    """The countries the text itself gives its actors: a name or a nationality word ("Ukrainian soldiers",
    "Hezbollah"), not the story's country lent to a bare "people" or "civilians"."""
    return {a.country for a in actors if a.country and (a.proper or any(ch.isupper() for ch in a.text))}


def _sources_agree(a: Event, b: Event) -> bool:
    sa, sb = {x.id for x in a.sources}, {x.id for x in b.sources}
    ca, cb = countries_of(a.sources), countries_of(b.sources)
    return bool(sa & sb or (ca and ca == cb) or (ca & cb))


def _same_in_sentence(a: Event, b: Event) -> bool:
    """Two events of one sentence ("conducted airstrikes and shelled Mariupol", "gathered ... to protest"): one
    fact when of one type and status with agreeing actors, whatever means or place names each word carries. A
    claimed and a reported mention are one status here: "the army said it repelled an attack by the RSF" tells the
    attack (reported) and its repelling (claimed) of one fight."""
    if not same_type(a, b) or _status_group(a) != _status_group(b):
        return False
    if not a.sources or not b.sources:
        return True  # "two soldiers were wounded when a drone hit their vehicle": one attack, its agent named once
    if not _sources_agree(a, b):
        return False
    ta, tb = countries_of(a.targets), countries_of(b.targets)
    if ta and tb and not (ta & tb):
        return False
    if a.location and b.location and a.location.country != b.location.country:
        return False
    return dates_compatible(a.date, b.date)


def same_fact(a: Event, b: Event) -> bool:
    """`b` (the later mention) reports the happening `a`. In another sentence: both name overlapping actors or
    actors of one country, or one of them names only anonymous ones ("the attackers"), and nothing else parts
    them."""
    if a.evidence.start == b.evidence.start:
        return _same_in_sentence(a, b)
    if not compatible(a, b) or _distinct_cue(b):
        return False
    if not a.sources or not b.sources:
        return False  # decided by `merge_events`: a mention without actors joins the one event it can be
    return _sources_agree(a, b) or _anonymous(a.sources) or _anonymous(b.sources)


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


def _antecedent(out: list[Event], ev: Event) -> Event | None:
    """The earlier event that `ev` retells: one with its actors, or, for a mention that names no source ("The
    strike had targeted militants"), the one compatible event of the article, none where several could be."""
    hit = next((o for o in out if same_fact(o, ev)), None)
    if hit is not None or ev.sources or _distinct_cue(ev):
        return hit
    cands = [o for o in out if o.evidence.start != ev.evidence.start and compatible(o, ev)]
    if len({frozenset(x.id for x in o.sources) for o in cands}) == 1 and cands:
        return cands[0]
    return None


TOLL_REACH = 4  # sentences: how far back a toll told on its own looks for the attack it counts


def credit_toll(events: list[Event], sentence_of: dict[int, int], k: int, toll: int, alternative: bool = False
                ) -> None:
    """A death toll told in a sentence with no attack of its own ("He was killed in the attack." "Two truck
    drivers died." "1 fatality.") counts the dead of the nearest attack told before it, at most TOLL_REACH
    sentences back. The attack's fatalities become the larger of the two, never their sum: a report tells the same
    dead twice. A toll told as a claim or by other sources (`alternative`: "The rebels claimed killing 30.", "Other
    sources reported two dead.") is another report of the dead the attack counts already: the smaller figure is
    kept (ACLED codes the most conservative). Mentions that do not say it happened are skipped.
    `sentence_of`: a sentence's start offset -> its number (an event's evidence starts at its sentence)."""
    for ev in reversed(events):
        back = k - sentence_of.get(ev.evidence.start, -TOLL_REACH - 1)
        if back > TOLL_REACH:
            return
        if (ev.type == "ASSAULT" or violent(ev)) and \
                ev.attribution.status not in ("negated", "hypothetical"):
            ev.fatalities = min(ev.fatalities, toll) if alternative and ev.fatalities else max(ev.fatalities or 0,
                                                                                              toll)
            return


def _claimed_toll(ev: Event) -> bool:
    """Is the event a side's claim of killing ("the rebels claimed killing four soldiers"), whose figure is theirs?
    Not a claim of responsibility for an attack (its trigger is the attack)."""
    return ev.attribution.status == "claimed" and ev.trigger.lower().split()[-1:] in (["killing"], ["killed"])


def take_figures(target: Event, ev: Event) -> None:
    """`target` takes what another mention of its happening says of when and how many: the tighter date, the
    quantities it lacks, the larger death toll (never a sum; the smaller where one of the two is a side's claim)."""
    target.date = tighter(target.date, ev.date)
    target.quantities += [q for q in ev.quantities if q.start not in {x.start for x in target.quantities}]
    if ev.fatalities is not None and target.fatalities and _claimed_toll(ev) != _claimed_toll(target):
        target.fatalities = min(target.fatalities, ev.fatalities)  # a side's claim and a report of the same dead:
        # the most conservative figure (ACLED's codebook)
    elif ev.fatalities is not None:
        target.fatalities = max(target.fatalities or 0, ev.fatalities)


def merge_events(events: list[Event]) -> list[Event]:
    out: list[Event] = []
    for ev in events:
        target = _antecedent(out, ev)
        if target is None:
            out.append(ev)
            continue
        if target.attribution.status != ev.attribution.status and ev.attribution.status == "reported":
            target.attribution.status, target.attribution.cue = "reported", ev.attribution.cue  # also told as fact
        target.sources = dedupe(target.sources + ev.sources)
        mine = countries_of(target.targets)
        # a bare "people" the actor stage gave another country ("Another 30 people were wounded") adds nothing
        target.targets = dedupe(target.targets + [t for t in ev.targets if not mine or not t.country
                                                  or t.country in mine or t.country in stated_countries([t])])
        if target.location is None or (ev.location and target.location.feature == "country"
                                       and ev.location.feature != "country"):
            target.location = ev.location or target.location
        take_figures(target, ev)
        texts = {c.text for c in target.attribution.claimants}
        target.attribution.claimants += [c for c in ev.attribution.claimants if c.text not in texts]
        target.confidence = min(0.99, max(target.confidence, ev.confidence) + 0.05)
        if target.type != ev.type and ev.type == "AID":  # the deployment is military aid
            target.type, target.mode, target.cameo, target.acled = ev.type, ev.mode, ev.cameo, ev.acled
        if target.mode is None and ev.mode in _REMOTE and target.type == ev.type:
            # "an attack", then "the drone strike": the weapon named later decides the codes
            target.mode, target.cameo, target.acled = ev.mode, ev.cameo, ev.acled or target.acled
        elif target.mode is None:
            target.mode = ev.mode
        if target.type == ev.type == "PROTEST" and _violent(ev) and target.mode != "riot":
            # a demonstration whose people block roads with barricades, fire or vehicles is one violent
            # demonstration (ACLED's codebook): keep what the merged report said, as its sentence goes with it
            target.mode = "riot"
    return out


def _violent(ev: Event) -> bool:
    from eventwire.stages.codes_protests import BARRICADE

    return ev.mode == "obstruct" and bool(BARRICADE.search(ev.evidence.sentence.lower()))


def fought_off_is_the_fight(built: list, senses: dict) -> list:
    """"The army repelled an attack by the RSF", "Ukrainian forces repulsed a Russian assault": the attack a verb
    of fighting off takes as its object (a two-sided trigger sense with `object_words`: repel, repulse, thwart,
    foil; not "launched a rocket attack", whose attack is told twice and merged as such) is the fight itself. Its
    attackers join the fighting-off event's other side and its own event goes. `built` holds (trigger token, event) pairs of one sentence; `senses` maps a token's index to its sense."""
    by_tok = {tok.i: ev for tok, ev in built}
    gone: set[int] = set()
    for tok, ev in built:
        sense = senses.get(tok.i)
        if sense is None or not (sense.object_words and sense.symmetric) or ev.type != "ASSAULT":
            continue
        for obj in tok.children:
            inner = by_tok.get(obj.i)
            if obj.dep_ != "dobj" or inner is None or inner is ev or inner.type != "ASSAULT" or obj.i in gone:
                continue
            mine = {a.id for a in ev.sources}
            ev.targets = dedupe(ev.targets + [a for a in inner.sources if a.id not in mine])
            ev.location = ev.location or inner.location
            take_figures(ev, inner)
            gone.add(obj.i)
    return [(tok, ev) for tok, ev in built if tok.i not in gone]
