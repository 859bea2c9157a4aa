"""Quantities: counts of people, casualties and materiel ("at least 300 fighters", "dozens killed").

Reads the dependency parse: a number (digits, number words, or a vague quantity noun such as
"hundreds") is tied to the noun it counts (`nummod`, or "hundreds *of* fighters"), its bounds come
from the words before it ("at least", "up to", "between N and M"), and whether it counts deaths or
injuries from the verb or adjective it depends on ("were killed", "killing", "dead").

A number that is part of a written date is never a count, whether or not the date exists: the day next to a
month name ("February 30", "30 February", "Feb. 30", "the 30th of February") and the year next to a month or
after "Month D," ("February 2023", "February 30, 2023", "30 February 2023"). The time stage reads only the
dates that exist, so this stage finds date-shaped numbers itself (`calendar_numbers`).
"""

from __future__ import annotations

import calendar
import re

from spacy.tokens import Doc, Token

from eventwire.records import AnnotatedArticle, Quantity
from eventwire.stages.doc_arrays import where_lower
from eventwire.stages.quantity_deaths import kills as _kills
from eventwire.stages.quantity_deaths import single_deaths
from eventwire.stages.stage import Stage
from eventwire.wordlists import words

NAME = "eventwire.quantities.v7"  # what each version changed: ARCHITECTURE.md, "Versions of the quantities stage"

_WORDS = words("quantities")  # data/lexicons/words/quantities.yaml
_UNITS = _WORDS.map("units")
_TENS = _WORDS.set("tens")
_SCALES = _WORDS.map("scales")
# Vague quantities: (min, max). "dozens" means two dozen or more, "hundreds" two hundred or more.
_VAGUE = _WORDS.map("vague")
_LOWER = _WORDS.map("lower")
_UPPER = _WORDS.map("upper")
_APPROX = _WORDS.set("approx")
_NOT_COUNTED = _WORDS.set("not_counted")
_KILL = _WORDS.set("kill")
_WOUND = _WORDS.set("wound")
_DEATH_NOUNS = _WORDS.set("death_nouns")
_ANIMALS = _WORDS.set("animal_nouns")
_KILL_VERBS = _WORDS.set("kill_verbs")
_HARM_VERBS = _KILL_VERBS | _WOUND  # whose subject did the harm ("killed three militants", "wounded two")
_HARM_WORDS = _KILL | _WOUND  # death or harm: "dead", "injured"


def _is_word(tok: Token, words: frozenset[str]) -> bool:
    """Is the token one of `words` (base forms) as written, by its lemma or as its participle ("injured",
    "wounded", "maimed": the adjective's lemma is the participle itself)?"""
    low = tok.lower_
    return low in words or tok.lemma_.lower() in words or (low.endswith("d") and (
        low[:-1] in words or low[:-2] in words))


