"""The routes after the send, raw, in-process: every error row a request can trigger comes back
with the table's status, type and code (most of these the client refuses before sending), and
a tour of every route through the client, in-process, on asyncio and trio."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from smscx import AsyncSmsClient
from smscx.testing import Emulator

pytestmark = pytest.mark.anyio

UUID = "3328fe13-2b99-4282-b62e-d891f5e452a8"
FR = "+33612345678"

# (method, path, JSON body or query) -> (status, type, code)
BAD = "invalid_param"
NOT_FOUND = "not_found"
DATES = {"start_date": "2026-02-01", "end_date": "2026-01-01"}
LOOKUP = {"phoneNumbers": [FR], "lookupCallbackUrl": "x"}
ROWS: list[tuple[str, str, Any, tuple[int, str, int]]] = [
    ("GET", "/reports/single/not-a-uuid", None, (400, BAD, 1165)),
    ("GET", f"/reports/single/{UUID}", None, (404, NOT_FOUND, 1160)),
    ("GET", "/reports/campaigns/x", None, (400, BAD, 1155)),
    ("GET", f"/reports/campaigns/{UUID}", None, (404, NOT_FOUND, 1150)),
    ("GET", "/reports/campaigns/x/csv", None, (400, BAD, 1165)),
    ("GET", f"/reports/campaigns/{UUID}/xlsx", None, (404, NOT_FOUND, 1160)),
    ("GET", "/reports", {"period": "26"}, (400, BAD, 1820)),
    ("GET", "/reports", {"start_date": "x", "end_date": "2026-01-01"}, (400, BAD, 1821)),
    ("GET", "/reports", {"start_date": "2026-01-01", "end_date": "x"}, (400, BAD, 1822)),
    ("GET", "/reports", DATES, (400, BAD, 1823)),
    ("GET", "/reports", {}, (400, BAD, 1824)),
    ("GET", "/reports/csv", {"period": "2026", "source": "x"}, (400, BAD, 1825)),
    ("GET", "/reports/xlsx", {"period": "2026", "delivery_report": "x"}, (400, BAD, 1826)),
    ("GET", "/reports", {"period": "2026", "country_iso": "XX"}, (400, BAD, 1827)),
    ("GET", "/reports/csv", {"period": "2026", "channel": "fax"}, (400, BAD, 1828)),
    ("GET", "/reports/summary/weather", {"period": "2026"}, (400, BAD, 1829)),
    ("GET", "/reports/summary/country", {}, (400, BAD, 1824)),
    ("GET", "/account/pricing/fax/transactional", None, (400, BAD, 1521)),
    ("GET", "/account/pricing/sms/transactional/XX", None, (400, BAD, 1522)),
    ("GET", "/account/pricing/sms/transactional/KP", None, (403, "no_coverage", 1523)),
    ("POST", "/groups", {}, (400, BAD, 1204)),
    ("POST", "/groups", {"name": "ab"}, (400, BAD, 1206)),
    ("POST", "/groups", {"name": "customers"}, (400, "duplicate_value", 1211)),
    ("POST", "/groups/1", {}, (400, BAD, 1203)),
    ("POST", "/groups/1", {"phoneNumbers": "x"}, (400, BAD, 1208)),
    ("POST", "/groups/1", {"phoneNumbers": ["1"]}, (400, BAD, 1207)),
    ("POST", "/groups/1", {"phoneNumbers": [FR, "1"]}, (400, BAD, 1210)),
    ("POST", "/groups/99", {"phoneNumbers": [FR]}, (404, NOT_FOUND, 1200)),
    ("GET", "/groups/99", None, (404, NOT_FOUND, 1200)),
    ("GET", "/groups/99/empty", None, (404, NOT_FOUND, 1200)),
    ("GET", "/groups/99/csv", None, (404, NOT_FOUND, 1200)),
    ("DELETE", "/groups/99", None, (404, NOT_FOUND, 1200)),
    ("DELETE", f"/groups/1/{UUID}", None, (404, NOT_FOUND, 1202)),
    ("PATCH", f"/groups/1/{UUID}", {"firstName": "A"}, (404, NOT_FOUND, 1202)),
    ("PATCH", f"/groups/1/{UUID}", {}, (400, BAD, 1213)),
    ("POST", "/otp/" + UUID, {"pin": "1"}, (404, NOT_FOUND, 2021)),
    ("GET", "/otp/" + UUID, None, (404, NOT_FOUND, 2021)),
    ("DELETE", "/otp/" + UUID, None, (404, NOT_FOUND, 2021)),
    ("GET", "/numbers/lookup/1", None, (400, BAD, 1207)),
    ("GET", "/numbers/lookup/+8501912345678", None, (403, "no_coverage", 1214)),
    ("POST", "/numbers/lookup", {}, (400, BAD, 1203)),
    ("POST", "/numbers/lookup", {"phoneNumbers": [1]}, (400, BAD, 1208)),
    ("POST", "/numbers/lookup", {"phoneNumbers": [FR] * 40_001}, (400, BAD, 1205)),
    ("POST", "/numbers/lookup", LOOKUP, (400, BAD, 1209)),
    ("POST", "/numbers/lookup", {"phoneNumbers": ["1"]}, (400, BAD, 1216)),
    ("GET", "/numbers/lookup/lookupId/x", None, (400, BAD, 1217)),
    ("GET", f"/numbers/lookup/lookupId/{UUID}", None, (404, NOT_FOUND, 1219)),
    ("GET", "/numbers/lookup/lookupBulkId/x", None, (400, NOT_FOUND, 1218)),
    ("GET", f"/numbers/lookup/lookupBulkId/{UUID}", None, (404, BAD, 1220)),
    ("GET", f"/numbers/lookup/lookupBulkId/{UUID}/csv", None, (404, BAD, 1220)),
    ("GET", "/optouts/csv", None, (200, "", 0)),
]  # fmt: skip


@pytest.mark.parametrize(("method", "path", "payload", "expected"), ROWS, ids=lambda v: str(v)[:40])
async def test_each_row_has_the_tables_status_type_and_code(
    api: httpx.AsyncClient,
    method: str,
    path: str,
    payload: Any,
    expected: tuple[int, str, int],
) -> None:
    if method == "GET":
        answer = await api.get(path, params=payload)
    else:
        answer = await api.request(method, path, json=payload)
    assert answer.status_code == expected[0]
    if expected[0] >= 400:
        error = answer.json()["error"]
        assert (error["type"], error["code"]) == expected[1:]


async def test_a_broke_account_cannot_look_up_or_send_an_otp() -> None:
    emulator = Emulator(balance=0)
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        lookup = await api.get(f"/numbers/lookup/{FR}")
        otp = await api.post("/otp", json={"phoneNumber": FR})
    assert (lookup.status_code, lookup.json()["error"]["code"]) == (400, 1113)
    assert (otp.status_code, otp.json()["error"]["code"]) == (400, 1113)
    assert emulator.ledger.charges == ()


async def test_every_route_through_the_client_in_process() -> None:
    emulator = Emulator(dlr_delay=0)
    async with emulator.client() as client:
        await _tour(client, emulator)


async def _tour(client: AsyncSmsClient, emulator: Emulator) -> None:
    sent = await client.send_sms(to=[FR], from_="Shop", text="Hi")
    msg_id, campaign = sent.data[0].msg_id, sent.info.campaign_id
    assert (await client.reports.get_single_report(msg_id)).data.status == "DELIVERED"
    assert len((await client.reports.get_campaign_report(campaign)).data) == 1
    assert (await client.reports.get_advanced_report("2026")).info is not None
    assert (await client.reports.get_summary_reports("source", "2026")).data is not None
    assert (await client.reports.export_advanced_report_to_csv("2026")).startswith("msgId")
    assert (await client.reports.export_advanced_report_to_xlsx("2026"))[:2] == b"PK"
    assert await client.reports.export_campaign_report_to_csv(campaign)
    assert await client.reports.export_campaign_report_to_xlsx(campaign)
    group = (await client.groups.create_group(name="Tour")).info.id
    await client.groups.add_contacts_to_group(group, phone_numbers=[FR])
    await client.groups.add_contacts_to_group_with_fields(
        group, phone_numbers=[{"phone_number": "+447400123456"}]
    )
    contact = (await client.groups.get_group_details(group)).data[0].id
    await client.groups.update_contact_from_group(group, contact, first_name="A")
    await client.send_sms_campaign(groups=[group], from_="Shop", text="Hi {{firstName}}")
    assert [c.name async for c in client.reports.get_campaigns_list()] == ["Tour"]
    assert (await client.groups.get_groups_list()).data
    assert await client.groups.export_group_to_csv(group)
    assert await client.groups.export_group_to_xlsx(group)
    await client.groups.delete_contact_from_group(group, contact)
    await client.groups.empty_group(group)
    await client.groups.delete_group(group)
    otp = await client.otp.new_otp(phone_number=FR)
    assert (await client.otp.get_otp_status(otp.otp_id)).status == "PENDING"
    await client.otp.verify_otp(otp.otp_id, emulator.otp.pin_of(otp.otp_id))
    other = await client.otp.new_otp(phone_number=FR)
    await client.otp.cancel_otp(other.otp_id)
    looked = await client.numbers.lookup_number(FR)
    assert (await client.numbers.get_single_lookup_status(looked.data.lookup_id)).status
    bulk = await client.numbers.lookup_numbers(phone_numbers=[FR])
    assert (await client.numbers.get_bulk_lookup_status(bulk.info.lookup_bulk_id)).data
    assert (await client.numbers.get_bulk_lookup_campaigns()).data
    assert await client.numbers.export_number_lookup_report_to_csv(bulk.info.lookup_bulk_id)
    assert await client.numbers.export_number_lookup_report_to_xlsx(bulk.info.lookup_bulk_id)
    assert (await client.account.get_channel_pricing("sms", "transactional")).prices
    assert await client.account.get_channel_pricing_by_country_iso("sms", "2way", "FR")
    await client.optouts.add_contact_to_optouts_list(phone_numbers=["+4915123456789"])
    assert await client.optouts.export_optouts_to_csv()
    assert await client.optouts.export_optouts_to_xlsx()
