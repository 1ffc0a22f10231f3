"""Between a backup's snapshot and its manifest (docs/design/backups.md, "On the drive"): the
deep checks of the database copy beside the blobs' copy and re-read, and which blobs need it.

- ``beside``: the database copy's re-read and deep checks (SQLCipher's and SQLite's checks, the
  content hash) run on a worker thread while the calling thread copies and re-reads the blobs.
  They touch different files and spend their time where Python lets go of the GIL (SQLite,
  OpenSSL's SHA-256, file I/O). Both finish before the caller writes the manifest. One failure
  stops both: each part gets a ``halted`` check that turns true when the user cancels or the
  other part failed, and the real error is the one raised, never the other's OperationCancelled.
- Blobs already on the drive (same name, same size) are not read: their SHA-256 comes from the
  newest manifest listing it whose seal this backup trusts (``trust``); one no trusted manifest
  lists is hashed and re-read as before (``settle``). After a check found damage on the drive,
  the next backup re-reads and rewrites them all (``recheck_failed``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from xueji_desktop.core.errors import BackupCorrupt, OperationCancelled
from xueji_desktop.services.backup_state import load_state
from xueji_desktop.services.backup_verify import check_files
from xueji_desktop.storage.backup_format import (
    SEAL_ARCHIVE,
    Cancelled,
    DriveLayout,
    FileEntry,
    Manifest,
    Progress,
    hash_file,
    place_blob,
    read_manifest,
    seal_holds,
)
from xueji_desktop.storage.layout import ArchiveLayout

Side = TypeVar("Side")
Main = TypeVar("Main")
# History entries of checks whose failure may mean a blob on the drive went bad.
_CHECKS = ("verify", "complete", "drill", "restore")


def serialised(progress: Progress | None) -> Progress | None:
    """``progress`` made safe to call from two threads (callers add the counts up)."""
    if progress is None:
        return None
    lock = threading.Lock()

    def report(count: int) -> None:
        with lock:
            progress(count)

    return report


def beside(
    side: Callable[[Cancelled], Side],
    main: Callable[[Cancelled], Main],
    cancelled: Cancelled | None,
) -> tuple[Side, Main]:
    """Run ``side`` on a worker thread and ``main`` here; return both results once both
    finished. Each gets ``halted``: the user's ``cancelled``, or the other part has failed. An
    exception in either is raised here after both stopped (the worker is always joined first,
    so nothing still writes or holds files open when the caller cleans up)."""
    stop = threading.Event()

    def halted() -> bool:
        return stop.is_set() or (cancelled is not None and cancelled())

    results: list[Side] = []  # set by the worker: its result, or
    errors: list[BaseException] = []  # the exception it raised

    def work() -> None:
        try:
            results.append(side(halted))
        except BaseException as exc:  # handed to the calling thread, raised there
            stop.set()
            errors.append(exc)

    worker = threading.Thread(target=work, name="xueji-backup-deep-check", daemon=True)
    worker.start()
    try:
        mine = main(halted)
    except BaseException as exc:
        stop.set()
        worker.join()
        if (
            isinstance(exc, OperationCancelled)
            and errors
            and not isinstance(errors[0], OperationCancelled)
        ):
            raise errors[0] from None  # this part stopped because the worker failed
        raise
    worker.join()
    if errors:
        raise errors[0]
    return results[0], mine


# -- blobs already on the drive -----------------------------------------------------------------

Trusted = Callable[[Manifest, str], bool]


@dataclass(frozen=True)
class Listed:
    """What this archive's manifests on the drive say about the blobs already there: per name
    (at the size the archive has), the manifests listing it, newest first. Which of them to
    believe is known once ``finalize`` gave this backup's seal key (see ``trust``)."""

    manifests: list[tuple[Manifest, str]]
    where: dict[str, list[tuple[int, FileEntry]]]

    def size(self, name: str) -> int | None:
        found = self.where.get(name)
        return found[0][1].size if found else None

    def entries(self, names: list[str], trusted: Trusted) -> dict[str, FileEntry]:
        """For each of ``names``, the entry of the newest trusted manifest listing it (names no
        trusted manifest lists are left out). Each seal is checked once."""
        ok = [trusted(manifest, mac) for manifest, mac in self.manifests]
        out: dict[str, FileEntry] = {}
        for name in names:
            entry = next((e for i, e in self.where.get(name, ()) if ok[i]), None)
            if entry is not None:
                out[name] = entry
        return out


def listed_blobs(drive: DriveLayout, archive_id: str, same: dict[str, int]) -> Listed:
    """The manifests listing ``same`` (blob name -> size, equal on the drive), newest first;
    reading stops once each name has an archive-sealed one (usually the newest backup)."""
    manifests: list[tuple[Manifest, str]] = []
    where: dict[str, list[tuple[int, FileEntry]]] = {}
    left = set(same)
    for backup_id in drive.backup_ids():
        if not left:
            break
        try:
            manifest, mac = read_manifest(drive.backup_dir(backup_id))
        except BackupCorrupt:
            continue
        if manifest.archive_id != archive_id or manifest.backup_id != backup_id:
            continue
        manifests.append((manifest, mac))
        for entry in manifest.blobs:
            if same.get(entry.path) == entry.size:
                where.setdefault(entry.path, []).append((len(manifests) - 1, entry))
                if manifest.seal == SEAL_ARCHIVE:
                    left.discard(entry.path)
    return Listed(manifests, where)


