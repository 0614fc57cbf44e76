"""Hardening: what a hostile tester found, each defect pinned on every stack.

Every async test runs on the native transport on asyncio and on trio, and on httpx's own
transport on trio (``tests.stacks``), against the emulator or a misbehaving server on loopback
(``tests.hostile``). The sections follow issue 10: credentials, a closed client, hostile or
broken responses, odd input, proxies and the trust store. docs/errors.md, docs/retries.md
and docs/sync.md cite these tests for the rules they state.
"""

from __future__ import annotations

import gc
import gzip
import io
import json
import ssl
import subprocess
import sys
import textwrap
import time
import traceback
import uuid
import warnings
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
import trustme

from smscx import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    AsyncSmsClient,
    ClientClosedError,
    ConfigurationError,
    RateLimitError,
    RetryPolicy,
    ServerError,
    SmsClient,
    SmscxError,
    ValidationError,
)
from smscx.testing import Emulator
from tests.hostile import (
    RecordingProxy,
    Request,
    Script,
    response,
    send_body,
    send_headers,
    serving,
)
from tests.integration.test_cancellation import CountingProxy, Served, logged_emulator
from tests.stacks import Transport, anyio_backend, stack, transport

__all__ = ["anyio_backend", "stack", "transport"]  # fixtures, from tests.stacks

pytestmark = [pytest.mark.anyio, pytest.mark.integration]

SECRET = "sk_live_SECRET_4f2a9c"
SEND: dict[str, Any] = {"to": ["+33612345678"], "from_": "InfoText", "text": "Hi"}
NO_WAIT = RetryPolicy(wait=False)
#: Generous for a loaded CI machine; only a failing test waits this long.
PATIENCE = 20.0


@pytest.fixture
async def served() -> AsyncIterator[Served]:
    emulator, log = logged_emulator()
    async with emulator.serve() as url:
        yield Served(emulator, log, url)


def client_for(url: str, transport: Transport, **options: Any) -> AsyncSmsClient:
    options.setdefault("api_key", SECRET)
    options.setdefault("retry_policy", NO_WAIT)
    return AsyncSmsClient(base_url=url, transport=transport, **options)


async def wait_until(condition: Any, what: str) -> None:
    give_up = time.monotonic() + PATIENCE
    while not condition():
        if time.monotonic() > give_up:
            raise AssertionError(f"gave up after {PATIENCE}s waiting for {what}")
        await anyio.sleep(0.01)


TESTS = str(Path(__file__).resolve().parent.parent)


def _without_test_frames(tb: Any) -> Any:
    while tb is not None and tb.tb_frame.f_code.co_filename.startswith(TESTS):
        tb = tb.tb_next
    return tb


def everything_shown(exc: BaseException) -> str:
    """All a traceback can print of ``exc`` with its locals: the stdlib's, rich's, and the
    repr of every local of every frame (and of each local's attributes, one level down),
    along the whole cause and context chain."""
    from rich.console import Console
    from rich.traceback import Traceback

    # The test's own frames hold the secret it passed in: the caller's, not ours to hide.
    exc.__traceback__ = _without_test_frames(exc.__traceback__)
    parts = [
        "".join(traceback.TracebackException.from_exception(exc, capture_locals=True).format())
    ]
    console = Console(file=io.StringIO(), width=200)
    console.print(Traceback.from_exception(type(exc), exc, exc.__traceback__, show_locals=True))
    parts.append(console.file.getvalue())  # type: ignore[attr-defined]
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        parts.append(f"{current!s} {current!r} {vars(current)!r}")
        tb = current.__traceback__
        while tb is not None:
            for value in tb.tb_frame.f_locals.values():
                parts.append(repr(value))
                attributes = getattr(value, "__dict__", None)
                if isinstance(attributes, dict):
                    parts.append(repr(attributes))
            tb = tb.tb_next
        # As the stdlib, rich and pytest walk the chain: a suppressed context is not shown.
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return "\n".join(parts)


