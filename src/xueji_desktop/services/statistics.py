"""Statistics (issue 9 §1): students counted by one dimension, 学籍异动 per term, and the rates.

Headless and read-only: no audit entry, no clock (``as_of`` is passed in). Voided records are
never counted. Rules (docs/design/statistics.md):

- **Intake (入学年份)** is the year of 入学年月 (``enrolment_month``), else the class's intake
  year: a 留级 moves a student to a later intake's class but not to a later intake.
- **Status as of a date**: the ``status_after`` of the student's last non-revoked 学籍异动 with
  ``effective_date <= as_of`` (ties by id); with none yet, the ``status_before`` of the first one
  (``none`` = the record did not exist yet: left out); without any history, the current status,
  except a 毕业/结业 whose ``graduation_date`` is after ``as_of`` counts as 在籍 (the rule of the
  data-health report). Students whose 入学年月 is after ``as_of``'s month are left out.
- Filters (intake, major, class) apply to the record as it is now, the status filter to the
  status counted (as of the date when one is given).

The counting is done by SQLite: one GROUP BY over every dimension at once (``_cube``: a few
thousand cells on 100,000 students), which each table then sums up; no per-student Python loop.
The rates live in ``statistics_rates.py`` (retention per intake, graduate outcomes).
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType
from typing import NamedTuple

from xueji_desktop.core import codes
from xueji_desktop.core.errors import ValidationError
from xueji_desktop.core.labels import KIND_LABELS, STATUS_LABELS
from xueji_desktop.core.roles import Permission
from xueji_desktop.messages_records import KIND_EN, STATUS_EN
from xueji_desktop.messages_statistics import STAT_COLUMN_TEXTS, STAT_TITLE_TEXTS
from xueji_desktop.services.context import Session
from xueji_desktop.storage.connection import Connection

__all__ = [
    "COLUMN_LABELS",
    "DIMENSIONS",
    "NO_FILTER",
    "TITLE_LABELS",
    "StatFilter",
    "StatRow",
    "StatTable",
    "Value",
    "counts",
    "percent",
    "status_changes_per_term",
]

Value = int | Fraction | None  # a count, an exact rate, or None for a rate over zero
DIMENSIONS = (
    "status",
    "intake_year",
    "major",
    "class_group",
    "gender",
    "ethnicity",
    "hukou_type",
    "origin_region",
)
# Column keys -> (中文, English), for every table of the statistics services (and the 异动 kinds).
COLUMN_LABELS: Mapping[str, tuple[str, str]] = MappingProxyType(
    STAT_COLUMN_TEXTS | {kind: (zh, KIND_EN[kind]) for kind, zh in KIND_LABELS.items()}
)
# Title keys -> (中文, English), for every table the statistics services build.
TITLE_LABELS: Mapping[str, tuple[str, str]] = MappingProxyType(STAT_TITLE_TEXTS)
UNKNOWN = ("未填写", "not recorded")  # the row of an empty code
_NO_TERM = ("不在任何学期内", "before the first term")


@dataclass(frozen=True, slots=True)
class StatFilter:
    """Which students count. None / empty = no restriction."""

    intake_year: int | None = None
    major_code: str | None = None
    class_group_id: int | None = None
    statuses: frozenset[str] = frozenset()


NO_FILTER = StatFilter()  # every non-voided student


@dataclass(frozen=True, slots=True)
class StatRow:
    key: str  # the stored code (status name, major code, class id, province code …); "" = empty
    label_zh: str
    label_en: str
    values: tuple[Value, ...]  # one per column of the table


@dataclass(frozen=True, slots=True)
class StatTable:
    title: str  # a title key: "students_by_status", "status_changes_per_term", …
    columns: tuple[str, ...]  # keys of COLUMN_LABELS
    rows: tuple[StatRow, ...]
    totals: tuple[Value, ...]


def percent(value: Value) -> str:
    """An exact rate as a percentage with one decimal, rounded half up: 2/3 -> "66.7%"."""
    if value is None:
        return "—"
    # Rates are never negative; floor(x + 1/2) on the exact fraction is half-up without floats.
    tenths = int((Fraction(value) * 1000 + Fraction(1, 2)) // 1)
    return f"{tenths // 10}.{tenths % 10}%"


def _ratio(part: int, whole: int) -> Fraction | None:
    return Fraction(part, whole) if whole else None


def _check_date(value: object, field: str) -> datetime.date:
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise ValidationError(field=field, reason="invalid")
    return value


def _check_filter(filters: object) -> StatFilter:
    if not isinstance(filters, StatFilter):
        raise ValidationError(field="filters", reason="invalid")
    for name, kind in (("intake_year", int), ("major_code", str), ("class_group_id", int)):
        value = getattr(filters, name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, kind)):
            raise ValidationError(field=name, reason="invalid")
    if not isinstance(filters.statuses, frozenset | set | tuple | list):
        raise ValidationError(field="statuses", reason="invalid")
    unknown = set(filters.statuses) - set(STATUS_LABELS)
    if unknown:
        raise ValidationError(field="statuses", reason="unknown")
    return filters


# -- the cube: every dimension at once, counted by SQLite ----------------------------------------

# Intake = year of 入学年月 when it is a YYYYMM, else the class's intake year.
_INTAKE_SQL = (
    "CASE WHEN length(s.enrolment_month) = 6 AND substr(s.enrolment_month, 1, 4) "
    "GLOB '[0-9][0-9][0-9][0-9]' THEN CAST(substr(s.enrolment_month, 1, 4) AS INTEGER) "
    "ELSE c.intake_year END"
)
# The status on :day (module docstring); NULL = not there yet.
_AS_OF_SQL = """
WITH ranked AS (
    SELECT student_id, effective_date, status_before, status_after,
        row_number() OVER (PARTITION BY student_id ORDER BY effective_date, id) AS first_n,
        row_number() OVER (PARTITION BY student_id ORDER BY
            effective_date <= :day DESC, effective_date DESC, id DESC) AS last_n
    FROM status_changes WHERE revoked = 0
),
hist AS (
    SELECT student_id,
        max(CASE WHEN first_n = 1 THEN status_before END) AS first_before,
        max(CASE WHEN last_n = 1 AND effective_date <= :day THEN status_after END) AS last_after
    FROM ranked WHERE first_n = 1 OR last_n = 1 GROUP BY student_id
)
"""
_STATUS_AS_OF = (
    "CASE WHEN s.enrolment_month <> '' AND s.enrolment_month > :month THEN NULL "
    "WHEN h.last_after IS NOT NULL THEN h.last_after "
    "WHEN h.first_before IS NOT NULL THEN NULLIF(h.first_before, 'none') "
    "WHEN s.status IN ('graduated', 'completed_without_diploma') "
    "AND s.graduation_date > :day THEN 'enrolled' ELSE s.status END"
)


class Cell(NamedTuple):
    """One combination of dimension values and how many students have it."""

    status: str
    intake_year: str
    major: str
    class_group: str
    gender: str
    ethnicity: str
    hukou_type: str
    origin_region: str
    n: int


def _where(filters: StatFilter, params: dict[str, object]) -> str:
    """The record filters (as the record is now) as SQL over ``s`` and ``c``."""
    sql = "s.voided = 0"
    if filters.major_code is not None:
        sql += " AND s.major_code = :major"
        params["major"] = filters.major_code
    if filters.class_group_id is not None:
        sql += " AND s.class_group_id = :class_id"
        params["class_id"] = filters.class_group_id
    if filters.intake_year is not None:
        sql += f" AND ({_INTAKE_SQL}) = :intake"
        params["intake"] = filters.intake_year
    return sql


def _cube(conn: Connection, filters: StatFilter, as_of: datetime.date | None) -> list[Cell]:
    """Students grouped by every dimension; the status is the one on ``as_of`` when given and
    the status filter applies to it. Students not yet there on ``as_of`` are left out.

    SQLite groups the stored columns as they are (no join, no expression per student: a third
    less work on 100,000 students); the intake is worked out per group in Python."""
    params: dict[str, object] = {}
    where = _where(StatFilter(None, filters.major_code, filters.class_group_id), params)
    if as_of is None:
        prefix, status, join = "", "s.status", ""
    else:
        params["day"] = as_of.isoformat()
        params["month"] = f"{as_of.year:04d}{as_of.month:02d}"
        prefix, status = _AS_OF_SQL, _STATUS_AS_OF
        join = " LEFT JOIN hist h ON h.student_id = s.id"
    sql = (
        f"{prefix} SELECT {status} AS st, s.enrolment_month, s.class_group_id, "  # noqa: S608
        "COALESCE(s.major_code, ''), s.gender, s.ethnicity, s.hukou_type, "
        "CASE WHEN length(s.source_place) = 6 THEN substr(s.source_place, 1, 2) ELSE '' END, "
        f"count(*) FROM students s{join} WHERE {where} GROUP BY 1, 2, 3, 4, 5, 6, 7, 8"
    )
    class_intake = dict(conn.execute("SELECT id, intake_year FROM class_groups").fetchall())
    tally: Counter[tuple[str, str, str, str, str, str, str, str]] = Counter()
    for st, month, class_id, major, gender, ethnicity, hukou, prov, n in conn.execute(sql, params):
        if st is None or (filters.statuses and st not in filters.statuses):
            continue
        month = str(month)
        intake = (
            int(month[:4])
            if len(month) == 6 and month[:4].isdigit()
            else class_intake.get(class_id)
        )
        if filters.intake_year is not None and intake != filters.intake_year:
            continue
        region = prov + "0000" if prov in codes.PROVINCES else ""
        key = (str(st), "" if intake is None else str(intake), str(major),
               "" if class_id is None else str(class_id), str(gender), str(ethnicity), str(hukou),
               region)  # fmt: skip
        tally[key] += int(n)
    return [Cell(*key, n) for key, n in tally.items()]


# -- counts by one dimension ---------------------------------------------------------------------


def _labels(conn: Connection, by: str, keys: Iterable[str]) -> dict[str, tuple[str, str]]:
    """(中文, English) per key. The national code tables have Chinese labels only."""
    out: dict[str, tuple[str, str]] = {}
    if by == "major":
        names = dict(conn.execute("SELECT code, name FROM majors").fetchall())
    elif by == "class_group":
        names = {str(i): n for i, n in conn.execute("SELECT id, name FROM class_groups")}
    for key in keys:
        if key == "":
            out[key] = UNKNOWN
        elif by == "status":
            out[key] = (STATUS_LABELS.get(key, key), STATUS_EN.get(key, key))
        elif by == "intake_year":
            out[key] = (f"{key}级", f"intake {key}")
        elif by in ("major", "class_group"):
            name = names.get(key, key)
            out[key] = (name, name)
        elif by == "origin_region":
            name = codes.PROVINCE_FULL_NAMES.get(key[:2], key)
            out[key] = (name, name)
        else:
            label = codes.label_of(by, key)
            out[key] = (label, label)
    return out


def _rollup(conn: Connection, cube: Iterable[Cell], by: str, filters: StatFilter) -> StatTable:
    """The cube summed up by one dimension: the table ``counts`` returns."""
    tally: Counter[str] = Counter()
    for cell in cube:
        tally[getattr(cell, by)] += cell.n
    if by == "status":  # every state has a row, in the glossary's order, as the returns list them
        keys = [k for k in STATUS_LABELS if not filters.statuses or k in filters.statuses]
    else:
        keys = sorted(tally, key=lambda k: (k == "", k.zfill(12) if k.isdigit() else k))
    labels = _labels(conn, by, keys)
    rows = tuple(StatRow(k, *labels[k], (tally[k],)) for k in keys)
    return StatTable(f"students_by_{by}", ("count",), rows, (sum(tally.values()),))


def counts(
    session: Session,
    *,
    by: str,
    filters: StatFilter = StatFilter(),
    as_of: datetime.date | None = None,
) -> StatTable:
    """Non-voided students counted by ``by`` (one of DIMENSIONS); one column "count".

    ``as_of`` counts the archive as it stood that day (status from the 学籍异动 history)."""
    session.require(Permission.READ_RECORDS)
    if by not in DIMENSIONS:
        raise ValidationError(field="by", reason="unknown")
    filters = _check_filter(filters)
    if as_of is not None:
        _check_date(as_of, "as_of")
    conn = session.archive.db.conn
    return _rollup(conn, _cube(conn, filters, as_of), by, filters)


# -- 学籍异动 per term ---------------------------------------------------------------------------


def _changes_table(conn: Connection, filters: StatFilter) -> StatTable:
    params: dict[str, object] = {}
    where = _where(filters, params)
    if filters.statuses:
        marks = ", ".join(f":st{i}" for i in range(len(filters.statuses)))
        where += f" AND s.status IN ({marks})"
        params.update({f"st{i}": v for i, v in enumerate(sorted(filters.statuses))})
    terms = conn.execute("SELECT code, name, start_date FROM terms ORDER BY start_date").fetchall()
    per_term: dict[str, Counter[str]] = defaultdict(Counter)
    for effective, kind, n in conn.execute(
        "SELECT x.effective_date, x.kind, count(*) FROM status_changes x "  # noqa: S608
        "JOIN students s ON s.id = x.student_id LEFT JOIN class_groups c "
        f"ON c.id = s.class_group_id WHERE x.revoked = 0 AND {where} GROUP BY 1, 2",
        params,
    ):
        term = ""
        for code, _name, start in terms:
            if start > effective:
                break
            term = code
        per_term[term][kind] += n
    seen = {k for c in per_term.values() for k in c}
    kinds = [k for k in KIND_LABELS if k in seen] + sorted(seen - set(KIND_LABELS))
    columns = (*kinds, "total")
    names = {code: name for code, name, _start in terms}
    order = [code for code, _n, _s in terms if code in per_term]
    if "" in per_term:
        order.insert(0, "")
    rows = []
    for code in order:
        c = per_term[code]
        zh, en = (names[code], code) if code else _NO_TERM
        rows.append(StatRow(code, zh, en, (*(c[k] for k in kinds), sum(c.values()))))
    totals = tuple(sum(int(r.values[i] or 0) for r in rows) for i in range(len(columns)))
    return StatTable("status_changes_per_term", columns, tuple(rows), totals)


def status_changes_per_term(
    session: Session,
    *,
    filters: StatFilter = StatFilter(),
) -> StatTable:
    """Non-revoked 学籍异动 of non-voided students per term (rows) by kind (columns) + "total".

    A change belongs to the latest term that started on or before its effective date, so one in
    the summer holiday counts to the term just ended; one before the first term has the row "".
    The filters select students as they are now (the status filter: the current status)."""
    session.require(Permission.READ_RECORDS)
    filters = _check_filter(filters)
    return _changes_table(session.archive.db.conn, filters)
