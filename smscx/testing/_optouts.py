"""``OptoutsApi``'s routes: the opt-out list, paged by cursor, most recent first.

Sends to a number on the list are ``REJECTED`` and cost nothing (``_sms``), as the API
documents. A contact that opted out through a link (``optout_from == "link"``: see
:meth:`OptoutService.opt_out`) cannot be removed through the API (1443).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any

from ._export import export
from ._numbers import parse_number
from ._pages import page_of
from ._sms import Reply
from ._state import Optout, State
from ._wire import ApiError, dumps, format_date

__all__ = ["OptoutService"]

_LIST_ID = "optouts"


class OptoutService:
    """Answers ``GET``/``POST /optouts`` and ``DELETE /optouts/{optoutId}``."""

    def __init__(self, state: State, clock: Callable[[], float]) -> None:
        self._state = state
        self._clock = clock

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self._clock(), timezone.utc)

    def opt_out(self, number: str, *, via: str = "link") -> Optout:
        """Put ``number`` (E.164) on the list as if the contact did it (``via="link"``)."""
        parsed = parse_number(number, None)
        if parsed is None:
            raise ValueError(f"not a valid E.164 number: {number!r}")
        with self._state.lock:
            return self._add(parsed.e164, parsed.country_iso, via)

    def _add(self, e164: str, country_iso: str, via: str) -> Optout:
        state = self._state
        entry = Optout(state.next_optout_id, e164, country_iso, via, self._now())
        state.optouts[e164] = entry
        state.next_optout_id += 1
        return entry

    def numbers(self) -> list[str]:
        """The numbers on the list, oldest first."""
        with self._state.lock:
            return list(self._state.optouts)

    def list(self, query: Mapping[str, str]) -> Reply:
        with self._state.lock:
            newest_first = sorted(self._state.optouts.values(), key=lambda o: -o.id)
        page, paging = page_of("optouts", newest_first, query)
        info = {"id": _LIST_ID, "link": "https://sms.cx/optouts", "total": len(newest_first)}
        data = [_wire(entry) for entry in page]
        return Reply(200, dumps({"info": info, "data": data, "paging": paging}))

    def export(self, kind: str) -> Reply:
        """``GET /optouts/csv`` and ``/optouts/xlsx``: the whole list, most recent first."""
        with self._state.lock:
            newest_first = sorted(self._state.optouts.values(), key=lambda o: -o.id)
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
        added = duplicates = 0
        with self._state.lock:
            for _, number in parsed:
                if number is None:
                    continue
                if number.e164 in self._state.optouts:
                    duplicates += 1
                    continue
                self._add(number.e164, number.country_iso, "admin")
                added += 1
                by_country[number.country_iso] = by_country.get(number.country_iso, 0) + 1
        if not added:
            raise ApiError(1441)
        return Reply(
            200,
            dumps(
                {
                    "info": {
                        "totalValid": added,
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
            entry = next((o for o in self._state.optouts.values() if o.id == wanted), None)
            if entry is None:
                raise ApiError(1202)
            if entry.optout_from != "admin":
                raise ApiError(1443)
            del self._state.optouts[entry.phone_number]
        return Reply(200, dumps({"info": {"id": str(entry.id), "phoneNumber": entry.phone_number}}))


def _wire(entry: Optout) -> dict[str, Any]:
    return {
        "id": entry.id,
        "phoneNumber": entry.phone_number,
        "countryIso": entry.country_iso,
        "optoutFrom": entry.optout_from,
        "datetime": format_date(entry.at),
        "campaignId": None,
        "groupId": None,
        "groupName": None,
        "campaignName": None,
    }
