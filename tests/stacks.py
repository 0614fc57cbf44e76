"""Stacks: the event loops and HTTP transports a client runs on, as pytest fixtures.

A test module that imports ``stack``, ``anyio_backend`` and ``transport`` from here runs each
async test three times: smscx's own transport (what ``transport="auto"`` picks) on asyncio
and on trio, and the fallback, httpx's own transport, on trio (where httpx runs its own trio
backend rather than anyio's). httpx's own on asyncio is covered where a test names the loop
(``tests/integration/test_event_loop_binding.py``, ``tests/unit/test_transport.py``).
"""

from __future__ import annotations

from typing import Literal

import pytest

Transport = Literal["native", "httpx"]

STACKS: dict[str, tuple[str, Transport]] = {
    "asyncio-native": ("asyncio", "native"),  # what transport="auto" picks, on both loops
    "trio-native": ("trio", "native"),
    "trio-httpx": ("trio", "httpx"),
}


@pytest.fixture(params=list(STACKS))
def stack(request: pytest.FixtureRequest) -> tuple[str, Transport]:
    return STACKS[str(request.param)]


@pytest.fixture
def anyio_backend(stack: tuple[str, Transport]) -> str:
    return stack[0]


@pytest.fixture
def transport(stack: tuple[str, Transport]) -> Transport:
    return stack[1]
