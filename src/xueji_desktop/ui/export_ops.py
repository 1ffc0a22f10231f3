"""Worker-side calls of the export dialog: one small function per kind of export.

Everything here runs on the session worker, never on the GUI thread, and touches no widget.
Each function takes the choices the dialog collected (``ExportRequest``) and the target the
clerk chose in the file dialog, and returns the files written. The services check the role
(Permission.EXPORT), build the workbook in memory and audit what was exported.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from xueji_desktop import messages
from xueji_desktop.problem_text import finding_text
from xueji_desktop.services import (
    courses,
    export_grades,
    export_lists,
    export_photos,
    exports,
    structure,
)
from xueji_desktop.services.context import Session
from xueji_desktop.services.health import Finding
from xueji_desktop.services.records_common import Course, Term
from xueji_desktop.services.structure import ClassGroup

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class ExportChoices:
    """What the dialog offers in its lists."""

    classes: list[ClassGroup]
    terms: list[Term]
    courses: list[Course]
    # class id -> the ids of its grade-sheet courses (its major's, the public ones, and what its
    # students took): a grade sheet offers only those
    class_courses: dict[int, frozenset[int]]


def choices(session: Session) -> ExportChoices:
    classes = structure.list_class_groups(session)
    return ExportChoices(
        classes,
        structure.list_terms(session),
        courses.list_courses(session),
        {
            c.id: frozenset(x.id for x in export_grades.grade_sheet_courses(session, c.id))
            for c in classes
        },
    )


@dataclass(frozen=True)
class ExportRequest:
    """The clerk's choices. ``target`` is a file, or a folder for photos and the head teachers'
    sheets. ``replace``: the clerk agreed to replace what is there (the file dialog asked)."""

    kind: str
    target: Path
    class_id: int | None = None
    term_id: int | None = None
    course_id: int | None = None
    year: int | None = None
    since: datetime.date | None = None
    until: datetime.date | None = None
    replace: bool = False
    lang: str = "zh"  # the health report's sentences follow the UI's language


def students(s: Session, r: ExportRequest, p: Progress, c: Cancelled) -> list[Path]:
    return exports.export_students(
        s, r.target, class_id=r.class_id, overwrite=r.replace, progress=p, cancelled=c
    )


def roster(s: Session, r: ExportRequest, p: Progress, c: Cancelled) -> list[Path]:
    assert r.class_id is not None
    return [
        exports.export_roster(
            s, r.target, class_id=r.class_id, overwrite=r.replace, progress=p, cancelled=c
        )
    ]


def _grade_sheet(s: Session, r: ExportRequest, p: Progress, c: Cancelled, blank: bool) -> Path:
    assert r.class_id is not None and r.term_id is not None
    return export_grades.export_grade_sheet(
        s, r.target, class_id=r.class_id, term_id=r.term_id, course_id=r.course_id,
        blank=blank, overwrite=r.replace, progress=p, cancelled=c,
    )  # fmt: skip


def grades(s: Session, r: ExportRequest, p: Progress, c: Cancelled) -> list[Path]:
    return [_grade_sheet(s, r, p, c, blank=False)]


def blank_grades(s: Session, r: ExportRequest, p: Progress, c: Cancelled) -> list[Path]:
    return [_grade_sheet(s, r, p, c, blank=True)]


def status_changes(s: Session, r: ExportRequest, p: Progress, c: Cancelled) -> list[Path]:
    return [
        export_lists.export_status_changes(
            s, r.target, since=r.since, until=r.until, overwrite=r.replace, progress=p,
            cancelled=c,
        )
    ]  # fmt: skip


def graduates(s: Session, r: ExportRequest, p: Progress, c: Cancelled) -> list[Path]:
    assert r.year is not None
    return [
        export_lists.export_graduates(
            s, r.target, year=r.year, overwrite=r.replace, progress=p, cancelled=c
        )
    ]


def aid(s: Session, r: ExportRequest, p: Progress, c: Cancelled) -> list[Path]:
    assert r.term_id is not None
    return [
        export_lists.export_aid(
            s, r.target, term=r.term_id, overwrite=r.replace, progress=p, cancelled=c
        )
    ]


def photos(s: Session, r: ExportRequest, p: Progress, c: Cancelled) -> list[Path]:
    return export_photos.export_photos(
        s, r.target, class_id=r.class_id, overwrite=r.replace, progress=p, cancelled=c
    )


def health(s: Session, r: ExportRequest, p: Progress, c: Cancelled) -> list[Path]:
    lang = r.lang

    def describe(f: Finding) -> tuple[str, str]:
        return messages.finding_title(f.kind, lang), finding_text(f.kind, f.params, lang)

    return [
        export_lists.export_health(
            s, r.target, describe=describe, overwrite=r.replace, progress=p, cancelled=c
        )
    ]


def head_teachers(s: Session, r: ExportRequest, p: Progress, c: Cancelled) -> list[Path]:
    ids = None if r.class_id is None else [r.class_id]
    return exports.export_for_head_teacher(
        s, r.target, class_ids=ids, overwrite=r.replace, progress=p, cancelled=c
    )


RUN: dict[str, Callable[[Session, ExportRequest, Progress, Cancelled], list[Path]]] = {
    "students": students,
    "roster": roster,
    "grades": grades,
    "blank_grades": blank_grades,
    "status_changes": status_changes,
    "graduates": graduates,
    "aid": aid,
    "photos": photos,
    "health": health,
    "head_teachers": head_teachers,
}


def run(
    session: Session, request: ExportRequest, progress: Progress, cancelled: Cancelled
) -> list[Path]:
    return RUN[request.kind](session, request, progress, cancelled)
