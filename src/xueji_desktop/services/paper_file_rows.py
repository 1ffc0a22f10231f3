"""The rows under the paper-file services (paper_files.py, paper_file_intake.py, file_locate.py):
the file's dataclasses, the checks of their input and the reads and writes of one file's row,
place and contents on a connection, inside the caller's checked transaction.

Like record_rows.py these take a connection and check no permission and write no audit entry;
they are reached only through the services, which do both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from xueji_desktop.core.id_number import mask_id_numbers_in_text
from xueji_desktop.services.context import Session
from xueji_desktop.services.file_loans import ensure_paper_file
from xueji_desktop.services.records_common import Checks, diff, write_history
from xueji_desktop.storage.connection import Connection

# A cabinet, shelf or box label ("A柜", "3", "2025级计算机1班第2盒"). The printed box labels
# and shelf-list headings (printing/room_labels.py, room_papers.py) are made to fit this many.
MAX_PLACE = 40
MAX_PIECES = 999  # the schema's CHECK on paper_file_contents.pieces
MAX_STUDENTS = 5000  # one shelving or receiving step; a whole intake is well below it
PLACE_FIELDS = ("cabinet", "shelf", "box")
_IN_SCHOOL = ("enrolled", "on_leave")
_GRADUATED = ("graduated", "completed_without_diploma")


@dataclass(frozen=True, slots=True)
class Location:
    """Where the file is shelved; any part may be "" and all "" means the place is unknown."""

    cabinet: str = ""
    shelf: str = ""
    box: str = ""

    @property
    def known(self) -> bool:
        return bool(self.cabinet or self.shelf or self.box)


@dataclass(frozen=True, slots=True)
class ContentItem:
    doc_type: str
    name: str
    pieces: int
    required: bool
    scanned: bool


@dataclass(frozen=True, slots=True)
class PaperFile:
    student_id: int
    location: Location
    received_on: str | None
    intake_id: int | None
    kept: bool
    remark: str
    contents: tuple[ContentItem, ...]  # every checklist type, pieces 0 if absent


@dataclass(frozen=True, slots=True)
class DocType:
    code: str
    name: str
    required_when: str


def doc_types(conn: Connection) -> list[DocType]:
    rows = conn.execute(
        "SELECT code, name, required_when FROM document_types ORDER BY sort_order, code"
    ).fetchall()
    return [DocType(str(r[0]), str(r[1]), str(r[2])) for r in rows]


def required_for(required_when: str, status: str) -> bool:
    """Whether the checklist asks for this type from a student in ``status`` (attachments.py's
    rule: always; graduated = 毕业/结业; left = any status but 在籍/休学)."""
    if required_when == "always":
        return True
    if required_when == "graduated":
        return status in _GRADUATED
    if required_when == "left":
        return status not in _IN_SCHOOL
    return False


def shown(value: object) -> str:
    """A bounded echo of a bad key for a problem's params (never a whole pasted text)."""
    text = mask_id_numbers_in_text(str(value)[:60])
    return text if len(text) <= 30 else text[:30] + "…"


def check_place(ck: Checks, field: str, value: object) -> str:
    text = ck.text(field, value, max_len=MAX_PLACE)
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        ck.add(field, "control_chars")
        return ""
    return text


def check_location(ck: Checks, field: str, value: object) -> Location | None:
    """A Location argument (None allowed); its parts checked under ``field``.cabinet etc."""
    if value is None:
        return None
    if not isinstance(value, Location):
        ck.add(field, "invalid_type", expected="location")
        return None
    prefix = f"{field}." if field else ""
    return Location(
        *(check_place(ck, prefix + part, getattr(value, part)) for part in PLACE_FIELDS)
    )


def check_contents(ck: Checks, field: str, value: object, known: Sequence[str]) -> dict[str, int]:
    """doc_type -> pieces (0..MAX_PIECES) with known types only; every problem under ``field``."""
    if not isinstance(value, Mapping):
        ck.add(field, "invalid_type", expected="contents")
        return {}
    if len(value) > len(known):
        ck.add(field, "too_many_types", max=len(known))
        return {}
    out: dict[str, int] = {}
    for doc, pieces in value.items():
        if not isinstance(doc, str) or doc not in known:
            ck.add(field, "unknown_paper_type", doc_type=shown(doc))
            continue
        before = len(ck.problems)
        n = ck.integer(field, pieces, low=0, high=MAX_PIECES)
        if len(ck.problems) == before:
            out[doc] = n
    return out


def check_student_ids(ck: Checks, field: str, value: object) -> list[int]:
    """A non-empty sequence of distinct int ids (a str is not a sequence of ids here)."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence):
        ck.add(field, "invalid_type", expected="student_ids")
        return []
    if not value:
        ck.add(field, "required")
        return []
    if len(value) > MAX_STUDENTS:
        ck.add(field, "too_many_students", max=MAX_STUDENTS)
        return []
    ids: list[int] = []
    seen: set[int] = set()
    for i, sid in enumerate(value):
        if isinstance(sid, bool) or not isinstance(sid, int):
            ck.add(f"{field}[{i}]", "invalid_type", expected="student_id")
        elif sid in seen:
            ck.add(f"{field}[{i}]", "duplicate_in_batch")
        else:
            seen.add(sid)
            ids.append(sid)
    return ids


def ensure_row(conn: Connection, session: Session, student_id: int, ts: str) -> None:
    """The student's paper_files row, created empty on first need."""
    ensure_paper_file(conn, student_id, ts, session.username)


