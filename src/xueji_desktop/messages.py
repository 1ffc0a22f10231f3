"""The one translator from typed errors to sentences a clerk understands (zh default, en).

Used by the CLI and the GUI. Words like "keyring", "key slot" or "HMAC" never appear here: the
clerk reads what happened and what to do next. Language: ``XUEJI_LANG`` (zh|en), default zh.
"""

from __future__ import annotations

import os
import string

from xueji_desktop.core.errors import XuejiError

_MESSAGES: dict[str, tuple[str, str]] = {
    "archive_not_found": (
        "在 {path} 没有找到档案库。请检查路径，或先用 xueji init 新建档案库。",
        "No archive was found at {path}. Check the path, or create one with xueji init first.",
    ),
    "archive_exists": (
        "{path} 已经有档案库，不会覆盖。",
        "There is already an archive at {path}; it will not be overwritten.",
    ),
    "folder_not_empty": (
        "{path} 里已经有其他文件。请选一个空文件夹或新文件夹来建立档案库。",
        "{path} already holds other files. Choose an empty or new folder for the archive.",
    ),
    "delivery_failed": (
        "恢复码无法显示或打印出来，因此没有作任何更改。",
        "The recovery code could not be shown or printed, so nothing was changed.",
    ),
    "delivery_failed:rotate": (
        "新的恢复码无法显示或打印出来，因此没有作任何更改，原来的恢复码仍然有效。",
        "The new recovery code could not be shown or printed, so nothing was changed; the "
        "old recovery code still works.",
    ),
    "archive_damaged": (
        "档案库文件已损坏，无法打开。请不要再写入，联系管理员用备份恢复。",
        "The archive file is damaged and cannot be opened. Stop using it and ask the "
        "administrator to restore it from a backup.",
    ),
    "key_file_damaged": (
        "档案库的登录文件已损坏或缺失。请联系管理员用备份恢复。",
        "The archive's sign-in file is damaged or missing. Ask the administrator to restore "
        "it from a backup.",
    ),
    "archive_too_new": (
        "这个档案库由更新版本的学籍档案室软件创建，请先升级本软件再打开。",
        "This archive was made by a newer version of Xueji Desktop. Upgrade the program first.",
    ),
    "archive_busy": (
        "档案库正忙（另一个程序正在写入），请稍后再试。",
        "The archive is busy (another program is writing to it). Try again in a moment.",
    ),
    "session_locked": (
        "已锁定，请重新输入密码。",
        "Locked. Enter your password again.",
    ),
    "wrong_credentials": (
        "用户名或密码不正确。",
        "The user name or password is not correct.",
    ),
    "login_throttled": (
        "尝试次数过多，请 {retry_after} 秒后再试。",
        "Too many attempts. Try again in {retry_after} seconds.",
    ),
    "account_locked": (
        "尝试次数过多，账户已暂时锁定，请 {retry_minutes} 分钟后再试，或请管理员解锁。",
        "Too many attempts: the account is locked for {retry_minutes} minutes, or until an "
        "administrator unlocks it.",
    ),
    "account_disabled": (
        "该账户已停用，请联系管理员。",
        "This account has been disabled. Contact the administrator.",
    ),
    "binding_lost": (
        "这个档案库只能在原来的电脑上用密码打开，但本机找不到那台电脑的登录凭据"
        "（例如换了电脑或重装了系统）。请管理员用恢复单上的恢复码打开档案库，再重新设置密码。",
        "This archive opens with a password only on the computer it belongs to, and this "
        "computer no longer has that computer's sign-in credentials (for example after a new "
        "computer or a reinstalled system). The administrator can open it with the recovery code "
        "from the recovery sheet and set a new password.",
    ),
    "binding_lost:no_keyring": (
        "本机没有可用的安全凭据存储，无法把档案库与本机绑定。"
        "可以不绑定（仅凭密码打开）创建档案库：xueji init … --binding none。",
        "This computer offers no secure credential store, so the archive cannot be tied to it. "
        "Create it without that tie (password only): xueji init … --binding none.",
    ),
    "binding_lost:keyring_unavailable": (
        "本机的安全凭据存储暂时无法使用（可能已锁定或未启动）。请先解锁或重新登录操作系统，再重试；"
        "档案库没有任何改动。",
        "This computer's secure credential store cannot be used right now (locked or not "
        "running). Unlock it or sign in to the system again, then retry; nothing was changed.",
    ),
    "wrong_recovery_code": (
        "恢复码不正确。",
        "The recovery code is not correct.",
    ),
    "malformed_recovery_code": (
        "恢复码输入有误（应为 30 个字母或数字，分 6 组），请对照恢复单重新输入。",
        "The recovery code was mistyped (30 letters or digits in 6 groups). Check it against "
        "the recovery sheet and type it again.",
    ),
    "stale_key_slot": (
        "这个密码或恢复码已经被更换，不能再使用。",
        "This password or recovery code has been replaced and no longer works.",
    ),
    "password_rejected": (
        "密码不符合要求：{reason_text}",
        "The password is not acceptable: {reason_text}",
    ),
    "permission_denied": (
        "当前账户没有权限执行此操作。",
        "Your account is not allowed to do this.",
    ),
    "user_exists": ("用户 {user} 已存在。", "The user {user} already exists."),
    "user_not_found": ("没有用户 {user}。", "There is no user {user}."),
    "last_admin": (
        "不能停用唯一的管理员或自己的账户。",
        "You cannot disable the only administrator or your own account.",
    ),
    "validation": ("{field_text}填写有误。", "{field_text} is not valid."),
    "invalid_id_number": (
        "身份证件号不正确（{reason_text}），请对照证件核对。",
        "The ID number is not valid ({reason_text}); check it against the card.",
    ),
}

