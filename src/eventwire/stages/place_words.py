"""Words, token tests and the mention record of place recognition (`stages/places.py`).

The word lists that mark a name as a place, a division or something else; the dateline pattern; the spaCy
entity arrays with the tagger's bracket-crossing entities cut into pieces; spelling variants of a name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from eventwire.gazetteer import GeoEntry
from eventwire.gazetteer_fold import FOLDED, fold
from eventwire.lexicons import CALENDAR_NAMES

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# a match inside one of these is dropped; inside a PERSON/ORG/PRODUCT entity it counts only when it is the
# whole entity ("Idlib" tagged ORG, "Nottingham" tagged PERSON after "in")
_WHOLE_ONLY_LABELS = frozenset({"PERSON", "ORG", "PRODUCT", "LANGUAGE"})  # "Odesa" tagged LANGUAGE
_LOCATIVE = frozenset({"in", "from", "to", "near", "at", "of", "across", "into", "outside", "around", "toward",
                       "towards", "throughout", "via", "between", "within", "inside", "through", "over"})
_SKIP_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL",
                          "WORK_OF_ART", "LAW", "EVENT"})
# labels of dates, which the small model also gives to a lone place name ("in [Aleppo]DATE"); not those of numbers,
# whose lone capitalised word is most often a number's ("From [Zero]CARDINAL to Hero", "[First]ORDINAL prize")
_DATE_LABELS = frozenset({"DATE", "TIME"})
# labels of titles, laws and named events, which the small model also gives to a town after "in"
_TITLE_LABELS = frozenset({"WORK_OF_ART", "LAW", "EVENT"})
_CONNECTORS = frozenset({"of", "and", "the", "de", "del", "da", "do", "dos", "das", "al", "el", "la", "le", "les",
                         "du", "des", "on", "upon", "am", "an", "der", "es", "ez", "au", "aux", "sur", "sous",
                         "-", "'", "’", "&", "los", "las", "ed", "ad", "ul", "di", "della", "en", "et", "lès",
                         "lez", "e", "in", "y"})
# "Neustadt in Holstein", "Tapachula de Cordova y Ordonez" (v15); "Bandar e Mahshahr" (Persian "-e"), "Port-au-Prince", "Villeneuve-sur-Yonne", "Vaulx-en-Velin", "Meurthe-et-Moselle",
# "Saint-Étienne-lès-Remiremont", "Chilpancingo de los Bravo", "Beit ed Dine", "Dera Ghazi Khan"
# words of Romance and Arabic names that join two capitalised words into one name: "Mineral del Chico", "San
# Basilio de Palenque", "Dar el Ouassaa". A gazetteer name joined so to another capitalised word is only a part.
_NAME_LINKS = frozenset({"de", "del", "da", "do", "dos", "das", "du", "des", "el", "la", "le", "les", "di", "della"})
_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ath", "ed", "en", "es", "et", "ul",
                       "ez"})
# articles that are English words too: "As", "At", "An" before a name begin a sentence, not the name
_ENGLISH_WORDS = frozenset({"as", "at", "an", "ad", "ed", "en", "es", "et"})
_BRACKETS = frozenset("()[]")
_MAX_WORDS = 6  # "San Fernando del Valle de Catamarca"
_MAX_TOKENS = 9
_PERSON_TITLES = frozenset({"mr", "mrs", "ms", "dr", "miss", "sir", "dame", "prof", "professor", "sen", "rep",
                            "gen", "lt", "col", "capt", "sgt", "maj", "brig", "cpl", "pvt", "adm", "gov", "st"})
_FEATURE_WORDS = frozenset({"city", "province", "governorate", "region", "district", "county", "state", "oblast",
                            "prefecture", "municipality", "department", "island", "islands", "valley", "river",
                            "mountains", "peninsula", "territory", "territories", "strip", "bank", "camp",
                            "town", "village", "area", "border", "crossing", "sea", "gulf", "bay", "lake"})
_DIRECTION_WORDS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                              "central", "upper", "lower", "greater", "northeast", "northwest", "southeast",
                              "southwest", "northeastern", "northwestern", "southeastern", "southwestern",
                              "mid", "inner", "outer", "downtown", "rural"})
# ("downtown", "rural": words of where in a place, as "central" is: "in downtown Malchow", "in rural Idlib")
# "DRC President", "Iraqi Army": a place name before one of these still names the place
_ROLE_WORDS = frozenset({"president", "prime", "minister", "ministry", "foreign", "defence", "defense", "interior",
                         "health", "army", "police", "government", "parliament", "governor", "mayor", "ambassador",
                         "embassy", "officials", "official", "forces", "troops", "military", "navy", "king",
                         "queen", "premier", "chancellor", "authorities", "authority", "council", "province",
                         "provincial", "regional", "national", "state", "people", "residents", "airport"})
# a word after a name (or "province of" before it) that marks it as a first-level division: "Rio Negro province"
_ADMIN_WORDS = frozenset({"province", "state", "region", "department", "governorate", "oblast", "prefecture",
                          "provincia", "estado", "departamento", "canton", "emirate", "voivodeship", "krai"})
# a word after a name that marks it as a second-level division: "Birbhum district", "Ugenya sub-county"
_ADMIN2_WORDS = frozenset({"district", "county", "tehsil", "taluk", "taluka", "subdistrict", "municipality",
                           "commune", "parish", "subdivision", "mandal", "raion", "rayon", "lga", "sub-county",
                           "subcounty", "okrug", "arrondissement", "department", "departement", "upazila",
                           "woreda", "corregimiento"})
# a word after a name that says it is a place smaller than the division that follows: "Sega town (Ugenya)"
_LOCAL_WORDS = frozenset({"town", "village", "hill", "hills", "area", "city", "camp", "settlement", "locality",
                          "ward", "suburb", "quarter", "township", "neighbourhood", "neighborhood", "market",
                          "mountain", "valley", "forest", "locale", "sector", "cell", "colony", "hamlet",
                          "countryside", "outskirts"})
# a word after a name that says it is a town: "Amara city", "Tal Tamer town" (not the division of that name)
_TOWN_WORDS = frozenset({"city", "town", "village"})
# prepositions that place what follows them ("in Hall", "near Side"): support for a small town far from the story
_PLACING = frozenset({"in", "near", "at", "outside", "around", "into", "inside", "from", "towards", "toward"})
_NEAR = frozenset({"near", "outside", "around", "nearby", "close"})
# a capital standing for its government: the subject of one of these verbs, or the possessor of one of these nouns
_SPEECH_VERBS = frozenset({"say", "warn", "accuse", "urge", "demand", "condemn", "deny", "announce", "threaten",
                           "insist", "claim", "call", "reject", "criticize", "criticise", "vow", "pledge", "respond",
                           "retaliate", "sanction", "impose", "agree", "propose", "offer", "welcome", "dismiss",
                           "blame", "tell", "argue", "signal", "seek", "decide", "expel", "recall", "accept",
                           "refuse", "approve", "oppose", "support", "back", "insist", "protest", "summon"})
_POLICY_NOUNS = frozenset({"policy", "policies", "decision", "position", "stance", "response", "support", "demand",
                           "demands", "sanctions", "allies", "ally", "relations", "approach", "plan", "proposal",
                           "move", "strategy", "pressure", "offer", "claims", "refusal", "request", "warning",
                           "call", "threat", "role", "efforts", "involvement", "backing", "intervention", "envoy",
                           "ambassador", "delegation", "officials", "leadership", "reaction", "accusation"})
_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# "BAMAKO, March 9 (Reuters) -", "DOHA -", "KYIV, Ukraine, March 9, 2025 --", "Kyiv, March 9 (AP) —"
_DATELINE = re.compile(
    r"\A\s*(?:(?P<caps>[A-Z][A-Z'.-]+(?:\s+[A-Z][A-Z'.-]+){0,3})|(?P<title>[A-Z][a-z'.-]+(?:\s+[A-Z][a-z'.-]+){0,2}))"
    r"(?P<region>,\s+[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+){0,2})?"
    r"(?P<date>,?\s+" + _MONTHS + r"\s+\d{1,2}(?:,?\s*\d{4})?)?"
    r"\s*(?P<outlet>\([A-Za-z .&'-]{1,40}\))?\s*(?P<dash>[-\u2013\u2014]{1,2}|:)\s")


# an upper-case dateline after a headline: "Mason charged with sex assault.\n TORRINGTON — Mayor ...",
# "... to combat drugs. BANTAM — A Danbury ...": the capitals open a line or follow the headline's full stop, and a
# spaced dash (never a hyphen) closes them, or the region after them ("PARIS, Mo. —")
_LATER_DATELINE = re.compile(
    r"(?:\n|[.!?]\s)\s*(?P<caps>[A-Z][A-Z'.]+(?:[ -][A-Z][A-Z'.]+){0,3})(?:,\s+[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)?)?"
    r"\s+(?:[\u2013\u2014]|--)\s")
_LATER_DATELINE_WITHIN = 300  # characters: the headline before it is short


def dateline_span(text: str) -> tuple[int, int] | None:
    """The (start, end) of the place of a leading dateline ("BAMAKO, March 9 (Reuters) -" -> "BAMAKO"): where
    the story was filed, not where its events happened. A Title-case place needs a date or an outlet with it. A
    story may open with its headline: then an upper-case place before a spaced dash at the start of the next line or
    sentence, within the first 300 characters ("Mason charged with sex assault. BANTAM — A Danbury mason ...")."""
    m = _dateline(text)
    if m is None:
        later = _LATER_DATELINE.search(text[:_LATER_DATELINE_WITHIN])
        return None if later is None else (later.start("caps"), later.end("caps"))
    g = "caps" if m.group("caps") else "title"
    return m.start(g), m.end(g)


def dateline_end(text: str) -> int | None:
    """The offset just past a leading dateline's dash or colon ("KHARTOUM, Sudan, May 4, 2025 -- Fighters of ..."
    -> the offset of "Fighters"), or None where the text opens with none (same shapes as `dateline_span`)."""
    m = _dateline(text)
    return None if m is None else m.end()


def _dateline(text: str) -> re.Match[str] | None:
    """The leading dateline's match; a Title-case place counts only with a date or an outlet beside it."""
    m = _DATELINE.match(text[:200])
    if m is None or (m.group("title") and not (m.group("date") or m.group("outlet"))):
        return None
    return m


