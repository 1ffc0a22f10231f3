"""The bulk inserts behind ``services.demo.load_demo_data``: the rows of every records table,
with explicit ids and timestamps from the demo dates (never the clock), so that a seed always
gives the same rows. Each writer runs inside the caller's ``atomic()``.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Sequence
from typing import Any

from xueji_desktop.core.demo_data import (
    DemoData,
    DemoFamilyMember,
    DemoStatusChange,
    student_values,
)
from xueji_desktop.core.demo_files import DemoFiles
from xueji_desktop.core.numbering import parse_pattern
from xueji_desktop.services.graduation import DEFAULT_DIPLOMA_PATTERN
from xueji_desktop.storage.connection import Connection

__all__ = [
    "DOC_TITLES",
    "demo_ts",
    "enrolment_timestamp",
    "write_documents",
    "write_paper_files",
    "write_school_life",
    "write_status_changes",
    "write_structure",
    "write_students",
]

_DIPLOMA_KINDS = ("graduation",)
_FAMILY_COLUMNS = ", ".join(DemoFamilyMember("", "", "", False).values())
_GRADUATION_RULES = {"internship_required": True, "min_assessment": "合格"}
DOC_TITLES = {
    "enrolment_form": "入学登记表", "id_copy": "身份证件复印件", "hukou_copy": "户口簿复印件",
    "admission_notice": "录取通知书", "junior_diploma": "初中毕业证书复印件",
    "conduct_record": "思想品德评价材料", "transcript": "成绩单",
    "internship_assessment": "岗位实习考核表", "graduate_form": "毕业生登记表",
    "status_change_proof": "学籍异动审批表",
}  # fmt: skip


def enrolment_timestamp(enrolment_month: str) -> str:
    """``created_at`` of a demo student: 08:00 UTC on the 1st of the enrolment month
    ("202409" -> "2024-09-01T08:00:00.000000Z"), in the format of ``layout.now_utc()``."""
    return f"{enrolment_month[:4]}-{enrolment_month[4:6]}-01T08:00:00.000000Z"


def demo_ts(day: datetime.date, hour: int = 1) -> str:
    """A demo timestamp: ``hour`` UTC on ``day`` (09:30 Beijing time for the default)."""
    return f"{day.isoformat()}T{hour:02d}:30:00.000000Z"


def _next_id(conn: Connection, table: str) -> int:
    """Explicit ids let executemany insert rows that other rows refer to."""
    return 1 + int(conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0])  # noqa: S608


def _insert(conn: Connection, table: str, columns: str, rows: Iterable[Sequence[Any]]) -> None:
    """One executemany; ``columns`` as in SQL ("a, b, c"), fixed names from this module."""
    marks = ", ".join("?" * len(columns.split(",")))
    conn.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(rows))  # noqa: S608


def _insert_numbered(
    conn: Connection, table: str, columns: str, rows: Sequence[tuple[Any, ...]]
) -> dict[str, int]:
    """Insert ``rows`` with ids counted on from the table's next free one; the first column is
    each row's unique key or code. Returns the ids by key, for the rows that refer to them."""
    first = _next_id(conn, table)
    _insert(conn, table, "id, " + columns, ((first + n, *row) for n, row in enumerate(rows)))
    return {row[0]: first + n for n, row in enumerate(rows)}


def _iso(day: datetime.date | None) -> str | None:
    return None if day is None else day.isoformat()


def write_structure(
    conn: Connection, data: DemoData
) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """Majors, classes, terms, courses and the school's graduation rules; ids by key/code."""
    conn.executemany(
        "INSERT OR IGNORE INTO majors (code, name, catalogue_version, program_length) "
        "VALUES (?,?,?,?)",
        [(m.code, m.name, m.catalogue_version, m.program_length) for m in data.majors],
    )
    class_ids = _insert_numbered(
        conn, "class_groups", "key, name, intake_year, major_code, head_teacher, graduation_year",
        [(c.key, c.name, c.intake_year, c.major_code, c.head_teacher, c.graduation_year)
         for c in data.class_groups],
    )  # fmt: skip
    term_ids = _insert_numbered(
        conn, "terms", "code, name, school_year, semester, start_date, end_date",
        [(t.code, t.name, t.school_year, t.semester, t.start_date.isoformat(),
          t.end_date.isoformat()) for t in data.terms],
    )  # fmt: skip
    course_ids = _insert_numbered(
        conn, "courses", "code, name, course_type, credits, hours, major_code, required",
        [(c.code, c.name, c.course_type, c.credits, c.hours, c.major_code, 1)
         for c in data.courses],
    )  # fmt: skip
    conn.execute(
        "INSERT OR IGNORE INTO graduation_rules (major_code, rules) VALUES ('', ?)",
        (json.dumps(_GRADUATION_RULES, ensure_ascii=False, sort_keys=True),),
    )
    return class_ids, term_ids, course_ids


