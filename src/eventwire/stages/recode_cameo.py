"""Recoding rules of the events stage (their list is `recode.RULES`) for what CAMEO and PLOVER code otherwise than
the word and its negation alone: an agreement the sides failed to reach and a concession announced as not going to
be made once a rule has made it one (a strike the workers "will not end") are refusals; a ceasefire declared is a
concession, not an agreement; agreeing with an opinion is a statement of accord; an exercise of the forces of several
countries is military cooperation.

Each reads a `recode.Draft` (`d`, not annotated: recode.py imports this module) and says whether it applied, like
the rules of `recode.py`.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from eventwire.stages.arguments import actors_of

_FAILED = {"fail", "failed", "fails", "failing"}
_WILL_NOT = {"will", "would", "'ll", "wo", "shall"}
_REFUSING = {"refuse", "refused", "refuses", "decline", "declined", "declines"}


def _announced(tok: Token) -> bool:
    """The trigger's verb (its own, or the one a noun trigger is the object of) has a future auxiliary."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    return any(c.dep_ == "aux" and c.lower_ in _WILL_NOT for c in verb.children)


def failed_agreement_is_reject(d) -> bool:
    """"the two sides failed to reach agreement on the border", "negotiators failed to agree on a deal": talks that
    end without the agreement sought are the sides' rejection of each other's terms, a verbal conflict (CAMEO 12
    "Reject", 127 "Reject plan, agreement to settle dispute"; PLOVER REJECT), not an agreement negated away.
    Golden cases: reject-failed-to-reach-agreement."""
    if d.status == "negated" and d.cue in _FAILED and d.etype == "AGREE":
        d.etype, d.mode, d.status = "REJECT", None, "reported"
        return True
    return False


def refused_ending_is_reject(d) -> bool:
    """"the drivers vowed they would not call off their stoppage before ...", "refused to call off the boycott": a
    concession announced as not going to be made, or refused, is a refusal to yield (CAMEO 124 "Refuse to yield", 1242
    "Refuse to ease popular dissent"; PLOVER REJECT). Runs after `ended_protest_is_concede`, which makes ending a
    protest a concession after the refusal rules of `recode.one_of` have looked at it as a protest.
    Golden cases: reject-will-not-end-strike."""
    if d.status == "negated" and d.etype == "CONCEDE" and (_announced(d.tok) or d.cue in _REFUSING):
        d.etype, d.mode, d.status = "REJECT", None, "reported"
        return True
    return False


_CEASEFIRES = {"ceasefire", "cease-fire", "truce", "armistice"}
_DECLARING = {"declare", "announce", "proclaim", "observe", "order"}


def declared_ceasefire_is_concede(d) -> bool:
    """"the rebels declared a unilateral ceasefire", "the president announced a three-day truce": a ceasefire one
    side declares is a concession (PLOVER CONCEDE: "declarations (but not implementations) of ceasefires"; CAMEO
    0871 "Declare truce, ceasefire", under 08 Yield), not an agreement between sides (AGREE, CAMEO 03), which
    "agreed a ceasefire" or "signed a truce" stays. ACLED's Agreement covers both (`codes.acled`).
    Golden cases: concede-declared-unilateral-ceasefire."""
    tok = d.tok
    if d.etype == "AGREE" and d.sense.nominal and (tok.lemma_.lower() in _CEASEFIRES or d.word.lower() in _CEASEFIRES
                                                   ) and tok.dep_ == "dobj" and tok.head.lemma_.lower() in _DECLARING:
        d.etype, d.mode = "CONCEDE", "ceasefire"
        return True
    return False


def agreeing_with_a_view_is_accord(d) -> bool:
    """"officials said they agree with the court that the law is unfair", "the government agreed with the Senate
    that ...", "both leaders agree with the proposal": agreeing with someone's view, with no act agreed on, is a
    statement (CAMEO 019 "Express accord", under 01 Make public statement), not an intent to cooperate (CAMEO 03),
    which "agreed with Peru to reopen the border" or "agreed with the rebels on a truce" stays. The PLOVER type stays
    AGREE; the CAMEO code is the statement's.
    Golden cases: agree-with-a-view-is-accord."""
    tok = d.tok
    if d.etype != "AGREE" or tok.lemma_.lower() != "agree" or tok.pos_ not in ("VERB", "AUX"):
        return False
    kids = list(tok.children)
    if not any(c.dep_ == "prep" and c.lower_ == "with" for c in kids):
        return False
    said = {t.i for c in kids if c.dep_ == "ccomp" for t in c.subtree}  # the view itself ("that the law is unfair")
    if any(c.dep_ in ("xcomp", "dobj") or (
            c.dep_ == "advcl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)) for c in kids) or any(
            t.dep_ == "prep" and t.lower_ in ("on", "upon") and t.i not in said for t in tok.subtree):
        return False  # an act or a matter agreed on ("with Peru to reopen", "with the rebels on a truce")
    d.sense = replace(d.sense, cameo="019")
    return True


_EXERCISES = {"exercise", "exercises", "drill", "drills", "manoeuvres", "maneuvers", "war game", "war games",
              "military exercise", "military exercises"}


def multinational_exercise_is_cooperation(d) -> bool:
    """"the US and Western allies launched war games near the strait", "Peru and Chile held naval drills": an
    exercise of forces of two or more countries is military cooperation (PLOVER COOPERATE: "military exchanges such
    as joint military games and maneuvers"; the PLOVER manual: "joint military operations are coded as COOPERATE but
    single-country exercises should be coded as MOBILIZE"; CAMEO 062 "Cooperate militarily"). One country's drill
    stays MOBILIZE.
    Golden cases: cooperate-two-country-war-games."""
    if d.etype != "MOBILIZE" or d.word.lower() not in _EXERCISES:
        return False
    partners = [a for t in (d.tok, d.tok.head) for c in t.children if c.dep_ == "prep" and c.lower_ == "with"
                for p in c.children if p.dep_ == "pobj" for a in actors_of(p, d.idx)]  # "a war game with French forces"
    if len({a.country for a in d.sources + d.targets + partners if a.country}) < 2:
        return False
    d.etype, d.mode = "COOPERATE", "military"
    return True


# the rules `recode.RULES` applies, in this order, after `ended_protest_is_concede`
AFTER_ENDED_PROTEST = (refused_ending_is_reject, declared_ceasefire_is_concede, agreeing_with_a_view_is_accord,
                       multinational_exercise_is_cooperation)
