"""档案 → 修改密码…: every signed-in user changes their own password, on a real archive.

What the dialog did is checked by signing in through services.archive.login (a session of its
own) once the worker is idle; a refusal says why and leaves the old password working.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from tests.conftest import ADMIN, ADMIN_PASSWORD, CLERK, CLERK_PASSWORD, SCHOOL, add_clerk
from tests.ui.conftest import VIEWER, VIEWER_PASSWORD
from xueji_desktop.core.errors import PasswordRejected, WrongCredentials, XuejiError
from xueji_desktop.services.archive import Created, login
from xueji_desktop.services.context import Session
from xueji_desktop.services.session_lock import lock_session, unlock_session
from xueji_desktop.storage.kdf import FAST_FOR_TESTS
from xueji_desktop.ui.i18n import error_text
from xueji_desktop.ui.main_window import MainWindow
from xueji_desktop.ui.operations import LoggedIn
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.password_dialog import ChangePasswordDialog
from xueji_desktop.ui.worker import SessionWorker

NEW_PASSWORD = "quiet-window-garden-7"


@pytest.fixture
def clerk(archive: Created, worker: SessionWorker) -> Iterator[Session]:
    """The clerk of ``archive``, signed in; closed after the worker's queued calls."""
    add_clerk(archive)
    session = login(archive.session.archive.layout.root, CLERK, CLERK_PASSWORD)
    yield session
    worker.wait()
    session.close()


def root_of(session: Session) -> Path:
    return session.archive.layout.root


def can_login(root: Path, user: str, password: str) -> XuejiError | None:
    try:
        login(root, user, password).close()
    except XuejiError as exc:
        return exc
    return None


