"""Clerk sentences (zh, en) for the errors of printed documents (issue 5)."""

from __future__ import annotations

DOCUMENTS: dict[str, tuple[str, str]] = {
    "unprintable_text": (
        "{subject} 中的“{chars}”字库里没有，打印出来会缺字，所以没有打印。也可以改为把这些字"
        "印成方框“□”，打印后在方框里手写。",
        "The characters “{chars}” in {subject} are not in the bundled font and would be missing "
        "on paper, so nothing was printed. They can instead be printed as empty boxes “□” to be "
        "written in by hand.",
    ),
    "template_invalid": (
        "打印模板“{name}”有错误，不能使用。请换用其他模板，或请管理员检查模板文件。",
        "The print template “{name}” has an error and cannot be used. Choose another template, "
        "or ask the administrator to check the template file.",
    ),
    "document_not_applicable": (
        "这名学生（或这个班级）不能出具这种文书：{reason_text}。",
        "This document cannot be made for this student (or class): {reason_text}.",
    ),
    "output_file_error": (
        "文件没有保存到 {path}：{reason_text}。档案库没有任何改动。",
        "The file was not saved to {path}: {reason_text}. Nothing in the archive changed.",
    ),
    "operation_cancelled": (
        "已取消，没有留下任何文件或记录。",
        "Cancelled; no file or record was left behind.",
    ),
}

# Texts for the ``reason`` of DocumentNotApplicable and OutputFileError ({reason_text}).
DOCUMENT_REASONS: dict[str, tuple[str, str]] = {
    "not_graduated": ("该学生没有毕业记录", "the student has no graduation on record"),
    "not_incomplete": ("该学生不是肄业", "the student did not leave without completing the course"),
    "not_enrolled": ("该学生已不在籍", "the student is no longer enrolled"),
    "no_students": ("没有可打印的学生", "there is no student to print"),
    "wrong_event": ("这条学籍异动不是这一类", "this status change is of another type"),
    "no_event": ("该学生没有这类学籍异动", "the student has no status change of this type"),
    "voided": ("这条记录已作废", "this record is voided"),
    "no_folder": ("文件夹不存在", "the folder does not exist"),
    "not_writable": ("没有写入权限", "there is no permission to write there"),
    "disk_full": ("磁盘空间不足", "the disk is full"),
    "exists": ("同名文件已存在", "a file of that name exists"),
    "bad_pattern": ("文件名格式不可用", "the file-name pattern cannot be used"),
}
