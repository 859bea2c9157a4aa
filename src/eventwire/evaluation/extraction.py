"""Main-text extraction score of `article_from_html`, next to trafilatura alone.

Data: a folder with `ground_truth.json` ({file: {url, body: [paragraphs], crawl_date}}) and `html/<file>`
(gzipped or not). Gold text: body paragraphs joined with newlines; optional paragraphs (marked "[...]") dropped.
Measure (the article-extraction benchmark's): 4-token shingles with counts; per page tp/fp/fn are normalised
to sum to 1; precision and recall are the means over pages of tp/(tp+fp) and tp/(tp+fn); F1 of the two means.

    python -m eventwire.evaluation.extraction PATH [--errors N] [--json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from eventwire.errors import InputError

_TOKEN = re.compile(r"\w+", re.UNICODE)
NGRAM = 4


def shingles(text: str, n: int = NGRAM) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def page_scores(gold: str, pred: str) -> tuple[float, float]:
    """(precision, recall) of one page from shingle counts."""
    g, p = shingles(gold), shingles(pred)
    tp = fp = fn = 0
    for key in g.keys() | p.keys():
        gc, pc = g.get(key, 0), p.get(key, 0)
        tp += min(gc, pc)
        fp += max(0, pc - gc)
        fn += max(0, gc - pc)
    total = tp + fp + fn
    if total == 0:
        return 1.0, 1.0
    tp, fp, fn = tp / total, fp / total, fn / total
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


def gold_text(body: list[str]) -> str:
    return "\n".join(p for p in body if not p.strip().startswith("[...]"))


def _load(path: Path) -> list[tuple[str, str, bytes, str | None]]:
    gt_file = path / "ground_truth.json"
    if not gt_file.is_file():
        raise InputError("no ground_truth.json in the extraction data folder", path=str(path))
    gt = json.loads(gt_file.read_text(encoding="utf-8"))
    pages = []
    for name in sorted(gt):
        f = path / "html" / name
        if not f.is_file():
            f = path / name
        if not f.is_file():
            continue
        raw = f.read_bytes()
        if name.endswith(".gz"):
            raw = gzip.decompress(raw)
        pages.append((name, gold_text(gt[name].get("body", [])), raw, gt[name].get("url")))
    return pages


def _score(pages, extract: Callable[[bytes, str | None], str], errors: int) -> tuple[dict, list]:
    ps, rs, worst = [], [], []
    for name, gold, raw, url in pages:
        try:
            pred = extract(raw, url) or ""
        except Exception as exc:  # noqa: BLE001 - one page's failure is a score of 0, not a crash
            pred = ""
            worst.append({"file": name, "error": f"{type(exc).__name__}: {exc}"})
        p, r = page_scores(gold, pred)
        ps.append(p)
        rs.append(r)
        worst.append({"file": name, "precision": round(p, 4), "recall": round(r, 4)})
    n = len(pages)
    precision = sum(ps) / n if n else 0.0
    recall = sum(rs) / n if n else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    scored = [w for w in worst if "precision" in w]
    scored.sort(key=lambda w: min(w["precision"], w["recall"]))
    errs = [w for w in worst if "error" in w] + scored[:errors]
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "pages": n}, errs


def _ours_factory(notes: list[dict]) -> Callable[[bytes, str | None], str]:
    def _ours(raw: bytes, url: str | None) -> str:
        from eventwire.ingest import article_from_html

        # Extraction is scored on every page; pages the default pipeline would refuse as not English
        # are listed under "not_english" (eventwire reads English only).
        a = article_from_html(raw, url=url, check_language=False)
        if a.rejected or (a.language and a.language != "en"):
            notes.append({"url": url, "rejected": a.rejected, "language": a.language})
        return a.text

    return _ours


def _trafilatura(raw: bytes, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(raw) or ""


def evaluate_extraction(path: str | Path, errors: int = 0) -> dict:
    """Scores of eventwire's HTML ingest and of trafilatura alone; `errors` worst pages of ours listed."""
    pages = _load(Path(path))
    t0 = time.perf_counter()
    notes: list[dict] = []
    ours, errs = _score(pages, _ours_factory(notes), errors)
    ours["seconds"] = round(time.perf_counter() - t0, 3)
    base, _ = _score(pages, _trafilatura, 0)
    return {"metrics": ours, "baseline_trafilatura": base, "errors": errs, "not_english": notes}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eventwire.evaluation.extraction", description=__doc__.split("\n")[0])
    ap.add_argument("path", help="folder with ground_truth.json and html/")
    ap.add_argument("--errors", type=int, default=0, help="list the N worst pages")
    ap.add_argument("--json", action="store_true", help="print JSON")
    args = ap.parse_args(argv)
    try:
        res = evaluate_extraction(args.path, errors=args.errors)
    except InputError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    for label, m in (("eventwire", res["metrics"]), ("trafilatura alone", res["baseline_trafilatura"])):
        print(f"{label:18s} precision {m['precision']:.4f}  recall {m['recall']:.4f}  f1 {m['f1']:.4f}"
              f"  pages {m['pages']}")
    for n in res["not_english"]:
        print("  not English / rejected:", n)
    for e in res["errors"]:
        print("  ", e)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
