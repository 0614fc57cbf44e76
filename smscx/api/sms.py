"""``SmsApi``: send and estimate SMS and SMS campaigns, and delete scheduled ones.

The six routes of the seed. :class:`~smscx.AsyncSmsClient` offers each method on the client
itself too (``client.send_sms`` is ``client.sms.send_sms``), and so does
:class:`~smscx.SmsClient`, blocking.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from smscx._migration import migration_hints
from smscx._pipeline import Endpoint
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
    "POST", "/sms/campaign", SendSmsCampaignResponse, SendSmsCampaignRequest, sends=True
)
ESTIMATE_SMS_CAMPAIGN = Endpoint(
    "POST", "/sms/campaign/estimate", SendSmsCampaignResponse, SendSmsCampaignRequestEstimate
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
    ) -> SendSmsMessageResponse:
        """Send one text to up to 25,000 numbers (``POST /sms``, charged).

        Give the fields as keywords, or a :class:`~smscx.models.SendSmsMessageRequest`.
        The send is idempotent: ``idempotency_id`` (a UUID) is generated when not given and
        reused on every retry, so a retried send is performed and billed once. Options left
        at ``None`` are not sent and take the API's defaults.
        """
        body = request_from(SendSmsMessageRequest, request, keywords(locals()))
        return await self._call(SEND_SMS, body=body)

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
        """What :meth:`send_sms` would cost (``POST /sms/estimate``); nothing is charged."""
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
    ) -> SendSmsCampaignResponse:
        """Send a text to contact groups (``POST /sms/campaign``, charged, idempotent).

        Texts may use contact fields such as ``{{firstName}}``. Idempotency as for
        :meth:`send_sms`.
        """
        body = request_from(SendSmsCampaignRequest, request, keywords(locals()))
        return await self._call(SEND_SMS_CAMPAIGN, body=body)

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
        """What :meth:`send_sms_campaign` would cost; nothing is charged."""
        body = request_from(SendSmsCampaignRequestEstimate, request, keywords(locals()))
        return await self._call(ESTIMATE_SMS_CAMPAIGN, body=body)

    @migration_hints
    async def delete_scheduled_sms(self, msg_id: str) -> DeleteScheduledMsg:
        """Delete a scheduled message; its cost returns to the balance.

        Retried like every call. If an attempt's outcome was unknown and a retry then gets
        404, the :class:`~smscx.NotFoundError` has ``maybe_sent=True``: the earlier attempt
        most likely deleted it.
        """
        return await self._call(DELETE_SCHEDULED_SMS, path_id=msg_id)

    @migration_hints
    async def delete_scheduled_sms_campaign(self, campaign_id: str) -> DeleteScheduledCampaign:
        """Delete what is still scheduled of a campaign; its cost returns to the balance.

        Messages of the campaign already sent are not deleted. A 404 after an attempt of
        unknown outcome means as for :meth:`delete_scheduled_sms`.
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
