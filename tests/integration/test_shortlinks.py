"""``client.shortlinks`` (the vendor's ShortlinksApi), on every stack and the blocking face.

The story the namespace exists for, end to end over loopback: a short link in an SMS is a
link of each recipient's own; one recipient clicks it; the hit shows in the link's hits,
in its CSV and XLSX reports, and in the ``shortlink_hit`` callback, parsed by
:func:`smscx.webhooks.parse_webhook`. Then every method, every error row, and the vendor's
client reading the emulator's answers.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import anyio
import pytest

from smscx import (
    ErrorCode,
    InvalidRequestError,
    NotFoundError,
    SmsClient,
    ValidationError,
)
from smscx.testing import Emulator
from smscx.testing.routes.shortlinks import Visitor
from smscx.testing.server.socket_server import serve_app
from smscx.webhooks import LinkHitBatch, parse_webhook
from tests.served import client_on, served, served_sync
from tests.stacks import Transport, anyio_backend, stack, transport

__all__ = ["anyio_backend", "served", "served_sync", "stack", "transport"]  # fixtures

pytestmark = [pytest.mark.anyio, pytest.mark.integration]

ANA, BEN = "+33612345678", "+33612345679"
LINK = re.compile(r"https://en\.ax/[A-Za-z0-9]+/[A-Za-z0-9]{3}")


def xlsx_cells(workbook: bytes) -> str:
    """The text of an XLSX workbook's one sheet (the emulator writes inline strings)."""
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


@pytest.fixture
async def hook() -> AsyncIterator[tuple[str, list[bytes]]]:
    """A loopback receiver of callbacks: its URL and the bodies it got."""
    received: list[bytes] = []

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        received.append(body)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async with serve_app(app) as url:
        yield url, received


async def test_a_link_in_an_sms_clicked_by_one_recipient_is_in_its_hits_reports_and_callback(
    served: tuple[Emulator, str], transport: Transport, hook: tuple[str, list[bytes]]
) -> None:
    emulator, _ = served
    hook_url, received = hook
    emulator.shortlinks.callback_url = hook_url
    async with client_on(served, transport) as client:
        link = await client.shortlinks.create_shortlink(url="https://shop.example/sale")
        text = "Sale today: {{shortlink:" + link.info.id + "}}"
        sent = await client.send_sms(to=[ANA, BEN], from_="Shop", text=text)
        by_number = {m.to: LINK.search(m.text or "") for m in sent.data}
        ana_link = by_number[ANA]
        assert ana_link is not None
        emulator.shortlinks.click(ana_link.group(), visitor=Visitor(city="Lyon"))
        page = await client.shortlinks.get_shortlink_hits(link.info.id)
        listed = await client.shortlinks.get_shortlinks_list()
        report = await client.shortlinks.export_shortlink_hits_to_csv(link.info.id)
        workbook = await client.shortlinks.export_shortlink_hits_to_xlsx(link.info.id)
        with anyio.fail_after(10):
            [callback] = await emulator.wait_for_callbacks(1, "shortlink_hit")
        emulator.close()
    [hit] = page.data
    assert (hit.phone_number, hit.phone_number_country_iso) == (ANA, "FR")
    assert hit.campaign_id == sent.info.campaign_id
    assert (hit.city, hit.country_iso) == ("Lyon", "FR")
    assert page.info.hits == 1
    assert listed.data[0].hits == 1
    [row] = list(csv.DictReader(io.StringIO(report)))
    assert (row["phoneNumber"], row["campaignId"], row["city"]) == (ANA, hit.campaign_id, "Lyon")
    assert ANA in xlsx_cells(workbook)
    assert BEN not in report
    batch = parse_webhook(callback.body)
    assert isinstance(batch, LinkHitBatch)
    assert batch.event == "shortlink_hit"
    [pushed] = batch.data
    assert (pushed.shortlink_id, pushed.url, pushed.phone_number) == (
        link.info.id,
        ana_link.group(),
        ANA,
    )
    assert pushed.campaign_id == sent.info.campaign_id
    assert callback.http_status == 200
    assert received
    assert b'"shortlink_hit"' in received[0]


