"""登记备份盘: the administrator chooses the dedicated drive (or a folder on it) and a name.

Enrolling writes the drive's identity file (``backup_drives.enroll_drive`` on the worker: it
checks the folder, the role and writes the audit entry). Choosing a folder asks the worker for
the drive's file system, so a FAT32 drive (no file over 4 GB) is named before it is enrolled.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.ui import backup_ops as ops
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.widgets import BusyIndicator, ErrorLine, on_enter, window_title

LABEL_MAX = 40
FAT = ("vfat", "fat", "fat32", "msdos")


class DriveDialog(QDialog):
    enrolled = Signal(str)  # the drive's label, after the identity file was written

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.busy = False
        self.setObjectName("driveDialog")
        self.setWindowTitle(window_title(self.tr("Enrol a backup drive"), practice=ctx.practice))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        intro = QLabel(self.tr(
            "Use a dedicated external drive that stays with the school (two, rotated every "
            "week, are better still). Backups are written only to enrolled drives. They are "
            "encrypted: the drive alone, without the recovery sheet, shows nothing."
        ), self)  # fmt: skip
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        row = QHBoxLayout()
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("drivePath")
        self.path_edit.setPlaceholderText(self.tr("The drive, e.g. E:\\"))
        self.path_edit.editingFinished.connect(self._look_at_path)
        self.browse_button = QPushButton(self.tr("Choose…"), self)
        self.browse_button.setObjectName("browseButton")
        self.browse_button.clicked.connect(self.choose_folder)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        form.addRow(self.tr("Drive or folder:"), row)
        self.label_edit = QLineEdit(self)
        self.label_edit.setObjectName("driveLabel")
        self.label_edit.setMaxLength(LABEL_MAX)
        self.label_edit.setPlaceholderText(self.tr("e.g. Backup drive 1"))
        form.addRow(self.tr("Name:"), self.label_edit)
        layout.addLayout(form)
        self.fs_note = QLabel(self)
        self.fs_note.setObjectName("fsNote")
        self.fs_note.setWordWrap(True)
        self.fs_note.setStyleSheet("color: #5c3d00;")
        self.fs_note.hide()
        layout.addWidget(self.fs_note)
        self.error_line = ErrorLine(self)
        layout.addWidget(self.error_line)
        self.busy_indicator = BusyIndicator(self.tr("Enrolling the drive…"), self)
        layout.addWidget(self.busy_indicator)
        buttons = QDialogButtonBox(self)
        self.enrol_button = QPushButton(self.tr("Enrol"), self)
        self.enrol_button.setObjectName("enrolDrive")
        self.enrol_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        buttons.addButton(self.enrol_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        on_enter(self.label_edit, self.submit)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Choose the backup drive"), self.path_edit.text()
        )
        if folder:
            self.path_edit.setText(folder)
            self._look_at_path()

    def _look_at_path(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            return
        path = Path(text)
        if not self.label_edit.text().strip():
            self.label_edit.setText(path.name or text)
        self.ctx.worker.run(
            lambda: ops.filesystem_type(path),
            on_done=self._show_fs,
            on_error=lambda _exc: self.fs_note.hide(),
            context=self,
        )

    def _show_fs(self, fs: str) -> None:
        if fs.lower() in FAT:
            self.fs_note.setText(self.tr(
                "This drive uses FAT32, which cannot hold a file over 4 GB. That is enough for "
                "now; when the archive grows that large, format the drive as exFAT or NTFS."
            ))  # fmt: skip
            self.fs_note.show()
        else:
            self.fs_note.hide()

    def submit(self) -> None:
        if self.busy:
            return
        text = self.path_edit.text().strip()
        if not text:
            self.error_line.show_message(self.tr("Choose the backup drive first."))
            self.path_edit.setFocus()
            return
        path, label = Path(text), self.label_edit.text().strip()
        session = self.ctx.session
        self._set_busy(True)
        self.error_line.clear_message()
        self.ctx.worker.run(
            lambda: ops.enroll(session, path, label),
            on_done=self._done,
            on_error=self._failed,
            context=self,
        )

    def _done(self, label: str) -> None:
        self._set_busy(False)
        self.enrolled.emit(label)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.error_line.show_message(error_sentence(exc))
        self.adjustSize()

    def reject(self) -> None:
        if not self.busy:
            super().reject()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.path_edit, self.label_edit, self.browse_button, self.enrol_button,
                       self.cancel_button):  # fmt: skip
            widget.setEnabled(not busy)
        self.busy_indicator.setVisible(busy)
        if not busy:
            self.path_edit.setFocus(Qt.FocusReason.OtherFocusReason)
