"""``NumbersApi``'s validation routes, answered from libphonenumber's metadata.

``networkOperator`` is the carrier libphonenumber's carrier data names for the number's
range (``""`` when it names none, as for most fixed lines); ``timezone`` the destination's
zone, as scheduling uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import phonenumbers
from phonenumbers import carrier

from ._numbers import PhoneNumber, parse_number, timezone_of
from ._sms import Reply
from ._wire import ApiError, dumps

__all__ = ["MAX_VALIDATE", "ValidationService"]

MAX_VALIDATE = 40_000


def _operator(number: PhoneNumber) -> str:
    return str(carrier.name_for_number(phonenumbers.parse(number.e164, None), "en"))


def _details(number: PhoneNumber) -> dict[str, Any]:
    return {
        "phoneNumber": number.e164,
        "countryIso": number.country_iso,
        "networkOperator": _operator(number),
        "timezone": timezone_of(number.e164).key,
    }


class ValidationService:
    """Answers ``GET /numbers/validate/{phoneNumber}`` and ``POST /numbers/validate``."""

    def validate_one(self, raw: str) -> Reply:
        # "The leading plus sign ... can be set as is, omitted or url encoded."
        number = parse_number(raw if raw.startswith("+") else f"+{raw}", None)
        if number is None:
            raise ApiError(1207)
        return Reply(200, dumps({"data": _details(number)}))

    def validate_many(self, body: Mapping[str, Any]) -> Reply:
        numbers = body.get("phoneNumbers")
        if numbers is None or numbers == []:
            raise ApiError(1203)
        if not isinstance(numbers, list) or not all(isinstance(n, str) for n in numbers):
            raise ApiError(1208)
        if len(numbers) > MAX_VALIDATE:
            raise ApiError(1205)
        country = body.get("countryIso")
        country = country if isinstance(country, str) else None
        data: list[dict[str, Any]] = []
        by_country: dict[str, int] = {}
        for raw in numbers:
            number = parse_number(raw.strip(), country)
            if number is None:
                data.append({"phoneNumber": raw, "invalid": True})
                continue
            by_country[number.country_iso] = by_country.get(number.country_iso, 0) + 1
            data.append({**_details(number), "invalid": False})
        valid = sum(by_country.values())
        info = {
            "totalPhoneNumbers": len(numbers),
            "totalValid": valid,
            "totalInvalid": len(numbers) - valid,
            "phoneNumbersByCountry": by_country,
        }
        return Reply(200, dumps({"info": info, "data": data}))