@dataclass(slots=True)
class _Mention:
    start_tok: int
    end_tok: int  # exclusive
    key: str
    label: str  # NER label of the span ("" if none)
    entry: GeoEntry | None = None
    cue: bool = False  # marked as a first-level division: "X province", "province of X", "City (X)"
    paired: bool = False  # its reading agrees with a division named beside it: "Villa Iris (Buenos Aires)"
    cue2: bool = False  # marked as a second-level division: "Birbhum district", "Siaya County"
    text: str = ""  # the words, for a name the gazetteer lacks
    container: int = -1  # index of the mention naming the unit it lies in: "Sega town (Ugenya, Siaya County)"
    fallback: GeoEntry | None = None  # that unit's reading, where the name itself has none that fits
    led: bool = False  # a locative word leads to it: "in Tessalit", "the market of Tessalit"
    unit: bool = False  # it names the unit another name lies in: "Kherson" of "Mala Shestirnya, Kherson"
    comma: bool = False  # linked to its unit by a comma: "Mala Shestirnya, Kherson"
    town: bool = False  # marked as a town: "Amara city", "Tal Tamer town", "Yaradona village"
    in_name: bool = False  # inside a longer proper name: "Kentucky State Police", "University of Manitoba"
    echo: bool = False  # read only because the same name is a place elsewhere in the article (`places` v14)
    coded: bool = False  # the place a note says it coded its event to: "(coded as Nushki)" (`after_coded`, v20)
    scores: list = field(default_factory=list)  # (score, reading) of each reading the resolver weighed
    held_by: GeoEntry | None = None  # the unit named after it that its reading lies in (`contain`)

    @property
    def feature_ok(self) -> bool:
        """Can this mention's reading serve as the unit that holds another?"""
        return self.entry is not None and self.entry.feature in ("city", "admin2", "admin1", "region", "country")

    @property
    def group(self) -> str:
        """Resolution unit: one sense per discourse, but "San Juan (San Juan)" names a city and a province."""
        return self.key + "\x00admin" if self.cue else self.key + "\x00admin2" if self.cue2 else self.key


