"""Numbered schema migrations tracked in ``PRAGMA user_version``.

Each migration is a module ``mNNNN_name.py`` with ``VERSION`` and ``apply(conn)``. Each runs in one
transaction together with the new ``user_version``. Before an existing database is migrated an
encrypted copy goes to ``pre-migration/``. A database newer than the code is refused. Never edit a
migration that has shipped: add a new one.

Two processes may open the same archive during an upgrade. The whole run therefore holds the
inter-process writer lock: the version is read again under the lock, the copy is taken only if a
migration is still needed (under the lock, outside any transaction), and each migration re-checks
the version inside its own transaction. The second process finds the work done and applies
nothing.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

from xueji_desktop.core.errors import ArchiveTooNew
from xueji_desktop.storage.connection import export_copy
from xueji_desktop.storage.database import Database
from xueji_desktop.storage.files import ensure_private_dir


def _modules() -> list[ModuleType]:
    found = [
        importlib.import_module(f"{__name__}.{m.name}")
        for m in pkgutil.iter_modules(__path__)
        if m.name.startswith("m") and m.name[1:5].isdigit()
    ]
    found.sort(key=lambda m: int(m.VERSION))
    versions = [int(m.VERSION) for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations are not numbered 1..n: {versions}")
    return found


def latest_version() -> int:
    return len(_modules())


def current_version(db: Database) -> int:
    return int(db.conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(
    db: Database,
    copy_dir: Path,
    data_key: bytes,
    *,
    target: int | None = None,
    before_each: Callable[[int], None] | None = None,
) -> list[int]:
    """Bring the database to ``target`` (default: latest). Returns the versions applied.

    Returns ``[]`` when nothing was needed, also when another process did the work meanwhile.
    Raises ``ArchiveBusy`` if another writer holds the lock past the busy timeout.
    """
    modules = _modules()
    latest = len(modules)
    goal = latest if target is None else target
    # A first look without the lock: an up-to-date (or too new) archive never waits on a writer.
    if not _needs_work(current_version(db), latest, goal):
        return []
    with db.writer_lock():
        have = current_version(db)  # again: another process may have migrated meanwhile
        if not _needs_work(have, latest, goal):
            return []
        if have > 0:
            ensure_private_dir(copy_dir)
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
            export_copy(db.conn, copy_dir / f"xueji-v{have}-{stamp}.db", data_key)
        applied = []
        for module in modules[have:goal]:
            version = int(module.VERSION)
            if before_each is not None:
                before_each(version)
            with db.atomic() as conn:
                now = int(conn.execute("PRAGMA user_version").fetchone()[0])
                if now >= version:
                    continue
                if now != version - 1:
                    raise RuntimeError(f"migration {version} found schema version {now}")
                module.apply(conn)
                conn.execute(f"PRAGMA user_version = {version}")
            applied.append(version)
        return applied


def _needs_work(have: int, latest: int, goal: int) -> bool:
    if have > latest:
        raise ArchiveTooNew(archive_schema=have, app_schema=latest)
    return have < goal
