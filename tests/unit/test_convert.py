"""The one converter: wire names, omitted options, dates, strict primitives, and bad bodies."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smscx import (
    APIResponseValidationError,
    AsyncSmsClient,
    DataSms,
    DeleteScheduledCampaign,
    DeleteScheduledMsg,
    Info,
    InfoCampaign,
    SendSmsCampaignRequest,
    SendSmsCampaignRequestEstimate,
    SendSmsCampaignResponse,
    SendSmsMessageRequest,
    SendSmsMessageResponse,
    SendSmsRequestEstimate,
    Transliteration,
)
from smscx._convert import (
    ShapeError,
    _explainer,
    converter,
    dumps,
    format_datetime,
    loads,
    parse_datetime,
    structure,
    unstructure_request,
)
from smscx.models import (
    DeleteScheduledCampaignInfo,
    DeleteScheduledMsgInfo,
    Group,
    ModelList,
    TextAnalysis,
    TransliterationAnalysis,
    TransliterationText,
    TransliterationTextAnalysis,
)
from tests.helpers import Recorder, data_body, info_body

pytestmark = pytest.mark.anyio

MakeClient = Callable[..., AsyncSmsClient]

TO = ["+33612345678"]
IDEMPOTENCY = "bf325375-e030-4ccb-a009-17317c574774"
TRACK = "bf325375-e030-4ccb-a009-17317c574773"
MSG_ID = "3328fe13-2b99-4282-b62e-d891f5e452a8"
CAMPAIGN_ID = "cbb72a72-0dfa-4288-b3d0-05fab904f0b2"
UTC = timezone.utc
PLUS_TWO = timezone(timedelta(hours=2))


# --- requests on the wire ---------------------------------------------------------------


def test_every_request_field_has_its_camel_case_wire_name() -> None:
    request = SendSmsMessageRequest(
        to=TO,
        from_="InfoText",
        text="Hi",
        country_iso="FR",
        allow_invalid=True,
        scheduled_date=datetime(2031, 5, 17, 9, 30, tzinfo=UTC),
        is_utc=True,
        dlr_callback_url="https://example.com/dlr",
        track_data=TRACK,
        short_response=True,
        no_text_details=True,
        show_timezone=True,
        idempotency_id=IDEMPOTENCY,
        transliteration=Transliteration(alphabet="GREEK", remove_emojis=True),
    )
    assert unstructure_request(request, SendSmsMessageRequest) == {
        "to": TO,
        "from": "InfoText",
        "text": "Hi",
        "countryIso": "FR",
        "allowInvalid": True,
        "scheduledDate": "2031-05-17 09:30:00",
        "isUtc": True,
        "dlrCallbackUrl": "https://example.com/dlr",
        "trackData": TRACK,
        "shortResponse": True,
        "noTextDetails": True,
        "showTimezone": True,
        "idempotencyId": IDEMPOTENCY,
        "transliteration": {"alphabet": "GREEK", "removeEmojis": True},
    }


def test_options_left_none_are_omitted_not_sent_as_null() -> None:
    request = SendSmsMessageRequest(to=TO, from_="InfoText", text="Hi")
    assert unstructure_request(request, SendSmsMessageRequest) == {
        "to": TO,
        "from": "InfoText",
        "text": "Hi",
    }


def test_explicit_false_options_are_sent() -> None:
    request = SendSmsMessageRequest(
        to=TO,
        from_="InfoText",
        text="Hi",
        allow_invalid=False,
        is_utc=False,
        short_response=False,
        no_text_details=False,
        show_timezone=False,
        transliteration=Transliteration(alphabet="NONE", remove_emojis=False),
    )
    assert unstructure_request(request, SendSmsMessageRequest) == {
        "to": TO,
        "from": "InfoText",
        "text": "Hi",
        "allowInvalid": False,
        "isUtc": False,
        "shortResponse": False,
        "noTextDetails": False,
        "showTimezone": False,
        "transliteration": {"alphabet": "NONE", "removeEmojis": False},
    }


def test_a_transliteration_given_as_an_alphabet_name_sends_only_the_alphabet() -> None:
    request = SendSmsRequestEstimate(to=TO, from_="InfoText", text="Hi", transliteration="GREEK")
    assert unstructure_request(request, SendSmsRequestEstimate)["transliteration"] == {
        "alphabet": "GREEK"
    }


def test_a_campaign_request_has_groups_and_its_idempotency_id() -> None:
    request = SendSmsCampaignRequest(
        groups=[1, 2], from_="InfoText", text="Hi {{firstName}}", idempotency_id=IDEMPOTENCY
    )
    assert unstructure_request(request, SendSmsCampaignRequest) == {
        "groups": [1, 2],
        "from": "InfoText",
        "text": "Hi {{firstName}}",
        "idempotencyId": IDEMPOTENCY,
    }


def test_an_estimate_built_from_a_send_request_loses_the_idempotency_id() -> None:
    request = SendSmsMessageRequest(
        to=TO, from_="InfoText", text="Hi", allow_invalid=True, idempotency_id=IDEMPOTENCY
    )
    assert unstructure_request(request, SendSmsRequestEstimate) == {
        "to": TO,
        "from": "InfoText",
        "text": "Hi",
        "allowInvalid": True,
    }


def test_a_campaign_estimate_built_from_a_campaign_request_loses_the_idempotency_id() -> None:
    request = SendSmsCampaignRequest(
        groups=[1], from_="InfoText", text="Hi", idempotency_id=IDEMPOTENCY
    )
    assert unstructure_request(request, SendSmsCampaignRequestEstimate) == {
        "groups": [1],
        "from": "InfoText",
        "text": "Hi",
    }


async def test_estimate_sms_given_a_send_request_sends_no_idempotency_id(
    make_client: MakeClient,
) -> None:
    recorder = Recorder(
        lambda request: httpx.Response(200, json={"info": info_body(), "data": [data_body()]})
    )
    request = SendSmsMessageRequest(to=TO, from_="InfoText", text="Hi", idempotency_id=IDEMPOTENCY)
    async with make_client(recorder) as client:
        await client.estimate_sms(request)
    assert recorder.bodies() == [{"to": TO, "from": "InfoText", "text": "Hi"}]


# --- dates ------------------------------------------------------------------------------


def test_an_aware_non_utc_datetime_is_formatted_in_utc() -> None:
    assert format_datetime(datetime(2031, 5, 17, 11, 30, 0, tzinfo=PLUS_TWO)) == (
        "2031-05-17 09:30:00"
    )


def test_a_naive_datetime_is_formatted_as_utc_unchanged() -> None:
    assert format_datetime(datetime(2031, 5, 17, 9, 30, 0)) == "2031-05-17 09:30:00"


def test_a_formatted_datetime_drops_microseconds() -> None:
    assert format_datetime(datetime(2031, 5, 17, 9, 30, 0, 999_999, tzinfo=UTC)) == (
        "2031-05-17 09:30:00"
    )


def test_a_formatted_datetime_crossing_midnight_changes_the_date() -> None:
    assert format_datetime(datetime(2031, 1, 1, 1, 0, 0, tzinfo=PLUS_TWO)) == (
        "2030-12-31 23:00:00"
    )


def test_a_scheduled_date_in_a_request_goes_on_the_wire_in_utc() -> None:
    request = SendSmsRequestEstimate(
        to=TO,
        from_="InfoText",
        text="Hi",
        scheduled_date=datetime(2031, 5, 17, 11, 30, 0, tzinfo=PLUS_TWO),
    )
    assert unstructure_request(request, SendSmsRequestEstimate)["scheduledDate"] == (
        "2031-05-17 09:30:00"
    )


def test_a_wire_date_parses_to_an_aware_utc_datetime() -> None:
    parsed = parse_datetime("2026-11-26 14:54:13")
    assert parsed == datetime(2026, 11, 26, 14, 54, 13, tzinfo=UTC)
    assert parsed.tzinfo is UTC


@pytest.mark.parametrize(
    "text",
    ["2026-11-26T14:54:13", "2026-11-26T16:54:13+02:00", "2026-11-26T14:54:13Z"],
    ids=["iso-naive", "iso-offset", "iso-z"],
)
def test_an_iso_date_parses_to_the_same_utc_moment(text: str) -> None:
    parsed = parse_datetime(text)
    assert parsed == datetime(2026, 11, 26, 14, 54, 13, tzinfo=UTC)
    assert parsed.tzinfo is UTC


@pytest.mark.parametrize(
    "text",
    ["", "yesterday", "26/11/2026 14:54:13", "2026-11-26", "2026-13-45 99:99:99"],
    ids=["empty", "word", "european", "date-only", "impossible"],
)
def test_a_string_that_is_not_a_wire_date_raises_value_error(text: str) -> None:
    with pytest.raises(ValueError, match=r"."):
        parse_datetime(text)


def test_a_structured_created_at_is_utc_aware() -> None:
    sms = structure(data_body(createdAt="2026-11-26 14:54:13"), DataSms)
    assert sms.created_at == datetime(2026, 11, 26, 14, 54, 13, tzinfo=UTC)
    assert sms.created_at.tzinfo is UTC


# --- responses: tolerance and strictness --------------------------------------------------


def test_unknown_response_fields_are_ignored() -> None:
    body = {
        "info": info_body(newTotal=3, nested={"x": [1, 2]}),
        "data": [data_body(carrier="Orange", tags=["a"])],
        "meta": {"page": 1},
    }
    result = structure(body, SendSmsMessageResponse)
    assert result == structure({"info": info_body(), "data": [data_body()]}, SendSmsMessageResponse)


def test_absent_optional_message_fields_are_none() -> None:
    body = data_body()
    for key in ("errorCode", "countryIso", "text", "textAnalysis"):
        del body[key]
    sms = structure(body, DataSms)
    assert (
        sms.error_code,
        sms.country_iso,
        sms.text,
        sms.text_analysis,
        sms.track_data,
        sms.scheduled_at,
        sms.timezone,
    ) == (None, None, None, None, None, None, None)


def test_absent_optional_info_fields_are_none() -> None:
    body = info_body()
    del body["dlrCallbackUrl"]
    info = structure(body, Info)
    assert (
        info.dlr_callback_url,
        info.transliteration_analysis,
        info.total_in_quiet_hours,
        info.invalid,
    ) == (None, None, None, None)


def test_null_optional_fields_are_none() -> None:
    sms = structure(data_body(errorCode=None, text=None, textAnalysis=None), DataSms)
    assert (sms.error_code, sms.text, sms.text_analysis) == (None, None, None)


def test_an_absent_data_list_is_empty() -> None:
    assert structure({"info": info_body()}, SendSmsMessageResponse).data == []


def test_an_integral_float_for_an_int_is_accepted_as_an_int() -> None:
    sms = structure(data_body(statusCode=100.0), DataSms)
    assert sms.status_code == 100
    assert type(sms.status_code) is int


def test_an_int_for_a_float_is_accepted_as_a_float() -> None:
    sms = structure(data_body(cost=1), DataSms)
    assert sms.cost == 1.0
    assert type(sms.cost) is float


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("statusCode", "100"),
        ("statusCode", True),
        ("statusCode", 1.5),
        ("parts", None),
        ("msgId", 123),
        ("msgId", None),
        ("from", ["InfoText"]),
        ("cost", "0.05"),
        ("cost", True),
        ("inQuietHours", 0),
        ("inQuietHours", "false"),
        ("createdAt", 1_700_000_000),
        ("createdAt", "yesterday"),
        ("textAnalysis", "none"),
    ],
    ids=[
        "string-for-int",
        "bool-for-int",
        "fraction-for-int",
        "null-for-int",
        "number-for-string",
        "null-for-string",
        "list-for-string",
        "string-for-float",
        "bool-for-float",
        "int-for-bool",
        "string-for-bool",
        "number-for-date",
        "word-for-date",
        "string-for-object",
    ],
)
def test_a_wrong_primitive_type_raises(key: str, value: object) -> None:
    with pytest.raises(ShapeError):
        structure(data_body(**{key: value}), DataSms)


@pytest.mark.parametrize(
    "key", ["msgId", "status", "statusCode", "createdAt", "cost", "to", "from", "parts"]
)
def test_a_missing_required_message_field_raises(key: str) -> None:
    body = data_body()
    del body[key]
    with pytest.raises(ShapeError):
        structure(body, DataSms)


def test_phone_numbers_by_country_with_a_string_count_raises() -> None:
    with pytest.raises(ShapeError):
        structure(info_body(phoneNumbersByCountry={"FR": "1"}), Info)


# --- bad 200 bodies through the client -------------------------------------------------

CALLS: dict[str, Callable[[AsyncSmsClient], Awaitable[object]]] = {
    "send_sms": lambda c: c.send_sms(
        to=TO, from_="InfoText", text="Hello", idempotency_id=IDEMPOTENCY
    ),
    "estimate_sms": lambda c: c.estimate_sms(to=TO, from_="InfoText", text="Hello"),
    "send_sms_campaign": lambda c: c.send_sms_campaign(
        groups=[1], from_="InfoText", text="Hello", idempotency_id=IDEMPOTENCY
    ),
    "estimate_sms_campaign": lambda c: c.estimate_sms_campaign(
        groups=[1], from_="InfoText", text="Hello"
    ),
    "delete_scheduled_sms": lambda c: c.delete_scheduled_sms(MSG_ID),
    "delete_scheduled_sms_campaign": lambda c: c.delete_scheduled_sms_campaign(CAMPAIGN_ID),
}
RESPONSE_TYPES: dict[str, type] = {
    "send_sms": SendSmsMessageResponse,
    "estimate_sms": SendSmsMessageResponse,
    "send_sms_campaign": SendSmsCampaignResponse,
    "estimate_sms_campaign": SendSmsCampaignResponse,
    "delete_scheduled_sms": DeleteScheduledMsg,
    "delete_scheduled_sms_campaign": DeleteScheduledCampaign,
}

BAD_BODIES = {
    "not-json": (b"<html><body>OK</body></html>", "<html><body>OK</body></html>"),
    "truncated-json": (b'{"info": {"campaignId": "0b57', '{"info": {"campaignId": "0b57'),
    "json-list": (b'[{"info": {}}]', '[{"info": {}}]'),
    "json-null": (b"null", "null"),
    "json-string": (b'"ok"', '"ok"'),
    "missing-info": (b'{"data": []}', '{"data": []}'),
    "info-not-object": (b'{"info": [1, 2]}', '{"info": [1, 2]}'),
    "empty": (b"", ""),
    "whitespace": (b" \n\t ", ""),
    "not-utf8": (b"\xff\xfe{", "\ufffd\ufffd{"),
}


@pytest.mark.parametrize("endpoint", sorted(CALLS))
@pytest.mark.parametrize("bad", sorted(BAD_BODIES))
async def test_a_200_with_a_bad_body_is_a_response_validation_error_with_an_excerpt(
    make_client: MakeClient, endpoint: str, bad: str
) -> None:
    content, shown = BAD_BODIES[bad]
    recorder = Recorder(
        lambda request: httpx.Response(200, content=content, headers={"X-Request-Id": "req-bad"})
    )
    async with make_client(recorder) as client:
        with pytest.raises(APIResponseValidationError) as info:
            await CALLS[endpoint](client)
    error = info.value
    assert (error.status_code, error.request_id, error.body_excerpt) == (200, "req-bad", shown)
    assert len(recorder.requests) == 1


async def test_a_send_with_a_bad_200_body_is_maybe_sent_with_its_idempotency_id(
    make_client: MakeClient,
) -> None:
    recorder = Recorder(lambda request: httpx.Response(200, content=b'{"data": []}'))
    async with make_client(recorder) as client:
        with pytest.raises(APIResponseValidationError) as info:
            await CALLS["send_sms"](client)
    assert (info.value.maybe_sent, info.value.idempotency_id) == (True, IDEMPOTENCY)


async def test_a_200_with_a_wrongly_typed_field_says_what_was_expected(
    make_client: MakeClient,
) -> None:
    body = {"info": info_body(totalCost="0.05"), "data": [data_body()]}
    recorder = Recorder(lambda request: httpx.Response(200, json=body))
    async with make_client(recorder) as client:
        with pytest.raises(APIResponseValidationError) as info:
            await CALLS["estimate_sms"](client)
    assert info.value.message.startswith(
        "POST /sms/estimate: the HTTP 200 body does not match SendSmsMessageResponse: "
        "invalid value for type, expected float @ $.info."
    )


async def test_a_200_with_a_wrongly_typed_field_names_its_wire_path(
    make_client: MakeClient,
) -> None:
    body = {"info": info_body(totalCost="0.05"), "data": [data_body()]}
    recorder = Recorder(lambda request: httpx.Response(200, json=body))
    async with make_client(recorder) as client:
        with pytest.raises(APIResponseValidationError) as info:
            await CALLS["estimate_sms"](client)
    assert "@ $.info.totalCost" in info.value.message


async def test_a_huge_non_json_200_keeps_a_short_excerpt(make_client: MakeClient) -> None:
    page = "<html>" + "<p>proxy</p>" * 500_000
    recorder = Recorder(lambda request: httpx.Response(200, text=page))
    async with make_client(recorder) as client:
        with pytest.raises(APIResponseValidationError) as info:
            await CALLS["estimate_sms"](client)
    assert info.value.body_excerpt == page[:200] + "…"
    assert len(str(info.value)) < 300


# --- round trips (hypothesis) -----------------------------------------------------------

texts = st.text(max_size=12)
ints = st.integers(min_value=-(2**63), max_value=2**63 - 1)
floats = st.floats(allow_nan=False, allow_infinity=False)
utc_datetimes = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 12, 31), timezones=st.just(UTC)
).map(lambda moment: moment.replace(microsecond=0))

text_analysis = st.builds(TextAnalysis, length=ints, unicode=st.booleans(), parts=ints)
data_sms = st.builds(
    DataSms,
    msg_id=texts,
    status=st.sampled_from(["ACCEPTED", "SCHEDULED", "REJECTED", "NO COVERAGE"]) | texts,
    status_code=ints,
    error_code=st.none() | ints,
    created_at=utc_datetimes,
    in_quiet_hours=st.booleans(),
    cost=floats,
    to=texts,
    country_iso=st.none() | texts,
    from_=texts,
    parts=ints,
    text=st.none() | texts,
    text_analysis=st.none() | text_analysis,
    track_data=st.none() | texts,
    scheduled_at=st.none() | utc_datetimes,
    timezone=st.none() | texts,
)
transliteration_text = st.builds(
    TransliterationText,
    text=texts,
    length=ints,
    parts=ints,
    encoding=st.sampled_from(["GSM-7", "UCS-2"]),
    characters=st.none() | st.dictionaries(texts, ints, max_size=3),
)
transliteration_analysis = st.builds(
    TransliterationAnalysis,
    total_original_cost=floats,
    total_original_parts=ints,
    total_replaced_cost=floats,
    total_replaced_parts=ints,
    total_cost_saved=floats,
    total_parts_saved=ints,
    text=st.none()
    | st.builds(
        TransliterationTextAnalysis, original=transliteration_text, replaced=transliteration_text
    ),
)
INFO_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "campaign_id": texts,
    "total_phone_numbers": ints,
    "total_valid": ints,
    "total_invalid": ints,
    "total_parts": ints,
    "total_cost": floats,
    "dlr_callback_url": st.none() | texts,
    "phone_numbers_by_country": st.dictionaries(texts, ints, max_size=3),
    "scheduled": st.booleans(),
    "transliteration_analysis": st.none() | transliteration_analysis,
    "total_in_quiet_hours": st.none() | ints,
    "invalid": st.none() | st.lists(texts, max_size=3),
}
info = st.builds(Info, **INFO_FIELDS)
info_campaign = st.builds(
    InfoCampaign,
    **INFO_FIELDS,
    duplicates_removed=ints,
    groups=st.lists(st.builds(Group, id=ints, name=texts, phone_numbers=ints), max_size=3),
)
RESPONSES: dict[str, st.SearchStrategy[Any]] = {
    "SendSmsMessageResponse": st.builds(
        SendSmsMessageResponse, info=info, data=st.lists(data_sms, max_size=3)
    ),
    "SendSmsCampaignResponse": st.builds(
        SendSmsCampaignResponse, info=info_campaign, data=st.lists(data_sms, max_size=3)
    ),
    "DeleteScheduledMsg": st.builds(
        DeleteScheduledMsg,
        info=st.builds(
            DeleteScheduledMsgInfo,
            msg_id=texts,
            parts=ints,
            credit_returned=floats,
            channel=st.none() | texts,
        ),
    ),
    "DeleteScheduledCampaign": st.builds(
        DeleteScheduledCampaign,
        info=st.builds(
            DeleteScheduledCampaignInfo,
            campaign_id=texts,
            total_phone_numbers=ints,
            total_parts=ints,
            phone_numbers_deleted=ints,
            parts_deleted=ints,
            credit_returned=floats,
            channel=st.none() | texts,
        ),
    ),
}
ROUND_TRIP = settings(max_examples=100, deadline=None)


@pytest.mark.parametrize("name", sorted(RESPONSES))
@ROUND_TRIP
@given(data=st.data())
def test_every_response_model_round_trips_through_the_converter_and_json(
    name: str, data: st.DataObject
) -> None:
    model = data.draw(RESPONSES[name])
    wire = converter.unstructure(model)
    assert structure(wire, type(model)) == model
    assert structure(loads(dumps(wire)), type(model)) == model


# --- any JSON at all (hypothesis) ---------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | ints | floats | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
VALID_BODIES: dict[str, dict[str, Any]] = {
    "estimate_sms": {"info": info_body(), "data": [data_body()]},
    "estimate_sms_campaign": {
        "info": info_body(
            duplicatesRemoved=0, groups=[{"id": 1, "name": "VIP", "phoneNumbers": 1}]
        ),
        "data": [data_body(scheduledAt="2026-11-26 20:00:00")],
    },
    "delete_scheduled_sms": {
        "info": {"msgId": MSG_ID, "parts": 1, "creditReturned": 0.05, "channel": "sms"}
    },
    "delete_scheduled_sms_campaign": {
        "info": {
            "campaignId": CAMPAIGN_ID,
            "totalPhoneNumbers": 2,
            "totalParts": 2,
            "phoneNumbersDeleted": 2,
            "partsDeleted": 2,
            "creditReturned": 0.1,
            "channel": "sms",
        }
    },
}


def _paths(value: object, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value that another value could be put."""
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


