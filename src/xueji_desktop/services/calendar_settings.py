"""The school calendar (校历): deadlines, the day graduates leave, aid reporting dates, rest days,
and the archive room's loan period and receipt wait — one validated JSON setting.

Stored in table ``settings`` under ``school_calendar`` (docs/design/school-calendar.md). Terms are
not here: they are the ``terms`` table, edited with the courses and grades; ``calendar_events``
reads them beside this setting. A value that does not parse or does not pass the checks is never
used: the defaults are, and a warning naming only the exception type is logged. Keys missing
from a stored value (written by an older version) take their defaults.
"""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from typing import Any

from xueji_desktop.core.errors import RecordInvalid
from xueji_desktop.core.roles import Permission
from xueji_desktop.core.school_calendar import (
    AUTUMN_DEADLINE,
    SPRING_DEADLINE,
    DayRules,
    working_days_before,
)
from xueji_desktop.services import audit
from xueji_desktop.services.context import Session
from xueji_desktop.services.records_common import Checks
from xueji_desktop.services.settings_store import read_setting

__all__ = [
    "AID_NOTICE_DAYS",
    "AID_PASSED_DAYS",
    "DEFAULT_AID_DATES",
    "GRADUATION_WORKING_DAYS",
    "KEY",
    "AidDate",
    "CalendarEvent",
    "SchoolCalendar",
    "aid_dates_near",
    "calendar_events",
    "check_calendar",
    "day_rules",
    "decode",
    "encode",
    "get_calendar",
    "graduation_window",
    "registration_dates",
    "set_calendar",
]

log = logging.getLogger(__name__)

KEY = "school_calendar"
GRADUATION_WORKING_DAYS = 20  # 毕业手续 within the 20 working days before graduates leave
AID_NOTICE_DAYS = 14  # an aid reporting date is shown from two weeks ahead …
AID_PASSED_DAYS = 7  # … until a week after it passed
MAX_AID_DATES = 12
MAX_AID_NAME = 40
MAX_REST_DAYS = 400  # per list: a few years of a State Council schedule, not a diary
MAX_EVENT_SPAN = 3660  # days that calendar_events covers at most


@dataclass(frozen=True, slots=True)
class AidDate:
    name: str
    month: int
    day: int


# Assumptions, not national dates (school-calendar.md): provinces set when the term's aid lists
# (国家助学金 / 免学费 名单) are reported; the clerk enters the province's dates.
DEFAULT_AID_DATES: tuple[AidDate, ...] = (
    AidDate("春季学期资助名单上报", 4, 30),
    AidDate("秋季学期资助名单上报", 10, 31),
)


@dataclass(frozen=True, slots=True)
class SchoolCalendar:
    autumn_deadline: tuple[int, int] = AUTUMN_DEADLINE  # national: 新生学籍电子注册, autumn intake
    spring_deadline: tuple[int, int] = SPRING_DEADLINE  # national: spring intake
    leave_day: tuple[int, int] = (6, 30)  # the school's: when graduates leave
    aid_dates: tuple[AidDate, ...] = DEFAULT_AID_DATES
    holidays: frozenset[datetime.date] = field(default_factory=frozenset)
    workdays: frozenset[datetime.date] = field(default_factory=frozenset)
    loan_days: int = 30
    receipt_wait_days: int = 60


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    date: str  # ISO
    kind: str  # term_start, term_end, registration_deadline, graduation_window, leave_day,
    # aid_date, holiday, workday
    params: dict[str, object] = field(default_factory=dict)


# -- checks -----------------------------------------------------------------------------------


