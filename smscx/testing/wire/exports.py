"""The exports' files: CSV (UTF-8, a header row) and XLSX (one sheet, inline strings).

XLSX is written by hand with :mod:`zipfile` (Office Open XML's smallest valid workbook)
so that the emulator needs no spreadsheet library; any reader opens it (openpyxl does, in
the tests).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape

from .call import Reply

__all__ = ["CSV_TYPE", "XLSX_TYPE", "export"]

CSV_TYPE = b"text/csv; charset=utf-8"
XLSX_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
_OOXML = "http://schemas.openxmlformats.org"
_PACKAGE = f"{_OOXML}/package/2006"
_RELATIONSHIP = f"{_OOXML}/officeDocument/2006/relationships"
_SHEET_MAIN = f"{_OOXML}/spreadsheetml/2006/main"
_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml"

_CONTENT_TYPES = (
    f'{_XML}<Types xmlns="{_PACKAGE}/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_MEDIA}.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    f'ContentType="{_MEDIA}.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    f'{_XML}<Relationships xmlns="{_PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{_RELATIONSHIP}/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    f'{_XML}<workbook xmlns="{_SHEET_MAIN}" xmlns:r="{_RELATIONSHIP}">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    f'{_XML}<Relationships xmlns="{_PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{_RELATIONSHIP}/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


def _csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return out.getvalue().encode("utf-8")


def _cell(value: object) -> str:
    if isinstance(value, bool) or value is None or not isinstance(value, int | float):
        text = "" if value is None else str(value)
        return f'<c t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'
    return f"<c><v>{value!r}</v></c>"


def _xlsx(name: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    lines = ["".join(_cell(v) for v in row) for row in [list(header), *rows]]
    sheet = (
        f'{_XML}<worksheet xmlns="{_SHEET_MAIN}">'
        "<sheetData>" + "".join(f"<row>{cells}</row>" for cells in lines) + "</sheetData>"
        "</worksheet>"
    )
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _RELS,
        "xl/workbook.xml": _WORKBOOK.format(name=escape(name[:31])),
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in parts.items():
            # A fixed time in every entry (zip's own epoch): the same report is the same
            # bytes, whenever it is exported (writestr would stamp each entry with now).
            entry = zipfile.ZipInfo(path, date_time=_ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, content)
    return out.getvalue()


_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def export(kind: str, name: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Reply:
    """The reply of an export route: ``kind`` is ``"csv"`` or ``"xlsx"``; ``name`` names the
    file (``Content-Disposition``) and the sheet."""
    if kind == "csv":
        body, media, suffix = _csv(header, rows), CSV_TYPE, "csv"
    else:
        body, media, suffix = _xlsx(name, header, rows), XLSX_TYPE, "xlsx"
    disposition = f'attachment; filename="{name}.{suffix}"'.encode()
    return Reply(200, body, ((b"content-type", media), (b"content-disposition", disposition)))
