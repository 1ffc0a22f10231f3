"""The main window: pages by role, lazy pages with navigation arguments, F1, closing with unsaved
changes, remembered geometry, the status bar in plain words, integrity warnings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import ClassVar

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.records_fixtures import add_account
from xueji_desktop.core.roles import Permission, Role
from xueji_desktop.services.archive import Created
from xueji_desktop.ui import operations
from xueji_desktop.ui.lock import LockController
from xueji_desktop.ui.main_window import MainWindow
from xueji_desktop.ui.operations import LoggedIn
from xueji_desktop.ui.pages import Page, PageContext
from xueji_desktop.ui.settings_page import SettingsPage
from xueji_desktop.ui.start_page import StartPage
from xueji_desktop.ui.worker import SessionWorker

ACCOUNTS = {
    "admin2": ("Admin-Only-Pass-77", [Role.ADMIN]),
    "clerk2": ("Clerk-Only-Pass-77", [Role.CLERK]),
    "viewer2": ("Viewer-Only-Pass-77", [Role.VIEWER]),
}


class EditPage(Page):
    """A clerk's page that can hold unsaved changes."""

    page_id = "edit"
    permission: ClassVar[Permission] = Permission.WRITE_RECORDS
    built = 0

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        EditPage.built += 1
        self.visits: list[dict[str, object]] = []
        self.dirty = False
        self.discarded = False

    def title(self) -> str:
        return "编辑页"

    def help_text(self) -> str:
        return "<p>在这里修改记录。</p>"

    def activate(self, **args: object) -> None:
        self.visits.append(args)

    def has_unsaved_changes(self) -> bool:
        return self.dirty

    def discard_changes(self) -> None:
        self.discarded = True
        self.dirty = False


class AdminPage(Page):
    page_id = "admin_only"
    permission: ClassVar[Permission] = Permission.MANAGE_USERS

    def title(self) -> str:
        return "管理页"

    def help_text(self) -> str:
        return "管理"


PAGES = [StartPage, EditPage, AdminPage, SettingsPage]


@pytest.fixture
def open_window(
    qtbot: QtBot, archive: Created, worker: SessionWorker, sessions: list[LoggedIn]
) -> Iterator[Callable[..., MainWindow]]:
    root = archive.session.archive.layout.root
    for name, (password, roles) in ACCOUNTS.items():
        add_account(archive.session, name, password, roles)

    def make(user: str = ADMIN, *, practice: bool = False, show: bool = True) -> MainWindow:
        password = ADMIN_PASSWORD if user == ADMIN else ACCOUNTS[user][0]
        logged_in = operations.log_in(root, user, password)
        sessions.append(logged_in)
        window = MainWindow(logged_in, worker, practice=practice, pages=PAGES)
        qtbot.addWidget(window)
        if show:
            window.show()
        return window

    yield make


def nav_ids(window: MainWindow) -> list[str]:
    nav = window.navigation
    return [str(nav.item(r).data(Qt.ItemDataRole.UserRole)) for r in range(nav.count())]


def nav_titles(window: MainWindow) -> list[str]:
    return [window.navigation.item(r).text() for r in range(window.navigation.count())]


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        (ADMIN, ["start", "edit", "admin_only", "settings"]),  # the owner: admin + clerk
        ("admin2", ["start", "admin_only", "settings"]),
        ("clerk2", ["start", "edit", "settings"]),
        ("viewer2", ["start", "settings"]),
    ],
)
def test_navigation_shows_only_the_pages_the_role_allows(
    open_window: Callable[..., MainWindow], user: str, expected: list[str]
) -> None:
    window = open_window(user)
    assert nav_ids(window) == expected
    assert nav_titles(window)[0] == "待办" and nav_titles(window)[-1] == "设置"
    assert window.current_page() is window.pages["start"]  # the start page opens first
    window.navigate("admin_only", {})  # another page asking for a page the user may not see
    if "admin_only" not in expected:
        assert "admin_only" not in window.pages
        assert window.current_page() is window.pages["start"]


