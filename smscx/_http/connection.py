"""One keep-alive connection, and one exchange on it: the request written, the response
read as its framing says, each phase within its deadline.

- **Reuse**: a connection may carry another exchange only after this one read its response
  whole and both sides allow keep-alive (:func:`exchange_on` says so). Anything else (an error, a
  cancel, a timeout, a body not read to its end, bytes after the response) closes it.
- **Timeouts**: ``connect`` bounds the TCP connect, the proxy's ``CONNECT`` and the TLS
  handshake; ``write`` the request's send; ``read`` each wait for response bytes; and the
  attempt's bound all of them (:class:`Deadlines`).
- **Bodies**: never decompressed, read up to the call's cap (:func:`_transport.collect`), or
  streamed into a download's sink once it took the head (``Sink.begin``).
"""

from __future__ import annotations

import contextlib
import math
import re
import select
import socket
from typing import Any

import anyio
import anyio.abc
import httpx

from smscx._transport import Reply, Sink, collect, drain_into, on_asyncio

from .codec import MAX_HEAD, Head, parse_head
from .streams import AsyncioStream

__all__ = ["CONNECT", "READ", "TIMEOUTS", "WRITE", "Connection", "Deadlines", "exchange_on"]

#: The most one read asks of the stream (asyncio's transports read 256 KiB at most).
READ_SIZE = 256 * 1024
#: Up to this size a body is sent in one piece with its head; past it, after it.
_JOIN_UP_TO = 64 * 1024

_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]{1,16})[ \t]*(?:;[^\r\n]*)?")
_HEAD_END = re.compile(rb"\r?\n\r?\n")

#: Which phase a deadline belongs to, for the timeout error it becomes.
CONNECT, WRITE, READ = 0, 1, 2
TIMEOUTS: dict[int, type[httpx.TimeoutException]] = {
    CONNECT: httpx.ConnectTimeout,
    WRITE: httpx.WriteTimeout,
    READ: httpx.ReadTimeout,
}


class Connection:
    """One keep-alive connection: its stream, the bytes read past the last response, and
    the raw socket for the stale check."""

    __slots__ = ("_on_trio", "_poll", "buffer", "fd", "idle_since", "sock", "stream")

    def __init__(self, stream: anyio.abc.ByteStream | AsyncioStream) -> None:
        self.stream: Any = stream
        self.buffer = b""
        self.idle_since = 0.0
        self.sock: Any = None
        self.fd = -1
        self._poll: Any = None
        # anyio's stream on trio (not on asyncio, where it is a proxy's): see abort.
        self._on_trio = not isinstance(stream, AsyncioStream) and not on_asyncio()
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
        if isinstance(self.stream, AsyncioStream) and not self.stream.idle_ok():
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
        """Close an idle connection without its event loop (the client was collected open, or
        its loop has ended).

        Ours on asyncio aborts its asyncio transport. Under anyio's stream on trio the socket
        itself is closed: no task of the run waits on an idle one. anyio's stream on asyncio
        (through a proxy) has no public synchronous close: its socket is shut down, so the
        peer learns at once, and the collector closes it (the loop's end closes it properly
        first: ``Pipeline._close_when_the_loop_ends``).
        """
        if isinstance(self.stream, AsyncioStream):
            self.stream.abort()
            return
        if self.sock is None:
            return
        with contextlib.suppress(OSError):
            if self._on_trio:
                self.sock.close()
            else:
                self.sock.shutdown(socket.SHUT_RDWR)