# --- records -----------------------------------------------------------------------------------
# Keys "code:value" pick a sentence by the error's reason, kind, field or action (that order).
_RECORDS: dict[str, tuple[str, str]] = {
    "not_found": (
        "找不到要处理的记录，可能已被更改。请刷新后再试。",
        "The record was not found; it may have changed. Refresh and try again.",
    ),
    "not_found:student": (
        "找不到学生“{id}”。请用学号、学籍号或记录号（如 #12）指定学生。",
        "There is no student “{id}”. Name the student by student number, registry number or "
        "record number (such as #12).",
    ),
    "not_found:class_group": (
        "找不到班级“{id}”。请检查班级名称，或先在班级管理中建立。",
        "There is no class “{id}”. Check the class name, or create the class first.",
    ),
    "not_found:term": (
        "找不到学期“{id}”。请检查学期代码（如 2025-2026-1），或先建立该学期。",
        "There is no term “{id}”. Check the term code (such as 2025-2026-1), or create the term "
        "first.",
    ),
    "not_found:course": (
        "找不到课程“{id}”。请检查课程代码，或先建立该课程。",
        "There is no course “{id}”. Check the course code, or create the course first.",
    ),
    "not_found:major": (
        "找不到专业“{id}”。请检查专业代码，或先在专业设置中添加。",
        "There is no major “{id}”. Check the major code, or add it under majors first.",
    ),
    "not_found:grade": (
        "这名学生还没有这门课程在该学期的成绩。请先登记原始成绩，再登记补考或重修。",
        "The student has no result for this course in that term yet. Enter the original result "
        "first, then the makeup exam or the retake.",
    ),
    "not_found:status_change": (
        "找不到异动号为 {id} 的学籍异动。请先查看该学生的异动列表。",
        "There is no status change number {id}. List the student's status changes first.",
    ),
    "not_found:attachment": (
        "找不到编号为 {id} 的附件。",
        "There is no attachment number {id}.",
    ),
    "not_found:internship": ("找不到这条岗位实习记录。", "That internship record was not found."),
    "not_found:skill_certificate": (
        "找不到这条技能证书记录。",
        "That skill certificate record was not found.",
    ),
    "not_found:financial_aid": ("找不到这条资助记录。", "That financial aid record was not found."),
    "not_found:reward_punishment": (
        "找不到这条奖惩记录。",
        "That award or punishment record was not found.",
    ),
    "record_invalid": (
        "记录有 {count} 处需要修改，没有保存。请按提示逐项改正后再保存。",
        "The record was not saved: {count} item(s) need correcting. Correct them as shown and "
        "save again.",
    ),
    "number_fixed": (
        "学号和学籍号一经填写就不能直接修改。如确有错误，请管理员办理号码更正并填写原因。",
        "The student number and registry number cannot be edited once set. If one is wrong, an "
        "administrator corrects it, with a reason.",
    ),
    "number_fixed:student_no": (
        "学号一经分配就不能直接修改。如确有错误，请管理员办理学号更正并填写原因（原学号仍可查到）。",
        "A student number cannot be edited once assigned. If it is wrong, an administrator "
        "corrects it, with a reason (the old number stays searchable).",
    ),
    "number_fixed:registry_no": (
        "学籍号一经填写就不能直接修改。如确有错误，请管理员办理学籍号更正并填写原因（原学籍号仍可查到）。",
        "A registry number cannot be edited once entered. If it is wrong, an administrator "
        "corrects it, with a reason (the old number stays searchable).",
    ),
    "record_voided": (
        "这条记录已作废，只能查看，不能修改。",
        "This record has been voided: it can be viewed but not changed.",
    ),
    "record_voided:student": (
        "这名学生的记录已作废，只能查看，不能修改或办理其他手续。",
        "This student's record has been voided: it can be viewed but not changed.",
    ),
    "record_voided:attachment": (
        "这个附件已作废，只能查看，不能修改。",
        "This attachment has been voided: it can be viewed but not changed.",
    ),
    "record_voided:internship": (
        "这条岗位实习记录已作废，只能查看，不能修改。",
        "That internship record has been voided: it can be viewed but not changed.",
    ),
    "record_voided:skill_certificate": (
        "这条技能证书记录已作废，只能查看，不能修改。",
        "That skill certificate record has been voided: it can be viewed but not changed.",
    ),
    "record_voided:financial_aid": (
        "这条资助记录已作废，只能查看，不能修改。",
        "That financial aid record has been voided: it can be viewed but not changed.",
    ),
    "record_voided:reward_punishment": (
        "这条奖惩记录已作废，只能查看，不能修改。",
        "That award or punishment record has been voided: it can be viewed but not changed.",
    ),
    "record_locked": (
        "这条记录已锁定，不能修改。",
        "This record is locked and cannot be changed.",
    ),
    "record_locked:left": (
        "该学生已离校（{status_text}），记录已锁定。只有管理员可以修改，并且必须填写原因。",
        "The student has left the school ({status_text}), so the record is locked. Only an "
        "administrator may change it, with a reason.",
    ),
    "reason_required": ("请填写原因。", "Enter a reason."),
    "reason_required:correction": (
        "这条记录已经核对确认，修改时必须填写原因（学籍信息变更）。",
        "This record has been checked and confirmed: a change needs a reason.",
    ),
    "reason_required:void": (
        "作废记录时必须填写原因。",
        "Voiding a record needs a reason.",
    ),
    "reason_required:return": (
        "退回时必须填写退回原因。",
        "Marking a record as returned needs the reason it was returned.",
    ),
    "reason_required:number_correction": (
        "更正学号或学籍号时必须填写原因。",
        "Correcting a student or registry number needs a reason.",
    ),
    "reason_required:revoke_change": (
        "撤销学籍异动时必须填写原因。",
        "Revoking a status change needs a reason.",
    ),
    "reason_required:return_change": (
        "学籍异动被退回时必须填写退回原因。",
        "Marking a status change as returned needs the reason it was returned.",
    ),
    "duplicate_record": (
        "这条记录与已有的记录重复，没有保存。",
        "This duplicates an existing record, so it was not saved.",
    ),
    "duplicate_record:id_number": (
        "已有学生使用这个身份证件号（作废的记录除外），没有保存。请先查找该学生，确认是否重复录入。",
        "Another student already has this ID number (voided records aside), so nothing was "
        "saved. Look that student up first: this may be a second entry of the same person.",
    ),
    "duplicate_record:student_no": (
        "这个学号已被其他学生使用，没有保存。",
        "This student number is already used by another student; nothing was saved.",
    ),
    "duplicate_record:registry_no": (
        "这个学籍号已被其他学生使用，没有保存。请核对学籍号。",
        "This registry number is already used by another student; nothing was saved. Check it.",
    ),
    "duplicate_record:diploma_no": (
        "这个毕业证书编号已经发给其他学生，没有保存。",
        "This diploma number was already given to another student; nothing was saved.",
    ),
    "duplicate_record:major": (
        "专业代码 {code} 已经存在。",
        "The major code {code} already exists.",
    ),
    "duplicate_record:term": ("学期 {code} 已经存在。", "The term {code} already exists."),
    "duplicate_record:course": (
        "课程代码 {code} 已经存在。",
        "The course code {code} already exists.",
    ),
    "duplicate_record:class_group": (
        "班级“{name}”已经存在。",
        "The class “{name}” already exists.",
    ),
    "duplicate_record:financial_aid": (
        "这名学生在该学期已经登记过这项资助。",
        "This aid is already recorded for the student in that term.",
    ),
    "not_eligible": (
        "该学生还不符合毕业条件，没有办理。请先查看毕业资格检查列出的缺少项目。",
        "The student does not yet meet the graduation requirements; nothing was recorded. See "
        "what the graduation check lists as missing.",
    ),
    "input_file": (
        "文件 {path} 无法使用。",
        "The file {path} cannot be used.",
    ),
    "input_file:missing": (
        "找不到文件 {path}。请检查文件名和所在文件夹。",
        "The file {path} does not exist. Check the file name and its folder.",
    ),
    "input_file:unreadable": (
        "无法读取 {path}：它不是普通文件（例如是文件夹），或没有读取权限。",
        "{path} cannot be read: it is not an ordinary file (a folder, for example) or you may not "
        "read it.",
    ),
    "input_file:too_big": (
        "文件 {path} 太大（超过 {limit_mb} MB），不可能是一名学生的记录。请检查是否选错了文件。",
        "The file {path} is too big (over {limit_mb} MB) to be one student's record. Check that "
        "it is the right file.",
    ),
    "input_file:not_utf8": (
        "文件 {path} 不是 UTF-8 编码的文本（可能不是文本文件）。"
        "请用记事本打开，另存为“UTF-8”编码后再试。",
        "The file {path} is not UTF-8 text (it may not be a text file at all). Open it in a text "
        "editor, save it with UTF-8 encoding and try again.",
    ),
    "input_file:not_json": (
        "文件 {path} 的内容不完整或格式有误（可能只保存了一半，或缺少括号、引号、逗号），无法读取。"
        "请检查后重新保存。",
        "The file {path} is incomplete or badly formed (perhaps saved only half-way, or a "
        "bracket, quote or comma is missing), so it cannot be read. Check it and save it again.",
    ),
    "input_file:not_object": (
        "文件 {path} 里应是一名学生的一条记录（按国家模板的列名逐项填写），"
        "而不是列表、数字或文字。",
        "The file {path} should hold one student's record (each item under its national-template "
        "column name), not a list, a number or plain text.",
    ),
    # 学籍异动 and 上报状态 refusals: {kind_text} the event, {status_text} the state it met.
    "illegal_transition": (
        "学生当前为“{status_text}”，不能办理{kind_text}。",
        "The student is now “{status_text}”: {kind_text} is not possible.",
    ),
    "illegal_transition:unknown_kind": (
        "“{kind}”不是学籍异动的类别。可以办理的有：休学、复学、退学、转出、转入、开除学籍、留级、降级、"
        "转专业、调班、注销、死亡、毕业、提前毕业、结业、结业换发毕业证、肄业。",
        "“{kind}” is not a type of status change. The types are: leave of absence, return from "
        "leave, withdrawal, transfer out, transfer in, expulsion, repeating a year, demotion, "
        "change of major, change of class, deregistration, death, graduation, early graduation, "
        "completion without diploma, diploma after completion, certificate of study.",
    ),
    "illegal_transition:unknown_status": (
        "这名学生的学籍状态无法识别，不能办理{kind_text}。请联系管理员检查这条记录。",
        "This student's enrolment status is not recognised, so {kind_text} is not possible. Ask "
        "the administrator to check the record.",
    ),
    "illegal_transition:no_record": (
        "这名学生还没有学籍，不能办理{kind_text}。转学来的学生请先办理转入。",
        "This student has no enrolment yet, so {kind_text} is not possible. A student coming "
        "from another school is first recorded as a transfer in.",
    ),
    "illegal_transition:not_enrolled": (
        "学生当前为“{status_text}”，只有在籍学生才能办理{kind_text}。",
        "The student is now “{status_text}”: only an enrolled student can have {kind_text}.",
    ),
    "illegal_transition:not_on_leave": (
        "学生当前为“{status_text}”，不是休学状态，不能办理{kind_text}。",
        "The student is now “{status_text}”, not on leave, so {kind_text} is not possible.",
    ),
    "illegal_transition:already_left": (
        "学生已经离校（{status_text}），不能再办理{kind_text}。如果离校是误登记，请先撤销那次学籍异动。",
        "The student has already left ({status_text}), so {kind_text} is not possible. If "
        "leaving was recorded by mistake, revoke that status change first.",
    ),
    "illegal_transition:already_enrolled": (
        "学生当前为“{status_text}”，仍在本校，不需要办理转入。",
        "The student is “{status_text}” and still at this school: no transfer in is needed.",
    ),
    "illegal_transition:cannot_reactivate": (
        "学籍状态为“{status_text}”的学生不能通过转入恢复学籍。",
        "A student who is “{status_text}” cannot come back by a transfer in.",
    ),
    "illegal_transition:not_completed": (
        "该学生没有有效的结业记录（当前为“{status_text}”），不能换发毕业证书。",
        "The student has no valid completion (now “{status_text}”), so no diploma can be "
        "issued after completion.",
    ),
    "illegal_transition:needs_one_year": (
        "肄业需要至少学满一年（满 365 天，且至少两个学期有成绩），该学生还不满足，不能办理肄业。",
        "A certificate of study needs at least one year of study (365 days and grades in at "
        "least two terms); this student does not have that yet.",
    ),
    "illegal_transition:failed_courses": (
        "肄业要求已学课程全部及格，该学生还有 {count} 门课程不及格。",
        "A certificate of study needs every course taken to be passed; this student has "
        "{count} failed course(s).",
    ),
    "illegal_transition:outside_window": (
        "结业换发毕业证书只能在 {window_start} 至 {window_end} 之间办理。",
        "A diploma after completion can only be issued between {window_start} and {window_end}.",
    ),
    "illegal_transition:unknown_report_status": (
        "不认识的上报状态。请使用已核对、已上报、已核准或退回。",
        "That is not a reporting status. Use checked, reported, approved or returned.",
    ),
    "illegal_transition:report_status_order": (
        "上报状态不能从“{status_text}”改为“{target_text}”。"
        "顺序是：草稿 → 已核对 → 已上报 → 已核准或退回。",
        "The reporting status cannot go from “{status_text}” to “{target_text}”. The order is: "
        "draft, checked, reported, then approved or returned.",
    ),
    "illegal_transition:draft_record": (
        "这条记录还是草稿，请先核对确认，再办理{kind_text}。",
        "This record is still a draft: check and confirm it before recording {kind_text}.",
    ),
    "illegal_transition:voided_record": (
        "这条记录已作废，不能办理{kind_text}。",
        "This record has been voided, so {kind_text} is not possible.",
    ),
    "illegal_transition:already_revoked": (
        "这次{kind_text}已经撤销过了。",
        "This {kind_text} has already been revoked.",
    ),
    "illegal_transition:not_latest": (
        "只能撤销该学生最近的一次学籍异动。请先撤销后来的异动，再撤销这次{kind_text}。",
        "Only the student's latest status change can be revoked. Revoke the later ones first, "
        "then this {kind_text}.",
    ),
    "illegal_transition:not_editable": (
        "这次{kind_text}已经核对或上报，不能再修改。如有错误，请撤销后重新登记。",
        "This {kind_text} has been checked or reported and can no longer be edited. If it is "
        "wrong, revoke it and record it again.",
    ),
    "illegal_transition:revoked": (
        "这次学籍异动已经撤销，不能再改它的上报状态。",
        "This status change was revoked: its reporting status cannot change any more.",
    ),
    "illegal_transition:already_confirmed": (
        "这条记录已经核对确认过了（当前为“{status_text}”）。",
        "This record has already been checked and confirmed (now “{status_text}”).",
    ),
    "illegal_transition:not_assigned": (
        "这名学生还没有这个号码，无需更正：学号在核对确认时分配，学籍号可以直接填写。",
        "The student has no such number yet, so there is nothing to correct: the student "
        "number is assigned at confirmation, the registry number can simply be entered.",
    ),
}
_MESSAGES.update(_RECORDS)

