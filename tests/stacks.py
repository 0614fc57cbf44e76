"""Stacks: the event loops and HTTP transports a client runs on, as pytest fixtures.

A test module that imports ``stack``, ``anyio_backend`` and ``transport`` from here runs each
async test three times: asyncio with the aiohttp transport (what ``transport="auto"`` picks
on asyncio with the ``fast`` extra), asyncio with httpx's own, and trio (always httpx's own).
"""

from __future__ import annotations

from typing import Literal

import pytest

Transport = Literal["httpx", "aiohttp"]

STACKS: dict[str, tuple[str, Transport]] = {
    "asyncio-aiohttp": ("asyncio", "aiohttp"),  # what transport="auto" picks on asyncio
    "asyncio-httpx": ("asyncio", "httpx"),
    "trio-httpx": ("trio", "httpx"),  # "auto" is httpx's own on trio
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
