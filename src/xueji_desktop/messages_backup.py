"""Clerk sentences (zh, en) for the errors of backups, drives and restores (issue 7).

Never "HMAC", "manifest", "keyring" or "WAL" here: the clerk reads what happened to the backup
and what to do next.
"""

from __future__ import annotations

BACKUP_ERRORS: dict[str, tuple[str, str]] = {
    "drive_not_enrolled:not_enrolled": (
        "{path} 不是本档案库登记过的备份盘，没有往里面写任何东西。请插入登记过的备份盘，"
        "或由管理员先在“备份与恢复”中登记这个盘。",
        "{path} is not an enrolled backup drive of this archive; nothing was written to it. "
        "Plug in an enrolled backup drive, or have the administrator enrol this one first under "
        "Backup and restore.",
    ),
    "drive_not_enrolled:other_archive": (
        "{path} 是另一个档案库的备份盘，不会写入本档案库的备份。",
        "{path} is the backup drive of another archive; this archive's backups are not written "
        "to it.",
    ),
    "drive_not_enrolled:unknown": (
        "{path} 上的备份盘标记不是本档案库登记的，不会使用这个盘。请管理员重新登记。",
        "The backup-drive mark on {path} was not made by this archive; the drive is not used. "
        "Ask the administrator to enrol it again.",
    ),
    "drive_not_enrolled:damaged": (
        "{path} 上的备份盘标记文件已损坏，不会使用这个盘。请管理员检查这个盘后重新登记。",
        "The backup-drive mark on {path} is damaged; the drive is not used. Ask the "
        "administrator to check the drive and enrol it again.",
    ),
    "drive_not_enrolled": (
        "{path} 不能作为本档案库的备份盘使用，没有往里面写任何东西。",
        "{path} cannot be used as this archive's backup drive; nothing was written to it.",
    ),
    "drive_unavailable": (
        "备份盘 {path} 现在不能使用。请检查备份盘是否插好。",
        "The backup drive {path} cannot be used right now. Check that it is plugged in.",
    ),
    "drive_full": (
        "备份盘空间不够，这次备份没有完成，以前的备份没有受影响。请管理员换一个更大的备份盘。",
        "The backup drive is too full; this backup did not finish and earlier backups are "
        "untouched. Have the administrator use a larger drive.",
    ),
    "drive_unavailable:missing": (
        "找不到备份盘 {path}。请插好备份盘后再试。",
        "The backup drive {path} was not found. Plug it in and try again.",
    ),
    "drive_unavailable:not_folder": (
        "{path} 不是一个文件夹或磁盘，不能用来备份。",
        "{path} is not a folder or drive; it cannot hold backups.",
    ),
    "drive_unavailable:not_writable": (
        "备份盘 {path} 不能写入（可能是写保护或没有权限）。请检查备份盘。",
        "The backup drive {path} cannot be written to (write-protected, or no permission). "
        "Check the drive.",
    ),
    "drive_unavailable:none_plugged": (
        "没有插入登记过的备份盘。请插入备份盘后再试。",
        "No enrolled backup drive is plugged in. Plug one in and try again.",
    ),
    "drive_unavailable:inside_archive": (
        "备份盘不能是档案库文件夹或它里面的文件夹：放在同一处的副本不算备份。请选外接的备份盘。",
        "The backup drive cannot be the archive folder or a folder inside it: a copy kept in "
        "the same place is no backup. Choose an external backup drive.",
    ),
    "drive_unavailable:none_enrolled": (
        "还没有登记备份盘。请管理员在“备份与恢复”里登记一个外接备份盘。",
        "No backup drive is enrolled yet. Ask the administrator to enrol an external backup "
        "drive under Backup and restore.",
    ),
    "drive_unavailable:io": (
        "备份盘读写出错（可能被拔出了）。这次备份没有完成，以前的备份没有受影响。"
        "请插好备份盘后再试；如果反复出现，请管理员换一个备份盘。",
        "The backup drive stopped answering (it may have been pulled out). This backup did not "
        "finish; earlier backups are untouched. Plug the drive in again and retry; if it keeps "
        "happening, have the administrator use another drive.",
    ),
    "drive_full:no_space": (
        "备份盘空间不够：需要约 {needed_mb} MB，只剩 {free_mb} MB。以前的备份没有受影响。"
        "请管理员换一个更大的备份盘，或清理盘上的其他文件。",
        "The backup drive is too full: about {needed_mb} MB is needed and {free_mb} MB is free. "
        "Earlier backups are untouched. Have the administrator use a larger drive or clear "
        "other files from it.",
    ),
    "drive_full:file_too_large": (
        "备份盘是 {fs} 格式，单个文件不能超过 4 GB，而档案库文件有 {size_mb} MB。"
        "请管理员把备份盘格式化为 exFAT 或 NTFS 后重新登记（格式化会清空这个盘）。",
        "The backup drive uses {fs}, which cannot hold a file over 4 GB, and the archive file "
        "is {size_mb} MB. Have the administrator format the drive as exFAT or NTFS and enrol it "
        "again (formatting erases the drive).",
    ),
    "drive_full:file_limit": (
        "备份盘不接受这么大的文件（约 {size_mb} MB），这次备份没有完成，以前的备份没有受影响。"
        "如果备份盘是 FAT32 格式，请管理员把它格式化为 exFAT 或 NTFS 后重新登记。",
        "The backup drive does not accept a file this large (about {size_mb} MB); this backup "
        "did not finish and earlier backups are untouched. If the drive uses FAT32, have the "
        "administrator format it as exFAT or NTFS and enrol it again.",
    ),
    "backup_busy": (
        "另一项备份、核对或恢复正在使用这个备份盘，请等它完成后再试。",
        "Another backup, check or restore is using this drive. Try again when it has finished.",
    ),
    "backup_too_new:manifest": (
        "这份备份是由更新版本的学籍档案室软件（{made_with} 版）制作的（备份格式第 "
        "{found_version} 版），本软件（{program_version} 版）只能读取第 {supported_version} 版。"
        "备份没有损坏，也没有被改动：请安装 {made_with} 或更新的版本后再检查或恢复。",
        "This backup was made by a newer version of Xueji Desktop ({made_with}, backup format "
        "{found_version}); this program (version {program_version}) reads format "
        "{supported_version} only. The backup is not damaged and was not changed: install "
        "version {made_with} or later, then check or restore it.",
    ),
    "backup_too_new:format": (
        "这份备份是由更新版本的学籍档案室软件制作的（备份格式第 {found_version} 版），本软件"
        "（{program_version} 版）只能读取第 {supported_version} 版。备份没有损坏，也没有被改动："
        "请安装最新版本的学籍档案室软件后再检查或恢复。",
        "This backup was made by a newer version of Xueji Desktop (backup format "
        "{found_version}); this program (version {program_version}) reads format "
        "{supported_version} only. The backup is not damaged and was not changed: install the "
        "latest version of Xueji Desktop, then check or restore it.",
    ),
    "backup_too_new:drive": (
        "这个备份盘是由更新版本的学籍档案室软件登记的（备份盘格式第 {found_version} 版），本软件"
        "（{program_version} 版）只能使用第 {supported_version} 版。盘上的备份没有被改动：请安装"
        "最新版本的学籍档案室软件后再使用这个盘。",
        "This backup drive was enrolled by a newer version of Xueji Desktop (drive format "
        "{found_version}); this program (version {program_version}) uses format "
        "{supported_version} only. The backups on it were not changed: install the latest "
        "version of Xueji Desktop, then use the drive.",
    ),
    "backup_too_new": (
        "这份备份或备份盘是由更新版本的学籍档案室软件写入的，本软件（{program_version} 版）读不了。"
        "备份没有损坏：请安装最新版本的学籍档案室软件。",
        "This backup or backup drive was written by a newer version of Xueji Desktop; this "
        "program (version {program_version}) cannot read it. The backup is not damaged: install "
        "the latest version of Xueji Desktop.",
    ),
    "backup_corrupt": (
        "这份备份没有通过核对（内容与备份时记录的不一致），不能用来恢复。备份盘可能出了问题："
        "请尽快在另一个备份盘上做一份新的备份，并请管理员检查这个盘。",
        "This backup failed its check (its contents differ from what was recorded when it was "
        "made) and cannot be restored from. The drive may be failing: make a new backup on "
        "another drive soon and have the administrator check this one.",
    ),
    "backup_corrupt:wrong_archive": (
        "这份备份属于另一个档案库，不能恢复到这里。",
        "This backup belongs to another archive and cannot be restored here.",
    ),
    "backup_corrupt:not_verified": (
        "这份备份还没有核对完成（或核对没有通过），不能用来恢复。请选择一份已核对的备份。",
        "This backup has not been checked (or failed its check) and cannot be restored from. "
        "Choose a checked backup.",
    ),
    "no_backup": (
        "没有可以使用的备份。",
        "There is no usable backup.",
    ),
    "no_backup:none": (
        "备份盘上没有本档案库已核对的备份。",
        "The drive holds no checked backup of this archive.",
    ),
    "no_backup:not_found": (
        "备份盘上没有找到备份 {name}。",
        "The backup {name} was not found on the drive.",
    ),
}
