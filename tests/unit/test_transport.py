"""The transports: smscx's own by default on both loops, aiohttp or httpx's own on request;
errors that say precisely whether a request may have left."""

from __future__ import annotations

import asyncio
import gc
import ssl
import warnings
from typing import Any

import aiohttp
import httpcore
import httpx
import multidict
import pytest
import yarl

from smscx import (
    APIConnectionError,
    APITimeoutError,
    AsyncSmsClient,
    RetryPolicy,
    ServerError,
)
from smscx._http11 import Http11Transport
from smscx._transport import (
    AutoTransport,
    Reply,
    _AiohttpTransport,
    _HttpcoreTransport,
    _lower_raw,
    _precise,
)
from smscx.errors import LowerHeaders
from smscx.testing.pytest_plugin import ServedEmulator

pytestmark = pytest.mark.anyio

_URL = yarl.URL("http://127.0.0.1/sms")
_REQUEST = aiohttp.RequestInfo(
    _URL, "POST", multidict.CIMultiDictProxy(multidict.CIMultiDict()), _URL
)


@pytest.mark.parametrize(
    ("cause", "expected"),
    [
        (aiohttp.ServerDisconnectedError(), httpx.RemoteProtocolError),
        (aiohttp.ClientOSError(104, "Connection reset by peer"), httpx.ReadError),
        (aiohttp.ClientPayloadError("truncated"), httpx.ReadError),
        (aiohttp.SocketTimeoutError(), httpx.ReadTimeout),
        (TimeoutError(), httpx.ReadTimeout),  # not asyncio's before Python 3.11
        (asyncio.TimeoutError(), httpx.ReadTimeout),
        (
            aiohttp.ClientResponseError(_REQUEST, (), message="bad status"),
            httpx.RemoteProtocolError,
        ),
    ],
)
def test_errors_after_the_request_left_are_not_called_connect_errors(
    cause: BaseException, expected: type[Exception]
) -> None:
    # httpx-aiohttp maps all of these to ConnectTimeout: "never sent", which is false.
    assert type(_precise(cause)) is expected


def test_only_failures_before_sending_are_connect_errors() -> None:
    assert type(_precise(aiohttp.ConnectionTimeoutError())) is httpx.ConnectTimeout
    assert _precise(RuntimeError("not a transport error")) is None


def test_a_header_aiohttp_refuses_is_a_local_error_that_quotes_nothing() -> None:
    # aiohttp raises a bare ValueError (a newline) or UnicodeEncodeError for a header value
    # it cannot write; both mean nothing left, and both may quote the value.
    for refused in (
        ValueError("Newline in b'SECRET\\n'"),
        UnicodeEncodeError("ascii", "é", 0, 1, "x"),
    ):
        mapped = _precise(refused)
        assert type(mapped) is httpx.LocalProtocolError
        assert "SECRET" not in str(mapped)


def test_a_refused_connection_stays_a_connect_error() -> None:
    key = aiohttp.client_reqrep.ConnectionKey("127.0.0.1", 9, False, True, None, None, None)
    cause = aiohttp.ClientConnectorError(key, ConnectionRefusedError(111, "refused"))
    assert type(_precise(cause)) is httpx.ConnectError


async def test_the_default_transport_is_smscxs_own_on_either_loop() -> None:
    transport = AutoTransport(verify=True, limits=httpx.Limits())
    async with httpx.AsyncClient(transport=transport) as http:
        with pytest.raises(httpx.ConnectError):
            await http.get("http://127.0.0.1:9/")  # nothing listens on the discard port
    assert transport.kind == "native"


async def test_transport_aiohttp_is_httpxs_own_on_trio(anyio_backend: str) -> None:
    transport = AutoTransport(verify=True, limits=httpx.Limits(), prefer="aiohttp")
    async with httpx.AsyncClient(transport=transport) as http:
        with pytest.raises(httpx.ConnectError):
            await http.get("http://127.0.0.1:9/")
    assert transport.kind == ("aiohttp" if anyio_backend == "asyncio" else "httpx")


async def test_transport_httpx_forces_httpxs_own() -> None:
    transport = AutoTransport(verify=True, limits=httpx.Limits(), prefer="httpx")
    async with httpx.AsyncClient(transport=transport) as http:
        with pytest.raises(httpx.ConnectError):
            await http.get("http://127.0.0.1:9/")
    assert transport.kind == "httpx"


async def test_a_refused_connection_through_the_client_is_not_maybe_sent() -> None:
    async with AsyncSmsClient(
        api_key="k", base_url="http://127.0.0.1:9", retry_policy=RetryPolicy(wait=False)
    ) as client:
        with pytest.raises(APIConnectionError) as caught:
            await client.send_sms(to=["+33612345678"], from_="InfoText", text="Hi")
    assert caught.value.maybe_sent is False


def test_raw_headers_are_read_as_httpx_reads_them() -> None:
    headers = _lower_raw(
        [
            (b"X-Request-Id", b"r1"),
            (b"Vary", b"Accept"),
            (b"vary", b"Origin"),
            (b"X-Name", "é".encode()),
            (b"X-Latin", b"\xe9"),
        ]
    )
    assert isinstance(headers, LowerHeaders)
    assert headers == {
        "x-request-id": "r1",
        "vary": "Accept, Origin",
        "x-name": "é",
        "x-latin": "é",
    }


