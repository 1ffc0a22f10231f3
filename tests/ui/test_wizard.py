"""The first-run wizard: school, first admin, the recovery code typed back; cancel keeps nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.conftest import MemoryKeyring
from xueji_desktop.core import recovery_code
from xueji_desktop.core.errors import ArchiveNotFound
from xueji_desktop.core.roles import Role
from xueji_desktop.services import archive as archive_service
from xueji_desktop.storage.kdf import FAST_FOR_TESTS
from xueji_desktop.storage.layout import ArchiveLayout, read_meta
from xueji_desktop.ui import login as login_module
from xueji_desktop.ui.login import PRACTICE_RESULT, practice_root
from xueji_desktop.ui.operations import LoggedIn
from xueji_desktop.ui.wizard import TYPE_BACK_GROUPS, FirstRunWizard
from xueji_desktop.ui.worker import SessionWorker

SCHOOL = "青山县职业中专"
PASSWORD = "long enough sentence 7"


def make_wizard(qtbot: QtBot, root: Path, worker: SessionWorker) -> FirstRunWizard:
    wizard = FirstRunWizard(root, worker, kdf=FAST_FOR_TESTS)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def fill_and_create(qtbot: QtBot, wizard: FirstRunWizard, password: str = PASSWORD) -> None:
    wizard.school_edit.setText(SCHOOL)
    wizard.code_edit.setText("3133000123")
    wizard.next_button.click()
    assert wizard.page_index() == 1
    wizard.admin_edit.setText("wang")
    wizard.password_edit.setText(password)
    wizard.repeat_edit.setText(password)
    wizard.next_button.click()


def wait_for_code(qtbot: QtBot, wizard: FirstRunWizard) -> str:
    qtbot.waitUntil(lambda: wizard.page_index() == 2 and not wizard.busy, timeout=10_000)
    code = wizard.code_label.text()
    recovery_code.normalize(code)  # a real, well-formed code
    # The recovery sheet can be printed: it knows the archive it belongs to.
    assert wizard.code_page.sheet.print_button.isEnabled()
    assert wizard.code_page.sheet._details[1]
    return code


def groups(code: str) -> list[str]:
    parts = code.split("-")
    return [parts[n - 1] for n in TYPE_BACK_GROUPS]


def test_three_steps_make_an_archive_and_sign_the_admin_in(
    qtbot: QtBot, tmp_path: Path, worker: SessionWorker, sessions: list[LoggedIn]
) -> None:
    root = tmp_path / "new archive"
    wizard = make_wizard(qtbot, root, worker)
    assert wizard.step_label.text() == "第 1 步，共 3 步"
    fill_and_create(qtbot, wizard)
    code = wait_for_code(qtbot, wizard)
    assert wizard.step_label.text() == "第 3 步，共 3 步"
    # While the code is on screen the archive is not ready: nobody has confirmed it yet.
    with pytest.raises(ArchiveNotFound):
        read_meta(ArchiveLayout(root))
    assert not wizard.next_button.isEnabled()
    assert wizard.next_button.text() == "完成"

    first, second = groups(code)
    wizard.group_edits[0].setText(first.lower())  # typed as the clerk types: case does not matter
    wizard.group_edits[1].setText(f" {second} ")
    assert wizard.next_button.isEnabled()
    with qtbot.waitSignal(wizard.accepted, timeout=10_000):
        wizard.next_button.click()
    assert wizard.logged_in is not None
    sessions.append(wizard.logged_in)
    session = wizard.logged_in.session
    assert session.username == "wang"
    assert session.roles == frozenset({Role.ADMIN, Role.CLERK})
    assert wizard.logged_in.school_name == SCHOOL
    assert read_meta(ArchiveLayout(root)).state == "ready"
    # The code shown is the archive's real recovery code, and the password is the one typed.
    handle, _slot = archive_service.open_with_recovery(root, code)
    handle.close()
    archive_service.login(root, "wang", PASSWORD).close()
    assert wizard.code_label.text() == "" or wizard.password_edit.text() == ""


def test_a_wrong_type_back_keeps_finish_disabled(
    qtbot: QtBot, tmp_path: Path, worker: SessionWorker
) -> None:
    wizard = make_wizard(qtbot, tmp_path / "a", worker)
    fill_and_create(qtbot, wizard)
    code = wait_for_code(qtbot, wizard)
    first, second = groups(code)
    wrong = "".join("A" if ch != "A" else "B" for ch in second)
    wizard.group_edits[0].setText(first)
    wizard.group_edits[1].setText(wrong)
    assert not wizard.next_button.isEnabled()
    assert wizard.mismatch_label.isVisible()
    assert "不一致" in wizard.mismatch_label.text()
    wizard.group_edits[1].setText(groups(code)[0])  # the right characters from the wrong group
    assert not wizard.next_button.isEnabled()
    wizard.next()  # Enter on a disabled 完成 does nothing either
    assert wizard.page_index() == 2 and wizard.isVisible()
    wizard.reject()
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=10_000)


def test_cancel_on_the_code_page_leaves_nothing_behind(
    qtbot: QtBot, tmp_path: Path, worker: SessionWorker, mem_keyring: MemoryKeyring
) -> None:
    root = tmp_path / "nothing here"
    wizard = make_wizard(qtbot, root, worker)
    fill_and_create(qtbot, wizard)
    wait_for_code(qtbot, wizard)
    assert mem_keyring.store  # bound to this computer while it waits
    wizard.cancel_button.click()
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=10_000)
    assert wizard.result() == FirstRunWizard.DialogCode.Rejected
    assert wizard.logged_in is None
    assert not root.exists()
    assert mem_keyring.store == {}


def test_cancel_on_an_existing_empty_folder_keeps_the_folder_empty(
    qtbot: QtBot, tmp_path: Path, worker: SessionWorker
) -> None:
    root = tmp_path / "chosen"
    root.mkdir()
    wizard = make_wizard(qtbot, root, worker)
    fill_and_create(qtbot, wizard)
    wait_for_code(qtbot, wizard)
    wizard.reject()  # Esc or the window's close button
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=10_000)
    assert root.is_dir() and list(root.iterdir()) == []


def test_cancel_on_the_first_page_creates_nothing(
    qtbot: QtBot, tmp_path: Path, worker: SessionWorker
) -> None:
    root = tmp_path / "x"
    wizard = make_wizard(qtbot, root, worker)
    wizard.school_edit.setText(SCHOOL)
    wizard.cancel_button.click()
    assert not wizard.isVisible() and not root.exists()


def test_input_mistakes_are_told_in_plain_words(
    qtbot: QtBot, tmp_path: Path, worker: SessionWorker
) -> None:
    root = tmp_path / "y"
    wizard = make_wizard(qtbot, root, worker)
    wizard.next_button.click()
    assert wizard.page_index() == 0
    assert wizard.error_line.text() == "请填写学校名称。"

    wizard.school_edit.setText(SCHOOL)
    wizard.next_button.click()
    wizard.admin_edit.setText("wang")
    wizard.password_edit.setText(PASSWORD)
    wizard.repeat_edit.setText(PASSWORD + "x")
    wizard.next_button.click()
    assert wizard.error_line.text() == "两次输入的密码不一样，请重新输入。"
    assert not wizard.busy and wizard.page_index() == 1

    wizard.password_edit.setText("short")
    wizard.repeat_edit.setText("short")
    wizard.next_button.click()  # the service checks the rules, on the worker
    qtbot.waitUntil(lambda: not wizard.busy, timeout=10_000)
    assert wizard.error_line.text() == "密码不符合要求：至少需要 12 个字符"
    assert wizard.page_index() == 1 and wizard.password_edit.text() == ""
    wizard.back_button.click()
    assert wizard.page_index() == 0 and wizard.school_edit.text() == SCHOOL
    assert not ArchiveLayout(root).exists()


def test_the_practice_archive_instead(
    qtbot: QtBot, tmp_path: Path, worker: SessionWorker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(login_module, "PRACTICE_STUDENTS_PER_INTAKE", 2)
    root = tmp_path / "real"
    wizard = make_wizard(qtbot, root, worker)
    wizard.practice_button.click()
    assert wizard.busy and wizard.busy_indicator.isVisible()
    qtbot.waitUntil(lambda: not wizard.busy, timeout=60_000)
    assert wizard.result() == PRACTICE_RESULT
    assert wizard.practice_root == practice_root()
    assert read_meta(ArchiveLayout(practice_root())).practice
    assert not root.exists()  # the real folder is untouched


def test_enter_moves_through_the_fields_and_does_nothing_else(
    qtbot: QtBot, tmp_path: Path, worker: SessionWorker
) -> None:
    """Enter in a field goes on to the next step once; the default button must not fire too."""
    wizard = make_wizard(qtbot, tmp_path / "enter", worker)
    wizard.school_edit.setText(SCHOOL)  # QTest types ASCII only
    qtbot.keyClick(wizard.school_edit, Qt.Key.Key_Return)
    assert wizard.page_index() == 1
    assert not wizard.error_line.isVisible()
    qtbot.keyClicks(wizard.admin_edit, "wang")
    qtbot.keyClick(wizard.admin_edit, Qt.Key.Key_Return)
    assert not wizard.busy and not wizard.error_line.isVisible()
    qtbot.keyClicks(wizard.password_edit, PASSWORD)
    qtbot.keyClick(wizard.password_edit, Qt.Key.Key_Return)
    assert not wizard.busy and not wizard.error_line.isVisible()
    assert wizard.page_index() == 1


def test_a_wrong_school_code_brings_the_clerk_back_to_it(
    qtbot: QtBot, tmp_path: Path, worker: SessionWorker
) -> None:
    root = tmp_path / "code"
    wizard = make_wizard(qtbot, root, worker)
    wizard.school_edit.setText(SCHOOL)
    wizard.code_edit.setText("abc!!")
    wizard.next_button.click()
    wizard.admin_edit.setText("wang")
    wizard.password_edit.setText(PASSWORD)
    wizard.repeat_edit.setText(PASSWORD)
    wizard.next_button.click()  # the service checks the school code, on the worker
    qtbot.waitUntil(lambda: not wizard.busy, timeout=10_000)
    assert wizard.page_index() == 0
    assert wizard.error_line.text() == "学校代码格式不对，请检查。"
    assert not ArchiveLayout(root).exists()
