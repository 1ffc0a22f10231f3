"""The views of the 纸质档案 page that list a register: 借阅 (loans) and 接收登记 (intakes).

``RegisterView`` is what every view shares: a table, a busy line, an error line, buttons that only
clerks see, reloads that drop answers older than the latest request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.roles import Permission
from xueji_desktop.services.file_loans import Loan
from xueji_desktop.services.paper_files import Intake
from xueji_desktop.ui import paper_files_ops
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.paper_files_dialogs import LendDialog, ReturnDialog
from xueji_desktop.ui.paper_files_intake import IntakeDialog
from xueji_desktop.ui.paper_files_models import IntakeLineModel, IntakeModel, LoanModel
from xueji_desktop.ui.paper_files_print import RoomPrinter
from xueji_desktop.ui.table_model import RowTableModel
from xueji_desktop.ui.widgets import BusyIndicator, ErrorLine


def make_table(
    parent: QWidget, model: RowTableModel, name: str, *, multi: bool = False
) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if multi
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    table.setAlternatingRowColors(True)
    return table


def selected_rows(table: QTableView) -> list[int]:
    rows = {i.row() for i in table.selectionModel().selectedRows()}
    if not rows and table.currentIndex().isValid():
        rows = {table.currentIndex().row()}
    return sorted(rows)


class RegisterView(QWidget):
    """Common parts; a subclass builds its table and implements ``load()``."""

    def __init__(
        self, ctx: PageContext, printer: RoomPrinter, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.printer = printer
        self.writer = ctx.can(Permission.WRITE_RECORDS)
        self._seq = 0
        self.busy = BusyIndicator(self.tr("Loading…"), self)
        self.error_line = ErrorLine(self)
        self.count_label = QLabel(self)

    def clerk_button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        """A button for a register write: clerks only (viewers do not see it)."""
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(lambda _=False: slot())
        button.setVisible(self.writer)
        return button

    def fetch(self, fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self._seq += 1
        seq = self._seq
        self.busy.show()

        def arrived(result: Any) -> None:
            if seq == self._seq:
                self.busy.hide()
                self.error_line.clear_message()
                done(result)

        self.ctx.worker.run(fn, on_done=arrived, on_error=self.show_error, context=self)

    def run_dialog(self, dialog: QDialog) -> QDialog:
        """Open a register dialog; reload when it saved."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        saved = getattr(dialog, "saved", None)
        if saved is not None:
            saved.connect(lambda _r: self.load())
        dialog.open()
        return dialog

    def show_error(self, exc: BaseException) -> None:
        self.busy.hide()
        self.error_line.show_message(error_sentence(exc))

    def load(self) -> None:
        raise NotImplementedError


class LoanView(RegisterView):
    """借阅: open loans first (overdue in red), lend, return."""

    def __init__(
        self, ctx: PageContext, printer: RoomPrinter, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, printer, parent)
        self.model = LoanModel(self)
        self.table = make_table(self, self.model, "loanTable")
        self.open_check = QCheckBox(self.tr("Only files not yet returned"), self)
        self.open_check.setChecked(True)
        self.open_check.toggled.connect(lambda _c: self.load())
        self.lend_button = self.clerk_button(self.tr("Lend a file…"), "lendButton", self.lend)
        self.return_button = self.clerk_button(self.tr("Returned…"), "returnButton", self.give_back)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.table.doubleClicked.connect(lambda _i: self.give_back())
        top = QHBoxLayout()
        top.addWidget(self.open_check)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.lend_button)
        bottom.addWidget(self.return_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.busy)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_line)
        layout.addLayout(bottom)
        self._update_buttons()

    def load(self) -> None:
        session, open_only = self.ctx.session, self.open_check.isChecked()
        self.fetch(lambda: paper_files_ops.loans(session, open_only), self._on_rows)

    def _on_rows(self, rows: list[Loan]) -> None:
        # Overdue first, then the rest in the service's order (newest first).
        rows = sorted(rows, key=lambda x: (not self._overdue(x), 0))
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        late = sum(1 for x in rows if self._overdue(x))
        text = self.tr("%1 loans").replace("%1", str(len(rows)))
        if late:
            text += self.tr(", %1 overdue").replace("%1", str(late))
        self.count_label.setText(text)
        self._update_buttons()

    def _overdue(self, loan: Loan) -> bool:
        return loan.returned_on is None and loan.due_on < self.model.today.isoformat()

    def selected(self) -> Loan | None:
        row = self.table.currentIndex().row()
        return self.model.loan(row) if 0 <= row < self.model.rowCount() else None

    def _update_buttons(self) -> None:
        loan = self.selected()
        self.return_button.setEnabled(loan is not None and loan.returned_on is None)

    def lend(self) -> QDialog:
        return self.run_dialog(LendDialog(self.ctx, parent=self))

    def give_back(self) -> QDialog | None:
        loan = self.selected()
        if loan is None or loan.returned_on is not None or not self.writer:
            return None
        return self.run_dialog(ReturnDialog(self.ctx, loan, self))


