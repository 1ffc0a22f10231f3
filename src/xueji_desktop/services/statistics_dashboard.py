"""The statistics page's opening view (issue 9 §1): every table it shows at once, and the
data-health counts as a table.

``dashboard`` asks SQLite for one GROUP BY over every dimension (``statistics._cube``) and sums
that up for each count table and for the retention; the 学籍异动 per term and the graduate
outcomes are one GROUP BY each. On 100,000 students the whole call stays well under the 2 s goal
(benchmarks/dashboard.py has the figures). The class and grade tables are separate calls.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from xueji_desktop.core.errors import ValidationError
from xueji_desktop.core.roles import Permission
from xueji_desktop.messages_records import FINDING_TITLES
from xueji_desktop.services.context import Session
from xueji_desktop.services.health import KINDS, health_report
from xueji_desktop.services.statistics import (
    NO_FILTER,
    StatFilter,
    StatRow,
    StatTable,
    _changes_table,
    _check_date,
    _check_filter,
    _cube,
    _rollup,
)
from xueji_desktop.services.statistics_rates import (
    _latest_graduation_year,
    _outcomes_table,
    _retention_table,
)

__all__ = ["Dashboard", "dashboard", "health_counts"]


@dataclass(frozen=True, slots=True)
class Dashboard:
    """The tables the statistics page shows when it opens (all under the same filters)."""

    by_status: StatTable
    by_intake: StatTable
    by_major: StatTable
    by_gender: StatTable
    by_ethnicity: StatTable
    by_hukou: StatTable
    by_origin: StatTable
    changes_per_term: StatTable  # not "as of": the whole history (filters: current records)
    retention: StatTable  # per intake, statuses as of ``as_of`` (today's when None)
    outcomes: StatTable  # graduates of ``graduation_year`` per major
    as_of: datetime.date | None  # None = the archive as it is now
    student_total: int  # students counted in the count tables
    graduation_year: int | None  # the year ``outcomes`` is about; None: no graduate at all


def dashboard(
    session: Session,
    *,
    filters: StatFilter = NO_FILTER,
    as_of: datetime.date | None = None,
    graduation_year: int | None = None,
) -> Dashboard:
    """Every opening table of the statistics page, counted under ``filters``.

    ``as_of`` counts statuses as they stood that day (count tables and retention);
    ``graduation_year`` defaults to the latest year in which a student graduated."""
    session.require(Permission.READ_RECORDS)
    filters = _check_filter(filters)
    if as_of is not None:
        _check_date(as_of, "as_of")
    if graduation_year is not None and (
        isinstance(graduation_year, bool) or not isinstance(graduation_year, int)
    ):
        raise ValidationError(field="graduation_year", reason="invalid")
    conn = session.archive.db.conn
    cube = _cube(conn, filters, as_of)
    tables = {
        by: _rollup(conn, cube, by, filters)
        for by in (
            "status",
            "intake_year",
            "major",
            "gender",
            "ethnicity",
            "hukou_type",
            "origin_region",
        )
    }
    # Retention counts every status (kept, lost, deceased); the status filter would skew it.
    plain = StatFilter(filters.intake_year, filters.major_code, filters.class_group_id)
    retention_cube = cube if not filters.statuses else _cube(conn, plain, as_of)
    year = graduation_year if graduation_year is not None else _latest_graduation_year(conn, plain)
    outcomes = _outcomes_table(conn, year if year is not None else 0, plain)
    total = tables["status"].totals[0]
    return Dashboard(
        by_status=tables["status"],
        by_intake=tables["intake_year"],
        by_major=tables["major"],
        by_gender=tables["gender"],
        by_ethnicity=tables["ethnicity"],
        by_hukou=tables["hukou_type"],
        by_origin=tables["origin_region"],
        changes_per_term=_changes_table(conn, filters),
        retention=_retention_table(retention_cube),
        outcomes=outcomes,
        as_of=as_of,
        student_total=int(total or 0),
        graduation_year=year,
    )


def health_counts(session: Session, *, today: datetime.date | None = None) -> StatTable:
    """Per data-health finding kind (``health.KINDS``, zeros included): how many students have
    at least one such finding. ``today`` as for ``health.health_report`` (None: the clock's
    day, the report's own default). Runs the whole report: seconds on 100,000 students."""
    session.require(Permission.READ_RECORDS)
    report = health_report(session, today=today)
    students: dict[str, set[int]] = defaultdict(set)
    for finding in report.findings:
        students[finding.kind].add(finding.student_id)
    rows = tuple(
        StatRow(kind, *FINDING_TITLES.get(kind, (kind, kind)), (len(students[kind]),))
        for kind in KINDS
    )
    everyone = set().union(*students.values()) if students else set()
    return StatTable("health_counts", ("count",), rows, (len(everyone),))
