"""A batch journal never loses or misreports money: concurrent runs, short responses, late
delivery reports, bad input, a full disk, two event loops, and who may read it.

Each test here specifies a guarantee a batch sender relies on; every one of them failed on
the code before it was written.
"""

from __future__ import annotations

import gc
import json
import os
import sqlite3
import stat
import warnings
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import anyio
import pytest

from smscx import AsyncSmsClient, JournalNotFoundError, ValidationError
from smscx.journal import Journal, SqliteJournal
from smscx.testing import Emulator
from smscx.webhooks import DeliveryReport, parse_delivery_reports
from tests.journals import make_journal

__all__ = ["make_journal"]  # fixtures

pytestmark = [pytest.mark.integration]

NUMBERS = [f"+336{n:08d}" for n in range(40)]
T0 = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)


async def _sent(journal: Journal, client: AsyncSmsClient, numbers: list[str], **kw: Any) -> Any:
    return await client.send_bulk(
        numbers, text="Hi", from_="Shop", batch_id="b", chunk_size=10, journal=journal, **kw
    )


# --- two runs of one batch on one journal ----------------------------------------------------


@pytest.mark.anyio
async def test_a_failed_run_never_overwrites_another_runs_confirmed_record(
    make_journal: Callable[[], Journal],
) -> None:
    emulator = Emulator(dlr_delay=0)
    first, second = make_journal(), make_journal()
    async with emulator.client() as client:
        report = await _sent(first, client, NUMBERS[:20])
        # Run B started before A confirmed: it sent the same request, which failed for B.
        records = await second.records("b", 0, 2)
        await second.record(
            "b", 0, idempotency_id=records[0].idempotency_id,
            fingerprint=records[0].fingerprint, error="APIConnectionError: reset",
        )  # fmt: skip
        after = await make_journal().records("b", 0, 2)
        status = await client.delivery_status("b", journal=make_journal())
        sends = emulator.request_counts["POST /sms"]
        resumed = await _sent(make_journal(), client, NUMBERS[:20])
    assert after[0].state == "confirmed"
    assert after[0].info == records[0].info
    assert (status.total, status.total_cost_exact) == (20, report.total_cost_exact)
    assert (resumed.resumed, emulator.request_counts["POST /sms"]) == (2, sends)
    for journal in (first, second):
        await journal.aclose()


@pytest.mark.anyio
async def test_a_failure_recorded_first_is_replaced_by_the_confirmation(
    make_journal: Callable[[], Journal],
) -> None:
    journal = make_journal()
    await journal.begin("b", "send_bulk", 10)
    await journal.record("b", 0, idempotency_id="i", fingerprint="f", error="timeout")
    await journal.record(
        "b", 0, idempotency_id="i", fingerprint="f", body=b'{"info": {}, "data": []}',
        info={"totalCost": 0.5}, campaign_id="c",
    )  # fmt: skip
    assert (await journal.records("b", 0, 1))[0].state == "confirmed"
    await journal.aclose()


# --- short responses -------------------------------------------------------------------------


@pytest.mark.anyio
async def test_before_delivery_is_read_a_short_response_batch_counts_as_pending_at_its_cost(
    make_journal: Callable[[], Journal],
) -> None:
    emulator = Emulator(dlr_delay=0)
    journal = make_journal()
    async with emulator.client() as client:
        report = await _sent(journal, client, NUMBERS[:3], short_response=True)
    summary = await journal.summary("b")
    await journal.aclose()
    assert (summary.total, summary.pending) == (3, 3)
    assert summary.total_cost_exact == report.total_cost_exact


# --- a recipient that cannot be encoded ------------------------------------------------------


@pytest.mark.anyio
async def test_a_lone_surrogate_fails_its_request_as_it_does_without_a_journal(
    tmp_path: Path,
) -> None:
    numbers = ["+33600000001", "+3360000\ud800", "+33600000003"]
    emulator = Emulator()
    async with emulator.client() as client:
        without = await client.send_bulk(
            numbers, text="Hi", from_="Shop", batch_id="plain", chunk_size=1
        )
        journaled = [
            await client.send_bulk(
                numbers, text="Hi", from_="Shop", batch_id="j", chunk_size=1,
                journal=tmp_path / "j.sqlite",
            )
            for _ in range(2)  # the run, then a resume
        ]  # fmt: skip
    for report in (without, *journaled):
        assert [f.index for f in report.failures] == [1]
        assert isinstance(report.failures[0].error, ValidationError)
    assert journaled[0].messages_sent == 2
    assert journaled[1].resumed == 2


# --- late and out-of-order delivery reports --------------------------------------------------


async def _two_recipients(journal: Journal) -> list[str]:
    emulator = Emulator(dlr_delay=3600)  # no report of the emulator's own meanwhile
    async with emulator.client() as client:
        report = await _sent(journal, client, NUMBERS[:2])
    await journal.summary("b")  # the recipients get their rows
    return [r.msg_id for r in report.results()]