class IntakeView(RegisterView):
    """接收登记: the batches received, newest first; the students of the chosen one below."""

    def __init__(
        self, ctx: PageContext, printer: RoomPrinter, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, printer, parent)
        self.model = IntakeModel(self)
        self.table = make_table(self, self.model, "intakeList")
        self.lines = IntakeLineModel(self)
        self.lines_table = make_table(self, self.lines, "intakeLines")
        self.receive_button = self.clerk_button(
            self.tr("Receive files…"), "receiveButton", self.receive
        )
        self.print_button = QPushButton(self.tr("Print the receipt"), self)
        self.print_button.setObjectName("printReceiptButton")
        self.print_button.clicked.connect(self.print_receipt)
        self.print_button.setVisible(ctx.can(Permission.PRINT))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_lines())
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.lines_table)
        split.setSizes([240, 300])
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.receive_button)
        bottom.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.busy)
        layout.addWidget(split, 1)
        layout.addWidget(self.error_line)
        layout.addLayout(bottom)
        self._update_buttons()

    def load(self) -> None:
        session = self.ctx.session
        self.fetch(lambda: paper_files_ops.intakes(session), self._on_rows)

    def _on_rows(self, rows: list[Intake]) -> None:
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.count_label.setText(self.tr("%1 deliveries").replace("%1", str(len(rows))))
        if rows:
            self.table.selectRow(0)
        else:
            self.lines.set_rows([])
        self._update_buttons()

    def selected(self) -> Intake | None:
        row = self.table.currentIndex().row()
        return self.model.intake(row) if 0 <= row < self.model.rowCount() else None

    def _update_buttons(self) -> None:
        self.print_button.setEnabled(self.selected() is not None)

    def _show_lines(self) -> None:
        self._update_buttons()
        chosen = self.selected()
        if chosen is None:
            return
        session, iid = self.ctx.session, chosen.id
        self.ctx.worker.run(
            lambda: paper_files_ops.intake_with_names(session, iid),
            on_done=self._on_lines,
            on_error=self.show_error,
            context=self,
        )

    def _on_lines(self, result: tuple[Intake, dict[str, str]]) -> None:
        intake, names = result
        current = self.selected()
        if current is None or current.id != intake.id:
            return
        self.lines.type_names = names
        self.lines.set_rows(intake.lines)
        self.lines_table.resizeColumnsToContents()

    def receive(self) -> QDialog:
        dialog = IntakeDialog(self.ctx, self)
        dialog.saved.connect(lambda iid: self._received(dialog.print_check.isChecked(), iid))
        return self.run_dialog(dialog)

    def _received(self, print_it: bool, intake_id: object) -> None:
        if print_it and isinstance(intake_id, int) and self.ctx.can(Permission.PRINT):
            self.printer.intake_receipt(intake_id)

    def print_receipt(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.printer.intake_receipt(chosen.id)
