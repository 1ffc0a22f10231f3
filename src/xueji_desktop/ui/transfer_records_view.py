"""转入档案: what a student record package brought in that has no place in this archive's own
tables (the sending school's grades, status changes, conduct, history …), read-only.

The record view opens it for one student (``TransferredRecordsDialog(ctx, student_id)``). The
sections are read once on the worker (transfer_import.transferred_records); the left list names
each section with its package (school and date), the right table shows its rows as they arrived.
Nothing here can be changed: the sending school's record is evidence, kept as it came.
"""

from __future__ import annotations

import json
import re
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop import messages
from xueji_desktop.core import codes
from xueji_desktop.core.fields import STUDENT_FIELDS_BY_NAME
from xueji_desktop.core.labels import KIND_LABELS
from xueji_desktop.problem_text import field_text
from xueji_desktop.ui import transfer_ops
from xueji_desktop.ui.i18n import language
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.record_tabs import RowsModel, fit, rows_table
from xueji_desktop.ui.record_tabs import field_text as record_value
from xueji_desktop.ui.table_model import QT_TRANSLATE_NOOP
from xueji_desktop.ui.transfer_preview import local_time
from xueji_desktop.ui.widgets import ErrorLine, window_title

_C = "TransferredRecords"
SECTION_NAMES: dict[str, str] = {
    "student": QT_TRANSLATE_NOOP("TransferredRecords", "Basic information"),
    "family_members": QT_TRANSLATE_NOOP("TransferredRecords", "Family members"),
    "field_history": QT_TRANSLATE_NOOP("TransferredRecords", "History of changes"),
    "number_aliases": QT_TRANSLATE_NOOP("TransferredRecords", "Number corrections"),
    "status_changes": QT_TRANSLATE_NOOP("TransferredRecords", "Status changes"),
    "grades": QT_TRANSLATE_NOOP("TransferredRecords", "Grades"),
    "conduct": QT_TRANSLATE_NOOP("TransferredRecords", "Conduct"),
    "rewards_punishments": QT_TRANSLATE_NOOP("TransferredRecords", "Rewards and punishments"),
    "attendance": QT_TRANSLATE_NOOP("TransferredRecords", "Attendance"),
    "internships": QT_TRANSLATE_NOOP("TransferredRecords", "Internships"),
    "certificates": QT_TRANSLATE_NOOP("TransferredRecords", "Skill certificates"),
    "financial_aid": QT_TRANSLATE_NOOP("TransferredRecords", "Financial aid"),
    "destination": QT_TRANSLATE_NOOP("TransferredRecords", "Destination"),
    "paper_file": QT_TRANSLATE_NOOP("TransferredRecords", "Paper file"),
    "paper_file_contents": QT_TRANSLATE_NOOP("TransferredRecords", "Papers in the file"),
    "paper_file_loans": QT_TRANSLATE_NOOP("TransferredRecords", "File loans"),
    "documents": QT_TRANSLATE_NOOP("TransferredRecords", "Documents issued"),
}
# Column names of the sections' rows (the source tables' columns); others use field_text.
COLUMNS: dict[str, str] = {
    "course_code": QT_TRANSLATE_NOOP("TransferredRecords", "Course code"),
    "course_name": QT_TRANSLATE_NOOP("TransferredRecords", "Course"),
    "course_type": QT_TRANSLATE_NOOP("TransferredRecords", "Course type"),
    "credits": QT_TRANSLATE_NOOP("TransferredRecords", "Credits"),
    "hours": QT_TRANSLATE_NOOP("TransferredRecords", "Hours"),
    "term_code": QT_TRANSLATE_NOOP("TransferredRecords", "Term code"),
    "term_name": QT_TRANSLATE_NOOP("TransferredRecords", "Term"),
    "score": QT_TRANSLATE_NOOP("TransferredRecords", "Score"),
    "grade_label": QT_TRANSLATE_NOOP("TransferredRecords", "Grade"),
    "makeup_score": QT_TRANSLATE_NOOP("TransferredRecords", "Make-up exam"),
    "makeup_date": QT_TRANSLATE_NOOP("TransferredRecords", "Make-up date"),
    "retake_score": QT_TRANSLATE_NOOP("TransferredRecords", "Retake"),
    "retake_term_code": QT_TRANSLATE_NOOP("TransferredRecords", "Retake term"),
    "remark": QT_TRANSLATE_NOOP("TransferredRecords", "Remark"),
    "grade": QT_TRANSLATE_NOOP("TransferredRecords", "Grade"),
    "comment": QT_TRANSLATE_NOOP("TransferredRecords", "Comment"),
    "kind": QT_TRANSLATE_NOOP("TransferredRecords", "Kind"),
    "category_code": QT_TRANSLATE_NOOP("TransferredRecords", "Change"),
    "reason_code": QT_TRANSLATE_NOOP("TransferredRecords", "Cause"),
    "effective_date": QT_TRANSLATE_NOOP("TransferredRecords", "Effective"),
    "document_no": QT_TRANSLATE_NOOP("TransferredRecords", "Document no."),
    "approver": QT_TRANSLATE_NOOP("TransferredRecords", "Approved by"),
    "details": QT_TRANSLATE_NOOP("TransferredRecords", "Details"),
    "status_before": QT_TRANSLATE_NOOP("TransferredRecords", "Status before"),
    "status_after": QT_TRANSLATE_NOOP("TransferredRecords", "Status after"),
    "report_status": QT_TRANSLATE_NOOP("TransferredRecords", "Report status"),
    "revoked": QT_TRANSLATE_NOOP("TransferredRecords", "Revoked"),
    "revoke_reason": QT_TRANSLATE_NOOP("TransferredRecords", "Why revoked"),
    "revoked_at": QT_TRANSLATE_NOOP("TransferredRecords", "Revoked on"),
    "created_at": QT_TRANSLATE_NOOP("TransferredRecords", "Entered on"),
    "created_by": QT_TRANSLATE_NOOP("TransferredRecords", "Entered by"),
    "entity": QT_TRANSLATE_NOOP("TransferredRecords", "Part"),
    "field": QT_TRANSLATE_NOOP("TransferredRecords", "Field"),
    "old_value": QT_TRANSLATE_NOOP("TransferredRecords", "Before"),
    "new_value": QT_TRANSLATE_NOOP("TransferredRecords", "After"),
    "reason": QT_TRANSLATE_NOOP("TransferredRecords", "Reason"),
    "change_kind": QT_TRANSLATE_NOOP("TransferredRecords", "How"),
    "actor": QT_TRANSLATE_NOOP("TransferredRecords", "By"),
    "ts": QT_TRANSLATE_NOOP("TransferredRecords", "When"),
    "level": QT_TRANSLATE_NOOP("TransferredRecords", "Level"),
    "title": QT_TRANSLATE_NOOP("TransferredRecords", "Title"),
    "decided_on": QT_TRANSLATE_NOOP("TransferredRecords", "Decided on"),
    "issued_by": QT_TRANSLATE_NOOP("TransferredRecords", "Issued by"),
    "lifted_on": QT_TRANSLATE_NOOP("TransferredRecords", "Lifted on"),
    "employer": QT_TRANSLATE_NOOP("TransferredRecords", "Employer"),
    "position": QT_TRANSLATE_NOOP("TransferredRecords", "Position"),
    "start_date": QT_TRANSLATE_NOOP("TransferredRecords", "From"),
    "end_date": QT_TRANSLATE_NOOP("TransferredRecords", "To"),
    "name": QT_TRANSLATE_NOOP("TransferredRecords", "Name"),
    "issuer": QT_TRANSLATE_NOOP("TransferredRecords", "Issuer"),
    "certificate_no": QT_TRANSLATE_NOOP("TransferredRecords", "Certificate no."),
    "issued_on": QT_TRANSLATE_NOOP("TransferredRecords", "Issued on"),
    "amount_fen": QT_TRANSLATE_NOOP("TransferredRecords", "Amount (yuan)"),
    "paid_on": QT_TRANSLATE_NOOP("TransferredRecords", "Paid on"),
    "matches_major": QT_TRANSLATE_NOOP("TransferredRecords", "Matches the major"),
    "recorded_on": QT_TRANSLATE_NOOP("TransferredRecords", "Recorded on"),
    "doc_type": QT_TRANSLATE_NOOP("TransferredRecords", "Paper"),
    "pieces": QT_TRANSLATE_NOOP("TransferredRecords", "Pieces"),
    "borrower": QT_TRANSLATE_NOOP("TransferredRecords", "Borrower"),
    "lent_on": QT_TRANSLATE_NOOP("TransferredRecords", "Lent on"),
    "due_on": QT_TRANSLATE_NOOP("TransferredRecords", "Due back"),
    "returned_on": QT_TRANSLATE_NOOP("TransferredRecords", "Returned on"),
    "serial": QT_TRANSLATE_NOOP("TransferredRecords", "Serial"),
    "subject": QT_TRANSLATE_NOOP("TransferredRecords", "Subject"),
    "issued_at": QT_TRANSLATE_NOOP("TransferredRecords", "Issued"),
    "to_school": QT_TRANSLATE_NOOP("TransferredRecords", "To school"),
    "from_school": QT_TRANSLATE_NOOP("TransferredRecords", "From school"),
    "class_name": QT_TRANSLATE_NOOP("TransferredRecords", "Class"),
    "confirmed_at": QT_TRANSLATE_NOOP("TransferredRecords", "Confirmed on"),
    "returned_reason": QT_TRANSLATE_NOOP("TransferredRecords", "Why returned"),
    "graduation_date": QT_TRANSLATE_NOOP("TransferredRecords", "Graduation date"),
    "updated_at": QT_TRANSLATE_NOOP("TransferredRecords", "Last changed"),
}
# Keys a clerk has no use for: the sending archive's row ids and user names of routine steps.
HIDDEN = frozenset(
    {
        "id",
        "student_id",
        "class_group_id",
        "package_row",
        "confirmed_by",
        "change_kind",
        "major_name",
    }  # the major's name is already in 专业 ("710201 计算机应用")
)
# Code columns of the lists, read through the national code tables.
CODE_TABLES: dict[str, str] = {
    "category_code": "status_change_category",
    "reason_code": "status_change_reason",
}
# Yes/no columns stored as 0/1.
BOOLS = frozenset({"revoked", "matches_major", "voided", "kept"})
_ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d.*")


