"""Main text after trafilatura: the line rules of eventwire.ingest.clean drop proven boilerplate and nothing else,
and the extraction scorer compares eventwire with trafilatura alone, overall and per publisher.

The pages here are written for these tests; the Fundus pages are read from ../shared/eval/extraction only."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from eventwire.errors import InputError
from eventwire.evaluation.extraction import evaluate_extraction, publisher
from eventwire.ingest import article_from_html, article_from_text
from eventwire.ingest.clean import MAIN_TEXT_RULES, clean_text, is_dateline, reads_as_prose

FUNDUS = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "extraction"

# Story sentences that start like page furniture or hold a credit word: every one must survive.
PROSE = [
    "Read more about the ceasefire, and you find that both sides broke it within hours, the monitors said.",
    "Copyright lawyers for the newspaper said the lawsuit would be filed in Nairobi on Monday.",
    "Advertisement hoardings along the main road were torn down by protesters overnight.",
    "Related fighting broke out in the north on Tuesday, the army said.",
    "Prime Minister Rishi Sunak (pictured) said the strikes on the port were justified.",
    "Getty Images photographer John Moore was injured in the blast, the agency said.",
    "\u201cJoin our movement,\u201d the opposition leader told the crowd in Tbilisi.",
    "By continuing to use force, the government risks a wider war, analysts said.",
    "Follow us, he said.",
    "Sign up for the militia rose sharply after the attack on the market.",
    "Subscribe to the treaty, the envoy told the assembly, or face sanctions.",
    "Photographs taken by the monitors, courtesy of the OSCE mission, show the damaged bridge.",
]
# Page furniture that trafilatura keeps inside article bodies: every one must go, with the rule that drops it.
BOILERPLATE = [
    ("Read more: Ceasefire collapses in the north", "ui_prefix"),
    ("READ MORE: Trade deal clears a legal hurdle in parliament", "ui_prefix"),
    ("Read more about the war in Ukraine", "ui_prefix"),
    ("RELATED: Militia leader arrested at the border", "ui_prefix"),
    ("Sign up for our daily newsletter to get the latest news in your inbox.", "ui_prefix"),
    ("We use cookies to give you the best experience on our website. By continuing you agree.", "ui_prefix"),
    ("Click here to get the Example News app", "ui_prefix"),
    ("Subscribe to Example Premium to bookmark this article", "ui_prefix"),
    ("Share this article", "ui_line"),
    ("Share on Facebook", "ui_line"),
    ("Advertisement", "ui_line"),
    ("Credit: Jane Doe/AFP via Getty Images", "credit"),
    ("Fighters at the airport gate / Reuters", "credit"),
    ("Image copyright Getty Images", "credit"),
    ("Copyright 2024 The Example Times. All rights reserved. This material may not be redistributed.", "ui_prefix"),
    ("From the book The Long War by Jane Doe. Copyright \u00a9 2019 by Jane Doe. Reprinted by permission.", "credit"),
]
BIO = ("Jane Doe is a reporter for Example News covering the Sahel. Follow her on X at @janedoe and send tips to "
       "jane.doe@example.com.")
STORY = ("Hundreds of Iran-backed Iraqi fighters have crossed into Syria to support government forces following "
         "recent rebel advances, according to security sources in Baghdad.")
STORY2 = "The fighters moved in small groups at night to avoid airstrikes, a senior military source said."


# --- the rules, line by line -----------------------------------------------------------------------

@pytest.mark.parametrize("line", PROSE)
@pytest.mark.parametrize("conservative", [True, False])
def test_story_sentences_that_look_like_boilerplate_survive(line, conservative):
    c = clean_text("\n\n".join([STORY, line, STORY2]), conservative=conservative)
    assert line in c.text.split("\n\n"), c.dropped
    assert c.dropped == []


@pytest.mark.parametrize("line, rule", BOILERPLATE)
@pytest.mark.parametrize("conservative", [True, False])
def test_boilerplate_lines_go_with_their_rule(line, rule, conservative):
    c = clean_text("\n\n".join([STORY, line, STORY2]), conservative=conservative)
    assert c.text == STORY + "\n\n" + STORY2
    assert (rule, line) in c.dropped


@pytest.mark.parametrize("dateline", [
    "KYIV, Ukraine, March 9 (Reuters) -",
    "WASHINGTON (AP) \u2014",
    "WASHINGTON (AP)",
    "BEIRUT, Dec 3 (Reuters) -",
    "GAZA CITY \u2014",
])
def test_datelines_stay_in_the_text(dateline):
    assert is_dateline(dateline)
    for text in (dateline + "\n\n" + STORY, dateline + " " + STORY):
        c = clean_text(text, conservative=True)
        assert c.text.startswith(dateline), c.dropped
    art = article_from_html(_page("Drones strike the port", [dateline + " " + STORY, STORY2]))
    assert art.text.startswith(dateline + " Hundreds")


def test_credit_lines_are_not_datelines():
    assert not is_dateline("AFP / JEFF PACHOUD")
    assert not is_dateline("REUTERS/Maja Smiejkowska")
    assert not is_dateline("Credit: Jane Doe/AFP")


def test_author_box_goes_only_at_the_end_and_only_with_a_way_to_reach_the_author():
    c = clean_text("\n\n".join([STORY, STORY2, BIO]), conservative=True)
    assert c.text == STORY + "\n\n" + STORY2
    assert c.dropped == [("author_bio", BIO)]
    # The same sentence in the middle of a story is story text.
    assert BIO in clean_text("\n\n".join([STORY, BIO, STORY2, STORY]), conservative=True).text
    # A reporter named at the end of a story, with no contact line, is story text.
    news = "Evan Gershkovich is a reporter for The Wall Street Journal who has been detained in Russia since March."
    assert news in clean_text("\n\n".join([STORY, STORY2, news]), conservative=True).text


def test_title_rule_and_rule_selection():
    title = "Iraqi militias send fighters to Syria"
    c = clean_text("\n\n".join([title, STORY, "Share this article", STORY2]), title=title, conservative=True)
    assert c.text == STORY + "\n\n" + STORY2
    assert [r for r, _ in c.dropped] == ["title", "ui_line"]
    kept = clean_text("\n\n".join([title, STORY, "Share this article"]), title=title, conservative=True,
                      rules=tuple(r for r in MAIN_TEXT_RULES if r != "ui_line"))
    assert "Share this article" in kept.text and title not in kept.text
    with pytest.raises(ValueError, match="unknown main-text rules"):
        clean_text(STORY, rules=("no_such_rule",))


def test_reads_as_prose():
    assert reads_as_prose("Read more about the ceasefire, which began on Sunday.")
    assert reads_as_prose("\u201cJoin our movement,\u201d he said")
    assert not reads_as_prose("Read more about the war in Ukraine")
    assert not reads_as_prose("Credit: Jane Doe/AFP")


def test_plain_text_path_keeps_the_lookalikes_too():
    art = article_from_text("\n\n".join([STORY, PROSE[0], "Read more: Ceasefire collapses in the north", STORY2]))
    assert PROSE[0] in art.text and "Ceasefire collapses" not in art.text


# --- through trafilatura ----------------------------------------------------------------------------

def _page(title: str, paras: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (f"<!DOCTYPE html><html><head><title>{title}</title></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>Contact us</footer></body></html>")


def test_html_page_keeps_story_and_drops_what_trafilatura_left():
    import trafilatura

    furniture = [line for line, _ in BOILERPLATE]
    paras = [STORY] + [p for pair in zip(PROSE, furniture) for p in pair] + [STORY2, BIO]
    page = _page("Fighters cross into Syria", paras)
    art = article_from_html(page)
    assert art.rejected is None
    for line in PROSE:
        assert line in art.text
    alone = (trafilatura.extract(page) or "").split("\n")
    left_by_trafilatura = [line for line in furniture + [BIO] if line in alone]
    assert len(left_by_trafilatura) >= 10  # the rules are what removes these, not trafilatura
    lines = art.text.split("\n")
    for line in left_by_trafilatura:
        assert line not in lines


# --- the scorer ---------------------------------------------------------------------------------------

def _eval_folder(tmp_path: Path) -> Path:
    gt = {}
    (tmp_path / "html").mkdir()
    for pub in ("Alpha", "Beta"):
        for i in range(2):
            name = f"{pub}_{i}.html.gz"
            body = [STORY, STORY2, PROSE[i]]
            paras = body + ["Share this article", "Read more: Ceasefire collapses in the north"]
            (tmp_path / "html" / name).write_bytes(gzip.compress(_page(f"{pub} headline {i}", paras).encode()))
            gt[name] = {"url": f"https://{pub.lower()}.example/{i}", "body": body}
    (tmp_path / "ground_truth.json").write_text(json.dumps(gt))
    return tmp_path


def test_scorer_reports_each_publisher_next_to_trafilatura(tmp_path):
    res = evaluate_extraction(_eval_folder(tmp_path), rules=True)
    assert set(res["by_publisher"]) == {"Alpha", "Beta"}
    for d in res["by_publisher"].values():
        assert d["eventwire"]["pages"] == 2 and set(d) == {"eventwire", "trafilatura"}
        assert d["eventwire"]["precision"] > d["trafilatura"]["precision"]  # the UI lines are gone
        assert d["eventwire"]["recall"] == d["trafilatura"]["recall"] == 1.0
    assert res["metrics"]["publishers_below_trafilatura"] == 0 and res["below_trafilatura"] == []
    assert set(res["rules"]) == set(MAIN_TEXT_RULES)
    assert res["rules"]["ui_line"]["dropped"] == 4 and res["rules"]["ui_prefix"]["dropped"] == 4
    assert res["rules"]["ui_prefix"]["delta"]["precision"] > 0 and res["rules"]["ui_prefix"]["fails"] == []
    alone = evaluate_extraction(tmp_path, baseline=None)
    assert "baseline_trafilatura" not in alone and "publishers_below_trafilatura" not in alone["metrics"]
    with pytest.raises(InputError, match="unknown baseline"):
        evaluate_extraction(tmp_path, baseline="readability")


def test_publisher_names():
    assert publisher("APNews_3.html.gz", "https://apnews.com/x") == "APNews"
    assert publisher("0a12df42.html", "https://www.example.org/a/b") == "example.org"
    assert publisher("page.html", None) == "-"


def test_never_below_trafilatura_on_the_fundus_set():
    if not (FUNDUS / "ground_truth.json").is_file():
        pytest.skip(f"{FUNDUS} is absent: this check needs ../shared/eval beside the repository")
    res = evaluate_extraction(FUNDUS)
    assert res["below_trafilatura"] == [], res["by_publisher"]
    assert res["metrics"]["f1"] >= res["baseline_trafilatura"]["f1"]
    assert res["metrics"]["recall"] >= res["baseline_trafilatura"]["recall"]


# --- scripts out, text in -----------------------------------------------------------------------------

@pytest.mark.parametrize("html, expected", [
    ("<p>a</p><script>x</script><p>b</p>", "<p>a</p><p>b</p>"),
    ("<p>a</p><style>p{}</style ><p>b</p><SCRIPT>w</SCRIPT>", "<p>a</p><p>b</p>"),
    # a "</script" with no ">" ends the script, as in an HTML parser; the article after it stays
    ("<p>a</p><script>var s = 1;</script\n\n<!-- c --><p>b</p><script>q</script>", "<p>a</p><!-- c --><p>b</p>"),
    # a "<script>" written inside kept JSON-LD opens nothing
    ('<script type="application/ld+json">{"a": "<script>x<\\/script>"}</script><p>b</p><script>q</script>',
     '<script type="application/ld+json">{"a": "<script>x<\\/script>"}</script><p>b</p>'),
    # nor does one commented out
    ("<p>a</p><!-- <script> --><p>b</p><script>y</script><p>c</p>", "<p>a</p><!-- <script> --><p>b</p><p>c</p>"),
])
def test_strip_scripts_removes_scripts_only(html, expected):
    from eventwire.ingest.html import strip_scripts

    assert strip_scripts(html) == expected


def test_article_after_an_unclosed_script_end_tag_is_kept():
    # A real page's shape: "</script" with no ">", a comment, then the article, then more scripts.
    page = _page("Fighters cross into Syria", [STORY, STORY2])
    page = page.replace("<nav>", "<script src='/bundle.js'></script\n\n<!-- plugin --><nav>")
    page = page.replace("<footer>", "<script>track()</script><footer>")
    art = article_from_html(page)
    assert art.rejected is None
    assert STORY in art.text and STORY2 in art.text
