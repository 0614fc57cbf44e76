"""Delivery reports: the emulator POSTs ``dlr_update`` callbacks to a send's ``dlrCallbackUrl``.

A billed send with ``dlrCallbackUrl`` schedules one report per message it accepted; numbers
refused as invalid, ``NO COVERAGE`` destinations and opted-out (``REJECTED``) contacts get
none, and neither do estimates or idempotent replays. A report is due ``delay`` seconds
after its message goes out: at once for an immediate send, once the emulator's clock reaches
``scheduledAt`` for a scheduled one (a message deleted before then never reports). The
reports that fall due together for one URL travel in one callback of at most 200, in the
shape the API documents::

    {"event": "dlr_update", "data": [{"campaignId": ..., "msgId": ..., "statusCode": 200,
        "status": "DELIVERED", "errorCode": null, "datetime": "2026-11-26 14:54:20",
        "trackData": ...}]}

Reports travel as every callback of the emulator does (:mod:`._callbacks`): to loopback
URLs only (a report for any other URL is recorded as not called), from a thread of the
courier's own that starts with the first report and ends once nothing is left to deliver;
:meth:`ReportCourier.close` ends it at once, dropping what is still pending.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timezone
from types import MappingProxyType
from typing import Any, TypeAlias

import anyio
import attrs
import httpx

from ._callbacks import _LOOK, _POLL, LoopThreads, Worker, callback_client, post_callback
from ._shared import Message
from .wire.checks import parse_number
from .wire.codec import dumps, format_date

__all__ = [
    "DLR_STATUS_CODES",
    "MAX_REPORTS_PER_CALLBACK",
    "OutcomeRule",
    "OutcomeSpec",
    "ReportCourier",
    "ReportDelivery",
    "ReportOutcome",
    "random_failures",
]

DLR_STATUS_CODES: Mapping[str, int] = MappingProxyType(
    {"DELIVERED": 200, "EXPIRED": 300, "UNDELIVERED": 301, "REJECTED": 302, "FAILED": 400}
)
"""``statusCode`` of each final status a report can carry (the API documents no values;
these are ours, like the send-time codes)."""

MAX_REPORTS_PER_CALLBACK = 200
"""The most reports one callback carries, as the API documents."""


def _known_status(_: object, __: object, status: str) -> None:
    if status not in DLR_STATUS_CODES:
        known = ", ".join(DLR_STATUS_CODES)
        raise ValueError(f"unknown delivery status {status!r} (one of {known})")


@attrs.frozen(slots=True)
class ReportOutcome:
    """What one message's delivery report says: a final status and, if it failed, a code.

    ``status`` is a key of :data:`DLR_STATUS_CODES` (``DELIVERED``, ``FAILED``,
    ``EXPIRED``, ``REJECTED``, ``UNDELIVERED``); ``error_code`` is sent as ``errorCode``.
    """

    status: str = attrs.field(default="DELIVERED", validator=_known_status)
    error_code: int | None = None

    @property
    def status_code(self) -> int:
        """The report's ``statusCode``."""
        return DLR_STATUS_CODES[self.status]


DELIVERED = ReportOutcome()

OutcomeSpec: TypeAlias = ReportOutcome | str | tuple[str, int | None] | None
"""One message's outcome: a :class:`ReportOutcome`, a status (``"DELIVERED"``), a
``(status, error_code)`` pair (``("FAILED", 4001)``), or ``None`` for no report at all."""

OutcomeRule: TypeAlias = Callable[[Message], OutcomeSpec] | Mapping[str, OutcomeSpec]
"""How outcomes are chosen: a function of the :class:`~smscx.testing.Message`, or a mapping
from phone number to outcome (numbers not in it are delivered)."""


def to_outcome(spec: OutcomeSpec) -> ReportOutcome | None:
    """The :class:`ReportOutcome` an :data:`OutcomeSpec` names (``None``: no report)."""
    if spec is None or isinstance(spec, ReportOutcome):
        return spec
    if isinstance(spec, str):
        return ReportOutcome(spec)
    if isinstance(spec, tuple) and len(spec) == 2:
        return ReportOutcome(spec[0], spec[1])
    raise TypeError(
        f"a delivery outcome is a status, a (status, error_code) pair or None, not {spec!r}"
    )


