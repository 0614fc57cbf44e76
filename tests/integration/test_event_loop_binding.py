"""A client belongs to the event loop it first ran in: from any other, a call is refused
with ``WrongEventLoopError`` before anything is sent, and a client whose loop has ended
leaves no socket open (no ResourceWarning), on every transport and both loops."""

from __future__ import annotations

import asyncio
import functools
import gc
import ssl
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import anyio.from_thread
import pytest
import trio
import trustme

import smscx
from smscx import AsyncSmsClient
from smscx.testing import Emulator
from tests.hostile import Request, send_body, serving

pytestmark = pytest.mark.integration

#: (loop, transport) pairs: every transport each loop can run.
STACKS = [
    ("asyncio", "native"),
    ("asyncio", "httpx"),
    ("trio", "native"),
    ("trio", "httpx"),
]


def _run(loop: str, function: Callable[[], Any]) -> Any:
    """``function()`` (a coroutine function) in a fresh run of ``loop``."""
    if loop == "asyncio":
        return asyncio.run(function())
    return trio.run(function)


@pytest.fixture
def served() -> Iterator[tuple[Emulator, str]]:
    emulator = Emulator()
    with emulator.serve_sync() as url:
        yield emulator, url


@pytest.fixture
def warned() -> Iterator[list[warnings.WarningMessage]]:
    """Every warning the test raises, recorded rather than raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield caught


def _resource_warnings(caught: list[warnings.WarningMessage]) -> list[str]:
    gc.collect()  # what an unclosed socket or client says, it says when collected
    return [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]


def _sent(emulator: Emulator) -> int:
    return sum(emulator.request_counts.values())


@pytest.mark.parametrize(("loop", "transport"), STACKS)
def test_a_second_run_is_refused_with_wrong_event_loop_error_and_nothing_sent(
    loop: str, transport: str, served: tuple[Emulator, str]
) -> None:
    emulator, url = served
    client = AsyncSmsClient(api_key=emulator.api_key, base_url=url, transport=transport)
    balance = _run(loop, client.account.get_account_balance)
    sent = _sent(emulator)
    with pytest.raises(smscx.SmscxError, match="event loop it was first used in") as caught:
        _run(loop, client.account.get_account_balance)
    assert balance.currency
    assert _sent(emulator) == sent
    assert "has ended" in str(caught.value)
    assert isinstance(caught.value, smscx.WrongEventLoopError)
    assert isinstance(caught.value, RuntimeError)  # what asyncio's own error was


@pytest.mark.parametrize(("loop", "transport"), STACKS)
def test_a_client_refused_after_its_loop_ended_leaves_no_resource_warning(
    loop: str,
    transport: str,
    served: tuple[Emulator, str],
    warned: list[warnings.WarningMessage],
) -> None:
    emulator, url = served
    client = AsyncSmsClient(api_key=emulator.api_key, base_url=url, transport=transport)
    _run(loop, client.account.get_account_balance)  # a pooled connection of that run
    with pytest.raises(smscx.SmscxError, match="belongs to the event loop"):
        _run(loop, client.account.get_account_balance)
    del client
    assert _resource_warnings(warned) == []


@pytest.mark.parametrize(("loop", "transport"), STACKS)
def test_a_client_whose_loop_ended_closes_from_another_without_warnings(
    loop: str,
    transport: str,
    served: tuple[Emulator, str],
    warned: list[warnings.WarningMessage],
) -> None:
    emulator, url = served
    client = AsyncSmsClient(api_key=emulator.api_key, base_url=url, transport=transport)
    _run(loop, client.account.get_account_balance)
    _run(loop, client.aclose)
    assert client.is_closed
    del client
    assert _resource_warnings(warned) == []


def test_a_client_of_asyncio_is_refused_in_trio(served: tuple[Emulator, str]) -> None:
    emulator, url = served
    client = AsyncSmsClient(api_key=emulator.api_key, base_url=url)
    _run("asyncio", client.account.get_account_balance)
    with pytest.raises(smscx.SmscxError, match="belongs to the event loop"):
        _run("trio", client.account.get_account_balance)


@pytest.mark.parametrize(("loop", "transport"), STACKS)
def test_a_loop_still_running_elsewhere_keeps_its_client(
    loop: str, transport: str, served: tuple[Emulator, str]
) -> None:
    emulator, url = served
    client = AsyncSmsClient(api_key=emulator.api_key, base_url=url, transport=transport)
    with anyio.from_thread.start_blocking_portal(loop) as portal:
        portal.call(client.account.get_account_balance)
        sent = _sent(emulator)
        with pytest.raises(smscx.SmscxError, match="still runs elsewhere"):
            _run(loop, client.account.get_account_balance)
        with pytest.raises(smscx.SmscxError, match="belongs to the event loop"):
            _run(loop, client.aclose)  # closing belongs to that loop too
        assert _sent(emulator) == sent
        assert portal.call(client.account.get_account_balance).currency  # still its own
        portal.call(client.aclose)
    assert client.is_closed


def _kept_alive(request: Request) -> list[bytes | float]:
    """A send's answer on a connection the server keeps open (the client pools it)."""
    body = send_body(request)
    head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}"
    return [f"{head}\r\n\r\n".encode() + body, 60.0]  # open until the server stops


@pytest.mark.parametrize(("loop", "transport"), STACKS)
def test_a_tls_connection_of_an_ended_loop_is_closed_without_warnings(
    loop: str, transport: str, warned: list[warnings.WarningMessage]
) -> None:
    # asyncio's TLS is a transport on the socket's transport: both must let go of it.
    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_context)
    client_context = ssl.create_default_context()
    ca.configure_trust(client_context)
    with serving(_kept_alive, tls=server_context) as server:
        client = AsyncSmsClient(
            api_key="k", base_url=server.url, transport=transport, verify=client_context
        )

        send = functools.partial(client.send_sms, to=["+33612345678"], from_="InfoText", text="Hi")
        _run(loop, send)
        with pytest.raises(smscx.SmscxError, match="belongs to the event loop"):
            _run(loop, send)
        assert len(server.requests) == 1
        del client, send
        assert _resource_warnings(warned) == []
