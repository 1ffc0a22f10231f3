"""The error copy of a clerk's spreadsheet: their own file with every problem marked in place.

A clerk fixes a list best in the file they already know, so the copy keeps their workbook as it
is (sheets, styles, widths, merged titles) and adds only: a light-red fill on each bad cell, the
reason as a comment on that cell, and a last column "错误原因" with every reason of the row (with
the column's header in front, so the reasons can be read without hovering), one reason a line,
wrapped, the row as tall as its reasons need so that nothing is cut off on paper. Given
``only_rows`` (the rows that were not imported), the marked sheet keeps its header rows and just
those rows, so the clerk corrects them and imports the copy again.

.xlsx sources are loaded by openpyxl from bytes in memory; the old .xls that the national system
still hands out (openpyxl cannot read it) becomes a new .xlsx built from calamine's values with
the same marks. Either way the result is returned as bytes, written nowhere (see xlsx_out: no
temporary files); the caller saves it with ``xlsx_out.write_xlsx``.
"""

from __future__ import annotations

import io
import math
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter

from xueji_desktop.core.errors import SheetUnreadable
from xueji_desktop.services.sheets import MAX_BYTES
from xueji_desktop.services.xlsx_out import safe_text

__all__ = ["ERROR_FILL", "Mark", "error_copy", "save_in_memory"]

ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")  # Excel's own "bad" light red
_HEADER_FILL = PatternFill("solid", fgColor="FF9999")
_HEADER_FONT = Font(bold=True, color="9C0006")
_WRAP = Alignment(wrap_text=True, vertical="top")
_AUTHOR = "学籍档案室"
_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Mark:
    """A reason at ``row`` (Excel's row number) and ``column_index`` (0-based; None: the row as
    a whole, e.g. a duplicate)."""

    row: int
    column_index: int | None
    message: str


def error_copy(
    source: Path,
    sheet: str,
    header_row: int,
    marks: Sequence[Mark],
    *,
    only_rows: Collection[int] | None = None,
    error_header: str = "错误原因",
) -> bytes:
    """The marked copy of ``source`` as .xlsx bytes. ``header_row`` is the Excel row number of
    the header (rows above it, such as a merged title, are kept too). SheetUnreadable when the
    source is gone or no longer a readable workbook (it may have changed since the dry run)."""
    data = _read(source)
    if data.startswith(_ZIP):
        wb, ws = _load_xlsx(data, source, sheet)
    elif data.startswith(_OLE2):
        wb, ws = _load_xls(data, source, sheet)
    else:
        raise SheetUnreadable(reason="not_spreadsheet", path=str(source))
    error_col = _mark(ws, header_row, marks, error_header)
    if only_rows is not None:
        _keep_rows(ws, header_row, set(only_rows))
    _print_area(ws, error_col)
    return save_in_memory(wb)


