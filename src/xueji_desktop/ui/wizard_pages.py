"""The three pages of the first-run wizard (wizard.py): their labels and fields, no logic.

The wizard wires the fields to its navigation. The texts keep the translation context
``FirstRunWizard`` they had when the pages were built inside that class, hence the literal
``QCoreApplication.translate("FirstRunWizard", ...)`` instead of ``self.tr``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core import recovery_code
from xueji_desktop.storage.files import atomic_write
from xueji_desktop.ui.login import PASSWORD_MAX, USER_MAX
from xueji_desktop.ui.pdf_printer import PdfPrintJob, run_in_thread
from xueji_desktop.ui.widgets import on_enter

TYPE_BACK_GROUPS = (2, 4)  # which groups of the code the clerk types back (1-based)


def _heading(text: str, parent: QWidget, scale: float = 1.4) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def _text(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _page_box(page: QWidget) -> QVBoxLayout:
    box = QVBoxLayout(page)
    box.setContentsMargins(0, 0, 0, 0)
    return box


class SchoolPage(QWidget):
    """Step 1: the school's name and code, or the practice archive instead."""

    def __init__(self, root: Path, parent: QWidget) -> None:
        super().__init__(parent)
        box = _page_box(self)
        heading = QCoreApplication.translate("FirstRunWizard", "Create the school's archive")
        box.addWidget(_heading(heading, self))
        where = QCoreApplication.translate(
            "FirstRunWizard",
            "There is no archive in this folder yet:\n%1\nThree short steps create "
            "one. Only an administrator needs to do this, once.",
        )
        box.addWidget(_text(where.replace("%1", str(root)), self))
        form = QFormLayout()
        self.school_edit = QLineEdit(self)
        self.school_edit.setObjectName("schoolEdit")
        self.school_edit.setMaxLength(200)
        self.school_edit.setPlaceholderText(
            QCoreApplication.translate("FirstRunWizard", "as on the school's seal")
        )
        self.code_edit = QLineEdit(self)
        self.code_edit.setObjectName("schoolCodeEdit")
        self.code_edit.setMaxLength(32)
        self.code_edit.setPlaceholderText(
            QCoreApplication.translate("FirstRunWizard", "optional; can be added later")
        )
        form.addRow(QCoreApplication.translate("FirstRunWizard", "School name:"), self.school_edit)
        form.addRow(QCoreApplication.translate("FirstRunWizard", "School code:"), self.code_edit)
        box.addLayout(form)
        box.addStretch(1)
        practise = _text(
            QCoreApplication.translate(
                "FirstRunWizard",
                "Just want to look around first? The practice archive has "
                "made-up students and creates nothing here.",
            ),
            self,
        )
        box.addWidget(practise)
        self.practice_button = QPushButton(
            QCoreApplication.translate("FirstRunWizard", "Open the practice archive instead"),
            self,
        )
        self.practice_button.setObjectName("practiceButton")
        self.practice_button.setAutoDefault(False)
        box.addWidget(self.practice_button, 0, Qt.AlignmentFlag.AlignLeft)


