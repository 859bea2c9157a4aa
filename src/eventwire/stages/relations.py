"""Relations: explicit statements of backing, alliance, hostility and leadership, with evidence.

    "Iran-backed Iraqi fighters"                      backs(Iran, Iraqi fighters)
    "militias, supported by Russian air power"        backs(Russia, militias)
    "Hezbollah and other Iran-backed groups"          backs(Iran, Hezbollah)
    "Hadi al-Bahra, leader of the main Syrian opposition"   leads(Hadi al-Bahra, Syrian opposition)
    "Hezbollah grapples with its conflict with Israel"      hostile(Hezbollah, Israel)
    "the KNU fought side by side with the PDF"        allied(KNU, PDF)
    "a coalition of the AA, the TNLA and the MNDAA"   allied between each two of them
    "a joint operation by the KIA and the PDF"        allied(KIA, PDF): the partners of a cooperative act

`alliance_edges` then reads relations and events together: cooperative events make allies, conflictual
ones make enemies, and whoever backs an actor stands with the actors it helps.
"""

from __future__ import annotations

from spacy.tokens import Token

from eventwire.records import (
    NO_EDGE_STATUSES, Actor, AnnotatedArticle, Evidence, Relation, event_edge, relation_edge,
)
from eventwire.stages.arguments import Index, actors_of, comrades
from eventwire.stages.stage import Stage
from eventwire.wordlists import words

NAME = "eventwire.relations.patterns.v2"

_WORDS = words("relations")  # data/lexicons/words/relations.yaml
_BACKING = _WORDS.map("backing")
_HOSTILE_NOUNS = _WORDS.set("hostile_nouns")
_LEAD_NOUNS = _WORDS.set("lead_nouns")
# nouns that name a grouping of allies by its members: "a coalition of X, Y and Z", "the alliance between X and Y"
_ALLIANCE_NOUNS = _WORDS.set("alliance_nouns")
_NOT_PARTNERS = NO_EDGE_STATUSES  # acts that did not happen as told make no partners


def _ev(tok: Token) -> Evidence:
    s = tok.sent
    return Evidence(sentence=s.text, start=s.start_char, end=s.end_char)


def _rel(kind: str, a: Actor, b: Actor, tok: Token) -> Relation | None:
    if a.id == b.id:
        return None
    return Relation(kind=kind, a=a.id, b=b.id, a_name=a.name, b_name=b.name, evidence=_ev(tok), stage=NAME)


def _subject_of(tok: Token, idx: Index) -> list[Actor]:
    cur = tok
    for _ in range(5):
        for c in cur.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                return actors_of(c, idx)
        if cur.head is cur:
            break
        cur = cur.head
    return []


def _done_together(tok: Token) -> bool:
    """"fought together", "attacked jointly", "in a joint attack ... overran": the sources act as one side."""
    for c in tok.children:
        if c.dep_ == "advmod" and c.lower_ in ("together", "jointly"):
            return True
        if c.dep_ == "prep" and any(p.dep_ == "pobj" and any(m.lower_ in ("joint", "combined") for m in p.children)
                                    for p in c.children):
            return True
    return False


def _pairwise(members: list[Actor], tok: Token) -> list[Relation]:
    seen: dict[str, Actor] = {}
    for a in members:
        seen.setdefault(a.id, a)
    ms = list(seen.values())
    return [r for i, a in enumerate(ms) for b in ms[i + 1:] for r in [_rel("allied", a, b, tok)] if r]


