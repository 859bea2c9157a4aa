"""ACLED's codes for a demonstration and what happens around it, read over the whole article: a protest whose
demonstrators burn, smash or fight is a violent demonstration; one the forces break up is a protest with
intervention, or excessive force when they kill or injure; a crowd's violence at a named demonstration is that
demonstration's (`harmonise_acled`, which also runs the article-level rules of `codes` on violence and territory).
The codes of a single event (sides, means, targets) are `codes.acled`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from eventwire.stages.codes import (
    _CROWD, _NEGATED, _REMOTE, _WORDS, forces_moved, gatherings_banned, off_duty_is_civilian, peaceful_takeover,
    sexual_violence_in_attack, surrender_is_agreement,
)
from eventwire.stages.triggers import CONDEMNING_FORMS

def _civilian_side(ev) -> bool:
    return bool(ev.sources) and all(a.sector in ("CVL", "OPP", "EDU", "LAB", None) and a.kind != "armed_group"
                                     for a in ev.sources)


def _force_side(ev) -> bool:
    return bool(ev.sources) and any(a.sector in ("COP", "MIL", "GOV") for a in ev.sources)


_SEIZING = frozenset({"seize"})
_CLASH_WORDS = ("clash", "scuffl", "fought", "brawl", "skirmish")  # coercion by a crowd that is violence: taking people or property by force
_DEMO_WORDS = _WORDS.seq("demo_words")
_POLITICAL_CROWDS = _WORDS.seq("political_crowds")
_BACK_REFERENCES = _WORDS.seq("back_references")
PROTESTER_WORDS = _WORDS.seq("protester_words")  # codes.yaml: "protester", "demonstrator", "crowd"
_VIOLENT_ACTS = _WORDS.seq("violent_acts")
_INTERVENTION = tuple(_WORDS.seq("intervention_words"))
# "blocked the highway with rocks and tree branches", "set up blockades with rocks": blocking done with material
_BLOCKED_WITH = re.compile(r"\b(?:block|barricad)\w*\b[^.;]{0,60}?\bwith\b[^.;]{0,30}?\b(?:"
                           + "|".join(re.escape(w) for w in _WORDS.seq("blocking_material")) + r")\b")


_SAID_PEACEFUL = _WORDS.seq("said_peaceful")
_CAUSE_CUES = _WORDS.set("cause_cues")
_RELATIVES = frozenset({"who", "that", "which"})
_PASSIVE = frozenset({"was", "were", "had", "has", "have"})
_CLAUSE_BREAKS = frozenset({",", ";", ":", "and", "but", "then", "while"})
CAUSE_WINDOW = 6  # words before a violent word searched for a cue of cause


def named_protesters(a) -> bool:
    """An actor named as demonstrators (codes.yaml `protester_words`: "demonstrators", "protesters", "the crowd")."""
    return any(w in a.text.lower() for w in PROTESTER_WORDS)


def said_peaceful(text: str) -> bool:
    """Whether the report says its demonstration was peaceful (codes.yaml `said_peaceful`)."""
    low = text.lower()
    return any(w in low for w in _SAID_PEACEFUL)


def told_as_cause(e) -> bool:
    """Whether the event's word is told as what a demonstration is about or came after, not as an act at it: one of
    `cause_cues` ("after", "against", "in support of", "denouncing") among the CAUSE_WINDOW words before the word,
    back to a comma or "and", or a relative pronoun before a passive or perfect ("a man who was killed")."""
    at = e.trigger_start - e.evidence.start
    if not 0 < at <= len(e.evidence.sentence):
        return False
    words = re.findall(r"[\w'-]+|[,;:]", e.evidence.sentence[:at].lower())[-CAUSE_WINDOW:]
    for k in range(len(words) - 1, -1, -1):
        w = words[k]
        if w in _CLAUSE_BREAKS:
            return False
        if w in _CAUSE_CUES:
            return True
        if w in _RELATIVES and k + 1 < len(words) and words[k + 1] in _PASSIVE:
            return True
    return False

_PROPERTY = "|".join(re.escape(w) for w in sorted(_WORDS.set("burnt_property"), key=len, reverse=True))
# "burned a truck and tyres", "set fire to two cars", "setting obstacles on fire"
_BURNT = re.compile(r"\b(?:burn(?:ed|t|ing)|torch(?:ed|ing)|set(?:ting)? fire to)\s+(?:[\w'-]+\s+){0,3}?(?:"
                    + _PROPERTY + r")\b|\bset(?:ting)?\s+(?:[\w'-]+\s+){0,3}?(?:" + _PROPERTY
                    + r")\s+(?:on fire|ablaze|alight)\b")


def violent_acts(sentence: str, burnt: bool = True) -> bool:
    """Whether the sentence says demonstrators did what ACLED counts as violence, not negated: a listed act, a
    road blocked with material (the codebook's "barricades, burning tires, or other material"), or property burnt
    (`burnt_property`: "burned a truck", "setting obstacles on fire"), unless `burnt` is False."""
    low = sentence.lower()
    for phrase in _VIOLENT_ACTS:
        at = low.find(phrase)
        while at >= 0:
            if not _NEGATED.search(low[max(0, at - 30):at]):
                return True
            at = low.find(phrase, at + 1)
    return any(not _NEGATED.search(low[max(0, m.start() - 30):m.start()])
               for m in (*_BLOCKED_WITH.finditer(low), *(_BURNT.finditer(low) if burnt else ())))


def intervention(e) -> bool:
    """Forces breaking into a demonstration by the word itself: "police intervened in the event", "dispersed the
    crowd", "broke up the sit-in" (ACLED's codebook: a protest with intervention is one "physically dispersed or
    suppressed"); not a strike from the air or shelling, and not an act of the demonstrators (decided by the
    caller)."""
    return e.type in ("MOBILIZE", "COERCE", "ASSAULT") and e.mode not in _REMOTE and \
        e.trigger.lower().startswith(_INTERVENTION) and all(a.sector in ("COP", "MIL", None) for a in e.sources)


# ACLED's codebook counts road-blocking "using barricades, burning tires, or other material" as a violent
# demonstration: barricades, fire, or any thing used to block ("used their tractors to block the avenue")
BARRICADE = re.compile(r"\b(barricades?|burning|burnt|burned|set fire|molotov|(?:using|used|with) (?:their |its |the )?"
                        r"(?:[\w-]+ ){0,2}?[\w-]+ to block)\b")

# not the month ("On 15 March 2022")
_DEMONSTRATION = re.compile(r"\b(?:protest|demonstrat|rall(?:y|ies|ied)\b|march(?:ed|es|ers|ing)?\b(?!\s+\d))")


def demonstration_named(sentence: str) -> bool:
    return bool(_DEMONSTRATION.search(sentence.lower()))


def crowd_violence_at_a_demonstration(events: list) -> None:
    """A crowd's violence told with the demonstration it happened at ("rioters clashed with soldiers during a
    demonstration", "demonstrators fought with police", "workers clashed with the management during their
    demonstration"), or roads barricaded with burning tyres or other material, is a violent demonstration (ACLED's
    codebook: demonstrators who engage in violence), not mob violence, even where no protest event was read; so is
    their property destruction (`destruction_at_a_demonstration`)."""
    for e in events:
        if symbol_burnt(e) and _civilian_side(e) and demonstration_named(e.evidence.sentence):
            # "activists burned a portrait of the president during a rally": the rally's act, a peaceful protest
            e.acled = {"event_type": "Protests", "sub_event_type": "Peaceful protest"}
            continue
        if destruction_at_a_demonstration(e):
            e.acled = {"event_type": "Riots", "sub_event_type": "Violent demonstration"}
            continue
        if (e.acled or {}).get("sub_event_type") != "Mob violence":
            continue
        low = e.evidence.sentence.lower()
        # a crowd burning a shop or a house where no demonstration is named stays mob violence
        if demonstration_named(low) or (violent_acts(low, burnt=False) and BARRICADE.search(low)) or \
                _BLOCKED_WITH.search(low):
            e.acled = {"event_type": "Riots", "sub_event_type": "Violent demonstration"}


def destruction_at_a_demonstration(e) -> bool:
    """ACLED's codebook: a violent demonstration is one whose demonstrators "engage in violent or destructive acts",
    property destruction among them. Property burnt or damaged by people of no armed side and no state force, in a
    sentence that names the demonstration they held ("burned tires and tree trunks during a demonstration", "damaged
    university windows ... in a demonstration over", "burned a truck and tyres during a demonstration": ACLED world
    train, 11 notes of a civilian side's destruction told with its demonstration are violent demonstrations; those
    coded peaceful tell no destruction by the marchers, "demanding compensation for the crops damaged") is that
    violent demonstration, not Looting/property destruction. Not where the destruction is what the demonstration is
    about (`told_as_cause`)."""
    if e.type != "ASSAULT" or e.mode != "destroy" or (e.acled or {}).get("sub_event_type") != \
            "Looting/property destruction":
        return False
    if not _civilian_side(e) or e.attribution.status not in ("reported", "claimed") or symbol_burnt(e):
        return False
    return demonstration_named(e.evidence.sentence) and not told_as_cause(e)


_SYMBOLS = frozenset(_WORDS.seq("burnt_symbols"))
_PROPERTY_WORDS = frozenset(_WORDS.set("burnt_property"))


def symbol_burnt(e) -> bool:
    """Whether a destruction is the burning of a protest's symbol: an effigy, a flag, a portrait or a picture among the
    five words after its word ("burning the Myanmar flag", "set the picture of the prime minister on fire", "burning
    effigies of the Prime Minister"). ACLED codes such a protest peaceful, the symbol being no property destroyed
    (ACLED world train: the 3 protests where demonstrators burn a flag, an effigy or a picture are all peaceful)."""
    if e.type != "ASSAULT" or e.mode != "destroy":
        return False
    at = e.trigger_end - e.evidence.start
    if not 0 <= at <= len(e.evidence.sentence):
        return False
    after = re.findall(r"[\w'-]+", e.evidence.sentence[at:].lower())[:5]
    # ... and no property burnt with it ("burned tyres and an effigy", "a car bearing the party's flag")
    return any(w in _SYMBOLS for w in after) and not any(w in _PROPERTY_WORDS for w in after)


def _harsh(force: list) -> bool:
    """ACLED keeps "excessive force" for lethal or potentially lethal force (live fire, deaths, many hurt); beating or
    arresting a few protesters is an intervention."""
    return any(e.type == "ASSAULT" and (e.fatalities or e.mode == "firearms" or any(
        q.wounded and (q.min or q.max or 0) >= 3 for q in e.quantities)) for e in force)


def force_on_protesters(live: list) -> None:
    """Forces' violence on people named as demonstrators, where no demonstration event was read ("Police killed three
    demonstrators in Lima", "Security forces gunned down protesters"): ACLED's codebook codes force used on
    demonstrators as the demonstration's own event, excessive force where it is lethal (`_harsh`), else an
    intervention, never an attack on civilians."""
    for e in live:
        if e.type == "ASSAULT" and e.mode not in _REMOTE and _force_side(e) and e.targets and all(
                named_protesters(a) for a in e.targets):
            sub = "Excessive force against protesters" if _harsh([e]) else "Protest with intervention"
            e.acled = {"event_type": "Protests", "sub_event_type": sub}


def harmonise_acled(events: list, text: str = "") -> list:
    """ACLED codes a demonstration as one event: if protesters also burn, smash or fight, the protest
    is a violent demonstration; if police intervene, a protest with intervention, or excessive force
    when they kill or injure. Every event of that demonstration in the article gets the same codes."""
    peaceful_takeover(events, text)
    surrender_is_agreement(events)
    gatherings_banned(events)
    forces_moved(events)
    sexual_violence_in_attack(events)
    off_duty_is_civilian(events)
    live = [e for e in events if e.attribution.status not in ("negated", "hypothetical", "denied", "background")]
    crowd_violence_at_a_demonstration(live)
    protests = [e for e in live if e.type == "PROTEST"]
    if not protests:
        force_on_protesters(live)
        return events
    # generic actors share an id per country and sector ("ARG:CVL" is every crowd): for them the words decide
    marchers = {a.id for e in protests for a in e.sources if a.proper}
    generic = {a.id for e in protests for a in e.sources if not a.proper}
    heads = {a.text.lower().split()[-1] for e in protests for a in e.sources if not a.proper and a.text.split()}

    def is_marcher(a) -> bool:
        words = a.text.lower().split()
        if words and words[-1] in _BACK_REFERENCES and a.id in generic:
            return True  # "The group chased a driver": the marchers named before
        return (a.proper and a.id in marchers) or bool(words and words[-1] in heads) or any(
            w in a.text.lower() for w in PROTESTER_WORDS)

    def by_marchers(e) -> bool:
        return any(is_marcher(a) for a in e.sources)

    def on_marchers(e) -> bool:
        return any(is_marcher(a) for a in e.targets)

    causes_rank_below(live, protests, by_marchers)
    condemned_at_a_protest(live, protests)
    # ACLED's codebook: a demonstration is violent when demonstrators "engage in violent or destructive acts";
    # a crowd that stops traffic, prevents a session or calls for a curfew does not (their coercion is the
    # protest itself), but one that seizes people or property does
    unrest = [e for e in live if (e.type == "ASSAULT" or (e.type == "COERCE" and e.mode in _SEIZING)) and (
        _civilian_side(e) or (e.type == "ASSAULT" and len(e.sources) > 1)) and by_marchers(e)  # "clashes between
        # demonstrators and police"; a crowd's "strike" is a walkout ("gathered in support of the cleaners' strike",
        # "announced a strike and protested"), and no crowd strikes from the air
        and not (e.type == "ASSAULT" and (e.mode in _REMOTE or e.trigger.lower().startswith("strike")))
        and not symbol_burnt(e)]
    unrest += [e for e in protests if e.mode == "obstruct" and BARRICADE.search(e.evidence.sentence.lower())]
    unrest += [e for e in protests if e.mode == "riot"]  # marchers who broke windows: the march was violent
    # a clash is a fight of two sides: forces who clash with the marchers fight marchers who fight back ("police
    # clashed with the citizens demonstrating"; ACLED world train: of the notes that tell demonstrators and police
    # clashing, 17 of 21 are violent demonstrations), not an intervention in a peaceful march
    unrest += [e for e in live if e.type == "ASSAULT" and e not in unrest and e.trigger.lower().startswith(
        _CLASH_WORDS) and on_marchers(e) and _force_side(e)]
    # the killing or clash the demonstration is about or came after is its cause, not its violence ("relatives of a
    # man who was killed marched", "gathered ... after they shot a man", "This happened days after a clash")
    unrest = [e for e in unrest if e.type == "PROTEST" or not told_as_cause(e)]
    unrest += [e for e in protests if e not in unrest and violent_acts(e.evidence.sentence)]
    # the demonstrators' violence told in a later sentence of the report ("thousands demonstrated in
    # Magdeburg. Demonstrators threw bottles and flares at officers.")
    if not unrest and violence_told_after(protests, text):
        unrest += protests
    if said_peaceful(text):
        unrest = []  # "held a peaceful protest ... light pushing with police": the report says what it was
    # an air or drone strike, shelling or a bomb stays what it is: ACLED codes remote violence by its means,
    # whoever it hits ("a drone strike hit the market where a crowd had gathered")
    # ACLED: an intervention is force used on the demonstrators; police arresting a named official, a state
    # holding prisoners the crowd marches for, or troops striking a country are no intervention in the march
    def at_marchers(e) -> bool:
        return not e.targets or on_marchers(e) or any(
            not a.proper and (a.sector in _CROWD or a.sector is None) for a in e.targets)

    # "Two persons were arrested": at a demonstration, an arrest with no one named making it is the police's
    force = [e for e in live if e.type in ("ASSAULT", "COERCE") and e not in unrest and e.mode not in _REMOTE
             and not told_as_cause(e)
             and (((_force_side(e) or (e.mode == "arrest" and not e.sources)) and at_marchers(e))
                  or (_civilian_side(e) and on_marchers(e)))]
    # "police intervened and dispersed the group": the word says force broke into the march, whoever
    # the parser found acting (a police force the knowledge base does not know has no sector)
    force += [e for e in live if e not in force and e not in unrest and intervention(e) and not by_marchers(e)
              and at_marchers(e)]
    # what happens at the demonstration happens where and when it does: "One demonstrator engaged in a fistfight"
    anchor = next((p for p in protests if p.location is not None), None)
    for e in (unrest + force) if anchor is not None else ():
        if e.location is None:
            e.location = replace(anchor.location)
        if anchor.date is not None and anchor.date.precision == "day" and (
                e.date is None or (e.date.precision != "day" and not e.date.text)):
            e.date = replace(anchor.date)
    if unrest:
        # a crowd's violence where no demonstration is named ("about 20 residents attacked policemen with stones")
        # is mob violence; demonstrators' violence makes their demonstration violent
        demo = any(e.trigger.lower().startswith(_DEMO_WORDS) for e in protests) or any(
            demonstration_named(e.evidence.sentence) for e in live) or any(
            w in e.evidence.sentence.lower() for e in protests + unrest for w in _POLITICAL_CROWDS)
        sub = "Violent demonstration" if demo else "Mob violence"
        for e in protests + unrest:
            e.acled = {"event_type": "Riots", "sub_event_type": sub}
        for e in protests:
            e.mode = "riot"
        if demo:
            # ACLED's codebook: an intervention or excessive force is force used on peaceful demonstrators; police
            # who disperse demonstrators who barricade streets or throw stones break up a violent demonstration
            # (ACLED world train: "blocked streets with rocks ... Police officers dispersed the crowd", "threw stones
            # at a police officer ... Police arrested 5 demonstrators": 4 such notes, each a violent demonstration)
            for e in force:
                e.acled = {"event_type": "Riots", "sub_event_type": sub}
    elif force:
        sub = "Excessive force against protesters" if _harsh(force) else "Protest with intervention"
        for e in protests + force:
            e.acled = {"event_type": "Protests", "sub_event_type": sub}
    else:
        unarmed_demonstration(protests, live)
    return events


_CAUSE_MARGIN = 0.05


def causes_rank_below(live: list, protests: list, by_marchers) -> None:
    """Violence told as what a protest of the same sentence is about or came after (`told_as_cause`), by no one of
    the marchers, is background and ranks below that protest: "people gathered ... in support of worshippers whom
    soldiers kept out of the mosque"."""
    for e in live:
        if e.type not in ("ASSAULT", "COERCE") or by_marchers(e) or not told_as_cause(e):
            continue
        same = [p.confidence for p in protests if p.evidence.start == e.evidence.start]
        if same:
            e.attribution.status = "background"
            e.confidence = max(0.05, min(e.confidence, max(same) - _CAUSE_MARGIN))


def condemned_at_a_protest(live: list, protests: list) -> None:
    """An act condemned at or after a demonstration ("They condemned the shelling of their town by the army",
    triggers.condemned_act) is what the demonstrators protest over: background that ranks below their protest, as
    a cause told in the protest's own sentence is (`causes_rank_below`), not news of its own."""
    first = min(p.evidence.start for p in protests)
    top = max(p.confidence for p in protests)
    for e in live:
        if e.type in ("ASSAULT", "COERCE") and e.evidence.start >= first and e.attribution.cue and \
                e.attribution.cue.lower() in CONDEMNING_FORMS:
            e.attribution.status = "background"
            e.confidence = max(0.05, min(e.confidence, top - _CAUSE_MARGIN))


def violence_told_after(protests: list, text: str) -> bool:
    """Whether a sentence after the first protest's own says demonstrators did what ACLED counts as violence
    (`violent_acts`): ACLED's codebook codes the demonstration, told over the whole report, as one event."""
    if not text or not protests:
        return False
    first = min(protests, key=lambda e: e.evidence.start)
    rest = text[first.evidence.end:]
    return violent_acts(rest)


def unarmed_demonstration(protests: list, live: list) -> None:
    """A protest that only the model's reading made a violent demonstration (its rules found no riot: its mode is
    no riot, no crowd violence was read, and its sentence names no violent act, barricade or fire) is peaceful:
    ACLED's codebook codes a violent demonstration only where demonstrators "engage in violent or destructive
    acts" ("demonstrators rallied in Vienne at the unions' call"; ACLED world train: 4 of 5 such notes).
    Likewise a protest only the model coded as one with intervention, where no force on it was read and no word of
    the article tells it broken up ("dispersed", "intervened": `intervention_words`): ACLED's codebook, the protest
    must be "physically dispersed or suppressed" ("protesters marched past police at a parade", "relatives of
    police officers protested": ACLED world train, the model reading the police named as force used). Not where the protest read is the forces' own act ("police attempted to physically remove")."""
    broken_up = any(e.trigger.lower().startswith(_INTERVENTION) for e in live)
    for e in protests:
        if (e.acled or {}).get("sub_event_type") == "Protest with intervention" and not broken_up and \
                not _force_side(e):
            e.acled = {"event_type": "Protests", "sub_event_type": "Peaceful protest"}
            continue
        low = e.evidence.sentence.lower()
        if (e.acled or {}).get("sub_event_type") == "Violent demonstration" and e.mode != "riot" and not (
                violent_acts(low) or BARRICADE.search(low) or _BLOCKED_WITH.search(low)):
            e.acled = {"event_type": "Protests", "sub_event_type": "Peaceful protest"}
