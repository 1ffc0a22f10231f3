"""The start page (待办): counts from a real archive, buttons that open what they count, and a
data check that runs on the worker, shows progress and can be stopped."""

from __future__ import annotations

import datetime
import json
import threading

import pytest
from pytestqt.qtbot import QtBot

from tests.records_fixtures import insert_student, setup_structure
from xueji_desktop.services import calendar_settings
from xueji_desktop.services.archive import Created
from xueji_desktop.services.calendar_settings import SchoolCalendar
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.start_page import StartPage
from xueji_desktop.ui.worker import SessionWorker

TODAY = datetime.date(2026, 11, 6)  # 14 days before the autumn deadline


class World:
    def __init__(self, archive: Created) -> None:
        self.s = archive.session
        self.ids = setup_structure(self.s)
        self.drafts = [
            insert_student(self.s, self.ids["c1"], report_status="draft", student_no=None)
            for _ in range(3)
        ]
        self.confirmed = [
            insert_student(self.s, self.ids["c2"], report_status="confirmed") for _ in range(2)
        ]
        self.overdue = insert_student(self.s, self.ids["c1"], status="on_leave")
        self.leave(self.overdue, "2026-03-01", "2026-09-01")
        self.soon = insert_student(self.s, self.ids["c1"], status="on_leave")
        self.leave(self.soon, "2026-03-01", "2026-11-30")

    def leave(self, sid: int, effective: str, due: str) -> None:
        with self.s.archive.db.atomic() as conn:
            conn.execute(
                "INSERT INTO status_changes (student_id, kind, effective_date, details, "
                "status_before, status_after, created_at, created_by) VALUES "
                "(?, 'leave_of_absence', ?, ?, 'enrolled', 'on_leave', 'now', 'clerk')",
                (sid, effective, json.dumps({"expected_return_date": due})),
            )


@pytest.fixture
def world(archive: Created) -> World:
    return World(archive)


@pytest.fixture
def page(
    qtbot: QtBot, archive: Created, worker: SessionWorker
) -> tuple[StartPage, list[tuple[str, dict[str, object]]]]:
    went: list[tuple[str, dict[str, object]]] = []
    ctx = PageContext(
        archive.session, worker, navigate=lambda page_id, args: went.append((page_id, args))
    )
    start = StartPage(ctx)
    qtbot.addWidget(start)
    start.resize(900, 700)
    start.show()
    return start, went


def open_page(qtbot: QtBot, start: StartPage) -> None:
    with (
        qtbot.waitSignal(start.loaded, timeout=10_000),
        qtbot.waitSignal(start.healthFinished, timeout=20_000) as finished,
    ):
        start.activate(today=TODAY)
    assert finished.args == [True]


def test_counts_and_sentences_from_the_archive(qtbot: QtBot, world: World, page) -> None:
    start, _ = page
    open_page(qtbot, start)
    cards = start.cards
    deadline = cards["registration_deadline"]
    assert deadline.count_label.text() == "14"
    assert deadline.text_label.text() == "天后是下一个学籍注册上报截止日（11月20日）。"
    assert deadline.button is None
    assert deadline.property("urgent") is True
    assert cards["not_confirmed"].count_label.text() == "3"
    assert cards["not_confirmed"].text_label.text() == (
        "条学籍记录还是草稿：请和学生一起核对，然后确认。截止日：11月20日。"
    )
    assert cards["not_reported"].count_label.text() == "2"
    assert "returned" not in cards  # nothing returned: no line
    assert cards["leave_overdue"].count_label.text() == "1"
    assert cards["leave_due_soon"].count_label.text() == "1"
    assert cards["leave_due_soon"].text_label.text() == "名休学学生将在 30 天内到预计复学日期。"
    assert start.date_label.text() == "今天是2026年11月6日"
    # the data check ran after them and added its findings below
    health = [k for k in cards if k.startswith("health:")]
    assert health and "health:leave_overdue" not in health
    assert start.health_label.text() == "数据检查已完成。"
    assert not start.quiet_label.isVisible()


