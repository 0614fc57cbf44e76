"""GSM-7 / UCS-2 analysis: how the API counts a text's length and parts, and what it replaces."""

# The tests are about look-alike characters: Cyrillic, Greek and typographic ones, on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import doctest
import enum
import math
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

import smscx.text
from smscx.text import (
    ALPHABETS,
    GSM7_BASIC,
    GSM7_EXTENSION,
    Encoding,
    TextInfo,
    analyze,
    is_gsm7,
    parts_for,
    remove_emojis,
    replaced_characters,
    transliterate,
    transliteration_map,
)

GSM7 = "".join(sorted(GSM7_BASIC | GSM7_EXTENSION))


def reference_split(text: str) -> tuple[int, int, int]:
    """(length, parts, remaining), one character at a time: slow, plainly right, an oracle."""
    if is_gsm7(text):
        weights = [2 if char in GSM7_EXTENSION else 1 for char in text]
        single, multi = 160, 153
    else:
        data = text.encode("utf-16-le", "surrogatepass")
        units = [int.from_bytes(data[i : i + 2], "little") for i in range(0, len(data), 2)]
        weights, i = [], 0
        while i < len(units):
            high = 0xD800 <= units[i] <= 0xDBFF
            pair = high and i + 1 < len(units) and 0xDC00 <= units[i + 1] <= 0xDFFF
            weights.append(2 if pair else 1)
            i += weights[-1]
        single, multi = 70, 67
    length = sum(weights)
    if length == 0:
        return 0, 0, single
    if length <= single:
        return length, 1, single - length
    parts, filled = 1, 0
    for weight in weights:
        if filled + weight > multi:
            parts, filled = parts + 1, 0
        filled += weight
    return length, parts, multi - filled


def test_the_module_docstring_example_is_true() -> None:
    assert doctest.testmod(smscx.text).failed == 0


# --- GSM-7 -------------------------------------------------------------------------------


def test_empty_text_is_gsm7_with_no_parts() -> None:
    assert analyze("") == TextInfo(Encoding.GSM7, 0, 0, 160, 160, ())


def test_gsm7_alphabet_has_127_basic_and_10_extension_characters() -> None:
    assert len(GSM7_BASIC) == 127
    assert len(GSM7_EXTENSION) == 10
    assert not GSM7_BASIC & GSM7_EXTENSION
    assert "\x1b" not in GSM7_BASIC


@pytest.mark.parametrize(
    ("length", "parts", "per_part", "remaining"),
    [
        (1, 1, 160, 159),
        (160, 1, 160, 0),
        (161, 2, 153, 145),
        (306, 2, 153, 0),
        (307, 3, 153, 152),
        (1530, 10, 153, 0),
    ],
)
def test_gsm7_parts_at_the_boundaries(
    length: int, parts: int, per_part: int, remaining: int
) -> None:
    assert analyze("a" * length) == TextInfo(Encoding.GSM7, length, parts, per_part, remaining, ())


def test_non_ascii_gsm7_characters_keep_the_text_gsm7() -> None:
    info = analyze("Δ£¥èñß¿¡§ÇØ€")

    assert (info.encoding, info.length) == (Encoding.GSM7, 13)


@pytest.mark.parametrize("char", sorted(GSM7_EXTENSION))
def test_each_extension_character_counts_two_septets(char: str) -> None:
    assert analyze(char).length == 2


def test_80_euro_signs_are_160_septets_in_one_part() -> None:
    info = analyze("€" * 80)

    assert (info.encoding, info.length, info.parts, info.remaining) == (Encoding.GSM7, 160, 1, 0)


def test_81_euro_signs_are_162_septets_in_two_parts() -> None:
    info = analyze("€" * 81)

    assert (info.length, info.parts) == (162, 2)


def test_extension_character_is_not_split_across_parts() -> None:
    # The "€" would take septets 153 and 154: it moves whole to the second part.
    info = analyze("a" * 152 + "€" + "a" * 10)

    assert (info.length, info.parts, info.remaining) == (164, 2, 153 - 12)


def test_unsplittable_extension_characters_can_add_a_part() -> None:
    # 306 septets would be 2 parts, but a part holds only 76 whole "€" (152 septets).
    info = analyze("€" * 153)

    assert (info.length, info.parts, info.remaining) == (306, 3, 151)


def test_gsm7_text_is_not_unicode() -> None:
    assert analyze("Hello").unicode is False


# --- UCS-2 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("length", "parts", "per_part", "remaining"),
    [(70, 1, 70, 0), (71, 2, 67, 63), (134, 2, 67, 0), (135, 3, 67, 66)],
)
def test_ucs2_parts_at_the_boundaries(
    length: int, parts: int, per_part: int, remaining: int
) -> None:
    assert analyze("ж" * length) == TextInfo(
        Encoding.UCS2, length, parts, per_part, remaining, ("ж",)
    )


