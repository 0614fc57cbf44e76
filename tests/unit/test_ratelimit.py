"""The rate-limit gate, on a fake clock: hold requests when the window is spent."""

from __future__ import annotations

import anyio
import pytest

from smscx._ratelimit import RateLimitGate

pytestmark = pytest.mark.anyio


class Clock:
    def __init__(self, now: float = 1_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


async def test_the_first_request_is_a_probe_that_the_others_wait_for() -> None:
    gate = RateLimitGate(Clock())
    probe = await gate.wait_turn()
    assert probe is not None
    released: list[int] = []

    async def wait(n: int) -> None:
        assert await gate.wait_turn() is None
        released.append(n)

    async with anyio.create_task_group() as tg:
        for n in range(3):
            tg.start_soon(wait, n)
        await anyio.wait_all_tasks_blocked()
        assert released == []
        # A late answer to an earlier request is not the probe's: nobody is released.
        gate.observe({"x-rate-limit-limit": "20", "x-rate-limit-remaining": "19"})
        await anyio.wait_all_tasks_blocked()
        assert released == []
        gate.observe({"x-rate-limit-limit": "20", "x-rate-limit-remaining": "19"}, probe)
    assert sorted(released) == [0, 1, 2]
    assert gate.remaining == 16


async def test_a_probe_that_failed_still_releases_the_others() -> None:
    gate = RateLimitGate(Clock())
    probe = await gate.wait_turn()
    gate.finished(probe)  # the probe's connection was refused: no response to observe
    assert await gate.wait_turn() is not None  # the next request probes in its place


async def test_without_headers_the_gate_never_holds_after_the_first_answer() -> None:
    gate = RateLimitGate(Clock())
    probe = await gate.wait_turn()
    gate.observe({}, probe)
    for _ in range(1000):
        assert await gate.wait_turn() is None
    assert gate.waits == 0


async def test_requests_leaving_are_counted_against_the_window() -> None:
    gate = RateLimitGate(Clock())
    gate.finished(await gate.wait_turn())
    gate.observe({"x-rate-limit-limit": "20", "x-rate-limit-remaining": "5"})
    for _ in range(5):
        await gate.wait_turn()
    assert gate.remaining == 0
    assert gate.waits == 0


async def test_the_server_count_never_raises_the_local_one_within_a_window() -> None:
    gate = RateLimitGate(Clock())
    gate.observe({"x-rate-limit-limit": "20", "x-rate-limit-remaining": "10"})
    for _ in range(6):
        await gate.wait_turn()
    # An answer to an early request arrives: the server had not seen the later ones yet.
    gate.observe({"x-rate-limit-limit": "20", "x-rate-limit-remaining": "9"})
    assert gate.remaining == 4


async def test_a_spent_window_with_a_known_reset_waits_until_the_reset() -> None:
    clock = Clock()
    gate = RateLimitGate(clock)
    snapshot = gate.observe(
        {"x-rate-limit-limit": "20", "x-rate-limit-remaining": "0", "x-rate-limit-reset": "1000.05"}
    )
    assert snapshot is not None
    assert snapshot.remaining == 0
    released = anyio.Event()

    async def wait() -> None:
        await gate.wait_turn()
        released.set()

    with anyio.fail_after(5):
        async with anyio.create_task_group() as tg:
            tg.start_soon(wait)
            await anyio.wait_all_tasks_blocked()
            assert not released.is_set()
            clock.now = 1000.1  # the window resets while the task sleeps
    assert released.is_set()
    assert gate.waits >= 1


async def test_after_the_reset_a_full_window_is_assumed() -> None:
    clock = Clock()
    gate = RateLimitGate(clock)
    gate.observe(
        {"x-rate-limit-limit": "20", "x-rate-limit-remaining": "0", "x-rate-limit-reset": "1001"}
    )
    clock.now = 1001.5
    await gate.wait_turn()
    assert gate.remaining == 19


async def test_a_spent_window_without_a_reset_sends_one_probe_and_holds_the_rest() -> None:
    gate = RateLimitGate(Clock())
    gate.observe({"x-rate-limit-limit": "20", "x-rate-limit-remaining": "0"})
    probe = await gate.wait_turn()  # the probe goes
    assert probe is not None
    released: list[int] = []

    async def wait(n: int) -> None:
        await gate.wait_turn()
        released.append(n)

    async with anyio.create_task_group() as tg:
        for n in range(3):
            tg.start_soon(wait, n)
        await anyio.wait_all_tasks_blocked()
        assert released == []
        # The probe's answer opens a new window.
        gate.observe({"x-rate-limit-limit": "20", "x-rate-limit-remaining": "19"}, probe)
    assert sorted(released) == [0, 1, 2]


async def test_a_429_retry_after_sets_the_reset() -> None:
    clock = Clock()
    gate = RateLimitGate(clock)
    gate.observe({"x-rate-limit-limit": "20", "x-rate-limit-remaining": "0", "retry-after": "2"})
    assert gate.reset_at == 1002.0


async def test_the_window_length_is_learnt_from_two_resets() -> None:
    clock = Clock()
    gate = RateLimitGate(clock)
    gate.observe(
        {"x-rate-limit-remaining": "0", "x-rate-limit-reset": "1001", "x-rate-limit-limit": "2"}
    )
    gate.observe(
        {"x-rate-limit-remaining": "0", "x-rate-limit-reset": "1002", "x-rate-limit-limit": "2"}
    )
    clock.now = 1002.1
    await gate.wait_turn()
    assert gate.reset_at == 1003.0


async def test_a_reset_beyond_max_wait_is_a_rate_limit_error_not_a_wait() -> None:
    from smscx import RateLimitError

    gate = RateLimitGate(Clock())
    gate.observe(
        {"x-rate-limit-limit": "20", "x-rate-limit-remaining": "0", "x-rate-limit-reset": "4600"}
    )
    with pytest.raises(RateLimitError) as caught:
        await gate.wait_turn(max_wait=60)
    assert caught.value.retry_after == pytest.approx(3600, abs=1)
    assert gate.waits == 0


async def test_a_probe_counted_early_is_not_trusted_above_answers_that_came_first() -> None:
    # Seen on a socket: after a window rolls with no reset known, 20 requests leave and a
    # probe goes behind them. The server counts the probe second (remaining 18), but its
    # answer arrives after eleven others that counted down to 1. Trusting 18 (minus the
    # nine still in flight) let nine more requests out into a spent window: nine 429s.
    clock = Clock()
    gate = RateLimitGate(clock)
    first = await gate.wait_turn()
    gate.observe({"x-rate-limit-limit": "20", "x-rate-limit-remaining": "19"}, first)
    gate.finished(first)
    for _ in range(19):
        assert await gate.wait_turn() is None
    probe = await gate.wait_turn()
    assert probe is not None
    for remaining in (17, 16, 15, 13, 9, 8, 3, 6, 4, 2, 1):  # eleven answers, in any order
        gate.observe({"x-rate-limit-limit": "20", "x-rate-limit-remaining": str(remaining)})
        gate.finished(None)
    gate.observe({"x-rate-limit-limit": "20", "x-rate-limit-remaining": "18"}, probe)
    gate.finished(probe)
    assert gate.remaining == 0  # min(18, 1) less the eight still in flight
