"""ACLED's codes of violence read over the whole article, after the events are merged and the model has recoded them
(events.run calls `code_article`, which runs them in this order): gunfire aimed at what civilians own is an attack,
armed men who attack a place attack its people, crowds who clash riot, a lethal clash between groups of people is an
armed clash, an arrest after violence ranks below it, an arrest with violence in custody is an attack, a detention by
a non-state armed side or into the unknown an abduction, an abduction with a killing an attack, violence on members
of a criminal group a battle, drugs seized or destroyed are property destruction, a seizure after a fight ranks
below it, people hurt by a mine's or explosive device's blast remote violence, armed people hurt told after an attack
make it a battle. The codes of a single event are `codes.acled`; the rules before merging and those of
demonstrations are in `codes` and `codes_protests`.
"""

from __future__ import annotations

import re

from eventwire.records import Actor
from eventwire.stages.codes import (
    _CROWD, _CROWD_NOUNS, _EXCHANGE, _FIGHTING, _NEGATED, _UNARMED, _WORDS, REMOTE_MODES, _armed, _sentence_after,
    _state_side, armed_target, crowd,
)


def code_article(events: list, actors: list[Actor], text: str, places: list = ()) -> None:
    """The rules of this module over an article's merged and recoded events, in their order."""
    fire_at_civilian_things(events)
    raid_on_a_place(events, places)
    crowds_clash(events)
    lethal_communal_clash(events, text)
    arrest_follows_violence(events)
    violence_in_custody(events)
    detention_outside_the_law(events, text)
    abduction_with_killing(events)
    armed_group_victims(events)
    drugs_seized_or_destroyed(events)
    seizure_follows_violence(events)
    device_explosion(events)
    armed_victims_told_after(events, actors, text)


_CIVILIAN_THINGS = _WORDS.set("civilian_things")
_ARMED_THINGS = _WORDS.set("armed_things")
# gunfire aimed at a thing: "fired without warning at a car", "opened fire on the vehicle", "fired 8 rounds of shots at
# the residence of", "opened fire towards Palestinian shepherds and agricultural lands"
_AIMED = re.compile(r"\b(?:fired|fire|firing|shot|shooting)\b(?:\s+[\w'-]+){0,6}?\s+(?:at|upon|on|towards|toward|into)"
                    r"((?:\s+[\w'-]+){1,5})")
_AIM_ENDS = re.compile(r"\b(?:of|in|near|from|at|while|with|driving|carrying|belonging)\b")


def fire_at_civilian_things(events: list) -> None:
    """ACLED's codebook: violence against civilians is violence by an armed group against unarmed people; gunfire aimed
    at what civilians own or use (a car, a house, fishing boats, shepherds and their lands) with no armed side hit is
    an Attack, not an Armed clash ("fired without warning at a car", "gunboats opened fire at
    fishing boats", "assailants shot at the residence of": ACLED world train,
    29 Attack to 1 Armed clash). Not where the thing is an armed side's ("a military vehicle"), the event is a fight
    by its word ("clashed") or its sentence tells an exchange ("fired back"). Runs last, over the model's recoding."""
    for e in events:
        if e.type != "ASSAULT" or e.mode not in ("firearms", None) or armed_target(e.targets):
            continue
        if (e.acled or {}).get("sub_event_type") != "Armed clash" or e.trigger.lower().startswith(_FIGHTING):
            continue
        low = e.evidence.sentence.lower()
        if _EXCHANGE.search(low) or e.attribution.status in ("negated", "hypothetical"):
            continue
        for m in _AIMED.finditer(low):
            words = set(_AIM_ENDS.split(m.group(1))[0].split())  # "at a car driving from X": "a car"
            if words & _CIVILIAN_THINGS and not words & _ARMED_THINGS:
                e.acled = {"event_type": "Violence against civilians", "sub_event_type": "Attack"}
                break


_RAID = ("attack", "raid", "storm")


