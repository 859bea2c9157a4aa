"""Situation briefs (eventwire.brief): on the seed article, the brief names the Iraqi militias sent into Syria,
Iran's backing of them, Hezbollah's withdrawal and Israel's warning, each with evidence inside the seed's own
words; over two written multi-outlet stories, differing figures stand side by side and are never added; the HTML
page escapes hostile titles, outlets and names and needs no network."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire import ingest_sources
from eventwire.brief import make_brief, quotes, render
from eventwire.brief.select import Window
from eventwire.cli import app
from eventwire.errors import ConfigError
from eventwire.store import Store

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "examples" / "seed-article.txt"
runner = CliRunner()

STORIES = [
    {"id": "wire-a", "outlet": "Wire A", "published": "2024-12-05",
     "title": "Airstrike kills 14 in Idlib",
     "text": "An airstrike by the Syrian army killed 14 civilians in Idlib on December 4, local medics said."},
    {"id": "paper-b", "outlet": "Paper B", "published": "2024-12-05", "title": "19 dead in Idlib strike",
     "text": "Syrian army jets killed 19 civilians in Idlib on Wednesday, a rescue group said. The army said it "
             "struck fighters, not civilians."},
]
HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)>"


def _texts(store):
    return {a["id"]: store.article(a["id"])["text"] for a in store.articles(limit=0)}


def _items(b, title=None):
    return [it for s in b.sections if title in (None, s.title) for it in s.items]


def _check_spans(b, texts):
    """Every span of every sentence lies inside its article's text; an empty evidence list only where the
    sentence states that there is nothing."""
    for it in _items(b):
        if not it.evidence:
            assert it.text.startswith("No "), it.text
        for e in it.evidence:
            assert e["article_id"] in texts
            assert 0 <= e["start"] < e["end"] <= len(texts[e["article_id"]]), e


def _supported(b, words, phrase, texts, title=None):
    """A sentence holding all of `words` whose evidence spans hold `phrase` in the article text."""
    for it in _items(b, title):
        if all(w.lower() in it.text.lower() for w in words):
            if any(phrase in texts[e["article_id"]][e["start"]:e["end"]] for e in it.evidence):
                return it
    raise AssertionError(f"no sentence with {words} backed by {phrase!r}:\n" +
                         "\n".join(it.text for it in _items(b, title)))


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    if not SEED.exists():
        pytest.skip(f"the seed article is not at {SEED} (../shared is absent)")
    d = tmp_path_factory.mktemp("seed")
    (d / "seed-article.txt").write_text(SEED.read_text())
    store = Store(str(d / "seed.db"))
    ingest_sources(store, [str(d / "seed-article.txt")], published="2024-12-03")
    yield store
    store.close()


def test_seed_brief_names_the_four_facts_with_the_seeds_words(seed_store):
    b = make_brief(seed_store, since="2024-11-20", until="2024-12-03", countries=["SYR"])
    texts = _texts(seed_store)
    (seed_id,) = texts
    assert [s.title for s in b.sections] == ["Headline numbers", "Main incidents", "Movements and deployments",
                                             "Alliance shifts", "Contested claims"]
    _check_spans(b, texts)
    assert {e["article_id"] for it in _items(b) for e in it.evidence} == {seed_id}
    militias = _supported(b, ["Iraqi", "Badr Organisation", "Syria"], "crossed into Syria", texts,
                          "Movements and deployments")
    assert "Iraq \u2192 Syria" in militias.text
    _supported(b, ["Iran backs", "Iraqi fighters"], "Iran-backed Iraqi fighters", texts, "Alliance shifts")
    _supported(b, ["Hezbollah withdrew"], "withdrew senior officers responsible for Aleppo", texts,
               "Main incidents")
    _supported(b, ["Israeli military warned"], "The Israeli military has warned", texts, "Main incidents")
    # the negated "has not been asked to intervene" is no main incident
    assert not any("Hezbollah mobilised" in it.text for it in _items(b, "Main incidents"))


def test_seed_brief_from_the_command_line(seed_store, tmp_path):
    args = ["brief", "--db", seed_store.path, "--country", "SYR", "--since", "2024-11-20", "--until", "2024-12-03"]
    got = runner.invoke(app, args + ["--format", "json"])
    assert got.exit_code == 0, got.output
    data = json.loads(got.stdout)
    assert set(data) >= {"window", "filters", "sections"}
    assert data["window"]["since"] == "2024-11-20" and data["filters"]["country"] == ["SYR"]
    for s in data["sections"]:
        for it in s["items"]:
            assert set(it) <= {"text", "evidence", "incident_id"}
            for e in it["evidence"]:
                assert set(e) == {"article_id", "start", "end", "outlet"}
    md = runner.invoke(app, args)
    assert md.exit_code == 0 and md.stdout.startswith("# Brief 2024-11-20 to 2024-12-03")
    assert "## Alliance shifts" in md.stdout
    again = runner.invoke(app, args + ["--format", "json"])
    assert again.stdout == got.stdout  # deterministic
    out = tmp_path / "b.html"
    assert runner.invoke(app, args + ["-f", "html", "-o", str(out)]).exit_code == 0
    assert out.read_text().startswith("<!DOCTYPE html>")
    bad = runner.invoke(app, ["brief", "--db", seed_store.path, "--since", "2024-12-03", "--until", "2024-11-20"])
    assert bad.exit_code == 1 and "after" in bad.output and "Traceback" not in bad.output
    bad = runner.invoke(app, args + ["--country", "Syria"])
    assert bad.exit_code == 2


def test_windows_and_filters():
    w = Window("2024-11-20", "2024-12-03")
    assert w.days == 14 and w.previous() == Window("2024-11-06", "2024-11-19")
    with pytest.raises(ConfigError):
        make_brief(None, since="2024-11-20", until=None)
    with pytest.raises(ConfigError):
        make_brief(None, since="2024-11-20", until="2024-12-01", countries=["Syria"])
    with pytest.raises(ConfigError):
        make_brief(None, since="2024-11-20", until="2024-12-01", near="100,0,5")


@pytest.fixture
def story_store(tmp_path, db_url):
    src = tmp_path / "two.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in STORIES))
    store = Store(db_url)
    ingest_sources(store, [str(src)])
    yield store
    store.close()


def test_contested_figures_side_by_side_never_summed(story_store):
    b = make_brief(story_store, since="2024-12-01", until="2024-12-07", countries=["SYR"])
    texts = _texts(story_store)
    _check_spans(b, texts)
    main = _supported(b, ["14 to 19 killed", "14 per Wire A", "19 per Paper B"], "killed 14 civilians", texts,
                      "Main incidents")
    assert any("killed 19 civilians" in texts[e["article_id"]][e["start"]:e["end"]] for e in main.evidence)
    assert {e["outlet"] for e in main.evidence} == {"Wire A", "Paper B"}
    _supported(b, ["Figures differ", "14 to 19 killed"], "killed 19 civilians", texts, "Contested claims")
    head = _supported(b, ["14 killed in 1 incident"], "killed 14", texts, "Headline numbers")
    everything = json.dumps(b.to_dict())
    assert "33" not in re.findall(r"\d+", everything)  # 14 + 19: never a sum
    assert "lowest credible" in head.text
    # the same window on a country with nothing: the numbers say so, no span is invented
    empty = make_brief(story_store, since="2024-12-01", until="2024-12-07", countries=["KEN"])
    assert [it.evidence for it in _items(empty, "Headline numbers")][1:] == [[], []]
    assert _items(empty, "Main incidents") == []


def test_html_is_self_contained_and_escapes_hostile_values(tmp_path):
    src = tmp_path / "hostile.jsonl"
    stories = [dict(STORIES[0], title=HOSTILE + STORIES[0]["title"], outlet="Wire " + HOSTILE),
               dict(STORIES[1], outlet="Paper\" onmouseover=\"alert(2)")]
    src.write_text("".join(json.dumps(a) + "\n" for a in stories))
    with Store(str(tmp_path / "h.db")) as store:
        ingest_sources(store, [str(src)])
        with store.engine.begin() as conn:  # a hostile actor name, as a user's knowledge base could give
            conn.exec_driver_sql("UPDATE actors SET name = ? WHERE name LIKE 'Syria%'", (HOSTILE,))
        b = make_brief(store, since="2024-12-01", until="2024-12-07")
        page = render(b, "html", quotes(store, b))
    assert HOSTILE in json.dumps(b.to_dict()) or "Wire " + HOSTILE in render(b, "md")
    assert "<script" not in page.lower() and "<img" not in page  # as text only: "&lt;img src=x onerror=..."
    assert 'onmouseover="' not in page
    assert "&lt;script&gt;" in page
    # no network: nothing loads from elsewhere, and a print stylesheet is there
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "@media print" in page and "<svg" in page

    class Tags(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tags = set()
            self.attrs = set()

        def handle_starttag(self, tag, attrs):
            self.tags.add(tag)
            self.attrs.update(k for k, _ in attrs)

    p = Tags()
    p.feed(page)
    assert not p.tags & {"script", "img", "iframe", "object", "embed", "link"}
    assert not any(a.startswith("on") for a in p.attrs)


def test_actor_and_near_filters(story_store):
    b = make_brief(story_store, since="2024-12-01", until="2024-12-07", actors=["civilian"])
    assert any("killed" in it.text for it in _items(b, "Main incidents"))
    far = make_brief(story_store, since="2024-12-01", until="2024-12-07", near="0,0,50")
    assert _items(far, "Main incidents") == []
    near = make_brief(story_store, since="2024-12-01", until="2024-12-07", near="35.93,36.63,50")  # Idlib
    assert len(_items(near, "Main incidents")) == 1


def test_readme_brief_and_alert_commands_run(tmp_path, seed_store):
    """The commands of the README's "Briefs and alerts" block run as written (on a store of the seed)."""
    import shlex

    root = Path(__file__).resolve().parents[1]
    block = (root / "README.md").read_text().split("## Briefs and alerts", 1)[1].split("```", 2)[1]
    commands = [shlex.split(line.split("#", 1)[0]) for line in block.splitlines() if line.startswith("eventwire ")]
    assert [c[1] for c in commands] == ["brief", "brief", "alert", "alert", "alerts", "alert"]
    db = str(tmp_path / "events.db")
    (tmp_path / "seed.txt").write_text(SEED.read_text())
    with Store(db) as store:
        ingest_sources(store, [str(tmp_path / "seed.txt")], published="2024-12-03")
    for argv in commands:
        argv = [db if a == "events.db" else str(tmp_path / a) if a == "brief.html" else a for a in argv[1:]]
        res = runner.invoke(app, argv)
        assert res.exit_code == 0, (argv, res.output)
    assert (tmp_path / "brief.html").read_text().startswith("<!DOCTYPE html>")


def test_demo_store_brief_names_the_four_facts(tmp_path):
    """The same four facts on the demo store (the bundled samples and demo corpus, which hold the seed)."""
    from importlib import resources

    data = resources.files("eventwire") / "data"
    with Store(str(tmp_path / "demo.db")) as store:
        ingest_sources(store, [str(data / "samples"), str(data / "demo")])
        b = make_brief(store, since="2024-11-20", until="2024-12-03", countries=["SYR"])
        texts = _texts(store)
    _check_spans(b, texts)
    _supported(b, ["Iraqi", "Badr Organisation", "Syria"], "crossed into Syria", texts, "Movements and deployments")
    _supported(b, ["Iran backs", "Iraqi fighters"], "Iran-backed Iraqi fighters", texts, "Alliance shifts")
    _supported(b, ["Hezbollah withdrew"], "withdrew", texts, "Main incidents")
    _supported(b, ["Israeli military warned"], "has warned", texts, "Main incidents")
