"""The receive side: a callback endpoint as a plain ASGI or WSGI application.

:func:`asgi_app` and :func:`wsgi_app` (re-exported by :mod:`smscx.webhooks`) take the
parsing of :func:`~smscx.webhooks.parse_webhook` and put everything a receiver must get
right around it, in one place shared by the two faces:

1. **The token first.** The request's ``token`` query parameter must equal ``token``
   (compared in constant time) before anything else is looked at: otherwise 403 and the
   body is never read. 403 rather than 401: no HTTP authentication scheme is involved, so
   there is no ``WWW-Authenticate`` challenge a 401 would need. A missing and a wrong token
   are answered alike, so a caller learns nothing from the difference.
2. **POST only** (405 with ``Allow: POST``).
3. **A bounded body.** A ``Content-Length`` above ``max_body`` is 413 before one byte is
   read; a body streamed without one is counted while it is read and refused (413) once
   past ``max_body``. The whole body must arrive within ``body_timeout`` seconds (408), so
   a caller dripping a byte at a time holds a connection for that long at most. WSGI
   cannot interrupt a read that gets no byte at all: that stall is the WSGI server's own
   socket timeout to bound.
4. **A well-formed callback** (:func:`~smscx.webhooks.parse_webhook`), else 400 with the
   parser's short reason, and ``on_event`` never sees it.
5. **Each report once per process.** Every item has a key (:func:`item_key`); an item whose
   key was handled already is left out of the batch ``on_event`` gets (a batch of nothing
   but repeats is answered 200 without calling it). The memory holds the last
   ``remember`` keys, oldest forgotten first. A key is kept only once ``on_event`` has
   returned: an item whose handler failed reaches it again when SMS.CX retries.
6. **The journal** (``journal=``): a delivery-report batch is recorded with
   :meth:`~smscx.journal.Journal.record_dlr` before ``on_event`` runs (the journal's rule
   keeps a final status from being undone by a late report).
7. **The handler.** ``on_event(batch)``, a plain or async callable; an exception in it (or
   in the journal) is 500, so that SMS.CX sends the callback again, and is logged on the
   ``smscx`` logger. Otherwise 200 with ``{"received": n, "duplicates": d}``.

Under ASGI a plain ``on_event`` runs in a worker thread (it may block without stalling the
server), an async one on the server's loop. Under WSGI a plain one runs in the request's
thread, an async one on an event loop of its own (``anyio.run``), as the journal does.
"""

from __future__ import annotations

import hmac
import inspect
import json
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Hashable, Iterable, MutableMapping
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit, urlunsplit

import anyio
import anyio.to_thread
import attrs

from .webhooks import (
    DeliveryReport,
    DeliveryReportBatch,
    LinkHit,
    NewOptout,
    NumberLookupResult,
    OtpUpdate,
    ReceivedChatMessage,
    ReceivedSms,
    WebhookBatch,
    WebhookParseError,
    parse_webhook,
)

if TYPE_CHECKING:
    from .journal import Journal

__all__ = [
    "BODY_TIMEOUT",
    "MAX_BODY",
    "REMEMBER",
    "AsgiReceiver",
    "WsgiReceiver",
    "asgi_app",
    "callback_url",
    "item_key",
    "wsgi_app",
]

logger = logging.getLogger("smscx")

MAX_BODY = 1 << 20
"""The largest body a receiver reads by default (1 MiB): a callback of 200 link hits, the
largest items, is about a fifth of it."""

BODY_TIMEOUT = 10.0
"""Seconds a caller has, by default, to send the whole body once its request has begun."""

REMEMBER = 100_000
"""How many item keys a receiver remembers by default to recognise repeats (a few MB)."""

#: What ``on_event`` is: a plain or async callable taking a parsed batch.
OnEvent = Callable[[WebhookBatch], object]

#: ASGI 3's three arguments (no dependency on a framework's or asgiref's types).
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

#: WSGI's ``start_response``.
StartResponse = Callable[..., Any]

_CHUNK = 64 * 1024


