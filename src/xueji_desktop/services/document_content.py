"""What each printed document says: ``Document`` objects built from the archive.

One builder per kind (printing/model.py KINDS; the recovery sheet is made elsewhere). Every value
is formatted for paper in Chinese (services/document_fields.py); the layout is the template's
(resources/templates/<kind>/*.json). The fields and tables of each kind are listed in
docs/design/documents.md. No permission check and no audit entry here: services/documents.py
checks Permission.PRINT and records the issue; these functions take the archive handle.

A document that does not fit its subject is refused with DocumentNotApplicable(kind=, reason=)
(a 毕业证明书 for a student who did not graduate, a 休学审批表 without a 休学, …); unknown ids raise
NotFound.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from xueji_desktop.core.errors import DocumentNotApplicable, NotFound, ValidationError
from xueji_desktop.core.lifecycle import KINDS as EVENT_KINDS
from xueji_desktop.printing import model
from xueji_desktop.printing.model import Document, Table
from xueji_desktop.services import document_tables as tables
from xueji_desktop.services.context import ArchiveHandle
from xueji_desktop.services.document_fields import (
    StudentFacts,
    cn_date,
    common_fields,
    family_rows,
    load_facts,
    photo_of,
    student_value,
)
from xueji_desktop.services.records_common import require_id
from xueji_desktop.storage.connection import Connection

__all__ = ["class_document", "class_students", "content_digest", "student_document"]

Params = Mapping[str, str]

# 学籍状态 a kind applies to (None: any non-voided student), and the reason it is refused.
_STATES: Mapping[str, frozenset[str]] = {
    model.GRADUATION_ATTESTATION: frozenset({"graduated"}),
    model.INCOMPLETION_ATTESTATION: frozenset({"studied_without_completing"}),
    model.ENROLMENT_CERTIFICATE: frozenset({"enrolled"}),
    # The 毕业生登记表 is filled in the last term and kept after graduation.
    model.GRADUATE_FORM: frozenset({"enrolled", "graduated", "completed_without_diploma"}),
}


def kind_states(kind: str) -> frozenset[str] | None:
    """The 学籍状态 a student must be in for ``kind`` (None: any); the print dialog offers a kind
    only where it fits, this module refuses it elsewhere."""
    return _STATES.get(kind)


def applicable_kinds(handle: ArchiveHandle, student_ids: Sequence[int]) -> list[str]:
    """The per-student kinds every one of these students can be given (state and, for the forms
    of a 学籍异动, a non-revoked event of the right kind): what the print dialog offers."""
    ids = [require_id("student", i) for i in student_ids]
    if not ids:
        return []
    conn = handle.db.conn
    states: dict[int, str] = {}
    events: dict[int, set[str]] = {i: set() for i in ids}
    for start in range(0, len(ids), 500):  # SQLite's limit on bound values
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for sid, status, voided in conn.execute(
            f"SELECT id, status, voided FROM students WHERE id IN ({marks})",  # noqa: S608 - placeholders only
            chunk,
        ):
            if not voided:
                states[int(sid)] = str(status)
        for sid, kind in conn.execute(
            "SELECT student_id, kind FROM status_changes WHERE revoked = 0 "  # noqa: S608 - placeholders only
            f"AND student_id IN ({marks})",
            chunk,
        ):
            events[int(sid)].add(str(kind))
    if len(states) != len(set(ids)):
        return []  # an unknown or voided student: nothing can be issued to all of them

    def fits(kind: str, sid: int) -> bool:
        needed = _EVENT_KINDS.get(kind)
        has_event = needed is None or bool(events[sid] & set(needed))
        return _state_fits(kind, states[sid]) and has_event

    return [k for k in model.STUDENT_KINDS if all(fits(k, sid) for sid in states)]


def _state_fits(kind: str, status: str) -> bool:
    states = _STATES.get(kind)
    return states is None or status in states


def _state_refusal(kind: str) -> str:
    """The DocumentNotApplicable reason when the student's state does not fit ``kind``."""
    if kind == model.INCOMPLETION_ATTESTATION:
        return "not_incomplete"
    if kind == model.ENROLMENT_CERTIFICATE:
        return "not_enrolled"
    return "not_graduated"


# The 学籍异动 kinds each form is made from (the first is the default when several).
_EVENT_KINDS: Mapping[str, tuple[str, ...]] = {
    model.LEAVE_FORM: ("leave_of_absence",),
    model.RETURN_FORM: ("return_from_leave",),
    model.WITHDRAWAL_FORM: ("withdrawal",),
    model.TRANSFER_APPLICATION: ("transfer_out", "transfer_in"),
    model.TRANSFER_ACCEPTANCE: ("transfer_in",),
    model.STATUS_CHANGE_NOTICE: EVENT_KINDS,
}
# Kinds whose document shows the student's photo.
_WITH_PHOTO = frozenset({model.TRANSCRIPT, model.REGISTRATION_CARD, model.VERIFICATION_SHEET,
                         model.GRADUATION_ATTESTATION, model.INCOMPLETION_ATTESTATION,
                         model.GRADUATE_FORM})  # fmt: skip


