"""The deep checks of a backup copy can be stopped inside SQLite (issue 7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.services.test_backup import populate
from xueji_desktop.core.errors import OperationCancelled
from xueji_desktop.services import backup, backup_drives
from xueji_desktop.services.archive import Created
from xueji_desktop.services.backup_verify import inspect_copy, verify_backup
from xueji_desktop.storage.backup_format import DriveLayout


def test_a_stop_is_seen_inside_the_sqlite_checks(archive: Created, tmp_path: Path) -> None:
    s = archive.session
    populate(s, students=12)
    usb = tmp_path / "usb"
    usb.mkdir()
    backup_drives.enroll_drive(s, usb)
    made = backup.make_backup(s, usb).info
    h = s.archive
    db = made.path / "xueji.db"
    facts = inspect_copy(db, h.keys, h.archive_id, cancelled=lambda: False)
    assert facts == inspect_copy(db, h.keys, h.archive_id)
    assert facts.content_hash == made.content_hash

    polls: list[int] = []

    def stop_at_the_second_look() -> bool:
        polls.append(1)
        return len(polls) > 1

    with pytest.raises(OperationCancelled):
        inspect_copy(db, h.keys, h.archive_id, cancelled=stop_at_the_second_look)
    # SQLite itself asked while it worked and stopped when told (one more look to tell a stop
    # from damage).
    assert 2 <= len(polls) <= 3
    assert not (made.path / "xueji.db-shm").exists()
    with pytest.raises(OperationCancelled):
        verify_backup(
            DriveLayout(usb), made.backup_id, h.keys, h.archive_id, cancelled=lambda: True
        )
    # Nothing was harmed: the backup still verifies in full.
    assert verify_backup(DriveLayout(usb), made.backup_id, h.keys, h.archive_id).verified
