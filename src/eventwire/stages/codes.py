"""Codes beside PLOVER: the CAMEO root or code, and ACLED's event type and sub-event type.

ACLED types depend on more than the PLOVER type: on the mode (an air strike is "Explosions/Remote
violence"), on who acts (a non-state actor taking a town is "Non-state actor overtakes territory")
and on the target (an attack on civilians is "Violence against civilians"). Events that ACLED does
not code (diplomacy, statements) get no ACLED type.
"""

from __future__ import annotations

import re
from dataclasses import replace

from eventwire.records import Actor
from eventwire.wordlists import words

_ARMED = {"MIL", "REB", "COP", "UAF", "SPY"}
_CROWD = {"CVL", "OPP", "PTY", "EDU", "LAB", "BUS", "REF"}  # people who are no armed group
# ACLED's codebook: civilians are "unarmed and not engaged in political violence", whatever their office; a
# journalist, lawyer, activist, teacher, cleric, aid worker, lawmaker or local official shot by gunmen is an
# Attack (Violence against civilians), not a clash. A generic noun of these sectors names such people.
_UNARMED = {"CVL", "OPP", "EDU", "REF", "MED", "JUD", "LEG", "REL", "NGO", "HLH", "GOV"}
_REMOTE = {
    "aerial": "Air/drone strike", "drone": "Air/drone strike",
    "heavy-weapons": "Shelling/artillery/missile attack", "explosives": "Remote explosive/landmine/IED",
    "suicide-attack": "Suicide bomb", "grenade": "Grenade", "unconventional": "Chemical weapon",
}
REMOTE_MODES = frozenset(_REMOTE)  # the means of remote violence: an air strike stays one, whoever it hits
_CAMEO_BY_MODE = {
    ("ASSAULT", "aerial"): "195", ("ASSAULT", "drone"): "1951", ("ASSAULT", "heavy-weapons"): "194",
    ("ASSAULT", "firearms"): "193", ("ASSAULT", "explosives"): "183", ("ASSAULT", "suicide-attack"): "1831",
    ("ASSAULT", "unconventional"): "204", ("AID", "military"): "072", ("AID", "humanitarian"): "073",
    ("AID", "economic"): "071", ("MOBILIZE", "weapons"): "154", ("MOBILIZE", "police"): "151",
    ("PROTEST", "riot"): "145", ("THREATEN", "violence"): "138", ("THREATEN", "restrict"): "1312",
    ("THREATEN", "relations"): "1313", ("CONSULT", "visit"): "042", ("COOPERATE", "military"): "062",
}


# each PLOVER type's CAMEO root (PLOVER codebook, "CAMEO" column), for an event whose type a rule changed after the
# word was read: "X must mediate" is a demand (10), not mediation (043); "will release" a promise (03), not 0841
_CAMEO_BY_TYPE = {
    "AGREE": "030", "CONSULT": "040", "SUPPORT": "050", "COOPERATE": "060", "AID": "070", "CONCEDE": "080",
    "RETREAT": "080", "ACCUSE": "110", "REQUEST": "100", "REJECT": "120", "THREATEN": "130", "PROTEST": "140",
    "MOBILIZE": "150", "SANCTION": "160", "COERCE": "170", "ASSAULT": "190",
}


def cameo(etype: str, mode: str | None, base: str, base_type: str | None = None) -> str:
    """The CAMEO code of an event: its mode's, else the word's (`base`), else, when a rule retyped the event
    (`base_type`, the word's type, differs), the type's root."""
    if base_type is not None and base_type != etype:
        base = _CAMEO_BY_TYPE.get(etype, base)
    return _CAMEO_BY_MODE.get((etype, mode or ""), base)


def _armed(a: Actor) -> bool:
    """An armed side: a force or armed group by its sector or kind, or people the text calls armed ("armed
    individuals", "suspected armed pastoralists": ACLED's unidentified armed groups)."""
    return a.sector in _ARMED or a.kind == "armed_group" or "armed" in a.text.lower().split()


def armed_target(targets: list[Actor]) -> bool:
    return any(_armed(t) for t in targets)


