"""``OtpApi``: a PIN sent in a real (billed) message, verified, expired, cancelled.

``POST /otp`` renders the template's ``{{pin}}`` and sends it like any message (billed,
in the ledger and the reports, visible at ``GET /_emulator/messages?to=``). The OTP is
``PENDING`` until one of: the right PIN (``VERIFIED``), ``maxAttempts`` wrong ones
(``FAILED``), ``DELETE /otp/{otpId}`` (``CANCELLED``), or the emulator's clock passing
``dateExpires`` (``EXPIRED``). Each change posts an ``otp_update`` callback to the OTP's
``otpCallbackUrl`` (loopback only), expiry included, when the clock gets there.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

import attrs
import phonenumbers

from smscx.models import (
    CancelOtpResponse,
    DataOtp,
    NewOtpRequest,
    NewOtpResponse,
    VerifyPinRequest,
    VerifyPinResponse,
)
from smscx.testing._callbacks import CallbackPoster
from smscx.testing._shared import MICRO, SharedState
from smscx.testing.wire.call import Reply
from smscx.testing.wire.checks import is_url, is_uuid_v1_to_v5, parse_number
from smscx.testing.wire.codec import dumps, format_date
from smscx.testing.wire.errors import ApiError

from . import Route
from .sms import SmsService

__all__ = ["DEFAULTS", "ROUTES", "Otp", "OtpService"]

_PINS = {
    "numbers": string.digits,
    "letters": string.ascii_uppercase,
    "alphanumeric": string.ascii_uppercase + string.digits,
}
_COUNTRIES = frozenset(phonenumbers.SUPPORTED_REGIONS)

DEFAULTS: Mapping[str, Any] = {
    "from": "InfoText",
    "template": "Your verification code is {{pin}}",
    "ttl": 300,
    "maxAttempts": 3,
    "pinType": "numbers",
    "pinLength": 6,
}
"""The "application settings" an OTP request falls back on for what it leaves out (the
service's are per account; these are the emulator's, an assumption in docs/testing.md)."""


@attrs.define(slots=True)
class Otp:
    """One OTP request as the emulator keeps it (``pin`` is what the message carried)."""

    id: str
    track_id: str | None
    phone_number: str
    country_iso: str
    pin: str
    msg_id: str
    cost_micros: int
    parts: int
    max_attempts: int
    ttl: int
    callback_url: str | None
    created_at: datetime
    status: str = "PENDING"
    attempts: int = 0
    #: Whether its expiry went out as a callback (it may be found expired earlier, lazily).
    expiry_posted: bool = False

    @property
    def expires_at(self) -> datetime:
        """When the PIN stops being valid."""
        return self.created_at + timedelta(seconds=self.ttl)


def _whole(body: Mapping[str, Any], name: str, not_number: int) -> int:
    value = body.get(name, DEFAULTS[name])
    if isinstance(value, bool) or not isinstance(value, int):
        raise ApiError(not_number)
    return value


class OtpService:
    """The OTP routes; it keeps the OTPs, by id (under the shared lock). A PIN goes out as a
    message of the SMS namespace."""

    def __init__(self, shared: SharedState, sms: SmsService, callbacks: CallbackPoster) -> None:
        self._state = shared
        self._clock = shared.clock
        self._sms = sms
        self._callbacks = callbacks
        self._otps: dict[str, Otp] = {}

    def reset(self) -> None:
        """Forget every OTP."""
        with self._state.lock:
            self._otps.clear()

    def pin_of(self, otp_id: str) -> str:
        """The PIN an OTP's message carried (for tests; a phone would read the text)."""
        with self._state.lock:
            return str(self._otps[otp_id].pin)

    # --- the routes ----------------------------------------------------------------------

    def new(self, body: Mapping[str, Any]) -> Reply:
        """``POST /otp``: validate, send the PIN (billed), answer the OTP."""
        raw_number = body.get("phoneNumber")
        if not isinstance(raw_number, str) or not raw_number.strip():
            raise ApiError(2001)
        country = body.get("countryIso")
        if country is not None and (not isinstance(country, str) or not country):
            raise ApiError(2002)
        if isinstance(country, str) and country.upper() not in _COUNTRIES:
            raise ApiError(2003)
        if not raw_number.strip().startswith("+") and country is None:
            raise ApiError(2002)
        sender = body.get("from", DEFAULTS["from"])
        if not isinstance(sender, str) or not sender:
            raise ApiError(2004)
        if not 3 <= len(sender) <= 15:
            raise ApiError(2005)
        template = body.get("template", DEFAULTS["template"])
        if not isinstance(template, str) or not template:
            raise ApiError(2006)
        if "{{pin}}" not in template:
            raise ApiError(2006, "The parameter 'template' does not contain placeholder {{pin}}")
        ttl = _whole(body, "ttl", 2007)
        if ttl < 60:
            raise ApiError(2008)
        if ttl > 1800:
            raise ApiError(2009)
        attempts = _whole(body, "maxAttempts", 2010)
        if attempts < 1:
            raise ApiError(2011)
        if attempts > 10:
            raise ApiError(2012)
        pin_type = body.get("pinType", DEFAULTS["pinType"])
        if pin_type is None or pin_type == "":
            raise ApiError(2013)
        if pin_type not in _PINS:
            raise ApiError(2014)
        length = _whole(body, "pinLength", 2015)
        if length < 4:
            raise ApiError(2016)
        if length > 10:
            raise ApiError(2017)
        track_id = body.get("trackId")
        if track_id is not None and not is_uuid_v1_to_v5(track_id):
            raise ApiError(2018)
        callback = body.get("otpCallbackUrl")
        if callback is not None and not is_url(callback):
            raise ApiError(2019)
        number = parse_number(raw_number.strip(), country if isinstance(country, str) else None)
        if number is None:
            raise ApiError(2020)
        pin = "".join(secrets.choice(_PINS[str(pin_type)]) for _ in range(length))
        message = self._sms.send_text(number, sender, template.replace("{{pin}}", pin))
        with self._state.lock:
            otp = Otp(
                id=self._state.new_id(),
                track_id=track_id,
                phone_number=number.e164,
                country_iso=number.country_iso,
                pin=pin,
                msg_id=message.msg_id,
                cost_micros=message.cost_micros,
                parts=message.parts,
                max_attempts=attempts,
                ttl=ttl,
                callback_url=callback,
                created_at=message.created_at,
            )
            self._otps[otp.id] = otp
            answer = _wire(otp)
        if callback is not None:
            self._callbacks.post(
                callback, "otp_update", self._expiry(otp.id), at=otp.expires_at.timestamp()
            )
        return Reply(201, dumps(answer))

    def _otp(self, otp_id: str) -> Otp:
        """The OTP, expired first if its time has passed (callers hold the lock); 2021."""
        otp: Otp | None = self._otps.get(otp_id.lower())
        if otp is None:
            raise ApiError(2021)
        if otp.status == "PENDING" and self._clock() >= otp.expires_at.timestamp():
            otp.status = "EXPIRED"
        return otp

    def status(self, otp_id: str) -> Reply:
        """``GET /otp/{otpId}``."""
        with self._state.lock:
            answer = _wire(self._otp(otp_id))
        return Reply(200, dumps(answer))

    def verify(self, otp_id: str, body: Mapping[str, Any]) -> Reply:
        """``POST /otp/{otpId}``: check a PIN; every wrong one counts an attempt."""
        with self._state.lock:
            pending = self._otps.get(otp_id.lower())
            was_pending = pending is not None and pending.status == "PENDING"
            otp = self._otp(otp_id)
            pin = body.get("pin")
            if pin is None or pin == "":
                raise ApiError(2022)
            if was_pending and otp.status == "EXPIRED":
                raise ApiError(2028)  # found expired by this very attempt: the PIN ran out
            if otp.status == "VERIFIED":
                raise ApiError(2023)
            if otp.status == "CANCELLED":
                raise ApiError(2024)
            if otp.status == "EXPIRED":
                raise ApiError(2025)
            if otp.status == "FAILED":
                raise ApiError(2026)
            if str(pin).strip().upper() == otp.pin:
                otp.status = "VERIFIED"
                changed = _wire(otp)
                result = Reply(200, dumps({"status": "VERIFIED"}))
            else:
                otp.attempts += 1
                if otp.attempts < otp.max_attempts:
                    raise ApiError(2029)
                otp.status = "FAILED"
                changed = _wire(otp)
                result = None
        self._notify(otp, changed)
        if result is None:
            raise ApiError(2027)
        return result

    def cancel(self, otp_id: str) -> Reply:
        """``DELETE /otp/{otpId}``: only a ``PENDING`` OTP can be cancelled."""
        with self._state.lock:
            otp = self._otp(otp_id)
            if otp.status == "CANCELLED":
                raise ApiError(2030)
            if otp.status != "PENDING":
                raise ApiError(2031)
            otp.status = "CANCELLED"
            changed = _wire(otp)
        self._notify(otp, changed)
        return Reply(200, dumps({"info": {"id": otp.id}}))

    # --- callbacks -----------------------------------------------------------------------

    def _notify(self, otp: Otp, item: dict[str, Any]) -> None:
        if otp.callback_url is not None:
            self._callbacks.post(otp.callback_url, "otp_update", lambda: [item])

    def _expiry(self, otp_id: str) -> Callable[[], list[dict[str, Any]] | None]:
        def build() -> list[dict[str, Any]] | None:
            with self._state.lock:
                otp = self._otps.get(otp_id)
                if otp is None or otp.status not in ("PENDING", "EXPIRED") or otp.expiry_posted:
                    return None  # verified, failed or cancelled first: no EXPIRED
                otp.status = "EXPIRED"  # a request may have found it so already
                otp.expiry_posted = True
                return [_wire(otp)]

        return build


