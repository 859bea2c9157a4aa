"""Main-text extraction score of `article_from_html`, next to trafilatura alone, overall and per publisher.

Data: a folder with `ground_truth.json` ({file: {url, body: [paragraphs], crawl_date}}) and `html/<file>`
(gzipped or not). Gold text: body paragraphs joined with newlines; optional paragraphs (marked "[...]") dropped.
Measure (the article-extraction benchmark's): 4-token shingles with counts; per page tp/fp/fn are normalised
to sum to 1; precision and recall are the means over pages of tp/(tp+fp) and tp/(tp+fn); F1 of the two means.
The same means are taken over each publisher's pages (the file name's "Publisher_" prefix, as in the Fundus set,
else the URL's host). The baseline is `trafilatura.extract(html)` with trafilatura's defaults.

`--rules` measures each main-text rule (`eventwire.ingest.clean.MAIN_TEXT_RULES`) by leaving it out: the lines
it drops, and what it does to precision and recall overall and per publisher. A rule "fails" where, on some
publisher, it lowers recall by more than it raises precision.

    python -m eventwire.evaluation.extraction PATH [--baseline trafilatura|none] [--rules] [--errors N] [--json]
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
from urllib.parse import urlsplit

from eventwire.errors import InputError

_TOKEN = re.compile(r"\w+", re.UNICODE)
NGRAM = 4
_PUBLISHER_FILE = re.compile(r"^([A-Za-z][\w.-]*?)_\d+\.")


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


def publisher(name: str, url: str | None) -> str:
    """The Fundus file name's publisher ("APNews_3.html.gz" -> "APNews"), else the URL's host, else "-"."""
    m = _PUBLISHER_FILE.match(name)
    if m:
        return m.group(1)
    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.") or "-"


def _means(scores: list[tuple[float, float]]) -> dict:
    n = len(scores)
    precision = sum(p for p, _ in scores) / n if n else 0.0
    recall = sum(r for _, r in scores) / n if n else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "pages": n}


def _by_publisher(pages, scores: list[tuple[float, float]]) -> dict[str, dict]:
    groups: dict[str, list[tuple[float, float]]] = {}
    for (name, _gold, _raw, url), sc in zip(pages, scores):
        groups.setdefault(publisher(name, url), []).append(sc)
    return {pub: _means(sc) for pub, sc in sorted(groups.items())}


def _score(pages, extract: Callable[[bytes, str | None], str], errors: int) -> tuple[dict, list, list]:
    scores, worst = [], []
    for name, gold, raw, url in pages:
        try:
            pred = extract(raw, url) or ""
        except Exception as exc:  # noqa: BLE001 - one page's failure is a score of 0, not a crash
            pred = ""
            worst.append({"file": name, "error": f"{type(exc).__name__}: {exc}"})
        p, r = page_scores(gold, pred)
        scores.append((p, r))
        worst.append({"file": name, "precision": round(p, 4), "recall": round(r, 4)})
    scored = [w for w in worst if "precision" in w]
    scored.sort(key=lambda w: min(w["precision"], w["recall"]))
    errs = [w for w in worst if "error" in w] + scored[:errors]
    return _means(scores), errs, scores


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


BASELINES: dict[str, Callable[[bytes, str | None], str]] = {"trafilatura": _trafilatura}


def evaluate_extraction(path: str | Path, errors: int = 0, baseline: str | None = "trafilatura",
                        rules: bool = False) -> dict:
    """Scores of eventwire's HTML ingest and of `baseline` (trafilatura alone, or None for none), overall and per
    publisher; `errors` worst pages of ours listed; `rules=True` adds the leave-one-out measure of each rule."""
    if baseline is not None and baseline not in BASELINES:
        raise InputError(f"unknown baseline {baseline!r}; known: {', '.join(BASELINES)} (or none)")
    pages = _load(Path(path))
    t0 = time.perf_counter()
    notes: list[dict] = []
    ours, errs, our_scores = _score(pages, _ours_factory(notes), errors)
    ours["seconds"] = round(time.perf_counter() - t0, 3)
    by_pub = {pub: {"eventwire": m} for pub, m in _by_publisher(pages, our_scores).items()}
    res: dict = {"metrics": ours}
    if baseline is not None:
        base, _, base_scores = _score(pages, BASELINES[baseline], 0)
        for pub, m in _by_publisher(pages, base_scores).items():
            by_pub[pub][baseline] = m
        below = [pub for pub, d in by_pub.items() if d["eventwire"]["f1"] < d[baseline]["f1"]]
        ours[f"publishers_below_{baseline}"] = len(below)
        res[f"baseline_{baseline}"] = base
        res[f"below_{baseline}"] = below
    res["by_publisher"] = by_pub
    if rules:
        res["rules"] = measure_rules(pages)
    res["errors"] = errs
    res["not_english"] = notes
    return res


def measure_rules(pages) -> dict[str, dict]:
    """Leave-one-out measure of each main-text rule: {rule: {dropped, dropped_in_gold, delta, by_publisher, fails}}.

    `delta` is (all rules) minus (all rules but this one): a rule that helps has delta precision > 0; one that
    costs real text has delta recall < 0. `dropped_in_gold` counts dropped lines whose text is in the gold body."""
    from eventwire.errors import RejectedInput
    from eventwire.ingest.clean import MAIN_TEXT_RULES, clean_text
    from eventwire.ingest.decode import decode_bytes
    from eventwire.ingest.html import extract_html
    from eventwire.ingest.lexicon import norm_key

    extracted = []
    for _name, gold, raw, url in pages:
        try:
            ex = extract_html(decode_bytes(raw, html=True), url=url)
            extracted.append((ex.text, ex.title))
        except RejectedInput:
            extracted.append(("", None))

    def run(active: tuple[str, ...]) -> tuple[list[tuple[float, float]], list]:
        scores, dropped = [], []
        for (_name, gold, _raw, _url), (text, title) in zip(pages, extracted):
            c = clean_text(text, title=title, conservative=True, rules=active)
            scores.append(page_scores(gold, c.text))
            dropped.append(c.dropped)
        return scores, dropped

    all_scores, all_dropped = run(MAIN_TEXT_RULES)
    all_pub = _by_publisher(pages, all_scores)
    all_overall = _means(all_scores)
    out: dict[str, dict] = {}
    for rule in MAIN_TEXT_RULES:
        without, _ = run(tuple(r for r in MAIN_TEXT_RULES if r != rule))
        lines = [(line, gold) for (_n, gold, _r, _u), dropped in zip(pages, all_dropped)
                 for r, line in dropped if r == rule]
        in_gold = sum(1 for line, gold in lines if norm_key(line) and norm_key(line) in norm_key(gold))
        pubs = {}
        for pub, m in _by_publisher(pages, without).items():
            a = all_pub[pub]
            pubs[pub] = {"precision": round(a["precision"] - m["precision"], 4),
                         "recall": round(a["recall"] - m["recall"], 4)}
        w = _means(without)
        out[rule] = {
            "dropped": len(lines), "dropped_in_gold": in_gold,
            "delta": {k: round(all_overall[k] - w[k], 4) for k in ("precision", "recall", "f1")},
            "by_publisher": {p: d for p, d in pubs.items() if d["precision"] or d["recall"]},
            "fails": sorted(p for p, d in pubs.items() if -d["recall"] > d["precision"] + 1e-9),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eventwire.evaluation.extraction", description=__doc__.split("\n")[0])
    ap.add_argument("path", help="folder with ground_truth.json and html/")
    ap.add_argument("--baseline", default="trafilatura", choices=[*BASELINES, "none"],
                    help="compare with this extractor alone (default trafilatura)")
    ap.add_argument("--rules", action="store_true", help="measure each main-text rule by leaving it out")
    ap.add_argument("--errors", type=int, default=0, help="list the N worst pages")
    ap.add_argument("--json", action="store_true", help="print JSON")
    args = ap.parse_args(argv)
    baseline = None if args.baseline == "none" else args.baseline
    try:
        res = evaluate_extraction(args.path, errors=args.errors, baseline=baseline, rules=args.rules)
    except InputError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    labels = [("eventwire", res["metrics"])]
    if baseline:
        labels.append((f"{baseline} alone", res[f"baseline_{baseline}"]))
    for label, m in labels:
        print(f"{label:18s} precision {m['precision']:.4f}  recall {m['recall']:.4f}  f1 {m['f1']:.4f}"
              f"  pages {m['pages']}")
    print(f"\n{'publisher':22s} {'pages':>5s}  {'eventwire P / R / F1':>22s}"
          + (f"  {baseline + ' P / R / F1':>24s}" if baseline else ""))
    for pub, d in res["by_publisher"].items():
        row = f"{pub:22s} {d['eventwire']['pages']:5d}  " + _prf(d["eventwire"])
        if baseline:
            row += "  " + _prf(d[baseline]) + ("  BELOW" if pub in res[f"below_{baseline}"] else "")
        print(row)
    for rule, d in res.get("rules", {}).items():
        print(f"\nrule {rule}: drops {d['dropped']} lines ({d['dropped_in_gold']} in gold); overall delta "
              f"P {d['delta']['precision']:+.4f} R {d['delta']['recall']:+.4f} F1 {d['delta']['f1']:+.4f}"
              + (f"; FAILS on {', '.join(d['fails'])}" if d["fails"] else ""))
        for pub, dd in d["by_publisher"].items():
            print(f"    {pub:22s} P {dd['precision']:+.4f} R {dd['recall']:+.4f}")
    for n in res["not_english"]:
        print("  not English / rejected:", n)
    for e in res["errors"]:
        print("  ", e)
    return 0


def _prf(m: dict) -> str:
    return f"{m['precision']:.3f} / {m['recall']:.3f} / {m['f1']:.3f}".rjust(22)


if __name__ == "__main__":
    raise SystemExit(main())
