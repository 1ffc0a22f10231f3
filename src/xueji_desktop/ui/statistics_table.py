"""A ``StatTable`` as a Qt table: the row label, one column per value, the totals row last.

The words of a table (its title, its column names) come with the services as (中文, English)
pairs: ``statistics.COLUMN_LABELS`` and each statistics module's own ``COLUMN_LABELS`` /
``TITLE_LABELS``; the titles of the counts the page shows are named here (``TITLE_LABELS``).
Values are written as the Excel and PDF files write them (``printing.stat_tables.value_text``):
counts as they are, rates ("…rate" columns) as percentages rounded half up on the exact fraction,
other fractions (a mean score) with one decimal, nothing to divide by as "—".
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from xueji_desktop.printing.stat_tables import value_text as printed_value
from xueji_desktop.services.statistics import StatTable, Value
from xueji_desktop.ui import i18n

# Fallback titles (the services name their own tables in TITLE_LABELS, which win).
TITLE_LABELS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "students_by_status": ("按学籍状态", "By status"),
        "students_by_intake_year": ("按入学年份", "By intake"),
        "students_by_major": ("按专业", "By major"),
        "students_by_class_group": ("按班级", "By class"),
        "students_by_gender": ("按性别", "By gender"),
        "students_by_ethnicity": ("按民族", "By ethnic group"),
        "students_by_hukou_type": ("按户口性质", "By household registration"),
        "students_by_origin_region": ("按生源地", "By home province"),
        "status_changes_per_term": ("各学期学籍异动", "Status changes per term"),
        "retention_per_intake": ("各年级巩固率与流失率", "Retention and drop-out per intake"),
        "graduate_outcomes": ("毕业生去向", "Graduate destinations"),
        "grade_distribution": ("成绩分布", "Grade distribution"),
        "health_counts": ("数据质量检查", "Data health"),
        "work_statistics": ("工作量统计", "Work statistics"),
        "work_log": ("今日工作记录", "Work log"),
    }
)
# The services that may carry their own words (tried in this order after the titles above).
_LABEL_MODULES = (
    "statistics",
    "statistics_rates",
    "statistics_dashboard",
    "statistics_grades",
    "statistics_returns",
    "work_stats",
)
ROW_KEY_ROLE = Qt.ItemDataRole.UserRole  # the row's stored key ("" for the totals row)
VALUE_ROLE = Qt.ItemDataRole.UserRole + 1  # the exact value (int, Fraction or None)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def all_labels() -> dict[str, tuple[str, str]]:
    """Every (中文, English) pair known for titles and columns; the services' words win over
    the fallbacks above, so the screen says what the Excel and PDF files say."""
    out: dict[str, tuple[str, str]] = dict(TITLE_LABELS)
    for name in _LABEL_MODULES:
        try:
            module = importlib.import_module(f"xueji_desktop.services.{name}")
        except ImportError:  # a service of this issue not in this build
            continue
        for attr in ("COLUMN_LABELS", "TITLE_LABELS"):
            mapping = getattr(module, attr, None)
            if isinstance(mapping, Mapping):
                out.update(mapping)
    return out


def labels_for(tables: Iterable[StatTable]) -> dict[str, tuple[str, str]]:
    """``all_labels`` with the words a table's own module gives its columns (work statistics:
    "entered" is 录入新生 there, 入学人数 elsewhere). Tables exported together share them."""
    out = all_labels()
    for table in tables:
        out.update(_table_columns(table.title))
    return out


def _table_columns(title: str) -> Mapping[str, tuple[str, str]]:
    if title == "work_statistics":
        from xueji_desktop.services import work_stats

        return work_stats.WORK_COLUMN_LABELS
    return {}


_LABELS_CACHE: dict[str, tuple[str, str]] = {}


def label(key: str, lang: str | None = None, *, title: str = "") -> str:
    """A title or column key in the UI's language (the key itself when nobody names it);
    ``title``: the table the column belongs to."""
    if not _LABELS_CACHE:
        _LABELS_CACHE.update(all_labels())
    pair = _table_columns(title).get(key) if title else None
    pair = pair or _LABELS_CACHE.get(key)
    if pair is None:
        return key
    return pair[0] if (lang or i18n.language()) == "zh" else pair[1]


def value_text(column: str, value: Value) -> str:
    """As the Excel and PDF files print it: a count, a rate ("66.7%"), a mean ("78.5"), "—"."""
    return printed_value(column, value)


class StatTableModel(QAbstractTableModel):
    """Read-only; replaced as a whole (``set_table``). Column 0 is the row's label."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._table: StatTable | None = None
        self._rows = 0  # the table's rows and its totals row

    def set_table(self, table: StatTable | None) -> None:
        self.beginResetModel()
        self._table = table
        self._rows = 0 if table is None else len(table.rows) + (1 if self._has_totals() else 0)
        self.endResetModel()

    def table(self) -> StatTable | None:
        return self._table

    def _has_totals(self) -> bool:
        t = self._table
        # A table whose rows do not add up (招生/毕业/在校) has totals of None only: no 合计 row.
        return (
            t is not None
            and bool(t.rows)
            and len(t.totals) == len(t.columns)
            and any(v is not None for v in t.totals)
        )

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._table is None:
            return 0
        return 1 + len(self._table.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        t = self._table
        if t is None or orientation != Qt.Orientation.Horizontal:
            return None
        if not 0 <= section <= len(t.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return QCoreApplication.translate("StatTableModel", "Item")
            return label(t.columns[section - 1], title=t.title)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_LEFT if section == 0 else _RIGHT)
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        t = self._table
        if t is None or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if not 0 <= row < self._rows or not 0 <= column <= len(t.columns):
            return None
        totals = row == len(t.rows)
        values = t.totals if totals else t.rows[row].values
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                if totals:
                    return QCoreApplication.translate("StatTableModel", "Total")
                r = t.rows[row]
                return r.label_zh if i18n.language() == "zh" else r.label_en
            return value_text(t.columns[column - 1], values[column - 1])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_LEFT if column == 0 else _RIGHT)
        if role == Qt.ItemDataRole.FontRole and totals:
            font = QFont()
            font.setBold(True)
            return font
        if role == ROW_KEY_ROLE:
            return "" if totals else t.rows[row].key
        if role == VALUE_ROLE and column > 0:
            return values[column - 1]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
