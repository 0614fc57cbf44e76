"""Guards: the error catalogue, ``ErrorCode``, the exception classes and the vendor's tables
agree, so a code half-added (a member without an entry, a row without its page) fails here.

The vendor's pages are not in this repository: the row counts below are theirs, counted per
method from ``../shared/vendor-docs/api/*.md`` (the six SMS methods from the seed's
``SmsApi.md``), and each row's words were compared with them when the catalogue was written.
"""

from __future__ import annotations

from collections import Counter

from smscx import (
    AccessDeniedError,
    APIStatusError,
    AuthenticationError,
    ErrorCode,
    InsufficientCreditError,
    InvalidRequestError,
    MethodNotAllowedError,
    NotFoundError,
    RateLimitError,
    ServerError,
)
from smscx.errors import CATALOGUE, ReplyWindowClosedError, error_from_response

ROWS_PER_METHOD = {
    "delete_scheduled_sms": 3,
    "delete_scheduled_sms_campaign": 3,
    "estimate_sms": 21,
    "estimate_sms_campaign": 21,
    "send_sms": 22,
    "send_sms_campaign": 22,
    "get_single_report": 2,
    "get_campaign_report": 2,
    "get_advanced_report": 8,
    "get_summary_reports": 6,
    "export_advanced_report_to_csv": 9,
    "export_advanced_report_to_xlsx": 9,
    "export_campaign_report_to_csv": 2,
    "export_campaign_report_to_xlsx": 2,
    "get_channel_pricing": 2,
    "get_channel_pricing_by_country_iso": 3,
    "create_group": 3,
    "add_contacts_to_group": 5,
    "add_contacts_to_group_with_fields": 5,
    "delete_contact_from_group": 2,
    "delete_group": 1,
    "empty_group": 1,
    "export_group_to_csv": 1,
    "export_group_to_xlsx": 1,
    "get_group_details": 1,
    "update_contact_from_group": 3,
    "new_otp": 21,
    "get_otp_status": 1,
    "verify_otp": 9,
    "cancel_otp": 3,
    "lookup_number": 5,
    "lookup_numbers": 8,
    "get_single_lookup_status": 2,
    "get_bulk_lookup_status": 2,
    "export_number_lookup_report_to_csv": 2,
    "export_number_lookup_report_to_xlsx": 2,
    "validate_number": 1,
    "validate_numbers": 3,
    "add_contact_to_optouts_list": 4,
    "delete_contact_from_optouts_list": 2,
    "create_originator": 5,
    "delete_originator": 1,
    "get_access_token": 4,
    # TemplatesApi (get_templates_list has no error table)
    "create_template": 9,
    "delete_template": 1,
    "get_template": 1,
    "update_template": 10,
    # ViberApi
    "delete_scheduled_viber_campaign": 3,
    "delete_scheduled_viber_message": 3,
    "estimate_viber_campaign": 19,
    "estimate_viber_message": 17,
    "send_viber_campaign": 20,
    "send_viber_message": 18,
    # WhatsappApi
    "delete_scheduled_whatsapp_message": 3,
    "estimate_whatsapp_message": 17,
    "send_whatsapp_message": 18,
    # MultichannelApi: the campaign tables list 1103 twice (counted once here), and one line
    # of estimate_multichannel_message's table holds two rows (1210 and 1119)
    "delete_scheduled_multichannel_campaign": 3,
    "delete_scheduled_multichannel_message": 3,
    "estimate_multichannel_campaign": 29,
    "estimate_multichannel_message": 29,
    "send_multichannel_campaign": 30,
    "send_multichannel_message": 30,
    # ShortlinksApi (get_shortlinks_list has no error table)
    "create_shortlink": 4,
    "delete_shortlink": 1,
    "export_shortlink_hits_to_csv": 1,
    "export_shortlink_hits_to_xlsx": 1,
    "get_shortlink_hits": 1,
    "update_shortlink": 6,
    # AttachmentsApi (get_attachments_list has no error table)
    "delete_attachment": 1,
    "export_attachment_hits_to_csv": 1,
    "export_attachment_hits_to_xlsx": 1,
    "get_attachment_hits": 1,
    # ConversationsApi (get_converstions_list has no error table)
    "get_conversation": 1,
    "mark_conversation_as_read": 1,
    "send_conversation_reply_sms": 4,
    "send_conversation_reply_viber": 6,
    "send_conversation_reply_whatsapp": 6,
    # ApplicationsApi (get_applications_list and get_scopes have no error table)
    "get_application_settings": 1,
    # NumbersApi: rentals (get_rented_numbers has no error table)
    "get_available_numbers": 1,
    "rent_number": 9,
    "get_rent_status": 2,
    "renew_rent": 8,
    "edit_rent_settings": 5,
    "cancel_rent": 4,
    "get_inbound_sms": 2,
}

