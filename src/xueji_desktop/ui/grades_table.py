"""The grade sheet's spreadsheet view: keys, paste from Excel, and red-framed mistakes.

Split out of grades_page.py (which re-exports ``GradeTable`` and ``parse_clipboard``); nothing
here shows translated text, so no translation context moves.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QGuiApplication, QKeyEvent, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from xueji_desktop.ui.grade_model import INVALID_ROLE, GradeSheetModel


def parse_clipboard(text: str) -> list[list[str]]:
    """Excel's clipboard text (tab between cells, newline between rows) as rows of cells."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # Excel ends the copy with a newline
    return [line.split("\t") for line in lines]


_MISTAKE_BORDER = QColor("#c62828")


class _CellDelegate(QStyledItemDelegate):
    """A plain line editor; Up/Down while typing commit and move like a spreadsheet. A cell with
    a mistake stays red when selected (the selection colour would hide it) and gets a red frame,
    thicker on the selected cell, so the clerk sees which one to correct."""

    def __init__(self, view: GradeTable) -> None:
        super().__init__(view)
        self._view = view

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        editor.installEventFilter(self)
        return editor

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if not index.data(INVALID_ROLE):
            super().paint(painter, option, index)
            return
        marked = QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_HasFocus
        selected = bool(option.state & marked)
        plain = QStyleOptionViewItem(option)
        plain.state &= ~marked  # both tint the cell; the thick frame marks it instead
        super().paint(painter, plain, index)
        width = 3 if selected else 1
        painter.save()
        painter.setPen(QPen(_MISTAKE_BORDER, width))
        rect = option.rect.adjusted(width // 2, width // 2, -(width + 1) // 2, -(width + 1) // 2)
        painter.drawRect(rect)
        painter.restore()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            isinstance(obj, QLineEdit)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        ):
            step = -1 if event.key() == Qt.Key.Key_Up else 1
            self.commitData.emit(obj)
            self.closeEditor.emit(obj, QAbstractItemDelegate.EndEditHint.NoHint)
            self._view.move_by(step)
            return True
        return super().eventFilter(obj, event)


class GradeTable(QTableView):
    """The sheet's view: spreadsheet keys on top of QTableView's own."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gradeTable")
        self.setItemDelegate(_CellDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setAlternatingRowColors(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)

    def sheet(self) -> GradeSheetModel:
        model = self.model()
        assert isinstance(model, GradeSheetModel)
        return model

    def move_by(self, rows: int) -> None:
        current = self.currentIndex()
        if not current.isValid():
            return
        row = min(max(current.row() + rows, 0), self.sheet().rowCount() - 1)
        self.setCurrentIndex(self.sheet().index(row, current.column()))

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:  # Enter: next row
            self.move_by(1)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() != QAbstractItemView.State.EditingState:
            if event.matches(QKeySequence.StandardKey.Paste):
                self.paste_clipboard()
                return
            if event.matches(QKeySequence.StandardKey.Copy):
                self.copy_selection()
                return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.move_by(1)
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.clear_selection()
                return
        super().keyPressEvent(event)

    def paste_clipboard(self) -> int:
        current = self.currentIndex()
        if not current.isValid():
            return 0
        block = parse_clipboard(QGuiApplication.clipboard().text())
        return self.sheet().paste(current.row(), current.column(), block)

    def copy_selection(self) -> None:
        indexes = sorted(self.selectedIndexes(), key=lambda i: (i.row(), i.column()))
        if not indexes:
            return
        rows: dict[int, list[str]] = {}
        for i in indexes:
            rows.setdefault(i.row(), []).append(str(i.data() or ""))
        QGuiApplication.clipboard().setText("\n".join("\t".join(r) for r in rows.values()) + "\n")

    def clear_selection(self) -> None:
        from xueji_desktop.ui.grade_model import FIELDS

        for i in self.selectedIndexes() or [self.currentIndex()]:
            if i.isValid():
                self.sheet().set_text(i.row(), FIELDS[i.column()], "")
