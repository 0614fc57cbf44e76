"""Models of ``OtpApi``: one-time passwords sent by SMS, verified and cancelled (the vendor's
``api/OtpApi.md``)."""

from __future__ import annotations

from datetime import datetime

import attrs

from ._common import _Model, _Request, _Result


@attrs.frozen(kw_only=True)
class NewOtpRequest(_Request):
    """Body of ``POST /otp``: send a PIN to ``phone_number`` (charged: one SMS).

    What is left out comes from the account's application settings: ``template`` (with
    ``{{pin}}``), ``ttl`` (60..1800 s), ``max_attempts`` (1..10), ``pin_type`` (``numbers``,
    ``letters``, ``alphanumeric``) and ``pin_length`` (4..10).
    """

    phone_number: str
    country_iso: str | None = None
    from_: str | None = None
    template: str | None = None
    track_id: str | None = None
    ttl: int | None = None
    max_attempts: int | None = None
    pin_type: str | None = None
    pin_length: int | None = None
    otp_callback_url: str | None = None


@attrs.frozen(kw_only=True)
class DataOtp(_Result):
    """An OTP: ``status`` ``PENDING``, ``VERIFIED``, ``EXPIRED``, ``CANCELLED`` or
    ``FAILED``; ``attempts`` wrong PINs so far of ``max_attempts``; valid until
    ``date_expires``."""

    otp_id: str
    track_id: str | None
    phone_number: str
    country_iso: str
    status: str
    cost: float
    parts: int
    max_attempts: int
    attempts: int
    ttl: int
    otp_callback_url: str | None
    date_created: datetime
    date_expires: datetime


#: ``new_otp`` answers the same fields.
NewOtpResponse = DataOtp


@attrs.frozen(kw_only=True)
class VerifyPinRequest(_Request):
    """Body of ``POST /otp/{otpId}``: the PIN the user typed."""

    pin: str


@attrs.frozen(kw_only=True)
class VerifyPinResponse(_Result):
    """Result of a successful ``verify_otp``: ``status`` is ``VERIFIED``. A PIN that does
    not verify raises an :class:`~smscx.OtpVerificationError`."""

    status: str


@attrs.frozen(kw_only=True)
class InfoOtp(_Model):
    """The OTP cancelled."""

    id: str


@attrs.frozen(kw_only=True)
class CancelOtpResponse(_Result):
    """Result of ``cancel_otp``."""

    info: InfoOtp
