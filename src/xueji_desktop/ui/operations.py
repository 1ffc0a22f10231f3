"""The service calls behind each user action. They run on the session's worker thread, never on
the GUI thread, and touch no widget: one function per user action (house style, practice 2)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from xueji_desktop.core.errors import ArchiveExists
from xueji_desktop.services import archive as archive_service
from xueji_desktop.services import session_lock
from xueji_desktop.services import students as students_service
from xueji_desktop.services.context import Session
from xueji_desktop.services.students import StudentRow
from xueji_desktop.storage.kdf import PRODUCTION, KdfParams
from xueji_desktop.storage.layout import ArchiveLayout, ArchiveMeta, read_meta


@dataclass(frozen=True)
class LoggedIn:
    session: Session
    school_name: str


@dataclass(frozen=True)
class StudentList:
    rows: list[StudentRow]
    total: int  # students in the archive; ``rows`` may be capped by the service


def log_in(root: Path, username: str, password: str) -> LoggedIn:
    session = archive_service.login(root, username, password)
    try:
        return LoggedIn(session, school_name(session))
    except BaseException:
        session.close()
        raise


def school_name(session: Session) -> str:
    return students_service.school_name(session)


def load_students(session: Session) -> StudentList:
    rows = students_service.list_students(session)
    return StudentList(rows, students_service.count_students(session))


# -- first run, practice archive, lock -----------------------------------------------------------


def create_first_archive(
    root: Path,
    *,
    school_name: str,
    school_code: str,
    admin: str,
    password: str,
    deliver: Callable[[str, ArchiveMeta], None],
    kdf: KdfParams = PRODUCTION,
) -> LoggedIn:
    """The first-run wizard's archive. ``deliver`` shows the recovery code and waits for the
    clerk (it blocks this worker thread, never the GUI). On any failure, a folder this call
    created is removed again: a cancelled wizard leaves nothing behind."""
    existed = root.exists()
    try:
        created = archive_service.create_archive(
            root,
            school_name=school_name,
            school_code=school_code,
            admin=admin,
            password=password,
            kdf=kdf,
            deliver=deliver,
        )
    except BaseException:
        if not existed:
            with contextlib.suppress(OSError):
                root.rmdir()  # only when empty: create_archive removed its own files
        raise
    session = created.session
    try:
        return LoggedIn(session, students_service.school_name(session))
    except BaseException:
        session.close()
        raise


def prepare_practice(
    root: Path, *, kdf: KdfParams = PRODUCTION, students_per_intake: int = 300
) -> Path:
    """Make the practice archive (练习库, the demo data) at ``root`` unless it is there already.

    The demo generator is imported here: it pulls in pypinyin's dictionaries (~0.4 s), which
    a clerk who never practises should not pay for at start-up.
    """
    if ArchiveLayout(root).exists():
        meta = read_meta(ArchiveLayout(root))  # KeyFileDamaged etc. reach the clerk as usual
        if not meta.practice:
            raise ArchiveExists(path=str(root))  # never log in to a real archive as "practice"
        return root
    from xueji_desktop.services import demo

    created = demo.create_demo(root, kdf=kdf, students_per_intake=students_per_intake)
    created.session.close()
    return root


def lock(session: Session, reason: str) -> None:
    session_lock.lock_session(session, reason=reason)


def unlock(session: Session, password: str) -> None:
    session_lock.unlock_session(session, password)


def auto_lock_minutes(session: Session) -> int:
    return session_lock.auto_lock_minutes(session)
