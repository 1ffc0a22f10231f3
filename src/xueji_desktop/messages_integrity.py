"""Texts (zh, en) of the 四性检测 report (issue 9 §2, services/integrity_report.py).

The item names follow the wording archive inspectors use for the 四性 of 电子档案 (DA/T 70
"文书类电子档案检测一般要求": 真实性、完整性、可用性、安全性 检测项, 长期保存环节), said in
plain words: what was looked at and how; what each found is in messages_integrity_details.py,
its ``{name}`` placeholders filled by the service from the item's evidence.
docs/design/four-properties.md maps each item to its check.
"""

from __future__ import annotations

SECTION_TITLES: dict[str, tuple[str, str]] = {
    "authenticity": ("真实性检测", "Authenticity"),
    "integrity": ("完整性检测", "Integrity"),
    "usability": ("可用性检测", "Usability"),
    "security": ("安全性检测", "Security"),
}

RESULT_TEXTS: dict[str, tuple[str, str]] = {
    "pass": ("通过", "Passed"),
    "warn": ("需注意", "Attention"),
    "fail": ("不通过", "Failed"),
    "not_checked": ("未检测", "Not checked"),
}

# The report's conclusion: {warn} / {fail} are counts of items.
CONCLUSIONS: dict[str, tuple[str, str]] = {
    "not_checked": ("没有做任何检测。", "Nothing was checked."),
    "pass": ("全部检测项通过。", "Every item passed."),
    "warn": (
        "没有不通过的项目，有 {warn} 项需注意，请按说明处理。",
        "Nothing failed; {warn} item(s) need attention, see each item.",
    ),
    "fail": (
        "有 {fail} 项不通过，请立即按各项的说明处理。",
        "{fail} item(s) failed; act on each item's advice at once.",
    ),
}

