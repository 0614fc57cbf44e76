"""``AsyncSmsClient``: configuration and the six endpoint declarations.

Each endpoint method is a declaration: its keyword arguments (the request's fields) and the
:class:`~smscx._pipeline.Endpoint` it calls. Building, sending, retrying and parsing are the
pipeline's.
"""

from __future__ import annotations

import ipaddress
import os
import ssl
import uuid
from collections.abc import AsyncIterable, Callable, Iterable, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, Literal, TypeVar

import attrs
import httpx

from ._auth import AccessToken, ApiKey, ClientCredentials, Credentials
from ._pipeline import CallOptions, Endpoint, Pipeline
from ._retry import RetryPolicy
from ._transport import AutoTransport
from ._validation import build_request
from ._version import __version__
from .bulk import (
    DEFAULT_CONCURRENCY,
    BulkProgress,
    BulkReport,
    Message,
    bulk_requests,
    check_batch_options,
    message_requests,
    run_batch,
)
from .errors import ConfigurationError, ErrorCode
from .models import (
    Alphabet,
    DeleteScheduledCampaign,
    DeleteScheduledMsg,
    SendSmsCampaignRequest,
    SendSmsCampaignRequestEstimate,
    SendSmsCampaignResponse,
    SendSmsMessageRequest,
    SendSmsMessageResponse,
    SendSmsRequestEstimate,
    Transliteration,
)

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_TIMEOUT", "AsyncSmsClient"]

DEFAULT_BASE_URL = "https://api.sms.cx"
#: A 25,000-number send takes the server a while to answer; connecting should not.
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
DEFAULT_MAX_CONCURRENCY = 64

SEND_SMS = Endpoint("POST", "/sms", SendSmsMessageResponse, SendSmsMessageRequest, sends=True)
ESTIMATE_SMS = Endpoint("POST", "/sms/estimate", SendSmsMessageResponse, SendSmsRequestEstimate)
SEND_SMS_CAMPAIGN = Endpoint(
    "POST", "/sms/campaign", SendSmsCampaignResponse, SendSmsCampaignRequest, sends=True
)
ESTIMATE_SMS_CAMPAIGN = Endpoint(
    "POST", "/sms/campaign/estimate", SendSmsCampaignResponse, SendSmsCampaignRequestEstimate
)
DELETE_SCHEDULED_SMS = Endpoint(
    "DELETE",
    "/sms/scheduled/{id}",
    DeleteScheduledMsg,
    id_field="msgId",
    id_code=ErrorCode.MESSAGE_ID_INVALID,
)
DELETE_SCHEDULED_SMS_CAMPAIGN = Endpoint(
    "DELETE",
    "/sms/scheduled/campaign/{id}",
    DeleteScheduledCampaign,
    id_field="campaignId",
    id_code=ErrorCode.CAMPAIGN_ID_INVALID,
)

ClientT = TypeVar("ClientT", bound="AsyncSmsClient")
_UNSET: Any = object()


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _checked_base_url(base_url: str) -> str:
    try:
        url = httpx.URL(base_url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise ConfigurationError(f"base_url is not a URL: {base_url!r:.80}") from exc
    if url.scheme == "https" and url.host:
        pass
    elif url.scheme == "http" and _is_loopback(url.host):
        pass  # a local emulator
    else:
        raise ConfigurationError(
            f"base_url must be https:// (http:// only for a loopback host), got {base_url!r:.80}"
        )
    return str(url).rstrip("/")


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
        if v
    ]
    if len(given) > 1:
        raise ConfigurationError(f"Give one credential, not several: {', '.join(given)}.")
    if not given:
        env = os.environ
        api_key = env.get("SMSCX_API_KEY") or None
        access_token = None if api_key else env.get("SMSCX_ACCESS_TOKEN") or None
        if not (api_key or access_token) and env.get("SMSCX_CLIENT_ID"):
            client_id = env["SMSCX_CLIENT_ID"]
            client_secret = client_secret or env.get("SMSCX_CLIENT_SECRET")
    if api_key:
        return ApiKey(api_key)
    if access_token:
        return AccessToken(access_token)
    if client_id:
        if not client_secret:
            raise ConfigurationError("client_id needs client_secret (or SMSCX_CLIENT_SECRET).")
        return ClientCredentials(client_id, client_secret, scopes)
    raise ConfigurationError(
        "No credentials: pass api_key=, access_token= or client_id= and client_secret=, or "
        "set SMSCX_API_KEY, SMSCX_ACCESS_TOKEN or SMSCX_CLIENT_ID/SMSCX_CLIENT_SECRET."
    )


