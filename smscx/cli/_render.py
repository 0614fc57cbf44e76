"""What a result looks like: a Rich table and a summary for people, JSON for machines.

JSON is built from the models themselves (every attrs field, ``from_`` spelled ``from``,
dates in ISO 8601, enums by value), so it carries all a result holds, ``meta`` included.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs
from rich import box
from rich.console import Console
from rich.table import Table

from smscx.models import (
    DataSms,
    DeleteScheduledCampaign,
    DeleteScheduledMsg,
    Info,
    ModelList,
    SendSmsCampaignResponse,
    SendSmsMessageResponse,
)
from smscx.text import TextInfo

__all__ = [
    "MAX_ROWS",
    "campaign_result",
    "deleted_campaign",
    "deleted_message",
    "jsonable",
    "money",
    "send_result",
    "text_info",
]

#: Messages listed in a table before the rest is summed up (``--json`` lists them all).
MAX_ROWS = 20


def jsonable(value: object) -> Any:
    """A model (or anything built of models, dates, enums, mappings, lists) as plain JSON."""
    cls = type(value)
    if attrs.has(cls):
        return {
            field.name.rstrip("_"): jsonable(getattr(value, field.name))
            for field in attrs.fields(cls)
        }
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, ModelList)):
        return [jsonable(item) for item in value]
    return value


def money(amount: float | Decimal, currency: str | None = None) -> str:
    """An amount with as many decimals as it has (2 to 6): ``0.065``, ``1.50 EUR``."""
    text = f"{amount:.6f}".rstrip("0")
    whole, _, decimals = text.partition(".")
    shown = f"{whole}.{decimals.ljust(2, '0')}"
    return f"{shown} {currency}" if currency else shown


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _messages_table(messages: Sequence[DataSms]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("to", no_wrap=True)
    table.add_column("message id", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("parts", justify="right", no_wrap=True)
    table.add_column("cost", justify="right", no_wrap=True)
    for message in messages[:MAX_ROWS]:
        table.add_row(
            message.to, message.msg_id, message.status, str(message.parts), money(message.cost)
        )
    return table


def _messages(console: Console, messages: Sequence[DataSms]) -> None:
    if not messages:
        return
    console.print(_messages_table(messages))
    if len(messages) > MAX_ROWS:
        console.print(f"… and {len(messages) - MAX_ROWS:,} more (--json lists them all)")


def _totals(
    info: Info, messages: Sequence[DataSms], *, estimate: bool, currency: str | None
) -> str:
    verb = "would send" if estimate else "scheduled" if info.scheduled else "sent"
    line = f"{verb} {_plural(info.total_valid, 'message')} ({_plural(info.total_parts, 'part')})"
    # One send has one schedule: it is said once here rather than on every row.
    when = next((m.scheduled_at for m in messages if m.scheduled_at is not None), None)
    if when is not None:
        line += f" for {when:%Y-%m-%d %H:%M} UTC"
    line += f", total cost {money(info.total_cost, currency)}"
    if info.total_invalid:
        line += f"; {info.total_invalid:,} invalid"
    return line + (" (estimate: nothing charged)" if estimate else "")


def _countries(info: Info) -> str | None:
    if not info.phone_numbers_by_country:
        return None
    pairs = sorted(info.phone_numbers_by_country.items())
    return "by country: " + ", ".join(f"{country} {count:,}" for country, count in pairs)


def _details(console: Console, info: Info, idempotency_id: str | None, *, estimate: bool) -> None:
    for line in (
        _countries(info),
        f"invalid numbers: {', '.join(info.invalid)}" if info.invalid else None,
        None if estimate else f"campaign id: {info.campaign_id}",
        f"idempotency id: {idempotency_id}" if idempotency_id else None,
    ):
        if line:
            console.print(line)


def send_result(
    console: Console,
    result: SendSmsMessageResponse,
    *,
    estimate: bool,
    currency: str | None = None,
) -> None:
    """A send or an estimate: its messages, totals (in ``currency``, when known), countries
    and ids."""
    _messages(console, result.data)
    totals = _totals(result.info, result.data, estimate=estimate, currency=currency)
    console.print(totals, style="bold")
    _details(console, result.info, result.idempotency_id, estimate=estimate)


def campaign_result(
    console: Console,
    result: SendSmsCampaignResponse,
    *,
    estimate: bool,
    currency: str | None = None,
) -> None:
    """A campaign send or estimate: its groups, totals and ids."""
    _messages(console, result.data)
    totals = _totals(result.info, result.data, estimate=estimate, currency=currency)
    console.print(totals, style="bold")
    groups = ", ".join(
        f"{group.id} ({group.name}, {_plural(group.phone_numbers, 'number')})"
        for group in result.info.groups
    )
    if groups:
        console.print(f"groups: {groups}")
    if result.info.duplicates_removed:
        console.print(f"duplicates removed: {result.info.duplicates_removed:,}")
    _details(console, result.info, result.idempotency_id, estimate=estimate)


def deleted_message(console: Console, result: DeleteScheduledMsg) -> None:
    """A deleted scheduled message and the credit it returned."""
    info = result.info
    console.print(
        f"deleted message {info.msg_id} ({_plural(info.parts, 'part')}), "
        f"credit returned {money(info.credit_returned)}"
    )


def deleted_campaign(console: Console, result: DeleteScheduledCampaign) -> None:
    """A deleted scheduled campaign: how much of it, and the credit returned."""
    info = result.info
    console.print(
        f"deleted campaign {info.campaign_id}: {info.phone_numbers_deleted:,} of "
        f"{_plural(info.total_phone_numbers, 'number')} ({_plural(info.parts_deleted, 'part')}), "
        f"credit returned {money(info.credit_returned)}"
    )


def _character(char: str) -> str:
    return char if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"


def text_info(info: TextInfo) -> str:
    """The analysis of a text, one ``name: value`` line each (plain, for exact output)."""
    non_gsm = " ".join(_character(char) for char in info.non_gsm) or "none"
    rows = (
        ("encoding", info.encoding.value),
        ("length", str(info.length)),
        ("parts", str(info.parts)),
        ("per part", str(info.per_part)),
        ("remaining", str(info.remaining)),
        ("non-GSM", non_gsm),
    )
    lines = [f"{name + ':':<11}{value}" for name, value in rows]
    if info.problem:
        lines.append(f"{'too long:':<11}{info.problem}")
    return "\n".join(lines)
