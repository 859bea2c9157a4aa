"""Typed records that flow through the pipeline.

Every record that describes something found in the text carries the character span
(`start`, `end`, offsets into `Article.text`) that supports it and the versioned name of
the stage that made it. `to_dict()` gives the output contract (the design document shared with the team, DESIGN.md, is
not in this repository: the records here are its form); fields are never renamed, fields may be added.

Names and ids that the pipeline derives (an actor's `id` and `name`, a place's `name`, an article's `title`,
`outlet` and `byline`, ...) pass through `clean_name` whenever they are set, so no table, CSV or page can be
spoofed by bidirectional controls or zero-width characters hidden in them. Text spans (`text`, `trigger`,
`evidence`) are the article's own characters and keep them: their offsets stay true to `Article.text`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any, Callable

EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
# PLOVER types that are things said, not done: where a model or a crowd's words read otherwise, these give way
STATEMENT_TYPES = frozenset({"REQUEST", "ACCUSE", "REJECT", "SUPPORT"})
# PLOVER's cooperative types (the verbal and material cooperation quad classes; RETREAT yields, so it is one) and
# its conflictual ones; MOBILIZE and REQUEST are neither. The one home of both sets: the events stage, the
# relations stage and the alliance graph read them here.
COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})
CONFLICTUAL = frozenset({"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "COERCE", "ASSAULT"})
STATUSES = ("reported", "claimed", "denied", "negated", "hypothetical", "background")
ACTOR_KINDS = ("state", "armed_group", "person", "organisation", "generic")
CLAIMANT_KINDS = ("named", "anonymous", "official", "outlet")
RELATION_KINDS = ("backs", "allied", "hostile", "member_of", "leads")

# The alliance-edge rule, read by `stages.relations.alliance_edges` (one article) and `graph.build_graph` (the
# store): a cooperative event makes its sources and targets allies, except RETREAT (who withdraws from a place
# does not side with whoever held it), and a conflictual one makes them enemies; an event that did not happen as
# told (negated, hypothetical, denied) makes no edge; stated relations: backs, allied, leads and member_of make
# allies, hostile makes enemies.
ALLYING_TYPES = COOPERATIVE - {"RETREAT"}
NO_EDGE_STATUSES = frozenset({"negated", "hypothetical", "denied"})
ALLY_KINDS = frozenset({"backs", "allied", "leads", "member_of"})
HOSTILE_KINDS = frozenset({"hostile"})


def event_edge(etype: str, status: str) -> str | None:
    """"ally", "hostile" or None: the edge an event of this type and status makes between its sources and
    targets (the alliance-edge rule above)."""
    if status in NO_EDGE_STATUSES:
        return None
    return "ally" if etype in ALLYING_TYPES else "hostile" if etype in CONFLICTUAL else None


def relation_edge(kind: str) -> str | None:
    """"ally", "hostile" or None: the edge a stated relation of this kind makes."""
    return "ally" if kind in ALLY_KINDS else "hostile" if kind in HOSTILE_KINDS else None
# Unicode categories that never belong in a shown name: controls (Cc: C0/C1, escape sequences), format
# characters (Cf: the bidi embeddings, overrides, isolates and marks U+202A-202E, U+2066-2069, U+200E/F,
# U+061C; zero-width space, non-joiner and joiner U+200B-200D; word joiner U+2060; BOM U+FEFF; soft hyphen;
# tag characters) and lone surrogates (Cs).
_HIDDEN = frozenset({"Cc", "Cf", "Cs"})


def clean_name(value: str) -> str:
    """A derived name or id as it may be shown: without control and format characters, every whitespace run
    (newlines, tabs, no-break spaces) as one space, no space at either end.

    The zero-width joiner and non-joiner go too: some scripts (Persian, the Indic scripts) use them to choose a
    letter's joined form, but a name without them reads the same, and ingestion already removes them from an
    article's text (`eventwire.ingest.clean.normalize`), so names drawn from the text never had them."""
    if value.isprintable() and value.strip() == value and "  " not in value:
        return value  # the common case: nothing to do
    kept = "".join(ch for ch in value if ch.isspace() or unicodedata.category(ch) not in _HIDDEN)
    return " ".join(kept.split())