def raid_on_a_place(events: list, places: list) -> None:
    """ACLED's codebook: violence against civilians is an armed group's violence on unarmed people, a battle needs two
    armed sides. Armed men who attack or raid a village, town or area, with no armed side named as hit and no fight
    told in the sentence, attack its people ("suspected Boko Haram fighters attacked Kerawa village", "suspected Pokot
    militia attacked the Kapyego ward, resulting in two men injured", "Al Shabaab militants attacked Witu area ...
    several houses were torched": ACLED world train, of the notes of armed men attacking or raiding a named village,
    town or area, 5 are Attacks and 1, told with "clashed", an Armed clash). The event's targets are all places (the
    place mentions), its word an attack or raid; armed people hurt told in the next sentence make it a battle again
    (armed_victims_told_after runs later)."""
    if not places:
        return
    spans = [(p.start, p.end) for p in places if p.feature != "country"]  # "Ethiopia forces" are no place hit
    for e in events:
        if e.type != "ASSAULT" or (e.acled or {}).get("sub_event_type") != "Armed clash" or e.mode in REMOTE_MODES:
            continue
        if not e.trigger.lower().startswith(_RAID) or e.attribution.status not in _LIVE:
            continue
        if not e.sources or not all(_armed(a) for a in e.sources) or not e.targets:
            continue
        if not all(any(s <= t.start < end for s, end in spans) for t in e.targets):
            continue
        if _EXCHANGE.search(e.evidence.sentence.lower()):
            continue
        e.acled = {"event_type": "Violence against civilians", "sub_event_type": "Attack"}


def crowds_clash(events: list) -> None:
    """ACLED's codebook: a battle is fought between organised armed groups; a fight of party members, traders, students
    or youths among themselves or with the police is Mob violence ("members of Awami League and BNP
    clashed", "informal merchants clashed with national and municipal police officers", "cadres of CPN(MC) clashed
    with cadres of NC", "police clashed with several parliamentarians": ACLED world train). A
    clash by its word, coded an Armed clash or an Attack, where one side is people of a civil sector (a party,
    business, union, students, civilians) of no armed group and no side is an armed group that is not the state's (police, soldiers).
    Runs before lethal_communal_clash, which makes a killing fight between groups of people a battle again."""
    for e in events:
        if e.type != "ASSAULT" or (e.acled or {}).get("sub_event_type") not in ("Armed clash", "Attack") or (
                e.mode in REMOTE_MODES):
            continue
        if not e.trigger.lower().startswith(_FIGHTING) or e.attribution.status not in _LIVE:
            continue
        sides = e.sources + e.targets
        if any(_armed(a) and not (_state_side(a) and a.kind != "state") for a in sides):
            continue
        if any(a.sector in _CROWD and not _armed(a) and a.kind in ("generic", "organisation") for a in e.sources):
            e.acled = {"event_type": "Riots", "sub_event_type": "Mob violence"}


_CROWD_SIDE_HEADS = _WORDS.set("crowd_side_heads")
_CROWD_OR_FORCE = re.compile(r"\b(?:" + "|".join(map(re.escape, _WORDS.seq("crowd_or_force_words"))) + r")\b")
_FOUGHT = re.compile(r"\b(?:clash|clashed|clashes|fought|fighting|gunfight|shoot-?out)\b")
_DEATH = re.compile(r"\b(?:kill(?:ed|ing|s)?|died|dead|death|deaths|fatalit(?:y|ies)|gunshot|armed clash)\b")


