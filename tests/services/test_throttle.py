"""Login throttling with an injectable clock: delays after 5 failures, a 15-minute lock after 10.

The counters live in an authenticated side file that survives restarts; deleting or editing it
counts as a recent failure streak instead of a reset. Unknown names are throttled exactly like
real ones. Failed attempts reach the audit chain at the next successful login. Issue #2, §3, §7.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ADMIN, ADMIN_PASSWORD, CLERK, CLERK_PASSWORD, add_clerk
from xueji_desktop.core.errors import (
    AccountLocked,
    LoginThrottled,
    WrongCredentials,
    XuejiError,
)
from xueji_desktop.messages import message_for
from xueji_desktop.services import auth
from xueji_desktop.services import users as user_service
from xueji_desktop.services.archive import Created, login
from xueji_desktop.storage import keyslots
from xueji_desktop.storage.kdf import FAST_FOR_TESTS
from xueji_desktop.storage.throttle import HARD_LIMIT, LOCK_SECONDS, SOFT_LIMIT

WRONG = "definitely-not-it-7"
START = 1_800_000_000.0


class FakeClock:
    def __init__(self, start: float = START) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Env:
    root: Path
    clock: FakeClock
    created: Created

    def attempt(self, user: str, password: str) -> XuejiError | None:
        """One login attempt at the clock's current time: the error, or None when it worked."""
        try:
            session = login(self.root, user, password, clock=self.clock)
        except XuejiError as exc:
            return exc
        session.close()
        return None

    def throttle_doc(self) -> dict[str, object]:
        return json.loads((self.root / "login-throttle.json").read_bytes())


@pytest.fixture(autouse=True)
def fast_decoy_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """The slots here use FAST_FOR_TESTS; the unknown-user decoy KDF must cost the same."""
    monkeypatch.setattr(auth, "PRODUCTION", FAST_FOR_TESTS)


def _env(make_archive: Callable[..., Created], **kw: object) -> Env:
    clock = FakeClock()
    created = make_archive(clock=clock, **kw)
    add_clerk(created)
    return Env(created.session.archive.layout.root, clock, created)


@pytest.fixture
def env(make_archive: Callable[..., Created]) -> Env:
    """A bound archive (admin + clerk) whose clock is fake; the admin session stays open."""
    return _env(make_archive)


def _fail(env: Env, user: str, times: int) -> None:
    for _ in range(times):
        err = env.attempt(user, WRONG)
        assert isinstance(err, WrongCredentials), err


# -- delays and the lock ------------------------------------------------------------------------


def test_no_delay_before_five_failures(env: Env) -> None:
    _fail(env, CLERK, SOFT_LIMIT - 1)
    assert env.attempt(CLERK, CLERK_PASSWORD) is None  # same instant: no wait yet


def test_growing_delays_after_five_failures_then_a_lock(env: Env) -> None:
    _fail(env, CLERK, SOFT_LIMIT)
    waits = []
    for failures in range(SOFT_LIMIT, HARD_LIMIT - 1):
        err = env.attempt(CLERK, CLERK_PASSWORD)
        assert isinstance(err, LoginThrottled), (failures, err)
        retry = err.fields["retry_after"]
        assert isinstance(retry, int) and retry >= 1
        waits.append(retry)
        # a throttled attempt evaluates nothing and counts nothing
        err = env.attempt(CLERK, WRONG)
        assert isinstance(err, LoginThrottled) and err.fields["retry_after"] == retry
        env.clock.advance(retry)
        assert isinstance(env.attempt(CLERK, WRONG), WrongCredentials)
    assert waits == sorted(waits) and len(set(waits)) == len(waits), waits

    err = env.attempt(CLERK, CLERK_PASSWORD)
    assert isinstance(err, LoginThrottled)
    env.clock.advance(err.fields["retry_after"])  # type: ignore[arg-type]
    err = env.attempt(CLERK, WRONG)  # the tenth failure
    assert isinstance(err, AccountLocked)
    assert err.fields["retry_after"] == LOCK_SECONDS


def _lock(env: Env, user: str) -> None:
    for _ in range(HARD_LIMIT):
        err = env.attempt(user, WRONG)
        while isinstance(err, LoginThrottled):
            env.clock.advance(err.fields["retry_after"])  # type: ignore[arg-type]
            err = env.attempt(user, WRONG)
        if isinstance(err, AccountLocked):
            return
        assert isinstance(err, WrongCredentials), err
    raise AssertionError("never locked")


