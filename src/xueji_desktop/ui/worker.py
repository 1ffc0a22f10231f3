"""Run service calls off the GUI thread and hand the outcome back to it.

The GUI thread never waits on the database, a file or the key derivation. Every service call goes
through a :class:`SessionWorker`: a thread pool with exactly one thread, so the calls for one
session run one after another (the services are not re-entrant; the encrypted connection is opened
with ``check_same_thread=False`` for exactly this hand-over). The result or the exception comes back
as a queued signal and the callback runs on the GUI thread (after Anki's ``CollectionOp`` and
Picard's ``thread.run_task``).

Rules for callers:
  * ``fn`` runs on the worker thread: it may call services, never touch a widget.
  * ``on_done`` / ``on_error`` run on the GUI thread: they may touch widgets, never call services.
  * Pass ``context`` (the widget that asked): if it is gone by the time the answer arrives, the
    callbacks are dropped instead of touching a deleted widget.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")


class _Relay(QObject):
    """Lives on the GUI thread; the worker thread emits, the GUI thread delivers."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        owner: SessionWorker,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        context: QObject | None,
    ) -> None:
        super().__init__()
        self._owner = owner
        self._on_done = on_done
        self._on_error = on_error
        self._context = context
        self._has_context = context is not None
        # Queued explicitly: the slots belong to this object, which lives on the GUI thread.
        self.succeeded.connect(self._deliver_result, Qt.ConnectionType.QueuedConnection)
        self.failed.connect(self._deliver_error, Qt.ConnectionType.QueuedConnection)

    def _context_alive(self) -> bool:
        return not self._has_context or shiboken6.isValid(self._context)

    @Slot(object)
    def _deliver_result(self, result: object) -> None:
        try:
            if self._context_alive():
                self._on_done(result)
        finally:
            self._owner._finished(self)

    @Slot(object)
    def _deliver_error(self, error: object) -> None:
        try:
            if self._context_alive():
                assert isinstance(error, BaseException)
                self._on_error(error)
        finally:
            self._owner._finished(self)


class _Job(QRunnable, Generic[T]):
    def __init__(self, fn: Callable[[], T], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # routed to the GUI thread; nothing is swallowed
            log_unexpected(exc)
            self._relay.failed.emit(exc)
            return
        self._relay.succeeded.emit(result)


def log_unexpected(exc: BaseException) -> None:
    """Log a programming error without its message: messages may carry values from the archive."""
    from xueji_desktop.core.errors import XuejiError

    if isinstance(exc, XuejiError):
        return  # expected; the UI shows it through messages.message_for
    frames = "".join(traceback.format_tb(exc.__traceback__))
    log.error("unexpected %s in a worker task\n%s", type(exc).__name__, frames)


class SessionWorker(QObject):
    """One worker thread for one archive session: every call is serialised on it."""

    busyChanged = Signal(bool)  # noqa: N815 - Qt signal naming

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)  # keep the one thread for the whole session
        self._pending: set[_Relay] = set()

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def run(
        self,
        fn: Callable[[], T],
        *,
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None],
        context: QObject | None = None,
    ) -> None:
        relay = _Relay(self, on_done, on_error, context)
        was_busy = self.busy
        self._pending.add(relay)
        if not was_busy:
            self.busyChanged.emit(True)
        self._pool.start(_Job(fn, relay))

    def _finished(self, relay: _Relay) -> None:
        self._pending.discard(relay)
        relay.deleteLater()
        if not self._pending:
            self.busyChanged.emit(False)

    def wait(self, msecs: int = -1) -> bool:
        """Block until queued jobs have run (shutdown and tests only; never in a GUI callback)."""
        return self._pool.waitForDone(msecs)

    def shutdown(self, last: Callable[[], None] | None = None) -> None:
        """Run ``last`` (e.g. closing the session) after every queued job, then wait for it."""
        if last is not None:
            self._pool.start(_logged(last))
        self._pool.waitForDone()


def _logged(fn: Callable[[], None]) -> Callable[[], None]:
    def run() -> None:
        try:
            fn()
        except Exception as exc:
            log_unexpected(exc)

    return run
