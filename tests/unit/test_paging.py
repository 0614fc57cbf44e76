"""Cursor paging ends: a ``next`` cursor already followed in a walk is an error, not a loop.

A server whose pages keep naming a cursor already followed would be paged for ever; every way
of walking pages (``async for``, a loop of ``next_page()``, ``delivery_status``, the blocking
pages) stops there with ``APIResponseValidationError``. The fake report below gives up after
``GIVE_UP`` pages (its last page has no ``next``), so code without the check ends too, having
fetched them all, and these tests fail instead of hanging.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from smscx import (
    APIResponseValidationError,
    AsyncPage,
    AsyncPaginator,
    AsyncSmsClient,
    RetryPolicy,
    SmsClient,
)
from smscx.models import DataReportCampaign
from tests.helpers import API_KEY, BASE_URL, report_message_body, send_response

pytestmark = pytest.mark.anyio

CAMPAIGN = "0b57f5bc-5ce0-4b1b-9a3c-e6a0b47f0d1f"  # the campaignId of send_response
ROUTE = "GET /reports/campaigns/{id}"
GIVE_UP = 12


def message(n: int) -> dict[str, object]:
    return report_message_body(msgId=f"msg-{n}")


class CampaignReport:
    """A campaign report whose page at cursor ``c`` names ``chain[c]`` as its ``next``; a
    send (``POST /sms``) succeeds. ``pages`` records the cursor of each page asked for."""

    def __init__(self, chain: dict[str | None, str | None]) -> None:
        self.chain = chain
        self.pages: list[str | None] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return send_response(request)
        assert request.url.path == f"/reports/campaigns/{CAMPAIGN}"
        cursor = request.url.params.get("next")
        self.pages.append(cursor)
        following = self.chain.get(cursor) if len(self.pages) < GIVE_UP else None
        body = {
            "info": {
                "campaignId": CAMPAIGN,
                "campaignName": "",
                "totalPhoneNumbers": GIVE_UP,
                "totalCost": 0.6,
                "totalParts": GIVE_UP,
                "channel": "sms",
            },
            "data": [message(len(self.pages))],
            "paging": {"next": following, "previous": None, "size": 1},
        }
        return httpx.Response(200, json=body, headers={"X-Request-Id": "req-page"})


#: Every page names the same next cursor.
STUCK = {None: "c1", "c1": "c1"}


async def walk(pages: AsyncPaginator[DataReportCampaign], into: list[str]) -> None:
    """``async for`` over every message, keeping the ids."""
    async for message in pages:
        into.append(message.msg_id)


async def last_page(page: AsyncPage[DataReportCampaign]) -> AsyncPage[DataReportCampaign]:
    """A loop of ``next_page()`` to the end, as ``delivery_status`` walks its pages."""
    while (following := await page.next_page()) is not None:
        page = following
    return page


async def test_async_for_ends_at_a_next_cursor_already_followed(
    make_client: Callable[..., AsyncSmsClient],
) -> None:
    report = CampaignReport(STUCK)
    walked: list[str] = []
    async with make_client(report) as client:
        with pytest.raises(APIResponseValidationError) as caught:
            await walk(client.reports.get_campaign_report(CAMPAIGN, limit=1), walked)
    assert report.pages == [None, "c1"]
    assert walked == ["msg-1", "msg-2"]
    assert ROUTE in str(caught.value)
    assert "'c1'" in str(caught.value)
    assert caught.value.request_id == "req-page"


async def test_a_next_page_loop_ends_at_a_next_cursor_already_followed(
    make_client: Callable[..., AsyncSmsClient],
) -> None:
    report = CampaignReport(STUCK)
    async with make_client(report) as client:
        page = await client.reports.get_campaign_report(CAMPAIGN, limit=1)
        with pytest.raises(APIResponseValidationError, match="'c1'"):
            await last_page(page)
    assert report.pages == [None, "c1"]


async def test_a_cycle_of_cursors_ends_where_it_comes_round(
    make_client: Callable[..., AsyncSmsClient],
) -> None:
    report = CampaignReport({None: "a", "a": "b", "b": "c", "c": "a"})
    async with make_client(report) as client:
        with pytest.raises(APIResponseValidationError, match="'a'"):
            await walk(client.reports.get_campaign_report(CAMPAIGN, limit=1), [])
    assert report.pages == [None, "a", "b", "c"]


async def test_walking_on_from_the_same_page_again_is_no_loop(
    make_client: Callable[..., AsyncSmsClient],
) -> None:
    report = CampaignReport({None: "a", "a": "b", "b": None})
    async with make_client(report) as client:
        first = await client.reports.get_campaign_report(CAMPAIGN, limit=1)
        again = [await first.next_page(), await first.next_page()]
        walks = [[m.msg_id async for m in first], [m.msg_id async for m in first]]
    assert [page.data[0].msg_id for page in again if page is not None] == ["msg-2", "msg-3"]
    assert [len(walk) for walk in walks] == [3, 3]
    assert report.pages == [None, "a", "a", "a", "b", "a", "b"]


async def test_delivery_status_ends_when_the_report_pages_repeat(
    make_client: Callable[..., AsyncSmsClient], tmp_path: Path
) -> None:
    report = CampaignReport(STUCK)
    journal = tmp_path / "loop.journal"
    async with make_client(report) as client:
        await client.send_bulk(["+33612345678"], text="Hi", from_="Shop", batch_id="b",
                               journal=journal)  # fmt: skip
        with pytest.raises(APIResponseValidationError, match="'c1'"):
            await client.delivery_status("b", journal=journal)
    assert report.pages == [None, "c1"]


@pytest.fixture
def blocking() -> Iterator[Callable[[CampaignReport], SmsClient]]:
    made: list[SmsClient] = []

    def build(report: CampaignReport) -> SmsClient:
        client = SmsClient(
            api_key=API_KEY,
            base_url=BASE_URL,
            retry_policy=RetryPolicy(wait=False),
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(report)),
        )
        made.append(client)
        return client

    yield build
    for client in made:
        client.close()


def test_the_blocking_pages_end_at_a_next_cursor_already_followed(
    blocking: Callable[[CampaignReport], SmsClient],
) -> None:
    report = CampaignReport(STUCK)
    client = blocking(report)
    page = client.reports.get_campaign_report(CAMPAIGN, limit=1)
    with pytest.raises(APIResponseValidationError, match="'c1'"):
        list(page)
    assert report.pages == [None, "c1"]
