"""学籍异动: the checks an event must pass before it is written, with the facts they need.

``plan_change`` loads the student and works out exactly what an event would change (the same
plan serves the preview and the recording); the ``check_*`` functions add the rules that need
the date, the grades, the graduation rules or the proof attachment. They raise and write
nothing; services/status_changes.py calls them inside its ``atomic()``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from xueji_desktop.core import lifecycle
from xueji_desktop.core.errors import IllegalTransition, NotEligible, NotFound, ValidationError
from xueji_desktop.services.context import Session
from xueji_desktop.services.graduation_rules import (
    check_student,
    course_problems,
    course_standing,
    load_rules,
)
from xueji_desktop.storage.connection import Connection


def _today(session: Session) -> datetime.date:
    return datetime.date.fromtimestamp(session.archive.clock())


def _class_row(conn: Connection, class_id: object) -> tuple[int, str, int, str]:
    if not lifecycle.is_int(class_id):
        raise ValidationError(field="details.class_group_id", reason="type")
    row = conn.execute(
        "SELECT id, name, intake_year, major_code FROM class_groups WHERE id = ?", (class_id,)
    ).fetchone()
    if row is None:
        raise ValidationError(field="details.class_group_id", reason="unknown")
    return int(row[0]), str(row[1]), int(row[2]), str(row[3])


# -- the plan: what an event does to one student --------------------------------------------------


@dataclass
class Plan:
    student: dict[str, Any]
    status_before: str
    status_after: str
    details: dict[str, Any]
    updates: dict[str, Any]  # field -> new value (only fields that change)
    intake_before: int | None
    intake_after: int | None


def load_student_facts(conn: Connection, student_id: object) -> dict[str, Any]:
    if not lifecycle.is_int(student_id):
        raise ValidationError(field="student_id", reason="type")
    cur = conn.execute(
        "SELECT s.id, s.status, s.report_status, s.voided, s.class_group_id, s.major_code, "
        "s.enrolment_month, s.graduation_outcome, s.graduation_date, s.diploma_no, "
        "s.graduation_assessment, s.name, c.intake_year "
        "FROM students s LEFT JOIN class_groups c ON c.id = s.class_group_id WHERE s.id = ?",
        (student_id,),
    )
    row = cur.fetchone()
    if row is None:
        raise NotFound(kind="student", id=student_id)
    return dict(zip([d[0] for d in cur.description], row, strict=True))


def active_events(conn: Connection, student_id: int) -> list[tuple[int, str, str]]:
    """(id, kind, effective_date) of the student's non-revoked events, oldest first."""
    return [
        (int(r[0]), str(r[1]), str(r[2]))
        for r in conn.execute(
            "SELECT id, kind, effective_date FROM status_changes "
            "WHERE student_id = ? AND revoked = 0 ORDER BY id",
            (student_id,),
        )
    ]


