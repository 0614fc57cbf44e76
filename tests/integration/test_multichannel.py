"""``client.multichannel`` (the vendor's MultichannelApi): a strategy of channels, each step
given ``ttl`` seconds on the emulator's clock before the next, each billed when it goes out;
on every stack and both faces."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from smscx import (
    ErrorCode,
    InsufficientCreditError,
    RetryPolicy,
    SmsClient,
    ValidationError,
)
from smscx.models import SendMultichannelMessageRequest, Strategy
from smscx.testing import Emulator, ManualClock
from tests.served import client_on, served, served_sync
from tests.stacks import Transport, anyio_backend, stack, transport

__all__ = ["anyio_backend", "served", "served_sync", "stack", "transport"]  # fixtures

pytestmark = [pytest.mark.anyio, pytest.mark.integration]

FR = "+33612345678"
VIBER_PRICE = 0.025  # DEFAULT_VIBER_PRICES["*"]
WHATSAPP_PRICE = 0.045  # DEFAULT_WHATSAPP_PRICES["*"]
SMS_FR = 0.065  # DEFAULT_PRICES["FR"], per part
START = datetime(2027, 3, 1, 9, 0, tzinfo=timezone.utc)

Clocked = tuple[Emulator, str, ManualClock]


@pytest.fixture
async def clocked() -> AsyncIterator[Clocked]:
    clock = ManualClock(START.timestamp())
    emulator = Emulator(clock=clock, seed=3, dlr_delay=0)
    async with emulator.serve() as url:
        yield emulator, url, clock


def approved_template(emulator: Emulator, text: str, channel: str = "viber") -> int:
    """A template the emulator's reviewer approved, as a send needs it."""
    emulator.templates.create({"name": f"{channel} {text[:20]}", "text": text, "channel": channel})
    newest = max(emulator.templates.by_id)
    emulator.templates.approve(newest)
    return newest


def viber_then_sms(template_id: int, text: str = "Your code is A1") -> list[Strategy]:
    return [Strategy(channel="viber", template_id=template_id), Strategy(channel="sms", text=text)]


async def test_a_template_approved_sent_by_viber_then_a_multichannel_viber_step_expires_to_sms(
    clocked: Clocked, transport: Transport
) -> None:
    emulator, url, clock = clocked
    emulator.multichannel.undelivered_channels.add("viber")  # nobody has Viber installed
    async with client_on((emulator, url), transport) as client:
        created = await client.templates.create_template(
            name="Code", text="Your code is {{code}}", channel="viber"
        )
        emulator.templates.approve(created.info.id)
        viber = await client.viber.send_viber_message(
            to=FR, from_="Shop", template_id=created.info.id, custom_fields={"code": "A1"}
        )
        sent = await client.multichannel.send_multichannel_message(
            to=FR,
            from_="Shop",
            strategy=viber_then_sms(created.info.id),
            ttl=600,
            dlr_callback_url="https://example.com/dlr",
        )
        msg_id = sent.data[0].msg_id
        after_send = emulator.balance
        clock.advance(599)
        await client.multichannel.estimate_multichannel_message(
            to=FR, from_="Shop", strategy=viber_then_sms(created.info.id)
        )  # any multichannel request looks at the clock
        before_ttl = emulator.multichannel.channels_of(msg_id)
        clock.advance(1)
        await client.multichannel.estimate_multichannel_message(
            to=FR, from_="Shop", strategy=viber_then_sms(created.info.id)
        )
    assert viber.data[0].text == "Your code is A1"
    assert (sent.data[0].channel, sent.data[0].cost, sent.info.total_cost) == (
        "viber",
        VIBER_PRICE,
        VIBER_PRICE,
    )
    assert after_send == pytest.approx(1000 - 2 * VIBER_PRICE)
    assert before_ttl == ("viber",)
    assert emulator.multichannel.channels_of(msg_id) == ("viber", "sms")
    # The SMS step is billed when it goes out, as a charge of its own; the send's
    # idempotency id keeps its one charge.
    assert emulator.balance == pytest.approx(1000 - 2 * VIBER_PRICE - SMS_FR)
    assert [c.amount for c in emulator.ledger.sends(sent.idempotency_id)] == [VIBER_PRICE]
    failover = emulator.ledger.sends()[-1]
    assert (failover.amount, failover.idempotency_id, failover.campaign_id) == (
        SMS_FR,
        None,
        sent.info.campaign_id,
    )
    viber_step, sms_step = emulator.multichannel.step_messages(msg_id)
    assert (viber_step.report, sms_step.text) == (("EXPIRED", None), "Your code is A1")
    assert sms_step.created_at == START + timedelta(seconds=600)
    reports = await emulator.drain_reports()
    assert sorted((r.msg_id, r.status) for r in reports) == sorted(
        [(msg_id, "EXPIRED"), (sms_step.msg_id, "DELIVERED")]
    )


