"""``SmsClient``: the blocking face of ``AsyncSmsClient``, derived, not rewritten.

Each ``SmsClient`` owns one event loop with an ``AsyncSmsClient`` on it, run for the client's
whole life by a daemon thread of its own (``smscx-portal``): every calling thread shares one
connection pool and rate-limit gate. A blocking method makes the async method's coroutine in
the caller's thread (bad arguments fail there), hands it to the loop, and waits.

The shape is anyio's ``start_blocking_portal``: a loop started by ``anyio.run`` (asyncio,
uvloop or trio) in a thread of its own, reached through its public thread-safe entry point
(``loop.call_soon_threadsafe``, ``TrioToken.run_sync_soon``), where the call's task starts;
the caller waits on a lock the task's end releases. Not ``BlockingPortal`` itself: its
``call`` waits twice (for the spawn, then the result), past 1.4x the instructions of an
awaited call where one hand-over costs 1.2x (docs/performance.md, "The blocking face"); on
trio it goes through ``trio.from_thread``, which refuses a caller inside a trio run; and
``start_blocking_portal``'s thread is no daemon: a forgotten client would hang exit.

Traps: after ``os.fork()`` the child's first call starts a fresh loop and pool, and the
parent's loop is kept, never closed; a call from code the client's own loop runs raises
:class:`~smscx.ReentrantCallError` rather than wait for itself; Ctrl-C lands in the caller's
wait, never in the loop's work, and cancels the call on the loop before it goes on; Python
3.12 starts no thread at interpreter shutdown (``atexit``): calls then run in the caller's.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import contextvars
import functools
import os
import sys
import threading
import warnings
import weakref
from collections.abc import Callable, Coroutine
from typing import Any, Concatenate, ParamSpec, TypeVar

import anyio
import anyio.abc
import httpx

from ._client import AsyncSmsClient
from ._migration import unexpected_argument
from ._retry import RetryPolicy
from .api import (
    BlockingAccountApi,
    BlockingApplicationsApi,
    BlockingAttachmentsApi,
    BlockingConversationsApi,
    BlockingGroupsApi,
    BlockingMultichannelApi,
    BlockingNumbersApi,
    BlockingOauthApi,
    BlockingOptoutsApi,
    BlockingOriginatorsApi,
    BlockingOtpApi,
    BlockingReportsApi,
    BlockingShortlinksApi,
    BlockingSmsApi,
    BlockingTemplatesApi,
    BlockingViberApi,
    BlockingWhatsappApi,
)
from .api._registry import Attached
from .errors import ClientClosedError, ConfigurationError, ReentrantCallError

__all__ = ["SmsClient"]

P = ParamSpec("P")
R = TypeVar("R")

#: How often (seconds) a waiting caller checks that the loop's thread still runs: a call
#: handed over just as the client closed may never start, and must not wait forever.
_LIVENESS_CHECK = 1.0


class _Call:
    """One blocking call: its coroutine, the lock its caller waits on, and what became of it
    (on asyncio its task says; on trio its task writes it here)."""

    __slots__ = ("coroutine", "done", "error", "returned", "scope", "task", "value")

    def __init__(self, coroutine: Coroutine[Any, Any, Any]) -> None:
        self.coroutine = coroutine
        self.done = threading.Lock()
        self.done.acquire()  # released on the loop when the call has ended
        self.task: asyncio.Task[Any] | None = None
        self.scope: anyio.CancelScope | None = None
        self.error: BaseException | None = None
        self.returned = False
        self.value: Any = None

    def cancel(self) -> None:
        """On the loop: the caller was interrupted (Ctrl-C)."""
        if self.task is not None:
            self.task.cancel()
        elif self.scope is not None:
            self.scope.cancel()

    def outcome(self) -> Any:
        """In the caller's thread, once done: the value, or the exception raised."""
        if self.task is not None and not self.task.cancelled():
            return self.task.result()
        if self.error is not None:
            raise self.error
        if self.returned:
            return self.value
        # Cancelled or never started, and not by this caller (it re-raised its interrupt).
        raise ClientClosedError("This SmsClient was closed while the call ran.")


