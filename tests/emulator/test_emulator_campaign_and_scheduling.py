"""Campaigns to contact groups, scheduled sends, and deleting them for credit."""

from __future__ import annotations

import pytest

from smscx.testing import Contact, Emulator, Group, ManualClock
from tests.emulator.helpers import FR, campaign, sms

pytestmark = pytest.mark.anyio

START = 1_800_000_000.0  # 2027-01-15 08:00:00 UTC


def _emulator(**options: object) -> Emulator:
    return Emulator(clock=ManualClock(START), **options)  # type: ignore[arg-type]


async def test_campaign_sends_once_per_number_across_groups() -> None:
    emulator = _emulator()
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        response = await api.post("/sms/campaign", json=campaign(groups=[1, 2]))
    info = response.json()["info"]
    assert info["totalPhoneNumbers"] == 4
    assert info["duplicatesRemoved"] == 1
    assert info["groups"] == [
        {"id": 1, "name": "Customers", "phoneNumbers": 3},
        {"id": 2, "name": "Staff", "phoneNumbers": 2},
    ]
    assert len(response.json()["data"]) == 4
    assert len(emulator.ledger.campaign(info["campaignId"])) == 4


async def test_campaign_text_is_personalised_from_contact_fields() -> None:
    group = Group(9, "VIP", [Contact(FR, "Amélie", "Martin", "a@example.com", {"tier": "gold"})])
    emulator = _emulator(groups=[group])
    body = campaign(groups=[9], text="Hi {{firstName}} {{lastName}} ({{tier}}, {{field1}})")
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        response = await api.post("/sms/campaign", json=body)
    assert response.json()["data"][0]["text"] == "Hi Amélie Martin (gold, )"


async def test_future_scheduled_date_schedules_every_message() -> None:
    emulator = _emulator()
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        response = await api.post("/sms", json=sms(scheduledDate="2027-01-15 09:30:00"))
    assert response.json()["info"]["scheduled"] is True
    item = response.json()["data"][0]
    assert (item["status"], item["statusCode"]) == ("SCHEDULED", 101)
    assert item["scheduledAt"] == "2027-01-15 09:30:00"
    assert item["createdAt"] == "2027-01-15 08:00:00"


async def test_is_utc_false_reads_the_date_in_the_destination_time_zone() -> None:
    emulator = _emulator()
    body = sms(scheduledDate="2027-01-15 12:00:00", isUtc=False)
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        response = await api.post("/sms", json=body)
    assert response.json()["data"][0]["scheduledAt"] == "2027-01-15 11:00:00"  # Paris: UTC+1


async def test_deleting_a_scheduled_message_returns_its_credit() -> None:
    emulator = _emulator()
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        sent = await api.post("/sms", json=sms(scheduledDate="2027-01-16 08:00:00"))
        msg_id = sent.json()["data"][0]["msgId"]
        deleted = await api.delete(f"/sms/scheduled/{msg_id}")
    assert deleted.status_code == 200
    assert deleted.json() == {
        "info": {"msgId": msg_id, "parts": 1, "creditReturned": 0.065, "channel": "sms"}
    }
    assert emulator.balance == 1000
    assert [c.kind for c in emulator.ledger.charges] == ["send", "refund"]


async def test_deleting_a_message_twice_is_1100_the_second_time() -> None:
    emulator = _emulator()
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        sent = await api.post("/sms", json=sms(scheduledDate="2027-01-16 08:00:00"))
        msg_id = sent.json()["data"][0]["msgId"]
        await api.delete(f"/sms/scheduled/{msg_id}")
        again = await api.delete(f"/sms/scheduled/{msg_id}")
    assert (again.status_code, again.json()["error"]["code"]) == (404, 1100)


async def test_a_scheduled_message_whose_time_has_come_cannot_be_deleted() -> None:
    clock = ManualClock(START)
    emulator = Emulator(clock=clock)
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        sent = await api.post("/sms", json=sms(scheduledDate="2027-01-15 09:00:00"))
        clock.advance(3600)
        response = await api.delete(f"/sms/scheduled/{sent.json()['data'][0]['msgId']}")
    assert (response.status_code, response.json()["error"]["code"]) == (403, 1118)
    assert emulator.balance == pytest.approx(1000 - 0.065)


async def test_deleting_a_scheduled_campaign_returns_the_credit_of_every_message() -> None:
    emulator = _emulator()
    body = campaign(groups=[1], scheduledDate="2027-02-01 10:00:00")
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        sent = await api.post("/sms/campaign", json=body)
        campaign_id = sent.json()["info"]["campaignId"]
        deleted = await api.delete(f"/sms/scheduled/campaign/{campaign_id}")
    assert deleted.json() == {
        "info": {
            "campaignId": campaign_id,
            "totalPhoneNumbers": 3,
            "totalParts": 3,
            "phoneNumbersDeleted": 3,
            "partsDeleted": 3,
            "creditReturned": sent.json()["info"]["totalCost"],
            "channel": "sms",
        }
    }
    assert emulator.balance == 1000


async def test_deleting_a_campaign_already_started_deletes_only_what_is_scheduled() -> None:
    clock = ManualClock(START)
    emulator = Emulator(clock=clock)
    body = campaign(groups=[1], scheduledDate="2027-01-15 10:00:00", isUtc=False)
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        sent = await api.post("/sms/campaign", json=body)
        # 09:30 UTC: 10:00 in London has not come, in Paris and Berlin (UTC+1) it has.
        clock.advance(5400)
        deleted = await api.delete(f"/sms/scheduled/campaign/{sent.json()['info']['campaignId']}")
    info = deleted.json()["info"]
    assert (info["totalPhoneNumbers"], info["phoneNumbersDeleted"]) == (3, 1)
    assert info["creditReturned"] == 0.037  # the British message
