"""``SmsClient``: the blocking face of ``AsyncSmsClient``, derived, not rewritten.

Each ``SmsClient`` owns one event loop with an ``AsyncSmsClient`` on it, and every blocking
method runs the same coroutine the async client runs. One loop per client (never
``asyncio.run`` per call): connections are pooled and the rate-limit gate is shared by every
calling thread.

On asyncio (the default) the loop is a :class:`_SharedLoop`: a calling thread that finds
nobody running the loop runs it itself for the length of its own call, so a blocking call
from one thread pays no hop to another thread and back (two thread wake-ups and two GIL
hand-overs, ~120 us of CPU a call on a small VM), only a task of its own and the start and
stop of the loop's run. A call that comes while another thread runs the loop is handed to
that run and waits; what is still in flight when the running thread's call ends is
finished by the client's daemon thread, which otherwise sleeps. On trio the loop runs in
that daemon thread for good (:class:`_LoopThread`), and a call is handed over by
:func:`_hand_over_trio` (``TrioToken.run_sync_soon`` into the loop's own task group) rather
than through the blocking portal, whose ``trio.from_thread`` refuses a caller inside a trio
run.

Traps this module handles:

- The daemon thread is ours, not anyio's ``start_blocking_portal`` executor thread: a
  forgotten client must not hang interpreter exit.
- A thread does not survive ``os.fork()``. In a child (Gunicorn workers), the first call
  notices the new pid and starts a fresh loop and a fresh connection pool; the parent's
  loop is kept, never closed, so that the parent's sockets are left alone.
- Calling the blocking client from code its own loop runs would wait for itself forever:
  that raises :class:`~smscx.ReentrantCallError` instead.
- Ctrl-C while a call waits cancels the call on the loop and re-raises once it has unwound.
  A main thread that runs the loop swaps Python's SIGINT handler for the call's length, so
  that ``KeyboardInterrupt`` never lands in the middle of the loop's own work.
"""

from __future__ import annotations

import _thread
import asyncio
import contextlib
import contextvars
import functools
import importlib
import logging
import os
import signal
import sys
import threading
import warnings
import weakref
from collections.abc import Callable, Coroutine
from types import TracebackType
from typing import Any, Concatenate, ParamSpec, TypeVar

import anyio
import anyio.abc
import anyio.from_thread
import httpx

from ._client import AsyncSmsClient
from ._migration import unexpected_argument
from ._retry import RetryPolicy
from .api import (
    BlockingAccountApi,
    BlockingGroupsApi,
    BlockingNumbersApi,
    BlockingOptoutsApi,
    BlockingOriginatorsApi,
    BlockingOtpApi,
    BlockingReportsApi,
    BlockingSmsApi,
)
from .api._registry import Attached
from .errors import ClientClosedError, ConfigurationError, ReentrantCallError

__all__ = ["SmsClient"]

logger = logging.getLogger("smscx")

P = ParamSpec("P")
R = TypeVar("R")


class _LoopThread:
    """On trio: a daemon thread running the loop with a blocking portal, and the client on it."""

    def __init__(self, make_client: Callable[[], AsyncSmsClient]) -> None:
        self._make_client = make_client
        self.pid = os.getpid()
        self.portal: anyio.from_thread.BlockingPortal | None = None
        self.client: AsyncSmsClient | None = None
        # The run's token and a task group of the loop's own, for _hand_over_trio.
        self.trio_token: Any = None
        self.task_group: anyio.abc.TaskGroup | None = None
        self.ident: int | None = None
        self._ready = threading.Event()
        self._failure: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="smscx-portal", daemon=True)
        self.thread.start()
        self._ready.wait()
        if self._failure is not None:
            raise self._failure

    def _run(self) -> None:
        try:
            anyio.run(self._main, backend="trio")
        except BaseException as exc:  # surfaced to the starting thread
            self._failure = exc
            self._ready.set()

    async def _main(self) -> None:
        async with anyio.from_thread.BlockingPortal() as portal:
            try:
                self.client = self._make_client()
            except BaseException as exc:
                self._failure = exc
                self._ready.set()
                return
            self.portal = portal
            self.ident = threading.get_ident()
            try:
                async with anyio.create_task_group() as task_group:
                    import trio

                    self.trio_token = trio.lowlevel.current_trio_token()
                    self.task_group = task_group
                    self._ready.set()
                    await portal.sleep_until_stopped()
                    task_group.cancel_scope.cancel()
            finally:
                with anyio.CancelScope(shield=True):
                    await self.client.aclose()

    def runs_here(self) -> bool:
        """Whether the calling thread is this loop's own (a call from it would deadlock)."""
        return threading.get_ident() == self.ident

    def call(self, coroutine: Coroutine[Any, Any, R], elsewhere: bool) -> R:
        """Run ``coroutine`` on the loop and wait for its result."""
        assert self.task_group is not None
        return _hand_over_trio(self.trio_token, self.task_group, self.thread, coroutine)

    def stop(self) -> None:
        """Close the client and the loop, and join the thread (from any other thread)."""
        if self.thread is threading.current_thread():
            return
        portal = self.portal
        if portal is not None and self.thread.is_alive():
            with contextlib.suppress(RuntimeError):  # the portal already stopped
                portal.call(portal.stop)
        self.thread.join()


