"""The emulator on a real loopback socket: uvicorn in a thread with its own asyncio loop.

Why a thread: uvicorn needs asyncio, and the caller may be on trio; a thread with its own
loop works the same under both, and keeps the server's work off the caller's loop (a
25,000-number send does not stall the test). The socket is bound before the thread starts,
so the port is known at once and nothing races for it.

Why a protocol subclass: a fault must really cut the TCP connection (an HTTP 500 is not a
dropped connection), and an ASGI app cannot reach its transport. The emulator's uvicorn
protocol records each connection's transport by peer address as the connection is made,
and a thin wrapper hands the app an ``"smscx.abort"`` scope extension that calls
``transport.abort()``: the socket closes with nothing sent. This uses only uvicorn's
documented hook for a custom protocol class (``Config(http=...)``) and asyncio's
``connection_made``/``connection_lost``; no byte-copying proxy is needed.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import uvicorn
from uvicorn.protocols.http.auto import AutoHTTPProtocol

from .app import ABORT_EXTENSION, ASGIApp, Receive, Scope, Send

__all__ = ["SocketServer", "serve_app"]


class _Connections:
    """Live transports by peer address, so a request can cut its own connection."""

    def __init__(self) -> None:
        self._by_peer: dict[tuple[str, int], asyncio.BaseTransport] = {}

    def sockets(self) -> list[socket.socket]:
        """The accepted sockets still open."""
        found = (t.get_extra_info("socket") for t in list(self._by_peer.values()))
        return [sock for sock in found if sock is not None]

    def protocol_class(self) -> type[asyncio.Protocol]:
        """uvicorn's HTTP protocol, recording each connection here."""
        connections = self._by_peer

        def connection_made(self: Any, transport: asyncio.BaseTransport) -> None:
            sock = transport.get_extra_info("socket")
            if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
                # An answer must leave at once: with Nagle's algorithm on, each answer on a
                # kept-alive connection waited for the client's delayed ACK (~40 ms).
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            peer = transport.get_extra_info("peername")
            if peer:
                self._smscx_peer = (peer[0], peer[1])
                connections[self._smscx_peer] = transport
            AutoHTTPProtocol.connection_made(self, transport)

        def connection_lost(self: Any, exc: Exception | None) -> None:
            connections.pop(getattr(self, "_smscx_peer", ("", 0)), None)
            AutoHTTPProtocol.connection_lost(self, exc)

        return type(
            "EmulatorHTTPProtocol",
            (AutoHTTPProtocol,),
            {"connection_made": connection_made, "connection_lost": connection_lost},
        )

    def wrap(self, app: ASGIApp) -> ASGIApp:
        """``app`` with the abort extension added to each HTTP request's scope."""
        by_peer = self._by_peer

        async def with_abort(scope: Scope, receive: Receive, send: Send) -> None:
            client = scope.get("client")
            if scope["type"] == "http" and client:
                transport = by_peer.get((client[0], client[1]))
                if transport is not None:
                    scope["extensions"] = {
                        **(scope.get("extensions") or {}),
                        ABORT_EXTENSION: transport.abort,  # type: ignore[attr-defined]
                    }
            await app(scope, receive, send)

        return with_abort


class _Server(uvicorn.Server):
    """uvicorn's server, telling another thread when it is ready (or failed to start)."""

    def __init__(self, config: uvicorn.Config, ready: threading.Event) -> None:
        super().__init__(config)
        self._ready = ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        try:
            await super().startup(sockets=sockets)
        finally:
            self._ready.set()


class SocketServer:
    """One uvicorn server in a background thread, on a socket bound up front."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        log_level: str = "warning",
    ) -> None:
        connections = _Connections()
        #: The live connections by peer address (tests read their sockets' options).
        self.connections = connections
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY on accepted sockets only when the
        # listening socket says it is TCP (connection_made above sets it regardless).
        self._socket = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        try:
            self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self._socket.bind((host, port))
            self._socket.listen(2048)
        except OSError:
            self._socket.close()
            raise
        bound_host, bound_port = self._socket.getsockname()[:2]
        shown = f"[{bound_host}]" if family == socket.AF_INET6 else bound_host
        self.base_url = f"http://{shown}:{bound_port}"
        config = uvicorn.Config(
            connections.wrap(app),
            http=connections.protocol_class(),
            loop="asyncio",
            ws="none",
            lifespan="off",
            interface="asgi3",
            proxy_headers=False,
            server_header=False,
            access_log=False,
            log_config=None,
            log_level=log_level,
            timeout_graceful_shutdown=2,
        )
        self._ready = threading.Event()
        self._server = _Server(config, self._ready)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="smscx-emulator", daemon=True)

    def _run(self) -> None:
        try:
            self._server.run(sockets=[self._socket])
        except BaseException as exc:
            self._error = exc
        finally:
            self._ready.set()
            self._socket.close()

    def start(self) -> str:
        """Start serving and block until the server accepts connections; the base URL."""
        self._thread.start()
        self._ready.wait()
        if self._error is not None or not self._server.started:
            self.stop()
            raise RuntimeError("the emulator's server failed to start") from self._error
        return self.base_url

    def stop(self) -> None:
        """Stop serving (open connections are closed) and wait for the thread to end."""
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join()
        self._socket.close()

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted (the command line's way)."""
        self._server.run(sockets=[self._socket])


@asynccontextmanager
async def serve_app(app: ASGIApp, *, host: str = "127.0.0.1", port: int = 0) -> AsyncIterator[str]:
    """Serve ``app`` on ``host``:``port`` (0: a free port) for the block; yield the base URL.

    Starting and stopping wait in a worker thread, so this works on asyncio and trio alike.
    """
    server = SocketServer(app, host=host, port=port)
    url = await anyio.to_thread.run_sync(server.start)
    try:
        yield url
    finally:
        await anyio.to_thread.run_sync(server.stop)