_REASONS: dict[str, tuple[str, str]] = {
    "too_short": ("至少需要 {min_length} 个字符", "it needs at least {min_length} characters"),
    "too_long": ("不能超过 {max_length} 个字符", "it may have at most {max_length} characters"),
    "blank": ("不能全是空格", "it cannot be only spaces"),
    "common": ("太常见，容易被猜到", "it is too common and easy to guess"),
    "context": ("不能用学校名、用户名或软件名", "it cannot be the school, user or program name"),
    "length": ("位数不对，应为 18 位", "it must have 18 characters"),
    "chars": ("含有不允许的字符", "it contains characters that are not allowed"),
    "check": ("校验位不对，可能输错了一位", "the check digit does not match: a digit is wrong"),
    "birth_date": ("出生日期不存在", "the birth date does not exist"),
    "region": ("地区码不存在", "the region code does not exist"),
    "region_abolished": (
        "地区码在出生年份前已撤销",
        "the region code was abolished before the birth year",
    ),
}


# Codes whose one sentence takes the reason's words from _REASONS as {reason_text}.
_REASON_TEXT_CODES = frozenset({"password_rejected", "invalid_id_number"})

_WARNINGS: dict[str, tuple[str, str]] = {
    "audit_chain": (
        "注意：档案库的修改记录不完整或被改动过（可能有人在软件之外改动了档案库，或恢复了旧文件）。"
        "请暂停录入，联系管理员运行完整性检查（xueji check）。",
        "Warning: the archive's change history is incomplete or was altered (the archive may have "
        "been changed outside this program, or old files put back). Stop entering data and ask "
        "the administrator to run the integrity check (xueji check).",
    ),
}


