"""The record view's 成绩 tab with 录入补考成绩… and 录入重修成绩… for the selected course.

The rules are services/grades.py's: a makeup (补考) or a retake (重修) follows only a failed
original result; a retake not after a passed makeup, and in a later term than the original; a
makeup exam not before its term began; scores 0–100; no date after today. The buttons are
offered only where the rule allows them and the dialogs check their fields as they are filled;
the service checks everything again on the worker.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QWidget

from xueji_desktop.core.grading import passes
from xueji_desktop.services.records_common import Term
from xueji_desktop.services.transcripts import GradeRow
from xueji_desktop.ui import discipline_ops
from xueji_desktop.ui.entry_dialog import EntryDialog, date_edit, date_problem, iso, plain
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.record_tabs import RowsModel
from xueji_desktop.ui.row_actions import RowActionsTab


def may_makeup(row: GradeRow) -> bool:
    return passes(row.score, row.grade_label) is False


def may_retake(row: GradeRow) -> bool:
    makeup_passed = row.makeup_score is not None and bool(passes(row.makeup_score))
    return may_makeup(row) and not makeup_passed


def score_value(text: str) -> float | None:
    """The typed score, or None when it is not a number from 0 to 100."""
    try:
        value = float(text.strip().replace("，", ".").replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) and 0 <= value <= 100 else None


def _grade_line(row: GradeRow) -> str:
    result = row.grade_label or ("" if row.score is None else f"{row.score:g}")
    return f"{row.term_code} · {row.course_code} {row.course_name} · {result}"


class _GradeEntry(EntryDialog):
    def __init__(
        self, ctx: PageContext, grade: GradeRow, title: str, parent: QWidget | None
    ) -> None:
        super().__init__(ctx, title, parent)
        self.grade = grade
        self.terms: list[Term] = []
        self.score_edit = QLineEdit(self)
        session = ctx.session
        ctx.worker.run(
            lambda: discipline_ops.terms(session),
            on_done=self._on_terms,
            on_error=self._on_error,
            context=self,
        )

    def _on_terms(self, terms: list[Term]) -> None:
        self.terms = list(terms)
        self.terms_arrived()
        self.refresh()

    def terms_arrived(self) -> None:
        pass

    def own_term(self) -> Term | None:
        return next((t for t in self.terms if t.id == self.grade.term_id), None)

    def score_problem(self) -> str:
        if score_value(self.score_edit.text()) is None:
            return QCoreApplication.translate("GradeEntry", "Enter a number from 0 to 100.")
        return ""


class MakeupDialog(_GradeEntry):
    """录入补考成绩: the makeup exam's score and date."""

    def __init__(self, ctx: PageContext, grade: GradeRow, parent: QWidget | None = None) -> None:
        super().__init__(ctx, grade, self.tr("Enter a makeup exam score"), parent)
        self.setObjectName("makeupDialog")
        self.add_info(self.tr("Course:"), _grade_line(grade))
        if grade.makeup_score is not None:
            self.score_edit.setText(f"{grade.makeup_score:g}")
        self.date_edit = date_edit(self)
        self.add_field("makeup_score", self.tr("Makeup score:"), self.score_edit)
        self.add_field("makeup_date", self.tr("Exam date:"), self.date_edit)
        self.setMinimumWidth(560)

    def problems(self) -> dict[str, str]:
        term = self.own_term()
        found = {
            "makeup_score": self.score_problem(),
            "makeup_date": date_problem(
                iso(self.date_edit),
                not_before=term.start_date if term else "",
                before_what=self.tr("the start of the term"),
            ),
        }
        return {k: v for k, v in found.items() if v}

    def request(self) -> Callable[[], Any]:
        g, session = self.grade, self.ctx.session
        score, day = score_value(self.score_edit.text()) or 0.0, iso(self.date_edit)
        return lambda: discipline_ops.record_makeup(
            session, g.student_id, g.course_id, g.term_id, score, day
        )


