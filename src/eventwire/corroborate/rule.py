"""The same-happening model: do two reports (events of two articles) describe one happening?

A pair is first checked for what rules it out (`veto`), then scored on the evidence that it is one happening
(`score`, 0..1). A report joins an incident when no report of the incident rules it out and its mean score over
the incident's reports reaches THRESHOLD (average linkage: a chain of pairwise matches, A like B and B like C,
never joins A and C on its own).

What rules a pair out (hard constraints; each is a kind of fact two reports of one happening cannot disagree on):
- the same article: two events one article's own merging (`stages/event_merge.py`) left apart are two facts,
  unless the model reads them as two mentions of one happening (`one_mention`: the same type, nothing else rules
  them out, a score of at least MENTION_THRESHOLD); only then may they share an incident;
- incompatible types: not the same PLOVER type, nor MOBILIZE and AID when either is military (a deployment that is
  military aid, as in `event_merge.same_type`);
- incompatible statuses: "reported", "claimed", "denied" and "background" all speak of something that happened (a
  denial is a conflicting detail, kept); "hypothetical" and "negated" only match their own status;
- places in two countries, or two fine places (towns, villages, districts) more than MAX_DISTANCE_KM apart,
  unless both sentences name the spot and the gazetteer read the name as two places (`misread`);
- dates more than DATE_WINDOW_DAYS apart: each report's range (earliest..latest: a day named in the text is one
  day, "last week" a week, an undated report its publication day) is widened by the window on each side;
- for a verbal event (a statement, a demand, a threat, a meeting: PLOVER's verbal types), two named targets with
  nothing in common: one government's two statements on one day are two statements when they address different
  parties.

What scores a pair (each part 0..1, weighted by WEIGHTS):
- actors: a shared actor id among the sources (or among the targets), or sources of the same country and sector
  (two outlets' "Iraqi fighters" and "Iraqi militiamen") score 1; a shared id in crossed roles, or sources of one
  sector whose country one side does not know, 0.6; a side with no
  actors UNKNOWN; a state named as itself against one of its organs (government, army, police, courts)
  STATE_ITSELF; two sides whose actors have nothing in common 0. A verbal event needs its target matched too.
- place: by distance between fine places (PLACE_STEPS); where either is not placed finely, the same place name in
  both reports' sentences (as written: a village the gazetteer lacks is still a name both can give) SAME_NAME; a
  fine place and a province or country of the same country,
  or a report placed no finer than a province whose article names the other's place in another sentence
  ARTICLE_NAME (a dateline: "MOGADISHU (AP) - A car bomb exploded ..."),
  or two coarse places, score COARSE_PLACE (the same province: a little more); an unknown place UNKNOWN.
- date: the same day 1; overlapping ranges 0.8; ranges 1 day apart 0.5, 2 days 0.25.
- figures: two fatality counts within a factor of FIGURE_RATIO (or FIGURE_SLACK apart) 1, further apart 0.2;
  a missing count UNKNOWN. Reports of one strike differ (17, 19 or 21; the army's 8); 3 against 120 is another.

The weights and the threshold were set from the codebook's sense of an event (who, where, when) and checked on
the team's scenario set (`eval/incidents/`, its "calibrate" half; `eventwire eval incidents`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable

from eventwire.geo import haversine_km

MAX_DISTANCE_KM = 50.0
DATE_WINDOW_DAYS = 2
COARSE_FEATURES = frozenset({"country"})
PROVINCE_FEATURES = frozenset({"admin1", "ADM1"})
REGION_FEATURES = COARSE_FEATURES | PROVINCE_FEATURES | {"region", "sea"}  # an area, not a spot
FACTUAL = frozenset({"reported", "claimed", "denied", "background"})
COMPATIBLE_TYPES = frozenset({"MOBILIZE", "AID"})  # when one of the two is military (mode "military")
# PLOVER's verbal event types: what a happening of these is depends on whom it addresses
VERBAL_TYPES = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "REQUEST", "ACCUSE", "REJECT",
                          "THREATEN", "DEMAND", "DISAPPROVE", "APPEAL", "INVESTIGATE"})

WEIGHTS = {"actors": 0.3, "place": 0.3, "date": 0.25, "figures": 0.15}
THRESHOLD = 0.6
MENTION_THRESHOLD = 0.8  # two events of one article: one happening only on strong evidence (`one_mention`)
UNKNOWN = 0.5
CROSSED_ROLES = 0.6
VICTIMS_APART = 0.3
COARSE_PLACE = 0.4
COUNTRY_ONLY = 0.3
SAME_NAME = 0.85
ARTICLE_NAME = 0.65  # a report placed no finer than a province whose article names the other's place elsewhere
SAME_PROVINCE = 0.55
STATE_ITSELF = 0.85  # a state named as itself ("Venezuela deployed") and one of its own organs ("the army")
STATE_ORGANS = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG"})
PLACE_STEPS = ((5.0, 1.0), (15.0, 0.85), (30.0, 0.65), (MAX_DISTANCE_KM, 0.45))
DATE_STEPS = {0: 1.0, 1: 0.5, 2: 0.25}
OVERLAP = 0.8
FIGURE_RATIO = 3.0
FIGURE_SLACK = 3
FIGURES_APART = 0.0


@dataclass
class Report:
    """What the model reads of one stored event."""

    pk: int
    article_id: str
    type: str
    mode: str | None
    status: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    feature: str | None = None
    earliest: dt.date | None = None
    latest: dt.date | None = None
    sources: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # (id, country, sector)
    actor_ids: set[str] = field(default_factory=set)  # sources and targets
    targets: set[str] = field(default_factory=set)
    target_kinds: set[tuple[str | None, str | None]] = field(default_factory=set)  # (country, sector)
    fatalities: int | None = None
    admin1: str | None = None
    place_id: str | None = None
    names: set[str] = field(default_factory=set)  # the places its sentences name, as written (read.normal_name)
    article_names: set[str] = field(default_factory=set)  # a report not placed finely: those its article names
    place_name: str | None = None  # the name of the place it is placed at (read.normal_name)
    version: bool = False  # a denial, or the denier's own account beside it (read._versions)
    sentence: str | None = None  # a key of its sentence's words (read.sentence_key)

    @property
    def fine(self) -> bool:
        """A point finer than a province: a town, a village, a district."""
        return (None not in (self.lat, self.lon) and self.feature not in COARSE_FEATURES
                and self.feature not in PROVINCE_FEATURES)

    @property
    def located(self) -> bool:
        return self.country is not None or self.lat is not None

    @property
    def source_ids(self) -> set[str]:
        return {s[0] for s in self.sources}


def family(type_: str) -> tuple[str, ...]:
    """The event types an event of `type_` may share an incident with (the candidate query's type filter)."""
    return tuple(sorted(COMPATIBLE_TYPES)) if type_ in COMPATIBLE_TYPES else (type_,)


def types_compatible(a: Report, b: Report) -> bool:
    if a.type == b.type:
        return True
    return {a.type, b.type} == COMPATIBLE_TYPES and "military" in (a.mode, b.mode)


def statuses_compatible(a: Report, b: Report) -> bool:
    return a.status == b.status or (a.status in FACTUAL and b.status in FACTUAL)


def distance_km(a: Report, b: Report) -> float | None:
    """The distance between two fine places, else None."""
    if a.fine and b.fine:
        return haversine_km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]
    return None


