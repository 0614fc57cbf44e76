"""Idempotent sends: a repeated idempotencyId is replayed byte for byte and billed once."""

from __future__ import annotations

import uuid

import httpx
import pytest

from smscx.testing import Emulator
from tests.emulator.helpers import campaign, error_of, sms

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(("path", "body"), [("/sms", sms()), ("/sms/campaign", campaign())])
async def test_repeat_replays_the_first_response_byte_for_byte_and_bills_once(
    api: httpx.AsyncClient, smscx_emulator: Emulator, path: str, body: dict[str, object]
) -> None:
    key = str(uuid.uuid4())
    first = await api.post(path, json={**body, "idempotencyId": key})
    second = await api.post(path, json={**body, "idempotencyId": key})
    assert second.status_code == 200
    assert second.content == first.content
    assert first.headers["x-idempotency-id"] == second.headers["x-idempotency-id"] == key
    assert len(smscx_emulator.ledger.sends(key)) == 1


async def test_send_without_idempotency_id_has_no_idempotency_header(
    api: httpx.AsyncClient,
) -> None:
    response = await api.post("/sms", json=sms())
    assert "x-idempotency-id" not in response.headers


async def test_key_order_and_spacing_do_not_make_a_different_request(
    api: httpx.AsyncClient, smscx_emulator: Emulator
) -> None:
    key = str(uuid.uuid4())
    await api.post("/sms", json={**sms(), "idempotencyId": key})
    reordered = (
        b'{"idempotencyId": "%s", "text": "Hello", "from": "InfoText", "to": ["+33612345678"]}'
    )
    response = await api.post("/sms", content=reordered % key.encode())
    assert response.status_code == 200
    assert len(smscx_emulator.ledger.sends()) == 1


async def test_reused_id_with_a_different_body_is_refused_with_1111(
    api: httpx.AsyncClient, smscx_emulator: Emulator
) -> None:
    key = str(uuid.uuid4())
    await api.post("/sms", json={**sms(), "idempotencyId": key})
    response = await api.post("/sms", json={**sms(text="Other"), "idempotencyId": key})
    assert error_of(response) == (400, "invalid_param", 1111)
    assert response.json()["error"]["message"] == (
        "Idempotency Id provided was already used with a different request"
    )
    assert len(smscx_emulator.ledger.sends()) == 1


async def test_reused_id_on_another_endpoint_is_refused_with_1111(api: httpx.AsyncClient) -> None:
    key = str(uuid.uuid4())
    await api.post("/sms", json={**sms(), "idempotencyId": key})
    response = await api.post("/sms/campaign", json={**campaign(), "idempotencyId": key})
    assert error_of(response) == (400, "invalid_param", 1111)


async def test_a_refused_send_is_not_remembered_so_it_can_be_retried() -> None:
    emulator = Emulator(balance=0.01)
    key = str(uuid.uuid4())
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        refused = await api.post("/sms", json={**sms(), "idempotencyId": key})
        emulator.account.balance_micros += 1_000_000  # topped up
        accepted = await api.post("/sms", json={**sms(), "idempotencyId": key})
    assert error_of(refused) == (400, "insufficient_credit", 1113)
    assert accepted.status_code == 200


async def test_replay_does_not_recheck_a_schedule_that_has_since_passed() -> None:
    emulator = Emulator()
    key = str(uuid.uuid4())
    body = {**sms(scheduledDate="2999-01-01 00:00:00"), "idempotencyId": key}
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        first = await api.post("/sms", json=body)
        emulator.account.balance_micros = 0  # a fresh send would now be refused
        second = await api.post("/sms", json=body)
    assert second.content == first.content
