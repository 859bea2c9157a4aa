"""Score `find_places` on TR-News (Kamalloo and Rafiei 2018, as packaged by Gritta et al.): toponym recognition
and resolution, by the same measure as GeoVirus (`eventwire.evaluation.toponyms`).

TR-News XML (the LGL/GWN layout): <articles><article docid=".."><title/><url/><domain/><dltime/><text/>
<toponyms><toponym><phrase/><start/><end/><gaztag geonameid=".."><name/><fclass/><fcode/><lat/><lon/>
<country/></gaztag></toponym>...</toponyms></article>...

Offsets are exact (start inclusive, end exclusive into <text>) for about 91% of the toponyms; in some articles
they drift a few characters late as the article goes on (up to 10 characters; the packaged text seems to have
lost characters the offsets counted). A toponym whose span does not hold its <phrase> is moved to the nearest
occurrence of the phrase within 25 characters, its end set from the phrase's length (two toponyms have an end
one short); one with no such occurrence keeps its offsets. The metrics count both (`gold_realigned`,
`gold_unaligned`). A toponym without <gaztag> coordinates (44 of 1,319: streets, buildings, a few regions)
counts for recognition and not for resolution.

The set marks some demonyms ("Turkish", "Russian") as toponyms, resolved to their country. The figures count
them as they are; beside them, `gold_demonym_like` counts the gold phrases that are demonyms of a state in
eventwire's knowledge base (or their plurals) and not also a state's name ("U.S." is a name), which the
pipeline never reads as places, and
`recognition_recall_without_demonyms` is the recall over the other gold toponyms.

Run: `python -m eventwire.evaluation.tr_news PATH [--errors N] [--limit N]` or `eventwire eval tr-news PATH`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from eventwire.errors import InputError
from eventwire.evaluation.common import match_spans
from eventwire.evaluation import toponyms
from eventwire.evaluation.toponyms import find_all, score_toponyms

MATCH_RULE = "overlap >= 1 char, one-to-one greedy by overlap; gold moved to its phrase where offsets drift"
WINDOW = 25  # how far (characters) a drifted gold span is searched for its phrase


def align(text: str, phrase: str, start: int, end: int, window: int = WINDOW) -> tuple[int, int, str]:
    """(start, end, how): how is "exact", "realigned" (moved to the nearest occurrence of the phrase within
    `window` characters of `start`; the earlier one on a tie) or "unaligned" (offsets kept as given)."""
    if text[start:end] == phrase or not phrase:
        return start, end, "exact"
    near = [m.start() for m in re.finditer(re.escape(phrase), text[max(0, start - window): start + window
                                                                      + len(phrase)])]
    if not near:
        return start, end, "unaligned"
    pos = min((max(0, start - window) + n for n in near), key=lambda p: (abs(p - start), p))
    return pos, pos + len(phrase), "realigned"


def _float(s: str | None) -> float | None:
    try:
        return float(s) if s is not None and s.strip() else None
    except ValueError:
        return None


def load_tr_news(path: str | Path) -> list[dict[str, Any]]:
    """Gold articles in the shape `toponyms.score_toponyms` reads, plus per article the counts of realigned,
    unaligned and unreadable gold toponyms."""
    p = Path(path)
    if not p.is_file():
        raise InputError("TR-News file not found; pass the path to TR-News.xml", path=str(p))
    try:
        root = ET.parse(p).getroot()
    except ET.ParseError as exc:
        raise InputError(f"not valid TR-News XML: {exc}", path=str(p)) from exc
    out = []
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        gold: list[dict[str, Any]] = []
        counts = {"realigned": 0, "unaligned": 0, "unreadable": 0}
        for tp in art.iter("toponym"):
            phrase = tp.findtext("phrase") or ""
            try:
                s, e = int(tp.findtext("start") or ""), int(tp.findtext("end") or "")
            except ValueError:
                counts["unreadable"] += 1
                continue
            s, e, how = align(text, phrase, s, e)
            if how != "exact":
                counts[how] += 1
            gaz = tp.find("gaztag")
            lat = _float(gaz.findtext("lat")) if gaz is not None else None
            lon = _float(gaz.findtext("lon")) if gaz is not None else None
            if lat is None or lon is None:
                lat = lon = None
            gold.append({"name": phrase, "start": s, "end": e, "lat": lat, "lon": lon})
        gold.sort(key=lambda g: (g["start"], g["end"]))
        out.append({"source": art.get("docid") or (art.findtext("url") or "").strip(), "text": text,
                    "gold": gold, **{f"gold_{k}": v for k, v in counts.items()}})
    return out


def state_demonyms() -> frozenset[str]:
    """Lower-cased demonyms of every state in eventwire's knowledge base (the pipeline's own list), less those
    that are also a state's name ("U.S.", "UK" are listed as both)."""
    from eventwire.kb_load import load_kb  # noqa: PLC0415 - loaded when a run needs it

    states = load_kb().by_kind("state")
    names = {a.lower() for e in states for a in e.aliases}
    return frozenset(d.lower() for e in states for d in e.demonyms) - names


def is_demonym(phrase: str, demonyms: Collection[str]) -> bool:
    key = " ".join(phrase.lower().split())
    return key in demonyms or (key.endswith("s") and key[:-1] in demonyms)


def demonym_figures(articles: Sequence[dict[str, Any]], predictions: Sequence[Sequence[dict[str, Any]]],
                    demonyms: Collection[str]) -> dict[str, Any]:
    """How many gold toponyms are demonym-like, and recognition recall over the others."""
    n_dem = n_rest = found_rest = 0
    for art, pred in zip(articles, predictions):
        matched = {gi for gi, _ in match_spans(art["gold"], pred)}
        for gi, g in enumerate(art["gold"]):
            if is_demonym(g["name"], demonyms):
                n_dem += 1
            else:
                n_rest += 1
                found_rest += gi in matched
    return {"gold_demonym_like": n_dem,
            "recognition_recall_without_demonyms": found_rest / n_rest if n_rest else None}


def evaluate_tr_news(path: str | Path, errors: int = 0, *, limit: int | None = None, nlp: Any = None,
                     find: Any = None, demonyms: Collection[str] | None = None) -> dict[str, Any]:
    """Parse every article with spaCy, run `find_places`, and score (see the module docstring)."""
    articles = load_tr_news(path)
    if limit is not None:
        articles = articles[:limit]
    preds, timing = find_all(articles, nlp, find)
    result = score_toponyms(articles, preds, errors, MATCH_RULE)
    m = result["metrics"]
    for k in ("gold_realigned", "gold_unaligned", "gold_unreadable"):
        m[k] = sum(a[k] for a in articles)
    m.update(demonym_figures(articles, preds, state_demonyms() if demonyms is None else demonyms))
    m.update(timing)
    return result


def main(argv: list[str] | None = None) -> int:
    return toponyms.main("python -m eventwire.evaluation.tr_news", __doc__.split("\n")[0], evaluate_tr_news, argv)


if __name__ == "__main__":
    raise SystemExit(main())
