"""The one cattrs converter: how models look on the wire.

Rules, all here and nowhere else:

- field names are camelCase on the wire, ``from_`` is ``from``;
- request options left at ``None`` are omitted (the API applies its defaults; no ``null``);
- datetimes travel as ``YYYY-MM-DD HH:MM:SS`` in UTC; an aware datetime is converted to UTC,
  a naive one is taken to be UTC already; parsed dates are aware (UTC);
- unknown response keys are ignored (the API grows); primitives are checked strictly, so a
  body of the wrong shape fails loudly here instead of surfacing as a wrong value later;
- ``ResponseMeta`` never comes from or goes to the body.

Hooks are generated once per class at import (cattrs compiles them to plain functions), so a
25,000-message response costs one generated-function call per message.
"""

from __future__ import annotations

import collections.abc
import functools
import gc
import json
import re
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from .models._common import ModelList, _Request

_orjson: Any
try:  # orjson is optional: about 5x faster on large bodies when installed.
    import orjson as _orjson
except ImportError:  # pragma: no cover - exercised where orjson is absent
    _orjson = None

__all__ = ["converter", "dumps", "format_datetime", "loads", "parse_datetime"]

T = TypeVar("T")

_WIRE_FORMAT = "%Y-%m-%d %H:%M:%S"


def camel(name: str) -> str:
    """``dlr_callback_url`` -> ``dlrCallbackUrl``; ``from_`` -> ``from``."""
    head, *rest = name.rstrip("_").split("_")
    return head + "".join(word.capitalize() for word in rest)


def format_datetime(value: datetime) -> str:
    """A datetime as the API wants it: UTC, ``YYYY-MM-DD HH:MM:SS``."""
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc)
    return value.strftime(_WIRE_FORMAT)


_WIRE_DATE = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d")


# A 25,000-message response repeats a handful of distinct timestamps, so a small cache turns
# 25,000 parses into a few; fromisoformat is C code and ~20x faster than strptime anyway.
@functools.lru_cache(maxsize=1024)
def parse_datetime(value: str) -> datetime:
    """Parse the API's ``YYYY-MM-DD HH:MM:SS`` (UTC) into an aware datetime.

    ISO 8601 with a ``T`` or an offset is accepted too; a naive value is UTC.
    """
    if not _WIRE_DATE.match(value):
        raise ValueError(f"not a date: {value[:40]!r}")
    # Python 3.10's fromisoformat does not take a "Z" suffix.
    parsed = datetime.fromisoformat(value[:-1] + "+00:00" if value.endswith("Z") else value)
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def _structure_datetime(value: Any, _: type) -> datetime:
    if isinstance(value, str):
        return parse_datetime(value)
    raise TypeError(f"expected a date string, got {type(value).__name__}")


def _strict_str(value: Any, _: type) -> str:
    if isinstance(value, str):
        return value
    raise TypeError(f"expected a string, got {type(value).__name__}")


def _strict_int(value: Any, _: type) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise TypeError(f"expected an integer, got {type(value).__name__}")


def _strict_float(value: Any, _: type) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    raise TypeError(f"expected a number, got {type(value).__name__}")


def _strict_bool(value: Any, _: type) -> bool:
    if isinstance(value, bool):
        return value
    raise TypeError(f"expected a boolean, got {type(value).__name__}")


_PRIMITIVES: dict[type, Callable[[Any, type], Any]] = {
    datetime: _structure_datetime,
    str: _strict_str,
    int: _strict_int,
    float: _strict_float,
    bool: _strict_bool,
}


def _optional(hook: Callable[[Any, type], Any]) -> Callable[[Any, type], Any]:
    def structure(value: Any, cls: type) -> Any:
        return None if value is None else hook(value, cls)

    return structure


def wire_name(field: attrs.Attribute[Any]) -> str | None:
    """A field's key in the body: its camelCase name, unless its metadata names another (a
    Python name that would shadow something, e.g. ``datetime``) or says ``None``: not part of
    any body (a result's ``meta``)."""
    name: str | None = field.metadata.get("wire", camel(field.name))
    return name


