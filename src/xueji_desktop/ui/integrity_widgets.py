"""The pieces of the 四性检测 page: the items' table model and the card per property.

The texts of the items come from the report itself (built in Chinese and English by the
service); only the column headers, the result words and the cards' sentences are translated here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from xueji_desktop.services.integrity_report import Item, Section
from xueji_desktop.ui.i18n import language
from xueji_desktop.ui.table_model import QT_TRANSLATE_NOOP, RowTableModel

CONTEXT = "IntegrityTable"
# result -> (mark colour, pale background, dark text): green / amber / red / grey
COLOURS: dict[str, tuple[str, str, str]] = {
    "pass": ("#2e8b45", "#e8f5ea", "#1e5e2e"),
    "warn": ("#d39a00", "#fff4d6", "#6b4a00"),
    "fail": ("#c62828", "#fdecea", "#8a1c12"),
    "not_checked": ("#8a8a8a", "#f1f1f1", "#555555"),
}
RESULT_WORDS = {
    "pass": QT_TRANSLATE_NOOP("IntegrityTable", "Passed"),
    "warn": QT_TRANSLATE_NOOP("IntegrityTable", "Attention"),
    "fail": QT_TRANSLATE_NOOP("IntegrityTable", "Failed"),
    "not_checked": QT_TRANSLATE_NOOP("IntegrityTable", "Not checked"),
}
_ICONS: dict[str, QIcon] = {}


def result_word(result: str) -> str:
    return QCoreApplication.translate(CONTEXT, RESULT_WORDS[result])


def mark_icon(result: str) -> QIcon:
    """A filled round mark in the result's colour (made once, on the GUI thread)."""
    icon = _ICONS.get(result)
    if icon is None:
        pixmap = QPixmap(14, 14)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(COLOURS[result][0]))
        painter.drawEllipse(1, 1, 12, 12)
        painter.end()
        icon = _ICONS[result] = QIcon(pixmap)
    return icon


class IntegrityModel(RowTableModel):
    """One row per item: its result (coloured mark), its property, the item, what was found."""

    CONTEXT = CONTEXT
    HEADERS = (
        QT_TRANSLATE_NOOP("IntegrityTable", "Result"),
        QT_TRANSLATE_NOOP("IntegrityTable", "Property"),
        QT_TRANSLATE_NOOP("IntegrityTable", "Item"),
        QT_TRANSLATE_NOOP("IntegrityTable", "Found"),
    )

    def set_sections(self, sections: tuple[Section, ...]) -> None:
        self.set_rows([(s, i) for s in sections for i in s.items])

    def cell(self, item: Any, column: int, role: int) -> object:
        section, entry = item
        assert isinstance(entry, Item)
        lang = language()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                result_word(entry.result),
                section.title(lang),
                entry.label(lang),
                entry.detail(lang),
            )[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return mark_icon(entry.result)
        if role == Qt.ItemDataRole.BackgroundRole and column == 0:
            return QBrush(QColor(COLOURS[entry.result][1]))
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return QBrush(QColor(COLOURS[entry.result][2]))
        if role == Qt.ItemDataRole.ToolTipRole and column in (2, 3):
            return entry.method(lang) if column == 2 else entry.detail(lang)
        return None


class SectionCard(QFrame):
    """One property: its name, a coloured mark and how its items came out."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"card_{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        self.title = QLabel(self)
        self.title.setObjectName("cardTitle")
        self.verdict = QLabel(self)
        self.verdict.setObjectName("cardVerdict")
        self.counts = QLabel(self)
        self.counts.setObjectName("cardCounts")
        self.counts.setWordWrap(True)
        for label in (self.title, self.verdict, self.counts):
            layout.addWidget(label)
        self.show_section(None)

    def show_section(self, section: Section | None, title: str = "") -> None:
        result = section.result if section is not None else "not_checked"
        mark, pale, dark = COLOURS[result]
        self.setStyleSheet(
            f"QFrame#card_{self.key} {{ background: {pale}; border: 1px solid {mark};"
            " border-radius: 6px; }"
            f"QLabel#cardVerdict {{ color: {dark}; font-weight: bold; }}"
        )
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.title.setText(title)
        if section is None:
            self.verdict.setText("—")
            self.counts.setText(self.tr("Not run yet"))
            return
        self.verdict.setText("● " + result_word(result))
        counts = {r: 0 for r in COLOURS}
        for entry in section.items:
            counts[entry.result] += 1
        parts = [
            self.tr("%1 passed").replace("%1", str(counts["pass"])),
            self.tr("%1 attention").replace("%1", str(counts["warn"])),
            self.tr("%1 failed").replace("%1", str(counts["fail"])),
        ]
        self.counts.setText(self.tr(", ").join(parts))
