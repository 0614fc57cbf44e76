"""TLS on a real loopback socket: verification is on by default; a custom CA is honoured."""

from __future__ import annotations

import contextlib
import json
import ssl
from collections.abc import AsyncIterator

import anyio
import anyio.abc
import pytest
import trustme
from anyio.streams.tls import TLSListener

from smscx import APIConnectionError, AsyncSmsClient, RetryPolicy
from tests.helpers import data_body, info_body

pytestmark = [pytest.mark.anyio, pytest.mark.integration]

BODY = json.dumps({"info": info_body(), "data": [data_body()]}).encode()


async def answer(stream: anyio.abc.ByteStream) -> None:
    """Read one request (headers + Content-Length body) and answer 200 with a send result."""
    async with stream:
        data = b""
        while b"\r\n\r\n" not in data:
            data += await stream.receive()
        head, _, rest = data.partition(b"\r\n\r\n")
        length = next(
            (int(line.split(b":")[1]) for line in head.split(b"\r\n")
             if line.lower().startswith(b"content-length")), 0
        )  # fmt: skip
        while len(rest) < length:
            rest += await stream.receive()
        await stream.send(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
            + f"Content-Length: {len(BODY)}\r\n\r\n".encode()
            + BODY
        )


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
async def tls_server(ca: trustme.CA) -> AsyncIterator[int]:
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_context)
    tcp = await anyio.create_tcp_listener(local_host="127.0.0.1", local_port=0)
    port = tcp.extra(anyio.abc.SocketAttribute.local_port)
    listener = TLSListener(tcp, server_context, standard_compatible=False)

    async def serve() -> None:
        async def handle(stream: anyio.abc.ByteStream) -> None:
            # A client that refused our certificate hangs up mid-handshake.
            with contextlib.suppress(
                anyio.BrokenResourceError, anyio.EndOfStream, ssl.SSLError, OSError
            ):
                await answer(stream)

        await listener.serve(handle)

    async with anyio.create_task_group() as tg:
        tg.start_soon(serve)
        yield port
        tg.cancel_scope.cancel()
    await listener.aclose()


SEND = {"to": ["+33612345678"], "from_": "InfoText", "text": "Hi"}


async def test_an_unknown_certificate_authority_is_refused(tls_server: int) -> None:
    async with AsyncSmsClient(
        api_key="k",
        base_url=f"https://127.0.0.1:{tls_server}",
        retry_policy=RetryPolicy(max_retries=0),
    ) as client:
        with pytest.raises(APIConnectionError) as caught:
            await client.send_sms(**SEND)
    assert caught.value.maybe_sent is False
    assert "certificate verify failed" in str(caught.value).lower()


async def test_a_custom_ca_bundle_path_is_trusted(tls_server: int, ca: trustme.CA) -> None:
    with ca.cert_pem.tempfile() as ca_path:
        async with AsyncSmsClient(
            api_key="k", base_url=f"https://127.0.0.1:{tls_server}", verify=ca_path
        ) as client:
            result = await client.send_sms(**SEND)
    assert result.data[0].msg_id == "3328fe13-2b99-4282-b62e-d891f5e452a8"


async def test_a_custom_ssl_context_is_trusted(tls_server: int, ca: trustme.CA) -> None:
    context = ssl.create_default_context()
    ca.configure_trust(context)
    async with AsyncSmsClient(
        api_key="k", base_url=f"https://127.0.0.1:{tls_server}", verify=context
    ) as client:
        result = await client.estimate_sms(**SEND)
    assert result.info.total_cost == 0.05
