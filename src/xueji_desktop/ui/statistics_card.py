"""One table of the statistics page as a card (its title, the table, its chart, 导出Excel and
打印PDF), and the writing of tables to a file chosen by the clerk (on the worker).

A card shows every row of its table without an inner scroll bar up to ``MAX_VISIBLE_ROWS``,
the table as wide as its columns, the chart beside it (below a wide table).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.errors import OperationCancelled
from xueji_desktop.services.statistics import StatTable
from xueji_desktop.ui import i18n, statistics_ops
from xueji_desktop.ui.appearance import scaled_font
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.statistics_chart import StatChart
from xueji_desktop.ui.statistics_table import StatTableModel, label, labels_for

MAX_VISIBLE_ROWS = 14
FIT_SAMPLE_ROWS = 200  # rows measured to fit a column (the totals row is wider: measured too)
COLUMN_PADDING = 10  # pixels added to each column fitted to its contents
WIDE_TABLE = 560  # pixels: a wider table has its chart below it, not beside it
MIN_TABLE_WIDTH = 260  # a table is squeezed no further (then it scrolls sideways)
CARD_STYLE = (
    "QFrame#statCard { background: palette(base); border: 1px solid #d6dbe3; border-radius: 6px; }"
)


class StatCard(QFrame):
    """A table and its chart. ``export_requested`` / ``print_requested`` carry the card."""

    export_requested = Signal(object)
    print_requested = Signal(object)

    def __init__(self, title_key: str, *, can_export: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statCard")
        self.setStyleSheet(CARD_STYLE)
        self.title_key = title_key
        self.title_label = QLabel(label(title_key), self)
        self.title_label.setObjectName("statCardTitle")
        self.title_label.setFont(scaled_font(self, 1.15, bold=True))
        self.title_label.setWordWrap(True)
        self.export_button = QPushButton(self.tr("Export to Excel…"), self)
        self.export_button.setObjectName("exportButton")
        self.print_button = QPushButton(self.tr("Print to PDF…"), self)
        self.print_button.setObjectName("printButton")
        for button in (self.export_button, self.print_button):
            button.setVisible(can_export)
            button.setEnabled(False)
        self.export_button.clicked.connect(lambda: self.export_requested.emit(self))
        self.print_button.clicked.connect(lambda: self.print_requested.emit(self))
        self.message = QLabel(self)
        self.message.setObjectName("statCardMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #5f6368;")
        self.model = StatTableModel(self)
        self.view = FittedTable(self)
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        header = self.view.horizontalHeader()
        # Fitted once per table (set_table), from a sample of rows: ResizeToContents would
        # measure every cell on each layout pass (seconds for the 2,000 classes of a big school).
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(FIT_SAMPLE_ROWS)
        header.setStretchLastSection(False)
        self.chart = StatChart(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        head = QHBoxLayout()
        head.addWidget(self.title_label, 1)
        head.addWidget(self.export_button)
        head.addWidget(self.print_button)
        layout.addLayout(head)
        layout.addWidget(self.message)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.setSpacing(14)
        self.body.addWidget(self.view, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.body.addWidget(self.chart, 1, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(self.body)
        self.footer = QVBoxLayout()
        layout.addLayout(self.footer)
        layout.addStretch(1)  # the shorter card of a row keeps its content at the top
        self.view.hide()
        self.chart.hide()

    def table(self) -> StatTable | None:
        return self.model.table()

    def set_message(self, text: str) -> None:
        """A sentence instead of the table (counting…, press the button …)."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def set_table(self, table: StatTable | None) -> None:
        self.model.set_table(table)
        shown = table is not None
        self.view.setVisible(shown)
        self.chart.setVisible(shown)
        for button in (self.export_button, self.print_button):
            button.setEnabled(shown)
        if table is None:
            return
        self.title_label.setText(label(table.title))
        self.set_message("" if table.rows else self.tr("There is nothing to count here."))
        self.view.setVisible(bool(table.rows))
        self.chart.set_table(table)
        self.chart.setVisible(bool(self.chart.data and self.chart.data.bars))
        self.view.resizeColumnsToContents()
        header = self.view.horizontalHeader()
        bold = self.view.font()
        bold.setBold(True)
        wide = QFontMetrics(bold)
        last = self.model.rowCount() - 1  # the totals row, maybe beyond the rows sampled
        for column in range(self.model.columnCount()):  # air between the numbers
            total = str(self.model.index(last, column).data() or "")
            width = max(header.sectionSize(column), wide.horizontalAdvance(total) + 8)
            header.resizeSection(column, width + COLUMN_PADDING)
        self._fit_view()

    def _fit_view(self) -> None:
        """The table as tall as its rows (up to MAX_VISIBLE_ROWS) and as wide as its columns;
        narrower only when the card is (a scroll bar then); a wide table has its chart below."""
        view, header = self.view, self.view.horizontalHeader()
        rows = min(self.model.rowCount(), MAX_VISIBLE_ROWS)
        frame = 2 * view.frameWidth()
        height = header.height() + frame + sum(view.rowHeight(r) for r in range(rows))
        width = sum(header.sectionSize(c) for c in range(self.model.columnCount())) + frame + 2
        if self.model.rowCount() > rows:
            width += view.verticalScrollBar().sizeHint().width()
        wide = width > WIDE_TABLE
        view.fitted = QSize(width, max(height, header.sizeHint().height() + frame + 4))
        view.fit_height()
        view.updateGeometry()
        self.body.setDirection(
            QBoxLayout.Direction.TopToBottom if wide else QBoxLayout.Direction.LeftToRight
        )


