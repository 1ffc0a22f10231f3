"""The record view's 附件 tab: the paper file (纸质档案), the document checklist, the scans list,
and a viewer for one scan.

The widgets only show what the worker already read (ui/student_ops.py); viewing and adding a scan
go back to RecordView (its ``view_scan``/``add_scan``), which runs them on the worker. The paper
file's link opens the 纸质档案 page on this student through the record view's page context.
"""

from __future__ import annotations

import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
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

from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.paper_files_contents import contents_summary, missing_summary
from xueji_desktop.ui.paper_files_text import location_text, state_text
from xueji_desktop.ui.record_tabs import RowsModel, fit, rows_table
from xueji_desktop.ui.widgets import stamp_text


def _line(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class PaperFileBox(QGroupBox):
    """纸质档案: where the paper file is (as 查找档案 says it), its place and its papers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Paper file"))
        self.setObjectName("paperFileBox")
        self.student_id: int | None = None
        self.state = _line(self, "paperState")
        self.state.setStyleSheet("font-weight: bold;")
        self.place = _line(self, "paperPlace")
        self.papers = _line(self, "paperContents")
        self.missing = _line(self, "paperMissing")
        self.missing.setStyleSheet("color: #a32015;")
        link = self.tr("Open in Paper files")  # lupdate does not read a tr() inside an f-string
        self.link = QLabel(f'<a href="paper_files">{link}</a>', self)
        self.link.setObjectName("paperLink")
        self.link.setTextFormat(Qt.TextFormat.RichText)
        self.link.linkActivated.connect(lambda _href: self.open_page())
        top = QHBoxLayout()
        top.addWidget(self.state, 1)
        top.addWidget(self.link, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        for label in (self.place, self.papers, self.missing):
            layout.addWidget(label)

    def show_file(self, tab: Any) -> None:
        paper, where = getattr(tab, "paper", None), getattr(tab, "where", None)
        self.setVisible(paper is not None and where is not None)
        if paper is None or where is None:
            return
        self.student_id = where.student_id
        self.state.setText(state_text(where, datetime.date.today()))
        place = location_text(paper.location) or self.tr("not recorded")
        self.place.setText(self.tr("Place: %1").replace("%1", place))
        held = contents_summary(paper.contents) or self.tr("none")
        self.papers.setText(self.tr("Papers in the folder: %1").replace("%1", held))
        missing = missing_summary(paper.contents)
        self.missing.setText(self.tr("Required papers missing: %1").replace("%1", missing))
        self.missing.setVisible(bool(missing))

    def open_page(self) -> None:
        """The 纸质档案 page on this student, through the enclosing page's context."""
        widget = self.parentWidget()
        while widget is not None and not isinstance(getattr(widget, "ctx", None), PageContext):
            widget = widget.parentWidget()
        if widget is not None and self.student_id is not None:
            widget.ctx.go("paper_files", student_id=self.student_id)  # type: ignore[attr-defined]


class FilesTab(QWidget):
    """附件: the document checklist (✓ held / ✗ missing) and the scans, with view and add."""

    viewRequested = Signal(int, str)  # attachment id, title
    addRequested = Signal(list)  # [(document code, name)]

    def __init__(self, model: RowsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ids: list[int] = []
        self._titles: list[str] = []
        self._doc_types: list[tuple[str, str]] = []
        layout = QVBoxLayout(self)
        self.paper = PaperFileBox(self)
        self.paper.hide()  # until the tab's data arrives
        layout.addWidget(self.paper)
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
        layout.addWidget(split, 1)
        self.model = model

    def show_files(self, tab: Any, *, can_add: bool) -> None:
        self.paper.show_file(tab)
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
