"""What the client refuses before sending: each ValidationError, its field and its API code.

Every rejection here must happen before any request leaves: the MockTransport handler is a
``Recorder`` and must have seen nothing.
"""

from __future__ import annotations

import json
import string
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any

import attrs
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smscx import (
    AsyncSmsClient,
    ErrorCode,
    SendSmsCampaignRequest,
    SendSmsMessageRequest,
    SmscxError,
    Transliteration,
    ValidationError,
)
from smscx._validation import validate_request
from smscx.models._common import _Request
from tests.helpers import Recorder, send_response

pytestmark = pytest.mark.anyio

MakeClient = Callable[..., AsyncSmsClient]
Call = Callable[[AsyncSmsClient], Awaitable[object]]

TO = ["+33612345678"]
SEND: dict[str, Any] = {"to": TO, "from_": "InfoText", "text": "Hello"}
CAMPAIGN: dict[str, Any] = {"groups": [1], "from_": "InfoText", "text": "Hello"}
MSG_ID = "3328fe13-2b99-4282-b62e-d891f5e452a8"
UUID4 = "bf325375-e030-4ccb-a009-17317c574773"


def send(**changes: Any) -> Call:
    """A send_sms call with valid arguments, some changed (None removes one)."""
    fields = {k: v for k, v in {**SEND, **changes}.items() if v is not None}
    return lambda client: client.send_sms(**fields)


def campaign(**changes: Any) -> Call:
    fields = {k: v for k, v in {**CAMPAIGN, **changes}.items() if v is not None}
    return lambda client: client.send_sms_campaign(**fields)


async def rejected(make_client: MakeClient, call: Call) -> ValidationError:
    """The ValidationError ``call`` raises; fails if any request was sent."""
    recorder = Recorder(send_response)
    async with make_client(recorder) as client:
        with pytest.raises(ValidationError) as info:
            await call(client)
    assert recorder.requests == []
    return info.value


async def accepted(make_client: MakeClient, call: Call) -> dict[str, Any]:
    """The JSON body ``call`` sent (it must send exactly one request)."""
    recorder = Recorder(send_response)
    async with make_client(recorder) as client:
        await call(client)
    (body,) = recorder.bodies()
    return body


async def outcome(call: Awaitable[object]) -> ValidationError | None:
    """The ValidationError a call raised, or None when it went through."""
    try:
        await call
    except ValidationError as error:
        return error
    return None


def where(error: ValidationError) -> tuple[str | None, ErrorCode | None]:
    return error.field, error.code


# --- the error type ---------------------------------------------------------------------


async def test_a_validation_error_is_a_value_error_and_an_smscx_error(
    make_client: MakeClient,
) -> None:
    error = await rejected(make_client, send(text=""))
    assert isinstance(error, ValueError)
    assert isinstance(error, SmscxError)


# --- recipients -------------------------------------------------------------------------


async def test_empty_to_is_code_1104(make_client: MakeClient) -> None:
    error = await rejected(make_client, send(to=[]))
    assert where(error) == ("to", ErrorCode.TO_MISSING)


async def test_missing_to_is_code_1104(make_client: MakeClient) -> None:
    error = await rejected(make_client, send(to=None))
    assert where(error) == ("to", ErrorCode.TO_MISSING)


async def test_25_001_numbers_is_code_1103(make_client: MakeClient) -> None:
    numbers = [f"+3361{i:07d}" for i in range(25_001)]
    error = await rejected(make_client, send(to=numbers))
    assert where(error) == ("to", ErrorCode.TOO_MANY_NUMBERS)


async def test_25_000_numbers_are_sent(make_client: MakeClient) -> None:
    numbers = [f"+3361{i:07d}" for i in range(25_000)]
    body = await accepted(make_client, send(to=numbers))
    assert body["to"] == numbers


async def test_a_lone_string_to_is_a_one_element_list_on_the_wire(
    make_client: MakeClient,
) -> None:
    body = await accepted(make_client, send(to="+33612345678"))
    assert body["to"] == ["+33612345678"]


async def test_a_lone_int_group_is_a_one_element_list_on_the_wire(
    make_client: MakeClient,
) -> None:
    body = await accepted(make_client, campaign(groups=7))
    assert body["groups"] == [7]


async def test_a_number_that_is_not_a_string_names_the_to_field(make_client: MakeClient) -> None:
    error = await rejected(make_client, send(to=[33612345678]))
    assert error.field == "to"


