"""Text placeholders: validated once per request (1136, 1137, 1112), rendered per message.

``{{numbers}}``, ``{{letters}}`` and ``{{alphanumeric}}`` are random, 4 characters long by
default or ``{{numbers:8}}`` (1 to 20); ``{{optoutLink}}``, ``{{shortlink:ID}}``,
``{{attachment:ID}}`` become short URLs; ``{{today}}`` is the date (``7 Aug 2022``). In
campaigns contact fields (``{{firstName}}``, ``{{field1}}``, custom fields) come from each
contact. Anything else in double braces is left as written.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Collection, Mapping
from datetime import datetime

import attrs

from ._wire import ApiError

__all__ = ["CONTACT_FIELDS", "Template", "compile_template"]

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


_Segment = str | _Random | _Field | _Fixed


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
            elif segment.kind == "today":
                out.append(f"{now.day} {now:%b %Y}")
            else:  # optoutLink
                out.append("https://sms.cx/o/" + "".join(rng.choices(_LINK_ALPHABET, k=6)))
        return "".join(out)


def compile_template(
    text: str,
    *,
    shortlinks: Collection[str],
    attachments: Collection[str],
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
        elif name in ("shortlink", "attachment"):
            known = shortlinks if name == "shortlink" else attachments
            link_id = (argument or "").strip()
            if link_id not in known:
                raise ApiError(1112)
            prefix = "https://sms.cx/" if name == "shortlink" else "https://sms.cx/a/"
            segment = prefix + link_id
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
