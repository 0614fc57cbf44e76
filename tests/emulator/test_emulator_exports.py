"""The emulator's exported files: the same report is the same bytes whenever it is exported."""

from __future__ import annotations

import io
import zipfile

from smscx.testing.wire.exports import export


def test_an_xlsx_export_stamps_no_clock_time_so_two_exports_are_byte_equal() -> None:
    # zipfile stamps an entry with the current time (2-second steps) unless told otherwise:
    # two exports a moment apart once differed in those bytes, and a test comparing them
    # failed on a slow machine.
    first = export("xlsx", "report", ["to", "status"], [["+33612345678", "DELIVERED"]]).body
    with zipfile.ZipFile(io.BytesIO(first)) as book:
        stamps = {entry.date_time for entry in book.infolist()}
        assert "xl/worksheets/sheet1.xml" in book.namelist()
    assert stamps == {(1980, 1, 1, 0, 0, 0)}
    again = export("xlsx", "report", ["to", "status"], [["+33612345678", "DELIVERED"]]).body
    assert again == first
