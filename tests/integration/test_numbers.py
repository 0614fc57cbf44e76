"""``client.numbers`` (the vendor's NumbersApi, validation), on every stack and both faces."""

from __future__ import annotations

import pytest

from smscx import ErrorCode, InvalidPhoneNumberError, SmsClient, ValidationError
from smscx.testing import Emulator
from tests.served import client_on, served, served_sync
from tests.stacks import Transport, anyio_backend, stack, transport

__all__ = ["anyio_backend", "served", "served_sync", "stack", "transport"]  # fixtures

pytestmark = [pytest.mark.anyio, pytest.mark.integration]


@pytest.mark.parametrize("written", ["+33612345678", "33612345678"])
async def test_one_number_with_or_without_its_plus(
    served: tuple[Emulator, str], transport: Transport, written: str
) -> None:
    async with client_on(served, transport) as client:
        result = await client.numbers.validate_number(written)
    assert (result.data.phone_number, result.data.country_iso) == ("+33612345678", "FR")
    assert result.data.timezone == "Europe/Paris"
    assert result.data.network_operator  # libphonenumber names this range's carrier


async def test_an_invalid_number_is_an_invalid_phone_number_error(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with client_on(served, transport) as client:
        with pytest.raises(InvalidPhoneNumberError) as caught:
            await client.numbers.validate_number("+3312")
        with pytest.raises(ValidationError):
            await client.numbers.validate_number("")
    assert caught.value.code == ErrorCode.PHONE_NUMBER_INVALID


async def test_many_numbers_keep_their_order_and_flag_the_invalid_ones(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with client_on(served, transport) as client:
        result = await client.numbers.validate_numbers(
            phone_numbers=["+33612345678", "12345", "0612345678", "+447400123456"],
            country_iso="FR",
        )
    assert [(d.phone_number, d.invalid) for d in result.data] == [
        ("+33612345678", False),
        ("12345", True),
        ("+33612345678", False),
        ("+447400123456", False),
    ]
    assert (result.info.total_valid, result.info.total_invalid) == (3, 1)
    assert result.info.phone_numbers_by_country == {"FR": 2, "GB": 1}


async def test_the_limits_are_checked_before_sending(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with client_on(served, transport) as client:
        with pytest.raises(ValidationError) as empty:
            await client.numbers.validate_numbers(phone_numbers=[])
        with pytest.raises(ValidationError) as too_many:
            await client.numbers.validate_numbers(phone_numbers=["+33612345678"] * 40_001)
    assert empty.value.code == ErrorCode.PHONE_NUMBERS_MISSING
    assert too_many.value.code == ErrorCode.TOO_MANY_NUMBERS_TO_VALIDATE


def test_the_blocking_face_and_the_vendors_client(served_sync: tuple[Emulator, str]) -> None:
    emulator, url = served_sync
    with SmsClient(api_key=emulator.api_key, base_url=url) as client:
        assert client.numbers.validate_number("+33612345678").data.country_iso == "FR"
        assert client.numbers.validate_numbers(phone_numbers="12345").data[0].invalid
    smscx_client = pytest.importorskip("smscx_client")
    from smscx_client.api import numbers_api
    from smscx_client.model.numbers_validate_request import NumbersValidateRequest

    configuration = smscx_client.Configuration(host=url, api_key=emulator.api_key)
    api = numbers_api.NumbersApi(smscx_client.ApiClient(configuration))
    assert api.validate_number("+33612345678").data.country_iso == "FR"
    many = api.validate_numbers(NumbersValidateRequest(phone_numbers=["+33612345678", "1"]))
    assert [d.invalid for d in many.data] == [False, True]


# --- lookups: what the issue-24 review found ------------------------------------------------


async def test_the_lookup_exports_answer_1218_and_1220_with_their_own_pages_types(
    served: tuple[Emulator, str],
) -> None:
    emulator, url = served
    unknown = "0b5e8d52-1c5e-4a5c-9f59-6b8a4f0c7d21"
    async with emulator.http_client(base_url=url, headers={"X-API-KEY": emulator.api_key}) as api:
        answers = {
            path: (await api.get(path))
            for path in (
                "/numbers/lookup/lookupBulkId/x/csv",
                f"/numbers/lookup/lookupBulkId/{unknown}/csv",
                "/numbers/lookup/lookupBulkId/x/xlsx",
                f"/numbers/lookup/lookupBulkId/{unknown}/xlsx",
                f"/numbers/lookup/lookupBulkId/{unknown}",  # the results page keeps its own
            )
        }
    seen = [
        (a.status_code, a.json()["error"]["type"], a.json()["error"]["code"])
        for a in answers.values()
    ]
    assert seen == [
        (400, "invalid_param", 1218),
        (404, "not_found", 1220),
        (400, "invalid_param", 1218),
        (404, "not_found", 1220),
        (404, "invalid_param", 1220),
    ]


async def test_a_lookup_answers_strings_where_the_pages_type_strings_and_mccmnc_is_mcc_and_mnc(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, url = served
    async with client_on(served, transport) as client:
        sfr = (await client.numbers.lookup_number("+33612345678")).data
        unknown_carrier = (await client.numbers.lookup_number("+393123456789")).data
    async with emulator.http_client(base_url=url, headers={"X-API-KEY": emulator.api_key}) as api:
        raw = (await api.get(f"/numbers/lookup/lookupId/{sfr.lookup_id}")).json()
    assert (sfr.mcc, sfr.mccmnc) == ("208", "20810")
    assert sfr.original_network is not None
    assert (sfr.original_network.name, sfr.original_network.mnc) == ("SFR", "10")
    # Neither ported nor roaming: its networks are its own, home one.
    assert sfr.ported_network == sfr.original_network
    assert sfr.roaming_network is not None
    assert (sfr.roaming_network.country_iso, sfr.roaming_network.mcc) == ("FR", "208")
    assert (sfr.roaming_network.mnc, sfr.roaming_network.name) == ("10", "SFR")
    # A carrier libphonenumber does not name: no MNC, so no MCC+MNC either; strings still.
    assert (unknown_carrier.mcc, unknown_carrier.mccmnc) == ("222", "")
    for network in ("originalNetwork", "portedNetwork", "roamingNetwork"):
        assert all(isinstance(value, str) for value in raw[network].values()), network
