"""Grade distribution (issue 9 §1): per course or per class, how many grades fall in each band of
ten points, the mean score and the pass rate. Counted by SQLite (one GROUP BY).

Rules (docs/design/statistics.md, "Grade distribution"):

- A row of ``grades`` is one grade (student × course × term). Grades of voided students never
  count; the filters select students as they are now (class = the current class).
- The bands and the mean use the **original** score (``score``): <60, 60–69, 70–79, 80–89,
  ≥90. A grade without a numeric score (a label such as 合格/缺考/免修, or nothing yet) counts in
  ``no_score``. The mean is exact over the scores taken to two decimals.
- The pass rate follows ``core/grading.course_result``: a grade is passed when its original
  result passes (score ≥ 60, or 优秀/良好/中等/及格/合格/免修 without a score), or its 补考 or
  重修 score is ≥ 60; it has no result yet when it has neither a score, nor a result label
  (缓考 or empty), nor a 补考/重修 score. Pass rate = passed / grades with a result.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from xueji_desktop.core.errors import RecordInvalid
from xueji_desktop.core.grading import FAILING_LABELS, PASS_SCORE, PASSING_LABELS
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission
from xueji_desktop.services.context import Session
from xueji_desktop.services.statistics import (
    NO_FILTER,
    StatFilter,
    StatRow,
    StatTable,
    Value,
    _check_filter,
    _ratio,
    _where,
)
from xueji_desktop.storage.connection import Connection

__all__ = ["GRADE_COLUMNS", "grade_distribution"]

GRADE_COLUMNS = (
    "band_lt60",
    "band_60",
    "band_70",
    "band_80",
    "band_90",
    "no_score",
    "mean",
    "pass_rate",
)
_BY = {"course": "g.course_id", "class_group": "s.class_group_id"}


def _quoted(labels: tuple[str, ...]) -> str:
    return ", ".join("'" + label.replace("'", "''") + "'" for label in labels)


_PASS = PASS_SCORE
_PASSED = (
    f"(g.score >= {_PASS} OR (g.score IS NULL AND g.grade_label IN "
    f"({_quoted((*PASSING_LABELS, '免修'))})) OR g.makeup_score >= {_PASS} "
    f"OR g.retake_score >= {_PASS})"
)
_HAS_RESULT = (
    f"({_PASSED} OR g.score IS NOT NULL OR g.grade_label IN "
    f"({_quoted((*FAILING_LABELS, '缺考'))}) OR g.makeup_score IS NOT NULL "
    "OR g.retake_score IS NOT NULL)"
)
_TALLY = (
    "sum(g.score < 60), sum(g.score >= 60 AND g.score < 70), "
    "sum(g.score >= 70 AND g.score < 80), sum(g.score >= 80 AND g.score < 90), "
    "sum(g.score >= 90), sum(g.score IS NULL), sum(CAST(round(g.score * 100) AS INTEGER)), "
    f"sum({_PASSED}), sum({_HAS_RESULT})"
)


def _values(t: tuple[int, ...]) -> tuple[Value, ...]:
    """(bands…, no score, hundredths sum, passed, with result) -> the table's columns."""
    bands, no_score, hundredths, passed, with_result = t[:5], t[5], t[6], t[7], t[8]
    scored = sum(bands)
    mean = Fraction(hundredths, 100 * scored) if scored else None
    return (*bands, no_score, mean, _ratio(passed, with_result))


def _check(
    conn: Connection, by: object, term_id: object, course_id: object, filters: object
) -> list[Problem]:
    problems = []
    if by not in _BY:
        problems.append(Problem("by", "stat_bad_choice", params={"value": str(by)[:40]}))
    for field, value, table in (("term_id", term_id, "terms"), ("course_id", course_id, "courses")):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(Problem(field, "stat_bad_id"))
        elif conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (value,)).fetchone() is None:  # noqa: S608
            problems.append(Problem(field, "stat_unknown_id"))
    if not isinstance(filters, StatFilter):
        problems.append(Problem("filters", "stat_bad_filters"))
    return problems


def grade_distribution(
    session: Session,
    *,
    by: str,
    term_id: int | None,
    course_id: int | None = None,
    filters: StatFilter = NO_FILTER,
) -> StatTable:
    """Grades per course (``by="course"``) or per current class (``"class_group"``) in bands
    of ten points, with the mean score and the pass rate; ``term_id`` None = every term,
    ``course_id`` restricts to one course. Columns ``GRADE_COLUMNS``."""
    session.require(Permission.READ_RECORDS)
    conn = session.archive.db.conn
    problems = _check(conn, by, term_id, course_id, filters)
    if problems:
        raise RecordInvalid(problems)
    filters = _check_filter(filters)
    params: dict[str, object] = {}
    where = _where(filters, params)
    if filters.statuses:
        marks = ", ".join(f":st{i}" for i in range(len(filters.statuses)))
        where += f" AND s.status IN ({marks})"
        params.update({f"st{i}": v for i, v in enumerate(sorted(filters.statuses))})
    # Grades are grouped on their own (by course, or by student for the classes) and the
    # students that count are one set looked up per grade: a join of 4,000,000 grades to the
    # students and a sort by class costs five times as much.
    sql = (
        f"SELECT {'g.course_id' if by == 'course' else 'g.student_id'}, {_TALLY} "  # noqa: S608
        "FROM grades g WHERE g.student_id IN (SELECT s.id FROM students s LEFT JOIN "
        f"class_groups c ON c.id = s.class_group_id WHERE {where})"
    )
    if term_id is not None:
        sql += " AND g.term_id = :term"
        params["term"] = term_id
    if course_id is not None:
        sql += " AND g.course_id = :course"
        params["course"] = course_id
    class_of = (
        {} if by == "course" else dict(conn.execute("SELECT id, class_group_id FROM students"))
    )
    found: dict[int | None, list[int]] = {}
    for row in conn.execute(sql + " GROUP BY 1", params):
        key = row[0] if by == "course" else class_of.get(row[0])
        acc = found.setdefault(key, [0] * 9)
        for i, v in enumerate(row[1:]):
            acc[i] += int(v or 0)
    names = _names(conn, by)
    order = sorted(found, key=lambda k: (k is None, names.get(k, ("", ""))[1], k or 0))
    rows = []
    for k in order:
        zh = names.get(k, ("", ""))[0]
        label = zh or ("未分班" if by == "class_group" else str(k))
        en = label if k is not None else "no class"
        rows.append(StatRow("" if k is None else str(k), label, en, _values(tuple(found[k]))))
    whole = tuple(sum(t[i] for t in found.values()) for i in range(9))
    return StatTable(f"grade_distribution_by_{by}", GRADE_COLUMNS, tuple(rows), _values(whole))


def _names(conn: Connection, by: str) -> Mapping[int | None, tuple[str, str]]:
    """id -> (name, sort key): courses by code, classes by key (intake year first)."""
    if by == "course":
        return {int(i): (f"{n}（{c}）", c) for i, c, n in conn.execute(
            "SELECT id, code, name FROM courses")}  # fmt: skip
    return {int(i): (n, k) for i, k, n in conn.execute("SELECT id, key, name FROM class_groups")}
