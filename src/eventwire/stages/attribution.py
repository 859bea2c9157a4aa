"""Attribution: who says so (claimants) and what the text commits to (status).

Status, from the dependency path between the event word and the sentence's reporting verb:
negated ("has not been asked to intervene", "reluctant to deploy"), denied ("denied carrying out"),
hypothetical ("threatened to", "could", "if"), claimed ("the group claimed"), background ("had
previously", past perfect), else reported.

Claimants: subjects of reporting verbs ("X said"), "according to X", and source phrases left
standing in the sentence ("..., two Iraqi security sources speaking with IntelliNews"), each with
its kind (named, anonymous, official, outlet) and how many people it stands for.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from eventwire.records import Actor, Attribution, Claimant
from eventwire.stages.quantities import word_number
from eventwire.wordlists import words

NAME = "eventwire.attribution.v2"

_WORDS = words("attribution")  # data/lexicons/words/attribution.yaml
REPORTING = _WORDS.set("reporting")
SOURCE_NOUNS = _WORDS.set("source_nouns")
_DONE_WHEN_PAST = _WORDS.set("done_when_past")
BELIEF = _WORDS.set("belief_verbs")
_OFFICIAL = _WORDS.set("official")
# events in their own right that also report one: "an official warned (that) Israel could strike"
SPEECH_ACTS = _WORDS.set("speech_acts")
_ASKING = _WORDS.set("asking_verbs")
_ASKING_PREPS = _WORDS.set("asking_preps")
_MEDIA = _WORDS.set("media")
_UNNAMED_PEOPLE = _WORDS.set("unnamed_people")
_ANONYMOUS_CUES = _WORDS.set("anonymous_cues")
_VAGUE_COUNTS = _WORDS.map("vague_counts")
_CLIMB = {"xcomp", "ccomp", "acomp", "advcl", "conj", "pcomp", "prep", "pobj", "dobj", "relcl", "acl",
          "oprd", "attr", "nsubj", "nsubjpass", "npadvmod"}


def _claimant_kind(np: Span, actor: Actor | None) -> str:
    words = {t.lemma_.lower() for t in np.root.subtree}
    head = np.root.lemma_.lower()
    if (actor is not None and actor.sector == "MED") or head in _MEDIA:
        return "outlet"  # "Lebanese state media reported", "the agency SANA"
    if words & _ANONYMOUS_CUES or head == "source":
        return "anonymous"
    det = next((c.lower_ for c in np.root.children if c.dep_ == "det"), None)
    if head in _UNNAMED_PEOPLE and det in ("a", "an", "one") and (actor is None or not actor.proper):
        return "anonymous"  # "a military officer told Reuters": one unnamed person
    if actor is not None and actor.proper and np.root.pos_ == "PROPN":
        return "outlet" if actor.sector == "MED" else "named"
    if head in _OFFICIAL or (head == "official" or "official" in words):
        return "official"
    if np.root.pos_ == "PROPN" or np.root.ent_type_ in ("PERSON", "ORG") or actor is not None:
        return "named"
    return "anonymous"


def _count(np: Span) -> int:
    for t in np.root.children:
        if t.dep_ in ("nummod", "det", "amod", "quantmod"):
            if t.like_num:
                n = word_number([t.text])
                if n:
                    return n
            if t.lower_ in _VAGUE_COUNTS:
                return _VAGUE_COUNTS[t.lower_]
    return 2 if np.root.tag_ in ("NNS", "NNPS") else 1


def _np(tok: Token) -> Span:
    """The noun phrase of `tok` without relative clauses (keeps "speaking on condition of anonymity")."""
    toks = [t for t in tok.subtree]
    return tok.doc[toks[0].i:toks[-1].i + 1]


def _actor_over(actors: list[Actor], tok: Token) -> Actor | None:
    for a in actors:
        if a.start <= tok.idx < a.end:
            return a
    return None


def find_claimants(sent: Span, actors: list[Actor], outlet: str | None = None) -> list[tuple[Claimant, Token]]:
    """Claimants in a sentence, each with the token that anchors it (the reporting verb or the noun)."""
    out: list[tuple[Claimant, Token]] = []
    seen: set[int] = set()

    def add(np_tok: Token, anchor: Token) -> None:
        if np_tok.i in seen:
            return
        seen.add(np_tok.i)
        np = _np(np_tok)
        if np_tok.pos_ == "PRON":
            prior = [a for a in actors if a.end <= np_tok.idx and a.kind == "person"]
            actor = prior[-1] if prior else None
            text = actor.text if actor else np_tok.text
        else:
            actor = _actor_over(actors, np_tok)
            text = np.text
        # keep the claimant text short: the phrase up to a comma or participle clause
        cut = text.split(",")[0].strip()
        out.append((Claimant(text=cut, kind=_claimant_kind(np, actor), count=_count(np),
                             actor=actor.id if actor else None, start=np.start_char,
                             end=np.start_char + len(cut)), anchor))

    for tok in sent:
        if tok.pos_ in ("VERB", "AUX") and (tok.lemma_.lower() in REPORTING or (
                tok.lemma_.lower() in SPEECH_ACTS and any(c.dep_ == "ccomp" for c in tok.children))):
            for c in tok.children:
                if c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() not in ("it", "there"):
                    add(c, tok)
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
            for c in tok.doc[tok.i + 1].children:
                if c.dep_ == "pobj":
                    add(c, tok)
    for tok in sent:  # "..., killing 12 civilians, the Syrian Observatory said": the parse lost the subject
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in REPORTING and tok.i > sent.start and not any(
                c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
            head = _np_before(tok)
            if head is not None:
                add(head, tok)
    if not out:  # "..., two Iraqi security sources speaking with IntelliNews."
        for tok in sent:
            if tok.pos_ == "NOUN" and tok.lemma_.lower() in ("source", "official") and tok.dep_ not in (
                    "nsubj", "nsubjpass", "pobj", "compound"):
                left = tok.left_edge
                if tok.dep_ != "dobj" or (left.i > sent.start and tok.doc[left.i - 1].text == ","):
                    add(tok, tok)
    # one claimant per phrase: "Two sources, one Lebanese and one Syrian" is one claimant of two
    spans = [(c.start, max(c.end, a.right_edge.idx)) for c, a in out]
    keep = []
    for c, anchor in out:
        if any(s < c.start <= e and (s, e) != (c.start, c.end) and s != c.start for s, e in spans):
            continue
        keep.append((c, anchor))
    return keep


def _np_before(verb: Token) -> Token | None:
    """The head of the noun phrase that ends just before `verb` and starts after a comma."""
    doc = verb.doc
    tok = doc[verb.i - 1]
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    for _ in range(6):  # climb "Rights" -> "for" -> "Observatory"
        if tok.dep_ in ("pobj", "prep", "compound", "amod") and tok.head.i < verb.i and tok.head.i >= verb.sent.start:
            tok = tok.head
        else:
            break
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    left = tok.left_edge
    return tok if left.i > verb.sent.start and doc[left.i - 1].text == "," else None


def _path_up(tok: Token) -> list[Token]:
    """Governors of `tok` up to (not including) the first reporting verb or the root."""
    path: list[Token] = []
    cur = tok
    while cur.dep_ in _CLIMB and cur.head is not cur:
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX") and cur.lemma_.lower() in REPORTING:
            path.append(cur)
            break
        path.append(cur)
    return path


def _infinitive(t: Token) -> bool:
    """"offered on Thursday to host talks": a to-infinitive the parser hung as an adverbial clause."""
    return t.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)


def status_of(trigger: Token, lex_status: dict[str, frozenset[str]], *, published_gap_days: int | None = None
              ) -> tuple[str, str | None]:
    """(status, cue words) for the event whose word is `trigger`."""
    neg_gov = lex_status.get("negating_governors", frozenset())
    hyp_gov = lex_status.get("hypothetical_governors", frozenset())
    inf_gov = lex_status.get("infinitive_governors", frozenset())
    modal = lex_status.get("modal_aux", frozenset())
    claim = lex_status.get("claim_verbs", frozenset())
    deny = lex_status.get("deny_verbs", frozenset())
    back_adv = lex_status.get("background_adverbs", frozenset())

    def negated(t: Token) -> Token | None:
        return next((c for c in t.children if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no")), None)

    chain = [trigger] + _path_up(trigger)
    status, cue = "reported", None
    for i, t in enumerate(chain):
        lemma = t.lemma_.lower()
        reporting = t.pos_ in ("VERB", "AUX") and lemma in REPORTING and i > 0
        if reporting:
            if chain[i - 1].dep_ in ("ccomp", "xcomp", "dobj", "pobj", "prep"):
                if lemma in deny:
                    return "denied", t.text
                if lemma in claim:
                    status, cue = "claimed", t.text
            break
        n = negated(t)
        if n is not None and (i == 0 or t.pos_ in ("VERB", "AUX", "ADJ")):
            return "negated", n.text
        if i > 0 and lemma in deny:
            return "denied", t.text
        if i > 0 and (lemma in neg_gov or t.lower_ in neg_gov) and chain[i - 1].dep_ != "conj":
            return "negated", t.text  # "refused to pay"; not a verb joined to it ("stopped a car and detained 31 men")
        if t.pos_ in ("VERB", "AUX", "ADJ") or i == 0:
            for c in t.children:
                if c.dep_ == "aux" and c.lower_ in modal:
                    return "hypothetical", c.text
                if c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether"):
                    return "hypothetical", c.text
        if i > 0 and lemma in _ASKING and chain[i - 1].dep_ == "xcomp" and any(
                c.dep_ == "prep" and c.lower_ in _ASKING_PREPS for c in t.children):
            return "hypothetical", t.text  # "called upon the government to release a worker": asked for, not done
        if i > 0 and lemma in _DONE_WHEN_PAST and _past_copula(t):
            continue  # "were able to arrest 39 men": done
        if i > 0 and lemma in inf_gov and chain[i - 1].dep_ == "ccomp":
            continue  # "witnesses agreed that soldiers killed five": what they agree on happened
        if i > 0 and (lemma in hyp_gov or t.lower_ in hyp_gov) and trigger.dep_ in ("xcomp", "ccomp") or (
                i > 0 and lemma in hyp_gov and (chain[i - 1].dep_ == "xcomp" or _infinitive(chain[i - 1]))):
            return "hypothetical", t.text
    if status == "claimed":
        return status, cue
    # background: past perfect, or an adverb such as "previously", on the trigger or its verb. Under a
    # past reporting verb the past perfect is only the tense of reported speech ("said they had fired").
    reported_past = any(t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in REPORTING and t.tag_ == "VBD"
                        for t in chain[1:])
    for t in chain[:6]:
        kids = list(t.children)
        if not reported_past and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in kids) and t.tag_ == "VBN":
            return "background", "had " + t.text
        adv = next((c for c in kids if c.dep_ == "advmod" and c.lower_ in back_adv and not _recent_earlier(c)), None)
        if adv is not None:
            return "background", adv.text
        if t.pos_ in ("VERB", "AUX") and t.tag_ not in ("VBG", "VB") and t.dep_ != "xcomp":
            break  # the first finite verb decides
    if published_gap_days is not None and published_gap_days > 365:
        return "background", None
    return status, cue


_NEAR_TIME = _WORDS.set("near_time")


def _past_copula(adj: Token) -> bool:
    """The adjective's copula is past with no modal: "were able", "has been able"; not "will be able", "is able"."""
    cop = adj.head if adj.dep_ == "acomp" else None
    if cop is None or cop.lemma_.lower() != "be" or cop.tag_ not in ("VBD", "VBN"):
        return False
    return not any(c.dep_ == "aux" and c.tag_ == "MD" for c in cop.children)


