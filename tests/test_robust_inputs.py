"""Inputs a new user or a hostile one gives, that the other hostile tests did not try: text in UTF-16 without a
BOM, a folder or file that cannot be read, a mistyped path among several, a JSONL line whose fields have the
wrong types. The UTF-16 and mistyped-path tests failed before the changes they cover; the unreadable-entry and
JSONL-types tests pin what held when tried."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.errors import RejectedInput
from eventwire.ingest import read_sources
from eventwire.ingest.decode import decode_bytes

runner = CliRunner()
NEWS = ("Rebels attacked an army post near Idlib on Monday, killing three soldiers, a war monitor said. "
        "The Syrian army shelled rebel positions in response, residents said.")


def test_utf16_without_a_bom_is_read_as_text(tmp_path):
    # was: a "binary" rejection (its NUL bytes), though every character of it is text
    for enc in ("utf-16-le", "utf-16-be"):
        assert decode_bytes((NEWS + " Café owners fled.").encode(enc)) == NEWS + " Café owners fled."
        (tmp_path / f"{enc}.txt").write_bytes(NEWS.encode(enc))
        (tmp_path / f"{enc}.html").write_bytes(f"<html><body><p>{NEWS}</p></body></html>".encode(enc))
    arts = list(read_sources([str(tmp_path)]))
    assert len(arts) == 4
    assert all(a.rejected is None and a.text.startswith("Rebels attacked") for a in arts), [a.rejected for a in arts]


def test_nul_bytes_that_are_not_utf16_stay_binary():
    # the UTF-16 reading needs NULs in one byte position of every pair and none in the other
    cases = [
        NEWS.encode() + b"\x00" + NEWS.encode(),             # one NUL in UTF-8 text
        (NEWS.encode("utf-16-le") + b"\x00")[:-1] + b"\x00",  # odd length made even again, NUL char at the end
        bytes(range(256)) * 8,                                # binary with NULs everywhere
        "\x00".join(NEWS).encode("utf-16-le"),                # UTF-16 holding NUL characters
        NEWS.encode("utf-16-le")[:-1],                        # odd length: not UTF-16
    ]
    for data in cases:
        with pytest.raises(RejectedInput) as exc:
            decode_bytes(data)
        assert exc.value.reason in ("binary", "encoding"), data[:40]


def test_unreadable_folder_and_file_are_recorded_and_the_rest_read(tmp_path, monkeypatch):
    # as root (this machine) permissions do not bind, so the refusal the kernel gives is simulated where it is met
    root = tmp_path / "corpus"
    (root / "locked").mkdir(parents=True)
    (root / "locked" / "inside.txt").write_text(NEWS)
    (root / "a.txt").write_text(NEWS)
    (root / "secret.txt").write_text(NEWS + " Another.")
    real_scandir, real_open = os.scandir, os.open

    def scandir(path="."):  # noqa: ANN001
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def os_open(path, *a, **kw):  # noqa: ANN001
        if Path(path).name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *a, **kw)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "open", os_open)
    arts = list(read_sources([str(root)]))
    got = sorted((a.source_id, (a.rejected or "").split(":")[0]) for a in arts)
    assert got == [("a.txt", ""), ("locked", "unreadable"), ("secret.txt", "unreadable")], got
    assert all("Permission denied" in a.rejected for a in arts if a.rejected)


def test_a_mistyped_path_makes_no_store_and_reads_nothing(tmp_path):
    good = tmp_path / "a.txt"
    good.write_text(NEWS)
    db = tmp_path / "new.db"
    for extra in ([], ["--out", str(tmp_path / "lake")]):
        args = ["ingest", str(good), str(tmp_path / "typo.txt")] + (extra or ["--db", str(db)])
        res = runner.invoke(app, args)
        assert res.exit_code == 1 and "Traceback" not in res.output
        # the path once, and what to do
        assert res.stderr.count("typo.txt") == 1 and "no such file or folder (check the path)" in res.stderr
    # was: an empty store made (and the good file stored) before the error
    assert not db.exists() and not (tmp_path / "lake").exists()


def test_jsonl_fields_of_the_wrong_type(tmp_path):
    lines = [{"id": "ok", "text": NEWS, "published": "2024-12-02"},
             {"id": 7, "text": NEWS + " 1", "published": 20241202, "title": {"a": 1}, "url": 5, "outlet": [1]},
             {"id": "t", "text": [NEWS]}, {"id": "h", "html": 5}, {"id": "n", "text": None},
             {"id": "b", "text": NEWS + " 2", "published": True}]
    f = tmp_path / "types.jsonl"
    f.write_text("\n".join(json.dumps(x) for x in lines) + "\n" + '{"id": "cut", "text": "Rebels att')
    res = runner.invoke(app, ["extract", str(f), "-f", "jsonl"])
    assert res.exit_code == 0 and "Traceback" not in res.output
    out = [json.loads(x) for x in res.stdout.splitlines()]
    assert len(out) == len(lines) + 1  # one record per line, the cut one included
    kept = [o for o in out if not o.get("rejected")]
    assert [o["article"]["source_id"] for o in kept] == ["ok", "7", "b"]
    for o in kept:  # every metadata value a string or null in the output contract
        assert all(o["article"][k] is None or isinstance(o["article"][k], str)
                   for k in ("source_id", "url", "title", "outlet", "published"))
    assert [o["rejected"].split(":")[0] for o in out if o.get("rejected")] == ["no_text"] * 3 + ["invalid_json"]