class ResponseBody:
    """A response body, chunk by chunk, as its framing says: no async generator (one left
    suspended by a cancel is finalised only when collected, and trio warns then)."""

    __slots__ = ("_chunk_left", "_deadlines", "_done", "_left", "_mode", "connection", "whole")

    def __init__(self, deadlines: Deadlines, connection: Connection, head: Head) -> None:
        self._deadlines = deadlines
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

    def __aiter__(self) -> ResponseBody:
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
            connection.buffer = await self._deadlines.receive(connection, eof_ok=False)
        data = connection.buffer[:most]
        connection.buffer = connection.buffer[len(data) :]
        return data

    async def _next_until_eof(self) -> bytes:
        connection = self.connection
        if connection.buffer:
            data, connection.buffer = connection.buffer, b""
            return data
        data = await self._deadlines.receive(connection, eof_ok=True)
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
            connection.buffer += await self._deadlines.receive(connection, eof_ok=False)

    def _finish(self) -> None:
        self._done = True
        self.whole = True


class Deadlines:
    """The deadlines of one exchange, in one cancel scope whose deadline moves with the phase:
    each phase's timeout, never past the whole attempt's bound."""

    __slots__ = ("by_bound", "ends_at", "phase", "read_timeout", "scope")

    def __init__(self, read_timeout: float | None, bound: float | None) -> None:
        self.ends_at = math.inf if bound is None else anyio.current_time() + bound
        self.scope = anyio.CancelScope(deadline=self.ends_at)
        #: Whether the deadline in force is the attempt's bound (not the phase's timeout).
        self.by_bound = True
        self.phase = CONNECT
        self.read_timeout = read_timeout

    def enter(self, phase: int, timeout: float | None) -> None:
        self.phase = phase
        deadline = math.inf if timeout is None else anyio.current_time() + timeout
        self.by_bound = deadline >= self.ends_at
        self.scope.deadline = self.ends_at if self.by_bound else deadline

    async def receive(self, connection: Connection, *, eof_ok: bool) -> bytes:
        """The next bytes of the response, each wait bounded by the read timeout; ``b""`` at
        its end only where that is allowed."""
        self.enter(READ, self.read_timeout)
        try:
            data: bytes = await connection.stream.receive(READ_SIZE)
        except anyio.EndOfStream:
            if eof_ok:
                return b""
            raise httpx.RemoteProtocolError(
                "the server closed the connection before the response was whole"
            ) from None
        return data


async def exchange_on(
    deadlines: Deadlines,
    connection: Connection,
    head: bytes,
    content: bytes | None,
    timeouts: httpx.Timeout,
    limit: int,
    sink: Sink | None,
    method: str,
) -> tuple[Reply, bool]:
    """Write one request on ``connection`` and read its response: the reply, and whether the
    connection may carry another exchange."""
    if content and len(content) > _JOIN_UP_TO:
        # Only a large body can wait for the server to read: a small one goes into an idle
        # connection's empty send buffer at once, and needs no deadline.
        deadlines.enter(WRITE, timeouts.write)
        await connection.stream.send(head)  # no copy of a large body
        await connection.stream.send(content)
    else:
        deadlines.phase = WRITE
        await connection.stream.send(head + content if content else head)
    response_head = await _read_head(deadlines, connection)
    return await _read_body(deadlines, connection, response_head, limit, sink, method)


async def _read_head(deadlines: Deadlines, connection: Connection) -> Head:
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
    deadlines: Deadlines,
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
    body = ResponseBody(deadlines, connection, head)
    # A body the sink does not take (not the export) is read as any body: the pipeline
    # refuses it, and nothing is written.
    if sink is not None and 200 <= status < 300 and sink.begin(head.headers):
        # Stopped early (the sink refused more, a cancel), the drain closes the stream
        # first, so that running the body on to its end reads nothing more.
        await drain_into(body, sink, connection.aclose)
        return Reply(status, head.headers, b""), _clean(head, body)
    content, whole = await collect(body, limit, status, lambda: head.headers, head.length)
    return Reply(status, head.headers, content), whole and _clean(head, body)


def _clean(head: Head, body: ResponseBody) -> bool:
    """Whether the connection may carry another exchange after this body: read to its end,
    framed (not ended by the close), keep-alive on both sides, and nothing read past it."""
    return (
        body.whole
        and head.keep_alive
        and (head.length is not None or head.chunked)
        and not body.connection.buffer
    )
