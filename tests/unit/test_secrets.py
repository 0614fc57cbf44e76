"""Credentials never appear in any log line (any logger, DEBUG), repr, str or error."""

from __future__ import annotations

import logging
from collections.abc import Callable

import httpx
import pytest

from smscx import AsyncSmsClient, AuthenticationError, ServerError, SmsClient
from tests.helpers import Recorder, error_response, send_response

pytestmark = pytest.mark.anyio

MakeClient = Callable[..., AsyncSmsClient]
API_KEY = "sk-live-4f2a9c1e-SECRET"
TOKEN = "at-live-77b0e3-SECRET"
CLIENT_SECRET = "cs-live-99d1aa-SECRET"
SEND = {"to": ["+33612345678"], "from_": "InfoText", "text": "Hi"}


def everything_logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(
        f"{r.name} {r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in caplog.records
    )


async def test_api_key_calls_log_no_secret(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = Recorder(error_response(503, "server_error", 0), send_response)
    with caplog.at_level(logging.DEBUG):
        async with make_client(recorder, api_key=API_KEY) as client:
            await client.send_sms(**SEND)
    logged = everything_logged(caplog)
    assert "POST /sms attempt 2 -> 200" in logged
    assert "SECRET" not in logged


async def test_oauth_calls_log_no_secret_or_token(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    def server(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            return httpx.Response(200, json={"access_token": TOKEN, "expires_in": 3600})
        return send_response(request)

    with caplog.at_level(logging.DEBUG):
        async with make_client(
            server, api_key=None, client_id="app", client_secret=CLIENT_SECRET
        ) as client:
            await client.send_sms(**SEND)
            assert "SECRET" not in repr(client)
    assert "SECRET" not in everything_logged(caplog)


async def test_errors_carry_no_credential(make_client: MakeClient) -> None:
    for response, error in (
        (error_response(401, "invalid_api_key", 0, "bad key"), AuthenticationError),
        (httpx.Response(502, text="<html>bad gateway</html>"), ServerError),
    ):
        async with make_client(Recorder(response), api_key=API_KEY, max_retries=0) as client:
            with pytest.raises(error) as caught:
                await client.send_sms(**SEND)
        exc = caught.value
        shown = f"{exc!s} {exc!r} {vars(exc)!r}"
        assert "SECRET" not in shown


def test_reprs_show_no_secret() -> None:
    clients = [
        AsyncSmsClient(api_key=API_KEY),
        AsyncSmsClient(access_token=TOKEN),
        AsyncSmsClient(client_id="app", client_secret=CLIENT_SECRET),
    ]
    for client in clients:
        assert "SECRET" not in repr(client)
    sync = SmsClient(api_key=API_KEY)
    try:
        assert "SECRET" not in repr(sync)
    finally:
        sync.close()
