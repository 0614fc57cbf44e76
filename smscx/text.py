"""GSM-7 / UCS-2 analysis of SMS text: encoding, length, parts, transliteration, emoji.

A message is sent in GSM-7 when every character is in the GSM 03.38 alphabet, and in UCS-2
otherwise; that choice decides how many characters fit in a part, and parts are what a send
costs. These functions count the way the SMS.CX API (and a phone) does, so a caller can see
the cost of a text before sending it, and shrink it with the same transliteration the API
offers::

    >>> from smscx.text import analyze, transliterate
    >>> info = analyze("Zażółć gęślą jaźń")
    >>> info.encoding.value, info.length, info.parts, info.non_gsm
    ('UCS-2', 17, 1, ('ż', 'ó', 'ł', 'ć', 'ę', 'ś', 'ą', 'ź', 'ń'))
    >>> transliterate("Zażółć gęślą jaźń", "POLISH")
    'Zazolc gesla jazn'

Counting rules (GSM 03.40 concatenation, as handsets implement it):

* GSM-7: 160 septets in one part, 153 per part once concatenated. A character of the
  extension table (``^ { } \\ [ ~ ] | €`` and form feed) is an escape plus a septet: it counts
  2, and its two septets never straddle two parts.
* UCS-2: 70 UTF-16 code units in one part, 67 per part once concatenated. A character
  outside the Basic Multilingual Plane (most emoji) is a surrogate pair: it counts 2, and the
  pair is never split across parts.

Because a two-unit character is never split, a concatenated part can carry one unit less
than its capacity, so ``parts`` can exceed ``ceil(length / per_part)`` by a few.
"""

# This module is about look-alike characters: its tables are made of them, on purpose.
# ruff: noqa: RUF001, RUF002, RUF003

from __future__ import annotations

import enum
import functools
import re
import unicodedata
from collections.abc import Callable, Mapping
from types import MappingProxyType

import attrs

from . import _emoji

__all__ = [
    "ALPHABETS",
    "GSM7_BASIC",
    "GSM7_EXTENSION",
    "MAX_CONCATENATED_PARTS",
    "MAX_PARTS",
    "Encoding",
    "TextInfo",
    "analyze",
    "is_gsm7",
    "parts_for",
    "remove_emojis",
    "replaced_characters",
    "transliterate",
    "transliteration_map",
]


class Encoding(str, enum.Enum):
    """The data coding a message is sent with; the values are the API's names."""

    GSM7 = "GSM-7"
    UCS2 = "UCS-2"


# The GSM 03.38 default alphabet in table order, without 0x1B (the escape to the extension
# table). 0x09 is the capital "Ç" the specification shows; a lowercase "ç" is not GSM-7.
_GSM7_BASIC_CHARS = (
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNO"
    "PQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmno"
    "pqrstuvwxyzäöñüà"
)
_GSM7_EXTENSION_CHARS = "\f^{}\\[~]|€"

GSM7_BASIC: frozenset[str] = frozenset(_GSM7_BASIC_CHARS)
"""The GSM 03.38 default alphabet (127 characters; the escape code is not a character)."""

GSM7_EXTENSION: frozenset[str] = frozenset(_GSM7_EXTENSION_CHARS)
"""The GSM 03.38 extension table characters: each is sent as two septets and counts 2."""

_GSM7_ALL = GSM7_BASIC | GSM7_EXTENSION

_GSM7_SINGLE, _GSM7_MULTI = 160, 153
_UCS2_SINGLE, _UCS2_MULTI = 70, 67

#: The most parts one send may carry: the API takes texts of up to 1,530 characters, which
#: is 10 parts of GSM-7 (670 characters of UCS-2 make 10 parts too).
MAX_PARTS = 10
#: The most parts any phone can join into one message: GSM 03.40 numbers them in one octet.
MAX_CONCATENATED_PARTS = 255

# The scans run in C (bytes.translate, str.replace, compiled regexes, the UTF-16 codec), so a
# 1,530-character text costs microseconds; for GSM-7 and alphabetic UCS-2 text no Python
# object is made per character.
_NON_GSM7 = re.compile("[^" + re.escape(_GSM7_BASIC_CHARS + _GSM7_EXTENSION_CHARS) + "]")
_GSM7_ASCII_BYTES = bytes(code for code in range(128) if chr(code) in _GSM7_ALL)
_ESCAPE = "\x1b"  # not GSM-7 text itself, so it can mark the first septet of a pair
# Past this many distinct non-GSM characters (CJK text) one findall beats one scan per kind.
_DISTINCT_SCAN_LIMIT = 32