def _read(source: Path) -> bytes:
    try:
        if not source.is_file():
            raise SheetUnreadable(reason="missing" if not source.exists() else "unreadable",
                                  path=str(source))  # fmt: skip
        if source.stat().st_size > MAX_BYTES:
            raise SheetUnreadable(reason="too_big", path=str(source),
                                  limit_mb=MAX_BYTES // (1024 * 1024))  # fmt: skip
        return source.read_bytes()
    except OSError:
        raise SheetUnreadable(reason="unreadable", path=str(source)) from None


def _load_xlsx(data: bytes, source: Path, sheet: str) -> tuple[Any, Any]:
    try:
        # rich_text keeps the clerk's mixed-format cells; links kept as they are
        wb = load_workbook(io.BytesIO(data), rich_text=True)
    except Exception:  # openpyxl raises many kinds on a damaged file; all mean the same here
        raise SheetUnreadable(reason="damaged", path=str(source)) from None
    if sheet not in wb.sheetnames:
        raise SheetUnreadable(reason="no_sheet", path=str(source), sheet=sheet[:60])
    return wb, wb[sheet]


def _load_xls(data: bytes, source: Path, sheet: str) -> tuple[Any, Any]:
    import python_calamine as calamine

    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except calamine.PasswordError:
        raise SheetUnreadable(reason="password_protected", path=str(source)) from None
    except (calamine.CalamineError, calamine.ZipError, calamine.XmlError, ValueError, OSError):
        # an encrypted .xlsx is an OLE2 container naming EncryptionInfo (as in sheets.py)
        encrypted = b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00" in data[:65536]
        reason = "password_protected" if encrypted else "damaged"
        raise SheetUnreadable(reason=reason, path=str(source)) from None
    if sheet not in book.sheet_names:
        raise SheetUnreadable(reason="no_sheet", path=str(source), sheet=sheet[:60])
    try:
        src = book.get_sheet_by_name(sheet)
        # skip_empty_area=False: rows and columns where Excel has them, even if the first
        # columns are empty (iter_rows would start at the first used column)
        rows = src.to_python(skip_empty_area=False)
        merged = src.merged_cell_ranges or []
    except (calamine.CalamineError, ValueError):
        raise SheetUnreadable(reason="damaged", path=str(source)) from None
    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            if value == "" or value is None:
                continue
            # str cells written as text: a "=…" from the old file must not become a formula
            cell = ws.cell(r, c, safe_text(value) if isinstance(value, str) else value)
            if isinstance(value, str):
                cell.data_type = "s"
    for (r0, c0), (r1, c1) in merged:
        ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    return wb, ws


def _mark(ws: Any, header_row: int, marks: Sequence[Mark], error_header: str) -> int:
    """Fill and comment the bad cells, write the 错误原因 column; returns its number."""
    error_col: int = max(ws.max_column, 1) + 1
    headers = {
        c: str(v).strip()
        for c in range(1, error_col)
        if (v := ws.cell(header_row, c).value) not in (None, "")
    }
    by_cell: dict[tuple[int, int], list[str]] = defaultdict(list)
    by_row: dict[int, list[str]] = defaultdict(list)
    for m in marks:
        if m.column_index is None:
            by_row[m.row].append(m.message)
            continue
        col = m.column_index + 1
        by_cell[(m.row, col)].append(m.message)
        head = headers.get(col) or get_column_letter(col)
        by_row[m.row].append(f"{head}：{m.message}")
    for (row, col), messages in by_cell.items():
        cell = ws.cell(row, col)
        cell.fill = ERROR_FILL
        text = "\n".join(dict.fromkeys(messages))
        old = cell.comment
        if old is not None and old.text and old.author != _AUTHOR:
            text = f"{text}\n——\n{old.text}"  # the clerk's own note stays, below ours
        comment = Comment(text, _AUTHOR)
        comment.width, comment.height = 260, 110
        cell.comment = comment
    head = ws.cell(header_row, error_col, error_header)
    head.font, head.fill, head.alignment = _HEADER_FONT, _HEADER_FILL, _WRAP
    texts = {row: "\n".join(dict.fromkeys(messages)) for row, messages in by_row.items()}
    widest = max((_text_width(line) for t in texts.values() for line in t.split("\n")), default=0)
    width = min(max(widest + 1, _text_width(error_header) + 2, _MIN_WIDTH), _MAX_WIDTH)
    ws.column_dimensions[get_column_letter(error_col)].width = width
    for row, text in texts.items():
        cell = ws.cell(row, error_col, text)
        cell.data_type = "s"
        cell.alignment = _WRAP
        _fit_height(ws, row, text, width)
    return error_col


# The 错误原因 column: one reason a line, wrapped within a width that still prints beside the
# clerk's columns. Neither Excel nor LibreOffice grows a row for wrapped text when it opens the
# file (LibreOffice prints just the first line), so each marked row gets the height its lines
# need; the clerk's own taller rows stay as they are.
_MIN_WIDTH, _MAX_WIDTH = 16.0, 40.0
_LINE_POINTS = 16.0  # one line of 11-point text, Chinese glyphs included


def _text_width(text: str) -> float:
    """Excel's column width units ``text`` takes: a CJK character about two digits."""
    return sum(2.1 if ord(ch) > 0x2E7F else 1.1 for ch in text)


def _fit_height(ws: Any, row: int, text: str, width: float) -> None:
    usable = max(width - 1.0, 1.0)
    lines = sum(max(1, math.ceil(_text_width(line) / usable)) for line in text.split("\n"))
    need = lines * _LINE_POINTS
    dim = ws.row_dimensions[row]
    if dim.height is None or dim.height < need:
        dim.height = need


def _print_area(ws: Any, error_col: int) -> None:
    """A print area the clerk set would leave the added column off the paper: widen it."""
    area = ws.print_area
    if not area:
        return
    first = area.split(",")[0].split("!")[-1].replace("$", "")
    start, _, end = first.partition(":")
    top_left = start or "A1"
    bottom = max(ws.max_row, int("".join(ch for ch in (end or start) if ch.isdigit()) or 1))
    ws.print_area = f"{top_left}:{get_column_letter(error_col)}{bottom}"


def _keep_rows(ws: Any, header_row: int, keep: set[int]) -> None:
    """Only the rows up to the header and the rows in ``keep``, moved up without gaps. openpyxl's
    delete_rows shifts every later cell once per call, far too slow for 10,000 rows with errors
    spread through them; this moves each kept cell once."""
    kept = sorted(r for r in keep if r > header_row)
    new_row = {r: r for r in range(1, header_row + 1)}
    new_row.update({r: header_row + i for i, r in enumerate(kept, start=1)})
    cells: dict[tuple[int, int], Any] = {}
    for (r, c), cell in ws._cells.items():
        target = new_row.get(r)
        if target is not None:
            cell.row = target
            cells[(target, c)] = cell
    ws._cells = cells
    heights = {r: ws.row_dimensions[r].height for r in new_row if r in ws.row_dimensions}
    for r in list(ws.row_dimensions.keys()):
        if r > header_row:
            del ws.row_dimensions[r]
    for r, h in heights.items():
        if r > header_row and h is not None:
            ws.row_dimensions[new_row[r]].height = h
    # merged ranges in data rows cannot follow rows that moved apart; titles above stay merged
    for rng in list(ws.merged_cells.ranges):
        if rng.max_row > header_row:
            ws.merged_cells.remove(rng)
    if ws.auto_filter.ref:
        ws.auto_filter.ref = None


# -- saving without temporary files ----------------------------------------------------------
# Plain ``workbook.save(io.BytesIO())`` is not enough: openpyxl (3.1) streams every worksheet
# through a NamedTemporaryFile in the system temp folder (write-only and normal mode alike) before
# zipping it, and that file would hold the clerk's student data in plain text outside the
# archive. Here each sheet writer gets a BytesIO and its XML goes into the zip with ``writestr``.
# This leans on two openpyxl internals (``WorksheetWriter(out=)``, ``ExcelWriter.write_worksheet``);
# the tests point ``tempfile.tempdir`` at an empty folder and spy on openpyxl's temp-file
# function, so an openpyxl that changes them fails there first.


class _MemorySheetWriter(WorksheetWriter):  # type: ignore[misc]
    """openpyxl's sheet writer with a BytesIO instead of a temporary file."""

    def __init__(self, ws: Any) -> None:
        super().__init__(ws, out=io.BytesIO())

    def read(self) -> bytes:
        self.close()
        data: bytes = self.out.getvalue()
        return data

    def cleanup(self) -> None:
        self.out = io.BytesIO()  # nothing on disk to remove; drop the sheet XML


class _MemoryExcelWriter(ExcelWriter):  # type: ignore[misc]
    def write_worksheet(self, ws: Any) -> None:
        # Same steps as ExcelWriter.write_worksheet, with writestr instead of a file copy.
        from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing

        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        if self.workbook.write_only:
            raise TypeError("write-only workbooks stream through temporary files; not supported")
        writer = _MemorySheetWriter(ws)
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.read())
        self.manifest.append(ws)
        writer.cleanup()


def save_in_memory(wb: Workbook) -> bytes:
    """An openpyxl workbook (normal mode: the error copy of a clerk's file) as .xlsx bytes, with
    no file written anywhere (see the note above)."""
    buffer = io.BytesIO()
    with ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        _MemoryExcelWriter(wb, archive).write_data()
    return buffer.getvalue()
