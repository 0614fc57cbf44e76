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

:class:`SqliteJournal` is the embedded default: the standard library's ``sqlite3`` in a
worker thread (so it works on asyncio and trio alike), in WAL mode, safe against the
process being killed at any instant: each request is committed whole or not at all (the
records that arrive together share a transaction: group commit). It is durable against the
process dying, not against the machine losing power mid-write (``synchronous=NORMAL``; pass
``durable=True`` for ``FULL``). One ``SqliteJournal`` object serves one event loop at a
time; a path given to ``journal=`` opens a journal of the call's own.
:class:`RedisJournal` is the one to share between workers.
"""

from __future__ import annotations

import abc
import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

import anyio
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
    "RedisJournal",
    "RequestRecord",
    "SqliteJournal",
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
    JSON: sorted keys, no spaces, UTF-8)."""
    wire = unstructure_request(request, SendSmsMessageRequest)
    wire.pop("idempotencyId", None)
    return hashlib.sha256(_canonical(wire)).hexdigest()


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
    without a final report. ``total_cost`` is what the batch was billed, summed exactly.
    """

    batch_id: str
    delivered: int
    failed: int
    pending: int
    total_cost: Decimal
    failures: tuple[FailedDelivery, ...] = ()

    @property
    def total(self) -> int:
        """Messages the batch sent."""
        return self.delivered + self.failed + self.pending


_FINAL_FAILED = ("FAILED", "REJECTED", "NO COVERAGE", "EXPIRED", "UNDELIVERED")


def _summarise(batch_id: str, rows: Iterable[Sequence[Any]]) -> DeliverySummary:
    """Count ``(msg_id, to, status, error_code, cost)`` rows, in send order."""
    delivered = failed = pending = 0
    total = Decimal(0)
    failures = []
    for msg_id, to, status, code, cost in rows:
        total += Decimal(cost)
        if status == "DELIVERED":
            delivered += 1
        elif status in _FINAL_FAILED:
            failed += 1
            failures.append(FailedDelivery(to=to, msg_id=msg_id, status=status, error_code=code))
        else:
            pending += 1
    return DeliverySummary(
        batch_id=batch_id,
        delivered=delivered,
        failed=failed,
        pending=pending,
        total_cost=total,
        failures=tuple(failures),
    )


class Journal(abc.ABC):
    """Where a batch's progress is kept. :class:`SqliteJournal` is the default; implement
    this to keep it elsewhere (a shared store for a batch spread over many workers).

    Every method may be called from any task; implementations serialise what they must.
    """

    @abc.abstractmethod
    async def begin(self, batch_id: str, kind: str, chunk_size: int | None) -> int:
        """Start or resume a batch: the highest position recorded (-1 for none).

        Raises :class:`JournalMismatchError` when the batch exists with another ``kind``
        or ``chunk_size``; records the batch otherwise.
        """

    @abc.abstractmethod
    async def records(self, batch_id: str, start: int, stop: int) -> dict[int, RequestRecord]:
        """The requests recorded at positions ``start`` to ``stop - 1``."""

    @abc.abstractmethod
    async def data(self, batch_id: str, position: int) -> list[dict[str, Any]]:
        """A confirmed request's ``data`` (its recipients), as the API wrote it."""

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
        one has ``error``, a short description.
        """

    @abc.abstractmethod
    async def campaign_ids(self, batch_id: str) -> list[str]:
        """The ``campaignId`` of every confirmed request."""

    async def sent_dates(self, batch_id: str) -> tuple[str, str] | None:
        """The first and last day (UTC, ``YYYY-MM-DD``) a confirmed request of the batch was
        recorded, or ``None`` when the journal cannot tell (then delivery is read campaign by
        campaign)."""
        return None

    @abc.abstractmethod
    async def update_statuses(
        self, batch_id: str | None, statuses: Iterable[tuple[str, str, int | None]]
    ) -> int:
        """Set ``(msg_id, status, error_code)`` for recipients of the batch (any batch when
        ``None``) that the journal has; how many it had."""

    @abc.abstractmethod
    async def summary(self, batch_id: str) -> DeliverySummary:
        """The batch's delivery counts, failures and exact total cost."""

    async def record_dlr(self, reports: Any) -> int:
        """Take delivery reports the application received (a parsed ``dlr_update`` webhook,
        :func:`smscx.webhooks.parse_delivery_reports`, or an iterable of its items) into the
        journal; how many were of messages it has."""
        items = getattr(reports, "data", reports)
        return await self.update_statuses(
            None,
            ((r.msg_id, str(getattr(r.status, "value", r.status)), r.error_code) for r in items),
        )

    async def aclose(self) -> None:  # noqa: B027 - optional
        """Release what the journal holds (a connection)."""


