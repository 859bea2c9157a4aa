"""Fit the event model (`eventwire train`, `make train`) with scikit-learn, cross-validate it, write it with its card.

The same examples and settings give the same model files, byte for byte: the vocabulary is sorted, the solver is
deterministic, the folds are seeded, and the card's date comes from SOURCE_DATE_EPOCH when set (make train sets it
to the date of the last commit that touched the training sentences).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from collections import Counter
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from eventwire.errors import ConfigError
from eventwire.eventmodel.corpus import Example, shipped_examples, shipped_files, user_examples
from eventwire.eventmodel.features import build_vocab, features, weigh
from eventwire.eventmodel.labels import NONE, PLOVER_CLASSES, acled_classes
from eventwire.eventmodel.linear import LinearEventModel

HEADS = ("plover", "acled")
DEFAULT_C = 10.0
# weights nearer zero than this are set to zero: most of the 40-odd columns of a rare n-gram are tiny, and zeros
# compress, so the shipped weights.npz stays under 5 MB (at 0.02 about 60% of the weights go; cross-validated
# accuracy moves by less than 0.005 on either head)
DEFAULT_PRUNE = 0.02
VERSION = "6"  # of the shipped model: bump whenever its sentences or settings change
SHIPPED_LICENCE = "Apache-2.0 (sentences written by the eventwire team; no third-party text)"


def _sklearn():
    try:
        from scipy import sparse
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # pragma: no cover - scikit-learn is a dependency
        raise ConfigError("training needs scikit-learn: pip install scikit-learn") from exc
    return sparse, LogisticRegression


def matrix(texts: Sequence[str], vocab: dict[str, int], idf: np.ndarray):
    sparse, _ = _sklearn()
    data, indices, indptr = [], [], [0]
    for t in texts:
        idx, val = weigh(features(t), vocab, idf)
        order = np.argsort(idx)
        indices.extend(idx[order].tolist())
        data.extend(val[order].tolist())
        indptr.append(len(indices))
    return sparse.csr_matrix((np.asarray(data, dtype=np.float64), indices, indptr), shape=(len(texts), len(vocab)))


def _labels(examples: Sequence[Example], head: str) -> list[str]:
    return [getattr(e, head) for e in examples]


def _fit_head(X, y: list[str], classes: tuple[str, ...], C: float) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression; classes never seen get a weight column of zeros and a very low bias.

    A head whose examples all carry one label (a user's file of PLOVER labels only, where every ACLED label is
    NONE) cannot be fitted by the solver; it always answers that label."""
    W = np.zeros((X.shape[1], len(classes)), dtype=np.float32)
    b = np.full(len(classes), -30.0, dtype=np.float32)
    if len(set(y)) < 2:
        b[classes.index(y[0])] = 0.0
        return W, b
    _, LogisticRegression = _sklearn()
    clf = LogisticRegression(C=C, max_iter=3000, class_weight="balanced", tol=1e-5)
    clf.fit(X, y)
    learned = list(clf.classes_)
    coef = clf.coef_ if len(learned) > 2 else np.vstack([-clf.coef_[0] / 2, clf.coef_[0] / 2])
    inter = clf.intercept_ if len(learned) > 2 else np.asarray([-clf.intercept_[0] / 2, clf.intercept_[0] / 2])
    for k, c in enumerate(learned):
        j = classes.index(c)
        W[:, j] = coef[k]
        b[j] = inter[k]
    return W, b


def fit(examples: Sequence[Example], *, C: float = DEFAULT_C, min_df: int = 2, card: dict | None = None,
        prune: float = DEFAULT_PRUNE) -> LinearEventModel:
    texts = [e.text for e in examples]
    vocab, idf = build_vocab(texts, min_df=min_df)
    X = matrix(texts, vocab, idf)
    heads = {}
    for head, classes in (("plover", PLOVER_CLASSES), ("acled", acled_classes())):
        W, b = _fit_head(X, _labels(examples, head), classes, C)
        W[np.abs(W) < prune] = 0.0
        heads[head] = (classes, W, b)
    return LinearEventModel(vocab, idf, heads, card or {})


