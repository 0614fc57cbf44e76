"""``MultichannelApi``: one message over a strategy of channels (Viber, WhatsApp, then SMS),
sent, estimated and deleted when scheduled.

The ``strategy`` lists at least two steps, each channel once, ``sms`` last. The first step
is sent; a step not delivered within ``ttl`` seconds falls to the next. The sends are
idempotent like :meth:`~smscx.SmsApi.send_sms`.
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
    DeleteScheduledCampaign,
    DeleteScheduledMsg,
    SendMultichannelCampaignRequest,
    SendMultichannelCampaignRequestEstimate,
    SendMultichannelCampaignResponse,
    SendMultichannelMessageRequest,
    SendMultichannelMessageRequestEstimate,
    SendMultichannelMessageResponse,
    Strategy,
)

from ._namespace import BlockingNamespace, Namespace, blocking, keywords

__all__ = ["BlockingMultichannelApi", "MultichannelApi"]

SEND_MULTICHANNEL = Endpoint(
    "POST",
    "/multichannel",
    SendMultichannelMessageResponse,
    SendMultichannelMessageRequest,
    sends=True,
)
ESTIMATE_MULTICHANNEL = Endpoint(
    "POST",
    "/multichannel/estimate",
    SendMultichannelMessageResponse,
    SendMultichannelMessageRequestEstimate,
)
SEND_MULTICHANNEL_CAMPAIGN = Endpoint(
    "POST",
    "/multichannel/campaign",
    SendMultichannelCampaignResponse,
    SendMultichannelCampaignRequest,
    sends=True,
    response_limit=CAMPAIGN_RESPONSE_LIMIT,
)
ESTIMATE_MULTICHANNEL_CAMPAIGN = Endpoint(
    "POST",
    "/multichannel/campaign/estimate",
    SendMultichannelCampaignResponse,
    SendMultichannelCampaignRequestEstimate,
    response_limit=CAMPAIGN_RESPONSE_LIMIT,
)
DELETE_SCHEDULED_MULTICHANNEL = Endpoint(
    "DELETE",
    "/multichannel/scheduled/{id}",
    DeleteScheduledMsg,
    id_field="msgId",
    id_code=ErrorCode.MESSAGE_ID_INVALID,
)
DELETE_SCHEDULED_MULTICHANNEL_CAMPAIGN = Endpoint(
    "DELETE",
    "/multichannel/scheduled/campaign/{id}",
    DeleteScheduledCampaign,
    id_field="campaignId",
    id_code=ErrorCode.CAMPAIGN_ID_INVALID,
)

estimated_by(SEND_MULTICHANNEL, ESTIMATE_MULTICHANNEL)
estimated_by(SEND_MULTICHANNEL_CAMPAIGN, ESTIMATE_MULTICHANNEL_CAMPAIGN)


class MultichannelApi(Namespace):
    """Multichannel messages and campaigns (``client.multichannel``): the vendor's
    ``MultichannelApi``.

    ::

        result = await client.multichannel.send_multichannel_message(
            to="+33612345678",
            from_="Shop",
            strategy=[
                Strategy(channel="viber", template_id=42),
                Strategy(channel="sms", text="Your code is A1"),
            ],
            ttl=600,
        )
    """

    __slots__ = ()

    @migration_hints
    async def send_multichannel_message(
        self,
        request: SendMultichannelMessageRequest | None = None,
        /,
        *,
        to: str | Iterable[str] | None = None,
        from_: str | None = None,
        strategy: Iterable[Strategy] | None = None,
        ttl: int | None = None,
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
        max_cost: Decimal | int | float | str | None = None,
    ) -> SendMultichannelMessageResponse:
        """Send one message over a strategy of channels to up to 25,000 numbers
        (``POST /multichannel``). **Charged**, idempotent.

        The first step of ``strategy`` is sent and billed at once; a step not delivered
        within ``ttl`` seconds falls to the next, which is billed when it is sent. The
        balance must cover the whole strategy, failover included (else 1130).
        ``idempotency_id`` is generated when not given and reused on every retry.

        :param request: A :class:`~smscx.models.SendMultichannelMessageRequest` instead of
            the keywords (or the vendor's ``smscx_client`` model of that name); never both.
        :param to: The recipients, one number or up to 25,000: international (E.164), or
            national with ``country_iso``. Required.
        :param from_: The sender id, 3 to 11 characters. Required.
        :param strategy: The steps, in order: :class:`~smscx.models.Strategy` objects, at
            least two, each channel once, ``sms`` last; a ``viber`` or ``whatsapp`` step
            names its approved ``template_id``, the ``sms`` step its ``text``. Required.
        :param ttl: Seconds each step has to be delivered before the next is tried: 300 to
            1,209,600 (14 days; API default: 300).
        :param country_iso: The two-letter ISO 3166 country of numbers in national format.
        :param allow_invalid: ``True``: send to the valid numbers and list the invalid ones
            in ``info.invalid`` rather than refuse (API default: ``False``).
        :param scheduled_date: Send later, at this time (aware, or naive meaning UTC); not
            in the past. :meth:`delete_scheduled_multichannel_message` returns the cost.
        :param is_utc: ``False``: ``scheduled_date`` is the destination's wall-clock time.
        :param dlr_callback_url: An absolute http(s) URL for the delivery reports.
        :param track_data: Your reference, a UUID (v1 to v5), echoed in answers and reports.
        :param short_response: ``True``: an empty ``data``.
        :param no_text_details: ``True``: the entries leave out ``text``.
        :param show_timezone: ``True``: each entry has its ``timezone``.
        :param idempotency_id: A UUID (v1 to v5) that makes the send happen at most once;
            generated when not given.
        :param max_cost: A spend cap, as for :meth:`~smscx.SmsApi.send_sms`: the send is
            estimated first (one more call, not charged) and not sent when the
            estimate passes it.
        :returns: Each message's ``msg_id``, first ``channel``, status and cost (``data``)
            and the totals (``info``); ``idempotency_id`` is the id the send used.
        :raises ValidationError: Before anything is sent, for what the API would refuse: no
            ``to``, ``from_`` or ``strategy``, a date in the past, a malformed URL or
            ``idempotency_id``, a ``track_data`` that is not a UUID.
        :raises SpendLimitError: The estimate passes ``max_cost`` (a ``ValidationError``;
            ``estimate`` and ``max_cost`` on it). Nothing was sent.
        :raises InvalidPhoneNumberError: Invalid numbers (1207, 1210) without
            ``allow_invalid``. Nothing was sent.
        :raises InsufficientCreditError: The balance (1113) or the credit limit (1114) does
            not cover the first steps, or not the failover (1130). Nothing was sent.
        :raises NoCoverageError: No coverage for the destinations (1119).
        :raises AccessDeniedError: A template not approved (1132) or not locked (1133), or
            a channel of the strategy the account does not have active (1131).
        :raises InvalidRequestError: Another parameter the API refused (400): a strategy
            empty (1120), of one step (1121), not ending with ``sms`` (1122), naming a
            channel twice (1129) or an unknown one (1123); a ``ttl`` that is not a number
            (1124) or out of range (1125, 1134); a step's template missing or unknown
            (1126, 1127, 1128); the ``sms`` step without ``text`` (1107).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent; ``maybe_sent`` says whether it may have been sent.
        :raises APIConnectionError: No answer once the retries are spent. With
            ``maybe_sent=True`` it may have been sent: call again with the error's
            ``idempotency_id``, billed once.
        :raises ClientClosedError: The client was closed before or during the call.
        """
        fields = keywords(locals())
        max_cost = fields.pop("max_cost", None)
        body = request_from(SendMultichannelMessageRequest, request, fields)
        return await capped_send(self._client, SEND_MULTICHANNEL, body, max_cost)

    @migration_hints
    async def estimate_multichannel_message(
        self,
        request: SendMultichannelMessageRequestEstimate | None = None,
        /,
        *,
        to: str | Iterable[str] | None = None,
        from_: str | None = None,
        strategy: Iterable[Strategy] | None = None,
        ttl: int | None = None,
        country_iso: str | None = None,
        allow_invalid: bool | None = None,
        scheduled_date: datetime | None = None,
        is_utc: bool | None = None,
        dlr_callback_url: str | None = None,
        track_data: str | None = None,
        short_response: bool | None = None,
        no_text_details: bool | None = None,
        show_timezone: bool | None = None,
    ) -> SendMultichannelMessageResponse:
        """What :meth:`send_multichannel_message` would cost now: its first steps
        (``POST /multichannel/estimate``). **Not charged**.

        :param request: A :class:`~smscx.models.SendMultichannelMessageRequestEstimate`
            instead of the keywords (or the vendor's model of that name); never both.
        :param to: The recipients, one number or up to 25,000. Required.
        :param from_: The sender id, 3 to 11 characters. Required.
        :param strategy: The steps, as for :meth:`send_multichannel_message`. Required.
        :param ttl: Seconds each step has to be delivered: 300 to 1,209,600.
        :param country_iso: The two-letter ISO 3166 country of numbers in national format.
        :param allow_invalid: ``True``: estimate the valid numbers, list the invalid ones.
        :param scheduled_date: The time the send would be scheduled for; not in the past.
        :param is_utc: ``False``: ``scheduled_date`` is the destination's wall-clock time.
        :param dlr_callback_url: The delivery-report URL the send would have.
        :param track_data: Your reference, a UUID (v1 to v5).
        :param short_response: ``True``: an empty ``data``.
        :param no_text_details: ``True``: the entries leave out ``text``.
        :param show_timezone: ``True``: each entry has its ``timezone``.
        :returns: What the send would answer (``info.total_cost``); nothing is sent.
        :raises ValidationError: Before anything is sent, as for
            :meth:`send_multichannel_message`.
        :raises InvalidPhoneNumberError: Invalid numbers (1207, 1210) without
            ``allow_invalid``.
        :raises InsufficientCreditError: The balance or credit limit would not cover the
            send (1113, 1114) or its failover (1130).
        :raises NoCoverageError: No coverage for the destinations (1119).
        :raises AccessDeniedError: A template not approved or locked (1132, 1133), or an
            inactive channel (1131).
        :raises InvalidRequestError: Another parameter the API refused (400), as for
            :meth:`send_multichannel_message`.
        :raises APIStatusError: Any other error answer, once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent.
        :raises ClientClosedError: The client was closed before or during the call.
        """
        body = request_from(SendMultichannelMessageRequestEstimate, request, keywords(locals()))
        return await self._call(ESTIMATE_MULTICHANNEL, body=body)

    @migration_hints
    async def send_multichannel_campaign(
        self,
        request: SendMultichannelCampaignRequest | None = None,
        /,
        *,
        groups: int | Iterable[int] | None = None,
        from_: str | None = None,
        strategy: Iterable[Strategy] | None = None,
        ttl: int | None = None,
        scheduled_date: datetime | None = None,
        is_utc: bool | None = None,
        dlr_callback_url: str | None = None,
        short_response: bool | None = None,
        no_text_details: bool | None = None,
        show_timezone: bool | None = None,
        idempotency_id: str | uuid.UUID | None = None,
        max_cost: Decimal | int | float | str | None = None,
    ) -> SendMultichannelCampaignResponse:
        """Send one message over a strategy of channels to contact groups
        (``POST /multichannel/campaign``). **Charged**, idempotent.

        Billing and failover as for :meth:`send_multichannel_message`; the texts may use
        contact fields (``{{firstName}}``).

        :param request: A :class:`~smscx.models.SendMultichannelCampaignRequest` instead of
            the keywords (or the vendor's model of that name); never both.
        :param groups: The contact groups: one group id or several. Required.
        :param from_: The sender id, 3 to 11 characters. Required.
        :param strategy: The steps, as for :meth:`send_multichannel_message`. Required.
        :param ttl: Seconds each step has to be delivered: 300 to 1,209,600 (API default:
            300).
        :param scheduled_date: Send later, at this time; not in the past.
            :meth:`delete_scheduled_multichannel_campaign` returns the cost of what is left.
        :param is_utc: ``False``: ``scheduled_date`` is each destination's wall-clock time.
        :param dlr_callback_url: An absolute http(s) URL for the delivery reports.
        :param short_response: ``True``: an empty ``data``.
        :param no_text_details: ``True``: the entries leave out ``text``.
        :param show_timezone: ``True``: each entry has its ``timezone``.
        :param idempotency_id: A UUID (v1 to v5) that makes the campaign go out at most
            once; generated when not given.
        :param max_cost: A spend cap, as for :meth:`~smscx.SmsApi.send_sms`: the send is
            estimated first (one more call, not charged) and not sent when the
            estimate passes it.
        :returns: Each message (``data``), the totals, groups and duplicates removed
            (``info``); ``idempotency_id`` is the id the send used.
        :raises ValidationError: Before anything is sent, for what the API would refuse.
        :raises SpendLimitError: The estimate passes ``max_cost`` (a ``ValidationError``;
            ``estimate`` and ``max_cost`` on it). Nothing was sent.
        :raises InsufficientCreditError: The balance (1113) or the credit limit (1114) does
            not cover the first steps, or not the failover (1130). Nothing was sent.
        :raises NoCoverageError: No coverage for the destinations (1119).
        :raises AccessDeniedError: A template not approved or locked (1132, 1133), or an
            inactive channel (1131).
        :raises InvalidRequestError: Another parameter the API refused (400): a group
            unknown (1140) or empty (1102), or the strategy and ``ttl`` errors of
            :meth:`send_multichannel_message`.
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent; ``maybe_sent`` says whether it may have been sent.
        :raises APIConnectionError: No answer once the retries are spent. With
            ``maybe_sent=True`` it may have been sent: call again with the error's
            ``idempotency_id``, billed once.
        :raises ClientClosedError: The client was closed before or during the call.
        """
        fields = keywords(locals())
        max_cost = fields.pop("max_cost", None)
        body = request_from(SendMultichannelCampaignRequest, request, fields)
        return await capped_send(self._client, SEND_MULTICHANNEL_CAMPAIGN, body, max_cost)

    @migration_hints
    async def estimate_multichannel_campaign(
        self,
        request: SendMultichannelCampaignRequestEstimate | None = None,
        /,
        *,
        groups: int | Iterable[int] | None = None,
        from_: str | None = None,
        strategy: Iterable[Strategy] | None = None,
        ttl: int | None = None,
        scheduled_date: datetime | None = None,
        is_utc: bool | None = None,
        dlr_callback_url: str | None = None,
        short_response: bool | None = None,
        no_text_details: bool | None = None,
        show_timezone: bool | None = None,
    ) -> SendMultichannelCampaignResponse:
        """What :meth:`send_multichannel_campaign` would cost now: its first steps
        (``POST /multichannel/campaign/estimate``). **Not charged**.

        :param request: A :class:`~smscx.models.SendMultichannelCampaignRequestEstimate`
            instead of the keywords (or the vendor's model of that name); never both.
        :param groups: The contact groups: one group id or several. Required.
        :param from_: The sender id, 3 to 11 characters. Required.
        :param strategy: The steps, as for :meth:`send_multichannel_message`. Required.
        :param ttl: Seconds each step has to be delivered: 300 to 1,209,600.
        :param scheduled_date: The time the campaign would be scheduled for.
        :param is_utc: ``False``: ``scheduled_date`` is each destination's wall-clock time.
        :param dlr_callback_url: The delivery-report URL the campaign would have.
        :param short_response: ``True``: an empty ``data``.
        :param no_text_details: ``True``: the entries leave out ``text``.
        :param show_timezone: ``True``: each entry has its ``timezone``.
        :returns: What the campaign would answer (``info.total_cost``); nothing is sent.
        :raises ValidationError: Before anything is sent, for what the API would refuse.
        :raises InsufficientCreditError: The balance or credit limit would not cover the
            campaign (1113, 1114) or its failover (1130).
        :raises NoCoverageError: No coverage for the destinations (1119).
        :raises AccessDeniedError: A template not approved or locked (1132, 1133), or an
            inactive channel (1131).
        :raises InvalidRequestError: Another parameter the API refused (400), as for
            :meth:`send_multichannel_campaign`.
        :raises APIStatusError: Any other error answer, once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent.
        :raises ClientClosedError: The client was closed before or during the call.
        """
        body = request_from(SendMultichannelCampaignRequestEstimate, request, keywords(locals()))
        return await self._call(ESTIMATE_MULTICHANNEL_CAMPAIGN, body=body)

    @migration_hints
    async def delete_scheduled_multichannel_message(self, msg_id: str) -> DeleteScheduledMsg:
        """Delete a scheduled multichannel message
        (``DELETE /multichannel/scheduled/{msgId}``). **Not charged**: its cost returns to
        the balance, and none of its steps is sent.

        :param msg_id: The scheduled message's ``msg_id`` (a UUID), from the send's answer.
        :returns: The message deleted and the credit returned (``info``, channel
            ``"multichannel"``).
        :raises ValidationError: Before anything is sent: ``msg_id`` is not a UUID (1115).
        :raises NotFoundError: No such multichannel message, or it is not scheduled (1100);
            with ``maybe_sent=True``, an earlier attempt most likely deleted it.
        :raises AccessDeniedError: The message was sent already (1118).
        :raises APIStatusError: Any other error answer, once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent.
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._call(DELETE_SCHEDULED_MULTICHANNEL, path_id=msg_id)

    @migration_hints
    async def delete_scheduled_multichannel_campaign(
        self, campaign_id: str
    ) -> DeleteScheduledCampaign:
        """Delete what is still scheduled of a multichannel campaign
        (``DELETE /multichannel/scheduled/campaign/{campaignId}``). **Not charged**: its
        cost returns to the balance.

        :param campaign_id: The campaign's ``info.campaign_id`` (a UUID).
        :returns: The numbers and parts deleted and the credit returned (``info``).
        :raises ValidationError: Before anything is sent: ``campaign_id`` is not a UUID
            (1155).
        :raises NotFoundError: No such multichannel campaign, or it is not scheduled (1150).
        :raises AccessDeniedError: Nothing of it is scheduled any more (1118).
        :raises APIStatusError: Any other error answer, once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent.
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._call(DELETE_SCHEDULED_MULTICHANNEL_CAMPAIGN, path_id=campaign_id)


class BlockingMultichannelApi(BlockingNamespace):
    """``SmsClient.multichannel``: :class:`~smscx.MultichannelApi`, blocking."""

    __slots__ = ()

    send_multichannel_message = blocking(MultichannelApi.send_multichannel_message)
    estimate_multichannel_message = blocking(MultichannelApi.estimate_multichannel_message)
    send_multichannel_campaign = blocking(MultichannelApi.send_multichannel_campaign)
    estimate_multichannel_campaign = blocking(MultichannelApi.estimate_multichannel_campaign)
    delete_scheduled_multichannel_message = blocking(
        MultichannelApi.delete_scheduled_multichannel_message
    )
    delete_scheduled_multichannel_campaign = blocking(
        MultichannelApi.delete_scheduled_multichannel_campaign
    )
