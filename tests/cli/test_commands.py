"""send, estimate, campaign and delete: what each command sends and what it prints."""

from __future__ import annotations

import json

import httpx
import pytest

from smscx.cli._errors import ExitStatus
from tests.cli.conftest import Run
from tests.cli.support import campaign_response, stdout_json
from tests.helpers import API_KEY, Recorder, send_response

SEND = ["send", "--to", "+33612345678", "--from", "InfoText", "--text", "Hello"]
MSG_ID = "3328fe13-2b99-4282-b62e-d891f5e452a8"
CAMPAIGN_ID = "0b57f5bc-5ce0-4b1b-9a3c-e6a0b47f0d1f"


def test_send_posts_the_message_and_prints_its_id_and_cost(run: Run) -> None:
    server = Recorder(send_response)
    result = run(server, SEND)
    assert result.exit_code == 0, result.output
    [request] = server.requests
    assert (request.method, request.url.path) == ("POST", "/sms")
    body = json.loads(request.content)
    assert {k: body[k] for k in ("to", "from", "text")} == {
        "to": ["+33612345678"],
        "from": "InfoText",
        "text": "Hello",
    }
    assert MSG_ID in result.stdout
    assert "sent 1 message (1 part), total cost 0.05" in result.stdout
    assert f"idempotency id: {body['idempotencyId']}" in result.stdout


def test_send_uses_the_key_from_the_environment(run: Run) -> None:
    server = Recorder(send_response)
    run(server, SEND)
    assert server.requests[0].headers["X-API-KEY"] == API_KEY


def test_api_key_option_overrides_the_environment(run: Run) -> None:
    server = Recorder(send_response)
    run(server, [*SEND, "--api-key", "other-key"])
    assert server.requests[0].headers["X-API-KEY"] == "other-key"


def test_repeated_to_sends_to_every_number_in_one_request(run: Run) -> None:
    server = Recorder(send_response)
    run(server, [*SEND, "--to", "+33612345679"])
    assert server.bodies()[0]["to"] == ["+33612345678", "+33612345679"]


def test_send_passes_the_options_through(run: Run) -> None:
    server = Recorder(send_response)
    idempotency_id = "9d5a0b1e-8a0c-4f4e-9f6e-2f1b3c4d5e6f"
    result = run(
        server,
        [*SEND, "--country-iso", "FR", "--allow-invalid", "--idempotency-id", idempotency_id],
    )
    assert result.exit_code == 0, result.output
    body = server.bodies()[0]
    assert body["countryIso"] == "FR"
    assert body["allowInvalid"] is True
    assert body["idempotencyId"] == idempotency_id


def test_send_and_campaign_send_take_the_delivery_report_url(run: Run) -> None:
    hook = "http://127.0.0.1:8090/?token=dev"
    server = Recorder(send_response)
    assert run(server, [*SEND, "--dlr-callback-url", hook]).exit_code == 0
    campaign = Recorder(campaign_response)
    args = ["campaign", "send", "--group", "1", "--from", "InfoText", "--text", "Hi"]
    assert run(campaign, [*args, "--dlr-callback-url", hook]).exit_code == 0
    assert server.bodies()[0]["dlrCallbackUrl"] == campaign.bodies()[0]["dlrCallbackUrl"] == hook


def test_unset_options_are_not_sent(run: Run) -> None:
    server = Recorder(send_response)
    run(server, SEND)
    assert set(server.bodies()[0]) == {"to", "from", "text", "idempotencyId"}


@pytest.mark.parametrize(
    ("given", "wire"),
    [
        ("2099-12-01 10:00", "2099-12-01 10:00:00"),
        ("2099-12-01T10:00:30Z", "2099-12-01 10:00:30"),
        ("2099-12-01T12:00:00+02:00", "2099-12-01 10:00:00"),
    ],
)
def test_schedule_is_sent_in_utc(run: Run, given: str, wire: str) -> None:
    server = Recorder(send_response)
    result = run(server, [*SEND, "--schedule", given])
    assert result.exit_code == 0, result.output
    assert server.bodies()[0]["scheduledDate"] == wire


def test_a_schedule_that_is_not_a_date_is_a_usage_error(run: Run) -> None:
    server = Recorder(send_response)
    result = run(server, [*SEND, "--schedule", "next tuesday"])
    assert result.exit_code == 2
    assert "'next tuesday' is not a date and time" in result.stderr
    assert server.requests == []


def test_send_json_is_the_whole_result(run: Run) -> None:
    server = Recorder(send_response)
    result = run(server, [*SEND, "--json"])
    assert result.exit_code == 0, result.output
    data = stdout_json(result)
    assert data["data"][0]["msg_id"] == MSG_ID
    assert data["data"][0]["from"] == "InfoText"
    assert data["data"][0]["created_at"] == "2026-11-26T14:54:13+00:00"
    assert data["info"]["total_cost"] == 0.05
    assert data["meta"]["idempotency_id"] == server.bodies()[0]["idempotencyId"]
    assert data["meta"]["request_id"] == "req-1"


