"""The demo school's calendar and courses: two terms per school year (the spring term after 春节)
and the public basic, professional and internship courses of every major (names in
core/demo_names.py). Pure and deterministic.
"""

from __future__ import annotations

import datetime

from xueji_desktop.core import demo_names as dn
from xueji_desktop.core.demo_types import DemoCourse, DemoTerm

__all__ = ["make_courses", "make_terms"]

Date = datetime.date
_DAY = datetime.timedelta(days=1)
# 春节 of the years a demo may cover: the spring term starts about two weeks after it.
_SPRING_FESTIVAL = {
    2019: Date(2019, 2, 5), 2020: Date(2020, 1, 25), 2021: Date(2021, 2, 12),
    2022: Date(2022, 2, 1), 2023: Date(2023, 1, 22), 2024: Date(2024, 2, 10),
    2025: Date(2025, 1, 29), 2026: Date(2026, 2, 17), 2027: Date(2027, 2, 6),
    2028: Date(2028, 1, 26), 2029: Date(2029, 2, 13), 2030: Date(2030, 2, 3),
}  # fmt: skip
_SEMESTER_ZH = {1: "第一学期", 2: "第二学期"}


def _weekday_on_or_before(day: Date, weekday: int) -> Date:
    return day - (day.weekday() - weekday) % 7 * _DAY


def make_terms(first_year: int, last_year: int) -> tuple[DemoTerm, ...]:
    """Two terms per school year: 1 September to mid-January, after 春节 to early July."""
    terms: list[DemoTerm] = []
    for y in range(first_year, last_year + 1):
        festival = _SPRING_FESTIVAL.get(y + 1, Date(y + 1, 2, 5))
        winter = min(Date(y + 1, 1, 20), festival - 10 * _DAY)
        spring = festival + 13 * _DAY  # after 元宵
        spring += (7 - spring.weekday()) % 7 * _DAY  # a Monday
        dates = (
            (Date(y, 9, 1), _weekday_on_or_before(winter, 4)),
            (spring, _weekday_on_or_before(Date(y + 1, 7, 5), 4)),
        )
        for semester, (start, end) in enumerate(dates, start=1):
            name = f"{y}—{y + 1}学年{_SEMESTER_ZH[semester]}"
            terms.append(DemoTerm(f"{y}-{y + 1}-{semester}", name, y, semester, start, end))
    return tuple(terms)


def make_courses(major_codes: tuple[str, ...]) -> tuple[DemoCourse, ...]:
    courses = [
        DemoCourse(code, name, "public_basic", credits, hours, None, terms, by_label)
        for code, name, credits, hours, terms, by_label in dn.PUBLIC_COURSES
    ]
    for major in major_codes:
        names = dn.PROFESSIONAL_COURSES.get(major, ())
        for n, (name, term, credits) in enumerate(
            zip(names, dn.PROFESSIONAL_TERMS, dn.PROFESSIONAL_CREDITS, strict=False), start=1
        ):
            hours = int(credits * 18)
            courses.append(
                DemoCourse(f"{major}-{n:02d}", name, "professional", credits, hours, major, (term,))
            )
    code, name, credits, hours = dn.INTERNSHIP_COURSE
    courses.append(DemoCourse(code, name, "internship", credits, hours, None, (6,), True))
    return tuple(courses)
