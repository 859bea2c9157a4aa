"""Our own places lexicon (data/lexicons/places.yaml: regions, admin1 areas, country aliases, words that are no
places), validated by a pydantic model when the gazetteer reads it; errors name the file and the field."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field, StrictStr, field_validator

from eventwire.errors import DataError
from eventwire.lexicons import validated

# the gazetteer's feature codes, in the order of their byte in the gazetteer's records
FEATURES = ("city", "country", "admin1", "region", "sea", "admin2")
PLACES_LEXICON = Path(__file__).parent / "data" / "lexicons" / "places.yaml"


class _LexPlace(BaseModel):
    """A region or admin1 area of places.yaml."""

    model_config = ConfigDict(extra="forbid")
    name: StrictStr
    aliases: Optional[list[StrictStr]] = None
    country: Optional[StrictStr] = None
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    feature: str = "region"
    population: Optional[int] = None
    geonames_id: Optional[int] = None
    # the GeoNames admin1 code of its towns, where the index has no division of its name to take it from
    admin1: Optional[StrictStr] = Field(default=None, pattern=r"^[A-Z]{2}\.[A-Z0-9]+$")

    @field_validator("feature")
    @classmethod
    def _known(cls, v: str) -> str:
        if v not in FEATURES:
            raise ValueError(f"unknown feature {v!r}")
        return v


class _PlacesLexicon(BaseModel):
    """places.yaml; any further key holding a list of words is a word list of the gazetteer (`_word_lists`).
    Words are strings: quote YAML words like No, which YAML reads as false."""

    model_config = ConfigDict(extra="allow")
    version: int = 1
    country_aliases: Optional[dict[StrictStr, list[StrictStr]]] = None
    regions: Optional[list[_LexPlace]] = None
    admin1: Optional[list[_LexPlace]] = None
    not_places: Optional[list[StrictStr]] = None
    # ISO3 -> division name -> other names ("USA": {"Kentucky": ["Ky."]})
    admin1_aliases: Optional[dict[StrictStr, dict[StrictStr, list[StrictStr]]]] = None
    not_place_after: Optional[list[StrictStr]] = None
    neighbourhood_heads: Optional[list[StrictStr]] = None


def load_places_lexicon(path: Path = PLACES_LEXICON) -> dict[str, Any]:
    """The raw mapping of places.yaml, validated by `_PlacesLexicon` (errors name the file and the field)."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"cannot read places lexicon: {exc}", path=str(path)) from exc
    validated(_PlacesLexicon, data, str(path))
    return data


@functools.lru_cache(maxsize=None)
def word_list(name: str) -> tuple[str, ...]:
    """One word list of the shipped places.yaml, lower-cased, in its order (empty when absent): `part_nouns`,
    `road_nouns`, `topic_openers`, ..."""
    return tuple(w.lower() for w in _shipped().get(name) or [])


@functools.lru_cache(maxsize=1)
def _shipped() -> dict[str, Any]:
    """The shipped places.yaml, read once (not once per word list: the YAML parse is a quarter of a second)."""
    return load_places_lexicon()


@functools.lru_cache(maxsize=1)
def municipal_countries() -> frozenset[str]:
    """places.yaml `municipal_divisions`: the countries (ISO3) whose first-level divisions are municipalities,
    parishes or quarters, which weigh as towns, not provinces (stages/place_resolve, place_hierarchy.contain)."""
    return frozenset(w.upper() for w in word_list("municipal_divisions"))


def is_municipal(e) -> bool:
    """Is the gazetteer entry `e` a first-level division that is a municipality (`municipal_countries`)?"""
    return e.feature == "admin1" and e.country in municipal_countries()