def _ent_arrays(doc, common: frozenset[str] = frozenset()) -> tuple[list[str], list[int], list[int]]:
    """Per token: its entity label, and its entity's start and end, the label left empty where it is no reading of
    the words. `common`: words that are no places (places.yaml `not_places`: "Christmas"), whose date label stays."""
    n = len(doc)
    label = [""] * n
    ent_start = [-1] * n
    ent_end = [-1] * n
    for ent in doc.ents:
        # an entity the tagger ran across a bracket ("[Rawson (Chubut]ORG)") or a spaced dash ("[Chisinau -
        # Buiucani]ORG", ACLED's "City - District") is cut there into its pieces. Its label is no reading of
        # the pieces: unless it is a place label, they are judged as unlabelled ("[Mondoro (Douentza,
        # Mopti]ORG", "[Rimini (Rimini, Emilia-Romagna]WORK_OF_ART")
        # So is one that opens a parenthesis and holds a comma: "Mirtur town ([Bijapur, Chhattisgarh]ORG)", the
        # items of a list of units, ...
        # ... or a title's that holds a comma: "shelled [Kobzartsi, Mykolaiv]WORK_OF_ART"
        in_list = ent.label_ not in _PLACE_LABELS and (
            (ent.start > 0 and doc[ent.start - 1].text == "(") or ent.label_ in _TITLE_LABELS)
        pieces, s = [], ent.start
        for i in range(ent.start, ent.end):
            if doc[i].text in _BRACKETS or _spaced_dash(doc, i) or (in_list and doc[i].text == ","):
                pieces.append((s, i))
                s = i + 1
        pieces.append((s, ent.end))
        # ... unless the bracket holds the name's acronym: "[The United States Department of Agriculture (USDA]ORG"
        acronym = any(e - s == 1 and doc[s].text.isupper() and len(doc[s].text) > 1 for s, e in pieces[1:])
        lab = ent.label_ if len(pieces) == 1 or ent.label_ in _PLACE_LABELS or acronym else ""
        # a title's, a law's or an event's label on proper nouns that a locative word leads to is no reading of
        # them: "demonstrated in [Grenoble]WORK_OF_ART at the call of ...", judged as unlabelled
        if lab in _TITLE_LABELS and ent.start > 0 and doc[ent.start - 1].lower_ in _LOCATIVE and all(
                t.tag_ in ("NNP", "NNPS") or not t.is_alpha for t in ent):
            lab = ""
        # a date's label on a proper noun that a town word follows is no reading of it either: "fired at a check
        # post at [Turbat]DATE town", judged as unlabelled (not before a district word: "Giza's [Haram]DATE district"
        # is no Haram of Norway); nor on a lone proper noun: "thefts happen often in [Aleppo]DATE" (v14), but not
        # before another unit word: "in [X]DATE region" names an area, which a namesake town abroad may not read
        if lab in _DATE_LABELS and ent.end < n and doc[ent.end].lower_ in _TOWN_WORDS and \
                doc[ent.end].is_lower and all(t.tag_ in ("NNP", "NNPS") and t.lower_ not in CALENDAR_NAMES
                                              for t in ent):
            lab = ""
        elif lab in _DATE_LABELS and len(ent) == 1 and ent[0].is_alpha and ent[0].text[:1].isupper() and \
                ent[0].tag_ in ("NNP", "NNPS") and ent[0].lower_ not in CALENDAR_NAMES and ent[0].lower_ not in common \
                and not (ent.end < n and doc[ent.end].lower_ in _LOCAL_WORDS | _ADMIN_WORDS | _ADMIN2_WORDS):
            lab = ""
        for s, e in pieces:
            for i in range(s, e):
                label[i] = lab
                ent_start[i] = s if lab else -1
                ent_end[i] = e if lab else -1
    return label, ent_start, ent_end


