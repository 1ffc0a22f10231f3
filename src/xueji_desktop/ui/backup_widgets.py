"""Small pieces shared by the backup page, the scheduler and the restore wizard.

``backup_events()`` is the one application-wide notice about backups (the page and the status
bar follow each other's work through it); ``ProgressRelay`` carries a worker job's progress to
the GUI thread and the GUI's stop to the job; the status-bar note and progress bar; the history
table's model; ``reason_text`` says a state file's reason in the clerk's words; ``DriveBox``, the
page's box of enrolled drives with the admins' settings (取消登记, the daily backup time).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTime, Signal, Slot
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTimeEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.roles import Permission
from xueji_desktop.messages import message_key, unfilled_placeholders
from xueji_desktop.services.backup import BackupStatus
from xueji_desktop.services.backup_state import EnrolledDrive, HistoryEntry
from xueji_desktop.ui import backup_ops as ops
from xueji_desktop.ui.i18n import error_text, language
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.table_model import QT_TRANSLATE_NOOP, RowTableModel
from xueji_desktop.ui.widgets import ErrorLine, stamp_text

_OK_STYLE = "QLabel#backupStatus { padding: 1px 8px; }"
_DUE_STYLE = (
    "QLabel#backupStatus { background: #fde7a9; color: #5c3d00; padding: 1px 8px;"
    " border-radius: 3px; }"
)
_FAILED_STYLE = (
    "QLabel#backupStatus { background: #fdecea; color: #8a1c12; padding: 1px 8px;"
    " border-radius: 3px; font-weight: bold; }"
)


class BackupEvents(QObject):
    """One application-wide notice about backups (the archive root as text), so the page and the
    status bar follow each other's work without being wired together."""

    changed = Signal(str)  # the backup state changed: read it again
    busyChanged = Signal(str, bool)  # a backup or check runs on that archive's worker
    restored = Signal(str)  # the archive was replaced by a backup: sign in again
    # A restore is about to rename the archive folder: the application lets go of its own files
    # in it (Windows renames no folder with an open file). Emitted and handled on the GUI thread.
    releaseArchive = Signal(str)


_events: BackupEvents | None = None


def backup_events() -> BackupEvents:
    global _events
    if _events is None:
        _events = BackupEvents()
    return _events


class ProgressRelay(QObject):
    """Hands a worker job's progress to the GUI thread (queued) and the GUI's stop to the job.

    Made on the GUI thread and owned by a long-lived widget: the worker only calls ``report``,
    ``rechecking`` and ``cancelled``."""

    progressed = Signal(int, int)
    phaseChanged = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stop = threading.Event()

    def reset(self) -> None:
        self._stop = threading.Event()

    def report(self, done: int, total: int) -> None:
        self.progressed.emit(done, total)

    def rechecking(self) -> None:
        self.phaseChanged.emit("recheck")

    def cancelled(self) -> bool:
        return self._stop.is_set()

    def cancel(self) -> None:
        self._stop.set()


_REASONS_CTX = "BackupReasons"
UNKNOWN_REASON = QT_TRANSLATE_NOOP(
    "BackupReasons",
    "The backup did not finish (the cause is unknown). Earlier backups are untouched. Try "
    "again; if it keeps happening, contact the administrator.",
)
CANCELLED_REASON = QT_TRANSLATE_NOOP("BackupReasons", "Stopped. Earlier backups are untouched.")
# A failed check for a clerk: the drive may be going bad, but enrolling another drive is the
# administrator's work, so the clerk is told whom to tell (not to change drives).
CLERK_CORRUPT = QT_TRANSLATE_NOOP(
    "BackupReasons",
    "This backup failed its check (its contents differ from what was recorded when it was "
    "made) and cannot be restored from. The drive may be failing: tell the administrator.",
)


