"""The spend cap (``max_cost=``, issue 26): a send estimated past it sends nothing; a batch
stops at it, says why, and a journaled batch resumed with a higher cap sends only the rest.
On every stack and the blocking face; requests counted at the emulator."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from smscx import (
    InvalidPhoneNumberError,
    SmsClient,
    SpendLimitError,
    ValidationError,
)
from smscx.bulk import Message
from smscx.models import Strategy
from smscx.testing import Emulator
from tests.served import client_on, served, served_sync
from tests.stacks import Transport, anyio_backend, stack, transport

__all__ = ["anyio_backend", "served", "served_sync", "stack", "transport"]  # fixtures

pytestmark = [pytest.mark.anyio, pytest.mark.integration]

FR = "+33612345678"
TWO = [FR, "+33612345679"]  # 0.065 each (DEFAULT_PRICES["FR"]): 0.13
TEN = [f"+336{n:08d}" for n in range(10)]
SMS = {"from_": "Shop", "text": "Hi"}


def sends(emulator: Emulator, route: str = "POST /sms") -> int:
    return emulator.request_counts.get(route, 0)


def approved_template(emulator: Emulator, channel: str) -> int:
    emulator.templates.create({"name": f"{channel} cap", "text": "Hi", "channel": channel})
    newest = max(emulator.templates.by_id)
    emulator.templates.approve(newest)
    return newest


# --- one send ------------------------------------------------------------------------------


async def test_a_send_estimated_over_the_cap_sends_nothing(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    async with client_on(served, transport) as client:
        with pytest.raises(SpendLimitError) as caught:
            await client.send_sms(to=TWO, max_cost=Decimal("0.12"), **SMS)
    assert isinstance(caught.value, ValidationError)
    assert (caught.value.estimate, caught.value.max_cost) == (Decimal("0.13"), Decimal("0.12"))
    assert caught.value.field == "max_cost"
    assert emulator.request_counts == {"POST /sms/estimate": 1}
    assert emulator.balance == 1000
    assert "0.13" in str(caught.value)


async def test_a_send_estimated_at_the_cap_costs_one_estimate_and_is_sent(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    async with client_on(served, transport) as client:
        result = await client.sms.send_sms(to=TWO, max_cost="0.13", **SMS)
    assert result.info.total_cost == 0.13
    assert emulator.request_counts == {"POST /sms/estimate": 1, "POST /sms": 1}


async def test_a_send_without_a_cap_makes_no_estimate(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    async with client_on(served, transport) as client:
        await client.send_sms(to=TWO, **SMS)
    assert emulator.request_counts == {"POST /sms": 1}


@pytest.mark.parametrize("cap", ["-0.01", -1, "NaN", "abc", float("inf"), True, [1]])
async def test_a_cap_that_is_not_an_amount_of_at_least_zero_is_refused_before_any_request(
    served: tuple[Emulator, str], transport: Transport, cap: Any
) -> None:
    emulator, _ = served
    async with client_on(served, transport) as client:
        with pytest.raises(ValidationError) as caught:
            await client.send_sms(to=TWO, max_cost=cap, **SMS)
        with pytest.raises(ValidationError):
            await client.send_bulk(TEN, max_cost=cap, **SMS)
    assert not isinstance(caught.value, SpendLimitError)
    assert caught.value.field == "max_cost"
    assert emulator.request_counts == {}


async def test_a_campaign_estimated_over_the_cap_sends_nothing(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    async with client_on(served, transport) as client:
        estimate = await client.estimate_sms_campaign(groups=1, **SMS)
        with pytest.raises(SpendLimitError) as caught:
            await client.send_sms_campaign(groups=1, max_cost=0.01, **SMS)
        sent = await client.send_sms_campaign(groups=1, max_cost=estimate.info.total_cost, **SMS)
    assert caught.value.estimate == Decimal(repr(estimate.info.total_cost))
    assert sent.info.total_cost == estimate.info.total_cost
    assert sends(emulator, "POST /sms/campaign") == 1


async def test_a_send_the_estimate_refuses_raises_the_estimates_error_and_sends_nothing(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    async with client_on(served, transport) as client:
        with pytest.raises(InvalidPhoneNumberError):
            await client.send_sms(to=[FR, "+3312"], max_cost=10, **SMS)
    assert sends(emulator) == 0


async def test_a_viber_send_over_the_cap_sends_nothing(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    template_id = approved_template(emulator, "viber")
    viber = {"from_": "Shop", "template_id": template_id}
    async with client_on(served, transport) as client:
        with pytest.raises(SpendLimitError):
            await client.viber.send_viber_message(to=TWO, max_cost="0.04", **viber)
        with pytest.raises(SpendLimitError):
            await client.viber.send_viber_campaign(groups=1, max_cost="0.01", **viber)
        sent = await client.viber.send_viber_message(to=TWO, max_cost="0.05", **viber)
    assert sent.info.total_cost == 0.05  # 0.025 each
    assert sends(emulator, "POST /viber") == 1
    assert sends(emulator, "POST /viber/campaign") == 0


async def test_a_whatsapp_send_over_the_cap_sends_nothing(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    template_id = approved_template(emulator, "whatsapp")
    whatsapp = {"to": FR, "from_": "Shop", "template_id": template_id}
    async with client_on(served, transport) as client:
        with pytest.raises(SpendLimitError) as caught:
            await client.whatsapp.send_whatsapp_message(max_cost="0.04", **whatsapp)
        await client.whatsapp.send_whatsapp_message(max_cost="0.045", **whatsapp)
    assert caught.value.estimate == Decimal("0.045")
    assert sends(emulator, "POST /whatsapp") == 1


async def test_a_multichannel_send_over_the_cap_sends_nothing(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    template_id = approved_template(emulator, "viber")
    strategy = [
        Strategy(channel="viber", template_id=template_id),
        Strategy(channel="sms", text="Hi"),
    ]
    multichannel = {"from_": "Shop", "strategy": strategy}
    async with client_on(served, transport) as client:
        with pytest.raises(SpendLimitError):
            await client.multichannel.send_multichannel_message(to=FR, max_cost=0, **multichannel)
        with pytest.raises(SpendLimitError):
            await client.multichannel.send_multichannel_campaign(
                groups=1, max_cost=0, **multichannel
            )
        await client.multichannel.send_multichannel_message(to=FR, max_cost=1, **multichannel)
    assert sends(emulator, "POST /multichannel") == 1
    assert sends(emulator, "POST /multichannel/campaign") == 0


# --- batches -------------------------------------------------------------------------------


async def test_a_batch_stops_at_the_cap_and_its_report_says_why(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    async with client_on(served, transport) as client:
        report = await client.send_bulk(TEN, chunk_size=2, max_cost="0.30", **SMS)
    # 0.13 a request: two fit (0.26), the third would make 0.39.
    assert sends(emulator) == 2
    assert (report.messages_sent, report.total_cost_exact) == (4, Decimal("0.26"))
    assert isinstance(report.stopped_by, SpendLimitError)
    assert report.stopped_by.committed == Decimal("0.26")
    assert report.stopped_early
    assert not report.ok
    unsent = list(report.unsent())
    assert [u.to for u in unsent] == TEN[4:]
    assert {u.outcome for u in unsent} == {"not_sent"}
    assert all("spend cap" in u.reason and u.error is report.stopped_by for u in unsent)
    assert [c.index for c in report.failures] == [2, 3, 4]


async def test_a_batch_makes_one_estimate_per_request_it_considers(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    async with client_on(served, transport) as client:
        await client.send_bulk(TEN, chunk_size=2, concurrency=1, max_cost="0.30", **SMS)
    assert emulator.request_counts == {"POST /sms/estimate": 3, "POST /sms": 2}


async def test_a_journaled_batch_resumed_with_a_higher_cap_sends_only_the_rest(
    served: tuple[Emulator, str], transport: Transport, tmp_path: Path
) -> None:
    emulator, _ = served
    journal = tmp_path / "batch.sqlite"
    options: dict[str, Any] = {"chunk_size": 2, "batch_id": "capped", "journal": journal}
    async with client_on(served, transport) as client:
        first = await client.send_bulk(TEN, max_cost="0.30", **options, **SMS)
        again = await client.send_bulk(TEN, max_cost="0.65", **options, **SMS)
    assert (first.messages_sent, sends(emulator)) == (4, 5)  # 2 then the 3 left
    assert (again.resumed, again.ok, again.total_cost_exact) == (2, True, Decimal("0.65"))
    assert sorted(m.to for m in emulator.ledger.messages.values()) == TEN
    assert emulator.balance == pytest.approx(1000 - 0.65)


async def test_a_resumed_batchs_cap_counts_what_its_journal_already_spent(
    served: tuple[Emulator, str], transport: Transport, tmp_path: Path
) -> None:
    emulator, _ = served
    options: dict[str, Any] = {"chunk_size": 2, "batch_id": "b", "journal": tmp_path / "j"}
    async with client_on(served, transport) as client:
        await client.send_bulk(TEN, max_cost="0.30", **options, **SMS)
        again = await client.send_bulk(TEN, max_cost="0.40", **options, **SMS)
    # 0.26 journaled + 0.13 = 0.39 fits; one more would be 0.52.
    assert (again.resumed, again.messages_sent, sends(emulator)) == (2, 6, 3)
    assert isinstance(again.stopped_by, SpendLimitError)
    assert [u.to for u in again.unsent()] == TEN[6:]


async def test_send_many_stops_at_the_first_message_past_the_cap_even_if_a_later_one_fits(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    messages = [
        Message(to=TWO, text="one"),  # 0.13
        Message(to=TEN[:4], text="two"),  # 0.26: 0.39 > 0.30
        Message(to=FR, text="three"),  # 0.065 would fit, but the batch stopped
    ]
    async with client_on(served, transport) as client:
        report = await client.send_many(messages, from_="Shop", max_cost="0.30")
    assert sends(emulator) == 1
    assert [u.to for u in report.unsent()] == [*TEN[:4], FR]
    assert isinstance(report.stopped_by, SpendLimitError)
    assert report.stopped_by.estimate == Decimal("0.26")


async def test_a_request_the_estimate_refuses_fails_alone_and_is_not_sent(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    numbers = [TEN[0], TEN[1], "+3312", TEN[3]]
    async with client_on(served, transport) as client:
        report = await client.send_bulk(numbers, chunk_size=2, max_cost=10, **SMS)
    assert sends(emulator) == 1
    assert report.messages_sent == 2
    assert [type(c.error) for c in report.failures] == [InvalidPhoneNumberError]
    assert report.stopped_by is None


def test_the_blocking_face(served_sync: tuple[Emulator, str], tmp_path: Path) -> None:
    emulator, url = served_sync
    with SmsClient(api_key=emulator.api_key, base_url=url) as client:
        with pytest.raises(SpendLimitError):
            client.send_sms(to=TWO, max_cost="0.1", **SMS)
        report = client.send_bulk(TEN, chunk_size=5, max_cost="0.4", **SMS)
        many = client.send_many([Message(to=FR, text="x")], from_="Shop", max_cost="0")
    assert report.messages_sent == 5
    assert isinstance(many.stopped_by, SpendLimitError)
    assert sends(emulator) == 1
