"""Score `find_places` on GeoVirus (Gritta et al. 2018): toponym recognition and resolution.

GeoVirus XML: <articles><article><source/><text/><locations><location><name/><start/><end/><lat/><lon/>
<page/></location>...</locations></article>... Its start/end offsets are one too high: we subtract 1 from both.

Scored by the measure shared with TR-News (`eventwire.evaluation.toponyms`): recognition precision / recall /
F1 over spans (overlap, one-to-one), resolution accuracy within 161 km and median error over matched pairs,
end-to-end share of gold toponyms found and placed within 161 km.

GeoVirus marks literal place names only, not a place named inside an organisation's name ("Killeen Police",
"University of Manchester", "Illinois Department of ..." are not marked; 14 of 218 such names in the set are),
where TR-News marks them ("Kentucky State Police"). Our places of that kind (stage `places.IN_NAME`) are
therefore left out here and counted as `in_name_left_out`.

Run: `python -m eventwire.evaluation.geovirus PATH [--errors N] [--limit N]`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from eventwire.errors import InputError
from eventwire.evaluation import toponyms
from eventwire.evaluation.toponyms import evaluate_toponyms

MATCH_RULE = "overlap >= 1 char, one-to-one greedy by overlap; gold offsets minus 1"


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


def evaluate_geovirus(path: str | Path, errors: int = 0, *, limit: int | None = None, nlp: Any = None,
                      find: Any = None) -> dict[str, Any]:
    """Parse every article with spaCy, run `find_places`, and score (see the module docstring)."""
    articles = load_geovirus(path)
    if limit is not None:
        articles = articles[:limit]
    from eventwire.stages.places import find_places, IN_NAME  # noqa: PLC0415 - loaded when a run needs it

    base = find or find_places
    left_out = [0]

    def literal(doc: Any) -> list[Any]:
        places = base(doc)
        kept = [p for p in places if p.stage != IN_NAME]
        left_out[0] += len(places) - len(kept)
        return kept

    result = evaluate_toponyms(articles, errors, nlp=nlp, find=literal, match_rule=MATCH_RULE)
    result["metrics"]["in_name_left_out"] = left_out[0]
    return result


def main(argv: list[str] | None = None) -> int:
    return toponyms.main("python -m eventwire.evaluation.geovirus", __doc__.split("\n")[0], evaluate_geovirus, argv)


if __name__ == "__main__":
    raise SystemExit(main())