_SCHEMA = """
CREATE TABLE IF NOT EXISTS batch (
    batch_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    chunk_size INTEGER
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
    -- for: the send path writes one row and the API's answer, nothing per recipient)
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
    PRIMARY KEY (batch_id, position, idx)
) WITHOUT ROWID;
"""


@attrs.define(eq=False)
class _Pending:
    """A record waiting for the next group commit."""

    request: tuple[Any, ...]
    done: bool = False


def _write(db: sqlite3.Connection, batch: list[_Pending]) -> None:
    """Write records in one transaction (callers hold the connection's lock)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        db.executemany(
            "INSERT OR REPLACE INTO request (batch_id, position, idempotency_id, fingerprint, "
            "state, info, body, error, campaign_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [item.request for item in batch],
        )
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _expand(db: sqlite3.Connection, batch_id: str | None) -> None:
    """Put the recipients of confirmed requests not expanded yet into the recipient table,
    from the answers the journal kept (callers hold the connection's lock)."""
    where = "state = 'confirmed' AND expanded = 0" + (
        "" if batch_id is None else " AND batch_id = ?"
    )
    args = () if batch_id is None else (batch_id,)
    pending = db.execute(f"SELECT batch_id, position, body FROM request WHERE {where}", args)
    todo = pending.fetchall()
    if not todo:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        for batch, position, body in todo:
            data = loads(body).get("data") or [] if body is not None else []
            # A later report's status is not overwritten when a request is expanded again.
            db.executemany(
                "INSERT OR IGNORE INTO recipient (batch_id, position, idx, msg_id, recipient, "
                "status, error_code, cost) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (batch, position, idx, m["msgId"], m.get("to", ""), m.get("status", ""),
                     m.get("errorCode"), repr(float(m.get("cost", 0))))
                    for idx, m in enumerate(data)
                ],
            )  # fmt: skip
            db.execute(
                "UPDATE request SET expanded = 1 WHERE batch_id = ? AND position = ?",
                (batch, position),
            )
        db.execute("CREATE INDEX IF NOT EXISTS recipient_msg ON recipient (msg_id)")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