def warning_text(warning: str, lang: str | None = None) -> str:
    """A sentence for one of ``Session.warnings`` ("kind:detail…")."""
    idx = 1 if (lang or language()) == "en" else 0
    kind = warning.split(":", 1)[0]
    default = (
        "注意：档案库检查发现问题，请联系管理员。",
        "Warning: the archive check found a problem.",
    )
    return _WARNINGS.get(kind, default)[idx]


# Names of the fields that errors name, for a clerk; template fields come from problem_text.
_FIELDS: dict[str, tuple[str, str]] = {
    "school_name": ("学校名称", "School name"),
    "school_code": ("学校代码", "School code"),
    "username": ("用户名", "User name"),
    "roles": ("角色", "Roles"),
    "student_no": ("学号", "Student number"),
    "name": ("姓名", "Name"),
    "gender": ("性别", "Gender"),
    "birth_date": ("出生日期", "Birth date"),
    "id_number": ("身份证件号", "ID number"),
    "ethnicity": ("民族", "Ethnicity"),
    "audit_log": ("修改记录", "The change history"),
    "category_code": ("学籍异动类别", "The status-change category"),
    "reason_code": ("学籍异动原因", "The status-change reason"),
    "document_no": ("批准文号", "The approval document number"),
    "approver": ("审批人", "The approver"),
    "reason": ("原因", "The reason"),
    "returned_reason": ("退回原因", "The reason for the return"),
    "effective_date": ("生效日期", "The effective date"),
    "details": ("学籍异动的内容", "The status change's details"),
    "details.expected_return_date": ("预计复学日期", "The expected return date"),
    "details.class_group_id": ("新班级", "The new class"),
    "details.major_code": ("新专业", "The new major"),
    "details.to_school": ("转往学校", "The school transferred to"),
    "details.from_school": ("原就读学校", "The previous school"),
    "details.diploma_no": ("毕业证书编号", "The diploma number"),
    "details.remark": ("备注", "The remark"),
    "change_id": ("异动号", "The status change number"),
    "student_id": ("学生", "The student"),
    "class_group_id": ("班级", "The class"),
    "report_status": ("上报状态", "The reporting status"),
    "proof_attachment_id": ("证明材料", "The proof document"),
    "kind": ("要更正的号码", "The number to correct"),
    "student_no_pattern": ("学号规则", "The student-number pattern"),
    "diploma_no_pattern": ("毕业证书编号规则", "The diploma-number pattern"),
    "diploma_no": ("毕业证书编号", "The diploma number"),
    "outcome": ("毕业结论", "The graduation outcome"),
    "today": ("检查日期", "The report date"),
    "values": ("查重用的信息", "The details to check for duplicates"),
    "text": ("搜索内容", "The search text"),
    "status": ("学籍状态", "The enrolment status"),
    "intake_year": ("年级", "The intake year"),
    "limit": ("显示条数", "The number of results"),
    "rules": ("毕业条件", "The graduation requirements"),
    "rules.required_courses": ("必修课程要求", "The required courses"),
    "rules.min_credits": ("最低学分", "The minimum credits"),
    "rules.internship_required": ("是否要求岗位实习", "Whether an internship is required"),
    "rules.min_assessment": ("毕业鉴定最低等级", "The minimum graduation assessment"),
    "rules.blocking_punishments": ("影响毕业的处分", "The punishments that block graduation"),
    "rules.required_certificates": ("技能证书数量要求", "The number of skill certificates"),
    "rules.completion_window_months": (
        "结业换发毕业证书的期限",
        "The window for a diploma after completion",
    ),
}

