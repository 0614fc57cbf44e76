"""The one request path every endpoint takes: build -> send -> retry -> parse.

``Endpoint`` declares a route; ``Pipeline.call`` does the rest:

1. build: validate the request, fix its idempotency id (once per logical send, before any
   attempt), encode the body once;
2. send: per attempt, wait at the rate-limit gate, take a slot in the concurrency limiter,
   add credentials, send, and turn every failure into a typed error;
3. retry: ``_retry`` decides; the call's ``deadline`` bounds all attempts and waits;
4. parse: JSON -> models through the one converter, with the response metadata attached.

An attempt whose outcome is unknown (the connection dropped after the request left, a read
timed out, a 5xx) marks the call "maybe sent", and every error the call ends with says so.

Bounds every call keeps, whatever the server does: each attempt as a whole within the
longest of its ``timeout`` phases (httpx's phases bound each read, not a drip of reads); each
response body within ``max_response_size`` (sized from the request when not set), counted
while it is read; and, once the client is closed, no attempt at all.

A client belongs to the event loop of its first call (its connections and waits are that
loop's): a call from any other is refused with ``WrongEventLoopError`` before anything is
sent, at the cost of one identity comparison per call.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
import urllib.parse
from collections.abc import AsyncGenerator, Mapping
from contextlib import AbstractContextManager, nullcontext
from typing import Any, Generic, Literal, TypeVar, cast

import anyio
import attrs
import httpx

from . import _convert
from ._auth import Credentials, HeaderSet, attempt_bound
from ._download import EXPORT_MEDIA_TYPES, DownloadSink
from ._ratelimit import RateLimitGate
from ._retry import RetryPolicy, retrying
from ._slots import Slots
from ._transport import (
    BASE_RESPONSE_LIMIT,
    AttemptTimeout,
    AutoTransport,
    Reply,
    RequestBody,
    ResponseTooLarge,
    drain_into,
    loop_ended,
    read_capped,
    running_loop,
)
from ._validation import (
    canonical_idempotency_id,
    check_identifier,
    check_number_id,
    check_phone_path,
    unencodable_field,
    validate_request,
)
from .errors import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    ClientClosedError,
    ConfigurationError,
    ErrorCode,
    LowerHeaders,
    SmscxError,
    ValidationError,
    WrongEventLoopError,
    error_from_response,
    excerpt,
    lower_headers,
    scrubbed,
)
from .models import RateLimitSnapshot, ResponseMeta

__all__ = ["CallOptions", "Endpoint", "Pipeline"]

logger = logging.getLogger("smscx")

ResponseT = TypeVar("ResponseT")


@attrs.frozen
class Endpoint(Generic[ResponseT]):
    """One route of the API, declared: the pipeline needs nothing else to call it."""

    method: str
    path: str
    response_type: type[ResponseT]
    request_type: type[Any] | None = None
    #: A charged send: carries an idempotency id, reused on every attempt.
    sends: bool = False
    #: The path's ``{id}``: which field it is, the error code for a malformed one, and its
    #: kind: a UUID (messages, campaigns) or a whole number (originators, opt-outs).
    id_field: str | None = None
    id_code: ErrorCode | None = None
    id_kind: Literal["uuid", "int", "phone"] = "uuid"
    #: Creates something (not charged): an attempt of unknown outcome may have done it.
    creates: bool = False
    #: Charged, and the API takes no idempotency id for it (``new_otp``, lookups): an
    #: attempt that may have reached the server is never repeated, since a repeat could
    #: charge (and text) twice. Only failures that surely did not reach it are retried
    #: (no connection, 429); the error says ``maybe_sent`` otherwise.
    at_most_once: bool = False
    #: The largest answer the route can give, in bytes, when its request does not say
    #: (a campaign's recipients are its groups' contacts, unknown to the client); ``None``:
    #: sized from the request (see :func:`response_limit`).
    response_limit: int | None = None
    #: The API may answer 204 No Content (nothing to do: ``empty_group`` on an empty
    #: group); the call then returns ``None``, which the method's return type says.
    no_content: bool = False

    @property
    def mutates(self) -> bool:
        """Whether an attempt of unknown outcome may have changed something (a send, a
        creation, a delete)."""
        return self.sends or self.creates or self.at_most_once or self.method == "DELETE"


#: A send's answer per recipient, beyond its text: msgId, status, dates, cost, analysis...
_PER_RECIPIENT = 2048
#: A character of text in the answer: six bytes covers a JSON ``\uXXXX`` escape.
_PER_TEXT_CHAR = 6
#: A campaign's recipients are its groups' contacts, unknown to the client.
CAMPAIGN_RESPONSE_LIMIT = 256 * 1024 * 1024

#: The longest text a message can have: the API takes up to 1,530 characters (10 parts).
MAX_TEXT_CHARS = 1530
#: The entries of a list page whose query leaves ``limit`` to the API: its default.
DEFAULT_PAGE_SIZE = 500
#: The most one entry of a list can take: a reported message with the longest text, larger
#: than any other list's entry (a contact, an opt-out, a lookup, a campaign).
_PER_LISTED = _PER_RECIPIENT + _PER_TEXT_CHAR * MAX_TEXT_CHARS


def response_limit(
    body: object, query: Mapping[str, object] | None = None, declared: int | None = None
) -> int:
    """The largest answer a request can legitimately get, in bytes (the default cap).

    A send's answer lists every recipient with the text as sent, so it is sized from those;
    a one-number send that gets hundreds of megabytes is stopped after a few. A page of a
    list (a query with ``limit``) holds ``limit`` entries, each at most a message with the
    longest text, so 500 reported messages of 1,530 escaped characters are read whole.
    """
    if query is not None and "limit" in query:
        size = query["limit"]
        if not isinstance(size, int) or isinstance(size, bool) or size < 1:
            size = DEFAULT_PAGE_SIZE
        return BASE_RESPONSE_LIMIT + size * _PER_LISTED
    if declared is not None:
        return declared
    recipients = getattr(body, "to", None)
    if not recipients:
        return BASE_RESPONSE_LIMIT
    text = getattr(body, "text", None) or ""
    return BASE_RESPONSE_LIMIT + len(recipients) * (_PER_RECIPIENT + _PER_TEXT_CHAR * len(text))


@attrs.frozen
class CallOptions:
    """Per-call settings; ``AsyncSmsClient.with_options`` makes a copy with others."""

    timeout: httpx.Timeout
    retry: RetryPolicy
    deadline: float | None = None
    #: The cap on a response body in bytes; ``None``: :func:`response_limit` of the request.
    max_response_size: int | None = None
    #: How long one attempt may take in all (derived from ``timeout``).
    attempt_bound: float | None = attrs.field(init=False)

    @attempt_bound.default
    def _attempt_bound(self) -> float | None:
        return attempt_bound(self.timeout)


@attrs.define
class _Exchange:
    """One call: what it sends, and what it has learnt so far across its attempts."""

    method: str
    url: str
    content: bytes | None
    options: CallOptions
    describe: str
    mutates: bool
    idempotency_id: str | None
    #: The cap on the response body, in bytes.
    limit: int
    #: Never repeat an attempt that may have reached the server (Endpoint.at_most_once).
    at_most_once: bool = False
    #: A download's destination: a 2xx body is streamed there instead of parsed.
    sink: _Download | None = None
    attempts: int = 0
    maybe_sent: bool = False
    refreshed_auth: bool = False


class _Download:
    """A download as the transports see it (their ``Sink``), for one call.

    Told of a 2xx answer's head before its body, it lets the rate-limit gate go on at once:
    the head carries all the gate needs, and the body may take minutes, which every other
    call of the client would otherwise wait out behind a probe. Then it takes the body only
    when it is the export (:meth:`DownloadSink.refusal`).
    """

    __slots__ = ("gate", "probe", "rate_limit", "refused", "released", "sink")

    def __init__(self, sink: DownloadSink, gate: RateLimitGate) -> None:
        self.sink = sink
        self.gate = gate
        self.probe: anyio.Event | None = None
        #: Whether this attempt is done with the gate (``finished`` was called).
        self.released = True
        self.rate_limit: RateLimitSnapshot | None = None
        #: Why this attempt's 2xx body was not written, if it was not.
        self.refused: str | None = None

    def admit(self, probe: anyio.Event | None) -> None:
        """An attempt passed the gate (``probe`` is what ``wait_turn`` returned)."""
        self.probe = probe
        self.released = False
        self.rate_limit = None
        self.refused = None

    def release(self, headers: Mapping[str, str] | None) -> None:
        """Done with the gate: its answer's ``headers`` observed (when it has one), once."""
        if self.released:
            return
        self.released = True
        try:
            if headers is not None:
                self.rate_limit = self.gate.observe(headers, self.probe)
        finally:
            self.gate.finished(self.probe)

    def begin(self, headers: LowerHeaders) -> bool:
        self.release(headers)
        self.refused = self.sink.refusal(headers)
        return self.refused is None

    async def write(self, chunk: bytes) -> None:
        await self.sink.write(chunk)


