"""The rows of a student sheet read and classified: which column is which field, how each cell
is read (core/import_cells), and what each row is (new, a duplicate of an earlier row, an
error, or a row naming a record services/import_student_archive.py then plans as an update).

Nothing here checks a permission or writes to the archive.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, cast

from xueji_desktop.core import codes, import_cells, validation
from xueji_desktop.core.fields import FAMILY_FIELDS_BY_NAME, STUDENT_FIELDS_BY_NAME
from xueji_desktop.core.import_cells import CellIssue, HeaderMatch, header_key, match_headers
from xueji_desktop.core.normalize import clean_text, fold
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission, Role, allowed
from xueji_desktop.services.import_model import CellProblem, PlannedRow
from xueji_desktop.services.import_student_archive import (
    CachedReads,
    Existing,
    family_norm,
    has_error,
    load_family_of,
    load_rows_of,
)
from xueji_desktop.services.import_student_extra import (
    HISTORY_FIELDS,
    HISTORY_HEADERS,
    INFO_FIELDS,
    LEAVING_MODES,
    MajorNames,
    history_values,
    leaving_date_cell,
    status_on_new,
    status_on_update,
)
from xueji_desktop.services.sheets import Cell
from xueji_desktop.services.students import _major_from_class, _resolve_class
from xueji_desktop.storage.connection import Connection

__all__ = [
    "DEFAULT_REASONS",
    "HISTORY_FIELDS",
    "HISTORY_HEADERS",
    "LEAVING_MODES",
    "Classifier",
    "Judge",
    "Reader",
    "SheetLayout",
    "find_header",
    "is_empty",
    "read_row",
    "sheet_layout",
]

# How many rows from the top may hold titles and notes before the header row.
_HEADER_SEARCH = 20

Reader = Callable[[object], "str | CellIssue | None"]


def _reader(name: str, date1904: bool) -> Reader:
    if name in ("intake_year", "leaving_year"):
        return lambda v: import_cells.year_cell(v, date1904=date1904)
    if name == "leaving_date":
        return lambda v: leaving_date_cell(v, date1904=date1904)
    head, _, rest = name.partition(".")
    spec = (
        FAMILY_FIELDS_BY_NAME.get(rest.partition(".")[2])
        if head == "family_members"
        else STUDENT_FIELDS_BY_NAME.get(name)
    )
    kind = spec.kind if spec is not None else "text"
    if kind == "date":
        return lambda v: import_cells.date_cell(v, date1904=date1904)
    if kind == "month":
        return lambda v: import_cells.month_cell(v, date1904=date1904)
    if kind == "id_number":
        return import_cells.id_number_cell
    if kind == "bool":
        return import_cells.bool_cell
    return import_cells.text_cell


@dataclass(frozen=True, slots=True)
class SheetLayout:
    """How to read the data rows: (column index, field, header text, reader) per used column.
    ``id_type_default``: 身份证件类型 to assume when the file has no such value and the ID column
    is headed as a resident ID (身份证号): what the header says."""

    header_index: int  # 0-based
    headers: tuple[str, ...]
    columns: Mapping[int, str]
    used: tuple[tuple[int, str, str, Reader], ...]
    id_type_default: str = ""
    notes: tuple[CellProblem, ...] = field(default=())
    # field -> None (a record field), (member index, member field), or (-1, name): history
    targets: Mapping[str, tuple[int, str] | None] = field(default_factory=dict)
    # (index, field) of record fields read as text, and of every other used column
    plain: tuple[tuple[int, str], ...] = ()
    other: tuple[tuple[int, str], ...] = ()
    readers: Mapping[str, Reader] = field(default_factory=dict)
    headers_of: Mapping[str, str] = field(default_factory=dict)


def _known(name: object) -> bool:
    if not isinstance(name, str):
        return False
    if name in STUDENT_FIELDS_BY_NAME or name in HISTORY_FIELDS:
        return True
    parts = name.split(".")
    return (
        len(parts) == 3
        and parts[0] == "family_members"
        and parts[1].isdigit()
        and int(parts[1]) < 10
        and parts[2] in FAMILY_FIELDS_BY_NAME
    )


def _header_texts(row: Sequence[Cell]) -> tuple[str, ...]:
    return tuple("" if v is None else clean_text(str(v)) for v in row)


def find_header(
    rows: Sequence[Sequence[Cell]],
    *,
    remembered: Mapping[str, str] | None = None,
    extra: Mapping[str, str] | None = None,
) -> tuple[int, HeaderMatch]:
    """The first row (0-based) whose cells match at least two fields, and its match: a merged
    title line or notes above the header are skipped. No such row: row 0 and its (poor) match."""
    for index, row in enumerate(rows[:_HEADER_SEARCH]):
        match = match_headers(row, remembered=remembered, extra=extra)
        if len(match.columns) >= 2:
            return index, match
    return 0, match_headers(rows[0] if rows else (), remembered=remembered, extra=extra)


def sheet_layout(
    rows: Sequence[Sequence[Cell]],
    header_index: int,
    columns: Mapping[int, str],
    *,
    date1904: bool = False,
) -> SheetLayout:
    headers = _header_texts(rows[header_index]) if rows else ()
    used: list[tuple[int, str, str, Reader]] = []
    notes: list[CellProblem] = []
    seen: dict[str, int] = {}
    for index in sorted(columns):
        name = columns[index]
        text = headers[index] if index < len(headers) else ""
        if not _known(name):  # a mapping (or a remembered one) naming no field: not read
            notes.append(CellProblem(header_index + 1, text, index,
                                     Problem("", "column_unknown", "warning")))  # fmt: skip
            continue
        if name in seen:  # a mapping that names a field twice: the first column counts
            again = Problem(name, "column_repeated", "warning")
            notes.append(CellProblem(header_index + 1, text, index, again))
            continue
        seen[name] = index
        used.append((index, name, text, _reader(name, date1904)))
    id_type_default = ""
    if "id_number" in seen and "id_type" not in seen:
        key = header_key(headers[seen["id_number"]] if seen["id_number"] < len(headers) else "")
        if "身份证" in key:
            id_type_default = "1"  # 居民身份证
    targets: dict[str, tuple[int, str] | None] = {}
    for name in seen:
        if name.startswith("family_members."):
            _, number, sub = name.split(".", 2)
            targets[name] = (int(number), sub)
        else:
            targets[name] = (-1, name) if name in HISTORY_FIELDS else None
    plain = tuple(
        (index, name)
        for index, name, _, reader in used
        if reader is import_cells.text_cell and targets[name] is None
    )
    other = tuple((index, name) for index, name, _, _ in used if (index, name) not in plain)
    return SheetLayout(
        header_index, headers, dict(columns), tuple(used), id_type_default, tuple(notes), targets,
        plain, other, {name: reader for _, name, _, reader in used},
        {name: text for _, name, text, _ in used},
    )  # fmt: skip


def is_empty(row: Sequence[Cell]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row)


_EDGE = frozenset(" \t\r\n\u3000\xa0\u200b\ufeff'")  # text that needs text_cell's clean-up


def _cell_value(
    cell: Cell, index: int, name: str, layout: SheetLayout, row_no: int, out: list[CellProblem]
) -> object:
    """The cell through its field's reader; None when empty or unreadable (``out`` says why)."""
    value = layout.readers[name](cell)
    if isinstance(value, CellIssue):
        code = "cell_wrong_type" if value.code == "wrong_type" else value.code
        out.append(CellProblem(row_no, layout.headers_of[name], index, Problem(name, code)))
        return None
    return value


