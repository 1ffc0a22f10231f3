"""A small horizontal bar chart of one column of a ``StatTable``, drawn with QPainter.

A picture of the table beside it, never the only place a number is: each bar carries its label
and its value as the table shows it. Counts skip the rows with nobody (the status table lists
every state); more than ``MAX_BARS`` rows keep the largest, in the table's order, and the
caption says so. Rates are drawn against 100 %, so two rates compare by eye.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from xueji_desktop.printing.stat_tables import is_rate
from xueji_desktop.services.statistics import StatTable
from xueji_desktop.ui import i18n
from xueji_desktop.ui.statistics_table import label, value_text

MAX_BARS = 12
MIN_WIDTH = 200
MAX_TRACK = 640  # pixels: longer bars under a wide table read no better
# The column pictured for each table; other tables: "total", else "count", else the first.
CHART_COLUMNS = {
    "status_changes_per_term": "total",
    "retention_per_intake": "retention_rate",
    "graduate_outcomes": "employment_rate",
    "grade_distribution_by_course": "pass_rate",
    "grade_distribution_by_class_group": "pass_rate",
    "returns_students": "on_roll",
    "returns_changes": "decrease",
}
BAR = QColor("#3b7dd8")
TRACK = QColor("#e8eef7")
TEXT = QColor("#202020")
MUTED = QColor("#5f6368")


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    fraction: float  # of the chart's full length, 0..1
    text: str


@dataclass(frozen=True, slots=True)
class ChartData:
    column: str  # the column key pictured
    title: str  # the table's title key
    bars: tuple[Bar, ...]
    omitted: int  # rows with a value not drawn (beyond MAX_BARS)


def chart_column(table: StatTable) -> str | None:
    wanted = CHART_COLUMNS.get(table.title)
    for key in (wanted, "total", "count"):
        if key is not None and key in table.columns:
            return key
    return table.columns[0] if table.columns else None


def chart_data(table: StatTable, lang: str | None = None) -> ChartData | None:
    column = chart_column(table)
    if column is None:
        return None
    lang = lang or i18n.language()
    i = table.columns.index(column)
    rows = [(n, r) for n, r in enumerate(table.rows) if r.values[i]]  # no zero, no None
    rate = is_rate(column)
    omitted = 0
    if len(rows) > MAX_BARS:
        largest = sorted(rows, key=lambda nr: -float(nr[1].values[i] or 0))[:MAX_BARS]
        omitted = len(rows) - MAX_BARS
        rows = sorted(largest, key=lambda nr: nr[0])
    top = 1.0 if rate else max((float(r.values[i] or 0) for _n, r in rows), default=1.0)
    bars = tuple(
        Bar(
            r.label_zh if lang == "zh" else r.label_en,
            min(1.0, float(r.values[i] or 0) / top) if top else 0.0,
            value_text(column, r.values[i]),
        )
        for _n, r in rows
    )
    return ChartData(column, table.title, bars, omitted)


class StatChart(QWidget):
    """Paints ``chart_data(table)``; empty (a sentence) when there is nothing to draw."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statChart")
        self.data: ChartData | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(MIN_WIDTH)

    def set_table(self, table: StatTable | None) -> None:
        self.data = None if table is None else chart_data(table)
        self.setAccessibleName(self.caption())
        self.updateGeometry()
        self.update()

    def caption(self) -> str:
        d = self.data
        if d is None or not d.bars:
            return QCoreApplication.translate("StatChart", "Nothing to draw: no one is counted.")
        text = QCoreApplication.translate("StatChart", "Chart: %1")
        text = text.replace("%1", label(d.column, title=d.title))
        if d.omitted:
            more = QCoreApplication.translate(
                "StatChart", "the %1 largest of %2 rows; every row is in the table"
            )
            text += (
                f" ({more.replace('%1', str(MAX_BARS)).replace('%2', str(MAX_BARS + d.omitted))})"
            )
        return text

    def _row_height(self) -> int:
        return int(self.fontMetrics().height() * 1.45)

    def sizeHint(self) -> QSize:
        bars = len(self.data.bars) if self.data else 0
        return QSize(360, self._row_height() * (bars + 1) + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(MIN_WIDTH, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        row_h = self._row_height()
        width = self.width()
        painter.setPen(MUTED)
        painter.drawText(
            QRectF(0, 0, width, row_h),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            fm.elidedText(self.caption(), Qt.TextElideMode.ElideRight, width),
        )
        d = self.data
        if d is None or not d.bars:
            painter.end()
            return
        label_w = min(int(width * 0.38), max(fm.horizontalAdvance(b.label) for b in d.bars) + 8)
        value_w = max(fm.horizontalAdvance(b.text) for b in d.bars) + 8
        track_w = max(20, min(MAX_TRACK, width - label_w - value_w - 4))
        bar_h = max(6, int(row_h * 0.6))
        for n, bar in enumerate(d.bars):
            top = row_h * (n + 1)
            painter.setPen(TEXT)
            painter.drawText(
                QRectF(0, top, label_w - 6, row_h),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                fm.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_w - 6),
            )
            y = top + (row_h - bar_h) / 2
            painter.fillRect(QRectF(label_w, y, track_w, bar_h), TRACK)
            painter.fillRect(QRectF(label_w, y, max(1.0, track_w * bar.fraction), bar_h), BAR)
            painter.drawText(
                QRectF(label_w + track_w + 4, top, value_w, row_h),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                bar.text,
            )
        painter.end()
