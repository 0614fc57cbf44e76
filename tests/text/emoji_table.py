"""Derive smscx/_emoji.py, the emoji code points of UTS #51, from the ``emoji`` package.

``python -m tests.text.emoji_table`` rewrites the module; ``test_emoji.py`` fails when the
committed one no longer matches the installed ``emoji`` package (a new Unicode version).
The ``emoji`` package is a test dependency only: the SDK ships the table, not the package.

From the package's list of every emoji sequence and its qualification:

- a code point that is an emoji on its own, fully qualified, has Emoji_Presentation (😀);
- a code point whose fully-qualified form is itself followed by VS-16 is a text-default
  emoji (© ♥ ✈): an emoji only with VS-16, a skin tone or a ZWJ after it;
- skin-tone modifiers, hair components and regional indicators are emoji components.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

MODULE = Path(__file__).resolve().parents[2] / "smscx" / "_emoji.py"
VS16 = "\ufe0f"
REGIONAL_INDICATORS = range(0x1F1E6, 0x1F200)


def classes() -> tuple[set[int], set[int]]:
    """(presentation, text_default) code points, from the ``emoji`` package."""
    import emoji

    fully, component = emoji.STATUS["fully_qualified"], emoji.STATUS["component"]
    presentation: set[int] = set(REGIONAL_INDICATORS)
    text_default: set[int] = set()
    for sequence, about in emoji.EMOJI_DATA.items():
        if len(sequence) == 1 and about["status"] in (fully, component):
            presentation.add(ord(sequence))
        elif len(sequence) == 2 and sequence[1] == VS16 and about["status"] == fully:
            text_default.add(ord(sequence[0]))
    text_default -= presentation
    text_default -= {ord(c) for c in "#*0123456789"}  # keycap bases: only as keycaps
    return presentation, text_default


def _ranges(points: Iterable[int]) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for point in sorted(points):
        if found and point == found[-1][1] + 1:
            found[-1] = (found[-1][0], point)
        else:
            found.append((point, point))
    return found


def _char_class(points: Iterable[int]) -> str:
    parts = []
    for start, end in _ranges(points):
        first = f"\\U{start:08x}"
        parts.append(first if start == end else f"{first}-\\U{end:08x}")
    lines, line = [], ""
    for part in parts:
        if len(line) + len(part) > 80:
            lines.append(line)
            line = ""
        line += part
    lines.append(line)
    return "\n".join(f'    "{chunk}"' for chunk in lines)


def source() -> str:
    import emoji

    presentation, text_default = classes()
    return f'''"""Emoji code points (UTS #51), from emoji {emoji.__version__}'s data: do not edit.

Regenerate with ``python -m tests.text.emoji_table``. ``PRESENTATION`` holds the code points
that are emoji on their own (Emoji_Presentation, emoji components, regional indicators);
``TEXT_DEFAULT`` those that are text unless VS-16, a skin tone or a ZWJ follows them.
"""

# fmt: off
PRESENTATION = (
{_char_class(presentation)}
)
TEXT_DEFAULT = (
{_char_class(text_default)}
)
# fmt: on
'''


if __name__ == "__main__":
    MODULE.write_text(source())
    print(f"wrote {MODULE}", file=sys.stderr)
