"""The ``smscx`` command group: one short function per command.

Each API command declares its options, builds the keyword fields of one client call, and
hands the call to a :class:`~._session.Session`; rendering is :mod:`._render`'s, failures
are :mod:`._errors`'s. Commands stay this thin so that what they send is obvious.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shlex
import signal
import sqlite3
import sys
import uuid
from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import anyio
import click

from smscx import text as smstext
from smscx._client import AsyncSmsClient
from smscx._spend import read_cap
from smscx._version import __version__
from smscx.bulk import BulkProgress, BulkReport
from smscx.errors import ValidationError
from smscx.journal import DeliverySummary
from smscx.models import (
    AccountBalance,
    DataReportCampaign,
    DeleteScheduledCampaign,
    DeleteScheduledMsg,
    SendSmsCampaignResponse,
    SendSmsMessageResponse,
)

from . import _bulk, _render
from ._errors import CommandError, ExitStatus, OptionError, OutputError, SetupError, error_json
from ._listen import listen
from ._numbers_file import NumbersFile
from ._serve import serve
from ._session import CliEnv, Connection, Session

__all__ = ["cli", "parse_schedule"]

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_CHUNK_SIZE = 1_000


def parse_schedule(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> datetime | None:
    """``--schedule``: ``2026-12-01 10:00`` (UTC) or ISO 8601 with an offset or ``Z``.

    Returns an aware UTC datetime; anything else is a usage error.
    """
    if value is None:
        return None
    text = value.strip()
    try:
        # Python 3.10's fromisoformat does not take a "Z" suffix.
        when = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date and time like '2026-12-01 10:00' (UTC).", ctx, param
        ) from None
    if when.tzinfo is None:
        return when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc)


def _apply(command: F, *options: Callable[[F], F]) -> F:
    for option in reversed(options):
        command = option(command)
    return command


def json_option(command: F) -> F:
    """``--json``: machine-readable output (results, and errors as ``{"error": ...}``)."""
    return click.option(
        "--json", "as_json", is_flag=True, help="Print JSON (errors too, on stdout)."
    )(command)


def api_command(command: Callable[..., None]) -> Callable[..., None]:
    """Give an API command the connection options, and call it with a ``Session``."""

    @functools.wraps(command)
    def run(
        *, api_key: str | None, base_url: str | None, sandbox: bool, as_json: bool, **fields: Any
    ) -> None:
        env = click.get_current_context().find_object(CliEnv) or CliEnv()
        connection = Connection(api_key=api_key, base_url=base_url, sandbox=sandbox)
        command(Session(connection, as_json, env.client_factory), **fields)

    return _apply(
        run,
        click.option(
            "--api-key",
            metavar="KEY",
            help="API key. Default: $SMSCX_API_KEY, else $SMSCX_ACCESS_TOKEN (a bearer "
            "token), else OAuth with $SMSCX_CLIENT_ID and $SMSCX_CLIENT_SECRET (prefer the "
            "environment: a command line is visible to other users).",
        ),
        click.option(
            "--base-url",
            metavar="URL",
            help="API base URL. Default: $SMSCX_BASE_URL, or https://api.sms.cx.",
        ),
        click.option(
            "--sandbox",
            is_flag=True,
            help="Run against an in-process emulator: no account needed, nothing is sent.",
        ),
        json_option,
    )


def message_options(command: F) -> F:
    """The options of a text to numbers given on the command line."""
    return _apply(
        command,
        click.option(
            "--to",
            "to",
            multiple=True,
            required=True,
            metavar="NUMBER",
            help="A recipient in E.164 (+33612345678), or national with --country-iso. "
            "Repeat for more.",
        ),
        sender_options,
        number_options,
    )


def number_options(command: F) -> F:
    """How numbers are read and checked: their country, and what invalid ones do."""
    return _apply(
        command,
        click.option("--country-iso", metavar="CC", help="Country of national numbers (FR)."),
        click.option(
            "--allow-invalid",
            is_flag=True,
            default=None,
            help="Send to the valid numbers and list the invalid ones, instead of failing.",
        ),
    )


def sender_options(command: F) -> F:
    """The options every send shares: sender, text, schedule."""
    return _apply(
        command,
        click.option("--from", "from_", required=True, metavar="SENDER", help="Sender id."),
        click.option("--text", required=True, help="The message text."),
        click.option(
            "--schedule",
            "scheduled_date",
            metavar="DATETIME",
            callback=parse_schedule,
            help="Send later: '2026-12-01 10:00' (UTC) or ISO 8601 with an offset.",
        ),
    )


def idempotency_option(command: F) -> F:
    """``--idempotency-id``: a UUID that makes a repeated send happen (and bill) once."""
    return click.option(
        "--idempotency-id",
        metavar="UUID",
        help="Reuse the id of an earlier attempt to retry it without paying twice.",
    )(command)


def callback_option(command: F) -> F:
    """``--dlr-callback-url``: where SMS.CX posts the delivery reports of this send."""
    return click.option(
        "--dlr-callback-url",
        metavar="URL",
        help="Where the delivery reports are posted (see `smscx listen` to watch them).",
    )(command)


def parse_max_cost(ctx: click.Context, param: click.Parameter, value: str | None) -> Decimal | None:
    """``--max-cost``: an amount read as a Decimal, refused at once when it is not one."""
    try:
        return read_cap(value)
    except ValidationError as exc:
        raise click.BadParameter(f"{value!r} is not an amount of at least 0.") from exc


def max_cost_option(command: F) -> F:
    """``--max-cost``: the spend cap of a charged send (``max_cost=``)."""
    return click.option(
        "--max-cost",
        metavar="AMOUNT",
        callback=parse_max_cost,
        help="A spend cap, in the account currency: the send is estimated first (free) and "
        "nothing is sent if the estimate is more. For a batch, the cap covers the whole batch.",
    )(command)


def _fields(**fields: Any) -> dict[str, Any]:
    # Options left unset are not passed, so the API applies its defaults. Every flag is an
    # opt-in whose API default is off, so an unset flag is dropped whether Click gives it as
    # None or as False (versions differ).
    return {
        name: value
        for name, value in fields.items()
        if value is not None and value is not False and value != ()
    }


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="smscx")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Send SMS with the SMS.CX API, follow them to delivery, and manage what goes with
    them: balance, groups, opt-outs, number checks, one-time passwords.

    Credentials come from --api-key or the environment (SMSCX_API_KEY, SMSCX_ACCESS_TOKEN,
    or SMSCX_CLIENT_ID and SMSCX_CLIENT_SECRET; SMSCX_BASE_URL). Try any API command with
    --sandbox first: it runs against an embedded emulator, with no account.

    Exit status: 0 ok, 1 other error, 2 usage, 3 validation, 4 API error, 5 network,
    6 configuration, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).
    """
    ctx.ensure_object(CliEnv)


