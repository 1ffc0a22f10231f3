"""One running desktop application per archive.

The authority is an inter-process lock on ``desktop.lock`` in the archive folder, taken without
waiting and held until the application ends (the operating system drops it if the process dies,
so a crash never leaves a stale lock). The ``xueji`` command line does not take it: it uses the
writer lock, so scheduled runs keep working while the application is open.

The courtesy is a local socket (``QLocalServer``) whose name is derived from a hash of the
archive path and the user name: a second start on the same archive connects to it, asks the
first window to come to the front, and exits quietly. A folder without an archive yet (the
first-run wizard) has no lock file (``init`` needs an empty folder): there only the socket tells
two starts apart, and the lock is taken as soon as the wizard has created the archive.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, Qt, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QWidget

from xueji_desktop.core.errors import ArchiveBusy
from xueji_desktop.storage.layout import ArchiveLayout
from xueji_desktop.storage.lock import InterProcessLock

log = logging.getLogger(__name__)

MESSAGE = b"xueji-desktop:raise\n"
CONNECT_MS = 1000  # a local socket answers at once; only a hung first instance takes longer


def server_name(root: Path) -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (containers): the path alone must do
        user = ""
    where = str(root.expanduser().resolve())
    digest = hashlib.sha256(f"{user}\0{where}".encode()).hexdigest()[:24]
    return f"xueji-desktop-{digest}"


def ask_first_instance(root: Path) -> bool:
    """Ask the application already open on ``root`` to come to the front; True if it answered.

    Runs before any window of this (second) process exists, so the short waits block nothing
    the clerk sees.
    """
    socket = QLocalSocket()
    socket.connectToServer(server_name(root))
    if not socket.waitForConnected(CONNECT_MS):
        return False
    socket.write(QByteArray(MESSAGE))
    sent = socket.waitForBytesWritten(CONNECT_MS)
    socket.disconnectFromServer()
    return sent


class InstanceGuard(QObject):
    """Holds the archive for this process. ``acquire()`` False: another instance has it (and was
    asked to come to the front). ``activationRequested`` when a later start asks for us."""

    activationRequested = Signal()

    def __init__(self, root: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.root = root
        self._lock: InterProcessLock | None = None
        self._server: QLocalServer | None = None
        self._window: QWidget | None = None

    @property
    def holds_lock(self) -> bool:
        return self._lock is not None

    def acquire(self) -> bool:
        layout = ArchiveLayout(self.root)
        if layout.exists():
            if not self.lock_archive():
                ask_first_instance(self.root)
                return False
        elif ask_first_instance(self.root):
            return False  # a first-run wizard is open on this folder already
        self._listen()
        return True

    def lock_archive(self) -> bool:
        """Take the file lock (after the wizard created the archive, or from ``acquire``)."""
        if self._lock is not None:
            return True
        lock = InterProcessLock(ArchiveLayout(self.root).instance_lock, timeout=0.0)
        try:
            lock.acquire(timeout=0.0)
        except ArchiveBusy:
            return False
        except OSError as exc:  # a read-only folder: the socket still keeps most doubles away
            log.warning("instance lock not taken (%s)", type(exc).__name__)
            return True
        self._lock = lock
        return True

    def set_window(self, window: QWidget | None) -> None:
        """The window to bring to the front when a second start asks."""
        self._window = window

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # -- the courtesy socket ------------------------------------------------------------------

    def _listen(self) -> None:
        if self._server is not None:
            return
        name = server_name(self.root)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(name):
            # A socket left by a crashed instance: we hold the lock, so it is not alive.
            QLocalServer.removeServer(name)
            if not server.listen(name):
                log.warning("single-instance socket not available")
                return
        server.newConnection.connect(self._on_connection)
        self._server = server

    def _on_connection(self) -> None:
        server = self._server
        if server is None:
            return
        while server.hasPendingConnections():
            socket = server.nextPendingConnection()
            socket.readyRead.connect(self._on_message)
            if socket.bytesAvailable():
                self._read(socket)

    def _on_message(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        data = bytes(socket.readAll().data())
        socket.readyRead.disconnect(self._on_message)
        socket.abort()
        socket.deleteLater()
        if MESSAGE.strip() in data:
            self.bring_to_front()
            self.activationRequested.emit()

    def bring_to_front(self) -> None:
        target = QApplication.activeModalWidget() or self._window
        if target is None:
            return
        if target.isMinimized():
            target.setWindowState(target.windowState() & ~Qt.WindowState.WindowMinimized)
        target.show()
        target.raise_()
        target.activateWindow()