async def test_a_to_that_is_neither_a_string_nor_a_list_names_the_to_field(
    make_client: MakeClient,
) -> None:
    error = await rejected(make_client, send(to=33612345678))
    assert error.field == "to"


# --- required fields --------------------------------------------------------------------


async def test_missing_from_is_code_1105(make_client: MakeClient) -> None:
    error = await rejected(make_client, send(from_=None))
    assert where(error) == ("from", ErrorCode.FROM_MISSING)


async def test_empty_from_is_code_1105(make_client: MakeClient) -> None:
    error = await rejected(make_client, send(from_=""))
    assert where(error) == ("from", ErrorCode.FROM_MISSING)


async def test_missing_text_is_code_1107(make_client: MakeClient) -> None:
    error = await rejected(make_client, send(text=None))
    assert where(error) == ("text", ErrorCode.TEXT_MISSING)


@pytest.mark.parametrize("text", ["", " ", " \t\n\r "], ids=["empty", "space", "whitespace"])
async def test_blank_text_is_code_1107(make_client: MakeClient, text: str) -> None:
    error = await rejected(make_client, send(text=text))
    assert where(error) == ("text", ErrorCode.TEXT_MISSING)


async def test_missing_groups_is_code_1101(make_client: MakeClient) -> None:
    error = await rejected(make_client, campaign(groups=None))
    assert where(error) == ("groups", ErrorCode.GROUPS_MISSING)


async def test_empty_groups_is_code_1101(make_client: MakeClient) -> None:
    error = await rejected(make_client, campaign(groups=[]))
    assert where(error) == ("groups", ErrorCode.GROUPS_MISSING)


async def test_a_group_id_that_is_not_an_int_is_code_1140(make_client: MakeClient) -> None:
    error = await rejected(make_client, campaign(groups=[1, True]))
    assert where(error) == ("groups", ErrorCode.GROUP_INVALID)


async def test_missing_fields_are_rejected_for_estimates_too(make_client: MakeClient) -> None:
    error = await rejected(
        make_client, lambda client: client.estimate_sms(from_="InfoText", text="Hello")
    )
    assert where(error) == ("to", ErrorCode.TO_MISSING)


# --- sender -----------------------------------------------------------------------------


@pytest.mark.parametrize("sender", ["In", "InfoTextInfoText"], ids=["2-chars", "16-chars"])
async def test_a_sender_outside_3_to_15_chars_is_code_1106(
    make_client: MakeClient, sender: str
) -> None:
    error = await rejected(make_client, send(from_=sender))
    assert where(error) == ("from", ErrorCode.FROM_INVALID)


@pytest.mark.parametrize("sender", ["Inf", "InfoTextInfoTex"], ids=["3-chars", "15-chars"])
async def test_a_sender_of_3_or_15_chars_is_sent(make_client: MakeClient, sender: str) -> None:
    body = await accepted(make_client, send(from_=sender))
    assert body["from"] == sender


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(sender=st.text(max_size=25))
async def test_any_sender_is_sent_iff_3_to_15_chars_else_a_validation_error(
    make_client: MakeClient, sender: str
) -> None:
    recorder = Recorder(send_response)
    async with make_client(recorder) as client:
        error = await outcome(client.send_sms(to=TO, from_=sender, text="Hello"))
    if 3 <= len(sender) <= 15:
        assert error is None
        assert json.loads(recorder.requests[0].content)["from"] == sender
    else:
        expected = ErrorCode.FROM_MISSING if sender == "" else ErrorCode.FROM_INVALID
        assert error is not None
        assert where(error) == ("from", expected)
        assert recorder.requests == []


# --- text placeholders ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Code {{numbers:0}}", "Code {{letters:21}}", "Code {{alphanumeric:99}}"],
    ids=["numbers-0", "letters-21", "alphanumeric-99"],
)
async def test_a_placeholder_length_outside_1_to_20_is_code_1137(
    make_client: MakeClient, text: str
) -> None:
    error = await rejected(make_client, send(text=text))
    assert where(error) == ("text", ErrorCode.PLACEHOLDER_LENGTH_OUT_OF_RANGE)


@pytest.mark.parametrize(
    "text",
    ["Code {{alphanumeric:x}}", "Code {{numbers:}}", "Code {{letters:-1}}", "Code {{numbers: 5}}"],
    ids=["letter", "empty", "negative", "space"],
)
async def test_a_placeholder_length_that_is_not_a_number_is_code_1136(
    make_client: MakeClient, text: str
) -> None:
    error = await rejected(make_client, send(text=text))
    assert where(error) == ("text", ErrorCode.PLACEHOLDER_LENGTH_INVALID)


