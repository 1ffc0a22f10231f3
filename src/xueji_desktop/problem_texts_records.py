"""Sentence tables for the record services' problems and the data-health findings (zh, en).

Data only; ``problem_text.py`` fills and chooses them. Kept apart so each module stays small.
"""

from __future__ import annotations

# Fields of the other record parts (grades, terms, attachments …): (zh, en).
EXTRA_FIELD_NAMES: dict[str, tuple[str, str]] = {
    "status": ("学籍状态", "Enrolment status"),
    "leaving_date": ("毕业日期", "Date of leaving"),
    "leaving_year": ("离校年份", "Year of leaving"),
    "intake_year": ("入学年份", "Year of enrolment"),
    "leaving_mode": ("离校方式", "Way of leaving"),
    "graduation_outcome": ("毕业结论", "Graduation outcome"),
    "diploma_no": ("毕业证书编号", "Diploma number"),
    "score": ("成绩", "Score"),
    "grade_label": ("等级", "Grade"),
    "remark": ("备注", "Remark"),
    "makeup_score": ("补考成绩", "Makeup exam score"),
    "makeup_date": ("补考日期", "Makeup exam date"),
    "retake_score": ("重修成绩", "Retake score"),
    "retake_term_id": ("重修学期", "Retake term"),
    "term": ("学期", "Term"),
    "term_id": ("学期", "Term"),
    "course_id": ("课程", "Course"),
    "student_id": ("学生", "Student"),
    "rows": ("成绩表", "Grade sheet"),
    "row": ("成绩表中的一行", "A row of the grade sheet"),
    "code": ("代码", "Code"),
    "catalogue_version": ("专业目录版本", "Catalogue version"),
    "start_date": ("开始日期", "Start date"),
    "end_date": ("结束日期", "End date"),
    "decided_on": ("决定日期", "Decision date"),
    "lifted_on": ("解除日期", "Date lifted"),
    "annulled_on": ("撤销日期", "Date annulled"),
    "document_no": ("文号", "Document number"),
    "lifted_document_no": ("解除文号", "Document number of the lifting"),
    "issued_by": ("决定单位", "Decided by"),
    "annulled_reason": ("撤销原因", "Reason for annulling"),
    "level": ("级别", "Level"),
    "kind": ("类别", "Kind"),
    "reason": ("原因", "Reason"),
    "title": ("名称", "Title"),
    "employer": ("单位", "Employer"),
    "assessment": ("考核结果", "Assessment"),
    "amount_fen": ("金额", "Amount"),
    "credits": ("学分", "Credits"),
    "internship": ("岗位实习", "Internship"),
    "punishments": ("处分", "Punishments"),
    "certificates": ("技能证书", "Skill certificates"),
    "graduation_assessment": ("毕业鉴定", "Graduation assessment"),
    "media_type": ("文件类型", "File type"),
    "data": ("文件", "File"),
    "doc_type": ("材料类型", "Document type"),
    "attendance": ("考勤", "Attendance"),
    "as_of": ("统计截止日期", "The date counted as of"),
    "by": ("统计项目", "What is counted"),
    "filters": ("统计范围", "What is included in the count"),
    "statuses": ("学籍状态范围", "The statuses counted"),
}


