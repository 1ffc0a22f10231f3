"""Building blocks of the restores and the drill (no session here): where a backup is, the
recovery code that opens it, its files copied and checked, the restored database opened and
its restore recorded. Nothing here writes to the drive, apart from its lock file.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from xueji_desktop.core.errors import (
    ArchiveBusy,
    BackupBusy,
    BackupCorrupt,
    DriveUnavailable,
    KeyFileDamaged,
    NoBackup,
    WrongRecoveryCode,
)
from xueji_desktop.services import audit
from xueji_desktop.services.backup_state import HistoryEntry
from xueji_desktop.services.context import ArchiveHandle
from xueji_desktop.storage import keyslots, migrations
from xueji_desktop.storage.backup_format import (
    DB_NAME,
    DRIVE_FOLDER,
    MANIFEST_NAME,
    SLOTS_NAME,
    WAL_NAME,
    Cancelled,
    DriveLayout,
    FileEntry,
    Manifest,
    Progress,
    copy_hashed,
    hash_file,
    is_backup_id,
    parse_manifest,
    read_manifest,
)
from xueji_desktop.storage.content_hash import content_hash
from xueji_desktop.storage.files import ensure_private_dir
from xueji_desktop.storage.keyslots import KeyBundle
from xueji_desktop.storage.layout import now_utc
from xueji_desktop.storage.lock import InterProcessLock

DRIVE_LOCK_TIMEOUT = 2.0  # seconds; another backup or check on the drive is reported, not awaited


def locate(path: Path) -> tuple[DriveLayout, str | None]:
    """What the clerk pointed at: a backup folder (``…/XuejiBackup/backups/<id>``) gives the
    drive and that backup; a drive, or its ``XuejiBackup`` folder, gives the drive and None."""
    path = Path(path)
    if not path.exists():
        raise DriveUnavailable(reason="missing", path=str(path))
    if not path.is_dir():
        raise DriveUnavailable(reason="not_folder", path=str(path))
    if is_backup_id(path.name) and path.parent.name == "backups":
        folder = path.parent.parent
        if folder.name == DRIVE_FOLDER:
            return DriveLayout(folder.parent), path.name
    if path.name == DRIVE_FOLDER and (path / "backups").is_dir():
        return DriveLayout(path.parent), None
    if (path / DRIVE_FOLDER).is_dir():
        return DriveLayout(path), None
    raise NoBackup(reason="none")


def drive_layout(path: Path) -> DriveLayout:
    """A drive given as its root or as its ``XuejiBackup`` folder."""
    path = Path(path)
    if not path.is_dir():
        raise DriveUnavailable(reason="missing", path=str(path))
    if path.name == DRIVE_FOLDER and not (path / DRIVE_FOLDER).is_dir():
        return DriveLayout(path.parent)
    return DriveLayout(path)


@contextlib.contextmanager
def drive_lock(drive: DriveLayout) -> Iterator[None]:
    """One backup, check or restore at a time on a drive (BackupBusy otherwise). A drive whose
    lock file cannot be made (write-protected) is read without it: nobody can write there."""
    lock = InterProcessLock(drive.lock, timeout=DRIVE_LOCK_TIMEOUT)
    try:
        lock.acquire()
    except ArchiveBusy:
        raise BackupBusy() from None
    except OSError:
        yield
        return
    try:
        yield
    finally:
        lock.release()


def newest_claimed(drive: DriveLayout) -> str:
    """The newest backup whose manifest says verified (its seal is checked once the recovery
    code has given the key). NoBackup(none) when there is none."""
    for backup_id in drive.backup_ids():
        try:
            manifest, _ = read_manifest(drive.backup_dir(backup_id))
        except BackupCorrupt:
            continue
        if manifest.verified:
            return backup_id
    raise NoBackup(reason="none")


def _entry_holds(path: Path, entry: FileEntry | None) -> bool:
    if entry is None:
        return False
    try:
        return hash_file(path) == (entry.size, entry.sha256)
    except OSError:
        return False


def _recovery_slots(backup_dir: Path, manifest: Manifest) -> list[keyslots.KeySlot]:
    """The recovery slots of one backup. Its key file is checked against the (not yet trusted)
    manifest first, so a damaged file reads as damage, not as a wrong code."""
    path = backup_dir / SLOTS_NAME
    if not _entry_holds(path, manifest.file(SLOTS_NAME)):
        raise BackupCorrupt(reason="hash", file=SLOTS_NAME)
    try:
        slot_file = keyslots.load(path)
    except KeyFileDamaged:
        raise BackupCorrupt(reason="hash", file=SLOTS_NAME) from None
    if slot_file.archive_id != manifest.archive_id:
        raise BackupCorrupt(reason="manifest_seal", file=MANIFEST_NAME)
    return slot_file.recovery()


def unlock_backup(drive: DriveLayout, backup_id: str, code_compact: str) -> tuple[str, KeyBundle]:
    """Open a backup's key bundle with the recovery code (normalised). Returns (archive id,
    bundle); neither is trusted until ``verify_backup`` has checked the manifest's seal with it.

    The backup's own recovery slot is tried first, then those of newer backups of the same
    archive on the drive, newest first (after a rotation the bundle is the same, the slot new).
    Each distinct slot costs one KDF run. Raises NoBackup, BackupCorrupt, WrongRecoveryCode.
    """
    backup_dir = drive.backup_dir(backup_id)
    if not backup_dir.is_dir():
        raise NoBackup(reason="not_found", name=backup_id)
    manifest, _ = read_manifest(backup_dir)
    if manifest.backup_id != backup_id:
        raise BackupCorrupt(reason="manifest_seal", file=MANIFEST_NAME)
    archive_id = manifest.archive_id
    candidates = _recovery_slots(backup_dir, manifest)
    newer: list[tuple[str, str, Manifest]] = []
    for other_id in drive.backup_ids():
        if other_id == backup_id:
            continue
        try:
            other, _ = parse_manifest((drive.backup_dir(other_id) / MANIFEST_NAME).read_bytes())
        except (OSError, BackupCorrupt):
            continue  # a damaged other backup only lacks its slot; this one may still open
        # created_at, not the id: two backups may share the id's second
        if other.archive_id == archive_id and other.created_at >= manifest.created_at:
            newer.append((other.created_at, other_id, other))
    for _at, other_id, other in sorted(newer, reverse=True):  # newest first
        with contextlib.suppress(BackupCorrupt):
            candidates += _recovery_slots(drive.backup_dir(other_id), other)
    seen: set[str] = set()
    secret = code_compact.encode("ascii")
    for slot in candidates:
        if slot.slot_id in seen:
            continue  # the same slot is in every backup until the code is rotated
        seen.add(slot.slot_id)
        bundle = keyslots.open_slot(archive_id, slot, secret, None)
        if bundle is not None:
            return archive_id, bundle
    raise WrongRecoveryCode()


def blob_label(name: str) -> str:
    """How a blob is named in a report (as backup_verify names it): short, never a path."""
    return f"blobs/{name[:12]}…"


def copy_backup(
    drive: DriveLayout,
    manifest: Manifest,
    target: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> None:
    """Copy a verified backup's database (+ WAL) and blobs into ``target`` (an archive-shaped
    folder), each checked against the manifest while it is copied (the drive may change or fail
    after the verification). Raises BackupCorrupt, OperationCancelled."""
    backup_dir = drive.backup_dir(manifest.backup_id)
    for name in (DB_NAME, WAL_NAME):
        entry = manifest.file(name)
        if entry is None:
            continue
        got = copy_hashed(backup_dir / name, target / name, progress=progress, cancelled=cancelled)
        if got != (entry.size, entry.sha256):
            raise BackupCorrupt(reason="hash", file=name)
    for blob in manifest.blobs:
        dst = target / "blobs" / blob.path[:2] / f"{blob.path}.xjb"
        ensure_private_dir(dst.parent)
        got = copy_hashed(drive.blob_path(blob.path), dst, progress=progress, cancelled=cancelled)
        if got != (blob.size, blob.sha256):
            raise BackupCorrupt(reason="hash", file=blob_label(blob.path))


def history_entry(
    action: str, drive_id: str, backup_id: str, user: str, problem: str
) -> HistoryEntry:
    """A line of the backup history (backup-state.json) about one backup."""
    return HistoryEntry(
        at=now_utc(),
        action=action,
        drive_id=drive_id,
        backup_id=backup_id,
        outcome="failed" if problem else "ok",
        reason=problem,
        made_by=user,
    )


# -- building a restored folder (shared by restore and restore_place) --------------------


def open_checked(handle: ArchiveHandle, manifest: Manifest) -> None:
    """Open the copied database writable (SQLite replays the WAL into it), prove it holds what
    the manifest says, then bring its schema up to date."""
    if content_hash(handle.db.conn) != manifest.content_hash:
        raise BackupCorrupt(reason="content_hash", file=DB_NAME)
    handle.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    migrations.migrate(handle.db, handle.layout.pre_migration, handle.keys.data_key)


def record_restored(
    handle: ArchiveHandle, actor: str, manifest: Manifest, extra: dict[str, object]
) -> None:
    audit.record(
        handle,
        actor,
        "archive_restored",
        target_type="archive",
        target_id=handle.archive_id,
        details={
            "backup_id": manifest.backup_id,
            "created_at": manifest.created_at,
            "content_hash": manifest.content_hash,
            "binding": handle.meta.binding,
            **extra,
        },
    )


def anchor_head(handle: ArchiveHandle) -> None:
    """The restore is the explicit act that anchors the head (the anchor of the backup's time
    did not travel with it): in the keyring when bound, else the folder's anchor file."""
    head = audit.head(handle.db.conn)
    if head is not None:
        audit.write_anchor(handle, *head)
