"""Which HTTP transport carries requests, decided on first use by the running event loop.

- asyncio, with the ``fast`` extra installed (aiohttp): an aiohttp-backed httpx transport.
  httpx's own asyncio pool degrades sharply with many concurrent requests (encode/httpx#3215);
  aiohttp's does not. The pipeline calls it without httpx's models (:meth:`AutoTransport.direct`
  and :meth:`_AiohttpTransport.exchange`, answering a :class:`Reply`): wrapping each exchange
  in an ``httpx.Request`` and ``httpx.Response`` cost more CPU than aiohttp's exchange itself.
  The httpx interface stays for everything else that uses the client (the OAuth token request).
- trio (aiohttp is asyncio-only), or without the extra: httpx's own transport, pool-sized to
  ``max_concurrency`` (the pipeline's limiter keeps excess requests out of the pool). The
  pipeline calls its httpcore pool directly too (:class:`_HttpcoreTransport`), for the same
  reason: httpx's models cost about a third of a small send's CPU on trio.

Both are built with no retries of their own: tenacity in ``_retry`` is the only retry layer.

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
import ssl
from collections.abc import Iterable, Mapping
from typing import Any

import httpx

from .errors import LowerHeaders, lower_headers

__all__ = ["AutoTransport", "Reply", "fast_transport_available"]


class Reply:
    """A response as the pipeline needs it: status, headers by lowercase name, whole body."""

    __slots__ = ("content", "headers", "rate_limit", "status_code")

    def __init__(self, status_code: int, headers: LowerHeaders, content: bytes) -> None:
        self.status_code = status_code
        self.headers = headers
        self.content = content
        #: The rate-limit snapshot the pipeline took from ``headers``.
        self.rate_limit: Any = None

    @classmethod
    def of(cls, response: httpx.Response) -> Reply:
        """The reply of an httpx response whose body has been read."""
        return cls(response.status_code, lower_headers(response.headers), response.content)

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
    """Whether the ``fast`` extra's aiohttp is importable."""
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        return False
    return True


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

    message = str(exc) or type(exc).__name__
    # Order matters: the more specific aiohttp classes first.
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return httpx.ConnectTimeout(message)  # no connection within the connect timeout
    if isinstance(exc, aiohttp.ClientConnectorError):
        return httpx.ConnectError(message)  # no connection: nothing was sent
    if isinstance(exc, (aiohttp.ServerTimeoutError, asyncio.TimeoutError)):
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


# httpx's framing and negotiation headers: aiohttp writes its own (and decompresses what it
# asked for), so passing httpx's on would offer encodings aiohttp cannot decode.
_DROP_REQUEST = frozenset(
    {"host", "content-length", "transfer-encoding", "accept-encoding", "connection"}
)
# The body handed to httpx is already decoded and whole.
_DROP_RESPONSE = frozenset({b"content-encoding", b"content-length", b"transfer-encoding"})


class _AiohttpTransport(httpx.AsyncBaseTransport):
    """An httpx transport on aiohttp's connection pool, with errors that say what left."""

    def __init__(self, *, verify: bool | str | ssl.SSLContext, limits: httpx.Limits) -> None:
        import aiohttp

        self._aiohttp = aiohttp
        self._ssl = httpx.create_ssl_context(verify=verify, trust_env=False)
        self._limits = limits
        self._session: Any = None
        self._timeouts: dict[tuple[float | None, ...], Any] = {}

    def _open(self) -> Any:
        aiohttp = self._aiohttp
        connector = aiohttp.TCPConnector(
            limit=self._limits.max_connections or 0,
            keepalive_timeout=self._limits.keepalive_expiry,
            ssl=self._ssl,
        )
        self._session = aiohttp.ClientSession(
            connector=connector, trust_env=False, cookie_jar=aiohttp.DummyCookieJar()
        )
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
    ) -> Reply:
        """One request without httpx's models: what the pipeline takes on its fast path.

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
        self, method: str, url: str, headers: Any, content: bytes | None, timeout: Any
    ) -> tuple[int, Any, bytes]:
        session = self._session or self._open()
        try:
            async with session.request(
                method,
                url,
                headers=headers,
                data=content or None,
                allow_redirects=False,
                timeout=timeout,
            ) as response:
                body = await response.read()
        except Exception as exc:
            mapped = _precise(exc)
            if mapped is None:
                raise
            raise mapped from exc
        return response.status, response.raw_headers, body

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


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

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
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
    ) -> Reply:
        """One request straight to the httpcore pool; errors are httpx's, as through httpx."""
        target, host = self._target(url)
        raw = [(b"Host", host)]
        raw.extend((name.encode("ascii"), value.encode("ascii")) for name, value in headers.items())
        if content is not None:
            raw.append((b"Content-Length", str(len(content)).encode("ascii")))
        request = self._httpcore.Request(
            method.encode("ascii"),
            target,
            headers=raw,
            content=content or b"",
            extensions={"timeout": timeout.as_dict()},
        )
        try:
            response = await self._pool.handle_async_request(request)
            try:
                body = await response.aread()
            finally:
                await response.aclose()
        except Exception as exc:
            for source, mapped in self._errors:
                if isinstance(exc, source):
                    raise mapped(str(exc)) from exc
            raise
        return Reply(response.status, _lower_raw(response.headers), body)


class AutoTransport(httpx.AsyncBaseTransport):
    """Builds the best transport for the event loop that first uses it (see module doc).

    ``prefer`` is ``"auto"``, ``"httpx"`` (always httpx's own) or ``"aiohttp"`` (asyncio only;
    an error without the extra).
    """

    def __init__(
        self,
        *,
        verify: bool | str | ssl.SSLContext,
        limits: httpx.Limits,
        prefer: str = "auto",
    ) -> None:
        if prefer not in ("auto", "httpx", "aiohttp"):
            raise ValueError(f"unknown transport {prefer!r}")
        if prefer == "aiohttp" and not fast_transport_available():
            raise ImportError('transport="aiohttp" needs the extra: pip install "smscx[fast]"')
        self._verify = verify
        self._limits = limits
        self._prefer = prefer
        self._inner: _AiohttpTransport | _HttpcoreTransport | None = None
        self.kind: str | None = None

    def _build(self) -> _AiohttpTransport | _HttpcoreTransport:
        if _on_asyncio() and self._prefer != "httpx" and fast_transport_available():
            self.kind = "aiohttp"
            return _AiohttpTransport(verify=self._verify, limits=self._limits)
        self.kind = "httpx"
        return _HttpcoreTransport(verify=self._verify, limits=self._limits, retries=0)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        inner = self._inner
        if inner is None:
            inner = self._inner = self._build()
        return await inner.handle_async_request(request)

    def direct(self) -> _AiohttpTransport | _HttpcoreTransport | None:
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

    def __repr__(self) -> str:
        return f"AutoTransport(kind={self.kind!r})"
