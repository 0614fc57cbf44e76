"""Emulator tests: the plugin's fixtures, every async test on asyncio and trio.

The fixtures are imported rather than loaded with ``pytest_plugins``, which pytest refuses
outside the top-level conftest; this keeps working once the plugin is also registered by
its ``pytest11`` entry point (a conftest's fixtures simply shadow the plugin's).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from smscx.testing import Emulator
from smscx.testing.pytest_plugin import (  # noqa: F401 - fixtures and the marker hook
    pytest_configure,
    smscx_emulator,
    smscx_server,
)


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def api(smscx_emulator: Emulator) -> AsyncIterator[httpx.AsyncClient]:  # noqa: F811
    """A raw httpx client on the in-process emulator, authenticated with its API key."""
    async with smscx_emulator.http_client(headers={"X-API-KEY": smscx_emulator.api_key}) as c:
        yield c
