"""Which HTTP engine carries requests, decided on first use by the running event loop.

- ``"auto"`` (the default) and ``"native"``: smscx's own, :mod:`smscx._http`, on asyncio and
  trio alike. The pipeline calls it without httpx's models (:meth:`AutoTransport.direct`,
  answering a :class:`Reply`): wrapping each exchange in an ``httpx.Request`` and
  ``httpx.Response`` costs about as much CPU as the exchange itself.
- ``"httpx"``: httpx's own transport, pool-sized to ``max_concurrency`` (the pipeline's
  limiter keeps excess requests out of the pool), called as a caller's ``http_client`` is:
  through ``httpx.AsyncClient.send``, httpx's public API and nothing else. The fallback, for a
  server or network the native transport does not get on with.

Both are built with no retries of their own: tenacity in ``_retry`` is the only retry layer.

Both follow one set of rules, decided here once rather than by each library's defaults:

- Proxies: ``proxy=`` or, with ``trust_env`` (the default, as httpx's), the environment's
  ``HTTPS_PROXY``/``HTTP_PROXY``/``ALL_PROXY`` for the base URL's scheme unless ``NO_PROXY``
  exempts its host (:func:`resolve_proxy`), resolved once for the one host a client talks to.
  An https target goes through a ``CONNECT`` tunnel; http and https proxies are supported.
- Trust: one ``ssl.SSLContext`` for both, from ``verify``; with ``trust_env``,
  ``SSL_CERT_FILE``/``SSL_CERT_DIR`` name the CA bundle when ``verify`` is ``True``.
- Bodies: read incrementally and refused past the call's cap (:class:`ResponseTooLarge`),
  never decompressed (the pipeline asks for ``identity``); a download's 2xx body is
  streamed into its :class:`Sink` only once the sink has seen the head and taken it.
- Loops: a transport is built for the loop that first uses it and stays that loop's
  (:func:`running_loop` names it; the pipeline refuses calls from another). An asyncio
  loop's connections are closed as ``asyncio.run()`` finalises it; a trio run's, once it
  has ended (:func:`loop_ended`), by ``abandon``, without it.
- Errors: httpx's, with every frame behind them dropped (``scrubbed``), since the
  libraries' frames hold the request headers in their locals.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import os
import ssl
import sys
import urllib.request
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

import httpx

from .errors import ConfigurationError, LowerHeaders, lower_headers

if TYPE_CHECKING:
    from ._http import Http11Transport

__all__ = [
    "BASE_RESPONSE_LIMIT",
    "TRANSPORTS",
    "AttemptTimeout",
    "AutoTransport",
    "Reply",
    "RequestBody",
    "ResponseTooLarge",
    "Sink",
    "check_transport",
    "drain_into",
    "identity_encoded",
    "loop_ended",
    "on_asyncio",
    "read_capped",
    "resolve_proxy",
    "running_loop",
]

#: What ``transport=`` takes.
TRANSPORTS = ("auto", "native", "httpx")


def check_transport(name: object) -> None:
    """Refuse (``ConfigurationError``) a ``transport=`` that is not one of :data:`TRANSPORTS`,
    saying what to use instead of one that was removed."""
    if name == "aiohttp":
        raise ConfigurationError(
            'transport="aiohttp" was removed: the native transport (transport="auto", the '
            'default) took its place on asyncio, and is faster; transport="httpx" is the '
            "fallback (httpx's own transport), and http_client= takes any httpx client, "
            "an aiohttp-backed one included."
        )
    if name not in TRANSPORTS:
        raise ConfigurationError(
            f'transport must be "auto", "native" or "httpx", got {name!r:.40}.'
        )


def identity_encoded(encoding: str | bytes | None) -> bool:
    """Whether a body comes as it is (no ``Content-Encoding``, or ``identity``): only then is
    a download written out; a compressed one is refused before a byte is written."""
    if encoding is None:
        return True
    text = encoding.decode("latin-1") if isinstance(encoding, bytes) else encoding
    return text.strip().lower() in ("", "identity")


class Sink(Protocol):
    """Where a download's body goes, chunk by chunk, as it arrives (exports)."""

    def begin(self, headers: LowerHeaders) -> bool:
        """A 2xx response's head has come: whether its body is to be written here. If not
        (not the export's type, compressed), the body is read as any body, capped, for the
        pipeline to refuse. Called before a byte of the body is read."""
        ...

    async def write(self, chunk: bytes) -> None: ...


async def drain_into(
    chunks: AsyncIterator[bytes], sink: Sink, close: Callable[[], Awaitable[None]]
) -> None:
    """Write a body into ``sink`` as it arrives. When that stops early (the sink refused
    more, a read failed, a cancel), the response is closed and the chunks' generator run
    on to its end, as :func:`_collect_then_close` does (trio warns of one left suspended)."""
    try:
        async for chunk in chunks:
            if chunk:
                await sink.write(chunk)
    except Exception:
        await _close_early(chunks, close)
        raise


