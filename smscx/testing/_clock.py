"""A clock tests can move by hand, so that time-dependent behaviour needs no waiting."""

from __future__ import annotations

import threading
import time

__all__ = ["ManualClock"]


class ManualClock:
    """Unix time that stands still until :meth:`advance` moves it.

    Pass it as ``Emulator(clock=...)`` to make scheduled messages "sent", tokens expire or
    rate-limit windows roll over, without sleeping and without flaky timing.
    """

    def __init__(self, start: float | None = None) -> None:
        self._now = time.time() if start is None else start
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> float:
        """Move the clock forward by ``seconds``; the new time."""
        if seconds < 0:
            raise ValueError("a clock only moves forward")
        with self._lock:
            self._now += seconds
            return self._now
