"""Webhooks: parse the callbacks SMS.CX POSTs, from raw bytes, into typed models.

Every callback is ``{"event": ..., "data": [...]}`` with up to 200 items. One parser per
kind, and :func:`parse_webhook` for an endpoint that receives several (it picks by
``event``):

========================  ==================================  ============================
event                     parser                              items
========================  ==================================  ============================
``dlr_update``            :func:`parse_delivery_reports`      :class:`DeliveryReport`
``new_optout``            :func:`parse_new_optouts`           :class:`NewOptout`
``otp_update``            :func:`parse_otp_updates`           :class:`OtpUpdate`
``number_lookup``         :func:`parse_number_lookups`        :class:`NumberLookupResult`
``receive_sms``           :func:`parse_received_sms`          :class:`ReceivedSms`
``shortlink_hit[_update]``, ``attachment_hit[_update]``
                          :func:`parse_link_hits`             :class:`LinkHit`
========================  ==================================  ============================

A delivery report is the common case: the API later POSTs ``{"event": "dlr_update",
"data": [...]}`` to a send's ``dlr_callback_url``::

    from smscx.webhooks import parse_delivery_reports

    async def receive(request):                       # any web framework
        batch = parse_delivery_reports(await request.body())
        for report in batch.reports:
            if report.delivered:
                ...
        return 200

Parsing is strict about shape and lenient about growth: unknown fields are ignored, a body
that is not a batch of the expected kind raises :class:`WebhookParseError` (answer it with
400), and nothing else does: whatever the body holds (an ``event`` that is a list, an item
that is a number, a field of the wrong type), no other exception comes out of a parser.
Integers are taken as JSON has them, of any size: one report with an absurd ``errorCode``
(``1e30``) is no reason to refuse the good reports beside it. A store that holds 64 bits
must check (:meth:`smscx.journal.Journal.record_dlr` records such a report without its
code). Answer a well-formed batch quickly with a 2xx and do the work afterwards.

**Receiving them**: :func:`asgi_app` and :func:`wsgi_app` are a whole endpoint around
these parsers, free of any framework: the ``token`` of :func:`callback_url` checked before
the body is read, a bounded body, 400 for a malformed callback, each report handed to your
``on_event`` once per process (:func:`item_key`), delivery reports recorded in a batch
journal, 500 when ``on_event`` fails so that SMS.CX sends it again::

    app.mount("/sms/callbacks", asgi_app(on_event, token=SECRET, journal=journal))

The vendor's documents name no event for number lookups (its model says ``otp_update``, a
known defect); :func:`parse_number_lookups` takes the batch whatever its event, and
:func:`parse_webhook` knows it as ``number_lookup``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar

import attrs

from . import _convert
from .errors import SmscxError, excerpt

__all__ = [
    "BODY_TIMEOUT",
    "MAX_BODY",
    "REMEMBER",
    "AsgiReceiver",
    "DeliveryReport",
    "DeliveryReportBatch",
    "DeliveryStatus",
    "LinkHit",
    "LinkHitBatch",
    "LookupNetwork",
    "NewOptout",
    "NewOptoutBatch",
    "NumberLookupBatch",
    "NumberLookupResult",
    "OtpUpdate",
    "OtpUpdateBatch",
    "ReceivedChatMessage",
    "ReceivedSms",
    "ReceivedSmsBatch",
    "ReceivedViberBatch",
    "ReceivedWhatsappBatch",
    "RoamingNetwork",
    "WebhookBatch",
    "WebhookParseError",
    "WsgiReceiver",
    "asgi_app",
    "callback_url",
    "item_key",
    "parse_delivery_reports",
    "parse_link_hits",
    "parse_new_optouts",
    "parse_number_lookups",
    "parse_otp_updates",
    "parse_received_sms",
    "parse_received_viber",
    "parse_received_whatsapp",
    "parse_webhook",
    "wsgi_app",
]

#: The most reports one callback carries.
MAX_REPORTS_PER_CALLBACK = 200


class DeliveryStatus(str, enum.Enum):
    """The final statuses a delivery report commonly carries.

    ``DeliveryReport.status`` stays a ``str`` so that a status the API adds still parses.
    """

    DELIVERED = "DELIVERED"
    FAILED = "FAILED"
    EXPIRED = "EXPIRED"
    REJECTED = "REJECTED"
    UNDELIVERED = "UNDELIVERED"


@attrs.frozen(kw_only=True)
class DeliveryReport:
    """The delivery outcome of one message.

    ``track_data`` is the value given at send time, echoed back so a report can be matched
    to the caller's own records. ``at`` is the moment of the status (wire name
    ``datetime``), timezone-aware UTC like every date smscx parses.
    """

    campaign_id: str
    msg_id: str
    status_code: int
    status: str
    error_code: int | None = None
    at: datetime = attrs.field(metadata={"wire": "datetime"})
    track_data: str | None = None

    @property
    def delivered(self) -> bool:
        """Whether the message reached the handset."""
        return self.status == DeliveryStatus.DELIVERED


@attrs.frozen(kw_only=True)
class DeliveryReportBatch:
    """One callback: its event name and its reports (at most 200)."""

    event: str
    data: list[DeliveryReport]

    @property
    def reports(self) -> list[DeliveryReport]:
        """The reports of this callback."""
        return self.data


class WebhookParseError(SmscxError, ValueError):
    """A callback body that is not a batch of the expected kind. Answer it with HTTP 400."""


@attrs.frozen(kw_only=True)
class NewOptout:
    """A contact that opted out (``new_optout``): through the link (``optout_type`` ``"link"``)
    or added by you (``"admin"``); ``campaign_id``/``group_id`` when tracking was on."""

    hit_id: int
    optout_id: str
    optout_url: str
    optout_type: str
    country_iso: str
    at: datetime = attrs.field(metadata={"wire": "datetime"})
    phone_number: str | None = None
    campaign_id: str | None = None
    group_id: str | None = None


@attrs.frozen(kw_only=True)
class OtpUpdate:
    """A one-time password's new state (``otp_update``): ``status`` (``PENDING`` first), its
    ``attempts`` of ``max_attempts``, and when it was made and expires."""

    otp_id: str
    phone_number: str
    country_iso: str
    status: str
    cost: float
    parts: int
    max_attempts: int
    attempts: int
    ttl: int
    date_created: datetime
    date_expires: datetime
    track_id: str | None = None
    otp_callback_url: str | None = None


@attrs.frozen(kw_only=True)
class LookupNetwork:
    """A network of a number lookup: its operator's name and mobile network code."""

    name: str | None = None
    mnc: str | None = None


