"""``smscx bulk``: numbers from a file, resumable ids, a summary, failures as CSV."""

from __future__ import annotations

import csv
import json
import os
import shlex
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from smscx.bulk import idempotency_id_for
from smscx.cli._bulk import FAILURE_COLUMNS
from tests.cli.conftest import Run
from tests.cli.support import bulk_response, stdout_json
from tests.helpers import Recorder, error_response

NUMBERS = [f"+3361234567{i}" for i in range(5)]
BATCH = "spring-sale-2099"


def numbers_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "numbers.csv"
    path.write_text(text, encoding="utf-8")
    return path


def csv_with_header(tmp_path: Path) -> Path:
    rows = "".join(f"{n},Client {i}\n" for i, n in enumerate(NUMBERS))
    return numbers_file(tmp_path, "phone,name\n" + rows)


def bulk_args(path: Path, *extra: str) -> list[str]:
    return ["bulk", str(path), "--from", "InfoText", "--text", "Sale!", "--chunk-size", "2",
            "--batch-id", BATCH, *extra]  # fmt: skip


def fail_chunk_with(number: str, response: httpx.Response) -> Recorder:
    """Sends succeed, except the request whose first number is ``number``."""

    def answer(request: httpx.Request) -> httpx.Response:
        if json.loads(request.content)["to"][0] == number:
            return response
        return bulk_response(request)

    return Recorder(answer)


def test_bulk_sends_every_number_in_chunks_and_prints_a_summary(run: Run, tmp_path: Path) -> None:
    server = Recorder(bulk_response)
    result = run(server, bulk_args(csv_with_header(tmp_path)))
    assert result.exit_code == 0, result.output
    assert sorted(n for body in server.bodies() for n in body["to"]) == NUMBERS
    assert sorted(len(body["to"]) for body in server.bodies()) == [1, 2, 2]
    assert {body["text"] for body in server.bodies()} == {"Sale!"}
    lines = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert "numbers sent 5" in lines
    assert "numbers failed 0" in lines
    assert "requests 3 (0 failed)" in lines
    assert "total cost 0.05" in lines
    assert not (tmp_path / "numbers.failures.csv").exists()


def test_bulk_prints_the_batch_id_and_how_to_resume(run: Run, tmp_path: Path) -> None:
    path = csv_with_header(tmp_path)
    result = run(Recorder(bulk_response), bulk_args(path))
    journal = Path(os.environ["SMSCX_JOURNAL_DIR"]) / f"{BATCH}.sqlite"
    assert result.stderr.splitlines()[:3] == [
        f"batch id: {BATCH}",
        f"journal: {journal}",
        f"to resume, run: smscx bulk {path} --batch-id {BATCH} --chunk-size 2 "
        "--from InfoText --text 'Sale!'",
    ]
    assert journal.is_file()


def test_the_resume_command_repeats_every_option_that_shapes_a_request(
    run: Run, tmp_path: Path
) -> None:
    # Left out, an option would change the requests, and the API refuses an idempotency id
    # reused for a different request; so the printed command must be complete and pastable.
    path = csv_with_header(tmp_path)
    options = ["--text", "Sale! 50% off", "--schedule", "2099-12-01 10:00", "--country-iso", "FR",
               "--allow-invalid", "--base-url", "https://api.example.test"]  # fmt: skip
    result = run(Recorder(bulk_response), [*bulk_args(path), *options])
    assert result.exit_code == 0, result.output
    resume = result.stderr.splitlines()[2].removeprefix("to resume, run: ")
    assert shlex.split(resume) == [
        "smscx", "bulk", str(path), "--batch-id", BATCH, "--chunk-size", "2",
        "--from", "InfoText", "--text", "Sale! 50% off", "--schedule", "2099-12-01T10:00:00+00:00",
        "--country-iso", "FR", "--allow-invalid", "--base-url", "https://api.example.test",
    ]  # fmt: skip


