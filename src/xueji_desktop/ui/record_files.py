"""The record view's 附件 tab: the document checklist, the scans list, and a viewer for one scan.

Both widgets only show what the worker already read (ui/student_ops.py); viewing and adding a scan
go back to RecordView (its ``view_scan``/``add_scan``), which runs them on the worker.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.ui.record_tabs import RowsModel, fit, rows_table
from xueji_desktop.ui.widgets import stamp_text


class FilesTab(QWidget):
    """附件: the document checklist (✓ held / ✗ missing) and the scans, with view and add."""

    viewRequested = Signal(int, str)  # attachment id, title
    addRequested = Signal(list)  # [(document code, name)]

    def __init__(self, model: RowsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ids: list[int] = []
        self._titles: list[str] = []
        self._doc_types: list[tuple[str, str]] = []
        layout = QHBoxLayout(self)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.checklist = QListWidget(split)
        self.checklist.setObjectName("checklist")
        right = QWidget(split)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        self.table = rows_table(model, right)
        self.table.doubleClicked.connect(lambda index: self._view(index.row()))
        buttons = QHBoxLayout()
        self.view_button = QPushButton(QCoreApplication.translate("RecordTabs", "View"), right)
        self.view_button.clicked.connect(self._view_current)
        self.add_button = QPushButton(
            QCoreApplication.translate("RecordTabs", "Add a scan…"), right
        )
        self.add_button.setObjectName("addScanButton")
        self.add_button.clicked.connect(lambda: self.addRequested.emit(self._doc_types))
        buttons.addWidget(self.view_button)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        column.addWidget(self.table, 1)
        column.addLayout(buttons)
        split.addWidget(self.checklist)
        split.addWidget(right)
        split.setSizes([260, 640])
        layout.addWidget(split)
        self.model = model

    def show_files(self, tab: Any, *, can_add: bool) -> None:
        self.checklist.clear()
        for item in tab.checklist:
            if item.present:
                text, color = "✓  " + item.name, QColor("#1b6e20")
            elif item.required:
                text = (
                    "✗  " + item.name + "  " + QCoreApplication.translate("RecordTabs", "(missing)")
                )
                color = QColor("#a32015")
            else:
                text, color = "–  " + item.name, QColor("#666666")
            entry = QListWidgetItem(text)
            entry.setForeground(color)
            self.checklist.addItem(entry)
        names = {i.code: i.name for i in tab.checklist}
        self._doc_types = [(i.code, i.name) for i in tab.checklist]
        files = list(tab.files)
        self._ids = [f.id for f in files]
        self._titles = [names.get(f.doc_type, f.doc_type) for f in files]
        self.model.set_rows(
            [
                (
                    names.get(f.doc_type, f.doc_type),
                    f.title,
                    stamp_text(f.added_at),
                    f.added_by,
                    QCoreApplication.translate("RecordTabs", "Voided") if f.voided else "",
                )
                for f in files
            ]
        )
        fit(self.table)
        self.add_button.setVisible(can_add)

    def _view_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self._view(index.row())

    def _view(self, row: int) -> None:
        if 0 <= row < len(self._ids):
            self.viewRequested.emit(self._ids[row], self._titles[row])


class ScanViewer(QDialog):
    """A simple viewer for one scanned page (an image), scaled to the window."""

    def __init__(self, title: str, data: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(900, 700)
        pixmap = QPixmap()
        self.loaded = pixmap.loadFromData(data)
        label = QLabel(self)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if self.loaded:
            label.setPixmap(pixmap)
        else:
            label.setText(self.tr("This file is not a picture; it cannot be shown here."))
        area = QScrollArea(self)
        area.setWidget(label)
        area.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.addWidget(area)