def add_progress_rows(
    page: Any,
    layout: QVBoxLayout,
    *,
    label: str,
    stop_text: str,
    stop: Callable[[], None],
    done_name: str,
    done_style: str,
) -> None:
    """The long-work rows a page shares (backup, 四性检测): a label, a bar and a stop button
    (hidden until work starts), an error line and a green "done" line. Sets ``progress_label``,
    ``progress_bar``, ``stop_button``, ``progress_widgets``, ``error_line``, ``done_line`` on the
    page; the texts come from the page's own ``tr()`` so they keep its translation context."""
    row = QHBoxLayout()
    page.progress_label = QLabel(label, page)
    page.progress_bar = QProgressBar(page)
    page.progress_bar.setObjectName("pageProgress")
    page.progress_bar.setMaximumWidth(260)
    page.stop_button = QPushButton(stop_text, page)
    page.stop_button.setObjectName("pageStop")
    page.stop_button.clicked.connect(stop)
    row.addWidget(page.progress_label)
    row.addWidget(page.progress_bar)
    row.addWidget(page.stop_button)
    row.addStretch(1)
    page.progress_widgets = (page.progress_label, page.progress_bar, page.stop_button)
    for widget in page.progress_widgets:
        widget.hide()
    layout.addLayout(row)
    page.error_line = ErrorLine(page)
    layout.addWidget(page.error_line)
    page.done_line = QLabel(page)
    page.done_line.setObjectName(done_name)
    page.done_line.setStyleSheet(done_style)
    page.done_line.setWordWrap(True)
    page.done_line.hide()
    layout.addWidget(page.done_line)


def reason_text(reason: str, drive: str = "", *, clerk: bool = False) -> str:
    """A state file's reason ("drive_full:no_space") in the clerk's words.

    The history keeps only "code:reason", not the error's numbers or names: a sentence that
    would show empty fields ("需要约  MB") gives way to the error's bare sentence, and a reason
    that names no known error (an old file's "KeyboardInterrupt", "unexpected") to a general
    one. ``clerk``: a failed check tells the clerk to tell the administrator."""
    code = reason.partition(":")[0]
    if code == "operation_cancelled":
        return QCoreApplication.translate(_REASONS_CTX, CANCELLED_REASON)
    if clerk and code == "backup_corrupt":
        error = ops.error_from_reason(reason)
        if error is not None and message_key(error) == "backup_corrupt":  # the generic one
            return QCoreApplication.translate(_REASONS_CTX, CLERK_CORRUPT)
    fields: dict[str, object] = {"path": drive} if drive else {}
    lang = language()
    for told in (reason, code):  # the full reason first, then the code's bare sentence
        error = ops.error_from_reason(told, **fields)
        if error is not None and message_key(error) and not unfilled_placeholders(error, lang):
            return error_text(error)
    return QCoreApplication.translate(_REASONS_CTX, UNKNOWN_REASON)


def size_text(size: int) -> str:
    """Bytes as decimal megabytes with one decimal, as the command line says them."""
    return f"{size / 1_000_000:.1f} MB"


