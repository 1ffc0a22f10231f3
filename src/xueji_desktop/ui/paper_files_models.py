"""The tables of the 纸质档案 page: where files are, loans, dispatches, intakes, shelves.

Each is a read-only ``RowTableModel``; rows are replaced as a whole after a worker call. Overdue
loans and receipts show in red; voided dispatches are greyed.
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from xueji_desktop import messages
from xueji_desktop.services.file_dispatch import Dispatch
from xueji_desktop.services.file_dispatch_read import DueRow
from xueji_desktop.services.file_loans import Loan
from xueji_desktop.services.paper_files import (
    FileEvent,
    Intake,
    IntakeLine,
    ShelfEntry,
    Whereabouts,
)
from xueji_desktop.ui import i18n
from xueji_desktop.ui.paper_files_text import (
    INTAKE_KINDS,
    RECEIVER_KINDS,
    STATES,
    VIAS,
    event_text,
    is_overdue,
    label,
    location_text,
    receipt_text,
    state_text,
)
from xueji_desktop.ui.table_model import QT_TRANSLATE_NOOP, RowTableModel

OVERDUE = QBrush(QColor("#b3261e"))
GREY = QBrush(QColor("#8a8a8a"))
_DISPLAY = Qt.ItemDataRole.DisplayRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole


def bracketed(text: str, note: str) -> str:
    return f"{text}（{note}）" if i18n.language() == "zh" else f"{text} ({note})"


class _Dated(RowTableModel):
    """A model whose words depend on today (overdue); tests set ``today``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.today = datetime.date.today()


