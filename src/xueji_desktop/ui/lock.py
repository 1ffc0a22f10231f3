"""Locking the desktop: after the admin-set idle period (default 10 minutes) and on Ctrl+L.

While locked every record is hidden: each visible window of the application, modal dialogs
included, gets an opaque :class:`LockCover` as its topmost child (dialogs are covered, never
hidden or closed: ``QDialog.hide`` would end their ``exec``). The password entry sits on the
cover of the active modal window (the only window that takes input), else on the main window's.
Windows that appear while locked are covered too. Widgets under the covers stay exactly as they
were, so unsaved edits survive; input to them, shortcuts and window closing are swallowed by an
application event filter (which also measures idleness: any key or mouse input restarts the idle
timer). The session is locked through the worker (``services.session_lock``: ``session.locked``,
so every service call refuses; audited), and only the same user's password unlocks it; an account
disabled meanwhile is told so and can only quit.
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QWidget,
)

from xueji_desktop.core.errors import AccountDisabled, ArchiveLocked, XuejiError
from xueji_desktop.services.session_lock import DEFAULT_MINUTES
from xueji_desktop.ui import operations
from xueji_desktop.ui.i18n import error_text
from xueji_desktop.ui.lock_cover import LockCover
from xueji_desktop.ui.pages import PageContext

log = logging.getLogger(__name__)

_T = QEvent.Type
# Input that counts as "someone is here" and that covered widgets must not get while locked.
INPUT_EVENTS = frozenset(
    {
        _T.KeyPress,
        _T.KeyRelease,
        _T.MouseButtonPress,
        _T.MouseButtonRelease,
        _T.MouseButtonDblClick,
        _T.MouseMove,
        _T.Wheel,
        _T.ContextMenu,
        _T.InputMethod,
        _T.TouchBegin,
        _T.TouchUpdate,
        _T.TouchEnd,
        _T.TabletPress,
    }
)
LOCK_KEYS = QKeySequence("Ctrl+L")


class LockController(QObject):
    """Idle timer, Ctrl+L, the covers and the unlock; one per main window."""

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self, window: QMainWindow, ctx: PageContext, *, idle_ms: int | None = None
    ) -> None:
        super().__init__(window)
        self._window = window
        self._ctx = ctx
        self._locked = False
        self._quitting = False
        self._covers: list[LockCover] = []
        self._sizes: dict[int, tuple[QWidget, object, object]] = {}
        self._focus: QWidget | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lambda: self.lock_now(reason="idle"))
        self.action = QAction(self.tr("Lock"), window)
        self.action.setObjectName("lockAction")
        self.action.setShortcut(LOCK_KEYS)
        self.action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.action.triggered.connect(lambda: self.lock_now())
        window.addAction(self.action)
        app = QCoreApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        if idle_ms is not None:
            self.set_idle_interval_ms(idle_ms)
        else:
            self.set_idle_minutes(DEFAULT_MINUTES)
            session = ctx.session
            ctx.worker.run(
                lambda: operations.auto_lock_minutes(session),
                on_done=self.set_idle_minutes,
                on_error=lambda _e: None,  # keep the default; a refusal is logged by the worker
                context=self,
            )

    # -- public ---------------------------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        return self._locked

    @property
    def practice(self) -> bool:
        return self._ctx.practice

    @property
    def username(self) -> str:
        return self._ctx.session.username

    @property
    def covers(self) -> list[LockCover]:
        return list(self._covers)

    def entry_cover(self) -> LockCover | None:
        return next((c for c in self._covers if shiboken6.isValid(c) and c.has_entry), None)

    def set_idle_minutes(self, minutes: int) -> None:
        self.set_idle_interval_ms(int(minutes) * 60_000)

    def set_idle_interval_ms(self, ms: int) -> None:
        self._timer.setInterval(max(1, int(ms)))
        if not self._locked:
            self._timer.start()

    def lock_now(self, *, reason: str = "manual") -> None:
        if self._locked:
            return
        self._locked = True
        self._timer.stop()
        self._focus = QApplication.focusWidget()
        while (popup := QApplication.activePopupWidget()) is not None:
            popup.close()  # an open menu or drop-down would float above the covers
        entry_window = self._entry_target()
        for window in self._windows():
            self._cover(window, entry=window is entry_window)
        if self.entry_cover() is None:  # the main window is hidden (minimised to nothing)
            self._cover(self._window, entry=True)
        session = self._ctx.session
        self._ctx.worker.run(
            lambda: operations.lock(session, reason),
            on_done=lambda _r: None,
            on_error=self._lock_failed,
            context=self,
        )
        self.locked.emit()

    def try_unlock(self, password: str, cover: LockCover) -> None:
        session = self._ctx.session
        self._ctx.worker.run(
            lambda: operations.unlock(session, password),
            on_done=lambda _r: self._unlock_done(),
            on_error=lambda e: self._unlock_failed(e, cover),
            context=self,
        )

    def quit_application(self) -> None:
        self._quitting = True
        QCoreApplication.exit(0)

    # -- covers ---------------------------------------------------------------------------------

    def _entry_target(self) -> QWidget:
        """The window that gets the password field: a modal dialog, else the window the clerk
        was using (a print preview in front of the main window), else the main window."""
        modal = QApplication.activeModalWidget()
        if modal is not None and modal.isVisible():
            return modal
        active = QApplication.activeWindow()
        if (
            active is not None
            and active.isVisible()
            and active.windowType() not in (Qt.WindowType.Popup, Qt.WindowType.ToolTip)
        ):
            return active
        return self._window

    def _windows(self) -> list[QWidget]:
        """Visible windows not covered yet."""
        self._covers = [c for c in self._covers if shiboken6.isValid(c)]
        return [
            w
            for w in QApplication.topLevelWidgets()
            if w.isVisible()
            and w.windowType() not in (Qt.WindowType.Popup, Qt.WindowType.ToolTip)
            and not any(c.parentWidget() is w for c in self._covers)
        ]

    def _cover(self, window: QWidget, *, entry: bool) -> None:
        cover = LockCover(window, self, entry=entry)
        self._covers.append(cover)
        if entry:
            self._make_room(window, cover)
            # A message box sets its own fixed size again once its layout settles: grow it after.
            QTimer.singleShot(0, self, lambda: self._make_room_later(window, cover))
        cover.setGeometry(window.rect())
        cover.show()
        cover.raise_()
        if entry:
            window.activateWindow()
            cover.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _make_room(self, window: QWidget, cover: LockCover) -> None:
        """A small dialog (a message box) grows until the password box fits; restored after."""
        need = cover.sizeHint()
        if window.width() >= need.width() and window.height() >= need.height():
            return
        if id(window) not in self._sizes:
            self._sizes[id(window)] = (window, window.minimumSize(), window.maximumSize())
        cover.grown = True
        window.setMinimumSize(
            max(window.width(), need.width()), max(window.height(), need.height())
        )
        window.setMaximumSize(16_777_215, 16_777_215)
        window.resize(window.minimumSize())

    def _make_room_later(self, window: QWidget, cover: LockCover) -> None:
        alive = shiboken6.isValid(window) and shiboken6.isValid(cover)
        if self._locked and alive and cover.has_entry:
            self._make_room(window, cover)

    def _uncover(self) -> None:
        for cover in self._covers:
            if shiboken6.isValid(cover):
                cover.hide()
                # Out of its window first: the window may itself be deleted (deleteLater) in the
                # same pass of posted events, and a cover half-way between the two deletions
                # crashed Qt in ~QWidget (seen in the tests with a print preview in front).
                cover.setParent(None)  # type: ignore[call-overload]
                cover.deleteLater()
        self._covers.clear()
        for window, minimum, maximum in self._sizes.values():
            if shiboken6.isValid(window):
                window.setMinimumSize(minimum)  # type: ignore[call-overload]
                window.setMaximumSize(maximum)  # type: ignore[call-overload]
                QCoreApplication.postEvent(window, QEvent(QEvent.Type.LayoutRequest))
                window.adjustSize()
        self._sizes.clear()

    # -- worker answers (GUI thread) ------------------------------------------------------------

    def _lock_failed(self, error: BaseException) -> None:
        if not isinstance(error, ArchiveLocked):
            # The service locks before it writes the audit entry: the session stays locked.
            log.warning("lock not recorded: %s", type(error).__name__)

    def _unlock_done(self) -> None:
        self._locked = False
        self._uncover()
        focus, self._focus = self._focus, None
        if focus is not None and shiboken6.isValid(focus) and focus.isVisible():
            focus.window().activateWindow()
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self._timer.start()
        self.unlocked.emit()

    def _unlock_failed(self, error: BaseException, cover: LockCover) -> None:
        if not shiboken6.isValid(cover):
            return
        if isinstance(error, AccountDisabled):
            cover.only_quit(error_text(error))
        elif isinstance(error, XuejiError):
            cover.refuse(error_text(error))
        else:
            cover.refuse(
                self.tr(
                    "The password could not be checked because of an unexpected "
                    "problem. Please try again."
                )
            )

    # -- the application event filter -------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in INPUT_EVENTS:
            if self._locked:
                return isinstance(watched, QWidget) and not _inside_cover(watched)
            if kind == _T.KeyPress and _is_lock_key(event):
                self.lock_now()
                return True
            self._timer.start()  # someone is here: the idle period starts again
            return False
        if not self._locked:
            return False
        if kind in (_T.Shortcut, _T.ShortcutOverride):
            return not (isinstance(watched, QWidget) and _inside_cover(watched))
        if (
            kind == _T.Close
            # the window's close button; the program may still end a dialog (done())
            and (event.spontaneous() or watched is self._window)
            and isinstance(watched, QWidget)
            and not self._quitting
            and any(c.parentWidget() is watched for c in self._covers)
        ):
            event.ignore()  # a locked window is not closed behind the clerk's back
            return True
        if kind in (_T.Show, _T.Hide) and isinstance(watched, QWidget) and watched.isWindow():
            # A window that appears is covered; the password box moves to the window that takes
            # input (a modal dialog opened or closed by an answer that arrived meanwhile).
            QTimer.singleShot(0, self, self._follow_windows)
        return False

    def _follow_windows(self) -> None:
        if not self._locked:
            return
        for window in self._windows():
            self._cover(window, entry=False)
        modal = QApplication.activeModalWidget()
        current = self.entry_cover()
        holder = current.parentWidget() if current is not None else None
        if modal is not None and modal.isVisible():
            target = modal
        elif holder is not None and holder.isVisible() and holder.isWindow():
            target = holder  # the window chosen at lock time keeps the field
        else:
            target = self._window
        if current is not None and holder is target:
            return
        for cover in self._covers:
            if shiboken6.isValid(cover) and cover.parentWidget() is target:
                if current is not None and shiboken6.isValid(current):
                    current.set_entry(False)
                cover.set_entry(True)
                self._make_room(target, cover)
                target.activateWindow()
                cover.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)
                return


def _inside_cover(widget: QWidget) -> bool:
    w: QWidget | None = widget
    while w is not None:
        if isinstance(w, LockCover):
            return True
        w = w.parentWidget()
    return False


def _is_lock_key(event: QEvent) -> bool:
    if not isinstance(event, QKeyEvent):
        return False
    return QKeySequence(event.keyCombination()) == LOCK_KEYS
