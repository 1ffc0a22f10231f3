"""The opaque sheet the lock puts over each window (ui/lock.py decides when and where).

With ``entry`` it carries the password box; otherwise it says where to type the password. It
swallows Tab so focus cannot walk into the covered widgets underneath, and keeps itself the size
of its window and above children added later.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.ui.widgets import BusyIndicator, ErrorLine, PracticeBanner, on_enter


class CoverOwner(Protocol):
    """What a cover needs from the lock controller."""

    @property
    def practice(self) -> bool: ...

    @property
    def username(self) -> str: ...

    def try_unlock(self, password: str, cover: LockCover) -> None: ...

    def quit_application(self) -> None: ...


CARD_WIDTH = 400
COVER_STYLE = (
    "QWidget#lockCover { background: #e9edf2; }"
    " QFrame#lockCard { background: #ffffff; border: 1px solid #c5ccd6; border-radius: 8px; }"
)


class LockCover(QWidget):
    """The opaque sheet over one window; with ``entry`` it carries the password box."""

    def __init__(self, window: QWidget, controller: CoverOwner, *, entry: bool) -> None:
        super().__init__(window)
        self.setObjectName("lockCover")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAutoFillBackground(True)
        self.setStyleSheet(COVER_STYLE)
        self._controller = controller
        self._window = window
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 16, 16, 16)
        if controller.practice:
            outer.addWidget(PracticeBanner(self))
        outer.addStretch(1)
        self.card = QFrame(self)
        self.card.setObjectName("lockCard")
        self.card.setFixedWidth(CARD_WIDTH)
        card = QVBoxLayout(self.card)
        card.setContentsMargins(24, 20, 24, 20)
        card.setSpacing(10)
        heading = QLabel(self.tr("Locked"), self.card)
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        heading.setFont(font)
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        card.addWidget(heading)
        self.text = QLabel(self.card)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        card.addWidget(self.text)
        self.password_edit = QLineEdit(self.card)
        self.password_edit.setObjectName("unlockPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaxLength(1024)
        card.addWidget(self.password_edit)
        self.error_line = ErrorLine(self.card)
        card.addWidget(self.error_line)
        self.busy_indicator = BusyIndicator(self.tr("Checking the password…"), self.card)
        card.addWidget(self.busy_indicator)
        self.unlock_button = QPushButton(self.tr("Unlock"), self.card)
        self.unlock_button.setObjectName("unlockButton")
        card.addWidget(self.unlock_button)
        self.quit_button = QPushButton(self.tr("Quit the program"), self.card)
        self.quit_button.setObjectName("quitButton")
        self.quit_button.hide()
        card.addWidget(self.quit_button)
        outer.addWidget(self.card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

        self.has_entry = False
        self.grown = False  # the window was enlarged to fit the password box
        self.set_entry(entry)
        on_enter(self.password_edit, self.submit)
        self.unlock_button.clicked.connect(self.submit)
        self.quit_button.clicked.connect(controller.quit_application)
        window.installEventFilter(self)
        self.setGeometry(window.rect())

    def set_entry(self, entry: bool) -> None:
        """Carry the password box (on the one window that takes input) or just say where it is."""
        self.has_entry = entry
        if entry:
            self.text.setText(
                self.tr(
                    "The records are hidden. Enter the password of %1 to continue; what "
                    "you were typing is kept."
                ).replace("%1", self._controller.username)
            )
        else:
            self.text.setText(self.tr("Enter the password in the window in front to unlock."))
        self._fit_text()
        for widget in (self.password_edit, self.unlock_button):
            widget.setVisible(entry)
        if not entry:
            self.error_line.clear_message()

    def _fit_text(self) -> None:
        # A wrapped sentence needs its full height inside the fixed-width card (Qt sizes a
        # word-wrapped label for one line otherwise, and the lines overlap).
        self.text.setMinimumHeight(self.text.heightForWidth(CARD_WIDTH - 48))
        self.card.adjustSize()

    def submit(self) -> None:
        password = self.password_edit.text()
        if not password or self.busy_indicator.isVisible():
            self.password_edit.setFocus()
            return
        self.error_line.clear_message()
        self.set_busy(True)
        self._controller.try_unlock(password, self)

    def set_busy(self, busy: bool) -> None:
        self.busy_indicator.setVisible(busy)
        self.password_edit.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy)

    def refuse(self, text: str) -> None:
        self.set_busy(False)
        self.password_edit.clear()
        self._say(text)
        self.password_edit.setFocus()

    def _say(self, text: str) -> None:
        self.error_line.show_message(text)
        # A wrapped sentence needs its full height inside the fixed-width card.
        inner = CARD_WIDTH - 48
        self.error_line.setMinimumHeight(self.error_line.heightForWidth(inner))
        self.card.adjustSize()

    def only_quit(self, text: str) -> None:
        self.set_busy(False)
        self.password_edit.clear()
        self.password_edit.hide()
        self.unlock_button.hide()
        self._say(text)
        self.text.setText(
            self.tr(
                "This account can no longer be used. Unsaved changes cannot be "
                "kept. Please quit the program."
            )
        )
        self._fit_text()
        self.quit_button.show()
        self.quit_button.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window:
            if event.type() == QEvent.Type.LayoutRequest and self.grown:
                return True  # a message box would shrink back to its fixed size over the box
            if event.type() == QEvent.Type.Resize:
                self.setGeometry(self._window.rect())
            elif event.type() == QEvent.Type.ChildAdded:
                QTimer.singleShot(0, self, self.raise_)  # stay above children added later
        return False

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab must not walk into the covered widgets underneath.
        chain = [
            w
            for w in (self.password_edit, self.unlock_button, self.quit_button)
            if w.isVisible() and w.isEnabled()
        ]
        if not chain:
            return True
        current = QApplication.focusWidget()
        index = chain.index(current) if current in chain else -1
        step = 1 if next else -1
        chain[(index + step) % len(chain)].setFocus(Qt.FocusReason.TabFocusReason)
        return True
