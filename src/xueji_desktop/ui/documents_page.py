"""发放登记: every document the archive issued, newest first; void one with a reason; verify.

Clerks void a document that must not count any more (lost, wrong, replaced by hand); the register
keeps the row with its reason. Viewers read the register only. The 500 newest entries (of one
kind or one student, when filtered) are loaded on the worker; typing in 查找 narrows those rows.
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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

from xueji_desktop.core.roles import Permission
from xueji_desktop.services.documents import RegisterEntry
from xueji_desktop.services.documents_kinds import ISSUED_KINDS
from xueji_desktop.ui import print_ops
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import Page, PageContext
from xueji_desktop.ui.print_dialog import PrintDialog
from xueji_desktop.ui.print_kinds import PrintTarget, kind_label
from xueji_desktop.ui.record_actions import ask_reason
from xueji_desktop.ui.table_model import QT_TRANSLATE_NOOP, RowTableModel
from xueji_desktop.ui.verify_dialog import VerifyDialog, local_time
from xueji_desktop.ui.widgets import BusyIndicator, ErrorLine

HEADERS = (
    QT_TRANSLATE_NOOP("RegisterTableModel", "Serial number"),
    QT_TRANSLATE_NOOP("RegisterTableModel", "Document"),
    QT_TRANSLATE_NOOP("RegisterTableModel", "For"),
    QT_TRANSLATE_NOOP("RegisterTableModel", "Purpose"),
    QT_TRANSLATE_NOOP("RegisterTableModel", "Issued by"),
    QT_TRANSLATE_NOOP("RegisterTableModel", "Issued on"),
    QT_TRANSLATE_NOOP("RegisterTableModel", "State"),
)
SUBJECT_COLUMN = 2


class RegisterTableModel(RowTableModel):
    CONTEXT = "RegisterTableModel"
    HEADERS = HEADERS

    def entry(self, row: int) -> RegisterEntry:
        item: RegisterEntry = self.row_at(row)
        return item

    def state(self, e: RegisterEntry) -> str:
        if e.voided_at:
            return self.tr("Void: %1").replace("%1", e.void_reason or "—")
        if e.superseded_by:
            return self.tr("Replaced by %1").replace("%1", e.superseded_by)
        return self.tr("Valid")

    def cell(self, item: RegisterEntry, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            values = (item.serial, kind_label(item.kind), item.subject, item.purpose,
                      item.issued_by, local_time(item.issued_at), self.state(item))  # fmt: skip
            return values[column]
        if role == Qt.ItemDataRole.UserRole:  # sort key: time as stored, text otherwise
            return item.issued_at if column == 5 else self.cell(item, column, 0)
        if role == Qt.ItemDataRole.ForegroundRole and not item.current:
            return Qt.GlobalColor.darkGray
        return None


class DocumentsPage(Page):
    page_id = "documents"
    permission = Permission.READ_RECORDS

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._student_id: int | None = None
        self._seq = 0
        self.model = RegisterTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("registerKind")
        self.kind_combo.addItem(self.tr("All documents"), "")
        for kind in ISSUED_KINDS:
            self.kind_combo.addItem(kind_label(kind), kind)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.find_edit = QLineEdit(self)
        self.find_edit.setObjectName("registerFind")
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.setPlaceholderText(self.tr("Student no., name or serial number"))
        self.find_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.verify_button = QPushButton(self.tr("Check a document…"), self)
        self.verify_button.setObjectName("verifyButton")
        self.verify_button.clicked.connect(self.open_verify)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Document:"), self))
        top.addWidget(self.kind_combo)
        top.addWidget(QLabel(self.tr("Find:"), self))
        top.addWidget(self.find_edit, 1)
        top.addWidget(self.verify_button)
        self.year_button = QPushButton(self.tr("Graduates of a year…"), self)
        self.year_button.setObjectName("yearButton")
        self.year_button.setToolTip(
            self.tr("Issue a document for every graduate of one year, class by class")
        )
        self.year_button.clicked.connect(lambda: self.print_year())
        self.year_button.setVisible(ctx.can(Permission.PRINT))
        top.addWidget(self.year_button)

        self.caption = QLabel(self)
        self.caption.setObjectName("registerCaption")
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setStyleSheet("color: #5c3d00; background: #fff4d6; padding: 4px 8px;")
        self.show_all_button = QPushButton(self.tr("Show all students"), self)
        self.show_all_button.clicked.connect(self.show_all_students)
        caption_row = QHBoxLayout()
        caption_row.addWidget(self.caption, 1)
        caption_row.addWidget(self.show_all_button)

        self.table = QTableView(self)
        self.table.setObjectName("registerTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(
            -1, Qt.SortOrder.AscendingOrder
        )  # the service's order: newest first
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())

        self.count_label = QLabel(self)
        self.void_button = QPushButton(self.tr("Declare void…"), self)
        self.void_button.setObjectName("voidButton")
        self.void_button.clicked.connect(self.void_selected)
        self.void_button.setVisible(ctx.can(Permission.PRINT))
        self.busy = BusyIndicator(self.tr("Loading…"), self)
        self.error_line = ErrorLine(self)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.void_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(caption_row)
        layout.addWidget(self.busy)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_line)
        layout.addLayout(bottom)
        self._show_caption("")
        self._update_buttons()

    # -- Page -------------------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Issue register")

    def help_text(self) -> str:
        text = self.tr(
            "<p>Every document printed or saved from this archive is listed here with its "
            "serial number, for whom it was made, the purpose, who issued it and when. The "
            "newest come first. Choose a kind of document or type a student no., a name or a "
            "serial number to narrow the list.</p>"
            "<p><b>Check a document…</b> tells whether a paper brought to you was issued by "
            "this archive and is unchanged: type its serial number or scan its QR code.</p>"
        )
        if self.ctx.can(Permission.PRINT):
            text += self.tr(
                "<p><b>Declare void…</b>: a document that must no longer count (lost, wrong, "
                "replaced) is marked void with a reason. It stays in the list; a check of it "
                "then says it is no longer valid.</p>"
            )
        return text

    def activate(self, **args: object) -> None:
        student = args.get("student_id")
        if isinstance(student, int):
            self._student_id = student
            self._show_caption(str(args.get("caption", "")) or self.tr("One student"))
        self.reload()

    # -- loading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        self._seq += 1
        seq, session = self._seq, self.ctx.session
        student, kind = self._student_id, str(self.kind_combo.currentData() or "") or None
        self.busy.show()
        self.ctx.worker.run(
            lambda: print_ops.register_entries(session, student, kind),
            on_done=lambda rows: self._on_rows(seq, rows),
            on_error=self._on_error,
            context=self,
        )

    def _on_rows(self, seq: int, rows: list[RegisterEntry]) -> None:
        if seq != self._seq:
            return
        self.busy.hide()
        self.error_line.clear_message()
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.count_label.setText(self.tr("%1 documents").replace("%1", str(len(rows))))
        self._update_buttons()

    def _show_caption(self, text: str) -> None:
        self.caption.setText(self.tr("Only the documents of: %1").replace("%1", text))
        self.caption.setVisible(bool(text))
        self.show_all_button.setVisible(bool(text))

    def show_all_students(self) -> None:
        self._student_id = None
        self._show_caption("")
        self.reload()

    def selected(self) -> RegisterEntry | None:
        index = self.proxy.mapToSource(self.table.currentIndex())
        return self.model.entry(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        entry = self.selected()
        self.void_button.setEnabled(entry is not None and entry.voided_at is None)

    # -- actions ----------------------------------------------------------------------------------

    def void_selected(self) -> None:
        entry = self.selected()
        if entry is None or not self.ctx.can(Permission.PRINT):
            return
        reason = ask_reason(
            self,
            self.tr("Declare void"),
            self.tr(
                "Declare the document %1 (%2) void? It stays in the register, but a check of "
                "it will say it is no longer valid. Why is it void (e.g. lost, printed wrongly)?"
            )
            .replace("%1", entry.serial)
            .replace("%2", entry.subject),
        )
        if reason is None:
            return
        session, serial = self.ctx.session, entry.serial
        self.void_button.setEnabled(False)
        self.ctx.worker.run(
            lambda: print_ops.void_documents(session, [serial], reason),
            on_done=lambda _r: self.reload(),
            on_error=self._on_error,
            context=self,
        )

    def print_year(self, year: int | None = None) -> PrintDialog | None:
        """出具文书 for every graduate of one 届 (e.g. all transcripts of the 2026届)."""
        if year is None:
            today = datetime.date.today().year
            year, ok = QInputDialog.getInt(
                self, self.tr("Graduates of a year"), self.tr("Year of graduation:"),
                today, 1949, today + 1,
            )  # fmt: skip
            if not ok:
                return None
        label = self.tr("Graduates of %1").replace("%1", str(year))
        target = PrintTarget(label, statuses=("graduated",), graduation_year=year)
        dialog = PrintDialog(self.ctx, target, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_verify(self) -> VerifyDialog:
        dialog = VerifyDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _on_error(self, exc: BaseException) -> None:
        self.busy.hide()
        self._update_buttons()
        self.error_line.show_message(error_sentence(exc))
