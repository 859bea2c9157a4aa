"""Security claims of the README tried as a hostile user would: the fetcher's guard against loopback written in the
numeric forms the system resolver accepts (decimal, hex, octal, short), the server's default address, and a feed
whose items `watch` leaves out being counted in its summary line. The address and bind tests pin what held when
tried; the watch line failed before its change (it left the unstored items uncounted)."""

from __future__ import annotations

import inspect
import json

import pytest
from typer.testing import CliRunner

from eventwire.cli import app, serve
from eventwire.ingest.fetch import AddressGuard, BlockedAddress, Fetcher

runner = CliRunner()


@pytest.mark.parametrize("host", ["2130706433", "0x7f000001", "0177.0.0.1", "017700000001", "127.1", "0",
                                  "localhost", "[::1]", "[::ffff:7f00:1]", "[2002:7f00:1::]", "[64:ff9b::7f00:1]",
                                  "0xa9.254.169.254", "3232235777"])
def test_numeric_spellings_of_private_addresses_are_refused(host):
    # getaddrinfo turns "2130706433" into 127.0.0.1 without the network; the guard checks what it resolves to
    with pytest.raises(BlockedAddress):
        AddressGuard().resolve(host, 80)


def test_fetch_of_a_decimal_loopback_url_never_connects(monkeypatch):
    import socket

    def no_connect(*a, **kw):  # noqa: ANN002, ANN003
        raise AssertionError("connected")

    monkeypatch.setattr(socket, "create_connection", no_connect)
    f = Fetcher()
    try:
        for url in ("http://2130706433:8000/", "http://[::1]:8000/", "http://127.1/", "http://0x7f.1/"):
            with pytest.raises(BlockedAddress):
                f.fetch(url)
    finally:
        f.close()


def test_serve_binds_loopback_by_default():
    assert inspect.signature(serve).parameters["host"].default.default == "127.0.0.1"


def test_watch_counts_the_items_it_does_not_store(tmp_path):
    feed = tmp_path / "desk.rss"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>'
                    "<item><title>a</title><link>https://example.org/1</link><description>Rebels attacked an army "
                    "post near Idlib on Monday, killing three soldiers.</description></item>"
                    "<item><title>b</title><description>Police arrested five protesters in Kharkiv on Monday."
                    "</description></item></channel></rss>")
    res = runner.invoke(app, ["watch", str(feed), "--db", str(tmp_path / "w.db"), "--once", "--no-fetch"])
    assert res.exit_code == 0 and "Traceback" not in res.output, res.output
    line = res.stderr.strip().splitlines()[-1]
    # every item accounted for: 2 items, 1 stored, 1 left out and said so
    assert "2 items: 1 stored" in line and "1 without a link or id" in line, line


def test_terminal_escapes_in_article_text_are_not_printed(tmp_path):
    # was: `extract --format table --explain` wrote the text's ESC sequences (clear screen, window title) as they came
    text = ("Rebels \x1b[2J\x1b]0;pwned\x07attacked an army post near Idlib on Monday, killing three soldiers. "
            + "The Syrian army shelled rebel positions in response, residents said. " * 10)
    f = tmp_path / "esc.txt"
    f.write_text(text)
    res = runner.invoke(app, ["extract", str(f), "--format", "table", "--explain", "--published", "2024-12-03"])
    assert res.exit_code == 0, res.output
    out = res.stdout + res.stderr
    assert "attacked an army post" in out and "\ufffd[2J" in out
    assert not any(ch in out for ch in "\x1b\x07\x9b")
    res = runner.invoke(app, ["extract", str(f), "--format", "jsonl"])  # the data keeps the text as it was
    assert json.loads(res.stdout)["article"]["text"] == text.strip()


def test_printable_keeps_tabs_newlines_and_letters():
    from eventwire.cli_common import printable

    assert printable("a\tb\nc é ۝ \u200b") == "a\tb\nc é ۝ \u200b"
    assert printable("\x00\x1b\r\x7f\x85\x9b") == "\ufffd" * 6
