"""Gazetteer index: build, reopen, lookups, read-only cache dir."""

from __future__ import annotations

import os

import pytest

from eventwire import gazetteer as gz
from eventwire.gazetteer import Gazetteer, get_gazetteer, haversine_km, normalize


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return get_gazetteer()


def test_normalize_strips_diacritics_and_case() -> None:
    assert normalize("  Ḩalab ") == "halab"
    assert normalize("Türkiye") == "turkiye"
    assert normalize("Al Bāb") != normalize("al-Bāb")  # "al-" and "Al " stay different names


def test_aleppo(gaz: Gazetteer) -> None:
    top = gaz.candidates("aleppo")[0]
    assert top.country == "SYR" and top.feature == "city" and top.admin1 == "SY.09"
    assert haversine_km(top.lat, top.lon, 36.2021, 37.1343) < 25


def test_candidates_sorted_by_population(gaz: Gazetteer) -> None:
    cities = [e for e in gaz.candidates("Paris") if e.feature == "city"]
    assert cities[0].country == "FRA"
    assert [e.population for e in cities] == sorted((e.population for e in cities), reverse=True)


def test_admin1_from_iso_3166_2(gaz: Gazetteer) -> None:
    la_pampa = [e for e in gaz.candidates("La Pampa") if e.feature == "admin1"]
    assert la_pampa and la_pampa[0].country == "ARG"
    # tied to its GeoNames code through its seat: a point inside the province, the code its cities carry
    san_juan = [e for e in gaz.candidates("San Juan") if e.feature == "admin1" and e.country == "ARG"]
    assert san_juan and san_juan[0].admin1 == "AR.18"
    assert haversine_km(san_juan[0].lat, san_juan[0].lon, -31.0, -68.8) < 250
    # tied by alphabetical order of the numeric GeoNames codes, between two divisions tied by their seats
    assert la_pampa[0].admin1 == "AR.11"
    assert haversine_km(la_pampa[0].lat, la_pampa[0].lon, -37.0, -65.5) < 250
    # a division GeoNames lists as a country stays a country only
    assert not [e for e in gaz.candidates("Hong Kong") if e.feature == "admin1"]
    # generic names ("Central", "Northern") are not indexed as divisions
    assert not [e for e in gaz.candidates("Central") if e.feature == "admin1"]


def test_country_points_are_near_centroids(gaz: Gazetteer) -> None:
    # the centre of the inhabited territory, not of its towns (rough geographic centres, generous radii)
    for iso3, lat, lon, km in (("USA", 39.8, -98.6, 500), ("CHN", 35.9, 104.2, 600), ("AUS", -25.3, 133.8, 700),
                               ("BRA", -10.6, -53.0, 700), ("FRA", 46.6, 2.4, 150)):
        e = gaz.country(iso3)
        assert haversine_km(e.lat, e.lon, lat, lon) < km, iso3


def test_countries_at_geonames_own_point(gaz: Gazetteer) -> None:
    # the state's GeoNames feature point (data/gazetteer/country_points.csv), not the centre of its towns: Canada's
    # lies far north of the towns along the border
    for iso3, lat, lon in (("CAN", 60.10867, -113.64258), ("GBR", 54.75844, -2.69531), ("TUR", 39.0, 35.0)):
        e = gaz.country(iso3)
        assert e is not None and haversine_km(e.lat, e.lon, lat, lon) < 1, iso3
    # a territory the file does not list keeps the centroid of its populated cells, on the island
    pri = gaz.country("PRI")
    assert pri is not None and 17.8 < pri.lat < 18.6 and -67.4 < pri.lon < -65.5


def test_country_points_file_is_validated(tmp_path) -> None:
    from eventwire.errors import DataError
    from eventwire.gazetteer_points import read_country_points

    f = tmp_path / "points.csv"
    f.write_text("# comment\niso3,lat,lon\nCAN,60.1,-113.6\n", encoding="utf-8")
    assert read_country_points(f) == {"CAN": (60.1, -113.6)}
    f.write_text("iso3,lat,lon\nCAN,north,-113.6\n", encoding="utf-8")
    with pytest.raises(DataError, match="line 2"):
        read_country_points(f)
    assert read_country_points(tmp_path / "absent.csv") == {}


