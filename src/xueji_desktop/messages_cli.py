"""Sentences of the command line itself (the record commands): tables only, read through
``xueji_desktop.messages.cli_text``.
"""

from __future__ import annotations

CLI_TEXTS: dict[str, tuple[str, str]] = {
    "saved_draft": ("已保存为草稿，记录号 #{id}。", "Saved as a draft, record number #{id}."),
    "saved_confirmed": (
        "已保存并核对确认，学号 {student_no}（记录号 #{id}）。",
        "Saved and confirmed: student number {student_no} (record number #{id}).",
    ),
    "still_empty": ("尚未填写：{fields}", "Still empty: {fields}"),
    "note": ("提示：{text}", "Note: {text}"),
    "maybe_same": (
        "可能与已有记录是同一人：{who}。请核对。",
        "May be the same person as: {who}. Please check.",
    ),
    "saved": ("已保存。", "Saved."),
    "unchanged": ("没有改动。", "Nothing changed."),
    "voided": ("已作废。", "Voided."),
    "confirmed": ("已核对确认，学号 {student_no}。", "Confirmed: student number {student_no}."),
    "report_set": ("上报状态已改为“{status}”。", "The reporting status is now “{status}”."),
    "number_corrected": (
        "已更正，原号码仍可查到。",
        "Corrected; the old number can still be found.",
    ),
    "change_recorded": ("已登记，异动号 {id}。", "Recorded as status change number {id}."),
    "change_revoked": ("已撤销。", "Revoked."),
    "preview_status": ("学籍状态：{before} → {after}", "Enrolment status: {before} → {after}"),
    "no_students": ("没有符合条件的学生。", "No students match."),
    "no_grades": ("还没有成绩。", "No grades yet."),
    "no_changes": ("没有学籍异动。", "No status changes."),
    "no_findings": ("数据体检没有发现问题。", "The data-health report found no problems."),
    "findings_total": ("数据体检发现 {count} 个问题：", "The data-health report found {count}:"),
    "report_cancelled": (
        "数据体检没有做完，以下只是部分结果。",
        "The data-health report did not finish; these are partial results.",
    ),
    # usage errors (exit status 2)
    "bad_limit": (
        "条数应为 1 到 5000 之间的整数，不能是“{value}”。",
        "The number of results must be a whole number from 1 to 5000, not “{value}”.",
    ),
    "bad_date": (
        "日期应按 2026-03-01 的格式填写，不能是“{value}”。",
        "Dates are written like 2026-03-01, not “{value}”.",
    ),
    "bad_kind": (
        "“{value}”不是学籍异动的类别。可用的有：{choices}。",
        "“{value}” is not a type of status change. Use one of: {choices}.",
    ),
    "bad_status": (
        "“{value}”不是学籍状态。可用的有：{choices}。",
        "“{value}” is not an enrolment status. Use one of: {choices}.",
    ),
    "bad_choice": (
        "“{value}”不在可选范围内。可用的有：{choices}。",
        "“{value}” is not one of the choices: {choices}.",
    ),
    "bad_score": (
        "成绩应为 0 到 100 之间的数字，不能是“{value}”。",
        "A score is a number from 0 to 100, not “{value}”.",
    ),
    "bad_number": (
        "“{value}”不是有效的编号，应为正整数。",
        "“{value}” is not a valid number; it must be a positive whole number.",
    ),
    "bad_year": (
        "年级应为四位年份（如 2025），不能是“{value}”。",
        "An intake year has four digits (such as 2025), not “{value}”.",
    ),
    "needs_exam_date": (
        "登记补考成绩时请同时用 --exam-date 给出补考日期。",
        "A makeup exam score needs its date: add --exam-date.",
    ),
    "needs_retake_term": (
        "登记重修成绩时请同时用 --retake-term 给出重修的学期。",
        "A retake score needs the term of the retake: add --retake-term.",
    ),
    "detail_not_for_kind": (
        "{kind}不需要填写 {option}。",
        "{option} does not apply to {kind}.",
    ),
    "detail_required": (
        "办理{kind}时必须给出 {option}。",
        "{kind} needs {option}.",
    ),
}

