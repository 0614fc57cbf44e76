"""POST /sms and /sms/estimate: what a successful send answers and bills."""

from __future__ import annotations

import re

import httpx
import pytest

from smscx.testing import Emulator
from tests.emulator.helpers import FR, sms

pytestmark = pytest.mark.anyio

UK = "+447400123456"


async def test_send_answers_info_and_one_data_item_per_number(
    api: httpx.AsyncClient, smscx_emulator: Emulator
) -> None:
    response = await api.post("/sms", json=sms(to=[FR, UK]))
    assert response.status_code == 200
    body = response.json()
    info = body["info"]
    assert {k: v for k, v in info.items() if k != "campaignId"} == {
        "totalPhoneNumbers": 2,
        "totalValid": 2,
        "totalInvalid": 0,
        "totalParts": 2,
        "totalCost": 0.102,
        "dlrCallbackUrl": None,
        "phoneNumbersByCountry": {"FR": 1, "GB": 1},
        "scheduled": False,
        "totalInQuietHours": 0,
    }
    first = body["data"][0]
    assert {k: v for k, v in first.items() if k not in ("msgId", "createdAt")} == {
        "status": "ACCEPTED",
        "statusCode": 100,
        "errorCode": None,
        "inQuietHours": False,
        "cost": 0.065,
        "to": FR,
        "countryIso": "FR",
        "from": "InfoText",
        "parts": 1,
        "text": "Hello",
        "textAnalysis": {"length": 5, "unicode": False, "parts": 1},
    }
    assert [d["to"] for d in body["data"]] == [FR, UK]


async def test_send_bills_the_balance_and_the_ledger(
    api: httpx.AsyncClient, smscx_emulator: Emulator
) -> None:
    response = await api.post("/sms", json=sms(to=[FR, UK]))
    (charge,) = smscx_emulator.ledger.sends()
    assert charge.amount == 0.102
    assert charge.campaign_id == response.json()["info"]["campaignId"]
    assert smscx_emulator.balance == pytest.approx(1000 - 0.102)
    assert set(smscx_emulator.ledger.messages) == {d["msgId"] for d in response.json()["data"]}


async def test_estimate_answers_the_same_shape_and_bills_nothing(
    api: httpx.AsyncClient, smscx_emulator: Emulator
) -> None:
    response = await api.post("/sms/estimate", json=sms(to=[FR, UK]))
    assert response.json()["info"]["totalCost"] == 0.102
    assert smscx_emulator.balance == 1000
    assert smscx_emulator.ledger.charges == ()


async def test_national_numbers_are_read_with_country_iso_and_answered_in_e164(
    api: httpx.AsyncClient,
) -> None:
    response = await api.post("/sms", json=sms(to=["06 12 34 56 78"], countryIso="FR"))
    assert response.json()["data"][0]["to"] == FR


async def test_allow_invalid_sends_the_valid_and_lists_the_invalid(
    api: httpx.AsyncClient,
) -> None:
    response = await api.post("/sms", json=sms(to=[FR, "+3361", "junk"], allowInvalid=True))
    info = response.json()["info"]
    assert (info["totalPhoneNumbers"], info["totalValid"], info["totalInvalid"]) == (3, 1, 2)
    assert info["invalid"] == ["+3361", "junk"]
    assert len(response.json()["data"]) == 1


async def test_allow_invalid_with_no_valid_number_is_still_refused(api: httpx.AsyncClient) -> None:
    response = await api.post("/sms", json=sms(to=["+3361"], allowInvalid=True))
    assert response.json()["error"]["code"] == 1207


async def test_destination_without_coverage_is_no_coverage_at_cost_zero(
    api: httpx.AsyncClient, smscx_emulator: Emulator
) -> None:
    response = await api.post("/sms", json=sms(to=[FR, "+8501912345678"]))
    item = response.json()["data"][1]
    assert (item["status"], item["cost"]) == ("NO COVERAGE", 0.0)
    assert response.json()["info"]["totalCost"] == 0.065


async def test_prices_are_configurable_per_country() -> None:
    emulator = Emulator(prices={"FR": 0.5, "*": None})
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        french = await api.post("/sms/estimate", json=sms())
        belgian = await api.post("/sms/estimate", json=sms(to=["+32470123456"]))
    assert french.json()["info"]["totalCost"] == 0.5
    assert belgian.json()["error"]["code"] == 1119


async def test_short_response_leaves_data_empty(api: httpx.AsyncClient) -> None:
    response = await api.post("/sms", json=sms(shortResponse=True))
    assert response.json()["data"] == []
    assert response.json()["info"]["totalValid"] == 1


async def test_no_text_details_drops_text_and_text_analysis(api: httpx.AsyncClient) -> None:
    response = await api.post("/sms", json=sms(noTextDetails=True))
    item = response.json()["data"][0]
    assert "text" not in item
    assert "textAnalysis" not in item


async def test_show_timezone_adds_the_destination_time_zone(api: httpx.AsyncClient) -> None:
    response = await api.post("/sms", json=sms(showTimezone=True))
    assert response.json()["data"][0]["timezone"] == "Europe/Paris"


async def test_track_data_and_dlr_callback_url_are_echoed(api: httpx.AsyncClient) -> None:
    track = "0b57f5bc-5ce0-4b1b-9a3c-e6a0b47f0d1f"
    url = "https://example.com/dlr"
    response = await api.post("/sms", json=sms(trackData=track, dlrCallbackUrl=url))
    assert response.json()["data"][0]["trackData"] == track
    assert response.json()["info"]["dlrCallbackUrl"] == url


