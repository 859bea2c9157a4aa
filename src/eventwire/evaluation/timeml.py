"""Score eventwire's time tagging on TimeML gold documents (TimeBank and AQUAINT, TempEval-3's TBAQ-cleaned).

Input: a folder searched recursively for *.tml (../shared/eval/timeml holds TimeBank/ and AQUAINT/), one such
subfolder, or one .tml file. Each document is read as XML:
- the body text is the text of its <TEXT> element with every tag removed (element texts and tails in document
  order, entities decoded by the XML parser), kept exactly: the gold offsets are character offsets into it;
- the gold expressions are the TIMEX3 elements inside <TEXT>, with their type (DATE, TIME, DURATION, SET) and
  value. The document creation time (functionInDocument="CREATION_TIME") is metadata: it sits in <DCT>, outside
  <TEXT>, in all 256 files, and is left out of the gold wherever it sits;
- the creation time's date (its first 10 characters, YYYY-MM-DD) is the publication date.

The body text goes to eventwire's pipeline (`Pipeline.run`, every stage, spaCy parse included) as an Article
made from the text as it is, with the publication date. It does not go through the plain-text cleaner of
`eventwire.extract`, which drops dateline and byline lines and collapses spaces, and so would move offsets; the
times found are the pipeline's `ann.times` (stage eventwire.times.v7), unchanged.

Matching: a system time and a gold TIMEX3 match when their spans overlap by at least one character; pairs are
one-to-one, greedily by largest overlap (`common.match_spans`, the GeoVirus rule).

Metrics (TempEval-3's, over all documents together):
  span (relaxed)  precision = matched / system times, recall = matched / gold TIMEX3, F1
  span (strict)   the same with exactly equal start and end
  value           a system time counts when it matches a gold TIMEX3 and its value, mapped as below, equals the
                  gold value exactly: precision over system times, recall over gold TIMEX3, F1. This is the
                  eval README's "F1 of exact value match" (anchor: HeidelTime about 0.78 value F1 on the
                  TempEval-3 test set, which is not this data)
  per type        for each gold type: gold TIMEX3, matched, value matches
  error kinds     every miss, spurious time and wrong value, counted by kind (gold type and value shape against
                  our precision), most frequent first

How our values map to TIMEX3 values (our values are ISO 8601 / TimeML-like, see `eventwire.stages.times`):
  day 2024-12-03, week 2024-W48 (weekend 2024-W48-WE), month 2024-10, quarter 1989-Q3, year 2011, duration
      P3D / PT24H / PXD, reference PRESENT_REF / PAST_REF / FUTURE_REF ("now", "recently", "the future"): the same
      string (TIMEX3 writes them the same way)
  range of a whole decade 1990/1999 -> 199; of a whole century 1900/1999 -> 19 (TIMEX3 decade and century)
  offset +P2D / -P1W ("two days later", "a week earlier") -> P2D / P1W: TimeML marks the length in such a phrase
      as a DURATION ("A day earlier" is P1D), so the offset is compared as its length
  range that ends on the publication day and starts a whole number of years, months, weeks or days before it
      ("the past two months" 1989-08-27/1989-10-27) -> its length, P2M: TimeML marks such a phrase as the
      DURATION P2M (anchored on the creation time), the same length our interval has, as an offset's
  range with a duration value ("recent weeks" PXW, "the next few days" PXD: no count, so no dates in the value;
      its bounds are the stage's guess): the same string
  range "since X" (X/the publication day: "since 1990" 1990/1999-05-07) -> X: TimeML marks "since" as a
      signal outside the TIMEX3, whose value is X's (read before the length above: "since Jan. 13" is not P52D)
  range written "from A to B" / "between A and B" / "from A-B" (value A/B) -> two times, A's span with A's value
      and B's with B's (`timex_units`): the TimeML 1.2.1 guidelines mark each end of "from 1992 through 1995" as
      its own TIMEX3, with "from" and "through" as SIGNALs, since a TIMEX3 value cannot be an interval; both count
      as system times
  day with a time of day 1998-08-07TNI, season 1998-SU, set P1D ("daily", "every day"): the same string
Both values are written the same way before they are compared (TimeML's own spellings of one value): a week
number has two digits (2000-W7 is 2000-W07) and a decade or century with its unknown digits spelled out is the
decade or century (199X is 199, 19XX is 19).
Not mapped, so never a value match: other ranges ("2011-2013" without "from", "a few days ago", "recent weeks":
TIMEX3 has no interval value), and what our values cannot say: a clock time (T14:30), halves (1998-H1), values
with unknown parts (XXXX-WXX-1, 1998-XX), decades as a duration unit (P2DE; ours is P20Y) and TIMEX3 modifiers
(mod="APPROX" and the like, which the gold value does not include anyway).

Run: `python -m eventwire.evaluation.timeml PATH [--errors N] [--json]` or `eventwire eval timeml PATH`.
"""