# --- 1. credentials are checked when the client is built ------------------------------------


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (SECRET + "\n", "ends with a newline"),
        (SECRET + "\r\n", "ends with a newline"),
        (" " + SECRET, "starts with a space"),
        (SECRET + "\t", "ends with a tab"),
        ("sk_live_é_SECRET", "has a non-ASCII character at position 8"),
        ("sk_live\x00SECRET", "has a control character at position 7"),
        ("sk_live\nSECRET", "has a control character at position 7"),
        ("", "is empty"),
    ],
)
@pytest.mark.parametrize("credential", ["api_key", "access_token", "client_id", "client_secret"])
def test_a_credential_that_cannot_be_a_header_is_refused_without_echoing_it(
    credential: str, value: str, problem: str
) -> None:
    options = {"client_id": "app", "client_secret": "s3cret"} if "client" in credential else {}
    options[credential] = value
    with pytest.raises(ConfigurationError) as caught:
        AsyncSmsClient(**options)
    shown = f"{caught.value!s} {caught.value!r}"
    assert f"{credential} {problem}" in shown
    assert "SECRET" not in shown
    assert "SECRET" not in everything_shown(caught.value)


@pytest.mark.parametrize("variable", ["SMSCX_API_KEY", "SMSCX_ACCESS_TOKEN", "SMSCX_CLIENT_ID"])
def test_a_credential_from_the_environment_is_checked_too_and_named(
    variable: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("SMSCX_API_KEY", "SMSCX_ACCESS_TOKEN", "SMSCX_CLIENT_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(variable, SECRET + "\n")
    monkeypatch.setenv("SMSCX_CLIENT_SECRET", "s3cret")
    with pytest.raises(ConfigurationError, match=f"{variable} ends with a newline") as caught:
        AsyncSmsClient()
    assert "SECRET" not in repr(caught.value)
    with pytest.raises(ConfigurationError):
        SmsClient()  # the blocking face checks the same, in the caller's thread


def test_a_client_id_with_a_colon_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="client_id has a ':'"):
        AsyncSmsClient(client_id="app:1", client_secret="s3cret")


async def test_a_token_that_cannot_be_a_header_is_refused_when_it_arrives(
    transport: Transport,
) -> None:
    def respond(request: Request) -> Script:
        if request.target == "/oauth/token":
            body = json.dumps({"access_token": SECRET + "\n", "expires_in": 3600}).encode()
            return [response(200, body)]
        return [response(200, send_body(request), send_headers(request))]

    with serving(respond) as server:
        client = client_for(
            server.url, transport, api_key=None, client_id="app", client_secret="s3cret"
        )
        async with client:
            with pytest.raises(APIResponseValidationError) as caught:
                await client.send_sms(**SEND)
    assert "access_token that ends with a newline" in str(caught.value)
    assert "SECRET" not in everything_shown(caught.value)
    assert [r.target for r in server.requests] == ["/oauth/token"]  # the send never left


async def test_a_header_the_transport_refuses_is_not_sent_retried_or_maybe_sent(
    transport: Transport,
) -> None:
    with serving(lambda request: [response(200, send_body(request))]) as server:
        async with client_for(server.url, transport, max_retries=3) as client:
            from smscx._auth import HeaderSet

            # Past the constructor's check (as a credential from a custom Credentials or an
            # http_client hook could be): the HTTP library itself refuses the header.
            client._pipeline.credentials._headers = HeaderSet(  # type: ignore[attr-defined]
                {"X-API-KEY": SECRET + "\n"}
            )
            with pytest.raises(ConfigurationError) as caught:
                await client.send_sms(**SEND)
    assert not caught.value.maybe_sent
    assert caught.value.idempotency_id is not None
    assert "nothing was sent" in str(caught.value)
    assert "SECRET" not in everything_shown(caught.value)
    assert server.requests == []


async def test_a_non_ascii_header_on_httpxs_transport_is_not_sent_either(
    anyio_backend: str,
) -> None:
    with serving(lambda request: [response(200, send_body(request))]) as server:
        async with client_for(server.url, "httpx", max_retries=3) as client:
            from smscx._auth import HeaderSet

            client._pipeline.credentials._headers = HeaderSet(  # type: ignore[attr-defined]
                {"X-API-KEY": "sk_é_SECRET"}
            )
            with pytest.raises(ConfigurationError) as caught:
                await client.send_sms(**SEND)
    assert not caught.value.maybe_sent
    assert "SECRET" not in everything_shown(caught.value)
    assert server.requests == []


# --- 2. no secret in the locals a traceback can print ---------------------------------------


def _failing(kind: str) -> Any:
    def respond(request: Request) -> Script:
        if request.target == "/oauth/token":
            body = json.dumps({"access_token": "at_SECRET_77b0", "expires_in": 3600}).encode()
            return [response(200, body)]
        if kind == "503":
            return [response(503, b'{"error": {"type": "server_error", "code": 0}}')]
        if kind == "cut":
            return []  # read the request, close without a word
        return [30.0]  # "hang": never answer

    return respond


@pytest.mark.parametrize("kind", ["503", "cut", "hang"])
@pytest.mark.parametrize("auth", ["api_key", "oauth"])
async def test_no_secret_is_in_any_frame_a_traceback_shows(
    transport: Transport, kind: str, auth: str
) -> None:
    options: dict[str, Any] = {"max_retries": 1, "timeout": 0.3}
    if auth == "oauth":
        options.update(api_key=None, client_id="app", client_secret="cs_SECRET_99d1")
    with serving(_failing(kind)) as server:
        async with client_for(server.url, transport, **options) as client:
            with pytest.raises(SmscxError) as caught:
                await client.send_sms(**SEND)
    assert isinstance(caught.value, (ServerError, APIConnectionError))
    shown = everything_shown(caught.value)
    assert "SECRET" not in shown
    assert "HeaderSet" in shown or kind != "503"  # the masked headers were there to see


async def test_no_secret_is_in_the_frames_of_a_suppressed_context_either(
    transport: Transport,
) -> None:
    # Printers skip a context raised "from None", but a debugger or an error tracker may
    # walk __context__ regardless: the whole-attempt timeout's and the size cap's too.
    def every_local(exc: BaseException | None) -> str:
        parts: list[str] = []
        seen: set[int] = set()
        while exc is not None and id(exc) not in seen:
            seen.add(id(exc))
            tb = _without_test_frames(exc.__traceback__)
            while tb is not None:
                parts.extend(repr(value) for value in tb.tb_frame.f_locals.values())
                tb = tb.tb_next
            exc = exc.__cause__ or exc.__context__
        return "\n".join(parts)

    big = b"x" * (5 * MB)
    for script in ([30.0], [response(200, big)]):
        with serving(lambda request, script=script: script) as server:
            async with client_for(server.url, transport, max_retries=0, timeout=0.3) as client:
                with pytest.raises(SmscxError) as caught:
                    await client.send_sms(**SEND)
        assert "SECRET" not in every_local(caught.value), type(caught.value)


# --- 3. and 13. base_url -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "base_url",
    [
        "http://user:SECRET@127.0.0.1:8080",
        "https://SECRET@api.sms.cx",
        "https://u:SECRET@api.sms.cx/",
    ],
)
def test_a_base_url_with_a_user_or_password_is_refused(base_url: str) -> None:
    with pytest.raises(ConfigurationError, match="user name or password") as caught:
        AsyncSmsClient(api_key="k", base_url=base_url)
    assert "SECRET" not in f"{caught.value!s} {caught.value!r}"


