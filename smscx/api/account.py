"""``AccountApi``: the account's balance, its prices and which channels it may use."""

from __future__ import annotations

import urllib.parse
from typing import Literal, overload

import attrs

from smscx._migration import migration_hints
from smscx._pipeline import Endpoint
from smscx.errors import ErrorCode, ValidationError
from smscx.models import (
    AccountBalance,
    ChannelPricing,
    ChannelsStatus,
    ViberWhatsappChannelPricing,
)

from ._namespace import BlockingNamespace, Namespace, blocking

__all__ = ["AccountApi", "BlockingAccountApi"]

GET_ACCOUNT_BALANCE = Endpoint("GET", "/account/balance", AccountBalance)
GET_CHANNELS_STATUS = Endpoint("GET", "/account/channels/status", ChannelsStatus)
# Their paths are filled in by _pricing_path, which checks each part.
GET_CHANNEL_PRICING = Endpoint("GET", "/account/pricing/{channel}/{trafficType}", ChannelPricing)
GET_CHANNEL_PRICING_BY_COUNTRY = Endpoint(
    "GET", "/account/pricing/{channel}/{trafficType}/{countryIso}", ChannelPricing
)
# Viber and WhatsApp prices are one level shallower (no network operators).
GET_APP_PRICING = Endpoint(
    "GET", "/account/pricing/{channel}/{trafficType}", ViberWhatsappChannelPricing
)
GET_APP_PRICING_BY_COUNTRY = Endpoint(
    "GET", "/account/pricing/{channel}/{trafficType}/{countryIso}", ViberWhatsappChannelPricing
)

#: The channels whose prices have the Viber/WhatsApp shape; any other has SMS's.
APP_CHANNELS = ("viber", "whatsapp")

Pricing = ChannelPricing | ViberWhatsappChannelPricing


def _segment(name: str, value: object) -> str:
    # The vendor lists no channels or traffic types for pricing: the API judges the value
    # (1521); this only keeps it one non-empty path segment.
    if not isinstance(value, str) or not value.strip() or "/" in value:
        raise ValidationError(
            f"`{name}` is a non-empty string without '/', got {value!r:.40}.",
            field=name,
            code=ErrorCode.PRICING_CHANNEL_INVALID,
        )
    return urllib.parse.quote(value, safe="")


def _pricing_path(channel: str, traffic_type: str, country_iso: str | None) -> str:
    path = (
        f"/account/pricing/{_segment('channel', channel)}/{_segment('traffic_type', traffic_type)}"
    )
    if country_iso is None:
        return path
    if not isinstance(country_iso, str) or len(country_iso) != 2 or not country_iso.isalpha():
        raise ValidationError(
            f"`country_iso` is a two-letter code, got {country_iso!r:.20}.",
            field="country_iso",
            code=ErrorCode.PRICING_COUNTRY_INVALID,
        )
    return f"{path}/{urllib.parse.quote(country_iso.upper())}"