@cli.command()
@message_options
@callback_option
@idempotency_option
@max_cost_option
@api_command
def send(session: Session, **options: Any) -> None:
    """Send a text to one or more numbers (charged)."""
    fields = _fields(**options)
    result = session.call(lambda client: client.send_sms(**fields))
    _show_send(session, result, estimate=False)


@cli.command()
@message_options
@api_command
def estimate(session: Session, **options: Any) -> None:
    """What sending a text would cost; nothing is sent or charged."""
    fields = _fields(**options)
    result = session.call(lambda client: client.estimate_sms(**fields))
    _show_send(session, result, estimate=True)


def _show_send(session: Session, result: SendSmsMessageResponse, *, estimate: bool) -> None:
    if session.as_json:
        session.emit_json(_with_currency(session, _render.jsonable(result)))
    else:
        _render.send_result(session.out, result, estimate=estimate, currency=session.currency)


def _with_currency(session: Session, data: Any) -> Any:
    # Amounts are in the account's currency; where the command knows it, it says so.
    if session.currency and isinstance(data, dict):
        return {**data, "currency": session.currency}
    return data


@cli.group()
def campaign() -> None:
    """Send or estimate a text to contact groups."""


def group_option(command: F) -> F:
    """``--group``: the contact groups of a campaign."""
    return click.option(
        "--group",
        "groups",
        type=int,
        multiple=True,
        required=True,
        metavar="ID",
        help="A contact group id. Repeat for more.",
    )(command)


@campaign.command("send")
@group_option
@sender_options
@callback_option
@idempotency_option
@max_cost_option
@api_command
def campaign_send(session: Session, **options: Any) -> None:
    """Send a text to contact groups (charged)."""
    fields = _fields(**options)
    result = session.call(lambda client: client.send_sms_campaign(**fields))
    _show_campaign(session, result, estimate=False)


@campaign.command("estimate")
@group_option
@sender_options
@api_command
def campaign_estimate(session: Session, **options: Any) -> None:
    """What a campaign would cost; nothing is sent or charged."""
    fields = _fields(**options)
    result = session.call(lambda client: client.estimate_sms_campaign(**fields))
    _show_campaign(session, result, estimate=True)


def _show_campaign(session: Session, result: SendSmsCampaignResponse, *, estimate: bool) -> None:
    if session.as_json:
        session.emit_json(_with_currency(session, _render.jsonable(result)))
    else:
        _render.campaign_result(session.out, result, estimate=estimate, currency=session.currency)


@cli.command()
@click.argument("msg_id")
@api_command
def delete(session: Session, msg_id: str) -> None:
    """Delete a scheduled message; its cost returns to the balance."""
    result: DeleteScheduledMsg = session.call(lambda client: client.delete_scheduled_sms(msg_id))
    if session.as_json:
        session.emit_json(_render.jsonable(result))
    else:
        _render.deleted_message(session.out, result)


@cli.command()
@api_command
def balance(session: Session) -> None:
    """The account's balance, currency and billing (prepaid or postpaid)."""
    result: AccountBalance = session.call(lambda client: client.account.get_account_balance())
    if session.as_json:
        session.emit_json(_render.jsonable(result))
    else:
        currency = result.currency.upper()
        session.out.print(f"balance {_render.money(result.balance, currency)} ({result.billing})")


@cli.group()
def numbers() -> None:
    """Validate phone numbers (not charged), and find, rent and cancel numbers that receive
    SMS."""