class _Loop:
    """The client's event loop in a daemon thread of its own, and the ``AsyncSmsClient`` on
    it. The thread sets ``_soon`` (how a call reaches the loop) and ``_stop_requested``."""

    _soon: Callable[..., object]
    _stop_requested: anyio.Event

    def __init__(self, client: AsyncSmsClient, backend: str, uvloop: bool) -> None:
        self.pid = os.getpid()
        self.client = client
        self.ident: int | None = None  # the loop thread's, once it runs
        self._create_task: Callable[..., asyncio.Task[Any]] | None = None  # asyncio only
        self._group: anyio.abc.TaskGroup | None = None  # where trio's calls run
        self._tasks: dict[asyncio.Task[Any], _Call] = {}  # asyncio's calls in flight
        self._runner: Any = None  # an asyncio.Runner, at interpreter shutdown (below)
        self._ready: concurrent.futures.Future[None] = concurrent.futures.Future()
        options = {"loop_factory": _loop_factory(uvloop)} if backend == "asyncio" else {}
        self.thread = threading.Thread(
            target=self._main, args=(backend, options), name="smscx-portal", daemon=True
        )
        try:
            self.thread.start()
        except RuntimeError:
            if sys.version_info >= (3, 12):
                # The interpreter is shutting down (a client first used in an atexit
                # handler) and starts no thread: the calls run on a loop in this thread.
                self._runner = asyncio.Runner(loop_factory=_standard_loop)
                return
            raise
        self._ready.result()  # the loop runs, or why it could not start is raised here

    def _main(self, backend: str, options: dict[str, Any]) -> None:
        try:
            anyio.run(self._serve, backend, backend=backend, backend_options=options)
        except BaseException as exc:
            if not self._ready.done():
                self._ready.set_exception(exc)
            elif not self._stop_requested.is_set():  # pragma: no cover  (tasks catch their own)
                raise  # threading.excepthook reports it; the callers' waits see the thread end
            # Else the client has closed, and the loop's own teardown failed: on Python 3.12
            # at exit (a forgotten client), the thread that shuts the default executor down.

    async def _serve(self, backend: str) -> None:
        """The loop's own task: open to calls until closing, then close the client."""
        if backend == "asyncio":
            loop = asyncio.get_running_loop()
            self._soon, self._create_task = loop.call_soon_threadsafe, loop.create_task
        else:
            import trio

            self._soon = trio.lowlevel.current_trio_token().run_sync_soon
        self._stop_requested = anyio.Event()
        self.ident = threading.get_ident()
        async with anyio.create_task_group() as self._group:
            self._ready.set_result(None)
            await self._stop_requested.wait()
            with anyio.CancelScope(shield=True):
                # The pipeline's calls end with ClientClosedError (maybe_sent, the idempotency
                # id), the connections close; what is left is cancelled.
                await self.client.aclose()
                for task in self._tasks:
                    task.cancel()
                if self._tasks:
                    await asyncio.wait(list(self._tasks))
            self._group.cancel_scope.cancel()  # trio's calls, the same way

    def call(self, coroutine: Coroutine[Any, Any, R]) -> R:
        """Run ``coroutine`` on the loop, and wait for its outcome in this thread."""
        if self._runner is not None:
            ran: R = self._runner.run(coroutine)
            return ran
        call = _Call(coroutine)
        try:
            if self._create_task is not None:
                self._soon(self._start, call, context=_loop_context())
            else:
                self._soon(self._start, call)
        except RuntimeError:  # the loop has ended
            coroutine.close()
            raise ClientClosedError("This SmsClient is closed.") from None
        try:
            self._wait(call)
        except ClientClosedError:
            raise
        except BaseException:
            # Ctrl-C, or a signal handler that raised: the call is cancelled on the loop, and
            # the interruption goes on once it has unwound (a second Ctrl-C does at once).
            with contextlib.suppress(RuntimeError):
                self._soon(call.cancel)
            self._wait(call)
            raise
        result: R = call.outcome()
        return result

    def _wait(self, call: _Call) -> None:
        while not call.done.acquire(timeout=_LIVENESS_CHECK):
            if not self.thread.is_alive():
                raise ClientClosedError("This SmsClient was closed while the call ran.")

    def _start(self, call: _Call) -> None:
        """On the loop: the call's task starts. On asyncio it copies the context this runs
        in, the caller's (see :func:`_loop_context`); on trio it joins the loop's group."""
        if self._stop_requested.is_set():  # closing has begun
            call.coroutine.close()  # never started (and no "never awaited" warning)
            call.done.release()
        elif self._create_task is not None:
            task = call.task = self._create_task(call.coroutine)
            self._tasks[task] = call
            task.add_done_callback(self._task_done)
        else:
            assert self._group is not None
            call.scope = anyio.CancelScope()  # cancellable before the task has started
            self._group.start_soon(self._run_in_group, call)

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.pop(task).done.release()

    @staticmethod
    async def _run_in_group(call: _Call) -> None:
        assert call.scope is not None
        try:
            with call.scope:
                call.value = await call.coroutine
                call.returned = True
        except anyio.get_cancelled_exc_class():
            raise  # the client is closing: never swallowed
        except BaseException as exc:  # raised in the caller's thread
            call.error = exc
        finally:
            call.done.release()

    def stop(self) -> None:
        """End the calls in flight, close the client and the loop, and join the thread."""
        if self._runner is not None:
            try:
                self._runner.run(self.client.aclose())
            finally:
                self._runner.close()
            return
        with contextlib.suppress(RuntimeError):  # the loop has ended already
            self._soon(self._stop_requested.set)
        if threading.get_ident() != self.ident:  # from the loop itself, it ends after this
            self.thread.join()


