"""``ui.app.main``: missing or damaged archive, cancelled login, and the whole way to the list."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from tests.ui.conftest import Archive, sign_in
from xueji_desktop.core.errors import KeyFileDamaged
from xueji_desktop.messages import message_for
from xueji_desktop.services.demo import DEMO_ADMIN
from xueji_desktop.storage.kdf import FAST_FOR_TESTS
from xueji_desktop.storage.layout import ArchiveLayout
from xueji_desktop.ui import app as app_module
from xueji_desktop.ui import appearance, i18n, logs
from xueji_desktop.ui import login as login_module
from xueji_desktop.ui.login import LoginDialog
from xueji_desktop.ui.main_window import MainWindow
from xueji_desktop.ui.operations import LoggedIn
from xueji_desktop.ui.single_instance import InstanceGuard
from xueji_desktop.ui.wizard import FirstRunWizard


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


@pytest.fixture(autouse=True)
def no_global_excepthook(monkeypatch: pytest.MonkeyPatch) -> None:
    """main() installs a hook that shows a message box; pytest-qt reports errors itself."""
    monkeypatch.setattr(logs, "install_excepthook", lambda: None)


def test_missing_archive_opens_the_wizard_and_cancel_keeps_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, message_boxes: list[tuple[str, str, str]]
) -> None:
    missing = tmp_path / "no archive here"
    seen: list[str] = []

    def cancel(wizard: FirstRunWizard) -> int:
        seen.append(wizard.windowTitle())
        return int(QDialog.DialogCode.Rejected.value)

    monkeypatch.setattr(FirstRunWizard, "exec", cancel)
    assert app_module.main(["--archive", str(missing)]) == 0
    assert seen == ["新建档案库 — 学籍档案室"]
    assert message_boxes == []
    assert not missing.exists()  # nothing was created
    current = os.umask(0)
    assert current == 0o077  # files the app creates are owner-only


def test_archive_path_comes_from_xueji_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XUEJI_ARCHIVE", str(tmp_path / "from-env"))
    roots: list[Path] = []

    def cancel(wizard: FirstRunWizard) -> int:
        roots.append(wizard._root)
        return int(QDialog.DialogCode.Rejected.value)

    monkeypatch.setattr(FirstRunWizard, "exec", cancel)
    assert app_module.main([]) == 0
    assert roots == [tmp_path / "from-env"]


def test_wizard_then_main_window_signed_in_as_the_new_admin(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "school"
    seen: dict[str, object] = {}

    def run_wizard(wizard: FirstRunWizard) -> int:
        wizard.show()
        wizard.school_edit.setText("青山县职业中专")
        wizard.next_button.click()
        wizard.admin_edit.setText("wang")
        wizard.password_edit.setText("long enough sentence 7")
        wizard.repeat_edit.setText("long enough sentence 7")
        wizard.next_button.click()
        qtbot.waitUntil(lambda: wizard.page_index() == 2 and not wizard.busy, timeout=10_000)
        parts = wizard.code_label.text().split("-")
        wizard.group_edits[0].setText(parts[1])
        wizard.group_edits[1].setText(parts[3])
        wizard.next_button.click()
        qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=10_000)
        return wizard.result()

    def run_event_loop(qapp: QApplication) -> int:
        [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        seen["user"] = window.session.username
        seen["title"] = window.windowTitle()
        seen["locked_file"] = ArchiveLayout(root).instance_lock.exists()
        window.close()
        window.deleteLater()
        return 0

    monkeypatch.setattr(FirstRunWizard, "exec", run_wizard)
    monkeypatch.setattr(QApplication, "exec", run_event_loop)
    assert app_module.main(["--archive", str(root)], kdf=FAST_FOR_TESTS) == 0
    assert seen["user"] == "wang"
    assert "青山县职业中专" in str(seen["title"])
    assert seen["locked_file"] is True


def test_a_second_start_on_the_same_archive_exits_quietly(
    qtbot: QtBot,
    student_archive: Callable[..., Archive],
    monkeypatch: pytest.MonkeyPatch,
    message_boxes: list[tuple[str, str, str]],
) -> None:
    archive = student_archive(students=False)
    first = InstanceGuard(archive.root)
    assert first.acquire()
    shown: list[str] = []
    monkeypatch.setattr(LoginDialog, "exec", lambda self: shown.append("login") or 0)
    try:
        with qtbot.waitSignal(first.activationRequested, timeout=5_000):
            assert app_module.main(["--archive", str(archive.root)]) == 0
    finally:
        first.release()
    assert shown == [] and message_boxes == []


def test_saved_language_is_used_when_xueji_lang_is_unset(
    student_archive: Callable[..., Archive], monkeypatch: pytest.MonkeyPatch, qapp: QApplication
) -> None:
    archive = student_archive(students=False)
    appearance.save_language("en")
    monkeypatch.delenv("XUEJI_LANG", raising=False)
    titles: list[str] = []

    def cancel(dialog: LoginDialog) -> int:
        titles.append(dialog.windowTitle())
        return int(QDialog.DialogCode.Rejected.value)

    monkeypatch.setattr(LoginDialog, "exec", cancel)
    try:
        assert app_module.main(["--archive", str(archive.root)]) == 0
        assert os.environ["XUEJI_LANG"] == "en"
    finally:
        os.environ["XUEJI_LANG"] = "zh"
        i18n.install_translators(qapp)
    assert titles == ["Sign in — Xueji Desktop"]


def test_practice_from_the_login_then_its_login_filled_in(
    qtbot: QtBot,
    student_archive: Callable[..., Archive],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(login_module, "PRACTICE_STUDENTS_PER_INTAKE", 2)
    archive = student_archive(students=False)
    dialogs: list[tuple[bool, str, str]] = []

    def run_login(dialog: LoginDialog) -> int:
        dialog.show()
        dialogs.append(
            (dialog.practice_banner is not None, dialog.user_edit.text(), dialog.windowTitle())
        )
        if len(dialogs) == 1:
            assert dialog.practice_button is not None
            dialog.practice_button.click()
        else:
            dialog.login_button.click()
        qtbot.waitUntil(lambda: not dialog.busy, timeout=60_000)
        return dialog.result()

    def run_event_loop(qapp: QApplication) -> int:
        [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        dialogs.append((window.practice_banner is not None, "", window.windowTitle()))
        window.close()
        window.deleteLater()
        return 0

    monkeypatch.setattr(LoginDialog, "exec", run_login)
    monkeypatch.setattr(QApplication, "exec", run_event_loop)
    assert app_module.main(["--archive", str(archive.root)], kdf=FAST_FOR_TESTS) == 0
    assert dialogs[0][0] is False
    assert dialogs[1][:2] == (True, DEMO_ADMIN) and dialogs[1][2].startswith("【练习】")
    assert dialogs[2][0] is True and dialogs[2][2].startswith("【练习】")


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


def test_a_mistyped_option_stops_before_any_window(capsys: pytest.CaptureFixture[str]) -> None:
    # "--archve D:\X" used to be handed to Qt, and the default archive opened without a word.
    with pytest.raises(SystemExit) as stop:
        app_module.parse_args(["--archve", "/tmp/x"])
    assert stop.value.code == 2
    assert "unknown option: --archve" in capsys.readouterr().err


def test_qt_options_still_reach_qt() -> None:
    args, qt = app_module.parse_args(
        ["--archive", "/tmp/a", "-platform", "offscreen", "--style=fusion"]
    )
    assert str(args.archive) == "/tmp/a"
    assert qt == ["-platform", "offscreen", "--style=fusion"]


def test_the_version_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    from xueji_desktop import about

    with pytest.raises(SystemExit) as stop:
        app_module.parse_args(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"xueji-desktop {about.VERSION}"
