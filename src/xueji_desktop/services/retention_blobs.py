"""Blobs removed by a destruction (schema 6 ``destroyed_blobs``): which ones are meant to be
absent, and removing their files (docs/design/retention.md, "Removing the files").

Plain connection-level helpers, used by the destruction itself, by ``xueji check`` and by the
restore drill (which opens backups of any schema: a database without the table has destroyed
nothing). A blob counts as destroyed only while nothing live refers to it: when the same bytes
are attached again later, the blob store writes the file again under the same name and the blob
is live once more, although its ``destroyed_blobs`` row (never deleted) stays.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from xueji_desktop.storage.blobs import BlobStore
from xueji_desktop.storage.files import fsync_dir

# Live references to a blob: a student's current photo, or an attachment that was not destroyed.
# destruction_register.attachment_id is UNIQUE (indexed), so this is one pass over attachments.
_ABSENT_SQL = """
SELECT name FROM destroyed_blobs
EXCEPT SELECT photo_blob FROM students WHERE photo_blob IS NOT NULL
EXCEPT SELECT a.blob_name FROM attachments a
       WHERE NOT EXISTS (SELECT 1 FROM destruction_register r
                         WHERE r.attachment_id = a.id AND r.status = 'destroyed')
"""


def has_destruction(conn: Any) -> bool:
    """Whether the database has schema 6's destruction tables (a backup may be older)."""
    row = conn.execute(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"
        " AND name IN ('destroyed_blobs', 'destruction_register')"
    ).fetchone()
    return int(row[0]) == 2


def absent_blobs(conn: Any) -> set[str]:
    """Names of the blobs whose files are meant to be gone (empty before schema 6)."""
    if not has_destruction(conn):
        return set()
    return {str(r[0]) for r in conn.execute(_ABSENT_SQL)}


def leftover_files(blobs_root: Path, conn: Any) -> list[Path]:
    """Files of destroyed blobs still on disk: a removal that a crash cut short."""
    store = BlobStore(blobs_root, b"")  # only path_for is used: no key needed
    return [p for p in (store.path_for(n) for n in sorted(absent_blobs(conn))) if p.exists()]


def remove_files(blobs_root: Path, conn: Any) -> int:
    """Remove the files of destroyed blobs still on disk; returns how many went. Failures are
    left for the next run (the database already says the blob is destroyed)."""
    removed = 0
    folders: set[Path] = set()
    for path in leftover_files(blobs_root, conn):
        try:
            path.unlink()
        except FileNotFoundError:
            continue  # gone meanwhile: what was wanted
        except OSError:
            continue  # locked or read-only now: the next decide or check tries again
        removed += 1
        folders.add(path.parent)
    for folder in folders:
        with contextlib.suppress(OSError):
            fsync_dir(folder)
    return removed


def blob_file_names(blobs_root: Path) -> set[str]:
    """The names of the blob files present (``<xx>/<name>.xjb``)."""
    out: set[str] = set()
    try:
        folders = [p for p in blobs_root.iterdir() if p.is_dir()]
    except FileNotFoundError:
        return out
    for folder in folders:
        with contextlib.suppress(OSError):
            for entry in os.scandir(folder):
                if entry.name.endswith(".xjb") and len(entry.name) == 68:
                    out.add(entry.name[:64])
    return out


__all__ = [
    "absent_blobs",
    "blob_file_names",
    "has_destruction",
    "leftover_files",
    "remove_files",
]
