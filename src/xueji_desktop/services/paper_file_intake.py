"""The receiving register (新生档案接收登记): one batch per delivery of paper files.

A batch records from where the files came, when, who brought and who received them, and per
student which papers arrived and which were missing. It is all or nothing: one bad row and
nothing is written, with every problem named by its row (``items[3].contents``). Receiving sets
the file's ``received_on`` and intake batch, adds the papers that arrived to its contents and,
when a place is given, shelves it. Batches are never changed (triggers): a mistake is corrected
through the contents and the location, which keep their own history.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from xueji_desktop.core.errors import NotFound, PaperFileUnavailable, RecordInvalid
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit
from xueji_desktop.services.context import Session
from xueji_desktop.services.file_loans import MAX_ID, checked_id, file_state, student_label
from xueji_desktop.services.paper_file_rows import (
    MAX_PIECES,
    MAX_STUDENTS,
    DocType,
    Location,
    check_contents,
    check_location,
    current_contents,
    doc_types,
    ensure_row,
    move_file,
    required_for,
    shown,
    write_contents,
)
from xueji_desktop.services.records_common import Checks
from xueji_desktop.storage.connection import Connection
from xueji_desktop.storage.layout import now_utc

INTAKE_KINDS = ("new_intake", "transfer_in", "other")
INTAKE_KIND_LABELS: dict[str, tuple[str, str]] = {
    "new_intake": ("新生入学", "new intake"),
    "transfer_in": ("转学转入", "transfer in"),
    "other": ("其他", "other delivery"),
}
MAX_LIST = 5000


@dataclass(frozen=True, slots=True)
class IntakeItem:
    student_id: int
    contents: Mapping[str, int]
    missing: Sequence[str] | None = None  # None: the required types that did not arrive
    remark: str = ""


@dataclass(frozen=True, slots=True)
class IntakeLine:
    student_id: int
    name: str
    student_no: str
    class_name: str
    contents: dict[str, int]
    missing: tuple[str, ...]
    remark: str


@dataclass(frozen=True, slots=True)
class Intake:
    id: int
    kind: str
    source: str
    received_on: str
    delivered_by: str
    received_by: str
    remark: str
    created_at: str
    lines: tuple[IntakeLine, ...]  # () in list_intakes


@dataclass(frozen=True, slots=True)
class _Row:
    student_id: int
    contents: dict[str, int]
    missing: tuple[str, ...] | None
    remark: str


def _check_missing(ck: Checks, fld: str, value: object, known: Sequence[str]) -> tuple[str, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence):
        ck.add(fld, "invalid_type", expected="doc_types")
        return ()
    out: list[str] = []
    for doc in value:
        if not isinstance(doc, str) or doc not in known:
            ck.add(fld, "unknown_paper_type", doc_type=shown(doc))
        elif doc not in out:
            out.append(doc)
    return tuple(out)


def _check_items(ck: Checks, items: object, types: Sequence[DocType]) -> list[_Row]:
    if isinstance(items, str | bytes | Mapping) or not isinstance(items, Sequence):
        ck.add("items", "invalid_type", expected="items")
        return []
    if not items:
        ck.add("items", "required")
        return []
    if len(items) > MAX_STUDENTS:
        ck.add("items", "too_many_students", max=MAX_STUDENTS)
        return []
    known = [t.code for t in types]
    names = {t.code: t.name for t in types}
    rows: list[_Row] = []
    seen: set[int] = set()
    for i, item in enumerate(items):
        at = f"items[{i}]"
        if not isinstance(item, IntakeItem):
            ck.add(at, "invalid_type", expected="intake_item")
            continue
        sid = item.student_id
        if isinstance(sid, bool) or not isinstance(sid, int):
            ck.add(f"{at}.student_id", "invalid_type", expected="student_id")
        elif sid in seen:
            ck.add(f"{at}.student_id", "duplicate_in_batch")
        else:
            seen.add(sid)
        contents = check_contents(ck, f"{at}.contents", item.contents, known)
        missing = (
            None
            if item.missing is None
            else _check_missing(ck, f"{at}.missing", item.missing, known)
        )
        remark = ck.text(f"{at}.remark", item.remark, max_len=500)
        arrived = {d: n for d, n in contents.items() if n}
        for doc in missing or ():
            if doc in arrived:  # the receipt would print it under both headings
                ck.add(f"{at}.missing", "received_and_missing", doc_name=names[doc])
        rows.append(_Row(sid, arrived, missing, remark))
    return rows


def _check_students(conn: Connection, ck: Checks, rows: Sequence[_Row]) -> dict[int, str]:
    """id -> status of every row's student; unknown and voided ones become row problems."""
    statuses: dict[int, str] = {}
    for i, row in enumerate(rows):
        found = None
        if 0 < row.student_id <= MAX_ID:
            found = conn.execute(
                "SELECT status, voided FROM students WHERE id = ?", (row.student_id,)
            ).fetchone()
        if found is None:
            ck.add(f"items[{i}].student_id", "not_found")
        elif found[1]:
            ck.add(f"items[{i}].student_id", "record_voided")
        else:
            statuses[row.student_id] = str(found[0])
    return statuses


