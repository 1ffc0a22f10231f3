"""Working days and the national 学籍 deadlines, as pure functions (issue 8 groundwork).

The national rules count in working days (domain.md §"Deadlines"): the e-record is created
within 20 working days of entry, and 毕业手续 are done within the 20 working days before
graduates leave. China's working days are Monday to Friday except the statutory holidays,
plus the weekend days the State Council's yearly schedule turns into working days (调休). That
schedule is published each winter for the next year and cannot be computed: the school's
calendar holds it as data (``DayRules``), editable, and without it only weekends are rest days.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

__all__ = [
    "AUTUMN_DEADLINE",
    "SPRING_DEADLINE",
    "DayRules",
    "add_working_days",
    "is_working_day",
    "registration_deadline",
    "working_days_before",
    "working_days_between",
]

Date = datetime.date
_ONE = datetime.timedelta(days=1)
# 新生学籍电子注册 deadlines (month, day), domain.md VERIFIED: the one source of these dates.
AUTUMN_DEADLINE = (11, 20)
SPRING_DEADLINE = (4, 20)
MAX_SPAN = 3660  # days: no rule asks for more than a few weeks; a bad table must not loop forever


@dataclass(frozen=True)
class DayRules:
    """Rest days beyond weekends (statutory holidays) and weekend days that are working days
    (调休), as the school's calendar records them."""

    holidays: frozenset[Date] = field(default_factory=frozenset)
    workdays: frozenset[Date] = field(default_factory=frozenset)


def is_working_day(day: Date, rules: DayRules = DayRules()) -> bool:
    if day in rules.workdays:
        return True
    return day.weekday() < 5 and day not in rules.holidays


def add_working_days(start: Date, count: int, rules: DayRules = DayRules()) -> Date:
    """The ``count``-th working day after ``start`` (``start`` itself not counted): the last
    day of "within ``count`` working days of ``start``"."""
    if count < 1:
        raise ValueError("count must be at least 1")
    day, seen = start, 0
    for _ in range(MAX_SPAN):
        day += _ONE
        if is_working_day(day, rules):
            seen += 1
            if seen == count:
                return day
    raise ValueError("no such working day within ten years: check the calendar's rest days")


def working_days_before(end: Date, count: int, rules: DayRules = DayRules()) -> Date:
    """The first day of the ``count`` working days before ``end`` (``end`` not counted): "within
    the 20 working days before graduates leave" runs from this day to the day before ``end``."""
    if count < 1:
        raise ValueError("count must be at least 1")
    day, seen = end, 0
    for _ in range(MAX_SPAN):
        day -= _ONE
        if is_working_day(day, rules):
            seen += 1
            if seen == count:
                return day
    raise ValueError("no such working day within ten years: check the calendar's rest days")


def working_days_between(start: Date, end: Date, rules: DayRules = DayRules()) -> int:
    """How many working days lie in ``[start, end)``."""
    if end <= start:
        return 0
    if (end - start).days > MAX_SPAN:
        raise ValueError("span too long")
    return sum(1 for n in range((end - start).days) if is_working_day(start + n * _ONE, rules))


def registration_deadline(year: int, season: str) -> Date:
    """新生学籍电子注册 deadline of an intake: 11月20日 for the autumn intake, 4月20日 for the
    spring intake of that calendar year (domain.md, VERIFIED)."""
    if season == "autumn":
        return datetime.date(year, *AUTUMN_DEADLINE)
    if season == "spring":
        return datetime.date(year, *SPRING_DEADLINE)
    raise ValueError(f"unknown intake season {season!r}")