def _fields(names: dict[str, Any]) -> dict[str, Any]:
    """A method's keyword arguments that were given (not None), without self and request."""
    return {k: v for k, v in names.items() if v is not None and k not in ("self", "request")}


def _request(cls: type[Any], request: object, fields: dict[str, Any]) -> Any:
    if request is None:
        return build_request(cls, fields)
    if fields:
        raise TypeError(
            f"Pass either a {cls.__name__} or keyword fields, not both "
            f"(got the model and {', '.join(sorted(fields))})."
        )
    if isinstance(request, cls):
        return request
    to_dict = getattr(request, "to_dict", None)
    if callable(to_dict):
        # A model of the vendor's generated client (smscx_client): same fields, snake_case,
        # with the sender spelt `_from`. Migrating code can pass its objects unchanged.
        return build_request(cls, _vendor_fields(to_dict(), cls))
    kind = type(request)
    raise TypeError(f"Expected a {cls.__name__}, got {kind.__module__}.{kind.__qualname__}.")


def _vendor_fields(data: dict[str, Any], cls: type[Any]) -> dict[str, Any]:
    names = {field.name for field in attrs.fields(cls)}
    fields = {("from_" if key == "_from" else key): value for key, value in data.items()}
    if isinstance(fields.get("transliteration"), dict):
        fields["transliteration"] = Transliteration(**fields["transliteration"])
    # An estimate built from the vendor's send model drops what estimates do not take.
    return {key: value for key, value in fields.items() if key in names and value is not None}


