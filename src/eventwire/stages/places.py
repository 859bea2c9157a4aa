"""Place mentions: toponym recognition over a spaCy Doc and resolution to gazetteer entries.

Stage `eventwire.places.geonames` (version: NAME). Reads the Doc (tokens, POS tags, sentence starts, entities), writes
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
Labels that are no reading of a town are dropped first (v10): a title's, a law's or an event's on proper nouns after
a locative word ("in [Grenoble]WORK_OF_ART"), one entity over a parenthesis's list or a title over "Town, Unit"
("([Bijapur, Chhattisgarh]ORG)", "shelled [Kobzartsi, Mykolaiv]WORK_OF_ART"), cut at its commas.

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

Modules: this one recognises names and writes the places; `place_words` holds the word lists, the token tests and
the mention record; `place_persons` the words of persons' names; `place_hierarchy` links names to their units
("X (Y, Z)", "X town, Y"); `place_resolve` scores the candidates; `place_streets` adds the streets.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from eventwire.gazetteer import GeoEntry, Gazetteer, get_gazetteer, normalize
from eventwire.records import Place
from eventwire.stages.place_context import (
    division_after_name, hyphen_stray, in_neighbourhood, inside_name, name_of_division_after, opens_units,
    qualified)
from eventwire.stages.place_hierarchy import contain, link_units, reading_doubt
from eventwire.stages.place_resolve import gate, resolve, stray
from eventwire.stages.place_persons import drop_given_names, persons_words
from eventwire.stages.place_streets import streets
from eventwire.stages.place_words import (
    _ADMIN2_WORDS, _ADMIN_WORDS, _ARTICLES, _CONNECTORS, _DIRECTION_WORDS,
    _LOCAL_WORDS, _LOCATIVE, _MAX_TOKENS, _MAX_WORDS, _NAME_ARTICLES, _NAME_LINKS, _NEAR, _PERSON_TITLES,
    _PLACE_LABELS, _PLACING, _POLICY_NOUNS, _SKIP_LABELS, _SPEECH_VERBS, _TOWN_WORDS,
    _WHOLE_ONLY_LABELS, _Mention,
    _after_unit, _article_joins, _cap_word, _ent_arrays, _in_parens, _is_cap, _last_in_parens, _of_unit, _startable,
    _unit_word_after, after_coded, coded_here,
    _town_comma_unit,
    _placing_word, _variants, _word_before, dateline_span)

__all__ = ["DATELINE", "IN_NAME", "MENTION_ONLY", "NAME", "STAGE", "STREET", "PlaceFinder", "dateline_span",
           "find_places", "run"]

NAME = "eventwire.places.geonames.v20"  # v20: the town a note says it coded its event to, whatever the tagger read
# it as; a unit's name read at another level where that one holds the town; v19 back to v6 in ARCHITECTURE.md,
# "Earlier versions of the places stage"
# a place named in the dateline ("BAMAKO, March 9 (Reuters) -"): where the story was filed. A mention of the text,
# but never an event's place, actor or target (`arguments.Index` leaves it out)
DATELINE = NAME + ":dateline"
# a place named inside a longer proper name, an organisation's or a title's ("Kentucky State Police", "Government
# of Alberta", "CTV Winnipeg"): it says where the body belongs, and so helps place the article's other names, but
# it is no actor or target, and an event's place only where its sentence places it nowhere else, or only in a
# country named in passing (v19, place_choice.in_name: "the Kars Governor's Office banned all rallies"). Only a
# country, a region, a first-level division or a city of at least IN_NAME_MIN_POP people is kept so (a small town
# inside a name is more often a person's or a firm's name), or (v14) a county named with its unit word, or a town the
# article places elsewhere.
IN_NAME = NAME + ":in-name"
IN_NAME_MIN_POP = 100_000


def _named_in_names(e: GeoEntry) -> bool:
    """Is a place of this kind kept when named inside a longer proper name (IN_NAME)? A country, a region, a
    first-level division or a city of at least IN_NAME_MIN_POP people."""
    return e.feature in ("country", "region", "admin1") or (e.feature == "city" and e.population >= IN_NAME_MIN_POP)
# a street or a road ("Maple Grove Road", "Highway 17"; stages/place_streets), placed at the article's town nearest
# to it: a mention of the text, never an event's place either (v14)
STREET = NAME + ":street"
# places that are mentions of the text and never where an event happened
MENTION_ONLY = (DATELINE, IN_NAME, STREET)


class PlaceFinder:
    """Holds the gazetteer; `__call__` is `find_places`."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gaz = gazetteer or get_gazetteer()
        self.not_place_after = self.gaz.lexicon_words("not_place_after")
        self.neighbourhood_heads = self.gaz.lexicon_words("neighbourhood_heads")
        self.site_nouns = self.gaz.lexicon_words("site_nouns")
        self.in_name_units = self.gaz.lexicon_words("in_name_units")
        self.street_words = self.gaz.lexicon_words("street_words")

    # ------------------------------------------------------------------ recognition
    def _lookup(self, key: str, mid: bool = False) -> str | None:
        if self.gaz.has_key(key):
            return key
        for v in _variants(key, mid):
            if self.gaz.has_key(v):
                return v
        return None

    def _spans(self, doc, text: str, label, ent_start, ent_end, demonyms: frozenset[str],
               person_words: frozenset[str], dl: tuple[int, int] | None = None, known: frozenset[str] = frozenset(),
               rejected: set[str] | None = None) -> list[_Mention]:
        """The place mentions of the Doc, longest name first. `known`: names read as places elsewhere in the article
        (echoes, `_Mention.echo`); `rejected` collects the names found and refused."""
        n = len(doc)
        # Token.is_sent_start scans the whole Doc on every call (has_annotation): read sentences once
        sent_starts = {s.start for s in doc.sents} if doc.has_annotation("SENT_START") or \
            doc.has_annotation("DEP") else set()
        out: list[_Mention] = []
        # each token once (doc[i] builds a new Token on every call): its text, and whether it is capitalised
        toks = list(doc)
        texts = [t.text for t in toks]
        caps = [_cap_word(t) for t in texts]
        i = 0
        while i < n:
            # `_startable(doc, i)`: a capitalised word, or an article that `_startable` then judges
            if not (caps[i] or (texts[i].lower() in _ARTICLES and _startable(doc, i))) or label[i] in _SKIP_LABELS:
                i += 1
                continue
            # extend to the right over capitalised words and connectors, within the sentence
            ends: list[int] = []  # candidate exclusive ends, tokens
            words = 0
            j = i
            while j < n and j - i < _MAX_TOKENS:
                t = toks[j]
                if j > i and j in sent_starts:
                    break
                if label[j] in _SKIP_LABELS:
                    break
                if caps[j] or j == i:  # the first word passed `_startable` above
                    words += 1
                    if words > _MAX_WORDS:
                        break
                    ends.append(j + 1)
                elif j > i and t.lower_ in ("'s", "’s") and not toks[j - 1].whitespace_:
                    # a possessive inside a name ("Moi's Bridge", "King's Lynn"), or closing one where its units or
                    # a comma follow ("St. John's (Newfoundland and Labrador)"); not "the Queen's speech"
                    if j + 1 < n and texts[j + 1] in ("(", ","):
                        ends.append(j + 1)
                elif t.lower_ in _CONNECTORS or texts[j] in ("-", "'"):
                    if t.lower_ not in ("-", "'", "’"):
                        words += 1
                else:
                    break
                j += 1
            if ends and qualified(self.gaz, doc, ends[-1]):
                ends.append(ends[-1] + 3)
            next_i = i + 1
            for end in reversed(ends):
                raw = text[toks[i].idx: toks[end - 1].idx + len(texts[end - 1])]
                key = None
                if end < n and texts[end] == "." and not toks[end - 1].whitespace_ and i >= 2 \
                        and texts[i - 1] == ",":
                    # "Gatineau, Que.", "Barrie, Ont.": the tokenizer cut the abbreviation's full stop off
                    key = self._lookup(normalize(raw + "."))
                    end += key is not None
                if key is None:
                    key = self._lookup(normalize(raw), i not in sent_starts and texts[i][:1].isupper())
                if key is None:
                    continue
                prev_end = out[-1].end_tok if out else -9
                m = self._accept(doc, i, end, key, label, ent_start, ent_end, demonyms, person_words,
                                 sent_starts, prev_end, dl, known)
                if m is not None:
                    out.append(m)
                elif rejected is not None:
                    rejected.add(key)
                # the longest name found decides: when it is rejected ("Hong Kong flu"), its parts are not
                # tried on their own ("Hong", "Kong")
                next_i = end
                break
            i = next_i
        return out

    def _accept(self, doc, i, end, key, label, ent_start, ent_end, demonyms, person_words,
                sent_starts, prev_end, dl=None, known: frozenset[str] = frozenset()) -> _Mention | None:
        labels = {label[k] for k in range(i, end)}
        if key.endswith(".") and doc[end - 1].text == "." and end - i == 2:
            labels = {""}  # "Gatineau, [Que]PERSON.": an abbreviated division, whatever the tagger made of it
        # the whole place of a dateline: placed by where it stands, as a locative word places a name; its capitals
        # defeat the tagger ("TORRINGTON" a common noun) and the acronym test ("ROME")
        in_dl = dl is not None and doc[i].idx == dl[0] and doc[end - 1].idx + len(doc[end - 1]) == dl[1]
        if labels & _SKIP_LABELS:
            return None
        if key in demonyms or (key.endswith("s") and key[:-1] in demonyms):
            return None
        lab = label[i] if labels != {""} else ""
        coded = after_coded(doc, i, end)  # "(coded as Nushki)": the note's own place, whatever the tagger read
        in_name = False  # inside a longer proper name: a mention of its own (IN_NAME)
        echo = False  # read only because the name is a place elsewhere in the article
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
            elif ee - 1 == end and ee - 1 > es and _unit_word_after(doc, end):
                ee -= 1  # ... or a unit word in capitals: "[Kwande LGA]ORG (Benue)"
            whole = len(labels) == 1 and (es == i or (es == i - 1 and doc[es].lower_ == "the")) and ee == end
            if not whole:
                # a longer gazetteer name the tagger cut into pieces ("General [Pico]PERSON", "[San Fernando]GPE
                # del [Valle de Catamarca]ORG"): kept when every entity lies inside it and a place label or a
                # locative word leads to it; judged as unlabelled unless a place label starts it
                inside = all(ent_start[k] >= i and ent_end[k] <= end for k in range(i, end) if label[k])
                prev = doc[i - 1].lower_ if i > 0 else ""
                # ... or in a parenthesis of units after a name: "(Leon, Castilla y [Leon]PERSON)", "Al Jabaliyah
                # (At [Tuhayat]ORG, Al Hudaydah)" (v15)
                if not coded and not (inside and sum(_is_cap(doc[k]) for k in range(i, end)) >= 2
                        and (label[i] in ("GPE", "LOC") or prev in _LOCATIVE or _last_in_parens(doc, i, end)
                             or (_in_parens(doc, i, end) and _after_unit(doc, i)))
                        ) and not _town_comma_unit(
                            doc, i, end, es, ee) and not _of_unit(doc, i, end, ee):
                    if labels & {"PERSON", "LANGUAGE"}:
                        return None  # "Jack London", "Paris Hilton": a person's name, no place
                    # a place inside an organisation's name ("[Kentucky State Police]ORG", "[the University of
                    # Manitoba]ORG"): a mention of its own, judged as unlabelled
                    in_name = True
                lab = label[i] if label[i] in ("GPE", "LOC") and not in_name else ""
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
                    # ... or any item of one after a place or a unit word: "Cali Fool Dheere village (Jowhar,
                    # Middle Shabelle)", "Sreepur upazila (Gazipur)"
                    in_parens = (_last_in_parens(doc, i, end) and prev_end >= i - 3) or (
                        _in_parens(doc, i, end) and _after_unit(doc, i))
                    # ... or with its unit word: "Kalaiya city ([Bara]PERSON district)" (v15)
                    in_parens = in_parens or (end + 1 < len(doc) and doc[end].is_lower and doc[end].lower_ in
                                              _ADMIN_WORDS | _ADMIN2_WORDS and _in_parens(doc, i, end + 1)
                                              and _after_unit(doc, i))
                    # ... or it closes "X, Y" after a place or a unit word (`after_place`), or after any name when Y
                    # is a first-level division: "in the direction of Bila Hora, Luhansk, but"
                    if not (prev in _LOCATIVE or coded or (prev in (",", "and", "or") and prev_end >= k - 1)
                            or obj_of_verb
                            or in_parens or after_place or division_after_name(self.gaz, doc, i, end, key)
                            or name_of_division_after(self.gaz, doc, end, key)):
                        # ... or the article names the place so elsewhere, where nothing makes it a person's
                        # ("Storms hit Ocala. [Ocala]PERSON was without power", "the [Ocala]PERSON police
                        # force"): one sense per discourse, kept when that other mention is placed
                        # Not inside a parenthesis, which the hierarchy reads ("in Kale town ([Kale]PERSON township,
                        # [Kale]PERSON district)")
                        # Nor the subject of a verb of speech: "Madison told reporters she was arrested" is a
                        # person's name however the article placed Madison before
                        if key not in known or key in person_words or _in_parens(doc, i, end) or any(
                                doc[x].dep_ in ("nsubj", "nsubjpass") and doc[x].head.lemma_ in _SPEECH_VERBS
                                for x in range(i, end)):
                            return None
                        echo = True
                lab = ""  # judged as unlabelled (gated by population)
        whole_ent = ent_end[i] == end and (ent_start[i] == i or (ent_start[i] == i - 1
                                                                 and doc[i - 1].lower_ == "the"))
        n = len(doc)
        if i > 0 and doc[i - 1].lower_.rstrip(".") in _PERSON_TITLES:
            return None  # "Mrs Kong", "Dr. Hatem"
        if end < n and doc[end].lower_ in self.not_place_after:
            return None  # "Reston ebolavirus", "Marburg virus" (places.yaml: not_place_after)
        if in_neighbourhood(self.neighbourhood_heads, doc, i, end):
            return None  # "Colonia Los Puertos", "Colonia Bella Vista" (places.yaml: neighbourhood_heads)
        if key in _ARTICLES:
            return None  # "Al" of "Al-Hussainiyah": an article alone is no place (GeoNames has Ål)
        if (i >= 2 and doc[i - 1].lower_ in _NAME_LINKS and _is_cap(doc[i - 2])) or (
                end + 1 < n and doc[end].lower_ in _NAME_LINKS and _is_cap(doc[end + 1])):
            return None  # part of a longer name the gazetteer lacks: "Mineral del Chico", "Dar el Ouassaa"
        if (_article_joins(doc, end) and not self._site_after(doc, end)) or (
                i >= 2 and _article_joins(doc, i - 1)) or (
                i >= 3 and doc[i - 1].text == "-" and _article_joins(doc, i - 2)):
            return None  # ... an Arabic one: "Khan al-Sabeel", "Wadi al Jarah", "Bab az Zawiyah" (v15); not a name
            # before a site's: "the Gaza City al-Ahli hospital", "in Cairo al-Tahrir square"
        common = key in self.gaz.not_places or (end - i == 1 and doc[i].is_stop)
        if common and not (lab in ("GPE", "LOC") and whole_ent):
            return None  # "However", "West" (of "West Java"): only a whole GPE/LOC entity may be a common word
        if end - i == 1 and doc[i].text.isupper() and len(doc[i].text) <= 4 and not in_dl and not (
                lab in ("GPE", "LOC") and whole_ent) and not any(
                e.feature in ("country", "region", "admin1") for e in self.gaz.candidates_key(key)):
            return None  # acronyms ("FAO", "DOH") are organisations far more often than towns
        if lab not in _PLACE_LABELS:
            # no place label: every capitalised word must be a proper noun (drops "However", "Hundreds"), unless a
            # unit word follows the name ("Sagaing region", which the tagger reads as a verb in -ing) or a locative
            # word leads to it ("in Sagaing on Monday": NER is skipped where the gazetteer knows the name)
            # ... also past words of where in it, after which the tagger reads a common noun: "in central
            # [Lancaster]NN" (v16)
            kb = _word_before(doc, i)
            unit_after = (end < n and doc[end].is_lower and doc[end].lower_ in _ADMIN_WORDS | _ADMIN2_WORDS) or (
                kb >= 0 and doc[kb].lower_ in _LOCATIVE) or in_dl or coded
            for k in range(i, end):
                t = doc[k]
                if k == i and end - i > 1 and (t.lower_ in _NAME_ARTICLES or t.lower_ in _ARTICLES):
                    continue  # "A Coruna", "La Paz", "El Fasher", "As Sweida": the article of the name
                if _is_cap(t) and t.tag_ not in ("NNP", "NNPS") and not after_place and not unit_after:
                    return None
            # a word used in a person's name elsewhere in the article ("Maya Harden" ... "Harden said")
            if end - i == 1 and key in person_words and not coded:
                return None
        # part of a longer proper name: "Human Rights Watch", "Buffalo Science Magnet School" (FAC)
        if not in_name and not (lab in _PLACE_LABELS and whole_ent) and inside_name(doc, i, end, sent_starts):
            in_name = True
        cue2 = end < n and doc[end].lower_ in _ADMIN2_WORDS and doc[end].lower_ not in _ADMIN_WORDS
        cue = not cue2 and ((end < n and doc[end].lower_ in _ADMIN_WORDS)
                            or (i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in _ADMIN_WORDS)
                            or _last_in_parens(doc, i, end))
        # "Amara city", "Basira town", "Yaradona village": a town, not the division or the region of that name
        town = not (cue or cue2) and end < n and doc[end].is_lower and doc[end].lower_ in _TOWN_WORDS
        k = _word_before(doc, i)
        led = (k >= 0 and doc[k].lower_ in _LOCATIVE) or in_dl  # "in Tessalit", "near the town", "in northern
        # Tessalit", "TORRINGTON —"; "station (Kiruhura, Western)" (v15)
        led = led or coded or opens_units(doc, i, end, prev_end)
        if end - i == 1 and key in person_words and lab in ("GPE", "LOC") and not (
                led or after_place or cue or cue2 or town or in_name or (i > 0 and doc[i - 1].text == "(")
                or (end + 1 < n and doc[end].text == "," and label[end + 1] in ("GPE", "LOC"))):
            return None  # a word of a person's name elsewhere, tagged as a place: "Pastor Andrew Hamilton was
            # freed; [Hamilton]GPE thanked them" (v14)
        if in_name:
            if not (self._big_enough(key) or self._county_named(key)):
                # a small town inside a longer name ("Hinesville Police Department", "Ocala Regional Medical
                # Center") where the article names the town as a place elsewhere ("a fire in Hinesville"); only an
                # organisation's or a building's: "[Kambi West]GPE" is a place of its own the gazetteer lacks
                if key not in known or label[i] not in ("ORG", "FAC"):
                    return None
                echo = True
            lab = ""
            cue = cue2 = town = led = False
        return _Mention(i, end, key, lab, cue=cue, cue2=cue2, led=led, town=town, in_name=in_name, echo=echo,
                        coded=coded and not in_name)

    def _county_named(self, key: str) -> bool:
        """Does the name close with a county's unit word (places.yaml `in_name_units`): "Pike County"? Kept
        inside a longer proper name whatever its size ("the Pike County Sheriff's Office")."""
        words = key.split()
        return len(words) > 1 and words[-1] in self.in_name_units

    def _site_after(self, doc, k: int) -> bool:
        """Does the word an Arabic article at doc[k] joins close a site's name (places.yaml `site_nouns`): "al-Ahli
        hospital", "al-Tahrir square"?"""
        j = k + 3 if k + 2 < len(doc) and doc[k + 1].text == "-" else k + 2
        return j < len(doc) and doc[j].lower_ in self.site_nouns

    def _big_enough(self, key: str) -> bool:
        """Can the name, found inside a longer proper name, be a place (IN_NAME)? One of its readings is."""
        return any(_named_in_names(e) for e in self.gaz.candidates_key(key))

    # ------------------------------------------------------------------ resolution
    # ------------------------------------------------------------------ entry point
    def __call__(self, doc, countries_hint: Sequence[str] = (), demonyms: Collection[str] = ()) -> list[Place]:
        dem = frozenset(normalize(d) for d in demonyms)
        text = doc.text  # Doc.text joins every token on each access: read it once
        label, ent_start, ent_end = _ent_arrays(doc, self.gaz.not_places)
        person_words = persons_words(doc)
        dl = dateline_span(text)
        rejected: set[str] = set()
        mentions = self._spans(doc, text, label, ent_start, ent_end, dem, person_words, dl, rejected=rejected)
        # one sense per discourse: a name refused somewhere (a person's or an organisation's label, a small town
        # inside a longer name) that a place label or a locative word makes a place elsewhere is read
        # again (v14). Such an echo is kept only when that other mention is placed (`_echoes_kept`). "of" alone
        # makes no place of a name ("the coach of Tavistock" is no ground to read "[Tavistock]PERSON said" as a
        # town).
        known = frozenset(m.key for m in mentions if not m.in_name and (
            m.label in ("GPE", "LOC") or (m.led and _led_by(doc, m) != "of")))
        if known & rejected:
            mentions = self._spans(doc, text, label, ent_start, ent_end, dem, person_words, dl, known)
        mentions = drop_given_names(self.gaz, doc, mentions)
        mentions = link_units(doc, mentions, label)
        hint = list(countries_hint)
        if dl is not None:  # where the story was filed: a hint for the other names, not a place of its events
            for e in self.gaz.candidates(text[dl[0]:dl[1]])[:1]:
                if e.country and e.country not in hint:
                    hint.append(e.country)
        weights = resolve(self.gaz, doc, text, mentions, hint)
        contain(self.gaz, doc, mentions)
        # (the name an echo needs placed literally elsewhere, or None, the place)
        out: list[tuple[str | None, Place]] = []
        placed: set[str] = set()  # names of the mentions placed literally, which vouch for their echoes
        for m in mentions:
            start = doc[m.start_tok].idx
            end = doc[m.end_tok - 1].idx + len(doc[m.end_tok - 1])
            stage = DATELINE if dl is not None and dl[0] <= start < dl[1] else NAME
            prev = doc[m.start_tok - 1].lower_ if m.start_tok > 0 else ""
            if m.fallback is not None and not m.in_name:
                u = m.fallback  # named by its own words: a reading its unit refused names another place (v16)
                out.append((None, Place(text=text[start:end], start=start, end=end, geonames_id=None,
                                 name=m.text or text[start:end], country=u.country,
                                 admin1=u.admin1, lat=u.lat, lon=u.lon, feature="city", population=None,
                                 stage=stage, precision=2, admin2=u.name if u.feature == "admin2" else u.admin2)))
                continue
            e = m.entry
            if e is None or not gate(m, e, weights, sole=len(self.gaz.candidates_key(m.key)) == 1) or hyphen_stray(
                    doc, m, mentions, hint):
                continue  # ... or "Mayo" of "(Kolofata, Mayo-Sava)", Ireland's (v15)
            if m.in_name:
                # a small town inside a longer name: kept where the article places the name literally
                p = self._place(e, text, start, end, IN_NAME, 3 if e.feature != "city" else 1, reading_doubt(m))
                out.append((None if _named_in_names(e) or self._county_named(m.key) else m.key, p))
                continue
            if self._metonym(doc, m, e):
                continue
            if not m.echo and (not (self._supported(m, e, mentions, countries_hint, _placing_word(doc, m),
                                                    m.coded and len(self.gaz.candidates_key(m.key)) == 1)
                                    or _alone(m, e, mentions)) or stray(m, e, mentions, countries_hint)):
                continue
            precision = (1 if e.feature == "city" else 2 if e.feature == "admin2" else 3)
            if precision == 1 and prev in _NEAR:
                precision = 2
            p = self._place(e, text, start, end, stage, precision, reading_doubt(m))
            out.append((m.key if m.echo else None, p))
            if not m.echo:
                placed.add(m.key)
        kept = [p for echo_of, p in out if echo_of is None or echo_of in placed]
        return streets(doc, text, self.street_words, kept, STREET)

    @staticmethod
    def _place(e: GeoEntry, text: str, start: int, end: int, stage: str, precision: int, doubt: float) -> Place:
        return Place(text=text[start:end], start=start, end=end, geonames_id=e.geonames_id or None, name=e.name,
                     country=e.country, admin1=e.admin1, lat=e.lat, lon=e.lon, feature=e.feature,
                     population=e.population or None, stage=stage, precision=precision,
                     admin2=e.name if e.feature == "admin2" else e.admin2, ambiguity=doubt)

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
                   prev: str, sole: bool = False) -> bool:
        """A small town (or district) in a country the story is not about needs a locative word before it or a
        unit beside it: a capitalised "Hall" in a Korean story is no German town."""
        if e.feature not in ("city", "admin2") or e.population >= 100_000:
            return True
        if prev in _PLACING or (m.container >= 0 and not m.comma) or m.unit or m.paired or m.cue2:
            return True
        if m.coded and coded_here(m, e, mentions, countries_hint, sole):
            return True
        if e.country in countries_hint[:3]:
            return True
        return any(o.entry is not None and o.group != m.group and o.entry.country == e.country
                   for o in mentions)


