"""One student's record: a header (photo, name, 学号, status, actions) and read-only tabs.

Opening it reads the record once on the worker (header and 基本信息 come from the same read);
every other tab loads on the worker the first time it is shown, so opening stays fast on a large
archive. Actions (编辑, 学籍异动, 确认/上报/更正/作废 from RecordActions) come from the partners'
modules; after any of them the view reloads what it has shown. The tabs' widgets are in
record_tabs.py and record_files.py, the list tabs' columns and rows in record_lists.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.errors import XuejiError
from xueji_desktop.core.roles import Permission
from xueji_desktop.ui import student_ops
from xueji_desktop.ui.audit_touched import may_see, open_who_touched
from xueji_desktop.ui.i18n import error_text
from xueji_desktop.ui.makeup_dialogs import GradesTab
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.record_discipline import DisciplineTab
from xueji_desktop.ui.record_files import FilesTab, ScanViewer
from xueji_desktop.ui.record_links import RecordEvents, partner, record_events
from xueji_desktop.ui.record_lists import (
    attendance_headers,
    attendance_rows,
    conduct_headers,
    conduct_rows,
    discipline_headers,
    discipline_rows,
    file_headers,
    grade_headers,
    grade_rows,
    history_headers,
)
from xueji_desktop.ui.record_tabs import (
    BasicInfoTab,
    RowsModel,
    family_rows,
    fit,
    history_rows,
    rows_table,
    status_texts,
)
from xueji_desktop.ui.widgets import ErrorLine

# partner, record_events, RecordEvents (record_links.py) and ScanViewer (record_files.py) lived
# here first; other modules still import them from this one.
__all__ = ["RecordEvents", "RecordView", "ScanViewer", "partner", "record_events"]


BUTTONS_PER_ROW = 4


class RecordView(QWidget):
    """The record of one student. ``editRequested`` asks the page for an entry form tab."""

    editRequested = Signal(int)
    changed = Signal(int)  # the record changed (an action, a scan): the list may need a refresh
    loaded = Signal(str)  # a tab's key once its data is shown ("header" for the header)

    TABS = (
        "basic",
        "family",
        "status_changes",
        "grades",
        "discipline",
        "conduct",
        "attachments",
        "history",
    )

    def __init__(self, ctx: PageContext, student_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.student_id = student_id
        self.record: dict[str, Any] = {}
        self._loaded: set[str] = set()
        self.setObjectName("recordView")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)

        header = QHBoxLayout()
        photo_cls = partner("photo", "PhotoBox")
        self.photo: QWidget
        if photo_cls is not None:
            self.photo = photo_cls(ctx, self)
        else:
            self.photo = QLabel(self.tr("Photo"), self)
            self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.photo.setStyleSheet("border: 1px solid #bbb; color: #888; background: #f6f6f6;")
            self.photo.setFixedSize(96, 128)  # the ID-photo ratio; PhotoBox sizes itself
        header.addWidget(self.photo)
        facts = QVBoxLayout()
        self.name_label = QLabel(self)
        self.name_label.setObjectName("recordName")
        font = QFont(self.name_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.name_label.setFont(font)
        self.number_label = QLabel(self)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("recordStatus")
        for label in (self.name_label, self.number_label, self.status_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
            facts.addWidget(label)
        facts.addStretch(1)
        header.addLayout(facts, 1)
        # The actions wrap after BUTTONS_PER_ROW: one row of them made the English window wider
        # than a 1366- or 1440-pixel screen.
        self.buttons = QGridLayout()
        self.buttons.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
        header.addLayout(self.buttons)
        layout.addLayout(header)
        self.error_line = ErrorLine(self)
        layout.addWidget(self.error_line)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("recordTabs")
        layout.addWidget(self.tabs, 1)
        self.basic = BasicInfoTab(self)
        self.family_model = RowsModel([], self)
        self.grades_model = RowsModel(grade_headers(), self)
        self.discipline_model = RowsModel(discipline_headers(), self)
        self.conduct_model = RowsModel(conduct_headers(), self)
        self.attendance_model = RowsModel(attendance_headers(), self)
        self.files_model = RowsModel(file_headers(), self)
        self.history_model = RowsModel(history_headers(), self)
        self.files_tab = FilesTab(self.files_model, self)
        self.files_tab.viewRequested.connect(self.view_scan)
        self.files_tab.addRequested.connect(self.add_scan)
        # 成绩 and 奖惩 carry the entry buttons (补考/重修; 奖励/处分 and their ends) for clerks.
        self.grades_tab = GradesTab(ctx, self.grades_model, self)
        self.grades_tab.changed.connect(self._after_action)
        self.discipline_tab = DisciplineTab(ctx, student_id, self.discipline_model, self)
        self.discipline_tab.changed.connect(self._after_action)
        self.status_changes: QWidget | None = None
        self._build_tabs()
        self.tabs.currentChanged.connect(self._tab_shown)
        self._build_buttons()
        self.reload()

    # -- building -------------------------------------------------------------------------

    def _build_tabs(self) -> None:
        self.tabs.addTab(self.basic, self.tr("Basic information"))
        self.tabs.addTab(rows_table(self.family_model, self), self.tr("Family members"))
        change_list = partner("status_change_list", "StatusChangeList")
        if change_list is not None:
            self.status_changes = change_list(self.ctx, self)
            self.status_changes.changed.connect(self._after_action)
            self.tabs.addTab(self.status_changes, self.tr("Status changes"))
        self.tabs.addTab(self.grades_tab, self.tr("Grades"))
        self.tabs.addTab(self.discipline_tab, self.tr("Rewards and punishments"))
        conduct = QSplitter(Qt.Orientation.Vertical, self)
        conduct.addWidget(rows_table(self.conduct_model, conduct))
        conduct.addWidget(rows_table(self.attendance_model, conduct))
        self.tabs.addTab(conduct, self.tr("Conduct"))
        self.tabs.addTab(self.files_tab, self.tr("Attachments"))
        self.tabs.addTab(rows_table(self.history_model, self), self.tr("History"))

    def tab_key(self, index: int) -> str:
        keys = [k for k in self.TABS if k != "status_changes" or self.status_changes is not None]
        return keys[index] if 0 <= index < len(keys) else ""

    def show_tab(self, key: str) -> None:
        keys = [k for k in self.TABS if k != "status_changes" or self.status_changes is not None]
        self.tabs.setCurrentIndex(keys.index(key))

    def _place(self, button: QWidget) -> None:
        n = self.buttons.count()
        self.buttons.addWidget(button, n // BUTTONS_PER_ROW, n % BUTTONS_PER_ROW)

    def _build_buttons(self) -> None:
        while self.buttons.count():
            item = self.buttons.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        transferred = partner("transfer_records_view", "TransferredRecordsButton")
        if transferred is not None and self.record:  # shown once a package brought records
            button = transferred(self.ctx, self.student_id, self.record.get("name", ""), self)
            self._place(button)
        if may_see(self.ctx):  # admins: every audit entry touching this student
            touched = QPushButton(self.tr("Who touched this record…"), self)
            touched.setObjectName("whoTouchedButton")
            touched.clicked.connect(lambda: open_who_touched(
                self.ctx, self.student_id, self.record.get("name", ""), self))  # fmt: skip
            self._place(touched)
        if not self.ctx.can(Permission.WRITE_RECORDS) or self.record.get("voided"):
            return
        self.edit_button = QPushButton(self.tr("Edit"), self)
        self.edit_button.setObjectName("editButton")
        self.edit_button.clicked.connect(lambda: self.editRequested.emit(self.student_id))
        self._place(self.edit_button)
        if partner("status_change_dialog", "StatusChangeDialog") is not None:
            change = QPushButton(self.tr("Status change…"), self)
            change.setObjectName("statusChangeButton")
            change.clicked.connect(self._status_change)
            self._place(change)
        actions_cls = partner("record_actions", "RecordActions")
        if actions_cls is not None and self.record:
            self._actions = actions_cls(self.ctx, self)
            self._actions.done.connect(self._after_action)
            actions = self._actions.actions_for(self.record)
            for action in [*actions, *self._actions.document_actions(self.record)]:
                button = QToolButton(self)
                button.setDefaultAction(action)
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
                self._place(button)

    # -- loading --------------------------------------------------------------------------

    def _run(self, fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self.ctx.worker.run(fn, on_done=done, on_error=self._failed, context=self)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, XuejiError):
            self.error_line.show_message(error_text(error))
        else:
            self.error_line.show_message(
                self.tr(
                    "This part of the record could not be shown because of an unexpected problem."
                    " Close the record and open it again; if it happens again, contact the"
                    " administrator."
                )
            )

    def reload(self) -> None:
        """Read the record again; tabs already shown are read again when next shown."""
        self._loaded.clear()
        session, sid = self.ctx.session, self.student_id
        self._run(lambda: student_ops.open_record(session, sid), self._show_record)

    def _show_record(self, record: dict[str, Any]) -> None:
        self.record = record
        self.error_line.clear_message()
        self.name_label.setText(record.get("name", ""))
        number = record.get("student_no") or self.tr("(no student no. yet)")
        self.number_label.setText(self.tr("Student no.: %1").replace("%1", number))
        status, report = status_texts(record)
        text = self.tr("Status: %1 · Report status: %2").replace("%1", status)
        if record.get("voided"):
            text += " · " + self.tr("VOIDED")
        self.status_label.setText(text.replace("%2", report))
        if hasattr(self.photo, "load"):
            self.photo.load(self.student_id)
        self.basic.show_record(record)
        headers, rows = family_rows(record.get("family_members", []))
        self.family_model.set_headers(headers)
        self.family_model.set_rows(rows)
        self._loaded.update({"basic", "family"})
        self._build_buttons()
        writable = not record.get("voided")
        self.grades_tab.set_writable(writable)
        self.discipline_tab.set_writable(writable)
        self.loaded.emit("header")
        self._tab_shown(self.tabs.currentIndex())

    def _tab_shown(self, index: int) -> None:
        key = self.tab_key(index)
        if not key or key in self._loaded or not self.record:
            return
        self._loaded.add(key)
        session, sid = self.ctx.session, self.student_id
        if key == "status_changes" and self.status_changes is not None:
            self.status_changes.load(sid)
            self.loaded.emit(key)
            return
        loaders: dict[str, tuple[Callable[[], Any], Callable[[Any], None]]] = {
            "grades": (lambda: student_ops.load_grades(session, sid), self._show_grades),
            "discipline": (
                lambda: student_ops.load_discipline(session, sid),
                self._show_discipline,
            ),
            "conduct": (lambda: student_ops.load_conduct(session, sid), self._show_conduct),
            "attachments": (
                lambda: student_ops.load_attachments(session, sid),
                self._show_attachments,
            ),
            "history": (lambda: student_ops.load_history(session, sid), self._show_history),
        }
        if key in loaders:
            fn, done = loaders[key]
            self._run(fn, lambda data, done=done, key=key: (done(data), self.loaded.emit(key)))

    # -- tabs -----------------------------------------------------------------------------

    def _show_grades(self, rows: list[Any]) -> None:
        self.grades_model.set_rows(grade_rows(rows))
        self.grades_tab.set_rows(rows)
        self._fit(self.grades_model)

    def _show_discipline(self, rows: list[Any]) -> None:
        self.discipline_model.set_rows(discipline_rows(rows))
        self.discipline_tab.set_rows(rows)
        self._fit(self.discipline_model)

    def _show_conduct(self, tab: student_ops.ConductTab) -> None:
        self.conduct_model.set_rows(conduct_rows(tab))
        self.attendance_model.set_rows(attendance_rows(tab))

    def _show_attachments(self, tab: student_ops.AttachmentsTab) -> None:
        self.files_tab.show_files(tab, can_add=self.ctx.can(Permission.WRITE_RECORDS))

    def _show_history(self, rows: list[Any]) -> None:
        self.history_model.set_rows(history_rows(rows))
        self._fit(self.history_model)

    def _fit(self, model: RowsModel) -> None:
        for view in self.findChildren(QTableView):
            if view.model() is model:
                fit(view)

    # -- actions --------------------------------------------------------------------------

    def _status_change(self) -> None:
        dialog_cls = partner("status_change_dialog", "StatusChangeDialog")
        dialog = dialog_cls(self.ctx, self.student_id, self)
        dialog.recorded.connect(self._after_action)
        dialog.open()

    def _after_action(self, *_: object) -> None:
        self.reload()
        self.changed.emit(self.student_id)
        record_events().changed.emit(self.student_id)

    def view_scan(self, attachment_id: int, title: str) -> None:
        session = self.ctx.session
        self._run(
            lambda: student_ops.read_scan(session, attachment_id),
            lambda got: self._open_viewer(title, got[1]),
        )

    def _open_viewer(self, title: str, data: bytes) -> None:
        viewer = ScanViewer(title, data, self)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.show()

    def add_scan(self, doc_types: list[tuple[str, str]]) -> None:
        """Ask which document and which file; the file is read on the worker."""
        names = [name for _, name in doc_types]
        chosen, ok = QInputDialog.getItem(
            self, self.tr("Add a scan"), self.tr("Which document is it?"), names, 0, False
        )
        if not ok:
            return
        doc_type = doc_types[names.index(chosen)][0]
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose the scanned file"),
            "",
            self.tr("Scans (*.jpg *.jpeg *.png *.tif *.tiff *.pdf)"),
        )
        if not path:
            return
        session, sid = self.ctx.session, self.student_id
        self._run(
            lambda: student_ops.add_scan(session, sid, doc_type, Path(path)),
            lambda _id: self._after_action(),
        )