def _cleaned(fields: frozenset[str]) -> Callable[[Any, str, Any], None]:
    """A __setattr__ that passes the string values of `fields` through `clean_name`, on construction and on
    every later assignment (stages and ingestion set names after a record is made)."""
    def __setattr__(self: Any, key: str, value: Any) -> None:
        if key in fields and isinstance(value, str):
            value = clean_name(value)
        object.__setattr__(self, key, value)
    return __setattr__


@dataclass(slots=True)
class Article:
    """One input article: clean text plus metadata. `id` is sha256 of the canonical text."""

    id: str
    text: str
    source_id: str | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    published: str | None = None  # YYYY-MM-DD
    language: str | None = None
    rejected: str | None = None  # reason, when the article was refused
    # a publication date the input gave that is no date ("yesterday", 20241202, "2024-02-30"), kept as given
    # (at most 100 characters); `published` is then the document's own date or its dateline's, else None
    published_raw: str | None = None

    # shown in tables and exports; `source_id` and `url` are the caller's own and are kept as given
    __setattr__ = _cleaned(frozenset({"title", "outlet", "byline"}))

    def to_dict(self) -> dict[str, Any]:
        d = {
            "id": self.id, "source_id": self.source_id, "url": self.url, "title": self.title,
            "outlet": self.outlet, "byline": self.byline, "published": self.published,
            "language": self.language, "text": self.text,
        }
        if self.published_raw is not None:
            d["published_raw"] = self.published_raw
        return d


@dataclass(slots=True)
class Actor:
    """A mention of an actor resolved (where possible) to a canonical actor of the knowledge base."""

    text: str
    start: int
    end: int
    id: str
    name: str
    country: str | None = None  # ISO 3166-1 alpha-3
    sector: str | None = None  # PLOVER agent code
    kind: str = "organisation"
    affiliations: list[str] = field(default_factory=list)
    known: bool = True  # False: not in the knowledge base, typed from context
    proper: bool = True  # False: a common noun phrase ("the rebels", "Iraqi fighters")
    stage: str = ""

    __setattr__ = _cleaned(frozenset({"id", "name"}))  # `text` is the span of the article's text

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Place:
    text: str
    start: int
    end: int
    geonames_id: int | None
    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    feature: str  # "country", "admin1", "city", "region", ...
    population: int | None = None
    stage: str = ""
    # like ACLED's geo_precision: 1 the named town itself, 2 near a town or a part of a region (a second-level
    # division, or a place the gazetteer lacks drawn at the division that holds it), 3 a province or country
    precision: int | None = None
    admin2: str | None = None  # second-level division (GeoNames name), where known
    # how open the choice among the gazetteer's readings of the name was: 0.0 one reading (or one alone fits the
    # units the text names), towards 1.0 many readings that scored alike. One less the chosen reading's share of
    # the resolver's scores, exponentiated (readings within 25 km of it count as it): a ranking aid, not a
    # calibrated probability. None where no name was read: a place the gazetteer lacks drawn at its unit, a street,
    # a country inferred from the actors
    ambiguity: float | None = None

    __setattr__ = _cleaned(frozenset({"name"}))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Time:
    text: str
    start: int
    end: int
    # ISO 8601 / TimeML-like: 2024-12-03, 2024-10, 2024-W48, 2011, 1989-Q3, P1M, PRESENT_REF. None: a phrase
    # relative to a publication date that is not known ("on Monday" in an undated text; anchor "unknown")
    value: str | None
    precision: str  # day (its value may name a part of it: 2024-12-03TNI), week, month, quarter, season, year, range,
    # duration, offset, set (P1W: weekly), ref (PRESENT_REF/PAST_REF/FUTURE_REF)
    earliest: str | None = None  # YYYY-MM-DD
    latest: str | None = None  # YYYY-MM-DD
    stage: str = ""
    anchor: str | None = None  # "unknown": the phrase needs a publication date and none is known

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Quantity:
    what: str  # the counted noun, lemmatised: "fighter", "soldier"
    min: int | None
    max: int | None
    text: str
    start: int = 0
    end: int = 0
    killed: bool = False  # the quantity counts deaths
    wounded: bool = False

    __setattr__ = _cleaned(frozenset({"what"}))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Claimant:
    text: str
    kind: str  # named, anonymous, official, outlet
    count: int = 1
    actor: str | None = None  # actor id where the claimant resolves to one
    start: int = 0
    end: int = 0

    __setattr__ = _cleaned(frozenset({"actor"}))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Attribution:
    status: str = "reported"
    claimants: list[Claimant] = field(default_factory=list)
    cue: str | None = None  # the words that set the status ("not", "claimed", "had previously")

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "claimants": [c.to_dict() for c in self.claimants],
                "cue": self.cue}


