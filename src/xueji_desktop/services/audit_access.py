"""Who viewed, printed, exported or changed which students' data (issue 9 §2, the access report).

Every audited action type the archive writes is classified once, here (``ACTION_CLASSES``); the
test scans the services' ``audit.record(...)`` calls so a new action cannot be left out. Which
students an entry touches is read from the entry itself: its target (``student`` / a document's
serial) and the ids a batch names in its details (``student_ids``, ``new_ids`` …, as ids or as
``[first, last]`` runs). docs/design/audit-viewer.md has the table and the reasons.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from xueji_desktop.core.errors import RecordInvalid
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission
from xueji_desktop.services.context import Session
from xueji_desktop.storage.connection import Connection

AccessKind = Literal["viewed", "printed", "exported", "changed", "other"]
ACCESS_KINDS: tuple[AccessKind, ...] = ("viewed", "printed", "exported", "changed")

_VIEWED = ("record_viewed", "photo_read", "attachment_read", "file_located")
_PRINTED = (
    "document_issued", "document_printed", "room_paper_printed",
    # issue 9: the work log names students; the access report and 销毁清册 name them too
    "work_log_printed", "access_report_printed", "destruction_register_printed",
)  # fmt: skip
_EXPORTED = (
    "students_exported", "roster_exported", "head_teacher_sheets_exported",
    "status_changes_exported", "graduates_exported", "aid_exported", "health_exported",
    "grade_sheet_exported", "photos_exported", "document_saved",
    # issue 9: reports naming students, the 销毁清册, a student record package
    "access_report_exported", "destruction_register_exported", "transfer_package_exported",
)  # fmt: skip
_CHANGED = (
    # the record itself, its registration and numbers
    "student_added", "student_edited", "student_corrected", "student_voided", "students_imported",
    "student_confirmed", "report_status_changed", "number_corrected", "registry_no_filled",
    # 学籍异动
    "status_change_recorded", "status_change_edited", "status_change_revoked",
    "status_change_report_status",
    # grades, conduct, attendance
    "grade_recorded", "grade_makeup_recorded", "grade_retake_recorded", "grades_recorded_bulk",
    "grades_imported", "conduct_recorded", "conduct_edited", "attendance_recorded",
    "attendance_edited",
    # rewards, aid, internships, certificates (services/record_edits.py: {kind}_added/…)
    "reward_punishment_added", "reward_punishment_voided", "punishment_lifted",
    "punishment_annulled", "internship_added", "internship_edited", "internship_voided",
    "skill_certificate_added", "skill_certificate_voided", "financial_aid_added",
    "financial_aid_edited", "financial_aid_voided",
    # scans, photo, destinations
    "attachment_added", "attachment_voided", "photo_set", "photos_imported", "destination_set",
    "destinations_imported",
    # the paper file: place, contents, intake, loans, dispatch, document register
    "paper_file_located", "paper_file_contents_set", "paper_file_kept", "file_received",
    "file_lent", "file_returned", "file_dispatched", "file_dispatch_voided",
    "file_dispatch_serial_set", "file_receipt_recorded", "document_voided",
    # issue 9: students taken in from a package; scans proposed for and destroyed by retention
    "transfer_package_imported", "destruction_proposed", "destruction_approved",
    "destruction_rejected",
)  # fmt: skip
_OTHER = (
    # accounts and sign-in
    "login", "login_failed", "recovery_failed", "throttle_file_reset",
    "throttle_file_entry_rejected", "session_locked", "session_unlocked", "user_added",
    "user_enabled", "user_disabled", "user_unlocked", "password_changed", "password_reset",
    "recovered_with_code", "recovery_code_verified", "recovery_code_rotated",
    # the archive, its chain, backups
    "archive_created", "schema_migrated", "archive_checked", "archive_restored",
    "audit_reanchored", "search_index_rebuilt", "demo_data_loaded", "national_list_reconciled",
    "backup_made", "backup_drill", "backup_drive_enrolled", "backup_drive_forgotten",
    "backup_time_set",
    # settings and the school's structure (no student's record)
    "setting_changed", "template_imported", "school_calendar_set", "graduation_rules_set",
    "major_added", "class_group_added", "class_group_edited", "course_added", "course_edited",
    "term_added", "term_edited", "retention_rule_set",
    # issue 9: numbers without students, and the 四性检测 report
    "statistics_exported", "statistics_printed", "integrity_report_made",
    "integrity_report_printed", "integrity_report_exported",
)  # fmt: skip

ACTION_CLASSES: Mapping[str, AccessKind] = {
    **dict.fromkeys(_VIEWED, "viewed"),
    **dict.fromkeys(_PRINTED, "printed"),
    **dict.fromkeys(_EXPORTED, "exported"),
    **dict.fromkeys(_CHANGED, "changed"),
    **dict.fromkeys(_OTHER, "other"),
}

# Detail keys that name students: a list of ids, or of [first, last] runs of ids.
_ID_LIST_KEYS = ("student_ids", "new_ids", "updated_ids")
_SERIAL_TARGETS = ("document",)
MAX_LIMIT = 5000


def _classify(action: str, target_type: str = "") -> AccessKind:
    """The access kind of an action; an unknown one (written by a newer version) counts as a
    change when it targets a student, so the report never silently drops it."""
    kind = ACTION_CLASSES.get(action)
    if kind is not None:
        return kind
    return "changed" if target_type == "student" else "other"


@dataclass(frozen=True)
class EntryRow:
    seq: int
    ts: str
    actor: str
    action: str
    target_type: str
    target_id: str
    details: dict[str, Any]


def _ids_from(value: object) -> set[int]:
    out: set[int] = set()
    if not isinstance(value, list):
        return out
    for item in value:
        if isinstance(item, int) and not isinstance(item, bool):
            out.add(item)
        elif (
            isinstance(item, list)
            and len(item) == 2
            and all(isinstance(x, int) and not isinstance(x, bool) for x in item)
            and 0 <= item[1] - item[0] <= 10_000_000
        ):
            out.update(range(item[0], item[1] + 1))
    return out


def _serials_of(row: EntryRow) -> list[str]:
    """Document serials an entry names (its target, or a saved batch's ``serials``)."""
    found = [row.target_id] if row.target_type in _SERIAL_TARGETS and row.target_id else []
    extra = row.details.get("serials")
    if isinstance(extra, list):
        found += [str(s) for s in extra]
    return found


def _entry_students(row: EntryRow, serial_owner: Mapping[str, int]) -> set[int]:
    """Every student an entry touches: target, ``student_id``, id lists and runs, serials."""
    out: set[int] = set()
    if row.target_type == "student" and row.target_id.isdigit():
        out.add(int(row.target_id))
    sid = row.details.get("student_id")
    if isinstance(sid, int) and not isinstance(sid, bool):
        out.add(sid)
    for key in _ID_LIST_KEYS:
        out |= _ids_from(row.details.get(key))
    for serial in _serials_of(row):
        owner = serial_owner.get(serial)
        if owner is not None:
            out.add(owner)
    return out


def _serial_owners(conn: Connection, rows: Iterable[EntryRow]) -> dict[str, int]:
    """The student of each document serial the rows name (class documents have none)."""
    wanted = sorted({s for r in rows for s in _serials_of(r)})
    owners: dict[str, int] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for serial, sid in conn.execute(
            f"SELECT serial, student_id FROM document_register WHERE serial IN ({marks}) "  # noqa: S608
            "AND student_id IS NOT NULL",
            chunk,
        ):
            owners[str(serial)] = int(sid)
    return owners


def _to_row(r: tuple[Any, ...]) -> EntryRow:
    try:
        details = json.loads(r[6])
    except (TypeError, ValueError):
        details = {}
    ts, actor, action, target_type, target_id = (str(v) for v in r[1:6])
    body = details if isinstance(details, dict) else {}
    return EntryRow(int(r[0]), ts, actor, action, target_type, target_id, body)


_ENTRY_COLUMNS = "seq, ts, actor, action, target_type, target_id, details"


def _utc_bound(moment: datetime.date | datetime.datetime, *, end: bool) -> str:
    """A stored-timestamp bound: a date is the school's local day (``end``: up to its end), a
    naive datetime is local time, an aware one is taken as it is."""
    if isinstance(moment, datetime.datetime):
        aware = moment if moment.tzinfo is not None else moment.astimezone()
    else:
        day = moment + datetime.timedelta(days=1) if end else moment
        aware = datetime.datetime.combine(day, datetime.time()).astimezone()
    return aware.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _check_period(since: object, until: object, *, required: bool) -> list[Problem]:
    # The ends of the calendar have no UTC bounds (0001-01-01 local is in year 0): the days the
    # work statistics accept (1900 … 2200) are the days any period here may name.
    from xueji_desktop.services.work_stats import FIRST_DAY, LAST_DAY

    problems: list[Problem] = []
    for name, value in (("since", since), ("until", until)):
        if value is None and not required:
            continue
        if not isinstance(value, datetime.date):
            problems.append(Problem(name, "audit_bad_moment"))
            continue
        day = value.date() if isinstance(value, datetime.datetime) else value
        if not FIRST_DAY <= day <= LAST_DAY:
            params = {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()}
            problems.append(Problem(name, "stat_date_out_of_range", params=params))
    if not problems and since is not None and until is not None:
        assert isinstance(since, datetime.date) and isinstance(until, datetime.date)
        a, b = _utc_bound(since, end=False), _utc_bound(until, end=True)
        if a > b:
            problems.append(Problem("until", "audit_period_reversed"))
    return problems


def _check_student_id(student_id: object) -> list[Problem]:
    if student_id is None:
        return []
    if isinstance(student_id, bool) or not isinstance(student_id, int) or student_id <= 0:
        return [Problem("student_id", "audit_bad_student")]
    return []


# -- the access report ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AccessLine:
    """One user's accesses to one student in the period: entry counts per kind and the seqs."""

    actor: str
    student_id: int
    viewed: int
    printed: int
    exported: int
    changed: int
    seqs: tuple[int, ...]


@dataclass(frozen=True)
class AccessReport:
    since: datetime.date
    until: datetime.date
    lines: tuple[AccessLine, ...]  # by actor, then student id
    # actor -> kind -> distinct students
    per_user: Mapping[str, Mapping[AccessKind, int]]
    # student id -> kind -> sorted actors
    per_student: Mapping[int, Mapping[AccessKind, tuple[str, ...]]]
    # entries of the period that touch students' data but name none (e.g. a bulk grade entry):
    # action -> count, so the report says what it cannot attribute instead of hiding it
    unattributed: Mapping[str, int]


def access_report(
    session: Session,
    *,
    since: datetime.date,
    until: datetime.date,
    student_id: int | None = None,
) -> AccessReport:
    """For the period (local days, both included): which users viewed, printed, exported or
    changed which students' data; optionally for one student only."""
    session.require(Permission.MANAGE_SETTINGS)
    problems = _check_period(since, until, required=True) + _check_student_id(student_id)
    if problems:
        raise RecordInvalid(problems)
    conn = session.archive.db.conn
    cur = conn.execute(
        f"SELECT {_ENTRY_COLUMNS} FROM audit_log WHERE ts >= ? AND ts < ? ORDER BY seq",  # noqa: S608
        (_utc_bound(since, end=False), _utc_bound(until, end=True)),
    )
    rows = [_to_row(r) for r in cur if _classify(str(r[3]), str(r[4])) != "other"]
    owners = _serial_owners(conn, rows)
    counts: dict[tuple[str, int], dict[AccessKind, int]] = defaultdict(
        lambda: dict.fromkeys(ACCESS_KINDS, 0)
    )
    seqs: dict[tuple[str, int], list[int]] = defaultdict(list)
    unattributed: dict[str, int] = defaultdict(int)
    for row in rows:
        kind = _classify(row.action, row.target_type)
        students = _entry_students(row, owners)
        if not students:
            unattributed[row.action] += 1
            continue
        if student_id is not None:
            students &= {student_id}
        for sid in students:
            counts[(row.actor, sid)][kind] += 1
            seqs[(row.actor, sid)].append(row.seq)
    lines = tuple(
        AccessLine(
            actor,
            sid,
            c["viewed"],
            c["printed"],
            c["exported"],
            c["changed"],
            tuple(seqs[(actor, sid)]),
        )
        for (actor, sid), c in sorted(counts.items())
    )
    per_user: dict[str, dict[AccessKind, int]] = {}
    per_student: dict[int, dict[AccessKind, tuple[str, ...]]] = {}
    for line in lines:
        user = per_user.setdefault(line.actor, dict.fromkeys(ACCESS_KINDS, 0))
        stu = per_student.setdefault(line.student_id, {})
        for kind in ACCESS_KINDS:
            if getattr(line, kind):
                user[kind] += 1
                stu[kind] = tuple(sorted({*stu.get(kind, ()), line.actor}))
    return AccessReport(since, until, lines, per_user, per_student, dict(unattributed))
