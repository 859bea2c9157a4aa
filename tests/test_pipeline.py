"""The Python API: extract() on text, HTML and bad input; a failing article does not stop a batch."""

from __future__ import annotations

from dataclasses import replace

from eventwire.ingest import article_from_text
from eventwire.pipeline import Pipeline, extract, extract_many


def test_extract_text_returns_typed_records():
    ann = extract("Israeli troops raided the town of Jenin on Monday, the Palestinian health ministry said.",
                  published="2024-05-08")
    assert ann.rejected is None
    ev = next(e for e in ann.events if e.type == "ASSAULT")
    assert ev.sources[0].country == "ISR"
    assert ev.location is not None and ev.location.country == "PSE"
    assert ev.date is not None and ev.date.value == "2024-05-06"
    assert ev.attribution.claimants and ev.attribution.claimants[0].kind in ("official", "named")


def test_extract_html():
    html = ("<html><head><title>Clashes in Khartoum</title></head><body><nav>Home | World</nav><article>"
            "<h1>Clashes in Khartoum</h1><p>The Sudanese army clashed with the Rapid Support Forces in "
            "Khartoum on Tuesday, witnesses said.</p><p>Residents reported heavy gunfire across the city.</p>"
            "</article><footer>Subscribe</footer></body></html>")
    ann = extract(html, published="2024-05-08")
    assert ann.rejected is None
    assert "Subscribe" not in ann.article.text
    assert any(e.type == "ASSAULT" for e in ann.events)


def test_bad_input_is_a_rejection_not_an_exception():
    for bad in ("", "   \n ", b"\x00\x01\x02binary\x00", b"\xff\xfe\xfa" * 100):
        ann = extract(bad)
        assert ann.rejected, bad
        assert ann.events == []


def test_a_failing_article_does_not_stop_the_batch():
    from eventwire.stages import events

    pipe = Pipeline()
    real = events.run
    calls = {"n": 0}

    def flaky(ann, res):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("boom")
        return real(ann, res)

    i = next(i for i, s in enumerate(pipe.stages) if s.name == "events")
    pipe.stages[i] = replace(pipe.stages[i], run=flaky)
    arts = [article_from_text(t, published="2024-05-08") for t in (
        "Russian forces shelled Kharkiv on Monday, officials said.",
        "Russian forces shelled Kharkiv on Tuesday, officials said.")]
    out = list(pipe.run(arts))
    assert len(out) == 2
    assert out[0].rejected and out[0].rejected.startswith("internal_error")
    assert out[1].rejected is None and out[1].events


def test_extract_many_keeps_order():
    arts = [article_from_text(f"Protesters rallied in Nairobi on Monday against tax rises. Report {i}.",
                              published="2024-06-25") for i in range(3)]
    out = list(extract_many(arts))
    assert [a.article.id for a in out] == [a.id for a in arts]


def test_top_level_extract_is_the_public_api():
    import eventwire

    ann = eventwire.extract("Sudanese army jets bombed a market in Nyala on Monday, killing 12 people, medics said.",
                            published="2024-06-11", source_id="n1")
    assert isinstance(ann, eventwire.AnnotatedArticle)
    assert ann.article.source_id == "n1"
    assert any(e.type == "ASSAULT" and e.fatalities == 12 for e in ann.events)


def test_user_knowledge_base_file_extends_actors(tmp_path):
    from eventwire.pipeline import Pipeline
    from eventwire.ingest import article_from_text

    kb = tmp_path / "mine.yaml"
    kb.write_text("- id: lions-of-the-valley\n  name: Lions of the Valley\n  kind: armed_group\n"
                  "  country: COL\n  sector: REB\n  aliases: [Valley Lions]\n")
    pipe = Pipeline(kb_files=[str(kb)])
    art = article_from_text("The Valley Lions attacked a police post in Cauca on Friday, officials said.",
                            published="2024-06-08")
    ann = next(pipe.run([art]))
    ev = next(e for e in ann.events if e.type == "ASSAULT")
    assert ev.sources[0].id == "lions-of-the-valley" and ev.sources[0].country == "COL"
