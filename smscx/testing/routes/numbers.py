"""``NumbersApi`` (not number rental): validation (free) and lookups (HLR, charged), both
answered from libphonenumber's metadata (``phonenumbers``).

Validation answers a number's E.164 form, its country, ``networkOperator`` (the carrier the
metadata names for the number's range; ``""`` when it names none, as for most fixed lines)
and ``timezone`` (the destination's zone, as scheduling uses).

What a lookup says comes from libphonenumber (``phonenumbers``): the country, its name in
English and in the country's language, the carrier its metadata names for the range as the
original network, and a status: ``ACTIVE`` for a mobile number, ``UNKNOWN`` otherwise
(no HLR answers for a fixed line). Nothing is ported or roaming. The MCC is the country's
(a table of the common ones; ``""`` elsewhere) and the MNC is unknown (``null``).

A lookup costs :data:`LOOKUP_PRICE` per valid number, from the balance sends draw from; a
country without SMS coverage has none for lookups either (1214). A bulk lookup answers at
once with its ids; its results are read with ``GET /numbers/lookup/lookupBulkId/{id}`` and,
with ``lookupCallbackUrl``, posted as ``number_lookup`` callbacks of up to 200 results.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import attrs
import phonenumbers
from phonenumbers import carrier, geocoder

from smscx.models import (
    BulkLookupCampaignsResponse,
    DataNumberLookup,
    NumberLookupResponse,
    NumbersBulkLookupResult,
    NumbersLookupRequest,
    NumbersLookupResponse,
    NumbersValidateRequest,
    NumbersValidateResponse,
    NumberValidateResponse,
)
from smscx.testing._callbacks import CallbackPoster
from smscx.testing._shared import MICRO, Charge, SharedState
from smscx.testing.wire.call import Reply
from smscx.testing.wire.checks import UUID_SHAPE, PhoneNumber, is_url, parse_number, timezone_of
from smscx.testing.wire.codec import dumps, format_date
from smscx.testing.wire.errors import ApiError
from smscx.testing.wire.exports import export
from smscx.testing.wire.paging import page_of

from . import CSV, XLSX, Route

__all__ = ["LOOKUP_PRICE", "MAX_NUMBERS", "ROUTES", "NumberService"]

MAX_NUMBERS = 40_000
"""The most numbers one validation or bulk lookup may name (1205 beyond)."""

LOOKUP_PRICE = 0.005
"""What one number lookup costs, in the account currency (an assumption)."""
_PRICE_MICROS = round(LOOKUP_PRICE * MICRO)
_PER_CALLBACK = 200
_MCC = {
    "FR": "208",
    "DE": "262",
    "GB": "234",
    "US": "310",
    "CA": "302",
    "IT": "222",
    "ES": "214",
    "NL": "204",
    "RO": "226",
    "BG": "284",
    "IN": "404",
}
_LANGUAGE = {"FR": "fr", "DE": "de", "IT": "it", "ES": "es", "NL": "nl", "RO": "ro", "BG": "bg"}
_MOBILE = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


@attrs.frozen(slots=True)
class Bulk:
    """One bulk lookup: its results' ids in order, and what it counted."""

    id: str
    lookup_ids: tuple[str, ...]
    total: int
    by_country: Mapping[str, int]
    cost_micros: int
    created_at: datetime


def _operator(parsed: phonenumbers.PhoneNumber) -> str:
    return str(carrier.name_for_number(parsed, "en"))


def _read_numbers(body: Mapping[str, Any]) -> tuple[list[str], str | None]:
    """``phoneNumbers`` (1203 empty, 1208 not strings, 1205 too many) and ``countryIso``."""
    numbers = body.get("phoneNumbers")
    if numbers is None or numbers == []:
        raise ApiError(1203)
    if not isinstance(numbers, list) or not all(isinstance(n, str) for n in numbers):
        raise ApiError(1208)
    if len(numbers) > MAX_NUMBERS:
        raise ApiError(1205)
    country = body.get("countryIso")
    return numbers, country if isinstance(country, str) else None


