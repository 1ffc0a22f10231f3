"""An inter-process lock on a file in the archive folder (fcntl on POSIX, msvcrt on Windows).

The writer lock serialises writers across processes: the GUI and a scheduled ``xueji`` run never
write at once. A second writer polls for ``timeout`` seconds, then gets ``ArchiveBusy``.

The lock is re-entrant for the thread that holds it (a depth counter; the file lock is released
when the outermost ``release`` brings the depth back to 0). Other threads wait like other
processes do, and get ``ArchiveBusy`` after the timeout.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from xueji_desktop.core.errors import ArchiveBusy
from xueji_desktop.storage.files import FILE_MODE

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class InterProcessLock:
    def __init__(self, path: Path, *, timeout: float = 5.0, poll: float = 0.05) -> None:
        self.path = path
        self.timeout = timeout
        self.poll = poll
        self._fd: int | None = None
        self._owner: int | None = None  # threading.get_ident() of the holder
        self._depth = 0
        self._thread_lock = threading.Lock()

    @property
    def held(self) -> bool:
        return self._fd is not None

    @property
    def held_by_me(self) -> bool:
        return self._fd is not None and self._owner == threading.get_ident()

    def acquire(self, timeout: float | None = None) -> None:
        me = threading.get_ident()
        if self._owner == me:  # only this thread can have set it to its own id
            self._depth += 1
            return
        wait = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + wait
        if not self._thread_lock.acquire(timeout=max(wait, 0.0)):
            raise ArchiveBusy()
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, FILE_MODE)
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise ArchiveBusy()
                time.sleep(self.poll)
            self._fd = fd
            self._owner = me
            self._depth = 1
        except BaseException:
            self._thread_lock.release()
            raise

    def release(self) -> None:
        if self._owner != threading.get_ident():
            raise RuntimeError("release of a writer lock this thread does not hold")
        self._depth -= 1
        if self._depth:
            return
        fd, self._fd, self._owner = self._fd, None, None
        try:
            if fd is not None:
                try:
                    _unlock(fd)
                finally:
                    os.close(fd)
        finally:
            self._thread_lock.release()