def test_division_points_file_is_validated(tmp_path) -> None:
    from eventwire.errors import DataError
    from eventwire.gazetteer_points import read_division_points

    f = tmp_path / "divisions.csv"
    f.write_text("# comment\nadmin1,name,lat,lon,other_names\nNP.2,Bara,27.1,85.07,Bara District|Bara Zilla\n",
                 encoding="utf-8")
    assert read_division_points(f) == {("NP.2", "Bara"): (27.1, 85.07, {"Bara District", "Bara Zilla"})}
    for bad in ("NP.2,Bara,north,85.07,", "Nepal,Bara,27.1,85.07,", "NP.2,,27.1,85.07,", "NP.2,Bara,127.1,85.07,"):
        f.write_text("admin1,name,lat,lon,other_names\n" + bad + "\n", encoding="utf-8")
        with pytest.raises(DataError, match="line 2"):
            read_division_points(f)
    assert read_division_points(tmp_path / "absent.csv") == {}


def test_shipped_division_points_are_nepal_districts() -> None:
    from eventwire.gazetteer_points import read_division_points

    points = read_division_points()
    assert len(points) == 52 and all(a1.startswith("NP.") for a1, _ in points)
    assert all(26.3 < lat < 30.5 and 80.0 < lon < 88.3 for lat, lon, _ in points.values())  # inside Nepal's box


def test_baghdad_is_a_capital(gaz: Gazetteer) -> None:
    top = gaz.candidates("Baghdad")[0]
    assert top.country == "IRQ" and top.capital
    assert haversine_km(top.lat, top.lon, 33.34, 44.40) < 10


@pytest.mark.parametrize("name,iso3", [
    ("Syria", "SYR"), ("Iran", "IRN"), ("Russia", "RUS"), ("South Korea", "KOR"), ("DR Congo", "COD"),
    ("Ivory Coast", "CIV"), ("Turkey", "TUR"), ("Türkiye", "TUR"), ("Syrian Arab Republic", "SYR"),
    ("United States", "USA"), ("Iraq", "IRQ"), ("Ukraine", "UKR"),
])
def test_country_by_name(gaz: Gazetteer, name: str, iso3: str) -> None:
    e = gaz.country_by_name(name)
    assert e is not None and e.country == iso3 and e.feature == "country" and e.geonames_id > 0


def test_country_has_point_inside(gaz: Gazetteer) -> None:
    syr = gaz.country("SYR")
    assert syr is not None and syr.geonames_id == 163843
    assert 32 < syr.lat < 37.5 and 35.5 < syr.lon < 42.5
    assert gaz.country_by_name("Gaza") is None


def test_own_regions_and_demonyms_absent(gaz: Gazetteer) -> None:
    strip = gaz.candidates("Gaza Strip")[0]
    assert strip.feature == "region" and strip.country == "PSE"
    for word in ("Iraqi", "Syrian", "Israeli"):
        assert not any(e.feature == "country" for e in gaz.candidates(word))


def test_nearest(gaz: Gazetteer) -> None:
    e = gaz.nearest("Tripoli", 34.0, 35.5)
    assert e is not None and e.country == "LBN"


