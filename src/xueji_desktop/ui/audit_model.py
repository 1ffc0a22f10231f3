"""The tables of the audit pages: audit entries (paged, older pages appended), a change's
before/after, and the access report per user, per student and what it cannot attribute."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QColor

from xueji_desktop.services.audit_access import ACCESS_KINDS, AccessReport
from xueji_desktop.services.audit_access_export import StudentLabel
from xueji_desktop.services.audit_view import AuditItem
from xueji_desktop.ui import audit_text
from xueji_desktop.ui.table_model import QT_TRANSLATE_NOOP, RowTableModel
from xueji_desktop.ui.widgets import stamp_text

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CHANGE_COLOUR = QColor("#8a4b00")  # changes stand out from reads, without alarm red


class AuditModel(RowTableModel):
    """Audit entries, newest first; ``append`` adds an older page below."""

    CONTEXT = "AuditModel"
    HEADERS = (
        QT_TRANSLATE_NOOP("AuditModel", "Time"),
        QT_TRANSLATE_NOOP("AuditModel", "User"),
        QT_TRANSLATE_NOOP("AuditModel", "Action"),
        QT_TRANSLATE_NOOP("AuditModel", "Kind"),
        QT_TRANSLATE_NOOP("AuditModel", "Students"),
        QT_TRANSLATE_NOOP("AuditModel", "No."),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.labels: dict[int, StudentLabel] = {}

    def set_entries(self, items: Sequence[AuditItem], labels: Mapping[int, StudentLabel]) -> None:
        self.labels = dict(labels)
        self.set_rows(items)

    def append(self, items: Sequence[AuditItem], labels: Mapping[int, StudentLabel]) -> None:
        if not items:
            return
        self.labels.update(labels)
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(items) - 1)
        self._rows.extend(items)
        self.endInsertRows()

    def item(self, row: int) -> AuditItem:
        found: AuditItem = self.row_at(row)
        return found

    def cell(self, item: AuditItem, column: int, role: int) -> object:
        if role == _ALIGN and column == 5:
            return _RIGHT
        if role == _FOREGROUND and item.kind == "changed" and column in (2, 3):
            return _CHANGE_COLOUR
        if role not in (_DISPLAY, _TOOLTIP):
            return None
        if column == 0:
            return stamp_text(item.ts, seconds=True)
        if column == 1:
            return item.actor
        if column == 2:
            return audit_text.action_text(item.action)
        if column == 3:
            return audit_text.kind_text(item.kind)
        if column == 4:
            return audit_text.students_text(item, self.labels)
        return str(item.seq)


class TextRowsModel(RowTableModel):
    """Rows of ready texts under translated headers (the before/after of one change)."""

    CONTEXT = "AuditModel"
    HEADERS = (
        QT_TRANSLATE_NOOP("AuditModel", "Field"),
        QT_TRANSLATE_NOOP("AuditModel", "Before"),
        QT_TRANSLATE_NOOP("AuditModel", "After"),
        QT_TRANSLATE_NOOP("AuditModel", "Reason"),
    )

    def cell(self, item: Any, column: int, role: int) -> object:
        if role in (_DISPLAY, _TOOLTIP):
            return str(item[column])
        return None


_KIND_COUNT_HEADERS = (
    QT_TRANSLATE_NOOP("AuditModel", "Students viewed"),
    QT_TRANSLATE_NOOP("AuditModel", "Students printed"),
    QT_TRANSLATE_NOOP("AuditModel", "Students exported"),
    QT_TRANSLATE_NOOP("AuditModel", "Students changed"),
)


class AccessUserModel(RowTableModel):
    """Per user: how many distinct students they viewed, printed, exported, changed."""

    CONTEXT = "AuditModel"
    HEADERS = (QT_TRANSLATE_NOOP("AuditModel", "User"), *_KIND_COUNT_HEADERS)

    def set_report(self, report: AccessReport) -> None:
        self.set_rows(
            [
                (actor, *(int(kinds.get(k, 0)) for k in ACCESS_KINDS))
                for actor, kinds in sorted(report.per_user.items())
            ]
        )

    def cell(self, item: Any, column: int, role: int) -> object:
        if role == _ALIGN and column > 0:
            return _RIGHT
        if role in (_DISPLAY, _TOOLTIP):
            return str(item[column])
        return None


class AccessStudentModel(RowTableModel):
    """Per student: who viewed, printed, exported, changed their data."""

    CONTEXT = "AuditModel"
    HEADERS = (
        QT_TRANSLATE_NOOP("AuditModel", "Student no."),
        QT_TRANSLATE_NOOP("AuditModel", "Name"),
        QT_TRANSLATE_NOOP("AuditModel", "Class"),
        QT_TRANSLATE_NOOP("AuditModel", "Viewed by"),
        QT_TRANSLATE_NOOP("AuditModel", "Printed by"),
        QT_TRANSLATE_NOOP("AuditModel", "Exported by"),
        QT_TRANSLATE_NOOP("AuditModel", "Changed by"),
    )

    def set_report(self, report: AccessReport, labels: Mapping[int, StudentLabel]) -> None:
        rows = []
        for sid, kinds in report.per_student.items():
            label = labels.get(sid)
            who = label or StudentLabel(sid, f"#{sid}", "", "")
            rows.append((who, *("、".join(kinds.get(k, ())) for k in ACCESS_KINDS)))
        rows.sort(key=lambda r: (r[0].student_no or "~", r[0].student_id))
        self.set_rows(rows)

    def student_id(self, row: int) -> int:
        return int(self.row_at(row)[0].student_id)

    def cell(self, item: Any, column: int, role: int) -> object:
        if role not in (_DISPLAY, _TOOLTIP):
            return None
        who: StudentLabel = item[0]
        if column == 0:
            return who.student_no
        if column == 1:
            return who.name
        if column == 2:
            return who.class_name
        return str(item[column - 2])


class UnattributedModel(RowTableModel):
    """Entries on students' data that name no student, counted per action."""

    CONTEXT = "AuditModel"
    HEADERS = (
        QT_TRANSLATE_NOOP("AuditModel", "Action"),
        QT_TRANSLATE_NOOP("AuditModel", "Entries"),
    )

    def set_report(self, report: AccessReport) -> None:
        self.set_rows(sorted(report.unattributed.items()))

    def cell(self, item: Any, column: int, role: int) -> object:
        if role == _ALIGN and column == 1:
            return _RIGHT
        if role not in (_DISPLAY, _TOOLTIP):
            return None
        return audit_text.action_text(item[0]) if column == 0 else str(item[1])
