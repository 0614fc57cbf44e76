"""rate_limit_store: how a client is configured with it, and the shared window's rules, on
an in-process Redis (fakeredis runs the store's Lua script) with a clock the test moves."""

from __future__ import annotations

import logging

import anyio
import pytest

from smscx import AsyncSmsClient, ConfigurationError
from smscx._ratelimit_store import STORE_ENV, SharedRateLimitGate, store_key

fakeredis = pytest.importorskip("fakeredis")

KEY = "sk_store_unit_test_key"


def test_a_redis_url_gives_the_client_a_shared_gate() -> None:
    client = AsyncSmsClient(api_key=KEY, rate_limit_store="redis://127.0.0.1:1/0")
    assert isinstance(client._pipeline.gate, SharedRateLimitGate)
    assert KEY not in repr(client._pipeline.gate)


def test_smscx_rate_limit_store_sets_it_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(STORE_ENV, "redis://127.0.0.1:1/0")
    assert isinstance(AsyncSmsClient(api_key=KEY)._pipeline.gate, SharedRateLimitGate)
    monkeypatch.delenv(STORE_ENV)
    assert not isinstance(AsyncSmsClient(api_key=KEY)._pipeline.gate, SharedRateLimitGate)


def test_a_redis_client_object_is_used_as_it_is() -> None:
    redis = fakeredis.FakeRedis()
    gate = AsyncSmsClient(api_key=KEY, rate_limit_store=redis)._pipeline.gate
    assert isinstance(gate, SharedRateLimitGate)
    assert gate._redis is redis


@pytest.mark.parametrize("store", ["http://127.0.0.1:6379", 42, object()])
def test_a_store_that_is_not_redis_is_refused_before_anything_is_sent(store: object) -> None:
    with pytest.raises(ConfigurationError, match="rate_limit_store"):
        AsyncSmsClient(api_key=KEY, rate_limit_store=store)


def test_an_access_token_does_not_name_its_account_so_the_store_is_not_used(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="smscx"):
        client = AsyncSmsClient(access_token="tok_abc", rate_limit_store="redis://127.0.0.1:1/0")
    assert not isinstance(client._pipeline.gate, SharedRateLimitGate)
    assert "access token" in caplog.text
    assert "tok_abc" not in caplog.text


def test_the_key_names_neither_the_credential_nor_its_identity() -> None:
    from smscx._auth import account_identity

    key = store_key("https://api.sms.cx", account_identity(KEY))
    assert KEY not in key
    assert account_identity(KEY) not in key
    assert key != store_key("http://127.0.0.1:8080", account_identity(KEY))  # another API


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def _gates(count: int) -> tuple[Clock, list[SharedRateLimitGate]]:
    clock, redis = Clock(), fakeredis.FakeRedis()
    key = store_key("https://api.sms.cx", "key:0123456789abcdef")
    return clock, [SharedRateLimitGate(redis, key, clock, owned=False) for _ in range(count)]


@pytest.mark.anyio
async def test_two_clients_draw_from_one_window() -> None:
    _, (a, b) = _gates(2)
    probe = await a.wait_turn()  # nothing known yet: the first request asks the server
    assert probe is not None
    a.observe({"x-rate-limit-limit": "3", "x-rate-limit-remaining": "2"}, probe)
    a.finished(probe)
    await a.settle()
    assert await b.wait_turn() is None  # 2 left, for both clients together
    b.finished(None)
    assert await a.wait_turn() is None
    a.finished(None)
    # Spent for the account, reset unknown: b probes; a waits for its answer.
    assert await b.wait_turn() is not None


@pytest.mark.anyio
async def test_a_count_from_a_window_already_over_does_not_close_the_new_one() -> None:
    clock, (a, b) = _gates(2)
    probe = await a.wait_turn()
    reset = clock.now + 1
    # A 429 teaches the reset; then a's window is spent until it.
    a.observe({"x-rate-limit-limit": "2", "x-rate-limit-remaining": "0",
               "x-rate-limit-reset": str(reset)}, probe)  # fmt: skip
    a.finished(probe)
    await a.settle()
    # b got an answer in the old window (0 left), and tells the store only later.
    b.observe({"x-rate-limit-limit": "2", "x-rate-limit-remaining": "0"})
    b.finished(None)
    clock.now = reset + 0.5  # the new window
    assert await a.wait_turn() is None  # the store rolled it: 2 left, 1 taken
    a.finished(None)
    # b's stale "0 left" arrives with its next question: the new window keeps its count.
    with anyio.fail_after(1):
        assert await b.wait_turn() is None