def _renames(cls: type) -> dict[str, Any]:
    renames: dict[str, Any] = {}
    for field in attrs.fields(cls):
        key = wire_name(field)
        renames[field.name] = override(omit=True) if key is None else override(rename=key)
    return renames


def optional_inner(tp: Any) -> Any:
    """``X`` for ``X | None`` (any spelling), else ``None``."""
    args = typing.get_args(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType) and len(args) == 2:
        if args[1] is type(None):
            return args[0]
        if args[0] is type(None):
            return args[1]
    return None


_MISSING = object()


def _slot_setter(cls: type, name: str) -> Callable[[Any, Any], None] | None:
    for klass in cls.__mro__:
        descriptor = klass.__dict__.get(name)
        if descriptor is not None:
            setter = getattr(descriptor, "__set__", None)
            return setter if isinstance(descriptor, types.MemberDescriptorType) else None
    return None


def _fast_structure_fn(cls: type, conv: cattrs.Converter) -> Callable[..., Any] | None:
    """A structuring function for a response model, compiled from its fields, or ``None``.

    cattrs' generated hooks call a Python function per field (the strict primitive checks)
    and then the class's keyword-only ``__init__``: about 10 us per message here, a quarter
    of a second for 25,000. This generates one function per class that checks primitives
    inline (``type(v) is str`` and friends, with the strict hooks only for the odd value),
    and fills the slots of a new instance directly, as attrs' own frozen ``__init__`` does
    with ``object.__setattr__``. Only plain frozen slotted classes qualify (no converters,
    validators or ``__attrs_post_init__``): the response models and the webhooks'. Its
    errors are plain ``TypeError``/``KeyError``; :func:`structure` explains them.
    """
    fields = attrs.fields(attrs.resolve_types(cls))
    if (
        not fields
        or "__slots__" not in cls.__dict__
        or hasattr(cls, "__attrs_post_init__")
        or hasattr(cls, "__attrs_pre_init__")
        or any(f.converter is not None or f.validator is not None for f in fields)
        or any(getattr(f.default, "takes_self", False) for f in fields)
    ):
        return None
    env: dict[str, Any] = {"_new": object.__new__, "_cls": cls, "_MISSING": _MISSING}
    env.update(_str=_strict_str, _int=_strict_int, _float=_strict_float, _bool=_strict_bool)
    env.update(_date=_structure_datetime, _datetime=datetime)
    if len(fields) <= _INTERN_FIELDS and all(
        f.type in _INTERNABLE and f.default is attrs.NOTHING for f in fields
    ):
        return _interning_structure_fn(cls, fields, env)
    lines = ["def structure(o, _=None):", "    self = _new(_cls)"]
    for i, field in enumerate(fields):
        setter = _slot_setter(cls, field.name)
        if setter is None:
            return None
        env[f"_set{i}"] = setter
        key = wire_name(field)
        if key is None:
            env[f"_d{i}"] = field.default
            lines.append(f"    _set{i}(self, _d{i})")
            continue
        inner = optional_inner(field.type)
        check = _inline_check(field.type if inner is None else inner, i, env, conv)
        guard = "v is not None" if inner is not None else None
        if field.default is attrs.NOTHING:
            lines.append(f"    v = o[{key!r}]")
        else:
            if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
                env[f"_d{i}"] = field.default.factory
                fill = f"_d{i}()"
            else:
                env[f"_d{i}"] = field.default
                fill = f"_d{i}"
            lines.append(f"    v = o.get({key!r}, _MISSING)")
            lines.append(f"    if v is _MISSING: v = {fill}")
            guard = f"elif {guard}" if guard else "else"
        if guard is None:
            lines.extend(f"    {statement}" for statement in check)
        else:
            lines.append(f"    {guard if guard.startswith(('elif', 'else')) else 'if ' + guard}:")
            lines.extend(f"        {statement}" for statement in check)
        lines.append(f"    _set{i}(self, v)")
    lines.append("    return self")
    source = "\n".join(lines)
    code = compile(source, f"<smscx structure {cls.__qualname__}>", "exec")
    exec(code, env)
    function: Callable[..., Any] = env["structure"]
    return function


