"""Faults in-process: HTTP errors, delays and cut connections, scripted or random."""

from __future__ import annotations

import uuid

import httpx
import pytest

from smscx.testing import Chaos, Emulator, Fault
from tests.emulator.helpers import error_of, sms

pytestmark = pytest.mark.anyio


async def test_status_fault_fails_the_next_n_matching_requests_without_work(
    api: httpx.AsyncClient, smscx_emulator: Emulator
) -> None:
    smscx_emulator.faults.add("status", route="POST /sms", status=503, times=2)
    statuses = [(await api.post("/sms", json=sms())).status_code for _ in range(3)]
    assert statuses == [503, 503, 200]
    assert len(smscx_emulator.ledger.sends()) == 1


async def test_status_fault_answers_the_error_shape(
    api: httpx.AsyncClient, smscx_emulator: Emulator
) -> None:
    smscx_emulator.faults.add("status", status=500)
    response = await api.post("/sms", json=sms())
    assert error_of(response) == (500, "internal_error", 500)
    assert response.headers["x-request-id"]


async def test_a_429_fault_carries_the_reset_header(
    api: httpx.AsyncClient, smscx_emulator: Emulator
) -> None:
    smscx_emulator.faults.add("status", status=429)
    response = await api.post("/sms", json=sms())
    assert error_of(response) == (429, "rate_limit", 429)
    assert response.headers["x-rate-limit-remaining"] == "0"
    assert int(response.headers["x-rate-limit-reset"]) > 0


async def test_a_fault_only_hits_its_route(
    api: httpx.AsyncClient, smscx_emulator: Emulator
) -> None:
    smscx_emulator.faults.add("status", route="POST /sms", status=502)
    estimate = await api.post("/sms/estimate", json=sms())
    send = await api.post("/sms", json=sms())
    assert (estimate.status_code, send.status_code) == (200, 502)


async def test_a_route_can_name_path_parameters(
    api: httpx.AsyncClient, smscx_emulator: Emulator
) -> None:
    smscx_emulator.faults.add("status", route="DELETE /sms/scheduled/{msgId}", status=500)
    other = await api.delete("/sms/scheduled/campaign/3328fe13-2b99-4282-b62e-d891f5e452a8")
    hit = await api.delete("/sms/scheduled/3328fe13-2b99-4282-b62e-d891f5e452a8")
    assert (other.status_code, hit.status_code) == (404, 500)


async def test_the_readiness_probe_is_never_faulted(
    api: httpx.AsyncClient, smscx_emulator: Emulator
) -> None:
    smscx_emulator.faults.add("close_before", times=None)
    assert (await api.get("/")).status_code == 200


async def test_close_before_cuts_the_connection_and_does_no_work(
    api: httpx.AsyncClient, smscx_emulator: Emulator
) -> None:
    smscx_emulator.faults.add("close_before", route="POST /sms")
    with pytest.raises(httpx.RemoteProtocolError):
        await api.post("/sms", json=sms())
    assert smscx_emulator.ledger.charges == ()


async def test_close_after_commit_bills_then_cuts_and_the_retry_is_replayed(
    api: httpx.AsyncClient, smscx_emulator: Emulator
) -> None:
    smscx_emulator.faults.add("close_after_commit", route="POST /sms")
    body = {**sms(), "idempotencyId": str(uuid.uuid4())}
    with pytest.raises(httpx.RemoteProtocolError):
        await api.post("/sms", json=body)
    assert len(smscx_emulator.ledger.sends()) == 1
    retry = await api.post("/sms", json=body)
    assert retry.status_code == 200
    assert len(smscx_emulator.ledger.sends()) == 1


async def test_a_delay_within_the_timeout_only_slows_the_answer(
    api: httpx.AsyncClient, smscx_emulator: Emulator
) -> None:
    smscx_emulator.faults.add("delay", seconds=0.01)
    response = await api.post("/sms", json=sms(), timeout=30)
    assert response.status_code == 200


async def test_a_delay_past_the_read_timeout_times_out_and_does_no_work(
    api: httpx.AsyncClient, smscx_emulator: Emulator
) -> None:
    smscx_emulator.faults.add("delay", seconds=30)
    with pytest.raises(httpx.ReadTimeout):
        await api.post("/sms", json=sms(), timeout=0.05)
    assert smscx_emulator.ledger.charges == ()


async def test_fired_faults_are_recorded(api: httpx.AsyncClient, smscx_emulator: Emulator) -> None:
    smscx_emulator.faults.add("status", status=503)
    await api.post("/sms", json=sms())
    await api.post("/sms", json=sms())
    (fired,) = smscx_emulator.faults.fired
    assert (fired.method, fired.path, fired.fault) == ("POST", "/sms", Fault("status", 503))
    assert smscx_emulator.faults.pending == 0


async def test_chaos_with_a_seed_is_repeatable() -> None:
    outcomes = []
    for _ in range(2):
        emulator = Emulator()
        emulator.faults.chaos(Chaos(seed=7, status=0.3, statuses=(500, 503)))
        async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
            outcomes.append([(await api.post("/sms", json=sms())).status_code for _ in range(20)])
    assert outcomes[0] == outcomes[1]
    assert {500, 503, 200} >= set(outcomes[0]) > {200}


async def test_scripted_faults_come_before_chaos(
    api: httpx.AsyncClient, smscx_emulator: Emulator
) -> None:
    smscx_emulator.faults.chaos(close_before=1.0)
    smscx_emulator.faults.add("status", status=502)
    assert (await api.post("/sms", json=sms())).status_code == 502
    with pytest.raises(httpx.RemoteProtocolError):
        await api.post("/sms", json=sms())


async def test_reset_clears_faults_and_restores_the_balance(
    api: httpx.AsyncClient, smscx_emulator: Emulator
) -> None:
    await api.post("/sms", json=sms())
    smscx_emulator.faults.add("status", times=None)
    smscx_emulator.reset()
    assert smscx_emulator.balance == 1000
    assert smscx_emulator.ledger.charges == ()
    assert (await api.post("/sms", json=sms())).status_code == 200
