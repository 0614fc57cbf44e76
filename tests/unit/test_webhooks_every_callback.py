"""Every callback the vendor's documents define, parsed from raw bytes into typed models."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest

from smscx.webhooks import (
    DeliveryReportBatch,
    LinkHitBatch,
    NewOptoutBatch,
    NumberLookupBatch,
    OtpUpdateBatch,
    ReceivedSmsBatch,
    ReceivedViberBatch,
    ReceivedWhatsappBatch,
    WebhookParseError,
    parse_link_hits,
    parse_new_optouts,
    parse_number_lookups,
    parse_otp_updates,
    parse_received_sms,
    parse_received_viber,
    parse_received_whatsapp,
    parse_webhook,
)

AT = "2026-11-26 14:54:13"
MOMENT = datetime(2026, 11, 26, 14, 54, 13, tzinfo=timezone.utc)

NEW_OPTOUT = {
    "hitId": 7,
    "optoutId": "o-1",
    "optoutUrl": "https://sms.cx/o/1",
    "optoutType": "link",
    "countryIso": "FR",
    "datetime": AT,
    "phoneNumber": "+33612345678",
    "campaignId": None,
}
OTP = {
    "otpId": "5d1f0f0e-7c4b-4e8e-9d7a-0c2c8f1b6a11",
    "trackId": None,
    "phoneNumber": "+33612345678",
    "countryIso": "FR",
    "status": "VERIFIED",
    "cost": 0.065,
    "parts": 1,
    "maxAttempts": 3,
    "attempts": 1,
    "ttl": 300,
    "otpCallbackUrl": "https://example.com/otp",
    "dateCreated": AT,
    "dateExpires": "2026-11-26 14:59:13",
}
LOOKUP = {
    "phoneNumber": "+33612345678",
    "lookupBulkId": None,
    "lookupId": "l-1",
    "cost": 0.005,
    "mcc": "208",
    "mccmnc": "20810",
    "countryIso": "FR",
    "countryName": "France",
    "countryNameLocale": "France",
    "status": "VALID",
    "statusDescription": "Valid and reachable",
    "ported": False,
    "roaming": False,
    "originalNetwork": {"name": "SFR", "mnc": "10"},
    "portedNetwork": {},
    "roamingNetwork": {},
    "datetime": AT,
}
RECEIVED = {
    "msgId": "m-1",
    "from": "+33612345678",
    "countryIso": "FR",
    "to": "38000",
    "text": "STOP",
    "cost": 0,
    "receivedAt": AT,
}
HIT = {
    "hitId": 3,
    "shortlinkId": "s-1",
    "url": "https://sms.cx/s/1",
    "device": "smartphone",
    "browser": "Chrome",
    "browserVersion": "120",
    "os": "Android",
    "osVersion": "14",
    "brand": "Google",
    "model": "Pixel 8",
    "screenResolution": "1080x2400",
    "acceptLanguage": "fr-FR",
    "referrer": None,
    "ipAddress": "204.79.200.0",
    "countryIso": "FR",
    "city": "Paris",
    "datetime": AT,
}


def body(event: str, item: dict[str, Any], count: int = 1) -> bytes:
    return json.dumps({"event": event, "data": [item] * count}).encode()


def test_a_new_optout() -> None:
    batch = parse_new_optouts(body("new_optout", NEW_OPTOUT))
    optout = batch.data[0]
    assert (optout.phone_number, optout.optout_type, optout.at) == ("+33612345678", "link", MOMENT)
    assert optout.campaign_id is None


def test_an_otp_update() -> None:
    update = parse_otp_updates(body("otp_update", OTP)).data[0]
    assert (update.status, update.attempts, update.max_attempts) == ("VERIFIED", 1, 3)
    assert update.date_created == MOMENT


def test_a_number_lookup_whatever_its_event() -> None:
    for event in ("number_lookup", "otp_update"):  # the vendor's model says otp_update
        result = parse_number_lookups(body(event, LOOKUP)).data[0]
        assert result.original_network is not None
        assert result.original_network.name == "SFR"
        assert (result.ported, result.mccmnc, result.at) == (False, "20810", MOMENT)


def test_a_received_sms() -> None:
    received = parse_received_sms(body("receive_sms", RECEIVED)).data[0]
    assert (received.from_, received.to, received.text) == ("+33612345678", "38000", "STOP")


@pytest.mark.parametrize("parse", [parse_received_viber, parse_received_whatsapp])
def test_a_received_viber_or_whatsapp_message_in_the_shape_of_receive_sms(parse: Any) -> None:
    event = "receive_viber" if parse is parse_received_viber else "receive_whatsapp"
    message = parse(body(event, RECEIVED)).data[0]
    assert (message.msg_id, message.from_, message.to) == ("m-1", "+33612345678", "38000")
    assert (message.text, message.cost, message.received_at) == ("STOP", 0, MOMENT)


@pytest.mark.parametrize("event", ["receive_viber", "receive_whatsapp"])
def test_a_chat_message_needs_only_its_id_sender_and_time(event: str) -> None:
    bare = {"msgId": "m-2", "from": "+33612345678", "receivedAt": AT}
    message = parse_webhook(body(event, bare)).data[0]
    assert (message.text, message.to, message.country_iso, message.cost) == (None,) * 4


def test_a_chat_message_without_a_sender_is_refused() -> None:
    with pytest.raises(WebhookParseError, match="Malformed"):
        parse_received_viber(body("receive_viber", {"msgId": "m-2", "receivedAt": AT}))


def test_each_chat_parser_refuses_the_other_channel() -> None:
    with pytest.raises(WebhookParseError, match='expected "event": "receive_whatsapp"'):
        parse_received_whatsapp(body("receive_viber", RECEIVED))


def test_parse_webhook_knows_every_event_of_the_vendors_list() -> None:
    # model/CallbackEventTypes.md; number_lookup is smscx's name for the lookup callback
    vendor = ["dlr_update", "receive_sms", "receive_viber", "receive_whatsapp",
              "shortlink_hit", "shortlink_hit_update", "attachment_hit",
              "attachment_hit_update", "new_optout"]  # fmt: skip
    for event in vendor:
        with pytest.raises(WebhookParseError) as caught:
            parse_webhook(json.dumps({"event": event, "data": [{}]}).encode())
        assert "Unknown callback event" not in str(caught.value), event


@pytest.mark.parametrize(
    "event", ["shortlink_hit", "shortlink_hit_update", "attachment_hit", "attachment_hit_update"]
)
def test_a_link_hit(event: str) -> None:
    batch = parse_link_hits(body(event, HIT))
    assert batch.event == event
    assert (batch.data[0].city, batch.data[0].phone_number) == ("Paris", None)


@pytest.mark.parametrize(
    ("event", "item", "cls"),
    [
        ("new_optout", NEW_OPTOUT, NewOptoutBatch),
        ("otp_update", OTP, OtpUpdateBatch),
        ("number_lookup", LOOKUP, NumberLookupBatch),
        ("receive_sms", RECEIVED, ReceivedSmsBatch),
        ("receive_viber", RECEIVED, ReceivedViberBatch),
        ("receive_whatsapp", RECEIVED, ReceivedWhatsappBatch),
        ("attachment_hit", HIT, LinkHitBatch),
    ],
)
def test_parse_webhook_picks_the_parser_by_event(
    event: str, item: dict[str, Any], cls: type
) -> None:
    assert isinstance(parse_webhook(body(event, item)), cls)


def test_parse_webhook_takes_a_delivery_report_too() -> None:
    report = {"campaignId": "c", "msgId": "m", "statusCode": 200, "status": "DELIVERED",
              "errorCode": None, "datetime": AT}  # fmt: skip
    assert isinstance(parse_webhook(body("dlr_update", report)), DeliveryReportBatch)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"not json", "not JSON"),
        (b"[]", "JSON object"),
        (body("receive_telegram", RECEIVED), "Unknown callback event"),
        (json.dumps({"event": "new_optout"}).encode(), '"data" list'),
        (body("new_optout", {**NEW_OPTOUT, "hitId": "seven"}), "Malformed"),
        (body("new_optout", NEW_OPTOUT, count=201), "at most 200"),
    ],
)
def test_the_same_strictness_as_the_delivery_report_parser(raw: bytes, message: str) -> None:
    with pytest.raises(WebhookParseError, match=message):
        parse_webhook(raw)


def test_each_parser_refuses_another_kind() -> None:
    with pytest.raises(WebhookParseError, match='expected "event": "otp_update"'):
        parse_otp_updates(body("new_optout", NEW_OPTOUT))
