"""Who may call, and how often: API keys, OAuth client credentials, bearer tokens, rate limit.

An API request carries ``X-API-KEY`` or ``Authorization: Bearer <token>``; tokens come from
the emulator's own ``POST /oauth/token`` (HTTP Basic with an application id and secret,
``grant_type=client_credentials``) and expire after ``token_lifetime`` seconds of the
emulator's clock. Every route needs the scope of its namespace (:data:`SCOPE_OF_NAMESPACE`:
``/groups`` needs ``groups``); a token issued with scopes that do not include it is refused
(403 ``insufficient_scope``), a token without scopes may do everything, and an API key has
full access.

The rate limit is a fixed window per account (one account per emulator): ``limit``
requests per ``window`` seconds, counted from the Unix epoch so that ``X-Rate-Limit-Reset``
is a whole second.
"""

from __future__ import annotations

import base64
import binascii
import functools
import math
import secrets
import threading
from collections.abc import Callable, Collection, Mapping
from types import MappingProxyType
from urllib.parse import parse_qs

import attrs

from smscx.testing.wire.codec import dumps
from smscx.testing.wire.errors import ApiError

__all__ = [
    "OAUTH_SCOPES",
    "SCOPE_OF_NAMESPACE",
    "UNSCOPED_NAMESPACES",
    "Gatekeeper",
    "RateLimiter",
    "Token",
    "Window",
    "route_scope",
]

SCOPE_OF_NAMESPACE: Mapping[str, str] = MappingProxyType(
    {
        # The vendor's pages name the scopes only in examples ("sms groups templates
        # originators numbers reports shortlinks attachments"): each is its API class's
        # namespace, so every namespace's scope is its own name.
        "sms": "sms",
        "reports": "reports",
        "account": "account",
        "numbers": "numbers",
        "otp": "otp",
        "optouts": "optouts",
        "groups": "groups",
        "originators": "originators",
        "templates": "templates",
        "viber": "viber",
        "whatsapp": "whatsapp",
        "multichannel": "multichannel",
        "shortlinks": "shortlinks",
        "attachments": "attachments",
        "conversations": "conversations",
        "applications": "applications",
    }
)
"""The scope a token needs for each namespace's routes (by the client's attribute name)."""

UNSCOPED_NAMESPACES = frozenset({"oauth"})
"""Namespaces whose routes are answered before credentials are asked for (``POST
/oauth/token``), so no scope applies to them."""

OAUTH_SCOPES = frozenset(SCOPE_OF_NAMESPACE.values())
"""Scopes ``/oauth/token`` accepts: one per namespace of the vendor's API."""


@functools.cache
def _scopes_by_route() -> Mapping[str, str | None]:
    # Imported here: the routes' package imports the server's router, this module's sibling.
    from smscx.testing.routes import emulator_only_routes, routes_by_namespace

    found: dict[str, str | None] = {}
    for listing in (routes_by_namespace(), emulator_only_routes()):
        for namespace, routes in listing.items():
            for route in routes:
                found[route.name] = SCOPE_OF_NAMESPACE.get(namespace)
    return MappingProxyType(found)


def route_scope(route: str) -> str | None:
    """The scope a token needs for the route named ``route``; ``None`` when its namespace
    has none in :data:`SCOPE_OF_NAMESPACE` (a scoped token is then refused: the guard test
    ``test_every_namespace_has_a_scope`` keeps that from happening)."""
    return _scopes_by_route().get(route)


def _oauth_error(status: int, error_type: str, message: str) -> ApiError:
    return ApiError(1600, message, status=status, type=error_type)


@attrs.frozen(slots=True)
class Token:
    """An access token issued by ``/oauth/token``."""

    value: str
    scopes: frozenset[str]
    expires_at: float


