"""Sentences and labels of ``xueji stats …`` and the statistics outputs (issue 9 §1): tables
only, (zh, en). ``CLI_STATS_TEXTS`` is read through ``cli_stats.text``; the field names are
merged by the lead into EXTRA_FIELD_NAMES (problem_text) so a refused export or print names
what was wrong. Placeholders are filled with ``str.format_map``; a missing one reads as empty."""

from __future__ import annotations

CLI_STATS_TEXTS: dict[str, tuple[str, str]] = {
    # -- what the files and the screen say ----------------------------------------------------
    "heading": ("学生统计", "Student statistics"),
    "work_heading": ("工作量统计", "Work statistics"),
    "as_of": ("统计日期：{date}", "As of {date}"),
    "as_of_now": ("统计日期：{date}（按档案当前状态）", "As of {date} (the archive as it is now)"),
    "filters": ("筛选：{filters}", "Filters: {filters}"),
    "filter_intake": ("{year}级", "intake {year}"),
    "filter_major": ("专业 {name}", "major {name}"),
    "filter_class": ("班级 {name}", "class {name}"),
    "filters_now": (
        "班级、专业按学生现在所在的班级和专业统计",
        "classes and majors are those the students are in now",
    ),
    "period": ("统计期间：{since} 至 {until}", "Period: {since} to {until}"),
    "outcomes_year": ("毕业生去向：{year}年毕业", "Graduate outcomes: graduates of {year}"),
    "total_students": ("共 {count} 名学生", "{count} students in all"),
    "written": ("已保存：{path}", "Saved: {path}"),
    "log_head": ("{user} 在 {day} 的工作记录，共 {count} 条", "{user}'s work on {day}: {count}"),
    "log_line": ("{time}\t{action}\t{subject}\t{count}", "{time}\t{action}\t{subject}\t{count}"),
    "log_empty": ("当天没有工作记录。", "No work recorded that day."),
    # -- usage errors (exit 2, before the archive is opened) ------------------------------------
    "bad_dimension": (
        "不能按“{value}”统计。可以按：{choices}",
        "Cannot count by “{value}”. Choose one of: {choices}",
    ),
    "out_not_xlsx": (
        "Excel 文件名应以 .xlsx 结尾：{path}",
        "The Excel file's name must end in .xlsx: {path}",
    ),
    "out_not_pdf": (
        "PDF 文件名应以 .pdf 结尾：{path}",
        "The PDF file's name must end in .pdf: {path}",
    ),
    "out_is_folder": (
        "{path} 是一个文件夹，请写出要保存的文件名。",
        "{path} is a folder; give the name of the file to write.",
    ),
    "period_reversed": (
        "结束日期早于开始日期，请检查 --since 和 --until。",
        "The end date is before the start date; check --since and --until.",
    ),
    "day_out_of_range": (
        "日期“{value}”超出了可以统计的范围，"
        "请填 {first} 至 {last} 之间的日期（年份是否写错了？）。",
        "The date {value} is outside the days that can be counted; give a date from {first} to "
        "{last} (is the year mistyped?).",
    ),
    "not_text": (
        "参数里有无法识别的字符，请重新输入。",
        "An argument holds characters that are not text; type it again.",
    ),
}

# The names of the statistics outputs' checked arguments, for refusals that name a field
# (ValidationError(field=…)): merged into EXTRA_FIELD_NAMES.
STATS_OUTPUT_FIELD_NAMES: dict[str, tuple[str, str]] = {
    "tables": ("统计表", "Tables"),
    "heading": ("标题", "Heading"),
    "note": ("说明", "Note"),
    "labels": ("表头文字", "Column names"),
    "lang": ("语言", "Language"),
    "log": ("工作记录", "Work log"),
    "printed_on": ("打印日期", "Print date"),
}

# Error sentences: the outputs raise only existing codes (validation, output_file_error,
# nothing_to_export, operation_cancelled, permission_denied), whose sentences exist already.
CLI_STATS_ERRORS: dict[str, tuple[str, str]] = {}
