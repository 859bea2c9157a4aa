"""The actor knowledge base: packaged data, lookups, validation and user extensions."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import DataError
from eventwire.kb import KINDS, SECTORS, KnowledgeBase, normalise_alias, tokenize_alias
from eventwire.kb_load import load_kb

# The 193 UN member states (ISO 3166-1 alpha-3).
UN_MEMBERS = """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA BRN BGR BFA BDI
CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI
EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA
JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM
MDA MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT
KOR ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE
SYR TJK TZA THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR USA URY UZB VUT VEN VNM YEM ZMB ZWE
""".split()


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb([])


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# --- packaged data ------------------------------------------------------------------------------

def test_un_members_are_all_present_with_demonyms_capital_and_geonames(kb):
    assert len(UN_MEMBERS) == 193 == len(set(UN_MEMBERS))
    for iso3 in UN_MEMBERS:
        e = kb.get(iso3)
        assert e is not None, iso3
        assert e.kind == "state" and e.country == iso3
        assert e.demonyms, iso3
        assert e.capital, iso3
        assert isinstance(e.geonames_id, int), iso3
        assert kb.institution(iso3, "GOV") is not None and kb.institution(iso3, "MIL") is not None


def test_observer_and_disputed_states(kb):
    for iso3 in ("PSE", "XKX", "TWN"):
        assert kb.get(iso3).kind == "state"
    assert kb.state_by_demonym("Palestinian").id == "PSE"


def test_entries_are_well_formed(kb):
    assert len(kb) > 600
    for e in kb.entries.values():
        assert e.kind in KINDS
        assert e.sector is None or e.sector in SECTORS
        assert e.name == e.aliases[0]
        assert e.country is None or kb.get(e.country).kind == "state"
        for _, other in e.affiliations:
            assert other in kb


@pytest.mark.parametrize("text, expected", [
    ("Badr Organisation", "badr-organisation"),
    ("Badr Organization", "badr-organisation"),
    ("Badr Brigade", "badr-organisation"),
    ("Al-Nujaba Movement", "harakat-al-nujaba"),
    ("al Nujaba", "harakat-al-nujaba"),
    ("Harakat Hezbollah al-Nujaba", "harakat-al-nujaba"),
    ("Hezbollah", "hezbollah"),
    ("Hizbollah", "hezbollah"),
    ("Hizbullah", "hezbollah"),
    ("Lebanon's Hezbollah", "hezbollah"),
    ("Hezbollah\u2019s", "hezbollah"),
    ("Kataib Hezbollah", "kataib-hezbollah"),
    ("Asaib Ahl al-Haq", "asaib-ahl-al-haq"),
    ("the Houthis", "houthis"),
    ("Ansar Allah", "houthis"),
    ("Hamas", "hamas"),
    ("Islamic Jihad", "palestinian-islamic-jihad"),
    ("HTS", "hts"),
    ("Hayat Tahrir al-Sham", "hts"),
    ("Syrian National Army", "syrian-national-army"),
    ("SDF", "sdf"),
    ("YPG", "ypg"),
    ("Free Syrian Army", "free-syrian-army"),
    ("ISIS", "islamic-state"),
    ("Daesh", "islamic-state"),
    ("IS", "islamic-state"),
    ("al-Qaeda", "al-qaeda"),
    ("al-Shabaab", "al-shabaab"),
    ("Boko Haram", "boko-haram"),
    ("ISWAP", "iswap"),
    ("JNIM", "jnim"),
    ("RSF", "rsf"),
    ("M23", "m23"),
    ("Wagner Group", "wagner-group"),
    ("Taliban", "taliban"),
    ("TTP", "ttp"),
    ("BLA", "bla"),
    ("Arakan Army", "arakan-army"),
    ("KIA", "kia"),
    ("People's Defence Force", "pdf-myanmar"),
    ("NPA", "npa"),
    ("Abu Sayyaf", "abu-sayyaf"),
    ("Maoists", "cpi-maoist"),
    ("ELN", "eln"),
    ("FARC dissidents", "farc-emc"),
    ("Sinaloa Cartel", "sinaloa-cartel"),
    ("CJNG", "cjng"),
    ("Viv Ansanm", "viv-ansanm"),
    ("Syrian National Coalition", "syrian-national-coalition"),
    ("Syrian opposition", "syrian-opposition"),
    ("Bashar al-Assad", "bashar-al-assad"),
    ("Assad", "bashar-al-assad"),
    ("Hadi al-Bahra", "hadi-al-bahra"),
    ("Abu Mohammed al-Julani", "ahmed-al-sharaa"),
    ("Naim Qassem", "naim-qassem"),
    ("Hemedti", "hemedti"),
    ("Min Aung Hlaing", "min-aung-hlaing"),
    ("IDF", "ISR:MIL"),
    ("Israeli military", "ISR:MIL"),
    ("Syrian Arab Army", "SYR:MIL"),
    ("Assad regime", "SYR:GOV"),
    ("IRGC", "IRN:MIL:irgc"),
    ("Hashd al-Shaabi", "IRQ:MIL:pmf"),
    ("Russian Armed Forces", "RUS:MIL"),
    ("IntelliNews", "bne-intellinews"),
    ("UN", "un"),
    ("UNHCR", "unhcr"),
    ("ICRC", "icrc"),
    ("Syrian Observatory for Human Rights", "sohr"),
    ("US", "USA"),
    ("CONAIE", "conaie"),
    ("KCTU", "kctu"),
    ("Comisiones Obreras", "ccoo"),
    ("COSATU", "cosatu"),
    ("CRPF", "IND:COP:crpf"),
    ("FACA", "CAF:MIL"),
    ("INC", "indian-national-congress"),
    ("USAID", "USA:GOV:usaid"),
    ("KSrelief", "SAU:GOV:ksrelief"),
    ("Action Against Hunger", "action-against-hunger"),
    ("Handicap International", "humanity-inclusion"),
    ("Islamic Relief", "islamic-relief"),
])
def test_must_have_aliases_resolve(kb, text, expected):
    assert expected in [e.id for e in kb.match_alias(text)]


def test_canonical_article_actors(kb):
    badr = kb.match_alias("Badr Organisation")[0]
    assert (badr.country, badr.kind, badr.sector) == ("IRQ", "armed_group", "REB")
    assert kb.backers("badr-organisation") == ["IRN"]
    nujaba = kb.match_alias("Al-Nujaba Movement")[0]
    assert nujaba.country == "IRQ" and "IRN" in kb.backers(nujaba.id)
    hez = kb.match_alias("Hizbollah")[0]
    assert (hez.country, hez.kind, hez.sector) == ("LBN", "armed_group", "REB")
    assert kb.backers("hezbollah") == ["IRN"]
    assad = kb.get("bashar-al-assad")
    assert (assad.country, assad.sector, assad.kind) == ("SYR", "GOV", "person")
    assert kb.leader_of("bashar-al-assad") == "SYR:GOV"
    bahra = kb.get("hadi-al-bahra")
    assert (bahra.country, bahra.sector) == ("SYR", "OPP")
    assert kb.institution("ISR", "MIL").id == "ISR:MIL"
    assert "IDF" in kb.institution("ISR", "MIL").aliases


def test_backers_of_other_groups(kb):
    assert kb.backers("m23") == ["RWA"]
    assert kb.backers("houthis") == ["IRN"]
    assert kb.backers("syrian-national-army") == ["TUR"]
    assert "USA" in kb.backers("sdf")
    assert kb.backers("hts") == []
    assert kb.backers("no-such-id") == []


def test_leaders(kb):
    assert kb.leader_of("naim-qassem") == "hezbollah"
    assert kb.leader_of("hadi-al-bahra") == "syrian-national-coalition"
    assert kb.leader_of("hezbollah") is None
    assert kb.leader_of("nobody") is None
    assert "hassan-nasrallah" in kb.led_by("hezbollah")


def test_match_alias_case_rules(kb):
    assert kb.match_alias("us") == []  # short aliases need their exact case
    assert kb.match_alias("Is") == []
    assert kb.match_alias("HEZBOLLAH")[0].id == "hezbollah"  # long ones do not
    assert kb.match_alias("hizbullah")[0].id == "hezbollah"
    assert kb.match_alias("no such group at all") == []


def test_match_alias_normalisation(kb):
    assert kb.match_alias("the Badr Organization")[0].id == "badr-organisation"
    assert kb.match_alias("Al Nujaba Movement")[0].id == "harakat-al-nujaba"
    assert kb.match_alias("Kata\u2019ib Hezbollah")[0].id == "kataib-hezbollah"
    assert kb.match_alias("Hezbollah's")[0].id == "hezbollah"
    assert normalise_alias("the  Badr\u2010Organization’s") == "Badr Organisation"


def test_generated_institutions(kb):
    gov = kb.institution("FRA", "GOV")
    assert gov.name == "France government" and gov.kind == "organisation" and gov.sector == "GOV"
    assert "French government" in gov.aliases
    assert kb.match_alias("Iraqi army")[0].id == "IRQ:MIL"
    assert kb.match_alias("Congolese army")[0].id == "COD:MIL"  # a shared demonym goes to one state
    # a data alias wins over a generated one: "Lebanese Forces" is a party
    assert [e.id for e in kb.match_alias("Lebanese Forces")] == ["lebanese-forces"]
    assert "Damascus" not in kb.institution("SYR", "GOV").aliases


@pytest.mark.parametrize("word, iso3", [
    ("Iraqi", "IRQ"), ("Iraqis", "IRQ"), ("Israeli", "ISR"), ("Syrians", "SYR"), ("Lebanese", "LBN"),
    ("Saudi", "SAU"), ("Emirati", "ARE"), ("Turkish", "TUR"), ("Turk", "TUR"), ("Turks", "TUR"),
    ("Palestinian", "PSE"), ("Yemeni", "YEM"), ("Sudanese", "SDN"), ("Congolese", "COD"), ("Burmese", "MMR"),
    ("Myanmar", "MMR"), ("Ukrainian", "UKR"), ("Russian", "RUS"), ("American", "USA"), ("U.S.", "USA"),
    ("US", "USA"), ("British", "GBR"), ("UK", "GBR"), ("Iranian", "IRN"), ("Dominican", "DOM"),
])
def test_state_by_demonym(kb, word, iso3):
    assert kb.state_by_demonym(word).id == iso3


def test_state_by_demonym_misses(kb):
    assert kb.state_by_demonym("Shi'ite") is None
    assert kb.state_by_demonym("us") is None
    assert kb.state_by_demonym("Martian") is None


def test_state_by_name(kb):
    assert kb.state_by_name("Syria").id == "SYR"
    assert kb.state_by_name("the United States").id == "USA"
    assert kb.state_by_name("Türkiye").id == "TUR"
    assert kb.state_by_name("DRC").id == "COD"
    assert kb.state_by_name("Hezbollah") is None


@pytest.mark.parametrize("noun, expected", [
    ("troops", ("MIL", "generic")), ("troop", ("MIL", "generic")), ("soldiers", ("MIL", "generic")),
    ("army", ("MIL", "generic")), ("air force", ("MIL", "generic")), ("warplanes", ("MIL", "generic")),
    ("government", ("GOV", "generic")), ("prime minister", ("GOV", "generic")), ("authorities", ("GOV", "generic")),
    ("rebels", ("REB", "armed_group")), ("fighters", ("REB", "armed_group")), ("militia", ("REB", "armed_group")),
    ("militias", ("REB", "armed_group")), ("opposition", ("OPP", "generic")), ("police", ("COP", "generic")),
    ("policemen", ("COP", "generic")), ("security forces", ("COP", "generic")), ("protesters", ("CVL", "generic")),
    ("civilians", ("CVL", "generic")), ("journalist", ("MED", "generic")), ("judge", ("JUD", "generic")),
    ("lawmakers", ("LEG", "generic")), ("intelligence", ("SPY", "generic")), ("party", ("PTY", "organisation")),
    ("companies", ("BUS", "organisation")), ("cleric", ("REL", "generic")), ("aid workers", ("NGO", "organisation")),
    ("diplomat", ("GOV", "generic")), ("Foreign Minister", ("GOV", "generic")),
    # police words of Indian and US local news (IndiaPoliceEvents' register): "cops", "constables", "the SHO"
    ("cops", ("COP", "generic")), ("constables", ("COP", "generic")), ("sub-inspector", ("COP", "generic")),
    ("station house officer", ("COP", "generic")), ("troopers", ("COP", "generic")),
])
def test_sector_of_noun(kb, noun, expected):
    assert kb.sector_of_noun(noun) == expected


def test_sector_of_noun_miss(kb):
    assert kb.sector_of_noun("shrine") is None


def test_alias_token_index(kb):
    index = kb.alias_token_index()
    assert "harakat-al-nujaba" in index[("al", "-", "nujaba")]
    assert "harakat-al-nujaba" in index[("al", "nujaba")]
    assert "badr-organisation" in index[("badr", "organisation")]
    assert "badr-organisation" in index[("badr", "organization")]
    assert "USA" in index[("u.s.",)]
    assert kb.max_alias_tokens >= max(len(k) for k in index)
    assert tokenize_alias("Lebanon\u2019s Hezbollah") == ("lebanon", "'s", "hezbollah")


def test_alias_tokens_agree_with_spacy(kb):
    spacy = pytest.importorskip("spacy")
    tokenizer = spacy.blank("en").tokenizer
    bad = []
    for e in kb.entries.values():
        for alias in e.aliases:
            expected = tuple(t.lower_ for t in tokenizer(alias.replace("\u2019", "'")))
            if tokenize_alias(alias) != expected:
                bad.append((alias, expected, tokenize_alias(alias)))
    assert bad == []


def test_load_is_cached_and_reloads(kb):
    from eventwire.kb_load import _load

    assert load_kb() is load_kb()  # one load per process (its speed is a benchmark's business, not a test's)
    _load.cache_clear()
    again = load_kb()
    assert again is not kb and again is load_kb() and len(again.entries) == len(kb.entries)


# --- user extensions ----------------------------------------------------------------------------

EXTENSION = """
- id: lions-of-the-north
  name: Lions of the North
  kind: armed_group
  country: SYR
  sector: REB
  aliases: [Northern Lions]
  affiliations:
    - {relation: backs, by: TUR}
