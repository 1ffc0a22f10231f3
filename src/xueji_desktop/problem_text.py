"""Sentences for validation problems (core/problems.py), zh by default, en complete.

The field is named by its national-template label (core/fields.py) in Chinese and by a plain
English name in English; a family member's field reads "家庭成员1的联系电话". Each sentence says
what is wrong and, where it helps, what to do. Params never hold raw ID numbers (core masks them).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from xueji_desktop.core.fields import (
    FAMILY_FIELDS_BY_NAME,
    FAMILY_KEY,
    STUDENT_FIELDS_BY_NAME,
)
from xueji_desktop.core.problems import Problem
from xueji_desktop.messages import language
from xueji_desktop.messages_audit_view import AUDIT_VIEW_FIELD_NAMES, AUDIT_VIEW_PROBLEMS
from xueji_desktop.messages_calendar import CALENDAR_FIELD_NAMES, CALENDAR_PROBLEMS
from xueji_desktop.messages_cli_stats import STATS_OUTPUT_FIELD_NAMES
from xueji_desktop.messages_destinations import DESTINATION_FIELD_NAMES, DESTINATION_PROBLEMS
from xueji_desktop.messages_export import EXPORT_PROBLEMS
from xueji_desktop.messages_file_dispatch import FILE_DISPATCH_FIELD_NAMES, FILE_DISPATCH_PROBLEMS
from xueji_desktop.messages_grades_import import GRADE_IMPORT_PROBLEMS
from xueji_desktop.messages_import import STUDENT_IMPORT_PROBLEMS
from xueji_desktop.messages_paper_files import PAPER_FILES_FIELD_NAMES, PAPER_FILES_PROBLEMS
from xueji_desktop.messages_reconcile import RECONCILE_PROBLEMS
from xueji_desktop.messages_retention import RETENTION_FIELD_NAMES, RETENTION_PROBLEMS
from xueji_desktop.messages_statistics import STATISTICS_FIELD_NAMES, STATISTICS_PROBLEMS
from xueji_desktop.messages_transfer import TRANSFER_FIELD_NAMES, TRANSFER_PROBLEMS
from xueji_desktop.problem_texts_records import (
    DOCUMENT_NAMES,
    DUPLICATE_REASONS,
    EXTRA_FIELD_NAMES,
    FINDINGS,
    REPORT_STATUS_NAMES,
    SERVICE_PROBLEM_TEXTS,
)

# The spreadsheet import/export codes live beside their services' other sentences; one lookup.
for _extra in (
    STUDENT_IMPORT_PROBLEMS,
    GRADE_IMPORT_PROBLEMS,
    RECONCILE_PROBLEMS,
    EXPORT_PROBLEMS,
    PAPER_FILES_PROBLEMS,
    FILE_DISPATCH_PROBLEMS,
    CALENDAR_PROBLEMS,
    DESTINATION_PROBLEMS,
    AUDIT_VIEW_PROBLEMS,
    STATISTICS_PROBLEMS,  # issue 9
    TRANSFER_PROBLEMS,
    RETENTION_PROBLEMS,
):
    for _code, _texts in _extra.items():
        SERVICE_PROBLEM_TEXTS.setdefault(_code, _texts)
# Issue 8's and 9's field names (a field already named keeps its name).
for _names in (
    PAPER_FILES_FIELD_NAMES,
    FILE_DISPATCH_FIELD_NAMES,
    CALENDAR_FIELD_NAMES,
    DESTINATION_FIELD_NAMES,
    AUDIT_VIEW_FIELD_NAMES,
    STATISTICS_FIELD_NAMES,  # issue 9
    STATS_OUTPUT_FIELD_NAMES,
    TRANSFER_FIELD_NAMES,
    RETENTION_FIELD_NAMES,
):
    for _field, _pair in _names.items():
        EXTRA_FIELD_NAMES.setdefault(_field, _pair)

__all__ = [
    "EXTRA_FIELD_NAMES",
    "FIELD_NAMES_EN",
    "PROBLEM_TEXTS",
    "SERVICE_PROBLEM_TEXTS",
    "field_text",
    "finding_text",
    "problem_text",
]

FIELD_NAMES_EN: dict[str, str] = {
    "name": "Name",
    "gender": "Gender",
    "birth_date": "Birth date",
    "id_type": "ID document type",
    "id_number": "ID number",
    "name_pinyin": "Name in pinyin",
    "class_group": "Class",
    "student_no": "Student number",
    "student_category": "Student category",
    "study_mode": "Study mode",
    "admission_mode": "Admission mode",
    "boarding_mode": "Boarding",
    "nationality": "Nationality/region",
    "overseas_status": "HK/Macau/Taiwan/overseas status",
    "marital_status": "Marital status",
    "train_route": "Train route",
    "migrant_child": "Migrant child",
    "source_place": "Region of origin (code)",
    "birthplace": "Birthplace (region code)",
    "native_place": "Native place (region code)",
    "hukou_address": "Household registration address",
    "police_station": "Police station",
    "hukou_place": "Household registration region (code)",
    "hukou_type": "Household registration type",
    "residence_type": "Residence type",
    "enrolment_month": "Month of enrolment",
    "major_code": "Major",
    "major_catalogue": "Major catalogue version",
    "major_direction": "Major specialisation",
    "program_length": "Length of programme",
    "ethnicity": "Ethnicity",
    "political_status": "Political status",
    "health_status": "Health",
    "student_source": "Student source",
    "enrolment_target": "Enrolment target group",
    "phone": "Phone",
    "poverty_registered": "Registered poor household",
    "recruitment_mode": "Recruitment mode",
    "joint_type": "Joint-programme type",
    "exam_ticket_no": "Exam ticket number",
    "candidate_no": "Candidate number",
    "exam_score": "Exam score",
    "joint_form": "Joint-programme form",
    "joint_school_code": "Partner school code",
    "offsite_site": "Off-campus teaching site",
    "staged_training": "Staged training",
    "english_name": "English name",
    "email": "E-mail/other contact",
    "home_address": "Home address",
    "postal_code": "Postal code",
    "home_phone": "Home phone",
    "registry_no": "National registry number",
    "former_name": "Former name",
    "graduation_assessment": "Graduation assessment",
    # family members
    "relation": "Relationship",
    "is_guardian": "Guardian",
    "birth_month": "Birth month",
    "employer": "Employer or school",
    "position": "Position",
    "family_members": "Family members",
}

_REGISTRY_REASONS: dict[str, tuple[str, str]] = {
    "length": ("位数不对", "wrong length"),
    "chars": ("含有不允许的字符", "characters that are not allowed"),
    "check": ("校验位不对", "wrong check character"),
    "region": ("地区码不存在", "unknown region code"),
    "region_abolished": ("地区码在出生年份前已撤销", "region code abolished before the birth year"),
    "birth_date": ("出生日期不存在", "birth date does not exist"),
}

# code -> (zh, en). {field} is the field's name; other placeholders come from params.

PROBLEM_TEXTS: dict[str, tuple[str, str]] = {
    "unknown_field": (
        "“{field}”不是可以填写的项目，请检查列名是否与国家模板一致。",
        "“{field}” is not a field that can be filled in; check the column name against the "
        "national template.",
    ),
    "wrong_type": (
        "{field}的内容类型不对（例如填了列表或表格），请填写一段文字。",
        "{field} has the wrong kind of content (for example a list); enter plain text.",
    ),
    "duplicate_field": (
        "{field}填写了两次且内容不同，请只保留一个。",
        "{field} was given twice with different values; keep only one.",
    ),
    "id_number_as_number": (
        "{field}被 Excel 当成了数字（如 1.10105E+17），后几位已经丢失。"
        "请把该列设为“文本”格式后重新输入。",
        "{field} was stored by Excel as a number (such as 1.10105E+17) and its last digits are "
        "lost. Format the column as text and enter the numbers again.",
    ),
    "required": ("{field}不能为空。", "{field} is required."),
    "required_with_joint": (
        "联招合作类型不是“非联合办学”时，{field}必须填写。",
        "{field} is required when the joint-programme type is not 非联合办学.",
    ),
    "too_long": (
        "{field}太长，最多 {max_len} 个字符。",
        "{field} is too long: at most {max_len} characters.",
    ),
    "control_chars": (
        "{field}含有看不见的控制字符（如换行、制表符），请重新输入。",
        "{field} contains invisible control characters (line breaks, tabs); type it again.",
    ),
    "unknown_code": (
        "{field}“{value}”不在代码表中，请从下拉列表中选择。",
        "{field} “{value}” is not in the code table; choose a value from the list.",
    ),
    "unknown_region": (
        "{field}“{value}”不是有效的 6 位行政区划代码。",
        "{field} “{value}” is not a valid 6-digit region code.",
    ),
    "region_not_current": (
        "{field}“{value}”是已撤销的旧行政区划代码，请改为现行代码。",
        "{field} “{value}” is an abolished region code; use the current one.",
    ),
    "region_abolished": (
        "{field}“{value}”在出生年份前已撤销，请核对。",
        "{field} “{value}” was abolished before the birth year; please check it.",
    ),
    "date_format": (
        "{field}不是有效日期，请按 2010-03-15 的格式填写。",
        "{field} is not a valid date; use the form 2010-03-15.",
    ),
    "date_in_future": ("{field}不能晚于今天。", "{field} cannot be in the future."),
    "month_format": (
        "{field}不是有效年月，请按 202509 的格式填写。",
        "{field} is not a valid month; use the form 202509.",
    ),
    "month_in_future": ("{field}不能晚于本月。", "{field} cannot be after this month."),
    "bool_format": ("{field}只能填“是”或“否”。", "{field} must be 是 (yes) or 否 (no)."),
    "phone_format": (
        "{field}不是有效的电话号码：手机号为 11 位（1 开头），固定电话如 0731-12345678。",
        "{field} is not a valid phone number: mobile numbers have 11 digits starting with 1, "
        "landlines look like 0731-12345678.",
    ),
    "name_chars": (
        "{field}只能包含汉字和间隔号“·”，请检查是否有空格、数字或其他符号。",
        "{field} may contain only Chinese characters and the middle dot ·; check for spaces, "
        "digits or other symbols.",
    ),
    "name_too_short": ("{field}至少要有两个字。", "{field} needs at least two characters."),
    "name_latin": (
        "{field}含有拉丁字母，仅境外人员可以这样填写，请核对。",
        "{field} contains Latin letters, which only foreign nationals' names may have; please "
        "check it.",
    ),
    "student_no_format": (
        "{field}只能由数字、字母和“-”组成，最多 30 位。",
        "{field} may contain only digits, letters and '-', at most 30 characters.",
    ),
    "registry_no_format": (
        "{field}格式不对：应为 G 或 J 加 18 位身份证号规则的号码，或临时号 L 加 18 位。",
        "{field} has the wrong form: G or J followed by 18 characters built by the ID-number "
        "rules, or a temporary L number.",
    ),
    "registry_no_temporary": (
        "{field}是临时学籍号，国家系统核准后会换成正式号码。",
        "{field} is a temporary registry number; the national system will replace it.",
    ),
    "registry_no_id_mismatch": (
        "{field}与本人身份证件号不一致，请核对。",
        "{field} does not match the student's own ID number; please check it.",
    ),
    "postal_code_format": ("{field}应为 6 位数字。", "{field} must have 6 digits."),
    "unknown_major": (
        "{field}“{value}”不是本校已设置的专业，请先在专业设置中添加。",
        "{field} “{value}” is not a major set up for this school; add it under majors first.",
    ),
    "major_catalogue_mismatch": (
        "{field}“{value}”与该专业所属的目录版本 {expected} 不一致。",
        "{field} “{value}” does not agree with the major's catalogue version {expected}.",
    ),
    "id_length": (
        "{field}位数不对（{masked}），居民身份证号应为 18 位。",
        "{field} has the wrong length ({masked}); a resident ID number has 18 characters.",
    ),
    "id_chars": (
        "{field}含有不允许的字符（{masked}）：只能是数字，最后一位可以是 X。",
        "{field} has characters that are not allowed ({masked}): digits only, the last may be X.",
    ),
    "id_check": (
        "{field}校验位不对（{masked}），可能输错了一位，请对照证件核对。",
        "{field} fails the check character ({masked}): a digit is probably wrong; check it "
        "against the card.",
    ),
    "id_region": (
        "{field}前 6 位不是任何时期的行政区划代码（{masked}），请核对。",
        "{field} does not start with a region code of any period ({masked}); please check it.",
    ),
    "id_region_abolished": (
        "{field}前 6 位的行政区划在出生年份前已撤销（{masked}），请核对。",
        "The region in the first 6 digits of {field} was abolished before the birth year "
        "({masked}); please check it.",
    ),
    "id_birth_date": (
        "{field}中的出生日期不存在或不合理（{masked}）。",
        "The birth date inside {field} does not exist or is not plausible ({masked}).",
    ),
    "id_number_upgraded": (
        "{field}是 15 位旧号码，已自动升级为 18 位（{masked}），请核对。",
        "{field} was an old 15-digit number and has been converted to 18 characters "
        "({masked}); please check it.",
    ),
    "id_number_format": (
        "{field}格式不对（{masked}）：只能包含数字、字母、括号和“-”，2 到 30 位。",
        "{field} has the wrong form ({masked}): digits, letters, brackets and '-' only, 2 to 30 "
        "characters.",
    ),
    "birth_date_mismatch": (
        "{field}与身份证件号中的出生日期不一致。",
        "{field} does not agree with the birth date in the ID number.",
    ),
    "gender_mismatch": (
        "{field}与身份证件号不一致（第 17 位单数为男，双数为女）。",
        "{field} does not agree with the ID number (17th digit odd = male, even = female).",
    ),
    "age_implausible": (
        "按{field}计算，入学时 {age} 岁，不可能，请核对出生日期和入学年月。",
        "By the {field}, the student was {age} at enrolment, which is not possible; check the "
        "birth date and the month of enrolment.",
    ),
    "age_unusual": (
        "按{field}计算，入学时 {age} 岁，不在常见的 14–20 岁之间，请核对。",
        "By the {field}, the student was {age} at enrolment, outside the usual 14–20; please "
        "check it.",
    ),
    "no_guardian": (
        "家庭成员中没有监护人，请至少标明一位监护人。",
        "No family member is marked as guardian; mark at least one.",
    ),
}


def field_text(path: str, lang: str | None = None) -> str:
    """The field's name for a clerk: template label (zh) or English name; family fields with
    the member's number ("家庭成员1的联系电话")."""
    en = (lang or language()) == "en"
    indexed = _INDEXED.match(path)
    if indexed:  # a line of a batch: the clerk counts from 1 ("接收名单第4行的档案袋里的材料")
        whole, n, part = field_text(indexed[1], lang), int(indexed[2]) + 1, indexed[3]
        line = f"{whole}, line {n}" if en else f"{whole}第{n}行"
        if part is None:
            return line
        return f"{line}: {field_text(part, lang)}" if en else f"{line}的{field_text(part, lang)}"
    parts = path.split(".")
    if len(parts) == 3 and parts[0] == "family_members" and parts[1].isdigit():
        n = int(parts[1]) + 1
        spec = FAMILY_FIELDS_BY_NAME.get(parts[2])
        name = parts[2]
        if spec is not None:
            name = FIELD_NAMES_EN.get(spec.name, spec.name) if en else spec.label
        return f"family member {n}: {name}" if en else f"{FAMILY_KEY}{n}的{name}"
    if len(parts) == 2 and parts[0] == "family_members" and parts[1].isdigit():
        n = int(parts[1]) + 1
        return f"family member {n}" if en else f"{FAMILY_KEY}{n}"
    if path == "family_members":
        return "Family members" if en else FAMILY_KEY
    if not path:
        return "The record" if en else "这条记录"
    spec = STUDENT_FIELDS_BY_NAME.get(path)
    if spec is None:
        names = EXTRA_FIELD_NAMES.get(path)
        return path if names is None else names[1 if en else 0]
    return FIELD_NAMES_EN.get(spec.name, spec.name) if en else spec.label


