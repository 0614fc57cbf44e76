"""Tracked links in a send's text: ``{{shortlink:ID}}`` and ``{{attachement:ID}}`` (the
vendor's spelling) become a link of each recipient's own, counted in the text as sent, and a
click on one is a hit with that recipient's number, campaign and group."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from smscx.testing import Contact, Emulator, Group
from smscx.testing.routes.shortlinks import Visitor

pytestmark = pytest.mark.anyio

ANA, BEN = "+33612345678", "+33612345679"
PER_RECIPIENT = re.compile(r"https://en\.ax/(\w+)/([A-Za-z0-9]{3})")


async def post(emulator: Emulator, path: str, body: dict[str, Any]) -> httpx.Response:
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        return await api.post(path, json=body)


def sms(text: str, to: list[str] | None = None) -> dict[str, Any]:
    return {"to": to or [ANA, BEN], "from": "Shop", "text": text}


async def test_the_vendors_attachement_spelling_becomes_a_link_and_is_not_sent_literally() -> None:
    emulator = Emulator(attachments=["brochure"])
    response = await post(emulator, "/sms", sms("Read {{attachement:brochure}}"))
    texts = [m["text"] for m in response.json()["data"]]
    assert response.status_code == 200
    assert all("{{" not in text for text in texts)
    assert all(re.fullmatch(r"Read https://en\.ax/brochure/[A-Za-z0-9]{3}", t) for t in texts)


async def test_an_unknown_attachement_id_is_1112_and_nothing_is_billed() -> None:
    emulator = Emulator(balance=10)
    response = await post(emulator, "/sms", sms("Read {{attachement:nope}}"))
    assert (response.status_code, response.json()["error"]["code"]) == (400, 1112)
    assert emulator.balance == 10


async def test_each_recipient_gets_a_link_of_their_own() -> None:
    emulator = Emulator(shortlinks=["promo"], seed=3)
    response = await post(emulator, "/sms/estimate", sms("{{shortlink:promo}}"))
    codes = [PER_RECIPIENT.fullmatch(m["text"]) for m in response.json()["data"]]
    assert all(code is not None and code.group(1) == "promo" for code in codes)
    assert len({code.group(2) for code in codes if code is not None}) == 2


async def test_the_link_counts_in_the_length_and_parts_as_sent() -> None:
    emulator = Emulator(shortlinks=["promo"])
    text = "x" * 140 + " {{shortlink:promo}}"  # 141 characters, then a 23-character link
    response = await post(emulator, "/sms/estimate", sms(text, [ANA]))
    [message] = response.json()["data"]
    assert len("https://en.ax/promo/abc") == 23
    assert message["textAnalysis"] == {"length": 141 + 23, "unicode": False, "parts": 2}
    assert message["parts"] == 2


async def test_a_click_is_a_hit_with_the_recipient_and_campaign_of_the_message() -> None:
    emulator = Emulator(shortlinks=["promo"])
    response = await post(emulator, "/sms", sms("{{shortlink:promo}}"))
    info, data = response.json()["info"], response.json()["data"]
    ben = next(m for m in data if m["to"] == BEN)
    hit = emulator.shortlinks.click(ben["text"], visitor=Visitor(device="desktop"))
    assert (hit.phone_number, hit.campaign_id, hit.group_id) == (BEN, info["campaignId"], None)
    assert hit.visitor.device == "desktop"
    assert emulator.shortlinks.hits("promo") == (hit,)


async def test_a_click_on_a_campaigns_link_names_the_contacts_group() -> None:
    groups = [Group(7, "VIP", [Contact(ANA, first_name="Ana")])]
    emulator = Emulator(shortlinks=["promo"], groups=groups)
    response = await post(
        emulator, "/sms/campaign", {"groups": [7], "from": "Shop", "text": "{{shortlink:promo}}"}
    )
    [message] = response.json()["data"]
    hit = emulator.shortlinks.click(message["text"])
    assert (hit.phone_number, hit.group_id) == (ANA, "7")


async def test_a_link_only_an_estimate_gave_out_cannot_be_clicked() -> None:
    emulator = Emulator(shortlinks=["promo"])
    response = await post(emulator, "/sms/estimate", sms("{{shortlink:promo}}", [ANA]))
    with pytest.raises(LookupError):
        emulator.shortlinks.click(response.json()["data"][0]["text"])


async def test_a_click_by_id_and_number_finds_the_last_message_to_that_number() -> None:
    emulator = Emulator(shortlinks=["promo"])
    response = await post(emulator, "/sms", sms("{{shortlink:promo}}", [ANA]))
    hit = emulator.shortlinks.click("promo", ANA)
    anonymous = emulator.shortlinks.click("https://en.ax/promo")
    assert (hit.phone_number, hit.campaign_id) == (ANA, response.json()["info"]["campaignId"])
    assert (anonymous.phone_number, anonymous.campaign_id) == (None, None)


async def test_another_number_than_the_messages_is_refused() -> None:
    emulator = Emulator(shortlinks=["promo"])
    response = await post(emulator, "/sms", sms("{{shortlink:promo}}", [ANA]))
    with pytest.raises(ValueError, match="was sent to"):
        emulator.shortlinks.click(response.json()["data"][0]["text"], BEN)


async def test_a_deleted_link_is_1112_in_a_text_and_cannot_be_clicked() -> None:
    emulator = Emulator(shortlinks=["promo"])
    sent = await post(emulator, "/sms", sms("{{shortlink:promo}}", [ANA]))
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        assert (await api.delete("/shortlinks/promo")).status_code == 200
    again = await post(emulator, "/sms", sms("{{shortlink:promo}}", [ANA]))
    assert again.json()["error"]["code"] == 1112
    with pytest.raises(LookupError):
        emulator.shortlinks.click(sent.json()["data"][0]["text"])


async def test_reset_brings_back_the_links_given_to_the_emulator_without_hits() -> None:
    emulator = Emulator(shortlinks=["promo"], attachments=["brochure"])
    emulator.shortlinks.click("promo")
    emulator.shortlinks.add("https://shop.example", link_id="extra")
    emulator.reset()
    assert list(emulator.shortlinks.by_id) == ["promo"]
    assert list(emulator.attachments.by_id) == ["brochure"]
    assert emulator.shortlinks.hits("promo") == ()


async def test_link_ids_are_unique_across_short_links_and_attachments() -> None:
    emulator = Emulator(shortlinks=["promo"])
    with pytest.raises(ValueError, match="already has the id"):
        emulator.attachments.add("promo.pdf", attachment_id="promo")
    with pytest.raises(ValueError, match="the same id"):
        Emulator(shortlinks=["promo"], attachments=["promo"])


async def test_reset_restores_a_link_whose_id_the_other_kind_took_meanwhile() -> None:
    emulator = Emulator(shortlinks=["promo"])
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        assert (await api.delete("/shortlinks/promo")).status_code == 200
    emulator.attachments.add("promo.pdf", attachment_id="promo")
    emulator.reset()
    assert (list(emulator.shortlinks.by_id), list(emulator.attachments.by_id)) == (["promo"], [])


async def test_the_hit_callback_is_what_the_vendors_client_decodes() -> None:
    smscx_client = pytest.importorskip("smscx_client")
    from smscx_client.model.call_back_request_shortlink_hit import CallBackRequestShortlinkHit

    emulator = Emulator(shortlinks=["promo"])
    emulator.shortlinks.callback_url = "https://hooks.example/links"  # recorded, not called
    response = await post(emulator, "/sms", sms("{{shortlink:promo}}", [ANA]))
    emulator.shortlinks.click(response.json()["data"][0]["text"])
    [callback] = await emulator.wait_for_callbacks(1, "shortlink_hit")
    emulator.close()
    decoded = smscx_client.ApiClient().deserialize(
        _Raw(callback.body), (CallBackRequestShortlinkHit,), True
    )
    assert decoded.event == "shortlink_hit"
    assert decoded.data[0].phone_number == ANA


class _Raw:
    """What the vendor client's ``deserialize`` reads: a response with ``.data``."""

    def __init__(self, body: bytes) -> None:
        self.data = body

    def getheader(self, name: str, default: str | None = None) -> str | None:
        return "application/json" if name.lower() == "content-type" else default
