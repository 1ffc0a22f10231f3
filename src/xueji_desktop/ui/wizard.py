"""The first-run wizard: a new archive in three short steps, shown when the folder has none.

1. the school's name and code (学校代码, optional) — or 打开练习库 to look around first;
2. the first administrator's name and password (typed twice);
3. the recovery code, shown once, large, with the instruction to print it or write it down and
   keep it in the safe; the clerk types back its 2nd and 4th groups before 完成 is enabled.

``services.archive.create_archive`` checks every rule (the UI adds none) and runs on the worker,
key derivation included. Its ``deliver(code, meta)`` runs on the worker before the archive is
marked ready: it hands the code to the GUI and *waits on the worker thread* (a
``threading.Event``) until page 3 confirms or the clerk cancels; a cancel raises there, so
create_archive removes everything and no archive exists whose code nobody saw. Cancelling at any
step leaves nothing behind (a folder the wizard made is removed too).

The pages' widgets are built in wizard_pages.py; this module holds the steps' logic.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core import recovery_code
from xueji_desktop.core.errors import DeliveryFailed, MalformedRecoveryCode, XuejiError
from xueji_desktop.storage.kdf import PRODUCTION, KdfParams
from xueji_desktop.storage.layout import ArchiveMeta
from xueji_desktop.ui import operations
from xueji_desktop.ui.i18n import error_text
from xueji_desktop.ui.login import PRACTICE_RESULT, prepare_practice_job
from xueji_desktop.ui.operations import LoggedIn
from xueji_desktop.ui.widgets import BusyIndicator, ErrorLine, on_enter
from xueji_desktop.ui.wizard_pages import TYPE_BACK_GROUPS, AdminPage, CodePage, SchoolPage
from xueji_desktop.ui.worker import SessionWorker

SCHOOL_FIELDS = frozenset({"school_name", "school_code"})


class FirstRunWizard(QDialog):
    """Ends Accepted with ``logged_in`` (the new admin, signed in), PRACTICE_RESULT with
    ``practice_root``, or Rejected with nothing created."""

    _codeReady = Signal(str, object)  # code, ArchiveMeta: emitted on the worker thread, queued

    def __init__(
        self,
        archive_root: Path,
        worker: SessionWorker,
        *,
        kdf: KdfParams = PRODUCTION,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._root = archive_root
        self._worker = worker
        self._kdf = kdf
        self._busy = False
        self._code = ""
        self._answer = threading.Event()  # set by the GUI: confirmed or cancelled
        self._confirmed = False
        self._cancelled = False
        self.logged_in: LoggedIn | None = None
        self.practice_root: Path | None = None
        self._codeReady.connect(self._show_code, Qt.ConnectionType.QueuedConnection)

        self.setObjectName("firstRunWizard")
        self.setWindowTitle(self.tr("New archive — Xueji Desktop"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        self.step_label = QLabel(self)
        self.step_label.setObjectName("stepLabel")
        layout.addWidget(self.step_label)
        self.stack = QStackedWidget(self)
        layout.addWidget(self.stack, 1)
        self.school_page = SchoolPage(self._root, self)
        self.admin_page = AdminPage(self)
        self.code_page = CodePage(self)
        for page in (self.school_page, self.admin_page, self.code_page):
            self.stack.addWidget(page)
        self._adopt_fields()

        self.error_line = ErrorLine(self)
        layout.addWidget(self.error_line)
        self.busy_indicator = BusyIndicator("", self)
        layout.addWidget(self.busy_indicator)

        row = QHBoxLayout()
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.back_button = QPushButton(self.tr("Back"), self)
        self.next_button = QPushButton(self.tr("Next"), self)
        self.next_button.setObjectName("nextButton")
        self.next_button.setDefault(True)
        for button in (self.cancel_button, self.back_button):
            button.setAutoDefault(False)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        row.addWidget(self.back_button)
        row.addWidget(self.next_button)
        layout.addLayout(row)
        self.cancel_button.clicked.connect(self.reject)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        answer = self._answer  # not self: the lambda must outlive the dialog
        self.destroyed.connect(lambda *_: answer.set())  # never leave the worker waiting
        self._show_page(0)

    def _adopt_fields(self) -> None:
        """The pages' fields as the wizard's own attributes (tests and callers use them), wired
        to the navigation."""
        self.school_edit = self.school_page.school_edit
        self.code_edit = self.school_page.code_edit
        self.practice_button = self.school_page.practice_button
        self.admin_edit = self.admin_page.admin_edit
        self.password_edit = self.admin_page.password_edit
        self.repeat_edit = self.admin_page.repeat_edit
        self.code_label = self.code_page.code_label
        self.group_edits = self.code_page.group_edits
        self.mismatch_label = self.code_page.mismatch_label
        self.practice_button.clicked.connect(self.open_practice)
        on_enter(self.school_edit, self.next)
        on_enter(self.code_edit, self.next)
        on_enter(self.repeat_edit, self.next)
        for edit in self.group_edits:
            edit.textChanged.connect(self._check_type_back)

    # -- navigation -----------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy

    def page_index(self) -> int:
        return self.stack.currentIndex()

    def _show_page(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.step_label.setText(self.tr("Step %1 of 3").replace("%1", str(index + 1)))
        self.back_button.setVisible(index == 1)
        texts = (self.tr("Next"), self.tr("Create the archive"), self.tr("Finish"))
        self.next_button.setText(texts[index])
        focus = (self.school_edit, self.admin_edit, self.group_edits[0])[index]
        focus.setFocus()
        if index == 2:
            self._check_type_back()
        else:
            self.next_button.setEnabled(True)

    def back(self) -> None:
        if not self._busy and self.page_index() == 1:
            self.error_line.clear_message()
            self._show_page(0)

    def next(self) -> None:
        if self._busy:
            return
        index = self.page_index()
        if index == 0:
            if not self.school_edit.text().strip():
                self._refuse(self.tr("Please enter the school's name."), self.school_edit)
                return
            self.error_line.clear_message()
            self._show_page(1)
        elif index == 1:
            self._create()
        elif self.next_button.isEnabled():
            self._confirmed = True
            self._set_busy(True, self.tr("Finishing…"))
            self._answer.set()

    def reject(self) -> None:
        if self.page_index() == 2 and not self._confirmed:
            # The worker waits in deliver(): cancelling there removes the half-made archive;
            # the dialog closes when the worker says it is done (_on_failed).
            self._cancelled = True
            self._set_busy(True, self.tr("Cancelling — nothing is kept…"))
            self._answer.set()
            return
        if self._busy:
            return  # the password is being protected (a second or two); then cancel works
        super().reject()

    # -- creating the archive -------------------------------------------------------------------

    def _create(self) -> None:
        admin = self.admin_edit.text().strip()
        password = self.password_edit.text()
        if not admin:
            self._refuse(
                self.tr("Please enter a user name for the administrator."), self.admin_edit
            )
            return
        if password != self.repeat_edit.text():
            self.repeat_edit.clear()
            self._refuse(
                self.tr("The two passwords are not the same. Please type them again."),
                self.password_edit,
            )
            return
        self.error_line.clear_message()
        self._set_busy(True, self.tr("Creating the archive (this takes a few seconds)…"))
        root, kdf = self._root, self._kdf
        school, code = self.school_edit.text(), self.code_edit.text()
        deliver = self._deliver
        self._worker.run(
            lambda: operations.create_first_archive(
                root,
                school_name=school,
                school_code=code,
                admin=admin,
                password=password,
                deliver=deliver,
                kdf=kdf,
            ),
            on_done=self._on_created,
            on_error=self._on_failed,
            context=self,
        )

    def _deliver(self, code: str, meta: ArchiveMeta) -> None:
        """Worker thread: show the code on page 3 and wait for the clerk's answer."""
        self._codeReady.emit(code, meta)
        self._answer.wait()
        if not self._confirmed or self._cancelled:
            raise DeliveryFailed(reason="cancelled")

    def _show_code(self, code: str, meta: ArchiveMeta) -> None:
        self._code = code
        self.code_label.setText(code)
        # The recovery sheet (打印恢复单) needs the school and the archive id beside the code.
        self.code_page.sheet.show_details(
            self.school_edit.text().strip(), meta.archive_id, meta.created_at[:10]
        )
        # The whole code on one line, however large the font: the dialog grows to fit it.
        width = self.code_label.fontMetrics().horizontalAdvance(code) + 48
        self.code_label.setMinimumWidth(width)
        self.adjustSize()
        self._set_busy(False)
        self._show_page(2)

    def _check_type_back(self) -> None:
        ok = self._type_back_matches()
        self.next_button.setEnabled(ok and not self._busy)
        typed = all(len(e.text().strip()) >= recovery_code.GROUP for e in self.group_edits)
        self.mismatch_label.setText(
            self.tr("This does not match the code above. Compare it with your paper.")
        )
        self.mismatch_label.setVisible(typed and not ok)

    def _type_back_matches(self) -> bool:
        """The typed groups equal the code's, read as tolerantly as a typed recovery code."""
        if not self._code:
            return False
        groups = self._code.split("-")
        for number, edit in zip(TYPE_BACK_GROUPS, self.group_edits, strict=True):
            groups[number - 1] = edit.text()
        try:
            return recovery_code.normalize("".join(groups)) == recovery_code.normalize(self._code)
        except MalformedRecoveryCode:
            return False

    def _on_created(self, result: LoggedIn) -> None:
        self._set_busy(False)
        self.logged_in = result
        self.password_edit.clear()
        self.repeat_edit.clear()
        self.accept()

    def _on_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self._code = ""
        self.code_label.clear()
        if self._cancelled:
            super().reject()
            return
        if isinstance(error, XuejiError):
            text = error_text(error)
        else:
            text = self.tr(
                "The archive could not be created because of an unexpected problem. "
                "Nothing was kept. Please try again."
            )
        field = error.fields.get("field") if isinstance(error, XuejiError) else None
        self._confirmed = False
        self._answer.clear()
        if field in SCHOOL_FIELDS:
            self._show_page(0)
            self._refuse(text, self.code_edit if field == "school_code" else self.school_edit)
        else:
            self._show_page(1)
            focus = self.admin_edit if field == "username" else self.password_edit
            self.password_edit.clear()
            self.repeat_edit.clear()
            self._refuse(text, focus)

    # -- practice -------------------------------------------------------------------------------

    def open_practice(self) -> None:
        if self._busy:
            return
        self.error_line.clear_message()
        self._set_busy(
            True, self.tr("Preparing the practice archive (the first time takes a minute)…")
        )
        kdf = self._kdf
        self._worker.run(
            lambda: prepare_practice_job(kdf),
            on_done=self._on_practice_ready,
            on_error=self._on_failed,
            context=self,
        )

    def _on_practice_ready(self, root: Path) -> None:
        self._set_busy(False)
        self.practice_root = root
        self.done(PRACTICE_RESULT)

    # -- helpers --------------------------------------------------------------------------------

    def _refuse(self, text: str, focus: QLineEdit) -> None:
        self.error_line.show_message(text)
        focus.setFocus()

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        if text:
            self.busy_indicator.label.setText(text)
        self.busy_indicator.setVisible(busy)
        self.stack.setEnabled(not busy)
        for button in (self.back_button, self.next_button):
            button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy or self.page_index() == 2)
        if not busy and self.page_index() == 2:
            self._check_type_back()
