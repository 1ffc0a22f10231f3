"""The calendar page's service calls (run on the session's worker, no widgets): loading and
saving the calendar, adding and changing a term; and the plain-text form of its rest-day lists.

The rest days are typed or pasted as text — the State Council's schedule arrives as a notice
to copy from — one date or one range a line: ``2026-10-01``, ``2026/10/1``, ``2026年10月1日``,
``2026-10-01 ~ 2026-10-07`` (also ``至`` / ``到``). The parsing here only turns text into
dates; whether the dates make a usable calendar is the service's check.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from xueji_desktop.services import calendar_settings, structure
from xueji_desktop.services.calendar_settings import SchoolCalendar
from xueji_desktop.services.context import Session
from xueji_desktop.services.records_common import Term

# A range covers at most 62 days, both ends counted (July and August: the longest school
# holiday); a longer one is a typing mistake (2026-05-01 ~ 2026-12-31), said as such. The
# service takes at most calendar_settings.MAX_REST_DAYS days per list.
MAX_RANGE_DAYS = 62

_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
_ONE = re.compile(rf"^{_DATE}$")
_RANGE = re.compile(rf"^{_DATE}\s*(?:~|～|至|到|—|--)\s*{_DATE}$")
_SPLIT = re.compile(r"[\n,，;；、]+")


@dataclass(frozen=True, slots=True)
class CalendarView:
    calendar: SchoolCalendar
    terms: tuple[Term, ...]
    window: tuple[datetime.date, datetime.date]  # this year's graduation window


def load(session: Session, today: datetime.date) -> CalendarView:
    calendar = calendar_settings.get_calendar(session)
    terms = tuple(structure.list_terms(session))
    return CalendarView(calendar, terms, calendar_settings.graduation_window(calendar, today.year))


def save(session: Session, calendar: SchoolCalendar, today: datetime.date) -> CalendarView:
    """Store the calendar (the service checks it) and read back what is now in force."""
    calendar_settings.set_calendar(session, calendar)
    return load(session, today)


def add_term(
    session: Session, code: str, start_date: str, end_date: str, name: str
) -> tuple[Term, tuple[Term, ...]]:
    """Record a new term (the service checks it): (it, the terms now recorded)."""
    term = structure.add_term(session, code, start_date, end_date, name=name)
    return term, tuple(structure.list_terms(session))


def edit_term(
    session: Session, term_id: int, name: str, start_date: str, end_date: str
) -> tuple[Term, tuple[Term, ...]]:
    """Change a term's name and dates (the service checks them): (it, the terms recorded)."""
    term = structure.edit_term(
        session, term_id, name=name, start_date=start_date, end_date=end_date
    )
    return term, tuple(structure.list_terms(session))


def _day(year: str, month: str, day: str) -> datetime.date:
    return datetime.date(int(year), int(month), int(day))


# Why a piece of the rest-day text was not taken (parse_days), each said its own way.
NOT_A_DATE = "not_a_date"
RANGE_TOO_LONG = "range_too_long"  # more than MAX_RANGE_DAYS days
RANGE_BACKWARDS = "range_backwards"  # ends before it begins


def parse_days(text: str) -> tuple[frozenset[datetime.date], list[tuple[int, str, str]]]:
    """(the dates, the pieces not taken: (line number, text, why: NOT_A_DATE, RANGE_TOO_LONG
    or RANGE_BACKWARDS))."""
    days: set[datetime.date] = set()
    bad: list[tuple[int, str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for piece in _SPLIT.split(line):
            piece = piece.strip()
            if not piece:
                continue
            why = NOT_A_DATE
            try:
                if (m := _ONE.match(piece)) is not None:
                    days.add(_day(*m.groups()))
                    continue
                if (m := _RANGE.match(piece)) is not None:
                    first, last = _day(*m.groups()[:3]), _day(*m.groups()[3:])
                    span = (last - first).days
                    if 0 <= span < MAX_RANGE_DAYS:  # span + 1 days
                        days.update(first + datetime.timedelta(n) for n in range(span + 1))
                        continue
                    why = RANGE_BACKWARDS if span < 0 else RANGE_TOO_LONG
            except ValueError:
                pass  # 2026-02-30: not a date
            bad.append((number, piece, why))
    return frozenset(days), bad


def format_days(days: frozenset[datetime.date]) -> str:
    """One line per run of consecutive days ("2026-10-01 ~ 2026-10-07"), oldest first."""
    lines: list[str] = []
    run: list[datetime.date] = []
    for day in sorted(days):
        # a run longer than a range may be is written as several (parse_days reads it back)
        if run and (day - run[-1] != datetime.timedelta(1) or len(run) >= MAX_RANGE_DAYS):
            lines.append(_run_text(run))
            run = []
        run.append(day)
    if run:
        lines.append(_run_text(run))
    return "\n".join(lines)


def _run_text(run: list[datetime.date]) -> str:
    if len(run) == 1:
        return run[0].isoformat()
    return f"{run[0].isoformat()} ~ {run[-1].isoformat()}"
