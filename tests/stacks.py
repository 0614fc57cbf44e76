"""Stacks: the event loops and HTTP transports a client runs on, as pytest fixtures.

A test module that imports ``stack``, ``anyio_backend`` and ``transport`` from here runs each
async test four times: smscx's own transport (what ``transport="auto"`` picks) on asyncio
and on trio, the aiohttp transport on asyncio (the only loop it runs on), and httpx's own on
trio. httpx's own on asyncio is httpcore's same pool on anyio's asyncio backend; the unit
tests of ``_transport`` cover it.
"""

from __future__ import annotations

from typing import Literal

import pytest

Transport = Literal["native", "httpx", "aiohttp"]

STACKS: dict[str, tuple[str, Transport]] = {
    "asyncio-native": ("asyncio", "native"),  # what transport="auto" picks, on both loops
    "trio-native": ("trio", "native"),
    "asyncio-aiohttp": ("asyncio", "aiohttp"),
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
