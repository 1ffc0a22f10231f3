"""The calendar page (校历): loads on the worker, a clerk edits and saves it (the service's
problems shown in red beside their section), a viewer only reads it; the rest-day text parser."""

from __future__ import annotations

import datetime
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from tests.records_fixtures import setup_structure
from xueji_desktop.services import calendar_settings
from xueji_desktop.services.archive import Created
from xueji_desktop.services.calendar_settings import AidDate, SchoolCalendar
from xueji_desktop.services.context import Session
from xueji_desktop.services.records_common import Term
from xueji_desktop.ui import calendar_ops, term_dialog
from xueji_desktop.ui.calendar_page import CalendarPage
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.term_dialog import TermDialog
from xueji_desktop.ui.worker import SessionWorker

D = datetime.date
TODAY = D(2026, 11, 6)


def make_page(qtbot: QtBot, session: Session, worker: SessionWorker) -> CalendarPage:
    page = CalendarPage(PageContext(session, worker))
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.activate(today=TODAY)
    return page


def _audit_actions(session: Session) -> list[str]:
    rows = session.archive.db.conn.execute("SELECT action FROM audit_log ORDER BY seq")
    return [str(r[0]) for r in rows]


def test_the_calendar_and_the_terms_are_shown(
    qtbot: QtBot, archive: Created, worker: SessionWorker
) -> None:
    setup_structure(archive.session)
    page = make_page(qtbot, archive.session, worker)
    assert page.title() == "校历"
    assert page.terms.table.rowCount() == 2
    assert page.terms.table.item(0, 0).text() == "2025—2026学年第一学期"
    assert page.terms.table.item(1, 1).text() == "2026-02-20"
    assert page.dates.autumn.value() == (11, 20) and page.dates.spring.value() == (4, 20)
    assert page.dates.leave.value() == (6, 30)
    assert page.dates.autumn.month.text() == "11 月"
    assert page.dates.window_label.text() == (
        "今年毕业生2026年6月30日离校；毕业手续要在2026年6月2日起的 20 个工作日内办完。"
    )
    assert [a.name for a in page.aid.dates()] == ["春季学期资助名单上报", "秋季学期资助名单上报"]
    assert page.periods.loan_days.value() == 30 and page.periods.receipt_days.value() == 60
    assert page.rest.texts() == ("", "")
    assert page.save_button.isVisible() and not page.read_only_note.isVisible()
    assert not page.has_unsaved_changes()


def test_a_clerk_edits_and_saves(qtbot: QtBot, archive: Created, worker: SessionWorker) -> None:
    s = archive.session
    page = make_page(qtbot, s, worker)
    page.dates.leave.set_value((7, 10))
    page.aid.add_new()
    row = page.aid.table.rowCount() - 1
    page.aid.table.item(row, 0).setText("免学费名单")
    page.aid.table.cellWidget(row, 1).setValue(3)  # type: ignore[union-attr]
    page.aid.table.cellWidget(row, 2).setValue(15)  # type: ignore[union-attr]
    page.aid.table.setCurrentCell(0, 0)
    page.aid.remove_selected()  # the spring default goes
    # pasted from a notice: a range, a Chinese date, commas
    page.rest.edits["holidays"].setPlainText("2026-10-01 ~ 2026-10-07\n2027年1月1日，2027/2/16")
    page.rest.edits["workdays"].setPlainText("2026-09-27, 2026-10-10")
    assert page.rest.counts["holidays"].text() == "共 9 天"
    page.periods.loan_days.setValue(14)
    assert page.has_unsaved_changes()

    with qtbot.waitSignal(page.saved, timeout=10_000):
        page.save_button.click()
    saved = calendar_settings.get_calendar(s)
    assert saved.leave_day == (7, 10) and saved.loan_days == 14
    assert saved.aid_dates == (
        AidDate("秋季学期资助名单上报", 10, 31),
        AidDate("免学费名单", 3, 15),
    )
    assert len(saved.holidays) == 9 and D(2027, 2, 16) in saved.holidays
    assert saved.workdays == frozenset({D(2026, 9, 27), D(2026, 10, 10)})
    assert _audit_actions(s)[-1] == "school_calendar_set"
    assert page.saved_label.text() == "已保存。"
    # shown back as the service stored it: runs of days as ranges
    assert page.rest.texts()[0] == "2026-10-01 ~ 2026-10-07\n2027-01-01\n2027-02-16"
    assert not page.has_unsaved_changes()
    assert "7月10日" in page.dates.window_label.text()


