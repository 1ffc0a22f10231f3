"""上架: the files by their place (cabinet, shelf, box, as the room numbers them), set the place
of chosen students' files, and print box labels and shelf lists of what the filter shows.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.roles import Permission
from xueji_desktop.services.paper_files import ShelfEntry
from xueji_desktop.services.structure import ClassGroup
from xueji_desktop.ui import paper_files_ops
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.paper_files_dialogs import LocationDialog
from xueji_desktop.ui.paper_files_models import ShelfModel
from xueji_desktop.ui.paper_files_ops import ShelfFilter
from xueji_desktop.ui.paper_files_print import RoomPrinter
from xueji_desktop.ui.paper_files_views import RegisterView, make_table, selected_rows
from xueji_desktop.ui.widgets import on_enter


class ShelfView(RegisterView):
    def __init__(
        self, ctx: PageContext, printer: RoomPrinter, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, printer, parent)
        self._classes_asked = False
        self.cabinet_edit, self.shelf_edit, self.box_edit = (QLineEdit(self) for _ in range(3))
        for edit in (self.cabinet_edit, self.shelf_edit, self.box_edit):
            edit.setMaximumWidth(90)
            edit.setClearButtonEnabled(True)
            on_enter(edit, self.load)
        self.class_combo = QComboBox(self)
        self.class_combo.setObjectName("shelfClass")
        self.class_combo.addItem(self.tr("All classes"), None)
        self.class_combo.setMinimumContentsLength(12)
        self.show_button = QPushButton(self.tr("Show"), self)
        self.show_button.clicked.connect(self.load)
        top = QHBoxLayout()
        for text, widget in (
            (self.tr("Cabinet:"), self.cabinet_edit),
            (self.tr("Shelf:"), self.shelf_edit),
            (self.tr("Box:"), self.box_edit),
            (self.tr("Class:"), self.class_combo),
        ):
            top.addWidget(QLabel(text, self))
            top.addWidget(widget)
        top.addWidget(self.show_button)
        top.addStretch(1)
        self.model = ShelfModel(self)
        self.table = make_table(self, self.model, "shelfTable", multi=True)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.place_button = self.clerk_button(
            self.tr("Set the place…"), "placeButton", self.set_place
        )
        can_print = ctx.can(Permission.PRINT)
        self.labels_button = QPushButton(self.tr("Print box labels"), self)
        self.labels_button.setObjectName("labelsButton")
        self.labels_button.clicked.connect(lambda: self.printer.box_labels(self.current_filter()))
        self.list_button = QPushButton(self.tr("Print the shelf list"), self)
        self.list_button.setObjectName("shelfListButton")
        self.list_button.clicked.connect(lambda: self.printer.shelf_list(self.current_filter()))
        for button in (self.labels_button, self.list_button):
            button.setVisible(can_print)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.place_button)
        bottom.addWidget(self.labels_button)
        bottom.addWidget(self.list_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.busy)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_line)
        layout.addLayout(bottom)
        self._update_buttons()

    def current_filter(self) -> ShelfFilter:
        class_id = self.class_combo.currentData()
        return ShelfFilter(
            self.cabinet_edit.text().strip() or None,
            self.shelf_edit.text().strip() or None,
            self.box_edit.text().strip() or None,
            class_id if isinstance(class_id, int) else None,
        )

    def load(self) -> None:
        session, f = self.ctx.session, self.current_filter()
        if not self._classes_asked:
            self._classes_asked = True
            self.ctx.worker.run(
                lambda: paper_files_ops.classes(session),
                on_done=self._on_classes,
                on_error=self.show_error,
                context=self,
            )
        self.fetch(lambda: paper_files_ops.shelf(session, f), self._on_rows)

    def _on_classes(self, groups: list[ClassGroup]) -> None:
        for g in groups:
            self.class_combo.addItem(g.name, g.id)

    def _on_rows(self, rows: list[ShelfEntry]) -> None:
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.count_label.setText(self.tr("%1 files").replace("%1", str(len(rows))))
        self._update_buttons()

    def chosen(self) -> list[ShelfEntry]:
        return [self.model.entry(r) for r in selected_rows(self.table)]

    def _update_buttons(self) -> None:
        has_rows = self.model.rowCount() > 0
        self.labels_button.setEnabled(has_rows)
        self.list_button.setEnabled(has_rows)

    def set_place(self) -> QDialog:
        chosen = self.chosen()
        students = [(e.student_id, f"{e.name}（{e.student_no}）") for e in chosen]
        place = chosen[0].location if len({e.location for e in chosen}) == 1 else None
        return self.run_dialog(LocationDialog(self.ctx, students, place, self))