@numbers.command("validate")
@click.argument("phone_numbers", nargs=-1, required=True, metavar="NUMBER...")
@click.option("--country-iso", metavar="CC", help="Country of national numbers (FR).")
@api_command
def numbers_validate(
    session: Session, phone_numbers: tuple[str, ...], country_iso: str | None
) -> None:
    """Validate NUMBER... : country, network operator and time zone of each valid one."""
    result = session.call(
        lambda client: client.numbers.validate_numbers(
            phone_numbers=list(phone_numbers), country_iso=country_iso
        )
    )
    if session.as_json:
        session.emit_json(_render.jsonable(result))
        return
    for entry in result.data:
        if entry.invalid:
            session.out.print(f"{entry.phone_number}  invalid")
        else:
            operator = entry.network_operator or "-"
            session.out.print(
                f"{entry.phone_number}  valid  {entry.country_iso}  {operator}  {entry.timezone}"
            )
    info = result.info
    session.out.print(f"{info.total_valid:,} valid, {info.total_invalid:,} invalid")


@cli.group()
def optouts() -> None:
    """The opt-out list: contacts that get nothing (sends to them are REJECTED, at no cost)."""


@optouts.command("list")
@click.option("--limit", type=click.IntRange(1, 500), help="Contacts per page (500).")
@api_command
def optouts_list(session: Session, limit: int | None) -> None:
    """Every contact on the list, most recent first, printed as each page arrives.

    With --json, one JSON object per line (JSON Lines), so a long list streams.
    """

    async def walk(client: AsyncSmsClient) -> int:
        count = 0
        async for optout in client.optouts.get_optouts_list(limit=limit):
            count += 1
            if session.as_json:
                click.echo(json.dumps(_render.jsonable(optout), ensure_ascii=False))
            else:
                session.out.print(
                    f"{optout.id}  {optout.phone_number}  {optout.optout_from}  {optout.datetime}"
                )
        return count

    count = session.call(walk)
    if not session.as_json:
        session.note(f"{count:,} contacts")


@optouts.command("add")
@click.argument("phone_numbers", nargs=-1, required=True, metavar="NUMBER...")
@click.option("--country-iso", metavar="CC", help="Country of national numbers (FR).")
@click.option("--allow-invalid", is_flag=True, help="Add the valid numbers, list the others.")
@api_command
def optouts_add(
    session: Session, phone_numbers: tuple[str, ...], country_iso: str | None, allow_invalid: bool
) -> None:
    """Put NUMBER... on the opt-out list."""
    result = session.call(
        lambda client: client.optouts.add_contact_to_optouts_list(
            phone_numbers=list(phone_numbers),
            country_iso=country_iso,
            allow_invalid=allow_invalid or None,
        )
    )
    _print_added(session, result)


def _print_added(session: Session, result: Any) -> None:
    """What adding numbers (to the opt-out list, to a group) did: counts, invalid numbers."""
    if session.as_json:
        session.emit_json(_render.jsonable(result))
        return
    info = result.info
    session.out.print(
        f"added {info.total_valid:,}, already there {info.total_duplicates:,}, "
        f"invalid {info.total_invalid:,}"
    )
    if info.invalid:
        session.out.print(f"invalid numbers: {', '.join(info.invalid)}")


@optouts.command("remove")
@click.argument("optout_id", type=int)
@api_command
def optouts_remove(session: Session, optout_id: int) -> None:
    """Take contact OPTOUT_ID (from `smscx optouts list`) off the list."""
    result = session.call(lambda client: client.optouts.delete_contact_from_optouts_list(optout_id))
    if session.as_json:
        session.emit_json(_render.jsonable(result))
    else:
        session.out.print(f"removed {result.info.phone_number} (id {result.info.id})")


@cli.command()
@click.argument("msg_id")
@click.option("--watch", is_flag=True, help="Poll until the status is final; print each change.")
@click.option(
    "--interval",
    type=click.FloatRange(0.1, 3600),
    default=5.0,
    show_default=True,
    help="Seconds between polls with --watch.",
)
@click.option(
    "--timeout",
    "watch_timeout",
    type=click.FloatRange(0.1),
    default=None,
    help="Give up watching after this many seconds (exit 1); default: wait as long as it takes.",
)
@api_command
def report(
    session: Session, msg_id: str, watch: bool, interval: float, watch_timeout: float | None
) -> None:
    """The delivery status of message MSG_ID (from `smscx send`).

    With --watch, it polls until the status is final (DELIVERED, FAILED, REJECTED, NO
    COVERAGE), printing each change (JSON Lines with --json).
    """

    def show(data: DataReportCampaign) -> None:
        if session.as_json:
            click.echo(json.dumps(_render.jsonable(data), ensure_ascii=False))
            return
        code = f"  error {data.error_code}" if data.error_code is not None else ""
        updated = f"  at {data.updated_at:%Y-%m-%d %H:%M:%S}" if data.updated_at else ""
        session.out.print(f"{data.msg_id}  {data.to}  {data.status}{code}{updated}")

    async def follow(client: AsyncSmsClient) -> str | None:
        """The last status seen, or ``None`` once it is final (or not watched)."""
        last: str | None = None
        with anyio.move_on_after(watch_timeout):
            while True:
                data = (await client.reports.get_single_report(msg_id)).data
                if data.status != last:
                    show(data)
                    last = data.status
                if not watch or data.is_final:
                    return None
                await anyio.sleep(interval)
        return last

    pending = session.call(follow)
    if pending is not None:
        session.note(f"still {pending} after {watch_timeout:g} s")
        raise SystemExit(ExitStatus.ERROR)