#: What any response may be, whatever the request: an error body, a token, a delete, an
#: estimate's info. Only a send's answer grows with its recipients (see the pipeline).
BASE_RESPONSE_LIMIT = 4 * 1024 * 1024


class AttemptTimeout(Exception):
    """The whole attempt ran past its bound (``_auth.attempt_bound``), whatever its phase."""


class ResponseTooLarge(Exception):
    """A response body went past the call's cap; reading stopped there."""

    def __init__(self, status_code: int, headers: LowerHeaders, head: bytes) -> None:
        super().__init__(status_code)
        self.status_code = status_code
        self.headers = headers
        #: The first bytes of the body, for the error's excerpt.
        self.head = head


#: How much of a refused body is read for the error's excerpt.
_HEAD = 4096


def _declared_length(headers: Mapping[str, str]) -> int | None:
    raw = headers.get("content-length")
    if raw is None or not raw.isdigit():
        return None
    return int(raw)


async def collect(
    chunks: AsyncIterator[bytes],
    limit: int,
    status: int,
    headers: Callable[[], LowerHeaders],
    declared: int | None,
) -> tuple[bytes, bool]:
    """A body read chunk by chunk up to ``limit`` bytes; ``(body, whole)``.

    Past the limit (or declared past it), a 2xx body is refused (:class:`ResponseTooLarge`,
    after reading only its first few KB for the excerpt), while an error's is cut there
    (``whole`` false): its status decides the error, and its start is all the error keeps.
    The caller closes a connection whose body was not read whole.
    """
    success = 200 <= status < 300
    if success and declared is not None and declared > limit:
        limit = min(limit, _HEAD)
    parts: list[bytes] = []
    size = 0
    async for chunk in chunks:
        size += len(chunk)
        if size > limit:
            parts.append(chunk[: len(chunk) - (size - limit)])
            if success:
                raise ResponseTooLarge(status, headers(), b"".join(parts)[:_HEAD])
            return b"".join(parts), False
        parts.append(chunk)
    if success and declared is not None and declared > size:
        raise ResponseTooLarge(status, headers(), b"".join(parts)[:_HEAD])  # cut short
    return b"".join(parts), True


async def _collect_then_close(
    chunks: AsyncIterator[bytes],
    close: Callable[[], Awaitable[None]],
    limit: int,
    status: int,
    headers: Callable[[], LowerHeaders],
    declared: int | None,
) -> bytes:
    """:func:`collect` over an async generator of an HTTP library's, closing the response
    when reading stopped early.

    A generator left suspended is finalised only when collected (trio then warns about each
    of httpx's nested ones): the response is closed, which closes its connection, and the
    generator is run on to the error that follows, which finishes every generator within.
    """
    try:
        body, whole = await collect(chunks, limit, status, headers, declared)
    except ResponseTooLarge:
        await _close_early(chunks, close)
        raise
    if not whole:
        await _close_early(chunks, close)
    return body


async def _close_early(chunks: AsyncIterator[bytes], close: Callable[[], Awaitable[None]]) -> None:
    await close()
    with contextlib.suppress(Exception):
        async for _ in chunks:
            pass


async def read_capped(response: httpx.Response, limit: int) -> bytes:
    """The raw body of a streamed httpx response, capped as :func:`collect` says."""
    status = response.status_code

    def headers() -> LowerHeaders:
        return lower_headers(response.headers)

    declared = _declared_length(response.headers)
    try:
        whole = response.content  # a transport that answered with the body in hand
    except httpx.ResponseNotRead:
        return await _collect_then_close(
            response.aiter_raw(), response.aclose, limit, status, headers, declared
        )
    if len(whole) > limit:
        if 200 <= status < 300:
            raise ResponseTooLarge(status, headers(), whole[:_HEAD])
        return whole[:limit]
    return whole


def _proxy_url(proxy: str | httpx.URL) -> httpx.URL:
    try:
        url = httpx.URL(proxy)
    except (httpx.InvalidURL, TypeError) as exc:
        raise ConfigurationError("proxy is not a URL.") from exc
    if url.scheme not in ("http", "https") or not url.host:
        raise ConfigurationError(
            f"proxy must be an http:// or https:// URL, got scheme {url.scheme!r:.20}."
        )
    return url