_INTERN_FIELDS = 4
_INTERNABLE = (str, int, float, bool)
_INTERN_LIMIT = 4096


def _interning_structure_fn(
    cls: type, fields: tuple[attrs.Attribute[Any], ...], env: dict[str, Any]
) -> Callable[..., Any]:
    """For a small model of primitives (``TextAnalysis``): one frozen instance per value.

    The messages of a send share their text, so 25,000 ``textAnalysis`` objects are nearly
    always one value. Instances are immutable, so sharing them is safe; each value is
    checked (and normalised to its field's exact type) before it becomes part of the key.
    """
    env["_cache"] = {}
    env["_limit"] = _INTERN_LIMIT
    lines = ["def structure(o, _=None):"]
    for i, field in enumerate(fields):
        env[f"_set{i}"] = _slot_setter(cls, field.name)
        key = wire_name(field)
        lines.append(f"    v = o[{key!r}]")
        lines.extend(f"    {statement}" for statement in _inline_check(field.type, i, env, None))
        lines.append(f"    v{i} = v")
    names = ", ".join(f"v{i}" for i in range(len(fields)))
    lines.append(f"    key = ({names},)")
    lines.append("    self = _cache.get(key)")
    lines.append("    if self is None:")
    lines.append("        self = _new(_cls)")
    lines.extend(f"        _set{i}(self, v{i})" for i in range(len(fields)))
    lines.append("        if len(_cache) < _limit: _cache[key] = self")
    lines.append("    return self")
    exec(compile("\n".join(lines), f"<smscx structure {cls.__qualname__}>", "exec"), env)
    function: Callable[..., Any] = env["structure"]
    return function


def _inline_check(tp: Any, i: int, env: dict[str, Any], conv: cattrs.Converter | None) -> list[str]:
    """Statements that check (and may convert) ``v`` of type ``tp`` in place."""
    if tp is str:
        return ["if v.__class__ is not str: v = _str(v, str)"]
    if tp is int:
        return ["if v.__class__ is not int: v = _int(v, int)"]
    if tp is float:
        return ["if v.__class__ is not float: v = _float(v, float)"]
    if tp is bool:
        return ["if v is not True and v is not False: v = _bool(v, bool)"]
    if tp is datetime:
        return ["v = _date(v, _datetime)"]
    assert conv is not None, "only primitives are checked without a converter"
    if _deferrable(tp):
        (item,) = typing.get_args(tp)
        env[f"_h{i}"] = conv.get_structure_hook(item)
        env[f"_t{i}"] = item
        env[f"_r{i}"] = required_keys(item)
        env["_deferred"] = deferred_models
        return [f"v = _deferred(v, _h{i}, _t{i}, _r{i})"]
    if typing.get_origin(tp) is list:
        (item,) = typing.get_args(tp) or (Any,)
        env[f"_h{i}"] = conv.get_structure_hook(item)
        env[f"_t{i}"] = item
        return [
            "if v.__class__ is not list: raise TypeError('expected a list')",
            f"v = [_h{i}(x, _t{i}) for x in v]",
        ]
    env[f"_h{i}"] = conv.get_structure_hook(tp)
    env[f"_t{i}"] = tp
    return [f"v = _h{i}(v, _t{i})"]


def _deferrable(tp: Any) -> bool:
    """A ``Sequence[Model]`` field: its models are built as they are read (``ModelList``)."""
    if typing.get_origin(tp) is not collections.abc.Sequence:
        return False
    args = typing.get_args(tp)
    return len(args) == 1 and attrs.has(args[0])


@functools.cache
def required_keys(cls: type) -> frozenset[str]:
    """The wire names of the fields ``cls`` cannot be built without."""
    keys = (wire_name(field) for field in attrs.fields(cls) if field.default is attrs.NOTHING)
    return frozenset(key for key in keys if key is not None)


