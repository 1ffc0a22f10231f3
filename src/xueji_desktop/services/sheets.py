"""Reading a spreadsheet a clerk chose: .xlsx and the older .xls (issue 6 groundwork).

python-calamine reads both formats fast (a 10,000 x 30 sheet in about 0.3 s) and gives Python
values: str, int, float, bool, date/datetime/time (for cells Excel formats as dates) or "" for an
empty cell. Everything that is not a readable workbook is refused with a ``SheetUnreadable``
reason a clerk can act on, before a single value reaches the archive: a CSV or text file renamed
to .xlsx, a password-protected workbook, a half-copied file, a missing sheet, an empty sheet, an
absurd number of rows. Nothing here writes anything, and the file is read once, into memory.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from xueji_desktop.core.errors import OperationCancelled, SheetUnreadable

MAX_BYTES = 50 * 1024 * 1024  # a school's list is a few MB; more is the wrong file
MAX_ROWS = 100_000  # 100,000 rows is more than any school; 1,000,000 is a wrong file

_ZIP = b"PK\x03\x04"  # .xlsx (and .docx, .zip …: calamine tells them apart)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and password-protected .xlsx

Cell = str | int | float | bool | datetime.date | datetime.datetime | datetime.time | None


@dataclass(frozen=True, slots=True)
class Sheet:
    """One worksheet's rows as the reader gave them (empty cells are None, trailing empty rows
    dropped); ``names`` are all the sheets of the workbook, for the clerk to choose from."""

    name: str
    rows: tuple[tuple[Cell, ...], ...]
    names: tuple[str, ...]


def _refuse(reason: str, path: Path, **fields: object) -> SheetUnreadable:
    return SheetUnreadable(reason=reason, path=str(path), **fields)


def _read_bytes(path: Path) -> bytes:
    try:
        if not path.exists():
            raise _refuse("missing", path)
        if not path.is_file():
            raise _refuse("unreadable", path)
        if path.stat().st_size > MAX_BYTES:
            raise _refuse("too_big", path, limit_mb=MAX_BYTES // (1024 * 1024))
        with path.open("rb") as fh:
            return fh.read(MAX_BYTES + 1)
    except OSError:
        raise _refuse("unreadable", path) from None


def _zip_trouble(data: bytes) -> str:
    """A ZIP calamine could not open: cut off ("damaged"), or a ZIP of something else (a .docx,
    a .zip of photos: "not_spreadsheet")."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "damaged"
    return "damaged" if "xl/workbook.xml" in names else "not_spreadsheet"


def _cell(value: object) -> Cell:
    if value == "":
        return None
    if isinstance(value, str | int | float | bool | datetime.date | datetime.time):
        return value
    return str(value)  # a type a newer reader adds: its text, never a crash


def read_sheet(
    path: Path,
    *,
    sheet: str | None = None,
    max_rows: int = MAX_ROWS,
    cancelled: Callable[[], bool] | None = None,
) -> Sheet:
    """The rows of ``sheet`` (default: the first visible one) of the workbook at ``path``."""
    import python_calamine as calamine

    data = _read_bytes(path)
    if not (data.startswith(_ZIP) or data.startswith(_OLE2)):
        raise _refuse("not_spreadsheet", path)
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except calamine.PasswordError:
        raise _refuse("password_protected", path) from None
    except (calamine.CalamineError, calamine.ZipError, calamine.XmlError, ValueError, OSError):
        if data.startswith(_OLE2) and b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00" in data[:65536]:
            raise _refuse("password_protected", path) from None  # an encrypted .xlsx container
        raise _refuse(_zip_trouble(data) if data.startswith(_ZIP) else "damaged", path) from None
    names = tuple(str(n) for n in book.sheet_names)
    if not names:
        raise _refuse("empty", path)
    if sheet is None:
        shown = calamine.SheetVisibleEnum.Visible
        visible = [m.name for m in book.sheets_metadata if m.visible == shown]
        sheet = str(visible[0] if visible else names[0])
    elif sheet not in names:
        raise _refuse("no_sheet", path, sheet=sheet[:60])
    try:
        ws = book.get_sheet_by_name(sheet)
        # calamine starts every row at the sheet's first used column (rows are not shifted): the
        # empty columns before it go back in, so that index 0 is column A (CellProblem's
        # column_index, the error copy's marks)
        lead: tuple[Cell, ...] = (None,) * (ws.start[1] if ws.start else 0)
        rows: list[tuple[Cell, ...]] = []
        for count, raw in enumerate(ws.iter_rows(), start=1):
            if count > max_rows:
                raise _refuse("too_many_rows", path, limit=max_rows)
            if cancelled is not None and count % 1000 == 0 and cancelled():
                raise OperationCancelled()
            rows.append(lead + tuple(_cell(v) for v in raw))
    except (calamine.CalamineError, calamine.ZipError, calamine.XmlError, ValueError):
        raise _refuse("damaged", path) from None
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    if not rows:
        raise _refuse("empty", path)
    return Sheet(sheet, tuple(rows), names)
