"""Grade sheets back from teachers: a dry run, then an all-or-nothing commit (issue 6, section 2).

The sheet is read by import_grades_read (layouts "course" and "courses", the ones
services/export_grades.py writes). A student is found by 学号 (an old, corrected 学号 too); a
姓名 given must be the record's; the student must be in the sheet's class, not voided, and the
term not before the enrolment (records_common.check_term_for_student, the grades service's
rule). A 学号 seen before in the sheet makes the row a duplicate naming the first row.
Courses of any major are matched (a student who changed major keeps the old major's courses);
results of a course that is neither the class's major's nor public, and that the class has never
had a result of, get a warning note once per course: the clerk sees it in the preview. Rows
that list a student but no result are skipped, named in one note at the first of them.

Every result is checked by the grades service's own rules (grades.check_result,
grades._check_consistent for 补考 after a failed result) and written by grades._save_grade, so the
grade history (field_history) is written exactly as a form's edit writes it. The commit plans the
sheet again inside its one write transaction and writes nothing unless that plan is the one the
clerk saw; one audit entry ("grades_imported", ids and counts only) commits with the grades.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from xueji_desktop.core.errors import (
    ImportHasErrors,
    ImportOutdated,
    NothingToImport,
    OperationCancelled,
    RecordInvalid,
)
from xueji_desktop.core.import_cells import CellIssue, id_number_cell
from xueji_desktop.core.normalize import fold
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit
from xueji_desktop.services.context import Session
from xueji_desktop.services.export_grades import class_course_ids
from xueji_desktop.services.grades import _EMPTY, _check_consistent, _current, _save_grade
from xueji_desktop.services.import_grades_read import Layout, read_layout, read_slot, text
from xueji_desktop.services.import_model import (
    CellProblem,
    FieldChange,
    ImportPlan,
    ImportResult,
    PlannedRow,
)
from xueji_desktop.services.records_common import (
    Course,
    StudentRef,
    Term,
    check_term_for_student,
    diff,
)
from xueji_desktop.services.sheets import Sheet
from xueji_desktop.storage.connection import Connection
from xueji_desktop.storage.layout import now_utc

__all__ = ["GradePlan", "commit_grades", "plan_grades"]

Progress = Callable[[int, int], None] | None
Cancelled = Callable[[], bool] | None


@dataclass(frozen=True, slots=True)
class GradePlan(ImportPlan):
    """A grade import's plan: an ImportPlan (what="grades") that also names what the sheet
    was read as, so the commit re-plans against the very same term, class and courses."""

    layout: str = "course"  # "course" | "courses"
    term_id: int = 0
    course_id: int | None = None
    class_id: int | None = None


@dataclass(frozen=True, slots=True)
class _Write:
    row: int
    student_id: int
    course: Course
    values: Mapping[str, Any]
    new: bool


_STUDENT_SQL = "SELECT s.id, s.name, s.class_group_id, s.status, s.enrolment_month, s.voided FROM "
_BY_NUMBER = (
    _STUDENT_SQL + "students s WHERE s.student_no = ? ORDER BY s.voided, s.id",
    _STUDENT_SQL + "number_aliases a JOIN students s ON s.id = a.student_id"
    " WHERE a.kind = 'student_no' AND a.old_value = ? ORDER BY a.id DESC",
)


def _student(
    conn: Connection, ctx: Layout, number: str, name: object
) -> tuple[int | None, str, list[tuple[Problem, str]]]:
    """(student id, record name, problems with the column field they belong to)."""
    for sql in _BY_NUMBER:
        found = conn.execute(sql, (number,)).fetchone()
        if found is not None:
            break
    else:
        return (
            None,
            "",
            [(Problem("student_no", "no_such_student", params={"value": number}), "student_no")],
        )
    sid, record_name = int(found[0]), str(found[1])
    if found[5]:
        return sid, record_name, [(Problem("student_no", "record_voided"), "student_no")]
    problems: list[tuple[Problem, str]] = []
    if name is not None and fold(text(name)) != fold(record_name):
        problems.append((Problem("name", "name_mismatch"), "name"))
    if ctx.class_id is not None and found[2] != ctx.class_id:
        problems.append((Problem("student_no", "not_in_class"), "student_no"))
    try:
        check_term_for_student(
            StudentRef(sid, str(found[3]), str(found[4])), ctx.term, "student_no"
        )
    except RecordInvalid as exc:
        problems.extend((p, "student_no") for p in exc.problems if isinstance(p, Problem))
    return sid, record_name, problems


def _result_of(values: Mapping[str, Any]) -> object:
    """A course's result as one value for the "courses" layout's preview: score, else label."""
    if values.get("score") is not None:
        return values["score"]
    return values.get("grade_label") or None


def _plan_row(
    conn: Connection,
    ctx: Layout,
    row: int,
    cells: Sequence[object],
    first_rows: dict[str, int],
) -> tuple[PlannedRow | None, list[_Write]]:
    """One data row: None when it fills in no result (skipped, not an error)."""
    fields, headers = ctx.fields, ctx.headers

    def get(index: int | None) -> object:
        value = cells[index] if index is not None and index < len(cells) else None
        return None if isinstance(value, str) and not text(value) else value

    slots = [
        (index, course, *read_slot(ctx, fields, index, get)) for index, course in ctx.slots.items()
    ]
    if not any(values or problems for _i, _c, values, problems, _w in slots):
        return None, []
    found: list[CellProblem] = []

    def put(problem: Problem, index: int | None) -> None:
        found.append(CellProblem(row, "" if index is None else headers[index], index, problem))

    no_i = fields["student_no"]
    number = id_number_cell(get(no_i))
    sid: int | None = None
    label = ""
    if number is None:
        put(Problem("student_no", "required"), no_i)
    elif isinstance(number, CellIssue):
        code = "invalid_type" if number.code == "wrong_type" else "id_number_as_number"
        put(Problem("student_no", code), no_i)
    elif number in first_rows:
        first = first_rows[number]
        problem = Problem("student_no", "duplicate_in_sheet", params={"first_row": str(first)})
        dup = CellProblem(row, headers[no_i], no_i, problem)
        return PlannedRow(row, "duplicate", number, problems=(dup,), first_row=first), []
    else:
        first_rows[number] = row
        sid, name, located = _student(conn, ctx, number, get(fields.get("name")))
        label = f"{number} {name}".strip()
        for problem, field in located:
            put(problem, fields.get(field))
    student_ok = sid is not None and not found
    writes: list[_Write] = []
    changes: list[FieldChange] = []
    shown: dict[str, object] = {}
    updates = False
    for index, course, values, problems, where in slots:
        for problem in problems:
            put(problem, where.get(problem.field))
        if not student_ok or problems or not values or sid is None:
            continue
        current = _current(conn, sid, course.id, ctx.term.id)
        old = current[1] if current else None
        base = {**_EMPTY, **(old or {})}
        if old is None and "grade_label" not in values:  # a 补考 or 备注 alone makes no grade
            put(Problem("score", "result_required"), where.get("score"))
            continue
        if "makeup_score" in values and not values.get("makeup_date") and not base["makeup_date"]:
            put(Problem("makeup_date", "required"), where.get("makeup_date"))
            continue
        try:
            _check_consistent({**base, **values})
        except RecordInvalid as exc:
            for p in exc.problems:
                if isinstance(p, Problem):
                    put(p, where.get(p.field, where.get("score")))
            continue
        diffs = (
            diff(old, values)
            if old
            else {k: (None, v) for k, v in values.items() if v not in (None, "")}
        )
        if not diffs:
            continue
        updates = updates or old is not None
        writes.append(_Write(row, sid, course, MappingProxyType(dict(values)), old is None))
        if index is None:
            changes.extend(FieldChange(f, o, n) for f, (o, n) in diffs.items())
            shown.update(values)
        else:
            changes.append(FieldChange(headers[index], _result_of(old or {}), _result_of(values)))
            shown[headers[index]] = _result_of(values)
    if any(p.is_error for p in found):
        kind, writes, changes = "error", [], []
    else:
        kind = "update" if updates else "new" if writes else "unchanged"
    planned = PlannedRow(
        row, kind, label, sid, MappingProxyType(shown), tuple(changes), tuple(found)
    )
    return planned, writes


_NAMED_ROWS = 5  # a note names the first few rows without a result, then says "…"


def _blank_note(rows: Sequence[int]) -> CellProblem:
    """One note for the rows that list a student but fill in no result, at the first of them
    (not at the header): "有 3 行没有填写成绩（第 12、15、18 行）"."""
    shown = [str(r) for r in rows[:_NAMED_ROWS]]
    code = "rows_without_result" if len(rows) <= _NAMED_ROWS else "rows_without_result_more"
    params = {"count": str(len(rows)), "rows": ", ".join(shown), "rows_zh": "、".join(shown)}
    return CellProblem(rows[0], "", None, Problem("", code, "warning", params))


def _foreign_courses(conn: Connection, ctx: Layout, writes: Sequence[_Write]) -> list[CellProblem]:
    """A warning, once per course, for results of a course that is neither of the class's major
    nor a public course and that no student of the class has a result of yet (any term): most
    likely the wrong course was chosen. Not an error: a student who changed major keeps the
    old major's courses, which the importer matches on purpose. The class is the sheet's, else
    each written student's."""
    out: list[CellProblem] = []
    by_course: dict[int, tuple[Course, set[int]]] = {}
    for w in writes:
        by_course.setdefault(w.course.id, (w.course, set()))[1].add(w.student_id)
    known: dict[int, set[int]] = {}  # class -> its courses (export_grades.class_course_ids)
    for course, students in by_course.values():
        if course.major_code is None:
            continue
        ids = sorted(students)
        classes = conn.execute(
            "SELECT DISTINCT class_group_id FROM students WHERE class_group_id IS NOT NULL"  # noqa: S608 - placeholders only, values bound
            " AND id IN (" + ",".join("?" * len(ids)) + ")",
            ids,
        ).fetchall()
        for (k,) in classes:
            if k not in known:
                known[k] = class_course_ids(conn, int(k))
        if all(course.id in known[k] for (k,) in classes):
            continue
        params = {"value": f"{course.name}（{course.code}）"}
        problem = Problem("course_id", "course_not_of_class_major", "warning", params)
        index = next((i for i, c in ctx.slots.items() if c.id == course.id), None)
        if index is None:  # layout "course": at the column the results are in
            index = ctx.fields.get("score", ctx.fields.get("grade_label"))
        header = "" if index is None else ctx.headers[index]
        out.append(CellProblem(ctx.header_row, header, index, problem))
    return out