def lethal_communal_clash(events: list, text: str = "") -> None:
    """ACLED's codebook: communal and identity militias (villagers, farmers and herders, rival groups armed for a
    dispute) fighting each other are an Armed clash when they fight with lethal force; a brawl of groups that only
    wounds is mob violence. A clash told by its word ("clashed", "a clash broke out between") between groups of
    people of no armed side and no state force, coded mob violence, that kills (its toll, or killing, death, a gunshot,
    "armed clash" in its sentence or the next) is an Armed clash ("farmers clashed over a land dispute ... Four people
    were killed", "Kogbagidi Boys and Willoughby Boys clashed ... four persons were killed", "members of rival drug
    trafficking groups clashed ... Five people were killed": ACLED world train; "two groups of villagers ... 30 people
    were injured", "two mobs clashed ... 3 injured" stay mob violence). Rioters, a mob or protesters never so."""
    for e in events:
        if e.type != "ASSAULT" or (e.acled or {}).get("sub_event_type") != "Mob violence":
            continue
        fight = e.trigger.lower().startswith(_FIGHTING) or _FOUGHT.search(e.evidence.sentence.lower())
        if not fight or any(_armed(a) or _state_side(a) for a in e.sources + e.targets):
            continue  # "two rival groups clashed ..., and three persons were killed": the toll's event holds the clash
        if any((a.text.lower().split() or [""])[-1] in _CROWD_SIDE_HEADS for a in e.sources + e.targets):
            continue
        low = e.evidence.sentence.lower()
        if text and e.evidence.end <= len(text):
            low += " " + _sentence_after(text, e.evidence.end).lower()
        if _CROWD_OR_FORCE.search(low):
            continue
        if (e.fatalities or 0) > 0 or _DEATH.search(low):
            e.acled = {"event_type": "Battles", "sub_event_type": "Armed clash"}


_VIOLENT_TYPES = frozenset({"Battles", "Violence against civilians", "Riots"})
_LIVE = ("reported", "claimed")


def arrest_follows_violence(events: list) -> None:
    """ACLED's codebook codes an event by what happened; an arrest that follows violence told before it ("a vigilante
    group assaulted a young man ... Police officers rescued and arrested the man", "a woman was killed ... Both men
    were arrested", "a shoot-out between rival groups ... one trafficker was
    arrested": ACLED world train, the violence's code) or that is only the purpose of an operation in which
    violence happened ("clashed during an operation to capture them") is not the main event:
    it ranks just below the violence. Applies to an arrest in a later sentence than the violence, or told as a
    purpose ("to capture"), whoever fought; not to a later arrest by the ones who did the violence ("beat and arrested")."""
    violent = [e for e in events if e.type == "ASSAULT" and (e.acled or {}).get("event_type") in _VIOLENT_TYPES
               and e.attribution.status in _LIVE]
    for a in events:
        if a.type != "COERCE" or a.mode != "arrest" or (a.acled or {}).get("sub_event_type") != "Arrests":
            continue
        start = _trigger_at(a)
        purpose = 0 <= start <= len(a.evidence.sentence) and a.evidence.sentence[:start].lower().endswith(" to ")
        doers = {x.id for x in a.sources}
        before = [v for v in violent if v.confidence > 0.3 and (purpose or (
            v.evidence.start < a.evidence.start and not doers & {x.id for x in v.sources}))]
        _rank_below(a, before)


_CUSTODY_VIOLENCE = re.compile(r"\b(?:" + "|".join(map(re.escape, _WORDS.seq("custody_violence"))) + r")"
                               r"(?![a-z]*\s+(?:rifle|weapon|gun)s?\b)")  # "an assault rifle" is a weapon
# the violence is what the detainee is held for, not what was done to them: "arrested a man suspected of assaulting a
# woman", "for the assault on a journalist", "charged with abusing pupils"
_CHARGED_WITH = re.compile(r"\b(?:suspect(?:ed)?|accused|charged|convicted|wanted|allegedly|suspicion|charges?|"
                           r"for|over)"
                           r"\b(?:\s+(?:of|with|in|the|an?|his|her|their|sexually|physically|brutally))*\s*$")