async def test_a_delivered_first_step_never_falls_back(
    clocked: Clocked, transport: Transport
) -> None:
    emulator, url, clock = clocked
    template_id = approved_template(emulator, "Hello")
    async with client_on((emulator, url), transport) as client:
        sent = await client.multichannel.send_multichannel_message(
            to=FR, from_="Shop", strategy=viber_then_sms(template_id)
        )
        clock.advance(3600)
    assert emulator.multichannel.settle() == 0
    assert emulator.multichannel.channels_of(sent.data[0].msg_id) == ("viber",)
    assert emulator.balance == pytest.approx(1000 - VIBER_PRICE)


async def test_each_undelivered_step_falls_to_the_next_after_its_own_ttl(
    clocked: Clocked, transport: Transport
) -> None:
    emulator, url, clock = clocked
    emulator.multichannel.undelivered_channels.update({"viber", "whatsapp"})
    viber = approved_template(emulator, "Hi")
    whatsapp = approved_template(emulator, "Hi", channel="whatsapp")
    strategy = [
        Strategy(channel="viber", template_id=viber),
        Strategy(channel="whatsapp", template_id=whatsapp),
        Strategy(channel="sms", text="Hi"),
    ]
    async with client_on((emulator, url), transport) as client:
        sent = await client.multichannel.send_multichannel_message(
            to=FR, from_="Shop", strategy=strategy, ttl=300
        )
    msg_id = sent.data[0].msg_id
    clock.advance(300)
    assert emulator.multichannel.settle() == 1
    assert emulator.multichannel.channels_of(msg_id) == ("viber", "whatsapp")
    clock.advance(900)  # the WhatsApp step went out at 300 s: its ttl is over too
    assert emulator.multichannel.settle() == 1
    assert emulator.multichannel.channels_of(msg_id) == ("viber", "whatsapp", "sms")
    assert emulator.balance == pytest.approx(1000 - VIBER_PRICE - WHATSAPP_PRICE - SMS_FR)


async def test_the_emulator_refuses_a_strategy_with_the_vendors_codes_and_bills_nothing(
    clocked: Clocked, transport: Transport
) -> None:
    # Raw JSON, as another client would send it: the SDK refuses these before sending.
    emulator, url, _ = clocked
    viber = approved_template(emulator, "Hi")
    emulator.multichannel.inactive_channels.add("whatsapp")
    whatsapp = approved_template(emulator, "Hi", channel="whatsapp")
    sms = {"channel": "sms", "text": "Hi"}
    first = {"channel": "viber", "templateId": viber}
    cases: list[tuple[dict[str, object], int]] = [
        ({"strategy": []}, 1120),
        ({"strategy": [sms]}, 1121),
        ({"strategy": [sms, first]}, 1122),
        ({"strategy": [first, first, sms]}, 1129),
        ({"strategy": [{"channel": "rcs"}, sms]}, 1123),
        ({"strategy": [{"channel": "viber"}, sms]}, 1126),
        ({"strategy": [{"channel": "viber", "templateId": "x"}, sms]}, 1127),
        ({"strategy": [{"channel": "viber", "templateId": 999}, sms]}, 1128),
        ({"strategy": [first, {"channel": "sms"}]}, 1107),
        ({"strategy": [first, sms], "ttl": "soon"}, 1124),
        ({"strategy": [first, sms], "ttl": 299}, 1125),
        ({"strategy": [first, sms], "ttl": 1_209_601}, 1134),
        ({"strategy": [first, sms], "from": "LongerThan11"}, 1106),
        ({"strategy": [{"channel": "whatsapp", "templateId": whatsapp}, sms]}, 1131),
    ]
    answers = []
    async with httpx.AsyncClient(base_url=url, headers={"X-API-KEY": emulator.api_key}) as http:
        for fields, _ in cases:
            body = {"to": [FR], "from": "Shop", **fields}
            answer = await http.post("/multichannel", json=body)
            answers.append((answer.status_code, answer.json()["error"]["code"]))
    assert [code for _, code in answers] == [code for _, code in cases]
    assert {status for status, _ in answers} == {400, 403}
    assert emulator.ledger.charges == ()


