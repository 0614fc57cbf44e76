"""``TemplatesApi``: the text templates that Viber and WhatsApp sends name by id.

A Viber or WhatsApp template is created pending: the real service has a person approve it,
so the emulator waits for :meth:`TemplateService.approve` (or :meth:`~TemplateService.reject`).
A send may only use an approved template of its own channel (:meth:`TemplateService.use`),
and the first send that does locks it: a locked template cannot be edited (1812). An SMS
template is approved from the start and never locked (no SMS route names a template).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from smscx.models import (
    TemplateDetailsResponse,
    TemplatesDeleteResponse,
    TemplatesListResponse,
    TemplatesNewRequest,
    TemplatesNewResponse,
    TemplatesUpdateRequest,
    TemplatesUpdateResponse,
)
from smscx.testing._shared import SharedState
from smscx.testing.wire.call import Reply
from smscx.testing.wire.codec import dumps, format_date
from smscx.testing.wire.errors import ApiError

from . import Route

__all__ = ["CHANNELS", "ROUTES", "Template", "TemplateService"]

CHANNELS = ("sms", "viber", "whatsapp")
"""The channels a template may be for (1806 for any other)."""

_MAX_TEXT = {"sms": 1530, "viber": 1000, "whatsapp": 1000}
_URL = re.compile(r"https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?\Z", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\{\{\s*([^{}:\s]+)\s*\}\}")


@attrs.frozen(slots=True)
class Template:
    """A template as the emulator keeps it.

    ``approved`` and ``rejected`` are the hand review's outcome (both false while pending);
    ``locked`` is set by the first send that uses it. ``type`` is ``"promotional"`` for a
    Viber or WhatsApp template with rich media, ``"transactional"`` for one without, and
    ``None`` for SMS.
    """

    id: int
    name: str
    text: str
    channel: str
    created_at: datetime
    image_url: str | None = None
    button_caption: str | None = None
    target_url: str | None = None
    approved: bool = False
    rejected: bool = False
    locked: bool = False

    @property
    def type(self) -> str | None:
        """``"promotional"`` (rich media), ``"transactional"``, or ``None`` for SMS."""
        if self.channel == "sms":
            return None
        rich = self.image_url or self.button_caption or self.target_url
        return "promotional" if rich else "transactional"

    @property
    def pending(self) -> bool:
        """Waiting for the hand review."""
        return not (self.approved or self.rejected)


def render(template: Template, custom_fields: Mapping[str, str] | None = None) -> str:
    """``template``'s text with each ``{{key}}`` of ``custom_fields`` replaced by its value.

    Placeholders ``custom_fields`` does not name (``{{optoutLink}}``, ``{{numbers:6}}``) are
    left for the send's own placeholder rules.
    """
    fields = dict(custom_fields or {})

    def value(match: re.Match[str]) -> str:
        key = match.group(1)
        return str(fields[key]) if key in fields else match.group(0)

    return _PLACEHOLDER.sub(value, template.text)


def _rich_media_json(template: Template) -> dict[str, Any]:
    return {
        "imageUrl": template.image_url,
        "buttonCaption": template.button_caption,
        "targetUrl": template.target_url,
    }


def _check_url(value: object, code: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _URL.match(value.strip()):
        raise ApiError(code)
    return value.strip()


def _rich_media(raw: object, current: Template | None) -> dict[str, str | None]:
    """The rich media fields of a body's ``richMedia`` (merged over ``current``'s)."""
    fields: dict[str, str | None] = {
        "image_url": current.image_url if current else None,
        "button_caption": current.button_caption if current else None,
        "target_url": current.target_url if current else None,
    }
    if raw is None:
        return fields
    if not isinstance(raw, Mapping):
        raise ApiError(1810, "The parameter `richMedia` is not an object")
    if "imageUrl" in raw:
        fields["image_url"] = _check_url(raw["imageUrl"], 1810)
    if "targetUrl" in raw:
        fields["target_url"] = _check_url(raw["targetUrl"], 1809)
    if "buttonCaption" in raw:
        caption = raw["buttonCaption"]
        if caption is not None and (not isinstance(caption, str) or not 1 <= len(caption) <= 30):
            raise ApiError(1808)
        fields["button_caption"] = caption
    # A button is a caption and the address it opens: one without the other is refused.
    if fields["button_caption"] is not None and fields["target_url"] is None:
        raise ApiError(1809, "A button caption needs a target URL")
    if fields["target_url"] is not None and fields["button_caption"] is None:
        raise ApiError(1808, "A target URL needs a button caption (min 1, max. 30 characters)")
    return fields


class TemplateService:
    """The template routes and the review controls; it keeps the templates, by id (under the
    shared lock)."""

    def __init__(self, shared: SharedState) -> None:
        self._state = shared
        #: The templates by id.
        self.by_id: dict[int, Template] = {}
        self._next_id = 1

    def reset(self) -> None:
        """Forget every template."""
        with self._state.lock:
            self.by_id = {}
            self._next_id = 1

    # --- the emulator's controls -------------------------------------------------------

    def approve(self, template_id: int) -> Template:
        """Approve a template, as the service's reviewers would; the record."""
        return self._review(template_id, approved=True)

    def reject(self, template_id: int) -> Template:
        """Reject a template (sends refuse it with 1132 until an edit and an approval)."""
        return self._review(template_id, approved=False)

    def _review(self, template_id: int, *, approved: bool) -> Template:
        with self._state.lock:
            template = self.by_id.get(template_id)
            if template is None:
                raise KeyError(f"no template {template_id}")
            reviewed = attrs.evolve(template, approved=approved, rejected=not approved)
            self.by_id[template_id] = reviewed
            return reviewed

    def use(self, template_id: int, channel: str) -> Template:
        """The template a ``channel`` send names, locked from now on (the record).

        1128 when there is no such template or it is for another channel, 1132 when it is
        not approved (pending or rejected).
        """
        with self._state.lock:
            template = self.by_id.get(template_id)
            if template is None or template.channel != channel:
                raise ApiError(1128)
            if not template.approved:
                raise ApiError(1132)
            if not template.locked and template.channel != "sms":
                template = attrs.evolve(template, locked=True)
                self.by_id[template_id] = template
            return template

    # --- routes -------------------------------------------------------------------------

    def _template(self, raw_id: str) -> Template:
        """The template of a path's ``{templateId}`` (callers hold the lock); 1800 if none."""
        template = self.by_id.get(int(raw_id)) if raw_id.isdigit() else None
        if template is None:
            raise ApiError(1800)
        return template

    def _check_name(self, raw: object, keep: int | None = None) -> str:
        if not isinstance(raw, str) or not 3 <= len(raw.strip()) <= 100:
            raise ApiError(1803)
        name = raw.strip()
        if any(t.name.lower() == name.lower() and t.id != keep for t in self.by_id.values()):
            raise ApiError(1805)
        return name

    @staticmethod
    def _check_text(raw: object, channel: str) -> str:
        if raw is None or raw == "":
            raise ApiError(1801)
        if not isinstance(raw, str) or not raw.strip():
            raise ApiError(1802)
        if len(raw) > _MAX_TEXT[channel]:
            raise ApiError(1811, f"Text message too long (max {_MAX_TEXT[channel]} characters)")
        return raw

    @staticmethod
    def _check_channel(raw: object) -> str:
        if raw not in CHANNELS:
            raise ApiError(
                1806, "The parameter `channel` is not valid. Allowed values: " + ", ".join(CHANNELS)
            )
        return str(raw)

    def list(self) -> Reply:
        """``GET /templates``: newest first."""
        with self._state.lock:
            templates = sorted(self.by_id.values(), key=_newest_first)
            data = [
                {
                    "id": t.id,
                    "name": t.name,
                    "channel": t.channel,
                    "text": t.text,
                    "createdAt": format_date(t.created_at),
                    "approved": t.approved,
                }
                for t in templates
            ]
        return Reply(200, dumps({"data": data}))

    def create(self, body: Mapping[str, Any]) -> Reply:
        """``POST /templates``."""
        channel = self._check_channel(body.get("channel", "sms"))
        text = self._check_text(body.get("text"), channel)
        rich = _rich_media(body.get("richMedia"), None)
        with self._state.lock:
            now = self._state.now()
            raw_name = body.get("name")
            name = (
                f"Template {format_date(now)}" if raw_name is None else self._check_name(raw_name)
            )
            template = Template(
                self._next_id,
                name,
                text,
                channel,
                now,
                image_url=rich["image_url"],
                button_caption=rich["button_caption"],
                target_url=rich["target_url"],
                approved=channel == "sms",
            )
            self._next_id += 1
            self.by_id[template.id] = template
        info: dict[str, Any] = {
            "id": template.id,
            "name": template.name,
            "text": template.text,
            "channel": template.channel,
        }
        if channel != "sms":
            info["type"] = template.type
            info["approved"] = template.approved
        return Reply(201, dumps({"info": info}))

    def details(self, raw_id: str) -> Reply:
        """``GET /templates/{templateId}``."""
        with self._state.lock:
            t = self._template(raw_id)
        data = {
            "id": t.id,
            "name": t.name,
            "text": t.text,
            "channel": t.channel,
            "type": t.type,
            "richMedia": _rich_media_json(t),
            "createdAt": format_date(t.created_at),
            "approved": t.approved,
            "locked": t.locked,
        }
        return Reply(200, dumps({"data": data}))

    def update(self, raw_id: str, body: Mapping[str, Any]) -> Reply:
        """``PATCH /templates/{templateId}``: change what is given; 204 when nothing would.

        An edited Viber or WhatsApp template goes back to review (pending).
        """
        with self._state.lock:
            template = self._template(raw_id)
            if not any(body.get(k) is not None for k in ("name", "text", "richMedia")):
                raise ApiError(1804)
            if template.locked:
                raise ApiError(1812)
            channel = template.channel
            if body.get("channel") is not None:
                channel = self._check_channel(body["channel"])
            changes: dict[str, Any] = {"channel": channel}
            if body.get("text") is not None:
                changes["text"] = self._check_text(body["text"], channel)
            elif len(template.text) > _MAX_TEXT[channel]:
                raise ApiError(1811)
            if body.get("name") is not None:
                changes["name"] = self._check_name(body["name"], keep=template.id)
            changes.update(_rich_media(body.get("richMedia"), template))
            updated = attrs.evolve(template, **changes)
            if updated == template:
                return Reply(204, b"")
            if channel == "sms":
                updated = attrs.evolve(updated, approved=True, rejected=False)
            else:
                updated = attrs.evolve(updated, approved=False, rejected=False)
            self.by_id[template.id] = updated
        return Reply(200, dumps({"info": {"id": template.id}}))

    def delete(self, raw_id: str) -> Reply:
        """``DELETE /templates/{templateId}``."""
        with self._state.lock:
            template = self._template(raw_id)
            del self.by_id[template.id]
        return Reply(200, dumps({"info": {"id": template.id}}))


def _newest_first(template: Template) -> tuple[float, int]:
    return (-template.created_at.timestamp(), -template.id)


ROUTES: tuple[Route[TemplateService], ...] = (
    Route(
        "GET", "/templates", "get_templates_list", lambda t, c: t.list(),
        response=TemplatesListResponse,
    ),
    Route(
        "POST", "/templates", "create_template", lambda t, c: t.create(c.json()),
        TemplatesNewRequest, TemplatesNewResponse, status=201,
    ),
    Route(
        "GET", "/templates/{templateId}", "get_template", lambda t, c: t.details(c.param),
        response=TemplateDetailsResponse,
    ),
    Route(
        "PATCH", "/templates/{templateId}", "update_template",
        lambda t, c: t.update(c.param, c.json()),
        TemplatesUpdateRequest, TemplatesUpdateResponse, no_content=True,
    ),
    Route(
        "DELETE", "/templates/{templateId}", "delete_template", lambda t, c: t.delete(c.param),
        response=TemplatesDeleteResponse,
    ),
)  # fmt: skip
