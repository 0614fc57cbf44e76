"""Every error row of the seed's tables, with the API's status, type and code."""

from __future__ import annotations

import functools
from typing import Any

import httpx
import pytest

from smscx.testing import Contact, Emulator, Group
from tests.emulator.helpers import FR, campaign, error_of, sms

pytestmark = pytest.mark.anyio

KP = "+8501912345678"  # North Korea: no coverage by default
MANY = [FR] * 25_001
SEED_EXAMPLE_ID = "bf325375-e030-fccb-a009-17317c574773"  # version nibble "f": not v1-v5

# (id, body fields, emulator options, status, type, code) shared by /sms and /sms/estimate.
SMS_ROWS: list[tuple[str, dict[str, Any], dict[str, Any], int, str, int]] = [
    ("1103-too-many", {"to": MANY}, {}, 400, "invalid_param", 1103),
    ("1104-to-missing", {"to": None}, {}, 400, "invalid_param", 1104),
    ("1104-to-empty", {"to": []}, {}, 400, "invalid_param", 1104),
    ("1105-from-missing", {"from": None}, {}, 400, "invalid_param", 1105),
    ("1105-from-empty", {"from": ""}, {}, 400, "invalid_param", 1105),
    ("1106-from-short", {"from": "ab"}, {}, 400, "invalid_param", 1106),
    ("1106-from-long", {"from": "A" * 16}, {}, 400, "invalid_param", 1106),
    ("1107-text-missing", {"text": None}, {}, 400, "invalid_param", 1107),
    ("1107-text-empty", {"text": ""}, {}, 400, "invalid_param", 1107),
    ("1108-date-garbage", {"scheduledDate": "tomorrow"}, {}, 400, "invalid_param", 1108),
    (
        "1108-date-month-13",
        {"scheduledDate": "2099-13-01 10:00:00"},
        {},
        400,
        "invalid_param",
        1108,
    ),
    ("1109-dlr-not-url", {"dlrCallbackUrl": "not a url"}, {}, 400, "invalid_param", 1109),
    ("1109-dlr-ftp", {"dlrCallbackUrl": "ftp://example.com/x"}, {}, 400, "invalid_param", 1109),
    ("1112-shortlink", {"text": "See {{shortlink:nope}}"}, {}, 400, "invalid_param", 1112),
    ("1112-attachment", {"text": "See {{attachment:nope}}"}, {}, 400, "invalid_param", 1112),
    ("too-long-gsm", {"text": "a" * 1531}, {}, 400, "invalid_param", 400),
    ("too-long-unicode", {"text": "ж" * 671}, {}, 400, "invalid_param", 400),
    ("1116-past", {"scheduledDate": "2000-01-01 00:00:00"}, {}, 400, "invalid_param", 1116),
    ("1207-one", {"to": ["+3361"]}, {}, 400, "invalid_param", 1207),
    ("1210-several", {"to": ["+3361", "12"]}, {}, 400, "invalid_param", 1210),
    ("1113-credit", {}, {"balance": 0.01}, 400, "insufficient_credit", 1113),
    (
        "1114-credit-limit",
        {},
        {"balance": 0, "credit_limit": 0.01},
        400,
        "insufficient_credit",
        1114,
    ),
    ("1110-alphabet", {"transliteration": {"alphabet": "KLINGON"}}, {}, 400, "invalid_param", 1110),
    ("1135-not-object", {"transliteration": "NON_GSM"}, {}, 400, "invalid_param", 1135),
    (
        "1503-remove-emojis",
        {"transliteration": {"removeEmojis": "yes"}},
        {},
        400,
        "invalid_param",
        1503,
    ),
    ("1136-numbers", {"text": "{{numbers:x}}"}, {}, 400, "invalid_param", 1136),
    ("1136-letters", {"text": "{{letters:abc}}"}, {}, 400, "invalid_param", 1136),
    ("1136-alphanumeric", {"text": "{{alphanumeric:-1}}"}, {}, 400, "invalid_param", 1136),
    ("1137-zero", {"text": "{{numbers:0}}"}, {}, 400, "invalid_param", 1137),
    ("1137-twenty-one", {"text": "{{letters:21}}"}, {}, 400, "invalid_param", 1137),
    ("1119-no-coverage", {"to": [KP]}, {}, 403, "no_coverage", 1119),
]

