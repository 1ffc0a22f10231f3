"""The start page's archive-room items (issue 8 §3): overdue loans, receipts not back, files to
dispatch, recent graduates without a destination and aid lists due — each against an injected
``today`` and the school calendar. The registers are written through their own services."""

from __future__ import annotations

import datetime
import json

import pytest

from tests.records_fixtures import insert_student, setup_structure
from xueji_desktop.services import calendar_settings as cs
from xueji_desktop.services import file_dispatch, file_loans, todo
from xueji_desktop.services.archive import Created
from xueji_desktop.services.calendar_settings import AidDate, SchoolCalendar
from xueji_desktop.services.context import Session
from xueji_desktop.services.file_dispatch import DispatchOrder
from xueji_desktop.services.todo import Target, TodoItem

D = datetime.date


def _kinds(items: list[TodoItem]) -> dict[str, TodoItem]:
    out = {i.kind: i for i in items}
    assert len(out) == len(items)
    return out


def _graduate(s: Session, class_id: int, on: str, *, revoked: bool = False) -> int:
    sid = insert_student(s, class_id, status="graduated")
    with s.archive.db.atomic() as conn:
        conn.execute(
            "INSERT INTO status_changes (student_id, kind, effective_date, details, status_before,"
            " status_after, revoked, created_at, created_by) VALUES "
            "(?, 'graduation', ?, '{}', 'enrolled', 'graduated', ?, 'now', 'clerk')",
            (sid, on, int(revoked)),
        )
    return sid


def _send(s: Session, sid: int, on: str) -> int:
    order = DispatchOrder(sid, "employer", "某公司人事部", "in_person", carrier="王五")
    return file_dispatch.dispatch_files(s, [order], dispatched_on=on)[0]


@pytest.fixture
def s(archive: Created) -> Session:
    return archive.session


@pytest.fixture
def ids(s: Session) -> dict[str, int]:
    return setup_structure(s)


def test_overdue_loans_from_the_due_date(s: Session, ids: dict[str, int]) -> None:
    first = insert_student(s, ids["c1"])
    second = insert_student(s, ids["c1"])
    back = insert_student(s, ids["c2"])
    file_loans.lend_file(s, first, borrower="李老师", purpose="征兵政审", lent_on="2026-09-01",
                         due_on="2026-10-01")  # fmt: skip
    file_loans.lend_file(s, second, borrower="李老师", purpose="复核", lent_on="2026-10-01")
    file_loans.lend_file(s, back, borrower="李老师", purpose="复核", lent_on="2026-09-01",
                         due_on="2026-09-10")  # fmt: skip
    file_loans.return_file(s, back, returned_on="2026-09-09")

    assert todo.loan_items(s, today=D(2026, 10, 1)) == []  # due today: not overdue yet
    item = _kinds(todo.loan_items(s, today=D(2026, 10, 2)))["loans_overdue"]
    assert item == TodoItem(
        "loans_overdue",
        1,
        {"oldest_due": "2026-10-01"},
        Target("paper_files", {"view": "loans"}),
        urgent=True,
    )
    # the second loan took the calendar's 30 days: due 31 October
    assert todo.loan_items(s, today=D(2026, 10, 31))[0].count == 1
    assert todo.loan_items(s, today=D(2026, 11, 1))[0].count == 2


def test_the_loan_period_comes_from_the_calendar(s: Session, ids: dict[str, int]) -> None:
    cs.set_calendar(s, SchoolCalendar(loan_days=7))
    sid = insert_student(s, ids["c1"])
    file_loans.lend_file(s, sid, borrower="李老师", purpose="复核", lent_on="2026-10-01")
    assert todo.loan_items(s, today=D(2026, 10, 8)) == []
    assert todo.loan_items(s, today=D(2026, 10, 9))[0].count == 1


def test_receipts_missing_after_the_calendar_wait(s: Session, ids: dict[str, int]) -> None:
    late = _graduate(s, ids["c1"], "2026-06-30")
    answered = _graduate(s, ids["c1"], "2026-06-30")
    _send(s, late, "2026-07-01")
    receipted = _send(s, answered, "2026-07-01")
    file_dispatch.record_receipt(s, receipted, receipt_on="2026-07-20", signer="赵六")

    # 60 days by default: 1 July + 60 days = 30 August, the last day of the wait
    assert "receipts_missing" not in _kinds(todo.dispatch_items(s, today=D(2026, 8, 30)))
    item = _kinds(todo.dispatch_items(s, today=D(2026, 8, 31)))["receipts_missing"]
    assert item == TodoItem(
        "receipts_missing", 1, {"days": 60}, Target("paper_files", {"view": "receipts"})
    )
    cs.set_calendar(s, SchoolCalendar(receipt_wait_days=20))
    item = _kinds(todo.dispatch_items(s, today=D(2026, 7, 22)))["receipts_missing"]
    assert item.count == 1 and item.params == {"days": 20}


def test_dispatch_due_counts_leavers_neither_sent_nor_kept(s: Session, ids: dict[str, int]) -> None:
    insert_student(s, ids["c1"])  # in school: nothing to send
    insert_student(s, ids["c1"], status="on_leave")
    waiting = [_graduate(s, ids["c1"], "2026-06-30") for _ in range(2)]
    waiting.append(insert_student(s, ids["c2"], status="transferred_out"))
    sent = _graduate(s, ids["c1"], "2026-06-30")
    _send(s, sent, "2026-07-01")
    kept = _graduate(s, ids["c1"], "2026-06-30")
    with s.archive.db.atomic() as conn:  # the school keeps this one (归档保存)
        conn.execute(
            "INSERT INTO paper_files (student_id, kept, updated_at, updated_by) "
            "VALUES (?, 1, 'now', 'clerk')",
            (kept,),
        )
    item = _kinds(todo.dispatch_items(s, today=D(2026, 7, 2)))["dispatch_due"]
    assert item == TodoItem("dispatch_due", 3, {}, Target("paper_files", {"view": "dispatch_due"}))


