"""Accounts: add (with the admin's password again), password policy, reset, change, disable, list.

Every change writes exactly one audit entry of its own action; reads write none. Issue #2, §3.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import ADMIN, ADMIN_PASSWORD, CLERK, CLERK_PASSWORD, SCHOOL
from xueji_desktop.core.errors import (
    AccountDisabled,
    AccountLocked,
    LastAdmin,
    LoginThrottled,
    PasswordRejected,
    PermissionDenied,
    UserExists,
    UserNotFound,
    ValidationError,
    WrongCredentials,
)
from xueji_desktop.core.roles import Role
from xueji_desktop.services import users as user_service
from xueji_desktop.services.archive import Created, login
from xueji_desktop.services.context import Session
from xueji_desktop.storage.kdf import FAST_FOR_TESTS

ADMIN2 = "admin2"
ADMIN2_PASSWORD = "second-admin-passphrase"
FAST = {"kdf": FAST_FOR_TESTS}
CLERK_ROLES = frozenset({Role.CLERK})
ADMIN_ROLES = frozenset({Role.ADMIN})


@pytest.fixture
def session(archive: Created) -> Session:
    return archive.session


@pytest.fixture
def root(session: Session) -> Path:
    return session.archive.layout.root


def add(session: Session, name: str, password: str, roles: frozenset[Role] = CLERK_ROLES) -> None:
    user_service.add_user(
        session,
        admin_password=ADMIN_PASSWORD,
        username=name,
        password=password,
        roles=roles,
        **FAST,
    )


def head(session: Session) -> int:
    return int(session.archive.db.conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0])


def entries_since(session: Session, seq: int) -> list[tuple[str, str, str]]:
    rows = session.archive.db.conn.execute(
        "SELECT actor, action, target_id FROM audit_log WHERE seq > ? ORDER BY seq", (seq,)
    ).fetchall()
    return [tuple(r) for r in rows]


def user_names(session: Session) -> list[str]:
    return [u.username for u in user_service.list_users(session)]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def can_login(root: Path, name: str, password: str) -> bool:
    try:
        login(root, name, password).close()
    except WrongCredentials:
        return False
    return True


@pytest.fixture
def audit_one(session: Session) -> Iterator[Callable[[str, str], None]]:
    """``audit_one(action, target)`` asserts exactly one new entry since the previous check."""
    mark = [head(session)]

    def check(action: str, target: str) -> None:
        assert entries_since(session, mark[0]) == [(session.username, action, target)]
        mark[0] = head(session)

    yield check


# -- add_user -----------------------------------------------------------------------------------


def test_add_user_writes_one_entry_and_the_user_can_log_in(
    session: Session, root: Path, audit_one: Callable[[str, str], None]
) -> None:
    add(session, CLERK, CLERK_PASSWORD)
    audit_one("user_added", CLERK)
    s = login(root, CLERK, CLERK_PASSWORD)
    try:
        assert s.roles == CLERK_ROLES
    finally:
        s.close()


def test_add_user_needs_the_admin_password_again(session: Session, root: Path) -> None:
    slots_before, seq = sha(root / "keyslots.json"), head(session)
    with pytest.raises(WrongCredentials):
        user_service.add_user(
            session,
            admin_password=ADMIN_PASSWORD + "x",
            username=CLERK,
            password=CLERK_PASSWORD,
            roles=CLERK_ROLES,
            **FAST,
        )
    assert user_names(session) == [ADMIN]
    assert sha(root / "keyslots.json") == slots_before
    assert entries_since(session, seq) == []
    assert not can_login(root, CLERK, CLERK_PASSWORD)


def test_add_user_refuses_duplicates_and_bad_names(session: Session) -> None:
    add(session, CLERK, CLERK_PASSWORD)
    seq = head(session)
    with pytest.raises(UserExists):
        add(session, CLERK, "another-fine-password")
    for bad in ("", "   ", "a:b", "tab\tname", "x" * 65):
        with pytest.raises(ValidationError):
            add(session, bad, "another-fine-password")
    with pytest.raises(ValidationError):
        add(session, "noroles", "another-fine-password", frozenset())
    assert entries_since(session, seq) == []
    assert user_names(session) == [ADMIN, CLERK]


# -- password policy ----------------------------------------------------------------------------

PHRASE_64 = "correct horse battery staple, and then a much longer sentence of it"
PHRASE_128 = "".join("abcdefghijklmnopqrstuvwxyz234567"[(i * 7) % 32] for i in range(128))

POLICY = [
    # (roles, user, password, refusal reason or None when accepted)
    (CLERK_ROLES, "u1", "qz7-Lm4x", None),  # 8 is enough for a clerk
    (CLERK_ROLES, "u2", "qz7-Lm4", "too_short"),
    (frozenset({Role.VIEWER}), "u3", "qz7-Lm4x", None),
    (frozenset({Role.VIEWER}), "u4", "qz7-Lm4", "too_short"),
    (ADMIN_ROLES, "u5", "qz7-Lm4x-Rt", "too_short"),  # 11: an admin needs 12
    (ADMIN_ROLES, "u6", "qz7-Lm4x-Rtw", None),
    (frozenset({Role.ADMIN, Role.CLERK}), "u7", "qz7-Lm4x-Rt", "too_short"),
    (CLERK_ROLES, "u8", "password123", "common"),
    (CLERK_ROLES, "u9", "PASSWORD123", "common"),
    (CLERK_ROLES, "u10", "12345678", "common"),
    (CLERK_ROLES, "u11", "aaaaaaaaaaaa", "common"),
    (CLERK_ROLES, "u12", "        ", "blank"),
    (CLERK_ROLES, "u13", SCHOOL + "2026", "context"),  # the school's name
    (CLERK_ROLES, "wanglei", "wanglei2026", "context"),  # the user's own name
    (CLERK_ROLES, "u15", "xueji-2026!", "context"),  # the app's name
    (CLERK_ROLES, "u16", "学籍12345678", "context"),
    (CLERK_ROLES, "u17", "archive2026", "context"),
    (CLERK_ROLES, "u18", PHRASE_64, None),
    (CLERK_ROLES, "u19", PHRASE_128, None),
    (CLERK_ROLES, "u20", PHRASE_128 + "q", "too_long"),
]


@pytest.mark.parametrize(("roles", "user", "password", "reason"), POLICY)
def test_password_policy(
    session: Session,
    root: Path,
    roles: frozenset[Role],
    user: str,
    password: str,
    reason: str | None,
) -> None:
    if reason is None:
        add(session, user, password, roles)
        assert user in user_names(session)
        assert can_login(root, user, password)
        return
    seq = head(session)
    with pytest.raises(PasswordRejected) as info:
        add(session, user, password, roles)
    assert info.value.fields["reason"] == reason
    assert user not in user_names(session)
    assert entries_since(session, seq) == []


def test_policy_phrase_lengths() -> None:
    assert len(PHRASE_64) >= 64
    assert len(PHRASE_128) == 128


def test_policy_applies_to_every_way_a_password_is_set(session: Session) -> None:
    add(session, CLERK, CLERK_PASSWORD)
    with pytest.raises(PasswordRejected):
        user_service.reset_password(
            session,
            admin_password=ADMIN_PASSWORD,
            username=CLERK,
            new_password="12345678",
            **FAST,
        )
    with pytest.raises(PasswordRejected) as info:  # an admin's own password needs 12
        user_service.change_own_password(
            session, current_password=ADMIN_PASSWORD, new_password="qz7-Lm4x-Rt", **FAST
        )
    assert info.value.fields["reason"] == "too_short"


# -- reset_password -----------------------------------------------------------------------------


def test_admin_resets_a_password_without_learning_the_old_one(
    session: Session, root: Path, audit_one: Callable[[str, str], None]
) -> None:
    add(session, CLERK, CLERK_PASSWORD)
    audit_one("user_added", CLERK)
    new = "fresh-start-2026-x"
    result = user_service.reset_password(
        session, admin_password=ADMIN_PASSWORD, username=CLERK, new_password=new, **FAST
    )
    assert result is None  # nothing comes back, least of all the old password
    audit_one("password_reset", CLERK)
    assert can_login(root, CLERK, new)
    assert not can_login(root, CLERK, CLERK_PASSWORD)
    details = session.archive.db.conn.execute("SELECT details FROM audit_log").fetchall()
    for (text,) in details:
        assert CLERK_PASSWORD not in text and new not in text
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert CLERK_PASSWORD.encode() not in data and new.encode() not in data, path


def test_reset_needs_the_admin_password_and_an_existing_user(session: Session, root: Path) -> None:
    add(session, CLERK, CLERK_PASSWORD)
    with pytest.raises(WrongCredentials):
        user_service.reset_password(
            session,
            admin_password="not-my-password-x",
            username=CLERK,
            new_password="fresh-start-2026-x",
            **FAST,
        )
    assert can_login(root, CLERK, CLERK_PASSWORD)
    with pytest.raises(UserNotFound):
        user_service.reset_password(
            session,
            admin_password=ADMIN_PASSWORD,
            username="nobody",
            new_password="fresh-start-2026-x",
            **FAST,
        )


def test_reset_of_your_own_password_goes_through_change_own_password(session: Session) -> None:
    with pytest.raises(PermissionDenied):
        user_service.reset_password(
            session,
            admin_password=ADMIN_PASSWORD,
            username=ADMIN,
            new_password="fresh-start-2026-admin",
            **FAST,
        )


def test_reset_also_lifts_a_lock(session: Session, root: Path) -> None:
    add(session, CLERK, CLERK_PASSWORD)
    t = [1_800_000_000.0]
    for _ in range(40):  # real clock for the service, fake one for the attempts: far ahead
        try:
            login(root, CLERK, "wrong-wrong-wrong", clock=lambda: t[0])
        except LoginThrottled as exc:
            t[0] += float(exc.fields["retry_after"])  # type: ignore[arg-type]
        except AccountLocked:
            break
        except WrongCredentials:
            pass
    else:
        raise AssertionError("never locked")
    with pytest.raises(AccountLocked):
        login(root, CLERK, CLERK_PASSWORD, clock=lambda: t[0])
    user_service.reset_password(
        session,
        admin_password=ADMIN_PASSWORD,
        username=CLERK,
        new_password="fresh-start-2026-x",
        **FAST,
    )
    login(root, CLERK, "fresh-start-2026-x", clock=lambda: t[0]).close()


# -- change_own_password ------------------------------------------------------------------------


def test_change_own_password(
    session: Session, root: Path, audit_one: Callable[[str, str], None]
) -> None:
    new = "Another-Strong-Pass-77"
    user_service.change_own_password(
        session, current_password=ADMIN_PASSWORD, new_password=new, **FAST
    )
    audit_one("password_changed", ADMIN)
    assert can_login(root, ADMIN, new)
    assert not can_login(root, ADMIN, ADMIN_PASSWORD)
    # the open session goes on, and re-authenticates with the new password
    with pytest.raises(WrongCredentials):
        add(session, CLERK, CLERK_PASSWORD)  # re-authenticates with the old password
    user_service.add_user(
        session,
        admin_password=new,
        username=CLERK,
        password=CLERK_PASSWORD,
        roles=CLERK_ROLES,
        **FAST,
    )


def test_change_own_password_needs_the_current_one(session: Session, root: Path) -> None:
    slots_before, seq = sha(root / "keyslots.json"), head(session)
    with pytest.raises(WrongCredentials):
        user_service.change_own_password(
            session, current_password="guess-guess-guess", new_password="Another-Strong-1", **FAST
        )
    assert sha(root / "keyslots.json") == slots_before
    assert entries_since(session, seq) == []
    assert can_login(root, ADMIN, ADMIN_PASSWORD)


def test_a_clerk_changes_their_own_password(session: Session, root: Path) -> None:
    add(session, CLERK, CLERK_PASSWORD)
    clerk = login(root, CLERK, CLERK_PASSWORD)
    try:
        seq = head(clerk)
        user_service.change_own_password(
            clerk, current_password=CLERK_PASSWORD, new_password="my-own-choice-99", **FAST
        )
        assert entries_since(clerk, seq) == [(CLERK, "password_changed", CLERK)]
    finally:
        clerk.close()
    assert can_login(root, CLERK, "my-own-choice-99")
    assert not can_login(root, CLERK, CLERK_PASSWORD)


# -- disable / enable ---------------------------------------------------------------------------


def test_disable_and_enable(
    session: Session, root: Path, audit_one: Callable[[str, str], None]
) -> None:
    add(session, CLERK, CLERK_PASSWORD)
    audit_one("user_added", CLERK)
    user_service.set_disabled(session, admin_password=ADMIN_PASSWORD, username=CLERK, disabled=True)
    audit_one("user_disabled", CLERK)
    assert {u.username: u.disabled for u in user_service.list_users(session)}[CLERK] is True
    with pytest.raises(AccountDisabled):
        login(root, CLERK, CLERK_PASSWORD)
    user_service.set_disabled(
        session, admin_password=ADMIN_PASSWORD, username=CLERK, disabled=False
    )
    audit_one("user_enabled", CLERK)
    assert can_login(root, CLERK, CLERK_PASSWORD)


def test_disable_needs_the_admin_password(session: Session, root: Path) -> None:
    add(session, CLERK, CLERK_PASSWORD)
    seq = head(session)
    with pytest.raises(WrongCredentials):
        user_service.set_disabled(
            session, admin_password="nope-nope-nope", username=CLERK, disabled=True
        )
    assert entries_since(session, seq) == []
    assert can_login(root, CLERK, CLERK_PASSWORD)


def test_cannot_disable_yourself(session: Session) -> None:
    add(session, ADMIN2, ADMIN2_PASSWORD, ADMIN_ROLES)
    seq = head(session)
    with pytest.raises(LastAdmin):
        user_service.set_disabled(
            session, admin_password=ADMIN_PASSWORD, username=ADMIN, disabled=True
        )
    assert entries_since(session, seq) == []


def test_cannot_disable_the_last_admin(session: Session, root: Path) -> None:
    """admin2 disables admin; admin's session is still open and tries to return the favour."""
    add(session, ADMIN2, ADMIN2_PASSWORD, ADMIN_ROLES)
    other = login(root, ADMIN2, ADMIN2_PASSWORD)
    try:
        user_service.set_disabled(
            other, admin_password=ADMIN2_PASSWORD, username=ADMIN, disabled=True
        )
        seq = head(session)
        with pytest.raises(LastAdmin):
            user_service.set_disabled(
                session, admin_password=ADMIN_PASSWORD, username=ADMIN2, disabled=True
            )
        assert entries_since(session, seq) == []
        assert can_login(root, ADMIN2, ADMIN2_PASSWORD)
    finally:
        other.close()


