"""Small pieces shared by the backup page, the scheduler and the restore wizard.

``backup_events()`` is the one application-wide notice about backups (the page and the status
bar follow each other's work through it); ``ProgressRelay`` carries a worker job's progress to
the GUI thread and the GUI's stop to the job; the status-bar note and progress bar; the history
table's model; ``reason_text`` says a state file's reason in the clerk's words.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from xueji_desktop.services.backup import BackupStatus
from xueji_desktop.services.backup_state import HistoryEntry
from xueji_desktop.ui import backup_ops as ops
from xueji_desktop.ui.i18n import error_text
from xueji_desktop.ui.table_model import QT_TRANSLATE_NOOP, RowTableModel
from xueji_desktop.ui.widgets import stamp_text

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


def reason_text(reason: str, drive: str = "") -> str:
    """A state file's reason ("drive_full:no_space") in the clerk's words."""
    error = ops.error_from_reason(reason, path=drive, file=reason.partition(":")[2])
    return error_text(error) if error is not None else reason


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
            reason_text(item.reason, label) if item.reason else "",
            item.made_by or self.tr_header(QT_TRANSLATE_NOOP("BackupHistoryModel", "(automatic)")),
        )
        return values[column]
