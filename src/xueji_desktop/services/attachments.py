"""Attachments (附件): scans and photos kept as encrypted blobs, and the document checklist.

The bytes go straight from memory into the archive's BlobStore (XJB1, docs/design/blob-format.md):
no temporary plaintext file is written. Each attachment row keeps the plaintext SHA-256, size and
media type; the type is sniffed from the magic bytes and must agree with the declared one.
Attachments are voided, never deleted; a student's old photo blob stays when a new one is set.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xueji_desktop.core.errors import (
    ArchiveDamaged,
    AttachmentDestroyed,
    NotFound,
    RecordInvalid,
    RecordVoided,
)
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit
from xueji_desktop.services.context import Session
from xueji_desktop.services.records_common import (
    Checks,
    fetch_by_id,
    require_id,
    require_reason,
    require_student,
    write_history,
)
from xueji_desktop.storage.connection import Connection
from xueji_desktop.storage.layout import now_utc

MAX_BYTES = 20 * 1024 * 1024
MEDIA_TYPES = ("image/jpeg", "image/png", "application/pdf", "image/tiff")
PHOTO_TYPES = ("image/jpeg", "image/png")
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)
# Statuses in which a student has left the school (for 'left' and 'graduated' documents).
_GRADUATED = ("graduated", "completed_without_diploma")
_IN_SCHOOL = ("enrolled", "on_leave")


def sniff(data: bytes) -> str | None:
    """The media type the magic bytes say, or None."""
    for magic, media_type in _MAGIC:
        if data.startswith(magic):
            return media_type
    return None


def sniff_file(path: Path) -> str | None:
    """The media type of a file from its first bytes (None when unknown or unreadable: the
    attach that follows reads the file itself, with its limits, and says what is wrong)."""
    try:
        with path.open("rb") as f:
            return sniff(f.read(16))
    except OSError:
        return None


def _load(data: object, field: str = "data") -> bytes:
    """The bytes of ``data`` (bytes or a Path), refusing empty, too large and unreadable input
    before anything else is read or written."""
    if isinstance(data, Path):
        try:
            size = data.stat().st_size
        except OSError:
            raise RecordInvalid(problems=[Problem(field, "file_unreadable")]) from None
        if size > MAX_BYTES:
            raise RecordInvalid(problems=[_too_large(field)])
        try:
            data = data.read_bytes()
        except OSError:
            raise RecordInvalid(problems=[Problem(field, "file_unreadable")]) from None
    if isinstance(data, bytearray | memoryview):
        data = bytes(data)
    if not isinstance(data, bytes):
        raise RecordInvalid(problems=[Problem(field, "invalid_type", params={"expected": "bytes"})])
    if not data:
        raise RecordInvalid(problems=[Problem(field, "empty_file")])
    if len(data) > MAX_BYTES:
        raise RecordInvalid(problems=[_too_large(field)])
    return data


def _too_large(field: str) -> Problem:
    return Problem(field, "file_too_large", params={"max_mb": str(MAX_BYTES // (1024 * 1024))})


def _check_type(data: bytes, media_type: object, allowed: tuple[str, ...]) -> str:
    if not isinstance(media_type, str) or media_type not in allowed:
        raise RecordInvalid(
            problems=[
                Problem(
                    "media_type", "unsupported_media_type", params={"allowed": ", ".join(allowed)}
                )
            ]
        )
    found = sniff(data)
    if found != media_type:
        raise RecordInvalid(
            problems=[
                Problem(
                    "media_type",
                    "media_type_mismatch",
                    params={"declared": media_type, "found": found or "unknown"},
                )
            ]
        )
    return media_type


def _store_blob(session: Session, conn: Connection, data: bytes, media_type: str) -> str:
    """Encrypt into the blob store (idempotent: equal bytes share a blob) and register it."""
    name = session.archive.blobs().put(data)
    conn.execute(
        "INSERT OR IGNORE INTO blobs (name, sha256, size, media_type, created_at)"
        " VALUES (?,?,?,?,?)",
        (name, hashlib.sha256(data).hexdigest(), len(data), media_type, now_utc()),
    )
    return name


@dataclass(frozen=True, slots=True)
class Attachment:
    id: int
    student_id: int
    doc_type: str
    blob_name: str
    sha256: str
    media_type: str
    size: int
    title: str
    added_at: str
    added_by: str
    voided: bool
    void_reason: str
    # Destroyed under the retention rules (销毁清册): the row stays, the content is gone.
    destroyed: bool = False


_ATT_SQL = (
    "SELECT id, student_id, doc_type, blob_name, sha256, media_type, size, title, added_at,"
    " added_by, voided, void_reason, EXISTS (SELECT 1 FROM destruction_register r"
    " WHERE r.attachment_id = attachments.id AND r.status = 'destroyed') FROM attachments"
)


def _attachment(r: tuple[Any, ...]) -> Attachment:
    v: list[Any] = list(r)
    v[10] = bool(v[10])
    v[12] = bool(v[12])
    return Attachment(*v)


def _refuse_destroyed(conn: Connection, att: Attachment) -> None:
    """AttachmentDestroyed for a scan destroyed under the retention rules (its serial and day)."""
    if not att.destroyed:
        return
    row = conn.execute(
        "SELECT serial, decided_at FROM destruction_register WHERE attachment_id = ?", (att.id,)
    ).fetchone()
    raise AttachmentDestroyed(serial=str(row[0]), destroyed_at=str(row[1] or "")[:10])


def attach(
    session: Session,
    student_id: int,
    doc_type: str,
    data: bytes | Path,
    media_type: str,
    title: str = "",
) -> int:
    """Store a scan or photo for a student as an encrypted blob. Returns the attachment id."""
    session.require(Permission.WRITE_RECORDS)
    ck = Checks()
    title = ck.text("title", title, max_len=200)
    doc = ck.text("doc_type", doc_type, required=True, max_len=50)
    ck.done()
    raw = _load(data)
    media = _check_type(raw, media_type, MEDIA_TYPES)
    h = session.archive
    with h.db.atomic() as conn:
        student = require_student(conn, student_id)
        if not conn.execute("SELECT 1 FROM document_types WHERE code = ?", (doc,)).fetchone():
            raise RecordInvalid(problems=[Problem("doc_type", "unknown_doc_type")])
        name = _store_blob(session, conn, raw, media)
        sha = hashlib.sha256(raw).hexdigest()
        cur = conn.execute(
            "INSERT INTO attachments (student_id, doc_type, blob_name, sha256, media_type, size,"
            " title, added_at, added_by) VALUES (?,?,?,?,?,?,?,?,?)",
            (student.id, doc, name, sha, media, len(raw), title, now_utc(), session.username),
        )
        aid = int(cur.lastrowid)
        audit.record(
            h,
            session.username,
            "attachment_added",
            target_type="student",
            target_id=student.id,
            details={
                "attachment_id": aid,
                "doc_type": doc,
                "media_type": media,
                "size": len(raw),
                "sha256": sha,
            },
        )
    return aid


def _get(conn: Connection, attachment_id: object) -> Attachment:
    return _attachment(tuple(fetch_by_id(conn, "attachment", _ATT_SQL, attachment_id)))


def get_attachment(session: Session, attachment_id: int) -> Attachment:
    session.require(Permission.READ_RECORDS)
    return _get(session.archive.db.conn, attachment_id)


def read_attachment(session: Session, attachment_id: int) -> bytes:
    """The plaintext bytes, checked against the stored SHA-256. Every read is audited.
    AttachmentDestroyed for a scan destroyed under the retention rules."""
    session.require(Permission.READ_RECORDS)
    h = session.archive
    with h.db.atomic() as conn:
        att = _get(conn, attachment_id)
        _refuse_destroyed(conn, att)
        data = h.blobs().get(att.blob_name)
        if not hmac.compare_digest(hashlib.sha256(data).hexdigest(), att.sha256):
            raise ArchiveDamaged(reason="attachment_hash_mismatch", attachment=att.id)
        audit.record(
            h,
            session.username,
            "attachment_read",
            target_type="student",
            target_id=att.student_id,
            details={"attachment_id": att.id},
        )
    return data


def read_photo(session: Session, student_id: int) -> bytes | None:
    """The student's current photo (JPEG/PNG bytes), or None. Every read is audited."""
    session.require(Permission.READ_RECORDS)
    h = session.archive
    with h.db.atomic() as conn:
        student = require_student(conn, student_id)
        row = conn.execute("SELECT photo_blob FROM students WHERE id = ?", (student.id,)).fetchone()
        if row is None or row[0] is None:
            return None
        data = h.blobs().get(str(row[0]))  # authenticated by the blob store
        audit.record(h, session.username, "photo_read", target_type="student", target_id=student.id)
    return data


