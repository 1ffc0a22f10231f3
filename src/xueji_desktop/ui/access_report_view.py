"""The 访问报告 tab: for a period, which users viewed, printed, exported or changed which
students' data; per user, per student, and what the record cannot attribute to students. Saved
as an Excel workbook or a PDF (each writing audited by the service, with the students named)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.ui import audit_ops, i18n
from xueji_desktop.ui.audit_model import AccessStudentModel, AccessUserModel, UnattributedModel
from xueji_desktop.ui.audit_ops import NamedReport
from xueji_desktop.ui.audit_text import query_error_sentence
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.widgets import BusyIndicator, ErrorLine


def _table(model: Any, parent: QWidget, name: str, stretch: bool = False) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(stretch)  # numbers keep a number's width
    return table


class AccessReportView(QWidget):
    saved = Signal(Path)  # a file was written
    studentChosen = Signal(int, str)  # double-click on a student: show their entries

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.named: NamedReport | None = None
        today = QDate.currentDate()
        self.from_edit = QDateEdit(QDate(today.year(), 1, 1), self)
        self.to_edit = QDateEdit(today, self)
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.make_button = QPushButton(self.tr("Make the report"), self)
        self.make_button.setObjectName("makeReportButton")
        self.make_button.clicked.connect(self.make)
        self.excel_button = QPushButton(self.tr("Save as Excel…"), self)
        self.excel_button.setObjectName("reportExcelButton")
        self.excel_button.clicked.connect(lambda: self.save("xlsx"))
        self.pdf_button = QPushButton(self.tr("Save as PDF…"), self)
        self.pdf_button.setObjectName("reportPdfButton")
        self.pdf_button.clicked.connect(lambda: self.save("pdf"))
        self.summary = QLabel(self.tr("Choose a period and make the report."), self)
        self.summary.setWordWrap(True)
        self.busy = BusyIndicator(self.tr("Counting…"), self)
        self.error_line = ErrorLine(self)
        self.done_label = QLabel(self)
        self.done_label.setObjectName("reportSaved")
        self.done_label.setWordWrap(True)
        self.done_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.done_label.hide()

        self.users = AccessUserModel(self)
        self.students = AccessStudentModel(self)
        self.unattributed = UnattributedModel(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("accessTabs")
        self.users_table = _table(self.users, self, "accessUsers")
        self.students_table = _table(self.students, self, "accessStudents", stretch=True)
        self.students_table.doubleClicked.connect(self._student_chosen)
        self.unattributed_table = _table(self.unattributed, self, "accessUnattributed")
        self.tabs.addTab(self.users_table, self.tr("Per user"))
        self.tabs.addTab(self.students_table, self.tr("Per student"))
        self.tabs.addTab(self.unattributed_table, self.tr("Not attributable"))
        self.note = QLabel(
            self.tr(
                "Not attributable: actions on students' data whose entry does not name the "
                "students (a whole class's grades entered at once, for example). Double-click a "
                "student to see their entries in the activity record."
            ),
            self,
        )
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555;")

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Period from"), self))
        top.addWidget(self.from_edit)
        top.addWidget(QLabel(self.tr("to"), self))
        top.addWidget(self.to_edit)
        top.addWidget(self.make_button)
        top.addStretch(1)
        top.addWidget(self.excel_button)
        top.addWidget(self.pdf_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error_line)
        layout.addWidget(self.busy)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.done_label)
        self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.make_button.setEnabled(not busy)
        for button in (self.excel_button, self.pdf_button):
            button.setEnabled(not busy and self.named is not None)

    def _run(self, fn: Any, done: Any) -> None:
        self._set_busy(True)
        self.error_line.clear_message()
        self.ctx.worker.run(fn, on_done=done, on_error=self._failed, context=self)

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.error_line.show_message(query_error_sentence(error))

    def period(self) -> tuple[datetime.date, datetime.date]:
        since, until = self.from_edit.date().toPython(), self.to_edit.date().toPython()
        assert isinstance(since, datetime.date) and isinstance(until, datetime.date)
        return since, until

    def make(self) -> None:
        since, until = self.period()
        session = self.ctx.session
        self.done_label.hide()
        self._run(lambda: audit_ops.access_report(session, since, until), self._show)

    def _show(self, named: NamedReport) -> None:
        self.named = named
        report = named.report
        self.users.set_report(report)
        self.students.set_report(report, named.labels)
        self.unattributed.set_report(report)
        for table in (self.users_table, self.students_table, self.unattributed_table):
            table.resizeColumnsToContents()
            for column in range(table.model().columnCount()):
                table.setColumnWidth(column, max(table.columnWidth(column), 110))
        users, students, entries = (
            len(report.per_user),
            len(report.per_student),
            sum(report.unattributed.values()),
        )
        # counted words apart, so English says "1 user" and "2 users"
        who = self.tr("1 user") if users == 1 else self.tr("%1 users")
        whose = self.tr("1 student") if students == 1 else self.tr("%1 students")
        rest = self.tr("1 entry") if entries == 1 else self.tr("%1 entries")
        if entries:
            text = self.tr("From %1 to %2: %3 touched the data of %4; %5 cannot be attributed "
                           "to students.")  # fmt: skip
        else:
            text = self.tr("From %1 to %2: %3 touched the data of %4.")
        values = (
            report.since.isoformat(),
            report.until.isoformat(),
            who.replace("%1", str(users)),
            whose.replace("%1", str(students)),
            rest.replace("%1", str(entries)),
        )
        for n, value in enumerate(values, start=1):
            text = text.replace(f"%{n}", value)
        self.summary.setText(text)
        self._set_busy(False)

    def _student_chosen(self, index: Any) -> None:
        if index.isValid():
            row = index.row()
            label = f"{self.students.index(row, 1).data()}（{self.students.index(row, 0).data()}）"
            self.studentChosen.emit(self.students.student_id(row), label)

    # -- saving -------------------------------------------------------------------------------

    def suggested_name(self, suffix: str) -> str:
        if self.named is None:
            return f"access-report.{suffix}"
        r = self.named.report
        base = self.tr("Access report")
        return f"{base} {r.since.isoformat()}_{r.until.isoformat()}.{suffix}"

    def save(self, suffix: str, path: Path | None = None) -> None:
        """Ask where (unless ``path`` is given), then write on the worker."""
        if self.named is None:
            return
        overwrite = False  # a path given by the caller: never replace a file
        if path is None:
            pattern = (
                self.tr("Excel workbook (*.xlsx)")
                if suffix == "xlsx"
                else self.tr("PDF file (*.pdf)")
            )
            chosen, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save the access report"), self.suggested_name(suffix), pattern
            )
            if not chosen:
                return
            path = Path(chosen)
            overwrite = True  # the dialog asked before returning an existing name
            if path.suffix.lower() != f".{suffix}":
                path = path.with_name(path.name + f".{suffix}")
                overwrite = False  # a name the dialog did not see
        req = audit_ops.SaveRequest(path, i18n.language(), datetime.date.today(), overwrite)
        report, session = self.named.report, self.ctx.session
        write = audit_ops.export_report if suffix == "xlsx" else audit_ops.print_report
        self._run(lambda: write(session, report, req), self._saved)

    def _saved(self, path: Path) -> None:
        self._set_busy(False)
        self.done_label.setText(self.tr("Saved: %1").replace("%1", str(path)))
        self.done_label.show()
        self.saved.emit(path)