# ValidationError sentences by reason; {field_text} names the field.
_VALIDATION_REASONS: dict[str, tuple[str, str]] = {
    "required": ("{field_text}不能为空。", "{field_text} is required."),
    "too_long": ("{field_text}太长，请缩短。", "{field_text} is too long; shorten it."),
    "invalid": ("{field_text}填写有误，请检查。", "{field_text} is not valid; check it."),
    "duplicate": ("{field_text}已经存在。", "{field_text} already exists."),
    "format": ("{field_text}格式不对，请检查。", "{field_text} has the wrong form; check it."),
    "id_mismatch": (
        "{field_text}与身份证件号不一致。",
        "{field_text} does not agree with the ID number.",
    ),
    "unknown_code": (
        "{field_text}不是有效的代码，请从列表中选择。",
        "{field_text} is not a valid code; choose one from the list.",
    ),
    "unknown_field": (
        "{field_text}不是可以填写的项目。",
        "{field_text} is not something that can be filled in.",
    ),
    "empty": ("{field_text}至少要选一项。", "{field_text}: choose at least one."),
    "chain_broken": (
        "{field_text}中有记录被改动过，需要先查明原因，不能直接重新确认。",
        "Entries of {field_text} were altered; find out why before confirming it again.",
    ),
    "type": (
        "{field_text}的内容类型不对，请重新填写。",
        "{field_text} has the wrong type of content; enter it again.",
    ),
    "unknown": (
        "{field_text}不存在，请核对。",
        "{field_text} does not exist; check it.",
    ),
    "not_for_kind": (
        "这项学籍异动不需要填写{field_text}。",
        "{field_text} does not apply to this type of status change.",
    ),
    "future": ("{field_text}不能晚于今天。", "{field_text} cannot be in the future."),
    "before_enrolment": (
        "{field_text}不能早于学生的入学年月。",
        "{field_text} cannot be before the student's enrolment.",
    ),
    "before_previous_event": (
        "{field_text}不能早于该学生上一次学籍异动的日期。",
        "{field_text} cannot be before the student's previous status change.",
    ),
    "not_after_effective": (
        "{field_text}必须晚于休学开始的日期。",
        "{field_text} must be after the day the leave begins.",
    ),
    "major_differs": (
        "所选班级属于另一个专业。留级、降级和调班只能转到同一专业的班级，换专业请办理转专业。",
        "The class chosen belongs to another major. Repeating a year, demotion and a change of "
        "class stay within the major; record a change of major instead.",
    ),
    "same_class": (
        "学生已经在这个班级，不需要调班。",
        "The student is already in that class: no change of class is needed.",
    ),
    "cohort_differs": (
        "调班只能调到同一年级的班级；换年级请办理留级或降级。",
        "A change of class stays within the same intake year; record repeating a year or a "
        "demotion instead.",
    ),
    "not_later_cohort": (
        "留级或降级只能转到入学年级更晚的班级。",
        "Repeating a year or a demotion moves the student to a class of a later intake year.",
    ),
    "class_major_mismatch": (
        "所选班级与所选专业不一致，请核对。",
        "The class chosen does not belong to the major chosen; check them.",
    ),
    "same_major": (
        "学生已经是这个专业，不需要转专业。",
        "The student is already in that major: no change of major is needed.",
    ),
    "other_student": (
        "{field_text}属于另一名学生，请选择该学生自己的材料。",
        "{field_text} belongs to another student; choose one of this student's own documents.",
    ),
    "unknown_key": (
        "{field_text}不是可以设置的项目。",
        "{field_text} is not something that can be set.",
    ),
    "range": ("{field_text}超出了允许的范围。", "{field_text} is outside the allowed range."),
    "not_for_completion": (
        "结业不发毕业证书，不能填写{field_text}。",
        "Completion without a diploma issues no diploma, so {field_text} cannot be given.",
    ),
    # core.numbering.PatternError reasons (student and diploma number patterns)
    "sequence_exhausted": (
        "{field_text}的流水号已经用完。请管理员在设置中加长流水号的位数。",
        "{field_text} has run out of sequence numbers. The administrator can make the "
        "sequence longer in the settings.",
    ),
    "seq_at_end": (
        "{field_text}中的流水号必须放在最后。",
        "In {field_text} the sequence number must come last.",
    ),
    "seq_width": (
        "{field_text}中流水号的位数应为 1 到 8 位。",
        "In {field_text} the sequence number must have 1 to 8 digits.",
    ),
    "unknown_placeholder": (
        "{field_text}中有不认识的占位项。可用的有入学年份、专业代码、学校代码、毕业年份和流水号。",
        "{field_text} has a part that is not recognised. Use the intake year, major code, "
        "school code, graduation year and the sequence number.",
    ),
    "bad_characters": (
        "{field_text}中只能使用数字、字母和“-”。",
        "{field_text} may contain only digits, letters and '-'.",
    ),
}
# (field, reason) pairs whose sentence says more than the reason alone.
_VALIDATION_SPECIFIC: dict[tuple[str, str], tuple[str, str]] = {
    ("username", "invalid"): (
        "用户名含有不允许的字符。",
        "The user name contains characters that are not allowed.",
    ),
    ("kind", "unknown_field"): (
        "只能更正学号或学籍号。",
        "Only the student number or the registry number can be corrected.",
    ),
    ("reason_code", "unknown"): (
        "学籍异动原因不在 JY/T 1001 原因代码表中，请从列表中选择。",
        "The status-change reason is not in the JY/T 1001 table of reasons; choose one from the "
        "list.",
    ),
    ("category_code", "unknown"): (
        "学籍异动类别不在 JY/T 1001 类别代码表中，请从列表中选择。",
        "The status-change category is not in the JY/T 1001 table; choose one from the list.",
    ),
    ("details.class_group_id", "unknown"): (
        "找不到所选的新班级，或这项学籍异动不涉及换班级。",
        "The new class was not found, or this type of change does not move the student to a class.",
    ),
    ("details.major_code", "unknown"): (
        "新专业不是本校已设置的专业，或这项学籍异动不涉及换专业。",
        "The new major is not set up for this school, or this type of change does not change "
        "the major.",
    ),
    ("proof_attachment_id", "unknown"): (
        "找不到所选的证明材料（可能已作废）。",
        "The proof document was not found (it may have been voided).",
    ),
    ("outcome", "unknown"): (
        "毕业结论只能是毕业或结业。",
        "The graduation outcome must be graduation or completion without diploma.",
    ),
}
_DATE_FIELDS = frozenset({"effective_date", "details.expected_return_date", "today"})
_DATE_FORMAT = (
    "{field_text}不是有效日期，请按 2026-03-01 的格式填写。",
    "{field_text} is not a valid date; use the form 2026-03-01.",
)

