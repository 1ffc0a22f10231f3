"""Insert, change and void the per-student rows of the side tables (awards and punishments,
internships, skill certificates, financial aid), each change with its field history and audit;
and save an edit of a school-structure row (a course, a class) with its audit entry.

They run inside the caller's ``atomic()`` (the public service function checks the role and owns
the transaction) and write the field history and the audit entry themselves. Nothing is deleted:
rows are voided with a reason (kept in ``field_history`` where the table has no reason column).
Table, kind and column names come from the callers' fixed names, never input.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from xueji_desktop.core.errors import NotFound, RecordVoided
from xueji_desktop.services import audit
from xueji_desktop.services.context import Session
from xueji_desktop.services.records_common import (
    Changes,
    change_details,
    check_term_for_student,
    diff,
    new_values,
    require_id,
    require_reason,
    require_student,
    require_term,
    update_columns,
    write_history,
)
from xueji_desktop.storage.connection import Connection
from xueji_desktop.storage.layout import now_utc


def with_bools(row: Sequence[Any], *indexes: int) -> list[Any]:
    """A fetched row with its 0/1 columns at ``indexes`` as bools (for the dataclasses)."""
    return [bool(v) if i in indexes else v for i, v in enumerate(row)]


def load_row(conn: Connection, table: str, kind: str, row_id: object) -> dict[str, Any]:
    rid = require_id(kind, row_id)
    cur = conn.execute(f"SELECT * FROM {table} WHERE id = ?", (rid,))  # noqa: S608 - fixed names
    row = cur.fetchone()
    if row is None:
        raise NotFound(kind=kind, id=rid)
    out = dict(zip([d[0] for d in cur.description], row, strict=True))
    if out["voided"]:
        raise RecordVoided(kind=kind, id=rid)
    return out


def insert_row(
    conn: Connection,
    session: Session,
    table: str,
    kind: str,
    student_id: object,
    values: dict[str, Any],
    *,
    term_id: object = None,
) -> int:
    """Insert one row for a (non-voided) student with its audit entry."""
    student = require_student(conn, student_id)
    if term_id is not None:
        term = require_term(conn, term_id)
        check_term_for_student(student, term)
        values = {"term_id": term.id, **values}
    cols = ["student_id", *values]  # names from the callers' fixed dicts
    cur = conn.execute(
        f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",  # noqa: S608
        [student.id, *values.values()],
    )
    rid = int(cur.lastrowid)
    audit.record(
        session.archive,
        session.username,
        f"{kind}_added",
        target_type="student",
        target_id=student.id,
        details={"id": rid, **values},
    )
    return rid


def update_row(
    conn: Connection,
    session: Session,
    table: str,
    kind: str,
    row_id: object,
    new: dict[str, Any],
    *,
    change_kind: str = "edit",
    reason: str = "",
    action: str = "",
    guard: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Change fields of a non-voided row: history per field + one audit entry. Returns the row.

    ``guard`` sees the current row first and may refuse the change by raising."""
    old = load_row(conn, table, kind, row_id)
    if guard is not None:
        guard(old)
    changes = diff(old, new)
    if not changes:
        return old
    update_columns(conn, table, new_values(changes), old["id"])
    write_history(
        conn,
        session,
        student_id=old["student_id"],
        entity=kind,
        entity_id=old["id"],
        changes=changes,
        ts=now_utc(),
        change_kind=change_kind,
        reason=reason,
    )
    audit.record(
        session.archive,
        session.username,
        action or f"{kind}_{change_kind}ed",
        target_type="student",
        target_id=old["student_id"],
        details={"id": old["id"], "reason": reason, "changes": change_details(changes)},
    )
    return {**old, **new}


def void_row(
    conn: Connection, session: Session, table: str, kind: str, row_id: object, reason: object
) -> None:
    text = require_reason(reason)
    new: dict[str, Any] = {"voided": 1}
    if table in ("rewards_punishments",):
        new["void_reason"] = text
    update_row(
        conn,
        session,
        table,
        kind,
        row_id,
        new,
        change_kind="void",
        reason=text,
        action=f"{kind}_voided",
    )


def save_structure_edit(
    conn: Connection, session: Session, table: str, kind: str, row_id: int, changes: Changes
) -> None:
    """UPDATE the changed columns of a course or class and audit before and after as
    ``{kind}_edited``. No field history: such a row is no student's record."""
    update_columns(conn, table, new_values(changes), row_id)
    audit.record(
        session.archive,
        session.username,
        f"{kind}_edited",
        target_type=kind,
        target_id=row_id,
        details=change_details(changes),
    )