def test_estimate_posts_no_idempotency_id_and_says_nothing_is_charged(run: Run) -> None:
    server = Recorder(send_response)
    result = run(server, ["estimate", *SEND[1:]])
    assert result.exit_code == 0, result.output
    assert server.requests[0].url.path == "/sms/estimate"
    assert "idempotencyId" not in server.bodies()[0]
    assert "would send 1 message (1 part), total cost 0.05" in result.stdout
    assert "nothing charged" in result.stdout


def test_estimate_has_no_idempotency_option(run: Run) -> None:
    result = run(Recorder(send_response), ["estimate", *SEND[1:], "--idempotency-id", "x"])
    assert result.exit_code == 2


def test_campaign_send_posts_the_groups(run: Run) -> None:
    server = Recorder(campaign_response)
    args = ["campaign", "send", "--group", "1", "--group", "2", "--from", "InfoText"]
    result = run(server, [*args, "--text", "Hi {{firstName}}"])
    assert result.exit_code == 0, result.output
    assert server.requests[0].url.path == "/sms/campaign"
    body = server.bodies()[0]
    assert body["groups"] == [1, 2]
    assert "idempotencyId" in body
    assert "groups: 1 (Customers, 2 numbers), 2 (Staff, 1 number)" in result.stdout
    assert "duplicates removed: 1" in result.stdout
    assert "sent 2 messages (2 parts), total cost 0.10" in result.stdout


def test_campaign_estimate_posts_to_the_estimate_endpoint(run: Run) -> None:
    server = Recorder(campaign_response)
    args = ["campaign", "estimate", "--group", "1", "--from", "InfoText", "--text", "Hi"]
    result = run(server, [*args, "--json"])
    assert result.exit_code == 0, result.output
    assert server.requests[0].url.path == "/sms/campaign/estimate"
    assert "idempotencyId" not in server.bodies()[0]
    assert stdout_json(result)["info"]["groups"][0]["name"] == "Customers"


def test_campaign_needs_a_group(run: Run) -> None:
    result = run(Recorder(campaign_response), ["campaign", "send", "--from", "Info", "--text", "x"])
    assert result.exit_code == 2
    assert "--group" in result.stderr


def test_delete_deletes_the_scheduled_message(run: Run) -> None:
    server = Recorder(
        httpx.Response(200, json={"info": {"msgId": MSG_ID, "parts": 2, "creditReturned": 0.13}})
    )
    result = run(server, ["delete", MSG_ID])
    assert result.exit_code == 0, result.output
    assert (server.requests[0].method, server.requests[0].url.path) == (
        "DELETE",
        f"/sms/scheduled/{MSG_ID}",
    )
    assert result.stdout == f"deleted message {MSG_ID} (2 parts), credit returned 0.13\n"


def test_delete_campaign_deletes_what_is_still_scheduled(run: Run) -> None:
    info = {
        "campaignId": CAMPAIGN_ID,
        "totalPhoneNumbers": 3,
        "totalParts": 3,
        "phoneNumbersDeleted": 2,
        "partsDeleted": 2,
        "creditReturned": 0.1,
    }
    server = Recorder(httpx.Response(200, json={"info": info}))
    result = run(server, ["delete-campaign", CAMPAIGN_ID, "--json"])
    assert result.exit_code == 0, result.output
    assert server.requests[0].url.path == f"/sms/scheduled/campaign/{CAMPAIGN_ID}"
    assert stdout_json(result)["info"]["credit_returned"] == 0.1
    human = run(server, ["delete-campaign", CAMPAIGN_ID])
    assert human.stdout == (
        f"deleted campaign {CAMPAIGN_ID}: 2 of 3 numbers (2 parts), credit returned 0.10\n"
    )


def test_version_prints_the_packages_version(run: Run) -> None:
    from smscx import __version__

    result = run(None, ["--version"])
    assert result.stdout == f"smscx, version {__version__}\n"


