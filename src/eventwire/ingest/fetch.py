"""A guarded HTTP fetcher for feeds and article pages (opt-in network use: only `eventwire watch` calls it).

    with Fetcher() as f:
        got = f.fetch("https://news.example/world/article-1", kind="html")   # -> Fetched, or raises FetchError

Policy (`eventwire.ingest.fetch.v1`):
- Only http and https URLs. A polite User-Agent `eventwire/VERSION (+PROJECT_URL)`, timeouts on connect and on
  every read, an overall deadline per fetch (a server that trickles bytes is cut off), a size cap counted on the
  decoded body (a gzip bomb stops at the cap), and the content type checked (pages: HTML; feeds: RSS/Atom/XML).
- Retries with exponential backoff (and Retry-After, capped) on connection errors, timeouts, 429 and 5xx only.
- Server-side request forgery guard: no connection to a private, loopback, link-local, multicast, reserved,
  shared (100.64/10), documentation or unspecified address, IPv4 or IPv6, including IPv4 addresses embedded in
  IPv6 (IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible, 6to4, Teredo, NAT64). In short: only globally routable
  unicast addresses (`ipaddress.is_global`, minus what it lets through).
- DNS: we resolve the host name ourselves, refuse the request if ANY resolved address is forbidden, and then
  connect the socket to an address we checked (`_GuardedBackend.connect_tcp`): the HTTP library never resolves the
  name again. That closes the DNS-rebinding window (a name that resolves to a public address when checked and to
  127.0.0.1 when connected), because there is no second lookup. TLS still verifies the certificate against the host
  name (SNI), and the Host header is the name. Environment proxies are ignored (trust_env=False): a proxy would
  resolve and connect on our behalf, out of the guard's reach.
- Redirects are followed by hand, at most `MAX_REDIRECTS` (5); every hop goes through the same guard.
- The guard is lifted only by an explicit argument, `Fetcher(allow_private=True)` (everything) or
  `allow_private=["127.0.0.1/32"]` (those networks only): for tests against a local server. There is no
  environment variable or setting that lifts it.
"""

from __future__ import annotations

import email.utils
import ipaddress
import socket
import ssl
import time
import typing
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from eventwire.errors import RejectedInput
from eventwire.ingest.limits import MAX_FETCHED_FEED_BYTES, MAX_PAGE_BYTES

STAGE = "eventwire.ingest.fetch.v1"
PROJECT_URL = "https://pypi.org/project/eventwire/"
MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
              "application/feed+json", "text/plain")  # some servers send feeds as text/plain
RETRY_STATUS = {429, 500, 502, 503, 504}
MAX_RETRY_AFTER = 60.0

Resolver = Callable[[str, int], Sequence[str]]


def user_agent() -> str:
    from eventwire.about import __version__

    return f"eventwire/{__version__} (+{PROJECT_URL})"


class FetchError(RejectedInput):
    """A URL that could not be fetched. `reason`: blocked_address, bad_url, dns, connect, timeout, http_<status>,
    too_many_redirects, too_large, not_html, not_a_feed. `transient` says whether a later try may succeed."""

    def __init__(self, reason: str, message: str, *, url: str | None = None, transient: bool = False) -> None:
        super().__init__(reason, message)
        self.url = url
        self.transient = transient


class BlockedAddress(FetchError):
    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__("blocked_address", message, url=url)


# ------------------------------------------------------------------------------------------------ address guard
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_IPV4_COMPAT = ipaddress.ip_network("::/96")


def _embedded_v4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    found = []
    if ip.ipv4_mapped is not None:
        found.append(ip.ipv4_mapped)
    if ip in _IPV4_COMPAT and int(ip) > 1:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found.extend(ip.teredo)
    if any(ip in n for n in _NAT64):
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


