"""谁动过这份档案: every audit entry touching one student (viewed, printed, exported, changed,
through a batch or a document issued to them), newest first, with the before/after of changes.
Admins only (the service refuses anyone else; the record view shows the button to admins only).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.roles import Permission
from xueji_desktop.ui import audit_ops, audit_text
from xueji_desktop.ui.audit_detail import AuditDetail
from xueji_desktop.ui.audit_model import AuditModel
from xueji_desktop.ui.audit_ops import Touched
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.widgets import BusyIndicator, ErrorLine


class WhoTouchedDialog(QDialog):
    def __init__(
        self, ctx: PageContext, student_id: int, name: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.student_id = student_id
        self.setObjectName("whoTouchedDialog")
        self.setWindowTitle(self.tr("Who touched this record"))
        self.resize(1180, 600)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self._set_heading(name or f"#{student_id}")
        self.model = AuditModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("touchedTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)  # the students
        for column, width in enumerate((150, 90, 180, 80, 160, 60)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _p: self._show(cur.row()))
        self.detail = AuditDetail(self)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.count_label = QLabel(self)
        self.busy = BusyIndicator(self.tr("Reading the activity record…"), self)
        self.error_line = ErrorLine(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.error_line)
        layout.addWidget(self.busy)
        layout.addWidget(split, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(buttons)
        self.load()

    def load(self) -> None:
        self.busy.show()
        session, sid = self.ctx.session, self.student_id
        self.ctx.worker.run(
            lambda: audit_ops.who_touched(session, sid),
            on_done=self._loaded,
            on_error=self._failed,
            context=self,
        )

    def _set_heading(self, who: str) -> None:
        text = self.tr("Everything done with the data of %1, newest first.")
        self.heading.setText(text.replace("%1", who))

    def _loaded(self, touched: Touched) -> None:
        self.busy.hide()
        found = touched.labels.get(self.student_id)
        if found is not None:  # the name as the archive has it, 学号 and class too
            self._set_heading(audit_text.student_text(found, self.student_id))
        self.detail.classes = touched.classes
        self.model.set_entries(touched.items, touched.labels)
        n = self.model.rowCount()
        self.count_label.setText(
            (self.tr("1 entry.") if n == 1 else self.tr("%1 entries.").replace("%1", str(n)))
            if n
            else self.tr("Nobody has done anything with this record yet.")
        )
        if n:
            self.table.selectRow(0)

    def _failed(self, error: BaseException) -> None:
        self.busy.hide()
        self.error_line.show_message(error_sentence(error))

    def _show(self, row: int) -> None:
        item = self.model.item(row) if 0 <= row < self.model.rowCount() else None
        self.detail.show_item(item, self.model.labels)


def may_see(ctx: PageContext) -> bool:
    """Whether the record view shows the button (the audit log is the admin's)."""
    return ctx.can(Permission.MANAGE_SETTINGS)


def open_who_touched(
    ctx: PageContext, student_id: int, name: str, parent: QWidget | None
) -> WhoTouchedDialog:
    dialog = WhoTouchedDialog(ctx, student_id, name, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
