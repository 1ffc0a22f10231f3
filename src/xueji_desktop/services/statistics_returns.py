"""教育事业统计 returns for a 中职 school (issue 9 §1): the school-year tables the school files
with the education bureau, counted from the archive. Layout and assumptions:
docs/design/statistics.md, "教育事业统计 returns".

In short: ``as_of`` is the report's reference day (统计时点) in the school year ``school_year``
(Y = the Y—Y+1 学年, 1 August Y to 31 July Y+1); the year the return covers is the year up to it,
(as_of − 1 year, as_of]. 在校生 = status 在籍 on the day (休学 students are out of the count: the
form lists 休学 as a decrease and 复学 as an increase). Each student's status at the start and at
the end of the year is taken from the 学籍异动 history (statistics.py's "as of" rule); a student
who went from 在籍 to another status is one decrease for the status reached, one who became 在籍
is one increase (招生 when the student entered the school in the year, 转入 when the record came
by a transfer, 复学 from 休学, else 其他). So start + increases − decreases = end exactly. Rows
are the current major of each student.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict

from xueji_desktop.core.errors import RecordInvalid
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission
from xueji_desktop.services.context import Session
from xueji_desktop.services.statistics import (
    _AS_OF_SQL,
    _INTAKE_SQL,
    _STATUS_AS_OF,
    UNKNOWN,
    StatRow,
    StatTable,
    Value,
)

__all__ = ["CHANGE_COLUMNS", "FLOW_COLUMNS", "STUDENT_COLUMNS", "education_returns"]

STUDENT_COLUMNS = (
    "graduates",
    "admitted",
    "on_roll",
    "year_1",
    "year_2",
    "year_3",
    "year_4plus",
    "female",
    "minority",
)
FLOW_COLUMNS = ("total", "female", "minority")
_INCREASES = ("inc_admitted", "inc_transfer_in", "inc_return", "inc_other")
_DECREASES = (
    "dec_graduated",
    "dec_completed",
    "dec_transfer_out",
    "dec_leave",
    "dec_withdrawn",
    "dec_expelled",
    "dec_deceased",
    "dec_other",
)
CHANGE_COLUMNS = ("start_on_roll", "increase", *_INCREASES, "decrease", *_DECREASES, "end_on_roll")
# The status a student reached when leaving the count -> the form's decrease column.
_DECREASE_OF = {
    "graduated": "dec_graduated",
    "completed_without_diploma": "dec_completed",
    "transferred_out": "dec_transfer_out",
    "on_leave": "dec_leave",
    "withdrawn": "dec_withdrawn",
    "expelled": "dec_expelled",
    "deceased": "dec_deceased",
}
_FLOW_ROWS = {
    "admitted": ("招生数", "admitted"),
    "graduates": ("毕业生数", "graduates"),
    "on_roll": ("在校生数", "on roll"),
}


def _two_days_sql() -> str:
    """One query: per group of students, the status at the start (:d0) and at the end (:d1)."""
    body = _AS_OF_SQL.strip().removeprefix("WITH").strip()
    start = body.replace(":day", ":d0").replace("ranked", "ranked0").replace("hist", "hist0")
    end = body.replace(":day", ":d1").replace("ranked", "ranked1").replace("hist", "hist1")
    s0 = _STATUS_AS_OF.replace(":day", ":d0").replace(":month", ":m0").replace("h.", "h0.")
    s1 = _STATUS_AS_OF.replace(":day", ":d1").replace(":month", ":m1").replace("h.", "h1.")
    # Fixed SQL pieces only; every value is a bound parameter.
    return (
        f"WITH {start}, {end} SELECT COALESCE(s.major_code, ''), {_INTAKE_SQL}, "  # noqa: S608
        "s.gender = '2', s.ethnicity NOT IN ('', '01'), "
        f"{s0}, {s1}, "
        "EXISTS (SELECT 1 FROM status_changes x WHERE x.student_id = s.id AND x.revoked = 0 "
        "AND x.kind = 'transfer_in' AND x.effective_date > :d0 AND x.effective_date <= :d1), "
        "count(*) FROM students s LEFT JOIN class_groups c ON c.id = s.class_group_id "
        "LEFT JOIN hist0 h0 ON h0.student_id = s.id LEFT JOIN hist1 h1 ON h1.student_id = s.id "
        "WHERE s.voided = 0 GROUP BY 1, 2, 3, 4, 5, 6, 7"
    )


def _check(school_year: object, as_of: object) -> list[Problem]:
    if isinstance(school_year, bool) or not isinstance(school_year, int):
        return [Problem("school_year", "stat_bad_year")]
    if not 1949 <= school_year <= 2999:
        return [Problem("school_year", "stat_bad_year")]
    if not isinstance(as_of, datetime.date) or isinstance(as_of, datetime.datetime):
        return [Problem("as_of", "stat_bad_date")]
    first, last = datetime.date(school_year, 8, 1), datetime.date(school_year + 1, 7, 31)
    if not first <= as_of <= last:
        params = {"first": first.isoformat(), "last": last.isoformat()}
        return [Problem("as_of", "stat_date_outside_year", params=params)]
    return []


def _year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def education_returns(
    session: Session, *, school_year: int, as_of: datetime.date
) -> list[StatTable]:
    """Three tables: ``returns_students`` (分专业学生数: 毕业生数, 招生数, 在校生数 by 年级, 其中女,
    其中少数民族), ``returns_flows`` (招生数 / 毕业生数 / 在校生数 with 其中女 and 少数民族) and
    ``returns_changes`` (学生变动: start, increases and decreases by cause, end) per major."""
    session.require(Permission.READ_RECORDS)
    problems = _check(school_year, as_of)
    if problems:
        raise RecordInvalid(problems)
    conn = session.archive.db.conn
    start = _year_before(as_of)
    params = {
        "d0": start.isoformat(),
        "m0": f"{start.year:04d}{start.month:02d}",
        "d1": as_of.isoformat(),
        "m1": f"{as_of.year:04d}{as_of.month:02d}",
    }
    per_major: dict[str, Counter[str]] = defaultdict(Counter)
    flows: dict[str, Counter[str]] = {k: Counter() for k in _FLOW_ROWS}
    for major, intake, female, minority, s0, s1, came_by_transfer, n in conn.execute(
        _two_days_sql(), params
    ):
        c = per_major[major]
        before, after = s0 == "enrolled", s1 == "enrolled"
        if before:
            c["start_on_roll"] += n
        if after:
            c["end_on_roll"] += n
            c["on_roll"] += n
            year = school_year - intake + 1 if isinstance(intake, int) else 0
            if year >= 1:
                c["year_4plus" if year >= 4 else f"year_{year}"] += n
            c["female"] += n * bool(female)
            c["minority"] += n * bool(minority)
            _flow(flows["on_roll"], n, female, minority)
        if after and not before:
            cause = (
                ("inc_transfer_in" if came_by_transfer else "inc_admitted")
                if s0 is None
                else "inc_return"
                if s0 == "on_leave"
                else "inc_other"
            )
            c[cause] += n
            c["increase"] += n
            if cause == "inc_admitted":
                c["admitted"] += n
                _flow(flows["admitted"], n, female, minority)
        elif before and not after:
            cause = _DECREASE_OF.get(s1 or "", "dec_other")
            c[cause] += n
            c["decrease"] += n
            if cause == "dec_graduated":
                c["graduates"] += n
                _flow(flows["graduates"], n, female, minority)
    majors = dict(conn.execute("SELECT code, name FROM majors").fetchall())
    keys = sorted((k for k, c in per_major.items() if any(c.values())), key=lambda k: (k == "", k))
    labels = {k: (majors.get(k, k),) * 2 if k else UNKNOWN for k in keys}
    return [
        _table("returns_students", STUDENT_COLUMNS, keys, labels, per_major),
        StatTable(
            "returns_flows",
            FLOW_COLUMNS,
            tuple(
                StatRow(k, *_FLOW_ROWS[k], tuple(flows[k][col] for col in FLOW_COLUMNS))
                for k in ("admitted", "graduates", "on_roll")
            ),
            (None, None, None),  # the rows are different counts: no sum across them
        ),
        _table("returns_changes", CHANGE_COLUMNS, keys, labels, per_major),
    ]


def _flow(c: Counter[str], n: int, female: object, minority: object) -> None:
    c["total"] += n
    c["female"] += n * bool(female)
    c["minority"] += n * bool(minority)


def _table(
    title: str,
    columns: tuple[str, ...],
    keys: list[str],
    labels: dict[str, tuple[str, str]],
    per_major: dict[str, Counter[str]],
) -> StatTable:
    rows = tuple(StatRow(k, *labels[k], tuple(per_major[k][col] for col in columns)) for k in keys)
    totals: tuple[Value, ...] = tuple(sum(per_major[k][col] for k in keys) for col in columns)
    return StatTable(title, columns, rows, totals)
