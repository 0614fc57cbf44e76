"""The emulator as a plain ASGI 3 application: routing, faults, auth, rate limit, headers.

No web framework on purpose: this is also the server of our benchmarks, so a request costs
one dict lookup to route and one JSON parse. The order of events for a request is:

1. route (404 unknown path, 405 wrong method; ``GET /`` and ``/openapi.json`` answer here);
2. the fault plan (a ``status`` fault answers now, ``close_before`` cuts the connection);
3. the body is read; a ``delay`` fault waits, and drops the request if the client left;
4. credentials (401/403), then the rate limit (429);
5. the endpoint's work; a ``close_after_commit`` fault then cuts instead of answering.

Cutting a connection needs the server's help: the app calls the ``"smscx.abort"`` scope
extension, which the in-process transport and the emulator's socket server both provide.
Every response carries ``X-Request-Id``, ``X-Response-Time``, ``X-Rate-Limit-Limit`` and
``X-Rate-Limit-Remaining``; a 429 also ``X-Rate-Limit-Reset`` (Unix seconds).
"""

from __future__ import annotations

import collections
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any

import anyio

from smscx.errors import CATALOGUE
from smscx.testing.routes import INFRASTRUCTURE
from smscx.testing.wire.call import Call, Reply
from smscx.testing.wire.errors import ApiError, error_body

from .access import Gatekeeper, RateLimiter, Window
from .faults import Fault, FaultPlan
from .router import Handler, Router

__all__ = ["ABORT_EXTENSION", "ASGIApp", "EmulatorApp", "Receive", "Scope", "Send"]

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

ABORT_EXTENSION = "smscx.abort"
"""Scope extension: a callable that drops the request's connection without an answer."""

_JSON = (b"content-type", b"application/json")


class EmulatorApp:
    """The ASGI callable; everything it knows is handed in by :class:`~.Emulator`.

    ``router`` serves the namespaces' routes; the app adds the :data:`~..routes.INFRASTRUCTURE`
    routes it answers itself, before credentials are asked for.
    """

    def __init__(
        self,
        *,
        router: Router,
        gatekeeper: Gatekeeper,
        limiter: RateLimiter,
        faults: FaultPlan,
        index: bytes,
        openapi: Callable[[], bytes],
    ) -> None:
        self._router = router
        self._gatekeeper = gatekeeper
        self._limiter = limiter
        self._faults = faults
        self._own: dict[str, Callable[[Mapping[bytes, bytes], bytes], bytes]] = {
            "index": lambda headers, body: index,
            "openapi": lambda headers, body: openapi(),
            "get_access_token": gatekeeper.issue_token,
        }
        # POST /oauth/token (the vendor's OauthApi) is a namespace's route, but answered
        # here by name, before credentials: it reads the Basic Authorization header.
        for method, path, name in INFRASTRUCTURE:
            router.add(method, path, name, _answered_by_the_app)
        #: Requests received, by "METHOD /path" (faulted ones too): for tests that count
        #: what a client sent. A Counter under a lock: requests may come from two threads.
        self.counts: collections.Counter[str] = collections.Counter()
        self._counts_lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self._http(scope, receive, send)
        elif scope["type"] == "lifespan":
            await _lifespan(receive, send)

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        method: str = scope["method"]
        path: str = scope["path"]
        with self._counts_lock:
            self.counts[f"{method} {path}"] += 1
        route = self._router.resolve(method, path)
        fault: Fault | None = None
        if route is not None and path not in ("/", "/openapi.json"):
            fault = self._faults.take(method, path)
        if fault is not None:
            if fault.kind == "status":
                await self._respond(send, started, *_fault_reply(fault, self._limiter.peek()))
                return
            if fault.kind == "close_before":
                await _abort(scope, receive)
                return
        body = await _read_body(receive)
        if (
            fault is not None
            and fault.kind == "delay"
            and not await _wait_unless_gone(fault.seconds, receive)
        ):
            return
        headers = dict(scope["headers"])
        query = scope.get("query_string", b"").decode("latin-1")
        status, payload, extra, window = self._handle(route, method, headers, body, query)
        if fault is not None and fault.kind == "close_after_commit":
            await _abort(scope, receive)
            return
        await self._respond(send, started, status, payload, extra, window)

    def _handle(
        self,
        route: tuple[Mapping[str, tuple[str, Handler]], tuple[str, ...]] | None,
        method: str,
        headers: dict[bytes, bytes],
        body: bytes,
        query: str = "",
    ) -> tuple[int, bytes, list[tuple[bytes, bytes]], Window]:
        """Do the request's work: (status, body, extra headers, rate-limit window)."""
        window = self._limiter.peek()
        try:
            if route is None:
                raise ApiError(404)
            methods, params = route
            found = methods.get(method)
            if found is None:
                raise ApiError(405, headers=[(b"allow", ", ".join(methods).encode())])
            name, handler = found
            own = self._own.get(name)
            if own is not None:
                return 200, own(headers, body), [], window
            self._gatekeeper.authenticate(headers, name)
            window = self._limiter.hit()
            if not window.allowed:
                raise ApiError(429)
            reply: Reply = handler(Call(method, params, query, body))
            return reply.status, reply.body, list(reply.headers), window
        except ApiError as error:
            return error.status, error.body(), error.headers, window

    async def _respond(
        self,
        send: Send,
        started: float,
        status: int,
        body: bytes,
        extra: list[tuple[bytes, bytes]],
        window: Window,
    ) -> None:
        elapsed = (time.perf_counter() - started) * 1000
        typed = any(name == b"content-type" for name, _ in extra)
        headers = [
            *(() if typed else (_JSON,)),
            (b"content-length", str(len(body)).encode()),
            (b"x-request-id", str(uuid.uuid4()).encode()),
            (b"x-response-time", f"{elapsed:.2f}ms".encode()),
            (b"x-rate-limit-limit", str(window.limit).encode()),
            (b"x-rate-limit-remaining", str(max(0, window.remaining)).encode()),
        ]
        if status == 429:
            headers.append((b"x-rate-limit-reset", str(window.reset).encode()))
        headers.extend(extra)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _answered_by_the_app(call: Call) -> Reply:  # pragma: no cover - never called
    raise AssertionError("the app answers its own routes")


def _fault_reply(
    fault: Fault, window: Window
) -> tuple[int, bytes, list[tuple[bytes, bytes]], Window]:
    status = fault.status
    entry = CATALOGUE.get(status)
    error_type, message = (
        (entry.error_type, entry.message) if entry else ("server_error", "Server error")
    )
    if status == 429:
        window = Window(False, window.limit, 0, window.reset)
    return status, error_body(error_type, status, message), [], window


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


async def _wait_for_disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def _wait_unless_gone(seconds: float, receive: Receive) -> bool:
    """Sleep ``seconds``; ``False`` when the client disconnected meanwhile."""
    gone = False

    async def watch() -> None:
        nonlocal gone
        await _wait_for_disconnect(receive)
        gone = True
        group.cancel_scope.cancel()

    async with anyio.create_task_group() as group:
        group.start_soon(watch)
        await anyio.sleep(seconds)
        group.cancel_scope.cancel()
    return not gone


async def _abort(scope: Scope, receive: Receive) -> None:
    """Drop the connection without answering, through the server's abort extension.

    Without one (another ASGI server), raising is the closest thing: the server answers 500
    or closes the connection, depending on how far the response got.
    """
    abort = scope.get("extensions", {}).get(ABORT_EXTENSION)
    if abort is None:
        raise ConnectionAbortedError("fault: close the connection (no abort extension)")
    abort()
    await _wait_for_disconnect(receive)


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