def test_without_a_journal_the_resume_command_sends_the_same_requests(
    run: Run, tmp_path: Path
) -> None:
    path = csv_with_header(tmp_path)
    options = ["--schedule", "2099-12-01 10:00", "--country-iso", "FR", "--allow-invalid"]
    first, second = Recorder(bulk_response), Recorder(bulk_response)
    result = run(first, [*bulk_args(path), *options, "--no-journal"])
    resume = shlex.split(result.stderr.splitlines()[1].removeprefix("to resume, run: "))
    assert "--no-journal" in resume
    assert run(second, resume[1:]).exit_code == 0
    assert first.bodies() == second.bodies()


def test_with_its_journal_a_rerun_sends_only_what_failed(run: Run, tmp_path: Path) -> None:
    path = csv_with_header(tmp_path)
    failing = fail_chunk_with(NUMBERS[2], error_response(503, "server_error", 503, "Down"))
    first = run(failing, bulk_args(path))
    again = Recorder(bulk_response)
    second = run(again, bulk_args(path))
    assert first.exit_code != 0
    assert second.exit_code == 0, second.output
    assert [body["to"] for body in again.bodies()] == [NUMBERS[2:4]]
    assert "2 request(s) taken from the journal (confirmed by an earlier run), 1 sent now" in (
        second.stderr
    )
    assert "numbers sent 5" in [" ".join(line.split()) for line in second.stdout.splitlines()]


def test_bulk_without_a_batch_id_makes_one_and_prints_it(run: Run, tmp_path: Path) -> None:
    server = Recorder(bulk_response)
    path = csv_with_header(tmp_path)
    result = run(server, ["bulk", str(path), "--from", "InfoText", "--text", "Sale!", "--json"])
    batch_id = stdout_json(result)["batch_id"]
    assert result.stderr.startswith(f"batch id: {batch_id}\n")
    assert server.bodies()[0]["idempotencyId"] == idempotency_id_for(batch_id, "chunk", 0)


def test_bulk_ids_derive_from_the_batch_id_so_a_rerun_resumes(run: Run, tmp_path: Path) -> None:
    path = csv_with_header(tmp_path)
    first, second = Recorder(bulk_response), Recorder(bulk_response)
    run(first, bulk_args(path, "--no-journal"))
    run(second, bulk_args(path, "--no-journal"))
    by_chunk = {tuple(b["to"]): b["idempotencyId"] for b in first.bodies()}
    assert by_chunk == {tuple(b["to"]): b["idempotencyId"] for b in second.bodies()}
    assert by_chunk[tuple(NUMBERS[:2])] == idempotency_id_for(BATCH, "chunk", 0)
    assert by_chunk[tuple(NUMBERS[4:])] == idempotency_id_for(BATCH, "chunk", 2)


