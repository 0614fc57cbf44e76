"""``OauthApi``: the token exchange, ``POST /oauth/token``.

The app answers it itself, before it asks for credentials (it reads the HTTP Basic
``Authorization`` header, which a route's :class:`~smscx.testing.wire.call.Call` does not
carry): see :class:`~smscx.testing.server.app.EmulatorApp` and the gatekeeper's
``issue_token``. It is listed here as every vendor route is, so that the registry's guards
and the OpenAPI document see it.
"""

from __future__ import annotations

from smscx.models import OauthTokenResponse
from smscx.testing.wire.call import Call, Reply

from . import Route

__all__ = ["ROUTES", "OauthService"]


class OauthService:
    """Nothing of its own: the gatekeeper issues and keeps the tokens."""

    def reset(self) -> None:
        """Nothing kept here (tokens outlive a reset, as the account's credentials do)."""


def _answered_by_the_app(service: OauthService, call: Call) -> Reply:
    raise AssertionError("POST /oauth/token is answered by the app, before credentials")


ROUTES: tuple[Route[OauthService], ...] = (
    Route(
        "POST", "/oauth/token", "get_access_token", _answered_by_the_app,
        response=OauthTokenResponse,
    ),
)  # fmt: skip
