"""What the models of every namespace share: the base classes, the response metadata, cursor
paging, and the lazily built list a send's messages come in.

Data only: nothing here does I/O. ``_Model`` gives every model ``to_dict``; ``_Result`` is a
response body with its :class:`ResponseMeta` beside it (never part of the body).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, ClassVar, Generic, TypeVar, overload

import attrs

_M = TypeVar("_M")


class ModelList(Sequence[_M], Generic[_M]):
    """The messages of a send (``result.data``): a read-only sequence of models, each built
    from the response the first time it is read.

    A send to 25,000 numbers answers with 25,000 messages; a batch sender mostly reads the
    totals in ``result.info`` and perhaps a few messages. Building every model up front cost
    more CPU than the request and the JSON parse together, so they are built as they are
    read (and kept). Each message's required keys are checked when the response arrives:
    a body missing one is refused at once. A value of the wrong type inside a message is
    found when that message is read, and raised then as
    :class:`~smscx.APIResponseValidationError` naming its index.

    It reads as a list: ``len``, indexing (a slice is a ``ModelList``), iteration, ``in``,
    and ``==`` with a list or another ``ModelList`` (comparing the models). ``list(data)``
    gives a plain list. Build one from models with ``ModelList(models)``.
    """

    __slots__ = ("_hook", "_items", "_meta", "_pending", "_type")

    def __init__(self, models: Iterable[_M] = ()) -> None:
        self._items: list[Any] = list(models)
        self._pending = 0
        self._hook: Callable[[Any, Any], _M] | None = None
        self._type: Any = None
        self._meta: Any = None

    @classmethod
    def _deferred(
        cls, raw: list[dict[str, Any]], hook: Callable[[Any, Any], _M], item_type: Any
    ) -> ModelList[_M]:
        """Models of ``item_type`` from the wire dicts ``raw``, built as read (``hook``)."""
        deferred: ModelList[_M] = cls.__new__(cls)
        deferred._items = raw
        deferred._pending = len(raw)
        deferred._hook = hook
        deferred._type = item_type
        deferred._meta = None
        return deferred

    def _build(self, index: int) -> _M:
        raw = self._items[index]
        if raw.__class__ is not dict:
            return raw  # type: ignore[no-any-return]
        assert self._hook is not None
        try:
            model = self._hook(raw, self._type)
        except Exception as exc:
            raise self._refused(index, raw, exc) from None
        self._items[index] = model
        self._pending -= 1
        return model

    def _build_all(self) -> None:
        """Build every message now (the wire dicts are let go as each is built)."""
        for index in range(len(self._items)):
            if self._pending == 0:
                return
            self._build(index)

    def _refused(self, index: int, raw: dict[str, Any], exc: Exception) -> Exception:
        from smscx._convert import explain_item
        from smscx.errors import APIResponseValidationError, excerpt

        meta = self._meta
        position = index if index >= 0 else len(self._items) + index
        return APIResponseValidationError(
            f"data[{position}] of the response does not match {self._type.__name__}: "
            f"{explain_item(raw, self._type) or f'{type(exc).__name__}: {exc}'}",
            status_code=getattr(meta, "status_code", None) or 200,
            request_id=getattr(meta, "request_id", None),
            body_excerpt=excerpt(repr(raw)),
            idempotency_id=getattr(meta, "idempotency_id", None),
        )

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> _M: ...

    @overload
    def __getitem__(self, index: slice) -> ModelList[_M]: ...

    def __getitem__(self, index: int | slice) -> _M | ModelList[_M]:
        if isinstance(index, slice):
            return ModelList(self._build(i) for i in range(*index.indices(len(self._items))))
        if self._pending:
            return self._build(index)
        return self._items[index]  # type: ignore[no-any-return]

    def __iter__(self) -> Iterator[_M]:
        if not self._pending:
            return iter(self._items)
        return (self._build(i) for i in range(len(self._items)))

    def __reversed__(self) -> Iterator[_M]:
        return (self._build(i) for i in range(len(self._items) - 1, -1, -1))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (ModelList, list)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # as a list's: equal by content

    def __repr__(self) -> str:
        # As a list's; a message that cannot be built shows as such instead of raising.
        shown = []
        for index in range(len(self._items)):
            try:
                shown.append(repr(self._build(index)))
            except Exception:
                shown.append(f"<data[{index}]: not a valid {self._type.__name__}>")
        return f"[{', '.join(shown)}]"

    def __reduce__(self) -> tuple[Any, ...]:
        return (ModelList, (list(self),))


class _Model:
    """What every model can do besides holding its data: become a plain ``dict``."""

    __slots__ = ()

    def to_dict(self, *, wire: bool = False) -> dict[str, Any]:
        """This model as a plain ``dict`` (nested models too).

        By default in Python's shape: the attribute names (``msg_id``, ``from_``), with
        datetimes, enums and ``None`` as they are. With ``wire=True``, in the API's JSON
        shape: its field names (``msgId``, ``from``) and dates as ``YYYY-MM-DD HH:MM:SS``
        strings, ready for ``json.dumps``; a request then holds only the fields it sends.
        The response metadata (``.meta``) is in neither: it is not part of the body.
        """
        from smscx._convert import to_python, to_wire

        return to_wire(self) if wire else to_python(self)


class _Request(_Model):
    """A body the client sends. What it declares by being one: options left at ``None`` are
    not sent (the API applies its defaults), in ``to_dict(wire=True)`` as on the wire, and
    the pipeline checks it (``smscx._validation``) before sending."""

    __slots__ = ()


@attrs.frozen(kw_only=True)
class RateLimitSnapshot(_Model):
    """The rate-limit headers of a response: the window's size, what is left, its reset."""

    limit: int | None = None
    remaining: int | None = None
    reset_at: datetime | None = None


