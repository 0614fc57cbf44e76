"""``ConversationsApi``: two-way threads with the contacts who texted a rented number, and
the replies to them by SMS, Viber or WhatsApp (the three replies are charged)."""

from __future__ import annotations

from collections.abc import Mapping

from smscx._migration import migration_hints
from smscx._pipeline import Endpoint
from smscx._validation import given, request_from
from smscx.models import (
    ConversationDetailsResponse,
    ConversationReadResponse,
    ConversationReplySmsRequest,
    ConversationReplySmsResponse,
    ConversationReplyViberRequest,
    ConversationReplyViberRespone,
    ConversationReplyWhatsappRequest,
    ConversationReplyWhatsappResponse,
    ConversationsListResponse,
)

from ._namespace import BlockingNamespace, Namespace, blocking

__all__ = ["BlockingConversationsApi", "ConversationsApi"]

GET_CONVERSATIONS_LIST = Endpoint("GET", "/conversations", ConversationsListResponse)
GET_CONVERSATION = Endpoint(
    "GET", "/conversations/{id}", ConversationDetailsResponse, id_field="conversationId"
)
MARK_CONVERSATION_AS_READ = Endpoint(
    "GET", "/conversations/{id}/read", ConversationReadResponse, id_field="conversationId"
)
# Charged, and a reply's body has no idempotency id: never repeated once an attempt may
# have reached the API (a repeat would text the contact twice).
SEND_REPLY_SMS = Endpoint(
    "POST",
    "/conversations/{id}/sms",
    ConversationReplySmsResponse,
    ConversationReplySmsRequest,
    id_field="conversationId",
    at_most_once=True,
)
SEND_REPLY_VIBER = Endpoint(
    "POST",
    "/conversations/{id}/viber",
    ConversationReplyViberRespone,
    ConversationReplyViberRequest,
    id_field="conversationId",
    at_most_once=True,
)
SEND_REPLY_WHATSAPP = Endpoint(
    "POST",
    "/conversations/{id}/whatsapp",
    ConversationReplyWhatsappResponse,
    ConversationReplyWhatsappRequest,
    id_field="conversationId",
    at_most_once=True,
)