def test_locked_account_refuses_the_correct_password_for_fifteen_minutes(env: Env) -> None:
    _lock(env, CLERK)
    assert isinstance(env.attempt(CLERK, CLERK_PASSWORD), AccountLocked)
    env.clock.advance(LOCK_SECONDS - 2)
    err = env.attempt(CLERK, CLERK_PASSWORD)
    assert isinstance(err, AccountLocked)
    assert 1 <= err.fields["retry_after"] <= 3  # type: ignore[operator]
    env.clock.advance(3)
    assert env.attempt(CLERK, CLERK_PASSWORD) is None


def test_one_account_locked_leaves_the_others_alone(env: Env) -> None:
    _lock(env, CLERK)
    assert env.attempt(ADMIN, ADMIN_PASSWORD) is None


def test_admin_unlock_lifts_the_lock_sooner(env: Env) -> None:
    _lock(env, CLERK)
    admin = env.created.session
    info = {u.username: u for u in user_service.list_users(admin)}
    assert info[CLERK].locked and not info[ADMIN].locked
    seq_before = _audit_count(env)
    user_service.unlock(admin, admin_password=ADMIN_PASSWORD, username=CLERK)
    assert _actions_since(env, seq_before) == ["user_unlocked"]
    assert not {u.username: u for u in user_service.list_users(admin)}[CLERK].locked
    assert env.attempt(CLERK, CLERK_PASSWORD) is None  # same instant, no waiting


def test_lock_after_the_lock_expires_comes_back_with_one_more_failure(env: Env) -> None:
    _lock(env, CLERK)
    env.clock.advance(LOCK_SECONDS + 1)
    assert isinstance(env.attempt(CLERK, WRONG), AccountLocked)


# -- restarts and the side file -----------------------------------------------------------------


