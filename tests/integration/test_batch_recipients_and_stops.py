"""Who a batch sends to, and when it stops: repeats are left out, and an error of the
account (a refused key, no credit) stops the batch instead of failing every request.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from smscx import AuthenticationError, InsufficientCreditError
from smscx.testing import Emulator

pytestmark = [pytest.mark.anyio, pytest.mark.integration]

TEN = [f"+336{n:08d}" for n in range(10)]
BATCH = {"text": "Hi", "from_": "Shop"}


async def test_a_repeated_number_is_sent_and_billed_once() -> None:
    emulator = Emulator()
    repeated = [*TEN, *TEN[:5], "+33 6 00 00 00 01"]  # the last is TEN[1], spaced
    async with emulator.client() as client:
        report = await client.send_bulk(repeated, chunk_size=4, **BATCH)
    sent = [m.to for m in emulator.ledger.messages.values()]
    assert sorted(sent) == sorted(TEN)
    assert report.messages_sent == 10
    assert report.duplicates_removed == 6
    assert [r.to for r in report.results()] == TEN  # the first of each, in input order


async def test_dedupe_false_sends_every_number_as_given() -> None:
    emulator = Emulator()
    async with emulator.client() as client:
        report = await client.send_bulk([*TEN, *TEN[:5]], dedupe=False, **BATCH)
    assert report.messages_sent == 15
    assert report.duplicates_removed == 0


async def test_a_resumed_batch_leaves_out_the_same_repeats(tmp_path: Path) -> None:
    emulator = Emulator()
    emulator.faults.add("status", route="POST /sms", status=500, times=50)  # chunk 0 fails
    repeated = [*TEN, *TEN]
    journal = tmp_path / "j.sqlite"
    async with emulator.client(max_retries=0) as client:
        first = await client.send_bulk(
            repeated, chunk_size=5, batch_id="b", journal=journal, **BATCH
        )
    emulator.faults.clear()
    async with emulator.client() as client:
        again = await client.send_bulk(
            repeated, chunk_size=5, batch_id="b", journal=journal, **BATCH
        )
    assert len(first.failures) == 2  # both requests of the first run failed
    assert (again.messages_sent, again.duplicates_removed, again.failures) == (10, 10, [])


async def test_a_refused_key_stops_the_batch_after_the_first_refusal() -> None:
    emulator = Emulator()
    numbers = [f"+336{n:08d}" for n in range(500)]
    async with emulator.client(api_key="not-a-key-of-this-account") as client:
        report = await client.send_bulk(numbers, chunk_size=10, concurrency=1, **BATCH)
    assert report.stopped_early
    assert isinstance(report.stopped_by, AuthenticationError)
    assert report.requests_done == 1  # not 50 failures: no request started after it
    assert not report.ok


async def test_no_credit_stops_the_batch_and_names_the_cause() -> None:
    emulator = Emulator(balance=0.2)  # a few requests' worth
    numbers = [f"+336{n:08d}" for n in range(500)]
    async with emulator.client() as client:
        report = await client.send_bulk(numbers, chunk_size=5, concurrency=1, **BATCH)
    assert report.stopped_early
    assert isinstance(report.stopped_by, InsufficientCreditError)
    assert report.requests_done < 100
    assert len(report.failures) == 1
    # The ones sent before the money ran out stay sent, and billed once.
    assert report.messages_sent == sum(len(s.msg_ids) for s in emulator.ledger.sends())


async def test_another_chunk_size_for_a_sent_batch_is_refused_at_its_first_request() -> None:
    emulator = Emulator()
    numbers = [f"+336{n:08d}" for n in range(1_000)]
    async with emulator.client() as client:
        await client.send_bulk(numbers, batch_id="sale", chunk_size=1_000, **BATCH)
        billed = emulator.ledger.total
        again = await client.send_bulk(numbers, batch_id="sale", chunk_size=100, **BATCH)
    # Chunk 0's id was used for other numbers: the API refuses it (1111), and the batch
    # stops there, before chunks 1 to 9 (ids the API has never seen) are sent and billed.
    assert again.stopped_early
    assert again.stopped_by is not None
    assert again.stopped_by.code == 1111
    assert again.requests_done == 1
    assert emulator.ledger.total == billed
