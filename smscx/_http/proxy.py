"""Through an http(s) proxy: an http target in absolute form with ``Proxy-Authorization``
(the pool writes it, see ``Http11Transport._head``); an https target through a ``CONNECT``
tunnel, then TLS to the target inside it (over an https proxy's TLS too).

anyio's streams on either loop: a tunnel's TLS over an https proxy's TLS is TLS in TLS.
"""

from __future__ import annotations

import base64
import contextlib
import ssl

import anyio
import anyio.abc
import httpx

from .codec import MAX_HEAD, parse_head
from .connection import READ_SIZE
from .streams import wrap_tls

__all__ = ["default_port", "open_through", "proxy_authorization"]


def default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


def proxy_authorization(proxy: httpx.URL) -> bytes | None:
    """The ``Proxy-Authorization`` value for the proxy URL's credentials, as httpx sends it."""
    if not (proxy.username or proxy.password):
        return None
    return b"Basic " + base64.b64encode(f"{proxy.username}:{proxy.password}".encode())


async def open_through(
    proxy: httpx.URL,
    authorization: bytes | None,
    target: tuple[str, str, int],
    context: ssl.SSLContext,
) -> anyio.abc.ByteStream:
    """A stream to ``proxy`` that carries requests to ``target`` (scheme, host, port): for an
    https target, a tunnel with TLS to the target inside it."""
    scheme, host, port = target
    stream: anyio.abc.ByteStream = await anyio.connect_tcp(
        proxy.host, proxy.port or default_port(proxy.scheme)
    )
    try:
        if proxy.scheme == "https":
            stream = await wrap_tls(stream, proxy.host, context)
        if scheme == "https":
            await _tunnel(stream, authorization, host, port)
            stream = await wrap_tls(stream, host, context)
    except BaseException:
        with anyio.CancelScope(shield=True), contextlib.suppress(Exception):
            await stream.aclose()
        raise
    return stream


async def _tunnel(
    stream: anyio.abc.ByteStream, authorization: bytes | None, host: str, port: int
) -> None:
    authority = f"{host}:{port}".encode("idna")
    lines = [b"CONNECT ", authority, b" HTTP/1.1\r\nHost: ", authority, b"\r\n"]
    if authorization is not None:
        lines += [b"Proxy-Authorization: ", authorization, b"\r\n"]
    await stream.send(b"".join([*lines, b"\r\n"]))
    buffer = b""
    while b"\r\n\r\n" not in buffer:
        if len(buffer) > MAX_HEAD:
            raise httpx.ProxyError("the proxy's answer to CONNECT is past 64 KiB")
        try:
            buffer += await stream.receive(READ_SIZE)
        except anyio.EndOfStream:
            raise httpx.ProxyError("the proxy closed the connection during CONNECT") from None
    raw, _, rest = buffer.partition(b"\r\n\r\n")
    head = parse_head(raw)
    if not 200 <= head.status < 300:
        raise httpx.ProxyError(f"the proxy refused the tunnel (HTTP {head.status})")
    if rest:
        raise httpx.ProxyError("the proxy sent bytes before the tunnel was up")
