"""The emulator calling out: webhooks to loopback receivers, from a thread of its own.

Every callback the emulator posts (delivery reports, :mod:`._delivery_reports`;
``otp_update`` and ``number_lookup``, :class:`CallbackPoster`) follows the same rules: only
loopback URLs are called (127.0.0.0/8, ``::1``, ``localhost``; any other is recorded, not
called: the emulator never sends a request off the machine), no proxy from the environment,
no redirect, a short timeout.

Why a thread of its own: in-process, the emulator runs in the caller's event loop only while
it answers a request, so nothing there lives long enough to own a background task; served,
it runs in uvicorn's thread. A poster runs its own asyncio loop in its own thread, which
works the same whoever sends (asyncio, trio, blocking code, the socket server). The thread
starts with the first callback and ends once nothing is left to post; ``close`` ends it at
once, dropping what is still pending.

A :class:`CallbackPoster` callback may wait for the emulator's clock (an OTP's expiry); when
it falls due its body is built then, from the state at that moment, or dropped when the
builder returns ``None`` (an OTP verified before it expired posts no ``EXPIRED``).
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import ipaddress
import itertools
import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import anyio
import attrs
import httpx

from smscx._version import __version__

from .wire.codec import dumps

__all__ = [
    "NOT_CALLED",
    "CallbackDelivery",
    "CallbackPoster",
    "callback_client",
    "is_loopback_url",
    "post_callback",
]

NOT_CALLED = "not a loopback URL: recorded, not called (the emulator never leaves the machine)"
"""The ``error`` of a report whose callback URL is off this machine."""

_POST_TIMEOUT = 5.0
"""How long a receiver may take to answer one callback before it counts as unreached."""

_POLL = 0.05
"""How often (seconds) callbacks waiting for the emulator's clock look at it: it may be
moved by hand (:class:`~smscx.testing.ManualClock`) and so cannot be slept on."""

_LOOK = 0.005
"""How often (seconds) an async waiter looks at the records: the poster is another thread,
and polling is the one wake-up that works the same from asyncio and trio."""

#: Builds a callback's ``data`` items when it falls due; ``None``: no longer wanted.
Builder = Callable[[], list[dict[str, Any]] | None]


def is_loopback_url(url: str) -> bool:
    """Whether ``url`` names this machine: ``localhost``, 127.0.0.0/8 or ``::1``."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return False
    if not host:
        return False
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def callback_client() -> httpx.AsyncClient:
    """The HTTP client callbacks go out with: no redirect, no proxy (either could lead off
    the machine), a short timeout."""
    return httpx.AsyncClient(
        timeout=_POST_TIMEOUT,
        follow_redirects=False,
        trust_env=False,
        headers={"user-agent": f"smscx-emulator/{__version__}"},
    )


async def post_callback(
    client: httpx.AsyncClient, url: str, body: bytes
) -> tuple[bool, int | None, str | None]:
    """POST one callback if ``url`` is on this machine: (called, receiver's status, error).

    A receiver's failure is recorded, never raised.
    """
    if not is_loopback_url(url):
        return False, None, NOT_CALLED
    try:
        response = await client.post(
            url, content=body, headers={"content-type": "application/json"}
        )
    except Exception as exc:
        return True, None, f"{type(exc).__name__}: {exc}".rstrip(": ")
    return True, response.status_code, None


class Worker:
    """One thread posting callbacks, and what another thread needs to wake or stop its loop."""

    def __init__(self, target: Callable[[Worker], None]) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        self.event: asyncio.Event | None = None
        self.scope: anyio.CancelScope | None = None
        self.stopped = False
        self.thread = threading.Thread(target=target, args=(self,), name="smscx-dlr", daemon=True)

    def _call(self, callback: Callable[[], None]) -> None:
        if self.loop is None:
            return  # not started yet: its first round sees everything
        with contextlib.suppress(RuntimeError):  # the loop has already ended
            self.loop.call_soon_threadsafe(callback)

    def _set_event(self) -> None:
        if self.event is not None:
            self.event.set()

    def _cancel(self) -> None:
        if self.scope is not None:
            self.scope.cancel()
        self._set_event()

    def wake(self) -> None:
        """Have the loop look at the pending callbacks again (callers hold the lock)."""
        self._call(self._set_event)

    def stop(self) -> None:
        """End the loop and cancel its callbacks in flight (callers hold the lock)."""
        self.stopped = True
        self._call(self._cancel)


class LoopThreads:
    """What owns a thread running an asyncio loop of its own (``_run``): starts one when
    there is work and none runs, and stops and joins them on close. Subclasses set
    ``_lock``, ``_changed`` (a Condition on it), ``_worker`` and ``_workers``."""

    _lock: threading.Lock
    _changed: threading.Condition
    _worker: Worker | None
    _workers: list[Worker]

    def _wake_or_start(self) -> None:
        """Have the running thread look again, or start one (callers hold the lock)."""
        if self._worker is None:
            self._worker = Worker(self._work)
            self._workers.append(self._worker)
            self._worker.thread.start()
        else:
            self._worker.wake()

    def _stop_threads(self) -> None:
        """Stop every thread and wait for them (callers do not hold the lock)."""
        with self._lock:
            workers = list(self._workers)
            self._worker = None
            for worker in workers:
                worker.stop()
        for worker in workers:
            if worker.thread is not threading.current_thread():
                worker.thread.join()

    def _work(self, worker: Worker) -> None:
        try:
            anyio.run(self._run, worker, backend="asyncio")
        finally:
            with self._changed:
                if self._worker is worker:
                    self._worker = None
                self._workers.remove(worker)
                self._changed.notify_all()

    async def _run(self, worker: Worker) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


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


class CallbackPoster(LoopThreads):
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
        self._worker: Worker | None = None
        self._workers: list[Worker] = []

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

    async def _run(self, worker: Worker) -> None:
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
