"""Credentials: an API key, a bearer token, or OAuth2 client credentials.

Each kind gives the headers of one attempt. OAuth tokens are fetched from ``/oauth/token``,
cached until shortly before they expire, and refreshed single-flight: a hundred tasks that
find the token stale make one token request between them. A 401 drops the token that earned
it so the next attempt fetches a fresh one (once per call; a second 401 is final).

Secrets stay in private attributes and out of every ``repr``, log line and error.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

import anyio
import httpx

from ._convert import loads
from .errors import APIConnectionError, APIResponseValidationError, APITimeoutError, excerpt
from .errors import error_from_response as _error_from_response

__all__ = ["AccessToken", "ApiKey", "ClientCredentials", "Credentials"]


class Credentials(Protocol):
    """What the request pipeline needs from a credential."""

    #: Whether a 401 can be cured by fetching a new token (only OAuth can).
    refreshable: bool

    async def headers(
        self, http: httpx.AsyncClient, base_url: str, http_timeout: httpx.Timeout
    ) -> Mapping[str, str]:
        """The authentication headers for the next attempt; ``http_timeout`` bounds a fetch."""
        ...

    def invalidate(self, used: Mapping[str, str]) -> None:
        """Forget the credential behind ``used`` after the API refused it."""
        ...


class ApiKey:
    """Authenticate with the ``X-API-KEY`` header."""

    refreshable = False

    def __init__(self, key: str) -> None:
        self._headers = {"X-API-KEY": key}

    async def headers(
        self, http: httpx.AsyncClient, base_url: str, http_timeout: httpx.Timeout
    ) -> Mapping[str, str]:
        return self._headers

    def invalidate(self, used: Mapping[str, str]) -> None:
        return None

    def __repr__(self) -> str:
        return "ApiKey(<hidden>)"


class AccessToken:
    """Authenticate with a bearer token obtained elsewhere (``Authorization: Bearer``)."""

    refreshable = False

    def __init__(self, token: str) -> None:
        self._headers = {"Authorization": f"Bearer {token}"}

    async def headers(
        self, http: httpx.AsyncClient, base_url: str, http_timeout: httpx.Timeout
    ) -> Mapping[str, str]:
        return self._headers

    def invalidate(self, used: Mapping[str, str]) -> None:
        return None

    def __repr__(self) -> str:
        return "AccessToken(<hidden>)"


class ClientCredentials:
    """OAuth2 client credentials: fetch, cache and refresh access tokens.

    A token is refreshed ``refresh_margin`` seconds before it expires (or at 90% of its
    lifetime when that is shorter), so a call never starts with a token about to lapse.
    """

    refreshable = True

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        scopes: Sequence[str] | str | None = None,
        *,
        refresh_margin: float = 30.0,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.client_id = client_id
        self._secret = client_secret
        self.scopes = scopes.split() if isinstance(scopes, str) else list(scopes or [])
        self._margin = refresh_margin
        self._clock = clock or time.monotonic
        self._headers: Mapping[str, str] | None = None
        self._refresh_at = 0.0
        self._lock: anyio.Lock | None = None
        #: How many token requests were made: observable single-flight.
        self.token_requests = 0

    def __repr__(self) -> str:
        return f"ClientCredentials(client_id={self.client_id!r}, client_secret=<hidden>)"

    async def headers(
        self, http: httpx.AsyncClient, base_url: str, http_timeout: httpx.Timeout
    ) -> Mapping[str, str]:
        current = self._headers
        if current is not None and self._clock() < self._refresh_at:
            return current
        if self._lock is None:
            self._lock = anyio.Lock()
        async with self._lock:
            # Whoever held the lock before us may have refreshed already.
            if self._headers is None or self._clock() >= self._refresh_at:
                await self._fetch(http, base_url, http_timeout)
            assert self._headers is not None
            return self._headers

    def invalidate(self, used: Mapping[str, str]) -> None:
        if self._headers is not None and used.get("Authorization") == self._headers.get(
            "Authorization"
        ):
            self._headers = None

    async def _fetch(
        self, http: httpx.AsyncClient, base_url: str, http_timeout: httpx.Timeout
    ) -> None:
        form = {"grant_type": "client_credentials"}
        if self.scopes:
            form["scope"] = " ".join(self.scopes)
        self.token_requests += 1
        started = self._clock()
        try:
            response = await http.post(
                f"{base_url}/oauth/token",
                data=form,
                auth=httpx.BasicAuth(self.client_id, self._secret),
                headers={"Accept": "application/json"},
                timeout=http_timeout,
                follow_redirects=False,
            )
        except httpx.TimeoutException as exc:
            raise APITimeoutError("Timed out fetching an OAuth access token.") from exc
        except httpx.TransportError as exc:
            raise APIConnectionError(
                f"Could not fetch an OAuth access token: {type(exc).__name__}."
            ) from exc
        try:
            body = loads(response.content)
        except ValueError:
            body = response.text
        if not response.is_success:
            raise _error_from_response(response.status_code, response.headers, body)
        token = body.get("access_token") if isinstance(body, dict) else None
        expires_in = body.get("expires_in") if isinstance(body, dict) else None
        if not isinstance(token, str) or not isinstance(expires_in, (int, float)):
            raise APIResponseValidationError(
                "The OAuth token response has no access_token/expires_in.",
                status_code=response.status_code,
                request_id=response.headers.get("x-request-id"),
                body_excerpt="<token response withheld>" if token else excerpt(response.text),
            )
        lifetime = float(expires_in)
        self._refresh_at = started + max(0.0, min(lifetime - self._margin, lifetime * 0.9))
        self._headers = {"Authorization": f"Bearer {token}"}
