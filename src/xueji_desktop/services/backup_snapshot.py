"""Writing one backup onto a drive (docs/design/backups.md, "What a backup is", "On the drive").

Order: the drive lock (held by the caller), stale partial folders removed, the space checked,
``backups/.partial-<id>/`` made; then under the archive's writer lock the database (+ WAL when it
holds frames), the recovery slots, ``archive.json`` and the list of blob files, with the (size,
mtime) of the database and WAL compared before and after (a difference means a retry); after
the lock the blobs the drive lacks; then every byte re-read from the drive; then the caller's
``finalize`` (deep checks and the seal), the manifest last, the rename to the final name and an
fsync of ``backups/``. Any failure removes the partial folder; earlier backups are never opened.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from xueji_desktop import __version__
from xueji_desktop.core.errors import ArchiveBusy, BackupBusy, BackupCorrupt
from xueji_desktop.services.backup_drives import SpaceReport, drive_error, space_check
from xueji_desktop.services.backup_verify import check_files
from xueji_desktop.storage import keyslots
from xueji_desktop.storage.backup_format import (
    DB_NAME,
    META_NAME,
    PARTIAL_PREFIX,
    SEAL_OPEN,
    SLOTS_NAME,
    STATE_PENDING,
    WAL_NAME,
    Cancelled,
    DriveIdentity,
    DriveLayout,
    FileEntry,
    Manifest,
    Progress,
    copy_hashed,
    hash_file,
    new_backup_id,
    place_blob,
    read_manifest,
    seal_holds,
    write_manifest,
)
from xueji_desktop.storage.files import DIR_MODE, ensure_private_dir, fsync_dir
from xueji_desktop.storage.layout import ArchiveLayout
from xueji_desktop.storage.lock import InterProcessLock

MAX_ATTEMPTS = 3  # copies retried when the database changed under the lock (a close's checkpoint)
SLACK = 1024 * 1024  # the manifest, the small files and the file system's own bookkeeping
_BLOB_FILE = re.compile(r"^([0-9a-f]{64})\.xjb$")

Finalize = Callable[[Path, Manifest], tuple[Manifest, bytes]]


@dataclass(frozen=True)
class Written:
    manifest: Manifest
    space: SpaceReport
    copied_blobs: int
    bytes_written: int


# -- the drive lock and cleanup --------------------------------------------------------------------


@contextmanager
def drive_lock(drive: DriveLayout) -> Iterator[None]:
    """One backup, check or restore at a time on a drive: BackupBusy when another holds it."""
    lock = InterProcessLock(drive.lock, timeout=0)
    try:
        lock.acquire(timeout=0)
    except ArchiveBusy:
        raise BackupBusy() from None
    except OSError as exc:
        raise drive_error(exc, drive) from None
    try:
        yield
    finally:
        with contextlib.suppress(OSError):  # a drive pulled out: the lock went with it
            lock.release()


def remove_partials(drive: DriveLayout) -> None:
    """Delete what killed runs left (caller holds the drive lock): partial backup folders, the
    temporary files of blob and manifest writes, and the shared-memory file a check of a copy
    with a WAL makes beside it (never part of a backup; nobody reads a copy without the lock)."""
    for partial in drive.partial_dirs():
        shutil.rmtree(partial, ignore_errors=True)
    for pattern in ("blobs/*/.*.tmp", "backups/*/.*.tmp", "backups/*/xueji.db-shm"):
        for tmp in drive.folder.glob(pattern):
            with contextlib.suppress(OSError):
                tmp.unlink()


def local_blobs(layout: ArchiveLayout) -> dict[str, int]:
    """The archive's blob files: name -> size."""
    out: dict[str, int] = {}
    try:
        folders = [p for p in layout.blobs.iterdir() if p.is_dir()]
    except FileNotFoundError:
        return out
    for folder in folders:
        for path in folder.iterdir():
            match = _BLOB_FILE.match(path.name)
            if match:
                out[match.group(1)] = path.stat().st_size
    return out


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_size, st.st_mtime_ns


def _drive_side(exc: OSError, layout: ArchiveLayout) -> bool:
    """Whether an OSError came from the drive (anything not naming a file of the archive)."""
    name = exc.filename if isinstance(exc.filename, str) else ""
    if not name:
        return True  # a write or fsync: only the drive's files are written
    roots = {os.path.abspath(layout.root), str(layout.root.resolve())}
    return not any(os.path.abspath(name).startswith(r + os.sep) for r in roots)


