"""The incident model's parts on their own and on a real store: scoring, average linkage (no chains), independent
sources (each outlet once, unknown outlets apart, syndicated copies once), ACLED's headline figure, the candidate
index."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from eventwire import corroborate as C
from eventwire.corroborate import index, sources
from eventwire.ingest import read_sources
from eventwire.pipeline import default_pipeline
from eventwire.store import Store


def _rep(pk=1, article="a", type_="ASSAULT", status="reported", country="SYR", lat=36.2, lon=37.15,
         feature="city", day="2024-12-03", latest=None, sources=(("SYR:REB:hts", "SYR", "REB"),), targets=(),
         fatalities=None, place_id=None, names=(), article_names=(), place_name=None):
    lo = dt.date.fromisoformat(day)
    return C.Report(pk=pk, article_id=article, type=type_, mode=None, status=status, country=country, lat=lat,
                    lon=lon, feature=feature, earliest=lo, latest=dt.date.fromisoformat(latest) if latest else lo,
                    sources=list(sources), actor_ids={s[0] for s in sources} | set(targets), targets=set(targets),
                    fatalities=fatalities, place_id=place_id, names=set(names), article_names=set(article_names),
                    place_name=place_name)


def test_a_syndicated_copy_follows_its_original_into_its_incident():
    # a copy's event (the same sentence) goes where the original's went, though another incident scores higher
    original = _rep(pk=1, article="wire", country=None, lat=None, lon=None, feature=None, sources=(),
                    targets=("SOM:MIL",), fatalities=12)
    original.sentence = "k1"
    placed = _rep(pk=2, article="local", country="SOM", lat=2.04, lon=45.34, sources=(), fatalities=9)
    claim = _rep(pk=3, article="other", country=None, lat=None, lon=None, feature=None,
                 sources=(("al-shabaab", "SOM", "REB"),), targets=("SOM:MIL",), fatalities=12)
    copy = _rep(pk=4, article="copy", country=None, lat=None, lon=None, feature=None, sources=(),
                targets=("SOM:MIL",), fatalities=12)
    copy.sentence = "k1"
    assert C.rule.retold(copy, original) and not C.rule.retold(copy, claim)
    assert C.best_incident(copy, {1: [original, placed], 2: [claim]})[0] == 1
    copy.sentence = "k2"  # another sentence: the model's best mean decides
    assert C.best_incident(copy, {1: [original, placed], 2: [claim]})[0] == 2
    # a copy whose original's incident holds a report that rules it out goes by the model too
    far = _rep(pk=5, article="far", day="2024-12-20", sources=())  # two weeks later
    copy.sentence = "k1"
    assert C.best_incident(copy, {1: [original, far]})[0] is None


def test_a_denial_and_the_deniers_account_join_the_happening_they_deny():
    # "Drones hit the central market in Sumy ... The Kremlin denied targeting civilians and said Russian forces
    # had struck a Ukrainian military command post in the city": one happening, three accounts, one article
    market = _rep(pk=1, country="UKR", lat=50.9, lon=34.8, sources=(("UKR:MIL", "UKR", "MIL"),),
                  targets=("UKR", "UKR:CVL"), fatalities=24)
    denial = _rep(pk=2, status="denied", country=None, lat=None, lon=None, feature=None,
                  sources=(("RUS:GOV", "RUS", "GOV"),), targets=("UKR:CVL",))
    account = _rep(pk=3, country=None, lat=None, lon=None, feature=None, sources=(("RUS:MIL", "RUS", "MIL"),),
                   targets=("UKR:MIL",))
    market.target_kinds, account.target_kinds = {("UKR", "GOV"), ("UKR", "CVL")}, {("UKR", "MIL")}
    assert not C.rule.one_mention(denial, market)  # told plainly, the two would stay apart
    denial.version = account.version = True
    assert C.rule.one_mention(denial, market) and C.rule.one_mention(account, denial)
    assert C.rule.one_mention(account, market)
    other = _rep(pk=4, article="b", country="UKR", lat=50.9, lon=34.8, sources=(("RUS:MIL", "RUS", "MIL"),),
                 targets=("UKR:CVL",), fatalities=15)
    assert C.incident_score(account, [market, other, denial]) is not None
    # a denial of something another day is still another happening
    later = _rep(pk=5, status="denied", day="2024-12-20", country=None, lat=None, lon=None, feature=None,
                 sources=(("RUS:GOV", "RUS", "GOV"),), targets=("UKR:CVL",))
    later.version = True
    assert not C.rule.one_mention(later, market)


def test_a_place_name_both_texts_give_outweighs_a_reading_of_it_far_away():
    # "in Avondale, Harare" read as Avondale, Arizona in one report: both sentences name Avondale and Harare
    cop = (("ZWE:COP", "ZWE", "COP"),)
    harare = _rep(type_="COERCE", country="ZWE", lat=-17.83, lon=31.05, sources=cop, targets=("ZWE:OPP",),
                  names=("avondale", "harare"), place_name="harare")
    arizona = _rep(article="b", type_="COERCE", country="USA", lat=33.44, lon=-112.35, sources=cop,
                   targets=("ZWE:OPP",), names=("avondale", "harare"), place_name="avondale")
    assert C.veto(harare, arizona) is None and C.score(harare, arizona) >= C.THRESHOLD
    # "the border town of Adre, facing Sudan's Darfur region" placed in Darfur, against Adre itself
    chad = (("TCD:MIL", "TCD", "MIL"),)
    darfur = _rep(type_="MOBILIZE", country="SDN", lat=13.5, lon=24.5, feature="region", sources=chad,
                  names=("adre", "darfur"), place_name="darfur")
    adre = _rep(article="b", type_="MOBILIZE", country="TCD", lat=13.47, lon=22.2, sources=chad, names=("adre",),
                place_name="adre")
    assert C.veto(darfur, adre) is None and C.rule.place_score(darfur, adre) == C.rule.SAME_NAME
    # two towns both named ("the Nakuru-Nairobi highway") stay two places 140 km apart
    kvl = (("KEN:CVL", "KEN", "CVL"),)
    nairobi = _rep(type_="PROTEST", country="KEN", lat=-1.28, lon=36.82, sources=kvl, names=("nairobi",),
                   place_name="nairobi")
    nakuru = _rep(article="b", type_="PROTEST", country="KEN", lat=-0.31, lon=36.07, sources=kvl,
                  names=("nakuru", "nairobi"), place_name="nakuru")
    assert C.veto(nairobi, nakuru) == "place"
    nakuru.names.add("nairobi")
    nairobi.names.add("nakuru")  # each names the other town: still two towns of one country
    assert C.veto(nairobi, nakuru) == "place"
    # one name read as two villages of one country, 90 km apart: two places
    a, b = (_rep(article=k, type_="PROTEST", country="KEN", lat=lat, lon=36.8, sources=kvl, names=("kiambu",),
                 place_name="kiambu") for k, lat in (("x", -1.2), ("y", -2.0)))
    assert C.veto(a, b) == "place"
    # and a different name gives no such licence
    assert C.veto(harare, _rep(article="c", type_="COERCE", country="USA", lat=33.44, lon=-112.35, sources=cop,
                               names=("phoenix",), place_name="phoenix")) == "place"


def test_an_unplaced_report_is_placed_by_the_names_its_article_gives():
    # "MOGADISHU, Somalia (AP) - A car bomb exploded at a checkpoint ...": the event's sentence names no place
    unplaced = _rep(country=None, lat=None, lon=None, feature=None, sources=(), targets=("SOM:MIL",),
                    article_names=("mogadishu",))
    placed = _rep(article="b", country="SOM", lat=2.04, lon=45.34, sources=(), names=("mogadishu",),
                  place_name="mogadishu")
    elsewhere = _rep(article="c", country="SOM", lat=3.12, lon=43.65, sources=(), names=("baidoa",),
                     place_name="baidoa")
    assert C.place_score(unplaced, placed) == C.rule.ARTICLE_NAME
    assert C.specific(unplaced, placed) and not C.specific(unplaced, elsewhere)
    assert C.place_score(unplaced, placed) < C.rule.SAME_NAME  # weaker than the event's own sentence
    # two reports of one article share every name it gives: that is no evidence
    sibling = _rep(pk=2, country="SOM", lat=2.04, lon=45.34, sources=(), names=("mogadishu",))
    assert C.place_score(unplaced, sibling) == C.rule.UNKNOWN


def test_two_mentions_of_one_happening_in_one_article_share_its_incident():
    # "Thousands rallied outside parliament in Tbilisi ... participants blocked the avenue": one protest told
    # twice; the same article's protest in another city is another happening
    cvl = (("GEO:CVL", "GEO", "CVL"),)
    first = _rep(pk=1, type_="PROTEST", country="GEO", lat=41.69, lon=44.83, sources=cvl, place_id="tbilisi")
    again = _rep(pk=2, type_="PROTEST", country="GEO", lat=41.69, lon=44.83, sources=cvl, place_id="tbilisi")
    batumi = _rep(pk=3, type_="PROTEST", country="GEO", lat=41.64, lon=41.63, sources=cvl, place_id="batumi")
    assert C.veto(first, again) == "same article"  # the pairwise model still tells articles apart
    assert C.rule.one_mention(first, again) and not C.rule.one_mention(first, batumi)
    other = _rep(pk=4, article="b", type_="PROTEST", country="GEO", lat=41.69, lon=44.83, sources=cvl)
    assert C.incident_score(again, [first, other]) is not None
    assert C.incident_score(batumi, [first]) is None
    assert C.best_incident(again, {1: [first, other]})[0] == 1


def test_figures_that_differ_as_reports_do_still_match_and_far_apart_ones_weigh_against():
    a = _rep(fatalities=17)
    assert C.rule.figures_score(a, _rep(article="b", fatalities=21)) == 1.0
    assert C.rule.figures_score(a, _rep(article="b", fatalities=8)) == 1.0  # the army's lower count
    assert C.rule.figures_score(a, _rep(article="b", fatalities=120)) < 0.5
    assert C.score(a, _rep(article="b", fatalities=21)) > C.score(a, _rep(article="b", fatalities=120))


def test_verbal_events_need_the_same_addressee():
    gov = (("SYR:GOV", "SYR", "GOV"),)
    a = _rep(type_="ACCUSE", sources=gov, targets=("ISR",), lat=None, lon=None, feature="country")
    assert C.veto(a, _rep(article="b", type_="ACCUSE", sources=gov, targets=("TUR",), lat=None, lon=None,
                          feature="country")) == "addressee"
    same = _rep(article="b", type_="ACCUSE", sources=gov, targets=("ISR",), lat=None, lon=None, feature="country")
    assert C.veto(a, same) is None and C.score(a, same) >= C.THRESHOLD


def test_a_state_and_its_own_forces_are_one_side_but_not_another_states_forces():
    # "Chad sent troops to Adre" and "the Chadian army deployed to Adre": the state acts through its army
    state = (("TCD", "TCD", "GOV"),)
    army = (("TCD:MIL", "TCD", "MIL"),)
    a = _rep(type_="MOBILIZE", country="TCD", sources=state)
    assert C.rule.actor_score(a, _rep(article="b", type_="MOBILIZE", country="TCD", sources=army)) \
        == C.rule.STATE_ITSELF
    foreign = (("SDN:MIL", "SDN", "MIL"),)
    assert C.rule.actor_score(a, _rep(article="b", type_="MOBILIZE", country="TCD", sources=foreign)) == 0.0
    rebels = (("TCD:REB", "TCD", "REB"),)  # a state's rebels are not its organ
    assert C.rule.actor_score(a, _rep(article="b", type_="MOBILIZE", country="TCD", sources=rebels)) == 0.0


def test_average_linkage_breaks_chains():
    # A and B are 40 km apart, B and C 40 km apart, A and C 80 km apart: C matches B alone, never the incident
    a = _rep(pk=1, article="a", lat=36.0, lon=37.0)
    b = _rep(pk=2, article="b", lat=36.36, lon=37.0)
    c = _rep(pk=3, article="c", lat=36.72, lon=37.0)
    assert C.veto(b, c) is None and C.veto(a, c) == "place"
    assert C.best_incident(c, {1: [a, b]})[0] is None
    # the best mean wins, not the oldest candidate
    near = _rep(pk=4, article="d", lat=36.73, lon=37.01)
    assert C.best_incident(c, {1: [b], 2: [near]})[0] == 2


def test_nothing_specific_in_common_is_not_one_happening():
    # same type, country and day, but no actor and no place finer than the country on either side
    a = _rep(sources=(), lat=None, lon=None, feature="country")
    b = _rep(article="b", sources=(), lat=None, lon=None, feature="country")
    assert C.best_incident(b, {1: [a]})[0] is None


def test_headline_fatalities_is_the_lowest_credible_report_never_a_sum():
    reps = [{"value": 17}, {"value": 19}, {"value": 21}, {"value": 8}, {"value": 40, "status": "denied"}]
    assert sources.headline_fatalities(reps) == {"best": 8, "low": 8, "high": 21, "reports": 4}
    assert sources.headline_fatalities([{"value": 0}, {"value": 12}]) == {"best": 12, "low": 12, "high": 12,
                                                                          "reports": 2}
    assert sources.headline_fatalities([{"value": 0}]) == {"best": 0, "low": 0, "high": 0, "reports": 1}
    assert sources.headline_fatalities([{"value": None}]) is None


WIRE = ("A drone strike hit a crowded market in the town of Kafr Nabl in Syria's Idlib province on Monday, killing at least 17 people and "
        "wounding dozens, local rescuers said. The strike destroyed several shops and a bakery. Residents said "
        "the drone circled the area for several minutes before it fired. Rescuers were still searching the "
        "rubble late on Monday, and hospitals in the area appealed for blood donations.")


def test_syndicated_copies_count_once_and_outlets_once():
    edited = "Breaking: " + WIRE.replace(" The strike destroyed several shops and a bakery.", "") + " Follow us."
    own = ("Nineteen civilians died when a drone struck the Kafr Nabl market, a monitoring group said on Tuesday. "
           "It blamed government forces.")
    sigs = [sources.signature(t) for t in (WIRE, edited, own)]
    assert sources.similarity(sigs[0], sigs[1]) >= sources.SYNDICATED > sources.similarity(sigs[0], sigs[2])
    got = sources.independent_sources([
        {"id": "1", "outlet": "Wire One", "minhash": sigs[0], "carriers": ["Gazette"]},
        {"id": "2", "outlet": "Daily Two", "minhash": sigs[1]},
        {"id": "3", "outlet": "Wire One", "minhash": sigs[2]},  # the same outlet again: once
        {"id": "4", "outlet": None, "minhash": sources.signature("An unrelated text about the strike, unsigned.")},
        {"id": "5", "outlet": " ", "minhash": sources.signature("Another unsigned text, worded its own way.")},
    ])
    assert got["outlets"] == ["Wire One"] and got["unknown"] == 2
    assert {c["outlet"] for c in got["carried_by"]} == {"Gazette", "Daily Two"}
    assert got["group"]["1"] == got["group"]["2"] != got["group"]["3"]



def test_syndication_groups_link_every_near_pair_in_order():
    """The groups are those of comparing each text with every earlier one, pair by pair, and linking in that order
    (texts that chain through a third share a group; a missing signature joins none)."""
    import random

    rng = random.Random(7)
    base = [sources.signature(f"{WIRE} Version {k} of the wire, retold by outlet {k}.") for k in range(4)]
    words = WIRE.split()
    sigs: list[bytes | None] = []
    for k in range(40):  # rewordings of a few texts, some far enough to start a group of their own
        w = list(words)
        for _ in range(rng.choice((0, 3, 12, 40))):
            w[rng.randrange(len(w))] = f"w{rng.randrange(10**6)}"
        sigs.append(None if k % 9 == 4 else sources.signature(" ".join(w)) if k % 3 else base[k % 4])

    parent = list(range(len(sigs)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(sigs)):
        for j in range(i):
            if sources.similarity(sigs[i], sigs[j]) >= sources.SYNDICATED:
                parent[root(i)] = root(j)
    expected = [root(i) for i in range(len(sigs))]
    got = sources.syndication_groups(sigs)
    assert got == expected
    assert 1 < len(set(got)) < len(sigs) - 4  # the case links some texts and leaves others apart


def test_query_box_reaches_the_distance_and_the_window():
    rep = _rep(lat=10.0, lon=20.0)
    (d0, d1), (lat0, lat1), (lon0, lon1), fam, cty = index.query_box(rep)
    day = dt.date(2024, 12, 3).toordinal()
    assert (d0, d1) == (day - C.DATE_WINDOW_DAYS, day + C.DATE_WINDOW_DAYS)
    assert lat0 < 10.0 - 0.44 and lat1 > 10.0 + 0.44 and lon0 < 20.0 - 0.45
    assert fam[0] == fam[1] == index.family_code("ASSAULT") and cty[0] == cty[1] == index.country_code("SYR")[0]
    assert index.family_code("AID") == index.family_code("MOBILIZE")  # one family, one code
    assert index.query_box(_rep(lat=None, lon=None, feature="country"))[1:3] == index.EVERYWHERE
    assert index.query_box(_rep(lon=179.9))[2] == (-180.0, 180.0)
    assert index.query_box(_rep(country=None))[4] == index.ANY_COUNTRY


def test_the_candidate_lookup_uses_the_index(db_url, tmp_path):
    """The box condition is one the database answers from its index: the R*Tree on SQLite, the GiST expression
    index on PostgreSQL (asked with sequential scans off, as a large table would be read)."""
    from sqlalchemy import select

    store = Store(db_url)
    with store.engine.begin() as conn:
        q = select(index.boxes.c.id).where(index.meets(conn, index.query_box(_rep())))
        compiled = q.compile(conn, compile_kwargs={"literal_binds": True})
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            plan = " ".join(r[0] for r in conn.exec_driver_sql(f"EXPLAIN {compiled}"))
            assert "ix_incident_boxes_box" in plan, plan
        else:
            plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}"))
            assert "VIRTUAL TABLE INDEX" in plan, plan
    store.close()


STORIES = [
    {"outlet": "Wire One", "published": "2024-12-03", "title": "Drone strike kills 17 in Kafr Nabl", "text": WIRE},
    {"outlet": "Gazette", "published": "2024-12-03", "title": "Market strike", "text": WIRE},  # the exact text
    {"outlet": "Daily Two", "published": "2024-12-03", "title": "Strike on market",
     "text": "Breaking: " + WIRE + " More to follow."},
    {"outlet": "Post Three", "published": "2024-12-04", "title": "Toll rises",
     "text": "Twenty-one people were killed when a drone struck a market in Kafr Nabl on Monday, a monitoring group "
             "said on Tuesday."},
    {"outlet": None, "published": "2024-12-04", "title": "Copy",
     "text": "A drone killed 21 people at a market in Kafr Nabl on Monday, a monitoring group said. It was unsigned."},
]


@pytest.fixture(scope="module")
def strike_store(tmp_path_factory):
    d = tmp_path_factory.mktemp("strike")
    src = d / "strike.jsonl"
    src.write_text("".join(json.dumps(s) + "\n" for s in STORIES))
    anns = list(default_pipeline().run(read_sources([str(src)])))
    store = Store(d / "s.db")
    store.load(anns)
    yield store, anns
    store.close()


def test_one_strike_many_outlets_is_one_incident_with_honest_sources_and_headline(strike_store):
    store, anns = strike_store
    assert [a.article.rejected for a in anns] == [None] * 5
    strikes = [i for i in store.incidents(limit=0) if i["type"] == "ASSAULT"]
    inc = max(strikes, key=lambda i: i["articles_count"])
    mine = {r["article_id"] for r in inc["reports"]}
    # any other strike incident is a second event one article made of the same strike (stages/event_merge.py)
    assert all({r["article_id"] for r in i["reports"]} <= mine for i in strikes if i is not inc)
    assert inc["articles_count"] == 4  # the exact copy is one article
    assert inc["sources_count"] == 2 and inc["outlets"] == ["Wire One", "Post Three"]
    assert inc["unknown_sources"] == 1 and not inc["single_source"]
    assert {c["outlet"] for c in inc["carried_by"]} == {"Gazette", "Daily Two"}
    assert inc["fatalities_best"] == 17 and inc["fatalities_high"] == 21
    assert "fatalities" in inc["conflicts"]


def test_reports_are_remembered_across_writes_by_number_and_article(strike_store):
    # a stored event never changes, but a deleted one's number may be reused by another article's event:
    # the remembered report is found only under its own article, and this process's deletions forget all
    store, _ = strike_store
    with store.engine.connect() as conn:
        pk, aid = conn.exec_driver_sql("SELECT pk, article_id FROM events ORDER BY pk LIMIT 1").one()
        C.forget(conn)
        assert set(C._cached_reports(conn, [(pk, aid)])) == {pk}
        assert (pk, aid) in C._CACHES[store.engine]
        assert C._cached_reports(conn, [(pk, "another article")]) == {}  # the number, read again, is not its
        C.forget(conn)
        assert store.engine not in C._CACHES


def test_reading_reports_never_walks_an_index_of_the_whole_store(strike_store):
    """What the model reads of stored events is found through the articles' and events' own keys: a lookup by
    status (every denial in the store, for each new report) made loading slow down as the store grew."""
    from sqlalchemy import event

    from eventwire.corroborate.read import reports

    store, _ = strike_store
    seen: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    with store.engine.connect() as conn:
        pks = [pk for (pk,) in conn.exec_driver_sql("SELECT pk FROM events")]
    event.listen(store.engine, "before_cursor_execute", record)
    try:
        with store.engine.connect() as conn:
            assert reports(conn, pks)
            event.remove(store.engine, "before_cursor_execute", record)
            plans = [" ".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {s}", p))
                     for s, p in seen]
    finally:
        if event.contains(store.engine, "before_cursor_execute", record):
            event.remove(store.engine, "before_cursor_execute", record)
    assert any("FROM events" in s for s, _ in seen)
    for (statement, _), plan in zip(seen, plans):
        assert "SCAN" not in plan.replace("SCAN CONSTANT ROW", "") and "ix_events_status" not in plan, \
            (statement, plan)
