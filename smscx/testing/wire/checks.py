"""What values must look like: phone numbers, callback URLs and ids, as SMS.CX reads them.

Phone numbers come from libphonenumber's metadata, via ``phonenumbers``. A number is E.164
(``+`` and the country code) or national with ``countryIso``; it is valid when
libphonenumber says so for its region, and always answered in E.164. Results are cached: a
benchmark sends the same numbers again and again, and a 25,000-number request should not
parse a number twice.
"""

from __future__ import annotations

import functools
import re
import uuid
from collections.abc import Iterable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
import phonenumbers
from phonenumbers import timezone as number_timezones

__all__ = [
    "UUID_SHAPE",
    "PhoneNumber",
    "is_url",
    "is_uuid_v1_to_v5",
    "parse_number",
    "split_numbers",
    "timezone_of",
]


@attrs.frozen(slots=True)
class PhoneNumber:
    """A valid number: its E.164 form and its country."""

    e164: str
    country_iso: str


@functools.lru_cache(maxsize=100_000)
def parse_number(raw: str, country_iso: str | None) -> PhoneNumber | None:
    """The valid number ``raw`` denotes, or ``None``.

    Without a leading ``+`` the number is read as national to ``country_iso``; a ``+``
    number ignores ``country_iso``. Numbers libphonenumber calls possible but not valid
    (unassigned ranges) are invalid, as they are for the API.
    """
    region = None if raw.startswith("+") else (country_iso or "").upper() or None
    if region is None and not raw.startswith("+"):
        return None
    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    country = phonenumbers.region_code_for_number(parsed)
    if not country:
        return None
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return PhoneNumber(e164, country)


def split_numbers(
    raw_numbers: Iterable[object], country_iso: str | None
) -> tuple[list[PhoneNumber], list[str]]:
    """Valid numbers (in order, duplicates kept) and the invalid entries as given."""
    valid: list[PhoneNumber] = []
    invalid: list[str] = []
    for raw in raw_numbers:
        number = parse_number(raw.strip(), country_iso) if isinstance(raw, str) else None
        if number is None:
            invalid.append(raw if isinstance(raw, str) else str(raw))
        else:
            valid.append(number)
    return valid, invalid


@functools.lru_cache(maxsize=100_000)
def timezone_of(e164: str) -> ZoneInfo:
    """The destination's time zone: the first libphonenumber names, else UTC.

    A country spanning several zones resolves by the number's prefix when the metadata
    allows it (US area codes do); otherwise the first candidate is used.
    """
    parsed = phonenumbers.parse(e164, None)
    for name in number_timezones.time_zones_for_number(parsed):
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return ZoneInfo("UTC")


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
