"""The anchor must exist once the chain has entries; crash leftovers are swept at open."""

from __future__ import annotations

import os
import time

from tests.conftest import ADMIN, ADMIN_PASSWORD
from xueji_desktop.services import archive as archive_service
from xueji_desktop.services import audit
from xueji_desktop.services.check import check_handle


def test_deleted_anchor_file_is_reported(make_archive):
    created = make_archive(binding="none")
    handle = created.session.archive
    assert handle.layout.anchor.exists()
    assert check_handle(handle).ok
    handle.layout.anchor.unlink()
    report = check_handle(handle)
    assert not report.ok
    assert any("anchor_absent" in p for p in report.problems)


def test_lost_keyring_anchor_is_reported(make_archive, mem_keyring):
    created = make_archive()
    handle = created.session.archive
    assert audit.read_anchor(handle) is not None
    key = next(k for k in mem_keyring.store if k[1].endswith(":audit-anchor"))
    del mem_keyring.store[key]
    assert audit.verify(handle).reason == "anchor_absent"


def test_stale_temp_files_are_removed_at_login(make_archive):
    created = make_archive(binding="none")
    root = created.session.archive.layout.root
    created.session.close()
    leftover = root / ".audit-anchor.json.deadbeef.tmp"
    leftover.write_bytes(b"half a file")
    in_flight = root / ".login-throttle.json.0badf00d.tmp"  # another process writing right now
    in_flight.write_bytes(b"being written")
    old = time.time() - 2 * 3600
    os.utime(leftover, (old, old))
    session = archive_service.login(root, ADMIN, ADMIN_PASSWORD)
    session.close()
    assert not leftover.exists()
    assert in_flight.exists()
    assert (root / "audit-anchor.json").exists()


def test_a_deleted_anchor_is_not_recreated_by_later_writes(make_archive):
    """Otherwise deleting the anchor and cutting the tail would pass unseen after one login."""
    from xueji_desktop.core.errors import ValidationError
    from xueji_desktop.services import recovery as recovery_service

    created = make_archive(binding="none")
    root = created.session.archive.layout.root
    created.session.close()
    (root / "audit-anchor.json").unlink()
    session = archive_service.login(root, ADMIN, ADMIN_PASSWORD)  # writes a login entry
    try:
        assert not (root / "audit-anchor.json").exists()
        assert session.warnings and session.warnings[0].startswith("audit_chain:anchor_absent")
        report = check_handle(session.archive)
        assert not report.ok
        # an admin who has looked anchors the head again, audited
        seq = recovery_service.reanchor_audit(session, admin_password=ADMIN_PASSWORD)
        assert (root / "audit-anchor.json").exists()
        assert check_handle(session.archive).ok
        row = session.archive.db.conn.execute(
            "SELECT action FROM audit_log WHERE seq = ?", (seq,)
        ).fetchone()
        assert row[0] == "audit_reanchored"
        # a broken MAC is damage, not a lost anchor: no re-anchoring over it
        conn = session.archive.db.conn
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2")
        try:
            recovery_service.reanchor_audit(session, admin_password=ADMIN_PASSWORD)
        except ValidationError as exc:
            assert exc.fields["reason"] == "chain_broken"
        else:
            raise AssertionError("re-anchored over a broken chain")
    finally:
        session.close()
