"""Grades (成绩) with 补考 and 重修: one result per student × course × term, and class sheets.

Grades are upserts keyed by student × course × term. A change to an existing row writes one
``field_history`` row per changed field (change_kind 'edit') and an audit entry, in one
transaction; re-entering the same values changes nothing and writes nothing. Reading them
(transcript data) is in services/transcripts.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from xueji_desktop.core.errors import NotFound, RecordInvalid, RecordVoided
from xueji_desktop.core.grading import RESULT_LABELS, passes
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit
from xueji_desktop.services.context import Session
from xueji_desktop.services.records_common import (
    Checks,
    Course,
    Term,
    change_details,
    check_term_for_student,
    diff,
    new_values,
    require_course,
    require_id,
    require_student,
    require_term,
    update_columns,
    write_history,
)
from xueji_desktop.storage.connection import Connection
from xueji_desktop.storage.layout import now_utc

_GRADE_COLS = (
    "score",
    "grade_label",
    "makeup_score",
    "makeup_date",
    "retake_score",
    "retake_term_id",
    "remark",
)


_EMPTY: dict[str, Any] = {c: None if c.endswith(("score", "term_id")) else "" for c in _GRADE_COLS}
_SHEET_KEYS = {"student_id", "score", "grade_label", "remark"}


def _current(conn: Connection, sid: int, cid: int, tid: int) -> tuple[int, dict[str, Any]] | None:
    row = conn.execute(
        f"SELECT id, {', '.join(_GRADE_COLS)} FROM grades "  # noqa: S608 - fixed column names
        "WHERE student_id = ? AND course_id = ? AND term_id = ?",
        (sid, cid, tid),
    ).fetchone()
    return None if row is None else (int(row[0]), dict(zip(_GRADE_COLS, row[1:], strict=True)))


def check_result(ck: Checks, score: object, label: object, prefix: str = "") -> tuple[Any, str]:
    """The rule for one result (0–100, a known label, one of them present); pure, reused by
    services/grade_sheets for the grid's live check."""
    value = None if score is None else ck.number(prefix + "score", score, low=0, high=100)
    text = ck.text(prefix + "grade_label", label, max_len=10)
    if text and text not in RESULT_LABELS:
        ck.add(prefix + "grade_label", "invalid_choice", allowed="/".join(RESULT_LABELS))
    if score is None and not text:
        ck.add(prefix + "score", "result_required")
    return value, text


def _save_grade(
    conn: Connection,
    session: Session,
    sid: int,
    course: Course,
    term: Term,
    values: Mapping[str, Any],
    ts: str,
) -> tuple[int, dict[str, tuple[object, object]]]:
    """Insert or update one grade row; returns its id and what changed (empty: nothing)."""
    found = _current(conn, sid, course.id, term.id)
    if found is None:
        row = {**_EMPTY, **values}
        _check_consistent(row)
        cur = conn.execute(
            "INSERT INTO grades (student_id, course_id, term_id, score, grade_label, makeup_score,"
            " makeup_date, retake_score, retake_term_id, remark, updated_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (sid, course.id, term.id, *(row[c] for c in _GRADE_COLS), ts),
        )
        return int(cur.lastrowid), {c: (None, v) for c, v in values.items()}
    gid, old = found
    changes = diff(old, values)
    if changes:
        _check_consistent({**old, **values})
        update_columns(conn, "grades", new_values(changes), gid, updated_at=ts)
        write_history(
            conn, session, student_id=sid, entity="grade", entity_id=gid, changes=changes, ts=ts
        )
    return gid, changes


def _check_consistent(row: Mapping[str, Any]) -> None:
    """补考 and 重修 only follow a failed original (a makeup also not after a passed retake)."""
    original = passes(row["score"], row["grade_label"])
    if original is None and (row["makeup_score"] is not None or row["retake_score"] is not None):
        raise RecordInvalid(problems=[Problem("score", "result_required")])
    if original and row["makeup_score"] is not None:
        raise RecordInvalid(problems=[Problem("makeup_score", "makeup_after_pass")])
    if original and row["retake_score"] is not None:
        raise RecordInvalid(problems=[Problem("retake_score", "retake_after_pass")])
    makeup = row["makeup_score"]
    if makeup is not None and passes(makeup) and row["retake_score"] is not None:
        raise RecordInvalid(problems=[Problem("retake_score", "retake_after_pass")])


def _context(conn: Connection, student_id: object, course_id: object, term_id: object) -> Any:
    student = require_student(conn, student_id)
    course = require_course(conn, course_id)
    term = require_term(conn, term_id)
    check_term_for_student(student, term)
    return student, course, term


def record_grade(
    session: Session,
    student_id: int,
    course_id: int,
    term_id: int,
    *,
    score: float | None = None,
    grade_label: str = "",
    remark: str = "",
) -> int:
    """Enter or change the original result (a score 0–100 and/or a label). Returns the grade id."""
    session.require(Permission.WRITE_RECORDS)
    ck = Checks()
    value, label = check_result(ck, score, grade_label)
    remark = ck.text("remark", remark, max_len=200)
    ck.done()
    return _write_one(
        session,
        student_id,
        course_id,
        term_id,
        {"score": value, "grade_label": label, "remark": remark},
        "grade_recorded",
    )


def record_makeup(
    session: Session,
    student_id: int,
    course_id: int,
    term_id: int,
    *,
    score: float,
    exam_date: str,
) -> int:
    """补考 result of a failed original result of this course × term."""
    session.require(Permission.WRITE_RECORDS)
    ck = Checks()
    value = ck.number("makeup_score", score, low=0, high=100)
    day = ck.date("makeup_date", exam_date)
    ck.done()
    return _write_one(
        session,
        student_id,
        course_id,
        term_id,
        {"makeup_score": value, "makeup_date": day},
        "grade_makeup_recorded",
        need_failed=True,
    )


