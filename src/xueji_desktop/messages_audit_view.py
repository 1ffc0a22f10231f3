"""Clerk sentences (zh, en) for the audit viewer and access report (issue 9 §2): the filters'
problems, their field names, and what the chain check says on open."""

from __future__ import annotations

# Problem code -> (zh, en) with {field} and params; merged into SERVICE_PROBLEM_TEXTS.
AUDIT_VIEW_PROBLEMS: dict[str, tuple[str, str]] = {
    "audit_bad_actor": (
        "{field}填写有误，请从列表里选一个用户名。",
        "{field} is not valid; choose a user name from the list.",
    ),
    "audit_bad_actions": (
        "{field}没有选中任何一项，请至少选一种，或者选“全部”。",
        "{field}: nothing is chosen; choose at least one, or choose all.",
    ),
    "audit_unknown_action": (
        "{field}里的“{action}”不是本系统记录的操作，请从列表里选。",
        "{field}: “{action}” is not an action this archive records; choose from the list.",
    ),
    "audit_bad_limit": (
        "{field}应在 1 到 {max} 之间。",
        "{field} must be between 1 and {max}.",
    ),
    "audit_bad_seq": (
        "{field}应是一个正整数。",
        "{field} must be a whole number above zero.",
    ),
    "audit_bad_moment": (
        "{field}不是一个日期，请选一个日期。",
        "{field} is not a date; choose a date.",
    ),
    "audit_period_reversed": (
        "{field}早于开始日期，请把结束日期改到开始日期当天或以后。",
        "{field} is before the start date; choose the start date or a later day.",
    ),
    "audit_bad_student": (
        "{field}填写有误，请先找到这名学生再查看。",
        "{field} is not valid; find the student first, then look again.",
    ),
}

# Field -> (zh, en); merged into EXTRA_FIELD_NAMES (a field already named keeps its name).
AUDIT_VIEW_FIELD_NAMES: dict[str, tuple[str, str]] = {
    "actor": ("操作人", "User"),
    "actions": ("操作类型", "Actions"),
    "limit": ("每页条数", "Entries per page"),
    "before_seq": ("翻页位置", "Page position"),
    "since": ("开始日期", "Start date"),
    "until": ("结束日期", "End date"),
    "student_id": ("学生", "Student"),
}

# ChainStatus.state -> (zh, en); {seq} is ChainStatus.bad_seq, {count} ChainStatus.entries.
CHAIN_STATUS_TEXTS: dict[str, tuple[str, str]] = {
    "intact": (
        "操作记录完整，共 {count} 条，没有被改动过。",
        "The activity record is intact: {count} entries, none changed.",
    ),
    "broken": (
        "操作记录从第 {seq} 条起被改动或缺失，请立即告诉管理员，并从备份查看原来的记录。",
        "The activity record was changed or is missing from entry {seq} on; tell the "
        "administrator at once and look at the original in a backup.",
    ),
    "anchor_mismatch": (
        "操作记录第 {seq} 条与另外保存的核对值不一致：档案可能被换成了旧的副本，请告诉管理员。",
        "Entry {seq} of the activity record does not match the check value kept outside the "
        "archive: the archive may have been replaced by an older copy; tell the administrator.",
    ),
    "anchor_missing": (
        "操作记录最后几条（从第 {seq} 条起）不见了：档案可能被换成了旧的副本，请告诉管理员。",
        "The last entries of the activity record (from entry {seq} on) are missing: the "
        "archive may have been replaced by an older copy; tell the administrator.",
    ),
    "anchor_absent": (
        "另外保存的核对值不见了，无法确认操作记录末尾是否完整，请告诉管理员。",
        "The check value kept outside the archive is gone, so the end of the activity record "
        "cannot be confirmed; tell the administrator.",
    ),
}