def _recent_earlier(adv: Token) -> bool:
    """"earlier on Monday", "earlier today", "earlier this week": a time just before now, not a past before the
    story."""
    if adv.lower_ != "earlier":
        return False
    nxt = adv.doc[adv.i + 1] if adv.i + 1 < len(adv.doc) else None
    return nxt is not None and (nxt.lower_ in _NEAR_TIME or nxt.ent_type_ in ("DATE", "TIME")) or any(
        c.ent_type_ in ("DATE", "TIME") for c in adv.children)


def says_own_act(trigger: Token, source_ids: set[str], actors: list[Actor]) -> bool:
    """True when the event is told by its own actor: "the Houthis said they had fired missiles"."""
    path = _path_up(trigger)
    if not path or not source_ids:
        return False
    verb = path[-1]
    if not (verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in REPORTING):
        return False
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            if any(t.i == trigger.i for t in c.subtree):
                return False  # the event hangs inside the subject: a misparse, not a self-report
            a = _actor_over(actors, c)
            if a is not None and a.id in source_ids:
                return True
    return False


def attribution_for(trigger: Token, claimants: list[tuple[Claimant, Token]], status: str, cue: str | None,
                    source_ids: set[str]) -> Attribution:
    """The claimants of a sentence that speak for this event (not the event's own reporting verb)."""
    picked = [c for c, anchor in claimants if anchor.i != trigger.i]
    return Attribution(status=status, claimants=picked, cue=cue)
