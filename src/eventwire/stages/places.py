"""Place mentions: toponym recognition over a spaCy Doc and resolution to gazetteer entries.

Stage `eventwire.places.geonames.v2`. Reads the Doc (tokens, POS tags, sentence starts, entities), writes
`Place` records with character offsets into `doc.text`.

Recognition is not bound to NER labels (the small English model tags Aleppo as NORP): candidate spans are
capitalised token sequences (1-5 words, with inner "of"/"and"/"the"/"al-" and hyphens), matched longest first
against the gazetteer. A match is kept when

* it lies in no DATE, CARDINAL, ... entity, and in a PERSON/ORG/PRODUCT entity only when it is the whole
  entity (then it is judged as if unlabelled; a PERSON one also needs "in"/"from"/... or a list of places before
  it: the small model tags Nottingham and Botswana PERSON);
* it is not a demonym ("Iraqi") passed in by the caller, follows no title ("Mrs Kong") and precedes no word of
  places.yaml `not_place_after` ("Reston ebolavirus");
* a common word ("However", stop words, our `not_places` list) is kept only as a whole GPE/LOC entity;
* it is not glued to other proper nouns ("Human Rights Watch"), feature, direction and role words aside
  ("Idlib Province", "West Bank", "DRC President");
* without a GPE/LOC/FAC label every capitalised word must be tagged as a proper noun, a single word must not be
  part of a person's name elsewhere in the article, and the chosen entry must be a country/region or a large
  city (smaller when its country is named in the article).
When the longest name found at a token is rejected, its parts are not tried on their own ("Hong Kong flu").

Resolution is per surface form (one sense per discourse), in two passes: the candidates of a name are scored by
log population, feature type (country > region > admin1 > city; capitals), the exact primary name, countries
named in the article (`countries_hint` first, then country mentions found here, by frequency), "X, Y" pairs
("Paris, Texas") and a penalty for hamlets; the second pass adds the countries of, and distance to, the confident
first-pass choices for the other names of the article.

v2: first-level divisions (ISO 3166-2 names, see eventwire.admin1) are places of their own (feature "admin1");
a name marked as a division ("X province", "province of X", "City (X)") is resolved apart from the same name
used bare ("San Juan (San Juan)": the city, then the province) and only to divisions; "City (Division)" pairs
like "City, Division"; a marked division counts as evidence for its country; a bare name that is also the name
of a sizeable town of the division's country means the town ("Lagos", "Madrid").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from eventwire.gazetteer import GeoEntry, Gazetteer, get_gazetteer, haversine_km, normalize
from eventwire.lexicons import CALENDAR_NAMES
from eventwire.records import Place

STAGE = "eventwire.places.geonames.v6"  # v6: "X, Y" and "X - Y" (ACLED) patterns; entities across brackets unlabelled
# a place named in the dateline ("BAMAKO, March 9 (Reuters) -"): where the story was filed. A mention of the text,
# but never an event's place, actor or target (`arguments.Index` leaves it out)
DATELINE = STAGE + ":dateline"
# a town named with a division its codes do not place it in is kept when it lies this close to the division's point
NEAR_UNIT_KM = 300.0

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# a match inside one of these is dropped; inside a PERSON/ORG/PRODUCT entity it counts only when it is the
# whole entity ("Idlib" tagged ORG, "Nottingham" tagged PERSON after "in")
_WHOLE_ONLY_LABELS = frozenset({"PERSON", "ORG", "PRODUCT", "LANGUAGE"})  # "Odesa" tagged LANGUAGE
_LOCATIVE = frozenset({"in", "from", "to", "near", "at", "of", "across", "into", "outside", "around", "toward",
                       "towards", "throughout", "via", "between", "within", "inside", "through", "over"})
_SKIP_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL",
                          "WORK_OF_ART", "LAW", "EVENT"})
_CONNECTORS = frozenset({"of", "and", "the", "de", "del", "da", "do", "dos", "das", "al", "el", "la", "le", "les",
                         "du", "des", "on", "upon", "am", "an", "der", "-", "'", "’", "&"})
_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ath", "ed", "en", "es", "et", "ul"})
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
                              "mid", "inner", "outer"})
# "DRC President", "Iraqi Army": a place name before one of these still names the place
_ROLE_WORDS = frozenset({"president", "prime", "minister", "ministry", "foreign", "defence", "defense", "interior",
                         "health", "army", "police", "government", "parliament", "governor", "mayor", "ambassador",
                         "embassy", "officials", "official", "forces", "troops", "military", "navy", "king",
                         "queen", "premier", "chancellor", "authorities", "authority", "council", "province",
                         "provincial", "regional", "national", "state", "people", "residents", "airport"})
_FEATURE_BONUS = {"country": 6.0, "region": 5.0, "sea": 5.0, "admin1": 3.0, "city": 0.0}
# a word after a name (or "province of" before it) that marks it as a first-level division: "Rio Negro province"
_ADMIN_WORDS = frozenset({"province", "state", "region", "department", "governorate", "oblast", "prefecture",
                          "provincia", "estado", "departamento", "canton", "emirate", "voivodeship", "krai"})
# a word after a name that marks it as a second-level division: "Birbhum district", "Ugenya sub-county"
_ADMIN2_WORDS = frozenset({"district", "county", "tehsil", "taluk", "taluka", "subdistrict", "municipality",
                           "commune", "parish", "subdivision", "mandal", "raion", "rayon", "lga", "sub-county",
                           "subcounty", "okrug", "arrondissement", "department", "departement"})
# a word after a name that says it is a place smaller than the division that follows: "Sega town (Ugenya)"
_LOCAL_WORDS = frozenset({"town", "village", "hill", "hills", "area", "city", "camp", "settlement", "locality",
                          "ward", "suburb", "quarter", "township", "neighbourhood", "neighborhood", "market",
                          "mountain", "valley", "forest", "locale", "sector", "cell", "colony", "hamlet"})
# prepositions that place what follows them ("in Hall", "near Side"): support for a small town far from the story
_PLACING = frozenset({"in", "near", "at", "outside", "around", "into", "inside", "from", "towards", "toward"})
_NEAR = frozenset({"near", "outside", "around", "nearby", "close"})
# short country names two states share; the article's other places and actors decide between them
_SHARED_COUNTRY_NAMES = {"congo": ("COD", "COG"), "korea": ("KOR", "PRK")}
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


def dateline_span(text: str) -> tuple[int, int] | None:
    """The (start, end) of the place of a leading dateline ("BAMAKO, March 9 (Reuters) -" -> "BAMAKO"): where
    the story was filed, not where its events happened. A Title-case place needs a date or an outlet with it."""
    m = _DATELINE.match(text[:200])
    if m is None:
        return None
    if m.group("title") and not (m.group("date") or m.group("outlet")):
        return None
    g = "caps" if m.group("caps") else "title"
    return m.start(g), m.end(g)


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

    @property
    def feature_ok(self) -> bool:
        """Can this mention's reading serve as the unit that holds another?"""
        return self.entry is not None and self.entry.feature in ("city", "admin2", "admin1", "region", "country")

    @property
    def group(self) -> str:
        """Resolution unit: one sense per discourse, but "San Juan (San Juan)" names a city and a province."""
        return self.key + "\x00admin" if self.cue else self.key + "\x00admin2" if self.cue2 else self.key