#: The platform's own loop, whatever event loop policy is installed (``asyncio.EventLoop`` is
#: Python 3.13+; the default policy, untouched there, is deprecated from 3.14).
_standard_loop: Callable[[], asyncio.AbstractEventLoop] = (
    getattr(asyncio, "EventLoop", None) or asyncio.DefaultEventLoopPolicy().new_event_loop
)


def _loop_factory(uvloop: bool) -> Callable[[], asyncio.AbstractEventLoop]:
    """uvloop's loop when asked for and installed, else the standard library's whatever the
    policy (``uvloop.install()`` would make asyncio's default uvloop's: the flag decides)."""
    if uvloop:
        try:
            import uvloop as uvloop_module
        except (ImportError, RuntimeError):
            pass  # not installed; or imported in an atexit handler, which refuses its hook
        else:
            return uvloop_module.new_event_loop
    return _standard_loop


try:
    from sniffio import current_async_library_cvar as _sniffio_library
except ImportError:  # pragma: no cover  (no sniffio, no trio: nothing to hide)
    _sniffio_library = None  # type: ignore[assignment]


def _loop_context() -> contextvars.Context | None:
    """The context a call's task starts in on the asyncio loop: the caller's (``None``: the
    copy ``call_soon_threadsafe`` makes), but not sniffio's "trio" of a caller inside a trio
    run, with which anyio would pick trio's primitives on our asyncio loop."""
    if _sniffio_library is None or _sniffio_library.get() is None:
        return None  # the common case: nothing to hide
    context = contextvars.copy_context()
    context.run(_sniffio_library.set, None)
    return context


def _in_a_notebook() -> bool:
    """Whether this is a Jupyter kernel, whose cells run on its event loop: there a blocking
    call freezing the loop is what the cell asked for, as any blocking code in a cell does,
    so it gets no warning."""
    return "ipykernel" in sys.modules


def _running_event_loop() -> str | None:
    """The event loop running in this thread ("asyncio", "trio"), or ``None``."""
    trio = sys.modules.get("trio")
    if trio is not None and trio.lowlevel.in_trio_run():
        return "trio"
    with contextlib.suppress(RuntimeError):
        return "asyncio" if asyncio.get_running_loop() else None
    return None


#: A parent's loops, in a child after ``os.fork()``: kept, never closed nor collected (which
#: closes them), which would take the parent's sockets out of the epoll set both share.
_LEFT_BEHIND: list[_Loop] = []


class _Shared:
    """What an ``SmsClient`` shares with its ``with_options`` copies: the loop, its lock,
    whether it was closed, and whether the running-loop warning was given."""

    __slots__ = ("_lock", "_pid", "closed", "loop", "warned")

    def __init__(self) -> None:
        self.loop: _Loop | None = None
        self.closed = self.warned = False
        self._lock, self._pid = threading.Lock(), os.getpid()

    def lock(self) -> threading.Lock:
        if self._pid != os.getpid():  # after fork it may be held by a thread not in the child
            self._lock, self._pid = threading.Lock(), os.getpid()
        return self._lock

    def stop(self) -> None:
        """The finalizer of the ``SmsClient`` (which it must not hold)."""
        loop, self.loop = self.loop, None
        if loop is not None and loop.pid == os.getpid():
            loop.stop()


def _blocking(
    method: Callable[Concatenate[AsyncSmsClient, P], Coroutine[Any, Any, R]],
) -> Callable[Concatenate[SmsClient, P], R]:
    """The blocking twin of an ``AsyncSmsClient`` method: same signature, same coroutine."""

    @functools.wraps(method)
    def call(self: SmsClient, /, *args: P.args, **kwargs: P.kwargs) -> R:
        return self._run(method, *args, **kwargs)

    call.__doc__ = f"Blocking :meth:`AsyncSmsClient.{method.__name__}`.\n\n{method.__doc__ or ''}"
    return call