def receive_files(
    session: Session,
    *,
    kind: str,
    source: str,
    received_on: str,
    items: Sequence[IntakeItem],
    delivered_by: str = "",
    remark: str = "",
    location: Location | None = None,
) -> int:
    """Register one delivery of paper files; all or nothing. Returns the batch (intake) id.

    A student already received in another batch may be received again (a second delivery,
    e.g. the missing papers): the papers add to the folder's contents, and the batch with the
    later date (the new one on the same date) becomes the file's ``received_on``.
    """
    session.require(Permission.WRITE_RECORDS)
    ck = Checks()
    kind_ = ck.choice("kind", kind, INTAKE_KINDS, INTAKE_KIND_LABELS)
    source_ = ck.text("source", source, required=True, max_len=200)
    day = ck.date("received_on", received_on)
    delivered = ck.text("delivered_by", delivered_by, max_len=100)
    remark_ = ck.text("remark", remark, max_len=500)
    place = check_location(ck, "location", location)
    h = session.archive
    with h.db.atomic() as conn:
        types = doc_types(conn)
        rows = _check_items(ck, items, types)
        ck.done()
        statuses = _check_students(conn, ck, rows)
        ck.done()
        for row in rows:
            # A file the register says was sent on is not in the room: the clerk voids that
            # dispatch first (a file that came back), so the two registers never disagree.
            if file_state(conn, row.student_id).dispatch_id is not None:
                raise PaperFileUnavailable(
                    reason="dispatched", student=student_label(conn, row.student_id)
                )
        ts = now_utc()
        cur = conn.execute(
            "INSERT INTO file_intakes (kind, source, received_on, delivered_by, received_by,"
            " remark, created_at) VALUES (?,?,?,?,?,?,?)",
            (kind_, source_, day, delivered, session.username, remark_, ts),
        )
        intake_id = int(cur.lastrowid)
        for row in rows:
            status = statuses[row.student_id]
            missing = row.missing
            if missing is None:
                # What the folder still lacks after this delivery: a second delivery (补交) of
                # two photos must not list the papers the first one brought.
                held = set(current_contents(conn, row.student_id)) | set(row.contents)
                missing = tuple(
                    t.code
                    for t in types
                    if required_for(t.required_when, status) and t.code not in held
                )
            conn.execute(
                "INSERT INTO file_intake_items (intake_id, student_id, contents, missing, remark)"
                " VALUES (?,?,?,?,?)",
                (
                    intake_id,
                    row.student_id,
                    json.dumps(row.contents, sort_keys=True),
                    json.dumps(list(missing)),
                    row.remark,
                ),
            )
            _file_in(conn, session, row, intake_id, day, ts)
            if place is not None:
                move_file(conn, session, row.student_id, place, ts)
        details: dict[str, Any] = {
            "intake_id": intake_id,
            "kind": kind_,
            "count": len(rows),
            "student_ids": [r.student_id for r in rows],
        }
        if place is not None:
            details["location"] = [place.cabinet, place.shelf, place.box]
        audit.record(
            h,
            session.username,
            "file_received",
            target_type="file_intake",
            target_id=intake_id,
            details=details,
        )
    return intake_id


