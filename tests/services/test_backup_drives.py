"""Backup drives: enrolment, refusal of any other drive, finding drives, file system, space."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ADMIN_PASSWORD
from tests.records_fixtures import add_account
from xueji_desktop.core.errors import (
    DriveFull,
    DriveNotEnrolled,
    DriveUnavailable,
    NotFound,
    PermissionDenied,
)
from xueji_desktop.core.roles import Role
from xueji_desktop.services import backup, backup_drives
from xueji_desktop.services.archive import Created, login
from xueji_desktop.services.backup_state import load_state
from xueji_desktop.services.context import Session
from xueji_desktop.storage.backup_format import DriveLayout, read_identity, write_identity


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def usb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "usb"
    path.mkdir()
    monkeypatch.setenv(backup_drives.ENV_SEARCH, str(tmp_path / "nowhere"))
    return path


def test_enrol_writes_the_identity_and_the_state(archive: Created, usb: Path) -> None:
    s = archive.session
    identity = backup_drives.enroll_drive(s, usb, label="周一盘")
    assert read_identity(DriveLayout(usb)) == identity
    assert identity.archive_id == s.archive.archive_id
    assert identity.tag_holds(s.archive.keys.audit_key)
    state = load_state(s.archive.layout.root)
    assert [(d.drive_id, d.label, d.last_path) for d in state.drives] == [
        (identity.drive_id, "周一盘", str(usb.resolve()))
    ]
    row = s.archive.db.conn.execute(
        "SELECT target_id, details FROM audit_log WHERE action = 'backup_drive_enrolled'"
    ).fetchone()
    assert row[0] == identity.drive_id and json.loads(row[1]) == {"label": "周一盘"}
    # Enrolling again keeps the drive's id (its backups stay its own).
    again = backup_drives.enroll_drive(s, usb, label="新名字")
    assert again.drive_id == identity.drive_id
    assert [d.label for d in load_state(s.archive.layout.root).drives] == ["新名字"]
    # The XuejiBackup folder itself may be given too.
    assert backup_drives.open_drive(s.archive.layout.root, usb / "XuejiBackup")[0].root == usb


def test_forget_drive(archive: Created, usb: Path) -> None:
    s = archive.session
    identity = backup_drives.enroll_drive(s, usb)
    backup_drives.forget_drive(s, identity.drive_id)
    assert load_state(s.archive.layout.root).drives == []
    assert (usb / "XuejiBackup" / "drive.json").exists()  # the drive itself is not touched
    with pytest.raises(DriveNotEnrolled) as caught:
        backup.make_backup(s, usb)
    assert caught.value.fields["reason"] == "unknown"
    with pytest.raises(NotFound):
        backup_drives.forget_drive(s, identity.drive_id)
    assert s.archive.db.conn.execute(
        "SELECT 1 FROM audit_log WHERE action = 'backup_drive_forgotten'"
    ).fetchone()


def test_only_an_admin_enrols(archive: Created, usb: Path) -> None:
    add_account(archive.session, "clerk9", "clerk-passphrase-9", [Role.CLERK])
    clerk = login(archive.session.archive.layout.root, "clerk9", "clerk-passphrase-9")
    try:
        with pytest.raises(PermissionDenied):
            backup_drives.enroll_drive(clerk, usb)
        assert tree(usb) == {}
    finally:
        clerk.close()


def _refused(s: Session, path: Path, reason: str, *, scheduled_too: bool = True) -> None:
    before = tree(path)
    for call in (lambda: backup.make_backup(s, path), lambda: backup.list_backups(s, path)):
        with pytest.raises(DriveNotEnrolled) as caught:
            call()
        assert caught.value.fields["reason"] == reason
    if scheduled_too:  # a scheduled run has no key: it cannot check a tag (backups.md)
        with pytest.raises(DriveNotEnrolled):
            backup.scheduled_backup(s.archive.layout.root, path)
    assert tree(path) == before, "something was written to a refused drive"


def test_a_drive_that_is_not_enrolled_is_refused(archive: Created, usb: Path) -> None:
    s = archive.session
    (usb / "holiday.jpg").write_bytes(b"photo")
    _refused(s, usb, "not_enrolled")
    with pytest.raises(DriveUnavailable) as caught:
        backup.make_backup(s)  # no drive enrolled at all
    assert caught.value.fields["reason"] == "none_enrolled"
    last = load_state(s.archive.layout.root).history[-1]
    assert (last.outcome, last.reason) == ("failed", "drive_unavailable:none_enrolled")


def test_none_enrolled_and_none_plugged_are_told_apart(
    archive: Created, usb: Path, tmp_path: Path
) -> None:
    s = archive.session
    root = s.archive.layout.root
    for call in (
        lambda: backup.make_backup(s),
        lambda: backup.list_backups(s),
        lambda: backup.verify_backups(s),
        lambda: backup.scheduled_backup(root),
    ):
        with pytest.raises(DriveUnavailable) as caught:
            call()
        assert caught.value.fields["reason"] == "none_enrolled"
    backup_drives.enroll_drive(s, usb)
    usb.rename(tmp_path / "unplugged")
    for call in (lambda: backup.make_backup(s), lambda: backup.scheduled_backup(root)):
        with pytest.raises(DriveUnavailable) as caught:
            call()
        assert caught.value.fields["reason"] == "none_plugged"


def test_a_drive_in_or_around_the_archive_folder_is_refused(
    archive: Created, usb: Path, tmp_path: Path
) -> None:
    s = archive.session
    root = s.archive.layout.root
    inside = root / "backups-here"
    inside.mkdir()
    around = tmp_path / "around"
    (around / "XuejiBackup").mkdir(parents=True)
    holder = around / "XuejiBackup" / "archive"
    shutil.copytree(root, holder)  # an archive kept inside a drive's XuejiBackup folder
    for path in (root, inside, root / "." / "backups-here" / ".."):
        with pytest.raises(DriveUnavailable) as caught:
            backup_drives.enroll_drive(s, path)
        assert caught.value.fields["reason"] == "inside_archive"
        with pytest.raises(DriveUnavailable) as caught:
            backup_drives.open_drive(root, path)
        assert caught.value.fields["reason"] == "inside_archive"
    with pytest.raises(DriveUnavailable) as caught:
        backup_drives.open_drive(holder, around)
    assert caught.value.fields["reason"] == "inside_archive"
    assert load_state(root).drives == []
    assert not (root / "XuejiBackup").exists() and not (inside / "XuejiBackup").exists()
    backup_drives.enroll_drive(s, usb)  # a drive beside the archive is fine


def test_enrolling_again_keeps_the_place_and_a_reformatted_drive_replaces_its_entry(
    archive: Created, usb: Path, tmp_path: Path
) -> None:
    s = archive.session
    root = s.archive.layout.root
    second = tmp_path / "second"
    second.mkdir()
    first_id = backup_drives.enroll_drive(s, usb, label="一").drive_id
    second_id = backup_drives.enroll_drive(s, second, label="二").drive_id
    backup_drives.enroll_drive(s, usb, label="一改")
    assert [(d.drive_id, d.label) for d in load_state(root).drives] == [
        (first_id, "一改"), (second_id, "二")
    ]  # fmt: skip
    shutil.rmtree(usb / "XuejiBackup")  # the drive was re-formatted
    new_id = backup_drives.enroll_drive(s, usb, label="新").drive_id
    assert new_id != first_id
    assert [(d.drive_id, d.label) for d in load_state(root).drives] == [
        (new_id, "新"), (second_id, "二")
    ]  # fmt: skip


def test_another_archives_drive_is_refused(make_archive, usb: Path) -> None:
    other = make_archive("other").session
    backup_drives.enroll_drive(other, usb)
    mine = make_archive("mine").session
    _refused(mine, usb, "other_archive")
    with pytest.raises(DriveNotEnrolled) as caught:  # nor taken over by enrolment
        backup_drives.enroll_drive(mine, usb)
    assert caught.value.fields["reason"] == "other_archive"


def test_a_forged_identity_is_refused(
    archive: Created, usb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = archive.session
    real = backup_drives.enroll_drive(s, usb)
    # A copy of the identity onto another drive, with the same (enrolled) id, but a made-up tag.
    fake = tmp_path / "fake"
    fake.mkdir()
    forged = read_identity(DriveLayout(usb))
    write_identity(DriveLayout(fake), forged.__class__(**{**forged.__dict__, "tag": "0" * 64}))
    _refused(s, fake, "unknown", scheduled_too=False)
    # What a scheduled run wrote there is never completed by a login (the tag is checked).
    backup.scheduled_backup(s.archive.layout.root, fake)
    monkeypatch.setenv(backup_drives.ENV_SEARCH, str(fake))
    assert backup.complete_pending(s) == []
    # An identity for this archive with an id it never enrolled.
    stranger = tmp_path / "stranger"
    stranger.mkdir()
    write_identity(
        DriveLayout(stranger),
        forged.__class__(**{**forged.__dict__, "drive_id": "f" * 32}).sealed(
            s.archive.keys.audit_key
        ),
    )
    _refused(s, stranger, "unknown")
    # A damaged identity file.
    (usb / "XuejiBackup" / "drive.json").write_bytes(b"{not json")
    _refused(s, usb, "damaged")
    assert real.drive_id


def test_unusable_paths(archive: Created, tmp_path: Path) -> None:
    s = archive.session
    with pytest.raises(DriveUnavailable) as caught:
        backup_drives.enroll_drive(s, tmp_path / "missing")
    assert caught.value.fields["reason"] == "missing"
    afile = tmp_path / "afile"
    afile.write_bytes(b"x")
    with pytest.raises(DriveUnavailable) as caught:
        backup.make_backup(s, afile)
    assert caught.value.fields["reason"] == "not_folder"


def test_find_drives_and_a_moved_drive(
    archive: Created, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = archive.session
    root = s.archive.layout.root
    first, second = tmp_path / "a" / "usb1", tmp_path / "b" / "usb2"
    first.mkdir(parents=True)
    second.mkdir(parents=True)
    one = backup_drives.enroll_drive(s, first, label="一")
    two = backup_drives.enroll_drive(s, second, label="二")
    found = backup_drives.find_drives(root)
    assert [i.drive_id for _d, i in found] == [one.drive_id, two.drive_id]
    # The drive comes back under another mount point: found through the search list.
    moved = tmp_path / "c" / "usb1"
    moved.parent.mkdir()
    shutil.move(first, moved)
    assert [i.drive_id for _d, i in backup_drives.find_drives(root)] == [two.drive_id]
    monkeypatch.setenv(backup_drives.ENV_SEARCH, str(moved))
    found = backup_drives.find_drives(root)
    assert {i.drive_id for _d, i in found} == {one.drive_id, two.drive_id}
    assert load_state(root).drive(one.drive_id).last_path == str(moved.resolve())  # type: ignore[union-attr]
    assert backup_drives.find_drives(root, candidates=[]) != []  # last paths are enough now


def test_filesystem_type_of_real_paths(tmp_path: Path) -> None:
    kind = backup_drives.filesystem_type(tmp_path)
    assert isinstance(kind, str)
    if Path("/proc/mounts").exists():
        assert kind, "the file system of the test folder should be known on Linux"
        assert backup_drives.filesystem_type(Path("/")) == backup_drives.filesystem_type(Path("/"))


def test_space_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    drive = DriveLayout(tmp_path)

    class Usage:
        free = 100 * 1024**2

    monkeypatch.setattr(backup_drives.shutil, "disk_usage", lambda _p: Usage())
    monkeypatch.setattr(backup_drives, "filesystem_type", lambda _p: "ext4")
    report = backup_drives.space_check(drive, 10 * 1024**2, 5 * 1024**2,
                                       expected_per_backup=10 * 1024**2)  # fmt: skip
    # What is left after this backup, not what was free before it.
    assert report.free == Usage.free - 10 * 1024**2 and not report.warn_soon
    report = backup_drives.space_check(drive, 40 * 1024**2, 5 * 1024**2,
                                       expected_per_backup=40 * 1024**2)  # fmt: skip
    assert report.free == 60 * 1024**2
    assert report.warn_soon  # 60 MB left: not three more backups of 40 MB
    with pytest.raises(DriveFull) as caught:
        backup_drives.space_check(drive, 101 * 1024**2, 1, expected_per_backup=1)
    assert caught.value.fields == {"reason": "no_space", "needed_mb": 101, "free_mb": 100}
    big = 4 * 1024**3
    assert backup_drives.space_check(drive, 1, big, expected_per_backup=1)  # ext4: fine
    monkeypatch.setattr(backup_drives, "filesystem_type", lambda _p: "FAT32")
    with pytest.raises(DriveFull) as caught:
        backup_drives.space_check(drive, 1, big, expected_per_backup=1)
    assert caught.value.fields["reason"] == "file_too_large"
    assert backup_drives.space_check(drive, 1, big - 1, expected_per_backup=1)


def test_enrol_password_is_not_needed_but_the_role_is(archive: Created, usb: Path) -> None:
    # Enrolment writes nothing secret: the admin's session (role) is the authority.
    assert backup_drives.enroll_drive(archive.session, usb).drive_id
    assert ADMIN_PASSWORD  # the fixture's admin


def test_file_too_large_from_the_system_is_not_no_space(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    drive = DriveLayout(tmp_path)
    monkeypatch.setattr(backup_drives, "filesystem_type", lambda _p: "vfat")
    err = backup_drives.drive_error(OSError(errno.EFBIG, "File too large"), drive, 5 * 1024**2)
    assert isinstance(err, DriveFull)
    assert err.fields == {"reason": "file_too_large", "fs": "FAT32", "size_mb": 5}
    monkeypatch.setattr(backup_drives, "filesystem_type", lambda _p: "")
    err = backup_drives.drive_error(OSError(errno.EFBIG, "File too large"), drive, 1)
    assert err.fields == {"reason": "file_limit", "size_mb": 1}  # not called FAT's 4 GB
    err = backup_drives.drive_error(OSError(errno.ENOSPC, "No space"), drive, 1)
    assert err.fields["reason"] == "no_space"
