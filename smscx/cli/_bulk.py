"""``smscx bulk``: a progress bar, a summary, and the failures as CSV.

The numbers come from :mod:`._numbers_file`, which reads the file whole before sending (so
the bar has a total and an ETA), then streams it into
:meth:`~smscx.AsyncSmsClient.send_bulk`, which never holds the whole list.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rich import box
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from smscx.bulk import BulkProgress, BulkReport
from smscx.errors import (
    AuthenticationError,
    ErrorCode,
    InsufficientCreditError,
    InvalidPhoneNumberError,
    SpendLimitError,
)
from smscx.journal import DeliverySummary

from ._errors import ExitStatus, error_json, error_line, exit_status
from ._numbers_file import neutralised
from ._render import money

__all__ = [
    "FAILURE_COLUMNS",
    "BulkBar",
    "bulk_exit_status",
    "failure_lines",
    "failures_path",
    "invalid_numbers",
    "only_invalid_numbers_failed",
    "report_json",
    "summary_table",
    "write_failures",
]

#: One row per recipient that did not get the message: its number, what happened to it
#: (``invalid``, ``not_sent``, ``unknown``: see smscx.UnsentRecipient), why, and the error of
#: its request with its API code and idempotency id.
FAILURE_COLUMNS = ("number", "outcome", "reason", "error", "code", "idempotency_id")


class _RateColumn(ProgressColumn):
    """Numbers per second."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("-/s" if speed is None else f"{speed:,.0f}/s", style="progress.data.speed")


class BulkBar:
    """The Rich progress bar of a batch, fed by ``send_bulk``'s ``on_progress``.

    Disabled (nothing drawn) when ``enabled`` is false: when stderr is not a terminal, or
    with ``--no-progress``.
    """

    def __init__(self, console: Console, total: int | None, *, enabled: bool) -> None:
        self.progress = Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("sent {task.fields[sent]:,}  failed {task.fields[failed]:,}"),
            TextColumn("cost {task.fields[cost]}"),
            _RateColumn(),
            TimeRemainingColumn(),
            console=console,
            disable=not enabled,
        )
        self.task = self.progress.add_task("sending", total=total, sent=0, failed=0, cost="0.00")

    def __enter__(self) -> BulkBar:
        self.progress.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.progress.stop()

    def update(self, progress: BulkProgress) -> None:
        """Show the running counts (the ``on_progress`` callback)."""
        self.progress.update(
            self.task,
            completed=progress.messages_sent + progress.messages_failed,
            sent=progress.messages_sent,
            failed=progress.messages_failed,
            cost=money(progress.total_cost),
        )


def failures_path(numbers: str) -> Path:
    """Where failures go by default: ``numbers.failures.csv`` beside the input."""
    if numbers == "-":
        return Path("failures.csv")
    path = Path(numbers)
    return path.with_name(f"{path.stem}.failures.csv")


def _failure_rows(report: BulkReport) -> Iterator[tuple[object, ...]]:
    for recipient in report.unsent():
        error = recipient.error
        code = recipient.code
        yield (
            recipient.to,
            recipient.outcome,
            recipient.reason,
            "" if error is None else type(error).__name__,
            "" if code is None else code,
            recipient.idempotency_id,
        )


def write_failures(path: Path, report: BulkReport) -> int:
    """Write one row per recipient that did not get the message; return how many rows.

    The file is made to be opened in a spreadsheet, and its numbers and reasons come from
    the input and the API: a cell a spreadsheet would run as a formula (``=HYPERLINK(...``,
    ``@SUM(...``, but also ``+33612345678``) is written after a ``'``, which the reader of
    :mod:`._numbers_file` takes off again, so the file is still a valid input to ``bulk``.
    """
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(FAILURE_COLUMNS)
        rows = 0
        for row in _failure_rows(report):
            writer.writerow([neutralised(str(cell)) for cell in row])
            rows += 1
        return rows


