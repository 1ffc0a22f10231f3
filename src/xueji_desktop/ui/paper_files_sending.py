"""转递 and 待转递: the dispatch register with its receipts, and the files still to be sent.

转递 lists the dispatches (newest first; receipts later than the calendar allows in red), sends
files (chosen students or a whole class), records a receipt, voids a mistaken dispatch with a
reason and prints the 档案转递单. 待转递 lists the students who have left whose file is neither
sent nor kept by the school; from there the clerk sends them or keeps them.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.roles import Permission
from xueji_desktop.services.file_dispatch import Dispatch
from xueji_desktop.services.file_dispatch_read import DueRow
from xueji_desktop.ui import paper_files_ops
from xueji_desktop.ui.dispatch_dialog import DispatchDialog
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.paper_files_dialogs import ReceiptDialog
from xueji_desktop.ui.paper_files_models import DispatchModel, DueModel
from xueji_desktop.ui.paper_files_ops import DispatchList
from xueji_desktop.ui.paper_files_print import RoomPaperPreview, RoomPrinter
from xueji_desktop.ui.paper_files_views import RegisterView, make_table, selected_rows
from xueji_desktop.ui.print_preview import PrintPreview
from xueji_desktop.ui.record_actions import ask_reason

SHOW_LIVE, SHOW_AWAITING, SHOW_ALL = "live", "awaiting", "all"


class DispatchView(RegisterView):
    def __init__(
        self, ctx: PageContext, printer: RoomPrinter, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, printer, parent)
        self.show_combo = QComboBox(self)
        self.show_combo.setObjectName("dispatchShow")
        self.show_combo.addItem(self.tr("All dispatches in force"), SHOW_LIVE)
        self.show_combo.addItem(self.tr("Waiting for the receipt"), SHOW_AWAITING)
        self.show_combo.addItem(self.tr("Voided ones too"), SHOW_ALL)
        self.show_combo.currentIndexChanged.connect(lambda _i: self.load())
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Show:"), self))
        top.addWidget(self.show_combo)
        top.addStretch(1)
        self.model = DispatchModel(self)
        self.table = make_table(self, self.model, "dispatchTable", multi=True)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.send_button = self.clerk_button(self.tr("Send files…"), "sendButton", self.send)
        self.receipt_button = self.clerk_button(
            self.tr("Receipt back…"), "receiptButton", self.record_receipt
        )
        self.void_button = self.clerk_button(self.tr("Void…"), "voidDispatchButton", self.void)
        self.slips_button = QPushButton(self.tr("Print transfer slips"), self)
        self.slips_button.setObjectName("slipsButton")
        self.slips_button.clicked.connect(self.print_slips)
        self.slips_button.setVisible(ctx.can(Permission.PRINT))
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        for button in (self.send_button, self.receipt_button, self.void_button, self.slips_button):
            bottom.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.busy)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_line)
        layout.addLayout(bottom)
        printer.previewOpened.connect(self._on_preview)
        self._update_buttons()

    def show_awaiting(self) -> None:
        self.show_combo.setCurrentIndex(self.show_combo.findData(SHOW_AWAITING))

    def load(self) -> None:
        mode, session = self.show_combo.currentData(), self.ctx.session
        today = self.model.today
        self.fetch(
            lambda: paper_files_ops.dispatch_list(
                session, mode == SHOW_AWAITING, mode == SHOW_ALL, today
            ),
            self._on_rows,
        )

    def _on_rows(self, result: DispatchList) -> None:
        rows, late = result.rows, result.late
        self.model.overdue_ids = frozenset(d.id for d in late)
        self.model.void_serials = result.void_serials
        if self.show_combo.currentData() == SHOW_AWAITING:  # the late ones first (start page)
            rows = sorted(rows, key=lambda d: d.id not in self.model.overdue_ids)
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        text = self.tr("%1 dispatches").replace("%1", str(len(rows)))
        if late:
            text += self.tr(", %1 receipts overdue").replace("%1", str(len(late)))
        self.count_label.setText(text)
        self._update_buttons()

    def _on_preview(self, preview: object) -> None:
        """Slips issued: their serials are on the dispatches now; closed unprinted, void."""
        if isinstance(preview, PrintPreview) and not isinstance(preview, RoomPaperPreview):
            self.load()
            preview.voided.connect(self.load)

    def chosen(self) -> list[Dispatch]:
        return [self.model.dispatch(r) for r in selected_rows(self.table)]

    def _update_buttons(self) -> None:
        chosen = self.chosen()
        one = chosen[0] if len(chosen) == 1 else None
        live = [d for d in chosen if not d.voided_at]
        self.receipt_button.setEnabled(one is not None and not one.voided_at and not one.receipt_on)
        self.void_button.setEnabled(one is not None and not one.voided_at)
        self.slips_button.setEnabled(bool(live) and all(self.model.needs_slip(d) for d in live))

    def send(self, students: list[tuple[int, str]] | None = None) -> QDialog:
        dialog = DispatchDialog(self.ctx, students or [], parent=self)
        dialog.saved.connect(lambda ids: self._sent(dialog.print_check.isChecked(), ids))
        return self.run_dialog(dialog)

    def _sent(self, print_it: bool, ids: object) -> None:
        if print_it and isinstance(ids, list) and ids and self.ctx.can(Permission.PRINT):
            self.printer.dispatch_slips(ids)

    def record_receipt(self) -> QDialog | None:
        chosen = self.chosen()
        if len(chosen) != 1 or chosen[0].voided_at or chosen[0].receipt_on:
            return None
        return self.run_dialog(ReceiptDialog(self.ctx, chosen[0], self))

    def void(self, reason: str | None = None) -> None:
        chosen = self.chosen()
        if len(chosen) != 1 or chosen[0].voided_at:
            return
        d = chosen[0]
        if reason is None:
            reason = ask_reason(
                self,
                self.tr("Void a dispatch"),
                self.tr(
                    "Void the dispatch of %1 to %2 on %3? It stays in the register, marked void, "
                    "and the file can then be sent again. Why (e.g. sent back, wrong receiver)?"
                )
                .replace("%1", f"{d.name}（{d.student_no}）")
                .replace("%2", d.receiver)
                .replace("%3", d.dispatched_on),
            )
            if reason is None:
                return
        session, did, why = self.ctx.session, d.id, reason
        self.ctx.worker.run(
            lambda: paper_files_ops.void(session, did, why),
            on_done=lambda _r: self.load(),
            on_error=self.show_error,
            context=self,
        )

    def print_slips(self) -> None:
        ids = [d.id for d in self.chosen() if not d.voided_at]
        if ids and self.slips_button.isEnabled():
            self.printer.dispatch_slips(ids)


def due_line(row: DueRow) -> str:
    return f"{row.name}（{row.student_no}）"


class DueView(RegisterView):
    """待转递: students who have left whose file is neither sent nor kept."""

    def __init__(
        self, ctx: PageContext, printer: RoomPrinter, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, printer, parent)
        self.model = DueModel(self)
        self.table = make_table(self, self.model, "dueTable", multi=True)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.send_button = self.clerk_button(
            self.tr("Send the chosen files…"), "dueSend", self.send
        )
        self.keep_button = self.clerk_button(self.tr("Kept by the school…"), "dueKeep", self.keep)
        intro = QLabel(
            self.tr(
                "Students who have left school whose paper file has been neither sent on "
                "nor kept by the school."
            ),
            self,
        )
        intro.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.send_button)
        bottom.addWidget(self.keep_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.busy)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_line)
        layout.addLayout(bottom)
        self._update_buttons()

    def load(self) -> None:
        session = self.ctx.session
        self.fetch(lambda: paper_files_ops.due(session), self._on_rows)

    def _on_rows(self, result: tuple[list[DueRow], frozenset[int]]) -> None:
        rows, lent = result
        self.model.lent_ids = lent
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        text = self.tr("%1 files to send").replace("%1", str(len(rows)))
        if lent:
            text += self.tr(", %1 of them lent out").replace("%1", str(len(lent)))
        self.count_label.setText(text)
        self._update_buttons()

    def chosen(self) -> list[DueRow]:
        return [self.model.item(r) for r in selected_rows(self.table)]

    def _update_buttons(self) -> None:
        chosen = self.chosen()
        self.send_button.setEnabled(bool(chosen))
        self.keep_button.setEnabled(len(chosen) == 1)

    def send(self) -> QDialog | None:
        chosen = self.chosen()
        if not chosen:
            return None
        lent = [w for w in chosen if self.model.is_lent(w)]
        if lent:
            # Said before the clerk fills the form: the service would refuse the whole batch.
            self.error_line.show_message(
                self.tr(
                    "The paper file of %1 is lent out and cannot be sent until it is returned. "
                    "Leave it out of the selection, or record its return first."
                ).replace("%1", "、".join(due_line(w) for w in lent))
            )
            return None
        self.error_line.clear_message()
        dialog = DispatchDialog(
            self.ctx, [(w.student_id, due_line(w)) for w in chosen], parent=self
        )
        dialog.saved.connect(lambda ids: self._sent(dialog.print_check.isChecked(), ids))
        return self.run_dialog(dialog)

    def _sent(self, print_it: bool, ids: object) -> None:
        if print_it and isinstance(ids, list) and ids and self.ctx.can(Permission.PRINT):
            self.printer.dispatch_slips(ids)

    def keep(self, reason: str | None = None) -> None:
        chosen = self.chosen()
        if len(chosen) != 1:
            return
        w = chosen[0]
        if reason is None:
            reason = ask_reason(
                self,
                self.tr("Kept by the school"),
                self.tr(
                    "Keep the paper file of %1 in the school instead of sending it on? Why?"
                ).replace("%1", due_line(w)),
            )
            if reason is None:
                return
        session, sid, why = self.ctx.session, w.student_id, reason
        self.ctx.worker.run(
            lambda: paper_files_ops.set_kept(session, sid, True, why),
            on_done=lambda _r: self.load(),
            on_error=self.show_error,
            context=self,
        )
