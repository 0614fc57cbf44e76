"""The command as a user runs it: a separate process, a fresh environment, no account."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.cli.conftest import Run


def smscx(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMSCX_")}
    return subprocess.run(
        [sys.executable, "-m", "smscx.cli", *args],
        capture_output=True,
        text=True,
        env={**env, "PYTHONIOENCODING": "utf-8"},
        check=False,
        timeout=120,
    )


def test_the_newcomers_command_works_on_a_fresh_machine() -> None:
    pytest.importorskip("smscx.testing")
    done = smscx("send", "--sandbox", "--to", "+33612345678", "--from", "InfoText", "--text", "Hi")
    assert done.returncode == 0, done.stderr
    assert "sent 1 message (1 part), total cost 0.065" in done.stdout


def test_without_credentials_the_command_says_what_to_do() -> None:
    done = smscx("estimate", "--to", "+33612345678", "--from", "InfoText", "--text", "Hi")
    assert done.returncode == 6  # configuration
    assert "--sandbox" in done.stderr
    assert "Traceback" not in done.stderr


def test_help_lists_every_command(run: Run) -> None:
    result = run(None, ["--help"])
    assert result.exit_code == 0
    for command in ("send", "estimate", "campaign", "bulk", "delete", "delete-campaign", "text",
                    "serve"):  # fmt: skip
        assert f"  {command} " in result.stdout


def test_without_the_cli_extra_the_command_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import smscx.cli

    for name in [m for m in sys.modules if m.startswith("smscx.cli.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "click", None)  # what an absent package looks like
    with pytest.raises(SystemExit) as exit_info:
        smscx.cli.main()
    assert exit_info.value.code == (
        "error: the smscx command needs the cli extra: "
        'pip install "smscx-async[cli]" (click is missing)'
    )
