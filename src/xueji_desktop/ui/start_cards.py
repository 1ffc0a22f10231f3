"""One line of the start page's to-do list (start_page.py, which re-exports ``TodoCard``): a big
count, a sentence and a button; the page builds most texts, the archive room's items' words are
here (in the page's translation context).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from xueji_desktop.services.todo import TodoItem
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


# -- the archive room's items (issue 8): words kept here so the page stays short ----------------
# Translated in the page's context ("StartPage"), like the page's own sentences.


def room_words(
    item: TodoItem, date_text: Callable[[str], str], join: Callable[[str, str], str]
) -> tuple[str, str] | None:
    """(the big number, the sentence) of an archive-room item, or None for another kind.
    ``date_text`` words an ISO date; ``join`` puts two sentences together."""
    p, n = item.params, str(item.count)
    if item.kind == "loans_overdue":
        text = QCoreApplication.translate(
            "StartPage",
            "paper files lent out are past their due date (the earliest was due %1): ask for "
            "them back.",
        )
        return n, text.replace("%1", date_text(str(p.get("oldest_due", ""))))
    if item.kind == "receipts_missing":
        text = QCoreApplication.translate(
            "StartPage",
            "dispatched paper files have had no receipt back for more than %1 days: ask the "
            "receivers.",
        )
        return n, text.replace("%1", str(p.get("days", "")))
    if item.kind == "dispatch_due":
        return n, QCoreApplication.translate(
            "StartPage",
            "students have left, but their paper files are neither sent on nor kept by the school.",
        )
    if item.kind == "destinations_missing":
        return n, QCoreApplication.translate(
            "StartPage",
            "students who graduated in the last 12 months have no destination recorded.",
        )
    if item.kind == "aid_lists_due":
        return _aid_words(item, date_text, join)
    return None


def _aid_words(
    item: TodoItem, date_text: Callable[[str], str], join: Callable[[str, str], str]
) -> tuple[str, str]:
    raw = item.params.get("dates", [])
    dates = [d for d in raw if isinstance(d, dict)] if isinstance(raw, list) else []
    if not dates:
        return str(item.count), ""
    first, others = dates[0], dates[1:]
    days = int(first.get("days", 0))
    if days > 0:
        n = str(days)
        text = QCoreApplication.translate("StartPage", "days until the aid list is due: %1 (%2).")
    elif days == 0:
        n = QCoreApplication.translate("StartPage", "Today")
        text = QCoreApplication.translate("StartPage", "the aid list is due: %1 (%2).")
    else:
        n = str(-days)
        text = QCoreApplication.translate(
            "StartPage", "days since the aid list was due: %1 (%2). Make sure it was reported."
        )
    text = text.replace("%1", str(first.get("name", ""))).replace(
        "%2", date_text(str(first.get("date", "")))
    )
    for other in others:
        also = QCoreApplication.translate("StartPage", "Also due: %1 (%2).")
        also = also.replace("%1", str(other.get("name", "")))
        text = join(text, also.replace("%2", date_text(str(other.get("date", "")))))
    return n, text


def room_caption(kind: str) -> str | None:
    """The student list's heading for an archive-room item that opens students."""
    if kind == "destinations_missing":
        return QCoreApplication.translate(
            "StartPage", "Graduated in the last 12 months, no destination recorded"
        )
    return None


def button_text(item: TodoItem) -> str:
    """The card's button: what pressing it opens ("" for none)."""
    if item.target is None or item.kind == "registration_deadline":
        return ""
    if item.target.page == "calendar":
        return QCoreApplication.translate("StartPage", "Open the calendar")
    if item.target.page == "paper_files":
        return QCoreApplication.translate("StartPage", "Open the list")
    return QCoreApplication.translate("StartPage", "Show them")
