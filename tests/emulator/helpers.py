"""Request bodies and response readers shared by the emulator tests."""

from __future__ import annotations

from typing import Any

import httpx

FR = "+33612345678"
"""A valid French mobile number (price 0.065 by default)."""


def sms(**fields: Any) -> dict[str, Any]:
    """A valid ``POST /sms`` body, with ``fields`` replacing or adding keys."""
    body: dict[str, Any] = {"to": [FR], "from": "InfoText", "text": "Hello"}
    body.update(fields)
    return body


def campaign(**fields: Any) -> dict[str, Any]:
    """A valid ``POST /sms/campaign`` body, with ``fields`` replacing or adding keys."""
    body: dict[str, Any] = {"groups": [1], "from": "InfoText", "text": "Hello"}
    body.update(fields)
    return body


def error_of(response: httpx.Response) -> tuple[int, str, int]:
    """(HTTP status, error type, error code) of an error response."""
    error = response.json()["error"]
    return response.status_code, error["type"], error["code"]
