"""Recovery never silently unbinds: a keyring that exists but cannot be used stops it unchanged."""

from __future__ import annotations

import hashlib

import keyring
import keyring.backend
import keyring.errors
import pytest

from xueji_desktop.core.errors import BindingLost
from xueji_desktop.services import recovery as recovery_service
from xueji_desktop.storage.kdf import FAST_FOR_TESTS
from xueji_desktop.storage.keyslots import load as load_slots
from xueji_desktop.storage.layout import ArchiveLayout, read_meta


class LockedKeyring(keyring.backend.KeyringBackend):
    """Like a Secret Service collection the user has not unlocked."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("locked")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringLocked("locked")


def _digest(root) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.iterdir())
        if p.is_file() and p.name not in ("login-throttle.json",)
    }


def test_locked_keyring_stops_recovery_before_any_change(make_archive) -> None:
    created = make_archive()  # bound, in the in-memory keyring
    root = created.session.archive.layout.root
    code = created.recovery_code
    created.session.close()
    before = _digest(root)
    old = keyring.get_keyring()
    keyring.set_keyring(LockedKeyring())
    try:
        with pytest.raises(BindingLost) as info:
            recovery_service.recover(root, code, admin="admin", new_password="a-new-admin-pass-1",
                                 kdf=FAST_FOR_TESTS)  # fmt: skip
    finally:
        keyring.set_keyring(old)
    assert info.value.fields["reason"] == "keyring_unavailable"
    assert read_meta(ArchiveLayout(root)).binding == "keyring"
    slots = load_slots(root / "keyslots.json")
    assert all(s.device_bound for s in slots.slots if s.kind == "user")
    after = _digest(root)
    assert after["keyslots.json"] == before["keyslots.json"]
    assert after["archive.json"] == before["archive.json"]