class AccountApi(Namespace):
    """The account (``client.account``): the vendor's ``AccountApi``, by the same names.

    ::

        balance = await client.account.get_account_balance()
        print(balance.balance, balance.currency)
    """

    __slots__ = ()

    @migration_hints
    async def get_account_balance(self) -> AccountBalance:
        """The balance, its currency (``eur``, ``usd``) and billing (``prepaid``,
        ``postpaid``): ``GET /account/balance``. **Not charged**. Sends draw from this
        balance.

        :returns: ``balance``, ``currency`` and ``billing``.
        :raises APIStatusError: An error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._call(GET_ACCOUNT_BALANCE)

    @migration_hints
    async def get_channels_status(self) -> ChannelsStatus:
        """Which channels (SMS, Viber, WhatsApp, multichannel) the account may use:
        ``GET /account/channels/status``. **Not charged**.

        :returns: Per channel, ``True`` when it is active for the account.
        :raises APIStatusError: An error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._call(GET_CHANNELS_STATUS)

    @overload
    async def get_channel_pricing(
        self, channel: Literal["viber", "whatsapp"], traffic_type: str
    ) -> ViberWhatsappChannelPricing: ...
    @overload
    async def get_channel_pricing(
        self, channel: Literal["sms"], traffic_type: str
    ) -> ChannelPricing: ...
    @overload
    async def get_channel_pricing(self, channel: str, traffic_type: str) -> Pricing: ...
    @migration_hints
    async def get_channel_pricing(self, channel: str, traffic_type: str) -> Pricing:
        """Every country's prices on ``channel`` (``sms``, ``viber``, ``whatsapp``) for
        ``traffic_type`` (``transactional``, ``promotional`` ...): ``GET
        /account/pricing/{channel}/{trafficType}``. **Not charged**.

        SMS prices come per part, by country then network operator then traffic type
        (:class:`~smscx.models.ChannelPricing`); Viber and WhatsApp prices per message, by
        country, transactional and promotional
        (:class:`~smscx.models.ViberWhatsappChannelPricing`).

        :param channel: ``sms``, ``viber`` or ``whatsapp`` (the API judges the value).
        :param traffic_type: ``transactional``, ``promotional`` or another the API knows.
        :returns: ``prices`` by country (the account's currency); ``price(country)`` reads
            one country's.
        :raises ValidationError: Before anything is sent: ``channel`` or ``traffic_type``
            is empty or not one path segment (1521).
        :raises InvalidRequestError: A channel or traffic type the API does not price
            (1521).
        :raises NoCoverageError: No coverage on this channel (1523).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        path = _pricing_path(channel, traffic_type, None)
        if channel in APP_CHANNELS:
            return await self._call(attrs.evolve(GET_APP_PRICING, path=path))
        return await self._call(attrs.evolve(GET_CHANNEL_PRICING, path=path))

    @overload
    async def get_channel_pricing_by_country_iso(
        self, channel: Literal["viber", "whatsapp"], traffic_type: str, country_iso: str
    ) -> ViberWhatsappChannelPricing: ...
    @overload
    async def get_channel_pricing_by_country_iso(
        self, channel: Literal["sms"], traffic_type: str, country_iso: str
    ) -> ChannelPricing: ...
    @overload
    async def get_channel_pricing_by_country_iso(
        self, channel: str, traffic_type: str, country_iso: str
    ) -> Pricing: ...
    @migration_hints
    async def get_channel_pricing_by_country_iso(
        self, channel: str, traffic_type: str, country_iso: str
    ) -> Pricing:
        """One country's prices: ``GET /account/pricing/{channel}/{trafficType}/{countryIso}``.
        **Not charged**.

        The shape is :meth:`get_channel_pricing`'s, for one country. No coverage there is a
        :class:`~smscx.NoCoverageError` (1523).

        :param channel: ``sms``, ``viber`` or ``whatsapp`` (the API judges the value).
        :param traffic_type: ``transactional``, ``promotional`` or another the API knows.
        :param country_iso: The country: two letters, ISO 3166 (``FR``; any case).
        :returns: ``prices``: the country's (by network operator, per part, for SMS).
        :raises ValidationError: Before anything is sent: ``channel`` or ``traffic_type``
            is empty or not one path segment (1521), a ``country_iso`` that is not two
            letters (1522).
        :raises InvalidRequestError: A channel or traffic type (1521) or a country (1522)
            the API does not know.
        :raises NoCoverageError: No coverage for this country on this channel (1523).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        path = _pricing_path(channel, traffic_type, country_iso)
        if channel in APP_CHANNELS:
            return await self._call(attrs.evolve(GET_APP_PRICING_BY_COUNTRY, path=path))
        return await self._call(attrs.evolve(GET_CHANNEL_PRICING_BY_COUNTRY, path=path))


class BlockingAccountApi(BlockingNamespace):
    """``SmsClient.account``: :class:`~smscx.AccountApi`, blocking."""

    __slots__ = ()

    get_account_balance = blocking(AccountApi.get_account_balance)
    get_channels_status = blocking(AccountApi.get_channels_status)
    get_channel_pricing = blocking(AccountApi.get_channel_pricing)
    get_channel_pricing_by_country_iso = blocking(AccountApi.get_channel_pricing_by_country_iso)
