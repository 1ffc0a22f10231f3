"""Clerk sentences (zh, en) for retention and destruction (issue 9 §4): errors, validation
problems, the names of their fields, and the words of the command line and the register."""

from __future__ import annotations

# Error code (or "code:reason") -> (zh, en); merged into messages._MESSAGES.
RETENTION_ERRORS: dict[str, tuple[str, str]] = {
    "destruction_refused": (
        "按保管期限的规定，这份材料现在不能销毁。",
        "Under the retention rules this document cannot be destroyed now.",
    ),
    "destruction_refused:permanent": (
        "这类材料属于学籍档案或没有设定保管期限，需永久保存，不能销毁。",
        "This kind of document is part of the permanent student record or has no retention "
        "period set, so it is kept for good and cannot be destroyed.",
    ),
    "destruction_refused:not_due": (
        "这份材料的保管期限还没有到，{due_on} 起才能销毁。",
        "The retention period of this document has not ended yet; it may be destroyed from "
        "{due_on}.",
    ),
    "destruction_refused:not_proposed": (
        "这份材料没有列入销毁清册，请先提出销毁。",
        "This document has not been proposed for destruction; propose it first.",
    ),
    "destruction_refused:decided": (
        "销毁清册 {serial} 已经审批过（已销毁或已驳回），不能再次审批。",
        "Entry {serial} of the destruction register was already decided (destroyed or "
        "rejected); it cannot be decided again.",
    ),
    "destruction_refused:in_school": (
        "该学生还没有离校（或离校日期没有登记），保管期限从离校起算，现在不能销毁。",
        "The student has not left the school (or the day of leaving is not recorded); the "
        "retention period counts from leaving, so the document cannot be destroyed yet.",
    ),
    "destruction_refused:voided_student": (
        "这名学生的记录已作废，其材料作为凭证保留，不能销毁。",
        "This student's record was voided; its documents are kept as evidence and cannot be "
        "destroyed.",
    ),
    "attachment_destroyed": (
        "这份材料已于 {destroyed_at} 按保管期限销毁（销毁清册 {serial}），内容已不在档案中；"
        "清册里记有它的名称和类型。",
        "This document was destroyed on {destroyed_at} under the retention rules (destruction "
        "register {serial}); its content is no longer in the archive. The register says what "
        "it was.",
    ),
    "not_found:destruction_entry": (
        "销毁清册里没有编号为 {id} 的条目，请核对编号。",
        "The destruction register has no entry {id}; check the number.",
    ),
}

# Problem code -> (zh, en) with {field} and params; merged into SERVICE_PROBLEM_TEXTS.
RETENTION_PROBLEMS: dict[str, tuple[str, str]] = {
    "retention_permanent_type": (
        "“{doc_type}”属于学籍档案，必须永久保存，不能设定保管期限。",
        "“{doc_type}” is part of the student record (学籍档案): it is kept for good and cannot "
        "be given a retention period.",
    ),
    "too_many_items": (
        "{field}一次最多 {max} 项，请分几次办理。",
        "{field} may hold at most {max} items at a time; do it in several parts.",
    ),
}

# Field -> (zh, en); merged into EXTRA_FIELD_NAMES (a field already named keeps its name).
RETENTION_FIELD_NAMES: dict[str, tuple[str, str]] = {
    "years": ("保管年限", "Years to keep"),
    "counted_from": ("保管期限起算", "Counted from"),
    "attachment_ids": ("要销毁的材料", "Documents to destroy"),
    "serials": ("销毁清册编号", "Register numbers"),
    "approve": ("审批结果", "Decision"),
    "year": ("年度", "Year"),
    "lang": ("语言", "Language"),
    "as_of": ("截止日期", "As of"),
    "today": ("日期", "Date"),
}

