"""Tests of eventwire.ingest: sources -> Article records, with every bad input refused as data."""

from __future__ import annotations

import gzip
import io
import json
import time
from pathlib import Path

import pytest

from eventwire.errors import InputError
from eventwire.ingest import (
    article_from_html, article_from_input, article_from_text, content_id, read_sources,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "examples" / "seed-article.txt"
SEED_EXPECTED = SHARED / "examples" / "seed-article.expected.json"

EN = ("Hundreds of Iran-backed Iraqi fighters have crossed into Syria to support government forces "
      "following recent rebel advances, according to security sources in Baghdad.")
EN2 = "The fighters moved in small groups at night to avoid airstrikes, a senior military source said."


def _page(title: str, paras: list[str], extra_head: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (f"<!DOCTYPE html><html><head><title>{title}</title>{extra_head}</head><body>"
            f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>Copyright 2024</footer></body></html>")


# --- the seed article -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed():
    if not SEED.is_file() or not SEED_EXPECTED.is_file():
        pytest.skip(f"shared examples not found at {SEED.parent} (run from the project checkout)")
    return article_from_text(SEED.read_bytes()), json.loads(SEED_EXPECTED.read_text())["article"]


def test_seed_metadata(seed):
    art, exp = seed
    assert art.rejected is None
    assert art.title == exp["title"]
    assert art.byline in exp["byline_any_of"]
    assert art.outlet in exp["outlet_any_of"]
    assert art.published == exp["published"]
    assert art.language == exp["language"]


def test_seed_boilerplate_removed(seed):
    art, exp = seed
    for junk in exp["boilerplate_not_in_text"]:
        assert junk not in art.text
    assert art.text.count(exp["title"]) <= exp["title_appears_in_text_at_most"]
    assert "By bne Gulf bureau" not in art.text
    assert not art.text.rstrip().endswith("News")
    assert art.text.startswith("Hundreds of Iran-backed Iraqi fighters")
    assert "\n\n" in art.text and "\n\n\n" not in art.text


def test_seed_id_is_hash_of_canonical_text(seed):
    art, _ = seed
    assert art.id == content_id(art.text)
    assert len(art.id) == 64
    again = article_from_text(SEED.read_text().replace("\n\n", "\n\n\n"))
    assert again.id == art.id


# --- plain text rules ---------------------------------------------------------------------------

def test_text_byline_captions_and_ui_words():
    raw = "\n".join([
        "Rebels seize airport in northern city", "",
        "Rebels seize airport in northern city",
        "Fighters at the airport gate / Reuters",
        "By Jane Smith | Reuters", "March 4, 2024", "",
        EN, "", "Share", "", "Advertisement", "", EN2, "", "We use cookies to improve your experience.",
        "Photo: AFP via Getty Images", "Read more", "Dismiss",
    ])
    art = article_from_text(raw)
    assert art.title == "Rebels seize airport in northern city"
    assert art.byline == "Jane Smith"
    assert art.outlet == "Reuters"
    assert art.published == "2024-03-04"
    assert art.text == EN + "\n\n" + EN2


def test_text_explicit_metadata_wins():
    art = article_from_text("By Jane Smith December 3, 2024\n\n" + EN, published="2024-12-05",
                            source_id="abc", url="https://example.org/a", outlet="Example")
    assert (art.published, art.source_id, art.url, art.outlet) == (
        "2024-12-05", "abc", "https://example.org/a", "Example")
    assert art.byline == "Jane Smith"


def test_invalid_published_is_none_not_a_crash():
    art = article_from_text(EN, published="2024-02-30")
    assert art.rejected is None and art.published is None
    assert article_from_text(EN, published="not a date").published is None


def test_wire_dateline_is_kept():
    line = "BEIRUT, Dec 3 (Reuters) - " + EN
    assert article_from_text(line + "\n\n" + EN2).text.startswith("BEIRUT, Dec 3 (Reuters) -")


# --- HTML ---------------------------------------------------------------------------------------

def test_html_strips_repeated_headline_and_reads_metadata():
    title = "Iraqi militias send fighters to Syria"
    head = ('<meta property="og:site_name" content="Example News">'
            '<meta name="author" content="Jane Smith">'
            '<meta property="article:published_time" content="2024-12-03T10:00:00Z">')
    art = article_from_html(_page(title, [EN, EN2, EN.replace("Hundreds", "Dozens")], head))
    assert art.rejected is None
    assert art.title == title
    assert title not in art.text
    assert art.text.startswith("Hundreds of Iran-backed")
    assert art.text.count("\n\n") == 2
    assert art.published == "2024-12-03"
    assert art.outlet == "Example News"
    assert art.byline == "Jane Smith"


def test_input_sniffs_html_and_text():
    html = _page("A headline about the war", [EN, EN2]).encode()
    assert article_from_input(html).title == "A headline about the war"
    assert "<p>" not in article_from_input(html).text
    assert article_from_input(EN).text == EN


def test_malformed_html_does_not_crash():
    html = ("<html><body><p>Unclosed <b>bold <div><p>" + f"<p>{EN}<p>{EN2}"
            + "<table><tr><td>x</p></div></span></html></body><<<>>> <!-- unterminated")
    art = article_from_html(html)
    assert art.rejected is None
    assert "Iraqi fighters" in art.text


def test_deeply_nested_html_does_not_crash():
    html = "<html><body>" + "<div>" * 5000 + f"<p>{EN}</p><p>{EN2}</p>" + "</div>" * 5000 + "</body></html>"
    art = article_from_html(html)
    assert art.rejected is None  # the fallback reads the paragraphs lxml cannot reach
    assert "Iraqi fighters" in art.text


def test_huge_html_is_refused_quickly():
    html = b"<html><body>" + b"<div><p>filler words here</p></div>" * 1_500_000 + b"</body></html>"
    assert len(html) > 50_000_000
    t0 = time.perf_counter()
    art = article_from_html(html)
    assert time.perf_counter() - t0 < 5
    assert art.rejected == "too_large" and art.text == ""


def test_large_pages_go_through_the_worker(monkeypatch):
    from eventwire.ingest import html as html_mod

    monkeypatch.setattr(html_mod, "SUBPROCESS_ABOVE", 1000)
    page = _page("Worker headline", [EN, EN2] * 10, '<script>var x = "' + "y" * 5000 + '";</script>')
    art = article_from_html(page)
    assert art.rejected is None and art.title == "Worker headline"
    assert art.text.startswith("Hundreds of Iran-backed")
    monkeypatch.setattr(html_mod, "TIMEOUT_S", 0.001)
    assert article_from_html(page).rejected == "timeout"


# --- bad inputs -----------------------------------------------------------------------------------

@pytest.mark.parametrize("data, reason", [
    (b"", "empty"), ("", "empty"), (b"  \n\t\r\n ", "empty"), ("   \n  ", "empty"),
    (b"abc\x00\x00def\x00" * 20, "binary"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "binary"),
    (bytes(range(256)) * 20, "binary"),
])
def test_bad_inputs_rejected(data, reason):
    art = article_from_input(data)
    assert art.rejected == reason
    assert art.text == ""
    assert len(art.id) == 64


def test_zip_is_binary():
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("article.txt", EN)
    assert article_from_input(buf.getvalue()).rejected == "binary"


def test_invalid_utf8_bytes():
    # A Latin-1 page decodes through charset detection; mojibake beyond the budget is refused.
    art = article_from_text((EN.replace("Baghdad", "Bagdad caf\xe9") + " " + EN2).encode("latin-1"))
    assert art.rejected is None and "café" in art.text
    garbage = bytes([0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0xF0, 0x28, 0x8C, 0xBC]) * 50
    art = article_from_text(garbage)
    assert art.rejected == "encoding"
    assert art.text == ""


def test_rejected_ids_are_deterministic_and_distinct():
    a, b = article_from_input(b"\x00\x01"), article_from_input(b"\x00\x02")
    assert a.id == article_from_input(b"\x00\x01").id
    assert a.id != b.id


@pytest.mark.parametrize("text, lang", [
    ("Les forces syriennes ont repris le contrôle de la ville après des combats intenses, selon des "
     "sources militaires. Des centaines de combattants irakiens ont traversé la frontière.", "fr"),
    ("叙利亚政府军在激烈战斗后重新控制了该市。数百名伊拉克战斗人员越过边境支持政府军。", "zh"),
    ("استعادت القوات السورية السيطرة على المدينة بعد معارك عنيفة، وفق مصادر عسكرية. وعبر مئات المقاتلين "
     "العراقيين الحدود.", "ar"),
])
def test_non_english_rejected(text, lang):
    art = article_from_text(text)
    assert art.rejected == f"not_english:{lang}"
    assert art.language == lang and art.text == ""


def test_short_english_sentence_is_kept():
    art = article_from_text("Israel struck Gaza on Monday.")
    assert art.rejected is None and art.language == "en"


# --- sources --------------------------------------------------------------------------------------

def _jsonl_lines() -> list[bytes]:
    return [
        json.dumps({"id": "a1", "text": EN, "published": "2024-12-03", "url": "https://x.org/1",
                    "title": "T1", "outlet": "Wire"}).encode(),
        b'{"id": "a2", "text": "Truncated line with no end',
        b"[1, 2, 3]",
        b"",
        json.dumps({"id": "a4", "html": _page("Page title", [EN2, EN])}).encode(),
        json.dumps({"id": "a5", "title": "nothing"}).encode(),
        b'{"id": "a6", "text": "\xff\xfe"}',
    ]


def test_jsonl_batch_continues_and_echoes_metadata(tmp_path):
    f = tmp_path / "batch.jsonl"
    f.write_bytes(b"\n".join(_jsonl_lines()) + b"\n")
    arts = list(read_sources([str(f)]))
    assert len(arts) == 6  # blank line skipped, one Article per input line
    a1, a2, a3, a4, a5, a6 = arts
    assert (a1.source_id, a1.published, a1.url, a1.title, a1.outlet, a1.rejected) == (
        "a1", "2024-12-03", "https://x.org/1", "T1", "Wire", None)
    assert a2.rejected.startswith("invalid_json: line 2:")
    assert a3.rejected == "invalid_json: line 3: not a JSON object"
    assert a4.source_id == "a4" and a4.rejected is None and a4.title == "Page title"
    assert "Page title" not in a4.text
    assert a5.rejected == "no_text" and a5.source_id == "a5"
    assert a6.rejected == "encoding"
    assert len({a.id for a in arts}) == 6


def test_folder_recursive_sorted_and_gzip(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(EN2)
    (tmp_path / "a.txt").write_text(EN)
    (tmp_path / "c.jsonl.gz").write_bytes(gzip.compress(_jsonl_lines()[0] + b"\n"))
    (tmp_path / "d.json").write_text(json.dumps({"id": "d", "text": EN + " " + EN2}))
    (tmp_path / "ignored.bin").write_bytes(b"\x00")
    (tmp_path / "e.html").write_text(_page("Html title", [EN, EN2]))
    arts = list(read_sources([str(tmp_path)], published="2024-01-02"))
    assert [a.source_id for a in arts] == ["a.txt", "2.txt", "a1", "d", "e.html"]
    assert arts[0].published == "2024-01-02"  # the default applies where the document gives no date
    assert arts[2].published == "2024-12-03"  # the record's own date wins


def test_stdin_text_and_jsonl():
    arts = list(read_sources(["-"], stdin=io.BytesIO(EN.encode())))
    assert len(arts) == 1 and arts[0].text == EN
    arts = list(read_sources(["-"], stdin=io.BytesIO(b"\n".join(_jsonl_lines()[:3]))))
    assert [a.rejected is None for a in arts] == [True, False, False]


def test_missing_path_raises_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(read_sources([str(tmp_path / "nope.txt")]))


def test_oversized_file_rejected(tmp_path):
    f = tmp_path / "big.txt"
    f.write_bytes(b"word " * 2_000_000)
    (art,) = read_sources([str(f)])
    assert art.rejected == "too_large"


def test_utf8_with_a_few_stray_bytes_stays_utf8():
    """A UTF-8 page holding a stray byte of another encoding is read as UTF-8 (one replacement character), not
    as cp1252 with every accent and curly quote garbled; a Latin-1 text is still read as Latin-1."""
    from eventwire.ingest.decode import decode_bytes

    body = "The army’s spokesman said on Monday that “the operation” near Kharkiv was over. ".encode() * 20
    text = decode_bytes(body[:300] + b"\x92" + body[300:], html=False)  # was read as Mac Roman: "army‚Äôs"
    assert text.startswith("The army’s spokesman") and text.count("\ufffd") == 1
    page = b'<html><head><meta charset="utf-8"></head><body><p>' + body + b"\xe9</p></body></html>"
    assert "“the operation”" in decode_bytes(page, html=True)
    latin = ("Le président a déclaré que l'armée négocierait à Bamako. " * 30).encode("latin-1")
    assert "président" in decode_bytes(latin)
