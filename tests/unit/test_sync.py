"""SmsClient: the blocking face, its background loop, threads, fork and interruption."""

from __future__ import annotations

import asyncio
import gc
import json
import os
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import anyio
import httpx
import pytest

from smscx import (
    ClientClosedError,
    ReentrantCallError,
    RetryPolicy,
    SendSmsMessageResponse,
    ServerError,
    SmsClient,
    _sync,
)
from tests.helpers import API_KEY, BASE_URL, data_body, info_body, send_response

SEND: dict[str, Any] = {"to": ["+33612345678"], "from_": "InfoText", "text": "Hi"}


def echo_number(request: httpx.Request) -> httpx.Response:
    """Answer with the number that was sent, so crossed results would show."""
    number = json.loads(request.content)["to"][0]
    return httpx.Response(
        200, json={"info": info_body(), "data": [data_body(to=number)]}, headers={}
    )


def portal_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "smscx-portal"]


@pytest.fixture
def make_sync() -> Iterator[Callable[..., SmsClient]]:
    made: list[SmsClient] = []

    def build(handler: Callable[[httpx.Request], Any], **options: Any) -> SmsClient:
        client = SmsClient(
            api_key=API_KEY,
            base_url=BASE_URL,
            retry_policy=RetryPolicy(wait=False),
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
            **options,
        )
        made.append(client)
        return client

    yield build
    for client in made:
        client.close()


def test_a_blocking_send_returns_the_same_models(make_sync: Callable[..., SmsClient]) -> None:
    client = make_sync(send_response)
    result = client.send_sms(**SEND)
    assert isinstance(result, SendSmsMessageResponse)
    assert result.data[0].to == "+33612345678"
    assert result.idempotency_id is not None


def test_the_loop_starts_lazily_and_close_leaves_no_thread(
    make_sync: Callable[..., SmsClient],
) -> None:
    before = len(portal_threads())
    client = make_sync(send_response)
    assert len(portal_threads()) == before
    client.send_sms(**SEND)
    assert len(portal_threads()) == before + 1
    client.close()
    client.close()  # idempotent
    assert len(portal_threads()) == before


def test_a_closed_client_refuses_calls(make_sync: Callable[..., SmsClient]) -> None:
    client = make_sync(send_response)
    client.close()
    with pytest.raises(ClientClosedError, match="closed"):
        client.send_sms(**SEND)


def test_the_context_manager_closes(make_sync: Callable[..., SmsClient]) -> None:
    before = len(portal_threads())
    with make_sync(send_response) as client:
        client.estimate_sms(**SEND)
    assert len(portal_threads()) == before


def test_a_forgotten_client_stops_its_thread_when_collected(
    make_sync: Callable[..., SmsClient],
) -> None:
    before = len(portal_threads())
    client = SmsClient(
        api_key=API_KEY,
        base_url=BASE_URL,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(send_response)),
    )
    client.send_sms(**SEND)
    del client
    gc.collect()
    assert len(portal_threads()) == before


def test_32_threads_sharing_one_client_get_their_own_results(
    make_sync: Callable[..., SmsClient],
) -> None:
    client = make_sync(echo_number)

    def send(n: int) -> tuple[str, str]:
        number = f"+3361234{n:04d}"
        result = client.send_sms(to=[number], from_="InfoText", text="Hi")
        return number, result.data[0].to

    with ThreadPoolExecutor(max_workers=32) as pool:
        pairs = list(pool.map(send, range(1000)))
    assert len(pairs) == 1000
    assert all(sent == got for sent, got in pairs)


def test_calling_from_the_clients_own_loop_raises_instead_of_deadlocking(
    make_sync: Callable[..., SmsClient],
) -> None:
    holder: list[SmsClient] = []

    def reenter(request: httpx.Request) -> httpx.Response:
        # This handler runs on the client's own loop thread.
        holder[0].estimate_sms(**SEND)
        raise AssertionError("unreachable")

    holder.append(make_sync(reenter))
    with pytest.raises(ReentrantCallError, match="AsyncSmsClient"):
        holder[0].estimate_sms(**SEND)


def test_works_from_a_thread_that_runs_its_own_event_loop(
    make_sync: Callable[..., SmsClient],
) -> None:
    client = make_sync(send_response)

    async def notebook_cell() -> str:
        return client.send_sms(**SEND).data[0].msg_id

    assert anyio.run(notebook_cell) == "3328fe13-2b99-4282-b62e-d891f5e452a8"


def test_the_background_loop_can_be_trio(make_sync: Callable[..., SmsClient]) -> None:
    client = make_sync(send_response)
    client.backend = "trio"
    assert client.send_sms(**SEND).attempts == 1


