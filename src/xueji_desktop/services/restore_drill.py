"""The restore drill: prove that the newest verified backup would restore, without restoring it.

The backup is checked completely (``verify_backup``, deep), its encrypted files are copied into a
temporary folder ``<archive root>/.drill-<random>`` (the same disk as the archive, so a drive's
read errors show; only encrypted bytes ever land there), the copy is opened writable (SQLite
replays its WAL, as a real restore does), checked (integrity, audit chain, content hash against
the manifest) and every blob decrypted and authenticated with the blob key. The folder is then
removed; a stale one from a killed drill goes at the next drill. The outcome is audited
(``backup_drill``) and kept in the backup history; a failed drill is reported, not raised.
"""

from __future__ import annotations

import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from xueji_desktop.core.errors import ArchiveDamaged, BackupCorrupt
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit
from xueji_desktop.services.backup import newest_verified
from xueji_desktop.services.backup_recheck import complete_pending
from xueji_desktop.services.backup_state import BackupState, update_state
from xueji_desktop.services.backup_verify import compare_facts, inspect_copy, verify_backup
from xueji_desktop.services.context import Session
from xueji_desktop.services.restore_open import (
    blob_label,
    copy_backup,
    drive_lock,
    history_entry,
)
from xueji_desktop.services.retention_blobs import absent_blobs
from xueji_desktop.storage.backup_format import DB_NAME, Cancelled, Manifest, Progress
from xueji_desktop.storage.blobs import BlobStore
from xueji_desktop.storage.connection import DatabaseError, open_connection
from xueji_desktop.storage.files import ensure_private_dir
from xueji_desktop.storage.keyslots import KeyBundle
from xueji_desktop.storage.layout import now_utc

DRILL_PREFIX = ".drill-"


@dataclass(frozen=True)
class DrillResult:
    backup_id: str
    created_at: str
    ok: bool
    problem: str  # "" when ok, else the error's code:reason (e.g. "backup_corrupt:hash")
    content_hash: str | None  # of the restored copy, when it got that far
    students: int | None


def drill(
    session: Session,
    drive: Path | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> DrillResult:
    """Restore the newest verified backup into a temporary folder and check it (see above).
    The drive's pending backups are completed first (a scheduled run's backup is the newest).
    Raises NoBackup / DriveUnavailable / DriveNotEnrolled / BackupBusy / OperationCancelled;
    a backup that fails is a result with ``ok`` False (and counts as damaged from then on)."""
    session.require(Permission.BACKUP)
    h = session.archive
    complete_pending(session, progress=progress, cancelled=cancelled, drive=drive)
    drive_at, info = newest_verified(session, drive)
    root = h.layout.root
    _remove_stale(root)
    work = root / f"{DRILL_PREFIX}{secrets.token_hex(6)}"
    problem = ""
    digest: str | None = None
    students: int | None = None
    try:
        with drive_lock(drive_at):
            manifest = verify_backup(
                drive_at, info.backup_id, h.keys, h.archive_id, deep=True,
                progress=progress, cancelled=cancelled,
            )  # fmt: skip
            ensure_private_dir(work)
            copy_backup(drive_at, manifest, work, progress=progress, cancelled=cancelled)
        digest, students = _check_copy(work, manifest, h.keys, h.archive_id)
    except BackupCorrupt as exc:
        reason = exc.fields.get("reason")
        problem = f"{exc.code}:{reason}" if reason else exc.code
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ok = not problem
    with h.db.atomic():
        audit.record(
            h,
            session.username,
            "backup_drill",
            target_type="backup",
            target_id=info.backup_id,
            details={
                "created_at": info.time,
                "ok": ok,
                "problem": problem,
                "content_hash": digest,
            },
        )

    def change(state: BackupState) -> None:
        state.add_history(
            history_entry("drill", info.drive_id, info.backup_id, session.username, problem)
        )
        state.check_outcome(info.backup_id, problem)
        if ok:
            state.last_drill_at = now_utc()

    update_state(root, change)
    return DrillResult(info.backup_id, info.time, ok, problem, digest, students)


def _remove_stale(root: Path) -> None:
    for entry in list(root.iterdir()):
        if entry.name.startswith(DRILL_PREFIX) and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)


def _check_copy(
    work: Path, manifest: Manifest, keys: KeyBundle, archive_id: str
) -> tuple[str, int | None]:
    """Open the copy as a restore would, check it against the manifest, read every blob."""
    db = work / DB_NAME
    try:
        conn = open_connection(db, keys.data_key)  # writable: the WAL is replayed into it
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            referenced = {str(r[0]) for r in conn.execute("SELECT name FROM blobs")}
            # Destroyed under the retention rules (schema 6; an older backup has none): absent
            # from that backup on purpose. An older backup still lists them and is read whole.
            referenced -= absent_blobs(conn)
        finally:
            conn.close()
    except (DatabaseError, ArchiveDamaged):
        raise BackupCorrupt(reason="integrity", file=DB_NAME) from None
    facts = inspect_copy(db, keys, archive_id)
    compare_facts(manifest, facts)
    listed = {b.path for b in manifest.blobs}
    missing = referenced - listed
    if missing:
        raise BackupCorrupt(reason="file_missing", file=blob_label(min(missing)))
    store = BlobStore(work / "blobs", keys.blob_key)
    for name in sorted(listed):
        try:
            store.get(name)  # decrypted and authenticated, its name checked against the content
        except ArchiveDamaged:
            raise BackupCorrupt(reason="integrity", file=blob_label(name)) from None
    return facts.content_hash, facts.tables.get("students")