CAMPAIGN_ROWS: list[tuple[str, dict[str, Any], dict[str, Any], int, str, int]] = [
    ("1101-groups-missing", {"groups": None}, {}, 400, "invalid_param", 1101),
    ("1101-groups-empty", {"groups": []}, {}, 400, "invalid_param", 1101),
    ("1140-unknown-group", {"groups": [99]}, {}, 400, "invalid_param", 1140),
    ("1140-not-an-id", {"groups": ["one"]}, {}, 400, "invalid_param", 1140),
    ("1102-empty-group", {"groups": [3]}, {}, 400, "invalid_param", 1102),
    *[
        row
        for row in SMS_ROWS
        if row[0].split("-")[0] not in ("1103", "1104", "1207", "1210", "1119")
    ],
    (
        "1119-no-coverage",
        {"groups": [7]},
        {"groups": [Group(7, "North", [Contact(KP)])]},
        403,
        "no_coverage",
        1119,
    ),
]


def _case(row: tuple[str, dict[str, Any], dict[str, Any], int, str, int]) -> Any:
    return pytest.param(*row[1:], id=row[0])


async def _post(options: dict[str, Any], path: str, body: dict[str, Any]) -> httpx.Response:
    emulator = Emulator(**options)
    body = {k: v for k, v in body.items() if v is not None}
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as client:
        response = await client.post(path, json=body)
    assert emulator.ledger.charges == ()  # a refused request bills nothing
    return response


@pytest.mark.parametrize("path", ["/sms", "/sms/estimate"])
@pytest.mark.parametrize(
    ("fields", "options", "status", "type_", "code"), [_case(r) for r in SMS_ROWS]
)
async def test_sms_error_rows(
    path: str, fields: dict[str, Any], options: dict[str, Any], status: int, type_: str, code: int
) -> None:
    response = await _post(options, path, sms(**fields))
    assert error_of(response) == (status, type_, code)


@pytest.mark.parametrize("path", ["/sms/campaign", "/sms/campaign/estimate"])
@pytest.mark.parametrize(
    ("fields", "options", "status", "type_", "code"), [_case(r) for r in CAMPAIGN_ROWS]
)
async def test_campaign_error_rows(
    path: str, fields: dict[str, Any], options: dict[str, Any], status: int, type_: str, code: int
) -> None:
    response = await _post(options, path, campaign(**fields))
    assert error_of(response) == (status, type_, code)


@functools.cache
def _big_group() -> Group:
    # Built once: validating 25,001 numbers with libphonenumber takes a while.
    contacts = [Contact(f"+3361{n:07d}") for n in range(25_001)]
    return Emulator(groups=[Group(5, "Big", contacts)]).groups[5]


@pytest.mark.parametrize("path", ["/sms/campaign", "/sms/campaign/estimate"])
async def test_campaign_of_more_than_25000_numbers_is_1103(path: str) -> None:
    response = await _post({"groups": [_big_group()]}, path, campaign(groups=[5]))
    assert error_of(response) == (400, "invalid_param", 1103)


@pytest.mark.parametrize("path", ["/sms", "/sms/campaign"])
@pytest.mark.parametrize("idempotency_id", ["abc", SEED_EXAMPLE_ID, 42])
async def test_send_with_an_idempotency_id_that_is_not_a_uuid_v1_to_v5_is_1111(
    path: str, idempotency_id: object
) -> None:
    body = (
        sms(idempotencyId=idempotency_id)
        if path == "/sms"
        else campaign(idempotencyId=idempotency_id)
    )
    response = await _post({}, path, body)
    assert error_of(response) == (400, "invalid_param", 1111)