def crowd(sources: list[Actor]) -> bool:
    """A crowd of people acts: every source a generic actor of no armed side named by a crowd noun ("locals",
    "villagers", "a mob"). ACLED's codebook: mob violence is violence by a crowd, not an organised group."""
    return bool(sources) and all(a.kind == "generic" and not _armed(a) and a.sector in (None, "CVL", "BUS")
                                 and a.text.lower().split()[-1:] and a.text.lower().split()[-1] in _CROWD_NOUNS
                                 for a in sources)


def sides_known(sources: list[Actor], targets: list[Actor]) -> bool:
    """Whether the actors decide between ACLED's clash, attack and mob violence: a source is named and a target is
    an armed side or unarmed people (not a state, a place or an organisation of unknown kind)."""
    return bool(sources) and any(_armed(t) or (t.kind == "generic" and t.sector in _UNARMED) for t in targets)


def _state_side(a: Actor) -> bool:
    return a.sector in ("MIL", "GOV", "COP") and a.kind in ("state", "organisation", "generic")


def acled(etype: str, mode: str | None, sources: list[Actor], targets: list[Actor], *,
          civilians_hit: bool = False, fatalities: int | None = None, symmetric: bool = False
          ) -> dict[str, str] | None:
    def pair(t: str, s: str) -> dict[str, str]:
        return {"event_type": t, "sub_event_type": s}

    armed_target = any(_armed(t) for t in targets)
    civ_target = civilians_hit or any(t.sector == "CVL" or (t.kind == "generic" and t.sector in _UNARMED)
                                      for t in targets)
    if etype == "ASSAULT":
        if mode == "occupy":
            if sources and all(_state_side(s) for s in sources):
                return pair("Battles", "Government regains territory")
            return pair("Battles", "Non-state actor overtakes territory")
        if mode in _REMOTE:
            return pair("Explosions/Remote violence", _REMOTE[mode])
        if mode == "abduct":
            return pair("Violence against civilians", "Abduction/forced disappearance")
        if mode == "sexual":
            return pair("Violence against civilians", "Sexual violence")
        if mode == "destroy":
            if crowd(sources):
                # ACLED: property burnt or destroyed by a crowd is mob violence ("a mob burnt a motorcycle",
                # "residents set fire to the motorcycle of armed men"; ACLED world train: of the notes where a mob,
                # residents, villagers or locals burn or destroy, none is Looting/property destruction, all Riots)
                return pair("Riots", "Mob violence")
            return pair("Strategic developments", "Looting/property destruction")
        armed_sources = [s for s in sources if _armed(s)]
        sides = sources + targets  # "youths clashed with police": the other side may sit in the target slot
        armed_sides = [s for s in sides if _armed(s)]
        if symmetric and armed_sides and any(s.sector in _CROWD and s.kind == "generic" and not _armed(s)
                                             for s in sides):
            # ACLED: a battle is between organised armed groups; rioters, cadres or youths who clash with
            # soldiers or police are mob violence ("Palestinian rioters clashed with Israeli forces")
            return pair("Riots", "Mob violence")
        if symmetric and armed_sources:
            return pair("Battles", "Armed clash")  # "clashes between rival militias"
        if mode == "primitive" and sources and not armed_sources:
            return pair("Riots", "Mob violence")  # stones, bricks, sticks thrown by people who are no armed group
        if sources and not armed_sources and all(s.sector == "CVL" for s in sources) and not armed_target:
            return pair("Riots", "Mob violence")  # a crowd, not an armed group, attacks
        if civ_target and not armed_target:
            return pair("Violence against civilians", "Attack")
        if mode in ("beat",) and not armed_target:
            return pair("Violence against civilians", "Attack")
        if not sources and not armed_target and not symmetric:
            # "a man was killed and his body was found": a killing with no armed side named on either end is
            # violence against the person killed (ACLED: Attack), not a clash between two armed groups
            return pair("Violence against civilians", "Attack")
        return pair("Battles", "Armed clash")
    if etype == "PROTEST":
        if mode == "riot":
            return pair("Riots", "Violent demonstration")
        return pair("Protests", "Peaceful protest")
    if etype == "COERCE":
        if mode == "arrest":
            return pair("Strategic developments", "Arrests")
        if mode == "seize":
            return pair("Strategic developments", "Looting/property destruction")
        return pair("Strategic developments", "Other")
    if etype == "AGREE":
        return pair("Strategic developments", "Agreement")
    if etype in ("MOBILIZE", "AID"):
        return pair("Strategic developments", "Other")
    if etype == "RETREAT":
        if mode in (None, "withdraw") and sources and all(_armed(s) for s in sources):
            # ACLED's codebook: "Non-violent transfer of territory" is an armed group or the state taking or
            # giving up a place without fighting ("took control of the village without confrontation",
            # "forces withdrew from the town")
            return pair("Strategic developments", "Non-violent transfer of territory")
        return pair("Strategic developments", "Other")
    return None


