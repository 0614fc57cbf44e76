"""``--max-cost`` on the send commands: over the cap nothing is sent (counted at the
emulator), a bulk batch stops at it and says why, and its rerun with a higher cap sends
only the rest."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from click.testing import CliRunner, Result

from smscx import AsyncSmsClient
from smscx.cli._app import cli
from smscx.cli._session import CliEnv, Connection
from smscx.testing import Emulator
from tests.cli.support import stdout_json

TWO = ["--to", "+33612345678", "--to", "+33612345679"]  # 0.065 each: 0.13
SENDER = ["--from", "Shop", "--text", "Hi"]
TEN = [f"+336{n:08d}" for n in range(10)]


def run(emulator: Emulator, args: Sequence[str]) -> Result:
    """The command line with its client wired to ``emulator`` in-process."""

    def factory(connection: Connection) -> AsyncSmsClient:
        return emulator.client()

    return CliRunner().invoke(cli, list(args), obj=CliEnv(client_factory=factory))


def test_send_over_the_cap_sends_nothing_and_exits_3() -> None:
    emulator = Emulator()
    result = run(emulator, ["send", *TWO, *SENDER, "--max-cost", "0.12"])
    assert result.exit_code == 3, result.output
    assert "0.13" in result.stderr
    assert "max_cost=0.12" in result.stderr
    assert emulator.request_counts == {"POST /sms/estimate": 1}


def test_send_within_the_cap_is_sent_after_one_estimate() -> None:
    emulator = Emulator()
    result = run(emulator, ["send", *TWO, *SENDER, "--max-cost", "0.13"])
    assert result.exit_code == 0, result.output
    assert emulator.request_counts == {"POST /sms/estimate": 1, "POST /sms": 1}


def test_a_max_cost_that_is_not_an_amount_is_a_usage_error() -> None:
    emulator = Emulator()
    for cap in ("abc", "-1", "NaN"):
        result = run(emulator, ["send", *TWO, *SENDER, "--max-cost", cap])
        assert result.exit_code == 2, result.output
        assert "--max-cost" in result.stderr
    assert emulator.request_counts == {}


def test_campaign_send_over_the_cap_sends_nothing() -> None:
    emulator = Emulator()
    result = run(emulator, ["campaign", "send", "--group", "1", *SENDER, "--max-cost", "0.01"])
    assert result.exit_code == 3, result.output
    assert "POST /sms/campaign" not in emulator.request_counts


def test_bulk_stops_at_the_cap_says_why_and_a_rerun_with_more_sends_only_the_rest(
    tmp_path: Path,
) -> None:
    emulator = Emulator()
    numbers = tmp_path / "numbers.csv"
    numbers.write_text("\n".join(TEN) + "\n", encoding="utf-8")
    batch = ["bulk", str(numbers), *SENDER, "--chunk-size", "2", "--batch-id", "capped"]
    first = run(emulator, [*batch, "--max-cost", "0.30"])
    assert first.exit_code == 3, first.output
    assert emulator.request_counts["POST /sms"] == 2
    assert "stopped: the spend cap" in first.stderr
    assert "--max-cost 0.30" in first.stderr  # the rerun line keeps the cap: raise it
    with (tmp_path / "numbers.failures.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert [row["number"].lstrip("'") for row in rows] == TEN[4:]
    assert {(row["outcome"], row["error"]) for row in rows} == {("not_sent", "SpendLimitError")}

    again = run(emulator, [*batch, "--max-cost", "1", "--json"])
    assert again.exit_code == 0, again.output
    assert emulator.request_counts["POST /sms"] == 5  # only the three requests left
    report = stdout_json(again)
    assert (report["ok"], report["messages_sent"]) == (True, 10)
    assert sorted(m.to for m in emulator.ledger.messages.values()) == TEN


def test_bulk_json_says_the_cap_stopped_it(tmp_path: Path) -> None:
    emulator = Emulator()
    numbers = tmp_path / "numbers.csv"
    numbers.write_text("\n".join(TEN) + "\n", encoding="utf-8")
    args = ["bulk", str(numbers), *SENDER, "--chunk-size", "5", "--max-cost", "0", "--json"]
    result = run(emulator, args)
    report = stdout_json(result)
    assert "spend cap" in report["stopped_because"]
    assert {u["outcome"] for u in report["unsent"]} == {"not_sent"}
    assert "POST /sms" not in emulator.request_counts


def test_bulk_summary_counts_the_requests_the_cap_kept_apart_from_failures(
    tmp_path: Path,
) -> None:
    emulator = Emulator()
    numbers = tmp_path / "numbers.csv"
    numbers.write_text("\n".join(TEN) + "\n", encoding="utf-8")
    result = run(
        emulator, ["bulk", str(numbers), *SENDER, "--chunk-size", "2", "--max-cost", "0.3"]
    )
    lines = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert "requests 2 (0 failed, 3 not sent for the spend cap)" in lines
