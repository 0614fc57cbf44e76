"""Which HTTP transport carries requests, decided on first use by the running event loop.

- ``"auto"`` (the default) and ``"native"``: smscx's own, :mod:`smscx._http11`, on asyncio
  and trio alike. Its codec and pool are smscx's; its byte streams are asyncio's own
  transports for direct connections on asyncio (:mod:`smscx._aiostream`) and anyio's
  otherwise (trio, proxies).
- ``"aiohttp"`` (the ``aiohttp`` extra): an aiohttp-backed httpx transport, on asyncio only
  (httpx's own on trio). The pipeline calls it without httpx's models
  (:meth:`AutoTransport.direct` and :meth:`_AiohttpTransport.exchange`, answering a
  :class:`Reply`): wrapping each exchange in an ``httpx.Request`` and ``httpx.Response``
  cost more CPU than aiohttp's exchange itself.
- ``"httpx"``: httpx's own transport, pool-sized to ``max_concurrency`` (the pipeline's
  limiter keeps excess requests out of the pool). The pipeline calls its httpcore pool
  directly too (:class:`_HttpcoreTransport`), for the same reason.

All are built with no retries of their own: tenacity in ``_retry`` is the only retry layer.

All follow one set of rules, decided here once rather than by each library's defaults:

- Proxies: ``proxy=`` or, with ``trust_env`` (the default, as httpx's), the environment's
  ``HTTPS_PROXY``/``HTTP_PROXY``/``ALL_PROXY`` for the base URL's scheme unless ``NO_PROXY``
  exempts its host (:func:`resolve_proxy`), resolved once for the one host a client talks to.
  An https target goes through a ``CONNECT`` tunnel; http and https proxies are supported.
- Trust: one ``ssl.SSLContext`` for all, from ``verify``; with ``trust_env``,
  ``SSL_CERT_FILE``/``SSL_CERT_DIR`` name the CA bundle when ``verify`` is ``True``.
- Bodies: read incrementally and refused past the call's cap (:class:`ResponseTooLarge`),
  never decompressed (the pipeline asks for ``identity``); a download's 2xx body is
  streamed into its :class:`Sink` only once the sink has seen the head and taken it.
- Loops: a transport is built for the loop that first uses it and stays that loop's
  (:func:`running_loop` names it; the pipeline refuses calls from another). An asyncio
  loop's connections are closed as ``asyncio.run()`` finalises it; a trio run's, once it
  has ended (:func:`loop_ended`), by ``abandon``, without it.
- Errors: mapped to httpx's with every frame behind them dropped (``scrubbed``), since the
  libraries' frames hold the request headers in their locals.

The aiohttp transport is ours rather than httpx-aiohttp's for two reasons. Its errors say
precisely whether the request may have left: httpx-aiohttp maps every
``aiohttp.ClientConnectionError``, a server disconnecting after it read the request
included, to ``httpx.ConnectTimeout``, which would tell the pipeline "never sent" about a
send the server may have performed. And it reads each body in one piece: the API answers
JSON, never a stream, and a 25,000-message answer read as 16 KB chunks through three layers
of async generators costs more than parsing it.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import ipaddress
import ssl
import sys
import urllib.request
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

import httpx

from .errors import ConfigurationError, LowerHeaders, lower_headers, scrubbed

if TYPE_CHECKING:
    from ._http11 import Http11Transport

__all__ = [
    "BASE_RESPONSE_LIMIT",
    "AttemptTimeout",
    "AutoTransport",
    "Reply",
    "RequestBody",
    "ResponseTooLarge",
    "Sink",
    "drain_into",
    "fast_transport_available",
    "identity_encoded",
    "loop_ended",
    "read_capped",
    "resolve_proxy",
    "running_loop",
]


def identity_encoded(encoding: str | bytes | None) -> bool:
    """Whether a body comes as it is (no ``Content-Encoding``, or ``identity``): only then is
    a download written out; a compressed one is refused before a byte is written."""
    if encoding is None:
        return True
    text = encoding.decode("latin-1") if isinstance(encoding, bytes) else encoding
    return text.strip().lower() in ("", "identity")


def _closer(response: Any) -> Callable[[], Awaitable[None]]:
    """An aiohttp response's (synchronous) ``close`` as the awaitable the drain wants."""

    async def close() -> None:
        response.close()

    return close


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
    of httpcore's nested ones): the response is closed, which closes its connection, and the
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