def make_dialog(qtbot: QtBot, session: Session, worker: SessionWorker) -> ChangePasswordDialog:
    dialog = ChangePasswordDialog(
        PageContext(session, worker, school_name=SCHOOL), kdf=FAST_FOR_TESTS
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill(dialog: ChangePasswordDialog, current: str, new: str, repeat: str | None = None) -> None:
    dialog.current_edit.setText(current)
    dialog.fields.password_edit.setText(new)
    dialog.fields.repeat_edit.setText(new if repeat is None else repeat)


def press_ok(qtbot: QtBot, dialog: ChangePasswordDialog, worker: SessionWorker) -> None:
    dialog.ok_button.click()
    worker.wait()
    qtbot.waitUntil(lambda: dialog.changed or dialog.error_line.isVisible(), timeout=10_000)


# -- reaching it ----------------------------------------------------------------------------------


def test_every_user_finds_it_in_the_archive_menu(
    qtbot: QtBot, clerk: Session, worker: SessionWorker
) -> None:
    window = MainWindow(LoggedIn(clerk, SCHOOL), worker, pages=[])
    qtbot.addWidget(window)
    window.show()
    window.password_kdf = FAST_FOR_TESTS
    menu = window.menuBar().actions()[0].menu()
    assert window.password_action in menu.actions()  # type: ignore[union-attr]
    window.password_action.trigger()
    dialog = window.password_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.kdf == FAST_FOR_TESTS
    window.password_action.trigger()  # a second click shows the same dialog
    assert window.password_dialog is dialog
    dialog.reject()
    qtbot.waitUntil(lambda: window.password_dialog is None)
    worker.wait()
    window.close()


# -- changing it ----------------------------------------------------------------------------------


def test_a_clerk_changes_the_password_and_signs_in_with_it(
    qtbot: QtBot, clerk: Session, worker: SessionWorker
) -> None:
    dialog = make_dialog(qtbot, clerk, worker)
    fill(dialog, CLERK_PASSWORD, NEW_PASSWORD)
    press_ok(qtbot, dialog, worker)
    assert dialog.changed and dialog.done_label.isVisible()
    assert not dialog.error_line.isVisible()
    assert dialog.current_edit.text() == "" and dialog.fields.password_edit.text() == ""
    dialog.ok_button.click()  # now 关闭
    assert not dialog.isVisible()
    root = root_of(clerk)
    assert can_login(root, CLERK, NEW_PASSWORD) is None
    assert isinstance(can_login(root, CLERK, CLERK_PASSWORD), WrongCredentials)
    # The open session unlocks with the new password too.
    lock_session(clerk, reason="manual")
    unlock_session(clerk, NEW_PASSWORD)
    assert not clerk.locked


def test_the_admin_changes_the_own_password(
    qtbot: QtBot, archive: Created, worker: SessionWorker
) -> None:
    dialog = make_dialog(qtbot, archive.session, worker)
    fill(dialog, ADMIN_PASSWORD, "eleven-char")  # an admin needs 12
    press_ok(qtbot, dialog, worker)
    assert dialog.error_line.text() == error_text(
        PasswordRejected(reason="too_short", min_length=12)
    )
    fill(dialog, ADMIN_PASSWORD, "Admin-New-Pass-2026")
    press_ok(qtbot, dialog, worker)
    assert dialog.changed
    assert can_login(root_of(archive.session), ADMIN, "Admin-New-Pass-2026") is None


def test_a_wrong_current_password_changes_nothing(
    qtbot: QtBot, clerk: Session, worker: SessionWorker
) -> None:
    dialog = make_dialog(qtbot, clerk, worker)
    fill(dialog, "not-my-password", NEW_PASSWORD)
    press_ok(qtbot, dialog, worker)
    assert not dialog.changed and dialog.isVisible()
    assert dialog.error_line.text() == QCoreApplication.translate(
        "ChangePasswordDialog", "The current password is wrong; nothing was changed."
    )
    assert dialog.ok_button.isEnabled()
    root = root_of(clerk)
    assert can_login(root, CLERK, CLERK_PASSWORD) is None
    assert isinstance(can_login(root, CLERK, NEW_PASSWORD), WrongCredentials)


@pytest.mark.parametrize(
    ("current", "new", "repeat", "expected"),
    [
        (
            CLERK_PASSWORD,
            "short",
            None,
            lambda: error_text(PasswordRejected(reason="too_short", min_length=8)),
        ),
        (
            CLERK_PASSWORD,
            "iloveyou123",
            None,
            lambda: error_text(PasswordRejected(reason="common")),
        ),
        (CLERK_PASSWORD, "12345678", None, lambda: error_text(PasswordRejected(reason="common"))),
        (
            CLERK_PASSWORD,
            "clerk1-2026",
            None,
            lambda: error_text(PasswordRejected(reason="context")),
        ),
        (
            CLERK_PASSWORD,
            SCHOOL + "1",
            None,
            lambda: error_text(PasswordRejected(reason="context")),
        ),
        (CLERK_PASSWORD, " " * 12, None, lambda: error_text(PasswordRejected(reason="blank"))),
        (
            CLERK_PASSWORD,
            "y" * 1024,
            None,
            lambda: error_text(PasswordRejected(reason="too_long", max_length=128)),
        ),
        (
            CLERK_PASSWORD,
            NEW_PASSWORD,
            NEW_PASSWORD.upper(),
            lambda: QCoreApplication.translate(
                "PasswordHints", "The two new passwords are not the same. Type them again."
            ),
        ),
        (
            CLERK_PASSWORD,
            "",
            "",
            lambda: QCoreApplication.translate("PasswordHints", "Type the new password."),
        ),
        (
            "",
            NEW_PASSWORD,
            None,
            lambda: QCoreApplication.translate(
                "ChangePasswordDialog", "Type your current password."
            ),
        ),
    ],
)
def test_a_refused_new_password_says_why_and_changes_nothing(
    qtbot: QtBot,
    clerk: Session,
    worker: SessionWorker,
    current: str,
    new: str,
    repeat: str | None,
    expected: Callable[[], str],
) -> None:
    dialog = make_dialog(qtbot, clerk, worker)
    fill(dialog, current, new, repeat)
    press_ok(qtbot, dialog, worker)
    assert not dialog.changed and dialog.isVisible()
    assert dialog.error_line.text() == expected()
    assert can_login(root_of(clerk), CLERK, CLERK_PASSWORD) is None


def test_the_hints_follow_what_is_typed(
    qtbot: QtBot, clerk: Session, worker: SessionWorker
) -> None:
    dialog = make_dialog(qtbot, clerk, worker)
    hints = dialog.fields.hints
    qtbot.waitUntil(lambda: hints.common is not None, timeout=10_000)
    assert hints.state == {"length": "open", "words": "open", "match": "open"}
    assert "8" in hints.length_line.text()  # a clerk: 8 characters
    dialog.fields.password_edit.setText("short")
    assert hints.state["length"] == "bad" and hints.state["words"] == "open"
    dialog.fields.password_edit.setText("iloveyou123")
    assert hints.state == {"length": "ok", "words": "bad", "match": "open"}
    dialog.fields.password_edit.setText(CLERK + "2026")
    assert hints.state["words"] == "bad"
    dialog.fields.password_edit.setText(NEW_PASSWORD)
    dialog.fields.repeat_edit.setText("something else")
    assert hints.state == {"length": "ok", "words": "ok", "match": "bad"}
    dialog.fields.repeat_edit.setText(NEW_PASSWORD)
    assert hints.state["match"] == "ok"
    dialog.fields.password_edit.setText("z" * 200)
    assert hints.state["length"] == "bad" and "128" in hints.length_line.text()
    dialog.reject()
    assert shiboken6.isValid(dialog)


def test_a_viewer_changes_the_password_too(
    qtbot: QtBot, school: Created, viewer_session: Session, worker: SessionWorker
) -> None:
    window = MainWindow(LoggedIn(viewer_session, SCHOOL), worker, pages=[])
    qtbot.addWidget(window)
    window.show()
    window.password_kdf = FAST_FOR_TESTS
    window.password_action.trigger()
    dialog = window.password_dialog
    assert dialog is not None
    fill(dialog, VIEWER_PASSWORD, NEW_PASSWORD)
    press_ok(qtbot, dialog, worker)
    assert dialog.changed
    assert can_login(root_of(viewer_session), VIEWER, NEW_PASSWORD) is None
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: window.password_dialog is None)
    window.close()
