"""ACLED-style CSV: ACLED's own column names in the order of an ACLED download (`ACLED_COLUMNS`).

By default one row per **incident** (the happening, however many outlets reported it) that has a report carrying
an ACLED event type:
- `event_id_cnty`: the incident's id in ACLED's style, the ISO3 code of its country and its number ("SYR12";
  "XXX12" when the country is unknown);
- `event_date`, `location`, `latitude`, `longitude`, `country`, `iso`: the incident's day, place and country;
  `time_precision` from the reports that give that day, `geo_precision` from the feature of the incident's place;
- `event_type` / `sub_event_type`: the most common among its reports; `actor1` / `actor2`: the actor its reports
  name most often as source / target, the others in `assoc_actor_1` / `assoc_actor_2`;
- `source`: the incident's outlets, joined with "; ";
- `fatalities`: the incident's headline figure (ACLED's rule: the lowest credible report; never a sum);
- `notes`: the evidence sentence of its first report of that type, then "Reported by N outlets."
With `per_report=True`, one row per event (report) that carries an ACLED type, as before incidents existed
(`event_id_cnty` = country + "-" + event id), plus a last column `incident_id`: the id of the incident it reports,
in the style of `event_id_cnty` above.

What eventwire does not know is left empty (region, admin2, admin3, source_scale, tags, timestamp; admin1 unless
the place is itself a first-level division). Every cell is one line, and a text a spreadsheet would run as a
formula is neutralised (`export_read.safe_cell`).
"""

from __future__ import annotations

import csv
from typing import Any, TextIO

from eventwire.export_read import (headline_fatalities, incident_code, num, ranked, ranked_actors, safe_cell,
                                   text)

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
# --per-report: ACLED's columns, then the incident each report belongs to
ACLED_REPORT_COLUMNS = (*ACLED_COLUMNS, "incident_id")
NOTES_MAX = 300  # characters of evidence in an incident's notes

# ACLED's date and location precision codes
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3, "range": 3, "duration": 3}
_GEO_PRECISION = {"city": 1, "admin1": 2, "region": 2, "country": 3, "sea": 3}

# ACLED's disorder type of each event type (and of the sub-event types that differ from their type's)
_DISORDER = {"battles": "Political violence", "explosions/remote violence": "Political violence",
             "violence against civilians": "Political violence", "protests": "Demonstrations",
             "riots": "Demonstrations", "strategic developments": "Strategic developments"}
_DISORDER_SUB = {"mob violence": "Political violence",
                 "excessive force against protesters": "Political violence; Demonstrations",
                 "excessive force against protestors": "Political violence; Demonstrations"}
_CIVILIAN_TARGETING_TYPES = frozenset({"violence against civilians", "explosions/remote violence", "riots"})

# ACLED's actor type codes (inter1/inter2) from PLOVER sectors; state forces outside their own country are 8
_STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG"})
_INTER_BY_SECTOR = {"REB": 2, "INS": 2, "OPP": 3, "PTY": 3, "CVL": 7, "EDU": 7, "MED": 8, "IGO": 8, "NGO": 8,
                    "BUS": 8}
# the non-state initiators of a protest are protesters (6), of a riot rioters (5)
_INTER_BY_ACLED_TYPE = {"protests": 6, "riots": 5}
# ACLED's country names where pycountry's (common) name differs
_ACLED_COUNTRY = {"RUS": "Russia", "TUR": "Turkey", "COD": "Democratic Republic of Congo",
                  "COG": "Republic of Congo", "PSE": "Palestine", "CZE": "Czech Republic", "CIV": "Ivory Coast",
                  "SWZ": "eSwatini", "BRN": "Brunei", "FSM": "Micronesia", "CPV": "Cape Verde",
                  "GBR": "United Kingdom", "USA": "United States", "VAT": "Vatican City",
                  "MKD": "North Macedonia"}


# places ACLED files under another country: Hong Kong and Macau are China's, their name the row's admin1 (ACLED's
# methodology brief on China and Taiwan: Hong Kong's protests are events in China)
_ACLED_PARENT = {"HKG": ("CHN", "Hong Kong"), "MAC": ("CHN", "Macau")}


