"""Graduation: eligibility per student and class, outcomes, diploma numbers.

The rule sets (JSON per major) and the checks under them are in services/graduation_rules.py and
stay importable from here. The outcome itself is a 学籍异动 event recorded by
services/status_changes.py (one code path), which calls back here for the diploma number.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from xueji_desktop.core import lifecycle
from xueji_desktop.core.errors import DuplicateRecord, NotFound, ValidationError, XuejiError
from xueji_desktop.core.numbering import parse_pattern
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission
from xueji_desktop.services.context import Session
from xueji_desktop.services.graduation_rules import (
    BUILTIN_RULES,
    CourseStanding,
    check_student,
    course_problems,
    course_standing,
    get_rules,
    load_rules,
    set_rules,
)
from xueji_desktop.services.settings_store import (
    next_free_number,
    read_setting,
    school_code,
    write_pattern,
)
from xueji_desktop.storage.connection import Connection

__all__ = [
    "BUILTIN_RULES",
    "DEFAULT_DIPLOMA_PATTERN",
    "DIPLOMA_PATTERN_KEY",
    "ClassResult",
    "CourseStanding",
    "Eligibility",
    "Graduated",
    "check_student",
    "class_eligibility",
    "course_problems",
    "course_standing",
    "diploma_pattern",
    "eligibility",
    "get_rules",
    "graduate",
    "graduate_class",
    "load_rules",
    "set_diploma_pattern",
    "set_rules",
]

DIPLOMA_PATTERN_KEY = "diploma_no_pattern"
# Hunan 毕业证电子注册号: 6-digit school code + 2-digit 届 + 4-digit serial (domain.md §6.3).
DEFAULT_DIPLOMA_PATTERN = "{school_code}{gy}{seq:4}"
OUTCOMES = ("graduation", "early_graduation", "completion")


@dataclass(frozen=True, slots=True)
class Eligibility:
    eligible: bool
    missing: list[Problem] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Graduated:
    student_id: int
    change_id: int
    diploma_no: str | None


@dataclass(frozen=True, slots=True)
class ClassResult:
    student_id: int
    name: str
    graduated: bool
    change_id: int | None = None
    diploma_no: str | None = None
    missing: list[Problem] = field(default_factory=list)
    error: str = ""  # error code when refused for another reason (e.g. illegal_transition)
    reason: str = ""


# -- eligibility per student and class -------------------------------------------------------


_STUDENT_SQL = (
    "SELECT id, name, major_code, graduation_assessment, class_group_id, status, voided "
    "FROM students WHERE id = ?"
)
_COLS = ("id", "name", "major_code", "graduation_assessment", "class_group_id", "status", "voided")


def _student(conn: Connection, student_id: object) -> dict[str, Any]:
    if not lifecycle.is_int(student_id):
        raise ValidationError(field="student_id", reason="type")
    row = conn.execute(_STUDENT_SQL, (student_id,)).fetchone()
    if row is None:
        raise NotFound(kind="student", id=student_id)
    return dict(zip(_COLS, row, strict=True))


def eligibility(session: Session, student_id: int) -> Eligibility:
    session.require(Permission.READ_RECORDS)
    missing = check_student(session.archive.db.conn, _student(session.archive.db.conn, student_id))
    return Eligibility(not missing, missing)


def _class_members(conn: Connection, class_group_id: object) -> list[tuple[int, str]]:
    if not lifecycle.is_int(class_group_id):
        raise ValidationError(field="class_group_id", reason="type")
    if not conn.execute("SELECT 1 FROM class_groups WHERE id = ?", (class_group_id,)).fetchone():
        raise NotFound(kind="class_group", id=class_group_id)
    return [
        (int(r[0]), str(r[1]))
        for r in conn.execute(
            "SELECT id, name FROM students WHERE class_group_id = ? AND voided = 0 "
            "AND status = 'enrolled' ORDER BY student_no, id",
            (class_group_id,),
        )
    ]


def class_eligibility(session: Session, class_group_id: int) -> list[tuple[int, str, Eligibility]]:
    """(student id, name, eligibility) for every 在籍 student of the class."""
    session.require(Permission.READ_RECORDS)
    conn = session.archive.db.conn
    out = []
    for sid, name in _class_members(conn, class_group_id):
        missing = check_student(conn, _student(conn, sid))
        out.append((sid, name, Eligibility(not missing, missing)))
    return out


# -- diploma numbers ----------------------------------------------------------------------------


def _pattern_text(conn: Connection) -> str:
    return read_setting(conn, DIPLOMA_PATTERN_KEY, DEFAULT_DIPLOMA_PATTERN)


def diploma_pattern(session: Session) -> str:
    session.require(Permission.READ_RECORDS)
    return _pattern_text(session.archive.db.conn)


def set_diploma_pattern(session: Session, pattern: str) -> None:
    session.require(Permission.MANAGE_SETTINGS)
    write_pattern(session.archive, session.username, DIPLOMA_PATTERN_KEY, pattern)


def check_diploma_no(value: object) -> str:
    if not isinstance(value, str):
        raise ValidationError(field="diploma_no", reason="type")
    text = value.strip()
    if not text or len(text) > 40 or any(c.isspace() for c in text):
        raise ValidationError(field="diploma_no", reason="format")
    return text


def assign_diploma_no(
    conn: Connection, student: Mapping[str, Any], given: str | None, issued_on: datetime.date
) -> str:
    """The given (imported) number if free among non-voided records, else the next one."""
    sid = int(student["id"])
    if given is not None:
        number = check_diploma_no(given)
        if conn.execute(
            "SELECT 1 FROM students WHERE diploma_no = ? AND voided = 0 AND id <> ?",
            (number, sid),
        ).fetchone():
            raise DuplicateRecord(field="diploma_no")
        return number
    pattern = parse_pattern(_pattern_text(conn))
    school = school_code(conn)
    if "{school_code}" in pattern.text and not school:
        raise ValidationError(field="school_code", reason="required")
    row = conn.execute(
        "SELECT c.graduation_year, c.intake_year FROM class_groups c WHERE c.id = ?",
        (student["class_group_id"],),
    ).fetchone()
    grad_year = row[0] if row and row[0] else issued_on.year  # 届 = year of graduation
    values = {
        "school_code": school,
        "graduation_year": str(grad_year),
        "intake_year": str(row[1]) if row else "",
        "major_code": str(student["major_code"] or ""),
    }
    # Every number ever given with this prefix, voided records and revoked graduations included
    # (field_history keeps them): a number once printed is never issued again.
    return next_free_number(conn, pattern, values, _DIPLOMA_NOS_USED, "diploma_no")


_DIPLOMA_NOS_USED = (
    "SELECT diploma_no FROM students WHERE diploma_no >= ? AND diploma_no < ? "
    "UNION SELECT new_value FROM field_history WHERE field = 'diploma_no' "
    "AND new_value >= ? AND new_value < ?"
)


# -- outcomes -----------------------------------------------------------------------------------


def graduate(
    session: Session,
    student_id: int,
    *,
    outcome: str,
    effective_date: str,
    diploma_no: str | None = None,
    document_no: str = "",
    approver: str = "",
) -> Graduated:
    """毕业 / 提前毕业 / 结业 as a 学籍异动 event (services/status_changes.record_change)."""
    from xueji_desktop.services import status_changes  # it imports this module

    session.require(Permission.WRITE_RECORDS)
    if outcome not in OUTCOMES:
        raise ValidationError(field="outcome", reason="unknown")
    details: dict[str, Any] = {}
    if diploma_no is not None:
        if outcome == "completion":
            raise ValidationError(field="diploma_no", reason="not_for_completion")
        details["diploma_no"] = diploma_no
    change_id = status_changes.record_change(
        session, student_id, outcome, effective_date=effective_date, details=details,
        document_no=document_no, approver=approver,
    )  # fmt: skip
    row = session.archive.db.conn.execute(
        "SELECT diploma_no FROM students WHERE id = ?", (student_id,)
    ).fetchone()
    return Graduated(student_id, change_id, row[0] if row else None)


def graduate_class(
    session: Session,
    class_group_id: int,
    *,
    outcome: str,
    effective_date: str,
    document_no: str = "",
    approver: str = "",
) -> list[ClassResult]:
    """Each 在籍 student of the class in its own transaction; refusals are reported, not raised."""
    from xueji_desktop.core.errors import NotEligible

    session.require(Permission.WRITE_RECORDS)
    if outcome not in OUTCOMES:
        raise ValidationError(field="outcome", reason="unknown")
    results: list[ClassResult] = []
    for sid, name in _class_members(session.archive.db.conn, class_group_id):
        try:
            done = graduate(session, sid, outcome=outcome, effective_date=effective_date,
                            document_no=document_no, approver=approver)  # fmt: skip
        except NotEligible as exc:
            found = exc.fields.get("missing")
            missing = (
                [p for p in found if isinstance(p, Problem)] if isinstance(found, list) else []
            )
            results.append(ClassResult(sid, name, False, missing=missing, error=exc.code))
        except XuejiError as exc:
            reason = str(exc.fields.get("reason", ""))
            results.append(ClassResult(sid, name, False, error=exc.code, reason=reason))
        else:
            results.append(ClassResult(sid, name, True, done.change_id, done.diploma_no))
    return results
