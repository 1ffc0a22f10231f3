"""The students page: the list (search as you type, filters, sort) and opened records and forms.

The list never holds the school: each change of the search text (after a short pause), of a
filter or of the sort column asks the archive for the first ``PAGE_SIZE`` matching students and
their count, on the worker (services/student_list.py: one indexed query). Answers can arrive out
of order; each query carries a sequence number and only the newest answer is shown.

Records (RecordView) and entry forms (helper D's StudentForm) open as further closable tabs.
The filter lists are in students_filters.py, the table's set-up, column layout and count line in
students_table.py.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.errors import XuejiError
from xueji_desktop.core.roles import Permission
from xueji_desktop.services.student_list import ListPage, ListQuery
from xueji_desktop.ui import student_ops
from xueji_desktop.ui.i18n import error_text
from xueji_desktop.ui.pages import Page, PageContext
from xueji_desktop.ui.print_dialog import PrintDialog
from xueji_desktop.ui.print_kinds import PrintTarget
from xueji_desktop.ui.record_view import RecordView, partner
from xueji_desktop.ui.student_model import COLUMNS, SORT_KEY, StudentTableModel
from xueji_desktop.ui.students_filters import FILTER_KEYS, StudentFilters, chosen
from xueji_desktop.ui.students_table import HEADER_KEY, ColumnLayout, count_text, student_table
from xueji_desktop.ui.widgets import ErrorLine

# HEADER_KEY moved to students_table.py with the column layout; tests still import it from here.
__all__ = ["DEBOUNCE_MS", "HEADER_KEY", "PAGE_SIZE", "SORT_COLUMNS", "StudentsPage"]

PAGE_SIZE = 200  # a clerk reads a screenful; more rows only cost time per keystroke
DEBOUNCE_MS = 150


class StudentsPage(Page):
    page_id = "students"
    permission = Permission.READ_RECORDS

    listUpdated = Signal(int, int)  # rows shown, total (after every answer that is shown)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._seq = 0  # the newest query asked; older answers are dropped
        self._sort = ("student_no", False)
        self._ids: tuple[int, ...] | None = None
        self._choices_loaded = False
        self.last_page: ListPage | None = None
        # Restoring a saved header re-emits its sort order while the page is being built: the
        # order is taken then, the first query waits for activate().
        self._ready = False
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("studentTabs")
        self.tabs.setTabsClosable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        outer.addWidget(self.tabs)

        self.list_tab = QWidget(self.tabs)
        layout = QVBoxLayout(self.list_tab)
        layout.setContentsMargins(10, 8, 10, 6)
        row = QHBoxLayout()
        self.search_edit = QLineEdit(self.list_tab)
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(
            self.tr("Student no., name, pinyin initials (e.g. zw) or part of the ID number")
        )
        find_label = QLabel(self.tr("Find:"), self.list_tab)
        find_label.setBuddy(self.search_edit)
        row.addWidget(find_label)
        row.addWidget(self.search_edit, 1)
        self.new_button = QPushButton(self.tr("New student"), self.list_tab)
        self.new_button.setObjectName("newStudentButton")
        self.new_button.clicked.connect(lambda: self.open_form(None))
        self.new_button.setVisible(
            ctx.can(Permission.WRITE_RECORDS) and partner("student_form", "StudentForm") is not None
        )
        row.addWidget(self.new_button)
        layout.addLayout(row)

        filters = QHBoxLayout()
        self.filters = StudentFilters(self.list_tab, filters, lambda: self.refresh())
        self.class_combo = self.filters.class_combo
        self.major_combo = self.filters.major_combo
        self.intake_combo = self.filters.intake_combo
        self.status_combo = self.filters.status_combo
        self.report_combo = self.filters.report_combo
        self.clear_button = QPushButton(self.tr("Clear filters"), self.list_tab)
        self.clear_button.clicked.connect(self.clear_filters)
        filters.addWidget(self.clear_button)
        layout.addLayout(filters)

        self.caption = QLabel(self.list_tab)
        self.caption.setObjectName("listCaption")
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setStyleSheet("color: #5c3d00; background: #fff4d6; padding: 4px 8px;")
        self.caption.hide()
        layout.addWidget(self.caption)
        self.error_line = ErrorLine(self.list_tab)
        layout.addWidget(self.error_line)

        self.model = StudentTableModel(self)
        self.model.sortRequested.connect(self._sort_by)
        self.table = student_table(self.model, self.list_tab)
        self.columns = ColumnLayout(self.table)
        self._restored = self.columns.restore()
        self.table.setSortingEnabled(True)
        self.columns.watch()
        self.table.activated.connect(lambda index: self._open_row(index.row()))
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        layout.addWidget(self.table, 1)
        self.count_label = QLabel(self.list_tab)
        self.count_label.setObjectName("countLabel")
        layout.addWidget(self.count_label)
        self.tabs.addTab(self.list_tab, self.tr("Student list"))
        self.tabs.tabBar().setTabButton(0, self.tabs.tabBar().ButtonPosition.RightSide, None)

        self.print_button = QPushButton(self.tr("Issue documents…"), self.tabs)
        self.print_button.setObjectName("printButton")
        self.print_button.clicked.connect(self.print_documents)
        self.print_button.setVisible(ctx.can(Permission.PRINT))
        # 制作档案包 for the selected students (转出/档案移交): the exchange page's dialog.
        self.package_button = QPushButton(self.tr("Record package…"), self.tabs)
        self.package_button.setObjectName("packageButton")
        self.package_button.clicked.connect(self.make_package)
        self.package_button.setVisible(ctx.can(Permission.EXPORT))
        corner = QWidget(self.tabs)
        corner_layout = QHBoxLayout(corner)
        corner_layout.setContentsMargins(0, 0, 0, 0)
        corner_layout.addWidget(self.package_button)
        corner_layout.addWidget(self.print_button)
        self.tabs.setCornerWidget(corner)

        self.search_edit.textChanged.connect(lambda _text: self._debounce.start())
        self._ready = True
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self._focus_search)

    # -- Page ---------------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Students")

    def help_text(self) -> str:
        return self.tr(
            "<p>Type a student no., a name, the first letters of the name in pinyin (e.g."
            " zw) or part of the ID number: the list follows as you type. The lists above"
            " narrow it by class, major, intake, status and report state. Click a column"
            " title to sort.</p>"
            "<p>Double-click a student (or press Enter) to open the record. The list shows at most"
            " 200 students at a time: type more to find the others.</p>"
        )

    def activate(self, **args: object) -> None:
        if not self._choices_loaded:
            self._load_choices()
        ids = args.get("student_ids")
        if isinstance(ids, list | tuple):
            self._ids = tuple(int(i) for i in ids)
            self.caption.setText(str(args.get("caption", "")))
            self.caption.setVisible(bool(self.caption.text()))
        elif args:
            self._ids = None
            self.caption.hide()
        if "search" in args:
            self.search_edit.blockSignals(True)
            self.search_edit.setText(str(args["search"]))
            self.search_edit.blockSignals(False)
        presets = {k: v for k, v in args.items() if k in FILTER_KEYS}
        if presets:
            self.filters.pending = presets
            self._apply_pending_filters()
        self.tabs.setCurrentIndex(0)
        self.refresh()
        if isinstance(args.get("student_id"), int):
            self.open_record(int(args["student_id"]))  # type: ignore[arg-type]
        if args.get("new"):
            self.open_form(None)

    def has_unsaved_changes(self) -> bool:
        return any(w.has_unsaved_changes() for w in self._forms())

    # -- the list -----------------------------------------------------------------------------

    def query(self) -> ListQuery:
        return ListQuery(
            text=self.search_edit.text(),
            class_group_id=chosen(self.class_combo),
            major_code=chosen(self.major_combo),
            intake_year=chosen(self.intake_combo),
            status=chosen(self.status_combo),
            report_status=chosen(self.report_combo),
            student_ids=self._ids,
            sort=self._sort[0],
            descending=self._sort[1],
            limit=PAGE_SIZE,
        )

    def refresh(self) -> None:
        """Ask for the list as the search, filters and sort now say; newer asks win."""
        self._debounce.stop()
        self._seq += 1
        seq, session, query = self._seq, self.ctx.session, self.query()
        self.ctx.worker.run(
            lambda: student_ops.load_page(session, query),
            on_done=lambda page: self._on_page(seq, page),
            on_error=lambda exc: self._on_error(seq, exc),
            context=self,
        )

    def _on_page(self, seq: int, page: ListPage) -> None:
        if seq != self._seq:
            return  # a newer query is on its way: this answer is stale
        self.error_line.clear_message()
        first = self.last_page is None
        self.last_page = page
        self.model.set_rows(page.rows)
        if first and not self._restored:
            self.columns.fit()
        self._show_count(page)
        self.listUpdated.emit(len(page.rows), page.total)

    def _on_error(self, seq: int, error: BaseException) -> None:
        if seq != self._seq:
            return
        if isinstance(error, XuejiError):
            self.error_line.show_message(error_text(error))
        else:
            self.error_line.show_message(
                self.tr(
                    "The student list could not be loaded because of an unexpected problem. "
                    "Try again; if it happens again, contact the administrator."
                )
            )

    def _show_count(self, page: ListPage) -> None:
        searched = bool(self.search_edit.text().strip()) or self.filters.any_chosen()
        self.count_label.setText(count_text(page, searched or self._ids is not None))

    def _sort_by(self, key: str, descending: bool) -> None:
        if (key, descending) != self._sort:
            self._sort = (key, descending)
            if self._ready:
                self.refresh()

    def clear_filters(self) -> None:
        self.filters.clear()
        self._ids = None
        self.caption.hide()
        self.refresh()

    def _focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _load_choices(self) -> None:
        self._choices_loaded = True
        session = self.ctx.session
        self.ctx.worker.run(
            lambda: student_ops.filter_choices(session),
            on_done=self._fill_choices,
            on_error=lambda exc: self._on_error(self._seq, exc),
            context=self,
        )

    def _fill_choices(self, choices: student_ops.FilterChoices) -> None:
        self.filters.fill(choices)
        self._apply_pending_filters()

    def _apply_pending_filters(self) -> None:
        if self.filters.apply_pending():
            self.refresh()

    def make_package(self) -> None:
        """The open record's student (like 出具文书), else the students selected in the list,
        go to the record package dialog."""
        widget = self.tabs.currentWidget()
        if isinstance(widget, RecordView) and widget.record:
            record = widget.record
            label = f"{record.get('name') or ''}　{record.get('student_no') or ''}".strip()
            status = str(record.get("status") or "")
            self.ctx.go("exchange", transfer_students=[(widget.student_id, label, status)])
            return
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        picked = [self.model.row_at(r) for r in rows if 0 <= r < self.model.rowCount()]
        if not picked:
            # The error line lives on the list tab: bring it to the front, or the clerk
            # (say, on an entry form) sees nothing happen.
            self.tabs.setCurrentIndex(0)
            self.error_line.show_message(self.tr("Select students in the list first."))
            return
        self.error_line.clear_message()
        # the status goes along: the package dialog says at once whom a 转出 package refuses
        students = [(p.id, f"{p.name}　{p.student_no or ''}".strip(), p.status) for p in picked]
        self.ctx.go("exchange", transfer_students=students)

    def print_documents(self) -> PrintDialog | None:
        """出具文书 for the open record, or for the students selected in the list."""
        widget = self.tabs.currentWidget()
        if isinstance(widget, RecordView) and widget.record:
            record = widget.record
            target = PrintTarget(
                f"{record.get('student_no') or ''} {record.get('name') or ''}".strip(),
                (widget.student_id,),
                statuses=(str(record.get("status") or ""),),
            )
        else:
            rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
            if not rows and self.table.currentIndex().isValid():
                rows = [self.table.currentIndex().row()]
            picked = [self.model.row_at(r) for r in rows if 0 <= r < self.model.rowCount()]
            if not picked:
                self.error_line.show_message(self.tr("Select students in the list first."))
                return None
            label = (
                f"{picked[0].student_no} {picked[0].name}".strip()
                if len(picked) == 1
                else self.tr("%1 students").replace("%1", str(len(picked)))
            )
            target = PrintTarget(
                label, tuple(p.id for p in picked), statuses=tuple(p.status for p in picked)
            )
        dialog = PrintDialog(self.ctx, target, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # -- records and forms --------------------------------------------------------------------

    def _open_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.open_record(self.model.row_at(row).id, self.model.row_at(row).name)

    def open_record(self, student_id: int, name: str = "") -> RecordView:
        for index in range(1, self.tabs.count()):
            widget = self.tabs.widget(index)
            if isinstance(widget, RecordView) and widget.student_id == student_id:
                self.tabs.setCurrentIndex(index)
                return widget
        view = RecordView(self.ctx, student_id, self.tabs)
        view.editRequested.connect(self.open_form)
        view.changed.connect(lambda _sid: self.refresh())
        view.loaded.connect(lambda key, v=view: self._name_tab(v) if key == "header" else None)
        index = self.tabs.addTab(view, name or self.tr("Record"))
        self.tabs.setCurrentIndex(index)
        return view

    def _name_tab(self, view: RecordView) -> None:
        index = self.tabs.indexOf(view)
        if index > 0:
            self.tabs.setTabText(index, view.record.get("name", "") or self.tr("Record"))

    def open_form(self, student_id: int | None) -> QWidget | None:
        form_cls = partner("student_form", "StudentForm")
        if form_cls is None or not self.ctx.can(Permission.WRITE_RECORDS):
            return None
        for form in self._forms():
            if student_id is not None and getattr(form, "student_id", None) == student_id:
                self.tabs.setCurrentWidget(form)
                return form
        form = form_cls(self.ctx, student_id, self.tabs)
        form.saved.connect(self._form_saved)
        form.saved.connect(
            lambda _sid, f=form: self.tabs.setTabText(self.tabs.indexOf(f), self.tr("Edit record"))
        )
        form.closeRequested.connect(lambda f=form: self._remove_tab(f))
        title = self.tr("New student") if student_id is None else self.tr("Edit record")
        self.tabs.setCurrentIndex(self.tabs.addTab(form, title))
        return form

    def _form_saved(self, student_id: int) -> None:
        self.refresh()
        for index in range(1, self.tabs.count()):
            widget = self.tabs.widget(index)
            if isinstance(widget, RecordView) and widget.student_id == student_id:
                widget.reload()

    def _forms(self) -> list[Any]:
        return [
            self.tabs.widget(i)
            for i in range(1, self.tabs.count())
            if hasattr(self.tabs.widget(i), "maybe_close")
        ]

    def close_tab(self, index: int) -> None:
        if index <= 0:
            return  # the list stays
        widget = self.tabs.widget(index)
        if hasattr(widget, "maybe_close") and not widget.maybe_close():
            return
        self._remove_tab(widget)

    def _remove_tab(self, widget: QWidget) -> None:
        index = self.tabs.indexOf(widget)
        if index > 0:
            self.tabs.removeTab(index)
            widget.deleteLater()


# A column's sort key (for services.student_list) by header position; see student_model.SORT_KEY.
SORT_COLUMNS = tuple(SORT_KEY.get(f, f) for f, _ in COLUMNS)
