"""An actor's stored row never depends on the order articles were loaded in: the row a knowledge-base entry gives
(`known`) beats one typed from context ("army (Syria)" for SYR:MIL), then the first in sort order of name, country,
sector, kind and affiliations; the other columns follow the chosen name. SQLite and PostgreSQL (`db_url`); the ACLED
export reads the same."""

from __future__ import annotations

import hashlib
import itertools

import pytest
from sqlalchemy import select

from eventwire import export as X
from eventwire.records import Actor, AnnotatedArticle, Article, Event, Evidence, Place
from eventwire.store import Store
from eventwire.store import schema as S

KB_NAME = dict(id="SYR:MIL", name="Syrian Arab Army", country="SYR", sector="MIL", kind="organisation", known=True)
TYPED = dict(id="SYR:MIL", name="army (Syria)", country="SYR", sector="MIL", kind="generic", known=False)
PLACE = Place(text="Idlib", start=0, end=5, geonames_id=169388, name="Idlib", country="SYR", admin1="Idlib",
              lat=35.93, lon=36.63, feature="city")


def _ann(text: str, actor: dict, day: str) -> AnnotatedArticle:
    art = Article(id=hashlib.sha256(text.encode()).hexdigest(), text=text, published=day, outlet="Wire")
    who = Actor(text="army", start=0, end=4, stage="test", **actor)
    ev = Event(id="e1", type="ASSAULT", mode=None, trigger="shelled", trigger_start=5, trigger_end=12,
               evidence=Evidence(sentence=text, start=0, end=len(text)), sources=[who], location=PLACE,
               acled={"event_type": "Explosions/Remote violence", "sub_event_type": "Shelling/artillery/missile attack"},
               fatalities=1, stage="test")
    return AnnotatedArticle(article=art, actors=[who], events=[ev], stages=["test.v1"], pipeline_version="t1")


ARTICLES = [
    _ann("The army shelled Idlib on Monday, killing one.", KB_NAME, "2024-03-04"),
    _ann("The army shelled villages near Idlib, one dead.", TYPED, "2024-03-05"),
    _ann("Army shelling hit Idlib again; one person was killed.", TYPED, "2024-03-06"),
]


def _actor_row(store: Store) -> tuple:
    ac = S.actors.c
    return store.read(lambda c: tuple(c.execute(select(ac.name, ac.country, ac.sector, ac.kind, ac.known)
                                                .where(ac.id == "SYR:MIL")).one()))


def _acled_actors(store: Store) -> set[str]:
    return {r["actor1"] for r in X.acled_rows(store, per_report=True)}


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_the_name_does_not_depend_on_the_ingest_order(db_url, order):
    with Store(db_url) as store:
        for i in order:  # one article a run, as separate ingests would
            store.load([ARTICLES[i]])
        # the knowledge base's name wins over the two articles that typed the army from context
        assert _actor_row(store) == ("Syrian Arab Army", "SYR", "MIL", "organisation", True)
        assert _acled_actors(store) == {"Syrian Arab Army"}


SOLDIERS = dict(TYPED, name="soldiers (Syria)")
NO_COUNTRY = dict(TYPED, country=None)


@pytest.mark.parametrize("first, second", [(TYPED, SOLDIERS), (SOLDIERS, TYPED), (TYPED, NO_COUNTRY),
                                           (NO_COUNTRY, TYPED)])
def test_among_rows_typed_from_context_the_first_in_sort_order(db_url, first, second):
    with Store(db_url) as store:
        store.load([_ann("The army shelled Idlib on Monday, killing one.", first, "2024-03-04")])
        store.load([_ann("The army shelled villages near Idlib, one dead.", second, "2024-03-05")])
        want = min((TYPED, SOLDIERS) if SOLDIERS in (first, second) else (TYPED, NO_COUNTRY),
                   key=lambda a: (a["name"], a["country"] or ""))
        assert _actor_row(store) == tuple(want[k] for k in ("name", "country", "sector", "kind", "known"))


def test_one_article_naming_an_id_twice_keeps_the_best_row(db_url):
    with Store(db_url) as store:
        ann = _ann("The army shelled Idlib on Monday, killing one.", TYPED, "2024-03-04")
        kb = Actor(text="Syrian Arab Army", start=20, end=36, stage="test", **KB_NAME)
        ann.actors = [ann.actors[0], kb]
        store.load([ann])
        assert _actor_row(store)[0] == "Syrian Arab Army"


def test_a_renamed_knowledge_base_entry_lands_on_reannotation(db_url):
    with Store(db_url) as store:
        store.load([ARTICLES[0]])
        renamed = _ann("The army shelled Idlib on Monday, killing one.", dict(KB_NAME, name="Syrian Arab Army (SAA)"),
                       "2024-03-04")
        renamed.pipeline_version = "t2"  # a later knowledge base
        store.load([renamed])
        assert _actor_row(store)[0] == "Syrian Arab Army (SAA)"
        store.load([ARTICLES[1]])  # a row typed from context never replaces it
        assert _actor_row(store)[0] == "Syrian Arab Army (SAA)"