from __future__ import annotations

import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from eventwire.errors import ConfigError, InputError
from eventwire.evaluation.common import Extractor, fmt_metric, match_spans, print_table, ratio, run_extractor

DATASET = "timeml"
TYPES = ("DATE", "TIME", "DURATION", "SET")
CREATION_TIME = "CREATION_TIME"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEARS = re.compile(r"(\d{4})/(\d{4})")
_OFFSET = re.compile(r"[+-](P.+)")


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """One gold TIMEX3: its id, type, value, span in the body text and its own words (equal to that span)."""

    tid: str
    type: str
    value: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class TimemlDoc:
    """One TimeML document: body text, creation date (the publication date) and gold TIMEX3s in the body."""

    name: str  # the file name without .tml
    corpus: str  # the folder it was read from (TimeBank, AQUAINT)
    text: str
    published: str  # YYYY-MM-DD
    timexes: tuple[GoldTimex, ...]


# ---------------------------------------------------------------- reading TimeML

def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def body_and_timexes(text_el: ET.Element) -> tuple[str, list[GoldTimex]]:
    """The text of a <TEXT> element without its tags, and its TIMEX3s (creation time left out) with offsets
    into that text."""
    parts: list[str] = []
    spans: list[tuple[ET.Element, int, int]] = []
    pos = 0

    def visit(node: ET.Element) -> None:
        nonlocal pos
        if node.text:
            parts.append(node.text)
            pos += len(node.text)
        for child in node:
            start = pos
            visit(child)
            if _local(child.tag) == "TIMEX3" and child.get("functionInDocument") != CREATION_TIME:
                spans.append((child, start, pos))
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)

    visit(text_el)
    body = "".join(parts)
    gold = [GoldTimex(tid=el.get("tid") or "", type=(el.get("type") or "").upper(), value=el.get("value") or "",
                      start=s, end=e, text="".join(el.itertext())) for el, s, e in spans]
    gold.sort(key=lambda g: (g.start, g.end))
    return body, gold


def load_tml(path: str | Path, corpus: str = "") -> TimemlDoc:
    """One .tml file; an InputError names the file when it is not TimeML we can score."""
    p = Path(path)
    try:
        root = ET.parse(p).getroot()
    except (ET.ParseError, OSError) as exc:
        raise InputError(f"not readable TimeML XML: {exc}", path=str(p)) from exc
    texts = [el for el in root.iter() if _local(el.tag) == "TEXT"]
    if len(texts) != 1:
        raise InputError(f"expected one <TEXT> element, found {len(texts)}", path=str(p))
    dct = next((el for el in root.iter() if _local(el.tag) == "TIMEX3"
                and el.get("functionInDocument") == CREATION_TIME), None)
    value = (dct.get("value") or "") if dct is not None else ""
    if not _ISO_DAY.match(value):
        raise InputError("no document creation time with a YYYY-MM-DD value (TIMEX3 functionInDocument="
                         f"\"CREATION_TIME\"), found {value!r}", path=str(p))
    body, gold = body_and_timexes(texts[0])
    return TimemlDoc(name=p.name.removesuffix(".tml"), corpus=corpus or p.parent.name, text=body,
                     published=value[:10], timexes=tuple(gold))


