"""统计: the statistics dashboard — students by status, intake, major, gender, 民族, 户口性质,
生源地; 学籍异动 per term; 巩固率/流失率; graduate destinations — each table with its chart, and
on demand: by class, data health, grade distributions, the 教育事业统计 returns, work statistics
(admins) and the day's work log.

Everything is counted by the services on the worker (ui/statistics_ops.py): the page opens at
once with a busy line and fills its cards when the dashboard arrives. A change of filter or date
asks again; an answer older than the latest question is dropped (sequence numbers). Every table
exports to Excel and prints to PDF (statistics_card.TableOutput).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.roles import Permission
from xueji_desktop.services.statistics import StatTable
from xueji_desktop.services.statistics_dashboard import Dashboard
from xueji_desktop.ui import statistics_ops
from xueji_desktop.ui.appearance import scaled_font
from xueji_desktop.ui.audit_text import query_error_sentence
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import Page, PageContext
from xueji_desktop.ui.statistics_card import StatCard, TableOutput
from xueji_desktop.ui.statistics_filters import FilterBar
from xueji_desktop.ui.statistics_ops import Choices
from xueji_desktop.ui.statistics_sections import (
    ClassSection,
    GradesSection,
    ReturnsSection,
    Section,
    WorkStatsSection,
)
from xueji_desktop.ui.statistics_table import label
from xueji_desktop.ui.statistics_work_log import WorkLogSection
from xueji_desktop.ui.widgets import BusyIndicator, ErrorLine

# The dashboard's tables in the order of the cards: (attribute of Dashboard, spans both columns).
CARDS = (
    ("by_status", False),
    ("by_intake", False),
    ("by_major", False),
    ("by_gender", False),
    ("by_ethnicity", False),
    ("by_hukou", False),
    ("by_origin", False),
    ("health", False),
    ("changes_per_term", True),
    ("retention", True),
    ("outcomes", True),
)
_TITLES = {  # card -> title key while the table has not arrived
    "by_status": "students_by_status",
    "by_intake": "students_by_intake_year",
    "by_major": "students_by_major",
    "by_gender": "students_by_gender",
    "by_ethnicity": "students_by_ethnicity",
    "by_hukou": "students_by_hukou_type",
    "by_origin": "students_by_origin_region",
    "health": "health_counts",
    "changes_per_term": "status_changes_per_term",
    "retention": "retention_per_intake",
    "outcomes": "graduate_outcomes",
}
REQUERY_DELAY_MS = 250  # a burst of filter changes is one question


class StatisticsPage(Page):
    page_id = "statistics"
    permission = Permission.READ_RECORDS

    loaded = Signal()  # the dashboard's tables are shown
    written = Signal(object)  # a file was written (its path)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.can_export = ctx.can(Permission.EXPORT)
        self._today = datetime.date.today()
        self._choices: Choices | None = None
        self._asked = 0  # sequence number of the latest dashboard question
        self.dashboard: Dashboard | None = None
        self.output = TableOutput(ctx, self)
        self.output.written.connect(self._on_written)
        self.output.failed.connect(self._show_error)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 18, 24, 12)
        outer.setSpacing(8)
        head = QHBoxLayout()
        self.heading = QLabel(self.title(), self)
        self.heading.setObjectName("pageHeading")
        self.total_label = QLabel(self)
        self.total_label.setObjectName("totalLabel")
        self.export_all_button = QPushButton(self.tr("Export all to Excel…"), self)
        self.export_all_button.setObjectName("exportAllButton")
        self.print_all_button = QPushButton(self.tr("Print all to PDF…"), self)
        self.print_all_button.setObjectName("printAllButton")
        for button in (self.export_all_button, self.print_all_button):
            button.setVisible(self.can_export)
            button.setEnabled(False)
        self.export_all_button.clicked.connect(lambda: self._write_all(pdf=False))
        self.print_all_button.clicked.connect(lambda: self._write_all(pdf=True))
        head.addWidget(self.heading)
        head.addSpacing(16)
        head.addWidget(self.total_label)
        head.addStretch(1)
        head.addWidget(self.export_all_button)
        head.addWidget(self.print_all_button)
        outer.addLayout(head)

        self.filter_bar = FilterBar(self)
        self.filter_bar.setEnabled(False)  # until the choices are read
        self.filter_bar.changed.connect(self._filters_changed)
        outer.addWidget(self.filter_bar)
        self.note = QLabel(
            self.tr(
                'The filters select students by their current class and major. "As it stood '
                "on\" counts each student's status on that day from the history of status "
                "changes."
            ),
            self,
        )
        self.note.setObjectName("filterNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #5f6368;")
        outer.addWidget(self.note)
        self.busy = BusyIndicator(self.tr("Counting…"), self)
        outer.addWidget(self.busy)
        self.error_line = ErrorLine(self)
        outer.addWidget(self.error_line)
        self.saved_label = QLabel(self)
        self.saved_label.setObjectName("savedLabel")
        self.saved_label.setStyleSheet("color: #2e6b30;")
        self.saved_label.setWordWrap(True)
        self.saved_label.hide()
        outer.addWidget(self.saved_label)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("statisticsTabs")
        outer.addWidget(self.tabs, 1)
        self.cards: dict[str, StatCard] = {}
        self.tabs.addTab(self._overview(), self.tr("Overview"))
        self.classes = ClassSection(self)
        self.grades = GradesSection(self)
        self.returns = ReturnsSection(self)
        self.tabs.addTab(self.classes, self.tr("By class"))
        self.tabs.addTab(self.grades, self.tr("Grade distribution"))
        self.tabs.addTab(self.returns, self.tr("Education statistics returns"))
        self.work_stats: WorkStatsSection | None = None
        if ctx.can(Permission.MANAGE_SETTINGS):  # the annual review is the admin's
            self.work_stats = WorkStatsSection(self)
            self.tabs.addTab(self.work_stats, self.tr("Work statistics"))
        self.work_log = WorkLogSection(self)
        self.tabs.addTab(self.work_log, self.tr("Work log"))
        self.tabs.currentChanged.connect(self._tab_changed)
        self._requery = QTimer(self)
        self._requery.setSingleShot(True)
        self._requery.setInterval(REQUERY_DELAY_MS)
        self._requery.timeout.connect(self.reload)
        self._refresh_fonts()

    def _overview(self) -> QWidget:
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(scroll)
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 4, 8, 4)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(14)
        row, column = 0, 0
        for key, wide in CARDS:
            card = StatCard(_TITLES[key], can_export=self.can_export, parent=body)
            card.setProperty("cardKey", key)
            card.export_requested.connect(self.export_card)
            card.print_requested.connect(self.print_card)
            self.cards[key] = card
            if wide:
                if column:
                    row, column = row + 1, 0
                grid.addWidget(card, row, 0, 1, 2)
                row += 1
            else:
                grid.addWidget(card, row, column)
                row, column = (row, 1) if column == 0 else (row + 1, 0)
        grid.setRowStretch(row + 1, 1)
        health = self.cards["health"]
        self.health_button = QPushButton(self.tr("Check the data"), health)
        self.health_button.setObjectName("healthButton")
        self.health_button.clicked.connect(self.load_health)
        health.footer.addWidget(self.health_button, 0, Qt.AlignmentFlag.AlignLeft)
        health.set_message(
            self.tr("Counts the records with missing or doubtful data. This can take a while.")
        )
        scroll.setWidget(body)
        return scroll

    # -- Page ---------------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Statistics")

    def help_text(self) -> str:
        return self.tr(
            "<p>The numbers the school leadership and the education bureau ask for: students "
            "by status, intake, major, gender, ethnic group, household registration and home "
            "province, status changes per term, retention and drop-out per intake, and where "
            "the graduates went.</p>"
            "<p>Choose an intake, a major or a class to count only those students (by their "
            "current class and major). Tick <b>As it stood on</b> and pick a date to count the "
            "archive as it was that day.</p>"
            "<p>Every table has <b>Export to Excel…</b> and <b>Print to PDF…</b>. The other tabs "
            "count on request: by class, grade distributions, the education statistics "
            "returns, and the work log of a day.</p>"
        )

    def activate(self, **args: object) -> None:
        today = args.get("today")
        self._today = today if isinstance(today, datetime.date) else datetime.date.today()
        if self._choices is None:
            session = self.ctx.session
            self._set_busy(True)
            self.ctx.worker.run(
                lambda: statistics_ops.load_choices(session),
                on_done=self._on_choices,
                on_error=self._on_failed,
                context=self,
            )
        else:
            self.reload()

    @property
    def today(self) -> datetime.date:
        return self._today

    @property
    def choices(self) -> Choices | None:
        return self._choices

    # -- the dashboard ----------------------------------------------------------------------

    def _on_choices(self, choices: Choices) -> None:
        self._choices = choices
        self.filter_bar.blockSignals(True)
        self.filter_bar.set_choices(choices, self._today)
        self.filter_bar.blockSignals(False)
        self.filter_bar.setEnabled(True)
        for section in self.sections():
            section.set_choices(choices, self._today)
        self.reload()

    def sections(self) -> list[Section]:
        found = [self.classes, self.grades, self.returns, self.work_log]
        return found + ([self.work_stats] if self.work_stats else [])

    def _filters_changed(self) -> None:
        self._requery.start()
        if self.grades.table_card.table() is not None:  # counted under the old filters
            self.grades.table_card.set_message(
                self.tr("The filters have changed: press Count to count the grades again.")
            )

    def reload(self) -> None:
        """Ask for the dashboard with the filters shown; the latest question wins."""
        self._requery.stop()
        if self._choices is None:
            return
        self._asked += 1
        asked = self._asked
        session, bar = self.ctx.session, self.filter_bar
        filters, as_of, year = bar.filters(), bar.as_of(), bar.graduation_year()
        self._set_busy(True)
        self.error_line.clear_message()
        self.ctx.worker.run(
            lambda: statistics_ops.load_dashboard(session, filters, as_of, year),
            on_done=lambda d: self._on_dashboard(asked, d),
            on_error=lambda e: self._on_dashboard_failed(asked, e),
            context=self,
        )
        current = self.tabs.currentWidget()
        if current is self.classes:
            self.classes.count()

    def _on_dashboard(self, asked: int, dashboard: Dashboard) -> None:
        if asked != self._asked:
            return  # an older question: the newer answer is on its way
        self._set_busy(False)
        self.dashboard = dashboard
        for key, card in self.cards.items():
            if key != "health":
                card.set_table(getattr(dashboard, key))
        year = dashboard.graduation_year
        if year is not None:  # which graduates the destinations are about
            outcomes = self.cards["outcomes"].title_label
            text = self.tr("%1 (graduates of %2)").replace("%1", label("graduate_outcomes"))
            outcomes.setText(text.replace("%2", str(year)))
        total, as_of = dashboard.student_total, dashboard.as_of
        text = (
            self.tr("1 student counted")
            if total == 1
            else self.tr("%1 students counted").replace("%1", f"{total:,}")
        )
        if as_of is not None:
            text += " · " + self.tr("as it stood on %1").replace("%1", as_of.isoformat())
            missing = self.filter_bar.not_yet_text()
            if missing:
                text += "\n" + missing
        self.total_label.setText(text)
        for button in (self.export_all_button, self.print_all_button):
            button.setEnabled(True)
        self.loaded.emit()

    def _on_dashboard_failed(self, asked: int, error: BaseException) -> None:
        if asked == self._asked:
            self._on_failed(error)

    def _on_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self._show_error(query_error_sentence(error))

    def _set_busy(self, on: bool) -> None:
        self.busy.setVisible(on)

    def _tab_changed(self, _index: int) -> None:
        current = self.tabs.currentWidget()
        if current is self.classes and self._choices is not None:
            self.classes.count()

    def load_health(self) -> None:
        card, session, today = self.cards["health"], self.ctx.session, self._today
        self.health_button.setEnabled(False)
        card.set_message(self.tr("Checking the data…"))
        self.ctx.worker.run(
            lambda: statistics_ops.health_counts(session, today),
            on_done=self._on_health,
            on_error=self._on_health_failed,
            context=self,
        )

    def _on_health(self, table: StatTable) -> None:
        self.health_button.setEnabled(True)
        self.cards["health"].set_table(table)

    def _on_health_failed(self, error: BaseException) -> None:
        self.health_button.setEnabled(True)
        self.cards["health"].set_message("")
        self._show_error(error_sentence(error))

    # -- files --------------------------------------------------------------------------------

    def note_text(self) -> str:
        return self.filter_bar.describe(self._today)

    def export_card(self, card: StatCard) -> None:
        table = card.table()
        if table is not None:
            self.output.export([table], label(table.title), self.note_text())

    def print_card(self, card: StatCard) -> None:
        table = card.table()
        if table is not None:
            self.output.print_pdf([table], label(table.title), self.note_text())

    def dashboard_tables(self) -> list[StatTable]:
        return [t for card in self.cards.values() if (t := card.table()) is not None]

    def _write_all(self, *, pdf: bool) -> None:
        tables = self.dashboard_tables()
        heading = self.tr("Student statistics")
        if pdf:
            self.output.print_pdf(tables, heading, self.note_text())
        else:
            self.output.export(tables, heading, self.note_text())

    def _on_written(self, path: Path) -> None:
        self.error_line.clear_message()
        self.saved_label.setText(self.tr("Saved: %1").replace("%1", str(path)))
        self.saved_label.show()
        self.written.emit(path)

    def _show_error(self, text: str) -> None:
        self.saved_label.hide()
        self.error_line.show_message(text)

    # -- text size ------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._refresh_fonts()
        super().changeEvent(event)

    def _refresh_fonts(self) -> None:
        self.heading.setFont(scaled_font(self, 1.6, bold=True))