def violence_in_custody(events: list) -> None:
    """ACLED codes an event by the harm done: people detained and beaten, tortured or assaulted by those who hold them
    are violence against civilians, an Attack, not Arrests ("police officers detained and assaulted a male resident",
    "policemen detained a resident ... and later tortured him in custody", "police forces beat up and later arrested
    a former political prisoner", "detained and tortured a male blogger via electrocution": ACLED world train, of the
    notes telling an arrest and torture or violence in custody, 11 are Attacks and none Arrests). The arrest's
    sentence tells the violence, not negated; not where a crowd acts or is named in it ("residents beat the thief and
    handed him to the police", which is the crowd's violence)."""
    for e in events:
        if (e.acled or {}).get("sub_event_type") != "Arrests" or e.attribution.status not in _LIVE:
            continue
        if crowd(e.sources) or any(not (_armed(a) or _state_side(a)) for a in e.sources):
            continue
        low = e.evidence.sentence.lower()
        if set(re.findall(r"[a-z-]+", low)) & (_CROWD_NOUNS - {"people"}):  # "people" is as often the detainees
            continue
        if any(not _NEGATED.search(low[max(0, m.start() - 25):m.start()])
               and not _CHARGED_WITH.search(low[max(0, m.start() - 40):m.start()])
               for m in _CUSTODY_VIOLENCE.finditer(low)):
            e.acled = {"event_type": "Violence against civilians", "sub_event_type": "Attack"}


_DRUG_WORDS = _WORDS.set("drug_words")
_SEIZING = _WORDS.seq("seizing_words")


def drugs_seized_or_destroyed(events: list) -> None:
    """ACLED codes forces seizing or destroying drugs, their crops or laboratories as Looting/property destruction,
    not as Other or Disrupted weapons use ("police seized tons of marijuana in a
    warehouse", "forces seized a boat carrying cocaine", "troops located and seized a drug laboratory",
    "seized and eradicated marijuana plants": ACLED world
    train, every such note). The event is a seizure or destruction by its word, of drugs named after it in its
    sentence; violence stays what it is ("clashed ... and seized a firearm and drugs" is the clash)."""
    for e in events:
        if e.type not in ("COERCE", "ASSAULT") or not e.trigger.lower().startswith(_SEIZING):
            continue
        if e.type == "ASSAULT" and e.mode not in ("destroy", None):
            continue
        if (e.acled or {}).get("sub_event_type") not in ("Other", "Disrupted weapons use", "Armed clash", "Attack",
                                                          "Looting/property destruction"):
            continue
        start = e.trigger_end - e.evidence.start
        after = set(re.findall(r"[a-z]+", e.evidence.sentence[max(0, start):].lower()))
        if after & _DRUG_WORDS and not armed_target(e.targets):
            e.acled = {"event_type": "Strategic developments", "sub_event_type": "Looting/property destruction"}


_TAKING_WORDS = _WORDS.seq("taking_words")
_SEIZED_CODES = frozenset({"Looting/property destruction", "Other", "Disrupted weapons use"})


def seizure_follows_violence(events: list) -> None:
    """ACLED's codebook codes an event by what happened: what forces seize after a fight they fought ("a trafficker
    exchanged fire with police ... he was killed. The police seized a firearm", "clashed with FARC dissidents ...
    Security forces seized", "officers were attacked by armed suspects ... Police seized": ACLED world train, of
    the notes whose later sentence tells forces seizing or confiscating, 17 are the armed clash told before and none the
    seizure) is no event of its own: it ranks just below the violence, as an arrest after violence does
    (arrest_follows_violence). Applies to a seizure by its word (codes.yaml `taking_words`; burning or destroying
    are property destruction) in a later sentence than violence whoever fought; a seizure told
    in the violence's sentence is left to the rules of that sentence ("clashed ... and seized a firearm")."""
    violent = [e for e in events if e.type == "ASSAULT" and (e.acled or {}).get("event_type") in _VIOLENT_TYPES
               and e.attribution.status in _LIVE and e.confidence > 0.3]
    for a in events:
        if a.type not in ("COERCE", "ASSAULT") or (a.acled or {}).get("sub_event_type") not in _SEIZED_CODES:
            continue
        if not a.trigger.lower().startswith(_TAKING_WORDS) or (a.type == "ASSAULT" and a.mode not in ("seize", None)):
            continue
        before = [v for v in violent if v.evidence.start < a.evidence.start]
        _rank_below(a, before)


