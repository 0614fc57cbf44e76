"""The retry policy: what is retried, how long to wait, and the server's hints.

Retried: connection errors, timeouts, 429 and 500/502/503/504. Never retried: any other
4xx (the request itself is wrong; sending it again cannot help) and a 2xx whose body does not
parse. Sends are safe to retry because every attempt carries the same ``idempotencyId``.

Waits are exponential with jitter, bounded by ``max_backoff``. On a 429 the wait is the
larger of the server's reset hint and that backoff, provided the hint is within
``max_rate_limit_wait``; a longer hint is not waited out (the caller gets the
``RateLimitError`` with ``retry_after`` at once).

This is the only retry layer: the HTTP transport is built with ``retries=0``. Stacked retry
layers multiply attempts, and have sent duplicate messages in other SDKs.
"""

from __future__ import annotations

import logging
import math
import random
from collections.abc import Callable

import anyio
import attrs
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt
from tenacity.stop import stop_base

from .errors import APIConnectionError, APIStatusError, ConfigurationError, RateLimitError

__all__ = ["DEFAULT_RETRY_STATUSES", "RetryPolicy"]

logger = logging.getLogger("smscx")

DEFAULT_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


def _count(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigurationError(
            f"{attribute.name} must be a whole number of at least 0, got {value!r:.40}."
        )


def _seconds(instance: object, attribute: attrs.Attribute[float], value: object) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value < 0
    ):
        raise ConfigurationError(
            f"{attribute.name} must be a finite number of seconds, at least 0, got {value!r:.40}."
        )


def _fraction(instance: object, attribute: attrs.Attribute[float], value: object) -> None:
    _seconds(instance, attribute, value)
    if value > 1:  # type: ignore[operator]  # a number: _seconds checked
        raise ConfigurationError(f"{attribute.name} must be between 0 and 1, got {value!r}.")


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How a call retries. The defaults suit production; tests set ``wait=False``.

    ``max_retries`` counts retries after the first attempt (``0`` turns retrying off).
    Backoff before retry *n* (1-based) is ``initial_backoff * 2 ** (n - 1)`` capped at
    ``max_backoff``, then scaled by a random factor in ``[1 - jitter, 1]`` so that many
    clients do not retry in lockstep.
    """

    max_retries: int = attrs.field(default=2, validator=_count)
    initial_backoff: float = attrs.field(default=0.5, validator=_seconds)
    max_backoff: float = attrs.field(default=8.0, validator=_seconds)
    jitter: float = attrs.field(default=0.5, validator=_fraction)
    max_rate_limit_wait: float = attrs.field(default=60.0, validator=_seconds)
    retry_statuses: frozenset[int] = DEFAULT_RETRY_STATUSES
    wait: bool = True

    def backoff(self, retry_number: int) -> float:
        """Seconds to wait before retry ``retry_number`` (1-based), jitter included."""
        if not self.wait:
            return 0.0
        base = min(self.max_backoff, self.initial_backoff * 2 ** (retry_number - 1))
        return float(base * (1.0 - self.jitter * random.random()))

    def is_retryable(self, exc: BaseException) -> bool:
        """Whether a failed attempt should be tried again (attempts left permitting)."""
        if isinstance(exc, RateLimitError):
            hint = exc.retry_after
            return 429 in self.retry_statuses and (hint is None or hint <= self.max_rate_limit_wait)
        if isinstance(exc, APIStatusError):
            return exc.status_code in self.retry_statuses
        return isinstance(exc, APIConnectionError)

    def wait_before(self, retry_number: int, exc: BaseException | None) -> float:
        """The wait before a retry: backoff, or the server's hint when that is longer."""
        delay = self.backoff(retry_number)
        if self.wait and isinstance(exc, RateLimitError) and exc.retry_after is not None:
            delay = max(delay, exc.retry_after)
        return delay


class _StopAtDeadline(stop_base):
    """Stop when the next wait would end after the call's deadline."""

    def __init__(self, remaining: Callable[[], float]) -> None:
        self._remaining = remaining

    def __call__(self, retry_state: RetryCallState) -> bool:
        return retry_state.upcoming_sleep >= self._remaining()


async def _sleep(seconds: float) -> None:
    # tenacity's default sleep picks asyncio or trio by sniffing; anyio.sleep is right on both
    # and is a cancellation point, so a cancelled call stops waiting at once.
    await anyio.sleep(seconds)


def retrying(
    policy: RetryPolicy,
    *,
    describe: str,
    remaining: Callable[[], float] | None = None,
    may_retry: Callable[[BaseException], bool] | None = None,
) -> AsyncRetrying:
    """A tenacity loop for one call, ``describe`` (e.g. ``"POST /sms"``) naming it in logs.

    ``may_retry`` narrows the policy for this call (a charged route without idempotency
    retries only what surely did not reach the server).
    """

    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome is not None else None
        return policy.wait_before(state.attempt_number, exc)

    def log_retry(state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome is not None else None
        logger.debug(
            "%s attempt %d/%d failed (%s); retrying in %.2fs",
            describe,
            state.attempt_number,
            policy.max_retries + 1,
            _describe_failure(exc),
            state.upcoming_sleep,
        )

    stop: stop_base = stop_after_attempt(policy.max_retries + 1)
    if remaining is not None:
        stop = stop | _StopAtDeadline(remaining)
    return AsyncRetrying(
        stop=stop,
        wait=wait,
        retry=retry_if_exception(may_retry or policy.is_retryable),
        sleep=_sleep,
        before_sleep=log_retry,
        reraise=True,
    )


def _describe_failure(exc: BaseException | None) -> str:
    if isinstance(exc, APIStatusError):
        return f"HTTP {exc.status_code}"
    if exc is None:
        return "no outcome"
    return type(exc).__name__
