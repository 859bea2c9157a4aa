"""RELIABILITY.md stays true: each row names a test file that exists, and each count is recomputed here from the
tests that produce it (their corpora, constants and hypothesis settings)."""

from __future__ import annotations

import importlib
import inspect
import json
import re
import sys
from importlib import resources
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))


def _rows() -> dict[str, dict[str, str]]:
    rows = {}
    for line in (ROOT / "RELIABILITY.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\| `([a-z0-9-]+)` \|(.*)\|\s*$", line)
        if m:
            cells = [c.strip() for c in m.group(2).split(" | ")]
            rows[m.group(1)] = {"what": cells[0], "test": cells[1], "count": cells[2], "result": cells[3]}
    return rows


def _max_examples(module: str, name: str) -> int:
    fn = getattr(importlib.import_module(module), name)
    return fn._hypothesis_internal_use_settings.max_examples


def _computed(tmp_path) -> dict[str, int]:
    import test_api_schema
    import test_crash
    import test_fetch
    import test_hostile_corpus
    import test_load
    import test_resume
    import test_store

    plan = test_hostile_corpus._hostile_files(tmp_path)
    base = resources.files("eventwire") / "data"
    recs = sum(len((base / f).read_text(encoding="utf-8").splitlines())
               for f in ("demo/demo-corpus.jsonl", "samples/samples.jsonl"))
    guard = next(m for m in test_fetch.test_address_guard_table.pytestmark if m.name == "parametrize")
    crash = {name for name, _ in inspect.getmembers(test_crash, inspect.isfunction) if name.startswith("test_kill")}
    two_writers = inspect.getsource(importlib.import_module("test_cli_store").test_two_processes_ingest_one_file_at_once)
    return {
        "hostile-files": len(plan),
        "hostile-inputs": sum(n for n, _ in plan.values()),
        "fetch-addresses": len(guard.args[1]),
        "fuzz-files": _max_examples("test_fuzz_readers", "test_any_file_reads_into_articles_or_rejections"),
        "fuzz-inputs": _max_examples("test_fuzz_readers", "test_any_bytes_or_text_make_one_article"),
        "fuzz-jsonl": _max_examples("test_fuzz_readers", "test_jsonl_lines_each_give_one_record"),
        "fuzz-extract": _max_examples("test_extract_fuzz", "test_extract_never_crashes_and_spans_match"),
        "api-schema": test_api_schema.EXAMPLES,
        "kill-migration": int("test_kill_during_a_migration_leaves_the_old_schema_and_a_clean_retry" in crash),
        "kill-batch": int("test_kill_during_ingest_transaction_keeps_earlier_batches_only" in crash),
        "kill-export": int("test_kill_during_an_export_leaves_the_old_file_whole" in crash),
        "kill-ingest": recs * test_resume.COPIES,
        "kill-dask": recs * test_resume.COPIES,
        "two-writers": int(re.search(r"_corpus\(tmp_path, (\d+)\)", two_writers).group(1)),
        "load-requests": test_load.REQUESTS,
        "sql-injection": len(test_store.EVIL),
    }


def test_every_row_names_an_existing_test():
    rows = _rows()
    assert len(rows) >= 18
    for key, row in rows.items():
        path = re.search(r"`(tests/[\w/]+\.py)`", row["test"])
        if path is None:
            assert row["test"] == "same", key
            continue
        assert (ROOT / path.group(1)).exists(), (key, path.group(1))


def test_counts_match_the_tests(tmp_path):
    rows = _rows()
    computed = _computed(tmp_path)
    for key, value in computed.items():
        assert key in rows, f"RELIABILITY.md has no row {key!r}"
        assert rows[key]["count"] == str(value), f"RELIABILITY.md says {rows[key]['count']} for {key}; tests: {value}"
    for key in ("feed-bombs", "warc-damage", "xss"):
        assert key in rows  # counted by hand: the named tests exist (above) and assert what the row says
    lost = [k for k, r in rows.items() if "lost" in r["result"]]
    assert all("lost: 0" in rows[k]["result"] for k in lost)


def test_load_bounds_match(tmp_path):
    import test_load

    row = _rows()["load-requests"]["result"]
    assert f"{test_load.P95_LIMIT_MS:,}" in row and f"{test_load.RSS_GROWTH_LIMIT_MB} MB" in row
    assert f"{test_load.CLIENTS} concurrent" in _rows()["load-requests"]["what"]
    assert f"warm-up of {test_load.WARMUP}" in _rows()["load-requests"]["what"]
    json.dumps(row)


@pytest.mark.parametrize("name", ["feed-bombs", "warc-damage", "xss"])
def test_hand_counted_rows_point_at_real_tests(name):
    tests = {"feed-bombs": ("test_feeds", ["test_entity_expansion_bomb_does_not_expand",
                                            "test_external_entities_are_not_read"]),
             "warc-damage": ("test_warc", ["test_a_truncated_warc_yields_a_rejection_not_a_crash",
                                           "test_bytes_cut_from_the_middle_are_caught_by_length_and_digest",
                                           "test_a_changed_byte_fails_the_payload_digest",
                                           "test_garbage_and_an_empty_file_do_not_crash"]),
             "xss": ("test_dashboard", [])}
    module, names = tests[name]
    src = (ROOT / "tests" / f"{module}.py").read_text(encoding="utf-8")
    for n in names:
        assert f"def {n}(" in src, n
    if name == "xss":
        assert "__xss" in src and "<script>" in src
