"""The pipeline's limiter: at most N holders, first come first served, no slot ever lost."""

from __future__ import annotations

import anyio
import pytest

from smscx._slots import Slots

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("size", [1, 2])
async def test_at_most_n_hold_a_slot_and_the_rest_go_in_arrival_order(size: int) -> None:
    slots = Slots(size)
    holding = 0
    most = 0
    arrived: list[int] = []
    order: list[int] = []

    async def hold(i: int) -> None:
        nonlocal holding, most
        arrived.append(i)  # trio starts tasks in no set order: arrival is what counts
        async with slots:
            order.append(i)
            holding += 1
            most = max(most, holding)
            await anyio.sleep(0.01)
            holding -= 1

    async with anyio.create_task_group() as tg:
        for i in range(10):
            tg.start_soon(hold, i)
    assert most == size
    if size == 1:
        assert order == arrived
    else:  # two released together are woken together, and trio runs a batch in any order
        assert sorted(order[:2]) == sorted(arrived[:2])
        assert sorted(order) == sorted(arrived)
    assert slots.waiting == 0


async def test_a_free_slot_is_taken_without_waiting() -> None:
    slots = Slots(1)
    with anyio.CancelScope() as scope:
        scope.cancel()  # any checkpoint would raise now
        async with slots:
            pass
    assert not scope.cancelled_caught


async def test_a_newcomer_cannot_overtake_a_waiter() -> None:
    slots = Slots(1)
    got: list[str] = []

    async def take(name: str) -> None:
        async with slots:
            got.append(name)
            await anyio.sleep(0.01)

    async with anyio.create_task_group() as tg:
        tg.start_soon(take, "first")
        await anyio.sleep(0.005)
        tg.start_soon(take, "waiter")
        await anyio.sleep(0.02)  # "first" released: the slot is the waiter's, handed over
        tg.start_soon(take, "newcomer")
    assert got == ["first", "waiter", "newcomer"]


async def test_a_cancelled_waiter_loses_no_slot() -> None:
    slots = Slots(1)
    async with anyio.create_task_group() as tg:
        async with slots:
            with anyio.move_on_after(0.01):
                async with slots:
                    raise AssertionError("no slot was free")
            assert slots.waiting == 0
        with anyio.fail_after(1):
            async with slots:  # the one slot is free again
                pass
        tg.cancel_scope.cancel()


async def test_a_waiter_cancelled_as_it_is_handed_the_slot_passes_it_on() -> None:
    slots = Slots(1)
    entered: list[str] = []
    scope = anyio.CancelScope()

    async def doomed() -> None:
        with scope:
            async with slots:
                entered.append("doomed")

    async def next_in_line() -> None:
        async with slots:
            entered.append("next")

    async with anyio.create_task_group() as tg:
        async with slots:
            tg.start_soon(doomed)
            await anyio.sleep(0.01)
            tg.start_soon(next_in_line)
            await anyio.sleep(0.01)
            assert slots.waiting == 2
        # Released: the slot went to "doomed"; cancel it before it runs again.
        scope.cancel()
    assert entered in (["next"], ["doomed", "next"])
    with anyio.fail_after(1):
        async with slots:  # and nothing was lost
            pass


async def test_a_burst_waits_before_it_is_built_and_sends_max_concurrency_at_once() -> None:
    import httpx

    from smscx import AsyncSmsClient, RetryPolicy
    from tests.helpers import API_KEY, send_response

    release = anyio.Event()
    in_flight = 0
    most = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        await release.wait()
        in_flight -= 1
        return send_response(request)

    client = AsyncSmsClient(
        api_key=API_KEY,
        base_url="https://api.sms.cx",
        max_concurrency=2,
        retry_policy=RetryPolicy(wait=False),
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
    )
    results: list[str] = []

    async def send() -> None:
        result = await client.send_sms(to=["+33612345678"], from_="InfoText", text="Hi")
        results.append(result.data[0].status)

    def burst_parked() -> bool:
        return in_flight == 2 and client._pipeline.admission.waiting == 26

    async with client:
        release.set()
        await send()  # the rate-limit gate has heard the server: no probe holds the rest
        release = anyio.Event()
        async with anyio.create_task_group() as tg:
            for _ in range(30):
                tg.start_soon(send)
            for _ in range(500):
                if burst_parked():
                    break
                await anyio.sleep(0.01)
            # Two exchanging, two built and waiting for a slot, the other 26 not yet built.
            assert burst_parked()
            assert client._pipeline.limiter.waiting == 2
            release.set()
    assert most == 2
    assert results == ["ACCEPTED"] * 31