def _unit_word_after(doc, k: int) -> bool:
    """Is doc[k] a unit word written in capitals after a name: "Damboa LGA", "Chintapalle Mandal", "Intaw Town"
    (a word of the name's unit, not the next word of a longer proper name)? Not when a capitalised word follows it
    ("Kano State Government"), nor "City" ("Mexico City", "Gaza City": part of the name)."""
    t = doc[k]
    if not _is_cap(t) or t.lower_ not in _ADMIN2_WORDS | _TOWN_WORDS or t.lower_ == "city":
        return False
    return not (k + 1 < len(doc) and _is_cap(doc[k + 1]) and doc[k].whitespace_)


def _spaced_dash(doc, i: int) -> bool:
    """A dash with space on both sides between two names: "Aleppo - Sheikh Maqsoud"."""
    return (doc[i].text in ("-", "\u2013", "\u2014") and 0 < i < len(doc) - 1
            and bool(doc[i - 1].whitespace_) and bool(doc[i].whitespace_))


# what an ACLED note writes before the name of the place it coded its event to: "(coded as Nushki)", "[coded to
# capital Vicente Guerrero]", "[location coded to Kohistan with GP2]" (place_choice.coded_to reads it too)
CODED_BEFORE = re.compile(r"\bcoded\s+(?:to|as|at)\s+(?:the\s+)?(?:(?:[a-z]+\s+)?capital\s+(?:city\s+of\s+)?)?$",
                          re.I)
