"""analyze() says when a text is more than one send may carry."""

from __future__ import annotations

from smscx.text import MAX_CONCATENATED_PARTS, MAX_PARTS, analyze


def test_a_text_within_ten_parts_fits() -> None:
    info = analyze("a" * 1530)
    assert info.parts == MAX_PARTS == 10
    assert not info.too_long
    assert info.problem is None


def test_more_than_ten_parts_is_flagged_with_the_limit_in_its_encoding() -> None:
    # analyze('ç' * 1530) said 23 parts and nothing else.
    info = analyze("ç" * 1530)
    assert info.parts == 23
    assert info.too_long
    assert info.problem == "23 parts: one send carries at most 10 (670 UCS-2 characters)"
    assert analyze("a" * 1531).problem == (
        "11 parts: one send carries at most 10 (1,530 GSM-7 characters)"
    )


def test_beyond_what_any_phone_can_join_is_said_too() -> None:
    info = analyze("a" * 39_016)
    assert info.parts == 256 > MAX_CONCATENATED_PARTS
    assert info.problem is not None
    assert "no phone joins more than 255 parts" in info.problem
