"""An httpx transport that calls the emulator's ASGI app in the same event loop.

No socket, so no port, no thread and no waiting: the fastest way to test code that uses
the SDK. It behaves like the network where that matters to a client:

* the request's read timeout (``request.extensions["timeout"]["read"]``) is enforced, so a
  ``delay`` fault longer than it raises :class:`httpx.ReadTimeout` (``httpx.ASGITransport``
  ignores timeouts, which is why this is not it);
* a fault that cuts the connection raises :class:`httpx.RemoteProtocolError`, as httpx does
  when a server hangs up without answering.

It runs on whatever event loop calls it (asyncio or trio), through anyio.
"""

from __future__ import annotations

import math
from collections.abc import MutableMapping
from typing import Any

import anyio
import httpx

from .app import ABORT_EXTENSION, ASGIApp

__all__ = ["InProcessTransport"]


class _Exchange:
    """One request/response as the app sees it: the body in, the answer out."""

    def __init__(self, body: bytes) -> None:
        self._body: bytes | None = body
        self._done = anyio.Event()
        self.aborted = False
        self.status = 500
        self.headers: list[tuple[bytes, bytes]] = []
        self.chunks: list[bytes] = []

    def abort(self) -> None:
        self.aborted = True
        self._done.set()

    async def receive(self) -> MutableMapping[str, Any]:
        if self._body is not None:
            body, self._body = self._body, None
            return {"type": "http.request", "body": body, "more_body": False}
        # Like a server: after the body, receive() returns only once the client is gone.
        await self._done.wait()
        return {"type": "http.disconnect"}

    async def send(self, message: MutableMapping[str, Any]) -> None:
        if self.aborted:
            return
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            self.chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                self._done.set()


class InProcessTransport(httpx.AsyncBaseTransport):
    """Serve httpx requests from an ASGI app directly (see the module docstring)."""

    def __init__(self, app: ASGIApp, *, client: tuple[str, int] = ("127.0.0.1", 49152)) -> None:
        self._app = app
        self._client = client

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        exchange = _Exchange(body)
        url = request.url
        scope: dict[str, Any] = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": request.method,
            "scheme": url.scheme,
            "path": url.path,
            "raw_path": url.raw_path.split(b"?", 1)[0],
            "query_string": url.query,
            "root_path": "",
            "headers": [(name.lower(), value) for name, value in request.headers.raw],
            "client": self._client,
            "server": (url.host, url.port or (443 if url.scheme == "https" else 80)),
            "extensions": {ABORT_EXTENSION: exchange.abort},
        }
        timeout = request.extensions.get("timeout", {}).get("read")
        with anyio.move_on_after(math.inf if timeout is None else timeout) as deadline:
            await self._app(scope, exchange.receive, exchange.send)
        if deadline.cancelled_caught:
            raise httpx.ReadTimeout("The emulator did not answer in time.", request=request)
        if exchange.aborted:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )
        return httpx.Response(
            exchange.status,
            headers=exchange.headers,
            stream=httpx.ByteStream(b"".join(exchange.chunks)),
            extensions={"http_version": b"HTTP/1.1"},
            request=request,
        )
