"""One line of the start page's to-do list (start_page.py, which re-exports ``TodoCard``): a big
count, a sentence and a button; the page builds the texts, so none are translated here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from xueji_desktop.ui.appearance import scaled_font

# The page sets this on itself so that every card, and cards added later, take it.
CARD_STYLE = (
    "QFrame#todoCard { background: #ffffff; border: 1px solid #d9dde3; border-radius: 6px; }"
    'QFrame#todoCard[urgent="true"] { border: 1px solid #e0b84a; border-left: 5px solid #d08a00;'
    " border-radius: 3px; background: #fffaf3; }"
)


class TodoCard(QFrame):
    """One item: the count, the sentence, and a button that opens what it counts."""

    opened = Signal()

    def __init__(self, count: str, text: str, button: str, *, urgent: bool, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("todoCard")
        self.setProperty("urgent", urgent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(16)
        self.count_label = QLabel(count, self)
        self.count_label.setObjectName("todoCount")
        self.count_label.setMinimumWidth(72)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.count_label.setStyleSheet("color: #9a5b00;" if urgent else "color: #1d4f91;")
        self.text_label = QLabel(text, self)
        self.text_label.setObjectName("todoText")
        self.text_label.setWordWrap(True)
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.count_label)
        layout.addWidget(self.text_label, 1)
        self.button: QPushButton | None = None
        if button:
            self.button = QPushButton(button, self)
            self.button.setObjectName("todoButton")
            self.button.clicked.connect(self.opened)
            layout.addWidget(self.button)
        self.refresh_fonts()

    def refresh_fonts(self) -> None:
        self.count_label.setFont(scaled_font(self, 1.9, bold=True))
