"""Delivering alerts (`eventwire.alerts`) to where their watch says: a webhook or a command.

- webhook: one JSON POST per alert (the alert's payload: the sentence, its evidence and the incident's summary),
  through the feed fetcher's address guard (`eventwire.ingest.fetch.AddressGuard`: no private, loopback,
  link-local or other non-public address, checked on every resolved address, the socket connected to the
  address checked); redirects are not followed; timeouts; retried with exponential backoff on connection errors,
  timeouts, 429 and 5xx. Only an explicit argument (`allow_loopback=True`, or `--allow-loopback` on the command
  line), for tests against a local server, lets it connect to a loopback address.
- command: the argv the watch names, run without a shell, the payload as JSON on its stdin; exit status 0 is
  delivered; retried like the webhook.

Delivery runs after the load's transaction (a webhook never holds the store's write lock): an alert is
`pending` when raised, claimed (`sending`) by one process, then `delivered` or `failed` (with the error and the
number of attempts). `eventwire alert deliver` sends what is pending; `eventwire ingest` does at its end.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import time
from typing import Any, Callable
from urllib.parse import urlsplit

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from eventwire.errors import ConfigError
from eventwire.store import schema as S

ATTEMPTS = 3
BACKOFF_S = 1.0  # then 2 s, 4 s ...
TIMEOUT_S = 10.0
COMMAND_TIMEOUT_S = 30.0
RETRY_STATUS = {429, 500, 502, 503, 504}
LOOPBACK_NETS = ("127.0.0.0/8", "::1/128")


class DeliveryError(Exception):
    def __init__(self, message: str, *, transient: bool) -> None:
        super().__init__(message)
        self.transient = transient


def check_webhook_url(url: str) -> str:
    parts = urlsplit(str(url).strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"webhook: {url!r} is not an http(s) URL")
    if parts.username or parts.password:
        raise ConfigError("webhook: put no credentials in the URL")
    return parts.geturl()


def post_webhook(url: str, body: dict[str, Any], *, allow_loopback: bool = False, timeout: float = TIMEOUT_S,
                 client: Any = None) -> int:
    """POST `body` as JSON to `url` once, through the address guard; returns the status (2xx) or raises
    DeliveryError (transient: worth retrying)."""
    import httpx

    from eventwire.ingest.fetch import AddressGuard, FetchError, _client

    own = client is None
    if own:
        guard = AddressGuard(allow_private=list(LOOPBACK_NETS) if allow_loopback else False)
        client = _client(guard, timeout, min(timeout, 5.0))
    try:
        resp = client.post(url, content=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                           headers={"Content-Type": "application/json"})
    except FetchError as exc:  # the guard refused the address, or the name does not resolve
        raise DeliveryError(str(exc), transient=exc.transient) from None
    except httpx.TimeoutException as exc:
        raise DeliveryError(f"{url}: timed out ({type(exc).__name__})", transient=True) from None
    except httpx.HTTPError as exc:
        raise DeliveryError(f"{url}: {type(exc).__name__}: {exc}", transient=True) from None
    finally:
        if own:
            client.close()
    if 200 <= resp.status_code < 300:
        return resp.status_code
    raise DeliveryError(f"{url}: HTTP {resp.status_code}", transient=resp.status_code in RETRY_STATUS)


def run_command(argv: list[str], body: dict[str, Any], *, timeout: float = COMMAND_TIMEOUT_S) -> int:
    try:
        done = subprocess.run(argv, input=json.dumps(body, ensure_ascii=False).encode("utf-8"),  # noqa: S603
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout, check=False)
    except FileNotFoundError:
        raise DeliveryError(f"no such command: {argv[0]}", transient=False) from None
    except subprocess.TimeoutExpired:
        raise DeliveryError(f"{argv[0]}: no exit within {timeout:g} s", transient=True) from None
    except OSError as exc:
        raise DeliveryError(f"{argv[0]}: {exc}", transient=False) from None
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] if done.stderr else []
        raise DeliveryError(f"{argv[0]} exited with status {done.returncode}" + (f": {tail[0][:200]}" if tail else ""),
                            transient=True)
    return 0


def deliver_one(deliver: dict[str, Any], body: dict[str, Any], *, allow_loopback: bool = False,
                attempts: int = ATTEMPTS, backoff: float = BACKOFF_S,
                sleep: Callable[[float], None] = time.sleep) -> tuple[bool, int, str | None]:
    """Send one alert, retrying transient failures with exponential backoff: (delivered, attempts, error)."""
    error = None
    for n in range(1, attempts + 1):
        try:
            if "webhook" in deliver:
                post_webhook(deliver["webhook"], body, allow_loopback=allow_loopback)
            else:
                run_command(list(deliver["command"]), body)
            return True, n, None
        except DeliveryError as exc:
            error = str(exc)
            if not exc.transient or n == attempts:
                return False, n, error
            sleep(backoff * 2 ** (n - 1))
    return False, attempts, error


def _claim(conn: Connection, limit: int) -> list[tuple[int, dict[str, Any], dict[str, Any]]]:
    """Take up to `limit` pending alerts (marked `sending`, so another process leaves them)."""
    a, w = S.alerts.c, S.watches.c
    rows = list(conn.execute(select(a.id, a.payload, w.deliver).select_from(S.alerts.join(S.watches,
                                                                                         w.id == a.watch_id))
                             .where(a.delivery == "pending").order_by(a.id).limit(limit)))
    out = []
    for r in rows:
        got = conn.execute(update(S.alerts).where(a.id == r.id, a.delivery == "pending").values(delivery="sending"))
        if got.rowcount == 1 and r.deliver:
            out.append((r.id, json.loads(r.payload), json.loads(r.deliver)))
    return out


def deliver_pending(store: Any, *, allow_loopback: bool = False, attempts: int = ATTEMPTS,
                    backoff: float = BACKOFF_S, limit: int = 1000,
                    sleep: Callable[[float], None] = time.sleep) -> dict[str, int]:
    """Deliver the pending alerts of a (writable) store: {"delivered", "failed"}."""
    claimed = store.write(lambda c: _claim(c, limit))
    counts = {"delivered": 0, "failed": 0}
    for aid, body, deliver in claimed:
        ok, n, error = deliver_one(deliver, body, allow_loopback=allow_loopback, attempts=attempts,
                                   backoff=backoff, sleep=sleep)
        counts["delivered" if ok else "failed"] += 1
        stamp = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        store.write(lambda c, aid=aid, ok=ok, n=n, error=error, stamp=stamp: c.execute(
            update(S.alerts).where(S.alerts.c.id == aid).values(
                delivery="delivered" if ok else "failed", attempts=S.alerts.c.attempts + n,
                delivered_at=stamp if ok else None, error=error)))
    return counts


def retry_failed(conn: Connection) -> int:
    """Put the failed alerts back to pending (e.g. after the webhook is fixed)."""
    return conn.execute(update(S.alerts).where(S.alerts.c.delivery == "failed")
                        .values(delivery="pending")).rowcount or 0
