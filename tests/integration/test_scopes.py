"""OAuth scopes through the client: a token asked for with ``scopes=`` reaches its
namespaces only, and a call outside them is a typed :class:`AccessDeniedError`."""

from __future__ import annotations

import pytest

from smscx import AccessDeniedError
from smscx.testing import Emulator
from smscx.testing.server.access import SCOPE_OF_NAMESPACE
from tests.served import client_on, served
from tests.stacks import Transport, anyio_backend, stack, transport

__all__ = ["anyio_backend", "served", "stack", "transport"]  # fixtures

pytestmark = [pytest.mark.anyio, pytest.mark.integration]


def _oauth(served: tuple[Emulator, str]) -> dict[str, str | None]:
    emulator, _ = served
    return {
        "api_key": None,
        "client_id": emulator.client_id,
        "client_secret": emulator.client_secret,
    }


async def test_a_client_scoped_to_sms_is_refused_groups_with_access_denied(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with client_on(served, transport, scopes=["sms"], **_oauth(served)) as client:
        sent = await client.send_sms(to=["+447400000001"], from_="Shop", text="Hi")
        with pytest.raises(AccessDeniedError) as caught:
            await client.groups.get_groups_list()
    assert sent.info.total_valid == 1
    assert (caught.value.status_code, caught.value.error_type) == (403, "insufficient_scope")


async def test_a_client_may_ask_for_every_namespace_scope(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    scopes = " ".join(SCOPE_OF_NAMESPACE.values())
    async with client_on(served, transport, scopes=scopes, **_oauth(served)) as client:
        groups = await client.groups.get_groups_list()
        balance = await client.account.get_account_balance()
    assert len(groups.data) == 3  # the default emulator's groups
    assert balance.balance > 0
