"""The recovery code: 30 Base32 characters in six groups of five, shown once, never stored.

28 random characters carry 140 bits; the last two are a checksum, so a typo is told apart from
a wrong code. Typing it back is tolerant of case, spaces, dashes, full-width characters and the
look-alikes 0/O, 1/I, 8/B, 9/G (0, 1, 8 and 9 are not in the alphabet).
"""

from __future__ import annotations

import hashlib
import secrets

from xueji_desktop.core.errors import MalformedRecoveryCode

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
RANDOM_CHARS = 28
CHECK_CHARS = 2
GROUP = 5
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B", "9": "G"})


def _checksum(body: str) -> str:
    digest = hashlib.sha256(b"xueji-recovery-check|" + body.encode("ascii")).digest()
    return "".join(ALPHABET[b % 32] for b in digest[:CHECK_CHARS])


def generate() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_CHARS))
    return format_code(body + _checksum(body))


def format_code(compact: str) -> str:
    return "-".join(compact[i : i + GROUP] for i in range(0, len(compact), GROUP))


def normalize(typed: str) -> str:
    """Return the 30-character compact form or raise MalformedRecoveryCode."""
    # full-width letters and digits, as typed with a Chinese input method, become half-width
    halfwidth = "".join(chr(ord(ch) - 0xFEE0) if "\uff01" <= ch <= "\uff5e" else ch for ch in typed)
    compact = "".join(ch for ch in halfwidth.upper() if not ch.isspace() and ch not in "-_—–")
    compact = compact.translate(_LOOKALIKES)
    expected = RANDOM_CHARS + CHECK_CHARS
    if len(compact) != expected:
        raise MalformedRecoveryCode(reason="length", length=len(compact), expected=expected)
    if any(ch not in ALPHABET for ch in compact):
        raise MalformedRecoveryCode(reason="chars")
    if _checksum(compact[:RANDOM_CHARS]) != compact[RANDOM_CHARS:]:
        raise MalformedRecoveryCode(reason="checksum")
    return compact