def test_disable_unknown_user(session: Session) -> None:
    with pytest.raises(UserNotFound):
        user_service.set_disabled(
            session, admin_password=ADMIN_PASSWORD, username="nobody", disabled=True
        )


# -- unlock / list ------------------------------------------------------------------------------


def test_unlock_writes_one_entry(session: Session, audit_one: Callable[[str, str], None]) -> None:
    add(session, CLERK, CLERK_PASSWORD)
    audit_one("user_added", CLERK)
    user_service.unlock(session, admin_password=ADMIN_PASSWORD, username=CLERK)
    audit_one("user_unlocked", CLERK)
    with pytest.raises(UserNotFound):
        user_service.unlock(session, admin_password=ADMIN_PASSWORD, username="nobody")


def test_list_users(session: Session) -> None:
    add(session, CLERK, CLERK_PASSWORD)
    add(session, "viewer1", "quiet-reader-12", frozenset({Role.VIEWER}))
    add(session, ADMIN2, ADMIN2_PASSWORD, ADMIN_ROLES)
    user_service.set_disabled(
        session, admin_password=ADMIN_PASSWORD, username="viewer1", disabled=True
    )
    seq = head(session)
    listed = user_service.list_users(session)
    assert entries_since(session, seq) == []  # a read: no entry
    by_name = {u.username: u for u in listed}
    assert [u.username for u in listed] == sorted(by_name)
    assert by_name[ADMIN].roles == frozenset({Role.ADMIN, Role.CLERK})
    assert by_name[CLERK].roles == CLERK_ROLES
    assert by_name[ADMIN2].roles == ADMIN_ROLES
    assert by_name["viewer1"].disabled and not by_name[CLERK].disabled
    assert not any(u.locked for u in listed)
    assert by_name[CLERK].display_name == CLERK
    # nothing secret in what a list returns
    fields = {f.name for f in dataclasses.fields(listed[0])}
    assert fields == {"username", "display_name", "roles", "disabled", "locked"}
