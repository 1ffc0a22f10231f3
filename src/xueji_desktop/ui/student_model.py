"""The student list: a table model over rows the archive chose (``services.student_list``).

The model never holds the whole school: the students page asks the archive for the first few
hundred rows matching the search and filters, in the order of the clicked column, and hands them
here (issue 4, §7: a proxy filtering or sorting 100,000 rows in Qt takes seconds). ``sort`` does not
sort in Python: it emits ``sortRequested`` and the page queries again with ORDER BY.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

_CTX = "StudentTableModel"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Mark a string for translation where it is defined; it is translated where it is shown."""
    return text


class Row(Protocol):
    """What a list row offers: ``services.student_list.ListRow`` (and ``students.StudentRow``)."""

    @property
    def id(self) -> int: ...
    @property
    def student_no(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def gender(self) -> str: ...
    @property
    def birth_date(self) -> str: ...
    @property
    def id_number_masked(self) -> str: ...
    @property
    def major(self) -> str: ...
    @property
    def class_group(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def report_status(self) -> str: ...


# (row field, header). Order follows the paper 采集表; the field is also the sort key of
# services.student_list.SORT_KEYS (id_number_masked sorts by the number).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("student_no", QT_TRANSLATE_NOOP("StudentTableModel", "Student no.")),
    ("name", QT_TRANSLATE_NOOP("StudentTableModel", "Name")),
    ("gender", QT_TRANSLATE_NOOP("StudentTableModel", "Gender")),
    ("birth_date", QT_TRANSLATE_NOOP("StudentTableModel", "Date of birth")),
    ("id_number_masked", QT_TRANSLATE_NOOP("StudentTableModel", "ID number")),
    ("major", QT_TRANSLATE_NOOP("StudentTableModel", "Major")),
    ("class_group", QT_TRANSLATE_NOOP("StudentTableModel", "Class")),
    ("status", QT_TRANSLATE_NOOP("StudentTableModel", "Status")),
    ("report_status", QT_TRANSLATE_NOOP("StudentTableModel", "Report status")),
)
SORT_KEY = {"id_number_masked": "id_number"}

# GB/T 2261.1 gender codes, shown the way the paper form writes them (男 / 女).
GENDERS: dict[str, str] = {
    "0": QT_TRANSLATE_NOOP("StudentTableModel", "Unknown"),
    "1": QT_TRANSLATE_NOOP("StudentTableModel", "Male"),
    "2": QT_TRANSLATE_NOOP("StudentTableModel", "Female"),
    "9": QT_TRANSLATE_NOOP("StudentTableModel", "Not stated"),
}

# 学籍状态 (GLOSSARY.md).
STATUSES: dict[str, str] = {
    "enrolled": QT_TRANSLATE_NOOP("StudentTableModel", "Enrolled"),
    "on_leave": QT_TRANSLATE_NOOP("StudentTableModel", "On leave"),
    "graduated": QT_TRANSLATE_NOOP("StudentTableModel", "Graduated"),
    "completed_without_diploma": QT_TRANSLATE_NOOP(
        "StudentTableModel", "Completed without diploma"
    ),
    "studied_without_completing": QT_TRANSLATE_NOOP("StudentTableModel", "Left without completing"),
    "withdrawn": QT_TRANSLATE_NOOP("StudentTableModel", "Withdrawn"),
    "expelled": QT_TRANSLATE_NOOP("StudentTableModel", "Expelled"),
    "transferred_out": QT_TRANSLATE_NOOP("StudentTableModel", "Transferred out"),
    "deregistered": QT_TRANSLATE_NOOP("StudentTableModel", "Deregistered"),
    "deceased": QT_TRANSLATE_NOOP("StudentTableModel", "Deceased"),
}

# 上报状态 (GLOSSARY.md).
REPORT_STATUSES: dict[str, str] = {
    "draft": QT_TRANSLATE_NOOP("StudentTableModel", "Draft"),
    "confirmed": QT_TRANSLATE_NOOP("StudentTableModel", "Checked"),
    "reported": QT_TRANSLATE_NOOP("StudentTableModel", "Reported"),
    "approved": QT_TRANSLATE_NOOP("StudentTableModel", "Approved"),
    "returned": QT_TRANSLATE_NOOP("StudentTableModel", "Returned"),
}

_CENTERED = {"gender"}
# Plain ints and a ready flag value: data() and flags() run ~1,400 times per repaint of the list,
# and enum arithmetic there was a measurable share of a keystroke (benchmarks/ui_students.py).
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_CENTER = int(Qt.AlignmentFlag.AlignCenter)
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def gender_label(code: str) -> str:
    return _tr(GENDERS[code]) if code in GENDERS else code


def status_label(code: str) -> str:
    return _tr(STATUSES[code]) if code in STATUSES else code


def report_status_label(code: str) -> str:
    return _tr(REPORT_STATUSES[code]) if code in REPORT_STATUSES else code


def _display(row: Row, labels: dict[tuple[str, str], str] | None = None) -> tuple[str, ...]:
    """The row as shown; ``labels`` memoises the translated code labels over one page."""
    memo = {} if labels is None else labels

    def label(kind: str, code: str, fn: Callable[[str], str]) -> str:
        key = (kind, code)
        found = memo.get(key)
        if found is None:
            found = memo[key] = fn(code)
        return found

    values = {
        "student_no": row.student_no,
        "name": row.name,
        "gender": label("g", row.gender, gender_label),
        "birth_date": row.birth_date,
        "id_number_masked": row.id_number_masked,
        "major": row.major,
        "class_group": row.class_group,
        "status": label("s", row.status, status_label),
        "report_status": label("r", row.report_status, report_status_label),
    }
    return tuple(values[field] for field, _ in COLUMNS)


class StudentTableModel(QAbstractTableModel):
    """Read-only rows of the student list. ``row_at`` gives the service's row back."""

    # (sort key of services.student_list, descending): the page queries the archive again.
    sortRequested = Signal(str, bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._display: list[tuple[str, ...]] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        labels: dict[tuple[str, str], str] = {}
        self._display = [_display(r, labels) for r in self._rows]
        self.endResetModel()

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Ask for the archive's order instead of sorting the shown rows (they are only a page)."""
        if 0 <= column < len(COLUMNS):
            field = COLUMNS[column][0]
            descending = order == Qt.SortOrder.DescendingOrder
            self.sortRequested.emit(SORT_KEY.get(field, field), descending)

    # -- QAbstractTableModel ---------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        role = int(role)
        if role != _DISPLAY and role != _TOOLTIP and role != _ALIGN:
            return None
        row, column = index.row(), index.column()
        if not index.isValid() or not (0 <= row < len(self._rows)):
            return None
        if not (0 <= column < len(COLUMNS)):
            return None
        if role == _ALIGN:
            return _CENTER if COLUMNS[column][0] in _CENTERED else None
        return self._display[row][column]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(COLUMNS):
                return _tr(COLUMNS[section][1])
            return None
        return str(section + 1) if 0 <= section < len(self._rows) else None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _FLAGS
