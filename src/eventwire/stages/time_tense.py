"""How to read a date without its year or week ("on Tuesday", "in April", "Nov. 10"): the coming one or the past
one, from the words before it and the verb that governs it in the parse. Used by ``eventwire.stages.times``
(`find_times`), where the choices are documented."""

from __future__ import annotations

from typing import Any

# The words just before a date that say it is still to come: "payable Dec. 1", "scheduled for Monday", "as
# early as Tuesday" (future), or that it is the near one when it is near: "until Nov. 9", "by February",
# "extended to Nov. 16", "stock of record Nov. 10", "Nov. 10 as the deadline" ("soon": the coming one within
# FUTURE_WINDOW_DAYS).
_FUTURE_CUES = frozenset(("payable", "effective", "scheduled", "slated", "due", "expire", "expires", "expiring",
                          "deadline", "upcoming"))
_SOON_CUES = frozenset(("until", "till", "til", "through", "by", "record", "extended", "postponed", "delayed",
                        "deferred", "adjourned", "moved", "pushed"))
# passed over on the way back to a cue: "until 5 p.m. EST Nov. 9", "scheduled for Monday", "extended to Nov. 16"
_CUE_SKIP = frozenset(("on", "at", "the", "of", "for", "to", "a.m.", "p.m.", "am", "pm", "noon", "midnight",
                       "local", "time", "o'clock", ","))
# verbs that look ahead: what their infinitive says comes after ("expected to join in April", "set to resume
# Monday", "is to resume trading Tuesday"), and, passive or with an object, what they say is still to come
# ("the verdict is expected on Monday", "has scheduled a news conference Thursday")
# ("slat": the lemmatiser's lemma of "slated")
_FORWARD = frozenset(("expect", "plan", "schedule", "set", "slate", "slat", "intend", "aim", "hope", "prepare",
                      "propose", "want", "seek", "vow", "promise", "pledge", "threaten", "poise", "be", "go", "due"))
_FORWARD_OBJECT = frozenset(("schedule", "slate", "slat", "plan"))
_FORWARD_PASSIVE = frozenset(("expect", "plan", "schedule", "slate", "slat", "due"))
_FUTURE_MODALS = frozenset(("will", "shall", "'ll", "wo", "would"))


def _cue(doc: Any, span: Any) -> str | None:
    """'future' or 'soon' from the words around the span (see _FUTURE_CUES), else None."""
    sent_start = span.sent.start
    i, steps = span.start - 1, 0
    while i >= sent_start and steps < 6:
        t = doc[i]
        w = t.lower_
        if w == "for" and i > sent_start and doc[i - 1].lower_ == "set":
            return "future"  # "a summit set for April" (but "a record set on Aug. 6")
        if w in _CUE_SKIP or t.like_num or (t.is_upper and 2 <= len(w) <= 4 and w.endswith("t")):
            i, steps = i - 1, steps + 1  # "until 5 p.m. EST Nov. 9"
            continue
        if w == "as" and i > sent_start and doc[i - 1].lower_ in ("soon", "early"):
            return "future"  # "as early as Tuesday"
        return "future" if w in _FUTURE_CUES else "soon" if w in _SOON_CUES else None
    return None


