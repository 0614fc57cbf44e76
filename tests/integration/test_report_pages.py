"""Report pages over real HTTP, on every stack: a page as large as a send can make it is read
whole, and pages whose ``next`` cursor comes round again end with an error, not for ever."""

from __future__ import annotations

import json
import urllib.parse

import pytest

from smscx import APIResponseValidationError, AsyncPaginator, AsyncSmsClient
from smscx._transport import BASE_RESPONSE_LIMIT
from smscx.models import DataReportCampaign
from tests.helpers import report_message_body
from tests.hostile import Request, Script, response, serving
from tests.stacks import Transport, anyio_backend, stack, transport

__all__ = ["anyio_backend", "stack", "transport"]  # fixtures

pytestmark = [pytest.mark.anyio, pytest.mark.integration]

CAMPAIGN = "0b57f5bc-5ce0-4b1b-9a3c-e6a0b47f0d1f"
RECIPIENTS = [f"+336{n:08d}" for n in range(500)]
#: The longest text the API takes (1,530 GSM-7 characters, 10 parts), 6 bytes a character
#: in JSON escaped as \u00e9.
LONG_TEXT = "é" * 1_530


async def test_a_report_page_of_500_of_the_longest_messages_is_read_whole(
    transport: Transport,
) -> None:
    # 500 messages of the longest text the API takes, written as a server that escapes
    # non-ASCII writes them (as PHP's json_encode does): a page of 4.7 MB, past the base cap.
    data = [
        report_message_body(msgId=f"m-{n}", to=number, text=LONG_TEXT)
        for n, number in enumerate(RECIPIENTS)
    ]
    info = {"campaignId": CAMPAIGN, "campaignName": "", "totalPhoneNumbers": 500,
            "totalCost": 25.0, "totalParts": 5000, "channel": "sms"}  # fmt: skip
    body = json.dumps({"info": info, "data": data, "paging": {"next": None, "size": 500}})
    assert len(body) > BASE_RESPONSE_LIMIT  # what the page was refused for before
    with serving(lambda request: [response(200, body.encode())]) as server:
        async with AsyncSmsClient(api_key="k", base_url=server.url, transport=transport) as client:
            page = await client.reports.get_campaign_report(CAMPAIGN, limit=500)
    assert [m.msg_id for m in page.data] == [f"m-{n}" for n in range(500)]
    assert all(m.text == LONG_TEXT for m in page.data)
    assert page.paging.next is None


class StuckPages:
    """A campaign report whose every page names ``"c1"`` as the next; after ``give_up``
    pages it ends (so a client without the check ends too, and its test fails)."""

    def __init__(self, give_up: int = 12) -> None:
        self.give_up = give_up
        #: The ``next`` cursor of every page asked for (``None``: the first).
        self.cursors: list[str | None] = []

    def __call__(self, request: Request) -> Script:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(request.target).query)
        self.cursors.append(query.get("next", [None])[0])
        following = "c1" if len(self.cursors) < self.give_up else None
        info = {"campaignId": CAMPAIGN, "campaignName": "", "totalPhoneNumbers": 0,
                "totalCost": 0.0, "totalParts": 0, "channel": "sms"}  # fmt: skip
        body = {"info": info, "data": [], "paging": {"next": following, "size": 500}}
        return [response(200, json.dumps(body).encode())]


async def walk(pages: AsyncPaginator[DataReportCampaign]) -> None:
    async for _ in pages:
        pass


async def test_report_pages_that_repeat_their_next_cursor_end_with_an_error(
    transport: Transport,
) -> None:
    pages = StuckPages()
    with serving(pages) as server:
        async with AsyncSmsClient(api_key="k", base_url=server.url, transport=transport) as client:
            with pytest.raises(APIResponseValidationError, match="'c1'"):
                await walk(client.reports.get_campaign_report(CAMPAIGN, limit=500))
    assert pages.cursors == [None, "c1"]