def _wire(otp: Otp) -> dict[str, Any]:
    return {
        "otpId": otp.id,
        "trackId": otp.track_id,
        "phoneNumber": otp.phone_number,
        "countryIso": otp.country_iso,
        "status": otp.status,
        "cost": round(otp.cost_micros / MICRO, 6),
        "parts": otp.parts,
        "maxAttempts": otp.max_attempts,
        "attempts": otp.attempts,
        "ttl": otp.ttl,
        "otpCallbackUrl": otp.callback_url,
        "dateCreated": format_date(otp.created_at),
        "dateExpires": format_date(otp.expires_at),
    }


ROUTES: tuple[Route[OtpService], ...] = (
    Route(
        "POST", "/otp", "new_otp", lambda o, c: o.new(c.json()), NewOtpRequest, NewOtpResponse,
        status=201,
    ),
    Route(
        "GET", "/otp/{otpId}", "get_otp_status", lambda o, c: o.status(c.param), response=DataOtp,
    ),
    Route(
        "POST", "/otp/{otpId}", "verify_otp", lambda o, c: o.verify(c.param, c.json()),
        VerifyPinRequest, VerifyPinResponse,
    ),
    Route(
        "DELETE", "/otp/{otpId}", "cancel_otp", lambda o, c: o.cancel(c.param),
        response=CancelOtpResponse,
    ),
)  # fmt: skip
