"""smscx's own HTTP/1.1 transport: a small, strict codec and a pool over byte streams.

One code path on asyncio and trio alike, for what both used to get from two libraries
(aiohttp on asyncio, httpcore on trio). The byte streams are asyncio's own transports for
direct connections on asyncio (:mod:`smscx._aiostream`: anyio's make every operation a
checkpoint) and anyio's otherwise (trio, and proxies on either loop). Why not h11 for the
codec: on this project's benchmark h11 costs about 85 µs of CPU per request and response,
which is half of what a whole exchange may cost (the floor in ``benchmarks/``); a parser for
the one thing a client reads, a response head and its framing, costs about 8 µs. The codec
is strict where h11 is: it refuses what it does not understand (an unknown transfer coding, a
malformed status line or header, a head past 64 KiB, conflicting lengths) with
``httpx.RemoteProtocolError``, and it writes no header that h11 would refuse
(``httpx.LocalProtocolError``, which quotes nothing).

What it keeps, as the other two transports keep it (``_transport``'s module docstring):

- **Pool**: idle keep-alive connections per origin, most recently used first, at most
  ``max_keepalive_connections`` kept and none older than ``keepalive_expiry``. The pipeline's
  limiter bounds how many exchanges run at once, so there is no waiting inside the pool.
- **Reuse**: a connection goes back to the pool only after an exchange read its response
  whole and both sides allow keep-alive. Anything else (an error, a cancel, a timeout, a body
  not read to its end, bytes after the response) closes it. A pooled connection is checked
  before it is written to: if the server closed it, or sent anything, while it was idle, it is
  dropped and a fresh one opened (the request has not left).
- **Timeouts**: ``connect`` bounds the TCP connect, the proxy's ``CONNECT`` and the TLS
  handshake; ``write`` the request's send; ``read`` each wait for response bytes. Each maps
  to httpx's own timeout error for that phase.
- **Errors**: httpx's, with the frames behind them dropped (``scrubbed``). Only failures before
  a byte of the request was written are ``ConnectError``/``ConnectTimeout`` ("never sent").
- **Proxies**: an http target in absolute form with ``Proxy-Authorization``; an https target
  through a ``CONNECT`` tunnel, then TLS to the target inside it (over an https proxy too).
- **Bodies**: never decompressed, read up to the call's cap (:func:`_transport.collect`), or
  streamed into a download's sink once it took the head (``Sink.begin``); what the sink
  raises (a full disk) is its own error, never mapped to a network one.
"""

from __future__ import annotations

import contextlib
import math
import re
import select
import socket
import ssl
import time
from collections.abc import Mapping
from typing import Any

import anyio
import anyio.abc
import anyio.streams.tls
import httpx

from . import _aiostream
from ._transport import (
    BASE_RESPONSE_LIMIT,
    AttemptTimeout,
    Reply,
    ResponseTooLarge,
    Sink,
    _decode,
    _on_asyncio,
    collect,
    drain_into,
)
from .errors import LowerHeaders, SmscxError, scrubbed

__all__ = ["Http11Transport"]

#: The most a response head (status line and headers) may take.
MAX_HEAD = 64 * 1024
#: The most one read asks of the stream (asyncio's transports read 256 KiB at most).
_READ = 256 * 1024
#: Up to this size a body is sent in one piece with its head; past it, after it.
_JOIN_UP_TO = 64 * 1024

_STATUS = re.compile(rb"HTTP/1\.([01]) ([0-9]{3})(?: [\t\x20-\x7e\x80-\xff]*)?")
_FIELDS = re.compile(
    rb"[-!#$%&'*+.^_`|~0-9A-Za-z]+:[\t\x20-\x7e\x80-\xff]*"
    rb"(?:\r\n[-!#$%&'*+.^_`|~0-9A-Za-z]+:[\t\x20-\x7e\x80-\xff]*)*"
)
_REQUEST_NAME = re.compile(r"[-!#$%&'*+.^_`|~0-9A-Za-z]+")
# As h11 writes a value: visible ASCII, inner spaces and tabs, no whitespace at either end.
_REQUEST_VALUE = re.compile(r"(?:[\x21-\x7e](?:[\t\x20-\x7e]*[\x21-\x7e])?)?")
_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]{1,16})[ \t]*(?:;[^\r\n]*)?")
_LINE_END = re.compile(rb"\r?\n")
_HEAD_END = re.compile(rb"\r?\n\r?\n")

