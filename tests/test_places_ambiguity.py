"""Each resolved place says how open the choice among the gazetteer's readings of its name was (issue 14:
"give each resolution an ambiguity score")."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from eventwire.stages.place_hierarchy import ambiguity  # noqa: E402
from eventwire.stages.places import find_places  # noqa: E402


def _placed(nlp, text):
    return {p.text: p for p in find_places(nlp(text))}


def test_a_name_of_one_reading_is_not_ambiguous(nlp) -> None:
    assert _placed(nlp, "Around 300 nurses marched in Poitiers on Tuesday to demand better pay.")["Poitiers"].ambiguity == 0.0


def test_a_bare_name_many_towns_share_is_ambiguous_and_its_division_settles_it(nlp) -> None:
    bare = _placed(nlp, "Police broke up a rally in Springfield on Monday.")["Springfield"].ambiguity
    held = _placed(nlp, "Police broke up a rally in Springfield, Illinois, on Monday.")["Springfield"].ambiguity
    assert bare > 0.5
    assert held is not None and held < 0.2 and held < bare


def test_a_country_named_beside_a_capital_lowers_its_ambiguity(nlp) -> None:
    bare = _placed(nlp, "Crowds blocked roads in Tripoli on Sunday.")["Tripoli"]
    named = _placed(nlp, "Crowds blocked roads in Tripoli, Lebanon, on Sunday.")["Tripoli"]
    assert named.country == "LBN"
    assert 0.0 < bare.ambiguity < 1.0 and named.ambiguity < bare.ambiguity


def test_a_place_drawn_at_its_unit_has_no_ambiguity(nlp) -> None:
    got = _placed(nlp, "Gunmen raided Kpakpadoumbi village (Gbomou, Nord-Kivu) overnight.")
    village = got.get("Kpakpadoumbi")
    assert village is not None and village.precision == 2 and village.ambiguity is None


def test_ambiguity_counts_near_readings_as_one_and_stays_within_bounds() -> None:
    from eventwire.gazetteer import GeoEntry

    def town(lat, lon):
        return GeoEntry(geonames_id=1, name="X", country="AAA", admin1=None, lat=lat, lon=lon, feature="city",
                        population=1000)

    a, a_near, b = town(0.0, 0.0), town(0.05, 0.05), town(10.0, 10.0)
    assert ambiguity([], a) == 0.0
    assert ambiguity([(1.0, a), (1.0, a_near)], a) == 0.0  # two records of one place, 7 km apart
    assert ambiguity([(1.0, a), (1.0, b)], a) == pytest.approx(0.5)
    assert ambiguity([(1.0, a), (1.0, b)], a, keep=lambda e: e is a) == 0.0  # the units rule b out
    assert 0.0 < ambiguity([(3.0, a), (1.0, b)], a) < 0.5


def test_the_division_a_city_lies_in_is_no_rival(nlp) -> None:
    assert _placed(nlp, "Shelling hit Kharkiv on Monday night.")["Kharkiv"].ambiguity == 0.0
