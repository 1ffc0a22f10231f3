"""Unlocking key slots with throttling: the part of login that runs before the database is open.

Wrong password, unknown user, a missing keyring entry and a damaged database are different errors;
an unknown user and a wrong password are deliberately the same one, with the same cost (the KDF
runs either way) and the same throttling.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Mapping
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
from xueji_desktop.storage.kdf import PRODUCTION
from xueji_desktop.storage.layout import ArchiveLayout, ArchiveMeta, read_meta
from xueji_desktop.storage.throttle import (
    HARD_LIMIT,
    LOCK_SECONDS,
    ThrottleFile,
    ThrottleState,
    delay_after,
)

DEVICE_ITEM = "device-secret"
RECOVERY_COUNTER = "\x00recovery"


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
    tf: ThrottleFile, state: ThrottleState, key: str, now: float, entry: Mapping[str, object]
) -> bool:
    """Count one failure; True when it locked the account."""
    c = state.counter(key)
    c.failures += 1
    c.last_failure = now
    locked = c.failures >= HARD_LIMIT
    if locked:
        c.locked_until = now + LOCK_SECONDS
    state.pending.append({"ts": now, **entry, **({"locked": True} if locked else {})})
    tf.save(state)
    return locked


def unlock_user(
    layout: ArchiveLayout, username: str, password: str, *, clock: Clock = time.time
) -> tuple[Unlocked, ThrottleFile, ThrottleState]:
    meta = read_meta(layout)
    slot_file = keyslots.load(layout.keyslots)
    device_secret = device_secret_for(meta, slot_file)
    candidates = slot_file.for_user(username.strip())
    current_device = keyslots.device_id(device_secret) if device_secret else ""
    if candidates and all(s.device_bound and s.device_id != current_device for s in candidates):
        # Checked before the counters: under another device secret their file cannot be
        # authenticated, and the answer would be a misleading "too many attempts".
        raise BindingLost(backend=meta.keyring_backend or "", reason="other_device")
    tf = throttle_file(layout, meta, device_secret, clock)
    state = tf.load()
    key = tf.key_for(username)
    now = clock()
    _check_throttle(state, key, now)
    secret = normalize_password(password).encode("utf-8")
    if not candidates:
        keyslots.burn_kdf(secret, PRODUCTION)
    for slot in candidates:
        if slot.device_bound and slot.device_id != current_device:
            continue  # sealed on another workstation (another slot of this user may fit)
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
    if _register_failure(tf, state, RECOVERY_COUNTER, now, entry):
        raise AccountLocked(retry_after=LOCK_SECONDS)
    raise WrongRecoveryCode()


def reset_counter(tf: ThrottleFile, state: ThrottleState, key: str) -> None:
    state.counters.pop(key, None)
    tf.save(state)
