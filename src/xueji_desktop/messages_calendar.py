"""Clerk sentences (zh, en) for issue 8's calendar services: errors, validation problems and
the names of their fields."""

from __future__ import annotations

# Error code (or "code:reason") -> (zh, en); merged into messages._MESSAGES. The calendar
# service raises only RecordInvalid, whose problems are worded below.
CALENDAR_ERRORS: dict[str, tuple[str, str]] = {}
# Problem code -> (zh, en) with {field} and params; merged into SERVICE_PROBLEM_TEXTS.
# Aid dates are a list: {line} is the line of the list, counted from 1.
CALENDAR_PROBLEMS: dict[str, tuple[str, str]] = {
    "calendar_no_such_month": (
        "{field}的月份“{month}”不存在，月份应在 1 到 12 之间。",
        "{field}: there is no month {month}; months run from 1 to 12.",
    ),
    "calendar_no_such_day": (
        "{field}：{month}月没有{day}日，请改成这个月有的日子。",
        "{field}: month {month} has no day {day}; choose a day that month has.",
    ),
    "calendar_leap_day": (
        "{field}不能定在2月29日：不是每年都有这一天，请改成2月28日或3月1日。",
        "{field} cannot be 29 February: not every year has that day; use 28 February or 1 March.",
    ),
    "calendar_too_many_days": (
        "{field}最多列 {max} 天，请删去已经过去多年的日期。",
        "{field} can list at most {max} days; remove dates from years long past.",
    ),
    "calendar_aid_name_required": (
        "资助名单上报日期第 {line} 行没有填写名称，请写明上报的是什么。",
        "Aid reporting date, line {line}: the name is missing; say what is reported.",
    ),
    "calendar_aid_name_too_long": (
        "资助名单上报日期第 {line} 行的名称太长，最多 {max_len} 个字。",
        "Aid reporting date, line {line}: the name is too long (at most {max_len} characters).",
    ),
    "calendar_aid_duplicate": (
        "资助名单上报日期第 {line} 行与前面的一行重复，请删去其中一行。",
        "Aid reporting date, line {line}, repeats an earlier line; remove one of them.",
    ),
    # The month-and-day problems of one aid line: the same sentences as the deadlines' with
    # the line named (the aid dates are a table of up to twelve lines).
    "calendar_aid_no_such_month": (
        "资助名单上报日期第 {line} 行的日期不存在：没有{month}月，月份应在 1 到 12 之间。",
        "Aid reporting date, line {line}: there is no month {month}; months run from 1 to 12.",
    ),
    "calendar_aid_no_such_day": (
        "资助名单上报日期第 {line} 行的日期不存在：{month}月没有{day}日，请改成这个月有的日子。",
        "Aid reporting date, line {line}: the day does not exist, month {month} has no day "
        "{day}; choose a day that month has.",
    ),
    "calendar_aid_leap_day": (
        "资助名单上报日期第 {line} 行不能定在2月29日：不是每年都有这一天，请改成2月28日或3月1日。",
        "Aid reporting date, line {line}, cannot be 29 February: not every year has that day; "
        "use 28 February or 1 March.",
    ),
    "calendar_aid_invalid": (
        "资助名单上报日期第 {line} 行填写有误，请重新填写名称、月和日。",
        "Aid reporting date, line {line}, is not a name with a month and a day; fill it in again.",
    ),
    "calendar_too_many_aid_dates": (
        "资助名单上报日期最多填 {max} 个。",
        "There can be at most {max} aid reporting dates.",
    ),
    "calendar_day_in_both": (
        "{date} 既列为放假日又列为调休上班日，请只保留一处。",
        "{date} is listed both as a holiday and as a working weekend day; keep it in one list "
        "only.",
    ),
    "calendar_workday_not_weekend": (
        "{date} 不是星期六或星期日，本来就要上班，不用列为调休上班日。",
        "{date} is not a Saturday or Sunday, so it is a working day anyway; it does not belong "
        "in the list of working weekend days.",
    ),
    "calendar_span_too_long": (
        "一次最多查看 {max} 天的校历，请缩短时间范围。",
        "The calendar can show at most {max} days at once; choose a shorter range.",
    ),
}
# Field name -> (zh, en); merged into EXTRA_FIELD_NAMES.
CALENDAR_FIELD_NAMES: dict[str, tuple[str, str]] = {
    "school_calendar": ("校历", "The school calendar"),
    "autumn_deadline": ("秋季新生注册截止日", "The autumn registration deadline"),
    "spring_deadline": ("春季新生注册截止日", "The spring registration deadline"),
    "leave_day": ("毕业生离校日", "The day graduates leave"),
    "aid_dates": ("资助名单上报日期", "The aid reporting dates"),
    "holidays": ("放假日", "The holidays"),
    "workdays": ("调休上班日", "The working weekend days"),
    "loan_days": ("借阅期限（天）", "The loan period (days)"),
    "receipt_wait_days": ("回执等待期限（天）", "The time to wait for a receipt (days)"),
    # calendar_events' range (a caller's dates, checked like any other field)
    "start": ("开始日期", "The start date"),
    "end": ("结束日期", "The end date"),
}