class RetakeDialog(_GradeEntry):
    """录入重修成绩: the retake's score and the later term it was taken in."""

    def __init__(self, ctx: PageContext, grade: GradeRow, parent: QWidget | None = None) -> None:
        super().__init__(ctx, grade, self.tr("Enter a retake score"), parent)
        self.setObjectName("retakeDialog")
        self.add_info(self.tr("Course:"), _grade_line(grade))
        if grade.retake_score is not None:
            self.score_edit.setText(f"{grade.retake_score:g}")
        self.term_box = QComboBox(self)
        self.add_field("retake_score", self.tr("Retake score:"), self.score_edit)
        self.add_field("retake_term_id", self.tr("Retake term:"), self.term_box,
                       self.tr("A term later than the original one."))  # fmt: skip
        self.setMinimumWidth(560)

    def terms_arrived(self) -> None:
        own = self.own_term()
        later = [t for t in self.terms if own is not None and t.start_date > own.start_date]
        self.term_box.clear()
        for term in later:
            self.term_box.addItem(f"{term.code} {term.name}".strip(), term.id)
        wanted = self.term_box.findData(self.grade.retake_term_id)
        if wanted >= 0:
            self.term_box.setCurrentIndex(wanted)
        if not later:  # say at once that a term must be added first
            self._touched.add("retake_term_id")

    def problems(self) -> dict[str, str]:
        term = (
            ""
            if self.term_box.currentData()
            else self.tr("No later term yet: add it with New term… on the School calendar page.")
        )
        found = {"retake_score": self.score_problem(), "retake_term_id": term}
        return {k: v for k, v in found.items() if v}

    def request(self) -> Callable[[], Any]:
        g, session = self.grade, self.ctx.session
        score, later = score_value(self.score_edit.text()) or 0.0, int(self.term_box.currentData())
        return lambda: discipline_ops.record_retake(
            session, g.student_id, g.course_id, g.term_id, score, later
        )


class GradesTab(RowActionsTab):
    """成绩: the student's grades; clerks enter 补考 and 重修 results of the selected course."""

    rows: list[GradeRow]

    def __init__(self, ctx: PageContext, model: RowsModel, parent: QWidget | None = None) -> None:
        super().__init__(ctx, model, "gradesTable", parent)
        buttons = self.bar_layout
        self.makeup_button = QPushButton(self.tr("Enter makeup score…"), self.bar)
        self.makeup_button.setObjectName("enterMakeup")
        self.makeup_button.clicked.connect(self._makeup)
        self.retake_button = QPushButton(self.tr("Enter retake score…"), self.bar)
        self.retake_button.setObjectName("enterRetake")
        self.retake_button.clicked.connect(self._retake)
        self.rule = plain(self.bar, "")
        self.rule.setObjectName("gradeRule")
        self.rule.setStyleSheet("color: #555;")
        buttons.addWidget(self.makeup_button)
        buttons.addWidget(self.retake_button)
        buttons.addWidget(self.rule, 1)
        self.set_writable(False)

    def _enable(self) -> None:
        row = self.selected()
        self.makeup_button.setEnabled(row is not None and may_makeup(row))
        self.retake_button.setEnabled(row is not None and may_retake(row))
        if row is None:
            text = self.tr("Select a failed course to enter its makeup or retake result.")
        elif not may_makeup(row):
            text = self.tr("Only a failed original result has a makeup exam or a retake.")
        else:
            text = ""
        self.rule.setText(text)

    def _open(self, dialog: EntryDialog) -> None:
        self.dialog = dialog
        dialog.saved.connect(lambda _r: self.changed.emit())
        dialog.open()

    def _makeup(self) -> None:
        row = self.selected()
        if row is not None and may_makeup(row):
            self._open(MakeupDialog(self.ctx, row, self))

    def _retake(self) -> None:
        row = self.selected()
        if row is not None and may_retake(row):
            self._open(RetakeDialog(self.ctx, row, self))