# what closes such a name: the bracket, the list of its units, the sentence, or the note's precision ("with GP2")
_CODED_CLOSE = frozenset({")", "]", ",", ".", ";", "with"})


def after_coded(doc, i: int, end: int) -> bool:
    """Is doc[i:end] the whole name an ACLED note says it coded the event to? A note says "coded to/as X" of its
    place whatever the tagger made of X (a person's name, mostly); "coded as Kashmir Rebels" or "coded as 3" name
    no place, so the name must close at a bracket, a comma, a full stop or "with"."""
    if i == 0 or (end < len(doc) and doc[end].lower_ not in _CODED_CLOSE):
        return False
    k = next((k for k in range(i - 1, max(-1, i - 8), -1) if doc[k].lower_ == "coded"), -1)
    return k >= 0 and CODED_BEFORE.search(doc[k:i].text_with_ws) is not None


def coded_here(m: _Mention, e: GeoEntry, mentions: list[_Mention], countries_hint: Sequence[str],
               sole: bool) -> bool:
    """Can the name a note says it coded its event to be read at `e`, a small town? Where the story's country is
    its country, or another place of the text lies in it; or, where no other place names a country, where the name
    has no other reading on earth ("[coded to Rudkobing]" beside the Baltic Sea). Not where the note's divisions, or
    its other places, lie elsewhere: "in Okigwe LGA (Imo), coded as Abba" is no namesake in the Central African
    Republic, "police in Nakuru arrested an informant (coded as Joseph)" no town of Oregon."""
    others = [o.entry for o in mentions if o.entry is not None and o.group != m.group and o.entry.country]
    if any(o.feature in ("admin1", "admin2") and o.country != e.country for o in others):
        return False
    return e.country in countries_hint[:3] or any(o.country == e.country for o in others) or (sole and not others)


def _is_cap(tok) -> bool:
    return _cap_word(tok.text)


