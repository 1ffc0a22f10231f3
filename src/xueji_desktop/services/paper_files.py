"""The paper file (纸质档案) of a student: where it is shelved, what is in the folder, kept or not.

One ``paper_files`` row per student whose file the room has registered, created on first need
(docs/design/paper-files.md). Changes of the place, of the contents and of ``kept`` write
``field_history`` rows (entity ``paper_file`` for place and kept, ``paper_file_contents`` for the
papers) and an audit entry in the same transaction; re-entering the same values changes nothing.

The dataclasses and the row helpers are in paper_file_rows.py, the receiving register in
paper_file_intake.py and "where is my file" in file_locate.py; their public names are importable
from here too (the last two lazily: they import this module's neighbours, and file_locate the
loan and dispatch modules), so callers may use either.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from typing import Any

from xueji_desktop.core import lifecycle
from xueji_desktop.core.errors import NotFound, PaperFileUnavailable, RecordInvalid
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit
from xueji_desktop.services.context import Session
from xueji_desktop.services.file_loans import checked_id, file_state, student_label
from xueji_desktop.services.paper_file_rows import (
    MAX_PIECES,
    MAX_PLACE,
    MAX_STUDENTS,
    PLACE_FIELDS,
    ContentItem,
    Location,
    PaperFile,
    check_contents,
    check_place,
    check_student_ids,
    doc_types,
    ensure_row,
    move_file,
    read_paper_file,
    write_contents,
)
from xueji_desktop.services.records_common import (
    Checks,
    change_details,
    require_reason,
    require_student,
    write_history,
)
from xueji_desktop.storage.connection import Connection
from xueji_desktop.storage.layout import now_utc

__all__ = [
    "MAX_PIECES",
    "MAX_PLACE",
    "MAX_STUDENTS",
    "PLACE_FIELDS",
    "ContentItem",
    "Location",
    "PaperFile",
    "get_paper_file",
    "set_contents",
    "set_kept",
    "set_location",
]


def _student_status(conn: Connection, student_id: object) -> tuple[int, str]:
    """(id, status) of an existing student (voided ones too: reading is allowed)."""
    sid = checked_id("student", student_id)
    row = conn.execute("SELECT status FROM students WHERE id = ?", (sid,)).fetchone()
    if row is None:
        raise NotFound(kind="student", id=sid)
    return sid, str(row[0])


# -- the service functions ------------------------------------------------------------------------


def get_paper_file(session: Session, student_id: int) -> PaperFile:
    """The student's paper file; an unregistered file reads as empty (no place, no papers)."""
    session.require(Permission.READ_RECORDS)
    conn = session.archive.db.conn
    sid, status = _student_status(conn, student_id)
    return read_paper_file(conn, sid, status)


def set_location(
    session: Session, student_ids: Sequence[int], *, cabinet: str, shelf: str, box: str
) -> int:
    """Shelve the files of ``student_ids`` at one place (上架), all or none; rows changed.

    A file already there is not counted and writes nothing. Voided students are refused
    (RecordVoided), unknown ids NotFound, a file with a live dispatch PaperFileUnavailable
    ("dispatched": it is not in the room; void that dispatch first): nothing is written then.
    """
    session.require(Permission.WRITE_RECORDS)
    ck = Checks()
    ids = check_student_ids(ck, "student_ids", student_ids)
    place = Location(
        check_place(ck, "cabinet", cabinet),
        check_place(ck, "shelf", shelf),
        check_place(ck, "box", box),
    )
    ck.done()
    h = session.archive
    changed = 0
    with h.db.atomic() as conn:
        ts = now_utc()
        for sid in ids:
            require_student(conn, checked_id("student", sid))
            if file_state(conn, sid).dispatch_id is not None:
                raise PaperFileUnavailable(reason="dispatched", student=student_label(conn, sid))
            changes = move_file(conn, session, sid, place, ts)
            if changes:
                changed += 1
                audit.record(
                    h,
                    session.username,
                    "paper_file_located",
                    target_type="student",
                    target_id=sid,
                    details=change_details(changes),
                )
    return changed


