"""The service calls behind the main window, the start page and the settings page.

They run on the session's worker thread and touch no widget (house style, practice 2).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from xueji_desktop.services import session_lock, todo
from xueji_desktop.services.context import Session
from xueji_desktop.services.todo import TodoItem


def quick_todo(session: Session, today: datetime.date) -> list[TodoItem]:
    """The start page's fast items (deadline, 休学 due back, graduation)."""
    return todo.quick_items(session, today=today)


def health_todo(
    session: Session,
    today: datetime.date,
    progress: Callable[[int, int], None],
    cancelled: Callable[[], bool],
) -> tuple[list[TodoItem], bool]:
    """The data-health findings by kind; seconds on a large archive, cancellable."""
    return todo.health_items(session, today=today, progress=progress, cancelled=cancelled)


def auto_lock_minutes(session: Session) -> int:
    return session_lock.auto_lock_minutes(session)


def set_auto_lock_minutes(session: Session, minutes: int) -> int:
    """Store the idle period and return what is now in force."""
    session_lock.set_auto_lock_minutes(session, minutes)
    return session_lock.auto_lock_minutes(session)