# -- the snapshot ----------------------------------------------------------------------------------


def _copy_files(
    layout: ArchiveLayout, partial: Path, progress: Progress | None, cancelled: Cancelled | None
) -> list[FileEntry]:
    """The database (+ WAL), the recovery slots and archive.json into ``partial`` (writer lock
    held by the caller)."""
    files: list[FileEntry] = []
    wal = layout.db.with_name(layout.db.name + "-wal")
    db_size = layout.db.stat().st_size
    files.append(
        FileEntry(DB_NAME, *copy_hashed(layout.db, partial / DB_NAME, limit=db_size,
                                        progress=progress, cancelled=cancelled))
    )  # fmt: skip
    wal_stat = _stat(wal)
    if wal_stat is not None and wal_stat[0] > 0:
        files.append(
            FileEntry(WAL_NAME, *copy_hashed(wal, partial / WAL_NAME, limit=wal_stat[0],
                                             progress=progress, cancelled=cancelled))
        )  # fmt: skip
    slots = keyslots.load(layout.keyslots)
    recovery_only = keyslots.SlotFile(slots.archive_id, tuple(slots.recovery()))
    keyslots.save(partial / SLOTS_NAME, recovery_only)  # never a password slot on the drive
    files.append(FileEntry(SLOTS_NAME, *hash_file(partial / SLOTS_NAME)))
    files.append(FileEntry(META_NAME, *copy_hashed(layout.meta, partial / META_NAME)))
    return files


def _snapshot(
    layout: ArchiveLayout,
    partial: Path,
    writer: Callable[[], AbstractContextManager[object]],
    checkpoint: Callable[[], None] | None,
    progress: Progress | None,
    cancelled: Cancelled | None,
    total: Callable[[int], None] | None,
) -> tuple[list[FileEntry], dict[str, int]]:
    wal = layout.db.with_name(layout.db.name + "-wal")
    for attempt in range(MAX_ATTEMPTS):
        with writer():
            if checkpoint is not None:
                checkpoint()
            before = (_stat(layout.db), _stat(wal))
            blobs = local_blobs(layout)  # written before the commits that refer to them
            if total is not None and attempt == 0:
                # Everything copied (or, for blobs already there, hashed) once, then re-read.
                files_size = sum(s[0] for s in before if s is not None)
                total(2 * (files_size + sum(blobs.values())))
            files = _copy_files(layout, partial, progress, cancelled)
            after = (_stat(layout.db), _stat(wal))
        if before == after:
            return files, blobs
        for entry in files:  # changed under us (a connection closed without the lock): again
            (partial / entry.path).unlink()
    raise ArchiveBusy()  # changed three times under the lock: try again later


