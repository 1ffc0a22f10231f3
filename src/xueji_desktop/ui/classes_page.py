"""班级: every class with its major, intake year, 届, 班主任 and head-counts by 学籍状态.

A class opens its students on the students page; clerks start a batch 毕业 / 结业 for a
graduating class from here (ui/batch_change.py).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.roles import Permission
from xueji_desktop.ui import events_ops
from xueji_desktop.ui.batch_change import BatchGraduationDialog
from xueji_desktop.ui.destinations_dialog import destinations_button
from xueji_desktop.ui.events_ops import ClassRow
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import Page, PageContext
from xueji_desktop.ui.print_dialog import PrintDialog
from xueji_desktop.ui.print_kinds import PrintTarget
from xueji_desktop.ui.table_model import QT_TRANSLATE_NOOP, RowTableModel
from xueji_desktop.ui.widgets import BusyIndicator, ErrorLine

_CTX = "ClassTableModel"


HEADERS = (
    QT_TRANSLATE_NOOP("ClassTableModel", "Class"),
    QT_TRANSLATE_NOOP("ClassTableModel", "Major"),
    QT_TRANSLATE_NOOP("ClassTableModel", "Intake year"),
    QT_TRANSLATE_NOOP("ClassTableModel", "Graduating year"),
    QT_TRANSLATE_NOOP("ClassTableModel", "Head teacher"),
    QT_TRANSLATE_NOOP("ClassTableModel", "Enrolled"),
    QT_TRANSLATE_NOOP("ClassTableModel", "On leave"),
    QT_TRANSLATE_NOOP("ClassTableModel", "Left"),
    QT_TRANSLATE_NOOP("ClassTableModel", "Total"),
)
_NUMERIC = {2, 3, 5, 6, 7, 8}


def _value(row: ClassRow, column: int) -> object:
    g, counts = row.group, row.counts
    enrolled, on_leave = counts.get("enrolled", 0), counts.get("on_leave", 0)
    total = sum(counts.values())
    values = (g.name, row.major_name, g.intake_year, g.graduation_year or "", g.head_teacher,
              enrolled, on_leave, total - enrolled - on_leave, total)  # fmt: skip
    return values[column]


class ClassTableModel(RowTableModel):
    CONTEXT = _CTX
    HEADERS = HEADERS

    def class_row(self, row: int) -> ClassRow:
        item: ClassRow = self.row_at(row)
        return item

    def cell(self, item: ClassRow, column: int, role: int) -> object:
        value = _value(item, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return str(value)
        if role == Qt.ItemDataRole.UserRole:  # sort key: numbers as numbers
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class ClassesPage(Page):
    page_id = "classes"
    permission = Permission.READ_RECORDS

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = ClassTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.table = QTableView(self)
        self.table.setObjectName("classTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.activated.connect(lambda _i: self.open_students())
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)

        self.count_label = QLabel(self)
        self.open_button = QPushButton(self.tr("Show students"), self)
        self.open_button.clicked.connect(self.open_students)
        self.changes_button = QPushButton(self.tr("Status changes"), self)
        self.changes_button.clicked.connect(self.open_changes)
        self.batch_button = QPushButton(self.tr("Graduate the class…"), self)
        self.batch_button.setObjectName("batchGraduate")
        self.batch_button.clicked.connect(self.open_batch)
        self.batch_button.setVisible(ctx.can(Permission.WRITE_RECORDS))
        self.print_button = QPushButton(self.tr("Issue documents…"), self)
        self.print_button.setObjectName("printClass")
        self.print_button.clicked.connect(self.open_print)
        self.print_button.setVisible(ctx.can(Permission.PRINT))
        self.destinations_button = destinations_button(self)
        self.busy = BusyIndicator(self.tr("Loading…"), self)
        self.error_line = ErrorLine(self)
        actions = QHBoxLayout()
        actions.addWidget(self.count_label, 1)
        actions.addWidget(self.open_button)
        actions.addWidget(self.changes_button)
        actions.addWidget(self.batch_button)
        actions.addWidget(self.destinations_button)
        actions.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.busy)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_line)
        layout.addLayout(actions)
        self._update_buttons()

    def title(self) -> str:
        return self.tr("Classes")

    def help_text(self) -> str:
        return self.tr(
            "<p>Every class with its major, year of intake, graduating year and head"
            " teacher, and how many of its students are enrolled, on leave or have left.</p>"
            "<p>Double-click a class to see its students. <b>Graduate the class…</b> first checks"
            " every enrolled student against the graduation rules and shows who is not eligible"
            " and why; it then records the graduation of the eligible students one by one."
            " Students already recorded stay recorded if you stop part-way.</p>"
        )

    def activate(self, **args: object) -> None:
        self.reload()

    def reload(self) -> None:
        self.busy.show()
        session = self.ctx.session
        self.ctx.worker.run(
            lambda: events_ops.classes_overview(session),
            on_done=self._on_rows,
            on_error=self._on_error,
            context=self,
        )

    def _on_rows(self, rows: list[ClassRow]) -> None:
        self.busy.hide()
        self.error_line.clear_message()
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        students = sum(sum(r.counts.values()) for r in rows)
        self.count_label.setText(
            self.tr("%1 classes, %2 students")
            .replace("%1", str(len(rows)))
            .replace("%2", str(students))
        )
        self._update_buttons()

    def selected(self) -> ClassRow | None:
        index = self.proxy.mapToSource(self.table.currentIndex())
        return self.model.class_row(index.row()) if index.isValid() else None

    def select_class(self, class_id: int) -> None:
        for row in range(self.model.rowCount()):
            if self.model.class_row(row).group.id == class_id:
                self.table.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, 0)))
                return

    def _update_buttons(self) -> None:
        row = self.selected()
        for button in (self.open_button, self.changes_button, self.print_button,
                       self.destinations_button):  # fmt: skip
            button.setEnabled(row is not None)
        self.batch_button.setEnabled(row is not None and row.counts.get("enrolled", 0) > 0)

    def open_students(self) -> None:
        row = self.selected()
        if row is not None:
            self.ctx.go("students", class_id=row.group.id)

    def open_changes(self) -> None:
        row = self.selected()
        if row is not None:
            self.ctx.go("status_changes", class_id=row.group.id)

    def open_batch(self) -> BatchGraduationDialog | None:
        row = self.selected()
        if row is None:
            return None
        dialog = BatchGraduationDialog(self.ctx, row.group, self)
        dialog.finished_batch.connect(lambda _o: self.reload())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_print(self) -> PrintDialog | None:
        row = self.selected()
        if row is None:
            return None
        target = PrintTarget(row.group.name, class_group_id=row.group.id)
        dialog = PrintDialog(self.ctx, target, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _on_error(self, error: BaseException) -> None:
        self.busy.hide()
        self.error_line.show_message(error_sentence(error))
