"""Holding requests back when the server's rate-limit window is spent.

Every task using one client passes through one gate before each attempt. The gate keeps
what the last responses said (``X-Rate-Limit-Limit``/``-Remaining``, and ``-Reset`` where a
response carries it, as every 429 does) and counts down locally as requests leave, so that
300 tasks started together do not all fire into 429s before the first answer is back.

When the window is spent:

- and its reset is known, every task sleeps until the reset, then the window is assumed full
  again (``limit`` requests) and the next reset is predicted from the window's length, once
  two resets have been seen;
- and its reset is not known (a 200 says nothing about it), one request goes ahead as a probe
  and the rest wait for its answer: a 429 carries the reset, anything else refreshes the
  count.

The gate never sleeps past what a server said, and without rate-limit headers it never
holds anything back.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from datetime import datetime, timezone

import anyio

from .errors import RateLimitError, header_number, reset_time
from .models import RateLimitSnapshot

__all__ = ["RateLimitGate"]

logger = logging.getLogger("smscx")

# Wake a little after the reset: a request that arrives a hair early lands in the old window.
_RESET_MARGIN = 0.02


def _whole(value: float | None) -> int | None:
    return None if value is None else max(0, int(value))


class RateLimitGate:
    """The shared view of the server's rate-limit window (see the module docstring)."""

    #: Whether the window is kept elsewhere too (``SharedRateLimitGate``): the pipeline then
    #: lets the gate write what it learnt (:meth:`settle`) after each attempt.
    shared = False

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self.limit: int | None = None
        self.remaining: int | None = None
        self.reset_at: float | None = None
        self._period: float | None = None
        self._last_reset: float | None = None
        self._probe: anyio.Event | None = None
        # The lowest count answered since the probe left: the server may have counted the
        # probe before requests whose answers come back first.
        self._since_probe: int | None = None
        self._heard = False
        self._in_flight = 0
        #: How often a task had to wait at the gate (for tests and metrics).
        self.waits = 0

    async def wait_turn(self, max_wait: float | None = None) -> anyio.Event | None:
        """Wait until a request may leave, and count it against the window.

        Returns a token when this request is the probe: pass it to :meth:`finished` once
        the request is over, whatever its outcome, so the requests held behind it go on (a
        download's, once its answer's head is in: its body may take minutes).
        A spent window that resets more than ``max_wait`` seconds ahead is not waited out:
        :class:`~smscx.RateLimitError` at once, as for a 429 with such a reset.
        """
        while True:
            now = self._clock()
            if self.reset_at is not None and now >= self.reset_at:
                self._roll_window()
            if self._heard and (self.remaining is None or self.remaining > 0):
                if self.remaining is not None:
                    self.remaining -= 1
                self._in_flight += 1
                return None
            self.waits += 1
            if self._heard and self.reset_at is not None:
                delay = self.reset_at - now + _RESET_MARGIN
                if max_wait is not None and delay > max_wait:
                    self.waits -= 1
                    raise RateLimitError(
                        f"The rate-limit window resets in {delay:.0f}s, beyond the "
                        f"{max_wait:.0f}s this call may wait; nothing was sent.",
                        status_code=429,
                        error_type="rate_limit",
                        reset_at=datetime.fromtimestamp(self.reset_at, timezone.utc),
                        retry_after=delay,
                    )
                await anyio.sleep(delay)
            elif self._probe is None:
                # Nothing heard yet, or the window is spent and nobody knows when it resets:
                # this request asks the server, the others wait for its answer.
                self.waits -= 1
                self._probe = anyio.Event()
                self._since_probe = None
                self._in_flight += 1
                return self._probe
            else:
                await self._probe.wait()

    def finished(self, token: anyio.Event | None) -> None:
        """A request that :meth:`wait_turn` let go is over, with a response or without (or,
        for a download, its answer's head is in: the gate needs nothing of the body).

        Call it once per request, with what ``wait_turn`` returned: a probe that failed
        must still release the requests held behind it.
        """
        self._in_flight -= 1
        if token is not None and token is self._probe:
            self._release_probe()

    async def settle(self) -> None:
        """After an attempt: share what was learnt (a shared gate's; nothing here)."""

    async def aclose(self) -> None:
        """When the client closes: let go of what the gate holds (nothing here)."""

    def _roll_window(self) -> None:
        previous = self.reset_at
        self.remaining = self.limit
        self.reset_at = previous + self._period if previous and self._period else None

    def observe(
        self, headers: Mapping[str, str], token: anyio.Event | None = None
    ) -> RateLimitSnapshot | None:
        """Take in a response's rate-limit headers; returns them as a snapshot.

        ``token`` is what :meth:`wait_turn` returned for this request: the probe's own answer
        is the truth about the window, while late answers to earlier requests are stale.
        Never raises: headers that cannot be read are no hint (the response stands).
        """
        try:
            return self._observe(headers, token)
        except Exception:
            logger.debug("unreadable rate-limit headers ignored", exc_info=True)
            if token is not None and token is self._probe:
                self._release_probe()
            return None

    def _observe(
        self, headers: Mapping[str, str], token: anyio.Event | None
    ) -> RateLimitSnapshot | None:
        is_probe = token is not None and token is self._probe
        limit = _whole(header_number(headers, "x-rate-limit-limit"))
        remaining = _whole(header_number(headers, "x-rate-limit-remaining"))
        reset = reset_time(headers, self._clock())
        self._heard = True
        if limit is None and remaining is None and reset is None:
            if is_probe:
                self._release_probe()
            return None
        if limit is not None:
            self.limit = limit
        if reset is not None:
            # Learnt from the resets seen, not from reset_at: rolling a window clears that
            # whenever the next reset is not predicted yet.
            if self._last_reset is not None and reset > self._last_reset + 1e-6:
                period = reset - self._last_reset
                self._period = period if self._period is None else min(self._period, period)
            self._last_reset = max(reset, self._last_reset or reset)
            new_window = self.reset_at is None or abs(reset - self.reset_at) > 1e-6
            self.reset_at = reset
            if remaining is not None:
                self.remaining = remaining if new_window else min(self.remaining or 0, remaining)
        elif remaining is not None:
            if not is_probe and self._probe is not None:
                seen = self._since_probe
                self._since_probe = remaining if seen is None else min(seen, remaining)
            # The server counts concurrent requests in its own order: a probe's answer can
            # arrive after a 429 closed the window and still carry an older, higher count.
            # While a known window lasts, counts only ever go down.
            window_known = self.reset_at is not None and self._clock() < self.reset_at
            if (is_probe and not window_known) or self.remaining is None:
                # The probe's answer is the freshest count, but requests that left before it
                # may reach the server after it: count them as spent too. And answers that
                # came back first with a lower count were counted after it: take the lowest.
                if is_probe and self._since_probe is not None:
                    remaining = min(remaining, self._since_probe)
                others = max(0, self._in_flight - 1)  # in flight besides this one
                self.remaining = max(0, remaining - others)
            else:
                # Requests still in flight were counted locally; the server has not seen them
                # yet, so its count can only be higher than the truth: keep the lower one.
                self.remaining = min(self.remaining, remaining)
        if is_probe:
            self._release_probe()
        return RateLimitSnapshot(
            limit=limit,
            remaining=remaining,
            reset_at=datetime.fromtimestamp(reset, timezone.utc) if reset is not None else None,
        )

    def _release_probe(self) -> None:
        if self._probe is not None:
            self._probe.set()
            self._probe = None
