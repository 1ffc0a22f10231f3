"""How a student's record reaches the rest of the UI without importing it at load time.

``partner`` finds another helper's widget class only when that module exists, so the record view
and the students page work with whatever parts of the UI are present; ``record_events`` is the
one application-wide notice that a record changed.
"""

from __future__ import annotations

import importlib
from typing import Any

from PySide6.QtCore import QObject, Signal


def partner(module: str, name: str) -> Any:
    """A partner's widget class, or None while that module does not exist yet."""
    try:
        return getattr(importlib.import_module(f"xueji_desktop.ui.{module}"), name)
    except (ImportError, AttributeError):
        return None


class RecordEvents(QObject):
    """One application-wide notice that an action changed a student's record, so an open entry
    form of that student (StudentForm) re-reads it without the page wiring the two together."""

    changed = Signal(int)


_events: RecordEvents | None = None


def record_events() -> RecordEvents:
    """The shared notifier; made on first use (on the GUI thread, by the first widget using it)."""
    global _events
    if _events is None:
        _events = RecordEvents()
    return _events
