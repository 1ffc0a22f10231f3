"""Students: the minimal record service of the archive issue (the records issue extends it).

Lists show masked ID numbers; opening a full record is audited once per record per login.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from xueji_desktop.core import codes
from xueji_desktop.core.errors import NotFound, ValidationError
from xueji_desktop.core.id_number import mask_id_number, validate_id_number
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit
from xueji_desktop.services.context import Session
from xueji_desktop.storage.connection import IntegrityError
from xueji_desktop.storage.layout import now_utc


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


_LIST_SQL = """
SELECT s.id, s.student_no, s.name, s.gender, s.birth_date, s.id_number,
       COALESCE(m.name, ''), COALESCE(c.name, ''), s.status
FROM students s
LEFT JOIN majors m ON m.code = s.major_code
LEFT JOIN class_groups c ON c.id = s.class_group_id
"""


def list_students(session: Session, *, search: str = "", limit: int = 5000) -> list[StudentRow]:
    session.require(Permission.READ_RECORDS)
    sql = _LIST_SQL
    params: list[Any] = []
    if search.strip():
        sql += " WHERE s.name LIKE ? OR s.student_no LIKE ? OR c.name LIKE ?"
        like = f"%{search.strip()}%"
        params = [like, like, like]
    sql += " ORDER BY c.intake_year DESC, c.name, s.student_no LIMIT ?"
    params.append(int(limit))
    rows = session.archive.db.conn.execute(sql, params).fetchall()
    return [
        StudentRow(r[0], r[1], r[2], r[3], r[4], mask_id_number(r[5]), r[6], r[7], r[8])
        for r in rows
    ]


def school_name(session: Session) -> str:
    session.require(Permission.READ_RECORDS)
    row = session.archive.db.conn.execute("SELECT name FROM school WHERE id = 1").fetchone()
    return str(row[0]) if row else ""


def count_students(session: Session) -> int:
    session.require(Permission.READ_RECORDS)
    return int(session.archive.db.conn.execute("SELECT count(*) FROM students").fetchone()[0])


def get_student(session: Session, student_id: int) -> dict[str, Any]:
    """The full record, unmasked. Audited as ``record_viewed`` once per record per login."""
    session.require(Permission.READ_RECORDS)
    conn = session.archive.db.conn
    cur = conn.execute("SELECT * FROM students WHERE id = ?", (student_id,))
    row = cur.fetchone()
    if row is None:
        raise NotFound(kind="student", id=student_id)
    record = dict(zip([d[0] for d in cur.description], row, strict=True))
    fam = conn.execute(
        "SELECT relation, name, phone, is_guardian FROM family_members "
        "WHERE student_id = ? ORDER BY seq",
        (student_id,),
    ).fetchall()
    record["family_members"] = [
        {"relation": f[0], "name": f[1], "phone": f[2], "is_guardian": bool(f[3])} for f in fam
    ]
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


REQUIRED = ("student_no", "name", "gender", "birth_date", "id_number")


def add_student(session: Session, fields: dict[str, Any]) -> int:
    """Insert one student (and family members) with its audit entry in one transaction."""
    session.require(Permission.WRITE_RECORDS)
    data = {k: v for k, v in fields.items() if k != "family_members"}
    for key in REQUIRED:
        if not str(data.get(key, "")).strip():
            raise ValidationError(field=key, reason="required")
    info = validate_id_number(str(data["id_number"])) if data.get("id_type", "1") == "1" else None
    if info is not None:
        data["id_number"] = info.number
        if str(data["birth_date"]) != info.birth_date.isoformat():
            raise ValidationError(field="birth_date", reason="id_mismatch")
        if str(data["gender"]) != info.gender:
            raise ValidationError(field="gender", reason="id_mismatch")
    try:
        datetime.date.fromisoformat(str(data["birth_date"]))
    except ValueError:
        raise ValidationError(field="birth_date", reason="format") from None
    if data.get("ethnicity") and codes.lookup(codes.ETHNICITY, str(data["ethnicity"])) is None:
        raise ValidationError(field="ethnicity", reason="unknown_code")
    allowed = {
        "student_no",
        "registry_no",
        "name",
        "name_pinyin",
        "former_name",
        "gender",
        "birth_date",
        "id_type",
        "id_number",
        "ethnicity",
        "political_status",
        "native_place",
        "hukou_place",
        "hukou_type",
        "major_code",
        "class_group_id",
        "enrolment_month",
        "phone",
        "address",
        "status",
    }
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError(field=sorted(unknown)[0], reason="unknown_field")
    ts = now_utc()
    data.update(created_at=ts, updated_at=ts)
    cols = list(data)
    h = session.archive
    with h.db.atomic() as conn:
        try:
            cur = conn.execute(
                # columns come from the ``allowed`` whitelist above, values are bound
                f"INSERT INTO students ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",  # noqa: S608
                [data[c] for c in cols],
            )
        except IntegrityError:
            raise ValidationError(field="student_no", reason="duplicate") from None
        sid = int(cur.lastrowid)
        for seq, fm in enumerate(fields.get("family_members", ()), start=1):
            conn.execute(
                "INSERT INTO family_members (student_id, seq, relation, name, phone, is_guardian)"
                " VALUES (?,?,?,?,?,?)",
                (
                    sid,
                    seq,
                    fm["relation"],
                    fm["name"],
                    fm.get("phone", ""),
                    int(bool(fm.get("is_guardian"))),
                ),
            )
        audit.record(
            h,
            session.username,
            "student_added",
            target_type="student",
            target_id=sid,
            details={"after": {k: data[k] for k in cols}},
        )
    return sid