def test_nothing_in_the_room_no_items(s: Session, ids: dict[str, int]) -> None:
    insert_student(s, ids["c1"])
    today = D(2026, 9, 1)
    assert todo.loan_items(s, today=today) == []
    assert todo.dispatch_items(s, today=today) == []
    assert todo.destination_items(s, today=today) == []
    assert todo.aid_items(s, today=today) == []


def test_recent_graduates_without_a_destination(s: Session, ids: dict[str, int]) -> None:
    missing = [_graduate(s, ids["c1"], "2026-06-30"), _graduate(s, ids["c2"], "2025-11-02")]
    recorded = _graduate(s, ids["c1"], "2026-06-30")
    with s.archive.db.atomic() as conn:
        conn.execute(
            "INSERT INTO destinations (student_id, kind, employer, recorded_on) "
            "VALUES (?, 'employment', '某公司', '2026-07-15')",
            (recorded,),
        )
    _graduate(s, ids["c1"], "2025-11-01")  # exactly twelve months before: no longer recent
    _graduate(s, ids["c1"], "2026-06-30", revoked=True)  # the graduation was revoked
    _graduate(s, ids["c1"], "2026-11-02")  # a graduation dated after today
    transferred = insert_student(s, ids["c1"], status="transferred_out")
    assert transferred  # left, but not graduated: no 毕业去向 expected

    item = _kinds(todo.destination_items(s, today=D(2026, 11, 1)))["destinations_missing"]
    assert item == TodoItem(
        "destinations_missing",
        2,
        {},
        Target("students", {"student_ids": missing, "caption": "destinations_missing"}),
    )


def test_aid_lists_due_by_the_calendar(s: Session, ids: dict[str, int]) -> None:
    assert todo.aid_items(s, today=D(2026, 10, 16)) == []  # 15 days before 31 October
    item = _kinds(todo.aid_items(s, today=D(2026, 10, 20)))["aid_lists_due"]
    assert item == TodoItem(
        "aid_lists_due",
        1,
        {"dates": [{"name": "秋季学期资助名单上报", "date": "2026-10-31", "days": 11}]},
        Target("calendar"),
        urgent=False,
    )
    assert todo.aid_items(s, today=D(2026, 10, 28))[0].urgent  # three days left
    passed = todo.aid_items(s, today=D(2026, 11, 7))[0]
    assert passed.params["dates"] == [
        {"name": "秋季学期资助名单上报", "date": "2026-10-31", "days": -7}
    ]
    assert passed.urgent
    assert todo.aid_items(s, today=D(2026, 11, 8)) == []

    cs.set_calendar(
        s, SchoolCalendar(aid_dates=(AidDate("免学费名单", 3, 10), AidDate("助学金名单", 3, 15)))
    )
    item = todo.aid_items(s, today=D(2027, 3, 1))[0]
    assert item.count == 2
    assert [d["name"] for d in item.params["dates"]] == ["免学费名单", "助学金名单"]  # type: ignore[attr-defined]


def test_registration_deadline_follows_the_calendar(s: Session, ids: dict[str, int]) -> None:
    insert_student(s, ids["c1"], report_status="draft", student_no=None)
    cs.set_calendar(s, SchoolCalendar(autumn_deadline=(11, 30)))
    items = _kinds(todo.registration_items(s, today=D(2026, 11, 21)))
    assert items["registration_deadline"].params == {"date": "2026-11-30", "days": 9}
    assert items["not_confirmed"].params == {"date": "2026-11-30"}


def test_graduation_follows_the_calendar_leave_day(s: Session, ids: dict[str, int]) -> None:
    with s.archive.db.atomic() as conn:
        conn.execute("UPDATE class_groups SET graduation_year = 2026")
    insert_student(s, ids["c1"])
    cs.set_calendar(s, SchoolCalendar(leave_day=(7, 10), holidays=frozenset({D(2026, 6, 19)})))
    # 10 July 2026 is a Friday; with the Dragon Boat holiday the window opens on 11 June
    due = _kinds(todo.graduation_items(s, today=D(2026, 7, 10)))["graduation_due"]
    assert due.params["from"] == "2026-06-11" and due.params["until"] == "2026-07-10"
    assert due.urgent
    after = _kinds(todo.graduation_items(s, today=D(2026, 7, 11)))
    assert list(after) == ["graduation_overdue"]


def test_quick_items_carry_the_room_items_in_order(s: Session, ids: dict[str, int]) -> None:
    lent = insert_student(s, ids["c1"])
    file_loans.lend_file(s, lent, borrower="李老师", purpose="复核", lent_on="2026-09-01")
    sent = _graduate(s, ids["c1"], "2026-06-30")
    _send(s, sent, "2026-07-01")
    _graduate(s, ids["c2"], "2026-06-30")
    kinds = [i.kind for i in todo.quick_items(s, today=D(2026, 10, 20))]
    assert kinds == [
        "registration_deadline",
        "loans_overdue",
        "receipts_missing",
        "dispatch_due",
        "destinations_missing",
        "aid_lists_due",
    ]
    # the stored calendar is damaged: the items still come, from the defaults
    with s.archive.db.atomic() as conn:
        conn.execute(
            "INSERT INTO settings (key, value) VALUES ('school_calendar', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (json.dumps({"loan_days": "many"}),),
        )
    assert [i.kind for i in todo.quick_items(s, today=D(2026, 10, 20))] == kinds
