"""Destruction of scans whose retention period has ended (issue 9 §4; docs/design/retention.md).

The yearly review list (what is due), the proposal (a clerk or admin, WRITE_RECORDS) and the
decision (an admin, DESTROY_RECORDS, with the password again). Approving marks the 销毁清册
rows destroyed — naming what was destroyed (type, title, size, SHA-256, student) and the backups
that still hold it, never the content — and records the blobs nothing live uses any more in
``destroyed_blobs``, all in one transaction with its audit entry. The blob files are removed
after the commit, still under the writer lock; a crash in between leaves files that the next
decision or ``xueji check`` removes (retention_blobs.remove_files). The register itself, its PDF
and xlsx: services/retention_register.py.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from xueji_desktop.core import lifecycle
from xueji_desktop.core.errors import DestructionRefused, NotFound, RecordInvalid
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit, retention_blobs
from xueji_desktop.services.archive import reauthenticate
from xueji_desktop.services.context import Session
from xueji_desktop.services.file_loans import check_today
from xueji_desktop.services.records_common import Checks, require_reason
from xueji_desktop.services.retention_backups import BackupsHolding, backups_holding
from xueji_desktop.services.retention_register import (  # re-exported: destruction.register …
    RegisterEntry,
    export_register,
    name_and_number,
    print_register,
    register,
)
from xueji_desktop.services.retention_rules import (
    PERMANENT_TYPES,
    RetentionRule,
    due_on,
    rules_by_type,
)
from xueji_desktop.storage.connection import Connection
from xueji_desktop.storage.layout import now_utc

MAX_BATCH = 1000  # scans per proposal or decision: a year's review of a large school, in parts
SERIAL_PREFIX = "XH"  # 销毁 (XiaoHui) register serials: XH-2026-0001

# The day a student left: the last standing status change out of school (file_locate's rule),
# else the recorded graduation day.
_LEFT_CTE = (
    "WITH left_day AS (SELECT student_id, MAX(effective_date) AS d FROM status_changes"
    " WHERE revoked = 0 AND status_after NOT IN ('enrolled', 'on_leave', 'none')"
    " GROUP BY student_id) "
)
_ITEM_COLUMNS = (
    "SELECT a.id, a.student_id, s.name, COALESCE(s.student_no, ''), a.doc_type, a.title,"
    " a.added_at, a.voided, s.status, s.voided,"
    " COALESCE(NULLIF(l.d, ''), NULLIF(s.graduation_date, '')),"
    " dr.serial, dr.status, a.blob_name, a.media_type, a.size, a.sha256"
    " FROM attachments a JOIN students s ON s.id = a.student_id"
    " LEFT JOIN left_day l ON l.student_id = a.student_id"
    " LEFT JOIN destruction_register dr ON dr.attachment_id = a.id"
)


@dataclass(frozen=True, slots=True)
class DueItem:
    attachment_id: int
    student_id: int
    student_label: str  # 张三（2025710201001）: name and 学号, never an ID number
    doc_type: str
    title: str
    added_at: str  # UTC ISO timestamp of the scan's adding
    left_on: str | None  # the day the student left (rules counted from leaving)
    due_on: str  # the first day it may be destroyed
    proposed: bool  # already proposed, awaiting an admin's decision
    voided: bool = False  # the scan itself was voided (作废): due like any other of its type
    serial: str = ""  # the proposal's serial when proposed


def _local_day(ts: str) -> datetime.date:
    """The school's calendar day of a stored UTC timestamp."""
    moment = datetime.datetime.strptime(ts[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.UTC)
    return moment.astimezone().date()


def _start(counted_from: str, added_at: str, status: str, left: Any) -> datetime.date | None:
    """The day a period counts from; None when it has not started (in school) or is unknown
    (a leaver whose leaving day was never recorded: kept until it is)."""
    if counted_from == "added":
        return _local_day(added_at)
    if status not in lifecycle.LEFT_STATES or not left:
        return None
    try:
        return datetime.date.fromisoformat(str(left)[:10])
    except ValueError:
        return None


def review_list(session: Session, *, as_of: datetime.date) -> list[DueItem]:
    """The scans whose period ends by ``as_of``: not yet decided on, of students not voided
    (a voided record keeps its scans as evidence), voided scans included. Due day, then 学号."""
    session.require(Permission.READ_RECORDS)
    day = check_today(as_of)
    conn = session.archive.db.conn
    rules = {k: r for k, r in rules_by_type(conn).items() if r.years is not None}
    if not rules:
        return []
    marks = ",".join("?" * len(rules))
    # The SQL's coarse cut (two days of slack for the time zone) keeps a large archive's list
    # short; the exact due day is reckoned below.
    rows = conn.execute(
        _LEFT_CTE + _ITEM_COLUMNS + " JOIN retention_rules r ON r.doc_type = a.doc_type"
        f" WHERE a.doc_type IN ({marks}) AND s.voided = 0"
        " AND (dr.status IS NULL OR dr.status = 'proposed')"
        " AND CASE r.counted_from WHEN 'added' THEN substr(a.added_at, 1, 10)"
        " ELSE COALESCE(NULLIF(l.d, ''), NULLIF(s.graduation_date, '')) END"
        " <= date(?, '-' || r.years || ' years', '+2 days')",
        (*rules, day),
    )
    out = []
    limit = datetime.date.fromisoformat(day)
    for r in rows:
        rule = rules[str(r[4])]
        assert rule.years is not None
        start = _start(rule.counted_from, str(r[6]), str(r[8]), r[10])
        if start is None or due_on(start, rule.years) > limit:
            continue
        out.append(
            DueItem(
                attachment_id=int(r[0]),
                student_id=int(r[1]),
                student_label=name_and_number(str(r[2]), str(r[3])),
                doc_type=str(r[4]),
                title=str(r[5]),
                added_at=str(r[6]),
                left_on=str(r[10])[:10] if rule.counted_from == "left" else None,
                due_on=due_on(start, rule.years).isoformat(),
                proposed=r[12] == "proposed",
                voided=bool(r[7]),
                serial=str(r[11] or ""),
            )
        )
    out.sort(key=lambda i: (i.due_on, i.student_label, i.attachment_id))
    return out


def _ids(field: str, values: object, kind: type) -> list[Any]:
    """A non-empty list of distinct ids (or serials), at most MAX_BATCH."""
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        raise RecordInvalid(problems=[Problem(field, "invalid_type", params={"expected": "list"})])
    items = list(dict.fromkeys(values))
    ck = Checks()
    if not items:
        ck.add(field, "required")
    elif len(items) > MAX_BATCH:
        ck.add(field, "too_many_items", max=MAX_BATCH)
    if any(isinstance(v, bool) or not isinstance(v, kind) for v in items):
        ck.add(field, "invalid_type", expected="integer" if kind is int else "text")
    ck.done()
    return items


def _refusal(rule: RetentionRule, row: Any, today: datetime.date) -> tuple[str, str]:
    """Why the scan of ``row`` (_ITEM_COLUMNS) may not be destroyed on ``today`` under its type's
    rule as it stands now ("" when it may), and its due day."""
    if rule.doc_type in PERMANENT_TYPES or rule.years is None:
        return "permanent", ""
    if row[9]:
        return "voided_student", ""
    start = _start(rule.counted_from, str(row[6]), str(row[8]), row[10])
    if start is None:
        return "in_school", ""
    due = due_on(start, rule.years)
    return ("not_due" if due > today else ""), due.isoformat()


def _next_serials(conn: Connection, year: int, count: int) -> list[str]:
    prefix = f"{SERIAL_PREFIX}-{year}-"
    row = conn.execute(
        "SELECT MAX(CAST(substr(serial, ?) AS INTEGER)) FROM destruction_register"
        " WHERE serial LIKE ?",
        (len(prefix) + 1, prefix + "%"),
    ).fetchone()
    first = int(row[0] or 0) + 1
    return [f"{prefix}{n:04d}" for n in range(first, first + count)]


def propose(
    session: Session, attachment_ids: Sequence[int], *, reason: str, today: datetime.date
) -> list[str]:
    """Propose due scans for destruction (one 销毁清册 row each); returns their serials in the
    order given. All or nothing: DestructionRefused names the first scan that may not go. A
    scan already proposed keeps (and returns) its serial."""
    session.require(Permission.WRITE_RECORDS)
    ids = _ids("attachment_ids", attachment_ids, int)
    why = require_reason(reason)
    day = datetime.date.fromisoformat(check_today(today))
    h = session.archive
    with h.db.atomic() as conn:
        rules = rules_by_type(conn)
        rows: dict[int, Any] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            q = ",".join("?" * len(chunk))
            for r in conn.execute(
                _LEFT_CTE + _ITEM_COLUMNS + f" WHERE a.id IN ({q})",
                chunk,
            ):
                rows[int(r[0])] = r
        serials: dict[int, str] = {}
        fresh: list[tuple[int, Any, str]] = []
        for aid in ids:
            r = rows.get(aid)
            if r is None:
                raise NotFound(kind="attachment", id=aid)
            if r[12] == "proposed":
                serials[aid] = str(r[11])
                continue
            if r[12] is not None:
                raise DestructionRefused(reason="decided", serial=str(r[11]), attachment_id=aid)
            rule = rules[str(r[4])]
            why_not, due = _refusal(rule, r, day)
            if why_not:
                raise DestructionRefused(reason=why_not, attachment_id=aid, due_on=due)
            fresh.append((aid, r, due))
        ts = now_utc()
        for (aid, r, due), serial in zip(
            fresh, _next_serials(conn, day.year, len(fresh)), strict=True
        ):
            rule = rules[str(r[4])]
            conn.execute(
                "INSERT INTO destruction_register (serial, attachment_id, student_id, doc_type,"
                " title, media_type, size, sha256, added_at, rule_years, rule_counted_from,"
                " due_on, proposed_at, proposed_by, reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (serial, aid, int(r[1]), str(r[4]), str(r[5]), str(r[14]), int(r[15]),
                 str(r[16]), str(r[6]), rule.years, rule.counted_from, due, ts,
                 session.username, why),
            )  # fmt: skip
            serials[aid] = serial
        if fresh:
            audit.record(
                h,
                session.username,
                "destruction_proposed",
                details={
                    "register_serials": [serials[a] for a, _r, _d in fresh],
                    "attachment_ids": [a for a, _r, _d in fresh],
                    "student_ids": sorted({int(r[1]) for _a, r, _d in fresh}),
                    "reason": why,
                },
            )
    return [serials[a] for a in ids]


