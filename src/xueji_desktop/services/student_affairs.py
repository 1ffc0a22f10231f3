"""Internships (岗位实习), skill certificates (技能证书, 1+X) and financial aid (资助). Awards and
punishments (奖惩, services/discipline.py) and the destination after leaving (毕业去向,
services/destinations.py) stay importable from here.

Nothing is deleted: rows are voided with a reason (kept in ``field_history`` where the table has
no reason column).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xueji_desktop.core.errors import DuplicateRecord, RecordInvalid
from xueji_desktop.core.grading import GRADE_LABELS
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission
from xueji_desktop.services.context import Session
from xueji_desktop.services.destinations import (
    DESTINATION_KINDS,
    Destination,
    get_destination,
    set_destination,
)
from xueji_desktop.services.discipline import (
    PUNISHMENT_LEVELS,
    RewardPunishment,
    add_award,
    add_punishment,
    annul_punishment,
    lift_punishment,
    list_rewards_punishments,
    void_reward_punishment,
)
from xueji_desktop.services.record_edits import (
    insert_row,
    load_row,
    update_row,
    void_row,
    with_bools,
)
from xueji_desktop.services.records_common import (
    Checks,
    require_id,
)

__all__ = [
    "AID_KINDS",
    "DESTINATION_KINDS",
    "PUNISHMENT_LEVELS",
    "Destination",
    "FinancialAid",
    "Internship",
    "RewardPunishment",
    "SkillCertificate",
    "add_award",
    "add_financial_aid",
    "add_internship",
    "add_punishment",
    "add_skill_certificate",
    "annul_punishment",
    "edit_financial_aid",
    "get_destination",
    "lift_punishment",
    "list_financial_aid",
    "list_internships",
    "list_rewards_punishments",
    "list_skill_certificates",
    "set_destination",
    "set_internship_assessment",
    "void_financial_aid",
    "void_internship",
    "void_reward_punishment",
    "void_skill_certificate",
]

AID_KINDS = ("state_grant", "tuition_waiver", "other")


# -- internships -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Internship:
    id: int
    student_id: int
    employer: str
    position: str
    supervisor: str
    start_date: str
    end_date: str
    assessment: str
    remark: str
    voided: bool


def add_internship(
    session: Session,
    student_id: int,
    *,
    employer: str,
    start_date: str,
    position: str = "",
    supervisor: str = "",
    end_date: str = "",
    remark: str = "",
) -> int:
    """岗位实习 at an employer; the assessment comes later (set_internship_assessment)."""
    session.require(Permission.WRITE_RECORDS)
    ck = Checks()
    values = {
        "employer": ck.text("employer", employer, required=True, max_len=200),
        "position": ck.text("position", position, max_len=100),
        "supervisor": ck.text("supervisor", supervisor, max_len=50),
        "start_date": ck.date("start_date", start_date),
        "end_date": ck.date("end_date", end_date, required=False),
        "remark": ck.text("remark", remark, max_len=500),
    }
    if values["end_date"] and values["start_date"] and values["end_date"] < values["start_date"]:
        ck.add("end_date", "end_before_start")
    ck.done()
    with session.archive.db.atomic() as conn:
        return insert_row(conn, session, "internships", "internship", student_id, values)


def set_internship_assessment(
    session: Session, internship_id: int, assessment: str, *, end_date: str | None = None
) -> None:
    """The internship's assessment (考核结果, a grade label) and, optionally, its end date."""
    session.require(Permission.WRITE_RECORDS)
    ck = Checks()
    new: dict[str, Any] = {"assessment": ck.choice("assessment", assessment, GRADE_LABELS)}
    if end_date is not None:
        new["end_date"] = ck.date("end_date", end_date)
    ck.done()
    with session.archive.db.atomic() as conn:
        start = load_row(conn, "internships", "internship", internship_id)["start_date"]
        if new.get("end_date") and new["end_date"] < start:
            raise RecordInvalid(problems=[Problem("end_date", "end_before_start")])
        update_row(conn, session, "internships", "internship", internship_id, new)


def list_internships(session: Session, student_id: int) -> list[Internship]:
    session.require(Permission.READ_RECORDS)
    rows = session.archive.db.conn.execute(
        "SELECT id, student_id, employer, position, supervisor, start_date, end_date, assessment,"
        " remark, voided FROM internships WHERE student_id = ? ORDER BY start_date, id",
        (require_id("student", student_id),),
    ).fetchall()
    return [Internship(*with_bools(r, 9)) for r in rows]


def void_internship(session: Session, internship_id: int, reason: str) -> None:
    session.require(Permission.WRITE_RECORDS)
    with session.archive.db.atomic() as conn:
        void_row(conn, session, "internships", "internship", internship_id, reason)


# -- skill certificates ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SkillCertificate:
    id: int
    student_id: int
    name: str
    level: str
    issuer: str
    certificate_no: str
    issued_on: str
    is_1x: bool
    voided: bool


