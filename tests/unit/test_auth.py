"""OAuth2 client credentials: token fetch, caching, single-flight refresh, 401 recovery."""

from __future__ import annotations

import base64
from collections.abc import Callable
from urllib.parse import parse_qs

import anyio
import httpx
import pytest

from smscx import AsyncSmsClient, AuthenticationError
from tests.helpers import error_response, send_response

pytestmark = pytest.mark.anyio

MakeClient = Callable[..., AsyncSmsClient]
SEND = {"to": ["+33612345678"], "from_": "InfoText", "text": "Hi"}


class TokenServer:
    """Issues numbered tokens; /sms accepts only the newest one (or any, when lenient)."""

    def __init__(self, expires_in: int = 3600, revoke_first: bool = False) -> None:
        self.expires_in = expires_in
        self.token_requests: list[httpx.Request] = []
        self.api_requests: list[httpx.Request] = []
        self.revoke_first = revoke_first

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            self.token_requests.append(request)
            await anyio.sleep(0.01)  # let concurrent callers pile up behind the first
            return httpx.Response(
                200,
                json={
                    "access_token": f"tok-{len(self.token_requests)}",
                    "token_type": "Bearer",
                    "expires_in": self.expires_in,
                    "scope": "sms",
                },
            )
        self.api_requests.append(request)
        current = f"Bearer tok-{len(self.token_requests)}"
        if self.revoke_first and request.headers.get("Authorization") == "Bearer tok-1":
            return error_response(401, "invalid_client", 1600, "token revoked")
        if request.headers.get("Authorization") != current:
            return error_response(401, "invalid_client", 1600, "bad token")
        return send_response(request)


def oauth_client(make_client: MakeClient, server: TokenServer, **options: object) -> AsyncSmsClient:
    return make_client(
        server,
        api_key=None,
        client_id="app-1",
        client_secret="cs-secret",
        scopes=["sms"],
        **options,
    )


async def test_a_token_is_fetched_with_basic_auth_and_the_scopes(make_client: MakeClient) -> None:
    server = TokenServer()
    async with oauth_client(make_client, server) as client:
        await client.send_sms(**SEND)
    (token_request,) = server.token_requests
    assert token_request.method == "POST"
    expected = base64.b64encode(b"app-1:cs-secret").decode()
    assert token_request.headers["Authorization"] == f"Basic {expected}"
    assert parse_qs(token_request.content.decode()) == {
        "grant_type": ["client_credentials"],
        "scope": ["sms"],
    }
    assert server.api_requests[0].headers["Authorization"] == "Bearer tok-1"


async def test_the_token_is_reused_until_it_nears_expiry(make_client: MakeClient) -> None:
    server = TokenServer()
    async with oauth_client(make_client, server) as client:
        for _ in range(5):
            await client.send_sms(**SEND)
    assert len(server.token_requests) == 1


async def test_an_expired_token_is_refreshed_before_the_call(make_client: MakeClient) -> None:
    server = TokenServer(expires_in=0)
    async with oauth_client(make_client, server) as client:
        await client.send_sms(**SEND)
        await client.send_sms(**SEND)
    assert len(server.token_requests) == 2
    assert [r.headers["Authorization"] for r in server.api_requests] == [
        "Bearer tok-1",
        "Bearer tok-2",
    ]


async def test_a_hundred_concurrent_calls_make_one_token_request(make_client: MakeClient) -> None:
    server = TokenServer()
    async with oauth_client(make_client, server) as client:
        async with anyio.create_task_group() as tg:
            for _ in range(100):
                tg.start_soon(lambda: client.send_sms(**SEND))
    assert len(server.token_requests) == 1
    assert len(server.api_requests) == 100


async def test_a_401_refreshes_the_token_once_and_succeeds(make_client: MakeClient) -> None:
    server = TokenServer(revoke_first=True)
    async with oauth_client(make_client, server) as client:
        result = await client.send_sms(**SEND)
    assert len(server.token_requests) == 2
    assert result.attempts == 1


async def test_a_second_401_is_final(make_client: MakeClient) -> None:
    async def always_401(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            return httpx.Response(200, json={"access_token": "t", "expires_in": 3600})
        return error_response(401, "invalid_client", 1600, "no")

    async with make_client(
        always_401, api_key=None, client_id="app", client_secret="cs-secret"
    ) as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.send_sms(**SEND)
    assert "cs-secret" not in str(caught.value) + repr(caught.value)


async def test_bad_client_credentials_raise_authentication_error(make_client: MakeClient) -> None:
    refused = error_response(401, "invalid_client", 1600, "Client authentication failed")
    async with make_client(
        lambda request: refused, api_key=None, client_id="app", client_secret="wrong"
    ) as client:
        with pytest.raises(AuthenticationError, match="Client authentication failed"):
            await client.estimate_sms(**SEND)


async def test_the_token_request_uses_the_calls_timeout(make_client: MakeClient) -> None:
    server = TokenServer()
    async with oauth_client(make_client, server, timeout=7) as client:
        await client.send_sms(**SEND)
    timeouts = server.token_requests[0].extensions["timeout"]
    assert timeouts["read"] == 7
