"""The file of ``smscx bulk``: phone numbers in a CSV file as people have them.

What it takes, and why:

- **Encodings.** UTF-8, with or without a byte-order mark; UTF-16 with one (Excel's
  "Unicode text"). A line that is not UTF-8 is read as Windows-1252 and said once on
  stderr: phone numbers are ASCII in every encoding Excel writes, so only names in other
  columns could come out wrong, and a stray byte in a column the command ignores must not
  stop a batch. A workbook (.xlsx, .xls, .ods) is refused in one line saying how to export
  CSV: Excel stores a typed number as a number (``+33612345678`` becomes ``33612345678``),
  which only the user can put right, in the export.
- **Separators.** ``,``, ``;`` (Excel under French or German settings) or a tab, whichever
  splits the first rows into the same number of fields.
- **The column.** ``--column NAME|N``, else the first column whose cells are mostly phone
  numbers, else the first.
- **A header** is the first row when its cell in that column is not a phone number, and is
  named on stderr (``skipped header: phone,name``); blank rows are skipped; a row with no
  number in the column is reported by line, never dropped without a word.
- **Spaces.** Unicode spaces (U+00A0, U+202F, ...) count as spaces, as the API reads them;
  the number is sent as written.

The file is read twice: :meth:`NumbersFile.scan` reads it all before anything is sent, so
that a file that cannot be read fails before the first request (and the progress bar has a
total); iterating then streams the numbers into ``send_bulk``. Standard input is copied to a
temporary file first, and read the same way.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import re
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

import attrs

from ._errors import InputFileError, OptionError

__all__ = [
    "SAVE_AS_CSV",
    "NumbersFile",
    "looks_like_a_number",
    "neutralised",
    "unneutralised",
]

#: How to save a file so that it reads exactly: said whenever a file does not.
SAVE_AS_CSV = "save it as CSV UTF-8 (Excel: File > Save As > CSV UTF-8)"

SEPARATORS = {",": "commas", ";": "semicolons", "\t": "tabs"}

#: Rows looked at to choose the separator and the column.
SAMPLE_LINES = 64

#: Rows with no number named on stderr before the rest is counted.
MAX_LINES_SHOWN = 10

# A workbook starts as a ZIP archive (.xlsx, .ods) or an OLE2 compound file (.xls).
_WORKBOOKS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")

# A phone number as people write it, once its spaces and dashes are plain ones: an optional
# +, then digits with spaces, dots, dashes, slashes or parentheses. A header cell ("phone",
# "msisdn", "Number") is not one. \d takes any script's digits, as libphonenumber does.
_PHONE_LIKE = re.compile(r"\+?\(?\d[\d ().\-/]{2,}")
# A date, which the pattern above would take for a number when choosing the column.
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")
#: Digits a cell needs to count as a phone number when the column is chosen (an id or a
#: quantity column has fewer).
MIN_DIGITS = 7

# Spreadsheets run a cell that starts with one of these as a formula (OWASP's list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NEUTRALISED = re.compile(r"'+[=+\-@\t\r]")


def neutralised(cell: str) -> str:
    """``cell`` as a spreadsheet shows it without running it: ``'`` before a formula start.

    A cell already written as ``'`` and a formula start gets one more ``'``, so that
    :func:`unneutralised` gives back exactly the cell, whatever it was.
    """
    if cell.lstrip("'").startswith(_FORMULA_START):
        return "'" + cell
    return cell


def unneutralised(cell: str) -> str:
    """The cell :func:`neutralised` was given: a failures file reads back as its numbers."""
    return cell[1:] if cell[:1] == "'" and _NEUTRALISED.match(cell) else cell


def _plain(cell: str) -> str:
    """``cell`` with Unicode spaces and dashes as ASCII ones and invisible characters gone:
    what libphonenumber reads (NFKC also makes full-width digits and ``+`` plain)."""
    out = []
    for char in unicodedata.normalize("NFKC", cell):
        category = unicodedata.category(char)
        if char.isspace():
            out.append(" ")
        elif category == "Pd":
            out.append("-")
        elif category != "Cf":  # zero-width spaces, soft hyphens, byte-order marks
            out.append(char)
    return "".join(out).strip()


def looks_like_a_number(cell: str) -> bool:
    """Whether ``cell`` is written as a phone number (valid or not): not a header."""
    return _PHONE_LIKE.fullmatch(_plain(unneutralised(cell.strip()))) is not None


def _holds_a_number(cell: str) -> bool:
    """Whether ``cell`` is surely a phone number, to choose the column: not a date, an id."""
    plain = _plain(unneutralised(cell.strip()))
    return (
        _PHONE_LIKE.fullmatch(plain) is not None
        and sum(char.isdigit() for char in plain) >= MIN_DIGITS
        and _DATE.fullmatch(plain) is None
    )


def _clean(cell: str) -> str:
    """The number of a cell as sent: without the spaces and invisible characters around it
    (a zero-width space, a byte-order mark), and without the mark :func:`neutralised` put
    before it."""
    cell = cell.strip()
    while cell and not cell[0].isprintable():
        cell = cell[1:].strip()
    while cell and not cell[-1].isprintable():
        cell = cell[:-1].strip()
    return unneutralised(cell)


def _is_blank(row: list[str]) -> bool:
    return not any(cell.strip() for cell in row)


@attrs.frozen
class _Layout:
    separator: str
    column: int  # from 0
    width: int  # the widest sampled row
    header: list[str] | None  # the first row, when it is no number


class NumbersFile:
    """The numbers of a file, or of standard input (``-``), checked before sending.

    ``column`` is ``--column``: a header's name or a position from 1 (``None``: the first
    column that holds phone numbers).
    """

    def __init__(self, binary: IO[bytes], name: str, column: str | None = None) -> None:
        self._binary = binary
        self.name = name
        self._column = column
        self._layout: _Layout | None = None
        #: How many numbers :meth:`scan` found.
        self.count = 0

    @classmethod
    def open(cls, numbers: str, column: str | None = None) -> NumbersFile:
        """The file named ``numbers`` (``-``: standard input).

        Standard input, and a pipe given by name (``<(zcat numbers.csv.gz)``), are read
        once: they are copied to a temporary file, to be read twice like any file.
        """
        if numbers == "-":
            return cls(_copied(sys.stdin.buffer), "standard input", column)
        try:
            file: IO[bytes] = Path(numbers).open("rb")  # noqa: SIM115 (closed by close())
            if not file.seekable():
                with file:
                    file = _copied(file)
        except OSError as exc:
            raise InputFileError(f"cannot read {numbers}: {exc.strerror or exc}") from None
        return cls(file, numbers, column)

    def close(self) -> None:
        """Close the file (a copy of standard input is deleted)."""
        self._binary.close()

    def __enter__(self) -> NumbersFile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def scan(self) -> list[str]:
        """Read the whole file, count its numbers; return the remarks for stderr.

        Raises :class:`~._errors.InputFileError` (or :class:`~._errors.OptionError` for a
        ``--column`` that is not there) when the file cannot be read as numbers, or has
        none.
        """
        notes: list[str] = []
        missing: list[int] = []
        self.count = sum(1 for _ in self._numbers(notes, missing))
        if missing:
            lines = ", ".join(str(line) for line in missing[:MAX_LINES_SHOWN])
            more = len(missing) - MAX_LINES_SHOWN
            rows = f"{len(missing):,} row{'' if len(missing) == 1 else 's'}"
            column = self._layout.column + 1 if self._layout else 1
            notes.append(
                f"skipped {rows} with no number in column {column}: line {lines}"
                + (f" and {more:,} more" if more > 0 else "")
            )
        if not self.count:
            raise InputFileError(f"no phone numbers found in {self.name}")
        return notes

    def __iter__(self) -> Iterator[str]:
        """The numbers, in file order (after :meth:`scan` found the file readable)."""
        return self._numbers([], [])

    def _numbers(self, notes: list[str], missing: list[int]) -> Iterator[str]:
        self._binary.seek(0)
        lines = self._lines(notes)
        sample = list(itertools.islice(lines, SAMPLE_LINES))
        try:
            layout = self._layout = self._find_layout(sample)
            self._describe(layout, notes)
            reader = csv.reader(itertools.chain(sample, lines), delimiter=layout.separator)
            column = layout.column
            if layout.header is not None:  # already named: skip up to it
                for row in reader:
                    if not _is_blank(row):
                        break
            for row in reader:
                number = _clean(row[column]) if column < len(row) else ""
                if number:
                    yield number
                elif not _is_blank(row):
                    missing.append(reader.line_num)
        except csv.Error as exc:
            raise self._unreadable(exc) from None

    def _unreadable(self, exc: csv.Error) -> InputFileError:
        text = str(exc)
        if text.startswith("field larger than field limit"):
            limit = csv.field_size_limit()
            text = f"a field longer than {limit:,} characters (a quote left open?)"
        return InputFileError(f"{self.name} is not a CSV file of numbers: {text}")

    def _lines(self, notes: list[str]) -> Iterator[str]:
        """The file's lines as text, each with its line end."""
        head = self._binary.read(8)
        self._binary.seek(0)
        if head.startswith(_WORKBOOKS):
            raise InputFileError(
                f"{self.name} is a spreadsheet workbook, not a CSV file: {SAVE_AS_CSV}"
            )
        if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            return self._utf16_lines()
        return self._utf8_lines(notes)

    def _utf16_lines(self) -> Iterator[str]:
        try:
            yield from _split_lines(_utf16_chunks(self._binary))
        except UnicodeDecodeError as exc:
            raise InputFileError(
                f"{self.name} starts as UTF-16 but is not UTF-16 ({exc.reason}): {SAVE_AS_CSV}"
            ) from None

    def _utf8_lines(self, notes: list[str]) -> Iterator[str]:
        guessed = False
        for number, line in enumerate(self._binary, 1):
            if number == 1 and line.startswith(codecs.BOM_UTF8):
                line = line[len(codecs.BOM_UTF8) :]
            if b"\0" in line:  # UTF-16 without its byte-order mark, or not text at all
                raise InputFileError(
                    f"{self.name} is not a text file of numbers (line {number} has NUL "
                    f"bytes): {SAVE_AS_CSV}"
                )
            try:
                yield line.decode("utf-8")
            except UnicodeDecodeError:
                if not guessed:
                    guessed = True
                    notes.append(
                        f"{self.name} is not UTF-8 (line {number}): read as Windows-1252; "
                        f"to be sure of it, {SAVE_AS_CSV}"
                    )
                yield line.decode("cp1252", errors="replace")

    def _find_layout(self, sample: list[str]) -> _Layout:
        separator = _separator(sample)
        rows = [row for row in csv.reader(sample, delimiter=separator) if not _is_blank(row)]
        if not rows:  # no numbers: said by scan()
            return _Layout(separator, 0, 1, None)
        width = max(len(row) for row in rows)
        first = rows[0]
        column = self._column
        if column is None:
            index = _number_column(rows[1:] or rows, width)
        elif column.isdigit():
            index = int(column) - 1
            if not 0 <= index < width:
                raise OptionError(
                    f"--column {column}: {self.name} has {width} column"
                    f"{'' if width == 1 else 's'} (--column counts from 1)"
                )
        else:
            names = [_plain(cell).casefold() for cell in first]
            wanted = _plain(column).casefold()
            if wanted not in names:
                listed = ", ".join(repr(_plain(cell)) for cell in first)
                raise OptionError(
                    f"--column {column!r}: not in the first row of {self.name} ({listed})"
                )
            return _Layout(separator, names.index(wanted), width, first)
        cell = first[index] if index < len(first) else ""
        header = None if looks_like_a_number(cell) else first
        return _Layout(separator, index, width, header)

    def _describe(self, layout: _Layout, notes: list[str]) -> None:
        if layout.header is not None:
            # As comma-separated values, whatever the file's separator: a tab would not show.
            notes.append(f"skipped header: {','.join(layout.header)}")
        if layout.width > 1:
            named = ""
            if layout.header is not None and layout.column < len(layout.header):
                named = f" ({_plain(layout.header[layout.column])})"
            notes.append(
                f"numbers: column {layout.column + 1}{named} of {layout.width}, "
                f"separated by {SEPARATORS[layout.separator]}"
            )


