"""``client.viber`` (the vendor's ViberApi): template sends and campaigns, billed at Viber
prices in the shared ledger, scheduled and deleted, idempotent, on every stack and both
faces."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import anyio
import pytest

from smscx import (
    AccessDeniedError,
    InvalidRequestError,
    NotFoundError,
    RetryPolicy,
    SmsClient,
)
from smscx.models import SendViberMessageRequest
from smscx.testing import Emulator
from tests.served import client_on, served, served_sync
from tests.stacks import Transport, anyio_backend, stack, transport

__all__ = ["anyio_backend", "served", "served_sync", "stack", "transport"]  # fixtures

pytestmark = [pytest.mark.anyio, pytest.mark.integration]

FR = "+33612345678"
FAST = RetryPolicy(max_retries=2, wait=False)
VIBER_PRICE = 0.025  # DEFAULT_VIBER_PRICES["*"]


def approved_template(emulator: Emulator, text: str, channel: str = "viber") -> int:
    """A template the emulator's reviewer approved, as a send needs it."""
    emulator.templates.create({"name": f"{channel} {text[:20]}", "text": text, "channel": channel})
    newest = max(emulator.templates.by_id)
    emulator.templates.approve(newest)
    return newest


def later() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=2)


async def test_a_send_fills_the_template_and_bills_the_viber_price_once(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    template_id = approved_template(emulator, "Hi {{name}}, your code is {{code}}")
    async with client_on(served, transport) as client:
        result = await client.viber.send_viber_message(
            to=[FR, "+447400123456"],
            from_="Shop",
            template_id=template_id,
            custom_fields={"name": "Ana", "code": "A1"},
        )
    assert [(d.to, d.text, d.parts, d.cost) for d in result.data] == [
        (FR, "Hi Ana, your code is A1", 1, VIBER_PRICE),
        ("+447400123456", "Hi Ana, your code is A1", 1, VIBER_PRICE),
    ]
    assert (result.info.total_cost, result.info.total_parts) == (2 * VIBER_PRICE, 2)
    assert result.meta.idempotency_confirmed
    assert emulator.balance == pytest.approx(1000 - 2 * VIBER_PRICE)
    assert len(emulator.ledger.sends(result.idempotency_id)) == 1
    assert emulator.templates.by_id[template_id].locked


async def test_the_estimate_answers_the_same_and_bills_nothing(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    template_id = approved_template(emulator, "Sale today")
    async with client_on(served, transport) as client:
        estimate = await client.viber.estimate_viber_message(
            to=FR, from_="Shop", template_id=template_id
        )
        campaign = await client.viber.estimate_viber_campaign(
            groups=1, from_="Shop", template_id=template_id
        )
    assert estimate.info.total_cost == VIBER_PRICE
    assert campaign.info.total_cost == pytest.approx(len(emulator.groups[1].contacts) * VIBER_PRICE)
    assert estimate.idempotency_id is None
    assert emulator.balance == 1000
    assert emulator.ledger.charges == ()


async def test_a_campaign_fills_each_contacts_fields_and_lists_its_groups(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    template_id = approved_template(emulator, "Hello {{firstName}}")
    group = emulator.groups[1]
    async with client_on(served, transport) as client:
        result = await client.viber.send_viber_campaign(
            groups=[1], from_="Shop", template_id=template_id
        )
    assert [d.text for d in result.data] == [f"Hello {c.first_name}" for c in group.contacts]
    assert [(g.id, g.phone_numbers) for g in result.info.groups] == [(1, len(group.contacts))]
    assert emulator.balance == pytest.approx(1000 - len(group.contacts) * VIBER_PRICE)


async def test_a_scheduled_message_and_campaign_are_deleted_and_refunded(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    template_id = approved_template(emulator, "Tomorrow's sale")
    async with client_on(served, transport) as client:
        one = await client.viber.send_viber_message(
            to=FR, from_="Shop", template_id=template_id, scheduled_date=later()
        )
        many = await client.viber.send_viber_campaign(
            groups=1, from_="Shop", template_id=template_id, scheduled_date=later()
        )
        deleted = await client.viber.delete_scheduled_viber_message(one.data[0].msg_id)
        cancelled = await client.viber.delete_scheduled_viber_campaign(many.info.campaign_id)
        with pytest.raises(NotFoundError):
            await client.viber.delete_scheduled_viber_message(one.data[0].msg_id)
    assert one.data[0].status == "SCHEDULED"
    assert (deleted.info.credit_returned, deleted.info.channel) == (VIBER_PRICE, "viber")
    assert cancelled.info.phone_numbers_deleted == len(many.data)
    assert cancelled.info.channel == "viber"
    assert emulator.balance == pytest.approx(1000)


async def test_a_message_sent_now_cannot_be_deleted_and_an_sms_is_not_a_viber_message(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    template_id = approved_template(emulator, "Now")
    async with client_on(served, transport) as client:
        sent = await client.viber.send_viber_message(to=FR, from_="Shop", template_id=template_id)
        sms = await client.send_sms(to=FR, from_="Shop", text="Hi", scheduled_date=later())
        with pytest.raises(AccessDeniedError) as sent_already:
            await client.viber.delete_scheduled_viber_message(sent.data[0].msg_id)
        with pytest.raises(NotFoundError) as not_viber:
            await client.viber.delete_scheduled_viber_message(sms.data[0].msg_id)
    assert (sent_already.value.code, not_viber.value.code) == (1118, 1100)


async def test_a_template_not_approved_or_of_another_channel_is_refused_and_bills_nothing(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    emulator.templates.create({"name": "Pending", "text": "Hi", "channel": "viber"})
    pending = max(emulator.templates.by_id)
    whatsapp = approved_template(emulator, "Hi there", channel="whatsapp")
    async with client_on(served, transport) as client:
        with pytest.raises(AccessDeniedError) as not_approved:
            await client.viber.send_viber_message(to=FR, from_="Shop", template_id=pending)
        with pytest.raises(InvalidRequestError) as other_channel:
            await client.viber.send_viber_message(to=FR, from_="Shop", template_id=whatsapp)
        with pytest.raises(InvalidRequestError) as unknown:
            await client.viber.send_viber_campaign(groups=1, from_="Shop", template_id=999)
    assert (not_approved.value.code, other_channel.value.code, unknown.value.code) == (
        1132,
        1128,
        1128,
    )
    assert emulator.ledger.charges == ()


async def test_a_send_whose_answer_was_lost_is_retried_and_billed_once(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    template_id = approved_template(emulator, "Once")
    emulator.faults.add("close_after_commit", route="POST /viber", times=1)
    emulator.faults.add("close_after_commit", route="POST /viber/campaign", times=1)
    async with client_on(served, transport, retry_policy=FAST) as client:
        one = await client.viber.send_viber_message(to=FR, from_="Shop", template_id=template_id)
        many = await client.viber.send_viber_campaign(
            groups=1, from_="Shop", template_id=template_id
        )
    assert (one.attempts, many.attempts) == (2, 2)
    assert len(emulator.ledger.sends(one.idempotency_id)) == 1
    assert len(emulator.ledger.sends(many.idempotency_id)) == 1
    assert len(emulator.ledger.sends()) == 2
    assert emulator.balance == pytest.approx(1000 - (1 + len(many.data)) * VIBER_PRICE)


async def test_a_send_with_a_callback_url_gets_its_delivery_report(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    emulator.dlr_delay = 0
    template_id = approved_template(emulator, "Tracked")
    async with client_on(served, transport) as client:
        sent = await client.viber.send_viber_message(
            to=FR,
            from_="Shop",
            template_id=template_id,
            dlr_callback_url="https://example.com/dlr",  # recorded, never called
        )
    with anyio.fail_after(10):
        (report,) = await emulator.wait_for_reports(1)
    assert (report.msg_id, report.status, report.called) == (
        sent.data[0].msg_id,
        "DELIVERED",
        False,
    )


def test_the_blocking_face_and_the_vendors_client(served_sync: tuple[Emulator, str]) -> None:
    emulator, url = served_sync
    template_id = approved_template(emulator, "Hi {{name}}")
    with SmsClient(api_key=emulator.api_key, base_url=url) as client:
        sent = client.viber.send_viber_message(
            SendViberMessageRequest(
                to=[FR], from_="Shop", template_id=template_id, custom_fields={"name": "Bo"}
            )
        )
        assert sent.data[0].text == "Hi Bo"
    smscx_client = pytest.importorskip("smscx_client")
    from smscx_client.api import viber_api
    from smscx_client.model.send_viber_campaign_request import SendViberCampaignRequest
    from smscx_client.model.send_viber_message_request import (
        SendViberMessageRequest as VendorRequest,
    )
    from smscx_client.model.send_viber_message_request_estimate import (
        SendViberMessageRequestEstimate as VendorEstimate,
    )

    configuration = smscx_client.Configuration(host=url, api_key=emulator.api_key)
    api = viber_api.ViberApi(smscx_client.ApiClient(configuration))
    vendor = api.send_viber_message(
        VendorRequest(
            to=[FR], _from="Shop", template_id=template_id, scheduled_date=later(), is_utc=True
        )
    )
    assert vendor.data[0].status == "SCHEDULED"
    assert (
        api.estimate_viber_message(
            VendorEstimate(to=[FR], _from="Shop", template_id=template_id)
        ).info.total_cost
        == VIBER_PRICE
    )
    campaign = api.send_viber_campaign(
        SendViberCampaignRequest(
            groups=[1], _from="Shop", template_id=template_id, scheduled_date=later()
        )
    )
    assert campaign.info.groups[0].id == 1
    deleted = api.delete_scheduled_viber_message(vendor.data[0].msg_id)
    assert deleted.info.channel == "viber"
    assert api.delete_scheduled_viber_campaign(campaign.info.campaign_id).info.channel == "viber"
    # The vendor's request model is accepted as it is.
    with SmsClient(api_key=emulator.api_key, base_url=url) as client:
        again = client.viber.estimate_viber_message(
            VendorEstimate(to=[FR], _from="Shop", template_id=template_id)
        )
    assert again.info.total_cost == VIBER_PRICE
