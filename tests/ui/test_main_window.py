"""The main window: the student list loads on the worker, search narrows it, failures are calm."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.ui.conftest import Archive
from xueji_desktop.core.errors import ArchiveBusy
from xueji_desktop.messages import message_for
from xueji_desktop.services import students as students_service
from xueji_desktop.services.context import Session
from xueji_desktop.ui import operations
from xueji_desktop.ui.main_window import MainWindow
from xueji_desktop.ui.operations import LoggedIn
from xueji_desktop.ui.worker import SessionWorker


@pytest.fixture
def open_window(
    qtbot: QtBot,
    student_archive: Callable[..., Archive],
    worker: SessionWorker,
    sessions: list[LoggedIn],
) -> Callable[..., tuple[MainWindow, Archive]]:
    def make(*, students: bool = True, wait: bool = True) -> tuple[MainWindow, Archive]:
        archive = student_archive(students=students)
        logged_in = operations.log_in(archive.root, ADMIN, ADMIN_PASSWORD)
        sessions.append(logged_in)
        window = MainWindow(logged_in, worker)
        qtbot.addWidget(window)
        window.show()
        if wait:
            qtbot.waitUntil(lambda: window.refresh_button.isEnabled(), timeout=10_000)
        return window, archive

    return make


def shown_names(window: MainWindow) -> list[str]:
    proxy = window.proxy
    return [str(proxy.data(proxy.index(r, 1))) for r in range(proxy.rowCount())]


def test_search_filters_the_rows(qtbot: QtBot, open_window: Callable[..., tuple]) -> None:
    window, archive = open_window()
    assert window.proxy.rowCount() == archive.students
    first = window.model.row_at(0)

    qtbot.keyClicks(window.search_edit, first.student_no)  # typed key by key (QTest: ASCII only)
    assert shown_names(window) == [first.name]
    window.search_edit.setText(first.name)  # Chinese arrives through the input method
    assert first.name in shown_names(window)
    assert all(first.name in name for name in shown_names(window))
    assert (
        window.count_label.text()
        == f"显示 {window.proxy.rowCount()} 名，共 {archive.students} 名学生"
    )

    window.search_edit.setText(first.class_group)
    expected = sum(1 for r in range(archive.students) if window.model.row_at(r).class_group
                   == first.class_group)  # fmt: skip
    assert window.proxy.rowCount() == expected < archive.students

    window.search_edit.setText("没有这个人")
    assert window.proxy.rowCount() == 0
    assert window.notice.isVisible()
    assert window.notice.text() == "没有找到与“没有这个人”相符的学生。"

    window.search_edit.clear()
    assert window.proxy.rowCount() == archive.students
    assert not window.notice.isVisible()
    assert window.count_label.text() == f"共 {archive.students} 名学生"


def test_the_list_loads_off_the_gui_thread(
    qtbot: QtBot, open_window: Callable[..., tuple], monkeypatch: pytest.MonkeyPatch
) -> None:
    called_on: list[threading.Thread] = []
    real = students_service.list_students

    def spy(session: Session, **kw: object) -> list[students_service.StudentRow]:
        called_on.append(threading.current_thread())
        return real(session, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(students_service, "list_students", spy)
    window, archive = open_window()
    assert called_on and called_on[0] is not threading.main_thread()
    assert window.proxy.rowCount() == archive.students


def test_a_failed_load_says_what_happened_and_reload_recovers(
    qtbot: QtBot, open_window: Callable[..., tuple], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = students_service.list_students

    def busy(session: Session, **kw: object) -> list[students_service.StudentRow]:
        raise ArchiveBusy()

    monkeypatch.setattr(students_service, "list_students", busy)
    window, archive = open_window(wait=False)
    with qtbot.waitSignal(window.loadFailed, timeout=10_000) as failed:
        pass
    assert failed.args == [message_for(ArchiveBusy(), "zh")]
    assert window.error_line.isVisible()
    assert window.error_line.text() == "档案库正忙（另一个程序正在写入），请稍后再试。"
    assert window.refresh_button.isEnabled()

    monkeypatch.setattr(students_service, "list_students", real)
    with qtbot.waitSignal(window.studentsLoaded, timeout=10_000):
        window.refresh_button.click()
    assert not window.error_line.isVisible()
    assert window.proxy.rowCount() == archive.students


def test_an_empty_archive_says_so(qtbot: QtBot, open_window: Callable[..., tuple]) -> None:
    window, _ = open_window(students=False)
    assert window.proxy.rowCount() == 0
    assert window.notice.isVisible()
    assert window.notice.text() == "档案库里还没有学生。"
    assert window.count_label.text() == "共 0 名学生"


def test_a_capped_list_says_how_many_are_shown(
    qtbot: QtBot, open_window: Callable[..., tuple], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(students_service, "count_students", lambda session: 99_999)
    window, archive = open_window()
    assert window.count_label.text() == f"显示前 {archive.students} 名，共 99999 名学生"


def test_integrity_warning_is_shown_for_the_whole_session(qtbot, make_archive) -> None:
    """A broken audit chain found at login stays visible in the main window, in plain words."""
    from xueji_desktop.ui.main_window import MainWindow
    from xueji_desktop.ui.operations import LoggedIn
    from xueji_desktop.ui.worker import SessionWorker

    created = make_archive()
    session = created.session
    session.warnings.append("audit_chain:anchor_absent:3")
    worker = SessionWorker()
    window = MainWindow(LoggedIn(session, "测试学校"), worker)
    qtbot.addWidget(window)
    window.show()
    line = window.integrity_line
    assert line.isVisible()
    assert "修改记录" in line.text() and "xueji check" in line.text()
    assert "HMAC" not in line.text() and "keyring" not in line.text()