def test_one_non_gsm_character_makes_the_whole_text_ucs2() -> None:
    info = analyze("a" * 70 + "ж")

    assert (info.encoding, info.unicode, info.length, info.parts) == (Encoding.UCS2, True, 71, 2)


def test_extension_characters_count_once_in_ucs2() -> None:
    assert analyze("€{ж").length == 3


def test_emoji_outside_the_bmp_counts_two_units() -> None:
    info = analyze("😀")

    assert (info.encoding, info.length, info.parts, info.non_gsm) == (
        Encoding.UCS2,
        2,
        1,
        ("😀",),
    )


def test_surrogate_pair_is_not_split_across_parts() -> None:
    # The emoji would take units 67 and 68: it moves whole to the second part.
    info = analyze("a" * 66 + "😀" + "a" * 10)

    assert (info.length, info.parts, info.remaining) == (78, 2, 67 - 12)


def test_unsplittable_surrogate_pairs_can_add_a_part() -> None:
    # 134 units would be 2 parts, but a part holds only 33 whole emoji (66 units).
    info = analyze("😀" * 67)

    assert (info.length, info.parts, info.remaining) == (134, 3, 65)


def test_non_gsm_lists_distinct_characters_in_order_of_appearance() -> None:
    info = analyze("naïve café – ‘quoted’ – naïve")

    assert info.non_gsm == ("ï", "–", "‘", "’")


@pytest.mark.parametrize("char", ["`", "\t", "\x00", "\x7f", "ç"])
def test_characters_that_look_harmless_but_are_not_gsm7(char: str) -> None:
    assert analyze("abc" + char).encoding is Encoding.UCS2


def test_lone_surrogate_is_one_unit_and_does_not_raise() -> None:
    assert analyze("\ud83d").length == 1


# --- is_gsm7 and parts_for ---------------------------------------------------------------


def test_is_gsm7_accepts_the_whole_alphabet() -> None:
    assert is_gsm7(GSM7)


@pytest.mark.parametrize("text", ["ж", "`", "😀", "ç", "Δx\u00a0"])
def test_is_gsm7_rejects_text_with_any_other_character(text: str) -> None:
    assert not is_gsm7(text)


@pytest.mark.parametrize(
    ("length", "unicode", "parts"),
    [
        (0, False, 0),
        (160, False, 1),
        (161, False, 2),
        (306, False, 2),
        (307, False, 3),
        (1530, False, 10),
        (70, True, 1),
        (71, True, 2),
        (134, True, 2),
        (135, True, 3),
    ],
)
def test_parts_for_a_length(length: int, unicode: bool, parts: int) -> None:
    assert parts_for(length, unicode=unicode) == parts


def test_parts_for_a_negative_length_is_an_error() -> None:
    with pytest.raises(ValueError, match="negative"):
        parts_for(-1, unicode=False)


# --- transliteration ---------------------------------------------------------------------


def test_non_gsm_replaces_typographic_punctuation_and_spaces() -> None:
    assert transliterate("“Hi” – it’s… ok\u00a0now — «yes»") == '"Hi" - it\'s... ok now - "yes"'


def test_non_gsm_replaces_accented_latin_letters_with_their_base_letter() -> None:
    assert transliterate("ăâîșțłąężźćńśğışçÀÓ") == "aaistlaezzcnsgiscAO"


def test_non_gsm_keeps_accented_letters_that_gsm7_has() -> None:
    assert transliterate("àèéìòùÄÖÑÜäöñüÉÇ") == "àèéìòùÄÖÑÜäöñüÉÇ"


def test_non_gsm_transliterates_cyrillic_to_latin() -> None:
    assert transliterate("Привет, мир! Щука") == "Privet, mir! Shchuka"


def test_non_gsm_writes_greek_in_gsm7_capitals() -> None:
    assert transliterate("Καλημέρα κόσμε") == "KAΛHMEPA KOΣME"


def test_non_gsm_leaves_characters_without_a_replacement() -> None:
    assert transliterate("你好 😀 – ok") == "你好 😀 - ok"


def test_none_returns_the_text_unchanged() -> None:
    assert transliterate("Zażółć “x” ж", "NONE") == "Zażółć “x” ж"


def test_russian_cyrillic_spells_digraphs_and_drops_the_hard_and_soft_signs() -> None:
    assert transliterate("Жук, щука и ёж. Съешь!", "RUSSIAN_CYRILLIC") == (
        "Zhuk, shchuka i ezh. Sesh!"
    )