def test_balance_prints_the_amount_in_the_accounts_currency(run: Run) -> None:
    result = run(None, ["balance", "--sandbox"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "balance 10000.00 EUR (prepaid)"
    as_json = json.loads(run(None, ["balance", "--sandbox", "--json"]).stdout)
    assert (as_json["balance"], as_json["currency"]) == (10000.0, "eur")


def test_numbers_validate_answers_each_number(run: Run) -> None:
    result = run(None, ["numbers", "validate", "--sandbox", "+33612345678", "12345"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("+33612345678  valid  FR  ")
    assert lines[1] == "12345  invalid"
    assert lines[-1] == "1 valid, 1 invalid"


def test_optouts_add_list_remove_against_a_served_emulator(run: Run) -> None:
    from smscx.testing import Emulator

    emulator = Emulator(api_keys=["k"])
    with emulator.serve_sync() as url:
        connection = ["--base-url", url, "--api-key", "k"]
        added = run(None, ["optouts", "add", *connection, "+33612345678", "+447400123456"])
        listed = run(None, ["optouts", "list", *connection, "--limit", "1", "--json"])
        removed = run(None, ["optouts", "remove", *connection, "1"])
    assert added.stdout.strip() == "added 2, already there 0, invalid 0"
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [row["phone_number"] for row in rows] == ["+447400123456", "+33612345678"]  # 2 pages
    assert removed.stdout.strip() == "removed +33612345678 (id 1)"


def test_report_watch_follows_a_message_to_its_final_status(run: Run) -> None:
    from smscx.testing import Emulator

    emulator = Emulator(api_keys=["k"], dlr_delay=0.3, dlr_outcome={"+447400123456": ("FAILED", 9)})
    with emulator.serve_sync() as url:
        connection = ["--base-url", url, "--api-key", "k"]
        sent = run(None, ["send", *connection, "--json", "--to", "+447400123456", "--from",
                          "Shop", "--text", "Hi"])  # fmt: skip
        msg_id = stdout_json(sent)["data"][0]["msg_id"]
        once = run(None, ["report", *connection, msg_id])
        watched = run(None, ["report", *connection, msg_id, "--watch", "--interval", "0.1"])
        as_json = run(None, ["report", *connection, msg_id, "--json"])
        unknown = run(None, ["report", *connection, "3328fe13-2b99-4282-b62e-d891f5e452a8"])
    assert once.exit_code == 0
    assert once.stdout.split()[2] == "ACCEPTED"
    lines = watched.stdout.strip().splitlines()
    assert [line.split()[2] for line in lines] == ["ACCEPTED", "FAILED"]
    assert "error 9" in lines[-1]
    assert json.loads(as_json.stdout)["status"] == "FAILED"
    assert unknown.exit_code == ExitStatus.API


def test_report_watch_gives_up_after_its_timeout(run: Run) -> None:
    from smscx.testing import Emulator

    emulator = Emulator(api_keys=["k"], dlr_delay=60)
    with emulator.serve_sync() as url:
        connection = ["--base-url", url, "--api-key", "k"]
        sent = run(None, ["send", *connection, "--json", "--to", "+33612345678", "--from",
                          "Shop", "--text", "Hi"])  # fmt: skip
        msg_id = stdout_json(sent)["data"][0]["msg_id"]
        watched = run(
            None,
            ["report", *connection, msg_id, "--watch", "--interval", "0.1", "--timeout", "0.5"],
        )
    assert watched.exit_code == ExitStatus.ERROR
    assert "still ACCEPTED" in watched.stderr


def test_groups_create_add_show_list_and_a_campaign_to_it(run: Run) -> None:
    from smscx.testing import Emulator

    emulator = Emulator(api_keys=["k"])
    with emulator.serve_sync() as url:
        connection = ["--base-url", url, "--api-key", "k"]
        created = run(None, ["groups", "create", *connection, "Newsletter", "--json"])
        gid = str(stdout_json(created)["info"]["id"])
        added = run(None, ["groups", "add", *connection, gid, "+33612345678", "+447400123456"])
        shown = run(None, ["groups", "show", *connection, gid, "--limit", "1", "--json"])
        listed = run(None, ["groups", "list", *connection])
        campaign = ["campaign", "send", *connection, "--group", gid, "--from", "Shop"]
        sent = run(None, [*campaign, "--text", "Hi", "--json"])
    assert added.stdout.strip() == "added 2, already there 0, invalid 0"
    rows = [json.loads(line) for line in shown.stdout.splitlines()]
    assert rows[0]["total_phone_numbers"] == 2
    assert [r["phone_number"] for r in rows[1:]] == ["+33612345678", "+447400123456"]
    assert any(
        line.startswith(f"{gid}  Newsletter  2 contacts") for line in listed.stdout.splitlines()
    )
    assert stdout_json(sent)["info"]["total_phone_numbers"] == 2


def test_otp_send_then_verify(run: Run) -> None:
    from smscx.testing import Emulator

    emulator = Emulator(api_keys=["k"])
    with emulator.serve_sync() as url:
        connection = ["--base-url", url, "--api-key", "k"]
        sent = run(None, ["otp", "send", *connection, "+33612345678", "--json"])
        otp_id = stdout_json(sent)["otp_id"]
        wrong = run(None, ["otp", "verify", *connection, otp_id, "nope"])
        right = run(None, ["otp", "verify", *connection, otp_id, emulator.otp.pin_of(otp_id)])
        human = run(None, ["otp", "send", *connection, "+33612345678"])
    assert wrong.exit_code == ExitStatus.API
    assert "2029" in wrong.stderr
    assert (right.exit_code, right.stdout.strip()) == (0, "VERIFIED")
    assert human.stdout.startswith("sent otp ")