# English names of 学籍状态, 上报状态 and 学籍异动 kinds (the Chinese ones are in core.template).
_STATUS_EN: dict[str, str] = {
    "enrolled": "enrolled",
    "on_leave": "on leave",
    "graduated": "graduated",
    "completed_without_diploma": "completed without diploma",
    "studied_without_completing": "left with a certificate of study",
    "withdrawn": "withdrawn",
    "expelled": "expelled",
    "transferred_out": "transferred out",
    "deregistered": "deregistered",
    "deceased": "deceased",
    "draft": "draft",
    "confirmed": "checked",
    "reported": "reported",
    "approved": "approved",
    "returned": "returned",
}
_KIND_EN: dict[str, str] = {
    "leave_of_absence": "leave of absence",
    "return_from_leave": "return from leave",
    "withdrawal": "withdrawal",
    "transfer_out": "transfer out",
    "transfer_in": "transfer in",
    "expulsion": "expulsion",
    "repeat_year": "repeating a year",
    "demotion": "demotion",
    "change_major": "change of major",
    "change_class": "change of class",
    "deregistration": "deregistration",
    "death": "death",
    "graduation": "graduation",
    "early_graduation": "early graduation",
    "completion": "completion without diploma",
    "diploma_after_completion": "diploma after completion",
    "studied_without_completing": "certificate of study",
}
# Actions that IllegalTransition names in ``kind`` besides the 学籍异动 kinds.
_ACTIONS: dict[str, tuple[str, str]] = {
    "confirmation": ("信息核对确认", "confirmation"),
    "report_status": ("上报状态变更", "a change of reporting status"),
    "number_correction": ("号码更正", "a number correction"),
}

