"""A callback body of any shape gives a batch or a ``WebhookParseError``, never another
exception: wrong-typed ``event``, ``data``, items and fields, for every parser. An integer
no signed 64 bits hold is taken as it is, and the items beside it with it: one absurd
report must not cost the good ones (a store that holds 64 bits checks for itself).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smscx import _convert
from smscx.webhooks import (
    WebhookParseError,
    parse_delivery_reports,
    parse_link_hits,
    parse_new_optouts,
    parse_number_lookups,
    parse_otp_updates,
    parse_received_sms,
    parse_webhook,
)
from tests.unit.test_webhooks import REPORT
from tests.unit.test_webhooks_every_callback import HIT, LOOKUP, NEW_OPTOUT, OTP, RECEIVED

Parser = Callable[[Any], object]

#: Each parser, the event it takes, and a valid item of its batch.
KINDS: dict[str, tuple[Parser, str, dict[str, Any]]] = {
    "delivery_reports": (parse_delivery_reports, "dlr_update", REPORT),
    "new_optouts": (parse_new_optouts, "new_optout", NEW_OPTOUT),
    "otp_updates": (parse_otp_updates, "otp_update", OTP),
    "number_lookups": (parse_number_lookups, "number_lookup", LOOKUP),
    "received_sms": (parse_received_sms, "receive_sms", RECEIVED),
    "link_hits": (parse_link_hits, "shortlink_hit", HIT),
}
#: Every parser, ``parse_webhook`` too, with the event and item of a batch it takes.
PARSERS: dict[str, tuple[Parser, str, dict[str, Any]]] = {
    **KINDS,
    **{f"parse_webhook-{name}": (parse_webhook, event, item) for name, (_, event, item) in
       KINDS.items()},
}  # fmt: skip

#: Values of every JSON type (and a few only decoded JSON can hold) for any place.
ODD_VALUES: list[object] = [
    None, True, False, 0, -1, 1.5, float("nan"), 2**63, 2**64, 10**30, 1e30, 10**5000,
    "", "x", "2026-99-99 99:99:99", [], [1], ["dlr_update"], {}, {"a": 1}, {"event": "x"},
]  # fmt: skip

#: Integers no signed 64 bits hold, as decoded JSON and as bytes (orjson reads 2**64 and
#: 10**30 as the floats 1.8e19 and 1e30: whole numbers, which an int field takes).
TOO_LARGE: list[object] = [2**63, -(2**63) - 1, 2**64, 10**30, 1e30, -1e30, 10**5000]

#: Each integer field of each kind's items.
INTEGER_FIELDS = [
    ("delivery_reports", "statusCode"),
    ("delivery_reports", "errorCode"),
    ("new_optouts", "hitId"),
    ("otp_updates", "parts"),
    ("otp_updates", "maxAttempts"),
    ("otp_updates", "attempts"),
    ("otp_updates", "ttl"),
    ("link_hits", "hitId"),
]


def shown(value: object) -> str:
    """A test id for ``value``: the repr of an integer of thousands of digits raises."""
    if isinstance(value, int) and value.bit_length() > 80:
        return f"int of {value.bit_length()} bits"
    return repr(value)[:24]


def batch(event: object, data: object) -> dict[str, object]:
    return {"event": event, "data": data}


def outcome(parser: Parser, body: object) -> object:
    """What ``parser`` made of ``body``: a batch, or the WebhookParseError it raised."""
    try:
        return parser(body)
    except WebhookParseError as error:
        return error


@pytest.mark.parametrize("parser", [p for p, _, _ in PARSERS.values()], ids=list(PARSERS))
@pytest.mark.parametrize(
    "event", [["dlr_update"], {"event": "dlr_update"}, 7, 1.5, True, None, 10**5000], ids=shown
)
def test_an_event_that_is_not_a_string_is_a_parse_error(parser: Parser, event: object) -> None:
    with pytest.raises(WebhookParseError, match='"event"'):
        parser(batch(event, []))


def test_an_event_that_is_a_list_in_raw_bytes_is_a_parse_error() -> None:
    # The body: a list cannot be looked up among the events (it is unhashable).
    with pytest.raises(WebhookParseError, match='"event"'):
        parse_webhook(b'{"event": ["dlr_update"], "data": []}')


@pytest.mark.parametrize(("parser", "event", "item"), PARSERS.values(), ids=list(PARSERS))
@pytest.mark.parametrize("data", ["x", {}, 7, 1.5, True, None, {"0": {}}], ids=shown)
def test_data_that_is_not_a_list_is_a_parse_error(
    parser: Parser, event: str, item: dict[str, Any], data: object
) -> None:
    with pytest.raises(WebhookParseError, match='"data" list'):
        parser(batch(event, data))


@pytest.mark.parametrize(("parser", "event", "item"), PARSERS.values(), ids=list(PARSERS))
@pytest.mark.parametrize("odd", [7, "x", [], [{"a": 1}], None, True, 10**5000], ids=shown)
def test_an_item_that_is_not_an_object_is_a_parse_error(
    parser: Parser, event: str, item: dict[str, Any], odd: object
) -> None:
    with pytest.raises(WebhookParseError, match="Malformed"):
        parser(batch(event, [item, odd]))


@pytest.mark.parametrize(("parser", "event", "item"), PARSERS.values(), ids=list(PARSERS))
def test_any_value_in_any_field_gives_a_batch_or_a_parse_error(
    parser: Parser, event: str, item: dict[str, Any]
) -> None:
    escaped: list[str] = []
    for field in item:
        for value in ODD_VALUES:
            body = batch(event, [item, {**item, field: value}])
            try:
                outcome(parser, body)
            except Exception as exc:  # what this test is about: nothing else comes out
                escaped.append(f"{field}={shown(value)}: {type(exc).__name__}: {exc}")
    assert escaped == []


@pytest.mark.parametrize(("kind", "field"), INTEGER_FIELDS)
@pytest.mark.parametrize("value", TOO_LARGE, ids=shown)
def test_an_integer_past_64_bits_is_kept_with_the_item_beside_it(
    kind: str, field: str, value: int | float
) -> None:
    parser, event, item = KINDS[kind]
    good_then_bad = batch(event, [item, {**item, field: value}])
    first, second = parser(good_then_bad).data
    (attribute,) = [
        f.name for f in attrs.fields(type(second))
        if f.metadata.get("wire", _convert.camel(f.name)) == field
    ]  # fmt: skip
    assert getattr(second, attribute) == int(value)
    assert getattr(first, attribute) == item[field]


@pytest.mark.parametrize("raw", [b"18446744073709551616", b"1e30", b"9223372036854775808"])
def test_an_error_code_past_64_bits_in_raw_bytes_is_kept_with_the_good_report(
    raw: bytes,
) -> None:
    marked = {**REPORT, "errorCode": "RAW"}
    body = json.dumps(batch("dlr_update", [REPORT, marked])).encode().replace(b'"RAW"', raw)
    good, odd = parse_delivery_reports(body).data
    assert good.msg_id == REPORT["msgId"]
    assert isinstance(odd.error_code, int)
    assert odd.error_code >= 2**63


@pytest.mark.parametrize("value", [2**63 - 1, -(2**63)])
def test_integers_at_the_64_bit_bounds_are_kept(value: int) -> None:
    (report,) = parse_delivery_reports(batch("dlr_update", [{**REPORT, "errorCode": value}])).data
    assert report.error_code == value


@pytest.mark.parametrize("decoder", ["orjson", "stdlib"])
def test_a_body_nested_too_deep_to_decode_is_a_parse_error(
    decoder: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if decoder == "stdlib":
        monkeypatch.setattr(_convert, "loads", json.loads)
    deep = b'{"event": "dlr_update", "data": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}"
    with pytest.raises(WebhookParseError, match="not JSON"):
        parse_webhook(deep)


# --- any JSON anywhere (hypothesis) -------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def _places(value: object, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value that another value could be put."""
    found = [prefix]
    if isinstance(value, Mapping):
        for key, child in value.items():
            found += _places(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _places(child, (*prefix, index))
    return found


def _replaced(value: Any, place: tuple[Any, ...], new: object) -> Any:
    if not place:
        return new
    head, *rest = place
    copy = dict(value) if isinstance(value, Mapping) else list(value)
    copy[head] = _replaced(value[head], tuple(rest), new)
    return copy


@st.composite
def damaged_callbacks(draw: st.DrawFn) -> tuple[str, object]:
    """A parser's name and a valid body of its kind with one value, anywhere, replaced."""
    name = draw(st.sampled_from(sorted(PARSERS)))
    _, event, item = PARSERS[name]
    valid = batch(event, [item, item])
    place = draw(st.sampled_from(_places(valid)))
    return name, _replaced(valid, place, draw(json_values))


@settings(max_examples=400, deadline=None)
@given(case=damaged_callbacks())
def test_any_json_anywhere_gives_a_batch_or_a_parse_error(case: tuple[str, object]) -> None:
    name, body = case
    parser = PARSERS[name][0]
    for given_as in (body, json.dumps(body).encode()):
        result = outcome(parser, given_as)
        assert isinstance(result, WebhookParseError) or hasattr(result, "data")
