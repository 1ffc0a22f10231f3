"""Awards and punishments (奖惩).

Nothing is deleted: an entry made by mistake is voided with a reason. A punishment ends in one of
two dated ways that exclude each other: lifted (处分解除, after its period, with the lifting
document) or annulled (处分撤销, wrongly imposed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xueji_desktop.core.errors import RecordInvalid
from xueji_desktop.core.lifecycle import LEFT_STATES
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission
from xueji_desktop.services.context import Session
from xueji_desktop.services.record_edits import (
    insert_row,
    load_row,
    update_row,
    void_row,
    with_bools,
)
from xueji_desktop.services.records_common import Checks, require_id, require_reason
from xueji_desktop.storage.connection import Connection
from xueji_desktop.storage.layout import now_utc

PUNISHMENT_LEVELS = ("警告", "严重警告", "记过", "留校察看", "开除学籍")
_TABLE, _KIND = "rewards_punishments", "reward_punishment"


@dataclass(frozen=True, slots=True)
class RewardPunishment:
    id: int
    student_id: int
    kind: str
    level: str
    title: str
    reason: str
    document_no: str
    decided_on: str
    issued_by: str
    lifted_on: str | None
    lifted_document_no: str
    annulled_on: str | None
    annulled_reason: str
    voided: bool
    void_reason: str

    @property
    def state(self) -> str:
        """'voided', 'annulled', 'lifted' or 'active' (an award is 'active' unless voided)."""
        if self.voided:
            return "voided"
        if self.annulled_on is not None:
            return "annulled"
        return "lifted" if self.lifted_on is not None else "active"


def add_award(
    session: Session,
    student_id: int,
    *,
    level: str,
    title: str,
    decided_on: str,
    document_no: str = "",
    issued_by: str = "",
    reason: str = "",
) -> int:
    """An award (奖励), e.g. level 校级 and title 三好学生."""
    session.require(Permission.WRITE_RECORDS)
    ck = Checks()
    values = {
        "kind": "award",
        "level": ck.text("level", level, required=True, max_len=50),
        "title": ck.text("title", title, required=True, max_len=100),
        "reason": ck.text("reason", reason, max_len=500),
        "document_no": ck.text("document_no", document_no, max_len=100),
        "decided_on": ck.date("decided_on", decided_on),
        "issued_by": ck.text("issued_by", issued_by, max_len=100),
        "created_at": now_utc(),
    }
    ck.done()
    with session.archive.db.atomic() as conn:
        return insert_row(conn, session, _TABLE, _KIND, student_id, values)


def add_punishment(
    session: Session,
    student_id: int,
    *,
    level: str,
    decided_on: str,
    document_no: str,
    reason: str = "",
    issued_by: str = "",
    title: str = "",
) -> int:
    """A punishment (处分) with its decision document number (文号)."""
    session.require(Permission.WRITE_RECORDS)
    ck = Checks()
    values = {
        "kind": "punishment",
        "level": ck.choice("level", level, PUNISHMENT_LEVELS),
        "title": ck.text("title", title, max_len=100),
        "reason": ck.text("reason", reason, max_len=500),
        "document_no": ck.text("document_no", document_no, required=True, max_len=100),
        "decided_on": ck.date("decided_on", decided_on),
        "issued_by": ck.text("issued_by", issued_by, max_len=100),
        "created_at": now_utc(),
    }
    ck.done()
    with session.archive.db.atomic() as conn:
        _check_time_at_school(conn, student_id, values["decided_on"])
        return insert_row(conn, session, _TABLE, _KIND, student_id, values)


def _check_time_at_school(conn: Connection, student_id: object, decided_on: str) -> None:
    """A punishment is decided while the student is at the school: not before the month of
    enrolment, and not after the day a student who has left did so (the 学籍异动 that took
    them out). An unknown student is left to insert_row, which says so."""
    if not isinstance(student_id, int) or isinstance(student_id, bool):
        return
    row = conn.execute(
        "SELECT status, enrolment_month FROM students WHERE id = ?", (student_id,)
    ).fetchone()
    if row is None:
        return
    status, month = str(row[0]), str(row[1] or "").replace("-", "")
    if len(month) == 6 and month.isdigit() and decided_on < f"{month[:4]}-{month[4:]}-01":
        month = f"{month[:4]}-{month[4:]}"
        raise RecordInvalid(
            problems=[Problem("decided_on", "before_enrolment", params={"month": month})]
        )
    if status in LEFT_STATES:
        left = conn.execute(
            "SELECT max(effective_date) FROM status_changes"
            " WHERE student_id = ? AND revoked = 0 AND status_after = ?",
            (student_id, status),
        ).fetchone()[0]
        if left and decided_on > str(left):
            raise RecordInvalid(
                problems=[Problem("decided_on", "after_leaving", params={"left_on": str(left)})]
            )


def _end_punishment(
    session: Session, pid: object, day: str, new: dict[str, Any], kind: str, reason: str = ""
) -> None:
    with session.archive.db.atomic() as conn:
        decided = load_row(conn, _TABLE, _KIND, pid)["decided_on"]
        if day < decided:
            field = "lifted_on" if kind == "lift" else "annulled_on"
            raise RecordInvalid(problems=[Problem(field, "before_decision")])
        update_row(
            conn,
            session,
            _TABLE,
            _KIND,
            pid,
            new,
            change_kind=kind,
            reason=reason,
            action="punishment_lifted" if kind == "lift" else "punishment_annulled",
            guard=lambda row: _guard(row, kind),
        )


def _guard(row: dict[str, Any], change_kind: str) -> None:
    """Lifted and annulled exclude each other; only punishments are lifted or annulled."""
    if row["kind"] != "punishment":
        raise RecordInvalid(problems=[Problem("kind", "not_a_punishment")])
    if row["annulled_on"] is not None:
        raise RecordInvalid(problems=[Problem("annulled_on", "punishment_annulled")])
    if row["lifted_on"] is not None:
        raise RecordInvalid(problems=[Problem("lifted_on", "punishment_lifted")])
    if change_kind == "lift" and row["level"] == "开除学籍":
        # An expelled student has no probation to end; a wrong expulsion is annulled.
        raise RecordInvalid(problems=[Problem("level", "expulsion_not_liftable")])


def lift_punishment(session: Session, punishment_id: int, lifted_on: str, document_no: str) -> None:
    """处分解除: the punishment ran its period and is lifted by a dated document."""
    session.require(Permission.WRITE_RECORDS)
    ck = Checks()
    day = ck.date("lifted_on", lifted_on)
    doc = ck.text("lifted_document_no", document_no, required=True, max_len=100)
    ck.done()
    _end_punishment(
        session, punishment_id, day, {"lifted_on": day, "lifted_document_no": doc}, "lift"
    )


def annul_punishment(session: Session, punishment_id: int, annulled_on: str, reason: str) -> None:
    """处分撤销: the punishment was wrongly imposed and is annulled, dated, with the reason."""
    session.require(Permission.WRITE_RECORDS)
    text = require_reason(reason)
    ck = Checks()
    day = ck.date("annulled_on", annulled_on)
    ck.done()
    _end_punishment(
        session, punishment_id, day, {"annulled_on": day, "annulled_reason": text}, "annul", text
    )


def void_reward_punishment(session: Session, row_id: int, reason: str) -> None:
    """作废 an entry made by mistake (not the same as annulling a punishment)."""
    session.require(Permission.WRITE_RECORDS)
    with session.archive.db.atomic() as conn:
        void_row(conn, session, _TABLE, _KIND, row_id, reason)


def list_rewards_punishments(session: Session, student_id: int) -> list[RewardPunishment]:
    session.require(Permission.READ_RECORDS)
    rows = session.archive.db.conn.execute(
        "SELECT id, student_id, kind, level, title, reason, document_no, decided_on, issued_by,"
        " lifted_on, lifted_document_no, annulled_on, annulled_reason, voided, void_reason"
        " FROM rewards_punishments WHERE student_id = ? ORDER BY decided_on, id",
        (require_id("student", student_id),),
    ).fetchall()
    return [RewardPunishment(*with_bools(r, 13)) for r in rows]