def list_attachments(
    session: Session, student_id: int, *, include_voided: bool = True
) -> list[Attachment]:
    session.require(Permission.READ_RECORDS)
    sql = _ATT_SQL + " WHERE student_id = ?" + ("" if include_voided else " AND voided = 0")
    rows = session.archive.db.conn.execute(
        sql + " ORDER BY added_at, id", (require_id("student", student_id),)
    ).fetchall()
    return [_attachment(tuple(r)) for r in rows]


def void_attachment(session: Session, attachment_id: int, reason: str) -> None:
    """作废 an attachment (wrong student, unreadable scan). The blob and the row stay."""
    session.require(Permission.WRITE_RECORDS)
    text = require_reason(reason)
    h = session.archive
    with h.db.atomic() as conn:
        att = _get(conn, attachment_id)
        if att.voided:
            raise RecordVoided(kind="attachment", id=att.id)
        conn.execute(
            "UPDATE attachments SET voided = 1, void_reason = ? WHERE id = ?", (text, att.id)
        )
        write_history(
            conn,
            session,
            student_id=att.student_id,
            entity="attachment",
            entity_id=att.id,
            changes={"voided": (0, 1)},
            ts=now_utc(),
            change_kind="void",
            reason=text,
        )
        audit.record(
            h,
            session.username,
            "attachment_voided",
            target_type="student",
            target_id=att.student_id,
            details={"attachment_id": att.id, "reason": text},
        )


