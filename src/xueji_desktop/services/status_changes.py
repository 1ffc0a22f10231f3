"""学籍异动: record, preview and revoke status-change events; their 上报状态.

The state machine is core/lifecycle.py; services/status_change_rules.py loads the facts and
checks the event's inputs. This module writes the student's new state, the event row (with
``before_values``, so a revocation restores exactly what the event changed), one field_history
row per changed field and the audit entry, all in one ``atomic()``. A refusal writes nothing.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from xueji_desktop.core import lifecycle
from xueji_desktop.core.errors import (
    DuplicateRecord,
    IllegalTransition,
    NotFound,
    ReasonRequired,
    ValidationError,
)
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit, graduation
from xueji_desktop.services.context import Session
from xueji_desktop.services.record_rows import history
from xueji_desktop.services.records_common import update_columns
from xueji_desktop.services.status_change_rules import (
    active_events,
    check_date,
    check_kind_rules,
    check_proof,
    load_student_facts,
    plan_change,
)
from xueji_desktop.storage.connection import Connection, IntegrityError
from xueji_desktop.storage.layout import now_utc

__all__ = [
    "FieldChange",
    "Preview",
    "StatusChange",
    "get_change",
    "list_changes",
    "preview_change",
    "record_change",
    "revoke_change",
    "set_change_report_status",
    "update_change",
]

# What an event may change on the student besides ``status``; restored on revocation.
_MOVABLE = ("class_group_id", "major_code", "graduation_outcome", "graduation_date", "diploma_no")


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: Any
    new: Any
    old_label: str
    new_label: str


@dataclass(frozen=True, slots=True)
class Preview:
    kind: str
    status_before: str
    status_after: str
    changes: tuple[FieldChange, ...]  # stored fields, exactly what record_change writes
    intake_year_before: int | None  # the cohort, derived from the class
    intake_year_after: int | None


@dataclass(frozen=True, slots=True)
class StatusChange:
    id: int
    student_id: int
    kind: str
    category_code: str
    reason_code: str
    effective_date: str
    document_no: str
    approver: str
    proof_attachment_id: int | None
    details: dict[str, Any]
    status_before: str
    status_after: str
    before_values: dict[str, Any]
    report_status: str
    returned_reason: str
    revoked: bool
    revoke_reason: str
    revoked_at: str | None
    revoked_by: str | None
    created_at: str
    created_by: str


_CHANGE_COLS = ", ".join(f.name for f in dataclasses.fields(StatusChange))


def _change(row: Any) -> StatusChange:
    values = list(row)
    values[9] = json.loads(values[9])
    values[12] = json.loads(values[12])
    values[15] = bool(values[15])
    return StatusChange(*values)


def _labels(conn: Connection, field: str, value: Any) -> str:
    if value is None:
        return ""
    if field == "class_group_id":
        row = conn.execute("SELECT name FROM class_groups WHERE id = ?", (value,)).fetchone()
    elif field == "major_code":
        row = conn.execute("SELECT name FROM majors WHERE code = ?", (value,)).fetchone()
    elif field == "status":
        return lifecycle.STATUS_LABELS.get(str(value), str(value))
    else:
        return str(value)
    return str(row[0]) if row else str(value)


def preview_change(
    session: Session, student_id: int, kind: str, details: Mapping[str, Any] | None = None
) -> Preview:
    """Exactly what ``record_change`` would change (the graduation date and diploma number, set
    at recording, excepted); nothing is written."""
    session.require(Permission.READ_RECORDS)
    conn = session.archive.db.conn
    plan = plan_change(conn, student_id, kind, details)
    changes = tuple(
        FieldChange(f, plan.student[f], v, _labels(conn, f, plan.student[f]), _labels(conn, f, v))
        for f, v in plan.updates.items()
    )
    return Preview(str(kind), plan.status_before, plan.status_after, changes,
                   plan.intake_before, plan.intake_after)  # fmt: skip


# -- recording ------------------------------------------------------------------------------------


def _update_student(conn: Connection, student_id: int, values: dict[str, Any], ts: str) -> None:
    """The event's fields on the student; the only UNIQUE such a field can hit is diploma_no."""
    try:
        update_columns(conn, "students", values, student_id, updated_at=ts)
    except IntegrityError:
        raise DuplicateRecord(field="diploma_no") from None


