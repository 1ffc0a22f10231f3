"""Work statistics and the day's work log, read from the audit trail (issue 9 §1).

Nothing here is recorded twice: the audit log already says who did what and when. Rules
(docs/design/statistics.md, "Work statistics and the work log"):

- Items, not entries: a bulk or imported batch counts each student or grade it holds (its
  ``added``/``updated``/``saved`` numbers, else the students it names, else 1).
- ``entered`` = students added + new students imported; ``corrected`` = edits, corrections,
  number corrections and students updated by an import; ``status_changes`` = 学籍异动 recorded,
  edited or revoked; ``grades`` = grades, 补考/重修 scores, bulk entries and imported grades;
  ``documents`` = documents issued; ``paper_files`` = paper-file register steps (place,
  contents, intake, loans, dispatch), per student; ``imports`` / ``exports`` = runs.
  ``total`` = the items of work (entered + corrected + status_changes + grades + documents +
  paper_files); imports and exports are runs whose items are in the other columns or are no
  data entry, so they stay outside the total.
- The work log lists one user's entries of one local day in time order, views and sign-in /
  screen-lock entries left out; a subject names students by name and 学号, never ID numbers.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from xueji_desktop.core.errors import RecordInvalid
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission
from xueji_desktop.messages_statistics import ACTION_TEXTS, SUBJECT_TEXTS
from xueji_desktop.services.audit_access import (
    _ENTRY_COLUMNS,
    ACTION_CLASSES,
    EntryRow,
    _entry_students,
    _serial_owners,
    _to_row,
    _utc_bound,
)
from xueji_desktop.services.context import Session
from xueji_desktop.services.statistics import StatRow, StatTable
from xueji_desktop.storage.connection import Connection

__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "WORK_COLUMNS",
    "WORK_COLUMN_LABELS",
    "WorkLog",
    "WorkLogEntry",
    "work_log",
    "work_statistics",
]

WORK_COLUMNS = (
    "entered",
    "corrected",
    "status_changes",
    "grades",
    "documents",
    "imports",
    "exports",
    "paper_files",
    "total",
)
# Own labels: "entered" means something else in statistics.COLUMN_LABELS (入学人数).
WORK_COLUMN_LABELS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "entered": ("录入新生", "students entered"),
        "corrected": ("修改更正", "corrections"),
        "status_changes": ("学籍异动", "status changes"),
        "grades": ("成绩录入", "grades entered"),
        "documents": ("开具证明", "documents issued"),
        "imports": ("导入（次）", "imports (runs)"),
        "exports": ("导出（次）", "exports (runs)"),
        "paper_files": ("纸质档案登记", "paper-file steps"),
        "total": ("工作量合计", "work items, total"),
    }
)
_ITEMS = ("entered", "corrected", "status_changes", "grades", "documents", "paper_files")
_COLUMN_OF = {
    "student_added": "entered",
    "student_edited": "corrected",
    "student_corrected": "corrected",
    "number_corrected": "corrected",
    "status_change_recorded": "status_changes",
    "status_change_edited": "status_changes",
    "status_change_revoked": "status_changes",
    "grade_recorded": "grades",
    "grade_makeup_recorded": "grades",
    "grade_retake_recorded": "grades",
    "grades_recorded_bulk": "grades",
    "document_issued": "documents",
    **dict.fromkeys(
        (
            "paper_file_located",
            "paper_file_contents_set",
            "paper_file_kept",
            "file_received",
            "file_lent",
            "file_returned",
            "file_dispatched",
            "file_dispatch_voided",
            "file_dispatch_serial_set",
            "file_receipt_recorded",
        ),
        "paper_files",
    ),
}
_IMPORTS = frozenset(
    {
        "students_imported",
        "grades_imported",
        "photos_imported",
        "destinations_imported",
        "transfer_package_imported",
    }
)
_NOT_WORK = frozenset(
    {
        "login",
        "login_failed",
        "recovery_failed",
        "session_locked",
        "session_unlocked",
        "throttle_file_reset",
        "throttle_file_entry_rejected",
    }
)


# The days a period or a log may name. The trail holds this machine's clock's days; a year out
# of this range is a typing mistake (0026, 9026), and the ends of the calendar cannot be turned
# into UTC bounds at all (0001-01-01 local is in year 0, 9999-12-31 ends in year 10000).
FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(2200, 12, 31)


def _day_problems(**days: object) -> list[Problem]:
    problems = []
    for name, value in days.items():
        if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
            problems.append(Problem(name, "stat_bad_date"))
        elif not FIRST_DAY <= value <= LAST_DAY:
            params = {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()}
            problems.append(Problem(name, "stat_date_out_of_range", params=params))
    return problems


def _number(details: Mapping[str, object], *keys: str) -> int:
    total = 0
    for key in keys:
        value = details.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            total += value
    return total


def _tally(row: EntryRow, students: set[int]) -> Counter[str]:
    """What one audit entry adds to its user's row."""
    out: Counter[str] = Counter()
    action, d = row.action, row.details
    if action == "students_imported":
        out["entered"] += _number(d, "added")
        out["corrected"] += _number(d, "updated")
    elif action == "grades_imported":
        out["grades"] += _number(d, "added", "updated")
    elif action == "grades_recorded_bulk":
        out["grades"] += _number(d, "saved")
    elif action in _COLUMN_OF:
        out[_COLUMN_OF[action]] += max(1, len(students))
    if action in _IMPORTS:
        out["imports"] += 1
    if action.endswith("_exported") or ACTION_CLASSES.get(action) == "exported":
        out["exports"] += 1
    return out