def _file_in(
    conn: Connection, session: Session, row: _Row, intake_id: int, day: str, ts: str
) -> None:
    """The file's receipt date and batch (the later delivery wins) and its added papers."""
    ensure_row(conn, session, row.student_id, ts)
    conn.execute(
        "UPDATE paper_files SET received_on = ?, intake_id = ?, updated_at = ?, updated_by = ?"
        " WHERE student_id = ? AND (received_on IS NULL OR received_on <= ?)",
        (day, intake_id, ts, session.username, row.student_id, day),
    )
    old = current_contents(conn, row.student_id)
    added = {d: min(MAX_PIECES, old.get(d, 0) + n) for d, n in row.contents.items()}
    write_contents(conn, session, row.student_id, added, ts, change_kind="intake")


_INTAKE_SQL = (
    "SELECT id, kind, source, received_on, delivered_by, received_by, remark, created_at"
    " FROM file_intakes"
)


def _intake(row: Sequence[Any], lines: tuple[IntakeLine, ...]) -> Intake:
    kind, source, day, delivered, received_by, remark, created = (str(v) for v in row[1:8])
    return Intake(int(row[0]), kind, source, day, delivered, received_by, remark, created, lines)


def _loads(text: str, default: Any) -> Any:
    # The service writes these columns; a damaged value reads as empty rather than failing.
    try:
        return json.loads(text)
    except ValueError:
        return default


def get_intake(session: Session, intake_id: int) -> Intake:
    """One batch with its students (by class and 学号)."""
    session.require(Permission.READ_RECORDS)
    conn = session.archive.db.conn
    iid = checked_id("file_intake", intake_id)
    row = conn.execute(_INTAKE_SQL + " WHERE id = ?", (iid,)).fetchone()
    if row is None:
        raise NotFound(kind="file_intake", id=iid)
    found = conn.execute(
        "SELECT i.student_id, s.name, COALESCE(s.student_no, ''), COALESCE(c.name, ''),"
        " i.contents, i.missing, i.remark FROM file_intake_items i"
        " JOIN students s ON s.id = i.student_id"
        " LEFT JOIN class_groups c ON c.id = s.class_group_id"
        " WHERE i.intake_id = ? ORDER BY c.name IS NULL, c.name, s.student_no, s.id",
        (iid,),
    ).fetchall()
    lines = []
    for r in found:
        contents = _loads(r[4], {})
        missing = _loads(r[5], [])
        lines.append(
            IntakeLine(
                student_id=int(r[0]),
                name=str(r[1]),
                student_no=str(r[2]),
                class_name=str(r[3]),
                contents={str(k): int(v) for k, v in dict(contents).items()},
                missing=tuple(str(m) for m in missing),
                remark=str(r[6]),
            )
        )
    return _intake(row, tuple(lines))


def list_intakes(session: Session, *, limit: int = 200) -> list[Intake]:
    """The batches, newest delivery first (``lines`` left empty: see get_intake)."""
    session.require(Permission.READ_RECORDS)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIST:
        raise RecordInvalid(
            problems=[Problem("limit", "out_of_range", params={"min": "1", "max": str(MAX_LIST)})]
        )
    rows = session.archive.db.conn.execute(
        _INTAKE_SQL + " ORDER BY received_on DESC, id DESC LIMIT ?", (limit,)
    ).fetchall()
    return [_intake(r, ()) for r in rows]