def plan_change(conn: Connection, student_id: object, kind: object, details: object) -> Plan:
    if not isinstance(kind, str) or kind not in lifecycle.SPECS:
        raise IllegalTransition(kind=str(kind)[:40], status="", reason="unknown_kind")
    st = load_student_facts(conn, student_id)
    sid = int(st["id"])
    status = str(st["status"])
    # A draft with no event yet is a record being created: its 转入 creates it. (An imported,
    # confirmed record without events is not new: a 转入 there is refused as already enrolled.)
    if (
        kind == "transfer_in"
        and status == "enrolled"
        and st["report_status"] == "draft"
        and not active_events(conn, sid)
    ):
        status = lifecycle.NEW_RECORD
    if st["voided"]:
        raise IllegalTransition(kind=kind, status=status, reason="voided_record")
    if st["report_status"] == "draft" and status != lifecycle.NEW_RECORD:
        raise IllegalTransition(kind=kind, status=status, reason="draft_record")
    after = lifecycle.transition(kind, status)
    det = lifecycle.check_details(kind, details)
    new: dict[str, Any] = {}
    intake_after = st["intake_year"]
    target = _class_row(conn, det["class_group_id"]) if "class_group_id" in det else None
    same_major = kind in ("repeat_year", "demotion", "change_class")
    if target is not None:
        cid, _, intake, major = target
        if same_major and major != st["major_code"]:
            raise ValidationError(field="details.class_group_id", reason="major_differs")
        if kind == "change_class" and cid == st["class_group_id"]:
            raise ValidationError(field="details.class_group_id", reason="same_class")
        if kind == "change_class" and st["intake_year"] not in (None, intake):
            raise ValidationError(field="details.class_group_id", reason="cohort_differs")
        later = st["intake_year"] is None or intake > st["intake_year"]
        if kind in ("repeat_year", "demotion") and not later:
            raise ValidationError(field="details.class_group_id", reason="not_later_cohort")
        if "major_code" in det and det["major_code"] != major:
            raise ValidationError(field="details.class_group_id", reason="class_major_mismatch")
        new["class_group_id"] = cid
        new["major_code"] = major
        intake_after = intake
    if "major_code" in det:
        code = det["major_code"]
        if not conn.execute("SELECT 1 FROM majors WHERE code = ?", (code,)).fetchone():
            raise ValidationError(field="details.major_code", reason="unknown")
        if kind == "change_major" and code == st["major_code"]:
            raise ValidationError(field="details.major_code", reason="same_major")
        new["major_code"] = code
    if kind in lifecycle.OUTCOME_OF:
        new["graduation_outcome"] = lifecycle.OUTCOME_OF[kind]
    if after != st["status"]:
        new["status"] = after
    updates = {k: v for k, v in new.items() if v != st[k]}
    return Plan(st, status, after, det, updates, st["intake_year"], intake_after)


# -- checks at recording -------------------------------------------------------------------


def check_date(conn: Connection, session: Session, plan: Plan, day: datetime.date) -> None:
    if day > _today(session):
        raise ValidationError(field="effective_date", reason="future")
    enrolled_on = lifecycle.enrolled_on(plan.student)
    if enrolled_on is not None and day < enrolled_on:
        raise ValidationError(field="effective_date", reason="before_enrolment")
    events = active_events(conn, int(plan.student["id"]))
    if events and day.isoformat() < events[-1][2]:
        raise ValidationError(field="effective_date", reason="before_previous_event")


def check_kind_rules(conn: Connection, kind: str, plan: Plan, day: datetime.date) -> None:
    st = plan.student
    sid = int(st["id"])
    if kind == "leave_of_absence" and plan.details["expected_return_date"] <= day.isoformat():
        raise ValidationError(field="details.expected_return_date", reason="not_after_effective")
    elif kind == "studied_without_completing":
        standing = course_standing(conn, sid)
        lifecycle.check_one_year(
            kind, plan.status_before, enrolled_on=lifecycle.enrolled_on(st), effective=day,
            graded_terms=standing.graded_terms, failed_courses=len(standing.failed),
        )  # fmt: skip
    elif kind in ("graduation", "early_graduation"):
        missing = check_student(conn, st)
        if missing:
            raise NotEligible(missing=missing)
    elif kind == "diploma_after_completion":
        row = conn.execute(
            "SELECT effective_date FROM status_changes WHERE student_id = ? AND revoked = 0 "
            "AND kind = 'completion' ORDER BY id DESC LIMIT 1",
            (sid,),
        ).fetchone()
        completed = datetime.date.fromisoformat(row[0]) if row else None
        rules = load_rules(conn, st["major_code"])
        window = rules["completion_window_months"]
        lifecycle.check_completion_window(
            plan.status_before, completed_on=completed, issued_on=day,
            window_months=(int(window[0]), int(window[1])),
        )  # fmt: skip
        missing = [
            p
            for p in course_problems(conn, sid, st["major_code"], rules)
            if p.code == "course_not_passed"
        ]
        if missing:
            raise NotEligible(missing=missing)


def check_proof(conn: Connection, student_id: int, proof: object) -> int | None:
    if proof is None:
        return None
    if not lifecycle.is_int(proof):
        raise ValidationError(field="proof_attachment_id", reason="type")
    row = conn.execute(
        "SELECT student_id, voided FROM attachments WHERE id = ?", (proof,)
    ).fetchone()
    if row is None or row[1]:
        raise ValidationError(field="proof_attachment_id", reason="unknown")
    if int(row[0]) != student_id:
        raise ValidationError(field="proof_attachment_id", reason="other_student")
    return int(proof)
