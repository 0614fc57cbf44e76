"""``client.templates`` (the vendor's TemplatesApi): a Viber or WhatsApp template is pending
until the emulator's reviewer approves it, and locked against edits once a send uses it."""

from __future__ import annotations

import pytest

from smscx import AccessDeniedError, InvalidRequestError, NotFoundError, SmsClient
from smscx.errors import ValidationError
from smscx.models import RichMedia, TemplatesNewRequest, TemplatesUpdateRequest
from smscx.testing import Emulator
from tests.served import client_on, served, served_sync
from tests.stacks import Transport, anyio_backend, stack, transport

__all__ = ["anyio_backend", "served", "served_sync", "stack", "transport"]  # fixtures

pytestmark = [pytest.mark.anyio, pytest.mark.integration]

SHOP = RichMedia(
    image_url="https://example.com/sale.png",
    button_caption="Shop now",
    target_url="https://example.com/sale",
)


async def test_a_viber_template_with_rich_media_is_created_pending_and_read_back(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with client_on(served, transport) as client:
        created = await client.templates.create_template(
            name="Sale", text="Hi {{name}}, 20% off today", channel="viber", rich_media=SHOP
        )
        details = await client.templates.get_template(created.info.id)
    info = created.info
    assert (info.name, info.channel, info.type, info.approved) == (
        "Sale",
        "viber",
        "promotional",
        False,
    )
    assert created.meta.status_code == 201
    data = details.data
    assert data.rich_media == SHOP
    assert (data.text, data.approved, data.locked) == ("Hi {{name}}, 20% off today", False, False)


async def test_the_list_is_newest_first_and_an_sms_template_is_approved_at_once(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    async with client_on(served, transport) as client:
        first = await client.templates.create_template(
            TemplatesNewRequest(text="Your code is {{code}}", channel="whatsapp")
        )
        second = await client.templates.create_template(text="Hello from SMS")
        listed = await client.templates.get_templates_list()
    assert [t.id for t in listed.data] == [second.info.id, first.info.id]
    sms = listed.data[0]
    assert (sms.channel, sms.approved) == ("sms", True)
    assert second.info.type is None
    assert second.info.approved is None  # only for Viber and WhatsApp
    # No name: the API names it after the time of creation.
    assert listed.data[1].name.startswith("Template 20")
    assert emulator.templates.by_id[first.info.id].pending


async def test_approval_then_a_send_locks_the_template_against_edits(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    async with client_on(served, transport) as client:
        tid = (await client.templates.create_template(text="Hi {{name}}", channel="viber")).info.id
        emulator.templates.approve(tid)
        approved = (await client.templates.get_template(tid)).data
        edited = await client.templates.update_template(tid, text="Hello {{name}}")
        after_edit = (await client.templates.get_template(tid)).data
        emulator.templates.approve(tid)
        emulator.templates.use(tid, "viber")  # what a Viber send does with its templateId
        locked = (await client.templates.get_template(tid)).data
        with pytest.raises(AccessDeniedError) as refused:
            await client.templates.update_template(tid, name="Renamed")
    assert (approved.approved, approved.locked) == (True, False)
    assert edited is not None
    assert edited.info.id == tid
    # An edit sends an approved template back to review.
    assert (after_edit.text, after_edit.approved) == ("Hello {{name}}", False)
    assert (locked.approved, locked.locked) == (True, True)
    assert refused.value.code == 1812


async def test_an_update_with_the_same_values_is_none(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with client_on(served, transport) as client:
        tid = (await client.templates.create_template(name="Same", text="Hi")).info.id
        unchanged = await client.templates.update_template(tid, TemplatesUpdateRequest(text="Hi"))
        renamed = await client.templates.update_template(tid, name="Other")
        listed = await client.templates.get_templates_list()
    assert unchanged is None
    assert renamed is not None
    assert [t.name for t in listed.data] == ["Other"]


async def test_a_deleted_template_is_gone(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with client_on(served, transport) as client:
        tid = (await client.templates.create_template(text="Bye")).info.id
        deleted = await client.templates.delete_template(tid)
        with pytest.raises(NotFoundError) as missing:
            await client.templates.get_template(tid)
        with pytest.raises(NotFoundError) as again:
            await client.templates.delete_template(tid)
        listed = await client.templates.get_templates_list()
    assert deleted.info.id == tid
    assert missing.value.code == again.value.code == 1800
    assert listed.data == []


async def test_an_unknown_template_is_not_found_on_update(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with client_on(served, transport) as client:
        with pytest.raises(NotFoundError) as missing:
            await client.templates.update_template(404, text="x")
        with pytest.raises(ValidationError):
            await client.templates.get_template(0)
    assert missing.value.code == 1800


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"text": ""}, 1801),
        ({"text": "   "}, 1802),
        ({"text": "Hi", "name": "ab"}, 1803),
        ({"text": "Hi", "channel": "telegram"}, 1806),
        (
            {"text": "Hi", "channel": "viber", "rich_media": RichMedia(button_caption="x" * 31)},
            1808,
        ),
        (
            {
                "text": "Hi",
                "channel": "viber",
                "rich_media": RichMedia(button_caption="Go", target_url="not a url"),
            },
            1809,
        ),
        ({"text": "Hi", "channel": "viber", "rich_media": RichMedia(image_url="ftp://x")}, 1810),
        ({"text": "x" * 1001, "channel": "whatsapp"}, 1811),
    ],
)
async def test_an_invalid_template_is_refused_with_its_code(
    served: tuple[Emulator, str], transport: Transport, fields: dict[str, object], code: int
) -> None:
    async with client_on(served, transport) as client:
        with pytest.raises(InvalidRequestError) as refused:
            await client.templates.create_template(**fields)  # type: ignore[arg-type]
    assert refused.value.code == code


async def test_a_name_in_use_is_refused_with_1805_and_an_empty_update_with_1804(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with client_on(served, transport) as client:
        tid = (await client.templates.create_template(name="Promo", text="a")).info.id
        with pytest.raises(InvalidRequestError) as duplicate:
            await client.templates.create_template(name="promo", text="b")
        with pytest.raises(InvalidRequestError) as empty:
            await client.templates.update_template(tid)
    assert duplicate.value.code == 1805
    assert empty.value.code == 1804


def test_the_blocking_face_and_the_vendors_client(served_sync: tuple[Emulator, str]) -> None:
    emulator, url = served_sync
    with SmsClient(api_key=emulator.api_key, base_url=url) as client:
        tid = client.templates.create_template(
            name="Blocking", text="Hi", channel="whatsapp", rich_media=SHOP
        ).info.id
        assert client.templates.get_template(tid).data.rich_media == SHOP
        assert [t.id for t in client.templates.get_templates_list().data] == [tid]
        assert client.templates.update_template(tid, text="Hello") is not None
        other = client.templates.create_template(name="Plain", text="Hi").info.id
    smscx_client = pytest.importorskip("smscx_client")
    from smscx_client.api import templates_api
    from smscx_client.model.templates_new_request import TemplatesNewRequest as VendorNew

    configuration = smscx_client.Configuration(host=url, api_key=emulator.api_key)
    api = templates_api.TemplatesApi(smscx_client.ApiClient(configuration))
    details = api.get_template(tid)
    assert (details.data.channel, details.data.rich_media.button_caption) == (
        "whatsapp",
        "Shop now",
    )
    assert details.data.type == "promotional"
    assert [t.id for t in api.get_templates_list().data] == [other, tid]
    created = api.create_template(VendorNew(name="Vendor", text="Hi", channel="viber"))
    assert (created.info.type, created.info.approved) == ("transactional", False)
    assert api.delete_template(created.info.id).info.id == created.info.id
    with SmsClient(api_key=emulator.api_key, base_url=url) as client:
        # The vendor's request model is accepted as it is.
        again = client.templates.create_template(VendorNew(name="From vendor", text="Yo"))
        assert again.info.channel == "sms"
        assert client.templates.delete_template(again.info.id).info.id == again.info.id