def places_compatible(a: Report, b: Report) -> bool:
    if not (a.located and b.located):
        return True  # an unknown place contradicts nothing
    if misread(a, b):
        return True  # both texts name the same spot: one of the two readings of the name is wrong, not the text
    if a.country is not None and b.country is not None and a.country != b.country:
        return False
    d = distance_km(a, b)
    return d is None or d <= MAX_DISTANCE_KM


def misread(a: Report, b: Report) -> bool:
    """Both sentences name the spot one of the two reports is placed at, and the other report is placed at a name
    both give, read as a place in another country ("Avondale, Harare" placed in Harare and in Avondale, Arizona),
    or no finer than a region ("the border town of Adre, facing Sudan's Darfur region" placed in Darfur): the
    gazetteer's reading differs, not the texts. Two towns of one country ("the Nakuru-Nairobi highway"), or two
    villages of one name in one country, are two places."""
    shared = a.names & b.names
    if not shared:
        return False
    return any(x.place_name in shared and (y.feature in REGION_FEATURES
                                           or (y.place_name in shared and x.country != y.country))
               for x, y in ((a, b), (b, a)))  # in one country, two towns both named are two places


def date_gap(a: Report, b: Report) -> int | None:
    """Days between the two reports' ranges (0 when they overlap); None when either is undated."""
    if a.earliest is None or b.earliest is None:
        return None
    a_hi, b_hi = a.latest or a.earliest, b.latest or b.earliest
    return max(0, (a.earliest - b_hi).days, (b.earliest - a_hi).days)


