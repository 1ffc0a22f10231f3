"""The destruction register (销毁清册): reading it, printing it (PDF) and exporting it (xlsx).

An entry names what was proposed or destroyed — document type, title, media type, size, the
plaintext SHA-256, the student by name and 学号 — and, once destroyed, the backups that still held
it with their expected expiry (services/retention_backups.py). Never the content. The printed
and exported register lists the destroyed entries (what a 销毁清册 is); ``register`` returns
every entry with its status for the page. Printing and exporting are audited
(``destruction_register_printed`` / ``_exported``) with the students named; reading is not (a
list like the student list).
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from xueji_desktop.core.errors import NothingToExport, OutputFileError
from xueji_desktop.core.roles import Permission
from xueji_desktop.messages_retention import kept_text
from xueji_desktop.printing import destruction_register as paper
from xueji_desktop.problem_texts_records import DOCUMENT_NAMES
from xueji_desktop.services import audit, xlsx_out
from xueji_desktop.services.context import Session
from xueji_desktop.services.document_settings import load_letterhead
from xueji_desktop.services.documents_files import os_reason
from xueji_desktop.services.file_loans import check_today
from xueji_desktop.services.records_common import Checks
from xueji_desktop.services.retention_backups import HeldBackup, held_from_json
from xueji_desktop.storage.connection import Connection
from xueji_desktop.storage.files import atomic_write

STATUSES = ("proposed", "destroyed", "rejected")
LANGS = ("zh", "en")


@dataclass(frozen=True, slots=True)
class RegisterEntry:
    serial: str
    attachment_id: int
    student_id: int
    student_label: str  # name（学号）, never an ID number
    doc_type: str
    doc_type_name: str
    title: str
    media_type: str
    size: int
    sha256: str
    added_at: str
    rule_years: int
    rule_counted_from: str
    due_on: str
    proposed_at: str
    proposed_by: str
    reason: str
    status: str  # proposed | destroyed | rejected
    decided_at: str | None
    decided_by: str | None
    decision_remark: str
    backups: tuple[HeldBackup, ...]
    # Read-time facts, not stored: the other live scans (attachment ids) and whether a
    # student's photo use the same bytes — for a proposal, what keeps the file after approval;
    # for a destroyed entry whose blob was never destroyed (not in ``destroyed_blobs``), why
    # the file was not deleted.
    shared_with: tuple[int, ...] = ()
    shared_photo: bool = False
    content_kept: bool = False  # destroyed, but the file stayed (its bytes are still used)

    def type_name(self, lang: str = "zh") -> str:
        """The document type's name: the archive's own (Chinese), or the English one where
        the checklist type has one."""
        if lang == "en" and self.doc_type in DOCUMENT_NAMES:
            return DOCUMENT_NAMES[self.doc_type][1]
        return self.doc_type_name

    def outcome(self, lang: str = "zh") -> str:
        """What became of the file of a destroyed entry ("" for others)."""
        if self.status != "destroyed":
            return ""
        if self.content_kept:
            return kept_text(self.shared_with, self.shared_photo, lang)
        return paper.outcome_deleted(lang)


def name_and_number(name: str, student_no: str) -> str:
    """How the register names a student: 张三（2025710201001）."""
    return f"{name}（{student_no}）" if student_no else name


_SQL = (
    "SELECT dr.serial, dr.attachment_id, dr.student_id, s.name, COALESCE(s.student_no, ''),"
    " dr.doc_type, COALESCE(t.name, dr.doc_type), dr.title, dr.media_type, dr.size, dr.sha256,"
    " dr.added_at, dr.rule_years, dr.rule_counted_from, dr.due_on, dr.proposed_at,"
    " dr.proposed_by, dr.reason, dr.status, dr.decided_at, dr.decided_by, dr.decision_remark,"
    " dr.backups, a.blob_name,"
    " EXISTS (SELECT 1 FROM destroyed_blobs d WHERE d.name = a.blob_name)"
    " FROM destruction_register dr JOIN students s ON s.id = dr.student_id"
    " JOIN attachments a ON a.id = dr.attachment_id"
    " LEFT JOIN document_types t ON t.code = dr.doc_type"
)


def _entry(r: Any) -> RegisterEntry:
    try:
        backups = held_from_json(json.loads(r[22]))
    except ValueError:
        backups = ()
    return RegisterEntry(
        str(r[0]), int(r[1]), int(r[2]), name_and_number(str(r[3]), str(r[4])), str(r[5]),
        str(r[6]), str(r[7]), str(r[8]), int(r[9]), str(r[10]), str(r[11]), int(r[12]),
        str(r[13]), str(r[14]), str(r[15]), str(r[16]), str(r[17]), str(r[18]), r[19], r[20],
        str(r[21]), backups,
    )  # fmt: skip


def _check_year(year: object) -> int | None:
    if year is None:
        return None
    ck = Checks()
    value = ck.integer("year", year, low=2000, high=2200)
    ck.done()
    return value


def register(
    session: Session, *, year: int | None = None, status: str | None = None
) -> list[RegisterEntry]:
    """The register's entries, oldest first; ``year`` keeps those decided (or, while proposed,
    proposed) in that calendar year, ``status`` one status."""
    session.require(Permission.READ_RECORDS)
    y = _check_year(year)
    ck = Checks()
    if status is not None:
        ck.choice("status", status, STATUSES)
    ck.done()
    where, args = [], []
    if y is not None:
        where.append("substr(COALESCE(dr.decided_at, dr.proposed_at), 1, 4) = ?")
        args.append(f"{y:04d}")
    if status is not None:
        where.append("dr.status = ?")
        args.append(status)
    sql = _SQL + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY dr.id"
    conn = session.archive.db.conn
    rows = conn.execute(sql, args).fetchall()
    # A proposal may share its bytes with live scans; a destroyed entry whose blob never got
    # a destroyed_blobs row kept its file because something live still used it.
    asked = {
        str(r[23]): int(r[1])
        for r in rows
        if r[18] == "proposed" or (r[18] == "destroyed" and not r[24])
    }
    users, photos = _live_users(conn, sorted(set(asked)))
    out = []
    for r in rows:
        e = _entry(r)
        blob = str(r[23])
        if r[18] == "proposed" or (r[18] == "destroyed" and not r[24]):
            e = replace(
                e,
                shared_with=tuple(sorted(a for a in users.get(blob, ()) if a != e.attachment_id)),
                shared_photo=blob in photos,
                content_kept=r[18] == "destroyed",
            )
        out.append(e)
    return out


def still_used_after(proposals: list[RegisterEntry], serials: list[str]) -> list[RegisterEntry]:
    """The proposals among ``serials`` whose content something live would still use once all
    of ``serials`` are approved (scans in the same decision do not count): approving them
    closes the scan, but its file stays. For the warning before an approval."""
    chosen = [e for e in proposals if e.serial in set(serials) and e.status == "proposed"]
    batch = {e.attachment_id for e in chosen}
    out = []
    for e in chosen:
        others = tuple(a for a in e.shared_with if a not in batch)
        if others or e.shared_photo:
            out.append(replace(e, shared_with=others))
    return out


def _live_users(conn: Connection, blobs: list[str]) -> tuple[dict[str, set[int]], set[str]]:
    """For each blob name: the attachments not destroyed that use it; and the blobs that are a
    student's current photo. Chunked IN lists (no index on blob_name: one pass per 500)."""
    users: dict[str, set[int]] = defaultdict(set)
    photos: set[str] = set()
    for start in range(0, len(blobs), 500):
        chunk = blobs[start : start + 500]
        q = ",".join("?" * len(chunk))
        for aid, name in conn.execute(
            f"SELECT a.id, a.blob_name FROM attachments a WHERE a.blob_name IN ({q})"  # noqa: S608
            " AND NOT EXISTS (SELECT 1 FROM destruction_register r"
            " WHERE r.attachment_id = a.id AND r.status = 'destroyed')",
            chunk,
        ):
            users[str(name)].add(int(aid))
        photos.update(
            str(r[0])
            for r in conn.execute(
                f"SELECT photo_blob FROM students WHERE photo_blob IN ({q})",  # noqa: S608
                chunk,
            )
        )
    return users, photos


