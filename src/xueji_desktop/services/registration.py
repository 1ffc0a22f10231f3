"""Registration with the national system: confirmation, 上报状态, and the two fixed numbers.

上报状态 of a record: 草稿 (draft) → 已核对 (confirmed: the student checked the printed
verification sheet and the clerk confirms) → 已上报 (reported) → 已核准 (approved) or 退回
(returned, with the reason; back to editing, then confirmed again).

学号 is assigned at confirmation from the school's pattern (core/numbering.py). 学号 and 学籍号
are never edited in place (a database trigger refuses it); an admin corrects one with a reason,
and the old number stays findable as an alias (table number_aliases).
"""

from __future__ import annotations

import datetime
from typing import Any

from xueji_desktop.core import validation
from xueji_desktop.core.errors import (
    DuplicateRecord,
    IllegalTransition,
    ReasonRequired,
    RecordInvalid,
    ValidationError,
)
from xueji_desktop.core.numbering import DEFAULT_STUDENT_NO_PATTERN, parse_pattern
from xueji_desktop.core.problems import Problem, errors_only
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit
from xueji_desktop.services.context import Session
from xueji_desktop.services.record_rows import (
    FIELD_COLUMNS,
    archive_majors,
    history,
    load_family,
    load_writable,
    refresh_keys,
)
from xueji_desktop.services.settings_store import (
    next_free_number,
    read_setting,
    school_code,
    write_pattern,
)
from xueji_desktop.storage.connection import Connection, IntegrityError
from xueji_desktop.storage.layout import now_utc

STUDENT_NO_PATTERN_KEY = "student_no_pattern"

# report status -> the statuses it may move to by set_report_status (confirmation is separate)
_REPORT_MOVES: dict[str, frozenset[str]] = {
    "confirmed": frozenset({"reported"}),
    "reported": frozenset({"approved", "returned"}),
    "approved": frozenset(),
    "returned": frozenset(),
    "draft": frozenset(),
}


def confirm_student(
    session: Session, student_id: int, *, today: datetime.date | None = None
) -> str:
    """信息核对确认: the complete, valid draft becomes 已核对 and gets its 学号. Returns the 学号.

    Refused with RecordInvalid (every missing field and error) if the record is not complete.
    """
    session.require(Permission.WRITE_RECORDS)
    today = today or datetime.date.today()
    h = session.archive
    with h.db.atomic() as conn:
        current = load_writable(conn, student_id)
        if current["report_status"] not in ("draft", "returned"):
            raise IllegalTransition(
                kind="confirmation", status=current["report_status"], reason="already_confirmed"
            )
        values: dict[str, Any] = {c: current[c] for c in FIELD_COLUMNS}
        values["class_group"] = current["class_group"]
        values["family_members"] = load_family(conn, student_id)
        checked = validation.check_student(
            values, today=today, majors=archive_majors(conn), draft=False
        )
        problems = errors_only(checked.problems)
        if problems:
            raise RecordInvalid(problems, reason="confirm")
        number = current["student_no"]
        if number is None:
            number = _next_student_no(conn, current)
            conn.execute("UPDATE students SET student_no = ? WHERE id = ?", (number, student_id))
            history(conn, student_id, "student_no", None, number, kind="confirmation",
                    actor=session.username)  # fmt: skip
        ts = now_utc()
        conn.execute(
            "UPDATE students SET report_status = 'confirmed', returned_reason = '', "
            "confirmed_at = ?, confirmed_by = ?, updated_at = ? WHERE id = ?",
            (ts, session.username, ts, student_id),
        )
        history(conn, student_id, "report_status", current["report_status"], "confirmed",
                kind="confirmation", actor=session.username)  # fmt: skip
        refresh_keys(conn, student_id)
        audit.record(h, session.username, "student_confirmed", target_type="student",
                     target_id=student_id, details={"student_no": number})  # fmt: skip
    return str(number)