_HURT = re.compile(r"\b(?:killed|wounded|injured|died|dead)\b")


def armed_victims_told_after(events: list, actors: list[Actor], text: str) -> None:
    """ACLED's codebook: an attack on an armed side is a battle. An armed group's attack coded as an Attack on
    civilians because its sentence names only a place ("presumed IS Sahel militants attacked the village of X"),
    whose next sentence tells armed people killed or wounded ("Three volunteer fighters (VDP) and a councilman were
    killed": ACLED world train, all 8 notes of an attack followed by armed people hurt, with no fight named, whose
    attack is not remote, are armed clashes) is an Armed clash. Not where the attack names civilians as its target, or
    the armed people hurt are the attackers."""
    for e in events:
        if e.type != "ASSAULT" or (e.acled or {}).get("sub_event_type") != "Attack" or e.mode in REMOTE_MODES:
            continue
        if e.mode in ("abduct", "sexual") or e.attribution.status not in _LIVE:
            continue
        if not any(_armed(a) for a in e.sources) or any(
                t.sector == "CVL" or (t.kind == "generic" and t.sector in _UNARMED) for t in e.targets):
            continue
        if e.evidence.end > len(text):
            continue
        after = _sentence_after(text, e.evidence.end)
        lo = e.evidence.end + (len(after) - len(after.lstrip()))
        hi = e.evidence.end + len(after)
        own = {a.id for a in e.sources}
        if _HURT.search(after.lower()) and any(lo <= a.start < hi and _armed(a) and a.id not in own for a in actors):
            e.acled = {"event_type": "Battles", "sub_event_type": "Armed clash"}


_DISAPPEARED = re.compile(r"\b(?:" + "|".join(map(re.escape, _WORDS.seq("disappearance_words"))) + r")")
_STATE_SECTORS = frozenset({"MIL", "COP", "SPY", "GOV"})
_STATE_IN_FACT = _WORDS.set("state_in_fact")
_DETAINING = _WORDS.seq("detention_words")
_AFTER = 120  # characters after the arrest's sentence read for the detained's fate: about the next sentence


def _non_state_armed(a: Actor) -> bool:
    """An armed side that is no state's force: a rebel or militia group, unidentified armed men, people the text calls
    armed ("eight unidentified armed individuals")."""
    return _armed(a) and a.sector not in _STATE_SECTORS and not _state_side(a) and not (
        {a.text.lower(), (a.name or "").lower()} & _STATE_IN_FACT)


def detention_outside_the_law(events: list, text: str = "") -> None:
    """ACLED's codebook: arrests by non-state groups and extrajudicial detentions by state forces are Abduction/forced
    disappearance, not Arrests. An arrest is so coded where every one who detains is a non-state armed side ("QSD
    detained a young man in a security operation", "Houthi fighters detained two men", "gunmen
    in military gear detained the son of": ACLED world train, of the notes of either type whose
    first actor is a rebel group or militia, 50 are abductions and 1 an arrest; not the Taliban, whom ACLED codes as
    Afghanistan's forces since 2021: state_in_fact), or where its sentence or what follows it (about a sentence) tells
    the detained were disappeared, taken to an unknown place, used as shields or taken for conscription ("Their
    whereabouts remained unknown", "detained a number of young men ... for conscription", "arrested 2 civilians from
    the village as human shields": ACLED world train, 11 such arrests, all abductions). Runs after the arrest's
    violence is read (violence_in_custody), over arrests only."""
    for e in events:
        if e.type != "COERCE" or (e.acled or {}).get("sub_event_type") != "Arrests" or (
                e.attribution.status not in _LIVE):
            continue
        low = e.evidence.sentence.lower()
        if text and e.evidence.end <= len(text):  # what follows in the paragraph, past a split at "[coded to X]"
            low += " " + text[e.evidence.end:e.evidence.end + _AFTER].split("\n\n")[0].lower()
        # "three detained militants" are the detained, not who detains
        held = any(0 <= a.start - e.trigger_end <= 1 or a.start <= e.trigger_start < a.end for a in e.sources)
        doers = e.sources and e.trigger.lower().startswith(_DETAINING) and not held
        if (doers and all(_non_state_armed(a) for a in e.sources)) or any(
                not _NEGATED.search(low[max(0, m.start() - 25):m.start()]) for m in _DISAPPEARED.finditer(low)):
            e.acled = {"event_type": "Violence against civilians", "sub_event_type": "Abduction/forced disappearance"}


