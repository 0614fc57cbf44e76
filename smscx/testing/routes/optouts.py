"""``OptoutsApi``: the opt-out list, paged by cursor, most recent first.

Sends to a number on the list are ``REJECTED`` and cost nothing (:mod:`.sms`), as the API
documents. A contact that opted out through a link (``optout_from == "link"``: see
:meth:`OptoutService.opt_out`) cannot be removed through the API (1443).

Every number put on the list, by a contact (``link``) or through the API (``admin``), is
posted as a ``new_optout`` callback to :attr:`OptoutService.callback_url` when one is set:
it stands for the application setting ``optouts.optoutsCallback``, up to 200 numbers a
request as the vendor's model says.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from smscx.models import (
    AddContactsToGroupRequest,
    OptoutsDeleteResponse,
    OptoutsListResponse,
    OptoutsNewResponse,
)
from smscx.testing._callbacks import CallbackPoster
from smscx.testing._shared import SharedState
from smscx.testing.wire.call import Reply
from smscx.testing.wire.checks import parse_number
from smscx.testing.wire.codec import dumps, format_date
from smscx.testing.wire.errors import ApiError
from smscx.testing.wire.exports import export
from smscx.testing.wire.paging import page_of

from . import CSV, XLSX, Route

__all__ = ["ROUTES", "Optout", "OptoutService"]

_LIST_ID = "optouts"


@attrs.define(slots=True)
class Optout:
    """A contact on the opt-out list: how it got there (``admin`` or ``link``) and when."""

    id: int
    phone_number: str
    country_iso: str
    optout_from: str
    at: datetime


class OptoutService:
    """The opt-out routes; it keeps the list, by E.164 number (under the shared lock)."""

    def __init__(self, shared: SharedState, callbacks: CallbackPoster | None = None) -> None:
        self._state = shared
        self._callbacks = callbacks
        #: The opt-out list by E.164 number; sends to these are REJECTED at no cost.
        self.by_number: dict[str, Optout] = {}
        self._next_id = 1
        #: Where ``new_optout`` callbacks go (the application's opt-out callback URL); none
        #: are posted while it is ``None``.
        self.callback_url: str | None = None

    def reset(self) -> None:
        """Empty the list and forget the callback URL."""
        with self._state.lock:
            self.by_number.clear()
            self._next_id = 1
            self.callback_url = None

    def opt_out(self, number: str, *, via: str = "link") -> Optout:
        """Put ``number`` (E.164) on the list as if the contact did it (``via="link"``), and
        post its ``new_optout`` callback."""
        parsed = parse_number(number, None)
        if parsed is None:
            raise ValueError(f"not a valid E.164 number: {number!r}")
        with self._state.lock:
            entry = self._add(parsed.e164, parsed.country_iso, via)
        self._announce([entry])
        return entry

    def _announce(self, entries: list[Optout]) -> None:
        url = self.callback_url
        if url is None or self._callbacks is None or not entries:
            return
        for start in range(0, len(entries), 200):  # up to 200 in a request
            items = [_callback_item(e) for e in entries[start : start + 200]]
            self._callbacks.post(url, "new_optout", functools.partial(list, items))

    def _add(self, e164: str, country_iso: str, via: str) -> Optout:
        entry = Optout(self._next_id, e164, country_iso, via, self._state.now())
        self.by_number[e164] = entry
        self._next_id += 1
        return entry

    def numbers(self) -> list[str]:
        """The numbers on the list, oldest first."""
        with self._state.lock:
            return list(self.by_number)

    def list(self, query: Mapping[str, str]) -> Reply:
        with self._state.lock:
            newest_first = sorted(self.by_number.values(), key=lambda o: -o.id)
        page, paging = page_of("optouts", newest_first, query)
        info = {"id": _LIST_ID, "link": "https://sms.cx/optouts", "total": len(newest_first)}
        data = [_wire(entry) for entry in page]
        return Reply(200, dumps({"info": info, "data": data, "paging": paging}))

    def export(self, kind: str) -> Reply:
        """``GET /optouts/csv`` and ``/optouts/xlsx``: the whole list, most recent first."""
        with self._state.lock:
            newest_first = sorted(self.by_number.values(), key=lambda o: -o.id)
        header = ["id", "phoneNumber", "countryIso", "optoutFrom", "datetime"]
        rows: list[list[object]] = [
            [o.id, o.phone_number, o.country_iso, o.optout_from, format_date(o.at)]
            for o in newest_first
        ]
        return export(kind, "optouts", header, rows)

    def add(self, body: Mapping[str, Any]) -> Reply:
        numbers = body.get("phoneNumbers")
        if numbers is None or numbers == []:
            raise ApiError(1203)
        if not isinstance(numbers, list) or not all(isinstance(n, str) for n in numbers):
            raise ApiError(1208)
        country = body.get("countryIso")
        country = country if isinstance(country, str) else None
        parsed = [(raw, parse_number(raw, country)) for raw in numbers]
        invalid = [raw for raw, number in parsed if number is None]
        if invalid and body.get("allowInvalid") is not True:
            raise ApiError(1210, invalid=invalid)
        by_country: dict[str, int] = {}
        added: list[Optout] = []
        duplicates = 0
        with self._state.lock:
            for _, number in parsed:
                if number is None:
                    continue
                if number.e164 in self.by_number:
                    duplicates += 1
                    continue
                added.append(self._add(number.e164, number.country_iso, "admin"))
                by_country[number.country_iso] = by_country.get(number.country_iso, 0) + 1
        if not added:
            raise ApiError(1441)
        self._announce(added)
        return Reply(
            200,
            dumps(
                {
                    "info": {
                        "totalValid": len(added),
                        "totalInvalid": len(invalid),
                        "totalDuplicates": duplicates,
                        "totalPhoneNumbers": len(numbers),
                        "phoneNumbersByCountry": by_country,
                        "invalid": invalid,
                    }
                }
            ),
        )

    def delete(self, parameter: str) -> Reply:
        wanted = int(parameter) if parameter.isdigit() else -1
        with self._state.lock:
            entry = next((o for o in self.by_number.values() if o.id == wanted), None)
            if entry is None:
                raise ApiError(1202)
            if entry.optout_from != "admin":
                raise ApiError(1443)
            del self.by_number[entry.phone_number]
        return Reply(200, dumps({"info": {"id": str(entry.id), "phoneNumber": entry.phone_number}}))


def _callback_item(entry: Optout) -> dict[str, Any]:
    """A ``new_optout`` item (``DataNewOptout``). The emulator has no opt-out links of its
    own: ``optoutId`` and ``optoutUrl`` name one per number, and ``hitId`` is the entry's id."""
    link = f"o{entry.id}"
    return {
        "hitId": entry.id,
        "optoutId": link,
        "optoutUrl": f"https://sms.cx/optout/{link}",
        "optoutType": entry.optout_from,
        "countryIso": entry.country_iso,
        "datetime": format_date(entry.at),
        "phoneNumber": entry.phone_number,
        "campaignId": None,
        "groupId": None,
    }