def _decode(raw: bytes) -> str:
    # As httpx decodes header values: ASCII, else UTF-8, else Latin-1 (which never fails).
    try:
        return raw.decode("ascii")
    except UnicodeDecodeError:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("latin-1")


def _lower_raw(raw_headers: Iterable[tuple[bytes, bytes]]) -> LowerHeaders:
    """Raw header pairs by lowercase name; repeated names joined by ", ", as httpx does."""
    headers = LowerHeaders()
    for raw_name, raw_value in raw_headers:
        name = raw_name.decode("latin-1").lower()
        value = _decode(raw_value)
        previous = headers.get(name)
        headers[name] = value if previous is None else f"{previous}, {value}"
    return headers


def fast_transport_available() -> bool:
    """Whether the ``aiohttp`` extra's aiohttp is importable."""
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        return False
    return True


def running_loop() -> object:
    """The event loop the calling task runs on: asyncio's loop, or the trio run (its token);
    ``None`` outside both. One C call on asyncio (no exception raised when none runs)."""
    loop = asyncio._get_running_loop()
    if loop is not None:
        return loop
    trio = sys.modules.get("trio")  # imported already if a trio run is on
    if trio is not None:
        try:
            return trio.lowlevel.current_trio_token()
        except RuntimeError:
            pass
    return None


def loop_ended(loop: object) -> bool:
    """Whether ``loop`` (from :func:`running_loop`) is over for good: an asyncio loop closed,
    a trio run finished. Nothing of it will run again, so what it left open can be closed
    without it (``abandon``)."""
    if isinstance(loop, asyncio.AbstractEventLoop):
        return loop.is_closed()
    trio = sys.modules.get("trio")
    if trio is not None and isinstance(loop, trio.lowlevel.TrioToken):
        try:
            loop.run_sync_soon(_nothing)  # trio's only public "is that run over?"
        except trio.RunFinishedError:
            return True
    return False


def _nothing() -> None:
    pass


def _on_asyncio() -> bool:
    # Not sniffio: anyio no longer guarantees it. Under trio no asyncio loop is running.
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _precise(exc: BaseException) -> httpx.TransportError | None:
    """The httpx error for an aiohttp one; ``None`` for anything that is not a transport error.

    Connect errors (``ConnectError``, ``ConnectTimeout``) mean "the request never left" to the
    pipeline, so only failures proven to happen before sending are mapped to them.
    """
    import aiohttp

    if isinstance(exc, (ValueError, UnicodeError)) and not isinstance(exc, aiohttp.ClientError):
        # aiohttp refused to write a header (a newline, a character it cannot encode): its
        # message may quote the value, so it is not kept.
        return httpx.LocalProtocolError("a request header could not be written")
    message = str(exc) or type(exc).__name__
    # Order matters: the more specific aiohttp classes first.
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return httpx.ConnectTimeout(message)  # no connection within the connect timeout
    if isinstance(exc, aiohttp.ClientProxyConnectionError):
        return httpx.ProxyError(message)  # the proxy refused: nothing was sent
    if isinstance(exc, aiohttp.ClientConnectorError):
        return httpx.ConnectError(message)  # no connection: nothing was sent
    # Both timeouts: before Python 3.11 asyncio's TimeoutError (aiohttp's, and any
    # asyncio.wait_for) is not the builtin one a socket raises, and the builtin one is an
    # OSError that would otherwise fall through unmapped.
    if isinstance(exc, (aiohttp.ServerTimeoutError, asyncio.TimeoutError, TimeoutError)):
        return httpx.ReadTimeout(message)
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return httpx.RemoteProtocolError(message)
    if isinstance(exc, aiohttp.ClientResponseError):
        return httpx.RemoteProtocolError(message)  # e.g. a garbled status line
    if isinstance(exc, (aiohttp.InvalidURL, aiohttp.NonHttpUrlClientError)):
        return httpx.UnsupportedProtocol(message)
    if isinstance(exc, aiohttp.ClientError):
        return httpx.ReadError(message)  # payload, OS and other errors: may have been sent
    return None


