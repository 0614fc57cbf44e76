"""SmsClient: the blocking face, its loop thread, threads, fork, interruption and closing."""

from __future__ import annotations

import asyncio
import gc
import json
import os
import signal
import subprocess
import sys
import textwrap
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
    _blocking,
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


def test_a_forgotten_client_lets_the_interpreter_exit_promptly_and_quietly() -> None:
    # Its thread is a daemon, and its finalizer closes it at exit. The host name is resolved
    # in the loop's default executor, which Python 3.12 cannot shut down at exit (it starts
    # no thread then): that must not print a traceback.
    script = textwrap.dedent(
        """
        import atexit
        from smscx import SmsClient
        from smscx.testing import Emulator

        emulator = Emulator()
        served = emulator.serve_sync()
        url = served.__enter__().replace("127.0.0.1", "localhost")
        atexit.register(served.__exit__, None, None, None)
        client = SmsClient(api_key=emulator.api_key, base_url=url)
        result = client.send_sms(to=["+33612345678"], from_="Shop", text="Hi")
        print("sent", result.info.total_cost)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "sent 0.065" in done.stdout
    assert "Traceback" not in done.stderr, done.stderr


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

    with pytest.warns(RuntimeWarning, match="await AsyncSmsClient instead"):
        assert anyio.run(notebook_cell) == "3328fe13-2b99-4282-b62e-d891f5e452a8"


def test_the_background_loop_can_be_trio(make_sync: Callable[..., SmsClient]) -> None:
    client = make_sync(send_response)
    client.backend = "trio"
    assert client.send_sms(**SEND).attempts == 1


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_keyboard_interrupt_cancels_the_call_and_the_client_keeps_working(
    make_sync: Callable[..., SmsClient], backend: str
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
    client.backend = backend
    # A real SIGINT, as Ctrl-C sends: it interrupts the blocked wait in the main thread.
    # Python's own handler for the test's duration: a shell starts background jobs with
    # SIGINT ignored, and then no KeyboardInterrupt would ever come.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    timer = threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGINT))
    try:
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            client.estimate_sms(**SEND)
        # Raised once the call has unwound on the loop, not before.
        assert cancelled.is_set(), "the interrupt came before the call was cancelled"
        timer.join()
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, previous)
    assert client.estimate_sms(**SEND).attempts == 1


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
# Forking a process with threads is the case under test (Gunicorn forks workers of an app
# that already made its client): Python 3.12+ warns of it, rightly in general.
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
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


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_closing_while_a_call_runs_ends_it_with_client_closed_error(
    make_sync: Callable[..., SmsClient], backend: str
) -> None:
    started = threading.Event()

    async def never_answers(request: httpx.Request) -> httpx.Response:
        started.set()
        await anyio.sleep(60)
        raise AssertionError("unreachable")

    client = make_sync(never_answers)
    client.backend = backend
    with ThreadPoolExecutor(1) as pool:
        pending = pool.submit(client.estimate_sms, **SEND)
        assert started.wait(timeout=30)
        client.close()
        with pytest.raises(ClientClosedError, match="closed while the call ran"):
            pending.result(timeout=30)
    assert portal_threads() == []


def _loop_module(make_sync: Callable[..., SmsClient], uvloop: bool | None = None) -> str:
    """The module of the event loop a call runs on."""
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(type(asyncio.get_running_loop()).__module__)
        return send_response(request)

    client = make_sync(handler)
    if uvloop is not None:
        client.uvloop = uvloop
    client.send_sms(**SEND)
    return seen[0]


def test_uvloop_true_runs_the_loop_on_uvloop_when_installed(
    make_sync: Callable[..., SmsClient],
) -> None:
    pytest.importorskip("uvloop")
    assert _loop_module(make_sync, uvloop=True).startswith("uvloop")


def test_the_default_loop_is_the_standard_librarys(
    make_sync: Callable[..., SmsClient],
) -> None:
    assert SmsClient.uvloop is False
    assert _loop_module(make_sync).startswith("asyncio")


def test_the_default_loop_stays_the_standard_librarys_under_uvloops_policy(
    make_sync: Callable[..., SmsClient],
) -> None:
    uvloop = pytest.importorskip("uvloop")
    previous = asyncio.get_event_loop_policy()
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())  # what uvloop.install() does
    try:
        assert _loop_module(make_sync).startswith("asyncio")
    finally:
        asyncio.set_event_loop_policy(previous)


def test_a_call_handed_to_a_loop_whose_thread_ended_does_not_wait_forever(
    make_sync: Callable[..., SmsClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The race this covers: close() ends the loop's thread just as another thread hands the
    # loop a call, which then never starts (here: the hand-over is dropped, and the loop's
    # thread is said to have ended).
    client = make_sync(send_response)
    client.send_sms(**SEND)
    loop = client._shared.loop
    assert loop is not None
    ended = threading.Thread(target=lambda: None)
    ended.start()
    ended.join()
    monkeypatch.setattr(_blocking, "_LIVENESS_CHECK", 0.01)
    monkeypatch.setattr(loop, "thread", ended)
    monkeypatch.setattr(loop, "_soon", lambda start, call, **kw: call.coroutine.close())
    with pytest.raises(ClientClosedError, match="closed while the call ran"):
        client.send_sms(**SEND)


# --- threads ---------------------------------------------------------------------------


def test_every_call_runs_on_the_clients_own_loop_thread(
    make_sync: Callable[..., SmsClient],
) -> None:
    seen: list[tuple[str, int]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((threading.current_thread().name, id(asyncio.get_running_loop())))
        return send_response(request)

    client = make_sync(handler)
    client.send_sms(**SEND)
    worker = threading.Thread(target=client.send_sms, kwargs=SEND, name="worker")
    worker.start()
    worker.join()
    assert [name for name, _ in seen] == ["smscx-portal", "smscx-portal"]
    assert seen[0][1] == seen[1][1]  # one loop, so one pool and one rate-limit gate


class Held:
    """A handler whose calls, one per number, each wait until the test lets them answer
    (another number is answered at once)."""

    def __init__(self, *numbers: str) -> None:
        self.arrived = {n: threading.Event() for n in numbers}
        self.answer = {n: threading.Event() for n in numbers}
        self.answered_in: dict[str, str] = {}

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        number = json.loads(request.content)["to"][0]
        if number not in self.arrived:
            return echo_number(request)
        self.arrived[number].set()
        # A threading.Event, set by the test's thread: polled, the loop stays free meanwhile.
        while not self.answer[number].is_set():  # noqa: ASYNC110
            await anyio.sleep(0.005)
        self.answered_in[number] = threading.current_thread().name
        return echo_number(request)


def warmed(make_sync: Callable[..., SmsClient], handler: Any) -> SmsClient:
    """A client that has made its first call: that one is the rate-limit window's probe,
    which goes alone, and the tests that follow need calls to overlap."""
    client = make_sync(handler)
    client.send_sms(**SEND)
    return client


def test_calls_from_several_threads_run_at_once_and_each_returns_when_its_own_ends(
    make_sync: Callable[..., SmsClient],
) -> None:
    held = Held("+33612340001", "+33612340002")
    client = warmed(make_sync, held)
    results: dict[str, str] = {}

    def send(number: str) -> None:
        results[number] = client.send_sms(**{**SEND, "to": [number]}).data[0].to

    first = threading.Thread(target=send, args=("+33612340001",), name="first")
    first.start()
    assert held.arrived["+33612340001"].wait(timeout=30)
    second = threading.Thread(target=send, args=("+33612340002",), name="second")
    second.start()
    assert held.arrived["+33612340002"].wait(timeout=30)  # both in flight on the one loop
    held.answer["+33612340001"].set()
    first.join(timeout=30)
    assert not first.is_alive(), "a thread waited for a call that was not its own"
    assert second.is_alive()
    held.answer["+33612340002"].set()
    second.join(timeout=30)
    assert results == {"+33612340001": "+33612340001", "+33612340002": "+33612340002"}
    assert held.answered_in == {"+33612340001": "smscx-portal", "+33612340002": "smscx-portal"}


@pytest.fixture
def python_sigint() -> Iterator[None]:
    """Python's own SIGINT handler for the test (a shell starts background jobs with SIGINT
    ignored, and then no KeyboardInterrupt would ever come)."""
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signal handlers belong to the main thread")
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def test_a_call_in_the_main_thread_leaves_pythons_sigint_handler_in_place(
    make_sync: Callable[..., SmsClient], python_sigint: None
) -> None:
    # The loop runs in its own thread: Ctrl-C lands in the caller's wait, and no handler
    # needs swapping for the call's length.
    seen: list[Any] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(signal.getsignal(signal.SIGINT))
        return send_response(request)

    client = make_sync(handler)
    client.send_sms(**SEND)
    assert seen == [signal.default_int_handler]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_main_thread_with_a_sigint_handler_of_its_own_keeps_it(
    make_sync: Callable[..., SmsClient], python_sigint: None
) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(threading.current_thread().name)
        return send_response(request)

    def mine(signum: int, frame: Any) -> None:
        pass

    client = make_sync(handler)
    signal.signal(signal.SIGINT, mine)
    client.send_sms(**SEND)
    assert signal.getsignal(signal.SIGINT) is mine
    assert seen == ["smscx-portal"]


class Stop(Exception):
    """What the test's own signal handler raises."""