def _ent_arrays(doc) -> tuple[list[str], list[int], list[int]]:
    n = len(doc)
    label = [""] * n
    ent_start = [-1] * n
    ent_end = [-1] * n
    for ent in doc.ents:
        # an entity the tagger ran across a bracket ("[Rawson (Chubut]ORG)") or a spaced dash ("[Chisinau -
        # Buiucani]ORG", ACLED's "City - District") is cut there into its pieces. Its label is no reading of
        # the pieces: unless it is a place label, they are judged as unlabelled ("[Mondoro (Douentza,
        # Mopti]ORG", "[Rimini (Rimini, Emilia-Romagna]WORK_OF_ART")
        pieces, s = [], ent.start
        for i in range(ent.start, ent.end):
            if doc[i].text in _BRACKETS or _spaced_dash(doc, i):
                pieces.append((s, i))
                s = i + 1
        pieces.append((s, ent.end))
        lab = ent.label_ if len(pieces) == 1 or ent.label_ in _PLACE_LABELS else ""
        for s, e in pieces:
            for i in range(s, e):
                label[i] = lab
                ent_start[i] = s if lab else -1
                ent_end[i] = e if lab else -1
    return label, ent_start, ent_end


def _spaced_dash(doc, i: int) -> bool:
    """A dash with space on both sides between two names: "Aleppo - Sheikh Maqsoud"."""
    return (doc[i].text in ("-", "\u2013", "\u2014") and 0 < i < len(doc) - 1
            and bool(doc[i - 1].whitespace_) and bool(doc[i].whitespace_))


def _is_cap(tok) -> bool:
    t = tok.text
    if t[:1].isupper():
        return tok.is_alpha or "." in t or "'" in t or "-" in t
    # "d'Ivoire", "l'Aquila"
    return len(t) > 2 and t[0] in "dl" and t[1] in "'\u2019" and t[2:3].isupper()


def _startable(doc, i: int) -> bool:
    tok = doc[i]
    if _is_cap(tok):
        return True
    # "al-Bab", "el-Arish": an Arabic article joined by a hyphen to a capitalised word
    return (tok.lower_ in _ARTICLES and i + 2 < len(doc) and doc[i + 1].text == "-"
            and not doc[i].whitespace_ and _is_cap(doc[i + 2]))


_CALENDAR_WORDS = CALENDAR_NAMES | {"today", "tonight"}
_UNIT_WORDS = {"municipality", "province", "district", "department", "city", "town", "village", "county", "region",
               "area", "governorate", "state", "commune", "prefecture", "locality", "neighbourhood", "neighborhood"}


def _last_in_parens(doc, i: int, end: int) -> bool:
    """Is doc[i:end] the last item of a short parenthesis, "(X)" or "(Capital, X)"? There it names the larger
    unit the name before the parenthesis lies in."""
    if end >= len(doc) or doc[end].text != ")" or i == 0:
        return False
    if doc[i - 1].text == "(":
        return True
    if doc[i - 1].text != ",":
        return False
    for k in range(i - 2, max(-1, i - 9), -1):
        if doc[k].text == "(":
            return True
        if doc[k].text in (")", ".", ";"):
            return False
    return False


_NAME_ARTICLES = frozenset({"a", "o", "la", "le", "el", "les", "los", "las", "the", "al"})


def _after_unit(doc, i: int) -> bool:
    """Does the parenthesis holding doc[i] follow a name or a unit word: "Sega town (Ugenya, Siaya County)"?"""
    for k in range(i - 1, max(-1, i - 9), -1):
        if doc[k].text == "(":
            return k > 0 and (_is_cap(doc[k - 1]) or doc[k - 1].lower_ in _LOCAL_WORDS | _ADMIN2_WORDS)
        if doc[k].text in (")", ".", ";"):
            return False
    return False


