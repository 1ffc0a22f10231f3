"""The statistics page's service calls, run on the session's worker (no widgets here).

One small function per user action: open the page (the choices for the filters), count the
dashboard, the on-demand tables (by class, grade distribution, the 教育事业统计 returns, work
statistics, the day's work log, data-health counts), and write a table set to Excel or PDF.
The numbers are the services' (services/statistics*.py, work_stats.py); nothing is counted here.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from xueji_desktop.core.roles import Permission, allowed
from xueji_desktop.services import (
    statistics,
    statistics_dashboard,
    statistics_export,
    statistics_grades,
    statistics_print,
    statistics_returns,
    structure,
    users,
    work_stats,
)
from xueji_desktop.services.context import Session
from xueji_desktop.services.courses import list_courses
from xueji_desktop.services.records_common import Course, Term
from xueji_desktop.services.statistics import StatFilter, StatTable
from xueji_desktop.services.statistics_dashboard import Dashboard
from xueji_desktop.services.structure import ClassGroup, Major
from xueji_desktop.services.work_stats import WorkLog

Labels = Mapping[str, tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Choices:
    """What the filters and pickers offer: read once when the page opens."""

    majors: tuple[Major, ...]
    classes: tuple[ClassGroup, ...]
    terms: tuple[Term, ...]
    courses: tuple[Course, ...]
    intake_years: tuple[int, ...]  # newest first
    users: tuple[str, ...]  # for an admin's choice of work log; empty for everyone else


def load_choices(session: Session) -> Choices:
    majors = tuple(structure.list_majors(session))
    classes = tuple(structure.list_class_groups(session))
    terms = tuple(structure.list_terms(session))
    courses = tuple(list_courses(session))
    years = tuple(sorted({c.intake_year for c in classes}, reverse=True))
    names: tuple[str, ...] = ()
    if allowed(session.roles, Permission.MANAGE_USERS):
        names = tuple(u.username for u in users.list_users(session))
    return Choices(majors, classes, terms, courses, years, names)


def load_dashboard(
    session: Session,
    filters: StatFilter,
    as_of: datetime.date | None,
    graduation_year: int | None,
) -> Dashboard:
    return statistics_dashboard.dashboard(
        session, filters=filters, as_of=as_of, graduation_year=graduation_year
    )


def class_counts(session: Session, filters: StatFilter, as_of: datetime.date | None) -> StatTable:
    return statistics.counts(session, by="class_group", filters=filters, as_of=as_of)


def health_counts(session: Session, today: datetime.date) -> StatTable:
    return statistics_dashboard.health_counts(session, today=today)


def grade_distribution(
    session: Session, by: str, term_id: int | None, course_id: int | None, filters: StatFilter
) -> StatTable:
    return statistics_grades.grade_distribution(
        session, by=by, term_id=term_id, course_id=course_id, filters=filters
    )


def education_returns(session: Session, school_year: int, as_of: datetime.date) -> list[StatTable]:
    return list(statistics_returns.education_returns(session, school_year=school_year, as_of=as_of))


def work_statistics(session: Session, since: datetime.date, until: datetime.date) -> StatTable:
    return work_stats.work_statistics(session, since=since, until=until)


def work_log(session: Session, day: datetime.date, user: str | None) -> WorkLog:
    return work_stats.work_log(session, day=day, user=user)


def export_tables(
    session: Session,
    tables: Sequence[StatTable],
    out: Path,
    lang: str,
    heading: str,
    note: str,
    labels: Labels,
) -> Path:
    """The tables as one workbook (a sheet each); the file dialog has asked about replacing."""
    return statistics_export.export_tables(
        session, tables, out, lang=lang, heading=heading, note=note, labels=labels,
        overwrite=True,
    )  # fmt: skip


def print_tables(
    session: Session,
    tables: Sequence[StatTable],
    out: Path,
    lang: str,
    heading: str,
    note: str,
    labels: Labels,
) -> Path:
    return statistics_print.print_tables(
        session, tables, out, lang=lang, heading=heading, note=note, labels=labels,
        overwrite=True,
    )  # fmt: skip


def print_work_log(session: Session, log: WorkLog, out: Path, lang: str) -> Path:
    return statistics_print.print_work_log(session, log, out, lang=lang, overwrite=True)