def _month_day(ck: Checks, name: str, value: object, line: int | None = None) -> tuple[int, int]:
    """A (month, day) that exists every year; Problems name the field and say what is wrong.
    A line of the aid dates (``line``, from 1) gets the ``calendar_aid_*`` codes, whose
    sentences say which line: with twelve lines the clerk must not have to hunt."""
    aid = line is not None
    where: dict[str, object] = {} if line is None else {"line": line}
    if (
        not isinstance(value, tuple | list)
        or len(value) != 2
        or any(isinstance(v, bool) or not isinstance(v, int) for v in value)
    ):
        if aid:
            ck.add(name, "calendar_aid_invalid", line=line)
        else:
            ck.add(name, "invalid_type", expected="month_day")
        return (1, 1)
    month, day = int(value[0]), int(value[1])
    if not 1 <= month <= 12:
        code = "calendar_aid_no_such_month" if aid else "calendar_no_such_month"
        ck.add(name, code, month=month, **where)
    elif (month, day) == (2, 29):
        ck.add(name, "calendar_aid_leap_day" if aid else "calendar_leap_day", **where)
    else:
        try:
            datetime.date(2001, month, day)  # any common year: 2月29日 is refused above
        except ValueError:
            code = "calendar_aid_no_such_day" if aid else "calendar_no_such_day"
            ck.add(name, code, month=month, day=day, **where)
    return (month, day)


def _days(ck: Checks, name: str, value: object) -> frozenset[datetime.date]:
    if not isinstance(value, frozenset | set | list | tuple):
        ck.add(name, "invalid_type", expected="dates")
        return frozenset()
    if len(value) > MAX_REST_DAYS:
        ck.add(name, "calendar_too_many_days", max=MAX_REST_DAYS)
        return frozenset()
    out = set()
    for day in value:
        if type(day) is not datetime.date:  # a datetime is a date too, but not a day
            ck.add(name, "invalid_type", expected="date")
        else:
            out.add(day)
    return frozenset(out)


def check_calendar(calendar: object) -> SchoolCalendar:
    """The calendar if every value is usable, else RecordInvalid with every problem at once."""
    ck = Checks()
    if not isinstance(calendar, SchoolCalendar):
        ck.add("school_calendar", "invalid_type", expected="calendar")
        ck.done()
    assert isinstance(calendar, SchoolCalendar)
    autumn = _month_day(ck, "autumn_deadline", calendar.autumn_deadline)
    spring = _month_day(ck, "spring_deadline", calendar.spring_deadline)
    leave = _month_day(ck, "leave_day", calendar.leave_day)
    aids = calendar.aid_dates
    if not isinstance(aids, tuple | list):
        ck.add("aid_dates", "invalid_type", expected="list")
        aids = ()
    elif len(aids) > MAX_AID_DATES:
        ck.add("aid_dates", "calendar_too_many_aid_dates", max=MAX_AID_DATES)
    seen: set[tuple[str, int, int]] = set()
    for line, aid in enumerate(aids, start=1):
        if not isinstance(aid, AidDate):
            ck.add("aid_dates", "calendar_aid_invalid", line=line)
            continue
        name = aid.name.strip() if isinstance(aid.name, str) else ""
        if not isinstance(aid.name, str) or not name:
            ck.add("aid_dates", "calendar_aid_name_required", line=line)
        elif len(name) > MAX_AID_NAME:
            ck.add("aid_dates", "calendar_aid_name_too_long", line=line, max_len=MAX_AID_NAME)
        month_day = _month_day(ck, "aid_dates", (aid.month, aid.day), line)
        if (name, *month_day) in seen:
            ck.add("aid_dates", "calendar_aid_duplicate", line=line)
        seen.add((name, *month_day))
    holidays = _days(ck, "holidays", calendar.holidays)
    workdays = _days(ck, "workdays", calendar.workdays)
    for day in sorted(holidays & workdays):
        ck.add("workdays", "calendar_day_in_both", date=day.isoformat())
    for day in sorted(workdays - holidays):
        if day.weekday() < 5:  # 调休 turns a Saturday or Sunday into a working day
            ck.add("workdays", "calendar_workday_not_weekend", date=day.isoformat())
    ck.integer("loan_days", calendar.loan_days, low=1, high=365)
    ck.integer("receipt_wait_days", calendar.receipt_wait_days, low=1, high=365)
    ck.done()
    return replace(
        calendar,
        autumn_deadline=autumn,
        spring_deadline=spring,
        leave_day=leave,
        aid_dates=tuple(AidDate(a.name.strip(), a.month, a.day) for a in aids),
        holidays=holidays,
        workdays=workdays,
    )