# The transport's own framing: never taken from the caller's headers.
_FRAMING = frozenset({"host", "content-length", "transfer-encoding", "connection"})

_STREAM_ERRORS = (anyio.EndOfStream, anyio.BrokenResourceError, anyio.ClosedResourceError)

# Which phase a deadline belongs to, for the timeout error it becomes.
_CONNECT, _WRITE, _READ_PHASE = 0, 1, 2
_TIMEOUTS: dict[int, type[httpx.TimeoutException]] = {
    _CONNECT: httpx.ConnectTimeout,
    _WRITE: httpx.WriteTimeout,
    _READ_PHASE: httpx.ReadTimeout,
}


def _refused_header() -> httpx.LocalProtocolError:
    # Never the value, nor the name (a header name can be a secret's carrier too).
    return httpx.LocalProtocolError("a request header could not be written")


def encode_head(
    method: str, target: bytes, host: bytes, headers: Mapping[str, str], length: int | None
) -> bytes:
    """A request's head, refusing (``LocalProtocolError``) what h11 would not write."""
    lines = [method.encode("ascii"), b" ", target, b" HTTP/1.1\r\nHost: ", host, b"\r\n"]
    for name, value in headers.items():
        if name.lower() in _FRAMING:
            continue
        if not _REQUEST_NAME.fullmatch(name) or not _REQUEST_VALUE.fullmatch(value):
            raise _refused_header()
        # ASCII only, as httpx encodes a str header: a UnicodeEncodeError cannot happen past
        # the check above (which admits ASCII only).
        lines.append(f"{name}: {value}\r\n".encode("ascii"))
    if length is not None:
        lines.append(b"Content-Length: %d\r\n" % length)
    lines.append(b"\r\n")
    return b"".join(lines)


class Head:
    """A parsed response head."""

    __slots__ = ("chunked", "headers", "keep_alive", "length", "status", "version")

    def __init__(
        self,
        status: int,
        version: int,
        headers: LowerHeaders,
        length: int | None,
        chunked: bool,
        keep_alive: bool,
    ) -> None:
        self.status = status
        self.version = version
        self.headers = headers
        self.length = length
        self.chunked = chunked
        self.keep_alive = keep_alive


def parse_head(raw: bytes) -> Head:
    """A response head (without its blank line), or ``RemoteProtocolError``.

    Checked whole by one regular expression (a token, a colon, a value of visible or blank
    octets, per line), then split: a quarter of the cost of matching line by line.
    """
    end = raw.find(b"\n")
    status_line, block = (raw, b"") if end < 0 else (raw[:end], raw[end + 1 :])
    status_match = _STATUS.fullmatch(status_line.removesuffix(b"\r"))
    if status_match is None:
        raise httpx.RemoteProtocolError("the server's status line is not HTTP/1.x")
    version = int(status_match.group(1))
    status = int(status_match.group(2))
    headers = LowerHeaders()
    head = Head(status, version, headers, None, False, version == 1)
    if not block:
        return head
    if block.count(b"\n") != block.count(b"\r\n"):
        block = _LINE_END.sub(b"\r\n", block)  # bare LF line ends, as h11 reads them
    if _FIELDS.fullmatch(block) is None:
        raise httpx.RemoteProtocolError("the server sent a malformed header line")
    try:
        lines = block.decode("ascii").split("\r\n")
    except UnicodeDecodeError:
        lines = [_decode(line) for line in block.split(b"\r\n")]
    special: list[tuple[str, str]] = []
    for line in lines:
        name, _, value = line.partition(":")
        name = name.lower()
        value = value.strip(" \t")
        if name in _FRAMING_NAMES:
            special.append((name, value))
        previous = headers.get(name)
        headers[name] = value if previous is None else f"{previous}, {value}"
    if special:
        _framing(head, special)
    return head


_FRAMING_NAMES = frozenset({"content-length", "transfer-encoding", "connection"})