def _diploma_numbers(conn: Connection, data: DemoData) -> dict[str, str]:
    """Diploma numbers of the graduates in 学号 order, from the archive's default pattern."""
    row = conn.execute("SELECT code FROM school WHERE id = 1").fetchone()
    school_code = str(row[0]) if row else ""
    pattern = parse_pattern(DEFAULT_DIPLOMA_PATTERN)
    out: dict[str, str] = {}
    seq: dict[str, int] = {}
    for s in sorted(data.students, key=lambda s: s.student_no):
        if s.graduation_outcome in _DIPLOMA_KINDS and s.graduation_date is not None:
            values = {"school_code": school_code, "major_code": s.major_code,
                      "graduation_year": str(s.graduation_date.year)}  # fmt: skip
            prefix = pattern.prefix(values)
            seq[prefix] = seq.get(prefix, 0) + 1
            out[s.student_no] = f"{prefix}{seq[prefix]:0{pattern.seq_width}d}"
    return out


def write_students(
    conn: Connection, data: DemoData, class_ids: dict[str, int], photo: str, actor: str
) -> dict[str, int]:
    defects = {d.student_no: d.changes for d in data.defects}
    diplomas = _diploma_numbers(conn, data)
    last_change: dict[str, str] = {}
    for c in data.status_changes:
        last_change[c.student_no] = max(
            last_change.get(c.student_no, ""), demo_ts(c.effective_date)
        )
    first = _next_id(conn, "students")
    ids: dict[str, int] = {}
    rows: list[tuple[Any, ...]] = []
    family: list[tuple[Any, ...]] = []
    columns: list[str] = []
    for n, s in enumerate(data.students):
        sid = ids[s.student_no] = first + n
        values = student_values(s)
        members = values.pop("family_members")
        values.pop("class_group")
        values.update(defects.get(s.student_no, {}))
        created_at = enrolment_timestamp(s.enrolment_month)
        confirmed = None
        if s.report_status != "draft":
            # 信息核对 in October of the intake year (before the 20 November deadline).
            confirmed = demo_ts(datetime.date(int(s.enrolment_month[:4]), 10, 8 + n % 20))
        updated = max(created_at, confirmed or "", last_change.get(s.student_no, ""))
        values.update(
            class_group_id=class_ids[s.class_key], status=s.status, report_status=s.report_status,
            returned_reason=s.returned_reason, confirmed_at=confirmed,
            confirmed_by=actor if confirmed else None, graduation_outcome=s.graduation_outcome,
            graduation_date=_iso(s.graduation_date) or "", diploma_no=diplomas.get(s.student_no),
            photo_blob=photo if s.has_photo else None, created_at=created_at, created_by=actor,
            updated_at=updated,
        )  # fmt: skip
        columns = list(values)
        rows.append((sid, *values.values()))
        assert isinstance(members, list)
        family.extend((sid, seq, *m.values()) for seq, m in enumerate(members, start=1))
    if rows:
        _insert(conn, "students", "id, " + ", ".join(columns), rows)
        _insert(conn, "family_members", "student_id, seq, " + _FAMILY_COLUMNS, family)
    return ids


def write_documents(
    conn: Connection,
    data: DemoData,
    ids: dict[str, int],
    blobs: dict[str, tuple[str, str, int]],
    actor: str,
) -> dict[tuple[str, str, datetime.date], int]:
    """Scanned documents; returns the attachment id of each status change's approval form."""
    first = _next_id(conn, "attachments")
    rows: list[tuple[Any, ...]] = []
    proofs: dict[tuple[str, str, datetime.date], int] = {}

    def add(student_no: str, doc: str, day: datetime.date) -> int:
        name, digest, size = blobs[doc]
        aid = first + len(rows)
        rows.append((aid, ids[student_no], doc, name, digest, "image/png", size,
                     f"{DOC_TITLES[doc]}（示例扫描件）", demo_ts(day, 2), actor))  # fmt: skip
        return aid

    for d in data.documents:
        add(d.student_no, d.doc_type, d.added_on)
    for c in data.status_changes:
        if c.kind not in ("graduation", "completion"):
            key = (c.student_no, c.kind, c.effective_date)
            proofs[key] = add(c.student_no, "status_change_proof", c.effective_date)
    _insert(conn, "attachments", "id, student_id, doc_type, blob_name, sha256, media_type, "
            "size, title, added_at, added_by", rows)  # fmt: skip
    return proofs


