"""``smscx serve``: the emulator's own command line, options passed through unchanged."""

from __future__ import annotations

import socket
from collections.abc import Sequence

import pytest

from tests.cli.conftest import Run

emulator_cli = pytest.importorskip("smscx.testing.__main__")


def test_serve_hands_every_option_to_the_emulator(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[list[str]] = []

    def main(argv: Sequence[str] | None = None, *, prog: str | None = None) -> int:
        seen.append(list(argv or []))
        return 0

    monkeypatch.setattr(emulator_cli, "main", main)
    args = ["--host", "127.0.0.1", "--port", "8080", "--api-key", "KEY", "--balance", "1000"]
    result = run(None, ["serve", *args])
    assert result.exit_code == 0, result.output
    assert seen == [args]


def test_serve_exits_with_the_emulators_status(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(emulator_cli, "main", lambda argv=None, prog=None: 2)
    assert run(None, ["serve", "--client-id", "only-half"]).exit_code == 2


def test_serve_help_is_the_emulators(run: Run) -> None:
    result = run(None, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--api-key", "--balance", "--fault"):
        assert option in result.stdout


def test_serve_help_shows_every_default_and_describes_the_api_key(run: Run) -> None:
    result = run(None, ["serve", "--help"])
    assert result.exit_code == 0
    help_text = " ".join(result.stdout.split())  # argparse wraps lines
    assert help_text.startswith("usage: smscx serve ")
    for option, default in [
        ("--port PORT", "(default: 8080)"),
        ("--balance BALANCE", "(default: 1000.0)"),
        ("--rate-limit RATE_LIMIT", "(default: 10000)"),
        ("--rate-limit-window SECONDS", "(default: 1.0)"),
        ("--token-lifetime SECONDS", "(default: 3600)"),
        ("--currency {eur,usd}", "(default: eur)"),
    ]:
        described = help_text.split(f" {option} ", 1)[1].split(" --", 1)[0]
        assert described.endswith(default), (option, described)
    api_key = help_text.split(" --api-key KEY ", 1)[1].split(" --", 1)[0]
    assert "random" in api_key


def test_a_bad_option_is_a_usage_error(run: Run) -> None:
    assert run(None, ["serve", "--port", "eighty"]).exit_code == 2


def test_a_port_in_use_is_one_error_line_not_a_traceback(run: Run) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(None, ["serve", "--port", str(port), "--log-level", "critical"])
    assert result.exit_code == 1
    assert "error: the emulator cannot listen on 127.0.0.1:" in result.stderr
    assert "Traceback" not in result.output
