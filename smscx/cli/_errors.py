"""How a failure leaves the command line: one line (or one JSON object) and an exit status.

Exit statuses, by the class of the error::

    0  success
    1  anything else (an unexpected SmscxError)
    2  usage: a bad option or argument (Click's own)
    3  validation: caught before sending (ValidationError) or a bad setup (ConfigurationError)
    4  the API said no (APIStatusError) or answered nonsense (APIResponseValidationError)
    5  network: no usable response (APIConnectionError, APITimeoutError)
    6  configuration: no credentials, or a journal directory that cannot be made
  130  interrupted by Ctrl-C (SIGINT)
  143  stopped by SIGTERM (a container stopping, ``kill``)

What goes wrong on this machine rather than at the API (a file of numbers that cannot be
read, an option that cannot be used, a directory) is a :class:`CommandError`, reported the
same way: one ``error:`` line, or a JSON error object with ``--json``.
"""

from __future__ import annotations

import enum
from typing import Any, TypeAlias

from smscx._validation import python_name
from smscx.errors import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    ConfigurationError,
    InvalidPhoneNumberError,
    SmscxError,
    ValidationError,
)

__all__ = [
    "CommandError",
    "ExitStatus",
    "InputFileError",
    "OptionError",
    "OutputError",
    "SetupError",
    "error_json",
    "error_line",
    "exit_status",
    "hint",
]


class ExitStatus(enum.IntEnum):
    """The exit statuses of ``smscx``, one per class of failure."""

    OK = 0
    ERROR = 1
    USAGE = 2
    VALIDATION = 3
    API = 4
    NETWORK = 5
    CONFIGURATION = 6
    INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT
    TERMINATED = 143  # SIGTERM, as shells report it (128 + 15)


class CommandError(Exception):
    """A failure of the command on this machine, not of the API: nothing to retry there.

    ``message`` is the whole story in one line; ``hint``, when given, what to do.
    """

    status = ExitStatus.ERROR

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class InputFileError(CommandError):
    """The file of numbers cannot be read as one: a workbook, an unclosed quote, no numbers."""

    status = ExitStatus.USAGE


class OptionError(CommandError):
    """An option's value cannot be used: found before anything is sent."""

    status = ExitStatus.USAGE


class SetupError(CommandError):
    """A directory the command needs (the journal's) cannot be made or written."""

    status = ExitStatus.CONFIGURATION


class OutputError(CommandError):
    """A file written after the API was called (the failures file) could not be written."""

    status = ExitStatus.ERROR


#: What a command reports as one ``error:`` line: the API's errors and the command's own.
Failure: TypeAlias = "SmscxError | CommandError"


def exit_status(exc: Failure) -> ExitStatus:
    """The exit status for ``exc``."""
    if isinstance(exc, CommandError):
        return exc.status
    if isinstance(exc, ConfigurationError):  # before ValidationError: both are ValueErrors
        return ExitStatus.CONFIGURATION
    if isinstance(exc, ValidationError):
        return ExitStatus.VALIDATION
    if isinstance(exc, APIConnectionError):  # before APIStatusError: timeouts are network
        return ExitStatus.NETWORK
    if isinstance(exc, (APIStatusError, APIResponseValidationError)):
        return ExitStatus.API
    return ExitStatus.ERROR


def _code(exc: Failure) -> int | None:
    code = getattr(exc, "code", None)
    return None if code is None else int(code)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def error_line(exc: Failure, *, request_id: bool = True) -> str:
    """``error: InsufficientCreditError (1113): Insufficient credit`` — the whole story.

    The API's error code when there is one, else the HTTP status; the request id when the
    API gave one (and ``request_id`` is true), since that is what support asks for. A
    :class:`CommandError` is its message alone: ``error: no phone numbers found in a.csv``.
    """
    if isinstance(exc, CommandError):
        return f"error: {_one_line(exc.message)}"
    code = _code(exc)
    if code is not None:
        label = f" ({code})"
    elif isinstance(exc, (APIStatusError, APIResponseValidationError)):
        label = f" (HTTP {exc.status_code})"
    else:
        label = ""
    line = f"error: {type(exc).__name__}{label}: {_one_line(_as_typed(exc))}"
    support_id = getattr(exc, "request_id", None)
    if request_id and support_id:
        line += f" [request id {support_id}]"
    return line


#: The command line's spelling of a request field the SDK names in its messages.
_OPTIONS = {
    "from": "--from",
    "to": "--to",
    "text": "--text",
    "scheduledDate": "--schedule",
    "countryIso": "--country-iso",
    "idempotencyId": "--idempotency-id",
    "groups": "--group",
    "pinLength": "--pin-length",
    "pinType": "--pin-type",
    "maxAttempts": "--max-attempts",
    "ttl": "--ttl",
    "template": "--template",
}


def _as_typed(exc: Failure) -> str:
    """The error's message, naming a field as it was typed on the command line: the SDK
    says `from_` (the keyword), the command's user wrote --from."""
    message = exc.message
    field = getattr(exc, "field", None)
    if not isinstance(exc, ValidationError) or not isinstance(field, str):
        return message
    option = _OPTIONS.get(field)
    if option is None:
        return message
    return message.replace(f"`{python_name(field)}`", option, 1)


def hint(exc: Failure) -> str | None:
    """What to do next, when the error alone does not say it (else ``None``)."""
    if isinstance(exc, CommandError):
        return None if exc.hint is None else f"hint: {exc.hint}"
    if isinstance(exc, InvalidPhoneNumberError) and exc.invalid_numbers:
        return (
            f"hint: invalid numbers: {', '.join(exc.invalid_numbers)}; "
            "remove them or pass --allow-invalid"
        )
    if isinstance(exc, ConfigurationError) and exc.message.startswith("No credentials"):
        return "hint: pass --api-key KEY, set SMSCX_API_KEY, or try the command with --sandbox"
    if exc.maybe_sent and exc.idempotency_id:
        return (
            "hint: it may have been sent; retry with "
            f"--idempotency-id {exc.idempotency_id} to be billed at most once"
        )
    return None


def error_json(exc: Failure) -> dict[str, Any]:
    """``{"error": {...}}``: the error for machines, with everything a retry needs.

    A :class:`CommandError` has the same keys (``code`` and ``idempotency_id`` null,
    ``maybe_sent`` false: it is no request's error), and ``hint``.
    """
    if isinstance(exc, CommandError):
        return {
            "error": {
                "class": type(exc).__name__,
                "code": None,
                "message": exc.message,
                "exit_status": int(exc.status),
                "idempotency_id": None,
                "maybe_sent": False,
                "hint": exc.hint,
            }
        }
    error: dict[str, Any] = {
        "class": type(exc).__name__,
        "code": _code(exc),
        "message": exc.message,
        "exit_status": int(exit_status(exc)),
        "idempotency_id": exc.idempotency_id,
        "maybe_sent": exc.maybe_sent,
    }
    if isinstance(exc, ValidationError):
        error["field"] = exc.field
    if isinstance(exc, (APIStatusError, APIResponseValidationError)):
        error["status"] = exc.status_code
        error["request_id"] = exc.request_id
    if isinstance(exc, APIStatusError):
        error["type"] = exc.error_type
    if isinstance(exc, InvalidPhoneNumberError):
        error["invalid_numbers"] = exc.invalid_numbers
    return {"error": error}
