"""``python -m smscx.testing``: arguments become an emulator, served with its credentials."""

from __future__ import annotations

import socket
import subprocess
import sys

import httpx
import pytest

from smscx.testing import Fault
from smscx.testing.__main__ import build, main, parser


def test_arguments_configure_the_emulator() -> None:
    args = parser().parse_args(
        ["--api-key", "K1", "--balance", "5", "--currency", "usd", "--rate-limit", "7"]
    )
    emulator = build(args)
    assert emulator.api_keys == ("K1",)
    assert emulator.balance == 5
    assert emulator.account.currency == "usd"


def test_fault_specs_are_scripted_faults() -> None:
    args = parser().parse_args(["--fault", "kind=status,status=502,route=POST /sms,times=2"])
    emulator = build(args)
    assert emulator.faults.pending == 2
    assert emulator.faults.take("POST", "/sms") == Fault("status", 502)
    assert emulator.faults.take("POST", "/sms/estimate") is None


def test_without_an_api_key_a_random_one_is_made() -> None:
    emulator = build(parser().parse_args([]))
    assert emulator.api_key.startswith("sk_emu_")


def test_defaults_to_loopback() -> None:
    assert parser().parse_args([]).host == "127.0.0.1"


@pytest.mark.integration
def test_serves_and_prints_the_base_url_and_credentials() -> None:
    command = [sys.executable, "-m", "smscx.testing", "--port", "0", "--api-key", "KEY"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            first = process.stdout.readline()
            credentials = process.stdout.readline()
            base_url = first.split()[-1]
            response = httpx.get(f"{base_url}/", timeout=10)
        finally:
            process.terminate()
            process.wait(timeout=10)
    assert first.startswith("SMS.CX emulator listening on http://127.0.0.1:")
    assert credentials.split() == ["API", "key:", "KEY"]
    assert response.status_code == 200


def test_an_unknown_chaos_key_is_one_error_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--chaos", "seed=1,stauts=0.5"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: unknown --chaos key(s) stauts")
    assert "Traceback" not in err


def test_a_port_in_use_is_one_error_line(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["--port", str(port), "--api-key", "KEY"]) == 1
    assert "error: the emulator cannot listen on 127.0.0.1:" in capsys.readouterr().err


@pytest.mark.integration
def test_every_api_key_given_is_printed() -> None:
    # With two --api-key flags only the first was shown, though both are accepted.
    command = [sys.executable, "-m", "smscx.testing", "--port", "0", "--api-key", "K1",
               "--api-key", "K2"]  # fmt: skip
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            lines = [process.stdout.readline() for _ in range(3)]
        finally:
            process.terminate()
            process.wait(timeout=10)
    assert [line.split() for line in lines[1:]] == [["API", "key:", "K1"], ["API", "key:", "K2"]]


def test_the_help_describes_every_option_and_shows_every_default() -> None:
    from smscx.testing.__main__ import parser

    text = " ".join(parser().format_help().split())
    options = ["--port", "--api-key", "--token-lifetime", "--balance", "--currency",
               "--rate-limit", "--rate-limit-window", "--dlr-delay", "--log-level"]  # fmt: skip
    for option in options:
        described = text.split(f" {option} ", 2)[-1].split(" --", 1)[0]
        assert "default" in described, option
    assert "default: one random key" in text