# The command line's words (cli_retention.py) and the page's labels (T2 may use them).
RETENTION_TEXTS: dict[str, tuple[str, str]] = {
    "permanent": ("永久", "permanent"),
    "fixed": ("学籍档案，永久", "student record, permanent"),
    "years_added": ("添加后 {years} 年", "{years} years after adding"),
    "years_left": ("离校后 {years} 年", "{years} years after leaving"),
    "status_proposed": ("待审批", "awaiting approval"),
    "status_destroyed": ("已销毁", "destroyed"),
    "status_rejected": ("已驳回", "rejected"),
    "nothing_due": ("截至 {as_of} 没有到期的材料。", "Nothing is due by {as_of}."),
    "due_count": ("截至 {as_of} 共 {n} 份材料到期。", "{n} documents are due by {as_of}."),
    "proposed": ("已提出销毁：{serials}", "Proposed for destruction: {serials}"),
    "approved": ("已批准销毁：{serials}", "Destruction approved: {serials}"),
    "rejected": ("已驳回：{serials}", "Rejected: {serials}"),
    "rule_set": ("已设定：{name} {rule}", "Set: {name} {rule}"),
    "register_empty": ("销毁清册中没有条目。", "The destruction register is empty."),
    "written": ("已写入 {path}", "Written: {path}"),
    "bad_set": (
        "--set 的格式是 类型=年数[:added|left]，或 类型=permanent：{value}",
        "--set takes TYPE=YEARS[:added|left] or TYPE=permanent: {value}",
    ),
    "admin_password": ("管理员密码：", "admin password: "),
    "year_added": ("添加后 1 年", "1 year after adding"),
    "year_left": ("离校后 1 年", "1 year after leaving"),
    "review_header": (
        "材料编号\t可销毁日期\t学生\t材料类型\t标题\t销毁清册编号",
        "Document\tDestroyable from\tStudent\tType\tTitle\tRegister no.",
    ),
    "finished_none": (
        "没有遗留的已销毁文件需要删除。",
        "No files of destroyed documents were left to delete.",
    ),
    "finished": (
        "已删除 {n} 份上次销毁时遗留的文件。",
        "Deleted {n} files left behind by an earlier destruction.",
    ),
}

# A destroyed scan whose bytes another live scan or a photo still uses: the attachment is
# closed, the file stays (docs/design/retention.md, "What approval does").
KEPT_TEXTS: dict[str, tuple[str, str]] = {
    "kept": (
        "内容与{what}相同，该文件仍在使用，未删除",
        "same content as {what}, which is still in use: the file was not deleted",
    ),
    "kept_unknown": (
        "内容与当时仍在使用的其他材料相同，文件未删除",
        "same content as another document then still in use: the file was not deleted",
    ),
    "items": ("第 {ids} 号材料", "document no. {ids}"),
    "many_items": ("第 {ids} 号等 {n} 份材料", "documents no. {ids} and others ({n} in all)"),
    "photo": ("学生照片", "a student's photo"),
    "and": ("和", " and "),
    "sep": ("、", ", "),
    "deleted": ("文件已删除", "file deleted"),
    "will_keep": (
        "{serial}（材料 {attachment_id}）：内容与{what}相同。批准后这份材料不能再打开，"
        "但该文件仍在使用，不会删除。",
        "{serial} (document {attachment_id}): same content as {what}. Once approved this "
        "document no longer opens, but the file is still in use and is not deleted.",
    ),
    "kept_count": (
        "其中 {n} 份的内容与仍在使用的材料相同，文件未删除。",
        "{n} of them have the same content as documents still in use: those files were not "
        "deleted.",
    ),
}


def _idx(lang: str) -> int:
    return 1 if lang == "en" else 0


def sharing_what(shared_with: tuple[int, ...], photo: bool, lang: str = "zh") -> str:
    """ "第 12、15 号材料和学生照片": what else uses the same content ("" when nothing)."""
    i = _idx(lang)
    parts = []
    if shared_with:
        ids = KEPT_TEXTS["sep"][i].join(str(n) for n in shared_with[:5])
        key = "many_items" if len(shared_with) > 5 else "items"
        parts.append(KEPT_TEXTS[key][i].format(ids=ids, n=len(shared_with)))
    if photo:
        parts.append(KEPT_TEXTS["photo"][i])
    return KEPT_TEXTS["and"][i].join(parts)


def kept_text(shared_with: tuple[int, ...], photo: bool, lang: str = "zh") -> str:
    """What became of a destroyed scan's file when its content is still used elsewhere."""
    what = sharing_what(shared_with, photo, lang)
    if not what:
        return KEPT_TEXTS["kept_unknown"][_idx(lang)]
    return KEPT_TEXTS["kept"][_idx(lang)].format(what=what)


def kept_warning(entry: object, lang: str = "zh") -> str:
    """The warning before approving a proposal whose content another live scan uses ("" when
    none does)."""
    what = sharing_what(
        tuple(getattr(entry, "shared_with", ())),
        bool(getattr(entry, "shared_photo", False)),
        lang,
    )
    if not what:
        return ""
    return KEPT_TEXTS["will_keep"][_idx(lang)].format(
        serial=getattr(entry, "serial", ""),
        attachment_id=getattr(entry, "attachment_id", ""),
        what=what,
    )
