"""Names of the fields errors name, and the ValidationError sentences that use them.

Tables only: read them through ``xueji_desktop.messages`` (``field_name``, ``message_for``).
"""

from __future__ import annotations

# Names of the fields that errors name, for a clerk; template fields come from problem_text.
FIELDS: dict[str, tuple[str, str]] = {
    "drive_label": ("备份盘名称", "Backup drive name"),
    "backup_time": ("每日备份时间", "The daily backup time"),
    "graduation_outcome": ("毕业结论", "The graduation outcome"),
    # printed documents (issue 5)
    "document_kind": ("文书种类", "The document type"),
    "event_id": ("学籍异动记录", "The status change record"),
    "graduation_year": ("毕业届别", "The graduation year"),
    "template": ("打印模板", "The print template"),
    "document_param": ("打印选项", "A print option"),
    "purpose": ("用途", "The purpose"),
    "printer": ("打印机名称", "The printer name"),
    "print_offset": ("套打偏移", "The print offset"),
    "logo": ("学校标志图片", "The school logo"),
    "transcript_summary": ("成绩单合计项目", "The totals on transcripts"),
    "document_serial": ("文书编号", "The document number"),
    "document_pdf": ("文书文件", "The document file"),
    "copies": ("份数", "The number of copies"),
    "graduation_date": ("毕业（离校）日期", "The graduation date"),
    "photo_blob": ("照片", "The photo"),
    "voided": ("作废", "Voided"),
    "void_reason": ("作废原因", "The reason for voiding"),
    "family_members": ("家庭成员", "The family members"),
    "auto_lock_minutes": ("自动锁定时间（分钟）", "The auto-lock time (minutes)"),
    "student_ids": ("学生名单", "The list of students"),
    "query": ("查找条件", "The search conditions"),
    "sort": ("排序方式", "The sort order"),
    "date_from": ("开始日期", "The start date"),
    "date_to": ("结束日期", "The end date"),
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
VALIDATION_REASONS: dict[str, tuple[str, str]] = {
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
    "file_too_large": (
        "{field_text}的文件太大（不能超过 {limit_kb} KB），请换一个小一些的文件。",
        "The file of {field_text} is too large (at most {limit_kb} KB); choose a smaller one.",
    ),
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
VALIDATION_SPECIFIC: dict[tuple[str, str], tuple[str, str]] = {
    ("username", "invalid"): (
        "用户名含有不允许的字符：不能用 : | \\ / \" ' < > 和制表符等控制字符。",
        "The user name contains characters that are not allowed: : | \\ / \" ' < > and control "
        "characters such as tabs.",
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
DATE_FIELDS = frozenset({"effective_date", "details.expected_return_date", "today"})
DATE_FORMAT = (
    "{field_text}不是有效日期，请按 2026-03-01 的格式填写。",
    "{field_text} is not a valid date; use the form 2026-03-01.",
)
