"""Clerk sentences (zh, en) for issue 8's file dispatch services: errors, validation problems and
the names of their fields."""

from __future__ import annotations

# Error code (or "code:reason") -> (zh, en); merged into messages._MESSAGES.
FILE_DISPATCH_ERRORS: dict[str, tuple[str, str]] = {
    "paper_file_unavailable": (
        "{student}的纸质档案现在不能办理这一步。",
        "The paper file of {student} cannot go through this step now.",
    ),
    "paper_file_unavailable:on_loan": (
        "{student}的纸质档案已借出，还没有归还，不能再借出或转递。请先登记归还。",
        "The paper file of {student} is on loan and not back yet, so it cannot be lent again "
        "or sent on. Record the return first.",
    ),
    "paper_file_unavailable:not_on_loan": (
        "{student}的纸质档案没有借出，不用登记归还。",
        "The paper file of {student} is not on loan, so there is no return to record.",
    ),
    "paper_file_unavailable:dispatched": (
        "{student}的纸质档案已经转递出去了，不在档案室。如果转递登记有误，请先作废那次转递。",
        "The paper file of {student} has already been sent on and is not in the archive room. "
        "If that dispatch was entered by mistake, void it first.",
    ),
    "paper_file_unavailable:not_dispatched": (
        "{student}的纸质档案还没有转递，不能登记回执。",
        "The paper file of {student} has not been sent on, so there is no receipt to record.",
    ),
    "paper_file_unavailable:receipt_recorded": (
        "{student}的档案转递回执已经登记过了，不能再登记。",
        "The receipt for the paper file of {student} has already been recorded.",
    ),
    "paper_file_unavailable:in_school": (
        "{student}还在校（在籍或休学），纸质档案不能转递。学生离校后才能转递档案。",
        "{student} has not left the school (enrolled or on leave), so the paper file cannot be "
        "sent on yet.",
    ),
    "paper_file_unavailable:kept": (
        "{student}的纸质档案由学校归档保存，不能转递。如需转递，请先取消“学校归档保存”。",
        "The school keeps the paper file of {student}, so it cannot be sent on. Clear "
        "“kept by the school” first if it should go.",
    ),
    "paper_file_unavailable:voided": (
        "{student}的这次档案转递已经作废，不能再办理。",
        "This dispatch of the paper file of {student} was voided; nothing more can be done "
        "with it.",
    ),
    "not_found:file_dispatch": (
        "找不到这条档案转递记录。",
        "That dispatch of a paper file was not found.",
    ),
    "not_found:file_loan": ("找不到这条档案借阅记录。", "That loan of a paper file was not found."),
    "reason_required:void_dispatch": (
        "作废档案转递记录时必须填写原因（例如：寄错单位、档案被退回）。",
        "Voiding a dispatch needs a reason (for example: sent to the wrong place, the file came "
        "back).",
    ),
}
# Problem code -> (zh, en) with {field} and params; merged into SERVICE_PROBLEM_TEXTS.
FILE_DISPATCH_PROBLEMS: dict[str, tuple[str, str]] = {
    "due_before_lent": (
        "应还日期早于借出日期。",
        "The due date is before the day the file was lent.",
    ),
    "due_too_far": (
        "应还日期离借出日期太远，最多 {max_days} 天，请核对。",
        "The due date is too far from the day lent (at most {max_days} days); check it.",
    ),
    "return_before_lent": (
        "归还日期早于借出日期（{lent_on}）。",
        "The return date is before the day the file was lent ({lent_on}).",
    ),
    "receipt_before_dispatch": (
        "回执日期早于转递日期（{dispatched_on}）。",
        "The receipt date is before the dispatch date ({dispatched_on}).",
    ),
    "dispatch_no_required": (
        "{field}不能为空：机要寄送必须填写机要编号。",
        "{field} is required: sending by confidential mail needs it.",
    ),
    "carrier_required": (
        "{field}不能为空：专人送达必须写明领取人。",
        "{field} is required: handing a file over in person needs it.",
    ),
    "invalid_choice_of": (
        "{field}只能是：{allowed_zh}。",
        "{field} must be one of: {allowed_en}.",
    ),
    "received_and_missing": (
        "{field}：“{doc_name}”既登记为收到，又登记为缺少，请只留一处。",
        "{field}: “{doc_name}” is entered both as received and as missing; keep only one.",
    ),
    "duplicate_order": (
        "同一名学生在这批转递中出现了两次（第一次在第 {first} 条）。",
        "The same student is twice in this batch (first as entry {first}).",
    ),
    "too_many_orders": (
        "一批最多转递 {max} 名学生的档案，请分批办理。",
        "One batch can send at most {max} files; split it.",
    ),
    "serial_not_for_dispatch": (
        "这个编号不是该学生的有效档案转递单，请核对转递单上的编号。",
        "That number is not a valid file transfer slip of this student; check the number on "
        "the slip.",
    ),
    "serial_already_recorded": (
        "这次转递已经出具了转递单 {serial}。需要重印请在发放登记中重印；如果那张转递单作废了，"
        "先在发放登记中作废它，再出具新的。",
        "This dispatch already has the transfer slip {serial}. Reprint it from the issuance "
        "register; if that slip is wrong, void it there first, then issue a new one.",
    ),
}
# Field name -> (zh, en); merged into EXTRA_FIELD_NAMES.
FILE_DISPATCH_FIELD_NAMES: dict[str, tuple[str, str]] = {
    "dispatch_ids": ("要打印转递单的转递记录", "Dispatches to print slips for"),
    "file_dispatch_id": ("转递记录", "Dispatch"),
    "borrower": ("借阅人", "Borrower"),
    "borrower_unit": ("借阅单位", "Borrower's unit"),
    "purpose": ("借阅用途", "Purpose"),
    "lent_on": ("借出日期", "Date lent"),
    "due_on": ("应还日期", "Due date"),
    "returned_on": ("归还日期", "Date returned"),
    "open_only": ("只看未归还", "Open loans only"),
    "limit": ("最多条数", "Number of entries"),
    "today": ("今天的日期", "Today's date"),
    "orders": ("转递名单", "List of files to send"),
    "receiver_kind": ("接收方类别", "Kind of receiver"),
    "receiver": ("接收单位", "Receiver"),
    "receiver_address": ("接收地址", "Receiver's address"),
    "via": ("转递方式", "Way of sending"),
    "dispatch_no": ("机要编号", "Confidential mail number"),
    "carrier": ("领取人姓名", "Name of the person who collects it"),
    "dispatched_on": ("转递日期", "Dispatch date"),
    "receipt_on": ("回执日期", "Receipt date"),
    "signer": ("回执签收人", "Who signed the receipt"),
    "serial": ("转递单编号", "Transfer slip number"),
    "dispatch_id": ("转递记录", "Dispatch entry"),
    "batch_id": ("转递批次", "Dispatch batch"),
    "awaiting_receipt": ("只看未回执", "Awaiting receipt only"),
    "include_voided": ("包括已作废", "Include voided entries"),
    "class_group_id": ("班级", "Class"),
}