@pytest.mark.parametrize(
    "base_url",
    ["http://127.0.0.1:8080/#", "http://127.0.0.1:8080/?x=1", "https://api.sms.cx/v1#frag"],
)
def test_a_base_url_with_a_query_or_fragment_is_refused(base_url: str) -> None:
    with pytest.raises(ConfigurationError, match="query or fragment"):
        AsyncSmsClient(api_key="k", base_url=base_url)


# --- 12. options out of range fail when the client is built ----------------------------------


BAD_OPTIONS = [
    {"timeout": float("nan")},
    {"timeout": -1},
    {"timeout": 0},
    {"timeout": "5"},
    {"timeout": httpx.Timeout(5, read=float("nan"))},
    {"timeout": httpx.Timeout(5, connect=-1)},
    {"deadline": float("nan")},
    {"deadline": -1},
    {"deadline": float("inf")},
    {"max_retries": -1},
    {"max_retries": 2.5},
    {"max_retries": True},
    {"max_retries": "2"},
    {"max_response_size": 0},
    {"max_response_size": 1.5},
    {"retry_policy": "fast"},
]


@pytest.mark.parametrize("options", BAD_OPTIONS, ids=repr)
def test_bad_options_are_a_configuration_error_when_the_client_is_built(
    options: dict[str, Any],
) -> None:
    with pytest.raises(ConfigurationError):
        AsyncSmsClient(api_key="k", **options)
    with pytest.raises(ConfigurationError):
        AsyncSmsClient(api_key="k").with_options(**options)
    with pytest.raises(ConfigurationError):
        SmsClient(api_key="k", **options)