def address_problem(address: str) -> str | None:
    """Why a connection to `address` is refused ("loopback", "private", ...), or None when it is allowed."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    checks = (("unspecified", ip.is_unspecified), ("loopback", ip.is_loopback), ("link-local", ip.is_link_local),
              ("multicast", ip.is_multicast), ("private", ip.is_private), ("reserved", ip.is_reserved),
              ("site-local", isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local))
    for name, bad in checks:
        if bad:
            return name
    if isinstance(ip, ipaddress.IPv6Address):
        for v4 in _embedded_v4(ip):
            inner = address_problem(str(v4))
            if inner:
                return f"{inner} (IPv4 {v4} inside IPv6)"
    if not ip.is_global:
        return "not globally routable"
    return None


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for `host` (IPv4 and IPv6), in its order, without repeats."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    out: list[str] = []
    for *_, sockaddr in infos:
        a = str(sockaddr[0])
        if a not in out:
            out.append(a)
    return out


class AddressGuard:
    """Resolves a host once and returns only addresses that may be connected to (or raises BlockedAddress)."""

    def __init__(self, allow_private: bool | Iterable[str] = False, resolver: Resolver | None = None) -> None:
        self.allow_all = allow_private is True
        nets = [] if isinstance(allow_private, bool) else [ipaddress.ip_network(n, strict=False)
                                                             for n in allow_private]
        self.allowed_nets = nets
        self.resolver = resolver or system_resolver

    def check_address(self, address: str, host: str) -> None:
        if self.allow_all:
            return
        problem = address_problem(address)
        if problem is None:
            return
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if any(ip.version == n.version and ip in n for n in self.allowed_nets):
            return
        shown = host if host == address else f"{host} ({address})"
        raise BlockedAddress(f"refused to connect to {shown}: {problem} address")

    def resolve(self, host: str, port: int) -> list[str]:
        host = host.strip("[]")
        try:
            ipaddress.ip_address(host.split("%", 1)[0])
            addresses = [host]  # a literal address: nothing to resolve
        except ValueError:
            try:
                addresses = list(self.resolver(host, port))
            except (OSError, UnicodeError) as exc:
                raise FetchError("dns", f"cannot resolve {host}: {exc}", transient=True) from None
        if not addresses:
            raise FetchError("dns", f"{host} has no address", transient=True)
        for a in addresses:  # every address: a name with one private address among public ones is refused
            self.check_address(a, host)
        return addresses


# ------------------------------------------------------------------------------------------------ transport
def _backend_class():
    import httpcore

    class _GuardedBackend(httpcore.NetworkBackend):
        """httpcore's sync backend, connecting only to addresses the guard resolved and checked itself."""

        def __init__(self, guard: AddressGuard) -> None:
            self.guard = guard
            self.inner = httpcore.SyncBackend()

        def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                        local_address: str | None = None,
                        socket_options: typing.Iterable[typing.Any] | None = None) -> typing.Any:
            last: Exception | None = None
            for address in self.guard.resolve(host, port):
                try:
                    return self.inner.connect_tcp(address, port, timeout=timeout, local_address=local_address,
                                                  socket_options=socket_options)
                except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                    last = exc
            assert last is not None
            raise last

        def connect_unix_socket(self, path: str, timeout: float | None = None,
                                socket_options: typing.Iterable[typing.Any] | None = None) -> typing.Any:
            raise BlockedAddress("unix sockets are not fetched")

        def sleep(self, seconds: float) -> None:
            time.sleep(seconds)

    return _GuardedBackend


def _client(guard: AddressGuard, timeout: float, connect_timeout: float) -> typing.Any:
    import certifi
    import httpcore
    import httpx

    transport = httpx.HTTPTransport(trust_env=False)
    # httpx 0.28 has no public hook for the network backend: replace the connection pool it built with one that
    # connects through the guard (same TLS defaults: certifi's roots, hostname verification).
    transport._pool = httpcore.ConnectionPool(  # noqa: SLF001
        ssl_context=ssl.create_default_context(cafile=certifi.where()), max_connections=10,
        max_keepalive_connections=5, keepalive_expiry=5.0, network_backend=_backend_class()(guard))
    return httpx.Client(transport=transport, trust_env=False, follow_redirects=False,
                        timeout=httpx.Timeout(timeout, connect=connect_timeout),
                        headers={"User-Agent": user_agent(), "Accept-Encoding": "gzip, deflate"})


# ------------------------------------------------------------------------------------------------ fetcher
@dataclass(slots=True)
class Fetched:
    url: str  # the final URL, after redirects
    status: int
    content_type: str  # the media type, lowercased, without parameters
    charset: str | None
    body: bytes
    redirects: list[str]

    def text_or_bytes(self) -> str | bytes:
        """The body as text when the declared charset decodes it, else the bytes (for sniffing)."""
        if self.charset:
            try:
                return self.body.decode(self.charset)
            except (LookupError, UnicodeDecodeError):
                pass
        return self.body


def _media_type(value: str) -> tuple[str, str | None]:
    parts = [p.strip() for p in (value or "").split(";")]
    charset = None
    for p in parts[1:]:
        k, _, v = p.partition("=")
        if k.strip().lower() == "charset" and v.strip():
            charset = v.strip().strip("\"'").lower()
    return parts[0].lower(), charset


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError):
        return None


