"""A live archive with records, a scan, a clerk and a verified backup on a folder "drive".

Shared by the restore, drill and swap tests. The backup is made by the real engine
(``services.backup.make_backup``) after the drive was enrolled through the real service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import add_clerk
from tests.records_fixtures import insert_student, setup_structure
from xueji_desktop.services import attachments
from xueji_desktop.services.archive import Created
from xueji_desktop.services.backup import make_backup
from xueji_desktop.services.backup_catalog import BackupInfo
from xueji_desktop.services.backup_drives import enroll_drive
from xueji_desktop.services.context import Session
from xueji_desktop.storage.backup_format import DriveLayout
from xueji_desktop.storage.content_hash import content_hash, table_counts

NEW_PASSWORD = "Restored-Lighthouse-31"
SCAN = b"%PDF-1.7\nrestore-fixture scan\n%%EOF\n"


@dataclass
class Backed:
    created: Created
    drive: Path  # the drive's root (the folder the admin enrolled)
    info: BackupInfo
    content_hash: str  # the live archive's, right after the backup
    counts: dict[str, int]

    @property
    def session(self) -> Session:
        return self.created.session

    @property
    def root(self) -> Path:
        return self.created.session.archive.layout.root

    @property
    def code(self) -> str:
        return self.created.recovery_code

    @property
    def layout(self) -> DriveLayout:
        return DriveLayout(self.drive)

    @property
    def folder(self) -> Path:
        """The backup's folder on the drive."""
        return self.layout.backup_dir(self.info.backup_id)


def fill(session: Session, *, students: int = 3, scan: bool = True) -> None:
    """Records worth restoring: classes, students, a scan (a blob)."""
    ids = setup_structure(session)
    sids = [insert_student(session, ids["c1"]) for _ in range(students)]
    if scan:
        attachments.attach(session, sids[0], "enrolment_form", SCAN, "application/pdf")


def back_up(created: Created, drive: Path) -> Backed:
    """Enrol ``drive`` (once) and make a verified backup of the archive on it."""
    session = created.session
    drive.mkdir(exist_ok=True)
    if not DriveLayout(drive).identity.exists():
        enroll_drive(session, drive, label="backup")
    info = make_backup(session, drive).info
    conn = session.archive.db.conn
    return Backed(created, drive, info, content_hash(conn), table_counts(conn))


def backed_archive(
    make_archive: Callable[..., Created], tmp_path: Path, *, name: str = "live", **kw: object
) -> Backed:
    created = make_archive(name, **kw)
    fill(created.session)
    add_clerk(created)
    return back_up(created, tmp_path / "drive")
