"""导入学生: choose the file → check the columns → preview → import, in four steps.

Every step that reads the file or the archive runs on the session worker with a progress dialog
and Cancel (import_ops.py); the GUI thread never opens the file. The dry run classifies each row
(new, update, no change, duplicate, error) and nothing is written until the clerk confirms the
counts; the import is one transaction, of all rows or only the correct ones. The error file is
the clerk's own workbook with the bad cells marked, saved where the clerk chooses.

The steps' widgets are in import_steps.py and import_preview.py; this module holds the flow.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.errors import OperationCancelled
from xueji_desktop.services.import_model import ImportPlan, ImportResult
from xueji_desktop.ui import export_ops, import_ops
from xueji_desktop.ui.i18n import language
from xueji_desktop.ui.import_preview import PreviewPage
from xueji_desktop.ui.import_steps import DonePage, FilePage, MappingPage
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.pdf_printer import WorkProgress
from xueji_desktop.ui.widgets import ErrorLine, window_title
from xueji_desktop.ui.work_runner import StepRunner

FILE, MAPPING, PREVIEW, DONE = range(4)


class ImportWizard(QDialog):
    """The student import. ``imported(ImportResult)`` after a successful import;
    ``workStarted(WorkProgress)`` before each worker step (tests cancel through it)."""

    imported = Signal(object)
    workStarted = Signal(object)
    stepShown = Signal(int)

    def __init__(
        self, ctx: PageContext, *, mode: str = "students", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.loaded: import_ops.Loaded | None = None
        self.plan: ImportPlan | None = None
        self.outcome: ImportResult | None = None
        self.step = FILE
        self.runner = StepRunner(
            self,
            ctx.worker,
            on_error=self._failed,
            on_change=self._update_buttons,
            on_start=self.workStarted.emit,
        )
        self.setObjectName("importWizard")
        self.setWindowTitle(window_title(self.tr("Import from Excel"), practice=ctx.practice))
        # In lines of text, so the larger text sizes (1.25x, 1.5x) get a larger window.
        line = self.fontMetrics().lineSpacing()
        self.setMinimumSize(line * 54, line * 40)

        def progress(text: str, step: str) -> WorkProgress:
            return WorkProgress(
                self,
                self.tr("Import from Excel"),
                text,
                lambda d, t: step.replace("%1", str(d)).replace("%2", str(t)),
            )

        self.reading = progress(self.tr("Reading the sheet…"), self.tr("Reading the sheet…"))
        self.checking = progress(self.tr("Checking the rows…"), self.tr("Row %1 of %2 checked…"))
        self.importing = progress(self.tr("Importing…"), self.tr("Row %1 of %2 imported…"))
        self.saving = progress(self.tr("Writing the error file…"), self.tr("Writing…"))

        self.heading = QLabel(self)
        self.heading.setObjectName("stepHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.done_page = DonePage(self)
        self.stack = QStackedWidget(self)
        for page in (self.file_page, self.mapping_page, self.preview_page, self.done_page):
            self.stack.addWidget(page)
        self.error_line = ErrorLine(self)
        self.back_button = QPushButton(self.tr("< Back"), self)
        self.back_button.setObjectName("backButton")
        self.back_button.setAutoDefault(False)
        self.next_button = QPushButton(self)
        self.next_button.setObjectName("nextButton")
        self.next_button.setDefault(True)
        self.close_button = QPushButton(self.tr("Cancel"), self)
        self.close_button.setObjectName("closeButton")
        self.close_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.error_line)
        layout.addLayout(buttons)

        self.file_page.browse_button.clicked.connect(self.choose_file)
        self.file_page.sheet_combo.activated.connect(lambda _i: self._drop_plan())
        self.file_page.mode_group.buttonClicked.connect(lambda _b: self._mode_changed())
        self.mapping_page.changed.connect(self._update_buttons)
        self.preview_page.save_errors_button.clicked.connect(lambda: self.save_error_file(None))
        self.done_page.save_errors_button.clicked.connect(self._save_left_out)
        self.done_page.show_button.clicked.connect(self.show_students)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.close_button.clicked.connect(self.reject)
        self.file_page.set_mode(mode)
        self._mode_changed()
        self._show(FILE)

    # -- flow ---------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.runner.busy

    def _show(self, step: int) -> None:
        self.step = step
        self.stack.setCurrentIndex(step)
        titles = (
            self.tr("Choose the Excel file"),
            self.tr("Check the columns"),
            self.tr("Preview: nothing has been imported yet"),
            self.tr("Done"),
        )
        self.heading.setText(
            self.tr("Step %1 of 4: %2").replace("%1", str(step + 1)).replace("%2", titles[step])
        )
        labels = (self.tr("Next >"), self.tr("Check the rows >"), self.tr("Import…"), "")
        self.next_button.setText(labels[step])
        self.close_button.setText(self.tr("Close") if step == DONE else self.tr("Cancel"))
        self._update_buttons()
        self.stepShown.emit(step)

    def _update_buttons(self) -> None:
        idle = not self.busy
        self.back_button.setVisible(self.step in (MAPPING, PREVIEW))
        self.back_button.setEnabled(idle)
        self.next_button.setVisible(self.step != DONE)
        ready = {
            FILE: bool(self.file_page.path_edit.text()),
            MAPPING: bool(self.mapping_page.mapping()) and not self.mapping_page.conflicts(),
            PREVIEW: self.plan is not None and any(r.importable for r in self.plan.rows),
            DONE: False,
        }[self.step]
        self.next_button.setEnabled(idle and ready)
        self.file_page.browse_button.setEnabled(idle)

    def back(self) -> None:
        if not self.busy and self.step in (MAPPING, PREVIEW):
            self.error_line.clear_message()
            grades = self.loaded is not None and self.loaded.mode in import_ops.FIXED_LAYOUTS
            self._show(FILE if grades else self.step - 1)

    def next(self) -> None:
        if self.busy or not self.next_button.isEnabled():
            return
        self.error_line.clear_message()
        if self.step == FILE:
            self._load_for_mapping()
        elif self.step == MAPPING:
            self._check()
        elif self.step == PREVIEW:
            self._import()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, OperationCancelled):
            self.error_line.show_message(self.tr("Stopped. Nothing in the archive was changed."))
            return
        self.error_line.show_message(error_sentence(exc))

    def _drop_plan(self) -> None:
        self.plan = None

    def _mode_changed(self) -> None:
        self._drop_plan()
        mode = self.file_page.mode()
        self.file_page.set_mode(mode)
        if mode == "grades" and not self.file_page.choices_loaded:
            session = self.ctx.session
            self.ctx.worker.run(
                lambda: export_ops.choices(session),
                on_done=lambda c: self.file_page.fill_grade_choices(c.terms, c.classes, c.courses),
                on_error=self._failed,
                context=self,
            )

    # -- step 1: the file ------------------------------------------------------------------

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose the Excel file"),
            "",
            self.tr("Excel workbooks (*.xlsx *.xls)"),
        )
        if path:
            self.open_file(Path(path))

    def open_file(self, path: Path) -> None:
        """Read ``path``'s first sheet on the worker and offer its sheets."""
        self.loaded = None
        self.plan = None
        self.file_page.path_edit.setText(str(path))
        self.file_page.sheet_combo.clear()
        self.file_page.sheet_combo.setEnabled(False)
        self.file_page.sheet_info.clear()
        self.error_line.clear_message()
        session, mode, work = self.ctx.session, self.file_page.mode(), self.reading
        self.runner.run(
            work,
            lambda: import_ops.load(session, path, None, mode, work.cancelled),
            self._on_opened,
        )

    def _on_opened(self, loaded: import_ops.Loaded) -> None:
        self.loaded = loaded
        combo = self.file_page.sheet_combo
        combo.clear()
        combo.addItems(list(loaded.sheet.names))
        combo.setCurrentText(loaded.sheet.name)
        combo.setEnabled(len(loaded.sheet.names) > 1)
        self._show_sheet_info(loaded)

    def _show_sheet_info(self, loaded: import_ops.Loaded) -> None:
        # rows with something in them: the preview counts the same (blank rows are skipped)
        below = loaded.sheet.rows[loaded.header_index + 1 :]
        rows = sum(1 for r in below if any(v not in (None, "") for v in r))
        if loaded.mode in import_ops.FIXED_LAYOUTS:
            self.file_page.sheet_info.setText(
                self.tr("Sheet “%1”: %2 rows")
                .replace("%1", loaded.sheet.name)
                .replace("%2", str(len(loaded.sheet.rows)))
            )
            return
        self.file_page.sheet_info.setText(
            self.tr("Sheet “%1”: header in row %2, %3 rows below it")
            .replace("%1", loaded.sheet.name)
            .replace("%2", str(loaded.header_index + 1))
            .replace("%3", str(max(0, rows)))
        )

    def _load_for_mapping(self) -> None:
        path = Path(self.file_page.path_edit.text())
        sheet = self.file_page.sheet_combo.currentText() or None
        mode = self.file_page.mode()
        loaded = self.loaded
        same = loaded is not None and (loaded.path, loaded.sheet.name) == (path, sheet)
        if loaded is not None and same and loaded.mode == mode:
            self._to_mapping(loaded)
            return
        previous = loaded.sheet if loaded is not None and loaded.path == path else None
        session, work = self.ctx.session, self.reading
        self.runner.run(
            work,
            lambda: import_ops.load(session, path, sheet, mode, work.cancelled, previous),
            self._to_mapping,
        )

    def _to_mapping(self, loaded: import_ops.Loaded) -> None:
        self.loaded = loaded
        self._show_sheet_info(loaded)
        if loaded.mode in import_ops.FIXED_LAYOUTS:  # no columns to choose: to the dry run
            self._check()
            return
        self.mapping_page.set_loaded(loaded)
        self._show(MAPPING)

    # -- step 2 → 3: the dry run ------------------------------------------------------------

    def _check(self) -> None:
        loaded = self.loaded
        assert loaded is not None
        session, work = self.ctx.session, self.checking
        grades = loaded.mode in import_ops.FIXED_LAYOUTS
        mapping = {} if grades else self.mapping_page.mapping()
        ids = self.file_page.grade_ids()
        self.runner.run(
            work,
            lambda: import_ops.plan(session, loaded, mapping, work.report, work.cancelled, ids),
            self._to_preview,
        )

    def _to_preview(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.preview_page.set_plan(plan)
        self._show(PREVIEW)

    # -- step 3 → 4: the import -------------------------------------------------------------

    def confirm_text(self, plan: ImportPlan, valid_only: bool) -> str:
        counts = plan.counts()
        text = (
            self.tr("Rows with new grades: %1; rows with changed grades: %2.")
            if plan.what == "grades"
            else self.tr("Destinations to record: %1 new, %2 changed.")
            if plan.what == "destinations"
            else self.tr("%1 students will be added and %2 updated.")
        )
        text = text.replace("%1", str(counts["new"])).replace("%2", str(counts["update"]))
        wrong = counts["error"] + counts["duplicate"]
        if valid_only and wrong:
            text += ("" if language() == "zh" else " ") + self.tr(
                "The %1 rows with errors or duplicates are not imported."
            ).replace("%1", str(wrong))
        return text + "\n\n" + self.tr("Import now?")

    def _import(self) -> None:
        plan, loaded = self.plan, self.loaded
        assert plan is not None and loaded is not None
        valid_only = self.preview_page.valid_only()
        answer = QMessageBox.question(
            self,
            self.tr("Import from Excel"),
            self.confirm_text(plan, valid_only),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        session, work = self.ctx.session, self.importing
        remember = self.mapping_page.remember_check.isChecked()
        self.runner.run(
            work,
            lambda: import_ops.commit(
                session,
                loaded,
                plan,
                valid_only=valid_only,
                remember=remember,
                progress=work.report,
                cancelled=work.cancelled,
            ),
            lambda result: self._to_done(result, valid_only),
        )

    def _to_done(self, result: ImportResult, valid_only: bool) -> None:
        self.outcome = result
        assert self.plan is not None
        left_out = len(import_ops.not_imported_rows(self.plan)) if valid_only else 0
        self.done_page.set_result(result, left_out, grades=self.plan.what == "grades",
                                  destinations=self.plan.what == "destinations")  # fmt: skip
        self._show(DONE)
        self.imported.emit(result)

    def show_students(self) -> None:
        """The students list, narrowed to the records this import wrote."""
        if self.outcome is None or not self.outcome.ids:
            return
        caption = self.tr("Imported from %1").replace(
            "%1", self.loaded.path.name if self.loaded is not None else ""
        )
        self.ctx.go("students", student_ids=list(self.outcome.ids), caption=caption)
        self.accept()

    # -- the error file ---------------------------------------------------------------------

    def _save_left_out(self) -> None:
        assert self.plan is not None
        self.save_error_file(import_ops.not_imported_rows(self.plan))

    def save_error_file(self, only_rows: set[int] | None, target: Path | None = None) -> None:
        """Ask where (unless ``target``), then write the marked copy of the clerk's file."""
        loaded, plan = self.loaded, self.plan
        if loaded is None or plan is None or self.busy:
            return
        if target is None:
            suggested = loaded.path.with_name(
                self.tr("%1 (errors).xlsx").replace("%1", loaded.path.stem)
            )
            chosen, _f = QFileDialog.getSaveFileName(
                self,
                self.tr("Save the error file"),
                str(suggested),
                self.tr("Excel workbooks (*.xlsx)"),
            )
            if not chosen:
                return
            target = Path(chosen)
        if target.suffix.lower() != ".xlsx":
            target = target.with_name(target.name + ".xlsx")
        lang, work, out = language(), self.saving, target
        self.runner.run(
            work,
            lambda: import_ops.save_error_copy(loaded, plan, out, lang, only_rows),
            self._on_saved,
        )

    def _on_saved(self, path: Path) -> None:
        text = self.tr("The error file was saved: %1").replace("%1", str(path))
        if self.step == DONE:
            self.done_page.saved_label.setText(text)
        else:
            QMessageBox.information(self, self.tr("Import from Excel"), text)

    # -- closing -----------------------------------------------------------------------------

    def reject(self) -> None:
        """Cancel first stops the running step (nothing is kept); a second Cancel closes."""
        if self.runner.cancel():
            return
        super().reject()
