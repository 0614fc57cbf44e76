"""``OauthApi``: an access token for an OAuth application's credentials.

The client fetches, caches and refreshes its own token (see docs/authentication.md); this
namespace is the vendor's one method, for a caller who wants a token of their own (to hand
to another service, or with fewer scopes).
"""

from __future__ import annotations

from collections.abc import Sequence

from smscx._auth import ClientCredentials
from smscx._convert import loads
from smscx._migration import migration_hints
from smscx._pipeline import Endpoint
from smscx.errors import APIResponseValidationError, ConfigurationError
from smscx.models import OauthTokenResponse
from smscx.models._common import ResponseMeta

from ._namespace import BlockingNamespace, Namespace, blocking

__all__ = ["BlockingOauthApi", "OauthApi"]

#: The token exchange. Its request is a form with HTTP Basic auth, not a JSON call with the
#: client's credentials, so it is made by the credentials object, never by the pipeline.
GET_ACCESS_TOKEN = Endpoint("POST", "/oauth/token", OauthTokenResponse)


class OauthApi(Namespace):
    """The token exchange (``client.oauth``): the vendor's ``OauthApi``.

    ::

        client = AsyncSmsClient(client_id="APP_ID", client_secret="APP_SECRET")
        token = await client.oauth.get_access_token(scope="sms reports")
        print(token.expires_in, token.scope)
    """

    __slots__ = ()

    @migration_hints
    async def get_access_token(
        self, *, scope: str | Sequence[str] | None = None
    ) -> OauthTokenResponse:
        """A new access token for the client's OAuth application: ``POST /oauth/token``
        (client credentials grant). **Not charged**.

        The client's own calls keep using the token it manages; this one is yours, and its
        ``access_token`` is left out of the result's repr. Not retried: a token request
        that failed is simply made again.

        :param scope: The scopes to ask for, space-delimited or as a sequence (``"sms
            reports"``); ``None``: the scopes the client was built with (all, when it was
            built with none).
        :returns: The token: ``access_token``, ``expires_in`` (seconds), ``scope``,
            ``token_type``.
        :raises ConfigurationError: The client was built with an API key or an access
            token, not with ``client_id`` and ``client_secret``.
        :raises APIStatusError: The server refused: :class:`~smscx.AuthenticationError`
            (401, an unknown application or a wrong secret), an
            :class:`~smscx.InvalidRequestError` (400, code 1600: an unknown scope).
        :raises APIResponseValidationError: The answer is not a token.
        :raises APIConnectionError: No answer (:class:`~smscx.APITimeoutError`: out of
            time).
        """
        client = self._client
        pipeline = client._pipeline
        credentials = pipeline.credentials
        if not isinstance(credentials, ClientCredentials):
            raise ConfigurationError(
                "get_access_token exchanges an OAuth application's credentials: build the "
                "client with client_id= and client_secret=."
            )
        scopes = (
            credentials.scopes if scope is None else scope.split() if isinstance(scope, str)
            else list(scope)
        )  # fmt: skip
        content, status, request_id = await credentials.issue(
            pipeline.http, pipeline.base_url, client._options.timeout, scopes
        )
        return _token(content, status, request_id)


def _token(content: bytes, status: int, request_id: str | None) -> OauthTokenResponse:
    try:
        body = loads(content)
    except ValueError:
        body = None
    fields = body if isinstance(body, dict) else {}
    token, lifetime = fields.get("access_token"), fields.get("expires_in")
    scope, kind = fields.get("scope", ""), fields.get("token_type", "Bearer")
    if not (
        isinstance(token, str)
        and isinstance(lifetime, int)
        and not isinstance(lifetime, bool)
        and isinstance(scope, str)
        and isinstance(kind, str)
    ):
        raise APIResponseValidationError(
            "The OAuth token response is not a token (access_token, expires_in, scope).",
            status_code=status,
            request_id=request_id,
            body_excerpt="<token response withheld>",
        )
    meta = ResponseMeta(status_code=status, request_id=request_id)
    return OauthTokenResponse(
        access_token=token, expires_in=lifetime, scope=scope, token_type=kind, meta=meta
    )


class BlockingOauthApi(BlockingNamespace):
    """``SmsClient.oauth``: :class:`~smscx.OauthApi`, blocking."""

    __slots__ = ()

    get_access_token = blocking(OauthApi.get_access_token)
