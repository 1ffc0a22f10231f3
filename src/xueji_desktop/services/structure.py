"""School structure: majors, classes (班级) and terms (学期); courses are in services/courses.py.

Input is checked before anything is written; every problem found is reported at once as
``RecordInvalid(problems=[Problem(field, code, params=...)])``. Codes are listed in
docs/design/records-model.md. The checks and history helpers the records services share live in
services/records_common.py; they and the course functions stay importable from here.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from xueji_desktop.core.errors import DuplicateRecord, RecordInvalid
from xueji_desktop.core.majors import MAJORS_BY_CODE
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit
from xueji_desktop.services.context import Session
from xueji_desktop.services.courses import (
    COURSE_TYPES,
    add_course,
    edit_course,
    list_courses,
)
from xueji_desktop.services.record_edits import save_structure_edit
from xueji_desktop.services.records_common import (
    TERM_SQL,
    Checks,
    Course,
    StudentRef,
    Term,
    check_term_for_student,
    diff,
    fetch_by_id,
    history_text,
    require_course,
    require_id,
    require_student,
    require_term,
    term_from_row,
    write_history,
)
from xueji_desktop.storage.connection import Connection

__all__ = [
    "COURSE_TYPES",
    "Checks",
    "ClassGroup",
    "Course",
    "Major",
    "StudentRef",
    "Term",
    "add_class_group",
    "add_course",
    "add_major",
    "add_term",
    "check_term_for_student",
    "default_term_name",
    "diff",
    "edit_class_group",
    "edit_course",
    "edit_term",
    "history_text",
    "list_class_groups",
    "list_courses",
    "list_majors",
    "list_terms",
    "require_course",
    "require_id",
    "require_student",
    "require_term",
    "write_history",
]

_TERM_CODE = re.compile(r"^(\d{4})-(\d{4})-([12])$")
_MAJOR_CODE = re.compile(r"^[0-9A-Za-z]{4,10}$")
_SEMESTER_ZH = {1: "第一学期", 2: "第二学期"}


# -- majors ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Major:
    code: str
    name: str
    catalogue_version: str
    program_length: int
    active: bool


def add_major(
    session: Session,
    code: str,
    name: str = "",
    *,
    catalogue_version: str = "",
    program_length: int | None = None,
) -> Major:
    """A major the school offers. A code the built-in catalogue knows must match its name and
    catalogue version (both default from it); any other code (older catalogues, provincial
    codes) is accepted but must say which catalogue version it belongs to."""
    session.require(Permission.WRITE_RECORDS)
    ck = Checks()
    code = ck.text("code", code, required=True, max_len=10)
    if code and not _MAJOR_CODE.match(code):
        ck.add("code", "invalid_format")
    name = ck.text("name", name, max_len=100)
    version = ck.text("catalogue_version", catalogue_version, max_len=20)
    known = MAJORS_BY_CODE.get(code)
    if known is not None:
        name, version = name or known.name, version or known.catalogue_version
        if name != known.name:
            ck.add("name", "major_name_mismatch", expected=known.name)
        if version != known.catalogue_version:
            ck.add("catalogue_version", "catalogue_mismatch", expected=known.catalogue_version)
    else:
        if not name:
            ck.add("name", "required")
        if not version:
            ck.add("catalogue_version", "required")
    default_length = known.program_length if known else 3
    length = ck.integer(
        "program_length",
        default_length if program_length is None else program_length,
        low=1,
        high=6,
    )
    ck.done()
    h = session.archive
    with h.db.atomic() as conn:
        if conn.execute("SELECT 1 FROM majors WHERE code = ?", (code,)).fetchone():
            raise DuplicateRecord(kind="major", code=code)
        conn.execute(
            "INSERT INTO majors (code, name, catalogue_version, program_length) VALUES (?,?,?,?)",
            (code, name, version, length),
        )
        audit.record(
            h,
            session.username,
            "major_added",
            target_type="major",
            target_id=code,
            details={"name": name, "catalogue_version": version, "program_length": length},
        )
    return Major(code, name, version, length, True)


def list_majors(session: Session) -> list[Major]:
    session.require(Permission.READ_RECORDS)
    rows = session.archive.db.conn.execute(
        "SELECT code, name, catalogue_version, program_length, active FROM majors ORDER BY code"
    ).fetchall()
    return [Major(r[0], r[1], r[2], int(r[3]), bool(r[4])) for r in rows]


# -- classes ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClassGroup:
    id: int
    key: str
    name: str
    intake_year: int
    major_code: str
    head_teacher: str
    graduation_year: int | None


_CLASS_SQL = (
    "SELECT id, key, name, intake_year, major_code, head_teacher, graduation_year FROM class_groups"
)


def _class(row: Sequence[Any]) -> ClassGroup:
    grad = None if row[6] is None else int(row[6])
    return ClassGroup(int(row[0]), row[1], row[2], int(row[3]), row[4], row[5], grad)


def add_class_group(
    session: Session,
    name: str,
    intake_year: int,
    major_code: str,
    *,
    head_teacher: str = "",
    graduation_year: int | None = None,
) -> ClassGroup:
    """A class (班级). Names are unique; 届 defaults to intake year + the major's program length."""
    session.require(Permission.WRITE_RECORDS)
    ck = Checks()
    name = ck.text("name", name, required=True, max_len=50)
    year = ck.integer("intake_year", intake_year, low=1950, high=datetime.date.today().year + 1)
    major_code = ck.text("major_code", major_code, required=True, max_len=10)
    teacher = ck.text("head_teacher", head_teacher, max_len=50)
    if graduation_year is not None:
        ck.integer("graduation_year", graduation_year, low=year + 1, high=year + 8)
    ck.done()
    h = session.archive
    with h.db.atomic() as conn:
        major = conn.execute(
            "SELECT program_length FROM majors WHERE code = ?", (major_code,)
        ).fetchone()
        if major is None:
            raise RecordInvalid(problems=[Problem("major_code", "unknown_major")])
        grad = graduation_year if graduation_year is not None else year + int(major[0])
        if conn.execute(
            "SELECT 1 FROM class_groups WHERE name = ? OR key = ?", (name, name)
        ).fetchone():
            raise DuplicateRecord(kind="class_group", name=name)
        cur = conn.execute(
            "INSERT INTO class_groups (key, name, intake_year, major_code, head_teacher,"
            " graduation_year) VALUES (?,?,?,?,?,?)",
            (name, name, year, major_code, teacher, grad),
        )
        cid = int(cur.lastrowid)
        audit.record(
            h,
            session.username,
            "class_group_added",
            target_type="class_group",
            target_id=cid,
            details={
                "name": name,
                "intake_year": year,
                "major_code": major_code,
                "graduation_year": grad,
            },
        )
    return ClassGroup(cid, name, name, year, major_code, teacher, grad)