def callback_url(base_url: str, token: str) -> str:
    """The URL to give SMS.CX (``dlr_callback_url=...``) for a receiver checking ``token``.

    The token goes in the ``token`` query parameter, the one :func:`asgi_app` and
    :func:`wsgi_app` check, replacing any already there; other parameters are kept::

        url = callback_url("https://example.com/sms/callbacks", token)
        # https://example.com/sms/callbacks?token=...

    :param base_url: The receiver's absolute ``http(s)`` URL, as SMS.CX will reach it.
    :param token: The receiver's secret (``secrets.token_urlsafe()`` makes a good one).
    :returns: ``base_url`` with ``token=<token>`` in its query.
    :raises ValueError: ``base_url`` is not an absolute ``http(s)`` URL, or ``token`` is
        empty.
    """
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("A callback URL is an absolute http(s) URL.")
    if not isinstance(token, str) or not token:
        raise ValueError("A callback token is a non-empty string.")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "token"]
    query.append(("token", token))
    return urlunsplit(parts._replace(query=urlencode(query)))


def item_key(event: str, item: object) -> tuple[Hashable, ...]:
    """The key by which a receiver knows an item it has handled: the same report posted
    again has the same key, a new state of the same message another.

    ========================================  ============================================
    item                                      key (after the event)
    ========================================  ============================================
    :class:`~smscx.webhooks.DeliveryReport`   ``msg_id``, ``status``, ``at``
    :class:`~smscx.webhooks.OtpUpdate`        ``otp_id``, ``status``, ``attempts``
    :class:`~smscx.webhooks.NumberLookupResult`  ``lookup_id``, ``status``, ``at``
    received SMS, Viber, WhatsApp             ``msg_id``
    :class:`~smscx.webhooks.NewOptout`        ``optout_id``, ``hit_id``, ``at``
    :class:`~smscx.webhooks.LinkHit`          ``shortlink_id``, ``hit_id``, ``at``
    ========================================  ============================================

    A store shared by several processes can dedupe with the same key.

    :param event: The callback's ``event``.
    :param item: One of its parsed items.
    :returns: A hashable tuple, ``event`` first.
    """
    if isinstance(item, DeliveryReport):
        return (event, item.msg_id, item.status, item.at)
    if isinstance(item, OtpUpdate):
        return (event, item.otp_id, item.status, item.attempts)
    if isinstance(item, NumberLookupResult):
        return (event, item.lookup_id, item.status, item.at)
    if isinstance(item, (ReceivedSms, ReceivedChatMessage)):
        return (event, item.msg_id)
    if isinstance(item, NewOptout):
        return (event, item.optout_id, item.hit_id, item.at)
    if isinstance(item, LinkHit):
        return (event, item.shortlink_id, item.hit_id, item.at)
    return (event, repr(item))  # pragma: no cover - every parsed item is one of the above


@attrs.frozen
class _Answer:
    status: int
    body: dict[str, Any]
    headers: tuple[tuple[str, str], ...] = ()

    def encoded(self, *, hop_by_hop: bool = True) -> tuple[bytes, list[tuple[str, str]]]:
        """The body and headers; WSGI forbids an application ``Connection`` header (its
        server decides), ASGI lets it ask for the connection to be closed."""
        payload = json.dumps(self.body, separators=(",", ":")).encode()
        headers = [
            ("content-type", "application/json"),
            ("content-length", str(len(payload))),
            *(h for h in self.headers if hop_by_hop or h[0] != "connection"),
        ]
        return payload, headers


_REASONS = {
    200: "OK",
    400: "Bad Request",
    403: "Forbidden",
    405: "Method Not Allowed",
    408: "Request Timeout",
    411: "Length Required",
    413: "Content Too Large",
    500: "Internal Server Error",
    502: "Bad Gateway",
}
_CLOSE = (("connection", "close"),)
_FORBIDDEN = _Answer(403, {"error": "wrong or missing token"})
_NOT_POST = _Answer(405, {"error": "only POST"}, (("allow", "POST"),))
_TOO_SLOW = _Answer(408, {"error": "the body took too long"}, _CLOSE)
_NO_LENGTH = _Answer(411, {"error": "a Content-Length is needed"}, _CLOSE)
_SHORT = _Answer(400, {"error": "the body is shorter than its Content-Length"}, _CLOSE)
_FAILED = _Answer(500, {"error": "the handler failed; send it again"})


def _too_large(limit: int) -> _Answer:
    return _Answer(413, {"error": f"a callback body is at most {limit} bytes"}, _CLOSE)


@attrs.frozen
class _Claim:
    """What one callback brought that was new: the batch ``on_event`` gets (``None``: all
    repeats), and the keys it claimed."""

    fresh: WebhookBatch | None
    keys: tuple[Hashable, ...]
    duplicates: int


