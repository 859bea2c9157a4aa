"""Helpers shared by the gold-set scorers: distances, F1, country codes, loading, running the extractor.

The scorers take an `extractor`: any callable `extractor(text, published) -> dict` (or an object with
`to_dict()`, such as an `AnnotatedArticle`) that follows the output contract (`records.AnnotatedArticle.to_dict`). The default
imports `eventwire.pipeline.extract` only when first called, so the metric code can be tested without
the pipeline.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from eventwire.errors import ConfigError, InputError
from eventwire.geo import haversine_km

Extractor = Callable[[str, str], Any]


# Codes that are not ISO 3166-1 alpha-3 but appear in old CAMEO-coded gold data (or in ACLED),
# mapped to the ISO code a careful coder would use today.
LEGACY_ISO3 = {
    "JAP": "JPN", "VTN": "VNM", "ITL": "ITA", "UK": "GBR", "UKG": "GBR", "GMY": "DEU", "GER": "DEU",
    "RUM": "ROU", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "SER": "SRB", "YUG": "SRB", "KOS": "XKX",
    "SUD": "SDN", "BUL": "BGR", "PAL": "PSE",
}
# Codes that stand for no state (international and non-state actors in CAMEO): not country codes.
NON_STATE_CODES = frozenset({"IGO", "NGO", "ISM", "IMG", "MNC", "UAF", "REB", "---", "***", ""})
# Valid for our purposes though not (or not yet) in ISO 3166-1.
EXTRA_ISO3 = frozenset({"XKX"})

# ACLED country names that pycountry does not resolve by name or common name.
ACLED_COUNTRY_ALIASES = {
    "democratic republic of congo": "COD", "republic of congo": "COG", "ivory coast": "CIV",
    "cote d'ivoire": "CIV", "russia": "RUS", "iran": "IRN", "syria": "SYR", "turkey": "TUR",
    "kosovo": "XKX", "palestine": "PSE", "south korea": "KOR", "north korea": "PRK", "laos": "LAO",
    "vietnam": "VNM", "bolivia": "BOL", "venezuela": "VEN", "tanzania": "TZA", "moldova": "MDA",
    "eswatini": "SWZ", "swaziland": "SWZ", "cape verde": "CPV", "east timor": "TLS",
    "timor-leste": "TLS", "micronesia": "FSM", "saint kitts and nevis": "KNA",
    "saint vincent and the grenadines": "VCT", "saint lucia": "LCA", "vatican city": "VAT",
    "bailiwick of guernsey": "GGY", "bailiwick of jersey": "JEY", "caribbean netherlands": "BES",
    "akrotiri and dhekelia": "GBR", "united states": "USA", "united kingdom": "GBR",
    "czech republic": "CZE", "macedonia": "MKD", "north macedonia": "MKD", "brunei": "BRN",
    "taiwan": "TWN", "the gambia": "GMB", "gambia": "GMB", "bahamas": "BHS",
}


# ---------------------------------------------------------------- numbers


def within_km(gold: tuple[float, float] | None, pred: tuple[float | None, float | None] | None,
              km: float) -> bool:
    """True when both points are known and at most `km` apart."""
    if gold is None or pred is None or pred[0] is None or pred[1] is None:
        return False
    return haversine_km(gold[0], gold[1], float(pred[0]), float(pred[1])) <= km


def ratio(num: float, den: float) -> float | None:
    """num/den, or None when there is nothing to divide by (so an empty metric reads 'n/a', not 0)."""
    return num / den if den else None


def macro_f1(gold: Sequence[str], pred: Sequence[str | None],
             labels: Iterable[str] | None = None) -> tuple[float | None, dict[str, dict[str, float]]]:
    """Macro-averaged F1 over `labels` (default: the classes present in `gold`).

    A prediction of a class outside `labels` (or None) still counts as a false negative for the gold
    class; it is not itself averaged. Returns (macro F1, {label: {precision, recall, f1, support}}).
    """
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in length")
    classes = sorted(set(labels) if labels is not None else set(gold))
    per: dict[str, dict[str, float]] = {}
    for c in classes:
        tp = sum(1 for g, p in zip(gold, pred) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred) if g == c and p != c)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[c] = {"precision": prec, "recall": rec, "f1": f1, "support": tp + fn}
    if not per:
        return None, per
    return sum(v["f1"] for v in per.values()) / len(per), per


def match_spans(gold: Sequence[dict[str, Any]], pred: Sequence[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs of spans ({"start", "end"}) that overlap by at least one
    character, largest overlap first (ties: lower gold index, then lower pred index)."""
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


# ---------------------------------------------------------------- countries

def _pycountry():
    import pycountry  # a declared dependency; imported here to keep module import cheap

    return pycountry


def normalise_iso3(code: str | None) -> str | None:
    """An ISO 3166-1 alpha-3 code for a gold or system country code, or None when it names no state.

    Old CAMEO codes are mapped (JAP -> JPN); IGO, NGO and similar non-state codes give None.
    """
    if not code:
        return None
    c = str(code).strip().upper()
    if c in NON_STATE_CODES:
        return None
    c = LEGACY_ISO3.get(c, c)
    if c in EXTRA_ISO3:
        return c
    if len(c) == 3 and _pycountry().countries.get(alpha_3=c) is not None:
        return c
    return None