def test_keyboard_interrupt_cancels_the_call_and_the_client_keeps_working(
    make_sync: Callable[..., SmsClient],
) -> None:
    cancelled = threading.Event()
    calls: list[str] = []

    async def slow_then_fast(request: httpx.Request) -> httpx.Response:
        calls.append("call")
        if len(calls) == 1:
            try:
                await anyio.sleep(60)
            except anyio.get_cancelled_exc_class():
                cancelled.set()
                raise
        return send_response(request)

    client = make_sync(slow_then_fast)
    # A real SIGINT, as Ctrl-C sends: it interrupts the blocked wait in the main thread.
    # Python's own handler for the test's duration: a shell starts background jobs with
    # SIGINT ignored, and then no KeyboardInterrupt would ever come.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    timer = threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGINT))
    try:
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            client.estimate_sms(**SEND)
        timer.join()
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, previous)
    assert cancelled.wait(timeout=30), "the interrupted call kept running on the loop"
    assert client.estimate_sms(**SEND).attempts == 1


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_client_created_before_fork_works_in_the_child(
    make_sync: Callable[..., SmsClient],
) -> None:
    client = make_sync(send_response)
    client.send_sms(**SEND)  # the parent's loop thread is running
    pid = os.fork()
    if pid == 0:  # the child: no loop thread survived the fork
        code = 1
        try:
            result = client.send_sms(**SEND)
            code = 0 if result.attempts == 1 else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert client.send_sms(**SEND).attempts == 1  # the parent is unaffected


def test_with_options_gives_a_copy_that_shares_the_loop(
    make_sync: Callable[..., SmsClient],
) -> None:
    recorder: list[httpx.Request] = []

    def failing(request: httpx.Request) -> httpx.Response:
        recorder.append(request)
        return httpx.Response(503, json={"error": {"type": "x", "code": 0, "message": "m"}})

    client = make_sync(failing)
    copy = client.with_options(max_retries=0, timeout=3)
    assert (copy.retry_policy.max_retries, copy.timeout) == (0, httpx.Timeout(3))
    assert client.retry_policy.max_retries == 2
    with pytest.raises(ServerError):
        copy.estimate_sms(**SEND)
    assert len(recorder) == 1
    copy.close()  # a no-op: the original owns the loop
    with pytest.raises(ServerError):
        client.estimate_sms(**SEND)
    assert len(recorder) == 4
    threads = len(portal_threads())
    client.close()
    assert len(portal_threads()) == threads - 1
    with pytest.raises(ClientClosedError):
        copy.estimate_sms(**SEND)  # closed with its original, and no new thread started
    assert len(portal_threads()) == threads - 1


def test_closing_while_a_call_runs_ends_it_with_client_closed_error(
    make_sync: Callable[..., SmsClient],
) -> None:
    started = threading.Event()

    async def never_answers(request: httpx.Request) -> httpx.Response:
        started.set()
        await anyio.sleep(60)
        raise AssertionError("unreachable")

    client = make_sync(never_answers)
    with ThreadPoolExecutor(1) as pool:
        pending = pool.submit(client.estimate_sms, **SEND)
        assert started.wait(timeout=30)
        client.close()
        with pytest.raises(ClientClosedError, match="closed while the call ran"):
            pending.result(timeout=30)
    assert portal_threads() == []


def _loop_module(client: SmsClient) -> str:
    client.send_sms(**SEND)  # starts the background loop
    loop = client._state["loop"]
    assert loop is not None
    assert loop.asyncio_loop is not None
    return type(loop.asyncio_loop).__module__


def test_the_background_loop_is_uvloops_when_installed(
    make_sync: Callable[..., SmsClient],
) -> None:
    pytest.importorskip("uvloop")
    assert _loop_module(make_sync(send_response)).startswith("uvloop")


def test_uvloop_false_keeps_the_standard_librarys_loop(
    make_sync: Callable[..., SmsClient],
) -> None:
    client = make_sync(send_response)
    client.uvloop = False
    assert _loop_module(client).startswith("asyncio")


def test_a_call_handed_to_a_loop_whose_thread_ended_does_not_wait_forever(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The race this covers: close() stops the loop just as another thread hands it a call.
    monkeypatch.setattr(_sync, "_LIVENESS_CHECK", 0.01)
    loop = asyncio.new_event_loop()
    ended = threading.Thread(target=lambda: None)
    ended.start()
    ended.join()

    async def never_run() -> None:
        raise AssertionError("unreachable")

    try:
        with pytest.raises(ClientClosedError):
            _sync._hand_over(loop, ended, never_run())
    finally:
        loop.close()


# --- called from inside an event loop -------------------------------------------------------


@pytest.mark.parametrize("runner", ["asyncio.run", "trio.run", "anyio-trio", "anyio-asyncio"])
@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_it_works_inside_any_event_loop_and_warns_once(
    make_sync: Callable[..., SmsClient], runner: str, backend: str
) -> None:
    # From inside a trio run, the loop thread's task used to inherit the caller's "current
    # async library" (trio), and the trio backend's portal refused a caller in a trio run.
    import warnings

    import trio

    client = make_sync(send_response)
    client.backend = backend
    results: list[float] = []

    async def main() -> None:
        for _ in range(2):
            results.append(
                client.send_sms(to="+33612345678", from_="InfoText", text="Hi").info.total_cost
            )

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if runner == "asyncio.run":
            asyncio.run(main())
        elif runner == "trio.run":
            trio.run(main)
        else:
            anyio.run(main, backend=runner.removeprefix("anyio-"))
    assert results == [0.05, 0.05]
    ours = [w for w in caught if issubclass(w.category, RuntimeWarning)]
    assert len(ours) == 1, [str(w.message) for w in caught]
    assert "await AsyncSmsClient instead" in str(ours[0].message)
    assert ours[0].filename == __file__  # it points at the caller's line


def test_no_warning_from_a_plain_thread(make_sync: Callable[..., SmsClient]) -> None:
    import warnings

    client = make_sync(send_response)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client.send_sms(to="+33612345678", from_="InfoText", text="Hi")
