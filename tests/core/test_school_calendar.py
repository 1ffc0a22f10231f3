"""Working days and the national deadlines (issue 8 groundwork): examples and properties."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xueji_desktop.core.school_calendar import (
    DayRules,
    add_working_days,
    is_working_day,
    registration_deadline,
    working_days_before,
    working_days_between,
)

D = datetime.date

# A made-up rest schedule in the State Council's shape (not a real year's): a week of holidays
# around 1 October with two weekend days worked instead.
GOLDEN_WEEK = DayRules(
    holidays=frozenset(D(2030, 10, d) for d in range(1, 8)),
    workdays=frozenset({D(2030, 9, 29), D(2030, 10, 12)}),
)


def test_weekends_rest_and_the_calendar_overrides() -> None:
    assert is_working_day(D(2030, 9, 27))  # a Friday
    assert not is_working_day(D(2030, 9, 28))  # a Saturday
    assert not is_working_day(D(2030, 10, 2), GOLDEN_WEEK)  # a Wednesday holiday
    assert is_working_day(D(2030, 9, 29), GOLDEN_WEEK)  # a Sunday worked (调休)


def test_twenty_working_days_of_entry() -> None:
    # Entry on Monday 2 September 2030: four full weeks later, Monday 30 September.
    assert add_working_days(D(2030, 9, 2), 20) == D(2030, 9, 30)
    # The worked Sunday 29 September counts; the holiday week does not.
    assert add_working_days(D(2030, 9, 2), 20, GOLDEN_WEEK) == D(2030, 9, 29)
    assert add_working_days(D(2030, 9, 2), 25) == D(2030, 10, 7)
    assert add_working_days(D(2030, 9, 2), 25, GOLDEN_WEEK) == D(2030, 10, 11)


def test_the_graduation_window() -> None:
    leave = D(2031, 7, 1)  # a Tuesday
    start = working_days_before(leave, 20)
    assert start == D(2031, 6, 3)
    assert working_days_between(start, leave) == 20


def test_registration_deadlines() -> None:
    assert registration_deadline(2026, "autumn") == D(2026, 11, 20)
    assert registration_deadline(2027, "spring") == D(2027, 4, 20)
    with pytest.raises(ValueError):
        registration_deadline(2026, "summer")


def test_bad_counts_and_a_calendar_without_working_days_are_refused() -> None:
    with pytest.raises(ValueError):
        add_working_days(D(2030, 1, 1), 0)
    with pytest.raises(ValueError):
        working_days_before(D(2030, 1, 1), -3)
    start = D(2030, 1, 1)
    never = DayRules(holidays=frozenset(start + datetime.timedelta(days=n) for n in range(4000)))
    with pytest.raises(ValueError):
        add_working_days(start, 1, never)


days = st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31))
rules = st.builds(
    DayRules,
    holidays=st.frozensets(
        st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31)), max_size=30
    ),
    workdays=st.frozensets(
        st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31)), max_size=10
    ),
)


@settings(max_examples=200, deadline=None)
@given(days, st.integers(min_value=1, max_value=40), rules)
def test_properties_of_counting(day: D, count: int, calendar: DayRules) -> None:
    after = add_working_days(day, count, calendar)
    assert is_working_day(after, calendar)
    assert (
        working_days_between(
            day + datetime.timedelta(days=1), after + datetime.timedelta(days=1), calendar
        )
        == count
    )
    before = working_days_before(day, count, calendar)
    assert is_working_day(before, calendar)
    assert working_days_between(before, day, calendar) == count