def cross_validate(examples: Sequence[Example], *, folds: int = 5, C: float = DEFAULT_C, min_df: int = 2,
                   seed: int = 0, prune: float = DEFAULT_PRUNE) -> dict[str, Any]:
    """Stratified k-fold on the ACLED label (then PLOVER): accuracy and macro-F1 of each head, and the F1 of
    "reports an event" (p_event >= 0.5)."""
    from sklearn.model_selection import StratifiedKFold

    from eventwire.evaluation.common import macro_f1
    from eventwire.evaluation.conflibert import binary_prf

    strata = [f"{e.acled}/{e.plover}" if e.acled == NONE else e.acled for e in examples]
    counts = Counter(strata)
    strata = [s if counts[s] >= folds else "rare" for s in strata]
    gold = {h: _labels(examples, h) for h in HEADS}
    pred: dict[str, list[str]] = {h: [""] * len(examples) for h in HEADS}
    event_pred = [False] * len(examples)
    for train_i, test_i in StratifiedKFold(folds, shuffle=True, random_state=seed).split(examples, strata):
        m = fit([examples[i] for i in train_i], C=C, min_df=min_df, prune=prune)
        texts = [examples[i].text for i in test_i]
        probs = m.proba(texts)
        for h in HEADS:
            cls = m.heads[h][0]
            for i, row in zip(test_i, probs[h]):
                pred[h][i] = cls[int(row.argmax())]
        none = m.heads["plover"][0].index(NONE)
        for i, row in zip(test_i, probs["plover"]):
            event_pred[i] = bool(row[none] < 0.5)
    out: dict[str, Any] = {"folds": folds, "examples": len(examples)}
    for h in HEADS:
        labels = sorted(set(gold[h]))
        out[h] = {"accuracy": round(sum(g == p for g, p in zip(gold[h], pred[h])) / len(examples), 4),
                  "macro_f1": round(macro_f1(gold[h], pred[h], labels)[0] or 0.0, 4)}
    out["event_f1"] = round(binary_prf([g != NONE for g in gold["plover"]], event_pred)["f1"], 4)
    return out


def _date() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return when.date().isoformat()


def train(out_dir: str | Path, inputs: Sequence[str | Path] = (), *, with_shipped: bool = True,
          folds: int = 5, C: float = DEFAULT_C, min_df: int = 2, prune: float = DEFAULT_PRUNE) -> dict[str, Any]:
    """Build a model directory from the shipped sentences and/or the user's files; returns the card."""
    t0 = time.perf_counter()
    examples: list[Example] = []
    sources = []
    if with_shipped:
        examples += shipped_examples()
        for p in shipped_files():
            sources.append({"file": f"eventwire/data/training/sentences/{p.name}",
                            "sha256": hashlib.sha256(p.read_bytes()).hexdigest(), "licence": SHIPPED_LICENCE})
    if inputs:
        examples += user_examples(inputs)
        for p in inputs:
            sources.append({"file": str(p), "sha256": hashlib.sha256(Path(p).read_bytes()).hexdigest(),
                            "licence": "the user's own data: its licence applies to this model"})
    if not examples:
        raise ConfigError("nothing to train on: give labelled files, or leave --with-shipped on")
    if len({e.plover for e in examples}) < 2:
        raise ConfigError("the training data needs at least two PLOVER labels (add NONE examples, or keep the "
                          "shipped sentences with --with-shipped)")
    if folds >= 2 and len(examples) < folds:
        raise ConfigError(f"{len(examples)} examples cannot be split into {folds} cross-validation folds: give "
                          f"more examples, or fewer --folds (0: none)")
    cv = cross_validate(examples, folds=folds, C=C, min_df=min_df, prune=prune) if folds >= 2 else None
    card = {
        "name": "events", "version": VERSION, "date": _date(),
        "design": "linear heads (multinomial logistic regression) over word 1-2 grams and in-word character "
                  "4-5 grams, tf-idf",
        "settings": {"C": C, "min_df": min_df, "class_weight": "balanced", "prune_below": prune},
        "trained_on": sources,
        "examples": len(examples),
        "labels": {h: dict(sorted(Counter(_labels(examples, h)).items())) for h in HEADS},
        "cross_validation": cv,
        "not_trained_on": "no sentence of ../shared/eval (ACLED notes, CAMEO quad sentences, IndiaPoliceEvents, "
                          "SATP, PLOVER GSR): those sets measure the model" if not inputs else None,
    }
    model = fit(examples, C=C, min_df=min_df, card=card, prune=prune)
    model.save(out_dir)
    card = dict(model.card)
    card["seconds"] = round(time.perf_counter() - t0, 1)
    card["features"] = len(model.vocab)
    return card