@pytest.mark.anyio
async def test_an_older_report_never_undoes_a_final_status(
    make_journal: Callable[[], Journal],
) -> None:
    journal = make_journal()
    first, second = await _two_recipients(journal)
    await journal.update_statuses(
        "b",
        [
            (first, "DELIVERED", None, T0 + timedelta(seconds=5)),
            (first, "ENROUTE", None, T0),  # late: older, and not final
            (second, "DELIVERED", None, T0 + timedelta(seconds=5)),
            (second, "FAILED", 31, T0),  # late: older, though final
        ],
    )
    summary = await journal.summary("b")
    await journal.aclose()
    assert (summary.delivered, summary.failed, summary.pending) == (2, 0, 0)


@pytest.mark.anyio
async def test_a_newer_final_report_replaces_an_older_one_but_a_newer_pending_one_does_not(
    make_journal: Callable[[], Journal],
) -> None:
    journal = make_journal()
    first, second = await _two_recipients(journal)
    await journal.update_statuses("b", [(first, "DELIVERED", None, T0)])
    await journal.update_statuses("b", [(first, "FAILED", 7, T0 + timedelta(seconds=1))])
    await journal.update_statuses("b", [(second, "FAILED", 7, T0)])
    await journal.update_statuses("b", [(second, "SENT", None, T0 + timedelta(seconds=1))])
    summary = await journal.summary("b")
    await journal.aclose()
    assert [(f.to, f.error_code) for f in summary.failures] == [
        (NUMBERS[0], 7),
        (NUMBERS[1], 7),
    ]


@pytest.mark.anyio
async def test_reports_at_the_same_instant_apply_in_the_order_they_arrive(
    make_journal: Callable[[], Journal],
) -> None:
    journal = make_journal()
    first, _ = await _two_recipients(journal)
    await journal.update_statuses("b", [(first, "SENT", None, T0), (first, "DELIVERED", None, T0)])
    await journal.update_statuses("b", [(first, "FAILED", 9, T0)])
    await journal.update_statuses("b", [(first, "ACCEPTED", None, T0)])
    summary = await journal.summary("b")
    await journal.aclose()
    assert [(f.status, f.error_code) for f in summary.failures] == [("FAILED", 9)]


@pytest.mark.anyio
async def test_webhook_reports_keep_their_time_so_a_late_one_is_ignored(
    make_journal: Callable[[], Journal],
) -> None:
    journal = make_journal()
    first, _ = await _two_recipients(journal)

    def report(status: str, at: datetime) -> DeliveryReport:
        return DeliveryReport(campaign_id="c", msg_id=first, status_code=0, status=status, at=at)

    counted = await journal.record_dlr([report("DELIVERED", T0 + timedelta(minutes=1))])
    late = await journal.record_dlr([report("UNDELIVERED", T0)])
    summary = await journal.summary("b")
    await journal.aclose()
    assert (counted, late) == (1, 1)  # both were of a message the journal has
    assert summary.delivered == 1


@pytest.mark.anyio
async def test_one_report_with_an_impossible_error_code_costs_no_other_report(
    make_journal: Callable[[], Journal],
) -> None:
    journal = make_journal()
    first, second = await _two_recipients(journal)
    reports = [
        DeliveryReport(
            campaign_id="c", msg_id=first, status_code=2, status="FAILED", error_code=2**64, at=T0
        ),
        DeliveryReport(campaign_id="c", msg_id=second, status_code=1, status="DELIVERED", at=T0),
    ]
    counted = await journal.record_dlr(reports)
    summary = await journal.summary("b")
    await journal.aclose()
    assert counted == 2
    assert (summary.delivered, summary.failed) == (1, 1)
    assert summary.failures[0].error_code is None


@pytest.mark.anyio
async def test_a_callback_with_an_error_code_past_64_bits_records_every_report(
    make_journal: Callable[[], Journal],
) -> None:
    journal = make_journal()
    first, second = await _two_recipients(journal)
    body = json.dumps({"event": "dlr_update", "data": [
        {"campaignId": "c", "msgId": first, "statusCode": 400, "status": "FAILED",
         "errorCode": 2**64, "datetime": "2026-12-01 12:00:00"},
        {"campaignId": "c", "msgId": second, "statusCode": 200, "status": "DELIVERED",
         "errorCode": None, "datetime": "2026-12-01 12:00:00"},
    ]}).encode()  # fmt: skip
    counted = await journal.record_dlr(parse_delivery_reports(body))
    summary = await journal.summary("b")
    await journal.aclose()
    assert counted == 2
    assert (summary.delivered, summary.failed) == (1, 1)
    assert [(f.to, f.error_code) for f in summary.failures] == [(NUMBERS[0], None)]


