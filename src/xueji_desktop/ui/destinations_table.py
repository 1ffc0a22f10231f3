"""The 毕业去向 dialog's table: one editable row per student of the class who has left.

``DestinationModel`` holds the clerk's edits (``Entry``) until the dialog saves them; the kind
is chosen from a combo (``KindDelegate``), the date with a calendar (``DateDelegate``), 对口 is a
check box. The model decides nothing about what is valid: the service does, and its problems
come back per row (``set_problems``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from xueji_desktop.services.destinations import DESTINATION_KINDS
from xueji_desktop.services.destinations_bulk import ClassLeaver, DestinationRow
from xueji_desktop.ui.student_model import status_label
from xueji_desktop.ui.table_model import QT_TRANSLATE_NOOP

_CTX = "DestinationModel"
HEADERS = (
    QT_TRANSLATE_NOOP("DestinationModel", "Student no."),
    QT_TRANSLATE_NOOP("DestinationModel", "Name"),
    QT_TRANSLATE_NOOP("DestinationModel", "Status"),
    QT_TRANSLATE_NOOP("DestinationModel", "Destination"),
    QT_TRANSLATE_NOOP("DestinationModel", "Employer or school"),
    QT_TRANSLATE_NOOP("DestinationModel", "Matches major"),
    QT_TRANSLATE_NOOP("DestinationModel", "Date"),
    QT_TRANSLATE_NOOP("DestinationModel", "Remark"),
    QT_TRANSLATE_NOOP("DestinationModel", "Problem"),
)
KIND_COL, EMPLOYER_COL, MATCHES_COL, DATE_COL, REMARK_COL, PROBLEM_COL = range(3, 9)
KIND_NAMES = {
    "employment": QT_TRANSLATE_NOOP("DestinationModel", "Employment"),
    "further_study": QT_TRANSLATE_NOOP("DestinationModel", "Further study"),
    "military": QT_TRANSLATE_NOOP("DestinationModel", "Military service"),
    "stage_transfer": QT_TRANSLATE_NOOP("DestinationModel", "Stage transfer"),
    "other": QT_TRANSLATE_NOOP("DestinationModel", "Other"),
}
_STAGE_HINT = QT_TRANSLATE_NOOP(
    "DestinationModel", "3+2 and five-year programme students moving on to the higher stage"
)
_PROBLEM_BRUSH = QBrush(QColor("#8a1c12"))
_PROBLEM_BACK = QBrush(QColor("#fde7e4"))


def kind_name(kind: str) -> str:
    return QCoreApplication.translate(_CTX, KIND_NAMES[kind]) if kind in KIND_NAMES else ""


@dataclass
class Entry:
    """One student's row as the clerk edits it (kind "": nothing chosen yet)."""

    leaver: ClassLeaver
    kind: str = ""
    employer: str = ""
    matches_major: bool | None = None
    recorded_on: str = ""
    remark: str = ""
    problems: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, leaver: ClassLeaver) -> Entry:
        d = leaver.destination
        if d is None:
            return cls(leaver)
        return cls(leaver, d.kind, d.employer, d.matches_major, d.recorded_on, d.remark)

    def row(self) -> DestinationRow:
        return DestinationRow(self.leaver.student_id, self.kind, self.recorded_on, self.employer,
                              self.matches_major, self.remark)  # fmt: skip

    def changed(self) -> bool:
        """Differs from what is recorded (a row without any kind chosen is not to be saved)."""
        if not self.kind:
            return False
        return self.row() != Entry.of(self.leaver).row()


class DestinationModel(QAbstractTableModel):
    """The class's leavers, editable in the destination columns."""

    def __init__(self, today: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.entries: list[Entry] = []

    def set_leavers(self, leavers: Sequence[ClassLeaver]) -> None:
        self.beginResetModel()
        self.entries = [Entry.of(leaver) for leaver in leavers]
        self.endResetModel()

    def changed_entries(self) -> list[tuple[int, Entry]]:
        return [(i, e) for i, e in enumerate(self.entries) if e.changed()]

    def set_problems(self, by_row: dict[int, list[str]]) -> None:
        for i, entry in enumerate(self.entries):
            entry.problems = by_row.get(i, [])
        if self.entries:
            last = self.index(len(self.entries) - 1, len(HEADERS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    # -- QAbstractTableModel ---------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(HEADERS)
        ):
            return QCoreApplication.translate(_CTX, HEADERS[section])
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == MATCHES_COL:
            return flags | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() in (KIND_COL, EMPLOYER_COL, DATE_COL, REMARK_COL):
            return flags | Qt.ItemFlag.ItemIsEditable
        return flags

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        e, col = self.entries[index.row()], index.column()
        if role == Qt.ItemDataRole.CheckStateRole and col == MATCHES_COL:
            return Qt.CheckState.Checked if e.matches_major else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.EditRole:
            return {KIND_COL: e.kind, EMPLOYER_COL: e.employer, DATE_COL: e.recorded_on,
                    REMARK_COL: e.remark}.get(col)  # fmt: skip
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                e.leaver.student_no, e.leaver.name, status_label(e.leaver.status),
                kind_name(e.kind), e.employer, None, e.recorded_on, e.remark,
                "\n".join(e.problems),
            )  # fmt: skip
            return values[col] if 0 <= col < len(values) else None
        if role == Qt.ItemDataRole.ToolTipRole and col == KIND_COL and e.kind == "stage_transfer":
            return QCoreApplication.translate(_CTX, _STAGE_HINT)
        if role == Qt.ItemDataRole.ToolTipRole and col == PROBLEM_COL and e.problems:
            return "\n".join(e.problems)
        if role == Qt.ItemDataRole.ForegroundRole and col == PROBLEM_COL:
            return _PROBLEM_BRUSH
        if role == Qt.ItemDataRole.BackgroundRole and e.problems:
            return _PROBLEM_BACK
        return None

    def setData(
        self,
        index: QModelIndex | QPersistentModelIndex,
        value: object,
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return False
        e, col = self.entries[index.row()], index.column()
        if col == MATCHES_COL and role == Qt.ItemDataRole.CheckStateRole:
            state = value.value if isinstance(value, Qt.CheckState) else value
            e.matches_major = state == Qt.CheckState.Checked.value
        elif role != Qt.ItemDataRole.EditRole or not isinstance(value, str):
            return False
        elif col == KIND_COL:
            if value not in DESTINATION_KINDS:
                return False
            e.kind = value
            if not e.recorded_on:  # a new destination is dated today unless the clerk says
                e.recorded_on = self.today
        elif col == EMPLOYER_COL:
            e.employer = value
        elif col == DATE_COL:
            e.recorded_on = value
        elif col == REMARK_COL:
            e.remark = value
        else:
            return False
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(HEADERS) - 1))
        return True


class KindDelegate(QStyledItemDelegate):
    """A combo of the five kinds."""

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        combo = QComboBox(parent)
        for kind in DESTINATION_KINDS:
            combo.addItem(kind_name(kind), kind)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractTableModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class DateDelegate(QStyledItemDelegate):
    """A date with the calendar; the service refuses a date in the future."""

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        edit = QDateEdit(parent)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QDateEdit)
        text = str(index.data(Qt.ItemDataRole.EditRole) or "")
        day = QDate.fromString(text, "yyyy-MM-dd")
        editor.setDate(day if day.isValid() else QDate.currentDate())

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractTableModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        assert isinstance(editor, QDateEdit)
        model.setData(index, editor.date().toString("yyyy-MM-dd"), Qt.ItemDataRole.EditRole)