def _civilian_side(ev) -> bool:
    return bool(ev.sources) and all(a.sector in ("CVL", "OPP", "EDU", "LAB", None) and a.kind != "armed_group"
                                     for a in ev.sources)


def _force_side(ev) -> bool:
    return bool(ev.sources) and any(a.sector in ("COP", "MIL", "GOV") for a in ev.sources)


_SEIZING = frozenset({"seize"})  # coercion by a crowd that is violence: taking people or property by force
_WORDS = words("codes")  # data/lexicons/words/codes.yaml
_DEMO_WORDS = _WORDS.seq("demo_words")
_POLITICAL_CROWDS = _WORDS.seq("political_crowds")
_BACK_REFERENCES = _WORDS.seq("back_references")
_PROTESTER_WORDS = _WORDS.seq("protester_words")
_VIOLENT_ACTS = _WORDS.seq("violent_acts")
_CROWD_NOUNS = _WORDS.set("crowd_nouns")
_INTERVENTION = tuple(_WORDS.seq("intervention_words"))
_NEGATED = re.compile(r"\b(?:no|not|without)\b[^.;]{0,20}$")
# "blocked the highway with rocks and tree branches", "set up blockades with rocks": blocking done with material
_BLOCKED_WITH = re.compile(r"\b(?:block|barricad)\w*\b[^.;]{0,60}?\bwith\b[^.;]{0,30}?\b(?:"
                           + "|".join(re.escape(w) for w in _WORDS.seq("blocking_material")) + r")\b")


def violent_acts(sentence: str) -> bool:
    """Whether the sentence says demonstrators did what ACLED counts as violence, not negated: a listed act, or a
    road blocked with material (the codebook's "barricades, burning tires, or other material")."""
    low = sentence.lower()
    for phrase in _VIOLENT_ACTS:
        at = low.find(phrase)
        while at >= 0:
            if not _NEGATED.search(low[max(0, at - 30):at]):
                return True
            at = low.find(phrase, at + 1)
    return any(not _NEGATED.search(low[max(0, m.start() - 30):m.start()]) for m in _BLOCKED_WITH.finditer(low))


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


_WITHOUT_FIGHTING = _WORDS.seq("without_fighting")
_TAKING = frozenset({"Government regains territory", "Non-state actor overtakes territory"})


def peaceful_takeover(events: list, text: str = "") -> None:
    """A place taken "without a fight", "peacefully", "no clashes were reported": ACLED's Non-violent transfer of
    territory ("acquire territory without engaging in violent interactions"), not a battle. It applies to a taking
    of territory, and to armed forces seizing control of a place ("seized the villages from rebel control; no
    clashes were reported")."""
    for e in events:
        sub = (e.acled or {}).get("sub_event_type")
        low = e.evidence.sentence.lower()
        seizing = e.type == "COERCE" and e.mode in ("seize", None) and bool(e.sources) and all(
            _armed(a) for a in e.sources) and "control" in low  # a place, not weapons or goods
        if text and e.evidence.end <= len(text):
            low += " " + _sentence_after(text, e.evidence.end).lower()
        if (sub in _TAKING or seizing) and any(w in low for w in _WITHOUT_FIGHTING):
            e.acled = {"event_type": "Strategic developments", "sub_event_type": "Non-violent transfer of territory"}



