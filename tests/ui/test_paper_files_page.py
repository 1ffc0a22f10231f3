"""纸质档案 page: where a file is in words, the register dialogs, the views the start page opens,
read-only for viewers, and the printed papers' previews."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from tests.records_fixtures import insert_student, setup_structure
from xueji_desktop.services import calendar_settings, file_dispatch, file_loans, paper_files, search
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session
from xueji_desktop.services.file_dispatch import DispatchOrder
from xueji_desktop.services.paper_files import Location
from xueji_desktop.ui.dispatch_dialog import DispatchDialog
from xueji_desktop.ui.main_window import MainWindow
from xueji_desktop.ui.operations import LoggedIn
from xueji_desktop.ui.page_registry import PAGES
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.paper_files_dialogs import LendDialog, LocationDialog, ReceiptDialog
from xueji_desktop.ui.paper_files_intake import IntakeDialog
from xueji_desktop.ui.paper_files_page import PaperFilesPage
from xueji_desktop.ui.paper_files_print import RoomPaperPreview
from xueji_desktop.ui.worker import SessionWorker

SHOTS = Path("/tmp/shots-gui")
TODAY = datetime.date(2026, 11, 26)
Env = tuple[Session, dict[str, int]]


@pytest.fixture
def env(archive: Created) -> Env:
    """Students in every state of a paper file; the search index knows them."""
    s = archive.session
    ids = setup_structure(s)
    ids["shelved"] = insert_student(s, ids["c1"], name="在室生", student_no="2025001")
    ids["lent"] = insert_student(s, ids["c1"], name="借出生", student_no="2025002")
    ids["sent"] = insert_student(
        s, ids["c2"], status="graduated", name="转递生", student_no="2025003"
    )
    ids["kept"] = insert_student(
        s, ids["c2"], status="graduated", name="留存生", student_no="2025004"
    )
    ids["due"] = insert_student(
        s, ids["c2"], status="graduated", name="待转生", student_no="2025005"
    )
    ids["none"] = insert_student(s, ids["c1"], name="未登记生", student_no="2025006")
    with s.archive.db.atomic() as conn:
        search.refresh_search_keys_for(conn, [v for k, v in ids.items() if k not in _NOT_STUDENTS])
    paper_files.set_location(s, [ids["shelved"]], cabinet="A", shelf="3", box="12")
    file_loans.lend_file(
        s,
        ids["lent"],
        borrower="王老师",
        purpose="征兵政审",
        lent_on="2026-10-01",
        due_on="2026-11-01",
    )
    file_dispatch.dispatch_files(
        s,
        [
            DispatchOrder(
                ids["sent"],
                "talent_centre",
                "邵阳市人才中心",
                "confidential_mail",
                dispatch_no="JY-7",
            )
        ],
        dispatched_on="2026-07-05",
    )
    paper_files.set_kept(s, ids["kept"], True, reason="学校留存")
    return s, ids


_NOT_STUDENTS = {"c1", "c2", "t1", "t2", "k1", "k2", "k3"}


def open_page(qtbot: QtBot, s: Session, worker: SessionWorker, **args: object) -> PaperFilesPage:
    page = PaperFilesPage(PageContext(s, worker))
    qtbot.addWidget(page)
    page.resize(1200, 640)
    page.show()
    for view in page.views.values():
        model = getattr(view, "model", None)
        if model is not None and hasattr(model, "today"):
            model.today = TODAY
    page.activate(**args)
    return page


def locate(qtbot: QtBot, page: PaperFilesPage, text: str, rows: int) -> None:
    page.locate.find_edit.setText(text)
    page.locate.find_file()
    qtbot.waitUntil(lambda: page.locate.model.rowCount() == rows, timeout=10_000)


def answer(page: PaperFilesPage, name: str) -> str:
    m = page.locate.model
    for r in range(m.rowCount()):
        if m.index(r, 0).data() == name:
            return str(m.index(r, 5).data())
    raise AssertionError(name)


def test_where_is_my_file_in_words(
    env: Env, worker: SessionWorker, qtbot: QtBot, qtmodeltester: object
) -> None:
    s, _ids = env
    page = open_page(qtbot, s, worker)
    assert page.title() == "纸质档案"
    locate(qtbot, page, "2025", 6)
    qtmodeltester.check(page.locate.model)  # type: ignore[attr-defined]
    assert answer(page, "在室生") == "在档案室 A柜3层12盒"
    assert answer(page, "借出生") == "已借出给 王老师，应于 2026-11-01 归还（已逾期）"
    assert answer(page, "转递生") == "已于 2026-07-05 机要转递至 邵阳市人才中心，回执 未收到"
    assert answer(page, "留存生") == "学校归档保存"
    assert answer(page, "未登记生") == "未登记"
    overdue = page.locate.model.index(1, 5).data(Qt.ItemDataRole.ForegroundRole)
    assert overdue is not None
    # The detail pane: the file's history, oldest first.
    row = [page.locate.model.item(r).name for r in range(6)].index("转递生")
    page.locate.table.selectRow(row)
    assert "转递生" in page.locate.facts.text()
    assert page.locate.events.rowCount() >= 1
    qtmodeltester.check(page.locate.events)  # type: ignore[attr-defined]
    assert "邵阳市人才中心" in str(page.locate.events.index(0, 1).data())
    assert not page.locate.send_button.isEnabled()  # already sent
    SHOTS.mkdir(exist_ok=True)
    page.grab().save(str(SHOTS / "locate.png"))


def test_viewer_only_finds(
    school: Created, viewer_session: Session, worker: SessionWorker, qtbot: QtBot
) -> None:
    page = open_page(qtbot, viewer_session, worker)
    assert page.tabs.count() == 1
    assert set(page.views) == {"locate"}
    for button in (page.locate.lend_button, page.locate.send_button, page.locate.keep_button):
        assert button.isHidden()
    page.activate(view="loans")  # from a start page link: the viewer stays on 查找档案
    assert page.current_key() == "locate"
    page.locate.find_edit.setText("2025")
    page.locate.find_file()
    qtbot.waitUntil(lambda: page.locate.model.rowCount() > 0, timeout=10_000)
    SHOTS.mkdir(exist_ok=True)
    page.grab().save(str(SHOTS / "viewer.png"))


def test_the_start_page_opens_a_view(env: Env, worker: SessionWorker, qtbot: QtBot) -> None:
    s, ids = env
    page = open_page(qtbot, s, worker, view="loans")
    assert page.current_key() == "loans"
    qtbot.waitUntil(lambda: page.loans.model.rowCount() == 1, timeout=10_000)
    assert "逾期" in page.loans.count_label.text()
    page.activate(view="receipts")
    assert page.current_key() == "dispatches"
    assert page.dispatches.show_combo.currentData() == "awaiting"
    qtbot.waitUntil(lambda: page.dispatches.model.rowCount() == 1, timeout=10_000)
    page.activate(view="dispatch_due")
    qtbot.waitUntil(lambda: page.due.model.rowCount() == 1, timeout=10_000)
    assert page.due.model.item(0).student_id == ids["due"]


def test_lend_and_return(
    env: Env, worker: SessionWorker, qtbot: QtBot, qtmodeltester: object
) -> None:
    s, ids = env
    page = open_page(qtbot, s, worker, view="loans")
    qtbot.waitUntil(lambda: page.loans.model.rowCount() == 1, timeout=10_000)
    dialog = page.loans.lend()
    assert isinstance(dialog, LendDialog)
    dialog.submit()  # no student, nothing sent
    assert dialog.error_line.isVisible()
    dialog.picker.find_edit.setText("在室生")
    dialog.picker.look_up()
    qtbot.waitUntil(lambda: dialog.picker.matches.count() == 1, timeout=10_000)
    dialog.picker.add_selected()
    assert "在室生" in dialog.student_label.text()
    dialog.submit()  # no borrower: the service says so, the dialog stays
    qtbot.waitUntil(
        lambda: dialog.error_line.isVisible() and dialog.ok_button.isEnabled(), timeout=10_000
    )
    assert file_loans.list_loans(s, student_id=ids["shelved"]) == []
    dialog.borrower_edit.setText("李老师")
    dialog.purpose_edit.setText("班主任查阅")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.submit()
    qtbot.waitUntil(lambda: page.loans.model.rowCount() == 2, timeout=10_000)
    qtmodeltester.check(page.loans.model)  # type: ignore[attr-defined]
    assert page.loans.model.loan(0).borrower == "王老师"  # the overdue one comes first
    page.loans.table.selectRow(0)
    returned = page.loans.give_back()
    assert returned is not None
    with qtbot.waitSignal(returned.saved, timeout=10_000):
        returned.submit()
    qtbot.waitUntil(lambda: page.loans.model.rowCount() == 1, timeout=10_000)
    assert file_loans.list_loans(s, student_id=ids["lent"])[0].returned_on is not None


def test_dispatch_receipt_void(
    env: Env, worker: SessionWorker, qtbot: QtBot, qtmodeltester: object
) -> None:
    s, ids = env
    page = open_page(qtbot, s, worker, view="dispatch_due")
    qtbot.waitUntil(lambda: page.due.model.rowCount() == 1, timeout=10_000)
    qtmodeltester.check(page.due.model)  # type: ignore[attr-defined]
    page.due.table.selectRow(0)
    dialog = page.due.send()
    assert isinstance(dialog, DispatchDialog)
    dialog.print_check.setChecked(False)
    dialog.receiver_edit.setText("湖南大学")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("school"))
    dialog.submit()  # 机要 without its number: refused, nothing registered
    qtbot.waitUntil(
        lambda: dialog.error_line.isVisible() and dialog.ok_button.isEnabled(), timeout=10_000
    )
    assert file_dispatch.list_dispatches(s, student_id=ids["due"]) == []
    dialog.via_combo.setCurrentIndex(dialog.via_combo.findData("in_person"))
    assert dialog.carrier_edit.isVisibleTo(dialog) and not dialog.number_edit.isVisibleTo(dialog)
    dialog.carrier_edit.setText("赵师傅")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.submit()
    qtbot.waitUntil(lambda: page.due.model.rowCount() == 0, timeout=10_000)
    sent = file_dispatch.list_dispatches(s, student_id=ids["due"])
    assert [(d.receiver, d.via, d.carrier) for d in sent] == [("湖南大学", "in_person", "赵师傅")]

    page.activate(view="dispatches")
    qtbot.waitUntil(lambda: page.dispatches.model.rowCount() == 2, timeout=10_000)
    qtmodeltester.check(page.dispatches.model)  # type: ignore[attr-defined]
    page.dispatches.table.selectRow(0)
    receipt = page.dispatches.record_receipt()
    assert isinstance(receipt, ReceiptDialog)
    receipt.signer_edit.setText("档案馆")
    with qtbot.waitSignal(receipt.saved, timeout=10_000):
        receipt.submit()
    qtbot.waitUntil(
        lambda: file_dispatch.get_dispatch(s, sent[0].id).receipt_on is not None, timeout=10_000
    )
    qtbot.waitUntil(lambda: page.dispatches.model.rowCount() == 2, timeout=10_000)
    row = [page.dispatches.model.dispatch(r).student_id for r in range(2)].index(ids["sent"])
    page.dispatches.table.selectRow(row)
    page.dispatches.void("寄错单位")
    qtbot.waitUntil(
        lambda: file_dispatch.list_dispatches(s, student_id=ids["sent"]) == [], timeout=10_000
    )
    SHOTS.mkdir(exist_ok=True)
    page.grab().save(str(SHOTS / "dispatches.png"))


def test_class_dispatch(env: Env, worker: SessionWorker, qtbot: QtBot) -> None:
    s, ids = env
    page = open_page(qtbot, s, worker, view="dispatches")
    dialog = page.dispatches.send()
    assert isinstance(dialog, DispatchDialog)
    dialog.print_check.setChecked(False)
    qtbot.waitUntil(lambda: dialog.class_combo.count() == 2, timeout=10_000)
    dialog.class_radio.setChecked(True)
    dialog.class_combo.setCurrentIndex(dialog.class_combo.findData(ids["c2"]))
    dialog.receiver_edit.setText("邵阳市人才中心")
    dialog.number_edit.setText("JY-8")
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as blocker:
        dialog.submit()
    assert len(blocker.args[0]) == 1  # only 待转生: the others are sent or kept
    assert file_dispatch.list_dispatches(s, student_id=ids["due"])[0].dispatch_no == "JY-8"


def test_receive_a_batch(
    env: Env, worker: SessionWorker, qtbot: QtBot, qtmodeltester: object
) -> None:
    s, ids = env
    page = open_page(qtbot, s, worker, view="intakes")
    dialog = page.intakes.receive()
    assert isinstance(dialog, IntakeDialog)
    dialog.print_check.setChecked(False)
    qtbot.waitUntil(lambda: dialog.picker.class_combo.count() == 2, timeout=10_000)
    dialog.picker.class_combo.setCurrentIndex(dialog.picker.class_combo.findData(ids["c1"]))
    dialog.picker.add_class()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3, timeout=10_000)
    missing_col = 1
    assert dialog.table.item(0, missing_col).text() != "—"  # nothing arrived yet
    dialog.fill_required()
    assert dialog.table.item(0, missing_col).text() == "—"
    dialog.source_edit.setText("邵阳市第一中学")
    dialog.delivered_edit.setText("周老师")
    dialog.place_box.setChecked(True)
    dialog.cabinet_edit.setText("B")
    dialog.box_edit.setText("2")
    note = dialog.table.item(1, dialog.note_column())
    note.setText("备" * 501)  # too long: refused, and the message names the student's row
    dialog.submit()
    qtbot.waitUntil(
        lambda: dialog.error_line.isVisible() and dialog.ok_button.isEnabled(), timeout=10_000
    )
    assert dialog.table.item(1, 0).text() in dialog.error_line.text()
    assert dialog.table.currentRow() == 1
    assert paper_files.list_intakes(s) == []
    note.setText("")
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as blocker:
        dialog.submit()
    intake = paper_files.get_intake(s, blocker.args[0])
    assert intake.source == "邵阳市第一中学" and len(intake.lines) == 3
    assert paper_files.get_paper_file(s, ids["none"]).location == Location("B", "", "2")
    qtbot.waitUntil(lambda: page.intakes.lines.rowCount() == 3, timeout=10_000)
    qtmodeltester.check(page.intakes.model)  # type: ignore[attr-defined]
    qtmodeltester.check(page.intakes.lines)  # type: ignore[attr-defined]


def test_shelve_and_print(
    env: Env, worker: SessionWorker, qtbot: QtBot, qtmodeltester: object
) -> None:
    s, ids = env
    page = open_page(qtbot, s, worker, view="shelf")
    qtbot.waitUntil(lambda: page.shelf.model.rowCount() >= 1, timeout=10_000)
    qtmodeltester.check(page.shelf.model)  # type: ignore[attr-defined]
    dialog = page.shelf.set_place()
    assert isinstance(dialog, LocationDialog)
    dialog.add(search.search_students(s, "未登记生"))
    dialog.cabinet_edit.setText("C")
    dialog.shelf_edit.setText("1")
    dialog.box_edit.setText("5")
    assert dialog.preview_label.text() == "C柜1层5盒"
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.submit()
    assert paper_files.get_paper_file(s, ids["none"]).location == Location("C", "1", "5")
    page.shelf.cabinet_edit.setText("C")
    page.shelf.load()
    qtbot.waitUntil(lambda: page.shelf.model.rowCount() == 1, timeout=10_000)
    with qtbot.waitSignal(page.printer.previewOpened, timeout=20_000) as blocker:
        page.shelf.labels_button.click()
    preview = blocker.args[0]
    assert isinstance(preview, RoomPaperPreview) and preview.pane.page_count() >= 1
    preview.reject()  # closing a room paper voids nothing and asks nothing
    assert not preview.isVisible()


def test_errors_in_words(env: Env, worker: SessionWorker, qtbot: QtBot) -> None:
    s, _ids = env
    page = open_page(qtbot, s, worker)
    locate(qtbot, page, "借出生", 1)
    page.locate.table.selectRow(0)
    page.locate.keep("留存")  # in school: only for a student who has left
    qtbot.waitUntil(lambda: page.locate.error_line.isVisible(), timeout=10_000)
    text = page.locate.error_line.text()
    assert text and not any(c.isascii() and c.isalpha() for c in text)  # Chinese, no codes


def test_in_the_main_window_and_from_a_record(
    env: Env, worker: SessionWorker, qtbot: QtBot
) -> None:
    s, ids = env
    # Until ui/page_registry.py lists the page (the orchestrator's file), add it here.
    pages = PAGES if PaperFilesPage in PAGES else (*PAGES, PaperFilesPage)
    window = MainWindow(LoggedIn(s, "测试学校"), worker, pages=pages)
    qtbot.addWidget(window)
    window.show()
    titles = [window.navigation.item(r).text() for r in range(window.navigation.count())]
    assert "纸质档案" in titles
    window.navigate("paper_files", {"view": "dispatch_due"})  # as the start page's 待办 does
    page = window.pages["paper_files"]
    assert isinstance(page, PaperFilesPage) and page.current_key() == "dispatch_due"
    qtbot.waitUntil(lambda: page.due.model.rowCount() == 1, timeout=10_000)
    window.navigate("paper_files", {"student_id": ids["shelved"]})  # from a record
    assert page.current_key() == "locate"
    qtbot.waitUntil(lambda: page.locate.model.rowCount() == 1, timeout=10_000)
    assert page.locate.state.text() == "在档案室 A柜3层12盒"
    lend = page.locate.lend()  # a step from here shows its outcome at once
    assert isinstance(lend, LendDialog)
    lend.borrower_edit.setText("招生办")
    lend.purpose_edit.setText("复核")
    lend.due_check.setChecked(True)
    due = QDate.currentDate().addDays(100)  # not overdue whenever the test runs
    lend.due_edit.setDate(due)
    with qtbot.waitSignal(lend.saved, timeout=10_000):
        lend.submit()
    qtbot.waitUntil(lambda: "招生办" in page.locate.state.text(), timeout=10_000)
    due_text = due.toString("yyyy-MM-dd")
    assert page.locate.state.text() == f"已借出给 招生办，应于 {due_text} 归还"
    assert page.locate.return_button.isEnabled() and not page.locate.lend_button.isEnabled()
    page.locate.table.doubleClicked.emit(page.locate.model.index(0, 0))
    assert window.stack.currentWidget() is window.pages["students"]


def test_the_due_view_reads_one_list_without_auditing_each_student(
    env: Env, worker: SessionWorker, qtbot: QtBot, qtmodeltester: object
) -> None:
    s, ids = env
    with s.archive.db.atomic() as conn:  # 待转生 left through a status change on 2026-06-30
        conn.execute(
            "INSERT INTO status_changes (student_id, kind, effective_date, status_before,"
            " status_after, created_at, created_by) VALUES (?, 'graduation', '2026-06-30',"
            " 'enrolled', 'graduated', '2026-06-30T00:00:00Z', 'test')",
            (ids["due"],),
        )
    located = "SELECT count(*) FROM audit_log WHERE action = 'file_located'"
    before = s.archive.db.conn.execute(located).fetchone()[0]
    page = open_page(qtbot, s, worker, view="dispatch_due")
    qtbot.waitUntil(lambda: page.due.model.rowCount() == 1, timeout=10_000)
    qtmodeltester.check(page.due.model)  # type: ignore[attr-defined]
    m = page.due.model
    headers = [m.headerData(c, Qt.Orientation.Horizontal) for c in range(m.columnCount())]
    row = [m.index(0, c).data() for c in range(m.columnCount())]
    assert headers == ["姓名", "学号", "班级", "学籍状态", "离校日期", "纸质档案"]
    assert row[0:2] == ["待转生", "2025005"] and row[3:] == ["毕业", "2026-06-30", ""]
    assert s.archive.db.conn.execute(located).fetchone()[0] == before


def test_a_lent_file_is_marked_in_the_due_list_and_not_sent(
    env: Env, worker: SessionWorker, qtbot: QtBot, qtmodeltester: object
) -> None:
    s, ids = env
    file_loans.lend_file(s, ids["due"], borrower="王老师", purpose="核对", lent_on="2026-11-20")
    page = open_page(qtbot, s, worker, view="dispatch_due")
    qtbot.waitUntil(lambda: page.due.model.rowCount() == 1, timeout=10_000)
    qtmodeltester.check(page.due.model)  # type: ignore[attr-defined]
    assert page.due.model.index(0, 5).data() == "已借出"
    assert "其中 1 份已借出" in page.due.count_label.text()
    page.due.table.selectRow(0)
    assert page.due.send() is None  # said at once, before the clerk fills the form
    text = page.due.error_line.text()
    assert "待转生（2025005）" in text and "已借出" in text and "归还" in text
    file_loans.return_file(s, ids["due"], returned_on="2026-11-25")
    page.due.load()
    qtbot.waitUntil(lambda: page.due.model.index(0, 5).data() == "", timeout=10_000)
    page.due.table.selectRow(0)
    dialog = page.due.send()
    assert isinstance(dialog, DispatchDialog)
    assert not page.due.error_line.isVisible()
    dialog.reject()


def test_lend_proposes_the_calendars_loan_period_from_the_day_lent(
    env: Env, worker: SessionWorker, qtbot: QtBot
) -> None:
    s, _ids = env
    calendar = calendar_settings.get_calendar(s)
    calendar_settings.set_calendar(s, dataclasses.replace(calendar, loan_days=14))
    page = open_page(qtbot, s, worker, view="loans")
    dialog = page.loans.lend()
    assert isinstance(dialog, LendDialog)
    qtbot.waitUntil(lambda: dialog.due_check.isEnabled(), timeout=10_000)
    lent = QDate(2026, 11, 2)
    dialog.lent_edit.setDate(lent)
    assert dialog.due_edit.date() == lent.addDays(14)
    dialog.due_check.setChecked(True)
    dialog.due_edit.setDate(QDate(2026, 12, 31))  # the clerk's own date stays
    dialog.lent_edit.setDate(QDate(2026, 11, 3))
    assert dialog.due_edit.date() == QDate(2026, 12, 31)
    dialog.reject()


def test_in_person_is_one_term(env: Env, worker: SessionWorker, qtbot: QtBot) -> None:
    s, ids = env
    page = open_page(qtbot, s, worker, view="dispatches")
    dialog = page.dispatches.send()
    assert isinstance(dialog, DispatchDialog)
    dialog.via_combo.setCurrentIndex(dialog.via_combo.findData("in_person"))
    assert dialog.via_combo.currentText() == "专人送达"
    assert dialog.carrier_label.text() == "领取人："
    dialog.reject()
    file_dispatch.dispatch_files(
        s,
        [DispatchOrder(ids["due"], "school", "湖南大学", "in_person", carrier="赵师傅")],
        dispatched_on="2026-07-06",
    )
    page.dispatches.load()
    qtbot.waitUntil(lambda: page.dispatches.model.rowCount() == 2, timeout=10_000)
    m = page.dispatches.model
    assert m.headerData(5, Qt.Orientation.Horizontal) == "机要编号/领取人"
    row = [m.dispatch(r).student_id for r in range(2)].index(ids["due"])
    assert m.index(row, 4).data() == "专人送达" and m.index(row, 5).data() == "赵师傅"
    locate(qtbot, page, "待转生", 1)
    assert answer(page, "待转生") == "已于 2026-07-06 专人送达至 湖南大学，回执 未收到"
    page.locate.table.selectRow(0)
    history = [
        str(page.locate.events.index(r, 1).data()) for r in range(page.locate.events.rowCount())
    ]
    assert "专人送达至 湖南大学（升学学校），领取人 赵师傅" in history