@attrs.frozen(kw_only=True)
class RoamingNetwork:
    """Where a looked-up number is roaming."""

    country_iso: str | None = None
    country_name: str | None = None
    mcc: str | None = None
    mnc: str | None = None
    name: str | None = None


@attrs.frozen(kw_only=True)
class NumberLookupResult:
    """The result of a number lookup (single or bulk: ``lookup_bulk_id``)."""

    phone_number: str
    lookup_id: str
    cost: float
    mcc: str
    mccmnc: str
    country_iso: str
    country_name: str
    country_name_locale: str
    status: str
    status_description: str
    ported: bool
    roaming: bool
    at: datetime = attrs.field(metadata={"wire": "datetime"})
    lookup_bulk_id: str | None = None
    original_network: LookupNetwork | None = None
    ported_network: LookupNetwork | None = None
    roaming_network: RoamingNetwork | None = None


@attrs.frozen(kw_only=True)
class ReceivedSms:
    """An SMS received on your short code or virtual number (``receive_sms``)."""

    msg_id: str
    from_: str
    country_iso: str
    to: str
    text: str
    cost: float
    received_at: datetime


@attrs.frozen(kw_only=True)
class ReceivedChatMessage:
    """A Viber or WhatsApp message a contact sent you (``receive_viber``,
    ``receive_whatsapp``).

    The vendor lists both events but documents no model for them; smscx reads them in the
    shape of ``receive_sms`` (``msgId``, ``from``, ``to``, ``countryIso``, ``text``,
    ``cost``, ``receivedAt``), with only the sender, the id and the time required: a chat
    message may carry no text (a picture), and the channel's own id for ``to``.
    """

    msg_id: str
    from_: str
    received_at: datetime
    text: str | None = None
    to: str | None = None
    country_iso: str | None = None
    cost: float | None = None