def _arguments_of(
    cls: Callable[P, AsyncSmsClient],
) -> Callable[[Callable[..., None]], Callable[Concatenate[SmsClient, P], None]]:
    """Give ``SmsClient.__init__`` the constructor signature of ``AsyncSmsClient``: to type
    checkers (through ``P``) and to ``inspect.signature`` (through ``__wrapped__``)."""

    def adopt(init: Callable[..., None]) -> Callable[Concatenate[SmsClient, P], None]:
        functools.update_wrapper(init, AsyncSmsClient.__init__, assigned=(), updated=())
        return init

    return adopt


class SmsClient:
    """The SMS.CX API from blocking code: the same methods as :class:`AsyncSmsClient`.

    ::

        with SmsClient(api_key="...") as client:
            result = client.send_sms(to=["+33612345678"], from_="InfoText", text="Hi")

    Takes the same arguments as :class:`AsyncSmsClient` (checked here, at once). Its loop
    and thread start on first use; ``close()`` ends them. Safe to share between threads, in
    a child after ``os.fork()`` and from a thread running an event loop (Jupyter). See
    docs/sync.md.
    """

    #: The client's loop: "asyncio" or "trio" (set on the class or instance before first use).
    backend = "asyncio"
    #: On asyncio, run the client's loop on uvloop's when uvloop is installed.
    uvloop = False

    @_arguments_of(AsyncSmsClient)
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Bad arguments fail here, at once. Nothing in it is bound to a loop until first use,
        # so the client's loop adopts it; a child after fork builds its own.
        try:
            self._template = AsyncSmsClient(*args, **kwargs)
        except ConfigurationError as exc:
            refused = exc.message
            del args, kwargs  # the credentials, out of this frame's locals (see _client)
            raise ConfigurationError(refused) from None
        except TypeError as exc:  # a misspelt keyword: named as the caller wrote the class
            wrong = str(exc).replace("AsyncSmsClient.__init__()", "SmsClient()", 1)
            del args, kwargs
            raise TypeError(wrong) from None
        first: list[AsyncSmsClient] = [self._template]
        rebuild = functools.partial(AsyncSmsClient, *args, **kwargs)
        self._make_client: Callable[[], AsyncSmsClient] = lambda: (
            first.pop() if first else rebuild()
        )
        self._shared = _Shared()
        self._options: dict[str, Any] = {}
        self._is_copy = False
        self._finalizer = weakref.finalize(self, self._shared.stop)

    @property
    def base_url(self) -> str:
        """Where requests go."""
        return self._configured().base_url

    @property
    def retry_policy(self) -> RetryPolicy:
        """The retry policy of this client (or copy)."""
        return self._configured().retry_policy

    @property
    def timeout(self) -> httpx.Timeout:
        """The per-attempt timeout of this client (or copy)."""
        return self._configured().timeout

    @property
    def deadline(self) -> float | None:
        """The total time a call may take across attempts, or ``None``."""
        return self._configured().deadline

    def _configured(self) -> AsyncSmsClient:
        return self._template.with_options(**self._options) if self._options else self._template

    def with_options(self, **options: Any) -> SmsClient:
        """A light copy with other per-call settings (as ``AsyncSmsClient.with_options``),
        sharing this client's loop and connections; closing the copy does nothing."""
        self._template.with_options(**options)  # bad options fail here, at once
        copy = object.__new__(SmsClient)
        copy.__dict__.update(self.__dict__)
        copy._options = {**self._options, **options}
        copy._is_copy = True
        return copy

    def _loop(self) -> _Loop:
        """The client's loop: started on first use, and afresh in a child after fork."""
        shared = self._shared
        with shared.lock():
            if shared.closed:
                raise ClientClosedError("This SmsClient is closed.")
            loop = shared.loop
            if loop is None or loop.pid != os.getpid():
                if loop is not None:
                    _LEFT_BEHIND.append(loop)  # from before a fork: no thread runs it here
                uvloop = self.backend == "asyncio" and self.uvloop
                loop = shared.loop = _Loop(self._make_client(), self.backend, uvloop)
            return loop

    def _run(self, fn: Callable[..., Coroutine[Any, Any, R]], /, *args: Any, **kwargs: Any) -> R:
        """Run ``fn(async_client, *args, **kwargs)`` on the client's loop and return its
        result: the one way in for every blocking method (``api/_namespace.py`` too)."""
        loop = self._shared.loop
        if loop is None or loop.pid != os.getpid():
            loop = self._loop()  # the first call, or the first after a fork
        if threading.get_ident() == loop.ident:
            raise ReentrantCallError(
                "SmsClient was called from code its own event loop runs, which would deadlock; "
                "await AsyncSmsClient there instead."
            )
        if (
            not self._shared.warned
            and (running := _running_event_loop()) is not None
            and not _in_a_notebook()
        ):
            # Once per client and its copies: nothing else would say the event loop is frozen.
            self._shared.warned = True
            warnings.warn(
                f"SmsClient.{fn.__name__}() was called from a running {running} event loop, "
                "which it blocks until the call returns; in async code, await AsyncSmsClient "
                "instead (this warning is shown once per client).",
                RuntimeWarning,
                stacklevel=3,
            )
        client = loop.client.with_options(**self._options) if self._options else loop.client
        try:
            # Made here: the arguments bind (or fail to) in the caller's thread.
            coroutine = fn(client, *args, **kwargs)
        except TypeError as exc:
            raise unexpected_argument(exc, kwargs, "SmsClient") from None
        return loop.call(coroutine)

    def close(self) -> None:
        """End the calls in flight, close connections, the loop and its thread. Idempotent;
        a no-op on a copy."""
        if self._is_copy:
            return
        with self._shared.lock():  # no loop starts after this
            self._shared.closed = True
        self._finalizer()

    def __enter__(self) -> SmsClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SmsClient(backend={self.backend!r})"

    # --- the namespaces (one line each; see api/_registry.py) ----------------------------

    sms = Attached(BlockingSmsApi, cache=False)
    """Sending, estimating and deleting scheduled SMS (the vendor's ``SmsApi``), blocking."""
    reports = Attached(BlockingReportsApi, cache=False)
    """Delivery reports, campaigns and exports (the vendor's ``ReportsApi``), blocking."""
    account = Attached(BlockingAccountApi, cache=False)
    """The account's balance and channels (the vendor's ``AccountApi``), blocking."""
    numbers = Attached(BlockingNumbersApi, cache=False)
    """Phone number validation and lookup (the vendor's ``NumbersApi``), blocking."""
    otp = Attached(BlockingOtpApi, cache=False)
    """One-time passwords by SMS (the vendor's ``OtpApi``), blocking."""
    optouts = Attached(BlockingOptoutsApi, cache=False)
    """The contacts that opted out (the vendor's ``OptoutsApi``), blocking."""
    groups = Attached(BlockingGroupsApi, cache=False)
    """The contact groups campaigns send to (the vendor's ``GroupsApi``), blocking."""
    originators = Attached(BlockingOriginatorsApi, cache=False)
    """The account's sender ids (the vendor's ``OriginatorsApi``), blocking."""
    templates = Attached(BlockingTemplatesApi, cache=False)
    """Viber and WhatsApp templates (the vendor's ``TemplatesApi``), blocking."""
    viber = Attached(BlockingViberApi, cache=False)
    """Viber messages and campaigns (the vendor's ``ViberApi``), blocking."""
    whatsapp = Attached(BlockingWhatsappApi, cache=False)
    """WhatsApp messages (the vendor's ``WhatsappApi``), blocking."""
    multichannel = Attached(BlockingMultichannelApi, cache=False)
    """One message over several channels (the vendor's ``MultichannelApi``), blocking."""
    shortlinks = Attached(BlockingShortlinksApi, cache=False)
    """Tracked short links (the vendor's ``ShortlinksApi``), blocking."""
    attachments = Attached(BlockingAttachmentsApi, cache=False)
    """Tracked files (the vendor's ``AttachmentsApi``), blocking."""
    conversations = Attached(BlockingConversationsApi, cache=False)
    """Two-way threads (the vendor's ``ConversationsApi``), blocking."""
    applications = Attached(BlockingApplicationsApi, cache=False)
    """The OAuth applications (the vendor's ``ApplicationsApi``), blocking."""
    oauth = Attached(BlockingOauthApi, cache=False)
    """The token exchange (the vendor's ``OauthApi``), blocking."""

    # --- the seed's six methods and the batches, as on AsyncSmsClient ----------------------

    send_sms = _blocking(AsyncSmsClient.send_sms)
    estimate_sms = _blocking(AsyncSmsClient.estimate_sms)
    send_sms_campaign = _blocking(AsyncSmsClient.send_sms_campaign)
    estimate_sms_campaign = _blocking(AsyncSmsClient.estimate_sms_campaign)
    delete_scheduled_sms = _blocking(AsyncSmsClient.delete_scheduled_sms)
    delete_scheduled_sms_campaign = _blocking(AsyncSmsClient.delete_scheduled_sms_campaign)
    # Batches run on the client's loop; ``on_progress`` is called in the loop's thread.
    send_bulk = _blocking(AsyncSmsClient.send_bulk)
    delivery_status = _blocking(AsyncSmsClient.delivery_status)
    send_many = _blocking(AsyncSmsClient.send_many)
