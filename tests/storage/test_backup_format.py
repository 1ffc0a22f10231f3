"""The backup manifest and drive identity: round trips, seals, and garbage refused (issue 7)."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xueji_desktop.core.errors import BackupCorrupt, DriveNotEnrolled, OperationCancelled
from xueji_desktop.storage.backup_format import (
    SEAL_ARCHIVE,
    SEAL_OPEN,
    SEAL_WORKSTATION,
    STATE_PENDING,
    STATE_VERIFIED,
    DriveIdentity,
    DriveLayout,
    FileEntry,
    Manifest,
    copy_hashed,
    hash_file,
    is_backup_id,
    new_backup_id,
    parse_manifest,
    place_blob,
    read_identity,
    read_manifest,
    seal_holds,
    seal_key,
    write_identity,
    write_manifest,
)

AUDIT_KEY = bytes(range(32))
ARCHIVE = "3f2c9a4e-1111-4222-8333-444455556666"


def manifest(**over: object) -> Manifest:
    base: dict[str, object] = {
        "backup_id": "20261126T104500Z-ab12cd",
        "archive_id": ARCHIVE,
        "drive_id": "d-1",
        "created_at": "2026-11-26T10:45:00.000000Z",
        "app_version": "0.1.0",
        "made_by": "admin",
        "state": STATE_VERIFIED,
        "files": (FileEntry("xueji.db", 8192, "a" * 64), FileEntry("keyslots.json", 10, "b" * 64)),
        "blobs": (FileEntry("c" * 64, 5, "d" * 64),),
        "schema_version": 7,
        "tables": {"students": 3, "audit_log": 9},
        "content_hash": "e" * 64,
        "audit_head": (9, "f" * 64),
        "verified_at": "2026-11-26T10:45:02.000000Z",
    }
    base.update(over)
    return Manifest(**base)  # type: ignore[arg-type]


def archive_key() -> bytes:
    return seal_key(SEAL_ARCHIVE, ARCHIVE, audit_key=AUDIT_KEY, device_secret=None)


def test_manifest_round_trip_and_seal(tmp_path: Path) -> None:
    m = manifest()
    write_manifest(tmp_path, m, archive_key())
    back, mac = read_manifest(tmp_path)
    assert back == m
    assert back.verified and back.total_size == 8192 + 10 + 5
    assert seal_holds(back, mac, archive_key())
    other = seal_key(SEAL_ARCHIVE, ARCHIVE, audit_key=bytes(32), device_secret=None)
    assert not seal_holds(back, mac, other)


def test_every_seal_kind_has_its_own_key() -> None:
    keys = {
        seal_key(SEAL_ARCHIVE, ARCHIVE, audit_key=AUDIT_KEY, device_secret=None),
        seal_key(SEAL_WORKSTATION, ARCHIVE, audit_key=None, device_secret=AUDIT_KEY),
        seal_key(SEAL_OPEN, ARCHIVE, audit_key=None, device_secret=None),
        seal_key(SEAL_OPEN, "another", audit_key=None, device_secret=None),
    }
    assert len(keys) == 4
    with pytest.raises(ValueError):
        seal_key(SEAL_ARCHIVE, ARCHIVE, audit_key=None, device_secret=None)
    with pytest.raises(ValueError):
        seal_key(SEAL_WORKSTATION, ARCHIVE, audit_key=None, device_secret=None)


def test_a_pending_or_differently_sealed_manifest_is_not_verified() -> None:
    assert not manifest(state=STATE_PENDING, seal=SEAL_OPEN).verified
    assert not manifest(state=STATE_VERIFIED, seal=SEAL_WORKSTATION).verified


def test_any_flipped_byte_of_a_manifest_is_caught(tmp_path: Path) -> None:
    write_manifest(tmp_path, manifest(), archive_key())
    raw = (tmp_path / "manifest.json").read_bytes()
    for offset in range(0, len(raw), max(1, len(raw) // 60)):
        bad = bytearray(raw)
        bad[offset] ^= 0xFF
        try:
            m, mac = parse_manifest(bytes(bad))
        except BackupCorrupt:
            continue
        assert not seal_holds(m, mac, archive_key()), offset


def test_unknown_fields_are_kept_under_the_seal(tmp_path: Path) -> None:
    m = manifest(extra={"future_field": [1, 2]})
    write_manifest(tmp_path, m, archive_key())
    back, mac = read_manifest(tmp_path)
    assert back.extra == {"future_field": [1, 2]} and seal_holds(back, mac, archive_key())


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(format="other"),
        lambda d: d.update(version=0),  # 2 (newer): BackupTooNew, test_upgrade_refusals
        lambda d: d["files"].append({"path": "../../etc/passwd", "size": 1, "sha256": "a" * 64}),
        lambda d: d["files"].append({"path": "xueji.db", "size": 1, "sha256": "a" * 64}),
        lambda d: d["blobs"].append({"path": "../x", "size": 1, "sha256": "a" * 64}),
        lambda d: d["files"][0].update(size=-1),
        lambda d: d["files"][0].update(size=True),
        lambda d: d["files"][0].update(sha256="xyz"),
        lambda d: d.update(files=[]),
        lambda d: d.update(state="done"),
        lambda d: d.update(seal="none"),
        lambda d: d.update(backup_id="../../evil"),
        lambda d: d.update(tables={"students": "3"}),
        lambda d: d.update(schema_version="7"),
        lambda d: d.update(content_hash="short"),
        lambda d: d.update(audit_head={"seq": "1", "mac": "x"}),
        lambda d: d.pop("mac"),
        lambda d: d.pop("archive_id"),
    ],
)
def test_garbage_manifests_are_refused(change: object) -> None:
    doc = json.loads(manifest().to_bytes(archive_key()))
    change(doc)  # type: ignore[operator]
    with pytest.raises(BackupCorrupt) as info:
        # Written in the canonical form, so each check is reached on its own.
        parse_manifest(
            json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=True).encode() + b"\n"
        )
    assert info.value.fields["reason"] == "manifest_unreadable"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_crash_the_parser(raw: bytes) -> None:
    with contextlib.suppress(BackupCorrupt):
        parse_manifest(raw)


def test_only_the_exact_bytes_written_parse() -> None:
    raw = manifest().to_bytes(archive_key())
    parse_manifest(raw)
    for bad in (raw[:-1], raw + b"\n", raw.replace(b"\n", b"\r\n"), raw.replace(b": ", b":")):
        with pytest.raises(BackupCorrupt):
            parse_manifest(bad)


def test_missing_manifest(tmp_path: Path) -> None:
    with pytest.raises(BackupCorrupt) as info:
        read_manifest(tmp_path)
    assert info.value.fields["reason"] == "manifest_missing"


def test_backup_ids() -> None:
    bid = new_backup_id()
    assert is_backup_id(bid)
    assert not is_backup_id(".partial-" + bid) and not is_backup_id("../x")


def test_drive_identity_round_trip_and_tag(tmp_path: Path) -> None:
    drive = DriveLayout(tmp_path)
    with pytest.raises(DriveNotEnrolled) as info:
        read_identity(drive)
    assert info.value.fields["reason"] == "not_enrolled"
    ident = DriveIdentity("d-1", ARCHIVE, "备份盘一", "2026-11-26T10:00:00Z", "").sealed(AUDIT_KEY)
    write_identity(drive, ident)
    back = read_identity(drive)
    assert back == ident and back.tag_holds(AUDIT_KEY)
    assert not back.tag_holds(bytes(32))
    forged = DriveIdentity("d-2", ARCHIVE, "x", back.enrolled_at, back.tag)
    assert not forged.tag_holds(AUDIT_KEY)
    drive.identity.write_bytes(b"{not json")
    with pytest.raises(DriveNotEnrolled) as info:
        read_identity(drive)
    assert info.value.fields["reason"] == "damaged"


def test_copy_hashed_and_hash_file_agree(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.write_bytes(os.urandom(3 * 1024 * 1024 + 17))
    size, digest = copy_hashed(src, tmp_path / "dst")
    assert (size, digest) == hash_file(tmp_path / "dst") == hash_file(src)
    assert oct((tmp_path / "dst").stat().st_mode & 0o777) == "0o600"
    size, _ = copy_hashed(src, tmp_path / "cut", limit=1000)
    assert size == 1000 == (tmp_path / "cut").stat().st_size


def test_a_cancelled_copy_leaves_nothing(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.write_bytes(os.urandom(2 * 1024 * 1024))
    with pytest.raises(OperationCancelled):
        copy_hashed(src, tmp_path / "dst", cancelled=lambda: True)
    assert not (tmp_path / "dst").exists()


def test_place_blob_writes_under_its_name(tmp_path: Path) -> None:
    drive = DriveLayout(tmp_path / "drive")
    src = tmp_path / "blob"
    src.write_bytes(b"encrypted bytes")
    name = "ab" + "0" * 62
    size, digest = place_blob(drive, src, name)
    target = drive.blob_path(name)
    assert target.read_bytes() == b"encrypted bytes" and target.parent.name == "ab"
    assert (size, digest) == hash_file(target)
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary left