async def test_1207_and_1210_list_the_invalid_numbers(api: httpx.AsyncClient) -> None:
    one = await api.post("/sms", json=sms(to=[FR, "+3361"]))
    several = await api.post("/sms", json=sms(to=["+3361", FR, "12"]))
    assert one.json()["error"]["invalid"] == ["+3361"]
    assert several.json()["error"]["invalid"] == ["+3361", "12"]


async def test_error_body_has_type_code_message_and_uri(api: httpx.AsyncClient) -> None:
    response = await api.post("/sms", json=sms(to=[]))
    assert response.json() == {
        "error": {
            "type": "invalid_param",
            "code": 1104,
            "message": "The parameter `to` is empty or not set",
            "uri": "https://developers.sms.cx/#errors",
        }
    }


async def test_body_that_is_not_json_is_400(api: httpx.AsyncClient) -> None:
    response = await api.post("/sms", content=b"{not json")
    assert error_of(response) == (400, "invalid_param", 400)


# --- deletes ------------------------------------------------------------------------------

UNKNOWN_ID = "3328fe13-2b99-4282-b62e-d891f5e452a8"


async def test_deleting_a_malformed_message_id_is_1115(api: httpx.AsyncClient) -> None:
    response = await api.delete("/sms/scheduled/not-a-uuid")
    assert error_of(response) == (400, "invalid_param", 1115)


async def test_deleting_an_unknown_message_is_1100(api: httpx.AsyncClient) -> None:
    response = await api.delete(f"/sms/scheduled/{UNKNOWN_ID}")
    assert error_of(response) == (404, "not_found", 1100)


async def test_deleting_a_message_sent_at_once_is_1118(api: httpx.AsyncClient) -> None:
    sent = await api.post("/sms", json=sms())
    msg_id = sent.json()["data"][0]["msgId"]
    response = await api.delete(f"/sms/scheduled/{msg_id}")
    assert error_of(response) == (403, "access_denied", 1118)


async def test_deleting_a_malformed_campaign_id_is_1155(api: httpx.AsyncClient) -> None:
    response = await api.delete("/sms/scheduled/campaign/12345")
    assert error_of(response) == (400, "invalid_param", 1155)


async def test_deleting_an_unknown_campaign_is_1150(api: httpx.AsyncClient) -> None:
    response = await api.delete(f"/sms/scheduled/campaign/{UNKNOWN_ID}")
    assert error_of(response) == (404, "not_found", 1150)


async def test_deleting_a_campaign_sent_at_once_is_1118(api: httpx.AsyncClient) -> None:
    sent = await api.post("/sms/campaign", json=campaign())
    campaign_id = sent.json()["info"]["campaignId"]
    response = await api.delete(f"/sms/scheduled/campaign/{campaign_id}")
    assert error_of(response) == (403, "access_denied", 1118)


# --- outside the tables -------------------------------------------------------------------


async def test_unknown_path_is_404(api: httpx.AsyncClient) -> None:
    response = await api.post("/sms/nope", json=sms())
    assert error_of(response) == (404, "not_found", 404)


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("GET", "/sms", "POST"),
        ("PUT", "/sms/estimate", "POST"),
        ("GET", "/sms/campaign", "POST"),
        ("POST", f"/sms/scheduled/{UNKNOWN_ID}", "DELETE"),
        ("POST", f"/sms/scheduled/campaign/{UNKNOWN_ID}", "DELETE"),
        ("GET", "/oauth/token", "POST"),
    ],
)
async def test_wrong_method_is_405_with_allow(
    api: httpx.AsyncClient, method: str, path: str, allow: str
) -> None:
    response = await api.request(method, path)
    assert error_of(response) == (405, "method_not_allowed", 405)
    assert response.headers["allow"] == allow