class _SharedLoop:
    """On asyncio: the client's event loop, run by whichever thread needs it.

    A thread that calls while no thread runs the loop runs it itself, for just as long as
    its own call lasts: no hop to another thread and back, so a blocking call costs close to
    what an awaited one does. A call that comes while another thread runs the loop is handed
    to that run (``call_soon_threadsafe``) and waits for its outcome. Calls still in flight when the
    running thread's own call ends are finished by the client's daemon thread
    (``smscx-portal``), which otherwise sleeps, and which closes the client and the loop
    when the ``SmsClient`` closes.

    Between calls nobody runs the loop. Nothing of the client needs it then: a pooled
    connection is checked before it is reused, and an aborted one is shut down at once.

    Ctrl-C: in the main thread, with Python's own SIGINT handler in place, a call that runs
    the loop swaps in a handler that cancels the call on the loop (as ``asyncio.run`` does),
    so that ``KeyboardInterrupt`` is raised once the call has unwound, never in the middle
    of the loop's own work. A main thread with a SIGINT handler of its own hands its calls
    to the daemon thread instead, as a thread running another event loop does.
    """

    def __init__(self, make_client: Callable[[], AsyncSmsClient], uvloop: bool) -> None:
        self.pid = os.getpid()
        if uvloop:
            import uvloop as uvloop_module

            self.asyncio_loop: asyncio.AbstractEventLoop = uvloop_module.new_event_loop()
        else:
            # The platform's own loop, whatever policy is installed (uvloop.install() would
            # make asyncio.new_event_loop() uvloop's, which is what the flag decides).
            self.asyncio_loop = asyncio.DefaultEventLoopPolicy().new_event_loop()
        try:
            self.client = make_client()
        except BaseException:
            self.asyncio_loop.close()
            raise
        self._lock = threading.Lock()  # taken to change _running, and to add to _calls
        self._wake = threading.Condition(self._lock)  # the daemon thread waits on it
        self._running = False  # a thread is inside run_forever
        self._background = False  # ... and it is the daemon thread (changed by it alone)
        self._owner: asyncio.Task[None] | None = None  # the task whose end ends this run
        # One item per call started and not yet ended. A call adds its item under the lock;
        # the loop takes one off when a call ends without it (list.pop is atomic), so that
        # the thread running the loop never waits for a lock the calling threads contend for.
        self._calls: list[None] = []
        self._stopping = False
        self._tasks: set[asyncio.Task[None]] = set()  # touched by the running thread only
        self._lingering: asyncio.TimerHandle | None = None  # see _linger
        # Per process, as this object is: after a fork from another thread, that thread is
        # the child's main one, and the child makes a _SharedLoop of its own.
        self._main_thread = threading.main_thread().ident
        self._pressed = False  # Ctrl-C came during the call that runs the loop: _on_sigint
        self.thread = threading.Thread(target=self._serve, name="smscx-portal", daemon=True)
        try:
            self.thread.start()
            self._daemon = True
        except RuntimeError:
            # Python 3.12+ starts no thread once the interpreter is shutting down (a client
            # first used in an atexit handler): calls run in the calling thread, the one
            # thread left, and closing closes the loop there.
            self._daemon = False

    def runs_here(self) -> bool:
        """Whether the calling thread is running this loop (a call would deadlock)."""
        return asyncio._get_running_loop() is self.asyncio_loop

    # --- a call -----------------------------------------------------------------------------

    def call(self, coroutine: Coroutine[Any, Any, R], elsewhere: bool) -> R:
        """Run ``coroutine`` on the loop and return its result: in this thread if it can,
        that is if no other thread runs the loop and this one runs no event loop of its own
        (``elsewhere``).

        Every blocking call on asyncio comes through here, so the path is kept short: each
        line of it is paid on every call (see docs/performance.md, "The blocking face").
        """
        here = not elsewhere
        catch_ctrl_c = False
        if here and _get_ident() == self._main_thread:
            handler = _getsignal(_SIGINT)
            if handler is _default_int_handler:
                catch_ctrl_c = True  # swapped for the call's length: see _on_sigint
            elif callable(handler):
                here = False  # the caller's own handler could raise in the loop's work
        with self._lock:
            if self._stopping:
                coroutine.close()  # never started: no "never awaited" warning
                raise ClientClosedError("This SmsClient is closed.")
            self._calls.append(None)
            if here and not self._running:
                self._running = True
            else:
                here = False
                if not self._running:
                    self._wake.notify()  # the daemon thread runs it
        if not here:
            return self._hand_over(coroutine)
        loop = self.asyncio_loop
        outcome: list[tuple[str, Any]] = []
        task: asyncio.Task[None] | None = None
        previous: Any = None
        try:
            body = self._body(coroutine, outcome)
            context = _loop_context()
            # The task copies the context it is made in (``create_task(context=)`` is 3.11+).
            task = (
                loop.create_task(body) if context is None else context.run(loop.create_task, body)
            )
            self._owner = task
            if catch_ctrl_c:
                self._pressed = False
                previous = _setsignal(_SIGINT, self._on_sigint)
            while not task.done():
                loop.run_forever()
        except BaseException:
            # Ctrl-C, or a signal handler that raised in the loop's own work: the call is
            # cancelled, and the daemon thread finishes what is in flight.
            if task is not None:
                task.cancel()
            else:
                self._never_started(coroutine)
            raise
        finally:
            if previous is not None:
                _setsignal(_SIGINT, previous)
            with self._lock:
                self._running = False
                self._owner = None
                if self._calls or self._stopping:
                    self._wake.notify()  # the daemon thread takes the loop over
        if previous is not None and self._pressed:
            raise KeyboardInterrupt
        result: R = _result(outcome)
        return result

    def _on_sigint(self, signum: int, frame: Any) -> None:
        """The SIGINT handler while the main thread runs the loop for its own call, in place
        of Python's: it cancels the call on the loop, so that ``KeyboardInterrupt`` is
        raised once the call has unwound (as ``asyncio.run`` does); a second Ctrl-C raises
        at once, as Python's handler would."""
        if self._pressed:
            raise KeyboardInterrupt
        self._pressed = True
        owner = self._owner
        if owner is not None:
            self.asyncio_loop.call_soon_threadsafe(owner.cancel)

    def _never_started(self, coroutine: Coroutine[Any, Any, Any]) -> None:
        coroutine.close()  # no "never awaited" warning
        with self._lock:
            self._calls.pop()
            self._wake.notify()

    async def _body(
        self,
        coroutine: Coroutine[Any, Any, Any],
        outcome: list[tuple[str, Any]],
        done: Any = None,
    ) -> None:
        """The task of a call: of one handed over to the thread that runs the loop (which
        waits on ``done``), or, without ``done``, of the call that runs the loop itself,
        whose end ends the run."""
        try:
            outcome.append(("value", await coroutine))
        except asyncio.CancelledError:
            outcome.append(("cancelled", None))
            raise
        except GeneratorExit:  # pragma: no cover  (the loop was dropped with the task in it)
            raise
        except BaseException as exc:
            outcome.append(("error", exc))  # raised in the caller; the task ends quietly
        finally:
            if done is not None:
                self._ended(asyncio.current_task())
                done.release()
            elif self._background:  # the caller left (Ctrl-C); the daemon thread finished it
                self._ended(None)
            else:
                # No lock: _calls only grows while a call runs, and list.pop is atomic.
                self._calls.pop()
                self.asyncio_loop.stop()

    def _ended(self, task: asyncio.Future[Any] | None) -> None:
        """A handed-over call ended (on the loop): if the daemon thread runs the loop and
        nothing is left in flight, end the run soon (see :meth:`_linger`).

        No lock: this runs in the thread running the loop, which alone changes
        ``_background`` while it runs; ``_calls`` only grows meanwhile."""
        self._calls.pop()
        if task is not None:
            self._tasks.discard(task)
        if self._background and not self._calls:
            if self._stopping:
                self.asyncio_loop.stop()
            elif self._lingering is None:
                self._lingering = self.asyncio_loop.call_later(_LINGER, self._linger)

    def _linger(self) -> None:
        # The daemon thread took the loop over because calls came from several threads at
        # once. It keeps it a moment after the last one ends: under steady contention the
        # next call comes within microseconds, and handing the loop back and forth (each
        # hand-back a thread wake-up, with every call in flight stalled meanwhile) would
        # cost more than handing each call over does.
        self._lingering = None
        if not self._calls:
            self.asyncio_loop.stop()
        else:
            self._lingering = self.asyncio_loop.call_later(_LINGER, self._linger)

    def _hand_over(self, coroutine: Coroutine[Any, Any, R]) -> R:
        """Run ``coroutine`` as a task of the thread that runs the loop, and wait for it.

        If the wait is interrupted (Ctrl-C), the task is cancelled on the loop rather than
        left running unowned, and the interruption goes on. If the daemon thread has ended
        (the client closed as the call was handed over), the wait ends with
        ``ClientClosedError`` within a second instead of lasting forever.
        """
        loop = self.asyncio_loop
        done = _thread.allocate_lock()
        done.acquire()
        tasks: list[asyncio.Task[None]] = []
        outcome: list[tuple[str, Any]] = []

        def start() -> None:
            if self._stopping:  # closing: a call that has not started does not start
                coroutine.close()
                self._ended(None)
                done.release()
                return
            task = loop.create_task(self._body(coroutine, outcome, done))
            self._tasks.add(task)
            tasks.append(task)

        try:
            loop.call_soon_threadsafe(start, context=_loop_context())
        except BaseException as exc:  # the loop is closed, or Ctrl-C came first
            self._never_started(coroutine)
            if isinstance(exc, RuntimeError):
                raise ClientClosedError("This SmsClient is closed.") from None
            raise
        try:
            while not done.acquire(timeout=_LIVENESS_CHECK):
                if not self.thread.is_alive():
                    raise ClientClosedError("This SmsClient was closed while the call ran.")
        except ClientClosedError:
            raise
        except BaseException:
            # call_soon_threadsafe keeps order: ``start`` has run when this does.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(lambda: tasks and tasks[0].cancel())
            raise
        result: R = _result(outcome)
        return result

    # --- the daemon thread, and closing -----------------------------------------------------

    def _serve(self) -> None:
        lock = self._lock
        with lock:
            while True:
                while self._running or (not self._stopping and not self._calls):
                    self._wake.wait()
                if not self._calls:  # closing, and nothing is left in flight
                    self._running = True  # the loop is this thread's for good
                    break
                self._running = self._background = True
                if self._stopping:
                    self.asyncio_loop.call_soon(self._cancel_all)
                lock.release()
                try:
                    self.asyncio_loop.run_forever()
                except BaseException:  # pragma: no cover  (every task catches its own)
                    logger.exception("smscx: SmsClient's event loop stopped on an error")
                finally:
                    lock.acquire()
                    self._running = self._background = False
                    if self._lingering is not None:
                        self._lingering.cancel()
                        self._lingering = None
        self._shutdown()

    def _cancel_all(self) -> None:
        if self._owner is not None:
            self._owner.cancel()
        for task in list(self._tasks):
            task.cancel()
        if self._background and not self._calls:
            self.asyncio_loop.stop()

    def _shutdown(self) -> None:
        loop = self.asyncio_loop
        try:
            loop.run_until_complete(self.client.aclose())
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
        except Exception:  # pragma: no cover
            logger.exception("smscx: closing SmsClient's connections failed")
        finally:
            loop.close()

    def stop(self) -> None:
        """Cancel the calls in flight, close the client and the loop, end the thread."""
        with self._lock:
            if not self._stopping:
                self._stopping = True
                if self._running:
                    with contextlib.suppress(RuntimeError):
                        self.asyncio_loop.call_soon_threadsafe(self._cancel_all)
                self._wake.notify()
        if self.runs_here() or self.thread is threading.current_thread():
            return  # closed from the loop itself: the daemon thread ends when the run does
        if self._daemon:
            self.thread.join()
        elif not self._running:
            self._shutdown()  # no daemon thread to do it (see __init__)