def acled_country(iso3: str | None) -> str | None:
    """The ISO3 code of the country ACLED files a place of `iso3` under (HKG and MAC: CHN); the code itself
    otherwise."""
    return _ACLED_PARENT[iso3][0] if iso3 in _ACLED_PARENT else iso3


def country_info(iso3: str | None) -> tuple[str, str]:
    """(numeric ISO code, country name) for an ISO3 code; empty strings when unknown."""
    if not iso3:
        return "", ""
    try:
        import pycountry

        c = pycountry.countries.get(alpha_3=iso3)
    except (ImportError, LookupError, KeyError):
        c = None
    if c is None:
        return "", ""
    return str(int(c.numeric)), _ACLED_COUNTRY.get(iso3) or getattr(c, "common_name", None) or c.name


def _inter(actor: dict[str, Any] | None, event_country: str | None, initiator_type: int | None = None
           ) -> int | None:
    """ACLED's actor type code of an actor, None when it cannot be told. `initiator_type`: the code that the
    event type itself gives its non-state initiator (protesters, rioters)."""
    if not actor:
        return None
    sector = (actor.get("sector") or "").upper()
    if sector in _STATE_SECTORS or actor.get("kind") == "state":
        own = acled_country(actor.get("country"))
        return 1 if not event_country or not own or own == event_country else 8
    if initiator_type:
        return initiator_type
    if sector in _INTER_BY_SECTOR:
        return _INTER_BY_SECTOR[sector]
    if actor.get("kind") == "armed_group":
        return 3
    return None


def _interaction(i1: int | None, i2: int | None) -> str:
    if i1 is None:
        return ""
    if not i2:
        return str(i1 * 10)
    lo, hi = sorted((i1, i2))
    return str(lo * 10 + hi)


def acled_row(ev: dict[str, Any], d: dict[str, Any]) -> dict[str, str]:
    """One event as an ACLED row (every column of ACLED_COLUMNS, as strings)."""
    etype, sub = ev.get("acled_event_type") or "", ev.get("acled_sub_event_type") or ""
    srcs, tgts = d["source"], d["target"]
    own = ev.get("country")
    country = acled_country(own)
    i1 = _inter(srcs[0] if srcs else None, country, _INTER_BY_ACLED_TYPE.get(etype.lower()))
    i2 = _inter(tgts[0] if tgts else None, country)
    if tgts and i2 is None:  # a second actor of unknown type: neither inter2 nor the interaction can be given
        i1_code, i2_code, interaction = ("" if i1 is None else str(i1)), "", ""
    else:
        i1_code = "" if i1 is None else str(i1)
        i2_code = "" if i1 is None else str(i2 or 0)  # ACLED writes 0 when there is no second actor
        interaction = _interaction(i1, i2)
    iso, country_name = country_info(country)
    feature = d.get("feature")
    targets_civilians = any((a.get("sector") or "").upper() == "CVL" for a in tgts)
    day = ev.get("day") or ""
    row = dict.fromkeys(ACLED_COLUMNS, "")
    row.update({
        "event_id_cnty": f"{country or 'XXX'}-{ev['id']}",
        "event_date": day,
        "year": day[:4],
        "time_precision": str(_TIME_PRECISION.get(ev.get("date_precision") or "", 3)),
        "disorder_type": _DISORDER_SUB.get(sub.lower()) or _DISORDER.get(etype.lower(), ""),
        "event_type": etype,
        "sub_event_type": sub,
        "actor1": srcs[0]["name"] if srcs else "",
        "assoc_actor_1": "; ".join(a["name"] for a in srcs[1:]),
        "inter1": i1_code,
        "actor2": tgts[0]["name"] if tgts else "",
        "assoc_actor_2": "; ".join(a["name"] for a in tgts[1:]),
        "inter2": i2_code,
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if targets_civilians and etype.lower() in
        _CIVILIAN_TARGETING_TYPES else "",
        "iso": iso,
        "country": country_name,
        "admin1": _ACLED_PARENT[own][1] if own in _ACLED_PARENT else (ev.get("place") or "") if feature == "admin1"
        else "",
        "location": text(ev.get("place")),
        "latitude": num(ev.get("lat")),
        "longitude": num(ev.get("lon")),
        "geo_precision": str(_GEO_PRECISION[feature]) if feature in _GEO_PRECISION else "",
        "source": text(ev.get("outlet")),
        "notes": text(ev.get("evidence")),
        "fatalities": num(ev.get("fatalities")),
    })
    return row


