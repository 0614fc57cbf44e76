"""``TemplatesApi``: the text templates that Viber and WhatsApp sends name by id."""

from __future__ import annotations

from smscx._migration import migration_hints
from smscx._pipeline import Endpoint
from smscx._validation import given, request_from
from smscx.models import (
    RichMedia,
    TemplateDetailsResponse,
    TemplatesDeleteResponse,
    TemplatesListResponse,
    TemplatesNewRequest,
    TemplatesNewResponse,
    TemplatesUpdateRequest,
    TemplatesUpdateResponse,
)

from ._namespace import BlockingNamespace, Namespace, blocking

__all__ = ["BlockingTemplatesApi", "TemplatesApi"]

GET_TEMPLATES_LIST = Endpoint("GET", "/templates", TemplatesListResponse)
CREATE_TEMPLATE = Endpoint(
    "POST", "/templates", TemplatesNewResponse, TemplatesNewRequest, creates=True
)
GET_TEMPLATE = Endpoint(
    "GET", "/templates/{id}", TemplateDetailsResponse, id_field="templateId", id_kind="int"
)
# PATCH sets fields to the values given: repeating it after an unknown outcome is harmless,
# but the outcome may have changed something (``creates``: maybe_sent on errors).
UPDATE_TEMPLATE = Endpoint(
    "PATCH",
    "/templates/{id}",
    TemplatesUpdateResponse,
    TemplatesUpdateRequest,
    id_field="templateId",
    id_kind="int",
    creates=True,
    no_content=True,
)
DELETE_TEMPLATE = Endpoint(
    "DELETE", "/templates/{id}", TemplatesDeleteResponse, id_field="templateId", id_kind="int"
)


