"""How a failure leaves the command line: one line (or one JSON object) and an exit status.

Exit statuses, by the class of the error::

    0  success
    1  anything else (an unexpected SmscxError)
    2  usage: a bad option or argument (Click's own)
    3  validation: caught before sending (ValidationError) or a bad setup (ConfigurationError)
    4  the API said no (APIStatusError) or answered nonsense (APIResponseValidationError)
    5  network: no usable response (APIConnectionError, APITimeoutError)
"""

from __future__ import annotations

import enum
from typing import Any

from smscx.errors import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    ConfigurationError,
    InvalidPhoneNumberError,
    SmscxError,
    ValidationError,
)

__all__ = ["ExitStatus", "error_json", "error_line", "exit_status", "hint"]


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


def exit_status(exc: SmscxError) -> ExitStatus:
    """The exit status for ``exc``."""
    if isinstance(exc, ConfigurationError):  # before ValidationError: both are ValueErrors
        return ExitStatus.CONFIGURATION
    if isinstance(exc, ValidationError):
        return ExitStatus.VALIDATION
    if isinstance(exc, APIConnectionError):  # before APIStatusError: timeouts are network
        return ExitStatus.NETWORK
    if isinstance(exc, (APIStatusError, APIResponseValidationError)):
        return ExitStatus.API
    return ExitStatus.ERROR


def _code(exc: SmscxError) -> int | None:
    code = getattr(exc, "code", None)
    return None if code is None else int(code)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def error_line(exc: SmscxError, *, request_id: bool = True) -> str:
    """``error: InsufficientCreditError (1113): Insufficient credit`` — the whole story.

    The API's error code when there is one, else the HTTP status; the request id when the
    API gave one (and ``request_id`` is true), since that is what support asks for.
    """
    code = _code(exc)
    if code is not None:
        label = f" ({code})"
    elif isinstance(exc, (APIStatusError, APIResponseValidationError)):
        label = f" (HTTP {exc.status_code})"
    else:
        label = ""
    line = f"error: {type(exc).__name__}{label}: {_one_line(exc.message)}"
    support_id = getattr(exc, "request_id", None)
    if request_id and support_id:
        line += f" [request id {support_id}]"
    return line


def hint(exc: SmscxError) -> str | None:
    """What to do next, when the error alone does not say it (else ``None``)."""
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


def error_json(exc: SmscxError) -> dict[str, Any]:
    """``{"error": {...}}``: the error for machines, with everything a retry needs."""
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