def _framing(head: Head, special: list[tuple[str, str]]) -> None:
    """The body's framing and the connection's fate, from the headers that decide them."""
    lengths: set[str] = set()
    codings: list[str] = []
    connection: set[str] = set()
    for name, value in special:
        parts = [part.strip().lower() for part in value.split(",") if part.strip()]
        if name == "content-length":
            lengths.update(parts)
        elif name == "transfer-encoding":
            codings.extend(parts)
        else:
            connection.update(parts)
    if "close" in connection:
        head.keep_alive = False
    elif "keep-alive" in connection:
        head.keep_alive = True
    if codings:
        if codings != ["chunked"]:
            raise httpx.RemoteProtocolError("the server used a transfer coding other than chunked")
        head.chunked = True
        if lengths:
            head.keep_alive = False  # both framings: chunked wins, and the connection goes
    elif lengths:
        value = next(iter(lengths))
        if len(lengths) != 1 or not value.isdigit() or not value.isascii():
            raise httpx.RemoteProtocolError("the server sent an invalid Content-Length")
        head.length = int(value)


class Connection:
    """One keep-alive connection: its stream, the bytes read past the last response, and
    the raw socket for the stale check."""

    __slots__ = ("_poll", "buffer", "fd", "idle_since", "sock", "stream")

    def __init__(self, stream: anyio.abc.ByteStream | _aiostream.AsyncioStream) -> None:
        self.stream: Any = stream
        self.buffer = b""
        self.idle_since = 0.0
        self.sock: Any = None
        self.fd = -1
        self._poll: Any = None
        with contextlib.suppress(Exception):
            self.sock = stream.extra(anyio.abc.SocketAttribute.raw_socket)
            self.fd = self.sock.fileno()
            if hasattr(select, "poll"):
                self._poll = select.poll()
                self._poll.register(self.fd, select.POLLIN)

    def looks_alive(self) -> bool:
        """Whether the server has neither closed nor written to it while it was idle: either
        makes the socket readable (end of stream, or bytes no request asked for)."""
        if self.buffer:
            return False  # bytes after the last response: nothing can follow them
        if isinstance(self.stream, _aiostream.AsyncioStream) and not self.stream.idle_ok():
            return False  # the loop already read what the server sent or did
        if self.fd < 0:
            return True
        try:
            if self._poll is not None:
                return not self._poll.poll(0)
            return not select.select([self.fd], [], [], 0)[0]
        except (OSError, ValueError):
            return False

    async def aclose(self) -> None:
        with anyio.CancelScope(shield=True), contextlib.suppress(Exception):
            await self.stream.aclose()

    def abort(self) -> None:
        """Close the socket without an event loop (the client was collected open, its loop
        has ended, or a pooled connection was found stale). anyio has no public synchronous
        close: this reaches the asyncio transport (``abort``, while its loop can take it) or
        the socket beneath a trio stream, and only shuts the socket down where neither is
        found."""
        inner: Any = self.stream
        while isinstance(inner, anyio.streams.tls.TLSStream):
            inner = inner.transport_stream
        with contextlib.suppress(Exception):
            if isinstance(inner, _aiostream.AsyncioStream):
                inner.abort()
                return
            transport = getattr(inner, "_transport", None)  # anyio's stream on asyncio
            if transport is not None:
                _aiostream.abort_transport(transport)
                return
            if getattr(inner, "_trio_socket", None) is not None and self.sock is not None:
                _aiostream.close_socket(self.sock)  # the socket under it: no run needed
                return
        if self.sock is not None:
            with contextlib.suppress(OSError):
                self.sock.shutdown(socket.SHUT_RDWR)


