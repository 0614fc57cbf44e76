"""``Emulator``: one emulated SMS.CX account, reachable in-process or on a socket."""

from __future__ import annotations

import secrets
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from types import MappingProxyType, TracebackType
from typing import TYPE_CHECKING, Any, Literal

import anyio
import httpx

from smscx._version import __version__

from ._callbacks import CallbackDelivery, CallbackPoster
from ._delivery_reports import OutcomeRule, ReportCourier, ReportDelivery
from ._shared import Account, Ledger, SharedState
from .routes import Service, bind
from .routes.account import AccountService
from .routes.applications import ApplicationService
from .routes.attachments import AttachmentService
from .routes.conversations import ConversationService
from .routes.groups import DEFAULT_GROUPS, Group, GroupService
from .routes.multichannel import MultichannelService
from .routes.numbers import NumberService
from .routes.oauth import OauthService
from .routes.optouts import OptoutService
from .routes.originators import OriginatorService
from .routes.otp import OtpService
from .routes.reports import ReportService
from .routes.shortlinks import ShortlinkService, TrackedLinks
from .routes.sms import SmsService
from .routes.templates import TemplateService
from .routes.viber import ViberService
from .routes.whatsapp import WhatsappService
from .server.access import Gatekeeper, RateLimiter
from .server.app import EmulatorApp
from .server.faults import FaultPlan
from .server.in_process import InProcessTransport
from .server.openapi import openapi_json
from .server.socket_server import SocketServer, serve_app
from .wire.codec import dumps

if TYPE_CHECKING:
    from smscx._client import AsyncSmsClient

__all__ = ["IN_PROCESS_URL", "Emulator"]

IN_PROCESS_URL = "http://127.0.0.1"
"""The base URL of an in-process emulator (nothing listens there; the transport answers)."""