_MONTH_WORDS = frozenset(w.lower() for w in (*calendar.month_name[1:], *calendar.month_abbr[1:], "Sept"))
_DAY = re.compile(r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?", re.I)  # 1..31, valid for the month or not
_YEAR = re.compile(r"\d{4}")


def _is_month(tok: Token) -> bool:
    """A month name or its abbreviation, capitalised ("February", "Feb.", "FEB"; not the verb "may")."""
    return tok.text.rstrip(".").lower() in _MONTH_WORDS and (tok.is_title or tok.is_upper)


def _month_word(low: str) -> bool:
    return low.rstrip(".") in _MONTH_WORDS


def calendar_numbers(doc: Doc) -> set[int]:
    """Indices of the tokens that are the day or the year of a written date, valid or not: a day of 1-31 next
    to a month name, a four-digit year right after the month ("February 2023") or after its day ("February
    30, 2023", "30 February 2023")."""
    out: set[int] = set()
    n = len(doc)

    def after(i: int, skip: str) -> int:  # the index past an optional token `skip` ("." or ",") at i
        return i + 1 if i < n and doc[i].text == skip else i

    for m in where_lower(doc, _month_word):  # `_is_month` needs the word's lower case to be a month's
        tok = doc[m]
        if not _is_month(tok):
            continue
        i = after(tok.i + 1, ".")  # "Feb . 30" where the tokenizer splits the period off
        k = tok.i - 1
        if k >= 1 and doc[k].lower_ == "of" and _DAY.fullmatch(doc[k - 1].text):  # "the 30th of February"
            k -= 1
        day_before = k >= 0 and bool(_DAY.fullmatch(doc[k].text))
        if day_before:
            out.add(k)
        if i < n and _DAY.fullmatch(doc[i].text) and not day_before:  # "February 30" (not "30 February 2023")
            out.add(i)
            i = after(i + 1, ",")
        elif day_before:
            i = after(i, ",")  # "30 February, 2023"
        if i < n and _YEAR.fullmatch(doc[i].text):
            out.add(i)
    return out


def word_number(words: list[str]) -> int | None:
    """Parse a number written in words or digits: "300", "1,200", "two", "twenty-five", "three hundred"."""
    total, current, seen = 0, 0, False
    for w in words:
        w = w.lower().replace(",", "")
        if re.fullmatch(r"\d+(\.\d+)?", w):
            current += int(float(w))
            seen = True
        elif w in _UNITS:
            current += _UNITS[w]
            seen = True
        elif "-" in w and all(p in _UNITS for p in w.split("-")):
            current += sum(_UNITS[p] for p in w.split("-"))
            seen = True
        elif w in _SCALES:
            current = max(current, 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total, current = total + current, 0
            seen = True
        elif w in ("and", "a", "-"):
            continue
        else:
            return None
    return total + current if seen else None


def _number_tokens(tok: Token, used: set[int]) -> list[Token]:
    """The tokens of a number phrase whose last token is `tok` ("three hundred", "1,200"); none of `used`."""
    toks = [tok]
    i = tok.i - 1
    doc = tok.doc
    while i >= 0 and i not in used and doc[i].ent_type_ not in ("DATE",):
        if doc[i].like_num or doc[i].lower_ in _SCALES:
            toks.insert(0, doc[i])
            i -= 1
        elif doc[i].text == "-" and i >= 1 and (i - 1) not in used and doc[i - 1].lower_ in _TENS \
                and toks[0].lower_ in _UNITS and _UNITS[toks[0].lower_] < 10:
            toks[:0] = [doc[i - 1], doc[i]]  # "Twenty-one": the tokenizer splits the hyphen off
            i -= 2
        else:
            break
    return toks


def _counted_noun(tok: Token) -> Token | None:
    if tok.dep_ in ("nummod", "quantmod") and tok.head.pos_ in ("NOUN", "PROPN"):
        head = tok.head
        if head.dep_ == "nummod":
            return None
        return head
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.pos_ in ("NOUN", "PROPN", "PRON"):
                    return obj
    return None


def _governing_verb(tok: Token) -> Token | None:
    """The verb the phrase is an argument of ("wounding 14 others" -> wounding)."""
    cur = tok
    for _ in range(4):
        if cur.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "pobj") and cur.head.pos_ in ("VERB", "AUX"):
            return cur.head
        if cur.dep_ not in ("pobj", "prep", "nummod", "quantmod") or cur.head is cur:
            return None
        cur = cur.head
    return None


def _phrase_head(tok: Token) -> Token:
    """The noun whose phrase holds `tok` through "of" and other prepositions: "a column of [150 troops]" -> column."""
    cur = tok
    for _ in range(3):
        if cur.dep_ != "pobj" or cur.head.dep_ != "prep" or cur.head.head.pos_ not in ("NOUN", "PROPN", "PRON"):
            break
        cur = cur.head.head
    return cur


def _state_of(tok: Token) -> Token | None:
    """The word of death or harm a headline's count heads: "[Three] dead in clashes", "[Two] injured as police fire"."""
    return next((c for c in tok.children if c.dep_ in ("amod", "acl") and _is_word(c, _HARM_WORDS)), None)


def _left_in(tok: Token) -> Token | None:
    """The casualty word a bare number counts where the parser hangs the number on it: "left [8 dead]", "[three
    dead] in clashes", "left 8 dead and [15 injured]"."""
    head = tok.head
    if tok.dep_ == "nummod" and head.i != tok.i and _is_word(head, _HARM_WORDS):
        return head
    return None


def _casualty(noun: Token | None, num: Token) -> tuple[bool, bool]:
    """Does the phrase count deaths, injuries? The verb it directly belongs to decides first."""
    anchor = noun if noun is not None else num
    if noun is not None and noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.i == num.i:
        anchor = num  # a part of a group heads its phrase: "killed a colonel and 40 of his men"
    if noun is not None and (noun.lemma_.lower() in _ANIMALS or any(  # "25 heads of cattle", "40 goats"
            c.lower_ == "of" and any(g.lemma_.lower() in _ANIMALS for g in c.children) for c in noun.children)):
        return False, False
    if anchor.dep_ == "ROOT" and noun is None and (state := _state_of(anchor)) is not None:
        return _is_word(state, _KILL), not _is_word(state, _KILL)  # a headline: "Three dead in clashes"
    if noun is not None and _is_word(noun, _WOUND) and not _is_word(noun, _KILL):
        return False, True  # the count names the hurt themselves: "three dead and 20 hurt", "12 injured"
    own_verb = _governing_verb(anchor)
    if any(c.dep_ in ("acl", "amod") and _is_word(c, _WOUND) for c in anchor.children) and not (
            own_verb is not None and (own_verb.lemma_.lower() in _KILL or _kills(own_verb))):
        # a count with a wounding word of its own: "14 were killed and over 30 injured"; not where its own verb
        # kills: "three people injured in the bombing died in hospital"
        return False, True
    state = _left_in(anchor) or (anchor.dep_ == "dobj" and next(
        (c for c in anchor.head.children if c.dep_ in ("oprd", "acomp")), None))
    if state:  # "clashes left three dead", "left 8 dead and 15 injured": the state the act left them in
        dead, hurt = _is_word(state, _KILL), _is_word(state, _WOUND)
        if dead or hurt:
            return dead, hurt and not dead
    head = anchor.head
    if anchor.dep_ == "nsubj" and head.lemma_.lower() == "lose" and any(
            c.dep_ == "dobj" and c.lemma_.lower() == "life" for c in head.children):
        return True, False  # "three soldiers lost their lives"
    if anchor.dep_ == "nsubj" and (head.lemma_.lower() in _HARM_VERBS or any(
            c.dep_ == "dobj" for c in head.children)):
        return False, False  # the subject of "killed three militants", "wounded two": who did it, not the dead
    outer = _phrase_head(anchor)
    if outer.i != anchor.i and outer.dep_ == "nsubj" and outer.head.lemma_.lower() in _HARM_VERBS:
        return False, False  # ... so is a count inside it: "a column of 120 soldiers killed three farmers"
    role = anchor  # a later conjunct plays the first one's part: "shot dead two soldiers and three civilians"
    while role.dep_ == "conj" and role.head.i != role.i:
        role = role.head
    verb = _governing_verb(anchor) or _governing_verb(role)
    if verb is not None:
        lemma = verb.lemma_.lower()
        if lemma in _WOUND or verb.lower_ in _WOUND or _killed_or_wounded(verb):
            return False, True  # ... "killed or wounded": not a count of the dead (ACLED codes known deaths)
        if lemma in _KILL or (role.dep_ in ("nsubjpass", "dobj") and _kills(verb)):
            return True, False  # "were shot and killed", "were shot dead"
        if anchor.dep_ == "dobj" and anchor.head.i == verb.i and verb.dep_ == "conj" and not _kills(verb):
            return False, False  # the object of a verb of its own joined to one that kills: "killing 10 and freeing
            # hundreds of inmates"
        if verb.dep_ == "conj" and anchor.dep_ in ("nsubj", "nsubjpass"):
            # the subject of a clause of its own: "8 militants were killed and two motorbikes were destroyed"
            return False, False
    probe: list[Token] = []
    probe.append(anchor)
    # not a relative clause about some of them: "the injury of 2 students, 1 of whom later died"
    probe.extend(c for c in anchor.children if c.dep_ != "relcl")
    head = anchor.head
    probe.append(head)
    if head.dep_ in ("conj", "appos", "pobj", "prep"):
        probe.append(head.head)
        if head.head.dep_ == "prep" or (head.head.dep_ == "conj" and head.head.pos_ not in ("NOUN", "PROPN")):
            probe.append(head.head.head)  # not across a noun of its own: "the deaths of 14 and the displacement
            # of hundreds" (the hundreds are displaced, not dead)
    if anchor.dep_ == "conj":  # "12 civilians and two soldiers": the second conjunct shares the verb
        probe.extend([anchor.head, anchor.head.head, *role.children])  # ... and the first one's "dead"
    for t in list(probe):  # "the death toll rose to 45": the verb's subject names the count
        if t.pos_ in ("VERB", "AUX"):
            probe.extend(c for c in t.children if c.dep_ in ("nsubj", "nsubjpass"))
    lemmas = {t.lemma_.lower() for t in probe} | {t.lower_ for t in probe}
    killed = bool(lemmas & _KILL) or (noun is not None and noun.lemma_.lower() in _DEATH_NOUNS)
    wounded = bool(lemmas & _WOUND) and not killed
    return killed, wounded


# words that join the figures of a range: "16 to 25", "8 - 14", "two or three", "between 16 and 25"
_RANGE_LINKS = frozenset({"to", "-", "\u2013", "or"})


def _is_number(tok: Token) -> bool:
    return tok.like_num or tok.lower_ in _UNITS or tok.lower_ in _SCALES


def _range_upper(doc: Doc, i: int) -> bool:
    """Is the number ending at token i the lower figure of a range ("16" of "16 to 25 villagers")?"""
    k = i + 1
    while k < len(doc) and k - i <= 3 and doc[k].lower_ in _RANGE_LINKS | {"and"}:
        k += 1
    if k == i + 1 or k >= len(doc) or not _is_number(doc[k]) or doc[k].ent_type_ in ("DATE", "TIME"):
        return False
    end = k
    while end + 1 < len(doc) and _is_number(doc[end + 1]):
        end += 1
    upper = _number_tokens(doc[end], set())
    got = range_low(doc, upper[0].i)
    value = word_number([t.text for t in upper])
    return got is not None and value is not None and got[0] < value


def range_low(doc: Doc, i: int) -> tuple[int, int] | None:
    """The lower figure of a range whose upper figure starts at token i, and its first token (with "between"):
    "killed 16 to 25 villagers", "8 - 14 civilians", "two or three traders", "between 16 and 25"; None where no
    smaller figure and link word come just before."""
    j = i - 1
    if j < 1 or not _is_number(doc[j - 1]) or doc[j - 1].ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT"):
        return None
    toks = _number_tokens(doc[j - 1], set())
    if not (doc[j].lower_ in _RANGE_LINKS or (doc[j].lower_ == "and" and toks[0].i > 0
                                              and doc[toks[0].i - 1].lower_ == "between")):
        return None
    low = word_number([t.text for t in toks])
    if low is None:
        return None
    start = toks[0].i
    if start > 0 and doc[start - 1].lower_ == "from":
        return None  # "the toll rose from 10 to 20": a change, whose figure is the second
    if start > 0 and doc[start - 1].lower_ == "between":
        start -= 1
    return low, start


def _bounds(first: Token, value: int | None, vague: tuple[int, int | None] | None) -> tuple[int | None, int | None, int]:
    """min, max, and the index of the first token of the whole phrase (to include "at least")."""
    lo, hi = (value, value) if value is not None else vague or (None, None)
    doc = first.doc
    start = first.i
    rng = range_low(doc, first.i) if value is not None else None
    if rng is not None and rng[0] < value:
        # a range: its lower figure is the min, which the death toll counts (ACLED's codebook: where reports give
        # a range or disagree, the most conservative figure is coded)
        return rng[0], value, rng[1]
    prev = [doc[j].lower_ for j in range(max(0, first.i - 3), first.i)]
    text_prev = " ".join(prev)
    if re.search(r"\bat least$|\bat a minimum$|\bno fewer than$|\bno less than$", text_prev):
        hi = None
        start -= 2
    elif re.search(r"\b(more|greater) than$|\bover$|\bupwards of$|\bin excess of$", text_prev):
        lo = (lo or 0) + 1 if value is not None else lo
        hi = None
        start -= 2 if text_prev.endswith("than") or text_prev.endswith("of") else 1
    elif re.search(r"\bup to$|\bas many as$|\bat most$", text_prev):
        lo = None if value is not None else lo
        start -= 2 if not text_prev.endswith("many as") else 3
    elif re.search(r"\b(fewer|less) than$|\bnearly$|\balmost$|\bunder$", text_prev):
        hi = (value - 1) if value is not None and (text_prev.endswith("than") or text_prev.endswith("under")) else hi
        start -= 2 if text_prev.endswith("than") else 1
    elif prev and prev[-1] in ("about", "around", "some", "approximately", "roughly", "an", "estimated"):
        start -= 1
    return lo, hi, max(start, 0)


def find_quantities(doc: Doc, skip: set[int] | None = None, demonyms: frozenset[str] = frozenset()) -> list[Quantity]:
    """Quantities of a parsed text; tokens in `skip` (temporal expressions: "December 31") and the days and
    years of written dates (`calendar_numbers`) are no counts."""
    out: list[Quantity] = []
    used: set[int] = set(skip or ()) | calendar_numbers(doc)
    for tok in doc:
        if tok.i in used or tok.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "ORDINAL"):
            continue
        low = tok.lower_
        vague = None
        value = None
        if tok.like_num or low in _SCALES:
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if nxt is not None and nxt.i not in used and (nxt.like_num or nxt.lower_ in _SCALES) and \
                    nxt.ent_type_ != "DATE":
                continue  # part of a longer number: handle at its last token
            num_toks = _number_tokens(tok, used)
            value = word_number([t.text for t in num_toks])
            if value is None:
                continue
            first = num_toks[0]
            if _range_upper(doc, tok.i):
                continue  # the lower figure of a range: read with its upper figure
        elif low in _VAGUE and tok.pos_ in ("NOUN", "ADJ", "NUM", "DET", "PRON"):
            vague = _VAGUE[low]
            if low == "dozen" and tok.i > 0 and doc[tok.i - 1].lower_ in ("a", "one"):
                first = doc[tok.i - 1]
            elif low in ("few", "couple") and tok.i > 0 and doc[tok.i - 1].lower_ == "a":
                first = doc[tok.i - 1]
            elif low == "tens" and tok.i + 2 < len(doc) and doc[tok.i + 2].lower_ == "thousands":
                vague, first = (20_000, 99_999), tok
            else:
                first = tok
            if low == "dozen" and tok.i > 0 and doc[tok.i - 1].like_num:
                continue
        else:
            continue
        noun = _counted_noun(tok)
        if noun is None and value is not None and range_low(doc, first.i) is not None:
            noun = _counted_noun(doc[first.i - 2])  # "between 16 and 25 villagers": the parser hangs the noun on 16
        if noun is None and low == "tens":
            continue
        if noun is not None:
            nl = noun.lemma_.lower()
            if nl in _NOT_COUNTED or noun.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT"):
                continue
        else:
            # a bare number must be the subject or object of a casualty verb ("two died", "killing 12"), or count
            # the state an act left people in ("left 8 dead")
            if tok.dep_ not in ("nsubj", "nsubjpass", "dobj", "attr", "appos", "conj", "pobj") and not _left_in(tok) \
                    and not (tok.dep_ == "ROOT" and _state_of(tok) is not None):
                continue
            if value is not None and 1800 <= value <= 2100 and tok.shape_ == "dddd":
                continue
        lo, hi, start_i = _bounds(first, value, vague)
        killed, wounded = _casualty(noun, tok)
        if noun is None and not (killed or wounded):
            continue
        what = noun.lemma_.lower() if noun is not None else "people"
        end_i = (noun.i + 1) if noun is not None and noun.i > tok.i else tok.i + 1
        span = doc[start_i:end_i]
        out.append(Quantity(what=what, min=lo, max=hi, text=span.text, start=span.start_char,
                            end=span.end_char, killed=killed, wounded=wounded))
        used.update(range(start_i, end_i))
    out.extend(single_deaths(doc, used, demonyms))
    return out




def _killed_or_wounded(verb: Token) -> bool:
    """Is the verb "killed or wounded" (either way round): a count of the dead and the hurt together?"""
    pair = [c for c in verb.children if c.dep_ == "conj"] + ([verb.head] if verb.dep_ == "conj" else [])
    for other in pair:
        cc = {t.lower_ for t in (*verb.children, *other.children) if t.dep_ == "cc"}
        lemmas = {verb.lemma_.lower(), other.lemma_.lower()}
        if "or" in cc and lemmas & _KILL and lemmas & _WOUND:
            return True
    return False


def run(ann: AnnotatedArticle, res: object = None) -> AnnotatedArticle:
    if ann.doc is not None:
        skip: set[int] = set()
        for t in ann.times:
            span = ann.doc.char_span(t.start, t.end, alignment_mode="expand") if t.start >= 0 else None
            if span is not None:
                skip.update(range(span.start, span.end))
        ann.quantities = find_quantities(ann.doc, skip, getattr(res, "demonyms", frozenset()))
    ann.stages.append(NAME)
    return ann


STAGE = Stage("quantities", NAME, reads=("doc", "times"), writes=("quantities",), run=run)
