"""``AccountApi``'s routes: the balance sends draw from, and the channels the account has."""

from __future__ import annotations

from typing import Any

from ._sms import Reply
from ._state import MICRO, State
from ._wire import ApiError, dumps

__all__ = ["AccountService", "pricing"]

#: The channels the emulator serves: SMS only (an assumption, see docs/testing.md).
CHANNELS = {"sms": True, "viber": False, "whatsapp": False, "multichannel": False}


class AccountService:
    """Answers ``GET /account/balance`` and ``GET /account/channels/status``."""

    def __init__(self, state: State) -> None:
        self._state = state

    def balance(self) -> Reply:
        with self._state.lock:
            account = self._state.account
            balance, currency = account.balance, account.currency
            postpaid = account.credit_limit_micros is not None
        billing = "postpaid" if postpaid else "prepaid"
        return Reply(200, dumps({"balance": balance, "currency": currency, "billing": billing}))

    def channels_status(self) -> Reply:
        return Reply(200, dumps(CHANNELS))


_TRAFFIC = ("transactional", "promotional", "2way")
_PRICED_CHANNELS = ("sms", "viber", "whatsapp")
_OPERATORS = "All networks"


def _countries() -> frozenset[str]:
    import phonenumbers

    return frozenset(phonenumbers.SUPPORTED_REGIONS)


def pricing(state: State, channel: str, traffic_type: str, country_iso: str | None) -> Reply:
    """``GET /account/pricing/{channel}/{trafficType}[/{countryIso}]``.

    SMS prices are per part, by country, then network operator, then traffic type; the
    emulator has one price per country for every operator and traffic type (an assumption
    in docs/testing.md), so each country has one operator entry, ``"All networks"``.
    """
    if channel not in _PRICED_CHANNELS:
        raise ApiError(1521)
    if traffic_type not in _TRAFFIC:
        raise ApiError(1521, "The traffic type requested is not valid")
    if not CHANNELS.get(channel, False):
        raise ApiError(1523)  # the account has no Viber or WhatsApp
    countries = _countries()
    if country_iso is not None:
        iso = country_iso.upper()
        if iso not in countries:
            raise ApiError(1522)
        wanted = [iso]
    else:
        wanted = sorted(countries)
    prices: dict[str, Any] = {}
    for iso in wanted:
        micros = state.price_micros(iso)
        if micros is not None:
            prices[iso] = {_OPERATORS: {traffic_type: micros / MICRO}}
    if not prices:
        raise ApiError(1523)
    return Reply(200, dumps(prices))
