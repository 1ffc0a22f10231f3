"""Courses (课程): 公共基础课, 专业课 and 实习, with credits and hours, per major or for all.

Input is checked before anything is written; every problem found is reported at once as
``RecordInvalid(problems=[Problem(field, code, params=...)])``.
"""

from __future__ import annotations

from xueji_desktop.core.errors import DuplicateRecord, RecordInvalid
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit
from xueji_desktop.services.context import Session
from xueji_desktop.services.record_edits import save_structure_edit
from xueji_desktop.services.records_common import (
    COURSE_SQL,
    Checks,
    Course,
    course_from_row,
    diff,
    require_course,
    require_id,
)

COURSE_TYPES = ("public_basic", "professional", "internship")


def add_course(
    session: Session,
    code: str,
    name: str,
    course_type: str,
    credits: float,
    *,
    hours: int = 0,
    major_code: str | None = None,
    required: bool = True,
) -> Course:
    """A course: 公共基础课 (public_basic), 专业课 (professional) or 实习 (internship)."""
    session.require(Permission.WRITE_RECORDS)
    ck = Checks()
    code = ck.text("code", code, required=True, max_len=30)
    name = ck.text("name", name, required=True, max_len=100)
    ctype = ck.choice("course_type", course_type, COURSE_TYPES)
    cr = ck.number("credits", credits, low=0, high=100)
    hrs = ck.integer("hours", hours, low=0, high=10000)
    req = ck.flag("required", required)
    if major_code is not None:
        major_code = ck.text("major_code", major_code, required=True, max_len=10)
    ck.done()
    h = session.archive
    with h.db.atomic() as conn:
        if (
            major_code is not None
            and not conn.execute("SELECT 1 FROM majors WHERE code = ?", (major_code,)).fetchone()
        ):
            raise RecordInvalid(problems=[Problem("major_code", "unknown_major")])
        if conn.execute("SELECT 1 FROM courses WHERE code = ?", (code,)).fetchone():
            raise DuplicateRecord(kind="course", code=code)
        cur = conn.execute(
            "INSERT INTO courses (code, name, course_type, credits, hours, major_code, required)"
            " VALUES (?,?,?,?,?,?,?)",
            (code, name, ctype, cr, hrs, major_code, req),
        )
        cid = int(cur.lastrowid)
        audit.record(
            h,
            session.username,
            "course_added",
            target_type="course",
            target_id=cid,
            details={"code": code, "course_type": ctype, "credits": cr},
        )
    return Course(cid, code, name, ctype, cr, hrs, major_code, bool(req))


def list_courses(session: Session, *, major_code: str | None = None) -> list[Course]:
    """All courses, or those of one major plus the public ones (major_code NULL)."""
    session.require(Permission.READ_RECORDS)
    conn = session.archive.db.conn
    if major_code is None:
        rows = conn.execute(COURSE_SQL + " ORDER BY code").fetchall()
    else:
        rows = conn.execute(
            COURSE_SQL + " WHERE major_code = ? OR major_code IS NULL ORDER BY code",
            (major_code,),
        ).fetchall()
    return [course_from_row(r) for r in rows]


def edit_course(
    session: Session,
    course_id: int,
    *,
    name: str | None = None,
    course_type: str | None = None,
    credits: float | None = None,
    hours: int | None = None,
    required: bool | None = None,
) -> Course:
    """Change a course's name, type, credits, hours or required flag (audited before/after)."""
    session.require(Permission.WRITE_RECORDS)
    cid = require_id("course", course_id)
    ck = Checks()
    new: dict[str, object] = {}
    if name is not None:
        new["name"] = ck.text("name", name, required=True, max_len=100)
    if course_type is not None:
        new["course_type"] = ck.choice("course_type", course_type, COURSE_TYPES)
    if credits is not None:
        new["credits"] = ck.number("credits", credits, low=0, high=100)
    if hours is not None:
        new["hours"] = ck.integer("hours", hours, low=0, high=10000)
    if required is not None:
        new["required"] = ck.flag("required", required)
    ck.done()
    with session.archive.db.atomic() as conn:
        old = require_course(conn, cid)
        current = {
            "name": old.name,
            "course_type": old.course_type,
            "credits": old.credits,
            "hours": old.hours,
            "required": int(old.required),
        }
        changes = diff(current, new)
        if not changes:
            return old
        save_structure_edit(conn, session, "courses", "course", cid, changes)
        return require_course(conn, cid)
