"""Checks and row helpers shared by the records services (structure, courses, grades, conduct,
discipline, student_affairs, attachments, status_changes).

Input is checked before anything is written; every problem found is reported at once as
``RecordInvalid(problems=[Problem(field, code, params=...)])``. Codes are listed in
docs/design/records-model.md. The helpers that take a connection run inside the caller's
``atomic()``; they check no permission and write no audit entry themselves.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from xueji_desktop.core.errors import NotFound, ReasonRequired, RecordInvalid, RecordVoided
from xueji_desktop.core.problems import Problem
from xueji_desktop.services.context import Session
from xueji_desktop.storage.connection import Connection

MAX_REASON = 500
# Exactly YYYY-MM-DD: date.fromisoformat also takes week dates ("2026-W48-1") and "20261126".
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class Checks:
    """Collects problems while values are normalised; ``done()`` raises them all at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, field: str, code: str, **params: object) -> None:
        self.problems.append(Problem(field, code, params={k: str(v) for k, v in params.items()}))

    def text(self, field: str, value: object, *, required: bool = False, max_len: int = 200) -> str:
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.add(field, "invalid_type", expected="text")
            return ""
        value = value.strip()
        if required and not value:
            self.add(field, "required")
        elif len(value) > max_len:
            self.add(field, "too_long", max_len=max_len)
        return value

    def integer(self, field: str, value: object, *, low: int = 0, high: int = 10**9) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(field, "invalid_type", expected="integer")
            return low
        if not low <= value <= high:
            self.add(field, "out_of_range", min=low, max=high)
        return value

    def number(self, field: str, value: object, *, low: float, high: float) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(field, "invalid_type", expected="number")
            return low
        if not math.isfinite(value) or not low <= value <= high:
            self.add(field, "out_of_range", min=f"{low:g}", max=f"{high:g}")
        return float(value)

    def choice(
        self,
        field: str,
        value: object,
        choices: Sequence[str],
        labels: Mapping[str, tuple[str, str]] | None = None,
    ) -> str:
        """One of ``choices``. With ``labels`` (code -> (zh, en)) the problem lists the clerk's
        words (``invalid_choice_of``), never the code names."""
        if not isinstance(value, str) or value not in choices:
            if labels is None:
                self.add(field, "invalid_choice", allowed="/".join(choices))
            else:
                self.add(
                    field,
                    "invalid_choice_of",
                    allowed_zh="、".join(labels[c][0] for c in choices),
                    allowed_en=", ".join(labels[c][1] for c in choices),
                )
            return ""
        return value

    def flag(self, field: str, value: object) -> int:
        if not isinstance(value, bool) and value not in (0, 1):
            self.add(field, "invalid_type", expected="bool")
            return 0
        return int(bool(value))

    def date(self, field: str, value: object, *, required: bool = True) -> str:
        """An ISO date not in the future; '' when optional and empty."""
        if value is None or value == "":
            if required:
                self.add(field, "required")
            return ""
        if isinstance(value, datetime.date):
            value = value.isoformat()
        if not isinstance(value, str):
            self.add(field, "invalid_type", expected="date")
            return ""
        text = value.strip()
        try:
            day = datetime.date.fromisoformat(text) if ISO_DAY.fullmatch(text) else None
        except ValueError:
            day = None
        if day is None:
            self.add(field, "invalid_date")
            return ""
        if day > datetime.date.today():
            self.add(field, "date_in_future")
        return day.isoformat()

    def done(self) -> None:
        if self.problems:
            raise RecordInvalid(problems=list(self.problems))


