"""Models of ``AccountApi``: the balance, the channels the account may use, and pricing (the
vendor's ``api/AccountApi.md``)."""

from __future__ import annotations

from typing import ClassVar

import attrs

from ._common import _Model, _Result


@attrs.frozen(kw_only=True)
class AccountBalance(_Result):
    """Result of :meth:`AccountApi.get_account_balance <smscx.AccountApi.get_account_balance>`.

    ``balance`` is in the account's ``currency`` (``"eur"`` or ``"usd"``), the currency
    every cost and credit of the API is in; ``billing`` is ``"prepaid"`` or ``"postpaid"``.
    """

    balance: float
    currency: str
    billing: str


@attrs.frozen(kw_only=True)
class ChannelsStatus(_Result):
    """Result of :meth:`AccountApi.get_channels_status <smscx.AccountApi.get_channels_status>`:
    which channels the account may send on (``True``: active)."""

    sms: bool
    viber: bool
    whatsapp: bool
    multichannel: bool


@attrs.frozen(kw_only=True)
class ChannelPricing(_Result):
    """Result of ``get_channel_pricing`` and ``get_channel_pricing_by_country_iso``.

    ``prices`` is the body as the API sends it: country (ISO) -> network operator ->
    traffic type (or other key the API uses) -> price per message part, in the account
    currency. :meth:`price` reads one country's lowest price.
    """

    #: The body is the map itself (no ``prices`` key on the wire).
    _WIRE_ROOT: ClassVar[str] = "prices"

    prices: dict[str, dict[str, dict[str, float]]]

    def price(self, country_iso: str) -> float | None:
        """The lowest price per part to ``country_iso`` (any operator), or ``None``."""
        operators = self.prices.get(country_iso.upper())
        found = [p for keyed in (operators or {}).values() for p in keyed.values()]
        return min(found) if found else None


@attrs.frozen(kw_only=True)
class ViberWhatsappPricing(_Model):
    """One country's Viber or WhatsApp prices, per message, in the account currency."""

    #: A transactional message (text only).
    transactional: float
    #: A promotional message (text and rich media).
    promotional: float


@attrs.frozen(kw_only=True)
class ViberWhatsappChannelPricing(_Result):
    """Result of ``get_channel_pricing`` and ``get_channel_pricing_by_country_iso`` for
    ``viber`` and ``whatsapp``: country (ISO) -> its prices per message, one level less than
    SMS pricing (no network operators)."""

    #: The body is the map itself (no ``prices`` key on the wire).
    _WIRE_ROOT: ClassVar[str] = "prices"

    prices: dict[str, ViberWhatsappPricing]

    def price(self, country_iso: str, traffic_type: str = "transactional") -> float | None:
        """The price per message to ``country_iso`` for ``traffic_type`` (``transactional``
        or ``promotional``), or ``None``."""
        found = self.prices.get(country_iso.upper())
        if found is None:
            return None
        return found.promotional if traffic_type == "promotional" else found.transactional


#: The vendor's names: SMS pricing, and Viber or WhatsApp pricing.
PricingSmsResponse = ChannelPricing
PricingViberWhatsappResponse = ViberWhatsappChannelPricing
