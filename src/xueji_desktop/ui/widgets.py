"""Small widgets shared by every window: the 练习 marker, the busy indicator, the message line."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QProgressBar, QWidget

from xueji_desktop.core import normalize

PRACTICE_STYLE = (
    "QLabel#practiceBanner { background: #fde7a9; color: #5c3d00; border: 1px solid #e0b84a;"
    " border-radius: 4px; padding: 6px 10px; font-weight: bold; }"
)
ERROR_STYLE = (
    "QLabel#errorLine { background: #fdecea; color: #8a1c12; border: 1px solid #f0b4ad;"
    " border-radius: 4px; padding: 6px 10px; }"
)


def stamp_text(stamp: str, *, seconds: bool = False) -> str:
    """An archive time stamp as the clerk's local time: "2026-11-26 14:22" (with seconds for the
    change history); the stamp as it is when it cannot be read."""
    moment = normalize.local_moment(stamp)
    if moment is None:
        return stamp
    return moment.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def practice_prefix() -> str:
    return QCoreApplication.translate("Practice", "[Practice] ")


def window_title(title: str, *, practice: bool) -> str:
    """Every window of a practice archive carries the 练习 marker in its title."""
    return f"{practice_prefix()}{title}" if practice else title


class PracticeBanner(QLabel):
    """The coloured strip at the top of every window of a practice archive (练习库)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("practiceBanner")
        self.setText(
            QCoreApplication.translate("Practice", "Practice archive: all data here is fictitious")
        )
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet(PRACTICE_STYLE)


class ErrorLine(QLabel):
    """A calm, visible line for what went wrong and what to do next. Hidden when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorLine")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)  # error text may echo what the clerk typed
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setStyleSheet(ERROR_STYLE)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.show_message("")


class BusyIndicator(QWidget):
    """An endless progress bar with a short sentence; shown while the worker is busy."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("busyIndicator")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._bar = QProgressBar(self)
        self._bar.setRange(0, 0)
        self._bar.setTextVisible(False)
        self._bar.setMaximumWidth(120)
        self._bar.setMaximumHeight(14)
        self.label = QLabel(text, self)
        layout.addWidget(self._bar)
        layout.addWidget(self.label)
        layout.addStretch(1)
        self.hide()


class _EnterFilter(QObject):
    def __init__(self, edit: QLineEdit, action: Callable[[], object]) -> None:
        super().__init__(edit)
        self._action = action
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._action()
            return True  # consumed: the dialog's default button must not fire as well
        return False


def on_enter(edit: QLineEdit, action: Callable[[], object]) -> None:
    """Enter in ``edit`` runs ``action`` and nothing else.

    ``returnPressed`` is not enough in a dialog: the line edit passes Enter on, so the default
    button fired too (Enter in the user name field tried to sign in with no password).
    """
    _EnterFilter(edit, action)
