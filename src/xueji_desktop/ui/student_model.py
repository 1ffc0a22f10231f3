"""The student list: a table model over ``services.students.StudentRow`` and its search filter.

Display strings and one lower-cased search text per row are computed once when rows arrive, so
search-as-you-type compares plain Python strings instead of asking the model cell by cell (Qt's
own all-column filter is far too slow on a large school; see issue 4, §7).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from xueji_desktop.services.students import StudentRow

_CTX = "StudentTableModel"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Mark a string for translation where it is defined; it is translated where it is shown."""
    return text


# (StudentRow field, header). Order follows the paper 采集表.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("student_no", QT_TRANSLATE_NOOP("StudentTableModel", "Student no.")),
    ("name", QT_TRANSLATE_NOOP("StudentTableModel", "Name")),
    ("gender", QT_TRANSLATE_NOOP("StudentTableModel", "Gender")),
    ("birth_date", QT_TRANSLATE_NOOP("StudentTableModel", "Date of birth")),
    ("id_number_masked", QT_TRANSLATE_NOOP("StudentTableModel", "ID number")),
    ("major", QT_TRANSLATE_NOOP("StudentTableModel", "Major")),
    ("class_group", QT_TRANSLATE_NOOP("StudentTableModel", "Class")),
    ("status", QT_TRANSLATE_NOOP("StudentTableModel", "Status")),
)

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
}

_CENTERED = {"gender"}


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def gender_label(code: str) -> str:
    return _tr(GENDERS[code]) if code in GENDERS else code


def status_label(code: str) -> str:
    return _tr(STATUSES[code]) if code in STATUSES else code


def _display(row: StudentRow) -> tuple[str, ...]:
    values = {
        "student_no": row.student_no,
        "name": row.name,
        "gender": gender_label(row.gender),
        "birth_date": row.birth_date,
        "id_number_masked": row.id_number_masked,
        "major": row.major,
        "class_group": row.class_group,
        "status": status_label(row.status),
    }
    return tuple(values[field] for field, _ in COLUMNS)


class StudentTableModel(QAbstractTableModel):
    """Read-only rows of the student list. ``row_at`` gives the service's row back."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[StudentRow] = []
        self._display: list[tuple[str, ...]] = []
        self._search: list[str] = []

    def set_rows(self, rows: Sequence[StudentRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._display = [_display(r) for r in self._rows]
        self._search = ["\x1f".join(d).casefold() for d in self._display]
        self.endResetModel()

    def row_at(self, row: int) -> StudentRow:
        return self._rows[row]

    def matches(self, row: int, terms: Sequence[str]) -> bool:
        """True when every (case-folded) term occurs in one of the row's visible values."""
        text = self._search[row]
        return all(term in text for term in terms)

    # -- QAbstractTableModel ---------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if not (0 <= index.column() < len(COLUMNS)):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._display[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and COLUMNS[index.column()][0] in _CENTERED:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

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
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class StudentFilterProxy(QSortFilterProxyModel):
    """Search over every visible column; several words must all match (e.g. "2024 计算机")."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._terms: tuple[str, ...] = ()
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortLocaleAware(True)

    def set_search(self, text: str) -> None:
        terms = tuple(text.casefold().split())
        if terms == self._terms:
            return
        self.beginFilterChange()
        self._terms = terms
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if not self._terms:
            return True
        model = self.sourceModel()
        assert isinstance(model, StudentTableModel)
        return model.matches(source_row, self._terms)