class Fetcher:
    """Guarded, bounded, polite HTTP GET. Build once, fetch many times; close() (or use `with`)."""

    def __init__(self, *, allow_private: bool | Iterable[str] = False, resolver: Resolver | None = None,
                 timeout: float = 15.0, connect_timeout: float = 5.0, deadline: float = 60.0,
                 max_bytes: int = MAX_PAGE_BYTES, retries: int = 2, backoff: float = 1.0,
                 min_interval: float = 1.0) -> None:
        self.guard = AddressGuard(allow_private, resolver)
        self.timeout, self.deadline, self.max_bytes = timeout, deadline, max_bytes
        self.retries, self.backoff, self.min_interval = retries, backoff, min_interval
        self._client = _client(self.guard, timeout, connect_timeout)
        self._last: dict[str, float] = {}  # host -> when we last asked it (politeness)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -------------------------------------------------------------------------------------------- public
    def fetch(self, url: str, *, kind: str = "html", max_bytes: int | None = None) -> Fetched:
        """GET `url` (kind "html": an article page, "feed": RSS/Atom, "any"), following up to MAX_REDIRECTS
        redirects, each through the address guard; retried with backoff on transient failures."""
        attempt = 0
        while True:
            try:
                return self._fetch_once(url, kind, max_bytes or self.max_bytes)
            except FetchError as exc:
                if not exc.transient or attempt >= self.retries:
                    raise
                wait = getattr(exc, "retry_after", None)
                if wait is None:
                    wait = self.backoff * (2 ** attempt)
                time.sleep(min(wait, MAX_RETRY_AFTER))
                attempt += 1

    # -------------------------------------------------------------------------------------------- internals
    def _polite(self, host: str) -> None:
        if self.min_interval <= 0:
            return
        wait = self._last.get(host, 0.0) + self.min_interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last[host] = time.monotonic()

    def _fetch_once(self, url: str, kind: str, cap: int) -> Fetched:
        import httpx

        start = time.monotonic()
        redirects: list[str] = []
        current = url
        while True:
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise FetchError("bad_url", f"not an http(s) URL: {current[:200]}", url=url)
            self._polite(parts.hostname)
            try:
                with self._client.stream("GET", current) as resp:
                    if resp.is_redirect:
                        loc = resp.headers.get("location")
                        if not loc:
                            raise FetchError(f"http_{resp.status_code}", "redirect without a Location", url=url)
                        if len(redirects) >= MAX_REDIRECTS:
                            raise FetchError("too_many_redirects", f"more than {MAX_REDIRECTS} redirects from "
                                             f"{url}", url=url)
                        current = urljoin(current, loc.strip())
                        redirects.append(current)
                        continue
                    return self._body(resp, url, current, kind, cap, start, redirects)
            except FetchError as exc:
                if exc.url is None:
                    exc.url = url
                raise
            except httpx.TimeoutException as exc:
                raise FetchError("timeout", f"{url}: timed out ({type(exc).__name__})", url=url,
                                 transient=True) from None
            except (httpx.TransportError, ssl.SSLError) as exc:
                raise FetchError("connect", f"{url}: {type(exc).__name__}: {exc}", url=url,
                                 transient=True) from None
            except httpx.HTTPError as exc:
                raise FetchError("http_error", f"{url}: {type(exc).__name__}: {exc}", url=url) from None

    def _body(self, resp: typing.Any, url: str, final: str, kind: str, cap: int, start: float,
              redirects: list[str]) -> Fetched:
        status = resp.status_code
        if status != 200:
            err = FetchError(f"http_{status}", f"{final}: HTTP {status}", url=url, transient=status in RETRY_STATUS)
            err.retry_after = _retry_after(resp.headers.get("retry-after"))  # type: ignore[attr-defined]
            raise err
        mime, charset = _media_type(resp.headers.get("content-type", ""))
        if kind == "html" and mime and mime not in HTML_TYPES:
            raise FetchError("not_html", f"{final}: content type {mime} is not HTML", url=url)
        if kind == "feed" and mime and mime not in FEED_TYPES and not mime.endswith("+xml"):
            raise FetchError("not_a_feed", f"{final}: content type {mime} is not a feed", url=url)
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap and not resp.headers.get("content-encoding"):
            raise FetchError("too_large", f"{final}: {int(declared):,} bytes, over the {cap:,} byte cap", url=url)
        chunks: list[bytes] = []
        size = 0
        for chunk in resp.iter_bytes():  # decoded: the cap also stops a compression bomb
            size += len(chunk)
            if size > cap:
                raise FetchError("too_large", f"{final}: over the {cap:,} byte cap", url=url)
            if time.monotonic() - start > self.deadline:
                raise FetchError("timeout", f"{final}: not done after {self.deadline:.0f} s", url=url,
                                 transient=True)
            chunks.append(chunk)
        body = b"".join(chunks)
        if kind == "html" and not mime:
            from eventwire.ingest.article import looks_like_html

            if not looks_like_html(body):
                raise FetchError("not_html", f"{final}: no content type and not HTML", url=url)
        return Fetched(url=final, status=status, content_type=mime, charset=charset, body=body,
                       redirects=redirects)