def column_name(key: str) -> str:
    if key in COLUMNS:
        return QCoreApplication.translate(_C, COLUMNS[key])
    return field_text(key, language())


def student_field(key: str) -> str:
    """A field of the basic information by the national template's name (姓名, not 名称)."""
    return field_text(key, language()) if key in STUDENT_FIELDS_BY_NAME else column_name(key)


def section_name(key: str) -> str:
    return QCoreApplication.translate(_C, SECTION_NAMES[key]) if key in SECTION_NAMES else key


def value_text(key: str, value: object, section: str = "") -> str:
    """A value as the clerk reads it: code values by the code tables, states and change kinds
    by name, times in local time; an unknown code stays as it came."""
    if value is None or value == "":
        return ""
    lang = language()
    if key in ("status", "status_before", "status_after", "report_status"):
        return messages.status_label(str(value), lang)
    if key in ("graduation_outcome",) or (key == "kind" and section == "status_changes"):
        return messages.kind_label(str(value), lang)
    if key == "reason" and str(value) in KIND_LABELS:  # a 学籍异动's own changes carry its kind
        return messages.kind_label(str(value), lang)
    if key == "entity":
        return section_name(str(value))
    if key in CODE_TABLES:
        return codes.label_of(CODE_TABLES[key], str(value))
    if key in BOOLS and str(value) in ("0", "1", "True", "False"):
        return record_value(key, 1 if str(value) in ("1", "True") else 0, kind="bool")
    if section == "student" and key in STUDENT_FIELDS_BY_NAME:
        return record_value(key, value)
    if isinstance(value, str) and _ISO_TIME.fullmatch(value):
        return local_time(value)
    if key == "amount_fen" and isinstance(value, int):
        return f"{value / 100:.2f}"
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a score of 88 is stored as 88.0
    if isinstance(value, str) and value.startswith("{"):
        try:  # a JSON object kept as text (a status change's details)
            value = json.loads(value)
        except ValueError:
            return str(value)
    if isinstance(value, dict):
        sep, colon = ("；", "：") if lang == "zh" else ("; ", ": ")
        return sep.join(
            f"{column_name(k)}{colon}{value_text(k, v)}"
            for k, v in value.items()
            if k not in HIDDEN
        )
    if isinstance(value, list):
        return ("；" if lang == "zh" else "; ").join(value_text(key, v) for v in value)
    return str(value)