@attrs.frozen(slots=True)
class TextInfo:
    """What a text costs: its encoding, its length as the API counts it, and its parts.

    ``length`` is in GSM-7 septets (extension characters count 2) or, for UCS-2, in UTF-16
    code units (a character outside the BMP counts 2). ``per_part`` is the capacity of a part
    of this text (160 or 153 for GSM-7, 70 or 67 for UCS-2) and ``remaining`` what is left
    of it in the last part (the empty text: 0 parts, 160 remaining). ``non_gsm`` lists the
    distinct characters that forced UCS-2, in order of first appearance, so a caller can see
    what to replace.
    """

    encoding: Encoding
    length: int
    parts: int
    per_part: int
    remaining: int
    non_gsm: tuple[str, ...]

    @property
    def unicode(self) -> bool:
        """Whether the text goes out as UCS-2 (the API's ``textAnalysis.unicode``)."""
        return self.encoding is Encoding.UCS2

    @property
    def too_long(self) -> bool:
        """Whether the text needs more than :data:`MAX_PARTS` parts: more than one send may
        carry (the API refuses it; split it, shorten it, or make it GSM-7)."""
        return self.parts > MAX_PARTS

    @property
    def problem(self) -> str | None:
        """Why the text cannot go as one send, in a sentence; ``None`` when it can."""
        if not self.too_long:
            return None
        limit = MAX_PARTS * (_GSM7_MULTI if self.encoding is Encoding.GSM7 else _UCS2_MULTI)
        problem = (
            f"{self.parts} parts: one send carries at most {MAX_PARTS} "
            f"({limit:,} {self.encoding.value} characters)"
        )
        if self.parts > MAX_CONCATENATED_PARTS:
            problem += (
                f", and no phone joins more than {MAX_CONCATENATED_PARTS} parts into one message"
            )
        return problem


_EMPTY = TextInfo(
    encoding=Encoding.GSM7,
    length=0,
    parts=0,
    per_part=_GSM7_SINGLE,
    remaining=_GSM7_SINGLE,
    non_gsm=(),
)


def analyze(text: str) -> TextInfo:
    """Return the encoding, length and parts of ``text`` as the API will count them.

    Never raises: any ``str`` (even one with lone surrogates) has an answer. The empty text
    is GSM-7 with 0 parts. Results are cached (they are immutable), because a batch usually
    sends one text, or a few, to thousands of numbers.

    :param text: The message, as it would be sent (placeholders counted as written).
    :returns: Its encoding, length, parts, the room left in the last part, and the
        characters that force UCS-2.
    """
    return _analyze(text)


@functools.lru_cache(maxsize=512)
def _analyze(text: str) -> TextInfo:
    if not text:
        return _EMPTY
    # Most texts are plain ASCII: isascii() is a flag check, and bytes.translate deletes the
    # GSM-7 bytes in one table-driven pass, leaving nothing if the text is GSM-7.
    if text.isascii() and not text.encode("ascii").translate(None, _GSM7_ASCII_BYTES):
        return _gsm7_info(text)
    first = _NON_GSM7.search(text)
    if first is None:
        return _gsm7_info(text)
    return _ucs2_info(text, first.start())


def is_gsm7(text: str) -> bool:
    """Whether ``text`` can be sent in GSM-7 (every character in the basic or extension table).

    :param text: The message.
    """
    if text.isascii():
        return not text.encode("ascii").translate(None, _GSM7_ASCII_BYTES)
    return _NON_GSM7.search(text) is None