class ConversationsApi(Namespace):
    """Two-way threads (``client.conversations``): the vendor's ``ConversationsApi``.

    A thread opens when a contact texts one of your rented numbers
    (:meth:`~smscx.NumbersApi.rent_number`); a reply goes to the contact from that number.

    ::

        threads = await client.conversations.get_conversations_list()
        for thread in threads.data:
            print(thread.phone_number, thread.unread_messages, thread.last_reply)
        await client.conversations.send_conversation_reply_sms(thread_id, text="Thanks!")
    """

    __slots__ = ()

    @migration_hints
    async def get_converstions_list(self) -> ConversationsListResponse:
        """The threads, the most recent reply first: ``GET /conversations``.
        **Not charged**. (The vendor's spelling; :meth:`get_conversations_list` is the same
        method.)

        :returns: The threads (``data``): the contact, the unread count, a preview of the
            last message and its time; empty when there is none.
        :raises APIStatusError: An error answer: :class:`~smscx.AuthenticationError` (401),
            :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx) once the
            retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._call(GET_CONVERSATIONS_LIST)

    #: The correctly spelt name of :meth:`get_converstions_list`: the same method.
    get_conversations_list = get_converstions_list

    @migration_hints
    async def get_conversation(self, conversation_id: str) -> ConversationDetailsResponse:
        """One thread and its messages, oldest first: ``GET
        /conversations/{conversationId}``. **Not charged**. Reading it does not mark it read
        (:meth:`mark_conversation_as_read` does).

        :param conversation_id: The thread's ``conversation_id`` (a UUID).
        :returns: The contact (``info``) and every message, received and sent (``data``).
        :raises ValidationError: Before anything is sent: ``conversation_id`` is not a UUID.
        :raises NotFoundError: No thread of the account has this id (1180).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._call(GET_CONVERSATION, path_id=conversation_id)

    @migration_hints
    async def mark_conversation_as_read(self, conversation_id: str) -> ConversationReadResponse:
        """Mark a thread read (its unread count becomes 0): ``GET
        /conversations/{conversationId}/read``. **Not charged**.

        :param conversation_id: The thread's ``conversation_id`` (a UUID).
        :returns: The thread's id (``info.id``).
        :raises ValidationError: Before anything is sent: ``conversation_id`` is not a UUID.
        :raises NotFoundError: No thread of the account has this id (1180).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx)
            once the retries are spent.
        :raises APIConnectionError: No answer once the retries are spent
            (:class:`~smscx.APITimeoutError`: out of time).
        :raises ClientClosedError: The client was closed before or during the call.
        """
        return await self._call(MARK_CONVERSATION_AS_READ, path_id=conversation_id)

    @migration_hints
    async def send_conversation_reply_sms(
        self,
        conversation_id: str,
        request: ConversationReplySmsRequest | None = None,
        /,
        *,
        text: str | None = None,
    ) -> ConversationReplySmsResponse:
        """Reply to a thread by SMS, from the rented number the contact texted: ``POST
        /conversations/{conversationId}/sms``. **Charged** like any SMS, per part.

        The body has no idempotency id, so an attempt that may have reached the API (a 5xx,
        a read timeout) is not repeated: the error has ``maybe_sent=True`` and the reply
        may have gone out. Failures that surely did not reach it (no connection, 429) are
        retried.

        :param conversation_id: The thread's ``conversation_id`` (a UUID).
        :param request: A :class:`~smscx.models.ConversationReplySmsRequest` instead of the
            keyword (or the vendor's ``smscx_client`` model of that name); never both.
        :param text: The reply. Required.
        :returns: The send (``info``: cost, parts) and the message as sent (``data``).
        :raises ValidationError: Before anything is sent: no ``text``, or
            ``conversation_id`` is not a UUID.
        :raises InvalidRequestError: The API refused the text (1801, 1802).
        :raises InsufficientCreditError: The balance does not cover the reply (1113).
        :raises NotFoundError: No thread of the account has this id (1180).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx).
            A 5xx is not retried: ``maybe_sent=True``, it may have been sent and billed.
        :raises APIConnectionError: No answer (:class:`~smscx.APITimeoutError`: out of
            time). Retried only when the request surely did not reach the API; with
            ``maybe_sent=True`` it may have been sent and billed.
        :raises ClientClosedError: The client was closed, before the call (nothing was
            sent) or during it (``maybe_sent`` says whether it may have been).
        """
        body = request_from(ConversationReplySmsRequest, request, given(text=text))
        return await self._call(SEND_REPLY_SMS, body=body, path_id=conversation_id)

    @migration_hints
    async def send_conversation_reply_viber(
        self,
        conversation_id: str,
        request: ConversationReplyViberRequest | None = None,
        /,
        *,
        text: str | None = None,
        rich_media: Mapping[str, str | None] | None = None,
    ) -> ConversationReplyViberRespone:
        """Reply to a thread by Viber, within 24 hours of the contact's last message:
        ``POST /conversations/{conversationId}/viber``. **Charged** per message.

        Not repeated once an attempt may have reached the API, as
        :meth:`send_conversation_reply_sms`.

        :param conversation_id: The thread's ``conversation_id`` (a UUID).
        :param request: A :class:`~smscx.models.ConversationReplyViberRequest` instead of
            the keywords (or the vendor's ``smscx_client`` model of that name); never both.
        :param text: The reply, up to 1,000 characters. Required.
        :param rich_media: An image, a button, as the Viber channel takes them.
        :returns: The send (``info``) and the message as sent (``data``).
        :raises ValidationError: Before anything is sent: no ``text``, or
            ``conversation_id`` is not a UUID.
        :raises InvalidRequestError: The API refused the text (1801, 1802, 1811).
        :raises ReplyWindowClosedError: More than 24 hours since the contact's last message
            (1181): nothing was sent; reply by SMS instead.
        :raises InsufficientCreditError: The balance does not cover the reply (1113).
        :raises NotFoundError: No thread of the account has this id (1180).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx).
            A 5xx is not retried: ``maybe_sent=True``, it may have been sent and billed.
        :raises APIConnectionError: No answer (:class:`~smscx.APITimeoutError`: out of
            time). Retried only when the request surely did not reach the API; with
            ``maybe_sent=True`` it may have been sent and billed.
        :raises ClientClosedError: The client was closed, before the call (nothing was
            sent) or during it (``maybe_sent`` says whether it may have been).
        """
        media = None if rich_media is None else dict(rich_media)
        fields = given(text=text, rich_media=media)
        body = request_from(ConversationReplyViberRequest, request, fields)
        return await self._call(SEND_REPLY_VIBER, body=body, path_id=conversation_id)

    @migration_hints
    async def send_conversation_reply_whatsapp(
        self,
        conversation_id: str,
        request: ConversationReplyWhatsappRequest | None = None,
        /,
        *,
        text: str | None = None,
        rich_media: Mapping[str, str | None] | None = None,
    ) -> ConversationReplyWhatsappResponse:
        """Reply to a thread by WhatsApp, within 24 hours of the contact's last message:
        ``POST /conversations/{conversationId}/whatsapp``. **Charged** per message.

        Not repeated once an attempt may have reached the API, as
        :meth:`send_conversation_reply_sms`.

        :param conversation_id: The thread's ``conversation_id`` (a UUID).
        :param request: A :class:`~smscx.models.ConversationReplyWhatsappRequest` instead
            of the keywords (or the vendor's ``smscx_client`` model of that name); never
            both.
        :param text: The reply, up to 1,000 characters. Required.
        :param rich_media: An image, a document, as the WhatsApp channel takes them.
        :returns: The send (``info``) and the message as sent (``data``).
        :raises ValidationError: Before anything is sent: no ``text``, or
            ``conversation_id`` is not a UUID.
        :raises InvalidRequestError: The API refused the text (1801, 1802, 1811).
        :raises ReplyWindowClosedError: More than 24 hours since the contact's last message
            (1182): nothing was sent; reply by SMS instead.
        :raises InsufficientCreditError: The balance does not cover the reply (1113).
        :raises NotFoundError: No thread of the account has this id (1180).
        :raises APIStatusError: Any other error answer: :class:`~smscx.AuthenticationError`
            (401), :class:`~smscx.RateLimitError` (429), :class:`~smscx.ServerError` (5xx).
            A 5xx is not retried: ``maybe_sent=True``, it may have been sent and billed.
        :raises APIConnectionError: No answer (:class:`~smscx.APITimeoutError`: out of
            time). Retried only when the request surely did not reach the API; with
            ``maybe_sent=True`` it may have been sent and billed.
        :raises ClientClosedError: The client was closed, before the call (nothing was
            sent) or during it (``maybe_sent`` says whether it may have been).
        """
        media = None if rich_media is None else dict(rich_media)
        fields = given(text=text, rich_media=media)
        body = request_from(ConversationReplyWhatsappRequest, request, fields)
        return await self._call(SEND_REPLY_WHATSAPP, body=body, path_id=conversation_id)


class BlockingConversationsApi(BlockingNamespace):
    """``SmsClient.conversations``: :class:`~smscx.ConversationsApi`, blocking."""

    __slots__ = ()

    get_converstions_list = blocking(ConversationsApi.get_converstions_list)
    #: The correctly spelt name of :meth:`get_converstions_list`: the same method.
    get_conversations_list = get_converstions_list
    get_conversation = blocking(ConversationsApi.get_conversation)
    mark_conversation_as_read = blocking(ConversationsApi.mark_conversation_as_read)
    send_conversation_reply_sms = blocking(ConversationsApi.send_conversation_reply_sms)
    send_conversation_reply_viber = blocking(ConversationsApi.send_conversation_reply_viber)
    send_conversation_reply_whatsapp = blocking(ConversationsApi.send_conversation_reply_whatsapp)
