"""``AsyncSmsClient``: its settings, its namespaces, batches, and closing.

The endpoints are the namespaces' (``smscx/api/``, one module per vendor API class, listed
in ``api/_registry.py``); the seed's six SMS methods are offered on the client itself as
well. Building, sending, retrying and parsing are the pipeline's (``_pipeline.py``).
"""

from __future__ import annotations

import contextlib
import ipaddress
import math
import os
import ssl
import uuid
import warnings
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from types import TracebackType
from typing import Any, Literal, TypeVar

import attrs
import httpx

from ._auth import AccessToken, ApiKey, ClientCredentials, Credentials, check_credential
from ._migration import migration_hints
from ._pipeline import CallOptions, Pipeline
from ._ratelimit_store import STORE_ENV, gate_for
from ._retry import RetryPolicy
from ._spend import read_cap
from ._telemetry import log_from_env, pipeline_type
from ._transport import AutoTransport, check_transport, resolve_proxy
from ._version import __version__
from .api._namespace import keywords, on_client
from .api._registry import Attached
from .api.account import AccountApi
from .api.applications import ApplicationsApi
from .api.attachments import AttachmentsApi
from .api.conversations import ConversationsApi
from .api.groups import GroupsApi
from .api.multichannel import MultichannelApi
from .api.numbers import NumbersApi
from .api.oauth import OauthApi
from .api.optouts import OptoutsApi
from .api.originators import OriginatorsApi
from .api.otp import OtpApi
from .api.reports import ReportsApi
from .api.shortlinks import ShortlinksApi
from .api.sms import SmsApi
from .api.templates import TemplatesApi
from .api.viber import ViberApi
from .api.whatsapp import WhatsappApi
from .bulk import (
    DEFAULT_CONCURRENCY,
    BulkProgress,
    BulkReport,
    Duplicates,
    Message,
    bulk_requests,
    check_batch_options,
    message_requests,
    run_batch,
)
from .errors import ConfigurationError
from .journal import (
    DeliverySummary,
    FilledRecipient,
    Journal,
    SqliteJournal,
)
from .models import (
    Alphabet,
    Transliteration,
)

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_TIMEOUT", "AsyncSmsClient"]

DEFAULT_BASE_URL = "https://api.sms.cx"
#: A 25,000-number send takes the server a while to answer; connecting should not.
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
DEFAULT_MAX_CONCURRENCY = 64

ClientT = TypeVar("ClientT", bound="AsyncSmsClient")

