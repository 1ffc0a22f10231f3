"""The one door to the database: the only module that imports ``sqlcipher3``.

Every connection gets the raw 256-bit key first (``x'…'`` form, no KDF), then the pinned pragmas:
WAL, synchronous=FULL, foreign_keys=ON, temp_store=MEMORY and a busy timeout. Errors raised while
opening are classified here, because SQLCipher reports a wrong key and a damaged first page alike.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlcipher3 import dbapi2

from xueji_desktop.core.errors import ArchiveDamaged
from xueji_desktop.storage.files import create_private_file, restrict

Connection = Any  # sqlcipher3 ships no type information
DatabaseError = dbapi2.DatabaseError
OperationalError = dbapi2.OperationalError
IntegrityError = dbapi2.IntegrityError

BUSY_TIMEOUT_MS = 5000
# Page cache per connection, in KiB (negative = KiB for SQLite). SQLCipher decrypts every page it
# reads; a cache larger than the hot tables keeps it within ~1.1x of plain SQLite on the scans of
# the data-health report and duplicate detection (benchmarks/README.md). Memory is taken only as
# pages are read.
CACHE_SIZE_KIB = 128 * 1024
EXPECTED_CIPHER_MAJOR = "4."

PINNED_PRAGMAS: dict[str, object] = {
    "journal_mode": "wal",
    "synchronous": 2,  # FULL: every commit's WAL frames are fsynced
    "foreign_keys": 1,
    "temp_store": 2,  # MEMORY: SQLCipher does not encrypt temp files
    "busy_timeout": BUSY_TIMEOUT_MS,
    "cache_size": -CACHE_SIZE_KIB,
}


def _key_pragma(key: bytes) -> str:
    if len(key) != 32:
        raise ValueError("the data key must be 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def open_connection(
    path: Path,
    key: bytes,
    *,
    readonly: bool = False,
    create: bool = False,
    immutable: bool = False,
) -> Connection:
    """Open ``path`` with ``key``. Raise ArchiveDamaged when the key is right but the file is not.

    Callers only pass keys that came out of an authenticated key slot, so "file is not a database"
    here means damage, never a wrong password.

    ``immutable`` (read-only only): the file is known not to change and has no WAL beside it (a
    backup copy): nothing is created next to it, so a write-protected drive can be read.
    """
    if create:
        create_private_file(path)
    elif not path.exists():
        raise ArchiveDamaged(reason="missing_db")
    if readonly:
        target = path.resolve().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")
        conn = sqlcipher3.connect(target, uri=True, isolation_level=None, check_same_thread=False)
    else:
        conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        # SQLCipher logs a damaged page to stderr itself; the caller reports it as ArchiveDamaged.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(_key_pragma(key))
        # First read: decrypts page 1 and proves the key and the header.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if sys.platform == "darwin":  # pragma: no cover
            conn.execute("PRAGMA fullfsync = ON")
            conn.execute("PRAGMA checkpoint_fullfsync = ON")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute(f"PRAGMA cache_size = -{CACHE_SIZE_KIB}")
        conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise ArchiveDamaged(reason="journal_mode", mode=str(mode))
        conn.execute("PRAGMA synchronous = FULL")
    except DatabaseError as exc:
        conn.close()
        raise ArchiveDamaged(reason="open_failed", detail=str(exc)) from None
    except BaseException:
        conn.close()
        raise
    for suffix in ("-wal", "-shm"):
        restrict(path.with_name(path.name + suffix))
    return conn


def pragma_values(conn: Connection) -> dict[str, object]:
    return {name: conn.execute(f"PRAGMA {name}").fetchone()[0] for name in PINNED_PRAGMAS}


def cipher_info(conn: Connection) -> dict[str, str]:
    version = conn.execute("PRAGMA cipher_version").fetchone()[0]
    provider = conn.execute("PRAGMA cipher_provider").fetchone()
    return {"cipher_version": str(version), "cipher_provider": str(provider[0] if provider else "")}


def export_copy(conn: Connection, target: Path, key: bytes) -> None:
    """Write a consistent encrypted copy of the open database to ``target`` (sqlcipher_export)."""
    create_private_file(target)
    conn.execute(f"ATTACH DATABASE ? AS copy KEY \"x'{key.hex()}'\"", (str(target),))
    try:
        conn.execute("SELECT sqlcipher_export('copy')")
        version = conn.execute("PRAGMA main.user_version").fetchone()[0]
        conn.execute(f"PRAGMA copy.user_version = {int(version)}")
    finally:
        conn.execute("DETACH DATABASE copy")


def library_info() -> dict[str, str]:
    """The SQLCipher and SQLite this program carries (``xueji about``), from a memory database."""
    conn = sqlcipher3.connect(":memory:")
    try:
        info = cipher_info(conn)
        info["sqlite_version"] = str(conn.execute("SELECT sqlite_version()").fetchone()[0])
    finally:
        conn.close()
    return info
