"""Screenshots of every main page of the real application on a demo archive, Chinese and English.

    .venv/bin/xueji demo /tmp/shot-demo
    xvfb-run -a .venv/bin/python tools/screenshot_ui.py --archive /tmp/shot-demo \
        --out docs/screenshots

``--only admin`` makes only the administrator's pictures (40-…: the first-run wizard with a sample
recovery code, the login refused on another computer, the access report, the users), for
``docs/manual/admin.md``; ``--only users`` only the 用户 section of 设置 and the 修改密码 dialog
(45, 46; the first run adds three sample accounts to the demo archive). The README shows the
pictures in ``docs/screenshots/``. Windows are captured with ``QWidget.grab()`` (works offscreen
and under Xvfb); ``--screen`` also grabs the whole screen (a real X server such as Xvfb), which
shows window decorations and pop-ups. The demo password is published in the README; pass another
one with ``--password-stdin``. The UI preferences go to a temporary file, so the pictures do not
depend on (or change) the machine's saved window layout.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QItemSelectionModel, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QWidget

TMP = Path(tempfile.gettempdir())


def settle(ms: int = 250) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(predicate: Callable[[], object], timeout_s: float = 30.0) -> None:
    end = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > end:
            raise SystemExit("timed out waiting for the application")
        settle(50)


class Shooter:
    def __init__(self, out: Path, lang: str, screen: bool) -> None:
        self.out = out
        self.lang = lang
        self.screen = screen
        self.saved: list[Path] = []

    def __call__(self, widget: QWidget, name: str) -> None:
        settle()
        path = self.out / f"{name}-{self.lang}.png"
        widget.grab().save(str(path))
        self.saved.append(path)
        if self.screen:
            shot = QGuiApplication.primaryScreen().grabWindow(0)
            screen_path = self.out / f"{name}-{self.lang}-screen.png"
            shot.save(str(screen_path))
            self.saved.append(screen_path)


def _sign_in(root: Path, password: str, shoot: Shooter, pictures: bool = True) -> Any:
    """The login dialog on the demo archive (01, 02 when ``pictures``), then the main window."""
    from xueji_desktop.services.demo import DEMO_ADMIN
    from xueji_desktop.storage.layout import ArchiveLayout, read_meta
    from xueji_desktop.ui.login import LoginDialog
    from xueji_desktop.ui.main_window import MainWindow
    from xueji_desktop.ui.worker import SessionWorker

    practice = read_meta(ArchiveLayout(root)).practice
    worker = SessionWorker()
    _binding_lost_login(root, worker, shoot)
    dialog = LoginDialog(root, worker, practice=practice)
    dialog.show()
    if pictures:
        shoot(dialog, "01-login")
    dialog.user_edit.setText(DEMO_ADMIN)
    if pictures:
        dialog.password_edit.setText("not-the-password")
        dialog.submit()
        wait_until(lambda: not dialog.busy)
        shoot(dialog, "02-login-wrong-password")
    dialog.password_edit.setText(password)
    dialog.submit()
    wait_until(lambda: dialog.logged_in is not None or not dialog.busy)
    wait_until(lambda: not dialog.busy)
    logged_in = dialog.logged_in
    if logged_in is None:
        raise SystemExit(f"login failed: {dialog.error_line.text()}")
    dialog.close()

    window = MainWindow(logged_in, worker, practice=practice)
    window.resize(1360, 860)
    window.show()
    settle(1500)
    return window


def _close(window: Any) -> None:
    from xueji_desktop.ui.students_page import StudentsPage

    for page in window.findChildren(StudentsPage):
        page.discard_changes()
    session = window.session
    window.close()
    window.worker.shutdown(session.close)


def run_admin(root: Path, password: str, shoot: Shooter) -> None:
    """Only the administrator's pictures (40-…), for docs/manual/admin.md."""
    _wizard_flow(shoot)
    window = _sign_in(root, password, shoot, pictures=False)
    _admin_flow(window, shoot)
    _users_flow(window, shoot, password)
    _close(window)


