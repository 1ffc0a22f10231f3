"""Python's cyclic garbage collector runs on the GUI thread only.

A dialog whose Python object sits in a reference cycle (a lambda connected to a signal that
captures ``self``, a helper that holds its owner) is freed only by the cyclic collector. That
collector runs in whichever thread happens to allocate when a threshold is crossed — the session
worker's thread included — and freeing a QWidget there destroys it off the GUI thread, which Qt
answers with a crash (seen as a rare segmentation fault in the test suite). So automatic
collection is switched off and a timer on the GUI thread collects instead, by the same
thresholds (the pattern of PyQt/PySide applications with worker threads).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

__all__ = ["GuiGarbageCollector", "install"]

_INTERVAL_MS = 500


class GuiGarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(_INTERVAL_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> None:
        """Collect the generations whose counts passed their thresholds, as gc itself would."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._thresholds[generation]:
                gc.collect(generation)
                return

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()


def install(parent: QObject) -> GuiGarbageCollector:
    """Switch automatic collection off for good; ``parent`` (the application) keeps the timer."""
    return GuiGarbageCollector(parent)