@attrs.frozen(kw_only=True)
class LinkHit:
    """A visit to a short link or an attachment (``shortlink_hit``, ``attachment_hit`` and
    their ``_update`` events): the visitor's device, browser, place, and (when link tracking
    was on) phone number and campaign. The API leaves fields it does not know empty."""

    hit_id: int
    shortlink_id: str
    url: str
    at: datetime = attrs.field(metadata={"wire": "datetime"})
    device: str | None = None
    browser: str | None = None
    browser_version: str | None = None
    os: str | None = None
    os_version: str | None = None
    brand: str | None = None
    model: str | None = None
    screen_resolution: str | None = None
    accept_language: str | None = None
    referrer: str | None = None
    ip_address: str | None = None
    country_iso: str | None = None
    city: str | None = None
    phone_number: str | None = None
    campaign_id: str | None = None
    group_id: str | None = None


@attrs.frozen(kw_only=True)
class NewOptoutBatch:
    """A ``new_optout`` callback."""

    event: str
    data: list[NewOptout]


@attrs.frozen(kw_only=True)
class OtpUpdateBatch:
    """An ``otp_update`` callback."""

    event: str
    data: list[OtpUpdate]


@attrs.frozen(kw_only=True)
class NumberLookupBatch:
    """A number-lookup callback (sent to a lookup's ``lookupCallbackUrl``)."""

    event: str
    data: list[NumberLookupResult]


@attrs.frozen(kw_only=True)
class ReceivedSmsBatch:
    """A ``receive_sms`` callback."""

    event: str
    data: list[ReceivedSms]


@attrs.frozen(kw_only=True)
class ReceivedViberBatch:
    """A ``receive_viber`` callback."""

    event: str
    data: list[ReceivedChatMessage]


@attrs.frozen(kw_only=True)
class ReceivedWhatsappBatch:
    """A ``receive_whatsapp`` callback."""

    event: str
    data: list[ReceivedChatMessage]


@attrs.frozen(kw_only=True)
class LinkHitBatch:
    """A short-link or attachment hit callback; ``event`` says which."""

    event: str
    data: list[LinkHit]


#: Any callback batch :func:`parse_webhook` returns.
WebhookBatch = (
    DeliveryReportBatch
    | NewOptoutBatch
    | OtpUpdateBatch
    | NumberLookupBatch
    | ReceivedSmsBatch
    | ReceivedViberBatch
    | ReceivedWhatsappBatch
    | LinkHitBatch
)

_T = TypeVar("_T")

_LINK_EVENTS = frozenset(
    {"shortlink_hit", "shortlink_hit_update", "attachment_hit", "attachment_hit_update"}
)


def _decoded(body: bytes | str | Mapping[str, Any]) -> Mapping[str, Any]:
    data: object = body  # anything but text is JSON already decoded (by a web framework)
    if isinstance(body, (bytes, bytearray, str)):
        try:
            data = _convert.loads(body)
        except (ValueError, RecursionError):  # the stdlib decoder recurses into nesting
            text = body if isinstance(body, str) else bytes(body).decode("utf-8", "replace")
            raise WebhookParseError(f"The callback body is not JSON: {excerpt(text)}") from None
    if not isinstance(data, Mapping):
        raise WebhookParseError("A callback body is a JSON object.")
    return data


def _batch(data: Mapping[str, Any], cls: type[_T], what: str, events: frozenset[str] | None) -> _T:
    event = data.get("event")
    # The type first: a list or a dict cannot even be looked up among the events.
    if events is not None and (not isinstance(event, str) or event not in events):
        expected = " or ".join(f'"{e}"' for e in sorted(events))
        raise WebhookParseError(f'Not a {what} callback (expected "event": {expected}).')
    if not isinstance(data.get("data"), list):
        raise WebhookParseError(f'A {what} callback needs a "data" list.')
    if len(data["data"]) > MAX_REPORTS_PER_CALLBACK:
        raise WebhookParseError(
            f"{len(data['data'])} items in one callback; the API sends at most "
            f"{MAX_REPORTS_PER_CALLBACK}."
        )
    if events is None and not isinstance(event, str):
        raise WebhookParseError(f'A {what} callback names its "event".')
    try:
        return _convert.structure(data, cls)
    except _convert.ShapeError as exc:
        raise WebhookParseError(f"Malformed {what}: {exc}") from exc


