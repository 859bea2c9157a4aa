"""Our own point files for the gazetteer index (`eventwire.gazetteer_index` builds from them): each state at
GeoNames' own country point (data/gazetteer/country_points.csv), and divisions the index's sources name but cannot
place, at a point of their own (data/gazetteer/division_points.csv: Nepal's districts). A malformed row is a
DataError naming the file and line; an absent file, no points."""

from __future__ import annotations

import re
from pathlib import Path

from eventwire.errors import DataError

__all__ = ["COUNTRY_POINTS", "DIVISION_POINTS", "geonames_admin1", "read_country_points", "read_division_points"]

COUNTRY_POINTS = Path(__file__).parent / "data" / "gazetteer" / "country_points.csv"
# a point for divisions GeoNames' admin2 table names without a member town to place them by (Nepal's districts)
DIVISION_POINTS = Path(__file__).parent / "data" / "gazetteer" / "division_points.csv"


def read_country_points(path: Path | None = None) -> dict[str, tuple[float, float]]:
    """ISO3 -> (lat, lon): GeoNames' point for each state (data/gazetteer/country_points.csv); empty when the
    file is absent. A malformed row is a DataError naming the file and line."""
    path = path or COUNTRY_POINTS
    if not path.is_file():
        return {}
    out: dict[str, tuple[float, float]] = {}
    lines = [(n, ln) for n, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if ln.strip() and not ln.startswith("#")]
    for n, ln in lines[1:]:  # the first is the header
        parts = ln.split(",")
        try:
            iso3, lat, lon = parts[0].strip(), float(parts[1]), float(parts[2])
        except (IndexError, ValueError):
            raise DataError(f"line {n}: expected iso3,lat,lon, got {ln!r}", path=str(path)) from None
        if len(iso3) != 3 or not -90 <= lat <= 90 or not -180 <= lon <= 180:
            raise DataError(f"line {n}: bad country point {ln!r}", path=str(path))
        out[iso3] = (lat, lon)
    return out


def read_division_points(path: Path | None = None) -> dict[tuple[str, str], tuple[float, float, set[str]]]:
    """(GeoNames admin1 code, name) -> (lat, lon, other names) of the divisions that
    data/gazetteer/division_points.csv places; empty when the file is absent. A malformed row is a DataError naming
    the file and line."""
    path = path or DIVISION_POINTS
    if not path.is_file():
        return {}
    out: dict[tuple[str, str], tuple[float, float, set[str]]] = {}
    lines = [(n, ln) for n, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if ln.strip() and not ln.startswith("#")]
    for n, ln in lines[1:]:  # the first is the header
        parts = ln.split(",")
        try:
            admin1, name, lat, lon = parts[0].strip(), parts[1].strip(), float(parts[2]), float(parts[3])
        except (IndexError, ValueError):
            raise DataError(f"line {n}: expected admin1,name,lat,lon,other_names, got {ln!r}", path=str(path)) from None
        if not geonames_admin1(admin1) or not name or not -90 <= lat <= 90 or not -180 <= lon <= 180:
            raise DataError(f"line {n}: bad division point {ln!r}", path=str(path))
        others = {a.strip() for a in (parts[4] if len(parts) > 4 else "").split("|") if a.strip()}
        out[(admin1, name)] = (lat, lon, others)
    return out


def geonames_admin1(code: str) -> bool:
    """Is `code` written as a GeoNames admin1 code, "NP.2"?"""
    return bool(re.fullmatch(r"[A-Z]{2}\.[0-9A-Z]{1,3}", code))
