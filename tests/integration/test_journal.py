"""Durable batches: a journal makes a resumed batch send only what is missing.

The kill tests run ``send_bulk`` in a child process that SIGKILLs itself at a chosen record:
just before the journal's commit (the API has answered, the journal does not know) or just
after it. The resumed run must send only what was not confirmed (counted at the emulator),
bill every recipient exactly once (its ledger), and end with the report of an uninterrupted
run.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import anyio
import pytest

from smscx import AsyncSmsClient, JournalNotFoundError, Message, RetryPolicy, SmsClient, SmscxError
from smscx.journal import JournalMismatchError, SqliteJournal
from smscx.testing import Emulator
from smscx.webhooks import parse_delivery_reports
from tests.journals import make_journal
from tests.served import client_on, served
from tests.stacks import Transport, anyio_backend, stack, transport

__all__ = ["anyio_backend", "make_journal", "served", "stack", "transport"]  # fixtures

pytestmark = [pytest.mark.anyio, pytest.mark.integration]

NUMBERS = [f"+336{n:08d}" for n in range(1_000)]
CHUNK = 100  # ten requests

CHILD = textwrap.dedent(
    """
    import json, os, signal, sys
    import anyio
    from smscx import AsyncSmsClient, RetryPolicy
    from smscx.journal import SqliteJournal

    numbers = json.loads(os.environ["NUMBERS"])
    kill_at = int(os.environ.get("KILL_AT", "-1"))
    before_commit = os.environ.get("KILL_WHEN") == "before"
    real = SqliteJournal.record
    seen = [0]

    async def record(self, *args, **kwargs):
        seen[0] += 1
        if seen[0] == kill_at and before_commit:
            os.kill(os.getpid(), signal.SIGKILL)
        await real(self, *args, **kwargs)
        if seen[0] == kill_at and not before_commit:
            os.kill(os.getpid(), signal.SIGKILL)

    SqliteJournal.record = record

    async def main():
        async with AsyncSmsClient(
            api_key=os.environ["KEY"], base_url=os.environ["URL"],
            retry_policy=RetryPolicy(wait=False),
        ) as client:
            report = await client.send_bulk(
                numbers, text="Hi", from_="Shop", batch_id="kill",
                chunk_size=int(os.environ["CHUNK"]),
                concurrency=int(os.environ.get("CONCURRENCY", "2")), journal=os.environ["JOURNAL"],
            )
        print(json.dumps(summary(report)))

    def summary(report):
        return {
            "requests_done": report.requests_done,
            "resumed": report.resumed,
            "messages_sent": report.messages_sent,
            "total_cost": str(report.total_cost_exact),
            "failures": len(report.failures),
            "results": sorted((r.to, r.msg_id) for r in report.results()),
        }

    anyio.run(main)
    """
)


@pytest.fixture
def served_sync() -> Iterator[tuple[Emulator, str]]:
    emulator = Emulator(balance=100_000)
    with emulator.serve_sync() as url:
        yield emulator, url


def _child(
    url: str,
    key: str,
    journal: Path,
    *,
    kill_at: int = -1,
    when: str = "before",
    concurrency: int = 1,
) -> subprocess.CompletedProcess[str]:
    """The batch in a child process; one request at a time unless ``concurrency`` says
    otherwise (so that the requests a kill leaves unconfirmed can be counted exactly)."""
    env = {
        **os.environ,
        "URL": url,
        "KEY": key,
        "JOURNAL": str(journal),
        "NUMBERS": json.dumps(NUMBERS),
        "CHUNK": str(CHUNK),
        "KILL_AT": str(kill_at),
        "KILL_WHEN": when,
        "CONCURRENCY": str(concurrency),
    }
    return subprocess.run(
        [sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=120
    )


def _sends(emulator: Emulator) -> int:
    return emulator.request_counts.get("POST /sms", 0)


@pytest.mark.parametrize(
    ("kill_at", "when"), [(1, "before"), (4, "before"), (4, "after"), (10, "before")]
)
def test_a_killed_batch_resumes_sending_only_what_was_not_confirmed(
    served_sync: tuple[Emulator, str], tmp_path: Path, kill_at: int, when: str
) -> None:
    emulator, url = served_sync
    journal = tmp_path / "batch.journal"
    killed = _child(url, emulator.api_key, journal, kill_at=kill_at, when=when)
    assert killed.returncode == -signal.SIGKILL
    sent_before = _sends(emulator)
    confirmed = kill_at - 1 if when == "before" else kill_at
    resumed = _child(url, emulator.api_key, journal)
    assert resumed.returncode == 0, resumed.stderr
    report = json.loads(resumed.stdout)
    # Resumed: only the requests not confirmed in the journal went out again.
    assert _sends(emulator) - sent_before == 10 - confirmed
    assert report["resumed"] == confirmed
    # Billed exactly once per recipient, whatever was replayed.
    assert len(emulator.ledger.sends()) == 10
    assert len(emulator.ledger.messages) == 1_000
    # And the report is the one an uninterrupted run gives.
    fresh = Emulator(balance=100_000)
    with fresh.serve_sync() as other:
        whole = json.loads(_child(other, fresh.api_key, tmp_path / "whole.journal").stdout)
    assert {k: v for k, v in report.items() if k not in ("resumed", "results")} == {
        k: v for k, v in whole.items() if k not in ("resumed", "results")
    }
    assert [to for to, _ in report["results"]] == [to for to, _ in whole["results"]]
    assert len({msg_id for _, msg_id in report["results"]}) == 1_000


def test_killed_at_random_points_again_and_again_it_still_bills_each_recipient_once(
    served_sync: tuple[Emulator, str], tmp_path: Path
) -> None:
    emulator, url = served_sync
    journal = tmp_path / "batch.journal"
    draw = random.Random(13)
    for _ in range(4):
        _child(url, emulator.api_key, journal, kill_at=draw.randint(1, 4),
               when=draw.choice(["before", "after"]), concurrency=3)  # fmt: skip
    final = _child(url, emulator.api_key, journal)
    report = json.loads(final.stdout)
    assert (report["requests_done"], report["messages_sent"], report["failures"]) == (10, 1_000, 0)
    assert len(emulator.ledger.sends()) == 10
    assert len(emulator.ledger.messages) == 1_000


async def test_under_random_faults_reruns_never_lose_ground(
    served: tuple[Emulator, str], transport: Transport, tmp_path: Path
) -> None:
    emulator, _ = served
    emulator.faults.chaos(
        status=0.3, statuses=(500, 503, 429), close_before=0.1, close_after_commit=0.1, seed=7,
        route="POST /sms",
    )  # fmt: skip
    journal = tmp_path / "chaos.journal"
    sent: list[int] = []
    failed: list[set[str]] = []
    async with client_on(
        served, transport, retry_policy=RetryPolicy(max_retries=1, wait=False)
    ) as client:
        for _ in range(6):
            report = await client.send_bulk(
                NUMBERS, text="Hi", from_="Shop", batch_id="chaos", chunk_size=CHUNK,
                journal=journal,
            )  # fmt: skip
            sent.append(report.messages_sent)
            failed.append({u.to for u in report.unsent()})
        emulator.faults.chaos(None)
        last = await client.send_bulk(
            NUMBERS, text="Hi", from_="Shop", batch_id="chaos", chunk_size=CHUNK, journal=journal
        )
    assert sent == sorted(sent)  # never fewer recipients reported sent
    assert all(later <= earlier for earlier, later in itertools.pairwise(failed))
    assert (last.messages_sent, last.failures) == (1_000, [])
    assert len({c.idempotency_id for c in emulator.ledger.sends()}) == 10
    assert len(emulator.ledger.sends()) == 10  # each request billed once


async def test_a_batch_with_other_content_is_refused_before_anything_is_sent(
    served: tuple[Emulator, str], transport: Transport, tmp_path: Path
) -> None:
    emulator, _ = served
    journal = tmp_path / "b.journal"
    emulator.faults.add("status", route="POST /sms", status=400, times=1)  # one unconfirmed
    async with client_on(served, transport) as client:
        first = await client.send_bulk(
            NUMBERS, text="Hi", from_="Shop", batch_id="b", chunk_size=CHUNK, journal=journal
        )
        before = _sends(emulator)
        refused = {}
        for name, change in {
            "text": {"text": "Hello"},
            "recipients": {"to": [*NUMBERS[:500], "+33699999999", *NUMBERS[501:]]},
            "chunk_size": {"chunk_size": 50},
            "fewer": {"to": NUMBERS[:700]},
        }.items():
            options: dict[str, Any] = {
                "to": NUMBERS, "text": "Hi", "from_": "Shop", "batch_id": "b",
                "chunk_size": CHUNK, "journal": journal, **change,
            }  # fmt: skip
            with pytest.raises(JournalMismatchError) as info:
                await client.send_bulk(options.pop("to"), **options)
            refused[name] = info.value
        sent_after = _sends(emulator)
    assert len(first.failures) == 1
    assert sent_after == before  # nothing was sent, not even the unconfirmed request
    assert refused["text"].position == 0
    assert refused["recipients"].position == 5
    assert "chunk_size" in str(refused["chunk_size"])
    assert refused["fewer"].position is None
    # More requests than the journal has is what a run killed part way looks like: allowed.
    async with SqliteJournal(journal) as opened:
        records = await opened.records("b", 0, 100)
    assert sorted(records) == list(range(10))
    assert sum(r.state == "confirmed" for r in records.values()) == 9


async def test_send_many_with_a_journal_resumes_and_reports_resumed(
    served: tuple[Emulator, str], transport: Transport, tmp_path: Path
) -> None:
    emulator, _ = served
    journal = tmp_path / "many.journal"
    messages = [Message(to=[n], text=f"Code {i}") for i, n in enumerate(NUMBERS[:60])]
    emulator.faults.add("status", route="POST /sms", status=503, times=4)
    async with client_on(
        served, transport, retry_policy=RetryPolicy(max_retries=0, wait=False)
    ) as client:
        first = await client.send_many(messages, from_="Shop", batch_id="m", journal=journal)
        second = await client.send_many(messages, from_="Shop", batch_id="m", journal=journal)
    assert (len(first.failures), first.messages_sent) == (4, 56)
    assert (second.resumed, second.messages_sent, second.failures) == (56, 60, [])
    assert [r.to for r in second.results()] == NUMBERS[:60]
    assert len(emulator.ledger.sends()) == 60


async def test_delivery_status_follows_every_message_to_its_report(
    served: tuple[Emulator, str], transport: Transport, tmp_path: Path
) -> None:
    emulator, _ = served
    emulator.dlr_delay = 0.05
    emulator.dlr_outcome = {NUMBERS[3]: ("FAILED", 4001), NUMBERS[7]: None}
    journal = tmp_path / "dlr.journal"
    async with client_on(served, transport) as client:
        report = await client.send_bulk(
            NUMBERS[:300], text="Hi", from_="Shop", batch_id="d", chunk_size=CHUNK,
            journal=journal,
        )  # fmt: skip
        at_once = await client.delivery_status("d", journal=journal)
        with anyio.fail_after(10):  # the reports come 0.05 s after each send: poll for them
            later = await client.delivery_status("d", journal=journal)
            while later.pending > 1:
                await anyio.sleep(0.05)  # polling the API, as a user would
                later = await client.delivery_status("d", journal=journal)
    # At once, some reports may be in already (the delay is short): whatever the timing,
    # every message is counted once, and the one that never gets a report is pending.
    assert at_once.delivered + at_once.failed + at_once.pending == 300
    assert at_once.pending >= 1
    assert (later.delivered, later.failed, later.pending) == (298, 1, 1)
    assert later.failures[0].to == NUMBERS[3]
    assert later.failures[0].error_code == 4001
    assert later.total_cost_exact == report.total_cost_exact


async def test_delivery_reports_fed_to_the_journal_count_without_polling(tmp_path: Path) -> None:
    emulator = Emulator(dlr_delay=0)
    journal = SqliteJournal(tmp_path / "hook.journal")
    async with emulator.client() as client, journal:
        report = await client.send_bulk(
            NUMBERS[:3], text="Hi", from_="Shop", batch_id="h", journal=journal,
            dlr_callback_url="http://127.0.0.1:9/dlr",
        )  # fmt: skip
        callbacks = await emulator.wait_for_reports(3)
        counted = await journal.record_dlr(parse_delivery_reports(callbacks[0].body))
        summary = await journal.summary("h")
    assert report.messages_sent == 3
    assert counted == 3
    assert (summary.delivered, summary.pending) == (3, 0)


def test_the_blocking_face_takes_a_journal(
    served_sync: tuple[Emulator, str], tmp_path: Path
) -> None:
    emulator, url = served_sync
    journal = tmp_path / "sync.journal"
    with SmsClient(api_key=emulator.api_key, base_url=url) as client:
        batch = {"text": "Hi", "from_": "Shop", "batch_id": "s", "chunk_size": CHUNK}
        first = client.send_bulk(NUMBERS, **batch, journal=journal)  # type: ignore[arg-type]
        again = client.send_bulk(NUMBERS, **batch, journal=journal)  # type: ignore[arg-type]
        status = client.delivery_status("s", journal=journal)
    assert (first.resumed, again.resumed) == (0, 10)
    assert status.total == 1_000


async def test_a_journal_on_a_client_of_its_own_is_not_closed_by_the_batch(
    tmp_path: Path,
) -> None:
    emulator = Emulator()
    journal = SqliteJournal(tmp_path / "own.journal")
    async with emulator.client() as client:
        await client.send_bulk(NUMBERS[:5], text="Hi", from_="Shop", batch_id="o", journal=journal)
        summary = await journal.summary("o")  # still open
    await journal.aclose()
    assert summary.total == 5
    assert isinstance(client, AsyncSmsClient)


# --- the same guarantees on a journal shared through Redis ---------------------------------


async def test_a_second_worker_sends_only_what_the_first_did_not_confirm(make_journal: Any) -> None:
    emulator = Emulator()
    emulator.faults.add("status", route="POST /sms", status=400, times=2)
    async with emulator.client() as first_worker, emulator.client() as second_worker:
        first = await first_worker.send_bulk(
            NUMBERS, text="Hi", from_="Shop", batch_id="w", chunk_size=CHUNK, journal=make_journal()
        )
        before = _sends(emulator)
        second = await second_worker.send_bulk(
            NUMBERS, text="Hi", from_="Shop", batch_id="w", chunk_size=CHUNK, journal=make_journal()
        )
        with pytest.raises(JournalMismatchError):
            await second_worker.send_bulk(
                NUMBERS, text="Bye", from_="Shop", batch_id="w", chunk_size=CHUNK,
                journal=make_journal(),
            )  # fmt: skip
        status = await second_worker.delivery_status("w", journal=make_journal())
    assert len(first.failures) == 2
    assert (second.resumed, _sends(emulator) - before) == (8, 2)
    assert (second.messages_sent, second.failures) == (1_000, [])
    assert [r.to for r in second.results()] == NUMBERS
    assert len(emulator.ledger.sends()) == 10
    assert status.total == 1_000


async def test_webhooks_fed_to_a_shared_journal_reach_the_batch(make_journal: Any) -> None:
    emulator = Emulator(dlr_delay=0, dlr_outcome={NUMBERS[1]: ("FAILED", 31)})
    async with emulator.client() as client:
        await client.send_bulk(
            NUMBERS[:3], text="Hi", from_="Shop", batch_id="wh", journal=make_journal(),
            dlr_callback_url="http://127.0.0.1:9/dlr",
        )  # fmt: skip
        callbacks = await emulator.wait_for_reports(3)
        journal = make_journal()
        await journal.summary("wh")  # expands the batch's recipients
        counted = await journal.record_dlr(parse_delivery_reports(callbacks[0].body))
        summary = await journal.summary("wh")
        await journal.aclose()
    assert counted == 3
    assert (summary.delivered, summary.failed, summary.pending) == (2, 1, 0)
    assert summary.failures[0].error_code == 31


async def test_delivery_of_many_messages_is_read_from_the_advanced_report(
    make_journal: Any,
) -> None:
    emulator = Emulator(dlr_delay=0, dlr_outcome={NUMBERS[2]: ("FAILED", 5)})
    messages = [Message(to=[n], text="Hi") for n in NUMBERS[:30]]
    async with emulator.client() as client:
        await client.send_sms(to=NUMBERS[500:505], from_="Shop", text="another batch")
        await client.send_many(messages, from_="Shop", batch_id="many", journal=make_journal())
        status = await client.delivery_status("many", journal=make_journal())
    counts = emulator.request_counts
    assert sum(v for k, v in counts.items() if k.startswith("GET /reports/campaigns/")) == 0
    assert counts["GET /reports"] == 1  # 35 messages: one page
    assert (status.total, status.delivered, status.failed) == (30, 29, 1)
    assert status.failures[0].to == NUMBERS[2]


# --- what delivery_status reads, and refuses to read -----------------------------------------


async def test_a_short_response_batch_reports_exact_counts_and_cost(
    served: tuple[Emulator, str], transport: Transport, tmp_path: Path
) -> None:
    emulator, _ = served
    emulator.dlr_delay = 0
    emulator.dlr_outcome = {NUMBERS[1]: ("FAILED", 4001)}
    journal = tmp_path / "short.sqlite"
    async with client_on(served, transport) as client:
        report = await client.send_bulk(
            NUMBERS[:3], text="Hi", from_="Shop", batch_id="s", short_response=True,
            journal=journal,
        )  # fmt: skip
        status = await client.delivery_status("s", journal=journal)
        again = await client.delivery_status("s", journal=journal)
    billed = Decimal(sum(s.amount_micros for s in emulator.ledger.sends())) / 1_000_000
    assert report.total_cost_exact == billed
    assert (status.total, status.delivered, status.failed) == (3, 2, 1)
    assert status.failures[0].to == NUMBERS[1]
    assert status.total_cost_exact == billed
    assert status.total_cost == float(billed)
    assert again == status


async def test_delivery_status_of_an_unknown_batch_names_it(
    served: tuple[Emulator, str], transport: Transport, tmp_path: Path
) -> None:
    journal = tmp_path / "real.sqlite"
    async with client_on(served, transport) as client:
        await client.send_bulk(NUMBERS[:2], text="Hi", from_="Shop", batch_id="launch",
                               journal=journal)  # fmt: skip
        with pytest.raises(JournalNotFoundError, match="'lunch'") as caught:
            await client.delivery_status("lunch", journal=journal)
    assert caught.value.batch_id == "lunch"
    assert "'launch'" in str(caught.value)  # what the journal has


async def test_delivery_status_on_a_mistyped_journal_path_creates_nothing(
    served: tuple[Emulator, str], transport: Transport, tmp_path: Path
) -> None:
    missing = tmp_path / "typo.sqlite"
    async with client_on(served, transport) as client:
        with pytest.raises(JournalNotFoundError, match=r"typo\.sqlite") as caught:
            await client.delivery_status("b", journal=missing)
    assert caught.value.path == str(missing)
    assert not await anyio.Path(tmp_path).joinpath("typo.sqlite").exists()
    assert isinstance(caught.value, SmscxError)
