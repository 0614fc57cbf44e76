"""Many processes, one account: the rate limit shared through a Redis store (issue 26).

A real ``redis-server`` on a free loopback port (skipped when the binary is missing; .ci/run
installs it), the emulator serving an account rate limit, and clients configured with
``rate_limit_store``: in several processes at once, they keep within the account's window;
with the store killed mid-run they go on by their own view (one warning); two accounts on
one store keep two windows. How fast none of this is, is ``benchmarks/shared_limit.py``'s.
"""

from __future__ import annotations

import logging
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from benchmarks.shared_limit import redis_server, run
from smscx import AsyncSmsClient, RateLimitError, RetryPolicy, SmsClient
from smscx._ratelimit_store import SharedRateLimitGate, store_key
from smscx.testing import Emulator
from tests.stacks import Transport, anyio_backend, stack, transport

__all__ = ["anyio_backend", "stack", "transport"]

pytestmark = [pytest.mark.integration]

NUMBER = "+33612345678"


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A redis-server of this test's own (a test may kill it)."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (Debian: apt-get install redis-server)")
    with redis_server(str(tmp_path)) as url:
        yield url


def _hashes(url: str) -> dict[str, dict[str, str]]:
    client = redis.Redis.from_url(url, decode_responses=True)
    try:
        return {
            key: client.hgetall(key)
            for key in client.scan_iter("smscx:ratelimit:*")
            if not key.endswith(":flying")
        }
    finally:
        client.close()


def test_processes_sharing_a_store_stay_within_the_accounts_limit(
    redis_url: str, tmp_path: Path
) -> None:
    # Three processes, 8 calls in flight each, against 30 requests per second for the
    # account. Each client alone would keep to 30 and together they would send 90: about a
    # third of the attempts were answered 429 that way.
    log = tmp_path / "workers.log"
    figures = run(
        processes=3,
        per_process=40,
        concurrency=8,
        limit=30,
        window=1.0,
        store=redis_url,
        log_to=str(log),
    )
    assert figures["rate_limited"] == 0, figures
    assert figures["failed"] == 0, figures
    assert figures["completed"] == 120, figures
    # A 429 or two teaches the clients the window's reset; a few more may straddle a window's
    # end (left when the store said the old window, arrived in the new one): more of them on a
    # loaded machine. Without the store, a third of the attempts.
    assert figures["answered_429"] <= 0.1 * figures["attempts"], figures
    assert "rate-limit store did not answer" not in log.read_text()


@pytest.mark.anyio
async def test_a_store_that_never_answers_leaves_sends_going_with_one_warning(
    transport: Transport, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="smscx")
    nothing_listens = f"redis://:hunter2@127.0.0.1:{_free_port()}/0"
    emulator = Emulator(balance=1000.0, dlr=False)
    async with emulator.serve() as url:
        client = AsyncSmsClient(
            api_key=emulator.api_key,
            base_url=url,
            transport=transport,
            rate_limit_store=nothing_listens,
        )
        async with client:
            sent = [
                await client.estimate_sms(to=[NUMBER], from_="Shop", text="Hi") for _ in range(5)
            ]
    assert len(sent) == 5
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    assert "rate-limit store did not answer" in warnings[0].getMessage()
    assert "hunter2" not in caplog.text  # nor the URL that holds the store's password


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.anyio
async def test_a_store_that_dies_under_a_running_client_falls_back_to_its_own_gate(
    tmp_path: Path, transport: Transport, caplog: pytest.LogCaptureFixture
) -> None:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (Debian: apt-get install redis-server)")
    caplog.set_level(logging.INFO, logger="smscx")
    emulator = Emulator(balance=1000.0, dlr=False)
    async with emulator.serve() as url:
        server = redis_server(str(tmp_path))
        store = server.__enter__()
        client = AsyncSmsClient(
            api_key=emulator.api_key, base_url=url, transport=transport, rate_limit_store=store
        )
        async with client:
            try:
                for _ in range(3):
                    await client.estimate_sms(to=[NUMBER], from_="Shop", text="Hi")
            finally:
                server.__exit__(None, None, None)  # killed mid-run
            sent = [
                await client.estimate_sms(to=[NUMBER], from_="Shop", text="Hi") for _ in range(5)
            ]
            gate = client._pipeline.gate
            assert isinstance(gate, SharedRateLimitGate)
            assert gate.store_failures == 1  # then its own gate, until the store is asked again
    assert len(sent) == 5
    warnings = [
        r
        for r in caplog.records
        if r.levelno >= logging.WARNING and "rate-limit store" in r.message
    ]
    assert len(warnings) == 1
    assert any("answers again" not in r.getMessage() for r in caplog.records)


@pytest.mark.anyio
async def test_two_accounts_on_one_store_do_not_share_a_window(
    redis_url: str, transport: Transport
) -> None:
    # Each account: 3 requests an hour (one window that will not end during the test).
    first = Emulator(api_keys="sk_first_account", rate_limit=3, rate_limit_window=3600.0)
    second = Emulator(api_keys="sk_second_account", rate_limit=3, rate_limit_window=3600.0)
    # A spent window whose reset is an hour away is not waited out: RateLimitError at once.
    patient = RetryPolicy(max_rate_limit_wait=1.0, wait=False)
    async with first.serve() as first_url, second.serve() as second_url:
        a = AsyncSmsClient(
            api_key="sk_first_account",
            base_url=first_url,
            transport=transport,
            rate_limit_store=redis_url,
            retry_policy=patient,
        )
        b = AsyncSmsClient(
            api_key="sk_second_account",
            base_url=second_url,
            transport=transport,
            rate_limit_store=redis_url,
            retry_policy=patient,
        )
        async with a, b:
            for _ in range(3):
                await a.estimate_sms(to=[NUMBER], from_="Shop", text="Hi")
            with pytest.raises(RateLimitError):  # the first account's window is spent
                await a.estimate_sms(to=[NUMBER], from_="Shop", text="Hi")
            # The second account's is whole: had the two shared one, this would raise too.
            for _ in range(3):
                await b.estimate_sms(to=[NUMBER], from_="Shop", text="Hi")
            assert b._pipeline.gate.waits == 0
    windows = _hashes(redis_url)
    assert len(windows) == 2
    keys = " ".join(windows)
    for secret in ("sk_first_account", "sk_second_account"):
        assert secret not in keys
        assert not any(secret in str(window) for window in windows.values())


def test_the_blocking_client_shares_the_window_too(redis_url: str) -> None:
    emulator = Emulator(balance=1000.0, dlr=False)
    with (
        emulator.serve_sync() as url,
        SmsClient(api_key=emulator.api_key, base_url=url, rate_limit_store=redis_url) as client,
    ):
        for _ in range(2):
            client.estimate_sms(to=[NUMBER], from_="Shop", text="Hi")
    key = store_key(url, _identity(emulator.api_key))
    assert key in _hashes(redis_url)


def _identity(api_key: str) -> str:
    from smscx._auth import account_identity

    return account_identity(api_key)
