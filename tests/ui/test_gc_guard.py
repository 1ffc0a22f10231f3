"""The cyclic garbage collector runs on the GUI thread only (ui/gc_guard.py)."""

from __future__ import annotations

import gc
import threading
from typing import ClassVar

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from xueji_desktop.ui.gc_guard import GuiGarbageCollector


class _Cycle(QObject):
    """A QObject in a reference cycle: only the cyclic collector frees it."""

    freed_on: ClassVar[list[str]] = []

    def __init__(self) -> None:
        super().__init__()
        self.me = self
        self.destroyed.connect(lambda: _Cycle.freed_on.append(threading.current_thread().name))


def test_automatic_collection_is_off_and_the_timer_collects(qtbot: QtBot) -> None:
    # the session fixture (tests/ui/conftest.py) installed the collector, as the app does
    assert not gc.isenabled()
    collector = GuiGarbageCollector()
    try:
        gc.collect()
        _Cycle.freed_on.clear()
        for _ in range(1000):  # more new objects than generation 0's threshold (700)
            _Cycle()
        assert gc.get_count()[0] > gc.get_threshold()[0]
        assert _Cycle.freed_on == []  # nothing collects them by itself any more
        collector.check()  # what the timer does on the GUI thread
        qtbot.waitUntil(lambda: len(_Cycle.freed_on) == 1000)
        assert set(_Cycle.freed_on) == {threading.main_thread().name}
    finally:
        collector.stop()
        gc.disable()  # the session's own collector stays in charge
