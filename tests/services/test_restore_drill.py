"""The restore drill (issue 7): the newest verified backup restored into a temporary folder,
checked and compared with its manifest, then removed; audited either way."""

from __future__ import annotations

import json

import pytest

from tests.conftest import CLERK, CLERK_PASSWORD
from tests.services.backup_fixture import Backed, backed_archive
from xueji_desktop.core.errors import NoBackup, PermissionDenied
from xueji_desktop.services.archive import login
from xueji_desktop.services.backup_state import load_state
from xueji_desktop.services.restore import DrillResult, drill
from xueji_desktop.storage.backup_format import read_manifest


@pytest.fixture
def backed(make_archive, tmp_path) -> Backed:
    return backed_archive(make_archive, tmp_path)


def _drill_entries(backed: Backed) -> list[dict[str, object]]:
    rows = backed.session.archive.db.conn.execute(
        "SELECT target_id, details FROM audit_log WHERE action = 'backup_drill' ORDER BY seq"
    )
    return [{"target": r[0], **json.loads(r[1])} for r in rows]


def _no_drill_folders(backed: Backed) -> bool:
    return not [p for p in backed.root.iterdir() if p.name.startswith(".drill-")]


def test_drill_on_a_good_backup(backed):
    result = drill(backed.session, backed.drive)
    assert isinstance(result, DrillResult)
    assert result.ok, result.problem
    assert result.problem == ""
    assert result.backup_id == backed.info.backup_id
    assert result.created_at == backed.info.time
    assert result.content_hash == backed.content_hash
    assert result.students == 3
    assert _no_drill_folders(backed)
    [entry] = _drill_entries(backed)
    assert entry["target"] == backed.info.backup_id
    assert entry["ok"] is True
    state = load_state(backed.root)
    assert state.last_drill_at is not None
    assert state.history[-1].action == "drill"
    assert state.history[-1].outcome == "ok"


def test_drill_without_a_drive_uses_the_enrolled_one(backed, monkeypatch):
    monkeypatch.setenv("XUEJI_BACKUP_SEARCH", str(backed.drive))
    assert drill(backed.session).ok


@pytest.mark.parametrize("target", ["xueji.db", "blob"])
def test_drill_reports_a_damaged_backup(backed, target):
    if target == "blob":
        manifest, _ = read_manifest(backed.folder)
        path = backed.layout.blob_path(manifest.blobs[0].path)
    else:
        path = backed.folder / target
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    path.write_bytes(bytes(raw))
    result = drill(backed.session, backed.drive)
    assert not result.ok
    assert result.problem.startswith("backup_corrupt")
    assert result.content_hash is None
    assert _no_drill_folders(backed)
    [entry] = _drill_entries(backed)
    assert entry["ok"] is False
    assert entry["problem"] == result.problem
    state = load_state(backed.root)
    assert state.last_drill_at is None  # a failed drill does not count as done
    assert state.history[-1].outcome == "failed"
    assert state.history[-1].reason == result.problem


def test_stale_drill_folders_are_removed(backed):
    stale = backed.root / ".drill-0123456789ab"
    stale.mkdir()
    (stale / "xueji.db").write_bytes(b"\0" * 4096)
    assert drill(backed.session, backed.drive).ok
    assert _no_drill_folders(backed)


def test_drill_with_no_backup(make_archive, tmp_path):
    from xueji_desktop.services.backup_drives import enroll_drive

    created = make_archive("empty")
    drive = tmp_path / "blank-drive"
    drive.mkdir()
    enroll_drive(created.session, drive)
    with pytest.raises(NoBackup):
        drill(created.session, drive)


def test_a_clerk_may_drill_a_viewer_may_not(backed):
    clerk = login(backed.root, CLERK, CLERK_PASSWORD)
    try:
        assert drill(clerk, backed.drive).ok
    finally:
        clerk.close()
    from dataclasses import replace

    from xueji_desktop.core.roles import Role

    viewer = replace(backed.session, roles=frozenset({Role.VIEWER}))
    with pytest.raises(PermissionDenied):
        drill(viewer, backed.drive)


def test_drill_decrypts_every_blob(backed):
    """A blob whose bytes match a (re-sealed) manifest but do not decrypt is still caught: the
    drill authenticates every blob with the blob key, not only its hash."""
    from dataclasses import replace

    from xueji_desktop.storage.backup_format import (
        SEAL_ARCHIVE,
        FileEntry,
        hash_file,
        seal_key,
        write_manifest,
    )

    keys = backed.session.archive.keys
    manifest, _ = read_manifest(backed.folder)
    blob = manifest.blobs[0]
    path = backed.layout.blob_path(blob.path)
    raw = bytearray(path.read_bytes())
    raw[-5] ^= 0xFF  # inside the last chunk's ciphertext/tag
    path.write_bytes(bytes(raw))
    size, digest = hash_file(path)
    forged = replace(manifest, blobs=(FileEntry(blob.path, size, digest), *manifest.blobs[1:]))
    key = seal_key(SEAL_ARCHIVE, manifest.archive_id, audit_key=keys.audit_key, device_secret=None)
    write_manifest(backed.folder, forged, key)
    result = drill(backed.session, backed.drive)
    assert not result.ok
    assert result.problem == "backup_corrupt:integrity"
    assert _no_drill_folders(backed)
