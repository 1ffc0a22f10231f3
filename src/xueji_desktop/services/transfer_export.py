"""Make a student record package (转出 or 档案移交): docs/design/transfer-package.md.

Order, so that a cancel or any failure leaves nothing: check the request and the target →
read and render per student (progress, cancel) → write the encrypted package to a private
temporary file in the target folder (only ciphertext ever reaches the disk) → ONE transaction:
the ``transfer_packages`` row, the audit entry, and the rename into place.

A 转出 package carries students whose status is 转出 (the 学籍异动 is recorded first, so the
record says where the student went); a handover (档案移交) carries students who have left the
school (never 在籍 or 休学). Voided records are refused: they were entered by mistake. What is
worth a second look is said, not refused (``ExportedPackage.warnings``).
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import secrets
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xueji_desktop.core.errors import (
    NotFound,
    OperationCancelled,
    OutputFileError,
    RecordInvalid,
    RecordVoided,
    XuejiError,
)
from xueji_desktop.core.id_number import mask_id_number
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit, transfer_keys
from xueji_desktop.services.context import Session
from xueji_desktop.services.documents_files import os_reason
from xueji_desktop.services.transfer_register import earlier_packages, local_minute
from xueji_desktop.services.transfer_sections import record_sections
from xueji_desktop.services.xlsx_out import check_target
from xueji_desktop.storage.files import FILE_MODE, fsync_dir
from xueji_desktop.storage.kdf import PRODUCTION, KdfParams
from xueji_desktop.storage.layout import now_utc
from xueji_desktop.storage.transfer_format import FORMAT, VERSION, PackageWriter

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
REASONS = ("transfer_out", "handover")
IN_SCHOOL = ("enrolled", "on_leave")  # 在籍, 休学: not handed over
MAX_STUDENTS = 2000
MAX_RECEIVER = 200
# The generated PDFs: rendered unnumbered (no serial is registered for a copy in a package).
DOCUMENT_KINDS = ("transcript", "registration_card")
_EXT = {"image/jpeg": "jpg", "image/png": "png", "image/tiff": "tif", "application/pdf": "pdf"}


@dataclass(frozen=True)
class ExportedPackage:
    package_id: str
    path: Path
    sha256: str
    fingerprint: str
    student_count: int
    counts: Mapping[str, int]
    # Said, not refused (severity "warning"): a receiver other than the 转出's 转入学校, a
    # student already packaged before.
    warnings: tuple[Problem, ...] = ()


def export_package(
    session: Session,
    student_ids: Sequence[int],
    *,
    reason: str,
    receiver: str,
    passphrase: str,
    out: Path,
    today: datetime.date,
    overwrite: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    kdf: KdfParams = PRODUCTION,
) -> ExportedPackage:
    """Write the package of ``student_ids`` to ``out``; register and audit it."""
    session.require(Permission.EXPORT)
    ids = _check_request(student_ids, reason, receiver)
    receiver = str(receiver).strip()
    passphrase = transfer_keys.check_passphrase(passphrase)
    out = Path(out)
    check_target(out, overwrite=overwrite)
    h = session.archive
    conn = h.db.conn
    _check_students(conn, ids, reason)
    warnings = _export_warnings(conn, ids, reason, receiver)
    key = transfer_keys.signing_key(h)
    public = transfer_keys.public_key_bytes(key)
    fp = transfer_keys.fingerprint(public)
    package_id = str(uuid.uuid4())
    made_at = now_utc()
    total = len(ids) + 1
    tmp = out.with_name(f".{out.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     FILE_MODE)  # fmt: skip
    except OSError as exc:
        raise OutputFileError(path=str(out), reason=os_reason(exc)) from None
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "package_id": package_id,
        "made_at": made_at,
        "reason": reason,
        "receiver": receiver,
        "exporter": session.username,
        "today": today.isoformat(),
        **_source(conn, h.archive_id),
        "signer_public_key": public.hex(),
        # A practice archive's (练习库) students are fictitious: a real archive refuses them.
        "practice": bool(h.meta.practice),
    }
    try:
        with os.fdopen(fd, "wb") as fh:
            writer = PackageWriter(fh, passphrase, public, kdf)
            counts, students = _write(session, writer, ids, progress, cancelled, total)
            writer.finish(dict(manifest, counts=counts, students=students), key.sign)
            fh.flush()
            os.fsync(fh.fileno())
        digest = _sha256(tmp)
        if cancelled is not None and cancelled():
            raise OperationCancelled()
        with h.db.atomic() as c:
            cur = c.execute(
                "INSERT INTO transfer_packages (direction, package_id, reason, made_at, "
                "recorded_at, recorded_by, source_archive_id, source_school, receiver, "
                "signer_fingerprint, file_sha256, file_name, student_ids, counts) "
                "VALUES ('out',?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (package_id, reason, made_at, now_utc(), session.username, h.archive_id,
                 manifest["source_school"], receiver, fp, digest, out.name, json.dumps(ids),
                 json.dumps(counts, sort_keys=True)),
            )  # fmt: skip
            audit.record(h, session.username, "transfer_package_exported",
                         target_type="transfer_package", target_id=int(cur.lastrowid),
                         details={"package_id": package_id, "reason": reason,
                                  "student_ids": ids, "counts": counts,
                                  "file_sha256": digest})  # fmt: skip
            if out.exists() and not overwrite:
                raise OutputFileError(path=str(out), reason="exists")
            os.replace(tmp, out)
        fsync_dir(out.parent)
    except OSError as exc:
        raise OutputFileError(path=str(out), reason=os_reason(exc)) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    if progress is not None:
        progress(total, total)
    return ExportedPackage(package_id, out, digest, fp, len(ids), counts, tuple(warnings))


def _check_request(student_ids: object, reason: object, receiver: object) -> list[int]:
    problems = []
    if reason not in REASONS:
        problems.append(Problem("reason", "transfer_bad_reason"))
    if not isinstance(receiver, str) or not receiver.strip():
        problems.append(Problem("receiver", "required"))
    elif len(receiver) > MAX_RECEIVER:
        problems.append(Problem("receiver", "too_long", params={"max_len": str(MAX_RECEIVER)}))
    ok = isinstance(student_ids, Sequence) and not isinstance(student_ids, str)
    ids: list[Any] = list(student_ids) if isinstance(student_ids, Sequence) and ok else []
    if not ok or any(isinstance(i, bool) or not isinstance(i, int) for i in ids):
        problems.append(Problem("student_ids", "invalid_type", params={"expected": "ids"}))
    elif not ids:
        problems.append(Problem("student_ids", "required"))
    elif len(ids) > MAX_STUDENTS:
        problems.append(Problem("student_ids", "too_many_students",
                                params={"max": str(MAX_STUDENTS)}))  # fmt: skip
    if problems:
        raise RecordInvalid(problems=problems, reason="transfer_export")
    return list(dict.fromkeys(ids))


def _check_students(conn: Any, ids: list[int], reason: str) -> None:
    problems = []
    for sid in ids:
        row = conn.execute(
            "SELECT voided, status, name, COALESCE(student_no, '') FROM students WHERE id = ?",
            (sid,),
        ).fetchone()
        if row is None:
            raise NotFound(kind="student", id=sid)
        if row[0]:
            raise RecordVoided(kind="student", id=sid)
        if reason == "transfer_out" and row[1] != "transferred_out":
            problems.append(Problem("student_ids", "transfer_not_transferred_out",
                                    params={"name": row[2], "student_no": row[3]}))  # fmt: skip
        # 档案移交 hands over the records of students who have left (a school closing, files
        # going to the bureau's archive); a student still at school is never handed over.
        if reason == "handover" and row[1] in IN_SCHOOL:
            problems.append(Problem("student_ids", "transfer_handover_in_school",
                                    params={"name": row[2], "student_no": row[3]}))  # fmt: skip
    if problems:
        raise RecordInvalid(problems=problems, reason="transfer_export")


def _export_warnings(conn: Any, ids: list[int], reason: str, receiver: str) -> list[Problem]:
    """What the clerk should look at twice, without refusing: a 转出 package for another
    receiver than the 转入学校 the 转出 recorded, and students packaged before."""
    found = []
    for sid in ids:
        name, number = conn.execute(
            "SELECT name, COALESCE(student_no, '') FROM students WHERE id = ?", (sid,)
        ).fetchone()
        if reason == "transfer_out":
            row = conn.execute(
                "SELECT details FROM status_changes WHERE student_id = ? AND kind = "
                "'transfer_out' AND revoked = 0 ORDER BY id DESC LIMIT 1", (sid,),
            ).fetchone()  # fmt: skip
            details = json.loads(row[0]) if row else {}
            to = str(details.get("to_school") or "").strip() if isinstance(details, dict) else ""
            if to and to != receiver:
                found.append(
                    Problem(
                        "receiver",
                        "transfer_receiver_differs",
                        "warning",
                        {"name": name, "student_no": number, "to_school": to},
                    )
                )
        count, last, last_receiver = earlier_packages(conn, sid)
        if count:
            found.append(
                Problem(
                    "student_ids",
                    "transfer_packaged_before",
                    "warning",
                    {
                        "name": name,
                        "student_no": number,
                        "count": str(count),
                        "last": local_minute(last),
                        "receiver": last_receiver,
                    },
                )
            )
    return found


def _source(conn: Any, archive_id: str) -> dict[str, str]:
    row = conn.execute("SELECT name, code FROM school LIMIT 1").fetchone()
    return {"source_archive_id": archive_id, "source_school": str(row[0]) if row else "",
            "source_school_code": str(row[1] or "") if row else ""}  # fmt: skip


def _write(
    session: Session,
    writer: PackageWriter,
    ids: list[int],
    progress: Progress | None,
    cancelled: Cancelled | None,
    total: int,
) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """Every student's members; returns the counts and the manifest's student list."""
    counts: dict[str, int] = {"students": len(ids)}
    students = []
    for n, sid in enumerate(ids, start=1):
        if cancelled is not None and cancelled():
            raise OperationCancelled()
        summary, more = _student_members(session, writer, n, sid)
        students.append(summary)
        for key, value in more.items():
            counts[key] = counts.get(key, 0) + value
        if progress is not None:
            progress(n, total)
    return counts, students


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _student_members(
    session: Session, writer: PackageWriter, n: int, sid: int
) -> tuple[dict[str, Any], dict[str, int]]:
    """Write one student's members; returns the manifest summary and the counts."""
    h = session.archive
    conn = h.db.conn
    record = record_sections(conn, sid)
    base = f"students/{n}"
    counts = {k: len(v) for k, v in record.items() if isinstance(v, list)}
    blobs = h.blobs()
    photo = conn.execute(
        "SELECT s.photo_blob, b.media_type FROM students s JOIN blobs b ON b.name = s.photo_blob "
        "WHERE s.id = ? AND s.photo_blob NOT IN (SELECT name FROM destroyed_blobs)",
        (sid,),
    ).fetchone()
    if photo is not None:
        path = f"{base}/photo.{_EXT.get(photo[1], 'bin')}"
        writer.add(path, blobs.get(photo[0]))
        record["photo"] = {"file": path, "media_type": photo[1]}
    attachments = []
    for i, (doc_type, name, sha, media, size, title, added_at, added_by, gone) in enumerate(
        conn.execute(
            "SELECT doc_type, blob_name, sha256, media_type, size, title, added_at, added_by, "
            "blob_name IN (SELECT name FROM destroyed_blobs) FROM attachments "
            "WHERE student_id = ? AND voided = 0 ORDER BY id",
            (sid,),
        ).fetchall(),
        start=1,
    ):
        item = {"doc_type": doc_type, "title": title, "media_type": media, "size": size,
                "sha256": sha, "added_at": added_at, "added_by": added_by}  # fmt: skip
        if gone:
            item["destroyed"] = True  # destroyed under the retention rules: the row travels
        else:
            data = blobs.get(name)
            if hashlib.sha256(data).hexdigest() != sha:
                from xueji_desktop.core.errors import ArchiveDamaged

                raise ArchiveDamaged(reason="attachment_hash_mismatch", attachment=name[:8])
            item["file"] = f"{base}/attachments/{i}.{_EXT.get(media, 'bin')}"
            writer.add(item["file"], data)
        attachments.append(item)
    record["attachments"] = attachments
    counts["attachments"] = sum(1 for a in attachments if "file" in a)
    counts["photos"] = 1 if photo is not None else 0
    documents, skipped = [], []
    for kind in DOCUMENT_KINDS:
        try:
            pdf = _render(session, kind, sid)
        except XuejiError as exc:
            skipped.append({"kind": kind, "reason": exc.code})
            continue
        path = f"{base}/documents/{kind}.pdf"
        writer.add(path, pdf)
        documents.append({"kind": kind, "file": path})
    record["documents_generated"] = documents
    record["documents_skipped"] = skipped
    counts["documents_generated"] = len(documents)
    writer.add(f"{base}/record.json", json.dumps(record, ensure_ascii=False, sort_keys=True,
                                                 default=str).encode("utf-8"))  # fmt: skip
    st = record["student"]
    summary = {
        "index": n,
        "name": st["name"],
        "student_no": st["student_no"] or "",
        "registry_no": st["registry_no"] or "",
        "id_masked": mask_id_number(str(st["id_number"] or "")),
        "gender": st["gender"],
        "birth_date": st["birth_date"],
        "status": st["status"],
        "class_name": st["class_name"],
        "major_name": st["major_name"],
        "record": f"{base}/record.json",
    }
    return summary, counts


def _render(session: Session, kind: str, sid: int) -> bytes:
    """The document as the printing services make it, without a serial (nothing registered)."""
    from xueji_desktop.services import documents_issue as steps
    from xueji_desktop.services.documents_issue import PrintRequest

    h = session.archive
    plan = steps.plan(h, PrintRequest(kind=kind, student_ids=(sid,), mark_missing=True))
    docs = steps.build(h, plan, None, None, 1)
    return steps.render(plan, docs)
