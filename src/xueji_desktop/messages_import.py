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
        "表格中有 {count} 行有错误或重复，没有导入任何数据。请按错误文件改正后重新导入，"
        "或选择“只导入正确的行”。",
        "{count} rows of the sheet have errors or are duplicates; nothing was imported. Correct "
        "them (see the error file) and import again, or choose to import only the correct rows.",
    ),
    "import_outdated": (
        "预览之后档案库中的数据有了变化，预览的结果已经不准确，没有导入任何数据。请重新检查一遍再导入。",
        "The archive changed after the preview, so the preview is no longer accurate; nothing was "
        "imported. Check the file again, then import.",
    ),
    "import_columns_missing": (
        "表格中缺少必需的列：{columns}。请在表头中补上这些列，或在“列对应”中指定。",
        "The sheet lacks required columns: {columns}. Add them to the header row, or choose them "
        "in the column mapping.",
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
    "photo_source_unreadable": (
        "无法读取照片 {path}，没有导入任何照片。",
        "The photos at {path} cannot be read; no photo was imported.",
    ),
    "photo_source_unreadable:missing": (
        "找不到 {path}。请检查文件夹或压缩包的位置。",
        "{path} does not exist. Check where the folder or zip file is.",
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
STUDENT_IMPORT_PROBLEMS: dict[str, tuple[str, str]] = {}
