"""The one translator from typed errors to sentences a clerk understands (zh default, en).

Used by the CLI and the GUI. Words like "keyring", "key slot" or "HMAC" never appear here: the
clerk reads what happened and what to do next. Language: ``XUEJI_LANG`` (zh|en), default zh.
"""

from __future__ import annotations

import os

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
    "not_found": ("找不到该记录。", "The record was not found."),
    "validation": (
        "{field_text}填写有误：{reason_text}。",
        "{field_text} is not valid: {reason_text}.",
    ),
    "invalid_id_number": (
        "身份证件号不正确（{reason_text}）。",
        "The ID number is not valid ({reason_text}).",
    ),
}

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
}


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
}

_VALIDATION_REASONS: dict[str, tuple[str, str]] = {
    "required": ("不能为空", "it is required"),
    "too_long": ("内容太长", "it is too long"),
    "invalid": ("含有不允许的字符", "it contains characters that are not allowed"),
    "duplicate": ("已经存在", "it already exists"),
    "format": ("格式不对", "the format is wrong"),
    "id_mismatch": ("与身份证件号不一致", "it does not agree with the ID number"),
    "unknown_code": ("不是有效的代码", "it is not a valid code"),
    "unknown_field": ("不是可以填写的项目", "it is not a field that can be filled in"),
    "empty": ("至少要选一项", "choose at least one"),
    "chain_broken": (
        "有记录被改动过，需要先查明原因，不能直接重新确认",
        "entries were altered; find out why before confirming it again",
    ),
}


def language() -> str:
    lang = os.environ.get("XUEJI_LANG", "zh").lower()
    return "en" if lang.startswith("en") else "zh"


def message_for(error: XuejiError, lang: str | None = None) -> str:
    idx = 1 if (lang or language()) == "en" else 0
    specific = f"{error.code}:{error.fields.get('reason', '')}"
    template = _MESSAGES.get(specific) or _MESSAGES.get(
        error.code, ("操作失败（{code}）。", "The operation failed ({code}).")
    )
    fields: dict[str, object] = {"code": error.code, **error.fields}
    reason = str(error.fields.get("reason", ""))
    if reason in _REASONS:
        fields["reason_text"] = _REASONS[reason][idx].format_map(_Default(fields))
    else:
        fields.setdefault("reason_text", reason)
    if error.code == "validation":
        field = str(error.fields.get("field", ""))
        fields["field_text"] = _FIELDS.get(field, (field, field))[idx]
        if reason in _VALIDATION_REASONS:
            fields["reason_text"] = _VALIDATION_REASONS[reason][idx]
    retry = error.fields.get("retry_after")
    if isinstance(retry, int):
        fields["retry_minutes"] = max(1, (retry + 59) // 60)
    return template[idx].format_map(_Default(fields))


class _Default(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return ""
