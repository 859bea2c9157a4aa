"""Codes beside PLOVER: the CAMEO root or code, and ACLED's event type and sub-event type.

ACLED types depend on more than the PLOVER type: on the mode (an air strike is "Explosions/Remote
violence"), on who acts (a non-state actor taking a town is "Non-state actor overtakes territory")
and on the target (an attack on civilians is "Violence against civilians"). Events that ACLED does
not code (diplomacy, statements) get no ACLED type. The rules that read a whole article's events are here for
violence and territory (a place taken in a battle or without a fight, one code for the readings of one attack) and
in `codes_protests` for demonstrations (`codes_protests.harmonise_acled` runs them all).
"""

from __future__ import annotations

import calendar
import re

from eventwire.records import Actor
from eventwire.wordlists import words

ARMED_SECTORS = frozenset({"MIL", "REB", "COP", "UAF", "SPY"})
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
    ("CONCEDE", "ceasefire"): "0871",
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


_WORDS = words("codes")  # data/lexicons/words/codes.yaml
_CONSIDERING = _WORDS.set("considering_cues")
_CLAIMING = _WORDS.set("claim_cues")


def statement_codes(events: list) -> None:
    """CAMEO codes an act that is only talked about as the statement (CAMEO 01 "Make public statement"), whatever
    the act: 014 "Consider policy option" for an act an actor is said to be considering ("Japan is considering
    sending aid to Peru", "the council will consider imposing a curfew"), 015 "Acknowledge or claim
    responsibility" for an act its own actor claims ("the rebels claimed responsibility for the ambush", "the
    militia claimed that they had attacked a convoy"). The PLOVER type, mode and ACLED codes stay the act's; only
    the CAMEO code changes. A claim by someone else ("police claimed that the rebels attacked") is no
    acknowledgement and keeps its code."""
    for e in events:
        cue = (e.attribution.cue or "").lower()
        before = e.evidence.sentence[:max(0, e.trigger_start - e.evidence.start)].lower().split()[-1:]
        if e.attribution.status != "negated" and (before and before[0] in _CONSIDERING or (
                e.attribution.status == "hypothetical" and cue.split()[:1] and cue.split()[0] in _CONSIDERING)):
            e.cameo = "014"  # "is considering sending aid", "would consider sending": the gerund after the verb
        elif e.attribution.status == "claimed" and cue in _CLAIMING and (
                cue == "claimed responsibility" or {c.actor for c in e.attribution.claimants if c.actor}
                & {a.id for a in e.sources}):
            e.cameo = "015"


def _armed(a: Actor) -> bool:
    """An armed side: a force or armed group by its sector or kind, or people the text calls armed ("armed
    individuals", "suspected armed pastoralists": ACLED's unidentified armed groups)."""
    return a.sector in ARMED_SECTORS or a.kind == "armed_group" or "armed" in a.text.lower().split()


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


CHANGE = "Change to group/activity"


def forces_change(etype: str, mode: str | None, sources: list[Actor], targets: list[Actor]) -> bool:
    """ACLED's codebook: "Change to group/activity" records "significant changes in the activity or structure of
    armed groups", the movement of forces among them, and the security measures a state imposes (a curfew, a ban on
    gatherings: `gatherings_banned`); "Other" is kept for developments that fit no other type (people displaced or
    evacuated, refugees arriving). An armed side deployed, stationed, sent or moving is that change; people of no
    armed side who arrive or move are not (refugees)."""
    if etype == "MOBILIZE":
        return any(_armed(a) for a in sources + targets)
    return etype == "AID" and mode == "military" and any(_armed(a) for a in targets)  # "troops were sent to"


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
        if sources and not armed_sources and all(s.sector == "CVL" for s in sources) and not armed_target and not (
                mode == "firearms" and not symmetric and not crowd(sources)):
            # a crowd, not an armed group, attacks; people who shoot at someone are armed, no mob ("two individuals
            # shot and killed a man", "men in a car opened fire at a man", "4 men attacked and shot at a
            # doctor": ACLED world train, Attack), unless they are a crowd ("villagers") or fight each other
            return pair("Riots", "Mob violence")
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
        if mode == "curfew":
            return pair("Strategic developments", CHANGE)  # a security measure (`forces_change`)
        return pair("Strategic developments", "Other")
    if etype == "AGREE" or (etype == "CONCEDE" and mode == "ceasefire"):
        # ACLED's Agreement sub-event type holds ceasefires, whether one side declares one or the sides agree it
        return pair("Strategic developments", "Agreement")
    if etype in ("MOBILIZE", "AID"):
        return pair("Strategic developments", "Other")  # forces moved: `forces_moved`
    if etype == "RETREAT":
        if mode in (None, "withdraw") and sources and all(_armed(s) for s in sources):
            # ACLED's codebook: "Non-violent transfer of territory" is an armed group or the state taking or
            # giving up a place without fighting ("took control of the village without confrontation",
            # "forces withdrew from the town")
            return pair("Strategic developments", "Non-violent transfer of territory")
        return pair("Strategic developments", "Other")
    return None


