"""The archive database: one writer connection with ``atomic()``, read-only connections for readers.

``atomic()`` is the only way to write. The outermost call takes the inter-process writer lock and
``BEGIN IMMEDIATE``; nested calls are savepoints. Nobody calls ``commit()`` by hand. Callbacks
registered with ``after_commit`` run once the outermost transaction has committed, still under the
writer lock (the audit anchor is advanced there).

``writer_lock()`` holds the inter-process writer lock without opening a transaction, for work
that must be serialised with other writers but cannot run inside ``BEGIN`` (the pre-migration
copy: ``ATTACH`` is refused inside a transaction). ``atomic()`` inside it works as usual (the lock
is re-entrant for its thread).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from xueji_desktop.core.errors import ArchiveBusy
from xueji_desktop.storage.connection import Connection, open_connection
from xueji_desktop.storage.lock import InterProcessLock


class Database:
    def __init__(
        self, path: Path, key: bytes, lock_path: Path, *, busy_timeout: float = 5.0
    ) -> None:
        self.path = path
        self._key = key
        self._lock = InterProcessLock(lock_path, timeout=busy_timeout)
        self._conn: Connection | None = None
        self._rlock = threading.RLock()
        self._depth = 0
        self._after_commit: list[Callable[[], None]] = []

    # -- connections -------------------------------------------------------------------------

    @property
    def conn(self) -> Connection:
        """The writer connection (also used for reads inside a service call)."""
        if self._conn is None:
            self._conn = open_connection(self.path, self._key)
        return self._conn

    def reader(self) -> Connection:
        """A separate read-only connection, for reads that must not wait on the writer."""
        return open_connection(self.path, self._key, readonly=True)

    def close(self) -> None:
        """Close the writer connection. Closing the last connection checkpoints the WAL into the
        main file: that is a write, so it is done under the writer lock, where a backup copying
        the files (docs/design/backups.md) never sees it half done. A lock held elsewhere for
        over a second does not keep the connection open: the backup's before/after check of
        the files catches the rare overlap."""
        with self._rlock:
            if self._conn is None:
                return
            try:
                self._lock.acquire(timeout=1.0)
                locked = True
            except ArchiveBusy:
                locked = False
            try:
                self._conn.close()
                self._conn = None
            finally:
                if locked:
                    self._lock.release()

    # -- transactions ------------------------------------------------------------------------

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    def after_commit(self, callback: Callable[[], None]) -> None:
        if not self._depth:
            raise RuntimeError("after_commit outside a transaction")
        self._after_commit.append(callback)

    @contextmanager
    def writer_lock(self) -> Iterator[None]:
        """Hold the inter-process writer lock (and this Database's thread lock), no transaction.

        Raises ``ArchiveBusy`` after the busy timeout like ``atomic()``. Re-entrant: ``atomic()``
        and ``writer_lock()`` may be nested inside it in the same thread.
        """
        with self._rlock:
            self._lock.acquire()
            try:
                yield
            finally:
                self._lock.release()

    @contextmanager
    def atomic(self) -> Iterator[Connection]:
        with self._rlock:
            conn = self.conn
            outer = self._depth == 0
            if outer:
                self._lock.acquire()
                try:
                    conn.execute("BEGIN IMMEDIATE")
                except BaseException:
                    self._lock.release()
                    raise
            savepoint = f"sp{self._depth}"
            if not outer:
                conn.execute(f"SAVEPOINT {savepoint}")
            self._depth += 1
            try:
                yield conn
            except BaseException:
                self._depth -= 1
                if outer:
                    self._after_commit.clear()
                    try:
                        conn.execute("ROLLBACK")
                    finally:
                        self._lock.release()
                else:
                    conn.execute(f"ROLLBACK TO {savepoint}")
                    conn.execute(f"RELEASE {savepoint}")
                raise
            self._depth -= 1
            if not outer:
                conn.execute(f"RELEASE {savepoint}")
                return
            try:
                conn.execute("COMMIT")
                callbacks, self._after_commit = self._after_commit, []
                for callback in callbacks:
                    callback()
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            finally:
                self._after_commit.clear()
                self._lock.release()