def test_problems_are_shown_beside_their_section_and_nothing_is_saved(
    qtbot: QtBot, archive: Created, worker: SessionWorker
) -> None:
    s = archive.session
    page = make_page(qtbot, s, worker)
    before = _audit_actions(s)
    page.dates.autumn.set_value((11, 31))
    page.rest.edits["workdays"].setPlainText("2026-10-08")  # a Thursday
    page.aid.table.item(0, 0).setText("")
    with qtbot.waitSignal(worker.busyChanged, timeout=10_000, check_params_cb=lambda b: not b):
        page.save_button.click()
    autumn = page.problem_labels["autumn_deadline"]
    assert autumn.isVisible()
    assert autumn.text() == "秋季新生注册截止日：11月没有31日，请改成这个月有的日子。"
    assert "不是星期六或星期日" in page.problem_labels["workdays"].text()
    assert "第 1 行没有填写名称" in page.problem_labels["aid_dates"].text()
    assert not page.problem_labels["leave_day"].isVisible()
    assert page.error_line.text() == "校历没有保存：请改正红字标出的地方。"
    assert calendar_settings.get_calendar(s) == SchoolCalendar()
    assert _audit_actions(s) == before
    assert page.has_unsaved_changes() and page.save_button.isEnabled()

    page.discard_changes()  # 撤销修改: back to what is stored, the red lines gone
    assert page.dates.autumn.value() == (11, 20)
    assert not autumn.isVisible() and not page.has_unsaved_changes()


def test_a_line_that_is_not_a_date_is_said_before_anything_is_sent(
    qtbot: QtBot, archive: Created, worker: SessionWorker
) -> None:
    page = make_page(qtbot, archive.session, worker)
    page.rest.edits["holidays"].setPlainText("2026-10-01\n十月一日\n2026-02-30")
    page.save_button.click()
    assert not worker.busy  # refused on the spot: no call was made
    label = page.problem_labels["holidays"]
    assert label.isVisible()
    assert label.text() == (
        "第 2 行：“十月一日”不是日期，也不是一段日期。\n"
        "第 3 行：“2026-02-30”不是日期，也不是一段日期。"
    )
    assert page.error_line.isVisible()


def test_a_viewer_reads_the_calendar_only(
    qtbot: QtBot, viewer_session: Session, worker: SessionWorker
) -> None:
    page = make_page(qtbot, viewer_session, worker)
    assert page.read_only_note.isVisible()
    assert not page.save_button.isVisible() and not page.undo_button.isVisible()
    assert not page.aid.add_button.isVisible()
    assert page.dates.autumn.month.isReadOnly() and page.periods.loan_days.isReadOnly()
    assert page.rest.edits["holidays"].isReadOnly()
    assert page.rest.edits["holidays"].placeholderText() == ""  # no grey example to misread
    page.save()  # nothing happens
    assert not worker.busy and not page.has_unsaved_changes()


def test_a_damaged_setting_shows_the_defaults(
    qtbot: QtBot, archive: Created, worker: SessionWorker
) -> None:
    with archive.session.archive.db.atomic() as conn:
        conn.execute(
            "INSERT INTO settings (key, value) VALUES ('school_calendar', ?)",
            (json.dumps({"leave_day": [2, 30]}),),
        )
    page = make_page(qtbot, archive.session, worker)
    assert page.dates.leave.value() == (6, 30)
    assert not page.error_line.isVisible()