class _Receiver:
    """What the ASGI and WSGI faces share: the checks, the parsing and the memory."""

    def __init__(
        self,
        on_event: OnEvent,
        *,
        token: str | None,
        journal: Journal | None,
        max_body: int,
        body_timeout: float,
        remember: int,
    ) -> None:
        if not callable(on_event):
            raise TypeError("on_event is a callable taking a parsed callback batch.")
        if token is not None and (not isinstance(token, str) or not token):
            raise ValueError("token is a non-empty string, or None for no check.")
        if isinstance(max_body, bool) or not isinstance(max_body, int) or max_body < 1:
            raise ValueError("max_body is a positive number of bytes.")
        if not body_timeout > 0:
            raise ValueError("body_timeout is a positive number of seconds.")
        if isinstance(remember, bool) or not isinstance(remember, int) or remember < 0:
            raise ValueError("remember is a number of keys, 0 or more.")
        self.on_event = on_event
        self._token = None if token is None else token.encode()
        self.journal = journal
        self.max_body = max_body
        self.body_timeout = body_timeout
        self.remember = remember
        self._lock = threading.Lock()
        # Insertion-ordered: the oldest key is the first one. False: claimed by a callback
        # being handled; True: handled.
        self._seen: dict[Hashable, bool] = {}

    def __repr__(self) -> str:
        checked = "set" if self._token is not None else "None"
        return f"{type(self).__name__}(token={checked}, max_body={self.max_body})"

    # --- before the body --------------------------------------------------------------

    def refusal(self, method: str, query: str, length: str | None) -> _Answer | None:
        """Why the request is refused before its body is read; ``None``: read it."""
        if self._token is not None:
            given = parse_qs(query, keep_blank_values=True).get("token", [])
            # compare_digest even when absent, so that every refusal costs the same.
            candidate = given[0].encode() if len(given) == 1 else b""
            if not hmac.compare_digest(candidate, self._token) or len(given) != 1:
                return _FORBIDDEN
        if method != "POST":
            return _NOT_POST
        if length is not None and length.strip():
            if not length.strip().isdigit():
                return _Answer(400, {"error": "a malformed Content-Length"}, _CLOSE)
            if int(length) > self.max_body:
                return _too_large(self.max_body)
        return None

    # --- after it -----------------------------------------------------------------------

    def parse(self, body: bytes) -> WebhookBatch | _Answer:
        try:
            return parse_webhook(body)
        except WebhookParseError as exc:
            return _Answer(400, {"error": str(exc)[:300]})

    def claim(self, batch: WebhookBatch) -> _Claim:
        """Claim the items not seen before, under the lock, so that two deliveries of one
        report handled at once reach ``on_event`` once."""
        fresh: list[Any] = []
        keys: list[Hashable] = []
        with self._lock:
            for item in batch.data:
                key = item_key(batch.event, item)
                if key in self._seen:
                    continue
                self._seen[key] = False
                keys.append(key)
                fresh.append(item)
        duplicates = len(batch.data) - len(fresh)
        if not fresh:
            return _Claim(None, (), duplicates)
        same = fresh if duplicates else batch.data
        narrowed: WebhookBatch = attrs.evolve(cast(Any, batch), data=same)
        return _Claim(narrowed, tuple(keys), duplicates)

    def settle(self, claim: _Claim, handled: bool) -> None:
        """Keep the claimed keys (handled), or give them up so a retry is handled."""
        with self._lock:
            for key in claim.keys:
                if handled:
                    if key in self._seen:
                        self._seen[key] = True
                else:
                    self._seen.pop(key, None)
            if handled:
                while len(self._seen) > self.remember:
                    del self._seen[next(iter(self._seen))]

    def failed(self, batch: WebhookBatch, path: str) -> _Answer:
        # The path without its query: the query holds the token.
        logger.exception(
            "The callback handler failed on a %s callback of %d item(s) to %s; answered 500 "
            "so that SMS.CX sends it again",
            batch.event,
            len(batch.data),
            path,
        )
        return _FAILED

    @staticmethod
    def accepted(claim: _Claim) -> _Answer:
        received = 0 if claim.fresh is None else len(claim.fresh.data)
        return _Answer(200, {"received": received, "duplicates": claim.duplicates})


async def _await(result: Awaitable[Any]) -> None:
    await result


# --- ASGI -----------------------------------------------------------------------------------


