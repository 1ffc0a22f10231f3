"""The recovery code: opens the archive anywhere, sets an admin's password, can be rotated.

Issue #2, §3 and §7: "with the keyring emptied, the recovery code opens the archive and sets a new
password; ``recovery rotate`` makes the old code fail".
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

from tests.conftest import ADMIN, ADMIN_PASSWORD, CLERK, CLERK_PASSWORD, MemoryKeyring, add_clerk
from tests.records_fixtures import add_account
from xueji_desktop.core import recovery_code
from xueji_desktop.core.errors import (
    BindingLost,
    LoginThrottled,
    MalformedRecoveryCode,
    PasswordRejected,
    PermissionDenied,
    StaleKeySlot,
    WrongCredentials,
    WrongRecoveryCode,
)
from xueji_desktop.core.roles import Role
from xueji_desktop.services import recovery as recovery_service
from xueji_desktop.services import users as user_service
from xueji_desktop.services.archive import Created, login, open_with_recovery
from xueji_desktop.services.check import check_archive
from xueji_desktop.services.context import Session
from xueji_desktop.storage.kdf import FAST_FOR_TESTS
from xueji_desktop.storage.layout import ArchiveLayout, read_meta

NEW_PASSWORD = "Recovered-Admin-Pass-3"
CODE_FORMAT = re.compile(r"[A-Z2-7]{5}(-[A-Z2-7]{5}){5}")


@pytest.fixture
def bound(archive: Created) -> tuple[Path, str]:
    """A bound archive with an admin and a clerk, closed; returns (root, recovery code)."""
    add_clerk(archive)
    root = archive.session.archive.layout.root
    archive.session.close()
    return root, archive.recovery_code


def recover(root: Path, code: str, admin: str = ADMIN, password: str = NEW_PASSWORD) -> Session:
    return recovery_service.recover(
        root, code, admin=admin, new_password=password, kdf=FAST_FOR_TESTS
    )


def key_files(root: Path) -> dict[str, str]:
    return {
        n: hashlib.sha256((root / n).read_bytes()).hexdigest()
        for n in ("xueji.db", "keyslots.json")
    }


def another_valid_code(code: str) -> str:
    other = recovery_code.generate()
    assert other != code
    return other


def one_char_typo(code: str) -> str:
    """The code with one character changed so that its checksum no longer matches."""
    compact = recovery_code.normalize(code)
    for ch in recovery_code.ALPHABET:
        if ch == compact[3]:
            continue
        typo = compact[:3] + ch + compact[4:]
        try:
            recovery_code.normalize(typo)
        except MalformedRecoveryCode:
            return recovery_code.format_code(typo)
    raise AssertionError("every one-character change kept the checksum")


def test_created_code_has_the_documented_shape(bound: tuple[Path, str]) -> None:
    _, code = bound
    assert CODE_FORMAT.fullmatch(code)
    assert len(recovery_code.normalize(code)) == 30


# -- keyring emptied ----------------------------------------------------------------------------


def test_with_the_keyring_emptied_the_code_opens_and_sets_a_new_password(
    bound: tuple[Path, str], mem_keyring: MemoryKeyring
) -> None:
    root, code = bound
    mem_keyring.store.clear()
    with pytest.raises(BindingLost):
        login(root, ADMIN, ADMIN_PASSWORD)

    session = recover(root, code)
    try:
        assert session.username == ADMIN
        assert Role.ADMIN in session.roles
        actions = [
            a
            for (a,) in session.archive.db.conn.execute("SELECT action FROM audit_log ORDER BY seq")
        ]
        assert actions[-1] == "recovered_with_code"
    finally:
        session.close()

    # bound again, to a new device secret on this workstation
    assert read_meta(ArchiveLayout(root)).binding == "keyring"
    assert mem_keyring.store, "the archive was re-bound"
    s = login(root, ADMIN, NEW_PASSWORD)
    try:
        report = check_archive(s)
        assert report.ok, report.problems
        assert s.warnings == []
    finally:
        s.close()
    with pytest.raises(WrongCredentials):
        login(root, ADMIN, ADMIN_PASSWORD)
    # the clerk's slot was sealed with the lost device secret: the admin has to reset it. Until
    # then the clerk's name answers exactly like an unknown name (nothing reveals who exists).
    with pytest.raises(WrongCredentials):
        login(root, CLERK, CLERK_PASSWORD)


def test_opened_anywhere_without_a_keyring(bound: tuple[Path, str]) -> None:
    """The folder carried to a machine with no keyring: the code alone opens it, password-only."""
    root, code = bound
    keyring.set_keyring(keyring.backends.fail.Keyring())  # mem_keyring puts the old one back
    with pytest.raises(BindingLost):
        login(root, ADMIN, ADMIN_PASSWORD)
    recover(root, code).close()
    assert read_meta(ArchiveLayout(root)).binding == "none"
    s = login(root, ADMIN, NEW_PASSWORD)
    try:
        assert check_archive(s).ok
        # the clerk's slot still needs the old workstation (answered like any wrong login);
        # an admin reset re-seals it
        with pytest.raises(WrongCredentials):
            login(root, CLERK, CLERK_PASSWORD)
        user_service.reset_password(
            s,
            admin_password=NEW_PASSWORD,
            username=CLERK,
            new_password="clerk-after-the-move",
            kdf=FAST_FOR_TESTS,
        )
    finally:
        s.close()
    login(root, CLERK, "clerk-after-the-move").close()


def test_recovery_is_not_throttled_by_counters_it_cannot_read(
    bound: tuple[Path, str], mem_keyring: MemoryKeyring
) -> None:
    """Without the device secret the counter file cannot be authenticated; that alone must not
    read as a failure streak that keeps the recovery code out."""
    root, code = bound
    mem_keyring.store.clear()
    handle, _ = open_with_recovery(root, code)
    handle.close()
    handle, _ = open_with_recovery(root, code)  # and again: nothing was counted against it
    handle.close()


# -- other accounts -----------------------------------------------------------------------------


def test_other_accounts_keep_their_passwords_when_the_binding_did_not_change(
    bound: tuple[Path, str], mem_keyring: MemoryKeyring
) -> None:
    """The admin forgot the password; the workstation is the same one."""
    root, code = bound
    keyring_before = dict(mem_keyring.store)
    recover(root, code).close()
    login(root, CLERK, CLERK_PASSWORD).close()
    login(root, ADMIN, NEW_PASSWORD).close()
    with pytest.raises(WrongCredentials):
        login(root, ADMIN, ADMIN_PASSWORD)
    device_items = {k: v for k, v in mem_keyring.store.items() if k[1].endswith("device-secret")}
    assert device_items == {
        k: v for k, v in keyring_before.items() if k[1].endswith("device-secret")
    }


@pytest.mark.usefixtures("no_keyring")
def test_other_accounts_keep_their_passwords_in_a_password_only_archive(
    make_archive: object,
) -> None:
    created = make_archive()  # type: ignore[operator]
    add_clerk(created)
    root = created.session.archive.layout.root
    created.session.close()
    recover(root, created.recovery_code).close()
    login(root, CLERK, CLERK_PASSWORD).close()
    login(root, ADMIN, NEW_PASSWORD).close()


def test_recover_creates_the_admin_if_absent(bound: tuple[Path, str]) -> None:
    root, code = bound
    session = recover(root, code, admin="principal")
    try:
        assert session.roles == frozenset({Role.ADMIN, Role.CLERK})
    finally:
        session.close()
    s = login(root, "principal", NEW_PASSWORD)
    try:
        names = {u.username for u in user_service.list_users(s)}
        assert names == {ADMIN, CLERK, "principal"}
    finally:
        s.close()
    login(root, ADMIN, ADMIN_PASSWORD).close()  # the existing admin is untouched


def test_recover_refuses_to_make_a_clerk_an_admin(bound: tuple[Path, str]) -> None:
    root, code = bound
    before = key_files(root)
    with pytest.raises(PermissionDenied):
        recover(root, code, admin=CLERK)
    assert key_files(root) == before
    login(root, CLERK, CLERK_PASSWORD).close()


def test_recover_applies_the_admin_password_policy(bound: tuple[Path, str]) -> None:
    root, code = bound
    with pytest.raises(PasswordRejected):
        recover(root, code, password="short-one-1")  # 11 < 12
    login(root, ADMIN, ADMIN_PASSWORD).close()


def test_recover_re_enables_a_disabled_admin(archive: Created) -> None:
    s = archive.session
    add_account(s, "admin2", "second-admin-passphrase", {Role.ADMIN})
    user_service.set_disabled(s, admin_password=ADMIN_PASSWORD, username="admin2", disabled=True)
    root = s.archive.layout.root
    s.close()
    recover(root, archive.recovery_code, admin="admin2").close()
    login(root, "admin2", NEW_PASSWORD).close()


# -- wrong, mistyped, sloppily typed ------------------------------------------------------------


def test_wrong_code_is_refused_and_files_are_byte_identical(
    bound: tuple[Path, str], tmp_path: Path
) -> None:
    root, code = bound
    before = key_files(root)
    with pytest.raises(WrongRecoveryCode):
        recover(root, another_valid_code(code))
    assert key_files(root) == before
    assert {p.parent for p in tmp_path.rglob("archive.json")} == {root}
    login(root, ADMIN, ADMIN_PASSWORD).close()


def test_typo_is_malformed_not_wrong(bound: tuple[Path, str]) -> None:
    root, code = bound
    throttle_before = (root / "login-throttle.json").read_bytes()
    before = key_files(root)
    with pytest.raises(MalformedRecoveryCode) as info:
        recover(root, one_char_typo(code))
    assert info.value.fields["reason"] == "checksum"
    assert key_files(root) == before
    # a typo is caught before any attempt is counted
    assert (root / "login-throttle.json").read_bytes() == throttle_before
    for short in (code[:-1], code + "A", ""):
        with pytest.raises(MalformedRecoveryCode):
            recover(root, short)


def test_code_typed_lower_case_with_spaces_works(bound: tuple[Path, str]) -> None:
    root, code = bound
    sloppy = "  " + code.lower().replace("-", " ") + " \n"
    recover(root, sloppy).close()
    login(root, ADMIN, NEW_PASSWORD).close()


def test_wrong_codes_are_throttled(bound: tuple[Path, str]) -> None:
    root, code = bound
    for _ in range(5):
        with pytest.raises(WrongRecoveryCode):
            recover(root, another_valid_code(code))
    with pytest.raises(LoginThrottled):
        recover(root, code)


# -- rotate and verify --------------------------------------------------------------------------


def test_rotate_makes_the_old_code_fail_and_the_new_one_work(bound: tuple[Path, str]) -> None:
    root, old = bound
    s = login(root, ADMIN, ADMIN_PASSWORD)
    try:
        seq = s.archive.db.conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
        new = recovery_service.rotate_recovery_code(
            s, admin_password=ADMIN_PASSWORD, kdf=FAST_FOR_TESTS
        )
        rows = s.archive.db.conn.execute(
            "SELECT action FROM audit_log WHERE seq > ?", (seq,)
        ).fetchall()
        assert [r[0] for r in rows] == ["recovery_code_rotated"]
        assert new not in str(rows) and CODE_FORMAT.fullmatch(new) and new != old
        assert recovery_service.verify_recovery_code(s, new) is True
        assert recovery_service.verify_recovery_code(s, old) is False
    finally:
        s.close()
    slots = json.loads((root / "keyslots.json").read_bytes())["slots"]
    assert [s["kind"] for s in slots].count("recovery") == 1  # the old slot is gone
    with pytest.raises((WrongRecoveryCode, StaleKeySlot)):
        recover(root, old)
    recover(root, new).close()
    login(root, ADMIN, NEW_PASSWORD).close()


def test_rotate_needs_the_admin_password(bound: tuple[Path, str]) -> None:
    root, code = bound
    s = login(root, ADMIN, ADMIN_PASSWORD)
    try:
        with pytest.raises(WrongCredentials):
            recovery_service.rotate_recovery_code(
                s, admin_password="nope-nope-nope", kdf=FAST_FOR_TESTS
            )
        assert recovery_service.verify_recovery_code(s, code) is True
    finally:
        s.close()


def test_restored_old_key_file_after_rotation_gives_stale_slot(bound: tuple[Path, str]) -> None:
    root, old = bound
    saved = (root / "keyslots.json").read_bytes()
    s = login(root, ADMIN, ADMIN_PASSWORD)
    try:
        recovery_service.rotate_recovery_code(s, admin_password=ADMIN_PASSWORD, kdf=FAST_FOR_TESTS)
    finally:
        s.close()
    (root / "keyslots.json").write_bytes(saved)
    with pytest.raises(StaleKeySlot):
        recover(root, old)


def test_verify_recovery_code(bound: tuple[Path, str]) -> None:
    root, code = bound
    s = login(root, CLERK, CLERK_PASSWORD)
    try:
        assert recovery_service.verify_recovery_code(s, code) is True
        assert recovery_service.verify_recovery_code(s, code.lower().replace("-", " ")) is True
        assert recovery_service.verify_recovery_code(s, another_valid_code(code)) is False
        with pytest.raises(MalformedRecoveryCode):
            recovery_service.verify_recovery_code(s, one_char_typo(code))
        rows = s.archive.db.conn.execute(
            "SELECT actor, details FROM audit_log WHERE action = 'recovery_code_verified' "
            "ORDER BY seq"
        ).fetchall()
        assert [(a, d) for a, d in rows] == [
            (CLERK, '{"ok":true}'),
            (CLERK, '{"ok":true}'),
            (CLERK, '{"ok":false}'),
        ]
    finally:
        s.close()
