"""One bad article never stops a run (issue 17): a count no column can hold, a value the store refuses, a text
that would take minutes, a run killed midway. Each case on SQLite and PostgreSQL where the store is involved."""

from __future__ import annotations

import dataclasses
import os
import socket

import pytest
from sqlalchemy import insert, select

import eventwire
from eventwire import budget
from eventwire import ingest_sources
from eventwire.ingest import article_from_input
from eventwire.pipeline import MAX_PER_ARTICLE, Pipeline, cap_output
from eventwire.records import AnnotatedArticle
from eventwire.stages import parse
from eventwire.store import load as L
from eventwire.store import schema as S

GOOD = [f"Police arrested {i + 2} protesters in Lagos on Monday after a march on the governor's office, officials "
        f"said. The march was number {i + 1}." for i in range(6)]
HUGE = "Gunmen killed 10000000000000000000000 people in Kano on Monday, police said."
BIG_PG = "Gunmen killed 3000000000 people in Kano on Monday, police said."


def _folder(tmp_path, texts):
    d = tmp_path / "in"
    d.mkdir()
    for i, t in enumerate(texts):
        (d / f"a{i:02d}.txt").write_text(t, encoding="utf-8")
    return d


@pytest.mark.parametrize("bad", [HUGE, BIG_PG])
def test_a_count_no_column_can_hold_is_stored_as_unknown_and_the_run_goes_on(db_url, tmp_path, bad):
    folder = _folder(tmp_path, GOOD[:3] + [bad] + GOOD[3:])
    with eventwire.open(db_url, create=True) as store:
        got = ingest_sources(store, [str(folder)])
        assert got["new"] == 7 and got["rejected_total"] == 0
        ev = [e for e in store.events() if "Kano" in (e.get("evidence") or "")]
        assert ev and all(e["fatalities"] is None for e in ev)
        art = store.article(ev[0]["article_id"])
        assert any(w.startswith("out_of_range") for w in art["annotation"]["warnings"])


def test_an_article_the_store_refuses_is_a_rejection_and_the_batch_is_kept(db_url, monkeypatch):
    """Whatever value a database refuses, the savepoint drops only that article; a rerun with another pipeline
    version tries it again."""
    pipe = Pipeline()
    anns = list(pipe.run([article_from_input(t, published="2024-03-05") for t in GOOD[:4]]))
    bad_id = anns[1].article.id
    real = L._write_article

    def refusing(conn, ann, *a, **kw):
        real(conn, ann, *a, **kw)  # rows written, then refused: the savepoint must take them away
        if ann.article.id == bad_id:
            raise OverflowError("Python int too large to convert to SQLite INTEGER")

    monkeypatch.setattr(L, "_write_article", refusing)
    with eventwire.open(db_url, create=True) as store:
        got = store.load(anns)
        assert got["new"] == 3 and got["rejected"] == {"store_error": 1}
        assert store.article(bad_id) is None
        n_events = store.read(lambda c: c.execute(select(S.events.c.article_id).distinct()).all())
        assert len(n_events) == 3
        assert bad_id not in L.skip_known(store, [bad_id], "another-version")  # retried by a new version
        monkeypatch.setattr(L, "_write_article", real)
        again = store.load([dataclasses.replace(anns[1], pipeline_version="another-version")])
        assert again["new"] == 1 and store.article(bad_id) is not None
        assert not store.read(lambda c: c.execute(select(S.rejections)).all())  # stored now: no rejection


def test_a_locked_or_broken_store_is_not_blamed_on_the_article(monkeypatch):
    from sqlalchemy.exc import OperationalError

    assert L._article_fault(OverflowError("x"))
    assert not L._article_fault(OperationalError("INSERT", {}, Exception("database is locked")))
    assert not L._article_fault(OperationalError("INSERT", {}, Exception("database or disk is full")))
    assert not L._article_fault(MemoryError())


def test_a_long_text_without_punctuation_is_cut_into_bounded_sentences():
    words = ("soldiers killed villagers near Kano while police arrested protesters in Lagos and militants attacked "
             "the army base").split()
    text = " ".join(words[i % len(words)] for i in range(3_000))
    ann = next(Pipeline().run([article_from_input(text, published="2024-03-05")]))
    assert ann.rejected is None and ann.events
    doc = parse.parse_docs([text], lambda s: False)[0]
    assert max(len(s) for s in doc.sents) <= parse.MAX_SENTENCE_TOKENS
    assert len(list(doc.sents)) >= 3_000 // parse.MAX_SENTENCE_TOKENS


def test_sentences_of_real_prose_are_not_cut():
    text = ("On 12 May 2023, gunmen attacked the village of Kagoro, killing seven people, according to residents, "
            "who said that the attackers, who came on motorcycles, also burned houses and a church. ") * 3
    doc = parse.parse_docs([text], lambda s: False)[0]
    assert len(list(doc.sents)) == 3


def test_an_article_past_its_time_budget_is_refused_as_timeout_and_the_rest_go_on():
    text = " ".join(["Soldiers killed villagers in Kano and police arrested protesters in Lagos"] * 300)
    def arts():
        return [article_from_input(t, published="2024-03-05") for t in (GOOD[0], text, GOOD[1])]

    pipe = Pipeline(seconds=1e-6)  # every article is past its deadline once a stage has run
    out = list(pipe.run(arts()))
    assert [a.rejected.split(":")[0] for a in out] == ["timeout"] * 3
    assert all(not a.events for a in out)
    out = list(Pipeline(seconds=60).run(arts()))
    assert [a.rejected for a in out] == [None] * 3


