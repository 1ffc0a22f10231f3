"""The columns of a student sheet that are not record fields, and 专业 typed as a name.

- The 学籍状态 columns ``exports.export_students`` appends (学籍状态, 毕业结论, 毕业日期,
  毕业证书编号): read-only information. An import never changes a 学籍状态 (only a 学籍异动
  does): in "students" mode a new row comes in as 在籍 草稿 with a warning saying so, an update
  whose 学籍状态 differs says it was not imported; in 历史补录 they give the 离校方式, the
  leaving date and the diploma number of the old graduate.
- 历史补录's paper-register columns (入学年份, 离校年份, 离校方式 …) and how a finished school
  career leaves the record.
- 专业 as clerks type it: the code, the name of a major configured in the archive, or
  "name（code）".

Shared by services/exports.py (what it writes) and the student import (what it reads back);
nothing here checks a permission or writes.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

from xueji_desktop.core import lifecycle
from xueji_desktop.core.errors import ValidationError
from xueji_desktop.core.import_cells import CellIssue, date_cell, year_cell
from xueji_desktop.core.labels import KIND_LABELS, STATUS_LABELS
from xueji_desktop.core.normalize import clean_text, fold
from xueji_desktop.core.problems import Problem
from xueji_desktop.services.graduation import check_diploma_no
from xueji_desktop.storage.connection import Connection

__all__ = [
    "HISTORY_FIELDS",
    "HISTORY_HEADERS",
    "INFO_FIELDS",
    "LEAVING_MODES",
    "STATUS_COLUMNS",
    "STATUS_HEADERS",
    "MajorNames",
    "history_values",
    "leaving_date_cell",
    "status_cells",
    "status_on_new",
    "status_on_update",
]

# The columns an export appends after the archive's own, in this order, and the names the
# import reads them under (毕业日期 is 历史补录's leaving date as well).
STATUS_COLUMNS = ("学籍状态", "毕业结论", "毕业日期", "毕业证书编号")
STATUS_HEADERS: Mapping[str, str] = MappingProxyType(
    {
        "学籍状态": "status",
        "毕业结论": "graduation_outcome",
        "毕业日期": "leaving_date",
        "毕业证书编号": "diploma_no",
    }
)
# Columns that are not record fields: the years a paper register gives, how the student left
# and, when known, the day; the 学籍状态 columns of an export.
HISTORY_FIELDS = ("intake_year", "leaving_year", "leaving_mode", "leaving_date", "status",
                  "graduation_outcome", "diploma_no")  # fmt: skip
HISTORY_HEADERS: Mapping[str, str] = MappingProxyType(
    {
        "入学年份": "intake_year",
        "入学年度": "intake_year",
        "入学年级": "intake_year",
        "离校年份": "leaving_year",
        "毕业年份": "leaving_year",
        "毕业年度": "leaving_year",
        "离校年度": "leaving_year",
        "离校方式": "leaving_mode",
        "离校类别": "leaving_mode",
        "毕业类别": "leaving_mode",
        "毕（结、肄）业": "leaving_mode",
        "离校日期": "leaving_date",
        **STATUS_HEADERS,
    }
)
# 离校方式 (or the 毕业结论 / 学籍状态 an export wrote) -> (学籍状态, graduation_outcome): as that
# 学籍异动 would leave the record.
LEAVING_MODES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "毕业": ("graduated", "graduation"),
        "提前毕业": ("graduated", "early_graduation"),
        "结业": ("completed_without_diploma", "completion"),
        "肄业": ("studied_without_completing", "studied_without_completing"),
    }
)
_ENROLLED = frozenset({"在籍", "enrolled"})
# Outside 历史补录 these columns are information: a cell that cannot be read is no row error.
INFO_FIELDS = frozenset({"status", "graduation_outcome", "leaving_date", "diploma_no"})
_YEAR_ALONE = re.compile(r"^\d{4}年?$")


# -- the export side ---------------------------------------------------------------------------


def status_cells(conn: Connection, ids: Sequence[int]) -> dict[int, list[object]]:
    """The STATUS_COLUMNS of each student: its 学籍状态 and, for one who left, the 毕业结论, the
    date and the diploma number (a student still at school has none of them)."""
    wanted = set(ids)
    out: dict[int, list[object]] = {}
    cur = conn.execute(
        "SELECT id, status, graduation_outcome, graduation_date, COALESCE(diploma_no, '') "
        "FROM students WHERE voided = 0"
    )
    for sid, status, outcome, day, diploma in cur:
        if int(sid) not in wanted:
            continue
        left = lifecycle.is_locked(str(status))
        out[int(sid)] = [
            STATUS_LABELS.get(str(status), str(status)),
            KIND_LABELS.get(str(outcome), str(outcome)) if left else "",
            str(day) if left else "",
            str(diploma) if left else "",
        ]
    return out


# -- the import side ---------------------------------------------------------------------------


def leaving_date_cell(value: object, *, date1904: bool = False) -> str | CellIssue | None:
    """毕业日期: a date, or the year alone (an old graduate's graduation_date is often only the
    year, and an export writes it back so)."""
    day = date_cell(value, date1904=date1904)
    if isinstance(day, CellIssue) and (
        isinstance(value, int | float) or _YEAR_ALONE.match(fold(str(value)))
    ):
        year = year_cell(value, date1904=date1904)
        return year if isinstance(year, str) else day
    return day


def status_on_new(extra: Mapping[str, Any]) -> list[Problem]:
    """ "students" mode, a new record: a 学籍状态 other than 在籍 (or a 毕业结论) is not taken."""
    status = clean_text(str(extra.get("status") or ""))
    if (status and status not in _ENROLLED) or extra.get("graduation_outcome"):
        return [Problem("status", "status_comes_in_enrolled", "warning")]
    return []


def status_on_update(sheet_status: object, current: str) -> list[Problem]:
    """ "students" mode, an existing record: a differing 学籍状态 is reported, never imported."""
    status = clean_text(str(sheet_status or ""))
    if status and status not in (current, STATUS_LABELS.get(current, current)):
        return [Problem("status", "status_not_imported", "warning")]
    return []


def history_values(
    row: dict[str, Any], extra: Mapping[str, Any], today: datetime.date, diplomas: set[str]
) -> list[Problem]:
    """历史补录: the minimal set, and the record as a finished school career leaves it (status,
    outcome, leaving date, diploma number). ``diplomas`` holds the numbers taken so far (the
    archive's, then this file's earlier rows) and gains this row's."""
    out = [Problem(n, "required") for n in ("name", "birth_date", "major_code") if not row[n]]
    intake = str(row["enrolment_month"] or "")[:4] or str(extra.get("intake_year") or "")
    if not row["enrolment_month"] and intake:
        row["enrolment_month"] = f"{intake}09"  # a school year starts in September
    leaving_date = str(extra.get("leaving_date") or "")
    leaving = leaving_date[:4] or str(extra.get("leaving_year") or "")
    if not intake:
        out.append(Problem("enrolment_month", "required"))
    if not leaving:
        out.append(Problem("leaving_year", "history_leaving_missing"))
    elif intake and leaving < intake:
        out.append(Problem("leaving_year", "leaving_before_intake"))
    elif int(leaving) > today.year:
        out.append(Problem("leaving_year", "leaving_in_future"))
    # 离校方式 first; an export's 毕业结论 is finer than its 学籍状态 (提前毕业 is 毕业)
    field = next((n for n in ("leaving_mode", "graduation_outcome", "status") if extra.get(n)),
                 "leaving_mode")  # fmt: skip
    how = clean_text(str(extra.get(field) or "毕业")).removesuffix("生")
    status = LEAVING_MODES.get(how)
    if status is None:
        out.append(Problem(field, "unknown_leaving_mode"))
        status = LEAVING_MODES["毕业"]
    row.update(status=status[0], graduation_outcome=status[1],
               graduation_date=leaving_date or leaving, report_status="confirmed")  # fmt: skip
    out += _diploma(row, extra.get("diploma_no"), diplomas)
    return out