@functools.lru_cache(maxsize=65536)
def _cap_word(t: str) -> bool:
    """`_is_cap` of a token's text (a pure function of it: spaCy's `is_alpha` is `str.isalpha` of the text)."""
    if t[:1].isupper():
        # "J&K" (Jammu and Kashmir, as ACLED's notes write it): an ampersand inside a word in capitals
        return t.isalpha() or "." in t or "'" in t or "-" in t or ("&" in t and t.isupper())
    # "d'Ivoire", "l'Aquila"
    return len(t) > 2 and t[0] in "dl" and t[1] in "'\u2019" and t[2:3].isupper()


def _startable(doc, i: int) -> bool:
    tok = doc[i]
    if _is_cap(tok):
        return True
    # "al-Bab", "el-Arish": an Arabic article joined by a hyphen to a capitalised word, and opening the word: the
    # "-et-" of "Meurthe-et-Moselle" or the "-en-" of "Vaulx-en-Velin" is inside a name, no article
    return (tok.lower_ in _ARTICLES and i + 2 < len(doc) and doc[i + 1].text == "-"
            and not doc[i].whitespace_ and _is_cap(doc[i + 2])
            and not (i > 0 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_))


_CALENDAR_WORDS = CALENDAR_NAMES | {"today", "tonight"}
_UNIT_WORDS = {"municipality", "province", "district", "department", "city", "town", "village", "county", "region",
               "area", "governorate", "state", "commune", "prefecture", "locality", "neighbourhood", "neighborhood"}


def paren_before(doc, i: int, reach: int) -> int:
    """The index of the "(" an open parenthesis holding doc[i] starts at, looking back at most `reach` tokens and
    not past ")", "." or ";"; -1 where there is none."""
    for k in range(i - 1, max(-1, i - 1 - reach), -1):
        if doc[k].text == "(":
            return k
        if doc[k].text in (")", ".", ";"):
            return -1
    return -1


def _last_in_parens(doc, i: int, end: int) -> bool:
    """Is doc[i:end] the last item of a short parenthesis, "(X)" or "(Capital, X)"? There it names the larger
    unit the name before the parenthesis lies in."""
    if end >= len(doc) or doc[end].text != ")" or i == 0:
        return False
    if doc[i - 1].text == "(":
        return True
    if doc[i - 1].text != ",":
        return False
    return paren_before(doc, i - 1, 7) >= 0


_NAME_ARTICLES = frozenset({"a", "o", "la", "le", "el", "les", "los", "las", "the", "al"})


def _in_parens(doc, i: int, end: int) -> bool:
    """Is doc[i:end] an item of a short parenthesis: "(X)", "(X, Y)", "(Y, X, Z)"?"""
    if end >= len(doc) or doc[end].text not in (")", ",") or i == 0 or doc[i - 1].text not in ("(", ","):
        return False
    if paren_before(doc, i, 15) < 0:  # "(Hile-Alifa, Logone-et-Chari, Extreme-Nord)": 3 tokens a name
        return False
    for k in range(end, min(len(doc), end + 12)):
        if doc[k].text == ")":
            return True
        if doc[k].text in ("(", ".", ";"):
            return False
    return False


def _after_unit(doc, i: int) -> bool:
    """Does the parenthesis holding doc[i] follow a name or a unit word: "Sega town (Ugenya, Siaya County)"?"""
    k = paren_before(doc, i, 15)
    return k > 0 and (_is_cap(doc[k - 1]) or doc[k - 1].lower_ in _LOCAL_WORDS | _ADMIN2_WORDS)


def _article_joins(doc, k: int) -> bool:
    """Does doc[k] open an Arabic article that joins the capitalised word after it to the one before: "Khan
    al-Sabeel", "Wadi al Jarah", "Bab az Zawiyah"? The word before doc[k] is then no name of its own, nor the one
    after it (v15). An article that is an English word ("at", "as") counts only joined by a hyphen ("Laredo at KM")."""
    n = len(doc)
    if not (0 < k < n - 1 and doc[k].lower_ in _ARTICLES and _is_cap(doc[k - 1]) and doc[k - 1].whitespace_):
        return False
    if k + 2 < n and doc[k + 1].text == "-" and not doc[k].whitespace_ and not doc[k + 1].whitespace_:
        return _is_cap(doc[k + 2])
    return doc[k].lower_ not in _ENGLISH_WORDS and _is_cap(doc[k + 1])