def run_users(root: Path, password: str, shoot: Shooter) -> None:
    """Only the users pictures (45, 46), for the manuals' user and password sections."""
    window = _sign_in(root, password, shoot, pictures=False)
    _users_flow(window, shoot, password)
    _close(window)


# Sample accounts shown in the 用户 picture (45); added to the demo archive once.
SAMPLE_USERS = (
    ("lixia", "李霞", "clerk", "Sample-Clerk-Pass-2026"),
    ("zhangwei", "张伟", "admin", "Sample-Admin-Pass-2026"),
    ("chenjing", "陈静", "viewer", "Sample-Viewer-Pass-2026"),
)


def _users_flow(window: Any, shoot: Shooter, password: str) -> None:
    """45: 设置 with the 用户 section (a few sample accounts, one disabled, one chosen); 46: the
    修改密码 dialog with a new password being typed (its hints showing)."""
    from xueji_desktop.core.roles import parse_roles
    from xueji_desktop.services import users
    from xueji_desktop.ui.password_dialog import ChangePasswordDialog
    from xueji_desktop.ui.settings_page import SettingsPage

    session = window.session

    def add_samples() -> None:
        have = {u.username for u in users.list_users(session)}
        for name, display, roles, secret in SAMPLE_USERS:
            if name not in have:
                users.add_user(
                    session,
                    admin_password=password,
                    username=name,
                    password=secret,
                    roles=parse_roles(roles),
                    display_name=display,
                )
        users.set_disabled(session, admin_password=password, username="chenjing", disabled=True)

    worker_call(window.worker, add_samples)
    window.navigate("settings", {})
    page = window.current_page()
    assert isinstance(page, SettingsPage) and page.users_panel is not None
    panel = page.users_panel
    wait_until(lambda: panel.loaded and panel.model.rowCount() > 1)
    panel.select("lixia")
    page.print_scroll.ensureWidgetVisible(panel)
    settle(500)
    shoot(window, "45-users")
    window.change_password()
    dialog = window.password_dialog
    assert isinstance(dialog, ChangePasswordDialog)
    dialog.current_edit.setText(password)
    dialog.fields.password_edit.setText("river-lantern-2")
    dialog.fields.repeat_edit.setText("river-lantern")
    wait_until(lambda: dialog.fields.hints.common is not None)
    dialog.fields.refresh()
    settle(300)
    shoot(dialog, "46-change-password")
    dialog.reject()