def parse_delivery_reports(body: bytes | str | Mapping[str, Any]) -> DeliveryReportBatch:
    """Parse a delivery-report callback (raw bytes, text, or already-decoded JSON).

    :param body: The callback's body as it came: bytes or text (JSON), or the JSON already
        decoded by a web framework.
    :returns: The batch: ``event`` and ``data``, its reports (at most 200).
    :raises WebhookParseError: The body is not JSON, or not a ``dlr_update`` batch
        (another event, a malformed item, more than 200): answer it with HTTP 400.
    """
    return _batch(_decoded(body), DeliveryReportBatch, "delivery-report", frozenset({"dlr_update"}))


def parse_new_optouts(body: bytes | str | Mapping[str, Any]) -> NewOptoutBatch:
    """Parse a ``new_optout`` callback.

    :param body: The callback's body as it came: bytes or text (JSON), or the JSON already
        decoded by a web framework.
    :returns: The batch: ``event`` and ``data``, its opt-outs (at most 200).
    :raises WebhookParseError: The body is not JSON, or not a ``new_optout`` batch
        (another event, a malformed item, more than 200): answer it with HTTP 400.
    """
    return _batch(_decoded(body), NewOptoutBatch, "new-optout", frozenset({"new_optout"}))


def parse_otp_updates(body: bytes | str | Mapping[str, Any]) -> OtpUpdateBatch:
    """Parse an ``otp_update`` callback.

    :param body: The callback's body as it came: bytes or text (JSON), or the JSON already
        decoded by a web framework.
    :returns: The batch: ``event`` and ``data``, its OTP updates (at most 200).
    :raises WebhookParseError: The body is not JSON, or not an ``otp_update`` batch
        (another event, a malformed item, more than 200): answer it with HTTP 400.
    """
    return _batch(_decoded(body), OtpUpdateBatch, "OTP update", frozenset({"otp_update"}))


def parse_number_lookups(body: bytes | str | Mapping[str, Any]) -> NumberLookupBatch:
    """Parse a number-lookup callback, whatever its ``event`` (see the module docstring).

    :param body: The callback's body as it came: bytes or text (JSON), or the JSON already
        decoded by a web framework.
    :returns: The batch: ``event`` and ``data``, its results (at most 200).
    :raises WebhookParseError: The body is not JSON, or not a number-lookup batch (a
        malformed item, more than 200): answer it with HTTP 400.
    """
    return _batch(_decoded(body), NumberLookupBatch, "number-lookup", None)


def parse_received_sms(body: bytes | str | Mapping[str, Any]) -> ReceivedSmsBatch:
    """Parse a ``receive_sms`` callback.

    :param body: The callback's body as it came: bytes or text (JSON), or the JSON already
        decoded by a web framework.
    :returns: The batch: ``event`` and ``data``, its messages (at most 200).
    :raises WebhookParseError: The body is not JSON, or not a ``receive_sms`` batch
        (another event, a malformed item, more than 200): answer it with HTTP 400.
    """
    return _batch(_decoded(body), ReceivedSmsBatch, "received-SMS", frozenset({"receive_sms"}))


def parse_received_viber(body: bytes | str | Mapping[str, Any]) -> ReceivedViberBatch:
    """Parse a ``receive_viber`` callback (see :class:`ReceivedChatMessage` for its shape).

    :param body: The callback's body as it came: bytes or text (JSON), or the JSON already
        decoded by a web framework.
    :returns: The batch: ``event`` and ``data``, its messages (at most 200).
    :raises WebhookParseError: The body is not JSON, or not a ``receive_viber`` batch
        (another event, a malformed item, more than 200): answer it with HTTP 400.
    """
    return _batch(
        _decoded(body), ReceivedViberBatch, "received-Viber", frozenset({"receive_viber"})
    )


