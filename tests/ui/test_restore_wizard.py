"""恢复…: the whole way on a real archive (password, drive, checked backups only, the check, the
confirmation, the restore, the login window again) and the refusals on the way."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.services.test_restore import files_open_inside, needs_proc, watch_swap
from tests.ui.conftest import sign_in
from tests.ui.test_backup_page import TIMEOUT, School, drive, no_mount_points, school
from xueji_desktop.core.errors import WrongCredentials
from xueji_desktop.messages import message_for
from xueji_desktop.services import archive as archive_service
from xueji_desktop.services import backup
from xueji_desktop.services.context import Session
from xueji_desktop.storage import restore_swap
from xueji_desktop.storage.content_hash import content_hash
from xueji_desktop.ui import app as app_module
from xueji_desktop.ui import logs
from xueji_desktop.ui.backup_page import BackupPage
from xueji_desktop.ui.backup_widgets import backup_events, size_text
from xueji_desktop.ui.login import LoginDialog
from xueji_desktop.ui.main_window import MainWindow
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.restore_wizard import CHECK, CHOOSE, CONFIRM, PASSWORD, RESTORE, RestoreWizard
from xueji_desktop.ui.worker import SessionWorker

__all__ = ["drive", "no_mount_points", "school"]  # fixtures shared with the page's tests


def open_wizard(qtbot: QtBot, session: Session, worker: SessionWorker) -> RestoreWizard:
    page = BackupPage(PageContext(session, worker))
    qtbot.addWidget(page)
    wizard = page.open_restore()
    assert wizard is not None
    return wizard


def to_the_list(qtbot: QtBot, wizard: RestoreWizard, password: str = ADMIN_PASSWORD) -> None:
    wizard.password_edit.setText(password)
    wizard.next_button.click()
    qtbot.waitUntil(lambda: not wizard.busy, timeout=TIMEOUT)


def change_records(session: Session) -> None:
    """A change after the backup that the restore must take away (a class renamed)."""
    with session.archive.db.atomic() as conn:
        conn.execute("UPDATE class_groups SET name = name || '（改）' WHERE id = "
                     "(SELECT MIN(id) FROM class_groups)")  # fmt: skip


@needs_proc
def test_restore_end_to_end_then_the_login_window(
    qtbot: QtBot,
    school: School,
    drive: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Also: at the swap nothing inside the archive folder is open (Windows would refuse to
    rename it), not even the application's desktop.lock, which the login takes again after."""
    swap = watch_swap(monkeypatch)
    made = backup.make_backup(school.session, drive)
    change_records(school.session)
    assert content_hash(school.session.archive.db.conn) != made.info.content_hash
    school.session.close()  # the application opens its own
    seen: dict[str, object] = {"logins": 0}
    monkeypatch.setattr(logs, "install_excepthook", lambda: None)

    def run_login(dialog: LoginDialog) -> int:
        seen["logins"] = int(seen["logins"]) + 1  # type: ignore[call-overload]
        dialog.show()
        if seen["logins"] == 2:  # back at the login after the restore: look, then quit
            seen["held_again"] = files_open_inside(school.root)
            again = archive_service.login(school.root, ADMIN, ADMIN_PASSWORD)
            seen["hash"] = content_hash(again.archive.db.conn)
            again.close()
            return int(QDialog.DialogCode.Rejected.value)
        sign_in(qtbot, dialog)
        return dialog.result()

    def run_event_loop(qapp: QApplication) -> int:
        [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)
                    and w.isVisible()]  # fmt: skip
        window.navigate("backup", {})
        page = window.current_page()
        assert isinstance(page, BackupPage)
        wizard = page.open_restore()
        assert wizard is not None and wizard.step() == PASSWORD
        to_the_list(qtbot, wizard)
        assert wizard.step() == CHOOSE
        qtbot.waitUntil(lambda: wizard.model.rowCount() == 1 and not wizard.busy, timeout=TIMEOUT)
        assert wizard.model.data(wizard.model.index(0, 1)) == str(school.students)
        wizard.next_button.click()
        qtbot.waitUntil(lambda: wizard.step() == CONFIRM, timeout=TIMEOUT)
        seen["held"] = files_open_inside(school.root)
        text = wizard.confirm_label.text()  # type: ignore[union-attr]
        assert "恢复前副本" in text and "都不会有" in text
        assert not wizard.next_button.isEnabled()  # not before "I understand"
        wizard.confirm_box.setChecked(True)
        wizard.next_button.click()
        qtbot.waitUntil(lambda: wizard.outcome is not None or wizard.error_line.isVisible(),
                        timeout=TIMEOUT)  # fmt: skip
        assert wizard.outcome is not None, wizard.error_line.text()
        pre = wizard.outcome.pre_restore
        seen["pre"] = pre
        assert wizard.step() == RESTORE and str(pre) in wizard.restore_label.text()
        wizard.next_button.click()  # 完成: the main window closes, the login comes back
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=TIMEOUT)
        seen["sign_in_again"] = window.backup.sign_in_again
        return 0

    monkeypatch.setattr(LoginDialog, "exec", run_login)
    monkeypatch.setattr(QApplication, "exec", run_event_loop)
    assert app_module.main(["--archive", str(school.root)]) == 0
    assert seen["sign_in_again"] is True
    assert any(p.endswith("desktop.lock") for p in seen["held"])  # type: ignore[union-attr]
    assert swap["open"] == []  # neither the session's files nor desktop.lock at the swap
    assert [Path(p).name for p in seen["held_again"]] == ["desktop.lock"]  # type: ignore[union-attr]
    assert seen["logins"] == 2
    assert seen["hash"] == made.info.content_hash  # the restored records are the backup's
    assert Path(str(seen["pre"])).is_dir()  # the archive from before is kept