def parts_for(length: int, *, unicode: bool) -> int:
    """The number of parts for ``length`` units (septets, or UTF-16 units when ``unicode``).

    Plain arithmetic: it cannot know where two-unit characters fall, so it is exact for texts
    without them and a lower bound otherwise; :func:`analyze` is exact.

    :param length: The text's length in units: GSM-7 septets (an extension character
        counts 2), or UTF-16 code units.
    :param unicode: Whether the text is UCS-2 (70 units a part, 67 once concatenated)
        rather than GSM-7 (160, 153).
    :returns: The number of parts; 0 for an empty text.
    :raises ValueError: ``length`` is negative.
    """
    if length < 0:
        raise ValueError(f"length must not be negative, got {length}")
    single, multi = (_UCS2_SINGLE, _UCS2_MULTI) if unicode else (_GSM7_SINGLE, _GSM7_MULTI)
    if length == 0:
        return 0
    if length <= single:
        return 1
    return -(-length // multi)


def _gsm7_info(text: str) -> TextInfo:
    # Spell the text as septets: each extension character becomes ESC + character, as on the
    # wire, so a septet offset can be looked up directly.
    septets = text
    for char in _GSM7_EXTENSION_CHARS:
        if char in septets:
            septets = septets.replace(char, _ESCAPE + char)
    if len(septets) == len(text):
        return _info(Encoding.GSM7, len(text), None, ())
    return _info(Encoding.GSM7, len(septets), lambda i: septets[i] == _ESCAPE, ())


def _ucs2_info(text: str, first_non_gsm: int) -> TextInfo:
    non_gsm = _distinct_non_gsm(text, first_non_gsm)
    if text.isascii():
        return _info(Encoding.UCS2, len(text), None, non_gsm)
    # "surrogatepass": a lone surrogate is one code unit on the wire, not an error.
    units = text.encode("utf-16-le", "surrogatepass")
    length = len(units) // 2
    if length == len(text):
        return _info(Encoding.UCS2, length, None, non_gsm)

    def is_pair_start(i: int) -> bool:
        # A high surrogate (D800-DBFF) followed by a low one (DC00-DFFF); little-endian, so
        # the high byte of unit i is units[2 * i + 1].
        return (
            i + 1 < length and 0xD8 <= units[2 * i + 1] <= 0xDB and 0xDC <= units[2 * i + 3] <= 0xDF
        )

    return _info(Encoding.UCS2, length, is_pair_start, non_gsm)


def _distinct_non_gsm(text: str, first: int) -> tuple[str, ...]:
    """The distinct non-GSM characters of ``text`` in order of first appearance.

    One regex search per distinct character, each followed by removing that character with
    str.replace: a handful of C passes for alphabetic text instead of a loop per character.
    """
    found: list[str] = []
    rest, pos = text, first
    while (match := _NON_GSM7.search(rest, pos)) is not None:
        char = match.group()
        found.append(char)
        if len(found) == _DISTINCT_SCAN_LIMIT:
            tail = dict.fromkeys(_NON_GSM7.findall(rest, match.end()))
            found.extend(other for other in tail if other != char)
            break
        # Everything before the match is GSM-7 and stays in place, so the next search can
        # start where this one matched.
        pos = match.start()
        rest = rest.replace(char, "")
    return tuple(found)


def _info(
    encoding: Encoding,
    length: int,
    is_pair_start: Callable[[int], bool] | None,
    non_gsm: tuple[str, ...],
) -> TextInfo:
    """Split ``length`` units into parts, never splitting a pair that ``is_pair_start``."""
    single, multi = (
        (_GSM7_SINGLE, _GSM7_MULTI) if encoding is Encoding.GSM7 else (_UCS2_SINGLE, _UCS2_MULTI)
    )
    if length <= single:
        return TextInfo(encoding, length, 1, single, single - length, non_gsm)
    if is_pair_start is None:
        parts = -(-length // multi)
        return TextInfo(encoding, length, parts, multi, parts * multi - length, non_gsm)
    # Fill parts greedily, as a phone does: a pair that would straddle the end of a part
    # moves whole to the next one, leaving that part one unit short.
    start, parts = 0, 1
    while length - start > multi:
        end = start + multi
        if is_pair_start(end - 1):
            end -= 1
        start = end
        parts += 1
    return TextInfo(encoding, length, parts, multi, multi - (length - start), non_gsm)


# ---------------------------------------------------------------------------------------------
# Emoji


# Which code points are emoji comes from Unicode's emoji data (UTS #51), generated into
# _emoji.py: PRESENTATION are emoji on their own; TEXT_DEFAULT (© ♥ ✈ ↔) are text unless
# VS-16, a skin tone or a ZWJ makes them emoji. Symbols that are not emoji at all (★ ✓ ♔,
# most of Miscellaneous Symbols and Dingbats) are never touched.
_MODIFIER = "\U0001f3fb-\U0001f3ff"
# A text-default symbol is an emoji when VS-16 or a skin tone follows it, or a ZWJ and
# another emoji (an unqualified ZWJ sequence such as ❤‍🔥 without its VS-16).
_TEXT_AS_EMOJI = (
    f"[{_emoji.TEXT_DEFAULT}]"
    f"(?:\ufe0f|(?=[{_MODIFIER}])|(?=\u200d(?:[{_emoji.PRESENTATION}]|[{_emoji.TEXT_DEFAULT}])))"
)
_EMOJI_ATOM = f"(?:[{_emoji.PRESENTATION}]|{_TEXT_AS_EMOJI}|[#*0-9]\ufe0f?\u20e3)"
# After a ZWJ, any emoji code point continues the sequence, VS-16 or not: a minimally
# qualified sequence (🙂‍↔ with no VS-16 after ↔) goes as a whole, not leaving "\u200d↔".
_JOINED_ATOM = f"(?:[{_emoji.PRESENTATION}]|[{_emoji.TEXT_DEFAULT}]\ufe0f?)"
# Trailing pieces of an emoji: VS-16, a skin tone, and the tag characters of subdivision
# flags (England, Scotland, Wales).
_EMOJI_TAIL = f"\ufe0f?[{_MODIFIER}]?[\U000e0020-\U000e007f]*"
# A ZERO WIDTH JOINER is removed only inside an emoji sequence: elsewhere it shapes scripts
# such as Devanagari and must stay. Stray variation selectors, keycap marks and tags are
# invisible debris that would force UCS-2.
_EMOJI = re.compile(
    f"{_EMOJI_ATOM}{_EMOJI_TAIL}(?:\u200d{_JOINED_ATOM}{_EMOJI_TAIL})*"
    "|[\ufe0e\ufe0f\u20e3\U000e0020-\U000e007f]"
)


def remove_emojis(text: str) -> str:
    """Strip emoji from ``text``, as the API's ``removeEmojis`` does, to avoid UCS-2.

    Follows Unicode's emoji data (UTS #51): removes every emoji and emoji sequence whole
    (a ZWJ family, a flag, a keycap, a skin tone with its base); a text-default symbol such
    as ©, ♥ or ↔ only in its emoji form (VS-16 after it, or inside a sequence). Symbols that
    are not emoji (★, ✓, chess pieces) are kept, as are surrounding spaces.

    :param text: The message.
    :returns: The text without its emoji.
    """
    if text.isascii():
        return text
    return _EMOJI.sub("", text)


# ---------------------------------------------------------------------------------------------
# Transliteration

ALPHABETS: tuple[str, ...] = (
    "NONE",
    "NON_GSM",
    "RUSSIAN_CYRILLIC",
    "BULGARIAN_CYRILLIC",
    "UKRAINIAN_CYRILLIC",
    "MACEDONIAN_CYRILLIC",
    "BELARUSIAN_CYRILLIC",
    "SERBIAN_CYRILLIC",
    "POLISH",
    "ROMANIAN",
    "TURKISH",
    "GREEK",
)
"""The transliteration alphabets the API accepts, by name."""


def _with_capitals(lower: Mapping[str, str]) -> dict[str, str]:
    """Add each letter's capital, mapped to the capitalised replacement ("Ж" -> "Zh")."""
    table = dict(lower)
    for letter, replacement in lower.items():
        capital = letter.upper()
        if len(capital) == 1 and capital != letter:
            table[capital] = replacement.capitalize()
    return table


# Cyrillic schemes are context-free (one letter, one replacement) so that a replacement can
# be counted per character, as the API reports it. Soft and hard signs are dropped where the
# scheme has no letter for them.
_RUSSIAN = _with_capitals(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
        "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
        "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
        "я": "ya",
    }
)  # fmt: skip
# Bulgarian: the official Streamlined System (2009 Transliteration Act).
_BULGARIAN = _with_capitals(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
        "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
        "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch",
        "ш": "sh", "щ": "sht", "ъ": "a", "ь": "y", "ю": "yu", "я": "ya", "ѝ": "i",
    }
)  # fmt: skip
# Ukrainian: the national system (Cabinet of Ministers resolution 55, 2010), the one in
# Ukrainian passports ("Київ" -> "Kyiv"). The map holds the forms inside a word; the two
# rules that depend on context are applied by transliterate() before it (see below).
_UKRAINIAN = _with_capitals(
    {
        "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
        "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
        "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
        "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "",
        "ю": "iu", "я": "ia", "\u02bc": "",
    }
)  # fmt: skip
# At the start of a word є ї й ю я are ye yi y yu ya ("Юрій" -> "Yurii"), and "зг" is "zgh"
# so that it does not read as "ж" ("Згорани" -> "Zghorany"). After an apostrophe a letter
# is still inside its word ("Знам'янка" -> "Znamianka").
_UKRAINIAN_WORD_INITIAL = _with_capitals({"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"})
_UKRAINIAN_IN_CONTEXT = re.compile("(?<![^\\W\\d_])(?<!['’ʼ])[ЄєЇїЙйЮюЯя]|[Зз][Гг]")


