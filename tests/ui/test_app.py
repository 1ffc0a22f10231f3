"""``ui.app.main``: missing or damaged archive, cancelled login, and the whole way to the list."""

from __future__ import annotations

import html
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from tests.ui.conftest import Archive, sign_in
from xueji_desktop.core.errors import KeyFileDamaged
from xueji_desktop.messages import message_for
from xueji_desktop.ui import app as app_module
from xueji_desktop.ui.login import LoginDialog
from xueji_desktop.ui.main_window import MainWindow
from xueji_desktop.ui.operations import LoggedIn


@pytest.fixture(autouse=True)
def keep_umask() -> Iterator[None]:
    old = os.umask(0o022)
    os.umask(old)
    yield
    os.umask(old)


@pytest.fixture
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """QMessageBox.exec replaced: records (title, text, informative text) and returns at once."""
    shown: list[tuple[str, str, str]] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append((box.windowTitle(), box.text(), box.informativeText()))
        return int(QMessageBox.StandardButton.Ok.value)

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown


def test_missing_archive_explains_how_to_create_one(
    tmp_path: Path, message_boxes: list[tuple[str, str, str]]
) -> None:
    missing = tmp_path / "no archive here"
    assert app_module.main(["--archive", str(missing)]) == 1
    [(title, text, details)] = message_boxes
    assert title == "没有找到档案库"
    assert text == message_for_missing(missing)
    assert "xueji demo" in details and "init --school" in details
    assert html.escape(f'"{missing}"') in details  # a path with spaces is quoted
    assert not missing.exists()  # nothing was created
    current = os.umask(0)
    assert current == 0o077  # files the app creates are owner-only


def message_for_missing(path: Path) -> str:
    from xueji_desktop.core.errors import ArchiveNotFound

    return message_for(ArchiveNotFound(path=str(path)), "zh")


def test_archive_path_comes_from_xueji_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, message_boxes: list[tuple[str, str, str]]
) -> None:
    monkeypatch.setenv("XUEJI_ARCHIVE", str(tmp_path / "from-env"))
    assert app_module.main([]) == 1
    assert str(tmp_path / "from-env") in message_boxes[0][1]


def test_damaged_archive_description_is_a_plain_sentence(
    student_archive: Callable[..., Archive], message_boxes: list[tuple[str, str, str]]
) -> None:
    archive = student_archive(students=False)
    (archive.root / "archive.json").write_bytes(b"\x00 not json")
    assert app_module.main(["--archive", str(archive.root)]) == 1
    [(_, text, _)] = message_boxes
    assert text == message_for(KeyFileDamaged(reason="meta_unreadable"), "zh")


def test_cancelled_login_exits_quietly(
    student_archive: Callable[..., Archive], monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = student_archive(students=False)
    monkeypatch.setattr(LoginDialog, "exec", lambda self: int(QDialog.DialogCode.Rejected.value))
    assert app_module.main(["--archive", str(archive.root)]) == 0


def test_login_then_main_window_then_session_closed(
    qtbot: QtBot, student_archive: Callable[..., Archive], monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = student_archive(practice=True)
    seen: dict[str, object] = {}

    def run_login(dialog: LoginDialog) -> int:
        dialog.show()
        seen["login_title"] = dialog.windowTitle()
        sign_in(qtbot, dialog)
        seen["logged_in"] = dialog.logged_in
        return dialog.result()

    def run_event_loop(qapp: QApplication) -> int:
        [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        qtbot.waitUntil(lambda: window.proxy.rowCount() == archive.students, timeout=10_000)
        seen["title"] = window.windowTitle()
        window.close()
        window.deleteLater()
        return 0

    monkeypatch.setattr(LoginDialog, "exec", run_login)
    monkeypatch.setattr(QApplication, "exec", run_event_loop)
    assert app_module.main(["--archive", str(archive.root)]) == 0
    assert str(seen["login_title"]).startswith("【练习】")
    assert str(seen["title"]).startswith("【练习】")
    logged_in = seen["logged_in"]
    assert isinstance(logged_in, LoggedIn)
    assert logged_in.session.archive.db._conn is None  # closed on the worker when the app ended