# -- the rest-day text --------------------------------------------------------------------------


NOT, LONG, BACK = calendar_ops.NOT_A_DATE, calendar_ops.RANGE_TOO_LONG, calendar_ops.RANGE_BACKWARDS


@pytest.mark.parametrize(
    ("text", "days", "bad"),
    [
        ("", set(), []),
        ("2026-10-01", {D(2026, 10, 1)}, []),
        ("2026/10/1, 2026.10.2；2026年10月3日", {D(2026, 10, d) for d in (1, 2, 3)}, []),
        ("2026-10-01 ~ 2026-10-03", {D(2026, 10, d) for d in (1, 2, 3)}, []),
        (
            "2026-10-01至2026-10-02\n2026-12-31 到 2027-01-01",
            {D(2026, 10, 1), D(2026, 10, 2), D(2026, 12, 31), D(2027, 1, 1)},
            [],
        ),
        ("2026-10-03 ~ 2026-10-01", set(), [(1, "2026-10-03 ~ 2026-10-01", BACK)]),
        ("2026-01-01 ~ 2026-12-31", set(), [(1, "2026-01-01 ~ 2026-12-31", LONG)]),
        ("2026-02-30\n\n国庆", set(), [(1, "2026-02-30", NOT), (3, "国庆", NOT)]),
        ("20261001", set(), [(1, "20261001", NOT)]),
        ("2026-02-30 ~ 2026-03-02", set(), [(1, "2026-02-30 ~ 2026-03-02", NOT)]),
        # 62 days, both ends counted (July and August) are one range; 63 are too many
        ("2026-07-01 ~ 2026-08-31", {D(2026, 7, 1) + datetime.timedelta(n) for n in range(62)}, []),
        ("2026-07-01 ~ 2026-09-01", set(), [(1, "2026-07-01 ~ 2026-09-01", LONG)]),
    ],
)
def test_parse_days(text: str, days: set[D], bad: list[tuple[int, str, str]]) -> None:
    assert calendar_ops.parse_days(text) == (frozenset(days), bad)


def test_a_long_range_and_a_long_pasted_line_are_said_without_widening_the_page(
    qtbot: QtBot, archive: Created, worker: SessionWorker
) -> None:
    from PySide6.QtWidgets import QScrollArea

    page = make_page(qtbot, archive.session, worker)
    scroll = page.findChild(QScrollArea)
    assert scroll is not None and scroll.widget() is not None
    pasted = "x" * 5000
    page.rest.edits["holidays"].setPlainText(
        "2026/5/1至2026/12/31\n2026-10-07 ~ 2026-10-01\n" + pasted
    )
    page.save_button.click()
    assert not worker.busy  # refused on the spot: no call was made
    label = page.problem_labels["holidays"]
    assert label.text().splitlines() == [
        "第 1 行：“2026/5/1至2026/12/31”超过 62 天，请分成几段，或核对日期。",
        "第 2 行：“2026-10-07 ~ 2026-10-01”的结束日期早于开始日期，请核对日期。",
        f"第 3 行：“{'x' * 29}…”不是日期，也不是一段日期。",
    ]
    # the red lines wrap inside their section: the page keeps the window's width
    assert scroll.widget().minimumSizeHint().width() <= scroll.viewport().width()
    assert label.width() <= page.rest.width()

    lines = "\n".join(f"第{n}个" for n in range(9))
    page.rest.edits["holidays"].setPlainText(lines)
    page.save_button.click()
    assert label.text().splitlines()[-1] == "… 另有 4 处也不是日期。"


def test_format_days_puts_runs_on_one_line() -> None:
    days = frozenset({D(2026, 10, 1), D(2026, 10, 2), D(2026, 10, 3), D(2026, 12, 31)})
    assert calendar_ops.format_days(days) == "2026-10-01 ~ 2026-10-03\n2026-12-31"
    assert calendar_ops.format_days(frozenset()) == ""


