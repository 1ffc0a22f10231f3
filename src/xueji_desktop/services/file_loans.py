"""借阅登记: the loan register of the archive room's paper files (docs/design/paper-files.md).

A file is lent to one borrower at a time (a unique partial index backs the rule), is not lent
while it has been dispatched, and is returned once. Each step is one transaction with its audit
entry (``file_lent``, ``file_returned``: ids, codes and dates only, never names). The
``paper_files`` row of a student is made here on first need. The small helpers at the bottom
(the file's state, the student's label, the row on first need) are shared with
services/file_dispatch.py; they take a connection inside the caller's checked transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from xueji_desktop.core.errors import NotFound, PaperFileUnavailable, RecordInvalid
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit
from xueji_desktop.services.context import Session
from xueji_desktop.services.records_common import ISO_DAY, Checks, require_id, require_student
from xueji_desktop.storage.connection import Connection
from xueji_desktop.storage.layout import now_utc

# Until services/calendar_settings exists the loan period is the design's default.
DEFAULT_LOAN_DAYS = 30
# A due date further than this from the day lent is a typing mistake, not a loan.
MAX_LOAN_DAYS = 366
MAX_LIST = 10_000
MAX_ID = 2**63 - 1


@dataclass(frozen=True, slots=True)
class Loan:
    id: int
    student_id: int
    name: str
    student_no: str
    borrower: str
    borrower_unit: str
    purpose: str
    lent_on: str
    due_on: str
    lent_by: str
    remark: str
    returned_on: str | None
    returned_by: str | None
    return_remark: str


_LOAN_SQL = (
    "SELECT l.id, l.student_id, s.name, s.student_no, l.borrower, l.borrower_unit, l.purpose,"
    " l.lent_on, l.due_on, l.lent_by, l.remark, l.returned_on, l.returned_by, l.return_remark"
    " FROM file_loans l JOIN students s ON s.id = l.student_id"
)


def _loan(row: Sequence[Any]) -> Loan:
    return Loan(int(row[0]), int(row[1]), *row[2:])


def lend_file(
    session: Session,
    student_id: int,
    *,
    borrower: str,
    purpose: str,
    lent_on: str,
    due_on: str | None = None,
    borrower_unit: str = "",
    remark: str = "",
) -> int:
    """Lend the student's paper file; the due date defaults to ``lent_on`` + the calendar's loan
    period. Refused while the file is on loan or dispatched. Returns the loan id."""
    session.require(Permission.WRITE_RECORDS)
    ck = Checks()
    who = ck.text("borrower", borrower, required=True, max_len=100)
    unit = ck.text("borrower_unit", borrower_unit, max_len=200)
    why = ck.text("purpose", purpose, required=True, max_len=200)
    note = ck.text("remark", remark, max_len=500)
    lent = ck.date("lent_on", lent_on)
    due = "" if due_on is None or due_on == "" else iso_day(ck, "due_on", due_on)
    ck.done()
    if not due:
        due = (
            datetime.date.fromisoformat(lent) + datetime.timedelta(_loan_days(session))
        ).isoformat()
    if due < lent:
        ck.add("due_on", "due_before_lent")
    elif datetime.date.fromisoformat(due) - datetime.date.fromisoformat(lent) > datetime.timedelta(
        MAX_LOAN_DAYS
    ):
        ck.add("due_on", "due_too_far", max_days=MAX_LOAN_DAYS)
    ck.done()
    h = session.archive
    with h.db.atomic() as conn:
        student = require_student(conn, checked_id("student", student_id))
        state = file_state(conn, student.id)
        if state.loan_id is not None:
            raise PaperFileUnavailable(reason="on_loan", student=student_label(conn, student.id))
        if state.dispatch_id is not None:
            raise PaperFileUnavailable(reason="dispatched", student=student_label(conn, student.id))
        ts = now_utc()
        ensure_paper_file(conn, student.id, ts, session.username)
        cur = conn.execute(
            "INSERT INTO file_loans (student_id, borrower, borrower_unit, purpose, lent_on, due_on,"
            " lent_by, remark) VALUES (?,?,?,?,?,?,?,?)",
            (student.id, who, unit, why, lent, due, session.username, note),
        )
        loan_id = int(cur.lastrowid or 0)
        audit.record(
            h,
            session.username,
            "file_lent",
            target_type="student",
            target_id=student.id,
            details={"loan_id": loan_id, "lent_on": lent, "due_on": due},
        )
    return loan_id


def return_file(session: Session, student_id: int, *, returned_on: str, remark: str = "") -> int:
    """Record the return of the student's open loan (once); returns the loan id.

    Allowed for a voided record too: the return is a fact about paper that is physically back
    in the room, not an edit of the record, and a loan must always be closable."""
    session.require(Permission.WRITE_RECORDS)
    ck = Checks()
    back = ck.date("returned_on", returned_on)
    note = ck.text("remark", remark, max_len=500)
    ck.done()
    h = session.archive
    with h.db.atomic() as conn:
        sid = existing_student(conn, student_id)
        row = conn.execute(
            "SELECT id, lent_on FROM file_loans WHERE student_id = ? AND returned_on IS NULL",
            (sid,),
        ).fetchone()
        if row is None:
            raise PaperFileUnavailable(reason="not_on_loan", student=student_label(conn, sid))
        loan_id, lent = int(row[0]), str(row[1])
        if back < lent:
            raise RecordInvalid(
                problems=[Problem("returned_on", "return_before_lent", params={"lent_on": lent})]
            )
        conn.execute(
            "UPDATE file_loans SET returned_on = ?, returned_by = ?, return_remark = ?"
            " WHERE id = ?",
            (back, session.username, note, loan_id),
        )
        audit.record(
            h,
            session.username,
            "file_returned",
            target_type="student",
            target_id=sid,
            details={"loan_id": loan_id, "returned_on": back},
        )
    return loan_id


def list_loans(
    session: Session, *, open_only: bool = False, student_id: int | None = None, limit: int = 500
) -> list[Loan]:
    """The loan register, newest first (by the day lent, then entry order)."""
    session.require(Permission.READ_RECORDS)
    ck = Checks()
    only_open = ck.flag("open_only", open_only)
    most = ck.integer("limit", limit, low=1, high=MAX_LIST)
    ck.done()
    conn = session.archive.db.conn
    where, params = [], []
    if student_id is not None:
        where.append("l.student_id = ?")
        params.append(existing_student(conn, student_id))
    if only_open:
        where.append("l.returned_on IS NULL")
    sql = _LOAN_SQL + (" WHERE " + " AND ".join(where) if where else "")
    rows = conn.execute(sql + " ORDER BY l.lent_on DESC, l.id DESC LIMIT ?", (*params, most))
    return [_loan(r) for r in rows]


def overdue_loans(session: Session, *, today: datetime.date) -> list[Loan]:
    """Open loans whose due date is before ``today`` (the caller's clock), oldest due first.
    Loans of voided records are listed too, as in list_loans: the paper is still out with the
    borrower, and its return can be recorded (return_file)."""
    session.require(Permission.READ_RECORDS)
    day = check_today(today)
    rows = session.archive.db.conn.execute(
        _LOAN_SQL + " WHERE l.returned_on IS NULL AND l.due_on < ? ORDER BY l.due_on, l.id",
        (day,),
    )
    return [_loan(r) for r in rows]


def _loan_days(session: Session) -> int:
    """The calendar's loan period; the default until services/calendar_settings is there."""
    try:
        from xueji_desktop.services import calendar_settings
    except ModuleNotFoundError as exc:
        if exc.name != "xueji_desktop.services.calendar_settings":
            raise
        return DEFAULT_LOAN_DAYS
    return int(calendar_settings.get_calendar(session).loan_days)


# -- shared with services/file_dispatch.py (inside the caller's checked transaction) -------------


@dataclass(frozen=True, slots=True)
class FileState:
    """Where the register says the file is: the open loan, the live dispatch, kept or not."""

    loan_id: int | None
    dispatch_id: int | None
    kept: bool


def file_state(conn: Connection, student_id: int) -> FileState:
    loan = conn.execute(
        "SELECT id FROM file_loans WHERE student_id = ? AND returned_on IS NULL", (student_id,)
    ).fetchone()
    sent = conn.execute(
        "SELECT id FROM file_dispatches WHERE student_id = ? AND voided_at IS NULL", (student_id,)
    ).fetchone()
    kept = conn.execute(
        "SELECT kept FROM paper_files WHERE student_id = ?", (student_id,)
    ).fetchone()
    return FileState(
        None if loan is None else int(loan[0]),
        None if sent is None else int(sent[0]),
        bool(kept and kept[0]),
    )


def student_label(conn: Connection, student_id: int) -> str:
    """ "张三（2025001）": how an error names the student (never the ID number)."""
    row = conn.execute(
        "SELECT name, student_no FROM students WHERE id = ?", (student_id,)
    ).fetchone()
    if row is None:
        return str(student_id)
    return f"{row[0]}（{row[1]}）" if row[1] else str(row[0])


def ensure_paper_file(conn: Connection, student_id: int, ts: str, actor: str) -> None:
    """The student's ``paper_files`` row, made on first need (a loan, a dispatch)."""
    conn.execute(
        "INSERT OR IGNORE INTO paper_files (student_id, updated_at, updated_by) VALUES (?,?,?)",
        (student_id, ts, actor),
    )


def existing_student(conn: Connection, student_id: object) -> int:
    """A student id filter of a list: an int of a student the archive holds (voided or not)."""
    sid = checked_id("student", student_id)
    if conn.execute("SELECT 1 FROM students WHERE id = ?", (sid,)).fetchone() is None:
        raise NotFound(kind="student", id=sid)
    return sid


def checked_id(kind: str, value: object) -> int:
    """An id argument (RecordInvalid unless an int); NotFound when no row can have it (SQLite
    cannot even compare an int beyond 64 bits)."""
    rid = require_id(kind, value)
    if not 0 < rid <= MAX_ID:
        raise NotFound(kind=kind, id=rid)
    return rid


def iso_day(ck: Checks, field: str, value: object) -> str:
    """An ISO date that may lie in the future (a due date); '' with a problem when not."""
    if isinstance(value, datetime.datetime) or not isinstance(value, str | datetime.date):
        ck.add(field, "invalid_type", expected="date")
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = value.strip()
    try:
        day = datetime.date.fromisoformat(text) if ISO_DAY.fullmatch(text) else None
    except ValueError:
        day = None
    if day is None:
        ck.add(field, "invalid_date")
        return ""
    return day.isoformat()


def check_today(today: object) -> str:
    """The caller's ``today`` (a date, not a datetime or text) as ISO text."""
    if isinstance(today, datetime.datetime) or not isinstance(today, datetime.date):
        raise RecordInvalid(
            problems=[Problem("today", "invalid_type", params={"expected": "date"})]
        )
    return today.isoformat()