_DECIDE_SQL = (
    "SELECT dr.id, dr.serial, dr.status, dr.attachment_id, dr.student_id, a.blob_name"
    " FROM destruction_register dr JOIN attachments a ON a.id = dr.attachment_id"
)


def _live_among(conn: Connection, names: Sequence[str]) -> set[str]:
    """Which of ``names`` a current photo or a not-destroyed attachment still uses."""
    live: set[str] = set()
    for start in range(0, len(names), 500):
        chunk = list(names[start : start + 500])
        q = ",".join("?" * len(chunk))
        for sql in (
            f"SELECT photo_blob FROM students WHERE photo_blob IN ({q})",  # noqa: S608
            f"SELECT a.blob_name FROM attachments a WHERE a.blob_name IN ({q})"  # noqa: S608
            " AND NOT EXISTS (SELECT 1 FROM destruction_register r"
            " WHERE r.attachment_id = a.id AND r.status = 'destroyed')",
        ):
            live.update(str(r[0]) for r in conn.execute(sql, chunk))
    return live


def decide(
    session: Session,
    serials: Sequence[str],
    *,
    approve: bool,
    admin_password: str,
    remark: str = "",
    today: datetime.date,
    backups: BackupsHolding | None = None,
) -> list[str]:
    """Approve (destroy) or reject proposals; returns the serials decided. An admin's decision,
    with the password again. All or nothing: a serial unknown (NotFound) or already decided
    (DestructionRefused "decided"), or — on approval — a scan that the rules as they stand
    today keep (permanent, not due, a voided student) refuses the whole decision.

    ``backups``: which backups hold the blobs (retention_backups.backups_holding, which the
    GUI runs first to show the admin); None reads them here (before the transaction: drives
    are slow)."""
    session.require(Permission.DESTROY_RECORDS)
    reauthenticate(session, admin_password)
    wanted = _ids("serials", serials, str)
    ck = Checks()
    note = ck.text("remark", remark, max_len=500)
    if not isinstance(approve, bool):
        ck.add("approve", "invalid_type", expected="bool")
    ck.done()
    day = datetime.date.fromisoformat(check_today(today))
    h = session.archive
    if approve and backups is None:
        backups = backups_holding(session, wanted, today=day)
    with h.db.atomic() as conn:
        q = ",".join("?" * len(wanted))
        found = {
            str(r[1]): r for r in conn.execute(_DECIDE_SQL + f" WHERE dr.serial IN ({q})", wanted)
        }
        for serial in wanted:
            row = found.get(serial)
            if row is None:
                raise NotFound(kind="destruction_entry", id=serial)
            if row[2] != "proposed":
                raise DestructionRefused(reason="decided", serial=serial)
        ts = now_utc()
        rows = [found[s] for s in wanted]
        if approve:
            _check_still_due(conn, rows, day)
            assert backups is not None
            for r in rows:
                conn.execute(
                    "UPDATE destruction_register SET status = 'destroyed', decided_at = ?,"
                    " decided_by = ?, decision_remark = ?, backups = ? WHERE id = ?",
                    (ts, session.username, note, _backups_json(backups, str(r[5])), int(r[0])),
                )
            names = sorted({str(r[5]) for r in rows})
            live = _live_among(conn, names)
            first = {str(r[5]): int(r[0]) for r in reversed(rows)}
            gone = [n for n in names if n not in live]
            conn.executemany(
                "INSERT OR IGNORE INTO destroyed_blobs (name, destroyed_at, register_id)"
                " VALUES (?,?,?)",
                [(n, ts, first[n]) for n in gone],
            )
            # After the commit, under the same writer lock (a backup's snapshot sees the files
            # either all there or gone): remove them, and any a crash left behind earlier.
            h.db.after_commit(lambda: _remove_after_commit(session))
        else:
            conn.executemany(
                "UPDATE destruction_register SET status = 'rejected', decided_at = ?,"
                " decided_by = ?, decision_remark = ? WHERE id = ?",
                [(ts, session.username, note, int(r[0])) for r in rows],
            )
        details: dict[str, Any] = {
            "register_serials": wanted,
            "attachment_ids": [int(r[3]) for r in rows],
            "student_ids": sorted({int(r[4]) for r in rows}),
            "remark": note,
        }
        if approve:
            details["blobs_removed"] = len(gone)
        audit.record(
            h,
            session.username,
            "destruction_approved" if approve else "destruction_rejected",
            details=details,
        )
    return wanted


