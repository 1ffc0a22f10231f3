"""Failed-login counters that survive restarts, in an authenticated side file.

The file lives beside the database because it must be read before anyone has logged in. Its MAC
key comes from the workstation's device secret when the archive is bound (so the file cannot be
forged without the keyring), else from the archive's public salt (then it only stops deleting or
hand-editing the file; see docs/design/threat-model.md). A missing or altered file counts as a
recent failure streak for every account: deleting it buys an attacker nothing.

Counters are keyed by a salted hash of the name typed, so a password typed into the name field
never lands on disk. Pending failures (for the audit chain at the next successful login) keep the
name only when it is a real account.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from xueji_desktop.storage.files import atomic_write

SOFT_LIMIT = 5  # failures before delays start
HARD_LIMIT = 10  # failures that lock the account
LOCK_SECONDS = 15 * 60
MAX_DELAY = 60.0
MAX_PENDING = 500
TAMPERED_STREAK = HARD_LIMIT - 1


# Waits after the 5th … 9th consecutive failure. The 9th (also the state a missing or altered file
# puts every name in) waits a full minute, so deleting the file after each lockout still allows
# fewer than 60 guesses an hour.
DELAYS = (1.0, 2.0, 5.0, 15.0, MAX_DELAY)


def delay_after(failures: int) -> float:
    if failures < SOFT_LIMIT:
        return 0.0
    return DELAYS[min(failures - SOFT_LIMIT, len(DELAYS) - 1)]


@dataclass
class Counter:
    failures: int = 0
    last_failure: float = 0.0
    locked_until: float = 0.0


@dataclass
class ThrottleState:
    counters: dict[str, Counter] = field(default_factory=dict)
    pending: list[dict[str, object]] = field(default_factory=list)
    tampered_at: float | None = None  # set when the file was missing or altered

    def counter(self, key: str) -> Counter:
        if key not in self.counters:
            if self.tampered_at is not None:
                self.counters[key] = Counter(TAMPERED_STREAK, self.tampered_at, 0.0)
            else:
                self.counters[key] = Counter()
        return self.counters[key]


class ThrottleFile:
    def __init__(self, path: Path, mac_key: bytes, name_salt: bytes, clock: Callable[[], float]):
        self.path = path
        self._mac_key = mac_key
        self._salt = name_salt
        self._clock = clock

    def key_for(self, username: str) -> str:
        return hashlib.sha256(self._salt + username.strip().lower().encode()).hexdigest()[:32]

    def _mac(self, body: bytes) -> str:
        return hmac.new(self._mac_key, body, hashlib.sha256).hexdigest()

    def load(self) -> ThrottleState:
        try:
            raw = self.path.read_bytes()
            doc = json.loads(raw.decode("utf-8"))
            body = json.dumps(doc["body"], sort_keys=True, separators=(",", ":")).encode()
            if not hmac.compare_digest(self._mac(body), str(doc["mac"])):
                raise ValueError("mac")
            data = doc["body"]
            counters = {
                str(k): Counter(int(v[0]), float(v[1]), float(v[2]))
                for k, v in data["counters"].items()
            }
            pending = [dict(p) for p in data["pending"]][:MAX_PENDING]
            tampered = data.get("tampered_at")
            state = ThrottleState(counters, pending, float(tampered) if tampered else None)
        except (
            OSError,
            ValueError,
            KeyError,
            TypeError,
            AttributeError,
            IndexError,
            RecursionError,
        ):
            now = self._clock()
            state = ThrottleState(tampered_at=now)
            state.pending.append({"ts": now, "event": "throttle_file_reset"})
            # Saved at once, so the streak starts when the damage was first seen: were it re-dated
            # at every attempt, the wait would never end and nobody could log in again.
            with contextlib.suppress(OSError):
                self.save(state)
        if state.tampered_at is not None and self._clock() - state.tampered_at > LOCK_SECONDS:
            state.tampered_at = None  # a reset streak expires like a lock does
        for c in state.counters.values():
            if not (math.isfinite(c.last_failure) and math.isfinite(c.locked_until)):
                c.last_failure = c.locked_until = self._clock()
        return state

    def save(self, state: ThrottleState) -> None:
        body = {
            "counters": {
                k: [c.failures, c.last_failure, c.locked_until]
                for k, c in state.counters.items()
                if c.failures or c.locked_until
            },
            "pending": state.pending[-MAX_PENDING:],
            "tampered_at": state.tampered_at,
        }
        canon = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
        doc = {"version": 1, "body": body, "mac": self._mac(canon)}
        atomic_write(self.path, json.dumps(doc, sort_keys=True).encode() + b"\n")
