"""``NumbersApi`` (not number rental): validation (free) and lookups (HLR, charged), both
answered from libphonenumber's metadata (``phonenumbers``).

Validation answers a number's E.164 form, its country, ``networkOperator`` (the carrier the
metadata names for the number's range; ``""`` when it names none, as for most fixed lines)
and ``timezone`` (the destination's zone, as scheduling uses).

What a lookup says comes from libphonenumber (``phonenumbers``): the country, its name in
English and in the country's language, the carrier its metadata names for the range as the
original network, and a status: ``ACTIVE`` for a mobile number, ``UNKNOWN`` otherwise
(no HLR answers for a fixed line). Nothing is ported or roaming. The MCC is the country's
(a table of the common ones; ``""`` elsewhere) and the MNC the carrier's (a table of the
common carriers of those countries; ``""`` elsewhere); ``mccmnc`` is the two together, or
``""`` when either is unknown. Every field the pages type as a string is one (``""`` for
unknown, never ``null``): a number neither ported nor roaming has its original network as
its ported one and its home network (country, MCC, MNC, name) as its roaming one.

A lookup costs :data:`LOOKUP_PRICE` per valid number, from the balance sends draw from; a
country without SMS coverage has none for lookups either (1214). A bulk lookup answers at
once with its ids; its results are read with ``GET /numbers/lookup/lookupBulkId/{id}`` and,
with ``lookupCallbackUrl``, posted as ``number_lookup`` callbacks of up to 200 results.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

import attrs
import phonenumbers
from phonenumbers import carrier, geocoder

from smscx.models import (
    BulkLookupCampaignsResponse,
    CancelRentResponse,
    DataNumberLookup,
    EditRentRequest,
    EditRentResponse,
    GetInboundSMSResponse,
    GetRentStatusResponse,
    NumberLookupResponse,
    NumbersBulkLookupResult,
    NumbersLookupRequest,
    NumbersLookupResponse,
    NumbersValidateRequest,
    NumbersValidateResponse,
    NumberValidateResponse,
    RenewNumberResponse,
    RenewRentRequest,
    RentedNumbersResponse,
    RentNumberRequest,
    RentNumberResponse,
    RentNumbersResponse,
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
from .conversations import ConversationService

__all__ = [
    "CANCEL_WINDOW",
    "LOOKUP_PRICE",
    "MAX_NUMBERS",
    "RENT_PRICES",
    "ROUTES",
    "NumberService",
    "Offer",
    "Rental",
]

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
#: The MNC of the common carriers, by country and by the name libphonenumber gives them.
_MNC = {
    "FR": {"Orange": "01", "SFR": "10", "Free Mobile": "15", "Free": "15", "Bouygues": "20"},
    "GB": {"O2": "10", "Vodafone": "15", "Three": "20", "EE": "30"},
    "DE": {"T-Mobile": "01", "Telekom": "01", "Vodafone": "02", "O2": "07", "E-Plus": "03"},
    "IT": {"TIM": "01", "Vodafone": "10", "Iliad": "50", "WindTre": "88", "Wind": "88"},
    "ES": {"Vodafone": "01", "Orange": "03", "Movistar": "07", "Yoigo": "04"},
    "NL": {"Vodafone": "04", "KPN": "08", "T-Mobile": "16", "Odido": "16"},
    "RO": {"Vodafone": "01", "Telekom": "03", "Digi Mobil": "05", "Orange": "10"},
    "BG": {"A1": "01", "Vivacom": "05", "Yettel": "05", "Telenor": "05"},
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

    def __init__(
        self,
        shared: SharedState,
        callbacks: CallbackPoster,
        conversations: ConversationService | None = None,
    ) -> None:
        self._state = shared
        self._callbacks = callbacks
        self._lookups: dict[str, dict[str, Any]] = {}
        self._bulks: dict[str, Bulk] = {}
        self._rentals: dict[str, Rental] = {}
        self._conversations = conversations

    def reset(self) -> None:
        """Forget every lookup and every rental."""
        with self._state.lock:
            self._lookups.clear()
            self._bulks.clear()
            self._rentals.clear()

    def _now(self) -> datetime:
        return self._state.now()

    # --- what a contact does (emulator control) ----------------------------------------

    def receive(self, *, from_: str, to: str, text: str) -> str:
        """A contact texts a rented number, as a phone would: the SMS is in the rental's
        inbound list, posted to its ``callbackUrl`` (``receive_sms``), and opens or
        continues the contact's conversation. Returns the message's ``msgId``.

        ``from_`` is the contact's number (E.164), ``to`` a number the account rents (E.164;
        an ended or cancelled rental receives nothing: :class:`LookupError`).
        """
        contact = parse_number(from_ if from_.startswith("+") else f"+{from_}", None)
        if contact is None:
            raise ValueError(f"not a valid phone number: {from_!r}")
        now = self._now()
        with self._state.lock:
            rental = next(
                (
                    r
                    for r in self._rentals.values()
                    if r.offer.phone_number == to and self._active(r, now)
                ),
                None,
            )
            if rental is None:
                raise LookupError(f"no active rental of {to!r}")
            msg_id = self._state.new_id()
            item: dict[str, Any] = {
                "msgId": msg_id,
                "from": contact.e164,
                "countryIso": contact.country_iso,
                "to": rental.offer.phone_number,
                "text": text,
                "cost": 0.0,
                "receivedAt": format_date(now),
            }
            rental.inbound.append(item)
            if self._conversations is not None:
                self._conversations.received(contact, to, text, msg_id, now)
            callback = rental.callback_url
        if callback is not None:
            self._callbacks.post(callback, "receive_sms", _constant([item]))
        return msg_id

    def rented(self) -> tuple[Rental, ...]:
        """Every rental, oldest first (a snapshot; ended and cancelled ones included)."""
        with self._state.lock:
            return tuple(self._rentals.values())

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
        operator = _operator(parsed)
        mcc = _MCC.get(number.country_iso, "")
        mnc = _MNC.get(number.country_iso, {}).get(operator, "")
        language = _LANGUAGE.get(number.country_iso, "en")
        country_name = geocoder.country_name_for_number(parsed, "en")
        result: dict[str, Any] = {
            "phoneNumber": number.e164,
            "lookupId": lookup_id,
            "cost": LOOKUP_PRICE,
            "mcc": mcc,
            "mccmnc": mcc + mnc if mcc and mnc else "",
            "countryIso": number.country_iso,
            "countryName": country_name,
            "countryNameLocale": geocoder.country_name_for_number(parsed, language),
            "status": "ACTIVE" if mobile else "UNKNOWN",
            "statusDescription": "Number is active" if mobile else "Not a mobile number",
            "ported": False,
            "roaming": False,
            "originalNetwork": {"name": operator, "mnc": mnc},
            # Neither ported nor roaming: the number is on its original, home network.
            "portedNetwork": {"name": operator, "mnc": mnc},
            "roamingNetwork": {
                "countryIso": number.country_iso,
                "countryName": country_name,
                "mcc": mcc,
                "mnc": mnc,
                "name": operator,
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

    def _bulk(self, bulk_id: str, *, export: bool = False) -> Bulk:
        # The export pages type 1218 and 1220 as a careful API would (400 invalid_param,
        # 404 not_found); the results page swaps the two types, and keeps them.
        if not UUID_SHAPE.match(bulk_id):
            raise ApiError(1218, type="invalid_param" if export else None)
        with self._state.lock:
            bulk = self._bulks.get(bulk_id.lower())
        if bulk is None:
            raise ApiError(1220, type="not_found" if export else None)
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
        bulk = self._bulk(bulk_id, export=True)
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

    # --- rental ----------------------------------------------------------------------------

    def _active(self, rental: Rental, now: datetime) -> bool:
        """Whether ``rental`` is active at ``now``, after the auto-renewals that fell due
        (each billed then; one the balance cannot cover ends the rental). Callers hold the
        lock."""
        while not rental.cancelled and rental.auto_renew and now >= rental.end:
            cost = _rent_micros(rental.period)
            if not self._state.account.can_afford(cost):
                break
            self._bill_rent(rental, cost, rental.end)
            rental.end += timedelta(days=rental.period)
        return not rental.cancelled and now < rental.end

    def _bill_rent(self, rental: Rental, cost: int, at: datetime) -> None:
        self._state.bill(Charge("rent", rental.id, None, (), 0, cost, at), [])
        rental.paid_micros += cost

    def _rental(self, rent_id: str) -> Rental:
        """The rental ``rent_id`` names (callers hold the lock): 1221, 1223."""
        if not UUID_SHAPE.match(rent_id):
            raise ApiError(1221)
        rental = self._rentals.get(rent_id.lower())
        if rental is None:
            raise ApiError(1223)
        return rental

    def _taken(self, now: datetime) -> set[str]:
        return {r.offer.number_id for r in self._rentals.values() if self._active(r, now)}

    def available(self, country_iso: str, query: Mapping[str, str]) -> Reply:
        """``GET /numbers/rent/available/{countryIso}``: the offers not rented now."""
        country = country_iso.upper()
        if len(country) != 2 or country not in phonenumbers.SUPPORTED_REGIONS:
            raise ApiError(2003)
        now = self._now()
        with self._state.lock:
            covered = self._state.price_micros(country) is not None
            taken = self._taken(now)
        offers = [o for o in _offers(country) if covered and o.number_id not in taken]
        data = [
            _offer_wire(o, self._state.price_micros(country), now)
            for o in offers
            if _matches(o, query)
        ]
        return Reply(200, dumps({"data": data}))

    def rent(self, body: Mapping[str, Any]) -> Reply:
        """``POST /numbers/rent`` (charged: the period's rent and the setup fee)."""
        number_id = body.get("numberId")
        if not isinstance(number_id, str) or not UUID_SHAPE.match(number_id):
            raise ApiError(1222)
        period = _period(body.get("rentPeriod"))
        auto_renew = _auto_renew(body, default=False)
        callback = _callback(body, default=None)
        offer = _offer(number_id.lower())
        now = self._now()
        with self._state.lock:
            if offer is None or self._state.price_micros(offer.country_iso) is None:
                raise ApiError(1230)
            if offer.number_id in self._taken(now):
                raise ApiError(1231)
            if period < offer.min_rent:
                raise ApiError(1229)
            rent = _rent_micros(period)
            self._state.check_credit(rent + offer.setup_micros)
            rental = Rental(
                id=self._state.new_id(),
                offer=offer,
                period=period,
                start=now,
                end=now + timedelta(days=period),
                auto_renew=auto_renew,
                callback_url=callback,
            )
            if offer.setup_micros:
                self._state.bill(
                    Charge("rent", rental.id, None, (), 0, offer.setup_micros, now), []
                )
            self._bill_rent(rental, rent, now)
            self._rentals[rental.id] = rental
            info = {
                **_rental_head(rental),
                "rentStart": format_date(rental.start),
                "rentEnd": format_date(rental.end),
                "rentCost": rent / MICRO,
                "setupCost": offer.setup_micros / MICRO,
                "autoRenew": rental.auto_renew,
                "callbackUrl": rental.callback_url,
                "approved": True,
                "datetime": format_date(now),
            }
        return Reply(200, dumps({"info": info}))

    def cancel(self, rent_id: str) -> Reply:
        """``DELETE /numbers/rent/{rentId}``: within 30 minutes, unused; the rent returned."""
        now = self._now()
        with self._state.lock:
            rental = self._rental(rent_id)
            if rental.cancelled or now - rental.start > CANCEL_WINDOW:
                raise ApiError(1227)
            if rental.inbound:
                raise ApiError(1232)
            returned = rental.paid_micros
            self._state.refund(Charge("refund", rental.id, None, (), 0, -returned, now))
            rental.cancelled = True
            info = {**_rental_head(rental), "creditReturned": returned / MICRO}
        return Reply(200, dumps({"info": info}))

    def renew(self, rent_id: str, body: Mapping[str, Any]) -> Reply:
        """``PATCH /numbers/rent/{rentId}`` (charged): one more period from the current end."""
        now = self._now()
        with self._state.lock:
            rental = self._rental(rent_id)
            raw = body.get("rentPeriod")
            period = rental.period if raw is None else _period(raw)
            auto_renew = _auto_renew(body, default=rental.auto_renew)
            callback = _callback(body, default=rental.callback_url)
            if not self._active(rental, now):
                raise ApiError(1228)
            if period < rental.offer.min_rent:
                raise ApiError(1229)
            cost = _rent_micros(period)
            self._state.check_credit(cost)
            start = rental.end
            self._bill_rent(rental, cost, now)
            rental.end = start + timedelta(days=period)
            rental.period, rental.auto_renew, rental.callback_url = period, auto_renew, callback
            info = {
                **_rental_head(rental),
                "rentStart": format_date(start),
                "rentEnd": format_date(rental.end),
                "rentCost": cost / MICRO,
                "autoRenew": rental.auto_renew,
                "callbackUrl": rental.callback_url,
                "datetime": format_date(now),
            }
        return Reply(200, dumps({"info": info}))

    def status(self, rent_id: str) -> Reply:
        """``GET /numbers/rent/{rentId}``."""
        now = self._now()
        with self._state.lock:
            rental = self._rental(rent_id)
            info = self._rental_wire(rental, now)
        return Reply(200, dumps({"info": info}))

    def rentals(self, query: Mapping[str, str]) -> Reply:
        """``GET /numbers/rent``: the account's rentals, newest first, filtered."""
        now = self._now()
        country = (_query(query, "country_iso") or "").upper()
        active = _flag(_query(query, "active_rent"))
        with self._state.lock:
            data = [
                self._rental_wire(r, now)
                for r in reversed(self._rentals.values())
                if _matches(r.offer, query)
                and (not country or r.offer.country_iso == country)
                and (active is None or self._active(r, now) == active)
            ]
        return Reply(200, dumps({"data": data}))

    def inbound(self, rent_id: str, query: Mapping[str, str]) -> Reply:
        """``GET /numbers/rent/{rentId}/inbound``: the SMS received, newest first, paged."""
        with self._state.lock:
            rental = self._rental(rent_id)
            received = [dict(item) for item in reversed(rental.inbound)]
        page, paging = page_of(f"inbound-{rental.id}", received, query)
        info = {
            "rentId": rental.id,
            "phoneNumber": rental.offer.phone_number,
            "countryIso": rental.offer.country_iso,
        }
        return Reply(200, dumps({"info": info, "data": list(page), "paging": paging}))

    def edit(self, rent_id: str, body: Mapping[str, Any]) -> Reply:
        """``PATCH /numbers/rent/{rentId}/edit``: auto-renewal and callback URL."""
        with self._state.lock:
            rental = self._rental(rent_id)
            if "autoRenew" not in body and "callbackUrl" not in body:
                raise ApiError(1233)
            rental.auto_renew = _auto_renew(body, default=rental.auto_renew)
            rental.callback_url = _callback(body, default=rental.callback_url)
            info = {
                **_rental_head(rental),
                "rentStart": format_date(rental.start),
                "rentEnd": format_date(rental.end),
                "autoRenew": rental.auto_renew,
                "callbackUrl": rental.callback_url,
            }
        return Reply(200, dumps({"info": info}))

    def _rental_wire(self, rental: Rental, now: datetime) -> dict[str, Any]:
        offer = rental.offer
        sms_price = self._state.price_micros(offer.country_iso)
        active = self._active(rental, now)
        return {
            **_rental_head(rental),
            "networkOperator": offer.network_operator,
            "features": offer.features,
            "numberType": offer.number_type,
            "rentCost": _rent_micros(rental.period) / MICRO,
            "setupCost": offer.setup_micros / MICRO,
            "rentPeriod": rental.period,
            "rentStart": format_date(rental.start),
            "rentEnd": format_date(rental.end),
            "inboundSmsCost": 0.0,
            "outboundSmsCost": _outbound(offer, sms_price),
            "renewCost": _costs(offer),
            "inboundSms": {"total": len(rental.inbound), "cost": 0.0},
            "outboundSms": {"total": 0, "cost": 0.0},
            "minRent": offer.min_rent,
            "callbackUrl": rental.callback_url,
            "autoRenew": rental.auto_renew,
            "activeRent": active,
            "approved": True,
            "datetime": format_date(rental.start),
            "inboundSmsSender": offer.inbound_sms_sender,
        }


def _details(number: PhoneNumber) -> dict[str, Any]:
    return {
        "phoneNumber": number.e164,
        "countryIso": number.country_iso,
        "networkOperator": _operator(phonenumbers.parse(number.e164, None)),
        "timezone": timezone_of(number.e164).key,
    }


def _constant(items: list[dict[str, Any]]) -> Callable[[], list[dict[str, Any]]]:
    return lambda: items


# --- rental -------------------------------------------------------------------------------

RENT_PRICES: Mapping[int, float] = {1: 0.5, 7: 2.5, 30: 8.0}
"""What renting any number costs per period (days), in the account currency (an
assumption); a renewal costs the same."""

CANCEL_WINDOW = timedelta(minutes=30)
"""How long after its start a rental may be cancelled (if the number received nothing)."""

_SETUP_FEE = 1.0
"""The one-time setup fee of the offers that have one (the landlines)."""


@attrs.frozen(slots=True)
class Offer:
    """A number the emulator offers for rent (the same ones every time, per country)."""

    number_id: str
    phone_number: str
    country_iso: str
    network_operator: str
    features: int
    number_type: str
    min_rent: int
    setup_micros: int
    inbound_sms_sender: bool


@attrs.define(slots=True)
class Rental:
    """One rental: its offer, its period and end, its settings, the SMS it received."""

    id: str
    offer: Offer
    period: int
    start: datetime
    end: datetime
    auto_renew: bool
    callback_url: str | None
    cancelled: bool = False
    paid_micros: int = 0
    inbound: list[dict[str, Any]] = attrs.field(factory=list)


_OFFERS_BY_ID: dict[str, Offer] = {}
_OFFER_NAMESPACE = uuid.UUID("5b1c43a6-8f0e-4a8e-9a57-6d0b2f7c1e01")


def _offers(country: str) -> tuple[Offer, ...]:
    """The country's offers: two mobile numbers (one receiving and sending from 1 day, one
    only receiving from 7 days) and a landline (receiving, from 30 days, with a setup fee),
    each a valid number near libphonenumber's example for the country."""
    found: list[Offer] = []
    kinds = (
        (phonenumbers.PhoneNumberType.MOBILE, "mobile", 3, 1, 0, True),
        (phonenumbers.PhoneNumberType.MOBILE, "mobile", 1, 7, 0, False),
        (phonenumbers.PhoneNumberType.FIXED_LINE, "landline", 1, 30, _SETUP_FEE, False),
    )
    for index, (kind, name, features, min_rent, setup, alpha) in enumerate(kinds):
        number = _near_example(country, kind, index)
        if number is None:
            continue
        parsed = phonenumbers.parse(number, None)
        offer = Offer(
            number_id=str(uuid.uuid5(_OFFER_NAMESPACE, f"{country}-{index}")),
            phone_number=number,
            country_iso=country,
            network_operator=_operator(parsed),
            features=features,
            number_type=name,
            min_rent=min_rent,
            setup_micros=round(setup * MICRO),
            inbound_sms_sender=alpha,
        )
        _OFFERS_BY_ID[offer.number_id] = offer
        found.append(offer)
    return tuple(found)


def _offer(number_id: str) -> Offer | None:
    """The offer ``number_id`` names, whether or not its country was listed here before (an
    id is the same in every emulator, so one listed elsewhere may be rented here)."""
    if number_id not in _OFFERS_BY_ID:
        for country in sorted(phonenumbers.SUPPORTED_REGIONS):
            ids = {str(uuid.uuid5(_OFFER_NAMESPACE, f"{country}-{i}")) for i in range(3)}
            if number_id in ids:
                _offers(country)
                break
    return _OFFERS_BY_ID.get(number_id)


def _near_example(country: str, kind: Any, index: int) -> str | None:
    example = phonenumbers.example_number_for_type(country, kind)
    if example is None:
        return None
    national = str(example.national_number)
    for step in range(1, 40):
        tail = (int(national[-3:]) + 137 * (index + 1) + step) % 1000
        candidate = phonenumbers.PhoneNumber(
            country_code=example.country_code, national_number=int(f"{national[:-3]}{tail:03d}")
        )
        if phonenumbers.is_valid_number(candidate) and phonenumbers.number_type(candidate) in (
            kind,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        ):
            return str(phonenumbers.format_number(candidate, phonenumbers.PhoneNumberFormat.E164))
    return None


def _rent_micros(period: int) -> int:
    return round(RENT_PRICES[period] * MICRO)


def _costs(offer: Offer) -> list[dict[str, Any]]:
    return [{"days": d, "cost": RENT_PRICES[d]} for d in sorted(RENT_PRICES) if d >= offer.min_rent]


def _outbound(offer: Offer, sms_price: int | None) -> float | None:
    return sms_price / MICRO if offer.features & 2 and sms_price is not None else None


def _period(value: object) -> int:
    """``rentPeriod``: 1, 7 or 30 (1224 otherwise)."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in RENT_PRICES:
        raise ApiError(1224)
    return value


def _auto_renew(body: Mapping[str, Any], *, default: bool) -> bool:
    """``autoRenew`` when given (1225 unless a boolean), else ``default``."""
    value = body.get("autoRenew")
    if value is None:
        return default
    if not isinstance(value, bool):
        raise ApiError(1225)
    return value


def _callback(body: Mapping[str, Any], *, default: str | None) -> str | None:
    """``callbackUrl`` when given (``null`` removes it; 1226 unless a URL), else
    ``default``."""
    if "callbackUrl" not in body:
        return default
    value = body["callbackUrl"]
    if value is not None and not is_url(value):
        raise ApiError(1226)
    return value if isinstance(value, str) else None


def _query(query: Mapping[str, str], name: str) -> str | None:
    """A rental filter by its snake_case name (the vendor's specification spells them so),
    or by its camelCase one (the body's style), whichever is given."""
    camel = re.sub(r"_(.)", lambda m: m.group(1).upper(), name)
    return query.get(name, query.get(camel))


def _flag(value: str | None) -> bool | None:
    """A boolean query filter (``true``/``false``, ``1``/``0``); anything else: no filter."""
    if value is None:
        return None
    return {"true": True, "1": True, "false": False, "0": False}.get(value.lower())


def _matches(offer: Offer, query: Mapping[str, str]) -> bool:
    """Whether ``offer`` passes the filters both lists share (unreadable ones are ignored)."""
    features = query.get("features", "")
    if features.isdigit() and offer.features & int(features) != int(features):
        return False
    for key, value in (("number_type", offer.number_type), ("setup_time", "instant")):
        wanted = _query(query, key)
        if wanted and wanted.lower() != value:
            return False
    registration = _flag(query.get("registration"))
    if registration is not None and registration:  # no offer needs registration
        return False
    alpha = _flag(_query(query, "inbound_sms_sender"))
    if alpha is not None and alpha != offer.inbound_sms_sender:
        return False
    digits = offer.phone_number.lstrip("+")
    include, exclude = query.get("include"), query.get("exclude")
    if include and include not in digits:
        return False
    return not (exclude and exclude in digits)


def _offer_wire(offer: Offer, sms_price: int | None, now: datetime) -> dict[str, Any]:
    return {
        "numberId": offer.number_id,
        "phoneNumber": offer.phone_number,
        "countryIso": offer.country_iso,
        "networkOperator": offer.network_operator,
        "features": offer.features,
        "numberType": offer.number_type,
        "inboundSmsCost": 0.0,
        "outboundSmsCost": _outbound(offer, sms_price),
        "setupCost": offer.setup_micros / MICRO,
        "rentCost": _costs(offer),
        "minRent": offer.min_rent,
        "setupTime": "instant",
        "registration": False,
        "datetime": format_date(now),
        "inboundSmsSender": offer.inbound_sms_sender,
    }


def _rental_head(rental: Rental) -> dict[str, Any]:
    return {
        "rentId": rental.id,
        "numberId": rental.offer.number_id,
        "phoneNumber": rental.offer.phone_number,
        "countryIso": rental.offer.country_iso,
    }


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
    Route(
        "GET", "/numbers/rent/available/{countryIso}", "get_available_numbers",
        lambda n, c: n.available(c.param, c.query), response=RentNumbersResponse,
    ),
    Route(
        "POST", "/numbers/rent", "rent_number", lambda n, c: n.rent(c.json()),
        RentNumberRequest, RentNumberResponse,
    ),
    Route(
        "DELETE", "/numbers/rent/{rentId}", "cancel_rent", lambda n, c: n.cancel(c.param),
        response=CancelRentResponse,
    ),
    Route(
        "PATCH", "/numbers/rent/{rentId}", "renew_rent", lambda n, c: n.renew(c.param, c.json()),
        RenewRentRequest, RenewNumberResponse,
    ),
    Route(
        "GET", "/numbers/rent/{rentId}", "get_rent_status", lambda n, c: n.status(c.param),
        response=GetRentStatusResponse,
    ),
    Route(
        "GET", "/numbers/rent", "get_rented_numbers", lambda n, c: n.rentals(c.query),
        response=RentedNumbersResponse,
    ),
    Route(
        "GET", "/numbers/rent/{rentId}/inbound", "get_inbound_sms",
        lambda n, c: n.inbound(c.param, c.query), response=GetInboundSMSResponse,
    ),
    Route(
        "PATCH", "/numbers/rent/{rentId}/edit", "edit_rent_settings",
        lambda n, c: n.edit(c.param, c.json()), EditRentRequest, EditRentResponse,
    ),
)  # fmt: skip