@pytest.mark.parametrize(
    "options",
    [
        {"max_concurrency": 0},
        {"max_concurrency": "4"},
        {"max_concurrency": 2.0},
        {"transport": "curl"},
    ],
    ids=repr,
)
def test_bad_client_settings_are_a_configuration_error(options: dict[str, Any]) -> None:
    with pytest.raises(ConfigurationError):
        AsyncSmsClient(api_key="k", **options)


@pytest.mark.parametrize(
    "policy",
    [
        {"max_retries": -1},
        {"initial_backoff": float("nan")},
        {"max_backoff": -1},
        {"jitter": 2},
        {"max_rate_limit_wait": float("inf")},
    ],
    ids=repr,
)
def test_a_retry_policy_out_of_range_is_a_configuration_error(policy: dict[str, Any]) -> None:
    with pytest.raises(ConfigurationError):
        RetryPolicy(**policy)


# --- 4. and 5. a closed client stays closed ---------------------------------------------------


async def test_a_closed_client_and_its_copies_send_nothing(
    served: Served, transport: Transport
) -> None:
    client = served.client(transport)
    copy = client.with_options(timeout=5)
    await client.send_sms(**SEND)
    await client.aclose()
    await client.aclose()  # idempotent
    for each in (client, copy):
        assert each.is_closed
        with pytest.raises(ClientClosedError, match="nothing was sent") as caught:
            await each.send_sms(**SEND)
        assert not caught.value.maybe_sent
        with pytest.raises(ClientClosedError):
            await each.delete_scheduled_sms(str(uuid.uuid4()))
    assert len(served.log.ids()) == 1  # only the send before closing reached the server
    await copy.aclose()  # a copy's close does nothing, and does not fail


async def test_closing_a_copy_leaves_the_client_open(served: Served, transport: Transport) -> None:
    async with served.client(transport) as client:
        await client.with_options(max_retries=0).aclose()
        assert not client.is_closed
        await client.send_sms(**SEND)


async def test_closing_ends_the_calls_in_flight_and_starts_no_attempt_after(
    served: Served, transport: Transport
) -> None:
    served.emulator.faults.add("delay", route="POST /sms", seconds=1.0, times=None)
    proxy = CountingProxy(served.url)
    outcomes: list[BaseException | None] = []

    async def send(client: AsyncSmsClient) -> None:
        try:
            await client.send_sms(**SEND)
        except BaseException as exc:
            outcomes.append(exc)
            if not isinstance(exc, ClientClosedError):
                raise
        else:
            outcomes.append(None)

    async with proxy.running() as url:
        client = served.client(transport, base_url=url, retry_policy=RetryPolicy(wait=False))
        async with anyio.create_task_group() as tg:
            for _ in range(100):
                tg.start_soon(send, client)
            # Close while sends are at the server (held there by the delay), however long
            # the first one took to get there on a busy machine: not after a fixed time.
            await wait_until(lambda: served.log.ids(), "a send to reach the server")
            await client.aclose()
            received_at_close = set(served.log.ids())
        await anyio.sleep(1.2)  # past the server's delay: any retry would be here by now
        assert set(served.log.ids()) == received_at_close
        await wait_until(lambda: proxy.open == 0, "every connection to close")
    assert len(outcomes) == 100
    assert all(isinstance(outcome, ClientClosedError) for outcome in outcomes), outcomes[:3]
    closed = [o for o in outcomes if isinstance(o, ClientClosedError)]
    assert all(error.idempotency_id is not None for error in closed)
    reached = [error for error in closed if error.idempotency_id in received_at_close]
    assert reached
    assert all(error.maybe_sent for error in reached)  # honest: it may have been performed
    waiting = [error for error in closed if not error.maybe_sent]
    assert waiting  # 64 in flight (max_concurrency), the rest never sent
    assert len(served.billed()) == 0  # the emulator answers after 1 s: nothing was performed


