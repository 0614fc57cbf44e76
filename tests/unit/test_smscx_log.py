"""SMSCX_LOG=debug|info prints the smscx logger's records to stderr, with no code."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

SCRIPT = """
import anyio
from smscx.testing import Emulator

async def main():
    async with Emulator(api_keys="sk_log_secret_key", dlr=False).client() as client:
        await client.estimate_sms(to=["+33612345678"], from_="Shop", text="Hi")

anyio.run(main)
"""


def _run(level: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SMSCX_LOG"}
    if level is not None:
        env["SMSCX_LOG"] = level
    return subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("level", ["debug", "DEBUG"])
def test_smscx_log_debug_prints_each_attempt_to_stderr(level: str) -> None:
    done = _run(level)
    assert done.returncode == 0, done.stderr
    assert "POST /sms/estimate attempt 1 -> 200" in done.stderr
    assert "smscx" in done.stderr
    assert "DEBUG" in done.stderr
    assert "sk_log_secret_key" not in done.stderr
    assert done.stdout == ""


def test_smscx_log_info_leaves_the_debug_records_out() -> None:
    done = _run("info")
    assert done.returncode == 0, done.stderr
    assert "attempt 1 -> 200" not in done.stderr


@pytest.mark.parametrize("level", [None, "", "verbose"])
def test_without_smscx_log_nothing_is_printed(level: str | None) -> None:
    done = _run(level)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_smscx_log_adds_its_handler_once() -> None:
    import logging

    from smscx import _telemetry

    logger = logging.getLogger("smscx")
    before, level = list(logger.handlers), logger.level
    try:
        os.environ["SMSCX_LOG"] = "debug"
        _telemetry.log_from_env()
        _telemetry.log_from_env()
        added = [h for h in logger.handlers if h not in before]
        assert len(added) == 1
    finally:
        os.environ.pop("SMSCX_LOG", None)
        logger.handlers[:] = before
        logger.setLevel(level)