def summary_table(
    report: BulkReport, failures_file: Path | None, currency: str | None = None
) -> Table:
    """The end-of-batch table: what was sent, what failed, what it cost."""
    table = Table(title="batch summary", box=box.SIMPLE_HEAD, show_header=False)
    table.add_column("what", style="bold", no_wrap=True)
    table.add_column("value", no_wrap=True)
    table.add_row("batch id", report.batch_id)
    table.add_row("numbers sent", f"{report.messages_sent:,}")
    table.add_row("numbers failed", f"{report.messages_failed:,}")
    invalid = sum(1 for recipient in report.unsent() if recipient.outcome == "invalid")
    if invalid:
        table.add_row("  of which invalid", f"{invalid:,}")
    capped = sum(1 for chunk in report.failures if isinstance(chunk.error, SpendLimitError))
    failed = f"{report.requests_failed - capped:,} failed"
    if capped:  # never started: not among the requests done
        failed += f", {capped:,} not sent for the spend cap"
    table.add_row("requests", f"{report.requests_done:,} ({failed})")
    table.add_row("parts", f"{report.total_parts:,}")
    table.add_row("total cost", money(report.total_cost_exact, currency))
    if report.duplicates_removed:
        table.add_row("repeats left out", f"{report.duplicates_removed:,}")
    if report.stopped_early:
        table.add_row("stopped early", f"yes ({stop_cause(report)})")
    if failures_file is not None:
        table.add_row("failures", str(failures_file))
    return table


def stop_cause(report: BulkReport) -> str:
    """Why the batch stopped early, in a few words: what to fix before the rerun."""
    error = report.stopped_by
    if isinstance(error, AuthenticationError):
        return "the API key was refused: check the API key, then rerun"
    if isinstance(error, InsufficientCreditError):
        return "no credit left: top up, then rerun"
    if isinstance(error, SpendLimitError):
        return (
            f"the spend cap: the next request, estimated at {error.estimate}, would take the "
            f"batch from {error.committed} to more than --max-cost {error.max_cost}; rerun "
            "with a higher --max-cost to send the rest"
        )
    if getattr(error, "code", None) == ErrorCode.IDEMPOTENCY_ID_INVALID:
        return (
            "the batch id was used before for other requests: use a new --batch-id, or the "
            "chunk size and file of that batch"
        )
    return "--fail-fast"


def bulk_exit_status(report: BulkReport) -> ExitStatus:
    """0 when every recipient was sent; else the status of the first failed request's
    error, or of the API's refusal (4) when only numbers it listed as invalid were not."""
    if report.failures:
        first = report.failures[0].error
        assert first is not None
        return exit_status(first)
    return ExitStatus.OK if report.ok else ExitStatus.API


def failure_lines(report: BulkReport) -> list[str]:
    """Each distinct error of the batch, once, with how many requests it failed."""
    counts: dict[str, int] = {}
    for chunk in report.failures:
        assert chunk.error is not None
        line = error_line(chunk.error, request_id=False)  # ids differ; the error does not
        counts[line] = counts.get(line, 0) + 1
    return [
        f"{count:,} failed request{'' if count == 1 else 's'}: {line}"
        for line, count in counts.items()
    ]


#: Invalid numbers named in a hint before the rest is counted (the failures file has all).
MAX_INVALID_SHOWN = 10


def invalid_numbers(report: BulkReport) -> str:
    """The numbers the API called invalid, for a hint (``""`` when there are none)."""
    numbers = [recipient.to for recipient in report.unsent() if recipient.outcome == "invalid"]
    shown = ", ".join(numbers[:MAX_INVALID_SHOWN])
    more = len(numbers) - MAX_INVALID_SHOWN
    return f"{shown} and {more:,} more" if more > 0 else shown


