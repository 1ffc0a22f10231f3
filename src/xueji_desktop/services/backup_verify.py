"""Checking a backup on the drive: every byte against the manifest, then the copy itself.

Two levels, used by the backup writer (after writing), the completion of scheduled backups, the
rotating re-verification, the restore drill and the restore (docs/design/backups.md):

- ``check_files``: every file and blob of the manifest re-read from the drive (cached pages
  dropped first) and compared by size and SHA-256. Catches a flipped bit, a cut or a grown file.
- ``inspect_copy``: the database copy opened read-only with the data key: ``cipher_integrity_check``
  (every page's HMAC), ``integrity_check``, ``foreign_key_check``, row counts, the canonical content
  hash and the audit chain.

``verify_backup`` does both for a sealed backup and compares the facts with its manifest: only a
backup that passes it is ever offered for a restore.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from xueji_desktop.core.audit_chain import verify_chain
from xueji_desktop.core.errors import ArchiveDamaged, BackupCorrupt, OperationCancelled
from xueji_desktop.services.audit import iter_entries
from xueji_desktop.storage.backup_format import (
    DB_NAME,
    SEAL_ARCHIVE,
    WAL_NAME,
    Cancelled,
    DriveLayout,
    Manifest,
    Progress,
    hash_file,
    read_manifest,
    seal_holds,
    seal_key,
)
from xueji_desktop.storage.connection import DatabaseError, open_connection
from xueji_desktop.storage.content_hash import content_hash, table_counts
from xueji_desktop.storage.keyslots import KeyBundle

PAGE_SIZE = 4096
PROGRESS_STEPS = 1_000  # SQLite virtual-machine steps between two looks at ``cancelled``


@dataclass(frozen=True)
class CopyFacts:
    """What a database copy holds, as its manifest records it once verified."""

    schema_version: int
    tables: dict[str, int]
    content_hash: str
    audit_head: tuple[int, str] | None


def check_files(
    drive: DriveLayout,
    backup_dir: Path,
    manifest: Manifest,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> None:
    """Re-read every file of ``manifest`` from the drive. Raises BackupCorrupt(file_missing |
    size | hash, file=…) at the first that differs; OperationCancelled when asked."""
    targets = [(backup_dir / f.path, f.path, f) for f in manifest.files]
    targets += [(drive.blob_path(b.path), f"blobs/{b.path[:12]}…", b) for b in manifest.blobs]
    for path, label, entry in targets:
        try:
            if path.stat().st_size != entry.size:
                raise BackupCorrupt(reason="size", file=label)
            size, digest = hash_file(path, progress=progress, cancelled=cancelled)
        except FileNotFoundError:
            raise BackupCorrupt(reason="file_missing", file=label) from None
        except OSError:
            raise BackupCorrupt(reason="file_missing", file=label) from None
        if size != entry.size:
            raise BackupCorrupt(reason="size", file=label)
        if digest != entry.sha256:
            raise BackupCorrupt(reason="hash", file=label)


def inspect_copy(
    db_path: Path, keys: KeyBundle, archive_id: str, *, cancelled: Cancelled | None = None
) -> CopyFacts:
    """Open a database copy read-only and run the deep checks. Raises BackupCorrupt(integrity |
    audit_chain). A WAL beside the copy is read too; the shared-memory file SQLite makes for
    it is removed again afterwards. ``cancelled`` is polled by SQLite itself (a progress
    handler), so a stop is seen within milliseconds even inside a long check: OperationCancelled."""
    wal = db_path.with_name(db_path.name + "-wal")
    shm = db_path.with_name(db_path.name + "-shm")
    had_shm = shm.exists()
    size = db_path.stat().st_size if db_path.exists() else 0
    if size == 0 or size % PAGE_SIZE:
        # A cut database passes cipher_integrity_check: the size is checked on its own.
        raise BackupCorrupt(reason="integrity", file=DB_NAME)
    try:
        conn = open_connection(db_path, keys.data_key, readonly=True, immutable=not wal.exists())
    except ArchiveDamaged:
        raise BackupCorrupt(reason="integrity", file=DB_NAME) from None
    if cancelled is not None:
        conn.set_progress_handler(lambda: 1 if cancelled() else 0, PROGRESS_STEPS)
    try:
        for pragma in ("cipher_integrity_check", "integrity_check", "foreign_key_check"):
            rows = [tuple(r) for r in conn.execute(f"PRAGMA {pragma}").fetchall()]
            bad = [r for r in rows if r != ("ok",)]
            if bad:
                raise BackupCorrupt(reason="integrity", file=DB_NAME)
        schema = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = table_counts(conn)
        digest = content_hash(conn)
        chain = verify_chain(iter_entries(conn), keys.audit_key, archive_id, None)
    except DatabaseError:
        if cancelled is not None and cancelled():
            raise OperationCancelled() from None  # SQLite was interrupted, nothing is wrong
        raise BackupCorrupt(reason="integrity", file=DB_NAME) from None
    finally:
        conn.close()
        if not had_shm:
            with contextlib.suppress(OSError):
                shm.unlink()
    if not chain.ok:
        raise BackupCorrupt(reason="audit_chain", file=DB_NAME)
    head = (chain.head_seq, chain.head_mac.hex()) if chain.entries else None
    return CopyFacts(schema, tables, digest, head)


def verify_backup(
    drive: DriveLayout,
    backup_id: str,
    keys: KeyBundle,
    archive_id: str,
    *,
    deep: bool = True,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Manifest:
    """Everything a restore relies on, checked before anything is touched: the manifest's seal
    (archive key), its archive, its state, every byte, and (``deep``) the copy's own checks and
    facts against the manifest. Returns the manifest; raises BackupCorrupt."""
    backup_dir = drive.backup_dir(backup_id)
    manifest, mac = read_manifest(backup_dir)
    if manifest.archive_id != archive_id:
        raise BackupCorrupt(reason="wrong_archive", file="manifest.json")
    if manifest.seal != SEAL_ARCHIVE:
        raise BackupCorrupt(reason="not_verified", file="manifest.json")
    key = seal_key(SEAL_ARCHIVE, archive_id, audit_key=keys.audit_key, device_secret=None)
    if not seal_holds(manifest, mac, key):
        raise BackupCorrupt(reason="manifest_seal", file="manifest.json")
    if not manifest.verified or manifest.backup_id != backup_id:
        raise BackupCorrupt(reason="not_verified", file="manifest.json")
    check_files(drive, backup_dir, manifest, progress=progress, cancelled=cancelled)
    if deep:
        facts = inspect_copy(backup_dir / DB_NAME, keys, archive_id, cancelled=cancelled)
        compare_facts(manifest, facts)
    return manifest


def compare_facts(manifest: Manifest, facts: CopyFacts) -> None:
    if manifest.content_hash != facts.content_hash or manifest.tables != facts.tables:
        raise BackupCorrupt(reason="content_hash", file=DB_NAME)
    if manifest.schema_version != facts.schema_version or manifest.audit_head != facts.audit_head:
        raise BackupCorrupt(reason="content_hash", file=DB_NAME)


__all__ = [
    "WAL_NAME",
    "CopyFacts",
    "check_files",
    "compare_facts",
    "inspect_copy",
    "verify_backup",
]
