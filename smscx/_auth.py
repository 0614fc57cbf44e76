"""Credentials: an API key, a bearer token, or OAuth2 client credentials.

Each kind gives the headers of one attempt. OAuth tokens are fetched from ``/oauth/token``,
cached until shortly before they expire, and refreshed single-flight: a hundred tasks that
find the token stale make one token request between them. A 401 drops the token that earned
it so the next attempt fetches a fresh one (once per call; a second 401 is final).

Secrets stay in private attributes and out of every ``repr``, log line and error, and out
of the locals of every frame a traceback can show: the request path carries them in
:class:`HeaderSet` objects, whose ``repr`` names the headers but never shows a value, and
hands the values to the HTTP library only at the last moment.

Every credential is checked when the client is built (and every token when it arrives):
a value that cannot be an HTTP header value is refused with a
:class:`~smscx.ConfigurationError` that says what is wrong and where, never what the value
is. Nothing is stripped: a credential is used exactly as given, or refused.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable, ItemsView, Iterator, Mapping, Sequence
from typing import Protocol

import anyio
import httpx

from ._convert import loads
from ._transport import BASE_RESPONSE_LIMIT, ResponseTooLarge, read_capped
from .errors import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    ConfigurationError,
    scrubbed,
)
from .errors import error_from_response as _error_from_response

__all__ = [
    "AccessToken",
    "ApiKey",
    "ClientCredentials",
    "Credentials",
    "HeaderSet",
    "attempt_bound",
    "check_credential",
    "header_value_problem",
]

_WHITESPACE_NAMES = {"\n": "a newline", "\r": "a carriage return", "\t": "a tab", " ": "a space"}


def header_value_problem(value: str) -> str | None:
    """What makes ``value`` unfit to be a credential's header value, without quoting it.

    A credential is printable ASCII (spaces allowed inside), with no surrounding white space:
    anything else either cannot be sent in an HTTP header at all (a newline, a control
    character, a character outside Latin-1) or is almost surely a mistake (a key read with
    ``open(...).read()`` keeps its newline).
    """
    if not value:
        return "is empty"
    for where, char in (("starts", value[0]), ("ends", value[-1])):
        if char.isspace():
            return f"{where} with {_WHITESPACE_NAMES.get(char, 'white space')}"
    if value.isascii() and value.isprintable():
        return None
    for position, char in enumerate(value):
        if not char.isascii():
            return f"has a non-ASCII character at position {position}"
        if not char.isprintable():
            return f"has a control character at position {position}"
    return None  # pragma: no cover  (isascii and isprintable said otherwise)


def check_credential(name: str, value: object) -> str:
    """``value`` if it can be sent as credential ``name``; else :class:`ConfigurationError`."""
    if not isinstance(value, str):
        raise ConfigurationError(f"{name} must be a str, got {type(value).__name__}.")
    problem = header_value_problem(value)
    if problem is not None:
        raise ConfigurationError(
            f"{name} {problem}: credentials are printable ASCII with no surrounding white "
            "space (strip a value read from a file or the environment)."
        )
    return value


class Secret:
    """A secret value whose ``repr`` never shows it (and that has no ``__dict__`` to show)."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The value itself, for the moment it is sent."""
        return self._value

    def __repr__(self) -> str:
        return "Secret(<hidden>)"


#: Header names whose values are never shown.
_SECRET_HEADERS = frozenset({"x-api-key", "authorization", "proxy-authorization"})


class HeaderSet(Mapping[str, str]):
    """Request headers that show their names but never a secret value in ``repr``.

    What the request path holds in its frames' locals, so that a traceback printed with its
    locals (``pytest --showlocals``, ``rich`` with ``show_locals=True``) shows no credential.
    """

    __slots__ = ("_values",)

    def __init__(self, *parts: Mapping[str, str]) -> None:
        values: dict[str, str] = {}
        for part in parts:
            values.update(part.items())
        self._values = values

    def __getitem__(self, name: str) -> str:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def items(self) -> ItemsView[str, str]:
        return self._values.items()

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name}: <hidden>" if name.lower() in _SECRET_HEADERS else f"{name}: {value!r}"
            for name, value in self._values.items()
        )
        return f"HeaderSet({{{shown}}})"


def attempt_bound(timeout: httpx.Timeout) -> float | None:
    """How long one attempt may take in all: the longest of ``timeout``'s phases.

    httpx's per-phase timeouts bound each read or write, not their sum: a server that drips
    a byte just inside the read timeout would hold an attempt for ever. ``None`` when every
    phase is unbounded.
    """
    phases = [t for t in (timeout.connect, timeout.read, timeout.write, timeout.pool) if t]
    return max(phases) if phases else None


class Credentials(Protocol):
    """What the request pipeline needs from a credential."""

    #: Whether a 401 can be cured by fetching a new token (only OAuth can).
    refreshable: bool
    #: Which account this is, without the secret (see :func:`account_identity`); ``None``
    #: when the credential does not say (a bearer token, which changes as it is renewed).
    identity: str | None

    async def headers(
        self, http: httpx.AsyncClient, base_url: str, http_timeout: httpx.Timeout
    ) -> Mapping[str, str]:
        """The authentication headers for the next attempt; ``http_timeout`` bounds a fetch."""
        ...

    def invalidate(self, used: Mapping[str, str]) -> None:
        """Forget the credential behind ``used`` after the API refused it."""
        ...


