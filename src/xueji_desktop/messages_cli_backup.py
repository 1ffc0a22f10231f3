"""Sentences of ``xueji drive``, ``xueji backup`` and ``xueji restore`` (issue 7): a table only,
(zh, en), read through ``xueji_desktop.cli_backup.text``.

Errors themselves are told by ``messages.message_for`` (messages_backup.py); these are the
confirmations, the lines of a listing or a check, and the usage errors. Never "HMAC",
"manifest", "keyring" or "WAL" here. Placeholders are filled with ``str.format_map``.
"""

from __future__ import annotations

CLI_BACKUP_TEXTS: dict[str, tuple[str, str]] = {
    # -- drive enroll -------------------------------------------------------------------------
    "enrolled": (
        "已登记备份盘“{label}”：{path}。以后的备份会写到这个盘上。",
        "Enrolled the backup drive “{label}”: {path}. Backups will be written to it.",
    ),
    # -- backup -------------------------------------------------------------------------------
    "made_verified": (
        "备份完成并已核对：{id}（{students}，{size_mb} MB），保存在 {path}。",
        "Backup made and checked: {id} ({students}, {size_mb} MB), saved at {path}.",
    ),
    "made_pending": (
        "备份已复制到备份盘并核对了每个文件：{id}（{size_mb} MB），保存在 {path}。"
        "下次有人登录时会完成全面核对。",
        "Backup copied to the drive and every file compared: {id} ({size_mb} MB), saved at "
        "{path}. It is checked completely at the next sign-in.",
    ),
    "pruned": (
        "按保留规则删除了 {count} 份较早的备份。",
        "Removed {count} older backups under the keeping rules.",
    ),
    "space_soon": (
        "提示：备份盘只剩 {free_mb} MB，再做几次备份就放不下了。请准备一个更大的备份盘。",
        "Note: the backup drive has only {free_mb} MB free and will be full within a few "
        "backups. Get a larger drive ready.",
    ),
    # -- backup list --------------------------------------------------------------------------
    "list_none": (
        "备份盘上还没有本档案库的备份。",
        "The drive holds no backup of this archive yet.",
    ),
    "list_row": (
        "{time}  {state}  {students}  {size_mb} MB  {path}",
        "{time}  {state}  {students}  {size_mb} MB  {path}",
    ),
    "state_verified": ("已核对", "checked"),
    "state_pending": ("待核对", "to be checked"),
    "state_damaged": ("已损坏", "damaged"),
    "students_n": ("{n} 名学生", "{n} students"),
    "students_unknown": ("学生人数待核对后显示", "students counted once checked"),
    # -- backup verify ------------------------------------------------------------------------
    "verify_ok": ("{id}：通过核对。", "{id}: passed the check."),
    "verify_failed": ("{id}：没有通过核对（{what}）。", "{id}: failed the check ({what})."),
    "verify_summary_bad": (
        "有 {count} 份备份没有通过核对，不能用来恢复。备份盘可能出了问题：请尽快在另一个"
        "备份盘上做一份新的备份，并请管理员检查这个盘。",
        "Backups that failed the check: {count}. They cannot be restored from, and the "
        "drive may be failing: make a new backup on another drive soon and have the "
        "administrator check this one.",
    ),
    # -- backup drill -------------------------------------------------------------------------
    "drill_ok": (
        "恢复演练成功：备份 {id}（{time}）可以完整恢复（{students}），内容与备份时一致。",
        "Restore drill passed: backup {id} ({time}) restores completely ({students}), with "
        "the same content as when it was made.",
    ),
    "drill_failed": (
        "恢复演练没有通过：备份 {id}（{what}）。请尽快做一份新的备份，并请管理员检查备份盘。",
        "Restore drill failed: backup {id} ({what}). Make a new backup soon and have the "
        "administrator check the drive.",
    ),
    # -- restore ------------------------------------------------------------------------------
    "restored": (
        "已用备份 {id}（{time}）在 {path} 恢复出档案库，管理员 {admin} 的新密码已设置。",
        "Restored the archive at {path} from backup {id} ({time}); the new password of the "
        "administrator {admin} is set.",
    ),
    "restored_others": (
        "其他用户的账号都保留了，但要由管理员为他们重设密码后才能登录。",
        "The other users' accounts are kept; they can sign in once the administrator has "
        "reset their passwords.",
    ),
    "restored_unbound": (
        "提示：本机没有可用的安全凭据存储，恢复出的档案库仅凭密码即可打开（未与本机绑定）。",
        "Note: this computer offers no secure credential store, so the restored archive opens "
        "with a password alone (it is not tied to this computer).",
    ),
    # -- why a backup failed its check (the reasons of BackupCorrupt) ---------------------------
    "why_manifest_missing": ("备份的文件清单不见了", "the list of its files is missing"),
    "why_manifest_unreadable": ("备份的文件清单读不出来", "the list of its files cannot be read"),
    "why_manifest_seal": ("备份的文件清单被改动过", "the list of its files was altered"),
    "why_wrong_archive": ("它属于另一个档案库", "it belongs to another archive"),
    "why_file_missing": ("少了文件", "a file is missing"),
    "why_size": ("有文件大小不对", "a file has the wrong size"),
    "why_hash": ("有文件的内容变了", "a file's content has changed"),
    "why_not_verified": ("还没有完成核对", "it has not been checked yet"),
    "why_integrity": ("数据检查没有通过", "the data check failed"),
    "why_content_hash": ("内容与备份时不一致", "its content differs from when it was made"),
    "why_audit_chain": ("操作记录不完整", "the record of operations is broken"),
    "why_other": ("读取时出错", "it could not be read"),
    # -- usage errors (exit status 2) -----------------------------------------------------------
    "bad_backup_name": (
        "“{name}”既不是备份的名称（例如 20260101T120000Z-a1b2c3），也不是备份文件夹的路径。",
        "“{name}” is neither a backup name (like 20260101T120000Z-a1b2c3) nor the path of a "
        "backup folder.",
    ),
    "interrupted": (
        "已中断。以前的备份没有受影响。",
        "Interrupted. Earlier backups are untouched.",
    ),
    "stdin_recovery_code": (
        "没有从标准输入读到恢复码。请在第一行写恢复码，第二行写新的管理员密码。",
        "No recovery code on standard input. Give the recovery code on the first line and the "
        "new administrator password on the second.",
    ),
    "stdin_new_password": (
        "没有从标准输入读到新的管理员密码。请在恢复码下面一行写新的管理员密码。",
        "No new administrator password on standard input. Give it on the line after the "
        "recovery code.",
    ),
    "stdin_not_text": (
        "标准输入的内容不是文字（UTF-8），读不出恢复码和密码。",
        "Standard input is not text (UTF-8); the recovery code and password cannot be read.",
    ),
    "not_admin": (
        "{name} 不是管理员账号，请用 --admin 写管理员的账号名。",
        "{name} is not an administrator account; give an administrator's account name with "
        "--admin.",
    ),
}
