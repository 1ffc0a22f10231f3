"""What a student record package carries for one student (``record.json``), and the read of
what a package brought in (``transfer_records``).

The sections name the source tables. Voided rows (entered by mistake: possibly another
student's) are never sent; revoked 学籍异动 are sent with their flag, they are history. Terms,
courses and classes travel by name and code: their ids mean nothing in another archive.
No permission check here: the callers (transfer_export, transfer_import) check.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from xueji_desktop.core.roles import Permission
from xueji_desktop.services.context import Session
from xueji_desktop.services.record_rows import load_family
from xueji_desktop.services.records_common import require_id
from xueji_desktop.storage.connection import Connection

_TERM = (
    "(SELECT code FROM terms WHERE id = term_id) AS term_code, "
    "(SELECT name FROM terms WHERE id = term_id) AS term_name"
)
# section -> SELECT over the table with the student's rows (``?`` = the student id).
_SECTION_SQL: dict[str, str] = {
    "field_history": "SELECT entity, field, old_value, new_value, reason, change_kind, actor, ts "
    "FROM field_history WHERE student_id = ? ORDER BY id",
    "number_aliases": "SELECT kind, old_value, new_value, reason, actor, ts FROM number_aliases "
    "WHERE student_id = ? ORDER BY id",
    "status_changes": "SELECT kind, category_code, reason_code, effective_date, document_no, "
    "approver, details, status_before, status_after, report_status, revoked, revoke_reason, "
    "revoked_at, created_at, created_by FROM status_changes WHERE student_id = ? ORDER BY id",
    "grades": "SELECT c.code AS course_code, c.name AS course_name, c.course_type, c.credits, "
    "c.hours, t.code AS term_code, t.name AS term_name, g.score, g.grade_label, g.makeup_score, "
    "g.makeup_date, g.retake_score, (SELECT code FROM terms WHERE id = g.retake_term_id) AS "
    "retake_term_code, g.remark FROM grades g JOIN courses c ON c.id = g.course_id "
    "JOIN terms t ON t.id = g.term_id WHERE g.student_id = ? ORDER BY t.start_date, c.code",
    "conduct": "SELECT " + _TERM + ", grade, comment "
    "FROM conduct_evaluations WHERE student_id = ? ORDER BY term_id",
    "rewards_punishments": "SELECT kind, level, title, reason, document_no, decided_on, "
    "issued_by, lifted_on, lifted_document_no, annulled_on, annulled_reason "
    "FROM rewards_punishments WHERE student_id = ? AND voided = 0 ORDER BY decided_on, id",
    "attendance": "SELECT " + _TERM + ", sick_leave_hours, "  # noqa: S608 - fixed text
    "personal_leave_hours, truancy_hours, late_count FROM attendance WHERE student_id = ? "
    "ORDER BY term_id",
    "internships": "SELECT employer, position, supervisor, start_date, end_date, assessment, "
    "remark FROM internships WHERE student_id = ? AND voided = 0 ORDER BY start_date, id",
    "certificates": "SELECT name, level, issuer, certificate_no, issued_on "
    "FROM skill_certificates WHERE student_id = ? AND voided = 0 ORDER BY issued_on, id",
    "financial_aid": "SELECT " + _TERM + ", kind, amount_fen, paid_on, remark "
    "FROM financial_aid WHERE student_id = ? AND voided = 0 ORDER BY term_id, id",
    "destination": "SELECT kind, employer, matches_major, recorded_on, remark FROM destinations "
    "WHERE student_id = ?",
    "paper_file": "SELECT cabinet, shelf, box, received_on, kept, remark, updated_at "
    "FROM paper_files WHERE student_id = ?",
    "paper_file_contents": "SELECT doc_type, pieces, remark, noted_at, noted_by "
    "FROM paper_file_contents WHERE student_id = ? ORDER BY doc_type",
    "paper_file_loans": "SELECT borrower, borrower_unit, purpose, lent_on, due_on, returned_on, "
    "remark FROM file_loans WHERE student_id = ? ORDER BY lent_on, id",
    "documents": "SELECT serial, kind, subject, template, purpose, issued_by, issued_at, "
    "content_digest, superseded_by, voided_at, void_reason FROM document_register "
    "WHERE student_id = ? ORDER BY issued_at, serial",
}
SECTIONS: tuple[str, ...] = ("student", *_SECTION_SQL)
# The students row minus what means nothing elsewhere (ids, the blob name, the search state).
_STUDENT_DROP = ("id", "class_group_id", "photo_blob", "voided", "void_reason", "voided_at",
                 "voided_by")  # fmt: skip


def _rows(conn: Connection, sql: str, student_id: int) -> list[dict[str, Any]]:
    cur = conn.execute(sql, (student_id,))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def student_row(conn: Connection, student_id: int) -> dict[str, Any]:
    cur = conn.execute(
        "SELECT s.*, COALESCE(c.name, '') AS class_name, COALESCE(m.name, '') AS major_name "
        "FROM students s LEFT JOIN class_groups c ON c.id = s.class_group_id "
        "LEFT JOIN majors m ON m.code = s.major_code WHERE s.id = ?",
        (student_id,),
    )
    names = [d[0] for d in cur.description]
    row = dict(zip(names, cur.fetchone(), strict=True))
    return {k: v for k, v in row.items() if k not in _STUDENT_DROP}


def record_sections(conn: Connection, student_id: int) -> dict[str, Any]:
    """Every section of one student's record (``student`` a dict, the others lists)."""
    out: dict[str, Any] = {"student": student_row(conn, student_id)}
    out["family_members"] = load_family(conn, student_id)
    for section, sql in _SECTION_SQL.items():
        out[section] = _rows(conn, sql, student_id)
    return out


# -- what a package brought in -------------------------------------------------------------------


@dataclass(frozen=True)
class TransferredSection:
    """One section of a student's record as the sending school kept it (read-only)."""

    section: str  # "student", "grades", "status_changes", … (the source table)
    package_row: int
    package_id: str
    source_school: str
    made_at: str
    rows: tuple[dict[str, Any], ...]


def transferred_records(session: Session, student_id: int) -> list[TransferredSection]:
    """What packages brought in for the student and has no local table, in SECTIONS order."""
    session.require(Permission.READ_RECORDS)
    sid = require_id("student", student_id)
    rows = session.archive.db.conn.execute(
        "SELECT r.section, r.package_row, p.package_id, p.source_school, p.made_at, r.payload "
        "FROM transfer_records r JOIN transfer_packages p ON p.id = r.package_row "
        "WHERE r.student_id = ? ORDER BY r.package_row, r.id",
        (sid,),
    ).fetchall()
    out = []
    for section, row, package_id, school, made_at, payload in rows:
        data = json.loads(payload)
        items: Sequence[Any] = data if isinstance(data, list) else [data]
        out.append(TransferredSection(str(section), int(row), str(package_id), str(school),
                                      str(made_at), tuple(items)))  # fmt: skip
    order = {name: i for i, name in enumerate(SECTIONS)}
    out.sort(key=lambda s: (s.package_row, order.get(s.section, len(order))))
    return out


def store_sections(conn: Connection, package_row: int, sid: int, record: dict[str, Any]) -> None:
    """The package's sections of one student as read-only ``transfer_records`` rows."""
    for section in SECTIONS:
        payload = record.get(section)
        if payload in (None, [], {}):
            continue
        conn.execute(
            "INSERT INTO transfer_records (package_row, student_id, section, payload) "
            "VALUES (?,?,?,?)",
            (package_row, sid, section,
             json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)),
        )  # fmt: skip
