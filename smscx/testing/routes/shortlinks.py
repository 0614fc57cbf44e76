"""``ShortlinksApi``: tracked short links, kept by the emulator, and what links share with
attachments (:mod:`.attachments`): per-recipient links, hits, hit reports and callbacks.

A text's ``{{shortlink:ID}}`` (or ``{{attachement:ID}}``) becomes, for each recipient, the
link's short URL and a code of that recipient's own: ``https://en.ax/ID/r2N``, as the
vendor's page shows it. The code is random (from the emulator's seeded generator), unique
per link, three characters (four once half of the three-character codes of a link are
used), and the text's length counts the whole URL. A visit is an emulator control, as a
click would be (:meth:`LinkService.click`): it finds the message that carried the URL,
records a hit with that recipient's number and campaign, and posts the ``shortlink_hit``
(``attachment_hit``) callback to the link kind's callback URL (:attr:`LinkService.callback_url`,
the application setting ``shortlinks.shortlinksCallback`` of the real service).
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import attrs

from smscx.models import (
    ShortlinkDeleteResponse,
    ShortlinkDetailsResponse,
    ShortlinkNewRequest,
    ShortlinkNewResponse,
    ShortlinksListResponse,
    ShortlinkUpdateRequest,
    ShortlinkUpdateResponse,
)
from smscx.testing._callbacks import CallbackPoster
from smscx.testing._shared import SharedState
from smscx.testing.wire.call import Reply
from smscx.testing.wire.checks import is_url, parse_number
from smscx.testing.wire.codec import dumps, format_date
from smscx.testing.wire.errors import ApiError
from smscx.testing.wire.exports import export
from smscx.testing.wire.paging import page_of

from . import CSV, XLSX, Route

if TYPE_CHECKING:
    from .attachments import AttachmentService
    from .groups import GroupService
    from .sms import SmsService

__all__ = [
    "HIT_COLUMNS",
    "LINK_DOMAIN",
    "ROUTES",
    "Hit",
    "LinkService",
    "Shortlink",
    "ShortlinkService",
    "TrackedLink",
    "TrackedLinks",
    "Visitor",
]

LINK_DOMAIN = "https://en.ax/"
"""Where the emulator's short links live (the domain of the vendor's example link)."""

_ID_ALPHABET = string.ascii_letters + string.digits
_ID_LENGTH = 4  # the vendor's example ids: "KgTX"
_CODE_LENGTH = 3  # the vendor's example link: https://en.ax/bVc/r2N

HIT_COLUMNS = (
    "hitId",
    "phoneNumber",
    "phoneNumberCountryIso",
    "campaignId",
    "groupId",
    "datetime",
    "device",
    "browser",
    "browserVersion",
    "os",
    "osVersion",
    "brand",
    "model",
    "screenResolution",
    "acceptLanguage",
    "referrer",
    "ipAddress",
    "countryIso",
    "city",
)
"""The header of a hit report (CSV, XLSX): the fields of ``DataShortlinkDetail``."""


@attrs.frozen(kw_only=True)
class Visitor:
    """Who clicked, as the service would read it from the visit: device, browser, place.

    ``country_iso`` ``None`` is the country of the recipient's number (of none: empty).
    """

    device: str = "mobile"  # the vendor's model: "mobile", "tablet" or "desktop"
    browser: str = "Chrome Mobile"
    browser_version: str = "120.0"
    os: str = "Android"
    os_version: str = "14"
    brand: str = "Samsung"
    model: str = "Galaxy S23"
    screen_resolution: str = "1080x2340"
    accept_language: str = "en-US"
    referrer: str | None = None
    ip_address: str = "203.0.113.0"  # anonymised, without the last byte, as the API does
    country_iso: str | None = None
    city: str = ""


@attrs.frozen(kw_only=True)
class Hit:
    """One visit to a tracked link: which URL, when, by whom (when the link was a
    recipient's own), and the visitor's device."""

    id: int
    link_id: str
    url: str
    at: datetime
    visitor: Visitor
    phone_number: str | None = None
    phone_number_country_iso: str | None = None
    campaign_id: str | None = None
    group_id: str | None = None

    def detail(self) -> dict[str, Any]:
        """As a hit report lists it (``DataShortlinkDetail``)."""
        visitor = self.visitor
        return {
            "hitId": self.id,
            "device": visitor.device,
            "browser": visitor.browser,
            "browserVersion": visitor.browser_version,
            "os": visitor.os,
            "osVersion": visitor.os_version,
            "brand": visitor.brand,
            "model": visitor.model,
            "screenResolution": visitor.screen_resolution,
            "acceptLanguage": visitor.accept_language,
            "referrer": visitor.referrer,
            "ipAddress": visitor.ip_address,
            "countryIso": visitor.country_iso or self.phone_number_country_iso or "",
            "city": visitor.city,
            "datetime": format_date(self.at),
            # Absent, not null, for a visit that came from no message: the vendor's model
            # types both as strings, optional.
            **(
                {
                    "phoneNumber": self.phone_number,
                    "phoneNumberCountryIso": self.phone_number_country_iso,
                }
                if self.phone_number is not None
                else {}
            ),
            "campaignId": self.campaign_id,
            "groupId": self.group_id,
        }

    def callback_item(self) -> dict[str, Any]:
        """As the ``shortlink_hit`` / ``attachment_hit`` callback carries it
        (``DataShortlinkHit``)."""
        item = self.detail()
        item.pop("phoneNumberCountryIso", None)
        return {"hitId": self.id, "shortlinkId": self.link_id, "url": self.url, **item}


@attrs.define(kw_only=True)
class TrackedLink:
    """A short link or an attachment: its id, name, the hits it had and the codes it gave
    out (one per recipient of a text that named it)."""

    id: str
    name: str
    created_at: datetime
    hits: list[Hit] = attrs.field(factory=list)
    codes: set[str] = attrs.field(factory=set, repr=False)

    @property
    def short_url(self) -> str:
        """The link without a recipient's code."""
        return LINK_DOMAIN + self.id


@attrs.define(kw_only=True)
class Shortlink(TrackedLink):
    """A short link: it leads to ``original_url``."""

    original_url: str


class TrackedLinks:
    """The account's short links and attachments as a send's text uses them
    (:class:`~smscx.testing.routes._sms_body.Links`): which ids exist, and a link of its
    own for each recipient. Both kinds share one id space, as they share the domain."""

    def __init__(self, shortlinks: ShortlinkService, attachments: AttachmentService) -> None:
        self.by_kind: dict[str, LinkService] = {
            "shortlink": shortlinks,
            "attachment": attachments,
        }
        both = set(shortlinks.by_id) & set(attachments.by_id)
        if both:
            raise ValueError(f"a short link and an attachment have the same id: {min(both)!r}")
        for service in self.by_kind.values():
            service._book = self

    def bind(self, sms: SmsService, groups: GroupService) -> None:
        """Where a hit's campaign and group are looked up."""
        for service in self.by_kind.values():
            service._sms, service._groups = sms, groups

    def known(self, kind: str) -> Collection[str]:
        """The ids of ``kind`` a text may name now."""
        # Without the shared lock, which some callers hold and some do not: copying a dict
        # is one step under the GIL, where iterating it could meet a concurrent insert.
        return frozenset(self.by_kind[kind].by_id.copy())

    def issue(self, kind: str, link_id: str, rng: random.Random) -> str:
        """A new link to ``link_id`` for one recipient (callers hold the shared lock)."""
        return self.by_kind[kind]._issue(link_id, rng)

    def taken(self, link_id: str) -> bool:
        """Whether a link of either kind has this id."""
        return any(link_id in service.by_id for service in self.by_kind.values())


class LinkService:
    """What the short-link and attachment services share: their links by id, their hits,
    the controls a test clicks with, and the hit reports."""

    kind = "shortlink"
    event = "shortlink_hit"
    not_found = 1400

    def __init__(self, shared: SharedState, callbacks: CallbackPoster) -> None:
        self._state = shared
        self._callbacks = callbacks
        self._book: TrackedLinks | None = None
        self._sms: SmsService | None = None
        self._groups: GroupService | None = None
        self._next_hit = 1
        #: The links by id, oldest first (under the shared lock).
        self.by_id: dict[str, TrackedLink] = {}
        #: Where each hit's callback is posted (``None``: none is). The real service takes
        #: it from the application's settings (``shortlinks.shortlinksCallback``,
        #: ``attachments.attachmentsCallback``).
        self.callback_url: str | None = None

    def reset(self) -> None:
        """Forget every link and hit, and the callback URL."""
        with self._state.lock:
            self.by_id.clear()
            self._next_hit = 1
        self.callback_url = None

    # --- the controls --------------------------------------------------------------------

    def click(
        self, target: str, phone_number: str | None = None, *, visitor: Visitor | None = None
    ) -> Hit:
        """Visit a link as a recipient would: ``target`` is the URL a message carried (its
        recipient and campaign are found from the message), or a link's id or short URL
        (a visit from elsewhere: by ``phone_number`` if given, else anonymous). Records the
        hit and posts the callback, if :attr:`callback_url` is set; returns the hit.

        :raises LookupError: No such link, or no message carried this URL.
        :raises ValueError: ``phone_number`` is not the number of the message that carried
            the URL, or not a valid E.164 number.
        """
        link_id, code = _split_target(target)
        number = None
        if phone_number is not None:
            number = parse_number(phone_number, None)
            if number is None:
                raise ValueError(f"not a valid E.164 number: {phone_number!r}")
        with self._state.lock:
            link = self.by_id.get(link_id)
            if link is None:
                raise LookupError(f"no {self.kind} has the id {link_id!r}")
            if code is not None and code not in link.codes:
                raise LookupError(f"no message carried {target!r}")
            url = link.short_url + (f"/{code}" if code is not None else "")
        campaign_id = group_id = None
        phone = country = None
        if code is not None:
            message = self._carrier(url)
            if message is None:
                raise LookupError(f"no message sent carried {url!r} (an estimate's link?)")
            if number is not None and number.e164 != message.to:
                raise ValueError(f"{url} was sent to {message.to}, not {number.e164}")
            phone, country, campaign_id = message.to, message.country_iso, message.campaign_id
        elif number is not None:
            phone, country = number.e164, number.country_iso
            message = self._carrier(link.short_url + "/", to=phone)
            campaign_id = message.campaign_id if message is not None else None
        if campaign_id is not None and phone is not None:
            group_id = self._group_of(campaign_id, phone)
        with self._state.lock:
            if self.by_id.get(link_id) is not link:
                raise LookupError(f"the {self.kind} {link_id!r} was deleted")
            hit = Hit(
                id=self._next_hit,
                link_id=link_id,
                url=url,
                at=self._state.now().replace(microsecond=0),
                visitor=visitor or Visitor(),
                phone_number=phone,
                phone_number_country_iso=country,
                campaign_id=campaign_id,
                group_id=group_id,
            )
            self._next_hit += 1
            link.hits.append(hit)
            callback_url = self.callback_url
        if callback_url is not None:
            item = hit.callback_item()
            self._callbacks.post(callback_url, self.event, lambda: [item])
        return hit

    def hits(self, link_id: str) -> tuple[Hit, ...]:
        """The hits of a link, oldest first."""
        with self._state.lock:
            link = self.by_id.get(link_id)
            return tuple(link.hits) if link is not None else ()

    def _carrier(self, url: str, *, to: str | None = None) -> Any:
        """The last message (to ``to``, if given) whose text holds ``url`` (a whole link, or
        a prefix ending in ``/``)."""
        tail = "" if url.endswith("/") else r"(?![A-Za-z0-9])"
        pattern = re.compile(re.escape(url) + tail)
        found = None
        for message in self._state.ledger.messages.values():
            if (to is None or message.to == to) and pattern.search(message.text):
                found = message
        return found

    def _group_of(self, campaign_id: str, phone: str) -> str | None:
        sms, groups = self._sms, self._groups
        if sms is None or groups is None:
            return None
        with self._state.lock:
            campaign = sms.campaigns.get(campaign_id)
            if campaign is None:
                return None
            for group_id, _, _ in campaign.groups:
                group = groups.by_id.get(group_id)
                if group is None:
                    continue
                for contact in group.contacts:
                    number = parse_number(contact.phone_number, None)
                    if number is not None and number.e164 == phone:
                        return str(group_id)
        return None

    # --- what the book and the routes use --------------------------------------------------

    def _new_id(self) -> str:
        """A fresh link id (callers hold the shared lock)."""
        while True:
            candidate = "".join(self._state.random.choices(_ID_ALPHABET, k=_ID_LENGTH))
            taken = self._book.taken(candidate) if self._book is not None else False
            if not taken and candidate not in self.by_id:
                return candidate

    def _issue(self, link_id: str, rng: random.Random) -> str:
        link = self.by_id[link_id]
        length = _CODE_LENGTH if len(link.codes) < len(_ID_ALPHABET) ** _CODE_LENGTH // 2 else 4
        while True:
            code = "".join(rng.choices(_ID_ALPHABET, k=length))
            if code not in link.codes:
                link.codes.add(code)
                return f"{link.short_url}/{code}"

    def _link(self, link_id: str) -> TrackedLink:
        """The link (callers hold the shared lock); its kind's 404 when there is none."""
        link = self.by_id.get(link_id)
        if link is None:
            raise ApiError(self.not_found)
        return link

    def _hits_page(self, link_id: str, query: Mapping[str, str]) -> tuple[TrackedLink, Any]:
        with self._state.lock:
            link = self._link(link_id)
            newest_first = list(reversed(link.hits))
        page, paging = page_of(f"{self.kind}-hits-{link_id}", newest_first, query)
        if query.get("short_response", "").lower() == "true":
            page = []
        return link, {"data": [hit.detail() for hit in page], "paging": paging}

    def export_hits(self, link_id: str, kind: str) -> Reply:
        """``GET /{kind}s/{id}/csv`` and ``/xlsx``: a link's hits, most recent first."""
        with self._state.lock:
            link = self._link(link_id)
            newest_first = list(reversed(link.hits))
        rows = [[hit.detail().get(column) for column in HIT_COLUMNS] for hit in newest_first]
        return export(kind, f"{self.kind}-{link_id}-hits", HIT_COLUMNS, rows)

    def delete(self, link_id: str) -> Reply:
        """``DELETE``: the link and its hits; links already sent lead nowhere."""
        with self._state.lock:
            self._link(link_id)
            del self.by_id[link_id]
        return Reply(200, dumps({"info": {"id": link_id}}))


class ShortlinkService(LinkService):
    """The emulator's ``ShortlinksApi``: short links created through the API (or given to
    the emulator as ids), their hits, and the clicks a test makes (:meth:`click`)."""

    def __init__(
        self, shared: SharedState, callbacks: CallbackPoster, ids: Iterable[str] = ()
    ) -> None:
        super().__init__(shared, callbacks)
        self._initial = tuple(ids)
        self._next_name = 1
        self._add_initial()

    def reset(self) -> None:
        """Back to the links given to the emulator, without hits."""
        super().reset()
        with self._state.lock:
            self._next_name = 1
        self._add_initial()

    def _add_initial(self) -> None:
        # Unchecked: on reset the other kind may not have forgotten its links yet.
        with self._state.lock:
            for link_id in self._initial:
                self._add(f"https://example.com/{link_id}", None, link_id, checked=False)

    def add(self, url: str, *, name: str | None = None, link_id: str | None = None) -> Shortlink:
        """Create a short link to ``url`` as the dashboard would (``link_id``: choose its
        id; ``None``: a random one)."""
        with self._state.lock:
            return self._add(url, name, link_id)

    def _add(
        self, url: str, name: str | None, link_id: str | None, *, checked: bool = True
    ) -> Shortlink:
        if link_id is None:
            link_id = self._new_id()
        elif checked and self._book is not None and self._book.taken(link_id):
            raise ValueError(f"a link already has the id {link_id!r}")
        if name is None:
            name = f"Short link #{self._next_name}"
        self._next_name += 1
        link = Shortlink(
            id=link_id,
            name=name,
            created_at=self._state.now().replace(microsecond=0),
            original_url=url,
        )
        self.by_id[link_id] = link
        return link

    # --- the endpoints -------------------------------------------------------------------

    def list(self) -> Reply:
        with self._state.lock:
            links = list(reversed(self.by_id.values()))
        data = [{**_info(link), "hits": len(link.hits)} for link in links]
        return Reply(200, dumps({"data": data}))

    def create(self, body: Mapping[str, Any]) -> Reply:
        url = body.get("url")
        if url is None or url == "":
            raise ApiError(1401)
        if not is_url(url):
            raise ApiError(1402)
        name = body.get("name")
        if name is not None and not _good_name(name):
            raise ApiError(1404)
        with self._state.lock:
            if name is not None and any(link.name == name for link in self.by_id.values()):
                raise ApiError(1405)
            link = self._add(url, name, None)
        info = {
            "id": link.id,
            "name": link.name,
            "originalUrl": link.original_url,
            "shortUrl": link.short_url,
        }
        return Reply(201, dumps({"info": info}))

    def hits_of(self, link_id: str, query: Mapping[str, str]) -> Reply:
        link, rest = self._hits_page(link_id, query)
        return Reply(200, dumps({"info": {**_info(link), "hits": len(link.hits)}, **rest}))

    def update(self, link_id: str, body: Mapping[str, Any]) -> Reply:
        name, url = body.get("name"), body.get("url")
        if name is None and url is None:
            raise ApiError(1406)
        with self._state.lock:
            link = self._link(link_id)
            assert isinstance(link, Shortlink)
            if url is not None:
                if url == "":
                    raise ApiError(1401)
                if not is_url(url):
                    raise ApiError(1402)
            if name is not None:
                if not _good_name(name):
                    raise ApiError(1404)
                if any(o.name == name for o in self.by_id.values() if o is not link):
                    raise ApiError(1407)
            if (name is None or name == link.name) and (url is None or url == link.original_url):
                return Reply(204, b"")  # "nothing to update, same data", as the page says
            if name is not None:
                link.name = name
            if url is not None:
                link.original_url = url
        return Reply(200, dumps({"info": {"id": link_id}}))


def _good_name(name: object) -> bool:
    return isinstance(name, str) and 3 <= len(name) <= 25


def _info(link: TrackedLink) -> dict[str, Any]:
    assert isinstance(link, Shortlink)
    return {
        "id": link.id,
        "name": link.name,
        "shortUrl": link.short_url,
        "originalUrl": link.original_url,
        "dateCreated": format_date(link.created_at),
    }


_TARGET = re.compile(r"/?([A-Za-z0-9_-]+)(?:/([A-Za-z0-9]+))?/?")


def _split_target(target: str) -> tuple[str, str | None]:
    """(link id, recipient code or ``None``) of a URL the emulator gave out, or of an id."""
    if "://" not in target:
        return target, None
    parts = urlsplit(target)
    match = _TARGET.fullmatch(parts.path)
    if parts.scheme + "://" + (parts.hostname or "") + "/" != LINK_DOMAIN or match is None:
        raise LookupError(f"not a link of the emulator: {target!r}")
    return match.group(1), match.group(2)


ROUTES: tuple[Route[ShortlinkService], ...] = (
    Route(
        "GET", "/shortlinks", "get_shortlinks_list", lambda s, c: s.list(),
        response=ShortlinksListResponse,
    ),
    Route(
        "POST", "/shortlinks", "create_shortlink", lambda s, c: s.create(c.json()),
        ShortlinkNewRequest, ShortlinkNewResponse, status=201,
    ),
    Route(
        "GET", "/shortlinks/{shortId}", "get_shortlink_hits",
        lambda s, c: s.hits_of(c.param, c.query), response=ShortlinkDetailsResponse,
    ),
    Route(
        "PATCH", "/shortlinks/{shortId}", "update_shortlink",
        lambda s, c: s.update(c.param, c.json()), ShortlinkUpdateRequest,
        ShortlinkUpdateResponse, no_content=True,
    ),
    Route(
        "DELETE", "/shortlinks/{shortId}", "delete_shortlink", lambda s, c: s.delete(c.param),
        response=ShortlinkDeleteResponse,
    ),
    Route(
        "GET", "/shortlinks/{shortId}/csv", "export_shortlink_hits_to_csv",
        lambda s, c: s.export_hits(c.param, "csv"), response=CSV,
    ),
    Route(
        "GET", "/shortlinks/{shortId}/xlsx", "export_shortlink_hits_to_xlsx",
        lambda s, c: s.export_hits(c.param, "xlsx"), response=XLSX,
    ),
)  # fmt: skip