def run(root: Path, password: str, shoot: Shooter) -> None:
    from xueji_desktop.services import structure
    from xueji_desktop.ui.classes_page import ClassesPage
    from xueji_desktop.ui.grades_page import GradesPage
    from xueji_desktop.ui.record_view import RecordView
    from xueji_desktop.ui.students_page import StudentsPage

    _wizard_flow(shoot)
    window = _sign_in(root, password, shoot)
    worker = window.worker
    logged_in_session = window.session
    shoot(window, "03-start")

    window.navigate("students", {})
    students = window.current_page()
    assert isinstance(students, StudentsPage)
    wait_until(lambda: students.model.rowCount() > 0)
    shoot(window, "04-students")
    students.search_edit.setText("zh")
    settle(900)
    shoot(window, "05-students-search")
    students.search_edit.clear()
    settle(600)
    first = students.model.row_at(0).id
    view = students.open_record(first)
    assert isinstance(view, RecordView)
    settle(1000)
    shoot(window, "06-record")
    for key, name in (("grades", "07-record-grades"), ("history", "08-record-history")):
        view.show_tab(key)
        settle(900)
        shoot(window, name)
    _print_flow(students, shoot)
    students.open_form(None)
    settle(800)
    shoot(window, "09-new-student")

    window.navigate("classes", {})
    classes = window.current_page()
    assert isinstance(classes, ClassesPage)
    settle(1200)
    shoot(window, "10-classes")

    window.navigate("grades", {})
    grades = window.current_page()
    assert isinstance(grades, GradesPage)
    settle(800)
    session = logged_in_session
    class_id, course_id, term_id = worker_call(worker, lambda: _a_sheet(session, structure))
    grades.select(class_id, course_id, term_id)
    settle(1500)
    shoot(window, "11-grades")

    window.navigate("status_changes", {})
    settle(1200)
    shoot(window, "12-status-changes")
    window.navigate("settings", {})
    settle(800)
    shoot(window, "13-settings")

    window.navigate("documents", {})
    settle(1200)
    shoot(window, "17-documents")
    from xueji_desktop.ui.verify_dialog import VerifyDialog

    verify = VerifyDialog(students.ctx, window)
    verify.show()
    verify.text_edit.setText(_PRINTED[0] if _PRINTED else "CJD2026-000001")
    verify.check()
    wait_until(lambda: verify.outcome_label.text())
    settle(300)
    shoot(verify, "18-verify")
    verify.close()

    sent_id = _paper_files_flow(window, shoot)
    _calendar_flow(window, shoot)
    _statistics_flow(window, shoot)
    _oversight_flow(window, shoot)
    window.navigate("students", {})
    record = students.open_record(sent_id)  # the student of the locate picture
    wait_until(lambda: record.record)
    record.show_tab("attachments")  # the record's 附件 tab: the paper file above the scans
    wait_until(lambda: record.files_tab.paper.isVisible())
    settle(600)
    shoot(window, "32-record-attachments")

    window.navigate("exchange", {})
    settle(800)
    shoot(window, "19-exchange")
    _import_flow(window, shoot)
    _backup_flow(window, password, shoot)
    _admin_flow(window, shoot)
    _users_flow(window, shoot, password)

    window.lock.lock_now()
    settle(500)
    shoot(window, "14-locked")
    window.lock.try_unlock(password, window.lock.entry_cover())
    wait_until(lambda: not window.lock.is_locked)
    _close(window)


# A well-formed recovery code (its check characters are right, so the wizard accepts the groups
# typed back) that is plainly a sample: no archive has it.
SAMPLE_RECOVERY_CODE = "DEMOD-EMODE-MODEM-ODEMO-DEMOD-EMORJ"


def _wizard_flow(shoot: Shooter) -> None:
    """The first-run wizard's three pages (40, 41, 42), filled in but never finished: nothing is
    created. Page 3 shows SAMPLE_RECOVERY_CODE, handed to the page as the worker would hand a
    new archive's code; the folder shown is the default one on Windows."""
    from xueji_desktop.storage.layout import ArchiveMeta
    from xueji_desktop.ui.wizard import FirstRunWizard
    from xueji_desktop.ui.worker import SessionWorker

    zh = shoot.lang == "zh"
    folder = Path(r"C:\Users\jwc\AppData\Local\XuejiDesktop\archive")
    worker = SessionWorker()
    wizard = FirstRunWizard(folder, worker)
    wizard.show()
    wizard.school_edit.setText("示范职业技术学校" if zh else "Demo Vocational School")
    shoot(wizard, "40-wizard-school")
    wizard.next()
    wizard.admin_edit.setText("wangli")
    wizard.password_edit.setText("x" * 24)
    wizard.repeat_edit.setText("x" * 24)
    settle(100)
    shoot(wizard, "41-wizard-admin")
    meta = ArchiveMeta(
        archive_id="00000000-0000-4000-8000-000000000000",
        created_at="2026-09-01T08:00:00Z",
        binding="keyring",
        keyring_backend=None,
        throttle_salt="",
    )
    wizard._show_code(SAMPLE_RECOVERY_CODE, meta)
    groups = SAMPLE_RECOVERY_CODE.split("-")
    wizard.group_edits[0].setText(groups[1])
    wizard.group_edits[1].setText(groups[3])
    settle(200)
    shoot(wizard, "42-wizard-recovery-code")
    wizard.password_edit.clear()
    wizard.repeat_edit.clear()
    QDialog.done(wizard, QDialog.DialogCode.Rejected)  # not reject(): no worker is waiting
    wizard.deleteLater()
    worker.shutdown(lambda: None)
    if folder.exists():
        raise SystemExit(f"the wizard made {folder}")


