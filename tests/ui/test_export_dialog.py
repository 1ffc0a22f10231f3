"""The export dialog and the 导入导出 page on a demo archive: files written through the services,
"open folder", a folder export, cancel, a refusal in plain words, and who sees what."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot

from tests.conftest import ADMIN_PASSWORD
from tests.records_fixtures import add_account
from tests.ui.conftest import VIEWER, VIEWER_PASSWORD
from xueji_desktop.core.roles import Role
from xueji_desktop.services import archive as archive_service
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session
from xueji_desktop.storage.content_hash import content_hash
from xueji_desktop.ui.exchange_page import ExchangePage
from xueji_desktop.ui.export_dialog import KINDS, ExportDialog
from xueji_desktop.ui.main_window import allowed_pages
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.worker import SessionWorker

WAIT = 20_000


def make_dialog(qtbot: QtBot, session: Session, worker: SessionWorker, kind: str) -> ExportDialog:
    dialog = ExportDialog(PageContext(session, worker), kind=kind)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog._loaded, timeout=WAIT)
    return dialog


def run_export(qtbot: QtBot, dialog: ExportDialog, target: Path, *, replace: bool = False) -> None:
    dialog.export_to(target, replace=replace)
    qtbot.waitUntil(lambda: not dialog._running, timeout=WAIT)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    urls: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: urls.append(url)))
    return urls


def test_students_export_writes_the_file_and_opens_its_folder(
    qtbot: QtBot,
    worker: SessionWorker,
    school: Created,
    tmp_path: Path,
    opened: list[QUrl],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    empty = tmp_path / "tmpdir"
    empty.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(empty))
    dialog = make_dialog(qtbot, school.session, worker, "students")
    assert dialog.class_combo.itemText(0) == "全部班级"
    assert dialog.class_combo.isVisibleTo(dialog)
    assert not dialog.term_combo.isVisibleTo(dialog)
    target = tmp_path / "out" / "学生信息.xlsx"
    target.parent.mkdir()
    run_export(qtbot, dialog, target, replace=True)
    assert dialog.error_line.isHidden(), dialog.error_line.text()
    assert dialog.written == [target] and target.exists()
    assert list(empty.iterdir()) == []
    ws = openpyxl.load_workbook(target).worksheets[0]
    headers = [c.value for c in ws[1]]
    assert "姓名" in headers and "身份证件号" in headers
    assert ws.max_row == 1 + 12
    assert str(target) in dialog.result_label.text()
    dialog.open_button.click()
    assert [Path(u.toLocalFile()) for u in opened] == [target.parent]


def test_roster_needs_a_class_and_names_the_file(
    qtbot: QtBot, worker: SessionWorker, school: Created, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, school.session, worker, "roster")
    assert dialog.class_combo.count() > 0
    assert dialog.class_combo.itemData(0) is not None  # no "all classes" for a roster
    (class_id,) = school.session.archive.db.conn.execute(
        "SELECT class_group_id FROM students WHERE class_group_id IS NOT NULL LIMIT 1"
    ).fetchone()
    dialog.class_combo.setCurrentIndex(dialog.class_combo.findData(class_id))
    assert dialog.suggested_name() == f"班级花名册_{dialog.class_combo.currentText()}.xlsx"
    target = tmp_path / dialog.suggested_name()
    run_export(qtbot, dialog, target)
    assert target.exists(), dialog.error_line.text()
    assert dialog.result_label.isVisibleTo(dialog)
    dialog.select("students")
    # the roster's file is not this export's result
    assert not dialog.result_label.isVisibleTo(dialog) and dialog.written == []
    assert dialog.class_combo.itemText(0) == "全部班级"
    dialog.select("roster")
    assert dialog.class_combo.itemData(0) is not None


def test_head_teacher_sheets_go_into_a_folder(
    qtbot: QtBot, worker: SessionWorker, school: Created, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, school.session, worker, "head_teachers")
    assert dialog.replace_check.isVisibleTo(dialog)
    folder = tmp_path / "核对"
    folder.mkdir()
    run_export(qtbot, dialog, folder)
    assert dialog.error_line.isHidden(), dialog.error_line.text()
    files = sorted(folder.iterdir())
    assert files and all(f.suffix == ".xlsx" for f in files)
    assert sorted(dialog.written) == files
    expected = f"{len(files)} 个文件已保存到 {folder}" if len(files) > 1 else "已保存："
    assert expected in dialog.result_label.text()


def test_cancel_writes_nothing(
    qtbot: QtBot, worker: SessionWorker, school: Created, tmp_path: Path
) -> None:
    before = content_hash(school.session.archive.db.conn)
    dialog = make_dialog(qtbot, school.session, worker, "students")
    dialog.exportStarted.connect(lambda work: work.cancel())
    target = tmp_path / "x.xlsx"
    run_export(qtbot, dialog, target)
    assert not target.exists()
    assert "已停止" in dialog.error_line.text()
    assert content_hash(school.session.archive.db.conn) == before
    assert dialog.export_button.isEnabled()


def test_nothing_to_export_is_said_plainly(
    qtbot: QtBot, worker: SessionWorker, school: Created, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, school.session, worker, "graduates")
    assert dialog.year_spin.isVisibleTo(dialog)
    dialog.year_spin.setValue(1950)
    target = tmp_path / "g.xlsx"
    run_export(qtbot, dialog, target)
    assert not target.exists()
    assert "没有符合条件的数据可以导出" in dialog.error_line.text()


def test_every_kind_shows_only_its_choices(
    qtbot: QtBot, worker: SessionWorker, school: Created
) -> None:
    dialog = make_dialog(qtbot, school.session, worker, "")
    for kind in KINDS:
        dialog.select(kind.key)
        assert dialog.kind().key == kind.key
        needs = set(kind.needs)
        assert dialog.term_combo.isVisibleTo(dialog) == ("term" in needs)
        assert dialog.dates_box.isVisibleTo(dialog) == ("dates" in needs)
        assert dialog.year_spin.isVisibleTo(dialog) == ("year" in needs)
        assert dialog.export_button.isEnabled()


def test_a_grade_sheet_offers_only_the_classs_courses(
    qtbot: QtBot, worker: SessionWorker, school: Created
) -> None:
    from xueji_desktop.services import export_grades

    dialog = make_dialog(qtbot, school.session, worker, "blank_grades")
    offered_anything = False
    for index in range(dialog.class_combo.count()):
        class_id = dialog.class_combo.itemData(index)
        dialog.class_combo.setCurrentIndex(index)
        offered = {dialog.course_combo.itemData(i) for i in range(1, dialog.course_combo.count())}
        own = {c.id for c in export_grades.grade_sheet_courses(school.session, class_id)}
        assert offered == own  # another major's course is not offered
        assert dialog.course_combo.itemData(0) is None  # "all courses" stays first
        offered_anything = offered_anything or bool(offered)
    all_courses = school.session.archive.db.conn.execute("SELECT count(*) FROM courses")
    assert offered_anything and len(offered) < all_courses.fetchone()[0]


@pytest.fixture
def admin_only(school: Created, worker: SessionWorker) -> Iterator[Session]:
    add_account(school.session, "boss", "solid-granite-42", [Role.ADMIN])
    session = archive_service.login(school.session.archive.layout.root, "boss", "solid-granite-42")
    yield session
    worker.wait()
    session.close()


def test_roles_decide_what_the_page_offers(
    qtbot: QtBot, worker: SessionWorker, school: Created, admin_only: Session
) -> None:
    assert ADMIN_PASSWORD  # the school's first account is admin + clerk
    both = ExchangePage(PageContext(school.session, worker))
    qtbot.addWidget(both)
    assert not both.import_box.isHidden() and not both.export_box.isHidden()

    boss = ExchangePage(PageContext(admin_only, worker))
    qtbot.addWidget(boss)
    assert boss.import_box.isHidden()  # an admin does not change records
    assert not boss.export_box.isHidden()
    assert boss.open_import("students") is None

    viewer = archive_service.login(school.session.archive.layout.root, VIEWER, VIEWER_PASSWORD)
    try:
        assert ExchangePage not in allowed_pages(viewer.roles, [ExchangePage])
        dialog = ExportDialog(PageContext(viewer, worker))
        qtbot.addWidget(dialog)
        assert not dialog.export_button.isEnabled()
        assert dialog.error_line.text() == "您的账号不能导出数据。"
        worker.wait()
        qtbot.wait(1)
    finally:
        viewer.close()


def test_page_opens_the_wizard_and_lists_imports(
    qtbot: QtBot, worker: SessionWorker, school: Created
) -> None:
    page = ExchangePage(PageContext(school.session, worker))
    qtbot.addWidget(page)
    page.show()
    page.import_buttons["corrections"].click()
    wizard = page.wizard
    assert wizard is not None and wizard.file_page.mode() == "corrections"
    assert page.open_import("students") is wizard  # one wizard at a time
    from xueji_desktop.services.import_model import ImportResult

    wizard.imported.emit(ImportResult(added=3, updated=1, skipped=2, ids=(1, 2, 3, 4)))
    assert page.history.count() == 1
    assert "新增 3 名，更新 1 名，2 行未导入" in page.history.item(0).text()
    wizard.close()
    page.export_buttons["aid"].click()
    assert page.export_dialog is not None and page.export_dialog.kind().key == "aid"
    qtbot.waitUntil(lambda: page.export_dialog is not None and page.export_dialog._loaded)


def test_the_page_in_the_main_window(qtbot: QtBot, worker: SessionWorker, school: Created) -> None:
    from xueji_desktop.ui.main_window import MainWindow
    from xueji_desktop.ui.operations import LoggedIn

    window = MainWindow(LoggedIn(school.session, "测试学校"), worker, pages=[ExchangePage])
    qtbot.addWidget(window)
    assert window.navigation.item(0).text() == "导入导出"
    window.navigate("exchange", {"import_mode": "history"})
    page = window.pages["exchange"]
    assert isinstance(page, ExchangePage)
    assert page.wizard is not None and page.wizard.file_page.mode() == "history"
    page.wizard.close()
    worker.wait()
    qtbot.wait(1)
