"""A JSON record's `published` that is no date is not dropped in silence: the article stays, keeps the value as
`published_raw`, the store's load counts it (`bad_published`) and `extract` warns once, naming the records."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.ingest import read_sources
from eventwire.records import AnnotatedArticle
from eventwire.store import Store

TEXT = "Police arrested twelve protesters in Buenos Aires, the ministry said."


def _write(tmp_path, values):
    p = tmp_path / "in.jsonl"
    p.write_text("".join(json.dumps({"id": f"r{i}", "text": f"{TEXT} ({i})", "published": v}) + "\n"
                         for i, v in enumerate(values)), encoding="utf-8")
    return p


@pytest.mark.parametrize("value", ["yesterday", 20241202, "2024-02-30", "13/13/2024"])
def test_a_date_that_is_no_date_is_kept_raw_and_the_article_stays(tmp_path, value):
    (art,) = read_sources([str(_write(tmp_path, [value]))])
    assert art.rejected is None and art.published is None
    assert art.published_raw == str(value) and art.to_dict()["published_raw"] == str(value)


@pytest.mark.parametrize("value", ["2024-12-02", "December 2, 2024", None, ""])
def test_a_good_or_absent_date_leaves_no_trace(tmp_path, value):
    (art,) = read_sources([str(_write(tmp_path, [value]))])
    assert art.published_raw is None and "published_raw" not in art.to_dict()
    assert art.published == ("2024-12-02" if value else None)


def test_the_load_counts_it_and_the_stored_record_keeps_it(tmp_path):
    arts = read_sources([str(_write(tmp_path, ["yesterday", "2024-12-02", "2024-02-30"]))])
    with Store(tmp_path / "s.db") as store:
        got = store.load([AnnotatedArticle(article=a, stages=["t.v1"], pipeline_version="t1") for a in arts])
        assert got["bad_published"] == 2 and got["new"] == 3
        data = store.read(lambda c: [json.loads(d) for (d,) in c.exec_driver_sql(
            "SELECT data FROM articles ORDER BY source_id")])
    assert [d["article"].get("published_raw") for d in data] == ["yesterday", None, "2024-02-30"]


def test_extract_warns_once_naming_the_records(tmp_path):
    res = CliRunner().invoke(app, ["extract", str(_write(tmp_path, ["yesterday", "2024-12-02", 20241202])),
                                   "-f", "jsonl"])
    assert res.exit_code == 0, res.output
    lines = [ln for ln in res.stderr.splitlines() if "no date" in ln]
    assert len(lines) == 1 and "2 record(s)" in lines[0]
    assert "r0 ('yesterday')" in lines[0] and "r2 ('20241202')" in lines[0]
    out = [json.loads(x) for x in res.stdout.splitlines()]
    assert [d["article"].get("published_raw") for d in out] == ["yesterday", None, "20241202"]