def country_name_to_iso3(name: str | None, numeric: str | int | None = None) -> str | None:
    """ISO3 for a country name as ACLED writes it; falls back on an ISO numeric code when given."""
    if name:
        key = " ".join(str(name).strip().lower().split())
        if key in ACLED_COUNTRY_ALIASES:
            return ACLED_COUNTRY_ALIASES[key]
        pc = _pycountry()
        for attr in ("name", "common_name", "official_name"):
            for country in pc.countries:
                if getattr(country, attr, "").lower() == key:
                    return country.alpha_3
    if numeric not in (None, ""):
        try:
            found = _pycountry().countries.get(numeric=f"{int(numeric):03d}")
        except (TypeError, ValueError):
            found = None
        if found is not None:
            return found.alpha_3
    return None


# ---------------------------------------------------------------- loading

def require_file(path: str | Path) -> Path:
    p = Path(path)
    if not p.is_file():
        raise InputError("gold file not found (the eval sets live in ../shared/eval/)", path=str(p))
    return p


def load_json(path: str | Path) -> Any:
    with require_file(path).open(encoding="utf-8") as fh:
        return json.load(fh)


def load_csv(path: str | Path) -> list[dict[str, str]]:
    with require_file(path).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# ---------------------------------------------------------------- running the system

def default_extractor() -> Extractor:
    """eventwire's own pipeline, imported when a scorer first needs it (not when this module loads)."""
    try:
        from eventwire.pipeline import extract  # noqa: PLC0415 - lazy on purpose
    except ImportError as exc:
        raise ConfigError(f"cannot load the extraction pipeline (eventwire.pipeline): {exc}") from exc

    def run(text: str, published: str) -> Any:
        return extract(text, published=published)

    return run


def resolve_extractor(extractor: Extractor | None) -> Extractor:
    return extractor if extractor is not None else default_extractor()


def run_extractor(extractor: Extractor, text: str, published: str) -> tuple[dict[str, Any], str | None]:
    """Call the extractor and return (output dict, error message or None).

    An exception from one article is recorded, not raised, so that one bad record does not lose a whole
    evaluation run; the scorers count such failures and show them in the report.
    """
    try:
        out = extractor(text, published)
    except Exception as exc:  # noqa: BLE001 - recorded and reported per record
        return {"events": [], "mentions": {"actors": [], "places": [], "times": []}}, \
            f"{type(exc).__name__}: {exc}"
    if hasattr(out, "to_dict"):
        out = out.to_dict()
    if not isinstance(out, dict):
        return {"events": []}, f"extractor returned {type(out).__name__}, not a dict"
    return out, None


def events_of(output: dict[str, Any]) -> list[dict[str, Any]]:
    return list(output.get("events") or [])


def places_of(output: dict[str, Any]) -> list[dict[str, Any]]:
    return list((output.get("mentions") or {}).get("places") or [])


def confidence_of(event: dict[str, Any]) -> float:
    try:
        return float(event.get("confidence") or 0.0)
    except (TypeError, ValueError):
        return 0.0


def status_of(event: dict[str, Any]) -> str:
    return ((event.get("attribution") or {}).get("status")) or "reported"


def actor_countries(actors: Iterable[dict[str, Any]]) -> set[str]:
    return {c for a in actors if (c := normalise_iso3(a.get("country")))}


def actor_sectors(actors: Iterable[dict[str, Any]]) -> set[str]:
    return {str(a["sector"]).upper() for a in actors if a.get("sector")}


def event_summary(event: dict[str, Any] | None) -> dict[str, Any] | None:
    """A compact view of one output event for error listings."""
    if event is None:
        return None
    loc = event.get("location") or {}
    date = event.get("date") or {}
    return {
        "type": event.get("type"), "mode": event.get("mode"), "acled": event.get("acled"),
        "sources": [(a.get("text"), a.get("country"), a.get("sector")) for a in event.get("sources") or []],
        "targets": [(a.get("text"), a.get("country"), a.get("sector")) for a in event.get("targets") or []],
        "location": (loc.get("name"), loc.get("country"), loc.get("lat"), loc.get("lon")) if loc else None,
        "date": date.get("value") if date else None,
        "fatalities": event.get("fatalities"), "status": status_of(event),
        "confidence": event.get("confidence"),
        "trigger": (event.get("trigger") or {}).get("text"),
    }


# ---------------------------------------------------------------- reporting

def fmt_metric(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.3f}"


def print_table(rows: Sequence[Sequence[Any]], header: Sequence[str], out: TextIO) -> None:
    cells = [[str(c) for c in header]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    for i, r in enumerate(cells):
        print("  " + "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip(), file=out)
        if i == 0:
            print("  " + "  ".join("-" * w for w in widths), file=out)


def module_main(prog: str, description: str, path_help: str, evaluate: Callable[..., dict[str, Any]],
                argv: list[str] | None = None) -> int:
    """`python -m eventwire.evaluation.X PATH [--errors N] [--json]` for a scorer that prints its own report."""
    import argparse
    import sys

    from eventwire.errors import EventwireError

    ap = argparse.ArgumentParser(prog=prog, description=description)
    ap.add_argument("path", help=path_help)
    ap.add_argument("--errors", type=int, default=0, metavar="N", help="show the N worst cases")
    ap.add_argument("--json", action="store_true", help="print the result as JSON instead of a report")
    args = ap.parse_args(argv)
    try:
        result = evaluate(args.path, errors=args.errors, out=None if args.json else sys.stdout)
    except EventwireError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
        print()
    return 0
