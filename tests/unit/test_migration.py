"""Code migrating from smscx_client: its spellings get a pointer, models become dicts."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from smscx import (
    AsyncSmsClient,
    RetryPolicy,
    SendSmsMessageRequest,
    SendSmsMessageResponse,
    SmsClient,
)
from smscx._convert import structure, unstructure_request
from smscx.models import (
    AddContactsToGroupWithFieldsRequest,
    GroupAdd,
    NewOtpRequest,
    NumbersLookupRequest,
    UpdateNumberRequest,
)
from tests.helpers import API_KEY, BASE_URL, send_response

pytestmark = pytest.mark.anyio

VENDOR = [
    ({"_from": "InfoText"}, "_from= is smscx_client's spelling; here: from_="),
    ({"_request_timeout": 5}, "here: timeout= on the client, or client.with_options(timeout=...)"),
    ({"async_req": True}, "here: await the same method of AsyncSmsClient"),
    ({"_return_http_data_only": True}, "here: nothing: smscx always returns typed models"),
]


@pytest.fixture
def sync_client() -> Iterator[SmsClient]:
    client = SmsClient(
        api_key=API_KEY,
        base_url=BASE_URL,
        retry_policy=RetryPolicy(wait=False),
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(send_response)),
    )
    yield client
    client.close()


@pytest.mark.parametrize(("extra", "hint"), VENDOR)
async def test_the_vendors_spellings_get_a_pointer_on_the_async_face(
    make_client: Callable[..., AsyncSmsClient], extra: dict[str, Any], hint: str
) -> None:
    async with make_client(send_response) as client:
        with pytest.raises(TypeError) as caught:
            await client.send_sms(to="+33612345678", text="Hi", **extra)
    assert str(caught.value).startswith("AsyncSmsClient.send_sms() got an unexpected keyword")
    assert hint in str(caught.value)
    assert "docs/migrating.md" in str(caught.value)


@pytest.mark.parametrize(("extra", "hint"), VENDOR)
def test_the_vendors_spellings_get_a_pointer_on_the_blocking_face(
    sync_client: SmsClient, extra: dict[str, Any], hint: str
) -> None:
    with pytest.raises(TypeError) as caught:
        sync_client.send_sms(to="+33612345678", text="Hi", **extra)
    message = str(caught.value)
    assert message.startswith("SmsClient.send_sms() got an unexpected keyword")  # not Async...
    assert message.count(hint) == 1


def test_another_bad_argument_names_the_class_the_caller_used(sync_client: SmsClient) -> None:
    with pytest.raises(TypeError, match=r"^SmsClient\.delete_scheduled_sms\(\) got an unexpected"):
        sync_client.delete_scheduled_sms("x", frm=1)  # type: ignore[call-arg]


async def test_a_response_becomes_a_dict_in_python_and_in_wire_shape(
    make_client: Callable[..., AsyncSmsClient],
) -> None:
    async with make_client(send_response) as client:
        result = await client.send_sms(to="+33612345678", from_="InfoText", text="Hi")
    python = result.to_dict()
    assert python["data"][0]["msg_id"] == result.data[0].msg_id
    assert python["data"][0]["from_"] == "InfoText"
    assert python["data"][0]["created_at"] == result.data[0].created_at  # a datetime
    assert "meta" not in python
    wire = result.to_dict(wire=True)
    assert wire["data"][0]["msgId"] == result.data[0].msg_id
    assert wire["data"][0]["from"] == "InfoText"
    assert wire["data"][0]["createdAt"] == "2026-11-26 14:54:13"
    assert wire["info"]["dlrCallbackUrl"] is None  # a null the API sent stays
    assert structure(json.loads(json.dumps(wire)), SendSmsMessageResponse) == result


def test_a_request_in_wire_shape_is_what_would_be_sent() -> None:
    request = SendSmsMessageRequest(to=["+33612345678"], from_="InfoText", text="Hi")
    assert request.to_dict(wire=True) == {"to": ["+33612345678"], "from": "InfoText", "text": "Hi"}
    assert request.to_dict()["from_"] == "InfoText"


@pytest.mark.parametrize(
    ("request_model", "sent"),
    [
        (NewOtpRequest(phone_number="+33612345678"), {"phoneNumber": "+33612345678"}),
        (
            NumbersLookupRequest(phone_numbers=["+33612345678"], country_iso="FR"),
            {"phoneNumbers": ["+33612345678"], "countryIso": "FR"},
        ),
        (UpdateNumberRequest(first_name="Ann"), {"firstName": "Ann"}),
        (
            AddContactsToGroupWithFieldsRequest(phone_numbers=[GroupAdd(phone_number="+3361")]),
            {"phoneNumbers": [{"phoneNumber": "+3361"}]},
        ),
    ],
    ids=lambda value: type(value).__name__,
)
def test_every_request_in_wire_shape_leaves_out_what_it_does_not_send(
    request_model: object, sent: dict[str, Any]
) -> None:
    assert request_model.to_dict(wire=True) == sent  # type: ignore[attr-defined]
    assert unstructure_request(request_model, type(request_model)) == sent
