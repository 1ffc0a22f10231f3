"""Locking a session (idle or on demand) and unlocking it with the same user's password.

While ``session.locked`` is true every service refuses (``Session.require`` raises
ArchiveLocked); the desktop covers every window meanwhile. Unlocking needs the password of the
user who is signed in (``archive.reauthenticate``: throttled like a login, so guessing at a locked
screen locks the account) and refuses an account disabled since the login. Lock and unlock are
audited (``session_locked`` / ``session_unlocked``), and so is a change of the idle period, which
lives in the ``settings`` table (``auto_lock_minutes``, default 10, 1..120).
"""

from __future__ import annotations

from xueji_desktop.core.errors import AccountDisabled, ValidationError
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit
from xueji_desktop.services.archive import reauthenticate
from xueji_desktop.services.context import Session
from xueji_desktop.services.settings_store import read_setting, write_setting

AUTO_LOCK_KEY = "auto_lock_minutes"
DEFAULT_MINUTES = 10
MIN_MINUTES = 1
MAX_MINUTES = 120
LOCK_REASONS = frozenset({"idle", "manual"})


def auto_lock_minutes(session: Session) -> int:
    """The idle period after which the desktop locks itself, in minutes."""
    session.require(Permission.READ_RECORDS)
    text = read_setting(session.archive.db.conn, AUTO_LOCK_KEY, str(DEFAULT_MINUTES))
    try:
        minutes = int(text)
    except ValueError:
        return DEFAULT_MINUTES  # a value written outside the program: the safe default
    return minutes if MIN_MINUTES <= minutes <= MAX_MINUTES else DEFAULT_MINUTES


def set_auto_lock_minutes(session: Session, minutes: int) -> None:
    """Set the idle period (admin); ValidationError(field="auto_lock_minutes") outside 1..120."""
    session.require(Permission.MANAGE_SETTINGS)
    if not isinstance(minutes, int) or isinstance(minutes, bool):
        raise ValidationError(field=AUTO_LOCK_KEY, reason="type")
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ValidationError(
            field=AUTO_LOCK_KEY, reason="range", minimum=MIN_MINUTES, maximum=MAX_MINUTES
        )
    write_setting(session.archive, session.username, AUTO_LOCK_KEY, str(minutes))


def lock_session(session: Session, *, reason: str) -> None:
    """Lock now: from here on every service call of this session is refused until unlocked."""
    session.require(Permission.READ_RECORDS)
    if reason not in LOCK_REASONS:
        raise ValidationError(field="reason", reason="unknown")
    # Locked before the audit entry is written: if the writer is busy the lock still holds.
    session.locked = True
    h = session.archive
    with h.db.atomic():
        audit.record(h, session.username, "session_locked", target_type="user",
                     target_id=session.username, details={"reason": reason})  # fmt: skip


def unlock_session(session: Session, password: str) -> None:
    """Unlock with the signed-in user's own password.

    Raises what a login raises for a wrong password (WrongCredentials, LoginThrottled,
    AccountLocked) and AccountDisabled when an administrator disabled the account meanwhile; the
    session then stays locked. An unlocked session has nothing to unlock.
    """
    if not session.locked:
        session.require(Permission.READ_RECORDS)
        return
    # The authority here is the password, not a role: a locked session refuses every require.
    reauthenticate(session, password)
    h = session.archive
    row = h.db.conn.execute(
        "SELECT disabled FROM users WHERE username = ?", (session.username,)
    ).fetchone()
    if row is None or row[0]:
        raise AccountDisabled(user=session.username)
    with h.db.atomic():
        audit.record(h, session.username, "session_unlocked", target_type="user",
                     target_id=session.username)  # fmt: skip
    session.locked = False
