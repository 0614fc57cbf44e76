"""pytest fixtures for the emulator: ``smscx_emulator`` (in-process), ``smscx_server`` (socket).

The module the ``pytest11`` entry point loads. It lives outside :mod:`smscx.testing` and
imports the emulator only when a fixture is used, so that installing the core alone never
breaks a test session: pytest loads every registered plugin at start-up, and the emulator
needs the ``testing`` extra (phonenumbers, uvicorn). Used without it, a fixture fails its
test with one line naming the extra. :mod:`smscx.testing.pytest_plugin` is its public name.

Both give a fresh emulator per test and work on asyncio and trio (with anyio's pytest
plugin: mark tests ``@pytest.mark.anyio``). Configure the emulator of one test with a
marker::

    @pytest.mark.smscx_emulator(balance=0.01, rate_limit=2)
    async def test_refused_for_credit(smscx_emulator): ...

Installing smscx registers this plugin with pytest (an entry point): the fixtures are
there in every test session with no set-up. Do not also list it in ``pytest_plugins``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

import attrs
import pytest

if TYPE_CHECKING:
    from smscx._client import AsyncSmsClient
    from smscx.testing import Emulator

#: What a fixture says when the emulator's extra is missing.
MISSING_EXTRA = (
    'the {fixture} fixture needs the emulator: pip install "smscx-async[testing]" '
    "(phonenumbers and uvicorn)"
)


def _emulator_class(fixture: str) -> type[Emulator]:
    try:
        from smscx.testing import Emulator
    except ImportError:
        pytest.fail(MISSING_EXTRA.format(fixture=fixture), pytrace=False)
    return Emulator


__all__ = ["ServedEmulator", "smscx_emulator", "smscx_server"]


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``smscx_emulator`` marker (keyword arguments for :class:`Emulator`)."""
    config.addinivalue_line(
        "markers", "smscx_emulator(**options): configure the smscx_emulator fixture's Emulator"
    )


@attrs.frozen
class ServedEmulator:
    """An emulator listening on a loopback socket: where it is, and the emulator itself."""

    base_url: str
    emulator: Emulator

    def client(self, **options: Any) -> AsyncSmsClient:
        """An :class:`~smscx.AsyncSmsClient` that talks to it over the socket."""
        from smscx._client import AsyncSmsClient

        if not any(options.get(k) for k in ("api_key", "access_token", "client_id")):
            options["api_key"] = self.emulator.api_key
        options.setdefault("base_url", self.base_url)
        return AsyncSmsClient(**options)


@pytest.fixture
def smscx_emulator(request: pytest.FixtureRequest) -> Iterator[Emulator]:
    """A fresh in-process :class:`Emulator` (options from an ``smscx_emulator`` marker).

    Closed after the test: delivery reports still pending are dropped.
    """
    emulator_class = _emulator_class("smscx_emulator")
    marker = request.node.get_closest_marker("smscx_emulator")
    options: dict[str, Any] = dict(marker.kwargs) if marker is not None else {}
    with emulator_class(**options) as emulator:
        yield emulator


@pytest.fixture
async def smscx_server(smscx_emulator: Emulator) -> AsyncIterator[ServedEmulator]:
    """``smscx_emulator`` served on a free loopback port for the test."""
    async with smscx_emulator.serve() as base_url:
        yield ServedEmulator(base_url, smscx_emulator)