async def test_the_client_refuses_a_strategy_before_sending_it(
    clocked: Clocked, transport: Transport
) -> None:
    emulator, url, _ = clocked
    sms = Strategy(channel="sms", text="Hi")
    viber = Strategy(channel="viber", template_id=1)
    cases: list[tuple[dict[str, object], ErrorCode]] = [
        ({"strategy": []}, ErrorCode.STRATEGY_MISSING),
        ({"strategy": [sms]}, ErrorCode.STRATEGY_TOO_SHORT),
        ({"strategy": [sms, viber]}, ErrorCode.STRATEGY_SMS_NOT_LAST),
        ({"strategy": [viber, viber, sms]}, ErrorCode.STRATEGY_DUPLICATE_CHANNELS),
        ({"strategy": [Strategy(channel="rcs"), sms]}, ErrorCode.STRATEGY_CHANNEL_INVALID),
        ({"strategy": [Strategy(channel="viber"), sms]}, ErrorCode.TEMPLATE_ID_MISSING),
        ({"strategy": [viber, Strategy(channel="sms")]}, ErrorCode.TEXT_MISSING),
        ({"strategy": [viber, sms], "ttl": 299}, ErrorCode.TTL_TOO_SHORT),
        ({"strategy": [viber, sms], "ttl": 1_209_601}, ErrorCode.TTL_TOO_LONG),
        ({"strategy": [viber, sms], "from_": "LongerThan11"}, ErrorCode.FROM_INVALID),
    ]
    codes = []
    async with client_on((emulator, url), transport) as client:
        for fields, _ in cases:
            keywords: dict[str, Any] = {"to": FR, "from_": "Shop", **fields}
            with pytest.raises(ValidationError) as refused:
                await client.multichannel.send_multichannel_message(**keywords)
            codes.append(refused.value.code)
        with pytest.raises(ValidationError) as template:
            await client.viber.send_viber_message(to=FR, from_="Shop", template_id=0)
    assert codes == [code for _, code in cases]
    assert template.value.code == ErrorCode.TEMPLATE_ID_INVALID
    assert emulator.request_counts == {}


async def test_a_balance_that_covers_the_first_step_but_not_the_failover_is_1130(
    clocked: Clocked, transport: Transport
) -> None:
    emulator, url, _ = clocked
    template_id = approved_template(emulator, "Hi")
    emulator.account.balance_micros = 50_000  # 0.05: Viber (0.025) but not Viber + SMS
    async with client_on((emulator, url), transport) as client:
        with pytest.raises(InsufficientCreditError) as failover:
            await client.multichannel.send_multichannel_message(
                to=FR, from_="Shop", strategy=viber_then_sms(template_id)
            )
        viber = await client.viber.send_viber_message(to=FR, from_="Shop", template_id=template_id)
    assert failover.value.code == 1130
    assert emulator.ledger.sends() == emulator.ledger.sends(viber.idempotency_id)


