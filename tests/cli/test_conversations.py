"""``smscx conversations list|show|reply``, against one emulator served on loopback, whose
contacts text a rented number, and ``--sandbox``."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from click.testing import CliRunner, Result

from smscx import AsyncSmsClient, SmsClient
from smscx.cli._app import cli
from smscx.cli._session import CliEnv, Connection

pytest.importorskip("smscx.testing", reason="the emulator needs the testing extra")

from smscx.testing import Emulator, ManualClock

ANA = "+33612345678"


@pytest.fixture
def served() -> Iterator[tuple[Emulator, str, ManualClock, str]]:
    """A served emulator whose rented number Ana has texted: (emulator, url, clock, thread)."""
    clock = ManualClock()
    emulator = Emulator(clock=clock)
    with emulator.serve_sync() as url:
        with SmsClient(api_key=emulator.api_key, base_url=url) as client:
            offer = client.numbers.get_available_numbers("GB").data[0]
            rented = client.numbers.rent_number(number_id=offer.number_id, rent_period=7)
            emulator.numbers.receive(from_=ANA, to=rented.info.phone_number, text="Open?")
            thread = client.conversations.get_conversations_list().data[0].conversation_id
        yield emulator, url, clock, thread


def smscx(served: tuple[Emulator, str, ManualClock, str], *args: str) -> Result:
    emulator, url, _, _ = served

    def factory(connection: Connection) -> AsyncSmsClient:
        return AsyncSmsClient(api_key=emulator.api_key, base_url=url)

    return CliRunner().invoke(cli, list(args), obj=CliEnv(client_factory=factory))


def test_list_shows_each_thread_with_its_unread_count(
    served: tuple[Emulator, str, ManualClock, str],
) -> None:
    thread = served[3]
    result = smscx(served, "conversations", "list")
    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    assert line.startswith(f"{thread}  {ANA}  1 unread  ")
    assert line.endswith("  Open?")
    listed = json.loads(smscx(served, "conversations", "list", "--json").stdout)
    assert listed["data"][0]["conversation_id"] == thread


def test_show_prints_the_messages_and_can_mark_the_thread_read(
    served: tuple[Emulator, str, ManualClock, str],
) -> None:
    thread = served[3]
    shown = smscx(served, "conversations", "show", thread)
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.splitlines()[0] == f"{ANA} (FR)"
    assert shown.stdout.splitlines()[1].endswith("<- sms      Open?")
    assert " 1 unread " in smscx(served, "conversations", "list").stdout
    smscx(served, "conversations", "show", thread, "--mark-read", "--json")
    assert " 0 unread " in smscx(served, "conversations", "list").stdout


@pytest.mark.parametrize(("channel", "cost"), [("sms", 0.065), ("viber", 0.02), ("whatsapp", 0.03)])
def test_reply_sends_on_the_channel_and_says_what_it_cost(
    served: tuple[Emulator, str, ManualClock, str], channel: str, cost: float
) -> None:
    emulator, _, _, thread = served
    before = emulator.balance
    result = smscx(served, "conversations", "reply", thread, "Yes!", "--channel", channel)
    assert result.exit_code == 0, result.output
    assert f"  {channel}  " in result.stdout
    assert result.stdout.rstrip().endswith(f"-> {ANA}")
    assert f"charged {cost:g}" in result.stderr
    assert emulator.balance == pytest.approx(before - cost)


def test_a_whatsapp_reply_after_24_hours_is_refused(
    served: tuple[Emulator, str, ManualClock, str],
) -> None:
    clock, thread = served[2], served[3]
    clock.advance(24 * 3600 + 1)
    refused = smscx(served, "conversations", "reply", thread, "Hi", "--channel", "whatsapp")
    assert refused.exit_code != 0
    assert "1182" in refused.stderr
    as_json = smscx(served, "conversations", "reply", thread, "Hi", "--channel", "viber", "--json")
    assert json.loads(as_json.stdout)["error"]["code"] == 1181


def test_the_conversation_commands_run_in_the_sandbox() -> None:
    result = CliRunner().invoke(cli, ["conversations", "list", "--sandbox", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["data"] == []
