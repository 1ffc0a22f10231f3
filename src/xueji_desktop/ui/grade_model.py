"""The grade-entry sheet of one class × course × term as a table model.

Rows are the class's students; the clerk edits 成绩, 等级 and 备注 (what the bulk save takes);
补考 and 重修 are shown, not edited here (they are entered one student at a time). Typed text is
kept per cell until saved; each changed row is checked at once with the service's own rule
(services/grade_sheets.check_entry), so a bad score turns red with a plain sentence as tooltip.
A grade label typed (or pasted) under 成绩 is moved to 等级 of the same row: the rule takes a label
without a score, and the clerk meant that result.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from xueji_desktop import messages
from xueji_desktop.core.problems import Problem
from xueji_desktop.problem_text import problem_text
from xueji_desktop.services.grade_sheets import GRADE_LABELS, check_entry
from xueji_desktop.ui import i18n
from xueji_desktop.ui.events_ops import SheetRow

_CTX = "GradeSheetModel"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    return text


# (field, header); EDITABLE are the fields record_grades_bulk takes.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("student_no", QT_TRANSLATE_NOOP("GradeSheetModel", "Student no.")),
    ("name", QT_TRANSLATE_NOOP("GradeSheetModel", "Name")),
    ("status", QT_TRANSLATE_NOOP("GradeSheetModel", "Status")),
    ("score", QT_TRANSLATE_NOOP("GradeSheetModel", "Score")),
    ("grade_label", QT_TRANSLATE_NOOP("GradeSheetModel", "Grade")),
    ("makeup_score", QT_TRANSLATE_NOOP("GradeSheetModel", "Makeup exam")),
    ("retake_score", QT_TRANSLATE_NOOP("GradeSheetModel", "Retake")),
    ("remark", QT_TRANSLATE_NOOP("GradeSheetModel", "Remark")),
)
FIELDS = tuple(f for f, _ in COLUMNS)
EDITABLE = ("score", "grade_label", "remark")
SCORE_COLUMN = FIELDS.index("score")

_INVALID = QColor("#f8d0cc")
_UNSAVED = QColor("#fff4c2")
# True for a cell with a mistake: the view's delegate keeps it red even when it is selected.
INVALID_ROLE = Qt.ItemDataRole.UserRole + 1


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class GradeSheetModel(QAbstractTableModel):
    """Saved results plus the clerk's unsaved edits; ``changed`` after every edit or reload."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SheetRow] = []
        self._edits: dict[tuple[int, str], str] = {}
        self._problems: dict[int, list[Problem]] = {}  # row -> problems (typed or from the save)

    # -- loading and state -------------------------------------------------------------------

    def set_rows(self, rows: Sequence[SheetRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._edits.clear()
        self._problems.clear()
        self.endResetModel()
        self.changed.emit()

    def discard_edits(self) -> None:
        """Back to what is saved: every typed, unsaved value is dropped."""
        self.set_rows(self._rows)

    def student_id(self, row: int) -> int:
        return self._rows[row].student_id

    def saved_text(self, row: int, field: str) -> str:
        return _text(getattr(self._rows[row], field))

    def cell_text(self, row: int, field: str) -> str:
        return self._edits.get((row, field), self.saved_text(row, field))

    def dirty_rows(self) -> list[int]:
        return sorted({r for r, _ in self._edits})

    def unsaved_count(self) -> int:
        return len(self._edits)

    def invalid_count(self) -> int:
        return sum(len(self._invalid_fields(r)) for r in self._problems)

    def has_unsaved_changes(self) -> bool:
        return bool(self._edits)

    def problems(self, row: int) -> list[Problem]:
        return list(self._problems.get(row, ()))

    def _invalid_fields(self, row: int) -> set[str]:
        out = set()
        for p in self._problems.get(row, ()):
            out.add(p.field if p.field in EDITABLE else "score")
        return out

    # -- editing --------------------------------------------------------------------------------

    def set_text(self, row: int, field: str, text: str) -> bool:
        """Put the clerk's text into a cell; False when the cell is not editable."""
        if field not in EDITABLE or not 0 <= row < len(self._rows):
            return False
        text = text.strip()
        if field == "score" and text in GRADE_LABELS:
            self._put(row, "score", "")
            field = "grade_label"
        self._put(row, field, text)
        self._recheck(row)
        left, right = self.index(row, 0), self.index(row, len(COLUMNS) - 1)
        self.dataChanged.emit(left, right)
        self.changed.emit()
        return True

    def _put(self, row: int, field: str, text: str) -> None:
        if text == self.saved_text(row, field):
            self._edits.pop((row, field), None)
        else:
            self._edits[(row, field)] = text

    def paste(self, row: int, column: int, block: Sequence[Sequence[str]]) -> int:
        """Fill from (row, column) down and right; cells outside the sheet or not editable are
        skipped. Returns how many cells were filled."""
        filled = 0
        for dr, values in enumerate(block):
            moved = False  # a label under 成绩 went to 等级: an empty 等级 cell must not clear it
            for dc, value in enumerate(values):
                c = column + dc
                if c >= len(FIELDS) or (moved and FIELDS[c] == "grade_label" and not value.strip()):
                    continue
                moved = moved or (FIELDS[c] == "score" and value.strip() in GRADE_LABELS)
                if self.set_text(row + dr, FIELDS[c], value):
                    filled += 1
        return filled

    def _recheck(self, row: int) -> None:
        if not any(r == row for r, _ in self._edits):
            self._problems.pop(row, None)
            return
        check = check_entry(self.cell_text(row, "score"), self.cell_text(row, "grade_label"))
        if check.problems:
            self._problems[row] = list(check.problems)
        else:
            self._problems.pop(row, None)

    def payload(self) -> list[dict[str, object]]:
        """The changed rows as record_grades_bulk takes them (call only when nothing is invalid)."""
        rows: list[dict[str, object]] = []
        for r in self.dirty_rows():
            check = check_entry(self.cell_text(r, "score"), self.cell_text(r, "grade_label"))
            rows.append({"student_id": self._rows[r].student_id, "score": check.score,
                         "grade_label": check.grade_label,
                         "remark": self.cell_text(r, "remark")})  # fmt: skip
        return rows

    def apply_save_problems(self, problems: dict[int, list[Problem]]) -> None:
        """Problems the service found, by index into ``payload()``: shown on those rows."""
        dirty = self.dirty_rows()
        for index, found in problems.items():
            if 0 <= index < len(dirty):
                self._problems[dirty[index]] = list(found)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(FIELDS) - 1)
            )
        self.changed.emit()

    def first_invalid(self) -> QModelIndex:
        for row in sorted(self._problems):
            fields = self._invalid_fields(row)
            for c, f in enumerate(FIELDS):
                if f in fields:
                    return self.index(row, c)
        return QModelIndex()

    # -- Qt model interface ----------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return QCoreApplication.translate(_CTX, COLUMNS[section][1])
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if FIELDS[index.column()] in EDITABLE:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, field = index.row(), FIELDS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if field == "status":
                return messages.status_label(self._rows[row].status, i18n.language())
            return self.cell_text(row, field)
        if role == Qt.ItemDataRole.BackgroundRole:
            if field in self._invalid_fields(row):
                return QBrush(_INVALID)
            if (row, field) in self._edits:
                return QBrush(_UNSAVED)
            return None
        if role == Qt.ItemDataRole.ToolTipRole and field in self._invalid_fields(row):
            lang = i18n.language()
            found = [
                p
                for p in self._problems.get(row, ())
                if (p.field if p.field in EDITABLE else "score") == field
            ]
            return "\n".join(self._problem_text(p, lang) for p in found)
        if role == INVALID_ROLE:
            return field in self._invalid_fields(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and field in (
            "score",
            "makeup_score",
            "retake_score",
        ):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    @staticmethod
    def _problem_text(problem: Problem, lang: str) -> str:
        if problem.field == "score" and problem.code == "invalid_type":
            # Text that is neither a number nor a label: say what goes where, in plain words.
            return QCoreApplication.translate(
                "GradeSheetModel",
                "Type a number from 0 to 100 here. A grade (%1) goes in the Grade column.",
            ).replace("%1", "、".join(GRADE_LABELS))
        return problem_text(problem, lang)

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: object, role: int = 2
    ) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        return self.set_text(
            index.row(), FIELDS[index.column()], "" if value is None else str(value)
        )