def _entries(
    conn: Connection, since: str, until: str, actor: str | None, *, counted_only: bool = False
) -> list[EntryRow]:
    sql = f"SELECT {_ENTRY_COLUMNS} FROM audit_log WHERE ts >= ? AND ts < ?"  # noqa: S608
    params: list[object] = [since, until]
    if actor is not None:
        sql += " AND actor = ?"
        params.append(actor)
    if counted_only:  # a year holds many views and sign-ins: leave them in the database
        exported = (a for a, kind in ACTION_CLASSES.items() if kind == "exported")
        counted = sorted({*_COLUMN_OF, *_IMPORTS, *exported, "grades_recorded_bulk"})
        sql += f" AND (action IN ({','.join('?' * len(counted))}) OR action LIKE '%_exported')"
        params.extend(counted)
    return [_to_row(r) for r in conn.execute(sql + " ORDER BY seq", params)]


def work_statistics(session: Session, *, since: datetime.date, until: datetime.date) -> StatTable:
    """Per user, the work done in the period (local days, both included): columns
    ``WORK_COLUMNS`` (labels ``WORK_COLUMN_LABELS``). Users with no work in it have no row."""
    session.require(Permission.MANAGE_SETTINGS)
    problems = _day_problems(since=since, until=until)
    if not problems and since > until:
        problems.append(Problem("until", "stat_period_reversed"))
    if problems:
        raise RecordInvalid(problems)
    conn = session.archive.db.conn
    rows = _entries(
        conn, _utc_bound(since, end=False), _utc_bound(until, end=True), None, counted_only=True
    )
    owners = _serial_owners(conn, rows)
    per_user: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        c = _tally(row, _entry_students(row, owners))
        if c:
            per_user[row.actor].update(c)
    names = dict(conn.execute("SELECT username, display_name FROM users").fetchall())
    out = []
    sums: Counter[str] = Counter()
    for user in sorted(per_user):
        c = per_user[user]
        c["total"] = sum(c[k] for k in _ITEMS)
        sums.update(c)
        label = f"{names[user]}（{user}）" if names.get(user) else user
        out.append(StatRow(user, label, label, tuple(c[k] for k in WORK_COLUMNS)))
    totals = tuple(sums[k] for k in WORK_COLUMNS)
    return StatTable("work_statistics", WORK_COLUMNS, tuple(out), totals)


# -- the day's work log ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WorkLogEntry:
    time: str  # "HH:MM", local time
    action: str
    action_zh: str
    action_en: str
    subject_zh: str
    subject_en: str
    student_ids: tuple[int, ...]
    count: int