def history_value(field: str, raw: object) -> str:
    """A 修改记录 before/after value: read as the field it belongs to (the record's own 历史
    tab does the same), so 性别 1 reads 男 and 学籍状态 enrolled reads 在籍."""
    if field == "photo_blob" and raw:  # a digest of the picture: only "there is one" means much
        return QCoreApplication.translate("TransferredRecords", "(a photo)")
    if field in STUDENT_FIELDS_BY_NAME:
        return value_text(field, raw, "student")
    return value_text(field, raw)


def history_field(field: str) -> str:
    """The changed field by the name the record uses; the messages' name for the others."""
    name = field_text(field, language()) if field else ""
    if name != field:
        return name
    name = messages.field_name(field, language())
    # The messages' English names are for sentences ("The photo"); a column wants "Photo".
    return name[4].upper() + name[5:] if name.startswith("The ") and len(name) > 4 else name


def _history_table(rows: list[dict[str, Any]]) -> tuple[list[str], list[list[str]]]:
    keys = ["ts", "actor", "field", "old_value", "new_value", "reason"]
    keys = [k for k in keys if any(row.get(k) not in (None, "") for row in rows)]
    lines = []
    for row in rows:
        field = str(row.get("field") or "")
        cells = {
            "field": history_field(field),
            "old_value": history_value(field, row.get("old_value")),
            "new_value": history_value(field, row.get("new_value")),
        }
        lines.append([cells[k] if k in cells else value_text(k, row.get(k)) for k in keys])
    return [column_name(k) for k in keys], lines