@functools.lru_cache(maxsize=65536)
def _variants(key: str, mid: bool = False) -> tuple[str, ...]:
    """Spelling variants tried only when the exact name is not in the gazetteer: "al-bab" <-> "al bab". `mid`: the
    name does not open its sentence, so a capitalised "As" or "Ad" before it is its Arabic article ("in As Sweida
    countryside", "in Ad Dhale"), not an English word."""
    out = []
    if " e " in key:  # the Persian ezafe written apart: "bandar e mahshahr", "mazar e sharif" (GeoNames "-e ")
        out.append(key.replace(" e ", "-e "))
    head, sep, rest = key.partition("-")
    if sep and head in _ARTICLES and rest:
        out += [f"{head} {rest}", rest]
    head, sep, rest = key.partition(" ")
    if sep and head in _ARTICLES and rest:
        out += [f"{head}-{rest}"]
        if head not in _ENGLISH_WORDS or mid:
            out.append(rest)  # "Ar Raqqa" -> "raqqa"; not "As Zimbabwe's" -> "zimbabwe"
    # last, the folded spelling, which only an Arabic name of the index has (gazetteer_fold.fold): "Ain Issa" for
    # `Ayn `Isa, "Amadiya" for Al `Amadiyah; not after an English word opening the sentence ("At Tanf" may be "at")
    f = fold(key)
    if f and (mid or head not in _ENGLISH_WORDS or not sep):
        out.append(FOLDED + f)
    return tuple(out)


def _town_comma_unit(doc, i: int, end: int, es: int, ee: int) -> bool:
    """Is doc[i:end] one side of an entity "Town, Unit" that a locative word or a verb leads to, which the tagger read as one
    organisation or person ("in [Cuernavaca, Morelos]ORG, a man was beaten")? Each side is then judged as
    unlabelled."""
    commas = [k for k in range(es, ee) if doc[k].text == ","]
    # ... or a verb leads to ("shelled [Novopetrivka, Mykolaiv]ORG")
    if len(commas) != 1 or es == 0 or not (doc[es - 1].lower_ in _LOCATIVE or doc[es - 1].tag_ in ("VBD", "VBN")):
        return False
    c = commas[0]
    return (i == es and end == c) or (i == c + 1 and end == ee)


def _of_unit(doc, i: int, end: int, ee: int) -> bool:
    """Does doc[i:end] close an entity after "of", a unit word following it: "[Speney Adda of Herat]ORG city",
    "[Khawash valley of Baghlan]ORG province"? The tagger joined a place and the unit it lies in; the unit is judged
    as unlabelled."""
    return (ee == end and i > 0 and doc[i - 1].lower_ == "of" and end < len(doc)
            and doc[end].lower_ in _TOWN_WORDS | _ADMIN_WORDS | _ADMIN2_WORDS)


def _placing_word(doc, m: _Mention) -> str:
    """The word before the name, past words of where in it (`_DIRECTION_WORDS`): "in" of "demonstrated in central
    Joensuu", which places the town as "in Joensuu" does. Not past "the": "at the Karma Mine", "at the Sea of Japan"
    name no town."""
    k = m.start_tok - 1
    while k >= 0 and doc[k].lower_ in _DIRECTION_WORDS:
        k -= 1
    return doc[k].lower_ if k >= 0 else ""


def _word_before(doc, i: int) -> int:
    """The index of the word before token i, past words of where in it and "the" ("in" of "in the northern
    suburbs"); -1 at the start of the Doc."""
    k = i - 1
    while k >= 0 and (doc[k].lower_ in _DIRECTION_WORDS or doc[k].lower_ == "the"):
        k -= 1
    return k
