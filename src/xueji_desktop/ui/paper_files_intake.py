"""接收登记: one delivery of paper files (a new intake's files from the junior schools, a
transfer-in's file from the old school) entered as one batch.

The clerk says what kind of delivery, from where, when and who brought it; adds the students (by
a search or a whole class); and per student types how many pieces of each checklist paper came.
"Missing" shows as the clerk types: the required papers with no piece (the service records the
same by default). Optionally every file of the batch goes to one place at once. The service saves
all or nothing; ``saved`` carries the intake id, and the page prints the receipt if asked.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.errors import RecordInvalid
from xueji_desktop.core.roles import Permission
from xueji_desktop.problem_text import problem_text
from xueji_desktop.services.paper_files import ContentItem, IntakeItem, Location, PaperFile
from xueji_desktop.services.search import SearchHit
from xueji_desktop.ui import i18n, paper_files_ops
from xueji_desktop.ui.i18n import error_text
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.paper_files_ops import IntakeRequest
from xueji_desktop.ui.paper_files_picker import StudentPicker, date_edit, hit_label, iso
from xueji_desktop.ui.paper_files_text import INTAKE_KINDS, label
from xueji_desktop.ui.work_dialog import WorkDialog

_ID = Qt.ItemDataRole.UserRole
_EDIT = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
_READ = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_ROW = re.compile(r"items\[(\d+)\]")
MISSING, FIRST_TYPE = 1, 2  # columns: the student, what is missing, the types, the note


class IntakeDialog(WorkDialog):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Receive paper files"), parent)
        self.setObjectName("intakeDialog")
        self.types: list[ContentItem] = []  # the checklist's columns, in the checklist's order
        self.required: dict[int, frozenset[str]] = {}
        self._updating = False
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("intakeKind")
        for code in INTAKE_KINDS:
            self.kind_combo.addItem(label(INTAKE_KINDS, code), code)
        self.source_edit = QLineEdit(self)
        self.source_edit.setObjectName("intakeSource")
        self.source_edit.setPlaceholderText(self.tr("e.g. the junior school, the old school"))
        self.date_edit = date_edit(self)
        self.delivered_edit = QLineEdit(self)
        self.remark_edit = QLineEdit(self)
        form = QFormLayout()
        form.addRow(self.tr("Kind of delivery:"), self.kind_combo)
        form.addRow(self.tr("From:"), self.source_edit)
        form.addRow(self.tr("Received on:"), self.date_edit)
        form.addRow(self.tr("Delivered by:"), self.delivered_edit)
        form.addRow(self.tr("Note:"), self.remark_edit)

        self.picker = StudentPicker(ctx, self)
        self.picker.picked.connect(self.add)
        self.table = QTableWidget(0, 0, self)
        self.table.setObjectName("intakeTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.itemChanged.connect(self._on_item_changed)
        self.count_label = QLabel(self)
        self.all_button = QPushButton(self.tr("Every required paper arrived"), self)
        self.all_button.setToolTip(
            self.tr(
                "Set one piece of each required paper for the selected students (all when "
                "none is selected)"
            )
        )
        self.all_button.clicked.connect(self.fill_required)
        self.remove_button = QPushButton(self.tr("Remove from the batch"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        row.addWidget(self.count_label, 1)
        row.addWidget(self.all_button)
        row.addWidget(self.remove_button)

        self.place_box = QGroupBox(self.tr("Shelve these files at once"), self)
        self.place_box.setCheckable(True)
        self.place_box.setChecked(False)
        self.cabinet_edit, self.shelf_edit, self.box_edit = (QLineEdit(self) for _ in range(3))
        place = QHBoxLayout(self.place_box)
        for text, edit in (
            (self.tr("Cabinet:"), self.cabinet_edit),
            (self.tr("Shelf:"), self.shelf_edit),
            (self.tr("Box:"), self.box_edit),
        ):
            place.addWidget(QLabel(text, self.place_box))
            place.addWidget(edit)
        self.print_check = QCheckBox(self.tr("Print the receipt after saving"), self)
        self.print_check.setObjectName("printReceipt")
        self.print_check.setChecked(True)
        self.print_check.setVisible(ctx.can(Permission.PRINT))
        self.print_check.setChecked(ctx.can(Permission.PRINT))

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.picker)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.place_box)
        layout.addWidget(self.print_check)
        self.finish_layout(layout)
        self._count()
        self.resize(980, 760)

    # -- students --------------------------------------------------------------------------------

    def cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        assert item is not None  # every cell is filled when its row is added
        return item

    def note_column(self) -> int:
        return FIRST_TYPE + len(self.types)

    def student_ids(self) -> list[int]:
        return [int(self.cell(r, 0).data(_ID)) for r in range(self.table.rowCount())]

    def add(self, hits: list[SearchHit]) -> None:
        known = set(self.student_ids())
        new = [h for h in hits if h.student_id not in known]
        if not new:
            return
        session, ids = self.ctx.session, [h.student_id for h in new]
        labels = {h.student_id: hit_label(h) for h in new}
        self.ctx.worker.run(
            lambda: paper_files_ops.paper_files_of(session, ids),
            on_done=lambda files: self._add_rows(files, labels),
            on_error=self._on_error,
            context=self,
        )

    def _add_rows(self, files: dict[int, PaperFile], labels: dict[int, str]) -> None:
        if not files:
            return
        if not self.types:
            self.types = list(next(iter(files.values())).contents)
            names = [self.tr("Student"), self.tr("Missing")]
            names += [c.name for c in self.types] + [self.tr("Note")]
            self.table.setColumnCount(len(names))
            self.table.setHorizontalHeaderLabels(names)
        self._updating = True
        known = set(self.student_ids())
        for sid, paper in files.items():
            if sid in known:
                continue
            self.required[sid] = frozenset(c.doc_type for c in paper.contents if c.required)
            row = self.table.rowCount()
            self.table.insertRow(row)
            who = QTableWidgetItem(labels.get(sid, str(sid)))
            who.setData(_ID, sid)
            who.setFlags(_READ)
            self.table.setItem(row, 0, who)
            for col, item in enumerate(self.types, FIRST_TYPE):
                cell = QTableWidgetItem()
                cell.setData(Qt.ItemDataRole.EditRole, 0)
                cell.setFlags(_EDIT)
                cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if item.doc_type in self.required[sid]:
                    cell.setToolTip(self.tr("Required"))
                self.table.setItem(row, col, cell)
            missing = QTableWidgetItem()
            missing.setFlags(_READ)
            self.table.setItem(row, MISSING, missing)
            note = QTableWidgetItem("")
            note.setFlags(_EDIT)
            self.table.setItem(row, self.note_column(), note)
            self._show_missing(row)
        self._updating = False
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(MISSING, min(self.table.columnWidth(MISSING), 220))
        self._count()

    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)
        self._count()

    def fill_required(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        rows = rows or list(range(self.table.rowCount()))
        for row in rows:
            sid = int(self.cell(row, 0).data(_ID))
            for col, item in enumerate(self.types, FIRST_TYPE):
                cell = self.cell(row, col)
                if item.doc_type in self.required.get(sid, ()) and self.pieces(cell) == 0:
                    cell.setData(Qt.ItemDataRole.EditRole, 1)

    # -- what arrived ----------------------------------------------------------------------------

    @staticmethod
    def pieces(cell: QTableWidgetItem | None) -> int:
        value = cell.data(Qt.ItemDataRole.EditRole) if cell is not None else 0
        return value if isinstance(value, int) and not isinstance(value, bool) else 0

    def contents(self, row: int) -> dict[str, int]:
        return {
            c.doc_type: self.pieces(self.cell(row, col))
            for col, c in enumerate(self.types, FIRST_TYPE)
        }

    def missing(self, row: int) -> list[str]:
        sid = int(self.cell(row, 0).data(_ID))
        got = self.contents(row)
        return [
            c.name
            for c in self.types
            if c.doc_type in self.required.get(sid, ()) and got.get(c.doc_type, 0) == 0
        ]

    def _show_missing(self, row: int) -> None:
        cell = self.cell(row, MISSING)
        if cell is not None:
            text = "、".join(self.missing(row))
            cell.setText(text or "—")
            cell.setToolTip(text)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if not self._updating and FIRST_TYPE <= item.column() < self.note_column():
            self._updating = True
            self._show_missing(item.row())
            self._updating = False

    def _count(self) -> None:
        rows = self.table.rowCount()
        self.count_label.setText(self.tr("%1 students in this batch").replace("%1", str(rows)))
        self.all_button.setEnabled(rows > 0)
        self.remove_button.setEnabled(rows > 0)

    # -- saving ----------------------------------------------------------------------------------

    def _on_error(self, exc: BaseException) -> None:
        """A refused batch names the students whose rows are wrong (the service counts rows)."""
        super()._on_error(exc)
        if not isinstance(exc, RecordInvalid):
            return
        lang, lines, first = i18n.language(), [error_text(exc)], -1
        for problem in exc.problems:
            found = _ROW.match(problem.field)
            row = int(found.group(1)) if found else -1
            if found:  # "items[1].remark" -> "remark": the row is named by the student instead
                inner = problem.field[found.end() :].lstrip(".") or "student_id"
                problem = dataclasses.replace(problem, field=inner)
            text = problem_text(problem, lang)
            if 0 <= row < self.table.rowCount():
                text = f"{self.cell(row, 0).text()}：{text}"
                first = row if first < 0 else first
            lines.append(text)
        self.error_line.show_message("\n".join(lines))
        if first >= 0:
            self.table.selectRow(first)

    def request(self) -> Callable[[], Any] | None:
        if self.table.rowCount() == 0:
            self.error_line.show_message(self.tr("Add the students whose files arrived."))
            return None
        note_col = self.note_column()
        items = tuple(
            IntakeItem(
                student_id=int(self.cell(r, 0).data(_ID)),
                contents=self.contents(r),
                remark=(self.cell(r, note_col).text() or "").strip(),
            )
            for r in range(self.table.rowCount())
        )
        place = None
        if self.place_box.isChecked():
            place = Location(
                self.cabinet_edit.text().strip(),
                self.shelf_edit.text().strip(),
                self.box_edit.text().strip(),
            )
        req = IntakeRequest(
            kind=str(self.kind_combo.currentData()),
            source=self.source_edit.text().strip(),
            received_on=iso(self.date_edit),
            delivered_by=self.delivered_edit.text().strip(),
            remark=self.remark_edit.text().strip(),
            items=items,
            location=place,
        )
        session = self.ctx.session
        return lambda: paper_files_ops.receive(session, req)
