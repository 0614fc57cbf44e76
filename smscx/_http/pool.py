"""The pool: idle keep-alive connections per origin, and the transport that uses them.

- At most ``max_keepalive_connections`` idle connections are kept, most recently used first,
  none older than ``keepalive_expiry``. The pipeline's limiter bounds how many exchanges run
  at once, so there is no waiting inside the pool.
- A pooled connection is checked before it is written to: if the server closed it, or sent
  anything, while it was idle, it is closed and a fresh one opened (the request has not left).
- Errors are httpx's, with the frames behind them dropped (``scrubbed``). Only failures
  before a byte of the request was written are ``ConnectError``/``ConnectTimeout``.
"""

from __future__ import annotations

import math
import ssl
import time
from collections.abc import Mapping
from typing import Any

import anyio
import httpx

from smscx._transport import BASE_RESPONSE_LIMIT, AttemptTimeout, Reply, ResponseTooLarge, Sink
from smscx.errors import SmscxError, scrubbed

from .codec import FRAMING, encode_head
from .connection import CONNECT, TIMEOUTS, WRITE, Connection, Deadlines, exchange_on
from .proxy import default_port, open_through, proxy_authorization
from .streams import open_stream

__all__ = ["Http11Transport"]


class Http11Transport(httpx.AsyncBaseTransport):
    """An httpx transport of smscx's own: a strict HTTP/1.1 codec and a pool of keep-alive
    connections, on asyncio's transports or anyio's streams (see :mod:`smscx._http`)."""

    def __init__(
        self, *, ssl_context: ssl.SSLContext, proxy: httpx.URL | None, limits: httpx.Limits
    ) -> None:
        self._ssl = ssl_context
        self._proxy = proxy
        self._proxy_auth = proxy_authorization(proxy) if proxy is not None else None
        self._keep = (
            limits.max_keepalive_connections
            if limits.max_keepalive_connections is not None
            else (limits.max_connections or 1_000_000)
        )
        self._expiry = math.inf if limits.keepalive_expiry is None else limits.keepalive_expiry
        self._idle: dict[tuple[str, str, int], list[Connection]] = {}
        self._targets: dict[str, tuple[tuple[str, str, int], bytes, bytes]] = {}
        self._heads: dict[tuple[Any, ...], bytes] = {}
        self._closed = False

    # --- the httpx interface (the OAuth token request) ------------------------------------

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeout = httpx.Timeout(**(request.extensions.get("timeout") or {"timeout": None}))
        try:
            content = request.content
        except httpx.RequestNotRead:
            content = await request.aread()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in FRAMING}
        reply = await self.exchange(
            request.method,
            str(request.url),
            headers,
            content if content or request.method in ("POST", "PUT", "PATCH") else None,
            timeout,
            BASE_RESPONSE_LIMIT,
        )
        return httpx.Response(
            status_code=reply.status_code,
            headers=list(reply.headers.items()),
            content=reply.content,
            extensions={"http_version": b"HTTP/1.1"},
            request=request,
        )

    # --- the pipeline's interface ---------------------------------------------------------

    async def exchange(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        content: bytes | None,
        timeout: httpx.Timeout,  # noqa: ASYNC109 (per phase; the whole attempt is `bound`)
        limit: int,
        sink: Sink | None = None,
        bound: float | None = None,
    ) -> Reply:
        """One request and its response, all of it within ``bound`` seconds (else
        :class:`AttemptTimeout`); errors are httpx's (see the module docstring)."""
        origin, target, host = self._target(url)
        head = self._head(method, target, host, headers, content)
        deadlines = Deadlines(timeout.read, bound)
        with deadlines.scope:
            try:
                return await self._exchange(
                    deadlines, origin, head, content, timeout, limit, sink, method
                )
            except (ResponseTooLarge, httpx.HTTPError, SmscxError):
                # SmscxError: a download's sink that failed (a full disk is an OSError too,
                # but the destination's, not the connection's: never a ReadError).
                raise
            except Exception as exc:
                mapped = self._mapped(exc, deadlines.phase)
                if mapped is None:
                    raise
                raise mapped from scrubbed(exc)
        # Only a deadline ends the scope without an answer.
        if deadlines.by_bound:
            raise AttemptTimeout
        error = TIMEOUTS[deadlines.phase]
        raise error(f"{('connect', 'write', 'read')[deadlines.phase]} timeout")

    async def _exchange(
        self,
        deadlines: Deadlines,
        origin: tuple[str, str, int],
        head: bytes,
        content: bytes | None,
        timeouts: httpx.Timeout,
        limit: int,
        sink: Sink | None,
        method: str,
    ) -> Reply:
        connection = await self._checkout(origin)
        if connection is None:
            deadlines.enter(CONNECT, timeouts.connect)
            connection = await self._connect(origin)
        reusable = False
        try:
            reply, reusable = await exchange_on(
                deadlines, connection, head, content, timeouts, limit, sink, method
            )
            return reply
        finally:
            if not (reusable and not self._closed and self._checkin(origin, connection)):
                await connection.aclose()

    # --- connections ----------------------------------------------------------------------

    async def _checkout(self, origin: tuple[str, str, int]) -> Connection | None:
        idle = self._idle.get(origin)
        if not idle:
            return None
        now = time.monotonic()
        while idle:
            connection = idle.pop()
            if now - connection.idle_since <= self._expiry and connection.looks_alive():
                return connection
            await connection.aclose()  # stale or expired: closed now, never written to
        return None

    def _checkin(self, origin: tuple[str, str, int], connection: Connection) -> bool:
        idle = self._idle.setdefault(origin, [])
        if len(idle) >= self._keep:
            return False
        connection.idle_since = time.monotonic()
        idle.append(connection)
        return True

    async def _connect(self, origin: tuple[str, str, int]) -> Connection:
        scheme, host, port = origin
        if self._proxy is not None:
            return Connection(await open_through(self._proxy, self._proxy_auth, origin, self._ssl))
        return Connection(await open_stream(host, port, self._ssl if scheme == "https" else None))

    # --- encoding, cached -----------------------------------------------------------------

    def _target(self, url: str) -> tuple[tuple[str, str, int], bytes, bytes]:
        found = self._targets.get(url)
        if found is None:
            if len(self._targets) >= 256:  # paths with ids (deletes) would grow it forever
                self._targets.clear()
            parsed = httpx.URL(url)
            if parsed.scheme not in ("http", "https"):
                raise httpx.UnsupportedProtocol(f"the URL scheme {parsed.scheme!r:.20} is not http")
            port = parsed.port or default_port(parsed.scheme)
            host_header = httpx.Request("GET", parsed).headers["host"].encode("ascii")
            target = parsed.raw_path
            if self._proxy is not None and parsed.scheme == "http":
                target = str(parsed.copy_with(fragment=None)).encode("ascii")  # absolute form
            found = self._targets[url] = ((parsed.scheme, parsed.host, port), target, host_header)
        return found

    def _head(
        self,
        method: str,
        target: bytes,
        host: bytes,
        headers: Mapping[str, str],
        content: bytes | None,
    ) -> bytes:
        """The request's head, from a cache of what was encoded before (the same headers
        every call but for the body's length)."""
        key = (method, target, tuple(headers.items()), None if content is None else len(content))
        head = self._heads.get(key)
        if head is None:
            if len(self._heads) >= 256:  # tokens renewed, ids in paths: never unbounded
                self._heads.clear()
            if self._proxy_auth is not None and self._proxy is not None and target[:1] != b"/":
                # An http target goes to the proxy itself: the credentials go with it.
                headers = {**headers, "Proxy-Authorization": self._proxy_auth.decode("ascii")}
            head = self._heads[key] = encode_head(
                method, target, host, headers, None if content is None else len(content)
            )
        return head

    # --- errors ---------------------------------------------------------------------------

    @staticmethod
    def _mapped(exc: BaseException, phase: int) -> httpx.TransportError | None:
        """The httpx error for what the stream or the TLS layer raised in ``phase``."""
        message = str(exc) or type(exc).__name__
        if phase == CONNECT:
            if isinstance(exc, (OSError, ssl.SSLError, anyio.BrokenResourceError)):
                return httpx.ConnectError(message)  # nothing of the request was written
            if isinstance(exc, anyio.EndOfStream):
                return httpx.ConnectError("the server closed the connection in the handshake")
            return None
        if isinstance(
            exc, (anyio.EndOfStream, anyio.BrokenResourceError, anyio.ClosedResourceError)
        ):
            if phase == WRITE:
                return httpx.WriteError(message)
            return httpx.ReadError(message)
        if isinstance(exc, (OSError, ssl.SSLError)):
            return httpx.WriteError(message) if phase == WRITE else httpx.ReadError(message)
        return None

    # --- closing --------------------------------------------------------------------------

    async def aclose(self) -> None:
        self._closed = True
        idle, self._idle = self._idle, {}
        for connections in idle.values():
            for connection in connections:
                await connection.aclose()

    def abandon(self) -> None:
        """Close the pooled sockets without an event loop (the client was collected open, or
        its loop has ended)."""
        self._closed = True
        idle, self._idle = self._idle, {}
        for connections in idle.values():
            for connection in connections:
                connection.abort()
