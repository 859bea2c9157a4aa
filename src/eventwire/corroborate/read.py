"""What the same-happening model reads of stored events."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from typing import Sequence

from sqlalchemy import select
from sqlalchemy.engine import Connection

from eventwire.corroborate.rule import COARSE_FEATURES, PROVINCE_FEATURES, Report
from eventwire.store import schema as S

_WORD = re.compile(r"\w+", re.UNICODE)
MIN_SENTENCE_WORDS = 8


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def day_range(earliest: str | None, latest: str | None, day: str | None) -> tuple[dt.date | None, dt.date | None]:
    """A stored event's date range: its earliest..latest, else its day (the publication date)."""
    lo = _date(earliest) or _date(latest) or _date(day)
    hi = _date(latest) or _date(earliest) or _date(day)
    if lo and hi and hi < lo:
        lo, hi = hi, lo
    return lo, hi


def reports(conn: Connection, pks: Sequence[int]) -> dict[int, Report]:
    """The model's view of the stored events `pks`."""
    e, p = S.events.c, S.places.c
    out: dict[int, Report] = {}
    for chunk in (list(pks[i:i + 500]) for i in range(0, len(pks), 500)):
        q = (select(e.pk, e.article_id, e.type, e.mode, e.status, e.country, e.lat, e.lon, p.feature, p.admin1, p.name,
                    e.place_id, e.fatalities, e.date_earliest, e.date_latest, e.day, e.evidence_start,
                    e.evidence_end, e.evidence)
             .select_from(S.events.outerjoin(S.places, e.place_id == p.id)).where(e.pk.in_(chunk)))
        spans: dict[str, list[tuple[int, int, int]]] = {}
        for r in conn.execute(q):
            lo, hi = day_range(r.date_earliest, r.date_latest, r.day)
            if r.evidence_start is not None and r.evidence_end is not None:
                spans.setdefault(r.article_id, []).append((r.pk, r.evidence_start, r.evidence_end))
            out[r.pk] = Report(pk=r.pk, article_id=r.article_id, type=r.type, mode=r.mode, status=r.status,
                               country=r.country, lat=r.lat, lon=r.lon, feature=r.feature, earliest=lo, latest=hi,
                               fatalities=r.fatalities, admin1=r.admin1, place_id=r.place_id,
                               place_name=normal_name(r.name) if r.name else None,
                               sentence=sentence_key(r.evidence))
        _names(conn, spans, out)
        _versions(conn, spans, out)
        ea, ac = S.event_actors.c, S.actors.c
        q = (select(ea.event_pk, ea.role, ea.actor_id, ac.country, ac.sector)
             .select_from(S.event_actors.join(S.actors, ac.id == ea.actor_id)).where(ea.event_pk.in_(chunk))
             .order_by(ea.event_pk, ea.role, ea.position))
        for r in conn.execute(q):
            rep = out[r.event_pk]
            rep.actor_ids.add(r.actor_id)
            if r.role == "source":
                rep.sources.append((r.actor_id, r.country, r.sector))
            else:
                rep.targets.add(r.actor_id)
                rep.target_kinds.add((r.country, r.sector))
    return out


def _names(conn: Connection, spans: dict[str, list[tuple[int, int, int]]], out: dict[int, Report]) -> None:
    """The places finer than a province that each report's own sentences name, as written (a place the gazetteer
    did not resolve, or resolved wrongly, is still a name two reports can share): place mentions inside the
    event's evidence span, but for countries and provinces. A report placed no finer than a province also gets
    the fine places named elsewhere in its article (`article_names`: "MOGADISHU, Somalia (AP) - A car bomb ...")."""
    m = S.mentions.c
    ids = list(spans)
    for k in range(0, len(ids), 500):
        q = (select(m.article_id, m.text, m.start, m.end, S.places.c.feature)
             .select_from(S.mentions.outerjoin(S.places, S.places.c.id == m.ref))
             .where(m.article_id.in_(ids[k:k + 500]), m.kind == "place"))
        for r in conn.execute(q):
            name = normal_name(r.text)
            if not name or r.feature in COARSE_FEATURES or r.feature in PROVINCE_FEATURES:  # "Mali" names no spot
                continue
            for pk, s0, s1 in spans[r.article_id]:
                if s0 <= r.start and r.end <= s1:
                    out[pk].names.add(name)
                elif not out[pk].fine:
                    out[pk].article_names.add(name)


def _versions(conn: Connection, spans: dict[str, list[tuple[int, int, int]]], out: dict[int, Report]) -> None:
    """Mark the reports that are an account set against the happening (`Report.version`): a denial, and what the
    denier says happened instead in the same sentence ("The Kremlin denied targeting civilians and said Russian
    forces had struck a military command post")."""
    e = S.events.c
    ids = list(spans)
    for k in range(0, len(ids), 500):
        # the status is tested here, not in SQL: there the planner picked the status index and read every denial
        # in the store for each lookup (a cost that grew with the store) instead of the articles' few events
        denied = {(r.article_id, r.evidence_start, r.evidence_end) for r in conn.execute(
            select(e.article_id, e.evidence_start, e.evidence_end, e.status)
            .where(e.article_id.in_(ids[k:k + 500]))) if r.status == "denied"}
        if not denied:
            continue
        for aid in ids[k:k + 500]:
            for pk, s0, s1 in spans[aid]:
                if (aid, s0, s1) in denied:
                    out[pk].version = True


def sentence_key(text: str | None) -> str | None:
    """A short key of an event's sentence, its words lower-cased: a syndicated copy gives the same sentence."""
    words = _WORD.findall((text or "").lower())
    if len(words) < MIN_SENTENCE_WORDS:
        return None  # "Police said." could stand in two unrelated texts
    return hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).hexdigest()


def normal_name(text: str) -> str:
    """A place name as two reports may both write it: lower case, without accents, articles and punctuation."""
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = [w for w in "".join(ch if ch.isalnum() else " " for ch in t).split() if w not in ("the", "al", "el")]
    return " ".join(words)
