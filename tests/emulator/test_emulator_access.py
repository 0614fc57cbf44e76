"""Credentials (API key, OAuth client credentials, bearer tokens) and the rate limit."""

from __future__ import annotations

import httpx
import pytest

from smscx.testing import Emulator, ManualClock
from smscx.testing.routes import NAMESPACES, emulator_only_routes, routes_by_namespace
from smscx.testing.server.access import SCOPE_OF_NAMESPACE, UNSCOPED_NAMESPACES, route_scope
from tests.emulator.helpers import error_of, sms

pytestmark = pytest.mark.anyio


async def _token(api: httpx.AsyncClient, emulator: Emulator, **form: str) -> httpx.Response:
    return await api.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", **form},
        auth=(emulator.client_id, emulator.client_secret),
    )


async def test_missing_credentials_are_401(smscx_emulator: Emulator) -> None:
    async with smscx_emulator.http_client() as api:
        response = await api.post("/sms", json=sms())
    assert error_of(response) == (401, "invalid_api_key", 401)


async def test_wrong_api_key_is_401(smscx_emulator: Emulator) -> None:
    async with smscx_emulator.http_client(headers={"X-API-KEY": "wrong"}) as api:
        response = await api.post("/sms", json=sms())
    assert error_of(response) == (401, "invalid_api_key", 401)
    assert smscx_emulator.ledger.charges == ()


async def test_client_credentials_give_a_bearer_token_that_works(
    smscx_emulator: Emulator,
) -> None:
    async with smscx_emulator.http_client() as api:
        token = await _token(api, smscx_emulator, scope="sms")
        body = token.json()
        response = await api.post(
            "/sms", json=sms(), headers={"Authorization": f"Bearer {body['access_token']}"}
        )
    assert {k: v for k, v in body.items() if k != "access_token"} == {
        "token_type": "Bearer",
        "expires_in": 3600,
        "scope": "sms",
    }
    assert response.status_code == 200


async def test_an_expired_token_is_401() -> None:
    clock = ManualClock(1_800_000_000)
    emulator = Emulator(clock=clock, token_lifetime=60)
    async with emulator.http_client() as api:
        token = (await _token(api, emulator)).json()["access_token"]
        clock.advance(60)
        response = await api.post("/sms", json=sms(), headers={"Authorization": f"Bearer {token}"})
    assert error_of(response) == (401, "invalid_api_key", 401)


async def test_a_token_without_the_sms_scope_is_403_insufficient_scope(
    smscx_emulator: Emulator,
) -> None:
    async with smscx_emulator.http_client() as api:
        token = (await _token(api, smscx_emulator, scope="reports")).json()["access_token"]
        response = await api.post("/sms", json=sms(), headers={"Authorization": f"Bearer {token}"})
    assert error_of(response) == (403, "insufficient_scope", 403)


async def test_a_token_scoped_to_sms_cannot_read_groups(smscx_emulator: Emulator) -> None:
    async with smscx_emulator.http_client() as api:
        token = (await _token(api, smscx_emulator, scope="sms")).json()["access_token"]
        bearer = {"Authorization": f"Bearer {token}"}
        groups = await api.get("/groups", headers=bearer)
        sent = await api.post("/sms", json=sms(), headers=bearer)
    assert error_of(groups) == (403, "insufficient_scope", 403)
    assert "groups" in groups.json()["error"]["message"]
    assert sent.status_code == 200


async def test_a_token_with_a_namespace_scope_reaches_that_namespace(
    smscx_emulator: Emulator,
) -> None:
    async with smscx_emulator.http_client() as api:
        token = (await _token(api, smscx_emulator, scope="groups")).json()["access_token"]
        bearer = {"Authorization": f"Bearer {token}"}
        groups = await api.get("/groups", headers=bearer)
        balance = await api.get("/account/balance", headers=bearer)
    assert groups.status_code == 200
    assert error_of(balance) == (403, "insufficient_scope", 403)