def _ukrainian_in_context(match: re.Match[str]) -> str:
    found = match.group()
    if len(found) == 1:
        return _UKRAINIAN_WORD_INITIAL[found]
    return ("Z" if found[0] == "З" else "z") + ("GH" if found[1] == "Г" else "gh")


_BELARUSIAN = _with_capitals(
    {
        "а": "a", "б": "b", "в": "v", "г": "h", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
        "з": "z", "і": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "u", "ф": "f", "х": "kh",
        "ц": "ts", "ч": "ch", "ш": "sh", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
        "\u02bc": "'",
    }
)  # fmt: skip
# Serbian: Gaj's Latin alphabet without diacritics ("ošišana latinica", how Serbian is
# typed where č ć š ž đ are unavailable).
_SERBIAN = _with_capitals(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "dj", "е": "e", "ж": "z",
        "з": "z", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n",
        "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "c", "у": "u",
        "ф": "f", "х": "h", "ц": "c", "ч": "c", "џ": "dz", "ш": "s",
    }
)  # fmt: skip
# Macedonian: the official romanisation (2008).
_MACEDONIAN = _with_capitals(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ѓ": "gj", "е": "e", "ж": "zh",
        "з": "z", "ѕ": "dz", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m",
        "н": "n", "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ќ": "kj",
        "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "ch", "џ": "dzh", "ш": "sh", "ѐ": "e",
        "ѝ": "i",
    }
)  # fmt: skip
_POLISH = _with_capitals(
    {"ą": "a", "ć": "c", "ę": "e", "ł": "l", "ń": "n", "ó": "o", "ś": "s", "ź": "z", "ż": "z"}
)
_ROMANIAN = _with_capitals({"ă": "a", "â": "a", "î": "i", "ș": "s", "ş": "s", "ț": "t", "ţ": "t"})
# Turkish: ö ü Ö Ü Ç are GSM-7 already and stay; "İ" is the capital of "i", "I" of "ı".
_TURKISH = {
    "ç": "c", "ğ": "g", "Ğ": "G", "ı": "i", "İ": "I", "ş": "s", "Ş": "S",
    "â": "a", "Â": "A", "î": "i", "Î": "I", "û": "u", "Û": "U",
}  # fmt: skip
# Greek goes to capitals, the way Greek SMS have long been written: a letter that GSM-7 has
# (Δ Φ Γ Λ Ω Π Ψ Σ Θ Ξ) becomes that capital, any other its Latin look-alike (Α -> A,
# Η -> H, Ρ -> P, Χ -> X ...). Accents are dropped.
_GREEK = {
    "α": "A", "β": "B", "γ": "Γ", "δ": "Δ", "ε": "E", "ζ": "Z", "η": "H", "θ": "Θ",
    "ι": "I", "κ": "K", "λ": "Λ", "μ": "M", "ν": "N", "ξ": "Ξ", "ο": "O", "π": "Π",
    "ρ": "P", "σ": "Σ", "ς": "Σ", "τ": "T", "υ": "Y", "φ": "Φ", "χ": "X", "ψ": "Ψ",
    "ω": "Ω", "ά": "A", "έ": "E", "ή": "H", "ί": "I", "ό": "O", "ύ": "Y", "ώ": "Ω",
    "ϊ": "I", "ϋ": "Y", "ΐ": "I", "ΰ": "Y",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "Ά": "A", "Έ": "E",
    "Ή": "H", "Ί": "I", "Ό": "O", "Ύ": "Y", "Ώ": "Ω", "Ϊ": "I", "Ϋ": "Y",
    "\u037e": ";", "\u0387": ";",
}  # fmt: skip

