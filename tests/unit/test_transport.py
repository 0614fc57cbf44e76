"""The transport: aiohttp on asyncio when installed, httpx's own on trio; precise errors."""

from __future__ import annotations

import aiohttp
import httpx
import multidict
import pytest
import yarl

from smscx import APIConnectionError, AsyncSmsClient, RetryPolicy
from smscx._transport import AutoTransport, _precise

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
        (TimeoutError(), httpx.ReadTimeout),
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
    assert _precise(ValueError("not a transport error")) is None


def test_a_refused_connection_stays_a_connect_error() -> None:
    key = aiohttp.client_reqrep.ConnectionKey("127.0.0.1", 9, False, True, None, None, None)
    cause = aiohttp.ClientConnectorError(key, ConnectionRefusedError(111, "refused"))
    assert type(_precise(cause)) is httpx.ConnectError


async def test_the_transport_is_chosen_by_the_running_loop(anyio_backend: str) -> None:
    transport = AutoTransport(verify=True, limits=httpx.Limits())
    async with httpx.AsyncClient(transport=transport) as http:
        with pytest.raises(httpx.ConnectError):
            await http.get("http://127.0.0.1:9/")  # nothing listens on the discard port
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