def read_row(
    cells: Sequence[Cell], layout: SheetLayout, row_no: int
) -> tuple[dict[str, Any], dict[str, Any], list[CellProblem]]:
    """(record values keyed by internal names, with the family list under "family_members";
    history values; the cells that could not be read). Empty cells are left out."""
    raw: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    members: dict[int, dict[str, Any]] = {}
    problems: list[CellProblem] = []
    width = len(cells)
    # The hot path of a 10,000-row sheet: text fields whose cell is plain text, nothing to trim.
    for index, name in layout.plain:
        if index < width:
            cell = cells[index]
            if type(cell) is str and cell and cell[0] not in _EDGE and cell[-1] not in _EDGE:
                raw[name] = cell
            elif cell is not None:
                value = _cell_value(cell, index, name, layout, row_no, problems)
                if value is not None:
                    raw[name] = value
    for index, name in layout.other:
        if index < width and cells[index] is not None:
            value = _cell_value(cells[index], index, name, layout, row_no, problems)
            if value is None:
                continue
            target = layout.targets[name]
            if target is None:
                raw[name] = value
            elif target[0] < 0:
                extra[name] = value
            else:
                members.setdefault(target[0], {})[target[1]] = value
    if len(problems) > 1:
        problems.sort(key=lambda p: p.column_index or 0)
    if layout.id_type_default and "id_number" in raw and "id_type" not in raw:
        raw["id_type"] = layout.id_type_default
    if members:
        raw["family_members"] = [members[n] for n in sorted(members)]
    if "student_category" in raw and "study_mode" in raw:
        raw["student_category"] = codes.finer_category(raw["student_category"], raw["study_mode"])
    return raw, extra, problems