async def test_every_method(served: tuple[Emulator, str], transport: Transport) -> None:
    async with client_on(served, transport) as client:
        first = await client.shortlinks.create_shortlink(url="https://a.example/1")
        named = await client.shortlinks.create_shortlink(url="https://a.example/2", name="Promo")
        listed = await client.shortlinks.get_shortlinks_list()
        renamed = await client.shortlinks.update_shortlink(named.info.id, name="Winter sale")
        unchanged = await client.shortlinks.update_shortlink(named.info.id, name="Winter sale")
        moved = await client.shortlinks.update_shortlink(first.info.id, url="https://b.example")
        empty = await client.shortlinks.get_shortlink_hits(first.info.id)
        header = await client.shortlinks.export_shortlink_hits_to_csv(first.info.id)
        workbook = await client.shortlinks.export_shortlink_hits_to_xlsx(first.info.id)
        deleted = await client.shortlinks.delete_shortlink(first.info.id)
        after = await client.shortlinks.get_shortlinks_list()
    assert first.info.name == "Short link #1"
    assert first.info.short_url == "https://en.ax/" + first.info.id
    assert (named.info.name, named.info.original_url) == ("Promo", "https://a.example/2")
    assert [link.id for link in listed.data] == [named.info.id, first.info.id]  # newest first
    assert renamed is not None
    assert renamed.info.id == named.info.id
    assert unchanged is None  # 204: nothing to change
    assert moved is not None
    assert (empty.info.original_url, empty.info.hits, list(empty.data)) == (
        "https://b.example",
        0,
        [],
    )
    assert header.splitlines() == [header.splitlines()[0]]
    assert header.startswith("hitId,phoneNumber,")
    assert workbook.startswith(b"PK")
    assert deleted.info.id == first.info.id
    assert [(link.id, link.name) for link in after.data] == [(named.info.id, "Winter sale")]


