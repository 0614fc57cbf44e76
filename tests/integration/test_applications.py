"""``client.applications`` (the vendor's ApplicationsApi): the emulator's OAuth applications,
their settings and the scopes, read-only."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from smscx import (
    APIResponseValidationError,
    AsyncSmsClient,
    NotFoundError,
    SmsClient,
    ValidationError,
)
from smscx.testing import Emulator
from smscx.testing.server.access import OAUTH_SCOPES
from tests.stacks import Transport, anyio_backend, stack, transport

__all__ = ["anyio_backend", "stack", "transport"]  # fixtures

pytestmark = [pytest.mark.anyio, pytest.mark.integration]

APPS = {"app_first": "s3cr3t-first", "app_second": "s3cr3t-second"}


@pytest.fixture
async def served() -> AsyncIterator[tuple[Emulator, str]]:
    emulator = Emulator(applications=APPS, token_lifetime=600)
    async with emulator.serve() as url:
        yield emulator, url


@pytest.fixture
def served_sync() -> Iterator[tuple[Emulator, str]]:
    emulator = Emulator(applications=APPS, token_lifetime=600)
    with emulator.serve_sync() as url:
        yield emulator, url


def _client(served: tuple[Emulator, str], transport: Transport) -> AsyncSmsClient:
    emulator, url = served
    return AsyncSmsClient(api_key=emulator.api_key, base_url=url, transport=transport)


async def test_the_list_is_the_emulators_applications_most_recent_first(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with _client(served, transport) as client:
        listed = await client.applications.get_applications_list()
    assert [a.application_id for a in listed.data] == ["app_second", "app_first"]
    assert [a.application_secret for a in listed.data] == ["s3cr3t-second", "s3cr3t-first"]
    first = listed.data[1]
    assert (first.id, first.application_name, first.token_expiration) == (
        1,
        "Application 1",
        "600",
    )
    assert set(first.scopes.split()) == OAUTH_SCOPES
    assert listed.data[0].created_at > first.created_at


async def test_the_secret_is_not_in_the_repr(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with _client(served, transport) as client:
        listed = await client.applications.get_applications_list()
    assert "s3cr3t" not in repr(listed)


async def test_the_settings_are_the_emulators_defaults(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with _client(served, transport) as client:
        found = await client.applications.get_application_settings("app_first")
    assert (found.application_id, found.name, found.token_expiration) == (
        "app_first",
        "Application 1",
        "600",
    )
    settings = found.settings
    assert settings.otp.from_ == "InfoText"
    assert (settings.otp.pin_type, settings.otp.pin_length, settings.otp.ttl) == ("numbers", 6, 300)
    assert settings.otp.max_attempts == 3
    assert settings.sms.transliteration.alphabet == "NONE"
    assert settings.sms.enforce_originator is None
    assert settings.viber.quiet_hours.start == settings.viber.quiet_hours.stop  # none
    assert settings.whatsapp.dlr_callback is None
    assert (settings.multichannel.ttl, settings.multichannel.expire_after_ttl) == (300, False)
    assert settings.lookup.lookup_callback is None


async def test_an_unknown_application_is_not_found_and_a_bad_id_is_refused_before_sending(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    emulator, _ = served
    async with _client(served, transport) as client:
        with pytest.raises(NotFoundError) as missing:
            await client.applications.get_application_settings("app_nope")
        with pytest.raises(ValidationError):
            await client.applications.get_application_settings("../account/balance")
    assert missing.value.code == 1500
    asked = [r for r in emulator.request_counts if r.startswith("GET /applications/")]
    assert asked == ["GET /applications/app_nope"]


async def test_the_scopes_are_one_per_namespace(
    served: tuple[Emulator, str], transport: Transport
) -> None:
    async with _client(served, transport) as client:
        found = await client.applications.get_scopes()
    assert set(found.scopes) == OAUTH_SCOPES
    assert found.scopes[0] == "sms"


def test_the_blocking_face_and_the_vendors_client(served_sync: tuple[Emulator, str]) -> None:
    emulator, url = served_sync
    with SmsClient(api_key=emulator.api_key, base_url=url) as client:
        listed = client.applications.get_applications_list()
        assert [a.application_id for a in listed.data] == ["app_second", "app_first"]
        found = client.applications.get_application_settings("app_second")
        assert found.settings.otp.template == "Your verification code is {{pin}}"
        assert "templates" in client.applications.get_scopes().scopes
    smscx_client = pytest.importorskip("smscx_client")
    from smscx_client.api import applications_api

    configuration = smscx_client.Configuration(host=url, api_key=emulator.api_key)
    api = applications_api.ApplicationsApi(smscx_client.ApiClient(configuration))
    assert [a.application_id for a in api.get_applications_list().data] == [
        "app_second",
        "app_first",
    ]
    settings = api.get_application_settings("app_first")
    assert settings.settings.otp.pin_length == 6
    assert settings.settings.sms.transliteration.alphabet == "NONE"
    assert set(api.get_scopes()) == OAUTH_SCOPES


async def test_a_bare_list_is_refused_where_the_answer_is_an_object() -> None:
    # The bare-list body is allowed for a model rooted in one field (Scopes), not elsewhere.
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=["sms", "groups"])

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    async with AsyncSmsClient(api_key="k", http_client=http) as client:
        assert (await client.applications.get_scopes()).scopes == ["sms", "groups"]
        with pytest.raises(APIResponseValidationError) as refused:
            await client.applications.get_applications_list()
    assert "is not a JSON object" in str(refused.value)
