"""The words of the audit pages: action names, access kinds, the chain sentence, an entry's
details and its before/after, in the language the UI shows.

Action names come from ``messages_statistics.ACTION_TEXTS`` (zh, en), the one table the
statistics page's work log uses too; an action it does not name shows its code, so a new action
is never hidden.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from types import SimpleNamespace

from PySide6.QtCore import QCoreApplication

from xueji_desktop.messages_audit_view import CHAIN_STATUS_TEXTS
from xueji_desktop.messages_statistics import ACTION_TEXTS
from xueji_desktop.problem_text import field_text
from xueji_desktop.services.audit_access import ACTION_CLASSES, AccessKind
from xueji_desktop.services.audit_access_export import StudentLabel
from xueji_desktop.services.audit_view import AuditItem, ChainStatus
from xueji_desktop.ui import i18n
from xueji_desktop.ui.record_tabs import history_rows
from xueji_desktop.ui.table_model import QT_TRANSLATE_NOOP
from xueji_desktop.ui.widgets import stamp_text

_CTX = "AuditText"
KIND_ORDER: tuple[AccessKind, ...] = ("viewed", "printed", "exported", "changed", "other")
KIND_LABELS: dict[str, str] = {
    "viewed": QT_TRANSLATE_NOOP("AuditText", "Viewed"),
    "printed": QT_TRANSLATE_NOOP("AuditText", "Printed"),
    "exported": QT_TRANSLATE_NOOP("AuditText", "Exported"),
    "changed": QT_TRANSLATE_NOOP("AuditText", "Changed"),
    "other": QT_TRANSLATE_NOOP("AuditText", "Other"),
}
# What an entry's target is, by target_type (an unknown type shows as written).
TARGET_LABELS: dict[str, str] = {
    "student": QT_TRANSLATE_NOOP("AuditText", "student"),
    "user": QT_TRANSLATE_NOOP("AuditText", "user"),
    "document": QT_TRANSLATE_NOOP("AuditText", "document no."),
    "archive": QT_TRANSLATE_NOOP("AuditText", "the archive"),
    "settings": QT_TRANSLATE_NOOP("AuditText", "setting"),
    "transfer_package": QT_TRANSLATE_NOOP("AuditText", "transfer package"),
    "term": QT_TRANSLATE_NOOP("AuditText", "term"),
    "major": QT_TRANSLATE_NOOP("AuditText", "major"),
    "file_intake": QT_TRANSLATE_NOOP("AuditText", "receiving batch"),
    "course": QT_TRANSLATE_NOOP("AuditText", "course"),
    "backup_drive": QT_TRANSLATE_NOOP("AuditText", "backup drive"),
    "backup": QT_TRANSLATE_NOOP("AuditText", "backup"),
    "template": QT_TRANSLATE_NOOP("AuditText", "template"),
    "sheet": QT_TRANSLATE_NOOP("AuditText", "grade sheet"),
    "document_type": QT_TRANSLATE_NOOP("AuditText", "document type"),
    "class_group": QT_TRANSLATE_NOOP("AuditText", "class"),
    "backup_schedule": QT_TRANSLATE_NOOP("AuditText", "backup time"),
}
_SHOWN_STUDENTS = 20  # a batch names thousands: the pane names the first ones, counts the rest
# detail keys whose students the pane already names (services/audit_access reads the same keys)
_NAMED_ABOVE = frozenset({"student_id", "student_ids", "new_ids", "updated_ids"})
_VALUE_CHARS = 300


def _lang_index() -> int:
    return 1 if i18n.language() == "en" else 0


def action_text(action: str) -> str:
    """The action in words ("修改学生信息"), or its code when no wording exists."""
    pair = ACTION_TEXTS.get(action)
    return str(pair[_lang_index()]) if pair else action


def kind_text(kind: str) -> str:
    return QCoreApplication.translate(_CTX, KIND_LABELS.get(kind, KIND_LABELS["other"]))


def actions_by_kind() -> list[tuple[AccessKind, list[str]]]:
    """Every audited action grouped by access kind, each group sorted by its shown name."""
    groups: dict[AccessKind, list[str]] = {k: [] for k in KIND_ORDER}
    for action, kind in ACTION_CLASSES.items():
        groups[kind].append(action)
    return [(k, sorted(v, key=action_text)) for k, v in groups.items() if v]


def chain_sentence(status: ChainStatus) -> str:
    pair = CHAIN_STATUS_TEXTS.get(status.state, CHAIN_STATUS_TEXTS["broken"])
    return pair[_lang_index()].format(seq=status.bad_seq or status.head_seq, count=status.entries)


def student_text(label: StudentLabel | None, student_id: int) -> str:
    """张三（2025000101，2025级计算机1班）; a student no longer in the archive by id."""
    if label is None:
        return QCoreApplication.translate(
            "AuditText", "student #%1 (no longer in the archive)"
        ).replace("%1", str(student_id))
    inside = "，".join(p for p in (label.student_no, label.class_name) if p)
    if _lang_index():
        inside = ", ".join(p for p in (label.student_no, label.class_name) if p)
        return f"{label.name} ({inside})" if inside else label.name
    return f"{label.name}（{inside}）" if inside else label.name


def _short(label: StudentLabel | None, student_id: int) -> str:
    if label is None:
        return student_text(None, student_id)
    return f"{label.name} {label.student_no}".strip()


def students_text(item: AuditItem, labels: Mapping[int, StudentLabel]) -> str:
    """The students an entry touches, for its row: one name, or "N students"."""
    ids = item.student_ids
    if not ids:
        return ""
    if len(ids) == 1:  # name and 学号 (the class is in the detail pane)
        return _short(labels.get(ids[0]), ids[0])
    return QCoreApplication.translate("AuditText", "%1 students").replace("%1", str(len(ids)))


def _value(key: str, value: object) -> str:
    if key == "fields" and isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = "、".join(field_text(v, i18n.language()) for v in value)  # names, not codes
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _VALUE_CHARS else text[:_VALUE_CHARS] + "…"


def detail_lines(item: AuditItem, labels: Mapping[int, StudentLabel]) -> list[str]:
    """The detail pane's lines: when, who, what, which students, and the entry's own details
    (as stored: ID numbers masked, secrets dropped when written)."""
    lines = [
        QCoreApplication.translate("AuditText", "Entry no.: %1").replace("%1", str(item.seq)),
        QCoreApplication.translate("AuditText", "Time: %1").replace(
            "%1", stamp_text(item.ts, seconds=True)
        ),
        QCoreApplication.translate("AuditText", "User: %1").replace("%1", item.actor),
        QCoreApplication.translate("AuditText", "Action: %1 (%2)")
        .replace("%1", action_text(item.action))
        .replace("%2", kind_text(item.kind)),
    ]
    if item.target_type:
        kind = TARGET_LABELS.get(item.target_type)
        what = QCoreApplication.translate(_CTX, kind) if kind else item.target_type
        target = f"{what} {item.target_id}".strip()
        lines.append(QCoreApplication.translate("AuditText", "Concerns: %1").replace("%1", target))
    if item.student_ids:
        ids = item.student_ids
        if len(ids) == 1:
            shown = [student_text(labels.get(ids[0]), ids[0])]
        else:  # a list: name and 学号 each (the class would repeat on every one)
            shown = [_short(labels.get(s), s) for s in ids[:_SHOWN_STUDENTS]]
        more = len(item.student_ids) - len(shown)
        if more > 0:
            shown.append(
                QCoreApplication.translate("AuditText", "and %1 more").replace("%1", str(more))
            )
        lines.append(
            QCoreApplication.translate("AuditText", "Students: %1").replace("%1", "、".join(shown))
        )
    if item.details:
        lines.append(QCoreApplication.translate("AuditText", "Details as recorded:"))
        lines += [
            f"  {key}: {_value(key, value)}"
            for key, value in sorted(item.details.items())
            if value not in ("", None, [], {}) and key not in _NAMED_ABOVE
        ]
    return lines


def change_rows(item: AuditItem) -> list[tuple[str, str, str, str]]:
    """(field, before, after, reason) of a record change, worded as the record's history tab
    words them (labels for codes, 学籍状态 names)."""
    rows = history_rows(
        [
            SimpleNamespace(
                ts=item.ts,
                actor=item.actor,
                field=c.field,
                old_value=c.old_value,
                new_value=c.new_value,
                entity=c.entity,
                reason=c.reason,
            )
            for c in item.changes
        ]
    )
    return [(r[2], r[3], r[4], r[5]) for r in rows]
