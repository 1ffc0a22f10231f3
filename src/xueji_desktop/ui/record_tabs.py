"""The read-only tabs of a student's record view: what each shows, built from service results.

Every tab here is a plain widget filled on the GUI thread from data the worker already loaded
(ui/student_ops.py); none of them calls a service. The 附件 tab is in record_files.py, the
column titles and rows of the other list tabs in record_lists.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop import messages, problem_text
from xueji_desktop.core import codes, regions
from xueji_desktop.core.fields import FAMILY_FIELDS, STUDENT_FIELDS_BY_NAME
from xueji_desktop.core.labels import KIND_LABELS
from xueji_desktop.core.majors import MAJORS_BY_CODE
from xueji_desktop.problem_text import FIELD_NAMES_EN
from xueji_desktop.ui import i18n
from xueji_desktop.ui.student_model import (
    QT_TRANSLATE_NOOP,
    gender_label,
    report_status_label,
    status_label,
)
from xueji_desktop.ui.widgets import stamp_text

_CTX = "RecordTabs"

# The 采集表's sections (field names of core/fields.py), in the paper form's order.
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        QT_TRANSLATE_NOOP("RecordTabs", "Personal details"),
        (
            "name",
            "former_name",
            "name_pinyin",
            "english_name",
            "gender",
            "birth_date",
            "id_type",
            "id_number",
            "nationality",
            "overseas_status",
            "ethnicity",
            "political_status",
            "health_status",
            "marital_status",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("RecordTabs", "School registration"),
        (
            "student_no",
            "registry_no",
            "class_group",
            "major_code",
            "major_catalogue",
            "major_direction",
            "program_length",
            "enrolment_month",
            "student_category",
            "study_mode",
            "admission_mode",
            "boarding_mode",
            "student_source",
            "enrolment_target",
            "recruitment_mode",
            "exam_ticket_no",
            "candidate_no",
            "exam_score",
            "joint_type",
            "joint_form",
            "joint_school_code",
            "offsite_site",
            "staged_training",
            "graduation_assessment",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("RecordTabs", "Household and contact"),
        (
            "birthplace",
            "native_place",
            "source_place",
            "hukou_place",
            "hukou_address",
            "police_station",
            "hukou_type",
            "residence_type",
            "migrant_child",
            "poverty_registered",
            "train_route",
            "home_address",
            "postal_code",
            "home_phone",
            "phone",
            "email",
        ),
    ),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def field_text(name: str, value: Any, *, table: str = "", kind: str = "") -> str:
    """A stored value as the paper form writes it (code labels, region names, 是/否)."""
    if value is None or value == "":
        return ""
    spec = STUDENT_FIELDS_BY_NAME.get(name)
    kind = kind or (spec.kind if spec else "text")
    table = table or (spec.table if spec else "")
    if name == "gender":
        return gender_label(str(value))
    if kind == "code" and table:
        return codes.label_of(table, str(value))
    if kind == "region":
        return regions.region_name(str(value)) or str(value)
    if kind == "bool":
        return (
            QCoreApplication.translate("RecordTabs", "Yes")
            if int(value)
            else (QCoreApplication.translate("RecordTabs", "No"))
        )
    if kind == "major":
        major = MAJORS_BY_CODE.get(str(value))
        return f"{value} {major.name}" if major else str(value)
    return str(value)


class RowsModel(QAbstractTableModel):
    """A read-only table of display strings: the record view's small lists."""

    def __init__(self, headers: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._rows: list[tuple[str, ...]] = []

    def set_headers(self, headers: Sequence[str]) -> None:
        self.beginResetModel()
        self._headers = list(headers)
        self.endResetModel()

    def set_rows(self, rows: Sequence[Sequence[object]]) -> None:
        self.beginResetModel()
        self._rows = [tuple("" if v is None else str(v) for v in r) for r in rows]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        if not (0 <= index.column() < len(row)):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row[index.column()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return str(section + 1) if 0 <= section < len(self._rows) else None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def rows_table(model: RowsModel, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


def fit(view: QTableView) -> None:
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for column in range(max(0, header.count() - 1)):
        header.resizeSection(column, header.sectionSize(column) + 16)


class BasicInfoTab(QScrollArea):
    """基本信息: every field of the record, grouped like the paper 采集表, two columns a group."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.values: dict[str, QLabel] = {}
        inner = QWidget(self)
        layout = QVBoxLayout(inner)
        for title, names in SECTIONS:
            box = QGroupBox(_tr(title), inner)
            grid = QGridLayout(box)
            grid.setHorizontalSpacing(18)
            half = (len(names) + 1) // 2
            for i, name in enumerate(names):
                form_col = 0 if i < half else 2
                row = i if i < half else i - half
                spec = STUDENT_FIELDS_BY_NAME[name]
                label = QLabel(caption(spec.name) + colon(), box)
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                value = QLabel(box)
                value.setObjectName(f"value_{name}")
                value.setTextFormat(Qt.TextFormat.PlainText)
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                value.setWordWrap(True)
                grid.addWidget(label, row, form_col)
                grid.addWidget(value, row, form_col + 1)
                self.values[name] = value
            grid.setColumnStretch(1, 1)
            grid.setColumnStretch(3, 1)
            layout.addWidget(box)
        layout.addStretch(1)
        self.setWidget(inner)

    def show_record(self, record: dict[str, Any]) -> None:
        for name, label in self.values.items():
            label.setText(field_text(name, record.get(name)))


def caption(name: str, *, family: bool = False) -> str:
    """A field's name in the UI's language: the national template's label in Chinese (what the
    clerk knows from the paper form and the national system), the English name otherwise."""
    if family:
        spec = next(f for f in FAMILY_FIELDS if f.name == name)
        return spec.label if i18n.language() == "zh" else FIELD_NAMES_EN.get(name, spec.label)
    return problem_text.field_text(name, i18n.language())


def colon() -> str:
    return "：" if i18n.language() == "zh" else ":"


def family_rows(members: list[dict[str, Any]]) -> tuple[list[str], list[list[str]]]:
    headers = [caption(f.name, family=True) for f in FAMILY_FIELDS]
    rows = [
        [field_text(f.name, m.get(f.name), table=f.table, kind=f.kind) for f in FAMILY_FIELDS]
        for m in members
    ]
    return headers, rows


def status_texts(record: dict[str, Any]) -> tuple[str, str]:
    return status_label(record.get("status", "")), report_status_label(
        record.get("report_status", "")
    )


def history_rows(entries: Sequence[Any]) -> list[tuple[str, ...]]:
    """历史: time, user, field label, before, after, reason (oldest first, as the service gives)."""

    lang = i18n.language()

    def label(name: str) -> str:
        if name in STUDENT_FIELDS_BY_NAME:
            return caption(name)
        return messages.field_name(name, lang)

    def value(name: str, raw: str | None, entity: str) -> str:
        if raw is None or raw == "":
            return ""
        if entity == "paper_file" and name == "kept":  # 归档保存, stored as 0/1
            return field_text(name, raw, kind="bool")
        if name in ("status", "report_status"):
            return messages.status_label(raw, lang)
        if name == "graduation_outcome":
            return messages.kind_label(raw, lang)
        return field_text(name, raw) if name in STUDENT_FIELDS_BY_NAME else raw

    def reason(text: str) -> str:
        # Changes made by a 学籍异动 carry the event's kind as their reason.
        return messages.kind_label(text, lang) if text in KIND_LABELS else text

    return [
        (
            stamp_text(e.ts, seconds=True),
            e.actor,
            label(e.field),
            value(e.field, e.old_value, getattr(e, "entity", "")),
            value(e.field, e.new_value, getattr(e, "entity", "")),
            reason(e.reason),
        )
        for e in entries
    ]
