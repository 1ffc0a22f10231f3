"""Clerk sentences (zh, en) for the Problem codes of the grade import (issue 6)."""

from __future__ import annotations

# services/import_grades(.py, _read.py). {field} is the field's name (学号, 姓名, 学期 …);
# {value} the text as the sheet writes it.
GRADE_IMPORT_PROBLEMS: dict[str, tuple[str, str]] = {
    "no_such_student": (
        "档案中没有学号为“{value}”的学生，请核对学号。",
        "No student in the archive has the student number “{value}”; check the number.",
    ),
    "name_mismatch": (
        "{field}与档案中这个学号的学生姓名不一致，请核对学号和姓名。",
        "{field} differs from the name of the student with this number in the archive; check "
        "the number and the name.",
    ),
    "not_in_class": (
        "这个学生不在成绩表所属的班级，请核对学号或班级。",
        "This student is not in the class of the grade sheet; check the number or the class.",
    ),
    "duplicate_in_sheet": (
        "这个学号在第 {first_row} 行已经出现过，这一行不导入。请删去重复的行。",
        "This student number already appears in row {first_row}; this row is not imported. "
        "Delete the repeated row.",
    ),
    "not_in_sheet_title": (
        "表格的标题中没有写明{field}。请在导入时选择{field}，或者改用本软件导出的成绩登记表"
        "（它的第一行写明了学期、班级和课程）。",
        "{field}: the sheet's title does not say which. Choose it when importing, or use a grade "
        "sheet exported by this program (its first row names the term, class and course).",
    ),
    "term_course_not_in_sheet_title": (
        "表格的标题中没有写明学期和课程。请在导入时选择学期和课程，或者改用本软件导出的成绩登记表"
        "（它的第一行写明了学期、班级和课程）。",
        "The sheet's title does not say the term and the course. Choose them when importing, or "
        "use a grade sheet exported by this program (its first row names the term, class and "
        "course).",
    ),
    "class_term_not_in_sheet_title": (
        "表格的标题中没有写明班级和学期。请在导入时选择班级和学期，或者改用本软件导出的成绩登记表"
        "（它的第一行写明了学期、班级和课程）。",
        "The sheet's title does not say the class and the term. Choose them when importing, or "
        "use a grade sheet exported by this program (its first row names the term, class and "
        "course).",
    ),
    "unknown_in_sheet_title": (
        "表格标题中的{field}“{value}”在档案中找不到，请核对，或在导入时选择{field}。",
        "{field} “{value}”, as the sheet's title names it, is not in the archive; check it, or "
        "choose it when importing.",
    ),
    "grade_column_ignored": (
        "“{value}”这一列不是成绩表的列，没有导入。",
        "The column “{value}” is not a column of a grade sheet and was not imported.",
    ),
    "grade_column_repeated": (
        "“{value}”这一列与前面的列重复，只导入前面那一列。",
        "The column “{value}” repeats an earlier column; only the earlier one is imported.",
    ),
    "unknown_course_column": (
        "档案中没有名为“{value}”的课程，这一列没有导入。请核对课程名称。",
        "No course in the archive is called “{value}”, so the column was not imported. Check "
        "the course name.",
    ),
    "ambiguous_course_column": (
        "档案中有几门课程都叫“{value}”，不能确定是哪一门，这一列没有导入。"
        "请在列名后加上课程代码，例如“{value}（课程代码）”。",
        "Several courses in the archive are called “{value}” and the sheet does not say which, "
        "so the column was not imported. Add the course code to the column name, e.g. "
        "“{value}（code）”.",
    ),
    "ambiguous_in_sheet_title": (
        "表格标题中的{field}“{value}”在档案中有几门同名的课程，不能确定是哪一门。"
        "请在导入时选择{field}，或在标题中写上课程代码。",
        "{field} “{value}”, as the sheet's title names it, is the name of several courses in "
        "the archive; choose the course when importing, or add its code to the title.",
    ),
    # {rows_zh} / {rows}: the Excel row numbers, "12、15" / "12, 15"
    "rows_without_result": (
        "有 {count} 行只有学生、没有填写成绩（第 {rows_zh} 行），这些行不导入。",
        "{count} rows list a student but have no result filled in (rows {rows}); they are not "
        "imported.",
    ),
    "rows_without_result_more": (
        "有 {count} 行只有学生、没有填写成绩（第 {rows_zh} 行等），这些行不导入。",
        "{count} rows list a student but have no result filled in (rows {rows} and more); they "
        "are not imported.",
    ),
    "course_not_of_class_major": (
        "课程“{value}”不是这个班级所学专业的课程，也不是公共课，这个班级以前也没有这门课的成绩。"
        "请核对是不是选错了课程；如果没有选错，可以照常导入。",
        "The course “{value}” is neither a course of this class's major nor a public course, "
        "and this class has no results of it yet. Check that the right course was chosen; if "
        "it was, the results can be imported as they are.",
    ),
}
