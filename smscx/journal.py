"""Batch journals: what a batch sent, so that a resumed run sends only what is missing.

``send_bulk(..., journal=...)`` and ``send_many(..., journal=...)`` take a path (an
:class:`SqliteJournal` there) or a :class:`Journal`. The journal records the batch's shape
(``batch_id``, ``send_bulk`` or ``send_many``, the chunk size), and, for every request
whose outcome is known, atomically: its idempotency id, a fingerprint of what it sent, and
its outcome (the API's answer as it came, so every recipient's ``msgId``, status and cost;
or the error). Recipients get rows of their own, for delivery tracking, the first time
delivery is asked for. A resumed run:

- takes every request the journal has as **confirmed** from the journal, without sending it
  (``report.resumed`` counts them), with its recipients' results as if just sent;
- sends again, with its recorded idempotency id, every other request: failed, of unknown
  outcome, or never recorded (the process died between the API's answer and the commit: the
  API replays its answer, billing nothing twice);
- refuses, before anything is sent, a ``batch_id`` whose content differs from what the
  journal recorded (another text, other recipients at a position, another chunk size, fewer
  requests): :class:`~smscx.JournalMismatchError` says what differs, and the journal is left
  unchanged. More requests than the journal has is what a run killed part way looks like,
  and is allowed. The journal's unconfirmed requests are held until every position it knows
  has been checked, so after a run in which most requests failed, a resume holds those
  requests in memory for a moment.

Two runs of one batch may share a journal (two processes resuming one file, workers on one
Redis). Once a request is recorded as confirmed its record only gains information: another
run's failure of the same request never replaces it (the check and the write are one atomic
step). Delivery reports are kept with their time: a final status is never replaced by a
non-final one, nor a report by an older one. Asking for a batch or a journal file that does
not exist raises :class:`JournalNotFoundError` and creates nothing.

:class:`SqliteJournal` is the embedded default: the standard library's ``sqlite3`` in a
worker thread (so it works on asyncio and trio alike), in WAL mode, safe against the
process being killed at any instant: each request is committed whole or not at all (the
records that arrive together share a transaction: group commit). It is durable against the
process dying, not against the machine losing power mid-write (``synchronous=NORMAL``; pass
``durable=True`` for ``FULL``). Its files are readable by their owner only (0600). One
``SqliteJournal`` object may serve any event loop; a path given to ``journal=`` opens a
journal of the call's own.
:class:`RedisJournal` is the one to share between workers.
"""

from __future__ import annotations

import abc
import contextlib
import hashlib
import json
import logging
import os
import sqlite3
import threading
import weakref
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

import anyio
import anyio.lowlevel
import anyio.to_thread
import attrs

from ._convert import dumps, loads, unstructure_request
from .errors import SmscxError
from .models import SendSmsMessageRequest

__all__ = [
    "DeliverySummary",
    "FailedDelivery",
    "Journal",
    "JournalMismatchError",
    "JournalNotFoundError",
    "JournalUnreadableError",
    "RedisJournal",
    "RequestRecord",
    "SqliteJournal",
    "batch_target",
    "fingerprint",
]


class JournalMismatchError(SmscxError, ValueError):
    """The batch differs from what its journal recorded: nothing was sent.

    ``position`` is the request that differs (``None`` for the batch's shape: another kind or
    chunk size, or more or fewer requests); ``reason`` says how. Use another ``batch_id`` for
    a new batch, or the input the journal recorded to resume this one.
    """

    def __init__(self, message: str, *, position: int | None = None) -> None:
        super().__init__(message)
        self.position = position


class JournalNotFoundError(SmscxError, LookupError):
    """The journal file, or the batch in it, does not exist: nothing was read or created.

    Raised when delivery is asked of a batch the journal never recorded, most often a
    mistyped ``batch_id`` or journal path. ``path`` is the journal's file (``None`` for a
    journal that is not a file), ``batch_id`` the batch asked for (``None`` when the file
    itself is missing). Check both against what the batch printed or was given.
    """

    def __init__(self, message: str, *, path: str | None, batch_id: str | None) -> None:
        super().__init__(message)
        self.path = path
        self.batch_id = batch_id


class JournalUnreadableError(SmscxError, OSError):
    """The journal's file is not a journal SQLite can read: another file at that path (a
    CSV given as ``journal=``), or a damaged one. Nothing was sent, and the file was not
    written to. ``path`` is the file; check it, or use another journal (a damaged one cannot
    be resumed from: its batch's requests would be sent again, and replayed by the API)."""

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(message)
        self.path = path


try:  # orjson (the fast extra) and the stdlib write the same canonical bytes here
    import orjson

    def _canonical(wire: dict[str, Any]) -> bytes:
        return orjson.dumps(wire, option=orjson.OPT_SORT_KEYS)