- id: badr-organisation
  aliases: [Badr militia]
- id: ISR:MIL
  aliases: [Tzahal]
"""


def test_extension_adds_a_group_and_extends_another(tmp_path):
    kb = load_kb([write(tmp_path, "mine.yaml", EXTENSION)])
    assert kb.match_alias("Northern Lions")[0].id == "lions-of-the-north"
    assert kb.backers("lions-of-the-north") == ["TUR"]
    badr = kb.match_alias("Badr militia")[0]
    assert badr.id == "badr-organisation" and badr.name == "Badr Organisation"
    assert "Badr Brigade" in badr.aliases and badr.country == "IRQ"
    assert kb.backers("badr-organisation") == ["IRN"]
    assert kb.match_alias("Tzahal")[0].id == "ISR:MIL"
    assert load_kb().get("lions-of-the-north") is None  # the packaged KB is untouched


def test_extension_replaces_scalars_and_accepts_actors_mapping(tmp_path):
    p = write(tmp_path, "mine.yaml", "actors:\n  - id: hezbollah\n    name: Hezbollah (Lebanon)\n"
                                     "    kind: armed_group\n    sector: PTY\n")
    kb = load_kb([p])
    hez = kb.get("hezbollah")
    assert hez.name == "Hezbollah (Lebanon)" and hez.sector == "PTY" and hez.country == "LBN"
    assert kb.match_alias("Hezbollah")[0].id == "hezbollah"  # the old name stays an alias


def test_extension_from_environment(tmp_path, monkeypatch):
    p = write(tmp_path, "env.yaml", EXTENSION)
    monkeypatch.setenv("EVENTWIRE_KB", str(p))
    assert load_kb().get("lions-of-the-north") is not None
    assert load_kb([write(tmp_path, "other.yaml", "[]")]).get("lions-of-the-north") is None


def test_missing_extension_file(tmp_path):
    with pytest.raises(DataError) as err:
        load_kb([tmp_path / "nope.yaml"])
    assert "nope.yaml" in str(err.value)


# --- validation ---------------------------------------------------------------------------------

GOOD = "- id: new-group\n  name: New Group\n  kind: armed_group\n  country: SYR\n"


@pytest.mark.parametrize("text, needle", [
    ("- id: g1\n  name: G\n  kind: armed_group\n  colour: red\n", "unknown key"),
    ("- name: G\n  kind: armed_group\n", "missing or empty 'id'"),
    ("- id: g1\n  kind: armed_group\n", "missing or empty 'name'"),
    ("- id: g1\n  name: G\n", "missing or empty 'kind'"),
    ("- id: g1\n  name: G\n  kind: militia\n", "bad kind"),
    ("- id: g1\n  name: G\n  kind: armed_group\n  country: Syria\n", "bad country"),
    ("- id: g1\n  name: G\n  kind: armed_group\n  country: XYZ\n", "not a state"),
    ("- id: g1\n  name: G\n  kind: organisation\n  operates_in: Ukraine\n", "bad operates_in"),
    ("- id: g1\n  name: G\n  kind: organisation\n  operates_in: XYZ\n", "not a state"),
    ("- id: g1\n  name: G\n  kind: armed_group\n  sector: ARMY\n", "unknown sector"),
    ("- id: g1\n  name: G\n  kind: armed_group\n  affiliations:\n    - {relation: backs, by: NOWHERE}\n",
     "names no entry"),
    ("- id: g1\n  name: G\n  kind: armed_group\n  affiliations:\n    - {relation: funds, by: IRN}\n",
     "unknown relation"),
    ("- id: G 1\n  name: G\n  kind: armed_group\n", "bad id"),
    ("- id: g1\n  name: G\n  kind: armed_group\n  capital: X\n", "only for states"),
    ("- id: g1\n  name: G\n  kind: armed_group\n  aliases: G2\n", "list of non-empty strings"),
    ("- id: XXA\n  name: G\n  kind: state\n  country: IRN\n", "own id"),
    ("- id: g1\n  name: G\n  kind: person\n  role: {relation: leads, of: nobody-known}\n", "names no entry"),
    (GOOD + GOOD, "defined twice"),
    ("{a: 1}", "expected a list"),
    ("- id: [unclosed\n", "not valid YAML"),
])
def test_validation_errors_name_file_and_entry(tmp_path, text, needle):
    p = write(tmp_path, "bad.yaml", text)
    with pytest.raises(DataError) as err:
        load_kb([p])
    msg = str(err.value)
    assert needle in msg
    assert err.value.path is not None and "bad.yaml" in err.value.path and "bad.yaml" in msg
    if "- id: g1" in text:
        assert "'g1'" in msg


def test_duplicate_ids_across_packaged_files_are_refused(tmp_path):
    from eventwire import kb_load

    builder = kb_load._Builder()
    builder.collect("a.yaml", [{"id": "x", "name": "X", "kind": "organisation"}], extension=False)
    with pytest.raises(DataError) as err:
        builder.collect("b.yaml", [{"id": "x", "name": "X2", "kind": "organisation"}], extension=False)
    assert "a.yaml" in str(err.value) and "b.yaml" in str(err.value)


def test_a_valid_extension_loads(tmp_path):
    assert load_kb([write(tmp_path, "good.yaml", GOOD)]).get("new-group").country == "SYR"


def test_sectors_lexicon_validation():
    from eventwire.kb_load import _load_nouns

    with pytest.raises(DataError, match="unknown sector"):
        _load_nouns("XYZ: {generic: [a]}", "s.yaml")
    with pytest.raises(DataError, match="already listed"):
        _load_nouns("MIL: {generic: [army]}\nGOV: {generic: [army]}", "s.yaml")


@pytest.mark.parametrize("word, iso3", [("Afganistan", "AFG"), ("Ethopia", "ETH"), ("Philipines", "PHL"),
                                        ("Mangola", None), ("Americas", None), ("Columbia", None), ("Niger", None),
                                        ("Iraq", None)])
def test_misspelt_state_names(kb, word, iso3):
    """One letter off a state name, same start and end: the state; exact names and look-alikes are not."""
    got = kb.state_by_misspelling(word)
    assert (got.id if got else None) == iso3


def test_counter_government_is_the_one_opposition_body_calling_itself_a_government(kb, tmp_path):
    assert kb.counter_government("MMR").id == "MMR:GOV:nug"  # the National Unity Government
    assert kb.counter_government("SYR") is None  # "Syrian opposition" does not call itself a government
    assert kb.counter_government("FRA") is None
    rival = write(tmp_path, "mine.yaml", "- id: mmr-rival\n  name: Provisional Federal Government of Burma\n"
                  "  kind: organisation\n  country: MMR\n  sector: OPP\n  aliases: [PFGB]\n"
                  "- id: ye-exiles\n  name: Yemeni Government in Exile\n  kind: organisation\n  country: YEM\n"
                  "  sector: OPP\n  aliases: [YGE]\n")
    mine = load_kb([rival])
    assert mine.counter_government("MMR") is None  # two candidates: none is "the" counter-government
    assert mine.counter_government("YEM").id == "ye-exiles"


def test_a_mission_works_in_one_state():
    kb = load_kb()
    assert kb.get("osce-smm").operates_in == "UKR" and kb.get("osce-smm").country is None
    assert kb.get("osce").operates_in is None
