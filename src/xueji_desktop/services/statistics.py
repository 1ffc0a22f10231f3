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

The rates live in ``statistics_rates.py`` (retention per intake, graduate outcomes).
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType

from xueji_desktop.core import codes
from xueji_desktop.core.errors import ValidationError
from xueji_desktop.core.labels import KIND_LABELS, STATUS_LABELS
from xueji_desktop.core.roles import Permission
from xueji_desktop.messages_records import KIND_EN, STATUS_EN
from xueji_desktop.services.context import Session
from xueji_desktop.storage.connection import Connection

__all__ = [
    "COLUMN_LABELS",
    "DIMENSIONS",
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
# Column keys -> (中文, English), for every table of this module and statistics_rates.
COLUMN_LABELS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "count": ("人数", "students"),
        "total": ("合计", "total"),
        "entered": ("入学人数", "entered"),
        "kept": ("巩固人数", "kept"),
        "lost": ("流失人数", "lost"),
        "deceased": ("死亡", "deceased"),
        "retention_rate": ("巩固率", "retention rate"),
        "dropout_rate": ("流失率", "drop-out rate"),
        "graduates": ("毕业生数", "graduates"),
        "with_destination": ("已登记去向", "destination recorded"),
        "employment": ("就业", "employed"),
        "matches_major": ("对口就业", "employed in their field"),
        "further_study": ("升学", "further study"),
        "military": ("参军", "military service"),
        "stage_transfer": ("转段", "stage transfer"),
        "other": ("其他", "other"),
        "employment_rate": ("就业率", "employment rate"),
        "further_study_rate": ("升学率", "further-study rate"),
        "matching_rate": ("对口就业率", "in-field employment rate"),
    }
    | {kind: (zh, KIND_EN[kind]) for kind, zh in KIND_LABELS.items()}
)
UNKNOWN = ("未填写", "not recorded")  # the row of an empty code
_NO_TERM = ("不在任何学期内", "before the first term")


@dataclass(frozen=True, slots=True)
class StatFilter:
    """Which students count. None / empty = no restriction."""

    intake_year: int | None = None
    major_code: str | None = None
    class_group_id: int | None = None
    statuses: frozenset[str] = frozenset()


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
    unknown = set(filters.statuses) - set(STATUS_LABELS)
    if unknown:
        raise ValidationError(field="statuses", reason="unknown")
    return filters


# -- loading -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Student:
    id: int
    status: str
    intake: int | None
    major_code: str
    class_group_id: int | None
    gender: str
    ethnicity: str
    hukou_type: str
    source_place: str
    enrolment_month: str
    graduation_date: str
    graduation_year: int | None  # the class's 届, for graduates without a graduation date


_SELECT = """
SELECT s.id, s.status, s.enrolment_month, c.intake_year, COALESCE(s.major_code, ''),
    s.class_group_id, s.gender, s.ethnicity, s.hukou_type, s.source_place, s.graduation_date,
    c.graduation_year
FROM students s LEFT JOIN class_groups c ON c.id = s.class_group_id
WHERE s.voided = 0
"""


def _intake(enrolment_month: str, class_intake: int | None) -> int | None:
    head = enrolment_month[:4]
    return int(head) if len(enrolment_month) == 6 and head.isdigit() else class_intake


def _load_students(conn: Connection, filters: StatFilter) -> list[Student]:
    """Non-voided students passing the intake/major/class filters (not the status filter)."""
    sql, params = _SELECT, list[object]()
    if filters.major_code is not None:
        sql += " AND s.major_code = ?"
        params.append(filters.major_code)
    if filters.class_group_id is not None:
        sql += " AND s.class_group_id = ?"
        params.append(filters.class_group_id)
    out = []
    for row in conn.execute(sql, params):
        intake = _intake(row[2], row[3])
        if filters.intake_year is not None and intake != filters.intake_year:
            continue
        out.append(
            Student(
                id=row[0],
                status=row[1],
                intake=intake,
                major_code=row[4],
                class_group_id=row[5],
                gender=row[6],
                ethnicity=row[7],
                hukou_type=row[8],
                source_place=row[9],
                enrolment_month=row[2],
                graduation_date=row[10],
                graduation_year=row[11],
            )
        )
    return out


