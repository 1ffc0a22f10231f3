"""The fields of a student record: internal name, national-template column, kind and table.

One registry used by validation, the services, the CLI's JSON, Excel import/export and the forms.
Internal names follow GLOSSARY.md; ``label`` is the exact column header of the national
new-student template (domain.md §2.2), which is also the JSON key in the CLI.

``kind`` says how a value is normalised and checked:
- ``text``: free text (trimmed, NFC); ``name``: a person's name (Chinese characters and ·);
- ``code``: a code of the code table named by ``table`` (input may be the code or a label);
- ``region``: a GB/T 2260 region code; ``date``: YYYY-MM-DD; ``month``: YYYYMM;
- ``bool``: 是/否 stored as 1/0; ``phone``: a phone number; ``id_number``: 身份证件号;
- ``student_no`` / ``registry_no``: the two numbers with their own validators;
- ``major``: a major code configured in the archive; ``class_group``: a class name.

``required`` marks the fields a record must have before it can be confirmed (信息核对确认). A
draft may be saved with required fields empty; they are then listed as missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = [
    "FAMILY_FIELDS",
    "FAMILY_FIELDS_BY_LABEL",
    "FAMILY_FIELDS_BY_NAME",
    "FAMILY_KEY",
    "STUDENT_FIELDS",
    "STUDENT_FIELDS_BY_LABEL",
    "STUDENT_FIELDS_BY_NAME",
    "FieldSpec",
]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    label: str
    kind: str
    table: str = ""
    required: bool = False
    max_len: int = 100


def _f(
    name: str, label: str, kind: str = "text", table: str = "", *, req: bool = False, n: int = 100
) -> FieldSpec:
    return FieldSpec(name, label, kind, table, req, n)


# Order = the order of the national template, then the archive's own fields.
STUDENT_FIELDS: tuple[FieldSpec, ...] = (
    _f("name", "姓名", "name", req=True, n=50),
    _f("gender", "性别", "code", "gender", req=True),
    _f("birth_date", "出生日期", "date", req=True),
    _f("id_type", "身份证件类型", "code", "id_type", req=True),
    _f("id_number", "身份证件号", "id_number", req=True, n=30),
    _f("name_pinyin", "姓名拼音", n=200),
    _f("class_group", "班级名称", "class_group", req=True),
    _f("student_no", "学号", "student_no", n=30),
    _f("student_category", "学生类别", "code", "student_category", req=True),
    _f("study_mode", "学习形式", "code", "study_mode", req=True),
    _f("admission_mode", "入学方式", "code", "admission_mode", req=True),
    _f("boarding_mode", "就读方式", "code", "boarding_mode", req=True),
    _f("nationality", "国籍/地区", "code", "nationality", req=True),
    _f("overseas_status", "港澳台侨外", "code", "overseas_status", req=True),
    _f("marital_status", "婚姻状况", "code", "marital_status"),
    _f("train_route", "乘火车区间"),
    _f("migrant_child", "是否随迁子女", "bool", req=True),
    _f("source_place", "生源地行政区划码", "region"),
    _f("birthplace", "出生地行政区划码", "region", req=True),
    _f("native_place", "籍贯地行政区划码", "region", req=True),
    _f("hukou_address", "户口所在地区县以下详细地址", n=200),
    _f("police_station", "所属派出所"),
    _f("hukou_place", "户口所在地行政区划码", "region", req=True),
    _f("hukou_type", "户口性质", "code", "hukou_type", req=True),
    _f("residence_type", "学生居住地类型", "code", "residence_type", req=True),
    _f("enrolment_month", "入学年月", "month", req=True),
    _f("major_code", "专业", "major", req=True),
    _f("major_catalogue", "专业目录版本", "code", "major_catalogue"),
    _f("major_direction", "专业方向"),
    _f("program_length", "学制", "code", "program_length", req=True),
    _f("ethnicity", "民族", "code", "ethnicity", req=True),
    _f("political_status", "政治面貌", "code", "political_status", req=True),
    _f("health_status", "健康状况", "code", "health_status", req=True),
    _f("student_source", "学生来源", "code", "student_source"),
    _f("enrolment_target", "招生对象", "code", "enrolment_target", req=True),
    _f("phone", "联系电话", "phone", req=True, n=20),
    _f("poverty_registered", "是否建档立卡贫困户", "bool", req=True),
    _f("recruitment_mode", "招生方式", "code", "recruitment_mode"),
    _f("joint_type", "联招合作类型", "code", "joint_type"),
    _f("exam_ticket_no", "准考证号", n=30),
    _f("candidate_no", "考生号", n=30),
    _f("exam_score", "考试总分", n=10),
    _f("joint_form", "联招合作办学形式"),
    _f("joint_school_code", "联招合作学校代码", n=20),
    _f("offsite_site", "校外教学点"),
    _f("staged_training", "分段培养方式", "code", "staged_training", req=True),
    _f("english_name", "英文姓名"),
    _f("email", "电子信箱/其他联系方式"),
    _f("home_address", "家庭现地址", req=True, n=200),
    _f("postal_code", "家庭邮政编码", "postal_code", n=6),
    _f("home_phone", "家庭电话", "phone", n=20),
    # Not template columns: kept by the archive.
    _f("registry_no", "学籍号", "registry_no", n=19),
    _f("former_name", "曾用名", "name", n=50),
    _f("graduation_assessment", "毕业鉴定", "code", "assessment_grade"),
)

STUDENT_FIELDS_BY_NAME: Mapping[str, FieldSpec] = MappingProxyType(
    {f.name: f for f in STUDENT_FIELDS}
)
STUDENT_FIELDS_BY_LABEL: Mapping[str, FieldSpec] = MappingProxyType(
    {f.label: f for f in STUDENT_FIELDS}
)

# Family members / guardians (template columns 50-73, "成员1"/"成员2"). In JSON a record carries
# them as a list under FAMILY_KEY, each keyed by these labels.
FAMILY_KEY = "家庭成员"
FAMILY_FIELDS: tuple[FieldSpec, ...] = (
    _f("name", "姓名", "name", req=True, n=50),
    _f("relation", "关系", "code", "family_relation", req=True),
    _f("is_guardian", "是否监护人", "bool", req=True),
    _f("phone", "联系电话", "phone", n=20),
    _f("birth_month", "出生年月", "month"),
    _f("id_type", "身份证件类型", "code", "id_type"),
    _f("id_number", "身份证件号", "id_number", n=30),
    _f("ethnicity", "民族", "code", "ethnicity"),
    _f("political_status", "政治面貌", "code", "political_status"),
    _f("health_status", "健康状况", "code", "health_status"),
    _f("employer", "工作或学习单位"),
    _f("position", "职务"),
)
FAMILY_FIELDS_BY_NAME: Mapping[str, FieldSpec] = MappingProxyType(
    {f.name: f for f in FAMILY_FIELDS}
)
FAMILY_FIELDS_BY_LABEL: Mapping[str, FieldSpec] = MappingProxyType(
    {f.label: f for f in FAMILY_FIELDS}
)
