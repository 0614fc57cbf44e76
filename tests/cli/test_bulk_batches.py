"""``smscx bulk``: repeats left out, a batch that stops at the account's errors and says
why, and sandbox trials that never touch a real batch's journal."""

from __future__ import annotations

import json
import os
from pathlib import Path

from smscx.testing import Emulator
from tests.cli.conftest import Run
from tests.cli.support import bulk_response
from tests.helpers import Recorder, error_response

NUMBERS = [f"+3361234567{i}" for i in range(5)]


def numbers_file(tmp_path: Path, numbers: list[str]) -> Path:
    path = tmp_path / "numbers.csv"
    path.write_text("".join(f"{n}\n" for n in numbers), encoding="utf-8")
    return path


def bulk_args(path: Path, *extra: str) -> list[str]:
    return ["bulk", str(path), "--from", "InfoText", "--text", "Sale!", "--batch-id", "b",
            *extra]  # fmt: skip


def lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines()]


def test_a_file_with_repeated_numbers_sends_each_once_and_says_how_many_were_left_out(
    run: Run, tmp_path: Path
) -> None:
    server = Recorder(bulk_response)
    result = run(server, bulk_args(numbers_file(tmp_path, [*NUMBERS, *NUMBERS[:3]])))
    assert result.exit_code == 0, result.output
    assert sorted(n for body in server.bodies() for n in body["to"]) == NUMBERS
    assert "repeats left out 3" in lines(result.stdout)


def test_keep_duplicates_sends_every_number_of_the_file_and_is_repeated_on_resume(
    run: Run, tmp_path: Path
) -> None:
    server = Recorder(bulk_response)
    result = run(
        server, bulk_args(numbers_file(tmp_path, [*NUMBERS, *NUMBERS[:3]]), "--keep-duplicates")
    )
    assert result.exit_code == 0, result.output
    assert len([n for body in server.bodies() for n in body["to"]]) == 8
    resume = next(line for line in result.stderr.splitlines() if "to resume, run:" in line)
    assert "--keep-duplicates" in resume


def test_a_refused_key_stops_the_batch_and_the_hint_names_the_key(run: Run, tmp_path: Path) -> None:
    server = Recorder(lambda request: error_response(401, "unauthorized", 1001, "Bad key"))
    many = [f"+336{n:08d}" for n in range(100)]
    result = run(server, [*bulk_args(numbers_file(tmp_path, many)), "--chunk-size", "10"])
    assert result.exit_code == 4
    assert len(server.requests) == 1  # not ten refused requests
    assert "stopped: the API key was refused: check the API key, then rerun" in result.stderr
    assert any(line.startswith("stopped early yes") for line in lines(result.stdout))


def test_no_credit_stops_the_batch_and_the_json_says_why(run: Run, tmp_path: Path) -> None:
    server = Recorder(
        lambda request: error_response(400, "insufficient_credit", 1113, "Insufficient credit")
    )
    many = [f"+336{n:08d}" for n in range(100)]
    result = run(server, [*bulk_args(numbers_file(tmp_path, many)), "--chunk-size", "10", "--json"])
    report = json.loads(result.stdout)
    assert report["stopped_early"] is True
    assert report["stopped_because"] == "no credit left: top up, then rerun"
    assert len(server.requests) == 1


def test_a_sandbox_trial_keeps_its_own_journal_and_the_real_run_sends_everything(
    run: Run, tmp_path: Path
) -> None:
    path = numbers_file(tmp_path, NUMBERS)
    trial = run(None, [*bulk_args(path), "--sandbox"])
    assert trial.exit_code == 0, trial.output
    journals = Path(os.environ["SMSCX_JOURNAL_DIR"])
    assert (journals / "sandbox" / "b.sqlite").is_file()
    assert not (journals / "b.sqlite").exists()
    emulator = Emulator()
    with emulator.serve_sync() as url:
        real = run(None, [*bulk_args(path), "--base-url", url, "--api-key", emulator.api_key])
    assert real.exit_code == 0, real.output
    assert "taken from the journal" not in real.stderr
    assert len(emulator.ledger.messages) == len(NUMBERS)  # sent for real, every number


def test_a_sandbox_batch_resumes_in_a_later_sandbox_run(run: Run, tmp_path: Path) -> None:
    path = numbers_file(tmp_path, NUMBERS)
    first = run(None, [*bulk_args(path), "--sandbox", "--chunk-size", "2"])
    again = run(None, [*bulk_args(path), "--sandbox", "--chunk-size", "2"])
    assert first.exit_code == 0, first.output
    assert again.exit_code == 0, again.output
    assert "3 request(s) taken from the journal" in again.stderr