@cli.group()
def groups() -> None:
    """Contact groups, which `smscx campaign` sends to."""


@groups.command("list")
@api_command
def groups_list(session: Session) -> None:
    """Every group: id, name, contacts, opt-outs, and the cost of one SMS to all."""
    result = session.call(lambda client: client.groups.get_groups_list())
    if session.as_json:
        session.emit_json(_render.jsonable(result))
        return
    for group in result.data:
        session.out.print(
            f"{group.id}  {group.name}  {group.total_phone_numbers:,} contacts  "
            f"{group.total_optouts:,} opted out  "
            f"{_render.money(group.total_cost, session.currency)}"
        )


@groups.command("create")
@click.argument("name")
@api_command
def groups_create(session: Session, name: str) -> None:
    """Create group NAME (3 to 60 characters); prints its id."""
    result = session.call(lambda client: client.groups.create_group(name=name))
    if session.as_json:
        session.emit_json(_render.jsonable(result))
    else:
        session.out.print(f"created group {result.info.id} ({result.info.name})")


@groups.command("add")
@click.argument("group_id", type=click.IntRange(1))
@click.argument("phone_numbers", nargs=-1, required=True, metavar="NUMBER...")
@click.option("--country-iso", metavar="CC", help="Country of national numbers (FR).")
@click.option("--allow-invalid", is_flag=True, help="Add the valid numbers, list the others.")
@api_command
def groups_add(
    session: Session,
    group_id: int,
    phone_numbers: tuple[str, ...],
    country_iso: str | None,
    allow_invalid: bool,
) -> None:
    """Add NUMBER... to group GROUP_ID."""
    result = session.call(
        lambda client: client.groups.add_contacts_to_group(
            group_id,
            phone_numbers=list(phone_numbers),
            country_iso=country_iso,
            allow_invalid=allow_invalid or None,
        )
    )
    _print_added(session, result)


@groups.command("show")
@click.argument("group_id", type=click.IntRange(1))
@click.option("--limit", type=click.IntRange(1, 500), help="Contacts per page (500).")
@api_command
def groups_show(session: Session, group_id: int, limit: int | None) -> None:
    """Group GROUP_ID and its contacts, printed as each page arrives (JSON Lines with
    --json: the group first, then one contact per line)."""

    async def walk(client: AsyncSmsClient) -> int:
        page = await client.groups.get_group_details(group_id, limit=limit)
        info = page.info
        if session.as_json:
            click.echo(json.dumps(_render.jsonable(info), ensure_ascii=False))
        else:
            session.out.print(
                f"group {info.id} {info.name}: {info.total_phone_numbers:,} contacts, "
                f"{info.total_optouts:,} opted out"
            )
        count = 0
        async for contact in page:
            count += 1
            if session.as_json:
                click.echo(json.dumps(_render.jsonable(contact), ensure_ascii=False))
            else:
                name = " ".join(n for n in (contact.first_name, contact.last_name) if n)
                flag = "  opted out" if contact.optout else ""
                session.out.print(f"{contact.id}  {contact.phone_number}  {name}{flag}".rstrip())
        return count

    count = session.call(walk)
    if not session.as_json:
        session.note(f"{count:,} contacts")


@cli.group()
def otp() -> None:
    """One-time passwords: text a PIN (charged), then check what the user typed."""


@otp.command("send")
@click.argument("phone_number", metavar="NUMBER")
@click.option("--from", "from_", metavar="SENDER", help="Sender id (the account's default).")
@click.option("--template", help="The text, with {{pin}} where the PIN goes.")
@click.option("--ttl", type=click.IntRange(60, 1800), help="Seconds the PIN stays valid.")
@click.option("--max-attempts", type=click.IntRange(1, 10), help="Wrong PINs allowed.")
@click.option(
    "--pin-type", type=click.Choice(["numbers", "letters", "alphanumeric"]), help="PIN kind."
)
@click.option("--pin-length", type=click.IntRange(4, 10), help="PIN length.")
@click.option("--country-iso", metavar="CC", help="Country of a national NUMBER (FR).")
@api_command
def otp_send(
    session: Session,
    phone_number: str,
    from_: str | None,
    template: str | None,
    ttl: int | None,
    max_attempts: int | None,
    pin_type: str | None,
    pin_length: int | None,
    country_iso: str | None,
) -> None:
    """Text a PIN to NUMBER (charged: one SMS); prints the OTP id to verify it with.

    Not retried once the request may have reached the API (no idempotency for OTPs): on
    such a failure, check the phone before sending another.
    """
    result = session.call(
        lambda client: client.otp.new_otp(
            phone_number=phone_number,
            from_=from_,
            template=template,
            ttl=ttl,
            max_attempts=max_attempts,
            pin_type=pin_type,
            pin_length=pin_length,
            country_iso=country_iso,
        )
    )
    if session.as_json:
        session.emit_json(_render.jsonable(result))
        return
    session.out.print(
        f"sent otp {result.otp_id} to {result.phone_number}, valid until "
        f"{result.date_expires:%Y-%m-%d %H:%M:%S} UTC  "
        f"{_render.money(result.cost, session.currency)}"
    )