class NumberService:
    """The validation and lookup routes; it keeps the lookups' results, by id (under the
    shared lock)."""

    def __init__(self, shared: SharedState, callbacks: CallbackPoster) -> None:
        self._state = shared
        self._callbacks = callbacks
        self._lookups: dict[str, dict[str, Any]] = {}
        self._bulks: dict[str, Bulk] = {}

    def reset(self) -> None:
        """Forget every lookup."""
        with self._state.lock:
            self._lookups.clear()
            self._bulks.clear()

    def _now(self) -> datetime:
        return self._state.now()

    # --- validation ----------------------------------------------------------------------

    def validate_one(self, raw: str) -> Reply:
        """``GET /numbers/validate/{phoneNumber}``."""
        # "The leading plus sign ... can be set as is, omitted or url encoded."
        number = parse_number(raw if raw.startswith("+") else f"+{raw}", None)
        if number is None:
            raise ApiError(1207)
        return Reply(200, dumps({"data": _details(number)}))

    def validate_many(self, body: Mapping[str, Any]) -> Reply:
        """``POST /numbers/validate``."""
        numbers, country = _read_numbers(body)
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

    # --- lookups -------------------------------------------------------------------------

    def _result(
        self, number: PhoneNumber, lookup_id: str, bulk_id: str | None, at: datetime
    ) -> dict[str, Any]:
        parsed = phonenumbers.parse(number.e164, None)
        mobile = phonenumbers.number_type(parsed) in _MOBILE
        operator = _operator(parsed) or None
        mcc = _MCC.get(number.country_iso, "")
        language = _LANGUAGE.get(number.country_iso, "en")
        result: dict[str, Any] = {
            "phoneNumber": number.e164,
            "lookupId": lookup_id,
            "cost": LOOKUP_PRICE,
            "mcc": mcc,
            "mccmnc": mcc,
            "countryIso": number.country_iso,
            "countryName": geocoder.country_name_for_number(parsed, "en"),
            "countryNameLocale": geocoder.country_name_for_number(parsed, language),
            "status": "ACTIVE" if mobile else "UNKNOWN",
            "statusDescription": "Number is active" if mobile else "Not a mobile number",
            "ported": False,
            "roaming": False,
            "originalNetwork": {"name": operator, "mnc": None},
            "portedNetwork": {"name": None, "mnc": None},
            "roamingNetwork": {
                "countryIso": None,
                "countryName": None,
                "mcc": None,
                "mnc": None,
                "name": None,
            },
            "datetime": format_date(at),
        }
        if bulk_id is not None:
            result["lookupBulkId"] = bulk_id
        return result

    def _charge(self, cost: int, ids: tuple[str, ...], now: datetime) -> None:
        """Bill a lookup (callers hold the lock); 1113/1114 when it cannot be afforded."""
        self._state.check_credit(cost)
        self._state.bill(Charge("lookup", ids[0], None, ids, 0, cost, now), [])

    # --- the routes ----------------------------------------------------------------------

    def lookup_one(self, raw: str) -> Reply:
        """``GET /numbers/lookup/{phoneNumber}`` (charged)."""
        number = parse_number(raw if raw.startswith("+") else f"+{raw}", None)
        if number is None:
            raise ApiError(1207)
        now = self._now()
        with self._state.lock:
            if self._state.price_micros(number.country_iso) is None:
                raise ApiError(1214)
            lookup_id = self._state.new_id()
            self._charge(_PRICE_MICROS, (lookup_id,), now)
            result = self._result(number, lookup_id, None, now)
            self._lookups[lookup_id] = result
        return Reply(200, dumps({"data": result}))

    def lookup_many(self, body: Mapping[str, Any]) -> Reply:
        """``POST /numbers/lookup`` (charged): ids now, results by id and by callback."""
        numbers, country = _read_numbers(body)
        callback = body.get("lookupCallbackUrl")
        if callback is not None and not is_url(callback):
            raise ApiError(1209)
        valid: list[PhoneNumber] = []
        invalid: list[str] = []
        for raw in numbers:
            number = parse_number(raw.strip(), country)
            if number is None:
                invalid.append(raw)
            else:
                valid.append(number)
        now = self._now()
        with self._state.lock:
            covered = [n for n in valid if self._state.price_micros(n.country_iso) is not None]
            if valid and not covered:
                raise ApiError(1214)
            if not covered:
                raise ApiError(1216)
            bulk_id = self._state.new_id()
            ids = tuple(self._state.new_id() for _ in covered)
            cost = _PRICE_MICROS * len(covered)
            self._charge(cost, (bulk_id, *ids), now)
            by_country: dict[str, int] = {}
            results = []
            for number, lookup_id in zip(covered, ids, strict=True):
                by_country[number.country_iso] = by_country.get(number.country_iso, 0) + 1
                result = self._result(number, lookup_id, bulk_id, now)
                self._lookups[lookup_id] = result
                results.append(result)
            self._bulks[bulk_id] = Bulk(bulk_id, ids, len(numbers), by_country, cost, now)
        info = {
            "lookupBulkId": bulk_id,
            "totalPhoneNumbers": len(numbers),
            "totalValid": len(covered),
            "totalInvalid": len(invalid),
            "totalCost": round(cost / MICRO, 6),
            "phoneNumbersByCountry": by_country,
            "invalid": invalid,
        }
        data = [
            {
                "phoneNumber": r["phoneNumber"],
                "countryIso": r["countryIso"],
                "cost": r["cost"],
                "lookupId": r["lookupId"],
                "datetime": r["datetime"],
            }
            for r in results
        ]
        if callback is not None:
            for start in range(0, len(results), _PER_CALLBACK):
                self._callbacks.post(
                    callback, "number_lookup", _constant(results[start : start + _PER_CALLBACK])
                )
        return Reply(200, dumps({"info": info, "data": data}))

    def single(self, lookup_id: str) -> Reply:
        """``GET /numbers/lookup/lookupId/{lookupId}``."""
        if not UUID_SHAPE.match(lookup_id):
            raise ApiError(1217)
        with self._state.lock:
            result = self._lookups.get(lookup_id.lower())
        if result is None:
            raise ApiError(1219)
        return Reply(200, dumps({k: v for k, v in result.items() if k != "lookupBulkId"}))

    def _bulk(self, bulk_id: str) -> Bulk:
        if not UUID_SHAPE.match(bulk_id):
            raise ApiError(1218)
        with self._state.lock:
            bulk = self._bulks.get(bulk_id.lower())
        if bulk is None:
            raise ApiError(1220)
        return bulk

    def _results(self, bulk: Bulk) -> list[dict[str, Any]]:
        with self._state.lock:
            lookups = self._lookups
            return [
                {k: v for k, v in lookups[i].items() if k != "lookupBulkId"}
                for i in bulk.lookup_ids
            ]

    def bulk(self, bulk_id: str, query: Mapping[str, str]) -> Reply:
        """``GET /numbers/lookup/lookupBulkId/{lookupBulkId}``: its results, paged."""
        bulk = self._bulk(bulk_id)
        page, paging = page_of(f"lookup-{bulk.id}", self._results(bulk), query)
        info = {
            "lookupBulkId": bulk.id,
            "totalPhoneNumbers": bulk.total,
            "totalValid": len(bulk.lookup_ids),
            "totalCost": round(bulk.cost_micros / MICRO, 6),
            "phoneNumbersByCountry": dict(bulk.by_country),
        }
        return Reply(200, dumps({"info": info, "data": list(page), "paging": paging}))

    def campaigns(self, query: Mapping[str, str]) -> Reply:
        """``GET /numbers/lookup``: bulk lookups, most recent first, paged."""
        with self._state.lock:
            bulks = list(self._bulks.values())[::-1]
        page, paging = page_of("lookups", bulks, query)
        data = [
            {
                "id": b.id,
                "totalPhoneNumbers": b.total,
                "totalValid": len(b.lookup_ids),
                "totalCost": round(b.cost_micros / MICRO, 6),
                "datetimeAdded": format_date(b.created_at),
            }
            for b in page
        ]
        return Reply(200, dumps({"data": data, "paging": paging}))

    def export(self, kind: str, bulk_id: str) -> Reply:
        """``GET /numbers/lookup/lookupBulkId/{lookupBulkId}/csv`` and ``/xlsx``."""
        bulk = self._bulk(bulk_id)
        header = [
            "phoneNumber",
            "lookupId",
            "cost",
            "mcc",
            "mccmnc",
            "countryIso",
            "countryName",
            "status",
            "statusDescription",
            "ported",
            "roaming",
            "originalNetwork",
            "datetime",
        ]
        rows = []
        for result in self._results(bulk):
            row = [result[name] for name in header]
            row[header.index("originalNetwork")] = result["originalNetwork"]["name"]
            rows.append(row)
        return export(kind, f"lookup-{bulk.id}", header, rows)