class WhereaboutsModel(_Dated):
    CONTEXT = "WhereaboutsModel"
    HEADERS = (
        QT_TRANSLATE_NOOP("WhereaboutsModel", "Name"),
        QT_TRANSLATE_NOOP("WhereaboutsModel", "Student no."),
        QT_TRANSLATE_NOOP("WhereaboutsModel", "Class"),
        QT_TRANSLATE_NOOP("WhereaboutsModel", "Status"),
        QT_TRANSLATE_NOOP("WhereaboutsModel", "Left on"),
        QT_TRANSLATE_NOOP("WhereaboutsModel", "Where the paper file is"),
    )

    def item(self, row: int) -> Whereabouts:
        w: Whereabouts = self.row_at(row)
        return w

    def cell(self, w: Whereabouts, column: int, role: int) -> object:
        if role == _DISPLAY:
            values = (
                w.name,
                w.student_no,
                w.class_name,
                messages.status_label(w.status, i18n.language()),
                w.left_on or "",
                state_text(w, self.today),
            )
            return values[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 5:
            return state_text(w, self.today)
        if role == _FOREGROUND and column == 5:
            if w.loan is not None and is_overdue(w.loan, self.today):
                return OVERDUE
            if w.state == "unregistered":
                return GREY
        return None


class EventModel(RowTableModel):
    CONTEXT = "EventModel"
    HEADERS = (
        QT_TRANSLATE_NOOP("EventModel", "Date"),
        QT_TRANSLATE_NOOP("EventModel", "What happened"),
    )

    def cell(self, e: FileEvent, column: int, role: int) -> object:
        if role == _DISPLAY or (role == Qt.ItemDataRole.ToolTipRole and column == 1):
            return e.date if column == 0 else event_text(e)
        return None


class LoanModel(_Dated):
    CONTEXT = "LoanModel"
    HEADERS = (
        QT_TRANSLATE_NOOP("LoanModel", "Name"),
        QT_TRANSLATE_NOOP("LoanModel", "Student no."),
        QT_TRANSLATE_NOOP("LoanModel", "Borrower"),
        QT_TRANSLATE_NOOP("LoanModel", "Unit"),
        QT_TRANSLATE_NOOP("LoanModel", "Purpose"),
        QT_TRANSLATE_NOOP("LoanModel", "Lent on"),
        QT_TRANSLATE_NOOP("LoanModel", "Due back"),
        QT_TRANSLATE_NOOP("LoanModel", "Returned"),
    )

    def loan(self, row: int) -> Loan:
        item: Loan = self.row_at(row)
        return item

    def cell(self, x: Loan, column: int, role: int) -> object:
        if role == _DISPLAY:
            if column == 7:
                if x.returned_on:
                    return x.returned_on
                return self.tr_header("Overdue") if is_overdue(x, self.today) else ""
            return (
                x.name,
                x.student_no,
                x.borrower,
                x.borrower_unit,
                x.purpose,
                x.lent_on,
                x.due_on,
            )[column]
        if role == _FOREGROUND and is_overdue(x, self.today):
            return OVERDUE
        if role == _FOREGROUND and x.returned_on:
            return GREY
        return None


QT_TRANSLATE_NOOP("LoanModel", "Overdue")
QT_TRANSLATE_NOOP("DispatchModel", "%1 (voided)")


class DispatchModel(_Dated):
    CONTEXT = "DispatchModel"
    HEADERS = (
        QT_TRANSLATE_NOOP("DispatchModel", "Name"),
        QT_TRANSLATE_NOOP("DispatchModel", "Student no."),
        QT_TRANSLATE_NOOP("DispatchModel", "Sent on"),
        QT_TRANSLATE_NOOP("DispatchModel", "Receiver"),
        QT_TRANSLATE_NOOP("DispatchModel", "How"),
        QT_TRANSLATE_NOOP("DispatchModel", "Number / collected by"),
        QT_TRANSLATE_NOOP("DispatchModel", "Slip serial"),
        QT_TRANSLATE_NOOP("DispatchModel", "Receipt"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.overdue_ids: frozenset[int] = frozenset()  # receipts the calendar says are late
        self.void_serials: frozenset[str] = frozenset()  # slips voided in the issuance register

    def dispatch(self, row: int) -> Dispatch:
        item: Dispatch = self.row_at(row)
        return item

    def needs_slip(self, d: Dispatch) -> bool:
        """No 档案转递单 yet, or only one voided in the register: the dispatch may get a new one."""
        return not d.document_serial or d.document_serial in self.void_serials

    def serial_text(self, d: Dispatch) -> str:
        if not d.document_serial:
            return ""
        if d.document_serial in self.void_serials:
            return self.tr_header("%1 (voided)").replace("%1", d.document_serial)
        return d.document_serial

    def cell(self, d: Dispatch, column: int, role: int) -> object:
        if role == _DISPLAY:
            kind = label(RECEIVER_KINDS, d.receiver_kind)
            values = (
                d.name,
                d.student_no,
                d.dispatched_on,
                bracketed(d.receiver, kind),
                label(VIAS, d.via),
                d.dispatch_no or d.carrier,
                self.serial_text(d),
                receipt_text(d),
            )
            return values[column]
        if role == _FOREGROUND:
            if d.voided_at or (column == 6 and self.needs_slip(d) and d.document_serial):
                return GREY
            if d.id in self.overdue_ids:
                return OVERDUE
        return None


class IntakeModel(RowTableModel):
    CONTEXT = "IntakeModel"
    HEADERS = (
        QT_TRANSLATE_NOOP("IntakeModel", "Received on"),
        QT_TRANSLATE_NOOP("IntakeModel", "Kind"),
        QT_TRANSLATE_NOOP("IntakeModel", "From"),
        QT_TRANSLATE_NOOP("IntakeModel", "Delivered by"),
        QT_TRANSLATE_NOOP("IntakeModel", "Received by"),
        QT_TRANSLATE_NOOP("IntakeModel", "Note"),
    )

    def intake(self, row: int) -> Intake:
        item: Intake = self.row_at(row)
        return item

    def cell(self, x: Intake, column: int, role: int) -> object:
        if role == _DISPLAY:
            return (
                x.received_on,
                label(INTAKE_KINDS, x.kind),
                x.source,
                x.delivered_by,
                x.received_by,
                x.remark,
            )[column]
        return None


class IntakeLineModel(RowTableModel):
    """The students of one batch with what arrived and what was missing (names of the types)."""

    CONTEXT = "IntakeLineModel"
    HEADERS = (
        QT_TRANSLATE_NOOP("IntakeLineModel", "Name"),
        QT_TRANSLATE_NOOP("IntakeLineModel", "Student no."),
        QT_TRANSLATE_NOOP("IntakeLineModel", "Class"),
        QT_TRANSLATE_NOOP("IntakeLineModel", "Papers received"),
        QT_TRANSLATE_NOOP("IntakeLineModel", "Missing"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.type_names: dict[str, str] = {}

    def cell(self, x: IntakeLine, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ToolTipRole and column in (3, 4):
            return self.cell(x, column, _DISPLAY)  # long lists are cut in the column
        if role != _DISPLAY:
            return None
        if column == 3:
            return "、".join(
                f"{self.type_names.get(code, code)}×{n}" for code, n in x.contents.items() if n
            )
        if column == 4:
            return "、".join(self.type_names.get(code, code) for code in x.missing)
        return (x.name, x.student_no, x.class_name)[column]


class ShelfModel(RowTableModel):
    CONTEXT = "ShelfModel"
    HEADERS = (
        QT_TRANSLATE_NOOP("ShelfModel", "Place"),
        QT_TRANSLATE_NOOP("ShelfModel", "Student no."),
        QT_TRANSLATE_NOOP("ShelfModel", "Name"),
        QT_TRANSLATE_NOOP("ShelfModel", "Class"),
        QT_TRANSLATE_NOOP("ShelfModel", "Year of graduation"),
        QT_TRANSLATE_NOOP("ShelfModel", "State"),
    )

    def entry(self, row: int) -> ShelfEntry:
        item: ShelfEntry = self.row_at(row)
        return item

    def cell(self, x: ShelfEntry, column: int, role: int) -> object:
        if role == _DISPLAY:
            year = "" if x.graduation_year is None else str(x.graduation_year)
            return (
                location_text(x.location),
                x.student_no,
                x.name,
                x.class_name,
                year,
                label(STATES, x.state),
            )[column]
        return None


class DueModel(RowTableModel):
    """待转递: who has left and whose file is still here (lent-out files marked: not sendable)."""

    CONTEXT = "DueModel"
    HEADERS = (
        QT_TRANSLATE_NOOP("DueModel", "Name"),
        QT_TRANSLATE_NOOP("DueModel", "Student no."),
        QT_TRANSLATE_NOOP("DueModel", "Class"),
        QT_TRANSLATE_NOOP("DueModel", "Status"),
        QT_TRANSLATE_NOOP("DueModel", "Left on"),
        QT_TRANSLATE_NOOP("DueModel", "Paper file"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lent_ids: frozenset[int] = frozenset()  # files out on loan: sent only once back

    def item(self, row: int) -> DueRow:
        x: DueRow = self.row_at(row)
        return x

    def is_lent(self, x: DueRow) -> bool:
        return x.student_id in self.lent_ids

    def cell(self, x: DueRow, column: int, role: int) -> object:
        if role == _DISPLAY:
            status = messages.status_label(x.status, i18n.language())
            here = self.tr_header("Lent out") if self.is_lent(x) else ""
            return (x.name, x.student_no, x.class_name, status, x.left_on or "", here)[column]
        if role == _FOREGROUND and self.is_lent(x):
            return GREY
        return None


QT_TRANSLATE_NOOP("DueModel", "Lent out")
