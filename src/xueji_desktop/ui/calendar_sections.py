"""The calendar page's sections (ui/calendar_page.py): each a group box that shows part of the
calendar, gives back what the clerk entered, and has a red line per field for the service's
problems (``problem_labels``). No service calls here. The terms' section is in
ui/term_dialog.py with the dialog it opens.
"""

from __future__ import annotations

import datetime

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.services.calendar_settings import AidDate
from xueji_desktop.ui import calendar_ops

Days = frozenset[datetime.date]
PROBLEM_STYLE = "color: #b3261e;"
NOTE_STYLE = "color: #555;"


EXCERPT_CHARS = 30  # a pasted line echoed in a red line: enough to find it, never the page


def excerpt(text: str) -> str:
    """The first EXCERPT_CHARS characters of a line the clerk typed, "…" when cut."""
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"


def note_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet(NOTE_STYLE)
    return label


class Section(QGroupBox):
    def __init__(self, title: str, parent: QWidget) -> None:
        super().__init__(title, parent)
        self.problem_labels: dict[str, QLabel] = {}

    def problem_label(self, field: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(f"problem_{field}")
        label.setWordWrap(True)
        # A sentence no wider than its section: it wraps, and never widens the page (a word
        # longer than the section is clipped, not shown by making everything wider).
        label.setMinimumWidth(120)
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        label.setStyleSheet(PROBLEM_STYLE)
        label.hide()
        self.problem_labels[field] = label
        return label

    def set_editable(self, on: bool) -> None:
        """Read-only for a viewer, and until the calendar is loaded."""


def fit_columns(table: QTableWidget) -> None:
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, table.columnCount()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)


class MonthDay(QWidget):
    """A day of the year: month and day spin boxes (the service refuses 31 April and 29
    February, with a sentence)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.month = QSpinBox(self)
        self.month.setRange(1, 12)
        self.month.setSuffix(self.tr(" (month)"))
        self.day = QSpinBox(self)
        self.day.setRange(1, 31)
        self.day.setSuffix(self.tr(" (day)"))
        layout.addWidget(self.month)
        layout.addWidget(self.day)
        layout.addStretch(1)

    def value(self) -> tuple[int, int]:
        return (self.month.value(), self.day.value())

    def set_value(self, month_day: tuple[int, int]) -> None:
        self.month.setValue(month_day[0])
        self.day.setValue(month_day[1])

    def set_editable(self, on: bool) -> None:
        self.month.setReadOnly(not on)
        self.day.setReadOnly(not on)


class DatesSection(Section):
    """The registration deadlines and the day graduates leave."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(self.tr("Deadlines and the day graduates leave"), parent)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.autumn = MonthDay(self)
        self.spring = MonthDay(self)
        self.leave = MonthDay(self)
        self.autumn.setObjectName("autumnDeadline")
        self.spring.setObjectName("springDeadline")
        self.leave.setObjectName("leaveDay")
        form.addRow(self.tr("Autumn intake registered by:"), self.autumn)
        form.addRow(self.tr("Spring intake registered by:"), self.spring)
        form.addRow(self.tr("Graduates leave on:"), self.leave)
        layout.addLayout(form)
        for field in ("autumn_deadline", "spring_deadline", "leave_day"):
            layout.addWidget(self.problem_label(field))
        self.window_label = note_label("", self)
        self.window_label.setObjectName("windowLabel")
        layout.addWidget(self.window_label)
        layout.addWidget(
            note_label(
                self.tr(
                    "20 November and 20 April are the national registration deadlines. The "
                    "day graduates leave is the school's own."
                ),
                self,
            )
        )

    def set_editable(self, on: bool) -> None:
        for widget in (self.autumn, self.spring, self.leave):
            widget.set_editable(on)