#: The key of the keyed hash that names an account by its API key (domain separation: the
#: same key hashed elsewhere gives another value). Not a secret: the API key is.
_IDENTITY_KEY = b"smscx journal account identity v1"


def account_identity(api_key: str) -> str:
    """A name for the account of ``api_key`` that does not reveal it: ``key:`` and 16 hex
    digits of an HMAC-SHA256 of the key. A batch journal records it, so that a batch is
    never resumed with another account's key; the key cannot be recovered from it."""
    digest = hmac.new(_IDENTITY_KEY, api_key.encode(), hashlib.sha256).hexdigest()
    return f"key:{digest[:16]}"


class ApiKey:
    """Authenticate with the ``X-API-KEY`` header."""

    refreshable = False

    def __init__(self, key: str) -> None:
        self._headers = HeaderSet({"X-API-KEY": check_credential("api_key", key)})
        self.identity: str | None = account_identity(key)

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
        self._headers = HeaderSet(
            {"Authorization": f"Bearer {check_credential('access_token', token)}"}
        )
        self.identity: str | None = None  # a token is renewed: it does not name the account

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
        self.client_id = check_credential("client_id", client_id)
        self.identity: str | None = f"oauth:{client_id}"
        if ":" in client_id:
            # HTTP Basic auth separates the id from the secret with the first colon.
            raise ConfigurationError("client_id has a ':', which HTTP Basic auth cannot carry.")
        self._secret = Secret(check_credential("client_secret", client_secret))
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
        started = self._clock()
        content, status, request_id = await self._request(http, base_url, http_timeout, self.scopes)
        # Parsed in a frame of its own: no local of this one holds the token, and the body
        # (which does) is dropped before anything is raised here.
        headers, lifetime, problem = _read_token(content)
        del content
        if headers is None:
            raise APIResponseValidationError(
                f"The OAuth token response {problem}.",
                status_code=status,
                request_id=request_id,
                body_excerpt="<token response withheld>",
            )
        self._refresh_at = started + max(0.0, min(lifetime - self._margin, lifetime * 0.9))
        self._headers = headers

    async def issue(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        http_timeout: httpx.Timeout,
        scopes: Sequence[str],
    ) -> tuple[bytes, int, str | None]:
        """A new token for ``scopes`` (all scopes when empty), apart from the one this object
        keeps for the client's calls: the body of the answer, its status and request id.
        What ``OauthApi.get_access_token`` returns to a caller who asked for a token."""
        return await self._request(http, base_url, http_timeout, scopes)

    async def _request(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        http_timeout: httpx.Timeout,
        scopes: Sequence[str],
    ) -> tuple[bytes, int, str | None]:
        form = {"grant_type": "client_credentials"}
        if scopes:
            form["scope"] = " ".join(scopes)
        self.token_requests += 1
        bound = attempt_bound(http_timeout)
        try:
            with anyio.fail_after(bound):
                async with http.stream(
                    "POST",
                    f"{base_url}/oauth/token",
                    data=form,
                    auth=_basic_auth(self.client_id, self._secret),
                    headers={"Accept": "application/json", "Accept-Encoding": "identity"},
                    timeout=http_timeout,
                    follow_redirects=False,
                ) as response:
                    # A token is a few hundred bytes: the cap any response has is plenty.
                    content = await read_capped(response, BASE_RESPONSE_LIMIT)
        except ResponseTooLarge:
            raise APIResponseValidationError(
                "The OAuth token response is larger than any token response can be.",
                status_code=200,
                request_id=None,
                body_excerpt="<token response withheld>",
            ) from None
        except (httpx.TimeoutException, TimeoutError) as exc:
            raise APITimeoutError("Timed out fetching an OAuth access token.") from scrubbed(exc)
        except httpx.TransportError as exc:
            raise APIConnectionError(
                f"Could not fetch an OAuth access token: {type(exc).__name__}."
            ) from scrubbed(exc)
        if not response.is_success:
            try:
                body: object = loads(content)
            except ValueError:
                body = content[:4096].decode("utf-8", "replace")
            raise _error_from_response(response.status_code, response.headers, body)
        return content, response.status_code, response.headers.get("x-request-id")


def _basic_auth(client_id: str, secret: Secret) -> httpx.BasicAuth:
    # Revealed in a frame of its own that returns at once: the caller's locals hold only
    # the BasicAuth object, whose repr shows nothing.
    return httpx.BasicAuth(client_id, secret.reveal())


def _read_token(content: bytes) -> tuple[HeaderSet | None, float, str]:
    """The bearer headers and lifetime in a token response, or why there are none."""
    try:
        body = loads(content)
    except ValueError:
        return None, 0.0, "is not JSON"
    token = body.get("access_token") if isinstance(body, dict) else None
    expires_in = body.get("expires_in") if isinstance(body, dict) else None
    if not isinstance(token, str) or not isinstance(expires_in, (int, float)):
        return None, 0.0, "has no access_token/expires_in"
    problem = header_value_problem(token)
    if problem is not None:
        return None, 0.0, f"has an access_token that {problem}"
    return HeaderSet({"Authorization": f"Bearer {token}"}), float(expires_in), ""
