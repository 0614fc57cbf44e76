"""``smscx text``: encoding, length, parts, capacity and the characters that forced UCS-2."""

from __future__ import annotations

import json

from tests.cli.conftest import Run


def test_a_gsm7_text(run: Run) -> None:
    result = run(None, ["text", "Hello {world}"])
    assert result.exit_code == 0
    assert result.stdout == (
        "encoding:  GSM-7\n"
        "length:    15\n"
        "parts:     1\n"
        "per part:  160\n"
        "remaining: 145\n"
        "non-GSM:   none\n"
    )


def test_a_ucs2_text_names_the_characters_that_forced_it(run: Run) -> None:
    result = run(None, ["text", "Zażółć gęślą jaźń"])
    assert result.stdout == (
        "encoding:  UCS-2\n"
        "length:    17\n"
        "parts:     1\n"
        "per part:  70\n"
        "remaining: 53\n"
        "non-GSM:   ż ó ł ć ę ś ą ź ń\n"
    )


def test_invisible_characters_are_shown_by_code_point(run: Run) -> None:
    result = run(None, ["text", "a\u200bb\u00a0c"])
    assert result.stdout.splitlines()[-1] == "non-GSM:   U+200B U+00A0"


def test_a_long_text_counts_concatenated_parts(run: Run) -> None:
    result = run(None, ["text", "x" * 161])
    assert result.stdout.splitlines()[2:5] == ["parts:     2", "per part:  153", "remaining: 145"]


def test_text_reads_stdin_for_a_dash(run: Run) -> None:
    result = run(None, ["text", "-"], input="Hi there\n")
    assert result.stdout.splitlines()[1] == "length:    8"


def test_text_with_json_prints_the_encoding_the_counts_and_the_problems(run: Run) -> None:
    result = run(None, ["text", "Grüße 😀", "--json"])
    assert json.loads(result.stdout) == {
        "encoding": "UCS-2",
        "length": 8,
        "parts": 1,
        "per_part": 70,
        "remaining": 62,
        "non_gsm": ["😀"],
        "too_long": False,
        "problem": None,
    }


def test_a_text_too_long_for_one_send_says_so(run: Run) -> None:
    result = run(None, ["text", "ç" * 1530])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == (
        "too long:  23 parts: one send carries at most 10 (670 UCS-2 characters)"
    )
    as_json = json.loads(run(None, ["text", "ç" * 1530, "--json"]).stdout)
    assert as_json["too_long"] is True
