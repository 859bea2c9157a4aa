"""Watches and alerts: hear about a new incident as soon as it is stored, not on the next query.

    eventwire alert add syria-strikes --country SYR --type ASSAULT --min-sources 2 [--webhook URL | --command CMD]
    eventwire alert list            eventwire alert remove syria-strikes
    eventwire alerts --since 2024-12-01 --format jsonl

A watch is a named set of filters stored in the store (table `watches`):

    country      ISO3 codes: the incident's country
    actor        ids or parts of names (case-insensitive): any report names the actor as source or target
    type         PLOVER types: the incident's type or any report's
    near         LAT,LON,KM: the incident's point within KM of the point
    min_sources  at least N distinct outlets report the incident (default 1)

Every load of a batch (CLI `ingest`, `watch`, the HTTP API, the Dask client: they all write through
`store.load.load_batch`) calls `on_batch` in its own write transaction, through the store's hook
(`eventwire.store.hooks`), with the incidents the batch created or changed. Each of those that says something
happened (not only negated or hypothetical reports) and matches a watch raises one alert, unless the watch has
already alerted on the same incident: an incident is the same as an alerted one when it shares a report with it
(article id and event id, kept in `alert_keys`), so a second ingest of the same files, a re-annotation that
dissolves and rebuilds incidents under new ids, or a further report of an alerted incident raises nothing. An
incident that reaches a watch's `min_sources` later raises its alert then.

An alert holds the incident's sentence and its evidence spans, made by the brief's templates
(`eventwire.brief.compose.incident_sentence`). Delivery (a webhook or a command) happens after the transaction,
in `eventwire.alert_delivery`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, Sequence

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection

from eventwire.errors import ConfigError
from eventwire.gazetteer import haversine_km
from eventwire.records import EVENT_TYPES
from eventwire.store import schema as S

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
FILTER_KEYS = ("country", "actor", "type", "near", "min_sources")


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


# ------------------------------------------------------------------------------------------------ watches


def check_watch(name: str, *, countries: Sequence[str] = (), actors: Sequence[str] = (),
                types: Sequence[str] = (), near: Any = None, min_sources: int | None = None,
                webhook: str | None = None, command: str | Sequence[str] | None = None
                ) -> tuple[str, dict[str, Any], dict[str, Any] | None]:
    """Validated (name, filters, deliver); ConfigError says what is wrong."""
    from eventwire.brief import check_filters

    if not isinstance(name, str) or not NAME.match(name):
        raise ConfigError(f"watch name {name!r}: 1-100 letters, digits, '.', '_' or '-', starting with a letter or "
                          "digit")
    f = check_filters(countries, actors, near)
    ts = []
    for t in types or ():
        t = str(t).strip().upper()
        if t not in EVENT_TYPES:
            raise ConfigError(f"unknown event type {t!r} (PLOVER: {', '.join(EVENT_TYPES)})")
        ts.append(t)
    n = 1 if min_sources is None else int(min_sources)
    if n < 1:
        raise ConfigError("min_sources must be 1 or more")
    filters = {"country": list(f.countries), "actor": list(f.actors), "type": list(dict.fromkeys(ts)),
               "near": list(f.near) if f.near else None, "min_sources": n}
    if webhook and command:
        raise ConfigError("a watch delivers to a webhook or to a command, not both")
    deliver: dict[str, Any] | None = None
    if webhook:
        from eventwire.alert_delivery import check_webhook_url

        deliver = {"webhook": check_webhook_url(webhook)}
    elif command:
        import shlex

        argv = shlex.split(command) if isinstance(command, str) else [str(a) for a in command]
        if not argv:
            raise ConfigError("the delivery command is empty")
        deliver = {"command": argv}
    return name, filters, deliver


def add_watch(conn: Connection, name: str, **kw: Any) -> dict[str, Any]:
    """Store a new watch (inside the caller's write transaction); a name in use is a ConfigError."""
    name, filters, deliver = check_watch(name, **kw)
    w = S.watches.c
    if conn.execute(select(w.id).where(w.name == name)).first() is not None:
        raise ConfigError(f"a watch named {name!r} exists: remove it first (eventwire alert remove {name})")
    wid = conn.execute(insert(S.watches).values(
        name=name, filters=json.dumps(filters), deliver=json.dumps(deliver) if deliver else None,
        created_at=_now()).returning(w.id)).scalar_one()
    return {"id": wid, "name": name, **filters, "deliver": deliver}


def _watch_row(r: Any) -> dict[str, Any]:
    filters = json.loads(r.filters)
    return {"id": r.id, "name": r.name, **{k: filters.get(k) for k in FILTER_KEYS},
            "deliver": json.loads(r.deliver) if r.deliver else None, "created_at": r.created_at}


def list_watches(conn: Connection) -> list[dict[str, Any]]:
    return [_watch_row(r) for r in conn.execute(select(S.watches).order_by(S.watches.c.name))]


def remove_watch(conn: Connection, name: str) -> bool:
    """Remove a watch and its alerts; False when there is none of that name."""
    w = S.watches.c
    wid = conn.execute(select(w.id).where(w.name == name)).scalar()
    if wid is None:
        return False
    conn.execute(delete(S.alert_keys).where(S.alert_keys.c.watch_id == wid))
    conn.execute(delete(S.alerts).where(S.alerts.c.watch_id == wid))
    conn.execute(delete(S.watches).where(w.id == wid))
    return True


# ------------------------------------------------------------------------------------------------ raising


def matches(conn: Connection, watch: dict[str, Any], inc: Any) -> bool:
    """Does an incident (brief.select.IncidentView) pass a watch's filters?"""
    from eventwire.brief.select import matches_actor

    if not inc.happened or inc.sources_count < (watch.get("min_sources") or 1):
        return False
    if watch.get("country") and inc.country not in watch["country"]:
        return False
    if watch.get("type") and inc.type not in watch["type"] and not any(r.type in watch["type"]
                                                                        for r in inc.happened):
        return False
    if watch.get("near"):
        lat, lon, km = watch["near"]
        if inc.lat is None or inc.lon is None or haversine_km(lat, lon, inc.lat, inc.lon) > km:
            return False
    if watch.get("actor") and not matches_actor(conn, inc, watch["actor"]):
        return False
    return True


def _keys(inc: Any) -> list[str]:
    return list(dict.fromkeys(f"{r.article_id}:{r.event_id}" for r in inc.reports))


def payload(watch: dict[str, Any], inc: Any) -> dict[str, Any]:
    from eventwire.brief.compose import incident_sentence
    from eventwire.brief.select import fatality_range

    item = incident_sentence(inc)
    best, low, high = fatality_range(inc)
    return {"watch": watch["name"], "incident_id": inc.id, "text": item.text, "evidence": item.evidence,
            "type": inc.type, "country": inc.country, "place": inc.place, "lat": inc.lat, "lon": inc.lon,
            "day": inc.day, "sources_count": inc.sources_count, "outlets": inc.outlets,
            "fatalities": {"best": best, "low": low, "high": high}}


def on_batch(conn: Connection, incident_ids: Sequence[int], run_id: Any = None) -> int:
    """The store's after-batch hook: raise the alerts of the changed incidents. Returns how many were raised."""
    if not incident_ids:
        return 0
    watches = list_watches(conn)
    if not watches:
        return 0
    from eventwire.brief.select import incidents_by_id

    incs = incidents_by_id(conn, incident_ids)
    k, a = S.alert_keys.c, S.alerts.c
    raised = 0
    stamp = _now()
    for inc in incs:
        keys = _keys(inc)
        for watch in watches:
            if not matches(conn, watch, inc):
                continue
            known = {}
            for c in range(0, len(keys), 500):
                known.update({r.key: r.alert_id for r in conn.execute(
                    select(k.key, k.alert_id).where(k.watch_id == watch["id"], k.key.in_(keys[c:c + 500])))})
            if known:  # alerted before: remember this incident's further reports as the same incident
                first = min(known.values())
                fresh = [x for x in keys if x not in known]
                if fresh:
                    conn.execute(insert(S.alert_keys), [{"watch_id": watch["id"], "key": x, "alert_id": first}
                                                        for x in fresh])
                continue
            aid = conn.execute(insert(S.alerts).values(
                watch_id=watch["id"], incident_id=inc.id, raised_at=stamp, run_id=run_id,
                payload=json.dumps(payload(watch, inc), ensure_ascii=False), read=False,
                delivery="pending" if watch["deliver"] else "none", attempts=0).returning(a.id)).scalar_one()
            conn.execute(insert(S.alert_keys), [{"watch_id": watch["id"], "key": x, "alert_id": aid} for x in keys])
            raised += 1
    return raised


# ------------------------------------------------------------------------------------------------ reading


def _alert_row(r: Any) -> dict[str, Any]:
    p = json.loads(r.payload)
    return {"id": r.id, "watch": r.name, "incident_id": r.incident_id, "raised_at": r.raised_at,
            "read": bool(r.read), "delivery": r.delivery, "attempts": r.attempts, "delivered_at": r.delivered_at,
            "error": r.error, "text": p.get("text"), "evidence": p.get("evidence", []),
            "payload": p}


def list_alerts(conn: Connection, *, since: str | None = None, watch: str | None = None, unread: bool = False,
                limit: int | None = 100, offset: int = 0) -> list[dict[str, Any]]:
    """Alerts, newest first. `since`: raised on or after this date (YYYY-MM-DD) or time (ISO 8601)."""
    a, w = S.alerts.c, S.watches.c
    q = (select(a.id, a.incident_id, a.raised_at, a.read, a.delivery, a.attempts, a.delivered_at, a.error,
                a.payload, w.name).select_from(S.alerts.join(S.watches, w.id == a.watch_id)))
    if since:
        try:
            dt.date.fromisoformat(since[:10])
        except ValueError:
            raise ConfigError(f"since: {since!r} is not a date in the form YYYY-MM-DD") from None
        q = q.where(a.raised_at >= since)
    if watch:
        q = q.where(w.name == watch)
    if unread:
        q = q.where(a.read.is_(False))
    q = q.order_by(a.raised_at.desc(), a.id.desc())
    if limit:
        q = q.limit(limit)
    if offset:
        q = q.offset(offset)
    return [_alert_row(r) for r in conn.execute(q)]


def unread_count(conn: Connection) -> int:
    return conn.execute(select(func.count()).select_from(S.alerts).where(S.alerts.c.read.is_(False))).scalar_one()


def mark_read(conn: Connection, ids: Sequence[int] | None = None) -> int:
    """Mark alerts read (all of them when `ids` is None); returns how many changed."""
    a = S.alerts.c
    q = update(S.alerts).where(a.read.is_(False))
    if ids is not None:
        q = q.where(a.id.in_([int(i) for i in ids]))
    return conn.execute(q.values(read=True)).rowcount or 0
