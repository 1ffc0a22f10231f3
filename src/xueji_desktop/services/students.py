"""Student records: enter, edit, correct, void, read, and the field-level history.

One rule set (core/validation.py) decides what is valid; this module decides what may change
when:
- a draft (草稿) or a returned record (退回) is edited freely and may be saved with required
  fields still empty (they are listed as missing); a value that is present must be valid;
- a confirmed record (已核对 and later) is changed only by a correction (学籍信息变更) with a
  reason; a correction of a record already sent to the national system puts it back to 已核对
  (it must be reported again);
- 学号 and 学籍号 are never edited in place (a database trigger refuses it too): an admin
  corrects them in services/registration.py;
- 学籍状态 is changed only by 学籍异动 events (services/status_changes.py);
- records of students who have left (毕业, 退学 …) are locked: only an admin, with a reason;
- nothing is deleted: a record entered by mistake is voided (作废) with a reason.

Every change writes one field_history row per changed field (who, when, old, new, reason) and
one audit entry, in the same transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from xueji_desktop.core import lifecycle, validation
from xueji_desktop.core.errors import (
    DuplicateRecord,
    NumberFixed,
    PermissionDenied,
    ReasonRequired,
    RecordInvalid,
    RecordLocked,
)
from xueji_desktop.core.problems import Problem, errors_only
from xueji_desktop.core.roles import Permission, allowed
from xueji_desktop.services import audit, duplicates
from xueji_desktop.services.context import Session
from xueji_desktop.services.duplicates import DuplicateCandidate
from xueji_desktop.services.record_rows import (
    FIELD_COLUMNS,
    archive_majors,
    class_by_name,
    history,
    load_family,
    load_writable,
    refresh_keys,
    write_family,
)
from xueji_desktop.services.student_reads import (
    HistoryEntry,
    StudentRow,
    count_students,
    field_history,
    find_by_number,
    get_student,
    identifiers,
    list_students,
    school_name,
)
from xueji_desktop.storage.connection import Connection, IntegrityError
from xueji_desktop.storage.layout import now_utc

# The reads live in student_reads.py; callers keep using students.* for both.
__all__ = [
    "EDITABLE_REPORT_STATUSES",
    "HistoryEntry",
    "Saved",
    "StudentRow",
    "add_student",
    "count_students",
    "edit_student",
    "field_history",
    "find_by_number",
    "get_student",
    "identifiers",
    "list_students",
    "school_name",
    "void_student",
]

EDITABLE_REPORT_STATUSES = frozenset({"draft", "returned"})
# Fields that belong together: a change of one re-checks the others.
_RELATED: tuple[frozenset[str], ...] = (
    frozenset({"id_type", "id_number", "birth_date", "gender", "registry_no"}),
    frozenset({"joint_type", "joint_form", "joint_school_code"}),
    frozenset({"birth_date", "enrolment_month"}),
    frozenset({"major_code", "major_catalogue"}),
    frozenset({"nationality", "id_type", "name"}),
)


@dataclass(frozen=True)
class Saved:
    """The outcome of a save: the record's id, the warnings to show, the fields still missing."""

    student_id: int
    warnings: list[Problem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    # Existing records that may be the same person (same name + birth date, same name + guardian
    # phone, homophone + birth date): shown for the clerk to decide; not a refusal.
    likely_duplicates: list[DuplicateCandidate] = field(default_factory=list)


def add_student(
    session: Session,
    raw: Mapping[str, Any],
    *,
    today: datetime.date | None = None,
) -> Saved:
    """Save a new record as a draft (草稿). ``raw`` is keyed by template labels or internal names.

    Required fields may be empty (listed in ``missing``); present values must be valid; errors
    raise RecordInvalid with every problem and write nothing. A 学号 or 学籍号 given here (an
    existing student) is kept; otherwise 学号 is assigned at confirmation.
    """
    session.require(Permission.WRITE_RECORDS)
    today = today or datetime.date.today()
    values, problems = validation.to_internal(raw)
    h = session.archive
    with h.db.atomic() as conn:
        _major_from_class(conn, values)
        checked = validation.check_student(values, today=today, majors=archive_majors(conn))
        problems += checked.problems
        row, more = _resolve_class(conn, checked.values)
        problems += more
        if errors_only(problems):
            raise RecordInvalid(problems)
        ts = now_utc()
        row.update(created_at=ts, updated_at=ts, created_by=session.username)
        row.setdefault("status", "enrolled")
        cols = list(row)
        try:
            cur = conn.execute(
                # column names come from the field registry, values are bound
                f"INSERT INTO students ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",  # noqa: S608
                [row[c] for c in cols],
            )
        except IntegrityError as exc:
            raise _duplicate(exc) from None
        sid = int(cur.lastrowid)
        write_family(conn, sid, checked.family)
        refresh_keys(conn, sid)
        audit.record(
            h,
            session.username,
            "student_added",
            target_type="student",
            target_id=sid,
            # audit.record masks ID numbers in details
            details={"after": {k: v for k, v in row.items() if v not in ("", None)}},
        )
    return Saved(
        sid,
        [p for p in problems if p.severity == "warning"],
        list(checked.missing),
        duplicates.likely_duplicates_of(session, sid),
    )


def edit_student(
    session: Session,
    student_id: int,
    changes: Mapping[str, Any],
    *,
    reason: str = "",
    today: datetime.date | None = None,
) -> Saved:
    """Change fields of a record (keys: template labels or internal names).

    A draft or returned record is edited freely; a confirmed one needs a ``reason`` (学籍信息变更);
    a locked one (the student has left) only by an admin with a reason. 学号/学籍号 may be filled
    in when empty but never changed here (NumberFixed).
    """
    session.require(Permission.WRITE_RECORDS if _is_clerk(session) else Permission.CORRECT_RECORDS)
    today = today or datetime.date.today()
    reason = reason.strip()
    status_keys = {"status", "学籍状态"} & set(changes)
    values, problems = validation.to_internal(
        {k: v for k, v in changes.items() if k not in status_keys}
    )
    if status_keys:
        problems.append(Problem("status", "status_by_event"))
    h = session.archive
    with h.db.atomic() as conn:
        current = load_writable(conn, student_id)
        family_before = load_family(conn, student_id)
        kind = _change_kind(session, current, reason)
        for number in ("student_no", "registry_no"):
            if number in values and current[number] is not None:
                if str(values[number] or "").strip() != current[number]:
                    raise NumberFixed(field=number)
                del values[number]
        if current["report_status"] not in EDITABLE_REPORT_STATUSES:
            # On a confirmed record class and major move only by 调班/转专业/留级 events.
            for moved in ("class_group", "major_code"):
                if moved in values and values[moved] != current[moved]:
                    problems.append(Problem(moved, "use_status_change"))
        merged: dict[str, Any] = {c: current[c] for c in FIELD_COLUMNS}
        merged["class_group"] = current["class_group"]
        merged["family_members"] = family_before
        merged.update(values)
        if "class_group" in values and "major_code" not in values:
            merged["major_code"] = ""
            _major_from_class(conn, merged)
        draft = current["report_status"] in EDITABLE_REPORT_STATUSES
        checked = validation.check_student(
            merged, today=today, majors=archive_majors(conn), draft=draft
        )
        touched = _touched(set(values))
        problems += [p for p in checked.problems if p.field.split(".")[0] in touched]
        row, more = _resolve_class(conn, checked.values)
        problems += more
        if errors_only(problems):
            raise RecordInvalid(problems)
        changed = {c: row[c] for c in row if c in current and row[c] != current[c]}
        changed.pop("status", None)
        family_after = checked.family if "family_members" in values else family_before
        family_changed = family_after != family_before
        if not changed and not family_changed:
            return Saved(student_id, [p for p in problems if p.severity == "warning"])
        for col, new in changed.items():
            history(conn, student_id, col, current[col], new, kind=kind,
                    actor=session.username, reason=reason)  # fmt: skip
        if family_changed:
            write_family(conn, student_id, family_after)
            history(conn, student_id, "family_members", family_before, family_after,
                    kind=kind, actor=session.username, reason=reason)  # fmt: skip
        sets = dict(changed, updated_at=now_utc())
        if kind == "correction" and current["report_status"] in ("reported", "approved"):
            sets["report_status"] = "confirmed"
            history(conn, student_id, "report_status", current["report_status"], "confirmed",
                    kind=kind, actor=session.username, reason=reason)  # fmt: skip
        try:
            conn.execute(
                f"UPDATE students SET {', '.join(f'{c} = ?' for c in sets)} WHERE id = ?",  # noqa: S608
                [*sets.values(), student_id],
            )
        except IntegrityError as exc:
            raise _duplicate(exc) from None
        refresh_keys(conn, student_id)
        audit.record(
            h,
            session.username,
            "student_corrected" if kind != "edit" else "student_edited",
            target_type="student",
            target_id=student_id,
            details={
                "fields": sorted(changed) + (["family_members"] if family_changed else []),
                "reason": reason,
            },
        )
    return Saved(student_id, [p for p in problems if p.severity == "warning"], checked.missing)


def void_student(session: Session, student_id: int, reason: str) -> None:
    """作废: the record stays (readable, findable with include_voided) but takes no changes and
    no longer blocks its ID number, 学号 or 学籍号."""
    session.require(Permission.WRITE_RECORDS)
    reason = reason.strip()
    if not reason:
        raise ReasonRequired(action="void")
    h = session.archive
    with h.db.atomic() as conn:
        load_writable(conn, student_id)
        ts = now_utc()
        conn.execute(
            "UPDATE students SET voided = 1, void_reason = ?, voided_at = ?, voided_by = ?, "
            "updated_at = ? WHERE id = ?",
            (reason, ts, session.username, ts, student_id),
        )
        history(conn, student_id, "voided", 0, 1, kind="void", actor=session.username,
                reason=reason)  # fmt: skip
        refresh_keys(conn, student_id)
        audit.record(h, session.username, "student_voided", target_type="student",
                     target_id=student_id, details={"reason": reason})  # fmt: skip


def _is_clerk(session: Session) -> bool:
    return allowed(session.roles, Permission.WRITE_RECORDS)


def _change_kind(session: Session, current: Mapping[str, Any], reason: str) -> str:
    if lifecycle.is_locked(str(current["status"])):
        if not allowed(session.roles, Permission.CORRECT_RECORDS):
            raise RecordLocked(reason="left", status=current["status"])
        if not reason:
            raise ReasonRequired(action="correction")
        return "locked_correction"
    if not _is_clerk(session):
        raise PermissionDenied(permission=Permission.WRITE_RECORDS.value, user=session.username)
    if current["report_status"] in EDITABLE_REPORT_STATUSES:
        return "edit"
    if not reason:
        raise ReasonRequired(action="correction")
    return "correction"


def _major_from_class(conn: Connection, values: dict[str, Any]) -> None:
    """A class belongs to one major: fill 专业 (and its catalogue) from the class when empty."""
    name = values.get("class_group")
    if not isinstance(name, str) or not name.strip() or values.get("major_code"):
        return
    found = class_by_name(conn, name.strip())
    if found is not None:
        values["major_code"] = found[2]
        if not values.get("major_catalogue"):
            values["major_catalogue"] = archive_majors(conn).get(found[2], "")


def _touched(changed: set[str]) -> set[str]:
    out = set(changed)
    for group in _RELATED:
        if group & changed:
            out |= group
    return out


def _resolve_class(
    conn: Connection, values: Mapping[str, Any]
) -> tuple[dict[str, Any], list[Problem]]:
    """The students-row values: class name -> class_group_id, empty numbers -> NULL."""
    row = {c: values.get(c, "") for c in FIELD_COLUMNS}
    for number in ("student_no", "registry_no"):
        row[number] = row[number] or None
    for flag in ("migrant_child", "poverty_registered"):
        row[flag] = None if row[flag] in ("", None) else int(row[flag])
    row["major_code"] = row["major_code"] or None
    problems: list[Problem] = []
    name = str(values.get("class_group", "") or "")
    row["class_group_id"] = None
    if name:
        found = class_by_name(conn, name)
        if found is None:
            problems.append(Problem("class_group", "unknown_class", params={"value": name}))
        else:
            row["class_group_id"] = found[0]
            if row["major_code"] and row["major_code"] != found[2]:
                problems.append(Problem("class_group", "class_major_mismatch", "warning"))
    return row, problems


def _duplicate(exc: IntegrityError) -> DuplicateRecord:
    text = str(exc)
    for index, fieldname in (
        ("students.student_no", "student_no"),
        ("students.registry_no", "registry_no"),
        ("students.id_type", "id_number"),
        ("students.diploma_no", "diploma_no"),
    ):
        if index in text:
            return DuplicateRecord(field=fieldname)
    return DuplicateRecord(field="")
