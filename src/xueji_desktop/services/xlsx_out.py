"""The one .xlsx writer of every export: in memory, text-safe, formula-safe, split by the limits.

``workbook_bytes`` writes the SpreadsheetML parts itself, in memory (see "the export writer"
below for why not openpyxl), and ``write_xlsx`` puts the bytes into the target file once,
atomically. Nothing is ever written to a temporary file: openpyxl would stream every sheet through
a ``NamedTemporaryFile`` even when saving into a BytesIO (import_errors, which needs openpyxl to
keep a clerk's styles, works around that).

Formula injection: a cell text starting with ``= + - @`` (or a tab / carriage return, which some
programs strip before they look) becomes a formula when the file is opened, re-typed or re-saved as
CSV somewhere else. ``safe_text`` puts an apostrophe in front, and every such value is stored as a
string cell, never a formula. The string cell alone keeps the .xlsx itself safe, but the text would
turn live again the moment a clerk presses F2+Enter on it or saves the sheet as CSV for another
system; the apostrophe survives both (and the student import drops it again).
"""

from __future__ import annotations

import io
import math
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from zipfile import ZIP_DEFLATED, ZipFile

from xueji_desktop.core.errors import OperationCancelled, OutputFileError
from xueji_desktop.services.documents_files import os_reason
from xueji_desktop.storage.files import atomic_write

__all__ = [
    "MAX_ROWS_PER_SHEET",
    "MAX_SHEETS_PER_FILE",
    "Column",
    "SheetOut",
    "check_target",
    "chunks",
    "numbered_paths",
    "safe_text",
    "sheet_title",
    "workbook_bytes",
    "write_xlsx",
]

T = TypeVar("T")
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

# The national student-registry system takes at most 2000 data rows per sheet and 3 sheets per
# uploaded file; bigger exports are split so every part can be uploaded as it is.
MAX_ROWS_PER_SHEET = 2000
MAX_SHEETS_PER_FILE = 3
MAX_CELL_CHARS = 32767  # Excel refuses longer cell texts
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot carry (openpyxl raises IllegalCharacterError on them); they are never
# meant in a record, so they are dropped rather than failing a whole export.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_STEP = 250  # rows between progress/cancel calls


@dataclass(frozen=True)
class Column:
    """One output column. ``text``: number format "@" and the value written as a string, so
    Excel never turns an ID number into 1.1E+17, drops a phone's leading zero or a code's "01"."""

    header: str
    width: float = 12.0
    text: bool = True


@dataclass(frozen=True)
class SheetOut:
    """One sheet: ``title`` (made valid and unique), the header row from ``columns``, ``rows``.
    ``above``: title rows written before the header (a class name, an instruction); an importer
    skips them because they match no field. The panes freeze below the header. ``landscape``:
    for sheets meant to be printed (a roster), landscape, one page wide, header on every page."""

    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[object]]
    above: Sequence[Sequence[object]] = ()
    # printed landscape, fitted to the page width, the header rows repeated on every page
    landscape: bool = False


def safe_text(value: object) -> object:
    """A string that would start a formula gets a leading apostrophe; anything else is returned
    as it is (numbers, dates, None)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _clean(text: str) -> str:
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("", text)
    return text[:MAX_CELL_CHARS]


def sheet_title(text: str, taken: Sequence[str] = ()) -> str:
    """A title Excel accepts: no []:*?/\\, at most 31 characters, unique (ignoring case)."""
    base = _TITLE_FORBIDDEN.sub("_", _clean(text)).strip("'") or "Sheet"
    title = base[:31]
    lowered = {t.casefold() for t in taken}
    n = 2
    while title.casefold() in lowered:
        suffix = f"({n})"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    return title


def chunks(
    rows: Sequence[T],
    per_sheet: int = MAX_ROWS_PER_SHEET,
    sheets_per_file: int = MAX_SHEETS_PER_FILE,
) -> list[list[Sequence[T]]]:
    """Rows split into files of sheets: ``result[file][sheet]`` is a slice of ``rows`` with at
    most ``per_sheet`` rows, each file at most ``sheets_per_file`` sheets. No rows -> []."""
    if per_sheet < 1 or sheets_per_file < 1:
        raise ValueError("limits must be positive")
    sheets = [rows[i : i + per_sheet] for i in range(0, len(rows), per_sheet)]
    return [sheets[i : i + sheets_per_file] for i in range(0, len(sheets), sheets_per_file)]


def numbered_paths(path: Path, count: int) -> list[Path]:
    """``students.xlsx`` for one file; ``students.xlsx, students_2.xlsx, …`` for several."""
    suffix = path.suffix or ".xlsx"
    return [path if i == 1 else path.with_name(f"{path.stem}_{i}{suffix}") for i in
            range(1, count + 1)]  # fmt: skip


# -- the export writer -------------------------------------------------------------------------
# Exports write the SpreadsheetML themselves. openpyxl's writer goes through et_xmlfile (pure
# Python: lxml is not installed) at about 20 µs per cell, 15-19 s for 10,000 students x 78
# columns on this machine; this writer does the same cells in well under a second, in memory
# only (benchmarks/excel_export.py). The parts are the minimum Excel and LibreOffice open without
# a repair prompt: content types, relationships, workbook, sheets, shared strings, styles.

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# cellXfs: 0 default, 1 text "@" (built-in number format 49), 2 header, 3 title
_TEXT, _HEADER, _TITLE = 1, 2, 3
_STYLES = (
    _XML_HEAD + f'<styleSheet xmlns="{_MAIN}">'
    '<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="12"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/>'
    "</patternFill></fill></fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" '
    'applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;"})
# Excel reads "_x000D_" in a string as an escaped character: a literal one is escaped itself.
_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def _xml_text(text: str) -> str:
    if "_x" in text:
        text = _EXCEL_ESCAPE.sub(r"_x005F_\1", text)
    return text.translate(_ESCAPE)


class _Strings:
    """The shared-string table: each distinct text stored once (labels repeat a lot)."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.count = 0

    def ref(self, text: str) -> int:
        """The index of ``text`` as given; it is cleaned and neutralised (safe_text) once per
        distinct text, when the table is written."""
        self.count += 1
        found = self.index.get(text)
        if found is None:
            found = self.index[text] = len(self.index)
        return found

    def xml(self) -> bytes:
        items = []
        for raw in self.index:
            t = _xml_text(str(safe_text(_clean(raw))))
            items.append(f'<si><t xml:space="preserve">{t}</t></si>' if t != t.strip()
                         else f"<si><t>{t}</t></si>")  # fmt: skip
        head = f'<sst xmlns="{_MAIN}" count="{self.count}" uniqueCount="{len(self.index)}">'
        return (_XML_HEAD + head + "".join(items) + "</sst>").encode("utf-8")


