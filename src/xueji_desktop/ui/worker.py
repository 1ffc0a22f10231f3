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

import itertools
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")


class _Bridge(QObject):
    """Carries answers from the worker thread to the GUI thread.

    One per worker, owned by it on the GUI thread. Jobs hold only this long-lived object and a
    token, never a per-job QObject: the last reference to a QObject must not be dropped on the
    worker thread, or Qt would destroy it there.
    """

    succeeded = Signal(int, object)
    failed = Signal(int, object)


@dataclass(frozen=True)
class _Pending:
    on_done: Callable[[Any], None]
    on_error: Callable[[BaseException], None]
    context: QObject | None

    def context_alive(self) -> bool:
        return self.context is None or shiboken6.isValid(self.context)


class _Job(QRunnable, Generic[T]):
    def __init__(self, fn: Callable[[], T], bridge: _Bridge, token: int) -> None:
        super().__init__()
        self._fn: Callable[[], T] | None = fn
        self._bridge = bridge
        self._token = token
        self.setAutoDelete(True)

    def run(self) -> None:
        fn, self._fn = self._fn, None  # drop the closure here, not when Qt deletes the job
        assert fn is not None
        try:
            result = fn()
        except BaseException as exc:  # routed to the GUI thread; nothing is swallowed
            log_unexpected(exc)
            self._bridge.failed.emit(self._token, exc)
            return
        self._bridge.succeeded.emit(self._token, result)


def log_unexpected(exc: BaseException) -> None:
    """Log a programming error without its message: messages may carry values from the archive."""
    from xueji_desktop.core.errors import XuejiError

    if isinstance(exc, XuejiError):
        return  # expected; the UI shows it through messages.message_for
    frames = "".join(traceback.format_tb(exc.__traceback__))
    log.error("unexpected %s in a worker task\n%s", type(exc).__name__, frames)


class SessionWorker(QObject):
    """One worker thread for one archive session: every call is serialised on it."""

    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)  # created first, so deleted first: it waits for its jobs
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)  # keep the one thread for the whole session
        self._bridge = _Bridge(self)
        # Queued explicitly: the slots belong to this object, which lives on the GUI thread.
        self._bridge.succeeded.connect(self._deliver_result, Qt.ConnectionType.QueuedConnection)
        self._bridge.failed.connect(self._deliver_error, Qt.ConnectionType.QueuedConnection)
        self._pending: dict[int, _Pending] = {}
        self._tokens = itertools.count(1)

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
        token = next(self._tokens)
        was_busy = self.busy
        self._pending[token] = _Pending(on_done, on_error, context)
        if not was_busy:
            self.busyChanged.emit(True)
        self._pool.start(_Job(fn, self._bridge, token))

    @Slot(int, object)
    def _deliver_result(self, token: int, result: object) -> None:
        pending = self._pending.pop(token, None)
        try:
            if pending is not None and pending.context_alive():
                pending.on_done(result)
        finally:
            self._after_delivery()

    @Slot(int, object)
    def _deliver_error(self, token: int, error: object) -> None:
        pending = self._pending.pop(token, None)
        try:
            if pending is not None and pending.context_alive():
                assert isinstance(error, BaseException)
                pending.on_error(error)
        finally:
            self._after_delivery()

    def _after_delivery(self) -> None:
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
