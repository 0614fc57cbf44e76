"""Delivery-report callbacks: typed models from the documented body, typed errors otherwise."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from smscx.webhooks import (
    DeliveryReport,
    DeliveryStatus,
    WebhookParseError,
    parse_delivery_reports,
)

REPORT = {
    "campaignId": "0b57f5bc-5ce0-4b1b-9a3c-e6a0b47f0d1f",
    "msgId": "3328fe13-2b99-4282-b62e-d891f5e452a8",
    "statusCode": 200,
    "status": "DELIVERED",
    "errorCode": None,
    "datetime": "2026-11-26 14:55:02",
    "trackData": "bf325375-e030-4ccb-a009-17317c574773",
}


def callback(*reports: dict[str, object]) -> bytes:
    return json.dumps({"event": "dlr_update", "data": list(reports)}).encode()


def test_a_callback_parses_into_typed_reports() -> None:
    batch = parse_delivery_reports(callback(REPORT))
    assert batch.event == "dlr_update"
    assert batch.reports == [
        DeliveryReport(
            campaign_id="0b57f5bc-5ce0-4b1b-9a3c-e6a0b47f0d1f",
            msg_id="3328fe13-2b99-4282-b62e-d891f5e452a8",
            status_code=200,
            status="DELIVERED",
            error_code=None,
            at=datetime(2026, 11, 26, 14, 55, 2, tzinfo=timezone.utc),
            track_data="bf325375-e030-4ccb-a009-17317c574773",
        )
    ]
    assert batch.reports[0].delivered


def test_a_failed_report_carries_its_error_code() -> None:
    failed = {**REPORT, "status": "FAILED", "statusCode": 400, "errorCode": 1207}
    (report,) = parse_delivery_reports(callback(failed)).reports
    assert report.status == DeliveryStatus.FAILED
    assert report.error_code == 1207
    assert not report.delivered


def test_track_data_is_optional_and_unknown_fields_are_ignored() -> None:
    report = {k: v for k, v in REPORT.items() if k != "trackData"} | {"newField": 1}
    (parsed,) = parse_delivery_reports(callback(report)).reports
    assert parsed.track_data is None


def test_text_and_decoded_json_are_accepted() -> None:
    raw = callback(REPORT)
    assert parse_delivery_reports(raw.decode()) == parse_delivery_reports(json.loads(raw))


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b"<html>oops</html>", "not JSON"),
        (b'{"event": "other", "data": []}', "dlr_update"),
        (b'{"event": "dlr_update"}', '"data" list'),
        (b'{"event": "dlr_update", "data": [{"msgId": "x"}]}', "Malformed"),
    ],
)
def test_a_body_that_is_not_a_report_batch_is_a_parse_error(body: bytes, says: str) -> None:
    with pytest.raises(WebhookParseError, match=says):
        parse_delivery_reports(body)


def test_more_than_200_reports_is_refused() -> None:
    with pytest.raises(WebhookParseError, match="at most 200"):
        parse_delivery_reports(callback(*[REPORT] * 201))


def test_a_parse_error_is_a_value_error() -> None:
    assert issubclass(WebhookParseError, ValueError)
