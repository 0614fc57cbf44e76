"""Webhooks other than delivery reports: ``otp_update`` and ``number_lookup`` callbacks.

Same rules as the delivery-report courier (``_dlr``): only loopback URLs are called (any
other is recorded, not called), no proxy, no redirect, one thread of the emulator's own with
its own event loop. A callback may wait for the emulator's clock (an OTP's expiry); when it
falls due its body is built then, from the state at that moment, or dropped when the builder
returns ``None`` (an OTP verified before it expired posts no ``EXPIRED``).
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import threading
from collections.abc import Callable
from typing import Any

import anyio
import attrs
import httpx

from ._dlr import _LoopThreads, _Worker, callback_client, post_callback
from ._wire import dumps

__all__ = ["CallbackDelivery", "CallbackPoster"]

_POLL = 0.05
_LOOK = 0.005

#: Builds a callback's ``data`` items when it falls due; ``None``: no longer wanted.
Builder = Callable[[], list[dict[str, Any]] | None]


@attrs.frozen(slots=True)
class CallbackDelivery:
    """One callback the emulator posted (or recorded without posting: see ``called``).

    ``body`` is the JSON posted, ``data`` its items; ``http_status`` the receiver's answer
    (``None`` when not called or not reached, ``error`` then says why).
    """

    url: str
    event: str
    data: tuple[dict[str, Any], ...]
    body: bytes
    called: bool
    http_status: int | None
    error: str | None


class CallbackPoster(_LoopThreads):
    """Posts and records one emulator's ``otp_update`` / ``number_lookup`` callbacks."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._order = itertools.count()
        self._due: list[tuple[float, int, str, str, Builder]] = []
        self._in_flight = 0
        self._records: list[CallbackDelivery] = []
        self._generation = 0
        self._worker: _Worker | None = None
        self._workers: list[_Worker] = []

    def post(self, url: str, event: str, build: Builder, *, at: float | None = None) -> None:
        """Post ``{"event": event, "data": build()}`` to ``url`` now, or once the
        emulator's clock reaches ``at`` (Unix time)."""
        with self._lock:
            heapq.heappush(self._due, (at or 0.0, next(self._order), url, event, build))
            self._wake_or_start()

    @property
    def records(self) -> tuple[CallbackDelivery, ...]:
        """Every callback posted or recorded so far, oldest first."""
        with self._lock:
            return tuple(self._records)

    async def wait_for(self, count: int, event: str | None = None) -> tuple[CallbackDelivery, ...]:
        """Wait until ``count`` callbacks (of ``event``, if given) are recorded; those."""
        while True:
            with self._lock:
                found = tuple(r for r in self._records if event is None or r.event == event)
            if len(found) >= count:
                return found
            await anyio.sleep(_LOOK)

    def wait_for_sync(
        self, count: int, event: str | None, timeout: float
    ) -> tuple[CallbackDelivery, ...]:
        """:meth:`wait_for` for blocking code."""

        def found() -> tuple[CallbackDelivery, ...]:
            return tuple(r for r in self._records if event is None or r.event == event)

        with self._changed:
            if not self._changed.wait_for(lambda: len(found()) >= count, timeout):
                raise TimeoutError(f"{len(found())} of {count} callback(s) in {timeout} s")
            return found()

    def reset(self) -> None:
        """Forget pending and recorded callbacks."""
        with self._lock:
            self._due.clear()
            self._records.clear()
            self._generation += 1
            self._changed.notify_all()

    def close(self) -> None:
        """Drop pending callbacks and end the thread (recorded ones stay)."""
        with self._lock:
            self._due.clear()
        self._stop_threads()

    # --- the poster's thread -------------------------------------------------------------

    async def _run(self, worker: _Worker) -> None:
        client = callback_client()
        async with client, anyio.create_task_group() as group:
            with self._lock:
                worker.loop = asyncio.get_running_loop()
                worker.scope = group.cancel_scope
            while True:
                event = worker.event = asyncio.Event()
                with self._lock:
                    if worker.stopped:
                        group.cancel_scope.cancel()
                        return
                    due, generation = self._take(), self._generation
                    wait = _POLL if self._due else None
                    if wait is None and self._worker is worker:
                        self._worker = None
                for url, name, build in due:
                    group.start_soon(self._deliver, client, url, name, build, generation)
                if wait is None:
                    return
                with anyio.move_on_after(wait):
                    await event.wait()

    def _take(self) -> list[tuple[str, str, Builder]]:
        now = self._clock()
        taken = []
        while self._due and self._due[0][0] <= now:
            _, _, url, name, build = heapq.heappop(self._due)
            taken.append((url, name, build))
        self._in_flight += len(taken)
        return taken

    async def _deliver(
        self, client: httpx.AsyncClient, url: str, name: str, build: Builder, generation: int
    ) -> None:
        record: CallbackDelivery | None = None
        try:
            data = build()
            if data is None:
                return
            body = dumps({"event": name, "data": data})
            called, status, error = await post_callback(client, url, body)
            record = CallbackDelivery(url, name, tuple(data), body, called, status, error)
        finally:
            with self._changed:
                self._in_flight -= 1
                if record is not None and generation == self._generation:
                    self._records.append(record)
                self._changed.notify_all()
