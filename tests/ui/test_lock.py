"""The lock: Ctrl+L and idle, every window covered, same user's password, edits kept."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMainWindow, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from tests.conftest import ADMIN, ADMIN_PASSWORD, CLERK, CLERK_PASSWORD, add_clerk
from xueji_desktop.services import users as user_service
from xueji_desktop.services.archive import Created
from xueji_desktop.ui import operations
from xueji_desktop.ui.lock import LockController, LockCover
from xueji_desktop.ui.operations import LoggedIn
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.worker import SessionWorker

HOUR_MS = 3_600_000


class Setup:
    def __init__(self, window: QMainWindow, edit: QLineEdit, lock: LockController) -> None:
        self.window, self.edit, self.lock = window, edit, lock


def _actions(root: Path, logged_in: LoggedIn) -> list[str]:
    conn = logged_in.session.archive.db.conn
    return [str(r[0]) for r in conn.execute("SELECT action FROM audit_log ORDER BY seq")]


@pytest.fixture
def archive_root(make_archive: Callable[..., Created]) -> Path:
    created = make_archive()
    add_clerk(created)
    return created.session.archive.layout.root


def open_window(
    qtbot: QtBot,
    root: Path,
    worker: SessionWorker,
    sessions: list[LoggedIn],
    *,
    user: str = ADMIN,
    password: str = ADMIN_PASSWORD,
    idle_ms: int = HOUR_MS,
    practice: bool = False,
) -> Setup:
    logged_in = operations.log_in(root, user, password)
    sessions.append(logged_in)
    window = QMainWindow()
    qtbot.addWidget(window)
    central = QWidget(window)
    box = QVBoxLayout(central)
    edit = QLineEdit(central)
    edit.setObjectName("unsavedEdit")
    box.addWidget(edit)
    window.setCentralWidget(central)
    window.resize(800, 600)
    ctx = PageContext(session=logged_in.session, worker=worker, practice=practice)
    lock = LockController(window, ctx, idle_ms=idle_ms)
    window.show()
    qtbot.waitExposed(window)
    return Setup(window, edit, lock)


def unlock_with(qtbot: QtBot, lock: LockController, password: str) -> LockCover:
    cover = lock.entry_cover()
    assert cover is not None
    cover.password_edit.setText(password)
    cover.unlock_button.click()
    qtbot.waitUntil(
        lambda: not lock.is_locked or not cover.busy_indicator.isVisible(), timeout=10_000
    )
    return cover


def test_ctrl_l_hides_everything_and_only_the_right_password_unlocks(
    qtbot: QtBot, archive_root: Path, worker: SessionWorker, sessions: list[LoggedIn]
) -> None:
    s = open_window(qtbot, archive_root, worker, sessions)
    session = sessions[0].session
    s.edit.setText("半填的内容")  # an unsaved edit
    s.edit.setFocus()
    with qtbot.waitSignal(s.lock.locked):
        qtbot.keyClick(s.edit, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert s.lock.is_locked
    [cover] = s.lock.covers
    assert cover.parentWidget() is s.window and cover.isVisible()
    assert cover.geometry() == s.window.rect()  # the whole window, menus and status bar too
    assert cover.has_entry and s.window.focusWidget() is cover.password_edit
    assert "admin" in cover.text.text()
    qtbot.waitUntil(lambda: session.locked, timeout=10_000)  # services refuse meanwhile

    qtbot.keyClicks(s.edit, "xyz")  # typing into covered widgets goes nowhere
    assert s.edit.text() == "半填的内容"
    s.window.close()  # closing a locked window is refused
    assert s.window.isVisible()

    unlock_with(qtbot, s.lock, "not-the-password")
    assert s.lock.is_locked and session.locked
    assert cover.error_line.text() == "用户名或密码不正确。"
    assert cover.password_edit.text() == ""

    with qtbot.waitSignal(s.lock.unlocked, timeout=10_000):
        unlock_with(qtbot, s.lock, ADMIN_PASSWORD)
    assert not s.lock.is_locked and not session.locked
    assert s.lock.covers == []
    assert s.edit.text() == "半填的内容"  # the unsaved edit survived
    actions = _actions(archive_root, sessions[0])
    assert actions[-2:] == ["session_locked", "session_unlocked"]


def test_idle_period_locks_by_itself(
    qtbot: QtBot, archive_root: Path, worker: SessionWorker, sessions: list[LoggedIn]
) -> None:
    s = open_window(qtbot, archive_root, worker, sessions, idle_ms=HOUR_MS)
    assert not s.lock.is_locked
    with qtbot.waitSignal(s.lock.locked, timeout=10_000):
        s.lock.set_idle_interval_ms(30)  # the period an admin would set in minutes
    qtbot.waitUntil(lambda: sessions[0].session.locked, timeout=10_000)
    worker.wait()  # the audit entry is written right after the flag
    details = (
        sessions[0]
        .session.archive.db.conn.execute(
            "SELECT details FROM audit_log WHERE action = 'session_locked'"
        )
        .fetchone()[0]
    )
    assert "idle" in details


def test_idle_minutes_are_read_from_the_archive(
    qtbot: QtBot, archive_root: Path, worker: SessionWorker, sessions: list[LoggedIn]
) -> None:
    from xueji_desktop.services import session_lock

    admin = operations.log_in(archive_root, ADMIN, ADMIN_PASSWORD)
    sessions.append(admin)
    session_lock.set_auto_lock_minutes(admin.session, 3)
    logged_in = operations.log_in(archive_root, CLERK, CLERK_PASSWORD)
    sessions.append(logged_in)
    window = QMainWindow()
    qtbot.addWidget(window)
    lock = LockController(window, PageContext(session=logged_in.session, worker=worker))
    qtbot.waitUntil(lambda: lock._timer.interval() == 3 * 60_000, timeout=10_000)
    lock.set_idle_minutes(7)
    assert lock._timer.interval() == 7 * 60_000


def test_a_modal_dialog_is_covered_not_closed_and_takes_the_password(
    qtbot: QtBot, archive_root: Path, worker: SessionWorker, sessions: list[LoggedIn]
) -> None:
    s = open_window(qtbot, archive_root, worker, sessions)
    dialog = QDialog(s.window)
    dialog.setWindowTitle("编辑")
    field = QLineEdit(dialog)
    field.setText("没保存的")
    QVBoxLayout(dialog).addWidget(field)
    dialog.resize(200, 80)  # smaller than the password box: it grows while locked
    dialog.setModal(True)
    dialog.show()
    qtbot.waitExposed(dialog)
    s.lock.lock_now()
    covers = {c.parentWidget(): c for c in s.lock.covers}
    assert set(covers) == {s.window, dialog}
    assert covers[dialog].has_entry and not covers[s.window].has_entry
    assert dialog.isVisible()
    assert dialog.width() >= covers[dialog].sizeHint().width()
    unlock_with(qtbot, s.lock, ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: not s.lock.is_locked, timeout=10_000)
    assert dialog.isVisible() and field.text() == "没保存的"
    assert dialog.result() == 0  # not rejected, not accepted: still open
    assert s.lock.covers == []
    dialog.close()


def test_a_window_that_appears_while_locked_is_covered(
    qtbot: QtBot, archive_root: Path, worker: SessionWorker, sessions: list[LoggedIn]
) -> None:
    s = open_window(qtbot, archive_root, worker, sessions)
    s.lock.lock_now()
    late = QWidget()
    qtbot.addWidget(late)
    late.resize(300, 200)
    late.show()
    qtbot.waitUntil(lambda: any(c.parentWidget() is late for c in s.lock.covers), timeout=5_000)
    [cover] = [c for c in s.lock.covers if c.parentWidget() is late]
    assert cover.isVisible() and not cover.has_entry


def test_an_account_disabled_meanwhile_can_only_quit(
    qtbot: QtBot, archive_root: Path, worker: SessionWorker, sessions: list[LoggedIn]
) -> None:
    s = open_window(
        qtbot, archive_root, worker, sessions, user=CLERK, password=CLERK_PASSWORD, practice=True
    )
    s.lock.lock_now()
    admin = operations.log_in(archive_root, ADMIN, ADMIN_PASSWORD)
    sessions.append(admin)
    user_service.set_disabled(
        admin.session, admin_password=ADMIN_PASSWORD, username=CLERK, disabled=True
    )
    cover = unlock_with(qtbot, s.lock, CLERK_PASSWORD)
    assert s.lock.is_locked
    assert cover.error_line.text() == "该账户已停用，请联系管理员。"
    assert cover.quit_button.isVisible()
    assert not cover.password_edit.isVisible() and not cover.unlock_button.isVisible()
    assert cover.findChild(QWidget, "practiceBanner") is not None  # still marked 练习


def test_the_window_in_front_takes_the_password(
    qtbot: QtBot, archive_root: Path, worker: SessionWorker, sessions: list[LoggedIn]
) -> None:
    """A print preview (a window of its own, not modal) in front of the main window gets the
    password field, not the main window hidden behind it."""
    s = open_window(qtbot, archive_root, worker, sessions)
    preview = QWidget()
    qtbot.addWidget(preview)
    preview.resize(400, 300)
    preview.show()
    preview.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is preview, timeout=5_000)
    s.lock.lock_now()
    covers = {c.parentWidget(): c for c in s.lock.covers}
    assert covers[preview].has_entry and not covers[s.window].has_entry
    unlock_with(qtbot, s.lock, ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: not s.lock.is_locked, timeout=10_000)
