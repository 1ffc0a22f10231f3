"""The login dialog: success, every refusal through messages.message_for, off the GUI thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from tests.conftest import ADMIN, ADMIN_PASSWORD, CLERK, CLERK_PASSWORD, SCHOOL, add_clerk
from tests.ui.conftest import Archive, sign_in
from xueji_desktop.core.errors import (
    AccountLocked,
    ArchiveBusy,
    ArchiveDamaged,
    BindingLost,
    KeyFileDamaged,
    LoginThrottled,
    WrongCredentials,
    XuejiError,
)
from xueji_desktop.messages import message_for
from xueji_desktop.services import archive as archive_service
from xueji_desktop.services import users as user_service
from xueji_desktop.services.archive import Created
from xueji_desktop.services.demo import DEMO_ADMIN, DEMO_PASSWORD
from xueji_desktop.storage.kdf import FAST_FOR_TESTS
from xueji_desktop.storage.layout import ArchiveLayout, read_meta
from xueji_desktop.storage.lock import InterProcessLock
from xueji_desktop.ui import login as login_module
from xueji_desktop.ui.login import PRACTICE_RESULT, LoginDialog, practice_root
from xueji_desktop.ui.main_window import MainWindow
from xueji_desktop.ui.operations import LoggedIn
from xueji_desktop.ui.worker import SessionWorker

FORBIDDEN_WORDS = ("keyring", "Traceback", "key slot", "HMAC", "Error", "钥匙串")


def make_dialog(qtbot: QtBot, root: Path, worker: SessionWorker, **kw: object) -> LoginDialog:
    dialog = LoginDialog(root, worker, **kw)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_login_opens_main_window_with_every_student(
    qtbot: QtBot,
    student_archive: Callable[..., Archive],
    worker: SessionWorker,
    sessions: list[LoggedIn],
) -> None:
    archive = student_archive()
    dialog = make_dialog(qtbot, archive.root, worker)
    assert dialog.windowTitle() == "登录 — 学籍档案室"
    assert dialog.login_button.text() == "登录"
    assert dialog.password_edit.echoMode() == QLineEdit.EchoMode.Password

    sign_in(qtbot, dialog)
    assert dialog.result() == LoginDialog.DialogCode.Accepted
    assert dialog.logged_in is not None
    sessions.append(dialog.logged_in)
    assert dialog.logged_in.session.username == ADMIN
    assert dialog.logged_in.school_name == SCHOOL
    assert dialog.password_edit.text() == ""  # the password does not linger in the widget

    window = MainWindow(dialog.logged_in, worker, pages=[])
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == f"{SCHOOL} — 学籍档案室"
    assert window.practice_banner is None


def test_wrong_password_shows_the_chinese_message_and_keeps_the_dialog_open(
    qtbot: QtBot, student_archive: Callable[..., Archive], worker: SessionWorker
) -> None:
    archive = student_archive(students=False)
    dialog = make_dialog(qtbot, archive.root, worker)
    sign_in(qtbot, dialog, password="not-the-password")
    expected = message_for(WrongCredentials(), "zh")
    assert expected == "用户名或密码不正确。"
    assert dialog.error_line.text() == expected
    assert dialog.error_line.isVisible()
    assert dialog.isVisible()
    assert dialog.logged_in is None
    assert dialog.result() != LoginDialog.DialogCode.Accepted
    assert dialog.password_edit.text() == ""
    assert dialog.login_button.isEnabled()
    assert dialog.user_edit.text() == ADMIN  # kept, so only the password is typed again


def test_login_runs_off_the_gui_thread_with_the_button_disabled(
    qtbot: QtBot,
    student_archive: Callable[..., Archive],
    worker: SessionWorker,
    sessions: list[LoggedIn],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    archive = student_archive(students=False)
    real_login = archive_service.login
    release = threading.Event()
    called_on: list[threading.Thread] = []

    def slow_login(root: Path, user: str, password: str) -> object:
        called_on.append(threading.current_thread())
        assert release.wait(10)
        return real_login(root, user, password)

    monkeypatch.setattr(archive_service, "login", slow_login)
    dialog = make_dialog(qtbot, archive.root, worker)
    dialog.user_edit.setText(ADMIN)
    dialog.password_edit.setText("Correct-Horse-Battery-9")
    dialog.login_button.click()
    qtbot.waitUntil(lambda: bool(called_on))
    # The GUI thread is free while the key is derived: the dialog shows it is busy.
    assert dialog.busy
    assert not dialog.login_button.isEnabled()
    assert not dialog.password_edit.isEnabled()
    assert dialog.busy_indicator.isVisible()
    dialog.reject()  # Esc / close while busy is ignored: the login would be left half done
    assert dialog.isVisible()
    release.set()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert called_on[0] is not threading.main_thread()
    assert dialog.logged_in is not None
    sessions.append(dialog.logged_in)
    assert not dialog.busy_indicator.isVisible()


@pytest.mark.parametrize(
    "error",
    [
        WrongCredentials(),
        LoginThrottled(retry_after=30),
        AccountLocked(retry_after=900),
        BindingLost(backend="SecretService", reason="missing"),
        ArchiveDamaged(),
        KeyFileDamaged(reason="meta_unreadable"),
    ],
    ids=lambda e: e.code,
)
def test_every_refusal_is_a_plain_sentence_from_message_for(
    qtbot: QtBot,
    tmp_path: Path,
    worker: SessionWorker,
    monkeypatch: pytest.MonkeyPatch,
    error: XuejiError,
) -> None:
    def refuse(root: Path, user: str, password: str) -> object:
        raise error

    monkeypatch.setattr(archive_service, "login", refuse)
    dialog = make_dialog(qtbot, tmp_path, worker)
    sign_in(qtbot, dialog, password="whatever")
    shown = dialog.error_line.text()
    assert shown == message_for(error, "zh")
    assert dialog.isVisible()
    line = dialog.error_line  # a long sentence wraps and the dialog grows: nothing is cut off
    assert line.height() >= line.heightForWidth(line.width())
    for word in FORBIDDEN_WORDS:
        assert word.lower() not in shown.lower()


def test_an_unexpected_failure_shows_a_calm_sentence_without_details(
    qtbot: QtBot, tmp_path: Path, worker: SessionWorker, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(root: Path, user: str, password: str) -> object:
        raise RuntimeError("internal detail 110101200001011234")

    monkeypatch.setattr(archive_service, "login", crash)
    dialog = make_dialog(qtbot, tmp_path, worker)
    sign_in(qtbot, dialog, password="whatever")
    shown = dialog.error_line.text()
    assert "意外问题" in shown and "联系管理员" in shown
    assert "internal detail" not in shown and "1101" not in shown
    assert dialog.isVisible()


def test_garbage_input_gives_a_clear_message_and_no_crash(
    qtbot: QtBot,
    student_archive: Callable[..., Archive],
    worker: SessionWorker,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    archive = student_archive(students=False)
    calls: list[tuple[str, int]] = []
    real_login = archive_service.login

    def counting_login(root: Path, user: str, password: str) -> object:
        calls.append((user, len(password)))
        return real_login(root, user, password)

    monkeypatch.setattr(archive_service, "login", counting_login)
    dialog = make_dialog(qtbot, archive.root, worker)

    sign_in(qtbot, dialog, user="", password="x")
    assert dialog.error_line.text() == "请输入用户名。"
    sign_in(qtbot, dialog, user="   \t ", password="x")
    assert dialog.error_line.text() == "请输入用户名。"
    sign_in(qtbot, dialog, user=ADMIN, password="")
    assert dialog.error_line.text() == "请输入密码。"
    assert calls == []  # nothing typed, nothing sent

    wrong = message_for(WrongCredentials(), "zh")
    sign_in(qtbot, dialog, user=ADMIN, password="p" * 10_000)
    assert dialog.error_line.text() == wrong
    sign_in(qtbot, dialog, user="ad\x00min\x07\x1b[31m", password="\x00\x01\x02\r\n\x7f")
    assert dialog.error_line.text() == wrong
    sign_in(qtbot, dialog, user="<b>admin</b>", password="'; DROP TABLE students; --")
    assert dialog.error_line.text() == wrong
    assert len(calls) == 3
    assert all(length <= 1024 for _, length in calls)
    assert dialog.isVisible() and dialog.logged_in is None


def test_practice_archive_is_marked_in_every_window(
    qtbot: QtBot,
    student_archive: Callable[..., Archive],
    worker: SessionWorker,
    sessions: list[LoggedIn],
) -> None:
    archive = student_archive(practice=True)
    dialog = make_dialog(qtbot, archive.root, worker, practice=True)
    assert dialog.windowTitle().startswith("【练习】")
    assert dialog.practice_banner is not None and dialog.practice_banner.isVisible()
    assert dialog.practice_banner.text() == "练习库：此处数据均为虚构，仅供练习"

    sign_in(qtbot, dialog)
    assert dialog.logged_in is not None
    sessions.append(dialog.logged_in)
    assert dialog.logged_in.session.archive.meta.practice
    window = MainWindow(dialog.logged_in, worker, practice=True, pages=[])
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == f"【练习】{SCHOOL} — 学籍档案室"
    assert window.practice_banner is not None and window.practice_banner.isVisible()
    assert window.practice_banner.text() == "练习库：此处数据均为虚构，仅供练习"


def test_ordinary_archive_has_no_practice_marker(
    qtbot: QtBot, tmp_path: Path, worker: SessionWorker
) -> None:
    dialog = make_dialog(qtbot, tmp_path, worker)
    assert "练习" not in dialog.windowTitle()
    assert dialog.practice_banner is None


# -- the refusals, each produced by a real archive -------------------------------------------------


def _closed_archive(make_archive: Callable[..., Created], **kw: object) -> Path:
    created = make_archive(**kw)
    created.session.close()  # checkpoints the WAL: the files on disk are the whole archive
    return created.session.archive.layout.root


def _shown(dialog: LoginDialog) -> tuple[str, str]:
    hint = dialog.hint_line.text() if dialog.hint_line.isVisible() else ""
    for word in FORBIDDEN_WORDS:
        assert word.lower() not in (dialog.error_line.text() + hint).lower()
    assert dialog.isVisible() and dialog.logged_in is None
    return dialog.error_line.text(), hint


def test_wrong_password_says_what_to_do_next(
    qtbot: QtBot, make_archive: Callable[..., Created], worker: SessionWorker
) -> None:
    dialog = make_dialog(qtbot, _closed_archive(make_archive), worker)
    sign_in(qtbot, dialog, password="not-the-password")
    text, hint = _shown(dialog)
    assert text == "用户名或密码不正确。"
    assert "大写锁定" in hint and "恢复码" in hint and "xueji recover" in hint


def test_too_many_attempts_then_a_locked_account(
    qtbot: QtBot, make_archive: Callable[..., Created], worker: SessionWorker
) -> None:
    root = _closed_archive(make_archive)
    dialog = make_dialog(qtbot, root, worker)
    throttled = ""
    for _ in range(6):  # a few wrong passwords in a row: the next try must wait
        sign_in(qtbot, dialog, password="wrong-password")
        if "秒后再试" in dialog.error_line.text():
            throttled = dialog.error_line.text()
            break
    assert throttled.startswith("尝试次数过多")
    assert "恢复码" in _shown(dialog)[1]


def test_a_locked_account_says_it_is_locked_and_who_can_help(
    qtbot: QtBot, make_archive: Callable[..., Created], worker: SessionWorker
) -> None:
    root = _closed_archive(make_archive)
    # Ten failures an hour apart (no waiting between them), the tenth a minute ago: the account
    # is locked for the next quarter of an hour.
    start = time.time() - 9 * 3600 - 60
    for i in range(10):
        with pytest.raises(XuejiError):
            archive_service.login(root, ADMIN, "wrong-password", clock=lambda i=i: start + i * 3600)
    dialog = make_dialog(qtbot, root, worker)
    sign_in(qtbot, dialog)
    text, _ = _shown(dialog)
    assert "账户已暂时锁定" in text and "管理员解锁" in text


def test_disabled_account(
    qtbot: QtBot, make_archive: Callable[..., Created], worker: SessionWorker
) -> None:
    created = make_archive()
    add_clerk(created)
    user_service.set_disabled(
        created.session, admin_password=ADMIN_PASSWORD, username=CLERK, disabled=True
    )
    dialog = make_dialog(qtbot, created.session.archive.layout.root, worker)
    sign_in(qtbot, dialog, user=CLERK, password=CLERK_PASSWORD)
    text, _ = _shown(dialog)
    assert text == "该账户已停用，请联系管理员。"


def test_workstation_tie_gone_points_to_the_recovery_code(
    qtbot: QtBot, make_archive: Callable[..., Created], worker: SessionWorker
) -> None:
    root = _closed_archive(make_archive)
    keyring.set_keyring(keyring.backends.fail.Keyring())  # mem_keyring puts the old one back
    dialog = make_dialog(qtbot, root, worker)
    sign_in(qtbot, dialog)
    text, hint = _shown(dialog)
    assert "恢复码" in text
    assert "保险柜" in hint and "xueji recover" in hint


def test_damaged_archive_says_restore_from_backup(
    qtbot: QtBot, make_archive: Callable[..., Created], worker: SessionWorker
) -> None:
    root = _closed_archive(make_archive)
    db = root / "xueji.db"
    data = bytearray(db.read_bytes())
    data[100] ^= 0x01  # one flipped bit inside page 1
    db.write_bytes(bytes(data))
    dialog = make_dialog(qtbot, root, worker)
    sign_in(qtbot, dialog)
    text, _ = _shown(dialog)
    assert text == message_for(ArchiveDamaged(), "zh")
    assert "备份恢复" in text


def test_archive_busy_says_try_again(
    qtbot: QtBot, make_archive: Callable[..., Created], worker: SessionWorker
) -> None:
    root = _closed_archive(make_archive)
    other_writer = InterProcessLock(ArchiveLayout(root).writer_lock)  # like a running `xueji`
    other_writer.acquire()
    try:
        dialog = make_dialog(qtbot, root, worker)
        sign_in(qtbot, dialog)
        text, _ = _shown(dialog)
    finally:
        other_writer.release()
    assert text == message_for(ArchiveBusy(), "zh")
    assert "稍后再试" in text


def test_practice_button_prepares_the_practice_archive_and_its_login_is_filled_in(
    qtbot: QtBot,
    make_archive: Callable[..., Created],
    worker: SessionWorker,
    sessions: list[LoggedIn],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(login_module, "PRACTICE_STUDENTS_PER_INTAKE", 2)
    dialog = make_dialog(qtbot, _closed_archive(make_archive), worker, kdf=FAST_FOR_TESTS)
    assert dialog.practice_button is not None
    dialog.practice_button.click()
    assert dialog.busy and dialog.busy_indicator.isVisible()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=60_000)
    assert dialog.result() == PRACTICE_RESULT
    root = dialog.practice_root
    assert root == practice_root() and root is not None
    assert read_meta(ArchiveLayout(root)).practice

    practice = make_dialog(
        qtbot, root, worker, practice=True, user=DEMO_ADMIN, password=DEMO_PASSWORD
    )
    assert practice.windowTitle().startswith("【练习】")
    assert practice.practice_button is None  # already there
    assert practice.user_edit.text() == DEMO_ADMIN
    practice.login_button.click()
    qtbot.waitUntil(lambda: not practice.busy, timeout=10_000)
    assert practice.logged_in is not None
    sessions.append(practice.logged_in)
    assert practice.logged_in.session.archive.meta.practice


def test_the_practice_button_never_opens_a_real_archive(
    qtbot: QtBot,
    make_archive: Callable[..., Created],
    worker: SessionWorker,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = _closed_archive(make_archive, name="real")
    monkeypatch.setattr(login_module, "practice_root", lambda: real)
    dialog = make_dialog(qtbot, real, worker, kdf=FAST_FOR_TESTS)
    assert dialog.practice_button is not None
    dialog.practice_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert dialog.result() != PRACTICE_RESULT
    assert dialog.error_line.isVisible()


def test_enter_in_the_user_name_only_moves_to_the_password(
    qtbot: QtBot, student_archive: Callable[..., Archive], worker: SessionWorker
) -> None:
    archive = student_archive(students=False)
    dialog = make_dialog(qtbot, archive.root, worker)
    refused: list[str] = []
    dialog.loginFailed.connect(refused.append)
    qtbot.keyClicks(dialog.user_edit, ADMIN)
    qtbot.keyClick(dialog.user_edit, Qt.Key.Key_Return)
    assert refused == [] and not dialog.error_line.isVisible() and not dialog.busy
    qtbot.keyClicks(dialog.password_edit, "not-the-password")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert refused == ["用户名或密码不正确。"]  # one attempt, not two
