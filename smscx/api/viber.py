"""``ViberApi``: send and estimate Viber messages and campaigns from approved templates, and
delete scheduled ones.

A Viber send names an approved Viber template (``template_id``, see
:class:`~smscx.TemplatesApi`) instead of a text, and fills its placeholders from
``custom_fields``. The sends are idempotent like :meth:`~smscx.SmsApi.send_sms`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
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
    SendViberCampaignRequest,
    SendViberCampaignRequestEstimate,
    SendViberCampaignResponse,
    SendViberMessageRequest,
    SendViberMessageRequestEstimate,
    SendViberMessageResponse,
)

from ._namespace import BlockingNamespace, Namespace, blocking, keywords

__all__ = ["BlockingViberApi", "ViberApi"]

SEND_VIBER = Endpoint(
    "POST", "/viber", SendViberMessageResponse, SendViberMessageRequest, sends=True
)
ESTIMATE_VIBER = Endpoint(
    "POST", "/viber/estimate", SendViberMessageResponse, SendViberMessageRequestEstimate
)
SEND_VIBER_CAMPAIGN = Endpoint(
    "POST",
    "/viber/campaign",
    SendViberCampaignResponse,
    SendViberCampaignRequest,
    sends=True,
    response_limit=CAMPAIGN_RESPONSE_LIMIT,
)
ESTIMATE_VIBER_CAMPAIGN = Endpoint(
    "POST",
    "/viber/campaign/estimate",
    SendViberCampaignResponse,
    SendViberCampaignRequestEstimate,
    response_limit=CAMPAIGN_RESPONSE_LIMIT,
)
DELETE_SCHEDULED_VIBER = Endpoint(
    "DELETE",
    "/viber/scheduled/{id}",
    DeleteScheduledMsg,
    id_field="msgId",
    id_code=ErrorCode.MESSAGE_ID_INVALID,
)
DELETE_SCHEDULED_VIBER_CAMPAIGN = Endpoint(
    "DELETE",
    "/viber/scheduled/campaign/{id}",
    DeleteScheduledCampaign,
    id_field="campaignId",
    id_code=ErrorCode.CAMPAIGN_ID_INVALID,
)

estimated_by(SEND_VIBER, ESTIMATE_VIBER)
estimated_by(SEND_VIBER_CAMPAIGN, ESTIMATE_VIBER_CAMPAIGN)


class ViberApi(Namespace):
    """Viber messages and campaigns (``client.viber``): the vendor's ``ViberApi``.

    ::

        result = await client.viber.send_viber_message(
            to="+33612345678", from_="Shop", template_id=42, custom_fields={"code": "A1"}
        )
    """

    __slots__ = ()

    @migration_hints
    async def send_viber_message(
        self,
        request: SendViberMessageRequest | None = None,
        /,
        *,
        to: str | Iterable[str] | None = None,
        from_: str | None = None,
        template_id: int | None = None,
        custom_fields: Mapping[str, str] | None = None,
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
    ) -> SendViberMessageResponse:
        """Send a Viber template to up to 25,000 numbers (``POST /viber``). **Charged**,
        idempotent.

        Give the fields as keywords, or a :class:`~smscx.models.SendViberMessageRequest`.
        ``idempotency_id`` is generated when not given and reused on every retry, so a
        retried send is performed and billed once. Each message is one part, billed at the
        destination's Viber price; an opted-out number is ``REJECTED`` and costs nothing.

        :param request: A :class:`~smscx.models.SendViberMessageRequest` instead of the
            keywords (or the vendor's ``smscx_client`` model of that name); never both.
        :param to: The recipients, one number or up to 25,000: international (E.164), or
            national with ``country_iso``. Required.
        :param from_: The sender id, 3 to 15 characters. Required.
        :param template_id: The approved Viber template to send (its id from
            :meth:`~smscx.TemplatesApi.create_template`). Required.
        :param custom_fields: Values for the template's placeholders, by name:
            ``{"code": "A1"}`` fills ``{{code}}``.
        :param country_iso: The two-letter ISO 3166 country of numbers in national format.
        :param allow_invalid: ``True``: send to the valid numbers and list the invalid ones
            in ``info.invalid`` rather than refuse (API default: ``False``).
        :param scheduled_date: Send later, at this time (aware, or naive meaning UTC); not
            in the past. Charged when scheduled; :meth:`delete_scheduled_viber_message`
            returns the cost.
        :param is_utc: ``False``: ``scheduled_date`` is a wall-clock time in the
            destination's timezone (API default: ``True``).
        :param dlr_callback_url: An absolute http(s) URL for this send's delivery reports.
        :param track_data: Your reference, a UUID (v1 to v5), echoed in answers and reports.
        :param short_response: ``True``: an empty ``data`` (API default: ``False``).
        :param no_text_details: ``True``: the entries leave out ``text``.
        :param show_timezone: ``True``: each entry has its ``timezone``.
        :param idempotency_id: A UUID (v1 to v5) that makes the send happen at most once
            however often it is repeated; generated when not given.
        :param max_cost: A spend cap, as for :meth:`~smscx.SmsApi.send_sms`: the send is
            estimated first (one more call, not charged) and not sent when the
            estimate passes it.
        :returns: Each message's ``msg_id``, status and cost (``data``), the totals and the
            ``campaign_id`` (``info``); ``idempotency_id`` is the id the send used.
        :raises ValidationError: Before anything is sent, for what the API would refuse:
            no ``to``/``groups``, ``from_`` or ``template_id``, a date in the past, a
            malformed URL or ``idempotency_id``, a ``track_data`` that is not a UUID.
        :raises SpendLimitError: The estimate passes ``max_cost`` (a ``ValidationError``;
            ``estimate`` and ``max_cost`` on it). Nothing was sent.
        :raises InvalidPhoneNumberError: Invalid numbers (1207, 1210) without
            ``allow_invalid``; ``invalid_numbers`` names them. Nothing was sent.
        :raises InsufficientCreditError: The balance (1113) or the credit limit (1114) does
            not cover the send. Nothing was sent.
        :raises NoCoverageError: No Viber coverage for, or a restricted, destination (1119).
        :raises AccessDeniedError: The template is not approved (1132) or not locked (1133).
        :raises InvalidRequestError: Another parameter the API refused (400): no or a
            malformed ``template_id`` (1126, 1127), a template that is not a Viber template
            of the account (1128), a group unknown (1140) or empty (1102).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent; ``maybe_sent`` says whether it may have been sent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time). With ``maybe_sent=True`` it may
            have been sent: call again with the error's ``idempotency_id``, billed once.
        :raises ClientClosedError: The client was closed before or during the call.
        """
        fields = keywords(locals())
        max_cost = fields.pop("max_cost", None)
        body = request_from(SendViberMessageRequest, request, fields)
        return await capped_send(self._client, SEND_VIBER, body, max_cost)

    @migration_hints
    async def estimate_viber_message(
        self,
        request: SendViberMessageRequestEstimate | None = None,
        /,
        *,
        to: str | Iterable[str] | None = None,
        from_: str | None = None,
        template_id: int | None = None,
        custom_fields: Mapping[str, str] | None = None,
        country_iso: str | None = None,
        allow_invalid: bool | None = None,
        scheduled_date: datetime | None = None,
        is_utc: bool | None = None,
        dlr_callback_url: str | None = None,
        track_data: str | None = None,
        short_response: bool | None = None,
        no_text_details: bool | None = None,
        show_timezone: bool | None = None,
    ) -> SendViberMessageResponse:
        """What :meth:`send_viber_message` would cost (``POST /viber/estimate``).
        **Not charged**.

        :param request: A :class:`~smscx.models.SendViberMessageRequestEstimate` instead of
            the keywords (or the vendor's model of that name); never both.
        :param to: The recipients, one number or up to 25,000. Required.
        :param from_: The sender id, 3 to 15 characters. Required.
        :param template_id: The approved Viber template. Required.
        :param custom_fields: Values for the template's placeholders, by name.
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
        :raises ValidationError: Before anything is sent, as for :meth:`send_viber_message`.
        :raises InvalidPhoneNumberError: Invalid numbers (1207, 1210) without
            ``allow_invalid``.
        :raises InsufficientCreditError: The balance (1113) or credit limit (1114) would not
            cover the send.
        :raises NoCoverageError: No Viber coverage for the destination (1119).
        :raises AccessDeniedError: The template is not approved (1132) or not locked (1133).
        :raises InvalidRequestError: Another parameter the API refused (400), such as a
            template that is not the account's Viber template (1128).
        :raises APIStatusError: Any other error answer, once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent.
        :raises ClientClosedError: The client was closed before or during the call.
        """
        body = request_from(SendViberMessageRequestEstimate, request, keywords(locals()))
        return await self._call(ESTIMATE_VIBER, body=body)

    @migration_hints
    async def send_viber_campaign(
        self,
        request: SendViberCampaignRequest | None = None,
        /,
        *,
        groups: int | Iterable[int] | None = None,
        from_: str | None = None,
        template_id: int | None = None,
        custom_fields: Mapping[str, str] | None = None,
        scheduled_date: datetime | None = None,
        is_utc: bool | None = None,
        dlr_callback_url: str | None = None,
        short_response: bool | None = None,
        no_text_details: bool | None = None,
        show_timezone: bool | None = None,
        idempotency_id: str | uuid.UUID | None = None,
        max_cost: Decimal | int | float | str | None = None,
    ) -> SendViberCampaignResponse:
        """Send a Viber template to contact groups (``POST /viber/campaign``). **Charged**,
        idempotent.

        The template may use contact fields (``{{firstName}}``, custom fields) besides
        ``custom_fields``. Idempotency as for :meth:`send_viber_message`.

        :param request: A :class:`~smscx.models.SendViberCampaignRequest` instead of the
            keywords (or the vendor's model of that name); never both.
        :param groups: The contact groups: one group id or several. Required.
        :param from_: The sender id, 3 to 15 characters. Required.
        :param template_id: The approved Viber template. Required.
        :param custom_fields: Values for the template's placeholders, by name (the same
            for every contact).
        :param scheduled_date: Send later, at this time; not in the past.
            :meth:`delete_scheduled_viber_campaign` returns the cost of what is left.
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
        :raises ValidationError: Before anything is sent, for what the API would refuse:
            no ``to``/``groups``, ``from_`` or ``template_id``, a date in the past, a
            malformed URL or ``idempotency_id``, a ``track_data`` that is not a UUID.
        :raises SpendLimitError: The estimate passes ``max_cost`` (a ``ValidationError``;
            ``estimate`` and ``max_cost`` on it). Nothing was sent.
        :raises InvalidPhoneNumberError: Invalid numbers (1207, 1210) without
            ``allow_invalid``; ``invalid_numbers`` names them. Nothing was sent.
        :raises InsufficientCreditError: The balance (1113) or the credit limit (1114) does
            not cover the send. Nothing was sent.
        :raises NoCoverageError: No Viber coverage for, or a restricted, destination (1119).
        :raises AccessDeniedError: The template is not approved (1132) or not locked (1133).
        :raises InvalidRequestError: Another parameter the API refused (400): no or a
            malformed ``template_id`` (1126, 1127), a template that is not a Viber template
            of the account (1128), a group unknown (1140) or empty (1102).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent; ``maybe_sent`` says whether it may have been sent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time). With ``maybe_sent=True`` it may
            have been sent: call again with the error's ``idempotency_id``, billed once.
        :raises ClientClosedError: The client was closed before or during the call.
        """
        fields = keywords(locals())
        max_cost = fields.pop("max_cost", None)
        body = request_from(SendViberCampaignRequest, request, fields)
        return await capped_send(self._client, SEND_VIBER_CAMPAIGN, body, max_cost)

    @migration_hints
    async def estimate_viber_campaign(
        self,
        request: SendViberCampaignRequestEstimate | None = None,
        /,
        *,
        groups: int | Iterable[int] | None = None,
        from_: str | None = None,
        template_id: int | None = None,
        custom_fields: Mapping[str, str] | None = None,
        scheduled_date: datetime | None = None,
        is_utc: bool | None = None,
        dlr_callback_url: str | None = None,
        short_response: bool | None = None,
        no_text_details: bool | None = None,
        show_timezone: bool | None = None,
    ) -> SendViberCampaignResponse:
        """What :meth:`send_viber_campaign` would cost (``POST /viber/campaign/estimate``).
        **Not charged**.

        :param request: A :class:`~smscx.models.SendViberCampaignRequestEstimate` instead
            of the keywords (or the vendor's model of that name); never both.
        :param groups: The contact groups: one group id or several. Required.
        :param from_: The sender id, 3 to 15 characters. Required.
        :param template_id: The approved Viber template. Required.
        :param custom_fields: Values for the template's placeholders, by name.
        :param scheduled_date: The time the campaign would be scheduled for.
        :param is_utc: ``False``: ``scheduled_date`` is each destination's wall-clock time.
        :param dlr_callback_url: The delivery-report URL the campaign would have.
        :param short_response: ``True``: an empty ``data``.
        :param no_text_details: ``True``: the entries leave out ``text``.
        :param show_timezone: ``True``: each entry has its ``timezone``.
        :returns: What the campaign would answer (``info.total_cost``); nothing is sent.
        :raises ValidationError: Before anything is sent, as for :meth:`send_viber_campaign`.
        :raises InsufficientCreditError: The balance (1113) or credit limit (1114) would not
            cover the campaign.
        :raises NoCoverageError: No Viber coverage for the destinations (1119).
        :raises AccessDeniedError: The template is not approved (1132) or not locked (1133).
        :raises InvalidRequestError: Another parameter the API refused (400): a group
            unknown (1140) or empty (1102), a template that is not a Viber one (1128).
        :raises APIStatusError: Any other error answer, once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent.
        :raises ClientClosedError: The client was closed before or during the call.
        """
        body = request_from(SendViberCampaignRequestEstimate, request, keywords(locals()))
        return await self._call(ESTIMATE_VIBER_CAMPAIGN, body=body)

    @migration_hints
    async def delete_scheduled_viber_message(self, msg_id: str) -> DeleteScheduledMsg:
        """Delete a scheduled Viber message (``DELETE /viber/scheduled/{msgId}``).
        **Not charged**: its cost returns to the balance.

        :param msg_id: The scheduled message's ``msg_id`` (a UUID), from the send's answer.
        :returns: The message deleted and the credit returned (``info``, channel
            ``"viber"``).
        :raises ValidationError: Before anything is sent: ``msg_id`` is not a UUID (1115).
        :raises NotFoundError: No such Viber message, or it is not scheduled (1100); with
            ``maybe_sent=True``, an earlier attempt most likely deleted it.
        :raises AccessDeniedError: The message was sent already (1118).
        :raises APIStatusError: Any other error answer, once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent.
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._call(DELETE_SCHEDULED_VIBER, path_id=msg_id)

    @migration_hints
    async def delete_scheduled_viber_campaign(self, campaign_id: str) -> DeleteScheduledCampaign:
        """Delete what is still scheduled of a Viber campaign
        (``DELETE /viber/scheduled/campaign/{campaignId}``). **Not charged**: its cost
        returns to the balance.

        :param campaign_id: The campaign's ``info.campaign_id`` (a UUID).
        :returns: The numbers and parts deleted and the credit returned (``info``).
        :raises ValidationError: Before anything is sent: ``campaign_id`` is not a UUID
            (1155).
        :raises NotFoundError: No such Viber campaign, or it is not scheduled (1150).
        :raises AccessDeniedError: Nothing of it is scheduled any more (1118).
        :raises APIStatusError: Any other error answer, once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent.
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._call(DELETE_SCHEDULED_VIBER_CAMPAIGN, path_id=campaign_id)


class BlockingViberApi(BlockingNamespace):
    """``SmsClient.viber``: :class:`~smscx.ViberApi`, blocking."""

    __slots__ = ()

    send_viber_message = blocking(ViberApi.send_viber_message)
    estimate_viber_message = blocking(ViberApi.estimate_viber_message)
    send_viber_campaign = blocking(ViberApi.send_viber_campaign)
    estimate_viber_campaign = blocking(ViberApi.estimate_viber_campaign)
    delete_scheduled_viber_message = blocking(ViberApi.delete_scheduled_viber_message)
    delete_scheduled_viber_campaign = blocking(ViberApi.delete_scheduled_viber_campaign)
