"""The one pipeline version: what made an annotation, computed once per process.

    eventwire 0.1.0 / pipeline 0.1.0+p.3f2a9c41d07e

The pipeline version is the package version plus a digest of everything that decides the output:
- the versioned names of the stages, in order (parse first), and of the incident rule (`corroborate.VERSION`);
- the bytes of every data file and model file the stages load (everything under `eventwire/data/` except the
  sample and demo corpora, the training sentences and the export tables), and of the user's own knowledge-base files and model.
Editing a lexicon, retraining the event model or bumping a stage name therefore changes the version, and the
store re-annotates articles that an older version made (`store.load.load_batch`). Every caller reads it here.
"""

from __future__ import annotations

import functools
import hashlib
from importlib import resources
from pathlib import Path
from typing import Iterable, Sequence

# data folders that no stage reads: corpora for the demo and the docs, the training sentences (the model
# trained on them is read, and its card holds their sha256), and the tables only exports read (export/)
_NOT_PIPELINE_DATA = ("samples", "demo", "training", "export")


def package_version() -> str:
    from eventwire.about import __version__

    return __version__


def stage_names() -> list[str]:
    """The versioned names of the stages, in the order they run (no model is loaded)."""
    from eventwire.stages import STAGES

    return [s.version for s in STAGES]


def _data_files(root: Path) -> list[Path]:
    out = []
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if not p.is_file() or rel.parts[0] in _NOT_PIPELINE_DATA or "__pycache__" in rel.parts:
            continue
        out.append(p)
    return out


def digest(names: Iterable[str], files: Iterable[Path], root: Path | None = None) -> str:
    """sha256 over the names and each file's relative path and bytes, in the order given."""
    h = hashlib.sha256()
    for n in names:
        h.update(b"name\0" + n.encode() + b"\0")
    for p in files:
        # a user's file counts by its content alone: a worker holds it under another name
        rel = str(p.relative_to(root)) if root is not None and p.is_relative_to(root) else "user-file"
        h.update(b"file\0" + rel.encode() + b"\0")
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def data_root() -> Path:
    """The package's data folder (lexicons, actors, the event model)."""
    return Path(str(resources.files("eventwire") / "data"))


@functools.lru_cache(maxsize=8)
def pipeline_version(kb_files: Sequence[str] = ()) -> str:
    """`PACKAGE+p.DIGEST`; `kb_files`: the user's own knowledge-base files (they change the actors)."""
    from eventwire.corroborate import VERSION as INCIDENT_RULE

    root = data_root()
    files = _data_files(root) + [Path(f) for f in kb_files]
    d = digest([*stage_names(), INCIDENT_RULE], files, root)
    return f"{package_version()}+p.{d[:12]}"


def version_for(kb_files: Sequence[str] = (), model: str | None = None) -> str:
    """The version a `Pipeline(kb_files, model)` stamps on its annotations, without loading anything: a model
    other than the shipped one (`model`, else $EVENTWIRE_MODEL) counts by its files, like the user's KB files."""
    from eventwire.eventmodel.linear import default_model_dir, model_dir, model_files

    mdir = model_dir(model).resolve()
    own = () if mdir == default_model_dir().resolve() else tuple(str(p) for p in model_files(mdir))
    return pipeline_version(tuple(str(p) for p in kb_files) + own)
