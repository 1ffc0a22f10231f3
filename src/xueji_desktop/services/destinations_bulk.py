"""毕业去向 in bulk: a class's leavers at once (issue 8 §4).

``set_destinations`` writes many students' destinations in ONE transaction, all or nothing.
Each row goes through ``destinations.set_destination`` itself (inside the outer transaction, as
a savepoint), so the rules, the field history and the per-student ``destination_set`` audit
entry are exactly a single entry's; nothing here decides what a valid destination is. Every
row's problems are collected before anything is kept: one ``RecordInvalid`` names them all,
each field prefixed with the row's index ("rows[3].destination_employer"), and the whole batch
is rolled back.

Problem fields are the destination's own names for a clerk's sentence: ``destination_kind``
(毕业去向), ``destination_employer`` (单位或学校), ``matches_major``, ``recorded_on``, ``remark``
(messages_destinations.DESTINATION_FIELD_NAMES); the student's own problems are on
``student_id``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from xueji_desktop.core.errors import NotFound, RecordInvalid, RecordVoided
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission
from xueji_desktop.services.context import Session
from xueji_desktop.services.destinations import Destination, set_destination
from xueji_desktop.services.records_common import require_id
from xueji_desktop.storage.connection import Connection

__all__ = [
    "FIELD_NAMES",
    "ClassLeaver",
    "DestinationRow",
    "class_destinations",
    "set_destinations",
]

# set_destination's field -> the name a clerk reads in a batch or a sheet (毕业去向, 单位或学校).
FIELD_NAMES: Mapping[str, str] = {
    "kind": "destination_kind",
    "employer": "destination_employer",
    "matches_major": "matches_major",
    "recorded_on": "recorded_on",
    "remark": "remark",
    "status": "student_id",
    "student_id": "student_id",
}
_IN_SCHOOL = ("enrolled", "on_leave")
_DEST_SQL = "SELECT kind, employer, matches_major, recorded_on, remark FROM destinations"


@dataclass(frozen=True, slots=True)
class DestinationRow:
    """One student's destination as a form or a sheet gives it (ISO date)."""

    student_id: int
    kind: str
    recorded_on: str
    employer: str = ""
    matches_major: bool | None = None
    remark: str = ""


@dataclass(frozen=True, slots=True)
class ClassLeaver:
    """A student of the class who has left, with the destination recorded (None: not yet)."""

    student_id: int
    student_no: str
    name: str
    status: str
    left_on: str  # graduation_date ("" when not recorded)
    destination: Destination | None


def _row_field(index: int, field: str) -> str:
    """The problem field of a batch row: "rows[3].destination_kind"."""
    return f"rows[{index}].{FIELD_NAMES.get(field, field)}"


def _student_problems(exc: Exception) -> list[Problem]:
    """A refusal of set_destination as problems on the row's own fields (not prefixed)."""
    if isinstance(exc, RecordInvalid):
        return [
            Problem(FIELD_NAMES.get(p.field, p.field), p.code, p.severity, p.params)
            for p in exc.problems
            if isinstance(p, Problem)
        ]
    if isinstance(exc, RecordVoided):
        return [Problem("student_id", "record_voided")]
    if isinstance(exc, NotFound):
        return [Problem("student_id", "not_found")]
    raise exc


def _stored(conn: Connection, student_id: int) -> tuple[object, ...] | None:
    row = conn.execute(_DEST_SQL + " WHERE student_id = ?", (student_id,)).fetchone()
    return None if row is None else tuple(row)


def _write_row(session: Session, row: DestinationRow) -> bool:
    """One row through set_destination (inside the caller's transaction); True when the stored
    destination changed. Raises set_destination's refusals."""
    conn = session.archive.db.conn
    sid = require_id("student", row.student_id)
    before = _stored(conn, sid)
    set_destination(
        session,
        sid,
        kind=row.kind,
        employer=row.employer,
        matches_major=row.matches_major,
        recorded_on=row.recorded_on,
        remark=row.remark,
    )
    return _stored(conn, sid) != before


def set_destinations(session: Session, rows: Sequence[DestinationRow]) -> int:
    """The destinations of ``rows`` in one transaction: all, or nothing with every row's
    problems in one RecordInvalid. A student named twice is a problem of the later row.
    Returns how many students' destinations changed (a row equal to the stored one: none)."""
    session.require(Permission.WRITE_RECORDS)
    problems: list[Problem] = []
    seen: dict[int, int] = {}
    changed = 0
    with session.archive.db.atomic():
        for index, row in enumerate(rows):
            if not isinstance(row, DestinationRow):
                problems.append(Problem(f"rows[{index}]", "invalid_type"))
                continue
            if isinstance(row.student_id, int) and row.student_id in seen:
                first = str(seen[row.student_id] + 1)
                field = _row_field(index, "student_id")
                problems.append(Problem(field, "duplicate_student", params={"first_row": first}))
                continue
            if isinstance(row.student_id, int) and not isinstance(row.student_id, bool):
                seen[row.student_id] = index
            try:
                changed += _write_row(session, row)
            except (RecordInvalid, RecordVoided, NotFound) as exc:
                problems.extend(
                    Problem(f"rows[{index}].{p.field}", p.code, p.severity, p.params)
                    for p in _student_problems(exc)
                )
        if problems:
            # Raised inside the transaction: the rows already written are rolled back.
            raise RecordInvalid(problems=problems)
    return changed


def class_destinations(session: Session, class_group_id: int) -> list[ClassLeaver]:
    """Every student of the class who has left (not voided), by 学号, with the destination
    recorded for each (None: not yet). NotFound for an unknown class."""
    session.require(Permission.READ_RECORDS)
    cid = require_id("class_group", class_group_id)
    conn = session.archive.db.conn
    if conn.execute("SELECT 1 FROM class_groups WHERE id = ?", (cid,)).fetchone() is None:
        raise NotFound(kind="class_group", id=cid)
    rows = conn.execute(
        "SELECT s.id, COALESCE(s.student_no, ''), s.name, s.status, s.graduation_date,"
        " d.kind, d.employer, d.matches_major, d.recorded_on, d.remark"
        " FROM students s LEFT JOIN destinations d ON d.student_id = s.id"
        " WHERE s.class_group_id = ? AND s.voided = 0 AND s.status NOT IN (?, ?)"
        " ORDER BY s.student_no, s.id",
        (cid, *_IN_SCHOOL),
    ).fetchall()
    out: list[ClassLeaver] = []
    for r in rows:
        dest = None
        if r[5] is not None:
            flag = None if r[7] is None else bool(r[7])
            dest = Destination(int(r[0]), str(r[5]), str(r[6]), flag, str(r[8]), str(r[9]))
        out.append(ClassLeaver(int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), dest))
    return out