class AsyncSmsClient:
    """The SMS.CX API from asyncio or trio.

    ::

        async with AsyncSmsClient(api_key="...") as client:
            result = await client.send_sms(to=["+33612345678"], from_="InfoText", text="Hi")

    Credentials, in order: ``api_key`` (``X-API-KEY``), ``access_token`` (bearer), or OAuth
    ``client_id``/``client_secret``/``scopes``; when none is given, the environment's
    ``SMSCX_API_KEY``, ``SMSCX_ACCESS_TOKEN``, ``SMSCX_CLIENT_ID``/``SMSCX_CLIENT_SECRET``.
    ``base_url`` defaults to ``SMSCX_BASE_URL`` or ``https://api.sms.cx`` and must be
    https unless its host is loopback.

    ``timeout`` bounds each attempt (seconds or an ``httpx.Timeout``), ``deadline`` the whole
    call across attempts and waits. ``max_retries`` retries after the first attempt
    (``retry_policy`` sets the rest). ``max_concurrency`` bounds requests in flight; excess
    calls wait their turn. ``verify`` is ``True``, an ``ssl.SSLContext`` or a CA bundle path.
    ``transport`` picks the HTTP engine: ``"auto"`` uses aiohttp on asyncio when the
    ``fast`` extra is installed and httpx's own otherwise (always on trio).

    Pass ``http_client`` to use your own ``httpx.AsyncClient`` (then it is yours to close,
    and ``verify`` does not apply). A client belongs to the event loop that first uses it.
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
        verify: bool | str | ssl.SSLContext = True,
        transport: Literal["auto", "httpx", "aiohttp"] = "auto",
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        credentials = _credentials(api_key, access_token, client_id, client_secret, scopes)
        url = _checked_base_url(base_url or os.environ.get("SMSCX_BASE_URL") or DEFAULT_BASE_URL)
        if max_concurrency < 1:
            raise ConfigurationError("max_concurrency must be at least 1.")
        policy = retry_policy or RetryPolicy()
        if max_retries is not None:
            policy = attrs.evolve(policy, max_retries=max_retries)
        self._owns_http = http_client is None
        if isinstance(verify, str):
            # httpx deprecates a CA path for verify; a context is what it wants.
            verify = ssl.create_default_context(cafile=verify)
        auto: AutoTransport | None = None
        if http_client is None:
            auto = AutoTransport(
                verify=verify,
                limits=httpx.Limits(
                    max_connections=max_concurrency,
                    max_keepalive_connections=max_concurrency,
                ),
                prefer=transport,
            )
            http_client = httpx.AsyncClient(transport=auto, follow_redirects=False, trust_env=False)
        self._pipeline = Pipeline(
            http=http_client,
            base_url=url,
            credentials=credentials,
            max_concurrency=max_concurrency,
            user_agent=f"smscx-python/{__version__}",
            auto=auto,
        )
        self._options = CallOptions(
            timeout=_timeout(timeout, DEFAULT_TIMEOUT), retry=policy, deadline=deadline
        )

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

    def with_options(
        self: ClientT,
        *,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = _UNSET,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
    ) -> ClientT:
        """A light copy with other per-call settings, sharing this client's connections.

        ::

            await client.with_options(timeout=5, max_retries=0).estimate_sms(...)

        Closing the copy does nothing; close the original.
        """
        policy = retry_policy or self._options.retry
        if max_retries is not None:
            policy = attrs.evolve(policy, max_retries=max_retries)
        copy = object.__new__(type(self))
        copy._pipeline = self._pipeline
        copy._owns_http = False
        copy._options = CallOptions(
            timeout=_timeout(timeout, self._options.timeout),
            retry=policy,
            deadline=self._options.deadline if deadline is _UNSET else deadline,
        )
        return copy

    def __repr__(self) -> str:
        auth = self._pipeline.credentials
        return f"{type(self).__name__}(base_url={self.base_url!r}, auth={auth!r})"

    async def aclose(self) -> None:
        """Close the connections, unless ``http_client`` was passed in (yours to close)."""
        if self._owns_http:
            await self._pipeline.http.aclose()

    async def __aenter__(self: ClientT) -> ClientT:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # --- the six endpoints --------------------------------------------------------------

    async def send_sms(
        self,
        request: SendSmsMessageRequest | None = None,
        /,
        *,
        to: str | Iterable[str] | None = None,
        from_: str | None = None,
        text: str | None = None,
        country_iso: str | None = None,
        allow_invalid: bool | None = None,
        scheduled_date: datetime | None = None,
        is_utc: bool | None = None,
        dlr_callback_url: str | None = None,
        track_data: str | None = None,
        short_response: bool | None = None,
        no_text_details: bool | None = None,
        show_timezone: bool | None = None,
        idempotency_id: str | None = None,
        transliteration: Transliteration | Alphabet | str | None = None,
    ) -> SendSmsMessageResponse:
        """Send one text to up to 25,000 numbers (``POST /sms``, charged).

        Give the fields as keywords, or a :class:`~smscx.models.SendSmsMessageRequest`.
        The send is idempotent: ``idempotency_id`` (a UUID) is generated when not given and
        reused on every retry, so a retried send is performed and billed once. Options left
        at ``None`` are not sent and take the API's defaults.
        """
        body = _request(SendSmsMessageRequest, request, _fields(locals()))
        result: SendSmsMessageResponse = await self._pipeline.call(
            SEND_SMS, self._options, body=body
        )
        return result

    async def estimate_sms(
        self,
        request: SendSmsRequestEstimate | None = None,
        /,
        *,
        to: str | Iterable[str] | None = None,
        from_: str | None = None,
        text: str | None = None,
        country_iso: str | None = None,
        allow_invalid: bool | None = None,
        scheduled_date: datetime | None = None,
        is_utc: bool | None = None,
        dlr_callback_url: str | None = None,
        track_data: str | None = None,
        short_response: bool | None = None,
        no_text_details: bool | None = None,
        show_timezone: bool | None = None,
        transliteration: Transliteration | Alphabet | str | None = None,
    ) -> SendSmsMessageResponse:
        """What :meth:`send_sms` would cost (``POST /sms/estimate``); nothing is charged."""
        body = _request(SendSmsRequestEstimate, request, _fields(locals()))
        result: SendSmsMessageResponse = await self._pipeline.call(
            ESTIMATE_SMS, self._options, body=body
        )
        return result

    async def send_sms_campaign(
        self,
        request: SendSmsCampaignRequest | None = None,
        /,
        *,
        groups: int | Iterable[int] | None = None,
        from_: str | None = None,
        text: str | None = None,
        scheduled_date: datetime | None = None,
        is_utc: bool | None = None,
        dlr_callback_url: str | None = None,
        short_response: bool | None = None,
        no_text_details: bool | None = None,
        show_timezone: bool | None = None,
        idempotency_id: str | None = None,
        transliteration: Transliteration | Alphabet | str | None = None,
    ) -> SendSmsCampaignResponse:
        """Send a text to contact groups (``POST /sms/campaign``, charged, idempotent).

        Texts may use contact fields such as ``{{firstName}}``. Idempotency as for
        :meth:`send_sms`.
        """
        body = _request(SendSmsCampaignRequest, request, _fields(locals()))
        result: SendSmsCampaignResponse = await self._pipeline.call(
            SEND_SMS_CAMPAIGN, self._options, body=body
        )
        return result

    async def estimate_sms_campaign(
        self,
        request: SendSmsCampaignRequestEstimate | None = None,
        /,
        *,
        groups: int | Iterable[int] | None = None,
        from_: str | None = None,
        text: str | None = None,
        scheduled_date: datetime | None = None,
        is_utc: bool | None = None,
        dlr_callback_url: str | None = None,
        short_response: bool | None = None,
        no_text_details: bool | None = None,
        show_timezone: bool | None = None,
        transliteration: Transliteration | Alphabet | str | None = None,
    ) -> SendSmsCampaignResponse:
        """What :meth:`send_sms_campaign` would cost; nothing is charged."""
        body = _request(SendSmsCampaignRequestEstimate, request, _fields(locals()))
        result: SendSmsCampaignResponse = await self._pipeline.call(
            ESTIMATE_SMS_CAMPAIGN, self._options, body=body
        )
        return result

    # --- batches --------------------------------------------------------------------------

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
        """
        options = _fields(locals())
        for name in ("to", "batch_id", "chunk_size", "concurrency", "fail_fast",
                     "keep_results", "on_progress"):  # fmt: skip
            options.pop(name, None)
        check_batch_options(concurrency=concurrency, chunk_size=chunk_size)
        batch = _batch_id(batch_id)
        return await run_batch(
            self,
            bulk_requests(to, batch_id=batch, chunk_size=chunk_size, fields=options),
            batch_id=batch,
            concurrency=concurrency,
            fail_fast=fail_fast,
            keep_results=keep_results,
            on_progress=on_progress,
        )

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
    ) -> BulkReport:
        """Send many different messages, one request each, streamed from ``messages``.

        ``from_`` is the sender for messages that do not name one. Idempotency ids derive
        from ``batch_id`` and each message's position, as for :meth:`send_bulk`.
        """
        check_batch_options(concurrency=concurrency)
        batch = _batch_id(batch_id)
        return await run_batch(
            self,
            message_requests(messages, batch_id=batch, from_=from_),
            batch_id=batch,
            concurrency=concurrency,
            fail_fast=fail_fast,
            keep_results=keep_results,
            on_progress=on_progress,
        )

    async def delete_scheduled_sms(self, msg_id: str) -> DeleteScheduledMsg:
        """Delete a scheduled message; its cost returns to the balance.

        Retried like every call. If an attempt's outcome was unknown and a retry then gets
        404, the :class:`~smscx.NotFoundError` has ``maybe_sent=True``: the earlier attempt
        most likely deleted it.
        """
        result: DeleteScheduledMsg = await self._pipeline.call(
            DELETE_SCHEDULED_SMS, self._options, path_id=msg_id
        )
        return result

    async def delete_scheduled_sms_campaign(self, campaign_id: str) -> DeleteScheduledCampaign:
        """Delete what is still scheduled of a campaign; its cost returns to the balance.

        Messages of the campaign already sent are not deleted. A 404 after an attempt of
        unknown outcome means as for :meth:`delete_scheduled_sms`.
        """
        result: DeleteScheduledCampaign = await self._pipeline.call(
            DELETE_SCHEDULED_SMS_CAMPAIGN, self._options, path_id=campaign_id
        )
        return result


def _batch_id(batch_id: str | None) -> str:
    return batch_id if batch_id is not None else str(uuid.uuid4())


def _timeout(value: float | httpx.Timeout | None, default: httpx.Timeout) -> httpx.Timeout:
    if value is None:
        return default
    if isinstance(value, httpx.Timeout):
        return value
    return httpx.Timeout(value)