def dates_compatible(a: Report, b: Report) -> bool:
    gap = date_gap(a, b)
    return gap is None or gap <= DATE_WINDOW_DAYS


def verbal(a: Report, b: Report) -> bool:
    return a.type in VERBAL_TYPES or b.type in VERBAL_TYPES


def targets_apart(a: Report, b: Report) -> bool:
    """Both name targets and none is shared (neither as target nor elsewhere among the other's actors)."""
    return bool(a.targets and b.targets and not (a.targets & b.actor_ids) and not (b.targets & a.actor_ids))


def veto(a: Report, b: Report) -> str | None:
    """Why two reports cannot be one happening, or None."""
    if a.article_id == b.article_id:
        return "same article"
    return _veto_facts(a, b)


def _veto_facts(a: Report, b: Report) -> str | None:
    """What the two reports say that rules out one happening (`veto` without the same-article rule)."""
    if not types_compatible(a, b):
        return "type"
    if not statuses_compatible(a, b):
        return "status"
    if not places_compatible(a, b):
        return "place"
    if not dates_compatible(a, b):
        return "date"
    if verbal(a, b) and targets_apart(a, b):
        return "addressee"
    return None



def _side(ids_a: set[str], ids_b: set[str], kinds_a: Iterable[tuple[Any, Any]], kinds_b: Iterable[tuple[Any, Any]]
          ) -> float | None:
    """One side (sources, or targets) of two reports: None when either names nobody; 1 for a shared actor or the
    same country and sector; CROSSED_ROLES for the same sector where one country is unknown; else 0."""
    if not ids_a or not ids_b:
        return None
    if ids_a & ids_b:
        return 1.0
    ka = {(c, s) for c, s in kinds_a if s}
    kb = {(c, s) for c, s in kinds_b if s}
    if {k for k in ka if k[0]} & {k for k in kb if k[0]}:
        return 1.0
    if _state_and_organ(ids_a, kb) or _state_and_organ(ids_b, ka):
        return STATE_ITSELF
    if any(sa == sb and (ca is None or cb is None) for ca, sa in ka for cb, sb in kb):
        return CROSSED_ROLES
    return 0.0


def _state_and_organ(ids: set[str], kinds: set[tuple[Any, Any]]) -> bool:
    """One side names a state itself (its id is the bare ISO3 code) and the other one of that state's organs:
    a government acts through its forces, and outlets write either ("Chad sent troops", "the Chadian army")."""
    states = {i for i in ids if len(i) == 3 and i.isalpha() and i.isupper()}
    return any(c in states and s in STATE_ORGANS for c, s in kinds)


def actor_score(a: Report, b: Report) -> float:
    """Sources against sources and targets against targets, each where both reports name one: a side that agrees
    counts, a report silent on a side contradicts nothing. Verbal events need both sides to agree."""
    src = _side(a.source_ids, b.source_ids, ((c, s) for _, c, s in a.sources), ((c, s) for _, c, s in b.sources))
    tgt = _side(a.targets, b.targets, a.target_kinds, b.target_kinds)
    sides = [x for x in (src, tgt) if x is not None]
    if verbal(a, b):
        if not sides:
            return UNKNOWN
        return min(sides) if len(sides) == 2 else min(sides[0], UNKNOWN)  # to whom it was said is half of it
    if src is None and tgt == 0.0:
        return VICTIMS_APART  # only the victims to compare: outlets call the same dead "people", "soldiers"
    if sides:
        best = max(sides)
        if best == 0.0 and a.source_ids & b.targets and b.source_ids & a.targets:
            return CROSSED_ROLES  # one fight told from each side: "RSF attacked the army", "the army repelled RSF"
        return best
    if a.actor_ids & b.actor_ids:
        return CROSSED_ROLES  # the same actor named as perpetrator in one report, as victim in the other
    return UNKNOWN


