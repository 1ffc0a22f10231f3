"""Real workbooks for tests: .xlsx written with openpyxl (in memory, then one write), .xls made
from them by LibreOffice, and the national new-student template's header and rows.

Tests of every import (students, grades, reconciliation) and of exports reuse these, so the
files they read are the files a clerk would have: typed cells, text-formatted columns, merged
title lines, several sheets, the 1904 date system.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from xueji_desktop.core.fields import FAMILY_FIELDS, STUDENT_FIELDS
from xueji_desktop.core.template import to_template

__all__ = ["national_header", "national_rows", "soffice", "to_xls", "write_xlsx"]


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    sheet: str = "Sheet1",
    text_columns: Iterable[int] = (),
    date1904: bool = False,
    merged_title: str | None = None,
    extra_sheets: Sequence[tuple[str, Sequence[Sequence[Any]]]] = (),
) -> Path:
    """Write ``rows`` (Python values: str, int, float, bool, date, None) as the first sheet.

    ``text_columns`` (0-based) are formatted as text ("@"), as a careful clerk formats ID
    columns. ``merged_title``: a title line merged across the columns above the rows (the
    national templates have one). ``extra_sheets``: (name, rows) of further sheets. Returns
    ``path``.
    """
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    if date1904:
        book.epoch = __import__("openpyxl").utils.datetime.CALENDAR_MAC_1904
    width = max((len(r) for r in rows), default=1)
    if merged_title is not None:
        ws.append([merged_title])
        if width > 1:
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    text = set(text_columns)
    for values in rows:
        ws.append(list(values))
        for index in text:
            if index < len(values):
                ws.cell(row=ws.max_row, column=index + 1).number_format = "@"
    for name, more in extra_sheets:
        other = book.create_sheet(name)
        for values in more:
            other.append(list(values))
    buffer = io.BytesIO()  # openpyxl writes temporary files unless given a stream
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed (tests then skip)."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_xls(path_xlsx: Path, *, profile: Path | None = None) -> Path:
    """Convert an .xlsx to the older .xls with LibreOffice headless, next to it.

    ``profile``: a LibreOffice user-profile folder of its own (parallel runs sharing the
    default profile clash); default: a folder beside the file."""
    program = soffice()
    if program is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    profile = profile or path_xlsx.parent / ".lo-profile"
    subprocess.run(  # a fixed program and arguments
        [
            program,
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--convert-to",
            "xls",
            "--outdir",
            str(path_xlsx.parent),
            str(path_xlsx),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    out = path_xlsx.with_suffix(".xls")
    if not out.exists():
        raise RuntimeError("LibreOffice wrote no .xls")
    return out


def national_header(members: int = 2) -> list[str]:
    """The national new-student template's header: the field labels in order, then 成员1姓名 …
    for ``members`` family members."""
    header = [f.label for f in STUDENT_FIELDS]
    for n in range(1, members + 1):
        header += [f"成员{n}{f.label}" for f in FAMILY_FIELDS]
    return header


def national_rows(records: Sequence[Mapping[str, Any]], members: int = 2) -> list[list[Any]]:
    """Header + one row per record (internal names and stored codes, with ``class_group`` and
    ``family_members`` as services/demo or records_fixtures build them), shown as the template
    shows them: labels for codes, 是/否, text for everything."""
    header = national_header(members)
    rows: list[list[Any]] = [header]
    for record in records:
        shown = to_template(record)
        row: list[Any] = [shown.get(f.label, "") for f in STUDENT_FIELDS]
        family = shown.get("家庭成员", [])
        for n in range(members):
            member = family[n] if n < len(family) else {}
            row += [member.get(f.label, "") for f in FAMILY_FIELDS]
        rows.append(["" if v is None else v for v in row])
    return rows