def _resolver(rule: OutcomeRule | None) -> Callable[[Message], ReportOutcome | None]:
    """A function from message to outcome; a mapping is checked and normalised now."""
    if rule is None:
        return lambda message: DELIVERED
    if isinstance(rule, Mapping):
        by_number: dict[str, ReportOutcome | None] = {}
        for number, spec in rule.items():
            parsed = parse_number(number, None)
            if parsed is None:
                raise ValueError(f"dlr_outcome: {number!r} is not a valid E.164 number")
            by_number[parsed.e164] = to_outcome(spec)
        return lambda message: by_number.get(message.to, DELIVERED)
    function = rule
    return lambda message: to_outcome(function(message))


def random_failures(
    rate: float, *, error_code: int | None = 1, seed: int | None = None
) -> Callable[[Message], ReportOutcome]:
    """An outcome rule failing a share ``rate`` of messages (``FAILED``, ``error_code``).

    ``seed`` makes the draw repeatable (messages are drawn in send order).
    """
    if not 0 <= rate <= 1:
        raise ValueError(f"a failure rate is between 0 and 1, got {rate}")
    draw = random.Random(seed)
    lock = threading.Lock()  # sends may come from several threads
    failed = ReportOutcome("FAILED", error_code)

    def outcome(message: Message) -> ReportOutcome:
        with lock:
            return failed if draw.random() < rate else DELIVERED

    return outcome


@attrs.frozen(slots=True)
class ReportDelivery:
    """One delivery report the emulator sent, or recorded without sending.

    ``report`` is the report as posted (one item of the callback's ``data``), ``body`` the
    whole callback it travelled in. ``called`` is false for a URL off this machine, which
    the emulator never calls. ``http_status`` is the receiver's answer, ``None`` when it
    was not called or not reached; ``error`` then says why.
    """

    url: str
    report: Mapping[str, Any]
    body: bytes
    called: bool
    http_status: int | None
    error: str | None

    @property
    def msg_id(self) -> str:
        """The ``msgId`` of the message reported on."""
        return str(self.report["msgId"])

    @property
    def status(self) -> str:
        """The reported status (``DELIVERED``, ``FAILED`` ...)."""
        return str(self.report["status"])

    @property
    def error_code(self) -> int | None:
        """The reported ``errorCode``."""
        code = self.report["errorCode"]
        return None if code is None else int(code)

    @property
    def acknowledged(self) -> bool:
        """Whether the receiver answered with a 2xx."""
        return self.http_status is not None and 200 <= self.http_status < 300


@attrs.define(slots=True, eq=False)
class _Pending:
    url: str
    message: Message
    outcome: ReportOutcome


@attrs.define(slots=True, eq=False)
class _Batch:
    url: str
    items: list[_Pending]
    generation: int


