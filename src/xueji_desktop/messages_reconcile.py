"""Clerk sentences (zh, en) for the Problem codes of the reconciliation with the national list
and of the photo import (issue 6)."""

from __future__ import annotations

RECONCILE_PROBLEMS: dict[str, tuple[str, str]] = {
    # rows of the national list that cannot be used as they are (services/reconcile.py)
    "national_no_key": (
        "这一行既没有身份证件号也没有学籍号，无法找到对应的学生。",
        "This row has neither an ID number nor a national student number, so no student can be "
        "found for it.",
    ),
    "national_duplicate_row": (
        "这个学生在名单中出现了两次（第一次在第 {first_row} 行），这一行没有比对。",
        "This student appears twice in the list (first in row {first_row}); this row was not "
        "compared.",
    ),
    "national_unknown_status": (
        "学籍状态“{value}”无法识别，这一项没有比对。",
        "The status “{value}” is not one the archive knows; it was not compared.",
    ),
    "national_registry_no_locked": (
        "该学生已离校，记录已锁定，学籍号不能在这里补填。请管理员在学生记录中填写，并写明原因。",
        "The student has left and the record is locked, so the national student number cannot "
        "be filled in here. An administrator can enter it in the record, with a reason.",
    ),
    "national_registry_no_taken": (
        "这个学籍号已经属于档案中的另一个学生，不能补填。请核对是哪一边出了错。",
        "This national student number already belongs to another student in the archive, so it "
        "cannot be filled in. Check which side is wrong.",
    ),
    # the differences themselves (Difference.problem()), for lists and the CLI
    "national_missing_here": (
        "国家学籍系统的名单中有这个学生，但档案中没有。",
        "The national list has this student, but the archive does not.",
    ),
    "national_missing_there": (
        "档案中这个在校学生不在国家学籍系统的名单中。",
        "This student, still at school in the archive, is not in the national list.",
    ),
    "national_status_differs": (
        "学籍状态不一致：档案中是“{ours}”，国家学籍系统中是“{theirs}”。",
        "The status differs: “{ours}” in the archive, “{theirs}” in the national system.",
    ),
    "national_field_differs": (
        "{field}不一致：档案中是“{ours}”，国家学籍系统中是“{theirs}”。",
        "{field} differs: “{ours}” in the archive, “{theirs}” in the national system.",
    ),
    "national_registry_no_missing": (
        "档案中还没有这个学生的学籍号，可以从国家学籍系统的名单中补填。",
        "The archive has no national student number for this student yet; it can be filled in "
        "from the national list.",
    ),
    # files of a photo import that were not matched (services/import_photos.py)
    "photo_no_student": (
        "文件名既不是档案中学生的身份证件号，也不是学号。",
        "The file name is neither the ID number nor the student number of a student in the "
        "archive.",
    ),
    "photo_not_an_image": (
        "这不是可以读取的照片文件（JPG、PNG 或 BMP）。",
        "This is not a photo file that can be read (JPG, PNG or BMP).",
    ),
    "photo_ambiguous": (
        "文件名同时对应档案中的多个学生，无法确定是谁的照片。",
        "The file name fits more than one student in the archive, so whose photo it is is unclear.",
    ),
    "photo_too_large": (
        "照片文件太大（超过 {max_mb} MB 或像素过多），请缩小后再导入。",
        "The photo is too large (over {max_mb} MB or too many pixels); make it smaller and "
        "import it again.",
    ),
    "photo_duplicate": (
        "同一个学生已经有另一张照片（{first}），这一张没有导入。",
        "Another photo ({first}) is already given for the same student; this one was not imported.",
    ),
    "photo_unsafe_name": (
        "压缩包中这个文件的路径不安全（含有“..”或绝对路径），已跳过。",
        "The path of this file in the zip is unsafe (it holds “..” or an absolute path); it was "
        "skipped.",
    ),
    "photo_unreadable": (
        "这个文件无法读取（已损坏、压缩包加了密码，或没有读取权限）。",
        "This file cannot be read (damaged, in a password-protected zip, or not readable for you).",
    ),
}
