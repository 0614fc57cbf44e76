"""How every documented API error reaches the caller: the exact exception and what it carries.

Every row of the vendor's error tables is in ``smscx.errors.CATALOGUE``
(``test_error_catalogue.py`` checks it against the tables); each row is checked once here,
through ``error_from_response`` and the retry policy. One row of each kind is then answered
by a MockTransport and called through the real client on each stack, so the whole path
(pipeline, retry decision, ``error_from_response``) is specified too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest

from smscx import (
    AccessDeniedError,
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AsyncSmsClient,
    AuthenticationError,
    ErrorCode,
    InsufficientCreditError,
    InvalidPhoneNumberError,
    InvalidPinError,
    InvalidRequestError,
    MethodNotAllowedError,
    NoCoverageError,
    NotFoundError,
    OtpAlreadyVerifiedError,
    OtpCancelledError,
    OtpExpiredError,
    OtpFailedError,
    RateLimitError,
    RetryPolicy,
    ServerError,
    SmscxError,
    ValidationError,
)
from smscx.errors import CATALOGUE, DocumentedError, ReplyWindowClosedError, error_from_response
from smscx.models import Strategy
from tests.helpers import Recorder, error_response, send_response

pytestmark = pytest.mark.anyio

MakeClient = Callable[..., AsyncSmsClient]
Call = Callable[[AsyncSmsClient], Awaitable[object]]

MSG_ID = "3328fe13-2b99-4282-b62e-d891f5e452a8"
CAMPAIGN_ID = "cbb72a72-0dfa-4288-b3d0-05fab904f0b2"
IDEMPOTENCY = "bf325375-e030-4ccb-a009-17317c574773"
URI = "https://sms.cx"

STRATEGY = [Strategy(channel="viber", template_id=7), Strategy(channel="sms", text="Hello")]

CALLS: dict[str, Call] = {
    "send_sms": lambda c: c.send_sms(
        to=["+33612345678"], from_="InfoText", text="Hello", idempotency_id=IDEMPOTENCY
    ),
    "estimate_sms": lambda c: c.estimate_sms(to=["+33612345678"], from_="InfoText", text="Hello"),
    "send_sms_campaign": lambda c: c.send_sms_campaign(
        groups=[1], from_="InfoText", text="Hello", idempotency_id=IDEMPOTENCY
    ),
    "estimate_sms_campaign": lambda c: c.estimate_sms_campaign(
        groups=[1], from_="InfoText", text="Hello"
    ),
    "delete_scheduled_sms": lambda c: c.delete_scheduled_sms(MSG_ID),
    "delete_scheduled_sms_campaign": lambda c: c.delete_scheduled_sms_campaign(CAMPAIGN_ID),
    "create_originator": lambda c: c.originators.create_originator(originator="MyShop"),
    "delete_originator": lambda c: c.originators.delete_originator(7),
    "add_contact_to_optouts_list": lambda c: c.optouts.add_contact_to_optouts_list(
        phone_numbers=["+33612345678"]
    ),
    "delete_contact_from_optouts_list": lambda c: c.optouts.delete_contact_from_optouts_list(7),
    "validate_number": lambda c: c.numbers.validate_number("+33612345678"),
    "validate_numbers": lambda c: c.numbers.validate_numbers(phone_numbers=["+33612345678"]),
    # ReportsApi
    "get_single_report": lambda c: c.reports.get_single_report(MSG_ID),
    "get_campaign_report": lambda c: c.reports.get_campaign_report(CAMPAIGN_ID),
    "get_advanced_report": lambda c: c.reports.get_advanced_report("2026-11"),
    "get_summary_reports": lambda c: c.reports.get_summary_reports("country", "2026-11"),
    "export_advanced_report_to_csv": lambda c: c.reports.export_advanced_report_to_csv("2026"),
    "export_advanced_report_to_xlsx": lambda c: c.reports.export_advanced_report_to_xlsx("2026"),
    "export_campaign_report_to_csv": lambda c: c.reports.export_campaign_report_to_csv(CAMPAIGN_ID),
    "export_campaign_report_to_xlsx": lambda c: c.reports.export_campaign_report_to_xlsx(
        CAMPAIGN_ID
    ),
    # AccountApi
    "get_channel_pricing": lambda c: c.account.get_channel_pricing("sms", "transactional"),
    "get_channel_pricing_by_country_iso": lambda c: c.account.get_channel_pricing_by_country_iso(
        "sms", "transactional", "FR"
    ),
    # GroupsApi
    "create_group": lambda c: c.groups.create_group(name="Newsletter"),
    "add_contacts_to_group": lambda c: c.groups.add_contacts_to_group(
        4, phone_numbers=["+33612345678"]
    ),
    "add_contacts_to_group_with_fields": lambda c: c.groups.add_contacts_to_group_with_fields(
        4, phone_numbers=[{"phone_number": "+33612345678", "first_name": "Ana"}]
    ),
    "delete_contact_from_group": lambda c: c.groups.delete_contact_from_group(4, MSG_ID),
    "delete_group": lambda c: c.groups.delete_group(4),
    "empty_group": lambda c: c.groups.empty_group(4),
    "export_group_to_csv": lambda c: c.groups.export_group_to_csv(4),
    "export_group_to_xlsx": lambda c: c.groups.export_group_to_xlsx(4),
    "get_group_details": lambda c: c.groups.get_group_details(4),
    "update_contact_from_group": lambda c: c.groups.update_contact_from_group(
        4, MSG_ID, first_name="Ana"
    ),
    # OtpApi
    "new_otp": lambda c: c.otp.new_otp(phone_number="+33612345678"),
    "get_otp_status": lambda c: c.otp.get_otp_status(MSG_ID),
    "verify_otp": lambda c: c.otp.verify_otp(MSG_ID, pin="1234"),
    "cancel_otp": lambda c: c.otp.cancel_otp(MSG_ID),
    # NumbersApi: lookups
    "lookup_number": lambda c: c.numbers.lookup_number("+33612345678"),
    "lookup_numbers": lambda c: c.numbers.lookup_numbers(phone_numbers=["+33612345678"]),
    "get_single_lookup_status": lambda c: c.numbers.get_single_lookup_status(MSG_ID),
    "get_bulk_lookup_status": lambda c: c.numbers.get_bulk_lookup_status(CAMPAIGN_ID),
    "export_number_lookup_report_to_csv": lambda c: c.numbers.export_number_lookup_report_to_csv(
        CAMPAIGN_ID
    ),
    "export_number_lookup_report_to_xlsx": lambda c: c.numbers.export_number_lookup_report_to_xlsx(
        CAMPAIGN_ID
    ),
    # NumbersApi: rentals
    "get_available_numbers": lambda c: c.numbers.get_available_numbers("US"),
    "rent_number": lambda c: c.numbers.rent_number(number_id=MSG_ID, rent_period=30),
    "cancel_rent": lambda c: c.numbers.cancel_rent(MSG_ID),
    "renew_rent": lambda c: c.numbers.renew_rent(MSG_ID, rent_period=30),
    "get_rent_status": lambda c: c.numbers.get_rent_status(MSG_ID),
    "get_inbound_sms": lambda c: c.numbers.get_inbound_sms(MSG_ID),
    "edit_rent_settings": lambda c: c.numbers.edit_rent_settings(MSG_ID, auto_renew=True),
    # TemplatesApi
    "create_template": lambda c: c.templates.create_template(
        name="Welcome", text="Hello", channel="viber"
    ),
    "get_template": lambda c: c.templates.get_template(7),
    "update_template": lambda c: c.templates.update_template(7, name="Welcome"),
    "delete_template": lambda c: c.templates.delete_template(7),
    # ViberApi
    "send_viber_message": lambda c: c.viber.send_viber_message(
        to=["+33612345678"], from_="InfoText", template_id=7, idempotency_id=IDEMPOTENCY
    ),
    "estimate_viber_message": lambda c: c.viber.estimate_viber_message(
        to=["+33612345678"], from_="InfoText", template_id=7
    ),
    "send_viber_campaign": lambda c: c.viber.send_viber_campaign(
        groups=[1], from_="InfoText", template_id=7, idempotency_id=IDEMPOTENCY
    ),
    "estimate_viber_campaign": lambda c: c.viber.estimate_viber_campaign(
        groups=[1], from_="InfoText", template_id=7
    ),
    "delete_scheduled_viber_message": lambda c: c.viber.delete_scheduled_viber_message(MSG_ID),
    "delete_scheduled_viber_campaign": lambda c: c.viber.delete_scheduled_viber_campaign(
        CAMPAIGN_ID
    ),
    # WhatsappApi
    "send_whatsapp_message": lambda c: c.whatsapp.send_whatsapp_message(
        to=["+33612345678"], from_="InfoText", template_id=7, idempotency_id=IDEMPOTENCY
    ),
    "estimate_whatsapp_message": lambda c: c.whatsapp.estimate_whatsapp_message(
        to=["+33612345678"], from_="InfoText", template_id=7
    ),
    "delete_scheduled_whatsapp_message": lambda c: c.whatsapp.delete_scheduled_whatsapp_message(
        MSG_ID
    ),
    # MultichannelApi
    "send_multichannel_message": lambda c: c.multichannel.send_multichannel_message(
        to=["+33612345678"], from_="InfoText", strategy=STRATEGY, idempotency_id=IDEMPOTENCY
    ),
    "estimate_multichannel_message": lambda c: c.multichannel.estimate_multichannel_message(
        to=["+33612345678"], from_="InfoText", strategy=STRATEGY
    ),
    "send_multichannel_campaign": lambda c: c.multichannel.send_multichannel_campaign(
        groups=[1], from_="InfoText", strategy=STRATEGY, idempotency_id=IDEMPOTENCY
    ),
    "estimate_multichannel_campaign": lambda c: c.multichannel.estimate_multichannel_campaign(
        groups=[1], from_="InfoText", strategy=STRATEGY
    ),
    "delete_scheduled_multichannel_message": (
        lambda c: c.multichannel.delete_scheduled_multichannel_message(MSG_ID)
    ),
    "delete_scheduled_multichannel_campaign": (
        lambda c: c.multichannel.delete_scheduled_multichannel_campaign(CAMPAIGN_ID)
    ),
    # ShortlinksApi
    "create_shortlink": lambda c: c.shortlinks.create_shortlink(
        url="https://example.com", name="Sale"
    ),
    "update_shortlink": lambda c: c.shortlinks.update_shortlink("aBc12", name="Sale"),
    "delete_shortlink": lambda c: c.shortlinks.delete_shortlink("aBc12"),
    "get_shortlink_hits": lambda c: c.shortlinks.get_shortlink_hits("aBc12"),
    "export_shortlink_hits_to_csv": lambda c: c.shortlinks.export_shortlink_hits_to_csv("aBc12"),
    "export_shortlink_hits_to_xlsx": lambda c: c.shortlinks.export_shortlink_hits_to_xlsx("aBc12"),
    # AttachmentsApi
    "delete_attachment": lambda c: c.attachments.delete_attachment("aBc12"),
    "get_attachment_hits": lambda c: c.attachments.get_attachment_hits("aBc12"),
    "export_attachment_hits_to_csv": lambda c: c.attachments.export_attachment_hits_to_csv("aBc12"),
    "export_attachment_hits_to_xlsx": lambda c: c.attachments.export_attachment_hits_to_xlsx(
        "aBc12"
    ),
    # ConversationsApi
    "get_conversation": lambda c: c.conversations.get_conversation(MSG_ID),
    "mark_conversation_as_read": lambda c: c.conversations.mark_conversation_as_read(MSG_ID),
    "send_conversation_reply_sms": lambda c: c.conversations.send_conversation_reply_sms(
        MSG_ID, text="Hello"
    ),
    "send_conversation_reply_viber": lambda c: c.conversations.send_conversation_reply_viber(
        MSG_ID, text="Hello"
    ),
    "send_conversation_reply_whatsapp": lambda c: c.conversations.send_conversation_reply_whatsapp(
        MSG_ID, text="Hello"
    ),
    # ApplicationsApi
    "get_application_settings": lambda c: c.applications.get_application_settings(MSG_ID),
}
SENDS = frozenset(
    {
        "send_sms",
        "send_sms_campaign",
        "send_viber_message",
        "send_viber_campaign",
        "send_whatsapp_message",
        "send_multichannel_message",
        "send_multichannel_campaign",
    }
)


INVALID, CREDIT = "invalid_param", "insufficient_credit"

# The codes with a class of their own; every other code is the class of its status.
OWN_CLASS: dict[int, type[APIStatusError]] = {
    1207: InvalidPhoneNumberError,
    1210: InvalidPhoneNumberError,
    2020: InvalidPhoneNumberError,
    1113: InsufficientCreditError,
    1114: InsufficientCreditError,
    1130: InsufficientCreditError,
    1119: NoCoverageError,
    1214: NoCoverageError,
    1523: NoCoverageError,
    1181: ReplyWindowClosedError,
    1182: ReplyWindowClosedError,
    2023: OtpAlreadyVerifiedError,
    2024: OtpCancelledError,
    2025: OtpExpiredError,
    2026: OtpFailedError,
    2027: OtpFailedError,
    2028: OtpExpiredError,
    2029: InvalidPinError,
}
STATUS_CLASS: dict[int, type[APIStatusError]] = {
    400: InvalidRequestError,
    401: AuthenticationError,
    403: AccessDeniedError,
    404: NotFoundError,
}

# Every row of the vendor's error tables, once: the catalogue lists a row worded alike on
# several pages once, with those pages' methods.
DOCUMENTED = [
    pytest.param(entry.code, row, id=f"{entry.code}-{row.status}-{row.error_type}-{number}")
    for entry in CATALOGUE.values()
    for number, row in enumerate(entry.documented)
]


def _documented_response(code: int, row: DocumentedError) -> APIStatusError:
    body = {"error": {"type": row.error_type, "code": code, "message": row.message, "uri": URI}}
    return error_from_response(row.status, httpx.Headers({"X-Request-Id": "req-err"}), body)


async def _raised(make_client: MakeClient, endpoint: str, *responses: Any) -> SmscxError:
    """The error the endpoint raises against the scripted responses."""
    async with make_client(Recorder(*responses)) as client:
        with pytest.raises(SmscxError) as info:
            await CALLS[endpoint](client)
    return info.value


# --- every documented row, once ------------------------------------------------------------


def test_every_method_with_an_error_table_is_called_by_these_tests() -> None:
    documented = {method for entry in CATALOGUE.values() for method in entry.methods}
    assert documented - {"get_access_token"} == set(CALLS)


@pytest.mark.parametrize(("code", "row"), DOCUMENTED)
def test_documented_error_becomes_its_exception_with_the_apis_fields(
    code: int, row: DocumentedError
) -> None:
    error = _documented_response(code, row)
    assert type(error) is OWN_CLASS.get(code, STATUS_CLASS[row.status])
    assert (error.status_code, error.error_type, error.code, error.message, error.uri) == (
        row.status,
        row.error_type,
        code,
        row.message,
        URI,
    )
    assert type(error.code) is ErrorCode
    assert error.request_id == "req-err"
    assert (error.maybe_sent, error.idempotency_id) == (False, None)
    assert str(error) == (
        f"HTTP {row.status} {row.error_type} code {code}: {row.message} (request id req-err)"
    )


@pytest.mark.parametrize(("code", "row"), DOCUMENTED)
def test_documented_error_is_not_retried(code: int, row: DocumentedError) -> None:
    assert RetryPolicy().is_retryable(_documented_response(code, row)) is False


# --- what the code, the type and the status each decide --------------------------------


def _decided(status: int, error_type: str | None, code: int | None) -> type[APIStatusError]:
    fields = {"type": error_type, "code": code, "message": "m", "uri": URI}
    body = {"error": {k: v for k, v in fields.items() if v is not None}}
    return type(error_from_response(status, httpx.Headers({}), body))


@pytest.mark.parametrize(
    ("status", "error_type", "expected"),
    [
        (400, CREDIT, InsufficientCreditError),
        (400, "otp_verified", OtpAlreadyVerifiedError),
        (400, "otp_cancelled", OtpCancelledError),
        (400, "otp_expired", OtpExpiredError),
        (400, "otp_failed", OtpFailedError),
        (400, "invalid_pin", InvalidPinError),
        (403, "no_coverage", NoCoverageError),
    ],
)
@pytest.mark.parametrize("code", [None, 1999], ids=["no-code", "unknown-code"])
def test_a_type_that_means_one_class_decides_without_a_known_code(
    status: int, error_type: str, expected: type[APIStatusError], code: int | None
) -> None:
    assert _decided(status, error_type, code) is expected


def test_a_type_decides_where_the_codes_class_is_only_the_statuss() -> None:
    assert _decided(400, CREDIT, 1107) is InsufficientCreditError


def test_a_code_with_a_class_of_its_own_decides_over_an_ordinary_type() -> None:
    assert _decided(400, INVALID, 1113) is InsufficientCreditError


def test_a_code_answered_with_another_status_than_its_own_decides_nothing() -> None:
    assert _decided(403, None, 1113) is AccessDeniedError
    assert _decided(400, None, 1119) is InvalidRequestError


def test_a_type_that_means_a_class_at_one_status_means_nothing_at_another() -> None:
    assert _decided(400, "no_coverage", None) is InvalidRequestError
    assert _decided(403, CREDIT, None) is AccessDeniedError


def test_oauths_1600_is_a_bad_request_or_bad_credentials_by_its_status() -> None:
    assert _decided(400, "invalid_scope", 1600) is InvalidRequestError
    assert _decided(401, "invalid_client", 1600) is AuthenticationError


# --- through the real client, on each stack ----------------------------------------------

# One row of each kind, called through the client: the pipeline hands the API's error over
# as the catalogue decides it.
THROUGH_THE_CLIENT = {
    "plain-400": ("estimate_sms", 400, INVALID, 1107, InvalidRequestError),
    "insufficient-credit": ("send_sms", 400, CREDIT, 1113, InsufficientCreditError),
    "otp-by-type": ("verify_otp", 400, "otp_expired", 2099, OtpExpiredError),
    "no-coverage": ("estimate_sms", 403, "no_coverage", 1119, NoCoverageError),
    "not-found": ("delete_scheduled_sms", 404, "not_found", 1100, NotFoundError),
}


@pytest.mark.parametrize("kind", list(THROUGH_THE_CLIENT))
async def test_an_api_error_reaches_the_caller_as_its_exception_with_the_apis_fields(
    make_client: MakeClient, kind: str
) -> None:
    endpoint, status, error_type, code, expected = THROUGH_THE_CLIENT[kind]
    error = await _raised(make_client, endpoint, error_response(status, error_type, code, "m"))
    assert type(error) is expected
    assert isinstance(error, APIStatusError)
    assert (error.status_code, error.error_type, error.code, error.message, error.uri) == (
        status,
        error_type,
        code,
        "m",
        URI,
    )
    assert error.request_id == "req-err"
    assert error.maybe_sent is False
    assert str(error) == f"HTTP {status} {error_type} code {code}: m (request id req-err)"


@pytest.mark.parametrize("kind", list(THROUGH_THE_CLIENT))
async def test_an_api_error_is_sent_once_not_retried(make_client: MakeClient, kind: str) -> None:
    endpoint, status, error_type, code, expected = THROUGH_THE_CLIENT[kind]
    recorder = Recorder(error_response(status, error_type, code, "m"))
    async with make_client(recorder) as client:
        with pytest.raises(expected):
            await CALLS[endpoint](client)
    assert len(recorder.requests) == 1


async def test_a_5xx_is_retried_where_an_api_error_is_not(make_client: MakeClient) -> None:
    recorder = Recorder(
        httpx.Response(503, json=_body("service_unavailable", "Try later")),
        error_response(400, CREDIT, 1113, "Insufficient credit"),
    )
    async with make_client(recorder) as client:
        with pytest.raises(InsufficientCreditError):
            await CALLS["estimate_sms"](client)
    assert len(recorder.requests) == 2


@pytest.mark.parametrize("endpoint", sorted(CALLS))
async def test_an_error_carries_the_sends_idempotency_id_and_none_for_other_calls(
    make_client: MakeClient, endpoint: str
) -> None:
    error = await _raised(make_client, endpoint, error_response(400, INVALID, 1107, "m"))
    assert error.idempotency_id == (IDEMPOTENCY if endpoint in SENDS else None)


async def test_a_send_error_carries_the_generated_idempotency_id_that_went_on_the_wire(
    make_client: MakeClient,
) -> None:
    recorder = Recorder(error_response(400, CREDIT, 1113, "Insufficient credit"))
    async with make_client(recorder) as client:
        with pytest.raises(InsufficientCreditError) as info:
            await client.send_sms(to=["+33612345678"], from_="InfoText", text="Hello")
    assert info.value.idempotency_id == recorder.bodies()[0]["idempotencyId"]


# --- invalid numbers --------------------------------------------------------------------


async def test_invalid_numbers_listed_beside_the_error_are_on_the_exception(
    make_client: MakeClient,
) -> None:
    response = error_response(
        400, INVALID, 1210, "The phone numbers provided are invalid", invalid=["+301xx", "+3366"]
    )
    error = await _raised(make_client, "send_sms", response)
    assert isinstance(error, InvalidPhoneNumberError)
    assert error.invalid_numbers == ["+301xx", "+3366"]


async def test_invalid_numbers_listed_inside_the_error_are_on_the_exception(
    make_client: MakeClient,
) -> None:
    body = {
        "error": {
            "type": INVALID,
            "code": 1207,
            "message": "The phone number provided is not valid",
            "uri": URI,
            "invalid": ["+301xx"],
        }
    }
    error = await _raised(make_client, "estimate_sms", httpx.Response(400, json=body))
    assert isinstance(error, InvalidPhoneNumberError)
    assert error.invalid_numbers == ["+301xx"]


async def test_invalid_numbers_are_empty_when_the_api_names_none(make_client: MakeClient) -> None:
    response = error_response(400, INVALID, 1207, "The phone number provided is not valid")
    error = await _raised(make_client, "send_sms", response)
    assert isinstance(error, InvalidPhoneNumberError)
    assert error.invalid_numbers == []


# --- statuses outside the tables --------------------------------------------------------


def _body(error_type: str, message: str, **fields: Any) -> dict[str, Any]:
    return {"error": {"type": error_type, "message": message, "uri": URI, **fields}}


async def test_401_is_an_authentication_error_sent_once(make_client: MakeClient) -> None:
    recorder = Recorder(httpx.Response(401, json=_body("invalid_api_key", "Invalid API key")))
    async with make_client(recorder) as client:
        with pytest.raises(AuthenticationError) as info:
            await CALLS["estimate_sms"](client)
    assert (info.value.status_code, info.value.error_type, info.value.message) == (
        401,
        "invalid_api_key",
        "Invalid API key",
    )
    assert len(recorder.requests) == 1


async def test_405_is_a_method_not_allowed_error_sent_once(make_client: MakeClient) -> None:
    recorder = Recorder(httpx.Response(405, json=_body("method_not_allowed", "Not allowed")))
    async with make_client(recorder) as client:
        with pytest.raises(MethodNotAllowedError) as info:
            await CALLS["delete_scheduled_sms"](client)
    assert (info.value.status_code, info.value.message) == (405, "Not allowed")
    assert len(recorder.requests) == 1


async def test_403_insufficient_scope_is_a_plain_access_denied_error(
    make_client: MakeClient,
) -> None:
    response = httpx.Response(403, json=_body("insufficient_scope", "Scope sms required"))
    error = await _raised(make_client, "estimate_sms", response)
    assert type(error) is AccessDeniedError


async def test_an_undocumented_4xx_is_a_plain_api_status_error(make_client: MakeClient) -> None:
    error = await _raised(make_client, "estimate_sms", httpx.Response(409, json=_body("x", "m")))
    assert type(error) is APIStatusError
    assert error.status_code == 409


async def test_an_unknown_code_is_kept_as_a_plain_int(make_client: MakeClient) -> None:
    error = await _raised(make_client, "estimate_sms", error_response(400, INVALID, 1999, "new"))
    assert isinstance(error, InvalidRequestError)
    assert type(error.code) is int
    assert error.code == 1999


async def test_a_json_500_is_a_server_error_with_the_apis_fields(make_client: MakeClient) -> None:
    response = httpx.Response(
        500, json=_body("server_error", "Internal error", code=1000), headers={"X-Request-Id": "r5"}
    )
    async with make_client(Recorder(response), max_retries=0) as client:
        with pytest.raises(ServerError) as info:
            await CALLS["estimate_sms"](client)
    error = info.value
    assert (error.status_code, error.error_type, error.code, error.message, error.uri) == (
        500,
        "server_error",
        1000,
        "Internal error",
        URI,
    )
    assert error.request_id == "r5"


# --- 429 ----------------------------------------------------------------------------------

NOW = 1_700_000_000.0  # 2023-11-14 22:13:20 UTC


def test_429_reset_header_gives_reset_at_and_retry_after() -> None:
    error = error_from_response(
        429, httpx.Headers({"X-Rate-Limit-Reset": "1700000030"}), _body("rate_limit", "m"), now=NOW
    )
    assert isinstance(error, RateLimitError)
    assert error.reset_at == datetime(2023, 11, 14, 22, 13, 50, tzinfo=timezone.utc)
    assert error.retry_after == 30.0


def test_429_retry_after_header_gives_retry_after_and_reset_at() -> None:
    error = error_from_response(
        429, httpx.Headers({"Retry-After": "12"}), _body("rate_limit", "m"), now=NOW
    )
    assert isinstance(error, RateLimitError)
    assert error.reset_at == datetime(2023, 11, 14, 22, 13, 32, tzinfo=timezone.utc)
    assert error.retry_after == 12.0


def test_429_reset_header_wins_over_retry_after() -> None:
    headers = httpx.Headers({"X-Rate-Limit-Reset": "1700000005", "Retry-After": "60"})
    error = error_from_response(429, headers, _body("rate_limit", "m"), now=NOW)
    assert isinstance(error, RateLimitError)
    assert error.retry_after == 5.0


def test_429_reset_in_the_past_means_retry_now() -> None:
    headers = httpx.Headers({"X-Rate-Limit-Reset": "1699999990"})
    error = error_from_response(429, headers, _body("rate_limit", "m"), now=NOW)
    assert isinstance(error, RateLimitError)
    assert error.retry_after == 0.0


def test_429_without_hints_has_no_reset_at_or_retry_after() -> None:
    error = error_from_response(429, httpx.Headers({}), _body("rate_limit", "m"), now=NOW)
    assert isinstance(error, RateLimitError)
    assert (error.reset_at, error.retry_after) == (None, None)


def test_429_with_an_unparsable_reset_has_no_hints() -> None:
    headers = httpx.Headers({"X-Rate-Limit-Reset": "soon"})
    error = error_from_response(429, headers, _body("rate_limit", "m"), now=NOW)
    assert isinstance(error, RateLimitError)
    assert (error.reset_at, error.retry_after) == (None, None)


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Rate-Limit-Reset": "nan"},
        {"X-Rate-Limit-Reset": "inf"},
        {"X-Rate-Limit-Reset": "1e20"},
        {"Retry-After": "inf"},
    ],
    ids=["reset-nan", "reset-inf", "reset-1e20", "retry-after-inf"],
)
def test_429_with_a_non_finite_or_huge_hint_is_still_a_rate_limit_error(
    headers: dict[str, str],
) -> None:
    error = error_from_response(429, httpx.Headers(headers), _body("rate_limit", "m"), now=NOW)
    assert isinstance(error, RateLimitError)
    assert error.reset_at is None


async def test_429_with_a_malformed_reset_reaches_the_caller_as_rate_limit_error(
    make_client: MakeClient,
) -> None:
    response = httpx.Response(
        429, json=_body("rate_limit", "m"), headers={"X-Rate-Limit-Reset": "nan"}
    )
    async with make_client(Recorder(response), max_retries=0) as client:
        with pytest.raises(RateLimitError):
            await CALLS["estimate_sms"](client)


def test_429_retry_after_as_an_http_date_gives_retry_after() -> None:
    headers = httpx.Headers({"Retry-After": "Tue, 14 Nov 2023 22:13:40 GMT"})
    error = error_from_response(429, headers, _body("rate_limit", "m"), now=NOW)
    assert isinstance(error, RateLimitError)
    assert error.retry_after == 20.0


def test_error_from_response_reads_a_plain_dicts_headers_case_insensitively() -> None:
    headers = {"X-Rate-Limit-Reset": "1700000030", "X-Request-Id": "req-9"}
    error = error_from_response(429, headers, _body("rate_limit", "m"), now=NOW)
    assert isinstance(error, RateLimitError)
    assert (error.retry_after, error.request_id) == (30.0, "req-9")


async def test_429_through_the_client_is_a_rate_limit_error_with_retry_after(
    make_client: MakeClient,
) -> None:
    recorder = Recorder(
        httpx.Response(429, json=_body("rate_limit", "Too many"), headers={"Retry-After": "7"})
    )
    async with make_client(recorder, max_retries=0) as client:
        with pytest.raises(RateLimitError) as info:
            await CALLS["estimate_sms"](client)
    assert (info.value.status_code, info.value.error_type, info.value.retry_after) == (
        429,
        "rate_limit",
        7.0,
    )
    assert len(recorder.requests) == 1


# --- bodies that are not the API's error shape ----------------------------------------

HTML = "<html><head><title>502 Bad Gateway</title></head><body>" + "<p>nginx</p>" * 440_000
assert len(HTML) > 5_000_000


def _html_502(request: httpx.Request) -> httpx.Response:
    return httpx.Response(502, text=HTML, headers={"Content-Type": "text/html"})


async def test_a_proxys_html_502_is_a_server_error(make_client: MakeClient) -> None:
    error = await _raised(make_client, "estimate_sms", _html_502)
    assert type(error) is ServerError
    assert (error.status_code, error.error_type, error.code, error.uri) == (502, None, None, None)


async def test_a_proxys_html_502_message_quotes_only_the_start_of_the_page(
    make_client: MakeClient,
) -> None:
    error = await _raised(make_client, "estimate_sms", _html_502)
    assert error.message == f"Unexpected response body: {HTML[:200]}…"
    assert str(error) == f"HTTP 502: Unexpected response body: {HTML[:200]}…"


async def test_a_5_mb_html_body_keeps_str_and_repr_under_300_chars(
    make_client: MakeClient,
) -> None:
    error = await _raised(make_client, "estimate_sms", _html_502)
    assert isinstance(error, ServerError)
    assert len(str(error)) < 300
    assert len(repr(error)) < 300
    assert error.body == f"{HTML[:200]}…"


async def test_a_sends_502_is_maybe_sent_and_carries_its_idempotency_id(
    make_client: MakeClient,
) -> None:
    async with make_client(Recorder(_html_502), max_retries=0) as client:
        with pytest.raises(ServerError) as info:
            await CALLS["send_sms"](client)
    assert (info.value.maybe_sent, info.value.idempotency_id) == (True, IDEMPOTENCY)


async def test_an_empty_error_body_keeps_the_status_class_with_a_generic_message(
    make_client: MakeClient,
) -> None:
    error = await _raised(make_client, "estimate_sms", httpx.Response(400, content=b""))
    assert type(error) is InvalidRequestError
    assert (error.error_type, error.code, error.uri) == (None, None, None)
    assert error.message == "The API returned an error with no description."


async def test_an_error_body_of_another_json_shape_keeps_the_status_class_and_the_body(
    make_client: MakeClient,
) -> None:
    response = httpx.Response(404, json={"detail": "No such route"})
    error = await _raised(make_client, "delete_scheduled_sms", response)
    assert type(error) is NotFoundError
    assert (error.error_type, error.code, error.uri) == (None, None, None)
    assert error.body == {"detail": "No such route"}


async def test_an_error_body_that_is_a_json_list_keeps_the_status_class(
    make_client: MakeClient,
) -> None:
    error = await _raised(make_client, "estimate_sms", httpx.Response(403, json=["denied"]))
    assert type(error) is AccessDeniedError
    assert error.body == ["denied"]


async def test_an_error_whose_fields_have_wrong_types_keeps_none_for_them(
    make_client: MakeClient,
) -> None:
    body = {"error": {"type": 7, "code": "1113", "message": None, "uri": ["x"]}}
    error = await _raised(make_client, "estimate_sms", httpx.Response(400, json=body))
    assert type(error) is InvalidRequestError
    assert (error.error_type, error.code, error.uri) == (None, None, None)
    assert error.message == "The API returned an error."


async def test_an_error_body_of_another_json_shape_is_quoted_in_the_message(
    make_client: MakeClient,
) -> None:
    response = httpx.Response(404, json={"detail": "No such route"})
    error = await _raised(make_client, "delete_scheduled_sms", response)
    assert "No such route" in error.message


# --- credentials never leak -------------------------------------------------------------

SECRET_KEY = "sk-live-7c0ffee-SECRET-f00d"


def _raise(exc_type: type[httpx.RequestError]) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc_type(f"boom for {request.url}", request=request)

    return handler


def _answer(status: int, **kwargs: Any) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(status, **kwargs)


LEAK_SCENARIOS: dict[str, tuple[Callable[[httpx.Request], httpx.Response], type[SmscxError]]] = {
    "400": (_answer(400, json=_body(INVALID, "Bad text", code=1107)), InvalidRequestError),
    "401": (_answer(401, json=_body("invalid_api_key", "Bad key")), AuthenticationError),
    "403": (_answer(403, json=_body("no_coverage", "No coverage", code=1119)), NoCoverageError),
    "404": (_answer(404, json=_body("not_found", "Not found", code=1100)), NotFoundError),
    "405": (_answer(405, text="Method Not Allowed"), MethodNotAllowedError),
    "429": (_answer(429, json=_body("rate_limit", "slow down")), RateLimitError),
    "500": (_answer(500, json=_body("server_error", "oops")), ServerError),
    "502-html": (_html_502, ServerError),
    "200-not-json": (_answer(200, text="<html>ok</html>"), APIResponseValidationError),
    "connect-error": (_raise(httpx.ConnectError), APIConnectionError),
    "read-timeout": (_raise(httpx.ReadTimeout), APITimeoutError),
}


@pytest.mark.parametrize("scenario", sorted(LEAK_SCENARIOS))
@pytest.mark.parametrize("endpoint", ["send_sms", "delete_scheduled_sms"])
async def test_no_error_shows_the_api_key(
    make_client: MakeClient, scenario: str, endpoint: str
) -> None:
    response, expected = LEAK_SCENARIOS[scenario]
    async with make_client(Recorder(response), api_key=SECRET_KEY, max_retries=0) as client:
        with pytest.raises(expected) as info:
            await CALLS[endpoint](client)
    error = info.value
    for shown in (str(error), repr(error), repr(vars(error))):
        assert SECRET_KEY not in shown


async def test_a_validation_error_does_not_show_the_api_key(make_client: MakeClient) -> None:
    async with make_client(Recorder(send_response), api_key=SECRET_KEY) as client:
        with pytest.raises(ValidationError) as info:
            await client.send_sms(to=["+33612345678"], from_="X", text="Hello")
    for shown in (str(info.value), repr(info.value), repr(vars(info.value))):
        assert SECRET_KEY not in shown