def set_photo(session: Session, student_id: int, data: bytes | Path) -> str:
    """Set the student's photo (JPEG or PNG). The old blob is kept; returns the new blob name."""
    session.require(Permission.WRITE_RECORDS)
    raw = _load(data)
    media = _check_type(raw, sniff(raw), PHOTO_TYPES)
    h = session.archive
    with h.db.atomic() as conn:
        student = require_student(conn, student_id)
        old = conn.execute("SELECT photo_blob FROM students WHERE id = ?", (student.id,)).fetchone()
        name = _store_blob(session, conn, raw, media)
        if old[0] == name:
            return name
        ts = now_utc()
        conn.execute(
            "UPDATE students SET photo_blob = ?, updated_at = ? WHERE id = ?",
            (name, ts, student.id),
        )
        write_history(
            conn,
            session,
            student_id=student.id,
            entity="student",
            entity_id=student.id,
            changes={"photo_blob": (old[0], name)},
            ts=ts,
        )
        audit.record(
            h,
            session.username,
            "photo_set",
            target_type="student",
            target_id=student.id,
            details={"old": old[0], "new": name},
        )
    return name


# -- document checklist ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    code: str
    name: str
    required: bool
    present: bool
    attachment_ids: tuple[int, ...]


def _required(when: str, status: str) -> bool:
    if when == "always":
        return True
    if when == "graduated":
        return status in _GRADUATED
    if when == "left":
        return status not in _IN_SCHOOL
    return False


def document_checklist(session: Session, student_id: int) -> list[ChecklistItem]:
    """Every document type with whether it is required for this student and present."""
    session.require(Permission.READ_RECORDS)
    conn = session.archive.db.conn
    sid = require_id("student", student_id)
    student = conn.execute(
        "SELECT status, photo_blob FROM students WHERE id = ?", (sid,)
    ).fetchone()
    if student is None:
        raise NotFound(kind="student", id=sid)
    held: dict[str, list[int]] = {}
    for aid, doc in conn.execute(
        "SELECT id, doc_type FROM attachments WHERE student_id = ? AND voided = 0 ORDER BY id",
        (sid,),
    ):
        held.setdefault(doc, []).append(int(aid))
    items = []
    for code, name, when in conn.execute(
        "SELECT code, name, required_when FROM document_types ORDER BY sort_order, code"
    ):
        ids = tuple(held.get(code, ()))
        # The record photo (students.photo_blob) counts as the photo document.
        present = bool(ids) or (code == "photo" and student[1] is not None)
        items.append(ChecklistItem(code, name, _required(when, student[0]), present, ids))
    return items


def missing_documents(session: Session, student_id: int) -> list[ChecklistItem]:
    """The required documents the archive does not hold for the student."""
    session.require(Permission.READ_RECORDS)
    return [i for i in document_checklist(session, student_id) if i.required and not i.present]
