"""Accounts and the recovery code: add, list, change or reset passwords, unlock, disable, rotate.

Key-slot changes follow one order, under the writer lock, so a crash at any point leaves a working
archive: (1) the new slot is added to keyslots.json beside the old one, (2) the database commits
the slot registry change with its audit entry, (3) the replaced slot is removed from the file.
A slot the registry no longer lists is refused even if it still opens (StaleKeySlot).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from xueji_desktop.core import recovery_code
from xueji_desktop.core.errors import (
    BindingLost,
    LastAdmin,
    PermissionDenied,
    UserExists,
    UserNotFound,
    ValidationError,
    WrongRecoveryCode,
)
from xueji_desktop.core.passwords import check_password, check_username, normalize_password
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
from xueji_desktop.storage import keyslots, keystore
from xueji_desktop.storage.kdf import PRODUCTION, KdfParams
from xueji_desktop.storage.layout import now_utc, write_meta


@dataclass(frozen=True)
class UserInfo:
    username: str
    display_name: str
    roles: frozenset[Role]
    disabled: bool
    locked: bool


def _school_name(handle: ArchiveHandle) -> str:
    row = handle.db.conn.execute("SELECT name FROM school WHERE id = 1").fetchone()
    return str(row[0]) if row else ""


def _replace_slot(
    handle: ArchiveHandle,
    *,
    kind: str,
    username: str,
    secret: bytes,
    kdf: KdfParams,
    device_secret: bytes | None,
) -> tuple[keyslots.KeySlot, set[str]]:
    """Step 1: add a new slot to the file. Returns it and the ids of the slots it replaces."""
    slot_file = keyslots.load(handle.layout.keyslots)
    new = keyslots.seal(
        handle.archive_id,
        handle.keys,
        kind=kind,
        user=username,
        secret=secret,
        params=kdf,
        device_secret=device_secret,
    )
    if kind == "user":
        old = {s.slot_id for s in slot_file.for_user(username)}
    else:
        old = {s.slot_id for s in slot_file.recovery()}
    keyslots.save(handle.layout.keyslots, slot_file.with_slot(new))
    return new, old


def _drop_slots(handle: ArchiveHandle, slot_ids: set[str]) -> None:
    """Step 3 (or the undo of step 1): remove slots from the file."""
    if not slot_ids:
        return
    slot_file = keyslots.load(handle.layout.keyslots)
    keyslots.save(handle.layout.keyslots, slot_file.without(drop=slot_ids))


def _set_user_slot(
    handle: ArchiveHandle,
    actor: str,
    username: str,
    password: str,
    action: str,
    kdf: KdfParams,
    extra_sql: list[tuple[str, tuple[object, ...]]],
    details: dict[str, object],
) -> None:
    if handle.meta.bound != (handle.device_secret is not None):
        raise RuntimeError("binding and device secret disagree; refusing to seal a slot")
    db = handle.db
    with db.atomic() as conn:
        new, old = _replace_slot(
            handle,
            kind="user",
            username=username,
            secret=normalize_password(password).encode(),
            kdf=kdf,
            device_secret=handle.device_secret,
        )
        try:
            with db.atomic():
                for sql, params in extra_sql:
                    conn.execute(sql, params)
                conn.execute(
                    "DELETE FROM slot_registry WHERE kind = 'user' AND username = ?", (username,)
                )
                conn.execute(
                    "INSERT INTO slot_registry VALUES (?, 'user', ?, ?)",
                    (new.slot_id, username, now_utc()),
                )
                audit.record(
                    handle, actor, action, target_type="user", target_id=username, details=details
                )
        except BaseException:
            with contextlib.suppress(Exception):
                _drop_slots(handle, {new.slot_id})
            raise
        db.after_commit(lambda: _drop_slots(handle, old))


def add_user(
    session: Session,
    *,
    admin_password: str,
    username: str,
    password: str,
    roles: frozenset[Role],
    display_name: str = "",
    kdf: KdfParams = PRODUCTION,
) -> None:
    session.require(Permission.MANAGE_USERS)
    reauthenticate(session, admin_password)
    username = check_username(username)
    if not roles:
        raise ValidationError(field="roles", reason="empty")
    h = session.archive
    if h.db.conn.execute("SELECT 1 FROM users WHERE username = ?", (username,)).fetchone():
        raise UserExists(user=username)
    check_password(
        password,
        roles,
        common=common_passwords(),
        context=(_school_name(h), username, display_name),
    )
    insert = (
        "INSERT INTO users (username, display_name, roles, created_at) VALUES (?,?,?,?)",
        (username, display_name or username, format_roles(roles), now_utc()),
    )
    _set_user_slot(
        h,
        session.username,
        username,
        password,
        "user_added",
        kdf,
        [insert],
        {"roles": format_roles(roles), "display_name": display_name},
    )


def list_users(session: Session) -> list[UserInfo]:
    session.require(Permission.MANAGE_USERS)
    h = session.archive
    tf = throttle_file(h.layout, h.meta, h.device_secret, h.clock)
    state = tf.load()
    now = h.clock()
    out = []
    rows = h.db.conn.execute(
        "SELECT username, display_name, roles, disabled FROM users ORDER BY username"
    )
    for name, display, roles, disabled in rows.fetchall():
        counter = state.counters.get(tf.key_for(name))
        locked = counter is not None and counter.locked_until > now
        out.append(UserInfo(name, display, parse_roles(roles), bool(disabled), locked))
    return out


def _require_user(handle: ArchiveHandle, username: str) -> tuple[frozenset[Role], bool]:
    row = handle.db.conn.execute(
        "SELECT roles, disabled FROM users WHERE username = ?", (username,)
    ).fetchone()
    if row is None:
        raise UserNotFound(user=username)
    return parse_roles(row[0]), bool(row[1])


def change_own_password(
    session: Session, *, current_password: str, new_password: str, kdf: KdfParams = PRODUCTION
) -> None:
    if session.locked:
        session.require(Permission.READ_RECORDS)
    reauthenticate(session, current_password)
    h = session.archive
    check_password(
        new_password,
        session.roles,
        common=common_passwords(),
        context=(_school_name(h), session.username),
    )
    _set_user_slot(
        h, session.username, session.username, new_password, "password_changed", kdf, [], {}
    )
    session.slot_id = keyslots.load(h.layout.keyslots).for_user(session.username)[-1].slot_id


def reset_password(
    session: Session,
    *,
    admin_password: str,
    username: str,
    new_password: str,
    kdf: KdfParams = PRODUCTION,
) -> None:
    """An admin sets another user's password without ever learning the old one."""
    session.require(Permission.MANAGE_USERS)
    if username == session.username:
        raise PermissionDenied(permission="reset_own_password", user=username)
    reauthenticate(session, admin_password)
    h = session.archive
    roles, _ = _require_user(h, username)
    check_password(
        new_password, roles, common=common_passwords(), context=(_school_name(h), username)
    )
    _set_user_slot(h, session.username, username, new_password, "password_reset", kdf, [], {})
    _clear_counter(h, username)