def _cell(ref: str, value: object, text: bool, strings: _Strings, style: int = 0) -> str:
    if value is None or value == "":
        return ""
    if text or isinstance(value, str):
        if not isinstance(value, str):
            value = _as_text(value)
        s = f' s="{style or (_TEXT if text else 0)}"' if (style or text) else ""
        return f'<c r="{ref}"{s} t="s"><v>{strings.ref(value)}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    return _cell(ref, str(value), False, strings, style)  # dates and the like: their text


def column_letter(index: int) -> str:
    """Excel's name of a 0-based column: 0 → A, 25 → Z, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _letters(n: int) -> list[str]:
    return [column_letter(i) for i in range(n)]


def _sheet_xml(
    sheet: SheetOut,
    strings: _Strings,
    selected: bool,
    tick: Callable[[], None],
) -> bytes:
    widest = max([len(sheet.columns), *(len(line) for line in (*sheet.above, *sheet.rows))])
    letters = _letters(max(widest, 1))
    texts = [c.text for c in sheet.columns]
    texts += [False] * (len(letters) - len(texts))
    top = len(sheet.above) + 2  # first data row, below the header
    parts = [
        _XML_HEAD,
        f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">',
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' if sheet.landscape else "",
        '<sheetViews><sheetView workbookViewId="0"',
        ' tabSelected="1"' if selected else "",
        f'><pane ySplit="{top - 1}" topLeftCell="A{top}" activePane="bottomLeft" state="frozen"/>'
        f'<selection pane="bottomLeft" activeCell="A{top}" sqref="A{top}"/></sheetView>'
        '</sheetViews><sheetFormatPr defaultRowHeight="15"/>',
    ]
    if sheet.columns:
        parts.append("<cols>")
        parts += [f'<col min="{i}" max="{i}" width="{c.width:g}" customWidth="1"/>'
                  for i, c in enumerate(sheet.columns, start=1)]  # fmt: skip
        parts.append("</cols>")
    parts.append("<sheetData>")
    r = 0
    for r, line in enumerate(sheet.above, start=1):
        cells = "".join(_cell(f"{letters[i]}{r}", v, False, strings, _TITLE)
                        for i, v in enumerate(line))  # fmt: skip
        parts.append(f'<row r="{r}">{cells}</row>')
    r += 1
    cells = "".join(_cell(f"{letters[i]}{r}", c.header, False, strings, _HEADER)
                    for i, c in enumerate(sheet.columns))  # fmt: skip
    parts.append(f'<row r="{r}">{cells}</row>')
    # The hot loop (10,000 x 78 cells): a str goes straight to the string table with its
    # column's ready-made markup; anything else takes _cell.
    index, refs = strings.index, 0
    head = [f'<c r="{x}' for x in letters]
    mid = ['" s="1" t="s"><v>' if t else '" t="s"><v>' for t in texts]
    number = r
    for number, line in enumerate(sheet.rows, start=r + 1):
        tick()
        row = str(number)
        out = [f'<row r="{row}">']
        for i, v in enumerate(line):
            if v.__class__ is str:
                if not v:
                    continue
                found = index.get(v)
                if found is None:
                    found = index[v] = len(index)
                refs += 1
                out.append(f"{head[i]}{row}{mid[i]}{found}</v></c>")
            elif v is not None:
                out.append(_cell(letters[i] + row, v, texts[i], strings))
        out.append("</row>")
        parts.append("".join(out))
    strings.count += refs
    parts.append('</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" '
                 'header="0.3" footer="0.3"/>')  # fmt: skip
    # Digits in text cells are meant (ID numbers, phones, 学号): no green "number stored as
    # text" triangle on every one of them in Excel.
    if sheet.landscape:
        parts.append('<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" '
                     'fitToHeight="0"/>')  # fmt: skip
    parts.append(f'<ignoredErrors><ignoredError sqref="A1:{letters[-1]}{max(number, r)}" '
                 'numberStoredAsText="1"/></ignoredErrors></worksheet>')  # fmt: skip
    return "".join(parts).encode("utf-8")


def _package(
    titles: Sequence[str], sheets: Sequence[bytes], strings: _Strings, repeat: Sequence[int]
) -> bytes:
    """``repeat[i]``: the rows printed on every page of sheet i (0: none)."""
    n = len(titles)
    quoted = [t.replace("'", "''") for t in titles]
    defined = "".join(
        f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">'
        f"'{_xml_text(quoted[i])}'!$1:${rows}</definedName>"
        for i, rows in enumerate(repeat) if rows
    )  # fmt: skip
    if defined:
        defined = f"<definedNames>{defined}</definedNames>"
    names = "".join(f'<sheet name="{_xml_text(t)}" sheetId="{i}" r:id="rId{i}"/>'
                    for i, t in enumerate(titles, start=1))  # fmt: skip
    workbook = (
        f'{_XML_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews>'
        f'<workbookView activeTab="0"/></bookViews><sheets>{names}</sheets>{defined}</workbook>'
    )
    rels = "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" '
                   f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1))  # fmt: skip
    rels += (f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
             f'<Relationship Id="rId{n + 2}" Type="{_REL}/sharedStrings" '
             'Target="sharedStrings.xml"/>')  # fmt: skip
    types = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                    f'ContentType="{_CT}.worksheet+xml"/>' for i in range(1, n + 1))  # fmt: skip
    content_types = (
        _XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>{types}'
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>'
        "</Types>"
    )
    root_rels = (
        f'{_XML_HEAD}<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    buffer = io.BytesIO()
    # level 1: a third of level 6's time for a file only about 15 % bigger
    with ZipFile(buffer, "w", ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("_rels/.rels", root_rels)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels",
                   _XML_HEAD + f'<Relationships xmlns="{_PKG}">{rels}</Relationships>')  # fmt: skip
        z.writestr("xl/styles.xml", _STYLES)
        for i, data in enumerate(sheets, start=1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", data)
        z.writestr("xl/sharedStrings.xml", strings.xml())
    return buffer.getvalue()


def _as_text(value: object) -> str:
    # 1.0 -> "1": a whole float in a text column is a code or a number typed as one
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def workbook_bytes(
    sheets: Sequence[SheetOut],
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> bytes:
    """One .xlsx with the given sheets: title rows (``above``), a bold shaded header row with
    the panes frozen below it, column widths, text columns formatted "@" and written as strings,
    every text neutralised by ``safe_text``. Nothing is written to disk."""
    total = sum(len(s.rows) for s in sheets)
    done = 0

    def tick() -> None:
        nonlocal done
        if done % _STEP == 0:
            if cancelled is not None and cancelled():
                raise OperationCancelled()
            if progress is not None:
                progress(done, total)
        done += 1

    strings = _Strings()
    titles: list[str] = []
    parts: list[bytes] = []
    sheets = sheets or [SheetOut("Sheet", [], [])]
    for i, sheet in enumerate(sheets):
        titles.append(sheet_title(sheet.title, titles))
        parts.append(_sheet_xml(sheet, strings, i == 0, tick))
    if cancelled is not None and cancelled():
        raise OperationCancelled()
    repeat = [len(s.above) + 1 if s.landscape else 0 for s in sheets]
    data = _package(titles, parts, strings, repeat)
    if progress is not None:
        progress(total, total)
    return data


def check_target(path: Path, *, overwrite: bool) -> None:
    """Before any work: the folder exists and is writable, the name is free (or overwrite)."""
    folder = path.parent
    if not folder.is_dir():
        raise OutputFileError(path=str(folder), reason="no_folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputFileError(path=str(folder), reason="not_writable")
    if path.is_dir() or (path.exists() and not overwrite):
        raise OutputFileError(path=str(path), reason="exists")


def write_xlsx(path: Path, data: bytes, *, overwrite: bool = False) -> None:
    """Write ``data`` to ``path`` once, atomically (temporary name in the same folder, fsync,
    rename). OutputFileError: "no_folder", "not_writable", "exists", "disk_full"."""
    check_target(path, overwrite=overwrite)
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise OutputFileError(path=str(path), reason=os_reason(exc)) from None
