"""The start page's to-do list (待办): what needs doing now, each item a count and where to see it.

An item is data, not a sentence: ``TodoItem(kind, count, params, target)``. The UI turns ``kind``
and ``params`` into words and opens ``target`` (a page id and its navigation arguments, as in
``ctx.go(page, **args)``; a ``caption`` argument holds the item's kind and the UI words it).
Later issues add items by appending a function to ``FAST_SOURCES`` (cheap
queries, run first) or by offering their own slow source like :func:`health_items`.

Every function takes ``today`` from the caller: the service never reads the clock, so tests and a
clerk working past midnight see consistent answers.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from xueji_desktop.core.roles import Permission
from xueji_desktop.core.school_calendar import AUTUMN_DEADLINE, SPRING_DEADLINE
from xueji_desktop.services import calendar_settings
from xueji_desktop.services.context import Session
from xueji_desktop.services.file_loans import check_today
from xueji_desktop.services.health import health_report

__all__ = [
    "DEADLINES",
    "FAST_SOURCES",
    "GRADUATION_NOTICE_DAYS",
    "HEALTH_SKIPPED",
    "LEAVE_NOTICE_DAYS",
    "RECENTLY_PASSED_DAYS",
    "Target",
    "TodoItem",
    "aid_items",
    "destination_items",
    "dispatch_items",
    "graduation_items",
    "health_items",
    "leave_items",
    "loan_items",
    "quick_items",
    "registration_deadline",
    "registration_items",
]

# Registration with the national system (全国中等职业学校学生管理信息系统): the spring intake is
# registered by 20 April, the autumn intake by 20 November (month, day). The school's calendar
# (services/calendar_settings) holds them, editable; these are its defaults.
DEADLINES: tuple[tuple[int, int], ...] = (SPRING_DEADLINE, AUTUMN_DEADLINE)
RECENTLY_PASSED_DAYS = 28  # a deadline passed less than four weeks ago is still worth saying
LEAVE_NOTICE_DAYS = 30  # 休学 students due back within this many days are listed
# The graduating classes are listed from this many days before the graduation window (the 20
# working days before the calendar's leave day) opens: time to check who is eligible.
GRADUATION_NOTICE_DAYS = 90
DESTINATION_MONTHS_DAYS = 365  # graduates of the last twelve months without a 毕业去向
# Health finding kinds already shown by the fast items (leave due back, registration counts,
# graduates without a 毕业去向: destination_items lists the recent ones, which are the ones a
# clerk still reports; an older graduate's missing destination is no start-page task).
HEALTH_SKIPPED = frozenset({"leave_overdue", "not_approved", "graduate_without_destination"})
_LARGE_LIST = 5000  # above this, an item opens a filter instead of a list of ids


@dataclass(frozen=True, slots=True)
class Target:
    page: str  # page id of the main window's navigation ("students", "status_changes", …)
    args: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TodoItem:
    kind: str
    count: int
    params: dict[str, object] = field(default_factory=dict)
    target: Target | None = None
    urgent: bool = False  # shown in the warning colour (a deadline close or passed)


# -- registration deadline ------------------------------------------------------------------------


def registration_deadline(
    today: datetime.date, deadlines: tuple[tuple[int, int], ...] = DEADLINES
) -> tuple[datetime.date, datetime.date]:
    """(the next deadline on or after ``today``, the last one before ``today``)."""
    dates = sorted(
        datetime.date(year, month, day)
        for year in (today.year - 1, today.year, today.year + 1)
        for month, day in deadlines
    )
    upcoming = next(d for d in dates if d >= today)
    previous = max(d for d in dates if d < today)
    return upcoming, previous


def registration_items(session: Session, *, today: datetime.date) -> list[TodoItem]:
    """Days to the registration deadline, and the records not yet confirmed or reported."""
    session.require(Permission.READ_RECORDS)
    check_today(today)  # a date, not text: RecordInvalid as the registers answer
    calendar = calendar_settings.get_calendar(session)
    upcoming, previous = registration_deadline(
        today, calendar_settings.registration_dates(calendar)
    )
    counts = dict(
        session.archive.db.conn.execute(
            "SELECT report_status, COUNT(*) FROM students WHERE voided = 0 "
            "AND report_status IN ('draft', 'returned', 'confirmed') GROUP BY report_status"
        ).fetchall()
    )
    open_records = sum(int(n) for n in counts.values())
    days_left = (upcoming - today).days
    passed_days = (today - previous).days
    recently_passed = passed_days <= RECENTLY_PASSED_DAYS
    deadline: dict[str, object] = {"date": upcoming.isoformat(), "days": days_left}
    if recently_passed:
        deadline.update(passed=previous.isoformat(), passed_days=passed_days)
    items = [
        TodoItem(
            "registration_deadline",
            days_left,
            deadline,
            urgent=open_records > 0 and (days_left <= 14 or recently_passed),
        )
    ]
    for kind, status in (
        ("not_confirmed", "draft"),
        ("returned", "returned"),
        ("not_reported", "confirmed"),
    ):
        count = int(counts.get(status, 0))
        if count:
            items.append(
                TodoItem(
                    kind,
                    count,
                    {"date": upcoming.isoformat()},
                    Target("students", {"report_status": status}),
                    urgent=days_left <= 14 or recently_passed,
                )
            )
    return items


# -- 休学 due back --------------------------------------------------------------------------------


def _leave_returns(session: Session) -> list[tuple[int, str]]:
    """(student id, expected return date) of every 休学 student, from the latest leave event."""
    rows = session.archive.db.conn.execute(
        "SELECT s.id, (SELECT sc.details FROM status_changes sc WHERE sc.student_id = s.id "
        "AND sc.kind = 'leave_of_absence' AND sc.revoked = 0 "
        "ORDER BY sc.effective_date DESC, sc.id DESC LIMIT 1) "
        "FROM students s WHERE s.voided = 0 AND s.status = 'on_leave' ORDER BY s.id"
    ).fetchall()
    out: list[tuple[int, str]] = []
    for sid, details in rows:
        try:
            due = json.loads(details or "{}").get("expected_return_date")
        except (ValueError, AttributeError):
            due = None
        out.append((int(sid), due if isinstance(due, str) else ""))
    return out


def leave_items(session: Session, *, today: datetime.date) -> list[TodoItem]:
    """休学 students whose expected return date has passed, and those due back within 30 days."""
    session.require(Permission.READ_RECORDS)
    check_today(today)
    soon_limit = (today + datetime.timedelta(days=LEAVE_NOTICE_DAYS)).isoformat()
    overdue: list[int] = []
    soon: list[int] = []
    for sid, due in _leave_returns(session):
        if not due:
            continue  # a leave recorded without a return date: nothing to count down to
        if due < today.isoformat():
            overdue.append(sid)
        elif due <= soon_limit:
            soon.append(sid)
    items = []
    if overdue:
        items.append(
            TodoItem("leave_overdue", len(overdue), {}, _ids_target(overdue, "leave_overdue"), True)
        )
    if soon:
        items.append(
            TodoItem(
                "leave_due_soon",
                len(soon),
                {"days": LEAVE_NOTICE_DAYS},
                _ids_target(soon, "leave_due_soon"),
            )
        )
    return items


# -- graduation ---------------------------------------------------------------------------------


def graduation_items(session: Session, *, today: datetime.date) -> list[TodoItem]:
    """在籍 students of classes graduating this year, from ``GRADUATION_NOTICE_DAYS`` before the
    graduation window to the leave day (urgent inside the window), and those past their year."""
    session.require(Permission.READ_RECORDS)
    check_today(today)
    calendar = calendar_settings.get_calendar(session)
    first, leave = calendar_settings.graduation_window(calendar, today.year)
    notice = first - datetime.timedelta(days=GRADUATION_NOTICE_DAYS)
    # A class's last year is past once its leave day has gone by.
    last_past_year = today.year if today > leave else today.year - 1
    rows = session.archive.db.conn.execute(
        "SELECT s.id, c.graduation_year, c.id FROM students s "
        "JOIN class_groups c ON c.id = s.class_group_id "
        "WHERE s.voided = 0 AND s.status = 'enrolled' AND c.graduation_year IS NOT NULL "
        "AND c.graduation_year <= ? ORDER BY s.id",
        (today.year,),
    ).fetchall()
    in_notice = notice <= today <= leave
    due = [(int(sid), int(cid)) for sid, year, cid in rows if in_notice and year == today.year]
    late = [(int(sid), int(cid)) for sid, year, cid in rows if year <= last_past_year]
    items = []
    if due:
        classes = sorted({cid for _, cid in due})
        target = (
            Target("students", {"class_id": classes[0], "status": "enrolled"})
            if len(classes) == 1
            else _ids_target([sid for sid, _ in due], "graduation_due")
        )
        items.append(
            TodoItem(
                "graduation_due",
                len(due),
                {
                    "year": today.year,
                    "classes": len(classes),
                    "from": first.isoformat(),
                    "until": leave.isoformat(),
                },
                target,
                urgent=today >= first,
            )
        )
    if late:
        items.append(
            TodoItem(
                "graduation_overdue",
                len(late),
                {"classes": len({cid for _, cid in late})},
                _ids_target([sid for sid, _ in late], "graduation_overdue"),
                urgent=True,
            )
        )
    return items


# -- the archive room: loans, receipts, dispatch, destinations, aid lists -----------------------


def loan_items(session: Session, *, today: datetime.date) -> list[TodoItem]:
    """Paper files lent and not back by their due date."""
    session.require(Permission.READ_RECORDS)
    check_today(today)
    from xueji_desktop.services import file_loans  # the loan register (issue 8, section B)

    loans = file_loans.overdue_loans(session, today=today)
    if not loans:
        return []
    params: dict[str, object] = {"oldest_due": loans[0].due_on}
    target = Target("paper_files", {"view": "loans"})
    return [TodoItem("loans_overdue", len(loans), params, target, urgent=True)]


def dispatch_items(session: Session, *, today: datetime.date) -> list[TodoItem]:
    """Dispatched files whose receipt (回执) is late, and files of students who have left that
    are neither dispatched nor kept."""
    session.require(Permission.READ_RECORDS)
    check_today(today)
    from xueji_desktop.services import file_dispatch  # the dispatch register (section B)

    items = []
    late = file_dispatch.receipts_overdue(session, today=today)
    if late:
        wait = calendar_settings.get_calendar(session).receipt_wait_days
        target = Target("paper_files", {"view": "receipts"})
        items.append(TodoItem("receipts_missing", len(late), {"days": wait}, target))
    waiting = file_dispatch.dispatch_due(session)
    if waiting:
        target = Target("paper_files", {"view": "dispatch_due"})
        items.append(TodoItem("dispatch_due", len(waiting), {}, target))
    return items


def destination_items(session: Session, *, today: datetime.date) -> list[TodoItem]:
    """Students who graduated in the last twelve months with no 毕业去向 recorded."""
    session.require(Permission.READ_RECORDS)
    check_today(today)
    since = (today - datetime.timedelta(days=DESTINATION_MONTHS_DAYS)).isoformat()
    rows = session.archive.db.conn.execute(
        "SELECT s.id FROM students s WHERE s.voided = 0 AND s.status = 'graduated' "
        "AND NOT EXISTS (SELECT 1 FROM destinations d WHERE d.student_id = s.id) "
        "AND EXISTS (SELECT 1 FROM status_changes sc WHERE sc.student_id = s.id "
        "AND sc.kind = 'graduation' AND sc.revoked = 0 "
        "AND sc.effective_date > ? AND sc.effective_date <= ?) ORDER BY s.id",
        (since, today.isoformat()),
    ).fetchall()
    ids = [int(r[0]) for r in rows]
    if not ids:
        return []
    return [
        TodoItem("destinations_missing", len(ids), {}, _ids_target(ids, "destinations_missing"))
    ]


def aid_items(session: Session, *, today: datetime.date) -> list[TodoItem]:
    """Aid reporting dates of the calendar from two weeks ahead to a week past, nearest first.

    One item: ``count`` is how many dates, ``params["dates"]`` each name, date and days left
    (negative once passed)."""
    session.require(Permission.READ_RECORDS)
    check_today(today)
    near = calendar_settings.aid_dates_near(calendar_settings.get_calendar(session), today)
    if not near:
        return []
    dates = [
        {"name": aid.name, "date": day.isoformat(), "days": (day - today).days} for aid, day in near
    ]
    urgent = any((day - today).days <= 3 for _, day in near)  # three days left, or passed
    return [TodoItem("aid_lists_due", len(dates), {"dates": dates}, Target("calendar"), urgent)]


# -- all the quick items, then the data-health check ---------------------------------------------

FAST_SOURCES: list[Callable[..., list[TodoItem]]] = [
    registration_items,
    leave_items,
    graduation_items,
    loan_items,
    dispatch_items,
    destination_items,
    aid_items,
]


def quick_items(session: Session, *, today: datetime.date) -> list[TodoItem]:
    """Every fast item (a few indexed queries each), in the order the start page shows them."""
    session.require(Permission.READ_RECORDS)
    check_today(today)
    items: list[TodoItem] = []
    for source in FAST_SOURCES:
        items.extend(source(session, today=today))
    return items


def health_items(
    session: Session,
    *,
    today: datetime.date,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[list[TodoItem], bool]:
    """Data-health findings counted by kind (seconds on a large archive: run it after the rest).

    Returns (items, complete); ``complete`` is False when ``cancelled()`` stopped the check.
    Kinds the fast items already show (``HEALTH_SKIPPED``) are left out.
    """
    session.require(Permission.READ_RECORDS)
    check_today(today)
    report = health_report(session, today=today, progress=progress, cancelled=cancelled)
    by_kind: dict[str, set[int]] = {}
    for finding in report.findings:
        if finding.kind not in HEALTH_SKIPPED:
            by_kind.setdefault(finding.kind, set()).add(finding.student_id)
    items = [
        TodoItem(
            "health",
            len(ids),
            {"finding": kind, "findings": report.counts.get(kind, 0)},
            _ids_target(sorted(ids), f"health:{kind}"),
        )
        for kind, ids in by_kind.items()
    ]
    return items, report.complete


def _ids_target(ids: list[int], caption: str) -> Target | None:
    """Open exactly these students; ``caption`` is the item's kind (the UI words it).

    A list longer than ``_LARGE_LIST`` is not passed around: the item then opens nothing and the
    clerk uses the student list's filters (the count is still shown).
    """
    if len(ids) > _LARGE_LIST:
        return None
    return Target("students", {"student_ids": list(ids), "caption": caption})