def _tense(doc: Any, start: int, end: int) -> str | None:
    """How to read a date without its year or week, from the words and the verb that govern it:
    'future' (a cue such as "payable", "scheduled for", "as early as"; a will/shall/would auxiliary; the
    infinitive of a verb that looks ahead: "expected to join in April"; "a summit set for April"), 'soon'
    ("until", "by", "the Jan. 14 deadline": a month-day or month is the coming one when it is near, whatever
    the verb's tense; a weekday is read as without a cue), 'past' (a past-tense verb or a participle:
    "abandoned in January"), else None."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    tok = span.root
    if not tok.dep_:  # not parsed (doc.has_annotation would visit every token)
        return None
    cue = _cue(doc, span)
    if cue == "future":
        return "past" if _planned_before(tok) else cue
    if _named_deadline(doc, span.end):
        cue = "soon"  # "the Jan. 14 deadline", "has set Nov. 10 as the deadline"
    fixed = _set_for(tok)
    if fixed:
        return "past" if _planned_before(tok) else fixed  # "a summit set for Washington in April"
    verb = _verb_tense(tok)
    if cue == "soon" and verb != "pluperfect" and _governor(tok).lemma_.lower() in _DEFER:
        return "future"  # "postponed until Tuesday morning", "has given them until 9 a.m. Tuesday"
    if verb == "future" and _planned_before(tok):
        return "past"
    if verb == "future" or verb == "pluperfect" and cue == "soon":
        return "future" if verb == "future" else "past"  # "the army had held it until January": the past one
    return cue or ("past" if verb == "pluperfect" else verb)


def _named_deadline(doc: Any, i: int) -> bool:
    """Is the date named a deadline by the words after it: "the Jan. 14 deadline", "Nov. 10 as the deadline"?"""
    words = [t.lower_ for t in doc[i:i + 3]]
    return words[:1] == ["deadline"] or words[:1] == ["as"] and "deadline" in words[1:3]


# a participle that fixes a time for what it qualifies, when it has a "for" of its own: "a summit set for Washington
# in April", "talks scheduled for Geneva on Monday", "the vote, slated for the capital in May" (not "a record set on
# Aug. 6": no "for")
_SET_FOR = frozenset(("set", "scheduled", "slated"))  # the participles themselves (the lemmatiser reads "slat")


def _set_for(tok: Any) -> str | None:
    """'future' for such a participle qualifying a noun or told in the present ("talks are set for Geneva on
    Monday"), 'soon' told in the past ("talks were set for Geneva on Monday": a date near P, either side), else
    None."""
    gov = _governor(tok)
    if gov.lower_ not in _SET_FOR or gov.tag_ != "VBN" \
            or not any(t.dep_ == "prep" and t.lower_ == "for" for t in gov.children):
        return None
    aux = [t for t in gov.children if t.dep_ in ("aux", "auxpass")]
    return "soon" if any(t.tag_ == "VBD" for t in aux) else "future"


def _planned_before(tok: Any) -> bool:
    """Is the date's plan itself told in the past perfect ("the offer had been due to expire Friday evening", "it
    previously had been scheduled to expire at midnight Friday", "they had planned to meet on Monday")? Then the
    date was to come when the plan was made and is past now."""
    for _ in range(6):
        if tok.head is tok:
            return False
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX") and tok.tag_ == "VBN" \
                and any(t.lower_ in ("had", "'d") and t.tag_ == "VBD" for t in tok.children if t.dep_.startswith("aux")):
            return True
    return False


# verbs that move or grant a time still to come: "until Tuesday" after them is the coming Tuesday, whatever their tense
_DEFER = frozenset(("postpone", "extend", "delay", "defer", "adjourn", "give", "grant", "move", "push"))


def _governor(tok: Any) -> Any:
    """The verb that governs `tok` (at most four steps up the parse), else the top of those steps."""
    for _ in range(4):
        if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
            break
        tok = tok.head
    return tok


def _verb_tense(tok: Any) -> str | None:
    """'future', 'soon', 'past', 'pluperfect' (had + participle) or None from the verb that governs `tok`
    (see _tense)."""
    date_tok, tok = tok, _governor(tok)
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    kids = list(tok.children)
    aux = [t for t in kids if t.dep_ in ("aux", "auxpass")]
    if any(t.lower_ in _FUTURE_MODALS and t.tag_ == "MD" for t in (tok, *kids)):
        return "future"
    if any(t.lower_ == "to" and t.tag_ == "TO" for t in aux) and tok.head is not tok \
            and tok.head.lemma_.lower() in _FORWARD and tok.dep_ in ("xcomp", "ccomp", "advcl", "acl"):
        return "future"  # "expected to join in April", "is to resume trading Tuesday"
    lemma = tok.lemma_.lower()
    if lemma in _FORWARD_PASSIVE and tok.tag_ == "VBN":
        passive = [t for t in kids if t.dep_ == "auxpass"]
        if tok.dep_ == "acl" or any(t.tag_ in ("VBZ", "VBP") for t in passive):
            return "future"  # "the verdict is expected on Monday", "a summit set for April"
        if passive:
            return "soon"  # "the accession was planned for early March"
    if lemma in _FORWARD_OBJECT and any(t.dep_ == "dobj" for t in kids):
        return "future"  # "has scheduled a news conference Thursday"
    if any(t.lower_ in ("had", "'d") and t.tag_ == "VBD" for t in aux) and tok.tag_ == "VBN":
        return "pluperfect"
    if tok.tag_ == "VBD" or any(t.tag_ == "VBD" for t in aux):
        return "past"
    if tok.tag_ == "VBN" and not any(t.lower_ == "to" or t.tag_ in ("VBZ", "VBP", "VB", "MD") for t in aux
                                     if t.lower_ not in ("has", "have", "'s", "'ve")):
        return "past"  # "the plan, abandoned in January", "has been seen on Monday"
    said_of_verb = date_tok.head.i == tok.i or (date_tok.head.dep_ == "prep" and date_tok.head.head.i == tok.i)
    if tok.tag_ in ("VBZ", "VBP") and not aux and lemma in _TIMETABLE and said_of_verb:
        return "future"  # news's present of a timetable: "they meet Monday", "the court hears the case Tuesday"
        # (the date said of the verb itself: not "the move follows Tuesday's declaration"); only verbs of what is
        # scheduled: a headline's present of what happened ("troops kill three Monday") is past
    return None


# the verbs whose simple present with a day is a timetable ("the council meets Monday", "the court hears the case
# Tuesday", "talks resume Thursday"); any other verb's present with a day is a headline's or broadcast's present of
# what happened ("Israeli troops kill three Palestinians Monday", "Nigerian troops rescue 30 students on Sunday")
_TIMETABLE = frozenset(("meet", "hold", "hear", "vote", "visit", "arrive", "travel", "begin", "start", "resume",
                        "host", "face", "sign", "play", "depart", "fly", "convene", "reconvene", "debate", "consider",
                        "decide", "rule", "testify", "address", "attend", "expire", "conclude", "kick", "wrap"))
