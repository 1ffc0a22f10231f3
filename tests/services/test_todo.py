"""The start page's to-do items: each count from exactly the records it names, dates from today."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest

from tests.records_fixtures import add_account, insert_student, setup_structure
from xueji_desktop.core.errors import ArchiveLocked, PermissionDenied
from xueji_desktop.core.roles import Role
from xueji_desktop.services import todo
from xueji_desktop.services.archive import Created, login
from xueji_desktop.services.context import Session
from xueji_desktop.services.health import health_report
from xueji_desktop.services.todo import Target, TodoItem

D = datetime.date


def _leave(session: Session, sid: int, effective: str, due: str | None, *, revoked: bool = False):
    details = {} if due is None else {"expected_return_date": due}
    with session.archive.db.atomic() as conn:
        conn.execute(
            "INSERT INTO status_changes (student_id, kind, effective_date, details, status_before, "
            "status_after, revoked, created_at, created_by) "
            "VALUES (?, 'leave_of_absence', ?, ?, 'enrolled', 'on_leave', ?, 'now', 'clerk')",
            (sid, effective, json.dumps(details), int(revoked)),
        )


def _by_kind(items: list[TodoItem]) -> dict[str, TodoItem]:
    kinds = [i.kind for i in items]
    assert len(kinds) == len(set(kinds))
    return {i.kind: i for i in items}


@pytest.mark.parametrize(
    ("today", "upcoming", "previous"),
    [
        (D(2026, 1, 5), D(2026, 4, 20), D(2025, 11, 20)),
        (D(2026, 4, 20), D(2026, 4, 20), D(2025, 11, 20)),  # the day itself: 0 days left
        (D(2026, 4, 21), D(2026, 11, 20), D(2026, 4, 20)),
        (D(2026, 11, 21), D(2027, 4, 20), D(2026, 11, 20)),
        (D(2026, 12, 31), D(2027, 4, 20), D(2026, 11, 20)),
    ],
)
def test_the_next_and_the_last_deadline(today: D, upcoming: D, previous: D) -> None:
    assert todo.registration_deadline(today) == (upcoming, previous)


def test_registration_counts_drafts_returned_and_confirmed(archive: Created) -> None:
    s = archive.session
    ids = setup_structure(s)
    for _ in range(3):
        insert_student(s, ids["c1"], report_status="draft", student_no=None)
    insert_student(s, ids["c1"], report_status="returned")
    for _ in range(2):
        insert_student(s, ids["c2"], report_status="confirmed")
    insert_student(s, ids["c1"], report_status="reported")
    insert_student(s, ids["c1"], report_status="approved")
    voided = insert_student(s, ids["c1"], report_status="draft", student_no=None)
    with s.archive.db.atomic() as conn:
        conn.execute("UPDATE students SET voided = 1 WHERE id = ?", (voided,))

    items = _by_kind(todo.registration_items(s, today=D(2026, 11, 10)))
    deadline = items["registration_deadline"]
    assert deadline.count == 10
    assert deadline.params == {"date": "2026-11-20", "days": 10}
    assert deadline.urgent  # ten days left and open records
    assert items["not_confirmed"].count == 3
    assert items["not_confirmed"].target == Target("students", {"report_status": "draft"})
    assert items["returned"].count == 1
    assert items["returned"].target == Target("students", {"report_status": "returned"})
    assert items["not_reported"].count == 2
    assert items["not_reported"].target == Target("students", {"report_status": "confirmed"})
    assert list(items) == ["registration_deadline", "not_confirmed", "returned", "not_reported"]


def test_a_deadline_that_just_passed_is_said(archive: Created) -> None:
    s = archive.session
    setup_structure(s)
    items = _by_kind(todo.registration_items(s, today=D(2026, 12, 1)))
    deadline = items["registration_deadline"]
    assert deadline.params == {
        "date": "2027-04-20",
        "days": 140,
        "passed": "2026-11-20",
        "passed_days": 11,
    }
    assert not deadline.urgent  # nothing open: only a notice
    assert list(items) == ["registration_deadline"]  # no zero counts
    later = _by_kind(todo.registration_items(s, today=D(2027, 1, 15)))
    assert "passed" not in later["registration_deadline"].params


def test_leave_overdue_and_due_soon(archive: Created) -> None:
    s = archive.session
    ids = setup_structure(s)
    today = D(2026, 3, 10)
    overdue = insert_student(s, ids["c1"], status="on_leave")
    _leave(s, overdue, "2025-09-01", "2026-03-01")
    soon = insert_student(s, ids["c1"], status="on_leave")
    _leave(s, soon, "2025-10-01", "2026-04-09")  # exactly 30 days ahead
    later = insert_student(s, ids["c1"], status="on_leave")
    _leave(s, later, "2025-10-01", "2026-04-10")  # 31 days ahead: not yet
    # only the latest non-revoked leave counts
    renewed = insert_student(s, ids["c1"], status="on_leave")
    _leave(s, renewed, "2025-09-01", "2026-02-01")
    _leave(s, renewed, "2026-02-01", "2026-09-01")
    reverted = insert_student(s, ids["c1"], status="on_leave")
    _leave(s, reverted, "2025-09-01", "2026-03-09")
    _leave(s, reverted, "2026-03-01", "2026-09-01", revoked=True)
    no_date = insert_student(s, ids["c1"], status="on_leave")
    _leave(s, no_date, "2025-09-01", None)
    back = insert_student(s, ids["c1"], status="enrolled")  # returned: no longer 休学
    _leave(s, back, "2025-09-01", "2026-01-01")

    items = _by_kind(todo.leave_items(s, today=today))
    assert items["leave_overdue"].count == 2
    assert items["leave_overdue"].urgent
    assert items["leave_overdue"].target == Target(
        "students", {"student_ids": [overdue, reverted], "caption": "leave_overdue"}
    )
    assert items["leave_due_soon"].count == 1
    assert items["leave_due_soon"].params == {"days": 30}
    assert items["leave_due_soon"].target == Target(
        "students", {"student_ids": [soon], "caption": "leave_due_soon"}
    )


def test_no_leave_no_items(archive: Created) -> None:
    setup_structure(archive.session)
    assert todo.leave_items(archive.session, today=D(2026, 3, 10)) == []


def test_graduation_window_and_overdue(archive: Created) -> None:
    s = archive.session
    ids = setup_structure(s)  # both classes: 2025级, graduation year 2028
    final = [insert_student(s, ids["c1"]) for _ in range(3)]
    insert_student(s, ids["c1"], status="on_leave")  # not 在籍: not counted
    insert_student(s, ids["c1"], status="graduated")
    insert_student(s, ids["c2"])  # the other class, same year
    # The default calendar: graduates leave on 30 June 2028 (a Friday); the 20 working days
    # before it begin on Friday 2 June; the classes are listed from 90 days before that.
    assert todo.GRADUATION_NOTICE_DAYS == 90

    before = todo.graduation_items(s, today=D(2028, 3, 3))
    assert before == []
    items = _by_kind(todo.graduation_items(s, today=D(2028, 3, 4)))
    due = items["graduation_due"]
    assert due.count == 4
    assert due.params == {"year": 2028, "classes": 2, "from": "2028-06-02", "until": "2028-06-30"}
    assert not due.urgent  # the window has not opened
    assert due.target is not None and due.target.args["caption"] == "graduation_due"
    assert len(due.target.args["student_ids"]) == 4  # type: ignore[arg-type]
    assert "graduation_overdue" not in items

    # one class left in the window: its filter instead of a list of ids
    with s.archive.db.atomic() as conn:
        conn.execute("UPDATE students SET status = 'graduated' WHERE class_group_id = ?",
                     (ids["c2"],))  # fmt: skip
    one = _by_kind(todo.graduation_items(s, today=D(2028, 6, 1)))["graduation_due"]
    assert one.count == 3 and not one.urgent
    assert one.target == Target("students", {"class_id": ids["c1"], "status": "enrolled"})
    assert _by_kind(todo.graduation_items(s, today=D(2028, 6, 2)))["graduation_due"].urgent
    assert _by_kind(todo.graduation_items(s, today=D(2028, 6, 30)))["graduation_due"].urgent

    after = _by_kind(todo.graduation_items(s, today=D(2028, 7, 1)))
    assert list(after) == ["graduation_overdue"]
    assert after["graduation_overdue"].count == 3
    assert after["graduation_overdue"].params == {"classes": 1}
    assert after["graduation_overdue"].target == Target(
        "students", {"student_ids": final, "caption": "graduation_overdue"}
    )
    assert after["graduation_overdue"].urgent


def test_quick_items_put_the_sources_together(archive: Created) -> None:
    s = archive.session
    ids = setup_structure(s)
    insert_student(s, ids["c1"], report_status="draft", student_no=None)
    kinds = [i.kind for i in todo.quick_items(s, today=D(2028, 4, 1))]
    assert kinds == ["registration_deadline", "not_confirmed", "graduation_due"]
    # the spring aid list (30 April by default) is due within two weeks
    kinds = [i.kind for i in todo.quick_items(s, today=D(2028, 4, 20))]
    assert kinds == ["registration_deadline", "not_confirmed", "graduation_due", "aid_lists_due"]


def test_health_items_count_students_per_finding(archive: Created) -> None:
    s = archive.session
    ids = setup_structure(s)
    a = insert_student(s, ids["c1"], status="graduated")
    b = insert_student(s, ids["c1"], status="graduated")
    c = insert_student(s, ids["c1"], report_status="reported")  # not_approved: skipped
    items, complete = todo.health_items(s, today=D(2026, 8, 1))
    assert complete
    by_finding = {i.params["finding"]: i for i in items}
    # what the fast items already show is not shown twice (the start page's cards): 休学 due
    # back, registration counts, graduates without a 毕业去向 (destination_items)
    assert "not_approved" not in by_finding and "leave_overdue" not in by_finding
    assert "graduate_without_destination" not in by_finding
    # several findings of one kind for one student count the student once
    docs = by_finding["missing_documents"]
    assert docs.count == 3
    assert docs.target == Target(
        "students", {"student_ids": sorted([a, b, c]), "caption": "health:missing_documents"}
    )


def test_one_card_for_recent_graduates_without_a_destination(archive: Created) -> None:
    """The start page once showed two cards saying the same thing: the health check's finding
    and destination_items. Only destination_items' card is left."""
    s = archive.session
    ids = setup_structure(s)
    a = insert_student(s, ids["c1"], status="graduated")
    report = health_report(s, today=D(2026, 8, 1))
    assert {f.student_id for f in report.findings if f.kind == "graduate_without_destination"} == {
        a
    }
    assert "graduate_without_destination" in todo.HEALTH_SKIPPED
    items, _ = todo.health_items(s, today=D(2026, 8, 1))
    assert [i for i in items if i.params.get("finding") == "graduate_without_destination"] == []