async def test_hits_are_paged_most_recent_first(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    link = emulator.shortlinks.add("https://shop.example", link_id="page")
    for _ in range(5):
        emulator.shortlinks.click(link.id)
    async with client_on(served, transport) as client:
        first = await client.shortlinks.get_shortlink_hits("page", limit=2)
        every = [hit.hit_id async for hit in client.shortlinks.get_shortlink_hits("page", limit=2)]
        short = await client.shortlinks.get_shortlink_hits("page", short_response=True)
    assert [hit.hit_id for hit in first.data] == [5, 4]
    assert every == [5, 4, 3, 2, 1]
    assert (short.info.hits, list(short.data)) == (5, [])


async def test_every_error_row(served: tuple[Emulator, str], transport: Transport) -> None:
    async with client_on(served, transport) as client:
        taken = await client.shortlinks.create_shortlink(url="https://a.example", name="Taken")
        other = await client.shortlinks.create_shortlink(url="https://b.example", name="Other")
        with pytest.raises(InvalidRequestError) as no_url:
            await client.shortlinks.create_shortlink(url="")
        with pytest.raises(InvalidRequestError) as bad_url:
            await client.shortlinks.create_shortlink(url="not a url")
        with pytest.raises(InvalidRequestError) as bad_name:
            await client.shortlinks.create_shortlink(url="https://a.example", name="ab")
        with pytest.raises(InvalidRequestError) as same_name:
            await client.shortlinks.create_shortlink(url="https://c.example", name="Taken")
        with pytest.raises(InvalidRequestError) as nothing:
            await client.shortlinks.update_shortlink(other.info.id)
        with pytest.raises(InvalidRequestError) as name_used:
            await client.shortlinks.update_shortlink(other.info.id, name="Taken")
        with pytest.raises(InvalidRequestError) as bad_new_url:
            await client.shortlinks.update_shortlink(other.info.id, url="ftp:/x")
        with pytest.raises(NotFoundError) as unknown:
            await client.shortlinks.get_shortlink_hits("nope")
        with pytest.raises(NotFoundError) as unknown_export:
            await client.shortlinks.export_shortlink_hits_to_csv("nope")
        with pytest.raises(NotFoundError) as unknown_delete:
            await client.shortlinks.delete_shortlink("nope")
        with pytest.raises(ValidationError):
            await client.shortlinks.delete_shortlink("")
        with pytest.raises(InvalidRequestError) as in_text:
            await client.send_sms(to=[ANA], from_="Shop", text="{{shortlink:nope}}")
    assert taken.info.name == "Taken"
    assert no_url.value.code == ErrorCode.SHORTLINK_URL_MISSING
    assert bad_url.value.code == ErrorCode.SHORTLINK_URL_INVALID
    assert bad_name.value.code == ErrorCode.SHORTLINK_NAME_INVALID
    assert same_name.value.code == ErrorCode.SHORT_ID_EXISTS
    assert nothing.value.code == ErrorCode.SHORTLINK_UPDATE_EMPTY
    assert name_used.value.code == ErrorCode.SHORTLINK_NAME_EXISTS
    assert bad_new_url.value.code == ErrorCode.SHORTLINK_URL_INVALID
    assert {unknown.value.code, unknown_export.value.code, unknown_delete.value.code} == {
        ErrorCode.SHORTLINK_NOT_FOUND
    }
    assert in_text.value.code == ErrorCode.TRACKING_ID_INVALID


def test_the_blocking_face(served_sync: tuple[Emulator, str], tmp_path: Path) -> None:
    emulator, url = served_sync
    with SmsClient(api_key=emulator.api_key, base_url=url) as client:
        link = client.shortlinks.create_shortlink(url="https://shop.example", name="Blocking")
        sent = client.send_sms(to=[ANA], from_="Shop", text="{{shortlink:" + link.info.id + "}}")
        emulator.shortlinks.click(sent.data[0].text or "")
        page = client.shortlinks.get_shortlink_hits(link.info.id)
        hits = [hit.phone_number for hit in page]
        written = client.shortlinks.export_shortlink_hits_to_csv(
            link.info.id, to=tmp_path / "hits.csv"
        )
        workbook = client.shortlinks.export_shortlink_hits_to_xlsx(link.info.id)
        updated = client.shortlinks.update_shortlink(link.info.id, url="https://shop.example/b")
        listed = client.shortlinks.get_shortlinks_list()
        deleted = client.shortlinks.delete_shortlink(link.info.id)
    assert hits == [ANA]
    assert written == (tmp_path / "hits.csv").stat().st_size
    assert ANA in (tmp_path / "hits.csv").read_text()
    assert ANA in xlsx_cells(workbook)
    assert updated is not None
    assert listed.data[0].original_url == "https://shop.example/b"
    assert deleted.info.id == link.info.id


def test_the_vendors_client_decodes_the_emulators_answers(
    served_sync: tuple[Emulator, str],
) -> None:
    smscx_client = pytest.importorskip("smscx_client")
    from smscx_client.api import shortlinks_api
    from smscx_client.model.shortlink_new_request import ShortlinkNewRequest
    from smscx_client.model.shortlink_update_request import ShortlinkUpdateRequest

    emulator, url = served_sync
    configuration = smscx_client.Configuration(host=url, api_key=emulator.api_key)
    api = shortlinks_api.ShortlinksApi(smscx_client.ApiClient(configuration))
    created = api.create_shortlink(ShortlinkNewRequest(url="https://shop.example", name="Vendor"))
    emulator.shortlinks.click(created.info.id, ANA)
    listed = api.get_shortlinks_list()
    hits = api.get_shortlink_hits(created.info.id)
    updated = api.update_shortlink(
        created.info.id, ShortlinkUpdateRequest(name="Vendor 2", url="https://shop.example/2")
    )
    deleted = api.delete_shortlink(created.info.id)
    assert listed.data[0].id == created.info.id
    assert hits.data[0].phone_number == ANA
    assert hits.info.hits == 1
    assert updated.info.id == deleted.info.id == created.info.id
