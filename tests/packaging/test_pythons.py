"""The suite runs on every Python the package claims: nox has a tests session for each minor
version from ``requires-python`` on, and CI checks that each of them is there to run."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _nox_pythons() -> list[str]:
    tree = ast.parse((ROOT / "noxfile.py").read_text())
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if any(isinstance(t, ast.Name) and t.id == "PYTHONS" for t in targets):
            assert isinstance(node, ast.Assign)
            pythons: list[str] = ast.literal_eval(node.value)
            return pythons
    raise AssertionError("noxfile.py names no PYTHONS")


def _oldest_claimed() -> str:
    found = re.search(
        r'^requires-python = ">=(\d+\.\d+)"$', (ROOT / "pyproject.toml").read_text(), re.M
    )
    assert found is not None
    return found.group(1)


def test_the_tests_session_runs_on_each_python_from_the_oldest_claimed() -> None:
    pythons = _nox_pythons()
    minors = [int(version.split(".")[1]) for version in pythons]
    assert pythons[0] == _oldest_claimed()
    assert minors == list(range(minors[0], minors[0] + len(minors)))
    assert len(pythons) >= 4  # 3.10 to 3.13, when this was written
    assert "@nox.session(python=PYTHONS)\ndef tests(" in (ROOT / "noxfile.py").read_text()


def test_ci_fails_when_one_of_those_pythons_is_missing() -> None:
    run = (ROOT / ".ci" / "run").read_text()
    checked = re.search(r"^for version in ([\d. ]+); do$", run, re.M)
    assert checked is not None
    assert checked.group(1).split() == _nox_pythons()
    assert "nox --non-interactive -s lint typecheck docs tests" in run