def _variants(key: str) -> list[str]:
    """Spelling variants tried only when the exact name is not in the gazetteer: "al-bab" <-> "al bab"."""
    out = []
    head, sep, rest = key.partition("-")
    if sep and head in _ARTICLES and rest:
        out += [f"{head} {rest}", rest]
    head, sep, rest = key.partition(" ")
    if sep and head in _ARTICLES and rest:
        out += [f"{head}-{rest}", rest]  # "Ar Raqqa" -> "raqqa"
    return out


class PlaceFinder:
    """Holds the gazetteer; `__call__` is `find_places`."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gaz = gazetteer or get_gazetteer()
        self.not_place_after = self.gaz.lexicon_words("not_place_after")

    # ------------------------------------------------------------------ recognition
    def _lookup(self, key: str) -> str | None:
        if self.gaz.has_key(key):
            return key
        for v in _variants(key):
            if self.gaz.has_key(v):
                return v
        return None

    def _spans(self, doc, text: str, label, ent_start, ent_end, demonyms: frozenset[str],
               person_words: frozenset[str]) -> list[_Mention]:
        n = len(doc)
        # Token.is_sent_start scans the whole Doc on every call (has_annotation): read sentences once
        sent_starts = {s.start for s in doc.sents} if doc.has_annotation("SENT_START") or \
            doc.has_annotation("DEP") else set()
        out: list[_Mention] = []
        i = 0
        while i < n:
            if not _startable(doc, i) or label[i] in _SKIP_LABELS:
                i += 1
                continue
            # extend to the right over capitalised words and connectors, within the sentence
            ends: list[int] = []  # candidate exclusive ends, tokens
            words = 0
            j = i
            while j < n and j - i < _MAX_TOKENS:
                t = doc[j]
                if j > i and j in sent_starts:
                    break
                if label[j] in _SKIP_LABELS:
                    break
                if _is_cap(t) or (j == i and _startable(doc, i)):
                    words += 1
                    if words > _MAX_WORDS:
                        break
                    ends.append(j + 1)
                elif t.lower_ in _CONNECTORS or t.text in ("-", "'"):
                    if t.lower_ not in ("-", "'", "’"):
                        words += 1
                else:
                    break
                j += 1
            next_i = i + 1
            for end in reversed(ends):
                raw = text[doc[i].idx: doc[end - 1].idx + len(doc[end - 1])]
                key = self._lookup(normalize(raw))
                if key is None:
                    continue
                prev_end = out[-1].end_tok if out else -9
                m = self._accept(doc, i, end, key, label, ent_start, ent_end, demonyms, person_words,
                                 sent_starts, prev_end)
                if m is not None:
                    out.append(m)
                # the longest name found decides: when it is rejected ("Hong Kong flu"), its parts are not
                # tried on their own ("Hong", "Kong")
                next_i = end
                break
            i = next_i
        return out

    def _accept(self, doc, i, end, key, label, ent_start, ent_end, demonyms, person_words,
                sent_starts, prev_end) -> _Mention | None:
        labels = {label[k] for k in range(i, end)}
        if labels & _SKIP_LABELS:
            return None
        if key in demonyms or (key.endswith("s") and key[:-1] in demonyms):
            return None
        lab = label[i]
        # "Y" of "X, Y" after a place or a unit word: "Mala Shestirnya, Kherson", "Artuklu town, Mardin",
        # "Malistan district, Ghazni", "Lobacheve (west), Luhansk"
        after_place = i >= 2 and doc[i - 1].text == "," and (
            label[i - 2] in ("GPE", "LOC") or doc[i - 2].lower_ in _LOCAL_WORDS | _ADMIN2_WORDS
            or doc[i - 2].text == ")")
        if labels & _WHOLE_ONLY_LABELS:
            # the match must be the whole entity (a trailing possessive aside): "Angola's" tagged ORG
            es, ee = ent_start[i], ent_end[i]
            if ee - 1 > es and doc[ee - 1].tag_ == "POS":
                ee -= 1
            whole = len(labels) == 1 and (es == i or (es == i - 1 and doc[es].lower_ == "the")) and ee == end
            if not whole:
                # a longer gazetteer name the tagger cut into pieces ("General [Pico]PERSON", "[San Fernando]GPE
                # del [Valle de Catamarca]ORG"): kept when every entity lies inside it and a place label or a
                # locative word leads to it; judged as unlabelled unless a place label starts it
                inside = all(ent_start[k] >= i and ent_end[k] <= end for k in range(i, end) if label[k])
                prev = doc[i - 1].lower_ if i > 0 else ""
                if not (inside and sum(_is_cap(doc[k]) for k in range(i, end)) >= 2
                        and (label[i] in ("GPE", "LOC") or prev in _LOCATIVE)):
                    return None
                lab = label[i] if label[i] in ("GPE", "LOC") else ""
            else:
                if lab == "PERSON":
                    # a person's name unless a locative word or a list of places leads to it ("in Nottingham")
                    k = i - 1 if i > 0 and doc[i - 1].lower_ != "the" else i - 2
                    while k > 0 and doc[k].lower_ in _DIRECTION_WORDS:  # "in central Mali"
                        k -= 1
                    prev = doc[k].lower_ if k >= 0 else ""
                    # ... or it is the object of a verb ("shelled Kherson"), still gated by population
                    obj_of_verb = end - i == 1 and doc[i].dep_ == "dobj" and doc[i].head.pos_ == "VERB"
                    # ... or it closes a parenthesis after a place: "Monte Grande (Buenos Aires)"
                    in_parens = _last_in_parens(doc, i, end) and (prev_end >= i - 3 or _after_unit(doc, i))
                    # ... or it closes "X, Y" after a place or a unit word (`after_place`)
                    if not (prev in _LOCATIVE or (prev in (",", "and", "or") and prev_end >= k - 1) or obj_of_verb
                            or in_parens or after_place):
                        return None
                lab = ""  # judged as unlabelled (gated by population)
        whole_ent = ent_end[i] == end and (ent_start[i] == i or (ent_start[i] == i - 1
                                                                 and doc[i - 1].lower_ == "the"))
        n = len(doc)
        if i > 0 and doc[i - 1].lower_.rstrip(".") in _PERSON_TITLES:
            return None  # "Mrs Kong", "Dr. Hatem"
        if end < n and doc[end].lower_ in self.not_place_after:
            return None  # "Reston ebolavirus", "Marburg virus" (places.yaml: not_place_after)
        common = key in self.gaz.not_places or (end - i == 1 and doc[i].is_stop)
        if common and not (lab in ("GPE", "LOC") and whole_ent):
            return None  # "However", "West" (of "West Java"): only a whole GPE/LOC entity may be a common word
        if end - i == 1 and doc[i].text.isupper() and len(doc[i].text) <= 4 and not (
                lab in ("GPE", "LOC") and whole_ent) and not any(
                e.feature in ("country", "region", "admin1") for e in self.gaz.candidates_key(key)):
            return None  # acronyms ("FAO", "DOH") are organisations far more often than towns
        if lab not in _PLACE_LABELS:
            # no place label: every capitalised word must be a proper noun (drops "However", "Hundreds")
            for k in range(i, end):
                t = doc[k]
                if k == i and end - i > 1 and t.lower_ in _NAME_ARTICLES:
                    continue  # "A Coruna", "La Paz", "El Fasher": the article of the name
                if _is_cap(t) and t.tag_ not in ("NNP", "NNPS") and not after_place:
                    return None
            # a word used in a person's name elsewhere in the article ("Maya Harden" ... "Harden said")
            if end - i == 1 and key in person_words:
                return None
        # part of a longer proper name: "Human Rights Watch", "Buffalo Science Magnet School" (FAC)
        if not (lab in _PLACE_LABELS and whole_ent) and self._inside_name(doc, i, end, sent_starts):
            return None
        cue2 = end < n and doc[end].lower_ in _ADMIN2_WORDS and doc[end].lower_ not in _ADMIN_WORDS
        cue = not cue2 and ((end < n and doc[end].lower_ in _ADMIN_WORDS)
                            or (i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in _ADMIN_WORDS)
                            or _last_in_parens(doc, i, end))
        k = i - 1
        while k >= 0 and (doc[k].lower_ in _DIRECTION_WORDS or doc[k].lower_ == "the"):
            k -= 1
        led = k >= 0 and doc[k].lower_ in _LOCATIVE  # "in Tessalit", "near the town", "in northern Tessalit"
        return _Mention(i, end, key, lab, cue=cue, cue2=cue2, led=led)

    def _inside_name(self, doc, i: int, end: int, sent_starts) -> bool:
        """Is doc[i:end] glued to capitalised proper nouns that are not feature or direction words?"""
        def name_word(k: int) -> bool:
            t = doc[k]
            return (_is_cap(t) and t.tag_ in ("NNP", "NNPS") and not t.is_stop
                    and k not in sent_starts)

        if end < len(doc) and end not in sent_starts and doc[end - 1].whitespace_ and name_word(end):
            if doc[end].lower_ not in _FEATURE_WORDS and doc[end].lower_ not in _ROLE_WORDS and \
                    doc[end].lower_ not in _CALENDAR_WORDS:  # "in southeastern Serbia Friday"
                return True
        if i > 0 and i not in sent_starts and name_word(i - 1) and doc[i - 1].whitespace_:
            if doc[i - 1].lower_ not in _DIRECTION_WORDS and doc[i - 1].lower_ not in _FEATURE_WORDS:
                return True
        return False

    # ------------------------------------------------------------------ resolution
    def _gate(self, m: _Mention, e: GeoEntry, hint: Collection[str]) -> bool:
        """Is entry `e` plausible for a mention without a place label?"""
        if m.label in _PLACE_LABELS or m.paired or m.container >= 0 or (m.unit and e.population >= 10_000):  # a small town vouched for by its division: "Villa Iris (Buenos Aires)"
            return True
        if e.feature != "city":
            return True
        name = normalize(e.name)
        if name != m.key and not m.key.startswith(name + " ") and SequenceMatcher(None, name, m.key).ratio() < 0.75:
            return False  # an alternate name, no mere respelling, without a place label: "Hamas" is not Hamm
        if e.population >= 100_000:
            return True
        if e.country in hint and m.led and m.label != "NORP":
            return True  # a town of the story's country after "in", "of", "near": any size (GeoNames says 0 for unknown)
        return e.country in hint and e.population >= 5_000 and m.label != "NORP"

    def _resolve(self, doc, text: str, mentions: list[_Mention],
                 countries_hint: Sequence[str]) -> dict[str, float]:
        """Set `entry` on every mention; return the country weights used (ISO3 -> 0.4..1).

        Two passes: the first scores each name on its own (population, feature, the caller's hint and the
        countries named in the article); its confident choices then give the context (countries of the places
        named, points to be near) for the second."""
        gaz = self.gaz
        cands: dict[str, list[GeoEntry]] = {}
        labelled: set[str] = set()
        freq: Counter[str] = Counter()
        in_hierarchy = {mentions[m.container].group for m in mentions if m.container >= 0} | {
            m.group for m in mentions if m.container >= 0}
        for m in mentions:
            g = m.group
            if g not in cands:
                c = gaz.candidates_key(m.key) if m.key else []
                if m.key in _SHARED_COUNTRY_NAMES:  # "Congo": either state, as the article's context says
                    have = {e.country for e in c if e.feature == "country"}
                    c = c + [x for iso in _SHARED_COUNTRY_NAMES[m.key] if iso not in have
                             for x in [gaz.country(iso)] if x is not None]
                if m.cue:  # "La Pampa province", "(San Juan)": the division, not a town of that name
                    c = [e for e in c if e.feature in ("admin1", "region")] or c
                elif m.cue2:  # "Birbhum district", "Siaya County": a division, of either level
                    c = [e for e in c if e.feature in ("admin2", "admin1", "region")] or c
                elif g not in in_hierarchy:
                    # a bare name means a second-level division only when it is the division's own name
                    # ("Birbhum"), not the name less its designator ("Hall" of "Hall County")
                    c = [e for e in c if e.feature != "admin2" or normalize(e.name) == m.key]
                cands[g] = c
            freq[g] += 1
            if m.label in _PLACE_LABELS:
                labelled.add(g)
        # countries named in the article, most frequent first; the caller's hint first. A division marked as
        # one ("Rio Negro province") counts for its country when all its readings lie in one country.
        counts: Counter[str] = Counter()
        for key, c in cands.items():
            if c and c[0].feature == "country":
                counts[c[0].country] += freq[key]
            elif c and c[0].feature == "admin1" and c[0].country and len(
                    {e.country for e in c if e.feature in ("admin1", "region")}) == 1:
                counts[c[0].country] += freq[key]  # "Rio Negro province", "(La Pampa)", "Queensland"
        hint_rank: dict[str, float] = {}
        for r, iso in enumerate(countries_hint):
            hint_rank.setdefault(iso, max(0.4, 1.0 - 0.2 * r))
        for r, (iso, _) in enumerate(counts.most_common()):
            hint_rank.setdefault(iso, max(0.4, 1.0 - 0.2 * r))
        self._paren_constraint(doc, mentions, cands)
        pair_bonus = self._pairs(doc, text, mentions, cands)

        first = {key: self._best(key, c, hint_rank, (), pair_bonus) for key, c in cands.items() if c}
        where: dict[str, list[int]] = {}
        for m in mentions:
            where.setdefault(m.group, []).append(doc[m.start_tok].idx)
        # context from confident first choices: places with a place label or of some size
        anchors: list[tuple[str, GeoEntry, float]] = []  # (name, entry, weight by distance in the text)
        implied: Counter[str] = Counter()
        for key, e in first.items():
            if e.feature == "country":
                continue
            if key in labelled or e.feature != "city" or e.population >= 10_000:
                anchors.append((key, e, 0.0))
                if e.country:
                    implied[e.country] += freq[key]
        for iso, _ in implied.most_common():
            hint_rank.setdefault(iso, 0.5)
        # admin hierarchy consistency: the countries the article's other places lie in (first-pass choices)
        placed: Counter[str] = Counter()
        for key, e in first.items():
            if e.country:
                placed[e.country] += freq[key]
        total = sum(placed.values())
        chosen = {}
        for key, c in cands.items():
            if not c:
                continue
            own = Counter(e.country for e in [first[key]] if e.country) if key in first else Counter()
            rest = total - sum(own.values())
            share = {iso: (n - own[iso]) / rest for iso, n in placed.items()} if rest > 0 else {}
            near = []
            for k, e, _ in anchors:
                if k == key:
                    continue
                gap = min(abs(a - b) for a in where[key] for b in where[k])
                near.append((k, e, 1.0 if gap < 400 else 0.6 if gap < 1500 else 0.35))
            chosen[key] = self._best(key, c, hint_rank, near, pair_bonus, share)
        self._country_or_division(cands, chosen, freq)
        for m in mentions:
            m.entry = chosen.get(m.group)
            m.paired = m.entry is not None and pair_bonus.get((m.group, id(m.entry)), 0.0) >= 3.0
        return hint_rank

    @staticmethod
    def _country_or_division(cands: dict[str, list[GeoEntry]], chosen: dict[str, GeoEntry],
                             freq: Counter[str]) -> None:
        """"Georgia" among American places is the state: a country reading that nothing else in the article
        supports gives way to a division of a country that at least two other mentions point to."""
        support: Counter[str] = Counter()
        for key, e in chosen.items():
            if e.country:
                support[e.country] += freq[key]
        for key, e in chosen.items():
            if e.feature != "country":
                continue
            own = freq[key]
            if support[e.country] > own:
                continue  # the country is named or implied elsewhere too
            alt = [d for d in cands[key] if d.feature == "admin1" and d.country != e.country
                   and support[d.country] >= 2]
            if alt:
                chosen[key] = max(alt, key=lambda d: (support[d.country], d.population))

    @staticmethod
    def _paren_constraint(doc, mentions, cands: dict[str, list[GeoEntry]]) -> None:
        """"Nelson (Santa Fe)", "San Fernando (Buenos Aires)": the division in the parenthesis says which country
        the name before it lies in. Readings in other countries contradict the text and are dropped, even when
        that leaves none (a town the gazetteer lacks is better unplaced than put in New Zealand)."""
        for x, a in enumerate(mentions):
            k = a.end_tok + (1 if a.end_tok < len(doc) and doc[a.end_tok].lower_ in _UNIT_WORDS else 0)
            if k >= len(doc) or doc[k].text != "(" or x + 1 >= len(mentions):
                continue  # "Monte Grande municipality (Buenos Aires)" too
            b = mentions[x + 1]
            if b.start_tok != k + 1 or not _last_in_parens(doc, b.start_tok, b.end_tok):
                continue
            outer = [e for e in cands.get(b.group, []) if e.feature in ("admin1", "region", "country")]
            countries = {e.country for e in outer}
            if len(countries) != 1 or a.group == b.group:
                continue
            (iso,) = countries
            cands[a.group] = [e for e in cands.get(a.group, []) if e.country == iso]

    @staticmethod
    def _pairs(doc, text, mentions, cands) -> dict[tuple[str, int], float]:
        """Bonus for readings that make "X, Y" or "X (Y)" consistent: Paris, Texas / Tripoli, Lebanon /
        Santa Rosa (La Pampa). A division that could not be tied to a GeoNames code (its admin1 is the ISO
        code, "AR-L") vouches for its country only."""
        bonus: dict[tuple[str, int], float] = {}
        pairs: list[tuple[_Mention, _Mention, bool]] = []
        for a, b in zip(mentions, mentions[1:]):
            between = text[doc[a.end_tok - 1].idx + len(doc[a.end_tok - 1]): doc[b.start_tok].idx].strip()
            if between == ",":
                pairs.append((a, b, False))
        for x, a in enumerate(mentions):
            # "City (Division)", "City (Capital, Division)": every name inside the parenthesis
            if a.end_tok < len(doc) and doc[a.end_tok].text == "(":
                for b in mentions[x + 1:x + 4]:
                    if not _last_in_parens(doc, b.start_tok, b.end_tok) and not (
                            b.end_tok < len(doc) and doc[b.end_tok].text in (",", ")")):
                        break
                    if any(doc[k].text == ")" for k in range(a.end_tok, b.start_tok)):
                        break
                    pairs.append((a, b, True))
        for a, b, paren in pairs:
            ga, gb = a.group, b.group
            if ga == gb:
                continue
            for y in cands[gb]:
                if y.feature not in ("admin1", "country"):
                    continue
                for x in cands[ga]:
                    if x.feature != "city" or x.country != y.country:
                        continue
                    if y.feature == "country" or x.admin1 == y.admin1 or x.admin1 is None or y.admin1 is None:
                        w = 4.0
                    elif "-" in y.admin1:
                        w = 3.0
                    else:
                        w = 1.0 if paren else 0.0
                    if w > bonus.get((ga, id(x)), 0.0):
                        bonus[(ga, id(x))] = w
                    if w > bonus.get((gb, id(y)), 0.0):
                        bonus[(gb, id(y))] = w
        return bonus

    @staticmethod
    def _best(key: str, cands: list[GeoEntry], hint_rank: dict[str, float],
              anchors: Sequence[tuple[str, GeoEntry, float]],
              pair_bonus: dict[tuple[str, int], float], share: dict[str, float] | None = None) -> GeoEntry:
        if len(cands) == 1:
            return cands[0]
        group = key
        key, _, cued = group.partition("\x00")
        # a national capital of exactly this name: a bare "Washington" is the capital, not the state
        capital = {e.country for e in cands if e.feature == "city" and e.capital and e.population >= 100_000
                   and normalize(e.name).split(",")[0] == key}
        towns = {e.country for e in cands if e.feature == "city" and normalize(e.name) == key}
        # countries with a sizeable town of exactly this name: there a lone "Lagos", "San Juan", "Madrid"
        # means the town, not the ISO 3166-2 division named after it (unless marked as a division)
        namesake = set() if cued else {e.country for e in cands if e.feature == "city" and e.population >= 50_000
                                       and normalize(e.name) == key}
        best, best_s = cands[0], -math.inf
        for e in cands:
            # GeoNames population 0 means unknown, not empty: count it as a small town
            if e.feature == "city":
                pop, bonus = e.population or 2_000, 0.0
            elif e.feature == "admin2":
                # its population sums its towns; a district bare-named beside a town of that name is the town
                pop, bonus = e.population or 2_000, (2.0 if cued else -2.0 if e.country in towns else 0.0)
            elif e.feature == "admin1" and not e.population:
                pop, bonus = 100_000, 1.0  # a division tied to no GeoNames code: size unknown
            elif e.iso_division:
                # an ISO 3166-2 division (eventwire.admin1): its population sums its towns, so it is worth less
                # than the same sum for a curated division or a US state
                pop, bonus = max(e.population, 1_000_000), 1.5
            else:
                pop, bonus = max(e.population, 1_000_000), _FEATURE_BONUS[e.feature]
            s = math.log10(pop + 10) + bonus
            if e.iso_division and e.country in namesake:
                s -= 5.0  # only ISO 3166-2 divisions: a curated one or a US state ("Washington") keeps its rank
            if e.feature == "admin1" and not cued and e.country in capital:
                s -= 5.0  # "Washington" said: the capital; "Washington state" stays the state
            if share:
                s += 2.0 * share.get(e.country, 0.0)
            if e.capital:
                s += 1.5
            if normalize(e.name) == key:
                s += 1.0
            if e.country in hint_rank:
                s += 3.0 * hint_rank[e.country]
            if e.feature == "city" and 0 < e.population < 1000:
                s -= 1.0
            # near the other places of the article, more so when they are named close by in the text
            prox = 0.0
            for _, a, w in anchors:
                d = haversine_km(e.lat, e.lon, a.lat, a.lon)
                prox = max(prox, w * (2.0 if d < 100 else 1.0 if d < 300 else 0.5 if d < 1000 else 0.0))
            s += prox
            s += pair_bonus.get((group, id(e)), 0.0)
            if s > best_s:
                best, best_s = e, s
        return best

    # ------------------------------------------------------------------ hierarchy patterns
    @staticmethod
    def _head_before(doc, j: int, covered: set[int], label) -> tuple[int, int] | None:
        """Capitalised words ending at token j (inclusive) that no mention covers: a name the gazetteer lacks."""
        k = j
        while k >= 0 and j - k < 4 and _is_cap(doc[k]) and k not in covered and label[k] not in _SKIP_LABELS:
            k -= 1
        return (k + 1, j + 1) if k < j else None

    def _hierarchy(self, doc, mentions: list[_Mention], label) -> list[_Mention]:
        """Link each name to the unit named after it: "X (Y, Z)", "X town (Y)", "X tehsil (Y district)",
        "X area of Y". A name the gazetteer lacks becomes a mention of its own (key "") when a unit word follows
        it or a locative word leads to it. Returns the mentions, in text order, with `container` set."""
        n = len(doc)
        covered = {k for m in mentions for k in range(m.start_tok, m.end_tok)}
        starts = {m.start_tok: m for m in mentions}
        ends = {m.end_tok: m for m in mentions}
        links: list[tuple[_Mention, _Mention]] = []
        for k in range(1, n - 1):
            t = doc[k]
            inner: _Mention | None = None
            if t.text == "(":  # the first name inside a short parenthesis
                for x in range(k + 1, min(n, k + 12)):
                    if doc[x].text in (")", "(", ".", ";"):
                        break
                    if x in starts:
                        inner = starts[x]
                        break
            elif t.text == "," and k + 1 in starts and (doc[k - 1].lower_ in _LOCAL_WORDS | _ADMIN2_WORDS
                                                         or (label[k - 1] in ("GPE", "LOC") and k - 1 not in covered)):
                # "Zmiivka village, Kherson", "Mala Shestirnya, Kherson": a place the gazetteer lacks, then its unit
                inner = starts[k + 1]
            elif t.lower_ in ("of", "in") and doc[k - 1].lower_ in _LOCAL_WORDS | _ADMIN2_WORDS:
                b = k + 2 if k + 2 < n and doc[k + 1].lower_ == "the" else k + 1
                inner = starts.get(b)
                if inner is not None and inner.cue:
                    inner = None  # "area of Idlib province": handled as a division already
            if inner is None:
                continue
            j = k - 1
            unit = doc[j].lower_ in _LOCAL_WORDS | _ADMIN2_WORDS | _ADMIN_WORDS and doc[j].is_lower
            if unit:
                j -= 1
            if t.text != "(" and j >= 2 and doc[j].text == ")":  # "Sida (Seedan) area of Duhok"
                o = next((x for x in range(j - 1, max(-1, j - 5), -1) if doc[x].text == "("), None)
                if o is None:
                    continue
                j = o - 1
            if j < 0:
                continue
            head = ends.get(j + 1)
            if head is None:
                span = self._head_before(doc, j, covered, label)
                if span is None:
                    continue
                s0, e0 = span
                prev = doc[s0 - 1].lower_ if s0 > 0 else ""
                if not unit and (prev not in _LOCATIVE or label[s0] in ("ORG", "NORP")) and not (
                        t.text == "," and label[s0] in ("GPE", "LOC")):
                    continue
                if any(_is_cap(doc[x]) and doc[x].is_stop for x in range(s0, e0)):
                    continue
                head = _Mention(s0, e0, "", "", text=doc[s0:e0].text)
                covered.update(range(s0, e0))
                mentions.append(head)
            if head is not inner:
                links.append((head, inner))
        mentions.sort(key=lambda m: m.start_tok)
        pos = {id(m): x for x, m in enumerate(mentions)}
        for a, b in links:
            a.container = pos[id(b)]
            b.unit = True
        return mentions

    @staticmethod
    def _fits(e: GeoEntry, unit: GeoEntry) -> bool:
        """Does reading `e` lie in (or near) the unit `unit` named beside it?"""
        if e.country != unit.country:
            return False
        if unit.feature == "admin1" and unit.admin1 and "-" not in unit.admin1 and e.admin1:
            return e.admin1 == unit.admin1
        if unit.feature == "admin2" and e.admin2:
            return e.admin2 == unit.name
        if unit.feature in ("city", "admin2"):
            return haversine_km(e.lat, e.lon, unit.lat, unit.lon) < 100
        return True

    def _contain(self, doc, mentions: list[_Mention]) -> None:
        """A name whose reading does not lie in the unit named after it, or that has no reading, is drawn at that
        unit: the first of the parenthesis that resolved ("(Busiga, Ngozi)": Ngozi when Busiga is unknown)."""
        for m in mentions:
            if m.container < 0:
                continue
            first = mentions[m.container]
            close = next((k for k in range(first.start_tok, min(len(doc), first.start_tok + 16))
                          if doc[k].text == ")"), first.end_tok)
            unit = None
            for b in mentions[m.container:m.container + 4]:
                if b.start_tok > close:
                    break
                if b.feature_ok:
                    unit = b.entry
                    break
            if unit is None or unit.feature == "country" and m.entry is not None:
                continue
            if m.entry is not None and self._fits(m.entry, unit):
                continue
            name = doc[m.start_tok:m.end_tok].text
            fitting = [e for e in self.gaz.candidates(name) if self._fits(e, unit)]
            if fitting:  # another place of that name lies in the unit: "San Martin (Mendoza)"
                m.entry = fitting[0]
            elif m.entry is not None and m.entry.country == unit.country and m.entry.feature != "country" \
                    and haversine_km(m.entry.lat, m.entry.lon, unit.lat, unit.lon) < NEAR_UNIT_KM:
                pass  # a town of the unit's country near it, where the unit's codes disagree (a capital district
                # named with its province: "Ciudad Autonoma de Buenos Aires (Buenos Aires)"): the town is more exact
            else:
                m.fallback = unit

    # ------------------------------------------------------------------ entry point
    def __call__(self, doc, countries_hint: Sequence[str] = (), demonyms: Collection[str] = ()) -> list[Place]:
        dem = frozenset(normalize(d) for d in demonyms)
        text = doc.text  # Doc.text joins every token on each access: read it once
        label, ent_start, ent_end = _ent_arrays(doc)
        person_words = frozenset(normalize(t.text) for e in doc.ents if e.label_ == "PERSON" and len(e) > 1
                                 for t in e if t.is_alpha and len(t) > 2)
        mentions = self._spans(doc, text, label, ent_start, ent_end, dem, person_words)
        mentions = self._hierarchy(doc, mentions, label)
        dl = dateline_span(text)
        hint = list(countries_hint)
        if dl is not None:  # where the story was filed: a hint for the other names, not a place of its events
            for e in self.gaz.candidates(text[dl[0]:dl[1]])[:1]:
                if e.country and e.country not in hint:
                    hint.append(e.country)
        weights = self._resolve(doc, text, mentions, hint)
        self._contain(doc, mentions)
        out: list[Place] = []
        for m in mentions:
            start = doc[m.start_tok].idx
            end = doc[m.end_tok - 1].idx + len(doc[m.end_tok - 1])
            stage = DATELINE if dl is not None and start < dl[1] else STAGE
            prev = doc[m.start_tok - 1].lower_ if m.start_tok > 0 else ""
            if m.fallback is not None:
                u = m.fallback
                out.append(Place(text=text[start:end], start=start, end=end, geonames_id=None,
                                 name=m.text or (m.entry.name if m.entry else text[start:end]), country=u.country,
                                 admin1=u.admin1, lat=u.lat, lon=u.lon, feature="city", population=None,
                                 stage=stage, precision=2, admin2=u.name if u.feature == "admin2" else u.admin2))
                continue
            e = m.entry
            if e is None or not self._gate(m, e, weights):
                continue
            if self._metonym(doc, m, e) or not self._supported(m, e, mentions, countries_hint, prev):
                continue
            precision = (1 if e.feature == "city" else 2 if e.feature == "admin2" else 3)
            if precision == 1 and prev in _NEAR:
                precision = 2
            out.append(Place(text=text[start:end], start=start, end=end,
                             geonames_id=e.geonames_id or None, name=e.name, country=e.country,
                             admin1=e.admin1, lat=e.lat, lon=e.lon, feature=e.feature,
                             population=e.population or None, stage=stage, precision=precision,
                             admin2=e.name if e.feature == "admin2" else e.admin2))
        return out

    @staticmethod
    def _metonym(doc, m: _Mention, e: GeoEntry) -> bool:
        """A capital standing for its government ("Washington warned", "Moscow's response"): an actor, not a
        place."""
        if not (e.capital and e.feature == "city"):
            return False
        last = doc[m.end_tok - 1]
        if last.dep_ in ("nsubj", "nsubjpass") and last.head.pos_ == "VERB" and \
                last.head.lemma_.lower() in _SPEECH_VERBS:
            return True
        if m.end_tok + 1 < len(doc) and doc[m.end_tok].tag_ == "POS":
            return doc[m.end_tok + 1].lower_ in _POLICY_NOUNS or doc[m.end_tok].head.lower_ in _POLICY_NOUNS
        return False

    @staticmethod
    def _supported(m: _Mention, e: GeoEntry, mentions: list[_Mention], countries_hint: Sequence[str],
                   prev: str) -> bool:
        """A small town (or district) in a country the story is not about needs a locative word before it or a
        unit beside it: a capitalised "Hall" in a Korean story is no German town."""
        if e.feature not in ("city", "admin2") or e.population >= 100_000:
            return True
        if prev in _PLACING or m.container >= 0 or m.unit or m.paired or m.cue2:
            return True
        if e.country in countries_hint[:3]:
            return True
        return any(o.entry is not None and o.group != m.group and o.entry.country == e.country
                   for o in mentions)


_FINDER: PlaceFinder | None = None


def find_places(doc, countries_hint: Sequence[str] = (), demonyms: Collection[str] = ()) -> list[Place]:
    """Place mentions of a spaCy Doc, resolved to gazetteer entries (see the module docstring)."""
    global _FINDER
    if _FINDER is None:
        _FINDER = PlaceFinder()
    return _FINDER(doc, countries_hint, demonyms)