@given(st.frozensets(st.dates(D(1990, 1, 1), D(2099, 12, 31)), max_size=60))
def test_formatted_days_parse_back(days: frozenset[D]) -> None:
    assert calendar_ops.parse_days(calendar_ops.format_days(days)) == (days, [])


# -- terms: added and changed through the dialog ------------------------------------------------


def _term_dialog(page: CalendarPage) -> TermDialog:
    dialog = page.term_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_a_clerk_adds_a_term(qtbot: QtBot, archive: Created, worker: SessionWorker) -> None:
    s = archive.session
    setup_structure(s)  # 2025-2026 first and second semesters
    page = make_page(qtbot, s, worker)
    page.dates.leave.set_value((7, 10))  # typed, not saved: adding a term keeps it
    assert page.terms.add_button.isVisible() and page.terms.add_button.isEnabled()
    assert not page.terms.edit_button.isEnabled()  # nothing selected
    page.terms.add_button.click()
    dialog = _term_dialog(page)
    # proposed: the term after the latest, named like the others, a year after 2025-2026-1
    assert dialog.year_box.currentText() == "2026-2027学年"
    assert dialog.semester_box.currentText() == "第一学期"
    assert dialog.name_edit.text() == "2026—2027学年第一学期"
    assert dialog.start_edit.date() == QDate(2026, 9, 1)
    assert dialog.end_edit.date() == QDate(2027, 1, 20)
    # another semester: the name and the dates follow while the clerk has not typed over them
    dialog.semester_box.setCurrentIndex(1)
    assert dialog.name_edit.text() == "2026—2027学年第二学期"
    assert (dialog.start_edit.date(), dialog.end_edit.date()) == (
        QDate(2027, 2, 20),
        QDate(2027, 7, 10),
    )
    dialog.semester_box.setCurrentIndex(0)
    dialog.end_edit.setDate(QDate(2027, 1, 22))
    dialog.name_edit.setText("2026年秋季学期")
    dialog.year_box.setCurrentIndex(dialog.year_box.currentIndex())  # no change of proposal
    with qtbot.waitSignal(page.terms_saved, timeout=10_000):
        dialog.save_button.click()
    assert page.term_dialog is None  # closed (and deleted)
    terms = page.terms.terms()
    assert [t.code for t in terms] == ["2025-2026-1", "2025-2026-2", "2026-2027-1"]
    assert (terms[2].name, terms[2].start_date, terms[2].end_date) == (
        "2026年秋季学期",
        "2026-09-01",
        "2027-01-22",
    )
    assert page.terms.table.rowCount() == 3
    assert page.terms.table.item(2, 0).text() == "2026年秋季学期"
    assert page.terms.selected() == terms[2]
    assert _audit_actions(s)[-1] == "term_added"
    assert page.saved_label.text() == "学期已保存。"
    assert page.dates.leave.value() == (7, 10) and page.has_unsaved_changes()
    page.discard_changes()  # back to what is stored: the new term stays in the list
    assert page.terms.table.rowCount() == 3 and page.dates.leave.value() == (6, 30)


def test_a_clerk_changes_a_term(qtbot: QtBot, archive: Created, worker: SessionWorker) -> None:
    s = archive.session
    ids = setup_structure(s)
    page = make_page(qtbot, s, worker)
    page.terms.table.selectRow(0)
    assert page.terms.edit_button.isEnabled()
    page.terms.edit_button.click()
    dialog = _term_dialog(page)
    assert dialog.windowTitle() == "修改学期"
    assert not dialog.year_box.isEnabled() and not dialog.semester_box.isEnabled()
    assert dialog.year_box.currentText() == "2025-2026学年"
    assert dialog.semester_box.currentText() == "第一学期"
    assert dialog.name_edit.text() == "2025—2026学年第一学期"
    assert dialog.start_edit.date() == QDate(2025, 9, 1)
    dialog.end_edit.setDate(QDate(2026, 1, 25))
    with qtbot.waitSignal(page.terms_saved, timeout=10_000):
        dialog.save_button.click()
    assert page.terms.table.item(0, 2).text() == "2026-01-25"
    selected = page.terms.selected()
    assert selected is not None and selected.id == ids["t1"]
    assert _audit_actions(s)[-1] == "term_edited"
    row = s.archive.db.conn.execute(
        "SELECT end_date FROM terms WHERE id = ?", (ids["t1"],)
    ).fetchone()
    assert row[0] == "2026-01-25"