def test_each_button_opens_what_it_counts(qtbot: QtBot, world: World, page) -> None:
    start, went = page
    open_page(qtbot, start)
    assert start.cards["not_confirmed"].button is not None
    start.cards["not_confirmed"].button.click()
    assert went[-1] == ("students", {"report_status": "draft"})
    start.cards["not_reported"].button.click()  # type: ignore[union-attr]
    assert went[-1] == ("students", {"report_status": "confirmed"})
    start.cards["leave_overdue"].button.click()  # type: ignore[union-attr]
    assert went[-1] == (
        "students",
        {"student_ids": [world.overdue], "caption": "休学已超过预计复学日期的学生"},
    )
    start.cards["leave_due_soon"].button.click()  # type: ignore[union-attr]
    assert went[-1] == (
        "students",
        {"student_ids": [world.soon], "caption": "30 天内到预计复学日期的休学学生"},
    )
    key = next(k for k in start.cards if k.startswith("health:"))
    start.cards[key].button.click()  # type: ignore[union-attr]
    page_id, args = went[-1]
    assert page_id == "students" and str(args["caption"]).startswith("数据检查：")
    assert args["student_ids"]


def test_an_empty_archive_has_nothing_to_do(qtbot: QtBot, archive: Created, page) -> None:
    # TODAY is a week after the default autumn aid date (31 October): a calendar without aid
    # dates, so that nothing at all is due
    calendar_settings.set_calendar(archive.session, SchoolCalendar(aid_dates=()))
    start, _ = page
    open_page(qtbot, start)
    assert list(start.cards) == ["registration_deadline"]
    assert start.quiet_label.isVisible()
    assert start.quiet_label.text() == "目前没有需要处理的事。"
    assert start.health_label.text() == "数据检查没有发现需要改正的地方。"


def test_the_data_check_can_be_stopped_and_started_again(
    qtbot: QtBot, world: World, page, worker: SessionWorker
) -> None:
    start, _ = page
    with qtbot.waitSignal(start.healthFinished, timeout=20_000):
        start.activate(today=TODAY)  # a first, complete check
    gate = threading.Event()
    worker.run(lambda: gate.wait(10), on_done=lambda _: None, on_error=lambda _: None)
    start.start_health_check()  # queued behind the gate
    assert start.health_stop.isVisible() and start.health_bar.isVisible()
    assert not any(k.startswith("health:") for k in start.cards)
    with qtbot.waitSignal(start.healthFinished, timeout=20_000) as finished:
        start.health_stop.click()
        assert start.health_label.text() == "正在停止检查……"
        gate.set()
    assert finished.args == [False]
    assert start.health_label.text() == "数据检查已停止，下面是已经查到的问题。"
    assert start.health_again.isVisible() and not start.health_stop.isVisible()
    with qtbot.waitSignal(start.healthFinished, timeout=20_000) as again:
        start.health_again.click()
    assert again.args == [True]
    assert any(k.startswith("health:") for k in start.cards)


def test_leaving_the_page_stops_the_check(
    qtbot: QtBot, world: World, page, worker: SessionWorker
) -> None:
    start, _ = page
    open_page(qtbot, start)
    gate = threading.Event()
    worker.run(lambda: gate.wait(10), on_done=lambda _: None, on_error=lambda _: None)
    assert not start.health_again.isVisible()  # complete: the page's own button checks again
    with qtbot.waitSignal(start.healthFinished, timeout=20_000) as finished:
        start.start_health_check()  # queued behind the gate
        start.hide()
        gate.set()
    assert finished.args == [False]
    # left before the quick items arrived: the check waits for the next visit
    with qtbot.waitSignal(start.loaded, timeout=10_000):
        start.activate(today=TODAY)
        start.hide()
    assert start.health_box.isHidden() or not start.health_stop.isVisible()
    assert not start.health_stop.isVisibleTo(start)
    with qtbot.waitSignal(start.healthFinished, timeout=20_000) as again:
        start.show()
        start.activate(today=TODAY)
    assert again.args == [True]