@dataclass(slots=True)
class Evidence:
    sentence: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Event:
    id: str
    type: str
    mode: str | None
    trigger: str
    trigger_start: int
    trigger_end: int
    evidence: Evidence
    context: list[str] = field(default_factory=list)
    cameo: str | None = None
    acled: dict[str, str] | None = None
    sources: list[Actor] = field(default_factory=list)
    targets: list[Actor] = field(default_factory=list)
    location: Place | None = None
    date: Time | None = None
    quantities: list[Quantity] = field(default_factory=list)
    fatalities: int | None = None
    attribution: Attribution = field(default_factory=Attribution)
    confidence: float = 0.5
    stage: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "type": self.type, "mode": self.mode, "context": list(self.context),
            "cameo": self.cameo, "acled": dict(self.acled) if self.acled else None,
            "sources": [a.to_dict() for a in self.sources],
            "targets": [a.to_dict() for a in self.targets],
            "location": self.location.to_dict() if self.location else None,
            "date": self.date.to_dict() if self.date else None,
            "quantities": [q.to_dict() for q in self.quantities],
            "fatalities": self.fatalities,
            "attribution": self.attribution.to_dict(),
            "evidence": self.evidence.to_dict(),
            "trigger": {"text": self.trigger, "start": self.trigger_start, "end": self.trigger_end},
            "confidence": round(self.confidence, 3),
            "stage": self.stage,
        }


@dataclass(slots=True)
class Relation:
    kind: str  # backs, allied, hostile, member_of, leads
    a: str  # actor id
    b: str  # actor id
    evidence: Evidence
    a_name: str = ""
    b_name: str = ""
    stage: str = ""

    __setattr__ = _cleaned(frozenset({"a", "b", "a_name", "b_name"}))

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "a": self.a, "b": self.b, "a_name": self.a_name,
                "b_name": self.b_name, "evidence": self.evidence.to_dict(), "stage": self.stage}


@dataclass(slots=True)
class AnnotatedArticle:
    """The record every stage reads and returns."""

    article: Article
    actors: list[Actor] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[Time] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)  # versioned names of the stages that ran
    pipeline_version: str = ""  # eventwire.version.pipeline_version() of the pipeline that made it
    predictions: dict[int, Any] = field(default_factory=dict)  # sentence start -> the event model's Prediction
    warnings: list[str] = field(default_factory=list)  # what was cut or clamped on the way ("truncated: ...")
    doc: Any = None  # the spaCy Doc; never serialised

    @property
    def rejected(self) -> str | None:
        return self.article.rejected

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "article": self.article.to_dict(),
            "mentions": {
                "actors": [a.to_dict() for a in self.actors],
                "places": [p.to_dict() for p in self.places],
                "times": [t.to_dict() for t in self.times],
            },
            "quantities": [q.to_dict() for q in self.quantities],
            "relations": [r.to_dict() for r in self.relations],
            "events": [e.to_dict() for e in self.events],
            "stages": list(self.stages),
            "pipeline_version": self.pipeline_version,
        }
        if self.warnings:
            d["warnings"] = list(self.warnings)
        if self.article.rejected:
            d["rejected"] = self.article.rejected
        return d
