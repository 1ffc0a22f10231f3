"""The service calls behind the record view's 奖惩 and 成绩 entry buttons.

They run on the session's worker thread (ui/worker.py), never on the GUI thread, and touch no
widget: one small function per user action. The services check role, values and state again.
"""

from __future__ import annotations

from dataclasses import dataclass

from xueji_desktop.services import discipline, grades, structure
from xueji_desktop.services.context import Session
from xueji_desktop.services.records_common import Term


@dataclass(frozen=True)
class AwardEntry:
    level: str
    title: str
    decided_on: str
    document_no: str = ""
    issued_by: str = ""
    reason: str = ""


@dataclass(frozen=True)
class PunishmentEntry:
    level: str
    decided_on: str
    document_no: str
    reason: str = ""
    issued_by: str = ""
    title: str = ""


def add_award(session: Session, student_id: int, entry: AwardEntry) -> int:
    return discipline.add_award(
        session,
        student_id,
        level=entry.level,
        title=entry.title,
        decided_on=entry.decided_on,
        document_no=entry.document_no,
        issued_by=entry.issued_by,
        reason=entry.reason,
    )


def add_punishment(session: Session, student_id: int, entry: PunishmentEntry) -> int:
    return discipline.add_punishment(
        session,
        student_id,
        level=entry.level,
        decided_on=entry.decided_on,
        document_no=entry.document_no,
        reason=entry.reason,
        issued_by=entry.issued_by,
        title=entry.title,
    )


def lift(session: Session, punishment_id: int, lifted_on: str, document_no: str) -> None:
    discipline.lift_punishment(session, punishment_id, lifted_on, document_no)


def annul(session: Session, punishment_id: int, annulled_on: str, reason: str) -> None:
    discipline.annul_punishment(session, punishment_id, annulled_on, reason)


def void(session: Session, row_id: int, reason: str) -> None:
    discipline.void_reward_punishment(session, row_id, reason)


# -- 补考 / 重修 ---------------------------------------------------------------------------------


def terms(session: Session) -> list[Term]:
    """Every term, oldest first: the makeup date's lower bound and the retake term choices."""
    return structure.list_terms(session)


def record_makeup(
    session: Session, student_id: int, course_id: int, term_id: int, score: float, day: str
) -> int:
    return grades.record_makeup(session, student_id, course_id, term_id, score=score, exam_date=day)


def record_retake(
    session: Session,
    student_id: int,
    course_id: int,
    term_id: int,
    score: float,
    retake_term_id: int,
) -> int:
    return grades.record_retake(
        session, student_id, course_id, term_id, score=score, retake_term_id=retake_term_id
    )
