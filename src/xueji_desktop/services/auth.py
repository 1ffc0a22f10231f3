"""Unlocking key slots with throttling: the part of login that runs before the database is open.

Wrong password, unknown user, a missing keyring entry and a damaged database are different errors;
an unknown user and a wrong password are deliberately the same one, with the same cost (the KDF
runs either way) and the same throttling.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from xueji_desktop.core.errors import (
    AccountLocked,
    BindingLost,
    LoginThrottled,
    WrongCredentials,
    WrongRecoveryCode,
)
from xueji_desktop.core.passwords import normalize_password
from xueji_desktop.resources import resource_path
from xueji_desktop.services.context import Clock
from xueji_desktop.storage import keyslots, keystore
from xueji_desktop.storage.kdf import PRODUCTION, KdfParams
from xueji_desktop.storage.layout import ArchiveLayout, ArchiveMeta, read_meta
from xueji_desktop.storage.lock import InterProcessLock
from xueji_desktop.storage.throttle import (
    HARD_LIMIT,
    LOCK_SECONDS,
    ThrottleFile,
    ThrottleState,
    delay_after,
)

DEVICE_ITEM = "device-secret"
RECOVERY_COUNTER = "\x00recovery"
LOGIN_LOCK_TIMEOUT = 30.0  # seconds; each holder runs one KDF (~0.2 s)


@cache
def common_passwords() -> frozenset[str]:
    text = resource_path("common-passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


@dataclass(frozen=True)
class Unlocked:
    meta: ArchiveMeta
    slot_file: keyslots.SlotFile
    slot: keyslots.KeySlot
    bundle: keyslots.KeyBundle
    device_secret: bytes | None


def device_secret_for(meta: ArchiveMeta, slot_file: keyslots.SlotFile) -> bytes | None:
    """The device secret of a bound archive; BindingLost when the keyring no longer has it."""
    # archive.json decides, not the slots: after a recovery on a machine without a keyring the
    # archive is password-only while other users' slots are still sealed with the old secret
    # (they get BindingLost(other_device) until an admin resets them). Editing archive.json gains
    # nothing: a bound slot still cannot be opened without the secret.
    if not meta.bound:
        return None
    try:
        secret = keystore.get_secret(meta.archive_id, DEVICE_ITEM)
    except keystore.KeystoreUnavailable:
        secret = None
    if secret is None or len(secret) != 32:
        raise BindingLost(backend=meta.keyring_backend or "", reason="missing")
    return secret


def throttle_file(
    layout: ArchiveLayout, meta: ArchiveMeta, device_secret: bytes | None, clock: Clock
) -> ThrottleFile:
    salt = base64.b64decode(meta.throttle_salt)
    ikm = device_secret if device_secret is not None else salt + meta.archive_id.encode()
    mac_key = HKDF(hashes.SHA256(), 32, salt=salt, info=b"xueji-throttle-v1").derive(ikm)
    return ThrottleFile(layout.throttle, mac_key, salt, clock)


def _check_throttle(state: ThrottleState, key: str, now: float) -> None:
    c = state.counter(key)
    if c.locked_until > now:
        raise AccountLocked(retry_after=int(c.locked_until - now) + 1)
    wait = c.last_failure + delay_after(c.failures) - now
    if wait > 0:
        raise LoginThrottled(retry_after=int(wait) + 1)


def _register_failure(
    tf: ThrottleFile,
    state: ThrottleState,
    key: str,
    now: float,
    entry: Mapping[str, object],
    *,
    can_lock: bool = True,
) -> bool:
    """Count one failure; True when it locked the account."""
    c = state.counter(key)
    c.failures += 1
    c.last_failure = now
    locked = can_lock and c.failures >= HARD_LIMIT
    if locked:
        c.locked_until = now + LOCK_SECONDS
    state.pending.append({"ts": now, **entry, **({"locked": True} if locked else {})})
    tf.save(state)
    return locked


@contextmanager
def login_lock(layout: ArchiveLayout) -> Iterator[None]:
    """Serialise every read-modify-write of the counter file across threads and processes, so
    parallel attempts cannot overwrite each other's counts."""
    lock = InterProcessLock(layout.login_lock, timeout=LOGIN_LOCK_TIMEOUT)
    lock.acquire()
    try:
        yield
    finally:
        lock.release()


def finish_success(
    layout: ArchiveLayout, tf: ThrottleFile, key: str, flushed: list[dict[str, object]]
) -> None:
    """After a successful login has committed: clear the name's counter and the pending entries
    that went into the audit chain (entries counted meanwhile stay)."""
    with login_lock(layout):
        state = tf.load()
        state.pending = [p for p in state.pending if p not in flushed]
        state.counters.pop(key, None)
        state.tampered_at = None
        tf.save(state)