def require_id(kind: str, value: object) -> int:
    """An id argument: an int, else a problem (a str '5' from a form is not silently accepted)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordInvalid(problems=[Problem(f"{kind}_id", "invalid_type", params={})])
    return value


def require_reason(reason: object) -> str:
    """The stripped reason of a void: ReasonRequired when blank, a problem when too long."""
    if not isinstance(reason, str) or not reason.strip():
        raise ReasonRequired()
    if len(reason.strip()) > MAX_REASON:
        raise RecordInvalid(
            problems=[Problem("reason", "too_long", params={"max_len": str(MAX_REASON)})]
        )
    return reason.strip()


def fetch_by_id(conn: Connection, kind: str, select_sql: str, row_id: object) -> Sequence[Any]:
    """The row ``select_sql`` (a SELECT … FROM without WHERE) has for the id argument, or
    NotFound(kind=kind)."""
    rid = require_id(kind, row_id)
    row = conn.execute(select_sql + " WHERE id = ?", (rid,)).fetchone()
    if row is None:
        raise NotFound(kind=kind, id=rid)
    return tuple(row)


# -- the student, the term, the course a record belongs to ---------------------------------------


@dataclass(frozen=True, slots=True)
class StudentRef:
    id: int
    status: str
    enrolment_month: str


def require_student(conn: Connection, student_id: object) -> StudentRef:
    """The student, or NotFound / RecordVoided: voided records are read-only."""
    sid = require_id("student", student_id)
    row = conn.execute(
        "SELECT id, status, enrolment_month, voided FROM students WHERE id = ?", (sid,)
    ).fetchone()
    if row is None:
        raise NotFound(kind="student", id=sid)
    if row[3]:
        raise RecordVoided(kind="student", id=sid)
    return StudentRef(int(row[0]), str(row[1]), str(row[2]))


@dataclass(frozen=True, slots=True)
class Term:
    id: int
    code: str
    name: str
    school_year: int
    semester: int
    start_date: str
    end_date: str


TERM_SQL = "SELECT id, code, name, school_year, semester, start_date, end_date FROM terms"


def term_from_row(row: Sequence[Any]) -> Term:
    return Term(int(row[0]), row[1], row[2], int(row[3]), int(row[4]), row[5], row[6])


def require_term(conn: Connection, term_id: object) -> Term:
    return term_from_row(fetch_by_id(conn, "term", TERM_SQL, term_id))


def check_term_for_student(student: StudentRef, term: Term, field: str = "term_id") -> None:
    """Per-term records only for terms that end on or after the month of enrolment."""
    month = student.enrolment_month
    if len(month) == 6 and month.isdigit() and term.end_date < f"{month[:4]}-{month[4:]}-01":
        raise RecordInvalid(
            problems=[Problem(field, "term_before_enrolment", params={"term": term.code})]
        )


@dataclass(frozen=True, slots=True)
class Course:
    id: int
    code: str
    name: str
    course_type: str
    credits: float
    hours: int
    major_code: str | None
    required: bool


COURSE_SQL = "SELECT id, code, name, course_type, credits, hours, major_code, required FROM courses"


def course_from_row(r: Sequence[Any]) -> Course:
    return Course(int(r[0]), r[1], r[2], r[3], float(r[4]), int(r[5]), r[6], bool(r[7]))


def require_course(conn: Connection, course_id: object) -> Course:
    return course_from_row(fetch_by_id(conn, "course", COURSE_SQL, course_id))


# -- changes: what differs, the UPDATE, its history and its audit details ------------------------

Changes = dict[str, tuple[object, object]]


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> Changes:
    return {k: (old.get(k), v) for k, v in new.items() if old.get(k) != v}


def new_values(changes: Mapping[str, tuple[object, object]]) -> dict[str, object]:
    return {f: n for f, (_, n) in changes.items()}


def change_details(changes: Mapping[str, tuple[object, object]]) -> dict[str, Any]:
    """The audit form of ``changes``: field -> {"old": ..., "new": ...}."""
    return {f: {"old": o, "new": n} for f, (o, n) in changes.items()}


def update_columns(
    conn: Connection,
    table: str,
    values: Mapping[str, object],
    key: object,
    *,
    key_column: str = "id",
    updated_at: str | None = None,
) -> None:
    """UPDATE one row. Table and column names come from the callers' fixed names, never input."""
    sets = [f"{c} = ?" for c in values]
    params = list(values.values())
    if updated_at is not None:
        sets.append("updated_at = ?")
        params.append(updated_at)
    conn.execute(
        f"UPDATE {table} SET {', '.join(sets)} WHERE {key_column} = ?",  # noqa: S608
        [*params, key],
    )


def history_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_history(
    conn: Connection,
    session: Session,
    *,
    student_id: int,
    entity: str,
    entity_id: int,
    changes: Mapping[str, tuple[object, object]],
    ts: str,
    change_kind: str = "edit",
    reason: str = "",
) -> None:
    """One ``field_history`` row per changed field (old -> new), same timestamp for the batch."""
    conn.executemany(
        "INSERT INTO field_history (student_id, entity, entity_id, field, old_value, new_value,"
        " reason, change_kind, actor, ts) VALUES (?,?,?,?,?,?,?,?,?,?)",
        [
            (
                student_id,
                entity,
                entity_id,
                f,
                history_text(o),
                history_text(n),
                reason,
                change_kind,
                session.username,
                ts,
            )
            for f, (o, n) in changes.items()
        ],
    )