_KILLING = re.compile(r"\b(?:" + "|".join(map(re.escape, _WORDS.seq("killing_words"))) + r")\b")
_ANIMALS = _WORDS.set("animal_words")
_NOBODY = re.compile(r"\b(?:nobody|no one|none)\b[^.;]{0,20}$")  # "nobody was killed"
# a killing word that tells no killing in this raid: a noun or adjective after a determiner ("after the killing of a
# chief", "relatives of the dead soldiers"), a cause ("after", "following", "over"), a threat or a condition
# ("threatened that they would be killed", "to be killed if no ransom is paid")
_NOT_THIS_KILLING = re.compile(r"\b(?:the|a|an|his|her|their|its|after|following|over|since|for|threat\w*|if|unless|"
                               r"would|will|could|might|may|to)\s+(?:be\s+|have\s+been\s+)?$")


def abduction_with_killing(events: list) -> None:
    """ACLED's codebook: Abduction/forced disappearance is the taking of people without reports of further violence;
    people abducted and killed, or killed in the raid in which others are abducted, are an Attack ("CODECO killed 2
    civilians ... and abducted 3 others", "a gang kidnapped, tortured and killed a man",
    "militiamen abducted the priest and killed his cook": ACLED world train, of the
    notes telling an abduction and a killing, 21 are Attacks and 1 an abduction, where livestock were killed). An
    event coded an abduction whose sentence tells a killing, not negated and not of animals (codes.yaml
    `killing_words`, `animal_words`), is an Attack; not where an armed side is the target (a battle) or a crowd the
    abductors (mob violence). A killing told in a later sentence may be another day's event ("He was killed on 27
    March"), which ACLED codes apart, so only the abduction's own sentence is read (on the world-train sample the
    next sentence would have recoded one more abduction rightly, a victim "taken to captivity, shot in the foot, and
    killed", and on world dev one wrongly, killed days later: no rule to be had from either)."""
    for e in events:
        if (e.acled or {}).get("sub_event_type") != "Abduction/forced disappearance" or (
                e.attribution.status not in _LIVE) or armed_target(e.targets) or crowd(e.sources):
            continue
        low = e.evidence.sentence.lower()
        for m in _KILLING.finditer(low):
            after = set(re.findall(r"[a-z]+", low[m.end():m.end() + 40])[:5])
            before = low[max(0, m.start() - 25):m.start()]
            if not _NEGATED.search(before) and not _NOBODY.search(before) and not after & _ANIMALS \
                    and not _NOT_THIS_KILLING.search(before):
                e.acled = {"event_type": "Violence against civilians", "sub_event_type": "Attack"}
                break


_HIT = r"(?:shot|killed|murdered|attacked|stabbed|executed|injured|wounded)"
_MEMBER = (r"(?:" + "|".join(map(re.escape, _WORDS.seq("armed_member_words")))
           + r"|members? of (?:a|an|the) [\w -]{0,30}?(?:" + "|".join(map(re.escape, _WORDS.seq("armed_group_heads")))
           + r")|members? of (?:a|an|the) (?:[\w-]+ )?(?:" + "|".join(map(re.escape, _WORDS.seq("armed_group_kinds")))
           + r") group)\b")
# "shot and killed a drug trafficker", "killed two alleged gang members" ...
_HIT_MEMBER = re.compile(r"\b" + _HIT + r"\b(?: and " + _HIT + r")? (?:a|an|one|two|three|four|five|\d+|the)? ?"
                         r"(?:alleged |suspected |presumed )?" + _MEMBER)