# --- 6. an unclosed client says so, once ------------------------------------------------------


async def test_a_client_collected_unclosed_warns_once_and_closes_what_it_can(
    served: Served, transport: Transport
) -> None:
    client = served.client(transport)
    await client.send_sms(**SEND)
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("ignore")
        gc.collect()  # what earlier tests left for the collector is not this test's
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        del client
        gc.collect()
        await anyio.sleep(0.05)  # what the loop does with closed transports
        gc.collect()
    shown = [f"{w.category.__name__}: {w.message}" for w in caught]
    ours = [line for line in shown if "was never closed" in line]
    assert len(ours) == 1, shown
    assert ours[0].startswith("ResourceWarning")
    assert "await client.aclose()" in ours[0]
    assert shown == ours, shown  # no unclosed socket or transport on top


async def test_an_unused_client_needs_no_closing(anyio_backend: str) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        AsyncSmsClient(api_key="k")
        gc.collect()
    assert not caught


# --- 7. a rate-limit header never turns a response into an exception ------------------------

FAR = "Fri, 31 Dec 9999 23:59:59 -2359"


@pytest.mark.parametrize("hint", [FAR, "Sat, 01 Jan 0001 00:00:00 +2359", "1e400", "-5", "nan"])
async def test_a_billed_send_with_an_absurd_retry_after_still_returns_its_result(
    transport: Transport, hint: str
) -> None:
    def respond(request: Request) -> Script:
        return [response(200, send_body(request), [*send_headers(request), ("Retry-After", hint)])]

    with serving(respond) as server, anyio.fail_after(PATIENCE):
        async with client_for(server.url, transport) as client:
            result = await client.send_sms(**SEND)
            assert result.info.total_cost == 0.05
            report = await client.send_bulk(["+33612345678"] * 3, text="Hi", from_="InfoText")
    assert report.ok
    assert not report.failures


async def test_a_429_with_an_absurd_retry_after_is_a_rate_limit_error_without_a_hint(
    transport: Transport,
) -> None:
    def respond(request: Request) -> Script:
        body = b'{"error": {"type": "rate_limit", "code": 0, "message": "slow down"}}'
        return [response(429, body, [("Retry-After", FAR), ("X-Rate-Limit-Reset", "nan")])]

    with serving(respond) as server, anyio.fail_after(PATIENCE):
        async with client_for(server.url, transport, max_retries=1) as client:
            with pytest.raises(RateLimitError) as caught:
                await client.send_sms(**SEND)
    assert caught.value.retry_after is None
    assert caught.value.idempotency_id is not None
    assert len(server.requests) == 2  # retried once, by backoff alone


# --- 8. the response size cap -----------------------------------------------------------------

MB = 1024 * 1024


