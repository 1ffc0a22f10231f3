"""学籍异动 page: the archive's recent changes, filters, opening the student, 上报状态."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from tests.records_fixtures import insert_student, setup_structure
from xueji_desktop.services import status_changes as sc
from xueji_desktop.services.archive import Created
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.status_changes_page import StatusChangesPage
from xueji_desktop.ui.worker import SessionWorker


def test_recent_changes_filter_open_and_report(
    make_archive: Callable[..., Created], worker: SessionWorker, qtbot: QtBot, qtmodeltester: object
) -> None:
    created = make_archive()
    s = created.session
    s.archive.clock = lambda: datetime.datetime(2027, 6, 30, 12).timestamp()
    ids = setup_structure(s)
    a = insert_student(s, ids["c1"], name="王一")
    b = insert_student(s, ids["c2"], name="李二", major_code="730301")
    sc.record_change(s, a, "leave_of_absence", effective_date="2026-11-01",
                     details={"expected_return_date": "2027-09-01"})  # fmt: skip
    sc.record_change(s, b, "withdrawal", effective_date="2026-11-02")
    went: list[tuple[str, dict[str, object]]] = []
    ctx = PageContext(s, worker, navigate=lambda p, args: went.append((p, args)))
    page = StatusChangesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1000, 420)
    page.show()
    page.from_edit.setDate(QDate(2026, 1, 1))
    page.to_edit.setDate(QDate(2027, 6, 30))
    page.activate()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    qtmodeltester.check(page.model)  # type: ignore[attr-defined]
    assert page.model.change(0).name == "李二"
    assert page.model.index(0, 4).data() == "退学"

    page.kind_combo.setCurrentIndex(page.kind_combo.findData("leave_of_absence"))
    page.reload()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    page.table.setCurrentIndex(page.model.index(0, 0))
    page.table.activated.emit(page.model.index(0, 0))
    assert went == [("students", {"student_id": a})]

    assert page.report_buttons["confirmed"].isEnabled()
    assert not page.report_buttons["approved"].isEnabled()  # not before it is reported
    page.set_report(page.model.change(0).id, "confirmed")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.model.change(0).report_status
                    == "confirmed", timeout=10_000)  # fmt: skip
    assert sc.list_changes(s, a)[0].report_status == "confirmed"
    page.set_report(page.model.change(0).id, "approved")  # out of order: refused in words
    qtbot.waitUntil(lambda: page.error_line.isVisible(), timeout=10_000)
    assert sc.list_changes(s, a)[0].report_status == "confirmed"
    page.grab().save("/tmp/shots-e/status_changes_page.png")
