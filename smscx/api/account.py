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

    @migration_hints
    async def get_channel_pricing(self, channel: str, traffic_type: str) -> ChannelPricing:
        """Every country's price per part on ``channel`` (``sms``, ``viber``, ``whatsapp``)
        for ``traffic_type`` (``transactional``, ``promotional``, ``2way``):
        ``GET /account/pricing/{channel}/{trafficType}``. **Not charged**.

        :param channel: ``sms``, ``viber`` or ``whatsapp``.
        :param traffic_type: ``transactional``, ``promotional`` or ``2way``.
        :returns: ``prices``: country, network operator, price per part (the account's
            currency); ``price(country)`` reads the lowest.
        :raises ValidationError: Before anything is sent: an unknown ``channel`` or
            ``traffic_type`` (1521).
        :raises InvalidRequestError: A channel the API does not price (1521).
        :raises NoCoverageError: No coverage on this channel (1523).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        path = _pricing_path(channel, traffic_type, None)
        return await self._call(attrs.evolve(GET_CHANNEL_PRICING, path=path))

    @migration_hints
    async def get_channel_pricing_by_country_iso(
        self, channel: str, traffic_type: str, country_iso: str
    ) -> ChannelPricing:
        """One country's prices: ``GET /account/pricing/{channel}/{trafficType}/{countryIso}``.
        **Not charged**.

        No coverage there is a :class:`~smscx.NoCoverageError` (1523).

        :param channel: ``sms``, ``viber`` or ``whatsapp``.
        :param traffic_type: ``transactional``, ``promotional`` or ``2way``.
        :param country_iso: The country: two letters, ISO 3166 (``FR``; any case).
        :returns: ``prices``: the country's, by network operator, per part.
        :raises ValidationError: Before anything is sent: an unknown ``channel`` or
            ``traffic_type`` (1521), a ``country_iso`` that is not two letters (1522).
        :raises InvalidRequestError: A channel (1521) or country (1522) the API does not
            know.
        :raises NoCoverageError: No coverage for this country on this channel (1523).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
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