def test_index_rebuilt_when_missing(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("EVENTWIRE_CACHE", str(tmp_path))
    folder = gz.ensure_index()
    assert folder.parent == tmp_path and (folder / "meta.json").is_file()
    for f in folder.iterdir():
        f.unlink()
    folder.rmdir()
    again = gz.ensure_index()
    assert again == folder and (folder / "names.marisa").is_file()
    g = Gazetteer(again)
    assert g.candidates("Aleppo")[0].country == "SYR"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp folder left behind
    g.close()


def test_unwritable_cache_dir_falls_back_to_temp(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("EVENTWIRE_CACHE", str(blocker / "cache"))  # cannot be created: parent is a file
    monkeypatch.setattr(gz, "_fallback_dir", lambda: tmp_path / "fallback")
    folder = gz.ensure_index()
    assert folder.parent == tmp_path / "fallback"
    assert Gazetteer(folder).country("IRQ").country == "IRQ"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_cache_dir(tmp_path, monkeypatch) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    monkeypatch.setenv("EVENTWIRE_CACHE", str(ro))
    monkeypatch.setattr(gz, "_fallback_dir", lambda: tmp_path / "fallback")
    try:
        assert gz.ensure_index().parent == tmp_path / "fallback"
    finally:
        ro.chmod(0o755)


@pytest.mark.parametrize("a, b", [
    # one Arabic name written as GeoNames writes it and as news and ACLED notes do (gazetteer_fold.fold)
    ("'Ayn 'Isa", "Ain Issa"),  # ayn as an apostrophe, "ay" and "ai", a doubled letter
    ("Al `Amadiyah", "Amadiya"),  # the article, ayn as a backtick, the final h
    ("Al Hasakah", "Hasakeh"),  # Levantine final -eh
    ("Dayr az Zawr", "Dayr al-Zawr"),  # an article inside the name, assimilated or not
    ("Ash Shaykh Maqsud", "Sheikh Maqsoud"),  # the sun letter's article, "ay"/"ei", French "ou"
    ("An Nasiriyah", "Nasiriyeh"),  # -iyah and -iyeh
])
def test_fold_writes_one_arabic_name_one_way(a: str, b: str) -> None:
    from eventwire.gazetteer_fold import fold

    assert fold(normalize(a)) == fold(normalize(b)) != ""


@pytest.mark.parametrize("key", ["an giang", "es castell", "et al", "saint-martin-en-bresse", "tal abyad", "moscow"])
def test_only_arabic_names_have_folded_keys(key: str) -> None:
    # an article counts where it opens or sits inside the name and, but for al/el/ul, is assimilated to the sun letter
    # opening the next word ("an nasiriyah", not "an giang"); names without article, ayn or -iyah are not folded
    from eventwire.gazetteer_fold import folded_keys

    assert folded_keys(key) == []


def test_folded_keys_are_a_namespace_of_their_own(gaz: Gazetteer) -> None:
    from eventwire.gazetteer_fold import FOLDED, fold

    # the index holds Al `Amadiyah under its folded key too, and no exact name reaches that key
    got = gaz.candidates_key(FOLDED + fold(normalize("Amadiya")))
    assert any(e.country == "IRQ" and normalize(e.name).endswith("amadiyah") for e in got), got
    assert "amadiya" not in gaz


@pytest.mark.parametrize("name", ["Saleh", "Sloviansk", "Hussein"])
def test_only_places_of_arabic_and_persian_names_answer_a_folded_key(gaz: Gazetteer, name: str) -> None:
    from eventwire.gazetteer_fold import FOLD_COUNTRIES, FOLDED, fold

    # "Saleh" folded is "sala", the folded key of Slovakia's Šaľa were every entry folded
    got = gaz.candidates_key(FOLDED + fold(normalize(name)))
    assert all(e.country in FOLD_COUNTRIES for e in got), [(e.name, e.country) for e in got]



# the capital of each division of places.yaml that carries a GeoNames code of its own (`admin1`)
_CAPITALS = {"Northern Territory": "Darwin", "Plateau State": "Jos", "Rivers": "Port Harcourt", "Littoral": "Douala",
             "Boeny": "Mahajanga", "Qadissiya": "Al Diwaniyah", "Amanat al Asimah": "Sanaa", "Akkar": "Halba",
             "Central Visayas": "Cebu City", "Eastern Visayas": "Tacloban", "Western Visayas": "Iloilo",
             "Bangsamoro Autonomous Region in Muslim Mindanao": "Cotabato", "Bago-West": "Pyay", "Bago-East": "Bago",
             "South Gyeongsang": "Changwon", "North Gyeongsang": "Andong", "South Jeolla": "Muan",
             "North Jeolla": "Jeonju", "South Chungcheong": "Hongseong", "Mon State": "Mawlamyine"}


def test_curated_division_codes_are_those_of_their_capitals(gaz: Gazetteer) -> None:
    # places.yaml's `admin1` codes: the division takes the code its capital carries in the index (a typo, or a
    # neighbour's code, would fail), and holds the capital for the hierarchy
    import yaml
    from importlib import resources

    data = yaml.safe_load((resources.files("eventwire") / "data" / "lexicons" / "places.yaml").read_text())
    coded = {r["name"]: r for r in data["admin1"] if r.get("admin1")}
    assert set(coded) == set(_CAPITALS)
    for name, r in coded.items():
        capital = next(e for e in gaz.candidates(_CAPITALS[name]) if e.feature == "city" and e.country == r["country"])
        assert capital.admin1 == r["admin1"], name
        div = next(e for e in gaz.candidates(name) if e.curated and e.country == r["country"])
        assert div.admin1 == r["admin1"], name