def find_relations(ann: AnnotatedArticle) -> list[Relation]:
    doc = ann.doc
    idx = Index(ann)
    out: list[Relation] = []
    for tok in doc:
        low, dep, pos = tok.lower_, tok.dep_, tok.pos_  # each read once: every read builds a new string
        lemma = tok.lemma_.lower()
        # "Iran-backed X", "Iran-aligned X"
        if low in _BACKING and dep in ("amod", "compound", "acl") and tok.i > 0:
            kind = _BACKING[low]
            backers = [idx.actor_at(c) for c in tok.children if c.dep_ in ("npadvmod", "compound", "amod", "nmod")]
            if doc[tok.i - 1].text == "-" and tok.i > 1:
                backers.append(idx.actor_at(doc[tok.i - 2]))
            backers = [b for b in backers if b is not None]
            # "militias, supported by Russian air power"
            for c in tok.children:
                if c.dep_ == "agent":
                    backers.extend(a for p in c.children if p.dep_ == "pobj" for a in actors_of(p, idx))
            head = tok.head
            backed = actors_of(head, idx)
            # "Hezbollah and other Iran-backed groups": the group named beside "other"
            if head.dep_ == "conj" and any(c.lower_ == "other" for c in head.children):
                backed.extend(actors_of(head.head, idx)[:1])
            for b in backers:
                for x in backed:
                    r = _rel(kind, b, x, tok)
                    if r:
                        out.append(r)
        # "X, leader of Y"
        if lemma in _LEAD_NOUNS and dep == "appos":
            leaders = actors_of(tok.head, idx)
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            for led in actors_of(p, idx):
                                for l in leaders:
                                    r = _rel("leads", l, led, tok)
                                    if r:
                                        out.append(r)
        # "its conflict with Israel", "the war against X"
        if lemma in _HOSTILE_NOUNS and pos == "NOUN":
            others = [a for c in tok.children if c.dep_ == "prep" and c.lower_ in ("with", "against")
                      for p in c.children if p.dep_ == "pobj" for a in actors_of(p, idx)]
            if not others:
                continue
            sides: list[Actor] = []
            for c in tok.children:
                if c.dep_ == "poss":
                    if c.pos_ != "PRON":
                        sides = actors_of(c, idx)
                    else:  # "its conflict": the nearest actor named before in the sentence
                        before = [a for a in idx.actors if tok.sent.start_char <= a.start < c.idx
                                  and a.kind != "state" and a.proper]
                        sides = before[-1:] or _subject_of(tok, idx)
            if not sides and dep == "pobj":
                sides = _subject_of(tok.head, idx)
            for a in sides:
                for b in others:
                    r = _rel("hostile", a, b, tok)
                    if r:
                        out.append(r)
        # "fought side by side with the PDF", "will fight alongside the KNU": partners stand together
        if pos in ("VERB", "AUX", "NOUN"):
            partners, _ = comrades(tok, idx)
            if partners and not any(e.attribution.status in _NOT_PARTNERS for e in ann.events
                                    if e.trigger_start <= tok.idx < e.trigger_end):  # "denied that its
                # troops were fighting alongside M23" states no alliance
                for a in (_subject_of(tok, idx) if pos != "NOUN" else []):
                    for b in partners:
                        r = _rel("allied", a, b, tok)
                        if r:
                            out.append(r)
        # "a coalition of the AA, the TNLA and the MNDAA", "an alliance between X and Y"
        # "a joint operation by the KIA and the PDF", "combined forces of X and Y"
        joint = pos == "NOUN" and any(c.dep_ in ("amod", "compound") and c.lower_ in ("joint", "combined")
                                            for c in tok.children)
        if joint or (lemma in _ALLIANCE_NOUNS and pos in ("NOUN", "PROPN")):
            members = [a for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "between", "by")
                       for p in c.children if p.dep_ == "pobj" for a in actors_of(p, idx)]
            out.extend(_pairwise(members, tok))
    # the partners of one cooperative act stand together: "a joint operation by the KIA and the PDF", "X and Y
    # launched a joint offensive", "X and Y formed an alliance"; and any act two sides do together: "X and Y
    # fought together against Z", "in a joint attack, X and Y overran an outpost"
    for e in ann.events:
        if e.attribution.status in _NOT_PARTNERS or len(e.sources) < 2:
            continue
        span = doc.char_span(e.trigger_start, e.trigger_end, alignment_mode="expand")
        if span is not None and (e.type == "COOPERATE" or _done_together(span.root)):
            out.extend(_pairwise(e.sources, span.root))
    uniq: dict[tuple[str, str, str], Relation] = {}
    for r in out:
        uniq.setdefault((r.kind, r.a, r.b), r)
    return list(uniq.values())


def alliance_edges(ann: AnnotatedArticle) -> list[dict]:
    """Ally and hostile edges between actors of one article, each with what supports it."""
    edges: list[dict] = []
    actor_by_id = {a.id: a for a in ann.actors}
    for e in ann.events:
        for s in e.sources:
            for t in e.targets:
                actor_by_id.setdefault(s.id, s)
                actor_by_id.setdefault(t.id, t)
    backers: dict[str, list[str]] = {}
    for r in ann.relations:
        stated = relation_edge(r.kind)
        if stated is not None:
            edges.append({"relation": stated, "a": r.a, "b": r.b, "why": f"{r.kind}: {r.evidence.sentence}"})
        if r.kind == "backs":
            backers.setdefault(r.b, []).append(r.a)
    for a in ann.actors:
        for aff in a.affiliations:
            edges.append({"relation": "ally", "a": aff, "b": a.id, "why": f"knowledge base: {aff} backs {a.name}"})
    for e in ann.events:
        rel = event_edge(e.type, e.attribution.status)
        if rel is None:
            continue
        for s in e.sources:
            for t in e.targets:
                edges.append({"relation": rel, "a": s.id, "b": t.id, "why": f"{e.type}: {e.evidence.sentence}"})
                if rel == "ally":
                    for b in backers.get(s.id, []):
                        edges.append({"relation": "ally", "a": b, "b": t.id,
                                      "why": f"backs {s.name}, which helps {t.name}: {e.evidence.sentence}"})
    return edges


def run(ann: AnnotatedArticle, res) -> AnnotatedArticle:
    if ann.doc is not None:
        ann.relations = find_relations(ann)
    ann.stages.append(NAME)
    return ann


STAGE = Stage("relations", NAME, reads=("doc", "actors", "events"), writes=("relations",), run=run)
