"""The main window's backups: the daily one under an injected clock, nothing without a drive or
before the time, the backup on closing after changes, pending backups completed at sign-in, the
status-bar note and its click."""

from __future__ import annotations

import datetime
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from tests.conftest import ADMIN, ADMIN_PASSWORD, add_clerk
from tests.ui.test_backup_page import LABEL, TIMEOUT, School, drive, no_mount_points, school
from xueji_desktop.core.errors import DriveUnavailable
from xueji_desktop.services import backup
from xueji_desktop.services.backup_state import load_state
from xueji_desktop.ui import operations
from xueji_desktop.ui.backup_ops import BackupRun
from xueji_desktop.ui.backup_page import BackupPage
from xueji_desktop.ui.main_window import MainWindow
from xueji_desktop.ui.operations import LoggedIn
from xueji_desktop.ui.start_page import StartPage
from xueji_desktop.ui.worker import SessionWorker

__all__ = ["drive", "no_mount_points", "school"]  # fixtures shared with the page's tests


def at(hour: int, minute: int = 0) -> Callable[[], datetime.datetime]:
    """A clock that says ``hour:minute`` today, local time."""
    moment = (
        datetime.datetime.now()
        .astimezone()
        .replace(hour=hour, minute=minute, second=0, microsecond=0)
    )
    return lambda: moment


@pytest.fixture
def open_window(
    qtbot: QtBot, school: School, worker: SessionWorker, sessions: list[LoggedIn]
) -> Callable[..., MainWindow]:
    def make(clock: Callable[[], datetime.datetime], *, pages: object = (StartPage,)) -> MainWindow:
        logged_in = operations.log_in(school.root, ADMIN, ADMIN_PASSWORD)
        sessions.append(logged_in)
        window = MainWindow(logged_in, worker, pages=pages)  # type: ignore[arg-type]
        window.backup.clock = clock  # before its first look (queued at construction)
        window.backup.timer.setInterval(20)
        qtbot.addWidget(window)
        window.show()
        return window

    return make


def looks(qtbot: QtBot, window: MainWindow, count: int = 2) -> None:
    """Let the scheduler look at the state and the drives ``count`` times."""
    for _ in range(count):
        with qtbot.waitSignal(window.backup.looked, timeout=TIMEOUT):
            pass


def test_daily_backup_runs_when_due_then_not_again_the_same_day(
    qtbot: QtBot, open_window: Callable[..., MainWindow], school: School, drive: Path,
    worker: SessionWorker,
) -> None:  # fmt: skip
    window = open_window(at(13))
    with qtbot.waitSignal(window.backup.backupFinished, timeout=TIMEOUT) as got:
        pass
    [run] = got.args
    assert isinstance(run, BackupRun) and run.result is not None and run.result.info.verified
    assert run.rechecked and all(problem == "" for _info, problem in run.rechecked)
    qtbot.waitUntil(lambda: window.backup.label.state == "ok", timeout=TIMEOUT)
    assert window.backup.label.text().startswith("上次备份：")
    assert f"（{LABEL}）" in window.backup.label.text()
    looks(qtbot, window, 3)
    worker.wait()
    ids = [b.backup_id for b in backup.list_backups(school.session, drive)]
    assert ids == [run.result.info.backup_id]
    made = [e for e in load_state(school.root).history if e.action == "backup"]
    assert len(made) == 1  # (a second one would have pruned the first: count the attempts)


def test_nothing_before_the_daily_time(
    qtbot: QtBot, open_window: Callable[..., MainWindow], school: School, drive: Path,
    worker: SessionWorker,
) -> None:  # fmt: skip
    window = open_window(at(8))
    looks(qtbot, window, 3)
    assert window.backup.drive_plugged and not window.backup.busy
    assert window.backup.label.text() == "还没有备份" and window.backup.label.state == "due"
    worker.wait()
    assert backup.list_backups(school.session, drive) == []


def test_nothing_when_no_drive_is_plugged_in(
    qtbot: QtBot, open_window: Callable[..., MainWindow], school: School, drive: Path,
    worker: SessionWorker, tmp_path: Path,
) -> None:  # fmt: skip
    drive.rename(tmp_path / "in-the-drawer")
    window = open_window(at(13))
    looks(qtbot, window, 3)
    assert not window.backup.drive_plugged and not window.backup.busy
    assert window.backup.label.state == "due"
    window.close()  # nothing to back up onto: closes at once
    assert not window.isVisible()
    (tmp_path / "in-the-drawer").rename(drive)
    worker.wait()
    assert backup.list_backups(school.session, drive) == []


def test_closing_after_changes_backs_up_first(
    qtbot: QtBot, open_window: Callable[..., MainWindow], school: School, drive: Path,
    worker: SessionWorker,
) -> None:  # fmt: skip
    first = backup.make_backup(school.session, drive).info.backup_id
    add_clerk(school.created)  # a change after the last backup
    window = open_window(at(8))
    looks(qtbot, window, 1)
    assert window.backup.drive_plugged
    window.close()
    assert window.isVisible()  # not yet: the backup of the changes runs first
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=TIMEOUT)
    worker.wait()
    # The same day's older backup is pruned by the retention policy (one per day is kept).
    [newest] = backup.list_backups(school.session, drive)
    assert newest.backup_id != first and newest.verified
    assert not backup.changed_since_last_backup(school.session)


