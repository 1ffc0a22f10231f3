"""思想品德评价 (conduct) and attendance totals (考勤), one row of each per student × term.

Both are upserts keyed by student × term. A change to an existing row writes one
``field_history`` row per changed field (change_kind 'edit') and an audit entry, in one
transaction; re-entering the same values changes nothing and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit
from xueji_desktop.services.context import Session
from xueji_desktop.services.records_common import (
    Checks,
    change_details,
    check_term_for_student,
    diff,
    new_values,
    require_id,
    require_student,
    require_term,
    update_columns,
    write_history,
)
from xueji_desktop.storage.layout import now_utc

CONDUCT_GRADES = ("优秀", "良好", "合格", "不合格")
ATTENDANCE_FIELDS = ("sick_leave_hours", "personal_leave_hours", "truancy_hours", "late_count")


@dataclass(frozen=True, slots=True)
class ConductEvaluation:
    id: int
    student_id: int
    term_id: int
    term_code: str
    grade: str
    comment: str


@dataclass(frozen=True, slots=True)
class Attendance:
    id: int
    student_id: int
    term_id: int
    term_code: str
    sick_leave_hours: int
    personal_leave_hours: int
    truancy_hours: int
    late_count: int


def record_conduct(
    session: Session, student_id: int, term_id: int, grade: str, comment: str = ""
) -> int:
    """思想品德评价 of one term: 优秀/良好/合格/不合格 and a comment (upsert)."""
    session.require(Permission.WRITE_RECORDS)
    ck = Checks()
    values = {
        "grade": ck.choice("grade", grade, CONDUCT_GRADES),
        "comment": ck.text("comment", comment, max_len=1000),
    }
    ck.done()
    return _upsert_term_row(session, "conduct_evaluations", "conduct", student_id, term_id, values)


def record_attendance(
    session: Session,
    student_id: int,
    term_id: int,
    *,
    sick_leave_hours: int | None = None,
    personal_leave_hours: int | None = None,
    truancy_hours: int | None = None,
    late_count: int | None = None,
) -> int:
    """考勤 totals of one term (upsert). A total left as None keeps its value (0 when new)."""
    session.require(Permission.WRITE_RECORDS)
    given = {
        "sick_leave_hours": sick_leave_hours,
        "personal_leave_hours": personal_leave_hours,
        "truancy_hours": truancy_hours,
        "late_count": late_count,
    }
    ck = Checks()
    values = {k: ck.integer(k, v, low=0, high=100000) for k, v in given.items() if v is not None}
    if not values:
        ck.add("attendance", "required")
    ck.done()
    return _upsert_term_row(session, "attendance", "attendance", student_id, term_id, values)


def _upsert_term_row(
    session: Session,
    table: str,
    entity: str,
    student_id: object,
    term_id: object,
    values: dict[str, Any],
) -> int:
    h = session.archive
    cols = list(values)  # names come from the fixed dicts of the callers
    with h.db.atomic() as conn:
        student = require_student(conn, student_id)
        term = require_term(conn, term_id)
        check_term_for_student(student, term)
        row = conn.execute(
            f"SELECT id, {', '.join(cols)} FROM {table} WHERE student_id = ? AND term_id = ?",  # noqa: S608
            (student.id, term.id),
        ).fetchone()
        ts = now_utc()
        if row is None:
            cur = conn.execute(
                f"INSERT INTO {table} (student_id, term_id, {', '.join(cols)}) "  # noqa: S608
                f"VALUES (?, ?, {', '.join('?' * len(cols))})",
                [student.id, term.id, *values.values()],
            )
            rid = int(cur.lastrowid)
            changes: dict[str, tuple[object, object]] = {c: (None, v) for c, v in values.items()}
            action = f"{entity}_recorded"
        else:
            rid = int(row[0])
            changes = diff(dict(zip(cols, row[1:], strict=True)), values)
            if not changes:
                return rid
            update_columns(conn, table, new_values(changes), rid)
            write_history(
                conn,
                session,
                student_id=student.id,
                entity=entity,
                entity_id=rid,
                changes=changes,
                ts=ts,
            )
            action = f"{entity}_edited"
        audit.record(
            h,
            session.username,
            action,
            target_type="student",
            target_id=student.id,
            details={
                "term": term.code,
                "id": rid,
                "changes": change_details(changes),
            },
        )
    return rid


def conduct_for_student(session: Session, student_id: int) -> list[ConductEvaluation]:
    session.require(Permission.READ_RECORDS)
    rows = session.archive.db.conn.execute(
        "SELECT e.id, e.student_id, e.term_id, t.code, e.grade, e.comment FROM conduct_evaluations"
        " e JOIN terms t ON t.id = e.term_id WHERE e.student_id = ? ORDER BY t.start_date",
        (require_id("student", student_id),),
    ).fetchall()
    return [ConductEvaluation(*r) for r in rows]


def attendance_for_student(session: Session, student_id: int) -> list[Attendance]:
    session.require(Permission.READ_RECORDS)
    rows = session.archive.db.conn.execute(
        "SELECT a.id, a.student_id, a.term_id, t.code, a.sick_leave_hours,"
        " a.personal_leave_hours, a.truancy_hours, a.late_count FROM attendance a"
        " JOIN terms t ON t.id = a.term_id WHERE a.student_id = ? ORDER BY t.start_date",
        (require_id("student", student_id),),
    ).fetchall()
    return [Attendance(*r) for r in rows]