@dataclass(frozen=True, slots=True)
class WorkLog:
    user: str
    day: datetime.date
    school: str
    entries: tuple[WorkLogEntry, ...]


def work_log(session: Session, *, day: datetime.date, user: str | None = None) -> WorkLog:
    """``user``'s entries (default: the signed-in user) of the local ``day``, in time order.
    Another user's log needs MANAGE_SETTINGS."""
    session.require(Permission.READ_RECORDS)
    problems = _day_problems(day=day)
    if user is not None and (not isinstance(user, str) or not user.strip() or len(user) > 64):
        problems.append(Problem("user", "stat_bad_user"))
    if problems:
        raise RecordInvalid(problems)
    who = session.username if user is None else user
    if who != session.username:
        session.require(Permission.MANAGE_SETTINGS)
    conn = session.archive.db.conn
    rows = [
        r
        for r in _entries(conn, _utc_bound(day, end=False), _utc_bound(day, end=True), who)
        if r.action not in _NOT_WORK and ACTION_CLASSES.get(r.action) != "viewed"
    ]
    owners = _serial_owners(conn, rows)
    named = {row.seq: _entry_students(row, owners) for row in rows}
    people = _people(conn, {sid for ids in named.values() for sid in ids if len(ids) == 1})
    entries = tuple(_log_entry(conn, row, named[row.seq], people) for row in rows)
    school = conn.execute("SELECT name FROM school WHERE id = 1").fetchone()
    return WorkLog(who, day, str(school[0]) if school else "", entries)


def _people(conn: Connection, ids: set[int]) -> dict[int, tuple[str, str]]:
    wanted, out = sorted(ids), {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for sid, name, no in conn.execute(
            f"SELECT id, name, student_no FROM students WHERE id IN ({marks})",  # noqa: S608
            chunk,
        ):
            out[int(sid)] = (str(name), str(no))
    return out


def _log_entry(
    conn: Connection, row: EntryRow, students: set[int], people: Mapping[int, tuple[str, str]]
) -> WorkLogEntry:
    local = datetime.datetime.strptime(row.ts, "%Y-%m-%dT%H:%M:%S.%fZ")
    local = local.replace(tzinfo=datetime.UTC).astimezone()
    zh, en = ACTION_TEXTS.get(row.action, (row.action, row.action))
    items = sum(_tally(row, students)[k] for k in _ITEMS)
    count = items or len(students) or 1
    key, params = _subject(conn, row, students, people, count)
    subject_zh, subject_en = (t.format(**params) for t in SUBJECT_TEXTS[key])
    ids = tuple(sorted(students))
    return WorkLogEntry(local.strftime("%H:%M"), row.action, zh, en, subject_zh, subject_en, ids,
                        count)  # fmt: skip


def _subject(
    conn: Connection,
    row: EntryRow,
    students: set[int],
    people: Mapping[int, tuple[str, str]],
    count: int,
) -> tuple[str, dict[str, object]]:
    d = row.details
    if len(students) == 1:
        name, no = people.get(next(iter(students)), ("", ""))
        if name:
            return "one_student", {"name": name, "no": no}
    if row.action == "grades_recorded_bulk" and row.target_id.isdigit():
        course = conn.execute("SELECT name FROM courses WHERE id = ?", (int(row.target_id),))
        found = course.fetchone()
        if found:
            return "course", {"course": found[0], "term": _term_name(conn, d.get("term"))}
    class_id = d.get("class_id")
    if isinstance(class_id, int) and not isinstance(class_id, bool):
        found = conn.execute("SELECT name FROM class_groups WHERE id = ?", (class_id,)).fetchone()
        if found:
            return "class", {"class_name": found[0]}
    if students:
        return "students", {"count": len(students)}
    if row.action in ("grades_imported",):
        return "grades", {"count": count}
    return "none", {}


def _term_name(conn: Connection, code: object) -> str:
    if not isinstance(code, str):
        return ""
    found = conn.execute("SELECT name FROM terms WHERE code = ?", (code,)).fetchone()
    return str(found[0]) if found else code
