"""The import preview's tables: the sheet's rows as the dry run classified them, and one update's
changes field by field.

Everything shown comes from the service's ``ImportPlan`` (services/import_model.py): the kind of
each row, its problems (turned into sentences by problem_text, in the language the UI shows),
the changes of an update. Values are shown as the national template shows them: labels, not
codes. Nothing here decides what is right or wrong.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core import codes
from xueji_desktop.core.fields import (
    FAMILY_FIELDS_BY_NAME,
    STUDENT_FIELDS,
    STUDENT_FIELDS_BY_NAME,
    FieldSpec,
)
from xueji_desktop.problem_text import field_text, problem_text
from xueji_desktop.services.import_model import (
    KINDS,
    CellProblem,
    FieldChange,
    ImportPlan,
    PlannedRow,
)
from xueji_desktop.ui.i18n import language
from xueji_desktop.ui.table_model import QT_TRANSLATE_NOOP, RowTableModel

_CTX = "ImportPreview"
KIND_NAMES = {
    "new": QT_TRANSLATE_NOOP("ImportPreview", "New"),
    "update": QT_TRANSLATE_NOOP("ImportPreview", "Update"),
    "unchanged": QT_TRANSLATE_NOOP("ImportPreview", "No change"),
    "duplicate": QT_TRANSLATE_NOOP("ImportPreview", "Duplicate"),
    "error": QT_TRANSLATE_NOOP("ImportPreview", "Error"),
}
# Soft row colours: the kind is also written in its own column (never colour alone).
_BACKGROUND = {
    "new": QColor("#e8f5e9"),
    "update": QColor("#e3f0fc"),
    "duplicate": QColor("#fff4d6"),
    "error": QColor("#fdecea"),
}
KIND_ROLE = Qt.ItemDataRole.UserRole + 1


def kind_name(kind: str) -> str:
    return QCoreApplication.translate("ImportPreview", KIND_NAMES.get(kind, kind))


def located_text(cell: CellProblem) -> str:
    """ "第5行“身份证号”列：…" — where the clerk finds the problem, then what is wrong."""
    sentence = problem_text(cell.problem, language())
    if cell.column:
        text = QCoreApplication.translate("ImportPreview", "Row %1, column “%2”: %3")
        return text.replace("%1", str(cell.row)).replace("%2", cell.column).replace("%3", sentence)
    text = QCoreApplication.translate("ImportPreview", "Row %1: %2")
    return text.replace("%1", str(cell.row)).replace("%2", sentence)


def _spec(name: str) -> FieldSpec | None:
    head, _, rest = name.partition(".")
    if head == "family_members" and rest:
        return FAMILY_FIELDS_BY_NAME.get(rest.rpartition(".")[2])
    return STUDENT_FIELDS_BY_NAME.get(name)


def value_text(name: str, value: object) -> str:
    """A stored value as the template shows it (a code's label, 是/否); "" when empty."""
    if value is None or value == "":
        return ""
    spec = _spec(name)
    if spec is not None and spec.kind == "bool":
        return "是" if value in (1, True, "1") else "否"  # template data, as exports write it
    if spec is not None and spec.kind == "code" and spec.table:
        return codes.label_of(spec.table, str(value))
    return str(value)


def row_summary(row: PlannedRow) -> str:
    """The preview table's last column: what happens to the row, in one line."""
    errors = [p for p in row.problems if p.is_error]
    if row.kind == "duplicate" and row.first_row is not None:
        return QCoreApplication.translate("ImportPreview", "Same student as row %1").replace(
            "%1", str(row.first_row)
        )
    if errors:
        first = problem_text(errors[0].problem, language())
        if errors[0].column:
            first = (
                f"{errors[0].column}: {first}"
                if language() == "en"
                else (f"{errors[0].column}：{first}")
            )
        if len(errors) > 1:
            more = QCoreApplication.translate("ImportPreview", "(and %1 more)")
            first = f"{first} {more.replace('%1', str(len(errors) - 1))}"
        return first
    if row.kind == "update":
        sep = ", " if language() == "en" else "、"
        names = sep.join(field_text(c.field, language()) for c in row.changes)
        return QCoreApplication.translate("ImportPreview", "Changes: %1").replace("%1", names)
    warnings = [p for p in row.problems if not p.is_error]
    if warnings:
        return problem_text(warnings[0].problem, language())
    return ""


def stored_values(row: PlannedRow) -> list[FieldChange]:
    """A new record's values as the archive would store them (folded spaces, codes), in the
    template's order, for the clerk to check before importing."""
    values = row.values
    return [
        FieldChange(spec.name, None, values[spec.name])
        for spec in STUDENT_FIELDS
        if values.get(spec.name) not in (None, "")
    ]


class PreviewModel(RowTableModel):
    """One line per data row of the sheet, in sheet order."""

    CONTEXT = _CTX
    HEADERS = (
        QT_TRANSLATE_NOOP("ImportPreview", "Row"),
        QT_TRANSLATE_NOOP("ImportPreview", "Result"),
        QT_TRANSLATE_NOOP("ImportPreview", "Student"),
        QT_TRANSLATE_NOOP("ImportPreview", "What happens"),
    )

    def planned(self, row: int) -> PlannedRow:
        item: PlannedRow = self.row_at(row)
        return item

    def cell(self, item: PlannedRow, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return item.row
            if column == 1:
                return kind_name(item.kind)
            if column == 2:
                return item.label
            return row_summary(item)
        if role == KIND_ROLE:
            return item.kind
        if role == Qt.ItemDataRole.BackgroundRole:
            return _BACKGROUND.get(item.kind)
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return "\n".join(located_text(p) for p in item.problems) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class KindFilter(QSortFilterProxyModel):
    """Shows only the rows of one kind ("" = all)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._kind = ""

    @property
    def kind(self) -> str:
        return self._kind

    def set_kind(self, kind: str) -> None:
        if kind and kind not in KINDS:
            raise ValueError(kind)
        self.beginFilterChange()
        self._kind = kind
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(
        self,
        source_row: int,
        source_parent: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if not self._kind:
            return True
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        return bool(model.data(index, KIND_ROLE) == self._kind)


class ChangesModel(RowTableModel):
    """An update's changes: field, what the archive holds now, what the sheet says."""

    CONTEXT = _CTX
    HEADERS = (
        QT_TRANSLATE_NOOP("ImportPreview", "Field"),
        QT_TRANSLATE_NOOP("ImportPreview", "Now in the archive"),
        QT_TRANSLATE_NOOP("ImportPreview", "After the import"),
    )

    def set_changes(self, changes: Sequence[FieldChange]) -> None:
        self.set_rows(changes)

    def cell(self, item: FieldChange, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return field_text(item.field, language())
            empty = QCoreApplication.translate("ImportPreview", "(empty)")
            value = item.old if column == 1 else item.new
            shown = value_text(item.field, value) or empty
            other = value_text(item.field, item.new if column == 1 else item.old)
            if shown == other and value not in (None, ""):
                shown = f"{shown} ({value})"  # two codes with one label: the code tells them apart
            return shown
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            return QColor("#6b7280")
        return None


def make_table(parent: QWidget, name: str) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


class PreviewPage(QWidget):
    """Step 3: what the import would do, row by row, before anything is written."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewPage")
        self.plan: ImportPlan | None = None
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("previewCounts")
        self.counts_label.setWordWrap(True)
        self.notes_label = QLabel(self)
        self.notes_label.setObjectName("previewNotes")
        self.notes_label.setWordWrap(True)
        self.notes_label.setTextFormat(Qt.TextFormat.PlainText)  # header texts from the file
        self.notes_label.setStyleSheet("color: #5c3d00; background: #fff4d6; padding: 4px 8px;")
        self.filter_combo = QComboBox(self)
        self.filter_combo.setObjectName("kindFilter")
        self.filter_combo.currentIndexChanged.connect(self._filter_changed)
        self.save_errors_button = QPushButton(self.tr("Save the error file…"), self)
        self.save_errors_button.setObjectName("saveErrorsPreview")
        self.save_errors_button.setAutoDefault(False)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Show:"), self))
        top.addWidget(self.filter_combo)
        top.addStretch(1)
        top.addWidget(self.save_errors_button)

        self.model = PreviewModel(self)
        self.proxy = KindFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table(self, "previewTable")
        self.table.setModel(self.proxy)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())

        self.detail_label = QLabel(self)
        self.detail_label.setObjectName("rowDetail")
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.changes = ChangesModel(self)
        self.changes_table = make_table(self, "changesTable")
        self.changes_table.setModel(self.changes)
        detail = QWidget(self)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.detail_label)
        detail_layout.addWidget(self.changes_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

        self.all_rows = QRadioButton(self)
        self.all_rows.setObjectName("importAll")
        self.valid_rows = QRadioButton(self)
        self.valid_rows.setObjectName("importValid")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.notes_label)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.all_rows)
        layout.addWidget(self.valid_rows)

    def set_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        counts = plan.counts()
        self.model.set_rows(plan.rows)
        self.counts_label.setText(counts_text(counts))
        notes = [located_text(n) for n in plan.notes]
        self.notes_label.setText("\n".join(notes))
        self.notes_label.setVisible(bool(notes))
        self.filter_combo.blockSignals(True)
        self.filter_combo.clear()
        self.filter_combo.addItem(self.tr("All rows (%1)").replace("%1", str(len(plan.rows))), "")
        for kind in KINDS:
            if counts[kind]:
                text = self.tr("%1 (%2)").replace("%1", kind_name(kind))
                self.filter_combo.addItem(text.replace("%2", str(counts[kind])), kind)
        self.filter_combo.blockSignals(False)
        self.proxy.set_kind("")
        wrong = counts["error"] + counts["duplicate"]
        good = counts["new"] + counts["update"]
        self.all_rows.setText(self.tr("Import all rows"))
        self.valid_rows.setText(
            self.tr("Import only the %1 correct rows; the %2 other rows stay in the error file")
            .replace("%1", str(good))
            .replace("%2", str(wrong))
        )
        self.all_rows.setEnabled(wrong == 0)
        self.valid_rows.setVisible(wrong > 0)
        (self.valid_rows if wrong else self.all_rows).setChecked(True)
        self.save_errors_button.setVisible(wrong > 0)
        first = self.proxy.index(0, 0)
        if first.isValid():
            self.table.setCurrentIndex(first)
        self._show_detail()

    def valid_only(self) -> bool:
        return self.valid_rows.isChecked()

    def show_kind(self, kind: str) -> None:
        index = self.filter_combo.findData(kind)
        if index >= 0:
            self.filter_combo.setCurrentIndex(index)

    def _filter_changed(self) -> None:
        self.proxy.set_kind(str(self.filter_combo.currentData() or ""))
        first = self.proxy.index(0, 0)
        if first.isValid():
            self.table.setCurrentIndex(first)
        self._show_detail()

    def current_row(self) -> PlannedRow | None:
        index = self.proxy.mapToSource(self.table.currentIndex())
        return self.model.planned(index.row()) if index.isValid() else None

    def _show_detail(self) -> None:
        row = self.current_row()
        changes: Sequence[FieldChange] = ()
        if row is not None and row.kind == "update":
            changes = row.changes
        elif row is not None and row.kind == "new":
            changes = row.changes or stored_values(row)
        self.changes.set_changes(changes)
        self.changes_table.setVisible(bool(changes))
        if row is None:
            self.detail_label.setText("")
            return
        lines = [
            f"{kind_name(row.kind)}: {row.label}"
            if language() == "en"
            else (f"{kind_name(row.kind)}：{row.label}")
        ]
        if row.kind == "duplicate" and row.first_row is not None:
            lines.append(row_summary(row))
        lines += [located_text(p) for p in row.problems]
        if changes and row.kind == "new":
            lines.append(self.tr("What would be stored:"))
        elif changes:
            lines.append(self.tr("What would change:"))
        self.detail_label.setText("\n".join(lines))


def counts_text(counts: dict[str, int]) -> str:
    sep = " · "
    return sep.join(
        QCoreApplication.translate("ImportPreview", "%1: %2 rows")
        .replace("%1", kind_name(kind))
        .replace("%2", str(counts.get(kind, 0)))
        for kind in KINDS
    )