class _Body:
    """A response body, chunk by chunk, as its framing says: no async generator (one left
    suspended by a cancel is finalised only when collected, and trio warns then)."""

    __slots__ = ("_chunk_left", "_done", "_exchange", "_left", "_mode", "connection", "whole")

    def __init__(self, exchange: _Exchange, connection: Connection, head: Head) -> None:
        self._exchange = exchange
        #: The connection the body is read from.
        self.connection = connection
        self._done = False
        self._chunk_left = 0
        #: Whether the body was read to its end (the connection may then be reused).
        self.whole = False
        if head.chunked:
            self._mode = "chunked"
            self._left = 0
        elif head.length is not None:
            self._mode = "length"
            self._left = head.length
        else:
            self._mode = "eof"
            self._left = 0

    def __aiter__(self) -> _Body:
        return self

    async def __anext__(self) -> bytes:
        if self._done:
            raise StopAsyncIteration
        if self._mode == "length":
            return await self._next_by_length()
        if self._mode == "chunked":
            return await self._next_chunk()
        return await self._next_until_eof()

    async def _next_by_length(self) -> bytes:
        if self._left == 0:
            self._finish()
            raise StopAsyncIteration
        data = await self._take(self._left)
        self._left -= len(data)
        if self._left == 0:
            self._finish()
        return data

    async def _take(self, most: int) -> bytes:
        """Up to ``most`` bytes of the body: what is buffered, else what arrives next."""
        connection = self.connection
        if not connection.buffer:
            connection.buffer = await self._exchange.receive(connection, eof_ok=False)
        data = connection.buffer[:most]
        connection.buffer = connection.buffer[len(data) :]
        return data

    async def _next_until_eof(self) -> bytes:
        connection = self.connection
        if connection.buffer:
            data, connection.buffer = connection.buffer, b""
            return data
        data = await self._exchange.receive(connection, eof_ok=True)
        if not data:
            self._finish()  # the end of the body is the end of the connection
            raise StopAsyncIteration
        return data

    async def _next_chunk(self) -> bytes:
        while True:
            if self._chunk_left:
                data = await self._take(self._chunk_left)
                self._chunk_left -= len(data)
                if self._chunk_left == 0:
                    await self._expect_crlf()
                return data
            line = await self._line()
            size = _CHUNK_SIZE.fullmatch(line)
            if size is None:
                raise httpx.RemoteProtocolError("the server sent a malformed chunk size")
            self._chunk_left = int(size.group(1), 16)
            if self._chunk_left == 0:
                while await self._line():  # trailers, up to the blank line
                    pass
                self._finish()
                raise StopAsyncIteration

    async def _expect_crlf(self) -> None:
        if await self._line():
            raise httpx.RemoteProtocolError("the server sent a chunk longer than its size")

    async def _line(self) -> bytes:
        connection = self.connection
        while True:
            end = connection.buffer.find(b"\n")
            if end >= 0:
                line = connection.buffer[:end]
                connection.buffer = connection.buffer[end + 1 :]
                return line[:-1] if line.endswith(b"\r") else line
            if len(connection.buffer) > MAX_HEAD:
                raise httpx.RemoteProtocolError("the server sent a chunk header past 64 KiB")
            connection.buffer += await self._exchange.receive(connection, eof_ok=False)

    def _finish(self) -> None:
        self._done = True
        self.whole = True


class _Exchange:
    """The deadlines of one exchange, in one cancel scope whose deadline moves with the phase:
    each phase's timeout, never past the whole attempt's bound."""

    __slots__ = ("by_bound", "ends_at", "phase", "read_timeout", "scope")

    def __init__(self, read_timeout: float | None, bound: float | None) -> None:
        self.ends_at = math.inf if bound is None else anyio.current_time() + bound
        self.scope = anyio.CancelScope(deadline=self.ends_at)
        #: Whether the deadline in force is the attempt's bound (not the phase's timeout).
        self.by_bound = True
        self.phase = _CONNECT
        self.read_timeout = read_timeout

    def enter(self, phase: int, timeout: float | None) -> None:
        self.phase = phase
        deadline = math.inf if timeout is None else anyio.current_time() + timeout
        self.by_bound = deadline >= self.ends_at
        self.scope.deadline = self.ends_at if self.by_bound else deadline

    async def receive(self, connection: Connection, *, eof_ok: bool) -> bytes:
        """The next bytes of the response, each wait bounded by the read timeout; ``b""`` at
        its end only where that is allowed."""
        self.enter(_READ_PHASE, self.read_timeout)
        try:
            data: bytes = await connection.stream.receive(_READ)
        except anyio.EndOfStream:
            if eof_ok:
                return b""
            raise httpx.RemoteProtocolError(
                "the server closed the connection before the response was whole"
            ) from None
        return data


