"""The small register dialogs of the 纸质档案 page: lend, return, receipt back, shelve.

Each asks for what the register row holds and makes one service call on the worker; the
service checks (a file on loan cannot be lent again, a receipt is not dated before the dispatch
…) and its refusal is shown in the dialog, which stays open so the clerk can correct it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.services.file_dispatch import Dispatch
from xueji_desktop.services.file_loans import Loan
from xueji_desktop.services.paper_files import Location
from xueji_desktop.services.search import SearchHit
from xueji_desktop.ui import paper_files_ops
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.paper_files_ops import LoanRequest
from xueji_desktop.ui.paper_files_picker import StudentPicker, date_edit, hit_label, iso
from xueji_desktop.ui.paper_files_text import location_text
from xueji_desktop.ui.work_dialog import WorkDialog

Student = tuple[int, str]  # id and the line that names the student to the clerk


def _plain(parent: QWidget, text: str) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class LendDialog(WorkDialog):
    """借出: who borrows, their unit, why, when, due back (empty: the calendar's loan period)."""

    def __init__(
        self, ctx: PageContext, student: Student | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, self.tr("Lend a paper file"), parent)
        self.setObjectName("lendDialog")
        self.student_id = student[0] if student else None
        layout = QVBoxLayout(self)
        self.picker: StudentPicker | None = None
        self.student_label = _plain(self, student[1] if student else self.tr("No student chosen."))
        self.student_label.setObjectName("lendStudent")
        if student is None:
            self.picker = StudentPicker(ctx, self)
            self.picker.class_combo.hide()
            self.picker.class_button.hide()
            self.picker.picked.connect(self._choose)
            layout.addWidget(self.picker)
        self.borrower_edit = QLineEdit(self)
        self.unit_edit = QLineEdit(self)
        self.purpose_edit = QLineEdit(self)
        self.purpose_edit.setPlaceholderText(self.tr("e.g. political review for enlistment"))
        self.lent_edit = date_edit(self)
        self.due_check = QCheckBox(self.tr("Due back on"), self)
        self.due_edit = date_edit(self)
        self.due_edit.setEnabled(False)
        # The proposal is the 借出日期 + the calendar's loan period (read on the worker); until
        # it arrives the box cannot be ticked (unticked, the service applies the same period).
        self.loan_days: int | None = None
        self._due_typed = False  # the clerk chose a due date: proposals no longer move it
        self._proposing = False
        self.due_check.setEnabled(False)
        self.due_check.toggled.connect(self.due_edit.setEnabled)
        self.lent_edit.dateChanged.connect(lambda _d: self._propose_due())
        self.due_edit.dateChanged.connect(lambda _d: self._due_changed())
        self.remark_edit = QLineEdit(self)
        form = QFormLayout()
        form.addRow(self.tr("Student:"), self.student_label)
        form.addRow(self.tr("Borrower:"), self.borrower_edit)
        form.addRow(self.tr("Borrower's unit:"), self.unit_edit)
        form.addRow(self.tr("Purpose:"), self.purpose_edit)
        form.addRow(self.tr("Lent on:"), self.lent_edit)
        form.addRow(self.due_check, self.due_edit)
        form.addRow(self.tr("Note:"), self.remark_edit)
        hint = _plain(
            self,
            self.tr(
                "Without a due date the file is due back after the school calendar's loan period."
            ),
        )
        hint.setStyleSheet("color: #555;")
        layout.addLayout(form)
        layout.addWidget(hint)
        self.finish_layout(layout)
        self.resize(560, self.sizeHint().height())
        session = ctx.session
        ctx.worker.run(
            lambda: paper_files_ops.loan_days(session),
            on_done=self._on_loan_days,
            on_error=self._on_error,
            context=self,
        )

    def _on_loan_days(self, days: object) -> None:
        if isinstance(days, int) and not isinstance(days, bool):
            self.loan_days = days
            self.due_check.setEnabled(True)
            self._propose_due()

    def _propose_due(self) -> None:
        if self.loan_days is None or self._due_typed:
            return
        self._proposing = True
        self.due_edit.setDate(self.lent_edit.date().addDays(self.loan_days))
        self._proposing = False

    def _due_changed(self) -> None:
        if not self._proposing:
            self._due_typed = True

    def _choose(self, hits: list[SearchHit]) -> None:
        self.student_id = hits[0].student_id
        self.student_label.setText(hit_label(hits[0]))

    def request(self) -> Callable[[], Any] | None:
        if self.student_id is None:
            self.error_line.show_message(self.tr("Choose the student whose file is lent."))
            return None
        req = LoanRequest(
            self.student_id,
            self.borrower_edit.text().strip(),
            self.unit_edit.text().strip(),
            self.purpose_edit.text().strip(),
            iso(self.lent_edit),
            iso(self.due_edit) if self.due_check.isChecked() else None,
            self.remark_edit.text().strip(),
        )
        session = self.ctx.session
        return lambda: paper_files_ops.lend(session, req)


class ReturnDialog(WorkDialog):
    """归还: the date the file came back and a note (e.g. a paper missing)."""

    def __init__(self, ctx: PageContext, loan: Loan, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Return a paper file"), parent)
        self.setObjectName("returnDialog")
        self.loan = loan
        what = (
            self.tr("%1 (%2), lent to %3 on %4.")
            .replace("%1", loan.name)
            .replace("%2", loan.student_no)
            .replace("%3", loan.borrower)
            .replace("%4", loan.lent_on)
        )
        self.returned_edit = date_edit(self)
        self.remark_edit = QLineEdit(self)
        form = QFormLayout()
        form.addRow(self.tr("File:"), _plain(self, what))
        form.addRow(self.tr("Returned on:"), self.returned_edit)
        form.addRow(self.tr("Note:"), self.remark_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.finish_layout(layout)
        self.resize(520, self.sizeHint().height())

    def request(self) -> Callable[[], Any] | None:
        session, sid = self.ctx.session, self.loan.student_id
        on, remark = iso(self.returned_edit), self.remark_edit.text().strip()
        return lambda: paper_files_ops.give_back(session, sid, on, remark)


class ReceiptDialog(WorkDialog):
    """回执: the date the receipt came back, who signed it, a note."""

    def __init__(self, ctx: PageContext, dispatch: Dispatch, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Record a receipt"), parent)
        self.setObjectName("receiptDialog")
        self.dispatch = dispatch
        what = (
            self.tr("%1 (%2), sent to %3 on %4.")
            .replace("%1", dispatch.name)
            .replace("%2", dispatch.student_no)
            .replace("%3", dispatch.receiver)
            .replace("%4", dispatch.dispatched_on)
        )
        self.receipt_edit = date_edit(self)
        self.signer_edit = QLineEdit(self)
        self.remark_edit = QLineEdit(self)
        form = QFormLayout()
        form.addRow(self.tr("File:"), _plain(self, what))
        form.addRow(self.tr("Receipt dated:"), self.receipt_edit)
        form.addRow(self.tr("Signed by:"), self.signer_edit)
        form.addRow(self.tr("Note:"), self.remark_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.finish_layout(layout)
        self.resize(520, self.sizeHint().height())

    def request(self) -> Callable[[], Any] | None:
        session, did = self.ctx.session, self.dispatch.id
        on, signer = iso(self.receipt_edit), self.signer_edit.text().strip()
        remark = self.remark_edit.text().strip()
        return lambda: paper_files_ops.receipt(session, did, on, signer, remark)


class LocationDialog(WorkDialog):
    """上架: one place (cabinet / shelf / box) for the chosen students' files."""

    def __init__(
        self,
        ctx: PageContext,
        students: Sequence[Student] = (),
        place: Location | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, self.tr("Shelve paper files"), parent)
        self.setObjectName("locationDialog")
        self.students: dict[int, str] = dict(students)
        layout = QVBoxLayout(self)
        self.picker = StudentPicker(ctx, self)
        self.picker.picked.connect(self.add)
        self.chosen = QListWidget(self)
        self.chosen.setObjectName("locationStudents")
        self.count_label = QLabel(self)
        layout.addWidget(self.picker)
        layout.addWidget(self.count_label)
        layout.addWidget(self.chosen, 1)
        self.cabinet_edit = QLineEdit(place.cabinet if place else "", self)
        self.shelf_edit = QLineEdit(place.shelf if place else "", self)
        self.box_edit = QLineEdit(place.box if place else "", self)
        for edit, hint in ((self.cabinet_edit, "A"), (self.shelf_edit, "3"), (self.box_edit, "12")):
            edit.setPlaceholderText(hint)
        self.preview_label = QLabel(self)
        for edit in (self.cabinet_edit, self.shelf_edit, self.box_edit):
            edit.textChanged.connect(self._show_place)
        form = QFormLayout()
        form.addRow(self.tr("Cabinet:"), self.cabinet_edit)
        form.addRow(self.tr("Shelf:"), self.shelf_edit)
        form.addRow(self.tr("Box:"), self.box_edit)
        form.addRow(self.tr("Reads:"), self.preview_label)
        layout.addLayout(form)
        self.finish_layout(layout)
        self._refresh()
        self._show_place()
        self.resize(620, 520)

    def add(self, hits: list[SearchHit]) -> None:
        for hit in hits:
            self.students.setdefault(hit.student_id, hit_label(hit))
        self._refresh()

    def _refresh(self) -> None:
        self.chosen.clear()
        self.chosen.addItems(list(self.students.values()))
        self.count_label.setText(self.tr("%1 students").replace("%1", str(len(self.students))))

    def place(self) -> Location:
        return Location(
            self.cabinet_edit.text().strip(),
            self.shelf_edit.text().strip(),
            self.box_edit.text().strip(),
        )

    def _show_place(self) -> None:
        self.preview_label.setText(location_text(self.place()) or "—")

    def request(self) -> Callable[[], Any] | None:
        if not self.students:
            self.error_line.show_message(self.tr("Add the students whose files go to this place."))
            return None
        session, ids, place = self.ctx.session, list(self.students), self.place()
        return lambda: paper_files_ops.locate_at(session, ids, place)
