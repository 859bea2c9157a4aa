"""Linear heads over sparse sentence features: the model file format, loading with a checksum, prediction.

A model directory holds:
- `card.json`: what the model is (name, version, heads and their classes, training data and licences,
  cross-validated metrics, date) and the sha256 of every other file;
- `vocab.json`: the feature strings, in index order;
- `weights.npz`: `idf` and, for each head H, `W_H` (features x classes, float16) and `b_H` (classes).
Loading refuses a directory whose files do not match their sha256 in the card.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Sequence

import numpy as np

from eventwire.errors import ConfigError
from eventwire.eventmodel.features import weigh_text
from eventwire.eventmodel.labels import NONE

FORMAT = "eventwire.eventmodel.linear.v1"
FILES = ("vocab.json", "weights.npz")
ENV = "EVENTWIRE_MODEL"


@dataclass(frozen=True, slots=True)
class Prediction:
    """What the model says of one sentence."""

    p_event: float  # 1 - P(PLOVER head says NONE)
    plover: str  # the most likely PLOVER type (never NONE)
    plover_p: float
    acled: str | None  # the most likely ACLED sub-event type, None when NONE is likelier than any
    acled_p: float
    acled_any: str  # the most likely ACLED sub-event type, NONE left out
    acled_any_p: float

    def to_dict(self) -> dict:
        return {"p_event": round(self.p_event, 3), "plover": self.plover, "plover_p": round(self.plover_p, 3),
                "acled": self.acled, "acled_p": round(self.acled_p, 3)}


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class LinearEventModel:
    def __init__(self, vocab: dict[str, int], idf: np.ndarray, heads: dict[str, tuple[tuple[str, ...], np.ndarray,
                 np.ndarray]], card: dict) -> None:
        self.vocab, self.idf, self.card = vocab, idf, card
        self.heads = {h: (cls, W.astype(np.float32), b.astype(np.float32)) for h, (cls, W, b) in heads.items()}
        self._known: dict[str, tuple[int, ...]] = {}  # word -> its known feature indices (features.weigh_text)

    @property
    def name(self) -> str:
        return f"{self.card.get('name', 'events')}@{self.card.get('version', '?')}"

    def proba(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Per head, an (n texts x classes) array of probabilities."""
        rows = [weigh_text(t, self.vocab, self.idf, self._known) for t in texts]
        out = {}
        for h, (cls, W, b) in self.heads.items():
            z = np.tile(b, (len(rows), 1))
            for i, (idx, val) in enumerate(rows):
                if len(idx):
                    z[i] += val @ W[idx]
            out[h] = _softmax(z) if len(rows) else np.zeros((0, len(cls)), dtype=np.float32)
        return out

    def predict(self, texts: Sequence[str], exclude: Sequence[frozenset[str]] | None = None) -> list[Prediction]:
        """`exclude`: for each text, ACLED sub-event types it cannot have (their probability is set to 0 before
        the most likely is chosen)."""
        if not texts:
            return []
        probs = self.proba(texts)
        pcls, _, _ = self.heads["plover"]
        acls, _, _ = self.heads["acled"]
        pn, an = pcls.index(NONE), acls.index(NONE)
        pp, ap = probs["plover"], probs["acled"]
        cells = [(i, acls.index(c)) for i, ex in enumerate(exclude or ()) for c in ex if c in acls]
        if cells:  # sub-event types a text cannot have
            ap = ap.copy()
            ap[[i for i, _ in cells], [c for _, c in cells]] = 0.0
        # the argmaxes of every row at once (the same rows, the same ties: the first maximum)
        p_masked = pp.copy()
        p_masked[:, pn] = -1
        js = p_masked.argmax(axis=1).tolist()
        a_masked = ap.copy()
        a_masked[:, an] = -1
        ks = a_masked.argmax(axis=1).tolist()
        tops = ap.argmax(axis=1).tolist()
        out = []
        for i, (j, k, top) in enumerate(zip(js, ks, tops)):
            out.append(Prediction(
                p_event=float(1.0 - pp[i, pn]), plover=pcls[j], plover_p=float(pp[i, j]),
                acled=None if top == an else acls[top], acled_p=float(ap[i, top]),
                acled_any=acls[k], acled_any_p=float(ap[i, k])))
        return out

    def save(self, directory: str | Path) -> Path:
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        words = [None] * len(self.vocab)
        for f, i in self.vocab.items():
            words[i] = f
        (d / "vocab.json").write_text(json.dumps(words, ensure_ascii=False, separators=(",", "\n")) + "\n",
                                      encoding="utf-8")
        arrays = {"idf": self.idf.astype(np.float32)}
        for h, (_, W, b) in self.heads.items():
            arrays[f"W_{h}"] = W.astype(np.float16)
            arrays[f"b_{h}"] = b.astype(np.float32)
        _write_npz(d / "weights.npz", arrays)
        card = dict(self.card)
        card["format"] = FORMAT
        card["heads"] = {h: list(cls) for h, (cls, _, _) in self.heads.items()}
        card["sha256"] = {f: hashlib.sha256((d / f).read_bytes()).hexdigest() for f in FILES}
        (d / "card.json").write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return d