class Gatekeeper:
    """Checks the credentials of API requests and issues OAuth access tokens (it keeps
    them: :meth:`reset` forgets them)."""

    def __init__(
        self,
        clock: Callable[[], float],
        *,
        api_keys: Collection[str],
        applications: Mapping[str, str],
        token_lifetime: int,
    ) -> None:
        self._clock = clock
        self._api_keys = frozenset(api_keys)
        self._applications = dict(applications)
        self.token_lifetime = token_lifetime
        self._lock = threading.Lock()
        self._tokens: dict[str, Token] = {}

    def reset(self) -> None:
        """Forget every token issued."""
        with self._lock:
            self._tokens.clear()

    def authenticate(self, headers: Mapping[bytes, bytes], route: str | None = None) -> None:
        """Pass, or raise the 401/403 the API answers for the route named ``route`` (the
        vendor's method name; ``None`` asks for no scope)."""
        key = headers.get(b"x-api-key")
        if key is not None:
            if key.decode("latin-1") not in self._api_keys:
                raise ApiError(401, "Invalid API key")
            return
        authorization = headers.get(b"authorization", b"").decode("latin-1")
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise ApiError(401, "Missing API key or access token")
        with self._lock:
            token = self._tokens.get(value.strip())
        if token is None or token.expires_at <= self._clock():
            raise ApiError(401, "Access token is invalid or expired")
        if not token.scopes or route is None:
            return
        needed = route_scope(route)
        if needed not in token.scopes:
            raise ApiError(
                403,
                f"The access token does not grant the {needed or 'required'} scope",
                status=403,
                type="insufficient_scope",
            )

    def issue_token(self, headers: Mapping[bytes, bytes], body: bytes) -> bytes:
        """Answer ``POST /oauth/token`` (client credentials grant) or raise its error."""
        client_id, secret = _basic(headers.get(b"authorization", b""))
        if client_id is None or self._applications.get(client_id) != secret:
            raise _oauth_error(401, "invalid_client", "Invalid application id or secret")
        try:
            form = parse_qs(body.decode(), keep_blank_values=True)
        except UnicodeDecodeError:
            form = {}
        grant = form.get("grant_type", [""])[0]
        if not grant:
            raise _oauth_error(400, "invalid_request", "The parameter grant_type is missing")
        if grant != "client_credentials":
            raise _oauth_error(
                400, "unsupported_grant_type", "Only client_credentials is supported"
            )
        scopes = form.get("scope", [""])[0].split()
        unknown = [s for s in scopes if s not in OAUTH_SCOPES]
        if unknown:
            raise _oauth_error(400, "invalid_scope", f"Unknown scope: {unknown[0]}")
        value = secrets.token_urlsafe(32)
        token = Token(value, frozenset(scopes), self._clock() + self.token_lifetime)
        with self._lock:
            self._tokens[value] = token
        return dumps(
            {
                "access_token": value,
                "token_type": "Bearer",
                "expires_in": self.token_lifetime,
                "scope": " ".join(scopes),
            }
        )


def _basic(header: bytes) -> tuple[str | None, str | None]:
    scheme, _, encoded = header.decode("latin-1").partition(" ")
    if scheme.lower() != "basic":
        return None, None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None, None
    client_id, sep, secret = decoded.partition(":")
    return (client_id, secret) if sep else (None, None)


@attrs.frozen(slots=True)
class Window:
    """Where the account stands in the current window."""

    allowed: bool
    limit: int
    remaining: int
    reset: int


class RateLimiter:
    """A fixed-window counter: ``limit`` requests per ``window`` seconds."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float]) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("rate_limit must be at least 1 and the window positive")
        self.limit = limit
        self.window = window
        self._clock = clock
        self._lock = threading.Lock()
        self._current = -1
        self._count = 0

    def hit(self) -> Window:
        """Count one request; ``allowed`` is false once the window is used up."""
        now = self._clock()
        index = math.floor(now / self.window)
        with self._lock:
            if index != self._current:
                self._current, self._count = index, 0
            allowed = self._count < self.limit
            if allowed:
                self._count += 1
            remaining = self.limit - self._count
        reset = math.ceil((index + 1) * self.window)
        return Window(allowed, self.limit, remaining, reset)

    def peek(self) -> Window:
        """The current window without counting a request (for unauthenticated answers)."""
        now = self._clock()
        index = math.floor(now / self.window)
        with self._lock:
            used = self._count if index == self._current else 0
        return Window(True, self.limit, self.limit - used, math.ceil((index + 1) * self.window))

    def reset(self) -> None:
        """Forget the current window."""
        with self._lock:
            self._current, self._count = -1, 0