def test_the_budget_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(budget.ENV_VAR, "2.5")
    assert budget.seconds() == 2.5 and Pipeline().seconds == 2.5
    for bad in ("", "abc", "-1", "0"):
        monkeypatch.setenv(budget.ENV_VAR, bad)
        assert budget.seconds() == budget.ARTICLE_SECONDS


def test_the_budget_check_raises_only_past_the_deadline():
    budget.check()  # no deadline: nothing
    with budget.deadline(60):
        budget.check()
    with budget.deadline(-1), pytest.raises(budget.ArticleTimeout):
        budget.check()


def test_output_is_capped_and_says_so():
    ann = AnnotatedArticle(article=article_from_input("x y z", published="2024-03-05"))
    ann.times = list(range(MAX_PER_ARTICLE + 5))
    cap_output(ann)
    assert len(ann.times) == MAX_PER_ARTICLE
    assert ann.warnings == [f"truncated: {MAX_PER_ARTICLE + 5:,} times, the first {MAX_PER_ARTICLE:,} kept"]
    ann.times = []
    assert ann.to_dict()["warnings"] == ann.warnings


def test_a_killed_run_does_not_stay_running(db_url):
    with eventwire.open(db_url, create=True) as store:
        dead_pid = 2**22 + 12345  # above the default pid_max: no such process
        while True:
            try:
                os.kill(dead_pid, 0)
                dead_pid += 1
            except ProcessLookupError:
                break
            except PermissionError:
                dead_pid += 1
        rid = store.write(lambda c: c.execute(insert(S.runs).values(
            started_at=L.now(), command="ingest", sources="[]", eventwire_version="0", host=socket.gethostname(),
            pid=dead_pid, status="running").returning(S.runs.c.id)).scalar_one())
        other = store.write(lambda c: c.execute(insert(S.runs).values(
            started_at=L.now(), command="ingest", sources="[]", eventwire_version="0", host="another-host",
            pid=dead_pid, status="running").returning(S.runs.c.id)).scalar_one())
        ingest_sources(store, [])
        status = dict(store.read(lambda c: c.execute(select(S.runs.c.id, S.runs.c.status)).all()))
        assert status[rid] == "interrupted" and status[other] == "running"


def test_an_incident_takes_at_most_max_reports(db_url, monkeypatch):
    """Near-identical reports from many outlets fill one incident up to the bound, then start another."""
    from eventwire import corroborate

    monkeypatch.setattr(corroborate, "MAX_REPORTS", 3)
    pipe = Pipeline()
    texts = [f"Gunmen killed {7} villagers in Kaduna on Monday, police said. Report {k}." for k in range(7)]
    anns = [next(pipe.run([article_from_input(t, published="2024-03-05", outlet=f"Outlet {k}")]))
            for k, t in enumerate(texts)]
    with eventwire.open(db_url, create=True) as store:
        for a in anns:  # one batch each: the count of an incident is refreshed when its batch ends
            store.load([a])
        sizes = sorted(r["reports_count"] for r in store.incidents())
        assert max(sizes) == 3 and sum(sizes) == 7 and len(sizes) == 3


def test_post_api_ingest_keeps_the_good_articles_of_a_request_with_a_poison_pill(db_url, monkeypatch):
    from fastapi.testclient import TestClient

    from eventwire.api import create_app

    token = "poison-token-0123456789abcdef"
    monkeypatch.setenv("EVENTWIRE_API_TOKEN", token)
    body = {"articles": [{"text": t, "published": "2024-03-05"} for t in (GOOD[0], HUGE, GOOD[1])]}
    with eventwire.open(db_url, create=True) as store, TestClient(create_app(store)) as c:
        resp = c.post("/api/ingest", json=body, headers={"Authorization": f"Bearer {token}"})
        assert resp.status_code == 200, resp.text
        assert resp.json()["new"] == 3
        assert store.counts()["articles"] == 3


def test_watch_stores_the_rest_of_a_feed_holding_a_poison_pill(db_url, tmp_path):
    """One feed item no store column can hold does not stop the poll, nor the next one (issue 17: watch crashed
    on the same item for ever)."""
    import sys as _sys
    from pathlib import Path as _Path

    _sys.path.insert(0, str(_Path(__file__).parent))
    from test_feeds import demo, rss

    from eventwire.watch import poll

    items = demo(3)
    items.insert(1, dict(items[0], id="poison", title="Poison", text="Headline\n\n" + HUGE))
    feed = tmp_path / "wire.rss"
    feed.write_bytes(rss(items))
    with eventwire.open(db_url, create=True) as store:
        first = poll(store, [str(feed)], fetch_pages=False, pipeline=Pipeline())
        assert first["stored"] == 4, first
        again = poll(store, [str(feed)], fetch_pages=False, pipeline=Pipeline())
        assert again["seen"] == 4 and again["stored"] == 0
        assert store.counts()["articles"] == 4
