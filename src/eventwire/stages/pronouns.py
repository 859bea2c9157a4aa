"""Pronouns and "the group" as actors of an event: the subject of the governing reporting verb, else the last actor
named before (`resolve_pronoun`). Split from `arguments`, whose `actors_of` it reads."""

from __future__ import annotations

from spacy.tokens import Span, Token

from eventwire.records import Actor
from eventwire.stages.arguments import _WORDS, Index, actors_of


def _prior_actors(tok: Token, idx: Index) -> list[Actor]:
    return sorted((a for a in idx.actors if a.end <= tok.idx and a.kind != "state"), key=lambda a: a.start)


def _last_group_subject(tok: Token, prior: list[Actor]) -> Actor | None:
    """The last group named as a subject before `tok`: "Truck drivers blocked the road. They beat up ..." """
    doc = tok.doc
    for a in reversed(prior):
        span = doc.char_span(a.start, a.end, alignment_mode="expand")
        if span is not None and span.root.dep_ in ("nsubj", "nsubjpass") and (
                span.root.tag_ in ("NNS", "NNPS") or a.kind in ("armed_group", "generic")):
            return a
    return None


_INDEFINITE = _WORDS.set("indefinite_pronouns")


def resolve_pronoun(tok: Token, idx: Index, sent: Span) -> list[Actor]:
    """"they"/"it": the subject of the governing reporting verb, else the last actor named before. "The group"
    with no actor of its own is a "they": the last group named as a subject ("Truck drivers held demonstrations.
    The group blocked the road with their lorries.")."""
    if tok.lower_ == "group" and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children) and not any(
            c.dep_ in ("prep", "compound", "amod", "acl", "relcl") for c in tok.children):
        found = _last_group_subject(tok, _prior_actors(tok, idx))
        return [found] if found else []
    if tok.pos_ != "PRON" or tok.lower_ in _INDEFINITE:
        return []
    neuter = tok.lower_ in ("it", "its")  # never a person: "Chirac reminded Iraq that it must cooperate"
    gov = tok.head
    while gov.dep_ in ("ccomp", "xcomp", "conj") and gov.head is not gov:
        gov = gov.head
        for c in gov.children:
            if c.dep_ in ("nsubj",) and c.pos_ != "PRON":
                got = [a for a in actors_of(c, idx) if not (neuter and a.kind == "person")]
                if got:
                    return got
    if neuter:  # the last state or body named before
        prior = sorted((a for a in idx.actors if a.end <= tok.idx and a.kind != "person"), key=lambda a: a.start)
        return prior[-1:]
    prior = _prior_actors(tok, idx)
    if tok.lower_ in ("they", "them", "their") and prior:
        return [_last_group_subject(tok, prior) or prior[-1]]
    return []
