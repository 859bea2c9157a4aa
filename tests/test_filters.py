"""One filters model (eventwire.store.filters.Filters): the store's queries, the HTTP API, the CLI and the exports
refuse a bad filter with the same message, and normalise a good one alike."""

from __future__ import annotations

import io

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.errors import ConfigError
from eventwire.store import Store
from eventwire.store.filters import Filters, check_value

runner = CliRunner()

BAD = [  # (filter, value, the message every entry point gives)
    ("since", "2024-13-01", "since: '2024-13-01' is not a date in the form YYYY-MM-DD"),
    ("country", "Syria", "country: 'Syria' is not an ISO 3166-1 alpha-3 code (e.g. SYR)"),
    ("type", "KILL", "type: 'KILL' is not a PLOVER event type"),
    ("status", "rumoured", "status: 'rumoured' is not an attribution status"),
    ("near", "36.2,37.15", "near: '36.2,37.15' is not LAT,LON,KM"),
    ("actor", "\x00 ", "actor: '\\x00 ' holds no name"),
]


def test_normalised_alike():
    got = Filters.check({"type": "assault", "status": "Claimed", "country": "syr", "since": "2024-12-01",
                         "until": "", "limit": "0", "near": "36.2,37.15,50", "actor": " Hezbollah\x00"})
    assert got == {"type": "ASSAULT", "status": "claimed", "country": "SYR", "since": "2024-12-01",
                   "near": (36.2, 37.15, 50.0), "actor": "Hezbollah"}
    with pytest.raises(ConfigError, match="unknown filter"):
        Filters.check({"colour": "red"})
    with pytest.raises(ConfigError, match="limit must be 0 or more"):
        check_value("limit", -1)
    with pytest.raises(ConfigError, match="min_sources must be at most"):
        check_value("min_sources", 2**40)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("f") / "f.db"
    Store(path).close()
    return str(path)


@pytest.mark.parametrize("name,value,message", BAD)
def test_one_message_everywhere(db, name, value, message):
    with pytest.raises(ConfigError) as exc:
        check_value(name, value)
    assert str(exc.value).startswith(message)
    with Store(db, readonly=True) as store:  # the queries
        with pytest.raises(ConfigError) as got:
            store.events(**{name: value})
        assert str(got.value) == str(exc.value)
        from eventwire.export import export  # the exports

        with pytest.raises(ConfigError) as got:
            export(store, "plover-jsonl", io.StringIO(), **{name: value})
        assert str(got.value) == str(exc.value) or (name == "near" and "does not take" in str(got.value))
    from fastapi.testclient import TestClient  # the HTTP API

    from eventwire.api import create_app

    with TestClient(create_app(db, token="")) as client:
        resp = client.get("/api/events", params={name: value})
    assert resp.status_code == 400 and resp.json()["error"]["message"] == str(exc.value)
    if name != "actor":  # the CLI (an actor given on a command line holds no NUL)
        res = runner.invoke(app, ["events", "--db", db, f"--{name}", value])
        assert res.exit_code == 2 and message.split(": ", 1)[1][:30] in " ".join(res.stderr.split())


def test_tables_wrap_rather_than_cut():
    from eventwire.cli_store import _table

    long = "killed 12 (Reuters); killed 40 (SANA); killed 7 (monitor) " * 3
    res = runner.invoke(app, ["--help"])  # a typer context for typer.echo
    assert res.exit_code == 0
    import contextlib

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        _table(["ID", "FIGURES"], [["abc", long.strip()]], [None, 60])
    text = buf.getvalue()
    assert "…" not in text and " ".join(" ".join(text.splitlines()[1:]).split()).replace("abc ", "", 1) \
        == " ".join(long.split())
    assert max(len(line) for line in text.splitlines()) <= 3 + 2 + 60