def _fingerprint(plan: GradePlan) -> str:
    """What the plan would do, row by row: a commit's re-plan must come out the same."""
    body = [
        plan.layout, plan.term_id, plan.course_id, plan.class_id, plan.headers,
        sorted(plan.columns.items()),
        [(r.row, r.kind, r.student_id, [(c.field, c.old, c.new) for c in r.changes],
          [(p.column_index, p.code) for p in r.problems]) for r in plan.rows],
    ]  # fmt: skip
    return hashlib.sha256(json.dumps(body, default=str).encode()).hexdigest()


def _plan(
    conn: Connection,
    sheet: Sheet,
    source: str,
    ids: tuple[int | None, int | None, int | None],
    progress: Progress,
    cancelled: Cancelled,
) -> tuple[GradePlan, Term, list[_Write]]:
    lay = read_layout(conn, sheet, *ids)
    rows: list[PlannedRow] = []
    writes: list[_Write] = []
    first_rows: dict[str, int] = {}
    data = sheet.rows[lay.header_row :]
    blank: list[int] = []
    for offset, cells in enumerate(data):
        if offset % 100 == 0:
            if cancelled is not None and cancelled():
                raise OperationCancelled()
            if progress is not None:
                progress(offset, len(data))
        planned, row_writes = _plan_row(conn, lay, lay.header_row + 1 + offset, cells, first_rows)
        if planned is None:
            if any(c is not None for c in cells):  # a student listed, no result filled in
                blank.append(lay.header_row + 1 + offset)
            continue
        rows.append(planned)
        writes.extend(row_writes)
    notes = [*lay.notes, *_foreign_courses(conn, lay, writes)]
    if blank:
        notes.append(_blank_note(blank))
    if progress is not None:
        progress(len(data), len(data))
    course_id = lay.slots[None].id if lay.layout == "course" else None
    plan = GradePlan(
        "grades", source, sheet.name, lay.header_row, lay.headers, lay.columns, tuple(rows),
        "", tuple(notes), lay.layout, lay.term.id, course_id, lay.class_id,
    )  # fmt: skip
    return replace(plan, fingerprint=_fingerprint(plan)), lay.term, writes


