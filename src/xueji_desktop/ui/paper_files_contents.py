"""What is in a paper file's folder, by the document checklist: shown, summed up, corrected.

Every checklist type is listed with the pieces in the folder, whether a scan of it is stored
(已扫描: read by the service from the attachments, never stored twice) and whether the checklist
requires it; a required paper that is not in the folder is marked missing. ``ContentsDialog``
lets a clerk correct the pieces per type (services.paper_files.set_contents: the service checks
the numbers and keeps their history).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.services.paper_files import MAX_PIECES, ContentItem, PaperFile
from xueji_desktop.ui import i18n, paper_files_ops
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.paper_files_models import OVERDUE
from xueji_desktop.ui.table_model import QT_TRANSLATE_NOOP, RowTableModel
from xueji_desktop.ui.work_dialog import WorkDialog

MISSING = OVERDUE  # the same red as an overdue loan: something the clerk must chase


def is_missing(item: ContentItem) -> bool:
    return item.required and item.pieces == 0


def pieces_text(n: int) -> str:
    return QCoreApplication.translate("PaperFileContents", "%1 pc.").replace("%1", str(n))


def contents_summary(items: Sequence[ContentItem]) -> str:
    """The papers in the folder in one line: "入学登记表 1份（已扫描）、照片 2份"; "" if none."""
    zh = i18n.language() == "zh"
    parts = []
    for item in items:
        if item.pieces <= 0:
            continue
        text = f"{item.name} {pieces_text(item.pieces)}"
        if item.scanned:
            note = QCoreApplication.translate("PaperFileContents", "scanned")
            text += f"（{note}）" if zh else f" ({note})"
        parts.append(text)
    return ("、" if zh else "; ").join(parts)


def missing_summary(items: Sequence[ContentItem]) -> str:
    """The required papers not in the folder, by name; "" when nothing required is missing."""
    return ("、" if i18n.language() == "zh" else "; ").join(
        item.name for item in items if is_missing(item)
    )


class ContentsModel(RowTableModel):
    """Every checklist type: pieces in the folder, scanned or not, required or not."""

    CONTEXT = "ContentsModel"
    HEADERS = (
        QT_TRANSLATE_NOOP("ContentsModel", "Paper"),
        QT_TRANSLATE_NOOP("ContentsModel", "In the folder"),
        QT_TRANSLATE_NOOP("ContentsModel", "Scanned"),
        QT_TRANSLATE_NOOP("ContentsModel", "Required"),
    )

    def item(self, row: int) -> ContentItem:
        x: ContentItem = self.row_at(row)
        return x

    def cell(self, x: ContentItem, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return x.name
            if column == 1:
                if x.pieces:
                    return pieces_text(x.pieces)
                return self.tr_header("missing") if is_missing(x) else "—"
            if column == 2:
                return self.tr_header("scanned") if x.scanned else ""
            return self.tr_header("required") if x.required else ""
        if role == Qt.ItemDataRole.ForegroundRole and is_missing(x):
            return MISSING
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 2, 3):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


QT_TRANSLATE_NOOP("ContentsModel", "missing")
QT_TRANSLATE_NOOP("ContentsModel", "scanned")
QT_TRANSLATE_NOOP("ContentsModel", "required")


class ContentsDialog(WorkDialog):
    """登记材料: the pieces of each checklist type in the folder (0 = not in it)."""

    def __init__(
        self, ctx: PageContext, student: tuple[int, str], paper: PaperFile, parent: QWidget | None
    ) -> None:
        super().__init__(ctx, self.tr("Papers in the file"), parent)
        self.setObjectName("contentsDialog")
        self.student_id = student[0]
        self.items = paper.contents
        intro = QLabel(
            self.tr(
                "%1: how many pieces of each paper are in the folder. 0 means the paper is not "
                "in it. Whether it is scanned comes from the attachments of the record."
            ).replace("%1", student[1]),
            self,
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.table = QTableWidget(len(self.items), 4, self)
        self.table.setObjectName("contentsTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Paper"),
                self.tr("Pieces in the folder"),
                self.tr("Scanned"),
                self.tr("Required"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.spins: dict[str, QSpinBox] = {}
        for row, item in enumerate(self.items):
            name = QTableWidgetItem(item.name)
            if is_missing(item):
                name.setForeground(MISSING)
            self.table.setItem(row, 0, name)
            spin = QSpinBox(self.table)
            spin.setRange(0, MAX_PIECES)
            spin.setValue(item.pieces)
            spin.setAccessibleName(item.name)
            self.table.setCellWidget(row, 1, spin)
            self.spins[item.doc_type] = spin
            for column, on, text in (
                (2, item.scanned, self.tr("scanned")),
                (3, item.required, self.tr("required")),
            ):
                cell = QTableWidgetItem(text if on else "")
                cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, cell)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        self.finish_layout(layout)
        self.resize(560, 600)

    def pieces(self) -> dict[str, int]:
        return {code: spin.value() for code, spin in self.spins.items()}

    def set_pieces(self, doc_type: str, n: int) -> None:
        self.spins[doc_type].setValue(n)

    def request(self) -> Callable[[], Any] | None:
        # Only the types the clerk changed: a type another clerk changed meanwhile stays theirs.
        before = {item.doc_type: item.pieces for item in self.items}
        changed = {code: n for code, n in self.pieces().items() if before.get(code) != n}
        session, sid = self.ctx.session, self.student_id
        return lambda: paper_files_ops.set_contents(session, sid, changed)
