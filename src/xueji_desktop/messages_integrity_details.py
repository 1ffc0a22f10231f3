"""The findings of the 四性检测 items (zh, en): what each check found and what to do, filled
from the item's evidence (messages_integrity.py has the items' names and methods)."""

from __future__ import annotations

# "<item>:<variant>" -> (zh, en) with {params} from the item's evidence.
DETAILS: dict[str, tuple[str, str]] = {
    "audit_chain:pass": (
        "全部 {entries} 条操作记录的校验码都对得上，没有被改动过。",
        "All {entries} audit entries verify: none was changed.",
    ),
    "audit_chain:empty": ("还没有操作记录。", "There are no audit entries yet."),
    "audit_chain:fail": (
        "从第 {bad_seq} 条起操作记录的校验码对不上，说明记录被改动、删除或插入过（前 {entries} 条"
        "无误）。请管理员立即用备份核对原来的记录，查明原因。",
        "From entry {bad_seq} on the audit entries do not verify: entries were changed, removed "
        "or inserted (the first {entries} are fine). The administrator should compare them with "
        "a backup at once and find out why.",
    ),
    "database_pages:pass": (
        "数据库共 {pages} 页，每页的校验码都对得上，数据没有在本系统之外被改动。",
        "All {pages} pages of the database verify: nothing was changed outside this program.",
    ),
    "database_pages:fail": (
        "有 {problems} 处页面校验不通过，数据库文件被改动或已损坏。请停止录入，由管理员立即用备份"
        "恢复。",
        "{problems} page check(s) failed: the database file was changed or is damaged. Stop "
        "entering data; the administrator should restore a backup at once.",
    ),
    "content_digest:none": (
        "档案中还没有扫描件和照片，无需比对。",
        "The archive holds no scans or photos yet.",
    ),
    "content_digest:pass": (
        "{checked} 份文件的数字摘要和大小都与登记的一致。",
        "The digests and sizes of all {checked} files match the records.",
    ),
    "content_digest:fail": (
        "{mismatched} 份文件的数字摘要或大小与登记的不一致（共比对 {checked} 份），文件内容被换过"
        "或登记有误。请管理员从备份中找回原件，并核对登记。",
        "{mismatched} of {checked} files do not match their recorded digest or size: the content "
        "was replaced or the record is wrong. The administrator should restore the originals "
        "from a backup and check the records.",
    ),
    "content_digest:altered": (
        "有 {altered} 份文件解密时校验不通过，内容在本系统之外被改动过（或已损坏）；已比对的其余 "
        "{checked} 份都一致。请管理员从备份中找回原件，并查明文件是怎么被改动的。",
        "{altered} files failed their check when decrypted: their content was changed outside "
        "this program (or is damaged); the other {checked} compared match. The administrator "
        "should restore the originals from a backup and find out how they were changed.",
    ),
    "content_digest:partial": (
        "已比对的 {checked} 份都一致；另有 {unread} 份打不开，无法比对（见“电子文件可读性检测”）。",
        "The {checked} files compared match; {unread} could not be opened and were not compared "
        "(see “Scans and photos readable”).",
    ),
    "metadata_plausible:pass": (
        "没有发现不合理的信息。",
        "Nothing implausible was found.",
    ),
    "metadata_plausible:warn": (
        "出生日期或性别与身份证号不符 {id_mismatch} 处，休学超期未复学 {leave_overdue} 人，"
        "资助学期不在籍 {aid_not_enrolled} 处。请在“数据体检”中逐条核对更正。",
        "Birth date or gender disagrees with the ID number: {id_mismatch}; overdue returns from "
        "leave: {leave_overdue}; aid in terms without enrolment: {aid_not_enrolled}. Check each "
        "in the data health check.",
    ),
    "duplicates:pass": ("没有发现重复建档。", "No duplicate records were found."),
    "duplicates:warn": (
        "有 {likely_duplicate} 名学生可能重复建档。请在“数据体检”中核对，确属重复的作废多余的一份。"
        "",
        "{likely_duplicate} students may be recorded twice. Check them in the data health check "
        "and void the extra record where it is a duplicate.",
    ),
    "database_structure:pass": (
        "数据库结构完整（共 {pages} 页），文件大小正常。共有 {students} 名学生的记录。",
        "The database structure is sound ({pages} pages) and the file size is whole. "
        "{students} student records.",
    ),
    "database_structure:fail": (
        "数据库结构检查发现 {problems} 处问题，数据库已损坏。请停止录入，由管理员立即用备份恢复。",
        "The structure checks found {problems} problem(s): the database is damaged. Stop "
        "entering data; the administrator should restore a backup at once.",
    ),
    "references:pass": (
        "所有记录之间的关联都完整。",
        "Every link between records is intact.",
    ),
    "references:fail": (
        "有 {problems} 条记录引用了不存在的记录。请管理员用备份核对，必要时用备份恢复。",
        "{problems} record(s) refer to records that do not exist. The administrator should "
        "compare with a backup and restore it if needed.",
    ),
    "references:not_checked": (
        "数据库打不开，未能检查。",
        "The database did not open; not checked.",
    ),
    "audit_continuity:pass": (
        "操作记录从 1 到 {head_seq} 连续无缺号，最新一条与另存的标记（第 {anchor_seq} 条）相符。",
        "Entries run from 1 to {head_seq} without a gap; the newest matches the mark kept "
        "outside (entry {anchor_seq}).",
    ),
    "audit_continuity:empty": ("还没有操作记录。", "There are no audit entries yet."),
    "audit_continuity:gap": (
        "操作记录编号不连续（共 {count} 条，最大编号 {head_seq}），有记录被删除。请管理员立即用备份"
        "核对，查明原因。",
        "The entry numbers have a gap ({count} entries, highest number {head_seq}): entries were "
        "removed. The administrator should compare with a backup at once and find out why.",
    ),
    "audit_continuity:cut": (
        "另存的标记指向第 {anchor_seq} 条，但日志只到第 {head_seq} 条，或该条已不同：末尾的记录被删"
        "，"
        "或整个档案库被换回了旧版本。请管理员立即用备份核对，查明原因。",
        "The mark kept outside points to entry {anchor_seq}, but the log ends at {head_seq} or "
        "that entry differs: the tail was cut or an old copy of the archive was put back. The "
        "administrator should compare with a backup at once and find out why.",
    ),
    "audit_continuity:no_anchor": (
        "找不到另存的最新记录标记，无法确认末尾没有被删。请管理员核查后重新标记。",
        "The mark kept outside the database is missing, so a cut tail cannot be ruled out. The "
        "administrator should look into it and mark the log again.",
    ),
    "audit_continuity:unverified": (
        "编号从 1 到 {head_seq} 连续；因日志已被改动，未能与另存的标记比对。",
        "Numbers run from 1 to {head_seq}; the log was changed, so it was not compared with the "
        "mark kept outside.",
    ),
    "content_present:none": (
        "档案中还没有扫描件和照片。",
        "The archive holds no scans or photos yet.",
    ),
    "content_present:pass": (
        "应在的 {expected} 份文件都在{destroyed_note}。",
        "All {expected} files that should be there are present{destroyed_note}.",
    ),
    "content_present:fail": (
        "登记的 {expected} 份文件中有 {missing} 份找不到了{destroyed_note}。请管理员从备份中找回。",
        "{missing} of the {expected} recorded files are missing{destroyed_note}. The "
        "administrator should get them back from a backup.",
    ),
    "metadata_complete:pass": ("必填信息都已填齐。", "Every required field is filled in."),
    "metadata_complete:warn": (
        "有 {missing_required} 名学生的必填信息没有填齐。请在“数据体检”中逐个补全。",
        "{missing_required} students have required fields still empty. Complete them from the "
        "data health check.",
    ),
    "documents_complete:pass": (
        "按材料清单，应有的材料都已入库。",
        "Every document the checklist asks for is on file.",
    ),
    "documents_complete:warn": (
        "有 {missing_documents} 名学生缺少清单上的材料。请在“数据体检”中查看缺什么，补扫入库。",
        "{missing_documents} students lack documents of the checklist. See the data health "
        "check for what is missing and scan them in.",
    ),
    "records_complete:pass": (
        "成绩、毕业去向和上报核准都已记录。",
        "Grades, destinations and approvals are all recorded.",
    ),
    "records_complete:warn": (
        "缺已结束学期成绩 {no_grades} 处，毕业生无去向 {graduate_without_destination} 人，"
        "未上报核准 {not_approved} 人。请在“数据体检”中查看。",
        "Missing grades of finished terms: {no_grades}; graduates without a destination: "
        "{graduate_without_destination}; not yet approved: {not_approved}. See the data health "
        "check.",
    ),
    "database_readable:pass": (
        "全部 {tables} 张表、{rows} 行数据都能正常读出。",
        "All {tables} tables, {rows} rows, read without error.",
    ),
    "database_readable:fail": (
        "有数据读不出来，数据库已损坏。请管理员用备份恢复。",
        "Some data cannot be read: the database is damaged. The administrator should restore "
        "a backup.",
    ),
    "content_readable:none": (
        "档案中还没有扫描件和照片。",
        "The archive holds no scans or photos yet.",
    ),
    "content_readable:pass": (
        "{readable} 份扫描件和照片都能正常打开。",
        "All {readable} scans and photos open.",
    ),
    "content_readable:fail": (
        "有 {unreadable} 份文件打不开（已损坏或被改动），共检查 {present} 份。请管理员从备份中"
        "找回。",
        "{unreadable} of {present} files do not open (damaged or changed). The administrator "
        "should get them back from a backup.",
    ),
    "content_format:none": (
        "档案中还没有扫描件和照片。",
        "The archive holds no scans or photos yet.",
    ),
    "content_format:pass": (
        "{readable} 份文件的格式都与登记的一致，都是适合长期保存的格式（{formats}）。",
        "All {readable} files are in the recorded format, each one kept for the long term "
        "({formats}).",
    ),
    "content_format:warn": (
        "有 {wrong_format} 份文件的实际格式与登记的不一致，或不是适合长期保存的格式。请重新扫描为 P"
        "DF 或 JPEG。",
        "{wrong_format} files are not in their recorded format or not in a long-term format. "
        "Scan them again as PDF or JPEG.",
    ),
    "restore_drill:never": (
        "还没有做过恢复演练。请在“备份与恢复”页做一次，以后每月一次。",
        "No restore drill has been done. Do one on the backup page, then once a month.",
    ),
    "restore_drill:pass": (
        "最近一次恢复演练在 {drill_date}（{ago}），备份完整恢复并核对无误。",
        "The last restore drill, on {drill_date} ({ago}), restored the backup "
        "completely and it checked out.",
    ),
    "restore_drill:old": (
        "最近一次恢复演练在 {drill_date}，已过去 {age_days} 天，结果无误。请每月做一次。",
        "The last restore drill was on {drill_date}, {age_days} days ago, and passed. Do one "
        "every month.",
    ),
    "restore_drill:fail": (
        "最近一次恢复演练在 {drill_date}，没有通过：备份不能完整恢复。请管理员换一块备份盘重新备份"
        "后再演练。",
        "The last restore drill, on {drill_date}, failed: the backup would not restore "
        "completely. The administrator should back up to another drive and drill again.",
    ),
    "print_fonts:pass": (
        "打印字体齐全，常用汉字 {gb2312_covered} 字全部能打印，学校名称和全部学生姓名都能打印。",
        "The print fonts are complete: all {gb2312_covered} common characters, the school's "
        "name and every student's name print.",
    ),
    "print_fonts:warn": (
        "有 {names_unprintable} 名学生的姓名含字体缺少的生僻字（{chars}）。打印时程序会提示，"
        "可以把这些字印成空方框（□），打印后再手写补上。",
        "{names_unprintable} students' names hold rare characters the fonts lack ({chars}). "
        "When printing, the program offers to print them as empty boxes (□) to write in by "
        "hand.",
    ),
    "print_fonts:fail": (
        "打印字体不全或无法加载，证明和表格打印不出来。请重新安装本程序。",
        "The print fonts are missing or do not load, so documents cannot be printed. Install "
        "the program again.",
    ),
    "encryption:pass": (
        "数据库文件全部为密文（{cipher}），{blobs} 份扫描件和照片都以加密格式保存。",
        "The database file is all ciphertext ({cipher}); all {blobs} scans and photos are "
        "stored encrypted.",
    ),
    "encryption:fail": (
        "发现未加密的数据：{what}。请管理员立即查明原因。",
        "Unencrypted data was found: {what}. The administrator should find out why at once.",
    ),
    "binding:pass": (
        "档案库已与本机绑定（{backend}）。",
        "The archive is tied to this computer ({backend}).",
    ),
    "binding:warn": (
        "档案库没有与本机绑定，拷走后在别的电脑上凭密码也能打开。请妥善保管档案库所在的电脑和备份盘"
        "，"
        "并使用足够长的密码。",
        "The archive is not tied to this computer: a copy opens elsewhere with a password. Keep "
        "the computer and the backup drives safe and use long passwords.",
    ),
    "password_protection:pass": (
        "{slots} 个密码保护都达到要求（最低 {min_memory_mib} MB 内存、{min_passes} 轮）。",
        "All {slots} password protections meet the minimum ({min_memory_mib} MB memory, "
        "{min_passes} passes).",
    ),
    "password_protection:warn": (
        "有 {weak} 个密码保护低于要求（最低 {min_memory_mib} MB 内存、{min_passes} 轮）。请这些账户"
        "重新设置一次密码。",
        "{weak} password protection(s) are below the minimum ({min_memory_mib} MB memory, "
        "{min_passes} passes). Those accounts should set their password again.",
    ),
    "accounts:pass": (
        "在用账户 {active} 个（管理员 {admins} 个），已停用 {disabled} 个。",
        "{active} active accounts ({admins} administrators), {disabled} disabled.",
    ),
    "accounts:warn": (
        "没有在用的管理员账户，无法管理用户和恢复备份。请用恢复码设置管理员密码。",
        "No active administrator: users and restores cannot be managed. Use the recovery code "
        "to set an administrator's password.",
    ),
    "recovery_code:pass": (
        "恢复码生成于 {made_date}（{ago}）。{verified_note}",
        "The recovery code was made on {made_date} ({ago}). {verified_note}",
    ),
    "recovery_code:warn": (
        "恢复码生成于 {made_date}，最近一次核对时输入的恢复码不正确。请找出打印的恢复码再核对一次，"
        "找不到的请管理员重新生成。",
        "The recovery code was made on {made_date}; its last check was wrong. Find the printed "
        "code and check it again, or have the administrator make a new one.",
    ),
    "recovery_code:fail": (
        "档案库没有恢复码，忘记密码或换电脑后将无法打开。请管理员立即生成恢复码并打印保存。",
        "The archive has no recovery code: forgotten passwords or a new computer would lock "
        "everyone out. The administrator should make one now and keep it printed.",
    ),
    "failed_logins:pass": (
        "近 30 天登录失败 {failed} 次。",
        "{failed} failed sign-ins in the last 30 days.",
    ),
    "failed_logins:warn": (
        "近 30 天登录失败 {failed} 次，恢复码输错 {recovery_failed} 次，较多。请核实是否有人在试密"
        "码。",
        "{failed} failed sign-ins and {recovery_failed} wrong recovery codes in the last 30 "
        "days: many. Find out whether someone is guessing passwords.",
    ),
    "backup_recent:none": (
        "还没有核对无误的备份。请管理员登记备份盘，然后在“备份与恢复”页立即备份。",
        "There is no verified backup yet. The administrator should enrol a backup drive, then "
        "back up on the backup page.",
    ),
    "backup_recent:pass": (
        "最近一次核对无误的备份在 {backup_date}（{ago}）。",
        "The newest verified backup is from {backup_date} ({ago}).",
    ),
    "backup_recent:old": (
        "最近一次核对无误的备份在 {backup_date}，已过去 {age_days} 天。请插上备份盘立即备份。",
        "The newest verified backup is from {backup_date}, {age_days} days ago. Plug in the "
        "backup drive and back up now.",
    ),
    "backup_recent:damaged": (
        "最近一次核对无误的备份在 {backup_date}（{ago}），但有 {damaged} 份备份核对时发现"
        "损坏，备份盘可能在老化。请换一块备份盘。",
        "The newest verified backup is from {backup_date} ({ago}), but {damaged} "
        "backup(s) failed a check: the drive may be wearing out. Use another drive.",
    ),
    "destruction:none": (
        "没有按保管期限销毁过材料。",
        "Nothing has been destroyed under the retention rules.",
    ),
    "destruction:pass": (
        "销毁清册中已批准销毁 {approved} 份材料，应删除的 {destroyed} 个文件都已从本机删除"
        "{kept_note}。",
        "{approved} documents were approved for destruction in the register; all {destroyed} "
        "files to delete are gone from this computer{kept_note}.",
    ),
    "destruction:kept": (
        "销毁清册中已批准销毁 {approved} 份材料，这些材料已不能再打开；它们的内容都与仍在使用的其他"
        "材料或照片相同，文件随之保留，没有需要删除的文件。",
        "{approved} documents were approved for destruction and no longer open; their content "
        "is the same as other documents or photos still in use, so their files stay and no "
        "file had to be deleted.",
    ),
    "destruction:cleaned": (
        "销毁清册中已批准销毁 {approved} 份材料，应删除的 {destroyed} 个文件都已从本机删除，其中 "
        "{cleaned} 个是上次删除被中断后遗留的，已在本次检测时删除{kept_note}。",
        "{approved} documents were approved for destruction; all {destroyed} files to delete are "
        "gone, {cleaned} of them, left behind by an interrupted removal, removed during this "
        "check{kept_note}.",
    ),
    "destruction:warn": (
        "销毁清册中已批准销毁 {approved} 份材料，应删除的文件中有 {leftover} 个还在本机（删除时被"
        "中断）{kept_note}。下次批准销毁或做数据检查时会再删除，也可由管理员运行“xueji retention "
        "finish”删除。",
        "{approved} documents were approved for destruction; {leftover} files to delete are "
        "still on this computer (the removal was interrupted){kept_note}. The next destruction "
        "or check removes them, or an administrator runs “xueji retention finish”.",
    ),
    "virus:not_checked": (
        "请用学校统一安装的杀毒软件定期查杀本机和备份盘。",
        "Scan this computer and the backup drives with the school's antivirus software.",
    ),
}

# Small phrases put into the details above.
PHRASES: dict[str, tuple[str, str]] = {
    "kept_note": (
        "；其中 {n} 份材料的内容与仍在使用的其他材料或照片相同，文件随之保留、未删除（这些材料已"
        "不能再打开）",
        "; {n} of the documents have the same content as other documents or photos still in "
        "use, so their files stay (those documents no longer open)",
    ),
    "destroyed_note": (
        "（另有 {n} 份已按规定销毁，不在是正常的）",
        " ({n} more were destroyed under the rules, as expected)",
    ),
    "verified_ok": ("最近一次核对（{date}）输入正确。", "Last checked correct on {date}."),
    "never_verified": (
        "还没有核对过，建议找出打印的恢复码核对一次。",
        "Never checked; find the printed code and check it once.",
    ),
    "database_file": ("数据库文件开头为明文", "the database file starts in plain text"),
    "plain_blobs": ("{n} 份文件不是加密格式", "{n} files are not encrypted"),
    "today": ("今天", "today"),
    "days_ago": ("{n} 天前", "{n} days ago"),
    "no_cipher": ("数据库未启用加密", "the database is not encrypted"),
}
