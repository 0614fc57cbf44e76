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

import time
from collections.abc import Callable, Mapping
from datetime import datetime, timezone

import anyio

from .errors import header_number, reset_time
from .models import RateLimitSnapshot

__all__ = ["RateLimitGate"]

# Wake a little after the reset: a request that arrives a hair early lands in the old window.
_RESET_MARGIN = 0.02


def _whole(value: float | None) -> int | None:
    return None if value is None else max(0, int(value))


class RateLimitGate:
    """The shared view of the server's rate-limit window (see the module docstring)."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self.limit: int | None = None
        self.remaining: int | None = None
        self.reset_at: float | None = None
        self._period: float | None = None
        self._probe: anyio.Event | None = None
        #: How often a task had to wait at the gate (for tests and metrics).
        self.waits = 0

    async def wait_turn(self) -> None:
        """Wait until a request may leave, and count it against the window."""
        while True:
            now = self._clock()
            if self.reset_at is not None and now >= self.reset_at:
                self._roll_window()
            if self.remaining is None or self.remaining > 0:
                if self.remaining is not None:
                    self.remaining -= 1
                return
            self.waits += 1
            if self.reset_at is not None:
                await anyio.sleep(self.reset_at - now + _RESET_MARGIN)
            elif self._probe is None:
                # Nobody is asking the server when the window resets: this task will.
                self._probe = anyio.Event()
                return
            else:
                await self._probe.wait()

    def _roll_window(self) -> None:
        previous = self.reset_at
        self.remaining = self.limit
        self.reset_at = previous + self._period if previous and self._period else None

    def observe(self, headers: Mapping[str, str]) -> RateLimitSnapshot | None:
        """Take in a response's rate-limit headers; returns them as a snapshot."""
        limit = _whole(header_number(headers, "x-rate-limit-limit"))
        remaining = _whole(header_number(headers, "x-rate-limit-remaining"))
        reset = reset_time(headers, self._clock())
        if limit is None and remaining is None and reset is None:
            self._release_probe()
            return None
        if limit is not None:
            self.limit = limit
        if reset is not None:
            if self.reset_at is not None and reset > self.reset_at + 1e-6:
                period = reset - self.reset_at
                self._period = period if self._period is None else min(self._period, period)
            new_window = self.reset_at is None or abs(reset - self.reset_at) > 1e-6
            self.reset_at = reset
            if remaining is not None:
                self.remaining = remaining if new_window else min(self.remaining or 0, remaining)
        elif remaining is not None:
            if self._probe is not None or self.remaining is None:
                # The probe's answer is the truth: nothing else was in flight beside it.
                self.remaining = remaining
            else:
                # Requests still in flight were counted locally; the server has not seen them
                # yet, so its count can only be higher than the truth: keep the lower one.
                self.remaining = min(self.remaining, remaining)
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
