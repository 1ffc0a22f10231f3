"""Sentences for the refusals of the records services, and the names messages.py puts into them.

Tables only: read them through ``xueji_desktop.messages`` (``message_for``, ``status_label`` …).
Keys "code:value" pick a sentence by the error's reason, kind, field or action (that order).
"""

from __future__ import annotations

RECORDS: dict[str, tuple[str, str]] = {
    "not_found": (
        "找不到要处理的记录，可能已被更改。请刷新后再试。",
        "The record was not found; it may have changed. Refresh and try again.",
    ),
    "not_found:backup_drive": (
        "这个备份盘没有登记（可能已经取消登记），请刷新后再试。",
        "This backup drive is not enrolled (it may have been removed already). Refresh and try "
        "again.",
    ),
    "not_found:document": (
        "本档案库的发放登记中没有这个文书编号，请核对编号。",
        "This archive's register has no document with that serial number; check the number.",
    ),
    "not_found:template": (
        "没有这个打印模板，请从列表中选择。",
        "There is no such print template; choose one from the list.",
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
    "record_invalid:confirm": (
        "记录还有 {count} 处需要补充或改正，暂不能核对确认（草稿已保存，不受影响）。",
        "The record cannot be confirmed yet: {count} item(s) need filling in or correcting (the "
        "draft stays saved).",
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

# English names of 学籍状态, 上报状态 and 学籍异动 kinds (the Chinese ones are in core.template).
STATUS_EN: dict[str, str] = {
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
KIND_EN: dict[str, str] = {
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
ACTIONS: dict[str, tuple[str, str]] = {
    "confirmation": ("信息核对确认", "confirmation"),
    "report_status": ("上报状态变更", "a change of reporting status"),
    "number_correction": ("号码更正", "a number correction"),
}

# Titles of the data-health finding kinds (services/health.py KINDS).
FINDING_TITLES: dict[str, tuple[str, str]] = {
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
