"""Where an API command's client comes from, and how its coroutine is run and fails.

A command builds a :class:`Session` from its connection options and hands it one coroutine
function; the session makes the client (from the injected :class:`ClientFactory`, so tests
plug in a ``MockTransport``), runs the call with ``anyio.run`` on asyncio, and turns an
:class:`~smscx.SmscxError` into the error line and exit status of :mod:`._errors`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any, NoReturn, TypeVar

import anyio
import attrs
import click
from rich.console import Console

from smscx._client import AsyncSmsClient
from smscx.errors import ConfigurationError, NotFoundError, SmscxError

from ._errors import Failure, error_json, error_line, exit_status, hint

__all__ = [
    "SANDBOX_BALANCE",
    "SANDBOX_IS_EMPTY",
    "ClientFactory",
    "CliEnv",
    "Connection",
    "Session",
    "default_client",
    "sandbox_client",
]

T = TypeVar("T")

#: The sandbox account's API key: the same in every run (it guards nothing).
SANDBOX_API_KEY = "sk_sandbox"
#: What the sandbox account starts with (EUR): a demo batch of 100,000 numbers fits.
SANDBOX_BALANCE = 10_000.0
#: The sandbox account's currency. Against the API, amounts are in the account's currency,
#: which the send endpoints do not name: the commands then print the amount alone.
SANDBOX_CURRENCY = "EUR"

#: Why a delete in the sandbox finds nothing, and where to try one instead.
SANDBOX_IS_EMPTY = (
    "hint: every --sandbox command has a fresh emulator, holding nothing an earlier command "
    "made (no scheduled message, no opt-out); to build on earlier commands, run `smscx "
    "serve` and point the commands at it with --base-url and --api-key"
)


@attrs.frozen
class Connection:
    """Where a command sends: a credential and base URL (``None``: the environment's), or
    the in-process sandbox."""

    api_key: str | None = None
    base_url: str | None = None
    sandbox: bool = False


ClientFactory = Callable[[Connection], AsyncSmsClient]
"""Makes the client a command uses; tests inject one over ``httpx.MockTransport``."""


def sandbox_client() -> AsyncSmsClient:
    """A client wired in-process to a fresh emulator: no account, nothing sent or billed.

    The emulator has its default contact groups (group 1 among them), so the campaign
    commands work too.
    """
    try:
        from smscx.testing import Emulator
    except ImportError as exc:
        raise ConfigurationError(
            '--sandbox needs the emulator: pip install "smscx-async[testing]"'
        ) from exc
    # One key for every sandbox run: a batch journals the account it was sent from (a
    # keyed hash of the key), so a sandbox batch resumes in a later sandbox run.
    emulator = Emulator(api_keys=SANDBOX_API_KEY, balance=SANDBOX_BALANCE, currency="eur")
    return emulator.client()  # SANDBOX_CURRENCY


def default_client(connection: Connection, **options: Any) -> AsyncSmsClient:
    """The client for ``connection``: the sandbox, or the API with the given credentials.

    Credentials and base URL left unset fall back to ``SMSCX_API_KEY``,
    ``SMSCX_ACCESS_TOKEN``, ``SMSCX_CLIENT_ID``/``SMSCX_CLIENT_SECRET`` and
    ``SMSCX_BASE_URL``, as :class:`~smscx.AsyncSmsClient` does.
    ``options`` go to the client (tests pass ``http_client`` and a retry policy).
    """
    if connection.sandbox:
        return sandbox_client()
    return AsyncSmsClient(
        api_key=connection.api_key or None, base_url=connection.base_url, **options
    )


@attrs.define
class CliEnv:
    """What the command line runs with: ``ctx.obj``, replaceable by tests."""

    client_factory: ClientFactory = default_client


@attrs.define
class Session:
    """One API command's run: its connection, its output mode, its consoles."""

    connection: Connection
    as_json: bool
    factory: ClientFactory = default_client
    out: Console = attrs.field(factory=lambda: _console(stderr=False))
    err: Console = attrs.field(factory=lambda: _console(stderr=True))

    @property
    def currency(self) -> str | None:
        """The account's currency when the command knows it (the sandbox's), else ``None``."""
        return SANDBOX_CURRENCY if self.connection.sandbox else None

    def call(self, operation: Callable[[AsyncSmsClient], Awaitable[T]]) -> T:
        """Run ``operation`` with a fresh client on asyncio; on failure report and exit."""

        async def run() -> T:
            async with self.factory(self.connection) as client:
                return await operation(client)

        if self.connection.sandbox:
            self.note("sandbox: an in-process emulator; nothing is sent or billed")
        try:
            return anyio.run(run, backend="asyncio")
        except SmscxError as exc:
            self.fail(exc)
        except asyncio.CancelledError:
            # Python 3.10: Ctrl-C cancels the main task, and without Task.uncancel() the
            # runner cannot tell that from any other cancel, so CancelledError comes out
            # where 3.11 and later raise KeyboardInterrupt. Nothing else cancels this task.
            raise KeyboardInterrupt from None

    def fail(self, exc: Failure) -> NoReturn:
        """Report ``exc`` (a line on stderr, or JSON on stdout) and exit with its status."""
        if self.as_json:
            self.emit_json(error_json(exc))
        else:
            click.echo(error_line(exc), err=True)
            advice = hint(exc)
            if advice is None and self.connection.sandbox and isinstance(exc, NotFoundError):
                advice = SANDBOX_IS_EMPTY
            if advice:
                click.echo(advice, err=True)
        raise click.exceptions.Exit(int(exit_status(exc)))

    def note(self, text: str) -> None:
        """A remark for the human at the terminal, on stderr (stdout stays the result)."""
        self.err.print(text, style="dim")

    def emit_json(self, data: object) -> None:
        """``data`` as JSON on stdout."""
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))


#: The width tables may take when output goes to a file or a pipe, where no terminal limits
#: it: wide enough that no message id is ever cut short with an ellipsis.
PIPE_WIDTH = 200


def _console(*, stderr: bool) -> Console:
    # markup off: phone numbers, texts and API messages are data, never Rich markup;
    # soft_wrap: a line of output is one line, whatever the terminal width.
    console = Console(stderr=stderr, markup=False, highlight=False, soft_wrap=True)
    if not console.is_terminal:
        console.width = PIPE_WIDTH
    return console