def _led_by(doc, m: _Mention) -> str:
    """The word before the name, past words of where in it and "the": "in" of "in the Ocala suburbs"."""
    k = _word_before(doc, m.start_tok)
    return doc[k].lower_ if k >= 0 else ""


def _alone(m: _Mention, e: GeoEntry, mentions: list[_Mention]) -> bool:
    """A town that the tagger labels a place, or that a placing word leads to, where no other name of the article
    resolves to a place: nothing contradicts its one country ("Russian forces came to Vasylivka, Zaporizhia",
    "health workers demonstrated at hospital of Chartres"). A name read by population alone ("Hall") still
    needs its country."""
    if not (m.label in ("GPE", "LOC") or m.led) or normalize(e.name) != m.key:
        return False
    return not any(o.entry is not None and o.group != m.group for o in mentions)


_FINDER: PlaceFinder | None = None


def find_places(doc, countries_hint: Sequence[str] = (), demonyms: Collection[str] = ()) -> list[Place]:
    """Place mentions of a spaCy Doc, resolved to gazetteer entries (see the module docstring)."""
    global _FINDER
    if _FINDER is None:
        _FINDER = PlaceFinder()
    return _FINDER(doc, countries_hint, demonyms)


def run(ann, res):
    """The places of an article, ranked with the countries its actors point to (`actors.focus_countries`)."""
    from eventwire.stages.actors import focus_countries

    hint = focus_countries(ann.doc, res.kb, ann.actors)
    ann.places = find_places(ann.doc, countries_hint=hint, demonyms=res.demonyms)
    ann.stages.append(NAME)
    return ann


from eventwire.stages.stage import Stage  # noqa: E402 - the stage's declaration closes the module

STAGE = Stage("places", NAME, reads=("doc", "actors"), writes=("places",), run=run)