def deferred_models(
    value: Any, hook: Callable[[Any, Any], Any], item: type, required: frozenset[str]
) -> Any:
    """A :class:`~smscx.models.ModelList` of ``item`` from a wire list, its models built
    when read; each entry is checked now for being an object with every required key."""
    if value.__class__ is not list:
        raise TypeError(f"expected a list, got {type(value).__name__}")
    for index, entry in enumerate(value):
        if entry.__class__ is not dict:
            raise TypeError(f"expected an object at [{index}], got {type(entry).__name__}")
        if not entry.keys() >= required:
            missing = sorted(required - entry.keys())[0]
            raise KeyError(f"{missing!r} is missing at [{index}]")
    return ModelList._deferred(list(value), hook, item)  # built models replace entries


def _list_of(item: type) -> Any:
    return list[item]  # type: ignore[valid-type]


def _deferred_hook(hook: Callable[[Any, Any], Any], item: type, value: Any, _: Any) -> Any:
    return deferred_models(value, hook, item, required_keys(item))


def explain_item(raw: Mapping[str, Any], cls: type) -> str | None:
    """Why ``raw`` is not a ``cls``, in wire names (for a message read from a ModelList)."""
    return _explain(raw, cls)


def _build(*, detailed: bool) -> cattrs.Converter:
    # detailed_validation collects every field's error with its path, at the price of a
    # try/except per field: several times slower on a 25,000-message response. The fast
    # converter does the work; the detailed one only explains a body that failed.
    conv = cattrs.Converter(detailed_validation=detailed)
    conv.register_unstructure_hook(datetime, format_datetime)
    for cls, hook in _PRIMITIVES.items():
        conv.register_structure_hook(cls, hook)
    # Hooks for attrs classes are generated on first use, for any model in any module (the
    # webhooks' too), and compiled once: cattrs caches them.
    conv.register_structure_hook_factory(
        attrs.has,
        lambda cls: (
            (None if detailed else _fast_structure_fn(cls, conv))
            or make_dict_structure_fn(cls, conv, **_renames(cls))
        ),
    )
    conv.register_unstructure_hook_factory(
        attrs.has,
        # Every optional request field defaults to None, so "omit if default" is exactly
        # "leave out what the caller did not set"; an explicit False is still sent.
        lambda cls: make_dict_unstructure_fn(
            cls, conv, _cattrs_omit_if_default=True, **_renames(cls)
        ),
    )
    if detailed:  # a list, each message checked: what explains a refused one
        conv.register_structure_hook_factory(
            _deferrable, lambda tp: conv.get_structure_hook(_list_of(typing.get_args(tp)[0]))
        )
    else:
        conv.register_structure_hook_factory(
            _deferrable,
            lambda tp: functools.partial(
                _deferred_hook,
                conv.get_structure_hook(typing.get_args(tp)[0]),
                typing.get_args(tp)[0],
            ),
        )
    # cattrs' own Optional hook dispatches on every value; this one resolves X's hook once.
    conv.register_structure_hook_factory(
        lambda tp: optional_inner(tp) is not None,
        lambda tp: _optional(conv.get_structure_hook(optional_inner(tp))),
    )
    return conv


#: The converter. Import it; do not build another.
converter: cattrs.Converter = _build(detailed=False)
_explainer: cattrs.Converter = _build(detailed=True)


def _build_wire() -> cattrs.Converter:
    # Models to their full wire shape for ``to_dict(wire=True)``: unlike the request
    # converter above, nothing is left out for being unset (a response's nulls are part
    # of what came), only the metadata, which is not part of any body.
    conv = cattrs.Converter()
    conv.register_unstructure_hook(datetime, format_datetime)
    conv.register_unstructure_hook_factory(
        attrs.has, lambda cls: make_dict_unstructure_fn(cls, conv, **_renames(cls))
    )
    return conv


_wire: cattrs.Converter = _build_wire()


def to_wire(model: object) -> dict[str, Any]:
    """A model as the API's JSON would hold it; a request as it would be sent."""
    # A request leaves out the options it does not set, as the pipeline's body does.
    sent = isinstance(model, _Request)
    result: dict[str, Any] = (converter if sent else _wire).unstructure(model)
    return result