_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


class Pipeline:
    """Carries calls for one client; shared by every ``with_options`` copy of it."""

    def __init__(
        self,
        *,
        http: httpx.AsyncClient,
        base_url: str,
        credentials: Credentials,
        max_concurrency: int,
        user_agent: str,
        auto: AutoTransport | None = None,
        owns_http: bool = True,
        gate: RateLimitGate | None = None,
    ) -> None:
        self.http = http
        self.owns_http = owns_http
        # smscx's own transport (not a caller's http_client): calls skip httpx's request
        # and response models, which cost about as much CPU as the exchange itself.
        self._auto = auto
        self.base_url = base_url
        #: Where requests go, as a connection error names it (``api.sms.cx:443``).
        url = httpx.URL(base_url)
        self._server = f"{url.host}:{url.port or (443 if url.scheme == 'https' else 80)}"
        self.credentials = credentials
        # A SharedRateLimitGate when the account's window is kept in a store (rate_limit_store).
        self.gate = gate if gate is not None else RateLimitGate()
        self._max_concurrency = max_concurrency
        self._limiter: Slots | None = None
        self._admission: Slots | None = None
        self._warned_unconfirmed = False
        # No compression is asked for, on every transport: the cap then bounds what is read
        # off the wire, no decompression costs CPU, and no small body can inflate to a huge
        # one. A body the server compresses anyway is refused (see _parse).
        self._headers = {
            "Accept": "application/json",
            "Accept-Encoding": "identity",
            "Content-Type": "application/json",
            "User-Agent": user_agent,
        }
        self._bodiless = {
            "Accept": "application/json",
            "Accept-Encoding": "identity",
            "User-Agent": user_agent,
        }
        #: Set by :meth:`aclose`; every call checks it before each attempt.
        self.closed = False
        #: Whether any call was made (an unused client holds nothing to close).
        self.used = False
        # The event loop of the first call (running_loop()): every call compares its own.
        self._loop: object = None
        # That loop ended and a later call found it so: the client closed without it.
        self._loop_ended = False
        # On asyncio, what closes the client's own connections when its loop is finalised.
        self._watch: AsyncGenerator[None, None] | None = None
        # The cancel scope of every call in flight, for aclose() to end them.
        self._calls: set[anyio.CancelScope] = set()
        self._idle: anyio.Event | None = None

    async def aclose(self) -> None:
        """End the calls in flight with ``ClientClosedError``, then close the connections.

        Idempotent. The calls are cancelled, not waited for: each unwinds at once (its
        connection closed, not pooled), and the pool is closed only after they have.
        """
        if self.closed:
            return
        if self._loop is not None and running_loop() is not self._loop:
            if not loop_ended(self._loop):
                raise self._wrong_loop(ended=False, action="closed")
            # Nothing of the first loop can be awaited here, nor needs to be: no call of it
            # runs, and its connections close without it.
            self.abandon()
            return
        self.closed = True
        if self._calls:
            self._idle = anyio.Event()
            for scope in self._calls:
                scope.cancel()
            # Shielded: a caller cancelled while closing must not leave sockets open.
            with anyio.CancelScope(shield=True):
                await self._idle.wait()
        if self.owns_http:
            with anyio.CancelScope(shield=True):
                await self.http.aclose()
        if self.gate.shared:
            with anyio.CancelScope(shield=True):
                await self.gate.aclose()
        watch, self._watch = self._watch, None
        if watch is not None:
            await watch.aclose()  # closed: it has nothing left to do

    def abandon(self) -> None:
        """Close without an event loop what can be (for a client garbage-collected open)."""
        self.closed = True
        if self._auto is not None:
            self._auto.abandon()

    @property
    def limiter(self) -> Slots:
        # Created on first use, inside the event loop that will use it. Excess tasks wait
        # here, in order, rather than in the connection pool (where they would hit
        # PoolTimeout when thousands of sends are gathered at once).
        if self._limiter is None:
            self._limiter = Slots(self._max_concurrency)
        return self._limiter

    @property
    def admission(self) -> Slots:
        # How many calls may be under way at once (built, waiting for a slot of the limiter,
        # exchanging, backing off): twice the limiter's slots. The rest of a burst of
        # thousands of gathered sends waits here, before any of its requests is built.
        if self._admission is None:
            self._admission = Slots(2 * self._max_concurrency)
        return self._admission

    async def call(
        self,
        endpoint: Endpoint[ResponseT],
        options: CallOptions,
        *,
        body: object = None,
        path_id: object = None,
        query: Mapping[str, object] | None = None,
        keep_body: list[bytes] | None = None,
    ) -> ResponseT:
        """Build, send (with retries) and parse one call of ``endpoint``.

        ``query`` holds the URL's query parameters by wire name; ``None`` values are left
        out (the API's defaults apply). ``keep_body``, when given, receives the response's
        raw body (a batch journal stores it as it came, with no re-serialising).
        """
        if self.closed or running_loop() is not self._loop:
            await self._check_usable()
        async with self.admission:
            return await self._call(endpoint, options, body, path_id, query, keep_body)

    async def _check_usable(self) -> None:
        """A call's start, off the common path: the first call binds the client to its event
        loop; a call on a closed client, or from another loop, is refused (nothing sent)."""
        if self.closed and not self._loop_ended:
            raise ClientClosedError("This client is closed: nothing was sent.")
        if self._loop is None:
            self._loop = running_loop()
            if self._auto is not None and isinstance(self._loop, asyncio.AbstractEventLoop):
                self._watch = self._close_when_the_loop_ends()
                await self._watch.asend(None)
            return
        ended = self._loop_ended or loop_ended(self._loop)
        if ended and not self._loop_ended:
            # Nothing of that loop will run again: close what it left open now, without it,
            # rather than leave it to the garbage collector (and its ResourceWarnings).
            self._loop_ended = True
            self.abandon()
        raise self._wrong_loop(ended=ended, action="used")

    async def _close_when_the_loop_ends(self) -> AsyncGenerator[None, None]:
        """Suspended for as long as the client's asyncio loop runs. ``asyncio.run()`` (and
        ``anyio.run``) finalise every async generator before they close their loop: a client
        still open then has its connections closed here, on the loop they belong to, by
        public means. Once that loop is closed nothing can close them but the collector,
        which warns of each unclosed transport."""
        try:
            yield
        finally:
            if not self.closed and self._auto is not None:
                # Nothing of this loop runs after its finalisation: the client is done.
                self.closed = self._loop_ended = True
                await self._auto.aclose()

    @staticmethod
    def _wrong_loop(*, ended: bool, action: str) -> WrongEventLoopError:
        first = (
            "which has ended (its connections are closed now)"
            if ended
            else "which still runs elsewhere"
        )
        return WrongEventLoopError(
            f"This AsyncSmsClient belongs to the event loop it was first used in, {first}; "
            f"it cannot be {action} from another one (a second asyncio.run() or trio.run(), "
            "another thread's loop). Create the client inside the loop that uses it "
            "(`async with AsyncSmsClient(...) as client:` in each run), or use SmsClient "
            "from blocking code. Nothing was sent."
        )

    async def _call(
        self,
        endpoint: Endpoint[ResponseT],
        options: CallOptions,
        body: object,
        path_id: object,
        query: Mapping[str, object] | None,
        keep_body: list[bytes] | None,
    ) -> ResponseT:
        self.used = True
        path = self._path(endpoint, path_id)
        content: bytes | None = None
        idempotency_id: str | None = None
        if body is not None:
            validate_request(body)
            if endpoint.sends:
                given = getattr(body, "idempotency_id", None)
                idempotency_id = (
                    canonical_idempotency_id(given) if given is not None else new_uuid4()
                )
            assert endpoint.request_type is not None
            wire = _convert.unstructure_request(body, endpoint.request_type)
            if idempotency_id is not None:
                # Set in the wire dict, not by attrs.evolve of the request: the same body, at
                # a fraction of the cost of building the request model a second time.
                wire["idempotencyId"] = idempotency_id
            try:
                content = _convert.dumps(wire)
            except (TypeError, UnicodeError):
                # orjson (TypeError) and the stdlib (UnicodeEncodeError) refuse a lone
                # surrogate; validate_request names the text fields, this the rest (numbers).
                field = unencodable_field(wire)
                if field is None:
                    raise
                raise ValidationError(
                    f"`{field}` has a lone surrogate: it cannot be sent as JSON.", field=field
                ) from None
        limit = options.max_response_size or response_limit(body, query, endpoint.response_limit)
        exchange = _Exchange(
            method=endpoint.method,
            url=self.base_url + path + _query_string(query),
            content=content,
            options=options,
            describe=f"{endpoint.method} {path}",
            mutates=endpoint.mutates,
            idempotency_id=idempotency_id,
            limit=limit,
            at_most_once=endpoint.at_most_once,
        )
        response = await self._run(exchange)
        if keep_body is not None:
            keep_body.append(response.content)
        try:
            return self._parse(endpoint, response, exchange)
        except SmscxError as exc:
            exc.idempotency_id = idempotency_id
            exc.maybe_sent = exc.maybe_sent or exchange.maybe_sent
            raise

    async def download(
        self,
        endpoint: Endpoint[Any],
        options: CallOptions,
        sink: DownloadSink,
        *,
        path_id: object = None,
        query: Mapping[str, object] | None = None,
    ) -> None:
        """Stream one export (a CSV or XLSX file) into ``sink``, with the retries of any call.

        The body is never held whole (unless ``sink`` is memory). A failure after some of it
        was written is retried only when the sink can go back to where it started (a
        seekable file, memory); otherwise it raises with what was written left in place.
        Each read is bounded by ``timeout`` and the whole by ``deadline``, not by the
        whole-attempt bound (a large export legitimately takes long). The destination is
        checked before anything is sent, nothing is written unless the answer is the export
        (its content type), and the rate-limit gate is let go once the answer's head is in.
        """
        if self.closed or running_loop() is not self._loop:
            await self._check_usable()
        async with self.admission:
            await self._download(endpoint, options, sink, path_id, query)

    async def _download(
        self,
        endpoint: Endpoint[Any],
        options: CallOptions,
        sink: DownloadSink,
        path_id: object,
        query: Mapping[str, object] | None,
    ) -> None:
        self.used = True
        path = self._path(endpoint, path_id)
        # Before anything is sent: a destination that cannot be written is refused here.
        # The export's format is its route's last segment (.../csv, .../xlsx).
        await sink.open(accept=EXPORT_MEDIA_TYPES.get(endpoint.path.rpartition("/")[2]))
        download = _Download(sink, self.gate)
        exchange = _Exchange(
            method=endpoint.method,
            url=self.base_url + path + _query_string(query),
            content=None,
            options=options,
            describe=f"{endpoint.method} {path}",
            mutates=False,
            idempotency_id=None,
            limit=BASE_RESPONSE_LIMIT,  # for an error's body; the sink caps the rest
            sink=download,
        )
        response = await self._run(exchange)
        if download.refused is not None:
            problem = f"{download.refused}{_api_error(response)}; nothing was written"
            raise self._bad_body(response, problem, exchange)

    async def _run(self, exchange: _Exchange) -> Reply:
        """Send with retries inside a cancel scope :meth:`aclose` can end."""
        try:
            with anyio.CancelScope() as scope:
                self._calls.add(scope)
                try:
                    return await self._send_with_retries(exchange)
                finally:
                    self._calls.discard(scope)
                    if self._idle is not None and not self._calls:
                        self._idle.set()
            # Only aclose() cancels this scope: the call was ended by closing the client.
            raise ClientClosedError(
                f"{exchange.describe}: the client was closed while the call ran "
                f"({exchange.attempts} attempt(s) started)."
            )
        except SmscxError as exc:
            exc.idempotency_id = exchange.idempotency_id
            exc.maybe_sent = exc.maybe_sent or exchange.maybe_sent
            raise

    @staticmethod
    def _path(endpoint: Endpoint[Any], path_id: object) -> str:
        """The endpoint's path with its ``{id}`` checked and filled in."""
        path = endpoint.path
        if endpoint.id_field is None:
            return path
        if endpoint.id_kind == "int":
            return path.format(id=check_number_id(path_id, field=endpoint.id_field))
        if endpoint.id_kind == "phone":
            return path.format(id=check_phone_path(path_id, field=endpoint.id_field))
        return path.format(
            id=check_identifier(path_id, field=endpoint.id_field, code=endpoint.id_code)
        )

    async def _send_with_retries(self, exchange: _Exchange) -> Reply:
        deadline = exchange.options.deadline
        ends_at = time.monotonic() + deadline if deadline is not None else None
        scope: AbstractContextManager[Any] = (
            anyio.fail_after(deadline) if deadline is not None else nullcontext()
        )
        policy = exchange.options.retry

        def may_retry(exc: BaseException) -> bool:
            if exchange.at_most_once and (exchange.maybe_sent or getattr(exc, "maybe_sent", False)):
                return False
            if exchange.sink is not None and not exchange.sink.sink.can_restart():
                return False  # part of the file is written where it cannot be undone
            return policy.is_retryable(exc)

        try:
            with scope:
                # The first attempt runs outside tenacity: its loop costs ~75 us a call, too
                # much for the happy path of a batch of small sends.
                try:
                    return await self._attempt(exchange)
                except Exception as exc:
                    if policy.max_retries == 0 or not may_retry(exc):
                        raise
                    failed: Exception | None = exc
                retry = retrying(
                    policy,
                    describe=exchange.describe,
                    remaining=(lambda: ends_at - time.monotonic()) if ends_at is not None else None,
                    may_retry=may_retry,
                )
                async for attempt in retry:
                    with attempt:
                        if failed is not None:
                            # tenacity's attempt 1 is the one that just failed: re-raising it
                            # lets tenacity decide the wait, the stop and the log line, as
                            # for every later attempt.
                            first, failed = failed, None
                            raise first
                        return await self._attempt(exchange)
        except TimeoutError:
            raise APITimeoutError(
                f"{exchange.describe}: the call's deadline of {deadline}s ran out "
                f"({exchange.attempts} attempt(s) started)."
            ) from None
        raise AssertionError("unreachable: tenacity either returns or raises")  # pragma: no cover

    async def _attempt(self, exchange: _Exchange) -> Reply:
        if self.closed:  # closing began while this call waited to retry
            raise ClientClosedError(f"{exchange.describe}: the client was closed.")
        download = exchange.sink
        if download is not None and exchange.attempts:
            await download.sink.restart()
        exchange.attempts += 1
        probe = await self.gate.wait_turn(exchange.options.retry.max_rate_limit_wait)
        if download is not None:
            download.admit(probe)  # a download lets the gate go when its head comes
        try:
            while True:
                auth = await self.credentials.headers(
                    self.http, self.base_url, exchange.options.timeout
                )
                response = await self._exchange_once(exchange, auth)
                if download is not None and download.released:
                    response.rate_limit = download.rate_limit
                else:
                    response.rate_limit = self.gate.observe(response.headers, probe)
                if (
                    response.status_code == 401
                    and self.credentials.refreshable
                    and not exchange.refreshed_auth
                ):
                    # The token may have been revoked or expired early: fetch a fresh one, once.
                    exchange.refreshed_auth = True
                    self.credentials.invalidate(auth)
                    continue
                break
        finally:
            if download is None:
                self.gate.finished(probe)
            else:
                download.release(None)
        if self.gate.shared:  # what the others must know at once: a probe's answer, a reset
            await self.gate.settle()
        if response.is_success:
            return response
        if exchange.mutates and response.status_code >= 500:
            exchange.maybe_sent = True
        raise error_from_response(
            response.status_code,
            # Case-insensitive for the caller, as the headers of an httpx response are.
            httpx.Headers(response.headers),
            _decode_error_body(response),
            idempotency_id=exchange.idempotency_id,
        )

    async def _exchange_once(self, exchange: _Exchange, auth: Mapping[str, str]) -> Reply:
        # A HeaderSet, not a dict: this frame's locals show no credential in a traceback.
        headers = HeaderSet(self._headers if exchange.content is not None else self._bodiless, auth)
        started = time.perf_counter()
        unsendable = False
        async with self.limiter:
            if self.closed:  # closing began while this call waited for a slot
                raise ClientClosedError(f"{exchange.describe}: the client was closed.")
            try:
                # The whole attempt, not only each read: a server dripping bytes just inside
                # the read timeout would hold it for ever.
                bound = None if exchange.sink is not None else exchange.options.attempt_bound
                response = await self._transmit(exchange, headers, bound)
            except AttemptTimeout as timed_out:
                # Its frames hold the request's head (the credential): gone, though the
                # suppressed context is not shown by the usual printers anyway.
                scrubbed(timed_out)
                self._note_failure(exchange, None, True)
                raise APITimeoutError(
                    f"{exchange.describe} to {self._server}: the attempt took longer than "
                    f"{exchange.options.attempt_bound}s (timeout); {_attempts(exchange)}.",
                    maybe_sent=exchange.mutates,
                ) from None
            except (httpx.LocalProtocolError, UnicodeError):
                # A header the HTTP library refused to write: nothing left. No `as`: the
                # error's repr would show the value, and this frame's locals are printable.
                unsendable = True
            except ResponseTooLarge as too_large:
                scrubbed(too_large)  # as above
                reply = Reply(too_large.status_code, too_large.headers, too_large.head)
                refused = exchange.sink.refused if exchange.sink is not None else None
                problem = (
                    f"{refused}; nothing was written"
                    if refused is not None
                    else f"is larger than the {exchange.limit:,} bytes this call accepts "
                    "(max_response_size)"
                )
                raise self._bad_body(reply, problem, exchange) from None
            except httpx.TimeoutException as exc:
                sent = not isinstance(exc, _NOT_SENT)
                self._note_failure(exchange, exc, sent)
                raise APITimeoutError(
                    f"{exchange.describe} to {self._server}: {type(exc).__name__} after "
                    f"{_ms(started)}; {_attempts(exchange)}.",
                    maybe_sent=sent and exchange.mutates,
                ) from scrubbed(exc)
            except httpx.TransportError as exc:
                sent = not isinstance(exc, _NOT_SENT)
                self._note_failure(exchange, exc, sent)
                raise APIConnectionError(
                    f"{exchange.describe} to {self._server}: {type(exc).__name__} "
                    f"({_safe(exc)}); {_attempts(exchange)}.",
                    maybe_sent=sent and exchange.mutates,
                ) from scrubbed(exc)
            except anyio.get_cancelled_exc_class():
                # Cancelled (or out of deadline) mid-request: the server may have it already.
                if exchange.mutates:
                    exchange.maybe_sent = True
                raise
        if unsendable:
            raise ConfigurationError(
                f"{exchange.describe}: a request header could not be encoded for HTTP, so "
                "nothing was sent (check the credential and any headers your http_client adds)."
            )
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s attempt %d -> %d in %s (request id %s, idempotency id %s)",
                exchange.describe,
                exchange.attempts,
                response.status_code,
                _ms(started),
                response.headers.get("x-request-id"),
                exchange.idempotency_id,
            )
        return response

    async def _transmit(
        self, exchange: _Exchange, headers: HeaderSet, bound: float | None
    ) -> Reply:
        """One attempt's exchange, over in ``bound`` seconds or :class:`AttemptTimeout`.

        The native transport bounds the attempt in the cancel scope it has anyway (one scope
        fewer); around httpx's own, and a caller's ``http_client``, a scope of its own does.
        """
        native = self._auto.direct() if self._auto is not None else None
        if native is not None:
            # No redirect is followed here either (see _through_httpx).
            return await native.exchange(
                exchange.method,
                exchange.url,
                headers,
                exchange.content,
                exchange.options.timeout,
                exchange.limit,
                exchange.sink,
                bound,
            )
        with anyio.move_on_after(bound) as bounded:
            return await self._through_httpx(exchange, headers)
        assert bounded.cancelled_caught  # only the bound ends the scope without an answer
        raise AttemptTimeout

    async def _through_httpx(self, exchange: _Exchange, headers: HeaderSet) -> Reply:
        # Redirects are never followed, even on a caller's http_client: a redirect would
        # resend the body (and credentials) somewhere nobody configured.
        request = self.http.build_request(
            exchange.method,
            exchange.url,
            content=exchange.content,
            headers=headers,
            timeout=exchange.options.timeout,
        )
        if exchange.content:
            # The same bytes (Content-Length is set), in a stream that no early stop of the
            # transport's leaves suspended: see RequestBody.
            request.stream = RequestBody(exchange.content)
        response = await self.http.send(request, stream=True, follow_redirects=False)
        try:
            if exchange.sink is not None and response.is_success:
                head = lower_headers(response.headers)
                if exchange.sink.begin(head):
                    await drain_into(response.aiter_raw(), exchange.sink, response.aclose)
                    return Reply(response.status_code, head, b"")
            body = await read_capped(response, exchange.limit)
            return Reply(response.status_code, lower_headers(response.headers), body)
        finally:
            await response.aclose()

    def _note_failure(self, exchange: _Exchange, exc: Exception | None, sent: bool) -> None:
        if sent and exchange.mutates:
            exchange.maybe_sent = True
        logger.debug(
            "%s attempt %d -> %s%s (idempotency id %s)",
            exchange.describe,
            exchange.attempts,
            type(exc).__name__ if exc is not None else "attempt timeout",
            ", may have reached the server" if sent else "",
            exchange.idempotency_id,
        )

    def _parse(
        self, endpoint: Endpoint[ResponseT], response: Reply, exchange: _Exchange
    ) -> ResponseT:
        headers = response.headers
        request_id = headers.get("x-request-id")
        echoed = headers.get("x-idempotency-id")
        if exchange.idempotency_id is not None and echoed != exchange.idempotency_id:
            # Once per client at WARNING (a server that ignores idempotency ids is worth
            # knowing about), then DEBUG: one line per send would drown a batch's logs.
            level = logging.DEBUG if self._warned_unconfirmed else logging.WARNING
            self._warned_unconfirmed = True
            logger.log(
                level,
                "%s: the server did not confirm idempotency id %s (X-Idempotency-Id: %r); "
                "retries of this send may not be deduplicated",
                exchange.describe,
                exchange.idempotency_id,
                echoed,
            )
        meta = ResponseMeta(
            status_code=response.status_code,
            request_id=request_id,
            idempotency_id=exchange.idempotency_id,
            idempotency_confirmed=echoed is not None and echoed == exchange.idempotency_id,
            rate_limit=response.rate_limit,
            response_time=headers.get("x-response-time"),
            attempts=exchange.attempts,
        )
        if response.status_code == 204 and endpoint.no_content:
            return cast(ResponseT, None)
        content = response.content
        encoding = headers.get("content-encoding")
        if encoding and encoding.lower() != "identity":
            raise self._bad_body(
                response, f"came compressed ({encoding:.40}) although none was asked for", exchange
            )
        try:
            with _convert.gc_paused(len(content) > _convert.LARGE_BODY):
                data = _convert.loads(content)
                # A bare list (get_scopes) is the body of a model rooted in one field.
                rooted = isinstance(data, list) and _convert.wire_root(endpoint.response_type)
                if not (isinstance(data, dict) or rooted):
                    raise self._bad_body(response, "is not a JSON object", exchange)
                result = _convert.structure(data, endpoint.response_type)
        except _convert.ShapeError as exc:
            detail = str(exc)
            raise self._bad_body(
                response,
                f"does not match {endpoint.response_type.__name__}: {detail:.300}",
                exchange,
            ) from exc
        except ValueError:
            raise self._bad_body(response, "is not JSON", exchange) from None
        return _convert.with_meta(result, meta)

    @staticmethod
    def _bad_body(response: Reply, problem: str, exchange: _Exchange) -> APIResponseValidationError:
        return APIResponseValidationError(
            f"{exchange.describe}: the HTTP {response.status_code} body {problem}.",
            status_code=response.status_code,
            request_id=response.headers.get("x-request-id"),
            body_excerpt=excerpt(response.content[:4096].decode("utf-8", "replace")),
            idempotency_id=exchange.idempotency_id,
            maybe_sent=exchange.mutates,
        )


