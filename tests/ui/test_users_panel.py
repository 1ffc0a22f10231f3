"""设置 → 用户: the administrators' list of accounts and its dialogs, on a real archive.

Each change runs on the worker, asks for the admin's own password again and reloads the list;
what it did is checked by signing in through services.archive.login (a session of its own).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from tests.conftest import ADMIN, ADMIN_PASSWORD, CLERK, CLERK_PASSWORD, SCHOOL, add_clerk
from tests.ui.conftest import VIEWER
from xueji_desktop.core.errors import (
    AccountDisabled,
    AccountLocked,
    LoginThrottled,
    PasswordRejected,
    UserExists,
    ValidationError,
    WrongCredentials,
    XuejiError,
)
from xueji_desktop.core.roles import Role
from xueji_desktop.services import users
from xueji_desktop.services.archive import Created, login
from xueji_desktop.services.context import Session
from xueji_desktop.storage.kdf import FAST_FOR_TESTS
from xueji_desktop.ui.i18n import error_text
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.settings_page import SettingsPage
from xueji_desktop.ui.users_dialogs import (
    NewUserDialog,
    ResetPasswordDialog,
    UserActionDialog,
)
from xueji_desktop.ui.users_panel import UsersModel, UsersPanel
from xueji_desktop.ui.worker import SessionWorker

NEW_PASSWORD = "paper-lantern-river"


def wrong_own() -> str:
    """Read when the test runs: the translators are installed by then, not at import."""
    return QCoreApplication.translate(
        "UsersPanel",
        "Your own password is wrong; nothing was changed. Type the password you signed in with.",
    )


@pytest.fixture
def ctx(archive: Created, worker: SessionWorker) -> PageContext:
    return PageContext(archive.session, worker, school_name=SCHOOL)


def make_panel(qtbot: QtBot, ctx: PageContext) -> UsersPanel:
    panel = UsersPanel(ctx)
    panel.kdf = FAST_FOR_TESTS
    qtbot.addWidget(panel)
    panel.show()
    panel.load()
    qtbot.waitUntil(lambda: panel.loaded, timeout=10_000)
    return panel


def by_name(panel: UsersPanel) -> dict[str, users.UserInfo]:
    return {u.username: u for u in panel.model.rows()}


def open_dialog(qtbot: QtBot, panel: UsersPanel, button: str) -> QDialog:
    getattr(panel, button).click()
    dialog = panel.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def press_ok(qtbot: QtBot, dialog: QDialog, worker: SessionWorker) -> None:
    """OK, then wait for the worker's answer (the dialog closes or says why it did not)."""
    dialog.ok_button.click()  # type: ignore[attr-defined]
    worker.wait()
    qtbot.waitUntil(
        lambda: closed(dialog) or dialog.error_line.isVisible(),  # type: ignore[attr-defined]
        timeout=10_000,
    )


