"""备份与恢复: the last good backup, the enrolled drives, the history, and what to do.

Everything shown comes from ``backup_ops.load_page`` on the worker (the state file in the archive
folder, the enrolled drives plugged in now, their backups). 立即备份, 核对备份 and 恢复演练 run
on the worker with a progress bar and 停止 on the page; admins also enrol drives
(``drive_dialog``), take one off the list (取消登记) and set the daily backup time
(``backup_widgets.DriveBox``), and restore (``restore_wizard``). When something is wrong the page
says what to do in plain words, above everything else.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.errors import OperationCancelled
from xueji_desktop.core.roles import Permission
from xueji_desktop.services.restore_drill import DrillResult
from xueji_desktop.ui import backup_ops as ops
from xueji_desktop.ui.appearance import scaled_font
from xueji_desktop.ui.backup_widgets import (
    BackupHistoryModel,
    DriveBox,
    ProgressRelay,
    add_progress_rows,
    backup_events,
    percent,
    reason_text,
)
from xueji_desktop.ui.drive_dialog import DriveDialog
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import Page, PageContext
from xueji_desktop.ui.restore_wizard import RestoreWizard
from xueji_desktop.ui.widgets import stamp_text

ADVICE_STYLE = (
    "QLabel#backupAdvice { background: #fff4d6; color: #5c3d00; border: 1px solid #e0b84a;"
    " border-radius: 4px; padding: 8px 12px; }"
)
DONE_STYLE = "QLabel#backupDone { color: #1e6b34; }"


class BackupPage(Page):
    page_id = "backup"
    permission = Permission.BACKUP  # admins and clerks; enrolling and restoring: admins

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.state: ops.PageState | None = None
        self.busy = False  # a job of this page runs
        self.elsewhere_busy = False  # the scheduler's backup runs
        self.last_message = ""
        self.relay = ProgressRelay(self)
        self.root = str(ctx.session.archive.layout.root)
        self.is_admin = ctx.can(Permission.RESTORE)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.setSpacing(12)
        self.heading = QLabel(self.title(), self)
        self.heading.setObjectName("pageHeading")
        self.heading.setFont(scaled_font(self, 1.6, bold=True))
        layout.addWidget(self.heading)
        self.advice = QLabel(self)
        self.advice.setObjectName("backupAdvice")
        self.advice.setStyleSheet(ADVICE_STYLE)
        self.advice.setWordWrap(True)
        self.advice.hide()
        layout.addWidget(self.advice)

        top = QHBoxLayout()
        last_box = QGroupBox(self.tr("Last good backup"), self)
        form = QFormLayout(last_box)
        self.last_time = QLabel("—", last_box)
        self.last_time.setObjectName("lastTime")
        self.last_drive = QLabel("—", last_box)
        self.last_drive.setObjectName("lastDrive")
        self.last_students = QLabel("—", last_box)
        self.last_students.setObjectName("lastStudents")
        form.addRow(self.tr("Time:"), self.last_time)
        form.addRow(self.tr("Drive:"), self.last_drive)
        form.addRow(self.tr("Students:"), self.last_students)
        top.addWidget(last_box, 1)

        self.drive_box = DriveBox(ctx, self)
        self.drive_box.enrolClicked.connect(lambda: self.open_enrol())
        self.drive_box.said.connect(self._settings_saved)
        self.drive_box.failed.connect(self._failed)
        self.drives_label = self.drive_box.drives_label
        self.enrol_button = self.drive_box.enrol_button
        top.addWidget(self.drive_box, 1)
        layout.addLayout(top)

        actions = QHBoxLayout()
        self.backup_button = QPushButton(self.tr("Back up now"), self)
        self.backup_button.setObjectName("backupNow")
        self.backup_button.clicked.connect(self.back_up_now)
        self.verify_button = QPushButton(self.tr("Check backups"), self)
        self.verify_button.setObjectName("verifyButton")
        self.verify_button.clicked.connect(self.check_backups)
        self.drill_button = QPushButton(self.tr("Restore drill"), self)
        self.drill_button.setObjectName("drillButton")
        self.drill_button.clicked.connect(self.run_drill)
        self.restore_button = QPushButton(self.tr("Restore…"), self)
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.clicked.connect(lambda: self.open_restore())
        self.restore_button.setVisible(self.is_admin)
        for button in (self.backup_button, self.verify_button, self.drill_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.restore_button)
        layout.addLayout(actions)

        add_progress_rows(
            self,
            layout,
            label="",
            stop_text=self.tr("Stop"),
            stop=self.relay.cancel,
            done_name="backupDone",
            done_style=DONE_STYLE,
        )

        layout.addWidget(QLabel(self.tr("History"), self))
        self.history_model = BackupHistoryModel(self)
        self.history_model.clerk = not self.is_admin
        self.history = QTableView(self)
        self.history.setObjectName("backupHistory")
        self.history.setModel(self.history_model)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.setWordWrap(False)
        self.history.verticalHeader().hide()
        header = self.history.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.history, 1)

        self.relay.progressed.connect(self._progress)
        self.relay.phaseChanged.connect(self._phase)
        events = backup_events()
        events.changed.connect(self._changed_elsewhere)
        events.busyChanged.connect(self._busy_elsewhere)
        self._update_buttons()

    def title(self) -> str:
        return self.tr("Backup and restore")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self.heading.setFont(scaled_font(self, 1.6, bold=True))
        super().changeEvent(event)

    def help_text(self) -> str:
        return self.tr(
            "<p>The archive is copied, encrypted, to a dedicated backup drive that the "
            "administrator enrolled. While the program runs it backs up once a day when the "
            "drive is plugged in, and again when you close it after changes.</p>"
            "<p><b>Back up now</b> makes a backup at once. <b>Check backups</b> reads every "
            "backup on the drive again to catch a drive going bad. <b>Restore drill</b> "
            "restores the newest backup into a temporary place and checks it: do one every "
            "month.</p><p><b>Restore…</b> (administrators) replaces the archive with a backup; "
            "the current archive is kept beside it.</p>"
        )

    def activate(self, **args: object) -> None:
        self.reload()

    # -- loading ----------------------------------------------------------------------------

    def reload(self) -> None:
        session = self.ctx.session
        self.ctx.worker.run(
            lambda: ops.load_page(session), on_done=self.show_state, on_error=self._failed,
            context=self,
        )  # fmt: skip

    def show_state(self, state: ops.PageState) -> None:
        self.state = state
        status = state.status
        labels = {view.drive.drive_id: view.drive.label for view in state.drives}
        self.history_model.labels = labels
        self.history_model.set_rows(state.history)
        if status.last_good_at:
            self.last_time.setText(stamp_text(status.last_good_at))
            self.last_drive.setText(status.last_good_drive or "—")
            newest = next((b for b in state.backups if b.verified), None)
            count = newest.students if newest is not None else None
            self.last_students.setText(
                str(count) if count is not None else self.tr("— (the drive is not plugged in)")
            )
        else:
            for label in (self.last_time, self.last_drive, self.last_students):
                label.setText("—")
        lines = []
        for view in state.drives:
            where = (
                self.tr("plugged in (%1)").replace("%1", str(view.path))
                if view.path is not None
                else self.tr("not plugged in")
            )
            lines.append(self.tr("%1: %2").replace("%1", view.drive.label).replace("%2", where))
        self.drive_box.show_drives(lines, [view.drive for view in state.drives], state.daily_time)
        advice = self.advice_lines(state)
        self.advice.setText("\n".join(advice))
        self.advice.setVisible(bool(advice))
        self._update_buttons()

    def advice_lines(self, state: ops.PageState) -> list[str]:
        """What to do, in plain words, most urgent first."""
        status = state.status
        lines: list[str] = []
        if not state.drives:
            if self.ctx.can(Permission.MANAGE_SETTINGS):
                lines.append(self.tr(
                    "No backup drive is enrolled yet. Plug in a dedicated external drive and "
                    "click “Enrol a backup drive…”."))  # fmt: skip
            else:
                lines.append(
                    self.tr("No backup drive is enrolled yet. Ask the administrator to enrol one.")
                )
        elif not any(view.plugged for view in state.drives):
            names = self.tr(", ").join(view.drive.label for view in state.drives)
            lines.append(self.tr(
                "Plug in the backup drive (%1): the backup then runs by itself."
            ).replace("%1", names))  # fmt: skip
        if status.last_outcome == "failed":
            lines.append(
                self.tr("The last backup did not succeed: %1").replace(
                    "%1",
                    reason_text(
                        status.last_reason, status.last_good_drive, clerk=not self.is_admin
                    ),
                )
            )
        if state.failed_checks:
            lines.append(self.bad_checks_text(len(state.failed_checks)))
        elif status.due and state.drives and status.last_outcome != "failed":
            lines.append(self.tr(
                "There is no good backup from the last day. Plug in the drive and click "
                "“Back up now”."))  # fmt: skip
        if status.drill_due and status.last_good_at:
            lines.append(self.tr(
                "A restore drill is suggested once a month: click “Restore drill” to check "
                "that the backup really restores."))  # fmt: skip
        return lines

    @Slot(str)
    def _changed_elsewhere(self, root: str) -> None:
        if root == self.root and not self.busy and self.isVisible():
            self.reload()

    @Slot(str, bool)
    def _busy_elsewhere(self, root: str, busy: bool) -> None:
        if root == self.root:
            self.elsewhere_busy = busy
            self._update_buttons()

    def bad_checks_text(self, bad: int, total: int | None = None) -> str:
        """Some backups failed their check: a new backup on another drive (admins), or tell the
        administrator (clerks: enrolling a drive is the administrator's work)."""
        # Whole sentences (not pieces joined with a space): Chinese puts no space between them.
        if total is None and self.is_admin:
            text = self.tr(
                "%1 backup(s) failed their check: the drive may be going bad. Make a new backup "
                "on another drive soon and check this one."
            )
        elif total is None:
            text = self.tr(
                "%1 backup(s) failed their check: the drive may be going bad. Tell the "
                "administrator."
            )
        elif self.is_admin:
            text = self.tr(
                "%1 of %2 backups failed their check: the drive may be going bad. Make a new "
                "backup on another drive soon and check this one."
            )
        else:
            text = self.tr(
                "%1 of %2 backups failed their check: the drive may be going bad. Tell the "
                "administrator."
            )
        return text.replace("%1", str(bad)).replace("%2", str(total))

    def _update_buttons(self) -> None:
        idle = not self.busy and not self.elsewhere_busy
        # Nothing enrolled (known once the state is read): nothing to back up to or restore from.
        no_drive = self.state is not None and not self.state.drives
        if no_drive:
            tip = (
                self.tr("No backup drive is enrolled yet: enrol one first.")
                if self.ctx.can(Permission.MANAGE_SETTINGS)
                else self.tr("No backup drive is enrolled yet: ask the administrator to enrol one.")
            )
        else:
            tip = ""
        for button in (self.backup_button, self.verify_button, self.drill_button,
                       self.restore_button):  # fmt: skip
            button.setEnabled(idle and not no_drive)
            button.setToolTip(tip)
        self.drive_box.set_idle(idle)

    # -- actions ----------------------------------------------------------------------------

    def _start(self, text: str, job: object, done: object) -> None:
        self.busy = True
        self.relay.reset()
        self.error_line.clear_message()
        self.done_line.hide()
        self.progress_label.setText(text)
        self.progress_bar.setRange(0, 0)
        for widget in self.progress_widgets:
            widget.show()
        self._update_buttons()
        backup_events().busyChanged.emit(self.root, True)
        self.ctx.worker.run(job, on_done=lambda result: self._ended(done, result),  # type: ignore[arg-type]
                            on_error=self._failed, context=self)  # fmt: skip

    def back_up_now(self) -> None:
        session, relay = self.ctx.session, self.relay
        self._start(
            self.tr("Backing up…"),
            lambda: ops.back_up(
                session, None, relay.report, relay.cancelled, recheck=relay.rechecking
            ),
            self._backed_up,
        )

    def check_backups(self) -> None:
        session, relay = self.ctx.session, self.relay
        drives = [v.path for v in (self.state.drives if self.state else []) if v.path is not None]
        self._start(
            self.tr("Checking every backup on the drive…"),
            lambda: ops.verify_all(session, drives, relay.report, relay.cancelled),
            self._checked,
        )

    def run_drill(self) -> None:
        session, relay = self.ctx.session, self.relay
        self._start(
            self.tr("Restore drill: restoring the newest backup into a temporary place…"),
            lambda: ops.drill(session, None, relay.report, relay.cancelled),
            self._drilled,
        )

    def _ended(self, done: object, result: object) -> None:
        self._idle()  # the page and the status bar read the state again
        done(result)  # type: ignore[operator]

    def _idle(self) -> None:
        self.busy = False
        for widget in self.progress_widgets:
            widget.hide()
        events = backup_events()
        events.busyChanged.emit(self.root, False)
        events.changed.emit(self.root)  # the status bar follows (success or failure)
        self._update_buttons()

    def _say(self, text: str) -> None:
        self.last_message = text
        self.done_line.setText(text)
        self.done_line.show()

    def _settings_saved(self, text: str) -> None:
        self.error_line.clear_message()
        self._say(text)

    def _backed_up(self, run: ops.BackupRun) -> None:
        result = run.result
        if result is None:
            return
        text = self.tr("Backup made and checked: %1 students.").replace(
            "%1", str(result.info.students if result.info.students is not None else "—")
        )
        if result.space.warn_soon:
            text += " " + self.tr("The drive will be full in a few backups: get a larger one.")
        bad = [info for info, problem in run.rechecked if problem]
        if bad:
            self.error_line.show_message(self.bad_checks_text(len(bad)))
        self._say(text)

    def _checked(self, results: list[tuple[object, str]]) -> None:
        bad = [problem for _info, problem in results if problem]
        if not results:
            self._say(self.tr("No backup to check on the plugged-in drives."))
        elif bad:
            self.error_line.show_message(self.bad_checks_text(len(bad), len(results)))
        else:
            self._say(
                self.tr("All %1 backups passed their check.").replace("%1", str(len(results)))
            )

    def _drilled(self, result: DrillResult) -> None:
        if result.ok:
            students = "—" if result.students is None else str(result.students)
            self._say(self.tr(
                "Restore drill passed: the backup of %1 restores completely (%2 students)."
            ).replace("%1", stamp_text(result.created_at)).replace("%2", students))  # fmt: skip
        else:
            # The reason's sentence already says what to do: no advice of its own here.
            self.error_line.show_message(self.tr("Restore drill failed: %1").replace(
                "%1", reason_text(result.problem, clerk=not self.is_admin)))  # fmt: skip

    def _failed(self, exc: BaseException) -> None:
        if self.busy:
            self._idle()  # the page and the status bar read the state again (the failure)
        if isinstance(exc, OperationCancelled):
            self._say(self.tr("Stopped. Nothing of it was kept; earlier backups are untouched."))
            return
        self.error_line.show_message(error_sentence(exc))

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        if total > 0 and self.busy:
            self.progress_bar.setRange(0, 100)
            self.progress_bar.setValue(percent(done, total))

    @Slot(str)
    def _phase(self, _phase: str) -> None:
        self.progress_label.setText(self.tr("Checking older backups…"))
        self.progress_bar.setRange(0, 0)

    # -- dialogs ------------------------------------------------------------------------------

    def open_enrol(self) -> DriveDialog | None:
        if not self.ctx.can(Permission.MANAGE_SETTINGS):
            return None
        dialog = DriveDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.enrolled.connect(self._enrolled)
        dialog.show()
        return dialog

    @Slot(str)
    def _enrolled(self, label: str) -> None:
        self._say(self.tr("Backup drive “%1” enrolled.").replace("%1", label))
        backup_events().changed.emit(self.root)  # the page and the status bar read it again

    def open_restore(self) -> RestoreWizard | None:
        if not self.is_admin:
            return None
        wizard = RestoreWizard(self.ctx, self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.show()
        return wizard
