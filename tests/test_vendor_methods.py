"""Every method of the vendor's API, under its vendor name, on both clients.

The list below is the vendor's own (``smscx_client`` 0.1.13, API version 1.0.2): the method
index at the top of each page of its generated reference (``api/<Class>.md``), 101 methods in
17 classes, copied here because the pages are not part of this repository. A method missing
from ``AsyncSmsClient.<namespace>`` or ``SmsClient.<namespace>`` fails here.
"""

from __future__ import annotations

import inspect

import pytest

from smscx import AsyncSmsClient, SmsClient
from smscx.api._registry import NAMESPACES

VENDOR_METHODS: dict[str, tuple[str, ...]] = {
    "AccountApi": (
        "get_account_balance",
        "get_channel_pricing",
        "get_channel_pricing_by_country_iso",
        "get_channels_status",
    ),
    "ApplicationsApi": (
        "get_application_settings",
        "get_applications_list",
        "get_scopes",
    ),
    "AttachmentsApi": (
        "delete_attachment",
        "export_attachment_hits_to_csv",
        "export_attachment_hits_to_xlsx",
        "get_attachment_hits",
        "get_attachments_list",
    ),
    "ConversationsApi": (
        "get_conversation",
        "get_converstions_list",
        "mark_conversation_as_read",
        "send_conversation_reply_sms",
        "send_conversation_reply_viber",
        "send_conversation_reply_whatsapp",
    ),
    "GroupsApi": (
        "add_contacts_to_group",
        "add_contacts_to_group_with_fields",
        "create_group",
        "delete_contact_from_group",
        "delete_group",
        "empty_group",
        "export_group_to_csv",
        "export_group_to_xlsx",
        "get_group_details",
        "get_groups_list",
        "update_contact_from_group",
    ),
    "MultichannelApi": (
        "delete_scheduled_multichannel_campaign",
        "delete_scheduled_multichannel_message",
        "estimate_multichannel_campaign",
        "estimate_multichannel_message",
        "send_multichannel_campaign",
        "send_multichannel_message",
    ),
    "NumbersApi": (
        "get_bulk_lookup_status",
        "get_bulk_lookup_campaigns",
        "get_single_lookup_status",
        "lookup_number",
        "lookup_numbers",
        "export_number_lookup_report_to_csv",
        "export_number_lookup_report_to_xlsx",
        "validate_number",
        "validate_numbers",
        "get_available_numbers",
        "rent_number",
        "cancel_rent",
        "renew_rent",
        "get_rent_status",
        "get_rented_numbers",
        "get_inbound_sms",
        "edit_rent_settings",
    ),
    "OauthApi": ("get_access_token",),
    "OptoutsApi": (
        "add_contact_to_optouts_list",
        "delete_contact_from_optouts_list",
        "export_optouts_to_csv",
        "export_optouts_to_xlsx",
        "get_optouts_list",
    ),
    "OriginatorsApi": (
        "create_originator",
        "delete_originator",
        "get_originators_list",
    ),
    "OtpApi": (
        "cancel_otp",
        "get_otp_status",
        "new_otp",
        "verify_otp",
    ),
    "ReportsApi": (
        "export_advanced_report_to_csv",
        "export_advanced_report_to_xlsx",
        "export_campaign_report_to_csv",
        "export_campaign_report_to_xlsx",
        "get_advanced_report",
        "get_campaign_report",
        "get_campaigns_list",
        "get_single_report",
        "get_summary_reports",
    ),
    "ShortlinksApi": (
        "create_shortlink",
        "delete_shortlink",
        "export_shortlink_hits_to_csv",
        "export_shortlink_hits_to_xlsx",
        "get_shortlink_hits",
        "get_shortlinks_list",
        "update_shortlink",
    ),
    "SmsApi": (
        "delete_scheduled_sms",
        "delete_scheduled_sms_campaign",
        "estimate_sms",
        "estimate_sms_campaign",
        "send_sms",
        "send_sms_campaign",
    ),
    "TemplatesApi": (
        "create_template",
        "delete_template",
        "get_template",
        "get_templates_list",
        "update_template",
    ),
    "ViberApi": (
        "delete_scheduled_viber_campaign",
        "delete_scheduled_viber_message",
        "estimate_viber_campaign",
        "estimate_viber_message",
        "send_viber_campaign",
        "send_viber_message",
    ),
    "WhatsappApi": (
        "delete_scheduled_whatsapp_message",
        "estimate_whatsapp_message",
        "send_whatsapp_message",
    ),
}

BY_VENDOR = {entry.vendor: entry for entry in NAMESPACES}
METHODS = [
    pytest.param(vendor, method, id=f"{vendor}.{method}")
    for vendor, methods in VENDOR_METHODS.items()
    for method in methods
]


def test_the_list_is_the_vendors_whole_api() -> None:
    assert len(VENDOR_METHODS) == 17
    assert sum(len(methods) for methods in VENDOR_METHODS.values()) == 101


def test_every_vendor_class_is_a_namespace() -> None:
    assert sorted(VENDOR_METHODS) == sorted(BY_VENDOR)


@pytest.mark.parametrize(("vendor", "method"), METHODS)
def test_the_async_client_has_the_vendor_method(vendor: str, method: str) -> None:
    entry = BY_VENDOR[vendor]
    function = inspect.unwrap(getattr(getattr(AsyncSmsClient, entry.attribute).namespace, method))
    # Awaited: a coroutine, or a list's AsyncPaginator (awaited for a page, iterated for all).
    returns = str(inspect.signature(function).return_annotation)
    assert inspect.iscoroutinefunction(function) or returns.startswith("AsyncPaginator[")


@pytest.mark.parametrize(("vendor", "method"), METHODS)
def test_the_blocking_client_has_the_vendor_method(vendor: str, method: str) -> None:
    entry = BY_VENDOR[vendor]
    namespace = getattr(SmsClient, entry.attribute).namespace
    blocking = getattr(namespace, method)
    assert callable(blocking)
    assert not inspect.iscoroutinefunction(blocking)
