"""The archive's local backup state: ``<archive root>/backup-state.json`` (docs/design/backups.md).

Non-personal plaintext: the enrolled drives (ids, labels, last paths), the daily time, the
history of outcomes, when each backup was last checked, the backups whose latest check failed
(and why), the last good backup per drive, the audit head at the last good backup and the last
restore drill. Written with ``atomic_write``
(owner-only, write-then-rename) under the inter-process lock ``backup-state.lock``, so the GUI
and a scheduled ``xueji backup`` never lose each other's updates.

A missing or damaged file reads as the empty state: the file is a convenience (the drives carry
their own identities and manifests), never a reason for a backup to fail.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from xueji_desktop.storage.files import atomic_write
from xueji_desktop.storage.lock import InterProcessLock

STATE_NAME = "backup-state.json"
LOCK_NAME = "backup-state.lock"
STATE_FORMAT = "xueji-backup-state"
STATE_VERSION = 1
HISTORY_CAP = 500
LOCK_TIMEOUT = 10.0  # seconds; holders only read and write one small file
MAX_STATE_BYTES = 4 * 1024 * 1024

ACTIONS = ("backup", "complete", "verify", "drill", "restore", "prune")
OUTCOMES = ("ok", "pending", "failed")


@dataclass(frozen=True)
class EnrolledDrive:
    drive_id: str
    label: str
    enrolled_at: str
    last_path: str


@dataclass(frozen=True)
class HistoryEntry:
    at: str  # UTC ISO-8601 with Z
    action: str  # one of ACTIONS
    drive_id: str
    backup_id: str
    outcome: str  # one of OUTCOMES
    reason: str  # an error code[:reason]; "" when ok
    made_by: str  # the user, or "" for a scheduled run


@dataclass
class BackupState:
    drives: list[EnrolledDrive] = field(default_factory=list)
    daily_time: str = "12:30"
    history: list[HistoryEntry] = field(default_factory=list)  # newest last
    checked: dict[str, str] = field(default_factory=dict)  # backup_id -> last verified at
    # backup_id -> "code:reason" of its latest check (re-verify, completion, drill) when that
    # check failed; removed when a later check of it passes. Such a backup counts as damaged.
    failed: dict[str, str] = field(default_factory=dict)
    last_good: dict[str, str] = field(default_factory=dict)  # drive_id -> backup_id
    last_audit_seq: int | None = None  # audit head seq at the last good backup
    last_drill_at: str | None = None

    def drive(self, drive_id: str) -> EnrolledDrive | None:
        return next((d for d in self.drives if d.drive_id == drive_id), None)

    def check_outcome(self, backup_id: str, problem: str) -> None:
        """Remember the outcome of a check of ``backup_id``: "" passed, else its problem."""
        if problem:
            self.failed[backup_id] = problem
        else:
            self.failed.pop(backup_id, None)

    def add_history(self, entry: HistoryEntry) -> None:
        self.history.append(entry)
        del self.history[:-HISTORY_CAP]


def state_path(root: Path) -> Path:
    return root / STATE_NAME


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("not text")
    return value


def _parse(raw: bytes) -> BackupState:
    doc = json.loads(raw.decode("utf-8"))
    if not isinstance(doc, dict):
        raise ValueError("not an object")
    if doc.get("format") != STATE_FORMAT or doc.get("version") != STATE_VERSION:
        raise ValueError("format")
    drives = [
        EnrolledDrive(*(_text(d[k]) for k in ("drive_id", "label", "enrolled_at", "last_path")))
        for d in doc.get("drives", [])
    ]
    keys = ("at", "action", "drive_id", "backup_id", "outcome", "reason", "made_by")
    history = [HistoryEntry(*(_text(h[k]) for k in keys)) for h in doc.get("history", [])]
    checked = {_text(k): _text(v) for k, v in dict(doc.get("checked", {})).items()}
    last_good = {_text(k): _text(v) for k, v in dict(doc.get("last_good", {})).items()}
    failed = {_text(k): _text(v) for k, v in dict(doc.get("failed", {})).items()}
    seq = doc.get("last_audit_seq")
    if seq is not None and type(seq) is not int:
        raise ValueError("seq")
    drill = doc.get("last_drill_at")
    return BackupState(
        drives=drives,
        daily_time=_text(doc.get("daily_time", "12:30")),
        history=history[-HISTORY_CAP:],
        checked=checked,
        failed=failed,
        last_good=last_good,
        last_audit_seq=seq,
        last_drill_at=_text(drill) if drill is not None else None,
    )


def load_state(root: Path) -> BackupState:
    """The state; a missing or damaged file gives the empty state (never raises)."""
    try:
        raw = state_path(root).read_bytes()
        if len(raw) > MAX_STATE_BYTES:
            return BackupState()
        return _parse(raw)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        return BackupState()


def _to_bytes(state: BackupState) -> bytes:
    doc: dict[str, Any] = {
        "format": STATE_FORMAT,
        "version": STATE_VERSION,
        "drives": [asdict(d) for d in state.drives],
        "daily_time": state.daily_time,
        "history": [asdict(h) for h in state.history[-HISTORY_CAP:]],
        "checked": state.checked,
        "failed": state.failed,
        "last_good": state.last_good,
        "last_audit_seq": state.last_audit_seq,
        "last_drill_at": state.last_drill_at,
    }
    return json.dumps(doc, indent=1, ensure_ascii=False).encode("utf-8") + b"\n"


def update_state(root: Path, change: Callable[[BackupState], None]) -> BackupState:
    """Read, change and write the state under ``backup-state.lock``; returns the new state.
    Raises ArchiveBusy when another process holds the lock for over LOCK_TIMEOUT seconds."""
    lock = InterProcessLock(root / LOCK_NAME, timeout=LOCK_TIMEOUT)
    lock.acquire()
    try:
        state = load_state(root)
        change(state)
        atomic_write(state_path(root), _to_bytes(state))
        return state
    finally:
        lock.release()


__all__ = [
    "BackupState",
    "EnrolledDrive",
    "HistoryEntry",
    "load_state",
    "state_path",
    "update_state",
]