# SMSCX_LOG=debug|info: the smscx logger prints to stderr, with no code (as OPENAI_LOG does).
log_from_env()
_UNSET: Any = object()


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _checked_base_url(base_url: object) -> str:
    if not isinstance(base_url, str):
        raise ConfigurationError(f"base_url must be a str, got {type(base_url).__name__}.")
    try:
        url = httpx.URL(base_url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise ConfigurationError(f"base_url is not a URL: {base_url!r:.80}") from exc
    if url.userinfo:
        # A password here would show in repr(client), logs and errors; credentials go in
        # api_key/access_token/client_secret, and a proxy's in proxy=.
        raise ConfigurationError(
            "base_url must not hold a user name or password (user:pass@): pass the API's "
            "credentials as api_key=, access_token= or client_id=/client_secret=."
        )
    shown = str(url)
    if "?" in base_url or "#" in base_url:
        # Paths are appended to base_url: after a query or fragment they would land in it.
        raise ConfigurationError(
            f"base_url must not have a query or fragment ('?' or '#'), got {shown!r:.80}."
        )
    if url.scheme == "https" and url.host:
        pass
    elif url.scheme == "http" and _is_loopback(url.host):
        pass  # a local emulator
    else:
        raise ConfigurationError(
            f"base_url must be https:// (http:// only for a loopback host), got {shown!r:.80}"
        )
    return shown.rstrip("/")


def _credential_from_env(name: str) -> str | None:
    value = os.environ.get(name)
    if not value:
        return None
    # Checked here to name the variable in the error; ApiKey & co check again, harmlessly.
    return check_credential(name, value)


def _credentials(
    api_key: str | None,
    access_token: str | None,
    client_id: str | None,
    client_secret: str | None,
    scopes: Sequence[str] | str | None,
) -> Credentials:
    given = [
        name
        for name, v in (
            ("api_key", api_key),
            ("access_token", access_token),
            ("client_id", client_id),
        )
        if v is not None
    ]
    if len(given) > 1:
        raise ConfigurationError(f"Give one credential, not several: {', '.join(given)}.")
    if not given:
        api_key = _credential_from_env("SMSCX_API_KEY")
        access_token = None if api_key else _credential_from_env("SMSCX_ACCESS_TOKEN")
        if not (api_key or access_token):
            client_id = _credential_from_env("SMSCX_CLIENT_ID")
            if client_id and client_secret is None:
                client_secret = _credential_from_env("SMSCX_CLIENT_SECRET")
    if api_key is not None:
        return ApiKey(api_key)
    if access_token is not None:
        return AccessToken(access_token)
    if client_id is not None:
        if client_secret is None:
            raise ConfigurationError("client_id needs client_secret (or SMSCX_CLIENT_SECRET).")
        return ClientCredentials(client_id, client_secret, scopes)
    raise ConfigurationError(
        "No credentials: pass api_key=, access_token= or client_id= and client_secret=, or "
        "set SMSCX_API_KEY, SMSCX_ACCESS_TOKEN or SMSCX_CLIENT_ID/SMSCX_CLIENT_SECRET."
    )


class AsyncSmsClient:
    """The SMS.CX API from asyncio or trio.

    ::

        async with AsyncSmsClient(api_key="...") as client:
            result = await client.send_sms(to=["+33612345678"], from_="InfoText", text="Hi")

    Credentials, in order: ``api_key`` (``X-API-KEY``), ``access_token`` (bearer), or OAuth
    ``client_id``/``client_secret``/``scopes``; when none is given, the environment's
    ``SMSCX_API_KEY``, ``SMSCX_ACCESS_TOKEN``, ``SMSCX_CLIENT_ID``/``SMSCX_CLIENT_SECRET``.
    Credentials are used exactly as given (nothing is stripped). Every setting is checked
    here, before any request: a bad one is a ``ConfigurationError``. A client belongs to
    the event loop that first uses it; close it with ``aclose()`` or ``async with``.
    Building one sends nothing and is not charged.

    :param api_key: An API key, sent as ``X-API-KEY``. One credential at most.
    :param access_token: An access token obtained elsewhere, sent as ``Authorization:
        Bearer``; smscx does not renew it.
    :param client_id: An OAuth application's client id, with ``client_secret``: smscx
        fetches access tokens (client credentials grant) and renews each before it expires.
    :param client_secret: The OAuth application's secret, with ``client_id`` (default:
        ``SMSCX_CLIENT_SECRET``).
    :param scopes: The OAuth scopes to ask for: a list, or one space-separated string
        (default: none named).
    :param base_url: Where the API is (default: ``SMSCX_BASE_URL``, else
        ``https://api.sms.cx``). https, or http for a loopback host (an emulator); no user
        name, password, query or fragment.
    :param timeout: Bounds each attempt: each phase and the attempt as a whole, in seconds
        or as an ``httpx.Timeout`` (default: 60 s, 10 s to connect).
    :param deadline: Bounds the whole call across attempts and the waits between them, in
        seconds (default: none).
    :param max_retries: Retries after the first attempt (``0``: none; default: the
        ``retry_policy``'s, 2); the ``retry_policy`` sets the rest.
    :param retry_policy: A :class:`~smscx.RetryPolicy`: what is retried, the backoff, the
        longest wait a rate limit may impose.
    :param max_concurrency: The most requests in flight, and connections kept (default 64);
        calls beyond wait their turn.
    :param max_response_size: The largest response body a call accepts, in bytes
        (default: sized from each request).
    :param verify: TLS verification: ``True``, an ``ssl.SSLContext``, or a CA bundle's
        path.
    :param proxy: An http(s) proxy URL for every request.
    :param trust_env: Honour ``HTTPS_PROXY``/``HTTP_PROXY``/``ALL_PROXY``/``NO_PROXY`` and
        ``SSL_CERT_FILE``/``SSL_CERT_DIR`` (the default), the same on every transport.
    :param transport: The HTTP engine: ``"auto"`` (the same as ``"native"``) is smscx's
        own, on asyncio and trio alike; ``"httpx"`` is httpx's own transport, used as your
        own ``http_client`` would be (the fallback).
    :param http_client: Your own ``httpx.AsyncClient``, yours to close; ``verify``,
        ``proxy`` and ``trust_env`` do not apply to it.
    :param rate_limit_store: Share the account's rate limit with every client using the same
        store: a Redis URL (``redis://host:6379/0``) or a ``redis.Redis`` client (default:
        ``SMSCX_RATE_LIMIT_STORE``, else this client's own view). Needs ``smscx-async[redis]``;
        a store that does not answer never stops a send (see docs/scaling.md).
    :raises ConfigurationError: Before any request, a setting that cannot work: no
        credential or several, one that cannot be an HTTP header value (a trailing
        newline, a non-ASCII character), ``client_id`` without a secret, an unsafe or
        malformed ``base_url``, a timeout, deadline or size that is not positive, an
        unknown ``transport``, a ``proxy`` with ``http_client``, a ``rate_limit_store`` that
        is neither a Redis URL nor a Redis client (or redis-py missing).
    """

    def __init__(
        self,
        api_key: str | None = None,
        access_token: str | None = None,
        *,
        client_id: str | None = None,
        client_secret: str | None = None,
        scopes: Sequence[str] | str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        max_response_size: int | None = None,
        verify: bool | str | ssl.SSLContext = True,
        proxy: str | httpx.URL | None = None,
        trust_env: bool = True,
        transport: Literal["auto", "native", "httpx"] = "auto",
        http_client: httpx.AsyncClient | None = None,
        rate_limit_store: str | Any | None = None,
    ) -> None:
        refused: str | None = None
        try:
            credentials = _credentials(api_key, access_token, client_id, client_secret, scopes)
        except ConfigurationError as exc:
            refused = exc.message
        finally:
            # Out of this frame's locals: a traceback printed with its locals (pytest
            # --showlocals, rich) shows every frame it passes through, this one included.
            del api_key, access_token, client_id, client_secret
        if refused is not None:
            # Raised afresh from here: the frames below, whose arguments were the secret,
            # are not part of it.
            raise ConfigurationError(refused) from None
        url = _checked_base_url(base_url or os.environ.get("SMSCX_BASE_URL") or DEFAULT_BASE_URL)
        if isinstance(max_concurrency, bool) or not isinstance(max_concurrency, int):
            raise ConfigurationError(
                f"max_concurrency must be a whole number, got {max_concurrency!r:.40}."
            )
        if max_concurrency < 1:
            raise ConfigurationError("max_concurrency must be at least 1.")
        check_transport(transport)
        store = rate_limit_store if rate_limit_store is not None else os.environ.get(STORE_ENV)
        gate = gate_for(store, url, credentials.identity) if store else None
        options = _call_options(
            CallOptions(timeout=DEFAULT_TIMEOUT, retry=RetryPolicy()),
            timeout=timeout,
            deadline=deadline,
            max_retries=max_retries,
            retry_policy=retry_policy,
            max_response_size=max_response_size,
        )
        owns_http = http_client is None
        auto: AutoTransport | None = None
        if http_client is None:
            auto = AutoTransport(
                verify=verify,
                proxy=resolve_proxy(url, proxy, trust_env=trust_env),
                trust_env=trust_env,
                limits=httpx.Limits(
                    max_connections=max_concurrency,
                    max_keepalive_connections=max_concurrency,
                ),
                prefer=transport,
            )
            http_client = httpx.AsyncClient(transport=auto, follow_redirects=False, trust_env=False)
        elif proxy is not None:
            raise ConfigurationError(
                "proxy= does not apply to your own http_client: configure the proxy on it."
            )
        # Traced (a span per call, metrics) when the OpenTelemetry API is installed.
        self._pipeline = pipeline_type()(
            http=http_client,
            base_url=url,
            credentials=credentials,
            max_concurrency=max_concurrency,
            user_agent=f"smscx-python/{__version__}",
            auto=auto,
            owns_http=owns_http,
            gate=gate,
        )
        self._options = options
        self._is_copy = False
        self._pid = os.getpid()

    # --- configuration ------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """Where requests go."""
        return self._pipeline.base_url

    @property
    def retry_policy(self) -> RetryPolicy:
        """The retry policy of this client (or copy)."""
        return self._options.retry

    @property
    def timeout(self) -> httpx.Timeout:
        """The per-attempt timeout of this client (or copy)."""
        return self._options.timeout

    @property
    def deadline(self) -> float | None:
        """The total time a call may take across attempts, or ``None``."""
        return self._options.deadline

    @property
    def max_response_size(self) -> int | None:
        """The largest response body a call accepts, in bytes; ``None``: sized per request."""
        return self._options.max_response_size

    @property
    def is_closed(self) -> bool:
        """Whether :meth:`aclose` was called (on this client or the one it was copied from)."""
        return self._pipeline.closed

    def with_options(
        self: ClientT,
        *,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = _UNSET,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        max_response_size: int | None = _UNSET,
    ) -> ClientT:
        """A light copy with other per-call settings, sharing this client's connections.

        ::

            await client.with_options(timeout=5, max_retries=0).estimate_sms(...)

        Settings are checked here, as in the constructor. Closing the copy does nothing;
        close the original, which closes the copies too. **Not charged**: no request.

        :param timeout: Bounds each attempt, in seconds or as an ``httpx.Timeout``
            (``None``: this client's).
        :param deadline: Bounds each call across attempts and waits, in seconds; ``None``
            takes the bound off (left out: this client's).
        :param max_retries: Retries after the first attempt (``None``: this client's).
        :param retry_policy: A :class:`~smscx.RetryPolicy` (``None``: this client's);
            ``max_retries``, when given too, replaces its count.
        :param max_response_size: The largest response body accepted, in bytes; ``None``
            sizes it from each request (left out: this client's).
        :returns: A client of the same type, sharing this one's connections and limits.
        :raises ConfigurationError: A setting that cannot work, as in the constructor.
        """
        options = _call_options(
            self._options,
            timeout=timeout,
            deadline=deadline,
            max_retries=max_retries,
            retry_policy=retry_policy,
            max_response_size=max_response_size,
        )
        copy = object.__new__(type(self))
        copy._pipeline = self._pipeline
        copy._is_copy = True
        copy._options = options
        copy._pid = self._pid
        return copy

    def __repr__(self) -> str:
        pipeline: Pipeline | None = getattr(self, "_pipeline", None)
        if pipeline is None:
            return f"{type(self).__name__}(<not built>)"
        return (
            f"{type(self).__name__}(base_url={pipeline.base_url!r}, auth={pipeline.credentials!r})"
        )

    async def aclose(self) -> None:
        """Close the client: end the calls in flight, then close the connections.

        Every call still running (on this client or a ``with_options`` copy) ends with
        :class:`~smscx.ClientClosedError`, whose ``maybe_sent`` and ``idempotency_id`` say
        whether its request may have reached the server; no attempt starts once closing has
        begun, and every later call raises ``ClientClosedError`` before any I/O. The
        connections are closed once those calls have unwound, unless ``http_client`` was
        passed in (yours to close). Idempotent; on a copy, it does nothing.
        **Not charged**: no request.

        :raises WrongEventLoopError: Called from another event loop than the client's
            while that one still runs (close it there); once that loop has ended, its
            connections are closed without it and nothing is raised.
        """
        if not self._is_copy:
            await self._pipeline.aclose()

    def __del__(self) -> None:
        # One warning that says how to close it, and what can be closed without an event
        # loop is closed (the sockets), so that no "unclosed socket" or "unclosed transport"
        # warning of the standard library's follows it.
        pipeline: Pipeline | None = getattr(self, "_pipeline", None)
        if (
            pipeline is None  # __init__ failed
            or getattr(self, "_is_copy", True)
            or not pipeline.owns_http
            or pipeline.closed
            or not pipeline.used
            or self._pid != os.getpid()  # a forked child's copy: the parent's to close
        ):
            return
        with contextlib.suppress(Exception):  # a loop already gone, interpreter shutdown
            pipeline.abandon()
        warnings.warn(
            f"{type(self).__name__} was never closed: use `async with "
            f"{type(self).__name__}(...) as client:` or `await client.aclose()`.",
            ResourceWarning,
            stacklevel=2,
            source=self,
        )

    async def __aenter__(self: ClientT) -> ClientT:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # --- the namespaces: the vendor's API classes (one line each; see api/_registry.py) --

    sms = Attached(SmsApi)
    """Sending, estimating and deleting scheduled SMS (the vendor's ``SmsApi``)."""
    reports = Attached(ReportsApi)
    """Delivery reports, campaigns and exports (the vendor's ``ReportsApi``)."""
    account = Attached(AccountApi)
    """The account's balance, prices and channels (the vendor's ``AccountApi``)."""
    numbers = Attached(NumbersApi)
    """Phone number validation and lookup (the vendor's ``NumbersApi``)."""
    otp = Attached(OtpApi)
    """One-time passwords by SMS (the vendor's ``OtpApi``)."""
    optouts = Attached(OptoutsApi)
    """The contacts that opted out (the vendor's ``OptoutsApi``)."""
    groups = Attached(GroupsApi)
    """The contact groups campaigns send to (the vendor's ``GroupsApi``)."""
    originators = Attached(OriginatorsApi)
    """The account's sender ids (the vendor's ``OriginatorsApi``)."""
    templates = Attached(TemplatesApi)
    """Viber and WhatsApp templates (the vendor's ``TemplatesApi``)."""
    viber = Attached(ViberApi)
    """Viber messages and campaigns (the vendor's ``ViberApi``)."""
    whatsapp = Attached(WhatsappApi)
    """WhatsApp messages (the vendor's ``WhatsappApi``)."""
    multichannel = Attached(MultichannelApi)
    """One message over several channels (the vendor's ``MultichannelApi``)."""
    shortlinks = Attached(ShortlinksApi)
    """Tracked short links (the vendor's ``ShortlinksApi``)."""
    attachments = Attached(AttachmentsApi)
    """Tracked files (the vendor's ``AttachmentsApi``)."""
    conversations = Attached(ConversationsApi)
    """Two-way threads (the vendor's ``ConversationsApi``)."""
    applications = Attached(ApplicationsApi)
    """The OAuth applications (the vendor's ``ApplicationsApi``)."""
    oauth = Attached(OauthApi)
    """The token exchange (the vendor's ``OauthApi``)."""

    # --- the seed's six methods, on the client itself: client.send_sms is client.sms's ----

    send_sms = on_client(SmsApi.send_sms, "sms")
    """Send one text to up to 25,000 numbers (charged, idempotent): :meth:`SmsApi.send_sms`."""
    estimate_sms = on_client(SmsApi.estimate_sms, "sms")
    """What :meth:`send_sms` would cost, charging nothing: :meth:`SmsApi.estimate_sms`."""
    send_sms_campaign = on_client(SmsApi.send_sms_campaign, "sms")
    """Send a text to contact groups (charged, idempotent): :meth:`SmsApi.send_sms_campaign`."""
    estimate_sms_campaign = on_client(SmsApi.estimate_sms_campaign, "sms")
    """What a campaign would cost, charging nothing: :meth:`SmsApi.estimate_sms_campaign`."""
    delete_scheduled_sms = on_client(SmsApi.delete_scheduled_sms, "sms")
    """Delete a scheduled message, refunding it: :meth:`SmsApi.delete_scheduled_sms`."""
    delete_scheduled_sms_campaign = on_client(SmsApi.delete_scheduled_sms_campaign, "sms")
    """Delete what is still scheduled of a campaign, refunding it:
    :meth:`SmsApi.delete_scheduled_sms_campaign`."""

    # --- batches --------------------------------------------------------------------------

    @migration_hints
    async def send_bulk(
        self,
        to: Iterable[str] | AsyncIterable[str],
        *,
        text: str,
        from_: str,
        batch_id: str | None = None,
        chunk_size: int = 25_000,
        concurrency: int = DEFAULT_CONCURRENCY,
        fail_fast: bool = False,
        keep_results: bool = True,
        on_progress: Callable[[BulkProgress], object] | None = None,
        journal: Journal | str | os.PathLike[str] | None = None,
        dedupe: bool = True,
        max_cost: Decimal | int | float | str | None = None,
        country_iso: str | None = None,
        allow_invalid: bool | None = None,
        scheduled_date: datetime | None = None,
        is_utc: bool | None = None,
        dlr_callback_url: str | None = None,
        track_data: str | None = None,
        short_response: bool | None = None,
        no_text_details: bool | None = None,
        transliteration: Transliteration | Alphabet | str | None = None,
    ) -> BulkReport:
        """Send one text to any number of recipients, ``chunk_size`` numbers per request.

        Recipients are read lazily; at most ``concurrency`` requests are in flight. Each
        request's idempotency id derives from ``batch_id`` (generated when not given; see
        ``report.batch_id``) and its chunk number, so running the same batch again with the
        same ``batch_id`` and order sends only what is missing. A failing request does not
        stop the others unless ``fail_fast``; every failure is in ``report.failures``.
        ``on_progress`` is called after each request. With ``keep_results=False`` only
        totals and failures are kept (flat memory for very large batches).

        ``journal`` (a path: an SQLite journal there; or a :class:`~smscx.journal.Journal`)
        records every request's outcome, so that a resumed run sends only what was not
        confirmed (``report.resumed`` counts what it took from the journal) and can follow
        every message to delivery (:meth:`delivery_status`). See :mod:`smscx.journal`.

        A number that repeats an earlier one (compared by its digits, as the API reads it)
        is left out, so that nobody gets (and you pay for) the text twice;
        ``report.duplicates_removed`` counts them. ``dedupe=False`` sends every number as
        given. An error of the account (:class:`~smscx.AuthenticationError`,
        :class:`~smscx.InsufficientCreditError`) stops the batch as ``fail_fast`` would:
        every later request would meet it too (``report.stopped_by``).

        **Charged**, as :meth:`send_sms` is, request by request; each request is
        idempotent, so a rerun of the batch bills nothing twice. A request that fails is
        not raised: it is in ``report.failures``, with its error.

        :param to: The recipients, read lazily (an iterable or an async iterable of
            numbers): international (E.164), or national with ``country_iso``.
        :param text: The message, the same for every recipient (see :meth:`send_sms`).
        :param from_: The sender id (originator), 3 to 15 characters.
        :param batch_id: Names the batch: every request's idempotency id derives from it
            and the request's position (default: a new UUID, ``report.batch_id``). Run the
            same ``batch_id`` with the same input again to send only what is missing.
        :param chunk_size: Numbers per request, 1 to 25,000 (default 25,000). Keep it when
            resuming: another size makes other requests (a journal refuses it).
        :param concurrency: The most requests in flight at once (default 8).
        :param fail_fast: ``True``: stop starting requests after the first failure.
        :param keep_results: ``False``: keep only totals and failures (flat memory for
            very large batches), not every recipient's result.
        :param on_progress: Called with a :class:`~smscx.bulk.BulkProgress` after each
            request.
        :param journal: A path (an SQLite journal there) or a
            :class:`~smscx.journal.Journal`: records each request's outcome, so that a
            resumed run sends only what was not confirmed (default: none).
        :param dedupe: ``False``: send every number as given, repeats included (default:
            repeats are left out and counted in ``report.duplicates_removed``).
        :param max_cost: A spend cap for the whole batch: a :class:`~decimal.Decimal` (or a
            number or its text), at least 0. Each request is estimated first (one estimate
            call per request, not charged); the first whose estimate would take the batch's
            total (billed, in flight and journaled) past the cap is not sent, nor is any
            after it: each is in ``report.failures`` with the
            :class:`~smscx.SpendLimitError` (``report.stopped_by``). Resume with a higher
            cap to send only those.
        :param country_iso: The two-letter ISO 3166 country of the numbers given in
            national format; ignored for international ones.
        :param allow_invalid: ``True``: a request with invalid numbers sends to the valid
            ones; ``report.invalid`` lists the others (API default: ``False``, the request
            fails).
        :param scheduled_date: Send later, at this time, as for :meth:`send_sms`.
        :param is_utc: ``False``: ``scheduled_date`` is a naive wall-clock time in each
            destination's timezone (API default: ``True``, UTC).
        :param dlr_callback_url: An absolute http(s) URL the API POSTs delivery reports to.
        :param track_data: Your reference, a UUID (v1 to v5), echoed in every delivery
            report, as for :meth:`send_sms`.
        :param short_response: ``True``: answers without an entry per recipient (less to
            read; :meth:`delivery_status` then reads the recipients from the reports once).
        :param no_text_details: ``True``: the recipients' entries leave out ``text`` and
            ``text_analysis``.
        :param transliteration: A :class:`~smscx.models.Transliteration`, or only its
            alphabet, as for :meth:`send_sms`.
        :returns: The :class:`~smscx.bulk.BulkReport`: totals, the exact cost, every
            failure (``failures``, ``unsent()``), and every result unless
            ``keep_results=False``.
        :raises ValueError: Before anything is sent: ``concurrency`` below 1, or
            ``chunk_size`` not within 1 to 25,000.
        :raises ValidationError: Before anything is sent: a ``max_cost`` that is not an
            amount of at least 0.
        :raises JournalMismatchError: Before anything is sent: the journal has this
            ``batch_id`` with other content (another text, other numbers at a position,
            another chunk size, fewer requests) or sent to another API or account.
        :raises sqlite3.Error: The SQLite journal could not be opened, or could not record
            an outcome (a full disk): no request starts after it, and the batch can be
            resumed. Another journal raises its own errors.
        """
        options = keywords(locals())
        for name in ("to", "batch_id", "chunk_size", "concurrency", "fail_fast",
                     "keep_results", "on_progress", "journal", "dedupe", "max_cost"):  # fmt: skip
            options.pop(name, None)
        check_batch_options(concurrency=concurrency, chunk_size=chunk_size)
        cap = read_cap(max_cost)
        batch = _batch_id(batch_id)
        duplicates = Duplicates() if dedupe else None
        async with _opened(journal) as opened:
            report = await run_batch(
                self,
                bulk_requests(
                    to, batch_id=batch, chunk_size=chunk_size, fields=options, duplicates=duplicates
                ),
                batch_id=batch,
                concurrency=concurrency,
                fail_fast=fail_fast,
                keep_results=keep_results,
                on_progress=on_progress,
                journal=opened,
                kind="chunk",
                chunk_size=chunk_size,
                max_cost=cap,
            )
        report.duplicates_removed = 0 if duplicates is None else duplicates.removed
        return report

    @migration_hints
    async def send_many(
        self,
        messages: Iterable[Message] | AsyncIterable[Message],
        *,
        from_: str | None = None,
        batch_id: str | None = None,
        concurrency: int = DEFAULT_CONCURRENCY,
        fail_fast: bool = False,
        keep_results: bool = True,
        on_progress: Callable[[BulkProgress], object] | None = None,
        journal: Journal | str | os.PathLike[str] | None = None,
        max_cost: Decimal | int | float | str | None = None,
    ) -> BulkReport:
        """Send many different messages, one request each, streamed from ``messages``.

        ``from_`` is the sender for messages that do not name one. Idempotency ids derive
        from ``batch_id`` and each message's position, as for :meth:`send_bulk`; so does
        the ``journal``.

        **Charged**, as :meth:`send_sms` is, message by message; each request is
        idempotent, so a rerun of the batch bills nothing twice. A request that fails is
        not raised: it is in ``report.failures``, with its error.

        :param messages: The messages, read lazily (an iterable or an async iterable of
            :class:`~smscx.bulk.Message`: recipients, text and options of each).
        :param from_: The sender id for the messages that name none, 3 to 15 characters.
        :param batch_id: Names the batch: each message's idempotency id derives from it and
            the message's position (default: a new UUID, ``report.batch_id``). Run the same
            ``batch_id`` with the same messages again to send only what is missing.
        :param concurrency: The most requests in flight at once (default 8).
        :param fail_fast: ``True``: stop starting requests after the first failure.
        :param keep_results: ``False``: keep only totals and failures, not every
            recipient's result.
        :param on_progress: Called with a :class:`~smscx.bulk.BulkProgress` after each
            request.
        :param journal: A path (an SQLite journal there) or a
            :class:`~smscx.journal.Journal`, as for :meth:`send_bulk`.
        :param max_cost: A spend cap for the whole batch, as for :meth:`send_bulk`: one
            estimate call per message (not charged); the first message that would take the
            batch past it is not sent, nor is any after it.
        :returns: The :class:`~smscx.bulk.BulkReport`: totals, the exact cost, every
            failure, and every result unless ``keep_results=False``.
        :raises ValueError: Before anything is sent: ``concurrency`` below 1.
        :raises ValidationError: Before anything is sent: a ``max_cost`` that is not an
            amount of at least 0.
        :raises JournalMismatchError: Before anything is sent: the journal has this
            ``batch_id`` with other content, or sent to another API or account.
        :raises sqlite3.Error: The SQLite journal could not be opened, or could not record
            an outcome: no request starts after it, and the batch can be resumed.
        """
        check_batch_options(concurrency=concurrency)
        cap = read_cap(max_cost)
        batch = _batch_id(batch_id)
        async with _opened(journal) as opened:
            return await run_batch(
                self,
                message_requests(messages, batch_id=batch, from_=from_),
                batch_id=batch,
                concurrency=concurrency,
                fail_fast=fail_fast,
                keep_results=keep_results,
                on_progress=on_progress,
                journal=opened,
                kind="message",
                max_cost=cap,
            )

    async def delivery_status(
        self, batch_id: str, *, journal: Journal | str | os.PathLike[str]
    ) -> DeliverySummary:
        """Bring a journaled batch's recipients up to date from the reports API, and count
        them: ``.delivered``, ``.failed`` (with ``.failures``: who and why), ``.pending``,
        and ``.total_cost`` (``.total_cost_exact``: the exact sum, a ``Decimal``).

        A batch of a few requests (``send_bulk``'s chunks) is read campaign by campaign, each
        campaign report page by page (500 a page). A batch of many (``send_many``: one
        campaign per message) is read from the advanced report of the days it was sent,
        500 messages a page, instead of a call per message. Delivery reports the application
        received meanwhile can be fed to the journal with
        :meth:`~smscx.journal.Journal.record_dlr`, which makes this cheaper to run often.
        Messages the reports do not (yet) show stay as the journal had them; a report never
        undoes a final status, nor replaces a newer one (see :mod:`smscx.journal`). When every
        recipient already has a final status (a receiver given ``journal=`` recorded the
        callbacks, see :func:`smscx.webhooks.asgi_app`), no report is read at all.

        Requests sent with ``short_response=True`` answered without their recipients: the
        first call reads each one's campaign report in full to learn them (one more listing
        per such request, once). **Not charged**: it only reads reports.

        :param batch_id: The batch, as ``send_bulk`` or ``send_many`` had it
            (``report.batch_id``).
        :param journal: The batch's journal: the path given to ``journal=`` (an SQLite
            journal), or the :class:`~smscx.journal.Journal` itself.
        :returns: The :class:`~smscx.journal.DeliverySummary`: ``delivered``, ``failed``
            (``failures``: who and why), ``pending`` and ``total_cost``
            (``total_cost_exact``: exact).
        :raises JournalNotFoundError: The journal file does not exist or does not have
            ``batch_id`` (nothing is created).
        :raises APIStatusError: An error answer of the report routes
            (:class:`~smscx.AuthenticationError`, :class:`~smscx.RateLimitError`,
            :class:`~smscx.ServerError` once the retries are spent, ...).
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        async with _opened(journal) as opened:
            assert opened is not None
            await opened.check_batch(batch_id)
            unfilled = await opened.unfilled(batch_id)
            if not unfilled:
                known = await opened.summary(batch_id)
                if known.pending == 0:
                    # Every recipient has its final status (a receiver with journal= recorded
                    # the callbacks as they came): there is nothing the reports could change.
                    return known
            # Requests sent with short_response=True: their answer listed no recipients, so
            # the first reading takes them (numbers, costs, statuses) from their campaign.
            filled = set()
            for position, campaign_id in unfilled:
                filled.add(campaign_id)
                found: list[FilledRecipient] = []
                async for m in self.reports.get_campaign_report(campaign_id, limit=500):
                    found.append((m.msg_id, m.to, m.status, m.error_code, m.cost, m.updated_at))
                await opened.fill(batch_id, position, found)
            campaigns = await opened.campaign_ids(batch_id)
            days = await opened.sent_dates(batch_id)
            if len(campaigns) > CAMPAIGN_REPORTS_UP_TO and days is not None:
                # The API's day may be the next or the previous one at midnight: a day more.
                first = date.fromisoformat(days[0]) - timedelta(days=1)
                last = date.fromisoformat(days[1]) + timedelta(days=1)
                pages = [
                    self.reports.get_advanced_report(start_date=first, end_date=last, limit=500)
                ]
            else:
                pages = [
                    self.reports.get_campaign_report(campaign_id, limit=500)
                    for campaign_id in campaigns
                    if campaign_id not in filled  # read just now
                ]
            for paginator in pages:
                page = await paginator
                while True:
                    await opened.update_statuses(
                        batch_id,
                        ((m.msg_id, m.status, m.error_code, m.updated_at) for m in page.data),
                    )
                    following = await page.next_page()
                    if following is None:
                        break
                    page = following
            return await opened.summary(batch_id)


@contextlib.asynccontextmanager
async def _opened(
    journal: Journal | str | os.PathLike[str] | None,
) -> AsyncIterator[Journal | None]:
    """The journal a batch was given: a path is opened (and closed after) as SQLite."""
    if journal is None or isinstance(journal, Journal):
        yield journal
        return
    opened = SqliteJournal(journal)
    try:
        yield opened
    finally:
        await opened.aclose()


#: Up to this many requests, a batch's delivery is read campaign by campaign; beyond, from
#: the advanced report of the days it was sent.
CAMPAIGN_REPORTS_UP_TO = 20


def _batch_id(batch_id: str | None) -> str:
    return batch_id if batch_id is not None else str(uuid.uuid4())


def _positive_seconds(name: str, value: object) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value <= 0
    ):
        raise ConfigurationError(
            f"{name} must be a positive, finite number of seconds, got {value!r:.40}."
        )
    return float(value)


def _checked_timeout(value: object) -> httpx.Timeout:
    if isinstance(value, httpx.Timeout):
        for phase, seconds in value.as_dict().items():
            if seconds is not None:
                _positive_seconds(f"timeout's {phase}", seconds)
        return value
    return httpx.Timeout(_positive_seconds("timeout", value))


def _call_options(
    base: CallOptions,
    *,
    timeout: object,
    deadline: object,
    max_retries: object,
    retry_policy: object,
    max_response_size: object,
) -> CallOptions:
    """``base`` with the given settings (``None``/unset: keep), each checked."""
    if retry_policy is not None and not isinstance(retry_policy, RetryPolicy):
        raise ConfigurationError(
            f"retry_policy must be a RetryPolicy, got {type(retry_policy).__name__}."
        )
    policy = retry_policy or base.retry
    if max_retries is not None:
        policy = attrs.evolve(policy, max_retries=max_retries)  # type: ignore[arg-type]
    if deadline is _UNSET:
        deadline = base.deadline
    elif deadline is not None:
        deadline = _positive_seconds("deadline", deadline)
    if max_response_size is _UNSET:
        max_response_size = base.max_response_size
    elif max_response_size is not None and (
        isinstance(max_response_size, bool)
        or not isinstance(max_response_size, int)
        or max_response_size < 1
    ):
        raise ConfigurationError(
            f"max_response_size must be a positive number of bytes, got {max_response_size!r:.40}."
        )
    return CallOptions(
        timeout=base.timeout if timeout is None else _checked_timeout(timeout),
        retry=policy,
        deadline=deadline,
        max_response_size=max_response_size,
    )
