"""The emulator's errors: the one shape every error answer has.

Every error the emulator answers is an :class:`ApiError` raised from wherever it is found
and turned into ``{"error": {"type", "code", "message", "uri"}}`` in one place (the app).
Its status, type and message come from the SDK's error catalogue
(:data:`smscx.errors.CATALOGUE`, the one table of the API's codes, whose answers are the
emulator's), so the emulator and the client cannot disagree about a code; a raise may
word the message for its case, as the vendor's pages do.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from smscx.errors import CATALOGUE

from .codec import dumps

__all__ = ["ERROR_URI", "ApiError", "error_body"]

ERROR_URI = "https://developers.sms.cx/#errors"
"""Where an error's ``uri`` points: the API's error reference."""


class ApiError(Exception):
    """An error answer, raised where it is found and rendered by the app.

    ``code`` selects the status, type and message from the catalogue unless they are given
    (OAuth errors share code 1600 across types and statuses). ``invalid`` is the list
    of rejected numbers that 1207 and 1210 carry; ``headers`` are extra response headers.
    """

    def __init__(
        self,
        code: int,
        message: str | None = None,
        *,
        status: int | None = None,
        type: str | None = None,
        invalid: Sequence[str] | None = None,
        headers: Sequence[tuple[bytes, bytes]] = (),
    ) -> None:
        entry = CATALOGUE.get(code)
        self.code = code
        self.status = status or (entry.status if entry else 400)
        self.type = type or (entry.error_type if entry else "invalid_param")
        self.message = message or (entry.message if entry else "")
        self.invalid = list(invalid) if invalid is not None else None
        self.headers = list(headers)
        super().__init__(f"{self.status} {self.type} {code}: {self.message}")

    def body(self) -> bytes:
        """The JSON body of this error."""
        return error_body(self.type, self.code, self.message, self.invalid)


def error_body(
    type: str,
    code: int,
    message: str,
    invalid: Sequence[str] | None = None,
) -> bytes:
    """``{"error": {...}}``; rejected numbers go inside ``error`` as ``invalid``."""
    error: dict[str, Any] = {"type": type, "code": code, "message": message, "uri": ERROR_URI}
    if invalid is not None:
        error["invalid"] = list(invalid)
    return dumps({"error": error})