def test_closing_without_changes_makes_no_backup(
    qtbot: QtBot, open_window: Callable[..., MainWindow], school: School, drive: Path,
    worker: SessionWorker,
) -> None:  # fmt: skip
    first = backup.make_backup(school.session, drive).info.backup_id
    window = open_window(at(8))
    looks(qtbot, window, 1)
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=TIMEOUT)
    worker.wait()
    assert [b.backup_id for b in backup.list_backups(school.session, drive)] == [first]


def test_pending_backup_is_completed_at_sign_in(
    qtbot: QtBot, open_window: Callable[..., MainWindow], school: School, drive: Path,
    worker: SessionWorker,
) -> None:  # fmt: skip
    backup.scheduled_backup(school.root, drive)  # the password-less ``xueji backup``
    [pending] = backup.list_backups(school.session, drive)
    assert not pending.verified
    window = open_window(at(8))
    looks(qtbot, window, 1)  # the first look comes after the completion
    worker.wait()
    [done] = backup.list_backups(school.session, drive)
    assert done.verified and done.backup_id == pending.backup_id


def test_locked_session_gets_a_pending_backup_completed_after_unlock(
    qtbot: QtBot, open_window: Callable[..., MainWindow], school: School, drive: Path,
    worker: SessionWorker,
) -> None:  # fmt: skip
    window = open_window(at(13))
    window.session.locked = True  # the lunchtime lock: no key in use, the session refuses
    with qtbot.waitSignal(window.backup.backupFinished, timeout=TIMEOUT) as got:
        pass
    [run] = got.args
    assert isinstance(run, BackupRun) and run.result is None
    worker.wait()
    [pending] = backup.list_backups(school.session, drive)
    assert not pending.verified
    window.session.locked = False
    qtbot.waitUntil(lambda: not window.backup._complete_pending, timeout=TIMEOUT)
    looks(qtbot, window, 1)
    worker.wait()
    [done] = backup.list_backups(school.session, drive)
    assert done.verified


def test_status_label_warns_after_a_failure_and_opens_the_page(
    qtbot: QtBot, open_window: Callable[..., MainWindow], school: School, drive: Path,
    tmp_path: Path,
) -> None:  # fmt: skip
    backup.make_backup(school.session, drive)
    shutil.rmtree(drive)
    with pytest.raises(DriveUnavailable):
        backup.make_backup(school.session, None)
    window = open_window(at(8), pages=None)  # every page of the application
    looks(qtbot, window, 1)
    label = window.backup.label
    assert label.state == "failed" and label.text().startswith("上次备份：")
    assert "没有成功" in label.toolTip()
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton)
    page = window.current_page()
    assert page is not None and page.page_id == "backup"
    qtbot.waitUntil(lambda: "上次备份没有成功" in page.advice.text(), timeout=TIMEOUT)  # type: ignore[attr-defined]


def test_status_label_follows_a_backup_made_on_the_page(
    qtbot: QtBot, open_window: Callable[..., MainWindow], school: School, drive: Path,
) -> None:  # fmt: skip
    window = open_window(at(8), pages=None)
    looks(qtbot, window, 1)
    label = window.backup.label
    assert label.text() == "还没有备份" and label.state == "due"
    window.navigate("backup", {})
    page = window.current_page()
    assert isinstance(page, BackupPage)
    window.backup.timer.stop()  # only the page's notices move the label now
    page.backup_button.click()
    qtbot.waitUntil(lambda: label.state == "ok", timeout=TIMEOUT)
    assert label.text().startswith("上次备份：")
    drive.rename(drive.with_name("away"))
    qtbot.waitUntil(lambda: page.backup_button.isEnabled(), timeout=TIMEOUT)
    page.backup_button.click()  # fails: no drive
    qtbot.waitUntil(lambda: label.state == "failed", timeout=TIMEOUT)
    assert label.text().startswith("上次备份：")


def test_cancel_at_closing_closes_without_a_backup(
    qtbot: QtBot, open_window: Callable[..., MainWindow], school: School, drive: Path,
    worker: SessionWorker,
) -> None:  # fmt: skip
    first = backup.make_backup(school.session, drive).info.backup_id
    add_clerk(school.created)  # a change after the last backup
    window = open_window(at(8))
    looks(qtbot, window, 1)
    window.close()
    dialog = window.backup.exit_dialog
    assert dialog is not None and window.isVisible()
    dialog.findChild(QPushButton).click()  # 取消: the clerk does not want to wait
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=TIMEOUT)
    worker.wait()
    assert [b.backup_id for b in backup.list_backups(school.session, drive)] == [first]
    assert backup.changed_since_last_backup(school.session)


def test_closing_while_the_page_backs_up_waits_for_it(
    qtbot: QtBot, open_window: Callable[..., MainWindow], school: School, drive: Path,
    worker: SessionWorker,
) -> None:  # fmt: skip
    window = open_window(at(8), pages=None)
    looks(qtbot, window, 1)
    window.navigate("backup", {})
    page = window.current_page()
    assert isinstance(page, BackupPage)
    page.backup_button.click()
    window.close()
    assert window.isVisible() and page.busy  # the page's backup finishes first
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=TIMEOUT)
    worker.wait()
    [made] = backup.list_backups(school.session, drive)
    assert made.verified
    attempts = [e for e in load_state(school.root).history if e.action == "backup"]
    assert len(attempts) == 1  # nothing changed after it: no second backup at closing
