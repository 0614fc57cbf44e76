"""``smscx numbers search|rent|cancel`` and ``smscx inbound``, against one emulator served on
loopback (so that what one command rents the next one sees), and ``--sandbox``."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from click.testing import CliRunner, Result

from smscx import AsyncSmsClient
from smscx.cli._app import cli
from smscx.cli._session import CliEnv, Connection

pytest.importorskip("smscx.testing", reason="the emulator needs the testing extra")

from smscx.testing import Emulator

ANA, BEN = "+33612345678", "+4915123456789"


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


def _offers(served: tuple[Emulator, str], *args: str) -> list[dict[str, object]]:
    result = smscx(served, "numbers", "search", "GB", "--json", *args)
    assert result.exit_code == 0, result.output
    return list(json.loads(result.stdout)["data"])


def test_search_lists_the_offers_with_their_prices(served: tuple[Emulator, str]) -> None:
    result = smscx(served, "numbers", "search", "gb")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert "mobile  receive+send  1d 0.5, 7d 2.5, 30d 8" in lines[0]
    assert "landline  receive  30d 8, setup 1" in lines[2]
    assert "smscx numbers rent NUMBER_ID" in result.stderr


def test_search_filters_by_features_and_type(served: tuple[Emulator, str]) -> None:
    assert [o["features"] for o in _offers(served, "--features", "2")] == [3]
    assert [o["number_type"] for o in _offers(served, "--type", "landline")] == ["landline"]


def test_an_unknown_country_is_the_apis_error(served: tuple[Emulator, str]) -> None:
    result = smscx(served, "numbers", "search", "ZZ")
    assert result.exit_code != 0
    assert "2003" in result.stderr


def test_rent_bills_the_period_and_cancel_returns_it(served: tuple[Emulator, str]) -> None:
    emulator, _ = served
    offer = _offers(served)[0]
    rented = smscx(served, "numbers", "rent", str(offer["number_id"]), "--days", "7")
    assert rented.exit_code == 0, rented.output
    rent_id, number = rented.stdout.split()[:2]
    assert number == offer["phone_number"]
    assert "charged 2.5" in rented.stderr
    assert emulator.balance == pytest.approx(1000 - 2.5)
    cancelled = smscx(served, "numbers", "cancel", rent_id)
    assert cancelled.exit_code == 0, cancelled.output
    assert cancelled.stdout.strip() == f"cancelled {number}: 2.5 returned"
    assert emulator.balance == pytest.approx(1000)


def test_rent_with_json_prints_the_answer_and_its_options_reach_the_api(
    served: tuple[Emulator, str],
) -> None:
    offer = _offers(served)[0]
    result = smscx(
        served,
        "numbers",
        "rent",
        str(offer["number_id"]),
        "--days",
        "1",
        "--auto-renew",
        "--callback-url",
        "https://example.com/in",
        "--json",
    )
    info = json.loads(result.stdout)["info"]
    assert (info["auto_renew"], info["callback_url"]) == (True, "https://example.com/in")


def test_a_period_below_the_numbers_minimum_is_the_apis_error(
    served: tuple[Emulator, str],
) -> None:
    landline = _offers(served, "--type", "landline")[0]
    result = smscx(served, "numbers", "rent", str(landline["number_id"]), "--days", "7")
    assert result.exit_code != 0
    assert "1229" in result.stderr


def _rent(served: tuple[Emulator, str], index: int) -> tuple[str, str]:
    offer = _offers(served)[index]
    result = smscx(served, "numbers", "rent", str(offer["number_id"]), "--days", "30", "--json")
    info = json.loads(result.stdout)["info"]
    return info["rent_id"], info["phone_number"]


def test_inbound_lists_what_every_rented_number_received_newest_first(
    served: tuple[Emulator, str],
) -> None:
    emulator, _ = served
    _, first = _rent(served, 0)
    rent_id, second = _rent(served, 1)
    emulator.numbers.receive(from_=ANA, to=first, text="one")
    emulator.numbers.receive(from_=BEN, to=second, text="two")
    every = smscx(served, "inbound")
    assert every.exit_code == 0, every.output
    assert {line.split("  ", 1)[1] for line in every.stdout.splitlines()} == {
        f"{ANA} -> {first}  one",
        f"{BEN} -> {second}  two",
    }
    by_number = smscx(served, "inbound", second, "--json")
    assert [json.loads(line)["text"] for line in by_number.stdout.splitlines()] == ["two"]
    by_rent_id = smscx(served, "inbound", rent_id)
    assert by_rent_id.stdout.count("\n") == 1


def test_inbound_of_a_number_not_rented_is_an_option_error(served: tuple[Emulator, str]) -> None:
    result = smscx(served, "inbound", "+447400000000")
    assert result.exit_code != 0
    assert "not one of your rented numbers" in result.stderr


def test_the_rental_commands_run_in_the_sandbox() -> None:
    runner = CliRunner()
    search = runner.invoke(cli, ["numbers", "search", "FR", "--sandbox", "--json"])
    assert search.exit_code == 0, search.output
    number_id = json.loads(search.stdout)["data"][0]["number_id"]
    rent = runner.invoke(cli, ["numbers", "rent", number_id, "--days", "1", "--sandbox"])
    assert rent.exit_code == 0, rent.output
    assert "sandbox" in rent.stderr
    inbound = runner.invoke(cli, ["inbound", "--sandbox"])
    assert (inbound.exit_code, inbound.stdout) == (0, "")