def _today(handle: ArchiveHandle, today: datetime.date | None) -> datetime.date:
    return today if today is not None else datetime.date.fromtimestamp(handle.clock())


def _param(params: Params | None, key: str) -> str:
    value = (params or {}).get(key, "")
    return value.strip() if isinstance(value, str) else ""


# -- per-student documents ------------------------------------------------------------------------


def student_document(
    handle: ArchiveHandle,
    kind: str,
    student_id: int,
    *,
    params: Params | None = None,
    today: datetime.date | None = None,
) -> Document:
    """The document ``kind`` for one student, every value as printed."""
    if kind not in model.STUDENT_KINDS:
        raise ValidationError(field="kind", reason="unknown")
    conn = handle.db.conn
    facts = load_facts(conn, student_id)
    if facts.voided:
        raise DocumentNotApplicable(kind=kind, reason="voided")
    if not _state_fits(kind, facts.status):
        raise DocumentNotApplicable(kind=kind, reason=_state_refusal(kind))
    fields = common_fields(conn, facts, _today(handle, today))
    doc_tables: dict[str, Table] = {}
    _BUILDERS[kind](conn, facts, fields, doc_tables, params or {})
    return Document(
        kind=kind,
        fields=fields,
        tables=doc_tables,
        photo=photo_of(handle, facts) if kind in _WITH_PHOTO else None,
        subject=facts.subject,
    )


Builder = Callable[[Connection, StudentFacts, dict[str, str], dict[str, Table], Params], None]


def _transcript(
    conn: Connection, facts: StudentFacts, fields: dict[str, str], out: dict[str, Table], _: Params
) -> None:
    courses, summary = tables.transcript(conn, facts.id)
    out["courses"] = courses
    fields.update(summary)
    # The diploma number belongs on a transcript only once a diploma was issued.
    if facts.status != "graduated":
        fields["diploma_no"] = ""


def _registration_card(
    conn: Connection, facts: StudentFacts, fields: dict[str, str], out: dict[str, Table], _: Params
) -> None:
    r = facts.row
    for name in ("student_category", "admission_mode", "boarding_mode", "residence_type",
                 "enrolment_target", "nationality", "marital_status", "source_place"):  # fmt: skip
        fields[name] = _value(name, r)
    fields["email"] = str(r["email"] or "")
    out["family"] = tables.family_table(family_rows(conn, facts.id), min_rows=2)


def _value(name: str, row: Mapping[str, Any]) -> str:
    return student_value(name, row.get(name), row)


def _verification_sheet(
    conn: Connection, facts: StudentFacts, fields: dict[str, str], out: dict[str, Table], _: Params
) -> None:
    out["items"] = tables.verification_items(facts)
    out["family"] = tables.family_table(family_rows(conn, facts.id), min_rows=3)


def _attestation(
    conn: Connection, facts: StudentFacts, fields: dict[str, str], out: dict[str, Table], _: Params
) -> None:
    """毕业证明书 / 肄业证明: the wording is the template's; the values are the common fields."""


def _enrolment_certificate(
    conn: Connection, facts: StudentFacts, fields: dict[str, str], out: dict[str, Table], p: Params
) -> None:
    purpose = _param(p, "purpose")
    fields["purpose"] = purpose
    fields["purpose_line"] = f"此证明仅用于{purpose}。" if purpose else ""


def _graduate_form(
    conn: Connection, facts: StudentFacts, fields: dict[str, str], out: dict[str, Table], p: Params
) -> None:
    fields.update(tables.graduate_record(conn, facts.id))
    for key in ("self_assessment", "teacher_comment", "school_opinion"):
        fields[key] = _param(p, key)
    out["family"] = tables.family_table(family_rows(conn, facts.id), min_rows=2)


def _event_form(kind: str) -> Builder:
    def build(
        conn: Connection, facts: StudentFacts, fields: dict[str, str], out: dict[str, Table],
        p: Params,
    ) -> None:  # fmt: skip
        event = _event(conn, kind, facts, _param(p, "event_id"))
        fields.update(tables.event_fields(conn, event, facts))
        school = conn.execute("SELECT name FROM school WHERE id = 1").fetchone()
        ours = str(school[0]) if school else ""
        # Which school the student leaves and which one receives them, whichever side we are.
        incoming = event[2] == "transfer_in"
        fields["transfer_from"] = fields["from_school"] if incoming else ours
        fields["transfer_to"] = ours if incoming else fields["to_school"]
        if event[2] == "return_from_leave":
            fields.update(tables.leave_before(conn, facts.id, int(event[0])))

    return build