def _endless(request: Request, *, declared: bool) -> Script:
    """A 200 whose body is 200 MiB of JSON-ish bytes, declared or chunked."""
    chunk = b" " * MB
    if declared:
        yield response(200, b"", send_headers(request), length=False).replace(
            b"\r\n\r\n", f"\r\nContent-Length: {200 * MB}\r\n\r\n".encode(), 1
        )
        for _ in range(200):
            yield chunk
    else:
        yield response(200, b"", [("Transfer-Encoding", "chunked")], length=False)
        for _ in range(200):
            yield f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
        yield b"0\r\n\r\n"


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
async def test_a_huge_answer_to_a_small_send_is_stopped_after_a_few_megabytes(
    transport: Transport, declared: bool
) -> None:
    with serving(lambda request: _endless(request, declared=declared)) as server:
        async with client_for(server.url, transport) as client:
            with pytest.raises(APIResponseValidationError) as caught:
                await client.send_sms(**SEND)
    assert "larger than the" in str(caught.value)
    assert "max_response_size" in str(caught.value)
    assert caught.value.maybe_sent  # a 200 to a send: it was performed
    assert caught.value.idempotency_id is not None
    assert len(server.requests) == 1  # not retried
    # Socket buffers take a few MB more than the client read; never the 200 MiB.
    await wait_until(lambda: server.open == 0, "the server to see the connection go")
    assert server.written < 40 * MB


async def test_the_cap_follows_the_request_and_max_response_size(
    served: Served, transport: Transport
) -> None:
    numbers = [f"+336{n:08d}" for n in range(2_000)]
    async with served.client(transport) as client:
        result = await client.send_sms(to=numbers, from_="InfoText", text="é" * 300)
        assert len(result.data) == 2_000  # legitimate and large: accepted
        with pytest.raises(APIResponseValidationError, match="larger than the 100 bytes"):
            await client.with_options(max_response_size=100).send_sms(**SEND)


async def test_an_error_body_past_the_cap_is_cut_and_keeps_its_status(transport: Transport) -> None:
    page = b"<html>" + b"<p>bad gateway</p>" * (600 * 1024)  # ~10 MiB

    with serving(lambda request: [response(502, page)]) as server:
        async with client_for(server.url, transport, max_retries=1) as client:
            with pytest.raises(ServerError) as caught:
                await client.send_sms(**SEND)
    assert caught.value.status_code == 502
    assert len(server.requests) == 2  # a 502 is retried, however long its page


async def test_compression_is_never_asked_for_and_a_gzip_bomb_is_refused_unopened(
    transport: Transport,
) -> None:
    bomb = gzip.compress(b" " * (300 * MB), compresslevel=9)

    def respond(request: Request) -> Script:
        return [response(200, bomb, [*send_headers(request), ("Content-Encoding", "gzip")])]

    with serving(respond) as server:
        async with client_for(server.url, transport) as client:
            with pytest.raises(APIResponseValidationError, match="came compressed") as caught:
                await client.send_sms(**SEND)
    assert caught.value.maybe_sent
    assert server.requests[0].headers.get("accept-encoding") == "identity"


# --- 9. timeout bounds the whole attempt ----------------------------------------------------


async def test_a_server_dripping_bytes_cannot_hold_an_attempt_past_its_timeout(
    transport: Transport,
) -> None:
    def drip(request: Request) -> Script:
        head = b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n"
        for byte in head + b" " * 1000:
            yield 0.05
            yield bytes([byte])

    with serving(drip) as server:
        async with client_for(server.url, transport, timeout=1, max_retries=1) as client:
            started = time.monotonic()
            with pytest.raises(APITimeoutError) as caught:
                await client.send_sms(**SEND)
            took = time.monotonic() - started
    assert took < 6  # two attempts of at most 1 s each, and the backoff (off here)
    assert "took longer than 1.0s" in str(caught.value)
    assert caught.value.maybe_sent
    assert len(server.requests) == 2


def test_the_default_settings_bound_every_attempt() -> None:
    client = AsyncSmsClient(api_key="k")
    assert client._options.attempt_bound == 60.0
    assert client.retry_policy.max_retries == 2
    assert client.retry_policy.max_rate_limit_wait == 60.0


# --- 10. idempotency ids: one canonical form ---------------------------------------------------

ID = "0b57f5bc-5ce0-4b1b-9a3c-e6a0b47f0d1f"