def _replaced(value: Any, path: tuple[Any, ...], new: object) -> Any:
    if not path:
        return new
    head, *rest = path
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[head] = _replaced(value[head], tuple(rest), new)
    return copy


def _dict_paths(value: object) -> list[tuple[Any, ...]]:
    return [path for path in _paths(value) if isinstance(_at(value, path), dict)]


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


@st.composite
def damaged_bodies(draw: st.DrawFn) -> tuple[str, object]:
    """An endpoint and a body: random JSON, a valid body with one value swapped, or a valid
    body with an unknown key added somewhere."""
    endpoint = draw(st.sampled_from(sorted(VALID_BODIES)))
    valid = VALID_BODIES[endpoint]
    kind = draw(st.sampled_from(["random", "swapped", "grown"]))
    if kind == "random":
        return endpoint, draw(json_values)
    if kind == "swapped":
        path = draw(st.sampled_from(_paths(valid)))
        return endpoint, _replaced(valid, path, draw(json_values))
    path = draw(st.sampled_from(_dict_paths(valid)))
    key = draw(st.text(min_size=1, max_size=8).filter(lambda k: k not in _at(valid, path)))
    return endpoint, _replaced(valid, path, {**_at(valid, path), key: draw(json_values)})


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(case=damaged_bodies())
async def test_any_json_body_gives_a_result_or_a_response_validation_error(
    make_client: MakeClient, case: tuple[str, object]
) -> None:
    endpoint, body = case
    content = json.dumps(body).encode()
    async with make_client(lambda request: httpx.Response(200, content=content)) as client:
        outcome: object
        try:
            outcome = await CALLS[endpoint](client)
        except APIResponseValidationError as error:
            outcome = error
    assert type(outcome) in (RESPONSE_TYPES[endpoint], APIResponseValidationError)


