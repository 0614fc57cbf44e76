"""pytest fixtures for the emulator: ``smscx_emulator`` (in-process), ``smscx_server`` (socket).

Both give a fresh emulator per test and work on asyncio and trio (with anyio's pytest
plugin: mark tests ``@pytest.mark.anyio``). Configure the emulator of one test with a
marker::

    @pytest.mark.smscx_emulator(balance=0.01, rate_limit=2)
    async def test_refused_for_credit(smscx_emulator): ...

Installing smscx registers these fixtures with pytest (a ``pytest11`` entry point, which
loads with the core alone): they are there in every test session with no set-up. Import
:class:`ServedEmulator` from here for type annotations.
"""

from smscx._pytest_plugin import ServedEmulator, pytest_configure, smscx_emulator, smscx_server

__all__ = ["ServedEmulator", "pytest_configure", "smscx_emulator", "smscx_server"]