def _event(conn: Connection, kind: str, facts: StudentFacts, event_id: str) -> Sequence[Any]:
    """The 学籍异动 a form is made from: ``event_id`` when given, else the student's latest
    non-revoked event of the form's kinds."""
    kinds = _EVENT_KINDS[kind]
    if event_id:
        if not event_id.isdigit():
            raise ValidationError(field="event_id", reason="type")
        row = conn.execute(tables.EVENT_SQL + " WHERE id = ?", (int(event_id),)).fetchone()
        if row is None or int(row[1]) != facts.id:
            raise NotFound(kind="status_change", id=event_id[:20])
        if str(row[2]) not in kinds:
            raise DocumentNotApplicable(kind=kind, reason="wrong_event")
        if row[12]:
            raise DocumentNotApplicable(kind=kind, reason="voided")
        return tuple(row)
    marks = ", ".join("?" * len(kinds))
    row = conn.execute(
        tables.EVENT_SQL + f" WHERE student_id = ? AND revoked = 0 AND kind IN ({marks}) "
        "ORDER BY id DESC LIMIT 1",
        (facts.id, *kinds),
    ).fetchone()
    if row is None:
        raise DocumentNotApplicable(kind=kind, reason="no_event")
    return tuple(row)


def _handover_list(
    conn: Connection, facts: StudentFacts, fields: dict[str, str], out: dict[str, Table], p: Params
) -> None:
    listed = (p or {}).get("documents")
    docs = tables.documents_table(
        listed if isinstance(listed, str) else None, tables.held_documents(conn, facts)
    )
    out["documents"] = docs
    pieces = sum(int(r[2].removesuffix("份")) for r in docs.rows)
    fields["document_count"] = str(len(docs.rows))
    fields["document_pieces"] = str(pieces)
    fields["document_total"] = f"{len(docs.rows)}项，共{pieces}份"
    for key in ("receiver", "receiver_address", "via", "dispatch_no"):
        fields[key] = _param(p, key)
    # A slip of a registered dispatch (services/dispatch_slips) is dated the day it was sent
    # (its 转递日期), not the day it is printed.
    if _param(p, "dispatched_on"):
        fields["issue_date"] = cn_date(_param(p, "dispatched_on"))
    row = conn.execute(
        "SELECT details FROM status_changes WHERE student_id = ? AND revoked = 0 "
        "AND kind = 'transfer_out' ORDER BY id DESC LIMIT 1",
        (facts.id,),
    ).fetchone()
    to_school = str(json.loads(row[0]).get("to_school", "")) if row else ""
    fields["receiver"] = fields["receiver"] or to_school


_BUILDERS: Mapping[str, Builder] = {
    model.TRANSCRIPT: _transcript,
    model.REGISTRATION_CARD: _registration_card,
    model.VERIFICATION_SHEET: _verification_sheet,
    model.GRADUATION_ATTESTATION: _attestation,
    model.INCOMPLETION_ATTESTATION: _attestation,
    model.ENROLMENT_CERTIFICATE: _enrolment_certificate,
    model.GRADUATE_FORM: _graduate_form,
    **{k: _event_form(k) for k in _EVENT_KINDS},
    model.HANDOVER_LIST: _handover_list,
}


# -- per-class documents --------------------------------------------------------------------------

_CLASS_SQL = """
SELECT c.id, c.name, c.intake_year, c.graduation_year, c.head_teacher,
       COALESCE(m.name, c.major_code)
FROM class_groups c LEFT JOIN majors m ON m.code = c.major_code WHERE c.id = ?
"""
_MEMBERS_SQL = """
SELECT s.id, COALESCE(s.student_no, ''), s.name, s.gender, s.birth_date, s.id_number,
       s.ethnicity, s.political_status, s.status, COALESCE(s.registry_no, ''), s.phone,
       s.graduation_date, COALESCE(s.diploma_no, ''), COALESCE(m.name, '')
FROM students s LEFT JOIN majors m ON m.code = s.major_code
WHERE s.class_group_id = ? AND s.voided = 0
"""
_HAS_EVENT_SQL = "SELECT 1 FROM status_changes e WHERE e.student_id = s.id AND e.revoked = 0"
_ORDER_KEYS = "s.student_no IS NULL, s.student_no, s.id"
_ORDER = " ORDER BY " + _ORDER_KEYS