# httpx's framing headers: aiohttp writes its own.
_DROP_REQUEST = frozenset({"host", "content-length", "transfer-encoding", "connection"})
# The body handed to httpx is whole (not chunked); httpx decodes any Content-Encoding itself,
# as aiohttp is built not to.
_DROP_RESPONSE = frozenset({b"transfer-encoding"})


class _AiohttpTransport(httpx.AsyncBaseTransport):
    """An httpx transport on aiohttp's connection pool, with errors that say what left."""

    def __init__(
        self, *, ssl_context: ssl.SSLContext, proxy: httpx.URL | None, limits: httpx.Limits
    ) -> None:
        import aiohttp

        self._aiohttp = aiohttp
        self._ssl = ssl_context
        self._limits = limits
        self._session: Any = None
        self._closed = False
        self._timeouts: dict[tuple[float | None, ...], Any] = {}
        self._proxy: str | None = None
        self._proxy_headers: dict[str, str] | None = None
        if proxy is not None:
            self._proxy = _shown(proxy)
            if proxy.username or proxy.password:
                # As httpx sends it (aiohttp's BasicAuth/proxy_auth are deprecated).
                pair = f"{proxy.username}:{proxy.password}".encode()
                self._proxy_headers = {
                    "Proxy-Authorization": f"Basic {base64.b64encode(pair).decode('ascii')}"
                }

    def _open(self) -> Any:
        if self._closed:
            # Never a new pool after close: the pipeline stops calls before they get here.
            raise httpx.ConnectError("the transport is closed")
        aiohttp = self._aiohttp
        connector = aiohttp.TCPConnector(
            limit=self._limits.max_connections or 0,
            keepalive_timeout=self._limits.keepalive_expiry,
            ssl=self._ssl,
        )
        # trust_env=False: the proxy and CA rules are applied above, the same as httpx's
        # transport, rather than aiohttp's own reading of the environment.
        self._session = aiohttp.ClientSession(
            connector=connector,
            trust_env=False,
            cookie_jar=aiohttp.DummyCookieJar(),
            auto_decompress=False,
        )
        # aiohttp (3.9+) silently resends a GET, PUT or DELETE once when the server closes
        # a reused connection mid-exchange. The pipeline decides retries itself and must
        # know of every attempt: a hidden resend of a charged lookup would bill it twice and
        # report it as sent once. No public switch exists; this is the attribute it reads.
        if hasattr(self._session, "_retry_connection"):
            self._session._retry_connection = False
        return self._session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeout = request.extensions.get("timeout") or {}
        try:
            content = request.content
        except httpx.RequestNotRead:
            content = await request.aread()
        status, raw_headers, body = await self._send(
            request.method,
            str(request.url),
            [(k, v) for k, v in request.headers.multi_items() if k not in _DROP_REQUEST],
            content,
            self._client_timeout(timeout.get("connect"), timeout.get("read"), timeout.get("pool")),
            BASE_RESPONSE_LIMIT,  # the OAuth token request: a small body
        )
        return httpx.Response(
            status_code=status,
            headers=[kv for kv in raw_headers if kv[0].lower() not in _DROP_RESPONSE],
            content=body,
            extensions={"http_version": b"HTTP/1.1"},
            request=request,
        )

    async def exchange(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        content: bytes | None,
        timeout: httpx.Timeout,
        limit: int,
        sink: Sink | None = None,
        bound: float | None = None,
    ) -> Reply:
        """One request without httpx's models: what the pipeline takes on its fast path.
        ``bound`` is not applied here: the pipeline bounds the attempt around this one.

        Building an ``httpx.Request`` and ``httpx.Response`` around aiohttp's own costs more
        client CPU than aiohttp's whole exchange (~0.3 ms against ~0.25 ms a small send
        here). ``headers`` must hold no framing headers (aiohttp writes its own). Errors are
        the same httpx errors :meth:`handle_async_request` raises.
        """
        status, raw_headers, body = await self._send(
            method,
            url,
            headers,
            content,
            self._client_timeout(timeout.connect, timeout.read, timeout.pool),
            limit,
            sink,
        )
        return Reply(status, _lower_raw(raw_headers), body)

    def _client_timeout(self, connect: float | None, read: float | None, pool: float | None) -> Any:
        """httpx's timeouts as aiohttp's (one object per distinct set, reused). aiohttp has no
        per-write timeout: an upload is bounded by the call's deadline only."""
        key = (connect, read, pool)
        found = self._timeouts.get(key)
        if found is None:
            found = self._timeouts[key] = self._aiohttp.ClientTimeout(
                connect=pool, sock_connect=connect, sock_read=read
            )
        return found

    async def _send(
        self,
        method: str,
        url: str,
        headers: Any,
        content: bytes | None,
        timeout: Any,
        limit: int,
        sink: Sink | None = None,
    ) -> tuple[int, Any, bytes]:
        session = self._session or self._open()
        if self._proxy_headers is not None and url.startswith("http:"):
            # An http target goes to the proxy in absolute form, with no CONNECT whose
            # headers would carry the credentials: they go with the request itself.
            headers = {**headers, **self._proxy_headers}
        try:
            async with session.request(
                method,
                url,
                headers=headers,
                data=content or None,
                allow_redirects=False,
                timeout=timeout,
                proxy=self._proxy,
                proxy_headers=self._proxy_headers,
            ) as response:
                declared = response.content_length
                if (
                    sink is not None
                    and 200 <= response.status < 300
                    and sink.begin(_lower_raw(response.raw_headers))
                ):
                    await drain_into(response.content.iter_any(), sink, _closer(response))
                    body = b""
                elif declared is not None and declared <= limit:
                    body = await response.read()  # exactly Content-Length bytes
                else:
                    body = await self._read_capped(response, limit)
        except ResponseTooLarge:
            raise
        except Exception as exc:
            mapped = _precise(exc)
            if mapped is None:
                raise
            raise mapped from scrubbed(exc)
        return response.status, response.raw_headers, body

    @staticmethod
    async def _read_capped(response: Any, limit: int) -> bytes:
        status = response.status

        def headers() -> LowerHeaders:
            return _lower_raw(response.raw_headers)

        body, whole = await collect(
            response.content.iter_any(), limit, status, headers, response.content_length
        )
        if not whole:
            response.close()  # the rest stays unread: the connection cannot be reused
        return body

    async def aclose(self) -> None:
        self._closed = True
        if self._session is not None:
            await self._session.close()
            self._session = None

    def abandon(self) -> None:
        """Close the sockets without an event loop (the client was garbage-collected open,
        or its loop has ended)."""
        self._closed = True
        session, self._session = self._session, None
        if session is not None:
            connector = session.connector
            session.detach()  # the session holds nothing else; it says nothing once detached
            if connector is not None:
                connector._close()  # synchronous: closes each pooled transport