def acled_report_row(ev: dict[str, Any], d: dict[str, Any]) -> dict[str, str]:
    """One event as an ACLED row plus `incident_id` (ACLED_REPORT_COLUMNS)."""
    row = acled_row(ev, d)
    row["incident_id"] = incident_code(d.get("incident_id"), d.get("incident_country"))
    return row


def reported_by(n: int | None) -> str:
    if not n:
        return "No outlet named."
    return f"Reported by {n} outlet{'' if n == 1 else 's'}."


def incident_notes(evidence: str | None, n_sources: int | None) -> str:
    """A short note: the evidence sentence (cut at NOTES_MAX characters), then who reported it."""
    s = text(evidence)
    if len(s) > NOTES_MAX:
        s = s[:NOTES_MAX - 1].rstrip() + "…"
    if s and s[-1] not in ".!?…\"'”’":
        s += "."
    return f"{s} {reported_by(n_sources)}".strip()


def acled_incident_row(inc: dict[str, Any], reports: list[tuple[dict[str, Any], dict[str, Any]]]
                       ) -> dict[str, str] | None:
    """One incident as an ACLED row (ACLED_COLUMNS), None when none of its reports carries an ACLED type."""
    typed = [(ev, d) for ev, d in reports if ev.get("acled_event_type")]
    if not typed:
        return None
    etype = ranked(ev["acled_event_type"] for ev, _ in typed)[0]
    of_type = [(ev, d) for ev, d in typed if ev["acled_event_type"] == etype]
    subs = ranked(ev.get("acled_sub_event_type") for ev, _ in of_type)
    sources = ranked_actors(reports, "source")
    first = {a["id"] for a in sources[:1]}
    targets = [a for a in ranked_actors(reports, "target") if a["id"] not in first]
    # the precision of the day: that of the reports giving the incident's day (the best of them)
    on_day = [ev for ev, _ in reports if (ev.get("date_earliest") or ev.get("day")) == inc.get("day")] or \
        [ev for ev, _ in reports]
    precision = min((ev.get("date_precision") or "" for ev in on_day),
                    key=lambda p: _TIME_PRECISION.get(p, 3), default=None)
    feature = next((pl.get("feature") for pl in inc.get("places") or [] if pl.get("name") == inc.get("place")),
                   None)
    lead = next((ev for ev, _ in of_type if text(ev.get("evidence"))), of_type[0][0])
    headline = headline_fatalities(inc)
    ev = {"id": inc["id"], "acled_event_type": etype, "acled_sub_event_type": subs[0] if subs else None,
          "country": inc.get("country"), "day": inc.get("day"), "date_precision": precision,
          "place": inc.get("place"), "lat": inc.get("lat"), "lon": inc.get("lon"),
          "outlet": "; ".join(text(o) for o in inc.get("outlets") or [] if text(o)),
          "evidence": incident_notes(lead.get("evidence"), inc.get("sources_count")),
          "fatalities": headline["best"] if headline else None}
    row = acled_row(ev, {"feature": feature, "source": sources, "target": targets})
    row["event_id_cnty"] = incident_code(inc["id"], inc.get("country"))
    return row


def write_acled_csv(rows: list[dict[str, str]], out: TextIO, per_report: bool = False) -> None:
    cols = ACLED_REPORT_COLUMNS if per_report else ACLED_COLUMNS
    w = csv.writer(out, lineterminator="\n")
    w.writerow(cols)
    for r in rows:
        w.writerow([safe_cell(r.get(c)) for c in cols])
