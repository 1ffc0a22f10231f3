"""One student's 学籍异动, oldest first, with 撤销 (revoke) of the latest one for clerks.

Used in the student record view (the 学籍异动 tab). A revocation needs a reason and a
confirmation that says what will be restored; the service refuses anything but the latest
non-revoked event, so only that row offers it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop import messages
from xueji_desktop.core import lifecycle
from xueji_desktop.core.roles import Permission
from xueji_desktop.services.status_changes import StatusChange
from xueji_desktop.ui import events_ops, i18n
from xueji_desktop.ui.events_ops import StudentChanges
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.table_model import QT_TRANSLATE_NOOP, RowTableModel
from xueji_desktop.ui.widgets import ErrorLine

_CTX = "ChangeTableModel"


HEADERS = (
    QT_TRANSLATE_NOOP("ChangeTableModel", "Date"),
    QT_TRANSLATE_NOOP("ChangeTableModel", "Change"),
    QT_TRANSLATE_NOOP("ChangeTableModel", "Status before → after"),
    QT_TRANSLATE_NOOP("ChangeTableModel", "Document no."),
    QT_TRANSLATE_NOOP("ChangeTableModel", "Reported"),
    QT_TRANSLATE_NOOP("ChangeTableModel", "Note"),
)


def _status(value: str, lang: str) -> str:
    return (
        QCoreApplication.translate("ChangeTableModel", "(new)")
        if value == lifecycle.NEW_RECORD
        else messages.status_label(value, lang)
    )


class ChangeTableModel(RowTableModel):
    """A student's events; revoked ones stay, greyed, with the reason."""

    CONTEXT = _CTX
    HEADERS = HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._classes: dict[int, str] = {}

    def set_changes(self, changes: Sequence[StatusChange], classes: dict[int, str]) -> None:
        self._classes = dict(classes)
        self.set_rows(changes)

    def change(self, row: int) -> StatusChange:
        item: StatusChange = self.row_at(row)
        return item

    def latest_active_row(self) -> int:
        """The row of the latest non-revoked event (the only one that may be revoked), or -1."""
        rows = self.rows()
        for row in range(len(rows) - 1, -1, -1):
            if not rows[row].revoked:
                return row
        return -1

    def cell(self, c: StatusChange, col: int, role: int) -> object:
        lang = i18n.language()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return c.effective_date
            if col == 1:
                text = messages.kind_label(c.kind, lang)
                target = c.details.get("class_group_id")
                if isinstance(target, int) and target in self._classes:
                    text += f" → {self._classes[target]}"
                return text
            if col == 2:
                return f"{_status(c.status_before, lang)} → {_status(c.status_after, lang)}"
            if col == 3:
                return c.document_no
            if col == 4:
                return messages.status_label(c.report_status, lang)
            if c.revoked:
                return QCoreApplication.translate("ChangeTableModel", "Revoked: %1").replace(
                    "%1", c.revoke_reason
                )
            back = c.details.get("expected_return_date")
            if back:
                return QCoreApplication.translate("ChangeTableModel", "Expected back %1").replace(
                    "%1", str(back)
                )
            return str(c.details.get("remark", ""))
        if role == Qt.ItemDataRole.ForegroundRole and c.revoked:
            return QBrush(QColor("#8a8a8a"))
        return None


class StatusChangeList(QWidget):
    """The student's 学籍异动 with 撤销; ``changed(student_id)`` after a revocation."""

    changed = Signal(int)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.student_id: int | None = None
        self.setObjectName("statusChangeList")
        self.model = ChangeTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.verticalHeader().hide()
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.empty = QLabel(self.tr("No status changes recorded."), self)
        self.revoke_button = QPushButton(self.tr("Revoke…"), self)
        self.revoke_button.setObjectName("revokeChange")
        self.revoke_button.setToolTip(
            self.tr("Undo the latest status change that was recorded by mistake.")
        )
        self.revoke_button.clicked.connect(self.ask_revoke)
        self.revoke_button.setVisible(ctx.can(Permission.WRITE_RECORDS))
        self.error_line = ErrorLine(self)
        row = QHBoxLayout()
        row.addWidget(self.empty, 1)
        row.addWidget(self.revoke_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_line)
        layout.addLayout(row)
        self._update_buttons()

    def load(self, student_id: int) -> None:
        self.student_id = student_id
        session = self.ctx.session
        self.ctx.worker.run(
            lambda: events_ops.student_changes(session, student_id),
            on_done=lambda r: self._on_loaded(student_id, r),
            on_error=self._on_error,
            context=self,
        )

    def _on_loaded(self, student_id: int, result: StudentChanges) -> None:
        if student_id != self.student_id:
            return
        self.model.set_changes(result.changes, result.class_names)
        self.table.resizeColumnsToContents()
        self.empty.setVisible(not result.changes)
        latest = self.model.latest_active_row()
        if latest >= 0:
            self.table.selectRow(latest)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.table.currentIndex().row()
        self.revoke_button.setEnabled(row >= 0 and row == self.model.latest_active_row())

    def ask_revoke(self) -> None:
        row = self.table.currentIndex().row()
        if row < 0 or row != self.model.latest_active_row():
            return
        change = self.model.change(row)
        lang = i18n.language()
        what = self.tr("Revoke the %1 of %2? The student goes back to %3; nothing is deleted.")
        what = (
            what.replace("%1", messages.kind_label(change.kind, lang))
            .replace("%2", change.effective_date)
            .replace("%3", _status(change.status_before, lang))
        )
        reason, ok = QInputDialog.getText(
            self, self.tr("Revoke a status change"), what + "\n\n" + self.tr("Reason:"),
            QLineEdit.EchoMode.Normal,
        )  # fmt: skip
        if not ok:
            return
        if not reason.strip():
            self.error_line.show_message(self.tr("A reason is needed to revoke a status change."))
            return
        self.revoke(change.id, reason)

    def revoke(self, change_id: int, reason: str) -> None:
        """Revoke without asking (after ``ask_revoke``; tests)."""
        session, sid = self.ctx.session, self.student_id
        self.ctx.worker.run(
            lambda: events_ops.revoke_change(session, change_id, reason),
            on_done=lambda _: self._on_revoked(sid),
            on_error=self._on_error,
            context=self,
        )

    def _on_revoked(self, student_id: int | None) -> None:
        self.error_line.clear_message()
        if student_id is not None:
            self.load(student_id)
            self.changed.emit(student_id)

    def _on_error(self, error: BaseException) -> None:
        self.error_line.show_message(error_sentence(error))