# -- the JSON setting ---------------------------------------------------------------------------


def encode(calendar: SchoolCalendar) -> str:
    """The stored text: sorted, stable, human-readable in a backup's settings table."""
    return json.dumps(
        {
            "version": 1,
            "autumn_deadline": list(calendar.autumn_deadline),
            "spring_deadline": list(calendar.spring_deadline),
            "leave_day": list(calendar.leave_day),
            "aid_dates": [[a.name, a.month, a.day] for a in calendar.aid_dates],
            "holidays": sorted(d.isoformat() for d in calendar.holidays),
            "workdays": sorted(d.isoformat() for d in calendar.workdays),
            "loan_days": calendar.loan_days,
            "receipt_wait_days": calendar.receipt_wait_days,
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def _iso_days(value: object) -> list[datetime.date]:
    if not isinstance(value, list):
        raise TypeError("dates")
    if len(value) > MAX_REST_DAYS:
        raise ValueError("too many")
    days = []
    for item in value:
        if not isinstance(item, str) or len(item) != 10:
            raise TypeError("date")
        days.append(datetime.date.fromisoformat(item))
    return days


def decode(text: str) -> SchoolCalendar:
    """The stored text back to a checked calendar; ValueError/TypeError/RecordInvalid if not."""
    data = json.loads(text)
    if not isinstance(data, dict):
        raise TypeError("not an object")
    base = SchoolCalendar()
    values: dict[str, Any] = {}
    for name in ("autumn_deadline", "spring_deadline", "leave_day"):
        if name in data:
            if not isinstance(data[name], list):
                raise TypeError(name)
            values[name] = tuple(data[name])
    if "aid_dates" in data:
        aids = data["aid_dates"]
        if not isinstance(aids, list) or not all(isinstance(a, list) and len(a) == 3 for a in aids):
            raise TypeError("aid_dates")
        values["aid_dates"] = tuple(AidDate(*a) for a in aids)
    for name in ("holidays", "workdays"):
        if name in data:
            values[name] = frozenset(_iso_days(data[name]))
    for name in ("loan_days", "receipt_wait_days"):
        if name in data:
            values[name] = data[name]
    return check_calendar(replace(base, **values))


def _read(session: Session) -> SchoolCalendar:
    text = read_setting(session.archive.db.conn, KEY, "")
    if not text:
        return SchoolCalendar()
    try:
        return decode(text)
    except (ValueError, TypeError, RecordInvalid, RecursionError) as exc:
        # Only the type: the value is the school's, but a log line is no place to copy it.
        log.warning("school calendar setting unusable (%s); using the defaults", type(exc).__name__)
        return SchoolCalendar()


def get_calendar(session: Session) -> SchoolCalendar:
    """The school's calendar; the defaults when none was saved or the saved one is damaged."""
    session.require(Permission.READ_RECORDS)
    return _read(session)


def set_calendar(session: Session, calendar: SchoolCalendar) -> None:
    """Check and store the calendar, audited ``school_calendar_set`` in the same transaction."""
    session.require(Permission.WRITE_RECORDS)
    checked = check_calendar(calendar)
    old = _read(session)
    changed = [
        f.name for f in fields(SchoolCalendar) if getattr(old, f.name) != getattr(checked, f.name)
    ]
    handle = session.archive
    with handle.db.atomic() as conn:
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (KEY, encode(checked)),
        )
        # Dates and periods of the school, no personal data; rest days as counts.
        audit.record(handle, session.username, "school_calendar_set", target_type="settings",
                     target_id=KEY, details={
                         "changed": changed,
                         "loan_days": checked.loan_days,
                         "receipt_wait_days": checked.receipt_wait_days,
                         "holidays": len(checked.holidays),
                         "workdays": len(checked.workdays),
                         "aid_dates": len(checked.aid_dates),
                     })  # fmt: skip


# -- dates the reminders use --------------------------------------------------------------------


def day_rules(calendar: SchoolCalendar) -> DayRules:
    return DayRules(holidays=calendar.holidays, workdays=calendar.workdays)


def graduation_window(calendar: SchoolCalendar, year: int) -> tuple[datetime.date, datetime.date]:
    """(the first of the 20 working days before graduates leave, the leave day) of ``year``."""
    leave = datetime.date(year, *calendar.leave_day)
    return working_days_before(leave, GRADUATION_WORKING_DAYS, day_rules(calendar)), leave


def registration_dates(calendar: SchoolCalendar) -> tuple[tuple[int, int], ...]:
    """The registration deadlines (month, day), spring first."""
    return (calendar.spring_deadline, calendar.autumn_deadline)


def aid_dates_near(
    calendar: SchoolCalendar, today: datetime.date
) -> list[tuple[AidDate, datetime.date]]:
    """Aid reporting dates from ``AID_NOTICE_DAYS`` ahead to ``AID_PASSED_DAYS`` past, nearest
    first; a date is taken in the year that puts it closest to ``today``."""
    near = []
    for aid in calendar.aid_dates:
        for year in (today.year - 1, today.year, today.year + 1):
            day = datetime.date(year, aid.month, aid.day)
            if -AID_PASSED_DAYS <= (day - today).days <= AID_NOTICE_DAYS:
                near.append((aid, day))
    return sorted(near, key=lambda pair: (pair[1], pair[0].name))


def _yearly(
    start: datetime.date, end: datetime.date, month_day: tuple[int, int]
) -> Iterable[datetime.date]:
    for year in range(start.year, end.year + 1):
        day = datetime.date(year, *month_day)
        if start <= day <= end:
            yield day


def calendar_events(
    session: Session, *, start: datetime.date, end: datetime.date
) -> list[CalendarEvent]:
    """Everything the calendar dates in ``[start, end]``, by date: terms (from the terms table),
    deadlines, graduation windows, aid dates and rest days."""
    session.require(Permission.READ_RECORDS)
    ck = Checks()
    for name, value in (("start", start), ("end", end)):
        if not isinstance(value, datetime.date):
            ck.add(name, "invalid_type", expected="date")
    ck.done()
    if (end - start).days > MAX_EVENT_SPAN:
        ck.add("end", "calendar_span_too_long", max=MAX_EVENT_SPAN)
        ck.done()
    cal = _read(session)
    events: list[CalendarEvent] = []
    first, last = start.isoformat(), end.isoformat()
    for code, name, begins, ends in session.archive.db.conn.execute(
        "SELECT code, name, start_date, end_date FROM terms WHERE start_date <= ? AND end_date >= ?"
        " ORDER BY start_date",
        (last, first),
    ):
        for kind, day in (("term_start", begins), ("term_end", ends)):
            if first <= str(day) <= last:
                events.append(CalendarEvent(str(day), kind, {"term": str(code), "name": str(name)}))
    for season, month_day in (("spring", cal.spring_deadline), ("autumn", cal.autumn_deadline)):
        for day in _yearly(start, end, month_day):
            events.append(
                CalendarEvent(day.isoformat(), "registration_deadline", {"season": season})
            )
    for year in range(start.year, end.year + 2):  # a window may begin in the range, end after
        window_start, leave = graduation_window(cal, year)
        if start <= window_start <= end:
            events.append(CalendarEvent(window_start.isoformat(), "graduation_window",
                                        {"leave_day": leave.isoformat()}))  # fmt: skip
        if start <= leave <= end:
            events.append(CalendarEvent(leave.isoformat(), "leave_day", {}))
    for aid in cal.aid_dates:
        for day in _yearly(start, end, (aid.month, aid.day)):
            events.append(CalendarEvent(day.isoformat(), "aid_date", {"name": aid.name}))
    for kind, days in (("holiday", cal.holidays), ("workday", cal.workdays)):
        events.extend(CalendarEvent(d.isoformat(), kind, {}) for d in days if start <= d <= end)
    return sorted(events, key=lambda e: (e.date, e.kind))