def _diploma(row: dict[str, Any], given: object, diplomas: set[str]) -> list[Problem]:
    if not given:
        return []
    try:
        number = check_diploma_no(str(given))
    except ValidationError:
        return [Problem("diploma_no", "diploma_no_format")]
    if row["status"] != "graduated":  # 结业 and 肄业 get no diploma
        return [Problem("diploma_no", "diploma_no_not_graduated")]
    if number in diplomas:
        return [Problem("diploma_no", "diploma_no_taken")]
    diplomas.add(number)
    row["diploma_no"] = number
    return []


_NAME_AND_CODE = re.compile(r"^(.*?)\((\d{6})\)$")


class MajorNames:
    """专业 as typed: a code of the archive's majors, one of their names, or "name（code）"."""

    def __init__(self, conn: Connection) -> None:
        self.codes: set[str] = set()
        self.by_name: dict[str, list[str]] = {}
        for code, name in conn.execute("SELECT code, name FROM majors ORDER BY code"):
            self.codes.add(str(code))
            self.by_name.setdefault(fold(str(name)), []).append(str(code))

    def code_of(self, value: object) -> tuple[str, Problem | None]:
        """(the code, or the value unchanged for validation to judge; a problem when the name
        belongs to more than one major)."""
        text = fold(str(value or ""))
        if not text or text in self.codes:
            return text, None
        both = _NAME_AND_CODE.match(text)
        if both and both.group(2) in self.codes:
            return both.group(2), None
        found = self.by_name.get(both.group(1) if both else text, [])
        if len(found) > 1:
            params = {"value": text[:20], "codes": "、".join(found)}
            return text, Problem("major_code", "major_name_ambiguous", "error", params)
        return (found[0], None) if found else (text, None)
