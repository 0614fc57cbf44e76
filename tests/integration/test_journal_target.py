"""A journal records where its batches were sent, and resumes a batch only there.

A trial against the sandbox (an emulator) and the real run of the same batch id must never
share a batch: the real run would take the sandbox's confirmed requests for its own and send
nothing. The journal records the base URL and the account (never the secret) and refuses,
before anything is sent, to resume the batch against another.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from smscx import AsyncSmsClient
from smscx._auth import AccessToken, ApiKey, ClientCredentials, account_identity
from smscx.journal import Journal, JournalMismatchError, SqliteJournal, batch_target
from smscx.testing import Emulator
from tests.journals import make_journal

__all__ = ["make_journal"]  # fixtures

pytestmark = [pytest.mark.anyio, pytest.mark.integration]

NUMBERS = [f"+336{n:08d}" for n in range(300)]
BATCH = {"text": "Hi", "from_": "Shop", "batch_id": "launch", "chunk_size": 100}


async def test_a_batch_journaled_against_the_sandbox_is_refused_by_the_real_api(
    make_journal: Callable[[], Journal],
) -> None:
    sandbox, real = Emulator(), Emulator()
    async with sandbox.client() as trial:
        await trial.send_bulk(NUMBERS, journal=make_journal(), **BATCH)
    async with real.serve() as url, AsyncSmsClient(api_key=real.api_key, base_url=url) as client:
        with pytest.raises(JournalMismatchError) as info:
            await client.send_bulk(NUMBERS, journal=make_journal(), **BATCH)
    assert real.ledger.sends() == ()  # refused before anything was sent
    message = str(info.value)
    assert url in message
    assert "sandbox" in message
    assert real.api_key not in message


async def test_the_same_server_with_another_accounts_key_is_refused(
    make_journal: Callable[[], Journal],
) -> None:
    emulator = Emulator()
    async with emulator.client() as first:
        await first.send_bulk(NUMBERS, journal=make_journal(), **BATCH)
    sent = len(emulator.ledger.sends())
    async with emulator.client(api_key="another-accounts-key") as other:
        with pytest.raises(JournalMismatchError, match="key:"):
            await other.send_bulk(NUMBERS, journal=make_journal(), **BATCH)
    assert len(emulator.ledger.sends()) == sent


async def test_the_same_server_and_account_resume_as_before(
    make_journal: Callable[[], Journal],
) -> None:
    emulator = Emulator()
    emulator.faults.add("status", route="POST /sms", status=400, times=1)
    async with emulator.client() as first:
        report = await first.send_bulk(NUMBERS, journal=make_journal(), **BATCH)
    async with emulator.client() as again:
        resumed = await again.send_bulk(NUMBERS, journal=make_journal(), **BATCH)
    assert len(report.failures) == 1
    assert (resumed.resumed, resumed.messages_sent, resumed.failures) == (2, 300, [])


async def test_a_journal_from_before_targets_were_recorded_takes_the_first_target(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite"
    async with SqliteJournal(path) as journal:
        await journal.begin("launch", "send_bulk", 100)  # as smscx before this change did
        await journal.begin("launch", "send_bulk", 100, target="https://a.example as key:1")
        with pytest.raises(JournalMismatchError, match=re.escape("https://a.example as key:1")):
            await journal.begin("launch", "send_bulk", 100, target="https://b.example as key:1")


def test_an_account_is_named_without_its_secret() -> None:
    key = "sk-live-0123456789abcdef"
    identity = account_identity(key)
    assert identity.startswith("key:")
    assert len(identity) == len("key:") + 16
    assert key not in identity
    assert identity == ApiKey(key).identity  # stable: the same key, the same account
    assert account_identity(key + "x") != identity
    assert ClientCredentials("client-1", "secret").identity == "oauth:client-1"
    assert AccessToken("token").identity is None  # a renewed token names no account
    assert batch_target("https://api.sms.cx", identity) == f"https://api.sms.cx as {identity}"
    assert batch_target("https://api.sms.cx", None) == "https://api.sms.cx"


async def test_a_file_that_is_not_a_journal_is_a_typed_error_and_nothing_is_sent(
    tmp_path: Path,
) -> None:
    from smscx.journal import JournalUnreadableError

    not_a_journal = tmp_path / "numbers.csv"
    not_a_journal.write_text("phone\n+33612345678\n" * 100)
    emulator = Emulator()
    async with emulator.client() as client:
        with pytest.raises(JournalUnreadableError) as info:
            await client.send_bulk(NUMBERS, journal=not_a_journal, **BATCH)
    assert info.value.path == str(not_a_journal)
    assert emulator.ledger.sends() == ()
    assert not_a_journal.read_text() == "phone\n+33612345678\n" * 100  # left as it was
