"""Worker-side calls behind the grades, 学籍异动 and 班级 pages: one function per user action.

They run on the session's worker thread (ui/worker.py), never on the GUI thread, and touch no
widget. Each returns plain data the page shows; errors are the services' XuejiErrors.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xueji_desktop.core.problems import Problem
from xueji_desktop.services import attachments, courses, event_lists, graduation, structure
from xueji_desktop.services import status_changes as sc
from xueji_desktop.services.context import Session
from xueji_desktop.services.event_lists import ChangeRow
from xueji_desktop.services.grades import BulkResult, record_grades_bulk
from xueji_desktop.services.records_common import Course, Term
from xueji_desktop.services.search import search_students
from xueji_desktop.services.status_changes import Preview, StatusChange
from xueji_desktop.services.structure import ClassGroup, Major
from xueji_desktop.services.transcripts import grades_for_class

# -- grade sheets ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetChoices:
    classes: list[ClassGroup]
    courses: list[Course]
    terms: list[Term]


def sheet_choices(session: Session) -> SheetChoices:
    return SheetChoices(
        structure.list_class_groups(session),
        courses.list_courses(session),
        structure.list_terms(session),
    )


@dataclass(frozen=True)
class SheetRow:
    """One student of the sheet with the result saved so far (None / '' when none yet)."""

    student_id: int
    student_no: str
    name: str
    status: str
    score: float | None = None
    grade_label: str = ""
    makeup_score: float | None = None
    retake_score: float | None = None
    remark: str = ""


def load_sheet(session: Session, class_id: int, course_id: int, term_id: int) -> list[SheetRow]:
    """The class's students (now in the class, not voided) with their result of course × term."""
    saved = {
        g.student_id: g
        for g in grades_for_class(session, class_id, term_id)
        if g.course_id == course_id
    }
    rows = []
    for hit in search_students(session, class_group_id=class_id, limit=5000):
        g = saved.get(hit.student_id)
        if g is None:
            rows.append(SheetRow(hit.student_id, hit.student_no, hit.name, hit.status))
        else:
            rows.append(
                SheetRow(hit.student_id, hit.student_no, hit.name, hit.status, g.score,
                         g.grade_label, g.makeup_score, g.retake_score, g.remark)
            )  # fmt: skip
    return rows


def save_sheet(
    session: Session, term_id: int, course_id: int, rows: Sequence[Mapping[str, object]]
) -> BulkResult:
    """All or nothing: the service checks every row first and writes none if one is wrong."""
    return record_grades_bulk(session, term_id, course_id, list(rows))


# -- one student's 学籍异动 -----------------------------------------------------------------------


@dataclass(frozen=True)
class StudentState:
    student_id: int
    name: str
    student_no: str
    status: str
    report_status: str
    voided: bool
    class_group_id: int | None
    major_code: str
    intake_year: int | None


@dataclass(frozen=True)
class ChangeForm:
    """What the dialog needs: the student, the classes and majors to move to."""

    student: StudentState
    classes: list[ClassGroup]
    majors: list[Major]


def change_form(session: Session, student_id: int) -> ChangeForm:
    from xueji_desktop.services.student_reads import get_student

    record = get_student(session, student_id)  # NotFound when there is no such record
    classes = structure.list_class_groups(session)
    class_id = record.get("class_group_id")
    intake = next((c.intake_year for c in classes if c.id == class_id), None)
    state = StudentState(
        student_id,
        str(record.get("name") or ""),
        str(record.get("student_no") or ""),
        str(record.get("status") or ""),
        str(record.get("report_status") or ""),
        bool(record.get("voided")),
        class_id,
        str(record.get("major_code") or ""),
        intake,
    )
    return ChangeForm(state, classes, structure.list_majors(session))


def preview_change(
    session: Session, student_id: int, kind: str, details: Mapping[str, Any]
) -> Preview:
    return sc.preview_change(session, student_id, kind, dict(details))


@dataclass(frozen=True)
class Recorded:
    change_id: int
    proof_error: BaseException | None = None  # the event stands; only the scan failed


