"""One long step at a time on the session worker, with its progress dialog and Cancel.

The import wizard, the national-list comparison and the photo import each run a few long steps
(read, check, import). A ``StepRunner`` starts one (``fn`` on the worker with a ``WorkProgress``
whose ``report``/``cancelled`` the service receives), tells the dialog when it starts and ends,
and hands the result or the error back on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from xueji_desktop.ui.pdf_printer import WorkProgress
from xueji_desktop.ui.worker import SessionWorker


class StepRunner:
    def __init__(
        self,
        owner: QWidget,
        worker: SessionWorker,
        *,
        on_error: Callable[[BaseException], None],
        on_change: Callable[[], None],
        on_start: Callable[[WorkProgress], None] = lambda _w: None,
    ) -> None:
        self._owner = owner
        self._worker = worker
        self._on_error = on_error
        self._on_change = on_change  # busy or idle again: the dialog updates its buttons
        self._on_start = on_start
        self._work: WorkProgress | None = None

    @property
    def busy(self) -> bool:
        return self._work is not None

    def run(self, work: WorkProgress, fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self._work = work
        work.begin()
        self._on_change()
        self._on_start(work)
        self._worker.run(
            fn,
            on_done=lambda result: self._ended(done, result),
            on_error=self._failed,
            context=self._owner,
        )

    def cancel(self) -> bool:
        """Ask the running step to stop (nothing of it is kept); False when none runs."""
        if self._work is None:
            return False
        self._work.cancel()
        return True

    def _finish(self) -> None:
        if self._work is not None:
            self._work.finish()
        self._work = None
        self._on_change()

    def _ended(self, done: Callable[[Any], None], result: object) -> None:
        self._finish()
        done(result)

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        self._on_error(exc)