class SqliteJournal(Journal):
    """A journal in one SQLite file (created when missing), through a worker thread.

    ``durable=True`` makes every commit wait for the disk (``synchronous=FULL``): slower,
    but it also survives the machine losing power. Usable as ``async with``.
    """

    def __init__(self, path: str | os.PathLike[str], *, durable: bool = False) -> None:
        self.path = os.fspath(path)
        self._durable = durable
        self._connection: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._pending: list[_Pending] = []
        self._write_lock: anyio.Lock | None = None

    def __repr__(self) -> str:
        return f"SqliteJournal({self.path!r})"

    async def __aenter__(self) -> SqliteJournal:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def _db(self) -> sqlite3.Connection:
        if self._connection is None:
            connection = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(f"PRAGMA synchronous={'FULL' if self._durable else 'NORMAL'}")
            connection.executescript(_SCHEMA)
            self._connection = connection
        return self._connection

    async def _run(self, work: Any, *args: Any) -> Any:
        def locked() -> Any:
            with self._lock:
                return work(self._db(), *args)

        return await anyio.to_thread.run_sync(locked)

    async def begin(self, batch_id: str, kind: str, chunk_size: int | None) -> int:
        def work(db: sqlite3.Connection) -> int:
            row = db.execute(
                "SELECT kind, chunk_size FROM batch WHERE batch_id = ?", (batch_id,)
            ).fetchone()
            if row is None:
                db.execute(
                    "INSERT INTO batch (batch_id, kind, chunk_size) VALUES (?, ?, ?)",
                    (batch_id, kind, chunk_size),
                )
                return -1
            if row[0] != kind:
                raise JournalMismatchError(
                    f"batch {batch_id} was a {row[0]} batch in the journal, not {kind}"
                )
            if row[1] != chunk_size:
                raise JournalMismatchError(
                    f"batch {batch_id} had chunk_size {row[1]} in the journal, not {chunk_size}"
                )
            last = db.execute(
                "SELECT MAX(position) FROM request WHERE batch_id = ?", (batch_id,)
            ).fetchone()[0]
            return -1 if last is None else int(last)

        result: int = await self._run(work)
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
            error,
            campaign_id,
        )
        entry = _Pending(request)
        self._pending.append(entry)
        # Group commit: whoever holds the lock writes every record waiting by then, in one
        # transaction (each request still whole or not at all); the others find theirs done.
        if self._write_lock is None:
            self._write_lock = anyio.Lock()
        async with self._write_lock:
            if entry.done:
                return
            batch, self._pending = self._pending, []
            await self._run(_write, batch)
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

    async def update_statuses(
        self, batch_id: str | None, statuses: Iterable[tuple[str, str, int | None]]
    ) -> int:
        given = [(status, code, msg_id) for msg_id, status, code in statuses]

        def work(db: sqlite3.Connection) -> int:
            _expand(db, batch_id)
            db.execute("BEGIN IMMEDIATE")
            try:
                before = db.total_changes
                if batch_id is None:
                    db.executemany(
                        "UPDATE recipient SET status = ?, error_code = ? WHERE msg_id = ?", given
                    )
                else:
                    db.executemany(
                        "UPDATE recipient SET status = ?, error_code = ? "
                        "WHERE msg_id = ? AND batch_id = ?",
                        [(*row, batch_id) for row in given],
                    )
                changed = db.total_changes - before
                db.execute("COMMIT")
                return changed
            except BaseException:
                db.execute("ROLLBACK")
                raise

        result: int = await self._run(work)
        return result

    async def summary(self, batch_id: str) -> DeliverySummary:
        def work(db: sqlite3.Connection) -> DeliverySummary:
            _expand(db, batch_id)
            rows = db.execute(
                "SELECT msg_id, recipient, status, error_code, cost FROM recipient "
                "WHERE batch_id = ? ORDER BY position, idx",
                (batch_id,),
            )
            return _summarise(batch_id, rows)

        result: DeliverySummary = await self._run(work)
        return result

    async def aclose(self) -> None:
        def work() -> None:
            with self._lock:
                if self._connection is not None:
                    self._connection.close()
                    self._connection = None

        await anyio.to_thread.run_sync(work)


