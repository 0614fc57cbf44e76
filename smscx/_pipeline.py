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
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Mapping
from contextlib import AbstractContextManager, nullcontext
from typing import Any, Generic, TypeVar

import anyio
import attrs
import httpx

from . import _convert
from ._auth import Credentials
from ._ratelimit import RateLimitGate
from ._retry import RetryPolicy, retrying
from ._transport import AutoTransport, Reply
from ._validation import check_identifier, validate_request
from .errors import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    ErrorCode,
    SmscxError,
    error_from_response,
    excerpt,
)
from .models import ResponseMeta

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
    #: The path's ``{id}``: which field it is, and the error code for a malformed one.
    id_field: str | None = None
    id_code: ErrorCode | None = None

    @property
    def mutates(self) -> bool:
        """Whether an attempt of unknown outcome may have changed something (send, delete)."""
        return self.sends or self.method == "DELETE"


@attrs.frozen
class CallOptions:
    """Per-call settings; ``AsyncSmsClient.with_options`` makes a copy with others."""

    timeout: httpx.Timeout
    retry: RetryPolicy
    deadline: float | None = None


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
    attempts: int = 0
    maybe_sent: bool = False
    refreshed_auth: bool = False


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
    ) -> None:
        self.http = http
        # smscx's own transport (not a caller's http_client): calls skip httpx's request
        # and response models, which cost about as much CPU as the exchange itself.
        self._auto = auto
        self.base_url = base_url
        self.credentials = credentials
        self.gate = RateLimitGate()
        self._max_concurrency = max_concurrency
        self._limiter: anyio.CapacityLimiter | None = None
        self._warned_unconfirmed = False
        self._headers = {
            "Accept": "application/json",
            "Content-Type": "application/json",
            "User-Agent": user_agent,
        }

    @property
    def limiter(self) -> anyio.CapacityLimiter:
        # Created on first use, inside the event loop that will use it. Excess tasks wait
        # here, in order, rather than in the connection pool (where they would hit
        # PoolTimeout when thousands of sends are gathered at once).
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self._max_concurrency)
        return self._limiter

    async def call(
        self,
        endpoint: Endpoint[ResponseT],
        options: CallOptions,
        *,
        body: object = None,
        path_id: object = None,
    ) -> ResponseT:
        """Build, send (with retries) and parse one call of ``endpoint``."""
        path = endpoint.path
        if endpoint.id_field is not None:
            assert endpoint.id_code is not None
            path = path.format(
                id=check_identifier(path_id, field=endpoint.id_field, code=endpoint.id_code)
            )
        content: bytes | None = None
        idempotency_id: str | None = None
        if body is not None:
            validate_request(body)
            if endpoint.sends:
                idempotency_id = getattr(body, "idempotency_id", None) or str(uuid.uuid4())
                body = attrs.evolve(body, idempotency_id=idempotency_id)  # type: ignore[misc]
            assert endpoint.request_type is not None
            content = _convert.dumps(_convert.unstructure_request(body, endpoint.request_type))
        exchange = _Exchange(
            method=endpoint.method,
            url=self.base_url + path,
            content=content,
            options=options,
            describe=f"{endpoint.method} {path}",
            mutates=endpoint.mutates,
            idempotency_id=idempotency_id,
        )
        try:
            response = await self._send_with_retries(exchange)
            return self._parse(endpoint, response, exchange)
        except SmscxError as exc:
            exc.idempotency_id = idempotency_id
            exc.maybe_sent = exc.maybe_sent or exchange.maybe_sent
            raise

    async def _send_with_retries(self, exchange: _Exchange) -> Reply:
        deadline = exchange.options.deadline
        ends_at = time.monotonic() + deadline if deadline is not None else None
        scope: AbstractContextManager[Any] = (
            anyio.fail_after(deadline) if deadline is not None else nullcontext()
        )
        policy = exchange.options.retry
        try:
            with scope:
                # The first attempt runs outside tenacity: its loop costs ~75 us a call, too
                # much for the happy path of a batch of small sends.
                try:
                    return await self._attempt(exchange)
                except Exception as exc:
                    if policy.max_retries == 0 or not policy.is_retryable(exc):
                        raise
                    failed: Exception | None = exc
                retry = retrying(
                    policy,
                    describe=exchange.describe,
                    remaining=(lambda: ends_at - time.monotonic()) if ends_at is not None else None,
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
        exchange.attempts += 1
        probe = await self.gate.wait_turn(exchange.options.retry.max_rate_limit_wait)
        try:
            while True:
                auth = await self.credentials.headers(
                    self.http, self.base_url, exchange.options.timeout
                )
                response = await self._exchange_once(exchange, auth)
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
            self.gate.finished(probe)
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
        headers = (
            {**self._headers, **auth}
            if exchange.content is not None
            else {
                "Accept": "application/json",
                "User-Agent": self._headers["User-Agent"],
                **auth,
            }
        )
        started = time.perf_counter()
        async with self.limiter:
            try:
                direct = self._auto.direct() if self._auto is not None else None
                if direct is not None:
                    # No redirect is followed here either (see below).
                    response = await direct.exchange(
                        exchange.method,
                        exchange.url,
                        headers,
                        exchange.content,
                        exchange.options.timeout,
                    )
                else:
                    # Redirects are never followed, even on a caller's http_client: a
                    # redirect would resend the body (and credentials) somewhere nobody
                    # configured.
                    response = Reply.of(
                        await self.http.request(
                            exchange.method,
                            exchange.url,
                            content=exchange.content,
                            headers=headers,
                            timeout=exchange.options.timeout,
                            follow_redirects=False,
                        )
                    )
            except httpx.TimeoutException as exc:
                sent = not isinstance(exc, _NOT_SENT)
                self._note_failure(exchange, exc, sent)
                raise APITimeoutError(
                    f"{exchange.describe}: {type(exc).__name__} after {_ms(started)}.",
                    maybe_sent=sent and exchange.mutates,
                ) from exc
            except httpx.TransportError as exc:
                sent = not isinstance(exc, _NOT_SENT)
                self._note_failure(exchange, exc, sent)
                raise APIConnectionError(
                    f"{exchange.describe}: {type(exc).__name__} ({_safe(exc)}).",
                    maybe_sent=sent and exchange.mutates,
                ) from exc
            except anyio.get_cancelled_exc_class():
                # Cancelled (or out of deadline) mid-request: the server may have it already.
                if exchange.mutates:
                    exchange.maybe_sent = True
                raise
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

    def _note_failure(self, exchange: _Exchange, exc: Exception, sent: bool) -> None:
        if sent and exchange.mutates:
            exchange.maybe_sent = True
        logger.debug(
            "%s attempt %d -> %s%s (idempotency id %s)",
            exchange.describe,
            exchange.attempts,
            type(exc).__name__,
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
        content = response.content
        try:
            with _convert.gc_paused(len(content) > _convert.LARGE_BODY):
                data = _convert.loads(content)
                if not isinstance(data, dict):
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


def _decode_error_body(response: Reply) -> object:
    try:
        return _convert.loads(response.content)
    except ValueError:
        return response.content[:4096].decode("utf-8", "replace")


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
