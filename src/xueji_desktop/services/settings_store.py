"""School settings in table ``settings`` (key -> text): reads, and audited writes.

Helpers for the services that own a setting (学号 and diploma-number patterns, …). They take an
open connection or handle; the calling service checks the permission.
"""

from __future__ import annotations

from xueji_desktop.core.errors import ValidationError
from xueji_desktop.core.numbering import PatternError, parse_pattern
from xueji_desktop.services import audit
from xueji_desktop.services.context import ArchiveHandle
from xueji_desktop.storage.connection import Connection


def read_setting(conn: Connection, key: str, default: str) -> str:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else default


def write_setting(handle: ArchiveHandle, actor: str, key: str, value: str) -> None:
    """Upsert one setting with its audit entry, in one transaction."""
    with handle.db.atomic() as conn:
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
        audit.record(handle, actor, "setting_changed", target_type="settings", target_id=key,
                     details={"value": value})  # fmt: skip


def write_pattern(handle: ArchiveHandle, actor: str, key: str, pattern: object) -> str:
    """Check a number pattern (core/numbering.py) and store it; returns the stored text.

    Raises ValidationError(field=key, reason=...) for a non-text, overlong or unusable pattern.
    """
    if not isinstance(pattern, str) or len(pattern) > 100:
        raise ValidationError(field=key, reason="type")
    try:
        parsed = parse_pattern(pattern)
    except PatternError as exc:
        raise ValidationError(field=key, reason=exc.reason) from None
    write_setting(handle, actor, key, parsed.text)
    return parsed.text
