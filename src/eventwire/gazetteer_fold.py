"""Folded spellings of Arabic (and Persian) names, one key for the many ways English writes one name; the gazetteer
index (`eventwire.gazetteer_index`) holds the names of that kind under it too, and place recognition looks a name up
by it where the index lacks the name as written (`eventwire.stages.place_words._variants`).

Arabic (and Persian) names are written many ways in English: with or without the article ("Amadiya" for Al
`Amadiyah), its letter assimilated or not ("ad-Dana", "al-Dana"), the ayn and hamza as apostrophes or not ("Ain Issa"
for `Ayn `Isa), doubled letters or single ("Issa", "Isa"), a final h or none ("Hasakeh", "Hasakah", "Hasaka"), "ay",
"ei", "ey" for one diphthong ("Bayda", "Beida"), French "ou" for "u" ("Oum", "Umm"). `fold` writes them all one way;
the index holds the names of that kind (`_FOLDABLE`) under FOLDED + their folded key as well, a namespace of its own,
which an exact name never reaches: only a name the index lacks as written is folded and looked up there.
"""

from __future__ import annotations

import re

_SPACES = re.compile(r"\s+")
FOLDED = "~"
# the article: "al", "el", "ul" before any letter, or assimilated to the sun letter that opens the next word ("ad
# dana", "an najaf", "ar raqqah", "as suwayda", "ash shaykh", "at tanf", "az zawiyah", "ath thawrah", "ed dine",
# "en nabi", "es salt", "et tur", "ez zor"); "an giang", "es castell", "et al" are no articles
_ART = r"(?:[aeu]l|[aeu](?P<c>sh|th|dh|[dnrstz]))[ -](?=(?(c)(?P=c)|\S))"
_OPENING_ART = re.compile(r"^" + _ART)
_INNER_ART = re.compile(r"(?<=\s)" + _ART)
# a name of that kind: an apostrophe (ayn, hamza), an article opening it or inside it, a final -iyah/-iyeh
_FOLDABLE = re.compile(r"'|(?:^|\s)" + _ART + r"|(?:iyy?ah|iyy?eh)\b")
_FOLD_STEPS = (
    (re.compile(r"([a-z])\1"), r"\1"),  # doubled letters: "issa", "raqqah"
    (re.compile(r"(?:ay|ei|ey)(?=[^aeiouy]|\b)"), "ai"),  # one diphthong: "ayn", "beida", "sheykh"
    (re.compile(r"ou"), "u"),  # French transliteration: "oum", "bou"
    (re.compile(r"eh\b"), "a"),  # Persian and Levantine final -eh: "hasakeh", "-iyeh"
    (re.compile(r"(?<=[aeiou])h\b"), ""),  # a final h after a vowel: "raqqah", "amadiyah"
)
# the countries whose place names English writes from Arabic or Persian: only their entries get folded keys ("Saleh"
# folded is "sala", which Slovakia's Šaľa must not answer; "Sloviansk" must not find a Ukrainian town's folded name)
FOLD_COUNTRIES = frozenset((
    "DZA", "BHR", "COM", "DJI", "EGY", "IRQ", "JOR", "KWT", "LBN", "LBY", "MRT", "MAR", "OMN", "PSE", "QAT", "SAU",
    "SOM", "SDN", "SSD", "SYR", "TUN", "ARE", "YEM", "ESH", "TCD", "ISR", "IRN", "AFG"))
_FOLD_MIN = 4  # letters: a shorter folded name ("Ba", "Ain") reads too many words as places


def fold(key: str) -> str:
    """The folded spelling of a normalised name (see `FOLDED`): no apostrophes or hyphens, no opening article, an
    article inside it "al", doubled letters single, "ay"/"ei"/"ey" "ai", "ou" "u", no final h after a vowel, a final
    "eh" "a". An article opening the name is dropped, one inside it written "al". "'ayn 'isa" and "ain issa" -> "ain
    isa"; "al 'amadiyah" and "amadiya" -> "amadiya". "" where less than _FOLD_MIN letters are left."""
    s = _SPACES.sub(" ", key.replace("'", "").replace("-", " ")).strip()
    s = _INNER_ART.sub("al ", _OPENING_ART.sub("", s))  # the opening article dropped, one inside written "al"
    for rx, rep in _FOLD_STEPS:
        s = rx.sub(rep, s)
    s = _SPACES.sub(" ", s).strip()
    return s if sum(ch.isalpha() for ch in s) >= _FOLD_MIN else ""


def folded_keys(key: str) -> list[str]:
    """The index's folded keys of a normalised name: [FOLDED + fold(key)] for a name of the kind `fold` is for, else
    []."""
    if not _FOLDABLE.search(key):
        return []
    f = fold(key)
    return [FOLDED + f] if f else []
