"""与国家学籍系统核对: read the list the national system exported and show, student by student,
where it and the archive disagree; on request fill in missing 学籍号 and mark the records that
agree 已核准.

Reading and comparing run on the session worker with progress and Cancel (import_ops.py); the
comparison writes nothing. The service decides what differs, which numbers may be filled and
which records may be marked; this dialog shows its answer and asks before the one transaction.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.errors import OperationCancelled
from xueji_desktop.problem_text import problem_text
from xueji_desktop.services.import_model import ImportResult
from xueji_desktop.services.reconcile import KINDS, Difference
from xueji_desktop.ui import import_ops
from xueji_desktop.ui.i18n import language
from xueji_desktop.ui.import_preview import located_text, make_table
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.pdf_printer import WorkProgress
from xueji_desktop.ui.table_model import QT_TRANSLATE_NOOP, RowTableModel
from xueji_desktop.ui.widgets import ErrorLine, window_title
from xueji_desktop.ui.work_runner import StepRunner

KIND_NAMES = {
    "missing_here": QT_TRANSLATE_NOOP("DifferenceModel", "Only in the national list"),
    "missing_there": QT_TRANSLATE_NOOP("DifferenceModel", "Only in this archive"),
    "status_differs": QT_TRANSLATE_NOOP("DifferenceModel", "Different status"),
    "field_differs": QT_TRANSLATE_NOOP("DifferenceModel", "Different details"),
    "registry_no_missing": QT_TRANSLATE_NOOP("DifferenceModel", "National number not recorded"),
}


def difference_kind(kind: str) -> str:
    return QCoreApplication.translate("DifferenceModel", KIND_NAMES.get(kind, kind))


class DifferenceModel(RowTableModel):
    """One line per difference: the list's row, the student, the kind, the sentence."""

    CONTEXT = "DifferenceModel"
    HEADERS = (
        QT_TRANSLATE_NOOP("DifferenceModel", "Row"),
        QT_TRANSLATE_NOOP("DifferenceModel", "Student"),
        QT_TRANSLATE_NOOP("DifferenceModel", "Difference"),
        QT_TRANSLATE_NOOP("DifferenceModel", "Details"),
    )

    def cell(self, item: Difference, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            values = (item.row or "", item.label, difference_kind(item.kind),
                      problem_text(item.problem(), language()))  # fmt: skip
            return values[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:  # long sentences are elided
            return problem_text(item.problem(), language())
        if role == Qt.ItemDataRole.UserRole:
            return item.kind
        return None


class ReconcileDialog(QDialog):
    """``applied(ImportResult)`` after 学籍号 were filled or records marked."""

    applied = Signal(object)
    workStarted = Signal(object)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.found: import_ops.NationalList | None = None
        self.outcome: ImportResult | None = None
        self.runner = StepRunner(
            self,
            ctx.worker,
            on_error=self._failed,
            on_change=self._update_buttons,
            on_start=self.workStarted.emit,
        )
        self.setObjectName("reconcileDialog")
        self.setWindowTitle(
            window_title(self.tr("Compare with the national system"), practice=ctx.practice)
        )
        # In lines of text, so the larger text sizes (1.25x, 1.5x) get a larger window.
        line = self.fontMetrics().lineSpacing()
        self.setMinimumSize(line * 56, line * 39)
        title = self.tr("Compare with the national system")
        self.comparing = WorkProgress(self, title, self.tr("Comparing…"), self._step)
        self.applying = WorkProgress(self, title, self.tr("Saving…"), self._step)

        intro = QLabel(
            self.tr("Export the school's student list from the national student-registry "
                    "system and choose the file here. Nothing is changed until you apply."),
            self,
        )  # fmt: skip
        intro.setWordWrap(True)
        self.path_edit = QLineEdit(self)
        self.path_edit.setReadOnly(True)
        self.browse_button = QPushButton(self.tr("Choose file…"), self)
        self.browse_button.setObjectName("browseButton")
        self.browse_button.setAutoDefault(False)
        self.browse_button.clicked.connect(self.choose_file)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        self.summary = QLabel(self)
        self.summary.setObjectName("reconcileSummary")
        self.summary.setWordWrap(True)
        self.problems_label = QLabel(self)
        self.problems_label.setObjectName("reconcileProblems")
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problems_label.setStyleSheet("color: #5c3d00; background: #fff4d6; padding: 4px 8px;")
        self.filter_combo = QComboBox(self)
        self.filter_combo.setObjectName("differenceFilter")
        self.model = DifferenceModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(Qt.ItemDataRole.UserRole)
        self.proxy.setFilterKeyColumn(0)
        self.filter_combo.currentIndexChanged.connect(
            lambda _i: self.proxy.setFilterFixedString(str(self.filter_combo.currentData() or ""))
        )
        self.table = make_table(self, "differenceTable")
        self.table.setModel(self.proxy)
        self.fill_check = QCheckBox(self)
        self.fill_check.setObjectName("fillRegistry")
        self.approve_check = QCheckBox(self)
        self.approve_check.setObjectName("markApproved")
        self.unmarkable_label = QLabel(self)
        self.unmarkable_label.setWordWrap(True)
        self.unmarkable_label.setStyleSheet("color: #555;")
        for check in (self.fill_check, self.approve_check):
            check.toggled.connect(lambda _c: self._update_buttons())
        self.error_line = ErrorLine(self)
        self.apply_button = QPushButton(self.tr("Apply…"), self)
        self.apply_button.setObjectName("applyButton")
        self.apply_button.clicked.connect(self.apply)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.close_button)
        filter_row = QHBoxLayout()
        filter_row.addWidget(QLabel(self.tr("Show:"), self))
        filter_row.addWidget(self.filter_combo)
        filter_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems_label)
        layout.addLayout(filter_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.fill_check)
        layout.addWidget(self.approve_check)
        layout.addWidget(self.unmarkable_label)
        layout.addWidget(self.error_line)
        layout.addLayout(buttons)
        self._show(None)

    def _step(self, done: int, total: int) -> str:
        return self.tr("%1 of %2…").replace("%1", str(done)).replace("%2", str(total))

    @property
    def busy(self) -> bool:
        return self.runner.busy

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, OperationCancelled):
            self.error_line.show_message(self.tr("Stopped. Nothing in the archive was changed."))
        else:
            self.error_line.show_message(error_sentence(exc))

    # -- comparing ----------------------------------------------------------------------------

    def choose_file(self) -> None:
        path, _f = QFileDialog.getOpenFileName(
            self, self.tr("The list from the national system"), "",
            self.tr("Excel workbooks (*.xlsx *.xls)"),
        )  # fmt: skip
        if path:
            self.open_file(Path(path))

    def open_file(self, path: Path) -> None:
        self.path_edit.setText(str(path))
        self.error_line.clear_message()
        self._show(None)
        session, work = self.ctx.session, self.comparing
        self.runner.run(
            work,
            lambda: import_ops.compare_national_list(session, path, work.report, work.cancelled),
            self._show,
        )

    def _show(self, found: import_ops.NationalList | None) -> None:
        self.found = found
        rec = found.rec if found is not None else None
        self.model.set_rows(rec.differences if rec is not None else ())
        self.filter_combo.blockSignals(True)
        self.filter_combo.clear()
        counts = rec.counts() if rec is not None else dict.fromkeys(KINDS, 0)
        self.filter_combo.addItem(self.tr("All differences (%1)").replace(
            "%1", str(sum(counts.values()))), "")  # fmt: skip
        for kind in KINDS:
            if counts[kind]:
                text = self.tr("%1 (%2)").replace("%1", difference_kind(kind))
                self.filter_combo.addItem(text.replace("%2", str(counts[kind])), kind)
        self.filter_combo.blockSignals(False)
        self.proxy.setFilterFixedString("")
        for widget in (self.summary, self.filter_combo, self.table, self.fill_check,
                       self.approve_check):  # fmt: skip
            widget.setEnabled(rec is not None)
        if rec is None:
            self.summary.setText("")
            self.problems_label.hide()
            self.fill_check.setText(self.tr("Fill in the national student numbers from the list"))
            self.approve_check.setText(self.tr("Mark the records that agree as approved"))
            self.unmarkable_label.hide()
            self._update_buttons()
            return
        self.summary.setText(
            self.tr("%1 rows in the list, %2 students found in the archive, %3 differences.")
            .replace("%1", str(rec.rows))
            .replace("%2", str(len(rec.matched)))
            .replace("%3", str(len(rec.differences)))
        )
        self.problems_label.setText("\n".join(located_text(p) for p in rec.problems))
        self.problems_label.setVisible(bool(rec.problems))
        self.fill_check.setText(
            self.tr("Fill in the national student numbers from the list (%1 students)").replace(
                "%1", str(len(rec.fillable))
            )
        )
        self.fill_check.setChecked(bool(rec.fillable))
        self.fill_check.setEnabled(bool(rec.fillable))
        self.approve_check.setText(
            self.tr("Mark the %1 records that agree as approved").replace(
                "%1", str(len(rec.markable))
            )
        )
        self.approve_check.setChecked(False)
        self.approve_check.setEnabled(bool(rec.markable))
        self.unmarkable_label.setText(
            self.tr(
                "%1 records that agree are drafts or were sent back; confirm them first."
            ).replace("%1", str(len(rec.unmarkable)))
        )
        self.unmarkable_label.setVisible(bool(rec.unmarkable))
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle = not self.busy
        self.browse_button.setEnabled(idle)
        chosen = self.fill_check.isChecked() or self.approve_check.isChecked()
        self.apply_button.setEnabled(idle and self.found is not None and chosen)

    # -- applying -----------------------------------------------------------------------------

    def apply(self) -> None:
        found = self.found
        if found is None or self.busy:
            return
        fill, approve = self.fill_check.isChecked(), self.approve_check.isChecked()
        parts = []
        if fill:
            parts.append(self.tr("fill in %1 national student numbers").replace(
                "%1", str(len(found.rec.fillable))))  # fmt: skip
        if approve:
            parts.append(self.tr("mark %1 records as approved").replace(
                "%1", str(len(found.rec.markable))))  # fmt: skip
        sep = self.tr(" and ")
        question = self.tr("This will %1. Go ahead?").replace("%1", sep.join(parts))
        answer = QMessageBox.question(
            self, self.tr("Compare with the national system"), question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        session, work = self.ctx.session, self.applying
        self.runner.run(
            work,
            lambda: import_ops.apply_national_list(session, found, fill=fill, approve=approve,
                                                   progress=work.report,
                                                   cancelled=work.cancelled),
            self._on_applied,
        )  # fmt: skip

    def _on_applied(self, result: ImportResult) -> None:
        self.outcome = result
        self.applied.emit(result)
        QMessageBox.information(
            self, self.tr("Compare with the national system"),
            self.tr("Done: %1 student records were updated.").replace("%1", str(result.updated)),
        )  # fmt: skip
        if self.found is not None:  # compare again: the list now agrees in more places
            self.open_file(self.found.path)

    def reject(self) -> None:
        if self.runner.cancel():
            return
        super().reject()
