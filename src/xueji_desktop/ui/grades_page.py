"""成绩: the grade-entry sheet of a class × course × term, which behaves like a spreadsheet.

Arrow keys move, Enter moves down, typing overwrites, Delete clears, Ctrl+V pastes a column or
block copied from Excel starting at the current cell. A bad score turns red at once. Saving is
all or nothing (services/grades.record_grades_bulk in one transaction) and refused while a cell
is wrong; unsaved edits stay until saved, and the window asks before they are lost.
"""

from __future__ import annotations

import datetime

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.roles import Permission
from xueji_desktop.services.grade_sheets import GRADE_LABELS
from xueji_desktop.services.grades import BulkResult
from xueji_desktop.ui import events_ops
from xueji_desktop.ui.events_ops import SheetChoices, SheetRow
from xueji_desktop.ui.grade_model import GradeSheetModel
from xueji_desktop.ui.grades_table import GradeTable, parse_clipboard
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import Page, PageContext
from xueji_desktop.ui.widgets import BusyIndicator, ErrorLine

__all__ = ["GradeTable", "GradesPage", "parse_clipboard"]  # the view moved to grades_table.py


class GradesPage(Page):
    page_id = "grades"
    permission = Permission.READ_RECORDS

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._choices: SheetChoices | None = None
        self._loaded_key: tuple[int, int, int] | None = None
        self._can_write = ctx.can(Permission.WRITE_RECORDS)

        self.class_combo = QComboBox(self)
        self.course_combo = QComboBox(self)
        self.term_combo = QComboBox(self)
        for combo in (self.class_combo, self.course_combo, self.term_combo):
            combo.setMinimumContentsLength(12)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.open_button = QPushButton(self.tr("Open sheet"), self)
        self.open_button.clicked.connect(self._open_sheet)
        self.class_combo.currentIndexChanged.connect(self._fill_courses)

        pick = QHBoxLayout()
        for text, combo in (
            (self.tr("Class"), self.class_combo),
            (self.tr("Course"), self.course_combo),
            (self.tr("Term"), self.term_combo),
        ):
            label = QLabel(text, self)
            label.setBuddy(combo)
            pick.addWidget(label)
            pick.addWidget(combo)
        pick.addWidget(self.open_button)
        pick.addStretch(1)

        self.message = QLabel(self)
        self.message.setObjectName("gradeMessage")
        self.model = GradeSheetModel(self)
        self.model.changed.connect(self._update_counts)
        self.model.dataChanged.connect(self.message.clear)
        self.table = GradeTable(self)
        self.table.setModel(self.model)
        self.table.setEnabled(self._can_write)

        self.hint = QLabel(
            self.tr(
                "Type a score (0–100) or a grade (%1); a grade typed under Score moves to the"
                " Grade column by itself. Enter moves down; Ctrl+V pastes a column copied from"
                " Excel."
            ).replace("%1", "、".join(GRADE_LABELS)),
            self,
        )
        self.hint.setWordWrap(True)
        self.counts = QLabel(self)
        self.counts.setObjectName("gradeCounts")
        self.save_button = QPushButton(self.tr("Save all"), self)
        self.save_button.setObjectName("saveGrades")
        self.save_button.clicked.connect(self.save)
        self.discard_button = QPushButton(self.tr("Undo unsaved changes"), self)
        self.discard_button.clicked.connect(self._ask_discard)
        self.busy = BusyIndicator(self.tr("Working…"), self)
        self.error_line = ErrorLine(self)

        bottom = QHBoxLayout()
        bottom.addWidget(self.counts, 1)
        bottom.addWidget(self.busy)
        bottom.addWidget(self.discard_button)
        bottom.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addLayout(pick)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_line)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        self._update_counts()

    def title(self) -> str:
        return self.tr("Grades")

    def help_text(self) -> str:
        return self.tr(
            "<p>Choose the class, the course and the term, then press <b>Open sheet</b>.</p>"
            "<p>Type each student's score and press Enter to go to the next student. You can also"
            " copy a column of scores in Excel and paste it here with Ctrl+V, starting at the"
            " first student's cell.</p><p>A red cell has a mistake: point at it to read what is"
            " wrong. <b>Save all</b> saves the whole sheet at once, and only when no cell is"
            " red; until then nothing is saved and nothing is lost.</p>"
            "<p>Makeup exams and retakes are entered on the student's own record.</p>"
        )

    # -- loading ------------------------------------------------------------------------------

    def activate(self, **args: object) -> None:
        if self._choices is None:
            self._set_busy(True)
            self.ctx.worker.run(
                lambda: events_ops.sheet_choices(self.ctx.session),
                on_done=self._on_choices,
                on_error=self._on_error,
                context=self,
            )

    def _on_choices(self, choices: SheetChoices) -> None:
        self._set_busy(False)
        self._choices = choices
        self.class_combo.blockSignals(True)
        self.class_combo.clear()
        for g in choices.classes:
            self.class_combo.addItem(g.name, g.id)
        self.class_combo.blockSignals(False)
        self.term_combo.clear()
        today = datetime.date.today().isoformat()
        current = 0
        for i, t in enumerate(choices.terms):
            self.term_combo.addItem(t.name or t.code, t.id)
            if t.start_date <= today:
                current = i  # the latest term that has begun
        self.term_combo.setCurrentIndex(current)
        self._fill_courses()

    def _fill_courses(self) -> None:
        if self._choices is None:
            return
        major = next(
            (g.major_code for g in self._choices.classes if g.id == self.class_combo.currentData()),
            None,
        )
        self.course_combo.clear()
        for c in self._choices.courses:
            if c.major_code in (None, major):
                self.course_combo.addItem(f"{c.name}（{c.code}）", c.id)

    def select(self, class_id: int, course_id: int, term_id: int) -> None:
        """Choose the sheet (tests, and other pages in future) and open it."""
        for combo, value in (
            (self.class_combo, class_id),
            (self.course_combo, course_id),
            (self.term_combo, term_id),
        ):
            combo.setCurrentIndex(combo.findData(value))
        self._open_sheet()

    def _key(self) -> tuple[int, int, int] | None:
        values = (
            self.class_combo.currentData(),
            self.course_combo.currentData(),
            self.term_combo.currentData(),
        )
        if any(not isinstance(v, int) for v in values):
            return None
        return values  # type: ignore[return-value]

    def _open_sheet(self) -> None:
        key = self._key()
        if key is None:
            return
        if self.model.has_unsaved_changes() and not self._confirm_discard():
            return
        self._load(key)

    def _load(self, key: tuple[int, int, int]) -> None:
        self._set_busy(True)
        self.error_line.clear_message()
        session = self.ctx.session
        self.ctx.worker.run(
            lambda: events_ops.load_sheet(session, *key),
            on_done=lambda rows: self._on_sheet(key, rows),
            on_error=self._on_error,
            context=self,
        )

    def _on_sheet(self, key: tuple[int, int, int], rows: list[SheetRow]) -> None:
        self._set_busy(False)
        self._loaded_key = key
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):  # room to type, whatever the header
            self.table.setColumnWidth(column, max(self.table.columnWidth(column), 80))
        if rows:
            self.table.setCurrentIndex(self.model.index(0, self.model_score_column()))
            self.table.setFocus()
        if not rows:
            self.message.setText(self.tr("No students are in this class."))

    @staticmethod
    def model_score_column() -> int:
        from xueji_desktop.ui.grade_model import SCORE_COLUMN

        return SCORE_COLUMN

    # -- saving ------------------------------------------------------------------------------

    def save(self) -> None:
        if self._loaded_key is None or not self.model.has_unsaved_changes():
            return
        if self.model.invalid_count():
            self.error_line.show_message(
                self.tr(
                    "Some cells are red. Correct them first: nothing is saved until all are right."
                )
            )
            self._show_first_invalid()
            return
        _class_id, course_id, term_id = self._loaded_key
        rows = self.model.payload()
        session = self.ctx.session
        self._set_busy(True)
        self.ctx.worker.run(
            lambda: events_ops.save_sheet(session, term_id, course_id, rows),
            on_done=self._on_saved,
            on_error=self._on_error,
            context=self,
        )

    def _on_saved(self, result: BulkResult) -> None:
        self._set_busy(False)
        if result.problems:
            self.model.apply_save_problems(result.problems)
            self.error_line.show_message(
                self.tr(
                    "Nothing was saved: %1 rows have a mistake (red). Correct them and save again."
                ).replace("%1", str(len(result.problems)))
            )
            self._show_first_invalid()
            return
        self.error_line.clear_message()
        self.message.setText(
            self.tr("Saved: %1 students' results.").replace(
                "%1", str(result.saved + result.unchanged)
            )
        )
        assert self._loaded_key is not None
        self._load(self._loaded_key)

    def _show_first_invalid(self) -> None:
        first = self.model.first_invalid()
        self.table.setCurrentIndex(first)  # painted red with a thick frame: see grades_table.py
        self.table.scrollTo(first)
        self.table.setFocus()

    # -- unsaved changes -----------------------------------------------------------------------

    def has_unsaved_changes(self) -> bool:
        return self.model.has_unsaved_changes()

    def discard_changes(self) -> None:
        self.model.discard_edits()

    def _confirm_discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Unsaved grades"),
            self.tr("The grades you typed are not saved yet. Throw them away?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def _ask_discard(self) -> None:
        if self.model.has_unsaved_changes() and self._confirm_discard():
            self.discard_changes()

    # -- state -----------------------------------------------------------------------------------

    def _update_counts(self) -> None:
        unsaved, invalid = self.model.unsaved_count(), self.model.invalid_count()
        text = (
            self.tr("%1 students · %2 unsaved cells")
            .replace("%1", str(self.model.rowCount()))
            .replace("%2", str(unsaved))
        )
        if invalid:
            text += self.tr(" · %1 cells with a mistake").replace("%1", str(invalid))
        self.counts.setText(text)
        self.save_button.setEnabled(self._can_write and unsaved > 0 and not self.busy.isVisible())
        self.discard_button.setEnabled(unsaved > 0)
        self.changed.emit()

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.open_button.setEnabled(not busy)
        self._update_counts()

    def _on_error(self, error: BaseException) -> None:
        self._set_busy(False)
        self.error_line.show_message(error_sentence(error))
