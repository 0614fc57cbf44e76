"""Byte streams for the native transport: asyncio's own transports, or anyio's streams.

:func:`open_stream` opens a direct connection: on asyncio an :class:`AsyncioStream`, on trio
anyio's stream (with anyio's TLS). Through a proxy, :mod:`.proxy` uses anyio's streams on
either loop (a tunnel's TLS over an https proxy's TLS is TLS in TLS, which asyncio's
``start_tls`` cannot do before Python 3.11).

Why a stream of our own on asyncio: anyio's asyncio ``SocketStream`` makes every operation a
checkpoint, as anyio promises: each ``send`` ends in a shielded ``sleep(0)`` (a cancel scope
and a trip round the loop), and each ``receive`` resumes reading and pauses it again (two
``epoll_ctl`` calls). Measured on small sends that is about a tenth of the client's CPU per
request. :class:`AsyncioStream` has the same interface as far as the transport uses it
(``send``, ``receive``, ``aclose``, ``extra``) and raises the same anyio errors, but reads
all the time into a buffer (paused only past a high-water mark), and awaits only when there
is nothing to read or the kernel's send buffer is full. Cancellation is not weakened: every
wait is on a future of the running task, which anyio's cancel scopes cancel as any other.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
from collections import deque
from typing import Any

import anyio
import anyio.abc
import anyio.streams.tls

from smscx._transport import on_asyncio

__all__ = ["AsyncioStream", "open_stream", "wrap_tls"]

#: Reading pauses when this much is buffered unread, and resumes below a quarter of it.
_HIGH_WATER = 1024 * 1024


async def open_stream(
    host: str, port: int, tls: ssl.SSLContext | None
) -> AsyncioStream | anyio.abc.ByteStream:
    """A connection to ``host:port``, with TLS (verified for ``host``) when ``tls`` is given."""
    if on_asyncio():
        return await _connect_asyncio(host, port, tls)
    stream: anyio.abc.ByteStream = await anyio.connect_tcp(host, port)
    if tls is not None:
        stream = await wrap_tls(stream, host, tls)
    return stream


async def wrap_tls(
    stream: anyio.abc.ByteStream, host: str, context: ssl.SSLContext
) -> anyio.abc.ByteStream:
    """``stream`` with TLS on it, verified for ``host``; closed if the handshake fails."""
    try:
        return await anyio.streams.tls.TLSStream.wrap(
            stream, hostname=host, ssl_context=context, standard_compatible=False
        )
    except BaseException:
        with anyio.CancelScope(shield=True), contextlib.suppress(Exception):
            await stream.aclose()
        raise


class AsyncioStream(asyncio.Protocol):
    """The protocol of one connection, and the stream the native transport reads it through."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        # asyncio's own or uvloop's (which are no asyncio.Transport subclasses).
        self._transport: Any = None
        self._chunks: deque[bytes] = deque()
        self._buffered = 0
        self._eof = False
        self._lost = False
        self._error: BaseException | None = None
        self._closed = False
        self._reading_paused = False
        self._writing_paused = False
        self._reader: asyncio.Future[None] | None = None
        self._drainer: asyncio.Future[None] | None = None

    # --- asyncio's protocol callbacks -----------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        self._chunks.append(data)
        self._buffered += len(data)
        if self._buffered > _HIGH_WATER and not self._reading_paused and self._transport:
            self._reading_paused = True
            self._transport.pause_reading()
        self._wake_reader()

    def eof_received(self) -> bool:
        self._eof = True
        self._wake_reader()
        return False  # the transport closes itself

    def connection_lost(self, exc: Exception | None) -> None:
        self._lost = True
        self._eof = True
        if exc is not None:
            self._error = exc
        self._wake_reader()
        self._wake_drainer()

    def pause_writing(self) -> None:
        self._writing_paused = True

    def resume_writing(self) -> None:
        self._writing_paused = False
        self._wake_drainer()

    def _wake_reader(self) -> None:
        reader = self._reader
        if reader is not None and not reader.done():
            reader.set_result(None)

    def _wake_drainer(self) -> None:
        drainer = self._drainer
        if drainer is not None and not drainer.done():
            drainer.set_result(None)

    # --- the stream -----------------------------------------------------------------------

    async def receive(self, max_bytes: int = 65536) -> bytes:
        """The next bytes: at once when some are buffered, else when they arrive.

        ``anyio.EndOfStream`` at the end, ``anyio.BrokenResourceError`` after a reset,
        ``anyio.ClosedResourceError`` once closed here.
        """
        while not self._chunks:
            if self._closed:
                raise anyio.ClosedResourceError
            if self._error is not None:
                raise anyio.BrokenResourceError from self._error
            if self._eof:
                raise anyio.EndOfStream
            self._reader = self._loop.create_future()
            try:
                await self._reader
            finally:
                self._reader = None
        chunk = self._chunks.popleft()
        if len(chunk) > max_bytes:
            self._chunks.appendleft(chunk[max_bytes:])
            chunk = chunk[:max_bytes]
        self._buffered -= len(chunk)
        if self._reading_paused and self._buffered < _HIGH_WATER // 4 and self._transport:
            self._reading_paused = False
            self._transport.resume_reading()
        return chunk

    async def send(self, data: bytes) -> None:
        """Hand ``data`` to the transport; wait only while the kernel's buffer is full."""
        transport = self._transport
        if self._closed:
            raise anyio.ClosedResourceError
        if transport is None or self._lost or transport.is_closing():
            raise anyio.BrokenResourceError from self._error
        transport.write(data)
        while self._writing_paused and not self._lost:
            self._drainer = self._loop.create_future()
            try:
                await self._drainer
            finally:
                self._drainer = None
        if self._lost:
            raise anyio.BrokenResourceError from self._error

    def idle_ok(self) -> bool:
        """Whether nothing came (bytes, an end, an error) while the connection was idle:
        the loop reads all the time, so the socket itself may show nothing of it."""
        return not (self._chunks or self._eof or self._lost or self._closed)

    async def aclose(self) -> None:
        self.abort()
        await asyncio.sleep(0)  # the transport lets go of its socket on the next loop pass

    def abort(self) -> None:
        """Close at once, without an event loop if need be (nothing is flushed).

        asyncio closes the socket itself one loop pass later; it is shut down now, so the
        peer learns at once even if that pass never comes (a loop blocked, or gone).
        """
        self._closed = True
        transport = self._transport
        if transport is not None:
            with contextlib.suppress(Exception):  # uvloop's stand-in may not offer it
                transport.get_extra_info("socket").shutdown(socket.SHUT_RDWR)
            _abort(transport)

    def extra(self, attribute: Any, default: Any = None) -> Any:
        """anyio's typed attributes, as far as the transport asks: the raw socket."""
        if attribute is anyio.abc.SocketAttribute.raw_socket and self._transport is not None:
            return self._transport.get_extra_info("socket")
        return default


def _abort(transport: Any) -> None:
    """Abort an asyncio transport if its event loop can still take it.

    ``abort()`` leaves closing the socket to the loop's next pass, which a closed loop never
    has (``RuntimeError``). The client closes its connections while its loop is finalised
    (``Pipeline._close_when_the_loop_ends``); what is left then, no public API can close.
    """
    with contextlib.suppress(RuntimeError):  # "Event loop is closed"
        transport.abort()


async def _connect_asyncio(host: str, port: int, tls: ssl.SSLContext | None) -> AsyncioStream:
    loop = asyncio.get_running_loop()
    stream = AsyncioStream(loop)
    # Happy eyeballs as anyio.connect_tcp does them, where the loop can (uvloop cannot).
    options: dict[str, Any] = (
        {"happy_eyeballs_delay": 0.25} if isinstance(loop, asyncio.BaseEventLoop) else {}
    )
    await loop.create_connection(
        lambda: stream,
        host,
        port,
        ssl=tls,
        server_hostname=host if tls is not None else None,
        **options,
    )
    return stream