def _wire(entry: Optout) -> dict[str, Any]:
    return {
        "id": entry.id,
        "phoneNumber": entry.phone_number,
        "countryIso": entry.country_iso,
        "optoutFrom": entry.optout_from,
        "datetime": format_date(entry.at),
        "campaignId": None,
        "groupId": None,
        # No `groupName`: the page types it a string, never null, and it is optional.
        "campaignName": None,
    }


ROUTES: tuple[Route[OptoutService], ...] = (
    Route(
        "GET", "/optouts", "get_optouts_list", lambda o, c: o.list(c.query),
        response=OptoutsListResponse,
    ),
    Route(
        "POST", "/optouts", "add_contact_to_optouts_list", lambda o, c: o.add(c.json()),
        AddContactsToGroupRequest, OptoutsNewResponse,
    ),
    Route(
        "DELETE", "/optouts/{optoutId}", "delete_contact_from_optouts_list",
        lambda o, c: o.delete(c.param), response=OptoutsDeleteResponse,
    ),
    Route(
        "GET", "/optouts/csv", "export_optouts_to_csv", lambda o, c: o.export("csv"),
        response=CSV,
    ),
    Route(
        "GET", "/optouts/xlsx", "export_optouts_to_xlsx", lambda o, c: o.export("xlsx"),
        response=XLSX,
    ),
)  # fmt: skip
