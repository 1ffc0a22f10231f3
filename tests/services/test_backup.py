"""Backups to the enrolled drive (issue 7, docs/design/backups.md): the round trip by content
hash, every flipped bit / cut / grown file caught, scheduled -> pending -> verified, blobs copied
once, retention prune, the rotating re-verification, FAT32 and full drives, no plaintext."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.records_fixtures import insert_student, make_id_number, setup_structure
from xueji_desktop.core.errors import (
    BackupBusy,
    BackupCorrupt,
    DriveFull,
    DriveUnavailable,
    NoBackup,
    OperationCancelled,
)
from xueji_desktop.services import attachments as att
from xueji_desktop.services import (
    backup,
    backup_drives,
    backup_parallel,
    backup_snapshot,
    backup_verify,
)
from xueji_desktop.services.archive import Created
from xueji_desktop.services.backup_catalog import BackupInfo
from xueji_desktop.services.backup_snapshot import drive_lock
from xueji_desktop.services.backup_state import load_state
from xueji_desktop.services.backup_verify import verify_backup
from xueji_desktop.services.context import Session
from xueji_desktop.storage import backup_format, keyslots
from xueji_desktop.storage.backup_format import DriveLayout, read_manifest
from xueji_desktop.storage.content_hash import content_hash

CANARY_NAME = "欧阳金丝雀"
PDF = b"%PDF-1.7\nBACKUP-CANARY-5f1e scan\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"BACKUP-CANARY-PNG" + b"\x00" * 300
DAY = 86400.0
BASE = datetime(2026, 3, 2, 10, 0, tzinfo=UTC).timestamp()  # a Monday


@dataclass
class Env:
    session: Session
    usb: Path
    drive: DriveLayout
    id_number: str
    student_ids: list[int]

    @property
    def root(self) -> Path:
        return self.session.archive.layout.root


def populate(session: Session, students: int = 3) -> tuple[list[int], str]:
    """A few students (one with a recognisable name and ID number) and two scans."""
    ids = setup_structure(session)
    idn = make_id_number("20090412")
    sids = [insert_student(session, ids["c1"], name=CANARY_NAME, id_number=idn)]
    sids += [insert_student(session, ids["c1"]) for _ in range(students - 1)]
    att.attach(session, sids[0], "enrolment_form", PDF, "application/pdf")
    att.attach(session, sids[1], "id_copy", PNG, "image/png")
    return sids, idn


def new_drive(tmp_path: Path, name: str = "usb") -> Path:
    usb = tmp_path / name
    usb.mkdir()
    return usb


@pytest.fixture
def env(archive: Created, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Env:
    s = archive.session
    sids, idn = populate(s)
    usb = new_drive(tmp_path)
    monkeypatch.setenv(backup_drives.ENV_SEARCH, str(usb))
    backup_drives.enroll_drive(s, usb, label="备份盘一")
    return Env(s, usb, DriveLayout(usb), idn, sids)


def at_time(session: Session, seconds: float) -> None:
    session.archive.clock = lambda: seconds


def folder_hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


# -- the round trip ------------------------------------------------------------------------------


def test_backup_equals_the_live_archive_by_content_hash(env: Env) -> None:
    s = env.session
    live = content_hash(s.archive.db.conn)
    result = backup.make_backup(s)
    info = result.info
    assert (info.state, info.verified, info.students) == ("verified", True, 3)
    assert info.content_hash == live
    manifest = verify_backup(env.drive, info.backup_id, s.archive.keys, s.archive.archive_id)
    assert manifest.content_hash == live and manifest.made_by == s.username
    assert manifest.seal == "archive" and manifest.verified_at
    assert result.copied_blobs == 2 and result.drive_root == env.usb
    # The recovery slot only: a stolen drive is as strong as the recovery code.
    slots = keyslots.load(info.path / "keyslots.json")
    assert slots.slots and all(slot.kind == "recovery" for slot in slots.slots)
    # The audit entry, and the state for the status bar.
    row = s.archive.db.conn.execute(
        "SELECT actor, target_id, details FROM audit_log WHERE action = 'backup_made'"
    ).fetchone()
    assert row[0] == s.username and row[1] == info.backup_id
    assert json.loads(row[2])["content_hash"] == live
    state = load_state(env.root)
    assert state.last_good[manifest.drive_id] == info.backup_id
    assert state.history[-1].outcome == "ok" and info.backup_id in state.checked
    status = backup.backup_status(env.root)
    assert status.last_good_drive == "备份盘一" and not status.due
    assert not backup.changed_since_last_backup(s)
    att.attach(s, env.student_ids[2], "id_copy", PNG + b"new", "image/png")  # audited
    assert backup.changed_since_last_backup(s)


def test_list_and_newest_verified(env: Env) -> None:
    s = env.session
    with pytest.raises(NoBackup):
        backup.newest_verified(s)
    at_time(s, BASE)
    first = backup.make_backup(s).info
    at_time(s, BASE + DAY)
    second = backup.make_backup(s).info
    listed = backup.list_backups(s)
    assert [i.backup_id for i in listed] == [second.backup_id, first.backup_id]
    drive, newest = backup.newest_verified(s, env.usb)
    assert newest.backup_id == second.backup_id and drive.root == env.usb
    # A partial folder is never listed; a folder without a valid manifest is "damaged".
    (env.drive.backups / ".partial-20260101T000000Z-abcdef").mkdir()
    (first.path / "manifest.json").unlink()
    states = {i.backup_id: i.state for i in backup.list_backups(s)}
    assert states == {first.backup_id: "damaged", second.backup_id: "verified"}


# -- every change to a backup is caught -----------------------------------------------------------


def _offsets(size: int) -> list[int]:
    picks = {0, 1, 16, 100, size // 3, size // 2, size - 4097, size - 17, size - 1}
    picks |= {size * k // 11 for k in range(1, 11)}
    return sorted(o for o in picks if 0 <= o < size)


def _must_fail(env: Env, backup_id: str, what: str) -> None:
    h = env.session.archive
    with pytest.raises(BackupCorrupt):
        verify_backup(env.drive, backup_id, h.keys, h.archive_id)
        pytest.fail(f"not caught: {what}")


def test_flipped_bits_cuts_and_growth_are_caught(env: Env) -> None:
    info = backup.make_backup(env.session).info
    manifest, _mac = read_manifest(info.path)
    blob = env.drive.blob_path(manifest.blobs[0].path)
    targets = [info.path / n for n in ("xueji.db", "keyslots.json", "manifest.json",
                                       "archive.json")] + [blob]  # fmt: skip
    for path in targets:
        original = path.read_bytes()
        try:
            for offset in _offsets(len(original)):
                changed = bytearray(original)
                changed[offset] ^= 0xFF
                path.write_bytes(bytes(changed))
                _must_fail(env, info.backup_id, f"{path.name} bit flip at {offset}")
            # The manifest's final newline is not part of what its seal covers (reported).
            first_cut = 2 if path.name == "manifest.json" else 1
            for cut in (first_cut, len(original) // 2):
                path.write_bytes(original[:-cut])
                _must_fail(env, info.backup_id, f"{path.name} cut by {cut}")
            for extra in (b"\x00", b"\x00" * 4096):
                path.write_bytes(original + extra)
                _must_fail(env, info.backup_id, f"{path.name} grown by {len(extra)}")
        finally:
            path.write_bytes(original)
    h = env.session.archive
    verify_backup(env.drive, info.backup_id, h.keys, h.archive_id)  # intact again


# -- scheduled backups ---------------------------------------------------------------------------


def test_scheduled_backup_is_pending_until_a_login_completes_it(env: Env) -> None:
    s = env.session
    result = backup.scheduled_backup(env.root)
    info = result.info
    assert (info.state, info.verified, info.made_by) == ("pending", False, "")
    manifest, _mac = read_manifest(info.path)
    assert manifest.seal == "workstation"  # the archive is bound: the keyring's secret seals it
    h = s.archive
    with pytest.raises(BackupCorrupt):  # never restored from while pending
        verify_backup(env.drive, info.backup_id, h.keys, h.archive_id)
    assert load_state(env.root).history[-1].outcome == "pending"
    assert not s.archive.db.conn.execute(
        "SELECT 1 FROM audit_log WHERE action = 'backup_made'"
    ).fetchone()
    done = backup.complete_pending(s)
    assert [d.backup_id for d in done] == [info.backup_id]
    assert done[0].state == "verified" and done[0].content_hash == content_hash(h.db.conn)
    verify_backup(env.drive, info.backup_id, h.keys, h.archive_id)
    actor, details = s.archive.db.conn.execute(
        "SELECT actor, details FROM audit_log WHERE action = 'backup_made'"
    ).fetchone()
    assert actor == s.username and json.loads(details)["scheduled"] is True
    assert load_state(env.root).history[-1].action == "complete"
    assert backup.complete_pending(s) == []  # nothing left to do


def test_scheduled_backup_without_keyring_uses_the_open_seal(
    make_archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    created = make_archive("open", binding="none")
    s = created.session
    populate(s)
    usb = new_drive(tmp_path)
    monkeypatch.setenv(backup_drives.ENV_SEARCH, str(usb))
    backup_drives.enroll_drive(s, usb)
    info = backup.scheduled_backup(s.archive.layout.root, usb).info
    assert read_manifest(info.path)[0].seal == "open"
    assert backup.list_backups(s)[0].state == "pending"
    # A forged pending manifest (its seal does not hold) lists as damaged and is not completed.
    manifest = info.path / "manifest.json"
    doc = json.loads(manifest.read_text("utf-8"))
    doc["made_by"] = "mallory"
    manifest.write_text(json.dumps(doc), "utf-8")
    assert backup.list_backups(s)[0].state == "damaged"
    assert backup.complete_pending(s) == []


def test_pending_backup_with_damage_is_not_completed(env: Env) -> None:
    info = backup.scheduled_backup(env.root).info
    db = info.path / "xueji.db"
    raw = bytearray(db.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    db.write_bytes(bytes(raw))
    assert backup.complete_pending(env.session) == []
    last = load_state(env.root).history[-1]
    assert (last.action, last.outcome, last.reason) == ("complete", "failed", "backup_corrupt:hash")
    # Left on the drive as it is, but its failed completion makes it list as damaged.
    assert backup.list_backups(env.session)[0].state == "damaged"


# -- blobs, retention ----------------------------------------------------------------------------


def test_blobs_are_copied_only_once(env: Env) -> None:
    s = env.session
    at_time(s, BASE)
    first = backup.make_backup(s)
    assert first.copied_blobs == 2
    blob_files = sorted(env.drive.blobs.rglob("*.xjb"))
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in blob_files}
    att.attach(s, env.student_ids[2], "id_copy", PNG + b"another", "image/png")
    at_time(s, BASE + DAY)
    second = backup.make_backup(s)
    assert second.copied_blobs == 1
    for p, stamp in before.items():
        assert (p.stat().st_ino, p.stat().st_mtime_ns) == stamp
    assert len(read_manifest(second.info.path)[0].blobs) == 3


def test_prune_keeps_per_policy_and_removes_unreferenced_blobs(env: Env) -> None:
    s = env.session
    made = []
    for seconds in (BASE, BASE + DAY, BASE + DAY + 3600, BASE + DAY + 7200):
        at_time(s, seconds)
        made.append(backup.make_backup(s))
    # Same day: only the newest of the day stays; the day before keeps its own.
    left = {i.backup_id for i in backup.list_backups(s)}
    assert left == {made[0].info.backup_id, made[3].info.backup_id}
    assert made[2].pruned == [made[1].info.backup_id]
    assert made[3].pruned == [made[2].info.backup_id]
    history = [(e.action, e.backup_id) for e in load_state(env.root).history]
    assert ("prune", made[1].info.backup_id) in history
    # A blob no manifest lists goes; the listed ones stay.
    stray = env.drive.blob_path("ab" * 32)
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"old")
    at_time(s, BASE + 2 * DAY)
    backup.make_backup(s)
    assert not stray.exists()
    for info in backup.list_backups(s):
        h = s.archive
        verify_backup(env.drive, info.backup_id, h.keys, h.archive_id)


def test_nothing_is_pruned_after_a_failed_backup(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    s = env.session
    at_time(s, BASE)
    kept = backup.make_backup(s).info
    before = folder_hashes(kept.path)
    stray = env.drive.blob_path("cd" * 32)
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"old")

    class Tiny:
        free = 1000

    monkeypatch.setattr(backup_drives.shutil, "disk_usage", lambda _p: Tiny())
    at_time(s, BASE + 3600)
    with pytest.raises(DriveFull) as caught:
        backup.make_backup(s)
    assert caught.value.fields["reason"] == "no_space"
    assert stray.exists() and folder_hashes(kept.path) == before
    assert [i.backup_id for i in backup.list_backups(s)] == [kept.backup_id]
    assert not env.drive.partial_dirs()
    last = load_state(env.root).history[-1]
    assert (last.outcome, last.reason) == ("failed", "drive_full:no_space")
    assert backup.backup_status(env.root).last_outcome == "failed"


def test_fat32_refuses_a_file_over_4_gb(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    s = env.session
    monkeypatch.setattr(backup_drives, "filesystem_type", lambda _p: "vfat")
    s.close()  # the database file is grown (sparse) while nothing has it open
    db = s.archive.layout.db
    size = db.stat().st_size
    os.truncate(db, 4 * 1024**3 + 4096)
    try:
        with pytest.raises(DriveFull) as caught:
            backup.scheduled_backup(env.root)
        assert caught.value.fields["reason"] == "file_too_large"
        assert caught.value.fields["fs"] == "FAT32"
    finally:
        os.truncate(db, size)
    assert not env.drive.partial_dirs() and not env.drive.backup_ids()
    monkeypatch.setattr(backup_drives, "filesystem_type", lambda _p: "exfat")
    assert backup.scheduled_backup(env.root).info.state == "pending"


def test_a_busy_drive_is_refused(env: Env) -> None:
    with drive_lock(env.drive), pytest.raises(BackupBusy):
        backup.make_backup(env.session)
    assert load_state(env.root).history[-1].reason == "backup_busy"


# -- re-verification -----------------------------------------------------------------------------


def test_rotating_reverify_finds_the_corrupted_backup(env: Env) -> None:
    s = env.session
    infos = []
    for k in range(5):  # one a year apart: the policy keeps every one
        at_time(s, BASE - k * 366 * DAY)
        infos.append(backup.make_backup(s).info)
    assert len(backup.list_backups(s)) == 5
    bad = infos[2]
    db = bad.path / "xueji.db"
    raw = bytearray(db.read_bytes())
    raw[len(raw) // 3] ^= 0xFF
    db.write_bytes(bytes(raw))
    flagged = []
    for _run in range(5):
        results = backup.verify_backups(s, subset=0.2)
        assert len(results) == 1
        flagged += [(i.backup_id, p) for i, p in results if p]
    assert flagged == [(bad.backup_id, "backup_corrupt:hash")]
    one = backup.verify_backups(s, backup_id=bad.backup_id)
    assert one[0][0].state == "damaged" and one[0][1] == "backup_corrupt:hash"
    everything = backup.verify_backups(s)
    assert sorted(i.backup_id for i, p in everything if p) == [bad.backup_id]
    with pytest.raises(NoBackup):
        backup.verify_backups(s, backup_id="20200101T000000Z-000000")


# -- nothing personal on the drive ---------------------------------------------------------------


def _drive_files(root: Path) -> Iterator[Path]:
    return (p for p in root.rglob("*") if p.is_file())


def test_no_plaintext_on_the_drive(env: Env) -> None:
    s = env.session
    backup.make_backup(s)
    backup.scheduled_backup(env.root)
    needles = [CANARY_NAME.encode(), env.id_number.encode(), b"BACKUP-CANARY", "张三".encode()]
    needles.append(CANARY_NAME.encode("utf-16-le"))
    for path in _drive_files(env.usb):
        data = path.read_bytes()
        for needle in needles:
            assert needle not in data, f"{needle!r} in {path.relative_to(env.usb)}"
    state = (env.root / "backup-state.json").read_bytes()
    assert all(n not in state for n in needles)


# -- progress, cancel, a drive that stops answering ---------------------------------------------


def test_progress_total_and_cancel(env: Env) -> None:
    s = env.session
    totals: list[int] = []
    steps: list[int] = []
    backup.make_backup(s, progress=steps.append, total=totals.append)
    assert len(totals) == 1 and totals[0] > 0
    assert sum(steps) == pytest.approx(totals[0], rel=0.05)
    calls = iter(range(10**6))
    with pytest.raises(OperationCancelled):
        backup.make_backup(s, cancelled=lambda: next(calls) > 1)
    assert not env.drive.partial_dirs() and len(env.drive.backup_ids()) == 1
    assert load_state(env.root).history[-1].reason == "operation_cancelled"


def test_a_drive_that_stops_answering(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    s = env.session
    at_time(s, BASE)
    earlier = backup.make_backup(s).info
    before = folder_hashes(earlier.path)
    att.attach(s, env.student_ids[2], "id_copy", PNG + b"fresh", "image/png")

    def pulled(*_a: object, **_k: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(backup_parallel, "place_blob", pulled)
    at_time(s, BASE + DAY)
    with pytest.raises(DriveUnavailable) as caught:
        backup.make_backup(s)
    assert caught.value.fields["reason"] == "io"
    assert not env.drive.partial_dirs() and env.drive.backup_ids() == [earlier.backup_id]
    assert folder_hashes(earlier.path) == before
    assert load_state(env.root).history[-1].reason == "drive_unavailable:io"


def test_a_failed_deep_check_fails_the_backup(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_a: object) -> None:  # the checks of the copy, on their worker thread
        raise BackupCorrupt(reason="integrity", file="xueji.db")

    monkeypatch.setattr(backup, "verified_manifest", broken)
    with pytest.raises(BackupCorrupt) as caught:
        backup.make_backup(env.session)
    assert caught.value.fields["reason"] == "integrity"  # not hidden behind a cancel
    assert not env.drive.partial_dirs() and not env.drive.backup_ids()
    assert load_state(env.root).history[-1].reason == "backup_corrupt:integrity"


def test_the_deep_check_thread_stops_when_cancelled(env: Env) -> None:
    def off_the_main_thread() -> bool:  # only the worker sees the cancel
        return threading.current_thread() is not threading.main_thread()

    with pytest.raises(OperationCancelled):
        backup.make_backup(env.session, cancelled=off_the_main_thread)
    assert not env.drive.partial_dirs() and not env.drive.backup_ids()


# -- blobs already on the drive: digests from the manifests, re-read by the checks ----------------


def spy_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file hashed from here on (the archive's blobs and the drive's re-reads)."""
    seen: list[Path] = []
    real = backup_format.hash_file

    def spy(path: Path, **kwargs: Any) -> tuple[int, str]:
        seen.append(Path(path))
        return real(path, **kwargs)

    for module in (backup_parallel, backup_snapshot, backup_verify):
        monkeypatch.setattr(module, "hash_file", spy)
    return seen