def record_change(
    session: Session,
    student_id: int,
    kind: str,
    *,
    effective_date: str,
    details: Mapping[str, Any] | None = None,
    category_code: str = "",
    reason_code: str = "",
    document_no: str = "",
    approver: str = "",
    proof_attachment_id: int | None = None,
) -> int:
    """Record one 学籍异动 event and apply it; returns the event id."""
    session.require(Permission.WRITE_RECORDS)
    day = lifecycle.parse_date("effective_date", effective_date)
    document = lifecycle.clean_text("document_no", document_no, 100)
    approver_text = lifecycle.clean_text("approver", approver, 100)
    h = session.archive
    with h.db.atomic() as conn:
        plan = plan_change(conn, student_id, kind, details)
        st = plan.student
        sid = int(st["id"])
        category, reason = lifecycle.check_codes(kind, category_code, reason_code)
        proof = check_proof(conn, sid, proof_attachment_id)
        check_date(conn, session, plan, day)
        check_kind_rules(conn, kind, plan, day)
        updates = dict(plan.updates)
        if kind in lifecycle.OUTCOME_OF:
            updates["graduation_date"] = day.isoformat()
        if kind in lifecycle.DIPLOMA_KINDS:
            updates["diploma_no"] = graduation.assign_diploma_no(
                conn, st, plan.details.get("diploma_no"), day
            )
        before = {f: st[f] for f in updates if f in _MOVABLE}
        ts = now_utc()
        if updates:
            _update_student(conn, sid, updates, ts)
        cur = conn.execute(
            "INSERT INTO status_changes (student_id, kind, category_code, reason_code, "
            "effective_date, document_no, approver, proof_attachment_id, details, status_before, "
            "status_after, before_values, created_at, created_by) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (sid, kind, category, reason, day.isoformat(), document, approver_text, proof,
             json.dumps(plan.details, ensure_ascii=False, sort_keys=True), plan.status_before,
             plan.status_after, json.dumps(before, ensure_ascii=False, sort_keys=True), ts,
             session.username),
        )  # fmt: skip
        change_id = int(cur.lastrowid)
        for f, v in updates.items():
            history(conn, sid, f, st[f], v, kind="status_change", actor=session.username,
                    reason=kind)  # fmt: skip
        audit.record(h, session.username, "status_change_recorded", target_type="student",
                     target_id=sid, details={"change_id": change_id, "kind": kind,
                                             "status_before": plan.status_before,
                                             "status_after": plan.status_after,
                                             "effective_date": day.isoformat()})  # fmt: skip
    return change_id


# -- revocation, 上报状态, reading ----------------------------------------------------------------


def _load_change(conn: Connection, change_id: object) -> StatusChange:
    if not lifecycle.is_int(change_id):
        raise ValidationError(field="change_id", reason="type")
    row = conn.execute(
        f"SELECT {_CHANGE_COLS} FROM status_changes WHERE id = ?",  # noqa: S608 - fixed names
        (change_id,),
    ).fetchone()
    if row is None:
        raise NotFound(kind="status_change", id=change_id)
    return _change(row)


def revoke_change(session: Session, change_id: int, reason: str) -> None:
    """撤销异动: restore the state and every field the latest event changed; mark it revoked."""
    session.require(Permission.WRITE_RECORDS)
    if not isinstance(reason, str) or not reason.strip():
        raise ReasonRequired(action="revoke_change")
    reason = lifecycle.clean_text("reason", reason, 500)
    h = session.archive
    with h.db.atomic() as conn:
        ch = _load_change(conn, change_id)
        st = load_student_facts(conn, ch.student_id)
        if ch.revoked:
            raise IllegalTransition(kind=ch.kind, status=st["status"], reason="already_revoked")
        if st["voided"]:
            raise IllegalTransition(kind=ch.kind, status=st["status"], reason="voided_record")
        latest = active_events(conn, ch.student_id)[-1][0]
        if latest != ch.id:
            raise IllegalTransition(kind=ch.kind, status=st["status"], reason="not_latest")
        restore: dict[str, Any] = {f: v for f, v in ch.before_values.items() if f in _MOVABLE}
        if ch.status_before != lifecycle.NEW_RECORD:
            restore["status"] = ch.status_before
        restore = {f: v for f, v in restore.items() if st[f] != v}
        ts = now_utc()
        if restore:
            _update_student(conn, ch.student_id, restore, ts)
        conn.execute(
            "UPDATE status_changes SET revoked = 1, revoke_reason = ?, revoked_at = ?, "
            "revoked_by = ? WHERE id = ?",
            (reason, ts, session.username, ch.id),
        )
        for f, v in restore.items():
            history(conn, ch.student_id, f, st[f], v, kind="status_change_revoked",
                    actor=session.username, reason=reason)  # fmt: skip
        audit.record(h, session.username, "status_change_revoked", target_type="student",
                     target_id=ch.student_id, details={"change_id": ch.id, "kind": ch.kind,
                                                       "reason": reason})  # fmt: skip