@otp.command("verify")
@click.argument("otp_id")
@click.argument("pin")
@api_command
def otp_verify(session: Session, otp_id: str, pin: str) -> None:
    """Check PIN against OTP_ID; exit 0 when VERIFIED, non-zero (with the reason) if not."""
    result = session.call(lambda client: client.otp.verify_otp(otp_id, pin=pin))
    if session.as_json:
        session.emit_json(_render.jsonable(result))
    else:
        session.out.print(result.status)


@cli.command("delete-campaign")
@click.argument("campaign_id")
@api_command
def delete_campaign(session: Session, campaign_id: str) -> None:
    """Delete what is still scheduled of a campaign; its cost returns to the balance."""
    result: DeleteScheduledCampaign = session.call(
        lambda client: client.delete_scheduled_sms_campaign(campaign_id)
    )
    if session.as_json:
        session.emit_json(_render.jsonable(result))
    else:
        _render.deleted_campaign(session.out, result)


class _DefaultCommandGroup(click.Group):
    """A group whose first argument, when it names none of its commands, goes to its
    default command: ``smscx bulk NUMBERS ...`` sends, ``smscx bulk status ...`` reports."""

    default_command = "send"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


@cli.group(cls=_DefaultCommandGroup)
def bulk() -> None:
    """Send one text to every number of a file, resumable, and follow it to delivery.

    `smscx bulk NUMBERS ...` (the same as `smscx bulk send NUMBERS ...`) sends; `smscx bulk
    status --batch-id ID` shows how many were delivered, failed and are pending.
    """


def _journal_dir() -> Path:
    """Where batch journals live by default: ``$SMSCX_JOURNAL_DIR``, else the user's state
    directory (``$XDG_STATE_HOME/smscx/journals``, ``~/.local/state/smscx/journals``)."""
    explicit = os.environ.get("SMSCX_JOURNAL_DIR")
    if explicit:
        return Path(explicit)
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "smscx" / "journals"


def _private_dir(path: Path) -> None:
    """Make ``path`` (and its missing parents) for journals: a directory this program makes
    is its owner's only (0700, whatever the umask), as ssh keeps ``~/.ssh``; the default
    directory is tightened when an older version left it open to other users."""
    missing = []
    cursor = path
    while not cursor.exists():
        missing.append(cursor)
        cursor = cursor.parent
    path.mkdir(parents=True, exist_ok=True)
    default = _journal_dir() == path and not os.environ.get("SMSCX_JOURNAL_DIR")
    if not hasattr(os, "getuid"):  # Windows: a user's profile is private already
        return
    for made in [*missing, *([path, path.parent] if default else [])]:
        if made in missing or made.stat().st_uid == os.getuid():
            made.chmod(0o700)


def default_journal(batch_id: str, sandbox: bool = False) -> Path:
    """The journal of batch ``batch_id`` when ``--journal`` names none. A ``--sandbox`` run
    keeps its journals apart (in ``sandbox/``), so that a trial and the real run of one
    batch id never share one; the journal would refuse it anyway (it records where each
    batch was sent), but the real run should not fail for a trial."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in batch_id)
    return (_journal_dir() / "sandbox" if sandbox else _journal_dir()) / f"{safe}.sqlite"


#: The longest --batch-id: it is printed in every resume command, and names a file.
MAX_BATCH_ID = 100
#: The longest file name most file systems take, in bytes.
MAX_FILE_NAME = 255

_JOURNAL_HINT = (
    "set SMSCX_JOURNAL_DIR to a directory you can write, or pass --journal PATH or --no-journal"
)


def _check_batch_id(batch_id: str, *, names_journal: bool) -> None:
    """Refuse, before sending, a batch id that cannot be printed or name its journal."""
    if not batch_id.strip():
        raise OptionError("--batch-id is empty")
    if len(batch_id) > MAX_BATCH_ID:
        raise OptionError(
            f"--batch-id is {len(batch_id):,} characters long; it may have {MAX_BATCH_ID}"
        )
    if not batch_id.isprintable():
        raise OptionError(f"--batch-id {batch_id!r} has a control character")
    name = default_journal(batch_id).name
    if names_journal and len(name.encode()) > MAX_FILE_NAME:
        raise OptionError(
            f"--batch-id makes a journal file name of {len(name.encode())} bytes, more than "
            f"{MAX_FILE_NAME}",
            hint="use a shorter batch id, or name the journal with --journal PATH",
        )


def _check_journal(journal: Path) -> None:
    """Make the journal's directory, and refuse one that cannot be written (exit 6)."""
    directory = journal.parent
    try:
        _private_dir(directory)
    except OSError as exc:
        raise SetupError(
            f"cannot make the journal directory {directory}: {exc.strerror or exc}",
            hint=_JOURNAL_HINT,
        ) from None
    if not os.access(directory, os.W_OK | os.X_OK):
        raise SetupError(f"the journal directory {directory} is not writable", hint=_JOURNAL_HINT)
    if journal.is_dir():
        raise SetupError(f"the journal {journal} is a directory", hint=_JOURNAL_HINT)
    if journal.exists() and not os.access(journal, os.R_OK | os.W_OK):
        raise SetupError(f"the journal {journal} cannot be read and written", hint=_JOURNAL_HINT)
    if journal.is_file():
        try:
            with contextlib.closing(sqlite3.connect(f"{journal.as_uri()}?mode=ro", uri=True)) as db:
                db.execute("PRAGMA schema_version")
        except sqlite3.Error as exc:
            raise SetupError(
                f"the journal {journal} cannot be read: {exc}",
                hint="move that file away, or pass --journal PATH or another --batch-id",
            ) from None


