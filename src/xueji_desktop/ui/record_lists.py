"""The record view's list tabs (成绩, 奖惩, 操行与考勤, 附件, 历史): column titles and rows.

Pure conversions from what the worker already read (ui/student_ops.py) to display strings. The
texts keep the translation context ``RecordView``, where they were first written, so their
Chinese stays with them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication

from xueji_desktop.ui import student_ops


def grade_headers() -> list[str]:
    return [
        QCoreApplication.translate("RecordView", "Term"),
        QCoreApplication.translate("RecordView", "Course code"),
        QCoreApplication.translate("RecordView", "Course"),
        QCoreApplication.translate("RecordView", "Credits"),
        QCoreApplication.translate("RecordView", "Score"),
        QCoreApplication.translate("RecordView", "Make-up exam"),
        QCoreApplication.translate("RecordView", "Retake"),
        QCoreApplication.translate("RecordView", "Result"),
    ]


def discipline_headers() -> list[str]:
    return [
        QCoreApplication.translate("RecordView", "Date"),
        QCoreApplication.translate("RecordView", "Kind"),
        QCoreApplication.translate("RecordView", "Level"),
        QCoreApplication.translate("RecordView", "Title"),
        QCoreApplication.translate("RecordView", "Reason"),
        QCoreApplication.translate("RecordView", "Document no."),
        QCoreApplication.translate("RecordView", "State"),
    ]


def conduct_headers() -> list[str]:
    return [
        QCoreApplication.translate("RecordView", "Term"),
        QCoreApplication.translate("RecordView", "Conduct grade"),
        QCoreApplication.translate("RecordView", "Comment"),
    ]


def attendance_headers() -> list[str]:
    return [
        QCoreApplication.translate("RecordView", "Term"),
        QCoreApplication.translate("RecordView", "Sick leave (hours)"),
        QCoreApplication.translate("RecordView", "Personal leave (hours)"),
        QCoreApplication.translate("RecordView", "Truancy (hours)"),
        QCoreApplication.translate("RecordView", "Late"),
    ]


def file_headers() -> list[str]:
    return [
        QCoreApplication.translate("RecordView", "Document"),
        QCoreApplication.translate("RecordView", "Title"),
        QCoreApplication.translate("RecordView", "Added"),
        QCoreApplication.translate("RecordView", "By"),
        "",
    ]


def history_headers() -> list[str]:
    return [
        QCoreApplication.translate("RecordView", "Time"),
        QCoreApplication.translate("RecordView", "User"),
        QCoreApplication.translate("RecordView", "Field"),
        QCoreApplication.translate("RecordView", "Before"),
        QCoreApplication.translate("RecordView", "After"),
        QCoreApplication.translate("RecordView", "Reason"),
    ]


def grade_rows(rows: Sequence[Any]) -> list[tuple[str, ...]]:
    def score(value: float | None, label: str = "") -> str:
        if label:
            return label
        return "" if value is None else f"{value:g}"

    results = {
        True: QCoreApplication.translate("RecordView", "Passed"),
        False: QCoreApplication.translate("RecordView", "Failed"),
        None: "",
    }
    return [
        (
            g.term_code,
            g.course_code,
            g.course_name,
            f"{g.credits:g}",
            score(g.score, g.grade_label),
            score(g.makeup_score),
            score(g.retake_score),
            results[g.passed],
        )
        for g in rows
    ]


def discipline_rows(rows: Sequence[Any]) -> list[tuple[str, ...]]:
    kinds = {
        "award": QCoreApplication.translate("RecordView", "Award"),
        "punishment": QCoreApplication.translate("RecordView", "Punishment"),
    }
    states = {
        "active": QCoreApplication.translate("RecordView", "In force"),
        "lifted": QCoreApplication.translate("RecordView", "Lifted"),
        "annulled": QCoreApplication.translate("RecordView", "Annulled"),
        "voided": QCoreApplication.translate("RecordView", "Voided"),
    }
    return [
        (
            r.decided_on,
            kinds.get(r.kind, r.kind),
            r.level,
            r.title,
            r.reason,
            r.document_no,
            states.get(r.state, r.state),
        )
        for r in rows
    ]


def conduct_rows(tab: student_ops.ConductTab) -> list[tuple[Any, ...]]:
    return [(e.term_code, e.grade, e.comment) for e in tab.evaluations]


def attendance_rows(tab: student_ops.ConductTab) -> list[tuple[Any, ...]]:
    return [
        (
            a.term_code,
            a.sick_leave_hours,
            a.personal_leave_hours,
            a.truancy_hours,
            a.late_count,
        )
        for a in tab.attendance
    ]
