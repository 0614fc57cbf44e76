"""Number lookups (charged, NumbersApi) and channel pricing (AccountApi) against the emulator."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator

import pytest

from smscx import (
    APIConnectionError,
    ErrorCode,
    InsufficientCreditError,
    InvalidRequestError,
    NoCoverageError,
    NotFoundError,
    RetryPolicy,
    ServerError,
    SmsClient,
    ValidationError,
)
from smscx.testing import Emulator
from smscx.webhooks import parse_number_lookups
from tests.served import client_on, served_sync
from tests.stacks import Transport, anyio_backend, stack, transport

__all__ = ["anyio_backend", "served_sync", "stack", "transport"]  # fixtures

pytestmark = [pytest.mark.anyio, pytest.mark.integration]

FR_MOBILE, DE_MOBILE, FR_FIXED, KP = (
    "+33612345678",
    "+4915123456789",
    "+33142685300",
    "+8501912345678",
)
UNKNOWN = "3328fe13-2b99-4282-b62e-d891f5e452a8"


@pytest.fixture
async def served() -> AsyncIterator[tuple[Emulator, str]]:
    emulator = Emulator(balance=1)
    async with emulator.serve() as url:
        yield emulator, url


async def test_a_lookup_answers_from_metadata_and_is_billed(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    async with client_on(served, transport) as client:
        mobile = await client.numbers.lookup_number(FR_MOBILE)
        fixed = await client.numbers.lookup_number(FR_FIXED.lstrip("+"))
        again = await client.numbers.get_single_lookup_status(mobile.data.lookup_id)
        with pytest.raises(NoCoverageError) as restricted:
            await client.numbers.lookup_number(KP)
    data = mobile.data
    assert (data.phone_number, data.country_iso, data.status) == (FR_MOBILE, "FR", "ACTIVE")
    assert (data.country_name, data.mcc, data.original_network.name) == ("France", "208", "SFR")
    assert (data.ported, data.roaming) == (False, False)
    assert fixed.data.status == "UNKNOWN"
    assert again.lookup_id == data.lookup_id
    assert restricted.value.code == ErrorCode.LOOKUP_NO_COVERAGE
    assert emulator.balance == pytest.approx(1 - 2 * data.cost)


async def test_a_bulk_lookup_gives_ids_now_results_by_page_and_by_callback(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    numbers = [f"+336{n:08d}" for n in range(150)]
    async with client_on(served, transport) as client:
        bulk = await client.numbers.lookup_numbers(
            phone_numbers=[*numbers, "12345", DE_MOBILE],
            lookup_callback_url="http://127.0.0.1:9/lookups",  # nobody listens: recorded
        )
        bulk_id = bulk.info.lookup_bulk_id
        results = [r async for r in client.numbers.get_bulk_lookup_status(bulk_id, limit=100)]
        first = await client.numbers.get_bulk_lookup_status(bulk_id, limit=100)
        campaigns = await client.numbers.get_bulk_lookup_campaigns()
        text = await client.numbers.export_number_lookup_report_to_csv(bulk_id)
        workbook = await client.numbers.export_number_lookup_report_to_xlsx(bulk_id)
        callbacks = await emulator.wait_for_callbacks(1, "number_lookup")
    assert (bulk.info.total_valid, bulk.info.invalid) == (151, ["12345"])
    assert bulk.info.phone_numbers_by_country == {"FR": 150, "DE": 1}
    assert [r.phone_number for r in results] == [*numbers, DE_MOBILE]
    assert (len(first.data), first.info.total_valid) == (100, 151)
    assert [c.id for c in campaigns.data] == [bulk_id]
    assert len(list(csv.DictReader(io.StringIO(text)))) == 151
    assert workbook[:2] == b"PK"
    batch = parse_number_lookups(callbacks[0].body)
    assert len(batch.data) == 151
    assert batch.data[0].lookup_bulk_id == bulk_id
    assert callbacks[0].called  # a loopback URL is called; nobody listens on port 9
    assert callbacks[0].http_status is None
    assert "ConnectError" in str(callbacks[0].error)


async def test_every_lookup_error_row(served: tuple[Emulator, str], transport: Transport) -> None:
    emulator, _ = served
    async with client_on(served, transport) as client:
        raised = {}
        for code, call in {
            1207: lambda: client.numbers.lookup_number("+3361"),
            1216: lambda: client.numbers.lookup_numbers(phone_numbers=["12345"]),
            1214: lambda: client.numbers.lookup_numbers(phone_numbers=[KP]),
            1219: lambda: client.numbers.get_single_lookup_status(UNKNOWN),
            1220: lambda: client.numbers.get_bulk_lookup_status(UNKNOWN),
        }.items():
            with pytest.raises((InvalidRequestError, NoCoverageError, NotFoundError)) as info:
                await call()
            raised[code] = info.value.code
        emulator.account.balance_micros = 0
        with pytest.raises(InsufficientCreditError) as broke:
            await client.numbers.lookup_number(FR_MOBILE)
        with pytest.raises(ValidationError) as bad_id:
            await client.numbers.get_bulk_lookup_status("not-a-uuid")
        with pytest.raises(ValidationError) as bad_url:
            await client.numbers.lookup_numbers(phone_numbers=[FR_MOBILE], lookup_callback_url="x")
    assert raised == {code: code for code in raised}
    assert broke.value.code == ErrorCode.INSUFFICIENT_CREDIT
    assert bad_id.value.code == ErrorCode.LOOKUP_BULK_ID_INVALID
    assert bad_url.value.code == ErrorCode.LOOKUP_CALLBACK_URL_INVALID


async def test_a_charged_lookup_is_not_repeated_once_it_may_have_been_billed(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    policy = RetryPolicy(max_retries=3, wait=False)
    async with client_on(served, transport, retry_policy=policy) as client:
        emulator.faults.add("close_after_commit", route="GET /numbers/lookup/{phone}", times=1)
        with pytest.raises(APIConnectionError) as cut:
            await client.numbers.lookup_number(FR_MOBILE)
        emulator.faults.add("status", route="POST /numbers/lookup", status=502, times=1)
        with pytest.raises(ServerError) as bad_gateway:
            await client.numbers.lookup_numbers(phone_numbers=[FR_MOBILE])
        emulator.faults.add("status", route="GET /numbers/lookup/{phone}", status=429, times=1)
        retried = await client.numbers.lookup_number(FR_MOBILE)
    lookups = [c for c in emulator.ledger.charges if c.kind == "lookup"]
    assert cut.value.maybe_sent is True
    assert bad_gateway.value.maybe_sent is True
    assert retried.meta.attempts == 2  # a 429 was surely not billed: retried
    assert len(lookups) == 2  # the cut one (committed) and the retried one


async def test_pricing_for_every_country_and_for_one(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with client_on(served, transport) as client:
        everything = await client.account.get_channel_pricing("sms", "transactional")
        france = await client.account.get_channel_pricing_by_country_iso("sms", "promotional", "fr")
        with pytest.raises(NoCoverageError) as restricted:
            await client.account.get_channel_pricing_by_country_iso("sms", "transactional", "KP")
        served[0].multichannel.inactive_channels.add("viber")  # an account without Viber
        with pytest.raises(NoCoverageError) as no_viber:
            await client.account.get_channel_pricing("viber", "transactional")
        with pytest.raises(InvalidRequestError) as unknown_country:
            await client.account.get_channel_pricing_by_country_iso("sms", "transactional", "XX")
        with pytest.raises(InvalidRequestError) as bad_channel:  # the API judges channels
            await client.account.get_channel_pricing("fax", "transactional")
    assert france.prices == {"FR": {"All networks": {"promotional": 0.065}}}
    assert france.price("fr") == 0.065
    assert everything.price("US") == 0.0085
    assert everything.price("KP") is None
    assert len(everything.prices) > 200
    assert restricted.value.code == no_viber.value.code == ErrorCode.PRICING_NO_COVERAGE
    assert unknown_country.value.code == ErrorCode.PRICING_COUNTRY_INVALID
    assert bad_channel.value.code == ErrorCode.PRICING_CHANNEL_INVALID


def test_the_blocking_face(served_sync: tuple[Emulator, str]) -> None:
    emulator, url = served_sync
    with SmsClient(api_key=emulator.api_key, base_url=url) as client:
        looked = client.numbers.lookup_number(FR_MOBILE)
        bulk = client.numbers.lookup_numbers(phone_numbers=[FR_MOBILE, DE_MOBILE])
        results = [
            r.phone_number for r in client.numbers.get_bulk_lookup_status(bulk.info.lookup_bulk_id)
        ]
        price = client.account.get_channel_pricing_by_country_iso("sms", "transactional", "DE")
    assert looked.data.status == "ACTIVE"
    assert results == [FR_MOBILE, DE_MOBILE]
    assert price.price("DE") == 0.075


def test_the_vendors_client_decodes_lookups_and_pricing(
    served_sync: tuple[Emulator, str],
) -> None:
    smscx_client = pytest.importorskip("smscx_client")
    from smscx_client.api import account_api, numbers_api
    from smscx_client.model.numbers_lookup_request import NumbersLookupRequest

    emulator, url = served_sync
    configuration = smscx_client.Configuration(host=url, api_key=emulator.api_key)
    client = smscx_client.ApiClient(configuration)
    numbers = numbers_api.NumbersApi(client)
    one = numbers.lookup_number(FR_MOBILE)
    assert one.data.status == "ACTIVE"
    assert numbers.get_single_lookup_status(one.data.lookup_id).phone_number == FR_MOBILE
    bulk = numbers.lookup_numbers(NumbersLookupRequest(phone_numbers=[FR_MOBILE, DE_MOBILE]))
    # The package cannot decode this one: its InfoLookupDetails keeps PhoneNumbersByCountry
    # (a model with one required `country_code`), which it commented out everywhere else the
    # same {"FR": 1} map appears. The raw answer is checked instead.
    raw = numbers.get_bulk_lookup_status(bulk.info.lookup_bulk_id, _preload_content=False)
    answer = json.loads(raw.data)
    assert answer["info"]["phoneNumbersByCountry"] == {"FR": 1, "DE": 1}
    assert len(answer["data"]) == 2
    assert numbers.get_bulk_lookup_campaigns().data[0].id == bulk.info.lookup_bulk_id
    assert numbers.export_number_lookup_report_to_csv(bulk.info.lookup_bulk_id)
    # The package decodes pricing only when the body's key is literally "countryCode" (the
    # spec's placeholder for a country's code): no per-country answer can pass. Raw instead.
    account = account_api.AccountApi(client)
    raw = account.get_channel_pricing_by_country_iso(
        "sms", "transactional", "FR", _preload_content=False
    )
    assert json.loads(raw.data) == {"FR": {"All networks": {"transactional": 0.065}}}