def _result(outcome: list[tuple[str, Any]]) -> Any:
    """A call's return value, or its exception raised; cancelled: the client closed."""
    if outcome:
        kind, value = outcome[0]
        if kind == "value":
            return value
        if kind == "error":
            raise value
    raise ClientClosedError("This SmsClient was closed while the call ran.")


# The C functions behind signal.signal and signal.getsignal: those wrap every handler they
# return in an enum lookup that fails (and raises inside) for a Python function, which costs
# more than the system call does. A blocking call swaps SIGINT's handler twice.
_getsignal: Callable[[int], Any]
_setsignal: Callable[[int, Any], Any]
try:
    _c_signal = importlib.import_module("_signal")
    _getsignal, _setsignal = _c_signal.getsignal, _c_signal.signal
except ImportError:  # pragma: no cover  (an interpreter without CPython's _signal)
    _getsignal, _setsignal = signal.getsignal, signal.signal
_SIGINT = signal.SIGINT
_default_int_handler = signal.default_int_handler
_get_ident = threading.get_ident
_getpid = os.getpid

#: sniffio's "current async library" variable (see _loop_context), or None without sniffio.
_sniffio_library: contextvars.ContextVar[str | None] | None
try:
    import sniffio
except ImportError:  # pragma: no cover  (trio, and so anyio's use of it, bring it)
    _sniffio_library = None
