"""A list page's response cap is sized from its ``limit``: that many messages of the longest
text the API takes (1,530 characters, each JSON-escaped to six bytes), over the base cap."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from smscx import APIResponseValidationError, AsyncSmsClient
from smscx._transport import BASE_RESPONSE_LIMIT
from tests.helpers import report_message_body

pytestmark = pytest.mark.anyio

CAMPAIGN = "0b57f5bc-5ce0-4b1b-9a3c-e6a0b47f0d1f"
LONGEST = "ж" * 1530  # the API's longest text; "\u0436" in JSON: six bytes a character


def message(n: int) -> dict[str, object]:
    return report_message_body(
        msgId=f"msg-{n}",
        cost=0.65,
        text=LONGEST,
        textAnalysis={"length": 1530, "unicode": True, "parts": 23},
    )


#: A page of 500 messages of the longest text, every character escaped.
FULL_PAGE = json.dumps(
    {
        "info": {
            "campaignId": CAMPAIGN,
            "campaignName": "",
            "totalPhoneNumbers": 500,
            "totalCost": 325.0,
            "totalParts": 11_500,
            "channel": "sms",
        },
        "data": [message(n) for n in range(500)],
        "paging": {"next": None, "previous": None, "size": 500},
    },
    ensure_ascii=True,
).encode()


def serve_full_page(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=FULL_PAGE)


def test_the_full_page_is_beyond_the_base_cap() -> None:
    assert len(FULL_PAGE) > BASE_RESPONSE_LIMIT


@pytest.mark.parametrize("limit", [500, None])  # None: the API's default page, 500
async def test_a_page_of_500_messages_of_the_longest_text_is_read_whole(
    make_client: Callable[..., AsyncSmsClient], limit: int | None
) -> None:
    async with make_client(serve_full_page) as client:
        page = await client.reports.get_campaign_report(CAMPAIGN, limit=limit)
    assert len(page.data) == 500
    assert page.data[499].text == LONGEST


async def test_a_page_asked_for_10_messages_is_capped_for_10(
    make_client: Callable[..., AsyncSmsClient],
) -> None:
    async with make_client(serve_full_page) as client:
        with pytest.raises(APIResponseValidationError, match="max_response_size"):
            await client.reports.get_campaign_report(CAMPAIGN, limit=10)
