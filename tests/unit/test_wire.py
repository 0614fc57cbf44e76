"""What each endpoint puts on the wire: method, path, headers and the exact JSON body."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from smscx import (
    Alphabet,
    AsyncSmsClient,
    SendSmsCampaignRequest,
    SendSmsMessageRequest,
    SendSmsRequestEstimate,
    Transliteration,
)
from tests.helpers import API_KEY, Recorder, data_body, info_body, send_response

pytestmark = pytest.mark.anyio

MakeClient = Callable[..., AsyncSmsClient]
FUTURE = datetime(2031, 5, 17, 9, 30, 0, tzinfo=timezone.utc)
TRACK = "bf325375-e030-4ccb-a009-17317c574773"
IDEMPOTENCY = "bf325375-e030-4ccb-a009-17317c574774"


def campaign_response(request: httpx.Request) -> httpx.Response:
    sent = json.loads(request.content)
    info = info_body(duplicatesRemoved=0, groups=[{"id": 1, "name": "VIP", "phoneNumbers": 1}])
    headers = {"X-Request-Id": "req-c"}
    if "idempotencyId" in sent:
        headers["X-Idempotency-Id"] = sent["idempotencyId"]
    return httpx.Response(200, headers=headers, json={"info": info, "data": [data_body()]})


async def test_send_sms_puts_the_seed_example_on_the_wire(make_client: MakeClient) -> None:
    recorder = Recorder(send_response)
    async with make_client(recorder) as client:
        await client.send_sms(
            to=["+359485721xx", "+4474006003xx"],
            from_="InfoText",
            text="This is text example {{optoutLink}}",
            allow_invalid=True,
            dlr_callback_url="https://webhook/receive-sms-delivery-reports",
            idempotency_id=IDEMPOTENCY,
            transliteration=Transliteration(alphabet=Alphabet.NONE, remove_emojis=False),
        )
    (request,) = recorder.requests
    assert request.method == "POST"
    assert str(request.url) == "http://127.0.0.1/sms"
    assert json.loads(request.content) == {
        "to": ["+359485721xx", "+4474006003xx"],
        "from": "InfoText",
        "text": "This is text example {{optoutLink}}",
        "allowInvalid": True,
        "dlrCallbackUrl": "https://webhook/receive-sms-delivery-reports",
        "idempotencyId": IDEMPOTENCY,
        "transliteration": {"alphabet": "NONE", "removeEmojis": False},
    }


async def test_every_option_has_its_camel_case_wire_name(make_client: MakeClient) -> None:
    recorder = Recorder(send_response)
    async with make_client(recorder) as client:
        await client.send_sms(
            to="+33612345678",
            from_="InfoText",
            text="Hi",
            country_iso="FR",
            allow_invalid=False,
            scheduled_date=FUTURE,
            is_utc=True,
            dlr_callback_url="https://example.com/dlr",
            track_data=TRACK,
            short_response=False,
            no_text_details=True,
            show_timezone=True,
            idempotency_id=IDEMPOTENCY,
            transliteration="NON_GSM",
        )
    assert recorder.bodies()[0] == {
        "to": ["+33612345678"],
        "from": "InfoText",
        "text": "Hi",
        "countryIso": "FR",
        "allowInvalid": False,
        "scheduledDate": "2031-05-17 09:30:00",
        "isUtc": True,
        "dlrCallbackUrl": "https://example.com/dlr",
        "trackData": TRACK,
        "shortResponse": False,
        "noTextDetails": True,
        "showTimezone": True,
        "idempotencyId": IDEMPOTENCY,
        "transliteration": {"alphabet": "NON_GSM"},
    }


async def test_a_scheduled_date_in_another_timezone_is_sent_as_utc(make_client: MakeClient) -> None:
    recorder = Recorder(send_response)
    paris_summer = timezone(timedelta(hours=2))
    async with make_client(recorder) as client:
        await client.send_sms(
            to=["+33612345678"],
            from_="InfoText",
            text="Hi",
            scheduled_date=datetime(2031, 5, 17, 11, 30, tzinfo=paris_summer),
        )
    assert recorder.bodies()[0]["scheduledDate"] == "2031-05-17 09:30:00"


async def test_a_naive_scheduled_date_is_taken_as_utc(make_client: MakeClient) -> None:
    recorder = Recorder(send_response)
    async with make_client(recorder) as client:
        await client.send_sms(
            to=["+33612345678"],
            from_="InfoText",
            text="Hi",
            scheduled_date=datetime(2031, 5, 17, 9, 30),
        )
    assert recorder.bodies()[0]["scheduledDate"] == "2031-05-17 09:30:00"


async def test_options_left_unset_are_not_sent(make_client: MakeClient) -> None:
    recorder = Recorder(send_response)
    async with make_client(recorder) as client:
        await client.send_sms(to=["+33612345678"], from_="InfoText", text="Hi")
    body = recorder.bodies()[0]
    assert set(body) == {"to", "from", "text", "idempotencyId"}
    assert b"null" not in recorder.requests[0].content


async def test_requests_carry_the_api_key_and_json_headers(make_client: MakeClient) -> None:
    recorder = Recorder(send_response)
    async with make_client(recorder) as client:
        await client.send_sms(to=["+33612345678"], from_="InfoText", text="Hi")
    headers = recorder.requests[0].headers
    assert headers["X-API-KEY"] == API_KEY
    assert "authorization" not in headers
    assert headers["Content-Type"] == "application/json"
    assert headers["Accept"] == "application/json"
    assert headers["User-Agent"].startswith("smscx-python/")


async def test_an_access_token_is_sent_as_a_bearer(make_client: MakeClient) -> None:
    recorder = Recorder(send_response)
    async with make_client(recorder, api_key=None, access_token="tok-123") as client:
        await client.estimate_sms(to=["+33612345678"], from_="InfoText", text="Hi")
    headers = recorder.requests[0].headers
    assert headers["Authorization"] == "Bearer tok-123"
    assert "x-api-key" not in headers


async def test_a_send_gets_a_generated_uuid4_idempotency_id(make_client: MakeClient) -> None:
    recorder = Recorder(send_response)
    async with make_client(recorder) as client:
        result = await client.send_sms(to=["+33612345678"], from_="InfoText", text="Hi")
    sent = recorder.bodies()[0]["idempotencyId"]
    assert uuid.UUID(sent).version == 4
    assert result.idempotency_id == sent
    assert result.meta.idempotency_confirmed is True


async def test_each_logical_send_gets_its_own_idempotency_id(make_client: MakeClient) -> None:
    recorder = Recorder(send_response)
    async with make_client(recorder) as client:
        for _ in range(3):
            await client.send_sms(to=["+33612345678"], from_="InfoText", text="Hi")
    ids = [body["idempotencyId"] for body in recorder.bodies()]
    assert len(set(ids)) == 3


async def test_an_estimate_sends_no_idempotency_id(make_client: MakeClient) -> None:
    recorder = Recorder(send_response)
    async with make_client(recorder) as client:
        result = await client.estimate_sms(to=["+33612345678"], from_="InfoText", text="Hi")
    assert str(recorder.requests[0].url) == "http://127.0.0.1/sms/estimate"
    assert "idempotencyId" not in recorder.bodies()[0]
    assert result.idempotency_id is None


async def test_a_request_model_is_accepted_instead_of_keywords(make_client: MakeClient) -> None:
    recorder = Recorder(send_response)
    request = SendSmsMessageRequest(
        to=["+33612345678"], from_="InfoText", text="Hi", idempotency_id=IDEMPOTENCY
    )
    async with make_client(recorder) as client:
        result = await client.send_sms(request)
    assert recorder.bodies()[0] == {
        "to": ["+33612345678"],
        "from": "InfoText",
        "text": "Hi",
        "idempotencyId": IDEMPOTENCY,
    }
    assert result.idempotency_id == IDEMPOTENCY


async def test_an_estimate_model_built_from_a_send_model_drops_the_id(
    make_client: MakeClient,
) -> None:
    recorder = Recorder(send_response)
    request = SendSmsMessageRequest(
        to=["+33612345678"], from_="InfoText", text="Hi", idempotency_id=IDEMPOTENCY
    )
    async with make_client(recorder) as client:
        await client.estimate_sms(request)
    assert "idempotencyId" not in recorder.bodies()[0]


async def test_estimate_model_is_accepted(make_client: MakeClient) -> None:
    recorder = Recorder(send_response)
    async with make_client(recorder) as client:
        await client.estimate_sms(
            SendSmsRequestEstimate(to=["+33612345678"], from_="InfoText", text="Hi")
        )
    assert recorder.bodies()[0] == {"to": ["+33612345678"], "from": "InfoText", "text": "Hi"}


async def test_send_sms_campaign_puts_the_seed_example_on_the_wire(
    make_client: MakeClient,
) -> None:
    recorder = Recorder(campaign_response)
    async with make_client(recorder) as client:
        result = await client.send_sms_campaign(
            groups=[1],
            from_="InfoText",
            text="Hello {{firstName}} {{lastName}} This is example text {{optoutLink}}",
            dlr_callback_url="https://webhook/receive-sms-delivery-reports",
            idempotency_id=IDEMPOTENCY,
            transliteration=Transliteration(alphabet="NONE", remove_emojis=False),
        )
    (request,) = recorder.requests
    assert (request.method, str(request.url)) == ("POST", "http://127.0.0.1/sms/campaign")
    assert json.loads(request.content) == {
        "groups": [1],
        "from": "InfoText",
        "text": "Hello {{firstName}} {{lastName}} This is example text {{optoutLink}}",
        "dlrCallbackUrl": "https://webhook/receive-sms-delivery-reports",
        "idempotencyId": IDEMPOTENCY,
        "transliteration": {"alphabet": "NONE", "removeEmojis": False},
    }
    assert result.info.groups[0].name == "VIP"
    assert result.idempotency_id == IDEMPOTENCY


async def test_estimate_sms_campaign_posts_to_its_path(make_client: MakeClient) -> None:
    recorder = Recorder(campaign_response)
    async with make_client(recorder) as client:
        await client.estimate_sms_campaign(groups=[1, 2], from_="InfoText", text="Hi")
    (request,) = recorder.requests
    assert str(request.url) == "http://127.0.0.1/sms/campaign/estimate"
    assert json.loads(request.content) == {"groups": [1, 2], "from": "InfoText", "text": "Hi"}


async def test_campaign_model_is_accepted(make_client: MakeClient) -> None:
    recorder = Recorder(campaign_response)
    async with make_client(recorder) as client:
        await client.send_sms_campaign(
            SendSmsCampaignRequest(groups=[7], from_="InfoText", text="Hi")
        )
    assert recorder.bodies()[0]["groups"] == [7]


async def test_delete_scheduled_sms_sends_a_bodiless_delete(make_client: MakeClient) -> None:
    msg_id = "3328fe13-2b99-4282-b62e-d891f5e452a8"
    recorder = Recorder(
        httpx.Response(
            200,
            json={"info": {"msgId": msg_id, "parts": 2, "creditReturned": 0.1, "channel": "sms"}},
        )
    )
    async with make_client(recorder) as client:
        result = await client.delete_scheduled_sms(msg_id)
    (request,) = recorder.requests
    assert (request.method, str(request.url)) == (
        "DELETE",
        f"http://127.0.0.1/sms/scheduled/{msg_id}",
    )
    assert request.content == b""
    assert "content-type" not in request.headers
    assert (result.info.msg_id, result.info.parts, result.info.credit_returned) == (msg_id, 2, 0.1)


async def test_delete_scheduled_campaign_sends_a_bodiless_delete(make_client: MakeClient) -> None:
    campaign_id = "cbb72a72-0dfa-4288-b3d0-05fab904f0b2"
    info = {
        "campaignId": campaign_id,
        "totalPhoneNumbers": 10,
        "totalParts": 10,
        "phoneNumbersDeleted": 6,
        "partsDeleted": 6,
        "creditReturned": 0.3,
        "channel": "sms",
    }
    recorder = Recorder(httpx.Response(200, json={"info": info}))
    async with make_client(recorder) as client:
        result = await client.delete_scheduled_sms_campaign(campaign_id)
    assert str(recorder.requests[0].url) == (
        f"http://127.0.0.1/sms/scheduled/campaign/{campaign_id}"
    )
    assert result.info.phone_numbers_deleted == 6
    assert result.info.credit_returned == 0.3


async def test_a_send_result_exposes_models_and_metadata(make_client: MakeClient) -> None:
    def respond(request: httpx.Request) -> httpx.Response:
        return send_response(request, **{"X-Response-Time": "12ms"})

    async with make_client(respond) as client:
        result = await client.send_sms(to=["+33612345678"], from_="InfoText", text="Hi")
    message = result.data[0]
    assert message.msg_id == "3328fe13-2b99-4282-b62e-d891f5e452a8"
    assert message.created_at == datetime(2026, 11, 26, 14, 54, 13, tzinfo=timezone.utc)
    assert message.from_ == "InfoText"
    assert message.text_analysis is not None
    assert message.text_analysis.parts == 1
    assert result.info.total_cost == 0.05
    assert result.info.phone_numbers_by_country == {"FR": 1}
    assert result.request_id == "req-1"
    assert result.attempts == 1
    assert result.meta.response_time == "12ms"
    assert result.rate_limit is not None
    assert (result.rate_limit.limit, result.rate_limit.remaining) == (100, 99)


async def test_a_vendor_smscx_client_model_is_accepted(make_client: MakeClient) -> None:
    vendor = pytest.importorskip("smscx_client.model.send_sms_message_request")
    vendor_transliteration = pytest.importorskip("smscx_client.model.transliteration")
    request = vendor.SendSmsMessageRequest(
        to=["+33612345678"],
        _from="InfoText",
        text="Hi",
        allow_invalid=True,
        idempotency_id=IDEMPOTENCY,
        transliteration=vendor_transliteration.Transliteration(
            alphabet="NONE", remove_emojis=False
        ),
    )
    recorder = Recorder(send_response)
    async with make_client(recorder) as client:
        await client.send_sms(request)
        await client.estimate_sms(request)
    send, estimate = recorder.bodies()
    assert send == {
        "to": ["+33612345678"],
        "from": "InfoText",
        "text": "Hi",
        "allowInvalid": True,
        "idempotencyId": IDEMPOTENCY,
        "transliteration": {"alphabet": "NONE", "removeEmojis": False},
    }
    assert estimate == {k: v for k, v in send.items() if k != "idempotencyId"}


async def test_an_unrelated_object_is_a_type_error_naming_its_module(
    make_client: MakeClient,
) -> None:
    async with make_client(Recorder(send_response)) as client:
        with pytest.raises(TypeError, match=r"got builtins\.dict"):
            await client.send_sms({"to": ["+33612345678"]})  # type: ignore[arg-type]


def test_a_generated_idempotency_id_is_a_canonical_random_uuid() -> None:
    from smscx._pipeline import new_uuid4

    seen = {new_uuid4() for _ in range(2_000)}
    assert len(seen) == 2_000
    for value in list(seen)[:200]:
        parsed = uuid.UUID(value)
        assert (parsed.version, parsed.variant, str(parsed)) == (4, uuid.RFC_4122, value)
