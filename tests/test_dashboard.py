"""The web dashboard in a real browser, against the real `eventwire serve`, with no network.

Debian's chromium (/usr/bin/chromium) is driven by playwright (pip; it downloads no browser). Chromium is
pointed at a dead proxy (127.0.0.1:9), so anything the page fetched from outside the server would fail, and
every request the page makes is checked to go to the server itself. The store holds the bundled samples, the
demo corpus and one hostile article whose title and text carry HTML and script: the page must show them as text.

Skips (and says why) when chromium or the built dashboard (`make dashboard`) is missing, unless
EVENTWIRE_REQUIRE_BROWSER=1 (set by .ci/run), where it fails instead. Writes docs/dashboard.png, the README's
picture of the overview.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from eventwire import ingest_sources

ROOT = Path(__file__).resolve().parents[1]
STATIC_INDEX = ROOT / "src" / "eventwire" / "api" / "static" / "index.html"
CHROMIUM = "/usr/bin/chromium"
SCREENSHOT = ROOT / "docs" / "dashboard.png"
REQUIRED = os.environ.get("EVENTWIRE_REQUIRE_BROWSER") == "1"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--no-first-run", "--disable-sync", "--proxy-server=127.0.0.1:9"]
# (no --proxy-bypass-list: Chromium already bypasses the proxy for loopback; "<-loopback>" would send the
# page's own requests to the dead proxy too)

HOSTILE_TITLE = 'Rebels strike Idlib <img src=x onerror="window.__xss=1;alert(1)">'
HOSTILE_TEXT = ("Rebels attacked the town of Idlib in Syria on Monday, killing five soldiers, a monitoring group said. "
                "<script>window.__xss=1</script> Residents said the "
                "<b onmouseover=\"window.__xss=1;alert(2)\">shelling</b> lasted all night.")


def _unavailable() -> str | None:
    if not Path(CHROMIUM).is_file():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    if not STATIC_INDEX.is_file():
        return f"the dashboard is not built ({STATIC_INDEX.relative_to(ROOT)} is missing: run make dashboard)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return f"playwright is not installed ({exc})"
    return None


def _need_browser() -> None:
    why = _unavailable()
    if why:
        if REQUIRED:
            pytest.fail(f"the browser test is required here (EVENTWIRE_REQUIRE_BROWSER=1) but {why}")
        pytest.skip(why)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(base: str, path: str) -> dict:
    with urllib.request.urlopen(base + path, timeout=10) as r:
        return json.load(r)


# ------------------------------------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A store with the samples, the demo corpus and a hostile article, served by `eventwire serve`."""
    _need_browser()
    import eventwire

    folder = tmp_path_factory.mktemp("dashboard")
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps({"id": "hostile-1", "title": HOSTILE_TITLE, "outlet": "Hostile <i>Wire</i>",
                                   "published": "2025-06-02", "url": "javascript:window.__xss=1",
                                   "text": HOSTILE_TEXT}) + "\n", encoding="utf-8")
    data = resources.files("eventwire") / "data"
    db = folder / "dash.db"
    store = eventwire.open(str(db), create=True)
    try:
        ingest_sources(store, [str(data / "samples"), str(data / "demo"), str(hostile)])
    finally:
        store.close()

    port = _free_port()
    log = (folder / "serve.log").open("w+", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "EVENTWIRE_API_TOKEN"}
    proc = subprocess.Popen([sys.executable, "-m", "eventwire.cli", "serve", "--db", str(db), "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env=env, cwd=folder)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if _get(base, "/api/health").get("status") == "ok":
                break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            log.seek(0)
            pytest.fail(f"eventwire serve did not come up on {base}:\n{log.read()[-3000:]}")
        time.sleep(0.2)
    try:
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        context = b.new_context(viewport={"width": 1400, "height": 900}, service_workers="block")
        context.set_default_timeout(15_000)
        try:
            yield context
        finally:
            context.close()
            b.close()


@pytest.fixture
def page(browser, server):
    """A fresh tab; after the test: no console error, no page error, no dialog, no request off the server."""
    pg = browser.new_page()
    problems: list[str] = []
    dialogs: list[str] = []
    requests: list[str] = []
    pg.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.on("request", lambda r: requests.append(r.url))
    yield pg
    origin = urlsplit(server)
    outside = [u for u in requests if not u.startswith("data:")
               and (urlsplit(u).hostname, urlsplit(u).port) != (origin.hostname, origin.port)]
    pg.close()
    assert not outside, f"the page reached outside its server: {outside}"
    assert not dialogs, f"a dialog opened: {dialogs}"
    assert not problems, "\n".join(problems)


def _settled(page) -> None:
    """Wait until the page has drawn everything for the hash it shows (the app sets body[data-ready])."""
    page.wait_for_function("() => document.body.dataset.ready === (location.hash || '#/')")


def _overview(page, base: str, query: str = "") -> None:
    page.goto(f"{base}/#/{query}")
    _settled(page)
    page.wait_for_selector("svg.map path.country")


def _count(page, selector: str) -> int:
    return page.locator(selector).count()


# ------------------------------------------------------------------------------------------------ tests
def test_overview_renders_map_timeline_network_offline(page, server):
    _overview(page, server)
    assert _count(page, "svg.map path.country") > 100
    assert _count(page, "svg.map circle.incident") > 0
    assert _count(page, "svg.timeline rect.bar") > 0
    assert _count(page, "svg.network g.node") > 1
    assert _count(page, "svg.network path.edge.ally") > 0
    assert _count(page, "svg.network path.edge.hostile") > 0
    assert _count(page, ".inc-panel tbody tr") > 0 and _count(page, ".ev-panel tbody tr") > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 1400  # no sideways scrolling on a laptop

    # a tooltip on hover, built as text
    page.locator("svg.map circle.incident").last.hover(force=True)
    assert page.locator(".tooltip.on").inner_text().strip()

    page.mouse.move(5, 5)
    page.wait_for_timeout(150)  # the tooltip fades
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 20_000


def test_filters_change_what_is_drawn(page, server):
    _overview(page, server)
    circles, bars = _count(page, "circle.incident"), _count(page, "rect.bar")

    page.select_option("select[name=country]", "SYR")
    page.wait_for_function("() => location.hash.includes('country=SYR')")
    _settled(page)
    assert _count(page, "svg.map path.country.selected") == 1
    syr_circles, syr_bars = _count(page, "circle.incident"), _count(page, "rect.bar")
    assert 0 < syr_circles < circles
    assert 0 < syr_bars < bars
    assert "Syria" in page.locator(".active-filters").inner_text()

    page.select_option("select[name=type]", "ASSAULT")
    page.wait_for_function("() => location.hash.includes('type=ASSAULT')")
    _settled(page)
    kinds = page.eval_on_selector_all(".time-panel .bars g", "gs => gs.map(g => g.dataset.type)")
    assert kinds == ["ASSAULT"]
    assert 0 < _count(page, "circle.incident") <= syr_circles

    # a node of the network filters by that actor; the chip removes the filter again
    for _ in range(2):
        page.locator(".active-filters .chip").first.click()
        _settled(page)
    assert page.evaluate("location.hash") == "#/"
    node = page.locator("svg.network g.node").first
    actor = node.get_attribute("data-id")
    node.dispatch_event("click")
    page.wait_for_function("() => location.hash.includes('actor=')")
    _settled(page)
    assert _count(page, "svg.network g.node.focus") >= 1
    assert page.locator("input[name=actor]").input_value() == actor
    assert _count(page, "svg.network g.node") >= 2


def test_incident_page_lists_every_report(page, server):
    multi = _get(server, "/api/incidents?min_sources=2&limit=50")["items"]
    inc = max(multi, key=lambda i: i["reports_count"])
    page.goto(f"{server}/#/incident/{inc['id']}")
    _settled(page)
    assert _count(page, "tr.report") == len(inc["reports"]) >= 2
    titles = page.locator("tr.report td a").all_inner_texts()
    assert sorted(titles) == sorted(r["title"] for r in inc["reports"])
    assert _count(page, ".page-head .warning") == 0
    if inc["conflicts"]:
        assert _count(page, "table.compare tr.differs") > 0
    assert page.locator("section.card", has_text="Who says so").locator("li").count() == len(inc["claimants"])

    single = _get(server, "/api/incidents?limit=200")["items"]
    lone = next(i for i in single if i["single_source"])
    page.goto(f"{server}/#/incident/{lone['id']}")
    _settled(page)
    assert "Single source" in page.locator(".page-head .warning").inner_text()

    # from a report to its article
    page.goto(f"{server}/#/incident/{inc['id']}")
    _settled(page)
    page.locator("tr.report td a").first.click()
    page.wait_for_function("() => location.hash.startsWith('#/article/')")
    _settled(page)
    assert _count(page, ".article-text .m") > 0


def _crossing(spans: list[tuple[int, int]], s: tuple[int, int]) -> bool:
    return any(a < s[0] < b < s[1] or s[0] < a < s[1] < b for a, b in spans)


def test_article_page_highlights_what_was_read(page, server, tmp_path):
    art = _get(server, "/api/articles?search=Badr&limit=1")["items"][0]
    full = _get(server, f"/api/articles/{art['id']}")
    text, mentions = full["annotation"]["article"]["text"], full["annotation"]["mentions"]
    page.goto(f"{server}/#/article/{art['id']}")
    _settled(page)
    assert page.locator(".article-text").evaluate("e => e.textContent") == text  # split, not rewritten

    every = [(m["start"], m["end"]) for k in ("actors", "places", "times") for m in mentions[k]]
    every += [(e["trigger"]["start"], e["trigger"]["end"]) for e in full["annotation"]["events"] if e.get("trigger")]
    for kind, key in (("actor", "actors"), ("place", "places"), ("time", "times")):
        shown = page.locator(f".article-text .m-{kind}").all_text_contents()
        assert shown, kind
        for m in mentions[key]:
            assert text[m["start"]:m["end"]] == m["text"]
            if not _crossing(every, (m["start"], m["end"])):
                assert m["text"] in shown, (kind, m["text"])
    triggers = page.locator(".article-text .m-trigger").all_text_contents()
    assert triggers and all(t in text for t in triggers)

    # what a mention resolved to: click "Badr Organisation"
    page.locator(".article-text .m-actor", has_text="Badr Organisation").first.click()
    detail = page.locator(".span-detail").inner_text()
    assert "badr-organisation" in detail and "IRQ" in detail
    # an event card lights up its evidence in the text
    assert _count(page, ".event-card") == len(full["annotation"]["events"])
    page.locator(".event-card").first.click()
    assert _count(page, ".article-text .ev.active") >= 1
    page.screenshot(path=str(tmp_path / "article.png"), full_page=True)


def test_hostile_article_stays_text(page, server):
    art = _get(server, "/api/articles?search=Idlib+monitoring&limit=5")["items"]
    art = next(a for a in art if a["title"] == HOSTILE_TITLE)
    page.goto(f"{server}/#/article/{art['id']}")
    _settled(page)
    assert page.locator("h1.article-title").inner_text() == HOSTILE_TITLE
    body = page.locator(".article-text").inner_text()
    assert "<script>window.__xss=1</script>" in body
    assert '<b onmouseover="window.__xss=1;alert(2)">shelling</b>' in body
    assert "Hostile <i>Wire</i>" in page.locator(".page-head .sub").inner_text()
    page.locator(".article-text").hover()
    page.locator(".article-text").click()
    page.wait_for_timeout(200)
    assert page.evaluate("window.__xss") is None
    assert page.evaluate("document.querySelectorAll('#app script, #app img, #app b, #app i').length") == 0
    assert page.evaluate("document.querySelectorAll('a[href^=\"javascript:\"]').length") == 0

    # the overview lists it with its title as text too
    _overview(page, server, "?country=SYR")
    assert page.evaluate("window.__xss") is None


def test_extract_page_reads_a_pasted_text(page, server):
    page.goto(f"{server}/#/extract")
    page.fill("textarea", "Rebels attacked the town of Idlib in Syria on Monday, killing five soldiers.")
    page.fill("input[type=date]", "2025-06-02")
    page.get_by_role("button", name="Extract events").click()
    page.wait_for_selector(".extract-out .event-card")
    assert "ASSAULT" in page.locator(".extract-out .event-card .type-badge").first.inner_text()
    assert "Idlib" in page.locator(".extract-out .article-text .m-place").all_text_contents()
    assert "attacked" in page.locator(".extract-out .article-text .m-trigger").all_text_contents()
    assert "5" in page.locator(".extract-out .event-card").first.inner_text()  # fatalities

    page.fill("textarea", "   ")
    page.get_by_role("button", name="Extract events").click()
    page.wait_for_selector(".extract-out .error")


def test_brief_page_links_each_sentence_to_its_words(page, server):
    """#/brief (issue 16): the brief's sections, each sentence with its evidence; an evidence link opens the
    article with the supporting words quoted; the hostile article's title and outlet stay text."""
    page.goto(f"{server}/#/brief?country=SYR&since=2024-11-20&until=2024-12-03")
    _settled(page)
    titles = page.locator(".brief-section h2").all_text_contents()
    assert titles == ["Headline numbers", "Main incidents", "Movements and deployments", "Alliance shifts",
                      "Contested claims"]
    assert any("Badr Organisation" in t for t in page.locator(".brief-section li").all_text_contents())
    link = page.locator(".brief-section .evidence a").first
    href = link.get_attribute("href")
    link.click()
    _settled(page)
    quoted = page.locator(".quoted blockquote").inner_text()
    art_id = href.split("/")[2].split("?")[0]
    start, end = (int(x.split("=")[1]) for x in href.split("?")[1].split("&"))
    full = _get(server, f"/api/articles/{art_id}")
    assert quoted.split() == full["annotation"]["article"]["text"][start:end].split()

    page.goto(f"{server}/#/brief?since=2025-05-30&until=2025-06-05")
    _settled(page)
    assert page.evaluate("window.__xss") is None
    assert page.evaluate("document.querySelectorAll('#app script, #app img, #app b, #app i').length") == 0
    assert page.locator('nav a[data-page="alerts"]').count() == 1


def test_html_brief_opens_offline(browser, server, tmp_path):
    """The HTML brief file, opened from disk: it draws its map and graph, fetches nothing, and the hostile
    article's title and outlet stay text."""
    with urllib.request.urlopen(f"{server}/api/brief?since=2024-11-20&until=2025-06-05&format=html",
                                timeout=30) as r:
        html = r.read().decode("utf-8")
    path = tmp_path / "brief.html"
    path.write_text(html, encoding="utf-8")
    pg = browser.new_page()
    requests: list[str] = []
    problems: list[str] = []
    pg.on("request", lambda r: requests.append(r.url))
    pg.on("pageerror", lambda e: problems.append(str(e)))
    pg.on("dialog", lambda d: (problems.append(d.message), d.dismiss()))
    try:
        pg.goto(path.as_uri())
        assert pg.locator("h2").count() == 5 and pg.locator("svg").count() >= 1
        assert pg.evaluate("window.__xss") is None
        assert pg.evaluate("document.querySelectorAll('script, img, b, i, iframe').length") == 0
        assert "Hostile <i>Wire</i>" in pg.locator("body").inner_text()
        pg.emulate_media(media="print")
        assert pg.locator(".ev a").first.evaluate("e => getComputedStyle(e).color") is not None
    finally:
        pg.close()
    assert requests == [path.as_uri()], requests
    assert not problems, problems
