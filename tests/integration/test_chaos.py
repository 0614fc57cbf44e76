"""Exactly-once under chaos: hundreds of concurrent sends through random faults, real sockets.

The emulator serves on loopback and, at random, answers 500/502/503/429, drops the
connection before doing anything, drops it after billing, or answers slower than the
client's timeout. The client retries with waits turned off. Whatever happens:

- every logical send is billed exactly once or not at all;
- every call returns a result or raises an ``SmscxError`` carrying its idempotency id;
- a call that succeeded was billed exactly once; one that failed with ``maybe_sent=False``
  was not billed at all;
- nothing is lost: every call's outcome reaches its caller.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator

import anyio
import pytest

from smscx import AsyncSmsClient, RetryPolicy, SendSmsMessageResponse, SmscxError
from smscx.testing import Chaos, Emulator

pytestmark = [pytest.mark.anyio, pytest.mark.integration]

SENDS = 500
START_BALANCE = 1_000_000.0


@pytest.fixture
async def served() -> AsyncIterator[tuple[Emulator, str]]:
    emulator = Emulator(balance=START_BALANCE, seed=7)
    async with emulator.serve() as url:
        yield emulator, url


async def send_all(
    client: AsyncSmsClient,
) -> tuple[list[SendSmsMessageResponse], list[SmscxError]]:
    results: list[SendSmsMessageResponse] = []
    errors: list[SmscxError] = []

    async def one(n: int) -> None:
        try:
            results.append(
                await client.send_sms(to=[f"+3361{n:07d}"], from_="InfoText", text=f"Code {n}")
            )
        except SmscxError as exc:
            errors.append(exc)

    async with anyio.create_task_group() as tg:
        for n in range(SENDS):
            tg.start_soon(one, n)
    return results, errors


async def test_every_send_is_billed_once_or_not_at_all_under_random_faults(
    served: tuple[Emulator, str],
) -> None:
    emulator, url = served
    emulator.faults.chaos(
        Chaos(
            seed=11,
            route="POST /sms",
            status=0.15,
            close_before=0.08,
            close_after_commit=0.08,
            delay=0.04,
            delay_seconds=2.0,  # longer than the client's timeout below
        )
    )
    client = AsyncSmsClient(
        api_key=emulator.api_key,
        base_url=url,
        timeout=0.5,
        retry_policy=RetryPolicy(max_retries=3, wait=False),
    )
    async with client:
        results, errors = await send_all(client)

    # Nothing lost: every call has an outcome.
    assert len(results) + len(errors) == SENDS
    # The faults really happened, of every kind.
    fired = Counter(f.fault.kind for f in emulator.faults.fired)
    assert set(fired) == {"status", "close_before", "close_after_commit", "delay"}

    billed = Counter(charge.idempotency_id for charge in emulator.ledger.sends())
    # Billed exactly once or not at all, per logical send.
    assert set(billed.values()) == {1}
    for result in results:
        assert billed[result.idempotency_id] == 1
    for error in errors:
        assert error.idempotency_id is not None
        assert billed[error.idempotency_id] <= 1
        if not error.maybe_sent:
            assert billed[error.idempotency_id] == 0
    # Every billed send belongs to one of our calls, and the money adds up.
    ours = {r.idempotency_id for r in results} | {e.idempotency_id for e in errors}
    assert set(billed) <= ours
    assert len(ours) == SENDS
    assert emulator.balance == pytest.approx(START_BALANCE - emulator.ledger.total)
    # Most sends got through: the faults are retried, not merely reported.
    assert len(results) > SENDS * 0.9
