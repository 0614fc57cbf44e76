"""Failures: one line naming the class and the API code, an exit status per class, JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from smscx.cli._errors import ExitStatus
from tests.cli.conftest import Run
from tests.cli.support import SECRET_KEY, stdout_json
from tests.helpers import Recorder, error_response, send_response

SEND = ["send", "--to", "+33612345678", "--from", "InfoText", "--text", "Hello"]


def refuse(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


def drop(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadError("connection reset", request=request)


def time_out(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("read timed out", request=request)


@pytest.mark.parametrize(
    ("response", "line", "status"),
    [
        (
            error_response(400, "insufficient_credit", 1113, "Insufficient credit"),
            "error: InsufficientCreditError (1113): Insufficient credit [request id req-err]",
            ExitStatus.API,
        ),
        (
            error_response(401, "unauthorized", 1001, "Invalid API key"),
            "error: AuthenticationError (1001): Invalid API key [request id req-err]",
            ExitStatus.API,
        ),
        (
            error_response(403, "no_coverage", 1119, "No coverage"),
            "error: NoCoverageError (1119): No coverage [request id req-err]",
            ExitStatus.API,
        ),
        (
            httpx.Response(503, text="<html>Service Unavailable</html>"),
            "error: ServerError (HTTP 503): Unexpected response body: "
            "<html>Service Unavailable</html>",
            ExitStatus.API,
        ),
    ],
)
def test_an_api_error_is_one_line_with_its_code_and_exits_4(
    run: Run, response: httpx.Response, line: str, status: ExitStatus
) -> None:
    result = run(Recorder(response), SEND)
    assert result.exit_code == status == 4
    assert result.stderr.splitlines()[0] == line
    assert result.stdout == ""


def test_a_refused_connection_exits_5(run: Run) -> None:
    result = run(Recorder(refuse), SEND)
    assert result.exit_code == ExitStatus.NETWORK == 5
    assert result.stderr.startswith(
        "error: APIConnectionError: POST /sms to 127.0.0.1:80: ConnectError"
    )
    assert "3 attempts made" in result.stderr
    assert "hint" not in result.stderr  # nothing reached the server


def test_a_dropped_send_exits_5_with_the_id_to_retry_with(run: Run) -> None:
    server = Recorder(drop)
    result = run(server, SEND)
    assert result.exit_code == ExitStatus.NETWORK == 5
    first, hint = result.stderr.splitlines()
    assert first.startswith("error: APIConnectionError: ")
    idempotency_id = server.bodies()[0]["idempotencyId"]
    assert hint == (
        f"hint: it may have been sent; retry with --idempotency-id {idempotency_id} "
        "to be billed at most once"
    )


def test_a_timeout_exits_5(run: Run) -> None:
    result = run(Recorder(time_out), SEND)
    assert result.exit_code == 5
    assert result.stderr.startswith("error: APITimeoutError: ")


def test_a_local_validation_error_exits_3_and_sends_nothing(run: Run) -> None:
    server = Recorder(send_response)
    result = run(server, ["send", "--to", "+33612345678", "--from", "ab", "--text", "Hi"])
    assert result.exit_code == ExitStatus.VALIDATION == 3
    assert (
        result.stderr
        == "error: ValidationError (1106): --from must be 3 to 15 characters, got 2.\n"
    )
    assert server.requests == []


def test_a_malformed_message_id_exits_3(run: Run) -> None:
    result = run(Recorder(send_response), ["delete", "not-a-uuid"])
    assert result.exit_code == 3
    assert result.stderr.startswith("error: ValidationError (1115): `msg_id` must be a UUID")


def test_no_credentials_exits_6_configuration_and_says_how_to_give_one(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    # It exited 3, "validation", which is for input refused before sending.
    monkeypatch.delenv("SMSCX_API_KEY")
    result = run(Recorder(send_response), SEND)
    assert result.exit_code == ExitStatus.CONFIGURATION == 6
    first, hint = result.stderr.splitlines()
    assert first.startswith("error: ConfigurationError: No credentials")
    assert hint == "hint: pass --api-key KEY, set SMSCX_API_KEY, or try the command with --sandbox"


def test_an_unsafe_base_url_exits_6(run: Run) -> None:
    result = run(Recorder(send_response), [*SEND, "--base-url", "http://api.example.com"])
    assert result.exit_code == ExitStatus.CONFIGURATION
    assert result.stderr.startswith("error: ConfigurationError: base_url must be https://")


def test_a_missing_option_is_a_usage_error(run: Run) -> None:
    result = run(Recorder(send_response), ["send", "--from", "InfoText", "--text", "Hi"])
    assert result.exit_code == ExitStatus.USAGE == 2
    assert "Missing option '--to'" in result.stderr


def test_invalid_numbers_are_named_in_a_hint(run: Run) -> None:
    response = error_response(
        400, "invalid_request_error", 1210, "Invalid phone numbers", invalid=["+336", "+337"]
    )
    result = run(Recorder(response), SEND)
    assert result.exit_code == 4
    assert result.stderr.splitlines()[1] == (
        "hint: invalid numbers: +336, +337; remove them or pass --allow-invalid"
    )


def test_json_errors_are_an_error_object_on_stdout(run: Run) -> None:
    response = error_response(400, "insufficient_credit", 1113, "Insufficient credit")
    server = Recorder(response)
    result = run(server, [*SEND, "--json"])
    assert result.exit_code == 4
    assert stdout_json(result) == {
        "error": {
            "class": "InsufficientCreditError",
            "code": 1113,
            "message": "Insufficient credit",
            "exit_status": 4,
            "idempotency_id": server.bodies()[0]["idempotencyId"],
            "maybe_sent": False,
            "status": 400,
            "request_id": "req-err",
            "type": "insufficient_credit",
        }
    }


def test_json_validation_errors_name_the_field(run: Run) -> None:
    args = ["send", "--to", "+336", "--from", "ab", "--text", "x", "--json"]
    result = run(Recorder(send_response), args)
    assert result.exit_code == 3
    error = stdout_json(result)["error"]
    assert (error["class"], error["code"], error["field"]) == ("ValidationError", 1106, "from")


@pytest.mark.parametrize(
    "response",
    [
        send_response,
        error_response(401, "unauthorized", 1001, "Invalid API key"),
        error_response(400, "insufficient_credit", 1113, "Insufficient credit"),
        refuse,
    ],
)
@pytest.mark.parametrize("as_json", [[], ["--json"]])
def test_no_credential_is_ever_printed(run: Run, response: Any, as_json: list[str]) -> None:
    result = run(Recorder(response), [*SEND, "--api-key", SECRET_KEY, *as_json])
    assert SECRET_KEY not in result.output
    assert SECRET_KEY not in result.stderr


def test_the_environment_key_is_never_printed(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMSCX_API_KEY", SECRET_KEY)
    result = run(Recorder(error_response(401, "unauthorized", 1001, "Invalid API key")), SEND)
    assert result.exit_code == 4
    assert SECRET_KEY not in result.output
    help_text = run(None, ["send", "--help"])
    assert SECRET_KEY not in help_text.output


def test_a_key_read_with_its_newline_is_one_line_that_does_not_echo_it(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SMSCX_API_KEY", SECRET_KEY + "\n")
    result = run(Recorder(send_response), SEND)
    assert result.exit_code != 0
    assert "SMSCX_API_KEY ends with a newline" in result.output
    assert "Traceback" not in result.output
    assert SECRET_KEY not in result.output


def test_money_is_summed_exactly_in_the_json_report(run: Run, tmp_path: Path) -> None:
    # Ten requests of 0.1 each summed as floats gave 0.9999999999999999.
    def tenth(request: httpx.Request) -> httpx.Response:
        response = send_response(request)
        body = json.loads(response.content)
        body["info"]["totalCost"] = 0.1
        return httpx.Response(200, json=body, headers=dict(response.headers))

    numbers = tmp_path / "numbers.csv"
    numbers.write_text("\n".join(f"+336123456{n:02d}" for n in range(10)) + "\n")
    args = ["bulk", str(numbers), "--from", "InfoText", "--text", "Hi", "--chunk-size", "1"]
    result = run(Recorder(tenth), [*args, "--json"])
    assert result.exit_code == 0, result.output
    assert '"total_cost": 1.0,' in result.stdout
    table = run(Recorder(tenth), args)
    assert "total cost       1.00" in table.stdout


def test_the_sandbox_says_its_currency(run: Run) -> None:
    result = run(None, [*SEND, "--sandbox"])
    assert "total cost 0.065 EUR" in result.stdout
    as_json = run(None, [*SEND, "--sandbox", "--json"])
    assert stdout_json(as_json)["currency"] == "EUR"
