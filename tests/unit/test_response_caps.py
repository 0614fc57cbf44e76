"""How large an answer a call accepts by default: sized from what it asked for, except for a
campaign, whose recipients (its groups' contacts) the client cannot know, so its route
declares its own cap (Endpoint.response_limit)."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from smscx import APIResponseValidationError, AsyncSmsClient
from smscx._transport import BASE_RESPONSE_LIMIT
from tests.helpers import Recorder, data_body, info_body

pytestmark = pytest.mark.anyio

MakeClient = Callable[..., AsyncSmsClient]
#: 30,000 recipients of a campaign: an answer of some 8 MB, twice the base cap.
CONTACTS = 30_000


def campaign_answer(request: httpx.Request) -> httpx.Response:
    data = [data_body(to=f"+336{n:08d}") for n in range(CONTACTS)]
    info = {**info_body(totalPhoneNumbers=CONTACTS, totalValid=CONTACTS), "groups": []}
    return httpx.Response(200, json={"info": info, "data": data})


async def test_a_campaign_answer_larger_than_any_send_of_its_request_is_read(
    make_client: MakeClient,
) -> None:
    assert len(campaign_answer(httpx.Request("POST", "/")).content) > 2 * BASE_RESPONSE_LIMIT
    async with make_client(Recorder(campaign_answer)) as client:
        estimate = await client.estimate_sms_campaign(groups=[1], from_="Shop", text="Hi")
    assert len(estimate.data) == CONTACTS


async def test_the_same_answer_to_a_one_number_send_is_refused_as_too_large(
    make_client: MakeClient,
) -> None:
    async with make_client(Recorder(campaign_answer)) as client:
        with pytest.raises(APIResponseValidationError, match="larger than"):
            await client.estimate_sms(to=["+33612345678"], from_="Shop", text="Hi")
