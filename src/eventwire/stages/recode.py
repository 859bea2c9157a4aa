"""The recoding rules of the events stage: what PLOVER and CAMEO code differently from the trigger word alone.

After slot filling (`slots.py`) an event is a `Draft`: its type, mode, status and arguments as the word and the
parse give them. `RULES` is the ordered list of named rules applied to it; each is a small function that says
in its docstring which codebook line or golden cases (tests/cases/*.yaml) it follows, changes the draft when it
applies and returns whether it did. `one_of` groups rules of which at most the first that applies is used (a
demand, a promise and a refusal exclude each other). `SENTENCE_RULES` then recode events of one sentence by
each other (a vow to cooperate, violence named inside a protest). The confidence weights are named in
`confidence.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from spacy.tokens import Span, Token

from eventwire.lexicons import Trigger
from eventwire.records import COOPERATIVE, Actor, Event, Place
from eventwire.stages import attribution as attr
from eventwire.stages import codes
from eventwire.stages import recode_cameo as cameo_rules
from eventwire.stages.arguments import Index, actors_of, is_light, subject_of
from eventwire.stages.confidence import BACKGROUND_PENALTY, FLOOR
from eventwire.stages.recipients import mobilised_against
from eventwire.stages.triggers import ends_event


_REFUSALS = {"refuse", "refused", "refuses", "decline", "declined", "declines", "reject", "rejected", "rule out"}


_THREAT_TYPES = {"ASSAULT": "violence", "COERCE": "restrict", "SANCTION": "relations"}


_THREAT_CUES = {"could", "would", "will", "'ll", "may", "might", "shall", "threaten", "threatened", "warn", "warned",
                "vow", "vowed", "wo", "sworn", "swore", "swear"}


# PLOVER: an announced or conditional act is coded as the intent, not the act
_INTENT_CUES = {"will", "would", "'ll", "wo", "shall", "ready", "willing", "prepared", "plan", "plans", "planned",
                "intend", "intends", "pledge", "pledged", "promise", "promised", "offer", "offered", "agree", "agreed",
                "commit", "committed", "want", "wants", "hope", "hopes", "expect", "expects", "able", "could", "may",
                "might"}


# cues of an announced act (not a mere possibility: "could", "may", "might"), and plans
_ANNOUNCED = (_THREAT_CUES - {"could", "may", "might"}) | {"plan", "plans", "planned", "intend", "intends"}


_OBLIGATION_CUES = {"must", "should", "ought", "need", "needs", "have to", "has to"}


_COOPERATIVE_ACTS = COOPERATIVE - {"AGREE"}  # cooperative acts that can be promised (an agreement is the promise)


def _speaker(trigger: Token, idx: Index) -> list[Actor]:
    """Actors who say the sentence that holds the event ("a British minister said ...")."""
    cur = trigger
    for _ in range(6):
        if cur.head is cur:
            return []
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX") and cur.lemma_.lower() in attr.REPORTING:
            return [a for c in cur.children if c.dep_ in ("nsubj", "nsubjpass") for a in actors_of(c, idx)]
    return []


# words that ask someone to act: an act in their complement clause is what is asked for ("demanded that Israel
# ease restrictions", "its demand that ...", "a reminder to Iraq that it must cooperate")
_DEMANDS = {"demand", "insist", "urge", "reminder", "ultimatum", "appeal"}


def _demander(trigger: Token, idx: Index) -> list[Actor]:
    """Who demands the act of `trigger`, when its clause completes a demand ("X demanded that Y ...", "X reiterated
    its demand that Y ...", "X issued a declaration demanding that Y ..."); [] otherwise."""
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    if verb.dep_ not in ("ccomp", "acl") or verb.head is verb or not any(
            c.dep_ == "mark" and c.lower_ == "that" for c in verb.children):
        return []
    head = verb.head
    noun = head if head.pos_ in ("NOUN", "PROPN") else next(  # the parser hangs "that ..." on the verb of
        (c for c in head.children if c.dep_ == "dobj" and c.lemma_.lower() in _DEMANDS), None)  # "its demand"
    if head.lemma_.lower() not in _DEMANDS and noun is None:
        return []
    if noun is not None:
        owners = [c for c in noun.children if c.dep_ == "poss" and c.pos_ != "PRON"]  # "the ILO's demand"
        if owners:
            return actors_of(owners[0], idx)
        head = noun.head if noun.dep_ in ("dobj", "pobj") else head
    while head.dep_ == "acl" and head.head.dep_ in ("dobj", "pobj"):  # "issued a declaration demanding"
        head = head.head.head
    subj, passive = subject_of(head)
    return [] if passive else [a for x in subj for a in actors_of(x, idx)]


_OFFICIAL_SECTORS = {"GOV", "IGO", "JUD"}


_OBSTRUCT = {"block", "blockade", "barricade", "obstruct", "cut", "close", "shut", "shut down", "encircle", "cordon",
             "besiege", "roadblock", "road block"}  # physical obstruction, not policy ("suspended aid deliveries")


_POWER_SECTORS = {"GOV", "MIL", "COP", "JUD", "IGO", "REB", "SPY", "BUS", "MED", "LEG", "CRM", "UAF"}


def _people(a: Actor) -> bool:
    """Neither a state, its forces or institutions, an armed group, a company nor an outlet: people, their
    unions, communities and associations (unknown organisations included)."""
    return a.kind not in ("state", "armed_group") and a.sector not in _POWER_SECTORS


def _official(a: Actor) -> bool:
    """A state, its government or courts, or an intergovernmental body: not a crowd."""
    return a.kind == "state" or (a.sector in _OFFICIAL_SECTORS and a.kind != "armed_group")


def _obliged(trigger: Token) -> bool:
    """True when a "must"/"should" governs the trigger's clause below the reporting verb, even behind another
    governor ("said the US must be ready to mediate": an obligation, not an offer)."""
    cur = trigger
    for _ in range(4):
        if any(c.dep_ == "aux" and c.lower_ in ("must", "should", "ought") for c in cur.children):
            return True
        if cur.dep_ not in ("xcomp", "acomp") or cur.head is cur:
            return False
        cur = cur.head
    return False


def _future(trigger: Token) -> bool:
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    return any(c.dep_ == "aux" and c.lower_ in ("will", "would", "'ll", "wo", "shall") for c in verb.children)


_PROMISE_VERBS = {"vow", "swear", "pledge", "promise"}


def promises_to_cooperate(built: list[tuple[Token, Event]]) -> None:
    """"X vowed to fight alongside Y", "swore to stand with Y": a vow whose complement is cooperation is a promise
    (PLOVER AGREE), not a threat; its target is the partner, so the edge is an alliance."""
    by_tok = {t.i: ev for t, ev in built}
    for tok, ev in built:
        if ev.type != "THREATEN" or tok.lemma_.lower() not in _PROMISE_VERBS:
            continue
        comp = [by_tok[c.i] for c in tok.children if c.dep_ in ("xcomp", "ccomp") and c.i in by_tok]
        if comp and all(c.type in COOPERATIVE for c in comp):
            ev.type, ev.mode, ev.cameo = "AGREE", None, codes.cameo("AGREE", None, "030")
            ev.acled = codes.acled("AGREE", None, ev.sources, ev.targets)


_AGAINST = frozenset({"against", "over"})  # what a protest is against: "protested against demolishing the station"


def causes_of_protest(built: list[tuple[Token, Event]]) -> None:
    """Violence named inside a protest's own words is what the protest is about, not a new event: "relatives of
    a man who was killed protested", "a protest over the killing of a man". Such an event (its
    word a noun, or reached from the protest through a noun) is background; "protesters marched and set fire to
    tyres" (a verb joined to the protest's verb) is not. Nor is an act the protest is against ("protested in Porto
    against demolishing the station": a verb reached through "against" or "over"), and a protest that is the object
    of any verb is that verb's act ("family members of a child who was shot carried out a protest")."""
    for ptok, pev in built:
        if pev.type != "PROTEST":
            continue
        scope = ptok.head if (ptok.dep_ in ("dobj", "pobj") and is_light(ptok.head)) or (
            ptok.dep_ == "dobj" and ptok.head.pos_ == "VERB") else ptok  # "staged a protest", "carried out a protest"
        inside = {t.i for t in scope.subtree} - {ptok.i, scope.i}
        for tok, ev in built:
            if ev is pev or tok.i not in inside or ev.type not in ("ASSAULT", "COERCE"):
                continue
            cur, through_noun = tok, tok.pos_ in ("NOUN", "PROPN")
            for _ in range(20):  # tok lies in scope's subtree: its head chain reaches scope
                if cur.i in (ptok.i, scope.i) or cur.head.i == cur.i:
                    break
                cur = cur.head
                if cur.i not in (ptok.i, scope.i) and (cur.pos_ in ("NOUN", "PROPN", "PRON") or (
                        cur.pos_ == "ADP" and cur.lower_ in _AGAINST)):
                    through_noun = True
            if through_noun and ev.attribution.status == "reported":
                ev.attribution.status, ev.attribution.cue = "background", pev.trigger
                ev.confidence = max(FLOOR, ev.confidence - BACKGROUND_PENALTY)


# ------------------------------------------------------------------------------------------ one event

@dataclass
class Draft:
    """An event being coded: what slot filling found, and what the rules may change (type, mode, status, sources
    and targets). `cue` is the word that set the status ("will", "refused"), lowercased."""

    tok: Token
    word: str  # the lexicon word ("protest", "mobilise")
    sense: Trigger
    sent: Span
    idx: Index
    etype: str
    mode: str | None
    status: str
    cue: str
    sources: list[Actor]
    targets: list[Actor]
    location: Place | None
    purpose_obj: Token | None  # the object of a deployment's purpose clause ("sent troops to support X")


Rule = Callable[[Draft], bool]


def joint_operation(d: Draft) -> bool:
    """"a joint military exercise", "a joint operation": forces acting together cooperate militarily (PLOVER
    COOPERATE, mode military; CAMEO 062).
    Golden cases: cooperate-joint-exercise-rajasthan (xfail for its place)."""
    if d.sense.nominal and any(c.lower_ in ("joint", "combined") for c in d.tok.children) and d.etype in (
            "MOBILIZE", "ASSAULT"):
        d.etype, d.mode = "COOPERATE", "military"
        return True
    return False


def visit_to_host(d: Draft) -> bool:
    """A meeting in the host's own country is a visit (PLOVER CONSULT, mode visit; CAMEO 042/043): met the host
    where the host lives.
    Golden cases: consult-visit-tehran, place-paris-talks."""
    if d.etype == "CONSULT" and d.mode is None and d.location is not None and d.sources and d.location.country \
            and d.location.country not in {a.country for a in d.sources} \
            and d.location.country in {a.country for a in d.targets}:
        d.mode = "visit"
        return True
    return False


def deployment_with_purpose(d: Draft) -> bool:
    """"crossed into Syria to support Assad's forces": a deployment whose purpose is to help someone is military
    aid to them (PLOVER AID, mode military; CAMEO 074).
    Golden cases: actor-badr-nujaba-into-syria, agree-willing-to-send-to-help-defend."""
    if d.purpose_obj is not None and d.etype == "MOBILIZE" and d.targets:
        d.etype, d.mode = "AID", "military"
        return True
    return False


def obligation_is_request(d: Draft) -> bool:
    """"X said Libya must hand over the suspects": what a speaker says another must do is the speaker's request
    (PLOVER REQUEST: an actor asks another to act).
    Golden cases: request-must-be-ready-to, request-reiterated-must."""
    if d.status == "hypothetical" and (d.cue in _OBLIGATION_CUES or _obliged(d.tok)) and d.sources:
        speaker = _speaker(d.tok, d.idx)
        if speaker:
            d.targets, d.sources = d.sources, speaker
            d.etype, d.mode, d.status = "REQUEST", None, "reported"
            return True
    return False


def demand_is_request(d: Draft) -> bool:
    """"the ILO reiterated its demand that Israel ease restrictions": the act demanded is the demander's request
    to its actor (PLOVER REQUEST).
    Golden cases: request-its-demand-that-x-act, request-it-is-not-a-person."""
    if not d.sources or d.etype == "REQUEST":
        return False
    demander = _demander(d.tok, d.idx)
    if demander and not {a.id for a in demander} & {a.id for a in d.sources}:
        d.targets, d.sources = d.sources, demander
        d.etype, d.mode, d.status = "REQUEST", None, "reported"
        return True
    return False


def promise_is_agree(d: Draft) -> bool:
    """"Finland will give Tanzania a grant": an announced cooperative act is a promise (PLOVER AGREE: "agree to,
    promise, pledge"; the act itself has not happened).
    Golden cases: agree-offer-to-host-talks, agree-ready-to-contribute-police, agree-willing-to-send-to-help-defend."""
    if d.status == "hypothetical" and d.etype in _COOPERATIVE_ACTS and d.cue in _INTENT_CUES:
        d.etype, d.status = "AGREE", "reported"
        return True
    return False


def refusal_is_reject(d: Draft) -> bool:
    """"declined to resign", "refused to hand over": a refusal is an event (PLOVER REJECT: "refuse, decline"). Not
    "rejected accusations": the verb's own sense codes that denial (CAMEO 016); the accusation stays negated."""
    if d.status == "negated" and d.cue in _REFUSALS and not (d.etype == "ACCUSE" and d.sense.nominal):
        d.etype, d.mode, d.status = "REJECT", None, "reported"
        return True
    return False


def refused_cooperation_is_reject(d: Draft) -> bool:
    """"Syria will not accept more refugees": cooperation announced as not going to happen is a refusal (PLOVER
    REJECT)."""
    if d.status == "negated" and d.etype in COOPERATIVE and _future(d.tok):
        d.etype, d.status = "REJECT", "reported"
        return True
    return False


def one_of(*rules: Rule) -> Rule:
    """A rule that applies the first of `rules` that applies, and no other."""

    def first_that_applies(d: Draft) -> bool:
        return any(rule(d) for rule in rules)

    first_that_applies.__name__ = "one_of(" + ", ".join(r.__name__ for r in rules) + ")"
    first_that_applies.__doc__ = "The first that applies of: " + ", ".join(r.__name__ for r in rules) + "."
    first_that_applies.members = rules  # type: ignore[attr-defined]
    return first_that_applies


# a counted subject is a crowd, whatever its nouns: "more than 100 Ukrainian nationals staged a protest", "dozens of
# lawyers protested", "over 100 employees of different municipalities protested" (ACLED world train: each a peaceful
# protest that an official-looking word had made a state's accusation)
_CROWD_COUNTS = frozenset({"dozens", "hundreds", "thousands", "scores", "tens", "several", "many", "some"})


def _counted_crowd(trigger: Token) -> bool:
    verb = trigger.head if trigger.dep_ in ("dobj", "pobj") and is_light(trigger.head) else trigger
    return any(t.dep_ == "nummod" or t.like_num or t.lower_ in _CROWD_COUNTS
               for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree)


def officials_do_not_protest(d: Draft) -> bool:
    """PLOVER's PROTEST is civilians acting together: a state that "mobilised reservists" mobilises (its own
    reservists are no target), a government that "lodged a protest with X" accuses X (CAMEO 111 disapprove).
    A counted subject ("dozens of lawyers protested") is a crowd, never a state.
    Golden cases: accuse-state-lodges-protest, mobilize-state-mobilises-reservists, mobilize-against-whom."""
    if not (d.etype == "PROTEST" and d.word in ("protest", "mobilise", "mobilize") and d.sources and all(
            _official(a) or (a.sector == "MIL" and d.word != "protest") for a in d.sources)):
        return False
    if d.word == "protest" and _counted_crowd(d.tok):
        return False
    if d.word in ("mobilise", "mobilize"):
        d.etype, d.mode = "MOBILIZE", "troops"
        d.targets = [a for a in d.targets if a.country not in {s.country for s in d.sources}]
        d.targets = d.targets or mobilised_against(d.tok, d.idx)
    else:
        d.etype, d.mode = "ACCUSE", "disapprove"
        d.targets = d.targets or [a for c in d.tok.children if c.dep_ == "prep" and c.lower_ in ("with", "to")
                                  for p in c.children if p.dep_ == "pobj" for a in actors_of(p, d.idx)]
    return True


def ended_protest_is_concede(d: Draft) -> bool:
    """"the union called off its strike": ending a protest eases dissent (PLOVER CONCEDE; CAMEO 082).
    Golden cases: concede-union-calls-off-strike."""
    if d.etype == "PROTEST" and d.sense.nominal and ends_event(d.tok):
        d.etype, d.mode = "CONCEDE", None
        return True
    return False


def aid_agency_withholding_is_sanction(d: Draft) -> bool:
    """An aid agency suspending deliveries discontinues aid (PLOVER SANCTION, mode discontinue); withholding is
    coercion only when a state or force does it.
    Golden cases: sanction-aid-agency-suspends-services (aid itself stopped is SANCTION in the lexicon: CAMEO 162)."""
    if d.etype == "COERCE" and d.mode == "withhold" and d.sources and all(
            a.sector in ("NGO", "IGO") for a in d.sources):
        d.etype, d.mode = "SANCTION", "discontinue"
        return True
    return False


def announced_coercion_is_threat(d: Draft) -> bool:
    """"farmers said they would blockade Paris": coercion announced, not done, is a threat (PLOVER THREATEN,
    mode restrict).
    Golden cases: threaten-farmers-would-block, threaten-plans-to-restrict."""
    if d.etype == "COERCE" and d.status == "hypothetical" and d.cue in _ANNOUNCED:
        d.etype, d.mode, d.status = "THREATEN", "restrict", "reported"
        return True
    return False


_GROUP_OF = re.compile(r"\bgroups? of (?:[\w-]+ ){0,2}$")


def _crowd_of(trigger: Token, a: Actor) -> bool:
    """A counted or grouped subject: "hundreds of merchants", "around 40 prison guards" (`_counted_crowd`), "a group
    of former police officers" (read on the words before the actor: the parser often hangs "a group" elsewhere)."""
    text = trigger.doc.text
    return _counted_crowd(trigger) or bool(_GROUP_OF.search(text[max(0, a.start - 40):a.start].lower()))


def people_blocking_protest(d: Draft) -> bool:
    """Demonstrators, workers, unions or communities blocking a road or an entrance protest (PLOVER PROTEST, mode
    obstruct: "blockade, obstruct"); they do not coerce. So does a counted or grouped crowd of any trade that is no
    armed group and no state ("hundreds of merchants blocked intersections", "around 40 prison guards blocked the
    entrance of the prison", "a group of former police officers blocked traffic": ACLED world train, 4 peaceful
    protests so told, read as coercion).
    Golden cases: protest-union-blocks-entrance, protest-the-group-blocks-road-with-vehicles,
    protest-counted-guards-block-entrance, protest-counted-traders-block-road, protest-group-of-officers-block-road."""
    if d.etype == "COERCE" and d.mode in ("restrict", "withhold", None) and d.word in _OBSTRUCT and d.sources and all(
            _people(a) or (not a.proper and a.kind not in ("state", "armed_group") and _crowd_of(d.tok, a))
            for a in d.sources):
        d.etype, d.mode = "PROTEST", "obstruct"
        return True
    return False


# closing or taking over a place ("shut down a school", "took over the facilities", "occupied the premises")
_TAKEOVER = frozenset({"close", "shut", "occupy", "take", "lock"})
# ...told with what it demands: "to demand the resignation", "demanding", "in a demonstration", "in protest"
_WITH_DEMAND = re.compile(r"\b(?:to demand|demanding|to protest|in protest|in (?:a|the) (?:[\w-]+ ){0,2}?"
                          r"(?:demonstration|protest))\b")


def takeover_with_demand_is_protest(d: Draft) -> bool:
    """People who close or take over a building or a road to demand something demonstrate (PLOVER PROTEST, mode
    obstruct): "parents shut down a secondary school in a demonstration to demand ...", "unionized workers took over
    the facilities ... to demand the resignation of the office's chief", "graduates closed the administration
    building, demanding jobs" (ACLED world train: 10 of 11 notes with a closure or takeover and a demand are
    peaceful protests); not a state, its forces or an armed group.
    Golden cases: protest-parents-shut-school-to-demand, protest-teachers-shut-office-to-demand,
    protest-nurses-shut-hospital-to-demand."""
    lemma = d.tok.lemma_.lower()
    if d.etype != "COERCE" or d.mode == "arrest" or lemma not in _TAKEOVER or not d.sources or not all(
            _people(a) for a in d.sources):
        return False
    if lemma == "take" and not any(c.dep_ == "prt" and c.lower_ == "over" for c in d.tok.children):
        return False
    if not _WITH_DEMAND.search(d.sent.doc.text[d.tok.idx:d.sent.end_char].lower()):
        return False
    d.etype, d.mode = "PROTEST", "obstruct"
    return True


def civilians_fighting_police_riot(d: Draft) -> bool:
    """Supporters torching cars and fighting police riot (PLOVER PROTEST, mode riot; ACLED Riots); civilians do
    not wage war on the police.
    Golden cases: protest-riot-lahore, mob-violence-without-demonstration."""
    if d.etype == "ASSAULT" and d.mode in ("destroy", None, "primitive") and d.sources and all(
            a.sector in ("CVL", "OPP") and a.kind != "armed_group" for a in d.sources) and d.targets and all(
            a.sector == "COP" for a in d.targets):
        d.etype, d.mode = "PROTEST", "riot"
        return True
    return False


def training_own_forces_is_mobilize(d: Draft) -> bool:
    """"North Korea has trained 500 hackers": training or arming one's own people readies one's forces (PLOVER
    MOBILIZE, mode troops), against whoever they are readied for ("... capable of cyber warfare against the US").
    Golden cases: mobilize-training-own-forces, threaten-demonym-recipient."""
    if d.etype == "AID" and d.word in ("train", "arm") and d.sources and all(
            a.country in {s.country for s in d.sources} for a in d.targets):
        d.etype, d.mode = "MOBILIZE", "troops"
        d.targets = mobilised_against(d.tok, d.idx)
        return True
    return False


def peacekeepers_are_aid(d: Draft) -> bool:
    """Sending peacekeepers is aid to the country they go to (PLOVER AID, mode peacekeeping; CAMEO 074): "arrived
    in Bosnia".
    Golden cases: aid-peacekeepers-arrive-in-host."""
    if not (d.etype == "MOBILIZE" and "peacekeep" in d.sent.text.lower()):
        return False
    d.etype, d.mode = "AID", "peacekeeping"
    loc = d.location
    if not d.targets and loc is not None and loc.country and loc.country not in {a.country for a in d.sources}:
        where = d.tok.doc.char_span(loc.start, loc.end, alignment_mode="expand")
        st = d.idx.state(loc.country, where.root if where is not None else d.tok)
        d.targets = [st] if st is not None else []
    return True


def conditional_force_is_threat(d: Draft) -> bool:
    """PLOVER: a conditional or announced use of force is a threat, not an assault ("could strike Iran").
    Golden cases: hypothetical-could-strike-iran, hypothetical-would-retake-khartoum, threaten-houthi-warships."""
    if d.status == "hypothetical" and d.etype in _THREAT_TYPES and d.cue in _THREAT_CUES:
        d.etype, d.mode = "THREATEN", _THREAT_TYPES[d.etype]
        d.status = "reported"
        return True
    return False


# The recoding rules, in the order they apply (a later rule sees what an earlier one made).
RULES: tuple[Rule, ...] = (
    joint_operation,
    visit_to_host,
    deployment_with_purpose,
    one_of(obligation_is_request, demand_is_request, promise_is_agree, refusal_is_reject,
           refused_cooperation_is_reject, cameo_rules.failed_agreement_is_reject),
    officials_do_not_protest,
    ended_protest_is_concede,
    *cameo_rules.AFTER_ENDED_PROTEST,  # refusals to yield, ceasefires declared, accord, multinational exercises
    aid_agency_withholding_is_sanction,
    announced_coercion_is_threat,
    people_blocking_protest,
    takeover_with_demand_is_protest,
    civilians_fighting_police_riot,
    training_own_forces_is_mobilize,
    peacekeepers_are_aid,
    conditional_force_is_threat,
)


def recode(d: Draft, rules: tuple[Rule, ...] = RULES) -> list[str]:
    """Apply the rules in order; the names of those that applied."""
    return [rule.__name__ for rule in rules if rule(d)]