def _check_failures_file(path: Path) -> None:
    """Refuse, before sending, a failures file that could not be written after it."""
    directory = path.parent
    problem = None
    if not directory.exists():
        problem = f"{directory} does not exist"
    elif not directory.is_dir():
        problem = f"{directory} is not a directory"
    elif not os.access(directory, os.W_OK | os.X_OK):
        problem = f"{directory} is not writable"
    elif path.is_dir():
        problem = "it is a directory"
    if problem:
        raise OptionError(
            f"the failures file {path} could not be written: {problem}",
            hint="pass --failures FILE in a directory you can write",
        )


@bulk.command("send")
@click.argument("numbers", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option(
    "--column",
    metavar="NAME|N",
    help="The column of the numbers: its name in the header row, or its position (1 is the "
    "first). Default: the first column that holds phone numbers.",
)
@sender_options
@number_options
@click.option(
    "--batch-id",
    metavar="ID",
    help="Resume an interrupted batch: the same id, file, text and chunk size send only "
    "what is missing. Default: a new id, printed at the start.",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 64),
    default=8,
    show_default=True,
    help="Requests in flight at once.",
)
@click.option(
    "--chunk-size",
    type=click.IntRange(1, 25_000),
    default=DEFAULT_CHUNK_SIZE,
    show_default=True,
    help="Numbers per request.",
)
@click.option("--fail-fast", is_flag=True, help="Stop sending after the first failed request.")
@max_cost_option
@click.option(
    "--keep-duplicates",
    is_flag=True,
    help="Send a number as often as the file has it. Default: a repeat of a number (by its "
    "digits) is left out, and counted in the summary.",
)
@click.option(
    "--failures",
    "failures_file",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Where to write the numbers not sent, as CSV. Default: beside NUMBERS, with "
    ".failures.csv for its extension (customers.csv: customers.failures.csv; failures.csv "
    "for '-'), written when something failed, and emptied by a later run where nothing did.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar. Default: when stderr is a terminal.",
)
@click.option(
    "--journal",
    "journal_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The batch's journal (SQLite). Default: one per batch id in $SMSCX_JOURNAL_DIR or "
    "~/.local/state/smscx/journals.",
)
@click.option(
    "--no-journal",
    is_flag=True,
    help="Keep no journal: a rerun then sends every request again (replayed by the API).",
)
@api_command
def bulk_send(
    session: Session,
    numbers: str,
    column: str | None,
    failures_file: Path | None,
    progress: bool | None,
    journal_path: Path | None,
    no_journal: bool,
    **options: Any,
) -> None:
    """Send one text to every number in NUMBERS (a CSV file; '-' for stdin).

    The file may be separated by commas, semicolons or tabs, in UTF-8 or UTF-16; the numbers
    are read from the first column that holds phone numbers (or --column), and a header row
    is skipped. A file of one number per line works too. A journal records every request,
    so a rerun with the printed --batch-id and the same file, text and --chunk-size sends
    only what was not confirmed, and `smscx bulk status` can follow the batch to delivery.
    """
    fields = _fields(**options)
    fields.setdefault("batch_id", str(uuid.uuid4()))
    if fields.pop("keep_duplicates", False):
        fields["dedupe"] = False
    if no_journal and journal_path is not None:
        raise click.UsageError("--journal and --no-journal exclude each other.")
    sandbox = session.connection.sandbox
    journal = None if no_journal else journal_path or default_journal(fields["batch_id"], sandbox)
    with contextlib.ExitStack() as stack:
        try:  # everything that can be checked is, before the first request
            _check_batch_id(fields["batch_id"], names_journal=journal_path is None)
            _check_failures_file(failures_file or _bulk.failures_path(numbers))
            if journal is not None:
                _check_journal(journal)
            source = stack.enter_context(NumbersFile.open(numbers, column))
            notes = source.scan()
        except CommandError as exc:
            session.fail(exc)
        if journal is not None:
            fields["journal"] = journal
        resume = _bulk_command(session, numbers, fields, resume=True, column=column)
        session.note(f"batch id: {fields['batch_id']}")
        if journal is not None:
            session.note(f"journal: {journal}")
        session.note(f"to resume, run: {resume}")
        for note in notes:
            session.note(note)
        report = _run_bulk(session, source, fields, progress, resume)
    if report.resumed:
        session.note(
            f"{report.resumed:,} request(s) taken from the journal (confirmed by an earlier "
            f"run), {report.requests_done - report.resumed:,} sent now"
        )
    written, unwritten = _finish_bulk(session, report, numbers, failures_file)
    invalid = _bulk.invalid_numbers(report)
    if invalid:
        click.echo(
            f"hint: invalid numbers: {invalid} (never sent: correct or drop them; "
            "a rerun fails on them again)",
            err=True,
        )
    if (
        written is not None
        and not report.stopped_early
        and _bulk.only_invalid_numbers_failed(report)
    ):
        # The same batch would be refused again; what failed goes as a new batch, skipping
        # the invalid numbers (a new batch id: nothing of it was performed). After
        # --fail-fast, part of the input was never tried: that needs the batch itself.
        skip = _bulk_command(session, str(written), {**fields, "allow_invalid": True})
        session.note(f"to send the valid numbers of what failed, run: {skip}")
    elif report.failures or report.stopped_early:
        # What went through is replayed, not repeated: a rerun sends only what failed.
        # (Numbers listed as invalid alone are no reason: a rerun would list them again.)
        if report.stopped_by is not None and not options.get("fail_fast"):
            session.note(f"stopped: {_bulk.stop_cause(report)}")
        session.note(f"to retry what failed, run: {resume}")
    status = _bulk.bulk_exit_status(report)
    if unwritten is not None:
        # After the summary: what was sent is said first. The batch's own status wins.
        if not session.as_json:
            click.echo(f"error: {unwritten.message}", err=True)
        status = status or unwritten.status
    if status:
        raise click.exceptions.Exit(int(status))