def _binding_lost_login(root: Path, worker: Any, shoot: Shooter) -> None:
    """43: the login window as it answers on another computer (or after Windows was set up
    again) when the archive is bound to the old one: the error BindingLost handed to the dialog
    as the worker hands it when the device secret is missing."""
    from xueji_desktop.core.errors import BindingLost
    from xueji_desktop.ui.login import LoginDialog

    # A practice archive is never bound: the school's own archive's login window (no banner).
    dialog = LoginDialog(root, worker, practice=False)
    dialog.show()
    dialog.user_edit.setText("wangli")
    dialog._on_failed(BindingLost())
    settle(200)
    shoot(dialog, "43-login-binding-lost")
    dialog.close()
    dialog.deleteLater()


def _admin_flow(window: Any, shoot: Shooter) -> None:
    """44: the 审计日志 page's 访问报告 tab for this year, after a few records were opened and a
    class roster exported (so the report has something to count on a fresh demo archive too;
    the exported file is removed)."""
    from xueji_desktop.services import exports
    from xueji_desktop.ui.audit_page import AuditPage
    from xueji_desktop.ui.students_page import StudentsPage

    window.navigate("students", {})
    students = window.current_page()
    assert isinstance(students, StudentsPage)
    wait_until(lambda: students.model.rowCount() > 3)
    for row in (1, 2, 3):
        view = students.open_record(students.model.row_at(row).id)
        wait_until(partial(getattr, view, "record"))  # its header and 基本信息 loaded
    session = window.session
    out = TMP / f"xueji-screenshot-roster-{os.getpid()}.xlsx"
    sql = "SELECT id FROM class_groups ORDER BY id LIMIT 1"
    try:
        worker_call(
            window.worker,
            lambda: exports.export_roster(
                session,
                out,
                class_id=int(session.archive.db.conn.execute(sql).fetchone()[0]),
                overwrite=True,
            ),
        )
    finally:
        out.unlink(missing_ok=True)  # demo data, but nothing is left behind
    window.navigate("audit", {})
    page = window.current_page()
    assert isinstance(page, AuditPage)
    wait_until(lambda: page.chain is not None)
    page.tabs.setCurrentWidget(page.report)
    page.report.make()
    wait_until(lambda: page.report.named is not None and not page.report.busy.isVisible())
    settle(800)
    shoot(window, "44-access-report")