def record_change(
    session: Session,
    student_id: int,
    kind: str,
    values: Mapping[str, Any],
    proof: Path | None,
) -> Recorded:
    """Record the event, then attach the proof scan to it (read here, on the worker).

    The event first: it is what matters. A new event is a draft, so its paperwork (the proof)
    may still be added; if the scan cannot be stored the event stands and the caller says so.
    """
    change_id = sc.record_change(session, student_id, kind, **values)
    if proof is None:
        return Recorded(change_id)
    try:
        media = attachments.sniff_file(proof) or ""
        aid = attachments.attach(session, student_id, "status_change_proof", proof, media,
                                 title=proof.name[:200])  # fmt: skip
        sc.update_change(session, change_id, proof_attachment_id=aid)
    except Exception as exc:  # reported next to the recorded event, never swallowed
        return Recorded(change_id, exc)
    return Recorded(change_id)


@dataclass(frozen=True)
class StudentChanges:
    changes: list[StatusChange]
    class_names: dict[int, str]


def student_changes(session: Session, student_id: int) -> StudentChanges:
    names = {c.id: c.name for c in structure.list_class_groups(session)}
    return StudentChanges(sc.list_changes(session, student_id), names)


def revoke_change(session: Session, change_id: int, reason: str) -> None:
    sc.revoke_change(session, change_id, reason)


def set_report_status(session: Session, change_id: int, status: str, reason: str = "") -> None:
    sc.set_change_report_status(session, change_id, status, reason)


# -- the archive's 学籍异动 -----------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeFilter:
    kind: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    class_group_id: int | None = None


def recent_changes(session: Session, f: ChangeFilter) -> list[ChangeRow]:
    return event_lists.recent_changes(
        session, kind=f.kind, date_from=f.date_from, date_to=f.date_to,
        class_group_id=f.class_group_id,
    )  # fmt: skip


def class_list(session: Session) -> list[ClassGroup]:
    return structure.list_class_groups(session)


# -- classes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassRow:
    group: ClassGroup
    major_name: str
    counts: dict[str, int]


def classes_overview(session: Session) -> list[ClassRow]:
    majors = {m.code: m.name for m in structure.list_majors(session)}
    counts = event_lists.class_status_counts(session)
    return [
        ClassRow(g, majors.get(g.major_code, g.major_code), counts.get(g.id, {}))
        for g in structure.list_class_groups(session)
    ]


@dataclass(frozen=True)
class Candidate:
    student_id: int
    name: str
    eligible: bool
    missing: list[Problem]


def class_candidates(session: Session, class_id: int) -> list[Candidate]:
    """Every 在籍 student of the class with the graduation check's verdict."""
    return [
        Candidate(sid, name, e.eligible, list(e.missing))
        for sid, name, e in graduation.class_eligibility(session, class_id)
    ]


@dataclass
class BatchOutcome:
    """What a batch run did, student by student; ``stopped`` when the clerk cancelled."""

    recorded: list[tuple[int, str, str | None]] = field(default_factory=list)  # id, name, 证书号
    failed: list[tuple[int, str, BaseException]] = field(default_factory=list)
    not_done: list[tuple[int, str]] = field(default_factory=list)
    stopped: bool = False


def graduate_students(
    session: Session,
    students: Sequence[tuple[int, str]],
    *,
    outcome: str,
    effective_date: datetime.date,
    document_no: str,
    progress: Callable[[int, int], None],
    cancelled: Callable[[], bool],
) -> BatchOutcome:
    """毕业 / 结业 for each student in its own transaction (graduation.graduate).

    Not all or nothing: each student's event is recorded or refused on its own, as the service
    does for a class. A cancel stops before the next student; those recorded stay recorded.
    """
    from xueji_desktop.core.errors import XuejiError

    out = BatchOutcome()
    total = len(students)
    for done, (sid, name) in enumerate(students):
        if cancelled():
            out.stopped = True
            out.not_done.extend(students[done:])
            break
        progress(done, total)
        try:
            g = graduation.graduate(session, sid, outcome=outcome,
                                    effective_date=effective_date.isoformat(),
                                    document_no=document_no)  # fmt: skip
        except XuejiError as exc:
            out.failed.append((sid, name, exc))
        else:
            out.recorded.append((sid, name, g.diploma_no))
    progress(total - len(out.not_done), total)
    return out