def test_a_refused_term_is_said_in_the_dialog_and_nothing_changes(
    qtbot: QtBot, archive: Created, worker: SessionWorker
) -> None:
    s = archive.session
    setup_structure(s)
    page = make_page(qtbot, s, worker)
    before = _audit_actions(s)
    page.terms.table.selectRow(0)
    page.terms.request_edit()
    dialog = _term_dialog(page)
    dialog.end_edit.setDate(QDate(2026, 2, 25))  # into 2025-2026-2
    with qtbot.waitSignal(worker.busyChanged, timeout=10_000, check_params_cb=lambda b: not b):
        dialog.save_button.click()
    assert dialog.isVisible() and dialog.save_button.isEnabled()
    assert dialog.error_line.isVisible()
    assert dialog.error_line.text() == "学期没有保存：\n日期与学期 2025-2026-2 重叠。"
    dialog.reject()

    page.terms.add_button.click()
    dialog = _term_dialog(page)
    dialog.year_box.setCurrentIndex(dialog.year_box.findData(2025))
    dialog.semester_box.setCurrentIndex(0)  # 2025-2026-1 is recorded already
    with qtbot.waitSignal(worker.busyChanged, timeout=10_000, check_params_cb=lambda b: not b):
        dialog.save_button.click()
    assert dialog.error_line.text() == "学期 2025-2026-1 已经存在。"
    assert _audit_actions(s) == before
    assert page.terms.table.item(0, 2).text() == "2026-01-20"
    assert page.terms.table.rowCount() == 2


def test_a_viewer_cannot_add_or_change_a_term(
    qtbot: QtBot, viewer_session: Session, worker: SessionWorker
) -> None:
    page = make_page(qtbot, viewer_session, worker)
    assert page.terms.table.rowCount() > 0
    assert not page.terms.add_button.isVisible() and not page.terms.edit_button.isVisible()
    page.terms.table.selectRow(0)
    page.terms.request_edit()  # as a double-click would
    page.open_term_dialog(None)
    assert page.term_dialog is None and not worker.busy


def _term(school_year: int, semester: int, name: str, start: str, end: str) -> Term:
    code = f"{school_year}-{school_year + 1}-{semester}"
    return Term(1, code, name, school_year, semester, start, end)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2025—2026学年第二学期", "2026—2027学年第一学期"),
        ("2025-2026学年下学期", "2026-2027学年上学期"),
        ("2025～2026学年春季学期", "2026～2027学年秋季学期"),
        ("春季", "2026—2027学年第一学期"),  # no years said: the service's default name
    ],
)
def test_a_new_term_is_named_like_the_latest(name: str, expected: str) -> None:
    terms = [_term(2025, 2, name, "2026-02-20", "2026-07-10")]
    assert term_dialog.next_term(terms, TODAY) == (2026, 1)
    assert term_dialog.name_like(terms, 2026, 1) == expected


def test_proposals_without_terms_and_on_29_february() -> None:
    assert term_dialog.next_term([], D(2026, 11, 6)) == (2026, 1)
    assert term_dialog.next_term([], D(2027, 1, 10)) == (2026, 1)
    assert term_dialog.next_term([], D(2027, 3, 10)) == (2026, 2)
    assert term_dialog.dates_like([], 2026, 2) == (D(2027, 2, 20), D(2027, 7, 10))
    leap = [_term(2023, 2, "x", "2024-02-29", "2024-07-10")]
    assert term_dialog.dates_like(leap, 2024, 2) == (D(2025, 2, 28), D(2025, 7, 10))