class PeriodsSection(Section):
    """The archive room's periods: a loan's length and the wait for a receipt."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(self.tr("Paper files"), parent)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.loan_days = QSpinBox(self)
        self.loan_days.setObjectName("loanDays")
        self.receipt_days = QSpinBox(self)
        self.receipt_days.setObjectName("receiptWaitDays")
        for spin in (self.loan_days, self.receipt_days):
            spin.setRange(1, 365)
            spin.setSuffix(self.tr(" days"))
        form.addRow(self.tr("A lent file is due back after:"), self.loan_days)
        form.addRow(self.tr("Ask for a missing receipt after:"), self.receipt_days)
        layout.addLayout(form)
        layout.addWidget(self.problem_label("loan_days"))
        layout.addWidget(self.problem_label("receipt_wait_days"))

    def set_editable(self, on: bool) -> None:
        for spin in (self.loan_days, self.receipt_days):
            spin.setReadOnly(not on)


class AidSection(Section):
    """The aid reporting dates: a name and a day of the year each, rows added and removed."""

    def __init__(self, parent: QWidget, *, may_edit: bool) -> None:
        super().__init__(self.tr("Financial aid lists"), parent)
        self._editable = False
        layout = QVBoxLayout(self)
        layout.addWidget(
            note_label(
                self.tr(
                    "The days the term's aid lists are reported. Provinces set them: check "
                    "these against your province's notice. The start page reminds you two "
                    "weeks ahead."
                ),
                self,
            )
        )
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("aidTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("What is reported"), self.tr("Month"), self.tr("Day")]
        )
        fit_columns(self.table)
        # The month and day columns hold spin boxes: as wide as one showing "31" needs.
        probe = QSpinBox(self)
        probe.setRange(1, 31)
        probe.setFrame(False)
        for column in (1, 2):
            self.table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(column, probe.sizeHint().width() + 12)
        probe.deleteLater()
        self.table.setMinimumHeight(130)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add a date"), self)
        self.add_button.setObjectName("aidAdd")
        self.add_button.clicked.connect(self.add_new)
        self.remove_button = QPushButton(self.tr("Remove the selected date"), self)
        self.remove_button.setObjectName("aidRemove")
        self.remove_button.clicked.connect(self.remove_selected)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.problem_label("aid_dates"))
        self.add_button.setVisible(may_edit)
        self.remove_button.setVisible(may_edit)

    def set_dates(self, dates: tuple[AidDate, ...]) -> None:
        self.table.setRowCount(0)
        for aid in dates:
            self._add_row(aid)

    def dates(self) -> tuple[AidDate, ...]:
        out = []
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            month, day = (self.table.cellWidget(row, c) for c in (1, 2))
            assert isinstance(month, QSpinBox) and isinstance(day, QSpinBox)
            out.append(AidDate(item.text() if item else "", month.value(), day.value()))
        return tuple(out)

    def add_new(self) -> None:
        row = self._add_row(AidDate("", 1, 1))
        self.table.setCurrentCell(row, 0)
        self.table.editItem(self.table.item(row, 0))

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def _add_row(self, aid: AidDate) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(aid.name))
        for column, (value, high) in enumerate(((aid.month, 12), (aid.day, 31)), start=1):
            spin = QSpinBox(self.table)
            spin.setRange(1, high)
            spin.setValue(value)
            spin.setFrame(False)
            spin.setReadOnly(not self._editable)
            self.table.setCellWidget(row, column, spin)
        return row

    def set_editable(self, on: bool) -> None:
        self._editable = on
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers
            if on
            else QAbstractItemView.EditTrigger.NoEditTriggers
        )
        for row in range(self.table.rowCount()):
            for column in (1, 2):
                spin = self.table.cellWidget(row, column)
                if isinstance(spin, QSpinBox):
                    spin.setReadOnly(not on)
        self.add_button.setEnabled(on)
        self.remove_button.setEnabled(on)


class RestDaysSection(Section):
    """Holidays and worked weekend days as text: typed, or pasted from the State Council's
    notice; a count beside each list as it is typed."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(self.tr("Holidays and working weekend days"), parent)
        layout = QVBoxLayout(self)
        layout.addWidget(
            note_label(
                self.tr(
                    "Copy them from the State Council's holiday notice each winter. One date "
                    "or range a line, for example 2026-10-01 ~ 2026-10-07. Without them only "
                    "weekends count as rest days when working days are counted."
                ),
                self,
            )
        )
        self.edits: dict[str, QPlainTextEdit] = {}
        self.counts: dict[str, QLabel] = {}
        self._examples: dict[str, str] = {}
        for field, title, example in (
            ("holidays", self.tr("Holidays (rest days):"), "2026-10-01 ~ 2026-10-07"),
            ("workdays", self.tr("Weekend days worked instead:"), "2026-09-27\n2026-10-10"),
        ):
            row = QHBoxLayout()
            row.addWidget(QLabel(title, self))
            row.addStretch(1)
            count = note_label("", self)
            count.setObjectName(f"{field}Count")
            row.addWidget(count)
            layout.addLayout(row)
            edit = QPlainTextEdit(self)
            edit.setObjectName(f"{field}Edit")
            self._examples[field] = example
            edit.setMinimumHeight(100)
            edit.setMaximumHeight(150)
            edit.textChanged.connect(lambda field=field: self._count(field))
            layout.addWidget(edit)
            layout.addWidget(self.problem_label(field))
            self.edits[field], self.counts[field] = edit, count

    def set_days(
        self, holidays: frozenset[datetime.date], workdays: frozenset[datetime.date]
    ) -> None:
        self.edits["holidays"].setPlainText(calendar_ops.format_days(holidays))
        self.edits["workdays"].setPlainText(calendar_ops.format_days(workdays))

    def texts(self) -> tuple[str, str]:
        return (self.edits["holidays"].toPlainText(), self.edits["workdays"].toPlainText())

    def days(self) -> dict[str, frozenset[datetime.date]] | None:
        """The dates of both lists, or None with the lines that are not dates said in red."""
        out: dict[str, frozenset[datetime.date]] = {}
        ok = True
        for field, edit in self.edits.items():
            days, bad = calendar_ops.parse_days(edit.toPlainText())
            out[field] = days
            if bad:
                ok = False
                lines = [self._bad_text(*piece) for piece in bad[:5]]
                if len(bad) > 5:
                    lines.append(
                        self.tr("… and %1 more that are not dates either.").replace(
                            "%1", str(len(bad) - 5)
                        )
                    )
                label = self.problem_labels[field]
                label.setText("\n".join(lines))
                label.show()
        return out if ok else None

    def _bad_text(self, number: int, text: str, why: str) -> str:
        if why == calendar_ops.RANGE_TOO_LONG:
            template = self.tr(
                "Line %1: “%2” is longer than %3 days; split it into shorter ranges or check "
                "the dates."
            ).replace("%3", str(calendar_ops.MAX_RANGE_DAYS))
        elif why == calendar_ops.RANGE_BACKWARDS:
            template = self.tr("Line %1: “%2” ends before it begins; check the dates.")
        else:
            template = self.tr("Line %1: “%2” is not a date or a range of dates.")
        return template.replace("%1", str(number)).replace("%2", excerpt(text))

    def _count(self, field: str) -> None:
        days, _ = calendar_ops.parse_days(self.edits[field].toPlainText())
        self.counts[field].setText(self.tr("%1 days").replace("%1", str(len(days))))

    def set_editable(self, on: bool) -> None:
        for field, edit in self.edits.items():
            edit.setReadOnly(not on)
            # an example in grey would read as data to someone who cannot type here
            edit.setPlaceholderText(self._examples[field] if on else "")