class AsgiReceiver(_Receiver):
    """An ASGI 3 application receiving SMS.CX callbacks (made by :func:`asgi_app`)."""

    #: Called with each well-formed body after ``on_event`` (``smscx listen`` forwards
    #: it); an exception is answered 502 and the callback's keys are given up.
    _after: Callable[[bytes], Awaitable[None]] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one ASGI connection scope (``http``; ``lifespan`` is acknowledged).

        :param scope: The ASGI scope.
        :param receive: The ASGI receive callable.
        :param send: The ASGI send callable.
        """
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return  # a websocket: closed unaccepted
        headers = {k.decode("latin-1").lower(): v for k, v in scope.get("headers", [])}
        length = headers.get("content-length")
        query = bytes(scope.get("query_string", b"")).decode("latin-1")
        refused = self.refusal(
            scope["method"], query, None if length is None else length.decode("latin-1")
        )
        if refused is not None:
            await _respond(send, refused)
            return
        body = await self._read(receive)
        if body is None:
            return  # the caller left: nobody to answer
        if isinstance(body, _Answer):
            await _respond(send, body)
            return
        await _respond(send, await self._handle(body, str(scope.get("path", ""))))

    async def _read(self, receive: Receive) -> bytes | _Answer | None:
        chunks: list[bytes] = []
        size = 0
        with anyio.move_on_after(self.body_timeout):
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return None
                chunk = bytes(message.get("body", b""))
                size += len(chunk)
                if size > self.max_body:
                    return _too_large(self.max_body)
                chunks.append(chunk)
                if not message.get("more_body", False):
                    return b"".join(chunks)
        return _TOO_SLOW

    async def _handle(self, body: bytes, path: str) -> _Answer:
        batch = self.parse(body)
        if isinstance(batch, _Answer):
            return batch
        claim = self.claim(batch)
        try:
            if claim.fresh is not None:
                if self.journal is not None and isinstance(claim.fresh, DeliveryReportBatch):
                    await self.journal.record_dlr(claim.fresh)
                await self._call(claim.fresh)
        except Exception:
            self.settle(claim, handled=False)
            return self.failed(batch, path)
        if self._after is not None:
            try:
                await self._after(body)
            except Exception as exc:
                self.settle(claim, handled=False)
                return _Answer(502, {"error": str(exc)[:300]})
        self.settle(claim, handled=True)
        return self.accepted(claim)

    async def _call(self, batch: WebhookBatch) -> None:
        on_loop = inspect.iscoroutinefunction(self.on_event)  # a bool: no narrowing below
        if on_loop:
            result = self.on_event(batch)
        else:
            result = await anyio.to_thread.run_sync(self.on_event, batch)
        if inspect.isawaitable(result):
            await result


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def _respond(send: Send, answer: _Answer) -> None:
    payload, headers = answer.encoded()
    await send(
        {
            "type": "http.response.start",
            "status": answer.status,
            "headers": [(k.encode(), v.encode()) for k, v in headers],
        }
    )
    await send({"type": "http.response.body", "body": payload})


# --- WSGI -----------------------------------------------------------------------------------


class WsgiReceiver(_Receiver):
    """A WSGI application receiving SMS.CX callbacks (made by :func:`wsgi_app`)."""

    def __call__(
        self, environ: MutableMapping[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        """Answer one WSGI request.

        :param environ: The WSGI environment.
        :param start_response: The WSGI ``start_response`` callable.
        :returns: The answer's body.
        """
        answer = self._answer(environ)
        payload, headers = answer.encoded(hop_by_hop=False)
        start_response(f"{answer.status} {_REASONS.get(answer.status, '')}".rstrip(), headers)
        return [payload]

    def _answer(self, environ: MutableMapping[str, Any]) -> _Answer:
        length = environ.get("CONTENT_LENGTH")
        refused = self.refusal(
            str(environ.get("REQUEST_METHOD", "")), str(environ.get("QUERY_STRING", "")), length
        )
        if refused is not None:
            return refused
        body = self._read(environ, length)
        if isinstance(body, _Answer):
            return body
        return self._handle(body, str(environ.get("PATH_INFO", "")))

    def _read(self, environ: MutableMapping[str, Any], length: str | None) -> bytes | _Answer:
        stream = environ["wsgi.input"]
        # read1 answers with what has arrived, so the deadline is looked at between drips;
        # read(n) of a buffered socket would wait for all n bytes.
        read = getattr(stream, "read1", None) or stream.read
        if length is None or not length.strip():
            if not environ.get("wsgi.input_terminated"):
                return _NO_LENGTH
            remaining = self.max_body + 1  # read to the end, one byte past the limit at most
        else:
            remaining = int(length)
        deadline = time.monotonic() + self.body_timeout
        chunks: list[bytes] = []
        size = 0
        while remaining > 0:
            chunk = read(min(_CHUNK, remaining))
            if not chunk:
                if length is None or not length.strip():
                    break
                return _SHORT
            size += len(chunk)
            remaining -= len(chunk)
            if size > self.max_body:
                return _too_large(self.max_body)
            chunks.append(chunk)
            if remaining > 0 and time.monotonic() > deadline:
                return _TOO_SLOW
        return b"".join(chunks)

    def _handle(self, body: bytes, path: str) -> _Answer:
        batch = self.parse(body)
        if isinstance(batch, _Answer):
            return batch
        claim = self.claim(batch)
        try:
            if claim.fresh is not None:
                if self.journal is not None and isinstance(claim.fresh, DeliveryReportBatch):
                    anyio.run(self.journal.record_dlr, claim.fresh)
                result = self.on_event(claim.fresh)
                if inspect.isawaitable(result):
                    anyio.run(_await, result)
        except Exception:
            self.settle(claim, handled=False)
            return self.failed(batch, path)
        self.settle(claim, handled=True)
        return self.accepted(claim)


# --- the factories --------------------------------------------------------------------------


def asgi_app(
    on_event: OnEvent,
    *,
    token: str | None = None,
    journal: Journal | None = None,
    max_body: int = MAX_BODY,
    body_timeout: float = BODY_TIMEOUT,
    remember: int = REMEMBER,
) -> AsgiReceiver:
    """An ASGI 3 application receiving SMS.CX callbacks, for FastAPI, Starlette, Litestar
    (``app.mount("/sms/callbacks", asgi_app(...))``) or uvicorn alone.

    Each well-formed callback reaches ``on_event`` as the batch
    :func:`~smscx.webhooks.parse_webhook` returns, without the items it handled already;
    see :mod:`smscx.webhooks` for what is answered when.

    :param on_event: Called with each batch; a plain callable (run in a worker thread) or
        an async one. An exception in it is answered 500, so that SMS.CX sends it again.
    :param token: The secret the ``token`` query parameter must carry (403 otherwise,
        before the body is read); give SMS.CX :func:`callback_url`'s URL. ``None``: no
        check (only behind something that checks).
    :param journal: A batch journal: delivery reports are recorded in it as they arrive,
        before ``on_event`` is called.
    :param max_body: The largest body read, in bytes (413 beyond).
    :param body_timeout: Seconds the whole body may take to arrive (408 beyond).
    :param remember: How many item keys are kept to recognise repeats (oldest forgotten
        first; 0: none).
    :returns: The application (``await app(scope, receive, send)``).
    :raises ValueError: ``token`` is empty, or a limit is not a positive number.
    :raises TypeError: ``on_event`` is not callable.
    """
    return AsgiReceiver(
        on_event,
        token=token,
        journal=journal,
        max_body=max_body,
        body_timeout=body_timeout,
        remember=remember,
    )


def wsgi_app(
    on_event: OnEvent,
    *,
    token: str | None = None,
    journal: Journal | None = None,
    max_body: int = MAX_BODY,
    body_timeout: float = BODY_TIMEOUT,
    remember: int = REMEMBER,
) -> WsgiReceiver:
    """A WSGI application receiving SMS.CX callbacks, for Flask or Django (mounted with
    werkzeug's ``DispatcherMiddleware``, or routed to) or any WSGI server.

    The same checks and answers as :func:`asgi_app`. A request needs a ``Content-Length``
    (411 without one, unless the server marks its input terminated); the body's time limit
    is looked at between the pieces that arrive, so a read that gets nothing at all is
    bounded by the WSGI server's own socket timeout.

    :param on_event: Called with each batch, in the request's thread; an async callable
        runs on an event loop of its own. An exception in it is answered 500.
    :param token: The secret the ``token`` query parameter must carry (403 otherwise,
        before the body is read). ``None``: no check.
    :param journal: A batch journal: delivery reports are recorded in it as they arrive,
        before ``on_event`` is called.
    :param max_body: The largest body read, in bytes (413 beyond).
    :param body_timeout: Seconds the whole body may take to arrive (408 beyond).
    :param remember: How many item keys are kept to recognise repeats (oldest forgotten
        first; 0: none).
    :returns: The application (``app(environ, start_response)``).
    :raises ValueError: ``token`` is empty, or a limit is not a positive number.
    :raises TypeError: ``on_event`` is not callable.
    """
    return WsgiReceiver(
        on_event,
        token=token,
        journal=journal,
        max_body=max_body,
        body_timeout=body_timeout,
        remember=remember,
    )