def test_a_failure_is_said_in_plain_words(
    qtbot: QtBot, world: World, page, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xueji_desktop.services import todo

    def broken(session: object, *, today: datetime.date) -> list[object]:
        raise RuntimeError("张三 110101199003077777")  # a message that must never be shown

    monkeypatch.setattr(todo, "FAST_SOURCES", [broken])
    start, _ = page
    start.activate(today=TODAY)
    qtbot.waitUntil(start.error_line.isVisible, timeout=10_000)
    assert start.error_line.text().startswith("程序出了点问题。")
    assert "张三" not in start.error_line.text()
    assert start.refresh_button.isEnabled()


def test_the_archive_room_items_are_worded_and_open_their_lists(
    qtbot: QtBot, archive: Created, page
) -> None:
    from xueji_desktop.services import file_dispatch, file_loans
    from xueji_desktop.services.file_dispatch import DispatchOrder

    s = archive.session
    ids = setup_structure(s)
    lent = insert_student(s, ids["c1"])
    file_loans.lend_file(s, lent, borrower="李老师", purpose="征兵政审", lent_on="2026-09-01")
    graduates = []
    for _ in range(2):
        sid = insert_student(s, ids["c1"], status="graduated")
        with s.archive.db.atomic() as conn:
            conn.execute(
                "INSERT INTO status_changes (student_id, kind, effective_date, details, "
                "status_before, status_after, created_at, created_by) VALUES "
                "(?, 'graduation', '2026-06-30', '{}', 'enrolled', 'graduated', 'now', 'clerk')",
                (sid,),
            )
        graduates.append(sid)
    order = DispatchOrder(graduates[0], "employer", "某公司", "in_person", carrier="王五")
    file_dispatch.dispatch_files(s, [order], dispatched_on="2026-07-01")
    start, went = page
    open_page(qtbot, start)
    cards = start.cards
    assert cards["loans_overdue"].count_label.text() == "1"
    assert cards["loans_overdue"].text_label.text() == (
        "份借出的档案已过归还日期（最早的应在2026年10月1日归还）：请催还。"
    )
    assert cards["loans_overdue"].property("urgent") is True
    assert cards["receipts_missing"].text_label.text() == (
        "份已转递的档案超过 60 天还没收到回执：请向接收单位询问。"
    )
    assert cards["dispatch_due"].count_label.text() == "1"
    assert cards["destinations_missing"].count_label.text() == "2"
    # TODAY is six days after the autumn aid date (31 October)
    aid = cards["aid_lists_due"]
    assert aid.count_label.text() == "6"
    assert aid.text_label.text() == (
        "天前已到资助名单上报日：秋季学期资助名单上报（2026年10月31日）。请确认已经上报。"
    )
    assert aid.button is not None and aid.button.text() == "打开校历"
    aid.button.click()
    assert went[-1] == ("calendar", {})
    assert cards["loans_overdue"].button.text() == "打开清单"  # type: ignore[union-attr]
    for kind, view in (
        ("loans_overdue", "loans"),
        ("receipts_missing", "receipts"),
        ("dispatch_due", "dispatch_due"),
    ):
        cards[kind].button.click()  # type: ignore[union-attr]
        assert went[-1] == ("paper_files", {"view": view})
    cards["destinations_missing"].button.click()  # type: ignore[union-attr]
    assert went[-1] == (
        "students",
        {"student_ids": graduates, "caption": "近 12 个月毕业、还没有登记毕业去向的学生"},
    )
    assert not start.quiet_label.isVisible()


def test_graduation_reminder_names_the_window(qtbot: QtBot, archive: Created, page) -> None:
    s = archive.session
    ids = setup_structure(s)
    with s.archive.db.atomic() as conn:
        conn.execute("UPDATE class_groups SET graduation_year = 2027")
    insert_student(s, ids["c1"])
    start, _ = page
    with qtbot.waitSignal(start.loaded, timeout=10_000):
        start.activate(today=datetime.date(2027, 6, 2))
    card = start.cards["graduation_due"]
    assert card.text_label.text() == (
        "名在籍学生（1 个班）今年毕业（2027届）：请检查毕业条件，并在6月30日离校前的 20 个"
        "工作日内（从6月2日起）办理毕业。"
    )
    assert card.property("urgent") is True
