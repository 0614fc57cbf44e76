"""Models of ``ShortlinksApi``: tracked short links (the vendor's ``api/ShortlinksApi.md``).

A short link is used in an SMS text as ``{{shortlink:ID}}``: each recipient gets a link of
their own, so every visit (a *hit*) is known by phone number and campaign. The hits of a
link are :class:`DataShortlinkDetail`; the ``shortlink_hit`` callback carries them as
:class:`smscx.webhooks.LinkHit`.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from ._common import Paging, _Model, _Request, _Result


@attrs.frozen(kw_only=True)
class ShortlinkNewRequest(_Request):
    """The body of ``create_shortlink``: the long ``url``, and a ``name`` (3 to 25
    characters; the API names it ``Short link #N`` when left out)."""

    url: str
    name: str | None = None


@attrs.frozen(kw_only=True)
class ShortlinkUpdateRequest(_Request):
    """The body of ``update_shortlink``: a new ``name``, a new ``url``, or both; what is
    left at ``None`` keeps its value."""

    name: str | None = None
    url: str | None = None


@attrs.frozen(kw_only=True)
class InfoId(_Model):
    """What a change was made to: the identifier of the short link or attachment."""

    id: str


@attrs.frozen(kw_only=True)
class InfoShortlinkNew(_Model):
    """A new short link: ``short_url`` redirects to ``original_url``; use ``id`` in a text
    as ``{{shortlink:ID}}`` to track each recipient."""

    id: str
    name: str
    original_url: str
    short_url: str


@attrs.frozen(kw_only=True)
class ShortlinkNewResponse(_Result):
    """Result of ``create_shortlink``."""

    info: InfoShortlinkNew


@attrs.frozen(kw_only=True)
class ShortlinkUpdateResponse(_Result):
    """Result of ``update_shortlink``: the id of the link changed. (The API answers 204,
    no body, when nothing changed: the method then returns ``None``.)"""

    info: InfoId


@attrs.frozen(kw_only=True)
class ShortlinkDeleteResponse(_Result):
    """Result of ``delete_shortlink``: the id of the link deleted, with its hits."""

    info: InfoId


@attrs.frozen(kw_only=True)
class DataShortlinkList(_Model):
    """A short link of the account, with how many visits it had."""

    id: str
    name: str
    short_url: str
    original_url: str
    hits: int
    date_created: datetime


@attrs.frozen(kw_only=True)
class ShortlinksListResponse(_Result):
    """Every short link of the account, most recent first."""

    data: list[DataShortlinkList]


@attrs.frozen(kw_only=True)
class InfoShortlinkDetail(_Model):
    """The short link a page of hits belongs to."""

    id: str
    name: str
    short_url: str
    original_url: str
    date_created: datetime
    hits: int


@attrs.frozen(kw_only=True)
class DataShortlinkDetail(_Model):
    """One visit to a short link or an attachment: the visitor's device, browser and place,
    and, when the link came through ``{{shortlink:ID}}`` (or ``{{attachement:ID}}``) in a
    message, the recipient's ``phone_number`` and the ``campaign_id`` (and ``group_id`` for
    a campaign to groups). ``at`` is the API's ``datetime``. The API leaves what it does
    not know empty."""

    hit_id: int
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
    phone_number_country_iso: str | None = None
    campaign_id: str | None = None
    group_id: str | None = None


@attrs.frozen(kw_only=True)
class ShortlinkDetailsResponse(_Result):
    """One page of a short link's hits, most recent first: the link (``info``), its hits
    (``data``) and the cursors (``paging``)."""

    info: InfoShortlinkDetail
    data: list[DataShortlinkDetail]
    paging: Paging
