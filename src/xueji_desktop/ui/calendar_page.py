"""校历: the school calendar — deadlines, the day graduates leave, aid reporting dates, rest days
and the archive room's periods — edited by a clerk, read by everyone else.

The terms are the archive's terms: a clerk adds one or changes one in a small dialog
(ui/term_dialog.py), saved at once and on its own; the rest of the page is saved with its
button. Everything is checked by the services (structure, calendar_settings) when saved; the
problems are shown in red in the section or dialog they concern (ui/calendar_sections.py).
The rest-day lists are plain text, so the State Council's schedule can be pasted in
(ui/calendar_ops.parse_days).
"""

from __future__ import annotations

import dataclasses
import datetime

from PySide6.QtCore import QDate, QEvent, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.errors import RecordInvalid
from xueji_desktop.core.roles import Permission
from xueji_desktop.problem_text import problem_text
from xueji_desktop.services.calendar_settings import SchoolCalendar
from xueji_desktop.services.records_common import Term
from xueji_desktop.ui import calendar_ops
from xueji_desktop.ui.appearance import scaled_font
from xueji_desktop.ui.calendar_ops import CalendarView
from xueji_desktop.ui.calendar_sections import (
    AidSection,
    DatesSection,
    PeriodsSection,
    RestDaysSection,
    note_label,
)
from xueji_desktop.ui.i18n import language
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import Page, PageContext
from xueji_desktop.ui.term_dialog import TermDialog, TermsSection
from xueji_desktop.ui.widgets import ErrorLine