# ``xueji print | verify-document | documents`` (issue 5)
CLI_TEXTS.update(
    {
        "bad_document_kind": (
            "“{value}”不是可以打印的文书。可用的有：{choices}。",
            "“{value}” is not a document that can be printed. Use one of: {choices}.",
        ),
        "bad_param": (
            "--param 应写成“项目=内容”，项目可用：{choices}；不能是“{value}”。",
            "--param is written as name=value with a name among {choices}, not “{value}”.",
        ),
        "bad_offset": (
            "偏移应写成“横向,纵向”（毫米，各在 -30 到 30 之间），如 1.5,-2，不能是“{value}”。",
            "An offset is written as X,Y in millimetres, each from -30 to 30 (such as 1.5,-2), "
            "not “{value}”.",
        ),
        "out_is_folder": (
            "{path} 是一个文件夹。要每人一个文件请加 --split，否则请给出文件名（如 成绩单.pdf）。",
            "{path} is a folder. Add --split for one file per student, or give a file name "
            "(such as transcripts.pdf).",
        ),
        "class_kind_needs_class": (
            "{kind}按班级打印，请用 --class 给出班级名称。",
            "{kind} is printed per class: name the class with --class.",
        ),
        "issued": (
            "已出具 {count} 份{kind}，编号 {first} 至 {last}。",
            "Issued {count} × {kind}, serial numbers {first} to {last}.",
        ),
        "issued_one": ("已出具{kind}，编号 {first}。", "Issued {kind}, serial number {first}."),
        "file_saved": ("已保存：{path}", "Saved: {path}"),
        "verify_genuine": (
            "真实有效：{kind}，编号 {serial}，{subject}，{issued_at} 由 {issued_by} 出具。",
            "Genuine and current: {kind} {serial} for {subject}, issued {issued_at} by "
            "{issued_by}.",
        ),
        "verify_superseded": (
            "确由本校出具，但已被编号 {superseded_by} 的新文书替代：{kind}，编号 {serial}，"
            "{subject}，{issued_at} 出具。",
            "Issued here but replaced by {superseded_by}: {kind} {serial} for {subject}, issued "
            "{issued_at}.",
        ),
        "verify_voided": (
            "确由本校出具，但已作废（{void_reason}）：{kind}，编号 {serial}，{subject}。",
            "Issued here but voided ({void_reason}): {kind} {serial} for {subject}.",
        ),
        "verify_not_issued": (
            "本档案库没有出具过这份文书，或文书上的验证码被改动过。",
            "This archive did not issue this document, or its verification code was altered.",
        ),
        "no_documents": ("还没有出具过文书。", "No documents issued yet."),
        "documents_voided": ("已作废 {count} 份。", "Voided {count}."),
        "state_current": ("有效", "current"),
        "state_superseded": ("已替代", "replaced"),
        "state_voided": ("已作废", "voided"),
    }
)

# cli.Secrets: a password or code read from standard input (--password-stdin and the like)
CLI_TEXTS.update(
    {
        "stdin_missing": (
            "没有从标准输入读到{what}。请每行写一项，按顺序给出。",
            "No {what} on standard input. Give one per line, in order.",
        ),
        "stdin_not_text": (
            "标准输入的内容不是文字（UTF-8），读不出{what}。",
            "The standard input is not UTF-8 text: cannot read the {what}.",
        ),
        "secret_password": ("登录密码", "password"),
        "secret_new_password": ("新密码", "new password"),
        "secret_new_admin_password": ("新的管理员密码", "new administrator password"),
        "secret_new_user_password": ("新用户的密码", "new user's password"),
        "secret_demo_password": ("练习库的密码", "practice archive's password"),
        "secret_recovery_code": ("恢复码", "recovery code"),
        "secret_package_password": ("包密码", "package password"),
    }
)