def set_contents(session: Session, student_id: int, contents: Mapping[str, int]) -> None:
    """Set the pieces of each named document type in the folder (0 removes it); types not
    named stay as they are."""
    session.require(Permission.WRITE_RECORDS)
    h = session.archive
    with h.db.atomic() as conn:
        student = require_student(conn, checked_id("student", student_id))
        ck = Checks()
        new = check_contents(ck, "contents", contents, [t.code for t in doc_types(conn)])
        ck.done()
        ts = now_utc()
        ensure_row(conn, session, student.id, ts)
        changes = write_contents(conn, session, student.id, new, ts)
        if not changes:
            return
        conn.execute(
            "UPDATE paper_files SET updated_at = ?, updated_by = ? WHERE student_id = ?",
            (ts, session.username, student.id),
        )
        audit.record(
            h,
            session.username,
            "paper_file_contents_set",
            target_type="student",
            target_id=student.id,
            details=change_details(changes),
        )


def set_kept(session: Session, student_id: int, kept: bool, *, reason: str) -> None:
    """归档保存: the school keeps the file of a student who has left instead of sending it on
    (``kept``), or the clerk clears that so the file can be dispatched. A file with a live
    dispatch has left the room and is refused ("dispatched")."""
    session.require(Permission.WRITE_RECORDS)
    if not isinstance(kept, bool):  # stricter than Checks.flag: 1.0 or "1" is a caller's bug
        raise RecordInvalid(problems=[Problem("kept", "invalid_type", params={"expected": "bool"})])
    flag = int(kept)
    why = require_reason(reason)
    h = session.archive
    with h.db.atomic() as conn:
        student = require_student(conn, checked_id("student", student_id))
        row = conn.execute(
            "SELECT kept FROM paper_files WHERE student_id = ?", (student.id,)
        ).fetchone()
        old = 0 if row is None else int(row[0])
        if old == flag:
            return
        if flag and student.status not in lifecycle.LEFT_STATES:
            raise RecordInvalid(
                problems=[Problem("kept", "keep_before_leaving", params={"status": student.status})]
            )
        if flag and file_state(conn, student.id).dispatch_id is not None:
            raise PaperFileUnavailable(reason="dispatched", student=student_label(conn, student.id))
        ts = now_utc()
        ensure_row(conn, session, student.id, ts)
        conn.execute(
            "UPDATE paper_files SET kept = ?, updated_at = ?, updated_by = ? WHERE student_id = ?",
            (flag, ts, session.username, student.id),
        )
        changes: dict[str, tuple[object, object]] = {"kept": (old, flag)}
        write_history(
            conn,
            session,
            student_id=student.id,
            entity="paper_file",
            entity_id=student.id,
            changes=changes,
            ts=ts,
            reason=why,
        )
        # The reason is in field_history; the audit entry carries codes only.
        audit.record(
            h,
            session.username,
            "paper_file_kept",
            target_type="student",
            target_id=student.id,
            details={"kept": bool(flag)},
        )


# -- the names of the sibling modules, as the interface lists them here ----------------------------

_INTAKE_NAMES = ("INTAKE_KINDS", "IntakeItem", "IntakeLine", "Intake")
_INTAKE_FUNCTIONS = ("receive_files", "get_intake", "list_intakes")
_LOCATE_NAMES = ("STATES", "FileEvent", "Whereabouts", "ShelfEntry")
_LOCATE_FUNCTIONS = ("whereabouts", "locate", "shelf_list")
_SIBLINGS: dict[str, str] = {
    **dict.fromkeys(_INTAKE_NAMES + _INTAKE_FUNCTIONS, "xueji_desktop.services.paper_file_intake"),
    **dict.fromkeys(_LOCATE_NAMES + _LOCATE_FUNCTIONS, "xueji_desktop.services.file_locate"),
}


def __getattr__(name: str) -> Any:
    # Lazy (PEP 562): paper_file_intake and file_locate import this module, and file_locate
    # imports the loan and dispatch modules, which may import this one too.
    module = _SIBLINGS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