else:
    _sniffio_library = sniffio.current_async_library_cvar


#: How often (seconds) a handed-over call checks that the thread it waits on still runs.
_LIVENESS_CHECK = 1.0

#: How long (seconds) the daemon thread keeps running the loop after the last call it ran
#: for other threads ended (see _SharedLoop._linger).
_LINGER = 0.005


@functools.cache
def _uvloop_available() -> bool:
    try:
        import uvloop  # noqa: F401
    except ImportError:
        return False
    except RuntimeError:
        # First imported inside an atexit handler: uvloop's import registers an atexit hook
        # of its own (through concurrent.futures), which the interpreter refuses by then.
        # The standard library's loop serves instead.
        return False
    return True


#: The loops of a parent process, in a child after ``os.fork()``: kept, never closed nor
#: collected. Closing them here would tell the kernel to forget the parent's sockets (the
#: parent and the child share each epoll set), and the parent's loop would go deaf.
_LEFT_BEHIND: list[object] = []


def _stop(state: dict[str, _LoopThread | _SharedLoop | None]) -> None:
    # The finalizer's target: it must not hold the SmsClient, only its state.
    loop = state.get("loop")
    state["loop"] = None
    if loop is not None and loop.pid == os.getpid():
        loop.stop()


def _running_event_loop() -> str | None:
    """The event loop running in this thread ("asyncio", "trio"), or ``None``."""
    if asyncio._get_running_loop() is not None:
        return "asyncio"
    trio = sys.modules.get("trio")
    if trio is not None and trio.lowlevel.in_trio_run():
        return "trio"
    return None


