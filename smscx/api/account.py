"""``AccountApi``: the account's balance, its prices and which channels it may use."""

from __future__ import annotations

import urllib.parse

import attrs

from smscx._migration import migration_hints
from smscx._pipeline import Endpoint
from smscx.errors import ErrorCode, ValidationError
from smscx.models import AccountBalance, ChannelPricing, ChannelsStatus

from ._namespace import BlockingNamespace, Namespace, blocking

__all__ = ["AccountApi", "BlockingAccountApi"]

GET_ACCOUNT_BALANCE = Endpoint("GET", "/account/balance", AccountBalance)
GET_CHANNELS_STATUS = Endpoint("GET", "/account/channels/status", ChannelsStatus)
# Their paths are filled in by _pricing_path, which checks each part.
GET_CHANNEL_PRICING = Endpoint("GET", "/account/pricing/{channel}/{trafficType}", ChannelPricing)
GET_CHANNEL_PRICING_BY_COUNTRY = Endpoint(
    "GET", "/account/pricing/{channel}/{trafficType}/{countryIso}", ChannelPricing
)

CHANNELS = ("sms", "viber", "whatsapp")
TRAFFIC_TYPES = ("transactional", "promotional", "2way")


def _pricing_path(channel: str, traffic_type: str, country_iso: str | None) -> str:
    if channel not in CHANNELS:
        raise ValidationError(
            f"`channel` is one of {', '.join(CHANNELS)}, got {channel!r:.40}.",
            field="channel",
            code=ErrorCode.PRICING_CHANNEL_INVALID,
        )
    if traffic_type not in TRAFFIC_TYPES:
        raise ValidationError(
            f"`traffic_type` is one of {', '.join(TRAFFIC_TYPES)}, got {traffic_type!r:.40}.",
            field="traffic_type",
            code=ErrorCode.PRICING_CHANNEL_INVALID,
        )
    path = f"/account/pricing/{channel}/{traffic_type}"
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
        ``postpaid``): ``GET /account/balance``. Sends draw from this balance."""
        return await self._call(GET_ACCOUNT_BALANCE)

    @migration_hints
    async def get_channels_status(self) -> ChannelsStatus:
        """Which channels (SMS, Viber, WhatsApp, multichannel) the account may use:
        ``GET /account/channels/status``."""
        return await self._call(GET_CHANNELS_STATUS)

    @migration_hints
    async def get_channel_pricing(self, channel: str, traffic_type: str) -> ChannelPricing:
        """Every country's price per part on ``channel`` (``sms``, ``viber``, ``whatsapp``)
        for ``traffic_type`` (``transactional``, ``promotional``, ``2way``):
        ``GET /account/pricing/{channel}/{trafficType}``."""
        path = _pricing_path(channel, traffic_type, None)
        return await self._call(attrs.evolve(GET_CHANNEL_PRICING, path=path))

    @migration_hints
    async def get_channel_pricing_by_country_iso(
        self, channel: str, traffic_type: str, country_iso: str
    ) -> ChannelPricing:
        """One country's prices: ``GET /account/pricing/{channel}/{trafficType}/{countryIso}``.

        No coverage there is a :class:`~smscx.NoCoverageError` (1523).
        """
        path = _pricing_path(channel, traffic_type, country_iso)
        return await self._call(attrs.evolve(GET_CHANNEL_PRICING_BY_COUNTRY, path=path))


class BlockingAccountApi(BlockingNamespace):
    """``SmsClient.account``: :class:`~smscx.AccountApi`, blocking."""

    __slots__ = ()

    get_account_balance = blocking(AccountApi.get_account_balance)
    get_channels_status = blocking(AccountApi.get_channels_status)
    get_channel_pricing = blocking(AccountApi.get_channel_pricing)
    get_channel_pricing_by_country_iso = blocking(AccountApi.get_channel_pricing_by_country_iso)
