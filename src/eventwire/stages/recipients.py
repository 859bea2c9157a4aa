"""Recipients an event's argument slots do not name: whom a protest is against, whom forces are readied
against, and, as a last resort, the first other actor (or demonym, or place acted on) named after the event word.
"""

from __future__ import annotations

from spacy.tokens import Token

from eventwire.records import Actor
from eventwire.stages import attribution as attr
from eventwire.stages.arguments import Index, actors_of, conjuncts, is_light, is_modifier_only
from eventwire.wordlists import words


_NOT_PROTESTED = ("MED",)  # outlets and the like report protests; they are not what is protested
_WORDS = words("recipients")  # data/lexicons/words/recipients.yaml
_DEMANDING = _WORDS.set("demanding")


def protested(tok: Token, idx: Index, src_ids: set[str]) -> list[Actor]:
    """Whom a protest is against when no preposition says so: the first actor named in its purpose clause ("staged
    demonstrations to demand reforms by Suharto's government") or "in defiance of X"."""
    verb = tok.head if tok.dep_ in ("dobj", "pobj") and is_light(tok.head) else tok  # "staged demonstrations"
    spans: list[Token] = []
    for c in [*verb.children, *(tok.children if tok is not verb else ())]:
        if c.dep_ in ("advcl", "xcomp", "acl") and (any(x.dep_ == "aux" and x.lower_ == "to" for x in c.children) or (
                c.tag_ == "VBG" and c.lemma_.lower() in _DEMANDING)):  # "calling for independence from Iraq"
            spans.append(c)
        elif c.dep_ == "prep" and c.lower_ == "in":
            # "in defiance of X", "in protest of/at/against X"
            spans.extend(p for q in c.children if q.dep_ == "pobj" and q.lemma_.lower() in ("defiance", "protest")
                         for p in q.children if p.dep_ == "prep" and p.lower_ in ("of", "at", "against", "over"))
    for head in spans:
        for t in sorted(head.subtree, key=lambda t: t.i):
            a = idx.actor_at(t)
            if a is not None and a.id not in src_ids and a.sector not in _NOT_PROTESTED and not is_modifier_only(t):
                return [a]
            if a is None and t.dep_ == "amod":  # "independence from Indonesian rule"
                st = idx.state_of_demonym(t)
                if st is not None and st.id not in src_ids:
                    return [st]
    return []


# types whose recipient a coder does not take from whatever the sentence names next: movements (a destination is
# not a target), meetings (all sides are actors) and protests (see _protested)
# acts whose place is what they act on ("a curfew in Cizre", "lifted the emergency in West Darfur"), unlike a
# treaty signed in Jeddah or an attack in Kabul, whose place is only where they happen
ACTS_ON_PLACES = {"COERCE", "SANCTION", "THREATEN", "CONCEDE", "REJECT"}
NO_RECIPIENT_FALLBACK = {"MOBILIZE", "RETREAT", "CONSULT", "PROTEST"}
_NOT_RECIPIENT_DEPS = {"punct", "cc", "aux", "auxpass", "neg", "advmod", "mark", "npadvmod", "nsubj", "nsubjpass",
                       "csubj", "parataxis", "agent", "expl", "prt"}


def with_conjuncts(t: Token, a: Actor, idx: Index, src_ids: set[str]) -> list[Actor]:
    """Actor `a` (found at token `t`) and the actors conjoined to it: "Congo and Costa Rica", "the United States
    and Israel"."""
    span = t.doc.char_span(a.start, a.end, alignment_mode="expand")
    head = span.root if span is not None else t
    out = [a]
    for c in conjuncts(head)[1:]:
        b = idx.actor_at(c)
        if b is not None and b.id not in src_ids and all(b.id != x.id for x in out):
            out.append(b)
    return out


def mobilised_against(tok: Token, idx: Index) -> list[Actor]:
    """Whom forces are readied against: "mobilized reservists for a possible war against Iraq"."""
    return [a for t in tok.subtree if t.dep_ == "prep" and t.lower_ == "against"
            for p in t.children if p.dep_ == "pobj" for a in actors_of(p, idx)][:2]


def first_recipient(tok: Token, idx: Index, src_ids: set[str], *, places: bool = True, cooperative: bool = False
                     ) -> list[Actor]:
    """The recipient when no argument slot names one: the first other actor named after the event word in its
    own phrase ("granted asylum to five Panamanian army officers holed up ...", "kidnapped up to 16 Russian
    civilian advisers"), a demonym standing for its state, or (not for assaults) a place acted in standing for
    its state ("imposed a curfew in the town of Cizre"). Reporting clauses ("..., officials said") and time
    phrases are skipped, and so, for a cooperative act, is whoever it is against ("to assist in ground operations
    against Israel")."""
    skip: set[int] = set()
    for c in tok.children:
        if c.i < tok.i or c.dep_ in _NOT_RECIPIENT_DEPS or c.lemma_.lower() in attr.REPORTING:
            skip.update(t.i for t in c.subtree)
    if cooperative:
        for t in tok.subtree:
            if t.dep_ == "prep" and t.lower_ in ("against", "versus"):
                skip.update(x.i for x in t.subtree)
    scope = list(tok.subtree)
    gov = tok.head
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "dobj" and gov.i != tok.i:
        # "called off a strike after deliberations with the government": the verb's own phrases after the noun
        for c in gov.children:
            if c.i > tok.i and c.dep_ == "prep" and c.lemma_.lower() not in attr.REPORTING:
                scope.extend(c.subtree)
    for t in sorted(scope, key=lambda t: t.i):
        if t.i <= tok.i or t.i in skip:
            continue
        a = idx.actor_at(t)
        if a is not None:
            if a.id in src_ids or is_modifier_only(t) or a.sector == "MED":
                continue
            return with_conjuncts(t, a, idx, src_ids)
        if t.dep_ in ("amod", "compound"):
            st = idx.state_of_demonym(t)
            if st is not None and st.id not in src_ids:
                return [st]
        if places:
            pl = idx.place_at(t)
            if pl is not None and pl.country:
                st = idx.state(pl.country, t)
                if st is not None:
                    return [st]
    return []
