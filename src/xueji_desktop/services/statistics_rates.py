"""Rates for the statistics (issue 9 §1): 巩固率/流失率 per intake and graduate outcomes per major.

Exact fractions (``fractions.Fraction``), rendered by ``statistics.percent``; a rate over zero
students is None. Definitions and why: docs/design/statistics.md.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable

from xueji_desktop.core.errors import ValidationError
from xueji_desktop.core.roles import Permission
from xueji_desktop.services.context import Session

# The loaders and checks are shared with statistics.py only (private to the pair).
from xueji_desktop.services.statistics import (
    NO_FILTER,
    UNKNOWN,
    Cell,
    StatFilter,
    StatRow,
    StatTable,
    Value,
    _check_date,
    _check_filter,
    _cube,
    _ratio,
    _where,
)
from xueji_desktop.storage.connection import Connection

__all__ = ["KEPT", "LOST", "graduate_outcomes", "retention_per_intake"]

# Kept (巩固): still in the school's care or finished the programme. 休学 keeps the 学籍; 结业
# completed the programme (only the diploma conditions are missing).
KEPT = frozenset({"enrolled", "on_leave", "graduated", "completed_without_diploma"})
# Lost (流失): left before finishing. 肄业 is a leaver with a certificate of study; 转出 leaves
# this school (the school's own 巩固率 counts it as lost; 转入 students count in their intake).
LOST = frozenset(
    {"withdrawn", "expelled", "transferred_out", "deregistered", "studied_without_completing"}
)
# 死亡 is neither: no school could have kept the student. Its own column; kept + lost + deceased
# = entered.
_RETENTION_COLUMNS = ("entered", "kept", "lost", "deceased", "retention_rate", "dropout_rate")
_OUTCOME_KINDS = ("employment", "further_study", "military", "stage_transfer", "other")
_OUTCOME_COLUMNS = (
    "graduates",
    "with_destination",
    "employment",
    "matches_major",
    "further_study",
    "military",
    "stage_transfer",
    "other",
    "employment_rate",
    "further_study_rate",
    "matching_rate",
)


def _retention_values(entered: int, kept: int, lost: int, dead: int) -> tuple[Value, ...]:
    return (entered, kept, lost, dead, _ratio(kept, entered), _ratio(lost, entered))


def _retention_table(cube: Iterable[Cell]) -> StatTable:
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    for cell in cube:
        group = "kept" if cell.status in KEPT else "lost" if cell.status in LOST else "deceased"
        tally[cell.intake_year][group] += cell.n
    keys = sorted(tally, key=lambda k: (k == "", k))
    rows = []
    sums = Counter[str]()
    for key in keys:
        c = tally[key]
        sums.update(c)
        zh, en = (f"{key}级", f"intake {key}") if key else UNKNOWN
        rows.append(
            StatRow(key, zh, en, _retention_values(c.total(), c["kept"], c["lost"], c["deceased"]))
        )
    totals = _retention_values(sums.total(), sums["kept"], sums["lost"], sums["deceased"])
    return StatTable("retention_per_intake", _RETENTION_COLUMNS, tuple(rows), totals)


def retention_per_intake(
    session: Session, *, as_of: datetime.date, filters: StatFilter = NO_FILTER
) -> StatTable:
    """Per intake (入学年份): entered, kept, lost, deceased, 巩固率 = kept / entered, 流失率 =
    lost / entered, each student's status taken as of ``as_of``."""
    session.require(Permission.READ_RECORDS)
    _check_date(as_of, "as_of")
    filters = _check_filter(filters)
    return _retention_table(_cube(session.archive.db.conn, filters, as_of))


def _outcome_values(c: Counter[str]) -> tuple[Value, ...]:
    graduates = c["graduates"]
    placed = c["employment"] + c["further_study"] + c["military"] + c["stage_transfer"]
    return (
        graduates,
        c["with_destination"],
        c["employment"],
        c["matches_major"],
        c["further_study"],
        c["military"],
        c["stage_transfer"],
        c["other"],
        _ratio(placed, graduates),
        _ratio(c["further_study"] + c["stage_transfer"], graduates),
        _ratio(c["matches_major"], c["employment"]),
    )


_GRAD_YEAR_SQL = (
    "CASE WHEN substr(s.graduation_date, 1, 4) GLOB '[0-9][0-9][0-9][0-9]' "
    "THEN CAST(substr(s.graduation_date, 1, 4) AS INTEGER) ELSE c.graduation_year END"
)


def _latest_graduation_year(conn: Connection, filters: StatFilter = NO_FILTER) -> int | None:
    """The latest year in which a (non-voided, filtered) student graduated with 毕业."""
    params: dict[str, object] = {}
    where = _where(filters, params)
    row = conn.execute(
        f"SELECT max({_GRAD_YEAR_SQL}) FROM students s LEFT JOIN class_groups c "  # noqa: S608
        f"ON c.id = s.class_group_id WHERE {where} AND s.status = 'graduated'",
        params,
    ).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def _outcomes_table(conn: Connection, graduation_year: int, filters: StatFilter) -> StatTable:
    params: dict[str, object] = {"year": graduation_year}
    where = _where(filters, params)
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    for code, kind, matches, n in conn.execute(
        "SELECT COALESCE(s.major_code, ''), d.kind, d.matches_major, count(*) "  # noqa: S608
        "FROM students s LEFT JOIN class_groups c ON c.id = s.class_group_id "
        "LEFT JOIN destinations d ON d.student_id = s.id "
        f"WHERE {where} AND s.status = 'graduated' AND ({_GRAD_YEAR_SQL}) = :year "
        "GROUP BY 1, 2, 3",
        params,
    ):
        c = tally[code]
        c["graduates"] += n
        if kind is not None:
            c["with_destination"] += n
            c[kind if kind in _OUTCOME_KINDS else "other"] += n
            if kind == "employment" and matches == 1:
                c["matches_major"] += n
    majors = dict(conn.execute("SELECT code, name FROM majors").fetchall())
    rows = []
    sums = Counter[str]()
    for code in sorted(tally, key=lambda k: (k == "", k)):
        sums.update(tally[code])
        zh, en = (majors.get(code, code),) * 2 if code else UNKNOWN
        rows.append(StatRow(code, zh, en, _outcome_values(tally[code])))
    return StatTable("graduate_outcomes", _OUTCOME_COLUMNS, tuple(rows), _outcome_values(sums))


def graduate_outcomes(
    session: Session, *, graduation_year: int, filters: StatFilter = NO_FILTER
) -> StatTable:
    """Per major: the year's 毕业 graduates and their 毕业去向 (columns ``_OUTCOME_COLUMNS``).

    A graduate of ``graduation_year``: status 毕业 now and 毕业日期 in that year (the class's 届
    when the date is empty). 就业率 = (就业 + 升学 + 参军 + 转段) / graduates; 升学率 = (升学 +
    转段) / graduates; 对口就业率 = 对口 / 就业. The filters select students as they are now (the
    status filter does not apply: these are the graduates)."""
    session.require(Permission.READ_RECORDS)
    if not isinstance(graduation_year, int) or isinstance(graduation_year, bool):
        raise ValidationError(field="graduation_year", reason="invalid")
    filters = _check_filter(filters)
    return _outcomes_table(session.archive.db.conn, graduation_year, filters)
