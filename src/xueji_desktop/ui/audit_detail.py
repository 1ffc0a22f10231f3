"""The detail pane of an audit entry: when, who, what, which students, the entry's recorded
details and, for a change of one student's record, each field before and after. Shared by the
审计日志 page and the "who touched this record" dialog."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.services.audit_access_export import StudentLabel
from xueji_desktop.services.audit_view import AuditItem
from xueji_desktop.ui import audit_text
from xueji_desktop.ui.audit_model import TextRowsModel


class AuditDetail(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditDetail")
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("auditDetailText")
        self.text.setReadOnly(True)
        self.text.setPlaceholderText(self.tr("Choose an entry to see what it recorded."))
        self.changes_label = QLabel(self.tr("Before and after"), self)
        self.changes = TextRowsModel(self)
        self.changes_table = QTableView(self)
        self.changes_table.setObjectName("auditChanges")
        self.changes_table.setModel(self.changes)
        self.changes_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.changes_table.setWordWrap(True)
        self.changes_table.verticalHeader().hide()
        header = self.changes_table.horizontalHeader()
        # field and reason as wide as their text; before and after share the rest (and wrap)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 2)
        layout.addWidget(self.changes_label)
        layout.addWidget(self.changes_table, 1)
        self.classes: Mapping[int, str] = {}  # class names by id, set with each loaded page
        self.show_item(None, {})

    def show_item(self, item: AuditItem | None, labels: Mapping[int, StudentLabel]) -> None:
        if item is None:
            self.text.clear()
            self.changes.set_rows([])
        else:
            self.text.setPlainText("\n".join(audit_text.detail_lines(item, labels, self.classes)))
            self.changes.set_rows(audit_text.change_rows(item, self.classes))
        shown = bool(self.changes.rowCount())
        self.changes_label.setVisible(shown)
        self.changes_table.setVisible(shown)
        if shown:
            self.changes_table.resizeRowsToContents()