def _httpcore_errors() -> tuple[tuple[type[Exception], type[httpx.TransportError]], ...]:
    import httpcore

    # Most specific first: the first match is the mapping (as httpx's own table resolves).
    return (
        (httpcore.ConnectTimeout, httpx.ConnectTimeout),
        (httpcore.ReadTimeout, httpx.ReadTimeout),
        (httpcore.WriteTimeout, httpx.WriteTimeout),
        (httpcore.PoolTimeout, httpx.PoolTimeout),
        (httpcore.TimeoutException, httpx.TimeoutException),
        (httpcore.ConnectError, httpx.ConnectError),
        (httpcore.ReadError, httpx.ReadError),
        (httpcore.WriteError, httpx.WriteError),
        (httpcore.NetworkError, httpx.NetworkError),
        (httpcore.ProxyError, httpx.ProxyError),
        (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
        (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
        (httpcore.LocalProtocolError, httpx.LocalProtocolError),
        (httpcore.ProtocolError, httpx.ProtocolError),
    )


class _HttpcoreTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport, whose httpcore pool the pipeline may also call directly.

    :meth:`exchange` builds an ``httpcore.Request`` from the call's parts (as
    ``handle_async_request`` does from an ``httpx.Request``) and reads the whole body,
    mapping httpcore's errors to httpx's as httpx does. It relies on the pool httpx keeps as
    ``_pool``; should a future httpx not have one, :attr:`can_exchange` is false and calls
    go through httpx as before.
    """

    def __init__(
        self, *, ssl_context: ssl.SSLContext, proxy: httpx.URL | None, limits: httpx.Limits
    ) -> None:
        super().__init__(
            verify=ssl_context,
            limits=limits,
            retries=0,
            trust_env=False,  # the environment was read once, by resolve_proxy
            proxy=httpx.Proxy(proxy) if proxy is not None else None,
        )
        import httpcore

        self._httpcore = httpcore
        self.can_exchange = isinstance(getattr(self, "_pool", None), httpcore.AsyncConnectionPool)
        self._errors = _httpcore_errors()
        self._targets: dict[str, tuple[Any, bytes]] = {}

    def _target(self, url: str) -> tuple[Any, bytes]:
        """``url`` as an ``httpcore.URL`` and its ``Host`` header, as httpx derives them."""
        found = self._targets.get(url)
        if found is None:
            if len(self._targets) >= 256:  # paths with ids (deletes) would grow it forever
                self._targets.clear()
            request = httpx.Request("GET", url)
            parsed = request.url
            found = self._targets[url] = (
                self._httpcore.URL(
                    scheme=parsed.raw_scheme,
                    host=parsed.raw_host,
                    port=parsed.port,
                    target=parsed.raw_path,
                ),
                request.headers["host"].encode("ascii"),
            )
        return found

    async def exchange(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        content: bytes | None,
        timeout: httpx.Timeout,
        limit: int,
        sink: Sink | None = None,
        bound: float | None = None,
    ) -> Reply:
        """One request straight to the httpcore pool; errors are httpx's, as through httpx.
        ``bound`` is not applied here: the pipeline bounds the attempt around this one."""
        target, host = self._target(url)
        # Encoded straight into the request: no local of this frame holds a header value.
        request = self._httpcore.Request(
            method.encode("ascii"),
            target,
            headers=_raw_headers(host, headers, content),
            content=_Body(content or b""),
            extensions={"timeout": timeout.as_dict()},
        )
        try:
            response = await self._pool.handle_async_request(request)
            try:
                if (
                    sink is not None
                    and 200 <= response.status < 300
                    and sink.begin(_lower_raw(response.headers))
                ):
                    await drain_into(response.aiter_stream(), sink, response.aclose)
                    body = b""
                else:
                    body = await _read_stream(response, limit)
            finally:
                await response.aclose()  # unread rest: httpcore closes the connection
        except ResponseTooLarge:
            raise
        except Exception as exc:
            for source, mapped in self._errors:
                if isinstance(exc, source):
                    # Not str(exc): h11's LocalProtocolError quotes the offending header.
                    message = "" if source is self._httpcore.LocalProtocolError else str(exc)
                    raise mapped(message) from scrubbed(exc)
            raise
        return Reply(response.status, _lower_raw(response.headers), body)

    def abandon(self) -> None:
        """Close the pooled sockets without an event loop, as far as httpcore lets us reach
        them (best effort: its internals may change; the sockets then close when freed)."""
        from ._aiostream import abort_transport, close_socket

        with contextlib.suppress(Exception):
            for connection in list(self._pool.connections):
                stream = getattr(getattr(connection, "_connection", None), "_network_stream", None)
                inner = getattr(stream, "_stream", None)
                inner = getattr(inner, "transport_stream", inner)  # under TLS
                transport = getattr(inner, "_transport", None)  # anyio on asyncio
                if transport is not None:
                    abort_transport(transport)
                    continue
                # httpcore's own trio backend: a trio.SocketStream, whose socket closes at once.
                sock = getattr(inner, "socket", None) or getattr(inner, "_trio_socket", None)
                if sock is not None:
                    close_socket(sock)


class _Body:
    """A request body for httpcore that is no async generator.

    httpcore wraps ``bytes`` in a stream whose ``__aiter__`` is one; an attempt cancelled
    (its timeout, a deadline, a close) while the body is being written leaves that generator
    suspended, and trio warns when it is collected. This iterator has nothing to finalise.
    """

    __slots__ = ("_content", "_sent")

    def __init__(self, content: bytes) -> None:
        self._content = content
        self._sent = False

    def __aiter__(self) -> _Body:
        self._sent = False
        return self

    async def __anext__(self) -> bytes:
        if self._sent or not self._content:
            raise StopAsyncIteration
        self._sent = True
        return self._content


class RequestBody(httpx.AsyncByteStream):
    """A request body for a caller's ``http_client`` that is no async generator.

    httpx wraps ``bytes`` in a stream whose ``__aiter__`` is one; a transport that stops
    iterating it (a write that fails, a cancelled attempt) leaves it suspended, and trio
    warns when it is collected (as :class:`_Body` says for httpcore).
    """

    def __init__(self, content: bytes) -> None:
        self._content = content

    def __aiter__(self) -> AsyncIterator[bytes]:
        return _Body(self._content)


def _raw_headers(
    host: bytes, headers: Mapping[str, str], content: bytes | None
) -> list[tuple[bytes, bytes]]:
    raw = [(b"Host", host)]
    raw.extend((name.encode("ascii"), value.encode("ascii")) for name, value in headers.items())
    if content is not None:
        raw.append((b"Content-Length", str(len(content)).encode("ascii")))
    return raw


async def _read_stream(response: Any, limit: int) -> bytes:
    """An httpcore response's body, capped as :func:`collect` says (an unread rest makes
    httpcore close the connection when the response is closed)."""
    status = response.status
    declared = None
    for name, value in response.headers:
        if name.lower() == b"content-length" and value.isdigit():
            declared = int(value)
    if declared is not None and declared <= limit:
        return bytes(await response.aread())  # h11 reads exactly Content-Length bytes

    def headers() -> LowerHeaders:
        return _lower_raw(response.headers)

    return await _collect_then_close(
        response.aiter_stream(), response.aclose, limit, status, headers, declared
    )


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
    """Builds the transport for the event loop that first uses it (see module doc).

    ``prefer`` is ``"auto"`` or ``"native"`` (smscx's own), ``"httpx"`` (httpx's own) or
    ``"aiohttp"`` (asyncio only, httpx's own on trio; an error without the extra).
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
        if prefer not in ("auto", "native", "httpx", "aiohttp"):
            raise ValueError(f"unknown transport {prefer!r}")
        if prefer == "aiohttp" and not fast_transport_available():
            raise ImportError(
                'transport="aiohttp" needs the extra: pip install "smscx-async[aiohttp]"'
            )
        self._ssl = ssl_context(verify, trust_env=trust_env)
        self._limits = limits
        self._prefer = prefer
        self.proxy = proxy
        self._inner: _AiohttpTransport | _HttpcoreTransport | Http11Transport | None = None
        self.kind: str | None = None

    def _build(self) -> _AiohttpTransport | _HttpcoreTransport | Http11Transport:
        options: dict[str, Any] = {
            "ssl_context": self._ssl,
            "proxy": self.proxy,
            "limits": self._limits,
        }
        if self._prefer == "aiohttp" and _on_asyncio():
            self.kind = "aiohttp"
            return _AiohttpTransport(**options)
        if self._prefer == "httpx" or self._prefer == "aiohttp":
            self.kind = "httpx"  # aiohttp is asyncio-only: httpx's own on trio
            return _HttpcoreTransport(**options)
        from ._http11 import Http11Transport

        self.kind = "native"
        return Http11Transport(**options)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        inner = self._inner
        if inner is None:
            inner = self._inner = self._build()
        return await inner.handle_async_request(request)

    def direct(self) -> _AiohttpTransport | _HttpcoreTransport | Http11Transport | None:
        """The transport this one carries (deciding on first use, so call it inside the event
        loop), for the pipeline to call without httpx's models; ``None`` if it cannot be."""
        inner = self._inner
        if inner is None:
            inner = self._inner = self._build()
        if isinstance(inner, _HttpcoreTransport) and not inner.can_exchange:
            return None
        return inner

    async def aclose(self) -> None:
        if self._inner is not None:
            await self._inner.aclose()

    def abandon(self) -> None:
        """Close what can be closed without an event loop (see ``AsyncSmsClient.__del__``)."""
        if self._inner is not None:
            self._inner.abandon()

    def __repr__(self) -> str:
        proxy = f", proxy={_shown(self.proxy)!r}" if self.proxy is not None else ""
        return f"AutoTransport(kind={self.kind!r}{proxy})"