async def test_a_campaign_its_estimate_and_the_scheduled_deletes(
    clocked: Clocked, transport: Transport
) -> None:
    emulator, url, clock = clocked
    emulator.multichannel.undelivered_channels.add("viber")
    template_id = approved_template(emulator, "Hi {{firstName}}")
    group = emulator.groups[1]
    tomorrow = START + timedelta(days=1)
    strategy = viber_then_sms(template_id, text="Hi {{firstName}}, by SMS")
    async with client_on((emulator, url), transport) as client:
        estimate = await client.multichannel.estimate_multichannel_campaign(
            groups=1, from_="Shop", strategy=strategy
        )
        campaign = await client.multichannel.send_multichannel_campaign(
            groups=1, from_="Shop", strategy=strategy, scheduled_date=tomorrow
        )
        one = await client.multichannel.send_multichannel_message(
            to=FR, from_="Shop", strategy=strategy, scheduled_date=tomorrow
        )
        deleted = await client.multichannel.delete_scheduled_multichannel_message(
            one.data[0].msg_id
        )
        cancelled = await client.multichannel.delete_scheduled_multichannel_campaign(
            campaign.info.campaign_id
        )
    clock.advance(2 * 86_400)  # a deleted message has no step left to fall to
    assert emulator.multichannel.settle() == 0
    assert [d.text for d in campaign.data] == [f"Hi {c.first_name}" for c in group.contacts]
    assert estimate.info.total_cost == pytest.approx(len(group.contacts) * VIBER_PRICE)
    assert (deleted.info.channel, deleted.info.credit_returned) == ("multichannel", VIBER_PRICE)
    assert cancelled.info.phone_numbers_deleted == len(group.contacts)
    assert emulator.balance == pytest.approx(1000)


async def test_a_send_whose_answer_was_lost_is_retried_and_billed_once(
    clocked: Clocked, transport: Transport
) -> None:
    emulator, url, _ = clocked
    template_id = approved_template(emulator, "Once")
    emulator.faults.add("close_after_commit", route="POST /multichannel", times=1)
    emulator.faults.add("close_after_commit", route="POST /multichannel/campaign", times=1)
    policy = RetryPolicy(max_retries=2, wait=False)
    async with client_on((emulator, url), transport, retry_policy=policy) as client:
        one = await client.multichannel.send_multichannel_message(
            to=FR, from_="Shop", strategy=viber_then_sms(template_id)
        )
        many = await client.multichannel.send_multichannel_campaign(
            groups=1, from_="Shop", strategy=viber_then_sms(template_id)
        )
    assert (one.attempts, many.attempts) == (2, 2)
    assert len(emulator.ledger.sends()) == 2
    assert emulator.balance == pytest.approx(1000 - (1 + len(many.data)) * VIBER_PRICE)


def test_the_blocking_face_and_the_vendors_client(served_sync: tuple[Emulator, str]) -> None:
    emulator, url = served_sync
    template_id = approved_template(emulator, "Hi")
    with SmsClient(api_key=emulator.api_key, base_url=url) as client:
        sent = client.multichannel.send_multichannel_message(
            SendMultichannelMessageRequest(
                to=FR, from_="Shop", strategy=viber_then_sms(template_id), ttl=900
            )
        )
    assert sent.data[0].channel == "viber"
    smscx_client = pytest.importorskip("smscx_client")
    from smscx_client.api import multichannel_api
    from smscx_client.model.send_multichannel_campaign_request import (
        SendMultichannelCampaignRequest as VendorCampaign,
    )
    from smscx_client.model.send_multichannel_message_request import (
        SendMultichannelMessageRequest as VendorRequest,
    )
    from smscx_client.model.strategy import Strategy as VendorStrategy

    configuration = smscx_client.Configuration(host=url, api_key=emulator.api_key)
    api = multichannel_api.MultichannelApi(smscx_client.ApiClient(configuration))
    steps = [
        VendorStrategy(channel="viber", template_id=template_id),
        VendorStrategy(channel="sms", text="Hi by SMS"),
    ]
    later = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=2)
    vendor = api.send_multichannel_message(
        VendorRequest(to=[FR], _from="Shop", strategy=steps, ttl=300, scheduled_date=later)
    )
    assert (vendor.data[0].channel, vendor.data[0].status) == ("viber", "SCHEDULED")
    campaign = api.send_multichannel_campaign(
        VendorCampaign(groups=[1], _from="Shop", strategy=steps, scheduled_date=later)
    )
    assert campaign.info.groups[0].id == 1
    assert api.delete_scheduled_multichannel_message(vendor.data[0].msg_id).info.credit_returned
    deleted = api.delete_scheduled_multichannel_campaign(campaign.info.campaign_id)
    assert deleted.info.channel == "multichannel"