def _paper_files_flow(window: object, shoot: Shooter) -> int:
    """纸质档案: "where is my file" for a surname with a sent-on file chosen (its papers and
    history beside it), the papers dialog, the loans, and the dispatch dialog for files due to be
    sent (filled in, not saved). Returns the chosen student's id."""
    from xueji_desktop.ui.paper_files_page import PaperFilesPage

    window.navigate("paper_files", {})  # type: ignore[attr-defined]
    page = window.current_page()  # type: ignore[attr-defined]
    assert isinstance(page, PaperFilesPage)
    session = page.ctx.session
    sql = (
        "SELECT s.id, s.name FROM file_dispatches d JOIN students s ON s.id = d.student_id"
        " WHERE d.voided_at IS NULL AND d.receipt_on IS NOT NULL ORDER BY d.id LIMIT 1"
    )
    sent_id, sent_name = worker_call(  # type: ignore[misc]
        page.ctx.worker, lambda: session.archive.db.conn.execute(sql).fetchone()
    )
    locate = page.locate
    locate.find_edit.setText(str(sent_name)[0])  # the surname: files in every state
    locate.find_file()
    wait_until(lambda: locate.model.rowCount() > 0)
    ids = [locate.model.item(r).student_id for r in range(locate.model.rowCount())]
    if sent_id in ids:
        locate.table.selectRow(ids.index(sent_id))
    wait_until(lambda: locate.contents.rowCount() > 0)
    settle(600)
    shoot(window, "27-paper-files-locate")  # type: ignore[arg-type]
    dialog = locate.edit_contents()
    if dialog is not None:
        settle(300)
        shoot(dialog, "28-paper-files-contents")
        dialog.reject()
    window.navigate("paper_files", {"view": "loans"})  # type: ignore[attr-defined]
    wait_until(lambda: page.loans.model.rowCount() > 0)
    settle(600)
    shoot(window, "29-paper-files-loans")  # type: ignore[arg-type]
    window.navigate("paper_files", {"view": "dispatch_due"})  # type: ignore[attr-defined]
    wait_until(lambda: page.due.model.rowCount() > 0)
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in range(min(3, page.due.model.rowCount())):
        page.due.table.selectionModel().select(page.due.model.index(row, 0), flags)
    send = page.due.send()
    assert send is not None
    centre = "邵阳市人才交流服务中心" if shoot.lang == "zh" else "Shaoyang Talent Service Centre"
    send.kind_combo.setCurrentIndex(send.kind_combo.findData("talent_centre"))  # type: ignore[attr-defined]
    send.receiver_edit.setText(centre)  # type: ignore[attr-defined]
    send.number_edit.setText("JY2026-0153")  # type: ignore[attr-defined]
    settle(600)
    shoot(send, "30-paper-files-dispatch")
    send.reject()
    return int(sent_id)


def _calendar_flow(window: object, shoot: Shooter) -> None:
    """校历: the deadlines, the graduation window, aid dates, rest days and the room's periods."""
    window.navigate("calendar", {})  # type: ignore[attr-defined]
    page = window.current_page()  # type: ignore[attr-defined]
    wait_until(lambda: page._view is not None)
    settle(800)
    shoot(window, "31-calendar")  # type: ignore[arg-type]


def _statistics_flow(window: object, shoot: Shooter) -> None:
    """统计: the dashboard's first cards, then the 教育事业统计 returns of this school year."""
    window.navigate("statistics", {})  # type: ignore[attr-defined]
    page = window.current_page()  # type: ignore[attr-defined]
    wait_until(lambda: page.dashboard is not None)
    settle(800)
    shoot(window, "33-statistics")  # type: ignore[arg-type]
    page.tabs.setCurrentWidget(page.returns)
    page.returns.count_button.click()
    wait_until(lambda: page.returns.counted)
    settle(800)
    shoot(window, "34-statistics-returns")  # type: ignore[arg-type]


def _oversight_flow(window: object, shoot: Shooter) -> None:
    """保管期限 (rules), 四性检测 (run to the end) and the admin's 审计日志."""
    window.navigate("retention", {})  # type: ignore[attr-defined]
    page = window.current_page()  # type: ignore[attr-defined]
    wait_until(lambda: page.rules_model.rowCount() > 0)
    settle(600)
    shoot(window, "39-retention")  # type: ignore[arg-type]
    window.navigate("integrity", {})  # type: ignore[attr-defined]
    page = window.current_page()  # type: ignore[attr-defined]
    page.run_button.click()
    wait_until(lambda: page.report is not None, timeout_s=120.0)
    settle(800)
    shoot(window, "37-four-properties")  # type: ignore[arg-type]
    window.navigate("audit", {})  # type: ignore[attr-defined]
    page = window.current_page()  # type: ignore[attr-defined]
    wait_until(lambda: page.chain is not None)
    settle(800)
    shoot(window, "35-audit")  # type: ignore[arg-type]