def load_timeml(path: str | Path, limit: int | None = None) -> list[TimemlDoc]:
    """Every .tml file under `path` (a folder, searched recursively, in sorted order) or `path` itself."""
    p = Path(path)
    if p.is_file():
        files = [p]
    elif p.is_dir():
        files = sorted(p.rglob("*.tml"))
        if not files:
            raise InputError("no .tml files in this folder (give ../shared/eval/timeml or one of its "
                             "subfolders)", path=str(p))
    else:
        raise InputError("TimeML file or folder not found (the eval sets live in ../shared/eval/)", path=str(p))
    if limit is not None:
        files = files[:limit]
    return [load_tml(f, f.parent.name if f.parent != p else p.name) for f in files]


# ---------------------------------------------------------------- running the system

def system_times(docs: Sequence[TimemlDoc], extractor: Extractor | None = None,
                 batch_size: int = 8) -> list[tuple[list[dict[str, Any]], str | None]]:
    """(our times as dicts, error or None) per document, in order. By default eventwire's pipeline over
    Articles holding the exact body text; a test may pass an `extractor(text, published)` instead."""
    if extractor is not None:
        out = []
        for d in docs:
            o, err = run_extractor(extractor, d.text, d.published)
            out.append((list((o.get("mentions") or {}).get("times") or []), err))
        return out
    try:
        from eventwire.ingest.article import content_id  # noqa: PLC0415 - the pipeline loads lazily
        from eventwire.pipeline import default_pipeline  # noqa: PLC0415
        from eventwire.records import Article  # noqa: PLC0415
    except ImportError as exc:
        raise ConfigError(f"cannot load the extraction pipeline (eventwire.pipeline): {exc}") from exc
    arts = [Article(id=content_id(d.text), text=d.text, source_id=d.name, published=d.published, language="en")
            for d in docs]
    results = []
    for ann in default_pipeline().run(arts, batch_size=batch_size):
        reason = ann.article.rejected
        results.append(([t.to_dict() for t in ann.times], f"rejected: {reason}" if reason else None))
    return results


# ---------------------------------------------------------------- values

