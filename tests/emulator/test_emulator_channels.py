"""The emulator's Viber, WhatsApp and multichannel sends, in-process: prices, coverage,
scheduled failover timing, delivery outcomes, idempotent replays, reset."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from smscx.testing import Emulator, ManualClock

pytestmark = pytest.mark.anyio

FR, UK = "+33612345678", "+447400123456"
START = datetime(2027, 3, 1, 9, 0, tzinfo=timezone.utc)
ID = "0f0e8a52-2c1b-4d35-9a58-6c3c1c3e2b11"


def approved(emulator: Emulator, channel: str = "viber", text: str = "Hi {{name}}") -> int:
    emulator.templates.create({"name": f"{channel} {text}", "text": text, "channel": channel})
    template_id = max(emulator.templates.by_id)
    emulator.templates.approve(template_id)
    return template_id


def strategy(template_id: int) -> list[dict[str, object]]:
    return [{"channel": "viber", "templateId": template_id}, {"channel": "sms", "text": "Hi"}]


async def test_set_prices_changes_a_channels_price_and_none_is_no_coverage() -> None:
    emulator = Emulator()
    emulator.viber.set_prices({"FR": 0.04, "GB": None})
    template_id = approved(emulator)
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        answer = await api.post(
            "/viber", json={"to": [FR, UK], "from": "Shop", "templateId": template_id}
        )
        alone = await api.post(
            "/viber", json={"to": [UK], "from": "Shop", "templateId": template_id}
        )
    data = answer.json()["data"]
    assert [(d["status"], d["cost"]) for d in data] == [("ACCEPTED", 0.04), ("NO COVERAGE", 0)]
    assert (alone.status_code, alone.json()["error"]["code"]) == (403, 1119)
    assert emulator.balance == pytest.approx(1000 - 0.04)


async def test_custom_fields_that_are_not_strings_are_refused() -> None:
    emulator = Emulator()
    template_id = approved(emulator, "whatsapp")
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        answer = await api.post(
            "/whatsapp",
            json={"to": [FR], "from": "Shop", "templateId": template_id, "customFields": [1]},
        )
    assert (answer.status_code, answer.json()["error"]["type"]) == (400, "invalid_param")
    assert emulator.ledger.charges == ()


async def test_an_idempotency_id_reused_with_another_template_is_1111_and_replays_otherwise() -> (
    None
):
    emulator = Emulator()
    first, second = approved(emulator), approved(emulator, text="Bye")
    body = {"to": [FR], "from": "Shop", "templateId": first, "idempotencyId": ID}
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        sent = await api.post("/viber", json=body)
        again = await api.post("/viber", json=body)
        other = await api.post("/viber", json={**body, "templateId": second})
    assert again.content == sent.content
    assert again.headers["x-idempotency-id"] == ID
    assert (other.status_code, other.json()["error"]["code"]) == (400, 1111)
    assert len(emulator.ledger.sends(ID)) == 1


async def test_allow_invalid_sends_to_the_valid_numbers_and_lists_the_others() -> None:
    emulator = Emulator()
    template_id = approved(emulator)
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        answer = await api.post(
            "/viber",
            json={
                "to": [FR, "12"],
                "from": "Shop",
                "templateId": template_id,
                "allowInvalid": True,
            },
        )
        refused = await api.post("/viber", json={"to": [FR, "12"], "from": "Shop", "templateId": 1})
    info = answer.json()["info"]
    assert (info["totalValid"], info["totalInvalid"], info["invalid"]) == (1, 1, ["12"])
    assert (refused.status_code, refused.json()["error"]["code"]) == (400, 1207)


async def test_a_scheduled_multichannel_step_waits_its_ttl_from_its_scheduled_time() -> None:
    clock = ManualClock(START.timestamp())
    emulator = Emulator(clock=clock)
    emulator.multichannel.undelivered_channels.add("viber")
    template_id = approved(emulator)
    body = {
        "to": [FR],
        "from": "Shop",
        "strategy": strategy(template_id),
        "ttl": 300,
        "scheduledDate": "2027-03-01 10:00:00",
    }
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        sent = (await api.post("/multichannel", json=body)).json()
    msg_id = sent["data"][0]["msgId"]
    clock.advance(3600 + 299)  # the step went out at 10:00; its ttl ends at 10:05
    assert emulator.multichannel.settle() == 0
    clock.advance(1)
    assert emulator.multichannel.settle() == 1
    (_, sms) = emulator.multichannel.step_messages(msg_id)
    assert sms.created_at == START + timedelta(hours=1, seconds=300)


async def test_a_failed_viber_step_falls_to_sms_after_its_ttl_and_keeps_its_report() -> None:
    clock = ManualClock(START.timestamp())
    emulator = Emulator(clock=clock, dlr_outcome={FR: ("FAILED", 4001)})
    template_id = approved(emulator)
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        sent = await api.post(
            "/multichannel", json={"to": [FR], "from": "Shop", "strategy": strategy(template_id)}
        )
    msg_id = sent.json()["data"][0]["msgId"]
    clock.advance(300)
    assert emulator.multichannel.settle() == 1
    viber, sms = emulator.multichannel.step_messages(msg_id)
    assert (viber.report, sms.report) == (("FAILED", 4001), ("FAILED", 4001))


async def test_a_step_without_coverage_is_skipped_for_the_next() -> None:
    emulator = Emulator()
    emulator.viber.set_prices({"FR": None})
    template_id = approved(emulator)
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        sent = await api.post(
            "/multichannel", json={"to": [FR], "from": "Shop", "strategy": strategy(template_id)}
        )
    (message,) = sent.json()["data"]
    assert (message["channel"], message["cost"], message["text"]) == ("sms", 0.065, "Hi")
    assert emulator.multichannel.channels_of(message["msgId"]) == ("sms",)


async def test_reset_forgets_the_messages_in_flight_and_the_controls() -> None:
    clock = ManualClock(START.timestamp())
    emulator = Emulator(clock=clock)
    emulator.multichannel.undelivered_channels.add("viber")
    emulator.multichannel.inactive_channels.add("whatsapp")
    template_id = approved(emulator)
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        sent = await api.post(
            "/multichannel", json={"to": [FR], "from": "Shop", "strategy": strategy(template_id)}
        )
    emulator.reset()
    clock.advance(300)
    assert emulator.multichannel.settle() == 0
    assert emulator.multichannel.channels_of(sent.json()["data"][0]["msgId"]) == ()
    assert emulator.multichannel.undelivered_channels == set()
    assert emulator.multichannel.inactive_channels == set()
    assert emulator.ledger.charges == ()
