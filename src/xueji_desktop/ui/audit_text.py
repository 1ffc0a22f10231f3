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

from xueji_desktop import messages
from xueji_desktop.core.errors import RecordInvalid
from xueji_desktop.core.labels import KIND_LABELS as CHANGE_KINDS
from xueji_desktop.core.labels import REPORT_STATUS_LABELS, STATUS_LABELS
from xueji_desktop.core.problems import Problem
from xueji_desktop.messages_audit_view import CHAIN_STATUS_TEXTS
from xueji_desktop.messages_statistics import ACTION_TEXTS
from xueji_desktop.problem_text import field_text, problem_text
from xueji_desktop.services.audit_access import ACTION_CLASSES, AccessKind
from xueji_desktop.services.audit_access_export import StudentLabel
from xueji_desktop.services.audit_view import AuditItem, ChainStatus
from xueji_desktop.ui import i18n
from xueji_desktop.ui.logs import error_sentence
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
# The detail keys the services write, in words (zh, en); a key not here shows as written.
DETAIL_KEYS: dict[str, tuple[str, str]] = {
    "fields": ("改动的项目", "Fields changed"),
    "reason": ("原因", "Reason"),
    "count": ("数量", "Count"),
    "change_id": ("学籍异动编号", "Status change no."),
    "kind": ("类别", "Kind"),
    "status_before": ("原学籍状态", "Status before"),
    "status_after": ("新学籍状态", "Status after"),
    "effective_date": ("生效日期", "Effective date"),
    "class_group_id": ("班级", "Class"),
    "from_school": ("转出学校", "From school"),
    "to_school": ("转入学校", "To school"),
    "major_code": ("专业", "Major"),
    "document_no": ("文号", "Document no."),
    "package_id": ("档案包编号", "Package no."),
    "batch_id": ("批次编号", "Batch no."),
    "attachment_id": ("材料编号", "Scan no."),
    "dispatch_id": ("寄送编号", "Dispatch no."),
    "loan_id": ("借阅编号", "Loan no."),
    "file": ("文件", "File"),
    "lang": ("语言", "Language"),
    "name": ("名称", "Name"),
    "code": ("代码", "Code"),
    "from": ("从", "From"),
    "to": ("到", "To"),
    "old": ("原值", "Before"),
    "new": ("新值", "After"),
    "before": ("改动前", "Before"),
    "after": ("改动后", "After"),
    "term": ("学期", "Term"),
    "state": ("状态", "State"),
    "result": ("结果", "Result"),
    "purpose": ("用途", "Purpose"),
    "student_no": ("学号", "Student no."),
    "start_date": ("开始日期", "Start date"),
    "end_date": ("结束日期", "End date"),
    "due_on": ("到期日期", "Due on"),
    "source": ("来源", "Source"),
    "serial": ("编号", "Serial no."),
    "serials": ("编号", "Serial nos."),
    "kept": ("归档保存", "Kept"),
    "value": ("值", "Value"),
    "unchanged": ("未改动", "Unchanged"),
    "saved": ("已保存", "Saved"),
    "ok": ("是否通过", "Passed"),
}
_STATUS_KEYS = frozenset({"status_before", "status_after", "status", "report_status"})


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


def detail_key(key: str) -> str:
    pair = DETAIL_KEYS.get(key)
    return pair[_lang_index()] if pair else key


def _code_value(key: str, value: object, classes: Mapping[int, str]) -> str | None:
    """A stored code in words (学籍状态, 异动类别, the class's name); None: not a code."""
    lang = i18n.language()
    if key in _STATUS_KEYS and isinstance(value, str):
        if value in STATUS_LABELS or value in REPORT_STATUS_LABELS:
            return messages.status_label(value, lang)
        if value == "none":  # a 转入 student had no status here before
            return "(none)" if _lang_index() else "（无）"
    if key == "kind" and isinstance(value, str) and value in CHANGE_KINDS:
        return messages.kind_label(value, lang)
    if key == "class_group_id" and isinstance(value, int) and not isinstance(value, bool):
        return classes.get(value)
    return None


def _value(key: str, value: object, classes: Mapping[int, str] | None = None) -> str:
    worded = _code_value(key, value, classes or {})
    if worded is not None:
        return worded
    if key == "fields" and isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = "、".join(field_text(v, i18n.language()) for v in value)  # names, not codes
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _VALUE_CHARS else text[:_VALUE_CHARS] + "…"


def target_text(
    item: AuditItem, labels: Mapping[int, StudentLabel], classes: Mapping[int, str]
) -> str:
    """What the entry concerns, as a clerk can find it: a student by name and 学号, a class by
    its name; other targets by their kind and stored id (a document's id is its 文号)."""
    kind = TARGET_LABELS.get(item.target_type)
    what = QCoreApplication.translate(_CTX, kind) if kind else item.target_type
    number = int(item.target_id) if item.target_id.isdigit() else None
    if item.target_type == "student" and number is not None:
        return f"{what} {_short(labels.get(number), number)}"
    if item.target_type == "class_group" and number is not None and number in classes:
        return f"{what} {classes[number]}"
    return f"{what} {item.target_id}".strip()


def detail_lines(
    item: AuditItem,
    labels: Mapping[int, StudentLabel],
    classes: Mapping[int, str] | None = None,
) -> list[str]:
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
    classes = classes or {}
    if item.target_type:
        target = target_text(item, labels, classes)
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
            ("  {}：{}" if not _lang_index() else "  {}: {}").format(
                detail_key(key), _value(key, value, classes)
            )
            for key, value in sorted(item.details.items())
            if value not in ("", None, [], {}) and key not in _NAMED_ABOVE
        ]
    return lines


def change_rows(
    item: AuditItem, classes: Mapping[int, str] | None = None
) -> list[tuple[str, str, str, str]]:
    """(field, before, after, reason) of a record change, worded as the record's history tab
    words them (labels for codes, 学籍状态 names); a class by its name, not its stored id."""
    classes = classes or {}

    def named(field: str, raw: str | None) -> str | None:
        if field == "class_group_id" and raw and raw.isdigit():
            return classes.get(int(raw), raw)
        return raw

    rows = history_rows(
        [
            SimpleNamespace(
                ts=item.ts,
                actor=item.actor,
                field=c.field,
                old_value=named(c.field, c.old_value),
                new_value=named(c.field, c.new_value),
                entity=c.entity,
                reason=c.reason,
            )
            for c in item.changes
        ]
    )
    return [(r[2], r[3], r[4], r[5]) for r in rows]


def query_error_sentence(error: BaseException) -> str:
    """A refused query: what to correct in its filters, under a query's heading (nothing was
    being saved, so not the record-save heading); other errors as everywhere else."""
    if not isinstance(error, RecordInvalid):
        return error_sentence(error)
    problems = [p for p in error.problems if isinstance(p, Problem)]
    if not problems:
        return error_sentence(error)
    lang = i18n.language()
    if len(problems) == 1:
        heading = QCoreApplication.translate("AuditText", "The query has 1 thing to correct:")
    else:
        heading = QCoreApplication.translate(
            "AuditText", "The query has %1 things to correct:"
        ).replace("%1", str(len(problems)))
    return "\n".join([heading, *(problem_text(p, lang) for p in problems)])
