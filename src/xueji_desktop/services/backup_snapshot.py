"""Writing one backup onto a drive (docs/design/backups.md, "What a backup is", "On the drive").

Order: the drive lock (held by the caller), stale partial folders removed, the space checked,
``backups/.partial-<id>/`` made; then under the archive's writer lock the database (+ WAL when it
holds frames), the recovery slots, ``archive.json`` and the list of blob files, with the (size,
mtime) of the database and WAL compared before and after (a difference means a retry). After
the lock two things run at once (services/backup_parallel.py): on a worker thread the re-read of
those files from the drive and the caller's ``finalize`` (the deep checks and the seal); here
the blobs the drive lacks are copied and re-read. A blob already on the drive under the same
name and size takes its SHA-256 from the newest trusted manifest listing it, unread (see
``Listed``). Then the manifest last, the rename to the final name and an fsync of
``backups/``. Any failure removes the partial folder; earlier backups are never opened.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Callable, Collection, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from xueji_desktop import __version__
from xueji_desktop.core.errors import ArchiveBusy, BackupBusy, BackupCorrupt, OperationCancelled
from xueji_desktop.services.backup_drives import SpaceReport, drive_error, space_check
from xueji_desktop.services.backup_parallel import (
    BlobWork,
    beside,
    check_with_repair,
    copy_blobs,
    listed_blobs,
    recheck_failed,
    serialised,
    settle,
    trust,
)
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

# finalize(partial folder, draft) -> (final manifest, its seal key). It runs on a worker thread
# beside the blob copy, so the draft it gets lists no blobs: they are filled in afterwards.
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
    reusable: Collection[str],
) -> tuple[list[FileEntry], dict[str, int]]:
    wal = layout.db.with_name(layout.db.name + "-wal")
    for attempt in range(MAX_ATTEMPTS):
        with writer():
            if checkpoint is not None:
                checkpoint()
            before = (_stat(layout.db), _stat(wal))
            blobs = local_blobs(layout)  # written before the commits that refer to them
            if total is not None and attempt == 0:
                # Everything copied (or, for blobs already there, hashed) once, then re-read;
                # blobs whose digest a manifest gives are not read at all.
                files_size = sum(s[0] for s in before if s is not None)
                work = sum(size for name, size in blobs.items() if name not in reusable)
                total(2 * (files_size + work))
            files = _copy_files(layout, partial, progress, cancelled)
            after = (_stat(layout.db), _stat(wal))
        if before == after:
            return files, blobs
        for entry in files:  # changed under us (a connection closed without the lock): again
            (partial / entry.path).unlink()
    raise ArchiveBusy()  # changed three times under the lock: try again later


# -- one backup ------------------------------------------------------------------------------------


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
    final manifest and its seal key; it runs on a worker thread and its draft lists no blobs.
    Raises DriveFull / DriveUnavailable for the drive's errors, BackupCorrupt when the re-read
    differs, ArchiveBusy, OperationCancelled; the partial folder is removed on any failure."""
    backup_id = new_backup_id(when)
    partial = drive.backups / f"{PARTIAL_PREFIX}{backup_id}"
    progress = serialised(progress)  # both threads report
    try:
        remove_partials(drive)
        space, same = _plan(layout, drive)
        if recheck_failed(layout.root, identity.drive_id):
            same = {}
        listed = listed_blobs(drive, identity.archive_id, same)
        ensure_private_dir(drive.backups)
        partial.mkdir(mode=DIR_MODE)
        files, blobs = _snapshot(layout, partial, writer, checkpoint, progress, cancelled, total,
                                 listed.where)  # fmt: skip
        draft = Manifest(
            backup_id=backup_id,
            archive_id=identity.archive_id,
            drive_id=identity.drive_id,
            created_at=when.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            app_version=__version__,
            made_by=made_by,
            state=STATE_PENDING,
            files=tuple(files),
            blobs=(),
            seal=SEAL_OPEN,
        )

        def deep(halted: Cancelled) -> tuple[Manifest, bytes]:
            # The files re-read from the drive first: the checks then open what was verified.
            check_files(drive, partial, draft, progress=progress, cancelled=halted)
            if halted():
                raise OperationCancelled()
            return finalize(partial, draft)

        def copy(halted: Cancelled) -> BlobWork:
            work = copy_blobs(layout, drive, blobs, listed, progress, halted)
            check = replace(draft, files=(), blobs=tuple(work.entries.values()))
            work.count(check_with_repair(layout, drive, partial, check, work.existing,
                                          progress, halted))  # fmt: skip
            return work

        (final, key), work = beside(deep, copy, cancelled)
        work.count(settle(layout, drive, partial, draft, work, listed, trust(final, key),
                           progress, cancelled))  # fmt: skip
        manifest = replace(final, blobs=tuple(work.entries[name] for name in sorted(blobs)))
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
    return Written(manifest, space, work.copied, size + work.written)


def _discard(partial: Path) -> None:
    shutil.rmtree(partial, ignore_errors=True)  # best effort: the next run removes the rest


def _needed(layout: ArchiveLayout) -> int:
    with contextlib.suppress(OSError):
        wal = _stat(layout.db.with_name(layout.db.name + "-wal"))
        return layout.db.stat().st_size + (wal[0] if wal else 0) + SLACK
    return 0


def _plan(layout: ArchiveLayout, drive: DriveLayout) -> tuple[SpaceReport, dict[str, int]]:
    """The space check, before anything is written (the WAL counted as it is now: the
    checkpoint under the lock may empty it, so this errs on the safe side), and the blobs the
    drive already holds at the same size (name -> size)."""
    db = layout.db.stat().st_size
    wal = _stat(layout.db.with_name(layout.db.name + "-wal"))
    wal_size = wal[0] if wal else 0
    new = 0
    largest = max(db, wal_size)
    same: dict[str, int] = {}
    for name, size in local_blobs(layout).items():
        try:
            there = drive.blob_path(name).stat().st_size
        except FileNotFoundError:
            there = None
        if there == size:
            same[name] = size
        else:
            new += size
            largest = max(largest, size)
    space = space_check(drive, db + wal_size + new + SLACK, largest,
                        expected_per_backup=db + wal_size + new)  # fmt: skip
    return space, same


__all__ = ["Written", "drive_lock", "local_blobs", "remove_partials", "write_backup"]
