"""Reading student records: lists, one record, numbers, identifiers and the field history.

Lists mask ID numbers for display; ``StudentRow.id_number`` and ``identifiers`` give them whole to
clerks and admins and masked to viewers. Opening a full record is audited once per record per login.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from xueji_desktop.core.errors import NotFound
from xueji_desktop.core.id_number import mask_id_number, mask_id_numbers_in_text
from xueji_desktop.core.roles import Permission, sees_full_id_numbers
from xueji_desktop.services import audit
from xueji_desktop.services.context import Session
from xueji_desktop.services.record_rows import load_family, load_student


@dataclass(frozen=True)
class StudentRow:
    id: int
    student_no: str
    name: str
    gender: str
    birth_date: str
    id_number_masked: str
    major: str
    class_group: str
    status: str
    report_status: str = ""
    id_number: str = ""  # full for clerks and admins, masked for viewers


@dataclass(frozen=True)
class HistoryEntry:
    ts: str
    actor: str
    field: str
    old_value: str | None
    new_value: str | None
    reason: str
    change_kind: str
    entity: str


_LIST_SQL = """
SELECT s.id, COALESCE(s.student_no, ''), s.name, s.gender, s.birth_date, s.id_number,
       COALESCE(m.name, ''), COALESCE(c.name, ''), s.status, s.report_status
