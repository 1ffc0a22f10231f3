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
from xueji_desktop.services.context import Session
from xueji_desktop.services.health import health_report

__all__ = [
    "DEADLINES",
    "FAST_SOURCES",
    "HEALTH_SKIPPED",
    "LEAVE_NOTICE_DAYS",
    "RECENTLY_PASSED_DAYS",
    "Target",
    "TodoItem",
    "graduation_items",
    "health_items",
    "leave_items",
    "quick_items",
    "registration_deadline",
    "registration_items",
]

# Registration with the national system (全国中等职业学校学生管理信息系统): the autumn intake is
# registered by 20 November, the spring intake by 20 April (month, day).
DEADLINES: tuple[tuple[int, int], ...] = ((4, 20), (11, 20))
RECENTLY_PASSED_DAYS = 28  # a deadline passed less than four weeks ago is still worth saying
LEAVE_NOTICE_DAYS = 30  # 休学 students due back within this many days are listed
# The archive knows the graduation year (届) of each class, not the day: the final term's reminders
# run from 1 March to 31 August of that year; after it, students still 在籍 are overdue.
GRADUATION_WINDOW = ((3, 1), (8, 31))
# Health finding kinds already shown by the fast items (leave due back, registration counts).
HEALTH_SKIPPED = frozenset({"leave_overdue", "not_approved"})
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


def registration_deadline(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """(the next deadline on or after ``today``, the last one before ``today``)."""
    dates = sorted(
        datetime.date(year, month, day)
        for year in (today.year - 1, today.year, today.year + 1)
        for month, day in DEADLINES
    )
    upcoming = next(d for d in dates if d >= today)
    previous = max(d for d in dates if d < today)
    return upcoming, previous


def registration_items(session: Session, *, today: datetime.date) -> list[TodoItem]:
    """Days to the registration deadline, and the records not yet confirmed or reported."""
    session.require(Permission.READ_RECORDS)
    upcoming, previous = registration_deadline(today)
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
    """在籍 students of classes graduating this year (in the window), and those past their year."""
    session.require(Permission.READ_RECORDS)
    (start_m, start_d), (end_m, end_d) = GRADUATION_WINDOW
    in_window = (
        datetime.date(today.year, start_m, start_d)
        <= today
        <= datetime.date(today.year, end_m, end_d)
    )
    # A class's last year is past once its window has closed (from 1 September of that year).
    last_past_year = (
        today.year if today > datetime.date(today.year, end_m, end_d) else today.year - 1
    )
    rows = session.archive.db.conn.execute(
        "SELECT s.id, c.graduation_year, c.id FROM students s "
        "JOIN class_groups c ON c.id = s.class_group_id "
        "WHERE s.voided = 0 AND s.status = 'enrolled' AND c.graduation_year IS NOT NULL "
        "AND c.graduation_year <= ? ORDER BY s.id",
        (today.year,),
    ).fetchall()
    due = [(int(sid), int(cid)) for sid, year, cid in rows if in_window and year == today.year]
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
                    "until": f"{today.year}-{end_m:02d}-{end_d:02d}",
                },
                target,
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


# -- all the quick items, then the data-health check ---------------------------------------------

FAST_SOURCES: list[Callable[..., list[TodoItem]]] = [
    registration_items,
    leave_items,
    graduation_items,
]


def quick_items(session: Session, *, today: datetime.date) -> list[TodoItem]:
    """Every fast item (a few indexed queries each), in the order the start page shows them."""
    session.require(Permission.READ_RECORDS)
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
