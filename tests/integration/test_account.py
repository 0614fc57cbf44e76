"""``client.account`` (the vendor's AccountApi): balance and channels, on every stack and face.

The balance is the one sends draw from; the blocking face is derived from the same
declarations; the vendor's generated client decodes the emulator's answers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from smscx import (
    AccountBalance,
    AsyncSmsClient,
    AuthenticationError,
    ChannelsStatus,
    ErrorCode,
    InvalidRequestError,
    NoCoverageError,
    RetryPolicy,
    ServerError,
    SmsClient,
)
from smscx.models import ChannelPricing, ViberWhatsappChannelPricing, ViberWhatsappPricing
from smscx.testing import Emulator
from tests.stacks import Transport, anyio_backend, stack, transport

__all__ = ["anyio_backend", "stack", "transport"]  # fixtures, from tests.stacks

pytestmark = [pytest.mark.anyio, pytest.mark.integration]

SEND: dict[str, Any] = {"to": ["+33612345678"], "from_": "InfoText", "text": "Hi"}


@pytest.fixture
async def served() -> AsyncIterator[tuple[Emulator, str]]:
    emulator = Emulator(balance=12.5)
    async with emulator.serve() as url:
        yield emulator, url


def _client(url: str, emulator: Emulator, transport: Transport, **options: Any) -> AsyncSmsClient:
    options.setdefault("api_key", emulator.api_key)
    return AsyncSmsClient(base_url=url, transport=transport, **options)


async def test_the_balance_is_the_one_sends_draw_from(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, url = served
    async with _client(url, emulator, transport) as client:
        before = await client.account.get_account_balance()
        sent = await client.send_sms(**SEND)
        after = await client.account.get_account_balance()
    assert isinstance(before, AccountBalance)
    assert (before.balance, before.currency, before.billing) == (12.5, "eur", "prepaid")
    assert after.balance == pytest.approx(before.balance - sent.info.total_cost)
    assert before.request_id is not None  # the response's metadata, as for every call


async def test_the_channels_status(served: tuple[Emulator, str], transport: Transport) -> None:
    emulator, url = served
    async with _client(url, emulator, transport) as client:
        status = await client.account.get_channels_status()
        emulator.multichannel.inactive_channels.add("whatsapp")
        without = await client.account.get_channels_status()
        with pytest.raises(NoCoverageError) as caught:
            await client.account.get_channel_pricing("whatsapp", "transactional")
    assert status == ChannelsStatus(sms=True, viber=True, whatsapp=True, multichannel=True)
    assert without == ChannelsStatus(sms=True, viber=True, whatsapp=False, multichannel=True)
    assert caught.value.code == 1523


async def test_a_copy_s_namespace_takes_the_copy_s_settings(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, url = served
    emulator.faults.add("status", route="GET /account/balance", status=503, times=1)
    async with _client(url, emulator, transport, retry_policy=RetryPolicy(wait=False)) as client:
        with pytest.raises(ServerError):
            await client.with_options(max_retries=0).account.get_account_balance()
        emulator.faults.add("status", route="GET /account/balance", status=503, times=1)
        balance = await client.account.get_account_balance()  # retried, as every call
    assert balance.meta.attempts == 2


async def test_a_wrong_key_is_an_authentication_error(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, url = served
    async with _client(url, emulator, transport, api_key="wrong") as client:
        with pytest.raises(AuthenticationError):
            await client.account.get_account_balance()


async def test_a_get_sends_no_body_and_no_content_type(anyio_backend: str) -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"balance": 1.0, "currency": "usd", "billing": "postpaid"})

    http = httpx.AsyncClient(transport=httpx.MockTransport(answer))
    async with AsyncSmsClient(api_key="k", base_url="http://127.0.0.1", http_client=http) as c:
        balance = await c.account.get_account_balance()
    assert balance.billing == "postpaid"
    assert seen[0].method == "GET"
    assert seen[0].url.path == "/account/balance"
    assert seen[0].content == b""
    assert "content-type" not in seen[0].headers


def _pricing_client(answer: object, seen: list[httpx.Request]) -> AsyncSmsClient:
    def respond(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=answer)

    http = httpx.AsyncClient(transport=httpx.MockTransport(respond))
    return AsyncSmsClient(api_key="k", base_url="http://127.0.0.1", http_client=http)


async def test_viber_prices_parse_the_documented_two_level_answer(anyio_backend: str) -> None:
    seen: list[httpx.Request] = []
    documented = {"FR": {"transactional": 0.03, "promotional": 0.05}}
    async with _pricing_client(documented, seen) as client:
        viber = await client.account.get_channel_pricing("viber", "transactional")
        whatsapp = await client.account.get_channel_pricing_by_country_iso(
            "whatsapp", "promotional", "fr"
        )
    assert isinstance(viber, ViberWhatsappChannelPricing)
    assert viber.prices == {"FR": ViberWhatsappPricing(transactional=0.03, promotional=0.05)}
    assert (viber.price("fr"), whatsapp.price("FR", "promotional")) == (0.03, 0.05)
    assert [r.url.path for r in seen] == [
        "/account/pricing/viber/transactional",
        "/account/pricing/whatsapp/promotional/FR",
    ]


async def test_a_channel_or_traffic_type_the_vendor_does_not_list_is_left_to_the_api(
    anyio_backend: str,
) -> None:
    seen: list[httpx.Request] = []
    async with _pricing_client({"FR": {"Orange": {"otp": 0.07}}}, seen) as client:
        prices = await client.account.get_channel_pricing("multichannel", "otp")
    assert isinstance(prices, ChannelPricing)
    assert prices.price("FR") == 0.07
    assert seen[0].url.path == "/account/pricing/multichannel/otp"


async def test_an_unknown_traffic_type_is_1521_with_the_pages_message(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, url = served
    async with _client(url, emulator, transport) as client:
        with pytest.raises(InvalidRequestError) as caught:
            await client.account.get_channel_pricing("sms", "bulk")
    assert caught.value.code == ErrorCode.PRICING_CHANNEL_INVALID
    assert str(caught.value.message) == "The channel requested is not valid"


async def test_the_emulator_prices_viber_and_whatsapp_as_their_sends_bill(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, url = served
    emulator.whatsapp.set_prices({"FR": 0.04})
    async with _client(url, emulator, transport) as client:
        viber = await client.account.get_channel_pricing_by_country_iso(
            "viber", "transactional", "FR"
        )
        whatsapp = await client.account.get_channel_pricing("whatsapp", "promotional")
        with pytest.raises(NoCoverageError):  # the one country without a price
            await client.account.get_channel_pricing_by_country_iso("viber", "promotional", "KP")
    assert viber.prices == {"FR": ViberWhatsappPricing(transactional=0.025, promotional=0.025)}
    assert whatsapp.price("FR", "promotional") == 0.04
    assert whatsapp.price("DE", "promotional") == 0.045


@pytest.fixture
def served_sync() -> Iterator[tuple[Emulator, str]]:
    emulator = Emulator(balance=12.5)
    with emulator.serve_sync() as url:
        yield emulator, url


def test_the_blocking_face_has_the_same_namespace(served_sync: tuple[Emulator, str]) -> None:
    emulator, url = served_sync
    with SmsClient(api_key=emulator.api_key, base_url=url) as client:
        assert client.account.get_account_balance().balance == 12.5
        assert client.with_options(timeout=5).account.get_channels_status().sms is True
        with pytest.raises(TypeError, match="_request_timeout= is smscx_client's spelling"):
            client.account.get_account_balance(_request_timeout=3)  # type: ignore[call-arg]


def test_the_vendors_client_decodes_the_emulators_answers(
    served_sync: tuple[Emulator, str],
) -> None:
    smscx_client = pytest.importorskip("smscx_client")
    from smscx_client.api import account_api

    emulator, url = served_sync
    configuration = smscx_client.Configuration(host=url, api_key=emulator.api_key)
    api = account_api.AccountApi(smscx_client.ApiClient(configuration))
    balance = api.get_account_balance()
    assert (balance.balance, balance.currency, balance.billing) == (12.5, "eur", "prepaid")
    status = api.get_channels_status()
    assert status.sms is True
