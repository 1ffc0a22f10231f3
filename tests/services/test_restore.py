"""Restore to a new folder with the recovery code, and in place of the live archive (issue 7).

A "clean machine" is a fresh HOME and an empty keyring (a new in-memory one, or none at all):
the drive, the recovery code and a new admin password must be enough.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import keyring
import pytest

from tests.conftest import ADMIN, ADMIN_PASSWORD, CLERK, CLERK_PASSWORD, MemoryKeyring
from tests.records_fixtures import insert_student
from tests.services.backup_fixture import NEW_PASSWORD, Backed, back_up, backed_archive
from xueji_desktop.core import recovery_code
from xueji_desktop.core.errors import (
    BackupCorrupt,
    FolderNotEmpty,
    MalformedRecoveryCode,
    NoBackup,
    OperationCancelled,
    PermissionDenied,
    WrongCredentials,
    WrongRecoveryCode,
)
from xueji_desktop.services import audit, users
from xueji_desktop.services.archive import login
from xueji_desktop.services.backup import make_backup
from xueji_desktop.services.backup_state import load_state
from xueji_desktop.services.check import check_handle
from xueji_desktop.services.recovery import rotate_recovery_code
from xueji_desktop.services.restore import (
    finish_restore_in_place,
    prepare_restore_in_place,
    restore_in_place,
    restore_to_folder,
)
from xueji_desktop.storage import restore_swap
from xueji_desktop.storage.backup_format import MANIFEST_NAME, read_manifest
from xueji_desktop.storage.connection import open_connection
from xueji_desktop.storage.content_hash import content_hash, table_counts
from xueji_desktop.storage.kdf import FAST_FOR_TESTS
from xueji_desktop.storage.layout import ArchiveLayout, read_meta


@pytest.fixture
def backed(make_archive, tmp_path) -> Backed:
    return backed_archive(make_archive, tmp_path)


@pytest.fixture
def clean_machine(monkeypatch, tmp_path) -> MemoryKeyring:
    return move_to_clean_machine(monkeypatch, tmp_path)


def move_to_clean_machine(monkeypatch, tmp_path) -> MemoryKeyring:
    """Another workstation: its own (empty) keyring and profile."""
    home = tmp_path / "other-home"
    for var in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "APPDATA", "LOCALAPPDATA"):
        monkeypatch.setenv(var, str(home / var.lower()))
    kr = MemoryKeyring()
    keyring.set_keyring(kr)  # the autouse mem_keyring fixture puts the old one back
    return kr


def _restore(backed: Backed, to: Path, code: str | None = None, source: Path | None = None):
    return restore_to_folder(
        source or backed.folder,
        to,
        backed.code if code is None else code,
        admin=ADMIN,
        new_password=NEW_PASSWORD,
        kdf=FAST_FOR_TESTS,
    )


def _actions(conn) -> list[str]:
    return [r[0] for r in conn.execute("SELECT action FROM audit_log ORDER BY seq")]


# -- restore to a new folder --------------------------------------------------------------------


def test_round_trip_on_a_clean_machine(backed, tmp_path, clean_machine):
    backed.session.close()
    to = tmp_path / "new-machine" / "archive"
    session = _restore(backed, to)
    try:
        h = session.archive
        conn = h.db.conn
        assert content_hash(conn) == backed.content_hash == backed.info.content_hash
        counts = table_counts(conn)
        for table in ("students", "attachments", "blobs", "users", "class_groups"):
            assert counts[table] == backed.counts[table], table
        assert counts["students"] == 3
        report = check_handle(h)
        assert report.ok, report.problems
        assert audit.verify(h).ok
        assert h.meta.binding == "keyring"  # this machine has a keyring: bound to it
        assert clean_machine.store, "the device secret and anchor are in the new keyring"
        row = conn.execute(
            "SELECT actor, details FROM audit_log WHERE action = 'archive_restored'"
        ).fetchone()
        details = json.loads(row[1])
        assert row[0] == ADMIN
        assert details["backup_id"] == backed.info.backup_id
        assert details["content_hash"] == backed.content_hash
        assert details["created_at"] == backed.info.time
        assert _actions(conn)[-2:] == ["archive_restored", "login"]
        # the scan came along and decrypts
        name = conn.execute("SELECT name FROM blobs").fetchone()[0]
        assert h.blobs().get(name).startswith(b"%PDF")
        # the clerk's account is there, without a way in until an admin resets it
        assert conn.execute("SELECT 1 FROM users WHERE username = ?", (CLERK,)).fetchone()
        with pytest.raises(WrongCredentials):
            login(to, CLERK, CLERK_PASSWORD)
        users.reset_password(
            session, admin_password=NEW_PASSWORD, username=CLERK,
            new_password="kestrel-lantern-43", kdf=FAST_FOR_TESTS,
        )  # fmt: skip
    finally:
        session.close()
    login(to, CLERK, "kestrel-lantern-43").close()
    with pytest.raises(WrongCredentials):
        login(to, ADMIN, ADMIN_PASSWORD)  # the old password did not travel
    meta = read_meta(ArchiveLayout(to))
    assert meta.state == "ready"
    # the drive restored from is this archive's backup drive here too
    state = load_state(to)
    assert [d.last_path for d in state.drives] == [str(backed.drive)]
    assert state.history[-1].action == "restore"


def test_round_trip_without_a_keyring(backed, tmp_path, no_keyring):
    backed.session.close()
    to = tmp_path / "plain"
    session = _restore(backed, to, source=backed.drive)  # the drive: its newest verified backup
    try:
        assert session.archive.meta.binding == "none"
        assert (to / "audit-anchor.json").exists()
        assert content_hash(session.archive.db.conn) == backed.content_hash
        assert check_handle(session.archive).ok
        # backups go on to the same drive from the restored archive
        again = make_backup(session, backed.drive).info
        assert again.verified and again.content_hash == backed.content_hash
    finally:
        session.close()
    login(to, ADMIN, NEW_PASSWORD).close()


def test_restore_beside_the_live_archive_on_the_same_machine(backed, tmp_path):
    """The keyring already holds this archive's secret: the copy is password-only, so the live
    archive's secret and anchor stay untouched and it still passes its check."""
    session = _restore(backed, tmp_path / "copy")
    try:
        assert session.archive.meta.binding == "none"
    finally:
        session.close()
    live = login(backed.root, ADMIN, ADMIN_PASSWORD)
    try:
        assert check_handle(live.archive).ok
    finally:
        live.close()
    backed.session.close()