# Titles of the data-health finding kinds (services/health.py KINDS).
_FINDING_TITLES: dict[str, tuple[str, str]] = {
    "missing_required": ("必填项未填", "Required fields empty"),
    "id_mismatch": ("与身份证件号不一致", "Disagrees with the ID number"),
    "likely_duplicate": ("可能重复", "Possible duplicates"),
    "missing_documents": ("档案材料缺少", "Documents missing"),
    "no_grades": ("学期无成绩", "No grades for a finished term"),
    "leave_overdue": ("休学逾期未归", "Leave of absence overdue"),
    "aid_not_enrolled": ("不在籍仍发资助", "Aid paid while not enrolled"),
    "not_approved": ("尚未核准", "Not yet approved"),
    "graduate_without_destination": ("毕业去向未登记", "Graduate without destination"),
}

# Sentences of the command line itself (record commands).
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


def language() -> str:
    lang = os.environ.get("XUEJI_LANG", "zh").lower()
    return "en" if lang.startswith("en") else "zh"


def _idx(lang: str | None) -> int:
    return 1 if (lang or language()) == "en" else 0


def field_name(field: str, lang: str | None = None) -> str:
    """A field as a clerk names it (学号, 预计复学日期 …); never the internal name."""
    idx = _idx(lang)
    if field in _FIELDS:
        return _FIELDS[field][idx]
    from xueji_desktop.problem_text import field_text  # imports this module: import late

    text = field_text(field, "en" if idx else "zh")
    if text != field:
        return text
    head, _, rest = field.partition(".")
    if head in ("details", "rules") and rest:
        return f"“{rest}”这一项" if idx == 0 else f"The item “{rest}”"
    return "填写的内容" if idx == 0 else "A value"


