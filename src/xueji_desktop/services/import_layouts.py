"""Column mappings a clerk chose, remembered per sheet layout (issue 6 §1).

A layout is known by its header row: the header keys (core/import_cells.header_key) of its
cells, in order, hashed into the settings key ``import_layout.<hash>``. The value is the JSON
object header key -> field name of the columns the clerk mapped. Stored in the archive's
settings table (services/settings_store), audited like any other setting, so the next file of
the same layout (next year's list from the admissions office) is mapped the same way.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence

from xueji_desktop.core.import_cells import header_key
from xueji_desktop.core.roles import Permission
from xueji_desktop.services.context import Session
from xueji_desktop.services.settings_store import read_setting, write_setting
from xueji_desktop.storage.connection import Connection

__all__ = ["layout_key", "remember", "remembered", "remembered_in"]

_PREFIX = "import_layout."
_MAX_FIELD = 60  # a field name ("family_members.1.phone") is short; more is not one


def layout_key(headers: Sequence[object]) -> str:
    """The settings key of a header row; "" for a row without any header text."""
    keys = [header_key(h) for h in headers]
    while keys and not keys[-1]:
        keys.pop()
    if not any(keys):
        return ""
    digest = hashlib.sha256("\x1f".join(keys).encode("utf-8")).hexdigest()[:24]
    return _PREFIX + digest


def remembered_in(conn: Connection, headers: Sequence[object]) -> dict[str, str]:
    """The remembered mapping of this header row (header key -> field), {} when none. For the
    import services, which checked the permission."""
    key = layout_key(headers)
    if not key:
        return {}
    try:
        stored = json.loads(read_setting(conn, key, "{}"))
    except ValueError:
        return {}
    if not isinstance(stored, dict):
        return {}
    return {str(k): str(v) for k, v in stored.items() if isinstance(v, str)}


def remembered(session: Session, headers: Sequence[object]) -> dict[str, str]:
    """The mapping chosen before for a sheet with this header row (header key -> field)."""
    session.require(Permission.WRITE_RECORDS)
    return remembered_in(session.archive.db.conn, headers)


def remember(session: Session, headers: Sequence[object], mapping: Mapping[int, str]) -> None:
    """Keep the clerk's mapping (0-based column index -> field) for this header row. Columns
    without header text cannot be found again and are not kept."""
    session.require(Permission.WRITE_RECORDS)
    key = layout_key(headers)
    if not key:
        return
    chosen: dict[str, str] = {}
    for index, name in sorted(mapping.items()):
        if not 0 <= index < len(headers) or not isinstance(name, str):
            continue
        text = header_key(headers[index])
        if text and name and len(name) <= _MAX_FIELD:
            chosen[text] = name
    value = json.dumps(chosen, ensure_ascii=False, sort_keys=True)
    if remembered_in(session.archive.db.conn, headers) == chosen:
        return  # nothing new: no audit entry for the same choice again
    write_setting(session.archive, session.username, key, value)