def plan_grades(
    session: Session,
    sheet: Sheet,
    *,
    source: str = "",
    term_id: int | None = None,
    course_id: int | None = None,
    class_id: int | None = None,
    progress: Progress = None,
    cancelled: Cancelled = None,
) -> GradePlan:
    """The dry run: every data row classified (new, update, unchanged, duplicate, error);
    nothing is written. Term, course and class: the arguments, else the sheet's title row."""
    session.require(Permission.WRITE_RECORDS)
    conn = session.archive.db.conn
    plan, _term, _writes = _plan(
        conn, sheet, source, (term_id, course_id, class_id), progress, cancelled
    )
    return plan


def commit_grades(
    session: Session,
    sheet: Sheet,
    plan: ImportPlan,
    *,
    valid_only: bool = False,
    progress: Progress = None,
    cancelled: Cancelled = None,
) -> ImportResult:
    """Write what ``plan`` showed, in one transaction with its audit entry: every row, or with
    ``valid_only`` the new and update rows only. The sheet is planned again inside the write
    transaction; if that differs from ``plan`` nothing is written (ImportOutdated).

    ``added``/``updated`` count grade records (a "courses" row holds several); ``skipped`` the
    rows not written (errors, duplicates, unchanged)."""
    session.require(Permission.WRITE_RECORDS)
    if not isinstance(plan, GradePlan):
        raise ImportOutdated()
    h = session.archive
    with h.db.atomic() as conn:
        ids = (plan.term_id, plan.course_id, plan.class_id)
        fresh, term, writes = _plan(conn, sheet, plan.source, ids, None, cancelled)
        if fresh.fingerprint != plan.fingerprint:
            raise ImportOutdated()
        bad = sum(1 for r in fresh.rows if r.kind in ("error", "duplicate"))
        if bad and not valid_only:
            raise ImportHasErrors(count=bad)
        if not writes:
            raise NothingToImport(reason="no_valid_rows" if bad else "no_rows")
        ts = now_utc()
        added = updated = 0
        written: list[int] = []
        for done, write in enumerate(writes, start=1):
            if cancelled is not None and cancelled():
                raise OperationCancelled()
            gid, _changes = _save_grade(
                conn, session, write.student_id, write.course, term, write.values, ts
            )
            written.append(gid)
            added, updated = (added + 1, updated) if write.new else (added, updated + 1)
            if progress is not None:
                progress(done, len(writes))
        audit.record(
            h,
            session.username,
            "grades_imported",
            target_type="term",
            target_id=term.id,
            details={
                "term": term.code,
                "class_id": plan.class_id,
                "courses": sorted({w.course.code for w in writes}),
                "added": added,
                "updated": updated,
                "rows": sum(1 for r in fresh.rows if r.importable),
                "rows_skipped": sum(1 for r in fresh.rows if not r.importable),
                "valid_only": valid_only,
            },
        )
    skipped = sum(1 for r in fresh.rows if not r.importable)
    return ImportResult(added, updated, skipped, tuple(written))