# A line of a batch: "items[3].contents" (receiving), "orders[0].dispatch_no" (a dispatch).
_INDEXED = re.compile(r"^([a-z_]+)\[(\d+)\](?:\.(.+))?$")


class _Params(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def problem_text(problem: Problem, lang: str | None = None) -> str:
    """One sentence saying what is wrong with the field and what to do."""
    idx = 1 if (lang or language()) == "en" else 0
    params = _Params({k: str(v) for k, v in problem.params.items()})
    params["field"] = field_text(problem.field, lang)
    if "fields" in params:  # a list of internal names: their clerk names
        names = [field_text(n, lang) for n in params["fields"].split(",") if n]
        params["fields_text"] = ("、", ", ")[idx].join(names)
    reason = params.get("reason", "")
    if reason in _REGISTRY_REASONS:
        params["reason_text"] = _REGISTRY_REASONS[reason][idx]
    template = PROBLEM_TEXTS.get(problem.code) or SERVICE_PROBLEM_TEXTS.get(problem.code)
    if problem.code == "invalid_format" and params.get("example"):
        params["example"] = (f"，例如“{params['example']}”", f" (e.g. {params['example']})")[idx]
    if template is None:
        fallback = ("{field}填写有误（{code}）。", "{field} is not valid ({code}).")
        params["code"] = problem.code
        return fallback[idx].format_map(params)
    text = template[idx].format_map(params)
    if problem.code == "registry_no_format" and reason in _REGISTRY_REASONS:
        text = text[:-1] + (f"（{params['reason_text']}）。" if idx == 0 else "")
        if idx == 1:
            text += f" ({params['reason_text']})."
    return text


# --- data-health findings (services/health.py KINDS) ---------------------------------------


def finding_text(kind: str, params: Mapping[str, str], lang: str | None = None) -> str:
    """One sentence for a data-health finding (services/health.py), zh default, en."""
    idx = 1 if (lang or language()) == "en" else 0
    values = _Params({k: str(v) for k, v in params.items()})
    sep = "、" if idx == 0 else ", "
    if "fields" in values:
        names = [n for n in values["fields"].split(",") if n]
        values["fields"] = sep.join(field_text(n, lang) for n in names)
    if "field" in values:
        values["field"] = field_text(values["field"], lang)
    if "reason" in values:
        values["reason"] = sep.join(
            DUPLICATE_REASONS.get(r, (r, r))[idx] for r in values["reason"].split(",") if r
        )
    if "documents" in values:
        values["documents"] = sep.join(
            DOCUMENT_NAMES.get(d, (d, d))[idx] for d in values["documents"].split(",") if d
        )
    if "report_status" in values:
        status = values["report_status"]
        values["report_status"] = REPORT_STATUS_NAMES.get(status, (status, status))[idx]
    template = FINDINGS.get(kind)
    if template is None:
        return ("数据体检发现问题（{0}）。", "Data-health finding ({0}).")[idx].format(kind)
    return template[idx].format_map(values)