async def test_smscx_calls_its_transport_without_httpx_models(
    smscx_server: ServedEmulator, anyio_backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Whichever transport: never through httpx's models.
    async def refuse(self: object, request: httpx.Request) -> httpx.Response:
        raise AssertionError("the call went through httpx's models")

    monkeypatch.setattr(_AiohttpTransport, "handle_async_request", refuse)
    monkeypatch.setattr(_HttpcoreTransport, "handle_async_request", refuse)
    monkeypatch.setattr(Http11Transport, "handle_async_request", refuse)
    for transport in ("auto", "aiohttp", "httpx"):
        async with smscx_server.client(transport=transport) as client:
            result = await client.send_sms(to=["+33612345678"], from_="InfoText", text="Hi")
            auto = client._pipeline._auto
        assert result.meta.idempotency_confirmed
        assert auto is not None
        expected = {"auto": "native", "aiohttp": "aiohttp", "httpx": "httpx"}[transport]
        if anyio_backend == "trio" and transport == "aiohttp":
            expected = "httpx"
        assert auto.kind == expected


async def test_transport_httpx_on_asyncio_takes_httpcore_directly(
    smscx_server: ServedEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    exchange = _HttpcoreTransport.exchange

    async def counted(self: _HttpcoreTransport, method: str, *args: Any) -> Reply:
        calls.append(method)
        return await exchange(self, method, *args)

    monkeypatch.setattr(_HttpcoreTransport, "exchange", counted)
    async with smscx_server.client(transport="httpx") as client:
        estimate = await client.estimate_sms(to=["+33612345678"], from_="InfoText", text="Hi")
    assert calls == ["POST"]
    assert estimate.meta.status_code == 200


@pytest.mark.parametrize(
    ("cause", "expected"),
    [
        (httpcore.ConnectTimeout("t"), httpx.ConnectTimeout),
        (httpcore.ReadTimeout("t"), httpx.ReadTimeout),
        (httpcore.WriteTimeout("t"), httpx.WriteTimeout),
        (httpcore.PoolTimeout("t"), httpx.PoolTimeout),
        (httpcore.ConnectError("e"), httpx.ConnectError),
        (httpcore.ReadError("e"), httpx.ReadError),
        (httpcore.WriteError("e"), httpx.WriteError),
        (httpcore.RemoteProtocolError("e"), httpx.RemoteProtocolError),
        (httpcore.LocalProtocolError("e"), httpx.LocalProtocolError),
        (httpcore.UnsupportedProtocol("e"), httpx.UnsupportedProtocol),
    ],
)
async def test_httpcore_errors_map_to_the_most_specific_httpx_error(
    cause: Exception, expected: type[Exception], monkeypatch: pytest.MonkeyPatch
) -> None:
    transport = _HttpcoreTransport(
        ssl_context=ssl.create_default_context(), proxy=None, limits=httpx.Limits()
    )

    async def fail(request: httpcore.Request) -> httpcore.Response:
        raise cause

    monkeypatch.setattr(transport._pool, "handle_async_request", fail)
    with pytest.raises(expected) as caught:
        await transport.exchange(
            "POST", "http://127.0.0.1:9/sms", {}, b"{}", httpx.Timeout(1), 1024
        )
    assert type(caught.value) is expected
    assert caught.value.__cause__ is cause
    assert cause.__traceback__ is None  # scrubbed: httpcore's frames hold the headers


async def test_a_callers_http_client_is_never_bypassed(smscx_server: ServedEmulator) -> None:
    seen: list[str] = []

    async def record(request: httpx.Request) -> None:
        seen.append(request.url.path)

    http = httpx.AsyncClient(event_hooks={"request": [record]})
    async with http, smscx_server.client(http_client=http) as client:
        await client.estimate_sms(to=["+33612345678"], from_="InfoText", text="Hi")
    assert len(seen) == 1
    assert seen[0].endswith("/sms/estimate")


async def test_errors_read_the_same_on_both_paths(smscx_server: ServedEmulator) -> None:
    faults = smscx_server.emulator.faults
    async with smscx_server.client(max_retries=0, timeout=0.5) as client:
        faults.add("status", route="POST /sms", status=503)
        with pytest.raises(ServerError) as server_error:
            await client.send_sms(to=["+33612345678"], from_="InfoText", text="Hi")
        faults.add("close_after_commit", route="POST /sms")
        with pytest.raises(APIConnectionError) as cut:
            await client.send_sms(to=["+33612345678"], from_="InfoText", text="Hi")
        faults.add("delay", route="POST /sms", seconds=30)
        with pytest.raises(APITimeoutError) as slow:
            await client.send_sms(to=["+33612345678"], from_="InfoText", text="Hi")
    # The headers of an error are case-insensitive, as those of an httpx response.
    headers = server_error.value.headers
    assert headers["Content-Type"] == headers["content-type"]
    assert server_error.value.maybe_sent
    assert cut.value.maybe_sent
    assert slow.value.maybe_sent


class _FailsMidBody(httpx.AsyncBaseTransport):
    """A caller's transport whose connection breaks while the request body is written."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        chunks = request.stream.__aiter__()  # type: ignore[union-attr]
        await chunks.__anext__()  # the first chunk is on its way; then the peer goes away
        raise httpx.WriteError("connection reset by peer")


async def test_a_body_write_that_breaks_on_a_callers_http_client_leaves_no_generator() -> None:
    # httpx wraps a bytes body in an async generator; a transport that stops iterating it
    # (a broken write, a cancel) leaves it suspended, and trio warns (ResourceWarning, an
    # error in this suite) when it is collected. The body smscx hands httpx is none.
    http = httpx.AsyncClient(transport=_FailsMidBody())
    client = AsyncSmsClient(
        api_key="k" * 20, base_url="http://127.0.0.1:9", http_client=http,
        retry_policy=RetryPolicy(max_retries=0),
    )  # fmt: skip
    async with http, client:
        with pytest.raises(APIConnectionError):
            await client.send_sms(to=["+33612345678"], from_="InfoText", text="Hi")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gc.collect()
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]