FROM students s
LEFT JOIN majors m ON m.code = s.major_code
LEFT JOIN class_groups c ON c.id = s.class_group_id
WHERE s.voided = 0
"""


def list_students(
    session: Session,
    *,
    search: str = "",
    class_group: str | None = None,
    status: str | None = None,
    limit: int = 5000,
) -> list[StudentRow]:
    """Non-voided students, newest intake first; ID numbers masked. ``class_group`` is a name."""
    session.require(Permission.READ_RECORDS)
    sql = _LIST_SQL
    params: list[Any] = []
    if search.strip():
        sql += " AND (s.name LIKE ? OR s.student_no LIKE ? OR c.name LIKE ?)"
        like = f"%{search.strip()}%"
        params += [like, like, like]
    if class_group is not None:
        sql += " AND c.name = ?"
        params.append(class_group)
    if status is not None:
        sql += " AND s.status = ?"
        params.append(status)
    sql += " ORDER BY c.intake_year DESC, c.name, s.student_no LIMIT ?"
    params.append(max(0, int(limit)))
    rows = session.archive.db.conn.execute(sql, params).fetchall()
    full = sees_full_id_numbers(session.roles)
    return [
        StudentRow(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            mask_id_number(r[5]),
            r[6],
            r[7],
            r[8],
            r[9],
            r[5] if full else mask_id_number(r[5]),
        )
        for r in rows
    ]


def identifiers(session: Session, student_ids: list[int]) -> dict[int, tuple[str, str]]:
    """(身份证件号, 学籍号) of the given students: full for clerks and admins, masked (the ID
    number inside a G-form 学籍号 too) for viewers."""
    session.require(Permission.READ_RECORDS)
    conn = session.archive.db.conn
    full = sees_full_id_numbers(session.roles)
    out: dict[int, tuple[str, str]] = {}
    for start in range(0, len(student_ids), 500):
        chunk = [int(i) for i in student_ids[start : start + 500]]
        marks = ", ".join("?" * len(chunk))
        sql = f"SELECT id, id_number, registry_no FROM students WHERE id IN ({marks})"  # noqa: S608
        for sid, number, registry in conn.execute(sql, chunk):
            number, registry = number or "", registry or ""
            if not full:
                number = mask_id_number(number) if number else ""
                registry = mask_id_numbers_in_text(registry)
            out[int(sid)] = (number, registry)
    return out


def find_by_number(session: Session, text: str) -> int:
    """The record id for a 学号, 学籍号 or an old (corrected) number; non-voided records first.

    Raises NotFound when no record has that number.
    """
    session.require(Permission.READ_RECORDS)
    conn = session.archive.db.conn
    text = str(text).strip()
    for sql in (
        "SELECT id FROM students WHERE student_no = ? ORDER BY voided, id",
        "SELECT id FROM students WHERE registry_no = ? ORDER BY voided, id",
        "SELECT student_id FROM number_aliases WHERE old_value = ? ORDER BY id DESC",
    ):
        row = conn.execute(sql, (text,)).fetchone()
        if row is not None:
            return int(row[0])
    raise NotFound(kind="student", id=text[:40])


def school_name(session: Session) -> str:
    session.require(Permission.READ_RECORDS)
    row = session.archive.db.conn.execute("SELECT name FROM school WHERE id = 1").fetchone()
    return str(row[0]) if row else ""


def count_students(session: Session) -> int:
    """Non-voided students."""
    session.require(Permission.READ_RECORDS)
    sql = "SELECT count(*) FROM students WHERE voided = 0"
    return int(session.archive.db.conn.execute(sql).fetchone()[0])


def get_student(session: Session, student_id: int) -> dict[str, Any]:
    """The full record in internal names, with ``family_members``. Audited as ``record_viewed``
    once per record per login. Viewers get masked ID numbers (the student's and the family's)."""
    session.require(Permission.READ_RECORDS)
    conn = session.archive.db.conn
    record = load_student(conn, student_id)
    record["family_members"] = load_family(conn, student_id)
    if not sees_full_id_numbers(session.roles):
        record["id_number"] = mask_id_number(record["id_number"]) if record["id_number"] else ""
        if record["registry_no"]:
            record["registry_no"] = mask_id_numbers_in_text(record["registry_no"])
        for member in record["family_members"]:
            if member["id_number"]:
                member["id_number"] = mask_id_number(member["id_number"])
    if student_id not in session.viewed:
        with session.archive.db.atomic():
            audit.record(
                session.archive,
                session.username,
                "record_viewed",
                target_type="student",
                target_id=student_id,
            )
        session.viewed.add(student_id)
    return record


def field_history(
    session: Session, student_id: int, field_name: str | None = None
) -> list[HistoryEntry]:
    """Every recorded change of the student (or of one field), oldest first."""
    session.require(Permission.READ_RECORDS)
    conn = session.archive.db.conn
    load_student(conn, student_id)
    sql = (
        "SELECT ts, actor, field, old_value, new_value, reason, change_kind, entity "
        "FROM field_history WHERE student_id = ?"
    )
    params: list[Any] = [student_id]
    if field_name is not None:
        sql += " AND field = ?"
        params.append(field_name)
    rows = conn.execute(sql + " ORDER BY id", params).fetchall()
    entries = [HistoryEntry(*r) for r in rows]
    if any(e.field == "class_group_id" for e in entries):
        # field_history stores a class as its row id; the clerk reads its name
        names = {str(i): str(n) for i, n in conn.execute("SELECT id, name FROM class_groups")}
        entries = [
            replace(
                e,
                old_value=names.get(e.old_value or "", e.old_value),
                new_value=names.get(e.new_value or "", e.new_value),
            )
            if e.field == "class_group_id"
            else e
            for e in entries
        ]
    if not sees_full_id_numbers(session.roles):
        entries = [_masked_entry(e) for e in entries]
    return entries


# -- helpers --------------------------------------------------------------------------------


def _masked_entry(entry: HistoryEntry) -> HistoryEntry:
    if entry.field not in ("id_number", "family_members", "registry_no"):
        return entry
    return HistoryEntry(
        entry.ts,
        entry.actor,
        entry.field,
        None if entry.old_value is None else mask_id_numbers_in_text(entry.old_value),
        None if entry.new_value is None else mask_id_numbers_in_text(entry.new_value),
        entry.reason,
        entry.change_kind,
        entry.entity,
    )