def taken_in_battle(events: list) -> None:
    """ACLED's codebook: "Government regains territory" and "Non-state actor overtakes territory" are battles in
    which a side takes a place "through armed interaction", one event: a clash or attack told in the same sentence
    as a taking of territory by the same side is that taking ("clashed with Houthi forces and took control of the
    camp", "launched attacks on Houthi forces and gained control over the district centre", "following clashes,
    took control of the town"). Runs before merging, while the taking is still its own event."""
    for t in events:
        if t.type != "ASSAULT" or t.mode != "occupy" or (t.acled or {}).get("sub_event_type") not in _TAKING:
            continue
        takers = {a.id for a in t.sources}
        for e in events:
            if e is t or e.type != "ASSAULT" or e.mode in REMOTE_MODES or e.evidence.start != t.evidence.start:
                continue
            if (e.acled or {}).get("sub_event_type") not in ("Armed clash", "Attack") or armed_target(t.targets):
                continue
            if takers and e.sources and not takers & {a.id for a in e.sources}:
                continue  # another side's fighting in the same sentence
            e.mode, e.acled = "occupy", dict(t.acled)


def one_reading_per_attack(events: list, same_fact) -> None:
    """Readings of one attack in one sentence that the merge will join ("unknown gunmen shot and killed 2 regime
    soldiers": "shot" read with "regime" as its target, "killed" with "soldiers"; "a CAFGU auxiliary was shot and
    killed by NPA militants": "shot" read with no source) get the code of the fullest reading: the one that names
    an armed side as the target (ACLED's codebook: violence on an armed side is a battle, not violence against
    civilians), else the one whose actors decide (`sides_known`: who acted, and an armed side or unarmed people
    hit). Without it the first reading's code stays, whatever the merged
    actors say (ACLED world train: "shot and killed a regime 4th Armored Division member", "shot and killed 2
    regime soldiers", "was shot and killed by suspected NPA militants"), or, where only one reading names who
    acted and they are a crowd, mob violence (ACLED world train: "was beaten up and injured by residents", "by four
    or five people", "was lynched by residents"). Runs before merging; `same_fact` is the merge's test."""
    kinds = ("Attack", "Armed clash", "Mob violence")
    live = [e for e in events if e.type == "ASSAULT" and e.mode not in REMOTE_MODES and e.mode != "occupy"
            and (e.acled or {}).get("sub_event_type") in kinds]
    for e in live:
        group = [o for o in live if o.evidence.start == e.evidence.start and (o is e or same_fact(e, o)
                                                                            or same_fact(o, e))]
        if len({o.acled["sub_event_type"] for o in group}) < 2:
            continue
        best = next((o for o in group if armed_target(o.targets) and o.acled["sub_event_type"] == "Armed clash"),
                    None)
        if best is None:
            known = [o for o in group if sides_known(o.sources, o.targets)]
            best = known[0] if known and len({o.acled["sub_event_type"] for o in known}) == 1 else None
        if best is None and any(not o.sources for o in group):
            # a crowd named in one reading only ("a man was beaten up and injured by residents"): who acted decides
            best = next((o for o in group if o.acled["sub_event_type"] == "Mob violence" and crowd(o.sources)), None)
        if best is not None:
            e.acled = dict(best.acled)


def merged_victims_decide(events: list) -> None:
    """An armed clash read from a sentence that names only the attackers ("armed individuals fired shots from a
    car at a table dance") whose merged retellings name the people hit ("One man and a woman were injured"): with
    an unarmed target and no armed one, one-sided violence is an Attack or, by a crowd, mob violence (ACLED's
    codebook: civilians are unarmed and not engaged in political violence). A fight told by its word ("clashed
    with") or with an exchange in its sentence ("fired back") stays a battle, and so does one whose people hit
    are "others" (of the side named before: "three soldiers died and four others were injured") or a state.
    Runs after merging, before the model's recoding."""
    for e in events:
        if e.type != "ASSAULT" or (e.acled or {}).get("sub_event_type") != "Armed clash" or armed_target(e.targets):
            continue
        if e.mode in REMOTE_MODES or e.trigger.lower().startswith(_FIGHTING) or not sides_known(e.sources, e.targets):
            continue
        if _EXCHANGE.search(e.evidence.sentence.lower()) or any(
                t.kind == "state" or t.text.lower().split()[-1:] == ["others"] for t in e.targets):
            continue  # "fired back", "four others were injured" (the soldiers'), a state hit: not one-sided
        got = acled(e.type, e.mode, e.sources, e.targets)
        if got is not None and got["sub_event_type"] in ("Attack", "Mob violence"):
            e.acled = got


