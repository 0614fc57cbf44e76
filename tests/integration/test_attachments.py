"""``client.attachments`` (the vendor's AttachmentsApi), on every stack and the blocking face.

Attachments are uploaded in the dashboard, so the emulator's come from its control
(``emulator.attachments.add``). Sent as ``{{attachement:ID}}`` (the vendor's spelling) each
recipient gets a link of their own; a click is a hit in the attachment's hits and reports,
and an ``attachment_hit`` callback.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import anyio
import pytest

from smscx import ErrorCode, NotFoundError, SmsClient, ValidationError
from smscx.testing import Emulator
from smscx.webhooks import LinkHitBatch, parse_webhook
from tests.served import client_on, served, served_sync
from tests.stacks import Transport, anyio_backend, stack, transport

__all__ = ["anyio_backend", "served", "served_sync", "stack", "transport"]  # fixtures

pytestmark = [pytest.mark.anyio, pytest.mark.integration]

ANA, BEN = "+33612345678", "+33612345679"
LINK = re.compile(r"https://en\.ax/brochure/[A-Za-z0-9]{3}")


async def test_an_attachment_in_an_sms_clicked_by_one_recipient_is_in_its_hits_and_callback(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    emulator.attachments.add("brochure.pdf", attachment_id="brochure")
    # Off this machine: recorded, never called (the emulator does not leave the machine).
    emulator.attachments.callback_url = "https://hooks.example/attachments"
    async with client_on(served, transport) as client:
        text = "Our brochure: {{attachement:brochure}}"
        sent = await client.send_sms(to=[ANA, BEN], from_="Shop", text=text)
        ana = next(m for m in sent.data if m.to == ANA)
        link = LINK.search(ana.text or "")
        assert link is not None
        emulator.attachments.click(link.group())
        page = await client.attachments.get_attachment_hits("brochure")
        report = await client.attachments.export_attachment_hits_to_csv("brochure")
        workbook = await client.attachments.export_attachment_hits_to_xlsx("brochure")
        with anyio.fail_after(10):
            [callback] = await emulator.wait_for_callbacks(1, "attachment_hit")
    [hit] = page.data
    assert (hit.phone_number, hit.campaign_id) == (ANA, sent.info.campaign_id)
    assert (page.info.hits, page.info.file_type) == (1, "pdf")
    [row] = list(csv.DictReader(io.StringIO(report)))
    assert row["phoneNumber"] == ANA
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        assert ANA in archive.read("xl/worksheets/sheet1.xml").decode()
    batch = parse_webhook(callback.body)
    assert isinstance(batch, LinkHitBatch)
    assert batch.event == "attachment_hit"
    assert (batch.data[0].shortlink_id, batch.data[0].phone_number) == ("brochure", ANA)
    assert callback.called is False


async def test_every_method(served: tuple[Emulator, str], transport: Transport) -> None:
    emulator, _ = served
    older = emulator.attachments.add("menu.jpg")
    newer = emulator.attachments.add("terms.pdf", file_type="pdf")
    async with client_on(served, transport) as client:
        listed = await client.attachments.get_attachments_list()
        empty = await client.attachments.get_attachment_hits(older.id)
        header = await client.attachments.export_attachment_hits_to_csv(older.id)
        workbook = await client.attachments.export_attachment_hits_to_xlsx(older.id)
        deleted = await client.attachments.delete_attachment(older.id)
        after = await client.attachments.get_attachments_list()
    assert [(a.id, a.name, a.file_type) for a in listed.data] == [
        (newer.id, "terms.pdf", "pdf"),
        (older.id, "menu.jpg", "jpg"),
    ]
    assert listed.data[1].short_url == "https://en.ax/" + older.id
    assert (empty.info.id, empty.info.hits, list(empty.data)) == (older.id, 0, [])
    assert header.startswith("hitId,phoneNumber,")
    assert len(header.splitlines()) == 1
    assert workbook.startswith(b"PK")
    assert deleted.info.id == older.id
    assert [a.id for a in after.data] == [newer.id]


async def test_every_error_row(served: tuple[Emulator, str], transport: Transport) -> None:
    async with client_on(served, transport) as client:
        with pytest.raises(NotFoundError) as hits:
            await client.attachments.get_attachment_hits("nope")
        with pytest.raises(NotFoundError) as as_csv:
            await client.attachments.export_attachment_hits_to_csv("nope")
        with pytest.raises(NotFoundError) as as_xlsx:
            await client.attachments.export_attachment_hits_to_xlsx("nope")
        with pytest.raises(NotFoundError) as delete:
            await client.attachments.delete_attachment("nope")
        with pytest.raises(ValidationError):
            await client.attachments.delete_attachment("  ")
    codes = {e.value.code for e in (hits, as_csv, as_xlsx, delete)}
    assert codes == {ErrorCode.ATTACHMENT_NOT_FOUND}


def test_the_blocking_face(served_sync: tuple[Emulator, str], tmp_path: Path) -> None:
    emulator, url = served_sync
    emulator.attachments.add("brochure.pdf", attachment_id="brochure")
    with SmsClient(api_key=emulator.api_key, base_url=url) as client:
        sent = client.send_sms(to=[ANA], from_="Shop", text="{{attachement:brochure}}")
        emulator.attachments.click(sent.data[0].text or "")
        page = client.attachments.get_attachment_hits("brochure")
        written = client.attachments.export_attachment_hits_to_xlsx(
            "brochure", to=tmp_path / "hits.xlsx"
        )
        text = client.attachments.export_attachment_hits_to_csv("brochure")
        listed = client.attachments.get_attachments_list()
        deleted = client.attachments.delete_attachment("brochure")
    assert [hit.phone_number for hit in page] == [ANA]
    assert written == (tmp_path / "hits.xlsx").stat().st_size
    assert ANA in text
    assert listed.data[0].hits == 1
    assert deleted.info.id == "brochure"


def test_the_vendors_client_decodes_the_emulators_answers(
    served_sync: tuple[Emulator, str],
) -> None:
    smscx_client = pytest.importorskip("smscx_client")
    from smscx_client.api import attachments_api

    emulator, url = served_sync
    emulator.attachments.add("brochure.pdf", attachment_id="brochure")
    emulator.attachments.click("brochure", ANA)
    configuration = smscx_client.Configuration(host=url, api_key=emulator.api_key)
    api = attachments_api.AttachmentsApi(smscx_client.ApiClient(configuration))
    listed = api.get_attachments_list()
    hits = api.get_attachment_hits("brochure")
    deleted = api.delete_attachment("brochure")
    assert listed.data[0].id == "brochure"
    assert (hits.info.hits, hits.data[0].phone_number) == (1, ANA)
    assert deleted.info.id == "brochure"