def _import_flow(window: object, shoot: Shooter) -> None:
    """The import wizard on a small new-student sheet: two of the demo's students exported, one
    of them with a changed phone, one new student and one row with a mistake."""
    import openpyxl

    from xueji_desktop.ui.import_wizard import ImportWizard

    page = window.current_page()  # type: ignore[attr-defined]
    session = page.ctx.session
    sql = (
        "SELECT s.name, s.id_number, c.name FROM students s JOIN class_groups c"
        " ON c.id = s.class_group_id WHERE s.status = 'enrolled' AND s.voided = 0"
        " AND s.report_status = 'draft' ORDER BY s.id LIMIT 2"
    )
    rows: list[Any] = worker_call(  # type: ignore[assignment]
        page.ctx.worker, lambda: session.archive.db.conn.execute(sql).fetchall()
    )
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["2026年秋季新生名单"])
    ws.append(["姓名", "身份证件号", "班级名称", "联系电话", "出生日期"])
    for name, idn, cls in rows:
        ws.append([name, idn, cls, "13900001111", None])
    ws.append(["林小雨", "110101200903071236", rows[0][2], "13812345678", "2009-03-07"])
    ws.append(["赵六", 430502200801011234, rows[0][2], "1381234", "2008年13月1日"])
    path = TMP / f"xueji-screenshot-import-{os.getpid()}.xlsx"
    book.save(path)
    try:
        wizard = ImportWizard(page.ctx, parent=window)  # type: ignore[arg-type]
        wizard.resize(980, 700)
        wizard.show()
        wizard.open_file(path)
        wait_until(lambda: not wizard.busy)
        settle(300)
        shoot(wizard, "20-import-file")
        wizard.next_button.click()
        wait_until(lambda: not wizard.busy)
        settle(300)
        shoot(wizard, "21-import-mapping")
        wizard.next_button.click()
        wait_until(lambda: not wizard.busy)
        settle(500)
        shoot(wizard, "22-import-preview")
        wizard.close()
    finally:
        path.unlink(missing_ok=True)  # demo data, but nothing is left behind


def _backup_flow(window: object, password: str, shoot: Shooter) -> None:
    """备份与恢复 with a temporary folder enrolled as the drive and one backup on it: the page,
    the enrol dialog, the restore wizard's list and confirmation (nothing is restored). The
    drive is forgotten and removed afterwards, so closing the window makes no backup."""
    import shutil

    from xueji_desktop.services import backup, backup_drives

    drive = TMP / f"xueji-screenshot-drive-{os.getpid()}"
    drive.mkdir()
    session = window.session  # type: ignore[attr-defined]
    worker = window.worker  # type: ignore[attr-defined]
    label = "备份盘一" if shoot.lang == "zh" else "Backup drive 1"
    try:
        ident = worker_call(worker, lambda: backup_drives.enroll_drive(session, drive, label=label))
        worker_call(worker, lambda: backup.make_backup(session, drive))
        window.backup.refresh_status()  # type: ignore[attr-defined]  # made behind its back
        window.navigate("backup", {})  # type: ignore[attr-defined]
        page = window.current_page()  # type: ignore[attr-defined]
        wait_until(lambda: page.state is not None and page.state.drives)
        settle(800)
        shoot(window, "23-backup")  # type: ignore[arg-type]
        dialog = page.open_enrol()
        dialog.path_edit.setText("E:\\" if shoot.lang == "zh" else "/media/usb")
        dialog.label_edit.setText("备份盘二" if shoot.lang == "zh" else "Backup drive 2")
        shoot(dialog, "24-backup-enrol")
        dialog.close()
        wizard = page.open_restore()
        wizard.resize(720, 480)
        wizard.password_edit.setText(password)
        wizard.next_button.click()
        wait_until(lambda: not wizard.busy and wizard.model.rowCount() > 0)
        shoot(wizard, "25-restore-choose")
        wizard.next_button.click()
        wait_until(lambda: wizard.step() == 3 or wizard.error_line.isVisible(), 60)
        shoot(wizard, "26-restore-confirm")
        wizard.close()
        worker_call(worker, lambda: backup_drives.forget_drive(session, ident.drive_id))  # type: ignore[attr-defined]
    finally:
        shutil.rmtree(drive, ignore_errors=True)
    window.backup.tick()  # type: ignore[attr-defined]
    wait_until(lambda: not window.backup.drive_plugged)  # type: ignore[attr-defined]