class AdminPage(QWidget):
    """Step 2: the first administrator's name and password, typed twice."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        box = _page_box(self)
        box.addWidget(
            _heading(QCoreApplication.translate("FirstRunWizard", "The first administrator"), self)
        )
        box.addWidget(
            _text(
                QCoreApplication.translate(
                    "FirstRunWizard",
                    "This account manages users and settings; it may also enter records. The "
                    "password needs at least 12 characters: a short sentence you can remember is "
                    "best.",
                ),
                self,
            )
        )
        form = QFormLayout()
        self.admin_edit = QLineEdit(self)
        self.admin_edit.setObjectName("adminEdit")
        self.admin_edit.setMaxLength(USER_MAX)
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaxLength(PASSWORD_MAX)
        self.repeat_edit = QLineEdit(self)
        self.repeat_edit.setObjectName("repeatEdit")
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit.setMaxLength(PASSWORD_MAX)
        form.addRow(QCoreApplication.translate("FirstRunWizard", "User name:"), self.admin_edit)
        form.addRow(QCoreApplication.translate("FirstRunWizard", "Password:"), self.password_edit)
        form.addRow(
            QCoreApplication.translate("FirstRunWizard", "Password again:"), self.repeat_edit
        )
        box.addLayout(form)
        box.addStretch(1)
        on_enter(self.admin_edit, self.password_edit.setFocus)
        on_enter(self.password_edit, self.repeat_edit.setFocus)


class RecoverySheetButtons(QWidget):
    """打印恢复单 and 另存为 PDF under the code. The sheet is built in memory on a thread of its own
    (the wizard's worker is waiting for the clerk) and goes to the printer the admin chooses; a
    file is written only when the admin picks one. ``show_details`` must come first (the wizard
    passes the school and archive id with the code)."""

    sheetPrinted = Signal()
    sheetSaved = Signal(str)

    def __init__(self, code_label: QLabel, parent: QWidget) -> None:
        super().__init__(parent)
        self._code_label = code_label
        self._details: tuple[str, str, str] | None = None
        self._job: PdfPrintJob | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.print_button = QPushButton(
            QCoreApplication.translate("FirstRunWizard", "Print the recovery sheet…"), self
        )
        self.print_button.setObjectName("printSheetButton")
        self.print_button.clicked.connect(self.choose_printer)
        self.save_button = QPushButton(
            QCoreApplication.translate("FirstRunWizard", "Save as PDF…"), self
        )
        self.save_button.setObjectName("saveSheetButton")
        self.save_button.clicked.connect(self.choose_file)
        for button in (self.print_button, self.save_button):
            button.setAutoDefault(False)
            button.setEnabled(False)
        self.status = QLabel(self)
        self.status.setObjectName("sheetStatus")
        self.status.setWordWrap(True)
        row.addWidget(self.print_button)
        row.addWidget(self.save_button)
        row.addWidget(self.status, 1)

    def show_details(self, school_name: str, archive_id: str, created_on: str) -> None:
        self._details = (school_name, archive_id, created_on)
        self._set_enabled(True)

    def _set_enabled(self, enabled: bool) -> None:
        for button in (self.print_button, self.save_button):
            button.setEnabled(enabled and self._details is not None)

    def _build(self) -> Callable[[], bytes]:
        assert self._details is not None
        school, archive_id, created_on = self._details
        code = self._code_label.text()

        def build() -> bytes:
            from xueji_desktop.printing.recovery import recovery_sheet_pdf

            return recovery_sheet_pdf(school, archive_id, code, created_on)

        return build

    def choose_printer(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, False)
        dialog.accepted.connect(lambda: self.print_to(printer))
        dialog.finished.connect(dialog.deleteLater)
        # QPrintDialog.open() wants (receiver, slot) in PySide6 6.11 and raises TypeError when
        # called bare; QDialog.open is the window-modal open of the base class.
        QDialog.open(dialog)

    def print_to(self, printer: QPrinter) -> None:
        self._set_enabled(False)
        self.status.setText(QCoreApplication.translate("FirstRunWizard", "Printing…"))
        run_in_thread(self._build(), self, lambda pdf: self._send(pdf, printer), self._failed)

    def _send(self, pdf: bytes, printer: QPrinter) -> None:
        job = PdfPrintJob(pdf, printer, self)
        self._job = job
        job.succeeded.connect(self._printed)
        job.failed.connect(lambda _reason: self._failed(None))
        job.finished.connect(self._job_done)
        job.start()

    def _printed(self) -> None:
        self.status.setText(
            QCoreApplication.translate(
                "FirstRunWizard", "Sent to the printer. Check that the page came out readable."
            )
        )
        self.sheetPrinted.emit()

    def _job_done(self) -> None:
        self._set_enabled(True)
        if self._job is not None:
            self._job.deleteLater()
            self._job = None

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            QCoreApplication.translate("FirstRunWizard", "Save the recovery sheet"),
            "",
            QCoreApplication.translate("FirstRunWizard", "PDF files (*.pdf)"),
        )
        if path:
            self.save_to(Path(path if path.lower().endswith(".pdf") else path + ".pdf"))

    def save_to(self, path: Path) -> None:
        """Write the sheet to ``path`` (chosen by the admin): write-then-rename, on a thread."""
        self._set_enabled(False)
        build = self._build()

        def write() -> str:
            atomic_write(path, build())
            return str(path)

        run_in_thread(write, self, self._saved, self._failed)

    def _saved(self, path: str) -> None:
        self._set_enabled(True)
        self.status.setText(
            QCoreApplication.translate(
                "FirstRunWizard", "Saved to %1. Print it, then delete the file."
            ).replace("%1", path)
        )
        self.sheetSaved.emit(path)

    def _failed(self, _error: BaseException | None) -> None:
        self._set_enabled(True)
        self.status.setText(
            QCoreApplication.translate(
                "FirstRunWizard",
                "The recovery sheet could not be printed or saved. Write the code down by hand.",
            )
        )


class CodePage(QWidget):
    """Step 3: the recovery code, large, and two of its groups typed back from the paper."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        box = _page_box(self)
        box.addWidget(
            _heading(
                QCoreApplication.translate(
                    "FirstRunWizard", "The recovery code — shown only this once"
                ),
                self,
            )
        )
        box.addWidget(
            _text(
                QCoreApplication.translate(
                    "FirstRunWizard",
                    "Print this code or write it down clearly on paper now, and keep the paper in "
                    "the safe with the school's other important documents. When a password is "
                    "forgotten or the computer is replaced, only this code opens the archive. The "
                    "program does not keep it anywhere.",
                ),
                self,
            )
        )
        self.code_label = QLabel(self)
        self.code_label.setObjectName("recoveryCode")
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(max(mono.pointSizeF(), 10.0) * 1.6)
        mono.setBold(True)
        self.code_label.setFont(mono)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setStyleSheet(
            "QLabel#recoveryCode { background: #ffffff; color: #111111; border: 2px solid #444;"
            " border-radius: 6px; padding: 14px; }"
        )
        box.addWidget(self.code_label)
        self.sheet = RecoverySheetButtons(self.code_label, self)
        box.addWidget(self.sheet)
        first, second = TYPE_BACK_GROUPS
        ask = QCoreApplication.translate(
            "FirstRunWizard",
            "To show it is written down, type group %1 and group %2 (counted from the "
            "left) from your paper:",
        )
        box.addWidget(_text(ask.replace("%1", str(first)).replace("%2", str(second)), self))
        form = QFormLayout()
        self.group_edits: list[QLineEdit] = []
        for number in TYPE_BACK_GROUPS:
            edit = QLineEdit(self)
            edit.setObjectName(f"groupEdit{number}")
            edit.setMaxLength(recovery_code.GROUP + 2)
            edit.setMaximumWidth(140)
            self.group_edits.append(edit)
            form.addRow(
                QCoreApplication.translate("FirstRunWizard", "Group %1:").replace(
                    "%1", str(number)
                ),
                edit,
            )
        box.addLayout(form)
        self.mismatch_label = QLabel(self)
        self.mismatch_label.setObjectName("mismatchLabel")
        self.mismatch_label.setStyleSheet("color: #8a1c12;")
        self.mismatch_label.hide()
        box.addWidget(self.mismatch_label)
        box.addStretch(1)
