"""The SDK against the emulator, in-process and over a loopback socket, asyncio and trio."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from smscx import (
    AccessDeniedError,
    AsyncSmsClient,
    AuthenticationError,
    InsufficientCreditError,
    InvalidPhoneNumberError,
    NoCoverageError,
    NotFoundError,
    RetryPolicy,
)
from smscx.testing import Emulator, ManualClock
from tests.emulator.helpers import FR

pytestmark = pytest.mark.anyio

ClientFactory = Callable[..., AsyncSmsClient]


@pytest.fixture(params=["in-process", "socket"])
async def make_client(
    request: pytest.FixtureRequest, smscx_emulator: Emulator
) -> AsyncIterator[ClientFactory]:
    """Build SDK clients to the emulator, by either way in; retries do not wait."""

    def in_process(**options: Any) -> AsyncSmsClient:
        options.setdefault("retry_policy", RetryPolicy(wait=False))
        return smscx_emulator.client(**options)

    if request.param == "in-process":
        yield in_process
        return
    async with smscx_emulator.serve() as url:

        def over_socket(**options: Any) -> AsyncSmsClient:
            options.setdefault("retry_policy", RetryPolicy(wait=False))
            if not any(options.get(k) for k in ("api_key", "access_token", "client_id")):
                options["api_key"] = smscx_emulator.api_key
            return AsyncSmsClient(base_url=url, **options)

        yield over_socket


async def test_send_sms_bills_what_it_reports(
    make_client: ClientFactory, smscx_emulator: Emulator
) -> None:
    async with make_client() as client:
        result = await client.send_sms(to=[FR], from_="InfoText", text="Hello")
    assert result.data[0].to == FR
    assert smscx_emulator.balance == pytest.approx(1000 - result.info.total_cost)
    assert smscx_emulator.ledger.message(result.data[0].msg_id) is not None


async def test_estimate_sms_costs_nothing(
    make_client: ClientFactory, smscx_emulator: Emulator
) -> None:
    async with make_client() as client:
        result = await client.estimate_sms(to=[FR], from_="InfoText", text="Hello")
    assert result.info.total_cost == 0.065
    assert smscx_emulator.ledger.charges == ()


async def test_campaign_send_and_estimate(make_client: ClientFactory) -> None:
    async with make_client() as client:
        estimate = await client.estimate_sms_campaign(groups=[1, 2], from_="InfoText", text="Hi")
        sent = await client.send_sms_campaign(groups=[1, 2], from_="InfoText", text="Hi")
    assert estimate.info.total_cost == sent.info.total_cost
    assert sent.info.duplicates_removed == 1


async def test_scheduled_send_deleted_returns_credit(
    make_client: ClientFactory, smscx_emulator: Emulator
) -> None:
    later = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=1)
    async with make_client() as client:
        sent = await client.send_sms(to=[FR], from_="InfoText", text="Hi", scheduled_date=later)
        deleted = await client.delete_scheduled_sms(sent.data[0].msg_id)
        campaign = await client.send_sms_campaign(
            groups=[1], from_="InfoText", text="Hi", scheduled_date=later
        )
        deleted_campaign = await client.delete_scheduled_sms_campaign(campaign.info.campaign_id)
    assert sent.info.scheduled is True
    assert deleted.info.credit_returned == 0.065
    assert deleted_campaign.info.phone_numbers_deleted == 3
    assert smscx_emulator.balance == 1000


async def test_invalid_number_raises_invalid_phone_number_error(
    make_client: ClientFactory,
) -> None:
    async with make_client() as client:
        with pytest.raises(InvalidPhoneNumberError) as caught:
            await client.send_sms(to=[FR, "+3361"], from_="InfoText", text="Hi")
    assert caught.value.code == 1207
    assert caught.value.invalid_numbers == ["+3361"]


async def test_no_coverage_raises_no_coverage_error(make_client: ClientFactory) -> None:
    async with make_client() as client:
        with pytest.raises(NoCoverageError):
            await client.send_sms(to=["+8501912345678"], from_="InfoText", text="Hi")


@pytest.mark.smscx_emulator(balance=0.01)
async def test_insufficient_credit_raises_insufficient_credit_error(
    make_client: ClientFactory, smscx_emulator: Emulator
) -> None:
    async with make_client() as client:
        with pytest.raises(InsufficientCreditError):
            await client.send_sms(to=[FR], from_="InfoText", text="Hi")
    assert smscx_emulator.ledger.charges == ()


async def test_deleting_unknown_or_sent_messages_raises(make_client: ClientFactory) -> None:
    async with make_client() as client:
        sent = await client.send_sms(to=[FR], from_="InfoText", text="Hi")
        with pytest.raises(AccessDeniedError):
            await client.delete_scheduled_sms(sent.data[0].msg_id)
        with pytest.raises(NotFoundError):
            await client.delete_scheduled_sms("3328fe13-2b99-4282-b62e-d891f5e452a8")


async def test_wrong_api_key_raises_authentication_error(make_client: ClientFactory) -> None:
    async with make_client(api_key="wrong") as client:
        with pytest.raises(AuthenticationError):
            await client.estimate_sms(to=[FR], from_="InfoText", text="Hi")


async def test_oauth_client_credentials_work(
    make_client: ClientFactory, smscx_emulator: Emulator
) -> None:
    credentials = {
        "client_id": smscx_emulator.client_id,
        "client_secret": smscx_emulator.client_secret,
    }
    async with make_client(**credentials) as client:
        result = await client.estimate_sms(to=[FR], from_="InfoText", text="Hi")
    assert result.info.total_valid == 1


@pytest.mark.parametrize(
    "fault",
    [
        {"kind": "status", "status": 500},
        {"kind": "status", "status": 502},
        {"kind": "status", "status": 503},
        # The emulator's clock stands at 1970, so the 429's reset time has passed: the
        # client may retry at once instead of waiting for the next second.
        pytest.param(
            {"kind": "status", "status": 429},
            marks=pytest.mark.smscx_emulator(clock=ManualClock(0)),
        ),
        {"kind": "close_before"},
        {"kind": "close_after_commit"},
    ],
    ids=lambda f: "-".join(str(v) for v in f.values()),
)
async def test_a_send_is_billed_exactly_once_through_a_fault(
    make_client: ClientFactory, smscx_emulator: Emulator, fault: dict[str, Any]
) -> None:
    smscx_emulator.faults.add(route="POST /sms", times=2, **fault)
    async with make_client(max_retries=3) as client:
        result = await client.send_sms(to=[FR], from_="InfoText", text="Hi")
    (charge,) = smscx_emulator.ledger.sends()
    assert charge.campaign_id == result.info.campaign_id
    assert smscx_emulator.balance == pytest.approx(1000 - 0.065)


async def test_a_send_is_billed_exactly_once_through_timeouts(
    make_client: ClientFactory, smscx_emulator: Emulator
) -> None:
    smscx_emulator.faults.add("delay", route="POST /sms", seconds=30, times=2)
    async with make_client(max_retries=3, timeout=0.2) as client:
        await client.send_sms(to=[FR], from_="InfoText", text="Hi")
    assert len(smscx_emulator.ledger.sends()) == 1