def _loop_context() -> contextvars.Context | None:
    """The context a call's task starts in on the loop: the caller's, but never the
    caller's event-loop identity (``None``: the caller's own, as a task copies it, serves).

    A task copies the context it is made in (and one started through
    ``call_soon_threadsafe``, the calling thread's), and with it sniffio's "current async
    library" variable: called from inside a trio run (an ``anyio.run(..., backend="trio")``
    test, say), the task on our asyncio loop would believe it runs on trio, and anyio would
    pick trio's primitives there.
    """
    if _sniffio_library is None or _sniffio_library.get() is None:
        return None  # the common case: nothing to hide
    context = contextvars.copy_context()
    context.run(_sniffio_library.set, None)
    return context


def _hand_over_trio(
    token: Any,
    task_group: anyio.abc.TaskGroup,
    thread: threading.Thread,
    coroutine: Coroutine[Any, Any, R],
) -> R:
    """Run ``coroutine`` as a task of the trio loop thread's own task group; wait for it.

    Not the portal: its hand-over goes through ``trio.from_thread``, which refuses a caller
    that is itself inside a trio run (``RuntimeError: this is a blocking function``), and a
    blocking client must work wherever blocking code does. ``TrioToken.run_sync_soon`` has
    no such rule. Interruption and closing behave as in :meth:`_SharedLoop._hand_over`.
    """
    done = _thread.allocate_lock()
    done.acquire()
    outcome: list[tuple[str, Any]] = []
    scopes: list[anyio.CancelScope] = []

    async def run() -> None:
        try:
            with anyio.CancelScope() as scope:
                scopes.append(scope)
                outcome.append(("value", await coroutine))
            if scope.cancelled_caught:
                outcome.append(("closed", None))
        except anyio.get_cancelled_exc_class():
            outcome.append(("closed", None))  # the loop is stopping: the client closed
            raise
        except BaseException as exc:  # delivered to the caller's thread
            outcome.append(("error", exc))
        finally:
            done.release()

    try:
        token.run_sync_soon(task_group.start_soon, run)
    except RuntimeError:  # the run has ended
        coroutine.close()  # never started: no "never awaited" warning
        raise ClientClosedError("This SmsClient is closed.") from None
    try:
        while not done.acquire(timeout=_LIVENESS_CHECK):
            if not thread.is_alive():
                if not scopes:
                    coroutine.close()
                raise ClientClosedError("This SmsClient was closed while the call ran.")
    except ClientClosedError:
        raise
    except BaseException:

        def cancel() -> None:
            if scopes:
                scopes[0].cancel()

        with contextlib.suppress(RuntimeError):
            token.run_sync_soon(cancel)
        raise
    result: R = _result(outcome)
    return result


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
    """Give ``SmsClient.__init__`` the constructor signature of ``AsyncSmsClient``."""

    def adopt(init: Callable[..., None]) -> Callable[Concatenate[SmsClient, P], None]:
        return init

    return adopt