_CROWD_NOUNS = _WORDS.set("crowd_nouns")
_NEGATED = re.compile(r"\b(?:no|not|without)\b[^.;]{0,20}$")
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
    camp", "attacked Houthi forces and gained control over the centre", "following clashes,
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
    actors say (ACLED world train: "shot and killed a regime division member", "shot and killed 2
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
    "fired at an off-duty policeman", "killed an off-duty police officer", "1 former Afghan forces
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


_GATHERINGS = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in _WORDS.seq("gathering_words")) + r")\b")


def gatherings_banned(events: list) -> None:
    """ACLED's codebook counts the security measures a state imposes among "Change to group/activity" (see
    `forces_change`): a ban on demonstrations, marches, rallies or gatherings in a place ("a ban on marches,
    protests and sit-ins in the province": ACLED world train, two such provincial bans and a curfew extended, all
    three Change to group/activity, none Other).
    A ban on anything else (a party, a newspaper, a book) stays Other."""
    for e in events:
        if e.type != "COERCE" or e.mode != "ban" or (e.acled or {}).get("sub_event_type") != "Other":
            continue
        at = e.trigger_end - e.evidence.start
        # what is banned: the words right after the ban ("banned all marches", "a ban on protests and sit-ins"), not a
        # gathering named later ("banned the newspaper after it reported on protests")
        head = re.split(r"\b(?:after|because|since|following|when|as|for)\b|[,;.]",
                        e.evidence.sentence[at:at + 80].lower())[0]
        if 0 <= at <= len(e.evidence.sentence) and _GATHERINGS.search(head):
            e.acled = {"event_type": "Strategic developments", "sub_event_type": CHANGE}


_ENTERING = ("enter", "cross", "interven", "move in", "moved in", "moving in")
_FORCE_NOUNS = frozenset(_WORDS.seq("force_nouns"))
_FORCE_ACTS = frozenset(_WORDS.seq("force_acts"))
_FORCE_TYPES = frozenset({"ASSAULT", "COERCE"})


def forces_moved(events: list) -> None:
    """`forces_change` over an article's events: a movement of an armed side coded Other ("two military vehicles
    deployed 100 troops", "military forces were stationed at the pagoda", "500 members of the Army were deployed to
    reinforce security": ACLED world train, every such note whose main event the rules coded Other is a Change to
    group/activity) is a Change to group/activity, unless it is forces entering or crossing into a place, or its
    sentence tells them using force there ("soldiers entered a village and detained three men": the raid is
    the event, not the movement)."""
    for e in events:
        if (e.acled or {}).get("sub_event_type") != "Other" or not forces_change(e.type, e.mode, e.sources, e.targets):
            continue
        if e.trigger.lower().startswith(_ENTERING):
            continue
        at = max(0, e.trigger_end - e.evidence.start)
        after = set(re.findall(r"[\w'-]+", e.evidence.sentence[at:].lower()))
        if e.type == "AID" and not set(re.findall(r"[\w'-]+", e.evidence.sentence.lower())) & _FORCE_NOUNS:
            continue  # military aid that sends no forces: "sent weapons to the Ukrainian army"
        if after & _FORCE_ACTS:
            continue  # "deployed to the village and arrested 10 men", "deployed to disperse protesters": the act
        if any(o is not e and o.type in _FORCE_TYPES and o.evidence.start == e.evidence.start for o in events):
            continue
        e.acled = {"event_type": "Strategic developments", "sub_event_type": CHANGE}