def _details(number: PhoneNumber) -> dict[str, Any]:
    return {
        "phoneNumber": number.e164,
        "countryIso": number.country_iso,
        "networkOperator": _operator(phonenumbers.parse(number.e164, None)),
        "timezone": timezone_of(number.e164).key,
    }


def _constant(items: list[dict[str, Any]]) -> Callable[[], list[dict[str, Any]]]:
    return lambda: items


ROUTES: tuple[Route[NumberService], ...] = (
    Route(
        "GET", "/numbers/validate/{phoneNumber}", "validate_number",
        lambda n, c: n.validate_one(c.param), response=NumberValidateResponse,
    ),
    Route(
        "POST", "/numbers/validate", "validate_numbers", lambda n, c: n.validate_many(c.json()),
        NumbersValidateRequest, NumbersValidateResponse,
    ),
    Route(
        "GET", "/numbers/lookup/{phoneNumber}", "lookup_number",
        lambda n, c: n.lookup_one(c.param), response=NumberLookupResponse,
    ),
    Route(
        "POST", "/numbers/lookup", "lookup_numbers", lambda n, c: n.lookup_many(c.json()),
        NumbersLookupRequest, NumbersLookupResponse,
    ),
    Route(
        "GET", "/numbers/lookup/lookupId/{lookupId}", "get_single_lookup_status",
        lambda n, c: n.single(c.param), response=DataNumberLookup,
    ),
    Route(
        "GET", "/numbers/lookup/lookupBulkId/{lookupBulkId}", "get_bulk_lookup_status",
        lambda n, c: n.bulk(c.param, c.query), response=NumbersBulkLookupResult,
    ),
    Route(
        "GET", "/numbers/lookup", "get_bulk_lookup_campaigns", lambda n, c: n.campaigns(c.query),
        response=BulkLookupCampaignsResponse,
    ),
    Route(
        "GET", "/numbers/lookup/lookupBulkId/{lookupBulkId}/csv",
        "export_number_lookup_report_to_csv", lambda n, c: n.export("csv", c.param),
        response=CSV,
    ),
    Route(
        "GET", "/numbers/lookup/lookupBulkId/{lookupBulkId}/xlsx",
        "export_number_lookup_report_to_xlsx", lambda n, c: n.export("xlsx", c.param),
        response=XLSX,
    ),
)  # fmt: skip