@attrs.frozen(kw_only=True)
class ResponseMeta(_Model):
    """What the HTTP exchange said about a result, beside its body.

    ``attempts`` counts the HTTP attempts the call made (1 when the first one succeeded).
    ``idempotency_id`` is the id the send used (``None`` for estimates and deletes);
    ``idempotency_confirmed`` is true when the server echoed it in ``X-Idempotency-Id``.
    """

    EMPTY: ClassVar[ResponseMeta]

    status_code: int = 200
    request_id: str | None = None
    idempotency_id: str | None = None
    idempotency_confirmed: bool = False
    rate_limit: RateLimitSnapshot | None = None
    response_time: str | None = None
    attempts: int = 1


ResponseMeta.EMPTY = ResponseMeta()


@attrs.frozen(kw_only=True)
class _Result(_Model):
    """A response body plus :class:`ResponseMeta`, with shortcuts to the metadata."""

    #: Not part of the body (``wire: None``): the converter neither reads nor writes it.
    meta: ResponseMeta = attrs.field(
        default=ResponseMeta.EMPTY, repr=False, eq=False, metadata={"wire": None}
    )

    @property
    def request_id(self) -> str | None:
        """The API's ``X-Request-Id``: quote it to support."""
        return self.meta.request_id

    @property
    def idempotency_id(self) -> str | None:
        """The idempotency id the send used (``None`` for estimates and deletes)."""
        return self.meta.idempotency_id

    @property
    def rate_limit(self) -> RateLimitSnapshot | None:
        """The rate-limit window as of this response."""
        return self.meta.rate_limit

    @property
    def attempts(self) -> int:
        """How many HTTP attempts the call took."""
        return self.meta.attempts


# --- cursor paging ----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Paging(_Model):
    """Where a page of a list sits: the cursors of the next and previous pages (``None``
    at either end) and the page's size (its ``limit``)."""

    next: str | None = None
    previous: str | None = None
    size: int = 500


# --- parts of a message that sends and reports share --------------------------------------


@attrs.frozen(kw_only=True)
class TextAnalysis(_Model):
    """How the API counted a message's text: its length, encoding and parts."""

    length: int
    unicode: bool
    parts: int


@attrs.frozen(kw_only=True)
class Group(_Model):
    """A contact group a campaign went to."""

    id: int
    name: str
    phone_numbers: int
