"""Clerk sentences (zh, en) for issue 8's 毕业去向 in bulk and its import: validation problems
and the names of their fields. (The refusals they raise — ImportColumnsMissing, ImportHasErrors,
NothingToImport, ImportOutdated, RecordInvalid — already have their sentences.)"""

from __future__ import annotations

# Error code (or "code:reason") -> (zh, en); merged into messages._MESSAGES.
DESTINATION_ERRORS: dict[str, tuple[str, str]] = {}

# Problem code -> (zh, en) with {field} and params; merged into SERVICE_PROBLEM_TEXTS.
DESTINATION_PROBLEMS: dict[str, tuple[str, str]] = {
    "duplicate_student": (
        "这个学生在第 {first_row} 行已经填过，请只保留一行。",
        "This student is already in row {first_row}; keep only one row.",
    ),
    "destination_column_ignored": (
        "“{value}”这一列不是毕业去向表的列，没有导入。",
        "The column “{value}” is not a column of the destinations sheet and was not imported.",
    ),
}

# Field name -> (zh, en); merged into EXTRA_FIELD_NAMES.
DESTINATION_FIELD_NAMES: dict[str, tuple[str, str]] = {
    "destination_kind": ("毕业去向", "Destination"),
    "destination_employer": ("单位或学校", "Employer or school"),
    "matches_major": ("是否对口", "Matches the major"),
    "recorded_on": ("登记日期", "Date recorded"),
}
