"""设置: text size applies at once, language waits for the next start, auto-lock only for admins."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.records_fixtures import add_account
from xueji_desktop.core.roles import Role
from xueji_desktop.services import session_lock
from xueji_desktop.services.archive import Created, login
from xueji_desktop.services.context import Session
from xueji_desktop.ui import appearance
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.settings_page import SettingsPage
from xueji_desktop.ui.worker import SessionWorker


@pytest.fixture(autouse=True)
def normal_text(qapp: QApplication) -> Iterator[None]:
    yield
    appearance.apply_text_size(qapp, "normal")  # the next test starts at the normal size


@pytest.fixture
def clerk(archive: Created, worker: SessionWorker) -> Iterator[Session]:
    add_account(archive.session, "clerk2", "Clerk-Only-Pass-77", [Role.CLERK])
    session = login(archive.session.archive.layout.root, "clerk2", "Clerk-Only-Pass-77")
    yield session
    worker.shutdown(session.close)


def make_page(qtbot: QtBot, session: Session, worker: SessionWorker) -> SettingsPage:
    page = SettingsPage(PageContext(session, worker, school_name="测试市职业中专"))
    qtbot.addWidget(page)
    page.show()
    page.activate()
    return page


def test_text_size_applies_to_the_whole_application_and_is_remembered(
    qtbot: QtBot, qapp: QApplication, archive: Created, worker: SessionWorker
) -> None:
    page = make_page(qtbot, archive.session, worker)
    base = qapp.font().pointSizeF()
    assert page.size_buttons["normal"].isChecked()
    label_size = page.lang_note.font().pointSizeF()
    page.size_buttons["larger"].click()
    qapp.processEvents()  # Qt posts the font change to every widget
    assert qapp.font().pointSizeF() == pytest.approx(base * 1.5)
    assert page.lang_note.font().pointSizeF() == pytest.approx(label_size * 1.5)  # it follows
    assert page.heading.font().pointSizeF() == pytest.approx(base * 1.5 * 1.6)  # so do headings
    assert appearance.current_text_size() == "larger"
    page.size_buttons["large"].click()
    assert qapp.font().pointSizeF() == pytest.approx(base * 1.25)
    again = make_page(qtbot, archive.session, worker)
    assert again.size_buttons["large"].isChecked()


def test_language_is_saved_for_the_next_start(
    qtbot: QtBot, archive: Created, worker: SessionWorker
) -> None:
    page = make_page(qtbot, archive.session, worker)
    assert page.lang_buttons["zh"].isChecked()  # the language in use
    assert page.lang_note.text() == "更换的语言在下次启动程序时生效。"
    page.lang_buttons["en"].click()
    assert appearance.saved_language() == "en"
    assert page.lang_note.text() == "已保存。关闭程序再重新打开后生效。"
    assert page.title() == "设置"  # nothing switches before the restart


def test_an_admin_sets_the_auto_lock(qtbot: QtBot, archive: Created, worker: SessionWorker) -> None:
    page = make_page(qtbot, archive.session, worker)
    assert page.lock_row is not None and page.lock_spin.isVisible()
    qtbot.waitUntil(page.lock_save.isEnabled, timeout=10_000)
    assert page.lock_spin.value() == 10  # the default, read from the archive
    page.lock_spin.setValue(25)
    with qtbot.waitSignal(page.autoLockChanged, timeout=10_000) as changed:
        page.lock_save.click()
    assert changed.args == [25]
    assert page.lock_saved.text() == "已保存。"
    worker.wait()
    assert session_lock.auto_lock_minutes(archive.session) == 25
    assert "锁定屏幕" in page.help_text()


def test_a_clerk_does_not_see_the_auto_lock(
    qtbot: QtBot, clerk: Session, worker: SessionWorker
) -> None:
    page = make_page(qtbot, clerk, worker)
    assert page.lock_row is None
    assert not page.lock_spin.isVisible() and not page.lock_save.isVisible()
    assert "锁定屏幕" not in page.help_text()
    assert page.school_label.text() == "测试市职业中专"
    assert page.size_buttons["normal"].isVisible()  # everyone has a text size