@pytest.mark.parametrize(
    "source",
    [
        todo.quick_items,
        todo.registration_items,
        todo.leave_items,
        todo.graduation_items,
        todo.loan_items,
        todo.dispatch_items,
        todo.destination_items,
        todo.aid_items,
        todo.health_items,
    ],
)
@pytest.mark.parametrize("today", ["2026-11-26", None, 20261126])
def test_today_must_be_a_date(archive: Created, source: Any, today: Any) -> None:
    """Text for today is refused with a sentence, as the registers refuse it (not an
    AttributeError from deep inside)."""
    from xueji_desktop.core.errors import RecordInvalid
    from xueji_desktop.problem_text import problem_text

    with pytest.raises(RecordInvalid) as caught:
        source(archive.session, today=today)
    (p,) = caught.value.problems
    assert (p.field, p.code) == ("today", "invalid_type")
    assert problem_text(p, "zh") == "今天的日期的内容类型不对。"


def test_health_items_can_be_cancelled(archive: Created) -> None:
    s = archive.session
    ids = setup_structure(s)
    insert_student(s, ids["c1"], status="graduated")
    seen: list[tuple[int, int]] = []
    items, complete = todo.health_items(
        s, today=D(2026, 8, 1), progress=lambda d, t: seen.append((d, t)), cancelled=lambda: True
    )
    assert not complete and items == [] and seen == []
    _, complete = todo.health_items(
        s, today=D(2026, 8, 1), progress=lambda d, t: seen.append((d, t))
    )
    assert complete and seen[-1][0] == seen[-1][1]


def test_every_role_reads_the_items_and_a_locked_session_none(archive: Created) -> None:
    add_account(archive.session, "viewer1", "viewer-pass-2026x", [Role.VIEWER])
    viewer = login(archive.session.archive.layout.root, "viewer1", "viewer-pass-2026x")
    try:
        assert todo.quick_items(viewer, today=D(2026, 1, 1))[0].kind == "registration_deadline"
        viewer.locked = True
        with pytest.raises(ArchiveLocked):
            todo.quick_items(viewer, today=D(2026, 1, 1))
    finally:
        viewer.close()
    viewer.roles = frozenset()
    viewer.locked = False
    with pytest.raises(PermissionDenied):
        todo.leave_items(viewer, today=D(2026, 1, 1))
