"""``GET /_emulator/messages?to=NUMBER``: what a phone would have received (emulator-only)."""

from __future__ import annotations

import httpx
import pytest

from smscx.testing import Emulator
from tests.emulator.helpers import sms

pytestmark = pytest.mark.anyio


async def test_the_messages_sent_to_a_number_oldest_first(
    api: httpx.AsyncClient, smscx_emulator: Emulator
) -> None:
    await api.post("/sms", json=sms(to=["+33612345678"], text="Your code is 4321"))
    await api.post("/sms", json=sms(to=["+33612345678", "+447400123456"], text="Second"))
    found = await api.get("/_emulator/messages", params={"to": "+33612345678"})
    other = await api.get("/_emulator/messages", params={"to": "447400123456"})  # no "+"
    assert found.status_code == 200
    assert [(m["text"], m["status"]) for m in found.json()["data"]] == [
        ("Your code is 4321", "ACCEPTED"),
        ("Second", "ACCEPTED"),
    ]
    assert [m["text"] for m in other.json()["data"]] == ["Second"]
    first = found.json()["data"][0]
    assert smscx_emulator.ledger.message(first["msgId"]) is not None


async def test_it_takes_the_apis_credentials(smscx_emulator: Emulator) -> None:
    async with smscx_emulator.http_client(headers={"X-API-KEY": "wrong"}) as stranger:
        refused = await stranger.get("/_emulator/messages", params={"to": "+33612345678"})
    assert refused.status_code == 401


async def test_an_invalid_number_is_1207(api: httpx.AsyncClient) -> None:
    refused = await api.get("/_emulator/messages", params={"to": "12"})
    assert refused.json()["error"]["code"] == 1207