@pytest.mark.skipif(not hasattr(signal, "SIGUSR1"), reason="needs SIGUSR1")
def test_a_signal_handler_that_raises_mid_call_ends_the_call_and_the_client_goes_on(
    make_sync: Callable[..., SmsClient], python_sigint: None
) -> None:
    # Not SIGINT: a handler of the caller's for another signal runs where the main thread
    # is, here in the call's wait. The call is cancelled on the loop and the handler's
    # exception goes on; the loop is not lost.
    held = Held("+33612340001")
    client = warmed(make_sync, held)

    def stop(signum: int, frame: Any) -> None:
        raise Stop

    previous = signal.signal(signal.SIGUSR1, stop)
    timer = threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGUSR1))
    timer.start()
    try:
        with pytest.raises(Stop):
            client.send_sms(**{**SEND, "to": ["+33612340001"]})
    finally:
        timer.cancel()
        signal.signal(signal.SIGUSR1, previous)
    assert client.send_sms(**SEND).attempts == 1
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_keyboard_interrupt_cancels_only_the_interrupted_call(
    make_sync: Callable[..., SmsClient], python_sigint: None
) -> None:
    held = Held("+33612340001", "+33612340002")
    cancelled = threading.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        try:
            return await held(request)
        except anyio.get_cancelled_exc_class():
            cancelled.set()
            raise

    client = warmed(make_sync, handler)
    results: list[str] = []
    first = threading.Thread(
        target=lambda: results.append(
            client.send_sms(**{**SEND, "to": ["+33612340001"]}).data[0].to
        ),
        name="first",
    )
    first.start()
    assert held.arrived["+33612340001"].wait(timeout=30)
    timer = threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            client.send_sms(**{**SEND, "to": ["+33612340002"]})  # while first's call runs
        assert cancelled.is_set(), "the interrupted call kept running on the loop"
    finally:
        timer.cancel()
        held.answer["+33612340001"].set()
        first.join(timeout=30)
    assert results == ["+33612340001"]  # the other thread's call was left alone
    assert client.send_sms(**{**SEND, "to": ["+33612340001"]}).attempts == 1


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


def test_no_warning_in_a_jupyter_notebook_whose_cell_runs_on_the_kernels_loop(
    make_sync: Callable[..., SmsClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A notebook cell runs on ipykernel's asyncio loop; blocking it is what a cell does.
    import types
    import warnings

    monkeypatch.setitem(sys.modules, "ipykernel", types.ModuleType("ipykernel"))
    client = make_sync(send_response)

    async def cell() -> float:
        return client.send_sms(to="+33612345678", from_="InfoText", text="Hi").info.total_cost

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert asyncio.run(cell()) == 0.05


def test_no_warning_from_a_plain_thread(make_sync: Callable[..., SmsClient]) -> None:
    import warnings

    client = make_sync(send_response)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client.send_sms(to="+33612345678", from_="InfoText", text="Hi")


def test_a_misspelt_keyword_names_the_class_the_caller_used() -> None:
    with pytest.raises(
        TypeError, match=r"^SmsClient\(\) got an unexpected keyword argument 'api_kee'"
    ):
        SmsClient(api_kee="k")  # type: ignore[call-arg]