def _remove_after_commit(session: Session) -> None:
    h = session.archive
    retention_blobs.remove_files(h.layout.blobs, h.db.conn)


def _check_still_due(conn: Connection, rows: Sequence[Any], today: datetime.date) -> None:
    """The rules may have changed since the proposal: approve only what they allow today."""
    rules = rules_by_type(conn)
    ids = [int(r[3]) for r in rows]
    q = ",".join("?" * len(ids))
    items = {
        int(r[0]): r for r in conn.execute(_LEFT_CTE + _ITEM_COLUMNS + f" WHERE a.id IN ({q})", ids)
    }
    for r in rows:
        item = items[int(r[3])]
        why_not, due = _refusal(rules[str(item[4])], item, today)
        if why_not:
            raise DestructionRefused(reason=why_not, serial=str(r[1]), due_on=due)


def _backups_json(backups: BackupsHolding, blob: str) -> str:
    return json.dumps(
        [b.to_json() for b in backups.for_blob(blob)], ensure_ascii=False, sort_keys=True
    )


def finish_removals(session: Session) -> int:
    """Remove the files of destroyed blobs that a crash after a decision left behind (also
    done by every approval and by ``xueji check``). Returns how many were removed."""
    session.require(Permission.DESTROY_RECORDS)
    h = session.archive
    with h.db.writer_lock():
        return retention_blobs.remove_files(h.layout.blobs, h.db.conn)


__all__ = [
    "BackupsHolding",
    "DueItem",
    "RegisterEntry",
    "backups_holding",
    "decide",
    "export_register",
    "finish_removals",
    "print_register",
    "propose",
    "register",
    "review_list",
]
