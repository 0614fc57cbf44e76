"""``OtpApi``: one-time passwords: a PIN sent by SMS (charged), then verified."""

from __future__ import annotations

from smscx._migration import migration_hints
from smscx._pipeline import Endpoint
from smscx._validation import given, request_from
from smscx.models import (
    CancelOtpResponse,
    DataOtp,
    NewOtpRequest,
    NewOtpResponse,
    VerifyPinRequest,
    VerifyPinResponse,
)

from ._namespace import BlockingNamespace, Namespace, blocking

__all__ = ["BlockingOtpApi", "OtpApi"]

# The API takes no idempotency id for an OTP: an attempt that may have reached it is never
# repeated (a repeat would text, and charge, a second PIN). See NEW_OTP's docstring.
NEW_OTP = Endpoint("POST", "/otp", NewOtpResponse, NewOtpRequest, at_most_once=True)
GET_OTP_STATUS = Endpoint("GET", "/otp/{id}", DataOtp, id_field="otpId")
VERIFY_OTP = Endpoint(
    "POST", "/otp/{id}", VerifyPinResponse, VerifyPinRequest, id_field="otpId", creates=True
)
CANCEL_OTP = Endpoint("DELETE", "/otp/{id}", CancelOtpResponse, id_field="otpId")


class OtpApi(Namespace):
    """One-time passwords (``client.otp``): the vendor's ``OtpApi``.

    ::

        otp = await client.otp.new_otp(phone_number="+33612345678", from_="MyShop")
        try:
            await client.otp.verify_otp(otp.otp_id, pin=typed_by_user)
        except smscx.InvalidPinError:
            ...  # ask again
        except (smscx.OtpExpiredError, smscx.OtpFailedError):
            ...  # send a new one
    """

    __slots__ = ()

    @migration_hints
    async def new_otp(
        self,
        request: NewOtpRequest | None = None,
        /,
        *,
        phone_number: str | None = None,
        country_iso: str | None = None,
        from_: str | None = None,
        template: str | None = None,
        track_id: str | None = None,
        ttl: int | None = None,
        max_attempts: int | None = None,
        pin_type: str | None = None,
        pin_length: int | None = None,
        otp_callback_url: str | None = None,
    ) -> NewOtpResponse:
        """Text a PIN to ``phone_number`` (charged: one SMS): ``POST /otp``.

        Retries: the API has no idempotency id for OTPs, so an attempt that may have reached
        it (a 5xx, a read timeout, a connection lost after sending) is **not** repeated: the
        error then has ``maybe_sent=True``, and the user may have a PIN. Offer "send again"
        rather than retrying blindly (a second OTP is a second charge; the first one stays
        valid until it expires). Failures that surely did not reach the API (no
        connection, 429) are retried as usual. ``track_id`` (a UUID) is yours to correlate
        the OTP with callbacks.
        """
        fields = given(
            phone_number=phone_number,
            country_iso=country_iso,
            from_=from_,
            template=template,
            track_id=track_id,
            ttl=ttl,
            max_attempts=max_attempts,
            pin_type=pin_type,
            pin_length=pin_length,
            otp_callback_url=otp_callback_url,
        )
        body = request_from(NewOtpRequest, request, fields)
        return await self._call(NEW_OTP, body=body)

    @migration_hints
    async def get_otp_status(self, otp_id: str) -> DataOtp:
        """An OTP's status (``PENDING``, ``VERIFIED``, ``EXPIRED``, ``CANCELLED``,
        ``FAILED``) and attempts: ``GET /otp/{otpId}``."""
        return await self._call(GET_OTP_STATUS, path_id=otp_id)

    @migration_hints
    async def verify_otp(
        self,
        otp_id: str,
        request: VerifyPinRequest | str | None = None,
        /,
        *,
        pin: str | None = None,
    ) -> VerifyPinResponse:
        """Check the PIN the user typed: ``POST /otp/{otpId}``; ``status`` is ``VERIFIED``.

        The PIN may also come second, positionally, as the vendor's client has it
        (``verify_otp(otp_id, "123456")``). A PIN that does not verify raises an
        :class:`~smscx.OtpVerificationError`: :class:`~smscx.InvalidPinError` (wrong,
        attempts left), :class:`~smscx.OtpFailedError` (no attempts left),
        :class:`~smscx.OtpExpiredError`, :class:`~smscx.OtpCancelledError` or
        :class:`~smscx.OtpAlreadyVerifiedError`. An attempt of unknown outcome is retried
        (it is not charged); if that attempt had verified it, the retry raises
        :class:`~smscx.OtpAlreadyVerifiedError` with ``maybe_sent=True``: verified.
        """
        if isinstance(request, str):  # the vendor's client: verify_otp(otp_id, pin)
            pin = _one_pin(request, pin)
            request = None
        body = request_from(VerifyPinRequest, request, given(pin=pin))
        return await self._call(VERIFY_OTP, body=body, path_id=otp_id)

    @migration_hints
    async def cancel_otp(self, otp_id: str) -> CancelOtpResponse:
        """Cancel a pending OTP (its PIN stops verifying): ``DELETE /otp/{otpId}``.

        Not pending: :class:`~smscx.AccessDeniedError` (2030 already cancelled, 2031
        verified, expired or failed).
        """
        return await self._call(CANCEL_OTP, path_id=otp_id)


def _one_pin(positional: str, keyword: str | None) -> str:
    if keyword is not None:
        raise TypeError("verify_otp() got the PIN twice (positionally and as pin=)")
    return positional


class BlockingOtpApi(BlockingNamespace):
    """``SmsClient.otp``: :class:`~smscx.OtpApi`, blocking."""

    __slots__ = ()

    new_otp = blocking(OtpApi.new_otp)
    get_otp_status = blocking(OtpApi.get_otp_status)
    verify_otp = blocking(OtpApi.verify_otp)
    cancel_otp = blocking(OtpApi.cancel_otp)
