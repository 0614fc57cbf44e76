"""The routes after the send, raw, in-process: every error row a request can trigger comes back
with the table's status, type and code (most of these the client refuses before sending), and
a tour of every route through the client, in-process, on asyncio and trio."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from smscx import AsyncSmsClient
from smscx.models import Strategy, SummaryValue
from smscx.testing import Emulator, ManualClock
from smscx.testing.routes import Route, routes_by_namespace
from smscx.testing.server.openapi import openapi_document
from tests.emulator.helpers import schema_errors

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
    ("GET", "/numbers/lookup/lookupBulkId/x/csv", None, (400, BAD, 1218)),
    ("GET", f"/numbers/lookup/lookupBulkId/{UUID}/csv", None, (404, NOT_FOUND, 1220)),
    ("GET", f"/numbers/lookup/lookupBulkId/{UUID}/xlsx", None, (404, NOT_FOUND, 1220)),
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
    emulator = Emulator(dlr_delay=0, clock=ManualClock(START.timestamp()))
    async with emulator.client() as client:
        await _tour(client, emulator)


async def test_every_answer_on_the_tour_fits_its_routes_openapi_schema() -> None:
    emulator = Emulator(dlr_delay=0, clock=ManualClock(START.timestamp()))
    recorder = _Recorder(emulator.transport())
    async with httpx.AsyncClient(transport=recorder) as http:
        async with emulator.client(http_client=http) as client:
            await _tour(client, emulator)
        async with emulator.client(
            http_client=http, client_id=emulator.client_id, client_secret=emulator.client_secret
        ) as application:
            assert (await application.oauth.get_access_token(scope="sms")).scope == "sms"
    document = openapi_document()
    answered = set()
    for method, path, status, body in recorder.answers:
        route = _route_of(method, path)
        # 201 for what the vendor's pages say is created (a group, an originator, an OTP);
        # the document says which, and 204 where nothing was left to do.
        responses = document["paths"][route.path][method.lower()]["responses"]
        assert status == route.status or (status == 204 and route.no_content), route.name
        if status == 204:
            assert "204" in responses, route.name
            assert body == b"", route.name
            answered.add(route.name)
            continue
        content = responses[str(status)]["content"]
        if "application/json" in content:
            schema = content["application/json"]["schema"]
            errors = schema_errors(json.loads(body), schema, document["components"]["schemas"])
            assert errors == [], route.name
        answered.add(route.name)
    assert answered == {r.name for routes in routes_by_namespace().values() for r in routes}


START = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)
UK, DE = "+447400123456", "+4915123456789"


async def _tour(client: AsyncSmsClient, emulator: Emulator) -> None:
    """Every vendor route once, through the client, checking what a user relies on."""
    balance = await client.account.get_account_balance()
    assert (balance.balance, balance.currency, balance.billing) == (1000.0, "eur", "prepaid")
    channels = await client.account.get_channels_status()
    assert (channels.sms, channels.viber, channels.whatsapp) == (True, True, True)
    pricing = await client.account.get_channel_pricing("sms", "transactional")
    assert pricing.prices["FR"] == {"All networks": {"transactional": 0.065}}
    in_fr = await client.account.get_channel_pricing_by_country_iso("sms", "2way", "FR")
    assert in_fr.prices == {"FR": {"All networks": {"2way": 0.065}}}
    # Estimates price (FR 0.065; group 1: FR, UK 0.037 and DE 0.075) and bill nothing.
    assert (await client.estimate_sms(to=[FR], from_="Shop", text="Hi")).info.total_cost == 0.065
    estimate = await client.estimate_sms_campaign(groups=[1], from_="Shop", text="Hi")
    assert (estimate.info.total_phone_numbers, estimate.info.total_cost) == (3, 0.177)
    assert emulator.ledger.charges == ()
    # One message sent; two scheduled and cancelled, one by id and one by its campaign.
    sent = await client.send_sms(to=[FR], from_="Shop", text="Hi")
    msg_id, campaign = sent.data[0].msg_id, sent.info.campaign_id
    later = datetime.now(timezone.utc) + timedelta(days=1)  # the client checks real time
    scheduled = await client.send_sms(to=[FR, UK], from_="Shop", text="Hi", scheduled_date=later)
    first = await client.delete_scheduled_sms(scheduled.data[0].msg_id)
    assert (first.info.msg_id, first.info.credit_returned) == (scheduled.data[0].msg_id, 0.065)
    rest = await client.delete_scheduled_sms_campaign(scheduled.info.campaign_id)
    assert (rest.info.phone_numbers_deleted, rest.info.credit_returned) == (1, 0.037)
    # The reports know the one message left, delivered, at its price.
    assert (await client.reports.get_single_report(msg_id)).data.status == "DELIVERED"
    report = await client.reports.get_campaign_report(campaign)
    assert [m.msg_id for m in report.data] == [msg_id]
    assert (report.info.campaign_id, report.info.total_cost) == (campaign, 0.065)
    advanced = await client.reports.get_advanced_report("2026")
    assert (advanced.info.total_phone_numbers, advanced.info.total_parts) == (1, 1)
    assert advanced.info.total_cost == 0.065
    assert [m.msg_id for m in advanced.data] == [msg_id]
    summary = await client.reports.get_summary_reports("source", "2026")
    assert summary.data == {
        "api": SummaryValue(phone_numbers=1, parts=1, cost_parts=0.065, value="api")
    }
    assert (await client.reports.export_advanced_report_to_csv("2026")).startswith("msgId")
    assert msg_id in await client.reports.export_advanced_report_to_csv("2026")
    assert (await client.reports.export_advanced_report_to_xlsx("2026"))[:2] == b"PK"
    assert msg_id in await client.reports.export_campaign_report_to_csv(campaign)
    assert (await client.reports.export_campaign_report_to_xlsx(campaign))[:2] == b"PK"
    # A group filled two ways, a campaign to it, then the group taken apart.
    group = (await client.groups.create_group(name="Tour")).info.id
    assert group == 4  # after the three default groups
    added = await client.groups.add_contacts_to_group(group, phone_numbers=[FR])
    assert (added.info.total_valid, added.info.total_cost) == (1, 0.065)
    await client.groups.add_contacts_to_group_with_fields(
        group, phone_numbers=[{"phone_number": UK}]
    )
    details = await client.groups.get_group_details(group)
    assert [c.phone_number for c in details.data] == [FR, UK]
    contact = details.data[0].id
    updated = await client.groups.update_contact_from_group(group, contact, first_name="A")
    assert updated.info.id == contact
    tour = await client.send_sms_campaign(groups=[group], from_="Shop", text="Hi {{firstName}}")
    assert [m.text for m in tour.data] == ["Hi A", "Hi "]
    assert [c.name async for c in client.reports.get_campaigns_list()] == ["Tour"]
    listed = (await client.groups.get_groups_list()).data
    assert [(g.name, g.total_phone_numbers) for g in listed][-1] == ("Tour", 2)
    assert FR in await client.groups.export_group_to_csv(group)
    assert (await client.groups.export_group_to_xlsx(group))[:2] == b"PK"
    assert (await client.groups.delete_contact_from_group(group, contact)).info.phone_number == FR
    assert (await client.groups.empty_group(group)).info.id == group
    assert (await client.groups.delete_group(group)).info.total_phone_numbers == 0
    # An OTP verified with the PIN its message carried, another cancelled.
    otp = await client.otp.new_otp(phone_number=FR)
    assert (await client.otp.get_otp_status(otp.otp_id)).status == "PENDING"
    pin = emulator.otp.pin_of(otp.otp_id)
    assert (await client.otp.verify_otp(otp.otp_id, pin)).status == "VERIFIED"
    other = await client.otp.new_otp(phone_number=FR)
    assert (await client.otp.cancel_otp(other.otp_id)).info.id == other.otp_id
    # Numbers validated (free) and looked up (charged), one by one and in bulk.
    assert (await client.numbers.validate_number(FR)).data.country_iso == "FR"
    validated = await client.numbers.validate_numbers(phone_numbers=[FR, UK])
    assert validated.info.phone_numbers_by_country == {"FR": 1, "GB": 1}
    looked = await client.numbers.lookup_number(FR)
    single = await client.numbers.get_single_lookup_status(looked.data.lookup_id)
    assert (single.phone_number, single.status, single.cost) == (FR, "ACTIVE", 0.005)
    bulk = await client.numbers.lookup_numbers(phone_numbers=[FR])
    bulk_id = bulk.info.lookup_bulk_id
    results = (await client.numbers.get_bulk_lookup_status(bulk_id)).data
    assert [r.phone_number for r in results] == [FR]
    assert [c.id for c in (await client.numbers.get_bulk_lookup_campaigns()).data] == [bulk_id]
    assert FR in await client.numbers.export_number_lookup_report_to_csv(bulk_id)
    assert (await client.numbers.export_number_lookup_report_to_xlsx(bulk_id))[:2] == b"PK"
    # A contact opted out, listed, exported and let back in.
    await client.optouts.add_contact_to_optouts_list(phone_numbers=[DE])
    optouts = [o async for o in client.optouts.get_optouts_list()]
    assert [o.phone_number for o in optouts] == [DE]
    assert DE in await client.optouts.export_optouts_to_csv()
    assert (await client.optouts.export_optouts_to_xlsx())[:2] == b"PK"
    removed = await client.optouts.delete_contact_from_optouts_list(optouts[0].id)
    assert removed.info.phone_number == DE
    # A sender id submitted, listed beside the default one, and deleted.
    created = await client.originators.create_originator(originator="Tour")
    names = [o.originator for o in (await client.originators.get_originators_list()).data]
    assert names == ["InfoText", "Tour"]
    assert (await client.originators.delete_originator(created.info.id)).info.originator == "Tour"
    # Billed in all: 0.065 (the send), 0.102 (the campaign), 2 x 0.065 (OTPs), 2 x 0.005
    # (lookups); the scheduled messages were refunded.
    assert emulator.balance == pytest.approx(1000 - 0.307)
    # A number rented and texted by a contact, the thread replied to on each channel; the
    # rental renewed and edited, another cancelled within its 30 minutes.
    before = emulator.balance
    offers = (await client.numbers.get_available_numbers("GB")).data
    rented = (await client.numbers.rent_number(number_id=offers[0].number_id, rent_period=1)).info
    other = (await client.numbers.rent_number(number_id=offers[1].number_id, rent_period=7)).info
    assert (await client.numbers.cancel_rent(other.rent_id)).info.credit_returned == 2.5
    emulator.numbers.receive(from_=FR, to=rented.phone_number, text="Hello")
    inbound = (await client.numbers.get_inbound_sms(rented.rent_id)).data
    assert [(s.from_, s.text) for s in inbound] == [(FR, "Hello")]
    assert (await client.numbers.renew_rent(rented.rent_id, rent_period=7)).info.rent_cost == 2.5
    edited = await client.numbers.edit_rent_settings(rented.rent_id, auto_renew=True)
    assert edited.info.auto_renew
    assert (await client.numbers.get_rent_status(rented.rent_id)).info.active_rent
    listed = [r.rent_id for r in (await client.numbers.get_rented_numbers()).data]
    assert listed == [other.rent_id, rented.rent_id]
    thread = (await client.conversations.get_converstions_list()).data[0].conversation_id
    assert [m.text for m in (await client.conversations.get_conversation(thread)).data] == ["Hello"]
    assert (await client.conversations.mark_conversation_as_read(thread)).info.id == thread
    await client.conversations.send_conversation_reply_sms(thread, text="Hi")
    await client.conversations.send_conversation_reply_viber(thread, text="Hi")
    await client.conversations.send_conversation_reply_whatsapp(thread, text="Hi")
    # The rent (0.5) and its renewal (2.5); the replies: 0.065 (SMS), 0.02, 0.03.
    assert emulator.balance == pytest.approx(before - 3.115)
    await _tour_templated_channels(client, emulator)


async def _tour_templated_channels(client: AsyncSmsClient, emulator: Emulator) -> None:
    """Viber, WhatsApp and multichannel: sends from approved templates, estimated, scheduled
    and deleted; a multichannel message whose Viber step expires to SMS."""
    before = emulator.balance
    clock = emulator.clock
    assert isinstance(clock, ManualClock)
    viber = await client.templates.create_template(name="Tour V", text="Hi {{n}}", channel="viber")
    whatsapp = await client.templates.create_template(name="Tour W", text="Hi", channel="whatsapp")
    v, w = viber.info.id, whatsapp.info.id
    emulator.templates.approve(v)
    emulator.templates.approve(w)
    later = datetime.now(timezone.utc) + timedelta(days=1)  # the client checks real time
    sent = await client.viber.send_viber_message(
        to=FR, from_="Shop", template_id=v, custom_fields={"n": "A"}
    )
    assert (sent.data[0].text, sent.info.total_cost) == ("Hi A", 0.025)
    assert (await client.viber.estimate_viber_message(to=FR, from_="Shop", template_id=v)).data
    estimate = await client.viber.estimate_viber_campaign(groups=1, from_="Shop", template_id=v)
    campaign = await client.viber.send_viber_campaign(
        groups=1, from_="Shop", template_id=v, scheduled_date=later
    )
    assert len(campaign.data) == len(estimate.data)
    one = await client.viber.send_viber_message(
        to=FR, from_="Shop", template_id=v, scheduled_date=later
    )
    await client.viber.delete_scheduled_viber_message(one.data[0].msg_id)
    await client.viber.delete_scheduled_viber_campaign(campaign.info.campaign_id)
    assert (await client.whatsapp.send_whatsapp_message(to=FR, from_="Shop", template_id=w)).data
    assert (
        await client.whatsapp.estimate_whatsapp_message(to=FR, from_="Shop", template_id=w)
    ).data
    planned = await client.whatsapp.send_whatsapp_message(
        to=FR, from_="Shop", template_id=w, scheduled_date=later
    )
    await client.whatsapp.delete_scheduled_whatsapp_message(planned.data[0].msg_id)
    strategy = [Strategy(channel="viber", template_id=v), Strategy(channel="sms", text="Hi")]
    emulator.multichannel.undelivered_channels.add("viber")
    multi = await client.multichannel.send_multichannel_message(
        to=FR, from_="Shop", strategy=strategy
    )
    scheduled = await client.multichannel.send_multichannel_message(
        to=FR, from_="Shop", strategy=strategy, scheduled_date=later
    )
    await client.multichannel.delete_scheduled_multichannel_message(scheduled.data[0].msg_id)
    group = await client.multichannel.send_multichannel_campaign(
        groups=1, from_="Shop", strategy=strategy, scheduled_date=later
    )
    await client.multichannel.delete_scheduled_multichannel_campaign(group.info.campaign_id)
    clock.advance(300)  # the ttl: the Viber step expires, the SMS one goes out
    await client.multichannel.estimate_multichannel_message(to=FR, from_="Shop", strategy=strategy)
    await client.multichannel.estimate_multichannel_campaign(
        groups=1, from_="Shop", strategy=strategy
    )
    assert emulator.multichannel.channels_of(multi.data[0].msg_id) == ("viber", "sms")
    # Viber 0.025 and WhatsApp 0.045, then the multichannel Viber step 0.025 and its SMS
    # fallback 0.065; everything scheduled was refunded.
    assert emulator.balance == pytest.approx(before - 0.16)
    await _links_templates_and_applications(client, emulator)


async def _links_templates_and_applications(client: AsyncSmsClient, emulator: Emulator) -> None:
    """The tour's last leg: templates, short links, attachments, applications."""
    created = await client.templates.create_template(name="Tour", text="Hi {{name}}")
    assert created.info.id in [t.id for t in (await client.templates.get_templates_list()).data]
    assert (await client.templates.get_template(created.info.id)).data.name == "Tour"
    await client.templates.update_template(created.info.id, text="Hello {{name}}")
    assert (await client.templates.get_template(created.info.id)).data.text == "Hello {{name}}"
    await client.templates.delete_template(created.info.id)
    link = await client.shortlinks.create_shortlink(url="https://example.com/sale", name="Sale")
    assert [s.id for s in (await client.shortlinks.get_shortlinks_list()).data] == [link.info.id]
    await client.send_sms(to=[FR], from_="Shop", text="Sale: {{shortlink:" + link.info.id + "}}")
    emulator.shortlinks.click(link.info.id, FR)
    hits = await client.shortlinks.get_shortlink_hits(link.info.id)
    assert [h.phone_number for h in hits.data] == [FR]
    assert FR.lstrip("+") in await client.shortlinks.export_shortlink_hits_to_csv(link.info.id)
    assert (await client.shortlinks.export_shortlink_hits_to_xlsx(link.info.id))[:2] == b"PK"
    await client.shortlinks.update_shortlink(link.info.id, name="Sale 2")
    await client.shortlinks.delete_shortlink(link.info.id)
    file = emulator.attachments.add("menu.pdf")
    assert [a.id for a in (await client.attachments.get_attachments_list()).data] == [file.id]
    await client.send_sms(to=[FR], from_="Shop", text="Menu: {{attachement:" + file.id + "}}")
    emulator.attachments.click(file.id, FR)
    assert len((await client.attachments.get_attachment_hits(file.id)).data) == 1
    assert await client.attachments.export_attachment_hits_to_csv(file.id)
    assert (await client.attachments.export_attachment_hits_to_xlsx(file.id))[:2] == b"PK"
    await client.attachments.delete_attachment(file.id)
    applications = await client.applications.get_applications_list()
    assert [a.application_id for a in applications.data] == [emulator.client_id]
    settings = await client.applications.get_application_settings(emulator.client_id)
    assert settings.application_id == emulator.client_id
    assert "sms" in (await client.applications.get_scopes()).scopes


class _Recorder(httpx.AsyncBaseTransport):
    """The emulator's in-process transport, keeping every answer: (method, path, status,
    body)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner
        self.answers: list[tuple[str, str, int, bytes]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        body = await response.aread()
        self.answers.append((request.method, request.url.path, response.status_code, body))
        stream = httpx.ByteStream(body)  # unread: downloads stream it
        return httpx.Response(
            response.status_code, headers=response.headers, stream=stream, request=request
        )


def _route_of(method: str, path: str) -> Route[Any]:
    for routes in routes_by_namespace().values():
        for route in routes:
            pattern = re.sub(r"\{[^}]+\}", "[^/]+", route.path)
            if route.method == method and re.fullmatch(pattern, path):
                return route
    raise AssertionError(f"no route for {method} {path}")
