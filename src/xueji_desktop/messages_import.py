"""Clerk sentences (zh, en) for the errors of spreadsheet import and export (issue 6)."""

from __future__ import annotations

# SheetUnreadable, by reason.
SHEETS: dict[str, tuple[str, str]] = {
    "sheet_unreadable": (
        "无法把 {path} 当作 Excel 表格读取，档案库没有任何改动。请检查文件。",
        "{path} cannot be read as an Excel workbook; nothing in the archive changed. Check the "
        "file.",
    ),
    "sheet_unreadable:missing": (
        "找不到文件 {path}。请检查文件名和所在文件夹。",
        "The file {path} does not exist. Check the file name and its folder.",
    ),
    "sheet_unreadable:unreadable": (
        "无法读取 {path}：它不是普通文件（例如是文件夹），或没有读取权限。",
        "{path} cannot be read: it is not an ordinary file (a folder, for example) or you may not "
        "read it.",
    ),
    "sheet_unreadable:too_big": (
        "文件 {path} 太大（超过 {limit_mb} MB），不像是学生名单或成绩表。请检查是否选错了文件。",
        "The file {path} is too big (over {limit_mb} MB) for a student list or grade sheet. Check "
        "that it is the right file.",
    ),
    "sheet_unreadable:not_spreadsheet": (
        "{path} 不是 Excel 表格（可能是改了扩展名的文本、CSV 或其他文件）。"
        "请在 Excel 或 WPS 中打开，另存为 .xlsx 后再导入。",
        "{path} is not an Excel workbook (perhaps a text, CSV or other file with a new name). Open "
        "it in Excel or WPS, save it as .xlsx and import that.",
    ),
    "sheet_unreadable:password_protected": (
        "{path} 设置了打开密码，无法读取。请在 Excel 中去掉密码后另存一份再导入。",
        "{path} is protected by a password and cannot be read. Remove the password in Excel, save "
        "a copy and import that.",
    ),
    "sheet_unreadable:damaged": (
        "{path} 已损坏或不完整（可能只复制了一半），无法读取。请重新获取这个文件。",
        "{path} is damaged or incomplete (perhaps only half copied) and cannot be read. Get the "
        "file again.",
    ),
    "sheet_unreadable:no_sheet": (
        "{path} 中没有名为“{sheet}”的工作表。",
        "{path} has no sheet named “{sheet}”.",
    ),
    "sheet_unreadable:empty": (
        "{path} 的工作表是空的，没有可以导入的内容。",
        "The sheet in {path} is empty; there is nothing to import.",
    ),
    "sheet_unreadable:too_many_rows": (
        "{path} 有超过 {limit} 行，太多了，不像是一个学校的学生名单。"
        "请检查是否选错了文件或工作表。",
        "{path} has more than {limit} rows, too many for one school's student list. Check the "
        "file and the sheet.",
    ),
}

