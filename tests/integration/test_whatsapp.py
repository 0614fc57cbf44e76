"""``client.whatsapp`` (the vendor's WhatsappApi): single template sends, billed at WhatsApp
prices in the shared ledger, scheduled and deleted, idempotent, on every stack and both
faces."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from smscx import AccessDeniedError, InvalidRequestError, NotFoundError, RetryPolicy, SmsClient
from smscx.models import SendWhatsappMessageRequest
from smscx.testing import Emulator
from tests.served import client_on, served, served_sync
from tests.stacks import Transport, anyio_backend, stack, transport

__all__ = ["anyio_backend", "served", "served_sync", "stack", "transport"]  # fixtures

pytestmark = [pytest.mark.anyio, pytest.mark.integration]

FR = "+33612345678"
WHATSAPP_PRICE = 0.045  # DEFAULT_WHATSAPP_PRICES["*"]


def approved_template(emulator: Emulator, text: str, channel: str = "whatsapp") -> int:
    """A template the emulator's reviewer approved, as a send needs it."""
    emulator.templates.create({"name": f"{channel} {text[:20]}", "text": text, "channel": channel})
    newest = max(emulator.templates.by_id)
    emulator.templates.approve(newest)
    return newest


def later() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=2)


async def test_a_send_fills_the_template_and_bills_the_whatsapp_price(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    template_id = approved_template(emulator, "Your order {{order}} has shipped")
    async with client_on(served, transport) as client:
        result = await client.whatsapp.send_whatsapp_message(
            to=FR, from_="Shop", template_id=template_id, custom_fields={"order": "441"}
        )
        estimate = await client.whatsapp.estimate_whatsapp_message(
            to=FR, from_="Shop", template_id=template_id
        )
    (message,) = result.data
    assert (message.text, message.parts, message.cost) == (
        "Your order 441 has shipped",
        1,
        WHATSAPP_PRICE,
    )
    assert estimate.info.total_cost == WHATSAPP_PRICE
    assert emulator.balance == pytest.approx(1000 - WHATSAPP_PRICE)
    assert len(emulator.ledger.sends()) == 1


async def test_a_scheduled_message_is_deleted_and_refunded_and_a_viber_one_is_not_found(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    whatsapp = approved_template(emulator, "Reminder")
    viber = approved_template(emulator, "Reminder", channel="viber")
    async with client_on(served, transport) as client:
        sent = await client.whatsapp.send_whatsapp_message(
            to=FR, from_="Shop", template_id=whatsapp, scheduled_date=later()
        )
        on_viber = await client.viber.send_viber_message(
            to=FR, from_="Shop", template_id=viber, scheduled_date=later()
        )
        deleted = await client.whatsapp.delete_scheduled_whatsapp_message(sent.data[0].msg_id)
        with pytest.raises(NotFoundError) as not_whatsapp:
            await client.whatsapp.delete_scheduled_whatsapp_message(on_viber.data[0].msg_id)
    assert (deleted.info.channel, deleted.info.credit_returned) == ("whatsapp", WHATSAPP_PRICE)
    assert not_whatsapp.value.code == 1100
    assert emulator.balance == pytest.approx(1000 - 0.025)  # the Viber message only


async def test_a_viber_template_or_a_rejected_one_is_refused(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    viber = approved_template(emulator, "Hi", channel="viber")
    rejected = approved_template(emulator, "Hello")
    emulator.templates.reject(rejected)
    async with client_on(served, transport) as client:
        with pytest.raises(InvalidRequestError) as wrong_channel:
            await client.whatsapp.send_whatsapp_message(to=FR, from_="Shop", template_id=viber)
        with pytest.raises(AccessDeniedError) as not_approved:
            await client.whatsapp.estimate_whatsapp_message(
                to=FR, from_="Shop", template_id=rejected
            )
    assert (wrong_channel.value.code, not_approved.value.code) == (1128, 1132)
    assert emulator.ledger.charges == ()


async def test_a_send_whose_answer_was_lost_is_retried_and_billed_once(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    template_id = approved_template(emulator, "Once")
    emulator.faults.add("close_after_commit", route="POST /whatsapp", times=1)
    policy = RetryPolicy(max_retries=2, wait=False)
    async with client_on(served, transport, retry_policy=policy) as client:
        result = await client.whatsapp.send_whatsapp_message(
            to=FR, from_="Shop", template_id=template_id
        )
    assert result.attempts == 2
    assert len(emulator.ledger.sends()) == 1
    assert emulator.balance == pytest.approx(1000 - WHATSAPP_PRICE)


def test_the_blocking_face_and_the_vendors_client(served_sync: tuple[Emulator, str]) -> None:
    emulator, url = served_sync
    template_id = approved_template(emulator, "Hi {{name}}")
    with SmsClient(api_key=emulator.api_key, base_url=url) as client:
        sent = client.whatsapp.send_whatsapp_message(
            SendWhatsappMessageRequest(
                to=FR, from_="Shop", template_id=template_id, custom_fields={"name": "Bo"}
            )
        )
    assert sent.data[0].text == "Hi Bo"
    smscx_client = pytest.importorskip("smscx_client")
    from smscx_client.api import whatsapp_api
    from smscx_client.model.send_whatsapp_message_request import (
        SendWhatsappMessageRequest as VendorRequest,
    )
    from smscx_client.model.send_whatsapp_message_request_estimate import (
        SendWhatsappMessageRequestEstimate as VendorEstimate,
    )

    configuration = smscx_client.Configuration(host=url, api_key=emulator.api_key)
    api = whatsapp_api.WhatsappApi(smscx_client.ApiClient(configuration))
    vendor = api.send_whatsapp_message(
        VendorRequest(to=[FR], _from="Shop", template_id=template_id, scheduled_date=later())
    )
    assert vendor.data[0].status == "SCHEDULED"
    estimate = api.estimate_whatsapp_message(
        VendorEstimate(to=[FR], _from="Shop", template_id=template_id)
    )
    assert estimate.info.total_cost == WHATSAPP_PRICE
    deleted = api.delete_scheduled_whatsapp_message(vendor.data[0].msg_id)
    assert deleted.info.channel == "whatsapp"
