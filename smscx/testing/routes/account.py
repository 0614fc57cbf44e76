"""``AccountApi``: the balance sends draw from, the channels the account has, its prices."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

import phonenumbers

from smscx.models import AccountBalance, ChannelPricing, ChannelsStatus
from smscx.testing._shared import MICRO, SharedState
from smscx.testing.wire.call import Reply
from smscx.testing.wire.codec import dumps
from smscx.testing.wire.errors import ApiError

from . import Route

__all__ = ["CHANNELS", "ROUTES", "AccountService"]

#: The channels the emulator serves, every one active unless a test makes one inactive
#: (``emulator.multichannel.inactive_channels``).
CHANNELS = ("sms", "viber", "whatsapp", "multichannel")

_TRAFFIC = ("transactional", "promotional", "2way")
_PRICED_CHANNELS = ("sms", "viber", "whatsapp")
_OPERATORS = "All networks"
_COUNTRIES = frozenset(phonenumbers.SUPPORTED_REGIONS)


class AccountService:
    """The account routes, over the shared account and prices (it keeps nothing of its own)."""

    def __init__(
        self,
        shared: SharedState,
        *,
        channel_prices: Mapping[str, Callable[[str], int | None]] | None = None,
        inactive: Collection[str] = (),
    ) -> None:
        self._state = shared
        # Viber and WhatsApp: a price per message by country, from their own services.
        self._channel_prices = dict(channel_prices or {})
        self._inactive = inactive

    def reset(self) -> None:
        """Nothing to forget: the shared state resets the balance."""

    def balance(self) -> Reply:
        with self._state.lock:
            account = self._state.account
            balance, currency = account.balance, account.currency
            postpaid = account.credit_limit_micros is not None
        billing = "postpaid" if postpaid else "prepaid"
        return Reply(200, dumps({"balance": balance, "currency": currency, "billing": billing}))

    def channels_status(self) -> Reply:
        return Reply(200, dumps({c: c not in self._inactive for c in CHANNELS}))

    def pricing(self, channel: str, traffic_type: str, country_iso: str | None) -> Reply:
        """``GET /account/pricing/{channel}/{trafficType}[/{countryIso}]``.

        SMS prices are per part, by country, then network operator, then traffic type; the
        emulator has one price per country for every operator and traffic type (an
        assumption in docs/testing.md), so each country has one operator entry,
        ``"All networks"``. Viber and WhatsApp prices are by country alone,
        ``{"transactional": p, "promotional": p}``, each the price per message those
        channels' sends bill (``emulator.viber.set_prices``).
        """
        if channel not in _PRICED_CHANNELS or traffic_type not in _TRAFFIC:
            raise ApiError(1521)  # the pages have this one row for both
        if channel in self._inactive:
            raise ApiError(1523)  # the account does not have the channel
        if country_iso is not None:
            wanted = [country_iso.upper()]
            if wanted[0] not in _COUNTRIES:
                raise ApiError(1522)
        else:
            wanted = sorted(_COUNTRIES)
        prices: dict[str, Any] = {}
        price = self._channel_prices.get(channel, self._state.price_micros)
        for iso in wanted:
            micros = price(iso)
            if micros is None:
                continue
            if channel == "sms":
                prices[iso] = {_OPERATORS: {traffic_type: micros / MICRO}}
            else:  # Viber and WhatsApp: no operators, both kinds of message at once
                prices[iso] = {"transactional": micros / MICRO, "promotional": micros / MICRO}
        if not prices:
            raise ApiError(1523)
        return Reply(200, dumps(prices))


ROUTES: tuple[Route[AccountService], ...] = (
    Route(
        "GET", "/account/balance", "get_account_balance", lambda a, c: a.balance(),
        response=AccountBalance,
    ),
    Route(
        "GET", "/account/channels/status", "get_channels_status",
        lambda a, c: a.channels_status(), response=ChannelsStatus,
    ),
    Route(
        "GET", "/account/pricing/{channel}/{trafficType}", "get_channel_pricing",
        lambda a, c: a.pricing(c.params[0], c.params[1], None), response=ChannelPricing,
    ),
    Route(
        "GET", "/account/pricing/{channel}/{trafficType}/{countryIso}",
        "get_channel_pricing_by_country_iso", lambda a, c: a.pricing(*c.params),
        response=ChannelPricing,
    ),
)  # fmt: skip
