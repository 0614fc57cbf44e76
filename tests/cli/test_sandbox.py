"""``--sandbox``: every API command against an in-process emulator, with no account."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli.conftest import Run
from tests.cli.support import stdout_json

pytest.importorskip("smscx.testing", reason="the sandbox needs the testing extra")

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
HELLO = ["--to", "+33612345678", "--from", "InfoText", "--text", "Hello"]


@pytest.fixture(autouse=True)
def _no_account(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh machine: no credential anywhere."""
    monkeypatch.delenv("SMSCX_API_KEY", raising=False)


def test_send_works_with_no_account_and_prints_the_id_and_cost(run: Run) -> None:
    result = run(None, ["send", "--sandbox", *HELLO])
    assert result.exit_code == 0, result.output
    assert re.search(rf"\+33612345678\s+{UUID}\s+ACCEPTED\s+1\s+0\.065", result.stdout)
    assert "sent 1 message (1 part), total cost 0.065" in result.stdout
    assert "sandbox" in result.stderr


def test_send_with_json_prints_the_apis_answer(run: Run) -> None:
    result = run(None, ["send", "--sandbox", *HELLO, "--json"])
    assert result.exit_code == 0, result.output
    data = stdout_json(result)
    assert data["data"][0]["status"] == "ACCEPTED"
    assert data["info"]["total_cost"] == 0.065


def test_estimate_prints_what_the_send_would_cost(run: Run) -> None:
    result = run(None, ["estimate", "--sandbox", *HELLO])
    assert result.exit_code == 0, result.output
    assert "would send 1 message (1 part), total cost 0.065" in result.stdout


def test_a_scheduled_send_says_when_it_goes_out(run: Run) -> None:
    result = run(None, ["send", "--sandbox", *HELLO, "--schedule", "2099-12-01 10:00"])
    assert result.exit_code == 0, result.output
    assert "scheduled 1 message (1 part) for 2099-12-01 10:00 UTC" in result.stdout


def test_the_sandbox_answers_api_errors_like_the_api(run: Run) -> None:
    result = run(None, ["send", "--sandbox", "--to", "+336", "--from", "InfoText", "--text", "x"])
    assert result.exit_code == 4
    assert result.stderr.splitlines()[1].startswith("error: InvalidPhoneNumberError (1207): ")


def test_a_campaign_to_the_demo_group_is_sent_to_its_contacts(run: Run) -> None:
    args = ["campaign", "send", "--sandbox", "--group", "1", "--from", "InfoText"]
    result = run(None, [*args, "--text", "Hi {{firstName}}", "--json"])
    assert result.exit_code == 0, result.output
    info = stdout_json(result)["info"]
    assert [group["id"] for group in info["groups"]] == [1]
    assert info["total_valid"] >= 1


def test_campaign_estimate_says_what_it_would_send(run: Run) -> None:
    args = ["campaign", "estimate", "--sandbox", "--group", "1", "--from", "InfoText"]
    result = run(None, [*args, "--text", "Hi"])
    assert result.exit_code == 0, result.output
    assert "would send" in result.stdout


def test_deletes_reach_the_sandbox(run: Run) -> None:
    # Each command gets a fresh sandbox, so there is nothing scheduled to delete: the
    # emulator answers as the API does for an unknown id.
    message = run(None, ["delete", "--sandbox", "3328fe13-2b99-4282-b62e-d891f5e452a8"])
    assert message.exit_code == 4
    assert "error: NotFoundError (1100)" in message.stderr
    assert "hint: every --sandbox command has a fresh emulator" in message.stderr
    campaign = run(None, ["delete-campaign", "--sandbox", "0b57f5bc-5ce0-4b1b-9a3c-e6a0b47f0d1f"])
    assert campaign.exit_code == 4
    assert "error: NotFoundError (1150)" in campaign.stderr


def test_bulk_sends_a_csv_in_chunks_and_reports_messages_requests_and_cost(
    run: Run, tmp_path: Path
) -> None:
    path = tmp_path / "numbers.csv"
    path.write_text("phone\n" + "".join(f"+3361234560{i}\n" for i in range(7)), encoding="utf-8")
    args = ["bulk", str(path), "--sandbox", "--from", "InfoText", "--text", "Hi"]
    result = run(None, [*args, "--chunk-size", "3", "--json"])
    assert result.exit_code == 0, result.output
    report = stdout_json(result)
    assert (report["messages_sent"], report["requests_done"]) == (7, 3)
    assert report["total_cost"] == pytest.approx(7 * 0.065)