@pytest.mark.parametrize(
    "text",
    [
        "Code {{numbers:20}}",
        "Code {{numbers:1}}",
        "Code {{numbers}}",
        "Code {{letters}} {{alphanumeric:8}}",
        "Hi {{firstName}} {{optoutLink}} {{shortlink:abc}}",
    ],
    ids=["numbers-20", "numbers-1", "numbers", "letters-alphanumeric-8", "other-placeholders"],
)
async def test_a_valid_placeholder_is_sent_unchanged(make_client: MakeClient, text: str) -> None:
    body = await accepted(make_client, send(text=text))
    assert body["text"] == text


async def test_a_superscript_digit_placeholder_length_is_code_1136(
    make_client: MakeClient,
) -> None:
    error = await rejected(make_client, send(text="Code {{numbers:²}}"))
    assert where(error) == ("text", ErrorCode.PLACEHOLDER_LENGTH_INVALID)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(size=st.text(alphabet=string.printable.replace("}", ""), max_size=4))
async def test_any_ascii_placeholder_length_is_sent_iff_1_to_20_else_1136_or_1137(
    make_client: MakeClient, size: str
) -> None:
    recorder = Recorder(send_response)
    async with make_client(recorder) as client:
        text = f"Code {{{{numbers:{size}}}}}"
        error = await outcome(client.send_sms(to=TO, from_="InfoText", text=text))
    if not size.isdigit():
        assert error is not None
        assert where(error) == ("text", ErrorCode.PLACEHOLDER_LENGTH_INVALID)
        assert recorder.requests == []
    elif not 1 <= int(size) <= 20:
        assert error is not None
        assert where(error) == ("text", ErrorCode.PLACEHOLDER_LENGTH_OUT_OF_RANGE)
        assert recorder.requests == []
    else:
        assert error is None
        assert json.loads(recorder.requests[0].content)["text"] == text


# --- transliteration --------------------------------------------------------------------


@pytest.mark.parametrize(
    "alphabet", ["KLINGON", "greek", ""], ids=["unknown", "lowercase", "empty"]
)
async def test_an_unknown_alphabet_is_code_1110(make_client: MakeClient, alphabet: str) -> None:
    error = await rejected(make_client, send(transliteration=alphabet))
    assert where(error) == ("transliteration.alphabet", ErrorCode.ALPHABET_INVALID)


async def test_a_remove_emojis_that_is_not_a_bool_is_code_1503(make_client: MakeClient) -> None:
    error = await rejected(
        make_client, send(transliteration=Transliteration(alphabet="NONE", remove_emojis="yes"))
    )
    assert where(error) == ("transliteration.removeEmojis", ErrorCode.REMOVE_EMOJIS_NOT_BOOLEAN)


# --- idempotency ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "idempotency_id",
    [
        "not-a-uuid",
        "bf325375-e030-4ccb-a009",
        "bf325375-e030-fccb-a009-17317c574773",  # the seed's own example: version 15
        "01890a5d-ac96-774b-bcce-b302099a8057",  # version 7
        "00000000-0000-0000-0000-000000000000",  # nil: no version
    ],
    ids=["not-a-uuid", "truncated", "version-15", "version-7", "nil"],
)
@pytest.mark.parametrize("make_call", [send, campaign], ids=["send_sms", "send_sms_campaign"])
async def test_an_idempotency_id_that_is_not_a_uuid_v1_to_v5_is_code_1111(
    make_client: MakeClient, make_call: Callable[..., Call], idempotency_id: str
) -> None:
    error = await rejected(make_client, make_call(idempotency_id=idempotency_id))
    assert where(error) == ("idempotencyId", ErrorCode.IDEMPOTENCY_ID_INVALID)


@pytest.mark.parametrize(
    "idempotency_id",
    ["c232ab00-9414-11ec-b3c8-9f6bdeced846", UUID4],
    ids=["version-1", "version-4"],
)
async def test_a_uuid_v1_or_v4_idempotency_id_is_sent(
    make_client: MakeClient, idempotency_id: str
) -> None:
    body = await accepted(make_client, send(idempotency_id=idempotency_id))
    assert body["idempotencyId"] == idempotency_id


# --- path identifiers -------------------------------------------------------------------

