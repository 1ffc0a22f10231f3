"""The statistics page's tabs that count on request: by class, grade distribution, the 教育事业统计
returns and work statistics (admins: the annual review); the work log of a day is in
statistics_work_log.py.

Each tab asks the worker only when the clerk opens it or presses its button, never at page
open: on 100,000 students a grade distribution or a year's work statistics takes its time and the
worker answers one question at a time.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.services.statistics import StatTable
from xueji_desktop.ui import i18n, statistics_ops
from xueji_desktop.ui.audit_text import query_error_sentence
from xueji_desktop.ui.statistics_card import StatCard
from xueji_desktop.ui.statistics_filters import pydate, qdate
from xueji_desktop.ui.statistics_ops import Choices

if TYPE_CHECKING:
    from xueji_desktop.ui.statistics_page import StatisticsPage


def date_edit(parent: QWidget, name: str) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class Section(QWidget):
    """A tab: a row of controls with a "Count" button, then its card(s)."""

    loaded = Signal()

    def __init__(self, page: StatisticsPage) -> None:
        super().__init__(page)
        self.page = page
        self.counted = False
        self.controls = QHBoxLayout()
        self.controls.setSpacing(8)
        # A literal context: tr() in a base class would look under each subclass's name.
        self.count_button = QPushButton(
            QCoreApplication.translate("StatisticsSection", "Count"), self
        )
        self.count_button.setObjectName("countButton")
        self.count_button.clicked.connect(self.count)
        self.count_button.setEnabled(False)  # until the choices are read
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.addLayout(self.controls)
        self.body = QVBoxLayout()
        layout.addLayout(self.body, 1)

    def finish_controls(self) -> None:
        self.controls.addWidget(self.count_button)
        self.controls.addStretch(1)

    def set_choices(self, choices: Choices, today: datetime.date) -> None:
        self.count_button.setEnabled(True)

    def count(self) -> None:
        raise NotImplementedError

    def counting_text(self) -> str:
        return QCoreApplication.translate("StatisticsSection", "Counting…")

    def add_scrolled(self, card: StatCard) -> None:
        """The card in a scroll area: a long table and its chart scroll inside the tab instead of
        raising the main window's minimum height (a 768-px laptop screen)."""
        scroll = QScrollArea(self)
        scroll.setObjectName("sectionScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget(scroll)
        inner = QVBoxLayout(holder)
        inner.setContentsMargins(0, 0, 8, 0)
        inner.addWidget(card)
        inner.addStretch(1)
        scroll.setWidget(holder)
        self.body.addWidget(scroll, 1)

    def card(self, title_key: str) -> StatCard:
        card = StatCard(title_key, can_export=self.page.can_export, parent=self)
        card.export_requested.connect(self.page.export_card)
        card.print_requested.connect(self.page.print_card)
        return card

    def ask(self, job: object, done: object) -> None:
        """``job`` on the worker; ``done(result)`` back here; errors on the page's line."""
        self.count_button.setEnabled(False)
        self.page.error_line.clear_message()
        self.page.ctx.worker.run(
            job,  # type: ignore[arg-type]
            on_done=lambda result: self._answer(done, result),
            on_error=self._failed,
            context=self,
        )

    def _answer(self, done: object, result: object) -> None:
        self.count_button.setEnabled(True)
        self.counted = True
        done(result)  # type: ignore[operator]
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        self.count_button.setEnabled(True)
        # The previous answer goes: left under the new choices it would read as their count.
        gone = QCoreApplication.translate(
            "StatisticsSection", "Nothing is shown: correct the choices and count again."
        )
        for card in self.findChildren(StatCard):
            card.set_table(None)
            card.set_message(gone)
        self.page.error_line.show_message(query_error_sentence(error))


class ClassSection(Section):
    """Students per class under the page's filters and date (asked when the tab is shown)."""

    def __init__(self, page: StatisticsPage) -> None:
        super().__init__(page)
        self.controls.addWidget(QLabel(self.tr("Counted with the filters above."), self))
        self.finish_controls()
        self.table_card = self.card("students_by_class_group")
        self.add_scrolled(self.table_card)

    def count(self) -> None:
        bar, session = self.page.filter_bar, self.page.ctx.session
        filters, as_of = bar.filters(), bar.as_of()
        self.table_card.set_message(self.counting_text())
        self.ask(
            lambda: statistics_ops.class_counts(session, filters, as_of), self.table_card.set_table
        )


class GradesSection(Section):
    """Score bands, mean and pass rate per course or per class, for a term or every term."""

    def __init__(self, page: StatisticsPage) -> None:
        super().__init__(page)
        self.by_combo = QComboBox(self)
        self.by_combo.setObjectName("byCombo")
        self.by_combo.addItem(self.tr("per course"), "course")
        self.by_combo.addItem(self.tr("per class"), "class_group")
        self.term_combo = QComboBox(self)
        self.term_combo.setObjectName("termCombo")
        self.course_combo = QComboBox(self)
        self.course_combo.setObjectName("courseCombo")
        self.course_combo.setMinimumContentsLength(18)
        self.course_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        for combo in (self.by_combo, self.term_combo):  # filled after the first show
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for caption, widget in (
            (self.tr("Rows"), self.by_combo),
            (self.tr("Term"), self.term_combo),
            (self.tr("Course"), self.course_combo),
        ):
            self.controls.addWidget(QLabel(caption, self))
            self.controls.addWidget(widget)
        self.finish_controls()
        self.table_card = self.card("grade_distribution")
        self.table_card.set_message(
            self.tr("Choose a term and press Count. The filters above apply.")
        )
        self.add_scrolled(self.table_card)

    def set_choices(self, choices: Choices, today: datetime.date) -> None:
        super().set_choices(choices, today)
        self.term_combo.clear()
        self.term_combo.addItem(self.tr("All terms"), None)
        # The latest term that has ended (its grades are in); else the latest one begun.
        ended = begun = 0
        for term in choices.terms:
            self.term_combo.addItem(term.name, term.id)
            if term.end_date < today.isoformat():
                ended = self.term_combo.count() - 1
            if term.start_date <= today.isoformat():
                begun = self.term_combo.count() - 1
        self.term_combo.setCurrentIndex(ended or begun)
        self.course_combo.clear()
        self.course_combo.addItem(self.tr("All courses"), None)
        for course in choices.courses:
            self.course_combo.addItem(f"{course.name}（{course.code}）", course.id)

    def count(self) -> None:
        session, filters = self.page.ctx.session, self.page.filter_bar.filters()
        by, term, course = (
            self.by_combo.currentData(),
            self.term_combo.currentData(),
            self.course_combo.currentData(),
        )
        self.table_card.set_message(self.counting_text())
        self.ask(
            lambda: statistics_ops.grade_distribution(session, by, term, course, filters),
            self.table_card.set_table,
        )


class ReturnsSection(Section):
    """The 教育事业统计 tables of a school year, each as its own card; all to one file."""

    def __init__(self, page: StatisticsPage) -> None:
        super().__init__(page)
        self.year_spin = QSpinBox(self)
        self.year_spin.setObjectName("schoolYearSpin")
        self.year_spin.setRange(2000, 2100)
        self.as_of_edit = date_edit(self, "returnsAsOf")
        self.controls.addWidget(QLabel(self.tr("School year beginning in"), self))
        self.controls.addWidget(self.year_spin)
        self.controls.addWidget(QLabel(self.tr("Counted as of"), self))
        self.controls.addWidget(self.as_of_edit)
        self.finish_controls()
        self.export_all = QPushButton(self.tr("Export all to Excel…"), self)
        self.export_all.setObjectName("exportReturnsButton")
        self.print_all = QPushButton(self.tr("Print all to PDF…"), self)
        self.print_all.setObjectName("printReturnsButton")
        for button in (self.export_all, self.print_all):
            button.setVisible(page.can_export)
            button.setEnabled(False)
            self.controls.addWidget(button)
        self.export_all.clicked.connect(lambda: self._write_all(pdf=False))
        self.print_all.clicked.connect(lambda: self._write_all(pdf=True))
        self.hint = QLabel(
            self.tr(
                "The tables of the annual education statistics returns: students by major and "
                "year with girls and ethnic minorities, enrolment, graduates, and the year's "
                "changes by cause."
            ),
            self,
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #5f6368;")
        self.body.addWidget(self.hint)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget(scroll)
        self.cards_layout = QVBoxLayout(holder)
        self.cards_layout.setContentsMargins(0, 0, 8, 0)
        self.cards_layout.setSpacing(14)
        self.cards_layout.addStretch(1)
        scroll.setWidget(holder)
        self.body.addWidget(scroll, 1)
        self.cards: list[StatCard] = []
        self._today = datetime.date.today()
        self.year_spin.valueChanged.connect(self._year_changed)

    def set_choices(self, choices: Choices, today: datetime.date) -> None:
        super().set_choices(choices, today)
        self._today = today
        # A school year of the returns runs from 1 August to 31 July (statistics_returns).
        self.year_spin.setValue(today.year if today.month >= 8 else today.year - 1)
        self._year_changed(self.year_spin.value())

    def _year_changed(self, year: int) -> None:
        """The date stays inside the school year: the latest day of it not after today."""
        first, last = datetime.date(year, 8, 1), datetime.date(year + 1, 7, 31)
        self.as_of_edit.setDateRange(qdate(first), qdate(last))
        self.as_of_edit.setDate(qdate(max(first, min(last, self._today))))

    def count(self) -> None:
        session, year = self.page.ctx.session, self.year_spin.value()
        as_of = pydate(self.as_of_edit.date())
        self.ask(lambda: statistics_ops.education_returns(session, year, as_of), self._show)

    def _show(self, tables: list[StatTable]) -> None:
        for card in self.cards:
            card.deleteLater()
        self.cards = []
        for table in tables:
            card = self.card(table.title)
            card.set_table(table)
            self.cards_layout.insertWidget(self.cards_layout.count() - 1, card)
            self.cards.append(card)
        for button in (self.export_all, self.print_all):
            button.setEnabled(bool(tables))

    def tables(self) -> list[StatTable]:
        return [t for card in self.cards if (t := card.table()) is not None]

    def heading(self) -> str:
        year = self.year_spin.value()
        if i18n.language() == "zh":
            return f"{year}—{year + 1}学年教育事业统计"
        return f"Education statistics returns {year}–{year + 1}"

    def _write_all(self, *, pdf: bool) -> None:
        note = self.tr("As of %1").replace("%1", pydate(self.as_of_edit.date()).isoformat())
        write = self.page.output.print_pdf if pdf else self.page.output.export
        write(self.tables(), self.heading(), note)


class WorkStatsSection(Section):
    """Per user, what each did in a period (from the audit log): the annual review."""

    def __init__(self, page: StatisticsPage) -> None:
        super().__init__(page)
        self.since_edit = date_edit(self, "sinceEdit")
        self.until_edit = date_edit(self, "untilEdit")
        self.controls.addWidget(QLabel(self.tr("From"), self))
        self.controls.addWidget(self.since_edit)
        self.controls.addWidget(QLabel(self.tr("to"), self))
        self.controls.addWidget(self.until_edit)
        self.finish_controls()
        self.table_card = self.card("work_statistics")
        self.table_card.set_message(
            self.tr("What each user entered, corrected, issued and exported in the period.")
        )
        self.add_scrolled(self.table_card)

    def set_choices(self, choices: Choices, today: datetime.date) -> None:
        super().set_choices(choices, today)
        self.since_edit.setDate(QDate(today.year, 1, 1))
        self.until_edit.setDate(qdate(today))

    def count(self) -> None:
        session = self.page.ctx.session
        since, until = pydate(self.since_edit.date()), pydate(self.until_edit.date())
        self.ask(
            lambda: statistics_ops.work_statistics(session, since, until),
            self.table_card.set_table,
        )