except ImportError:  # pragma: no cover - exercised only without the fast extra

    def _canonical(wire: dict[str, Any]) -> bytes:
        text = json.dumps(wire, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return text.encode("utf-8")


def fingerprint(request: SendSmsMessageRequest) -> str:
    """What a request sends, hashed: its wire body without its idempotency id (canonical
    JSON: sorted keys, no spaces, UTF-8).

    A request that is not valid UTF-8 (a lone surrogate in a number or the text) cannot be
    sent, but it still gets a fingerprint, from its ASCII-escaped JSON: the batch then treats
    it as it would without a journal (one failed request, refused by validation), and a
    resume meets the same fingerprint at the same position.

    :param request: The request of one position of a batch.
    :returns: The SHA-256 of its canonical body, in hex.
    """
    wire = unstructure_request(request, SendSmsMessageRequest)
    wire.pop("idempotencyId", None)
    try:
        canonical = _canonical(wire)
    except (TypeError, UnicodeEncodeError):
        canonical = json.dumps(wire, sort_keys=True, separators=(",", ":")).encode("ascii")
    return hashlib.sha256(canonical).hexdigest()


@attrs.frozen(kw_only=True)
class RequestRecord:
    """What the journal knows of one request of a batch."""

    position: int
    idempotency_id: str
    fingerprint: str
    #: ``"confirmed"`` (the API answered 2xx) or ``"failed"`` (any error: sent again on
    #: resume, with the same idempotency id).
    state: str
    #: The response's ``info`` as the API wrote it (confirmed requests only).
    info: dict[str, Any] | None = None


@attrs.frozen(kw_only=True)
class FailedDelivery:
    """A recipient whose message was not delivered, and why."""

    to: str
    msg_id: str
    status: str
    error_code: int | None


@attrs.frozen(kw_only=True)
class DeliverySummary:
    """Where a journaled batch's messages are: delivered, failed, or still pending.

    ``failed`` counts ``FAILED``, ``REJECTED`` (opted out) and ``NO COVERAGE`` messages
    (``failures`` lists them); ``pending`` those still ``ACCEPTED``, ``SCHEDULED`` or ``SENT``
    without a final report. ``total_cost_exact`` is what the batch was billed, summed
    exactly; ``total_cost`` is it as a float, the type of every amount of the API, as on
    :class:`~smscx.bulk.BulkReport`.
    """

    batch_id: str
    delivered: int
    failed: int
    pending: int
    total_cost_exact: Decimal
    failures: tuple[FailedDelivery, ...] = ()

    @property
    def total_cost(self) -> float:
        """:attr:`total_cost_exact` as a float (the nearest one: no summing noise)."""
        return float(self.total_cost_exact)

    @property
    def total(self) -> int:
        """Messages the batch sent."""
        return self.delivered + self.failed + self.pending


_FINAL_FAILED = ("FAILED", "REJECTED", "NO COVERAGE", "EXPIRED", "UNDELIVERED")
#: Statuses a message never leaves once it has one.
_FINAL = frozenset({"DELIVERED", *_FINAL_FAILED})

logger = logging.getLogger("smscx")

#: SQLite stores integers of 64 bits; an error code outside them is not one the API sends.
_INT64 = 2**63

#: One recipient's status as a report gives it: ``(msg_id, status, error_code)``, or with the
#: report's time as a fourth item (``None``: not known).
StatusUpdate = tuple[str, str, "int | None"] | tuple[str, str, "int | None", "datetime | None"]


def _instant(at: object) -> str | None:
    """A report's time as fixed-width UTC text, which sorts as the times do."""
    if not isinstance(at, datetime):
        return None
    if at.tzinfo is None:  # smscx parses every date as aware UTC; a caller's may be naive
        at = at.replace(tzinfo=timezone.utc)
    return at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _applies(old_status: str, old_at: str | None, status: str, at: str | None) -> bool:
    """Whether a report of ``status`` at ``at`` replaces the one the journal has.

    A final status is never replaced by a non-final one, and a report older than the one
    recorded never replaces it. Equal times, or a time that one of the two lacks, are not
    "older": the report that arrives later wins (a correction at the same second applies).
    """
    if old_status in _FINAL and status not in _FINAL:
        return False
    return not (old_at is not None and at is not None and at < old_at)


def _cleaned(
    statuses: Iterable[Sequence[Any]],
) -> list[tuple[str, str, int | None, str | None]]:
    """The updates that can be recorded, each checked on its own: one malformed report
    (a field of the wrong type, an error code no store can hold) never costs the others."""
    clean = []
    skipped = 0
    for item in statuses:
        try:
            msg_id, status, code, *rest = item
        except (TypeError, ValueError):
            skipped += 1
            continue
        if not isinstance(msg_id, str) or not isinstance(status, str):
            skipped += 1
            continue
        try:  # neither store takes text that is not UTF-8 (a lone surrogate)
            msg_id.encode(), status.encode()
        except UnicodeEncodeError:
            skipped += 1
            continue
        if code is not None and _cleaned_code(code) is None:
            logger.warning(
                "Delivery report of %s: error code %.40r is not a 64-bit integer; its "
                "status is recorded without it.",
                msg_id,
                code,
            )
            code = None
        clean.append((msg_id, status, code, _instant(rest[0]) if rest else None))
    if skipped:
        logger.warning(
            "%d delivery report(s) without a message id and status were skipped.", skipped
        )
    return clean


def _money(value: object) -> str:
    """A cost as exact decimal text (a float as its shortest repr, as the API wrote it)."""
    if isinstance(value, float):
        return repr(value)
    return str(Decimal(str(value))) if value is not None else "0"


def _summarise(
    batch_id: str,
    rows: Iterable[Sequence[Any]],
    unfilled: Iterable[dict[str, Any]] = (),
) -> DeliverySummary:
    """Count ``(msg_id, to, status, error_code, cost, ...)`` rows, in send order, and the
    requests whose recipients are not known yet (``unfilled``: their ``info``, wire names),
    whose messages are pending and whose cost is their total."""
    delivered = failed = pending = 0
    total = Decimal(0)
    failures = []
    for msg_id, to, status, code, cost, *_ in rows:
        total += Decimal(cost)
        if status == "DELIVERED":
            delivered += 1
        elif status in _FINAL_FAILED:
            failed += 1
            failures.append(FailedDelivery(to=to, msg_id=msg_id, status=status, error_code=code))
        else:
            pending += 1
    for info in unfilled:
        pending += int(info.get("totalValid") or 0)
        total += Decimal(_money(info.get("totalCost") or 0))
    return DeliverySummary(
        batch_id=batch_id,
        delivered=delivered,
        failed=failed,
        pending=pending,
        total_cost_exact=total,
        failures=tuple(failures),
    )


def _recipients_of(body: bytes | None) -> list[dict[str, Any]] | None:
    """The recipients a confirmed request's answer lists, or ``None`` when the answer lists
    none although the request sent messages (a short response): the campaign report fills
    them in (:meth:`Journal.fill`)."""
    if body is None:
        return []
    answer = loads(body)
    data = answer.get("data") or []
    if not data and int((answer.get("info") or {}).get("totalValid") or 0) > 0:
        return None
    return list(data)


def _recipient_row(m: dict[str, Any]) -> tuple[str, str, str, Any, str]:
    """``(msg_id, to, status, error_code, cost)`` of one recipient of a send's answer."""
    return (m["msgId"], m.get("to", ""), m.get("status", ""), m.get("errorCode"),
            _money(m.get("cost", 0)))  # fmt: skip


#: A recipient of a request as a report gives it, for :meth:`Journal.fill`:
#: ``(msg_id, to, status, error_code, cost, at)``.
FilledRecipient = tuple[str, str, str, "int | None", "Decimal | float | str", "datetime | None"]


class Journal(abc.ABC):
    """Where a batch's progress is kept. :class:`SqliteJournal` is the default; implement
    this to keep it elsewhere (a shared store for a batch spread over many workers).

    Every method may be called from any task; implementations serialise what they must.
    Two runs of one batch may share a journal (two processes resuming one file, workers on
    one Redis): once a request is recorded as confirmed, its record only ever gains
    information, and a recipient's final delivery status is never undone by a late report.
    """

    @abc.abstractmethod
    async def begin(
        self, batch_id: str, kind: str, chunk_size: int | None, *, target: str | None = None
    ) -> int:
        """Start or resume a batch: the highest position recorded (-1 for none).

        ``target`` says where the batch is sent: the base URL and the account, never the
        secret (``"https://api.sms.cx as key:1f0c..."``, see :func:`batch_target`). Raises
        :class:`JournalMismatchError` when the batch exists with another ``kind``,
        ``chunk_size`` or ``target`` (a batch journaled against the sandbox is never taken
        as sent by the real API); records the batch otherwise. A batch recorded without a
        target (by an older smscx) takes the first one given.

        :param batch_id: The batch.
        :param kind: ``"send_bulk"`` or ``"send_many"``.
        :param chunk_size: The numbers per request of a ``send_bulk`` batch; ``None`` for
            ``send_many``.
        :param target: Where the batch is sent (:func:`batch_target`); ``None``: not
            checked.
        :returns: The highest position recorded, ``-1`` for none.
        :raises JournalMismatchError: The batch was recorded with another ``kind``,
            ``chunk_size`` or ``target``.
        """

    @abc.abstractmethod
    async def records(self, batch_id: str, start: int, stop: int) -> dict[int, RequestRecord]:
        """The requests recorded at positions ``start`` to ``stop - 1``.

        :param batch_id: The batch.
        :param start: The first position.
        :param stop: The position after the last.
        :returns: Each recorded position's :class:`RequestRecord` (positions never recorded
            are absent).
        """

    @abc.abstractmethod
    async def data(self, batch_id: str, position: int) -> list[dict[str, Any]]:
        """A confirmed request's ``data`` (its recipients), as the API wrote it.

        :param batch_id: The batch.
        :param position: The request's position in the batch.
        :returns: Its recipients, with the API's (camelCase) names; empty when none are
            recorded.
        """

    @abc.abstractmethod
    async def record(
        self,
        batch_id: str,
        position: int,
        *,
        idempotency_id: str,
        fingerprint: str,
        body: bytes | None = None,
        info: dict[str, Any] | None = None,
        campaign_id: str | None = None,
        error: str | None = None,
    ) -> None:
        """Record one request's outcome, whole or not at all.

        A confirmed one has ``body`` (the API's answer as it came: every recipient's
        ``msgId``, status and cost), its ``info`` (wire names) and ``campaign_id``; a failed
        one has ``error``, a short description. A request already recorded as confirmed
        keeps its record (another run's failure must not undo it): the check and the write
        are one atomic step.

        :param batch_id: The batch.
        :param position: The request's position in the batch.
        :param idempotency_id: The idempotency id the request was sent with.
        :param fingerprint: What it sent (:func:`fingerprint`).
        :param body: A confirmed request's answer, as the bytes that came.
        :param info: A confirmed request's ``info``, with the API's (camelCase) names.
        :param campaign_id: A confirmed request's ``campaignId``.
        :param error: A failed request's error, in a line.
        """

    @abc.abstractmethod
    async def campaign_ids(self, batch_id: str) -> list[str]:
        """The ``campaignId`` of every confirmed request.

        :param batch_id: The batch.
        :returns: The ids, in the order of the requests.
        """

    async def check_batch(self, batch_id: str) -> None:  # noqa: B027 - optional
        """Raise :class:`JournalNotFoundError`, naming the batch and what the journal has,
        when the journal never recorded ``batch_id`` (does nothing when it cannot tell).

        :param batch_id: The batch asked for.
        :raises JournalNotFoundError: The journal (or its file) does not have the batch.
        """

    async def sent_dates(self, batch_id: str) -> tuple[str, str] | None:
        """The first and last day (UTC, ``YYYY-MM-DD``) a confirmed request of the batch was
        recorded, or ``None`` when the journal cannot tell (then delivery is read campaign by
        campaign).

        :param batch_id: The batch.
        """
        return None

    async def unfilled(self, batch_id: str) -> list[tuple[int, str]]:
        """``(position, campaign_id)`` of the confirmed requests whose answer listed no
        recipients although they sent messages (``short_response=True``): their
        recipients come from the campaign report (:meth:`fill`).

        :param batch_id: The batch.
        """
        return []

    async def fill(  # noqa: B027 - optional, with unfilled()
        self, batch_id: str, position: int, recipients: Sequence[FilledRecipient]
    ) -> None:
        """Take the recipients of a request that :meth:`unfilled` named, in send order.

        :param batch_id: The batch.
        :param position: The request's position, as :meth:`unfilled` named it.
        :param recipients: Each recipient as its campaign report gives it: ``(msg_id, to,
            status, error_code, cost, at)``.
        """

    @abc.abstractmethod
    async def update_statuses(self, batch_id: str | None, statuses: Iterable[StatusUpdate]) -> int:
        """Set ``(msg_id, status, error_code[, at])`` for recipients of the batch (any batch
        when ``None``) that the journal has; how many it had.

        ``at`` is the report's time. A final status (delivered, failed, rejected, no
        coverage, expired, undelivered) is never replaced by a non-final one, and a report
        older than the recorded one never replaces it.

        :param batch_id: The batch; ``None``: any batch the journal has (a webhook names
            none).
        :param statuses: ``(msg_id, status, error_code)`` or ``(msg_id, status,
            error_code, at)`` items; one that is malformed is skipped with a warning.
        :returns: How many of them were of recipients the journal has.
        """

    @abc.abstractmethod
    async def summary(self, batch_id: str) -> DeliverySummary:
        """The batch's delivery counts, failures and exact total cost.

        :param batch_id: The batch.
        :returns: ``delivered``, ``failed`` (with ``failures``), ``pending``, ``total_cost``.
        :raises JournalNotFoundError: The journal (or its file) does not have the batch.
        """

    async def record_dlr(self, reports: Any) -> int:
        """Take delivery reports the application received (a parsed ``dlr_update`` webhook,
        :func:`smscx.webhooks.parse_delivery_reports`, or an iterable of its items) into the
        journal; how many were of messages it has. A report that cannot be recorded (a
        field of the wrong type) is skipped with a warning on the ``smscx`` logger; the
        others are recorded.

        :param reports: A :class:`~smscx.webhooks.DeliveryReportBatch`, or an iterable of
            :class:`~smscx.webhooks.DeliveryReport`.
        :returns: How many reports were of messages the journal has.
        """
        items = getattr(reports, "data", reports)
        updates = []
        for report in items:
            status = getattr(report, "status", None)
            updates.append(
                (
                    getattr(report, "msg_id", None),
                    str(getattr(status, "value", status)),
                    getattr(report, "error_code", None),
                    getattr(report, "at", None),
                )
            )
        return await self.update_statuses(None, updates)  # type: ignore[arg-type]

    async def aclose(self) -> None:  # noqa: B027 - optional
        """Release what the journal holds (a connection)."""


_SCHEMA = """
CREATE TABLE IF NOT EXISTS batch (
    batch_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    chunk_size INTEGER,
    target TEXT
);
CREATE TABLE IF NOT EXISTS request (
    batch_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    idempotency_id TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    state TEXT NOT NULL,
    info TEXT,
    body BLOB,
    error TEXT,
    campaign_id TEXT,
    -- whether its recipients are in the recipient table yet (done when delivery is asked
    -- for: the send path writes one row and the API's answer, nothing per recipient):
    -- 0 not yet, 1 done, 2 its answer listed none (a short response; the report fills them)
    expanded INTEGER NOT NULL DEFAULT 0,
    recorded_on TEXT NOT NULL DEFAULT (date('now')),
    UNIQUE (batch_id, position)
);
CREATE TABLE IF NOT EXISTS recipient (
    batch_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    msg_id TEXT NOT NULL,
    recipient TEXT NOT NULL,
    status TEXT NOT NULL,
    error_code INTEGER,
    cost TEXT NOT NULL,
    status_at TEXT,
    PRIMARY KEY (batch_id, position, idx)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS recipient_msg ON recipient (msg_id);
"""


@attrs.define(eq=False)
class _Pending:
    """A record waiting for the next group commit."""

    request: tuple[Any, ...]
    done: bool = False
    error: BaseException | None = None


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction. SQLite may already have rolled back when a statement failed
    (a full disk does): the original error is what the caller sees, never a failed
    ``ROLLBACK``."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
        raise


def _write(db: sqlite3.Connection, batch: list[_Pending]) -> None:
    """Write records in one transaction (callers hold the connection's lock). A request
    recorded as confirmed is never replaced: the upsert's condition is the check, in the
    same statement as the write."""
    with _transaction(db):
        db.executemany(
            "INSERT INTO request (batch_id, position, idempotency_id, fingerprint, state, "
            "info, body, error, campaign_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (batch_id, position) DO UPDATE SET "
            "idempotency_id = excluded.idempotency_id, fingerprint = excluded.fingerprint, "
            "state = excluded.state, info = excluded.info, body = excluded.body, "
            "error = excluded.error, campaign_id = excluded.campaign_id, "
            "recorded_on = excluded.recorded_on WHERE request.state <> 'confirmed'",
            [item.request for item in batch],
        )


def _expand(db: sqlite3.Connection, batch_id: str | None) -> None:
    """Put the recipients of confirmed requests not expanded yet into the recipient table,
    from the answers the journal kept (callers hold the connection's lock)."""
    where = "state = 'confirmed' AND expanded = 0" + (
        "" if batch_id is None else " AND batch_id = ?"
    )
    args = () if batch_id is None else (batch_id,)
    todo = db.execute(
        f"SELECT batch_id, position, body FROM request WHERE {where}", args
    ).fetchall()
    if not todo:
        return
    with _transaction(db):
        for batch, position, body in todo:
            data = _recipients_of(body)
            if data is not None:
                # A later report's status is not overwritten when a request is expanded again.
                db.executemany(
                    "INSERT OR IGNORE INTO recipient (batch_id, position, idx, msg_id, "
                    "recipient, status, error_code, cost) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [(batch, position, idx, *_recipient_row(m)) for idx, m in enumerate(data)],
                )
            db.execute(
                "UPDATE request SET expanded = ? WHERE batch_id = ? AND position = ?",
                (1 if data is not None else 2, batch, position),
            )


def _apply_statuses(
    db: sqlite3.Connection,
    batch_id: str | None,
    given: list[tuple[str, str, int | None, str | None]],
) -> int:
    """Apply reports one by one in a write transaction: each is checked against the status
    the journal has, under the write lock (callers hold the connection's lock)."""
    known = 0
    where = "msg_id = ?" + ("" if batch_id is None else " AND batch_id = ?")
    with _transaction(db):
        for msg_id, status, code, at in given:
            args = (msg_id,) if batch_id is None else (msg_id, batch_id)
            rows = db.execute(
                f"SELECT batch_id, position, idx, status, status_at FROM recipient WHERE {where}",
                args,
            ).fetchall()
            for batch, position, idx, old_status, old_at in rows:
                known += 1
                if _applies(old_status, old_at, status, at):
                    db.execute(
                        "UPDATE recipient SET status = ?, error_code = ?, "
                        "status_at = COALESCE(?, status_at) "
                        "WHERE batch_id = ? AND position = ? AND idx = ?",
                        (status, code, at, batch, position, idx),
                    )
    return known


def _create_private(path: str) -> None:
    """Create an empty journal file readable by its owner only (0600, whatever the umask):
    it holds phone numbers and texts. SQLite gives its ``-wal`` and ``-shm`` files the
    database file's mode."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process made it first
    try:
        os.chmod(path, 0o600)  # a umask cannot widen it, but one may narrow it too far
    finally:
        os.close(fd)


class SqliteJournal(Journal):
    """A journal in one SQLite file (created when missing, readable by its owner only),
    through a worker thread.

    ``durable=True`` makes every commit wait for the disk (``synchronous=FULL``): slower,
    but it also survives the machine losing power. Usable as ``async with``; its
    connection is also closed when the object is collected. One object may serve any event
    loop, one after another or from several threads.

    Reading a file that does not exist (``summary``, ``delivery_status``) raises
    :class:`JournalNotFoundError` and creates nothing; only starting a batch creates it.

    :param path: The journal's file: created (mode 0600) when a batch starts, never when
        one is only read.
    :param durable: ``True``: each commit waits for the disk (``synchronous=FULL``), so
        the journal survives a power loss too (default: the process dying only).
    """

    def __init__(self, path: str | os.PathLike[str], *, durable: bool = False) -> None:
        self.path = os.fspath(path)
        self._durable = durable
        self._connection: sqlite3.Connection | None = None
        self._closer: weakref.finalize[Any, Any] | None = None
        # Held by the worker thread that uses the connection; _queue guards _pending only.
        self._lock = threading.Lock()
        self._queue = threading.Lock()
        self._pending: list[_Pending] = []
        self._gate: tuple[object, anyio.Lock] | None = None

    def __repr__(self) -> str:
        return f"SqliteJournal({self.path!r})"

    async def __aenter__(self) -> SqliteJournal:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def _db(self, create: bool) -> sqlite3.Connection:
        if self._connection is None:
            if not os.path.exists(self.path):
                if not create:
                    raise JournalNotFoundError(
                        f"No journal at {self.path}: check the path (nothing was created).",
                        path=self.path,
                        batch_id=None,
                    )
                _create_private(self.path)
            connection = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            try:
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute(f"PRAGMA synchronous={'FULL' if self._durable else 'NORMAL'}")
                connection.executescript(_SCHEMA)
                columns = {row[1] for row in connection.execute("PRAGMA table_info(recipient)")}
                if "status_at" not in columns:  # a journal from before report times were kept
                    connection.execute("ALTER TABLE recipient ADD COLUMN status_at TEXT")
                columns = {row[1] for row in connection.execute("PRAGMA table_info(batch)")}
                if "target" not in columns:  # a journal from before targets were recorded
                    connection.execute("ALTER TABLE batch ADD COLUMN target TEXT")
            except sqlite3.DatabaseError as exc:
                # "file is not a database", "database disk image is malformed": another
                # file at this path, or a damaged journal. Nothing was written to it.
                connection.close()
                raise JournalUnreadableError(
                    f"{self.path} is not a journal SQLite can read ({exc}): nothing was sent "
                    "or written. Check the path; a damaged journal cannot be resumed from.",
                    path=self.path,
                ) from None
            except BaseException:
                connection.close()
                raise
            self._connection = connection
            # A journal the caller never closed still closes its connection when collected.
            self._closer = weakref.finalize(self, connection.close)
        return self._connection

    async def _run(self, work: Any, *args: Any, create: bool = False) -> Any:
        def locked() -> Any:
            with self._lock:
                return work(self._db(create), *args)

        return await anyio.to_thread.run_sync(locked)

    async def check_batch(self, batch_id: str) -> None:
        await self._run(_require_batch, batch_id, self.path)

    async def begin(
        self, batch_id: str, kind: str, chunk_size: int | None, *, target: str | None = None
    ) -> int:
        def work(db: sqlite3.Connection) -> int:
            with _transaction(db):
                db.execute(
                    "INSERT OR IGNORE INTO batch (batch_id, kind, chunk_size, target) "
                    "VALUES (?, ?, ?, ?)",
                    (batch_id, kind, chunk_size, target),
                )
                if target is not None:
                    db.execute(
                        "UPDATE batch SET target = ? WHERE batch_id = ? AND target IS NULL",
                        (target, batch_id),
                    )
                row = db.execute(
                    "SELECT kind, chunk_size, target FROM batch WHERE batch_id = ?", (batch_id,)
                ).fetchone()
            _check_batch(batch_id, row, kind, chunk_size, target)
            last = db.execute(
                "SELECT MAX(position) FROM request WHERE batch_id = ?", (batch_id,)
            ).fetchone()[0]
            return -1 if last is None else int(last)

        result: int = await self._run(work, create=True)
        return result

    async def records(self, batch_id: str, start: int, stop: int) -> dict[int, RequestRecord]:
        def work(db: sqlite3.Connection) -> dict[int, RequestRecord]:
            rows = db.execute(
                "SELECT position, idempotency_id, fingerprint, state, info FROM request "
                "WHERE batch_id = ? AND position >= ? AND position < ?",
                (batch_id, start, stop),
            )
            return {
                position: RequestRecord(
                    position=position,
                    idempotency_id=idempotency_id,
                    fingerprint=print_,
                    state=state,
                    info=None if info is None else json.loads(info),
                )
                for position, idempotency_id, print_, state, info in rows
            }

        result: dict[int, RequestRecord] = await self._run(work)
        return result

    async def data(self, batch_id: str, position: int) -> list[dict[str, Any]]:
        def work(db: sqlite3.Connection) -> list[dict[str, Any]]:
            row = db.execute(
                "SELECT body FROM request WHERE batch_id = ? AND position = ?",
                (batch_id, position),
            ).fetchone()
            if row is None or row[0] is None:
                return []
            return list(loads(row[0]).get("data") or [])

        result: list[dict[str, Any]] = await self._run(work)
        return result

    async def record(
        self,
        batch_id: str,
        position: int,
        *,
        idempotency_id: str,
        fingerprint: str,
        body: bytes | None = None,
        info: dict[str, Any] | None = None,
        campaign_id: str | None = None,
        error: str | None = None,
    ) -> None:
        state = "failed" if error is not None else "confirmed"
        request = (
            batch_id,
            position,
            idempotency_id,
            fingerprint,
            state,
            None if info is None else dumps(info).decode(),
            body,
            # An error's text may quote input that is not valid UTF-8 (a lone surrogate).
            None if error is None else error.encode("utf-8", "backslashreplace").decode(),
            campaign_id,
        )
        entry = _Pending(request)
        with self._queue:
            self._pending.append(entry)
        # Group commit: one task per event loop at a time takes a worker thread to write
        # every record waiting by then; the others wait here, cheaply, and mostly find
        # theirs done when their turn comes.
        token = anyio.lowlevel.current_token()
        if self._gate is None or self._gate[0] != token:
            self._gate = (token, anyio.Lock())  # this loop's: a lock serves one loop only
        async with self._gate[1]:
            if not entry.done:
                await anyio.to_thread.run_sync(self._commit, entry)
        if entry.error is not None:
            raise entry.error

    def _commit(self, entry: _Pending) -> None:
        """Write every record waiting, in one transaction (each request still whole or not
        at all), in a worker thread. The thread lock, not the loop's, is what makes it
        correct: loops that share the journal (asyncio and trio, two threads) each have
        their own gate, and a record found done was written, or failed with the error its
        transaction met."""
        with self._lock:
            if entry.done:
                return
            with self._queue:
                batch, self._pending = self._pending, []
            try:
                _write(self._db(create=True), batch)
            except BaseException as exc:
                for item in batch:
                    item.done, item.error = True, exc
            else:
                for item in batch:
                    item.done = True

    async def campaign_ids(self, batch_id: str) -> list[str]:
        def work(db: sqlite3.Connection) -> list[str]:
            rows = db.execute(
                "SELECT campaign_id FROM request WHERE batch_id = ? AND state = 'confirmed' "
                "AND campaign_id IS NOT NULL ORDER BY position",
                (batch_id,),
            )
            return [row[0] for row in rows]

        result: list[str] = await self._run(work)
        return result

    async def sent_dates(self, batch_id: str) -> tuple[str, str] | None:
        def work(db: sqlite3.Connection) -> tuple[str, str] | None:
            first, last = db.execute(
                "SELECT MIN(recorded_on), MAX(recorded_on) FROM request "
                "WHERE batch_id = ? AND state = 'confirmed'",
                (batch_id,),
            ).fetchone()
            return None if first is None else (str(first), str(last))

        result: tuple[str, str] | None = await self._run(work)
        return result

    async def unfilled(self, batch_id: str) -> list[tuple[int, str]]:
        def work(db: sqlite3.Connection) -> list[tuple[int, str]]:
            _expand(db, batch_id)
            rows = db.execute(
                "SELECT position, campaign_id FROM request WHERE batch_id = ? AND expanded = 2 "
                "AND campaign_id IS NOT NULL ORDER BY position",
                (batch_id,),
            )
            return [(int(position), str(campaign)) for position, campaign in rows]

        result: list[tuple[int, str]] = await self._run(work)
        return result

    async def fill(
        self, batch_id: str, position: int, recipients: Sequence[FilledRecipient]
    ) -> None:
        rows = [(batch_id, position, idx, *row) for idx, row in enumerate(_filled(recipients))]

        def work(db: sqlite3.Connection) -> None:
            with _transaction(db):
                db.executemany(
                    "INSERT OR IGNORE INTO recipient (batch_id, position, idx, msg_id, "
                    "recipient, status, error_code, cost, status_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )
                db.execute(
                    "UPDATE request SET expanded = 1 WHERE batch_id = ? AND position = ?",
                    (batch_id, position),
                )

        await self._run(work)

    async def update_statuses(self, batch_id: str | None, statuses: Iterable[StatusUpdate]) -> int:
        given = _cleaned(statuses)

        def work(db: sqlite3.Connection) -> int:
            _expand(db, batch_id)
            return _apply_statuses(db, batch_id, given)

        result: int = await self._run(work)
        return result

    async def summary(self, batch_id: str) -> DeliverySummary:
        def work(db: sqlite3.Connection) -> DeliverySummary:
            _require_batch(db, batch_id, self.path)
            _expand(db, batch_id)
            rows = db.execute(
                "SELECT msg_id, recipient, status, error_code, cost FROM recipient "
                "WHERE batch_id = ? ORDER BY position, idx",
                (batch_id,),
            )
            unfilled = db.execute(
                "SELECT info FROM request WHERE batch_id = ? AND expanded = 2", (batch_id,)
            )
            return _summarise(batch_id, rows, [json.loads(info) for (info,) in unfilled])

        result: DeliverySummary = await self._run(work)
        return result

    async def aclose(self) -> None:
        def work() -> None:
            with self._lock:
                closer, self._closer, self._connection = self._closer, None, None
                if closer is not None:
                    closer()

        await anyio.to_thread.run_sync(work)


def _filled(recipients: Sequence[FilledRecipient]) -> list[tuple[Any, ...]]:
    """The rows :meth:`Journal.fill` stores, ``(msg_id, to, status, code, cost, at)``: the
    code kept only where a store can hold it, the cost exact, the time as sortable text."""
    return [
        (msg_id, to, status, _cleaned_code(code), _money(cost), _instant(at))
        for msg_id, to, status, code, cost, at in recipients
    ]


def _cleaned_code(code: object) -> int | None:
    if isinstance(code, int) and not isinstance(code, bool) and -_INT64 <= code < _INT64:
        return code
    return None


def batch_target(base_url: str, account: str | None) -> str:
    """Where a batch is sent, as a journal records it: ``"<base_url> as <account>"``, the
    account named without its secret (``key:`` and a keyed hash of an API key, or
    ``oauth:`` and the client id), or the base URL alone when the credential does not say
    (a bearer token).

    :param base_url: The client's base URL.
    :param account: The account, named without its secret; ``None`` when the credential
        does not say.
    """
    return base_url if account is None else f"{base_url} as {account}"


def _check_batch(
    batch_id: str,
    found: Sequence[Any],
    kind: str,
    chunk_size: int | None,
    target: str | None,
) -> None:
    """Refuse to resume ``batch_id`` as other than it was begun: ``found`` is its recorded
    kind, chunk size and target."""
    if found[0] != kind:
        raise JournalMismatchError(
            f"batch {batch_id} was a {found[0]} batch in the journal, not {kind}"
        )
    if found[1] != chunk_size:
        raise JournalMismatchError(
            f"batch {batch_id} had chunk_size {found[1]} in the journal, not {chunk_size}"
        )
    if target is not None and found[2] not in (None, target):
        raise JournalMismatchError(
            f"batch {batch_id} was sent to {found[2]} in the journal, not to {target}: a "
            "journal resumes a batch only where it was sent (a sandbox run keeps its own "
            "journal). Use another batch id or another journal for this one."
        )


def _require_batch(db: sqlite3.Connection, batch_id: str, path: str) -> None:
    if db.execute("SELECT 1 FROM batch WHERE batch_id = ?", (batch_id,)).fetchone() is not None:
        return
    known = [row[0] for row in db.execute("SELECT batch_id FROM batch ORDER BY rowid LIMIT 6")]
    listed = ", ".join(repr(b) for b in known[:5]) + (", ..." if len(known) > 5 else "")
    raise JournalNotFoundError(
        f"Batch {batch_id!r} is not in the journal {path}"
        + (f" (it has {listed})." if known else " (it has no batch).")
        + " Check the batch id and the journal path.",
        path=path,
        batch_id=batch_id,
    )


# Compare-and-set of hash fields, so that a read, a decision in Python and a write are one
# atomic step: KEYS[i]'s field ARGV[3i-2] is set to ARGV[3i] only where it still holds
# ARGV[3i-1] ("" for a missing field). Returns the (1-based) items that changed meanwhile,
# which the caller reads again and decides anew.
_CAS_FIELDS = """
local lost = {}
for i = 1, #KEYS do
  local current = redis.call('HGET', KEYS[i], ARGV[3 * i - 2]) or ''
  if current == ARGV[3 * i - 1] then
    redis.call('HSET', KEYS[i], ARGV[3 * i - 2], ARGV[3 * i])
  else
    lost[#lost + 1] = i
  end
end
return lost
"""

# A request's record: KEYS[1] the batch's request hash, KEYS[2] the request's body key.
# The record (ARGV[3]) and, when ARGV[5] is "1", the body (ARGV[4]) are written only where
# the field ARGV[1] still holds ARGV[2] ("" for none); returns 1 when written.
_CAS_RECORD = """
local current = redis.call('HGET', KEYS[1], ARGV[1]) or ''
if current ~= ARGV[2] then return 0 end
if ARGV[5] == '1' then redis.call('SET', KEYS[2], ARGV[4]) end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
"""


class RedisJournal(Journal):
    """A journal in Redis, shared by every worker of a batch (``pip install
    "smscx-async[redis]"``): what one worker confirmed, no other sends again.

    ``redis`` is a URL (``redis://127.0.0.1:6379/0``) or a ``redis.Redis`` client of
    yours (a fake one in tests: ``fakeredis[lua]``, as the journal runs two small Lua
    scripts). The blocking client runs in worker threads, so the journal works on asyncio
    and trio alike. Each request is recorded by one script: whole or not at all, whichever
    worker dies when, and never over another worker's confirmed record. Keys start with
    ``prefix`` and the batch id; they do not expire (delete them when the batch is done).

    :param redis: A Redis URL (default: ``redis://127.0.0.1:6379/0``) or a ``redis.Redis``
        client of yours.
    :param prefix: What every key of the journal starts with (default:
        ``smscx:journal``); workers of one batch share it.
    """

    def __init__(self, redis: Any = "redis://127.0.0.1:6379/0", *, prefix: str = "smscx:journal"):
        if isinstance(redis, str):
            import redis as redis_py

            redis = redis_py.Redis.from_url(redis)
        self._redis = redis
        self._prefix = prefix
        self._cas_fields = redis.register_script(_CAS_FIELDS)
        self._cas_record = redis.register_script(_CAS_RECORD)

    def __repr__(self) -> str:
        return f"RedisJournal(prefix={self._prefix!r})"

    async def __aenter__(self) -> RedisJournal:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def _key(self, batch_id: str, *parts: object) -> str:
        return ":".join([self._prefix, batch_id, *map(str, parts)])

    async def _run(self, work: Any, *args: Any) -> Any:
        return await anyio.to_thread.run_sync(work, *args)

    def _require_batch(self, batch_id: str) -> None:
        if not self._redis.exists(self._key(batch_id, "batch")):
            raise JournalNotFoundError(
                f"Batch {batch_id!r} is not in the journal (Redis, prefix {self._prefix!r}). "
                "Check the batch id and the prefix.",
                path=None,
                batch_id=batch_id,
            )

    async def check_batch(self, batch_id: str) -> None:
        await self._run(self._require_batch, batch_id)

    async def begin(
        self, batch_id: str, kind: str, chunk_size: int | None, *, target: str | None = None
    ) -> int:
        def work() -> int:
            key = self._key(batch_id, "batch")
            size = "" if chunk_size is None else str(chunk_size)
            pipe = self._redis.pipeline(transaction=True)
            pipe.hsetnx(key, "kind", kind)
            pipe.hsetnx(key, "chunk_size", size)
            if target is not None:
                pipe.hsetnx(key, "target", target)
            pipe.hmget(key, ["kind", "chunk_size", "target"])
            pipe.hkeys(self._key(batch_id, "req"))
            *_, found, positions = pipe.execute()
            kind_found, size_found, target_found = (
                None if v is None else v.decode() for v in found
            )
            row = (kind_found, int(size_found) if size_found else None, target_found)
            _check_batch(batch_id, row, kind, chunk_size, target)
            return max((int(p) for p in positions), default=-1)

        result: int = await self._run(work)
        return result

    async def records(self, batch_id: str, start: int, stop: int) -> dict[int, RequestRecord]:
        def work() -> dict[int, RequestRecord]:
            if stop <= start:
                return {}
            positions = list(range(start, stop))
            values = self._redis.hmget(self._key(batch_id, "req"), positions)
            found = {}
            for position, raw in zip(positions, values, strict=True):
                if raw is None:
                    continue
                meta = json.loads(raw)
                found[position] = RequestRecord(
                    position=position,
                    idempotency_id=meta["idempotency_id"],
                    fingerprint=meta["fingerprint"],
                    state=meta["state"],
                    info=meta.get("info"),
                )
            return found

        result: dict[int, RequestRecord] = await self._run(work)
        return result

    async def data(self, batch_id: str, position: int) -> list[dict[str, Any]]:
        def work() -> list[dict[str, Any]]:
            body = self._redis.get(self._key(batch_id, "body", position))
            return [] if body is None else list(loads(body).get("data") or [])

        result: list[dict[str, Any]] = await self._run(work)
        return result

    async def record(
        self,
        batch_id: str,
        position: int,
        *,
        idempotency_id: str,
        fingerprint: str,
        body: bytes | None = None,
        info: dict[str, Any] | None = None,
        campaign_id: str | None = None,
        error: str | None = None,
    ) -> None:
        meta = json.dumps(
            {
                "idempotency_id": idempotency_id,
                "fingerprint": fingerprint,
                "state": "failed" if error is not None else "confirmed",
                "info": info,
                "error": error,
                "campaign_id": campaign_id,
                "recorded_on": datetime.now(timezone.utc).date().isoformat(),
            }
        )
        requests = self._key(batch_id, "req")
        keys = [requests, self._key(batch_id, "body", position)]

        def work() -> None:
            while True:
                current = self._redis.hget(requests, str(position))
                if current is not None and json.loads(current)["state"] == "confirmed":
                    return  # another run confirmed it: that record stands
                written = self._cas_record(
                    keys=keys,
                    args=[position, current or b"", meta, body or b"", int(body is not None)],
                )
                if written:
                    return

        await self._run(work)

    def _requests(self, batch_id: str) -> list[tuple[int, dict[str, Any]]]:
        raw = self._redis.hgetall(self._key(batch_id, "req"))
        return sorted((int(p), json.loads(v)) for p, v in raw.items())

    def _confirmed(self, batch_id: str) -> list[tuple[int, dict[str, Any]]]:
        return [(p, m) for p, m in self._requests(batch_id) if m["state"] == "confirmed"]

    async def campaign_ids(self, batch_id: str) -> list[str]:
        def work() -> list[str]:
            return [m["campaign_id"] for _, m in self._confirmed(batch_id) if m["campaign_id"]]

        result: list[str] = await self._run(work)
        return result

    async def sent_dates(self, batch_id: str) -> tuple[str, str] | None:
        def work() -> tuple[str, str] | None:
            days = [m.get("recorded_on") for _, m in self._confirmed(batch_id)]
            known = sorted(d for d in days if d)
            return (known[0], known[-1]) if known else None

        result: tuple[str, str] | None = await self._run(work)
        return result

    def _expand(self, batch_id: str) -> None:
        expanded = {int(p) for p in self._redis.smembers(self._key(batch_id, "expanded"))}
        for position, meta in self._confirmed(batch_id):
            if position in expanded:
                continue
            body = self._redis.get(self._key(batch_id, "body", position))
            data = _recipients_of(body)
            pipe = self._redis.pipeline(transaction=True)
            if data is None:  # a short response: the campaign report fills it in
                pipe.hset(self._key(batch_id, "unfilled"), str(position), meta["campaign_id"] or "")
            else:
                self._put_recipients(
                    pipe, batch_id, position, [(*_recipient_row(m), None) for m in data]
                )
            pipe.sadd(self._key(batch_id, "expanded"), position)
            pipe.execute()

    def _put_recipients(
        self, pipe: Any, batch_id: str, position: int, rows: list[tuple[Any, ...]]
    ) -> None:
        """Queue the recipient rows ``(msg_id, to, status, code, cost, at)`` of a request."""
        for idx, row in enumerate(rows):
            # A later report's status is not overwritten when expanded again.
            pipe.hsetnx(self._key(batch_id, "rcpt"), f"{position:09d}:{idx:06d}", json.dumps(row))
        if rows:
            index = {
                row[0]: f"{batch_id}\0{position:09d}:{idx:06d}" for idx, row in enumerate(rows)
            }
            pipe.hset(f"{self._prefix}:msg", mapping=index)

    async def unfilled(self, batch_id: str) -> list[tuple[int, str]]:
        def work() -> list[tuple[int, str]]:
            self._expand(batch_id)
            raw = self._redis.hgetall(self._key(batch_id, "unfilled"))
            return sorted((int(p), c.decode()) for p, c in raw.items() if c)

        result: list[tuple[int, str]] = await self._run(work)
        return result

    async def fill(
        self, batch_id: str, position: int, recipients: Sequence[FilledRecipient]
    ) -> None:
        rows = _filled(recipients)

        def work() -> None:
            pipe = self._redis.pipeline(transaction=True)
            self._put_recipients(pipe, batch_id, position, rows)
            pipe.hdel(self._key(batch_id, "unfilled"), str(position))
            pipe.execute()

        await self._run(work)

    async def update_statuses(self, batch_id: str | None, statuses: Iterable[StatusUpdate]) -> int:
        given = _cleaned(statuses)

        def work() -> int:
            if batch_id is not None:
                self._expand(batch_id)
            if not given:
                return 0
            places = self._redis.hmget(f"{self._prefix}:msg", [m for m, _, _, _ in given])
            # Reports of one message apply in the order given; each round is one script
            # call that writes only the rows no other worker changed since they were read.
            todo: dict[tuple[str, str], list[tuple[str, int | None, str | None]]] = {}
            for (_, status, code, at), place in zip(given, places, strict=True):
                if place is None:
                    continue
                owner, field = place.decode().split("\0")
                if batch_id is None or owner == batch_id:
                    todo.setdefault((self._key(owner, "rcpt"), field), []).append(
                        (status, code, at)
                    )
            known = 0
            while todo:
                keys = list(todo)
                rows = [self._redis.hget(key, field) for key, field in keys]
                cas_keys, cas_args, sent = [], [], []
                for (key, field), raw in zip(keys, rows, strict=True):
                    if raw is None:
                        del todo[(key, field)]
                        continue
                    row = json.loads(raw)
                    row += [None] * (6 - len(row))  # rows from before report times were kept
                    for status, code, at in todo[(key, field)]:
                        if _applies(row[2], row[5], status, at):
                            row[2], row[3], row[5] = status, code, at or row[5]
                    cas_keys.append(key)
                    cas_args += [field, raw, json.dumps(row)]
                    sent.append((key, field))
                if not sent:
                    break
                lost = set(self._cas_fields(keys=cas_keys, args=cas_args))
                for i, place in enumerate(sent, start=1):
                    if i not in lost:
                        known += len(todo.pop(place))
            return known

        if batch_id is None:
            # Webhooks name no batch: expand every batch this journal holds first.
            def batches() -> list[str]:
                pattern = f"{self._prefix}:*:req"
                cut = len(self._prefix) + 1
                return [k.decode()[cut:-4] for k in self._redis.scan_iter(match=pattern)]

            for batch in await self._run(batches):
                await self._run(self._expand, batch)
        result: int = await self._run(work)
        return result

    async def summary(self, batch_id: str) -> DeliverySummary:
        def work() -> DeliverySummary:
            self._require_batch(batch_id)
            self._expand(batch_id)
            rows = self._redis.hgetall(self._key(batch_id, "rcpt"))
            waiting = {int(p) for p in self._redis.hkeys(self._key(batch_id, "unfilled"))}
            infos = [m.get("info") or {} for p, m in self._confirmed(batch_id) if p in waiting]
            return _summarise(batch_id, (json.loads(rows[f]) for f in sorted(rows)), infos)

        result: DeliverySummary = await self._run(work)
        return result

    async def aclose(self) -> None:
        """Nothing to release: the Redis client is the caller's or closes with the pool."""