def add_skill_certificate(
    session: Session,
    student_id: int,
    *,
    name: str,
    issued_on: str,
    level: str = "",
    issuer: str = "",
    certificate_no: str = "",
    is_1x: bool = False,
) -> int:
    """技能证书; ``is_1x`` marks a 1+X 职业技能等级证书."""
    session.require(Permission.WRITE_RECORDS)
    ck = Checks()
    values = {
        "name": ck.text("name", name, required=True, max_len=200),
        "level": ck.text("level", level, max_len=50),
        "issuer": ck.text("issuer", issuer, max_len=200),
        "certificate_no": ck.text("certificate_no", certificate_no, max_len=100),
        "issued_on": ck.date("issued_on", issued_on),
        "is_1x": ck.flag("is_1x", is_1x),
    }
    ck.done()
    with session.archive.db.atomic() as conn:
        return insert_row(
            conn, session, "skill_certificates", "skill_certificate", student_id, values
        )


def list_skill_certificates(session: Session, student_id: int) -> list[SkillCertificate]:
    session.require(Permission.READ_RECORDS)
    rows = session.archive.db.conn.execute(
        "SELECT id, student_id, name, level, issuer, certificate_no, issued_on, is_1x, voided"
        " FROM skill_certificates WHERE student_id = ? ORDER BY issued_on, id",
        (require_id("student", student_id),),
    ).fetchall()
    return [SkillCertificate(*with_bools(r, 7, 8)) for r in rows]


def void_skill_certificate(session: Session, certificate_id: int, reason: str) -> None:
    session.require(Permission.WRITE_RECORDS)
    with session.archive.db.atomic() as conn:
        void_row(conn, session, "skill_certificates", "skill_certificate", certificate_id, reason)


# -- financial aid ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FinancialAid:
    id: int
    student_id: int
    term_id: int
    term_code: str
    kind: str
    amount_fen: int
    paid_on: str
    remark: str
    voided: bool


def add_financial_aid(
    session: Session,
    student_id: int,
    term_id: int,
    kind: str,
    amount_fen: int,
    *,
    paid_on: str = "",
    remark: str = "",
) -> int:
    """资助 for one term: state_grant (国家助学金), tuition_waiver (免学费) or other; amount in
    fen (分, an int). One per student × term × kind."""
    session.require(Permission.WRITE_RECORDS)
    ck = Checks()
    values = {
        "kind": ck.choice("kind", kind, AID_KINDS),
        "amount_fen": ck.integer("amount_fen", amount_fen, low=0, high=10**9),
        "paid_on": ck.date("paid_on", paid_on, required=False),
        "remark": ck.text("remark", remark, max_len=500),
    }
    ck.done()
    sid, tid = require_id("student", student_id), require_id("term", term_id)
    with session.archive.db.atomic() as conn:
        if conn.execute(
            "SELECT 1 FROM financial_aid WHERE student_id = ? AND term_id = ? AND kind = ?",
            (sid, tid, values["kind"]),
        ).fetchone():
            # Also when that row is voided: the table's UNIQUE includes voided rows.
            raise DuplicateRecord(kind="financial_aid", term_id=tid, aid_kind=values["kind"])
        return insert_row(conn, session, "financial_aid", "financial_aid", sid, values, term_id=tid)


def edit_financial_aid(
    session: Session,
    aid_id: int,
    *,
    amount_fen: int | None = None,
    paid_on: str | None = None,
    remark: str | None = None,
) -> None:
    """Correct an aid entry (history per field)."""
    session.require(Permission.WRITE_RECORDS)
    ck = Checks()
    new: dict[str, Any] = {}
    if amount_fen is not None:
        new["amount_fen"] = ck.integer("amount_fen", amount_fen, low=0, high=10**9)
    if paid_on is not None:
        new["paid_on"] = ck.date("paid_on", paid_on, required=False)
    if remark is not None:
        new["remark"] = ck.text("remark", remark, max_len=500)
    ck.done()
    with session.archive.db.atomic() as conn:
        update_row(conn, session, "financial_aid", "financial_aid", aid_id, new)


def list_financial_aid(session: Session, student_id: int) -> list[FinancialAid]:
    session.require(Permission.READ_RECORDS)
    rows = session.archive.db.conn.execute(
        "SELECT a.id, a.student_id, a.term_id, t.code, a.kind, a.amount_fen, a.paid_on, a.remark,"
        " a.voided FROM financial_aid a JOIN terms t ON t.id = a.term_id"
        " WHERE a.student_id = ? ORDER BY t.start_date, a.kind",
        (require_id("student", student_id),),
    ).fetchall()
    return [FinancialAid(*with_bools(r, 8)) for r in rows]


def void_financial_aid(session: Session, aid_id: int, reason: str) -> None:
    session.require(Permission.WRITE_RECORDS)
    with session.archive.db.atomic() as conn:
        void_row(conn, session, "financial_aid", "financial_aid", aid_id, reason)