def test_bulgarian_cyrillic_uses_the_streamlined_system() -> None:
    assert transliterate("България, щастие, Христо", "BULGARIAN_CYRILLIC") == (
        "Balgariya, shtastie, Hristo"
    )


def test_ukrainian_cyrillic_uses_the_national_system_with_word_initial_forms() -> None:
    assert transliterate("Київ, Україна, Юрій, Згорани, Знамʼянка", "UKRAINIAN_CYRILLIC") == (
        "Kyiv, Ukraina, Yurii, Zghorany, Znamianka"
    )


def test_serbian_cyrillic_drops_diacritics() -> None:
    assert transliterate("Ђорђе, Љубљана, Џон, Ћуприја", "SERBIAN_CYRILLIC") == (
        "Djordje, Ljubljana, Dzon, Cuprija"
    )


def test_macedonian_cyrillic_uses_the_official_romanisation() -> None:
    assert transliterate("Ѓорѓи, Ќерка, Ѕвезда", "MACEDONIAN_CYRILLIC") == (
        "Gjorgji, Kjerka, Dzvezda"
    )


def test_belarusian_cyrillic_writes_h_for_g_and_u_for_short_u() -> None:
    assert transliterate("Беларусь, Магілёў", "BELARUSIAN_CYRILLIC") == "Belarus, Mahilyou"


def test_polish_replaces_polish_letters_only() -> None:
    assert transliterate("Zażółć gęślą jaźń ŁÓDŹ – ж", "POLISH") == "Zazolc gesla jazn LODZ – ж"


def test_romanian_replaces_both_comma_and_cedilla_forms() -> None:
    assert transliterate("Știință, ţară, Țară, şi, în, mâine, ăla", "ROMANIAN") == (
        "Stiinta, tara, Tara, si, in, maine, ala"
    )


def test_turkish_keeps_the_letters_gsm7_has() -> None:
    assert transliterate("İstanbul, ığdır, Şişli, çöğüş, Çay", "TURKISH") == (
        "Istanbul, igdir, Sisli, cögüs, Çay"
    )


def test_greek_becomes_gsm7_capitals() -> None:
    assert transliterate("Γειά σου, ΑΘΗΝΑ; ψυχή", "GREEK") == "ΓEIA ΣOY, AΘHNA; ΨYXH"


def test_a_language_alphabet_leaves_other_languages_alone() -> None:
    assert transliterate("ąж", "RUSSIAN_CYRILLIC") == "ązh"


def test_transliteration_can_turn_ucs2_into_gsm7_with_fewer_parts() -> None:
    text = "Привет! " * 20
    before, after = analyze(text), analyze(transliterate(text, "RUSSIAN_CYRILLIC"))

    assert (before.encoding, before.parts) == (Encoding.UCS2, 3)
    assert (after.encoding, after.parts) == (Encoding.GSM7, 1)


def test_an_alphabet_enum_member_is_accepted_as_its_name() -> None:
    class Alphabet(str, enum.Enum):  # as smscx.models.Alphabet
        POLISH = "POLISH"

    assert transliterate("ł", Alphabet.POLISH) == "l"


def test_replaced_characters_counts_each_replaced_character() -> None:
    assert replaced_characters("“Łódź” – łódź", "NON_GSM") == {
        "“": 1,
        "Ł": 1,
        "ó": 2,
        "ź": 2,
        "”": 1,
        "–": 1,
        "ł": 1,
    }


def test_replaced_characters_ignores_characters_the_alphabet_keeps() -> None:
    assert replaced_characters("ąж", "POLISH") == {"ą": 1}


def test_replaced_characters_with_none_is_empty() -> None:
    assert replaced_characters("ąж", "NONE") == {}


@pytest.mark.parametrize("alphabet", ALPHABETS)
def test_every_map_replaces_non_gsm_characters_with_gsm7_text(alphabet: str) -> None:
    for char, replacement in transliteration_map(alphabet).items():
        assert len(char) == 1
        assert not is_gsm7(char), char
        assert is_gsm7(replacement), (char, replacement)


@pytest.mark.parametrize(
    "call",
    [
        lambda: transliterate("x", "CYRILLIC"),
        lambda: transliterate("x", "non_gsm"),
        lambda: replaced_characters("x", "LATIN"),
        lambda: transliteration_map(""),
    ],
)
def test_an_unknown_alphabet_is_a_value_error(call: Callable[[], object]) -> None:
    with pytest.raises(ValueError, match="unknown alphabet"):
        call()


# --- emoji -------------------------------------------------------------------------------