# Errors of the import services (students, grades, reconciliation).
IMPORT_ERRORS: dict[str, tuple[str, str]] = {
    "import_has_errors": (
        "表格中有 {count} 行有错误或重复，没有导入任何数据。请改正这些行后重新导入"
        "（可以另存一份标出错误的文件），或选择“只导入正确的行”。",
        "{count} rows of the sheet have errors or are duplicates; nothing was imported. Correct "
        "them and import again (a copy with the errors marked can be saved), or choose to import "
        "only the correct rows.",
    ),
    "import_outdated": (
        "预览之后档案库中的数据有了变化，预览的结果已经不准确，没有导入任何数据。请重新检查一遍再导入。",
        "The archive changed after the preview, so the preview is no longer accurate; nothing was "
        "imported. Check the file again, then import.",
    ),
    "import_columns_missing": (
        "表格中缺少必需的列：{columns}。请在表头中补上这些列，或在“列对应”中指定。",
        "The sheet lacks required columns: “{columns}”. Add them to the header row, or choose "
        "them in the column mapping.",
    ),
    # services/import_grades_read: the sheet's term, class or course is missing or unknown.
    "record_invalid:grade_sheet": (
        "这张成绩表没有导入，档案库没有任何改动。",
        "The grade sheet was not imported; nothing in the archive changed.",
    ),
    "nothing_to_import": (
        "表格中没有可以导入的行，档案库没有任何改动。",
        "The sheet has no row that can be imported; nothing in the archive changed.",
    ),
    "nothing_to_import:no_valid_rows": (
        "表格中没有一行是正确的，没有导入任何数据。请按错误文件改正后重新导入。",
        "No row of the sheet is correct; nothing was imported. Correct the file (see the error "
        "file) and import again.",
    ),
    "nothing_to_import:no_photos": (
        "没有与档案中学生对应的照片，档案库没有任何改动。",
        "No photo matches a student in the archive; nothing in the archive changed.",
    ),
    "photo_source_unreadable": (
        "无法读取照片 {path}，没有导入任何照片。",
        "The photos at {path} cannot be read; no photo was imported.",
    ),
    "photo_source_unreadable:missing": (
        "找不到 {path}。请检查文件夹或压缩包的位置。",
        "{path} does not exist. Check where the folder or zip file is.",
    ),
    "photo_source_unreadable:unreadable": (
        "无法读取 {path}：没有读取权限，或它不是普通的文件夹或文件。",
        "{path} cannot be read: you may not read it, or it is not an ordinary folder or file.",
    ),
    "photo_source_unreadable:not_zip": (
        "{path} 不是文件夹，也不是 zip 压缩包。请选择存放照片的文件夹或 zip 文件。",
        "{path} is neither a folder nor a zip file. Choose the folder or zip file that holds the "
        "photos.",
    ),
    "photo_source_unreadable:too_big": (
        "{path} 太大，不像是一批学生照片。请检查是否选错了文件。",
        "{path} is too big for a batch of student photos. Check that it is the right file.",
    ),
    "photo_source_unreadable:no_images": (
        "{path} 中没有 JPG 或 PNG 照片。",
        "{path} holds no JPG or PNG photos.",
    ),
}

# Errors of the export services.
EXPORT_ERRORS: dict[str, tuple[str, str]] = {
    "nothing_to_export": (
        "没有符合条件的数据可以导出，没有生成文件。",
        "There is nothing to export for this choice; no file was written.",
    ),
}