_EXCHANGE = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in _WORDS.seq("exchange_of_fire")) + ")")
_IN_BATTLE = frozenset({"heavy-weapons", "aerial", "drone", "explosives"})
# a battle told as what came before ("following the clashes with", "a landmine from previous clashes")
_EARLIER = re.compile(r"\b(?:previous|earlier|past|prior|former|following|after|since)\b[^.;]{0,15}$")


def remote_fire_in_a_battle(events: list) -> None:
    """ACLED's codebook: shelling, an air strike or an explosive that is only part of an exchange between two
    organised armed sides is that battle, an Armed clash; one-sided remote violence stays Explosions/Remote
    violence. The exchange is told in the event's sentence, not negated ("IS exchanged shelling and targeting with
    regime forces", "prompting anti-Houthi forces to shell back Houthi positions", "carried out artillery strikes
    and ground operations"; ACLED world train: of the notes naming such a weapon and an exchange, clash, fighting,
    firing back or ground operation, 88 are armed clashes, 4 remote violence). The mode, and so the CAMEO code,
    stays the weapon's. A battle told as what came before ("following the clashes with", "a landmine from previous
    clashes") is another event."""
    for e in events:
        if e.type != "ASSAULT" or e.mode not in _IN_BATTLE or e.attribution.status in ("negated", "hypothetical"):
            continue
        if (e.acled or {}).get("event_type") != "Explosions/Remote violence":
            continue
        low = e.evidence.sentence.lower()
        if any(not _NEGATED.search(low[max(0, m.start() - 30):m.start()]) and not _EARLIER.search(
                low[max(0, m.start() - 30):m.start()]) for m in _EXCHANGE.finditer(low)):
            e.acled = {"event_type": "Battles", "sub_event_type": "Armed clash"}


def _sentence_after(text: str, end: int) -> str:
    """The sentence that follows an event's sentence in the article ("Ukrainian forces retook the village. No
    information on whether fighting took place.")."""
    rest = text[end:end + 300]
    stop = rest.find(". ", 1)
    return rest if stop < 0 else rest[:stop + 1]


def sexual_violence_in_attack(events: list) -> None:
    """ACLED's codebook: "Sexual violence" is the sub-event type whenever people are targeted with sexual violence,
    also in an attack that does other harm: the attack, beating or killing by the same perpetrators in that
    article is coded as the sexual violence (ACLED world train: "attacked and sexually abused a student", "raped a
    woman, and killed her and her husband", "beat up and stripped refugees", "assaulted pupils ... undressed
    them"). An attack on an armed side stays what it is."""
    live = [e for e in events if e.attribution.status not in ("negated", "hypothetical", "denied", "background")]
    sexual = [e for e in live if e.type == "ASSAULT" and e.mode == "sexual"]
    if not sexual:
        return
    ids = {a.id for e in sexual for a in e.sources}
    heads = {a.text.lower().split()[-1] for e in sexual for a in e.sources if a.text.split()}
    for e in live:
        if e.type != "ASSAULT" or e.mode in REMOTE_MODES or armed_target(e.targets):
            continue
        if (e.acled or {}).get("sub_event_type") not in ("Attack", "Armed clash", "Mob violence"):
            continue
        same = e.mode == "sexual" or not ids or not e.sources or any(a.id in ids or (a.text.split() and a.text.lower().split()[-1] in heads)
                                               for a in e.sources)
        if same:
            e.acled = {"event_type": "Violence against civilians", "sub_event_type": "Sexual violence"}