def resolve_proxy(
    base_url: str, proxy: str | httpx.URL | None, *, trust_env: bool
) -> httpx.URL | None:
    """The proxy for requests to ``base_url``: ``proxy`` itself, else the environment's.

    The environment is read as httpx and curl read it: ``HTTPS_PROXY`` for an https base
    URL, ``HTTP_PROXY`` for http, ``ALL_PROXY`` for either (lower-case names first), and no
    proxy for a host ``NO_PROXY`` names (``*`` for all, a domain for it and its subdomains).
    """
    if proxy is not None:
        return _proxy_url(proxy)
    if not trust_env:
        return None
    url = httpx.URL(base_url)
    found = urllib.request.getproxies_environment()
    chosen = found.get(url.scheme) or found.get("all")
    if not chosen or _exempt(url.host, url.port, found.get("no", "")):
        return None
    if "://" not in chosen:
        chosen = f"http://{chosen}"  # curl's reading of a bare host:port
    return _proxy_url(chosen)


def _exempt(host: str, port: int | None, no_proxy: str) -> bool:
    """Whether ``NO_PROXY`` names ``host``: ``*``, the host, a parent domain (with or without
    a leading dot), an IP address or network, each optionally with ``:port``."""
    host = host.strip("[]").lower()
    try:
        address: ipaddress.IPv4Address | ipaddress.IPv6Address | None = ipaddress.ip_address(host)
    except ValueError:
        address = None
    for entry in no_proxy.replace(" ", "").lower().split(","):
        if not entry:
            continue
        if entry == "*":
            return True
        name, _, entry_port = entry.rpartition(":") if entry.count(":") == 1 else (entry, "", "")
        if entry_port and (not entry_port.isdigit() or int(entry_port) != port):
            continue
        name = name.strip("[]")
        if address is not None:
            try:
                if address in ipaddress.ip_network(name, strict=False):
                    return True
            except ValueError:
                pass
            continue
        name = name.lstrip(".")
        if host == name or host.endswith("." + name):
            return True
    return False


def _shown(url: httpx.URL) -> str:
    """A proxy URL for a repr or a message: never its password."""
    return str(url.copy_with(username=None, password=None))


class Reply:
    """A response as the pipeline needs it: status, headers by lowercase name, whole body."""

    __slots__ = ("content", "headers", "rate_limit", "status_code")

    def __init__(self, status_code: int, headers: LowerHeaders, content: bytes) -> None:
        self.status_code = status_code
        self.headers = headers
        self.content = content
        #: The rate-limit snapshot the pipeline took from ``headers``.
        self.rate_limit: Any = None

    @property
    def is_success(self) -> bool:
        """Whether the status is 2xx."""
        return 200 <= self.status_code < 300


def running_loop() -> object:
    """The event loop the calling task runs on: asyncio's loop, or the trio run (its token);
    ``None`` outside both. Called on every call: no exception is raised on either loop."""
    # Imported already if a trio run is on. Another thread may be importing it right now
    # (httpcore imports trio lazily): a module without its lowlevel yet runs no task here.
    lowlevel = getattr(sys.modules.get("trio"), "lowlevel", None)
    if lowlevel is not None and lowlevel.in_trio_task():
        return lowlevel.current_trio_token()
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def loop_ended(loop: object) -> bool:
    """Whether ``loop`` (from :func:`running_loop`) is over for good: an asyncio loop closed,
    a trio run finished. Nothing of it will run again, so what it left open can be closed
    without it (``abandon``)."""
    if isinstance(loop, asyncio.AbstractEventLoop):
        return loop.is_closed()
    trio = sys.modules.get("trio")
    lowlevel = getattr(trio, "lowlevel", None)  # None while another thread imports it
    if trio is not None and lowlevel is not None and isinstance(loop, lowlevel.TrioToken):
        try:
            loop.run_sync_soon(_nothing)  # trio's only public "is that run over?"
        except trio.RunFinishedError:
            return True
    return False


def _nothing() -> None:
    pass