def test_wrong_code_leaves_nothing(backed, tmp_path, clean_machine):
    other = recovery_code.generate()
    assert other != backed.code
    to = tmp_path / "absent"
    with pytest.raises(WrongRecoveryCode):
        _restore(backed, to, code=other)
    assert not to.exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(WrongRecoveryCode):
        _restore(backed, empty, code=other)
    assert list(empty.iterdir()) == []
    assert not clean_machine.store


@pytest.mark.parametrize("typed", ["", "ABCDE", "not a code at all but long enough to be one"])
def test_malformed_code(backed, tmp_path, typed):
    with pytest.raises(MalformedRecoveryCode):
        _restore(backed, tmp_path / "x", code=typed)
    assert not (tmp_path / "x").exists()


def test_code_typed_loosely_is_accepted(backed, tmp_path, clean_machine):
    loose = backed.code.lower().replace("-", " ")
    _restore(backed, tmp_path / "loose", code=loose).close()


def test_folder_not_empty(backed, tmp_path):
    to = tmp_path / "busy"
    to.mkdir()
    (to / "notes.txt").write_text("mine")
    with pytest.raises(FolderNotEmpty):
        _restore(backed, to)
    assert [p.name for p in to.iterdir()] == ["notes.txt"]


def test_a_user_who_is_not_an_admin_cannot_be_the_restoring_admin(backed, tmp_path):
    to = tmp_path / "clerk-admin"
    with pytest.raises(PermissionDenied):
        restore_to_folder(backed.folder, to, backed.code, admin=CLERK,
                          new_password=NEW_PASSWORD, kdf=FAST_FOR_TESTS)  # fmt: skip
    assert not to.exists()


