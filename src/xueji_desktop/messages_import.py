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
