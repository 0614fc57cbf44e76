"""``SmsApi``: send and estimate SMS and SMS campaigns, and delete scheduled ones.

The six routes of the seed. :class:`~smscx.AsyncSmsClient` offers each method on the client
itself too (``client.send_sms`` is ``client.sms.send_sms``), and so does
:class:`~smscx.SmsClient`, blocking.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from smscx._migration import migration_hints
from smscx._pipeline import CAMPAIGN_RESPONSE_LIMIT, Endpoint
from smscx._spend import capped_send, estimated_by
from smscx._validation import request_from
from smscx.errors import ErrorCode
from smscx.models import (
    Alphabet,
    DeleteScheduledCampaign,
    DeleteScheduledMsg,
    SendSmsCampaignRequest,
    SendSmsCampaignRequestEstimate,
    SendSmsCampaignResponse,
    SendSmsMessageRequest,
    SendSmsMessageResponse,
    SendSmsRequestEstimate,
    Transliteration,
)

from ._namespace import BlockingNamespace, Namespace, blocking, keywords

__all__ = ["BlockingSmsApi", "SmsApi"]

SEND_SMS = Endpoint("POST", "/sms", SendSmsMessageResponse, SendSmsMessageRequest, sends=True)
ESTIMATE_SMS = Endpoint("POST", "/sms/estimate", SendSmsMessageResponse, SendSmsRequestEstimate)
SEND_SMS_CAMPAIGN = Endpoint(
    "POST",
    "/sms/campaign",
    SendSmsCampaignResponse,
    SendSmsCampaignRequest,
    sends=True,
    response_limit=CAMPAIGN_RESPONSE_LIMIT,
)
ESTIMATE_SMS_CAMPAIGN = Endpoint(
    "POST",
    "/sms/campaign/estimate",
    SendSmsCampaignResponse,
    SendSmsCampaignRequestEstimate,
    response_limit=CAMPAIGN_RESPONSE_LIMIT,
)
DELETE_SCHEDULED_SMS = Endpoint(
    "DELETE",
    "/sms/scheduled/{id}",
    DeleteScheduledMsg,
    id_field="msgId",
    id_code=ErrorCode.MESSAGE_ID_INVALID,
)
DELETE_SCHEDULED_SMS_CAMPAIGN = Endpoint(
    "DELETE",
    "/sms/scheduled/campaign/{id}",
    DeleteScheduledCampaign,
    id_field="campaignId",
    id_code=ErrorCode.CAMPAIGN_ID_INVALID,
)

estimated_by(SEND_SMS, ESTIMATE_SMS)
estimated_by(SEND_SMS_CAMPAIGN, ESTIMATE_SMS_CAMPAIGN)


class SmsApi(Namespace):
    """Sending (``client.sms``, and the same methods on the client itself): the vendor's
    ``SmsApi``, by the same names.

    ::

        result = await client.send_sms(to=["+33612345678"], from_="InfoText", text="Hi")
    """

    __slots__ = ()

    @migration_hints
    async def send_sms(
        self,
        request: SendSmsMessageRequest | None = None,
        /,
        *,
        to: str | Iterable[str] | None = None,
        from_: str | None = None,
        text: str | None = None,
        country_iso: str | None = None,
        allow_invalid: bool | None = None,
        scheduled_date: datetime | None = None,
        is_utc: bool | None = None,
        dlr_callback_url: str | None = None,
        track_data: str | None = None,
        short_response: bool | None = None,
        no_text_details: bool | None = None,
        show_timezone: bool | None = None,
        idempotency_id: str | uuid.UUID | None = None,
        transliteration: Transliteration | Alphabet | str | None = None,
        max_cost: Decimal | int | float | str | None = None,
    ) -> SendSmsMessageResponse:
        """Send one text to up to 25,000 numbers (``POST /sms``). **Charged**, idempotent.

        Give the fields as keywords, or a :class:`~smscx.models.SendSmsMessageRequest`.
        The send is idempotent: ``idempotency_id`` (a UUID) is generated when not given and
        reused on every retry, so a retried send is performed and billed once. Options left
        at ``None`` are not sent and take the API's defaults. Every part of every message
        is billed; a number on the opt-out list is ``REJECTED`` and costs nothing.

        :param request: A :class:`~smscx.models.SendSmsMessageRequest` instead of the
            keywords (or the vendor's ``smscx_client`` model of that name); never both.
        :param to: The recipients, one number or up to 25,000: international (E.164,
            ``+33612345678``), or national with ``country_iso``. Required.
        :param from_: The sender id (originator), 3 to 15 characters. One the account has
            not had approved is replaced by a default sender (such as ``InfoText``).
            Required.
        :param text: The message: up to 1,530 GSM-7 characters (10 parts); one character
            outside GSM-7 makes it UCS-2, 70 characters a part. Placeholders:
            ``{{optoutLink}}``, ``{{shortlink:ID}}``, ``{{attachement:ID}}`` (the API's
            spelling), ``{{today}}``, and random ``{{numbers}}``, ``{{letters}}`` and
            ``{{alphanumeric}}`` (4 characters, or 1 to 20: ``{{numbers:8}}``). Required.
        :param country_iso: The two-letter ISO 3166 country (``FR``; ``GB``, not ``UK``) of
            the numbers given in national format; ignored for international ones.
        :param allow_invalid: ``True``: send to the valid numbers and list the invalid ones
            in ``info.invalid``, rather than refuse the request (API default: ``False``).
        :param scheduled_date: Send later, at this time: an aware ``datetime``, or a naive
            one meaning UTC; not in the past. Charged when scheduled; deleting it with
            :meth:`delete_scheduled_sms` returns the cost.
        :param is_utc: ``False``: ``scheduled_date`` is a naive wall-clock time in the
            destination's timezone, which the API converts (API default: ``True``, UTC).
        :param dlr_callback_url: An absolute http(s) URL the API POSTs this send's delivery
            reports to (:func:`smscx.webhooks.parse_delivery_reports` reads them);
            overrides the application's setting.
        :param track_data: Your reference, a UUID (v1 to v5), echoed in the answer and in
            every delivery report (``DeliveryReport.track_data``). The API would drop any
            other value without an error, so it is a ``ValidationError`` here.
        :param short_response: ``True``: the answer has the full ``info`` and an empty
            ``data`` (no entry per recipient), to save bandwidth (API default: ``False``).
        :param no_text_details: ``True``: the recipients' entries leave out ``text`` and
            ``text_analysis``, for large sends (API default: ``False``).
        :param show_timezone: ``True``: each recipient's entry has its ``timezone`` (API
            default: ``False``).
        :param idempotency_id: A UUID (v1 to v5: a ``uuid.UUID`` or its 8-4-4-4-12 text)
            that makes the send happen at most once however often it is repeated; generated
            when not given. Pass your own to be able to repeat the send later, billed once.
        :param transliteration: A :class:`~smscx.models.Transliteration`, or only its
            alphabet (an :class:`~smscx.models.Alphabet` or its name, ``"NON_GSM"``): the
            characters the API replaces to keep the text GSM-7 (fewer parts), and whether it
            removes emoji. Overrides the application's setting.
        :param max_cost: A spend cap: a :class:`~decimal.Decimal` (or a number or its text,
            read as one), at least 0. The send is estimated first (one more call, not
            charged) and not sent when the estimate passes the cap. The cap guards the
            estimate: the bill is the answer's ``info.total_cost``.
        :returns: Each message's ``msg_id``, status, parts and cost (``data``), the totals
            and the ``campaign_id`` of the send (``info``); ``idempotency_id`` is the id
            the send used.
        :raises ValidationError: Before anything is sent, for what the API would refuse: no
            ``to``, ``from_`` or ``text``, more than 25,000 numbers, a sender not of 3 to 15
            characters, a text past 10 parts (measured without its placeholders; not with
            ``transliteration``), a date in the past, a malformed URL, alphabet, placeholder
            or ``idempotency_id``, a ``track_data`` that is not a UUID, or a ``max_cost``
            that is not an amount of at least 0.
        :raises SpendLimitError: The estimate passes ``max_cost`` (a ``ValidationError``;
            ``estimate`` and ``max_cost`` on it). Nothing was sent.
        :raises InvalidPhoneNumberError: Invalid numbers (1207, 1210) without
            ``allow_invalid``; ``invalid_numbers`` names them. Nothing was sent.
        :raises InsufficientCreditError: The balance (1113) or the credit limit (1114) does
            not cover the send. Nothing was sent.
        :raises NoCoverageError: No coverage for, or a restricted, destination (1119).
        :raises InvalidRequestError: Another parameter the API refused (400), such as a
            shortlink or attachment of the text it does not know (1112).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent; ``maybe_sent`` says whether it may have been sent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time). With ``maybe_sent=True`` it may
            have been sent: call again with the error's ``idempotency_id``, billed once.
        :raises ClientClosedError: The client was closed, before the call (nothing was
            sent) or during it (``maybe_sent`` and ``idempotency_id`` as above).
        """
        fields = keywords(locals())
        max_cost = fields.pop("max_cost", None)
        body = request_from(SendSmsMessageRequest, request, fields)
        return await capped_send(self._client, SEND_SMS, body, max_cost)

    @migration_hints
    async def estimate_sms(
        self,
        request: SendSmsRequestEstimate | None = None,
        /,
        *,
        to: str | Iterable[str] | None = None,
        from_: str | None = None,
        text: str | None = None,
        country_iso: str | None = None,
        allow_invalid: bool | None = None,
        scheduled_date: datetime | None = None,
        is_utc: bool | None = None,
        dlr_callback_url: str | None = None,
        track_data: str | None = None,
        short_response: bool | None = None,
        no_text_details: bool | None = None,
        show_timezone: bool | None = None,
        transliteration: Transliteration | Alphabet | str | None = None,
    ) -> SendSmsMessageResponse:
        """What :meth:`send_sms` would cost (``POST /sms/estimate``). **Not charged**.

        The same fields as :meth:`send_sms`, checked the same way, without an idempotency
        id: the answer is what the send would answer, nothing is sent.

        :param request: A :class:`~smscx.models.SendSmsRequestEstimate` instead of the
            keywords (or the vendor's ``smscx_client`` model of that name); never both.
        :param to: The recipients, one number or up to 25,000: international (E.164,
            ``+33612345678``), or national with ``country_iso``. Required.
        :param from_: The sender id (originator), 3 to 15 characters. Required.
        :param text: The message: up to 1,530 GSM-7 characters (10 parts); placeholders as
            for :meth:`send_sms`. Required.
        :param country_iso: The two-letter ISO 3166 country (``FR``; ``GB``, not ``UK``) of
            the numbers given in national format; ignored for international ones.
        :param allow_invalid: ``True``: estimate the valid numbers and list the invalid ones
            in ``info.invalid``, rather than refuse the request (API default: ``False``).
        :param scheduled_date: The time the send would be scheduled for: an aware
            ``datetime``, or a naive one meaning UTC; not in the past.
        :param is_utc: ``False``: ``scheduled_date`` is a naive wall-clock time in the
            destination's timezone (API default: ``True``, UTC).
        :param dlr_callback_url: The delivery-report URL the send would have: an absolute
            http(s) URL.
        :param track_data: Your reference, a UUID (v1 to v5), as for :meth:`send_sms`.
        :param short_response: ``True``: the answer has the full ``info`` and an empty
            ``data`` (API default: ``False``).
        :param no_text_details: ``True``: the recipients' entries leave out ``text`` and
            ``text_analysis`` (API default: ``False``).
        :param show_timezone: ``True``: each recipient's entry has its ``timezone`` (API
            default: ``False``).
        :param transliteration: A :class:`~smscx.models.Transliteration`, or only its
            alphabet (an :class:`~smscx.models.Alphabet` or its name, ``"NON_GSM"``): what
            the send would replace to keep the text GSM-7, and whether it removes emoji.
        :returns: What the send would answer: each message's parts and cost (``data``) and
            the totals (``info.total_cost``, ``info.total_parts``).
        :raises ValidationError: Before anything is sent, for what the API would refuse, as
            for :meth:`send_sms`.
        :raises InvalidPhoneNumberError: Invalid numbers (1207, 1210) without
            ``allow_invalid``; ``invalid_numbers`` names them.
        :raises InsufficientCreditError: The balance (1113) or the credit limit (1114) would
            not cover the send.
        :raises NoCoverageError: No coverage for, or a restricted, destination (1119).
        :raises InvalidRequestError: Another parameter the API refused (400).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        body = request_from(SendSmsRequestEstimate, request, keywords(locals()))
        return await self._call(ESTIMATE_SMS, body=body)

    @migration_hints
    async def send_sms_campaign(
        self,
        request: SendSmsCampaignRequest | None = None,
        /,
        *,
        groups: int | Iterable[int] | None = None,
        from_: str | None = None,
        text: str | None = None,
        scheduled_date: datetime | None = None,
        is_utc: bool | None = None,
        dlr_callback_url: str | None = None,
        short_response: bool | None = None,
        no_text_details: bool | None = None,
        show_timezone: bool | None = None,
        idempotency_id: str | uuid.UUID | None = None,
        transliteration: Transliteration | Alphabet | str | None = None,
        max_cost: Decimal | int | float | str | None = None,
    ) -> SendSmsCampaignResponse:
        """Send a text to contact groups (``POST /sms/campaign``). **Charged**, idempotent.

        Texts may use contact fields such as ``{{firstName}}``. Idempotency as for
        :meth:`send_sms`: the API recommends it for every campaign.

        :param request: A :class:`~smscx.models.SendSmsCampaignRequest` instead of the
            keywords (or the vendor's ``smscx_client`` model of that name); never both.
        :param groups: The contact groups to send to: one group id or several (ids from
            :meth:`~smscx.GroupsApi.get_groups_list`), 25,000 contacts at most. Required.
        :param from_: The sender id (originator), 3 to 15 characters. One the account has
            not had approved is replaced by a default sender (such as ``InfoText``).
            Required.
        :param text: The message: up to 1,530 GSM-7 characters (10 parts). Besides the
            placeholders of :meth:`send_sms`, each contact's fields: ``{{firstName}}``,
            ``{{lastName}}``, ``{{email}}``, ``{{field1}}`` to ``{{field5}}`` and its custom
            fields by name (``{{height}}``); a field the contact lacks becomes empty.
            Required.
        :param scheduled_date: Send later, at this time: an aware ``datetime``, or a naive
            one meaning UTC; not in the past. Charged when scheduled; deleting it with
            :meth:`delete_scheduled_sms_campaign` returns the cost of what is left.
        :param is_utc: ``False``: ``scheduled_date`` is a naive wall-clock time in each
            destination's timezone, which the API converts (API default: ``True``, UTC).
        :param dlr_callback_url: An absolute http(s) URL the API POSTs the campaign's
            delivery reports to; overrides the application's setting.
        :param short_response: ``True``: the answer has the full ``info`` and an empty
            ``data`` (no entry per recipient), to save bandwidth (API default: ``False``).
        :param no_text_details: ``True``: the recipients' entries leave out ``text`` and
            ``text_analysis`` (API default: ``False``).
        :param show_timezone: ``True``: each recipient's entry has its ``timezone`` (API
            default: ``False``).
        :param idempotency_id: A UUID (v1 to v5: a ``uuid.UUID`` or its 8-4-4-4-12 text)
            that makes the campaign go out at most once however often it is repeated;
            generated when not given.
        :param transliteration: A :class:`~smscx.models.Transliteration`, or only its
            alphabet (an :class:`~smscx.models.Alphabet` or its name, ``"NON_GSM"``), as
            for :meth:`send_sms`.
        :param max_cost: A spend cap, as for :meth:`send_sms`: the campaign is estimated
            first (one more call, not charged) and not sent when the estimate passes it.
        :returns: Each message (``data``), the totals, the groups and the duplicate numbers
            removed (``info``); ``idempotency_id`` is the id the send used.
        :raises ValidationError: Before anything is sent, for what the API would refuse: no
            group, a group id that is not an integer, no ``from_`` or ``text``, a sender not
            of 3 to 15 characters, a date in the past, a malformed URL, alphabet,
            placeholder or ``idempotency_id``; a ``max_cost`` that is not an amount of at
            least 0.
        :raises SpendLimitError: The estimate passes ``max_cost`` (a ``ValidationError``;
            ``estimate`` and ``max_cost`` on it). Nothing was sent.
        :raises InsufficientCreditError: The balance (1113) or the credit limit (1114) does
            not cover the campaign. Nothing was sent.
        :raises NoCoverageError: No coverage for, or a restricted, destination (1119).
        :raises InvalidRequestError: Another parameter the API refused (400): a group that
            is not the account's (1140) or is empty (1102), more than 25,000 contacts
            (1103), an unknown shortlink or attachment (1112).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent; ``maybe_sent`` says whether it may have been sent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time). With ``maybe_sent=True`` it may
            have been sent: call again with the error's ``idempotency_id``, billed once.
        :raises ClientClosedError: The client was closed, before the call (nothing was
            sent) or during it (``maybe_sent`` and ``idempotency_id`` as above).
        """
        fields = keywords(locals())
        max_cost = fields.pop("max_cost", None)
        body = request_from(SendSmsCampaignRequest, request, fields)
        return await capped_send(self._client, SEND_SMS_CAMPAIGN, body, max_cost)

    @migration_hints
    async def estimate_sms_campaign(
        self,
        request: SendSmsCampaignRequestEstimate | None = None,
        /,
        *,
        groups: int | Iterable[int] | None = None,
        from_: str | None = None,
        text: str | None = None,
        scheduled_date: datetime | None = None,
        is_utc: bool | None = None,
        dlr_callback_url: str | None = None,
        short_response: bool | None = None,
        no_text_details: bool | None = None,
        show_timezone: bool | None = None,
        transliteration: Transliteration | Alphabet | str | None = None,
    ) -> SendSmsCampaignResponse:
        """What :meth:`send_sms_campaign` would cost (``POST /sms/campaign/estimate``).
        **Not charged**.

        :param request: A :class:`~smscx.models.SendSmsCampaignRequestEstimate` instead of
            the keywords (or the vendor's ``smscx_client`` model of that name); never both.
        :param groups: The contact groups: one group id or several. Required.
        :param from_: The sender id (originator), 3 to 15 characters. Required.
        :param text: The message, with the placeholders of :meth:`send_sms_campaign`.
            Required.
        :param scheduled_date: The time the campaign would be scheduled for: an aware
            ``datetime``, or a naive one meaning UTC; not in the past.
        :param is_utc: ``False``: ``scheduled_date`` is a naive wall-clock time in each
            destination's timezone (API default: ``True``, UTC).
        :param dlr_callback_url: The delivery-report URL the campaign would have: an
            absolute http(s) URL.
        :param short_response: ``True``: the answer has the full ``info`` and an empty
            ``data`` (API default: ``False``).
        :param no_text_details: ``True``: the recipients' entries leave out ``text`` and
            ``text_analysis`` (API default: ``False``).
        :param show_timezone: ``True``: each recipient's entry has its ``timezone`` (API
            default: ``False``).
        :param transliteration: A :class:`~smscx.models.Transliteration`, or only its
            alphabet, as for :meth:`send_sms`.
        :returns: What the campaign would answer: each message (``data``) and the totals
            (``info.total_cost``, ``info.total_parts``).
        :raises ValidationError: Before anything is sent, for what the API would refuse, as
            for :meth:`send_sms_campaign`.
        :raises InsufficientCreditError: The balance (1113) or the credit limit (1114) would
            not cover the campaign.
        :raises NoCoverageError: No coverage for, or a restricted, destination (1119).
        :raises InvalidRequestError: Another parameter the API refused (400): a group that
            is not the account's (1140) or is empty (1102).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        body = request_from(SendSmsCampaignRequestEstimate, request, keywords(locals()))
        return await self._call(ESTIMATE_SMS_CAMPAIGN, body=body)

    @migration_hints
    async def delete_scheduled_sms(self, msg_id: str) -> DeleteScheduledMsg:
        """Delete a scheduled message (``DELETE /sms/scheduled/{msgId}``). **Not charged**:
        its cost returns to the balance.

        Retried like every call. If an attempt's outcome was unknown and a retry then gets
        404, the :class:`~smscx.NotFoundError` has ``maybe_sent=True``: the earlier attempt
        most likely deleted it.

        :param msg_id: The scheduled message's ``msg_id`` (a UUID), from the send's answer.
        :returns: The message deleted, its parts and the credit returned (``info``).
        :raises ValidationError: Before anything is sent: ``msg_id`` is not a UUID (1115).
        :raises NotFoundError: No such message, or it is not scheduled (1100); with
            ``maybe_sent=True``, an earlier attempt most likely deleted it.
        :raises AccessDeniedError: The message is no longer scheduled (sent already): only
            scheduled messages can be deleted (1118).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent; ``maybe_sent`` says whether it may have been done.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time); ``maybe_sent`` as above.
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._call(DELETE_SCHEDULED_SMS, path_id=msg_id)

    @migration_hints
    async def delete_scheduled_sms_campaign(self, campaign_id: str) -> DeleteScheduledCampaign:
        """Delete what is still scheduled of a campaign
        (``DELETE /sms/scheduled/campaign/{campaignId}``). **Not charged**: its cost returns
        to the balance.

        Messages of the campaign already sent are not deleted. A 404 after an attempt of
        unknown outcome means as for :meth:`delete_scheduled_sms`.

        :param campaign_id: The scheduled campaign's ``campaign_id`` (a UUID): a send's or
            a campaign's ``info.campaign_id``.
        :returns: The numbers and parts deleted of the campaign's, and the credit returned
            (``info``).
        :raises ValidationError: Before anything is sent: ``campaign_id`` is not a UUID
            (1155).
        :raises NotFoundError: No such campaign, or it is not scheduled (1150); with
            ``maybe_sent=True``, an earlier attempt most likely deleted it.
        :raises AccessDeniedError: Nothing of it is scheduled any more (1118).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent; ``maybe_sent`` says whether it may have been done.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time); ``maybe_sent`` as above.
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._call(DELETE_SCHEDULED_SMS_CAMPAIGN, path_id=campaign_id)


class BlockingSmsApi(BlockingNamespace):
    """``SmsClient.sms``: :class:`~smscx.SmsApi`, blocking."""

    __slots__ = ()

    send_sms = blocking(SmsApi.send_sms)
    estimate_sms = blocking(SmsApi.estimate_sms)
    send_sms_campaign = blocking(SmsApi.send_sms_campaign)
    estimate_sms_campaign = blocking(SmsApi.estimate_sms_campaign)
    delete_scheduled_sms = blocking(SmsApi.delete_scheduled_sms)
    delete_scheduled_sms_campaign = blocking(SmsApi.delete_scheduled_sms_campaign)