def _copy_blobs(
    layout: ArchiveLayout,
    drive: DriveLayout,
    blobs: dict[str, int],
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> tuple[list[FileEntry], set[str], int]:
    """Blobs the drive lacks are copied; for the others the local file is hashed (the re-read
    then compares the drive's copy with it). Returns (entries, names already there, bytes)."""
    entries: list[FileEntry] = []
    existing: set[str] = set()
    written = 0
    for name in sorted(blobs):
        src = layout.blobs / name[:2] / f"{name}.xjb"
        target = drive.blob_path(name)
        try:
            on_drive = target.stat().st_size
        except FileNotFoundError:
            on_drive = None
        if on_drive == blobs[name]:
            entries.append(FileEntry(name, *hash_file(src, progress=progress, cancelled=cancelled)))
            existing.add(name)
            continue
        # Missing, or a copy of another size (cut by a failing drive): written afresh.
        size, digest = place_blob(drive, src, name, progress=progress, cancelled=cancelled)
        entries.append(FileEntry(name, size, digest))
        written += size
    return entries, existing, written


def _check_with_repair(
    layout: ArchiveLayout,
    drive: DriveLayout,
    partial: Path,
    manifest: Manifest,
    existing: set[str],
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> int:
    """Re-read everything from the drive. A blob that was already on the drive and reads back
    wrong is written afresh from the archive's copy (same name, same bytes) and the re-read
    repeated; anything written by this run that reads back wrong fails the backup."""
    repaired = 0
    while True:
        try:
            check_files(drive, partial, manifest, progress=progress, cancelled=cancelled)
            return repaired
        except BackupCorrupt as exc:
            label = str(exc.fields.get("file", ""))
            prefix = label[len("blobs/") : len("blobs/") + 12] if label.startswith("blobs/") else ""
            bad = [n for n in existing if prefix and n.startswith(prefix)]
            if len(bad) != 1:
                raise
            existing.discard(bad[0])
            src = layout.blobs / bad[0][:2] / f"{bad[0]}.xjb"
            repaired += place_blob(drive, src, bad[0], cancelled=cancelled)[0]


def write_backup(
    layout: ArchiveLayout,
    drive: DriveLayout,
    identity: DriveIdentity,
    *,
    when: datetime,
    made_by: str,
    writer: Callable[[], AbstractContextManager[object]],
    checkpoint: Callable[[], None] | None,
    finalize: Finalize,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    total: Callable[[int], None] | None = None,
) -> Written:
    """Write one backup (caller holds the drive lock). ``finalize(partial, draft)`` returns the
    final manifest and its seal key. Raises DriveFull / DriveUnavailable for the drive's errors,
    BackupCorrupt when the re-read differs, ArchiveBusy, OperationCancelled; the partial folder
    is removed on any failure."""
    backup_id = new_backup_id(when)
    partial = drive.backups / f"{PARTIAL_PREFIX}{backup_id}"
    try:
        remove_partials(drive)
        space = _plan(layout, drive)
        ensure_private_dir(drive.backups)
        partial.mkdir(mode=DIR_MODE)
        files, blobs = _snapshot(layout, partial, writer, checkpoint, progress, cancelled, total)
        blob_entries, existing, blob_bytes = _copy_blobs(layout, drive, blobs, progress, cancelled)
        draft = Manifest(
            backup_id=backup_id,
            archive_id=identity.archive_id,
            drive_id=identity.drive_id,
            created_at=when.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            app_version=__version__,
            made_by=made_by,
            state=STATE_PENDING,
            files=tuple(files),
            blobs=tuple(blob_entries),
            seal=SEAL_OPEN,
        )
        blob_bytes += _check_with_repair(
            layout, drive, partial, draft, existing, progress, cancelled
        )
        manifest, key = finalize(partial, draft)
        write_manifest(partial, manifest, key)
        reread, mac = read_manifest(partial)
        if not seal_holds(reread, mac, key) or reread != manifest:
            raise BackupCorrupt(reason="manifest_seal", file="manifest.json")
        os.rename(partial, drive.backup_dir(backup_id))
        fsync_dir(drive.backups)
    except OSError as exc:
        _discard(partial)
        if not _drive_side(exc, layout):
            raise
        raise drive_error(exc, drive, _needed(layout)) from None
    except BaseException:
        _discard(partial)
        raise
    size = sum(f.size for f in manifest.files)
    return Written(manifest, space, len(blobs) - len(existing), size + blob_bytes)


def _discard(partial: Path) -> None:
    shutil.rmtree(partial, ignore_errors=True)  # best effort: the next run removes the rest


def _needed(layout: ArchiveLayout) -> int:
    with contextlib.suppress(OSError):
        wal = _stat(layout.db.with_name(layout.db.name + "-wal"))
        return layout.db.stat().st_size + (wal[0] if wal else 0) + SLACK
    return 0


def _plan(layout: ArchiveLayout, drive: DriveLayout) -> SpaceReport:
    """The space check, before anything is written (the WAL counted as it is now: the
    checkpoint under the lock may empty it, so this errs on the safe side)."""
    db = layout.db.stat().st_size
    wal = _stat(layout.db.with_name(layout.db.name + "-wal"))
    wal_size = wal[0] if wal else 0
    new = 0
    largest = max(db, wal_size)
    for name, size in local_blobs(layout).items():
        try:
            there = drive.blob_path(name).stat().st_size
        except FileNotFoundError:
            there = None
        if there != size:
            new += size
            largest = max(largest, size)
    return space_check(drive, db + wal_size + new + SLACK, largest,
                       expected_per_backup=db + wal_size + new)  # fmt: skip


__all__ = ["Written", "drive_lock", "local_blobs", "remove_partials", "write_backup"]