def _write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """np.savez_compressed, but with a fixed date on every member: the same weights give the same bytes."""
    import zipfile

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with zf.open(info, "w", force_zip64=True) as fh:
                np.lib.format.write_array(fh, np.ascontiguousarray(arrays[name]), allow_pickle=False)


def default_model_dir() -> Path:
    return Path(str(resources.files("eventwire") / "data" / "model" / "events"))


def model_dir(path: str | Path | None = None) -> Path:
    """`path`, else $EVENTWIRE_MODEL, else the shipped model."""
    return Path(path or os.environ.get(ENV) or default_model_dir())


def model_files(path: str | Path | None = None) -> list[Path]:
    d = model_dir(path)
    return [d / f for f in ("card.json", *FILES) if (d / f).is_file()]


@functools.lru_cache(maxsize=4)
def _load(directory: str) -> LinearEventModel:
    d = Path(directory)
    card_path = d / "card.json"
    if not card_path.is_file():
        raise ConfigError(f"no event model in {d} (card.json is missing); build one with `eventwire train`")
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read the model card {card_path}: {exc}") from exc
    if card.get("format") != FORMAT:
        raise ConfigError(f"{d} is not an eventwire event model of format {FORMAT} (it says {card.get('format')!r})")
    for f in FILES:
        want = (card.get("sha256") or {}).get(f)
        try:
            got = hashlib.sha256((d / f).read_bytes()).hexdigest()
        except OSError as exc:
            raise ConfigError(f"cannot read the model file {d / f}: {exc}") from exc
        if got != want:
            raise ConfigError(f"the model file {d / f} does not match its sha256 in card.json: damaged or edited; "
                              "rebuild it with `eventwire train`")
    words = json.loads((d / "vocab.json").read_text(encoding="utf-8"))
    with np.load(d / "weights.npz", allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    heads = {h: (tuple(cls), arrays[f"W_{h}"], arrays[f"b_{h}"]) for h, cls in card["heads"].items()}
    for h, (cls, W, b) in heads.items():
        if W.shape != (len(words), len(cls)) or b.shape != (len(cls),):
            raise ConfigError(f"{d}: head {h!r} has weights of shape {W.shape}, expected {(len(words), len(cls))}")
    if "plover" not in heads or "acled" not in heads:
        raise ConfigError(f"{d}: an event model needs the heads 'plover' and 'acled'")
    return LinearEventModel({w: i for i, w in enumerate(words)}, arrays["idf"], heads, card)


def load_model(path: str | Path | None = None) -> LinearEventModel:
    """Load (once per process and directory) and check the model: `path`, $EVENTWIRE_MODEL or the shipped one."""
    return _load(str(model_dir(path).resolve()))