BAD_IDS = [
    "not-a-uuid",
    "../x",
    "../../sms",
    f"{MSG_ID}/../../sms",
    "%2e%2e%2fx",
    f"{MSG_ID}?x=1",
    "",
    "3328fe13-2b99-4282-b62e-d891f5e452a",
]
BAD_ID_NAMES = ["not-a-uuid", "dotdot", "dotdot-sms", "uuid-then-dotdot", "encoded", "query"]
BAD_ID_NAMES += ["empty", "short"]


@pytest.mark.parametrize("msg_id", BAD_IDS, ids=BAD_ID_NAMES)
async def test_a_msg_id_that_is_not_a_uuid_is_code_1115(
    make_client: MakeClient, msg_id: str
) -> None:
    error = await rejected(make_client, lambda client: client.delete_scheduled_sms(msg_id))
    assert error.code == ErrorCode.MESSAGE_ID_INVALID


@pytest.mark.parametrize("campaign_id", BAD_IDS, ids=BAD_ID_NAMES)
async def test_a_campaign_id_that_is_not_a_uuid_is_code_1155(
    make_client: MakeClient, campaign_id: str
) -> None:
    error = await rejected(
        make_client, lambda client: client.delete_scheduled_sms_campaign(campaign_id)
    )
    assert error.code == ErrorCode.CAMPAIGN_ID_INVALID


async def test_a_msg_id_that_is_not_a_string_is_code_1115(make_client: MakeClient) -> None:
    error = await rejected(make_client, lambda client: client.delete_scheduled_sms(1234))  # type: ignore[arg-type]
    assert error.code == ErrorCode.MESSAGE_ID_INVALID


async def test_a_bad_msg_id_names_the_field_in_wire_spelling(make_client: MakeClient) -> None:
    error = await rejected(make_client, lambda client: client.delete_scheduled_sms("../x"))
    assert error.field == "msgId"


@pytest.mark.parametrize(
    "msg_id",
    [f"urn:uuid:{MSG_ID}", f"{{{MSG_ID}}}", MSG_ID.replace("-", ""), f"3-3-2-8{MSG_ID[4:]}"],
    ids=["urn", "braces", "no-hyphens", "extra-hyphens"],
)
async def test_a_msg_id_goes_into_the_path_in_canonical_form(
    make_client: MakeClient, msg_id: str
) -> None:
    deleted = {"info": {"msgId": MSG_ID, "parts": 1, "creditReturned": 0.05}}
    recorder = Recorder(lambda request: httpx.Response(200, json=deleted))
    async with make_client(recorder) as client:
        await client.delete_scheduled_sms(msg_id)
    assert recorder.requests[0].url.path == f"/sms/scheduled/{MSG_ID}"


# --- scheduled date ---------------------------------------------------------------------


async def test_an_aware_scheduled_date_in_the_past_is_code_1116(make_client: MakeClient) -> None:
    # Its wall clock (UTC+5) is ahead of UTC: only a comparison in UTC sees it is past.
    plus_five = timezone(timedelta(hours=5))
    past = (datetime.now(timezone.utc) - timedelta(minutes=1)).astimezone(plus_five)
    error = await rejected(make_client, send(scheduled_date=past))
    assert where(error) == ("scheduledDate", ErrorCode.SCHEDULED_DATE_IN_PAST)


async def test_an_aware_future_scheduled_date_behind_utc_is_sent_in_utc(
    make_client: MakeClient,
) -> None:
    # Its wall clock (UTC-5) reads earlier than UTC now, yet the moment is in the future.
    minus_five = timezone(timedelta(hours=-5))
    future = (datetime.now(timezone.utc) + timedelta(hours=1)).replace(microsecond=0)
    body = await accepted(make_client, send(scheduled_date=future.astimezone(minus_five)))
    assert body["scheduledDate"] == future.strftime("%Y-%m-%d %H:%M:%S")


async def test_a_naive_scheduled_date_in_the_past_as_utc_is_code_1116(
    make_client: MakeClient,
) -> None:
    past = datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(minutes=1)
    error = await rejected(make_client, send(scheduled_date=past))
    assert where(error) == ("scheduledDate", ErrorCode.SCHEDULED_DATE_IN_PAST)


async def test_a_naive_future_scheduled_date_is_sent_as_utc(make_client: MakeClient) -> None:
    future = datetime(2031, 5, 17, 9, 30, 0)
    body = await accepted(make_client, send(scheduled_date=future))
    assert body["scheduledDate"] == "2031-05-17 09:30:00"