def unlock(session: Session, *, admin_password: str, username: str) -> None:
    """Lift a lockout before its 15 minutes are up (the admin's password is asked again)."""
    session.require(Permission.MANAGE_USERS)
    reauthenticate(session, admin_password)
    h = session.archive
    _require_user(h, username)
    with h.db.atomic():
        audit.record(h, session.username, "user_unlocked", target_type="user", target_id=username)
        h.db.after_commit(lambda: _clear_counter(h, username))


def _clear_counter(h: ArchiveHandle, username: str) -> None:
    tf = throttle_file(h.layout, h.meta, h.device_secret, h.clock)
    clear_counter(h.layout, tf, tf.key_for(username))


def set_disabled(session: Session, *, admin_password: str, username: str, disabled: bool) -> None:
    session.require(Permission.MANAGE_USERS)
    reauthenticate(session, admin_password)
    h = session.archive
    roles, was = _require_user(h, username)
    if disabled and username == session.username:
        raise LastAdmin(user=username)
    if disabled and Role.ADMIN in roles:
        admins = [u for u in list_users(session) if Role.ADMIN in u.roles and not u.disabled]
        if len(admins) <= 1:
            raise LastAdmin(user=username)
    if was == disabled:
        return
    with h.db.atomic() as conn:
        conn.execute("UPDATE users SET disabled = ? WHERE username = ?", (int(disabled), username))
        audit.record(
            h,
            session.username,
            "user_disabled" if disabled else "user_enabled",
            target_type="user",
            target_id=username,
            details={"disabled": [was, disabled]},
        )


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
        new, old = _replace_slot(
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
                _drop_slots(h, {new.slot_id})
            raise
        h.db.after_commit(lambda: _drop_slots(h, old))
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
            new_password, roles, common=common_passwords(), context=(_school_name(handle), admin)
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
        _set_user_slot(
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
