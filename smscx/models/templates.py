"""Models of ``TemplatesApi``: the text templates Viber and WhatsApp sends name by id (the
vendor's ``api/TemplatesApi.md``).

A Viber or WhatsApp template waits for the service's approval (``approved``); the first send
that uses it locks it (``locked``), after which it cannot be edited. SMS templates are
approved from the start.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from ._common import _Model, _Request, _Result


@attrs.frozen(kw_only=True)
class RichMedia(_Model):
    """What a Viber or WhatsApp template shows besides its text: an image above a button
    (``button_caption``, 1 to 30 characters) that opens ``target_url``."""

    image_url: str | None = None
    button_caption: str | None = None
    target_url: str | None = None


@attrs.frozen(kw_only=True)
class TemplatesNewRequest(_Request):
    """Body of ``POST /templates``.

    ``text`` is at most 1,000 characters for Viber and WhatsApp; without ``name`` the API
    names it (``Template 2026-06-11 21:00:00``); ``channel`` is ``sms``, ``viber`` or
    ``whatsapp``.
    """

    text: str
    name: str | None = None
    channel: str | None = None
    rich_media: RichMedia | None = None


@attrs.frozen(kw_only=True)
class TemplatesUpdateRequest(_Request):
    """Body of ``PATCH /templates/{templateId}``: what to change (the rest is kept)."""

    name: str | None = None
    text: str | None = None
    channel: str | None = None
    rich_media: RichMedia | None = None


@attrs.frozen(kw_only=True)
class InfoTemplate(_Model):
    """A template just created. ``type`` (``transactional`` or ``promotional``) and
    ``approved`` come for Viber and WhatsApp templates only."""

    id: int
    name: str
    text: str
    channel: str
    type: str | None = None
    approved: bool | None = None


@attrs.frozen(kw_only=True)
class TemplatesNewResponse(_Result):
    """Result of ``create_template``: the template in ``info`` (its id: ``info.id``)."""

    info: InfoTemplate


@attrs.frozen(kw_only=True)
class InfoTemplateUpdate(_Model):
    """The id of the template updated or deleted."""

    id: int


@attrs.frozen(kw_only=True)
class TemplatesUpdateResponse(_Result):
    """Result of ``update_template``."""

    info: InfoTemplateUpdate


@attrs.frozen(kw_only=True)
class TemplatesDeleteResponse(_Result):
    """Result of ``delete_template``."""

    info: InfoTemplateUpdate


@attrs.frozen(kw_only=True)
class DataTemplate(_Model):
    """A template in full: its text, channel, rich media and review state.

    ``approved`` is always true for SMS; ``locked`` is true once a send has used it (it can
    no longer be edited).
    """

    id: int
    name: str
    text: str
    channel: str
    type: str | None
    rich_media: RichMedia
    created_at: datetime
    approved: bool
    locked: bool


@attrs.frozen(kw_only=True)
class TemplateDetailsResponse(_Result):
    """Result of ``get_template``."""

    data: DataTemplate


@attrs.frozen(kw_only=True)
class DataTemplatesList(_Model):
    """A template in the list (without its rich media: :meth:`get_template` has it)."""

    id: int
    name: str
    channel: str
    text: str
    created_at: datetime
    approved: bool


@attrs.frozen(kw_only=True)
class TemplatesListResponse(_Result):
    """Result of ``get_templates_list``: every template, most recent first."""

    data: list[DataTemplatesList]
