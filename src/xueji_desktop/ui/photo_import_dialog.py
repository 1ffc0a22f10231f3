"""批量导入照片: a folder or zip of photos named by ID number or 学号, matched to the students,
shown (and what did not match, with the reason) before they are imported in one go.

Matching and importing run on the session worker with progress and Cancel (import_ops.py). The
service crops each photo to the ID-photo ratio and stores everything in one transaction.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.errors import OperationCancelled
from xueji_desktop.problem_text import problem_text
from xueji_desktop.services.import_model import ImportResult
from xueji_desktop.services.import_photos import PhotoMatch, PhotoMiss, PhotoPlan
from xueji_desktop.ui import import_ops
from xueji_desktop.ui.i18n import language
from xueji_desktop.ui.import_preview import make_table
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.pdf_printer import WorkProgress
from xueji_desktop.ui.table_model import QT_TRANSLATE_NOOP, RowTableModel
from xueji_desktop.ui.widgets import ErrorLine, window_title
from xueji_desktop.ui.work_runner import StepRunner


class PhotoMatchModel(RowTableModel):
    CONTEXT = "PhotoMatchModel"
    HEADERS = (
        QT_TRANSLATE_NOOP("PhotoMatchModel", "File"),
        QT_TRANSLATE_NOOP("PhotoMatchModel", "Student"),
        QT_TRANSLATE_NOOP("PhotoMatchModel", "Note"),
    )

    def cell(self, item: PhotoMatch, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            note = self.tr("Replaces the photo on record") if item.replaces else ""
            return (item.file_name, item.label, note)[column]
        return None


class PhotoMissModel(RowTableModel):
    CONTEXT = "PhotoMissModel"
    HEADERS = (
        QT_TRANSLATE_NOOP("PhotoMissModel", "File"),
        QT_TRANSLATE_NOOP("PhotoMissModel", "Why it is not imported"),
    )

    def cell(self, item: PhotoMiss, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return (item.file_name, problem_text(item.problem(), language()))[column]
        return None


class PhotoImportDialog(QDialog):
    """``imported(ImportResult)`` after the photos were stored."""

    imported = Signal(object)
    workStarted = Signal(object)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.source: Path | None = None
        self.plan: PhotoPlan | None = None
        self.outcome: ImportResult | None = None
        self.runner = StepRunner(
            self,
            ctx.worker,
            on_error=self._failed,
            on_change=self._update_buttons,
            on_start=self.workStarted.emit,
        )
        self.setObjectName("photoImportDialog")
        title = self.tr("Import photos")
        self.setWindowTitle(window_title(title, practice=ctx.practice))
        # In lines of text, so the larger text sizes (1.25x, 1.5x) get a larger window.
        line = self.fontMetrics().lineSpacing()
        self.setMinimumSize(line * 51, line * 37)
        step = self._step
        self.matching = WorkProgress(self, title, self.tr("Matching the photos…"), step)
        self.importing = WorkProgress(self, title, self.tr("Importing the photos…"), step)

        intro = QLabel(
            self.tr("Choose a folder or a zip file of photos named by ID number or student "
                    "no. (e.g. 430502201003150011.jpg). Each photo is cut to the size of an "
                    "ID photo."),
            self,
        )  # fmt: skip
        intro.setWordWrap(True)
        self.path_edit = QLineEdit(self)
        self.path_edit.setReadOnly(True)
        self.folder_button = QPushButton(self.tr("Choose folder…"), self)
        self.zip_button = QPushButton(self.tr("Choose zip file…"), self)
        for button in (self.folder_button, self.zip_button):
            button.setAutoDefault(False)
        self.folder_button.clicked.connect(self.choose_folder)
        self.zip_button.clicked.connect(self.choose_zip)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.folder_button)
        row.addWidget(self.zip_button)
        self.summary = QLabel(self)
        self.summary.setObjectName("photoSummary")
        self.summary.setWordWrap(True)
        self.matched = PhotoMatchModel(self)
        self.missed = PhotoMissModel(self)
        self.matched_table = make_table(self, "matchedTable")
        self.matched_table.setModel(self.matched)
        self.missed_table = make_table(self, "missedTable")
        self.missed_table.setModel(self.missed)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.matched_table)
        splitter.addWidget(self.missed_table)
        splitter.setChildrenCollapsible(False)
        self.error_line = ErrorLine(self)
        self.import_button = QPushButton(self.tr("Import…"), self)
        self.import_button.setObjectName("importButton")
        self.import_button.clicked.connect(self.start_import)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error_line)
        layout.addLayout(buttons)
        self._show_plan(None)

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

    def _update_buttons(self) -> None:
        idle = not self.busy
        self.folder_button.setEnabled(idle)
        self.zip_button.setEnabled(idle)
        ready = self.plan is not None and bool(self.plan.matched) and self.outcome is None
        self.import_button.setEnabled(idle and ready)

    # -- matching -----------------------------------------------------------------------------

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("The folder of photos"))
        if folder:
            self.open_source(Path(folder))

    def choose_zip(self) -> None:
        path, _f = QFileDialog.getOpenFileName(
            self, self.tr("The zip file of photos"), "", self.tr("Zip files (*.zip)")
        )
        if path:
            self.open_source(Path(path))

    def open_source(self, source: Path) -> None:
        self.source = source
        self.outcome = None
        self.path_edit.setText(str(source))
        self.error_line.clear_message()
        self._show_plan(None)
        session, work = self.ctx.session, self.matching
        self.runner.run(
            work,
            lambda: import_ops.plan_photos(session, source, work.report, work.cancelled),
            self._show_plan,
        )

    def _show_plan(self, plan: PhotoPlan | None) -> None:
        self.plan = plan
        self.matched.set_rows(plan.matched if plan is not None else ())
        self.missed.set_rows(plan.unmatched if plan is not None else ())
        self.missed_table.setVisible(plan is not None and bool(plan.unmatched))
        if plan is None:
            self.summary.setText("")
        else:
            replaced = sum(1 for m in plan.matched if m.replaces)
            self.summary.setText(
                self.tr("%1 photos match a student (%2 of them replace a photo on record); "
                        "%3 files cannot be imported (listed below).")
                .replace("%1", str(len(plan.matched)))
                .replace("%2", str(replaced))
                .replace("%3", str(len(plan.unmatched)))
            )  # fmt: skip
        self._update_buttons()

    # -- importing ----------------------------------------------------------------------------

    def start_import(self) -> None:
        plan, source = self.plan, self.source
        if plan is None or source is None or self.busy:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Import photos"),
            self.tr("Import %1 photos now?").replace("%1", str(len(plan.matched))),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        session, work = self.ctx.session, self.importing
        self.runner.run(
            work,
            lambda: import_ops.commit_photos(session, source, plan, work.report, work.cancelled),
            self._on_imported,
        )

    def _on_imported(self, result: ImportResult) -> None:
        self.outcome = result
        self._update_buttons()
        self.summary.setText(
            self.tr("%1 photos were imported.").replace("%1", str(result.updated + result.added))
        )
        self.imported.emit(result)

    def reject(self) -> None:
        if self.runner.cancel():
            return
        super().reject()