def _class_row(conn: Connection, class_group_id: object) -> Sequence[Any]:
    cid = require_id("class_group", class_group_id)
    row = conn.execute(_CLASS_SQL, (cid,)).fetchone()
    if row is None:
        raise NotFound(kind="class_group", id=cid)
    return tuple(row)


def class_students(handle: ArchiveHandle, kind: str, class_group_id: int) -> list[int]:
    """The non-voided students of the class to whom ``kind`` applies, in 学号 order."""
    if kind not in model.STUDENT_KINDS and kind not in model.CLASS_KINDS:
        raise ValidationError(field="kind", reason="unknown")
    conn = handle.db.conn
    cid = int(_class_row(conn, class_group_id)[0])
    return _applicable(conn, kind, _MEMBERS_SQL, [cid])


_GRADUATES_SQL = """
SELECT s.id FROM students s LEFT JOIN class_groups c ON c.id = s.class_group_id
WHERE s.voided = 0 AND s.status = 'graduated' AND substr(s.graduation_date, 1, 4) = ?
"""


def year_graduates(handle: ArchiveHandle, kind: str, year: int) -> list[int]:
    """The graduates of one 届 (graduation date in ``year``) to whom ``kind`` applies, class by
    class in 学号 order: "all transcripts of the 2026届"."""
    if kind not in model.STUDENT_KINDS:
        raise ValidationError(field="kind", reason="unknown")
    if isinstance(year, bool) or not isinstance(year, int) or not 1949 <= year <= 2200:
        raise ValidationError(field="graduation_year", reason="invalid")
    return _applicable(handle.db.conn, kind, _GRADUATES_SQL, [f"{year:04d}"], " ORDER BY c.name, ")


def _applicable(
    conn: Connection, kind: str, sql: str, args: list[object], order: str = " ORDER BY "
) -> list[int]:
    """Ids from ``sql`` (students aliased ``s``) narrowed to those ``kind`` applies to."""
    states = _STATES.get(kind)
    if kind == model.GRADUATE_REGISTER:
        states = frozenset({"graduated"})
    if states is not None:
        sql += f" AND s.status IN ({', '.join('?' * len(states))})"
        args += sorted(states)
    kinds = _EVENT_KINDS.get(kind)
    if kinds is not None:
        marks = ", ".join("?" * len(kinds))
        sql += f" AND EXISTS ({_HAS_EVENT_SQL} AND e.kind IN ({marks}))"
        args += list(kinds)
    return [int(r[0]) for r in conn.execute(sql + order + _ORDER_KEYS, args)]


def class_document(
    handle: ArchiveHandle,
    kind: str,
    class_group_id: int,
    *,
    params: Params | None = None,
    today: datetime.date | None = None,
) -> Document:
    """班级花名册 (``roster``) or 毕业生名册 (``graduate_register``) of one class."""
    if kind not in model.CLASS_KINDS:
        raise ValidationError(field="kind", reason="unknown")
    conn = handle.db.conn
    cid, name, intake, grad_year, teacher, major = _class_row(conn, class_group_id)
    members = [tuple(r) for r in conn.execute(_MEMBERS_SQL + _ORDER, (cid,))]
    fields = {
        "class_name": str(name),
        "major": str(major or ""),
        "intake_year": f"{intake}级" if intake else "",
        "graduation_year": f"{grad_year}届" if grad_year else "",
        "head_teacher": str(teacher or ""),
        "issue_date": cn_date(_today(handle, today)),
    }
    if kind == model.ROSTER:
        table = tables.roster_table(members)
        fields.update(tables.roster_counts(members))
    else:
        year = _param(params, "graduation_year")
        if year and not (year.isdigit() and len(year) == 4):
            raise ValidationError(field="graduation_year", reason="format")
        table = tables.graduates_table(members, year)
        fields["graduate_count"] = str(len(table.rows))
        if year:
            fields["graduation_year"] = f"{year}届"
    if not table.rows:
        raise DocumentNotApplicable(kind=kind, reason="no_students")
    return Document(kind=kind, fields=fields, tables={"students": table}, subject=str(name))


# -- the content digest -----------------------------------------------------------------------


def content_digest(doc: Document) -> str:
    """SHA-256 (hex) of the canonical JSON of the document's kind, fields, tables and photo
    digest. Serial, QR text, key fingerprint and subject are left out: the digest says what the
    paper states, and is what the signature of an issued document covers."""
    canonical = {
        "kind": doc.kind,
        "fields": {str(k): str(v) for k, v in doc.fields.items()},
        "tables": {
            str(name): {
                "columns": list(t.columns),
                "rows": [list(r) for r in t.rows],
                "groups": [[h, i] for h, i in t.groups],
            }
            for name, t in doc.tables.items()
        },
        "photo": hashlib.sha256(doc.photo).hexdigest() if doc.photo else "",
    }
    text = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
