"""备份与恢复: the page shows the real state, 立即备份 makes a real backup, clerks cannot enrol or
restore, a drive pulled out mid-way gives a plain sentence, and the GUI keeps working while a
backup runs on the worker."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QTime, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from tests.conftest import CLERK, CLERK_PASSWORD, add_clerk
from xueji_desktop.core.demo_data import generate_demo
from xueji_desktop.core.errors import DriveFull, DriveUnavailable, PermissionDenied, ValidationError
from xueji_desktop.messages import message_for
from xueji_desktop.services import backup, backup_drives
from xueji_desktop.services.archive import Created, login
from xueji_desktop.services.backup_common import entry
from xueji_desktop.services.backup_state import BackupState, load_state, update_state
from xueji_desktop.services.context import Session
from xueji_desktop.services.demo import load_demo_data
from xueji_desktop.ui import backup_ops
from xueji_desktop.ui.backup_page import BackupPage
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.widgets import stamp_text
from xueji_desktop.ui.worker import SessionWorker

LABEL = "备份盘一"
TIMEOUT = 30_000


@dataclass
class School:
    created: Created
    students: int

    @property
    def session(self) -> Session:
        return self.created.session

    @property
    def root(self) -> Path:
        return self.created.session.archive.layout.root


@pytest.fixture(autouse=True)
def no_mount_points(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Drives are found only where the test put them (never /media or /mnt of this machine)."""
    monkeypatch.setenv(backup_drives.ENV_SEARCH, str(tmp_path / "no-mounts"))


@pytest.fixture
def school(make_archive: Callable[..., Created]) -> School:
    created = make_archive("school")
    data = generate_demo(7, students_per_intake=4)
    load_demo_data(created, data, 7)
    return School(created, len(data.students))


@pytest.fixture
def drive(school: School, tmp_path: Path) -> Path:
    """A folder enrolled as the school's backup drive (through the real service)."""
    path = tmp_path / "usb"
    path.mkdir()
    backup_drives.enroll_drive(school.session, path, label=LABEL)
    return path


@pytest.fixture
def clerk_session(school: School, worker: SessionWorker) -> Iterator[Session]:
    add_clerk(school.created)
    session = login(school.root, CLERK, CLERK_PASSWORD)
    yield session
    worker.wait()
    session.close()


def make_page(qtbot: QtBot, session: Session, worker: SessionWorker) -> BackupPage:
    page = BackupPage(PageContext(session, worker, school_name="测试市职业中专"))
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.activate()
    qtbot.waitUntil(lambda: page.state is not None, timeout=TIMEOUT)
    return page


def reload(qtbot: QtBot, page: BackupPage) -> None:
    page.state = None
    page.reload()
    qtbot.waitUntil(lambda: page.state is not None, timeout=TIMEOUT)


def test_page_shows_the_last_good_backup_drives_and_history(
    qtbot: QtBot, qtmodeltester: object, school: School, drive: Path, worker: SessionWorker
) -> None:
    made = backup.make_backup(school.session, drive)
    page = make_page(qtbot, school.session, worker)
    assert page.last_time.text() == stamp_text(backup.backup_status(school.root).last_good_at or "")
    assert page.last_drive.text() == LABEL
    assert page.last_students.text() == str(school.students) == str(made.info.students)
    assert LABEL in page.drives_label.text() and "已插入" in page.drives_label.text()
    rows = page.history_model.rows()
    assert rows and rows[0].action == "backup" and rows[0].outcome == "ok"
    assert page.history_model.data(page.history_model.index(0, 3)) == "成功"
    assert page.history_model.data(page.history_model.index(0, 2)) == LABEL
    qtmodeltester.check(page.history_model)  # type: ignore[attr-defined]
    assert page.title() == "备份与恢复"
    # A fresh backup and no failure: nothing to advise but the monthly drill.
    assert "恢复演练" in page.advice.text()
    assert "插入备份盘" not in page.advice.text()


def test_back_up_now_makes_a_checked_backup(
    qtbot: QtBot, school: School, drive: Path, worker: SessionWorker
) -> None:
    page = make_page(qtbot, school.session, worker)
    assert backup.backup_status(school.root).last_good_at is None
    assert page.last_time.text() == "—"
    assert page.backup_button.isEnabled()
    page.backup_button.click()
    assert page.busy and not page.backup_button.isEnabled() and page.stop_button.isVisible()
    qtbot.waitUntil(lambda: not page.busy, timeout=TIMEOUT)
    worker.wait()
    [info] = backup.list_backups(school.session, drive)
    assert info.verified and info.students == school.students
    assert str(school.students) in page.done_line.text()
    assert not page.error_line.isVisible()
    qtbot.waitUntil(lambda: page.last_drive.text() == LABEL, timeout=TIMEOUT)
    assert page.last_students.text() == str(school.students)


