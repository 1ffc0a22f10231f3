"""Password policy (OWASP ASVS 5.0 V6.2): length by role, no composition rules, no common passwords.

Clerks and viewers need at least 8 characters, admins at least 12; at most 128 are accepted (ASVS
asks for at least 64). A bundled list of common passwords and context words (the school's name,
the app's name, the user's own name) are refused.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from xueji_desktop.core.errors import PasswordRejected, ValidationError
from xueji_desktop.core.roles import Role

MIN_LENGTH = {Role.ADMIN: 12, Role.CLERK: 8, Role.VIEWER: 8}
MAX_LENGTH = 128
APP_WORDS = ("xueji", "学籍", "xuejidesktop", "archive", "档案")


USERNAME_MAX = 64
_USERNAME_FORBIDDEN = set(":|\\/\"'<>")


def check_username(name: str) -> str:
    """The account name, stripped; ValidationError when empty, too long or with control or
    separator characters (names go into key-slot associated data and file names)."""
    name = unicodedata.normalize("NFC", name.strip())
    if not name:
        raise ValidationError(field="username", reason="required")
    if len(name) > USERNAME_MAX:
        raise ValidationError(field="username", reason="too_long")
    if any(not ch.isprintable() or ch in _USERNAME_FORBIDDEN for ch in name):
        raise ValidationError(field="username", reason="invalid")
    return name


def normalize_password(password: str) -> str:
    """NFC, so a password typed through different input methods derives the same key."""
    return unicodedata.normalize("NFC", password)


def check_password(
    password: str,
    roles: Iterable[Role],
    *,
    common: frozenset[str],
    context: Iterable[str] = (),
) -> None:
    pw = normalize_password(password)
    need = max((MIN_LENGTH[r] for r in roles), default=MIN_LENGTH[Role.CLERK])
    if len(pw) < need:
        raise PasswordRejected(reason="too_short", min_length=need)
    if len(pw) > MAX_LENGTH:
        raise PasswordRejected(reason="too_long", max_length=MAX_LENGTH)
    if not pw.strip():
        raise PasswordRejected(reason="blank")
    lowered = pw.lower()
    if lowered in common or len(set(lowered)) <= 2:
        raise PasswordRejected(reason="common")
    squashed = "".join(ch for ch in lowered if ch.isalnum() or ord(ch) > 127)
    for word in (*APP_WORDS, *context):
        w = word.strip().lower()
        if len(w) >= 2 and (squashed == w or lowered == w or _is_word_plus_digits(squashed, w)):
            raise PasswordRejected(reason="context")


def _is_word_plus_digits(pw: str, word: str) -> bool:
    """'school2026', '2026school' and the like are as weak as the word itself."""
    if word not in pw:
        return False
    rest = pw.replace(word, "", 1)
    return rest.isdigit() or rest == ""
