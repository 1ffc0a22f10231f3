"""The steps of issuing documents, shared by ``documents.issue`` and ``documents.issue_to_files``:
check the request, build the documents, look for unprintable characters, number and sign them,
and register them (rows + audit entries) in the caller's transaction.

Nothing here checks a role: the public functions in services/documents.py do, first.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from xueji_desktop.core.errors import (
    DocumentNotApplicable,
    OperationCancelled,
    UnprintableText,
    ValidationError,
)
from xueji_desktop.printing import model
from xueji_desktop.services import audit
from xueji_desktop.services import document_settings as ds
from xueji_desktop.services import document_signing as signing
from xueji_desktop.services import documents_register as reg
from xueji_desktop.services.context import ArchiveHandle
from xueji_desktop.services.documents_kinds import DOCUMENT_PARAMS, ISSUED_KINDS
from xueji_desktop.storage.layout import now_utc

if TYPE_CHECKING:
    from xueji_desktop.printing.templates import Template

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

PARAMS = frozenset(DOCUMENT_PARAMS)
MAX_PARAM = 4000  # characters; a 自我鉴定 is a page at most
MAX_PURPOSE = 100
MAX_SUBJECTS = 5000
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


@dataclass(frozen=True)
class PrintRequest:
    kind: str
    student_ids: tuple[int, ...] = ()
    class_group_id: int | None = None  # class kinds; or every student of the class
    template: str = ""  # "" = the school's choice for the kind (default "standard")
    params: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    mark_missing: bool = False
    printer: str = ""  # overlay: the saved offset of this printer is applied
    offset_mm: tuple[float, float] | None = None  # overrides the saved one
    purpose: str = ""  # recorded in the register (升学, 求职 …)
    graduation_year: int | None = None  # student kinds: every graduate of this 届


@dataclass(frozen=True)
class Plan:
    """A checked request: what to build, with which template, letterhead and offset."""

    request: PrintRequest
    subjects: tuple[int, ...]  # student ids, or the one class id of a class kind
    per_class: bool
    template: Template
    letterhead: model.Letterhead
    offset_mm: tuple[float, float]
    today: datetime.date


def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**62


def _check_request(request: object) -> PrintRequest:
    if not isinstance(request, PrintRequest):
        raise ValidationError(field="document_kind", reason="type")
    if not isinstance(request.kind, str) or request.kind not in ISSUED_KINDS:
        raise ValidationError(field="document_kind", reason="unknown")
    ids = request.student_ids
    if not isinstance(ids, tuple | list) or not all(_is_id(i) for i in ids):
        raise ValidationError(field="student_id", reason="type")
    if len(ids) > MAX_SUBJECTS:
        raise ValidationError(field="student_id", reason="too_long")
    if request.class_group_id is not None and not _is_id(request.class_group_id):
        raise ValidationError(field="class_group", reason="type")
    year = request.graduation_year
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise ValidationError(field="graduation_year", reason="type")
    if not isinstance(request.template, str) or len(request.template) > 40:
        raise ValidationError(field="template", reason="type")
    params = request.params
    if not isinstance(params, Mapping):
        raise ValidationError(field="document_param", reason="type")
    for key, value in params.items():
        if key not in PARAMS:
            raise ValidationError(field="document_param", reason="unknown_field")
        if not isinstance(value, str) or len(value) > MAX_PARAM:
            raise ValidationError(field="document_param", reason="too_long")
    if not isinstance(request.purpose, str) or len(request.purpose) > MAX_PURPOSE:
        raise ValidationError(field="purpose", reason="too_long")
    if not isinstance(request.printer, str) or len(request.printer) > 200:
        raise ValidationError(field="printer", reason="type")
    if request.offset_mm is not None:
        if not isinstance(request.offset_mm, tuple | list) or len(request.offset_mm) != 2:
            raise ValidationError(field="print_offset", reason="type")
        ds.check_offset(*request.offset_mm)
    return request


def today(handle: ArchiveHandle) -> datetime.date:
    return datetime.datetime.fromtimestamp(handle.clock()).date()


def plan(handle: ArchiveHandle, request: object) -> Plan:
    """Check the request and resolve what it names; raises before anything is built."""
    from xueji_desktop.services import document_content as content

    req = _check_request(request)
    conn = handle.db.conn
    per_class = req.kind in model.CLASS_KINDS
    if per_class:
        if req.class_group_id is None or req.student_ids or req.graduation_year is not None:
            raise ValidationError(field="class_group", reason="required")
        subjects: tuple[int, ...] = (req.class_group_id,)
        if not conn.execute("SELECT 1 FROM class_groups WHERE id = ?", subjects).fetchone():
            from xueji_desktop.core.errors import NotFound

            raise NotFound(kind="class_group", id=req.class_group_id)
    elif req.graduation_year is not None:
        if req.student_ids or req.class_group_id is not None:
            raise ValidationError(field="graduation_year", reason="invalid")
        subjects = tuple(content.year_graduates(handle, req.kind, req.graduation_year))
    elif req.student_ids:
        if req.class_group_id is not None:
            raise ValidationError(field="class_group", reason="invalid")
        subjects = tuple(dict.fromkeys(req.student_ids))  # each student once, in the given order
    elif req.class_group_id is not None:
        subjects = tuple(content.class_students(handle, req.kind, req.class_group_id))
    else:
        subjects = ()
    if not subjects:
        raise DocumentNotApplicable(kind=req.kind, reason="no_students")
    template = ds.resolve_template(conn, req.kind, req.template)
    if req.offset_mm is not None:
        offset = ds.check_offset(*req.offset_mm)
    else:
        offset = ds.saved_offset(conn, req.printer) if req.printer else (0.0, 0.0)
    letterhead = ds.load_letterhead(conn)
    return Plan(req, subjects, per_class, template, letterhead, offset, today(handle))


def build(
    handle: ArchiveHandle,
    p: Plan,
    progress: Progress | None,
    cancelled: Cancelled | None,
    total: int,
) -> list[model.Document]:
    """The documents, unnumbered (the transcript builder fills only the totals the school chose)."""
    from xueji_desktop.services import document_content as content

    params = dict(p.request.params)
    docs: list[model.Document] = []
    for n, subject in enumerate(p.subjects, start=1):
        if cancelled is not None and cancelled():
            raise OperationCancelled()
        if p.per_class:
            doc = content.class_document(handle, p.request.kind, subject, params=params,
                                         today=p.today)  # fmt: skip
        else:
            doc = content.student_document(handle, p.request.kind, subject, params=params,
                                           today=p.today)  # fmt: skip
        docs.append(doc)
        if progress is not None:
            progress(n, total)
    return docs


def check_printable(docs: Sequence[model.Document]) -> None:
    """UnprintableText for the first document with a character no bundled face draws: before a
    single file of a batch is written (render_pdf checks each call again)."""
    from xueji_desktop.printing.fonts import unprintable_in

    for doc in docs:
        texts = [*doc.fields.values()]
        for table in doc.tables.values():
            texts += [h for h, _ in table.groups]
            texts += [cell for row in table.rows for cell in row]
        chars = unprintable_in(texts)
        if chars:
            raise UnprintableText(chars=chars[:8], subject=doc.subject or doc.kind)


@dataclass(frozen=True)
class Signed:
    documents: list[model.Document]
    entries: list[reg.NewEntry]


def number_and_sign(handle: ArchiveHandle, p: Plan, docs: Sequence[model.Document]) -> Signed:
    """Serials (next free ones; checked again at commit), digests, signatures, QR texts."""
    from xueji_desktop.services.document_content import content_digest

    kind = p.request.kind
    serials = reg.allocate_serials(handle.db.conn, kind, p.today.year, len(docs))
    key = signing.signing_key(handle.keys.audit_key, handle.archive_id)
    print_fp = signing.fingerprint(signing.public_key_bytes(key))
    out_docs, entries = [], []
    for doc, subject, serial in zip(docs, p.subjects, serials, strict=True):
        digest = content_digest(doc)
        signature = signing.sign(key, handle.archive_id, serial, kind, digest)
        if kind in model.SIGNED_KINDS:
            qr = signing.qr_text(serial, digest, signature)
            doc = dataclasses.replace(doc, serial=serial, key_fingerprint=print_fp, qr_text=qr)
        else:
            doc = dataclasses.replace(doc, serial=serial)
        out_docs.append(doc)
        entries.append(reg.NewEntry(
            serial, kind, None if p.per_class else subject, subject if p.per_class else None,
            doc.subject, digest, signature,
        ))  # fmt: skip
    return Signed(out_docs, entries)


def render(
    p: Plan,
    docs: Sequence[model.Document],
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> bytes:
    from xueji_desktop.printing.render import render_pdf

    pdf: bytes = render_pdf(
        docs,
        p.template,
        p.letterhead,
        offset_mm=p.offset_mm,
        mark_missing=p.request.mark_missing,
        progress=progress,
        cancelled=cancelled,
    )
    return pdf


def render_each(
    p: Plan, docs: Sequence[model.Document], cancelled: Cancelled | None = None
) -> Iterator[bytes]:
    """One PDF per document, in order; a large batch is rendered on several processes."""
    from xueji_desktop.printing.parallel import render_each as each

    yield from each(docs, p.template, p.letterhead, offset_mm=p.offset_mm,
                    mark_missing=p.request.mark_missing, cancelled=cancelled)  # fmt: skip


def page_count(pdf: bytes) -> int:
    """Pages of a PDF ReportLab wrote (its page objects are never compressed)."""
    return len(_PAGE.findall(pdf))


class SerialTaken(Exception):
    """Another process issued the same serials meanwhile: number again (rare)."""


def register(
    handle: ArchiveHandle,
    actor: str,
    p: Plan,
    signed: Signed,
    files: Sequence[tuple[str, Sequence[str]]] = (),
) -> None:
    """Rows and audit entries, inside the caller's ``atomic()``. ``files`` = (file name, its
    serials): a file of one document is named in that document's ``document_issued`` entry (one
    entry per document: a batch of 1,000 files writes 1,000 entries, not 2,000); a file of
    several documents gets a ``document_saved`` entry of its own."""
    conn = handle.db.conn
    serials = [e.serial for e in signed.entries]
    if not reg.serials_free(conn, serials):
        raise SerialTaken()
    batch = uuid.uuid4().hex
    at = now_utc()
    req = p.request
    template = p.template.name
    own_file = {of[0]: name for name, of in files if len(of) == 1}
    reg.insert(conn, signed.entries, template=template, purpose=req.purpose,
               issued_by=actor, issued_at=at, batch_id=batch)  # fmt: skip
    for e in signed.entries:
        details: dict[str, object] = (
            {"student_id": e.student_id} if e.student_id else {"class_group_id": e.class_group_id}
        )
        replaced = conn.execute(
            "SELECT serial FROM document_register WHERE superseded_by = ?", (e.serial,)
        ).fetchall()
        superseded = [str(r[0]) for r in replaced]
        details.update(kind=e.kind, template=template, purpose=req.purpose, batch=batch,
                       digest=e.content_digest, superseded=superseded)  # fmt: skip
        if e.serial in own_file:
            details["file"] = own_file[e.serial]
        audit.record(handle, actor, "document_issued", target_type="document",
                     target_id=e.serial, details=details)  # fmt: skip
    for name, of in files:
        if len(of) > 1:
            audit.record(handle, actor, "document_saved", target_type="document",
                         target_id=batch, details={"file": name, "serials": list(of)})  # fmt: skip
