"""The pipeline's concurrency limit: a FIFO semaphore that costs nothing when a slot is free."""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from types import TracebackType
from typing import Any

__all__ = ["Slots"]


class _Waiter:
    """One task waiting for a slot, parked as cheaply as its loop allows: a bare future on
    asyncio (anyio's Event wraps asyncio's, which wraps a future: ~14 us a wait against ~3),
    the task itself on trio (``wait_task_rescheduled``, what trio's own Event is built on)."""

    __slots__ = ("future", "granted", "task")

    def __init__(self, loop: asyncio.AbstractEventLoop | None) -> None:
        self.future = loop.create_future() if loop is not None else None
        self.task: Any = None
        self.granted = False

    async def wait(self, queue: deque[_Waiter]) -> None:
        if self.future is not None:
            await self.future
            return
        import trio

        self.task = trio.lowlevel.current_task()

        def abort(_: Any) -> Any:
            # Cancelled while parked: out of the queue now, before any release can pick it.
            with contextlib.suppress(ValueError):
                queue.remove(self)
            return trio.lowlevel.Abort.SUCCEEDED

        await trio.lowlevel.wait_task_rescheduled(abort)

    def wake(self) -> None:
        self.granted = True
        if self.future is not None:
            if not self.future.done():
                self.future.set_result(None)
            return
        import trio

        trio.lowlevel.reschedule(self.task)


def _asyncio_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:  # trio: no asyncio loop runs in this thread
        return None


class Slots:
    """At most ``total`` holders at once; the others wait in arrival order.

    What ``anyio.CapacityLimiter`` does for the pipeline, without its cost on the path every
    call takes (a checkpoint and the borrower bookkeeping: ~8 µs of a small send's ~200 µs):
    taking a free slot awaits nothing. A slot freed while tasks wait goes straight to the
    first of them (a newcomer cannot overtake it), and a waiter cancelled just as it was
    handed a slot passes it on, so none is ever lost.
    """

    __slots__ = ("_free", "_waiters")

    def __init__(self, total: int) -> None:
        self._free = total
        self._waiters: deque[_Waiter] = deque()

    @property
    def waiting(self) -> int:
        """How many tasks wait for a slot."""
        return len(self._waiters)

    async def __aenter__(self) -> None:
        if self._free > 0 and not self._waiters:
            self._free -= 1
            return
        waiter = _Waiter(_asyncio_loop())
        self._waiters.append(waiter)
        try:
            await waiter.wait(self._waiters)
        except BaseException:
            if waiter.granted:
                self._release()  # handed a slot as it was cancelled: the next one gets it
            else:
                with contextlib.suppress(ValueError):  # on trio, already out of the queue
                    self._waiters.remove(waiter)
            raise

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._release()

    def _release(self) -> None:
        if self._waiters:
            self._waiters.popleft().wake()
        else:
            self._free += 1