@pytest.mark.parametrize(
    "when",
    ["2031-05-17 09:30:00", date(2031, 5, 17), 1_936_000_000],
    ids=["string", "date", "timestamp"],
)
async def test_a_scheduled_date_that_is_not_a_datetime_is_code_1108(
    make_client: MakeClient, when: object
) -> None:
    error = await rejected(make_client, send(scheduled_date=when))
    assert where(error) == ("scheduledDate", ErrorCode.SCHEDULED_DATE_INVALID)


async def test_a_campaign_scheduled_in_the_past_is_code_1116(make_client: MakeClient) -> None:
    past = datetime.now(timezone.utc) - timedelta(seconds=5)
    error = await rejected(make_client, campaign(scheduled_date=past))
    assert where(error) == ("scheduledDate", ErrorCode.SCHEDULED_DATE_IN_PAST)


# --- callback URL -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["not a url", "ftp://x", "/relative", "https://", "example.com/dlr", "javascript:alert(1)"],
    ids=["words", "ftp", "relative", "no-host", "no-scheme", "javascript"],
)
async def test_a_malformed_callback_url_is_code_1109(make_client: MakeClient, url: str) -> None:
    error = await rejected(make_client, send(dlr_callback_url=url))
    assert where(error) == ("dlrCallbackUrl", ErrorCode.DLR_CALLBACK_URL_INVALID)


@pytest.mark.parametrize(
    "url",
    ["https://example.com/dlr", "http://hooks.example.com:8080/sms?x=1"],
    ids=["https", "http-port-query"],
)
async def test_an_absolute_http_callback_url_is_sent(make_client: MakeClient, url: str) -> None:
    body = await accepted(make_client, send(dlr_callback_url=url))
    assert body["dlrCallbackUrl"] == url


# --- model or keywords ------------------------------------------------------------------


async def test_a_request_model_and_keywords_together_are_a_type_error(
    make_client: MakeClient,
) -> None:
    recorder = Recorder(send_response)
    request = SendSmsMessageRequest(to=TO, from_="InfoText", text="Hello")
    async with make_client(recorder) as client:
        with pytest.raises(TypeError):
            await client.send_sms(request, text="Other")
    assert recorder.requests == []


async def test_a_request_model_of_another_endpoint_is_a_type_error(
    make_client: MakeClient,
) -> None:
    recorder = Recorder(send_response)
    request = SendSmsCampaignRequest(groups=[1], from_="InfoText", text="Hello")
    async with make_client(recorder) as client:
        with pytest.raises(TypeError):
            await client.send_sms(request)  # type: ignore[arg-type]
    assert recorder.requests == []


async def test_a_request_model_is_validated_like_keywords(make_client: MakeClient) -> None:
    request = SendSmsMessageRequest(to=TO, from_="In", text="Hello")
    error = await rejected(make_client, lambda client: client.send_sms(request))
    assert where(error) == ("from", ErrorCode.FROM_INVALID)


async def test_an_aware_date_with_is_utc_false_is_refused(make_client: MakeClient) -> None:
    paris = timezone(timedelta(hours=1))
    error = await rejected(
        make_client,
        send(scheduled_date=datetime(2031, 1, 1, 9, 0, tzinfo=paris), is_utc=False),
    )
    assert where(error) == ("scheduledDate", ErrorCode.SCHEDULED_DATE_INVALID)


@pytest.mark.parametrize(("option", "value"), [("chunk_size", 0), ("concurrency", 0)])
async def test_bad_batch_options_are_a_plain_value_error_before_anything_is_sent(
    make_client: MakeClient, option: str, value: int
) -> None:
    recorder = Recorder(send_response)
    async with make_client(recorder) as client:
        with pytest.raises(ValueError, match=option):
            await client.send_bulk(["+33612345678"], text="Hi", from_="InfoText", **{option: value})
    assert recorder.requests == []


# --- which rules apply ------------------------------------------------------------------


def test_a_request_with_no_rules_of_its_own_passes_and_anything_else_is_refused() -> None:
    @attrs.frozen(kw_only=True)
    class Ping(_Request):  # a namespace's request with nothing to check before sending
        name: str

    validate_request(Ping(name=""))
    with pytest.raises(TypeError, match="not a request model: dict"):
        validate_request({"name": ""})


def test_a_send_is_checked_by_its_estimates_rules() -> None:
    with pytest.raises(ValidationError) as refused:
        validate_request(SendSmsMessageRequest(to=[], from_="InfoText", text="Hi"))
    assert refused.value.code == ErrorCode.TO_MISSING