# Item key -> (label zh, label en, how zh, how en).
ITEMS: dict[str, tuple[str, str, str, str]] = {
    # 真实性
    "audit_chain": (
        "操作日志防篡改校验",
        "Audit log tamper check",
        "从第一条起逐条重算每条操作记录的校验码（用专用密钥计算，前后相连），与记录中保存的比对。",
        "Every audit entry's keyed code, chained to the one before, recomputed from the first "
        "entry and compared with the stored one.",
    ),
    "database_pages": (
        "学籍数据防篡改校验",
        "Record data tamper check",
        "数据库文件每一页都带有校验码，逐页核对（加密库自带的逐页校验）。",
        "Every page of the encrypted database carries an authentication code; each page was "
        "checked (the cipher's page check).",
    ),
    "content_digest": (
        "扫描件和照片数字摘要比对",
        "Scans and photos: digest comparison",
        "逐份解密后算出数字摘要（SHA-256）和大小，与入库时登记的比对。",
        "Each file decrypted, its SHA-256 digest and size computed and compared with what was "
        "recorded when it was added.",
    ),
    "metadata_plausible": (
        "学籍信息合理性检测",
        "Plausibility of record data",
        "核对出生日期和性别是否与身份证号相符、休学是否超期未复学、资助学期是否在籍。",
        "Birth date and gender against the ID number, overdue returns from leave, aid in terms "
        "without enrolment.",
    ),
    "duplicates": (
        "学籍重复性检测",
        "Duplicate records",
        "按身份证件号、学籍号和姓名加出生日期查找可能重复建档的学生。",
        "Students recorded twice, found by ID number, registry number, and name with birth date.",
    ),
    # 完整性
    "database_structure": (
        "数据库结构完整性检测",
        "Database structure",
        "对数据库做完整性检查（页面、索引、记录格式），并核对文件大小是否为整页。",
        "The database's own integrity checks (pages, indexes, record format) and the file size "
        "as a whole number of pages.",
    ),
    "references": (
        "记录关联完整性检测",
        "Links between records",
        "检查每条记录引用的学生、班级、课程等是否都存在（外键检查）。",
        "Every record's reference to a student, class, course and so on points to a record that "
        "exists (foreign key check).",
    ),
    "audit_continuity": (
        "操作日志连续性检测",
        "Audit log continuity",
        "核对操作记录编号从 1 起连续无缺号，并与另行保存的最新记录标记比对，确认末尾没有被删、"
        "整库没有被换回旧版本。",
        "Entry numbers run from 1 without a gap, and the newest entry is compared with the mark "
        "kept outside the database, so a cut tail or an old copy put back shows.",
    ),
    "content_present": (
        "电子文件齐全检测",
        "Scans and photos present",
        "按登记清单逐份查找扫描件和照片的文件；按保管期限批准销毁的文件应当不在。",
        "Each recorded scan and photo looked up on disk; files destroyed with approval under the "
        "retention rules are expected to be gone.",
    ),
    "metadata_complete": (
        "必填信息完整性检测",
        "Required fields",
        "逐人核对学籍表的必填项和家庭成员信息是否填齐（作废的记录不计）。",
        "Each record's required fields and family members checked for blanks (voided records "
        "excluded).",
    ),
    "documents_complete": (
        "档案材料齐全检测",
        "Documents on file",
        "按档案材料清单核对每名学生应有的材料是否都已扫描入库。",
        "Each student's scans compared with the document checklist.",
    ),
    "records_complete": (
        "成绩和去向记录完整性检测",
        "Grades and destinations recorded",
        "检查在籍学生已结束学期的成绩、毕业生的毕业去向、学籍是否已上报核准。",
        "Grades of finished terms for enrolled students, graduates' destinations, and approval "
        "by the national registry.",
    ),
    # 可用性
    "database_readable": (
        "学籍数据可读性检测",
        "Record data readable",
        "把每张数据表的每一行都读出一遍，并算出全库内容摘要。",
        "Every row of every table read once and a digest of the whole content computed.",
    ),
    "content_readable": (
        "电子文件可读性检测",
        "Scans and photos readable",
        "逐份解密扫描件和照片，确认都能正常打开。",
        "Each scan and photo decrypted to confirm it opens.",
    ),
    "content_format": (
        "电子文件格式检测",
        "File formats",
        "看每份文件开头的格式标记，核对是否与登记的格式一致，且为适合长期保存的 PDF、JPEG、PNG "
        "或 TIFF。",
        "Each file's format mark compared with the recorded format; PDF, JPEG, PNG or TIFF are "
        "kept for the long term.",
    ),
    "restore_drill": (
        "备份数据可恢复性检测",
        "Backups restore (drill)",
        "查看操作日志中最近一次恢复演练的结果（演练把最新备份恢复到临时位置并全部核对）。",
        "The latest restore drill in the audit log (a drill restores the newest backup into a "
        "temporary place and checks all of it).",
    ),
    "print_fonts": (
        "打印输出环境检测",
        "Printing environment",
        "检查打印用的中文字体是否齐全，能否打出全部常用汉字（GB 2312 的 6763 字）、学校名称和"
        "学生姓名。",
        "The Chinese print fonts are present and cover the 6,763 common characters of GB 2312, "
        "the school's name and the students' names.",
    ),
    # 安全性
    "encryption": (
        "存储加密检测",
        "Encryption at rest",
        "查看数据库文件开头是否为密文、加密库版本和设置，以及每份扫描件是否为加密格式。",
        "The database file's first bytes are ciphertext, the cipher's version and settings, and "
        "each scan is in the encrypted format.",
    ),
    "binding": (
        "与本机绑定检测",
        "Tied to this computer",
        "查看档案库是否与本机的安全凭据存储绑定（绑定后，拷走的档案库在别的电脑上仅凭密码打不开）。"
        "",
        "Whether the archive is tied to this computer's secure credential store (a copied "
        "archive then cannot be opened elsewhere with a password alone).",
    ),
    "password_protection": (
        "密码保护强度检测",
        "Password protection strength",
        "核对每个账户和恢复码的密码保护参数（Argon2id 的内存和轮数）是否达到安全要求。",
        "Each account's and the recovery code's password hashing parameters (Argon2id memory "
        "and passes) against the required minimum.",
    ),
    "accounts": (
        "用户账户检测",
        "User accounts",
        "统计在用的管理员、档案员和查阅账户，以及已停用的账户。",
        "Active administrators, clerks and viewers, and disabled accounts.",
    ),
    "recovery_code": (
        "恢复码检测",
        "Recovery code",
        "查看恢复码是否存在、何时生成、最近一次核对是否正确。",
        "Whether a recovery code exists, when it was made, and whether the last check of it "
        "was correct.",
    ),
    "failed_logins": (
        "登录失败检测（近30天）",
        "Failed sign-ins (30 days)",
        "统计近 30 天操作日志里的登录失败和恢复码输错次数。",
        "Failed sign-ins and wrong recovery codes in the audit log of the last 30 days.",
    ),
    "backup_recent": (
        "备份情况检测",
        "Backups",
        "查看备份记录：最近一次核对无误的备份是哪天做的，有没有备份核对时发现损坏。",
        "The backup history: when the newest verified backup was made, and whether a check "
        "found a damaged backup.",
    ),
    "destruction": (
        "销毁执行检测",
        "Destruction carried out",
        "按销毁清册统计已批准销毁的材料，核对应删除的文件确已从本机删除（内容与仍在使用的材料相同的，"
        "文件保留）。",
        "The documents approved for destruction counted from the destruction register, and the "
        "files to delete checked to be gone from this computer (a file whose content is still "
        "used by another document stays).",
    ),
    "virus": (
        "病毒检测",
        "Virus scan",
        "本系统不做病毒检测。",
        "This program does not scan for viruses.",
    ),
}