# Problems found by the record services (grades, terms, attachments, graduation …).
SERVICE_PROBLEM_TEXTS: dict[str, tuple[str, str]] = {
    "status_by_event": (
        "学籍状态不能直接修改，请办理相应的学籍异动（休学、退学、毕业等）。",
        "The enrolment status cannot be edited; record the status change (leave, withdrawal, "
        "graduation …) instead.",
    ),
    "use_status_change": (
        "已核对的学籍不能直接改{field}，请办理学籍异动（调班、转专业、留级）。",
        "{field} of a confirmed record is changed by a status change (change of class or "
        "major, repeating a year), not by editing.",
    ),
    "unknown_class": (
        "没有名为“{value}”的班级，请先在班级管理中建立，或检查班级名称。",
        "There is no class named “{value}”; create it first or check the name.",
    ),
    "class_major_mismatch": (
        "所选班级属于另一个专业，请核对专业和班级。",
        "The class belongs to another major; check the major and the class.",
    ),
    "invalid_type": ("{field}的内容类型不对。", "{field} has the wrong kind of content."),
    "out_of_range": (
        "{field}应在 {min} 到 {max} 之间。",
        "{field} must be between {min} and {max}.",
    ),
    "invalid_choice": ("{field}只能是：{allowed}。", "{field} must be one of: {allowed}."),
    "invalid_date": (
        "{field}不是有效日期，请按“2025-09-01”的格式填写。",
        "{field} is not a valid date; use the form 2025-09-01.",
    ),
    "invalid_format": (
        "{field}格式不对{example}。",
        "{field} has the wrong format{example}.",
    ),
    "major_name_mismatch": (
        "专业名称与专业目录不符，目录中为“{expected}”。",
        "The major's name differs from the catalogue, which has “{expected}”.",
    ),
    "catalogue_mismatch": (
        "专业目录版本应为 {expected}。",
        "The catalogue version should be {expected}.",
    ),
    "end_before_start": ("结束日期早于开始日期。", "The end date is before the start date."),
    "outside_school_year": (
        "开始日期不在该学年内。",
        "The start date is outside that school year.",
    ),
    "term_overlap": (
        "日期与学期 {term} 重叠。",
        "The dates overlap term {term}.",
    ),
    "term_before_enrolment": (
        "学期 {term} 早于学生的入学年月。",
        "Term {term} is before the student's enrolment.",
    ),
    "result_required": (
        "请填写成绩或等级。",
        "Enter a score or a grade.",
    ),
    "makeup_after_pass": (
        "原成绩已及格，不需要补考。",
        "The original result is a pass: there is no makeup exam.",
    ),
    "retake_after_pass": (
        "该课程已及格，不需要重修。",
        "The course is already passed: there is no retake.",
    ),
    "not_later_term": (
        "重修学期必须晚于原学期。",
        "The retake term must be later than the original term.",
    ),
    "before_term": (
        "补考日期早于该学期开始。",
        "The makeup exam date is before the term began.",
    ),
    "duplicate_row": (
        "成绩表中同一学生出现了两次。",
        "The same student appears twice in the sheet.",
    ),
    "not_found": ("{field}不存在。", "{field} does not exist."),
    "record_voided": ("该学生的记录已作废。", "The student's record was voided."),
    "before_decision": (
        "{field}早于处分决定日期。",
        "{field} is before the date of the decision.",
    ),
    "before_enrolment": (
        "{field}早于该学生入学（{month}）。处分只能在学生在校期间作出。",
        "{field} is before the student enrolled ({month}): a punishment is decided while the "
        "student is at the school.",
    ),
    "after_leaving": (
        "{field}晚于该学生离校（{left_on}）。处分只能在学生在校期间作出；学籍状态的变化请在"
        "【学籍异动】中办理。",
        "{field} is after the student left ({left_on}): a punishment is decided while the student "
        "is at the school. Changes of status are made under Status changes.",
    ),
    "not_a_punishment": ("这一条是奖励，不是处分。", "This entry is an award, not a punishment."),
    "punishment_lifted": (
        "该处分已经解除，不能再撤销或解除。",
        "This punishment was already lifted.",
    ),
    "punishment_annulled": (
        "该处分已经撤销，不能再解除或撤销。",
        "This punishment was already annulled.",
    ),
    "expulsion_not_liftable": (
        "开除学籍处分不能解除，只能在处理错误时撤销。",
        "An expulsion cannot be lifted; it can only be annulled when it was wrongly imposed.",
    ),
    "student_not_left": (
        "学生尚未离校，不能登记毕业去向。",
        "The student has not left the school; no destination can be recorded yet.",
    ),
    "unknown_doc_type": ("不是已知的档案材料类型。", "This is not a known document type."),
    "empty_file": ("文件是空的。", "The file is empty."),
    "file_too_large": (
        "文件超过 {max_mb} MB，请压缩或分页扫描后再添加。",
        "The file is larger than {max_mb} MB; scan it smaller or in parts.",
    ),
    "file_unreadable": ("无法读取该文件。", "The file cannot be read."),
    "unsupported_media_type": (
        "只能添加这些类型的文件：{allowed}。",
        "Only these file types can be added: {allowed}.",
    ),
    "media_type_mismatch": (
        "文件内容是 {found}，与所选类型 {declared} 不符。",
        "The file holds {found}, not {declared} as stated.",
    ),
    "course_not_passed": (
        "课程“{name}”尚未通过（含补考、重修）。",
        "The course “{name}” is not passed (makeup exams and retakes included).",
    ),
    "credits_short": (
        "学分不足：已获得 {have}，需要 {need}。",
        "Not enough credits: {have} of {need}.",
    ),
    "internship_not_assessed": (
        "岗位实习还没有考核结果。",
        "The internship has no assessment yet.",
    ),
    "internship_failed": ("岗位实习考核不合格。", "The internship assessment is a fail."),
    "assessment_missing": ("还没有毕业鉴定。", "There is no graduation assessment yet."),
    "assessment_too_low": (
        "毕业鉴定为“{have}”，至少需要“{need}”。",
        "The graduation assessment is “{have}”; at least “{need}” is needed.",
    ),
    "open_punishment": (
        "有未解除的处分（{level}，{decided_on}，文号 {document_no}）。",
        "There is an open punishment ({level}, {decided_on}, document {document_no}).",
    ),
    "certificates_short": (
        "技能证书不足：已有 {have} 个，需要 {need} 个。",
        "Not enough skill certificates: {have} of {need}.",
    ),
}