@pytest.mark.anyio
async def test_a_report_that_is_not_utf_8_costs_no_other_report(
    make_journal: Callable[[], Journal],
) -> None:
    journal = make_journal()
    first, second = await _two_recipients(journal)
    counted = await journal.update_statuses(
        None, [(first + "\ud800", "DELIVERED", None), (second, "DELIVERED\udc00", None),
               (first, "DELIVERED", None)]
    )  # fmt: skip
    summary = await journal.summary("b")
    await journal.aclose()
    assert counted == 1
    assert (summary.delivered, summary.pending) == (1, 1)


# --- a batch or a journal that does not exist ------------------------------------------------


@pytest.mark.anyio
async def test_a_journals_summary_of_an_unknown_batch_is_an_error_not_zeros(
    make_journal: Callable[[], Journal],
) -> None:
    journal = make_journal()
    await journal.begin("b", "send_bulk", 10)
    with pytest.raises(JournalNotFoundError):
        await journal.summary("nope")
    await journal.aclose()


def _disk_full(db: sqlite3.Connection) -> None:
    """A file that may not grow is a full disk to SQLite."""
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")


# --- a full disk -----------------------------------------------------------------------------


@pytest.mark.anyio
async def test_a_full_disk_is_reported_as_such(tmp_path: Path) -> None:
    journal = SqliteJournal(tmp_path / "full.sqlite")
    await journal.begin("b", "send_bulk", 10)

    await journal._run(_disk_full)
    with pytest.raises(Exception, match="database or disk is full"):
        await journal.record(
            "b", 0, idempotency_id="i", fingerprint="f", body=b"x" * 200_000, info={}
        )
    with pytest.raises(Exception, match="database or disk is full"):
        await journal.fill("b", 0, [(f"m{i}", "+336", "SENT", None, "0.1", None) for i in
                                    range(5_000)])  # fmt: skip
    await journal.aclose()


@pytest.mark.anyio
async def test_a_batch_whose_journal_disk_fills_stops_with_that_error_alone(
    tmp_path: Path,
) -> None:
    journal = SqliteJournal(tmp_path / "full.sqlite")
    await journal.begin("b", "send_bulk", 10)
    await journal._run(_disk_full)
    emulator = Emulator()
    async with emulator.client() as client:
        with pytest.raises(sqlite3.OperationalError, match="database or disk is full"):
            await client.send_bulk(
                [f"+336{n:08d}" for n in range(200)], text="Hi", from_="Shop", batch_id="b",
                chunk_size=10, concurrency=2, journal=journal,
            )  # fmt: skip
    await journal.aclose()
    assert emulator.request_counts["POST /sms"] <= 3  # what was in flight, and no more


# --- one journal object, two event loops -----------------------------------------------------


def test_one_sqlite_journal_serves_asyncio_then_trio(tmp_path: Path) -> None:
    journal = SqliteJournal(tmp_path / "loops.sqlite")
    emulator = Emulator()

    async def batch(batch_id: str) -> int:
        async with emulator.client() as client:
            report = await client.send_bulk(
                NUMBERS[:20], text="Hi", from_="Shop", batch_id=batch_id, chunk_size=5,
                concurrency=4, journal=journal,
            )  # fmt: skip
        return report.requests_done

    done = [anyio.run(batch, "a", backend="asyncio"), anyio.run(batch, "t", backend="trio")]
    read = [("a", "trio"), ("t", "asyncio")]  # each batch read back on the other loop
    totals = [anyio.run(journal.summary, b, backend=k).total for b, k in read]
    anyio.run(journal.aclose)
    assert done == [4, 4]
    assert totals == [20, 20]


# --- privacy and hygiene ---------------------------------------------------------------------


def test_a_journal_and_its_companions_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    journal = SqliteJournal(tmp_path / "private.sqlite")
    old = os.umask(0o022)  # what most users have: files 0644 unless a program says otherwise
    try:
        anyio.run(journal.begin, "b", "send_bulk", 10)
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir()}
    finally:
        os.umask(old)
        anyio.run(journal.aclose)
    assert set(modes) >= {"private.sqlite", "private.sqlite-wal", "private.sqlite-shm"}
    assert set(modes.values()) == {0o600}


def test_a_journal_never_closed_releases_its_connection_when_collected(tmp_path: Path) -> None:
    journal = SqliteJournal(tmp_path / "forgotten.sqlite")
    anyio.run(journal.begin, "b", "send_bulk", 10)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        del journal
        gc.collect()
    # The file is not held: another journal takes it over and writes at once.
    again = SqliteJournal(tmp_path / "forgotten.sqlite")
    assert anyio.run(again.begin, "b", "send_bulk", 10) == -1
    anyio.run(again.aclose)


def test_a_journal_file_that_is_not_a_database_leaves_no_connection_open(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database, " * 100)
    journal = SqliteJournal(path)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        with pytest.raises(Exception, match="not a database"):
            anyio.run(journal.begin, "b", "send_bulk", 10)
        gc.collect()
