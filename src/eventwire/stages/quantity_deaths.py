"""One death though no number is written (for the quantities stage): "killing a Hamas official", "a man was shot
and killed", "he was stabbed to death", "the victim died". `kills` tells a verb whose object or passive subject is
killed; `one_person` a phrase that names one person."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from eventwire.records import Quantity
from eventwire.wordlists import words

_WORDS = words("quantities")  # data/lexicons/words/quantities.yaml
_NOT_COUNTED = _WORDS.set("not_counted")
_PERSON_NOUNS = _WORDS.set("person_nouns")
_PERSON_SUFFIXES = tuple(_WORDS.set("person_suffixes"))
_KILL_VERBS = _WORDS.set("kill_verbs")
_DIE_VERBS = _WORDS.set("die_verbs")
_ONE_PRONOUNS = _WORDS.set("one_pronouns")
_ONE_DETS = _WORDS.set("one_determiners")


def kills(verb: Token) -> bool:
    """Does the verb say its object (or its passive subject) was killed? A verb of killing ("killed a man"), a
    verb joined to one that shares its object ("was shot and killed"), or a verb with "dead" or "to death"
    ("shot dead a civilian", "was stabbed to death")."""
    if verb.lemma_.lower() in _KILL_VERBS:
        return True
    for c in verb.children:
        if c.dep_ == "conj" and not any(g.dep_ in ("dobj", "nsubjpass", "nsubj") for g in c.children) and (
                c.lemma_.lower() in _KILL_VERBS or kills(c)):
            return True  # ... or one that kills by its "to death": "were taken away and tortured to death"
        if c.lower_ == "dead" and c.dep_ in ("acomp", "oprd", "advmod", "xcomp", "dep", "amod"):
            return True
        if c.dep_ == "prep" and c.lower_ == "to" and any(g.lower_ == "death" for g in c.children):
            return True
    return False


def one_person(tok: Token, demonyms: frozenset[str] = frozenset()) -> bool:
    """A phrase for one person: "he", "a taxi driver", "the victim", "his son", a person's name."""
    if tok.lower_ in _ONE_PRONOUNS:
        return True
    if tok.ent_type_ == "PERSON" and tok.tag_ == "NNP":
        # a name, not one of a list of places a comma closes ("in Tulum, Quintana Roo, a woman was shot")
        return not (tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].text == ",")
    if tok.tag_ == "NNP" and (tok.ent_type_ == "NORP" or (not tok.ent_type_ and tok.lower_ in demonyms)):
        return _one_det(tok)  # "a Palestinian was killed": one person of a people
    if tok.tag_ not in ("NN", "NNP") or tok.ent_type_ in ("ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT"):
        return False
    low = tok.lemma_.lower()
    if low in _NOT_COUNTED or not (low in _PERSON_NOUNS or (tok.tag_ == "NN" and low.endswith(_PERSON_SUFFIXES))):
        return False  # a capitalised title counts as the word it is: "killed a Lieutenant Colonel"
    return any(c.dep_ == "poss" for c in tok.children) or _one_det(tok)


def _one_det(tok: Token) -> bool:
    """Does the phrase of `tok` open with "a", "an", "one", "the", ...? The determiner is the noun's own or, where
    the parser hung it on a modifier before the noun, the phrase's first word: "a right to information activist",
    "a regime 4th Armored Division member"."""
    if any(c.dep_ == "det" and c.lower_ in _ONE_DETS for c in tok.children):
        return True
    first = tok.left_edge
    return first.i < tok.i and first.dep_ == "det" and first.lower_ in _ONE_DETS and first.head.i < tok.i and \
        first.head.dep_ in ("nmod", "compound", "amod")


def single_deaths(doc: Doc, used: set[int], demonyms: frozenset[str] = frozenset()) -> list[Quantity]:
    """One death though no number is written: "killing a Hamas official", "a man was shot and killed", "Russian
    forces shot dead the head of the forestry", "he was stabbed to death", "the victim died". The phrase names one
    person (`one_person`) and is the object or passive subject of a verb that kills (`kills`), or the subject of
    a verb of dying. Each conjunct counts ("killed a father and his son": two)."""
    out = []
    for tok in doc:
        if tok.i in used or not one_person(tok, demonyms):
            continue
        cur = tok
        while cur.dep_ == "conj" and cur.head.i != cur.i and cur.head.pos_ in ("NOUN", "PROPN", "PRON"):
            cur = cur.head  # the second of "a father and his son" shares the first's verb
        head = cur.head
        killed = (cur.dep_ in ("dobj", "nsubjpass") and head.pos_ in ("VERB", "AUX") and kills(head)) \
            or (cur.dep_ == "nsubj" and head.lemma_.lower() in _DIE_VERBS)
        if killed:
            first = min([c.i for c in tok.children if c.dep_ in ("det", "poss", "compound", "amod", "nmod")
                         and c.i < tok.i] + [tok.i])
            if tok.left_edge.dep_ == "det":
                first = min(first, tok.left_edge.i)  # "a right to information activist"
            if tok.ent_type_ == "PERSON":  # the whole name
                while first > 0 and doc[first - 1].ent_type_ == "PERSON" and doc[first - 1].ent_iob_ != "O":
                    first -= 1
            span = doc[first:tok.i + 1]
            what = "person" if tok.pos_ in ("PRON", "PROPN") else tok.lemma_.lower()
            out.append(Quantity(what=what, min=1, max=1, text=span.text, start=span.start_char,
                                end=span.end_char, killed=True))
            used.update(range(first, tok.i + 1))
    return out