def to_python(model: object) -> dict[str, Any]:
    """A model as a plain dict of its attributes (nested models too), metadata left out."""
    assert attrs.has(type(model)), model
    return attrs.asdict(
        model,  # type: ignore[arg-type]  # an attrs instance, as asserted
        recurse=True,
        filter=lambda field, _: wire_name(field) is not None,
        value_serializer=_plain_value,
    )


def _plain_value(instance: object, field: object, value: Any) -> Any:
    # attrs recurses into lists, tuples and sets only: a ModelList becomes a list of dicts.
    if isinstance(value, ModelList):
        return [to_python(model) for model in value]
    return value


def unstructure_request(request: object, as_type: type) -> dict[str, Any]:
    """A request model as its wire dict, with only the fields of ``as_type``.

    Unstructuring as the endpoint's declared type means a ``SendSmsMessageRequest`` passed to
    an estimate loses its ``idempotencyId``, as the estimate body requires.
    """
    result: dict[str, Any] = converter.unstructure(request, unstructure_as=as_type)
    return result


class ShapeError(ValueError):
    """A body that does not fit its model; the message names every misfit and its path."""


def wire_root(cls: type) -> str | None:
    """The field of a model whose body is bare (a map or a list, not an object of fields):
    its ``_WIRE_ROOT``, else ``None``."""
    root: str | None = getattr(cls, "_WIRE_ROOT", None)
    return root


def structure(data: Mapping[str, Any], cls: type[T]) -> T:
    """Wire dict -> model; :class:`ShapeError` for a body of the wrong shape.

    A model whose body is a bare map (``_WIRE_ROOT`` names the field that holds it, as for
    pricing: countries are the body's keys) gets the whole body in that field.
    """
    root = wire_root(cls)
    if root is not None:
        data = {camel(root): data}
    try:
        return converter.structure(data, cls)
    except Exception as exc:
        raise ShapeError(_explain(data, cls) or f"{type(exc).__name__}: {exc}") from exc


#: Bodies above this size are parsed with the cyclic garbage collector paused.
LARGE_BODY = 256 * 1024


@contextmanager
def gc_paused(pause: bool = True) -> Iterator[None]:
    """Pause the cyclic garbage collector while a large body becomes models.

    A 25,000-message body turns into some 100,000 new container objects: the collector's
    allocation-triggered passes, full ones included, would scan them (and everything else
    alive) again and again while they are being made, though none of them can be garbage
    yet. Reference counting still frees what it always frees; the collector runs as usual
    afterwards. A collector someone else paused stays paused.
    """
    if not pause or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def with_meta(result: T, meta: object) -> T:
    """``result`` (just structured, not yet shared) with its response metadata set.

    Set in place, as attrs' own frozen ``__init__`` sets fields: ``attrs.evolve`` would build
    the whole result a second time.
    """
    object.__setattr__(result, "meta", meta)
    data = getattr(result, "data", None)
    if data.__class__ is ModelList:
        data._meta = meta  # for the error a message that fails to build raises
    return result


_PATH_PART = re.compile(r"\.([a-z][a-z0-9_]*)")


def _wire_path(line: str) -> str:
    message, at, path = line.rpartition(" @ ")
    if not at:
        return line
    return f"{message} @ {_PATH_PART.sub(lambda m: '.' + camel(m.group(1)), path)}"


def _explain(data: Mapping[str, Any], cls: type) -> str | None:
    try:
        _explainer.structure(data, cls)
    except cattrs.BaseValidationError as exc:
        # transform_error names attributes (total_cost); the body has wire names (totalCost).
        return "; ".join(_wire_path(line) for line in cattrs.transform_error(exc))
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


dumps: Callable[[Any], bytes]
loads: Callable[[bytes | str], Any]

if _orjson is not None:
    dumps = _orjson.dumps
    loads = _orjson.loads
else:  # pragma: no cover - exercised where orjson is absent

    def dumps(obj: Any) -> bytes:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()

    loads = json.loads
