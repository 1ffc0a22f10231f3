"""Backups to the enrolled drive: making, completing, listing, checking (docs/design/backups.md).

- ``make_backup`` (logged in): the snapshot, the re-read, the deep checks of the copy, the
  manifest under the archive seal, the audit entry, then the retention prune.
- ``scheduled_backup`` (no password, no key): the same snapshot and re-read, a *pending*
  manifest under the workstation seal (or the open seal when the archive has no keyring).
- ``complete_pending`` (the next login): every byte of a pending backup re-read, the copy opened
  and checked, the manifest rewritten as verified under the archive seal.
- ``verify_backups``: the rotating re-verification (the least recently checked fifth).

Every outcome, failures included, goes into ``backup-state.json``'s history with its error code.
The work itself: backup_snapshot.py (writing one backup), backup_catalog.py (listing, prune),
backup_recheck.py (completion, re-verification; re-exported here), backup_common.py.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from xueji_desktop.core.errors import NoBackup
from xueji_desktop.core.roles import Permission
from xueji_desktop.services.auth import DEVICE_ITEM
from xueji_desktop.services.backup_catalog import (
    DAMAGED,
    PENDING,
    VERIFIED,
    BackupInfo,
    backup_info,
    list_drive,
    prune,
)
from xueji_desktop.services.backup_common import (
    audit_made,
    drive_for,
    entry,
    error_reason,
    moment,
    no_drive,
    record,
    verified_manifest,
)
from xueji_desktop.services.backup_drives import SpaceReport, find_drives, open_drive
from xueji_desktop.services.backup_recheck import complete_pending, verify_backups
from xueji_desktop.services.backup_snapshot import drive_lock, write_backup
from xueji_desktop.services.backup_state import BackupState, load_state
from xueji_desktop.services.context import Session
from xueji_desktop.storage import keystore
from xueji_desktop.storage.backup_format import (
    SEAL_OPEN,
    SEAL_WORKSTATION,
    Cancelled,
    DriveLayout,
    Progress,
    seal_key,
)
from xueji_desktop.storage.layout import ArchiveLayout, now_utc, read_meta
from xueji_desktop.storage.lock import InterProcessLock

SCHEDULED_WRITER_TIMEOUT = 30.0  # seconds a scheduled run waits for the app's writes
DUE_AFTER = timedelta(hours=24)
DRILL_AFTER = timedelta(days=30)
# Audit actions that change no record: they do not make a backup necessary on exit.
QUIET_ACTIONS = (
    "login",
    "session_locked",
    "session_unlocked",
    "photo_read",
    "record_viewed",
    "archive_checked",
    "backup_time_set",
    "recovery_code_verified",
    "backup_made",
    "backup_drill",
    "backup_drive_enrolled",
    "backup_drive_forgotten",
    "file_located",
    "room_paper_printed",
)
clock: Callable[[], float] = time.time  # scheduled runs' clock (tests move it)


@dataclass(frozen=True)
class BackupResult:
    info: BackupInfo
    drive_root: Path
    space: SpaceReport
    pruned: list[str]
    copied_blobs: int
    bytes_written: int


@dataclass(frozen=True)
class BackupStatus:
    last_good_at: str | None
    last_good_drive: str  # its label
    last_outcome: str  # of the newest backup attempt: "ok" | "pending" | "failed" | ""
    last_reason: str
    due: bool  # no good backup in the last 24 hours
    drill_due: bool  # backups exist but no restore drill for 30 days


def make_backup(
    session: Session,
    drive: Path | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    total: Callable[[int], None] | None = None,
) -> BackupResult:
    """A verified backup onto ``drive`` (None: the first enrolled drive plugged in), then the
    retention prune of that drive. Raises DriveUnavailable, DriveNotEnrolled, DriveFull,
    BackupBusy, BackupCorrupt, ArchiveBusy or OperationCancelled (recorded in the history)."""
    session.require(Permission.BACKUP)
    h = session.archive
    root = h.layout.root
    drive_id = ""
    try:
        layout, identity = drive_for(session.archive, drive)
        drive_id = identity.drive_id
        with drive_lock(layout):

            def checkpoint() -> None:
                h.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

            written = write_backup(
                h.layout, layout, identity, when=moment(h.clock()), made_by=session.username,
                writer=h.db.writer_lock, checkpoint=checkpoint,
                finalize=lambda folder, draft: verified_manifest(h, folder, draft, cancelled),
                progress=progress, cancelled=cancelled, total=total,
            )  # fmt: skip
            manifest = written.manifest
            try:
                failed = load_state(root).failed
                pruned = prune(layout, h.archive_id, audit_key=h.keys.audit_key, failed=failed)
            except OSError:
                pruned = []  # the backup itself is whole; the next one prunes again
    except BaseException as exc:
        record(root, entry("backup", drive_id, "", "failed", error_reason(exc), session.username))
        raise
    audit_made(h, session.username, manifest, scheduled=False)
    seq = manifest.audit_head[0] if manifest.audit_head else 0

    def more(state: BackupState) -> None:
        state.last_good[identity.drive_id] = manifest.backup_id
        state.checked[manifest.backup_id] = now_utc()
        state.last_audit_seq = seq
        for name in pruned:
            state.checked.pop(name, None)
            state.failed.pop(name, None)
            state.add_history(entry("prune", identity.drive_id, name, "ok", "", session.username))

    record(root, entry("backup", identity.drive_id, manifest.backup_id, "ok", "",
                         session.username), more)  # fmt: skip
    info, _m = backup_info(layout, manifest.backup_id, h.archive_id,
                           audit_key=h.keys.audit_key, device_secret=None)  # fmt: skip
    return BackupResult(info, layout.root, written.space, pruned, written.copied_blobs,
                        written.bytes_written)  # fmt: skip


def _device_secret(layout: ArchiveLayout) -> bytes | None:
    meta = read_meta(layout)
    if not meta.bound:
        return None
    try:
        secret = keystore.get_secret(meta.archive_id, DEVICE_ITEM)
    except keystore.KeystoreUnavailable:
        return None
    return secret if secret is not None and len(secret) == 32 else None


def scheduled_backup(
    root: Path, drive: Path | None = None, *, progress: Progress | None = None
) -> BackupResult:
    """A pending backup without anyone's password (``xueji backup`` from the task scheduler):
    copied and hash-verified, sealed with the workstation's keyring secret (or the open seal),
    completed by the next login. Recorded in the history; no audit entry (no key)."""
    layout = ArchiveLayout(root)
    meta = read_meta(layout)
    drive_id = ""
    try:
        if drive is not None:
            target, identity = open_drive(root, drive)
        else:
            found = find_drives(root)
            if not found:
                raise no_drive(root)
            target, identity = found[0]
        drive_id = identity.drive_id
        secret = _device_secret(layout)
        kind = SEAL_WORKSTATION if secret is not None else SEAL_OPEN
        key = seal_key(kind, meta.archive_id, audit_key=None, device_secret=secret)
        lock = InterProcessLock(layout.writer_lock, timeout=SCHEDULED_WRITER_TIMEOUT)

        @contextlib.contextmanager
        def writer() -> Iterator[None]:
            lock.acquire()
            try:
                yield
            finally:
                lock.release()

        with drive_lock(target):
            written = write_backup(
                layout, target, identity, when=moment(clock()), made_by="", writer=writer,
                checkpoint=None, finalize=lambda _f, draft: (replace(draft, seal=kind), key),
                progress=progress,
            )  # fmt: skip
    except BaseException as exc:
        record(root, entry("backup", drive_id, "", "failed", error_reason(exc), ""))
        raise
    manifest = written.manifest

    def more(state: BackupState) -> None:
        state.last_good[identity.drive_id] = manifest.backup_id

    record(root, entry("backup", drive_id, manifest.backup_id, "pending", "", ""), more)
    info, _m = backup_info(target, manifest.backup_id, meta.archive_id, audit_key=None,
                           device_secret=secret)  # fmt: skip
    return BackupResult(info, target.root, written.space, [], written.copied_blobs,
                        written.bytes_written)  # fmt: skip


# -- reading -----------------------------------------------------------------------------------


def list_backups(session: Session, drive: Path | None = None) -> list[BackupInfo]:
    """The backups on ``drive`` (None: the first enrolled drive plugged in), newest first:
    final names only (a partial backup is never listed); a folder whose manifest is missing,
    unreadable or whose seal fails is listed as "damaged"."""
    session.require(Permission.BACKUP)
    h = session.archive
    layout, _identity = drive_for(h, drive)
    failed = load_state(h.layout.root).failed
    pairs = list_drive(layout, h.archive_id, audit_key=h.keys.audit_key,
                       device_secret=h.device_secret, failed=failed)  # fmt: skip
    return [info for info, _m in pairs]


def newest_verified(session: Session, drive: Path | None = None) -> tuple[DriveLayout, BackupInfo]:
    """The newest verified backup on the drive whose latest check did not fail; NoBackup(none)
    when there is none."""
    session.require(Permission.BACKUP)
    h = session.archive
    layout, _identity = drive_for(h, drive)
    failed = load_state(h.layout.root).failed
    pairs = list_drive(layout, h.archive_id, audit_key=h.keys.audit_key, device_secret=None,
                       failed=failed)  # fmt: skip
    for info, _m in pairs:
        if info.state == VERIFIED:
            return layout, info
    raise NoBackup(reason="none")


def _parse_time(text: str) -> datetime | None:
    for fmt in ("%Y-%m-%dT%H:%M:%S.%fZ", "%Y-%m-%dT%H:%M:%SZ"):
        with contextlib.suppress(ValueError):
            return datetime.strptime(text, fmt).replace(tzinfo=UTC)
    return None


def backup_status(root: Path, *, now: datetime | None = None) -> BackupStatus:
    """For the status bar (no session: the file holds nothing personal)."""
    state = load_state(root)
    moment = now or datetime.now(UTC)
    attempts = [e for e in state.history if e.action == "backup"]
    # A backup whose latest check failed no longer counts as good.
    good = [
        e for e in attempts if e.outcome in ("ok", "pending") and e.backup_id not in state.failed
    ]
    last_good = good[-1] if good else None
    last = attempts[-1] if attempts else None
    good_at = _parse_time(last_good.at) if last_good else None
    drill_at = _parse_time(state.last_drill_at) if state.last_drill_at else None
    drive = state.drive(last_good.drive_id) if last_good else None
    return BackupStatus(
        last_good_at=last_good.at if last_good else None,
        last_good_drive=drive.label if drive else "",
        last_outcome=last.outcome if last else "",
        last_reason=last.reason if last else "",
        due=good_at is None or moment - good_at > DUE_AFTER,
        drill_due=good_at is not None and (drill_at is None or moment - drill_at > DRILL_AFTER),
    )


def changed_since_last_backup(session: Session) -> bool:
    """Whether records changed since the last good backup (audit entries after its head, other
    than logins, reads and backups themselves)."""
    session.require(Permission.READ_RECORDS)
    seq = load_state(session.archive.layout.root).last_audit_seq
    marks = ", ".join("?" for _ in QUIET_ACTIONS)
    row = session.archive.db.conn.execute(
        f"SELECT 1 FROM audit_log WHERE seq > ? AND action NOT IN ({marks}) LIMIT 1",  # noqa: S608
        (seq or 0, *QUIET_ACTIONS),
    ).fetchone()
    return row is not None


__all__ = [
    "DAMAGED",
    "PENDING",
    "VERIFIED",
    "BackupInfo",
    "BackupResult",
    "BackupStatus",
    "backup_status",
    "changed_since_last_backup",
    "complete_pending",
    "list_backups",
    "make_backup",
    "newest_verified",
    "scheduled_backup",
    "verify_backups",
]
