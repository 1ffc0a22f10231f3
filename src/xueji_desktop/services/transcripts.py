"""Reading grades: a student's transcript data and the grades of a class in one term.

Each row carries the course and term it belongs to and its result after 补考 and 重修
(``passed``, ``via``) as core.grading decides it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from xueji_desktop.core.errors import NotFound
from xueji_desktop.core.grading import course_result
from xueji_desktop.core.roles import Permission
from xueji_desktop.services.context import Session
from xueji_desktop.services.records_common import require_id


@dataclass(frozen=True, slots=True)
class GradeRow:
    id: int
    student_id: int
    student_no: str
    student_name: str
    course_id: int
    course_code: str
    course_name: str
    course_type: str
    credits: float
    term_id: int
    term_code: str
    score: float | None
    grade_label: str
    makeup_score: float | None
    makeup_date: str
    retake_score: float | None
    retake_term_id: int | None
    remark: str
    passed: bool | None
    via: str


_GRADE_SQL = """
SELECT g.id, g.student_id, COALESCE(s.student_no, ''), s.name, g.course_id, c.code, c.name,
       c.course_type, c.credits, g.term_id, t.code, g.score, g.grade_label, g.makeup_score,
       g.makeup_date, g.retake_score, g.retake_term_id, g.remark
FROM grades g JOIN students s ON s.id = g.student_id JOIN courses c ON c.id = g.course_id
JOIN terms t ON t.id = g.term_id
"""


def _grade_row(r: Sequence[Any]) -> GradeRow:
    result = course_result(r[11], r[12], r[13], r[15])
    return GradeRow(
        int(r[0]),
        int(r[1]),
        r[2],
        r[3],
        int(r[4]),
        r[5],
        r[6],
        r[7],
        float(r[8]),
        int(r[9]),
        r[10],
        r[11],
        r[12],
        r[13],
        r[14],
        r[15],
        r[16],
        r[17],
        result.passed,
        result.via,
    )


def grades_for_student(session: Session, student_id: int) -> list[GradeRow]:
    """Transcript data: every grade of the student, by term then course code."""
    session.require(Permission.READ_RECORDS)
    conn = session.archive.db.conn
    sid = require_id("student", student_id)
    if conn.execute("SELECT 1 FROM students WHERE id = ?", (sid,)).fetchone() is None:
        raise NotFound(kind="student", id=sid)
    rows = conn.execute(
        _GRADE_SQL + " WHERE g.student_id = ? ORDER BY t.start_date, c.code", (sid,)
    ).fetchall()
    return [_grade_row(r) for r in rows]


def grades_for_class(session: Session, class_group_id: int, term_id: int) -> list[GradeRow]:
    """The grades of one term for the (non-voided) students now in the class."""
    session.require(Permission.READ_RECORDS)
    conn = session.archive.db.conn
    rows = conn.execute(
        _GRADE_SQL + " WHERE s.class_group_id = ? AND g.term_id = ? AND s.voided = 0"
        " ORDER BY c.code, s.student_no, s.id",
        (require_id("class_group", class_group_id), require_id("term", term_id)),
    ).fetchall()
    return [_grade_row(r) for r in rows]