async def test_a_track_data_that_is_not_a_uuid_is_discarded_not_refused(
    api: httpx.AsyncClient,
) -> None:
    # The vendor: "If the value is not a valid UUID (v1-v5) the API will not return an
    # error but will discard this parameter."
    response = await api.post("/sms", json=sms(trackData="order-42"))
    assert response.status_code == 200
    assert response.json()["data"][0].get("trackData") is None


async def test_the_longest_text_the_api_takes_is_ten_parts(api: httpx.AsyncClient) -> None:
    longest = await api.post("/sms", json=sms(text="a" * 1530))
    assert longest.json()["info"]["totalParts"] == 10
    longer = await api.post("/sms", json=sms(text="a" * 1531))
    assert longer.status_code == 400
    assert "at most 10" in longer.json()["error"]["message"]


@pytest.mark.parametrize(
    ("text", "length", "unicode", "parts"),
    [
        ("a" * 160, 160, False, 1),
        ("a" * 161, 161, False, 2),
        ("€" * 80, 160, False, 1),  # extension characters count double
        ("€" * 81, 162, False, 2),
        ("ж" * 70, 70, True, 1),
        ("ж" * 71, 71, True, 2),
    ],
)
async def test_parts_follow_gsm7_and_ucs2_rules(
    api: httpx.AsyncClient, text: str, length: int, unicode: bool, parts: int
) -> None:
    response = await api.post("/sms/estimate", json=sms(text=text))
    item = response.json()["data"][0]
    assert item["textAnalysis"] == {"length": length, "unicode": unicode, "parts": parts}
    assert item["cost"] == pytest.approx(0.065 * parts)


async def test_random_placeholders_are_replaced_per_message(api: httpx.AsyncClient) -> None:
    response = await api.post(
        "/sms/estimate", json=sms(text="{{numbers:6}}-{{letters}}-{{alphanumeric:3}}")
    )
    numbers, letters, alphanumeric = response.json()["data"][0]["text"].split("-")
    assert numbers.isdigit()
    assert len(numbers) == 6
    assert letters.isalpha()
    assert len(letters) == 4
    assert alphanumeric.isalnum()
    assert len(alphanumeric) == 3


async def test_known_shortlink_and_optout_link_are_replaced() -> None:
    emulator = Emulator(shortlinks={"promo"})
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        response = await api.post(
            "/sms/estimate", json=sms(text="{{shortlink:promo}} stop: {{optoutLink}}")
        )
    text = response.json()["data"][0]["text"]
    assert re.fullmatch(r"https://en\.ax/promo/[A-Za-z0-9]{3} stop: https://sms\.cx/o/\w+", text)


async def test_transliteration_reports_what_it_saved(api: httpx.AsyncClient) -> None:
    body = sms(text="Zażółć gęślą jaźń", transliteration={"alphabet": "POLISH"})
    response = await api.post("/sms/estimate", json=body)
    analysis = response.json()["info"]["transliterationAnalysis"]
    assert response.json()["data"][0]["text"] == "Zazolc gesla jazn"
    assert analysis["totalOriginalParts"] == 1
    assert analysis["totalReplacedParts"] == 1
    assert analysis["text"]["original"]["encoding"] == "UCS-2"
    assert analysis["text"]["replaced"]["encoding"] == "GSM-7"
    assert analysis["text"]["replaced"]["characters"]["ó"] == 1


async def test_transliteration_saves_parts_on_long_texts(api: httpx.AsyncClient) -> None:
    body = sms(text="ł" * 100, transliteration={"alphabet": "NON_GSM"})
    analysis = (await api.post("/sms/estimate", json=body)).json()["info"][
        "transliterationAnalysis"
    ]
    assert (analysis["totalOriginalParts"], analysis["totalReplacedParts"]) == (2, 1)
    assert analysis["totalPartsSaved"] == 1
    # An integer, as the vendor's schema declares (its client refuses a float): whole units.
    assert analysis["totalCostSaved"] == 0
    assert type(analysis["totalCostSaved"]) is int
    assert analysis["totalOriginalCost"] - analysis["totalReplacedCost"] == 0.065


async def test_remove_emojis_strips_them_before_counting(api: httpx.AsyncClient) -> None:
    body = sms(text="Sale 🎉 today", transliteration={"removeEmojis": True})
    item = (await api.post("/sms/estimate", json=body)).json()["data"][0]
    assert item["text"] == "Sale  today"
    assert item["textAnalysis"]["unicode"] is False


async def test_every_response_carries_request_id_time_and_rate_limit_headers(
    api: httpx.AsyncClient,
) -> None:
    for response in (await api.post("/sms", json=sms()), await api.post("/sms", json=sms(to=[]))):
        assert response.headers["x-request-id"]
        assert response.headers["x-response-time"].endswith("ms")
        assert response.headers["x-rate-limit-limit"] == "10000"
        assert int(response.headers["x-rate-limit-remaining"]) < 10000


async def test_readiness_probe_answers_200(api: httpx.AsyncClient) -> None:
    response = await api.get("/")
    assert response.status_code == 200
    assert response.json()["name"] == "smscx.testing"