def list_class_groups(
    session: Session, *, intake_year: int | None = None, major_code: str | None = None
) -> list[ClassGroup]:
    session.require(Permission.READ_RECORDS)
    sql = _CLASS_SQL + " WHERE 1 = 1"
    params: list[object] = []
    if intake_year is not None:
        sql += " AND intake_year = ?"
        params.append(intake_year)
    if major_code is not None:
        sql += " AND major_code = ?"
        params.append(major_code)
    rows = session.archive.db.conn.execute(sql + " ORDER BY intake_year DESC, name", params)
    return [_class(r) for r in rows.fetchall()]


def edit_class_group(
    session: Session,
    class_group_id: int,
    *,
    head_teacher: str | None = None,
    name: str | None = None,
) -> ClassGroup:
    """Change the head teacher (班主任) or the name; the audit entry keeps before and after."""
    session.require(Permission.WRITE_RECORDS)
    cid = require_id("class_group", class_group_id)
    ck = Checks()
    new: dict[str, object] = {}
    if head_teacher is not None:
        new["head_teacher"] = ck.text("head_teacher", head_teacher, max_len=50)
    if name is not None:
        new["name"] = ck.text("name", name, required=True, max_len=50)
    ck.done()
    with session.archive.db.atomic() as conn:
        old = _class(fetch_by_id(conn, "class_group", _CLASS_SQL, cid))
        changes = diff({"head_teacher": old.head_teacher, "name": old.name}, new)
        if (
            "name" in changes
            and conn.execute(
                "SELECT 1 FROM class_groups WHERE name = ? AND id <> ?", (new["name"], cid)
            ).fetchone()
        ):
            raise DuplicateRecord(kind="class_group", name=new["name"])
        if not changes:
            return old
        save_structure_edit(conn, session, "class_groups", "class_group", cid, changes)
        return _class(fetch_by_id(conn, "class_group", _CLASS_SQL, cid))


# -- terms -----------------------------------------------------------------------------------


