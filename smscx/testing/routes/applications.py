"""``ApplicationsApi``: the account's OAuth applications, read-only.

The applications are the emulator's own OAuth credentials (``Emulator(applications=...)``,
id -> secret), in the order given, the last given the most recent. Each has every scope
and the emulator's token lifetime. Their settings are the defaults the emulator's routes
really apply (no callbacks, no quiet hours, no transliteration, the OTP defaults of
:data:`smscx.testing.routes.otp.DEFAULTS`), the same for every application.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

from smscx.models import ApplicationSettingsResponse, ApplicationsListResponse, Scopes
from smscx.testing.server.access import SCOPE_OF_NAMESPACE
from smscx.testing.wire.call import Reply
from smscx.testing.wire.codec import dumps, format_date
from smscx.testing.wire.errors import ApiError

from . import Route
from .otp import DEFAULTS as OTP_DEFAULTS

__all__ = ["MULTICHANNEL_TTL", "ROUTES", "ApplicationService", "scopes"]

_EPOCH = datetime(2026, 1, 1, tzinfo=timezone.utc)

MULTICHANNEL_TTL = 300
"""The ``ttl`` (seconds) the settings give a multichannel send that names none (the
multichannel routes' default, the API's minimum)."""

#: No quiet hours: an empty interval (the emulator holds nothing back).
_NO_QUIET_HOURS = {"start": "00:00", "stop": "00:00"}


def scopes() -> list[str]:
    """Every scope an application or a token may have: one per namespace."""
    return list(dict.fromkeys(SCOPE_OF_NAMESPACE.values()))


def _channel() -> dict[str, Any]:
    return {"dlrCallback": None, "receiveCallback": None, "quietHours": dict(_NO_QUIET_HOURS)}


def _settings() -> dict[str, Any]:
    return {
        "sms": {
            "enforceOriginator": None,
            **_channel(),
            "transliteration": {"alphabet": "NONE", "removeEmojis": False},
        },
        "viber": _channel(),
        "whatsapp": _channel(),
        "multichannel": {**_channel(), "ttl": MULTICHANNEL_TTL, "expireAfterTtl": False},
        "shortlinks": {"shortlinksCallback": None},
        "attachments": {"attachmentsCallback": None},
        "optouts": {"optoutsCallback": None},
        "lookup": {"lookupCallback": None},
        "otp": {
            "template": OTP_DEFAULTS["template"],
            "from": OTP_DEFAULTS["from"],
            "pinType": OTP_DEFAULTS["pinType"],
            "pinLength": OTP_DEFAULTS["pinLength"],
            "ttl": OTP_DEFAULTS["ttl"],
            "maxAttempts": OTP_DEFAULTS["maxAttempts"],
            "otpCallback": None,
        },
    }


class ApplicationService:
    """The application routes, over the emulator's OAuth applications (read live: an
    application added to ``Emulator.applications`` is listed)."""

    def __init__(self, applications: Mapping[str, str], token_lifetime: Callable[[], int]) -> None:
        self._applications = applications
        self._token_lifetime = token_lifetime

    def reset(self) -> None:
        """Nothing to forget: the applications are the emulator's configuration."""

    def _listed(self) -> list[tuple[int, str, str]]:
        """(number, id, secret) of every application, oldest first."""
        return [(n, i, s) for n, (i, s) in enumerate(dict(self._applications).items(), 1)]

    def list(self) -> Reply:
        """``GET /applications``: most recent first."""
        lifetime = str(self._token_lifetime())
        data = [
            {
                "id": number,
                "applicationId": app_id,
                "applicationSecret": secret,
                "applicationName": f"Application {number}",
                "scopes": " ".join(scopes()),
                "tokenExpiration": lifetime,
                "createdAt": format_date(_EPOCH + timedelta(minutes=number)),
            }
            for number, app_id, secret in reversed(self._listed())
        ]
        return Reply(200, dumps({"data": data}))

    def settings(self, app_id: str) -> Reply:
        """``GET /applications/{applicationId}``; 1500 for an id of no application."""
        found = [number for number, known, _ in self._listed() if known == app_id]
        if not found:
            raise ApiError(1500)
        body = {
            "applicationId": app_id,
            "name": f"Application {found[0]}",
            "scopes": " ".join(scopes()),
            "tokenExpiration": str(self._token_lifetime()),
            "settings": _settings(),
        }
        return Reply(200, dumps(body))

    def scopes(self) -> Reply:
        """``GET /applications/scopes``: a bare list of names."""
        return Reply(200, dumps(scopes()))


ROUTES: tuple[Route[ApplicationService], ...] = (
    Route(
        "GET", "/applications", "get_applications_list", lambda a, c: a.list(),
        response=ApplicationsListResponse,
    ),
    Route(
        "GET", "/applications/scopes", "get_scopes", lambda a, c: a.scopes(), response=Scopes,
    ),
    Route(
        "GET", "/applications/{applicationId}", "get_application_settings",
        lambda a, c: a.settings(c.param), response=ApplicationSettingsResponse,
    ),
)  # fmt: skip
