"""Worker-side calls of the entry form, the record actions and the photo box.

Each function runs on the session's worker (ui/worker.py), never on the GUI thread, and touches no
widget: one small function per user action (house style, practice 2). They call services only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xueji_desktop.core.errors import DuplicateRecord, InputFileError
from xueji_desktop.core.name_keys import pinyin_keys
from xueji_desktop.services import attachments, registration, search, structure, students
from xueji_desktop.services.context import Session
from xueji_desktop.services.students import Saved

# A photo file bigger than this is refused before it is read (the service's own limit).
MAX_PHOTO_FILE = attachments.MAX_BYTES


@dataclass(frozen=True)
class FormData:
    """What the form needs before it can be shown: the record and the school's choices."""

    record: dict[str, Any] | None
    majors: list[tuple[str, str, str]]  # (code, name, catalogue version)
    classes: list[tuple[str, str]]  # (class name, major code)


@dataclass(frozen=True)
class Brief:
    """Enough to name a student to the clerk: 姓名 (学号, 班级)."""

    student_id: int
    name: str
    student_no: str
    class_name: str


@dataclass(frozen=True)
class SaveResult:
    saved: Saved | None = None
    duplicates: list[tuple[Brief, tuple[str, ...]]] = field(default_factory=list)
    clash: DuplicateRecord | None = None  # a unique number is already used by …
    clash_with: Brief | None = None  # … this student (None when it could not be found)


def load_form(session: Session, student_id: int | None) -> FormData:
    record = students.get_student(session, student_id) if student_id is not None else None
    majors = [(m.code, m.name, m.catalogue_version) for m in structure.list_majors(session)]
    classes = [(c.name, c.major_code) for c in structure.list_class_groups(session)]
    return FormData(record, majors, classes)


def _brief(session: Session, text: str, student_id: int) -> Brief | None:
    for hit in search.search_students(session, text, limit=20):
        if hit.student_id == student_id:
            return Brief(hit.student_id, hit.name, hit.student_no, hit.class_name)
    return None


def _clashing(session: Session, error: DuplicateRecord, values: Mapping[str, Any]) -> Brief | None:
    """The other student holding the number that clashed (search keys hold whole numbers)."""
    name = str(error.fields.get("field", ""))
    value = str(values.get(name) or "").strip().upper()
    if not value:
        return None
    for hit in search.search_students(session, value, limit=5):
        return Brief(hit.student_id, hit.name, hit.student_no, hit.class_name)
    return None


def _duplicate_briefs(
    session: Session, saved: Saved, name: str
) -> list[tuple[Brief, tuple[str, ...]]]:
    """Name the likely duplicates: search by the name, then by its pinyin (homophones)."""
    wanted = {c.student_id: c.reasons for c in saved.likely_duplicates}
    found: dict[int, Brief] = {}
    queries = [name, *sorted(pinyin_keys(name).full)] if name else []
    for query in queries:
        for hit in search.search_students(session, query, limit=50):
            if hit.student_id in wanted and hit.student_id not in found:
                found[hit.student_id] = Brief(
                    hit.student_id, hit.name, hit.student_no, hit.class_name
                )
        if len(found) == len(wanted):
            break
    return [(found.get(sid) or Brief(sid, "", "", ""), reasons) for sid, reasons in wanted.items()]


def save_student(
    session: Session,
    student_id: int | None,
    values: Mapping[str, Any],
    reason: str = "",
) -> SaveResult:
    """A new record (``student_id`` None: all values) or an edit (only the changed values)."""
    try:
        if student_id is None:
            saved = students.add_student(session, values)
            name = str(values.get("name") or "")
            return SaveResult(saved, _duplicate_briefs(session, saved, name))
        return SaveResult(students.edit_student(session, student_id, values, reason=reason))
    except DuplicateRecord as exc:
        return SaveResult(clash=exc, clash_with=_clashing(session, exc, values))


def read_photo(session: Session, student_id: int) -> bytes | None:
    """The student's current photo, or None (audited by the service)."""
    return attachments.read_photo(session, student_id)


def read_image_file(path: str) -> bytes:
    """The bytes of a photo file the clerk chose (read here, off the GUI thread)."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if not file.is_file():
            raise InputFileError(reason="unreadable", path=file.name)
        if size > MAX_PHOTO_FILE:
            limit_mb = MAX_PHOTO_FILE // (1024 * 1024)
            raise InputFileError(reason="too_big", path=file.name, limit_mb=limit_mb)
        return file.read_bytes()
    except FileNotFoundError:
        raise InputFileError(reason="missing", path=file.name) from None
    except OSError:
        raise InputFileError(reason="unreadable", path=file.name) from None


def set_photo(session: Session, student_id: int, jpeg: bytes) -> str:
    return attachments.set_photo(session, student_id, jpeg)


def confirm(session: Session, student_id: int) -> str:
    return registration.confirm_student(session, student_id)


def set_report_status(session: Session, student_id: int, status: str, reason: str = "") -> None:
    registration.set_report_status(session, student_id, status, reason=reason)


def correct_number(
    session: Session, student_id: int, kind: str, new_value: str, reason: str
) -> None:
    registration.correct_number(session, student_id, kind, new_value, reason=reason)


def void(session: Session, student_id: int, reason: str) -> None:
    students.void_student(session, student_id, reason)
