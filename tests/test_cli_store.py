"""`eventwire ingest` and the query commands, and two real ingest processes writing one SQLite file at once."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from importlib import resources

from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.ingest import read_sources
from eventwire.store import Store

runner = CliRunner()
SAMPLES = str(resources.files("eventwire") / "data" / "samples")


def _ingest(db, *sources, env=None):
    res = runner.invoke(app, ["ingest", *map(str, sources), "--db", str(db), "--json"], env=env)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_ingest_twice_then_query(tmp_path):
    db = tmp_path / "cli.db"
    first = _ingest(db, SAMPLES)
    assert first["read"] == first["new"] == 7 and first["events"] > 0 and first["db"] == str(db)
    second = _ingest(f"sqlite:///{db}", SAMPLES)
    assert second["new"] == 0 and second["duplicate"] == 7
    res = runner.invoke(app, ["ingest", SAMPLES, "--db", str(db)])
    assert res.exit_code == 0 and "7 read, 0 new, 7 duplicate" in res.stderr and res.stdout == ""

    res = runner.invoke(app, ["events", "--db", str(db), "--type", "assault", "--country", "syr"])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0].split()[:2] == ["DAY", "TYPE"] and len(lines) > 1
    assert all(" ASSAULT " in line and " SYR " in line for line in lines[1:])

    res = runner.invoke(app, ["events", "--db", str(db), "--actor", "Hezbollah", "--format", "jsonl", "--limit", "0"])
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert rows and all(any("hezbollah" in i for i in r["source_ids"] + r["target_ids"]) for r in rows)

    res = runner.invoke(app, ["articles", "--db", str(db), "--search", "Kharkiv", "--format", "csv"])
    table = list(csv.DictReader(io.StringIO(res.stdout)))
    assert [r["title"] for r in table] == ["Drones strike Kharkiv"]

    res = runner.invoke(app, ["actors", "--db", str(db), "--since", "2024-12-01", "--format", "csv"])
    assert res.exit_code == 0 and "Syrian Arab Army" in res.stdout

    res = runner.invoke(app, ["events", "--db", str(db), "--since", "2024-05-01", "--until", "2024-05-31",
                              "-f", "jsonl"])
    assert res.exit_code == 0 and all(json.loads(x)["day"] <= "2024-05-31" for x in res.stdout.splitlines())


def test_hostile_and_bad_arguments(tmp_path):
    db = tmp_path / "h.db"
    _ingest(db, SAMPLES)
    for cmd in ("events", "actors", "articles"):
        for opt in ("--actor", "--search"):
            res = runner.invoke(app, [cmd, "--db", str(db), opt, "x' OR 1=1 --", "-f", "jsonl"])
            assert res.exit_code == 0 and res.stdout == "" and res.exception is None, (cmd, opt, res.output)
    for opt, value in (("--country", "x' OR 1=1 --"), ("--type", "x' OR 1=1 --"), ("--since", "yesterday"),
                       ("--status", "'; DROP TABLE events; --"), ("--limit", "-1")):
        res = runner.invoke(app, ["events", "--db", str(db), opt, value])
        assert res.exit_code == 2 and "Traceback" not in res.output, (opt, res.output)
    assert Store(db).counts()["events"] > 0  # nothing was dropped
    res = runner.invoke(app, ["events", "--db", str(tmp_path / "absent.db")])
    assert res.exit_code == 1 and "no store at" in res.stderr and "Traceback" not in res.output
    assert not (tmp_path / "absent.db").exists()
    res = runner.invoke(app, ["ingest", SAMPLES, "--db", "postgresql://nobody:pw@127.0.0.1:9/x"])
    assert res.exit_code == 1 and "cannot open the store" in res.stderr and "Traceback" not in res.output
    assert ":pw@" not in res.stderr  # the password is not echoed
    res = runner.invoke(app, ["ingest", SAMPLES, "--db", "mysql://localhost/x"])
    assert res.exit_code == 1 and "not supported" in res.stderr
    res = runner.invoke(app, ["ingest", str(tmp_path / "nothing-here"), "--db", str(db)])
    assert res.exit_code == 1 and "no such file" in res.stderr


def test_eventwire_db_environment_variable(tmp_path):
    db = tmp_path / "env.db"
    res = runner.invoke(app, ["ingest", SAMPLES, "--json"], env={"EVENTWIRE_DB": str(db)})
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["db"] == str(db)
    res = runner.invoke(app, ["articles", "--format", "jsonl"], env={"EVENTWIRE_DB": str(db)})
    assert len(res.stdout.splitlines()) == 7


def _corpus(tmp_path, n):
    """n distinct short articles (the samples' texts, each with its own closing line)."""
    base = [a for a in read_sources([SAMPLES]) if not a.rejected and len(a.text) < 2000]
    rows = []
    for i in range(n):
        art = base[i % len(base)]
        rows.append({"id": f"c{i}", "text": f"{art.text}\n\nDispatch number {i} from the newsroom.",
                     "published": art.published, "title": art.title})
    return rows


def test_two_processes_ingest_one_file_at_once(tmp_path, db_url):
    rows = _corpus(tmp_path, 24)
    a, b, union = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "all.jsonl"
    a.write_text("".join(json.dumps(r) + "\n" for r in rows[:16]))  # overlap: articles 8..15 are in both
    b.write_text("".join(json.dumps(r) + "\n" for r in rows[8:]))
    union.write_text("".join(json.dumps(r) + "\n" for r in rows))
    expected = {art.id for art in read_sources([str(union)])}
    assert len(expected) == 24
    db = db_url  # a SQLite file, then a PostgreSQL database
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("EVENTWIRE_DB", None)
    procs = [subprocess.Popen([sys.executable, "-m", "eventwire.cli", "ingest", str(src), "--db", str(db),
                               "--batch-size", "2", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=env)
             for src in (a, b)]
    outs = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err
        assert "Traceback" not in err
    summaries = [json.loads(out) for out, _ in outs]
    assert [s["read"] for s in summaries] == [16, 16]
    assert sum(s["new"] for s in summaries) == 24  # each article stored by exactly one of them
    assert sum(s["duplicate"] for s in summaries) == 8
    with Store(db) as store:
        stored = store.articles(limit=0)
        assert sorted(r["id"] for r in stored) == sorted(expected)  # every article, each exactly once
        assert store.counts()["events"] == sum(r["events"] for r in stored)
        assert store.counts()["runs"] == 2


def test_readme_store_commands_run(tmp_path):
    import shlex
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text()
    block = readme.split("## The event store", 1)[1].split("```", 2)[1]
    commands = [shlex.split(line.split("#", 1)[0]) for line in block.splitlines() if line.startswith("eventwire ")]
    assert [c[1] for c in commands] == ["ingest", "events", "actors", "articles"]
    db = str(tmp_path / "events.db")
    for argv in commands:
        argv = [db if a == "events.db" else str(root / a) if a.startswith("src/") else a for a in argv[1:]]
        res = runner.invoke(app, argv)
        assert res.exit_code == 0, (argv, res.output)
        assert argv[0] == "ingest" or res.stdout.strip(), argv  # every example finds something


def test_events_near_and_min_sources_options(tmp_path):
    db = tmp_path / "near.db"
    _ingest(db, SAMPLES)
    rows = [json.loads(x) for x in runner.invoke(app, ["events", "--db", str(db), "-f", "jsonl", "--limit", "0"])
            .stdout.splitlines()]
    e0 = next(e for e in rows if e["lat"] is not None)
    res = runner.invoke(app, ["events", "--db", str(db), "-f", "jsonl", "--near", f"{e0['lat']},{e0['lon']},20"])
    near = [json.loads(x) for x in res.stdout.splitlines()]
    assert res.exit_code == 0 and e0["id"] in {e["id"] for e in near} and len(near) < len(rows)
    res = runner.invoke(app, ["events", "--db", str(db), "-f", "jsonl", "--min-sources", "2"])
    assert res.exit_code == 0 and res.stdout == ""  # the samples are single-outlet stories
    for bad in ("1,2", "north,east,10", "0,200,5"):
        res = runner.invoke(app, ["events", "--db", str(db), "--near", bad])
        assert res.exit_code == 2 and "Traceback" not in res.output
    res = runner.invoke(app, ["incidents", "--db", str(db), "-f", "jsonl", "--near", f"{e0['lat']},{e0['lon']},20"])
    assert res.exit_code == 0 and res.stdout.strip()


def test_a_missing_store_points_to_the_one_without_db_where_that_exists(tmp_path, monkeypatch):
    """After `eventwire demo` a newcomer holds the store used without --db, not the README's events.db."""
    from eventwire.store.db import default_path

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("EVENTWIRE_DB", raising=False)
    absent = ["events", "--db", str(tmp_path / "events.db")]
    res = runner.invoke(app, absent)
    assert res.exit_code == 1 and "no store at" in res.stderr and "leave out --db" not in res.stderr
    assert str(default_path()).startswith(str(tmp_path / "data"))
    Store(None).close()  # without --db: the store the demo makes
    res = runner.invoke(app, absent)
    assert res.exit_code == 1 and f"leave out --db to use the store at {default_path()}" in res.stderr
    assert runner.invoke(app, ["events"]).exit_code == 0  # and that one answers