class RedisJournal(Journal):
    """A journal in Redis, shared by every worker of a batch (``pip install
    "smscx-async[redis]"``): what one worker confirmed, no other sends again.

    ``redis`` is a URL (``redis://127.0.0.1:6379/0``) or a ``redis.Redis`` client of
    yours (a fake one in tests). The blocking client runs in worker threads, so the journal
    works on asyncio and trio alike. Each request is recorded in one ``MULTI``/``EXEC``
    transaction: whole or not at all, whichever worker dies when. Keys start with
    ``prefix`` and the batch id; they do not expire (delete them when the batch is done).
    """

    def __init__(self, redis: Any = "redis://127.0.0.1:6379/0", *, prefix: str = "smscx:journal"):
        if isinstance(redis, str):
            import redis as redis_py

            redis = redis_py.Redis.from_url(redis)
        self._redis = redis
        self._prefix = prefix

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

    async def begin(self, batch_id: str, kind: str, chunk_size: int | None) -> int:
        def work() -> int:
            key = self._key(batch_id, "batch")
            size = "" if chunk_size is None else str(chunk_size)
            pipe = self._redis.pipeline(transaction=True)
            pipe.hsetnx(key, "kind", kind)
            pipe.hsetnx(key, "chunk_size", size)
            pipe.hmget(key, ["kind", "chunk_size"])
            pipe.hkeys(self._key(batch_id, "req"))
            *_, (found_kind, found_size), positions = pipe.execute()
            if found_kind.decode() != kind:
                raise JournalMismatchError(
                    f"batch {batch_id} was a {found_kind.decode()} batch in the journal, not {kind}"
                )
            if found_size.decode() != size:
                raise JournalMismatchError(
                    f"batch {batch_id} had chunk_size {found_size.decode() or None} in the "
                    f"journal, not {chunk_size}"
                )
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
        meta = {
            "idempotency_id": idempotency_id,
            "fingerprint": fingerprint,
            "state": "failed" if error is not None else "confirmed",
            "info": info,
            "error": error,
            "campaign_id": campaign_id,
            "recorded_on": datetime.now(timezone.utc).date().isoformat(),
        }

        def work() -> None:
            pipe = self._redis.pipeline(transaction=True)
            if body is not None:
                pipe.set(self._key(batch_id, "body", position), body)
            pipe.hset(self._key(batch_id, "req"), str(position), json.dumps(meta))
            pipe.execute()

        await self._run(work)

    def _confirmed(self, batch_id: str) -> list[tuple[int, dict[str, Any]]]:
        raw = self._redis.hgetall(self._key(batch_id, "req"))
        found = [(int(p), json.loads(v)) for p, v in raw.items()]
        return sorted((p, m) for p, m in found if m["state"] == "confirmed")

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
        for position, _ in self._confirmed(batch_id):
            if position in expanded:
                continue
            body = self._redis.get(self._key(batch_id, "body", position))
            data = [] if body is None else loads(body).get("data") or []
            rows = {
                f"{position:09d}:{idx:06d}": json.dumps(
                    [m["msgId"], m.get("to", ""), m.get("status", ""), m.get("errorCode"),
                     repr(float(m.get("cost", 0)))]
                )
                for idx, m in enumerate(data)
            }  # fmt: skip
            index = {
                m["msgId"]: f"{batch_id}\0{position:09d}:{idx:06d}" for idx, m in enumerate(data)
            }
            pipe = self._redis.pipeline(transaction=True)
            if rows:
                # A later report's status is not overwritten when expanded again.
                for field, value in rows.items():
                    pipe.hsetnx(self._key(batch_id, "rcpt"), field, value)
                pipe.hset(f"{self._prefix}:msg", mapping=index)
            pipe.sadd(self._key(batch_id, "expanded"), position)
            pipe.execute()

    async def update_statuses(
        self, batch_id: str | None, statuses: Iterable[tuple[str, str, int | None]]
    ) -> int:
        given = list(statuses)

        def work() -> int:
            if batch_id is not None:
                self._expand(batch_id)
            if not given:
                return 0
            places = self._redis.hmget(f"{self._prefix}:msg", [m for m, _, _ in given])
            changed = 0
            for (_, status, code), place in zip(given, places, strict=True):
                if place is None:
                    continue
                owner, field = place.decode().split("\0")
                if batch_id is not None and owner != batch_id:
                    continue
                key = self._key(owner, "rcpt")
                raw = self._redis.hget(key, field)
                if raw is None:
                    continue
                row = json.loads(raw)
                row[2], row[3] = status, code
                self._redis.hset(key, field, json.dumps(row))
                changed += 1
            return changed

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
            self._expand(batch_id)
            rows = self._redis.hgetall(self._key(batch_id, "rcpt"))
            return _summarise(batch_id, (json.loads(rows[field]) for field in sorted(rows)))

        result: DeliverySummary = await self._run(work)
        return result

    async def aclose(self) -> None:
        """Nothing to release: the Redis client is the caller's or closes with the pool."""