@settings(max_examples=300, deadline=None)
@given(case=damaged_bodies())
def test_the_compiled_hooks_agree_with_cattrs_on_any_body(case: tuple[str, object]) -> None:
    # The fast converter structures with hooks compiled by smscx; the detailed one (used to
    # explain failures) with cattrs' own. What the fast one accepts, cattrs accepts as the
    # same model. The fast one may be stricter: cattrs takes any iterable for a list (a
    # `{}` for `data` became `[]`); smscx refuses it. Valid bodies parse: the round trips.
    endpoint, body = case
    cls = RESPONSE_TYPES[endpoint]
    outcomes: list[object] = []
    for conv in (converter, _explainer):
        try:
            outcomes.append(conv.structure(body, cls))
        except Exception:
            outcomes.append(ShapeError)
    fast, reference = outcomes
    if fast is not ShapeError:
        # A send's messages are built as they are read (ModelList): a value of the wrong
        # type in one is refused then, as APIResponseValidationError, and only then.
        data = getattr(fast, "data", None)
        if isinstance(data, ModelList):
            try:
                list(data)
            except APIResponseValidationError:
                assert reference is ShapeError
                return
        assert fast == reference
        assert repr(fast) == repr(reference)  # the same types inside, not only equal values


@pytest.mark.parametrize("endpoint", sorted(VALID_BODIES))
async def test_the_valid_bodies_of_the_json_property_parse(
    make_client: MakeClient, endpoint: str
) -> None:
    content = json.dumps(VALID_BODIES[endpoint]).encode()
    async with make_client(lambda request: httpx.Response(200, content=content)) as client:
        result = await CALLS[endpoint](client)
    assert type(result) is RESPONSE_TYPES[endpoint]


