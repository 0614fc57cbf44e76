"""Shared fixtures: every async test runs on asyncio and on trio."""

from __future__ import annotations

import gc
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest

from smscx import AsyncSmsClient, RetryPolicy
from tests.helpers import API_KEY, BASE_URL, Handler, send_response


@pytest.fixture(scope="session", autouse=True)
def no_portal_thread_outlives_the_suite() -> Iterator[None]:
    """Hygiene: every SmsClient the suite made stopped its background loop thread."""
    yield
    gc.collect()
    leaked = [t for t in threading.enumerate() if t.name == "smscx-portal"]
    assert not leaked, f"SmsClient loop threads left running: {leaked}"


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def make_client() -> Callable[..., AsyncSmsClient]:
    """Build an AsyncSmsClient over a MockTransport, with retry waits turned off."""

    def build(handler: Handler, **options: Any) -> AsyncSmsClient:
        options.setdefault("api_key", API_KEY)
        options.setdefault("base_url", BASE_URL)
        options.setdefault("retry_policy", RetryPolicy(wait=False))
        return AsyncSmsClient(
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)), **options
        )

    return build


@pytest.fixture
async def client(make_client: Callable[..., AsyncSmsClient]) -> AsyncIterator[AsyncSmsClient]:
    """A client whose every send succeeds."""
    async with make_client(send_response) as c:
        yield c
