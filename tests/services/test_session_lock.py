"""services/session_lock: idle period setting, lock, unlock with the same user's password."""

from __future__ import annotations

import pytest

from tests.conftest import ADMIN, ADMIN_PASSWORD, CLERK, CLERK_PASSWORD, add_clerk
from xueji_desktop.core.errors import (
    AccountDisabled,
    AccountLocked,
    ArchiveLocked,
    PermissionDenied,
    ValidationError,
    WrongCredentials,
)
from xueji_desktop.services import session_lock
from xueji_desktop.services import users as user_service
from xueji_desktop.services.archive import Created, login
from xueji_desktop.services.context import Session


def _actions(session: Session) -> list[tuple[str, str, str]]:
    rows = session.archive.db.conn.execute(
        "SELECT actor, action, target_id FROM audit_log ORDER BY seq"
    ).fetchall()
    return [(str(a), str(b), str(c)) for a, b, c in rows]


def test_idle_period_defaults_to_ten_minutes_and_an_admin_changes_it(archive: Created) -> None:
    session = archive.session
    assert session_lock.auto_lock_minutes(session) == 10
    session_lock.set_auto_lock_minutes(session, 25)
    assert session_lock.auto_lock_minutes(session) == 25
    assert _actions(session)[-1] == (ADMIN, "setting_changed", "auto_lock_minutes")


@pytest.mark.parametrize("bad", [0, -5, 121, 10_000, True, "10", None, 2.5])
def test_idle_period_outside_one_to_120_minutes_is_refused(archive: Created, bad: object) -> None:
    session = archive.session
    before = _actions(session)
    with pytest.raises(ValidationError) as info:
        session_lock.set_auto_lock_minutes(session, bad)  # type: ignore[arg-type]
    assert info.value.fields["field"] == "auto_lock_minutes"
    assert _actions(session) == before
    assert session_lock.auto_lock_minutes(session) == 10


def test_a_clerk_reads_the_period_but_may_not_change_it(archive: Created) -> None:
    add_clerk(archive)
    clerk = login(archive.session.archive.layout.root, CLERK, CLERK_PASSWORD)
    try:
        assert session_lock.auto_lock_minutes(clerk) == 10
        with pytest.raises(PermissionDenied):
            session_lock.set_auto_lock_minutes(clerk, 5)
        session_lock.lock_session(clerk, reason="manual")  # every role may lock its own session
        assert clerk.locked
        session_lock.unlock_session(clerk, CLERK_PASSWORD)
        assert not clerk.locked
    finally:
        clerk.close()


def test_a_garbage_stored_period_reads_as_the_default(archive: Created) -> None:
    session = archive.session
    for stored in ("abc", "0", "9999", ""):
        with session.archive.db.atomic() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES ('auto_lock_minutes', ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (stored,),
            )
        assert session_lock.auto_lock_minutes(session) == 10


def test_lock_refuses_every_service_until_the_right_password(archive: Created) -> None:
    session = archive.session
    session_lock.lock_session(session, reason="idle")
    assert session.locked
    with pytest.raises(ArchiveLocked):
        session_lock.auto_lock_minutes(session)
    with pytest.raises(ArchiveLocked):
        session_lock.lock_session(session, reason="manual")
    with pytest.raises(WrongCredentials):
        session_lock.unlock_session(session, "not-the-password")
    assert session.locked
    session_lock.unlock_session(session, ADMIN_PASSWORD)
    assert not session.locked
    assert session_lock.auto_lock_minutes(session) == 10
    actions = [a for a in _actions(session) if a[1].startswith("session_")]
    assert actions == [(ADMIN, "session_locked", ADMIN), (ADMIN, "session_unlocked", ADMIN)]
    details = session.archive.db.conn.execute(
        "SELECT details FROM audit_log WHERE action = 'session_locked'"
    ).fetchone()[0]
    assert "idle" in details


def test_unlock_of_an_unlocked_session_changes_nothing(archive: Created) -> None:
    session = archive.session
    before = _actions(session)
    session_lock.unlock_session(session, "anything at all")
    assert _actions(session) == before and not session.locked


def test_an_unknown_lock_reason_is_refused(archive: Created) -> None:
    with pytest.raises(ValidationError):
        session_lock.lock_session(archive.session, reason="because")
    assert not archive.session.locked


def test_guessing_at_the_lock_screen_locks_the_account(archive: Created) -> None:
    session = archive.session
    now = [session.archive.clock()]
    session.archive.clock = lambda: now[0]  # the delays between attempts pass at once
    session_lock.lock_session(session, reason="manual")
    outcomes: list[str] = []
    for _ in range(20):
        now[0] += 120
        try:
            session_lock.unlock_session(session, "guess")
        except (WrongCredentials, AccountLocked) as exc:
            outcomes.append(exc.code)
        if outcomes[-1] == "account_locked":
            break
    assert outcomes[-1] == "account_locked" and outcomes[0] == "wrong_credentials"
    with pytest.raises(AccountLocked):
        session_lock.unlock_session(session, ADMIN_PASSWORD)  # even the right one, for now
    assert session.locked


def test_another_users_password_does_not_unlock(archive: Created) -> None:
    add_clerk(archive)
    session = archive.session
    session_lock.lock_session(session, reason="manual")
    with pytest.raises(WrongCredentials):
        session_lock.unlock_session(session, CLERK_PASSWORD)
    assert session.locked


def test_an_account_disabled_meanwhile_stays_locked(archive: Created) -> None:
    add_clerk(archive)
    root = archive.session.archive.layout.root
    clerk = login(root, CLERK, CLERK_PASSWORD)
    try:
        session_lock.lock_session(clerk, reason="idle")
        user_service.set_disabled(
            archive.session, admin_password=ADMIN_PASSWORD, username=CLERK, disabled=True
        )
        with pytest.raises(AccountDisabled):
            session_lock.unlock_session(clerk, CLERK_PASSWORD)
        assert clerk.locked
        unlocked = [a for a in _actions(archive.session) if a[1] == "session_unlocked"]
        assert unlocked == []
    finally:
        clerk.close()
