"""``client.oauth`` (the vendor's OauthApi: ``get_access_token``), on every stack and both
faces: a token of the caller's own, apart from the one the client keeps for its calls."""

from __future__ import annotations

import pytest

from smscx import (
    AsyncSmsClient,
    AuthenticationError,
    ConfigurationError,
    InvalidRequestError,
    SmsClient,
)
from smscx.testing import Emulator
from tests.served import client_on, served, served_sync
from tests.stacks import Transport, anyio_backend, stack, transport

__all__ = ["anyio_backend", "served", "served_sync", "stack", "transport"]  # fixtures

pytestmark = [pytest.mark.anyio, pytest.mark.integration]


def _app_client(
    served: tuple[Emulator, str], transport: Transport, scopes: list[str] | None = None
) -> AsyncSmsClient:
    emulator, url = served
    return AsyncSmsClient(
        base_url=url,
        transport=transport,
        client_id=emulator.client_id,
        client_secret=emulator.client_secret,
        scopes=scopes,
    )


async def test_a_token_of_ones_own_works_as_a_bearer_token_and_hides_in_the_repr(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, url = served
    async with _app_client(served, transport) as client:
        token = await client.oauth.get_access_token()  # no scope asked: every scope
        narrow = await client.oauth.get_access_token(scope="sms reports")
        balance_by_app = await client.account.get_account_balance()
    assert token.token_type == "Bearer"
    assert narrow.scope == "sms reports"
    assert narrow.access_token != token.access_token
    assert token.expires_in == emulator.token_lifetime
    assert token.access_token not in repr(token)
    assert token.request_id
    async with AsyncSmsClient(
        base_url=url, transport=transport, access_token=token.access_token
    ) as bearer:
        balance = await bearer.account.get_account_balance()
    assert balance.balance == balance_by_app.balance


async def test_scope_defaults_to_the_clients_scopes_and_takes_a_sequence(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with _app_client(served, transport, scopes=["groups"]) as client:
        default = await client.oauth.get_access_token()
        listed = await client.oauth.get_access_token(scope=["sms", "numbers"])
    assert default.scope == "groups"
    assert listed.scope == "sms numbers"


async def test_an_unknown_scope_is_the_vendors_1600(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with _app_client(served, transport) as client:
        with pytest.raises(InvalidRequestError) as caught:
            await client.oauth.get_access_token(scope="no-such-scope")
    assert caught.value.status_code == 400


async def test_a_wrong_secret_is_an_authentication_error(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, url = served
    async with AsyncSmsClient(
        base_url=url, transport=transport, client_id=emulator.client_id, client_secret="wrong"
    ) as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.oauth.get_access_token()
    assert "wrong" not in str(caught.value)


async def test_a_client_with_an_api_key_has_no_application_to_exchange(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with client_on(served, transport) as client:
        with pytest.raises(ConfigurationError, match="client_id= and client_secret="):
            await client.oauth.get_access_token()
    emulator, _ = served
    assert emulator.request_counts.get("POST /oauth/token", 0) == 0


def test_the_blocking_face(served_sync: tuple[Emulator, str]) -> None:
    emulator, url = served_sync
    with SmsClient(
        base_url=url, client_id=emulator.client_id, client_secret=emulator.client_secret
    ) as client:
        token = client.oauth.get_access_token(scope="otp")
    assert token.scope == "otp"
    assert token.access_token not in repr(token)