STATUS_CLASS: dict[int, type[APIStatusError]] = {
    400: InvalidRequestError,
    401: AuthenticationError,
    403: AccessDeniedError,
    404: NotFoundError,
    405: MethodNotAllowedError,
    429: RateLimitError,
}


def _status_class(status: int) -> type[APIStatusError]:
    return ServerError if status >= 500 else STATUS_CLASS[status]


def test_each_vendor_method_has_as_many_rows_as_its_error_table() -> None:
    rows = Counter(
        m for entry in CATALOGUE.values() for row in entry.documented for m in row.methods
    )
    assert rows == ROWS_PER_METHOD


def test_every_error_code_member_has_its_entry_under_its_name() -> None:
    missing = [member for member in ErrorCode if CATALOGUE.get(member) is None]
    assert missing == []
    assert all(CATALOGUE[member].name == ErrorCode(member).name for member in ErrorCode)


def test_every_documented_code_is_an_error_code_member() -> None:
    documented = {code for code, entry in CATALOGUE.items() if entry.documented}
    assert documented == {int(member) for member in ErrorCode}


def test_an_entry_without_documented_rows_is_an_answer_whose_code_is_its_status() -> None:
    undocumented = {code: entry.status for code, entry in CATALOGUE.items() if not entry.documented}
    assert undocumented == {code: code for code in (400, 401, 404, 405, 429, 500, 502, 503, 504)}


def test_an_entrys_key_is_its_code() -> None:
    assert [code for code, entry in CATALOGUE.items() if entry.code != code] == []


def test_an_entrys_exception_is_its_statuss_class_or_a_subclass_of_it() -> None:
    wrong = [
        (code, entry.status, entry.exception)
        for code, entry in CATALOGUE.items()
        if not issubclass(entry.exception, _status_class(entry.status))
    ]
    assert wrong == []


def test_every_row_raises_a_subclass_of_its_statuss_class() -> None:
    wrong = [
        (code, row.status, entry.exception_at(row.status))
        for code, entry in CATALOGUE.items()
        for row in entry.documented
        if not issubclass(entry.exception_at(row.status), _status_class(row.status))
    ]
    assert wrong == []


def test_every_row_is_named_by_an_error_code_member_of_its_code() -> None:
    members = {name: int(member) for name, member in ErrorCode.__members__.items()}
    wrong = [
        (code, row.name)
        for code, entry in CATALOGUE.items()
        for row in entry.documented
        if members.get(row.name) != code
    ]
    assert wrong == []


def test_1202_is_an_opt_out_for_the_opt_out_route_and_a_contact_for_the_group_routes() -> None:
    names = {m: row.name for row in CATALOGUE[1202].documented for m in row.methods}
    assert names == {
        "delete_contact_from_optouts_list": "OPTOUT_NOT_FOUND",
        "delete_contact_from_group": "CONTACT_NOT_FOUND",
        "update_contact_from_group": "CONTACT_NOT_FOUND",
    }


def test_a_method_lists_each_row_of_a_code_once() -> None:
    repeated = [
        (code, method)
        for code, entry in CATALOGUE.items()
        for method in entry.methods
        if len({(r.status, r.error_type, r.message) for r in entry.documented_for(method)})
        != len(entry.documented_for(method))
    ]
    assert repeated == []


def test_2003_is_an_otp_country_for_new_otp_and_a_rental_country_for_available_numbers() -> None:
    names = {m: row.name for row in CATALOGUE[2003].documented for m in row.methods}
    assert names == {
        "new_otp": "OTP_COUNTRY_INVALID",
        "get_available_numbers": "RENTAL_COUNTRY_INVALID",
    }
    assert ErrorCode.RENTAL_COUNTRY_INVALID is ErrorCode.OTP_COUNTRY_INVALID


def test_a_viber_or_whatsapp_reply_too_late_is_a_reply_window_closed_error() -> None:
    for code in (ErrorCode.VIBER_REPLY_WINDOW_CLOSED, ErrorCode.WHATSAPP_REPLY_WINDOW_CLOSED):
        entry = CATALOGUE[code]
        body = {"error": {"type": entry.error_type, "code": int(code), "message": entry.message}}
        error = error_from_response(entry.status, {}, body)
        assert type(error) is ReplyWindowClosedError
        assert isinstance(error, AccessDeniedError)


def test_too_little_credit_for_multichannel_fallbacks_is_an_insufficient_credit_error() -> None:
    entry = CATALOGUE[ErrorCode.INSUFFICIENT_CREDIT_FOR_FAILOVER]
    assert (entry.status, entry.error_type, entry.exception) == (
        400,
        "insufficient_credit",
        InsufficientCreditError,
    )
