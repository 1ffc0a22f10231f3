"""``RowActionsTab``: a record tab with a table of rows and a bar of actions on the chosen row.

The 奖惩 tab (``record_discipline``) and the 成绩 tab (``makeup_dialogs.GradesTab``) share it: the
bar shows only to a user who may write records, on a record that is not voided, and each
subclass says in ``_enable`` which of its buttons the selected row allows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from xueji_desktop.core.roles import Permission
from xueji_desktop.ui.entry_dialog import EntryDialog
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.record_tabs import RowsModel, rows_table


class RowActionsTab(QWidget):
    changed = Signal()

    def __init__(
        self, ctx: PageContext, model: RowsModel, table_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[Any] = []
        self.dialog: EntryDialog | None = None  # the last one opened (tests look at it)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = rows_table(model, self)
        self.table.setObjectName(table_name)
        layout.addWidget(self.table, 1)
        self.bar = QWidget(self)
        self.bar_layout = QHBoxLayout(self.bar)
        self.bar_layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._enable())

    def set_writable(self, writable: bool) -> None:
        """Buttons only for a user who may write records, on a record that is not voided."""
        self.bar.setVisible(writable and self.ctx.can(Permission.WRITE_RECORDS))
        self._enable()

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.rows = list(rows)
        self._enable()

    def selected(self) -> Any:
        """The selected row's item, or None."""
        index = self.table.currentIndex()
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        if not index.isValid() or index.row() not in rows or index.row() >= len(self.rows):
            return None
        return self.rows[index.row()]

    def select(self, row: int) -> None:
        self.table.selectRow(row)
        self._enable()

    def _enable(self) -> None:
        raise NotImplementedError
