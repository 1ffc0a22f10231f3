"""Clerk sentences (zh, en) for issue 8's paper files services: errors, validation problems and
the names of their fields."""

from __future__ import annotations

from xueji_desktop.problem_texts_records import DOCUMENT_NAMES

# Error code (or "code:reason") -> (zh, en); merged into messages._MESSAGES.
# PaperFileUnavailable's sentences (set_kept raises reason "dispatched") are in
# messages_file_dispatch.py with the other reasons.
PAPER_FILES_ERRORS: dict[str, tuple[str, str]] = {
    "not_found:file_intake": (
        "找不到这一批档案接收登记（编号 {id}），请刷新后再试。",
        "That batch of the receiving register (number {id}) was not found; refresh and try again.",
    ),
}

# Problem code -> (zh, en) with {field} and params; merged into SERVICE_PROBLEM_TEXTS.
PAPER_FILES_PROBLEMS: dict[str, tuple[str, str]] = {
    "unknown_paper_type": (
        "{field}中的“{doc_type}”不是档案材料清单里的类型，请从清单中选择。",
        "In {field}, “{doc_type}” is not a type of the document checklist; choose one from the "
        "list.",
    ),
    "too_many_types": (
        "{field}列出的材料类型太多，清单里只有 {max} 种。",
        "{field} lists too many document types; the checklist has only {max}.",
    ),
    "too_many_students": (
        "{field}一次最多办理 {max} 名学生，请分批办理。",
        "{field} may hold at most {max} students at a time; split it into several batches.",
    ),
    "duplicate_in_batch": (
        "{field}：同一名学生在这一批里出现了两次，请删去重复的一行。",
        "{field}: the same student appears twice in this batch; remove the repeated line.",
    ),
    "keep_before_leaving": (
        "该学生还在校（在籍或休学），档案不能归档保存；学生离校后才能办理。",
        "The student is still at the school (enrolled or on leave), so the file cannot be kept "
        "as a leaver's file yet; do this after the student has left.",
    ),
}

# Field name -> (zh, en); merged into EXTRA_FIELD_NAMES.
PAPER_FILES_FIELD_NAMES: dict[str, tuple[str, str]] = {
    "per_page": ("每页标签数", "Labels per sheet"),
    "file_intake_id": ("接收批次", "Intake batch"),
    "cabinet": ("档案柜号", "File cabinet"),
    "shelf": ("档案层号", "File shelf"),
    "box": ("档案盒号", "File box"),
    "location": ("存放位置", "Place in the archive room"),
    "location.cabinet": ("存放位置的档案柜号", "File cabinet of the place"),
    "location.shelf": ("存放位置的档案层号", "File shelf of the place"),
    "location.box": ("存放位置的档案盒号", "File box of the place"),
    "contents": ("档案袋里的材料", "Papers in the file"),
    "missing": ("缺少的材料", "Missing papers"),
    "source": ("移交单位", "Delivered from"),
    "received_on": ("接收日期", "Date received"),
    "delivered_by": ("送交人", "Delivered by"),
    "items": ("接收名单", "List of files received"),
    "student_ids": ("学生名单", "List of students"),
    "kept": ("归档保存", "Kept by the school"),
    "text": ("查找内容", "Search text"),
    "limit": ("显示条数", "Number of rows"),
    "intake_id": ("接收登记", "Receiving entry"),
    "class_group_id": ("班级", "Class"),
}
# The history of the folder's papers names one type per row ("contents.photo").
PAPER_FILES_FIELD_NAMES.update(
    {
        f"contents.{code}": (f"档案袋里的{zh}（份数）", f"Papers in the file: {en} (pieces)")
        for code, (zh, en) in DOCUMENT_NAMES.items()
    }
)