def _run_bulk(
    session: Session,
    source: NumbersFile,
    fields: dict[str, Any],
    progress: bool | None,
    resume: str,
) -> BulkReport:
    """Send the batch with a progress bar; on Ctrl-C or SIGTERM, say where it got to."""
    enabled = session.err.is_terminal if progress is None else progress
    seen: list[BulkProgress] = []

    def on_progress(progress: BulkProgress) -> None:
        seen[:] = [progress]
        bar.update(progress)

    bar = _bulk.BulkBar(session.err, source.count, enabled=enabled)
    signals: list[int] = []
    report: BulkReport | None = None
    with bar, contextlib.suppress(KeyboardInterrupt):
        report = session.call(
            lambda client: _until_sigterm(
                _send_bulk(client, iter(source), on_progress, fields), signals
            )
        )
    if report is None:  # the bar is gone: the last counts are printed instead
        _interrupted(session, seen[0] if seen else None, source.count, resume, signals)
    return report


async def _until_sigterm(send: Awaitable[BulkReport], signals: list[int]) -> BulkReport | None:
    """``send``, unless SIGTERM (a container stopping, ``kill``) comes first: then it is
    cancelled the way Ctrl-C cancels it, the signal is added to ``signals``, and the result
    is ``None``.

    The signal is taken in the event loop, so the requests in flight end as cancelled
    tasks do, whatever SIGINT's handling (a shell's background job ignores it).
    """
    result: BulkReport | None = None

    async def watch(scope: anyio.CancelScope) -> None:
        try:
            receiver = anyio.open_signal_receiver(signal.SIGTERM)
        except NotImplementedError:  # Windows: no SIGTERM to take
            return
        with receiver as received:
            async for signum in received:
                signals.append(signum)
                scope.cancel()
                return

    failure: Exception | None = None
    async with anyio.create_task_group() as group:
        group.start_soon(watch, group.cancel_scope)
        try:
            result = await send
        except Exception as exc:  # raised below as itself, not in an exception group
            failure = exc
        group.cancel_scope.cancel()  # done: the watch ends
    if failure is not None:
        raise failure
    return result


async def _send_bulk(
    client: AsyncSmsClient,
    to: Iterator[str],
    on_progress: Callable[[BulkProgress], None],
    fields: dict[str, Any],
) -> BulkReport:
    # keep_results=False: a million numbers must not mean a million results in memory;
    # the summary needs only totals, and failures are always kept.
    return await client.send_bulk(to, keep_results=False, on_progress=on_progress, **fields)


def _interrupted(
    session: Session,
    progress: BulkProgress | None,
    total: int,
    resume: str,
    signals: list[int],
) -> NoReturn:
    """Ctrl-C or SIGTERM during a batch: what was done, what was not, how to go on; exit 130
    (Ctrl-C) or 143 (SIGTERM).

    The requests in flight were cancelled: the API may have performed them, which the
    resume command settles (their ids are replayed, not sent twice).
    """
    terminated = signal.SIGTERM in signals
    sent = progress.messages_sent if progress else 0
    failed = progress.messages_failed if progress else 0
    cost = _render.money(progress.total_cost if progress else 0, session.currency)
    line = (
        f"{'terminated' if terminated else 'interrupted'}: {sent:,} numbers sent, "
        f"{failed:,} failed, {total - sent - failed:,} not confirmed (requests in flight may "
        f"have been sent); total cost so far {cost}"
    )
    if session.as_json:
        session.emit_json(
            {
                "interrupted": True,
                "signal": "SIGTERM" if terminated else "SIGINT",
                "messages_sent": sent,
                "messages_failed": failed,
                "total_cost": progress.total_cost if progress else 0,
                "currency": session.currency,
                "resume": resume,
            }
        )
    click.echo(line, err=True)
    session.note(f"to resume, run: {resume}")
    status = ExitStatus.TERMINATED if terminated else ExitStatus.INTERRUPTED
    raise click.exceptions.Exit(int(status))