# Problems (core/problems.Problem codes) the student import reports, keyed by code. Grades,
# reconciliation and export keep theirs in messages_grades_import, messages_reconcile and
# messages_export; problem_text reads all of them.
STUDENT_IMPORT_PROBLEMS: dict[str, tuple[str, str]] = {
    "not_a_date": (
        "{field}不是日期。请写成 2008-03-05、2008/3/5 或 2008年3月5日 的样子。",
        "{field} is not a date. Write it like 2008-03-05, 2008/3/5 or 2008年3月5日.",
    ),
    "not_a_month": (
        "{field}不是年月。请写成 200803、2008-03 或 2008年3月 的样子。",
        "{field} is not a month. Write it like 200803, 2008-03 or 2008年3月.",
    ),
    "not_a_year": (
        "这一格不是年份。请填写四位数的年份，例如 2001。",
        "This cell is not a year. Enter a four-digit year such as 2001.",
    ),
    "scientific": (
        "{field}显示成了科学计数法（如 4.30502E+17），说明 Excel 已把它当成数字，后几位已经丢失。"
        "请把这一列设为“文本”格式，重新输入号码后再导入。",
        "{field} is shown in scientific notation (such as 4.30502E+17): Excel took it for a number "
        "and its last digits are lost. Format the column as text, type the numbers again and "
        "import again.",
    ),
    "number_lost_digits": (
        "{field}在文件中被存成了数字，Excel 只保留 15 位，后几位已经丢失，无法还原。"
        "请把这一列设为“文本”格式，重新输入号码后再导入。",
        "{field} is stored in the file as a number; Excel keeps only 15 digits, so the last "
        "digits are lost for good. Format the column as text, type the numbers again and import "
        "again.",
    ),
    "cell_wrong_type": (
        "{field}这一格的内容类型不对（例如日期列里填了“是/否”）。请按这一列的要求填写。",
        "The cell for {field} holds the wrong kind of value (a yes/no in a date column, for "
        "example). Fill it in as the column asks.",
    ),
    "duplicate_in_file": (
        "这一行与表格第 {row} 行是同一名学生（{field}相同），只导入第 {row} 行。",
        "This row is the same student as row {row} of the sheet (same {field}); only row {row} "
        "is imported.",
    ),
    "column_unknown": (
        "这一列的列名认不出来，不会导入。如需导入，请在“列对应”中指定它对应的项目。",
        "This column's heading is not recognised and the column will not be imported. To import "
        "it, choose its field in the column mapping.",
    ),
    "column_repeated": (
        "这一列与前面的一列是同一个项目，只使用前面那一列。",
        "This column holds the same field as an earlier column; only the earlier one is used.",
    ),
    "columns_missing": (
        "表格中没有这些列：{fields_text}。导入后这些项为空，核对确认前需要补上。",
        "The sheet has no column for: {fields_text}. These fields stay empty and must be filled "
        "in before the records are confirmed.",
    ),
    "no_student_matches": (
        "档案库中没有{field}与这一行相同的学生，这一行不能作为核对修改导入。",
        "No student in the archive has this row's {field}; the row cannot be imported as a "
        "correction.",
    ),
    "number_taken": (
        "{field}已经属于档案库中的另一名学生。请检查号码。",
        "{field} already belongs to another student in the archive. Check the number.",
    ),
    "number_fixed": (
        "{field}与档案库中已有的不同。{field}不能通过导入修改，如确实有误，请由管理员更正。",
        "{field} differs from the one in the archive. It cannot be changed by an import; if it "
        "is wrong, an administrator corrects it.",
    ),
    "record_left": (
        "这名学生已离校，学籍已锁定，只有管理员可以更正，这一行不能导入。",
        "This student has left the school and the record is locked; only an administrator may "
        "correct it, so this row cannot be imported.",
    ),
    "history_class_dropped": (
        "档案库中没有这个班级，历史补录时不保存班级，只保存专业和年份。",
        "The archive has no such class; a historical record keeps the major and the years, not "
        "the class.",
    ),
    "history_leaving_missing": (
        "历史补录必须填写离校年份（或毕业年份、毕业日期）。",
        "A historical record needs the year of leaving (or of graduation, or the graduation date).",
    ),
    "leaving_before_intake": (
        "离校年份早于入学年份，请检查。",
        "The year of leaving is before the year of enrolment; check them.",
    ),
    "leaving_in_future": (
        "离校年份晚于今年，历史补录只用于已经离校的学生。",
        "The year of leaving is after this year; historical records are for students who have "
        "already left.",
    ),
    "unknown_leaving_mode": (
        "离校方式（或毕业结论、学籍状态）只能是“毕业”“提前毕业”“结业”或“肄业”。",
        "The way of leaving (or the graduation outcome, or the enrolment status) must be 毕业 "
        "(graduated), 提前毕业 (graduated early), 结业 (completed) or 肄业 (left without "
        "completing).",
    ),
    "status_comes_in_enrolled": (
        "这一行的学籍状态不是“在籍”，但导入的新学生一律是“在籍”、草稿。学籍状态只能通过学籍异动"
        "改变；已经毕业或离校的学生请用“历史补录”导入。",
        "This row's enrolment status is not 在籍 (enrolled), but a new student always comes in "
        "as enrolled, in draft. The enrolment status changes only through a status change; "
        "students who graduated or left earlier are imported as historical records (历史补录).",
    ),
    "status_not_imported": (
        "表格中的学籍状态与档案库中的不同，不会导入。学籍状态只能通过学籍异动改变。",
        "The enrolment status in the sheet differs from the archive's and is not imported. The "
        "enrolment status changes only through a status change (学籍异动).",
    ),
    "no_family_columns": (
        "表格中没有家庭成员的列，导入的新学生都没有家庭成员和监护人，核对确认前请补上。",
        "The sheet has no family-member columns: the new students come in without family "
        "members or a guardian. Add them before the records are confirmed.",
    ),
    "major_name_ambiguous": (
        "专业“{value}”在档案库中有不止一个（代码 {codes}），请填写专业代码。",
        "More than one major in the archive is called “{value}” (codes {codes}); enter the "
        "major's code instead.",
    ),
    "diploma_no_format": (
        "毕业证书编号写得不对：不能有空格，最长 40 个字符。",
        "The diploma number is not valid: no spaces, at most 40 characters.",
    ),
    "diploma_no_not_graduated": (
        "只有毕业的学生才有毕业证书编号，结业或肄业的学生不填。",
        "Only graduates have a diploma number; leave it empty for students who completed "
        "without a diploma or left without completing.",
    ),
    "diploma_no_taken": (
        "这个毕业证书编号已经属于另一名学生（档案库中的，或表格中前面的一行）。请检查编号。",
        "This diploma number already belongs to another student (in the archive, or on an "
        "earlier row of the sheet). Check the number.",
    ),
}