def _statuses_as_of(
    conn: Connection, students: Iterable[Student], as_of: datetime.date
) -> dict[int, str]:
    """Student id -> status on ``as_of`` (module docstring); students not yet there are absent."""
    day, month = as_of.isoformat(), f"{as_of.year:04d}{as_of.month:02d}"
    first: dict[int, str] = {}
    last: dict[int, str] = {}
    cur = conn.execute(
        "SELECT student_id, effective_date, status_before, status_after FROM status_changes "
        "WHERE revoked = 0 ORDER BY student_id, effective_date, id"
    )
    for sid, effective, before, after in cur:
        first.setdefault(sid, before)
        if effective <= day:
            last[sid] = after
    out: dict[int, str] = {}
    for s in students:
        if s.enrolment_month and s.enrolment_month > month:
            continue
        if s.id in last:
            status = last[s.id]
        elif s.id in first:
            status = first[s.id]
        elif s.status in ("graduated", "completed_without_diploma") and s.graduation_date > day:
            status = "enrolled"
        else:
            status = s.status
        if status != "none":
            out[s.id] = status
    return out


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


def _key(s: Student, by: str, status: str) -> str:
    if by == "status":
        return status
    if by == "intake_year":
        return "" if s.intake is None else str(s.intake)
    if by == "major":
        return s.major_code
    if by == "class_group":
        return "" if s.class_group_id is None else str(s.class_group_id)
    if by == "origin_region":
        place = s.source_place
        return place[:2] + "0000" if len(place) == 6 and place[:2] in codes.PROVINCES else ""
    value: str = getattr(s, by)
    return value


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
    students = _load_students(conn, filters)
    if as_of is None:
        status_of = {s.id: s.status for s in students}
    else:
        status_of = _statuses_as_of(conn, students, as_of)
    tally: Counter[str] = Counter()
    for s in students:
        status = status_of.get(s.id)
        if status is None or (filters.statuses and status not in filters.statuses):
            continue
        tally[_key(s, by, status)] += 1
    if by == "status":  # every state has a row, in the glossary's order, as the returns list them
        keys = [k for k in STATUS_LABELS if not filters.statuses or k in filters.statuses]
    else:
        keys = sorted(tally, key=lambda k: (k == "", k.zfill(12) if k.isdigit() else k))
    labels = _labels(conn, by, keys)
    rows = tuple(StatRow(k, *labels[k], (tally[k],)) for k in keys)
    return StatTable(f"students_by_{by}", ("count",), rows, (sum(tally.values()),))


# -- 学籍异动 per term ---------------------------------------------------------------------------


def status_changes_per_term(
    session: Session,
    *,
    filters: StatFilter = StatFilter(),
) -> StatTable:
    """Non-revoked 学籍异动 of non-voided students per term (rows) by kind (columns) + "total".

    A change belongs to the latest term that started on or before its effective date, so one in
    the summer holiday counts to the term just ended; one before the first term has the row ""."""
    session.require(Permission.READ_RECORDS)
    filters = _check_filter(filters)
    conn = session.archive.db.conn
    wanted = {s.id for s in _load_students(conn, filters) if _status_ok(s, filters)}
    terms = conn.execute("SELECT code, name, start_date FROM terms ORDER BY start_date").fetchall()
    per_term: dict[str, Counter[str]] = defaultdict(Counter)
    for sid, kind, effective in conn.execute(
        "SELECT student_id, kind, effective_date FROM status_changes WHERE revoked = 0"
    ):
        if sid not in wanted:
            continue
        term = ""
        for code, _name, start in terms:
            if start > effective:
                break
            term = code
        per_term[term][kind] += 1
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


def _status_ok(s: Student, filters: StatFilter) -> bool:
    return not filters.statuses or s.status in filters.statuses