class FittedTable(QTableView):
    """Asks for the size of its contents (``fitted``), and may be squeezed to a scroll bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fitted = QSize(200, 100)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return self.fitted

    def minimumSizeHint(self) -> QSize:
        return QSize(min(self.fitted.width(), MIN_TABLE_WIDTH), self.fitted.height())

    def fit_height(self) -> None:
        """As tall as the rows, and the horizontal scroll bar when squeezed below ``fitted``."""
        height = self.fitted.height()
        if self.width() < self.fitted.width():
            height += self.horizontalScrollBar().sizeHint().height()
        if height != self.height():
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_height()


def file_name(text: str) -> str:
    """A title as a file name: characters Windows refuses replaced."""
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("_") or "statistics"


def ask_target(parent: QWidget, caption: str, suggested: str, pattern: str) -> Path | None:
    """The save-file dialog (tests replace this function). None when cancelled."""
    path, _f = QFileDialog.getSaveFileName(parent, caption, suggested, pattern)
    return Path(path) if path else None


class TableOutput(QObject):
    """Writes tables to an Excel workbook or a PDF chosen in the file dialog, on the worker.

    ``written(path)`` when the file is there; ``failed(sentence)`` otherwise (nothing when the
    clerk closes the file dialog)."""

    written = Signal(object)
    failed = Signal(str)

    def __init__(self, ctx: PageContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._parent = parent
        self.running = False

    def export(self, tables: Sequence[StatTable], heading: str, note: str) -> None:
        self._write(tables, heading, note, pdf=False)

    def print_pdf(self, tables: Sequence[StatTable], heading: str, note: str) -> None:
        self._write(tables, heading, note, pdf=True)

    def _write(self, tables: Sequence[StatTable], heading: str, note: str, *, pdf: bool) -> None:
        if self.running or not tables:
            return
        suffix = ".pdf" if pdf else ".xlsx"
        if pdf:
            caption, pattern = self.tr("Save the PDF as"), self.tr("PDF files (*.pdf)")
        else:
            caption, pattern = self.tr("Save the workbook as"), self.tr("Excel workbooks (*.xlsx)")
        target = ask_target(self._parent, caption, file_name(heading) + suffix, pattern)
        if target is None:
            return
        if target.suffix.lower() != suffix:
            target = target.with_name(target.name + suffix)
        fn = statistics_ops.print_tables if pdf else statistics_ops.export_tables
        chosen = list(tables)
        session, lang, labels = self.ctx.session, i18n.language(), labels_for(chosen)
        self.run(lambda: fn(session, chosen, target, lang, heading, note, labels))

    def run(self, job: Callable[[], Path]) -> None:
        """Any writing job returning the path (the work log's PDF too)."""
        self.running = True
        self.ctx.worker.run(job, on_done=self._done, on_error=self._error, context=self._parent)

    def _done(self, path: Path) -> None:
        self.running = False
        self.written.emit(path)

    def _error(self, error: BaseException) -> None:
        self.running = False
        if isinstance(error, OperationCancelled):
            self.failed.emit(self.tr("Stopped. No file was written."))
        else:
            self.failed.emit(error_sentence(error))
