"""Reading a 毕业去向 sheet (issue 8 §4): its header row and its cells, for import_destinations.

The header row is the first of the top 20 rows that has both a 学号 and a 毕业去向 column
(compared by core/import_cells.header_key, so "*学号" and "毕业去向(必填)" match); title lines
above it are skipped. Columns: 学号 (required), 姓名 (checked against the record when given),
毕业去向 (required: 就业, 升学, 参军, 转段, 其他 or the internal code), 单位或学校, 是否对口
(是/否), 登记日期 (any date form import_cells reads), 备注. Other columns are noted and not read.

A cell becomes the value set_destination takes, or a Problem on the cell; nothing here decides
whether the destination as a whole is valid (that is set_destination's rule).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from xueji_desktop.core.errors import ImportColumnsMissing
from xueji_desktop.core.import_cells import (
    CellIssue,
    bool_cell,
    date_cell,
    header_key,
    id_number_cell,
    text_cell,
)
from xueji_desktop.core.normalize import fold
from xueji_desktop.core.problems import Problem
from xueji_desktop.services.destinations import DESTINATION_KINDS
from xueji_desktop.services.import_model import CellProblem
from xueji_desktop.services.sheets import Sheet

__all__ = ["KIND_LABELS", "TEMPLATE_HEADERS", "Layout", "Read", "read_cells", "read_layout"]

# The clerk's word for each kind (GLOSSARY: 毕业去向), in the order a form lists them.
KIND_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "employment": "就业",
        "further_study": "升学",
        "military": "参军",
        "stage_transfer": "转段",
        "other": "其他",
    }
)
assert tuple(KIND_LABELS) == DESTINATION_KINDS
# Other words clerks write for a kind (compared folded).
_KIND_WORDS: Mapping[str, str] = MappingProxyType(
    {
        **{fold(label): kind for kind, label in KIND_LABELS.items()},
        **{kind: kind for kind in DESTINATION_KINDS},
        "就业(签约)": "employment",
        "签约就业": "employment",
        "灵活就业": "employment",
        "自主创业": "employment",
        "创业": "employment",
        "升入高校": "further_study",
        "升学(高职)": "further_study",
        "入伍": "military",
        "应征入伍": "military",
        "参军入伍": "military",
        "3+2转段": "stage_transfer",
        "五年一贯制转段": "stage_transfer",
        "转段升学": "stage_transfer",
        "其它": "other",
    }
)
_YES = frozenset({"是", "对口", "Y", "YES", "TRUE", "√"})
_NO = frozenset({"否", "不对口", "N", "NO", "FALSE", "×"})

TEMPLATE_HEADERS = ("学号", "姓名", "毕业去向", "单位或学校", "是否对口", "登记日期", "备注")
_HEADERS: Mapping[str, str] = MappingProxyType(
    {
        header_key(text): name
        for name, texts in (
            ("student_no", ("学号", "学生学号")),
            ("name", ("姓名", "学生姓名")),
            ("destination_kind", ("毕业去向", "去向", "去向类别", "毕业去向类别")),
            (
                "destination_employer",
                ("单位或学校", "单位", "就业单位", "工作单位", "升学学校", "升入学校", "单位/学校"),
            ),
            ("matches_major", ("是否对口", "专业对口", "对口", "是否专业对口")),
            ("recorded_on", ("登记日期", "日期", "去向登记日期")),
            ("remark", ("备注",)),
            ("seq", ("序号", "编号")),
        )
        for text in texts
    }
)
_REQUIRED = (("student_no", "学号"), ("destination_kind", "毕业去向"))
_HEADER_SCAN = 20


@dataclass(frozen=True, slots=True)
class Layout:
    header_index: int  # 0-based row of the header in sheet.rows
    headers: tuple[str, ...]
    fields: Mapping[str, int]  # field -> 0-based column
    columns: Mapping[int, str]  # the plan's mapping
    notes: tuple[CellProblem, ...]


def _header_text(value: object) -> str:
    return "" if value is None else str(value).strip()


def read_layout(sheet: Sheet) -> Layout:
    """The header row and which column holds what. ImportColumnsMissing when no row of the top
    20 has a 学号 and a 毕业去向 column (naming the ones the best row lacks)."""
    best: tuple[int, set[str]] = (-1, set())
    for index, row in enumerate(sheet.rows[:_HEADER_SCAN]):
        named = {_HEADERS.get(header_key(c), "") for c in row if isinstance(c, str)}
        if all(f in named for f, _label in _REQUIRED):
            return _layout(sheet, index)
        if len(named & {f for f, _l in _REQUIRED}) > len(best[1]):
            best = (index, named)
    missing = [label for f, label in _REQUIRED if f not in best[1]]
    raise ImportColumnsMissing(columns="、".join(missing))


def _layout(sheet: Sheet, index: int) -> Layout:
    headers = tuple(_header_text(c) for c in sheet.rows[index])
    fields: dict[str, int] = {}
    notes: list[CellProblem] = []
    for col, text in enumerate(headers):
        if not text:
            continue
        name = _HEADERS.get(header_key(text))
        code = (
            "destination_column_ignored"
            if name is None
            else "grade_column_repeated"
            if name in fields
            else ""
        )
        if code:
            problem = Problem("", code, "warning", {"value": text[:60]})
            notes.append(CellProblem(index + 1, text, col, problem))
        elif name is not None:
            fields[name] = col
    columns = {c: f for f, c in fields.items() if f != "seq"}
    return Layout(index, headers, MappingProxyType(fields), MappingProxyType(columns),
                  tuple(notes))  # fmt: skip


@dataclass(frozen=True, slots=True)
class Read:
    """One row's cells as set_destination's inputs (None: absent or unreadable)."""

    student_no: str | None
    name: str | None
    kind: str | None
    employer: str
    matches_major: bool | None
    recorded_on: str
    remark: str
    problems: tuple[Problem, ...]


def read_cells(lay: Layout, cells: Sequence[object], default_date: str) -> Read:
    """The row's values and the problems of its cells (field = the column's field)."""
    problems: list[Problem] = []

    def get(field: str) -> object:
        index = lay.fields.get(field)
        return cells[index] if index is not None and index < len(cells) else None

    def text(field: str) -> str | None:
        value = text_cell(get(field))
        if isinstance(value, CellIssue):
            problems.append(Problem(field, "invalid_type"))
            return None
        return value

    number: str | None = None
    raw_no = id_number_cell(get("student_no"))
    if raw_no is None:
        problems.append(Problem("student_no", "required"))
    elif isinstance(raw_no, CellIssue):
        code = "invalid_type" if raw_no.code == "wrong_type" else "id_number_as_number"
        problems.append(Problem("student_no", code))
    else:
        number = raw_no
    kind: str | None = None
    kind_text = text("destination_kind")
    if kind_text is None and not any(p.field == "destination_kind" for p in problems):
        problems.append(Problem("destination_kind", "required"))
    elif kind_text is not None:
        kind = _KIND_WORDS.get(fold(kind_text).replace(" ", "")) or _KIND_WORDS.get(
            kind_text.lower()
        )
        if kind is None:
            allowed = "/".join(KIND_LABELS.values())
            problems.append(Problem("destination_kind", "invalid_choice", params={
                "allowed": allowed, "value": kind_text[:40]}))  # fmt: skip
    flag: bool | None = None
    raw_flag = bool_cell(get("matches_major"))
    if isinstance(raw_flag, CellIssue):
        problems.append(Problem("matches_major", "bool_format"))
    elif raw_flag is not None:
        word = fold(raw_flag).upper()
        if word in _YES or word in _NO:
            flag = word in _YES
        else:
            problems.append(Problem("matches_major", "bool_format"))
    day = date_cell(get("recorded_on"))
    recorded_on = default_date
    if isinstance(day, CellIssue):
        problems.append(Problem("recorded_on", "invalid_date"))
    elif day is not None:
        recorded_on = day
    return Read(
        number, text("name"), kind, text("destination_employer") or "", flag, recorded_on,
        text("remark") or "", tuple(problems),
    )  # fmt: skip