def closed(dialog: QDialog) -> bool:
    """Closed (and perhaps deleted already: the panel deletes a dialog once it is closed)."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def can_login(root: object, user: str, password: str) -> XuejiError | None:
    try:
        session = login(root, user, password)  # type: ignore[arg-type]
    except XuejiError as exc:
        return exc
    roles = session.roles
    session.close()
    assert roles
    return None


def fill_new_user(
    dialog: NewUserDialog,
    *,
    name: str = "lixia",
    display: str = "李霞",
    password: str = NEW_PASSWORD,
    repeat: str | None = None,
    admin: str = ADMIN_PASSWORD,
    roles: tuple[Role, ...] = (Role.CLERK,),
) -> None:
    dialog.username_edit.setText(name)
    dialog.display_edit.setText(display)
    for role, box in dialog.role_boxes.items():
        box.setChecked(role in roles)
    dialog.fields.password_edit.setText(password)
    dialog.fields.repeat_edit.setText(password if repeat is None else repeat)
    dialog.admin_edit.setText(admin)


# -- who sees it --------------------------------------------------------------------------------


def test_the_admin_sees_the_section_and_the_list(
    qtbot: QtBot, ctx: PageContext, worker: SessionWorker
) -> None:
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.activate()
    assert page.users_panel is not None
    panel = page.users_panel
    qtbot.waitUntil(lambda: panel.loaded, timeout=10_000)
    assert panel.isVisible()
    assert list(by_name(panel)) == [ADMIN]
    assert panel.model.data(panel.model.index(0, 2)) == QCoreApplication.translate(
        "UsersPanel", "Administrator"
    ) + QCoreApplication.translate("UsersPanel", ", ") + QCoreApplication.translate(
        "UsersPanel", "Archive clerk"
    )


def test_a_clerk_and_a_viewer_do_not_see_the_section(
    qtbot: QtBot, school: Created, viewer_session: Session, worker: SessionWorker
) -> None:
    add_clerk(school)
    clerk = login(school.session.archive.layout.root, CLERK, CLERK_PASSWORD)
    try:
        for session in (clerk, viewer_session):
            page = SettingsPage(PageContext(session, worker))
            qtbot.addWidget(page)
            page.show()
            page.activate()
            assert page.users_panel is None
            assert page.findChildren(UsersPanel) == []
            worker.wait()
    finally:
        worker.wait()
        qtbot.wait(1)
        clerk.close()


def test_the_model_passes_the_model_tester(qtmodeltester: object, school: Created) -> None:
    model = UsersModel()
    model.set_rows(users.list_users(school.session))
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.rowCount() == 2
    viewer = model.row_of(VIEWER)
    assert model.data(model.index(viewer, 2)) == QCoreApplication.translate(
        "UsersPanel", "Read only"
    )


# -- new user -----------------------------------------------------------------------------------


def test_add_a_clerk_who_then_signs_in(
    qtbot: QtBot, ctx: PageContext, worker: SessionWorker, archive: Created
) -> None:
    panel = make_panel(qtbot, ctx)
    dialog = open_dialog(qtbot, panel, "new_button")
    assert isinstance(dialog, NewUserDialog)
    assert dialog.role_boxes[Role.CLERK].isChecked()  # the usual case is ticked already
    fill_new_user(dialog)
    press_ok(qtbot, dialog, worker)
    assert closed(dialog)
    qtbot.waitUntil(lambda: "lixia" in by_name(panel))
    added = by_name(panel)["lixia"]
    assert added.display_name == "李霞" and added.roles == frozenset({Role.CLERK})
    assert panel.selected() is not None and panel.selected().username == "lixia"  # type: ignore[union-attr]
    assert panel.done_label.isVisible() and "lixia" in panel.done_label.text()
    root = archive.session.archive.layout.root
    clerk = login(root, "lixia", NEW_PASSWORD)
    try:
        assert clerk.roles == frozenset({Role.CLERK})
    finally:
        clerk.close()


def test_roles_are_checkboxes_and_several_may_be_ticked(
    qtbot: QtBot, ctx: PageContext, worker: SessionWorker, archive: Created
) -> None:
    panel = make_panel(qtbot, ctx)
    dialog = open_dialog(qtbot, panel, "new_button")
    assert isinstance(dialog, NewUserDialog)
    assert [b.text() for b in dialog.role_boxes.values()] == [
        QCoreApplication.translate("UsersPanel", t)
        for t in ("Administrator", "Archive clerk", "Read only")
    ]
    fill_new_user(
        dialog, name="zhang", password="Two-Roles-Strong-99", roles=(Role.ADMIN, Role.CLERK)
    )
    press_ok(qtbot, dialog, worker)
    assert by_name(panel)["zhang"].roles == frozenset({Role.ADMIN, Role.CLERK})


def test_wrong_admin_password_adds_nobody(
    qtbot: QtBot, ctx: PageContext, worker: SessionWorker, archive: Created
) -> None:
    panel = make_panel(qtbot, ctx)
    dialog = open_dialog(qtbot, panel, "new_button")
    fill_new_user(dialog, admin="not-my-password")  # type: ignore[arg-type]
    press_ok(qtbot, dialog, worker)
    assert dialog.isVisible()
    assert dialog.error_line.text() == wrong_own()  # type: ignore[attr-defined]
    assert list(by_name(panel)) == [ADMIN]
    assert isinstance(can_login(archive.session.archive.layout.root, "lixia", NEW_PASSWORD),
                      WrongCredentials)  # fmt: skip
    assert users.list_users(archive.session)[0].username == ADMIN
    assert len(users.list_users(archive.session)) == 1


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"password": "short1"},
            lambda: error_text(PasswordRejected(reason="too_short", min_length=8)),
        ),
        (
            {"password": "iloveyou123"},
            lambda: error_text(PasswordRejected(reason="common")),
        ),
        (
            {"password": "lixia2026"},
            lambda: error_text(PasswordRejected(reason="context")),
        ),
        (  # an admin needs 12 characters
            {"password": "eleven-char", "roles": (Role.ADMIN,)},
            lambda: error_text(PasswordRejected(reason="too_short", min_length=12)),
        ),
        (
            {"password": "x" * 1024},
            lambda: error_text(PasswordRejected(reason="too_long", max_length=128)),
        ),
        (
            {"repeat": "paper-lantern-rivers"},
            lambda: QCoreApplication.translate(
                "PasswordHints", "The two new passwords are not the same. Type them again."
            ),
        ),
        (
            {"password": ""},
            lambda: QCoreApplication.translate("PasswordHints", "Type the new password."),
        ),
        (
            {"name": "   "},
            lambda: QCoreApplication.translate("NewUserDialog", "Type a user name."),
        ),
        (
            {"name": "li/xia"},
            lambda: error_text(ValidationError(field="username", reason="invalid")),
        ),
        (
            {"roles": ()},
            lambda: QCoreApplication.translate("NewUserDialog", "Choose at least one role."),
        ),
        (
            {"admin": ""},
            lambda: QCoreApplication.translate(
                "UsersPanel", "Type your own password: changes to users need it again."
            ),
        ),
        ({"name": ADMIN}, lambda: error_text(UserExists(user=ADMIN))),
    ],
)
def test_a_refused_new_user_says_why_and_changes_nothing(
    qtbot: QtBot,
    ctx: PageContext,
    worker: SessionWorker,
    archive: Created,
    fields: dict[str, object],
    expected: Callable[[], str],
) -> None:
    panel = make_panel(qtbot, ctx)
    dialog = open_dialog(qtbot, panel, "new_button")
    fill_new_user(dialog, **fields)  # type: ignore[arg-type]
    press_ok(qtbot, dialog, worker)
    assert dialog.isVisible()
    assert dialog.error_line.text() == expected()  # type: ignore[attr-defined]
    assert dialog.ok_button.isEnabled()  # type: ignore[attr-defined]
    assert [u.username for u in users.list_users(archive.session)] == [ADMIN]
    assert not panel.done_label.isVisible()


def test_the_hints_follow_the_roles_and_what_is_typed(
    qtbot: QtBot, ctx: PageContext, worker: SessionWorker
) -> None:
    panel = make_panel(qtbot, ctx)
    dialog = open_dialog(qtbot, panel, "new_button")
    assert isinstance(dialog, NewUserDialog)
    hints = dialog.fields.hints
    qtbot.waitUntil(lambda: hints.common is not None, timeout=10_000)
    assert hints.state == {"length": "open", "words": "open", "match": "open"}
    dialog.username_edit.setText("lixia")
    dialog.fields.password_edit.setText("lixia2026")
    assert hints.state["length"] == "ok" and hints.state["words"] == "bad"
    dialog.role_boxes[Role.ADMIN].setChecked(True)  # 12 characters now
    assert hints.state["length"] == "bad" and "12" in hints.length_line.text()
    dialog.fields.password_edit.setText("iloveyou12345")
    assert hints.state["words"] == "bad"
    dialog.fields.password_edit.setText(NEW_PASSWORD)
    dialog.fields.repeat_edit.setText(NEW_PASSWORD[:-1])
    assert hints.state == {"length": "ok", "words": "ok", "match": "bad"}
    dialog.fields.repeat_edit.setText(NEW_PASSWORD)
    assert hints.state["match"] == "ok"
    dialog.reject()


# -- reset, unlock, disable ---------------------------------------------------------------------


def test_reset_a_password(
    qtbot: QtBot, ctx: PageContext, worker: SessionWorker, archive: Created
) -> None:
    add_clerk(archive)
    panel = make_panel(qtbot, ctx)
    panel.select(CLERK)
    assert panel.reset_button.isEnabled()
    dialog = open_dialog(qtbot, panel, "reset_button")
    assert isinstance(dialog, ResetPasswordDialog)
    dialog.fields.password_edit.setText(NEW_PASSWORD)
    dialog.fields.repeat_edit.setText(NEW_PASSWORD)
    dialog.admin_edit.setText("wrong-password-here")
    press_ok(qtbot, dialog, worker)
    assert dialog.error_line.text() == wrong_own()
    root = archive.session.archive.layout.root
    assert can_login(root, CLERK, CLERK_PASSWORD) is None  # nothing changed
    dialog.fields.password_edit.setText("123")
    dialog.fields.repeat_edit.setText("123")
    dialog.admin_edit.setText(ADMIN_PASSWORD)
    press_ok(qtbot, dialog, worker)
    assert dialog.error_line.text() == error_text(
        PasswordRejected(reason="too_short", min_length=8)
    )
    assert can_login(root, CLERK, CLERK_PASSWORD) is None
    dialog.fields.password_edit.setText(NEW_PASSWORD)
    dialog.fields.repeat_edit.setText(NEW_PASSWORD)
    press_ok(qtbot, dialog, worker)
    assert closed(dialog)
    assert CLERK in panel.done_label.text()
    assert can_login(root, CLERK, NEW_PASSWORD) is None
    assert isinstance(can_login(root, CLERK, CLERK_PASSWORD), WrongCredentials)


def test_ones_own_password_is_not_reset_here(qtbot: QtBot, ctx: PageContext) -> None:
    panel = make_panel(qtbot, ctx)
    panel.select(ADMIN)
    assert not panel.reset_button.isEnabled()
    assert panel.reset_button.toolTip()
    panel.reset_password()  # a double click on one's own row opens nothing
    assert panel.dialog is None


def _lock_out(root: object, user: str) -> None:
    """Wrong passwords until the account locks, on a clock that skips the waits (the lock then
    outlasts the real clock the admin's session reads)."""
    now = [time.time()]
    for _ in range(30):
        try:
            login(root, user, "not-the-password", clock=lambda: now[0])  # type: ignore[arg-type]
        except LoginThrottled as exc:
            now[0] += float(exc.fields["retry_after"])  # type: ignore[arg-type]
        except AccountLocked:
            return
        except WrongCredentials:
            pass
    raise AssertionError("never locked")


def test_unlock_after_failed_logins(
    qtbot: QtBot, ctx: PageContext, worker: SessionWorker, archive: Created
) -> None:
    add_clerk(archive)
    root = archive.session.archive.layout.root
    _lock_out(root, CLERK)
    assert isinstance(can_login(root, CLERK, CLERK_PASSWORD), AccountLocked)
    panel = make_panel(qtbot, ctx)
    assert by_name(panel)[CLERK].locked
    assert panel.model.status_text(by_name(panel)[CLERK]) == QCoreApplication.translate(
        "UsersModel", "Locked"
    )
    panel.select(ADMIN)
    assert not panel.unlock_button.isEnabled()  # nothing to lift
    panel.select(CLERK)
    assert panel.unlock_button.isEnabled()
    dialog = open_dialog(qtbot, panel, "unlock_button")
    assert isinstance(dialog, UserActionDialog) and dialog.action == "unlock"
    dialog.admin_edit.setText("wrong-password-here")
    press_ok(qtbot, dialog, worker)
    assert dialog.error_line.text() == wrong_own()
    assert isinstance(can_login(root, CLERK, CLERK_PASSWORD), AccountLocked)
    dialog.admin_edit.setText(ADMIN_PASSWORD)
    press_ok(qtbot, dialog, worker)
    assert closed(dialog)
    assert not by_name(panel)[CLERK].locked
    assert not panel.unlock_button.isEnabled()
    assert can_login(root, CLERK, CLERK_PASSWORD) is None


def test_disable_and_enable(
    qtbot: QtBot, ctx: PageContext, worker: SessionWorker, archive: Created
) -> None:
    add_clerk(archive)
    root = archive.session.archive.layout.root
    panel = make_panel(qtbot, ctx)
    panel.select(CLERK)
    assert panel.disable_button.text() == QCoreApplication.translate("UsersPanel", "Disable…")
    dialog = open_dialog(qtbot, panel, "disable_button")
    assert isinstance(dialog, UserActionDialog) and dialog.action == "disable"
    dialog.admin_edit.setText(ADMIN_PASSWORD)
    press_ok(qtbot, dialog, worker)
    assert closed(dialog)
    assert by_name(panel)[CLERK].disabled
    assert panel.disable_button.text() == QCoreApplication.translate("UsersPanel", "Enable…")
    assert isinstance(can_login(root, CLERK, CLERK_PASSWORD), AccountDisabled)
    dialog = open_dialog(qtbot, panel, "disable_button")
    assert isinstance(dialog, UserActionDialog) and dialog.action == "enable"
    dialog.admin_edit.setText(ADMIN_PASSWORD)
    press_ok(qtbot, dialog, worker)
    assert not by_name(panel)[CLERK].disabled
    assert can_login(root, CLERK, CLERK_PASSWORD) is None


def test_ones_own_account_cannot_be_disabled_here(
    qtbot: QtBot, ctx: PageContext, archive: Created
) -> None:
    # The only admin is the one signed in: the button is grey with a reason, and nothing opens
    # (the service would refuse with LastAdmin after asking for the password).
    panel = make_panel(qtbot, ctx)
    panel.select(ADMIN)
    assert not panel.disable_button.isEnabled()
    assert panel.disable_button.toolTip()
    panel.toggle_disabled()
    assert panel.dialog is None
    assert not users.list_users(archive.session)[0].disabled


def test_a_second_admin_can_be_disabled_and_the_list_follows(
    qtbot: QtBot, ctx: PageContext, worker: SessionWorker, archive: Created
) -> None:
    users.add_user(
        archive.session,
        admin_password=ADMIN_PASSWORD,
        username="admin2",
        password="Second-Admin-Pass-77",
        roles=frozenset({Role.ADMIN}),
        kdf=FAST_FOR_TESTS,
    )
    panel = make_panel(qtbot, ctx)
    panel.select("admin2")
    dialog = open_dialog(qtbot, panel, "disable_button")
    dialog.admin_edit.setText(ADMIN_PASSWORD)  # type: ignore[attr-defined]
    press_ok(qtbot, dialog, worker)
    assert closed(dialog)
    assert by_name(panel)["admin2"].disabled