def section_table(section: Any) -> tuple[list[str], list[list[str]]]:
    """(headers, rows): the basic information as field/value lines, the lists as they came."""
    rows: list[dict[str, Any]] = [r for r in section.rows if isinstance(r, dict)]
    if section.section == "student":
        fields = [
            (k, v)
            for row in rows
            for k, v in row.items()
            if v not in (None, "") and k not in HIDDEN
        ]
        headers = [
            QCoreApplication.translate("TransferredRecords", "Field"),
            QCoreApplication.translate("TransferredRecords", "Value"),
        ]
        return headers, [[student_field(k), value_text(k, v, "student")] for k, v in fields]
    if section.section == "field_history":
        return _history_table(rows)
    keys: list[str] = []
    for row in rows:
        keys.extend(k for k in row if k not in keys and k not in HIDDEN)
    # a column empty in every row says nothing: left out
    keys = [k for k in keys if any(row.get(k) not in (None, "") for row in rows)]
    order = {k: i for i, k in enumerate(COLUMNS)}  # the source table's order, not the JSON's
    keys.sort(key=lambda k: order.get(k, len(order)))
    name = section.section
    return [column_name(k) for k in keys], [
        [value_text(k, r.get(k), name) for k in keys] for r in rows
    ]


class TransferredRecordsDialog(QDialog):
    """The transferred records of one student; ``loaded`` once they are shown."""

    loaded = Signal()

    def __init__(
        self, ctx: PageContext, student_id: int, title: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.student_id = student_id
        self.sections: list[Any] = []
        self.setObjectName("transferredRecords")
        heading = self.tr("Transferred records")
        self.setWindowTitle(window_title(f"{heading} {title}".strip(), practice=ctx.practice))
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.error_line = ErrorLine(self)
        self.list = QListWidget(self)
        self.list.setObjectName("sectionList")
        self.model = RowsModel([], self)
        self.table = rows_table(self.model, self)
        self.table.setObjectName("sectionTable")
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.list)
        split.addWidget(self.table)
        split.setStretchFactor(1, 1)
        split.setSizes([220, 680])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.error_line)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self.show_section)
        line = self.fontMetrics().lineSpacing()
        self.resize(line * 60, line * 32)
        session = ctx.session
        ctx.worker.run(
            lambda: transfer_ops.transferred_records(session, student_id),
            on_done=self._on_loaded,
            on_error=lambda e: self.error_line.show_message(error_sentence(e)),
            context=self,
        )

    def _on_loaded(self, sections: list[Any]) -> None:
        self.sections = sections
        packages = {(s.package_row, s.source_school, s.made_at[:10]) for s in sections}
        if not sections:
            self.intro.setText(self.tr("No package brought records for this student."))
        else:
            text = self.tr(
                "What the sending school kept, as it arrived with the package (%1). It is "
                "shown as it came and cannot be changed."
            )
            where = "；".join(f"{school} {day}" for _r, school, day in sorted(packages))
            self.intro.setText(text.replace("%1", where))
        many = len(packages) > 1
        for section in sections:
            count = len(section.rows) if section.section != "student" else None
            text = section_name(section.section)
            if count is not None:
                text += f"（{count}）" if language() == "zh" else f" ({count})"
            if many:
                text += f" · {section.source_school} {section.made_at[:10]}"
            QListWidgetItem(text, self.list)
        if sections:
            self.list.setCurrentRow(0)
        self.loaded.emit()

    def show_section(self, row: int) -> None:
        if not 0 <= row < len(self.sections):
            self.model.set_headers([])
            self.model.set_rows([])
            return
        headers, rows = section_table(self.sections[row])
        self.model.set_headers(headers)
        self.model.set_rows(rows)
        fit(self.table)
        self.table.horizontalScrollBar().setValue(0)


class TransferredRecordsButton(QToolButton):
    """“转入档案…” for the record view's header: hidden until the worker has found that a
    package brought records for the student; opens the dialog."""

    def __init__(
        self, ctx: PageContext, student_id: int, title: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.student_id, self.title = ctx, student_id, title
        self.setObjectName("transferredRecordsButton")
        self.setText(self.tr("Transferred records…"))
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.hide()
        self.clicked.connect(self.open_dialog)
        session = ctx.session
        ctx.worker.run(
            lambda: bool(transfer_ops.transferred_records(session, student_id)),
            on_done=self.setVisible,
            on_error=lambda _e: self.hide(),  # the record view says what is wrong with the rest
            context=self,
        )

    def open_dialog(self) -> TransferredRecordsDialog:
        dialog = TransferredRecordsDialog(self.ctx, self.student_id, self.title, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog
