"""The recovery code and the audit anchor: verify, rotate, recover, re-anchor.

The recovery code alone opens the archive anywhere (``recover``); rotating it makes the old one
stop working. Both show the code through a ``deliver`` callback before anything commits.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from xueji_desktop.core import recovery_code
from xueji_desktop.core.errors import (
    BindingLost,
    PermissionDenied,
    ValidationError,
    WrongRecoveryCode,
)
from xueji_desktop.core.passwords import check_password
from xueji_desktop.core.roles import Permission, Role, format_roles, parse_roles
from xueji_desktop.services import audit
from xueji_desktop.services.archive import open_with_recovery, reauthenticate
from xueji_desktop.services.auth import (
    DEVICE_ITEM,
    RECOVERY_COUNTER,
    clear_counter,
    common_passwords,
    login_lock,
    throttle_file,
    unlock_recovery,
)
from xueji_desktop.services.context import ArchiveHandle, Session
from xueji_desktop.services.slots import drop_slots, replace_slot, school_name_of, set_user_slot
from xueji_desktop.storage import keyslots, keystore
from xueji_desktop.storage.kdf import PRODUCTION, KdfParams
from xueji_desktop.storage.layout import now_utc, write_meta

# -- audit anchor -----------------------------------------------------------------------------


def reanchor_audit(session: Session, *, admin_password: str) -> int:
    """After an admin has looked into a missing or mismatching anchor: anchor the current head.

    Refused while any entry fails its MAC (that is damage or tampering, not a lost anchor).
    Returns the anchored sequence number. Audited, with the anchor it replaces.
    """
    session.require(Permission.MANAGE_SETTINGS)
    reauthenticate(session, admin_password)
    h = session.archive
    report = audit.verify(h)
    if report.reason in ("mac", "gap"):
        raise ValidationError(field="audit_log", reason="chain_broken", seq=report.first_bad_seq)
    previous = audit.read_anchor(h)
    with h.db.atomic():
        seq = audit.record(
            h,
            session.username,
            "audit_reanchored",
            details={
                "previous_anchor_seq": previous[0] if previous else None,
                "finding": report.reason,
            },
        )
        head = audit.head(h.db.conn)
        assert head is not None and head[0] == seq
        h.db.after_commit(lambda: audit.write_anchor(h, *head))
    return seq


# -- recovery code -----------------------------------------------------------------------------


def verify_recovery_code(session: Session, code: str) -> bool:
    """Check a typed code against the archive (throttled like a login). Raises on a typo."""
    session.require(Permission.CHECK_ARCHIVE)
    compact = recovery_code.normalize(code)
    h = session.archive
    try:
        unlocked, tf, _ = unlock_recovery(h.layout, compact, clock=h.clock)
    except WrongRecoveryCode:
        ok = False
    else:
        ok = unlocked.bundle == h.keys and _registered(h, unlocked.slot.slot_id)
        clear_counter(h.layout, tf, RECOVERY_COUNTER)
    with h.db.atomic():
        audit.record(h, session.username, "recovery_code_verified", details={"ok": ok})
    return ok


def _registered(h: ArchiveHandle, slot_id: str) -> bool:
    q = "SELECT 1 FROM slot_registry WHERE slot_id = ?"
    return h.db.conn.execute(q, (slot_id,)).fetchone() is not None


def rotate_recovery_code(
    session: Session,
    *,
    admin_password: str,
    kdf: KdfParams = PRODUCTION,
    deliver: Callable[[str], None] | None = None,
) -> str:
    """A new code; the old one stops working. Returns the new code (shown once).

    ``deliver(code)`` shows or prints the code before anything commits: if it raises, nothing
    changes and the old code keeps working (no archive is left with a code nobody saw).
    """
    session.require(Permission.ROTATE_KEYS)
    reauthenticate(session, admin_password)
    h = session.archive
    code = recovery_code.generate()
    with h.db.atomic() as conn:
        new, old = replace_slot(
            h,
            kind="recovery",
            username="",
            secret=recovery_code.normalize(code).encode(),
            kdf=kdf,
            device_secret=None,
        )
        try:
            with h.db.atomic():
                conn.execute("DELETE FROM slot_registry WHERE kind = 'recovery'")
                conn.execute(
                    "INSERT INTO slot_registry VALUES (?, 'recovery', NULL, ?)",
                    (new.slot_id, now_utc()),
                )
                audit.record(h, session.username, "recovery_code_rotated")
                if deliver is not None:
                    deliver(code)
        except BaseException:
            with contextlib.suppress(Exception):
                drop_slots(h, {new.slot_id})
            raise
        h.db.after_commit(lambda: drop_slots(h, old))
    return code


def recover(
    root: Path, code: str, *, admin: str, new_password: str, kdf: KdfParams = PRODUCTION
) -> Session:
    """The workstation died or the admin forgot: the recovery code sets ``admin``'s password.

    Creates the admin if absent; other accounts keep their passwords. Where this workstation has a
    keyring, the archive is (re)bound to it; the admin's new slot uses the new binding.
    """
    handle, _slot = open_with_recovery(root, code)
    try:
        admin = admin.strip()
        row = handle.db.conn.execute("SELECT roles FROM users WHERE username = ?", (admin,))
        existing = row.fetchone()
        roles = parse_roles(existing[0]) if existing else frozenset({Role.ADMIN, Role.CLERK})
        if Role.ADMIN not in roles:
            raise PermissionDenied(permission="recover", user=admin)
        check_password(
            new_password, roles, common=common_passwords(), context=(school_name_of(handle), admin)
        )
        # The counters were saved under the binding in force before: read them with it.
        old_tf = throttle_file(handle.layout, handle.meta, handle.device_secret, handle.clock)
        _rebind(handle)
        extra: list[tuple[str, tuple[object, ...]]] = []
        if existing is None:
            extra.append(
                (
                    "INSERT INTO users (username, display_name, roles, created_at) "
                    "VALUES (?,?,?,?)",
                    (admin, admin, format_roles(roles), now_utc()),
                )
            )
        else:
            extra.append(("UPDATE users SET disabled = 0 WHERE username = ?", (admin,)))
        set_user_slot(
            handle,
            admin,
            admin,
            new_password,
            "recovered_with_code",
            kdf,
            extra,
            {"created": existing is None, "binding": handle.meta.binding},
        )
        if audit.read_anchor(handle) is None:
            # The anchor went with the old workstation's keyring: the recovery (audited just
            # above) is the explicit act that anchors the head again.
            head = audit.head(handle.db.conn)
            if head is not None:
                with contextlib.suppress(keystore.KeystoreUnavailable):
                    audit.write_anchor(handle, *head)
        slot_id = keyslots.load(handle.layout.keyslots).for_user(admin)[-1].slot_id
        with login_lock(handle.layout):
            state = old_tf.load()
            # The recovery code proved who is here: a streak from an unreadable file is void.
            state.tampered_at = None
            tf = throttle_file(handle.layout, handle.meta, handle.device_secret, handle.clock)
            state.counters.pop(tf.key_for(admin), None)
            state.counters.pop(RECOVERY_COUNTER, None)
            tf.save(state)
        return Session(handle, admin, roles, slot_id)
    except BaseException:
        handle.close()
        raise


def _rebind(handle: ArchiveHandle) -> None:
    """Bind to this workstation's keyring when it has one (keeping a device secret still there).

    No secure keyring here: the archive becomes password-only, said in archive.json, in the audit
    entry and by the CLI. A keyring that exists but cannot be used right now (locked, its service
    not answering) stops the recovery before anything changes: never a silent downgrade.
    """
    backend = keystore.backend_name()
    if backend is None:
        if handle.meta.bound:
            handle.meta = replace(handle.meta, binding="none", keyring_backend=None)
            handle.device_secret = None
            write_meta(handle.layout, handle.meta)
        return
    try:
        secret = handle.device_secret or keystore.get_secret(handle.archive_id, DEVICE_ITEM)
        if secret is None or len(secret) != 32:
            secret = os.urandom(32)
            keystore.set_secret(handle.archive_id, DEVICE_ITEM, secret)
    except keystore.KeystoreUnavailable:
        raise BindingLost(backend=backend, reason="keyring_unavailable") from None
    handle.device_secret = secret
    handle.meta = replace(handle.meta, binding="keyring", keyring_backend=backend)
    write_meta(handle.layout, handle.meta)
