"""``smscx bulk`` checks on this machine what it can before sending, and reports what goes
wrong here in one ``error:`` line (a JSON error object with ``--json``), never a traceback."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import httpx
import pytest

from tests.cli.conftest import Run
from tests.cli.support import bulk_response, stdout_json
from tests.helpers import Recorder

NUMBERS = [f"+3361234567{i}" for i in range(5)]


def numbers_file(tmp_path: Path, text: str = "\n".join(NUMBERS) + "\n") -> Path:
    path = tmp_path / "numbers.csv"
    path.write_text(text, encoding="utf-8")
    return path


def bulk(path: Path, *extra: str) -> list[str]:
    return ["bulk", str(path), "--from", "InfoText", "--text", "Sale!", "--chunk-size", "2",
            *extra]  # fmt: skip


def test_a_field_over_the_csv_limit_is_one_error_line_before_sending(
    run: Run, tmp_path: Path
) -> None:
    # An unclosed quote makes the rest of a file one field: the csv module's limit is hit.
    path = numbers_file(tmp_path, f'{NUMBERS[0]}\n{NUMBERS[1]},"Bob\n' + "x" * 200_000 + "\n")
    server = Recorder(bulk_response)
    result = run(server, bulk(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {path} is not a CSV file of numbers: a field longer than 131,072 characters "
        "(a quote left open?)\n"
    )
    assert server.requests == []


def test_a_field_over_the_csv_limit_is_a_json_error_with_json(run: Run, tmp_path: Path) -> None:
    path = numbers_file(tmp_path, f"{NUMBERS[0]},{'x' * 200_000}\n")
    result = run(Recorder(bulk_response), bulk(path, "--json"))
    assert result.exit_code == 2
    error = stdout_json(result)["error"]
    assert error["class"] == "InputFileError"
    assert error["exit_status"] == 2
    assert error["message"].startswith(f"{path} is not a CSV file of numbers: a field longer")


def test_a_journal_directory_that_cannot_be_made_is_one_error_line_exit_6(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "state"
    blocker.write_text("a file where the directory should be")
    monkeypatch.setenv("SMSCX_JOURNAL_DIR", str(blocker / "journals"))
    server = Recorder(bulk_response)
    result = run(server, bulk(numbers_file(tmp_path), "--batch-id", "b"))
    assert result.exit_code == 6
    assert result.stderr.splitlines() == [
        f"error: cannot make the journal directory {blocker / 'journals'}: Not a directory",
        "hint: set SMSCX_JOURNAL_DIR to a directory you can write, or pass --journal PATH or "
        "--no-journal",
    ]
    assert server.requests == []


def test_a_journal_directory_error_is_a_json_error_with_json(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "state"
    blocker.write_text("")
    monkeypatch.setenv("SMSCX_JOURNAL_DIR", str(blocker / "journals"))
    result = run(Recorder(bulk_response), bulk(numbers_file(tmp_path), "--json"))
    assert result.exit_code == 6
    assert stdout_json(result)["error"]["class"] == "SetupError"
    assert stdout_json(result)["error"]["exit_status"] == 6


def test_a_batch_id_too_long_to_name_its_journal_is_refused_before_sending(
    run: Run, tmp_path: Path
) -> None:
    server = Recorder(bulk_response)
    result = run(server, bulk(numbers_file(tmp_path), "--batch-id", "b" * 300))
    assert result.exit_code == 2
    assert result.stderr == "error: --batch-id is 300 characters long; it may have 100\n"
    assert server.requests == []
    assert os.listdir(os.environ["SMSCX_JOURNAL_DIR"]) == []


@pytest.mark.parametrize(
    ("batch_id", "line"),
    [
        ("", "error: --batch-id is empty"),
        ("a\nb", "error: --batch-id 'a\\nb' has a control character"),
        ("日" * 90, "error: --batch-id makes a journal file name of 277 bytes, more than 255"),
    ],
)
def test_a_batch_id_that_cannot_be_used_is_refused_before_sending(
    run: Run, tmp_path: Path, batch_id: str, line: str
) -> None:
    server = Recorder(bulk_response)
    result = run(server, bulk(numbers_file(tmp_path), "--batch-id", batch_id))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == line
    assert server.requests == []


def test_a_long_non_ascii_batch_id_is_fine_with_a_journal_named(run: Run, tmp_path: Path) -> None:
    args = bulk(numbers_file(tmp_path), "--batch-id", "日" * 90, "--journal",
                str(tmp_path / "j.sqlite"))  # fmt: skip
    assert run(Recorder(bulk_response), args).exit_code == 0


def test_a_failures_file_in_a_missing_directory_is_refused_before_sending(
    run: Run, tmp_path: Path
) -> None:
    # It was found only after the batch was sent, and that run's report was lost.
    server = Recorder(bulk_response)
    failures = tmp_path / "missing" / "failed.csv"
    result = run(server, bulk(numbers_file(tmp_path), "--failures", str(failures)))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: the failures file {failures} could not be written: {failures.parent} does "
        "not exist",
        "hint: pass --failures FILE in a directory you can write",
    ]
    assert server.requests == []


def test_the_report_is_printed_even_when_the_failures_file_cannot_be_written(
    run: Run, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    failures = out / "failed.csv"

    def answer(request: httpx.Request) -> httpx.Response:
        shutil.rmtree(out, ignore_errors=True)  # the directory goes while the batch runs
        return bulk_response(request)

    result = run(Recorder(answer), bulk(numbers_file(tmp_path), "--failures", str(failures)))
    assert result.exit_code == 1
    assert "numbers sent 5" in [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert result.stderr.splitlines()[-1] == (
        f"error: the failures file {failures} could not be written: No such file or directory"
    )


def test_with_json_the_report_carries_the_failures_file_error(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()

    def answer(request: httpx.Request) -> httpx.Response:
        shutil.rmtree(out, ignore_errors=True)
        return bulk_response(request)

    args = bulk(numbers_file(tmp_path), "--failures", str(out / "failed.csv"), "--json")
    result = run(Recorder(answer), args)
    assert result.exit_code == 1
    report = stdout_json(result)
    assert report["messages_sent"] == 5
    assert report["failures_file"] is None
    assert report["error"]["class"] == "OutputError"
    assert report["error"]["exit_status"] == 1


def test_a_journal_that_is_not_a_database_is_refused_before_sending(
    run: Run, tmp_path: Path
) -> None:
    journal = tmp_path / "batch.sqlite"
    journal.write_text("not a database")
    server = Recorder(bulk_response)
    result = run(server, bulk(numbers_file(tmp_path), "--journal", str(journal)))
    assert result.exit_code == 6
    assert result.stderr.splitlines() == [
        f"error: the journal {journal} cannot be read: file is not a database",
        "hint: move that file away, or pass --journal PATH or another --batch-id",
    ]
    assert server.requests == []


def test_an_error_raised_by_the_batch_itself_is_one_line(run: Run, tmp_path: Path) -> None:
    # The same batch id with another text: the journal refuses it, before sending. Raised
    # from within the batch's task group, it must still be one line, not an exception group.
    path = numbers_file(tmp_path)
    assert run(Recorder(bulk_response), bulk(path, "--batch-id", "same")).exit_code == 0
    server = Recorder(bulk_response)
    result = run(server, [*bulk(path, "--batch-id", "same"), "--text", "Other"])
    assert result.exit_code != 0
    assert result.stderr.splitlines()[-1].startswith("error: ")
    assert isinstance(result.exception, SystemExit)
    assert server.requests == []
