"""Myanmar's villages, towns and townships in the gazetteer index (eventwire.gazetteer_villages, MIMU's place codes
as the mm-geo-coder package ships them). The reader is tested on a small database written here; the index and the
places stage on the installed package, where it is installed. Names and sentences written for these tests."""

from __future__ import annotations

import sqlite3

import pytest

from eventwire import gazetteer_villages as gv
from eventwire.gazetteer import get_gazetteer, haversine_km, normalize

needs_mimu = pytest.mark.skipif(gv.mimu_version() == "none", reason="mm-geo-coder (MIMU place codes) not installed")

_COLS = ("pcode", "tract", "tsp_pcode", "dist_pcode", "state_pcode")  # codes the reader does not read


def _fake_db(path):
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE villages (village_pcode, village_tract_pcode, township_pcode, district_saz_pcode, "
                "state_pcode, village_eng, village_tract_eng, township_eng, district_eng, state_eng, village_mmr, "
                "village_tract_mmr, township_mmr, district_mmr, state_mmr, latitude, longitude)")
    con.execute("CREATE TABLE wards (ward_pcode, town_pcode, township_pcode, district_saz_pcode, state_pcode, "
                "ward_eng, town_eng, township_eng, district_eng, state_eng, ward_mmr, town_mmr, township_mmr, "
                "district_mmr, state_mmr, latitude, longitude)")
    villages = [
        ("Kyee Pin (East)", "Taung Lay", "Myo Gyi", "Sagaing", 22.10, 95.10),
        ("Kyee Pin (West)", "Taung Lay", "Myo Gyi", "Sagaing", 22.12, 95.05),
        ("Nga Hpe", "Taung Lay", "Myo Gyi", "Sagaing", 22.20, 95.20),
        ("Shwe Kan", "Myit Wa", "Myo Gyi", "Sagaing", 22.60, 95.60),
        ("Zee Gone", "Myit Wa", "Myo Gyi", "Sagaing", 22.64, 95.64),
        ("No Point", "Myit Wa", "Myo Gyi", "Sagaing", None, None),
        ("Far Away", "Myit Wa", "Myo Gyi", "Sagaing", -27.5, 24.7),  # a misfiled point, outside Myanmar
        ("Old Town", "Taung Lay", "Myo Gyi", "Sagaing", 22.15, 95.15),  # GeoNames has it: left out
    ]
    for v in villages:
        con.execute("INSERT INTO villages VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (*_COLS, v[0], "", v[1], v[2], v[3], "", "", "", "", "", v[4], v[5]))
    for ward, lat in (("No (1) Ward", 22.30), ("No (2) Ward", 22.32)):
        con.execute("INSERT INTO wards VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (*_COLS, ward, "Taung Lay Town", "Taung Lay", "Myo Gyi", "Sagaing", "", "", "", "", "", lat,
                     95.30))
    con.commit()
    con.close()


@pytest.fixture()
def fake(tmp_path, monkeypatch):
    path = tmp_path / "mimu.db"
    _fake_db(path)
    monkeypatch.setattr(gv, "_db_path", lambda: path)
    # GeoNames' towns of Myanmar: (lat, lon, admin1 code, name key)
    towns = [(22.0, 95.0, "MM.10", "monywa"), (22.15, 95.15, "MM.10", "old town"), (16.8, 96.2, "MM.17", "yangon")]
    return {normalize(n): r for names, r in gv.read_mimu(towns, normalize) for n in names}


def test_village_names_without_their_parenthesis() -> None:
    assert gv.village_names("Kyee Pin (East)") == {"Kyee Pin (East)", "Kyee Pin"}
    assert gv.village_names("Nga Hpe") == {"Nga Hpe"}
    assert gv.village_names("Ywa Thit (Ywa Thit (North))") == {"Ywa Thit (Ywa Thit (North))", "Ywa Thit"}


def test_reader_villages_towns_townships(fake) -> None:
    # villages under their name and their name less the parenthesis, in the district of GeoNames' style
    v = fake["kyee pin (east)"]
    assert v[4] == "Kyee Pin (East)" and v[5] == "MM.10" and v[6] == "MMR" and v[8] == "Myo Gyi District"
    assert "kyee pin" in fake and "nga hpe" in fake
    # a town at its wards' point, under its name less "Town"; the township is that town
    t = fake["taung lay"]
    assert t[4] == "Taung Lay" and abs(t[1] - 22.31) < 0.02 and abs(t[2] - 95.30) < 0.01
    # a township without a town of its name: at the median of its villages
    m = fake["myit wa"]
    assert 22.6 <= m[1] <= 22.64 and 95.6 <= m[2] <= 95.64
    # no point, a point outside Myanmar, or a GeoNames town of that name within 10 km: left out
    assert "no point" not in fake and "far away" not in fake and "old town" not in fake


def test_reader_without_the_package(monkeypatch) -> None:
    monkeypatch.setattr(gv, "_db_path", lambda: None)
    assert gv.read_mimu([(22.0, 95.0, "MM.10", "monywa")], normalize) == []


@needs_mimu
def test_index_holds_myanmar_villages() -> None:
    import json

    gaz = get_gazetteer()
    meta = json.loads((gaz.folder / "meta.json").read_text())
    assert meta["mimu"] > 40_000 and f"-mm{gv.mimu_version()}" in meta["key"]
    # a village GeoNames' cities500 lacks, in Sagaing region (GeoNames admin1 MM.10)
    got = [e for e in gaz.candidates("Khan Twin") if e.country == "MMR"]
    assert any(e.admin1 == "MM.10" and haversine_km(e.lat, e.lon, 21.95, 94.51) < 5 for e in got)
    # Muse's wards are misfiled in MIMU (far outside Myanmar): no Muse of Myanmar outside it
    assert all(9 < e.lat < 29 for e in gaz.candidates("Muse") if e.country == "MMR")


