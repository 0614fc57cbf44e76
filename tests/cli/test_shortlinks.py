"""``smscx shortlinks``: create, list and hits, against one emulator served on loopback (so
that what one command creates the next one sees), and ``--sandbox``."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from smscx import AsyncSmsClient
from smscx.cli._app import cli
from smscx.cli._errors import ExitStatus
from smscx.cli._session import CliEnv, Connection

pytest.importorskip("smscx.testing", reason="the emulator needs the testing extra")

from smscx.testing import Emulator

ANA = "+33612345678"


@pytest.fixture
def served() -> Iterator[tuple[Emulator, str]]:
    emulator = Emulator()
    with emulator.serve_sync() as url:
        yield emulator, url


def smscx(served: tuple[Emulator, str], *args: str) -> Result:
    """The command line, its client on the served emulator."""
    emulator, url = served

    def factory(connection: Connection) -> AsyncSmsClient:
        return AsyncSmsClient(api_key=emulator.api_key, base_url=url)

    return CliRunner().invoke(cli, list(args), obj=CliEnv(client_factory=factory))


def test_create_prints_the_id_and_how_to_use_it(served: tuple[Emulator, str]) -> None:
    emulator, _ = served
    result = smscx(served, "shortlinks", "create", "https://shop.example/sale", "--name", "Sale")
    assert result.exit_code == 0, result.output
    [link] = emulator.shortlinks.by_id.values()
    assert result.stdout.split()[:2] == [link.id, f"https://en.ax/{link.id}"]
    assert "{{shortlink:" + link.id + "}}" in result.stderr
    assert link.name == "Sale"


def test_create_with_json_prints_the_answer(served: tuple[Emulator, str]) -> None:
    result = smscx(served, "shortlinks", "create", "https://shop.example", "--json")
    info = json.loads(result.stdout)["info"]
    assert (info["name"], info["original_url"]) == ("Short link #1", "https://shop.example")


def test_an_invalid_url_is_the_apis_error_and_exit_status(served: tuple[Emulator, str]) -> None:
    result = smscx(served, "shortlinks", "create", "not a url")
    assert result.exit_code == ExitStatus.API
    assert "1402" in result.stderr


def test_list_shows_each_link_with_its_hits(served: tuple[Emulator, str]) -> None:
    emulator, _ = served
    link = emulator.shortlinks.add("https://shop.example", name="Shop", link_id="shop")
    emulator.shortlinks.click(link.id, ANA)
    result = smscx(served, "shortlinks", "list")
    as_json = smscx(served, "shortlinks", "list", "--json")
    assert result.exit_code == 0, result.output
    assert "shop  Shop  https://en.ax/shop -> https://shop.example  1 hits" in result.stdout
    assert json.loads(as_json.stdout)["data"][0]["hits"] == 1


def _sent_and_clicked(emulator: Emulator) -> str:
    link = emulator.shortlinks.add("https://shop.example", link_id="shop")
    emulator.shortlinks.click(link.id, ANA)
    emulator.shortlinks.click(link.id)
    return link.id


def test_hits_prints_the_csv_report(served: tuple[Emulator, str]) -> None:
    short_id = _sent_and_clicked(served[0])
    result = smscx(served, "shortlinks", "hits", short_id)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["phoneNumber"] for row in rows] == ["", ANA]  # most recent first


def test_hits_with_json_is_one_hit_per_line(served: tuple[Emulator, str]) -> None:
    short_id = _sent_and_clicked(served[0])
    result = smscx(served, "shortlinks", "hits", short_id, "--json")
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert [hit["phone_number"] for hit in hits] == [None, ANA]


def test_hits_writes_the_csv_or_the_xlsx_to_output(
    served: tuple[Emulator, str], tmp_path: Path
) -> None:
    short_id = _sent_and_clicked(served[0])
    as_csv = smscx(served, "shortlinks", "hits", short_id, "--output", str(tmp_path / "h.csv"))
    as_xlsx = smscx(
        served, "shortlinks", "hits", short_id, "--xlsx", "-o", str(tmp_path / "h.xlsx"), "--json"
    )
    assert as_csv.exit_code == 0, as_csv.output
    assert ANA in (tmp_path / "h.csv").read_text()
    assert (tmp_path / "h.xlsx").read_bytes().startswith(b"PK")
    assert json.loads(as_xlsx.stdout) == {
        "path": str(tmp_path / "h.xlsx"),
        "bytes": (tmp_path / "h.xlsx").stat().st_size,
    }


def test_xlsx_without_output_is_a_usage_error_before_anything_is_sent(
    served: tuple[Emulator, str],
) -> None:
    emulator, _ = served
    result = smscx(served, "shortlinks", "hits", "shop", "--xlsx")
    assert result.exit_code == ExitStatus.USAGE
    assert "--output" in result.stderr
    assert emulator.request_counts == {}


def test_an_unknown_link_is_not_found(served: tuple[Emulator, str]) -> None:
    result = smscx(served, "shortlinks", "hits", "nope")
    assert result.exit_code == ExitStatus.API
    assert "1400" in result.stderr


def test_the_sandbox_answers(tmp_path: Path) -> None:
    runner = CliRunner()
    created = runner.invoke(cli, ["shortlinks", "create", "https://a.example", "--sandbox"])
    listed = runner.invoke(cli, ["shortlinks", "list", "--sandbox", "--json"])
    assert created.exit_code == 0, created.output
    assert json.loads(listed.stdout)["data"] == []  # every --sandbox command is a fresh one