_PRINTED: list[str] = []  # serials issued by _print_flow, verified afterwards


def _print_flow(students: object, shoot: Shooter) -> None:
    """出具文书 for the open record: the dialog, the issued preview, printed to a PDF printer."""
    from PySide6.QtPrintSupport import QPrinter

    dialog = students.print_documents()  # type: ignore[attr-defined]
    settle(1200)
    shoot(dialog, "15-print-dialog")
    previews: list[object] = []
    dialog.previewOpened.connect(previews.append)
    dialog.start()
    wait_until(lambda: previews, 60)
    preview = previews[0]
    preview.resize(900, 1000)  # type: ignore[attr-defined]
    settle(2000)
    shoot(preview, "16-print-preview")  # type: ignore[arg-type]
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = TMP / f"xueji-screenshot-print-{os.getpid()}.pdf"
    printer.setOutputFileName(str(out))
    preview.print_to(printer)  # type: ignore[attr-defined]
    wait_until(lambda: preview.was_printed, 120)  # type: ignore[attr-defined]
    _PRINTED.extend(preview.serials)  # type: ignore[attr-defined]
    out.unlink(missing_ok=True)  # demo data, but nothing is left behind
    preview.close()  # type: ignore[attr-defined]


def _a_sheet(session: object, structure: object) -> tuple[int, int, int]:
    """A class, one of its courses and a term that have grades in the demo archive."""
    conn = session.archive.db.conn  # type: ignore[attr-defined]
    row = conn.execute(
        "SELECT s.class_group_id, g.course_id, g.term_id FROM grades g"
        " JOIN students s ON s.id = g.student_id WHERE s.class_group_id IS NOT NULL"
        " ORDER BY g.term_id DESC LIMIT 1"
    ).fetchone()
    return int(row[0]), int(row[1]), int(row[2])


def worker_call(worker: object, fn: Callable[[], object]) -> tuple[int, int, int]:
    box: list[object] = []
    worker.run(fn, on_done=box.append, on_error=box.append)  # type: ignore[attr-defined]
    wait_until(lambda: box)
    if isinstance(box[0], BaseException):
        raise box[0]
    return box[0]  # type: ignore[return-value]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--archive", type=Path, default=TMP / "shot-demo")
    parser.add_argument("--out", type=Path, default=TMP / "xueji-shots")
    parser.add_argument("--lang", choices=("zh", "en", "both"), default="both")
    parser.add_argument("--password-stdin", action="store_true")
    parser.add_argument("--screen", action="store_true", help="also grab the whole screen")
    parser.add_argument(
        "--only",
        choices=("all", "admin", "users"),
        default="all",
        help="admin: only the administrator's pictures (40-…) for docs/manual/admin.md; "
        "users: only the users and change-password pictures (45, 46)",
    )
    args = parser.parse_args(argv)
    os.environ["XUEJI_UI_SETTINGS"] = str(TMP / f"xueji-shots-ui-{os.getpid()}.ini")
    from xueji_desktop.services.demo import DEMO_PASSWORD
    from xueji_desktop.ui.i18n import compile_translations, install_translators

    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else DEMO_PASSWORD
    args.out.mkdir(parents=True, exist_ok=True)
    compile_translations()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from xueji_desktop.ui import gc_guard

    gc_guard.install(app)  # as the app does: cyclic garbage freed on the GUI thread
    assert isinstance(app, QApplication)
    saved: list[Path] = []
    for lang in ("zh", "en") if args.lang == "both" else (args.lang,):
        os.environ["XUEJI_LANG"] = lang
        install_translators(app)
        shoot = Shooter(args.out, lang, args.screen)
        runner = {"admin": run_admin, "users": run_users}.get(args.only, run)
        runner(args.archive, password, shoot)
        saved += shoot.saved
    Path(os.environ["XUEJI_UI_SETTINGS"]).unlink(missing_ok=True)
    for path in saved:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
