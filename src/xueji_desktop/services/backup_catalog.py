"""What a drive holds: its backups as ``BackupInfo`` (verified, pending or damaged), and the
retention prune (docs/design/backup-retention.md).

A backup folder is "verified" when its manifest parses, names this archive and carries the
archive seal that holds with state verified; "pending" when it carries a scheduled run's seal
that holds (the workstation seal is taken on trust when this machine cannot check it: a pending
backup is trusted for nothing until a login re-reads it); "damaged" otherwise.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from xueji_desktop.core.errors import BackupCorrupt
from xueji_desktop.core.retention import Backup, Policy, kept
from xueji_desktop.storage.backup_format import (
    PARTIAL_PREFIX,
    SEAL_ARCHIVE,
    SEAL_OPEN,
    SEAL_WORKSTATION,
    STATE_PENDING,
    DriveLayout,
    Manifest,
    read_manifest,
    seal_holds,
    seal_key,
)
from xueji_desktop.storage.files import fsync_dir

VERIFIED = "verified"
PENDING = "pending"
DAMAGED = "damaged"
_BLOB_FILE = re.compile(r"^([0-9a-f]{64})\.xjb$")


@dataclass(frozen=True)
class BackupInfo:
    backup_id: str
    path: Path
    time: str  # created_at, UTC ISO-8601 with Z
    state: str  # "verified" | "pending" | "damaged"
    verified: bool
    content_hash: str | None
    students: int | None  # tables["students"], once verified
    size: int  # bytes of its files and blobs
    made_by: str
    drive_id: str


def _time_of(backup_id: str) -> str:
    moment = datetime.strptime(backup_id[:16], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _folder_size(folder: Path) -> int:
    total = 0
    with contextlib.suppress(OSError):
        for p in folder.iterdir():
            with contextlib.suppress(OSError):
                total += p.stat().st_size
    return total


def seal_state(
    manifest: Manifest,
    mac: str,
    archive_id: str,
    *,
    audit_key: bytes | None,
    device_secret: bytes | None,
) -> str:
    """VERIFIED, PENDING or DAMAGED for a parsed manifest of this drive."""
    if manifest.archive_id != archive_id:
        return DAMAGED
    if manifest.seal == SEAL_ARCHIVE:
        if audit_key is None:
            return PENDING if manifest.state == STATE_PENDING else VERIFIED  # cannot tell
        key = seal_key(SEAL_ARCHIVE, archive_id, audit_key=audit_key, device_secret=None)
        if not seal_holds(manifest, mac, key):
            return DAMAGED
        return VERIFIED if manifest.verified else PENDING
    if manifest.state != STATE_PENDING:
        return DAMAGED  # only the archive seal can say "verified"
    if manifest.seal == SEAL_WORKSTATION and device_secret is None:
        return PENDING  # this machine cannot check it; completion re-reads every byte anyway
    if manifest.seal not in (SEAL_WORKSTATION, SEAL_OPEN):
        return DAMAGED
    key = seal_key(manifest.seal, archive_id, audit_key=None, device_secret=device_secret)
    return PENDING if seal_holds(manifest, mac, key) else DAMAGED


def backup_info(
    drive: DriveLayout,
    backup_id: str,
    archive_id: str,
    *,
    audit_key: bytes | None,
    device_secret: bytes | None,
    failed: Mapping[str, str] | None = None,
) -> tuple[BackupInfo, Manifest | None]:
    """One backup folder as listed, with its manifest when it parses. A backup in ``failed``
    (backup-state's latest failed checks) lists as "damaged": its latest check did not pass."""
    folder = drive.backup_dir(backup_id)
    try:
        manifest, mac = read_manifest(folder)
    except BackupCorrupt:
        manifest = None
    if manifest is None or manifest.backup_id != backup_id:
        info = BackupInfo(backup_id, folder, _time_of(backup_id), DAMAGED, False, None, None,
                          _folder_size(folder), "", "")  # fmt: skip
        return info, manifest
    state = seal_state(manifest, mac, archive_id, audit_key=audit_key, device_secret=device_secret)
    if failed and backup_id in failed:
        state = DAMAGED
    ok = state == VERIFIED
    info = BackupInfo(
        backup_id=backup_id,
        path=folder,
        time=manifest.created_at,
        state=state,
        verified=ok,
        content_hash=manifest.content_hash if ok else None,
        students=(manifest.tables or {}).get("students") if ok else None,
        size=manifest.total_size,
        made_by=manifest.made_by,
        drive_id=manifest.drive_id,
    )
    return info, manifest


def list_drive(
    drive: DriveLayout,
    archive_id: str,
    *,
    audit_key: bytes | None,
    device_secret: bytes | None,
    failed: Mapping[str, str] | None = None,
) -> list[tuple[BackupInfo, Manifest | None]]:
    """Every backup folder with a final name, newest first (``failed``: see backup_info)."""
    out = [
        backup_info(
            drive, b, archive_id, audit_key=audit_key, device_secret=device_secret, failed=failed
        )
        for b in drive.backup_ids()
    ]
    out.sort(key=lambda pair: (pair[0].time, pair[0].backup_id), reverse=True)
    return out


def _taken(created_at: str) -> datetime:
    moment = datetime.strptime(created_at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    return moment.astimezone().replace(tzinfo=None)  # the school's local calendar


def prune(
    drive: DriveLayout,
    archive_id: str,
    *,
    audit_key: bytes,
    policy: Policy | None = None,
    failed: Mapping[str, str] | None = None,
) -> list[str]:
    """Delete the verified backups the retention policy does not keep, then the blobs no
    remaining manifest lists (caller holds the drive lock, and calls this only after a
    successful verified backup). A backup in ``failed`` (its latest check failed) counts as
    damaged: it holds no place in the policy and is not deleted. Returns the deleted ids."""
    listed = list_drive(drive, archive_id, audit_key=audit_key, device_secret=None, failed=failed)
    candidates: list[Backup] = []
    for info, manifest in listed:
        if manifest is None:
            continue
        try:
            taken = _taken(manifest.created_at)
        except ValueError:
            continue  # a time that does not parse never counts and is never deleted
        candidates.append(Backup(info.backup_id, taken, verified=info.state == VERIFIED))
    keep = kept(candidates, policy or Policy())
    deleted: list[str] = []
    for backup in candidates:
        if backup.verified and backup.name not in keep:
            # Renamed to a partial name first: a kill during the deletion leaves a folder that
            # is never listed and that the next run removes.
            doomed = drive.backups / f"{PARTIAL_PREFIX}pruned-{backup.name}"
            os.rename(drive.backup_dir(backup.name), doomed)
            deleted.append(backup.name)
    if deleted:
        fsync_dir(drive.backups)
        for name in deleted:
            shutil.rmtree(drive.backups / f"{PARTIAL_PREFIX}pruned-{name}", ignore_errors=True)
    prune_blobs(drive)  # also blobs left by backups deleted earlier (a kill mid-prune)
    return deleted


def prune_blobs(drive: DriveLayout) -> int:
    """Delete the blobs that no remaining manifest (of any state) lists. Returns how many."""
    wanted: set[str] = set()
    for backup_id in drive.backup_ids():
        try:
            manifest, _mac = read_manifest(drive.backup_dir(backup_id))
        except BackupCorrupt:
            continue
        wanted.update(b.path for b in manifest.blobs)
    removed = 0
    try:
        folders = [p for p in drive.blobs.iterdir() if p.is_dir()]
    except OSError:
        return 0
    for folder in folders:
        for path in folder.iterdir():
            match = _BLOB_FILE.match(path.name)
            if match and match.group(1) not in wanted:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                    removed += 1
    return removed


__all__ = [
    "DAMAGED",
    "PENDING",
    "VERIFIED",
    "BackupInfo",
    "backup_info",
    "list_drive",
    "prune",
    "prune_blobs",
    "seal_state",
]