# -- classification ------------------------------------------------------------------------------

DEFAULT_REASONS: Mapping[str, str] = {
    "students": "Excel 导入",
    "history": "历史补录",
    "corrections": "班主任核对",
}


class Classifier:
    """Classifies the rows of one sheet in order; ``finish`` gives the planned rows.

    New rows are judged as they come; rows naming an existing record wait until ``finish``,
    which reads those records (and their families) in a few queries."""

    def __init__(
        self,
        conn: Connection,
        roles: frozenset[Role],
        mode: str,
        today: datetime.date,
        majors: Mapping[str, str],
        existing: Existing,
        layout: SheetLayout,
    ) -> None:
        self.conn, self.mode, self.today, self.majors = conn, mode, today, majors
        # for the forms' class helpers, which look a class up by name for every record
        self.reads = cast(Connection, CachedReads(conn))
        self.existing, self.layout = existing, layout
        self.may_correct_left = allowed(roles, Permission.CORRECT_RECORDS)
        self.where = {name: (index, header) for index, name, header, _ in layout.used}
        self.first: dict[tuple[str, ...], int] = {}
        self.rows: list[PlannedRow] = []
        self.matched: list[tuple[int, str, dict[str, Any], list[CellProblem], int]] = []
        self.major_names = MajorNames(conn)
        self.sheet_status: dict[int, object] = {}  # row -> its 学籍状态 cell ("students" mode)
        self.diplomas = set(existing.diplomas)  # 历史补录: numbers taken so far
        # Without family columns every new record lacks a guardian: the plan says it once
        # (import_students), not on each of 60,000 rows; an old graduate's guardian is moot.
        self.family_mapped = any(t is not None and t[0] >= 0 for t in layout.targets.values())
        self.guardian_wanted = self.family_mapped and mode != "history"

    def locate(self, row_no: int, problem: Problem) -> CellProblem:
        """The problem where the clerk finds it: the column of its field (or the row)."""
        place = self.where.get(problem.field)
        if place is None and "." in problem.field and not problem.field.startswith("family"):
            place = self.where.get(problem.field.split(".")[0])
        if place is None:
            return CellProblem(row_no, "", None, problem)
        return CellProblem(row_no, place[1], place[0], problem)

    def add(
        self, row_no: int, raw: dict[str, Any], extra: dict[str, Any], cells: list[CellProblem]
    ) -> None:
        if self.mode != "history":  # the 学籍状态 columns are information here
            cells = [c for c in cells if c.problem.field not in INFO_FIELDS]
        if raw.get("major_code"):  # typed as a name, or "name（code）": the code
            raw["major_code"], ambiguous = self.major_names.code_of(raw["major_code"])
            if ambiguous is not None:
                del raw["major_code"]  # the row is an error: no second "unknown" about it
                cells = [*cells, self.locate(row_no, ambiguous)]
        # The numbers as validation stores them (id_number_cell folded the ID already), so a
        # row naming an existing record is found without checking it as a new one first.
        idn = str(raw.get("id_number") or "")
        sno = fold(str(raw.get("student_no") or ""))
        id_type = str(codes.code_of("id_type", str(raw.get("id_type") or "")) or "")
        sid = self._match(id_type, idn, sno, {})
        checked = None
        if sid is None:
            values, mapped = validation.to_internal(raw)
            if self.mode != "corrections":
                _major_from_class(self.reads, values)
            checked = validation.check_student(values, today=self.today, majors=self.majors)
            v = checked.values
            idn, sno = str(v.get("id_number") or ""), str(v.get("student_no") or "")
            id_type = str(v.get("id_type") or "")
        else:
            v = raw
        label = str(v.get("name") or v.get("student_no") or "")
        keys: list[tuple[tuple[str, ...], str]] = []
        if idn:
            keys.append((("id", idn), "id_number"))
        if sno:
            keys.append((("no", sno), "student_no"))
        if not idn and self.mode == "history" and v.get("name") and v.get("birth_date"):
            keys.append((("nb", str(v["name"]), str(v["birth_date"])), "name"))
        for key, name in keys:
            if key in self.first:
                first = self.first[key]
                problem = Problem(name, "duplicate_in_file", params={"row": str(first)})
                self.rows.append(PlannedRow(row_no, "duplicate", label, problems=(
                    *cells, self.locate(row_no, problem)), first_row=first))  # fmt: skip
                return
        for key, _ in keys:
            self.first[key] = row_no
        if sid is None and self.mode == "history" and not idn:
            sid = self._match(id_type, idn, sno, v)
        if sid is not None:
            self.matched.append((row_no, label, raw, cells, sid))
            if self.mode == "students" and extra.get("status"):
                self.sheet_status[row_no] = extra["status"]
            return
        assert checked is not None
        problems = cells + [self.locate(row_no, p) for p in mapped]
        if self.mode == "corrections":
            field = "student_no" if sno else "id_number"
            problems.append(self.locate(row_no, Problem(field, "no_student_matches")))
            self.rows.append(PlannedRow(row_no, "error", label, problems=tuple(problems)))
            return
        # a cell that could not be read already says why; "required" on it would say it twice
        unread = {c.problem.field for c in cells}
        problems += [
            self.locate(row_no, p)
            for p in checked.problems
            if not (p.code == "required" and p.field in unread)
            and (p.code != "no_guardian" or self.guardian_wanted)
        ]
        if self.mode == "students" and not idn and "id_number" not in unread:
            # the key a later import finds the record by
            problems.append(self.locate(row_no, Problem("id_number", "required")))
        row, more = _resolve_class(self.reads, v)
        if self.mode == "history":
            more = [
                Problem(p.field, "history_class_dropped", "warning")
                if p.code == "unknown_class" else p for p in more
            ]  # fmt: skip
        problems += [self.locate(row_no, p) for p in more]
        for number, index in (("student_no", self.existing.by_student_no),
                              ("registry_no", self.existing.by_registry_no)):  # fmt: skip
            if row[number] and row[number] in index:
                problems.append(self.locate(row_no, Problem(number, "number_taken")))
        if self.mode == "history":
            found = history_values(row, extra, self.today, self.diplomas)
            problems += [self.locate(row_no, p) for p in found]
        elif self.mode == "students":
            problems += [self.locate(row_no, p) for p in status_on_new(extra)]
        row["family_members"] = family_norm(checked.family)
        kind = "error" if has_error(problems) else "new"
        self.rows.append(PlannedRow(row_no, kind, label, None, MappingProxyType(row),
                                    problems=tuple(problems)))  # fmt: skip

    def _match(self, id_type: str, idn: str, sno: str, v: Mapping[str, Any]) -> int | None:
        if self.mode == "corrections" and sno:
            return self.existing.by_student_no.get(sno)
        if idn:
            return self.existing.match_id(id_type, idn)
        if self.mode == "history":
            return self.existing.by_name_birth.get((str(v.get("name")), str(v.get("birth_date"))))
        return None

    def finish(self, judge: Judge) -> list[PlannedRow]:
        """Every row in sheet order; ``judge`` plans a row that names an existing record."""
        ids = [m[4] for m in self.matched]
        current = load_rows_of(self.conn, ids)
        families = load_family_of(self.conn, ids)
        for row_no, label, raw, cells, sid in self.matched:
            planned = judge(self, row_no, label, raw, cells, current[sid], families[sid])
            status = status_on_update(self.sheet_status.get(row_no), str(current[sid]["status"]))
            if status:  # a warning: the row's kind stays
                more = tuple(self.locate(row_no, p) for p in status)
                planned = dataclasses.replace(planned, problems=(*planned.problems, *more))
            self.rows.append(planned)
        self.rows.sort(key=lambda r: r.row)
        return self.rows


# (classifier, row, label, raw values, cell problems, current record, its family) -> planned row
Judge = Callable[
    [Classifier, int, str, dict[str, Any], list[CellProblem], dict[str, Any], list[dict[str, Any]]],
    PlannedRow,
]