def _article_name(a: Report, b: Report) -> bool:
    """One report not placed finely, and its article names a place the other report's sentence (or article)
    names: a dateline, a town named in another sentence (two reports of one article share every name)."""
    return a.article_id != b.article_id and bool((a.article_names or b.article_names) and (a.names | a.article_names) & (b.names | b.article_names))


def place_score(a: Report, b: Report) -> float:
    if not (a.located and b.located):
        return SAME_NAME if a.names & b.names else ARTICLE_NAME if _article_name(a, b) else UNKNOWN
    if a.place_id is not None and a.place_id == b.place_id:
        return 1.0 if a.fine else SAME_PROVINCE
    d = distance_km(a, b)
    if a.names & b.names and (d is None or misread(a, b)):
        return SAME_NAME  # both name the place; one could not place it finer, or read the name as another place
    if d is not None:
        for limit, value in PLACE_STEPS:
            if d <= limit:
                return value
        return 0.0
    if d is None and _article_name(a, b):
        return ARTICLE_NAME
    if a.admin1 and a.admin1 == b.admin1 and a.country == b.country:
        return SAME_PROVINCE
    if a.feature in COARSE_FEATURES or b.feature in COARSE_FEATURES:
        return COUNTRY_ONLY  # "in Mali" against a town: the same country, nothing more
    return COARSE_PLACE


def date_score(a: Report, b: Report) -> float:
    gap = date_gap(a, b)
    if gap is None:
        return UNKNOWN
    if gap == 0:
        one_day = a.earliest == (a.latest or a.earliest) and b.earliest == (b.latest or b.earliest)
        return 1.0 if one_day else OVERLAP
    return DATE_STEPS.get(gap, 0.0)


def figures_score(a: Report, b: Report) -> float:
    x, y = a.fatalities, b.fatalities
    if x is None or y is None:
        return UNKNOWN
    lo, hi = sorted((x, y))
    if hi - lo <= FIGURE_SLACK or (lo > 0 and hi / lo <= FIGURE_RATIO):
        return 1.0
    return FIGURES_APART


def score(a: Report, b: Report) -> float:
    """How strongly two reports that no veto rules out point to one happening (0..1)."""
    parts = {"actors": actor_score(a, b), "place": place_score(a, b), "date": date_score(a, b),
             "figures": figures_score(a, b)}
    return sum(WEIGHTS[k] * v for k, v in parts.items())


def same_happening(a: Report, b: Report) -> bool:
    """The model on one pair: no veto, and a score at the threshold or above."""
    return veto(a, b) is None and score(a, b) >= THRESHOLD


def one_mention(a: Report, b: Report) -> bool:
    """Two events of one article that its own merging left apart, read as two mentions of one happening: the same
    type, nothing the two say rules it out, and a score of at least MENTION_THRESHOLD (the article's place, day and
    actors agree: "thousands rallied outside parliament ... participants blocked the avenue"). A denial, and the
    account the denier gives in its sentence, are versions of the happening the article reports: they need only
    THRESHOLD against it ("drones hit the market in Sumy ... The Kremlin denied targeting civilians and said its
    forces struck a command post in the city"), and go together. Two happenings one article tells apart (another
    town, another day) stay apart."""
    if a.article_id != b.article_id or a.type != b.type or _veto_facts(a, b) is not None:
        return False
    if a.version and b.version:
        return a.status == "denied" or b.status == "denied"  # the denial and the denier's account: one voice
    return score(a, b) >= (THRESHOLD if a.version or b.version else MENTION_THRESHOLD)


def retold(a: Report, b: Report) -> bool:
    """The same sentence tells an event of one type in two articles: a syndicated copy of a wire story (a new
    headline, a line trimmed or added) repeats its original's events, which are one happening each."""
    return (a.sentence is not None and a.sentence == b.sentence and a.article_id != b.article_id
            and a.type == b.type)


def incident_score(rep: Report, members: list[Report]) -> float | None:
    """Average linkage: the mean score of `rep` against an incident's reports, or None when any rules it out (a
    report of its own article rules it out unless the two are `one_mention`)."""
    if not members:
        return None
    total = 0.0
    for m in members:
        if veto(rep, m) is not None and not one_mention(rep, m):
            return None
        total += score(rep, m)
    return total / len(members)