def test_a_failed_chunk_is_written_to_the_failures_csv(run: Run, tmp_path: Path) -> None:
    server = fail_chunk_with(NUMBERS[2], error_response(403, "no_coverage", 1119, "No coverage"))
    failures = tmp_path / "failed.csv"
    result = run(server, bulk_args(csv_with_header(tmp_path), "--failures", str(failures)))
    assert result.exit_code == 4
    with failures.open(newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    chunk_id = idempotency_id_for(BATCH, "chunk", 1)
    refused = "its request was refused: No coverage"
    assert rows == [  # a + starts a formula in a spreadsheet: written after a '
        list(FAILURE_COLUMNS),
        [f"'{NUMBERS[2]}", "not_sent", refused, "NoCoverageError", "1119", chunk_id],
        [f"'{NUMBERS[3]}", "not_sent", refused, "NoCoverageError", "1119", chunk_id],
    ]
    lines = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert "numbers sent 3" in lines
    assert "numbers failed 2" in lines
    assert f"failures {failures}" in lines
    assert result.stderr.splitlines()[-2:] == [
        "1 failed request: error: NoCoverageError (1119): No coverage",
        f"to retry what failed, run: smscx bulk {tmp_path / 'numbers.csv'} --batch-id {BATCH} "
        "--chunk-size 2 --from InfoText --text 'Sale!'",
    ]


def test_failures_go_beside_the_input_by_default(run: Run, tmp_path: Path) -> None:
    server = fail_chunk_with(NUMBERS[0], error_response(401, "unauthorized", 1001, "Bad key"))
    result = run(server, bulk_args(csv_with_header(tmp_path)))
    assert result.exit_code == 4
    rows = (tmp_path / "numbers.failures.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 3  # header + the two numbers of chunk 0


def test_a_network_failure_exits_5(run: Run, tmp_path: Path) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    result = run(Recorder(answer), bulk_args(csv_with_header(tmp_path)))
    assert result.exit_code == 5


def test_fail_fast_stops_after_the_first_failed_request(run: Run, tmp_path: Path) -> None:
    server = fail_chunk_with(NUMBERS[0], error_response(401, "unauthorized", 1001, "Bad key"))
    args = bulk_args(csv_with_header(tmp_path), "--fail-fast", "--concurrency", "1", "--json")
    result = run(server, args)
    assert result.exit_code == 4
    assert len(server.requests) == 1
    report = stdout_json(result)
    assert report["stopped_early"] is True
    assert report["messages_sent"] == 0


def test_an_explicit_failures_file_is_written_even_when_nothing_failed(
    run: Run, tmp_path: Path
) -> None:
    failures = tmp_path / "failed.csv"
    result = run(Recorder(bulk_response), bulk_args(csv_with_header(tmp_path), "--failures",
                                                    str(failures)))  # fmt: skip
    assert result.exit_code == 0
    assert failures.read_text(encoding="utf-8").splitlines() == [",".join(FAILURE_COLUMNS)]


def test_one_number_per_line_without_a_header(run: Run, tmp_path: Path) -> None:
    server = Recorder(bulk_response)
    path = numbers_file(tmp_path, "\n".join(NUMBERS[:3]) + "\n\n")
    result = run(server, bulk_args(path))
    assert result.exit_code == 0, result.output
    assert sorted(n for body in server.bodies() for n in body["to"]) == NUMBERS[:3]


def test_numbers_from_stdin(run: Run) -> None:
    server = Recorder(bulk_response)
    result = run(server, bulk_args(Path("-")), input="\n".join(NUMBERS) + "\n")
    assert result.exit_code == 0, result.output
    assert len(server.requests) == 3


def test_bulk_json_reports_totals_and_failures(run: Run, tmp_path: Path) -> None:
    server = fail_chunk_with(
        NUMBERS[4], error_response(400, "insufficient_credit", 1113, "Insufficient credit")
    )
    result = run(server, bulk_args(csv_with_header(tmp_path), "--json"))
    assert result.exit_code == 4
    report = stdout_json(result)
    assert report["batch_id"] == BATCH
    assert (report["messages_sent"], report["messages_failed"]) == (4, 1)
    assert report["total_cost"] == pytest.approx(0.04)
    [failure] = report["failures"]
    assert failure["chunk"] == 2
    assert failure["numbers"] == [NUMBERS[4]]
    assert failure["idempotency_id"] == idempotency_id_for(BATCH, "chunk", 2)
    assert failure["error"]["code"] == 1113
    assert report["failures_file"] == str(tmp_path / "numbers.failures.csv")


def test_the_progress_bar_can_be_forced_on(run: Run, tmp_path: Path) -> None:
    result = run(Recorder(bulk_response), bulk_args(csv_with_header(tmp_path), "--progress"))
    assert result.exit_code == 0, result.output
    assert "sent 5" in result.stderr


def test_a_missing_file_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    result = run(Recorder(bulk_response), bulk_args(tmp_path / "nope.csv"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_chunk_size_is_bounded_by_the_api(run: Run, tmp_path: Path) -> None:
    args = bulk_args(csv_with_header(tmp_path), "--chunk-size", "25001")
    assert run(Recorder(bulk_response), args).exit_code == 2


def test_a_rerun_with_no_failures_empties_the_failures_file_of_an_earlier_run(
    run: Run, tmp_path: Path
) -> None:
    path = csv_with_header(tmp_path)
    failing = fail_chunk_with(NUMBERS[0], error_response(503, "server_error", 503, "Down"))
    assert run(failing, bulk_args(path)).exit_code == 4
    failures = tmp_path / "numbers.failures.csv"
    assert len(failures.read_text(encoding="utf-8").splitlines()) == 3
    result = run(Recorder(bulk_response), bulk_args(path))
    assert result.exit_code == 0, result.output
    assert failures.read_text(encoding="utf-8").splitlines() == [",".join(FAILURE_COLUMNS)]
    assert f"failures {failures}" in [" ".join(line.split()) for line in result.stdout.splitlines()]


def invalid_number_response(request: httpx.Request) -> httpx.Response:
    """The API's answer to a send with an invalid number (and no ``allowInvalid``)."""
    to = json.loads(request.content)["to"]
    if "12345" not in to:
        return bulk_response(request)
    return error_response(
        400, "invalid_param", 1207, "The phone number provided is not valid", invalid=["12345"]
    )


INVALID_HINT = (
    "hint: invalid numbers: 12345 (never sent: correct or drop them; a rerun fails on them again)"
)


def test_invalid_numbers_are_named_and_what_failed_can_go_as_a_new_batch(
    run: Run, tmp_path: Path
) -> None:
    path = numbers_file(tmp_path, "phone\n" + "\n".join([*NUMBERS[:3], "12345"]) + "\n")
    result = run(Recorder(invalid_number_response), bulk_args(path))
    assert result.exit_code == 4
    failures = tmp_path / "numbers.failures.csv"
    assert result.stderr.splitlines()[-2:] == [
        INVALID_HINT,
        f"to send the valid numbers of what failed, run: smscx bulk {failures} "
        "--from InfoText --text 'Sale!' --allow-invalid",
    ]
    # That command sends the failed request's valid number, skipping the invalid one.
    server = Recorder(bulk_response)
    again = run(server, ["bulk", str(failures), "--from", "InfoText", "--text", "Sale!",
                         "--allow-invalid"])  # fmt: skip
    assert again.exit_code == 0, again.output
    assert [body["to"] for body in server.bodies()] == [[NUMBERS[2], "12345"]]
    assert server.bodies()[0]["allowInvalid"] is True


def test_a_batch_with_other_failures_still_says_how_to_retry(run: Run, tmp_path: Path) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if json.loads(request.content)["to"][0] == NUMBERS[0]:
            return error_response(503, "server_error", 503, "Down")
        return invalid_number_response(request)

    path = numbers_file(tmp_path, "phone\n" + "\n".join([*NUMBERS[:3], "12345"]) + "\n")
    result = run(Recorder(answer), bulk_args(path))
    assert result.exit_code == 4
    assert INVALID_HINT in result.stderr
    assert result.stderr.splitlines()[-1].startswith("to retry what failed, run: smscx bulk ")


def test_after_fail_fast_an_invalid_number_still_points_at_the_batch(
    run: Run, tmp_path: Path
) -> None:
    # Part of the input was never tried: a new batch of the failures would leave it out.
    path = numbers_file(tmp_path, "phone\n" + "\n".join(["12345", *NUMBERS]) + "\n")
    args = bulk_args(path, "--fail-fast", "--concurrency", "1")
    result = run(Recorder(invalid_number_response), args)
    assert result.exit_code == 4
    assert INVALID_HINT in result.stderr
    assert result.stderr.splitlines()[-1].startswith("to retry what failed, run: smscx bulk ")


def test_each_number_of_a_refused_chunk_says_what_happened_to_it(run: Run, tmp_path: Path) -> None:
    # The failures file gave every number of a chunk refused for 1207 the chunk's error, so
    # valid numbers read "The phone number provided is not valid".
    path = numbers_file(tmp_path, "phone\n" + "\n".join([*NUMBERS[:3], "12345"]) + "\n")
    result = run(Recorder(invalid_number_response), bulk_args(path))
    assert result.exit_code == 4
    with (tmp_path / "numbers.failures.csv").open(newline="", encoding="utf-8") as file:
        rows = {row["number"]: row for row in csv.DictReader(file)}
    assert rows["12345"]["outcome"] == "invalid"
    assert rows["12345"]["code"] == "1207"
    assert rows[f"'{NUMBERS[2]}"]["outcome"] == "not_sent"
    assert "refused for other, invalid numbers" in rows[f"'{NUMBERS[2]}"]["reason"]


def test_a_rerun_with_allow_invalid_lists_the_invalid_numbers_and_is_not_ok(
    run: Run, tmp_path: Path
) -> None:
    # Against the sandbox: the rerun the hint suggests used to print "ok": true with
    # "messages_failed": 3 and "failures": [], the invalid numbers listed nowhere.
    path = numbers_file(tmp_path, "phone\n" + "\n".join(["+33612345678", "12345", "999"]))
    first = run(None, ["bulk", str(path), "--from", "InfoText", "--text", "Hi", "--sandbox"])
    assert first.exit_code == 4
    failures = tmp_path / "numbers.failures.csv"
    again = run(None, ["bulk", str(failures), "--from", "InfoText", "--text", "Hi",
                       "--allow-invalid", "--sandbox", "--json"])  # fmt: skip
    report = stdout_json(again)
    assert report["ok"] is False
    assert again.exit_code == 4
    assert report["messages_sent"] == 1
    assert sorted(u["number"] for u in report["unsent"] if u["outcome"] == "invalid") == [
        "12345",
        "999",
    ]
    with (tmp_path / "numbers.failures.failures.csv").open(newline="", encoding="utf-8") as f:
        assert sorted(row["number"] for row in csv.DictReader(f)) == ["12345", "999"]


def test_ctrl_c_prints_what_was_sent_and_how_to_resume_and_exits_130(tmp_path: Path) -> None:
    # It printed "Aborted!" and exited 1, with no summary and no resume command.
    import signal
    import subprocess
    import sys
    import time

    path = numbers_file(tmp_path, "\n".join(f"+336{n:08d}" for n in range(100_000)) + "\n")
    command = [sys.executable, "-m", "smscx.cli", "bulk", str(path), "--from", "InfoText",
               "--text", "Hi", "--chunk-size", "1", "--concurrency", "1", "--sandbox",
               "--batch-id", "ctrl-c"]  # fmt: skip
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        # A shell's background job inherits SIGINT ignored, and Python then installs no
        # KeyboardInterrupt handler: give the child the default, as a terminal would.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    time.sleep(2.0)  # well under the run's length: 100,000 requests one at a time
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Aborted!" not in stderr
    assert "interrupted: " in stderr
    assert "numbers sent" in stderr
    assert "to resume, run: smscx bulk" in stderr
    assert "--batch-id ctrl-c" in stderr.splitlines()[-1]


def test_bulk_status_follows_a_journaled_batch_to_delivery(run: Run, tmp_path: Path) -> None:
    from smscx.testing import Emulator

    emulator = Emulator(api_keys=["k"], dlr_delay=0.2, dlr_outcome={NUMBERS[1]: ("FAILED", 7)})
    path = csv_with_header(tmp_path)
    with emulator.serve_sync() as url:
        connection = ["--base-url", url, "--api-key", "k"]
        sent = run(None, [*bulk_args(path), *connection])
        at_once = run(None, ["bulk", "status", "--batch-id", BATCH, *connection, "--json"])
        watched = run(None, ["bulk", "status", "--batch-id", BATCH, *connection, "--watch",
                             "--interval", "0.1"])  # fmt: skip
        unknown = run(None, ["bulk", "status", "--batch-id", "nope", *connection])
    assert sent.exit_code == 0, sent.output
    first = stdout_json(at_once)
    assert (first["sent"], first["pending"], first["delivered"]) == (5, 5, 0)
    lines = [" ".join(line.split()) for line in watched.stdout.splitlines()]
    assert "delivered 4" in lines
    assert "failed 1" in lines
    assert "pending 0" in lines
    assert f"failed: {NUMBERS[1]} FAILED (error 7)" in watched.stderr
    assert unknown.exit_code == 2
    assert "no journal for batch nope" in unknown.stderr


def test_bulk_help_names_both_commands(run: Run) -> None:
    result = run(None, ["bulk", "--help"])
    assert result.exit_code == 0
    assert "send" in result.stdout
    assert "status" in result.stdout


@pytest.fixture
def state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The user's own state directory, as on a real machine, with the common umask 022."""
    monkeypatch.delenv("SMSCX_JOURNAL_DIR")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    old = os.umask(0o022)
    yield tmp_path / "state"
    os.umask(old)


def test_the_default_journal_directory_and_file_are_their_owners_only(
    run: Run, tmp_path: Path, state_home: Path
) -> None:
    result = run(Recorder(bulk_response), bulk_args(csv_with_header(tmp_path)))
    journals = state_home / "smscx" / "journals"
    assert result.exit_code == 0, result.output
    assert oct(journals.stat().st_mode & 0o777) == oct(0o700)
    assert oct((journals.parent).stat().st_mode & 0o777) == oct(0o700)
    assert oct((journals / f"{BATCH}.sqlite").stat().st_mode & 0o777) == oct(0o600)


def test_a_default_journal_directory_left_open_by_an_older_version_is_closed(
    run: Run, tmp_path: Path, state_home: Path
) -> None:
    journals = state_home / "smscx" / "journals"
    journals.mkdir(parents=True, mode=0o755)
    result = run(Recorder(bulk_response), bulk_args(csv_with_header(tmp_path)))
    assert result.exit_code == 0, result.output
    assert oct(journals.stat().st_mode & 0o777) == oct(0o700)


@pytest.mark.parametrize("sigint", ["default", "ignored"])
def test_sigterm_prints_what_was_sent_and_how_to_resume_and_exits_143(
    tmp_path: Path, sigint: str
) -> None:
    # A container stopping (or `kill`) ended the batch with no summary and no resume command.
    # Against the emulator on a socket, as a real run; the resume then sends the rest, and
    # every number is billed once. SIGINT ignored (a shell's background job) changes nothing.
    import signal
    import subprocess
    import sys
    import time

    disposition = signal.SIG_DFL if sigint == "default" else signal.SIG_IGN

    from smscx.testing import Emulator

    numbers = [f"+336{n:08d}" for n in range(3_000)]
    path = numbers_file(tmp_path, "\n".join(numbers) + "\n")
    emulator = Emulator(api_keys=["k"], dlr=False)
    with emulator.serve_sync() as url:
        command = [sys.executable, "-m", "smscx.cli", "bulk", str(path), "--from", "InfoText",
                   "--text", "Hi", "--chunk-size", "3", "--concurrency", "1", "--base-url", url,
                   "--api-key", "k", "--batch-id", "sigterm"]  # fmt: skip
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
            env={**os.environ, "SMSCX_API_KEY": "k"},
            preexec_fn=lambda: signal.signal(signal.SIGINT, disposition),
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while emulator.request_counts.get("POST /sms", 0) < 20 and time.monotonic() < deadline:
            time.sleep(0.01)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
        assert process.returncode == 143, stderr
        assert "Traceback" not in stderr
        terminated = [line for line in stderr.splitlines() if line.startswith("terminated: ")]
        assert len(terminated) == 1, stderr
        assert " not confirmed (requests in flight may have been sent)" in terminated[0]
        resume = stderr.splitlines()[-1].removeprefix("to resume, run: ")
        assert "--batch-id sigterm" in resume
        sent_before = len(emulator.ledger.messages)
        assert 0 < sent_before < len(numbers)
        finish = subprocess.run(
            [sys.executable, "-m", "smscx.cli", *shlex.split(resume)[1:], "--api-key", "k"],
            capture_output=True, text=True, cwd=tmp_path, timeout=120,
        )  # fmt: skip
        assert finish.returncode == 0, finish.stderr
    billed = sorted(message.to for message in emulator.ledger.messages.values())
    assert billed == numbers
