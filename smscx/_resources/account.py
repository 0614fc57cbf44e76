"""``AccountApi``: the account's balance and which channels it may use."""

from __future__ import annotations

from smscx._migration import migration_hints
from smscx._pipeline import Endpoint
from smscx.models import AccountBalance, ChannelsStatus

from ._base import Resource

__all__ = ["AccountApi"]

GET_ACCOUNT_BALANCE = Endpoint("GET", "/account/balance", AccountBalance)
GET_CHANNELS_STATUS = Endpoint("GET", "/account/channels/status", ChannelsStatus)


class AccountApi(Resource):
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