def timex_value(t: dict[str, Any], published: str | None = None) -> str | None:
    """The TIMEX3 value one of our times stands for, or None where ours has none (see the module docstring);
    `published` (YYYY-MM-DD) reads ranges that end on it."""
    value, prec = str(t.get("value") or ""), t.get("precision")
    if prec == "range end":  # one end of "from A to B" (timex_units): A's own value
        return value or None
    if prec in ("day", "week", "month", "quarter", "year", "duration", "ref", "season", "set"):
        return value or None
    if prec == "range" and published and value.endswith("/" + published):
        start = value[:-len(published) - 1]
        if str(t.get("text") or "").lower().startswith("since"):
            return start  # "since Jan. 13" is Jan. 13 (a signal outside the TIMEX3), whatever its length to P
        return _length(start, published) or start
    if prec == "range" and value.startswith("P"):
        return value  # an uncounted stretch: "recent weeks" PXW, TimeML's own value
    if prec == "range":
        m = _YEARS.fullmatch(value)
        if m:
            a, b = int(m[1]), int(m[2])
            if a % 10 == 0 and b == a + 9:
                return str(a // 10)
            if a % 100 == 0 and b == a + 99:
                return str(a // 100)
        return None
    if prec == "offset":
        m = _OFFSET.fullmatch(value)
        return m[1] if m else None
    return None


def _length(start: str, end: str) -> str | None:
    """P2M where `start` is a whole number of years, months, weeks or days before `end` (both YYYY-MM-DD)."""
    if not (_ISO_DAY.fullmatch(start) and _ISO_DAY.fullmatch(end)):
        return None
    a, b = (tuple(map(int, x.split("-"))) for x in (start, end))
    months = (b[0] - a[0]) * 12 + b[1] - a[1]
    if a[2] == b[2] and months > 0:
        return f"P{months // 12}Y" if months % 12 == 0 else f"P{months}M"
    import datetime as dt  # noqa: PLC0415

    days = (dt.date(*b) - dt.date(*a)).days
    if days <= 0:
        return None
    return f"P{days // 7}W" if days % 7 == 0 else f"P{days}D"


_WEEK = re.compile(r"(\d{4}-W)(\d)(?!\d)")
_UNKNOWN_DIGITS = re.compile(r"(\d{2,3})X+")


def same_value(value: str) -> str:
    """One spelling of a TIMEX3 value: week numbers with two digits, 199X as 199 (see the module docstring)."""
    value = _WEEK.sub(lambda m: f"{m[1]}0{m[2]}", value)
    m = _UNKNOWN_DIGITS.fullmatch(value)
    return m[1] if m and len(value) == 4 else value


def value_shape(value: str) -> str:
    """The kind of a TIMEX3 value, for counting errors: day, day+time, month, quarter, duration, PRESENT_REF..."""
    v = value.upper()
    if v in ("PRESENT_REF", "PAST_REF", "FUTURE_REF"):
        return v
    if v.startswith("P"):
        return "duration"
    if "X" in v:
        return "with unknown part"
    for shape, rx in (("day", r"\d{4}-\d\d-\d\d"), ("day+time", r"\d{4}-\d\d-\d\dT.+"), ("month", r"\d{4}-\d\d"),
                      ("year", r"\d{4}"), ("quarter/half", r"\d{4}-[QH]\d"), ("season", r"\d{4}-(SP|SU|FA|WI)"),
                      ("week", r"\d{4}-W\d\d"), ("weekend", r"\d{4}-W\d\d-WE"), ("decade", r"\d{3}"),
                      ("century", r"\d{2}")):
        if re.fullmatch(rx, v):
            return shape
    return "other"


# "from 1991 to 1997", "between Aug. 26 and Oct. 20", "from today through Nov. 17": TimeML marks each end as its
# own TIMEX3 and the words between as signals (a range has no TIMEX3 value), so one range of ours is scored as the
# two times it joins
_TWO_ENDS = re.compile(r"(?is)(?P<pre>(?:from|between)\s+)(?P<a>.+?)(?P<mid>\s+(?:to|and|until|till|through)\s+|\s*[-–]\s*)"
                       r"(?P<b>.+?)\s*$")


def timex_units(t: dict[str, Any]) -> list[dict[str, Any]]:
    """Our time as the TIMEX3s TimeML would mark: a range written "from A to B" / "between A and B" whose value is
    A's value / B's value is two times (A's span and value, B's); anything else is itself."""
    m = _TWO_ENDS.fullmatch(str(t.get("text") or ""))
    parts = str(t.get("value") or "").split("/")
    if t.get("precision") != "range" or not m or len(parts) != 2 or not all(parts):
        return [t]
    s = int(t["start"])
    return [{**t, "text": m["a"], "start": s + m.start("a"), "end": s + m.end("a"), "value": parts[0],
             "precision": "range end"},
            {**t, "text": m["b"], "start": s + m.start("b"), "end": s + m.end("b"), "value": parts[1],
             "precision": "range end"}]


def _span_dict(start: int, end: int) -> dict[str, int]:
    return {"start": start, "end": end}


# ---------------------------------------------------------------- scoring

def prf(tp: int, n_sys: int, n_gold: int) -> dict[str, float | None]:
    p, r = ratio(tp, n_sys), ratio(tp, n_gold)
    f1 = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
    return {"precision": p, "recall": r, "f1": f1}


def score_document(doc: TimemlDoc, times: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Counts and the errors of one document (see the module docstring for the rules)."""
    gold = list(doc.timexes)
    times = [u for t in times for u in timex_units(t)]
    pairs = match_spans([_span_dict(g.start, g.end) for g in gold], [_span_dict(t["start"], t["end"]) for t in times])
    gold_spans = {(g.start, g.end) for g in gold}
    strict = len(gold_spans & {(t["start"], t["end"]) for t in times})
    matched_g = {gi for gi, _ in pairs}
    matched_p = {pi for _, pi in pairs}
    value_ok = 0
    wrong, kinds = [], Counter()
    per_type = {k: Counter() for k in TYPES}
    for gi, pi in pairs:
        g, t = gold[gi], times[pi]
        mapped = timex_value(t, doc.published)
        per_type.setdefault(g.type, Counter())["matched"] += 1
        if mapped is not None and same_value(mapped) == same_value(g.value):
            value_ok += 1
            per_type[g.type]["value"] += 1
        else:
            same = value_shape(g.value) == value_shape(mapped) if mapped else False
            kinds[f"value: gold {g.type} {value_shape(g.value)}, ours {t.get('precision')}"
                  + (" (same granularity)" if same else "")] += 1
            wrong.append({"gold": g.text, "gold_type": g.type, "gold_value": g.value, "text": t.get("text"),
                          "value": t.get("value"), "precision": t.get("precision"), "mapped": mapped})
    missed = []
    for gi, g in enumerate(gold):
        per_type.setdefault(g.type, Counter())["gold"] += 1
        if gi not in matched_g:
            kinds[f"missed: {g.type} {value_shape(g.value)}"] += 1
            missed.append({"gold": g.text, "gold_type": g.type, "gold_value": g.value, "start": g.start})
    spurious = []
    for pi, t in enumerate(times):
        if pi not in matched_p:
            kinds[f"spurious: ours {t.get('precision')}"] += 1
            spurious.append({"text": t.get("text"), "value": t.get("value"), "precision": t.get("precision"),
                             "start": t.get("start")})
    misaligned = sum(1 for t in times if doc.text[t["start"]:t["end"]] != t.get("text"))
    return {"gold": len(gold), "system": len(times), "matched": len(pairs), "strict": strict, "value": value_ok,
            "per_type": per_type, "kinds": kinds, "missed": missed, "spurious": spurious, "wrong_value": wrong,
            "misaligned": misaligned}


def score(docs: Sequence[TimemlDoc], predictions: Sequence[Sequence[dict[str, Any]]],
          errors: int = 0, failures: Sequence[str | None] = ()) -> dict[str, Any]:
    """Metrics over all documents, by corpus where there are several, and the `errors` worst documents."""
    if len(docs) != len(predictions):
        raise ValueError("documents and predictions differ in length")
    per_doc = [score_document(d, p) for d, p in zip(docs, predictions)]
    metrics = _metrics(per_doc)
    corpora = sorted({d.corpus for d in docs})
    if len(corpora) > 1:
        metrics["by_corpus"] = {c: _metrics([s for d, s in zip(docs, per_doc) if d.corpus == c], brief=True)
                                for c in corpora}
    fails = [(d.name, f) for d, f in zip(docs, failures) if f]
    metrics["extract_failures"] = len(fails)
    order = sorted(range(len(docs)), key=lambda i: (-(per_doc[i]["gold"] + per_doc[i]["system"]
                                                      - 2 * per_doc[i]["value"]), i))
    worst = []
    for i in order[:max(0, errors)]:
        s = per_doc[i]
        worst.append({"document": docs[i].name, "corpus": docs[i].corpus, "published": docs[i].published,
                      "gold": s["gold"], "system": s["system"], "matched": s["matched"], "value": s["value"],
                      "missed": s["missed"], "spurious": s["spurious"], "wrong_value": s["wrong_value"],
                      "extract_error": dict(fails).get(docs[i].name)})
    return {"metrics": metrics, "errors": worst}


def _metrics(per_doc: Sequence[dict[str, Any]], brief: bool = False) -> dict[str, Any]:
    n_gold = sum(s["gold"] for s in per_doc)
    n_sys = sum(s["system"] for s in per_doc)
    span = prf(sum(s["matched"] for s in per_doc), n_sys, n_gold)
    strict = prf(sum(s["strict"] for s in per_doc), n_sys, n_gold)
    value = prf(sum(s["value"] for s in per_doc), n_sys, n_gold)
    m: dict[str, Any] = {"documents": len(per_doc), "gold_timex": n_gold, "system_times": n_sys}
    for name, d in (("span", span), ("strict_span", strict), ("value", value)):
        for k, v in d.items():
            m[f"{name}_{k}"] = v
    if brief:
        return m
    types: dict[str, Counter] = {}
    for s in per_doc:
        for t, c in s["per_type"].items():
            types.setdefault(t, Counter()).update(c)
    m["per_type"] = {t: {"gold": c["gold"], "matched": c["matched"], "value": c["value"],
                         "span_recall": ratio(c["matched"], c["gold"]), "value_recall": ratio(c["value"], c["gold"])}
                     for t, c in sorted(types.items(), key=lambda kv: (kv[0] not in TYPES, kv[0]))}
    kinds: Counter = Counter()
    for s in per_doc:
        kinds.update(s["kinds"])
    m["error_kinds"] = dict(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
    m["system_spans_not_in_text"] = sum(s["misaligned"] for s in per_doc)  # 0 unless offsets went wrong
    m["match_rule"] = "overlap >= 1 char, one-to-one greedy by overlap; strict: equal start and end"
    return m


# ---------------------------------------------------------------- report

def print_report(result: dict[str, Any], out: TextIO) -> None:
    m = result["metrics"]
    print(f"TimeML: {result['n']} documents, {m['gold_timex']} gold TIMEX3, {m['system_times']} system times "
          f"({result['path']})", file=out)
    rows = [(name, fmt_metric(m[f"{k}_precision"]), fmt_metric(m[f"{k}_recall"]), fmt_metric(m[f"{k}_f1"]))
            for name, k in (("span (relaxed: overlap)", "span"), ("span (strict)", "strict_span"),
                            ("value (exact, on overlap)", "value"))]
    print_table(rows, ("measure", "P", "R", "F1"), out)
    if "by_corpus" in m:
        print("\nBy corpus:", file=out)
        print_table([(c, v["documents"], v["gold_timex"], v["system_times"], fmt_metric(v["span_f1"]),
                      fmt_metric(v["strict_span_f1"]), fmt_metric(v["value_f1"]))
                     for c, v in m["by_corpus"].items()],
                    ("corpus", "docs", "gold", "system", "span F1", "strict F1", "value F1"), out)
    print("\nPer gold type:", file=out)
    print_table([(t, v["gold"], v["matched"], v["value"], fmt_metric(v["span_recall"]),
                  fmt_metric(v["value_recall"])) for t, v in m["per_type"].items()],
                ("type", "gold", "found", "value right", "span R", "value R"), out)
    print("\nMost frequent error kinds:", file=out)
    print_table([(n, k) for k, n in list(m["error_kinds"].items())[:12]], ("count", "kind"), out)
    print(f"  ({m['extract_failures']} extraction failures or rejections; {m['system_spans_not_in_text']} system "
          f"spans not matching the text; {result['seconds']:.1f} s)", file=out)
    for e in result["errors"]:
        print(f"\n- {e['corpus']}/{e['document']} (published {e['published']}): gold {e['gold']}, system "
              f"{e['system']}, matched {e['matched']}, value right {e['value']}", file=out)
        for w in e["wrong_value"]:
            print(f"    value   {w['gold']!r} {w['gold_type']} {w['gold_value']}  <- ours {w['text']!r} "
                  f"{w['value']} ({w['precision']})", file=out)
        for g in e["missed"]:
            print(f"    missed  {g['gold']!r} {g['gold_type']} {g['gold_value']}", file=out)
        for s in e["spurious"]:
            print(f"    extra   {s['text']!r} {s['value']} ({s['precision']})", file=out)
        if e.get("extract_error"):
            print(f"    error:  {e['extract_error']}", file=out)


def evaluate_timeml(path: str | Path, errors: int = 0, extractor: Extractor | None = None, *,
                    out: TextIO | None = sys.stdout, limit: int | None = None) -> dict[str, Any]:
    """Score the system on TimeML documents; print a report to `out` (None: silent) and return
    {"dataset", "path", "n", "seconds", "metrics", "errors"}. `limit` scores the first N files only."""
    t0 = time.perf_counter()
    docs = load_timeml(path, limit)
    outputs = system_times(docs, extractor)
    result = score(docs, [o for o, _ in outputs], errors, [err for _, err in outputs])
    result = {"dataset": DATASET, "path": str(path), "n": len(docs),
              "seconds": round(time.perf_counter() - t0, 1), **result}
    if out is not None:
        print_report(result, out)
    return result


def main(argv: list[str] | None = None) -> int:
    from eventwire.evaluation.common import module_main

    return module_main("python -m eventwire.evaluation.timeml", "Score eventwire's time tagging on TimeML.",
                       "a .tml file or a folder of them (../shared/eval/timeml)", evaluate_timeml, argv)


if __name__ == "__main__":
    raise SystemExit(main())
