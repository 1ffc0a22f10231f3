"""毕业去向: the destination of a student who has left (employment, further study, ...).

One row per student, an upsert: a change writes one ``field_history`` row per changed field and
an audit entry in one transaction; re-entering the same values changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xueji_desktop.core.errors import RecordInvalid
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit
from xueji_desktop.services.context import Session
from xueji_desktop.services.records_common import (
    Checks,
    change_details,
    diff,
    new_values,
    require_id,
    require_student,
    update_columns,
    write_history,
)
from xueji_desktop.storage.layout import now_utc

DESTINATION_KINDS = ("employment", "further_study", "military", "stage_transfer", "other")
# A destination is recorded once the student has left (any state but these two).
_IN_SCHOOL = ("enrolled", "on_leave")


@dataclass(frozen=True, slots=True)
class Destination:
    student_id: int
    kind: str
    employer: str
    matches_major: bool | None
    recorded_on: str
    remark: str


_DEST_COLS = ("kind", "employer", "matches_major", "recorded_on", "remark")


def set_destination(
    session: Session,
    student_id: int,
    *,
    kind: str,
    employer: str = "",
    matches_major: bool | None = None,
    recorded_on: str,
    remark: str = "",
) -> None:
    """毕业去向 of a student who has left; ``employer`` is the employer or the next school."""
    session.require(Permission.WRITE_RECORDS)
    ck = Checks()
    new: dict[str, Any] = {
        "kind": ck.choice("kind", kind, DESTINATION_KINDS),
        "employer": ck.text("employer", employer, max_len=200),
        "matches_major": None if matches_major is None else ck.flag("matches_major", matches_major),
        "recorded_on": ck.date("recorded_on", recorded_on),
        "remark": ck.text("remark", remark, max_len=500),
    }
    if new["kind"] in ("employment", "further_study") and not new["employer"]:
        ck.add("employer", "required")
    ck.done()
    h = session.archive
    with h.db.atomic() as conn:
        student = require_student(conn, student_id)
        if student.status in _IN_SCHOOL:
            raise RecordInvalid(
                problems=[Problem("status", "student_not_left", params={"status": student.status})]
            )
        row = conn.execute(
            "SELECT kind, employer, matches_major, recorded_on, remark FROM destinations"
            " WHERE student_id = ?",
            (student.id,),
        ).fetchone()
        ts = now_utc()
        if row is None:
            conn.execute(
                "INSERT INTO destinations (student_id, kind, employer, matches_major, recorded_on,"
                " remark) VALUES (?,?,?,?,?,?)",
                (student.id, *new.values()),
            )
            changes: dict[str, tuple[object, object]] = {c: (None, v) for c, v in new.items()}
        else:
            changes = diff(dict(zip(_DEST_COLS, row, strict=True)), new)
            if not changes:
                return
            update_columns(
                conn, "destinations", new_values(changes), student.id, key_column="student_id"
            )
            write_history(
                conn,
                session,
                student_id=student.id,
                entity="destination",
                entity_id=student.id,
                changes=changes,
                ts=ts,
            )
        audit.record(
            h,
            session.username,
            "destination_set",
            target_type="student",
            target_id=student.id,
            details=change_details(changes),
        )


def get_destination(session: Session, student_id: int) -> Destination | None:
    session.require(Permission.READ_RECORDS)
    row = session.archive.db.conn.execute(
        "SELECT student_id, kind, employer, matches_major, recorded_on, remark FROM destinations"
        " WHERE student_id = ?",
        (require_id("student", student_id),),
    ).fetchone()
    if row is None:
        return None
    return Destination(row[0], row[1], row[2], None if row[3] is None else bool(row[3]), *row[4:])