# --- a large response -------------------------------------------------------------------


def test_a_25_000_message_response_parses_each_distinct_timestamp_once() -> None:
    stamps = ["2026-11-26 14:54:13", "2026-11-26 14:54:14", "2026-11-26 14:54:15"]
    body = {
        "info": info_body(totalPhoneNumbers=25_000, totalValid=25_000),
        "data": [data_body(to=f"+3361{i:07d}", createdAt=stamps[i % 3]) for i in range(25_000)],
    }
    parse_datetime.cache_clear()
    result = structure(body, SendSmsMessageResponse)
    assert parse_datetime.cache_info().currsize == 0  # no message is built until read
    assert len(result.data) == 25_000
    assert [m.to for m in result.data][-1] == "+33610024999"
    calls = parse_datetime.cache_info()
    assert (calls.misses, calls.hits) == (3, 24_997)


def test_a_sends_messages_are_built_when_read_and_then_kept() -> None:
    body = {"info": info_body(), "data": [data_body(to=f"+3361{i:07d}") for i in range(3)]}
    result = structure(body, SendSmsMessageResponse)
    data = result.data
    assert isinstance(data, ModelList)
    assert data._pending == 3
    first = data[0]
    assert data._pending == 2
    assert data[0] is first  # built once
    assert data[-1].to == "+33610000002"
    assert [m.to for m in data[:2]] == ["+33610000000", "+33610000001"]
    assert isinstance(data[:2], ModelList)
    assert data == list(data)
    assert list(data) == data
    assert data != [first]
    assert first in data
    assert next(m.to for m in reversed(data)) == "+33610000002"
    assert body["data"][0].__class__ is dict  # the body itself is left as it was