class ReportCourier(LoopThreads):
    """Schedules, sends and records the delivery reports of one emulator (thread-safe).

    ``enabled``, ``delay`` (seconds of real time after a message goes out) and the outcome
    rule may be changed at any time; they apply to reports scheduled from then on.
    """

    def __init__(
        self,
        clock: Callable[[], float],
        *,
        enabled: bool = True,
        delay: float = 0.5,
        outcome: OutcomeRule | None = None,
    ) -> None:
        self._clock = clock
        self.enabled = enabled
        self.delay = delay
        self.outcome = outcome
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._order = itertools.count()
        # (scheduledAt as Unix time, order, report): waiting for the emulator's clock
        self._gated: list[tuple[float, int, _Pending]] = []
        # (due as time.monotonic(), order, report): waiting for the delay to pass
        self._ready: list[tuple[float, int, _Pending]] = []
        self._in_flight = 0
        self._records: list[ReportDelivery] = []
        self._generation = 0
        self._worker: Worker | None = None
        self._workers: list[Worker] = []

    @property
    def delay(self) -> float:
        """Seconds between a message going out and its report (settable)."""
        return self._delay

    @delay.setter
    def delay(self, seconds: float) -> None:
        if not seconds >= 0:
            raise ValueError(f"dlr_delay must be zero or more seconds, got {seconds}")
        self._delay = float(seconds)

    @property
    def outcome(self) -> OutcomeRule | None:
        """The outcome rule (``None``: every message is delivered; settable)."""
        return self._outcome

    @outcome.setter
    def outcome(self, rule: OutcomeRule | None) -> None:
        self._resolve = _resolver(rule)
        self._outcome = rule

    # --- from the endpoints --------------------------------------------------------------

    def decide(self, messages: Iterable[Message]) -> None:
        """Choose each billed message's delivery outcome and when it is due (at send time).

        The outcome rule runs here, for every message sent, whether or not its send named a
        callback URL: the reports routes show the same outcome the callback carries. What
        the rule raises reaches the sender.
        """
        resolve = self._resolve
        due = time.monotonic() + self._delay
        for message in messages:
            if message.status in ("NO COVERAGE", "REJECTED"):
                continue
            outcome = resolve(message)
            message.report = None if outcome is None else (outcome.status, outcome.error_code)
            message.report_due = due

    def schedule(self, url: str, messages: Iterable[Message]) -> None:
        """Schedule the reports of a billed send's messages to ``url`` (after
        :meth:`decide` chose their outcomes)."""
        if not self.enabled:
            return
        pending = []
        for message in messages:
            if message.status in ("NO COVERAGE", "REJECTED") or message.report is None:
                continue
            status, error_code = message.report
            pending.append(_Pending(url, message, ReportOutcome(status, error_code)))
        if not pending:
            return
        due = time.monotonic() + self._delay
        with self._lock:
            for item in pending:
                scheduled = item.message.scheduled_at
                if scheduled is not None:
                    entry = (scheduled.timestamp(), next(self._order), item)
                    heapq.heappush(self._gated, entry)
                else:
                    heapq.heappush(self._ready, (due, next(self._order), item))
            self._wake_or_start()

    def discard(self, msg_ids: Iterable[str]) -> None:
        """Forget the reports of deleted scheduled messages."""
        ids = set(msg_ids)
        with self._lock:
            kept = [entry for entry in self._gated if entry[2].message.msg_id not in ids]
            if len(kept) != len(self._gated):
                heapq.heapify(kept)
                self._gated = kept
                if self._worker is not None:
                    self._worker.wake()
            self._changed.notify_all()

    # --- what happened -------------------------------------------------------------------

    @property
    def records(self) -> tuple[ReportDelivery, ...]:
        """Every report sent or recorded so far, oldest first."""
        with self._lock:
            return tuple(self._records)

    @property
    def pending(self) -> int:
        """Reports scheduled but not yet recorded (scheduled messages' included)."""
        with self._lock:
            waiting = self._gated + self._ready
            return self._in_flight + sum(1 for _, _, p in waiting if not p.message.deleted)

    def _outstanding(self) -> int:
        """Reports due now or being sent: all but those of messages still scheduled."""
        now = self._clock()
        gated = sum(1 for at, _, p in self._gated if at <= now and not p.message.deleted)
        return self._in_flight + len(self._ready) + gated

    async def wait_for(self, count: int) -> tuple[ReportDelivery, ...]:
        """Wait until ``count`` reports are recorded; all of them."""
        while True:
            with self._lock:
                if len(self._records) >= count:
                    return tuple(self._records)
            await anyio.sleep(_LOOK)

    def wait_for_sync(self, count: int, timeout: float) -> tuple[ReportDelivery, ...]:
        """:meth:`wait_for` for blocking code."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self._records) >= count, timeout):
                raise TimeoutError(self._timeout_message(count, timeout))
            return tuple(self._records)

    async def drain(self) -> tuple[ReportDelivery, ...]:
        """Wait until every report due by now is recorded; all records.

        Reports of messages still scheduled (the clock has not reached them) are not waited
        for; reports still inside their delay are.
        """
        while True:
            with self._lock:
                if not self._outstanding():
                    return tuple(self._records)
            await anyio.sleep(_LOOK)

    def _timeout_message(self, count: int, timeout: float) -> str:
        waiting = len(self._gated) + len(self._ready) + self._in_flight
        return (
            f"{len(self._records)} of {count} delivery report(s) arrived within {timeout} s "
            f"({waiting} still pending)"
        )

    # --- lifetime ------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget pending and recorded reports (callbacks in flight go unrecorded)."""
        with self._lock:
            self._gated.clear()
            self._ready.clear()
            self._records.clear()
            self._generation += 1
            if self._worker is not None:
                self._worker.wake()
            self._changed.notify_all()

    def close(self) -> None:
        """Drop pending reports, cancel callbacks in flight, and end the courier's thread.

        Recorded reports stay. A later send starts the courier again.
        """
        with self._lock:
            self._gated.clear()
            self._ready.clear()
        self._stop_threads()

    # --- the courier's thread ------------------------------------------------------------

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
                    batches, wait = self._collect()
                    if wait is None and self._worker is worker:
                        self._worker = None  # the next send starts another thread
                for batch in batches:
                    group.start_soon(self._deliver, client, batch)
                if wait is None:
                    return  # leaving the group waits for the callbacks in flight
                with anyio.move_on_after(wait):
                    await event.wait()

    def _collect(self) -> tuple[list[_Batch], float | None]:
        """Take the reports due now, in callbacks by URL; how long until the next look.

        ``None`` when nothing is pending. Callers hold the lock.
        """
        now = self._clock()
        monotonic = time.monotonic()
        while self._gated and self._gated[0][0] <= now:
            _, order, item = heapq.heappop(self._gated)
            if not item.message.deleted:
                heapq.heappush(self._ready, (monotonic + self._delay, order, item))
        by_url: dict[str, list[_Pending]] = {}
        while self._ready and self._ready[0][0] <= monotonic:
            item = heapq.heappop(self._ready)[2]
            if not item.message.deleted:
                by_url.setdefault(item.url, []).append(item)
        batches = [
            _Batch(url, items[start : start + MAX_REPORTS_PER_CALLBACK], self._generation)
            for url, items in by_url.items()
            for start in range(0, len(items), MAX_REPORTS_PER_CALLBACK)
        ]
        self._in_flight += sum(len(batch.items) for batch in batches)
        waits = []
        if self._ready:
            waits.append(self._ready[0][0] - monotonic)
        if self._gated:
            waits.append(min(_POLL, self._gated[0][0] - now))
        return batches, max(0.0, min(waits)) if waits else None

    async def _deliver(self, client: httpx.AsyncClient, batch: _Batch) -> None:
        """POST one callback and record its reports, whatever becomes of it."""
        records: list[ReportDelivery] = []
        try:
            at = format_date(datetime.fromtimestamp(self._clock(), timezone.utc))
            data = [_wire(item, at) for item in batch.items]
            body = dumps({"event": "dlr_update", "data": data})
            called, status, error = await post_callback(client, batch.url, body)
            records = [
                ReportDelivery(batch.url, item, body, called, status, error) for item in data
            ]
        finally:  # cancelled (the emulator closed): dropped, not recorded
            with self._changed:
                self._in_flight -= len(batch.items)
                if batch.generation == self._generation:
                    self._records.extend(records)
                self._changed.notify_all()


def _wire(item: _Pending, at: str) -> dict[str, Any]:
    message, outcome = item.message, item.outcome
    report: dict[str, Any] = {
        "campaignId": message.campaign_id,
        "msgId": message.msg_id,
        "statusCode": outcome.status_code,
        "status": outcome.status,
        "errorCode": outcome.error_code,
        "datetime": at,
    }
    if message.track_data is not None:
        report["trackData"] = message.track_data
    return report
