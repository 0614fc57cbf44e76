"""The distribution: its name on the package index, and what each extra installs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")  # Python 3.11+; the metadata is the same on 3.10

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
DEV_TOOLS = ("pytest", "ruff", "mypy", "mkdocs", "nox", "hypothesis", "celery", "smscx-client")


def test_the_distribution_is_not_the_vendors_smscx() -> None:
    # `smscx` on the index is the vendor's generated client (module smscx_client).
    assert PROJECT["name"] == "smscx-async"
    assert PROJECT["scripts"]["smscx"] == "smscx.cli:main"


def _expanded(extra: str) -> set[str]:
    """Every requirement ``extra`` pulls in, through the project's own extras."""
    found: set[str] = set()
    for requirement in PROJECT["optional-dependencies"][extra]:
        own = re.fullmatch(r"smscx-async\[(.+)\]", requirement)
        if own:
            for name in own.group(1).split(","):
                found |= _expanded(name.strip())
        else:
            found.add(requirement)
    return found


def test_all_is_every_user_facing_feature_and_no_development_tool() -> None:
    assert PROJECT["optional-dependencies"]["all"] == ["smscx-async[testing,fast,cli,redis]"]
    for requirement in _expanded("all"):
        assert not requirement.startswith(DEV_TOOLS), requirement


def test_the_cli_extra_installs_only_what_the_sandbox_send_needs() -> None:
    names = {re.split(r"[<>=;\[ ]", r)[0] for r in _expanded("cli")}
    assert names == {"phonenumbers", "uvicorn", "click", "rich"}


def test_docs_and_hints_name_the_distribution_not_the_vendors_package() -> None:
    wrong = re.compile(r"pip install (\"|')?smscx(?![-\w])")
    places = [ROOT / "README.md", *(ROOT / "docs").rglob("*.md"), *(ROOT / "smscx").rglob("*.py")]
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in places
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if wrong.search(line)
    ]
    assert offenders == []


def test_the_fast_extra_is_speed_only_and_no_extra_brings_another_http_engine() -> None:
    names = {re.split(r"[<>=;\[ ]", r)[0] for r in _expanded("fast")}
    assert names == {"orjson", "uvloop"}  # the HTTP path is smscx's own: no extra needed
    extras = PROJECT["optional-dependencies"]
    assert "aiohttp" not in extras  # transport="aiohttp" was removed with its extra
    assert not [r for name in extras for r in _expanded(name) if r.startswith("aiohttp")]