def _decoy_params(slot_file: keyslots.SlotFile) -> KdfParams:
    """The KDF cost of a real account's slot, so an unknown name takes as long as a known one."""
    for slot in slot_file.slots:
        if slot.kind == "user":
            return slot.kdf
    return PRODUCTION


def unlock_user(
    layout: ArchiveLayout, username: str, password: str, *, clock: Clock = time.time
) -> tuple[Unlocked, ThrottleFile, ThrottleState]:
    read_meta(layout)  # "no archive here" before any lock file is touched
    with login_lock(layout):
        return _unlock_user(layout, username, password, clock)


def _unlock_user(
    layout: ArchiveLayout, username: str, password: str, clock: Clock
) -> tuple[Unlocked, ThrottleFile, ThrottleState]:
    meta = read_meta(layout)
    slot_file = keyslots.load(layout.keyslots)
    device_secret = device_secret_for(meta, slot_file)
    current_device = keyslots.device_id(device_secret) if device_secret else ""
    user_slots = [s for s in slot_file.slots if s.kind == "user"]
    usable = [s for s in user_slots if not s.device_bound or s.device_id == current_device]
    if user_slots and not usable:
        # No account here was sealed with this workstation's secret: the keyring holds another
        # machine's secret. A fact about the workstation, the same for every name typed, and
        # checked before the counters (their file cannot be authenticated under that secret).
        raise BindingLost(backend=meta.keyring_backend or "", reason="other_device")
    # Slots sealed on another workstation (accounts not yet reset after a recovery) cannot be
    # opened here; such a name answers exactly like a wrong password, so nothing tells which
    # names exist.
    candidates = [
        s
        for s in slot_file.for_user(username.strip())
        if not s.device_bound or s.device_id == current_device
    ]
    tf = throttle_file(layout, meta, device_secret, clock)
    state = tf.load()
    key = tf.key_for(username)
    now = clock()
    _check_throttle(state, key, now)
    secret = normalize_password(password).encode("utf-8")
    if not candidates:
        keyslots.burn_kdf(secret, _decoy_params(slot_file))
    for slot in candidates:
        bundle = keyslots.open_slot(meta.archive_id, slot, secret, device_secret)
        if bundle is not None:
            return Unlocked(meta, slot_file, slot, bundle, device_secret), tf, state
    known = bool(candidates)
    entry = {"event": "login_failed", "user": username.strip() if known else None, "key": key}
    if _register_failure(tf, state, key, now, entry):
        raise AccountLocked(retry_after=LOCK_SECONDS)
    raise WrongCredentials()


def unlock_recovery(
    layout: ArchiveLayout, code_compact: str, *, clock: Clock = time.time
) -> tuple[Unlocked, ThrottleFile, ThrottleState]:
    """Open the recovery slot. Needs no keyring: the recovery code alone opens the archive."""
    read_meta(layout)
    with login_lock(layout):
        return _unlock_recovery(layout, code_compact, clock)


def _unlock_recovery(
    layout: ArchiveLayout, code_compact: str, clock: Clock
) -> tuple[Unlocked, ThrottleFile, ThrottleState]:
    meta = read_meta(layout)
    slot_file = keyslots.load(layout.keyslots)
    try:
        device_secret: bytes | None = device_secret_for(meta, slot_file)
    except BindingLost:
        device_secret = None
    tf = throttle_file(layout, meta, device_secret, clock)
    state = tf.load()
    bound_to = {s.device_id for s in slot_file.slots if s.device_bound}
    if meta.bound and (device_secret is None or keyslots.device_id(device_secret) not in bound_to):
        # Without the workstation's device secret the counter file cannot be authenticated, so
        # it always reads as altered; the code must still open the archive ("opens it anywhere").
        state.tampered_at = None
    now = clock()
    _check_throttle(state, RECOVERY_COUNTER, now)
    for slot in slot_file.recovery():
        bundle = keyslots.open_slot(meta.archive_id, slot, code_compact.encode("ascii"), None)
        if bundle is not None:
            return Unlocked(meta, slot_file, slot, bundle, device_secret), tf, state
    entry = {"event": "recovery_failed", "user": None, "key": RECOVERY_COUNTER}
    # Delays, but no lockout: the code carries 140 bits, and a lock would only let anyone who can
    # reach the login window block the one way back in.
    _register_failure(tf, state, RECOVERY_COUNTER, now, entry, can_lock=False)
    raise WrongRecoveryCode()


def clear_counter(layout: ArchiveLayout, tf: ThrottleFile, key: str) -> None:
    with login_lock(layout):
        state = tf.load()
        state.counters.pop(key, None)
        tf.save(state)