def set_change_report_status(
    session: Session, change_id: int, status: str, reason: str = ""
) -> None:
    """已核对 / 已上报 / 已核准 / 退回 (with a reason; back to editing) of one event."""
    session.require(Permission.WRITE_RECORDS)
    if not isinstance(status, str) or not isinstance(reason, str):
        raise ValidationError(field="report_status", reason="type")
    reason = lifecycle.clean_text("returned_reason", reason, 500)
    h = session.archive
    with h.db.atomic() as conn:
        ch = _load_change(conn, change_id)
        if ch.revoked:
            raise IllegalTransition(kind="report_status", status=ch.report_status,
                                    reason="revoked")  # fmt: skip
        lifecycle.check_report_transition(ch.report_status, status)
        if status == "returned" and not reason:
            raise ReasonRequired(action="return_change")
        conn.execute(
            "UPDATE status_changes SET report_status = ?, returned_reason = ? WHERE id = ?",
            (status, reason if status == "returned" else ch.returned_reason, ch.id),
        )
        audit.record(h, session.username, "status_change_report_status", target_type="student",
                     target_id=ch.student_id, details={"change_id": ch.id, "from": ch.report_status,
                                                       "to": status, "reason": reason})  # fmt: skip


def update_change(
    session: Session,
    change_id: int,
    *,
    reason_code: str | None = None,
    document_no: str | None = None,
    approver: str | None = None,
    proof_attachment_id: int | None = None,
) -> None:
    """Edit an event's paperwork while it is a draft or was returned (not its effect)."""
    session.require(Permission.WRITE_RECORDS)
    h = session.archive
    with h.db.atomic() as conn:
        ch = _load_change(conn, change_id)
        if ch.revoked or ch.report_status not in ("draft", "returned"):
            raise IllegalTransition(kind=ch.kind, status=ch.report_status, reason="not_editable")
        new: dict[str, Any] = {}
        if reason_code is not None:
            new["reason_code"] = lifecycle.check_codes(ch.kind, ch.category_code, reason_code)[1]
        if document_no is not None:
            new["document_no"] = lifecycle.clean_text("document_no", document_no, 100)
        if approver is not None:
            new["approver"] = lifecycle.clean_text("approver", approver, 100)
        if proof_attachment_id is not None:
            new["proof_attachment_id"] = check_proof(conn, ch.student_id, proof_attachment_id)
        new = {k: v for k, v in new.items() if getattr(ch, k) != v}
        if not new:
            return
        update_columns(conn, "status_changes", new, ch.id)
        audit.record(h, session.username, "status_change_edited", target_type="student",
                     target_id=ch.student_id, details={"change_id": ch.id, **new})  # fmt: skip


def get_change(session: Session, change_id: int) -> StatusChange:
    session.require(Permission.READ_RECORDS)
    return _load_change(session.archive.db.conn, change_id)


def list_changes(session: Session, student_id: int) -> list[StatusChange]:
    """Every event of the student, revoked ones included, oldest first."""
    session.require(Permission.READ_RECORDS)
    if not lifecycle.is_int(student_id):
        raise ValidationError(field="student_id", reason="type")
    rows = session.archive.db.conn.execute(
        f"SELECT {_CHANGE_COLS} FROM status_changes WHERE student_id = ? ORDER BY id",  # noqa: S608
        (student_id,),
    ).fetchall()
    return [_change(r) for r in rows]
