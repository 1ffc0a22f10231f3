"""Putting a restored archive folder in place of the live one, safe against a kill at any point.

The restored archive is built beside the live one (``<root>.restoring-<ts>``, same parent, so
the renames below never cross a file system). The swap then runs in four steps, the parent
folder fsynced after each:

  1. the journal ``<root>.restore.json`` names both folders (written then renamed)
  2. ``<root>``                 -> ``<root>.pre-restore-<ts>``   (the live archive, kept)
  3. ``<root>.restoring-<ts>``  -> ``<root>``                    (the restored one goes live)
  4. the journal is deleted

``settle(root)`` (called by ``storage.layout.read_meta`` before anything reads the folder)
looks at what exists and finishes or undoes an interrupted swap, so that exactly one of the two
archives is at ``<root>`` and the other is kept whole under its own name. Nothing is ever
deleted here: only names change.

A lock file ``<root>.restore.lock`` beside the journal keeps ``settle`` in another process from
acting on a swap that is still running.
"""

from __future__ import annotations

import contextlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path

from xueji_desktop.core.errors import ArchiveBusy
from xueji_desktop.storage.files import atomic_write, fsync_dir
from xueji_desktop.storage.lock import InterProcessLock

JOURNAL_FORMAT = "xueji-restore-swap"
JOURNAL_VERSION = 1
RESTORING = ".restoring-"
PRE_RESTORE = ".pre-restore-"
LOCK_TIMEOUT = 30.0  # seconds; a swap is three renames and a few fsyncs


def journal_path(root: Path) -> Path:
    return root.with_name(f"{root.name}.restore.json")


def lock_path(root: Path) -> Path:
    return root.with_name(f"{root.name}.restore.lock")


def stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def restoring_path(root: Path, ts: str | None = None) -> Path:
    """Where a restore builds the new archive before the swap."""
    return root.with_name(f"{root.name}{RESTORING}{ts or stamp()}")


def pre_restore_path(root: Path, ts: str | None = None) -> Path:
    return root.with_name(f"{root.name}{PRE_RESTORE}{ts or stamp()}")


def _lock(root: Path) -> InterProcessLock:
    return InterProcessLock(lock_path(root), timeout=LOCK_TIMEOUT)


def swap_in(root: Path, restored: Path) -> Path:
    """Make ``restored`` the archive at ``root``; the live folder is kept as
    ``<root>.pre-restore-<ts>``, which is returned. Raises OSError when a rename fails (nothing
    has changed then, or ``settle`` puts things back)."""
    root = Path(root)
    restored = Path(restored)
    if restored.parent != root.parent:
        raise ValueError("the restored folder must be beside the live one")
    old = pre_restore_path(root)
    lock = _lock(root)
    lock.acquire()
    try:
        doc = {
            "format": JOURNAL_FORMAT,
            "version": JOURNAL_VERSION,
            "root": root.name,
            "old": old.name,  # names in the same parent folder: the pair survives a move
            "new": restored.name,
        }
        atomic_write(journal_path(root), json.dumps(doc, indent=1).encode() + b"\n")
        try:
            os.rename(root, old)
        except BaseException:
            # Nothing moved: the journal would only make settle look for what is not there.
            with contextlib.suppress(OSError):
                journal_path(root).unlink()
            raise
        fsync_dir(root.parent)
        try:
            os.rename(restored, root)
        except BaseException:
            with contextlib.suppress(OSError):  # put the live folder back; settle would too
                os.rename(old, root)
                fsync_dir(root.parent)
                _drop_journal(root)
            raise
        fsync_dir(root.parent)
        journal_path(root).unlink()
        fsync_dir(root.parent)
    finally:
        lock.release()
    return old


def settle(root: Path) -> str:
    """Finish or roll back a swap a kill interrupted. Returns "" (nothing to do), "finished" or
    "rolled_back". Cheap when there is no journal (one stat)."""
    root = Path(root)
    if not journal_path(root).exists():
        return ""
    lock = _lock(root)
    try:
        lock.acquire()
    except (ArchiveBusy, OSError):
        return ""  # a swap is running right now (or the folder is read-only): leave it be
    try:
        return _settle_locked(root)
    finally:
        lock.release()


def _read_journal(root: Path) -> tuple[Path, Path] | None:
    try:
        doc = json.loads(journal_path(root).read_bytes().decode("utf-8"))
        if doc["format"] != JOURNAL_FORMAT or doc["version"] != JOURNAL_VERSION:
            return None
        old, new = str(doc["old"]), str(doc["new"])
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
        return None
    expected = (f"{root.name}{PRE_RESTORE}", f"{root.name}{RESTORING}")
    if not (old.startswith(expected[0]) and new.startswith(expected[1])):
        return None  # never rename folders a journal names that are not ours
    if "/" in old + new or "\\" in old + new:
        return None
    return root.parent / old, root.parent / new


def _drop_journal(root: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        journal_path(root).unlink()
    fsync_dir(root.parent)


def _settle_locked(root: Path) -> str:
    names = _read_journal(root)
    if names is None:
        # atomic_write means a journal is whole or absent; an unreadable one was not written by
        # a swap (or was damaged later): nothing can be inferred from it, so nothing is moved.
        return ""
    old, new = names
    live, kept, restored = root.exists(), old.exists(), new.exists()
    if live and not kept:
        # Killed before step 2: the live archive never moved. The restored folder (if whole)
        # stays beside it; the next restore removes stale ones.
        _drop_journal(root)
        return "rolled_back"
    if not live and kept and restored:
        os.rename(new, root)  # killed between steps 2 and 3: finish
        fsync_dir(root.parent)
        _drop_journal(root)
        return "finished"
    if live and kept and not restored:
        _drop_journal(root)  # killed between steps 3 and 4
        return "finished"
    if not live and kept and not restored:
        os.rename(old, root)  # the restored folder is gone: the old archive goes back
        fsync_dir(root.parent)
        _drop_journal(root)
        return "rolled_back"
    if live and kept and restored and _empty_dir(root):
        # Something made an empty folder at <root> between steps 2 and 3: finish the swap.
        root.rmdir()
        os.rename(new, root)
        fsync_dir(root.parent)
        _drop_journal(root)
        return "finished"
    return ""  # nothing safe to do (both gone, or an unknown folder at root): leave the evidence


def _empty_dir(path: Path) -> bool:
    try:
        return path.is_dir() and not any(path.iterdir())
    except OSError:
        return False