def test_stop_keeps_nothing_and_says_so(
    qtbot: QtBot, school: School, drive: Path, worker: SessionWorker
) -> None:
    page = make_page(qtbot, school.session, worker)
    page.relay.cancel()  # stopped before the first byte: the service gives up at once
    page.back_up_now()
    page.relay.cancel()
    qtbot.waitUntil(lambda: not page.busy, timeout=TIMEOUT)
    worker.wait()
    assert backup.list_backups(school.session, drive) == []
    assert page.done_line.text() == "已停止。这次没有留下任何东西，以前的备份没有受影响。"
    assert not page.error_line.isVisible()


def test_advice_in_plain_words_when_no_drive_is_plugged_in(
    qtbot: QtBot, school: School, drive: Path, worker: SessionWorker, tmp_path: Path
) -> None:
    backup.make_backup(school.session, drive)
    drive.rename(tmp_path / "usb-in-a-drawer")  # pulled out
    page = make_page(qtbot, school.session, worker)
    assert page.advice.isVisible()
    assert "请插入备份盘（备份盘一）" in page.advice.text()
    assert "未插入" in page.drives_label.text()
    assert page.last_students.text().startswith("—")  # the count lives on the drive
    page.backup_button.click()
    qtbot.waitUntil(lambda: not page.busy, timeout=TIMEOUT)
    assert page.error_line.text() == message_for(DriveUnavailable(reason="none_plugged"), "zh")
    reload(qtbot, page)
    assert "上次备份没有成功" in page.advice.text()
    assert "没有插入登记过的备份盘" in page.advice.text()


def test_no_drive_enrolled_tells_admin_and_clerk_what_to_do(
    qtbot: QtBot, school: School, clerk_session: Session, worker: SessionWorker
) -> None:
    admin_page = make_page(qtbot, school.session, worker)
    assert "登记备份盘" in admin_page.advice.text()
    clerk_page = make_page(qtbot, clerk_session, worker)
    assert "请管理员登记" in clerk_page.advice.text()


def test_a_clerk_sees_no_enrol_and_no_restore(
    qtbot: QtBot, school: School, drive: Path, clerk_session: Session, worker: SessionWorker
) -> None:
    page = make_page(qtbot, clerk_session, worker)
    assert page.enrol_button.isHidden() and page.restore_button.isHidden()
    assert page.open_enrol() is None and page.open_restore() is None
    assert page.backup_button.isVisible() and page.verify_button.isVisible()
    page.backup_button.click()  # clerks make backups
    qtbot.waitUntil(lambda: not page.busy, timeout=TIMEOUT)
    worker.wait()
    assert len(backup.list_backups(school.session, drive)) == 1
    admin = make_page(qtbot, school.session, worker)
    assert admin.enrol_button.isVisible() and admin.restore_button.isVisible()


def test_enrol_dialog_enrols_a_folder(
    qtbot: QtBot, school: School, worker: SessionWorker, tmp_path: Path
) -> None:
    page = make_page(qtbot, school.session, worker)
    dialog = page.open_enrol()
    assert dialog is not None
    dialog.enrol_button.click()  # nothing chosen yet
    assert dialog.error_line.text() == "请先选择备份盘。"
    target = tmp_path / "new-usb"
    target.mkdir()
    dialog.path_edit.setText(str(target))
    dialog.label_edit.setText("周一盘")
    with qtbot.waitSignal(dialog.enrolled, timeout=TIMEOUT):
        dialog.enrol_button.click()
    qtbot.waitUntil(lambda: "周一盘" in page.drives_label.text(), timeout=TIMEOUT)
    assert page.state is not None and [d.drive.label for d in page.state.drives] == ["周一盘"]
    assert (target / "XuejiBackup" / "drive.json").is_file()