@pytest.mark.parametrize(
    "given",
    [
        f"urn:uuid:{ID}",
        "{" + ID + "}",
        ID.replace("-", ""),
        ID[:10] + "-" + ID[10:],
        ID + "-" * 100_000,
        "-".join(ID.replace("-", "")),
        "00000000-0000-0000-0000-000000000000",  # no version
        str(uuid.UUID(ID, version=4)).replace("-4b1b-", "-8b1b-"),  # version 8
        12345,
    ],
    ids=lambda value: repr(value)[:30],
)
async def test_an_idempotency_id_in_any_other_form_is_refused_before_sending(
    served: Served, transport: Transport, given: object
) -> None:
    async with served.client(transport) as client:
        with pytest.raises(ValidationError) as caught:
            await client.send_sms(**SEND, idempotency_id=given)  # type: ignore[arg-type]
    assert caught.value.field == "idempotencyId"
    assert served.log.ids() == []


@pytest.mark.parametrize("given", [ID.upper(), uuid.UUID(ID), ID], ids=["upper", "UUID", "lower"])
async def test_an_idempotency_id_is_sent_in_canonical_form(
    served: Served, transport: Transport, given: object
) -> None:
    async with served.client(transport) as client:
        result = await client.send_sms(**SEND, idempotency_id=given)  # type: ignore[arg-type]
    assert result.idempotency_id == ID
    assert served.log.ids() == [ID]


async def test_the_emulator_bills_the_same_uuid_in_two_cases_once(anyio_backend: str) -> None:
    emulator = Emulator()
    async with emulator.client() as client:
        await client._pipeline.http.post(  # raw, past the client's canonical form
            f"{client.base_url}/sms",
            json={
                "to": ["+33612345678"],
                "from": "InfoText",
                "text": "Hi",
                "idempotencyId": ID.upper(),
            },
            headers={"X-API-KEY": emulator.api_key},
        )
        await client.send_sms(**SEND, idempotency_id=ID)
    assert len(emulator.ledger.sends()) == 1


