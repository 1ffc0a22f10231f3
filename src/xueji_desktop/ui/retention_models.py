"""The 保管期限 page's tables: the rules, the review list, the proposals and the 销毁清册.

Each is a read-only ``RowTableModel`` over the services' rows; the page replaces the rows as a
whole after every load. Document types are shown by their name (``names``: code → name, from
the rules, which list every type).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QColor

from xueji_desktop.printing.destruction_register import backups_text
from xueji_desktop.problem_texts_records import DOCUMENT_NAMES
from xueji_desktop.ui.i18n import language
from xueji_desktop.ui.table_model import QT_TRANSLATE_NOOP, RowTableModel

_RULES, _DUE, _REG = "RetentionRulesModel", "DueListModel", "DestructionRegisterModel"


def period_text(years: int | None, counted_from: str) -> tuple[str, str]:
    """(period, counted from) in words: "永久" or "10 年", "离校之日" or "添加之日"."""
    if years is None:
        return QCoreApplication.translate("RetentionRulesModel", "Permanent"), ""
    since = (
        QCoreApplication.translate("RetentionRulesModel", "the day the student left")
        if counted_from == "left"
        else QCoreApplication.translate("RetentionRulesModel", "the day the scan was added")
    )
    if years == 1:
        return QCoreApplication.translate("RetentionRulesModel", "1 year"), since
    return QCoreApplication.translate("RetentionRulesModel", "%1 years").replace(
        "%1", str(years)
    ), since


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


class _Named(RowTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.names: dict[str, str] = {}
        self.lang = language()

    def type_name(self, code: str, name: str = "") -> str:
        """The type's English name in the English UI where the checklist has one, else the
        archive's own name."""
        if self.lang == "en" and code in DOCUMENT_NAMES:
            return DOCUMENT_NAMES[code][1]
        return name or self.names.get(code, code)


class RetentionRulesModel(_Named):
    CONTEXT = _RULES
    HEADERS = (
        QT_TRANSLATE_NOOP("RetentionRulesModel", "Document"),
        QT_TRANSLATE_NOOP("RetentionRulesModel", "Kept for"),
        QT_TRANSLATE_NOOP("RetentionRulesModel", "Counted from"),
    )

    def cell(self, item: Any, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ForegroundRole and item.years is None:
            return QColor("#555555")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return self.type_name(item.doc_type, item.name)
        period, since = period_text(item.years, item.counted_from)
        if column == 1 and getattr(item, "fixed", False):
            return self.tr_header("Permanent (student record)")
        return period if column == 1 else since


QT_TRANSLATE_NOOP("RetentionRulesModel", "Permanent")
QT_TRANSLATE_NOOP("RetentionRulesModel", "Permanent (student record)")
QT_TRANSLATE_NOOP("RetentionRulesModel", "%1 years")
QT_TRANSLATE_NOOP("RetentionRulesModel", "1 year")
QT_TRANSLATE_NOOP("RetentionRulesModel", "the day the student left")
QT_TRANSLATE_NOOP("RetentionRulesModel", "the day the scan was added")


class DueListModel(_Named):
    """The scans whose period has ended by the chosen day."""

    CONTEXT = _DUE
    HEADERS = (
        QT_TRANSLATE_NOOP("DueListModel", "Student"),
        QT_TRANSLATE_NOOP("DueListModel", "Document"),
        QT_TRANSLATE_NOOP("DueListModel", "Title"),
        QT_TRANSLATE_NOOP("DueListModel", "Added"),
        QT_TRANSLATE_NOOP("DueListModel", "Left school"),
        QT_TRANSLATE_NOOP("DueListModel", "Due on"),
        QT_TRANSLATE_NOOP("DueListModel", "Proposed"),
    )

    def cell(self, item: Any, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ForegroundRole and item.proposed:
            return QColor("#555555")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (
            item.student_label,
            self.type_name(item.doc_type),
            item.title,
            str(item.added_at or "")[:10],
            str(item.left_on or "")[:10],
            str(item.due_on or "")[:10],
            self.tr_header("Yes") if item.proposed else "",
        )
        return values[column]


QT_TRANSLATE_NOOP("DueListModel", "Yes")


class DestructionRegisterModel(_Named):
    """销毁清册 entries: the proposals awaiting a decision, or a year's entries."""

    CONTEXT = _REG
    HEADERS = (
        QT_TRANSLATE_NOOP("DestructionRegisterModel", "Serial"),
        QT_TRANSLATE_NOOP("DestructionRegisterModel", "Student"),
        QT_TRANSLATE_NOOP("DestructionRegisterModel", "Document"),
        QT_TRANSLATE_NOOP("DestructionRegisterModel", "Title"),
        QT_TRANSLATE_NOOP("DestructionRegisterModel", "Decision"),
        QT_TRANSLATE_NOOP("DestructionRegisterModel", "Backups still holding it"),
        QT_TRANSLATE_NOOP("DestructionRegisterModel", "Due on"),
        QT_TRANSLATE_NOOP("DestructionRegisterModel", "Size"),
        QT_TRANSLATE_NOOP("DestructionRegisterModel", "Proposed by"),
        QT_TRANSLATE_NOOP("DestructionRegisterModel", "Reason"),
    )
    DECISION, BACKUPS = 4, 5  # the columns tests and the page look at

    def status_text(self, item: Any) -> str:
        if item.status == "proposed":
            return self.tr_header("Awaiting approval")
        text = (
            self.tr_header("Destroyed %1 by %2")
            if item.status == "destroyed"
            else self.tr_header("Rejected %1 by %2")
        )
        text = text.replace("%1", str(item.decided_at or "")[:10])
        text = text.replace("%2", item.decided_by or "")
        remark = getattr(item, "decision_remark", "")
        text = (
            f"{text}（{remark}）"
            if remark and self.lang == "zh"
            else (f"{text} ({remark})" if remark else text)
        )
        if getattr(item, "content_kept", False):  # the bytes are still used: say so
            sep = "；" if self.lang == "zh" else "; "
            text += sep + item.outcome(self.lang)
        return text

    def backups_text(self, item: Any, sep: str = "；") -> str:
        """Which backups still hold a destroyed scan and until when (the printed register's
        wording)."""
        if item.status != "destroyed":
            return ""
        return backups_text(item.backups, self.lang).replace("\n", sep)

    def cell(self, item: Any, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ToolTipRole and column == self.BACKUPS:
            return self.backups_text(item, "\n") or None
        if role == Qt.ItemDataRole.ToolTipRole and column == self.DECISION:
            return self.status_text(item)  # the remark and a kept file's note: often long
        if role == Qt.ItemDataRole.ToolTipRole and column == 9:
            return item.reason or None
        if role == Qt.ItemDataRole.ForegroundRole and item.status == "rejected":
            return QColor("#555555")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (
            item.serial,
            item.student_label,
            self.type_name(item.doc_type, item.doc_type_name),
            item.title,
            self.status_text(item),
            self.backups_text(item),
            str(item.due_on or "")[:10],
            size_text(int(item.size or 0)),
            f"{item.proposed_by} {str(item.proposed_at or '')[:10]}",
            item.reason,
        )
        return values[column]


QT_TRANSLATE_NOOP("DestructionRegisterModel", "Awaiting approval")
QT_TRANSLATE_NOOP("DestructionRegisterModel", "Destroyed %1 by %2")
QT_TRANSLATE_NOOP("DestructionRegisterModel", "Rejected %1 by %2")
