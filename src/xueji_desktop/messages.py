"""The one translator from typed errors to sentences a clerk understands (zh default, en).

Used by the CLI and the GUI. Words like "keyring", "key slot" or "HMAC" never appear here: the
clerk reads what happened and what to do next. Language: ``XUEJI_LANG`` (zh|en), default zh.
The records tables live in messages_records, messages_fields and messages_cli; read them
through this module.
"""

from __future__ import annotations

import os
import string

from xueji_desktop import __version__
from xueji_desktop.core.errors import XuejiError
from xueji_desktop.messages_backup import BACKUP_ERRORS
from xueji_desktop.messages_calendar import CALENDAR_ERRORS
from xueji_desktop.messages_cli import CLI_TEXTS
from xueji_desktop.messages_destinations import DESTINATION_ERRORS
from xueji_desktop.messages_documents import DOCUMENT_REASONS, DOCUMENTS
from xueji_desktop.messages_fields import (
    DATE_FIELDS,
    DATE_FORMAT,
    FIELDS,
    VALIDATION_REASONS,
    VALIDATION_SPECIFIC,
)
from xueji_desktop.messages_file_dispatch import FILE_DISPATCH_ERRORS
from xueji_desktop.messages_id_card import ID_CARD_ERRORS
from xueji_desktop.messages_import import EXPORT_ERRORS, IMPORT_ERRORS, SHEETS
from xueji_desktop.messages_paper_files import PAPER_FILES_ERRORS
from xueji_desktop.messages_records import (
    ACTIONS,
    FINDING_TITLES,
    KIND_EN,
    RECORDS,
    STATUS_EN,
)
from xueji_desktop.messages_retention import RETENTION_ERRORS
from xueji_desktop.messages_transfer import TRANSFER_ERRORS

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
    "archive_too_new:key_file": (
        "这个档案库的登录文件是由更新版本的学籍档案室软件写入的（登录文件格式第 "
        "{found_version} 版），本软件（{program_version} 版）只认识第 {supported_version} 版。"
        "档案库没有损坏，也没有被改动：请安装最新版本的学籍档案室软件后再打开。",
        "The archive's sign-in file was written by a newer version of Xueji Desktop (format "
        "{found_version}); this program (version {program_version}) knows format "
        "{supported_version} only. The archive is not damaged and was not changed: install the "
        "latest version of Xueji Desktop, then open it.",
    ),
    "archive_damaged": (
        "档案库文件已损坏，无法打开。请不要再写入，联系管理员用备份恢复。",
        "The archive file is damaged and cannot be opened. Stop using it and ask the "
        "administrator to restore it from a backup.",
    ),
    "archive_damaged:blob_version": (
        "这份扫描件或照片的文件标明的格式（第 {found_version} 版）比本软件（{program_version} 版）"
        "能读取的第 {supported_version} 版新，无法打开。如果这个档案库用更新版本的学籍档案室软件"
        "打开过，请安装最新版本；否则这个文件已损坏，请联系管理员用备份恢复。",
        "This scan or photo is marked with a newer file format ({found_version}) than this "
        "program (version {program_version}) reads ({supported_version}), so it cannot be "
        "opened. If a newer version of Xueji Desktop has opened this archive, install the latest "
        "version; otherwise the file is damaged: ask the administrator to restore it from a "
        "backup.",
    ),
    "key_file_damaged": (
        "档案库的登录文件已损坏或缺失。请联系管理员用备份恢复。",
        "The archive's sign-in file is damaged or missing. Ask the administrator to restore "
        "it from a backup.",
    ),
    "archive_too_new": (
        "这个档案库已由更新版本的学籍档案室软件升级（数据格式第 {archive_schema} 版），本软件"
        "（{program_version} 版）只能打开第 {app_schema} 版及以前的格式。档案库没有损坏，也没有"
        "被改动：请安装最新版本的学籍档案室软件后再打开。",
        "This archive was upgraded by a newer version of Xueji Desktop (data format "
        "{archive_schema}); this program (version {program_version}) opens formats up to "
        "{app_schema} only. The archive is not damaged and was not changed: install the latest "
        "version of Xueji Desktop, then open it.",
    ),
    "archive_too_new:archive_file": (
        "这个档案库是由更新版本的学籍档案室软件建立或改动的（档案库格式第 {found_version} 版），"
        "本软件（{program_version} 版）只认识第 {supported_version} 版。档案库没有损坏，也没有"
        "被改动：请安装最新版本的学籍档案室软件后再打开。",
        "This archive was made or changed by a newer version of Xueji Desktop (archive format "
        "{found_version}); this program (version {program_version}) knows format "
        "{supported_version} only. The archive is not damaged and was not changed: install the "
        "latest version of Xueji Desktop, then open it.",
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

# archive.json (storage/layout.read_meta) is not the sign-in file: its damage gets its own words.
_META_DAMAGED = (
    "档案库的说明文件已损坏或缺失，无法判断怎样打开这个档案库。请联系管理员用备份恢复。",
    "The archive's description file is damaged or missing, so the program cannot "
    "tell how to open the archive. Ask the administrator to restore it from a backup.",
)
_MESSAGES.update(
    {
        f"key_file_damaged:{reason}": _META_DAMAGED
        for reason in (
            "meta_missing",
            "meta_unreadable",
            "meta_format",
            "meta_binding",
            "meta_fields",
        )
    }
)
_MESSAGES.update(RECORDS)
_MESSAGES.update(DOCUMENTS)
_MESSAGES.update(SHEETS)
_MESSAGES.update(IMPORT_ERRORS)
_MESSAGES.update(EXPORT_ERRORS)
_MESSAGES.update(BACKUP_ERRORS)
for _issue8 in (
    PAPER_FILES_ERRORS,
    FILE_DISPATCH_ERRORS,
    CALENDAR_ERRORS,
    ID_CARD_ERRORS,
    DESTINATION_ERRORS,
    TRANSFER_ERRORS,  # issue 9
    RETENTION_ERRORS,
):
    _MESSAGES.update(_issue8)

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
_REASONS.update(DOCUMENT_REASONS)


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


def language() -> str:
    lang = os.environ.get("XUEJI_LANG", "zh").lower()
    return "en" if lang.startswith("en") else "zh"


def _idx(lang: str | None) -> int:
    return 1 if (lang or language()) == "en" else 0


def field_name(field: str, lang: str | None = None) -> str:
    """A field as a clerk names it (学号, 预计复学日期 …); never the internal name."""
    idx = _idx(lang)
    if field in FIELDS:
        return FIELDS[field][idx]
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
        return STATUS_EN.get(status, "unknown")
    return STATUS_LABELS.get(status) or REPORT_STATUS_LABELS.get(status) or "未知"


def kind_label(kind: str, lang: str | None = None) -> str:
    """A 学籍异动 kind (or a registration action) as shown ("休学"; "leave of absence")."""
    from xueji_desktop.core.template import KIND_LABELS

    idx = _idx(lang)
    if kind in ACTIONS or kind.startswith("report_"):
        return ACTIONS.get(kind, ACTIONS["report_status"])[idx]
    if idx:
        return KIND_EN.get(kind, "this status change")
    return KIND_LABELS.get(kind, "这项学籍异动")


def finding_title(kind: str, lang: str | None = None) -> str:
    """The heading of a data-health finding kind."""
    default = ("其他问题", "Other findings")
    return FINDING_TITLES.get(kind, default)[_idx(lang)]


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
        if (field, reason) in VALIDATION_SPECIFIC:
            return f"validation:{field}:{reason}", VALIDATION_SPECIFIC[(field, reason)]
        if reason == "format" and field in DATE_FIELDS:
            return f"validation:{field}:{reason}", DATE_FORMAT
        if reason in VALIDATION_REASONS:
            return f"validation:{reason}", VALIDATION_REASONS[reason]
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
    # The running program's version: the "made by a newer version" sentences name it.
    values: dict[str, object] = {"code": error.code, "program_version": __version__, **fields}
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