_PUNCTUATION = {
    **dict.fromkeys("‘’‚‛′‹›`´ʼʻ", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−⁃", "-"),
    **dict.fromkeys("\t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008", " "),
    **dict.fromkeys("\u2009\u200a\u202f\u205f\u3000", " "),
    **dict.fromkeys("\u2028\u2029", "\n"),
    # Invisible: zero width space, word joiner, byte order mark, soft hyphen.
    **dict.fromkeys("\u200b\u2060\ufeff\u00ad", ""),
    # Combining diacritics (decomposed accents): the base letter before them stays.
    **dict.fromkeys(map(chr, range(0x0300, 0x0370)), ""),
    "…": "...",
    "•": "-",
    "×": "x",
    "⁄": "/",
    "∕": "/",
    "¦": "|",
    "©": "(c)",
    "®": "(R)",
    "™": "TM",
    "\u2126": "Ω",  # OHM SIGN
    "\u2206": "Δ",  # INCREMENT
    "\u2211": "Σ",  # N-ARY SUMMATION
}
# Latin letters with no decomposition to a base letter.
_LATIN_SPECIAL = {
    "Ð": "D", "ð": "d", "Þ": "Th", "þ": "th", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h",
    "ı": "i", "Ł": "L", "ł": "l", "Ŀ": "L", "ŀ": "l", "Œ": "OE", "œ": "oe", "Ŧ": "T",
    "ŧ": "t", "ſ": "s", "Ŋ": "N", "ŋ": "n", "ƒ": "f", "ŉ": "'n", "ẞ": "SS",
}  # fmt: skip


def _decomposed_latin() -> dict[str, str]:
    """Latin letters (accented, ligatures, fullwidth ASCII) -> their GSM-7 compatibility base.

    Derived from the Unicode database rather than typed out: NFKD, then the combining marks
    dropped; kept only when what is left is GSM-7 (so "ǆ" -> "dz", "ﬁ" -> "fi", "Ｈ" -> "H").
    """
    # Latin-1 Supplement to Latin Extended-B, Latin Extended Additional, the Latin
    # ligatures, and fullwidth ASCII.
    ranges = (
        range(0xC0, 0x250),
        range(0x1E00, 0x1F00),
        range(0xFB00, 0xFB07),
        range(0xFF01, 0xFF5F),
    )
    table: dict[str, str] = {}
    for char in (chr(code) for codes in ranges for code in codes):
        if char in _GSM7_ALL:
            continue
        base = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        if base and base != char and all(c in _GSM7_ALL for c in base):
            table[char] = base
    return table


# NON_GSM covers every script above at once, plus punctuation and all Latin letters. Letters
# Cyrillic alphabets share follow the Russian scheme (so Ukrainian "г" is "g" here, "h" with
# UKRAINIAN_CYRILLIC); letters only one alphabet has take that alphabet's replacement.
_CYRILLIC_EXTRA = _with_capitals(
    {
        "є": "ye", "і": "i", "ї": "yi", "ґ": "g", "ў": "u", "ђ": "dj", "ј": "j", "љ": "lj",
        "њ": "nj", "ћ": "c", "џ": "dz", "ѓ": "gj", "ќ": "kj", "ѕ": "dz", "ѝ": "i", "ѐ": "e",
    }
)  # fmt: skip
_NON_GSM = {
    **_decomposed_latin(),
    **_LATIN_SPECIAL,
    **_RUSSIAN,
    **_CYRILLIC_EXTRA,
    **_GREEK,
    **_PUNCTUATION,
}

_MAPS: dict[str, Mapping[str, str]] = {
    name: MappingProxyType(table)
    for name, table in (
        ("NONE", {}),
        ("NON_GSM", _NON_GSM),
        ("RUSSIAN_CYRILLIC", _RUSSIAN),
        ("BULGARIAN_CYRILLIC", _BULGARIAN),
        ("UKRAINIAN_CYRILLIC", _UKRAINIAN),
        ("MACEDONIAN_CYRILLIC", _MACEDONIAN),
        ("BELARUSIAN_CYRILLIC", _BELARUSIAN),
        ("SERBIAN_CYRILLIC", _SERBIAN),
        ("POLISH", _POLISH),
        ("ROMANIAN", _ROMANIAN),
        ("TURKISH", _TURKISH),
        ("GREEK", _GREEK),
    )
}
# str.translate tables (code point -> replacement) and a regex of each alphabet's keys, so
# both replacing and counting run in C.
_TRANSLATE: dict[str, dict[int, str]] = {
    name: {ord(k): v for k, v in table.items()} for name, table in _MAPS.items()
}
_REPLACEABLE: dict[str, re.Pattern[str]] = {
    name: re.compile("[" + re.escape("".join(sorted(table))) + "]")
    for name, table in _MAPS.items()
    if table
}


def transliteration_map(alphabet: str) -> Mapping[str, str]:
    """The replacements an alphabet makes (character -> GSM-7 text), read-only.

    Every key is a character outside GSM-7 and every value is GSM-7 text (possibly empty,
    possibly several characters), so a transliterated text never gains non-GSM characters.
    ``UKRAINIAN_CYRILLIC`` has two rules a map cannot hold, which :func:`transliterate`
    applies on top of it: є ї й ю я are ye yi y yu ya at the start of a word, and "зг" is
    "zgh".

    :param alphabet: One of :data:`ALPHABETS`.
    :returns: The replacements, character to GSM-7 text, read-only.
    :raises ValueError: An alphabet the API does not accept (see :data:`ALPHABETS`).
    """
    try:
        return _MAPS[alphabet]
    except KeyError:
        raise ValueError(
            f"unknown alphabet {alphabet!r}; expected one of {', '.join(ALPHABETS)}"
        ) from None


def transliterate(text: str, alphabet: str = "NON_GSM") -> str:
    """Replace the characters ``alphabet`` covers with GSM-7 ones, to send fewer parts.

    ``NONE`` returns the text unchanged; ``NON_GSM`` replaces every character outside
    GSM-7 that has a sensible replacement (quotes, dashes, odd spaces, accented Latin,
    Cyrillic, Greek ...); a language alphabet replaces only that language's letters. With both
    ``NON_GSM`` and ``GREEK``, Greek becomes capitals: the ten GSM-7 has (Δ Φ Γ Λ Ω Π Ψ Σ Θ Ξ)
    and Latin look-alikes for the rest, the usual way of writing Greek in GSM-7.
    Characters without a replacement are left, so the result may still be UCS-2.

    :param text: The message.
    :param alphabet: One of :data:`ALPHABETS`: ``NONE``, ``NON_GSM`` (default) or a
        language's (``POLISH``, ``RUSSIAN_CYRILLIC`` ...), as the API's ``transliteration``
        takes it.
    :returns: The text with the alphabet's characters replaced.
    :raises ValueError: An alphabet the API does not accept.
    """
    transliteration_map(alphabet)  # validates the name
    if text.isascii() and alphabet != "NON_GSM":
        return text
    if alphabet == "UKRAINIAN_CYRILLIC":
        text = _UKRAINIAN_IN_CONTEXT.sub(_ukrainian_in_context, text)
    return text.translate(_TRANSLATE[alphabet])


def replaced_characters(original: str, alphabet: str = "NON_GSM") -> dict[str, int]:
    """Which characters :func:`transliterate` replaces in ``original``, and how often.

    Keys are in order of first appearance; this is the API's
    ``transliterationAnalysis.text.replaced.characters``.

    :param original: The message before transliteration.
    :param alphabet: One of :data:`ALPHABETS`: ``NONE``, ``NON_GSM`` (default) or a
        language's (``POLISH``, ``RUSSIAN_CYRILLIC`` ...), as the API's ``transliteration``
        takes it.
    :returns: Each replaced character and how many times it occurs.
    :raises ValueError: An alphabet the API does not accept.
    """
    transliteration_map(alphabet)  # validates the name
    pattern = _REPLACEABLE.get(alphabet)
    if pattern is None:
        return {}
    counts: dict[str, int] = {}
    for char in pattern.findall(original):
        counts[char] = counts.get(char, 0) + 1
    return counts