def _backup_files(backed: Backed) -> dict[str, Path]:
    manifest, _ = read_manifest(backed.folder)
    files = {f.path: backed.folder / f.path for f in manifest.files}
    files[MANIFEST_NAME] = backed.folder / MANIFEST_NAME
    assert manifest.blobs, "the fixture's backup holds a scan"
    files["blob"] = backed.layout.blob_path(manifest.blobs[0].path)
    return files


KINDS = ("xueji.db", "keyslots.json", "archive.json", MANIFEST_NAME, "blob")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("damage", ["flip_start", "flip_middle", "flip_end", "truncate", "grow"])
def test_damage_is_caught_before_anything_is_written(backed, tmp_path, clean_machine, kind, damage):
    path = _backup_files(backed)[kind]
    raw = bytearray(path.read_bytes())
    if damage.startswith("flip"):
        at = {"flip_start": 0, "flip_middle": len(raw) // 2, "flip_end": len(raw) - 2}[damage]
        raw[at] ^= 0xFF
    elif damage == "truncate":
        raw = raw[: len(raw) // 2]
    else:
        raw += b"\x00"
    path.write_bytes(bytes(raw))
    to = tmp_path / "restored"
    with pytest.raises(BackupCorrupt):
        _restore(backed, to)
    assert not to.exists()
    assert not clean_machine.store


def test_old_backup_opens_with_the_code_after_a_rotation(backed, tmp_path, monkeypatch):
    first = backed.info.backup_id
    new_code = rotate_recovery_code(backed.session, admin_password=ADMIN_PASSWORD,
                                    kdf=FAST_FOR_TESTS)  # fmt: skip
    kept = tmp_path / "kept-old-backup"
    shutil.copytree(backed.folder, kept)
    later = back_up(backed.created, backed.drive)
    assert later.info.backup_id != first
    if not backed.folder.exists():  # retention keeps one backup a day: put the old one back
        shutil.copytree(kept, backed.folder)
    backed.session.close()
    move_to_clean_machine(monkeypatch, tmp_path)
    session = _restore(backed, tmp_path / "rotated", code=new_code)  # the old backup
    try:
        details = session.archive.db.conn.execute(
            "SELECT details FROM audit_log WHERE action = 'archive_restored'"
        ).fetchone()[0]
        assert json.loads(details)["backup_id"] == first
        assert content_hash(session.archive.db.conn) == backed.content_hash
    finally:
        session.close()
    # the restored archive's recovery slot is sealed with the code typed (the new one)
    from xueji_desktop.services.archive import open_with_recovery

    handle, _ = open_with_recovery(tmp_path / "rotated", new_code)
    handle.close()


# -- restore in place ---------------------------------------------------------------------------


def test_restore_in_place(backed, tmp_path):
    s = backed.session
    insert_student(s)  # a change after the backup, undone by the restore
    before = content_hash(s.archive.db.conn)
    assert before != backed.content_hash
    outcome = restore_in_place(s, backed.drive, backed.info.backup_id,
                               admin_password=ADMIN_PASSWORD)  # fmt: skip
    assert outcome.backup_id == backed.info.backup_id
    assert outcome.pre_restore.name.startswith("live.pre-restore-")
    assert outcome.pre_restore.parent == backed.root.parent
    # the session was closed; the admin logs in again with the same password
    session = login(backed.root, ADMIN, ADMIN_PASSWORD)
    try:
        conn = session.archive.db.conn
        assert content_hash(conn) == backed.content_hash
        assert check_handle(session.archive).ok
        row = conn.execute(
            "SELECT actor, details FROM audit_log WHERE action = 'archive_restored'"
        ).fetchone()
        assert row[0] == ADMIN
        assert json.loads(row[1])["in_place"] is True
    finally:
        session.close()
    login(backed.root, CLERK, CLERK_PASSWORD).close()  # kept their own password
    # the archive as it was is kept whole
    conn = open_connection(outcome.pre_restore / "xueji.db", s.archive.keys.data_key,
                           readonly=True)  # fmt: skip
    try:
        assert content_hash(conn) == before
    finally:
        conn.close()
    assert not list(backed.root.parent.glob("live.restoring-*"))
    assert not (backed.root.parent / "live.restore.json").exists()
    assert load_state(backed.root).history[-1].action == "restore"
    assert load_state(backed.root).drives, "the enrolled drive carried over"


def files_open_inside(root: Path) -> list[str]:
    """The files inside ``root`` this process holds open (Windows refuses to rename a folder
    while any is open; Linux does not, so the test looks at the descriptors)."""
    fds = Path("/proc/self/fd")
    inside = str(root.resolve()) + os.sep
    found = []
    for fd in list(fds.iterdir()):
        try:
            target = os.readlink(fd)
        except OSError:
            continue  # closed while listing (the listing's own descriptor)
        if target.startswith(inside) or target == inside[:-1]:
            found.append(target)
    return found


def watch_swap(monkeypatch) -> dict[str, list[str]]:
    """Wraps restore_swap.swap_in: records what is open inside the live folder at swap time."""
    seen: dict[str, list[str]] = {}
    real = restore_swap.swap_in

    def swap_in(root: Path, restored: Path) -> Path:
        seen["open"] = files_open_inside(root)
        return real(root, restored)

    monkeypatch.setattr(restore_swap, "swap_in", swap_in)
    return seen


needs_proc = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="Linux /proc needed")


@needs_proc
def test_nothing_in_the_live_folder_is_open_during_the_swap(backed, monkeypatch):
    seen = watch_swap(monkeypatch)
    assert files_open_inside(backed.root), "the check sees the open session's files"
    restore_in_place(backed.session, backed.drive, backed.info.backup_id,
                     admin_password=ADMIN_PASSWORD)  # fmt: skip
    assert seen["open"] == []  # no writer.lock, no xueji.db: Windows could rename the folder


@needs_proc
def test_prepare_then_finish(backed, monkeypatch):
    """The two steps the GUI runs: after the prepare step the session is closed and nothing in
    the live folder is open; a commit made in between by another process stays in the folder
    kept from before."""
    seen = watch_swap(monkeypatch)
    prepared = prepare_restore_in_place(backed.session, backed.drive, backed.info.backup_id,
                                        admin_password=ADMIN_PASSWORD)  # fmt: skip
    assert files_open_inside(backed.root) == []
    assert prepared.restored.is_dir() and prepared.root == backed.root
    other = login(backed.root, CLERK, CLERK_PASSWORD)  # another writer, between the steps
    try:
        insert_student(other)
        between = content_hash(other.archive.db.conn)
    finally:
        other.close()
    outcome = finish_restore_in_place(prepared)
    assert seen["open"] == []
    conn = open_connection(outcome.pre_restore / "xueji.db", backed.session.archive.keys.data_key,
                           readonly=True)  # fmt: skip
    try:
        assert content_hash(conn) == between  # the change in between is kept, not lost
    finally:
        conn.close()
    session = login(backed.root, ADMIN, ADMIN_PASSWORD)
    try:
        assert content_hash(session.archive.db.conn) == backed.content_hash
    finally:
        session.close()
    assert load_state(backed.root).history[-1].action == "restore"


def test_a_failed_swap_keeps_the_live_archive(backed, monkeypatch):
    before = content_hash(backed.session.archive.db.conn)

    def refuse(root: Path, restored: Path) -> Path:
        raise PermissionError(13, "in use")  # what Windows says about a folder with open files

    monkeypatch.setattr(restore_swap, "swap_in", refuse)
    with pytest.raises(PermissionError):
        restore_in_place(backed.session, backed.drive, backed.info.backup_id,
                         admin_password=ADMIN_PASSWORD)  # fmt: skip
    assert not list(backed.root.parent.glob("live.restoring-*"))
    assert not list(backed.root.parent.glob("live.pre-restore-*"))
    session = login(backed.root, ADMIN, ADMIN_PASSWORD)
    try:
        assert content_hash(session.archive.db.conn) == before
    finally:
        session.close()


def test_restore_in_place_is_for_admins_only(backed):
    clerk = login(backed.root, CLERK, CLERK_PASSWORD)
    try:
        with pytest.raises(PermissionDenied):
            restore_in_place(clerk, backed.drive, backed.info.backup_id,
                             admin_password=CLERK_PASSWORD)  # fmt: skip
    finally:
        clerk.close()
    assert not list(backed.root.parent.glob("live.pre-restore-*"))


def test_restore_in_place_needs_the_admin_password(backed):
    with pytest.raises(WrongCredentials):
        restore_in_place(backed.session, backed.drive, backed.info.backup_id,
                         admin_password="not-the-password")  # fmt: skip
    assert not list(backed.root.parent.glob("live.pre-restore-*"))
    assert not list(backed.root.parent.glob("live.restoring-*"))


def test_restore_in_place_refuses_a_damaged_backup(backed):
    db = backed.folder / "xueji.db"
    raw = bytearray(db.read_bytes())
    raw[5000] ^= 0xFF
    db.write_bytes(bytes(raw))
    before = content_hash(backed.session.archive.db.conn)
    with pytest.raises(BackupCorrupt):
        restore_in_place(backed.session, backed.drive, backed.info.backup_id,
                         admin_password=ADMIN_PASSWORD)  # fmt: skip
    assert not list(backed.root.parent.glob("live.restoring-*"))
    assert content_hash(backed.session.archive.db.conn) == before


def test_restore_in_place_on_a_password_only_archive(make_archive, tmp_path):
    backed = backed_archive(make_archive, tmp_path, binding="none")
    restore_in_place(backed.session, backed.drive, backed.info.backup_id,
                     admin_password=ADMIN_PASSWORD)  # fmt: skip
    session = login(backed.root, ADMIN, ADMIN_PASSWORD)
    try:
        assert check_handle(session.archive).ok
        assert content_hash(session.archive.db.conn) == backed.content_hash
    finally:
        session.close()


def test_restore_in_place_of_a_backup_that_is_not_there(backed):
    for name in ("20200101T000000Z-abcdef", "../../live", ""):
        with pytest.raises(NoBackup):
            restore_in_place(backed.session, backed.drive, name, admin_password=ADMIN_PASSWORD)


def test_cancelled_restore_leaves_nothing(backed, tmp_path, clean_machine):
    to = tmp_path / "cancelled"

    def cancelled() -> bool:
        return (to / "archive.json").exists()  # past the checks, inside the copy

    with pytest.raises(OperationCancelled):
        restore_to_folder(backed.folder, to, backed.code, admin=ADMIN,
                          new_password=NEW_PASSWORD, kdf=FAST_FOR_TESTS,
                          cancelled=cancelled)  # fmt: skip
    assert not to.exists()
    assert not clean_machine.store


def test_progress_counts_every_byte_read_and_copied(backed, tmp_path, clean_machine):
    done: list[int] = []
    session = restore_to_folder(backed.folder, tmp_path / "p", backed.code, admin=ADMIN,
                                new_password=NEW_PASSWORD, kdf=FAST_FOR_TESTS,
                                progress=done.append)  # fmt: skip
    session.close()
    manifest, _ = read_manifest(backed.folder)
    copied = sum(f.size for f in manifest.files if f.path.startswith("xueji.db"))
    copied += sum(b.size for b in manifest.blobs)
    assert sum(done) == manifest.total_size + copied  # checked once, then copied
