"""学籍档案转入: take in a student record package another Xueji archive made.

Three steps. 1: the file and the passphrase the sending school gave separately. 2: the preview,
read on the worker with progress and Cancel: the service decrypts the package and checks every
file's hash and the signature before it shows anything (a wrong passphrase, an altered package
or one already taken in is refused there, with a plain sentence), and nothing is written. The
clerk compares the fingerprint with the one the sender told them and ticks that they did; for a
转出 package the class the students join is chosen. 3: the import, one transaction on the
worker: every student or none.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.errors import OperationCancelled, WrongPassphrase
from xueji_desktop.ui import transfer_ops
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.pdf_printer import WorkProgress
from xueji_desktop.ui.transfer_export_dialog import SUFFIX, note
from xueji_desktop.ui.transfer_preview import PreviewStep
from xueji_desktop.ui.widgets import ErrorLine, on_enter, window_title
from xueji_desktop.ui.work_runner import StepRunner

OPEN, PREVIEW, DONE = range(3)
_CTX = "PreviewStudentsModel"


class TransferImportDialog(QDialog):
    """``imported(ImportResult)`` after the import; ``workStarted(WorkProgress)`` per step."""

    imported = Signal(object)
    workStarted = Signal(object)
    stepShown = Signal(int)

    def __init__(
        self,
        ctx: PageContext,
        *,
        today: datetime.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today or datetime.date.today()
        self.start: transfer_ops.ImportStart | None = None
        self.outcome: object = None
        self._read: tuple[Path, str] | None = None  # what the preview shows
        self.step = OPEN
        self.setObjectName("transferImportDialog")
        title = self.tr("Take in a student record package")
        self.setWindowTitle(window_title(title, practice=ctx.practice))
        self.reading = WorkProgress(
            self,
            title,
            self.tr("Opening and checking the package…"),
            lambda d, t: (
                self.tr("Checking the package: %1 of %2…")
                .replace("%1", str(d))
                .replace("%2", str(t))
            ),
        )
        self.importing = WorkProgress(
            self,
            title,
            self.tr("Adding the students…"),
            lambda d, t: self.tr("Step %1 of %2…").replace("%1", str(d)).replace("%2", str(t)),
        )
        self.runner = StepRunner(
            self,
            ctx.worker,
            on_error=self._failed,
            on_change=self._update,
            on_start=self.workStarted.emit,
        )
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._open_step())
        self.preview = PreviewStep(self)
        self.preview.changed.connect(self._update)
        # The widgets the flow reads, under the dialog's own names.
        self.school_label = self.preview.school_label
        self.fingerprint_label = self.preview.fingerprint_label
        self.counts_label = self.preview.counts_label
        self.compared_check = self.preview.compared_check
        self.class_combo = self.preview.class_combo
        self.model = self.preview.model
        self.stack.addWidget(self.preview)
        self.stack.addWidget(self._done_step())
        self.error_line = ErrorLine(self)
        self.back_button = QPushButton(self.tr("< Back"), self)
        self.back_button.setAutoDefault(False)
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton(self)
        self.next_button.setObjectName("nextButton")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.next)
        self.close_button = QPushButton(self)
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.error_line)
        layout.addLayout(buttons)
        line = self.fontMetrics().lineSpacing()
        self.resize(line * 52, line * 38)
        self._show(OPEN)

    # -- the steps' widgets -------------------------------------------------------------------

    def _open_step(self) -> QWidget:
        page = QWidget(self)
        self.path_edit = QLineEdit(page)
        self.path_edit.setObjectName("packagePath")
        self.path_edit.setReadOnly(True)
        self.browse_button = QPushButton(self.tr("Choose…"), page)
        self.browse_button.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.browse_button)
        self.passphrase_edit = QLineEdit(page)
        self.passphrase_edit.setObjectName("packagePassphrase")
        self.passphrase_edit.textChanged.connect(lambda _t: self._update())
        on_enter(self.passphrase_edit, self.next)
        form = QFormLayout(page)
        form.addRow(self.tr("Package file:"), file_row)
        form.addRow(self.tr("Package password:"), self.passphrase_edit)
        form.addRow(
            "",
            note(
                self.tr(
                    "The sending school gives the package password separately from the file. "
                    "Nothing is added to the archive before you have seen what the package holds "
                    "and confirmed."
                ),
                page,
            ),
        )
        return page

    def _done_step(self) -> QWidget:
        page = QWidget(self)
        self.done_label = QLabel(page)
        self.done_label.setObjectName("doneLabel")
        self.done_label.setWordWrap(True)
        self.show_button = QPushButton(self.tr("Show these students"), page)
        self.show_button.clicked.connect(self.show_students)
        layout = QVBoxLayout(page)
        layout.addWidget(self.done_label)
        layout.addWidget(self.show_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        return page

    # -- flow ---------------------------------------------------------------------------------

    def _show(self, step: int) -> None:
        self.step = step
        self.stack.setCurrentIndex(step)
        self.heading.setText(
            (
                self.tr("Step 1 of 3: the package and its password"),
                self.tr("Step 2 of 3: check what the package holds; nothing is added yet"),
                self.tr("Step 3 of 3: done"),
            )[step]
        )
        self.next_button.setText((self.tr("Open the package >"), self.tr("Take in…"), "")[step])
        self.close_button.setText(self.tr("Close") if step == DONE else self.tr("Cancel"))
        self._update()
        self.stepShown.emit(step)

    def needs_class(self) -> bool:
        return self.preview.needs_class()

    def importable(self) -> bool:
        if self.start is None or not self.start.preview.students:
            return False
        return not any(self.model.blocked(s) for s in self.start.preview.students)

    def _update(self) -> None:
        idle = not self.runner.busy
        self.back_button.setVisible(self.step == PREVIEW)
        self.back_button.setEnabled(idle)
        self.next_button.setVisible(self.step != DONE)
        self.browse_button.setEnabled(idle)
        if self.step == OPEN:
            ready = bool(self.path_edit.text() and self.passphrase_edit.text().strip())
        else:
            placed = not self.needs_class() or isinstance(self.class_combo.currentData(), int)
            ready = self.importable() and self.compared_check.isChecked() and placed
        self.next_button.setEnabled(idle and ready)

    def back(self) -> None:
        if not self.runner.busy and self.step == PREVIEW:
            self.error_line.clear_message()
            self._show(OPEN)

    def next(self) -> None:
        if self.runner.busy or not self.next_button.isEnabled():
            return
        self.error_line.clear_message()
        if self.step == OPEN:
            # Spaces around a pasted passphrase do not count (the service strips them too).
            self.read(Path(self.path_edit.text()), self.passphrase_edit.text().strip())
        elif self.step == PREVIEW:
            self.confirm_and_import()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, OperationCancelled):
            self.error_line.show_message(self.tr("Stopped. Nothing was added to the archive."))
            return
        self.error_line.show_message(error_sentence(exc))
        if isinstance(exc, WrongPassphrase):
            if self.step != OPEN:
                self._show(OPEN)
            self.passphrase_edit.selectAll()
            self.passphrase_edit.setFocus()

    # -- step 1 → 2 ---------------------------------------------------------------------------

    def choose_file(self) -> None:
        path, _f = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose the package file"),
            "",
            self.tr("Student record packages (*%1)").replace("%1", SUFFIX),
        )
        if path:
            self.path_edit.setText(path)
            self._update()

    def read(self, path: Path, passphrase: str) -> None:
        self.path_edit.setText(str(path))
        session, work = self.ctx.session, self.reading
        self.runner.run(
            work,
            lambda: transfer_ops.read_package(
                session, path, passphrase, work.report, work.cancelled
            ),
            lambda start: self._to_preview(start, path, passphrase),
        )

    def _to_preview(self, start: transfer_ops.ImportStart, path: Path, passphrase: str) -> None:
        self.start, self._read = start, (path, passphrase)
        p = start.preview
        self.preview.show_start(start)
        self._show(PREVIEW)
        # Only what no class resolves: the table says what a chosen class would resolve.
        blocked = sum(1 for s in p.students if self.model.hard_blocked(s))
        if blocked:
            self.error_line.show_message(
                self.tr(
                    "%1 of the students cannot be taken in (see the last column): the package "
                    "is taken in whole or not at all."
                ).replace("%1", str(blocked))
            )

    # -- step 2 → 3 ---------------------------------------------------------------------------

    def confirm_and_import(self) -> None:
        assert self.start is not None
        text = self.tr("%1 students will be added to this archive. Take the package in now?")
        answer = QMessageBox.question(
            self,
            self.windowTitle(),
            text.replace("%1", str(len(self.start.preview.students))),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.take_in()

    def take_in(self) -> None:
        """Import what the preview showed (the service verifies the file again)."""
        assert self._read is not None
        path, passphrase = self._read
        class_id = self.class_combo.currentData() if self.preview.offers_class() else None
        session, work, today = self.ctx.session, self.importing, self.today
        self.runner.run(
            work,
            lambda: transfer_ops.import_package(
                session,
                path,
                passphrase,
                class_group_id=class_id,
                today=today,
                progress=work.report,
                cancelled=work.cancelled,
            ),
            self._to_done,
        )

    def _to_done(self, result: object) -> None:
        self.outcome = result
        count = len(getattr(result, "student_ids", ()))
        self.done_label.setText(
            self.tr(
                "%1 students were added to the archive. The sending school's grades and "
                "history are kept with each record, under “Transferred records”."
            ).replace("%1", str(count))
        )
        self._show(DONE)
        self.imported.emit(result)

    def show_students(self) -> None:
        ids = list(getattr(self.outcome, "student_ids", ()))
        if ids and self.start is not None:
            caption = self.tr("Taken in from %1").replace("%1", self.start.preview.source_school)
            self.ctx.go("students", student_ids=ids, caption=caption)
            self.accept()

    def reject(self) -> None:
        """Cancel first stops the running step (nothing is kept); a second Cancel closes."""
        if self.runner.cancel():
            return
        super().reject()