class CalendarPage(Page):
    page_id = "calendar"
    permission = Permission.READ_RECORDS  # everyone reads it; WRITE_RECORDS edits it

    loaded = Signal()  # the calendar is shown
    saved = Signal()  # a save went through
    terms_saved = Signal()  # a term was added or changed, and the list shows it

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.editable = ctx.can(Permission.WRITE_RECORDS)
        self._today = datetime.date.today()
        self._view: CalendarView | None = None
        self._snapshot: object = None
        self._busy = False
        self.term_dialog: TermDialog | None = None  # the one open, for tests and screenshots

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 18, 24, 12)
        outer.setSpacing(10)
        head = QHBoxLayout()
        self.heading = QLabel(self.title(), self)
        self.heading.setObjectName("pageHeading")
        self.saved_label = QLabel(self)
        self.saved_label.setObjectName("savedLabel")
        self.saved_label.setStyleSheet("color: #2e6b30;")
        self.undo_button = QPushButton(self.tr("Undo changes"), self)
        self.undo_button.setObjectName("undoButton")
        self.undo_button.clicked.connect(self.discard_changes)
        self.save_button = QPushButton(self.tr("Save the calendar"), self)
        self.save_button.setObjectName("saveButton")
        self.save_button.clicked.connect(self.save)
        head.addWidget(self.heading)
        head.addStretch(1)
        head.addWidget(self.saved_label)
        head.addWidget(self.undo_button)
        head.addWidget(self.save_button)
        outer.addLayout(head)
        self.read_only_note = note_label(
            self.tr("You can read the calendar; a clerk's account is needed to change it."), self
        )
        self.read_only_note.setObjectName("readOnlyNote")
        self.read_only_note.setVisible(not self.editable)
        self.undo_button.setVisible(self.editable)
        self.save_button.setVisible(self.editable)
        outer.addWidget(self.read_only_note)
        self.error_line = ErrorLine(self)
        outer.addWidget(self.error_line)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(scroll)
        columns = QHBoxLayout(body)
        columns.setContentsMargins(0, 0, 8, 0)
        columns.setSpacing(16)
        self.terms = TermsSection(body, may_edit=self.editable)
        self.terms.add_requested.connect(lambda: self.open_term_dialog(None))
        self.terms.edit_requested.connect(self.open_term_dialog)
        self.dates = DatesSection(body)
        self.periods = PeriodsSection(body)
        self.aid = AidSection(body, may_edit=self.editable)
        self.rest = RestDaysSection(body)
        # Two columns, each as tall as its own sections: no box is stretched to match the other.
        for sections in ((self.terms, self.dates, self.periods), (self.aid, self.rest)):
            column = QVBoxLayout()
            column.setSpacing(12)
            for section in sections:
                column.addWidget(section)
            column.addStretch(1)
            columns.addLayout(column, 1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.sections = (self.terms, self.dates, self.periods, self.aid, self.rest)
        self.problem_labels: dict[str, QLabel] = {}
        for section in self.sections:
            self.problem_labels.update(section.problem_labels)
        self._set_editable(False)  # until the calendar is loaded
        self._refresh_fonts()

    # -- Page ---------------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("School calendar")

    def help_text(self) -> str:
        return self.tr(
            "<p>The school calendar dates the start page's reminders: the registration "
            "deadlines, the 20 working days before graduates leave, the financial-aid reporting "
            "days, when a lent file is due back and when to ask for a missing receipt.</p>"
            "<p>Enter each winter's statutory holidays and the weekend days worked instead: "
            "working days are counted with them.</p>"
            "<p>Press <b>Save the calendar</b>; anything that cannot be right (such as 31 April) "
            "is shown in red beside its section and nothing is saved.</p>"
            "<p>Add each term with <b>New term…</b> before it begins; <b>Change…</b> corrects "
            "the selected term's name or dates. A term is saved at once, on its own.</p>"
        )

    def activate(self, **args: object) -> None:
        today = args.get("today")
        self._today = today if isinstance(today, datetime.date) else datetime.date.today()
        if self._view is None or not self.has_unsaved_changes():
            self.reload()

    def has_unsaved_changes(self) -> bool:
        return self._view is not None and self.editable and self._form_state() != self._snapshot

    def discard_changes(self) -> None:
        if self._view is not None:
            self._show(self._view)

    # -- loading and saving ---------------------------------------------------------------------

    def reload(self) -> None:
        if self._busy:
            return
        self._start_busy()
        session, today = self.ctx.session, self._today
        self.ctx.worker.run(
            lambda: calendar_ops.load(session, today),
            on_done=self._on_loaded,
            on_error=self._on_error,
            context=self,
        )

    def save(self) -> None:
        if self._busy or not self.editable or self._view is None:
            return
        self._clear_problems()
        self.saved_label.clear()
        calendar = self.form_calendar()
        if calendar is None:
            return  # a rest-day line is not a date: said beside its list
        self._start_busy()
        session, today = self.ctx.session, self._today
        self.ctx.worker.run(
            lambda: calendar_ops.save(session, calendar, today),
            on_done=self._on_saved,
            on_error=self._on_error,
            context=self,
        )

    def _start_busy(self) -> None:
        self._busy = True
        self.error_line.clear_message()
        self.save_button.setEnabled(False)
        self.undo_button.setEnabled(False)

    def _end_busy(self) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        self.undo_button.setEnabled(True)

    def _on_loaded(self, view: CalendarView) -> None:
        self._end_busy()
        self._show(view)
        self.loaded.emit()

    def _on_saved(self, view: CalendarView) -> None:
        self._end_busy()
        self._show(view)
        self.saved_label.setText(self.tr("Saved."))
        self.saved.emit()

    def _on_error(self, error: BaseException) -> None:
        self._end_busy()
        if isinstance(error, RecordInvalid):
            lang = language()
            rest = []
            for problem in error.problems:
                label = self.problem_labels.get(problem.field)
                text = problem_text(problem, lang)
                if label is None:
                    rest.append(text)
                    continue
                label.setText("\n".join(filter(None, (label.text(), text))))
                label.show()
            self.error_line.show_message("\n".join([self._not_saved(), *rest]))
        else:
            self.error_line.show_message(error_sentence(error))

    def _clear_problems(self) -> None:
        for label in self.problem_labels.values():
            label.clear()
            label.hide()

    # -- the form -----------------------------------------------------------------------------

    def _show(self, view: CalendarView) -> None:
        self._view = view
        self._clear_problems()
        self.error_line.clear_message()
        cal = view.calendar
        self.terms.set_terms(view.terms)
        self.dates.autumn.set_value(cal.autumn_deadline)
        self.dates.spring.set_value(cal.spring_deadline)
        self.dates.leave.set_value(cal.leave_day)
        self.aid.set_dates(cal.aid_dates)
        self.rest.set_days(cal.holidays, cal.workdays)
        self.periods.loan_days.setValue(cal.loan_days)
        self.periods.receipt_days.setValue(cal.receipt_wait_days)
        first, leave = view.window
        text = self.tr(
            "This year graduates leave on %1; the graduation formalities are done in the 20 "
            "working days from %2."
        )
        self.dates.window_label.setText(
            text.replace("%1", self._date_text(leave)).replace("%2", self._date_text(first))
        )
        self._snapshot = self._form_state()
        self._set_editable(self.editable)

    def _set_editable(self, on: bool) -> None:
        for section in self.sections:
            section.set_editable(on)

    def _form_state(self) -> object:
        return (
            self.dates.autumn.value(),
            self.dates.spring.value(),
            self.dates.leave.value(),
            self.aid.dates(),
            self.rest.texts(),
            self.periods.loan_days.value(),
            self.periods.receipt_days.value(),
        )

    def form_calendar(self) -> SchoolCalendar | None:
        """The calendar the form shows, or None (the bad lines said in red) when a rest-day
        line is not a date."""
        days = self.rest.days()
        if days is None:
            self.error_line.show_message(self._not_saved())
            return None
        return SchoolCalendar(
            autumn_deadline=self.dates.autumn.value(),
            spring_deadline=self.dates.spring.value(),
            leave_day=self.dates.leave.value(),
            aid_dates=self.aid.dates(),
            holidays=days["holidays"],
            workdays=days["workdays"],
            loan_days=self.periods.loan_days.value(),
            receipt_wait_days=self.periods.receipt_days.value(),
        )

    def _not_saved(self) -> str:
        return self.tr("The calendar was not saved: correct what is shown in red.")

    def _date_text(self, day: datetime.date) -> str:
        return QLocale().toString(QDate(day.year, day.month, day.day), self.tr("MMMM d, yyyy"))

    # -- terms ----------------------------------------------------------------------------------

    def open_term_dialog(self, term: Term | None) -> None:
        """Add a term (None) or change ``term``: saved by the dialog on its own, the list
        refreshed after; the rest of the form keeps what the clerk has typed."""
        if not self.editable or self._view is None:
            return
        dialog = TermDialog(self.ctx, self.terms.terms(), self._today, term, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._on_terms_saved)
        dialog.finished.connect(lambda _r: self._term_dialog_closed(dialog))
        dialog.open()
        self.term_dialog = dialog

    def _term_dialog_closed(self, dialog: TermDialog) -> None:
        if self.term_dialog is dialog:  # deleted on close: not kept past it
            self.term_dialog = None

    def _on_terms_saved(self, term: Term, terms: tuple[Term, ...]) -> None:
        if self._view is not None:
            self._view = dataclasses.replace(self._view, terms=terms)
        self.terms.set_terms(terms, select=term.id)
        self.saved_label.setText(self.tr("The term was saved."))
        self.terms_saved.emit()

    # -- text size ------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._refresh_fonts()
        super().changeEvent(event)

    def _refresh_fonts(self) -> None:
        self.heading.setFont(scaled_font(self, 1.6, bold=True))