def add_term(
    session: Session, code: str, start_date: str, end_date: str, *, name: str = ""
) -> Term:
    """A term like ``2025-2026-1``. Dates in order, inside the school year, overlapping no term."""
    session.require(Permission.WRITE_RECORDS)
    ck = Checks()
    code = ck.text("code", code, required=True, max_len=20)
    m = _TERM_CODE.match(code)
    if code and (m is None or int(m[2]) != int(m[1]) + 1):
        ck.add("code", "invalid_format", example="2025-2026-1")
    start = _plain_date(ck, "start_date", start_date)
    end = _plain_date(ck, "end_date", end_date)
    name = ck.text("name", name, max_len=50)
    if start and end and end <= start:
        ck.add("end_date", "end_before_start")
    year, semester = (int(m[1]), int(m[3])) if m else (0, 0)
    if m and start and int(start[:4]) not in (year, year + 1):
        ck.add("start_date", "outside_school_year")
    ck.done()
    name = name or default_term_name(year, semester)
    h = session.archive
    with h.db.atomic() as conn:
        if conn.execute("SELECT 1 FROM terms WHERE code = ?", (code,)).fetchone():
            raise DuplicateRecord(kind="term", code=code)
        _refuse_overlap(conn, start, end)
        cur = conn.execute(
            "INSERT INTO terms (code, name, school_year, semester, start_date, end_date)"
            " VALUES (?,?,?,?,?,?)",
            (code, name, year, semester, start, end),
        )
        tid = int(cur.lastrowid)
        audit.record(
            h,
            session.username,
            "term_added",
            target_type="term",
            target_id=tid,
            details={"code": code, "start_date": start, "end_date": end},
        )
    return Term(tid, code, name, year, semester, start, end)


def edit_term(
    session: Session,
    term_id: int,
    *,
    name: str | None = None,
    start_date: str | None = None,
    end_date: str | None = None,
) -> Term:
    """Change a term's name or dates, checked as add_term checks them (a blank name is the
    default one). Its school year and semester (its code) stay: grades and conduct are filed by
    them. Audited ``term_edited`` with before and after (dates and names only)."""
    session.require(Permission.WRITE_RECORDS)
    tid = require_id("term", term_id)
    ck = Checks()
    new: dict[str, str] = {}
    if name is not None:
        new["name"] = ck.text("name", name, max_len=50)
    if start_date is not None:
        new["start_date"] = _plain_date(ck, "start_date", start_date)
    if end_date is not None:
        new["end_date"] = _plain_date(ck, "end_date", end_date)
    ck.done()
    with session.archive.db.atomic() as conn:
        old = require_term(conn, tid)
        if new.get("name") == "":
            new["name"] = default_term_name(old.school_year, old.semester)
        current = {"name": old.name, "start_date": old.start_date, "end_date": old.end_date}
        changes = diff(current, new)
        if not changes:
            return old
        if "start_date" in changes or "end_date" in changes:
            # the dates as they would be, checked as add_term checks a new term's
            start = new.get("start_date", old.start_date)
            end = new.get("end_date", old.end_date)
            if end <= start:
                ck.add("end_date", "end_before_start")
            if int(start[:4]) not in (old.school_year, old.school_year + 1):
                ck.add("start_date", "outside_school_year")
            ck.done()
            _refuse_overlap(conn, start, end, but=tid)
        save_structure_edit(conn, session, "terms", "term", tid, changes)
        return require_term(conn, tid)


def default_term_name(year: int, semester: int) -> str:
    """The name a term gets when none is given: "2025—2026学年第一学期"."""
    return f"{year}—{year + 1}学年{_SEMESTER_ZH[semester]}"


def _refuse_overlap(conn: Connection, start: str, end: str, *, but: int = 0) -> None:
    """Terms never share a day: a date must say which term it is in. ``but``: the term edited."""
    clash = conn.execute(
        "SELECT code FROM terms WHERE start_date <= ? AND end_date >= ? AND id <> ?"
        " ORDER BY start_date",
        (end, start, but),
    ).fetchone()
    if clash:
        raise RecordInvalid(
            problems=[Problem("start_date", "term_overlap", params={"term": clash[0]})]
        )


def _plain_date(ck: Checks, field: str, value: object) -> str:
    # Terms are planned ahead: a future date is fine here, unlike the dates of events.
    before = len(ck.problems)
    out = ck.date(field, value)
    ck.problems[before:] = [p for p in ck.problems[before:] if p.code != "date_in_future"]
    return out


def list_terms(session: Session) -> list[Term]:
    session.require(Permission.READ_RECORDS)
    rows = session.archive.db.conn.execute(TERM_SQL + " ORDER BY start_date").fetchall()
    return [term_from_row(r) for r in rows]