def test_pages_are_built_on_first_visit_and_told_their_arguments(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    EditPage.built = 0
    window = open_window()
    assert set(window.pages) == {"start"} and EditPage.built == 0
    with qtbot.waitSignal(window.pageShown) as shown:
        window.navigation.setCurrentRow(1)  # the clerk clicks 编辑页
    assert shown.args == ["edit"]
    page = window.pages["edit"]
    assert isinstance(page, EditPage) and EditPage.built == 1
    assert page.visits == [{}]
    # a page navigates through its context: same page object, the arguments handed on
    window.pages["start"].ctx.go("edit", student_ids=[3, 4], caption="为什么")
    assert EditPage.built == 1
    assert page.visits[-1] == {"student_ids": [3, 4], "caption": "为什么"}
    assert window.current_page() is page
    assert window.navigation.currentItem().text() == "编辑页"


def test_f1_shows_the_current_pages_help(qtbot: QtBot, open_window: Callable[..., MainWindow]):
    window = open_window()
    window.navigate("edit", {})
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window.pages["edit"], Qt.Key.Key_F1)
    help_dialog = window.help_dialog
    assert help_dialog is not None and help_dialog.isVisible()
    assert help_dialog.heading.text() == "编辑页"
    assert "在这里修改记录" in help_dialog.browser.toPlainText()
    window.navigate("start", {})
    window.help_action.trigger()
    assert help_dialog.heading.text() == "待办"
    assert "截止" in help_dialog.browser.toPlainText()


def _answer_discard_box(qtbot: QtBot, button_text: str) -> list[str]:
    """Click ``button_text`` in the question when it appears; returns its text for checking."""
    seen: list[str] = []

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        for button in box.buttons():
            if button.text() == button_text:
                button.click()

    QTimer.singleShot(0, click)
    return seen


def test_closing_with_unsaved_changes_asks(qtbot: QtBot, open_window: Callable[..., MainWindow]):
    window = open_window()
    window.navigate("edit", {})
    page = window.pages["edit"]
    assert isinstance(page, EditPage)
    page.dirty = True

    seen = _answer_discard_box(qtbot, "返回")
    assert not window.close()
    assert window.isVisible() and not page.discarded
    assert seen == ["有修改还没有保存（编辑页）。"]

    _answer_discard_box(qtbot, "放弃修改并关闭")
    assert window.close()
    assert page.discarded and not window.isVisible()


def test_closing_without_changes_does_not_ask(open_window: Callable[..., MainWindow]) -> None:
    window = open_window()
    window.navigate("edit", {})
    assert window.close()


def test_window_size_and_splitter_are_remembered(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    first = open_window()
    first.resize(720, 520)
    first.splitter.setSizes([240, 480])
    nav_width = first.splitter.sizes()[0]
    assert first.close()
    second = open_window("clerk2")
    assert (second.width(), second.height()) == (720, 520)
    assert second.splitter.sizes()[0] == nav_width


def test_status_bar_says_who_where_and_practice(open_window: Callable[..., MainWindow]) -> None:
    window = open_window("clerk2", practice=True)
    assert window.user_label.text() == "当前用户：clerk2（档案员）"
    assert window.school_label.text() == "档案库：测试市职业中专"
    assert window.practice_label is not None and window.practice_label.isVisible()
    assert window.practice_label.text() == "练习库"
    assert window.windowTitle().startswith("【练习】")
    assert window.practice_banner is not None and window.practice_banner.isVisible()
    owner = open_window()
    assert owner.user_label.text() == "当前用户：admin（管理员、档案员）"
    assert owner.practice_label is None and owner.practice_banner is None


def test_integrity_warning_is_shown_for_the_whole_session(
    qtbot: QtBot, archive: Created, worker: SessionWorker
) -> None:
    """A broken audit chain found at login stays visible in the main window, in plain words."""
    session = archive.session
    session.warnings.append("audit_chain:anchor_absent:3")
    window = MainWindow(LoggedIn(session, "测试学校"), worker, pages=PAGES)
    qtbot.addWidget(window)
    window.show()
    line = window.integrity_line
    assert line.isVisible()
    assert "修改记录" in line.text() and "xueji check" in line.text()
    assert "HMAC" not in line.text() and "keyring" not in line.text()
    window.navigate("settings", {})
    assert line.isVisible()


def test_the_lock_menu_item_locks_and_settings_tell_the_lock(
    qtbot: QtBot, open_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    received: list[int] = []
    real = LockController.set_idle_minutes

    def spy(self: LockController, minutes: int) -> None:
        received.append(minutes)
        real(self, minutes)

    monkeypatch.setattr(LockController, "set_idle_minutes", spy)
    window = open_window()
    window.navigate("settings", {})
    settings = window.pages["settings"]
    assert isinstance(settings, SettingsPage)
    settings.autoLockChanged.emit(7)  # what the page says after a save
    assert received[-1] == 7
    assert window.lock_action in window.menuBar().actions()[0].menu().actions()
    with qtbot.waitSignal(window.lock.locked, timeout=10_000):
        window.lock_action.trigger()
    assert window.lock.is_locked