def only_invalid_numbers_failed(report: BulkReport) -> bool:
    """Whether every failed request was refused for invalid numbers (so a rerun would be)."""
    return bool(report.failures) and all(
        isinstance(chunk.error, InvalidPhoneNumberError) for chunk in report.failures
    )


def report_json(
    report: BulkReport, failures_file: Path | None, currency: str | None = None
) -> dict[str, object]:
    """The batch's totals and failures as JSON (results are not kept by the CLI).

    ``total_cost`` is the exact sum as the nearest JSON number (``130.0``, never
    ``130.00000000000048``); ``currency`` is the account's when the command knows it.
    """
    return {
        "batch_id": report.batch_id,
        "ok": report.ok,
        "requests_done": report.requests_done,
        "requests_failed": report.requests_failed,
        "messages_sent": report.messages_sent,
        "messages_failed": report.messages_failed,
        "total_parts": report.total_parts,
        "total_cost": report.total_cost,
        "currency": currency,
        "stopped_early": report.stopped_early,
        "stopped_because": stop_cause(report) if report.stopped_early else None,
        "duplicates_removed": report.duplicates_removed,
        "failures_file": None if failures_file is None else str(failures_file),
        "failures": [
            {
                "chunk": chunk.index,
                "idempotency_id": chunk.idempotency_id,
                "numbers": chunk.recipients,
                **error_json(chunk.error),
            }
            for chunk in report.failures
            if chunk.error is not None
        ],
        "unsent": [
            {
                "number": recipient.to,
                "outcome": recipient.outcome,
                "reason": recipient.reason,
                "code": recipient.code,
                "idempotency_id": recipient.idempotency_id,
            }
            for recipient in report.unsent()
        ],
    }


class DeliveryBar:
    """A Rich bar of a batch's delivery: final statuses (delivered or failed) of all sent."""

    def __init__(self, console: Console, *, enabled: bool) -> None:
        self._progress = Progress(
            TextColumn("delivery"),
            BarColumn(),
            TextColumn("{task.completed:,}/{task.total:,} final"),
            TextColumn("{task.fields[counts]}"),
            console=console,
            disable=not enabled,
            transient=True,
        )
        self._task: Any = None

    def __enter__(self) -> DeliveryBar:
        self._progress.__enter__()
        self._task = self._progress.add_task("delivery", total=None, counts="")
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.__exit__(None, None, None)

    def update(self, summary: DeliverySummary) -> None:
        """Show ``summary``'s counts."""
        counts = f"{summary.delivered:,} delivered, {summary.failed:,} failed, " \
            f"{summary.pending:,} pending"  # fmt: skip
        self._progress.update(
            self._task,
            total=summary.total,
            completed=summary.delivered + summary.failed,
            counts=counts,
        )


def delivery_table(summary: DeliverySummary, currency: str | None = None) -> Table:
    """A batch's delivery counts as a table."""
    table = Table(title="batch delivery", box=box.SIMPLE_HEAD, show_header=False)
    table.add_column("what", style="bold", no_wrap=True)
    table.add_column("value", no_wrap=True)
    table.add_row("batch id", summary.batch_id)
    table.add_row("sent", f"{summary.total:,}")
    table.add_row("delivered", f"{summary.delivered:,}")
    table.add_row("failed", f"{summary.failed:,}")
    table.add_row("pending", f"{summary.pending:,}")
    table.add_row("total cost", money(summary.total_cost_exact, currency))
    return table


def delivery_json(summary: DeliverySummary, currency: str | None = None) -> dict[str, object]:
    """A batch's delivery counts and failed recipients as JSON."""
    return {
        "batch_id": summary.batch_id,
        "sent": summary.total,
        "delivered": summary.delivered,
        "failed": summary.failed,
        "pending": summary.pending,
        "total_cost": summary.total_cost,
        "currency": currency,
        "failures": [
            {"to": f.to, "msg_id": f.msg_id, "status": f.status, "error_code": f.error_code}
            for f in summary.failures
        ],
    }