class Http11Transport(httpx.AsyncBaseTransport):
    """An httpx transport of smscx's own: a strict HTTP/1.1 codec and a pool of keep-alive
    connections, on asyncio's transports or anyio's streams (see the module docstring)."""

    def __init__(
        self, *, ssl_context: ssl.SSLContext, proxy: httpx.URL | None, limits: httpx.Limits
    ) -> None:
        self._ssl = ssl_context
        self._proxy = proxy
        self._proxy_auth: bytes | None = None
        if proxy is not None and (proxy.username or proxy.password):
            import base64

            pair = f"{proxy.username}:{proxy.password}".encode()
            self._proxy_auth = b"Basic " + base64.b64encode(pair)
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
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _FRAMING}
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
        timeout: httpx.Timeout,  # noqa: ASYNC109 (per phase, as in every transport's exchange)
        limit: int,
        sink: Sink | None = None,
        bound: float | None = None,
    ) -> Reply:
        """One request and its response, all of it within ``bound`` seconds (else
        :class:`AttemptTimeout`); errors are httpx's (see the module docstring)."""
        origin, target, host = self._target(url)
        head = self._head(method, target, host, headers, content)
        deadlines = _Exchange(timeout.read, bound)
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
        error = _TIMEOUTS[deadlines.phase]
        raise error(f"{('connect', 'write', 'read')[deadlines.phase]} timeout")

    async def _exchange(
        self,
        deadlines: _Exchange,
        origin: tuple[str, str, int],
        head: bytes,
        content: bytes | None,
        timeouts: httpx.Timeout,
        limit: int,
        sink: Sink | None,
        method: str,
    ) -> Reply:
        connection = self._checkout(origin)
        if connection is None:
            deadlines.enter(_CONNECT, timeouts.connect)
            connection = await self._connect(origin)
        reusable = False
        try:
            if content and len(content) > _JOIN_UP_TO:
                # Only a large body can wait for the server to read: a small one goes into
                # an idle connection's empty send buffer at once, and needs no deadline.
                deadlines.enter(_WRITE, timeouts.write)
                await connection.stream.send(head)  # no copy of a large body
                await connection.stream.send(content)
            else:
                deadlines.phase = _WRITE
                await connection.stream.send(head + content if content else head)
            response_head = await self._read_head(deadlines, connection)
            reply, reusable = await self._read_body(
                deadlines, connection, response_head, limit, sink, method
            )
            return reply
        finally:
            if not (reusable and not self._closed and self._checkin(origin, connection)):
                await connection.aclose()

    async def _read_head(self, deadlines: _Exchange, connection: Connection) -> Head:
        while True:
            buffer = connection.buffer
            while True:
                found = _HEAD_END.search(buffer, 0, MAX_HEAD + 4)  # CRLF or bare LF ends
                if found is not None:
                    raw, rest = buffer[: found.start()], buffer[found.end() :]
                    break
                if len(buffer) > MAX_HEAD:
                    raise httpx.RemoteProtocolError("the server's response head is past 64 KiB")
                try:
                    more = await deadlines.receive(connection, eof_ok=not buffer)
                except httpx.RemoteProtocolError:
                    raise httpx.RemoteProtocolError(
                        "the server closed the connection mid-way through the response head"
                    ) from None
                if not more:
                    raise httpx.RemoteProtocolError(
                        "the server closed the connection without sending a response"
                    )
                buffer += more
            connection.buffer = rest
            head = parse_head(raw.lstrip(b"\r\n"))
            if head.status == 101:
                raise httpx.RemoteProtocolError("the server switched protocols unasked")
            if 100 <= head.status < 200:
                continue  # an interim response (100 Continue, 103 Early Hints): the next one
            return head

    async def _read_body(
        self,
        deadlines: _Exchange,
        connection: Connection,
        head: Head,
        limit: int,
        sink: Sink | None,
        method: str,
    ) -> tuple[Reply, bool]:
        status = head.status
        if method == "HEAD" or status in (204, 304):
            head.length, head.chunked = 0, False
        length = head.length
        buffer = connection.buffer
        if length is not None and length <= len(buffer) and length <= limit and sink is None:
            # The common case: the whole body came with the head.
            connection.buffer = buffer[length:]
            reusable = head.keep_alive and not connection.buffer
            return Reply(status, head.headers, buffer[:length]), reusable
        body = _Body(deadlines, connection, head)
        # A body the sink does not take (not the export) is read as any body: the pipeline
        # refuses it, and nothing is written.
        if sink is not None and 200 <= status < 300 and sink.begin(head.headers):
            # Stopped early (the sink refused more, a cancel), the drain closes the stream
            # first, so that running the body on to its end reads nothing more.
            await drain_into(body, sink, connection.aclose)
            return Reply(status, head.headers, b""), _clean(head, body)
        content, whole = await collect(body, limit, status, lambda: head.headers, head.length)
        return Reply(status, head.headers, content), whole and _clean(head, body)

    # --- connections ----------------------------------------------------------------------

    def _checkout(self, origin: tuple[str, str, int]) -> Connection | None:
        idle = self._idle.get(origin)
        if not idle:
            return None
        now = time.monotonic()
        while idle:
            connection = idle.pop()
            if now - connection.idle_since <= self._expiry and connection.looks_alive():
                return connection
            connection.abort()  # stale or expired: closed now, never written to
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
        proxy = self._proxy
        if proxy is None and _on_asyncio():
            # asyncio's own transport, without anyio's checkpoints per operation (see
            # _aiostream); through a proxy, anyio's streams, which do TLS in TLS everywhere.
            tls = self._ssl if scheme == "https" else None
            return Connection(await _aiostream.connect(host, port, tls))
        if proxy is None:
            stream: anyio.abc.ByteStream = await anyio.connect_tcp(host, port)
            if scheme == "https":
                stream = await self._tls(stream, host)
            return Connection(stream)
        stream = await anyio.connect_tcp(proxy.host, proxy.port or _default_port(proxy.scheme))
        connection = Connection(stream)
        try:
            if proxy.scheme == "https":
                connection.stream = await self._tls(stream, proxy.host)
            if scheme == "https":
                await self._tunnel(connection, host, port)
                connection.stream = await self._tls(connection.stream, host)
        except BaseException:
            await connection.aclose()
            raise
        return connection

    async def _tls(self, stream: anyio.abc.ByteStream, host: str) -> anyio.abc.ByteStream:
        try:
            return await anyio.streams.tls.TLSStream.wrap(
                stream, hostname=host, ssl_context=self._ssl, standard_compatible=False
            )
        except BaseException:
            with anyio.CancelScope(shield=True), contextlib.suppress(Exception):
                await stream.aclose()
            raise

    async def _tunnel(self, connection: Connection, host: str, port: int) -> None:
        authority = f"{host}:{port}".encode("idna")
        lines = [b"CONNECT ", authority, b" HTTP/1.1\r\nHost: ", authority, b"\r\n"]
        if self._proxy_auth is not None:
            lines += [b"Proxy-Authorization: ", self._proxy_auth, b"\r\n"]
        await connection.stream.send(b"".join([*lines, b"\r\n"]))
        buffer = b""
        while b"\r\n\r\n" not in buffer:
            if len(buffer) > MAX_HEAD:
                raise httpx.ProxyError("the proxy's answer to CONNECT is past 64 KiB")
            try:
                buffer += await connection.stream.receive(_READ)
            except anyio.EndOfStream:
                raise httpx.ProxyError("the proxy closed the connection during CONNECT") from None
        raw, _, rest = buffer.partition(b"\r\n\r\n")
        head = parse_head(raw)
        if not 200 <= head.status < 300:
            raise httpx.ProxyError(f"the proxy refused the tunnel (HTTP {head.status})")
        if rest:
            raise httpx.ProxyError("the proxy sent bytes before the tunnel was up")

    # --- encoding, cached -----------------------------------------------------------------

    def _target(self, url: str) -> tuple[tuple[str, str, int], bytes, bytes]:
        found = self._targets.get(url)
        if found is None:
            if len(self._targets) >= 256:  # paths with ids (deletes) would grow it forever
                self._targets.clear()
            parsed = httpx.URL(url)
            if parsed.scheme not in ("http", "https"):
                raise httpx.UnsupportedProtocol(f"the URL scheme {parsed.scheme!r:.20} is not http")
            port = parsed.port or _default_port(parsed.scheme)
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
        if phase == _CONNECT:
            if isinstance(exc, (OSError, ssl.SSLError, anyio.BrokenResourceError)):
                return httpx.ConnectError(message)  # nothing of the request was written
            if isinstance(exc, anyio.EndOfStream):
                return httpx.ConnectError("the server closed the connection in the handshake")
            return None
        if isinstance(
            exc, (anyio.EndOfStream, anyio.BrokenResourceError, anyio.ClosedResourceError)
        ):
            if phase == _WRITE:
                return httpx.WriteError(message)
            return httpx.ReadError(message)
        if isinstance(exc, (OSError, ssl.SSLError)):
            return httpx.WriteError(message) if phase == _WRITE else httpx.ReadError(message)
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


def _clean(head: Head, body: _Body) -> bool:
    """Whether the connection may carry another exchange after this body: read to its end,
    framed (not ended by the close), keep-alive on both sides, and nothing read past it."""
    return (
        body.whole
        and head.keep_alive
        and (head.length is not None or head.chunked)
        and not body.connection.buffer
    )


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80