# --- data-health findings (services/health.py KINDS) ---------------------------------------

FINDINGS: dict[str, tuple[str, str]] = {
    "missing_required": ("必填项目未填写：{fields}。", "Required fields are empty: {fields}."),
    "id_mismatch": (
        "{field}与身份证件号不一致。",
        "{field} does not agree with the ID number.",
    ),
    "likely_duplicate": (
        "可能与其他记录重复（{reason}）：{others}，请核对。",
        "May duplicate other records ({reason}): {others}; please check.",
    ),
    "missing_documents": (
        "档案材料缺少：{documents}。",
        "Documents missing from the file: {documents}.",
    ),
    "no_grades": (
        "{term} 学期已结束，但没有任何成绩。",
        "Term {term} has ended but there are no grades.",
    ),
    "leave_overdue": (
        "休学应于 {expected_return_date} 返校，已过期，请办理复学或退学。",
        "The leave of absence ended on {expected_return_date}; record the return or the "
        "withdrawal.",
    ),
    "aid_not_enrolled": (
        "{term} 学期发放了资助（{kind}），但该学期学生不在籍。",
        "Aid ({kind}) was paid for term {term}, when the student was not enrolled.",
    ),
    "not_approved": (
        "学籍尚未经国家系统核准（当前：{report_status}）。",
        "The record is not yet approved by the national system (now: {report_status}).",
    ),
    "graduate_without_destination": (
        "已毕业但没有登记毕业去向。",
        "Graduated, but no destination is recorded.",
    ),
}
DUPLICATE_REASONS: dict[str, tuple[str, str]] = {
    "same_id_number": ("身份证件号相同", "same ID number"),
    "same_name_birth_date": ("姓名和出生日期相同", "same name and birth date"),
    "same_name_family_phone": ("姓名和家长电话相同", "same name and guardian phone"),
    "homophone_birth_date": ("姓名同音且出生日期相同", "homophone name, same birth date"),
}


# The archive's document checklist types (seeded by migration 2), (zh, en).
DOCUMENT_NAMES: dict[str, tuple[str, str]] = {
    "enrolment_form": ("入学登记表", "enrolment form"),
    "id_copy": ("身份证件复印件", "copy of the ID document"),
    "hukou_copy": ("户口簿复印件", "copy of the household register"),
    "admission_notice": ("录取通知书", "admission notice"),
    "junior_diploma": ("初中毕业证书复印件", "copy of the junior-school diploma"),
    "photo": ("照片", "photo"),
    "conduct_record": ("思想品德评价材料", "conduct evaluations"),
    "transcript": ("成绩单", "transcript"),
    "aid_record": ("资助材料", "financial-aid papers"),
    "reward_punishment": ("奖惩材料", "award and punishment papers"),
    "status_change_proof": ("学籍异动材料", "status-change papers"),
    "internship_assessment": ("岗位实习考核表", "internship assessment"),
    "graduate_form": ("毕业生登记表", "graduate registration form"),
    "other": ("其他材料", "other papers"),
}
REPORT_STATUS_NAMES: dict[str, tuple[str, str]] = {
    "draft": ("草稿", "draft"),
    "confirmed": ("已核对", "checked"),
    "reported": ("已上报", "reported"),
    "approved": ("已核准", "approved"),
    "returned": ("退回", "returned"),
}
