"""What the docs state about the code, checked against the code: the statements that once
drifted (issue 22, item 12) each have a test here, beside the samples that run."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest

from smscx.cli._errors import ExitStatus
from smscx.webhooks import DeliveryReport

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def _text(page: str) -> str:
    return " ".join((ROOT / page).read_text().split())


def test_the_delivery_report_fields_webhooks_md_lists_are_its_attributes() -> None:
    listed = re.search(r"each \[`DeliveryReport`\]\[[^]]+\] has (.*?)\.", _text("docs/webhooks.md"))
    assert listed is not None
    names = re.findall(r"`(\w+)`", re.sub(r"\([^)]*\)", "", listed.group(1)))
    fields = {f.name for f in attrs.fields(DeliveryReport)} | {"delivered"}
    assert len(names) == 8
    assert set(names) <= fields, set(names) - fields


def test_the_exit_status_cli_md_gives_for_missing_credentials_is_the_codes() -> None:
    said = re.search(
        r"Without one, a command says so and exits with status (\d+)", _text("docs/cli.md")
    )
    assert said is not None
    assert int(said.group(1)) == ExitStatus.CONFIGURATION


def test_testing_md_does_not_say_the_emulator_lacks_opt_outs() -> None:
    assert "no opt-outs" not in _text("docs/testing.md")


def test_the_readmes_trio_quick_start_names_an_extra_that_installs_trio() -> None:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+; the file is the same on 3.10
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert any(r.startswith("trio") for r in project["optional-dependencies"]["trio"])
    trio_section = _text("README.md").split("### trio", 1)[1].split("###", 1)[0]
    assert 'pip install "smscx-async[trio]"' in trio_section


def test_otp_md_says_the_emulators_message_route_needs_its_key() -> None:
    in_tests = _text("docs/otp.md").split("## In tests", 1)[1]
    assert "X-API-KEY" in in_tests


def test_logging_has_a_page_in_the_navigation_that_names_every_logged_level() -> None:
    assert "Logging: logging.md" in (ROOT / "mkdocs.yml").read_text()
    page = _text("docs/logging.md")
    for level in ("`DEBUG`", "`WARNING`", "`ERROR`"):
        assert level in page


def test_migrating_mds_coverage_table_is_the_vendors_list_and_the_clients() -> None:
    from smscx import AsyncSmsClient
    from smscx.api._registry import NAMESPACES
    from tests.test_vendor_methods import VENDOR_METHODS

    rows = re.findall(
        r"^\| `(\w+Api)` \| (\d+) \| `client\.(\w+)[`.]", (DOCS / "migrating.md").read_text(), re.M
    )
    attribute = {entry.vendor: entry.attribute for entry in NAMESPACES}
    assert {vendor: int(count) for vendor, count, _ in rows} == {
        vendor: len(methods) for vendor, methods in VENDOR_METHODS.items()
    }
    assert all(attribute[vendor] == name for vendor, _, name in rows)
    assert all(hasattr(AsyncSmsClient, name) for _, _, name in rows)
    assert "**101 of 101**" in _text("docs/migrating.md")
