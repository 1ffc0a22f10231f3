"""Issuing printed documents: one PDF in memory or files on disk, each document numbered, signed
(transcripts and certificates carry a QR code), registered and audited; and verifying them.

Order, so that cancel or any failure leaves nothing: check the request → build every document →
check every character can be printed → number and sign → render (and, for files, write temporary
files in the destination) → ONE transaction: register rows, mark what they supersede, audit
entries (and, for files, rename the temporary files into place). docs/design/document-register.md.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from xueji_desktop.core.errors import NotFound, OperationCancelled, OutputFileError, ValidationError
from xueji_desktop.core.roles import Permission
from xueji_desktop.printing import model
from xueji_desktop.services import audit
from xueji_desktop.services import document_signing as signing
from xueji_desktop.services import documents_files as files
from xueji_desktop.services import documents_issue as steps
from xueji_desktop.services import documents_register as reg
from xueji_desktop.services.context import Session
from xueji_desktop.services.documents_issue import Cancelled, PrintRequest, Progress
from xueji_desktop.services.documents_kinds import ISSUED_KINDS, KIND_NAMES
from xueji_desktop.services.documents_register import RegisterEntry, Verification
from xueji_desktop.storage.layout import now_utc

__all__ = [
    "Issued",
    "PrintRequest",
    "RegisterEntry",
    "Verification",
    "issue",
    "issue_to_files",
    "key_fingerprint",
    "record_printed",
    "register_entries",
    "save_pdf",
    "verify",
    "void_documents",
]

ATTEMPTS = 3  # numbering again when another process took the same serials meanwhile
MAX_SERIALS = 5000


@dataclass(frozen=True)
class Issued:
    pdf: bytes
    serials: tuple[str, ...]
    pages: int


def _cancel_check(cancelled: Cancelled | None) -> None:
    if cancelled is not None and cancelled():
        raise OperationCancelled()


def issue(
    session: Session,
    request: PrintRequest,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Issued:
    """Build, check, number, sign and render the documents into one PDF (in memory), then
    register every serial with its audit entry in one transaction. Cancel or a failure before
    that registers nothing."""
    session.require(Permission.PRINT)
    handle = session.archive
    plan = steps.plan(handle, request)
    total = 2 * len(plan.subjects)
    docs = steps.build(handle, plan, progress, cancelled, total)
    if not plan.request.mark_missing:
        steps.check_printable(docs)
    done = len(docs)

    def render_progress(n: int, _: int) -> None:
        if progress is not None:
            progress(done + n, total)

    for attempt in range(ATTEMPTS):
        signed = steps.number_and_sign(handle, plan, docs)
        pdf = steps.render(plan, signed.documents, render_progress, cancelled)
        _cancel_check(cancelled)
        try:
            with handle.db.atomic():
                steps.register(handle, session.username, plan, signed)
        except steps.SerialTaken:
            if attempt == ATTEMPTS - 1:
                raise
            continue
        serials = tuple(e.serial for e in signed.entries)
        return Issued(pdf, serials, steps.page_count(pdf))
    raise AssertionError("unreachable")


def _name_values(doc: model.Document) -> dict[str, str]:
    return {
        "student_no": doc.fields.get("student_no", ""),
        "name": doc.fields.get("name", ""),
        "class_name": doc.fields.get("class_name", ""),
        "kind": KIND_NAMES.get(doc.kind, doc.kind),
        "serial": doc.serial,
    }


def _output_folder(out: Path, split: bool) -> tuple[Path, bool]:
    """The folder files go to; True when this call made it (removed again on failure)."""
    if not split:
        if out.is_dir():
            raise OutputFileError(path=str(out), reason="exists")
        return out.parent, False
    if out.exists() and not out.is_dir():
        raise OutputFileError(path=str(out), reason="exists")
    if out.is_dir():
        return out, False
    if not out.parent.is_dir():
        raise OutputFileError(path=str(out), reason="no_folder")
    try:
        out.mkdir(mode=0o700)
    except OSError as exc:
        raise OutputFileError(path=str(out), reason=files.os_reason(exc)) from None
    return out, True


def issue_to_files(
    session: Session,
    request: PrintRequest,
    out: Path,
    *,
    split: bool,
    pattern: str = files.DEFAULT_PATTERN,
    overwrite: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> list[Path]:
    """``split=False``: ``out`` is the PDF file; ``split=True``: ``out`` is a folder (made if its
    parent exists) with one PDF per document named by ``pattern``. All files or none: cancel or
    a failure removes every file of this call and registers nothing."""
    session.require(Permission.PRINT)
    handle = session.archive
    if not isinstance(out, Path):
        raise OutputFileError(path=str(out)[:80], reason="no_folder")
    if split:
        files.check_pattern(pattern)
    plan = steps.plan(handle, request)
    folder = out if split else out.parent
    if not split:
        _output_folder(out, split=False)
        files.check_destination(folder, [out.name], overwrite=overwrite)
    elif out.is_dir():
        files.check_destination(folder, [], overwrite=overwrite)
    elif out.exists() or not out.parent.is_dir():
        _output_folder(out, split=True)  # raises: a file there, or no parent folder
    made = False
    try:
        total = 2 * len(plan.subjects)
        docs = steps.build(handle, plan, progress, cancelled, total)
        if not plan.request.mark_missing:
            steps.check_printable(docs)
        for attempt in range(ATTEMPTS):
            signed = steps.number_and_sign(handle, plan, docs)
            if split:
                names = files.file_names(pattern, [_name_values(d) for d in signed.documents])
                if attempt == 0:
                    folder, made = _output_folder(out, split=True)
                files.check_destination(folder, names, overwrite=overwrite)
            else:
                names = [out.name]
            try:
                return _write_and_register(session, plan, signed, folder, names, split=split,
                                           overwrite=overwrite, progress=progress,
                                           cancelled=cancelled)  # fmt: skip
            except steps.SerialTaken:
                if attempt == ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")
    except BaseException:
        if made:
            # only when empty: it is ours, and nothing of ours is left in it
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def _write_and_register(
    session: Session,
    plan: steps.Plan,
    signed: steps.Signed,
    folder: Path,
    names: Sequence[str],
    *,
    split: bool,
    overwrite: bool,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> list[Path]:
    handle = session.archive
    docs = signed.documents
    n = len(docs)
    with files.Batch(overwrite=overwrite) as batch:
        if split:
            pdfs = steps.render_each(plan, docs, cancelled)
            for i, (pdf, name) in enumerate(zip(pdfs, names, strict=True), start=1):
                batch.add(folder / name, pdf)
                if progress is not None:
                    progress(n + i, 2 * n)
            saved = [(name, [doc.serial]) for doc, name in zip(docs, names, strict=True)]
        else:

            def render_progress(i: int, _: int) -> None:
                if progress is not None:
                    progress(n + i, 2 * n)

            batch.add(folder / names[0], steps.render(plan, docs, render_progress, cancelled))
            saved = [(names[0], [d.serial for d in docs])]
        _cancel_check(cancelled)
        with handle.db.atomic():
            steps.register(handle, session.username, plan, signed, saved)
            return batch.publish()


def save_pdf(
    session: Session, pdf: bytes, out: Path, serials: Sequence[str], *, overwrite: bool = False
) -> Path:
    """Save a PDF issued in memory (the preview's "save"): written atomically, audited as
    ``document_saved``. The serials must be in the register."""
    session.require(Permission.PRINT)
    if not isinstance(pdf, bytes) or not pdf.startswith(b"%PDF-"):
        raise ValidationError(field="document_pdf", reason="type")
    checked = _known_serials(session, serials)
    if not isinstance(out, Path):
        raise OutputFileError(path=str(out)[:80], reason="no_folder")
    _output_folder(out, split=False)
    files.check_destination(out.parent, [out.name], overwrite=overwrite)
    handle = session.archive
    with files.Batch(overwrite=overwrite) as batch:
        batch.add(out, pdf)
        with handle.db.atomic():
            audit.record(handle, session.username, "document_saved", target_type="document",
                         target_id=checked[0] if len(checked) == 1 else "",
                         details={"file": out.name, "serials": checked})  # fmt: skip
            return batch.publish()[0]


def _known_serials(session: Session, serials: Sequence[str]) -> list[str]:
    if isinstance(serials, str) or not isinstance(serials, Sequence) or not serials:
        raise ValidationError(field="document_serial", reason="required")
    if len(serials) > MAX_SERIALS or not all(isinstance(s, str) for s in serials):
        raise ValidationError(field="document_serial", reason="type")
    out = []
    for text in serials:
        serial = signing.normalise(text)
        if reg.get(session.archive.db.conn, serial) is None:
            raise NotFound(kind="document", id=text[:40])
        out.append(serial)
    return list(dict.fromkeys(out))


def record_printed(session: Session, serials: Sequence[str], printer: str, copies: int) -> None:
    """Audit that documents went to a printer (the GUI prints; this records it)."""
    session.require(Permission.PRINT)
    checked = _known_serials(session, serials)
    if not isinstance(printer, str) or len(printer) > 200:
        raise ValidationError(field="printer", reason="type")
    if isinstance(copies, bool) or not isinstance(copies, int) or not 1 <= copies <= 999:
        raise ValidationError(field="copies", reason="invalid")
    handle = session.archive
    with handle.db.atomic():
        for serial in checked:
            details: dict[str, object] = {"printer": printer, "copies": copies}
            audit.record(handle, session.username, "document_printed", target_type="document",
                         target_id=serial, details=details)  # fmt: skip


def void_documents(session: Session, serials: Sequence[str], reason: str) -> None:
    """Void issued documents (作废), e.g. a preview closed unprinted; a serial voided before is
    left as it was. What a voided document had superseded is current again."""
    session.require(Permission.PRINT)
    if not isinstance(reason, str) or not reason.strip():
        raise ValidationError(field="void_reason", reason="required")
    if len(reason) > 200:
        raise ValidationError(field="void_reason", reason="too_long")
    checked = _known_serials(session, serials)
    handle = session.archive
    at = now_utc()
    with handle.db.atomic() as conn:
        for serial in checked:
            if reg.void(conn, serial, reason.strip(), at):
                audit.record(handle, session.username, "document_voided", target_type="document",
                             target_id=serial, details={"reason": reason.strip()})  # fmt: skip


def register_entries(
    session: Session, *, student_id: int | None = None, kind: str | None = None, limit: int = 500
) -> list[RegisterEntry]:
    """The issuance register, newest first, optionally of one student and/or one kind."""
    session.require(Permission.READ_RECORDS)
    if student_id is not None and (isinstance(student_id, bool) or not isinstance(student_id, int)):
        raise ValidationError(field="student_id", reason="type")
    if kind is not None and kind not in ISSUED_KINDS:
        raise ValidationError(field="document_kind", reason="unknown")
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 100_000:
        raise ValidationError(field="limit", reason="invalid")
    return reg.entries(session.archive.db.conn, student_id=student_id, kind=kind, limit=limit)


def verify(session: Session, text: str) -> Verification:
    """A serial or the decoded QR text -> genuine / superseded / not_issued. Garbage of any
    kind (empty, huge, binary) is ``not_issued``."""
    session.require(Permission.READ_RECORDS)
    if not isinstance(text, str):
        return Verification(reg.NOT_ISSUED, reason="unreadable")
    return reg.check(session.archive, text)


def applicable_kinds(session: Session, student_ids: Sequence[int]) -> list[str]:
    """The per-student document kinds every one of these students can be given (the print
    dialog offers only these; issuing checks again)."""
    session.require(Permission.READ_RECORDS)
    if isinstance(student_ids, str | bytes) or not isinstance(student_ids, Sequence):
        raise ValidationError(field="student_id", reason="type")
    if len(student_ids) > steps.MAX_SUBJECTS:
        raise ValidationError(field="student_id", reason="too_long")
    from xueji_desktop.services import document_content as content

    return content.applicable_kinds(session.archive, student_ids)


def key_fingerprint(session: Session) -> str:
    """The fingerprint printed in the footer of signed documents (``3F2A 9C01 …``)."""
    session.require(Permission.READ_RECORDS)
    handle = session.archive
    key = signing.signing_key(handle.keys.audit_key, handle.archive_id)
    return signing.fingerprint(signing.public_key_bytes(key))
