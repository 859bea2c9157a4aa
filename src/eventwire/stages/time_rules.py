"""The rule table of the times grammar: the patterns, built from the lexicon
(``data/lexicons/times.yaml``), each with its handler (``eventwire.stages.time_handlers``), compiled once
(``_grammar()``) with an index by first word (``_candidates``). The behaviour is documented in
``eventwire.stages.times``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

from eventwire.stages.time_grammar import Result, _alt, _Ctx, _lexicon
from eventwire.stages.time_named import (
    _ORDINAL_WORDS,
    CENTURY,
    DECADE,
    SPOKEN_YEAR,
    THE_YEAR,
    _h_century,
    _h_decade_word,
    _h_holiday,
    _h_set_named,
    _h_the_year,
    _h_year_end,
)
from eventwire.stages.time_handlers import (
    _h_ago,
    _h_anaphor,
    _h_day_range,
    _h_decade,
    _h_duration,
    _h_earlier_this,
    _h_iso,
    _h_md,
    _h_month,
    _h_month_range,
    _h_month_rel_year,
    _h_numeric,
    _h_offset,
    _h_past_n,
    _h_quarter,
    _h_quarter_rel,
    _h_quarters,
    _h_unit_long,
    _h_recent,
    _h_ref,
    _h_rel_day,
    _h_rel_period,
    _h_season,
    _h_season_bare,
    _h_set,
    _h_weekday,
    _h_weekend,
    _h_week_iso,
    _h_vague_duration,
    _h_year,
    _h_year_back,
    _h_year_range,
)

# ---------------------------------------------------------------- grammar
@dataclass(frozen=True)
class _Rule:
    name: str
    regex: re.Pattern[str]
    handler: Callable[[re.Match[str], _Ctx], Result | None]
    ambiguous: bool  # the reading depends on tense (no year / no direction)
    needs_prep: bool  # only after a preposition ("in May", "since 2011"): bare "May", "2011" are too noisy


# words after which a bare month or year is read ("in May", "since 2011"; never "Theresa May")
_PREPS = frozenset(("in", "into", "on", "since", "during", "until", "till", "by", "from", "through", "throughout",
                    "before", "after", "of", "around", "and"))
_LEAD = re.compile(r"(?i)^(?:(?P<pre>" + "|".join(sorted(_PREPS - {"and"}))
                   + r"|as\s+of|over|within|for|at)\s+)?(?P<core>.*)$", re.S)


# A bare year or month is read without a preposition before it only where the words around say it is one:
# - a year after "for", "due", "the", "its", "their" where a clause or list ends after it, or a word says it is a
#   period ("earnings for 1990.", "bonds due 1993,", "the 1988 period"): "for 2000 people" is a count. Never after
#   "to" or "than" ("the toll rose to 1900.");
# - a year or month (not "May": a name too) after a determiner or a possessive and before a noun that is not a
#   plural, as an adjective ("the 1987 crash", "its 1990 invasion", "That 1978 resolution", "the company's 1989
#   results", "the October slaying", "a June agreement"): "the 1500 troops" is a count;
# - a month after "for" or "to" before a lower-case word or a possessive ("figures for January extended", "a
#   revision to December's figures");
# - a year in a list of years after one ("in 1994, 1995 and 1997").
_LOOSE_PREPS = frozenset(("for", "due", "the", "its", "their"))
_CLAUSE_END = re.compile(r"\s*(?:[.,;:)!?\u2014]|\Z|(?:and|or|but|when|as|period|level|results?)\b)")
_DETERMINERS = frozenset(("the", "its", "their", "his", "her", "our", "that", "this", "a", "an", "whose"))
_POSSESSIVE_BEFORE = re.compile(r"\w['’]s\s+\Z")
_NOUN_AFTER = re.compile(r"\s+(?:[A-Z][a-z]+|[a-z][\w-]*)\b(?<![^s]s)(?!['’-])")  # a word that is no plural
_WORD_AFTER = re.compile(r"['’]s\b|\s+[a-z]")


def loose_fits(name: str, m: re.Match[str], word: str | None, text: str, found: list[Any]) -> bool:
    """May a bare year or month (`name`) matched at `m`, with `word` before it, be read here (see above)?"""
    if name == "month" and m["mon"].lower() == "may":
        return False
    start, end = m.start(), m.end()
    if word in _DETERMINERS or _POSSESSIVE_BEFORE.search(text, max(0, start - 8), start):
        if word not in ("a", "an") or name == "month":
            if _NOUN_AFTER.match(text, end):
                return True
    if name == "month":
        return word in ("for", "to") and bool(_WORD_AFTER.match(text, end))
    if word in _LOOSE_PREPS and _CLAUSE_END.match(text, end):
        return True
    prev = found[-1] if found else None
    return bool(prev and prev.precision == "year" and re.fullmatch(r"\s*,\s*", text[prev.end:start]))


@dataclass(frozen=True)
class _Grammar:
    rules: tuple[_Rule, ...]
    extra: tuple[_Rule, ...]  # normalise() only
    index: dict[str, tuple[int, ...]]  # first-token key -> rule numbers, in priority order
    keyfn: Callable[[str], tuple[str, ...]]
    triggers: frozenset[str]  # lower-case words that can start a rule (digits aside)


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    lex = _lexicon()
    abbrevs = _alt(n.capitalize() for n in lex.months if n not in lex.full_months)
    mon_full = _alt(n.capitalize() for n in lex.full_months)
    numw = _alt(lex.numbers) + r"|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-](?:one|two|three|four|five|six|seven|eight|nine)"
    units = _alt(lex.units) + "|" + _alt(u + "s" for u in lex.units)
    day, th = r"3[01]|[12]\d|0?[1-9]", r"(?:st|nd|rd|th)?"
    hol = _alt(" ".join(w.capitalize() for w in h.split()) for h in lex.holidays).replace("'", "['’]")
    g = {
        "MON": rf"(?P<mon>(?-i:{mon_full})\b|(?-i:{abbrevs})(?:\.|\b))",
        "MON1": rf"(?P<mon1>(?-i:{mon_full}))\b", "MON2": rf"(?P<mon2>(?-i:{mon_full}))\b",
        "FMON": rf"(?P<mon>(?-i:{mon_full}))\b",
        "DAY": rf"(?P<day>{day}){th}(?![\d%])(?![:.,]\d)",
        "D1": rf"(?P<d1>{day}){th}", "D2": rf"(?P<d2>{day}){th}(?!\d)",
        "YEAR": rf"(?P<year>(?<![\d$£€.,])(?:1[89]\d\d|20\d\d)(?![\d%])(?!,\d)|{SPOKEN_YEAR})",
        "YEAR1": r"(?<![\d$£€.,])(?P<year1>1[89]\d\d|20\d\d)(?!\d)", "YEAR2": r"(?P<year2>1[89]\d\d|20\d\d)(?![\d%])",
        "WD": rf"(?P<wd>(?-i:{_alt(n.capitalize() for n in lex.weekdays)}))\b",
        "SPOKEN": SPOKEN_YEAR,
        "Q": rf"(?P<q>{_alt(lex.qualifiers)})(?:\s*-\s*|\s+)",
        "QDAY": r"(?:(?P<q>early|late)\s+(?:on\s+)?)?",
        "N": rf"(?<![/\d])\b(?P<n>\d{{1,3}}(?:\s+(?P<frac>1/2))?|\d{{1,3}}(?P<frac2>½)|{_alt(lex.vague)}|{numw})",
        "ORD": r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)",
        "FISCAL": r"(?:(?:fiscal|calendar)[\s-]+)?",
        "AGO": r"(?:(?P<ago>year[\s-]+(?:ago|earlier))\s+)?",
        "UNIT": rf"(?P<unit>{units})\b",
        "PART": rf"(?:\s+(?P<part>{_alt(lex.parts)}))?",
        "SEASON": rf"(?P<season>{_alt(lex.seasons)})\b(?!\s+of\b(?!\s+(?:(?:1[89]|20)\d\d|eighteen\b|nineteen\b)))",
        "HOL": rf"(?P<hol>(?-i:{hol}))",
        "SWD": rf"(?P<swd>(?-i:{_alt(n.capitalize() for n in lex.weekdays)}))\b", "SMON": rf"(?P<smon>(?-i:{mon_full}))\b",
        "TO": r"(?:and|to|until|till|through)", "DASH": r"\s*[-–—]\s*",
    }
    # (name, first-token keys, pattern, handler, ambiguous, needs_prep); earlier rules win at a position.
    # Keys: a lower-case word, or MONTH WEEKDAY DIGIT NUMWORD UNIT QUAL VAGUE (see keys() below).
    specs: list[tuple[str, str, str, Callable[..., Result | None], bool, bool]] = [
        ("day_range", "between from", r"(?:between|from)\s+{D1}\s+{TO}\s+{D2}\s+(?:of\s+)?{MON}(?:,?\s+{YEAR})?", _h_day_range, True, False),
        ("day_range", "DIGIT", r"{D1}{DASH}{D2}\s+(?:of\s+)?{MON}(?:,?\s+{YEAR})?", _h_day_range, True, False),
        ("day_range", "between from MONTH", r"(?:(?:between|from)\s+)?{MON}\s+{D1}{DASH}{D2}(?:,?\s+{YEAR})?", _h_day_range, True, False),
        ("day_range", "between from", r"(?:between|from)\s+{MON}\s+{D1}\s+{TO}\s+{D2}(?:,?\s+{YEAR})?", _h_day_range, True, False),
        ("month_range", "between from", r"(?:between|from)\s+{MON1}(?:,?\s+{YEAR1})?\s+{TO}\s+{MON2}(?:,?\s+{YEAR2})?", _h_month_range, True, False),
        ("month_range", "MONTH", r"{MON1}(?:\s+{YEAR1})?{DASH}{MON2}(?:,?\s+{YEAR2})?", _h_month_range, True, False),
        ("year_range", "between from", r"(?:between|from)\s+{YEAR1}\s+{TO}\s+{YEAR2}", _h_year_range, False, False),
        ("year_range", "DIGIT", r"{YEAR1}{DASH}(?P<year2>1[89]\d\d|20\d\d|\d\d)(?![-\d])", _h_year_range, False, False),
        ("iso_date", "DIGIT", r"(?<![\d-])(?P<y>1[89]\d\d|20\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d)(?![\d-])", _h_iso, False, False),
        ("numeric_date", "DIGIT", r"(?<![\d/.])(?P<a>\d{{1,2}})(?P<s1>[/.])(?P<b>\d{{1,2}})(?P<s2>[/.])(?P<y>\d{{4}}|\d\d)(?![\d/])(?![.]\d)", _h_numeric, False, False),
        ("month_day", "early late WEEKDAY the MONTH", r"{QDAY}(?:{WD},?\s+)?(?:the\s+)?{MON}\s+{DAY}(?:,?\s+{YEAR})?", _h_md, True, False),
        ("day_month", "early late WEEKDAY the DIGIT", r"{QDAY}(?:{WD},?\s+)?(?:the\s+)?{DAY}\s+(?:of\s+)?{MON}(?:,?\s+{YEAR})?", _h_md, True, False),
        ("month", "QUAL MONTH", r"(?:{Q})?{FMON},?\s+(?:of\s+)?(?P<ry>last|this|next)\s+year\b", _h_month_rel_year, False, False),
        ("month", "QUAL", r"{Q}{FMON}(?:,?\s+(?:of\s+)?{YEAR})?", _h_month, True, False),
        ("month", "MONTH", r"{MON},?\s+(?:of\s+)?{YEAR}", _h_month, False, False),
        ("month", "last this next", r"(?P<dir>last|this|next)\s+{FMON}(?!\s*\d)", _h_month, False, False),
        ("month", "MONTH", r"{FMON}(?!,?\s+(?:of\s+)?\d)", _h_month, True, True),
        ("decade", "the early mid late DIGIT", r"(?:the\s+)?(?:(?P<q>early|mid|late)[-\s]+)?(?P<dec>1[89]\d0|20\d0)'?s\b", _h_decade, False, False),
        ("century", "the DIGIT " + " ".join(w.split()[0] for w in _ORDINAL_WORDS), CENTURY, _h_century, False, False),
        ("decade", "the", DECADE, _h_decade_word, False, False),
        # a year in words ("nineteen ninety-six", "the year two thousand") is read without a preposition
        ("year", "nineteen eighteen the", r"(?:the\s+year\s+|(?={SPOKEN})){YEAR}", _h_year, False, False),
        ("holiday", "last next this " + " ".join(h.split()[0].split("'")[0] for h in lex.holidays),
         r"(?:(?P<dir>last|next|this)\s+)?{HOL}(?![\w'’-])(?!\s+(?-i:Island|Rising|Monday|Sunday|Day|Eve|Offensive|Uprising)\b)(?:,?\s+{YEAR})?", _h_holiday, True, False),
        ("year_end", "the end year",
         r"(?:the\s+)?(?P<end>end)\s+of\s+the\s+(?:(?:fiscal|calendar)\s+)?year\b(?![-\s]+(?:ago|earlier)\b)|the\s+full\s+year\b(?!-)|year(?:['’]s\s+|[-\s])(?P<end2>end)\b", _h_year_end, False, False),
        ("year", "QUAL", r"{Q}{YEAR}", _h_year, False, False),
        ("year", "fiscal", r"fiscal\s+(?:year\s+)?{YEAR}", _h_year, False, False),
        ("quarter", "the fiscal calendar year first second third fourth DIGIT",
         r"(?:the\s+)?{AGO}{FISCAL}{ORD}[\s-]+quarter\b(?!-)(?:(?:\s+of\s+(?:fiscal\s+)?|,?\s+){YEAR})?(?!\s+of\b)",
         _h_quarter, False, False),  # not read by tense: "expects to release third-quarter results" is the last one
        ("quarter", "the DIGIT", r"(?:the\s+)?{YEAR}\s+{FISCAL}{ORD}[\s-]+quarter\b(?!-)", _h_quarter, False, False),
        ("quarter", "last this next", r"(?P<ry>last|this|next)\s+year['’]s\s+{FISCAL}{ORD}[\s-]+quarter\b(?!-)", _h_quarter, False, False),
        ("quarter", "the", r"the\s+(?:(?:(?P<cur>current)\s+|(?:comparable\s+)?(?P<ago>year[\s-]+(?:ago|earlier))\s+)?quarter\b(?![-\s]+(?:of|final|mile|century|back)\b)(?!-)|(?:comparable\s+)?(?P<ago2>year[\s-]+(?:ago|earlier))\s+period\b|(?:latest|most\s+recent)\s+(?:fiscal\s+)?(?:quarter|period)\b)", _h_quarter_rel, False, False),
        ("past_n", "the past last previous", r"(?:the\s+)?(?:past|last|previous)\s+{N}\s+{UNIT}", _h_past_n, False, False),
        ("rel_period", "QUAL this the last past previous current next coming", r"(?:{Q})?(?P<dir>this\s+past|the\s+(?:past|last|previous|preceding|current|coming|following|next)|last|past|previous|this|current|next|coming)\s+(?:(?:fiscal|calendar)\s+(?=year\b))?(?P<unit>weekend|week|fortnight|month|year)\b", _h_rel_period, False, False),
        ("weekend", "the", r"the\s+weekend\b", _h_weekend, True, False),
        ("recent", "the recent coming past last next", r"(?:the\s+)?(?P<dir>recent|coming|(?:past|last|next)\s+few)\s+(?P<unit>days|weeks|months|years)\b", _h_recent, False, False),
        ("earlier_this", "earlier later", r"(?P<el>earlier|later)\s+(?:this|in\s+the)\s+(?P<unit>week|month|year)\b", _h_earlier_this, False, False),
        ("ago", "NUMWORD DIGIT VAGUE UNIT", r"(?:{N}\s+)?(?(n)|(?=\w+s\s)){UNIT}\s+ago\b", _h_ago, False, False),
        ("offset", "NUMWORD DIGIT VAGUE UNIT", r"(?:{N}\s+)?(?(n)|(?=\w+s\s)){UNIT}\s+(?P<dir>later|earlier|after|before|afterwards|previously|prior)\b", _h_offset, False, False),
        ("anaphor", "the later earlier", r"(?:(?P<which>the\s+(?:next|following|previous|preceding|same)|later\s+that|earlier\s+that)\s+(?:day|morning|afternoon|evening|night)|(?:later|earlier)\s+that\s+(?P<punit>week|month|year)|the\s+(?:day|night)\s+(?P<ba>before|after))\b(?!\s+(?:yesterday|tomorrow))", _h_anaphor, False, False),
        ("rel_day", "early late the today tonight yesterday tomorrow overnight last this earlier later", r"(?:(?P<q>early|late)\s+)?(?P<rd>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight|yesterday|tomorrow|overnight|last\s+night|this\s+(?:morning|afternoon|evening)|earlier\s+today|later\s+today){PART}\b", _h_rel_day, False, False),
        ("weekday", "early late last next this coming WEEKDAY", r"{QDAY}(?:(?P<dir>last|next|this\s+past|this\s+coming|coming|this)\s+)?{WD}{PART}\b", _h_weekday, True, False),
        ("year", "DIGIT", r"{YEAR}", _h_year, False, True),
        # "compared with year-earlier profit": the year before P (a quarter a year back after a quarter, times.py)
        ("year_back", "year", r"year[\s-]+(?:earlier|ago)\b(?![\s-]+(?:quarter|period|levels?)\b)", _h_year_back, False, False),
        # "for years", "within weeks": a length not counted (read only after the words in times._DURATION_PREPS)
        ("vague_duration", "years months weeks days decades hours minutes", r"(?P<unit>years|months|weeks|days|decades|hours|minutes)\b(?!\s+(?:ago|later|earlier|after|before|old|of)\b)", _h_vague_duration, False, True),
        ("season", "last this next the spring summer fall autumn winter", r"(?:(?P<dir>last|this\s+past|this|next)\s+|(?P<the>the)\s+(?:(?:early|late)\s+)?)?{SEASON}(?:,?\s+(?:of\s+)?{YEAR})?", _h_season, True, False),
        ("season", "spring summer fall autumn winter", r"{SEASON}", _h_season_bare, True, True),
        ("set", "every each", r"(?:every|each)\s+(?:{SWD}|{SMON})", _h_set_named, False, False),
        ("set", "every each " + " ".join(lex.sets), rf"(?P<setw>{_alt(lex.sets)})\b|(?:every|each)\s+(?P<unit>{_alt(lex.units)})\b", _h_set, False, False),
        # "two more weeks", "an additional year": the length still to come is a length too
        ("duration", "NUMWORD DIGIT VAGUE", r"(?<!once\s)(?<!twice\s)(?<!times\s){N}(?:\s+|\s*-\s*)(?:(?:more|additional|extra|further)\s+)?{UNIT}(?!\s*-?\s*old\b)(?!-(?:earlier|ago)\b)(?P<andhalf>\s+and\s+a\s+half\b)?(?:-long)?", _h_duration, False, False),
        # "a day-long strike", "a decades-long conflict": a length as an adjective, without a count
        ("unit_long", "UNIT", r"{UNIT}-long\b", _h_unit_long, False, False),
        # a length of quarters; an uncounted one may say of what: "several quarters of losses" (a count before "of" is a
        # fraction: "three quarters of voters"; not "in some quarters", "from many quarters": circles of opinion; not
        # "several quarters of the city": districts)
        ("quarters", "the past last next previous coming every each NUMWORD DIGIT VAGUE",
         r"(?:(?:the\s+)?(?:past|last|next|previous|coming)\s+)?(?:(?!(?:some|many|dozens|hundreds|several|a\s+few|a\s+couple)\b)"
         r"{N}\s+quarters\b(?!-)(?![-\s]+of\b)(?!\s+(?:ago|earlier|later|before|after|back)\b)|(?:several|a\s+few|a\s+couple\s+of)\s+quarters\b(?!-)(?!\s+(?:ago|earlier|later|before|after|back)\b)"
         r"(?!\s+of\s+(?:the|an?|its|their|this|that|these|those|fiscal|calendar|\d+|(?-i:[A-Z])\w*)\b))"
         r"|(?P<every>every|each)\s+quarter\b(?![-\s]+of\b)(?!-)", _h_quarters, False, False),
        ("the_year", "the", THE_YEAR, _h_the_year, False, False),
        # TimeML's reference values: no date, so they never date an event (stages/event_time.py)
        ("ref", "now right", r"(?:right\s+)?(?P<ref>now)\b(?![-'’])", _h_ref, False, False),
        ("ref", "currently recently", r"(?P<ref>currently|recently)\b", _h_ref, False, False),
        # "current" said of a thing ("its current share", "current market conditions"): TimeML's PRESENT_REF, as
        # "now" is (TimeBank marks it so in 9 of the 16 uses that are not "the current year/quarter"); not a flow
        # ("the current of the river", "the current account": a balance, not a time)
        ("ref", "current", r"(?<![-\w])(?P<ref>current)(?=\s+(?!(?:of|and|or|to|is|was|are|were|accounts?)\b)[a-z])",
         _h_ref, False, False),
        # "these days" (the present), "in the near term" / "over the short term" (what is to come), TimeML's
        # PRESENT_REF and FUTURE_REF; "the long term" is left out: as often a length as what is to come
        ("ref", "these the", r"(?P<ref>these\s+days|the\s+(?:near|short)\s+term)\b(?!-)", _h_ref, False, False),
        ("ref", "the", r"the\s+(?:near\s+|distant\s+|foreseeable\s+)?(?P<ref>future)\b(?!\s+of\b)", _h_ref, False, False),
        ("ref", "the", r"the\s+(?P<ref>past)\b(?!\s+(?:\d|few|several|couple|two|three|four|five|six|seven|eight|nine|ten)\b)", _h_ref, False, False),
    ]
    extra_specs = [
        ("year", "", r"{YEAR}", _h_year, False, False),
        ("month", "", r"{FMON}", _h_month, True, False),
        ("week", "", r"(?P<y>\d{{4}})-?W(?P<w>\d\d)", _h_week_iso, False, False),
    ]

    def compile_(sp: list[Any]) -> tuple[_Rule, ...]:
        return tuple(_Rule(n, re.compile(s.format(**g), re.I), h, a, np) for n, _k, s, h, a, np in sp)

    rules, extra = compile_(specs), compile_(extra_specs)
    index: dict[str, list[int]] = {}
    for i, spec in enumerate(specs):
        for k in spec[1].split():
            index.setdefault(k, []).append(i)
    qual_first = {q.split()[0] for q in lex.qualifiers}
    vague_first = {v.split()[0] for v in lex.vague}
    unit_words = set(lex.units) | {u + "s" for u in lex.units}

    def keys(tok: str) -> tuple[str, ...]:
        low = tok.lower()
        ks = [low]
        if tok[0].isdigit():
            ks.append("DIGIT")
        elif tok[0].isupper():
            if low in lex.months:
                ks.append("MONTH")
            if low in lex.weekdays:
                ks.append("WEEKDAY")
        for k, words in (("NUMWORD", lex.numbers), ("UNIT", unit_words), ("QUAL", qual_first),
                         ("VAGUE", vague_first)):
            if low in words:
                ks.append(k)
        return tuple(ks)

    triggers = frozenset({k for k in index if k.islower()} | set(lex.months) | set(lex.weekdays)
                         | set(lex.numbers) | unit_words | qual_first | vague_first)
    return _Grammar(rules, extra, {k: tuple(v) for k, v in index.items()}, keys, triggers)


@lru_cache(maxsize=65536)
def _candidates(tok: str) -> tuple[int, ...]:
    gr = _grammar()
    return tuple(sorted({i for k in gr.keyfn(tok) for i in gr.index.get(k, ())}))