# Evidence key -> (zh, en): how the evidence reads in the page's detail pane and the Excel file
# (the command line's --json keeps the keys).
EVIDENCE_LABELS: dict[str, tuple[str, str]] = {
    "active": ("在用账户", "active accounts"),
    "admin": ("管理员", "administrators"),
    "admins": ("在用管理员", "active administrators"),
    "age_days": ("距今天数", "days ago"),
    "aid_not_enrolled": ("资助学期不在籍", "aid without enrolment"),
    "anchor_seq": ("另存标记所指条目", "entry the outside mark names"),
    "backend": ("凭据存储", "credential store"),
    "backup_date": ("最近核对无误的备份日期", "newest verified backup"),
    "backup_id": ("备份编号", "backup id"),
    "bad_seq": ("第一条对不上的记录", "first entry that fails"),
    "blobs": ("扫描件和照片数", "scans and photos"),
    "bound": ("已与本机绑定", "tied to this computer"),
    "by_format": ("各格式份数", "files per format"),
    "chars": ("缺字", "missing characters"),
    "checked": ("已比对份数", "files compared"),
    "cipher": ("加密库", "cipher"),
    "cleaned": ("本次删除的遗留文件", "leftovers removed now"),
    "clerk": ("档案员", "clerks"),
    "content_hash": ("全库内容摘要", "content digest"),
    "count": ("记录条数", "entries"),
    "damaged": ("核对发现损坏的备份", "backups that failed a check"),
    "destroyed": ("已按规定销毁", "destroyed under the rules"),
    "approved": ("已批准销毁的材料", "documents approved for destruction"),
    "kept": ("内容仍在使用、文件未删除的材料", "documents whose content is still in use"),
    "altered": ("校验不通过的文件", "files failing their check"),
    "disabled": ("已停用账户", "disabled accounts"),
    "drill_date": ("演练日期", "drill date"),
    "drilled": ("做过演练", "drill done"),
    "drives": ("登记的备份盘", "enrolled drives"),
    "entries": ("核对无误的条数", "entries verified"),
    "exists": ("有恢复码", "recovery code exists"),
    "expected": ("应在份数", "files expected"),
    "failed": ("登录失败次数", "failed sign-ins"),
    "files": ("涉及的文件（编号前16位）", "files (first 16 characters of the name)"),
    "formats": ("格式", "formats"),
    "found": ("检查输出", "check output"),
    "gb2312": ("常用汉字数", "common characters"),
    "gb2312_covered": ("能打印的常用汉字", "common characters printable"),
    "graduate_without_destination": ("毕业生无去向", "graduates without destination"),
    "head_seq": ("最大记录编号", "highest entry number"),
    "id_mismatch": ("与身份证号不符", "disagreeing with the ID number"),
    "last_verified": ("最近核对日期", "last checked"),
    "leave_overdue": ("休学超期", "overdue from leave"),
    "leftover": ("仍在本机的已销毁文件", "destroyed files still present"),
    "likely_duplicate": ("可能重复的学生", "possible duplicates"),
    "made_date": ("生成日期", "made on"),
    "min_memory_mib": ("内存下限（MB）", "minimum memory (MB)"),
    "min_passes": ("轮数下限", "minimum passes"),
    "mismatched": ("不一致份数", "files that differ"),
    "missing": ("找不到的份数", "files missing"),
    "missing_documents": ("缺材料的学生", "students lacking documents"),
    "missing_required": ("必填信息不全的学生", "students with empty required fields"),
    "names_unprintable": ("姓名含缺字的学生", "names with missing characters"),
    "no_grades": ("缺成绩", "missing grades"),
    "not_approved": ("未上报核准", "not yet approved"),
    "ok": ("通过", "passed"),
    "pages": ("数据库页数", "database pages"),
    "plain_blobs": ("未加密的文件", "unencrypted files"),
    "present": ("在的份数", "files present"),
    "problem": ("问题", "problem"),
    "problems": ("问题数", "problems"),
    "readable": ("能打开的份数", "files that open"),
    "records_disagree": ("登记互相矛盾的条数", "records that disagree"),
    "recovery_failed": ("恢复码输错次数", "wrong recovery codes"),
    "rows": ("数据行数", "rows"),
    "school_unprintable": ("学校名称含缺字", "school name has missing characters"),
    "since": ("统计起始日", "counted since"),
    "size": ("数据库文件大小（字节）", "database file size (bytes)"),
    "slots": ("密码保护个数", "password protections"),
    "students": ("学生记录数", "student records"),
    "tables": ("数据表数", "tables"),
    "unread": ("未能比对份数", "files not compared"),
    "unreadable": ("打不开的份数", "files that do not open"),
    "verified_ok": ("最近核对正确", "last check correct"),
    "viewer": ("查阅账户", "viewers"),
    "weak": ("不达标个数", "below the minimum"),
    "weakest_memory_kib": ("最低内存（KB）", "lowest memory (KB)"),
    "wrong_format": ("格式不符份数", "files in the wrong format"),
}

# Error code (or "code:reason") -> (zh, en); merged into messages._MESSAGES. None new: the
# report raises only existing errors (OperationCancelled, OutputFileError, PermissionDenied).
INTEGRITY_ERRORS: dict[str, tuple[str, str]] = {}