_FIGHTING = ("clash", "fight", "fought", "battl", "exchang", "engag", "gunfight", "firefight", "skirmish")
_OFF_DUTY = re.compile(r"\b(?:off[- ]duty|former|retired|ex-|demobili[sz]ed|unarmed)\b[^.;,]{0,40}$")


def off_duty_is_civilian(events: list) -> None:
    """ACLED's codebook: civilians are people "unarmed and not engaged in political violence"; a soldier or police
    officer off duty, retired or former is shot as a civilian, an Attack, not an Armed clash (ACLED world train:
    "fired at an off-duty policeman", "shot and killed an off-duty military police officer", "1 former Afghan forces
    member was shot", "a former local police officer ... was killed", "ambushed vehicles carrying off-duty
    soldiers"). Applies where every armed target is so described in the event's sentence."""
    for e in events:
        if e.type != "ASSAULT" or (e.acled or {}).get("sub_event_type") != "Armed clash":
            continue
        armed = [t for t in e.targets if _armed(t)]
        if not armed or e.trigger.lower().startswith(_FIGHTING):
            continue  # "clashed with former soldiers of the NRF": a fight between two armed sides
        sent = e.evidence.sentence
        if all(0 <= t.start - e.evidence.start <= len(sent) and _OFF_DUTY.search(
                sent[:t.start - e.evidence.start].lower()) for t in armed):
            e.acled = {"event_type": "Violence against civilians", "sub_event_type": "Attack"}


def surrender_is_agreement(events: list) -> None:
    """Fighters who surrender give up arms, not a place: ACLED records a surrender as an Agreement, not as a
    transfer of territory (ACLED world train: militiamen, rebels, commanders who "surrendered to the FARDC",
    "to local authorities", "at the Inspector-General's office")."""
    for e in events:
        if e.type == "RETREAT" and e.trigger.lower().startswith(("surrender", "capitulat")):
            e.acled = {"event_type": "Strategic developments", "sub_event_type": "Agreement"}


# a demonstration named in a sentence: "during a demonstration", "demonstrators", "protesters", "marched", a rally;
# not the month ("On 15 March 2022")
_DEMONSTRATION = re.compile(r"\b(?:protest|demonstrat|rall(?:y|ies|ied)\b|march(?:ed|es|ers|ing)?\b(?!\s+\d))")


def demonstration_named(sentence: str) -> bool:
    return bool(_DEMONSTRATION.search(sentence.lower()))


def crowd_violence_at_a_demonstration(events: list) -> None:
    """A crowd's violence told with the demonstration it happened at ("rioters clashed with soldiers during a
    demonstration", "demonstrators fought with police", "workers clashed with the management during their
    demonstration"), or roads barricaded with burning tyres or other material, is a violent demonstration (ACLED's
    codebook: demonstrators who engage in violence), not mob violence, even where no protest event was read."""
    for e in events:
        if (e.acled or {}).get("sub_event_type") != "Mob violence":
            continue
        low = e.evidence.sentence.lower()
        if demonstration_named(low) or (violent_acts(low) and BARRICADE.search(low)) or _BLOCKED_WITH.search(low):
            e.acled = {"event_type": "Riots", "sub_event_type": "Violent demonstration"}