@pytest.mark.parametrize(
    "scope",
    [
        # The vendor's own examples (README.md, OauthApi.md).
        "sms groups templates numbers shortlinks attachments",
        "sms groups templates originators numbers reports templates shortlinks",
    ],
)
async def test_every_vendor_example_scope_is_accepted(smscx_emulator: Emulator, scope: str) -> None:
    async with smscx_emulator.http_client() as api:
        response = await _token(api, smscx_emulator, scope=scope)
    assert response.status_code == 200
    assert response.json()["scope"] == scope


async def test_a_scope_for_every_namespace_is_accepted(smscx_emulator: Emulator) -> None:
    scope = " ".join(SCOPE_OF_NAMESPACE.values())
    async with smscx_emulator.http_client() as api:
        response = await _token(api, smscx_emulator, scope=scope)
    assert response.status_code == 200


def test_every_namespace_has_a_scope() -> None:
    # A route whose namespace has no scope would refuse every scoped token.
    missing = [
        f"{namespace}: {route.name}"
        for listing in (routes_by_namespace(), emulator_only_routes())
        for namespace, routes in listing.items()
        if namespace not in UNSCOPED_NAMESPACES
        for route in routes
        if route_scope(route.name) is None
        or route_scope(route.name) != SCOPE_OF_NAMESPACE.get(namespace)
    ]
    assert missing == []
    assert set(NAMESPACES) - UNSCOPED_NAMESPACES <= set(SCOPE_OF_NAMESPACE)


async def test_wrong_application_secret_is_401_invalid_client(smscx_emulator: Emulator) -> None:
    async with smscx_emulator.http_client() as api:
        response = await api.post(
            "/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=(smscx_emulator.client_id, "wrong"),
        )
    assert error_of(response) == (401, "invalid_client", 1600)


@pytest.mark.parametrize(
    ("form", "error_type"),
    [
        ({"grant_type": ""}, "invalid_request"),
        ({"grant_type": "password"}, "unsupported_grant_type"),
        ({"scope": "sms everything"}, "invalid_scope"),
    ],
)
async def test_bad_token_requests_are_400_with_oauth_types(
    smscx_emulator: Emulator, form: dict[str, str], error_type: str
) -> None:
    async with smscx_emulator.http_client() as api:
        response = await _token(api, smscx_emulator, **form)
    assert error_of(response) == (400, error_type, 1600)


async def test_rate_limit_headers_count_down() -> None:
    emulator = Emulator(rate_limit=5, rate_limit_window=3600, clock=ManualClock(0))
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        remaining = [
            (await api.post("/sms/estimate", json=sms())).headers["x-rate-limit-remaining"]
            for _ in range(3)
        ]
    assert remaining == ["4", "3", "2"]


async def test_over_the_rate_limit_is_429_with_reset_and_nothing_billed() -> None:
    emulator = Emulator(rate_limit=2, rate_limit_window=3600, clock=ManualClock(100))
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        for _ in range(2):
            await api.post("/sms", json=sms())
        response = await api.post("/sms", json=sms())
    assert error_of(response) == (429, "rate_limit", 429)
    assert response.headers["x-rate-limit-limit"] == "2"
    assert response.headers["x-rate-limit-remaining"] == "0"
    assert response.headers["x-rate-limit-reset"] == "3600"
    assert len(emulator.ledger.sends()) == 2


async def test_the_rate_limit_window_rolls_over() -> None:
    clock = ManualClock(100)
    emulator = Emulator(rate_limit=1, rate_limit_window=1, clock=clock)
    async with emulator.http_client(headers={"X-API-KEY": emulator.api_key}) as api:
        await api.post("/sms/estimate", json=sms())
        limited = await api.post("/sms/estimate", json=sms())
        clock.advance(1)
        allowed = await api.post("/sms/estimate", json=sms())
    assert (limited.status_code, allowed.status_code) == (429, 200)
