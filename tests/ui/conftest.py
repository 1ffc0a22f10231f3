"""UI fixtures: compiled translations, a session worker, archives with a few students."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.conftest import ADMIN, ADMIN_PASSWORD
from xueji_desktop.core.demo_data import generate_demo
from xueji_desktop.core.roles import Role
from xueji_desktop.services import archive as archive_service
from xueji_desktop.services import users
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session
from xueji_desktop.services.demo import load_demo_data
from xueji_desktop.storage.kdf import FAST_FOR_TESTS
from xueji_desktop.ui import gc_guard, i18n, prefs
from xueji_desktop.ui.login import LoginDialog
from xueji_desktop.ui.operations import LoggedIn
from xueji_desktop.ui.worker import SessionWorker

STUDENTS_PER_INTAKE = 4  # three intakes: 12 students


@pytest.fixture(scope="session", autouse=True)
def chinese_ui(qapp: QApplication) -> Iterator[None]:
    """Every UI test runs in the default language, Simplified Chinese, from freshly built .qm."""
    i18n.compile_translations()
    os.environ["XUEJI_LANG"] = "zh"
    assert i18n.install_translators(qapp) == "zh"
    yield


@pytest.fixture(scope="session", autouse=True)
def collect_on_the_gui_thread(qapp: QApplication) -> Iterator[None]:
    """As in the app (ui/gc_guard.py): no cyclic collection on the worker's thread."""
    collector = gc_guard.install(qapp)
    yield
    collector.stop()


@pytest.fixture(autouse=True)
def ui_settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Window geometry, column layouts and text size go to a file of this test, never ~/.config."""
    path = tmp_path / "ui.ini"
    monkeypatch.setenv(prefs.ENV, str(path))
    return path


@pytest.fixture
def worker(qtbot: QtBot) -> Iterator[SessionWorker]:
    w = SessionWorker()
    yield w
    w.wait()
    qtbot.wait(1)  # deliver queued results before the next test
    gc.collect()  # this test's cyclic garbage (dialogs) goes here, on the GUI thread


@dataclass
class Archive:
    root: Path
    students: int


@pytest.fixture
def student_archive(make_archive: Callable[..., Created]) -> Callable[..., Archive]:
    def make(name: str = "archive", *, practice: bool = False, students: bool = True) -> Archive:
        created = make_archive(name, practice=practice)
        count = 0
        if students:
            data = generate_demo(7, students_per_intake=STUDENTS_PER_INTAKE)
            load_demo_data(created, data, 7)
            count = len(data.students)
        return Archive(created.session.archive.layout.root, count)

    return make


@pytest.fixture
def sessions(worker: SessionWorker) -> Iterator[list[LoggedIn]]:
    """Sessions opened by a test; closed on the worker afterwards."""
    opened: list[LoggedIn] = []
    yield opened
    for item in opened:
        worker.shutdown(item.session.close)


def sign_in(
    qtbot: QtBot, dialog: LoginDialog, user: str = ADMIN, password: str = ADMIN_PASSWORD
) -> None:
    """Type credentials and press 登录; returns once the worker has answered."""
    dialog.user_edit.setText(user)
    dialog.password_edit.setText(password)
    dialog.login_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)


VIEWER, VIEWER_PASSWORD = "viewer1", "quiet-harbour-77"


@pytest.fixture
def school(make_archive: Callable[..., Created]) -> Created:
    """An archive with 12 demo students and a viewer account; the admin+clerk session open."""
    created = make_archive("school")
    load_demo_data(created, generate_demo(7, students_per_intake=4), 7)
    users.add_user(
        created.session,
        admin_password=ADMIN_PASSWORD,
        username=VIEWER,
        password=VIEWER_PASSWORD,
        roles=frozenset({Role.VIEWER}),
        kdf=FAST_FOR_TESTS,
    )
    return created


@pytest.fixture
def viewer_session(school: Created, worker: SessionWorker) -> Iterator[Session]:
    """The viewer of ``school``, logged in; closed after the worker's queued calls."""
    session = archive_service.login(school.session.archive.layout.root, VIEWER, VIEWER_PASSWORD)
    yield session
    worker.wait()
    session.close()
