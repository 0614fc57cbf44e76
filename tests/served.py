"""The emulator on a loopback socket, for the tests of the API's namespaces.

``served`` (async, for the stacks of ``tests.stacks``) and ``served_sync`` (for
``SmsClient``) each give ``(emulator, base_url)`` of a fresh default :class:`Emulator`;
:func:`client_on` makes an ``AsyncSmsClient`` for it on a stack's transport.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from smscx import AsyncSmsClient
from smscx.testing import Emulator
from tests.stacks import Transport

Served = tuple[Emulator, str]


@pytest.fixture
async def served() -> AsyncIterator[Served]:
    emulator = Emulator()
    async with emulator.serve() as url:
        yield emulator, url


@pytest.fixture
def served_sync() -> Iterator[Served]:
    emulator = Emulator()
    with emulator.serve_sync() as url:
        yield emulator, url


def client_on(served: Served, transport: Transport, **options: Any) -> AsyncSmsClient:
    """A client of ``served`` on ``transport``, with the emulator's API key."""
    emulator, url = served
    options.setdefault("api_key", emulator.api_key)
    return AsyncSmsClient(base_url=url, transport=transport, **options)
