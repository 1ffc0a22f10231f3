"""恢复…: replace the archive with a checked backup (administrators only).

Five steps: the admin's password again → the drive and one of its checked backups (newest
first, date and student count) → the backup checked again, every byte, before anything is
touched (progress, 停止) → a confirmation in plain words (the current archive is kept as a
恢复前副本; what was entered after that backup will not be in the restored archive) → the
restore, in two steps because Windows does not rename a folder while a file inside it is open:
``prepare_restore`` on the worker (checks and builds the restored archive beside, then closes the
session and its locks); back on the GUI thread the application lets go of its own
``desktop.lock`` (``backup_events().releaseArchive``: the lock was taken on the GUI thread and is
released there); then ``finish_restore`` (the swap) on the worker again, which needs no session.
Then the main window closes and the login window comes back (``backup_events().restored``), and
the sign-in takes the lock again on the restored folder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.errors import OperationCancelled
from xueji_desktop.core.roles import Permission
from xueji_desktop.services.backup import BackupInfo
from xueji_desktop.ui import backup_ops as ops
from xueji_desktop.ui.appearance import scaled_font
from xueji_desktop.ui.backup_widgets import (
    ProgressRelay,
    backup_events,
    percent,
    reason_text,
    size_text,
)
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.table_model import QT_TRANSLATE_NOOP, RowTableModel
from xueji_desktop.ui.widgets import ErrorLine, on_enter, stamp_text, window_title

PASSWORD, CHOOSE, CHECK, CONFIRM, RESTORE = range(5)
_CTX = "RestoreBackupModel"


class RestoreBackupModel(RowTableModel):
    CONTEXT = _CTX
    HEADERS = (
        QT_TRANSLATE_NOOP("RestoreBackupModel", "Made on"),
        QT_TRANSLATE_NOOP("RestoreBackupModel", "Students"),
        QT_TRANSLATE_NOOP("RestoreBackupModel", "Size"),
        QT_TRANSLATE_NOOP("RestoreBackupModel", "Made by"),
    )

    def cell(self, item: BackupInfo, column: int, role: int) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        size = size_text(item.size)
        students = "—" if item.students is None else str(item.students)
        return (stamp_text(item.time), students, size, item.made_by or "—")[column]


class RestoreWizard(QDialog):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.busy = False
        self.password = ""
        self.drive: Path | None = None
        self.chosen: BackupInfo | None = None
        self.outcome: object = None
        self.closed = False  # the restore's first step closed the session: only the login is left
        self._checked = False  # the chosen backup passed its check
        self.relay = ProgressRelay(self)
        self.relay.progressed.connect(self._progress)
        self.setObjectName("restoreWizard")
        self.setWindowTitle(window_title(self.tr("Restore from a backup"), practice=ctx.practice))
        self.setMinimumSize(620, 440)
        layout = QVBoxLayout(self)
        self.step_title = QLabel(self)
        self.step_title.setObjectName("stepTitle")
        self.step_title.setFont(scaled_font(self, 1.3, bold=True))
        layout.addWidget(self.step_title)
        self.stack = QStackedWidget(self)
        layout.addWidget(self.stack, 1)
        self.error_line = ErrorLine(self)
        layout.addWidget(self.error_line)

        # 1. password
        page, box = self._page(self.tr(
            "Restoring replaces the archive with a backup. Only an administrator may do it: "
            "type your password again."))  # fmt: skip
        form = QFormLayout()
        self.password_edit = QLineEdit(page)
        self.password_edit.setObjectName("restorePassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Password:"), self.password_edit)
        box.addLayout(form)
        box.addStretch(1)
        on_enter(self.password_edit, self.next_step)

        # 2. drive and backup
        page, box = self._page(self.tr(
            "Choose the backup drive and the backup to restore. Only backups that passed "
            "their check are listed, newest first."))  # fmt: skip
        self.drive_combo = QComboBox(page)
        self.drive_combo.setObjectName("restoreDrive")
        self.drive_combo.currentIndexChanged.connect(self._drive_chosen)
        self.model = RestoreBackupModel(self)
        self.table = QTableView(page)
        self.table.setObjectName("restoreBackups")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.empty_label = QLabel(page)
        self.empty_label.setWordWrap(True)
        box.addWidget(self.drive_combo)
        box.addWidget(self.table, 1)
        box.addWidget(self.empty_label)

        # 3. check, 5. restore: a progress bar each
        page, box = self._page(self.tr(
            "The backup is read again from the drive and checked, every byte, before anything "
            "is changed."))  # fmt: skip
        self.check_bar = QProgressBar(page)
        self.check_label = QLabel(page)
        self.check_label.setWordWrap(True)
        box.addWidget(self.check_bar)
        box.addWidget(self.check_label)
        box.addStretch(1)

        # 4. confirm
        page, box = self._page("")
        self.confirm_label = page.findChild(QLabel, "stepText")
        self.confirm_box = QCheckBox(self.tr("I understand. Restore this backup."), page)
        self.confirm_box.setObjectName("confirmRestore")
        self.confirm_box.toggled.connect(self._update_buttons)
        box.addSpacing(12)
        box.addWidget(self.confirm_box)
        box.addStretch(1)

        page, box = self._page(self.tr("Restoring. Do not switch the computer off."))
        self.restore_bar = QProgressBar(page)
        self.restore_label = QLabel(page)
        self.restore_label.setWordWrap(True)
        box.addWidget(self.restore_bar)
        box.addWidget(self.restore_label)
        box.addStretch(1)

        buttons = QHBoxLayout()
        self.back_button = QPushButton(self.tr("Back"), self)
        self.back_button.setObjectName("backButton")
        self.back_button.clicked.connect(self.back_step)
        self.next_button = QPushButton(self.tr("Next"), self)
        self.next_button.setObjectName("nextButton")
        self.next_button.clicked.connect(self.next_step)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.clicked.connect(self.cancel)
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.cancel_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self._go(PASSWORD)

    def _page(self, text: str) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget(self.stack)
        layout = QVBoxLayout(page)
        label = QLabel(text, page)
        label.setObjectName("stepText")
        label.setWordWrap(True)
        layout.addWidget(label)
        self.stack.addWidget(page)
        return page, layout

    def step(self) -> int:
        return self.stack.currentIndex()

    # -- moving between steps ---------------------------------------------------------------

    def next_step(self) -> None:
        if self.busy or not self.next_button.isEnabled():
            return
        self.error_line.clear_message()
        step = self.step()
        if step == PASSWORD:
            self._check_password()
        elif step == CHOOSE:
            self._check_backup()
        elif step == CHECK:
            self._go(CONFIRM)
        elif step == CONFIRM:
            self._restore()
        elif step == RESTORE:
            self._finish()

    def back_step(self) -> None:
        if not self.busy and self.step() in (CHOOSE, CHECK, CONFIRM):
            self.error_line.clear_message()
            self._go(CHOOSE if self.step() != CHOOSE else PASSWORD)

    def cancel(self) -> None:
        if self.busy:
            self.relay.cancel()  # the step stops; nothing of it is kept
            return
        if self.step() == RESTORE and (self.outcome is not None or self.closed):
            self._finish()
            return
        self.reject()

    def reject(self) -> None:
        if self.busy:
            self.relay.cancel()
            return
        if self.outcome is not None or self.closed:  # after a restore: back to the login
            self._finish()
            return
        super().reject()

    def _go(self, step: int) -> None:
        self.stack.setCurrentIndex(step)
        names = (self.tr("Your password"), self.tr("Choose the backup"),
                 self.tr("Check the backup"), self.tr("Confirm"), self.tr("Restore"))  # fmt: skip
        self.step_title.setText(
            self.tr("Step %1 of 5: %2").replace("%1", str(step + 1)).replace("%2", names[step])
        )
        self._update_buttons()

    def _update_buttons(self) -> None:
        step = self.step()
        self.back_button.setVisible(step in (CHOOSE, CHECK, CONFIRM))
        self.back_button.setEnabled(not self.busy)
        self.next_button.setText(
            self.tr("Restore") if step == CONFIRM else self.tr("Finish") if step == RESTORE
            else self.tr("Next")
        )  # fmt: skip
        ready = {
            PASSWORD: True,
            CHOOSE: bool(self.table.selectionModel().selectedRows()),
            CHECK: self.chosen is not None and not self.busy and self._checked,
            CONFIRM: self.confirm_box.isChecked(),
            RESTORE: self.outcome is not None or self.closed,
        }[step]
        self.next_button.setEnabled(ready and not self.busy)
        self.cancel_button.setText(self.tr("Stop") if self.busy else self.tr("Cancel"))
        # The swap cannot be stopped half-way, and after it there is nothing to cancel.
        self.cancel_button.setEnabled(not (step == RESTORE and (self.outcome is not None
                                                                 or self.closed)))  # fmt: skip

    def _run(self, job: object, done: object) -> None:
        self.busy = True
        self.relay.reset()
        self._update_buttons()
        self.ctx.worker.run(job, on_done=lambda r: self._ended(done, r),  # type: ignore[arg-type]
                            on_error=self._failed, context=self)  # fmt: skip

    def _ended(self, done: object, result: object) -> None:
        self.busy = False
        done(result)  # type: ignore[operator]
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        if isinstance(exc, OperationCancelled):
            text = self.tr("Stopped. Nothing was changed.")
        else:
            text = error_sentence(exc)
        self.error_line.show_message(text)
        if self.closed:
            # The swap failed and the archive was put back as it was, but the session is closed.
            self.restore_bar.setRange(0, 100)
            self.restore_bar.setValue(0)
            self.restore_label.setText(self.tr(
                "The archive was not replaced: it is as it was before. "
                "Click Finish and sign in again."))  # fmt: skip
            self._update_buttons()
            return
        if self.step() == RESTORE and self.outcome is None:
            self._go(CONFIRM)  # nothing was swapped: the live archive is as it was
        self._update_buttons()

    # -- the steps' work ----------------------------------------------------------------------

    def _check_password(self) -> None:
        if not self.ctx.can(Permission.RESTORE):
            return
        password = self.password_edit.text()
        if not password:
            self.error_line.show_message(self.tr("Please enter your password."))
            return
        session, root = self.ctx.session, self.ctx.session.archive.layout.root

        def job() -> list[tuple[str, Path]]:
            ops.check_password(session, password)
            return ops.restore_drives(root)

        self.password = password
        self._run(job, self._drives_found)

    def _drives_found(self, drives: list[tuple[str, Path]]) -> None:
        self.password_edit.clear()
        self._go(CHOOSE)
        self.drive_combo.blockSignals(True)
        self.drive_combo.clear()
        for label, path in drives:
            self.drive_combo.addItem(f"{label} ({path})", str(path))
        self.drive_combo.blockSignals(False)
        if drives:
            self._drive_chosen(0)
        else:
            self.model.set_rows([])
            self.empty_label.setText(
                self.tr(
                    "No enrolled backup drive is plugged in. Plug it in, go back and try again."
                )
            )

    @Slot(int)
    def _drive_chosen(self, index: int) -> None:
        if index < 0:
            return
        self.drive = Path(str(self.drive_combo.itemData(index)))
        session, drive = self.ctx.session, self.drive
        self._run(lambda: ops.restorable(session, drive), self._backups_listed)

    def _backups_listed(self, backups: list[BackupInfo]) -> None:
        self.model.set_rows(backups)
        if backups:
            self.table.selectRow(0)
            self.empty_label.setText("")
        else:
            self.empty_label.setText(self.tr("This drive holds no checked backup."))

    def _check_backup(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.drive is None:
            return
        self.chosen = self.model.row_at(rows[0].row())
        self._checked = False
        self._go(CHECK)
        self.check_bar.setRange(0, 0)
        self.check_label.setText(self.tr("Checking the backup of %1…").replace(
            "%1", stamp_text(self.chosen.time)))  # fmt: skip
        session, drive, backup_id, relay = (
            self.ctx.session,
            self.drive,
            self.chosen.backup_id,
            self.relay,
        )
        self._run(
            lambda: ops.verify_one(session, drive, backup_id, relay.report, relay.cancelled),
            self._backup_checked,
        )

    def _backup_checked(self, problem: str) -> None:
        if problem:
            self.check_label.setText("")
            self.error_line.show_message(self.tr(
                "This backup cannot be restored: %1 Go back and choose another one."
            ).replace("%1", reason_text(problem)))  # fmt: skip
            return
        self._checked = True
        self.check_bar.setRange(0, 100)
        self.check_bar.setValue(100)
        self.check_label.setText(self.tr("The backup passed its check."))
        self._confirm_text()
        self._go(CONFIRM)

    def _confirm_text(self) -> None:
        assert self.chosen is not None and self.confirm_label is not None
        info = self.chosen
        students = "—" if info.students is None else str(info.students)
        self.confirm_label.setText(self.tr(
            "The archive will be replaced by the backup of %1 (%2 students).\n\n"
            "The current archive is not deleted: it is kept beside it as a copy from before "
            "the restore.\n\n"
            "Everything entered after %1 will not be in the restored archive. Afterwards "
            "everyone signs in again."
        ).replace("%1", stamp_text(info.time)).replace("%2", students))  # fmt: skip
        self.confirm_box.setChecked(False)

    def _restore(self) -> None:
        if self.chosen is None or self.drive is None:
            return
        self._go(RESTORE)
        self.restore_bar.setRange(0, 0)
        self.restore_label.setText(self.tr("Restoring the backup of %1…").replace(
            "%1", stamp_text(self.chosen.time)))  # fmt: skip
        session, drive, relay = self.ctx.session, self.drive, self.relay
        backup_id, password = self.chosen.backup_id, self.password
        self._run(
            lambda: ops.prepare_restore(
                session, drive, backup_id, password, relay.report, relay.cancelled
            ),
            self._prepared,
        )

    def _prepared(self, prepared: object) -> None:
        """The restored archive is ready beside and the session closed: let go of the
        application's own lock in the folder (here, on the GUI thread that took it), then swap
        on the worker (the swap needs no session)."""
        self.closed = True
        self.password = ""
        self.restore_bar.setRange(0, 0)
        backup_events().releaseArchive.emit(str(self.ctx.session.archive.layout.root))
        self._run(lambda: ops.finish_restore(prepared), self._restored)  # type: ignore[arg-type]

    def _restored(self, outcome: object) -> None:
        self.outcome = outcome
        self.password = ""
        self.restore_bar.setRange(0, 100)
        self.restore_bar.setValue(100)
        kept = getattr(outcome, "pre_restore", "")
        self.restore_label.setText(self.tr(
            "The archive was restored. The archive from before the restore is kept in:\n%1\n\n"
            "Click Finish and sign in again."
        ).replace("%1", str(kept)))  # fmt: skip

    def _finish(self) -> None:
        root = str(self.ctx.session.archive.layout.root)
        self.outcome = None
        self.accept()
        backup_events().restored.emit(root)  # the main window closes; the login comes back

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        bar = self.check_bar if self.step() == CHECK else self.restore_bar
        if total > 0 and self.busy:
            bar.setRange(0, 100)
            bar.setValue(percent(done, total))
