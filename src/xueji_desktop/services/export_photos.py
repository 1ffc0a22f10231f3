"""ID photos out of the archive (issue 6 §3): ``<身份证件号>.jpg`` per student, into a folder.

Split from export_lists (the lists): a photo export writes many files, not a workbook, so it
goes through documents_files.Batch (every file of the run published together, or none) rather
than xlsx_out. EXPORT is checked first; every photo read is audited as attachments.read_photo
audits it, in the transaction that publishes the files.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path

from xueji_desktop.core import lifecycle
from xueji_desktop.core.errors import (
    NotFound,
    NothingToExport,
    OperationCancelled,
    OutputFileError,
    ValidationError,
)
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit
from xueji_desktop.services.context import Session
from xueji_desktop.services.documents_files import Batch, check_destination, safe_name

__all__ = ["JPEG_QUALITY", "export_photos"]

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

JPEG_QUALITY = 92


def export_photos(
    session: Session,
    folder: Path,
    *,
    student_ids: Sequence[int] | None = None,
    class_id: int | None = None,
    overwrite: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> list[Path]:
    """``<身份证件号>.jpg`` in ``folder`` for each chosen student (the given ids, a class, or every
    record) that has a photo and an ID number; PNG photos are converted to JPEG.

    As ``attachments.read_photo``: voided records give none, and every photo read is audited
    ("photo_read" per student, with one "photos_exported" entry), in the transaction that
    publishes the files. All or nothing: on cancel or failure every file of the run is removed."""
    session.require(Permission.EXPORT)
    chosen = _photo_students(session, student_ids, class_id)
    if not chosen:
        raise NothingToExport(what="photos")
    names = _photo_names(chosen)
    check_destination(folder, names, overwrite=overwrite)
    h = session.archive
    store = h.blobs()
    total = len(chosen)
    with h.db.atomic(), Batch(overwrite=overwrite) as batch:
        for done, ((sid, _id_number, blob), name) in enumerate(zip(chosen, names, strict=True)):
            if cancelled is not None and cancelled():
                raise OperationCancelled()
            batch.add(folder / name, _as_jpeg(store.get(blob)))
            audit.record(h, session.username, "photo_read", target_type="student", target_id=sid,
                         details={"purpose": "export"})  # fmt: skip
            if progress is not None and done % 25 == 0:
                progress(done, total)
        if cancelled is not None and cancelled():
            raise OperationCancelled()
        ids = sorted(s[0] for s in chosen)
        details = {"files": total, "student_ids": ids, "class_group_id": class_id}
        audit.record(h, session.username, "photos_exported", details=details)
        written = batch.publish()
    if progress is not None:
        progress(total, total)
    return written


def _photo_students(
    session: Session, student_ids: Sequence[int] | None, class_id: int | None
) -> list[tuple[int, str, str]]:
    """(id, ID number, photo blob) of the chosen non-voided records with a photo and an ID
    number."""
    conn = session.archive.db.conn
    where = ["voided = 0", "photo_blob IS NOT NULL", "id_number <> ''"]
    params: list[object] = []
    if class_id is not None:
        if not lifecycle.is_int(class_id):
            raise ValidationError(field="class_group_id", reason="type")
        if conn.execute("SELECT 1 FROM class_groups WHERE id = ?", (class_id,)).fetchone() is None:
            raise NotFound(kind="class_group", id=class_id)
        where.append("class_group_id = ?")
        params.append(class_id)
    rows = conn.execute(
        "SELECT id, id_number, photo_blob FROM students WHERE "  # noqa: S608 - fixed texts, values bound
        + " AND ".join(where)
        + " ORDER BY id_number, id",  # fixed texts; values bound
        params,
    ).fetchall()
    if student_ids is None:
        return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]
    if isinstance(student_ids, str | bytes) or not all(lifecycle.is_int(i) for i in student_ids):
        raise ValidationError(field="student_ids", reason="type")
    wanted = set(student_ids)
    for sid in wanted:  # an unknown id is a mistake of the caller, not "no photo"
        if conn.execute("SELECT 1 FROM students WHERE id = ?", (sid,)).fetchone() is None:
            raise NotFound(kind="student", id=sid)
    return [(int(r[0]), str(r[1]), str(r[2])) for r in rows if int(r[0]) in wanted]


def _photo_names(chosen: Sequence[tuple[int, str, str]]) -> list[str]:
    """``<ID number>.jpg``; the rare same number under two ID types gets ``_2``."""
    names: list[str] = []
    seen: set[str] = set()
    for _sid, number, _blob in chosen:
        stem = safe_name(number) or "_"
        name, n = f"{stem}.jpg", 2
        while name.casefold() in seen:
            name, n = f"{stem}_{n}.jpg", n + 1
        seen.add(name.casefold())
        names.append(name)
    return names


def _as_jpeg(data: bytes) -> bytes:
    """JPEG bytes as they are; any other image (PNG) converted, in memory."""
    if data.startswith(b"\xff\xd8\xff"):
        return data
    from PIL import Image  # only photo exports need it (start-up time of the CLI)

    try:
        with Image.open(io.BytesIO(data)) as image:
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY)
            return out.getvalue()
    except (OSError, ValueError):  # a stored photo Pillow cannot read: refuse, write nothing
        raise OutputFileError(path="photo", reason="not_writable") from None