class Emulator:
    """An emulated SMS.CX account: the API's behaviour, money and faults, for tests.

    ::

        emulator = Emulator(balance=10)
        async with emulator.client() as client:
            result = await client.send_sms(to=["+33612345678"], from_="Shop", text="Hi")
        assert emulator.balance == 10 - result.info.total_cost

    ``api_keys`` are accepted as ``X-API-KEY`` (one random key when none is given; see
    :attr:`api_key`). ``applications`` maps OAuth application ids to secrets for
    ``/oauth/token`` (one random pair when none is given), and tokens live
    ``token_lifetime`` seconds. ``balance`` and ``currency`` start the account;
    ``credit_limit`` makes it postpaid (it may go that far below zero, then 1114). ``prices``
    are per part by ISO country, merged over :data:`~smscx.testing.DEFAULT_PRICES` (``"*"``
    for any other country, ``None`` for no coverage). ``groups`` are the contact groups of
    campaigns (default :data:`~smscx.testing.DEFAULT_GROUPS`). ``rate_limit`` requests per
    ``rate_limit_window`` seconds are allowed before 429. ``shortlinks`` and ``attachments``
    are ids of short links and attachments the account starts with (``{{shortlink:ID}}``,
    ``{{attachement:ID}}``; more with :attr:`shortlinks` ``.add`` and :attr:`attachments`
    ``.add``). ``clock`` is Unix time (a :class:`~smscx.testing.ManualClock` makes
    scheduling testable without waiting) and ``seed`` makes ids and random placeholders
    repeatable.

    Delivery reports: a billed send with ``dlrCallbackUrl`` gets one ``dlr_update`` report
    per message, POSTed ``dlr_delay`` seconds (real time) after the message goes out, that
    is at once, or when ``clock`` reaches a scheduled message's time. ``dlr_outcome``
    chooses each report's status: a mapping from phone number to outcome, or a function of
    the :class:`~smscx.testing.Message`; an outcome is ``"DELIVERED"`` (the default), a
    ``(status, error_code)`` pair such as ``("FAILED", 4001)``, a
    :class:`~smscx.testing.ReportOutcome`, or ``None`` for no report. ``dlr=False`` sends
    none. Only loopback URLs (127.0.0.0/8, ``::1``, ``localhost``) are called; reports for
    other URLs are recorded in :attr:`delivery_reports` without a request. Reports go out
    from a thread of the emulator's own; :meth:`close` (or leaving ``with`` / ``async
    with``) drops those still pending.
    """

    def __init__(
        self,
        *,
        api_keys: Iterable[str] | str | None = None,
        balance: float = 1000.0,
        currency: Literal["eur", "usd"] = "eur",
        credit_limit: float | None = None,
        prices: Mapping[str, float | None] | None = None,
        groups: Iterable[Group] | None = None,
        rate_limit: int = 10_000,
        rate_limit_window: float = 1.0,
        applications: Mapping[str, str] | None = None,
        token_lifetime: int = 3600,
        shortlinks: Iterable[str] = (),
        attachments: Iterable[str] = (),
        clock: Callable[[], float] = time.time,
        seed: int | None = None,
        dlr: bool = True,
        dlr_delay: float = 0.5,
        dlr_outcome: OutcomeRule | None = None,
    ) -> None:
        keys = [api_keys] if isinstance(api_keys, str) else list(api_keys or ())
        self.api_keys: tuple[str, ...] = tuple(keys) or ("sk_emu_" + secrets.token_hex(16),)
        self.applications: dict[str, str] = dict(
            applications or {"app_" + secrets.token_hex(8): secrets.token_hex(24)}
        )
        self.clock = clock
        self._state = SharedState(
            balance=balance,
            currency=currency,
            credit_limit=credit_limit,
            prices=prices or {},
            seed=seed,
            clock=clock,
        )
        self.faults = FaultPlan()
        self._gatekeeper = Gatekeeper(
            clock,
            api_keys=self.api_keys,
            applications=self.applications,
            token_lifetime=token_lifetime,
        )
        self._limiter = RateLimiter(rate_limit, rate_limit_window, clock)
        self._reports = ReportCourier(clock, enabled=dlr, delay=dlr_delay, outcome=dlr_outcome)
        self._callbacks = CallbackPoster(clock)
        shared = self._state
        #: The opt-out list (``.numbers()``, ``.opt_out(number)`` as a contact would).
        self.optouts = OptoutService(shared, self._callbacks)
        self._groups = GroupService(
            shared, self.optouts, DEFAULT_GROUPS if groups is None else groups
        )
        #: The short links (``.add(url)``, ``.click(url, phone_number)``, ``.callback_url``).
        self.shortlinks = ShortlinkService(shared, self._callbacks, shortlinks)
        #: The attachments (``.add(name)``, as a dashboard upload; ``.click(...)``).
        self.attachments = AttachmentService(shared, self._callbacks, attachments)
        # What {{shortlink:ID}} and {{attachement:ID}} in a text become (any channel's).
        self._links = TrackedLinks(self.shortlinks, self.attachments)
        sms = SmsService(
            shared,
            groups=self._groups,
            optouts=self.optouts,
            links=self._links,
            reports=self._reports,
        )
        self._links.bind(sms, self._groups)
        #: The account's sender ids (``.names()``, ``.approve(name)``): see docs/testing.md.
        self.originators = OriginatorService(clock)
        sms.sender_of = self.originators.sender_for  # an unapproved `from` is replaced
        #: The OTPs (``.pin_of(otp_id)``: the PIN its message carried).
        self.otp = OtpService(shared, sms, self._callbacks)
        #: The conversations with contacts who texted a rented number.
        self.conversations = ConversationService(shared, sms)
        #: Validation, lookups and rented numbers (``.receive(from_=, to=, text=)``: a
        #: contact texts a rented number).
        self.numbers = NumberService(shared, self._callbacks, self.conversations)
        #: The templates (``.approve(id)``, ``.reject(id)``: the hand review; ``.use(...)``).
        self.templates = TemplateService(shared)
        channel_options: dict[str, Any] = {
            "groups": self._groups,
            "optouts": self.optouts,
            "templates": self.templates,
            "reports": self._reports,
            "links": self._links,
        }
        #: Viber sends (``.set_prices({...})``: per message by country, see docs/testing.md).
        self.viber = ViberService(shared, **channel_options)
        #: WhatsApp sends (``.set_prices({...})``).
        self.whatsapp = WhatsappService(shared, **channel_options)
        #: Multichannel sends (``.undelivered_channels``, ``.inactive_channels``,
        #: ``.settle()``, ``.channels_of(msg_id)``): see docs/testing.md.
        self.multichannel = MultichannelService(
            shared,
            channels={"viber": self.viber, "whatsapp": self.whatsapp},
            **channel_options,
        )
        # One service per namespace of smscx.testing.routes, by the registry's names.
        self._services: dict[str, Service] = {
            "sms": sms,
            "account": AccountService(
                shared,
                channel_prices={
                    "viber": self.viber.price_micros,
                    "whatsapp": self.whatsapp.price_micros,
                },
                inactive=self.multichannel.inactive_channels,
            ),
            "originators": self.originators,
            "optouts": self.optouts,
            "numbers": self.numbers,
            "reports": ReportService(shared, sms, self._reports),
            "groups": self._groups,
            "otp": self.otp,
            "oauth": OauthService(),
            "templates": self.templates,
            "viber": self.viber,
            "whatsapp": self.whatsapp,
            "multichannel": self.multichannel,
            "shortlinks": self.shortlinks,
            "attachments": self.attachments,
            "conversations": self.conversations,
            "applications": ApplicationService(
                self.applications, lambda: self._gatekeeper.token_lifetime
            ),
        }
        self.app = EmulatorApp(
            router=bind(self._services),
            gatekeeper=self._gatekeeper,
            limiter=self._limiter,
            faults=self.faults,
            index=dumps(
                {
                    "name": "smscx.testing",
                    "description": "An emulator of the SMS.CX SMS API, for tests.",
                    "version": __version__,
                    "openapi": "/openapi.json",
                }
            ),
            openapi=openapi_json,
        )
        """The emulator as an ASGI 3 application (serve it with any ASGI server)."""

    # --- credentials --------------------------------------------------------------------

    @property
    def api_key(self) -> str:
        """The first API key (the one :meth:`client` uses)."""
        return self.api_keys[0]

    @property
    def client_id(self) -> str:
        """The first OAuth application id."""
        return next(iter(self.applications))

    @property
    def client_secret(self) -> str:
        """The first OAuth application's secret."""
        return self.applications[self.client_id]

    @property
    def token_lifetime(self) -> int:
        """Seconds an access token issued from now on stays valid (settable)."""
        return self._gatekeeper.token_lifetime

    @token_lifetime.setter
    def token_lifetime(self, seconds: int) -> None:
        self._gatekeeper.token_lifetime = seconds

    # --- what happened ------------------------------------------------------------------

    @property
    def ledger(self) -> Ledger:
        """What was billed: charges and refunds, messages, by idempotency id."""
        return self._state.ledger

    @property
    def account(self) -> Account:
        """The account (balance in micro-units, currency, credit limit)."""
        return self._state.account

    @property
    def balance(self) -> float:
        """The balance now, in the account currency."""
        with self._state.lock:
            return self._state.account.balance

    @property
    def groups(self) -> Mapping[int, Group]:
        """The contact groups campaigns can address, by id (a snapshot: the group routes
        change them)."""
        with self._state.lock:
            return MappingProxyType(dict(self._groups.by_id))

    @property
    def request_counts(self) -> Mapping[str, int]:
        """How many requests the emulator received, by ``"METHOD /path"`` (a snapshot),
        whatever their answer: a test counts with it what a client sent."""
        app = self.app
        with app._counts_lock:
            return dict(app.counts)

    # --- other callbacks ----------------------------------------------------------------

    @property
    def callbacks(self) -> tuple[CallbackDelivery, ...]:
        """Every callback but delivery reports (``otp_update``, ``number_lookup``,
        ``shortlink_hit``, ``attachment_hit`` ...) posted (or recorded without posting, for a
        URL off this machine), oldest first."""
        return self._callbacks.records

    async def wait_for_callbacks(
        self, count: int = 1, event: str | None = None
    ) -> tuple[CallbackDelivery, ...]:
        """Wait until ``count`` callbacks (of ``event``, if given) are recorded; those.

        It waits as long as it takes: bound it with ``anyio.fail_after``.
        """
        return await self._callbacks.wait_for(count, event)

    def wait_for_callbacks_sync(
        self, count: int = 1, event: str | None = None, *, timeout: float = 10.0
    ) -> tuple[CallbackDelivery, ...]:
        """:meth:`wait_for_callbacks` for blocking code."""
        return self._callbacks.wait_for_sync(count, event, timeout)

    def reset(self) -> None:
        """Back to the start: balance, ledger, tokens, idempotency, rate window, faults, and
        delivery reports (pending ones dropped, recorded ones forgotten)."""
        self._reports.reset()
        self._callbacks.reset()
        with self.app._counts_lock:
            self.app.counts.clear()
        self._state.reset()
        for service in self._services.values():
            service.reset()
        self._gatekeeper.reset()
        self._limiter.reset()
        self.faults.clear()

    # --- delivery reports ---------------------------------------------------------------

    @property
    def dlr(self) -> bool:
        """Whether sends with ``dlrCallbackUrl`` get delivery reports (settable)."""
        return self._reports.enabled

    @dlr.setter
    def dlr(self, enabled: bool) -> None:
        self._reports.enabled = enabled

    @property
    def dlr_delay(self) -> float:
        """Seconds from a message going out to its report (settable; applies to new sends)."""
        return self._reports.delay

    @dlr_delay.setter
    def dlr_delay(self, seconds: float) -> None:
        self._reports.delay = seconds

    @property
    def dlr_outcome(self) -> OutcomeRule | None:
        """How report outcomes are chosen (settable; applies to new sends)."""
        return self._reports.outcome

    @dlr_outcome.setter
    def dlr_outcome(self, rule: OutcomeRule | None) -> None:
        self._reports.outcome = rule

    @property
    def delivery_reports(self) -> tuple[ReportDelivery, ...]:
        """Every delivery report sent (or, off this machine, recorded), oldest first."""
        return self._reports.records

    @property
    def pending_reports(self) -> int:
        """Delivery reports scheduled and not yet sent, scheduled messages' included."""
        return self._reports.pending

    async def wait_for_reports(self, count: int = 1) -> tuple[ReportDelivery, ...]:
        """Wait until ``count`` delivery reports are recorded; return all of them.

        Works on asyncio and trio; bound the wait the structured way::

            with anyio.fail_after(5):
                reports = await emulator.wait_for_reports(2)
        """
        return await self._reports.wait_for(count)

    def wait_for_reports_sync(
        self, count: int = 1, *, timeout: float = 5.0
    ) -> tuple[ReportDelivery, ...]:
        """:meth:`wait_for_reports` for blocking code; :class:`TimeoutError` after ``timeout``."""
        return self._reports.wait_for_sync(count, timeout)

    async def drain_reports(self) -> tuple[ReportDelivery, ...]:
        """Wait until every report due by now is recorded; return all recorded reports.

        Reports still inside their ``dlr_delay`` are waited for; those of messages whose
        scheduled time the clock has not reached are not (so after it, "no report" is
        final). Bound it with ``anyio.fail_after`` like :meth:`wait_for_reports`.
        """
        return await self._reports.drain()

    # --- lifetime -----------------------------------------------------------------------

    def close(self) -> None:
        """Drop pending delivery reports and stop the thread that sends them.

        Nothing else needs closing; the emulator stays usable (a later send with
        ``dlrCallbackUrl`` starts sending reports again). Recorded reports are kept.
        """
        self._reports.close()
        self._callbacks.close()

    async def aclose(self) -> None:
        """:meth:`close`, without blocking the event loop."""
        await anyio.to_thread.run_sync(self.close)

    def __enter__(self) -> Emulator:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    async def __aenter__(self) -> Emulator:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # --- ways in ------------------------------------------------------------------------

    def transport(self) -> InProcessTransport:
        """An httpx transport that answers from this emulator in the caller's event loop."""
        return InProcessTransport(self.app)

    def http_client(self, **options: Any) -> httpx.AsyncClient:
        """A raw ``httpx.AsyncClient`` on the in-process transport (base URL preset)."""
        options.setdefault("base_url", IN_PROCESS_URL)
        return httpx.AsyncClient(transport=self.transport(), **options)

    def client(self, **options: Any) -> AsyncSmsClient:
        """An :class:`~smscx.AsyncSmsClient` wired to this emulator in-process.

        ``options`` go to the client (``max_retries``, ``retry_policy``, ``timeout`` ...);
        the emulator supplies ``base_url``, ``http_client`` and, unless another credential is
        given, ``api_key``.
        """
        from smscx._client import AsyncSmsClient

        if not any(options.get(k) for k in ("api_key", "access_token", "client_id")):
            options["api_key"] = self.api_key
        options.setdefault("base_url", IN_PROCESS_URL)
        options.setdefault("http_client", httpx.AsyncClient(transport=self.transport()))
        return AsyncSmsClient(**options)

    @asynccontextmanager
    async def serve(self, *, host: str = "127.0.0.1", port: int = 0) -> AsyncIterator[str]:
        """Serve on a real socket for the block (``port`` 0: a free one); yield the base URL.

        uvicorn runs in a thread with its own asyncio loop, so this works from asyncio and
        trio alike; leaving the block stops it and closes its connections.
        """
        async with serve_app(self.app, host=host, port=port) as url:
            yield url

    @contextmanager
    def serve_sync(self, *, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
        """:meth:`serve` for blocking code (``SmsClient``, other SDKs); yield the base URL."""
        server = SocketServer(self.app, host=host, port=port)
        url = server.start()
        try:
            yield url
        finally:
            server.stop()

    def __repr__(self) -> str:
        return (
            f"Emulator(balance={self.balance:.4f} {self._state.account.currency}, "
            f"messages={len(self.ledger.messages)})"
        )
