"""The 审计日志 tab: filters (user, action, student, time), the entries newest first with
"older entries" paging, and the chosen entry's details with its before and after.

Paging goes by entry number, not by offset (new entries arrive while the admin reads): the next
page asks for entries older than the last one shown, with the filters of the first page, so a
filter changed meanwhile never mixes two lists.
"""

from __future__ import annotations

import datetime
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.services.audit_access_export import StudentLabel
from xueji_desktop.services.search import SearchHit
from xueji_desktop.ui import audit_ops, audit_text
from xueji_desktop.ui.audit_detail import AuditDetail
from xueji_desktop.ui.audit_model import AuditModel
from xueji_desktop.ui.audit_ops import EntriesPage, EntryFilter
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.widgets import BusyIndicator, ErrorLine, on_enter


class AuditLogView(QWidget):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._filter = EntryFilter()
        self._next: int | None = None
        self._busy = False
        self.model = AuditModel(self)
        self._build_filters()
        self.table = QTableView(self)
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)  # the students
        for column, width in enumerate((140, 80, 170, 70, 230, 50)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _p: self._show(cur.row()))
        self.detail = AuditDetail(self)
        self.count_label = QLabel(self)
        self.older_button = QPushButton(self.tr("Older entries…"), self)
        self.older_button.setObjectName("olderButton")
        self.older_button.clicked.connect(self.older)
        self.older_button.setEnabled(False)
        self.busy = BusyIndicator(self.tr("Reading the activity record…"), self)
        self.error_line = ErrorLine(self)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.older_button)
        left_layout.addLayout(bottom)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(self.filters)
        layout.addWidget(self.error_line)
        layout.addWidget(self.busy)
        layout.addWidget(split, 1)

    # -- filters ------------------------------------------------------------------------------

    def _build_filters(self) -> None:
        self.user_combo = QComboBox(self)
        self.user_combo.setObjectName("userFilter")
        self.user_combo.setEditable(True)
        self.user_combo.setMinimumWidth(130)
        self.user_combo.addItem(self.tr("All users"), None)
        self.action_combo = QComboBox(self)
        self.action_combo.setObjectName("actionFilter")
        self.action_combo.setMinimumWidth(220)
        self.action_combo.addItem(self.tr("All actions"), None)
        for kind, actions in audit_text.actions_by_kind():
            group = self.tr("All of kind: %1").replace("%1", audit_text.kind_text(kind))
            # item data: the action names joined by spaces (a tuple does not survive QVariant)
            self.action_combo.addItem(group, " ".join(actions))
            for action in actions:
                self.action_combo.addItem("    " + audit_text.action_text(action), action)
        self.student_edit = QLineEdit(self)
        self.student_edit.setObjectName("studentFind")
        self.student_edit.setPlaceholderText(self.tr("Name or student no."))
        self.student_edit.setMinimumWidth(170)
        self.find_button = QPushButton(self.tr("Find"), self)
        self.find_button.clicked.connect(self.find_students)
        on_enter(self.student_edit, self.find_students)
        self.student_combo = QComboBox(self)
        self.student_combo.setObjectName("studentFilter")
        self.student_combo.setMinimumWidth(200)
        self.student_combo.addItem(self.tr("All students"), None)
        self.period_check = QCheckBox(self.tr("Only from"), self)
        today = QDate.currentDate()
        self.from_edit = QDateEdit(today.addMonths(-1), self)
        self.to_edit = QDateEdit(today, self)
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.period_check.toggled.connect(self.from_edit.setEnabled)
        self.period_check.toggled.connect(self.to_edit.setEnabled)
        self.show_button = QPushButton(self.tr("Show"), self)
        self.show_button.setObjectName("showButton")
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.load)

        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("User"), self), 0, 0)
        grid.addWidget(self.user_combo, 0, 1)
        grid.addWidget(QLabel(self.tr("Action"), self), 0, 2)
        grid.addWidget(self.action_combo, 0, 3)
        dates = QHBoxLayout()
        dates.addWidget(self.period_check)
        dates.addWidget(self.from_edit)
        dates.addWidget(QLabel(self.tr("to"), self))
        dates.addWidget(self.to_edit)
        dates.addStretch(1)
        grid.addLayout(dates, 0, 4)
        grid.addWidget(QLabel(self.tr("Student"), self), 1, 0)
        find = QHBoxLayout()
        find.addWidget(self.student_edit, 1)
        find.addWidget(self.find_button)
        grid.addLayout(find, 1, 1)
        grid.addWidget(self.student_combo, 1, 2, 1, 2)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.show_button)
        grid.addLayout(buttons, 1, 4)
        grid.setColumnStretch(4, 1)
        self.filters = grid

    def set_users(self, names: list[str]) -> None:
        typed = self.user_combo.currentText()
        while self.user_combo.count() > 1:
            self.user_combo.removeItem(1)
        for name in names:
            self.user_combo.addItem(name, name)
        self.user_combo.setEditText(typed)

    def current_filter(self) -> EntryFilter:
        """The filters as chosen. A typed user name is passed on as typed: the service says
        plainly what is wrong with it."""
        text = self.user_combo.currentText().strip()
        actor = None if text in ("", self.user_combo.itemText(0)) else text
        actions = self.action_combo.currentData()
        since = until = None
        if self.period_check.isChecked():
            since = self.from_edit.date().toPython()
            until = self.to_edit.date().toPython()
        student = self.student_combo.currentData()
        return EntryFilter(
            actor=actor,
            actions=tuple(str(actions).split()) if actions else None,
            student_id=int(student) if student is not None else None,
            since=since if isinstance(since, datetime.date) else None,
            until=until if isinstance(until, datetime.date) else None,
        )

    def show_student(self, student_id: int, label: str) -> None:
        """Filter by one student (from another page)."""
        self.student_combo.addItem(label, student_id)
        self.student_combo.setCurrentIndex(self.student_combo.count() - 1)

    # -- loading ------------------------------------------------------------------------------

    def _run(self, fn: Any, done: Any, failed: Any = None) -> None:
        self._set_busy(True)
        self.error_line.clear_message()
        self.ctx.worker.run(fn, on_done=done, on_error=failed or self._failed, context=self)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        self.show_button.setEnabled(not busy)
        self.find_button.setEnabled(not busy)
        self.older_button.setEnabled(not busy and self._next is not None)

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.error_line.show_message(error_sentence(error))

    def _query_failed(self, error: BaseException) -> None:
        """A refused query: the rows of the previous one go (they would read as its answer)."""
        self._set_busy(False)
        self._next = None
        self.model.set_entries((), {})
        self.detail.show_item(None, {})
        self.older_button.setEnabled(False)
        self.count_label.setText(self.tr("Nothing is shown: correct the filters and try again."))
        self.error_line.show_message(audit_text.query_error_sentence(error))

    def load(self) -> None:
        """The newest page for the filters as chosen now."""
        f = self.current_filter()
        session = self.ctx.session
        self._run(
            lambda: audit_ops.entries(session, f, None),
            lambda p: self._first(f, p),
            self._query_failed,
        )

    def _first(self, f: EntryFilter, page: EntriesPage) -> None:
        self._filter = f
        self._next = page.page.next_before_seq
        self.detail.classes = page.classes
        self.model.set_entries(page.page.entries, page.labels)
        self._after_page()
        if self.model.rowCount():
            self.table.selectRow(0)
        else:
            self.detail.show_item(None, {})

    def older(self) -> None:
        if self._next is None or self._busy:
            return
        f, before, session = self._filter, self._next, self.ctx.session
        self._run(lambda: audit_ops.entries(session, f, before), self._more)

    def _more(self, page: EntriesPage) -> None:
        self._next = page.page.next_before_seq
        self.detail.classes = {**self.detail.classes, **page.classes}
        self.model.append(page.page.entries, page.labels)
        self._after_page()

    def _after_page(self) -> None:
        self._set_busy(False)
        n = self.model.rowCount()
        if n == 0:
            self.count_label.setText(self.tr("No entries match these filters."))
        elif self._next is None:
            self.count_label.setText(
                self.tr("1 entry, shown.")
                if n == 1
                else self.tr("%1 entries, all shown.").replace("%1", str(n))
            )
        else:
            self.count_label.setText(
                self.tr("The newest %1 entries are shown; there are older ones.").replace(
                    "%1", str(n)
                )
            )

    def _show(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.detail.show_item(self.model.item(row), self.model.labels)
        else:
            self.detail.show_item(None, {})

    # -- finding a student --------------------------------------------------------------------

    def find_students(self) -> None:
        text = self.student_edit.text().strip()
        if not text or self._busy:
            return
        session = self.ctx.session
        self._run(lambda: audit_ops.find_students(session, text), self._found)

    def _found(self, hits: list[SearchHit]) -> None:
        self._set_busy(False)
        while self.student_combo.count() > 1:
            self.student_combo.removeItem(1)
        for hit in hits:
            label = StudentLabel(hit.student_id, hit.name, hit.student_no, hit.class_name)
            self.student_combo.addItem(audit_text.student_text(label, hit.student_id),
                                       hit.student_id)  # fmt: skip
        if hits:
            self.student_combo.setCurrentIndex(1)
        else:
            self.error_line.show_message(self.tr("No student matches what you typed."))
