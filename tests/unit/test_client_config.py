"""Building a client: credentials, the environment, base URL safety, per-call options."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from smscx import APIStatusError, AsyncSmsClient, ConfigurationError, RetryPolicy
from tests.helpers import Recorder, send_response

MakeClient = Callable[..., AsyncSmsClient]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "SMSCX_API_KEY",
        "SMSCX_ACCESS_TOKEN",
        "SMSCX_BASE_URL",
        "SMSCX_CLIENT_ID",
        "SMSCX_CLIENT_SECRET",
    ):
        monkeypatch.delenv(name, raising=False)


def test_no_credential_is_a_clear_error_at_construction() -> None:
    with pytest.raises(ConfigurationError, match="SMSCX_API_KEY"):
        AsyncSmsClient()


def test_two_credentials_at_once_are_refused() -> None:
    with pytest.raises(ConfigurationError, match="api_key, access_token"):
        AsyncSmsClient(api_key="k", access_token="t")


def test_client_id_without_a_secret_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="client_secret"):
        AsyncSmsClient(client_id="app")


def test_the_api_key_falls_back_to_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMSCX_API_KEY", "env-key")
    client = AsyncSmsClient()
    assert repr(client) == "AsyncSmsClient(base_url='https://api.sms.cx', auth=ApiKey(<hidden>))"


def test_the_access_token_falls_back_to_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMSCX_ACCESS_TOKEN", "env-token")
    assert "AccessToken(<hidden>)" in repr(AsyncSmsClient())


def test_the_base_url_falls_back_to_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMSCX_BASE_URL", "http://127.0.0.1:8080/")
    assert AsyncSmsClient(api_key="k").base_url == "http://127.0.0.1:8080"


@pytest.mark.parametrize(
    "url",
    ["http://api.sms.cx", "http://10.0.0.5:8080", "ftp://127.0.0.1", "api.sms.cx", "https://"],
)
def test_a_base_url_that_is_not_https_or_loopback_is_refused(url: str) -> None:
    with pytest.raises(ConfigurationError, match="base_url"):
        AsyncSmsClient(api_key="k", base_url=url)


@pytest.mark.parametrize(
    "url",
    [
        "https://api.sms.cx",
        "http://127.0.0.1:8080",
        "http://127.5.6.7",
        "http://localhost:9000",
        "http://[::1]:8080",
    ],
)
def test_https_and_loopback_base_urls_are_accepted(url: str) -> None:
    assert AsyncSmsClient(api_key="k", base_url=url).base_url == url


def test_no_secret_appears_in_a_clients_repr() -> None:
    for client in (
        AsyncSmsClient(api_key="sk-live-secret"),
        AsyncSmsClient(access_token="tok-live-secret"),
        AsyncSmsClient(client_id="app", client_secret="cs-live-secret"),
    ):
        assert "secret" not in repr(client).replace("client_secret=<hidden>", "")


def test_max_retries_sets_the_policy() -> None:
    client = AsyncSmsClient(api_key="k", max_retries=5)
    assert client.retry_policy.max_retries == 5
    assert client.retry_policy.initial_backoff == RetryPolicy().initial_backoff


def test_a_number_timeout_applies_to_every_phase() -> None:
    client = AsyncSmsClient(api_key="k", timeout=3)
    assert client.timeout == httpx.Timeout(3)


def test_with_options_changes_only_the_copy() -> None:
    client = AsyncSmsClient(api_key="k", timeout=10, max_retries=1, deadline=30)
    copy = client.with_options(timeout=2, max_retries=0, deadline=None)
    assert (copy.timeout, copy.retry_policy.max_retries, copy.deadline) == (
        httpx.Timeout(2),
        0,
        None,
    )
    assert (client.timeout, client.retry_policy.max_retries, client.deadline) == (
        httpx.Timeout(10),
        1,
        30,
    )


@pytest.mark.anyio
async def test_with_options_shares_the_connection_pool(make_client: MakeClient) -> None:
    recorder = Recorder(send_response)
    async with make_client(recorder) as client:
        copy = client.with_options(max_retries=0)
        await copy.aclose()  # closing a copy leaves the shared pool open
        await copy.send_sms(to=["+33612345678"], from_="InfoText", text="Hi")
        assert copy._pipeline is client._pipeline
    assert len(recorder.requests) == 1


@pytest.mark.anyio
async def test_an_owned_http_client_is_closed_with_the_client() -> None:
    client = AsyncSmsClient(api_key="k", base_url="http://127.0.0.1:9")
    async with client:
        pass
    assert client._pipeline.http.is_closed


@pytest.mark.anyio
async def test_a_borrowed_http_client_is_left_open() -> None:
    http = httpx.AsyncClient()
    async with AsyncSmsClient(api_key="k", http_client=http):
        pass
    assert not http.is_closed
    await http.aclose()


@pytest.mark.anyio
async def test_redirects_are_not_followed_even_by_a_borrowed_client() -> None:
    recorder = Recorder(httpx.Response(302, headers={"Location": "https://evil.example/sms"}))
    http = httpx.AsyncClient(transport=httpx.MockTransport(recorder), follow_redirects=True)
    async with (
        http,
        AsyncSmsClient(api_key="k", base_url="http://127.0.0.1", http_client=http) as client,
    ):
        with pytest.raises(APIStatusError, match="HTTP 302"):
            await client.estimate_sms(to=["+33612345678"], from_="InfoText", text="Hi")
    assert len(recorder.requests) == 1
