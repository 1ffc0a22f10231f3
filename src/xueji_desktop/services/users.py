"""Accounts: add, list, change or reset passwords, unlock, disable.

Every function takes the session and checks its role first; changes that matter ask for the
admin's password again. Key-slot plumbing lives in ``services.slots``.
"""

from __future__ import annotations

from dataclasses import dataclass

from xueji_desktop.core.errors import (
    LastAdmin,
    PermissionDenied,
    UserExists,
    UserNotFound,
    ValidationError,
)
from xueji_desktop.core.passwords import check_password, check_username
from xueji_desktop.core.roles import Permission, Role, format_roles, parse_roles
from xueji_desktop.services import audit
from xueji_desktop.services.archive import reauthenticate
from xueji_desktop.services.auth import clear_counter, common_passwords, throttle_file
from xueji_desktop.services.context import ArchiveHandle, Session
from xueji_desktop.services.slots import school_name_of, set_user_slot
from xueji_desktop.storage import keyslots
from xueji_desktop.storage.kdf import PRODUCTION, KdfParams
from xueji_desktop.storage.layout import now_utc


@dataclass(frozen=True)
class UserInfo:
    username: str
    display_name: str
    roles: frozenset[Role]
    disabled: bool
    locked: bool


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
        context=(school_name_of(h), username, display_name),
    )
    insert = (
        "INSERT INTO users (username, display_name, roles, created_at) VALUES (?,?,?,?)",
        (username, display_name or username, format_roles(roles), now_utc()),
    )
    set_user_slot(
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
        context=(school_name_of(h), session.username),
    )
    set_user_slot(
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
        new_password, roles, common=common_passwords(), context=(school_name_of(h), username)
    )
    set_user_slot(h, session.username, username, new_password, "password_reset", kdf, [], {})
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
