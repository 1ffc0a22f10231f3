"""Pieces shared by the backup use cases (services/backup.py, services/backup_recheck.py): the
history entries, choosing the drive for a logged-in user, the archive seal and the audit entry."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from xueji_desktop.core.errors import DriveUnavailable, OperationCancelled, XuejiError
from xueji_desktop.services import audit
from xueji_desktop.services.backup_drives import drive_error, find_drives, open_drive
from xueji_desktop.services.backup_state import (
    BackupState,
    HistoryEntry,
    load_state,
    update_state,
)
from xueji_desktop.services.backup_verify import inspect_copy
from xueji_desktop.services.context import ArchiveHandle
from xueji_desktop.storage.backup_format import (
    DB_NAME,
    SEAL_ARCHIVE,
    STATE_VERIFIED,
    DriveIdentity,
    DriveLayout,
    Manifest,
    seal_key,
)
from xueji_desktop.storage.layout import now_utc


def error_reason(exc: BaseException) -> str:
    """The history's words for a failure: "code:reason" or "code". A stop asked for by the user
    (Ctrl+C included) is "operation_cancelled"; anything else unforeseen is "unexpected" (the
    history is read by people: never a Python class name)."""
    if isinstance(exc, (KeyboardInterrupt, OperationCancelled)):
        return OperationCancelled.code
    if isinstance(exc, XuejiError):
        reason = exc.fields.get("reason")
        return f"{exc.code}:{reason}" if reason else exc.code
    if isinstance(exc, OSError):
        return error_reason(drive_error(exc))
    return "unexpected"


def no_drive(root: Path) -> DriveUnavailable:
    """The refusal when no usable drive was found: none enrolled at all, or none plugged in."""
    if not load_state(root).drives:
        return DriveUnavailable(reason="none_enrolled")
    return DriveUnavailable(reason="none_plugged")


def record(
    root: Path, entry: HistoryEntry, more: Callable[[BackupState], None] | None = None
) -> None:
    """Add a history entry (and ``more`` changes) to backup-state.json; never fails the caller."""

    def change(state: BackupState) -> None:
        state.add_history(entry)
        if more is not None:
            more(state)

    with contextlib.suppress(XuejiError, OSError):
        update_state(root, change)


def entry(
    action: str, drive_id: str, backup_id: str, outcome: str, reason: str, by: str
) -> HistoryEntry:
    return HistoryEntry(now_utc(), action, drive_id, backup_id, outcome, reason, by)


def moment(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def drive_for(h: ArchiveHandle, drive: Path | None) -> tuple[DriveLayout, DriveIdentity]:
    """The drive a logged-in user asked for (its tag checked), or the first enrolled one plugged
    in. Raises DriveUnavailable / DriveNotEnrolled."""
    if drive is not None:
        return open_drive(h.layout.root, drive, audit_key=h.keys.audit_key)
    for layout, identity in find_drives(h.layout.root):
        if identity.tag_holds(h.keys.audit_key):
            return layout, identity
    raise no_drive(h.layout.root)


def archive_seal(h: ArchiveHandle) -> bytes:
    return seal_key(SEAL_ARCHIVE, h.archive_id, audit_key=h.keys.audit_key, device_secret=None)


def verified_manifest(
    h: ArchiveHandle, folder: Path, draft: Manifest, cancelled: Callable[[], bool] | None = None
) -> tuple[Manifest, bytes]:
    """The deep checks of a copy, and its manifest as verified under the archive seal."""
    facts = inspect_copy(folder / DB_NAME, h.keys, h.archive_id, cancelled=cancelled)
    manifest = replace(
        draft, state=STATE_VERIFIED, seal=SEAL_ARCHIVE, schema_version=facts.schema_version,
        tables=facts.tables, content_hash=facts.content_hash, audit_head=facts.audit_head,
        verified_at=now_utc(),
    )  # fmt: skip
    return manifest, archive_seal(h)


def audit_made(h: ArchiveHandle, actor: str, manifest: Manifest, *, scheduled: bool) -> None:
    """The ``backup_made`` entry (ids and counts only, never a name)."""
    details: dict[str, object] = {
        "backup_id": manifest.backup_id,
        "drive_id": manifest.drive_id,
        "content_hash": manifest.content_hash,
        "students": (manifest.tables or {}).get("students"),
    }
    if scheduled:
        details["scheduled"] = True
    with h.db.atomic():
        audit.record(h, actor, "backup_made", target_type="backup", target_id=manifest.backup_id,
                     details=details)  # fmt: skip