def test_remove_emojis_strips_emoticons_and_pictographs() -> None:
    assert remove_emojis("Hi 😀🚀✅ there") == "Hi  there"


def test_remove_emojis_strips_a_zwj_family_whole() -> None:
    assert remove_emojis("a👨‍👩‍👧‍👦b") == "ab"


def test_remove_emojis_strips_flags_and_subdivision_flags() -> None:
    assert remove_emojis("a🇬🇧🇷🇴🏴󠁧󠁢󠁳󠁣󠁴󠁿b") == "ab"


def test_remove_emojis_strips_skin_tones_variation_selectors_and_keycaps() -> None:
    assert remove_emojis("a👍🏽❤️1️⃣#⃣b") == "ab"


def test_remove_emojis_keeps_symbols_in_their_text_form() -> None:
    assert remove_emojis("© 2026 ↔ ™, ©️") == "© 2026 ↔ ™, "


def test_remove_emojis_keeps_a_zero_width_joiner_outside_emoji() -> None:
    assert remove_emojis("क्\u200dष") == "क्\u200dष"


def test_removing_emojis_can_make_a_text_gsm7() -> None:
    assert analyze(remove_emojis("Party tonight 🎉🎉")).encoding is Encoding.GSM7


# --- properties --------------------------------------------------------------------------

# Any str at all, lone surrogates included (Python allows them; the API never sees them
# decoded, but analyze() must not fail on them).
any_text = st.text(
    st.one_of(st.characters(codec=None), st.characters(categories=["Cs"])), max_size=400
)
gsm7_text = st.text(st.sampled_from(GSM7), max_size=400)
# Texts that sit around the part boundaries, with two-unit characters to move about.
boundary_text = st.lists(
    st.sampled_from(["a", "€", "{", "ж", "😀", "🇬🇧"]), min_size=60, max_size=330
).map("".join)


@given(any_text)
def test_analyze_never_raises_and_is_consistent(text: str) -> None:
    info = analyze(text)

    assert (info.length, info.parts, info.remaining) == reference_split(text)
    assert info.unicode == (not is_gsm7(text))
    assert 0 <= info.remaining < info.per_part or info.parts <= 1


@given(st.one_of(gsm7_text, boundary_text))
def test_parts_match_a_character_by_character_split(text: str) -> None:
    info = analyze(text)

    assert (info.length, info.parts, info.remaining) == reference_split(text)


@given(gsm7_text)
def test_gsm7_text_never_reports_ucs2(text: str) -> None:
    info = analyze(text)

    assert info.encoding is Encoding.GSM7
    assert info.non_gsm == ()
    assert info.length == len(text) + sum(char in GSM7_EXTENSION for char in text)


@given(any_text)
def test_ucs2_length_is_utf16_code_units(text: str) -> None:
    info = analyze(text)

    if info.unicode:
        assert info.length == len(text.encode("utf-16-le", "surrogatepass")) // 2


@given(st.one_of(any_text, boundary_text), st.one_of(any_text, boundary_text))
def test_appending_text_never_reduces_the_parts(text: str, more: str) -> None:
    assert analyze(text).parts <= analyze(text + more).parts


@given(st.integers(min_value=0, max_value=5000), st.booleans())
def test_parts_for_is_monotonic_in_length(length: int, unicode: bool) -> None:
    assert parts_for(length, unicode=unicode) <= parts_for(length + 1, unicode=unicode)


@given(st.one_of(any_text, boundary_text))
def test_unsplit_pairs_cost_at_most_one_unit_per_part(text: str) -> None:
    info = analyze(text)

    assert parts_for(info.length, unicode=info.unicode) <= info.parts
    if info.parts > 1:
        assert info.parts <= math.ceil(info.length / (info.per_part - 1))


@given(any_text)
def test_non_gsm_transliteration_never_adds_non_gsm_characters(text: str) -> None:
    before = sum(not is_gsm7(char) for char in text)
    after = sum(not is_gsm7(char) for char in transliterate(text, "NON_GSM"))

    assert after <= before


@given(any_text, st.sampled_from(ALPHABETS))
def test_transliterating_twice_changes_nothing_more(text: str, alphabet: str) -> None:
    once = transliterate(text, alphabet)

    assert transliterate(once, alphabet) == once


@given(any_text, st.sampled_from(ALPHABETS))
def test_replaced_characters_are_the_ones_transliteration_changes(text: str, alphabet: str) -> None:
    replaced = replaced_characters(text, alphabet)
    kept = "".join(char for char in text if char not in replaced)

    assert transliterate(kept, alphabet) == kept


@given(gsm7_text)
def test_remove_emojis_leaves_gsm7_text_alone(text: str) -> None:
    assert remove_emojis(text) == text
