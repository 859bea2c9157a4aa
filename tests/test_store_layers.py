"""The store wing does not reach up: nothing in eventwire/store/ imports the pipeline, the stages or the readers,
the package has no import cycle, and the one "load run" helper records what it loads."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import eventwire
from eventwire.errors import InputError
from eventwire.store import Store
from eventwire.store.load import LoadRun

PKG = Path(eventwire.__file__).resolve().parent
FORBIDDEN = ("eventwire.pipeline", "eventwire.stages", "eventwire.ingest")


def _module(path: Path) -> str:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module(p): p for p in PKG.rglob("*.py")}


def _imports(path: Path, *, lazy: bool) -> set[str]:
    """The modules `path` imports: every import statement (`lazy`), or only those run when it is imported
    (module level, `if` and `try` blocks included). `from a import b` names the module `a.b` where there is
    one, else `a`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = _module(path)
    pkg = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    if lazy:
        nodes = list(ast.walk(tree))
    else:
        nodes = list(tree.body)
        for n in tree.body:
            if isinstance(n, (ast.If, ast.Try)):
                nodes.extend(ast.walk(n))
    out: set[str] = set()
    for n in nodes:
        if isinstance(n, ast.Import):
            out.update(a.name for a in n.names)
        elif isinstance(n, ast.ImportFrom):
            if n.level:
                base = pkg.split(".")[: len(pkg.split(".")) - n.level + 1]
                mod = ".".join(base + ([n.module] if n.module else []))
            else:
                mod = n.module or ""
            for a in n.names:
                out.add(f"{mod}.{a.name}" if f"{mod}.{a.name}" in MODULES else mod)
    return out


def test_the_store_imports_no_pipeline_stage_or_reader():
    files = sorted((PKG / "store").rglob("*.py"))
    assert len(files) > 5
    bad = {f"{f.relative_to(PKG)}: {m}" for f in files for m in _imports(f, lazy=True)
           if any(m == x or m.startswith(x + ".") for x in FORBIDDEN)}
    assert not bad, f"the store reaches up: {sorted(bad)}"


def test_the_layer_check_sees_a_function_level_import():
    f = PKG / "store" / "load.py"  # `_article_fault` imports eventwire.store.db inside the function
    assert "eventwire.store.db" in _imports(f, lazy=True)
    assert "eventwire.store.db" not in _imports(f, lazy=False)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def test_no_import_cycle_in_the_package():
    graph = {m: {x for x in _imports(p, lazy=False) if x in MODULES and x != m} for m, p in MODULES.items()}
    assert _cycles(graph) == []
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]  # the check finds one


def _ann(text: str, id_: str):
    from eventwire.records import AnnotatedArticle, Article

    return AnnotatedArticle(article=Article(id=id_, text=text, published="2024-12-03"))


def test_load_run_records_one_run_per_block(tmp_path):
    with Store(tmp_path / "r.db") as store:
        with LoadRun(store, "test", ["x"]) as run:
            got = run.load([_ann("Some text.", "a" * 64)])
            run.load([_ann("Other text.", "b" * 64)])
        assert got.new == 1 and run.total.new == 2 and run.status == "done"
        with pytest.raises(RuntimeError):
            with LoadRun(store, "test", ["y"]) as failed:
                failed.load([_ann("Third text.", "c" * 64)])
                raise RuntimeError("boom")
        runs = store.read(lambda c: c.exec_driver_sql("SELECT id, status, counts, command FROM runs ORDER BY id")
                          .fetchall())
        assert [(r[1], json.loads(r[2])["new"], r[3]) for r in runs] == [("done", 2, "test"), ("failed", 1, "test")]
        assert store.counts()["articles"] == 3  # what a failed run loaded before failing stays


def test_store_ingest_takes_annotations_and_names_the_call_for_paths(tmp_path):
    with eventwire.open(tmp_path / "a.db", create=True) as store:
        got = store.ingest([_ann("Text one.", "d" * 64)])
        assert got["new"] == 1
        assert store.ingest(_ann("Text one.", "d" * 64))["duplicate"] == 1  # one annotation alone, too
        for paths in ("some/path.jsonl", tmp_path / "in.jsonl", [_ann("Text two.", "e" * 64), "some/path.jsonl"]):
            with pytest.raises(InputError, match=r"eventwire\.ingest_sources\(store, paths\)"):
                store.ingest(paths)
        with pytest.raises(InputError, match=r"not dict: store\.load"):
            store.ingest([{"text": "a dict"}])
        assert store.counts()["articles"] == 1  # nothing of a refused call is stored


def test_paths_reach_the_store_through_ingest_sources(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "x1", "text": "Rebels attacked an army post in Idlib province on Monday, "
                                                   "killing 4 soldiers, a monitor said.",
                               "published": "2024-12-02"}) + "\n")
    with eventwire.open(tmp_path / "p.db", create=True) as store:
        first = eventwire.ingest_sources(store, [str(src)])
        again = eventwire.ingest_sources(store, src)  # one path alone, a Path too
    assert first["new"] == 1 and first["events"] >= 1 and again["duplicate"] == 1


def test_no_import_cycle_even_counting_imports_inside_functions():
    # an import inside a function is a cycle too once it runs: none is left (the store hands no paths up to
    # the ingest wing; `eventwire.ingest_sources` calls down into it)
    graph = {m: {x for x in _imports(p, lazy=True) if x in MODULES and x != m} for m, p in MODULES.items()}
    assert _cycles(graph) == []


def test_open_refuses_a_missing_store_file_unless_create(tmp_path):
    # issue 13: eventwire.open("typo.db") must not silently make an empty store, as the CLI refuses the same path
    import eventwire
    from eventwire.errors import ConfigError

    with pytest.raises(ConfigError, match="create=True"):
        eventwire.open(tmp_path / "typo.db")
    assert not (tmp_path / "typo.db").exists()
    with eventwire.open(tmp_path / "new.db", create=True) as store:
        assert store.counts()["articles"] == 0
    eventwire.open(tmp_path / "new.db").close()  # an existing file opens without create
