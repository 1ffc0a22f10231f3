"""The admin's view of the audit chain (issue 9 §2): entries with filters and paging, the before
and after of record changes, whether the chain is intact, and who touched one student.

Everything here reads; nothing is written (reading the audit log is not itself audited: the
viewer shows entry ids, actions and already-scrubbed details, not a student's record). Admin
only: ``Permission.MANAGE_SETTINGS`` (docs/design/audit-viewer.md says why that one).
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from xueji_desktop.core.errors import RecordInvalid
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit
from xueji_desktop.services.audit_access import (
    _ENTRY_COLUMNS,
    ACTION_CLASSES,
    MAX_LIMIT,
    AccessKind,
    EntryRow,
    _check_period,
    _check_student_id,
    _classify,
    _entry_students,
    _serial_owners,
    _to_row,
    _utc_bound,
)
from xueji_desktop.services.context import Session
from xueji_desktop.storage.connection import Connection

# A record change writes its field_history rows and its audit entry in one transaction, a few
# milliseconds apart; two separate saves of the same student by the same user are seconds apart.
_JOIN_WINDOW = datetime.timedelta(seconds=2)
_CHUNK = 1000


@dataclass(frozen=True)
class FieldChange:
    """One field_history row: what the field held before and after."""

    entity: str  # "student", "grade", "financial_aid" … (the record the field belongs to)
    entity_id: int | None
    field: str
    old_value: str | None
    new_value: str | None
    change_kind: str
    reason: str


@dataclass(frozen=True)
class AuditItem:
    seq: int
    ts: str  # UTC, as stored
    actor: str
    action: str
    kind: AccessKind  # viewed / printed / exported / changed / other
    target_type: str
    target_id: str
    details: dict[str, Any]  # as stored: ID numbers masked, secrets dropped
    student_ids: tuple[int, ...]  # every student the entry touches (target and batch ids)
    changes: tuple[FieldChange, ...]  # before/after, for a change of one student's record


@dataclass(frozen=True)
class AuditPage:
    entries: tuple[AuditItem, ...]  # newest first
    # Pass as ``before_seq`` for the next (older) page; None: this was the last one.
    next_before_seq: int | None


ChainState = Literal["intact", "broken", "anchor_mismatch", "anchor_missing", "anchor_absent"]


@dataclass(frozen=True)
class ChainStatus:
    state: ChainState
    entries: int  # entries that verified, from the first on
    head_seq: int  # the last entry that verified
    bad_seq: int | None  # broken: the first entry that does not verify (or the missing one)

    @property
    def intact(self) -> bool:
        return self.state == "intact"


# -- filters -------------------------------------------------------------------------------------


def _check_filters(
    actor: object, actions: object, limit: object, before_seq: object
) -> list[Problem]:
    problems: list[Problem] = []
    if actor is not None and (not isinstance(actor, str) or not actor.strip() or len(actor) > 64):
        problems.append(Problem("actor", "audit_bad_actor"))
    if actions is not None:
        if isinstance(actions, str | bytes) or not isinstance(actions, Collection) or not actions:
            problems.append(Problem("actions", "audit_bad_actions"))
        else:
            for name in sorted(map(str, actions)):
                if name not in ACTION_CLASSES:
                    problems.append(
                        Problem("actions", "audit_unknown_action", params={"action": name[:40]})
                    )
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        problems.append(Problem("limit", "audit_bad_limit", params={"max": str(MAX_LIMIT)}))
    if before_seq is not None and (
        isinstance(before_seq, bool) or not isinstance(before_seq, int) or before_seq < 1
    ):
        problems.append(Problem("before_seq", "audit_bad_seq"))
    return problems


def _matching(
    conn: Connection, where: list[str], params: list[Any], student_id: int | None
) -> Iterator[tuple[EntryRow, set[int]]]:
    """Entries newest first with the students each touches; with ``student_id``, only those
    touching that student (SQL narrows to entries that could name students, Python decides)."""
    clauses = list(where)
    args = list(params)
    if student_id is not None:
        clauses.append(
            "((target_type = 'student' AND target_id = ?) OR target_type = 'document' "
            "OR details LIKE '%student_id%' OR details LIKE '%_ids\"%' OR details LIKE '%serials%')"
        )
        args.append(str(student_id))
    sql = f"SELECT {_ENTRY_COLUMNS} FROM audit_log"  # noqa: S608
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    cur = conn.execute(sql + " ORDER BY seq DESC", args)
    while True:
        rows = [_to_row(r) for r in cur.fetchmany(_CHUNK)]
        if not rows:
            return
        owners = _serial_owners(conn, rows)
        for row in rows:
            students = _entry_students(row, owners)
            if student_id is None or student_id in students:
                yield row, students


# -- before/after --------------------------------------------------------------------------------


def _parse(ts: str) -> datetime.datetime:
    return datetime.datetime.strptime(ts, "%Y-%m-%dT%H:%M:%S.%fZ")


def _one_student_change(r: EntryRow) -> bool:
    return (
        r.target_type == "student"
        and r.target_id.isdigit()
        and _classify(r.action, r.target_type) == "changed"
    )


def _changes_for(conn: Connection, rows: Sequence[EntryRow]) -> dict[int, list[FieldChange]]:
    """field_history rows for the entries that change one student's record. A row belongs to the
    change entry (kind "changed") of the same actor for the same student nearest in time (within
    ``_JOIN_WINDOW``); change entries outside the page compete too, so a row never lands on the
    wrong neighbour. Views and prints never compete: the CLI's ``student edit`` writes its
    ``record_viewed`` milliseconds before the correction's rows, nearer than a slow save's own
    entry, and would otherwise take them."""
    single = [r for r in rows if _one_student_change(r)]
    if not single:
        return {}
    sids = sorted({int(r.target_id) for r in single})
    lo = min(_parse(r.ts) for r in single) - _JOIN_WINDOW
    hi = max(_parse(r.ts) for r in single) + _JOIN_WINDOW
    bounds = (lo.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), hi.strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
    marks = ",".join("?" * len(sids))
    rivals: dict[tuple[str, int], list[tuple[datetime.datetime, int]]] = {}
    # ``marks`` is only "?,?,…": every value is a bound parameter.
    near_sql = f"SELECT seq, ts, actor, action, target_id FROM audit_log WHERE target_type = 'student' AND target_id IN ({marks}) AND ts BETWEEN ? AND ?"  # noqa: S608, E501
    for seq, ts, actor, action, tid in conn.execute(
        near_sql, [str(s) for s in sids] + list(bounds)
    ):
        # only entries that can own history rows; an unknown (newer) action targeting a student
        # classifies as "changed", so it competes rather than letting its rows drift elsewhere
        if _classify(str(action), "student") == "changed":
            rivals.setdefault((str(actor), int(tid)), []).append((_parse(str(ts)), int(seq)))
    wanted = {r.seq for r in single}
    out: dict[int, list[FieldChange]] = {}
    history_sql = f"SELECT student_id, entity, entity_id, field, old_value, new_value, reason, change_kind, actor, ts FROM field_history WHERE student_id IN ({marks}) AND ts BETWEEN ? AND ? ORDER BY id"  # noqa: S608, E501
    for sid, entity, eid, field, old, new, reason, ck, actor, ts in conn.execute(
        history_sql, [*sids, *bounds]
    ):
        at = _parse(str(ts))
        near = [(abs(t - at), seq) for t, seq in rivals.get((str(actor), int(sid)), [])]
        if not near:
            continue
        gap, seq = min(near)
        if gap <= _JOIN_WINDOW and seq in wanted:
            out.setdefault(seq, []).append(
                FieldChange(
                    str(entity),
                    None if eid is None else int(eid),
                    str(field),
                    old,
                    new,
                    str(ck),
                    str(reason),
                )
            )
    return out


def _items(conn: Connection, found: Sequence[tuple[EntryRow, set[int]]]) -> tuple[AuditItem, ...]:
    changes = _changes_for(conn, [r for r, _ in found])
    return tuple(
        AuditItem(
            r.seq,
            r.ts,
            r.actor,
            r.action,
            _classify(r.action, r.target_type),
            r.target_type,
            r.target_id,
            r.details,
            tuple(sorted(students)),
            tuple(changes.get(r.seq, ())),
        )
        for r, students in found
    )


# -- the service functions -----------------------------------------------------------------------


def audit_entries(
    session: Session,
    *,
    actor: str | None = None,
    actions: Collection[str] | None = None,
    student_id: int | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    limit: int = 500,
    before_seq: int | None = None,
) -> AuditPage:
    """One page of audit entries, newest first. ``since``/``until``: a date is a local day (both
    included), a datetime a moment. The next page: ``before_seq=page.next_before_seq``."""
    session.require(Permission.MANAGE_SETTINGS)
    problems = (
        _check_filters(actor, actions, limit, before_seq)
        + _check_student_id(student_id)
        + _check_period(since, until, required=False)
    )
    if problems:
        raise RecordInvalid(problems)
    where: list[str] = []
    params: list[Any] = []
    if actor is not None:
        where.append("actor = ?")
        params.append(actor)
    if actions is not None:
        names = sorted(set(actions))
        where.append(f"action IN ({','.join('?' * len(names))})")
        params += names
    if since is not None:
        where.append("ts >= ?")
        params.append(_utc_bound(since, end=False))
    if until is not None:
        where.append("ts < ?")
        params.append(_utc_bound(until, end=True))
    if before_seq is not None:
        where.append("seq < ?")
        params.append(before_seq)
    conn = session.archive.db.conn
    found: list[tuple[EntryRow, set[int]]] = []
    for hit in _matching(conn, where, params, student_id):
        found.append(hit)
        if len(found) > limit:  # one more than asked: there is an older page
            break
    more = len(found) > limit
    page = found[:limit]
    return AuditPage(_items(conn, page), page[-1][0].seq if more and page else None)


def chain_status(session: Session) -> ChainStatus:
    """services/audit.verify in plain terms, for the viewer to say on open."""
    session.require(Permission.MANAGE_SETTINGS)
    report = audit.verify(session.archive)
    if report.ok:
        return ChainStatus("intact", report.entries, report.head_seq, None)
    state: ChainState = {
        "anchor_mismatch": "anchor_mismatch",
        "anchor_missing": "anchor_missing",
        "anchor_absent": "anchor_absent",
    }.get(report.reason or "", "broken")  # type: ignore[assignment]
    return ChainStatus(state, report.entries, report.head_seq, report.first_bad_seq)


def who_touched(session: Session, student_id: int) -> list[AuditItem]:
    """Every entry touching the student, newest first: as target, in a batch's ids, or through a
    document issued to them; record changes with their before and after."""
    session.require(Permission.MANAGE_SETTINGS)
    problems = _check_student_id(student_id)
    if problems:
        raise RecordInvalid(problems)
    conn = session.archive.db.conn
    return list(_items(conn, list(_matching(conn, [], [], student_id))))
