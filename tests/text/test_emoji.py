"""remove_emojis follows Unicode's emoji data (UTS #51), with the emoji package as oracle.

It removed 1,449 code points that are not emoji (★ U+2605, ✓ U+2713, chess and mahjong
symbols), left debris of minimally-qualified sequences ('\\U0001F642\\u200d\\u2194' became
'\\u200d\\u2194', still UCS-2), and kept © ® ™ while removing ♥ ☺ ✈, all text-default alike.
"""

from __future__ import annotations

import unicodedata

import pytest

from smscx import _emoji
from smscx.text import analyze, remove_emojis
from tests.text import emoji_table

emoji = pytest.importorskip("emoji")

STATUS = emoji.STATUS
SEQUENCES = list(emoji.EMOJI_DATA)
#: Every code point that is part of some emoji sequence (or a regional indicator).
IN_EMOJI = {ord(c) for seq in SEQUENCES for c in seq} | set(emoji_table.REGIONAL_INDICATORS)


def test_the_shipped_table_is_the_one_the_emoji_data_gives() -> None:
    assert _emoji.__doc__ is not None
    assert emoji_table.MODULE.read_text() == emoji_table.source(), (
        "smscx/_emoji.py is stale: run python -m tests.text.emoji_table"
    )


def test_every_emoji_and_emoji_sequence_is_removed_whole() -> None:
    kept = []
    for sequence, about in emoji.EMOJI_DATA.items():
        if about["status"] == STATUS["unqualified"] and len(sequence) == 1:
            continue  # a text-default symbol without VS-16: text (next test)
        if remove_emojis(f"a{sequence}b") != "ab":
            kept.append(sequence)
    assert kept == [], [ascii(s) for s in kept[:10]]


def test_a_text_default_symbol_without_vs16_is_text_and_kept() -> None:
    # © ® ™ ♥ ☺ ✈ ↔ ...: all the same kind, all kept.
    singles = [
        seq
        for seq, about in emoji.EMOJI_DATA.items()
        if about["status"] == STATUS["unqualified"] and len(seq) == 1
    ]
    assert len(singles) > 100
    assert all(remove_emojis(f"a{c}b") == f"a{c}b" for c in singles), [
        c for c in singles if remove_emojis(f"a{c}b") != f"a{c}b"
    ][:10]
    for symbol in "©®™♥☺✈↔":
        assert remove_emojis(symbol) == symbol
        assert remove_emojis(symbol + "\ufe0f") == ""  # its emoji form goes


def test_symbols_that_are_not_emoji_are_never_touched() -> None:
    removed = [
        chr(point)
        for point in (*range(0x2000, 0x2C00), *range(0x1F000, 0x1FB00))
        if point not in IN_EMOJI
        and unicodedata.category(chr(point)).startswith(("S", "P", "N"))
        and remove_emojis(f"a{chr(point)}b") != f"a{chr(point)}b"
    ]
    assert removed == []
    assert remove_emojis("★☆✓♔♕♖") == "★☆✓♔♕♖"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x\U0001f642\u200d\u2194y", "xy"),  # minimally qualified: no "\u200d↔" debris
        ("x\u2764\u200d\U0001f525y", "xy"),  # ❤‍🔥 without its VS-16
        ("hi \U0001f468\u200d\U0001f469\u200d\U0001f467 there", "hi  there"),
        ("\u261d\U0001f3fbup", "up"),  # a text-default base with a skin tone
        ("flag \U0001f1eb\U0001f1f7!", "flag !"),
        ("kc 1\ufe0f\u20e3.", "kc ."),
        ("\u0915\u094d\u200d\u0937", "\u0915\u094d\u200d\u0937"),  # Devanagari ZWJ stays
    ],
)
def test_sequences_and_their_neighbours(text: str, expected: str) -> None:
    assert remove_emojis(text) == expected


def test_removing_emoji_can_make_a_text_gsm7() -> None:
    assert analyze(remove_emojis("Sale today \U0001f389\U0001f389")).encoding.value == "GSM-7"