def _bulk_command(
    session: Session,
    numbers: str,
    fields: dict[str, Any],
    *,
    resume: bool = False,
    column: str | None = None,
) -> str:
    """The ``smscx bulk`` command line that sends ``numbers`` with ``fields``, ready to paste.

    With ``resume``, it names the batch id and chunk size too, so every request gets the id
    it had: everything that shapes a request is repeated (an option left out would change
    the requests, and the API refuses an idempotency id reused for a different request).
    Credentials are never written out: they come from the environment, or a new --api-key.
    """
    args = ["smscx", "bulk", numbers]
    if column is not None:
        args += ["--column", column]
    if resume:
        args += ["--batch-id", fields["batch_id"], "--chunk-size", str(fields["chunk_size"])]
        journal = fields.get("journal")
        if journal is None:
            args.append("--no-journal")
        elif Path(journal) != default_journal(fields["batch_id"], session.connection.sandbox):
            args += ["--journal", str(journal)]
    args += ["--from", fields["from_"], "--text", fields["text"]]
    if "scheduled_date" in fields:
        args += ["--schedule", fields["scheduled_date"].isoformat()]
    if "country_iso" in fields:
        args += ["--country-iso", fields["country_iso"]]
    if fields.get("allow_invalid"):
        args.append("--allow-invalid")
    if fields.get("dedupe") is False:
        args.append("--keep-duplicates")
    if "max_cost" in fields:
        args += ["--max-cost", str(fields["max_cost"])]
    if session.connection.sandbox:
        args.append("--sandbox")
    elif session.connection.base_url:
        args += ["--base-url", session.connection.base_url]
    return shlex.join(args)


def _finish_bulk(
    session: Session, report: BulkReport, numbers: str, failures_file: Path | None
) -> tuple[Path | None, OutputError | None]:
    """Write the failures file, print the summary; return the failures file, if written,
    and the error that kept it from being written, if one did.

    The default file is written when something failed, and also when an earlier run left
    one (emptied, then): after a rerun that sent everything, it must not still list
    numbers as failed. The summary is printed whether the file could be written or not.
    """
    written: Path | None = failures_file
    if written is None:
        default = _bulk.failures_path(numbers)
        if not report.ok or (numbers != "-" and default.is_file()):
            written = default
    unwritten = None
    if written is not None:
        try:
            _bulk.write_failures(written, report)
        except OSError as exc:
            unwritten = OutputError(
                f"the failures file {written} could not be written: {exc.strerror or exc}"
            )
            written = None
    if session.as_json:
        data = _bulk.report_json(report, written, session.currency)
        if unwritten is not None:
            data.update(error_json(unwritten))
        session.emit_json(data)
    else:
        session.out.print(_bulk.summary_table(report, written, session.currency))
        for line in _bulk.failure_lines(report):
            click.echo(line, err=True)
    return written, unwritten


@bulk.command("status")
@click.option("--batch-id", required=True, metavar="ID", help="The batch (printed by `bulk`).")
@click.option(
    "--journal",
    "journal_path",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="The batch's journal, if not the default one.",
)
@click.option("--watch", is_flag=True, help="Refresh until no message is pending.")
@click.option(
    "--interval",
    type=click.FloatRange(0.1, 3600),
    default=10.0,
    show_default=True,
    help="Seconds between refreshes with --watch.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar. Default: when stderr is a terminal.",
)
@api_command
def bulk_status(
    session: Session,
    batch_id: str,
    journal_path: Path | None,
    watch: bool,
    interval: float,
    progress: bool | None,
) -> None:
    """How batch ID is doing: sent, delivered, failed and pending, from its journal brought
    up to date from the reports API. The failed recipients are listed with their error
    code (all of them with --json)."""
    journal = journal_path or default_journal(batch_id, session.connection.sandbox)
    if not journal.is_file():
        raise click.UsageError(f"no journal for batch {batch_id} at {journal} (see --journal)")
    enabled = session.err.is_terminal if progress is None else progress

    async def refresh(client: AsyncSmsClient) -> DeliverySummary:
        with _bulk.DeliveryBar(session.err, enabled=enabled) as bar:
            while True:
                summary = await client.delivery_status(batch_id, journal=journal)
                bar.update(summary)
                if not watch or summary.pending == 0:
                    return summary
                await anyio.sleep(interval)

    summary = session.call(refresh)
    if session.as_json:
        session.emit_json(_bulk.delivery_json(summary, session.currency))
        return
    session.out.print(_bulk.delivery_table(summary, session.currency))
    for failure in summary.failures[: _bulk.MAX_INVALID_SHOWN]:
        code = "" if failure.error_code is None else f" (error {failure.error_code})"
        click.echo(f"failed: {failure.to} {failure.status}{code}", err=True)
    more = len(summary.failures) - _bulk.MAX_INVALID_SHOWN
    if more > 0:
        click.echo(f"... and {more:,} more failed (--json lists them all)", err=True)


@cli.command()
@click.argument("message")
@json_option
def text(message: str, as_json: bool) -> None:
    """Encoding, length and parts of MESSAGE ('-' reads it from stdin)."""
    if message == "-":
        message = sys.stdin.read().rstrip("\n")
    info = smstext.analyze(message)
    if as_json:
        data = {**_render.jsonable(info), "too_long": info.too_long, "problem": info.problem}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(_render.text_info(info))


# `smscx numbers search|rent|cancel`, `smscx inbound`, `smscx conversations`: each module
# imports cli (and numbers) from here.
from . import _conversations, _rental  # noqa: E402, F401

cli.add_command(serve)
cli.add_command(listen)
from . import _shortlinks  # noqa: E402, F401  (`smscx shortlinks`; it imports cli from here)
