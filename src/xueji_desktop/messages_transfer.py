"""Clerk sentences (zh, en) for student record packages (issue 9 §3): errors, validation
problems, their field names, and the CLI's own lines."""

from __future__ import annotations

# Error code (or "code:reason") -> (zh, en); merged into messages._MESSAGES.
TRANSFER_ERRORS: dict[str, tuple[str, str]] = {
    "package_unreadable": (
        "这个学籍档案包无法使用，档案库里没有添加任何内容。",
        "This student record package cannot be used; nothing was added to the archive.",
    ),
    "package_unreadable:not_a_package": (
        "选中的文件不是学籍档案包（.xjpkg），请确认选对了文件。档案库里没有添加任何内容。",
        "The chosen file is not a student record package (.xjpkg); check that it is the right "
        "file. Nothing was added to the archive.",
    ),
    "package_unreadable:unsupported_version": (
        "这个学籍档案包是用更新版本的软件制作的，请先升级本软件再导入。",
        "This student record package was made by a newer version; update this program first, "
        "then import it.",
    ),
    "package_unreadable:truncated": (
        "这个学籍档案包不完整（可能没有复制完），请向对方学校重新要一份。档案库里没有添加任何内容。",
        "This student record package is incomplete (perhaps only partly copied); ask the "
        "sending school for it again. Nothing was added to the archive.",
    ),
    "package_unreadable:too_large": (
        "这个文件太大，不是本软件制作的学籍档案包。",
        "This file is too large to be a student record package made by this program.",
    ),
    "package_unreadable:tampered": (
        "这个学籍档案包在制作后被改动过或已损坏，已拒绝导入。请向对方学校重新要一份，"
        "并当面或电话核对校验码。档案库里没有添加任何内容。",
        "This student record package was changed or damaged after it was made, so it was "
        "refused. Ask the sending school for it again and check the fingerprint with them by "
        "phone or in person. Nothing was added to the archive.",
    ),
    "package_unreadable:same_archive": (
        "这个学籍档案包就是本档案库导出的，不能再导入到本档案库。",
        "This student record package was made by this very archive; it cannot be imported into it.",
    ),
    "package_unreadable:io": (
        "无法读取这个文件（{detail}）。请确认文件存在、是一个文件而不是文件夹，并且没有被其他程序占用。",
        "The file could not be read ({detail}). Check that it exists, is a file and not a "
        "folder, and is not in use by another program.",
    ),
    "wrong_passphrase": (
        "包密码不对，打不开这个学籍档案包。请核对对方学校单独告诉您的包密码（注意区分大小写和横线）。",
        "The package password is not right, so the package does not open. Check the password "
        "the sending school gave you separately (letters and dashes exactly as given).",
    ),
    "package_already_imported": (
        "这个学籍档案包已经在 {recorded_at} 导入过了，再导入会把学生重复建档。",
        "This student record package was already imported on {recorded_at}; importing it "
        "again would create the students twice.",
    ),
}

# Problem code -> (zh, en) with {field} and params; merged into SERVICE_PROBLEM_TEXTS.
TRANSFER_PROBLEMS: dict[str, tuple[str, str]] = {
    "transfer_passphrase_short": (
        "{field}至少要 {min} 个字符，可以直接用系统建议的包密码。",
        "{field} must be at least {min} characters; you can use the suggested one.",
    ),
    "transfer_passphrase_long": (
        "{field}最多 {max} 个字符。",
        "{field} may have at most {max} characters.",
    ),
    "transfer_bad_reason": (
        "{field}只能选“转出”或“档案移交”。",
        "{field} must be “transfer out” or “archive handover”.",
    ),
    "transfer_not_transferred_out": (
        "{name}（{student_no}）还没有办理转出，请先办理转出学籍异动，或者选“档案移交”。",
        "{name} ({student_no}) has not been transferred out; record the transfer-out first, or "
        "choose “archive handover”.",
    ),
    "transfer_id_number_exists": (
        "本档案库里已经有这个身份证件号的学生，不能再导入。请先核对是否同一人。",
        "A student with this ID number is already in this archive, so this one cannot be "
        "imported; check whether it is the same person.",
    ),
    "transfer_number_exists": (
        "本档案库里已经有{field}为 {value} 的学生，不能再导入。",
        "A student with {field} {value} is already in this archive, so this one cannot be "
        "imported.",
    ),
    "transfer_class_required": (
        "转入的学生要编入一个班级，请选择{field}。",
        "Students who transfer in must join a class; choose the {field}.",
    ),
}

# Field -> (zh, en); merged into EXTRA_FIELD_NAMES (a field already named keeps its name).
TRANSFER_FIELD_NAMES: dict[str, tuple[str, str]] = {
    "passphrase": ("包密码", "Package password"),
    "receiver": ("接收单位", "Receiver"),
    "reason": ("办理事项", "Purpose"),
    "student_ids": ("学生", "Students"),
    "path": ("文件", "File"),
    "class_group_id": ("班级", "Class"),
}

# The CLI's own lines (``xueji transfer …``), (zh, en).
CLI_TRANSFER_TEXTS: dict[str, tuple[str, str]] = {
    "exported": (
        "已导出 {count} 名学生的学籍档案包：{path}",
        "Wrote the record package of {count} student(s): {path}",
    ),
    "passphrase": (
        "包密码（请单独告诉接收方，不要和文件放在一起）：{passphrase}",
        "Package password (give it to the receiver separately, never with the file): {passphrase}",
    ),
    "fingerprint": (
        "本校校验码（请接收方导入时核对）：{fingerprint}",
        "This school's fingerprint (the receiver compares it when importing): {fingerprint}",
    ),
    "preview_head": (
        "来自：{school}　办理事项：{reason}　制作时间：{made_at}\n"
        "校验码：{fingerprint}（请与对方学校核对）",
        "From: {school}  purpose: {reason}  made: {made_at}\n"
        "fingerprint: {fingerprint} (compare it with the sending school)",
    ),
    "preview_student": (
        "  {index}. {name} {student_no} {id_masked} {status}",
        "  {index}. {name} {student_no} {id_masked} {status}",
    ),
    "dry_run": ("（试运行：没有导入任何内容）", "(dry run: nothing was imported)"),
    "imported": ("已导入 {count} 名学生。", "Imported {count} student(s)."),
    "list_line": (
        "{recorded_at}  {direction}  {reason}  {school}  {count}人  {fingerprint}",
        "{recorded_at}  {direction}  {reason}  {school}  {count} student(s)  {fingerprint}",
    ),
    "direction_out": ("导出", "out"),
    "direction_in": ("导入", "in"),
    "reason_transfer_out": ("转出", "transfer out"),
    "reason_handover": ("档案移交", "handover"),
    "empty": ("还没有导出或导入过学籍档案包。", "No record package was made or taken in yet."),
    "bad_passphrase_line": ("标准输入里没有包密码。", "No package password on standard input."),
}
