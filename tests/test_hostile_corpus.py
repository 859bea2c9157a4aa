"""A hostile corpus, generated here, ingested in one batch by a real `eventwire ingest` process: every input
yields a stored article or a recorded rejection with its reason, the batch goes on, nothing is lost.

Its counts are rows of RELIABILITY.md (tests/test_reliability_doc.py keeps them equal).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import subprocess
import sys
import zipfile

from eventwire.store import Store

NEWS = ("Rebels attacked an army post near Idlib on Monday, killing three soldiers, a war monitor said. "
        "The Syrian army shelled rebel positions in response, residents said.")


def _hostile_files(folder) -> dict[str, tuple[int, set[str]]]:
    """Write the corpus; return {file name: (inputs it holds, reasons it may be rejected with; empty: stored)}."""
    rng = random.Random(7)
    plan: dict[str, tuple[int, set[str]]] = {}

    def put(name: str, data: bytes, inputs: int, reasons: set[str]) -> None:
        (folder / name).write_bytes(data)
        plan[name] = (inputs, reasons)

    put("empty.txt", b"", 1, {"empty"})
    put("whitespace.txt", b"  \n\t \r\n   \n", 1, {"empty"})
    put("binary.txt", bytes(rng.randrange(256) for _ in range(4096)), 1, {"binary", "encoding"})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("story.txt", NEWS)
    put("archive.txt", buf.getvalue(), 1, {"binary", "encoding"})
    put("invalid-utf8.txt", b"\xff\xfe\xfa" * 2000, 1, {"binary", "encoding", "no_text"})
    put("mixed-encoding.txt", NEWS.encode() + " Caf\xe9 owners in Idlib fled.".encode("latin-1")
        + " Résidents said they heard shelling.".encode(), 1, set())
    put("huge.html", b"<html><body>" + b"<p>" + NEWS.encode() * 3000 + b"</p>" * 1 + b"x" * 50_000_000
        + b"</body></html>", 1, {"too_large"})
    put("nested.html", b"<html><body>" + b"<div>" * 5000 + NEWS.encode() + b"</div>" * 5000 + b"</body></html>",
        1, {"", "empty", "no_text", "too_deep", "timeout"})
    put("malformed.html", b"<html><head><title>Idlib clashes</title><body><p>" + NEWS.encode()
        + b"<p><div><table><tr><td>unclosed <b>tags <i>everywhere", 1, set())
    put("one-line.txt", (NEWS.replace(". ", ", and ") * 30000)[:5_000_000].encode(), 1, {"too_long"})
    put("arabic.txt", "هاجم المتمردون موقعا للجيش قرب إدلب يوم الاثنين وقتلوا ثلاثة جنود".encode() * 5, 1,
        {"not_english"})
    put("chinese.txt", "叛军周一袭击了伊德利卜附近的一个军队哨所，打死三名士兵。".encode() * 5, 1, {"not_english"})
    put("russian.txt", "Повстанцы в понедельник атаковали армейский пост под Идлибом.".encode() * 5, 1,
        {"not_english"})
    lines = [json.dumps({"id": "ok", "text": NEWS, "published": "2024-12-02"}),
             '{"id": "truncated", "text": "Rebels attac',
             "[1, 2, 3]", '"just a string"', "null", json.dumps({"id": "no-text", "title": "x"}),
             json.dumps({"id": "number", "text": 5})]
    put("broken.jsonl", ("\n".join(lines) + "\n").encode(), len(lines),
        {"", "invalid_json", "not_an_object", "no_text", "empty"})
    # what could be read before the cut is kept (one article), and the cut itself is recorded (a rejection)
    put("truncated.jsonl.gz", gzip.compress((json.dumps({"id": "gz", "text": NEWS}) + "\n").encode())[:-9], 2,
        {"", "corrupt_gzip"})
    return plan


def test_hostile_corpus_in_one_batch_loses_nothing(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    plan = _hostile_files(folder)
    db = tmp_path / "hostile.db"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("EVENTWIRE_DB", None)
    proc = subprocess.run([sys.executable, "-m", "eventwire.cli", "ingest", str(folder), "--db", str(db), "--json"],
                          capture_output=True, text=True, timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    summary = json.loads(proc.stdout)
    expected_inputs = sum(n for n, _ in plan.values())
    assert summary["read"] == expected_inputs
    with Store(db, create=False) as store:
        counts = store.counts()
        rejections = store.read(lambda c: [dict(r._mapping) for r in c.exec_driver_sql(
            "SELECT reason, detail, source_id FROM rejections")])
    stored = counts["articles"]
    lost = summary["read"] - stored - summary["rejected_total"] - summary["duplicate"]
    assert lost == 0, summary
    assert counts["rejections"] == summary["rejected_total"]
    assert all(r["reason"] and r["detail"] for r in rejections)
    allowed = set().union(*(reasons for _, reasons in plan.values())) - {""}
    assert {r["reason"] for r in rejections} <= allowed | {"invalid_json", "not_an_object", "no_text"}, rejections
    # the readable stories were stored, the rest refused with their reasons
    assert stored >= 3 and summary["events"] > 0
    reasons = {r["reason"] for r in rejections}
    assert {"empty", "too_large", "too_long", "not_english"} <= reasons