def trust(final: Manifest, key: bytes) -> Trusted:
    """Whose digests this backup takes: a verified backup only those of manifests whose archive
    seal holds; a pending one (a scheduled run cannot check the archive seal) those of any
    manifest of this archive, since its completion re-reads every byte, reused ones included."""
    if final.seal != SEAL_ARCHIVE:
        return lambda _manifest, _mac: True
    return lambda manifest, mac: manifest.seal == SEAL_ARCHIVE and seal_holds(manifest, mac, key)


def recheck_failed(root: Path, drive_id: str) -> bool:
    """Whether a check of this drive's backups found damage since its last good backup: then
    this backup re-reads every blob already there (and rewrites the bad ones), as all did
    before digests were taken from manifests."""
    for item in reversed(load_state(root).history):
        if item.drive_id != drive_id:
            continue
        if item.action == "backup" and item.outcome in ("ok", "pending"):
            return False
        damage = item.outcome == "failed" and item.reason.startswith(BackupCorrupt.code)
        if item.action in _CHECKS and damage:
            return True
    return False


# -- the blobs -----------------------------------------------------------------------------------


@dataclass
class BlobWork:
    entries: dict[str, FileEntry]  # name -> size and SHA-256, for all but ``reused``
    reused: list[str]  # on the drive, their digest to come from a manifest: not read
    existing: set[str]  # on the drive, hashed from the archive's copy: re-read, rewritable
    copied: int = 0
    written: int = 0  # bytes

    def count(self, written: tuple[int, int]) -> None:
        self.written += written[0]
        self.copied += written[1]


def copy_blobs(
    layout: ArchiveLayout,
    drive: DriveLayout,
    blobs: dict[str, int],
    listed: Listed,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> BlobWork:
    """Blobs the drive lacks are copied; of the others, those a manifest lists are left alone
    and the rest hashed from the local file (the re-read then compares the drive's copy)."""
    out = BlobWork({}, [], set())
    for name in sorted(blobs):
        src = layout.blobs / name[:2] / f"{name}.xjb"
        try:
            on_drive = drive.blob_path(name).stat().st_size
        except FileNotFoundError:
            on_drive = None
        if on_drive == blobs[name]:
            if listed.size(name) == blobs[name]:
                out.reused.append(name)
            else:
                out.entries[name] = FileEntry(name, *hash_file(src, progress=progress,
                                                               cancelled=cancelled))  # fmt: skip
                out.existing.add(name)
            continue
        # Missing, or a copy of another size (cut by a failing drive): written afresh.
        size, digest = place_blob(drive, src, name, progress=progress, cancelled=cancelled)
        out.entries[name] = FileEntry(name, size, digest)
        out.count((size, 1))
    return out


def check_with_repair(
    layout: ArchiveLayout,
    drive: DriveLayout,
    partial: Path,
    manifest: Manifest,
    existing: set[str],
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> tuple[int, int]:
    """Re-read everything ``manifest`` lists from the drive. A blob that was already on the
    drive and reads back wrong is written afresh from the archive's copy (same name, same bytes)
    and the re-read repeated; anything written by this run that reads back wrong fails the
    backup. Returns the bytes and number of blobs rewritten."""
    repaired = count = 0
    while True:
        try:
            check_files(drive, partial, manifest, progress=progress, cancelled=cancelled)
            return repaired, count
        except BackupCorrupt as exc:
            label = str(exc.fields.get("file", ""))
            prefix = label[len("blobs/") : len("blobs/") + 12] if label.startswith("blobs/") else ""
            bad = [n for n in existing if prefix and n.startswith(prefix)]
            if len(bad) != 1:
                raise
            existing.discard(bad[0])
            src = layout.blobs / bad[0][:2] / f"{bad[0]}.xjb"
            repaired += place_blob(drive, src, bad[0], cancelled=cancelled)[0]
            count += 1


def settle(
    layout: ArchiveLayout,
    drive: DriveLayout,
    partial: Path,
    draft: Manifest,
    work: BlobWork,
    listed: Listed,
    trusted: Trusted,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> tuple[int, int]:
    """The reused blobs' entries from the newest trusted manifest listing each; one no trusted
    manifest lists is hashed from the archive's copy and re-read from the drive, as if it had
    not been reused. Returns the bytes and number of blobs rewritten."""
    known = listed.entries(work.reused, trusted)
    work.entries.update(known)
    unknown: dict[str, FileEntry] = {}
    for name in (n for n in work.reused if n not in known):
        src = layout.blobs / name[:2] / f"{name}.xjb"
        unknown[name] = FileEntry(name, *hash_file(src, progress=progress,
                                                   cancelled=cancelled))  # fmt: skip
    if not unknown:
        return 0, 0
    work.entries.update(unknown)
    check = replace(draft, files=(), blobs=tuple(unknown.values()))
    return check_with_repair(layout, drive, partial, check, set(unknown), progress, cancelled)


__all__ = [
    "BlobWork",
    "Listed",
    "Trusted",
    "beside",
    "check_with_repair",
    "copy_blobs",
    "listed_blobs",
    "recheck_failed",
    "serialised",
    "settle",
    "trust",
]