# ---------------------------------------------------------------------------------------------- choosing a village

from eventwire.gazetteer import GeoEntry  # noqa: E402
from eventwire.stages import place_hierarchy as ph  # noqa: E402
from eventwire.stages.place_resolve import _best  # noqa: E402


def _town(name: str, lat: float, lon: float, admin1: str = "MM.10", pop: int = 0, village: bool = False) -> GeoEntry:
    return GeoEntry(0, name, "MMR", admin1, lat, lon, "city", pop, village=village)


class _Gaz:
    def __init__(self, entries: list[GeoEntry]) -> None:
        self.entries = entries

    def candidates_key(self, key: str) -> list[GeoEntry]:
        return [e for e in self.entries if normalize(e.name) == key]


def test_a_village_is_the_one_by_the_town_named_as_its_unit() -> None:
    unit = _town("Myo Gyi", 22.00, 95.00)
    far = _town("Kyee Pin", 22.50, 95.00)  # 56 km off: in the unit's reach (100 km), not by the town
    near = _town("Kyee Pin", 22.10, 95.05)  # 12 km off
    other_state = _town("Kyee Pin", 22.05, 95.00, admin1="MM.15")
    gaz = _Gaz([far, other_state, near])
    assert ph._nearest_reading(gaz, "kyee pin", far, unit) is near
    # a reading by the town stays; where no reading lies by the town, the reading stays too
    assert ph._nearest_reading(gaz, "kyee pin", near, unit) is near
    assert ph._nearest_reading(_Gaz([far]), "kyee pin", far, unit) is far
    # a town named with a township of its own name is that township's reading, however far its point
    ye = _town("Ye", 15.25, 97.86)
    assert ph._nearest_reading(_Gaz([ye, _town("Ye", 16.45, 97.64)]), "ye", ye, _town("Ye", 16.45, 97.64)) is ye


def test_a_reading_by_another_place_of_the_story_ranks_first() -> None:
    # two villages of one name, both within 100 km of a town the story names: the one within 25 km of it
    anchor = _town("Myo Gyi", 22.00, 95.00, pop=20_000)
    far = _town("Nga Hpe", 22.50, 95.00)
    near = _town("Nga Hpe", 22.10, 95.05)
    assert _best("nga hpe", [far, near], {"MMR": 1.0}, [("myo gyi", anchor, 1.0)], {}) is near


def test_villages_of_one_name_that_nothing_tells_apart_are_a_tie() -> None:
    # two villages of unknown size, 60 km apart, and nothing in the story near either: they score the same, and
    # the caller leaves the name unplaced (place_resolve.AMBIGUOUS_KM)
    from eventwire.stages.place_resolve import _unsized

    a, b = _town("Kyee Pin", 22.60, 95.94, village=True), _town("Kyee Pin", 22.06, 95.94, village=True)
    ties: list = []
    got = _best("kyee pin", [a, b], {"MMR": 1.0}, [], {}, ties=ties)
    assert ties == [b if got is a else a] and _unsized(a) and _unsized(b)
    # a place of the story 10 km from one of them breaks the tie
    ties = []
    by = _town("Sagaing", 22.55, 95.90, pop=20_000)
    assert _best("kyee pin", [a, b], {"MMR": 1.0}, [("sagaing", by, 1.0)], {}, ties=ties) is a and ties == []
    # a town of the name (MIMU's wards) goes before its villages, and is no tie
    town = _town("Kyee Pin", 21.0, 95.0)
    ties = []
    assert _best("kyee pin", [a, b, town], {"MMR": 1.0}, [], {}, ties=ties) is town and ties == []
    assert not _unsized(town)


@needs_mimu
def test_a_myanmar_village_of_its_township(nlp) -> None:
    from eventwire.stages.places import find_places

    # "Ho Nar": some thirty villages of the name in Shan; the one of the township named in the parenthesis
    got = {p.text: p for p in find_places(nlp(
        "On 3 March 2023, in Ho Nar village (Namhkan township, Muse district, Shan-North), soldiers burned ten "
        "houses."))}
    assert haversine_km(got["Ho Nar"].lat, got["Ho Nar"].lon, 23.83, 97.71) < 10
    # a township GeoNames lacks, at its town
    got = {p.text: p for p in find_places(nlp(
        "On 4 May 2023, in Yinmarbin township (Yinmarbin district, Sagaing region), residents marched."))}
    assert haversine_km(got["Yinmarbin"].lat, got["Yinmarbin"].lon, 22.08, 94.90) < 10


@needs_mimu
def test_a_bare_name_of_a_town_and_villages_is_the_town_of_villages_alone_unplaced(nlp) -> None:
    from eventwire.stages.places import find_places

    # about ten villages and a town are called Kyauk Myaung, and the sentence names nothing near any of them: the
    # town (Sagaing region)
    got = {p.text: p for p in find_places(nlp("Residents said soldiers burned a monastery in Kyauk Myaung on Monday."))}
    assert haversine_km(got["Kyauk Myaung"].lat, got["Kyauk Myaung"].lon, 22.6, 95.94) < 10
    # some thirty villages and no town are called Ho Nar: unplaced
    got = {p.text for p in find_places(nlp("Residents said soldiers burned ten houses in Ho Nar on Monday."))}
    assert "Ho Nar" not in got
    # its region beside it chooses: the town of Sagaing region
    got = {p.text: p for p in find_places(nlp(
        "Residents said soldiers burned a monastery in Kyauk Myaung, Sagaing Region, on Monday."))}
    assert got["Kyauk Myaung"].admin1 == "MM.10"
