"""学籍异动: the archive's recent status changes, filtered by kind, dates and class.

Each row opens the student (double-click or Enter). Clerks move an event's 上报状态 on
(已核对 → 已上报 → 已核准, or 退回 with a reason), in the order core/lifecycle allows.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop import messages
from xueji_desktop.core import lifecycle
from xueji_desktop.core.roles import Permission
from xueji_desktop.services.event_lists import ChangeRow
from xueji_desktop.services.structure import ClassGroup
from xueji_desktop.ui import events_ops, i18n
from xueji_desktop.ui.events_ops import ChangeFilter
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import Page, PageContext
from xueji_desktop.ui.table_model import QT_TRANSLATE_NOOP, RowTableModel
from xueji_desktop.ui.widgets import BusyIndicator, ErrorLine

_CTX = "RecentChangeModel"


HEADERS = (
    QT_TRANSLATE_NOOP("RecentChangeModel", "Date"),
    QT_TRANSLATE_NOOP("RecentChangeModel", "Student no."),
    QT_TRANSLATE_NOOP("RecentChangeModel", "Name"),
    QT_TRANSLATE_NOOP("RecentChangeModel", "Class"),
    QT_TRANSLATE_NOOP("RecentChangeModel", "Change"),
    QT_TRANSLATE_NOOP("RecentChangeModel", "Status before → after"),
    QT_TRANSLATE_NOOP("RecentChangeModel", "Document no."),
    QT_TRANSLATE_NOOP("RecentChangeModel", "Reported"),
)


class RecentChangeModel(RowTableModel):
    CONTEXT = _CTX
    HEADERS = HEADERS

    def change(self, row: int) -> ChangeRow:
        item: ChangeRow = self.row_at(row)
        return item

    def cell(self, r: ChangeRow, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            lang = i18n.language()
            before = (
                QCoreApplication.translate("RecentChangeModel", "(new)")
                if r.status_before == lifecycle.NEW_RECORD
                else messages.status_label(r.status_before, lang)
            )
            after = messages.status_label(r.status_after, lang)
            kind = messages.kind_label(r.kind, lang)
            if r.revoked:
                kind = QCoreApplication.translate("RecentChangeModel", "%1 (revoked)").replace(
                    "%1", kind
                )
            values = (r.effective_date, r.student_no, r.name, r.class_name, kind,
                      f"{before} → {after}", r.document_no,
                      messages.status_label(r.report_status, lang))  # fmt: skip
            return values[column]
        if role == Qt.ItemDataRole.ForegroundRole and r.revoked:
            return QBrush(QColor("#8a8a8a"))
        return None


# 上报状态 steps a clerk takes from this page (the order is the service's).
_REPORT_STEPS = (
    ("confirmed", QT_TRANSLATE_NOOP("StatusChangesPage", "Mark as checked")),
    ("reported", QT_TRANSLATE_NOOP("StatusChangesPage", "Mark as reported")),
    ("approved", QT_TRANSLATE_NOOP("StatusChangesPage", "Mark as approved")),
    ("returned", QT_TRANSLATE_NOOP("StatusChangesPage", "Returned by the authority…")),
)


class StatusChangesPage(Page):
    page_id = "status_changes"
    permission = Permission.READ_RECORDS

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._classes_loaded = False
        self._wanted_class: int | None = None
        lang = i18n.language()
        self.kind_combo = QComboBox(self)
        self.kind_combo.addItem(self.tr("All kinds"), None)
        for kind in lifecycle.KINDS:
            self.kind_combo.addItem(messages.kind_label(kind, lang), kind)
        self.class_combo = QComboBox(self)
        self.class_combo.addItem(self.tr("All classes"), None)
        today = QDate.currentDate()
        self.from_edit = QDateEdit(today.addYears(-1), self)
        self.to_edit = QDateEdit(today, self)
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.search_button = QPushButton(self.tr("Show"), self)
        self.search_button.clicked.connect(self.reload)
        filters = QHBoxLayout()
        for text, widget in (
            (self.tr("Kind"), self.kind_combo),
            (self.tr("Class"), self.class_combo),
            (self.tr("From"), self.from_edit),
            (self.tr("To"), self.to_edit),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addWidget(self.search_button)
        filters.addStretch(1)

        self.model = RecentChangeModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("recentChanges")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(self._open_student)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)

        self.count_label = QLabel(self)
        self.open_button = QPushButton(self.tr("Open student"), self)
        self.open_button.clicked.connect(lambda: self._open_student(self.table.currentIndex()))
        self.report_buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        actions.addWidget(self.count_label, 1)
        actions.addWidget(self.open_button)
        for status, text in _REPORT_STEPS:
            button = QPushButton(QCoreApplication.translate("StatusChangesPage", text), self)
            button.clicked.connect(lambda _=False, s=status: self.ask_report(s))
            button.setVisible(ctx.can(Permission.WRITE_RECORDS))
            self.report_buttons[status] = button
            actions.addWidget(button)
        self.busy = BusyIndicator(self.tr("Loading…"), self)
        self.error_line = ErrorLine(self)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.busy)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_line)
        layout.addLayout(actions)
        self._update_buttons()

    def title(self) -> str:
        return self.tr("Status changes")

    def help_text(self) -> str:
        return self.tr(
            "<p>The status changes recorded in the archive, newest first. Choose a"
            " kind, a class or dates and press <b>Show</b>.</p><p>Double-click a row to open the"
            " student. A new status change is recorded from the student's record.</p><p>When"
            " the change has been checked, reported to the national system or approved, mark it"
            " with the buttons below; if the authority sends it back, choose <b>Returned</b> and"
            " write their reason.</p>"
        )

    def activate(self, **args: object) -> None:
        if not self._classes_loaded:
            self.ctx.worker.run(
                lambda: events_ops.class_list(self.ctx.session),
                on_done=self._on_classes,
                on_error=self._on_error,
                context=self,
            )
        class_id = args.get("class_id")
        if isinstance(class_id, int):
            self._wanted_class = class_id
            found = self.class_combo.findData(class_id)
            if found >= 0:
                self.class_combo.setCurrentIndex(found)
        self.reload()

    def _on_classes(self, classes: list[ClassGroup]) -> None:
        self._classes_loaded = True
        for g in classes:
            self.class_combo.addItem(g.name, g.id)
        if self._wanted_class is not None:
            self.class_combo.setCurrentIndex(max(0, self.class_combo.findData(self._wanted_class)))
            self.reload()

    def current_filter(self) -> ChangeFilter:
        kind = self.kind_combo.currentData()
        cid = self.class_combo.currentData()
        return ChangeFilter(
            kind if isinstance(kind, str) else None,
            str(self.from_edit.date().toString("yyyy-MM-dd")),
            str(self.to_edit.date().toString("yyyy-MM-dd")),
            cid if isinstance(cid, int) else None,
        )

    def reload(self) -> None:
        f = self.current_filter()
        self.busy.show()
        session = self.ctx.session
        self.ctx.worker.run(
            lambda: events_ops.recent_changes(session, f),
            on_done=self._on_rows,
            on_error=self._on_error,
            context=self,
        )

    def _on_rows(self, rows: list[ChangeRow]) -> None:
        self.busy.hide()
        self.error_line.clear_message()
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.count_label.setText(self.tr("%1 status changes").replace("%1", str(len(rows))))
        self._update_buttons()

    def _selected(self) -> ChangeRow | None:
        row = self.table.currentIndex().row()
        return self.model.change(row) if 0 <= row < self.model.rowCount() else None

    def _update_buttons(self) -> None:
        change = self._selected()
        self.open_button.setEnabled(change is not None)
        for status, button in self.report_buttons.items():
            ok = change is not None and not change.revoked
            if change is not None:
                ok = ok and status in lifecycle.REPORT_TRANSITIONS.get(change.report_status, ())
            button.setEnabled(ok)

    def _open_student(self, index: QModelIndex) -> None:
        if index.isValid():
            self.ctx.go("students", student_id=self.model.change(index.row()).student_id)

    def ask_report(self, status: str) -> None:
        change = self._selected()
        if change is None:
            return
        reason = ""
        if status == "returned":
            reason, ok = QInputDialog.getText(
                self,
                self.tr("Returned by the authority"),
                self.tr("Why was it returned? (as the authority wrote it)"),
            )
            if not ok or not reason.strip():
                return
        self.set_report(change.id, status, reason)

    def set_report(self, change_id: int, status: str, reason: str = "") -> None:
        session = self.ctx.session
        self.ctx.worker.run(
            lambda: events_ops.set_report_status(session, change_id, status, reason),
            on_done=lambda _: self.reload(),
            on_error=self._on_error,
            context=self,
        )

    def _on_error(self, error: BaseException) -> None:
        self.busy.hide()
        self.error_line.show_message(error_sentence(error))