def parse_received_whatsapp(body: bytes | str | Mapping[str, Any]) -> ReceivedWhatsappBatch:
    """Parse a ``receive_whatsapp`` callback (see :class:`ReceivedChatMessage` for its shape).

    :param body: The callback's body as it came: bytes or text (JSON), or the JSON already
        decoded by a web framework.
    :returns: The batch: ``event`` and ``data``, its messages (at most 200).
    :raises WebhookParseError: The body is not JSON, or not a ``receive_whatsapp`` batch
        (another event, a malformed item, more than 200): answer it with HTTP 400.
    """
    return _batch(
        _decoded(body),
        ReceivedWhatsappBatch,
        "received-WhatsApp",
        frozenset({"receive_whatsapp"}),
    )


def parse_link_hits(body: bytes | str | Mapping[str, Any]) -> LinkHitBatch:
    """Parse a short-link or attachment hit callback (any of their four events).

    :param body: The callback's body as it came: bytes or text (JSON), or the JSON already
        decoded by a web framework.
    :returns: The batch: ``event`` and ``data``, its hits (at most 200).
    :raises WebhookParseError: The body is not JSON, or not a link-hit batch
        (another event, a malformed item, more than 200): answer it with HTTP 400.
    """
    return _batch(_decoded(body), LinkHitBatch, "link-hit", _LINK_EVENTS)


_BY_EVENT: dict[str, Callable[[Mapping[str, Any]], WebhookBatch]] = {
    "dlr_update": parse_delivery_reports,
    "new_optout": parse_new_optouts,
    "otp_update": parse_otp_updates,
    "number_lookup": parse_number_lookups,
    "receive_sms": parse_received_sms,
    "receive_viber": parse_received_viber,
    "receive_whatsapp": parse_received_whatsapp,
    **dict.fromkeys(_LINK_EVENTS, parse_link_hits),
}


def parse_webhook(body: bytes | str | Mapping[str, Any]) -> WebhookBatch:
    """Parse any callback the API sends, choosing the parser by its ``event``.

    ::

        batch = parse_webhook(await request.body())
        if isinstance(batch, DeliveryReportBatch):
            ...

    An event smscx does not know is a :class:`WebhookParseError`.

    :param body: The callback's body as it came: bytes or text (JSON), or the JSON already
        decoded by a web framework.
    :returns: The batch of the callback's kind (:data:`WebhookBatch`): a
        :class:`DeliveryReportBatch`, :class:`NewOptoutBatch`, :class:`OtpUpdateBatch`,
        :class:`NumberLookupBatch`, :class:`ReceivedSmsBatch`, :class:`ReceivedViberBatch`,
        :class:`ReceivedWhatsappBatch` or :class:`LinkHitBatch`.
    :raises WebhookParseError: The body is not JSON, names no ``event`` or one smscx does
        not know, or is not a batch of its kind (answer it with HTTP 400).
    """
    data = _decoded(body)
    event = data.get("event")
    known = ", ".join(sorted(_BY_EVENT))
    if not isinstance(event, str):
        # Not looked up, nor shown: a list cannot be, and the repr of an integer of
        # thousands of digits raises.
        raise WebhookParseError(
            f'A callback\'s "event" is a string (known: {known}), not {type(event).__name__}.'
        )
    parser = _BY_EVENT.get(event)
    if parser is None:
        raise WebhookParseError(f"Unknown callback event {event!r:.40} (known: {known}).")
    return parser(data)


# The receive side lives in a module of its own (it parses with the functions above).
from ._receiver import BODY_TIMEOUT as BODY_TIMEOUT  # noqa: E402
from ._receiver import MAX_BODY as MAX_BODY  # noqa: E402
from ._receiver import REMEMBER as REMEMBER  # noqa: E402
from ._receiver import AsgiReceiver as AsgiReceiver  # noqa: E402
from ._receiver import WsgiReceiver as WsgiReceiver  # noqa: E402
from ._receiver import asgi_app as asgi_app  # noqa: E402
from ._receiver import callback_url as callback_url  # noqa: E402
from ._receiver import item_key as item_key  # noqa: E402
from ._receiver import wsgi_app as wsgi_app  # noqa: E402
