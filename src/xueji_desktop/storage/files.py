"""Owner-only files and write-then-rename.

Every file the archive writes is created 0600 (directories 0700) and replaced atomically: written to
a temporary name in the same directory, flushed, fsynced, renamed, and the directory fsynced, so a
crash leaves either the old file or the new one under the real name, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import time
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` (and missing parents) owner-only. A folder that already exists is left as
    it is: the app never changes the mode of a folder it did not make (e.g. a home folder)."""
    if path.is_dir():
        return
    # Missing parents are made private too (mkdir(parents=True) would give them the umask's mode,
    # e.g. blobs/ above blobs/xx/).
    if not path.parent.exists():
        ensure_private_dir(path.parent)
    path.mkdir(mode=DIR_MODE, exist_ok=True)
    with contextlib.suppress(OSError):  # Windows: ACLs of the per-user profile apply instead
        os.chmod(path, DIR_MODE)


def fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)


def create_private_file(path: Path) -> None:
    """Create an empty owner-only file (e.g. the database before SQLCipher opens it)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    os.close(fd)


def restrict(path: Path) -> None:
    if path.exists():
        with contextlib.suppress(OSError):
            os.chmod(path, FILE_MODE)


_TEMP_NAME = re.compile(r"^\.[A-Za-z0-9_.-]+\.[0-9a-f]{8}\.tmp$")


STALE_AFTER = 3600.0  # seconds; a live atomic_write finishes in milliseconds


def remove_stale_temps(folder: Path, *, older_than: float = STALE_AFTER) -> int:
    """Delete the temporary files of ``atomic_write`` a crash left in ``folder``: only names of
    exactly that shape, and only old ones — another process may be writing one right now (its
    rename would fail if the file vanished under it)."""
    removed = 0
    now = time.time()
    for tmp in folder.glob(".*.tmp"):
        if not _TEMP_NAME.match(tmp.name):
            continue
        with contextlib.suppress(OSError):
            if now - tmp.stat().st_mtime < older_than:
                continue
            tmp.unlink()
            removed += 1
    return removed
