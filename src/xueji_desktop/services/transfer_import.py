"""Take in a student record package (转入 / 档案移交): preview, import, the register.

``read_package`` decrypts and verifies everything (every chunk, the signature over the
manifest, every member's SHA-256) and returns what would be added, writing nothing.
``import_package`` verifies again and adds everything in ONE transaction:

- a 转出 student becomes a new record here, 在籍 in the chosen class, by a 转入 学籍异动 dated
  ``today`` (services/status_changes.record_change, as a clerk's 转入 would be recorded); a
  handover keeps the student's status, numbers and 上报状态;
- family members, the photo and every scan (re-encrypted into this archive's blobs), the
  generated PDFs as attachments (transcript → ``transcript``, the others → ``other``);
- everything that has no place in this archive's own tables (the sending school's grades,
  history, 学籍异动, conduct …) as read-only ``transfer_records`` rows, one per section;
- the register row (``transfer_packages``, direction ``in``) and the audit entry.

A student whose ID number (or 学籍号) is already here is a problem of the preview and refuses
the import: all or nothing. The preview and the import run the same checks with the same class
(``_preview``): a 转出 student's major is the chosen class's, so the sender's major is never a
problem here; a handover student's major not set up here is a problem a chosen class resolves
(``class_problems``). The preview also says whether this sending archive was seen before with
this fingerprint (``key_state``), and a fingerprint the sending school told, when given, must
match; a package from a practice archive (练习库) is refused by a real archive. A failure or a
cancel leaves nothing (blob files this import wrote are removed again).
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xueji_desktop.core.errors import NotFound, OperationCancelled, PackageUnreadable, RecordInvalid
from xueji_desktop.core.id_number import mask_id_number
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit, status_changes, transfer_keys
from xueji_desktop.services.attachments import MEDIA_TYPES, PHOTO_TYPES, sniff
from xueji_desktop.services.context import Session
from xueji_desktop.services.record_rows import archive_majors, refresh_keys, write_family
from xueji_desktop.services.transfer_checks import (
    Loaded,
    key_state,
    open_package,
    same_fingerprint,
    student_problems,
    student_values,
)
from xueji_desktop.services.transfer_register import PackageEntry, list_packages
from xueji_desktop.services.transfer_sections import (
    TransferredSection,
    store_sections,
    transferred_records,
)
from xueji_desktop.storage.connection import Connection
from xueji_desktop.storage.layout import now_utc

__all__ = [
    "ImportResult",
    "PackageEntry",
    "PackagePreview",
    "PreviewStudent",
    "TransferredSection",
    "import_package",
    "list_packages",
    "read_package",
    "transferred_records",
]

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
_KEPT = ("status", "report_status", "returned_reason", "confirmed_at", "confirmed_by",
         "graduation_outcome", "graduation_date", "diploma_no")  # fmt: skip


@dataclass(frozen=True)
class PreviewStudent:
    index: int
    name: str
    student_no: str
    id_masked: str
    status: str
    problems: tuple[Problem, ...]
    exists: bool  # the ID number is already in this archive
    # Problems any chosen class resolves (a handover student's major not set up here: with a
    # class the student takes its major). Without a class they refuse the import too.
    class_problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class PackagePreview:
    package_id: str
    made_at: str
    reason: str
    source_school: str
    source_archive_id: str
    fingerprint: str
    receiver: str
    students: tuple[PreviewStudent, ...]
    counts: Mapping[str, int]
    practice: bool = False  # made in a practice archive (练习库); only a practice archive takes it
    # Packages of this sending archive taken in before: "new" (none), "same" (all with this
    # fingerprint) or "different" (another key signed an earlier one: ask the school).
    key_state: str = "new"
    class_name: str = ""  # the class 转出 students join, when the preview was given one
    class_major: str = ""  # its major ("code name"): theirs here; the sender's stays transferred


@dataclass(frozen=True)
class ImportResult:
    package_row: int
    student_ids: tuple[int, ...]


def _today(session: Session) -> datetime.date:
    return datetime.datetime.fromtimestamp(session.archive.clock()).date()


def _preview(session: Session, loaded: Loaded, target: tuple[int, str] | None,
             today: datetime.date) -> tuple[PackagePreview, list[Any]]:  # fmt: skip
    """What the import would do with ``target`` (class id, major code) as the class.

    The same checks for the preview and the import, so the two never disagree: a 转出 student's
    major is the class's (none before a class is chosen: no major problem then)."""
    man = loaded.opened.manifest
    conn = session.archive.db.conn
    major = None
    if target is not None:
        major = (target[1], archive_majors(conn).get(target[1], ""))
    seen: dict[str, set[str]] = {"id_number": set()}
    students, checked = [], []
    for n, record in enumerate(loaded.records, start=1):
        values = student_values(record, man["reason"], major)
        problems, exists, ck = student_problems(conn, values, record, man["reason"], today, seen)
        st = record["student"]
        by_class = [p for p in problems if target is None and p.field in _MAJOR_FIELDS]
        students.append(PreviewStudent(
            n, str(st.get("name") or ""), str(st.get("student_no") or ""),
            mask_id_number(str(st.get("id_number") or "")), str(st.get("status") or ""),
            tuple(p for p in problems if p not in by_class), exists, tuple(by_class),
        ))  # fmt: skip
        checked.append(ck)
    given = man.get("counts")
    counts: dict[str, Any] = given if isinstance(given, dict) else {}
    fingerprint = transfer_keys.fingerprint(loaded.opened.header.public_key)
    source, school = str(man.get("source_archive_id", "")), str(man.get("source_school", ""))
    class_name = class_major = ""
    if target is not None:
        row = conn.execute(
            "SELECT g.name, g.major_code, COALESCE(m.name, '') FROM class_groups g "
            "LEFT JOIN majors m ON m.code = g.major_code WHERE g.id = ?", (target[0],),
        ).fetchone()  # fmt: skip
        class_name, class_major = str(row[0]), f"{row[1]} {row[2]}".strip()
    preview = PackagePreview(
        str(man["package_id"]), str(man.get("made_at", "")), str(man["reason"]), school, source,
        fingerprint, str(man.get("receiver", "")), tuple(students),
        {str(k): int(v) for k, v in counts.items() if isinstance(v, int)},
        practice=man.get("practice") is True,
        key_state=key_state(conn, source, school, fingerprint),
        class_name=class_name, class_major=class_major,
    )  # fmt: skip
    return preview, checked