def percent(done: int, total: int) -> int:
    return 0 if total <= 0 else min(100, done * 100 // total)


class BackupStatusLabel(QLabel):
    """上次备份：2026-11-26 12:31（备份盘一）: amber when due, red when the last attempt failed;
    a click opens the backup page."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupStatus")
        self.state = "unknown"  # "ok" | "due" | "failed"
        self.setStyleSheet(_OK_STYLE)

    def show_status(self, status: BackupStatus) -> None:
        if status.last_good_at:
            text = self.tr("Last backup: %1 (%2)")
            text = text.replace("%1", stamp_text(status.last_good_at))
            text = text.replace("%2", status.last_good_drive or "—")
        else:
            text = self.tr("No backup yet")
        self.setText(text)
        failed = status.last_outcome == "failed"
        self.state = "failed" if failed else "due" if status.due else "ok"
        self.setStyleSheet({"failed": _FAILED_STYLE, "due": _DUE_STYLE}.get(self.state, _OK_STYLE))
        tip = self.tr("Click to open Backup and restore.")
        if failed:
            tip = self.tr("The last backup did not succeed.") + " " + tip
        elif status.due:
            tip = self.tr("The last good backup is more than a day old.") + " " + tip
        self.setToolTip(tip)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)


class BackupProgress(QWidget):
    """The status bar's small progress bar and 停止 while a backup runs in the background."""

    def __init__(self, relay: ProgressRelay, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupProgress")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        self.label = QLabel(self.tr("Backing up…"), self)
        self.bar = QProgressBar(self)
        self.bar.setMaximumWidth(120)
        self.bar.setMaximumHeight(14)
        self.bar.setTextVisible(False)
        self.stop_button = QToolButton(self)
        self.stop_button.setObjectName("backupStop")
        self.stop_button.setText(self.tr("Stop"))
        self.stop_button.clicked.connect(relay.cancel)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.stop_button)
        relay.progressed.connect(self.show_progress)
        relay.phaseChanged.connect(self.show_phase)
        self.active = False  # a job of the scheduler runs
        self.hide()

    def begin(self, text: str, *, show: bool = True) -> None:
        """``show`` False: appear only with the first progress (work that may be nothing)."""
        self.label.setText(text)
        self.bar.setRange(0, 0)
        self.stop_button.setEnabled(True)
        self.active = True
        self.setVisible(show)

    def hide(self) -> None:
        self.active = False
        super().hide()

    @Slot(int, int)
    def show_progress(self, done: int, total: int) -> None:
        if self.active and not self.isVisible():
            self.show()
        if total > 0:
            self.bar.setRange(0, 100)
            self.bar.setValue(percent(done, total))

    @Slot(str)
    def show_phase(self, _phase: str) -> None:
        self.label.setText(self.tr("Checking older backups…"))
        self.bar.setRange(0, 0)


_CTX = "BackupHistoryModel"
ACTION_NAMES = {
    "backup": QT_TRANSLATE_NOOP("BackupHistoryModel", "Backup"),
    "complete": QT_TRANSLATE_NOOP("BackupHistoryModel", "Backup completed"),
    "verify": QT_TRANSLATE_NOOP("BackupHistoryModel", "Check"),
    "drill": QT_TRANSLATE_NOOP("BackupHistoryModel", "Restore drill"),
    "restore": QT_TRANSLATE_NOOP("BackupHistoryModel", "Restore"),
    "prune": QT_TRANSLATE_NOOP("BackupHistoryModel", "Old backups removed"),
}
OUTCOME_NAMES = {
    "ok": QT_TRANSLATE_NOOP("BackupHistoryModel", "Succeeded"),
    "pending": QT_TRANSLATE_NOOP("BackupHistoryModel", "Waiting for a check"),
    "failed": QT_TRANSLATE_NOOP("BackupHistoryModel", "Failed"),
}


class BackupHistoryModel(RowTableModel):
    CONTEXT = _CTX
    HEADERS = (
        QT_TRANSLATE_NOOP("BackupHistoryModel", "Time"),
        QT_TRANSLATE_NOOP("BackupHistoryModel", "What"),
        QT_TRANSLATE_NOOP("BackupHistoryModel", "Drive"),
        QT_TRANSLATE_NOOP("BackupHistoryModel", "Outcome"),
        QT_TRANSLATE_NOOP("BackupHistoryModel", "Why"),
        QT_TRANSLATE_NOOP("BackupHistoryModel", "By"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels: dict[str, str] = {}  # drive_id -> label
        self.clerk = False  # a failed check then says "tell the administrator"

    def cell(self, item: HistoryEntry, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ForegroundRole and item.outcome == "failed":
            return Qt.GlobalColor.darkRed
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        label = self.labels.get(item.drive_id, "")
        values = (
            stamp_text(item.at),
            self.tr_header(ACTION_NAMES.get(item.action, item.action)),
            label or "—",
            self.tr_header(OUTCOME_NAMES.get(item.outcome, item.outcome)),
            reason_text(item.reason, label, clerk=self.clerk) if item.reason else "",
            item.made_by or self.tr_header(QT_TRANSLATE_NOOP("BackupHistoryModel", "(automatic)")),
        )
        return values[column]


class DriveBox(QGroupBox):
    """备份盘: the enrolled drives (plugged in or not); for admins 登记备份盘…, one 取消登记 per
    drive (after a confirmation) and the time of the daily backup. The settings are saved on the
    worker; ``said`` carries the outcome sentence and ``failed`` the error to the page."""

    enrolClicked = Signal()
    said = Signal(str)
    failed = Signal(object)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Backup drives"), parent)
        self.ctx = ctx
        self.root = str(ctx.session.archive.layout.root)
        self.may_manage = ctx.can(Permission.MANAGE_SETTINGS)
        layout = QVBoxLayout(self)
        self.drives_label = QLabel(self)
        self.drives_label.setObjectName("drivesLabel")
        self.drives_label.setWordWrap(True)
        self.drives_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.drives_label)
        self.forget_box = QVBoxLayout()  # rebuilt with every state shown
        self.forget_buttons: list[QPushButton] = []
        layout.addLayout(self.forget_box)
        self.enrol_button = QPushButton(self.tr("Enrol a backup drive…"), self)
        self.enrol_button.setObjectName("enrolButton")
        self.enrol_button.clicked.connect(self.enrolClicked)
        self.enrol_button.setVisible(self.may_manage)
        layout.addWidget(self.enrol_button, 0, Qt.AlignmentFlag.AlignLeft)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Daily backup at:"), self))
        self.time_edit = QTimeEdit(QTime(12, 30), self)
        self.time_edit.setObjectName("dailyTime")
        self.time_edit.setDisplayFormat("HH:mm")
        self.time_edit.setReadOnly(not self.may_manage)
        row.addWidget(self.time_edit)
        self.time_button = QPushButton(self.tr("Save time"), self)
        self.time_button.setObjectName("saveTime")
        self.time_button.clicked.connect(self.save_daily_time)
        self.time_button.setVisible(self.may_manage)
        row.addWidget(self.time_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.idle = True

    def show_drives(self, lines: list[str], drives: list[EnrolledDrive], daily_time: str) -> None:
        self.drives_label.setText("\n".join(lines) or self.tr("No backup drive enrolled yet."))
        for button in self.forget_buttons:
            self.forget_box.removeWidget(button)
            button.deleteLater()
        self.forget_buttons = []
        if self.may_manage:
            for drive in drives:
                button = QPushButton(self.tr("Unenrol “%1”…").replace("%1", drive.label), self)
                button.setObjectName("forgetDrive")
                button.clicked.connect(lambda _=False, d=drive: self.forget_drive(d))
                self.forget_box.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
                self.forget_buttons.append(button)
        saved = QTime.fromString(daily_time, "HH:mm")
        if saved.isValid():
            self.time_edit.setTime(saved)
        self.set_idle(self.idle)

    def set_idle(self, idle: bool) -> None:
        self.idle = idle
        for button in (self.enrol_button, self.time_button, *self.forget_buttons):
            button.setEnabled(idle)

    def save_daily_time(self) -> None:
        if not self.may_manage or not self.idle:
            return
        session, text = self.ctx.session, self.time_edit.time().toString("HH:mm")
        self.ctx.worker.run(
            lambda: ops.set_daily_time(session, text), on_done=self._time_saved,
            on_error=self.failed.emit, context=self,
        )  # fmt: skip

    def _time_saved(self, saved: str) -> None:
        self.said.emit(self.tr("The daily backup now runs at %1.").replace("%1", saved))
        backup_events().changed.emit(self.root)  # the scheduler and the page read it again

    def confirm_forget(self, label: str) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Unenrol the backup drive"),
            self.tr(
                "Unenrol the backup drive “%1”? The program will no longer back up to it. The "
                "backups already on it are not deleted: they can still be restored with the "
                "recovery code."
            ).replace("%1", label),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("confirmForget")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def forget_drive(self, drive: EnrolledDrive) -> None:
        if not self.may_manage or not self.idle or not self.confirm_forget(drive.label):
            return
        session, drive_id, label = self.ctx.session, drive.drive_id, drive.label
        self.ctx.worker.run(
            lambda: ops.forget(session, drive_id), on_done=lambda _: self._forgotten(label),
            on_error=self.failed.emit, context=self,
        )  # fmt: skip

    def _forgotten(self, label: str) -> None:
        self.said.emit(self.tr("Backup drive “%1” unenrolled. Its backups stay on it.").replace(
            "%1", label))  # fmt: skip
        backup_events().changed.emit(self.root)  # the page and the status bar read it again
