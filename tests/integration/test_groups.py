"""``client.groups`` (the vendor's GroupsApi): groups made through the API are the ones
``send_sms_campaign`` sends to, contacts' fields (custom ones too) filling its text."""

from __future__ import annotations

import csv
import io

import pytest

from smscx import (
    ErrorCode,
    InvalidPhoneNumberError,
    InvalidRequestError,
    NotFoundError,
    SmsClient,
    ValidationError,
)
from smscx.models import GroupAdd
from smscx.testing import Emulator
from tests.served import client_on, served, served_sync
from tests.stacks import Transport, anyio_backend, stack, transport

__all__ = ["anyio_backend", "served", "served_sync", "stack", "transport"]  # fixtures

pytestmark = [pytest.mark.anyio, pytest.mark.integration]

FR = [f"+336{n:08d}" for n in range(1_200)]


async def test_a_group_made_through_the_api_is_what_a_campaign_sends_to(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with client_on(served, transport) as client:
        group = await client.groups.create_group(name="Newsletter")
        gid = group.info.id
        added = await client.groups.add_contacts_to_group_with_fields(
            gid,
            phone_numbers=[
                GroupAdd(phone_number=FR[0], first_name="Ana", custom_fields={"code": "A1"}),
                {"phone_number": FR[1], "first_name": "Bo", "field1": "x"},
                {"phone_number": "0612345678", "country_iso": "FR", "last_name": "Roy"},
            ],
        )
        plain = await client.groups.add_contacts_to_group(gid, phone_numbers=[FR[0], FR[3]])
        sent = await client.send_sms_campaign(
            groups=[gid], from_="Shop", text="Hi {{firstName}} {{code}}"
        )
        listed = await client.groups.get_groups_list()
    assert (added.info.total_valid, added.info.phone_numbers_by_country) == (3, {"FR": 3})
    assert (plain.info.total_valid, plain.info.total_duplicates) == (1, 1)
    texts = {m.to: m.text for m in sent.data}
    assert texts[FR[0]] == "Hi Ana A1"
    assert texts[FR[1]] == "Hi Bo "
    assert texts["+33612345678"] == "Hi  "
    assert len(texts) == 4
    mine = next(g for g in listed.data if g.id == gid)
    assert (mine.name, mine.total_phone_numbers) == ("Newsletter", 4)
    assert mine.total_cost == pytest.approx(4 * 0.065)


async def test_contacts_are_paged_updated_removed_and_the_group_emptied_then_deleted(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    async with client_on(served, transport) as client:
        gid = (await client.groups.create_group(name="Big")).info.id
        await client.groups.add_contacts_to_group(gid, phone_numbers=FR)
        pages = [await client.groups.get_group_details(gid, limit=500)]
        while (following := await pages[-1].next_page()) is not None:
            pages.append(following)
        walked = [c async for c in client.groups.get_group_details(gid, limit=500)]
        first = walked[0]
        updated = await client.groups.update_contact_from_group(
            gid, first.id, first_name="Zoé", custom_fields={"tier": "gold"}
        )
        removed = await client.groups.delete_contact_from_group(gid, walked[1].id)
        details = await client.groups.get_group_details(gid, limit=2)
        text = await client.groups.export_group_to_csv(gid)
        emptied = await client.groups.empty_group(gid)
        assert emptied is not None
        after_empty = await client.groups.get_group_details(gid)
        deleted = await client.groups.delete_group(gid)
        with pytest.raises(NotFoundError) as gone:
            await client.groups.get_group_details(gid)
    assert [len(p.data) for p in pages] == [500, 500, 200]
    assert len({c.id for c in walked}) == 1_200
    assert [c.phone_number for c in walked] == FR  # oldest first
    assert pages[0].info.total_phone_numbers == 1_200
    assert (updated.info.id, updated.info.group_id) == (first.id, str(gid))
    assert (details.data[0].first_name, details.data[0].custom_fields) == ("Zoé", {"tier": "gold"})
    assert removed.info.phone_number == walked[1].phone_number
    assert details.data[1].phone_number == walked[2].phone_number
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1_199
    assert rows[0]["firstName"] == "Zoé"
    assert emptied.info.id == gid
    assert after_empty.info.total_phone_numbers == 0
    assert deleted.info.total_phone_numbers == 0
    assert gone.value.code == ErrorCode.GROUP_NOT_FOUND
    assert gid not in emulator.groups


async def test_emptying_an_empty_group_is_204_and_returns_none(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with client_on(served, transport) as client:
        created = await client.groups.create_group(name="Twice")
        gid = created.info.id
        await client.groups.add_contacts_to_group(gid, phone_numbers=FR[:2])
        first = await client.groups.empty_group(gid)
        second = await client.groups.empty_group(gid)
    assert created.meta.status_code == 201
    assert first is not None
    assert first.info.id == gid
    assert second is None


async def test_updating_a_contact_with_its_own_data_is_204_and_returns_none(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with client_on(served, transport) as client:
        gid = (await client.groups.create_group(name="Same")).info.id
        await client.groups.add_contacts_to_group_with_fields(
            gid, phone_numbers=[{"phone_number": FR[0], "first_name": "Ana"}]
        )
        contact = (await client.groups.get_group_details(gid)).data[0].id
        same = await client.groups.update_contact_from_group(gid, contact, first_name="Ana")
        changed = await client.groups.update_contact_from_group(gid, contact, first_name="Bo")
    assert same is None
    assert changed is not None
    assert changed.info.id == contact


def test_the_blocking_face_returns_none_on_204(served_sync: tuple[Emulator, str]) -> None:
    emulator, url = served_sync
    with SmsClient(api_key=emulator.api_key, base_url=url) as client:
        gid = client.groups.create_group(name="Quiet").info.id
        assert client.groups.empty_group(gid) is None


async def test_short_response_gives_the_group_without_its_contacts(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with client_on(served, transport) as client:
        gid = (await client.groups.create_group(name="Short")).info.id
        await client.groups.add_contacts_to_group(gid, phone_numbers=FR[:3])
        short = await client.groups.get_group_details(gid, short_response=True)
        full = await client.groups.get_group_details(gid, short_response=False)
    assert short.data == []
    assert short.info.total_phone_numbers == 3
    assert len(full.data) == 3


async def test_opted_out_contacts_are_counted_and_skipped(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with client_on(served, transport) as client:
        gid = (await client.groups.create_group(name="Mixed")).info.id
        await client.groups.add_contacts_to_group(gid, phone_numbers=FR[:3])
        await client.optouts.add_contact_to_optouts_list(phone_numbers=[FR[1]])
        details = await client.groups.get_group_details(gid)
        sent = await client.send_sms_campaign(groups=[gid], from_="Shop", text="Hi")
    assert details.info.total_optouts == 1
    assert [c.optout for c in details.data] == [False, True, False]
    assert {m.to: m.status for m in sent.data}[FR[1]] == "REJECTED"


async def test_every_error_row(served: tuple[Emulator, str], transport: Transport) -> None:
    async with client_on(served, transport) as client:
        gid = (await client.groups.create_group(name="Errors")).info.id
        await client.groups.add_contacts_to_group(gid, phone_numbers=FR[:2])
        contacts = (await client.groups.get_group_details(gid)).data
        raised = {}
        calls = {
            1211: client.groups.create_group(name="errors"),
            1200: client.groups.delete_group(999),
            1207: client.groups.add_contacts_to_group(gid, phone_numbers=["12345"]),
            1210: client.groups.add_contacts_to_group(gid, phone_numbers=[FR[5], "12345"]),
            1202: client.groups.delete_contact_from_group(
                gid, "3328fe13-2b99-4282-b62e-d891f5e452a8"
            ),
            1215: client.groups.update_contact_from_group(
                gid, contacts[0].id, phone_number=contacts[1].phone_number
            ),
        }
        for code, call in calls.items():
            with pytest.raises((InvalidRequestError, NotFoundError)) as info:
                await call
            raised[code] = info.value
        # What the client refuses before sending (the API's 1203, 1204, 1206, 1213).
        local = {}
        for code, build in {
            1203: lambda: client.groups.add_contacts_to_group(gid, phone_numbers=[]),
            1204: lambda: client.groups.create_group(name=""),
            1206: lambda: client.groups.create_group(name="ab"),
            1213: lambda: client.groups.update_contact_from_group(gid, contacts[0].id),
        }.items():
            with pytest.raises(ValidationError) as refused:
                await build()
            local[code] = refused.value.code
        skipped = await client.groups.add_contacts_to_group(
            gid, phone_numbers=[FR[9], "12345"], allow_invalid=True
        )
    assert {code: error.code for code, error in raised.items()} == {c: c for c in calls}
    assert isinstance(raised[1200], NotFoundError)
    assert isinstance(raised[1202], NotFoundError)
    assert isinstance(raised[1207], InvalidPhoneNumberError)
    assert raised[1210].invalid_numbers == ["12345"]  # type: ignore[attr-defined]
    assert local == {c: c for c in local}
    assert (skipped.info.total_valid, skipped.info.invalid) == (1, ["12345"])


def test_the_blocking_face(served_sync: tuple[Emulator, str]) -> None:
    emulator, url = served_sync
    with SmsClient(api_key=emulator.api_key, base_url=url) as client:
        gid = client.groups.create_group(name="Sync").info.id
        client.groups.add_contacts_to_group(gid, phone_numbers=FR[:700])
        page = client.groups.get_group_details(gid, limit=500)
        numbers = [c.phone_number for c in page]
        workbook = client.groups.export_group_to_xlsx(gid)
        sent = client.send_sms_campaign(groups=[gid], from_="Shop", text="Hi", short_response=True)
    assert len(page.data) == 500
    assert numbers == FR[:700]
    assert workbook[:2] == b"PK"
    assert sent.info.total_phone_numbers == 700


def test_the_vendors_client_decodes_every_groups_answer(
    served_sync: tuple[Emulator, str],
) -> None:
    smscx_client = pytest.importorskip("smscx_client")
    from smscx_client.api import groups_api
    from smscx_client.model.add_contacts_to_group_request import AddContactsToGroupRequest
    from smscx_client.model.add_contacts_to_group_with_fields_request import (
        AddContactsToGroupWithFieldsRequest,
    )
    from smscx_client.model.group_add import GroupAdd as VendorGroupAdd
    from smscx_client.model.new_group_request import NewGroupRequest
    from smscx_client.model.update_number_request import UpdateNumberRequest

    emulator, url = served_sync
    configuration = smscx_client.Configuration(host=url, api_key=emulator.api_key)
    api = groups_api.GroupsApi(smscx_client.ApiClient(configuration))
    gid = api.create_group(NewGroupRequest(name="Vendor")).info.id
    assert api.add_contacts_to_group(gid, AddContactsToGroupRequest(phone_numbers=FR[:2]))
    with_fields = AddContactsToGroupWithFieldsRequest(
        phone_numbers=[VendorGroupAdd(phone_number=FR[2], first_name="Ana")]
    )
    assert api.add_contacts_to_group_with_fields(gid, with_fields).info.total_valid == 1
    details = api.get_group_details(gid)
    assert len(details.data) == 3
    contact = details.data[0].id
    assert api.update_contact_from_group(gid, contact, UpdateNumberRequest(first_name="Bo"))
    # The same data again is 204 (the vendor's client cannot decode an empty body: raw).
    same = UpdateNumberRequest(first_name="Bo")
    assert api.update_contact_from_group(gid, contact, same, _preload_content=False).status == 204
    assert api.get_groups_list().data
    assert api.export_group_to_csv(gid).startswith("id,")
    assert api.delete_contact_from_group(gid, contact).info.phone_number == FR[0]
    assert api.empty_group(gid).info.id == gid
    assert api.delete_group(gid).info.name == "Vendor"
