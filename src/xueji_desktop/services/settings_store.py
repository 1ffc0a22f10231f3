"""School settings in table ``settings`` (key -> text): reads, and audited writes.

Helpers for the services that own a setting (学号 and diploma-number patterns, …) and give the
numbers those patterns make. They take an open connection or handle; the calling service checks
the permission.
"""

from __future__ import annotations

from collections.abc import Mapping

from xueji_desktop.core.errors import ValidationError
from xueji_desktop.core.numbering import Pattern, PatternError, parse_pattern
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


def school_code(conn: Connection) -> str:
    """The school's code (学校标识码) for the number patterns, '' before it is set."""
    row = conn.execute("SELECT code FROM school WHERE id = 1").fetchone()
    return str(row[0]) if row else ""


def next_free_number(
    conn: Connection, pattern: Pattern, values: Mapping[str, str], used_sql: str, field: str
) -> str:
    """The next number of ``pattern`` for ``values`` that ``used_sql`` does not list.

    ``used_sql`` takes the bounds of the pattern's prefix twice (low, high, low, high), an index
    range rather than LIKE: the archive may hold 100,000 records. Raises
    ValidationError(field=field, reason=...) when the pattern has no number left.
    """
    prefix = pattern.prefix(values)
    upper = prefix + "\uffff"
    used = [str(r[0]) for r in conn.execute(used_sql, (prefix, upper, prefix, upper))]
    try:
        return pattern.next_number(values, used)
    except PatternError as exc:
        raise ValidationError(field=field, reason=exc.reason) from None
