"""The terms (学期) of the school calendar page: the list, and the dialog that adds a term or
changes one (school year, semester, name and dates).

A new term is proposed after the latest one recorded: the next semester, named the way the
recorded terms are named, dated a year after the same semester of the year before. The school
year and semester of a recorded term are shown but not changed: its grades and conduct records
are filed under them. Saved through the page's session worker (ui/calendar_ops); the service
checks everything, and its problems are shown in the dialog in the clerk's language.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.errors import RecordInvalid
from xueji_desktop.problem_text import problem_text
from xueji_desktop.services.records_common import Term
from xueji_desktop.services.structure import default_term_name
from xueji_desktop.ui import calendar_ops
from xueji_desktop.ui.calendar_sections import Section, fit_columns, note_label
from xueji_desktop.ui.i18n import language
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.widgets import ErrorLine, window_title

# How schools write the two semesters: a recorded name using one pair is followed for new terms.
_SEMESTER_WORDS = (("第一学期", "第二学期"), ("上学期", "下学期"), ("秋季学期", "春季学期"))
# Dates proposed when no term of that semester a year earlier is recorded: (month, day, which
# calendar year: 0 the school year's first, 1 its second). The clerk checks them.
_USUAL_DATES = {1: ((9, 1, 0), (1, 20, 1)), 2: ((2, 20, 1), (7, 10, 1))}


def next_term(terms: Sequence[Term], today: datetime.date) -> tuple[int, int]:
    """(school year, semester) of the term after the latest recorded one; without terms, the
    term ``today`` is in (August starts the first semester, February the second)."""
    if terms:
        year, semester = max((t.school_year, t.semester) for t in terms)
        return (year, 2) if semester == 1 else (year + 1, 1)
    if today.month >= 8:
        return today.year, 1
    return (today.year - 1, 1) if today.month < 2 else (today.year - 1, 2)


def name_like(terms: Sequence[Term], year: int, semester: int) -> str:
    """The name of a new term written as the latest recorded term whose name says its years and
    semester is written; else the name the service gives by default."""
    for term in sorted(terms, key=lambda t: (t.school_year, t.semester), reverse=True):
        first, second = str(term.school_year), str(term.school_year + 1)
        for words in _SEMESTER_WORDS:
            word = words[term.semester - 1]
            if first in term.name and second in term.name and word in term.name:
                # the second year first: "2025—2026" holds no other year's digits after that
                template = term.name.replace(second, "\0b").replace(first, "\0a")
                template = template.replace(word, "\0s")
                return (
                    template.replace("\0a", str(year))
                    .replace("\0b", str(year + 1))
                    .replace("\0s", words[semester - 1])
                )
    return default_term_name(year, semester)


def dates_like(
    terms: Sequence[Term], year: int, semester: int
) -> tuple[datetime.date, datetime.date]:
    """The dates of the same semester a year earlier, a year on; else the usual ones."""
    for term in terms:
        if (term.school_year, term.semester) == (year - 1, semester):
            return _year_on(term.start_date), _year_on(term.end_date)
    (m1, d1, y1), (m2, d2, y2) = _USUAL_DATES[semester]
    return datetime.date(year + y1, m1, d1), datetime.date(year + y2, m2, d2)


def _year_on(iso: str) -> datetime.date:
    day = datetime.date.fromisoformat(iso)
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _qdate(day: datetime.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class TermDialog(QDialog):
    """Add a term (``term`` None) or change ``term``. ``saved(Term, tuple[Term, ...])``: the
    term saved and all terms recorded after the save; the dialog then closes."""

    saved = Signal(object, object)

    def __init__(
        self,
        ctx: PageContext,
        terms: Sequence[Term],
        today: datetime.date,
        term: Term | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.term = term
        self._terms = tuple(terms)
        self._busy = False
        self.setObjectName("termDialog")
        title = self.tr("New term") if term is None else self.tr("Change a term")
        self.setWindowTitle(window_title(title, practice=ctx.practice))

        year, semester = (
            next_term(self._terms, today) if term is None else (term.school_year, term.semester)
        )
        years = [t.school_year for t in self._terms] + [year, today.year]
        self.year_box = QComboBox(self)
        self.year_box.setObjectName("termYear")
        for y in range(min(years) - 5, max(years) + 3):
            text = self.tr("%1-%2 school year").replace("%1", str(y)).replace("%2", str(y + 1))
            self.year_box.addItem(text, y)
        self.year_box.setCurrentIndex(self.year_box.findData(year))
        self.semester_box = QComboBox(self)
        self.semester_box.setObjectName("termSemester")
        self.semester_box.addItem(self.tr("First semester"), 1)
        self.semester_box.addItem(self.tr("Second semester"), 2)
        self.semester_box.setCurrentIndex(semester - 1)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("termName")
        self.name_edit.setMaxLength(50)
        self.start_edit = self._date_edit("termStart")
        self.end_edit = self._date_edit("termEnd")

        form = QFormLayout()
        form.addRow(self.tr("School year:"), self.year_box)
        form.addRow(self.tr("Semester:"), self.semester_box)
        form.addRow(self.tr("Name:"), self.name_edit)
        form.addRow(self.tr("First day:"), self.start_edit)
        form.addRow(self.tr("Last day:"), self.end_edit)
        if term is None:
            note = self.tr(
                "The dates proposed follow the same term a year earlier. Check them against the "
                "school's own calendar: terms may not share a day."
            )
        else:
            note = self.tr(
                "The school year and semester of a recorded term stay as they are: its grades "
                "and conduct records are filed under them."
            )
        self.note = QLabel(note, self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555;")
        self.error_line = ErrorLine(self)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setObjectName("termSave")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.error_line)
        layout.addLayout(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 30)

        # What was proposed: a change of year or semester replaces it unless the clerk typed over.
        self._proposed: tuple[str, QDate, QDate] | None = None
        if term is None:
            self._propose()
            self.year_box.currentIndexChanged.connect(lambda _i: self._propose())
            self.semester_box.currentIndexChanged.connect(lambda _i: self._propose())
        else:
            self.year_box.setEnabled(False)
            self.semester_box.setEnabled(False)
            self.name_edit.setText(term.name)
            self.start_edit.setDate(_qdate(datetime.date.fromisoformat(term.start_date)))
            self.end_edit.setDate(_qdate(datetime.date.fromisoformat(term.end_date)))

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(QDate(1950, 1, 1))
        return edit

    def _propose(self) -> None:
        year, semester = self.school_year(), self.semester()
        start, end = (_qdate(d) for d in dates_like(self._terms, year, semester))
        name = name_like(self._terms, year, semester)
        old = self._proposed
        if old is None or self.name_edit.text() == old[0]:
            self.name_edit.setText(name)
        if old is None or (self.start_edit.date(), self.end_edit.date()) == old[1:]:
            self.start_edit.setDate(start)
            self.end_edit.setDate(end)
        self._proposed = (name, start, end)

    # -- what the form says ----------------------------------------------------------------------

    def school_year(self) -> int:
        return int(self.year_box.currentData())

    def semester(self) -> int:
        return int(self.semester_box.currentData())

    def code(self) -> str:
        year = self.school_year()
        return f"{year}-{year + 1}-{self.semester()}"

    # -- saving ----------------------------------------------------------------------------------

    def save(self) -> None:
        if self._busy:
            return
        self.error_line.clear_message()
        session, name = self.ctx.session, self.name_edit.text()
        start = self.start_edit.date().toString("yyyy-MM-dd")
        end = self.end_edit.date().toString("yyyy-MM-dd")
        if self.term is None:
            code = self.code()
            call = lambda: calendar_ops.add_term(session, code, start, end, name)  # noqa: E731
        else:
            tid = self.term.id
            call = lambda: calendar_ops.edit_term(session, tid, name, start, end)  # noqa: E731
        self._set_busy(True)
        self.ctx.worker.run(call, on_done=self._on_saved, on_error=self._on_error, context=self)

    def _set_busy(self, on: bool) -> None:
        self._busy = on
        self.save_button.setEnabled(not on)
        self.cancel_button.setEnabled(not on)

    def _on_saved(self, result: tuple[Term, tuple[Term, ...]]) -> None:
        self._set_busy(False)
        self.saved.emit(*result)
        self.accept()

    def _on_error(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, RecordInvalid):
            lang = language()
            lines = [problem_text(p, lang) for p in error.problems]
            self.error_line.show_message("\n".join([self.tr("The term was not saved:"), *lines]))
        else:
            self.error_line.show_message(error_sentence(error))

    def reject(self) -> None:
        if not self._busy:  # a save on its way is waited for: it closes the dialog itself
            super().reject()


class TermsSection(Section):
    """The terms recorded, with buttons to add one and change the selected one (a clerk's):
    the page opens ui/term_dialog.py for them."""

    add_requested = Signal()
    edit_requested = Signal(object)  # the Term selected

    def __init__(self, parent: QWidget, *, may_edit: bool = False) -> None:
        super().__init__(self.tr("Terms"), parent)
        self._terms: tuple[Term, ...] = ()
        self._editable = False
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("termsTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Term"), self.tr("First day"), self.tr("Last day")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        fit_columns(self.table)
        self.table.setMinimumHeight(120)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.cellDoubleClicked.connect(lambda _r, _c: self.request_edit())
        self.empty_label = note_label(self.tr("No terms are recorded yet."), self)
        self.empty_label.hide()
        layout.addWidget(self.table)
        layout.addWidget(self.empty_label)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("New term…"), self)
        self.add_button.setObjectName("termAdd")
        self.add_button.clicked.connect(self.add_requested)
        self.edit_button = QPushButton(self.tr("Change…"), self)
        self.edit_button.setObjectName("termEdit")
        self.edit_button.clicked.connect(self.request_edit)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.add_button.setVisible(may_edit)
        self.edit_button.setVisible(may_edit)

    def set_terms(self, terms: tuple[Term, ...], *, select: int | None = None) -> None:
        """Show ``terms``; the row of term id ``select`` (else the one selected before) stays
        selected."""
        current = self.selected()
        keep = select if select is not None else (current.id if current else None)
        self._terms = terms
        self.table.setRowCount(len(terms))
        for row, term in enumerate(terms):
            for column, text in enumerate((term.name, term.start_date, term.end_date)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.clearSelection()
        self.table.scrollToBottom()  # the latest terms are the ones worked on
        for row, term in enumerate(terms):
            if term.id == keep:
                self.table.selectRow(row)
                self.table.scrollTo(self.table.model().index(row, 0))
        self.empty_label.setVisible(not terms)
        self._update_buttons()

    def terms(self) -> tuple[Term, ...]:
        return self._terms

    def selected(self) -> Term | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return self._terms[min(rows)] if rows and min(rows) < len(self._terms) else None

    def request_edit(self) -> None:
        term = self.selected()
        if self._editable and term is not None:
            self.edit_requested.emit(term)

    def set_editable(self, on: bool) -> None:
        self._editable = on
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(self._editable)
        self.edit_button.setEnabled(self._editable and self.selected() is not None)