def status_label(status: str, lang: str | None = None) -> str:
    """学籍状态 or 上报状态 as shown ("在籍", "已核对"; "enrolled", "checked")."""
    from xueji_desktop.core.template import REPORT_STATUS_LABELS, STATUS_LABELS

    if _idx(lang):
        return _STATUS_EN.get(status, "unknown")
    return STATUS_LABELS.get(status) or REPORT_STATUS_LABELS.get(status) or "未知"


def kind_label(kind: str, lang: str | None = None) -> str:
    """A 学籍异动 kind (or a registration action) as shown ("休学"; "leave of absence")."""
    from xueji_desktop.core.template import KIND_LABELS

    idx = _idx(lang)
    if kind in _ACTIONS or kind.startswith("report_"):
        return _ACTIONS.get(kind, _ACTIONS["report_status"])[idx]
    if idx:
        return _KIND_EN.get(kind, "this status change")
    return KIND_LABELS.get(kind, "这项学籍异动")


def finding_title(kind: str, lang: str | None = None) -> str:
    """The heading of a data-health finding kind."""
    default = ("其他问题", "Other findings")
    return _FINDING_TITLES.get(kind, default)[_idx(lang)]


def cli_text(key: str, lang: str | None = None, **params: object) -> str:
    """A sentence of the ``xueji`` record commands (confirmations and usage errors)."""
    return CLI_TEXTS[key][_idx(lang)].format_map(_Default({k: str(v) for k, v in params.items()}))


def message_key(error: XuejiError) -> str:
    """Which sentence tells ``error``: "code:value" (by reason, kind, field or action, in that
    order), "validation:<reason>" or "validation:<field>:<reason>", the bare code, or "" (the
    generic fallback). Tests use it to check every raised reason has its own sentence."""
    return _choose(error)[0]


def _choose(error: XuejiError) -> tuple[str, tuple[str, str] | None]:
    fields = error.fields
    if error.code == "validation":
        field, reason = str(fields.get("field", "")), str(fields.get("reason", ""))
        if (field, reason) in _VALIDATION_SPECIFIC:
            return f"validation:{field}:{reason}", _VALIDATION_SPECIFIC[(field, reason)]
        if reason == "format" and field in _DATE_FIELDS:
            return f"validation:{field}:{reason}", _DATE_FORMAT
        if reason in _VALIDATION_REASONS:
            return f"validation:{reason}", _VALIDATION_REASONS[reason]
        return "validation", _MESSAGES["validation"]
    for name in ("reason", "kind", "field", "action"):
        value = fields.get(name)
        if isinstance(value, str) and f"{error.code}:{value}" in _MESSAGES:
            key = f"{error.code}:{value}"
            return key, _MESSAGES[key]
    told = fields.get("reason")
    if error.code in _REASON_TEXT_CODES and isinstance(told, str) and told in _REASONS:
        return f"{error.code}:{told}", _MESSAGES[error.code]
    if error.code in _MESSAGES:
        return error.code, _MESSAGES[error.code]
    return "", None


def _values(error: XuejiError, idx: int) -> dict[str, object]:
    """The error's fields plus the derived names templates use (only when their source is
    there, so that a missing field shows up in ``unfilled_placeholders``)."""
    lang = "en" if idx else "zh"
    fields = error.fields
    values: dict[str, object] = {"code": error.code, **fields}
    reason = str(fields.get("reason", ""))
    if reason in _REASONS:
        values["reason_text"] = _REASONS[reason][idx].format_map(_Default(values))
    if "field" in fields:
        values["field_text"] = field_name(str(fields["field"]), lang)
    if "status" in fields:
        values["status_text"] = status_label(str(fields["status"]), lang)
    kind = fields.get("kind")
    if isinstance(kind, str):
        values["kind_text"] = kind_label(kind, lang)
    target = fields.get("target")
    if target is None and isinstance(kind, str) and kind.startswith("report_"):
        target = kind.removeprefix("report_")
    if target is not None:
        values["target_text"] = status_label(str(target), lang)
    retry = fields.get("retry_after")
    if isinstance(retry, int):
        values["retry_minutes"] = max(1, (retry + 59) // 60)
    return values


def message_for(error: XuejiError, lang: str | None = None) -> str:
    """One sentence (zh by default, en) saying what happened and what to do."""
    idx = _idx(lang)
    template = _choose(error)[1] or ("操作没有完成（{code}）。", "The operation failed ({code}).")
    text = template[idx].format_map(_Default(_values(error, idx)))
    if idx and text[:1].islower():
        text = text[0].upper() + text[1:]
    return text


def unfilled_placeholders(error: XuejiError, lang: str | None = None) -> list[str]:
    """Placeholders of the chosen sentence that neither the error nor a derived name fills."""
    template = _choose(error)[1]
    if template is None:
        return []
    idx = _idx(lang)
    values = _values(error, idx)
    names = [n for _, n, _, _ in string.Formatter().parse(template[idx]) if n]
    return [n for n in names if n not in values]


class _Default(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return ""