def harmonise_acled(events: list, text: str = "") -> list:
    """ACLED codes a demonstration as one event: if protesters also burn, smash or fight, the protest
    is a violent demonstration; if police intervene, a protest with intervention, or excessive force
    when they kill or injure. Every event of that demonstration in the article gets the same codes."""
    peaceful_takeover(events, text)
    surrender_is_agreement(events)
    sexual_violence_in_attack(events)
    off_duty_is_civilian(events)
    live = [e for e in events if e.attribution.status not in ("negated", "hypothetical", "denied", "background")]
    crowd_violence_at_a_demonstration(live)
    protests = [e for e in live if e.type == "PROTEST"]
    if not protests:
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
            w in a.text.lower() for w in _PROTESTER_WORDS)

    def by_marchers(e) -> bool:
        return any(is_marcher(a) for a in e.sources)

    def on_marchers(e) -> bool:
        return any(is_marcher(a) for a in e.targets)

    # ACLED's codebook: a demonstration is violent when demonstrators "engage in violent or destructive acts";
    # a crowd that stops traffic, prevents a session or calls for a curfew does not (their coercion is the
    # protest itself), but one that seizes people or property does
    unrest = [e for e in live if (e.type == "ASSAULT" or (e.type == "COERCE" and e.mode in _SEIZING)) and (
        _civilian_side(e) or (e.type == "ASSAULT" and len(e.sources) > 1)) and by_marchers(e)  # "clashes between
        # demonstrators and police"; a crowd's "strike" is a walkout ("gathered in support of the cleaners' strike",
        # "announced a strike and protested"), and no crowd strikes from the air
        and not (e.type == "ASSAULT" and (e.mode in _REMOTE or e.trigger.lower().startswith("strike")))]
    unrest += [e for e in protests if e.mode == "obstruct" and BARRICADE.search(e.evidence.sentence.lower())]
    unrest += [e for e in protests if e.mode == "riot"]  # marchers who broke windows: the march was violent
    unrest += [e for e in protests if e not in unrest and violent_acts(e.evidence.sentence)]
    # the demonstrators' violence told in a later sentence of the report ("around 2,500 people demonstrated in
    # Magdeburg. Demonstrators threw bottles and used pyrotechnics at police officers.")
    if not unrest and violence_told_after(protests, text):
        unrest += protests
    # an air or drone strike, shelling or a bomb stays what it is: ACLED codes remote violence by its means,
    # whoever it hits ("a drone strike hit the market where a crowd had gathered")
    # ACLED: an intervention is force used on the demonstrators; police arresting a named official, a state
    # holding prisoners the crowd marches for, or troops striking a country are no intervention in the march
    def at_marchers(e) -> bool:
        return not e.targets or on_marchers(e) or any(
            not a.proper and (a.sector in _CROWD or a.sector is None) for a in e.targets)

    # "Two persons were arrested": at a demonstration, an arrest with no one named making it is the police's
    force = [e for e in live if e.type in ("ASSAULT", "COERCE") and e not in unrest and e.mode not in _REMOTE
             and (((_force_side(e) or (e.mode == "arrest" and not e.sources)) and at_marchers(e))
                  or (_civilian_side(e) and on_marchers(e)))]
    # "The PNC intervened in the event and dispersed the group": the word says force broke into the march, whoever
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
        # ACLED keeps "excessive force" for lethal or potentially lethal force (live fire, deaths, many hurt);
        # beating or arresting a few protesters is an intervention
        harsh = any(e.type == "ASSAULT" and (e.fatalities or e.mode == "firearms" or any(
            q.wounded and (q.min or q.max or 0) >= 3 for q in e.quantities)) for e in force)
        sub = "Excessive force against protesters" if harsh else "Protest with intervention"
        for e in protests + force:
            e.acled = {"event_type": "Protests", "sub_event_type": sub}
    else:
        unarmed_demonstration(protests)
    return events


def violence_told_after(protests: list, text: str) -> bool:
    """Whether a sentence after the first protest's own says demonstrators did what ACLED counts as violence
    (`violent_acts`): ACLED's codebook codes the demonstration, told over the whole report, as one event."""
    if not text or not protests:
        return False
    first = min(protests, key=lambda e: e.evidence.start)
    rest = text[first.evidence.end:]
    return violent_acts(rest)


def unarmed_demonstration(protests: list) -> None:
    """A protest that only the model's reading made a violent demonstration (its rules found no riot: its mode is
    no riot, no crowd violence was read, and its sentence names no violent act, barricade or fire) is peaceful:
    ACLED's codebook codes a violent demonstration only where demonstrators "engage in violent or destructive
    acts" ("demonstrators protested in Epernay at the call of unions"; ACLED world train: 4 of 5 such notes)."""
    for e in protests:
        low = e.evidence.sentence.lower()
        if (e.acled or {}).get("sub_event_type") == "Violent demonstration" and e.mode != "riot" and not (
                violent_acts(low) or BARRICADE.search(low) or _BLOCKED_WITH.search(low)):
            e.acled = {"event_type": "Protests", "sub_event_type": "Peaceful protest"}
