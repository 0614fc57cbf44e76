"""``client.originators`` (the vendor's OriginatorsApi), on every stack and both faces.

The emulator keeps the account's sender ids: it starts with the default one, new ones wait
for approval, and every error row of the vendor's page is reproduced and mapped.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from smscx import (
    ErrorCode,
    InvalidRequestError,
    NotFoundError,
    OriginatorNewRequest,
    SmsClient,
    ValidationError,
)
from smscx.models import TwoWay
from smscx.testing import Emulator
from tests.served import client_on, served, served_sync
from tests.stacks import Transport, anyio_backend, stack, transport

__all__ = ["anyio_backend", "served", "served_sync", "stack", "transport"]  # fixtures

pytestmark = [pytest.mark.anyio, pytest.mark.integration]


async def test_create_list_delete(served: tuple[Emulator, str], transport: Transport) -> None:
    async with client_on(served, transport) as client:
        before = await client.originators.get_originators_list()
        created = await client.originators.create_originator(originator="MyShop")
        listed = await client.originators.get_originators_list()
        deleted = await client.originators.delete_originator(created.info.id)
        after = await client.originators.get_originators_list()
    assert [(o.originator, o.is_default, o.approved) for o in before.data] == [
        ("InfoText", True, True)
    ]
    assert created.info.originator == "MyShop"
    new = next(o for o in listed.data if o.id == created.info.id)
    assert (new.originator, new.approved, new.is_default) == ("MyShop", False, False)
    assert deleted.info == created.info
    assert [o.originator for o in after.data] == ["InfoText"]


async def test_creating_an_originator_answers_201(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with client_on(served, transport) as client:
        created = await client.originators.create_originator(originator="Shop201")
    assert created.meta.status_code == 201
    assert created.info.originator == "Shop201"


async def test_an_unapproved_sender_goes_out_as_the_default_system_sender(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    send = {"to": ["+33612345678"], "text": "Hi"}
    async with client_on(served, transport) as client:
        await client.originators.create_originator(originator="MyShop")
        pending = await client.send_sms(from_="MyShop", **send)
        unknown = await client.send_sms_campaign(groups=[1], from_="Nobody", text="Hi")
        estimated = await client.estimate_sms(from_="MyShop", **send)
        emulator.originators.approve("MyShop")
        approved = await client.send_sms(from_="MyShop", **send)
        own_case = await client.send_sms(from_="infotext", **send)
    assert pending.data[0].from_ == "InfoText"
    assert {m.from_ for m in unknown.data} == {"InfoText"}
    assert estimated.data[0].from_ == "InfoText"
    assert approved.data[0].from_ == "MyShop"
    assert own_case.data[0].from_ == "infotext"  # approved whatever its case, sent as asked


async def test_two_way_is_null_without_two_way_messaging_and_whole_with_it(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    expires = datetime(2027, 1, 31, 12, 0, tzinfo=timezone.utc)
    async with client_on(served, transport) as client:
        before = await client.originators.get_originators_list()
        emulator.originators.set_two_way(
            "InfoText", type="VLN", country_iso="US", expire_date=expires
        )
        after = await client.originators.get_originators_list()
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        raw = (await api.get("/originators")).json()["data"][0]["twoWay"]
    assert before.data[0].two_way is None
    assert after.data[0].two_way == TwoWay(type="VLN", country_iso="US", expire_date=expires)
    assert raw == {"type": "VLN", "countryIso": "US", "expireDate": "2027-01-31 12:00:00"}


async def test_a_request_model_works_too(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with client_on(served, transport) as client:
        created = await client.originators.create_originator(
            OriginatorNewRequest(originator="12345")
        )
    assert created.info.originator == "12345"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("", ErrorCode.ORIGINATOR_MISSING),
        ("My Shop", ErrorCode.ORIGINATOR_CHARACTERS_INVALID),
        ("ab", ErrorCode.ORIGINATOR_ALPHANUMERIC_INVALID),
        ("TwelveLetter", ErrorCode.ORIGINATOR_ALPHANUMERIC_INVALID),
        ("1234567890123456", ErrorCode.ORIGINATOR_NUMERIC_INVALID),
    ],
)
async def test_a_name_the_api_would_refuse_is_refused_before_sending(
    served: tuple[Emulator, str], transport: Transport, name: str, code: ErrorCode
) -> None:
    async with client_on(served, transport) as client:
        with pytest.raises(ValidationError) as caught:
            await client.originators.create_originator(originator=name)
    assert (caught.value.field, caught.value.code) == ("originator", code)


@pytest.mark.parametrize(
    ("name", "code"),
    [("", 1301), ("My Shop", 1303), ("ab", 1304), ("1234567890123456", 1305), ("infotext", 1306)],
)
async def test_the_emulator_answers_each_error_row(
    served: tuple[Emulator, str], transport: Transport, name: str, code: int
) -> None:
    # Past the client's checks: the raw request, as another client would send it.
    emulator, url = served
    async with client_on(served, transport) as client:
        response = await client._pipeline.http.post(
            f"{url}/originators", json={"originator": name}, headers={"X-API-KEY": emulator.api_key}
        )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code


async def test_a_duplicate_is_an_invalid_request_with_its_code(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with client_on(served, transport) as client:
        with pytest.raises(InvalidRequestError) as caught:
            await client.originators.create_originator(originator="InfoText")
    assert caught.value.code == ErrorCode.ORIGINATOR_EXISTS
    assert caught.value.error_type == "duplicate_value"
    assert not caught.value.maybe_sent


async def test_an_unknown_id_is_not_found_and_a_bad_one_is_refused(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with client_on(served, transport) as client:
        with pytest.raises(NotFoundError) as caught:
            await client.originators.delete_originator(999)
        assert caught.value.code == ErrorCode.ORIGINATOR_NOT_FOUND
        for bad in (0, -1, "1", True, 1.5):
            with pytest.raises(ValidationError, match="originator_id"):
                await client.originators.delete_originator(bad)  # type: ignore[arg-type]


async def test_a_create_whose_answer_was_lost_is_maybe_sent_on_its_duplicate(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    # A creation is a change: an attempt cut after the server committed it, then a retry
    # that meets 1306, means the first attempt most likely created it.
    emulator, _ = served
    emulator.faults.add("close_after_commit", route="POST /originators")
    async with client_on(served, transport) as client:
        with pytest.raises(InvalidRequestError) as caught:
            await client.originators.create_originator(originator="Shop2")
    assert caught.value.code == ErrorCode.ORIGINATOR_EXISTS
    assert caught.value.maybe_sent
    assert "Shop2" in emulator.originators.names()


def test_the_blocking_face(served_sync: tuple[Emulator, str]) -> None:
    emulator, url = served_sync
    with SmsClient(api_key=emulator.api_key, base_url=url) as client:
        created = client.originators.create_originator(originator="MyShop")
        assert [o.originator for o in client.originators.get_originators_list().data] == [
            "InfoText",
            "MyShop",
        ]
        client.originators.delete_originator(created.info.id)


def test_the_vendors_client_decodes_the_emulators_answers(
    served_sync: tuple[Emulator, str],
) -> None:
    smscx_client = pytest.importorskip("smscx_client")
    from smscx_client.api import originators_api
    from smscx_client.model.originator_new_request import OriginatorNewRequest as VendorRequest

    emulator, url = served_sync
    configuration = smscx_client.Configuration(host=url, api_key=emulator.api_key)
    api = originators_api.OriginatorsApi(smscx_client.ApiClient(configuration))
    created = api.create_originator(VendorRequest(originator="MyShop"))
    listed = api.get_originators_list()
    assert [o.originator for o in listed.data] == ["InfoText", "MyShop"]
    deleted = api.delete_originator(created.info.id)
    assert deleted.info.originator == "MyShop"
