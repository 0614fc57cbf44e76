"""The engines: smscx's own by default on both loops, httpx's own on request, called through
httpx's public API only; errors that say precisely whether a request may have left."""

from __future__ import annotations

import ast
import gc
import pathlib
import warnings
from typing import Any

import httpx
import pytest

import smscx
from smscx import (
    APIConnectionError,
    APITimeoutError,
    AsyncSmsClient,
    ConfigurationError,
    RetryPolicy,
    ServerError,
)
from smscx._http import Http11Transport
from smscx._transport import AutoTransport
from smscx.testing.pytest_plugin import ServedEmulator

pytestmark = pytest.mark.anyio

SEND: dict[str, Any] = {"to": ["+33612345678"], "from_": "InfoText", "text": "Hi"}


async def test_the_default_transport_is_smscxs_own_on_either_loop() -> None:
    transport = AutoTransport(verify=True, limits=httpx.Limits())
    async with httpx.AsyncClient(transport=transport) as http:
        with pytest.raises(httpx.ConnectError):
            await http.get("http://127.0.0.1:9/")  # nothing listens on the discard port
    assert transport.kind == "native"


async def test_transport_httpx_forces_httpxs_own() -> None:
    transport = AutoTransport(verify=True, limits=httpx.Limits(), prefer="httpx")
    async with httpx.AsyncClient(transport=transport) as http:
        with pytest.raises(httpx.ConnectError):
            await http.get("http://127.0.0.1:9/")
    assert transport.kind == "httpx"


def test_transport_aiohttp_is_refused_saying_it_was_removed_and_what_to_use() -> None:
    with pytest.raises(ConfigurationError) as caught:
        AsyncSmsClient(api_key="k", transport="aiohttp")  # type: ignore[arg-type]
    message = str(caught.value)
    assert 'transport="aiohttp" was removed' in message
    assert 'transport="auto"' in message
    assert 'transport="httpx"' in message


def test_an_unknown_transport_is_refused_with_the_choices() -> None:
    with pytest.raises(ConfigurationError, match='"auto", "native" or "httpx", got \'h2\''):
        AsyncSmsClient(api_key="k", transport="h2")  # type: ignore[arg-type]


async def test_a_refused_connection_through_the_client_is_not_maybe_sent() -> None:
    async with AsyncSmsClient(
        api_key="k", base_url="http://127.0.0.1:9", retry_policy=RetryPolicy(wait=False)
    ) as client:
        with pytest.raises(APIConnectionError) as caught:
            await client.send_sms(**SEND)
    assert caught.value.maybe_sent is False


async def test_the_native_transport_is_called_without_httpx_models(
    smscx_server: ServedEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def refuse(self: object, request: httpx.Request) -> httpx.Response:
        raise AssertionError("the call went through httpx's models")

    monkeypatch.setattr(Http11Transport, "handle_async_request", refuse)
    async with smscx_server.client() as client:
        result = await client.send_sms(**SEND)
        auto = client._pipeline._auto
    assert result.meta.idempotency_confirmed
    assert auto is not None
    assert auto.kind == "native"


async def test_transport_httpx_goes_through_httpxs_own_transport_as_httpx_calls_it(
    smscx_server: ServedEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    handle = httpx.AsyncHTTPTransport.handle_async_request

    async def counted(self: httpx.AsyncHTTPTransport, request: httpx.Request) -> httpx.Response:
        calls.append(f"{request.method} {request.url.path}")
        return await handle(self, request)

    monkeypatch.setattr(httpx.AsyncHTTPTransport, "handle_async_request", counted)
    async with smscx_server.client(transport="httpx") as client:
        estimate = await client.estimate_sms(**SEND)
    assert calls == ["POST /sms/estimate"]
    assert estimate.meta.status_code == 200


async def test_a_callers_http_client_is_never_bypassed(smscx_server: ServedEmulator) -> None:
    seen: list[str] = []

    async def record(request: httpx.Request) -> None:
        seen.append(request.url.path)

    http = httpx.AsyncClient(event_hooks={"request": [record]})
    async with http, smscx_server.client(http_client=http) as client:
        await client.estimate_sms(**SEND)
    assert len(seen) == 1
    assert seen[0].endswith("/sms/estimate")


@pytest.mark.parametrize("transport", ["native", "httpx"])
async def test_errors_read_the_same_on_both_transports(
    smscx_server: ServedEmulator, transport: str
) -> None:
    faults = smscx_server.emulator.faults
    async with smscx_server.client(max_retries=0, timeout=0.5, transport=transport) as client:
        faults.add("status", route="POST /sms", status=503)
        with pytest.raises(ServerError) as server_error:
            await client.send_sms(**SEND)
        faults.add("close_after_commit", route="POST /sms")
        with pytest.raises(APIConnectionError) as cut:
            await client.send_sms(**SEND)
        faults.add("delay", route="POST /sms", seconds=30)
        with pytest.raises(APITimeoutError) as slow:
            await client.send_sms(**SEND)
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
            await client.send_sms(**SEND)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gc.collect()
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]


def _private_reads(source: str) -> list[str]:
    """Where ``source`` reads a private name of an imported library: ``asyncio._x``, or
    ``getattr(obj, "_x")`` on anything but ``self``."""
    tree = ast.parse(source)
    modules = {
        (alias.asname or alias.name).split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
        if not alias.name.startswith("smscx")
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            base = node.value
            while isinstance(base, ast.Attribute):
                base = base.value
            if isinstance(base, ast.Name) and base.id in modules:
                found.append(f"{node.lineno}: {ast.unparse(node)}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "hasattr", "setattr")
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and _private(node.args[1].value)
            and ast.unparse(node.args[0]) not in ("self", "cls")
        ):
            found.append(f"{node.lineno}: {ast.unparse(node)}")
    return found


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def test_the_package_reads_no_private_attribute_of_another_library() -> None:
    # Another library's private names change without notice (aiohttp's, httpcore's, asyncio's
    # did): smscx uses their public APIs only. A review of `git grep "\._[a-z]" smscx/` covers
    # what this cannot see (a private attribute of an object a library handed us).
    package = pathlib.Path(smscx.__file__).parent
    offenders = {
        str(path.relative_to(package)): found
        for path in sorted(package.rglob("*.py"))
        if (found := _private_reads(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


class _Socket:
    def __init__(self, fd: int) -> None:
        self.fd = fd

    def fileno(self) -> int:
        return self.fd


def test_the_sockets_kept_for_closing_httpxs_pool_on_trio_drop_those_it_closed() -> None:
    # Held for abandon (closing without a run); one per connection httpx's pool opened,
    # so the closed ones must go, or a long-lived client would hold every socket it had.
    transport = AutoTransport(verify=True, limits=httpx.Limits(), prefer="httpx")
    transport._sockets = set()
    live = [_Socket(fd) for fd in range(10)]
    for sock in live:
        transport._remember(sock)
    for _ in range(1000):
        transport._remember(_Socket(-1))  # a connection opened, then closed by the pool
    assert len(transport._sockets) < 200
    assert set(live) <= transport._sockets


def test_a_trio_module_another_thread_is_still_importing_is_no_trio_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # httpcore imports trio lazily, perhaps in the emulator's callback thread: meanwhile
    # sys.modules holds a trio without its lowlevel, which once raised AttributeError here.
    import sys
    import types

    from smscx._transport import loop_ended, running_loop

    monkeypatch.setitem(sys.modules, "trio", types.ModuleType("trio"))
    assert running_loop() is None
    assert loop_ended(object()) is False