def blob_reads(seen: list[Path]) -> Counter[str]:
    return Counter(p.name.removesuffix(".xjb") for p in seen if p.suffix == ".xjb")


def blob_names(info: BackupInfo) -> set[str]:
    return {b.path for b in read_manifest(info.path)[0].blobs}


def test_an_incremental_backup_reads_no_blob_already_on_the_drive(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = env.session
    h = s.archive
    at_time(s, BASE)
    first = backup.make_backup(s).info
    att.attach(s, env.student_ids[2], "id_copy", PNG + b"another", "image/png")
    seen = spy_reads(monkeypatch)
    at_time(s, BASE + DAY)
    second = backup.make_backup(s)
    (new,) = blob_names(second.info) - blob_names(first)
    assert blob_reads(seen) == {new: 1}  # only what this run wrote is read back
    assert [p.name for p in seen].count("xueji.db") == 1  # the database copy is re-read
    assert second.copied_blobs == 1
    verify_backup(env.drive, second.info.backup_id, h.keys, h.archive_id)  # digests are right
    # The re-verification reads every blob of every backup it checks.
    seen.clear()
    assert [p for _i, p in backup.verify_backups(s)] == ["", ""]
    assert blob_reads(seen) == Counter({name: 2 for name in blob_names(first)} | {new: 1})


def test_a_blob_damaged_on_the_drive_is_caught_then_rewritten(env: Env) -> None:
    s = env.session
    at_time(s, BASE)
    first = backup.make_backup(s).info
    blob = env.drive.blob_path(sorted(blob_names(first))[0])
    raw = bytearray(blob.read_bytes())
    raw[40] ^= 0xFF  # same size: only a re-read sees it
    blob.write_bytes(bytes(raw))
    at_time(s, BASE + DAY)
    second = backup.make_backup(s)  # not re-read by this incremental backup
    assert second.copied_blobs == 0
    rotation = backup.verify_backups(s, subset=0.2)  # one of the two: both list the blob
    assert [p for _i, p in rotation] == ["backup_corrupt:hash"]
    assert [p for _i, p in backup.verify_backups(s)] == ["backup_corrupt:hash"] * 2
    # After a check found damage, the next backup re-reads the blobs there and rewrites it.
    at_time(s, BASE + 2 * DAY)
    third = backup.make_backup(s)
    assert third.copied_blobs == 1 and third.info.state == "verified"
    assert [p for _i, p in backup.verify_backups(s)] == ["", "", ""]


def test_digests_come_only_from_manifests_whose_seal_holds(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = env.session
    at_time(s, BASE)
    first = backup.make_backup(s).info
    path = first.path / "manifest.json"
    doc = json.loads(path.read_text("utf-8"))
    forged = doc["blobs"][0]
    forged["sha256"] = f"{int(forged['sha256'][0], 16) ^ 0xF:x}" + forged["sha256"][1:]
    raw = json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=True).encode() + b"\n"
    path.write_bytes(raw)  # parses, but its seal no longer holds
    seen = spy_reads(monkeypatch)
    at_time(s, BASE + DAY)
    second = backup.make_backup(s).info
    # Nothing that manifest lists is believed: its blobs are hashed here and re-read there.
    assert blob_reads(seen) == Counter({name: 2 for name in blob_names(first)})
    h = s.archive
    verify_backup(env.drive, second.backup_id, h.keys, h.archive_id)


def test_a_scheduled_incremental_backup_is_reread_in_full_by_its_completion(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = env.session
    first = backup.make_backup(s).info
    blob = env.drive.blob_path(sorted(blob_names(first))[0])
    raw = bytearray(blob.read_bytes())
    raw[7] ^= 0xFF
    blob.write_bytes(bytes(raw))
    seen = spy_reads(monkeypatch)
    pending = backup.scheduled_backup(env.root).info  # digests from the verified manifest
    assert pending.state == "pending" and not blob_reads(seen)
    seen.clear()
    assert backup.complete_pending(s) == []  # every byte re-read: the damage is found
    assert blob_reads(seen)[blob.stem] == 1
    last = load_state(env.root).history[-1]
    assert (last.action, last.reason) == ("complete", "backup_corrupt:hash")
    backup.make_backup(s)  # re-reads the blobs after that failure: rewrites the damaged one
    assert [d.backup_id for d in backup.complete_pending(s)] == [pending.backup_id]


# -- a failed check makes a backup stop counting ---------------------------------------------------


def _flip(info: BackupInfo) -> None:
    db = info.path / "xueji.db"
    raw = bytearray(db.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    db.write_bytes(bytes(raw))


def test_a_backup_that_failed_its_check_is_no_longer_good(env: Env) -> None:
    s = env.session
    info = backup.make_backup(s).info
    assert not backup.backup_status(env.root).due
    _flip(info)
    [(_checked, problem)] = backup.verify_backups(s)
    assert problem == "backup_corrupt:hash"
    assert load_state(env.root).failed == {info.backup_id: "backup_corrupt:hash"}
    [listed] = backup.list_backups(s)  # `backup list` agrees with `backup verify`
    assert (listed.state, listed.verified, listed.content_hash) == ("damaged", False, None)
    assert backup.backup_status(env.root).due  # the only good backup failed its check
    with pytest.raises(NoBackup):
        backup.newest_verified(s)
    _flip(info)  # the same bit back: the next check passes and clears the mark
    assert backup.verify_backups(s) == [(backup.list_backups(s)[0], "")]
    assert load_state(env.root).failed == {}
    assert backup.list_backups(s)[0].verified
    assert not backup.backup_status(env.root).due
    assert backup.newest_verified(s)[1].backup_id == info.backup_id


def test_a_failed_drill_marks_the_backup_and_the_next_drill_takes_an_older_one(env: Env) -> None:
    from xueji_desktop.services.restore import drill

    s = env.session
    at_time(s, BASE - 366 * DAY)
    older = backup.make_backup(s).info
    at_time(s, BASE)
    newer = backup.make_backup(s).info
    _flip(newer)
    first = drill(s)
    assert (first.backup_id, first.ok) == (newer.backup_id, False)
    assert load_state(env.root).failed == {newer.backup_id: first.problem}
    second = drill(s)
    assert (second.backup_id, second.ok) == (older.backup_id, True)


def test_the_drill_completes_pending_backups_first(env: Env) -> None:
    from xueji_desktop.services.restore import drill

    pending = backup.scheduled_backup(env.root).info
    assert pending.state == "pending"
    done = drill(env.session)
    assert (done.backup_id, done.ok) == (pending.backup_id, True)
    assert backup.list_backups(env.session)[0].state == "verified"


def test_history_never_holds_a_python_class_name(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    from xueji_desktop.services.backup_common import error_reason

    assert error_reason(KeyboardInterrupt()) == "operation_cancelled"
    assert error_reason(OperationCancelled()) == "operation_cancelled"
    assert error_reason(ValueError("x")) == "unexpected"
    assert error_reason(OSError(errno.ENOSPC, "full")).startswith("drive_full:no_space")
    assert error_reason(OSError(errno.EIO, "io")) == "drive_unavailable:io"

    def interrupted(*_a: Any, **_k: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(backup, "write_backup", interrupted)
    with pytest.raises(KeyboardInterrupt):
        backup.make_backup(env.session)
    last = load_state(env.root).history[-1]
    assert (last.outcome, last.reason) == ("failed", "operation_cancelled")


def test_a_backup_that_failed_its_check_holds_no_place_in_retention(env: Env) -> None:
    s = env.session
    at_time(s, BASE)  # a Monday
    good = backup.make_backup(s).info
    at_time(s, BASE + DAY)  # the Tuesday of the same week
    bad = backup.make_backup(s).info
    _flip(bad)
    assert [p for _i, p in backup.verify_backups(s, backup_id=bad.backup_id)] == [
        "backup_corrupt:hash"
    ]
    for day in range(7, 16):  # the first week falls out of the daily backups kept
        at_time(s, BASE + day * DAY)
        backup.make_backup(s)
    left = {i.backup_id: i.state for i in backup.list_backups(s)}
    assert left[good.backup_id] == "verified"  # the week's newest backup that holds
    assert left[bad.backup_id] == "damaged"  # kept for a look, never counted
