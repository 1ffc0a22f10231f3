"""Checking backups again after they were written (docs/design/backups.md):

- ``complete_pending``: a scheduled run's pending backup, at the next login, re-read byte by byte,
  opened and deep-checked with the data key, its manifest rewritten as verified under the
  archive seal, and its ``backup_made`` audit entry written.
- ``verify_backups``: the rotating re-verification (the least recently checked fifth, at least
  one), a single backup, or every backup on the drive. Pending backups met there are completed.

Failures are recorded in the history and never delete anything: the folder stays and lists as
"pending" or "damaged".
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

from xueji_desktop.core.errors import BackupBusy, NoBackup, OperationCancelled, XuejiError
from xueji_desktop.core.roles import Permission
from xueji_desktop.services.backup_catalog import (
    DAMAGED,
    PENDING,
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
    record,
    verified_manifest,
)
from xueji_desktop.services.backup_drives import drive_error, find_drives
from xueji_desktop.services.backup_snapshot import drive_lock, remove_partials
from xueji_desktop.services.backup_state import BackupState, HistoryEntry, load_state
from xueji_desktop.services.backup_verify import check_files, verify_backup
from xueji_desktop.services.context import ArchiveHandle, Session
from xueji_desktop.storage.backup_format import (
    Cancelled,
    DriveLayout,
    Manifest,
    Progress,
    write_manifest,
)
from xueji_desktop.storage.layout import now_utc


def _complete_one(
    h: ArchiveHandle,
    drive: DriveLayout,
    manifest: Manifest,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> Manifest:
    """Re-read, deep-check and re-seal one pending backup (caller holds the drive lock)."""
    folder = drive.backup_dir(manifest.backup_id)
    try:
        check_files(drive, folder, manifest, progress=progress, cancelled=cancelled)
        verified, key = verified_manifest(h, folder, manifest, cancelled)
        write_manifest(folder, verified, key)
    except OSError as exc:
        raise drive_error(exc, drive) from None
    return verified


def _info(h: ArchiveHandle, drive: DriveLayout, backup_id: str) -> BackupInfo:
    return backup_info(drive, backup_id, h.archive_id, audit_key=h.keys.audit_key,
                       device_secret=h.device_secret)[0]  # fmt: skip


def _after_completion(
    h: ArchiveHandle, user: str, drive_id: str, manifest: Manifest
) -> list[HistoryEntry]:
    audit_made(h, user, manifest, scheduled=True)
    return [entry("complete", drive_id, manifest.backup_id, "ok", "", user)]


def _remember(root: Path, entries: list[HistoryEntry], checked: list[str], seq: int) -> None:
    if not entries:
        return
    at = now_utc()

    def more(state: BackupState) -> None:
        for e in entries[1:]:
            state.add_history(e)
        for e in entries:
            if e.action in ("verify", "complete") and e.backup_id:
                state.check_outcome(e.backup_id, e.reason if e.outcome == "failed" else "")
            elif e.action == "prune":
                state.failed.pop(e.backup_id, None)
        for backup_id in checked:
            state.checked[backup_id] = at
        if seq and seq > (state.last_audit_seq or 0):
            state.last_audit_seq = seq

    record(root, entries[0], more)


def complete_pending(
    session: Session,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    drive: Path | None = None,
) -> list[BackupInfo]:
    """Complete every pending backup on the enrolled drives plugged in now, or only on ``drive``
    when given (a drive busy with another backup is left for next time). Returns the backups
    now verified. After a drive's pending backups all completed, that drive's retention prune
    runs."""
    session.require(Permission.BACKUP)
    h = session.archive
    root = h.layout.root
    done: list[BackupInfo] = []
    drives = [drive_for(h, drive)] if drive is not None else find_drives(root)
    for drive_at, identity in drives:
        if not identity.tag_holds(h.keys.audit_key):
            continue
        entries: list[HistoryEntry] = []
        checked: list[str] = []
        seq = 0
        try:
            with drive_lock(drive_at):
                remove_partials(drive_at)
                pairs = list_drive(drive_at, h.archive_id, audit_key=h.keys.audit_key,
                                   device_secret=h.device_secret)  # fmt: skip
                pending = [m for info, m in reversed(pairs) if info.state == PENDING and m]
                failed = False
                for manifest in pending:
                    try:
                        verified = _complete_one(h, drive_at, manifest, progress, cancelled)
                    except OperationCancelled:
                        raise
                    except XuejiError as exc:
                        failed = True
                        reason = error_reason(exc)
                        entries.append(entry("complete", identity.drive_id, manifest.backup_id,
                                             "failed", reason, session.username))  # fmt: skip
                        continue
                    entries += _after_completion(h, session.username, identity.drive_id, verified)
                    checked.append(verified.backup_id)
                    seq = max(seq, verified.audit_head[0] if verified.audit_head else 0)
                    done.append(_info(h, drive_at, verified.backup_id))
                if checked and not failed:
                    failed_checks = {  # those just completed passed their check now
                        k: v for k, v in load_state(root).failed.items() if k not in checked
                    }
                    pruned = prune(drive_at, h.archive_id, audit_key=h.keys.audit_key,
                                   failed=failed_checks)  # fmt: skip
                    for name in pruned:
                        entries.append(entry("prune", identity.drive_id, name, "ok", "",
                                             session.username))  # fmt: skip
        except BackupBusy:
            continue
        finally:
            _remember(root, entries, checked, seq)
    return done


def _targets(
    root: Path,
    pairs: list[tuple[BackupInfo, Manifest | None]],
    backup_id: str | None,
    subset: float | None,
) -> list[tuple[BackupInfo, Manifest | None]]:
    if backup_id is not None:
        chosen = [p for p in pairs if p[0].backup_id == backup_id]
        if not chosen:
            raise NoBackup(reason="not_found", name=backup_id)
        return chosen
    if subset is None or not pairs:
        return pairs
    checked = load_state(root).checked
    # Never-checked first, then the least recently checked; ties by name (oldest first).
    order = sorted(pairs, key=lambda p: (checked.get(p[0].backup_id, ""), p[0].backup_id))
    count = max(1, math.ceil(len(pairs) * min(max(subset, 0.0), 1.0)))
    return order[:count]


def verify_backups(
    session: Session,
    drive: Path | None = None,
    backup_id: str | None = None,
    *,
    subset: float | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> list[tuple[BackupInfo, str]]:
    """Check backups on the drive again, deep checks included: one (``backup_id``), the least
    recently checked ``subset`` (0.2: a fifth, at least one), or all. Returns (info, problem)
    per backup checked; problem is "" when it passed, else "code:reason" (the info then says
    "damaged"). A pending backup is completed on the way."""
    session.require(Permission.BACKUP)
    h = session.archive
    root = h.layout.root
    layout, identity = drive_for(h, drive)
    results: list[tuple[BackupInfo, str]] = []
    entries: list[HistoryEntry] = []
    checked: list[str] = []
    seq = 0
    try:
        with drive_lock(layout):
            remove_partials(layout)
            pairs = list_drive(layout, h.archive_id, audit_key=h.keys.audit_key,
                               device_secret=h.device_secret)  # fmt: skip
            for info, manifest in _targets(root, pairs, backup_id, subset):
                action, problem = "verify", ""
                try:
                    if info.state == PENDING and manifest is not None:
                        action = "complete"
                        verified = _complete_one(h, layout, manifest, progress, cancelled)
                        audit_made(h, session.username, verified, scheduled=True)
                        seq = max(seq, verified.audit_head[0] if verified.audit_head else 0)
                        info = _info(h, layout, info.backup_id)
                    else:
                        try:
                            verify_backup(layout, info.backup_id, h.keys, h.archive_id,
                                          progress=progress, cancelled=cancelled)  # fmt: skip
                        except OSError as exc:
                            raise drive_error(exc, layout) from None
                except OperationCancelled:
                    raise
                except XuejiError as exc:
                    problem = error_reason(exc)
                    info = replace(info, state=DAMAGED, verified=False)
                outcome = "failed" if problem else "ok"
                entries.append(entry(action, identity.drive_id, info.backup_id, outcome, problem,
                                     session.username))  # fmt: skip
                checked.append(info.backup_id)
                results.append((info, problem))
    finally:
        _remember(root, entries, checked, seq)
    return results


__all__ = ["complete_pending", "verify_backups"]