def set_report_status(session: Session, student_id: int, status: str, *, reason: str = "") -> None:
    """已核对 → 已上报 → 已核准 / 退回 (a reason is required for 退回)."""
    session.require(Permission.WRITE_RECORDS)
    reason = reason.strip()
    h = session.archive
    with h.db.atomic() as conn:
        current = load_writable(conn, student_id)
        before = str(current["report_status"])
        if status not in _REPORT_MOVES.get(before, frozenset()):
            raise IllegalTransition(
                kind="report_status", status=before, reason="report_status_order", target=status
            )
        if status == "returned" and not reason:
            raise ReasonRequired(action="return")
        conn.execute(
            "UPDATE students SET report_status = ?, returned_reason = ?, updated_at = ? "
            "WHERE id = ?",
            (status, reason if status == "returned" else "", now_utc(), student_id),
        )
        history(conn, student_id, "report_status", before, status, kind="report",
                actor=session.username, reason=reason)  # fmt: skip
        audit.record(h, session.username, "report_status_changed", target_type="student",
                     target_id=student_id, details={"from": before, "to": status,
                                                    "reason": reason})  # fmt: skip


def correct_number(
    session: Session, student_id: int, kind: str, new_value: str, *, reason: str
) -> None:
    """An admin's audited correction of 学号 (``student_no``) or 学籍号 (``registry_no``).

    The old number is kept as an alias: search still finds the student by it.
    """
    session.require(Permission.CORRECT_RECORDS)
    if kind not in ("student_no", "registry_no"):
        raise ValidationError(field="kind", reason="unknown_field")
    reason = reason.strip()
    if not reason:
        raise ReasonRequired(action="number_correction")
    values, problems = validation.to_internal({kind: new_value})
    h = session.archive
    with h.db.atomic() as conn:
        current = load_writable(conn, student_id)
        old = current[kind]
        merged: dict[str, Any] = {c: current[c] for c in FIELD_COLUMNS}
        merged.update(values)
        checked = validation.check_student(
            merged, today=datetime.date.today(), majors=archive_majors(conn)
        )
        problems += [p for p in checked.problems if p.field == kind]
        new = str(checked.values.get(kind) or "")
        if not new:
            problems.append(Problem(kind, "required"))
        if errors_only(problems):
            raise RecordInvalid(problems)
        if old is None:
            raise IllegalTransition(kind="number_correction", status="empty", reason="not_assigned")
        if new == old:
            return
        ts = now_utc()
        conn.execute(
            "INSERT INTO number_aliases (student_id, kind, old_value, new_value, reason, actor, ts)"
            " VALUES (?,?,?,?,?,?,?)",
            (student_id, kind, old, new, reason, session.username, ts),
        )
        try:
            conn.execute(
                f"UPDATE students SET {kind} = ?, updated_at = ? WHERE id = ?",  # noqa: S608
                (new, ts, student_id),
            )
        except IntegrityError:
            raise DuplicateRecord(field=kind) from None
        history(conn, student_id, kind, old, new, kind="number_correction",
                actor=session.username, reason=reason)  # fmt: skip
        refresh_keys(conn, student_id)
        audit.record(h, session.username, "number_corrected", target_type="student",
                     target_id=student_id, details={"kind": kind, "reason": reason})  # fmt: skip


def student_no_pattern(session: Session) -> str:
    session.require(Permission.READ_RECORDS)
    return _pattern_text(session.archive.db.conn)


def set_student_no_pattern(session: Session, pattern: str) -> None:
    session.require(Permission.MANAGE_SETTINGS)
    write_pattern(session.archive, session.username, STUDENT_NO_PATTERN_KEY, pattern)


def _pattern_text(conn: Connection) -> str:
    return read_setting(conn, STUDENT_NO_PATTERN_KEY, DEFAULT_STUDENT_NO_PATTERN)


def _next_student_no(conn: Connection, current: dict[str, Any]) -> str:
    pattern = parse_pattern(_pattern_text(conn))
    month = str(current["enrolment_month"])
    intake = str(current["class_intake_year"] or month[:4])
    program = {"三年制": 3, "两年制": 2, "四年制": 4, "五年制": 5}.get(
        str(current["program_length"]), 3
    )
    values = {
        "intake_year": intake,
        "major_code": str(current["major_code"] or ""),
        "school_code": school_code(conn),
        "graduation_year": str(int(intake) + program) if intake.isdigit() else "",
    }
    # Every number ever given with this prefix, voided records and corrected numbers included.
    return next_free_number(conn, pattern, values, _STUDENT_NOS_USED, "student_no")


_STUDENT_NOS_USED = (
    "SELECT student_no FROM students WHERE student_no >= ? AND student_no < ? "
    "UNION SELECT old_value FROM number_aliases "
    "WHERE kind = 'student_no' AND old_value >= ? AND old_value < ?"
)
