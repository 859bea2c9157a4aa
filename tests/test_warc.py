"""WARC reader: HTML responses only, charsets, metadata, and truncated or corrupted archives as rejections.

Every WARC here is written by the test with warcio's WARCWriter (which adds payload and block digests), then
damaged on purpose by cutting or changing bytes.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire import ingest_sources
from eventwire.ingest import read_sources
from eventwire.ingest.warc import iter_warc

STORY = ("Government forces shelled the town of Idlib on Monday, killing at least four civilians, "
         "local officials said. Rebel fighters responded with rocket fire on nearby army positions, "
         "the Syrian Observatory for Human Rights reported.")
CAFE = ("Protesters gathered outside the café in central Beirut on Tuesday to denounce the government’s "
        "handling of the crisis, witnesses said. Police fired tear gas to disperse the crowd.")


def page(title: str, body: str, date: str | None = None) -> str:
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    return (f"<!DOCTYPE html><html><head><title>{title}</title>{meta}</head><body><nav>Home | World</nav>"
            f"<article><h1>{title}</h1><p>{body}</p><p>{body}</p></article><footer>(c) Wire</footer></body></html>")


def _resp(w: WARCWriter, uri: str, body: bytes, ctype: str | None = "text/html; charset=utf-8",
          status: str = "200 OK", date: str = "2024-12-04T08:00:00Z", extra: list | None = None):
    headers = [("Content-Type", ctype)] if ctype else []
    headers += extra or []
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    return w.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http,
                                warc_headers_dict={"WARC-Date": date})


def build_warc(path: Path, *, gz: bool) -> Path:
    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=gz)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "eventwire-tests"}))
        req = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "news.example")], is_http_request=True)
        w.write_record(w.create_warc_record("https://news.example/a", "request", payload=io.BytesIO(b""),
                                            http_headers=req))
        # 1: UTF-8 page whose own date wins over the capture date
        w.write_record(_resp(w, "https://news.example/a", page("Idlib shelled", STORY, "2024-12-02").encode()))
        # an image and a 404: not articles
        w.write_record(_resp(w, "https://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"))
        w.write_record(_resp(w, "https://news.example/gone", b"<html><body>Not found</body></html>",
                             status="404 Not Found"))
        # 2: windows-1252 declared only in the HTTP header; no date on the page (the capture date is used)
        w.write_record(_resp(w, "https://news.example/b", page("Beirut protest", CAFE).encode("cp1252"),
                             "text/html; charset=windows-1252", date="2024-12-05T10:00:00Z"))
        # 3: gzip Content-Encoding
        w.write_record(_resp(w, "https://news.example/c", gzip.compress(page("Idlib again", STORY + " Again.",
                                                                               "2024-12-03").encode()),
                             extra=[("Content-Encoding", "gzip")]))
    return path


@pytest.mark.parametrize("gz", [False, True])
def test_html_responses_become_articles_with_metadata(tmp_path, gz):
    path = build_warc(tmp_path / ("x.warc.gz" if gz else "x.warc"), gz=gz)
    arts = list(read_sources([str(path)]))
    assert [a.url for a in arts] == ["https://news.example/a", "https://news.example/b", "https://news.example/c"]
    assert not any(a.rejected for a in arts), [a.rejected for a in arts]
    a, b, c = arts
    assert "Government forces shelled the town of Idlib" in a.text
    assert a.published == "2024-12-02"  # the page's date
    assert b.published == "2024-12-05"  # the capture date, as a default
    assert "café" in b.text and "government’s" in b.text  # windows-1252 decoded by the header's charset
    assert c.published == "2024-12-03" and "Again." in c.text
    assert a.source_id.startswith("<urn:uuid:") and a.title == "Idlib shelled"


def _cut(src: Path, dst: Path, n: int) -> Path:
    data = src.read_bytes()
    dst.write_bytes(data[:-n])
    return dst


@pytest.mark.parametrize("gz", [False, True])
def test_a_truncated_warc_yields_a_rejection_not_a_crash(tmp_path, gz):
    good = build_warc(tmp_path / ("g.warc.gz" if gz else "g.warc"), gz=gz)
    bad = _cut(good, tmp_path / ("t.warc.gz" if gz else "t.warc"), 400)  # inside the last record's body
    arts = list(read_sources([str(bad)]))
    ok = [a for a in arts if not a.rejected]
    rej = [a for a in arts if a.rejected]
    assert [a.url for a in ok] == ["https://news.example/a", "https://news.example/b"]
    assert len(rej) == 1 and rej[0].rejected.startswith(("warc_truncated", "warc_corrupt")), rej[0].rejected
    assert rej[0].url == "https://news.example/c" or "record" in rej[0].rejected


def test_bytes_cut_from_the_middle_are_caught_by_length_and_digest(tmp_path):
    good = build_warc(tmp_path / "g.warc", gz=False).read_bytes()
    start = good.index(b"Government forces shelled")
    bad = tmp_path / "m.warc"
    bad.write_bytes(good[:start] + good[start + 120:])  # the first article loses 120 bytes: it swallows the next
    arts = list(iter_warc(bad.open("rb"), str(bad)))
    reasons = [a.rejected for a in arts if a.rejected]
    assert reasons and all(r.split(":")[0] in {"warc_digest", "warc_corrupt", "warc_truncated"} for r in reasons)
    assert any(r.startswith("warc_digest") for r in reasons)
    # the records after the damage that can still be found are read
    assert "https://news.example/c" in [a.url for a in arts if not a.rejected]


def test_a_changed_byte_fails_the_payload_digest(tmp_path):
    good = build_warc(tmp_path / "g.warc", gz=False).read_bytes()
    i = good.index(b"Government forces shelled")
    bad = tmp_path / "d.warc"
    bad.write_bytes(good[:i] + b"g" + good[i + 1:])
    arts = list(read_sources([str(bad)]))
    first = [a for a in arts if a.url == "https://news.example/a"]
    assert len(first) == 1 and first[0].rejected.startswith("warc_digest"), first[0].rejected
    assert sum(1 for a in arts if not a.rejected) == 2


def test_garbage_and_an_empty_file_do_not_crash(tmp_path):
    junk = tmp_path / "junk.warc"
    junk.write_bytes(b"this is not a warc file\n" * 10)
    arts = list(read_sources([str(junk)]))
    assert len(arts) == 1 and arts[0].rejected.startswith("warc_corrupt")
    empty = tmp_path / "empty.warc.gz"
    empty.write_bytes(b"")
    assert list(read_sources([str(empty)])) == []


def test_store_records_warc_rejections(tmp_path):
    from eventwire.store import Store

    good = build_warc(tmp_path / "g.warc.gz", gz=True)
    bad = _cut(good, tmp_path / "t.warc.gz", 400)
    with Store(tmp_path / "w.db") as store:
        got = ingest_sources(store, [str(bad)])
        assert got["new"] == 2 and got["rejected_total"] == 1, got
        again = ingest_sources(store, [str(bad)])
        assert again["new"] == 0 and again["duplicate"] + again["rejected_total"] == 3
        assert store.counts()["rejections"] == 1


def test_cli_ingests_a_warc(tmp_path):
    import json
    import subprocess
    import sys

    warc = build_warc(tmp_path / "news.warc.gz", gz=True)
    got = subprocess.run([sys.executable, "-m", "eventwire.cli", "ingest", str(warc), "--db", str(tmp_path / "c.db"),
                          "--json"], capture_output=True, text=True, timeout=300)
    assert got.returncode == 0, got.stderr
    assert json.loads(got.stdout)["new"] == 3
