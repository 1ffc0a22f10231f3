"""The service calls behind each user action. They run on the session's worker thread, never on
the GUI thread, and touch no widget: one function per user action (house style, practice 2)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from xueji_desktop.services import archive as archive_service
from xueji_desktop.services import students as students_service
from xueji_desktop.services.context import Session
from xueji_desktop.services.students import StudentRow


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