def record_retake(
    session: Session,
    student_id: int,
    course_id: int,
    term_id: int,
    *,
    score: float,
    retake_term_id: int,
) -> int:
    """重修 result, taken in a later term, of a failed original result of this course × term."""
    session.require(Permission.WRITE_RECORDS)
    ck = Checks()
    value = ck.number("retake_score", score, low=0, high=100)
    ck.done()
    rid = require_id("retake_term", retake_term_id)
    return _write_one(
        session,
        student_id,
        course_id,
        term_id,
        {"retake_score": value, "retake_term_id": rid},
        "grade_retake_recorded",
        need_failed=True,
    )


def _write_one(
    session: Session,
    student_id: object,
    course_id: object,
    term_id: object,
    values: dict[str, Any],
    action: str,
    *,
    need_failed: bool = False,
) -> int:
    h = session.archive
    with h.db.atomic() as conn:
        student, course, term = _context(conn, student_id, course_id, term_id)
        if need_failed:
            found = _current(conn, student.id, course.id, term.id)
            if found is None:
                raise NotFound(kind="grade", student_id=student.id, course_id=course.id)
            if values.get("makeup_date") and values["makeup_date"] < term.start_date:
                raise RecordInvalid(problems=[Problem("makeup_date", "before_term")])
            if "retake_term_id" in values:
                later = require_term(conn, values["retake_term_id"])
                if later.start_date <= term.start_date:
                    raise RecordInvalid(problems=[Problem("retake_term_id", "not_later_term")])
        gid, changes = _save_grade(conn, session, student.id, course, term, values, now_utc())
        if changes:
            audit.record(
                h,
                session.username,
                action,
                target_type="student",
                target_id=student.id,
                details=_audit_details(gid, course, term, changes),
            )
    return gid


def _audit_details(
    gid: int, course: Course, term: Term, changes: Mapping[str, tuple[object, object]]
) -> dict[str, Any]:
    return {
        "grade_id": gid,
        "course": course.code,
        "term": term.code,
        "changes": change_details(changes),
    }


@dataclass(frozen=True, slots=True)
class BulkResult:
    """Rows saved (inserted or changed), rows unchanged, and problems by row index (0-based).

    When ``problems`` is not empty nothing was written."""

    saved: int = 0
    unchanged: int = 0
    problems: dict[int, list[Problem]] = field(default_factory=dict)


def record_grades_bulk(
    session: Session, term_id: int, course_id: int, rows: Sequence[Mapping[str, object]]
) -> BulkResult:
    """A class sheet for one course × term: rows of {student_id, score, grade_label, remark}.

    All or nothing: every row is checked first; if any is wrong nothing is written and the
    problems come back per row."""
    session.require(Permission.WRITE_RECORDS)
    if isinstance(rows, str | bytes) or not isinstance(rows, Sequence):
        raise RecordInvalid(problems=[Problem("rows", "invalid_type")])
    h = session.archive
    # Checked inside the write transaction, so no other writer slips in between check and write.
    with h.db.atomic() as conn:
        course = require_course(conn, course_id)
        term = require_term(conn, term_id)
        problems: dict[int, list[Problem]] = {}
        clean: list[tuple[int, dict[str, Any]]] = []
        seen: set[int] = set()
        for index, row in enumerate(rows):
            if not isinstance(row, Mapping):
                problems[index] = [Problem("row", "invalid_type")]
                continue
            ck = Checks()
            for name in sorted(map(str, set(row) - _SHEET_KEYS)):
                ck.add(name, "unknown_field")
            value, label = check_result(ck, row.get("score"), row.get("grade_label", ""))
            values = {
                "score": value,
                "grade_label": label,
                "remark": ck.text("remark", row.get("remark", ""), max_len=200),
            }
            sid = _bulk_student(ck, conn, row.get("student_id"), term, seen)
            if not ck.problems:
                found = _current(conn, sid, course.id, term.id)
                try:
                    _check_consistent({**(found[1] if found else _EMPTY), **values})
                except RecordInvalid as exc:
                    ck.problems.extend(p for p in exc.problems if isinstance(p, Problem))
            if ck.problems:
                problems[index] = ck.problems
            else:
                clean.append((sid, values))
        if problems:
            return BulkResult(problems=problems)
        saved = unchanged = 0
        ts = now_utc()
        for sid, values in clean:
            _gid, changes = _save_grade(conn, session, sid, course, term, values, ts)
            saved, unchanged = (saved + 1, unchanged) if changes else (saved, unchanged + 1)
        if saved:
            audit.record(
                h,
                session.username,
                "grades_recorded_bulk",
                target_type="course",
                target_id=course.id,
                details={"term": term.code, "saved": saved, "unchanged": unchanged},
            )
    return BulkResult(saved, unchanged)


def _bulk_student(ck: Checks, conn: Connection, value: object, term: Term, seen: set[int]) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        ck.add("student_id", "invalid_type", expected="integer")
        return 0
    if value in seen:
        ck.add("student_id", "duplicate_row")
    seen.add(value)
    try:
        student = require_student(conn, value)
        check_term_for_student(student, term, "student_id")
    except NotFound:
        ck.add("student_id", "not_found")
    except RecordVoided:
        ck.add("student_id", "record_voided")
    except RecordInvalid as exc:
        ck.problems.extend(p for p in exc.problems if isinstance(p, Problem))
    return value