# ... "members of a cartel were shot and injured"
_MEMBER_HIT = re.compile(_MEMBER + r"[^.,;]{0,20}\b(?:was|were) " + _HIT)


def armed_group_victims(events: list) -> None:
    """ACLED's codebook: a battle is violence between organised armed groups, and criminal groups who fight with arms
    (drug trafficking groups, gangs, cartels) are armed groups; violence on their members is an Armed clash, not an
    Attack on civilians ("armed suspects shot and killed a drug trafficker", "members of a
    gang were shot and injured by a rival group": ACLED world train, of the notes telling a
    drug trafficker, gang member or member of such a group shot or killed, 18 are armed clashes and none an
    Attack). An event coded an Attack whose sentence names those hit so (codes.yaml `armed_member_words`,
    `armed_group_heads`, `armed_group_kinds`), not negated; not an abduction, sexual violence or remote violence."""
    for e in events:
        if e.type != "ASSAULT" or (e.acled or {}).get("sub_event_type") != "Attack" or e.mode in REMOTE_MODES or (
                e.mode in ("abduct", "sexual")) or e.attribution.status not in _LIVE:
            continue
        low = e.evidence.sentence.lower()
        at = _trigger_at(e)  # the words must tell this event's hit: its trigger inside them
        if any(not _NEGATED.search(low[max(0, m.start() - 25):m.start()]) and m.start() <= at < m.end()
               for m in (*_HIT_MEMBER.finditer(low), *_MEMBER_HIT.finditer(low))):
            e.acled = {"event_type": "Battles", "sub_event_type": "Armed clash"}


_DEVICE = re.compile(r"\b(?:" + "|".join(map(re.escape, _WORDS.seq("device_blast_words"))) + r")\s+(?:(?:a|an|the)\s+)?"
                     r"(?:[\w-]+\s+){0,2}?(?:" + "|".join(map(re.escape, sorted(_WORDS.seq("explosive_devices"),
                                                                                key=len, reverse=True))) + r")\b")


def device_explosion(events: list) -> None:
    """ACLED's codebook: Remote explosive/landmine/IED is the detonation of a landmine, an improvised or other explosive
    device, whoever laid it and whenever, where no one present fires it; people killed or hurt in such a blast are
    that event, not an Attack or Other ("shepherds were injured by the detonation of an
    explosive device", "a forester died in an explosion of a mine", "a civilian was hit by a cluster bomb":
    ACLED world-train sample, of the notes telling the explosion or
    detonation of a mine or explosive device, a landmine or unexploded ordnance, 21 are remote explosive violence
    and none an Attack or Other). An event of hurt or violence with no means of its own coded an Attack or Other,
    whose sentence tells the blast or hit of a device (codes.yaml `device_blast_words`, `explosive_devices`), not
    negated; its type and mode stay the word's."""
    for e in events:
        # a means of its own (shot, stabbed, abducted) is another event of the sentence than the blast
        if e.type not in ("ASSAULT", "COERCE") or e.mode is not None or e.attribution.status not in _LIVE:
            continue
        if (e.acled or {}).get("sub_event_type") not in ("Attack", "Other"):
            continue
        low = e.evidence.sentence.lower()
        if any(not _NEGATED.search(low[max(0, m.start() - 25):m.start()]) for m in _DEVICE.finditer(low)):
            e.acled = {"event_type": "Explosions/Remote violence", "sub_event_type": "Remote explosive/landmine/IED"}


def _trigger_at(e) -> int:
    """The offset of an event's trigger in its evidence sentence (-1 where unknown)."""
    if e.trigger_start is None or e.evidence.start is None:
        return -1
    return e.trigger_start - e.evidence.start


def _rank_below(e, before: list) -> None:
    """Rank `e` just below the most confident of `before` (events it follows), where it ranks as high or higher."""
    if before:
        top = max(v.confidence for v in before)
        if e.confidence >= top:
            e.confidence = round(max(0.05, top - 0.01), 3)
