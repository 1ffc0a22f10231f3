"""The Qt binding must not leak or drop references on the calls the UI makes all day.

PySide6 6.12.0 under Python 3.11 dropped one reference to ``None`` on every call of a method that
returns nothing; after about ten thousand calls (a morning of typing) the interpreter aborted with
``none_dealloc``. The pin in requirements.lock avoids it; this test keeps a regression from landing.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QComboBox, QLabel


def test_void_calls_keep_none_alive(qapp: QApplication) -> None:
    label = QLabel()
    combo = QComboBox()
    combo.addItem("a")
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
        label.blockSignals(False)
        combo.currentData()
        qapp.processEvents()
    # Other threads may take or drop a few references meanwhile; a leak per call shows as ~-2000.
    assert abs(sys.getrefcount(None) - before) < 200
