"""Reading a send's body the way the API does: field by field, first error wins.

Fields are checked in a fixed order (recipients, ``from``, ``text``, ``transliteration``,
placeholders, ``scheduledDate``, ``dlrCallbackUrl``, ``idempotencyId``, ``trackData``) and the
first failure is the answer, with the seed's status, type and code. Numbers, coverage and
credit come later, in :mod:`.sms`, because they need the account and prices.

Text placeholders are validated once per request (1136, 1137, 1112) and rendered per
message: ``{{numbers}}``, ``{{letters}}`` and ``{{alphanumeric}}`` are random, 4 characters
long by default or ``{{numbers:8}}`` (1 to 20); ``{{optoutLink}}`` becomes a short URL;
``{{shortlink:ID}}`` and ``{{attachement:ID}}`` (the vendor's spelling; ``{{attachment:ID}}``
is taken too) become a tracked link of each recipient's own (:class:`Links`, kept by
:mod:`.shortlinks`), counted in the text's length as sent; ``{{today}}`` is the date (``7 Aug
2022``). In campaigns contact fields (``{{firstName}}``, ``{{field1}}``, custom fields) come
from each contact. Anything else in double braces is left as written.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Collection, Mapping
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Protocol
from zoneinfo import ZoneInfo

import attrs

from smscx.testing.wire.checks import is_url, is_uuid_v1_to_v5
from smscx.testing.wire.errors import ApiError
from smscx.text import ALPHABETS

if TYPE_CHECKING:
    from .groups import Group

__all__ = [
    "CONTACT_FIELDS",
    "LINK_PLACEHOLDERS",
    "MAX_NUMBERS",
    "Common",
    "Links",
    "NoLinks",
    "Schedule",
    "Template",
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


class Links(Protocol):
    """The account's tracked links, as a send's text uses them (:mod:`.shortlinks`)."""

    def known(self, kind: str) -> Collection[str]:
        """The ids ``{{shortlink:ID}}`` (``kind`` ``"shortlink"``) or
        ``{{attachement:ID}}`` (``"attachment"``) may name now."""
        ...

    def issue(self, kind: str, link_id: str, rng: random.Random) -> str:
        """A new link to ``link_id`` for one recipient (callers hold the shared lock)."""
        ...


@attrs.frozen(slots=True)
class NoLinks:
    """Link ids known without tracking: each becomes its short link, the same for every
    recipient (an account without links: none known, every id is 1112)."""

    shortlinks: Collection[str] = ()
    attachments: Collection[str] = ()

    def known(self, kind: str) -> Collection[str]:
        """The ids given for ``kind``."""
        return self.shortlinks if kind == "shortlink" else self.attachments

    def issue(self, kind: str, link_id: str, rng: random.Random) -> str:
        """The link's short URL, without a recipient's code."""
        return "https://en.ax/" + link_id


def read_common(
    body: Mapping[str, Any],
    *,
    idempotent: bool,
    tracked: bool,
    links: Links | None = None,
    shortlinks: Collection[str] = (),
    attachments: Collection[str] = (),
    contact_fields: Collection[str] = (),
) -> Common:
    """Validate the shared fields in the API's order; raise the first error found.

    ``idempotent``: the endpoint takes ``idempotencyId`` (the sends); ``tracked``: it takes
    ``trackData`` (``/sms`` and its estimate). ``links`` are the account's tracked links;
    without them, ``shortlinks`` and ``attachments`` are ids known without tracking.
    """
    if links is None:
        links = NoLinks(shortlinks, attachments)
    sender = body.get("from")
    if sender is None or sender == "":
        raise ApiError(1105)
    if not isinstance(sender, str) or not 3 <= len(sender) <= 15:
        raise ApiError(1106)
    text = body.get("text")
    if not isinstance(text, str) or not text:
        raise ApiError(1107)
    transliteration = _transliteration(body.get("transliteration"))
    template = compile_template(text, links=links, contact_fields=contact_fields)
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
        # The vendor's model pages: "If the value is not a valid UUID (v1-v5) the API will
        # not return an error but will discard this parameter".
        track_data = None
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


# --- placeholders ---------------------------------------------------------------------

CONTACT_FIELDS = frozenset(
    {"firstName", "lastName", "email", "field1", "field2", "field3", "field4", "field5"}
)
"""Placeholders every campaign contact fills (custom fields add to these)."""

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*(?::([^{}]*))?\}\}")
_RANDOM = {
    "numbers": string.digits,
    "letters": string.ascii_letters,
    "alphanumeric": string.ascii_letters + string.digits,
}
_LINK_ALPHABET = string.ascii_letters + string.digits

LINK_PLACEHOLDERS: Mapping[str, str] = {
    "shortlink": "shortlink",
    "attachement": "attachment",  # the vendor's spelling, in every page that names it
    "attachment": "attachment",  # the spelling of this SDK's earlier docs, still taken
}
"""Placeholder name -> the kind of tracked link it names."""


@attrs.frozen(slots=True)
class _Random:
    alphabet: str
    length: int


@attrs.frozen(slots=True)
class _Field:
    name: str


@attrs.frozen(slots=True)
class _Fixed:
    kind: str  # "optoutLink", "today"


@attrs.frozen(slots=True)
class _Link:
    kind: str  # "shortlink", "attachment"
    link_id: str
    links: Links = attrs.field(eq=False, repr=False)


_Segment = str | _Random | _Field | _Fixed | _Link


@attrs.frozen(slots=True)
class Template:
    """A text split into literal pieces and placeholders."""

    segments: tuple[_Segment, ...]

    @property
    def static(self) -> bool:
        """Whether every message gets the same text (no placeholder to fill)."""
        return all(isinstance(s, str) for s in self.segments)

    def render(self, rng: random.Random, contact: Mapping[str, str] | None, now: datetime) -> str:
        """The text of one message; ``contact`` is ``None`` outside campaigns."""
        out: list[str] = []
        for segment in self.segments:
            if isinstance(segment, str):
                out.append(segment)
            elif isinstance(segment, _Random):
                out.append("".join(rng.choices(segment.alphabet, k=segment.length)))
            elif isinstance(segment, _Field):
                if contact is None:
                    out.append("{{" + segment.name + "}}")
                else:
                    out.append(contact.get(segment.name, ""))
            elif isinstance(segment, _Link):
                out.append(segment.links.issue(segment.kind, segment.link_id, rng))
            elif segment.kind == "today":
                out.append(f"{now.day} {now:%b %Y}")
            else:  # optoutLink
                out.append("https://sms.cx/o/" + "".join(rng.choices(_LINK_ALPHABET, k=6)))
        return "".join(out)


def compile_template(
    text: str,
    *,
    links: Links,
    contact_fields: Collection[str] = (),
) -> Template:
    """Parse ``text``, raising the API's error for a bad random length or unknown link id.

    ``contact_fields`` are the names contacts can fill (campaigns only); other names stay
    literal.
    """
    segments: list[_Segment] = []
    position = 0
    for match in _PLACEHOLDER.finditer(text):
        name, argument = match.group(1), match.group(2)
        segment: _Segment
        if name in _RANDOM:
            segment = _Random(_RANDOM[name], _random_length(name, argument))
        elif name in LINK_PLACEHOLDERS:
            kind = LINK_PLACEHOLDERS[name]
            link_id = (argument or "").strip()
            if link_id not in links.known(kind):
                raise ApiError(1112)
            segment = _Link(kind, link_id, links)
        elif name in ("optoutLink", "today") and argument is None:
            segment = _Fixed(name)
        elif name in contact_fields and argument is None:
            segment = _Field(name)
        else:
            continue
        segments.append(text[position : match.start()])
        segments.append(segment)
        position = match.end()
    segments.append(text[position:])
    return Template(_merge(segments))


def _random_length(name: str, argument: str | None) -> int:
    if argument is None:
        return 4
    argument = argument.strip()
    if not argument.isascii() or not argument.isdigit():
        raise ApiError(1136, f"Invalid number of characters for the placeholder {{{{{name}}}}}")
    length = int(argument)
    if not 1 <= length <= 20:
        raise ApiError(1137)
    return length


def _merge(segments: list[_Segment]) -> tuple[_Segment, ...]:
    """Join adjacent literal pieces (a static text becomes one string)."""
    merged: list[_Segment] = []
    for segment in segments:
        if isinstance(segment, str):
            if not segment:
                continue
            if merged and isinstance(merged[-1], str):
                merged[-1] += segment
                continue
        merged.append(segment)
    return tuple(merged)
