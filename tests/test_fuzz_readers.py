"""Property tests of the readers of untrusted input (text, HTML, JSONL, JSON, gzip, RSS/Atom feeds, WARC):
whatever bytes a file holds, reading it never raises anything but our own errors, every input comes out as an
article with text or as a rejection with a reason, and ids are stable."""

from __future__ import annotations

import gzip
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.errors import EventwireError
from eventwire.ingest import article_from_input, read_sources

FRAGMENTS = [b"<html>", b"</html>", b"<body>", b"<p>", b"</p>", b"<div>", b"<script>", b"</script>", b"<!--",
             b"-->", b"<![CDATA[", b"&amp;", b"&#0;", b"&#xD800;", b"&nbsp;", b"\x00", b"\xff", b"\xc3\xa9",
             b"\xef\xbb\xbf", b"\r\n", b"\n\n", b"{", b"}", b'"text":', b'"', b",", b"[", b"]", b"null",
             b"Rebels attacked Idlib on Monday, killing three soldiers. ", b"The army said. ", b"\xe2\x80\x94",
             b"<meta charset=\"shift_jis\">", b"<?xml version=\"1.0\"?>", b"<!DOCTYPE x [<!ENTITY a \"aaaa\">]>",
             b"<rss version=\"2.0\">", b"<channel>", b"<item>", b"</item>", b"<title>", b"</title>",
             b"<description>", b"</description>", b"<link>http://a.example/x</link>", b"&a;", b"<feed>",
             b"<entry>", b"WARC/1.0\r\n", b"WARC-Type: response\r\n", b"Content-Length: 40\r\n",
             b"WARC-Target-URI: http://a.example/\r\n", b"HTTP/1.1 200 OK\r\n", b"Content-Type: text/html\r\n",
             b"\r\n\r\n"]

blobs = st.one_of(
    st.binary(max_size=2000),
    st.lists(st.sampled_from(FRAGMENTS), max_size=60).map(b"".join),
    st.text(max_size=600).map(lambda t: t.encode("utf-8", "surrogatepass")),
)

SUFFIXES = [".txt", ".html", ".htm", ".jsonl", ".json", ".txt.gz", ".jsonl.gz", ".rss", ".atom", ".xml", ".warc",
            ".warc.gz"]


def _check(arts) -> None:
    for a in arts:
        assert a.id and len(a.id) == 64
        if a.rejected:
            assert isinstance(a.rejected, str) and a.rejected.strip()
        else:
            assert a.text.strip(), "an accepted article has text"
            json.dumps({"text": a.text, "title": a.title, "published": a.published})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=blobs, suffix=st.sampled_from(SUFFIXES))
def test_any_file_reads_into_articles_or_rejections(tmp_path, data, suffix):
    path = tmp_path / f"input{suffix}"
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    try:
        arts = list(read_sources([str(path)]))
    except EventwireError:
        return  # our own error, with a message: acceptable for a whole unreadable source
    if suffix in (".txt", ".html", ".htm", ".txt.gz") or (".json" in suffix and data.strip()):
        # (an empty JSONL file holds no input; a feed or WARC without items or responses holds none either,
        # and a folder walk skips an .xml file that is no feed)
        assert arts, "every file yields at least one record (an article or a rejection)"
    _check(arts)
    again = list(read_sources([str(path)]))
    assert [(a.id, a.rejected) for a in again] == [(a.id, a.rejected) for a in arts]  # deterministic


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=blobs)
def test_any_bytes_or_text_make_one_article(data):
    for value in (data, data.decode("utf-8", "replace")):
        art = article_from_input(value)
        _check([art])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.one_of(
    st.dictionaries(st.sampled_from(["id", "text", "html", "title", "published", "url", "outlet"]),
                    st.one_of(st.text(max_size=80), st.integers(), st.none(), st.lists(st.integers(), max_size=3)),
                    max_size=5).map(json.dumps),
    st.text(max_size=80)), max_size=12))
def test_jsonl_lines_each_give_one_record(tmp_path, lines):
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
    arts = list(read_sources([str(path)]))
    _check(arts)
    nonblank = [ln for ln in "\n".join(lines).split("\n") if ln.encode().strip()]  # ASCII whitespace only
    assert len(arts) == max(len(nonblank), 1) or (not nonblank and len(arts) <= 1)


def test_escaped_lone_surrogates_in_json_are_replaced_not_fatal(tmp_path):
    """Found by the property test above: JSON may carry "\\ud800", which cannot be hashed or stored as UTF-8."""
    path = tmp_path / "s.jsonl"
    path.write_text('{"text": "\\ud800 Rebels attacked Idlib on Monday, killing three soldiers.", "title": "\\udfff"}\n'
                    '{"text": "\\ud83d\\ude00 Rebels attacked Idlib on Monday, killing three soldiers."}\n')
    first, second = read_sources([str(path)])
    assert first.rejected is None and first.text.startswith("\ufffd Rebels") and first.title == "\ufffd"
    assert second.text.startswith("\U0001F600")  # a valid escaped pair is its character
    assert article_from_input("\ud800" * 50 + " abc").rejected == "encoding"