def surrender_is_agreement(events: list) -> None:
    """Fighters who surrender give up arms, not a place: ACLED records a surrender as an Agreement, not as a
    transfer of territory (ACLED world train: militiamen, rebels, commanders who "surrendered to the FARDC",
    "to local authorities", "at the Inspector-General's office")."""
    for e in events:
        if e.type == "RETREAT" and e.trigger.lower().startswith(("surrender", "capitulat")):
            e.acled = {"event_type": "Strategic developments", "sub_event_type": "Agreement"}


# a demonstration named in a sentence: "during a demonstration", "demonstrators", "protesters", "marched", a rally;


def paragraph_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the paragraph (text between blank lines) that holds text[start:end]."""
    stop = text.find("\n\n", end)
    return text.rfind("\n\n", 0, start) + 1, len(text) if stop < 0 else stop


_HEADINGS = {k.lower(): str(v) for k, v in _WORDS.map("note_headings").items()}
# the descriptor, then the note's date opener ("Displacement: On 3 May", "Defusal: Around 31 May"): no headline
# ("Looting: how gangs emptied the markets")
_HEADING = re.compile(r"^\s*([A-Z][A-Za-z /-]{1,40}):\s+(?:On|Around|Between)\s+(?:\d|(?:"
                      + "|".join(calendar.month_name[1:]) + r")\b)")
_SILENT = ("negated", "hypothetical", "denied")


def note_heading(events: list, text: str) -> None:
    """An ACLED note that opens with the descriptor of its code and its date ("Displacement: On 3 May, ...",
    "Defusal: Around 31 May, ..."; codes.yaml `note_headings`) is coded so: every event told in its first paragraph
    takes the Strategic developments sub-event the descriptor names, whatever its words read as (people displaced by
    an attack, forces moved in to secure a town, a drone shot down). A note is one ACLED event, so every event of its
    paragraph takes it; a paragraph after a blank line keeps its codes. (Limiting it to the first sentence lost 7
    world-train notes whose main event is told later, and gained none.)"""
    m = _HEADING.match(text)
    sub = _HEADINGS.get(m.group(1).lower()) if m else None
    if sub is None:
        return
    _, end = paragraph_at(text, 0, 0)
    for e in events:
        if e.evidence.start < end and e.attribution.status not in _SILENT:
            e.acled = {"event_type": "Strategic developments", "sub_event_type": sub}


# ACLED's tag of a demonstration's size, which its notes carry for demonstrations only ("[size=no report]",
# "[size=around 100]"; ACLED world train: 2,638 notes, every one of them Protests or Riots)
_SIZE_TAG = re.compile(r"\[size\s*=[^\]]*\]", re.I)
_DEMONSTRATIONS = frozenset({"Protests", "Riots"})


def note_size(events: list, text: str) -> None:
    """An ACLED note that gives a demonstration's size (`_SIZE_TAG`) tells a demonstration. Where none of the
    events of its paragraph is coded one, those ACLED codes as no event or as a strategic development (what the
    demonstrators said, asked or rejected; a gathering; a road they blocked) are the demonstration: peaceful,
    or with intervention where the state's forces act (police who arrest or disperse). Violence keeps its codes."""
    for m in _SIZE_TAG.finditer(text):
        start, end = paragraph_at(text, m.start(), m.end())
        mine = [e for e in events if start <= e.evidence.start < end and e.attribution.status not in _SILENT]
        if any(e.acled and e.acled.get("event_type") in _DEMONSTRATIONS for e in mine):
            continue
        for e in mine:
            if e.acled is None or e.acled.get("event_type") == "Strategic developments":
                forces = e.type == "COERCE" and e.sources and all(_state_side(a) for a in e.sources)
                e.acled = {"event_type": "Protests",
                           "sub_event_type": "Protest with intervention" if forces else "Peaceful protest"}