def test_counters_survive_a_restart_in_a_new_process(
    make_archive: Callable[..., Created], no_keyring: None, tmp_path: Path
) -> None:
    """Five failures here, then a fresh interpreter at the same instant must still wait."""
    env = _env(make_archive)
    env.created.session.close()
    _fail(env, CLERK, SOFT_LIMIT)
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from xueji_desktop.services.archive import login
        try:
            login(Path({str(env.root)!r}), {CLERK!r}, {CLERK_PASSWORD!r},
                  clock=lambda: {env.clock.now!r}).close()
            print("opened")
        except Exception as exc:
            print(type(exc).__name__, getattr(exc, "fields", {{}}).get("retry_after"))
        """
    )
    run_env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "HOME": str(tmp_path / "child-home"),
    }
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=run_env, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["LoginThrottled", "2"], out.stdout + out.stderr


def test_each_call_rereads_the_file(env: Env) -> None:
    _fail(env, CLERK, SOFT_LIMIT)
    saved = (env.root / "login-throttle.json").read_bytes()
    env.clock.advance(60)
    assert env.attempt(CLERK, CLERK_PASSWORD) is None  # clears the clerk's counter
    (env.root / "login-throttle.json").write_bytes(saved)  # a genuine older file comes back
    assert isinstance(env.attempt(CLERK, WRONG), WrongCredentials)
    err = env.attempt(CLERK, CLERK_PASSWORD)
    assert isinstance(err, LoginThrottled), "six failures: the restored streak counts"


def _delete(path: Path) -> None:
    path.unlink()


def _edit_one_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def _replace_with_empty(path: Path) -> None:
    path.write_bytes(b"")


def _replace_with_reset(path: Path) -> None:
    """A well-formed file with no counters, but without the right MAC."""
    doc = json.loads(path.read_bytes())
    doc["body"] = {"counters": {}, "pending": [], "tampered_at": None}
    path.write_text(json.dumps(doc))


def _replace_with_nesting(path: Path) -> None:
    path.write_bytes(b"[" * 200_000)


TAMPERS = {
    "delete": _delete,
    "edit_one_byte": _edit_one_byte,
    "empty": _replace_with_empty,
    "forged_reset": _replace_with_reset,
    "deep_nesting": _replace_with_nesting,
}


@pytest.mark.parametrize("tamper", sorted(TAMPERS))
def test_tampered_file_counts_as_a_recent_streak(env: Env, tamper: str) -> None:
    _fail(env, CLERK, 3)
    TAMPERS[tamper](env.root / "login-throttle.json")
    # the correct password has to wait ...
    for user, password in ((CLERK, CLERK_PASSWORD), (ADMIN, ADMIN_PASSWORD)):
        err = env.attempt(user, password)
        assert isinstance(err, LoginThrottled), (user, err)
    # ... still at the same instant, whatever a later attempt does ...
    env.clock.advance(1)
    assert isinstance(env.attempt(CLERK, CLERK_PASSWORD), LoginThrottled)
    # ... and after the wait one wrong password locks
    env.clock.advance(err.fields["retry_after"])  # type: ignore[arg-type]
    assert isinstance(env.attempt(CLERK, WRONG), AccountLocked)
    assert isinstance(env.attempt(CLERK, CLERK_PASSWORD), AccountLocked)


@pytest.mark.parametrize("tamper", ["delete", "edit_one_byte"])
def test_after_a_tampered_file_the_right_password_gets_in_once_the_wait_is_over(
    env: Env, tamper: str
) -> None:
    TAMPERS[tamper](env.root / "login-throttle.json")
    err = env.attempt(ADMIN, ADMIN_PASSWORD)
    assert isinstance(err, LoginThrottled)
    env.clock.advance(err.fields["retry_after"])  # type: ignore[arg-type]
    assert env.attempt(ADMIN, ADMIN_PASSWORD) is None
    # a deleted file is recorded in the audit chain
    actions = [a for (a,) in _audit(env, "SELECT action FROM audit_log")]
    assert "throttle_file_reset" in actions


@pytest.fixture
def no_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    """Durability is not under test in the long loops below; fsync only makes them slow."""
    monkeypatch.setattr(os, "fsync", lambda fd: None)


@pytest.mark.usefixtures("no_fsync")
def test_no_single_byte_edit_resets_a_streak(env: Env) -> None:
    """Every byte of the file, flipped in turn: the five-failure streak never disappears."""
    _fail(env, CLERK, SOFT_LIMIT)
    path = env.root / "login-throttle.json"
    original = path.read_bytes()
    assert len(original) < 20_000
    for offset in range(len(original)):
        data = bytearray(original)
        data[offset] ^= 0x01
        path.write_bytes(bytes(data))
        err = env.attempt(CLERK, CLERK_PASSWORD)
        assert isinstance(err, LoginThrottled | AccountLocked), (offset, err)
    path.write_bytes(original)


# -- unknown users ------------------------------------------------------------------------------


def _script(env: Env, user: str) -> list[tuple[str, dict[str, object], str, str]]:
    """A fixed sequence of wrong attempts and waits; what the caller would see at each step."""
    seen = []
    steps = [0, 0, 0, 0, 0, 0, 1, 0, 3, 5, 9, 17, 0, 30, 600, 301]
    for wait in steps:
        env.clock.advance(wait)
        err = env.attempt(user, WRONG)
        assert err is not None
        seen.append(
            (type(err).__name__, err.fields, message_for(err, "zh"), message_for(err, "en"))
        )
    return seen


def test_unknown_user_is_throttled_exactly_like_a_real_one(
    make_archive: Callable[..., Created],
) -> None:
    real = _script(_env(make_archive, name="a"), CLERK)
    ghost = _script(_env(make_archive, name="b"), "ghost")
    assert real == ghost
    kinds = {k for k, *_ in real}
    assert kinds == {"WrongCredentials", "LoginThrottled", "AccountLocked"}


def test_names_typed_are_not_written_in_clear(env: Env) -> None:
    _fail(env, "ghost-name", 2)
    _fail(env, "Sup3r-secret-typed-in-the-name-field", 1)
    raw = (env.root / "login-throttle.json").read_bytes()
    assert b"ghost-name" not in raw
    assert b"Sup3r-secret" not in raw
    assert WRONG.encode() not in raw


# -- how many passwords an hour can test --------------------------------------------------------


@pytest.fixture
def kdf_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    calls: list[str] = []
    real_open, real_burn = keyslots.open_slot, keyslots.burn_kdf

    def open_slot(*a: object, **kw: object) -> object:
        calls.append("open_slot")
        return real_open(*a, **kw)  # type: ignore[arg-type]

    def burn_kdf(*a: object, **kw: object) -> None:
        calls.append("burn_kdf")
        real_burn(*a, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(keyslots, "open_slot", open_slot)
    monkeypatch.setattr(keyslots, "burn_kdf", burn_kdf)
    yield calls


@pytest.mark.usefixtures("no_fsync")
@pytest.mark.parametrize("user", [CLERK, "ghost"])
def test_a_thousand_attempts_in_an_hour_evaluate_at_most_a_hundred_passwords(
    env: Env, kdf_calls: list[str], user: str
) -> None:
    env.created.session.close()
    outcomes: dict[str, int] = {}
    for i in range(1000):
        err = env.attempt(user, f"guess-{i:04d}-xyz")
        name = type(err).__name__
        outcomes[name] = outcomes.get(name, 0) + 1
        env.clock.advance(3.6)
    assert env.clock.now - START == pytest.approx(3600)
    assert len(kdf_calls) <= 100, (len(kdf_calls), outcomes)
    assert len(kdf_calls) >= HARD_LIMIT  # the first ten were really tried
    assert set(kdf_calls) == {"open_slot" if user == CLERK else "burn_kdf"}
    assert outcomes.get("AccountLocked", 0) > 900, outcomes


# -- the audit chain ----------------------------------------------------------------------------


def _audit(env: Env, sql: str) -> list[tuple[object, ...]]:
    s = login(env.root, ADMIN, ADMIN_PASSWORD, clock=env.clock)
    try:
        return [tuple(r) for r in s.archive.db.conn.execute(sql).fetchall()]
    finally:
        s.close()


def _audit_count(env: Env) -> int:
    row = env.created.session.archive.db.conn.execute("SELECT max(seq) FROM audit_log").fetchone()
    return int(row[0])


def _actions_since(env: Env, seq: int) -> list[str]:
    rows = env.created.session.archive.db.conn.execute(
        "SELECT action FROM audit_log WHERE seq > ? ORDER BY seq", (seq,)
    ).fetchall()
    return [str(r[0]) for r in rows]


def test_failed_attempts_enter_the_chain_at_the_next_login(env: Env) -> None:
    _fail(env, CLERK, 2)
    _fail(env, "ghost", 1)
    pending = env.throttle_doc()["body"]["pending"]  # type: ignore[index]
    assert [p["event"] for p in pending] == ["login_failed"] * 3  # type: ignore[index]

    rows = _audit(
        env,
        "SELECT actor, action, target_id FROM audit_log "
        "WHERE action IN ('login_failed', 'login') ORDER BY seq",
    )
    failed = [r for r in rows if r[1] == "login_failed"]
    # actor "?": the counter file is not trusted to say who acted; the name is the target
    assert failed == [("?", "login_failed", CLERK)] * 2 + [("?", "login_failed", "")]
    assert rows[-1][:2] == (ADMIN, "login")
    assert env.throttle_doc()["body"]["pending"] == []  # type: ignore[index]


def test_a_lockout_is_recorded_as_such(env: Env) -> None:
    _lock(env, CLERK)
    rows = _audit(env, "SELECT details FROM audit_log WHERE action = 'login_failed'")
    locked = [json.loads(str(d))["locked"] for (d,) in rows]
    assert locked.count(True) == 1 and locked[-1] is True
    assert len(locked) == HARD_LIMIT


@pytest.mark.usefixtures("no_fsync")
def test_deleting_the_file_at_every_lock_still_caps_the_guesses(
    env: Env, kdf_calls: list[str]
) -> None:
    env.created.session.close()
    for i in range(1000):
        err = env.attempt(CLERK, f"guess-{i:04d}-xyz")
        if isinstance(err, AccountLocked):
            (env.root / "login-throttle.json").unlink(missing_ok=True)
        env.clock.advance(3.6)
    assert len(kdf_calls) <= 100, len(kdf_calls)


def test_forged_pending_entries_cannot_pose_as_other_actions(env: Env) -> None:
    """The counter file of a password-only archive can be rewritten by anyone who reads our
    source: whatever it holds enters the chain only as one of its own three events, by "?"."""
    from xueji_desktop.services.auth import throttle_file
    from xueji_desktop.storage.layout import ArchiveLayout, read_meta

    layout = ArchiveLayout(env.root)
    handle = env.created.session.archive  # the forger is given the file's MAC key
    tf = throttle_file(layout, read_meta(layout), handle.device_secret, env.clock)
    state = tf.load()
    state.pending.append({"ts": 1.0, "event": "student_deleted", "user": "张主任"})
    state.pending.append({"ts": "x", "event": "login_failed", "user": ["not", "a", "name"]})
    tf.save(state)
    rows = _audit(env, "SELECT actor, action, target_id FROM audit_log ORDER BY seq")
    assert ("张主任", "student_deleted") not in {(r[0], r[1]) for r in rows}
    forged = [r for r in rows if r[2] == "张主任"]
    assert forged == [("?", "throttle_file_entry_rejected", "张主任")]
    assert all(r[0] != "张主任" for r in rows)
