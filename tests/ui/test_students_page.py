"""The students page: search as you type, filters, sorting, stale answers, records in tabs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session
from xueji_desktop.ui import prefs
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.record_view import RecordView
from xueji_desktop.ui.student_model import COLUMNS
from xueji_desktop.ui.students_page import HEADER_KEY, StudentsPage
from xueji_desktop.ui.worker import SessionWorker


def make_page(qtbot: QtBot, session: Session, worker: SessionWorker) -> StudentsPage:
    page = StudentsPage(PageContext(session, worker))
    qtbot.addWidget(page)
    page.resize(1100, 700)
    return page


def settle(qtbot: QtBot, page: StudentsPage) -> None:
    """Let the debounce fire and every queued answer arrive."""
    qtbot.wait(200)
    page.ctx.worker.wait()
    qtbot.wait(20)


def names(page: StudentsPage) -> list[str]:
    return [page.model.row_at(r).name for r in range(page.model.rowCount())]


def column(field: str) -> int:
    return [f for f, _ in COLUMNS].index(field)


def test_list_loads_and_passes_qtmodeltester(
    qtbot: QtBot, school: Created, worker: SessionWorker, qtmodeltester: ModelTester
) -> None:
    page = make_page(qtbot, school.session, worker)
    qtmodeltester.check(page.model, force_py=True)
    page.activate()
    settle(qtbot, page)
    assert page.model.rowCount() == 12
    assert page.count_label.text() == "共 12 名学生"
    numbers = [page.model.row_at(r).student_no for r in range(12)]
    assert numbers == sorted(numbers)
    masked = page.model.data(page.model.index(0, column("id_number_masked")))
    assert "********" in str(masked)  # masked in the list even for a clerk


def test_search_by_name_initials_and_id_part(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    page = make_page(qtbot, school.session, worker)
    page.activate()
    settle(qtbot, page)
    first = page.model.row_at(3)
    page.search_edit.setText(first.name)
    settle(qtbot, page)
    assert first.name in names(page)
    assert all(first.name[0] == n[0] for n in names(page))
    conn = school.session.archive.db.conn
    idn = conn.execute("SELECT id_number FROM students WHERE id = ?", (first.id,)).fetchone()[0]
    page.search_edit.setText(idn[-8:])
    settle(qtbot, page)
    assert [page.model.row_at(r).id for r in range(page.model.rowCount())] == [first.id]
    page.search_edit.setText("不存在的名字")
    settle(qtbot, page)
    assert page.model.rowCount() == 0
    assert "没有" in page.count_label.text()


def test_typing_updates_the_list_once_the_typist_pauses(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    page = make_page(qtbot, school.session, worker)
    page.activate()
    settle(qtbot, page)
    shown: list[int] = []
    page.listUpdated.connect(lambda rows, total: shown.append(rows))
    number = page.model.row_at(7).student_no
    qtbot.keyClicks(page.search_edit, number)  # fast typing: one query after the pause
    settle(qtbot, page)
    assert shown == [1]
    assert page.model.row_at(0).student_no == number


def test_viewer_cannot_search_part_of_an_id_number(
    qtbot: QtBot, school: Created, viewer_session: Session, worker: SessionWorker
) -> None:
    page = make_page(qtbot, viewer_session, worker)
    page.activate()
    settle(qtbot, page)
    conn = school.session.archive.db.conn
    idn = conn.execute("SELECT id_number FROM students ORDER BY id LIMIT 1").fetchone()[0]
    page.search_edit.setText(idn[-8:])
    settle(qtbot, page)
    assert page.model.rowCount() == 0
    page.search_edit.setText(idn)  # the whole number is allowed
    settle(qtbot, page)
    assert page.model.rowCount() == 1


def test_filters_narrow_the_list(qtbot: QtBot, school: Created, worker: SessionWorker) -> None:
    page = make_page(qtbot, school.session, worker)
    page.activate()
    settle(qtbot, page)
    assert page.intake_combo.count() == 4  # 全部 + three intakes
    page.intake_combo.setCurrentIndex(1)
    settle(qtbot, page)
    year = page.intake_combo.currentData()
    assert 0 < page.model.rowCount() < 12
    assert all(page.model.row_at(r).class_group.startswith(str(year)) for r in range(4))
    page.clear_filters()
    settle(qtbot, page)
    page.status_combo.setCurrentIndex(page.status_combo.findData("graduated"))
    settle(qtbot, page)
    conn = school.session.archive.db.conn
    expected = conn.execute(
        "SELECT count(*) FROM students WHERE status = 'graduated' AND voided = 0"
    ).fetchone()[0]
    assert page.model.rowCount() == expected
    assert {page.model.row_at(r).status for r in range(expected)} <= {"graduated"}


def test_activate_with_preset_filter_and_student_ids(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    page = make_page(qtbot, school.session, worker)
    ids = [r[0] for r in school.session.archive.db.conn.execute("SELECT id FROM students LIMIT 3")]
    page.activate(student_ids=ids, caption="尚未核对的记录")
    settle(qtbot, page)
    assert sorted(page.model.row_at(r).id for r in range(3)) == sorted(ids)
    assert page.model.rowCount() == 3
    assert page.caption.text() == "尚未核对的记录"
    page.activate(report_status="approved")
    settle(qtbot, page)
    assert page.report_combo.currentData() == "approved"
    approved = school.session.archive.db.conn.execute(
        "SELECT count(*) FROM students WHERE report_status = 'approved' AND voided = 0"
    ).fetchone()[0]
    assert page.model.rowCount() == approved
    assert {page.model.row_at(r).report_status for r in range(page.model.rowCount())} <= {
        "approved"
    }


def test_stale_answers_are_dropped(qtbot: QtBot, school: Created, worker: SessionWorker) -> None:
    page = make_page(qtbot, school.session, worker)
    page.activate()
    settle(qtbot, page)
    target = page.model.row_at(5)
    shown: list[int] = []
    page.listUpdated.connect(lambda rows, total: shown.append(rows))
    # Two queries in flight: the first (matching nobody) answers after the second was asked.
    page.search_edit.blockSignals(True)
    page.search_edit.setText("不存在的名字")
    page.refresh()
    page.search_edit.setText(target.student_no)
    page.refresh()
    page.search_edit.blockSignals(False)
    settle(qtbot, page)
    assert shown == [1]  # only the newest answer was shown
    assert page.model.row_at(0).id == target.id


def test_sorting_queries_the_archive_again(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    page = make_page(qtbot, school.session, worker)
    page.activate()
    settle(qtbot, page)
    asked: list[str] = []
    original = page.query

    def spy():  # type: ignore[no-untyped-def]
        q = original()
        asked.append(f"{q.sort}:{q.descending}")
        return q

    page.query = spy  # type: ignore[method-assign]
    page.table.sortByColumn(column("birth_date"), Qt.SortOrder.DescendingOrder)
    settle(qtbot, page)
    assert asked == ["birth_date:True"]
    births = [page.model.row_at(r).birth_date for r in range(12)]
    assert births == sorted(births, reverse=True)
    page.table.sortByColumn(column("name"), Qt.SortOrder.AscendingOrder)
    settle(qtbot, page)
    assert asked[-1] == "name:False"


def test_column_layout_is_remembered(qtbot: QtBot, school: Created, worker: SessionWorker) -> None:
    page = make_page(qtbot, school.session, worker)
    page.activate()
    settle(qtbot, page)
    page.table.horizontalHeader().resizeSection(1, 333)
    qtbot.waitUntil(lambda: prefs.ui_settings().value(HEADER_KEY) is not None, timeout=3000)
    again = make_page(qtbot, school.session, worker)
    assert again.table.horizontalHeader().sectionSize(1) == 333


def test_double_click_opens_the_record_in_a_tab(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    page = make_page(qtbot, school.session, worker)
    page.activate()
    settle(qtbot, page)
    row = page.model.row_at(2)
    page.table.doubleClicked.emit(page.model.index(2, 1))
    settle(qtbot, page)
    assert page.tabs.count() == 2
    view = page.tabs.widget(1)
    assert isinstance(view, RecordView) and view.student_id == row.id
    assert page.tabs.tabText(1) == row.name
    page.open_record(row.id)  # the same record again: no second tab
    assert page.tabs.count() == 2
    page.close_tab(1)
    assert page.tabs.count() == 1
    page.close_tab(0)  # the list cannot be closed
    assert page.tabs.count() == 1


def test_a_remembered_sort_order_is_used_by_the_next_page(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    """Restoring a header sorted by 姓名 re-emits the sort while the page is built (it used to
    crash there, before the page's timers existed); the next page's list comes in that order."""
    page = make_page(qtbot, school.session, worker)
    page.activate()
    settle(qtbot, page)
    page.table.sortByColumn(column("name"), Qt.SortOrder.DescendingOrder)
    settle(qtbot, page)
    page.table.horizontalHeader().resizeSection(1, 222)  # saves the header state
    qtbot.waitUntil(lambda: prefs.ui_settings().value(HEADER_KEY) is not None, timeout=3000)
    again = make_page(qtbot, school.session, worker)
    again.activate()
    settle(qtbot, again)
    names = [again.model.row_at(r).name for r in range(again.model.rowCount())]
    assert again.query().sort == "name" and again.query().descending
    assert len(names) > 1


def test_make_package_uses_the_open_record_and_speaks_when_nothing_is_chosen(
    qtbot: QtBot, school: Created, worker: SessionWorker
) -> None:
    """N13: with a record in front, 制作档案包… takes that student (as 出具文书… does); with
    nothing chosen the message shows on the list tab, brought to the front."""
    went: list[tuple[str, dict[str, object]]] = []
    ctx = PageContext(school.session, worker, navigate=lambda p, a: went.append((p, a)))
    page = StudentsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.activate()
    settle(qtbot, page)
    row = page.model.row_at(4)
    view = page.open_record(row.id, row.name)
    qtbot.waitUntil(lambda: bool(view.record), timeout=5000)
    page.tabs.setCurrentWidget(view)
    page.table.clearSelection()
    page.make_package()
    label = f"{row.name}　{row.student_no}"
    assert went == [("exchange", {"transfer_students": [(row.id, label, row.status)]})]
    went.clear()
    page.tabs.setCurrentIndex(0)
    page.table.clearSelection()
    page.open_form(None)
    settle(qtbot, page)
    assert page.tabs.currentIndex() != 0
    page.make_package()
    assert went == []
    assert page.tabs.currentIndex() == 0
    assert page.error_line.isVisible() and "选中学生" in page.error_line.text()