def test_a_message_missing_a_required_key_refuses_the_body_at_once() -> None:
    body = {"info": info_body(), "data": [data_body(), {**data_body(), "msgId": None}]}
    del body["data"][0]["status"]
    with pytest.raises(ShapeError, match="status"):
        structure(body, SendSmsMessageResponse)


async def test_a_message_of_the_wrong_type_is_refused_when_read_naming_it(
    make_client: MakeClient,
) -> None:
    data = [data_body(), {**data_body(), "parts": "two"}]
    content = json.dumps({"info": info_body(), "data": data}).encode()
    headers = {"X-Request-Id": "req-7"}
    async with make_client(lambda r: httpx.Response(200, content=content, headers=headers)) as c:
        result = await c.send_sms(to=["+33612345678", "+33612345679"], from_="InfoText", text="Hi")
    assert result.data[0].parts == 1
    with pytest.raises(APIResponseValidationError, match=r"data\[1\] .* DataSms.*parts") as caught:
        result.data[1]
    assert caught.value.request_id == "req-7"
    assert caught.value.status_code == 200
    assert caught.value.idempotency_id == result.meta.idempotency_id
    assert "not a valid DataSms" in repr(result.data)  # repr never raises


async def test_a_bad_body_of_an_estimate_is_not_maybe_sent(make_client: MakeClient) -> None:
    recorder = Recorder(lambda request: httpx.Response(200, content=b"<html>oops</html>"))
    async with make_client(recorder) as client:
        with pytest.raises(APIResponseValidationError) as caught:
            await client.estimate_sms(to=["+33612345678"], from_="InfoText", text="Hi")
    assert caught.value.maybe_sent is False


async def test_a_bad_body_of_a_send_is_maybe_sent(make_client: MakeClient) -> None:
    recorder = Recorder(lambda request: httpx.Response(200, content=b"<html>oops</html>"))
    async with make_client(recorder) as client:
        with pytest.raises(APIResponseValidationError) as caught:
            await client.send_sms(to=["+33612345678"], from_="InfoText", text="Hi")
    assert caught.value.maybe_sent is True


def test_a_json_object_where_a_list_belongs_is_refused() -> None:
    body = {"info": info_body(), "data": {}}
    with pytest.raises(ShapeError):
        structure(body, SendSmsMessageResponse)
