"""A record as the national template shows it: Chinese column names, labels instead of codes.

Used for the CLI's JSON (input and output are keyed by template labels), and by export. Codes
are stored; labels are shown and exported (domain.md §2.2). Region codes stay codes: the template
columns are 行政区划码.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from xueji_desktop.core import codes
from xueji_desktop.core.fields import (
    FAMILY_FIELDS,
    FAMILY_KEY,
    STUDENT_FIELDS,
    STUDENT_FIELDS_BY_NAME,
    FieldSpec,
)
from xueji_desktop.core.labels import KIND_LABELS, REPORT_STATUS_LABELS, STATUS_LABELS

__all__ = [
    "EXTRA_LABELS",
    "KIND_LABELS",
    "REPORT_STATUS_LABELS",
    "STATUS_LABELS",
    "field_label",
    "to_template",
]

# Archive columns that are not template fields, as they appear in JSON output.
EXTRA_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "id": "记录号",
        "status": "学籍状态",
        "report_status": "上报状态",
        "returned_reason": "退回原因",
        "graduation_outcome": "毕业结论",
        "graduation_date": "毕业日期",
        "diploma_no": "毕业证书编号",
        "voided": "已作废",
        "void_reason": "作废原因",
        "major_name": "专业名称",
    }
)


def field_label(name: str) -> str:
    """The Chinese column name of an internal field name (dotted family paths too)."""
    head, _, rest = name.partition(".")
    if head == "family_members" and rest:
        index, _, sub = rest.partition(".")
        member = next((f.label for f in FAMILY_FIELDS if f.name == sub), sub)
        number = int(index) + 1 if index.isdigit() else index
        return f"{FAMILY_KEY}{number}.{member}" if sub else f"{FAMILY_KEY}{number}"
    if head == "family_members":
        return FAMILY_KEY
    spec = STUDENT_FIELDS_BY_NAME.get(name)
    if spec is not None:
        return spec.label
    return EXTRA_LABELS.get(name, name)


def _shown(spec: FieldSpec, value: Any) -> Any:
    if value is None or value == "":
        return ""
    if spec.kind == "bool":
        return "是" if value in (1, True, "1") else "否"
    if spec.kind == "code" and spec.table:
        return codes.label_of(spec.table, str(value)) or str(value)
    return value


def to_template(record: Mapping[str, Any]) -> dict[str, Any]:
    """Internal record (students row + ``class_group`` name + ``family_members``) -> template
    keys and shown values. Unknown internal columns are left out."""
    out: dict[str, Any] = {}
    for spec in STUDENT_FIELDS:
        if spec.name in record:
            value = record[spec.name]
            out[spec.label] = "" if value is None else _shown(spec, value)
    for name, label in EXTRA_LABELS.items():
        if name not in record:
            continue
        value = record[name]
        if name == "status":
            value = STATUS_LABELS.get(str(value), value)
        elif name == "report_status":
            value = REPORT_STATUS_LABELS.get(str(value), value)
        elif name == "voided":
            value = bool(value)
        out[label] = "" if value is None else value
    if "family_members" in record:
        out[FAMILY_KEY] = [
            {f.label: _shown(f, member.get(f.name)) for f in FAMILY_FIELDS}
            for member in record["family_members"]
        ]
    return out