def _destroyed(session: Session, year: int | None) -> list[RegisterEntry]:
    entries = register(session, year=year, status="destroyed")
    if not entries:
        raise NothingToExport(what="destruction_register")
    return entries


def _audit(session: Session, action: str, entries: list[RegisterEntry], year: int | None) -> None:
    h = session.archive
    audit.record(
        h,
        session.username,
        action,
        details={
            "year": year,
            "count": len(entries),
            "student_ids": sorted({e.student_id for e in entries}),
        },
    )


def _lines(entries: list[RegisterEntry], lang: str) -> list[paper.RegisterLine]:
    return [
        paper.RegisterLine(
            serial=e.serial,
            student=e.student_label,
            doc_type=e.type_name(lang),
            title=e.title,
            media=paper.media_text(e.media_type, e.size),
            sha256=e.sha256,
            rule=paper.rule_text(e.rule_years, e.rule_counted_from, lang),
            due_on=e.due_on,
            decided=f"{(e.decided_at or '')[:10]} {e.decided_by or ''}".strip(),
            backups=paper.backups_text(e.backups, lang),
            reason=e.reason,
            remark=e.decision_remark,
            outcome=e.outcome(lang),
        )
        for e in entries
    ]


def print_register(
    session: Session,
    out: Path,
    *,
    year: int | None = None,
    lang: str = "zh",
    overwrite: bool = False,
    today: datetime.date | None = None,
) -> Path:
    """The 销毁清册 as an A4 landscape PDF (destroyed entries; signature lines at the end).
    ``today``: the print date on the paper (default: the day of the archive's audit clock)."""
    session.require(Permission.EXPORT)
    y = _check_year(year)
    ck = Checks()
    language = ck.choice("lang", lang, LANGS)
    ck.done()
    h = session.archive
    printed = (
        check_today(today)
        if today is not None
        else datetime.datetime.fromtimestamp(h.clock()).date().isoformat()
    )
    xlsx_out.check_target(out, overwrite=overwrite)
    entries = _destroyed(session, y)
    pdf = paper.register_pdf(
        _lines(entries, language),
        load_letterhead(session.archive.db.conn),
        year=y,
        printed_on=printed,
        lang=language,
    )
    with session.archive.db.atomic():
        _audit(session, "destruction_register_printed", entries, y)
        _write(out, pdf, overwrite)
    return out


