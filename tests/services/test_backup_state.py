"""backup-state.json: never raises on a bad file, keeps its history capped, and two processes
updating it at once lose nothing (the lock)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from xueji_desktop.services.backup_state import (
    HISTORY_CAP,
    BackupState,
    EnrolledDrive,
    HistoryEntry,
    load_state,
    state_path,
    update_state,
)


def entry(n: int) -> HistoryEntry:
    return HistoryEntry(f"2026-01-01T00:00:{n % 60:02d}Z", "backup", "d1", f"b{n}", "ok", "", "")


def test_missing_file_is_the_empty_state(tmp_path: Path) -> None:
    assert load_state(tmp_path) == BackupState()


@pytest.mark.parametrize(
    "raw",
    [b"", b"{", b"[]", b"\xff\xfe", b'{"format": "other", "version": 1}', b"[" * 100000,
     b'{"format": "xueji-backup-state", "version": 1, "drives": [{"drive_id": 1}]}',
     b'{"format": "xueji-backup-state", "version": 1, "last_audit_seq": "7"}',
     b'{"format": "xueji-backup-state", "version": 1, "history": [{"at": null}]}'],
)  # fmt: skip
def test_damaged_file_is_the_empty_state(tmp_path: Path, raw: bytes) -> None:
    state_path(tmp_path).write_bytes(raw)
    assert load_state(tmp_path) == BackupState()


def test_round_trip_and_owner_only(tmp_path: Path) -> None:
    drive = EnrolledDrive("d1", "周一盘", "2026-01-01T00:00:00Z", "/media/u/盘")

    def change(state: BackupState) -> None:
        state.drives.append(drive)
        state.add_history(entry(1))
        state.checked["b1"] = "2026-01-02T00:00:00Z"
        state.last_good["d1"] = "b1"
        state.last_audit_seq = 42
        state.last_drill_at = "2026-01-03T00:00:00Z"
        state.daily_time = "16:45"

    written = update_state(tmp_path, change)
    assert load_state(tmp_path) == written
    assert written.drive("d1") == drive and written.drive("zz") is None
    if os.name == "posix":
        assert stat.S_IMODE(state_path(tmp_path).stat().st_mode) == 0o600


def test_history_is_capped_newest_last(tmp_path: Path) -> None:
    def change(state: BackupState) -> None:
        for n in range(HISTORY_CAP + 30):
            state.add_history(entry(n))

    update_state(tmp_path, change)
    history = load_state(tmp_path).history
    assert len(history) == HISTORY_CAP
    assert history[-1].backup_id == f"b{HISTORY_CAP + 29}" and history[0].backup_id == "b30"


CHILD = """
import sys
from pathlib import Path
from xueji_desktop.services.backup_state import HistoryEntry, update_state
root, tag = Path(sys.argv[1]), sys.argv[2]
for n in range(25):
    update_state(root, lambda s: s.add_history(
        HistoryEntry("2026-01-01T00:00:00Z", "verify", tag, f"{tag}{n}", "ok", "", "")))
"""


def test_two_processes_lose_no_update(tmp_path: Path) -> None:
    procs = [
        subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path), tag]) for tag in ("x", "y")
    ]
    for proc in procs:
        assert proc.wait(60) == 0
    ids = sorted(h.backup_id for h in load_state(tmp_path).history)
    assert ids == sorted([f"x{n}" for n in range(25)] + [f"y{n}" for n in range(25)])


def test_failed_checks_are_kept_until_a_later_check_passes(tmp_path: Path) -> None:
    update_state(tmp_path, lambda s: s.check_outcome("b1", "backup_corrupt:hash"))
    update_state(tmp_path, lambda s: s.check_outcome("b2", "backup_corrupt:size"))
    assert load_state(tmp_path).failed == {"b1": "backup_corrupt:hash", "b2": "backup_corrupt:size"}
    update_state(tmp_path, lambda s: s.check_outcome("b1", ""))
    assert load_state(tmp_path).failed == {"b2": "backup_corrupt:size"}
