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
        "这个学籍档案包是用更新版本的学籍档案室软件制作的（档案包格式第 {found_version} 版），"
        "本软件（{program_version} 版）只能读取第 {supported_version} 版。请先安装最新版本的"
        "学籍档案室软件再导入。档案库里没有添加任何内容。",
        "This student record package was made by a newer version of Xueji Desktop (package "
        "format {found_version}); this program (version {program_version}) reads format "
        "{supported_version} only. Install the latest version of Xueji Desktop first, then "
        "import it. Nothing was added to the archive.",
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
    "package_unreadable:practice": (
        "这个学籍档案包是在练习库里制作的，里面是练习用的虚构学生，不能导入正式档案库。"
        "档案库里没有添加任何内容。",
        "This student record package was made in a practice archive; its students are "
        "fictitious and cannot be imported into a real archive. Nothing was added.",
    ),
    "package_unreadable:folder": (
        "选中的是一个文件夹，不是学籍档案包文件，请选择 .xjpkg 文件。档案库里没有添加任何内容。",
        "The chosen item is a folder, not a record package file; choose the .xjpkg file. "
        "Nothing was added to the archive.",
    ),
    "package_unreadable:missing": (
        "找不到这个文件，请确认文件的位置和名称。档案库里没有添加任何内容。",
        "The file was not found; check where it is and its name. Nothing was added.",
    ),
    "package_unreadable:no_permission": (
        "没有读取这个文件的权限，请把文件复制到自己的文件夹后再导入。档案库里没有添加任何内容。",
        "This program may not read the file; copy it into one of your own folders and import "
        "it from there. Nothing was added.",
    ),
    "record_invalid:transfer_export": (
        "学籍档案包没有导出，有 {count} 处需要处理：",
        "The student record package was not written; {count} item(s) need attention:",
    ),
    "record_invalid:transfer_import": (
        "学籍档案包没有导入，档案库里没有添加任何内容。有 {count} 处需要处理：",
        "The student record package was not imported; nothing was added. {count} item(s) "
        "need attention:",
    ),
    "package_unreadable:io": (
        "无法读取这个文件。请确认文件存在、是一个文件而不是文件夹，并且没有被其他程序占用。",
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
    "transfer_handover_in_school": (
        "{name}（{student_no}）还在校（在籍或休学），不能档案移交。档案移交只用于已离校学生的档案；"
        "学生转学请先办理转出，再选“转出”。",
        "{name} ({student_no}) is still at the school (enrolled or on leave) and cannot be "
        "handed over: an archive handover is only for students who have left. For a transfer, "
        "record the transfer-out first and choose “transfer out”.",
    ),
    "transfer_receiver_differs": (
        "注意：{name}（{student_no}）办理转出时登记的转入学校是“{to_school}”，和这里填的接收单位不同，"
        "请核对。",
        "Note: the transfer-out of {name} ({student_no}) names “{to_school}” as the new school, "
        "not this receiver; check it.",
    ),
    "transfer_packaged_before": (
        "注意：{name}（{student_no}）的学籍档案包以前已经导出过 {count} 次（最近一次 {last}，"
        "接收单位“{receiver}”）。",
        "Note: a record package of {name} ({student_no}) was already made {count} time(s) "
        "(last on {last}, for “{receiver}”).",
    ),
    "transfer_fingerprint_mismatch": (
        "您核对的校验码“{given}”和这个学籍档案包的校验码 {found} 不一样，已拒绝导入。"
        "请向对方学校当面或电话核实。",
        "The fingerprint you were given (“{given}”) is not the package's ({found}), so it was "
        "refused; check with the sending school by phone or in person.",
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
    "fingerprint": ("校验码", "Fingerprint"),
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
        "本校校验码（请接收方导入时核对；与本校成绩单上印的“验证公钥指纹”相同）：{fingerprint}",
        "This school's fingerprint (the receiver compares it when importing; it is the "
        "verification key fingerprint printed on this school's transcripts): {fingerprint}",
    ),
    "preview_head": (
        "来自：{school}　办理事项：{reason}　制作时间：{made_at}\n"
        "校验码：{fingerprint}（请与对方学校核对，或对照对方成绩单上印的“验证公钥指纹”）",
        "From: {school}  purpose: {reason}  made: {made_at}\n"
        "fingerprint: {fingerprint} (compare it with the sending school, or with the "
        "verification key fingerprint on their transcripts)",
    ),
    "preview_student": (
        "  {index}. {name} {student_no} {id_masked} {status}",
        "  {index}. {name} {student_no} {id_masked} {status}",
    ),
    "key_same": (
        "这所学校以前发来的学籍档案包也是这个校验码。",
        "Earlier packages from this school had the same fingerprint.",
    ),
    "key_new": (
        "以前没有收到过这所学校的学籍档案包：请务必与对方核对校验码。",
        "No package came from this school before: be sure to compare the fingerprint with them.",
    ),
    "key_different": (
        "警告：这所学校以前发来的学籍档案包是另一个校验码！可能是别人冒名重做的档案包。"
        "导入前请务必电话联系对方学校核实（核实后用 --fingerprint 写上对方告诉您的校验码）。",
        "WARNING: earlier packages from this school had another fingerprint! This one may have "
        "been re-made by someone else. Phone the school before importing (then give the "
        "fingerprint they tell you with --fingerprint).",
    ),
    "practice_package": (
        "（这是练习库制作的学籍档案包，学生是虚构的。）",
        "(This package was made in a practice archive; its students are fictitious.)",
    ),
    "placement": (
        "转入的学生将编入“{class_name}”，专业按该班（{major}）；原学校的专业记在转入档案里。",
        "The students join “{class_name}” and take its major ({major}); the sending school's "
        "major stays in their transferred records.",
    ),
    "placement_needed": (
        "转入的学生要编入本校的一个班级（导入时用 --class 指定），专业按该班；"
        "原学校的专业记在转入档案里。",
        "The students must join a class here (give it with --class) and take its major; the "
        "sending school's major stays in their transferred records.",
    ),
    "class_resolves": (
        "{problem}也可以在导入时用 --class 指定一个本校班级：学生改按该班的专业，"
        "原学校的专业记在转入档案里。",
        "{problem} With --class a class of this school can be given: the student then takes its "
        "major; the sending school's major stays in the transferred records.",
    ),
    "warning_line": ("  {text}", "  {text}"),
    "list_students": ("    学生：{students}", "    students: {students}"),
    "list_by_out": ("    导出人：{user}", "    made by: {user}"),
    "list_by_in": ("    导入人：{user}", "    taken in by: {user}"),
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
