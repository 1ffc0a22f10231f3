"""Sentences of ``xueji import`` and ``xueji export`` (issue 6): a table only, (zh, en).

Read through ``xueji_desktop.cli_import.text`` (and, once wired, ``messages.cli_text``).
Placeholders are filled with ``str.format_map``; a missing one reads as empty.
"""

from __future__ import annotations

CLI_IMPORT_TEXTS: dict[str, tuple[str, str]] = {
    # -- a dry run or an import of a sheet ----------------------------------------------------
    "plan_counts": (
        "共 {rows} 行：新增 {new} 行，更新 {update} 行，无变化 {unchanged} 行，"
        "重复 {duplicate} 行，有错误 {error} 行。",
        "{rows} rows: {new} new, {update} updates, {unchanged} unchanged, {duplicate} duplicates, "
        "{error} with errors.",
    ),
    "dry_run_done": (
        "这是预览，档案库没有任何改动。",
        "This was a dry run; nothing in the archive changed.",
    ),
    "dry_run_would_fail": (
        "有错误或重复的行时不能全部导入：请改正后重新导入，或加 --valid-only 只导入正确的行。",
        "With rows that have errors or repeat others, the file cannot be imported as a whole: "
        "correct it and import again, or add --valid-only to import only the correct rows.",
    ),
    "committed": (
        "已导入：新增 {added} 条，更新 {updated} 条，未导入 {skipped} 行。",
        "Imported: {added} added, {updated} updated, {skipped} rows left out.",
    ),
    "problem_at": ("第 {row} 行 {column}：{message}", "Row {row}, {column}: {message}"),
    "problem_row": ("第 {row} 行：{message}", "Row {row}: {message}"),
    "more_problems": (
        "……还有 {count} 处问题没有列出，加 --errors 错误文件.xlsx 可以把全部问题写进表格。",
        "… and {count} more problems; add --errors FILE.xlsx to write them all into a copy of "
        "the sheet.",
    ),
    "more_problems_file": (
        "……还有 {count} 处问题没有列出，全部问题见错误文件。",
        "… and {count} more problems; the error file has them all.",
    ),
    "changes_head": ("更新的内容（{count} 行）：", "What the updates change ({count} rows):"),
    "change_row": ("第 {row} 行 {label}：{changes}", "Row {row}, {label}: {changes}"),
    "change_item": ("{field}“{old}”→“{new}”", "{field} “{old}” → “{new}”"),
    "change_sep": ("；", "; "),
    "more_changes": (
        "……还有 {count} 行更新没有列出，加 --json 可以看到全部。",
        "… and {count} more updated rows; --json lists them all.",
    ),
    "errors_written": ("错误文件已保存：{path}", "Error file saved: {path}"),
    "errors_none": (
        "没有需要改正的行，没有生成错误文件。",
        "No row needs correcting; no error file was written.",
    ),
    "error_header": ("错误原因", "Problems"),
    "row_has_errors": ("这一行有错误。", "This row has errors."),
    "row_repeats": ("与第 {row} 行重复。", "Repeats row {row}."),
    # -- the national list (reconciliation) -----------------------------------------------------
    "reconcile_counts": (
        "国家系统名单共 {rows} 行，对上本档案库 {matched} 人；有差异 {differences} 处；"
        "可以补填学籍号的 {fillable} 人。",
        "The national list has {rows} rows; {matched} match students here; {differences} "
        "differences; {fillable} students' 学籍号 can be filled in.",
    ),
    "reconcile_none": (
        "国家系统名单与本档案库一致。",
        "The national list and the archive agree.",
    ),
    "diff_missing_here": ("本档案库中没有这名学生", "Not in this archive"),
    "diff_missing_there": ("国家系统名单中没有这名学生", "Not on the national list"),
    "diff_status_differs": (
        "学籍状态不同：本库为“{ours}”，名单为“{theirs}”",
        "Different enrolment status: “{ours}” here, “{theirs}” on the list",
    ),
    "diff_field_differs": (
        "{field}不同：本库为“{ours}”，名单为“{theirs}”",
        "{field} differs: “{ours}” here, “{theirs}” on the list",
    ),
    "diff_registry_no_missing": (
        "本库还没有学籍号，名单中为 {theirs}",
        "No 学籍号 here yet; the list has {theirs}",
    ),
    "diff_other": (
        "{field}：本库“{ours}”，名单“{theirs}”",
        "{field}: “{ours}” here, “{theirs}” there",
    ),
    "diff_line": ("{where}{label}：{text}", "{where}{label}: {text}"),
    "diff_where_row": ("名单第 {row} 行 ", "List row {row}, "),
    "reconcile_applied": (
        "已更新 {updated} 名学生的记录（补填学籍号、标记已核准）。",
        "Updated the records of {updated} students (学籍号 filled in, marked approved).",
    ),
    "reconcile_report_only": (
        "只做了核对，档案库没有改动。加 --fill-registry-numbers 补填学籍号，"
        "加 --mark-approved 把对上的记录标记为已核准。",
        "Only compared; nothing in the archive changed. Add --fill-registry-numbers to fill in "
        "the 学籍号, --mark-approved to mark the matching records approved.",
    ),
    # -- photos -----------------------------------------------------------------------------------
    "photos_counts": (
        "照片共 {total} 张：能对上学生的 {matched} 张，对不上的 {unmatched} 张。",
        "{total} photos: {matched} match a student, {unmatched} do not.",
    ),
    "photo_unmatched": ("对不上：{file}（{reason}）", "Not matched: {file} ({reason})"),
    "photos_committed": (
        "已导入照片 {added} 张，替换 {updated} 张，未导入 {skipped} 张。",
        "Imported {added} photos, replaced {updated}, left out {skipped}.",
    ),
    # -- exports ----------------------------------------------------------------------------------
    "exported": ("已导出：{path}", "Exported: {path}"),
    # -- usage errors (exit status 2) -----------------------------------------------------------
    "errors_not_xlsx": (
        "错误文件要保存为 .xlsx 文件，不能是“{path}”。",
        "The error file must be an .xlsx file, not “{path}”.",
    ),
    "errors_is_source": (
        "错误文件不能覆盖要导入的原文件，请另取一个文件名。",
        "The error file must not replace the file being imported; choose another name.",
    ),
    "out_not_xlsx": (
        "导出的文件要保存为 .xlsx 文件，不能是“{path}”。",
        "The export must be saved as an .xlsx file, not “{path}”.",
    ),
    "out_not_folder": (
        "“{path}”是一个文件；照片和按班级导出的表格要保存到一个文件夹中。",
        "“{path}” is a file; photos and per-class sheets are saved into a folder.",
    ),
    "out_is_folder": (
        "“{path}”是一个文件夹，请给出要保存的文件名（.xlsx）。",
        "“{path}” is a folder; give the name of the file to save (.xlsx).",
    ),
}