def test_enrol_dialog_refuses_a_missing_folder_in_plain_words(
    qtbot: QtBot, school: School, worker: SessionWorker, tmp_path: Path
) -> None:
    page = make_page(qtbot, school.session, worker)
    dialog = page.open_enrol()
    assert dialog is not None
    dialog.path_edit.setText(str(tmp_path / "not-there"))
    dialog.label_edit.setText("x")
    dialog.enrol_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=TIMEOUT)
    assert dialog.isVisible() and dialog.error_line.isVisible()
    assert "not-there" in dialog.error_line.text()
    assert not (tmp_path / "not-there").exists()


def test_drive_removed_in_the_middle_of_a_backup_gives_a_clear_message(
    qtbot: QtBot,
    school: School,
    drive: Path,
    worker: SessionWorker,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    backup.make_backup(school.session, drive)
    page = make_page(qtbot, school.session, worker)
    real = backup_ops.Bytes.__call__
    pulled: list[bool] = []

    def pull_out(self: backup_ops.Bytes, count: int) -> None:
        if not pulled and count > 0:  # on the worker, after the first bytes were copied
            pulled.append(True)
            shutil.rmtree(drive)
        real(self, count)

    monkeypatch.setattr(backup_ops.Bytes, "__call__", pull_out)
    page.backup_button.click()
    qtbot.waitUntil(lambda: not page.busy, timeout=TIMEOUT)
    assert pulled
    text = page.error_line.text()
    assert page.error_line.isVisible() and "备份盘" in text
    assert "意外" not in text and "Errno" not in text
    reload(qtbot, page)
    assert "上次备份没有成功" in page.advice.text()
    assert "请插入备份盘" in page.advice.text()


def test_check_and_drill_report_in_plain_words(
    qtbot: QtBot, school: School, drive: Path, worker: SessionWorker
) -> None:
    backup.make_backup(school.session, drive)
    page = make_page(qtbot, school.session, worker)
    page.verify_button.click()
    qtbot.waitUntil(lambda: not page.busy, timeout=TIMEOUT)
    assert page.done_line.text() == "1 份备份全部通过核对。"
    page.drill_button.click()
    qtbot.waitUntil(lambda: not page.busy, timeout=TIMEOUT)
    assert "恢复演练通过" in page.done_line.text()
    assert f"{school.students} 名学生" in page.done_line.text()
    reload(qtbot, page)
    assert "恢复演练" not in page.advice.text()  # done this month


def test_a_failed_check_advises_another_drive(
    qtbot: QtBot, school: School, drive: Path, worker: SessionWorker
) -> None:
    made = backup.make_backup(school.session, drive)
    db = made.info.path / "xueji.db"
    data = bytearray(db.read_bytes())
    data[len(data) // 2] ^= 0xFF
    db.write_bytes(bytes(data))
    page = make_page(qtbot, school.session, worker)
    page.verify_button.click()
    qtbot.waitUntil(lambda: not page.busy, timeout=TIMEOUT)
    assert "没有通过核对" in page.error_line.text() and "另一个备份盘" in page.error_line.text()
    reload(qtbot, page)
    assert "没有通过核对" in page.advice.text() and "另一个备份盘" in page.advice.text()


def test_gui_thread_keeps_working_while_a_backup_runs(
    qtbot: QtBot, make_archive: Callable[..., Created], worker: SessionWorker, tmp_path: Path
) -> None:
    created = make_archive("big")
    load_demo_data(created, generate_demo(11, students_per_intake=150), 11)
    usb = tmp_path / "usb"
    usb.mkdir()
    backup_drives.enroll_drive(created.session, usb, label=LABEL)
    page = make_page(qtbot, created.session, worker)
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(0)
    # Counted only while the page waits for the worker's answer (``busy`` ends in its callback).
    timer.timeout.connect(lambda: ticks.append(1) if page.busy else None)
    page.back_up_now()
    timer.start()
    qtbot.waitUntil(lambda: not page.busy, timeout=60_000)
    timer.stop()
    assert len(backup.list_backups(created.session, usb)) == 1
    assert len(ticks) > 0  # the GUI thread ran its timer while the worker copied and checked


# -- the admins' settings: the daily time, 取消登记 ------------------------------------------------


def _actions(session: Session) -> list[str]:
    rows = session.archive.db.conn.execute("SELECT action FROM audit_log ORDER BY seq")
    return [r[0] for r in rows]


def test_an_admin_sets_the_daily_backup_time(
    qtbot: QtBot, school: School, drive: Path, worker: SessionWorker
) -> None:
    page = make_page(qtbot, school.session, worker)
    box = page.drive_box
    assert box.time_edit.time() == QTime(12, 30)  # the default until one is saved
    box.time_edit.setTime(QTime(7, 45))
    box.time_button.click()
    qtbot.waitUntil(lambda: "07:45" in page.done_line.text(), timeout=TIMEOUT)
    assert page.done_line.text() == "每日备份时间已改为 07:45。"
    assert load_state(school.root).daily_time == "07:45"
    assert backup_ops.schedule_facts(school.root).daily_time == "07:45"  # what the scheduler reads
    assert _actions(school.session)[-1] == "backup_time_set"
    again = make_page(qtbot, school.session, worker)
    assert again.drive_box.time_edit.time() == QTime(7, 45)


def test_the_daily_time_is_checked_by_the_service(school: School) -> None:
    assert backup_drives.set_daily_time(school.session, " 7:05 ") == "07:05"
    for bad in ("24:00", "12:60", "12", "12:5", "ab:cd", "１２:３０", ""):
        with pytest.raises(ValidationError):
            backup_drives.set_daily_time(school.session, bad)
    assert load_state(school.root).daily_time == "07:05"


def test_a_clerk_cannot_change_the_time_or_unenrol(
    qtbot: QtBot, school: School, drive: Path, clerk_session: Session, worker: SessionWorker
) -> None:
    page = make_page(qtbot, clerk_session, worker)
    box = page.drive_box
    assert box.time_edit.isReadOnly() and box.time_button.isHidden()
    assert box.forget_buttons == []
    with pytest.raises(PermissionDenied):
        backup_drives.set_daily_time(clerk_session, "08:00")


def _answer_confirmation(qtbot: QtBot, answer: QMessageBox.StandardButton) -> list[str]:
    """Click ``answer`` in the confirmation when it opens; returns its text."""
    seen: list[str] = []

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        box.button(answer).click()

    QTimer.singleShot(0, click)
    return seen


def test_unenrol_a_drive_after_a_confirmation(
    qtbot: QtBot, school: School, drive: Path, worker: SessionWorker
) -> None:
    made = backup.make_backup(school.session, drive)
    page = make_page(qtbot, school.session, worker)
    [button] = page.drive_box.forget_buttons
    assert LABEL in button.text()
    seen = _answer_confirmation(qtbot, QMessageBox.StandardButton.No)
    button.click()
    assert seen and LABEL in seen[0] and "不会删除" in seen[0]
    worker.wait()
    assert [d.label for d in load_state(school.root).drives] == [LABEL]  # "No": nothing changed

    seen = _answer_confirmation(qtbot, QMessageBox.StandardButton.Yes)
    button.click()
    qtbot.waitUntil(lambda: "取消登记" in page.done_line.text(), timeout=TIMEOUT)
    assert load_state(school.root).drives == []
    assert _actions(school.session)[-1] == "backup_drive_forgotten"
    qtbot.waitUntil(lambda: page.drive_box.forget_buttons == [], timeout=TIMEOUT)
    assert page.drives_label.text() == "还没有登记备份盘。"
    assert made.info.path.is_dir(), "the drive's backups are not touched"


def _failed_attempts(root: Path, *reasons: str) -> None:
    """Failed backups in the history as the state file keeps them: "code:reason" only."""
    drive_id = load_state(root).drives[0].drive_id

    def add(state: BackupState) -> None:
        for reason in reasons:
            state.history.append(entry("backup", drive_id, "", "failed", reason, ""))

    update_state(root, add)


UNKNOWN_ZH = (
    "备份没有完成（原因不明）。以前的备份没有受影响。请再试一次；如果反复出现，请联系管理员。"
)


def test_history_reasons_never_show_empty_numbers(
    qtbot: QtBot, school: School, drive: Path, worker: SessionWorker
) -> None:
    reasons = ("KeyboardInterrupt", "unexpected", "operation_cancelled", "drive_full:no_space")
    _failed_attempts(school.root, *reasons)
    page = make_page(qtbot, school.session, worker)
    model = page.history_model
    why = {
        model.rows()[row].reason: model.data(model.index(row, 4)) for row in range(model.rowCount())
    }
    assert why["KeyboardInterrupt"] == why["unexpected"] == UNKNOWN_ZH
    assert why["operation_cancelled"] == "已停止。以前的备份没有受影响。"
    # The history has no numbers for "需要约 {needed_mb} MB": the bare sentence instead.
    assert why["drive_full:no_space"] == message_for(DriveFull(), "zh")
    assert (
        "备份盘空间不够" in why["drive_full:no_space"] and " MB" not in why["drive_full:no_space"]
    )
    assert "  " not in page.advice.text()
    assert message_for(DriveFull(), "zh") in page.advice.text()  # the newest attempt
    for text in why.values():
        assert "KeyboardInterrupt" not in text and "unexpected" not in text
    _shot(page, "backup-page-full.png")


def test_a_reason_with_its_fields_keeps_its_own_sentence(
    qtbot: QtBot, school: School, drive: Path, worker: SessionWorker
) -> None:
    _failed_attempts(school.root, "drive_unavailable:none_plugged", "drive_unavailable")
    page = make_page(qtbot, school.session, worker)
    model = page.history_model
    texts = [model.data(model.index(row, 4)) for row in range(model.rowCount())]
    assert message_for(DriveUnavailable(reason="none_plugged"), "zh") in texts
    assert message_for(DriveUnavailable(path=LABEL), "zh") in texts  # the drive's name filled


def _damage_newest(made_path: Path) -> None:
    db = made_path / "xueji.db"
    data = bytearray(db.read_bytes())
    data[len(data) // 2] ^= 0xFF
    db.write_bytes(bytes(data))


def test_a_failed_drill_says_its_advice_once(
    qtbot: QtBot, school: School, drive: Path, worker: SessionWorker
) -> None:
    _damage_newest(backup.make_backup(school.session, drive).info.path)
    page = make_page(qtbot, school.session, worker)
    page.drill_button.click()
    qtbot.waitUntil(lambda: not page.busy, timeout=TIMEOUT)
    text = page.error_line.text()
    assert text.startswith("恢复演练没有通过：")
    assert text.count("新的备份") == 1 and "另一个备份盘" in text


def test_a_clerk_is_told_to_tell_the_administrator_not_to_change_drives(
    qtbot: QtBot, school: School, drive: Path, clerk_session: Session, worker: SessionWorker
) -> None:
    _damage_newest(backup.make_backup(school.session, drive).info.path)
    page = make_page(qtbot, clerk_session, worker)
    page.drill_button.click()
    qtbot.waitUntil(lambda: not page.busy, timeout=TIMEOUT)
    drill = page.error_line.text()
    assert drill.startswith("恢复演练没有通过：") and "请告诉管理员" in drill
    page.verify_button.click()
    qtbot.waitUntil(lambda: not page.busy, timeout=TIMEOUT)
    check = page.error_line.text()
    assert "没有通过核对" in check and "请告诉管理员" in check
    reload(qtbot, page)
    model = page.history_model
    why = [model.data(model.index(row, 4)) for row in range(model.rowCount())]
    for text in (drill, check, page.advice.text(), *why):
        assert "换" not in text and "另一个备份盘" not in text, text
    assert "请告诉管理员" in page.advice.text()
    assert "。 " not in page.advice.text() and "。 " not in check  # no space between sentences
    _shot(page, "backup-page-clerk-failed-check.png")


def test_without_an_enrolled_drive_the_actions_are_off_and_say_why(
    qtbot: QtBot, school: School, clerk_session: Session, worker: SessionWorker, tmp_path: Path
) -> None:
    admin = make_page(qtbot, school.session, worker)
    clerk = make_page(qtbot, clerk_session, worker)
    for page, words in ((admin, "请先登记"), (clerk, "请管理员登记")):
        for button in (page.backup_button, page.verify_button, page.drill_button,
                       page.restore_button):  # fmt: skip
            assert not button.isEnabled() and words in button.toolTip()
    assert admin.enrol_button.isEnabled()
    _shot(clerk, "backup-page-clerk-no-drive.png")
    path = tmp_path / "usb"
    path.mkdir()
    backup_drives.enroll_drive(school.session, path, label=LABEL)
    reload(qtbot, admin)
    assert admin.backup_button.isEnabled() and admin.restore_button.isEnabled()
    assert admin.backup_button.toolTip() == ""


def _shot(page: BackupPage, name: str) -> None:
    """With XUEJI_SHOTS set, a picture of the page to look at (no file otherwise)."""
    folder = os.environ.get("XUEJI_SHOTS")
    if folder:
        page.grab().save(str(Path(folder) / name))