# --- 11. text that is not Unicode -------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "wire"),
    [
        ({"text": "Hi \udcff there"}, "text"),
        ({"from_": "Info\ud800"}, "from"),
        ({"to": ["+33612345678", "+3361234\udc00"]}, "to"),
    ],
)
@pytest.mark.parametrize("codec", ["orjson", "stdlib"])
async def test_a_lone_surrogate_is_a_validation_error_naming_the_field(
    served: Served,
    transport: Transport,
    fields: dict[str, Any],
    wire: str,
    codec: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if codec == "stdlib":
        from smscx import _convert

        monkeypatch.setattr(
            _convert,
            "dumps",
            lambda obj: json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode(),
        )
    async with served.client(transport) as client:
        with pytest.raises(ValidationError) as caught:
            await client.send_sms(**{**SEND, **fields})
    assert caught.value.field == wire
    assert served.log.ids() == []


# --- 14. SmsClient first used in an atexit handler ------------------------------------------


def test_the_blocking_client_works_in_an_atexit_handler() -> None:
    script = textwrap.dedent(
        """
        import atexit
        from smscx import SmsClient
        from smscx.testing import Emulator

        emulator = Emulator()
        served = emulator.serve_sync()
        url = served.__enter__()

        def at_exit():
            with SmsClient(api_key=emulator.api_key, base_url=url) as client:
                result = client.send_sms(to=["+33612345678"], from_="Shop", text="Hi")
                print("sent", result.info.total_cost)
            served.__exit__(None, None, None)

        atexit.register(at_exit)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "sent 0.065" in done.stdout
    assert "Traceback" not in done.stderr


# --- 15. proxies and the trust store, the same on every transport ----------------------------


@pytest.fixture
def no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


async def test_proxy_carries_an_http_request_in_absolute_form(
    served: Served, transport: Transport, no_proxy_env: None
) -> None:
    with RecordingProxy() as proxy:
        async with served.client(transport, proxy=proxy.url) as client:
            await client.send_sms(**SEND)
    assert proxy.seen == [f"POST {served.url}/sms"]
    assert len(served.billed()) == 1


async def test_proxy_credentials_are_sent_to_the_proxy_and_shown_nowhere(
    served: Served, transport: Transport, no_proxy_env: None
) -> None:
    with RecordingProxy() as proxy:
        url = proxy.url.replace("http://", "http://user:PROXY_SECRET@")
        async with served.client(transport, proxy=url) as client:
            await client.send_sms(**SEND)
            assert "PROXY_SECRET" not in repr(client)
            assert "PROXY_SECRET" not in repr(client._pipeline._auto)
    assert proxy.authorization[0] is not None
    assert proxy.authorization[0].startswith("Basic ")


@pytest.mark.parametrize("spelling", ["HTTP_PROXY", "http_proxy", "ALL_PROXY"])
async def test_the_environments_proxy_is_followed_by_default(
    served: Served,
    transport: Transport,
    no_proxy_env: None,
    spelling: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with RecordingProxy() as proxy:
        monkeypatch.setenv(spelling, proxy.url)
        async with served.client(transport) as client:
            await client.send_sms(**SEND)
    assert proxy.seen == [f"POST {served.url}/sms"]


@pytest.mark.parametrize("exempt", ["127.0.0.1", "*", "localhost,127.0.0.0/8", "127.0.0.1:{port}"])
async def test_no_proxy_exempts_a_host(
    served: Served,
    transport: Transport,
    no_proxy_env: None,
    exempt: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with RecordingProxy() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        monkeypatch.setenv("NO_PROXY", exempt.format(port=httpx.URL(served.url).port))
        async with served.client(transport) as client:
            await client.send_sms(**SEND)
    assert proxy.seen == []


async def test_trust_env_false_ignores_the_environment(
    served: Served, transport: Transport, no_proxy_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    with RecordingProxy() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        async with served.client(transport, trust_env=False) as client:
            await client.send_sms(**SEND)
    assert proxy.seen == []


def test_an_unsupported_proxy_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="http:// or https://"):
        AsyncSmsClient(api_key="k", proxy="socks5://127.0.0.1:1080")
    with pytest.raises(ConfigurationError, match="your own http_client"):
        AsyncSmsClient(api_key="k", proxy="http://127.0.0.1:3128", http_client=httpx.AsyncClient())


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls_server(ca: trustme.CA) -> Iterator[str]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)

    def respond(request: Request) -> Script:
        return [response(200, send_body(request), send_headers(request))]

    with serving(respond, tls=context) as server:
        yield server.url


@pytest.fixture
def ca_file(ca: trustme.CA, tmp_path: Path) -> str:
    path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


async def test_an_https_target_goes_through_a_connect_tunnel(
    tls_server: str, ca_file: str, transport: Transport, no_proxy_env: None
) -> None:
    with RecordingProxy() as proxy:
        verify = ssl.create_default_context(cafile=ca_file)
        url = proxy.url.replace("http://", "http://user:PROXY_SECRET@")
        async with client_for(tls_server, transport, proxy=url, verify=verify) as client:
            result = await client.send_sms(**SEND)
    assert result.info.total_cost == 0.05
    assert proxy.seen == [f"CONNECT {tls_server.removeprefix('https://')}"]
    assert proxy.authorization[0] is not None  # the tunnel's request carries them
    assert proxy.authorization[0].startswith("Basic ")


async def test_ssl_cert_file_is_the_trust_store_on_every_transport(
    tls_server: str,
    ca_file: str,
    transport: Transport,
    no_proxy_env: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with client_for(tls_server, transport, max_retries=0) as client:
        with pytest.raises(APIConnectionError):  # the test CA is trusted by nobody yet
            await client.send_sms(**SEND)
    monkeypatch.setenv("SSL_CERT_FILE", ca_file)
    async with client_for(tls_server, transport) as client:
        result = await client.send_sms(**SEND)
    assert result.info.total_cost == 0.05
    async with client_for(tls_server, transport, max_retries=0, trust_env=False) as client:
        with pytest.raises(APIConnectionError):  # trust_env=False: the environment is not read
            await client.send_sms(**SEND)