def _copied(stream: IO[bytes]) -> IO[bytes]:
    copy = tempfile.TemporaryFile()  # noqa: SIM115 (deleted when its NumbersFile closes)
    shutil.copyfileobj(stream, copy)
    return copy


def _utf16_chunks(binary: IO[bytes]) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder("utf-16")()  # takes the byte-order mark off
    while chunk := binary.read(1 << 16):
        yield decoder.decode(chunk)
    yield decoder.decode(b"", final=True)


def _split_lines(chunks: Iterable[str]) -> Iterator[str]:
    """Lines ending in ``\\n`` (a ``\\r`` before it stays, as the csv module wants it)."""
    pending = ""
    for chunk in chunks:
        *lines, pending = (pending + chunk).split("\n")
        for line in lines:
            yield line + "\n"
    if pending:
        yield pending


def _separator(sample: list[str]) -> str:
    """The separator that splits the most sampled rows into the same number of fields.

    A file with none of them (one number per line) is a one-column CSV: ``,``.
    """
    best, best_score = ",", (0.0, 0)
    for separator in SEPARATORS:
        try:
            rows = [r for r in csv.reader(sample, delimiter=separator) if not _is_blank(r)]
        except csv.Error:
            continue
        widths = [len(row) for row in rows]
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        score = (widths.count(common) / len(widths), common)
        if common > 1 and score > best_score:
            best, best_score = separator, score
    return best


def _number_column(rows: list[list[str]], width: int) -> int:
    """The first column whose sampled cells are at least half phone numbers, else the first."""
    for index in range(width):
        cells = [row[index] for row in rows if index < len(row) and _clean(row[index])]
        if cells and 2 * sum(_holds_a_number(cell) for cell in cells) >= len(cells):
            return index
    return 0
