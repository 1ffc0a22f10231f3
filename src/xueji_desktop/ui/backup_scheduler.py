"""Backups while the application runs: the daily one, the one at closing, the status-bar note.

A :class:`BackupScheduler` belongs to the main window. Every minute (a ``QTimer``; the clock and
the interval can be replaced in tests) it asks the worker for the backup state and the enrolled
drives plugged in now; when the day's backup time has passed, a drive is plugged in and the last
good backup is older than a day, it makes a backup on the worker with a small progress bar and
a stop button in the status bar (the clerk keeps working meanwhile), then re-checks the least
recently checked fifth of that drive's backups. At sign-in it completes the backups the
password-less ``xueji backup`` left pending. Closing the window with changes since the last
backup and a drive plugged in makes one more backup first, in a modal progress dialog with
Cancel. Every service call runs on the SessionWorker: the GUI thread never waits.

While the session is locked (lunchtime is the default backup time, and the lock is on by then)
or its user may not make backups, the daily backup is the password-less kind ("pending"); the
next unlocked minute completes it.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog

from xueji_desktop.core.errors import OperationCancelled, XuejiError
from xueji_desktop.core.roles import Permission
from xueji_desktop.services.backup import BackupStatus
from xueji_desktop.services.context import Session
from xueji_desktop.ui import backup_ops as ops
from xueji_desktop.ui.backup_widgets import (
    BackupProgress,
    BackupStatusLabel,
    ProgressRelay,
    backup_events,
    percent,
)
from xueji_desktop.ui.i18n import error_text
from xueji_desktop.ui.pages import PageContext

if TYPE_CHECKING:
    from xueji_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

INTERVAL_MS = 60_000
RETRY_AFTER_FAILURE = datetime.timedelta(hours=1)  # not every minute on a full or failing drive


def local_now() -> datetime.datetime:
    return datetime.datetime.now().astimezone()


class BackupScheduler(QObject):
    """The main window's backups: daily, at sign-in (pending ones), at closing."""

    backupFinished = Signal(object)  # an ops.BackupRun, or the exception that stopped it
    statusShown = Signal(object)  # the BackupStatus now in the status bar
    looked = Signal(bool)  # after each minute's look: whether an enrolled drive is plugged in

    def __init__(
        self,
        window: MainWindow,
        ctx: PageContext,
        *,
        clock: Callable[[], datetime.datetime] = local_now,
        interval_ms: int = INTERVAL_MS,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self.clock = clock
        self.root: Path = ctx.session.archive.layout.root
        self.busy = False
        self.drive_plugged = False  # at the last look (every minute)
        self.sign_in_again = False  # a restore replaced the archive: app.main shows the login
        self._retry_after: datetime.datetime | None = None
        self._complete_pending = ctx.can(Permission.BACKUP)
        self._closing = False
        self._may_close = False
        self._exit_started = False  # the backup at closing began: close when it ends
        self._looking = False
        self.relay = ProgressRelay(self)
        self.relay.progressed.connect(self._exit_progress)
        self.exit_dialog: QProgressDialog | None = None

        bar = window.statusBar()
        self.label = BackupStatusLabel(bar)
        self.progress = BackupProgress(self.relay, bar)
        window.add_status_widget(self.progress)
        window.add_status_widget(self.label)
        if ctx.can(Permission.BACKUP):
            self.label.setCursor(Qt.CursorShape.PointingHandCursor)
            self.label.clicked.connect(self.open_page)
        events = backup_events()
        events.changed.connect(self._changed_elsewhere)
        events.restored.connect(self._restored)
        events.busyChanged.connect(self._busy_elsewhere)
        self._elsewhere_busy = False  # the page's own backup, check or drill runs
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        QTimer.singleShot(0, self.tick)  # the first look (and pending backups) at sign-in

    @property
    def session(self) -> Session:
        return self.ctx.session

    def open_page(self) -> None:
        self.ctx.go("backup")

    # -- looking ------------------------------------------------------------------------------

    def refresh_status(self) -> None:
        root = self.root
        self.ctx.worker.run(
            lambda: ops.status(root), on_done=self._show_status, on_error=self._quiet, context=self
        )

    def _show_status(self, status: BackupStatus) -> None:
        self.label.show_status(status)
        self.statusShown.emit(status)

    @Slot(str)
    def _changed_elsewhere(self, root: str) -> None:
        if root == str(self.root):
            self.refresh_status()

    def tick(self) -> None:
        """Once a minute: read the state; start the daily backup when it is due."""
        if self.busy or self._looking or self._closing:
            return
        if self._complete_pending and not self.session.locked:
            self._run_pending()
            return
        self._looking = True
        root = self.root
        self.ctx.worker.run(
            lambda: ops.schedule_facts(root),
            on_done=self._looked,
            on_error=self._look_failed,
            context=self,
        )

    def _looked(self, facts: ops.ScheduleFacts) -> None:
        self._looking = False
        self._show_status(facts.status)
        self.drive_plugged = bool(facts.plugged)
        now = self.clock()
        waiting = self._retry_after is not None and now < self._retry_after
        if ops.due_now(facts, now) and not (waiting or self._closing or self._elsewhere_busy):
            self.start_backup(None)
        self.looked.emit(self.drive_plugged)

    def _look_failed(self, exc: BaseException) -> None:
        self._looking = False
        self._quiet(exc)

    def _quiet(self, exc: BaseException) -> None:
        log.warning("backup look-up failed: %s", type(exc).__name__)

    def _run_pending(self) -> None:
        """Backups made without a password (scheduled, or while locked) get their deep check;
        the progress bar shows only once there is something to check."""
        self._complete_pending = False
        session, relay = self.session, self.relay
        relay.reset()
        text = QCoreApplication.translate("BackupProgress", "Checking the automatic backup…")
        self.progress.begin(text, show=False)
        self._set_busy(True)
        self.ctx.worker.run(
            lambda: ops.complete_pending(session, relay.report, relay.cancelled),
            on_done=lambda _done: self._pending_done(),
            on_error=self._pending_failed,
            context=self,
        )

    def _pending_done(self) -> None:
        self.progress.hide()
        self._set_busy(False)
        backup_events().changed.emit(str(self.root))
        if self._closing:
            self._after_job()
        else:
            self.tick()

    def _pending_failed(self, exc: BaseException) -> None:
        self._quiet(exc)
        self._pending_done()

    # -- one backup ---------------------------------------------------------------------------

    def start_backup(self, drive: Path | None) -> bool:
        """A backup now (the daily one, or the one at closing); False when one runs already."""
        if self.busy:
            return False
        self.relay.reset()
        self.progress.begin(QCoreApplication.translate("BackupProgress", "Backing up…"))
        self._set_busy(True)
        session, root, relay = self.session, self.root, self.relay
        if session.locked or not self.ctx.can(Permission.BACKUP):
            self._complete_pending = self.ctx.can(Permission.BACKUP)
            self.progress.stop_button.setEnabled(False)  # the password-less copy cannot stop
            job: Callable[[], ops.BackupRun] = lambda: ops.back_up_unattended(  # noqa: E731
                root, drive, relay.report
            )
        else:

            def job() -> ops.BackupRun:
                return ops.back_up(
                    session, drive, relay.report, relay.cancelled, recheck=relay.rechecking
                )

        self.ctx.worker.run(job, on_done=self._backup_done, on_error=self._backup_failed,
                            context=self)  # fmt: skip
        return True

    @Slot(str, bool)
    def _busy_elsewhere(self, root: str, busy: bool) -> None:
        if root == str(self.root) and not self.busy:  # not our own notice
            self._elsewhere_busy = busy
            if not busy:
                self._after_job()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        backup_events().busyChanged.emit(str(self.root), busy)

    def _ended(self, outcome: object) -> None:
        self.progress.hide()
        self._set_busy(False)
        backup_events().changed.emit(str(self.root))
        self.backupFinished.emit(outcome)
        self._after_job()

    def _backup_done(self, run: ops.BackupRun) -> None:
        self._retry_after = None
        self._ended(run)

    def _backup_failed(self, exc: BaseException) -> None:
        # Stopped by the clerk: not again today; failed: again in an hour (the state file and
        # the status bar say why meanwhile).
        wait = datetime.timedelta(days=1) if isinstance(exc, OperationCancelled) else None
        self._retry_after = self.clock() + (wait or RETRY_AFTER_FAILURE)
        if isinstance(exc, XuejiError):
            self.label.setToolTip(error_text(exc))
        self._ended(exc)

    # -- closing ------------------------------------------------------------------------------

    def may_close(self) -> bool:
        """The main window asks before it closes. False: a backup (or the check whether one is
        needed) runs first and closes the window again when it ends."""
        if self._may_close:
            return True
        if self._closing:
            return False  # already on its way
        busy = self.busy or self._elsewhere_busy
        if not (busy or self.drive_plugged) or not self.ctx.can(Permission.BACKUP):
            return True
        if self.session.locked:
            return True
        self._closing = True
        self.timer.stop()
        self._show_exit_dialog()
        if not busy:
            self._check_exit()
        return False  # else the running job ends first (_after_job)

    def _after_job(self) -> None:
        """A backup, check or completion ended: while closing, on to the backup at closing
        (after it, or after Cancel, the window closes)."""
        if not self._closing or self.busy or self._elsewhere_busy:
            return
        if self._exit_started or self.relay.cancelled():
            self._close_now()
        else:
            self._check_exit()

    def _check_exit(self) -> None:
        session = self.session
        self.ctx.worker.run(
            lambda: ops.exit_backup_needed(session),
            on_done=self._exit_checked,
            on_error=self._exit_check_failed,
            context=self,
        )

    def _exit_check_failed(self, exc: BaseException) -> None:
        self._quiet(exc)
        self._close_now()

    def _show_exit_dialog(self) -> None:
        dialog = QProgressDialog(
            self.tr("Backing up the changes before closing…"), self.tr("Cancel"), 0, 0, self.window
        )
        dialog.setObjectName("exitBackupProgress")
        dialog.setWindowTitle(self.tr("Backup"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)  # shown only when the check or backup takes a moment
        dialog.setAutoReset(False)
        dialog.setAutoClose(False)
        dialog.canceled.connect(self.relay.cancel)
        self.exit_dialog = dialog

    @Slot(int, int)
    def _exit_progress(self, done: int, total: int) -> None:
        dialog = self.exit_dialog
        if dialog is not None and total > 0:
            dialog.setMaximum(100)
            dialog.setValue(percent(done, total))

    def _exit_checked(self, drive: Path | None) -> None:
        if drive is None or self.relay.cancelled():
            self._close_now()
            return
        self._exit_started = True
        if not self.start_backup(drive):
            self._close_now()

    def _close_now(self) -> None:
        self._may_close = True
        if self.exit_dialog is not None:
            self.exit_dialog.close()
            self.exit_dialog.deleteLater()
            self.exit_dialog = None
        self.window.close()

    @Slot(str)
    def _restored(self, root: str) -> None:
        """The archive was replaced by a backup and the session closed: back to the login."""
        if root != str(self.root):
            return
        self.sign_in_again = True
        self._may_close = True
        self.timer.stop()
        for page in self.window.pages.values():
            if page.has_unsaved_changes():
                page.discard_changes()  # nothing can be saved into a closed session
        self.window.close()
