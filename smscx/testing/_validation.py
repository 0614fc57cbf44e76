"""Reading a request body the way the API does: field by field, first error wins.

Fields are checked in a fixed order (recipients, ``from``, ``text``, ``transliteration``,
placeholders, ``scheduledDate``, ``dlrCallbackUrl``, ``idempotencyId``, ``trackData``) and the
first failure is the answer, with the seed's status, type and code. Numbers, coverage and
credit come later, in :mod:`._sms`, because they need the account and prices.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Collection, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import attrs

from smscx.text import ALPHABETS

from ._placeholders import Template, compile_template
from ._state import Group
from ._wire import ApiError

__all__ = [
    "MAX_NUMBERS",
    "UUID_SHAPE",
    "is_url",
    "is_uuid_v1_to_v5",
    "Common",
    "Schedule",
    "Transliteration",
    "read_common",
    "read_groups",
    "read_to",
]

MAX_NUMBERS = 25_000
"""The most numbers one request may address (1103 beyond)."""

_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?"
    r"(Z|[+-]\d{2}:?\d{2})?"
)


@attrs.frozen(slots=True)
class Transliteration:
    """The ``transliteration`` object: which alphabet to replace, whether to drop emoji."""

    alphabet: str = "NONE"
    remove_emojis: bool = False

    @property
    def active(self) -> bool:
        """Whether it changes anything (and ``transliterationAnalysis`` is answered)."""
        return self.alphabet != "NONE" or self.remove_emojis


@attrs.frozen(slots=True)
class Schedule:
    """A ``scheduledDate``: a wall-clock time, in UTC or in each destination's zone.

    A date written with an offset (``...Z``, ``+02:00``) is absolute whatever ``isUtc`` says.
    """

    wall: datetime
    utc: bool

    def at(self, zone: ZoneInfo) -> datetime:
        """The moment it names for a destination in ``zone`` (aware, UTC)."""
        if self.wall.tzinfo is not None:
            return self.wall.astimezone(timezone.utc)
        if self.utc:
            return self.wall.replace(tzinfo=timezone.utc)
        return self.wall.replace(tzinfo=zone).astimezone(timezone.utc)


@attrs.frozen(slots=True)
class Common:
    """The fields every send and estimate shares, validated."""

    sender: str
    text: str
    template: Template
    transliteration: Transliteration | None
    schedule: Schedule | None
    dlr_callback_url: str | None
    idempotency_id: str | None
    track_data: str | None
    short_response: bool
    no_text_details: bool
    show_timezone: bool


def read_to(body: Mapping[str, Any]) -> list[Any]:
    """``to``: a non-empty list (1104) of at most 25,000 entries (1103)."""
    to = body.get("to")
    if isinstance(to, str) and to:
        to = [to]
    if not isinstance(to, list) or not to:
        raise ApiError(1104)
    if len(to) > MAX_NUMBERS:
        raise ApiError(1103)
    return to


def read_groups(body: Mapping[str, Any], groups: Mapping[int, Group]) -> list[Group]:
    """``groups``: a non-empty list (1101) of known (1140), non-empty (1102) group ids."""
    ids = body.get("groups")
    if isinstance(ids, int) and not isinstance(ids, bool):
        ids = [ids]
    if not isinstance(ids, list) or not ids:
        raise ApiError(1101)
    found: list[Group] = []
    for raw in ids:
        group_id = _group_id(raw)
        group = groups.get(group_id) if group_id is not None else None
        if group is None:
            raise ApiError(1140)
        if group in found:
            continue
        found.append(group)
    for group in found:
        if not group.contacts:
            raise ApiError(1102)
    return found


def _group_id(raw: object) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and raw.isascii() and raw.isdigit():
        return int(raw)
    return None


def read_common(
    body: Mapping[str, Any],
    *,
    idempotent: bool,
    tracked: bool,
    shortlinks: Collection[str],
    attachments: Collection[str],
    contact_fields: Collection[str] = (),
) -> Common:
    """Validate the shared fields in the API's order; raise the first error found.

    ``idempotent``: the endpoint takes ``idempotencyId`` (the sends); ``tracked``: it takes
    ``trackData`` (``/sms`` and its estimate).
    """
    sender = body.get("from")
    if sender is None or sender == "":
        raise ApiError(1105)
    if not isinstance(sender, str) or not 3 <= len(sender) <= 15:
        raise ApiError(1106)
    text = body.get("text")
    if not isinstance(text, str) or not text:
        raise ApiError(1107)
    transliteration = _transliteration(body.get("transliteration"))
    template = compile_template(
        text, shortlinks=shortlinks, attachments=attachments, contact_fields=contact_fields
    )
    schedule = _schedule(body.get("scheduledDate"), body.get("isUtc", True))
    dlr = body.get("dlrCallbackUrl")
    if dlr in (None, ""):
        dlr = None
    elif not is_url(dlr):
        raise ApiError(1109)
    idempotency_id = body.get("idempotencyId") if idempotent else None
    if idempotency_id is not None and not is_uuid_v1_to_v5(idempotency_id):
        raise ApiError(1111)
    track_data = body.get("trackData") if tracked else None
    if track_data is not None and not is_uuid_v1_to_v5(track_data):
        raise ApiError(1112)
    return Common(
        sender=sender,
        text=text,
        template=template,
        transliteration=transliteration,
        schedule=schedule,
        dlr_callback_url=dlr,
        # The key idempotency is kept under: one case, as UUIDs are case-insensitive.
        idempotency_id=idempotency_id.lower() if idempotency_id is not None else None,
        track_data=track_data,
        short_response=body.get("shortResponse") is True,
        no_text_details=body.get("noTextDetails") is True,
        show_timezone=body.get("showTimezone") is True,
    )


def _transliteration(raw: object) -> Transliteration | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise ApiError(1135)
    alphabet = raw.get("alphabet", "NONE")
    if alphabet is None:
        alphabet = "NONE"
    if not isinstance(alphabet, str) or alphabet not in ALPHABETS:
        raise ApiError(1110)
    remove_emojis = raw.get("removeEmojis", False)
    if remove_emojis is None:
        remove_emojis = False
    if not isinstance(remove_emojis, bool):
        raise ApiError(1503)
    return Transliteration(alphabet, remove_emojis)


def _schedule(raw: object, is_utc: object) -> Schedule | None:
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str) or (match := _DATE.fullmatch(raw.strip())) is None:
        raise ApiError(1108)
    year, month, day, hour, minute, second, offset = match.groups()
    try:
        wall = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    except ValueError:
        raise ApiError(1108) from None
    if offset is not None:
        wall = wall.replace(tzinfo=_offset(offset))
    return Schedule(wall, utc=is_utc is not False)


def _offset(text: str) -> timezone:
    if text == "Z":
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


#: An id in a path: 8-4-4-4-12 hex digits, any version (message, campaign, lookup ids).
UUID_SHAPE = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)


def is_url(value: object) -> bool:
    """An absolute http(s) URL the API would take for a callback (at most 2,048 characters,
    no whitespace)."""
    if not isinstance(value, str) or len(value) > 2048 or any(c.isspace() for c in value):
        return False
    try:
        parts = urlsplit(value)
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def is_uuid_v1_to_v5(value: object) -> bool:
    """A UUID of version 1 to 5 (idempotency ids, tracking ids)."""
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        return False
    return parsed.variant == uuid.RFC_4122 and parsed.version in (1, 2, 3, 4, 5)