class TemplatesApi(Namespace):
    """Viber and WhatsApp templates (``client.templates``): the vendor's ``TemplatesApi``.

    A Viber or WhatsApp template is reviewed by the service before a send may use it
    (``approved``); the first send that uses it locks it (``locked``) against edits.

    ::

        created = await client.templates.create_template(
            name="Welcome", text="Hi {{name}}!", channel="viber"
        )
        template = await client.templates.get_template(created.info.id)
        print(template.data.approved, template.data.locked)
    """

    __slots__ = ()

    @migration_hints
    async def get_templates_list(self) -> TemplatesListResponse:
        """Every template of the account: ``GET /templates``. **Not charged**.

        :returns: The templates, most recent first (``data``): ``id``, ``name``,
            ``channel``, ``text``, ``created_at``, ``approved``.
        :raises APIStatusError: An error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._call(GET_TEMPLATES_LIST)

    @migration_hints
    async def create_template(
        self,
        request: TemplatesNewRequest | None = None,
        /,
        *,
        text: str | None = None,
        name: str | None = None,
        channel: str | None = None,
        rich_media: RichMedia | None = None,
    ) -> TemplatesNewResponse:
        """Create a template: ``POST /templates``; its id is in ``.info.id``.
        **Not charged**.

        A Viber or WhatsApp template starts pending (``approved`` false) until the service
        approves it; an SMS template is approved at once. A name in use is an
        :class:`~smscx.InvalidRequestError` (1805); after an attempt of unknown outcome that
        one says ``maybe_sent`` (it most likely made it).

        :param request: A :class:`~smscx.models.TemplatesNewRequest` instead of the keyword
            fields (or the vendor's ``smscx_client`` model of that name); never both.
        :param text: The template's text, with ``{{placeholders}}`` that a send's custom
            fields fill: at most 1,000 characters for Viber and WhatsApp. Required.
        :param name: Its name, 3 to 100 characters, unique in the account (default: one the
            API makes, ``Template <date>``).
        :param channel: ``"sms"`` (the API's default), ``"viber"`` or ``"whatsapp"``.
        :param rich_media: A :class:`~smscx.models.RichMedia`: an image, and a button
            (caption of 1 to 30 characters) with the URL it opens.
        :returns: The template (``info``): ``id``, ``name``, ``text``, ``channel``; for
            Viber and WhatsApp ``type`` and ``approved``.
        :raises InvalidRequestError: No text (1801), an invalid one (1802), a name not of 3
            to 100 characters (1803), a name in use (1805), an unknown channel (1806), a
            button caption not of 1 to 30 characters (1808), an invalid target URL (1809)
            or image URL (1810), a text too long (1811).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent; ``maybe_sent`` says whether it may have been done.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time); ``maybe_sent`` as above.
        :raises ClientClosedError: The client was closed before or during the call.
        """
        fields = given(text=text, name=name, channel=channel, rich_media=rich_media)
        body = request_from(TemplatesNewRequest, request, fields)
        return await self._call(CREATE_TEMPLATE, body=body)

    @migration_hints
    async def get_template(self, template_id: int) -> TemplateDetailsResponse:
        """A template in full: ``GET /templates/{templateId}``. **Not charged**.

        :param template_id: The template's id (a whole number: ``info.id`` of
            :meth:`create_template`, ``id`` in :meth:`get_templates_list`).
        :returns: The template (``data``): its text, channel, ``type``, ``rich_media``,
            ``created_at``, ``approved`` and ``locked``.
        :raises ValidationError: Before anything is sent: ``template_id`` is not a whole
            number of at least 1.
        :raises NotFoundError: No template of the account has this id (1800).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._call(GET_TEMPLATE, path_id=template_id)

    @migration_hints
    async def update_template(
        self,
        template_id: int,
        request: TemplatesUpdateRequest | None = None,
        /,
        *,
        name: str | None = None,
        text: str | None = None,
        channel: str | None = None,
        rich_media: RichMedia | None = None,
    ) -> TemplatesUpdateResponse | None:
        """Change a template's name, text or rich media: ``PATCH /templates/{templateId}``;
        what is not given is kept. **Not charged**.

        A locked template (one a send has used) cannot be edited:
        :class:`~smscx.AccessDeniedError` (1812). An edited Viber or WhatsApp template goes
        back to review. Nothing to change (the same values) is ``None`` (HTTP 204).

        :param template_id: The template's id (a whole number).
        :param request: A :class:`~smscx.models.TemplatesUpdateRequest` instead of the
            keyword fields (or the vendor's ``smscx_client`` model of that name); never both.
        :param name: A new name, 3 to 100 characters, unique in the account.
        :param text: A new text (at most 1,000 characters for Viber and WhatsApp).
        :param channel: The channel (``"sms"``, ``"viber"``, ``"whatsapp"``).
        :param rich_media: The rich media's fields to change (:class:`~smscx.models.RichMedia`).
        :returns: The id of the template updated (``info.id``), or ``None`` when nothing
            changed.
        :raises ValidationError: Before anything is sent: ``template_id`` is not a whole
            number of at least 1.
        :raises NotFoundError: No template of the account has this id (1800).
        :raises AccessDeniedError: The template is locked (1812).
        :raises InvalidRequestError: Nothing to change given (1804), an invalid text (1802),
            name (1803, 1805), rich media (1808, 1809, 1810) or a text too long (1811).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent; ``maybe_sent`` says whether it may have been done.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time); ``maybe_sent`` as above.
        :raises ClientClosedError: The client was closed before or during the call.
        """
        fields = given(name=name, text=text, channel=channel, rich_media=rich_media)
        body = request_from(TemplatesUpdateRequest, request, fields)
        return await self._call(UPDATE_TEMPLATE, body=body, path_id=template_id)

    @migration_hints
    async def delete_template(self, template_id: int) -> TemplatesDeleteResponse:
        """Delete a template: ``DELETE /templates/{templateId}``. **Not charged**.

        An unknown id is a :class:`~smscx.NotFoundError` (1800); after an attempt of unknown
        outcome, one with ``maybe_sent=True`` (that attempt most likely deleted it).

        :param template_id: The template's id (a whole number).
        :returns: The id of the template deleted (``info.id``).
        :raises ValidationError: Before anything is sent: ``template_id`` is not a whole
            number of at least 1.
        :raises NotFoundError: No template of the account has this id (1800).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent; ``maybe_sent`` says whether it may have been done.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time); ``maybe_sent`` as above.
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._call(DELETE_TEMPLATE, path_id=template_id)


class BlockingTemplatesApi(BlockingNamespace):
    """``SmsClient.templates``: :class:`~smscx.TemplatesApi`, blocking."""

    __slots__ = ()

    get_templates_list = blocking(TemplatesApi.get_templates_list)
    create_template = blocking(TemplatesApi.create_template)
    get_template = blocking(TemplatesApi.get_template)
    update_template = blocking(TemplatesApi.update_template)
    delete_template = blocking(TemplatesApi.delete_template)