def current_location(conn: Connection, student_id: int) -> Location:
    row = conn.execute(
        "SELECT cabinet, shelf, box FROM paper_files WHERE student_id = ?", (student_id,)
    ).fetchone()
    return Location() if row is None else Location(str(row[0]), str(row[1]), str(row[2]))


def move_file(
    conn: Connection, session: Session, student_id: int, place: Location, ts: str
) -> dict[str, tuple[object, object]]:
    """Shelve one file at ``place`` (row created if none) with its history; the changes."""
    ensure_row(conn, session, student_id, ts)
    old = current_location(conn, student_id)
    changes = diff(
        {p: getattr(old, p) for p in PLACE_FIELDS}, {p: getattr(place, p) for p in PLACE_FIELDS}
    )
    if changes:
        conn.execute(
            "UPDATE paper_files SET cabinet = ?, shelf = ?, box = ?, updated_at = ?,"
            " updated_by = ? WHERE student_id = ?",
            (place.cabinet, place.shelf, place.box, ts, session.username, student_id),
        )
        write_history(
            conn,
            session,
            student_id=student_id,
            entity="paper_file",
            entity_id=student_id,
            changes=changes,
            ts=ts,
        )
    return changes


def current_contents(conn: Connection, student_id: int) -> dict[str, int]:
    rows = conn.execute(
        "SELECT doc_type, pieces FROM paper_file_contents WHERE student_id = ? AND pieces > 0",
        (student_id,),
    ).fetchall()
    return {str(r[0]): int(r[1]) for r in rows}


def write_contents(
    conn: Connection,
    session: Session,
    student_id: int,
    new: Mapping[str, int],
    ts: str,
    *,
    change_kind: str = "edit",
) -> dict[str, tuple[object, object]]:
    """Set the pieces of the types in ``new`` (0 removes the type) with their history."""
    old = current_contents(conn, student_id)
    changes: dict[str, tuple[object, object]] = {
        d: (old.get(d, 0), n) for d, n in new.items() if old.get(d, 0) != n
    }
    for doc, (_, pieces) in changes.items():
        if pieces != 0:
            conn.execute(
                "INSERT INTO paper_file_contents (student_id, doc_type, pieces, noted_at,"
                " noted_by) VALUES (?,?,?,?,?) ON CONFLICT (student_id, doc_type) DO UPDATE"
                " SET pieces = excluded.pieces, noted_at = excluded.noted_at,"
                " noted_by = excluded.noted_by",
                (student_id, doc, pieces, ts, session.username),
            )
        else:
            conn.execute(
                "DELETE FROM paper_file_contents WHERE student_id = ? AND doc_type = ?",
                (student_id, doc),
            )
    if changes:
        write_history(
            conn,
            session,
            student_id=student_id,
            entity="paper_file_contents",
            entity_id=student_id,
            # "contents.photo": a history row names its field alone, and "photo" is also
            # the record's photo; messages_paper_files names each of these for the clerk.
            changes={f"contents.{d}": c for d, c in changes.items()},
            ts=ts,
            change_kind=change_kind,
        )
    return changes


def read_paper_file(conn: Connection, student_id: int, status: str) -> PaperFile:
    """The file of a student known to exist, in ``status`` (for the required flags)."""
    row = conn.execute(
        "SELECT cabinet, shelf, box, received_on, intake_id, kept, remark FROM paper_files"
        " WHERE student_id = ?",
        (student_id,),
    ).fetchone()
    pieces = current_contents(conn, student_id)
    scanned = {
        str(r[0])
        for r in conn.execute(
            "SELECT DISTINCT doc_type FROM attachments WHERE student_id = ? AND voided = 0",
            (student_id,),
        )
    }
    # The record's photo counts as the scanned photo, as in the document checklist.
    photo = conn.execute("SELECT photo_blob FROM students WHERE id = ?", (student_id,)).fetchone()
    if photo is not None and photo[0]:
        scanned.add("photo")
    contents = tuple(
        ContentItem(
            t.code,
            t.name,
            pieces.get(t.code, 0),
            required_for(t.required_when, status),
            t.code in scanned,
        )
        for t in doc_types(conn)
    )
    if row is None:
        return PaperFile(student_id, Location(), None, None, False, "", contents)
    return PaperFile(
        student_id=student_id,
        location=Location(str(row[0]), str(row[1]), str(row[2])),
        received_on=row[3],
        intake_id=None if row[4] is None else int(row[4]),
        kept=bool(row[5]),
        remark=str(row[6]),
        contents=contents,
    )