def write_status_changes(
    conn: Connection,
    data: DemoData,
    ids: dict[str, int],
    class_ids: dict[str, int],
    proofs: dict[tuple[str, str, datetime.date], int],
    actor: str,
) -> None:
    """学籍异动 rows as services/status_changes.record_change writes them: details, the values
    the event replaced (``before_values``, for a revocation) and one field_history row each."""
    diplomas = {
        r[0]: r[1]
        for r in conn.execute("SELECT id, diploma_no FROM students WHERE diploma_no IS NOT NULL")
    }
    rows: list[tuple[Any, ...]] = []
    history: list[tuple[Any, ...]] = []
    for c in data.status_changes:
        sid = ids[c.student_no]
        ts = demo_ts(c.effective_date)
        details, before, after = _event_values(c, class_ids, diplomas.get(sid))
        rows.append((
            sid, c.kind, c.category_code, c.reason_code, c.effective_date.isoformat(),
            c.document_no, c.approver, proofs.get((c.student_no, c.kind, c.effective_date)),
            json.dumps(details, ensure_ascii=False, sort_keys=True), c.status_before,
            c.status_after, json.dumps(before, ensure_ascii=False, sort_keys=True),
            c.report_status, c.returned_reason, ts, actor,
        ))  # fmt: skip
        old = {"status": c.status_before, **before}
        for name, new in after.items():
            history.append((sid, "student", sid, name, _text(old.get(name)), _text(new), c.kind,
                            "status_change", actor, ts))  # fmt: skip
    _insert(conn, "status_changes", "student_id, kind, category_code, reason_code, "
            "effective_date, document_no, approver, proof_attachment_id, details, status_before, "
            "status_after, before_values, report_status, returned_reason, created_at, created_by",
            rows)  # fmt: skip
    _insert(conn, "field_history", "student_id, entity, entity_id, field, old_value, new_value, "
            "reason, change_kind, actor, ts", history)  # fmt: skip


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _event_values(
    c: DemoStatusChange, class_ids: dict[str, int], diploma: str | None
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """(details, before_values, the student's fields after the event)."""
    details: dict[str, Any] = {}
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    if c.status_after != c.status_before:
        after["status"] = c.status_after
    if c.expected_return_date is not None:
        details["expected_return_date"] = c.expected_return_date.isoformat()
    if c.to_school:
        details["to_school"] = c.to_school
    if c.class_after is not None and c.class_before is not None:
        details["class_group_id"] = class_ids[c.class_after]
        before["class_group_id"] = class_ids[c.class_before]
        after["class_group_id"] = class_ids[c.class_after]
    if c.major_after is not None:
        details["major_code"] = c.major_after
        before["major_code"] = c.major_before
        after["major_code"] = c.major_after
    if c.kind in ("graduation", "completion"):
        before.update(graduation_outcome="", graduation_date="")
        after.update(graduation_outcome=c.kind, graduation_date=c.effective_date.isoformat())
        if c.kind in _DIPLOMA_KINDS:
            before["diploma_no"] = None
            after["diploma_no"] = diploma
    return details, before, after


def write_school_life(
    conn: Connection,
    data: DemoData,
    ids: dict[str, int],
    courses: dict[str, int],
    terms: dict[str, int],
) -> None:
    _insert(conn, "grades", "student_id, course_id, term_id, score, grade_label, makeup_score, "
            "makeup_date, retake_score, retake_term_id, updated_at",
            ((ids[g.student_no], courses[g.course_code], terms[g.term_code], g.score,
              g.grade_label, g.makeup_score, _iso(g.makeup_date) or "", g.retake_score,
              terms[g.retake_term_code] if g.retake_term_code else None, demo_ts(g.updated_on, 8))
             for g in data.grades))  # fmt: skip
    _insert(conn, "conduct_evaluations", "student_id, term_id, grade, comment",
            ((ids[c.student_no], terms[c.term_code], c.grade, c.comment)
             for c in data.conduct))  # fmt: skip
    _insert(conn, "attendance", "student_id, term_id, sick_leave_hours, personal_leave_hours, "
            "truancy_hours, late_count",
            ((ids[a.student_no], terms[a.term_code], a.sick_leave_hours, a.personal_leave_hours,
              a.truancy_hours, a.late_count) for a in data.attendance))  # fmt: skip
    _insert(conn, "rewards_punishments", "student_id, kind, level, title, reason, document_no, "
            "decided_on, issued_by, lifted_on, lifted_document_no, annulled_on, annulled_reason, "
            "created_at",
            ((ids[p.student_no], p.kind, p.level, p.title, p.reason, p.document_no,
              p.decided_on.isoformat(), p.issued_by, _iso(p.lifted_on), p.lifted_document_no,
              _iso(p.annulled_on), p.annulled_reason, demo_ts(p.decided_on))
             for p in data.rewards_punishments))  # fmt: skip
    _insert(conn, "internships", "student_id, employer, position, supervisor, start_date, "
            "end_date, assessment",
            ((ids[i.student_no], i.employer, i.position, i.supervisor, i.start_date.isoformat(),
              _iso(i.end_date) or "", i.assessment) for i in data.internships))  # fmt: skip
    _insert(conn, "skill_certificates", "student_id, name, level, issuer, certificate_no, "
            "issued_on, is_1x",
            ((ids[c.student_no], c.name, c.level, c.issuer, c.certificate_no,
              c.issued_on.isoformat(), int(c.is_1x)) for c in data.certificates))  # fmt: skip
    _insert(conn, "financial_aid", "student_id, term_id, kind, amount_fen, paid_on",
            ((ids[a.student_no], terms[a.term_code], a.kind, a.amount_fen, a.paid_on.isoformat())
             for a in data.aid))  # fmt: skip
    _insert(conn, "destinations", "student_id, kind, employer, matches_major, recorded_on",
            ((ids[d.student_no], d.kind, d.employer,
              None if d.matches_major is None else int(d.matches_major), d.recorded_on.isoformat())
             for d in data.destinations))  # fmt: skip


def write_paper_files(
    conn: Connection, files: DemoFiles, ids: dict[str, int], actor: str
) -> dict[str, int]:
    """The archive room's registers (issue 8) as services/paper_files, file_loans and
    file_dispatch write them: receiving batches, files with place and papers (``kept`` with its
    field_history row), loans and dispatches. Returns the counts for the audit entry."""
    first = _next_id(conn, "file_intakes")
    intake_ids = {batch.year: first + n for n, batch in enumerate(files.intakes)}
    _insert(conn, "file_intakes", "id, kind, source, received_on, delivered_by, received_by, "
            "remark, created_at",
            ((intake_ids[b.year], "new_intake", b.source, b.received_on.isoformat(),
              b.delivered_by, actor, b.remark, demo_ts(b.received_on, 3))
             for b in files.intakes))  # fmt: skip
    _insert(conn, "file_intake_items", "intake_id, student_id, contents, missing, remark",
            ((intake_ids[b.year], ids[no], json.dumps(dict(have), sort_keys=True),
              json.dumps(list(missing)), note)
             for b in files.intakes for no, have, missing, note in b.items))  # fmt: skip
    _insert(conn, "paper_files", "student_id, cabinet, shelf, box, received_on, intake_id, kept, "
            "remark, updated_at, updated_by",
            ((ids[f.student_no], f.cabinet, f.shelf, f.box, f.received_on.isoformat(),
              intake_ids[f.intake_year], int(f.kept), f.remark,
              demo_ts(f.kept_on or f.received_on, 3), actor) for f in files.files))  # fmt: skip
    _insert(conn, "paper_file_contents", "student_id, doc_type, pieces, noted_at, noted_by",
            ((ids[f.student_no], doc, pieces, demo_ts(f.received_on, 3), actor)
             for f in files.files for doc, pieces in sorted(f.contents.items())))  # fmt: skip
    _insert(conn, "field_history", "student_id, entity, entity_id, field, old_value, new_value, "
            "reason, change_kind, actor, ts",
            ((ids[f.student_no], "paper_file", ids[f.student_no], "kept", "0", "1", f.remark,
              "edit", actor, demo_ts(f.kept_on, 3)) for f in files.files if f.kept_on))  # fmt: skip
    _insert(conn, "file_loans", "student_id, borrower, borrower_unit, purpose, lent_on, due_on, "
            "lent_by, returned_on, returned_by, return_remark",
            ((ids[x.student_no], x.borrower, x.borrower_unit, x.purpose, x.lent_on.isoformat(),
              x.due_on.isoformat(), actor, _iso(x.returned_on),
              actor if x.returned_on else None, x.return_remark)
             for x in files.loans))  # fmt: skip
    _insert(conn, "file_dispatches", "student_id, receiver_kind, receiver, receiver_address, via, "
            "dispatch_no, carrier, dispatched_on, dispatched_by, batch_id, receipt_on, "
            "receipt_signer, receipt_by, voided_at, voided_by, void_reason",
            ((ids[d.student_no], d.receiver_kind, d.receiver, d.receiver_address, d.via,
              d.dispatch_no, d.carrier, d.dispatched_on.isoformat(), actor, d.batch_id,
              _iso(d.receipt_on), d.receipt_signer, actor if d.receipt_on else None,
              demo_ts(d.voided_on) if d.voided_on else None, actor if d.voided_on else None,
              d.void_reason) for d in files.dispatches))  # fmt: skip
    return {"paper_files": len(files.files), "file_loans": len(files.loans),
            "file_dispatches": len(files.dispatches)}  # fmt: skip
