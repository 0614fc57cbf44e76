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
        """Text a PIN to ``phone_number``: ``POST /otp``. **Charged**: one SMS.

        Retries: the API has no idempotency id for OTPs, so an attempt that may have reached
        it (a 5xx, a read timeout, a connection lost after sending) is **not** repeated: the
        error then has ``maybe_sent=True``, and the user may have a PIN. Offer "send again"
        rather than retrying blindly (a second OTP is a second charge; the first one stays
        valid until it expires). Failures that surely did not reach the API (no
        connection, 429) are retried as usual. ``track_id`` (a UUID) is yours to correlate
        the OTP with callbacks.

        The options left at ``None`` take the OTP settings of the API application.

        :param request: A :class:`~smscx.models.NewOtpRequest` instead of the keywords (or
            the vendor's ``smscx_client`` model of that name); never both.
        :param phone_number: The number to verify: international (E.164), or national with
            ``country_iso``. Required.
        :param country_iso: The two-letter ISO 3166 country (``FR``; ``GB``, not ``UK``) of
            a number given in national format; ignored for an international one.
        :param from_: The sender id, 3 to 15 characters. One the account has not had
            approved is replaced by a default sender (such as ``InfoText``).
        :param template: The text sent, which must hold ``{{pin}}`` (and may hold the
            general placeholders of :meth:`~smscx.SmsApi.send_sms`).
        :param track_id: Your reference, a UUID (v1 to v5), echoed in the OTP's status and
            callbacks.
        :param ttl: How long the PIN stays valid, in seconds: 60 to 1800.
        :param max_attempts: How many wrong PINs are allowed before the OTP is ``FAILED``:
            1 to 10.
        :param pin_type: What the PIN is made of: ``numbers``, ``letters`` or
            ``alphanumeric``.
        :param pin_length: How many characters the PIN has: 4 to 10.
        :param otp_callback_url: An absolute http(s) URL the API POSTs the OTP's status
            changes to (:func:`smscx.webhooks.parse_otp_updates` reads them).
        :returns: The OTP: its ``otp_id`` to verify against, ``status`` ``PENDING``,
            ``date_expires``, ``cost`` and ``parts``.
        :raises ValidationError: Before anything is sent: no ``phone_number``, a
            ``country_iso`` not of two letters, a sender not of 3 to 15 characters, a
            ``template`` without ``{{pin}}``, ``ttl``, ``max_attempts`` or ``pin_length``
            out of range, an unknown ``pin_type``, a ``track_id`` that is not a UUID, a
            malformed URL.
        :raises InvalidPhoneNumberError: The number is invalid (2020).
        :raises InvalidRequestError: Another parameter the API refused (2001 to 2019).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx).
            A 5xx is not retried: ``maybe_sent=True``, it may have been performed and billed.
        :raises APIConnectionError: No answer (:class:`~smscx.APITimeoutError`: out of
            time). Retried only when the request surely did not reach the API; with
            ``maybe_sent=True`` it may have been performed and billed.
        :raises ClientClosedError: The client was closed, before the call (nothing was
            sent) or during it (``maybe_sent`` says whether it may have been).
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
        ``FAILED``) and attempts: ``GET /otp/{otpId}``. **Not charged**.

        :param otp_id: The OTP's ``otp_id`` (a UUID), from :meth:`new_otp`'s answer.
        :returns: The OTP: ``status``, ``attempts`` of ``max_attempts``, its dates and cost.
        :raises ValidationError: Before anything is sent: ``otp_id`` is not a UUID.
        :raises NotFoundError: No OTP of the account has this id (2021).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
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
        **Not charged**.

        The PIN may also come second, positionally, as the vendor's client has it
        (``verify_otp(otp_id, "123456")``). A PIN that does not verify raises an
        :class:`~smscx.OtpVerificationError`: :class:`~smscx.InvalidPinError` (wrong,
        attempts left), :class:`~smscx.OtpFailedError` (no attempts left),
        :class:`~smscx.OtpExpiredError`, :class:`~smscx.OtpCancelledError` or
        :class:`~smscx.OtpAlreadyVerifiedError`. An attempt of unknown outcome is retried
        (it is not charged); if that attempt had verified it, the retry raises
        :class:`~smscx.OtpAlreadyVerifiedError` with ``maybe_sent=True``: verified.

        :param otp_id: The OTP's ``otp_id`` (a UUID), from :meth:`new_otp`'s answer.
        :param request: A :class:`~smscx.models.VerifyPinRequest` instead of ``pin``, or
            the PIN itself (a ``str``), as the vendor's client takes it.
        :param pin: The PIN the user typed. Required (here or as ``request``).
        :returns: ``status``: ``VERIFIED``.
        :raises ValidationError: Before anything is sent: ``otp_id`` is not a UUID, or no
            PIN (2022).
        :raises TypeError: The PIN given twice (positionally and as ``pin=``).
        :raises InvalidPinError: The PIN is wrong; the user may try again (2029).
        :raises OtpFailedError: No attempts left: the OTP failed (2026, 2027).
        :raises OtpExpiredError: The OTP or its PIN expired (2025, 2028).
        :raises OtpCancelledError: The OTP was cancelled (2024).
        :raises OtpAlreadyVerifiedError: It was verified already (2023); with
            ``maybe_sent=True``, by an earlier attempt of this call.
        :raises NotFoundError: No OTP of the account has this id (2021).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent; ``maybe_sent`` says whether it may have been done.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time); ``maybe_sent`` as above.
        :raises ClientClosedError: The client was closed before or during the call.
        """
        if isinstance(request, str):  # the vendor's client: verify_otp(otp_id, pin)
            pin = _one_pin(request, pin)
            request = None
        body = request_from(VerifyPinRequest, request, given(pin=pin))
        return await self._call(VERIFY_OTP, body=body, path_id=otp_id)

    @migration_hints
    async def cancel_otp(self, otp_id: str) -> CancelOtpResponse:
        """Cancel a pending OTP (its PIN stops verifying): ``DELETE /otp/{otpId}``.
        **Not charged** (the PIN's SMS was, when it was sent).

        Not pending: :class:`~smscx.AccessDeniedError` (2030 already cancelled, 2031
        verified, expired or failed).

        :param otp_id: The OTP's ``otp_id`` (a UUID), from :meth:`new_otp`'s answer.
        :returns: The id of the OTP cancelled (``info.id``).
        :raises ValidationError: Before anything is sent: ``otp_id`` is not a UUID.
        :raises NotFoundError: No OTP of the account has this id (2021).
        :raises AccessDeniedError: It is not pending: cancelled already (2030), or
            verified, expired or failed (2031).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent; ``maybe_sent`` says whether it may have been done.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time); ``maybe_sent`` as above.
        :raises ClientClosedError: The client was closed before or during the call.
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