def _write(out: Path, data: bytes, overwrite: bool) -> None:
    xlsx_out.check_target(out, overwrite=overwrite)
    try:
        atomic_write(out, data)
    except OSError as exc:
        raise OutputFileError(path=str(out), reason=os_reason(exc)) from None


_XLSX_HEADERS: dict[str, tuple[str, ...]] = {
    "zh": ("清册编号", "学生", "材料类型", "标题", "文件类型", "大小（字节）", "SHA-256",
           "保管期限", "到期日", "提出人", "提出日期", "理由", "批准人", "销毁日期", "批准意见",
           "执行情况", "仍存有该文件的备份"),
    "en": ("Serial", "Student", "Document type", "Title", "Media type", "Size (bytes)",
           "SHA-256", "Retention", "Due on", "Proposed by", "Proposed on", "Reason",
           "Approved by", "Destroyed on", "Remark", "Outcome", "Backups still holding it"),
}  # fmt: skip


def export_register(
    session: Session,
    out: Path,
    *,
    year: int | None = None,
    lang: str = "zh",
    overwrite: bool = False,
) -> Path:
    """The 销毁清册 as an .xlsx sheet (destroyed entries), one row each."""
    session.require(Permission.EXPORT)
    y = _check_year(year)
    ck = Checks()
    language = ck.choice("lang", lang, LANGS)
    ck.done()
    xlsx_out.check_target(out, overwrite=overwrite)
    entries = _destroyed(session, y)
    widths = (14, 22, 16, 24, 16, 12, 66, 16, 12, 12, 12, 24, 12, 12, 20, 36, 60)
    columns = [
        xlsx_out.Column(h, w, text=h not in ("大小（字节）", "Size (bytes)"))
        for h, w in zip(_XLSX_HEADERS[language], widths, strict=True)
    ]
    rows = [
        (e.serial, e.student_label, e.type_name(language), e.title,
         e.media_type, e.size, e.sha256, paper.rule_text(e.rule_years, e.rule_counted_from,
         language), e.due_on, e.proposed_by, e.proposed_at[:10], e.reason, e.decided_by or "",
         (e.decided_at or "")[:10], e.decision_remark, e.outcome(language),
         paper.backups_text(e.backups, language))
        for e in entries
    ]  # fmt: skip
    title = "销毁清册" if language == "zh" else "Destruction register"
    sheet = xlsx_out.SheetOut(title, columns, rows, above=[(title,)], landscape=True)
    data = xlsx_out.workbook_bytes([sheet])
    with session.archive.db.atomic():
        _audit(session, "destruction_register_exported", entries, y)
        _write(out, data, overwrite)
    return out


__all__ = [
    "RegisterEntry",
    "export_register",
    "name_and_number",
    "print_register",
    "register",
    "still_used_after",
]
