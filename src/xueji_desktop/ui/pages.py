"""What the main window knows about a page: the contract every page of the navigation follows.

A page is a ``QWidget`` subclass of :class:`Page`. The main window builds the pages the user's
roles allow (``permission``), shows their ``title()`` in the navigation, calls ``activate(**args)``
when the clerk (or another page, through ``PageContext.navigate``) opens it, asks
``has_unsaved_changes()`` before the window closes, and shows ``help_text()`` on F1. Pages never
talk to each other directly: they navigate with arguments (``ctx.go("students", student_id=12)``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from xueji_desktop.core.roles import Permission, allowed
from xueji_desktop.services.context import Session
from xueji_desktop.ui.worker import SessionWorker


def _no_navigation(page_id: str, args: dict[str, object]) -> None:
    """Stand-in until a main window provides navigation (a page shown on its own, in tests)."""


@dataclass
class PageContext:
    """What every page receives: the session, the worker its service calls run on, navigation."""

    session: Session
    worker: SessionWorker
    practice: bool = False
    school_name: str = ""
    navigate: Callable[[str, dict[str, object]], None] = field(default=_no_navigation)

    def go(self, page_id: str, **args: object) -> None:
        self.navigate(page_id, dict(args))

    def can(self, permission: Permission) -> bool:
        return allowed(self.session.roles, permission)


class Page(QWidget):
    """Base class of the navigation's pages."""

    page_id: ClassVar[str] = ""
    permission: ClassVar[Permission] = Permission.READ_RECORDS  # needed to see the page at all

    # Emitted when the page's count for the navigation or start page changes (optional).
    changed = Signal()

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(f"{self.page_id}Page")

    def title(self) -> str:
        raise NotImplementedError

    def help_text(self) -> str:
        """A few plain sentences for the clerk (F1); rich text allowed."""
        raise NotImplementedError

    def activate(self, **args: object) -> None:
        """Shown (again); ``args`` come from ``ctx.go(page_id, ...)``. Load data here, not in
        ``__init__``."""

    def has_unsaved_changes(self) -> bool:
        return False

    def discard_changes(self) -> None:
        """The clerk chose to close the window without saving."""