def test_wrong_password_stops_at_the_first_step(
    qtbot: QtBot, school: School, drive: Path, worker: SessionWorker
) -> None:
    backup.make_backup(school.session, drive)
    wizard = open_wizard(qtbot, school.session, worker)
    to_the_list(qtbot, wizard, "not-the-password")
    assert wizard.step() == PASSWORD
    assert wizard.error_line.text() == message_for(WrongCredentials(), "zh")
    wizard.password_edit.clear()
    wizard.next_button.click()
    assert wizard.error_line.text() == "请输入密码。"


def test_only_checked_backups_are_offered(
    qtbot: QtBot, school: School, drive: Path, worker: SessionWorker
) -> None:
    made = backup.make_backup(school.session, drive)
    backup.scheduled_backup(school.root, drive)  # pending: not checked with the archive's keys
    assert len(backup.list_backups(school.session, drive)) == 2
    wizard = open_wizard(qtbot, school.session, worker)
    to_the_list(qtbot, wizard)
    qtbot.waitUntil(lambda: not wizard.busy and wizard.model.rowCount() > 0, timeout=TIMEOUT)
    assert [b.backup_id for b in wizard.model.rows()] == [made.info.backup_id]
    assert "备份盘一" in wizard.drive_combo.currentText()
    # The size as the command line says it: decimal megabytes, one decimal (not MiB).
    assert wizard.model.data(wizard.model.index(0, 2)) == f"{made.info.size / 1_000_000:.1f} MB"


def test_sizes_are_decimal_megabytes_like_the_command_line() -> None:
    assert size_text(9_500_000) == "9.5 MB"  # 9.1 MB if counted in MiB
    assert size_text(9_549_999) == "9.5 MB"
    assert size_text(0) == "0.0 MB"


def test_a_damaged_backup_is_caught_before_anything_changes(
    qtbot: QtBot, school: School, drive: Path, worker: SessionWorker
) -> None:
    made = backup.make_backup(school.session, drive)
    before = content_hash(school.session.archive.db.conn)
    db = made.info.path / "xueji.db"
    data = bytearray(db.read_bytes())
    data[len(data) // 3] ^= 0xFF
    db.write_bytes(bytes(data))
    wizard = open_wizard(qtbot, school.session, worker)
    to_the_list(qtbot, wizard)
    qtbot.waitUntil(lambda: not wizard.busy and wizard.model.rowCount() == 1, timeout=TIMEOUT)
    wizard.next_button.click()
    qtbot.waitUntil(lambda: not wizard.busy, timeout=TIMEOUT)
    assert wizard.step() == CHECK and not wizard.next_button.isEnabled()
    assert "不能用来恢复" in wizard.error_line.text()
    wizard.back_button.click()
    assert wizard.step() == CHOOSE
    worker.wait()
    assert content_hash(school.session.archive.db.conn) == before


def test_no_drive_plugged_in_says_so(
    qtbot: QtBot, school: School, drive: Path, worker: SessionWorker, tmp_path: Path
) -> None:
    backup.make_backup(school.session, drive)
    drive.rename(tmp_path / "elsewhere")
    wizard = open_wizard(qtbot, school.session, worker)
    to_the_list(qtbot, wizard)
    assert wizard.step() == CHOOSE and wizard.model.rowCount() == 0
    assert "没有插入登记过的备份盘" in wizard.empty_label.text()
    assert not wizard.next_button.isEnabled()


def test_a_swap_that_fails_keeps_the_archive_and_goes_back_to_the_login(
    qtbot: QtBot,
    school: School,
    drive: Path,
    worker: SessionWorker,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Windows refuses the rename (another program holds a file in the folder): the archive
    stays as it was; the session is closed already, so Finish leads to the login."""
    backup.make_backup(school.session, drive)
    change_records(school.session)
    before = content_hash(school.session.archive.db.conn)

    def refuse(root: Path, restored: Path) -> Path:
        raise PermissionError(13, "in use")

    monkeypatch.setattr(restore_swap, "swap_in", refuse)
    released: list[str] = []
    backup_events().releaseArchive.connect(released.append)
    try:
        wizard = open_wizard(qtbot, school.session, worker)
        to_the_list(qtbot, wizard)
        qtbot.waitUntil(lambda: wizard.model.rowCount() == 1 and not wizard.busy,
                        timeout=TIMEOUT)  # fmt: skip
        wizard.next_button.click()
        qtbot.waitUntil(lambda: wizard.step() == CONFIRM, timeout=TIMEOUT)
        wizard.confirm_box.setChecked(True)
        wizard.next_button.click()
        qtbot.waitUntil(lambda: wizard.closed and not wizard.busy, timeout=TIMEOUT)
    finally:
        backup_events().releaseArchive.disconnect(released.append)
    assert released == [str(school.root)]
    assert wizard.step() == RESTORE and wizard.outcome is None
    assert "没有被替换" in wizard.restore_label.text()
    assert wizard.next_button.isEnabled() and not wizard.cancel_button.isEnabled()
    assert not list(school.root.parent.glob("school.restoring-*"))
    again = archive_service.login(school.root, ADMIN, ADMIN_PASSWORD)
    try:
        assert content_hash(again.archive.db.conn) == before
    finally:
        again.close()
    with qtbot.waitSignal(backup_events().restored, timeout=TIMEOUT) as signal:
        wizard.next_button.click()  # 完成: to the login
    assert signal.args == [str(school.root)]