def _confirmed(preview: PackagePreview, fingerprint: str | None) -> None:
    """The fingerprint the sending school told the clerk, when given, must be the package's."""
    if fingerprint is not None and not same_fingerprint(fingerprint, preview.fingerprint):
        raise RecordInvalid(problems=[Problem("fingerprint", "transfer_fingerprint_mismatch",
                                              params={"given": fingerprint.strip()[:60],
                                                      "found": preview.fingerprint})],
                            reason="transfer_import")  # fmt: skip


def read_package(
    session: Session,
    path: Path,
    passphrase: str,
    *,
    class_group_id: int | None = None,
    fingerprint: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> PackagePreview:
    """What the package would add, after every check; nothing is written.

    ``class_group_id``: the class 转出 students would join (the preview then checks exactly
    what the import will); ``fingerprint``: the one the sending school told, must match."""
    session.require(Permission.WRITE_RECORDS)
    target = _class(session.archive.db.conn, class_group_id)
    with open_package(session.archive, path, passphrase, progress, cancelled) as loaded:
        preview = _preview(session, loaded, target, _today(session))[0]
    _confirmed(preview, fingerprint)
    return preview


def import_package(
    session: Session,
    path: Path,
    passphrase: str,
    *,
    class_group_id: int | None,
    today: datetime.date,
    fingerprint: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportResult:
    """Verify again and add the package's students in one transaction (see the module text)."""
    session.require(Permission.WRITE_RECORDS)
    h = session.archive
    conn = h.db.conn
    target = _class(conn, class_group_id)
    # One scale for the whole import: checking the file is the first half, adding the second.
    half = _scaled(progress, 0)
    with open_package(h, path, passphrase, half, cancelled) as loaded:
        man = loaded.opened.manifest
        reason = man["reason"]
        if reason == "transfer_out" and target is None:
            raise RecordInvalid(problems=[Problem("class_group", "transfer_class_required")],
                                reason="transfer_import")  # fmt: skip
        preview, checked = _preview(session, loaded, target, today)
        _confirmed(preview, fingerprint)
        problems = [p for s in preview.students for p in (*s.problems, *s.class_problems)]
        if problems:
            raise RecordInvalid(problems=problems, reason="transfer_import")
        new_blobs: list[Path] = []
        total = len(loaded.records)
        with h.db.atomic() as c:
            try:
                ids = []
                for n, (record, ck) in enumerate(zip(loaded.records, checked, strict=True), 1):
                    if cancelled is not None and cancelled():
                        raise OperationCancelled()
                    ids.append(_student(session, c, loaded, record, ck, target, today, new_blobs))
                    if progress is not None:
                        progress(_HALF + _HALF * n // total, 2 * _HALF)
                # The register row is never changed: written once the local ids are known.
                row = _register(session, c, loaded, Path(path), ids)
                for sid, record in zip(ids, loaded.records, strict=True):
                    store_sections(c, row, sid, record)
                audit.record(h, session.username, "transfer_package_imported",
                             target_type="transfer_package", target_id=row,
                             details={"package_id": preview.package_id, "reason": reason,
                                      "source_school": preview.source_school,
                                      "fingerprint": preview.fingerprint, "student_ids": ids,
                                      "file_sha256": loaded.opened.file_sha256})  # fmt: skip
            except BaseException:
                # Still under the writer lock: no other writer can have come to need them.
                _remove(new_blobs)
                raise
    return ImportResult(row, tuple(ids))


_HALF = 500
_MAJOR_FIELDS = ("major_code", "major_catalogue")  # what a chosen class replaces


def _scaled(progress: Progress | None, start: int) -> Progress | None:
    """(done, total) of the file check as the first half of the import's 0..1000."""
    if progress is None:
        return None

    def report(done: int, total: int) -> None:
        progress(start + _HALF * done // max(total, 1), 2 * _HALF)

    return report


def _remove(paths: list[Path]) -> None:
    """The blob files (and folders) a failed import wrote, newest first."""
    for path in reversed(paths):
        with contextlib.suppress(OSError):
            if path.is_dir():
                path.rmdir()
            else:
                path.unlink()


def _class(conn: Connection, class_group_id: object) -> tuple[int, str] | None:
    if class_group_id is None:
        return None
    if isinstance(class_group_id, bool) or not isinstance(class_group_id, int):
        raise RecordInvalid(problems=[Problem("class_group_id", "invalid_type", params={})])
    row = conn.execute(
        "SELECT id, major_code FROM class_groups WHERE id = ?", (class_group_id,)
    ).fetchone()
    if row is None:
        raise NotFound(kind="class_group", id=class_group_id)
    return int(row[0]), str(row[1])


def _register(
    session: Session, conn: Connection, loaded: Loaded, path: Path, ids: list[int]
) -> int:
    man = loaded.opened.manifest
    counts = man.get("counts") if isinstance(man.get("counts"), dict) else {}
    cur = conn.execute(
        "INSERT INTO transfer_packages (direction, package_id, reason, made_at, recorded_at, "
        "recorded_by, source_archive_id, source_school, receiver, signer_fingerprint, "
        "file_sha256, file_name, student_ids, counts) VALUES ('in',?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (man["package_id"], man["reason"], str(man.get("made_at", "")), now_utc(),
         session.username, str(man.get("source_archive_id", "")),
         str(man.get("source_school", "")), str(man.get("receiver", "")),
         transfer_keys.fingerprint(loaded.opened.header.public_key), loaded.opened.file_sha256,
         path.name[:200], json.dumps(ids), json.dumps(counts, sort_keys=True)),
    )  # fmt: skip
    return int(cur.lastrowid)


def _put_blob(session: Session, conn: Connection, data: bytes, media: str,
              new_blobs: list[Path]) -> str:  # fmt: skip
    store = session.archive.blobs()
    name = store.name_for(data)
    path = store.path_for(name)
    if not path.parent.exists():
        new_blobs.append(path.parent)  # removed after the file, when the import fails
    if not path.exists():
        new_blobs.append(path)
    store.put(data)
    conn.execute(
        "INSERT OR IGNORE INTO blobs (name, sha256, size, media_type, created_at) "
        "VALUES (?,?,?,?,?)",
        (name, hashlib.sha256(data).hexdigest(), len(data), media, now_utc()),
    )
    return name


def _student(
    session: Session,
    conn: Connection,
    loaded: Loaded,
    record: dict[str, Any],
    checked: Any,
    target: tuple[int, str] | None,
    today: datetime.date,
    new_blobs: list[Path],
) -> int:
    """Insert one student with family, photo and attachments; a 转入 event for a 转出 package."""
    man = loaded.opened.manifest
    st = record["student"]
    handover = man["reason"] == "handover"
    row: dict[str, Any] = {k: v for k, v in checked.values.items() if k != "class_group"}
    for number in ("student_no", "registry_no"):
        row[number] = row.get(number) or None
    for flag in ("migrant_child", "poverty_registered"):
        row[flag] = None if row.get(flag) in ("", None) else int(row[flag])
    row["major_code"] = row.get("major_code") or None
    ts = now_utc()
    row.update(created_at=ts, updated_at=ts, created_by=session.username, status="enrolled",
               report_status="draft", class_group_id=None)  # fmt: skip
    if handover:
        row.update({k: st.get(k) for k in _KEPT if k in st})
        row["diploma_no"] = row.get("diploma_no") or None
        row["class_group_id"] = target[0] if target else _class_named(conn, st.get("class_name"))
    cols = list(row)
    cur = conn.execute(
        f"INSERT INTO students ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",  # noqa: S608 - registry names
        [row[c] for c in cols],
    )
    sid = int(cur.lastrowid)
    write_family(conn, sid, checked.family)
    photo = record.get("photo")
    if isinstance(photo, dict) and isinstance(photo.get("file"), str):
        data = loaded.member(photo["file"])
        media = sniff(data)
        if media not in PHOTO_TYPES:
            raise PackageUnreadable(reason="tampered")
        name = _put_blob(session, conn, data, str(media), new_blobs)
        conn.execute("UPDATE students SET photo_blob = ? WHERE id = ?", (name, sid))
    files = [a for a in record.get("attachments") or [] if isinstance(a, dict) and a.get("file")]
    docs = [{"doc_type": "transcript" if d.get("kind") == "transcript" else "other",
             "file": d.get("file"), "media_type": "application/pdf",
             "title": _DOC_TITLES.get(str(d.get("kind")), "")}
            for d in record.get("documents_generated") or [] if isinstance(d, dict)]  # fmt: skip
    known = {str(r[0]) for r in conn.execute("SELECT code FROM document_types")}
    for item in [*files, *docs]:
        data = loaded.member(str(item["file"]))
        media = sniff(data)
        if media not in MEDIA_TYPES or media != item.get("media_type"):
            raise PackageUnreadable(reason="tampered")
        doc_type = str(item.get("doc_type")) if item.get("doc_type") in known else "other"
        name = _put_blob(session, conn, data, str(media), new_blobs)
        conn.execute(
            "INSERT INTO attachments (student_id, doc_type, blob_name, sha256, media_type, size, "
            "title, added_at, added_by) VALUES (?,?,?,?,?,?,?,?,?)",
            (sid, doc_type, name, hashlib.sha256(data).hexdigest(), media, len(data),
             str(item.get("title") or "")[:200], now_utc(), session.username),
        )  # fmt: skip
    refresh_keys(conn, sid)
    if not handover and target is not None:
        status_changes.record_change(
            session, sid, "transfer_in", effective_date=today.isoformat(),
            details={"class_group_id": target[0],
                     "from_school": str(man.get("source_school", ""))[:100]},
        )  # fmt: skip
    return sid


# Titles of the generated PDFs as attachments (the clerk sees where they came from).
_DOC_TITLES = {
    "transcript": "成绩单（转出学校生成）",
    "registration_card": "学籍卡（转出学校生成）",
}


def _class_named(conn: Connection, name: object) -> int | None:
    if not isinstance(name, str) or not name:
        return None
    row = conn.execute("SELECT id FROM class_groups WHERE name = ?", (name,)).fetchone()
    return int(row[0]) if row else None
