"""``client.optouts`` (the vendor's OptoutsApi) and cursor paging, on every stack and face.

Sends to an opted-out contact are REJECTED at no cost; the list is paged by cursor, and a
list of 1,200 contacts read 500 at a time yields exactly 1,200 distinct ones in 3 pages,
awaited page by page, with ``async for``, and with a plain ``for`` on the blocking face.
"""

from __future__ import annotations

import pytest

from smscx import (
    AccessDeniedError,
    ErrorCode,
    InvalidPhoneNumberError,
    InvalidRequestError,
    NotFoundError,
    SmsClient,
    ValidationError,
)
from smscx.testing import Emulator
from tests.served import client_on, served, served_sync
from tests.stacks import Transport, anyio_backend, stack, transport

__all__ = ["anyio_backend", "served", "served_sync", "stack", "transport"]  # fixtures

pytestmark = [pytest.mark.anyio, pytest.mark.integration]

FR = [f"+336{n:08d}" for n in range(1_200)]


async def test_a_send_to_an_opted_out_contact_is_rejected_at_no_cost(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with client_on(served, transport) as client:
        added = await client.optouts.add_contact_to_optouts_list(phone_numbers=[FR[0]])
        sent = await client.send_sms(to=[FR[0], FR[1]], from_="InfoText", text="Hi")
    assert (added.info.total_valid, added.info.phone_numbers_by_country) == (1, {"FR": 1})
    by_number = {m.to: m for m in sent.data}
    assert by_number[FR[0]].status == "REJECTED"
    assert by_number[FR[0]].cost == 0
    assert by_number[FR[1]].status == "ACCEPTED"
    assert sent.info.total_cost == by_number[FR[1]].cost


async def test_an_opt_out_outside_a_group_has_no_group_name_rather_than_null(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    async with client_on(served, transport) as client:
        await client.optouts.add_contact_to_optouts_list(phone_numbers=[FR[0]])
        listed = await client.optouts.get_optouts_list()
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        raw = (await api.get("/optouts")).json()["data"][0]
    assert listed.data[0].group_name is None
    assert "groupName" not in raw  # the page types it a string (optional), never null


async def test_1200_contacts_read_500_at_a_time_are_3_pages_of_distinct_contacts(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with client_on(served, transport) as client:
        await client.optouts.add_contact_to_optouts_list(phone_numbers=FR)
        first = await client.optouts.get_optouts_list(limit=500)
        pages = [first]
        while (following := await pages[-1].next_page()) is not None:
            pages.append(following)
        walked = [
            optout.phone_number async for optout in client.optouts.get_optouts_list(limit=500)
        ]
        # From a page's cursor, as an application that stored it would.
        resumed = await client.optouts.get_optouts_list(limit=500, next=first.paging.next)
        back = await client.optouts.get_optouts_list(limit=500, previous=pages[1].paging.previous)
    assert [len(page.data) for page in pages] == [500, 500, 200]
    assert first.info.total == 1_200
    assert pages[-1].paging.next is None
    assert first.paging.previous is None
    assert len(walked) == len(set(walked)) == 1_200
    assert set(walked) == set(FR)
    assert walked[0] == FR[-1]  # most recent first
    assert [o.id for o in resumed.data] == [o.id for o in pages[1].data]
    assert [o.id for o in back.data] == [o.id for o in first.data]


async def test_breaking_out_of_the_walk_fetches_no_more_pages(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with client_on(served, transport) as client:
        await client.optouts.add_contact_to_optouts_list(phone_numbers=FR[:30])
        seen = []
        async for optout in client.optouts.get_optouts_list(limit=10):
            seen.append(optout)
            if len(seen) == 12:
                break
    assert len(seen) == 12


async def test_a_cursor_the_server_does_not_know_is_a_typed_error(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with client_on(served, transport) as client:
        with pytest.raises(InvalidRequestError, match="cursor"):
            await client.optouts.get_optouts_list(next="not-a-cursor")


async def test_every_error_row(served: tuple[Emulator, str], transport: Transport) -> None:
    emulator, _ = served
    async with client_on(served, transport) as client:
        with pytest.raises(ValidationError) as missing:
            await client.optouts.add_contact_to_optouts_list(phone_numbers=[])
        with pytest.raises(InvalidPhoneNumberError) as invalid:
            await client.optouts.add_contact_to_optouts_list(phone_numbers=[FR[0], "12345"])
        await client.optouts.add_contact_to_optouts_list(phone_numbers=[FR[0]])
        with pytest.raises(InvalidRequestError) as nothing_new:
            await client.optouts.add_contact_to_optouts_list(phone_numbers=[FR[0]])
        with pytest.raises(NotFoundError) as unknown:
            await client.optouts.delete_contact_from_optouts_list(999)
        via_link = emulator.optouts.opt_out(FR[1], via="link")
        with pytest.raises(AccessDeniedError) as by_link:
            await client.optouts.delete_contact_from_optouts_list(via_link.id)
        skipped = await client.optouts.add_contact_to_optouts_list(
            phone_numbers=[FR[2], "12345"], allow_invalid=True
        )
    assert missing.value.code == ErrorCode.PHONE_NUMBERS_MISSING
    assert invalid.value.code == ErrorCode.PHONE_NUMBERS_INVALID
    assert invalid.value.invalid_numbers == ["12345"]
    assert nothing_new.value.code == ErrorCode.NO_NEW_OPTOUTS
    assert unknown.value.code == ErrorCode.OPTOUT_NOT_FOUND
    assert by_link.value.code == ErrorCode.OPTOUT_NOT_DELETABLE
    assert (skipped.info.total_valid, skipped.info.invalid) == (1, ["12345"])


def test_the_blocking_face_pages_with_a_plain_for(served_sync: tuple[Emulator, str]) -> None:
    emulator, url = served_sync
    with SmsClient(api_key=emulator.api_key, base_url=url) as client:
        client.optouts.add_contact_to_optouts_list(phone_numbers=FR)
        page = client.optouts.get_optouts_list(limit=500)
        numbers = [optout.phone_number for optout in page]
        second = page.next_page()
        removed = client.optouts.delete_contact_from_optouts_list(page.data[0].id)
    assert len(page.data) == 500
    assert len(numbers) == len(set(numbers)) == 1_200
    assert second is not None
    assert len(second.data) == 500
    assert removed.info.phone_number == page.data[0].phone_number


def test_the_vendors_client_decodes_the_emulators_answers(
    served_sync: tuple[Emulator, str],
) -> None:
    smscx_client = pytest.importorskip("smscx_client")
    from smscx_client.api import optouts_api
    from smscx_client.model.add_contacts_to_group_request import AddContactsToGroupRequest

    emulator, url = served_sync
    configuration = smscx_client.Configuration(host=url, api_key=emulator.api_key)
    api = optouts_api.OptoutsApi(smscx_client.ApiClient(configuration))
    added = api.add_contact_to_optouts_list(AddContactsToGroupRequest(phone_numbers=FR[:3]))
    assert added.info.total_valid == 3
    listed = api.get_optouts_list(limit=2)
    assert len(listed.data) == 2
    assert listed.paging.next is not None
    deleted = api.delete_contact_from_optouts_list(listed.data[0].id)
    assert deleted.info.phone_number == listed.data[0].phone_number
