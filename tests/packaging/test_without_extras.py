"""A core-only install: pytest still runs, and the emulator says which extra it needs.

The extra's absence is simulated by a ``phonenumbers`` package on ``PYTHONPATH`` whose
import fails, which is what a venv without ``smscx-async[testing]`` gives.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXTRA = 'pip install "smscx-async[testing]"'


@pytest.fixture
def without_phonenumbers(tmp_path: Path) -> dict[str, str]:
    shadow = tmp_path / "shadow" / "phonenumbers"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError(\"No module named 'phonenumbers'\")\n")
    path = os.pathsep.join([str(shadow.parent), os.environ.get("PYTHONPATH", "")])
    return {**os.environ, "PYTHONPATH": path}


def _python(
    *args: str, env: dict[str, str], cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_pytest_plugin_loads_and_its_fixtures_name_the_extra(
    tmp_path: Path, without_phonenumbers: dict[str, str]
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "test_app.py").write_text(
        "def test_unrelated():\n    assert True\n\n\n"
        "def test_uses_the_emulator(smscx_emulator):\n    pass\n"
    )
    done = _python(
        "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_app.py",
        env=without_phonenumbers, cwd=project,
    )  # fmt: skip
    output = done.stdout + done.stderr
    assert "Error while loading plugin" not in output
    assert done.returncode == 1, output  # a test errored; not pytest's internal error (3)
    assert "1 passed, 1 error" in output
    assert f"the smscx_emulator fixture needs the emulator: {EXTRA}" in output
    assert "Traceback" not in output


def test_python_m_smscx_testing_says_which_extra_in_one_line(
    without_phonenumbers: dict[str, str],
) -> None:
    done = _python("-m", "smscx.testing", env=without_phonenumbers)
    assert done.returncode == 2
    assert done.stderr.strip() == f"error: smscx.testing needs the testing extra: {EXTRA}"


def test_importing_smscx_testing_says_which_extra(without_phonenumbers: dict[str, str]) -> None:
    done = _python("-c", "import smscx.testing", env=without_phonenumbers)
    assert done.returncode == 1
    assert f"ImportError: smscx.testing needs the testing extra: {EXTRA}" in done.stderr


def test_the_core_imports_without_any_extra(without_phonenumbers: dict[str, str]) -> None:
    done = _python(
        "-c", "import smscx, smscx.errors, smscx.models, smscx.text", env=without_phonenumbers
    )
    assert done.returncode == 0, done.stderr