class SmsClient:
    """The SMS.CX API from blocking code: the same methods as :class:`AsyncSmsClient`.

    ::

        with SmsClient(api_key="...") as client:
            result = client.send_sms(to=["+33612345678"], from_="InfoText", text="Hi")

    Takes the same arguments as :class:`AsyncSmsClient` (they are checked here, at once).
    The client's loop starts on first use; ``close()`` (or leaving the ``with`` block)
    closes it and leaves no thread behind. Safe to share between threads, to use in a child
    after ``os.fork()``, and from a thread that runs its own event loop (Jupyter). Code that
    runs on an event loop should prefer ``await``-ing :class:`AsyncSmsClient`.

    On asyncio, a call from a thread while no other thread is running the client's loop runs
    the loop in the calling thread, so it costs close to what the awaited call does; see
    docs/sync.md. Set ``SmsClient.uvloop = True`` to run that loop on uvloop's (when
    installed), or ``SmsClient.backend = "trio"`` to run it on trio (class or instance,
    before first use).
    """

    #: The event-loop library of the client's loop.
    backend = "asyncio"
    #: On asyncio, run the client's loop on uvloop's when uvloop is installed. Off by default:
    #: uvloop sets up its signal handling at the start of every run in the main thread, and
    #: each blocking call is a run (see docs/performance.md, "The blocking face").
    uvloop = False

    @_arguments_of(AsyncSmsClient)
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Built here so that bad arguments fail in the caller's thread, at once. Nothing in
        # it is bound to a loop until first use, so the client's loop adopts it; a child
        # after fork builds its own from the same arguments.
        try:
            self._template = AsyncSmsClient(*args, **kwargs)
        except ConfigurationError as exc:
            refused = exc.message
            del args, kwargs  # the credentials, out of this frame's locals (see _client)
            raise ConfigurationError(refused) from None
        first: list[AsyncSmsClient] = [self._template]
        rebuild = functools.partial(AsyncSmsClient, *args, **kwargs)
        self._make_client: Callable[[], AsyncSmsClient] = lambda: (
            first.pop() if first else rebuild()
        )
        self._lock = threading.Lock()
        self._lock_pid = os.getpid()
        self._state: dict[str, _LoopThread | _SharedLoop | None] = {"loop": None}
        # Shared with every with_options copy, like the loop: a closed client stays closed
        # for its copies too (else a copy would start a loop nobody owns).
        self._closed = threading.Event()
        self._options: dict[str, Any] = {}
        self._is_copy = False
        # Shared with copies: the running-loop warning is given once per client.
        self._warned = [False]
        self._finalizer = weakref.finalize(self, _stop, self._state)

    # --- configuration, as on AsyncSmsClient ----------------------------------------------

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
        """A light copy with other per-call settings (as ``AsyncSmsClient.with_options``).

        The copy shares this client's loop and connections; closing the copy
        does nothing, close the original.
        """
        self._template.with_options(**options)  # bad options fail here, at once
        copy = object.__new__(SmsClient)
        copy.__dict__.update(self.__dict__)
        copy._options = {**self._options, **options}
        copy._is_copy = True  # the original owns the loop: closing a copy does nothing
        return copy

    def _loop(self) -> _LoopThread | _SharedLoop:
        loop = self._state["loop"]
        if loop is not None and loop.pid == os.getpid():
            return loop
        if self._lock_pid != os.getpid():
            # After fork the lock may have been held by a thread that does not exist here.
            self._lock = threading.Lock()
            self._lock_pid = os.getpid()
        with self._lock:
            if self._closed.is_set():
                raise ClientClosedError("This SmsClient is closed.")
            loop = self._state["loop"]
            if loop is None or loop.pid != os.getpid():
                if loop is not None:
                    # From before a fork: no thread runs it here. Replaced, and kept.
                    _LEFT_BEHIND.append(loop)
                fresh: _LoopThread | _SharedLoop
                if self.backend == "asyncio":
                    fresh = _SharedLoop(self._make_client, self.uvloop and _uvloop_available())
                else:
                    fresh = _LoopThread(self._make_client)
                loop = self._state["loop"] = fresh
            return loop

    def _run(
        self,
        method: Callable[..., Coroutine[Any, Any, R]],
        *args: Any,
        **kwargs: Any,
    ) -> R:
        running = _running_event_loop()
        if running is not None and not self._warned[0]:
            self._warn_on_an_event_loop(method, running)
        loop = self._state["loop"]
        if loop is None or loop.pid != _getpid():
            loop = self._loop()  # the first call, or the first after a fork
        if running is not None and loop.runs_here():  # (no loop runs here: not ours either)
            raise ReentrantCallError(
                "SmsClient was called from code its own event loop runs, which would deadlock; "
                "await AsyncSmsClient there instead."
            )
        assert loop.client is not None
        client = loop.client.with_options(**self._options) if self._options else loop.client
        try:
            # Made here, run on the loop: the arguments bind (or fail to) in the caller's
            # thread, with the caller's class in the message.
            coroutine = method(client, *args, **kwargs)
        except TypeError as exc:
            raise unexpected_argument(exc, kwargs, "SmsClient") from None
        return loop.call(coroutine, running is not None)

    def _warn_on_an_event_loop(self, method: Callable[..., Any], running: str) -> None:
        # Once per client (and its copies): a blocking call from a coroutine freezes that
        # coroutine's whole event loop until it returns, and nothing else would say so.
        self._warned[0] = True
        warnings.warn(
            f"SmsClient.{method.__name__}() was called from a running {running} event loop, "
            "which it blocks until the call returns; in async code, await AsyncSmsClient "
            "instead (this warning is shown once per client).",
            RuntimeWarning,
            stacklevel=4,
        )

    def close(self) -> None:
        """End the calls in flight, close connections and the loop. Idempotent; a no-op on a
        copy."""
        if self._is_copy:
            return
        self._closed.set()
        self._finalizer()

    def __enter__(self) -> SmsClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
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

    # --- the seed's six methods and the batches, as on AsyncSmsClient ----------------------

    send_sms = _blocking(AsyncSmsClient.send_sms)
    estimate_sms = _blocking(AsyncSmsClient.estimate_sms)
    send_sms_campaign = _blocking(AsyncSmsClient.send_sms_campaign)
    estimate_sms_campaign = _blocking(AsyncSmsClient.estimate_sms_campaign)
    delete_scheduled_sms = _blocking(AsyncSmsClient.delete_scheduled_sms)
    delete_scheduled_sms_campaign = _blocking(AsyncSmsClient.delete_scheduled_sms_campaign)
    # Batches run on the client's loop; ``on_progress`` is called in the thread running it.
    send_bulk = _blocking(AsyncSmsClient.send_bulk)
    delivery_status = _blocking(AsyncSmsClient.delivery_status)
    send_many = _blocking(AsyncSmsClient.send_many)
