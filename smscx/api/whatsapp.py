"""``WhatsappApi``: send and estimate WhatsApp messages from approved templates, and delete
scheduled ones.

Single sends only (the API has no WhatsApp campaigns). A send names an approved WhatsApp
template (``template_id``, see :class:`~smscx.TemplatesApi`) and fills its placeholders
from ``custom_fields``; it is idempotent like :meth:`~smscx.SmsApi.send_sms`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal

from smscx._migration import migration_hints
from smscx._pipeline import Endpoint
from smscx._spend import capped_send, estimated_by
from smscx._validation import request_from
from smscx.errors import ErrorCode
from smscx.models import (
    DeleteScheduledMsg,
    SendWhatsappMessageRequest,
    SendWhatsappMessageRequestEstimate,
    SendWhatsappMessageResponse,
)

from ._namespace import BlockingNamespace, Namespace, blocking, keywords

__all__ = ["BlockingWhatsappApi", "WhatsappApi"]

SEND_WHATSAPP = Endpoint(
    "POST", "/whatsapp", SendWhatsappMessageResponse, SendWhatsappMessageRequest, sends=True
)
ESTIMATE_WHATSAPP = Endpoint(
    "POST", "/whatsapp/estimate", SendWhatsappMessageResponse, SendWhatsappMessageRequestEstimate
)
DELETE_SCHEDULED_WHATSAPP = Endpoint(
    "DELETE",
    "/whatsapp/scheduled/{id}",
    DeleteScheduledMsg,
    id_field="msgId",
    id_code=ErrorCode.MESSAGE_ID_INVALID,
)

estimated_by(SEND_WHATSAPP, ESTIMATE_WHATSAPP)


class WhatsappApi(Namespace):
    """WhatsApp messages (``client.whatsapp``): the vendor's ``WhatsappApi``.

    ::

        result = await client.whatsapp.send_whatsapp_message(
            to="+33612345678", from_="Shop", template_id=7, custom_fields={"name": "Ana"}
        )
    """

    __slots__ = ()

    @migration_hints
    async def send_whatsapp_message(
        self,
        request: SendWhatsappMessageRequest | None = None,
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
    ) -> SendWhatsappMessageResponse:
        """Send a WhatsApp template to a number (``POST /whatsapp``). **Charged**,
        idempotent.

        ``idempotency_id`` is generated when not given and reused on every retry, so a
        retried send is performed and billed once. The message is one part, billed at the
        destination's WhatsApp price.

        :param request: A :class:`~smscx.models.SendWhatsappMessageRequest` instead of the
            keywords (or the vendor's ``smscx_client`` model of that name); never both.
        :param to: The recipient: international (E.164), or national with ``country_iso``.
            Required.
        :param from_: The sender id, 3 to 15 characters. Required.
        :param template_id: The approved WhatsApp template to send. Required.
        :param custom_fields: Values for the template's placeholders, by name.
        :param country_iso: The two-letter ISO 3166 country of a number in national format.
        :param allow_invalid: ``True``: list an invalid number in ``info.invalid`` rather
            than refuse (API default: ``False``).
        :param scheduled_date: Send later, at this time (aware, or naive meaning UTC); not
            in the past. :meth:`delete_scheduled_whatsapp_message` returns the cost.
        :param is_utc: ``False``: ``scheduled_date`` is the destination's wall-clock time.
        :param dlr_callback_url: An absolute http(s) URL for the delivery report.
        :param track_data: Your reference, a UUID (v1 to v5), echoed in answers and reports.
        :param short_response: ``True``: an empty ``data``.
        :param no_text_details: ``True``: the entry leaves out ``text``.
        :param show_timezone: ``True``: the entry has its ``timezone``.
        :param idempotency_id: A UUID (v1 to v5) that makes the send happen at most once;
            generated when not given.
        :param max_cost: A spend cap, as for :meth:`~smscx.SmsApi.send_sms`: the send is
            estimated first (one more call, not charged) and not sent when the
            estimate passes it.
        :returns: The message's ``msg_id``, status and cost (``data``) and the totals
            (``info``); ``idempotency_id`` is the id the send used.
        :raises ValidationError: Before anything is sent, for what the API would refuse: no
            ``to``, ``from_`` or ``template_id``, a date in the past, a malformed URL or
            ``idempotency_id``, a ``track_data`` that is not a UUID.
        :raises SpendLimitError: The estimate passes ``max_cost`` (a ``ValidationError``;
            ``estimate`` and ``max_cost`` on it). Nothing was sent.
        :raises InvalidPhoneNumberError: An invalid number (1207, 1210). Nothing was sent.
        :raises InsufficientCreditError: The balance (1113) or the credit limit (1114) does
            not cover the send. Nothing was sent.
        :raises NoCoverageError: No WhatsApp coverage for the destination (1119).
        :raises AccessDeniedError: The template is not approved (1132) or not locked (1133).
        :raises InvalidRequestError: Another parameter the API refused (400): no or a
            malformed ``template_id`` (1126, 1127), a template that is not a WhatsApp
            template of the account (1128).
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
        body = request_from(SendWhatsappMessageRequest, request, fields)
        return await capped_send(self._client, SEND_WHATSAPP, body, max_cost)

    @migration_hints
    async def estimate_whatsapp_message(
        self,
        request: SendWhatsappMessageRequestEstimate | None = None,
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
    ) -> SendWhatsappMessageResponse:
        """What :meth:`send_whatsapp_message` would cost (``POST /whatsapp/estimate``).
        **Not charged**.

        :param request: A :class:`~smscx.models.SendWhatsappMessageRequestEstimate` instead
            of the keywords (or the vendor's model of that name); never both.
        :param to: The recipient. Required.
        :param from_: The sender id, 3 to 15 characters. Required.
        :param template_id: The approved WhatsApp template. Required.
        :param custom_fields: Values for the template's placeholders, by name.
        :param country_iso: The two-letter ISO 3166 country of a number in national format.
        :param allow_invalid: ``True``: list an invalid number rather than refuse.
        :param scheduled_date: The time the send would be scheduled for; not in the past.
        :param is_utc: ``False``: ``scheduled_date`` is the destination's wall-clock time.
        :param dlr_callback_url: The delivery-report URL the send would have.
        :param track_data: Your reference, a UUID (v1 to v5).
        :param short_response: ``True``: an empty ``data``.
        :param no_text_details: ``True``: the entry leaves out ``text``.
        :param show_timezone: ``True``: the entry has its ``timezone``.
        :returns: What the send would answer (``info.total_cost``); nothing is sent.
        :raises ValidationError: Before anything is sent, as for
            :meth:`send_whatsapp_message`.
        :raises InvalidPhoneNumberError: An invalid number (1207, 1210).
        :raises InsufficientCreditError: The balance (1113) or credit limit (1114) would not
            cover the send.
        :raises NoCoverageError: No WhatsApp coverage for the destination (1119).
        :raises AccessDeniedError: The template is not approved (1132) or not locked (1133).
        :raises InvalidRequestError: Another parameter the API refused (400).
        :raises APIStatusError: Any other error answer, once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent.
        :raises ClientClosedError: The client was closed before or during the call.
        """
        body = request_from(SendWhatsappMessageRequestEstimate, request, keywords(locals()))
        return await self._call(ESTIMATE_WHATSAPP, body=body)

    @migration_hints
    async def delete_scheduled_whatsapp_message(self, msg_id: str) -> DeleteScheduledMsg:
        """Delete a scheduled WhatsApp message (``DELETE /whatsapp/scheduled/{msgId}``).
        **Not charged**: its cost returns to the balance.

        :param msg_id: The scheduled message's ``msg_id`` (a UUID), from the send's answer.
        :returns: The message deleted and the credit returned (``info``, channel
            ``"whatsapp"``).
        :raises ValidationError: Before anything is sent: ``msg_id`` is not a UUID (1115).
        :raises NotFoundError: No such WhatsApp message, or it is not scheduled (1100); with
            ``maybe_sent=True``, an earlier attempt most likely deleted it.
        :raises AccessDeniedError: The message was sent already (1118).
        :raises APIStatusError: Any other error answer, once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent.
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._call(DELETE_SCHEDULED_WHATSAPP, path_id=msg_id)


class BlockingWhatsappApi(BlockingNamespace):
    """``SmsClient.whatsapp``: :class:`~smscx.WhatsappApi`, blocking."""

    __slots__ = ()

    send_whatsapp_message = blocking(WhatsappApi.send_whatsapp_message)
    estimate_whatsapp_message = blocking(WhatsappApi.estimate_whatsapp_message)
    delete_scheduled_whatsapp_message = blocking(WhatsappApi.delete_scheduled_whatsapp_message)
