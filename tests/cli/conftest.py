"""Running the ``smscx`` command in-process, with its client over a MockTransport."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest
from click.testing import CliRunner, Result

from smscx.cli._app import cli
from smscx.cli._session import CliEnv
from tests.cli.support import mock_factory
from tests.helpers import API_KEY, Handler

Run = Callable[..., Result]


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Only the test key in the environment: nothing leaks in from the machine; batch
    journals in a directory of the test's own."""
    monkeypatch.setenv("SMSCX_JOURNAL_DIR", str(tmp_path_factory.mktemp("journals")))
    for name in (
        "SMSCX_ACCESS_TOKEN",
        "SMSCX_CLIENT_ID",
        "SMSCX_CLIENT_SECRET",
        "SMSCX_BASE_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SMSCX_API_KEY", API_KEY)


@pytest.fixture
def run() -> Run:
    """``run(handler, args, input=...)``: the command line, its client answering from
    ``handler`` (``None``: the real factory, for --sandbox)."""

    def invoke(handler: Handler | None, args: Sequence[str], **options: Any) -> Result:
        env = CliEnv() if handler is None else CliEnv(client_factory=mock_factory(handler))
        return CliRunner().invoke(cli, list(args), obj=env, **options)

    return invoke