def new_uuid4() -> str:
    """A random (version 4) UUID in canonical form, as ``str(uuid.uuid4())`` makes it, from
    the same ``os.urandom`` bytes, without building a ``UUID`` object (~1 us against ~3)."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # the RFC 4122 variant
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _query_string(query: Mapping[str, object] | None) -> str:
    if not query:
        return ""
    given = {name: value for name, value in query.items() if value is not None}
    return "?" + urllib.parse.urlencode(given) if given else ""


def _api_error(response: Reply) -> str:
    """What an API error body (``{"error": {...}}``) sent with a 2xx says, for a message."""
    try:
        body = _convert.loads(response.content)
    except ValueError:
        return ""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return ""
    said = " ".join(
        str(error[key]) for key in ("type", "code", "message") if error.get(key) is not None
    )
    return f" (the API's error: {excerpt(said)})" if said else ""


def _decode_error_body(response: Reply) -> object:
    try:
        return _convert.loads(response.content)
    except ValueError:
        return response.content[:4096].decode("utf-8", "replace")


def _attempts(exchange: _Exchange) -> str:
    """How many attempts the call made, as its error says it: the error of a call's last
    attempt is the one raised, so this is the call's count."""
    return "1 attempt made" if exchange.attempts == 1 else f"{exchange.attempts} attempts made"


def _ms(started: float) -> str:
    return f"{(time.perf_counter() - started) * 1000:.0f} ms"


def _safe(exc: BaseException) -> str:
    """The first informative message down the cause chain (e.g. the TLS verify failure
    under a bare ``ConnectError('')``). httpx messages name hosts and errors, never
    headers; kept short anyway."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        text = str(current).strip()
        if text:
            return excerpt(text)
        current = current.__cause__ or current.__context__
    return "no detail"
