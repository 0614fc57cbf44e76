"""``AccountApi``'s routes: the balance sends draw from, and the channels the account has."""

from __future__ import annotations

from ._sms import Reply
from ._state import State
from ._wire import dumps

__all__ = ["AccountService"]

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