def on_asyncio() -> bool:
    """Whether the calling task runs on asyncio (not sniffio: anyio no longer guarantees it;
    under trio no asyncio loop is running)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class _OneChunk:
    """``content`` in one piece, iterated without an async generator: nothing to finalise."""

    __slots__ = ("_content", "_sent")

    def __init__(self, content: bytes) -> None:
        self._content = content
        self._sent = False

    def __aiter__(self) -> _OneChunk:
        self._sent = False
        return self

    async def __anext__(self) -> bytes:
        if self._sent or not self._content:
            raise StopAsyncIteration
        self._sent = True
        return self._content


class RequestBody(httpx.AsyncByteStream):
    """A request body for httpx (its own transport, a caller's ``http_client``) that is no
    async generator.

    httpx wraps ``bytes`` in a stream whose ``__aiter__`` is one; a transport that stops
    iterating it (a write that fails, an attempt cancelled by its timeout, a deadline, a
    close) leaves it suspended, and trio warns when it is collected.
    """

    def __init__(self, content: bytes) -> None:
        self._content = content

    def __aiter__(self) -> AsyncIterator[bytes]:
        return _OneChunk(self._content)


def ssl_context(verify: bool | str | ssl.SSLContext, *, trust_env: bool) -> ssl.SSLContext:
    """The one TLS context every transport of a client uses (see the module docstring)."""
    if isinstance(verify, ssl.SSLContext):
        return verify
    if isinstance(verify, str):
        try:
            return ssl.create_default_context(cafile=verify)
        except (OSError, ssl.SSLError) as exc:
            raise ConfigurationError(f"verify: cannot load the CA bundle: {exc}") from None
    return httpx.create_ssl_context(verify=verify, trust_env=trust_env)


class AutoTransport(httpx.AsyncBaseTransport):
    """Builds the engine for the event loop that first uses it (see the module docstring).

    ``prefer`` is ``"auto"`` or ``"native"`` (smscx's own) or ``"httpx"`` (httpx's own).
    """

    def __init__(
        self,
        *,
        verify: bool | str | ssl.SSLContext,
        limits: httpx.Limits,
        prefer: str = "auto",
        proxy: httpx.URL | None = None,
        trust_env: bool = True,
    ) -> None:
        check_transport(prefer)
        self._ssl = ssl_context(verify, trust_env=trust_env)
        self._limits = limits
        self._prefer = prefer
        self.proxy = proxy
        self._inner: Http11Transport | httpx.AsyncHTTPTransport | None = None
        self.kind: str | None = None
        # httpx's pool on trio: the sockets its responses named, for abandon (see there).
        # Held, not weakly: a collection clears weak references before any finaliser runs.
        self._sockets: set[Any] | None = None
        self._prune_at = 64

    def _build(self) -> Http11Transport | httpx.AsyncHTTPTransport:
        if self._prefer == "httpx":
            self.kind = "httpx"
            if not on_asyncio():
                self._sockets = set()
            return httpx.AsyncHTTPTransport(
                verify=self._ssl,
                limits=self._limits,
                retries=0,
                trust_env=False,  # the environment was read once, by resolve_proxy
                proxy=httpx.Proxy(self.proxy) if self.proxy is not None else None,
            )
        from ._http import Http11Transport

        self.kind = "native"
        return Http11Transport(ssl_context=self._ssl, proxy=self.proxy, limits=self._limits)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        inner = self._inner
        if inner is None:
            inner = self._inner = self._build()
        response = await inner.handle_async_request(request)
        if self._sockets is not None:
            # httpx's public extension: the connection the response came on.
            stream = response.extensions.get("network_stream")
            sock = stream.get_extra_info("socket") if stream is not None else None
            if sock is not None:
                self._remember(sock)
        return response

    def _remember(self, sock: Any) -> None:
        sockets = self._sockets
        assert sockets is not None
        if sock in sockets:
            return
        if len(sockets) >= self._prune_at:  # those httpx's pool has closed since
            sockets.difference_update([s for s in sockets if s.fileno() == -1])
            self._prune_at = 2 * len(sockets) + 64
        sockets.add(sock)

    def direct(self) -> Http11Transport | None:
        """The native transport, for the pipeline to call without httpx's models (deciding
        on first use, so call it inside the event loop); ``None`` for httpx's own, which is
        called through httpx."""
        inner = self._inner
        if inner is None:
            inner = self._inner = self._build()
        return None if isinstance(inner, httpx.AsyncHTTPTransport) else inner

    async def aclose(self) -> None:
        if self._inner is not None:
            await self._inner.aclose()

    def abandon(self) -> None:
        """Close what can be closed without an event loop (see ``AsyncSmsClient.__del__``).

        The native pool closes its own. httpx's has no such method: on trio its sockets are
        closed here, as its responses named them (a trio socket needs no run to close). On
        asyncio each is an asyncio transport's, which no public API closes without its loop:
        a client collected open leaves them to the collector, which warns of each, as it
        does for httpx's own ``AsyncClient``. (Once the loop ends, ``aclose`` has closed
        them: ``Pipeline._close_when_the_loop_ends``.)
        """
        inner = self._inner
        if inner is None:
            return
        if not isinstance(inner, httpx.AsyncHTTPTransport):
            inner.abandon()
            return
        for sock in list(self._sockets or ()):
            close_socket(sock)

    def __repr__(self) -> str:
        proxy = f", proxy={_shown(self.proxy)!r}" if self.proxy is not None else ""
        return f"AutoTransport(kind={self.kind!r}{proxy})"


def close_socket(sock: Any) -> None:
    """Close a socket, a trio one included, with or without its run: trio's own ``close``
    tells its run first, and raises when no run is on."""
    try:
        sock.close()
    except RuntimeError:  # a trio socket, after its run
        with contextlib.suppress(OSError):
            os.close(sock.detach())
