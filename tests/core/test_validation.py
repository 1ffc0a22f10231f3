"""core/validation.py: normalisation, to_internal and the field rules, table-driven."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tests.records_fixtures import MAJOR, make_id_number, student_values
from xueji_desktop.core import codes
from xueji_desktop.core.fields import STUDENT_FIELDS, STUDENT_FIELDS_BY_NAME
from xueji_desktop.core.id_number import check_char
from xueji_desktop.core.problems import errors_only
from xueji_desktop.core.validation import (
    Checked,
    check_student,
    normalize_value,
    to_internal,
)

TODAY = datetime.date(2026, 1, 1)
MAJORS = {MAJOR: "2021", "730301": "2021", "090100": "2010"}
FAMILY = [{"name": "张大山", "relation": "父亲", "is_guardian": 1, "phone": "13912345678"}]


def _id(first17: str) -> str:
    return first17 + check_char(first17)


def record(**overrides: Any) -> dict[str, Any]:
    values = student_values(**overrides)
    values.setdefault("class_group", "2025级计算机1班")
    values.setdefault("family_members", [dict(m) for m in FAMILY])
    return values


def check(values: dict[str, Any], *, draft: bool = False) -> Checked:
    return check_student(values, today=TODAY, majors=MAJORS, draft=draft)


def codes_of(checked: Checked, field: str | None = None) -> set[str]:
    return {p.code for p in checked.problems if field is None or p.field == field}


def test_the_fixture_record_is_valid() -> None:
    checked = check(record())
    assert checked.problems == []
    assert checked.missing == []
    assert checked.values["student_category"] == "33110"
    assert checked.values["major_catalogue"] == "2021"
    assert checked.family[0]["is_guardian"] == 1


def test_draft_lists_missing_and_final_check_refuses_them() -> None:
    values = record()
    del values["phone"], values["ethnicity"]
    draft = check(values, draft=True)
    assert draft.problems == []
    assert set(draft.missing) == {"phone", "ethnicity"}
    final = check(values, draft=False)
    assert {(p.field, p.code) for p in final.problems} == {
        ("phone", "required"),
        ("ethnicity", "required"),
    }


def test_present_values_are_checked_even_in_a_draft() -> None:
    checked = check({"name": "张三", "phone": "12345"}, draft=True)
    assert codes_of(checked, "phone") == {"phone_format"}
    assert "phone" not in checked.missing


def test_every_required_field_is_known() -> None:
    required = {f.name for f in STUDENT_FIELDS if f.required}
    assert check({}, draft=True).missing == [f.name for f in STUDENT_FIELDS if f.required]
    assert required <= set(STUDENT_FIELDS_BY_NAME)


# -- normalisation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "raw", "stored"),
    [
        ("birth_date", "2010-03-15", "2010-03-15"),
        ("birth_date", "2010/3/15", "2010-03-15"),
        ("birth_date", "20100315", "2010-03-15"),
        ("birth_date", "2010.03.15", "2010-03-15"),
        ("birth_date", "2010年3月15日", "2010-03-15"),
        ("birth_date", datetime.date(2010, 3, 15), "2010-03-15"),
        ("birth_date", datetime.datetime(2010, 3, 15, 8, 0), "2010-03-15"),
        ("birth_date", "２０１０－０３－１５ ", "2010-03-15"),
        ("enrolment_month", "202509", "202509"),
        ("enrolment_month", "2025-09", "202509"),
        ("enrolment_month", "2025年9月", "202509"),
        ("enrolment_month", 202509, "202509"),
        ("enrolment_month", 202509.0, "202509"),
        ("migrant_child", "是", 1),
        ("migrant_child", "否", 0),
        ("migrant_child", "Y", 1),
        ("migrant_child", "n", 0),
        ("migrant_child", "true", 1),
        ("migrant_child", "0", 0),
        ("migrant_child", True, 1),
        ("migrant_child", "  ", None),
        ("id_number", " 11010519491231002x ", "11010519491231002X"),
        ("id_number", "１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"),
        ("ethnicity", "汉", "01"),
        ("ethnicity", "1", "01"),
        ("gender", "男", "1"),
        ("name", " 张\u3000三 ", "张三"),
        ("name", "阿依・古丽", "阿依·古丽"),
        ("name", "阿依•古丽", "阿依·古丽"),
        ("home_address", "  长沙市\u200b芙蓉区\u00a0", "长沙市芙蓉区"),
        ("phone", "138 1234 5678", "13812345678"),
        ("phone", "１３８１２３４５６７８", "13812345678"),
        ("postal_code", "４２２０００", "422000"),
        ("hukou_place", 430502, "430502"),
        ("name", None, ""),
        ("migrant_child", None, None),
    ],
)
def test_normalize_value(field: str, raw: object, stored: object) -> None:
    assert normalize_value(STUDENT_FIELDS_BY_NAME[field], raw) == stored


# -- field rules, table-driven -------------------------------------------------------------------

ID_1990_XUANWU = _id("11010419900101001")
ID_2010_XUANWU = _id("11010420100101001")
ID_2015_XUANWU = _id("11010420150101001")
CASES: list[tuple[str, dict[str, Any], str, str | None]] = [
    # (label, overrides, field, expected problem code or None)
    ("messy ID", {"id_number": f" {ID_1990_XUANWU.lower()}\u00a0", "birth": "19900101"},
     "id_number", None),
    ("old county before abolition", {"id_number": ID_2010_XUANWU, "birth": "20100101"},
     "id_number", None),
    ("old county after abolition", {"id_number": ID_2015_XUANWU, "birth": "20150101"},
     "id_number", "id_region_abolished"),
    ("unknown region", {"id_number": _id("99999920100315001")}, "id_number", "id_region"),
    ("bad check char", {"id_number": "130402198207290622", "birth": "19820729", "male": False},
     "id_number", "id_check"),
    ("short", {"id_number": "1101051949"}, "id_number", "id_length"),
    ("17 chars", {"id_number": "11010520100315001"}, "id_number", "id_length"),
    ("no type, odd chars", {"id_type": "", "id_number": "1101#051949"}, "id_number",
     "id_number_format"),
    ("letters", {"id_number": "11010520100315A01X"}, "id_number", "id_chars"),
    ("not a date", {"id_number": _id("43050220100230001")}, "id_number", "id_birth_date"),
    ("future birth", {"id_number": _id("43050220270101001")}, "id_number", "id_birth_date"),
    ("scientific notation", {"id_number": "1.10105E+17"}, "id_number", "id_number_as_number"),
    ("as a number", {"id_number": 110105194912310021}, "id_number", "id_number_as_number"),
    ("as a float", {"id_number": 1.10105e17}, "id_number", "id_number_as_number"),
    ("15 digits", {"id_number": "430502100315001", "birth": "19100315"},
     "id_number", "id_number_upgraded"),
    ("residence permit", {"id_number": _id("81000020100315001")}, "id_number", None),
    ("passport", {"id_type": "A", "id_number": "E12345678", "nationality": "840"},
     "id_number", None),
    ("passport odd chars", {"id_type": "A", "id_number": "E1234#5678"},
     "id_number", "id_number_format"),
    ("birth date differs", {"birth_date": "2010-03-16"}, "birth_date", "birth_date_mismatch"),
    ("gender differs", {"gender": "2"}, "gender", "gender_mismatch"),
    ("too young", {"enrolment_month": "201909"}, "birth_date", "age_implausible"),
    ("unusual age", {"enrolment_month": "202309"}, "birth_date", "age_unusual"),
    ("old student", {"birth": "19500101", "enrolment_month": "202509"},
     "birth_date", "age_implausible"),
    ("adult student", {"birth": "19950101"}, "birth_date", "age_unusual"),
    ("future month", {"enrolment_month": "202603"}, "enrolment_month", "month_in_future"),
    ("bad month", {"enrolment_month": "202513"}, "enrolment_month", "month_format"),
    ("bad date", {"birth_date": "2010-02-30"}, "birth_date", "date_format"),
    ("mobile", {"phone": "13812345678"}, "phone", None),
    ("landline", {"phone": "0731-88888888"}, "phone", None),
    ("landline no hyphen", {"phone": "073188888888"}, "phone", None),
    ("+86 mobile", {"phone": "+86 138 1234 5678"}, "phone", None),
    ("short mobile", {"phone": "1381234567"}, "phone", "phone_format"),
    ("12x mobile", {"phone": "12812345678"}, "phone", "phone_format"),
    ("lost leading zero", {"phone": "73188888888"}, "phone", "phone_format"),
    ("name with dot", {"name": "阿依·古丽"}, "name", None),
    ("one char name", {"name": "张"}, "name", "name_too_short"),
    ("name with digit", {"name": "张三1"}, "name", "name_chars"),
    ("name double dot", {"name": "阿依··古丽"}, "name", "name_chars"),
    ("latin name, Chinese", {"name": "Zhang San"}, "name", "name_latin"),
    ("student no", {"student_no": "2025-7102-01a"}, "student_no", None),
    ("student no chars", {"student_no": "2025 01/3"}, "student_no", "student_no_format"),
    ("student no length", {"student_no": "1" * 31}, "student_no", "too_long"),
    ("postal code", {"postal_code": "42200"}, "postal_code", "postal_code_format"),
    ("unknown code", {"ethnicity": "火星族"}, "ethnicity", "unknown_code"),
    ("99 ethnicity", {"ethnicity": "99"}, "ethnicity", "unknown_code"),
    ("unknown region", {"hukou_place": "430599"}, "hukou_place", "unknown_region"),
    ("region letters", {"birthplace": "43O502"}, "birthplace", "unknown_region"),
    ("abolished hukou", {"hukou_place": "110104"}, "hukou_place", "region_not_current"),
    ("abolished birthplace", {"birthplace": "110104", "birth": "20110101"}, "birthplace",
     "region_abolished"),
    ("old birthplace ok", {"birthplace": "110104"}, "birthplace", None),
    ("unknown major", {"major_code": "999999"}, "major_code", "unknown_major"),
    ("catalogue mismatch", {"major_catalogue": "2010"}, "major_catalogue",
     "major_catalogue_mismatch"),
    ("control chars", {"home_address": "长沙\x00市"}, "home_address", "control_chars"),
    ("too long address", {"home_address": "长" * 201}, "home_address", "too_long"),
    ("bool", {"migrant_child": "也许"}, "migrant_child", "bool_format"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("overrides", "field", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_rules(overrides: dict[str, Any], field: str, expected: str | None) -> None:
    checked = check(record(**overrides))
    found = codes_of(checked, field)
    if expected is None:
        assert found == set(), checked.problems
    else:
        assert expected in found, checked.problems


def test_latin_names_are_only_a_warning_for_foreigners() -> None:
    local = check(record(name="Zhang San"))
    assert [p.severity for p in local.problems if p.code == "name_latin"] == ["error"]
    foreign = check(record(name="John Smith", nationality="840"))
    assert [p.severity for p in foreign.problems if p.code == "name_latin"] == ["warning"]
    passport = check(record(name="John Smith", id_type="A", id_number="E12345678"))
    assert [p.severity for p in passport.problems if p.code == "name_latin"] == ["warning"]


def test_severities() -> None:
    checked = check(record(birth="19950101", hukou_place="110104"))
    assert errors_only(checked.problems) == []
    assert {p.code for p in checked.problems} == {"age_unusual", "region_not_current"}


def test_birth_date_and_gender_are_derived_from_a_valid_id() -> None:
    values = record()
    del values["birth_date"], values["gender"]
    checked = check(values)
    assert checked.values["birth_date"] == "2010-03-15"
    assert checked.values["gender"] == "1"
    assert checked.problems == []


def test_15_digit_id_is_stored_upgraded() -> None:
    checked = check(record(id_number="430502100315001", birth="19100315"))
    assert checked.values["id_number"] == _id("43050219100315001")


@pytest.mark.parametrize(
    ("registry_no", "code"),
    [
        (None, None),  # G + own ID (the fixture default)
        ("G" + _id("43050220100315999"), "registry_no_id_mismatch"),
        ("G130402198207290622", "registry_no_format"),
        ("J" + _id("43050220100315001"), None),
        ("L430502201003151234", "registry_no_temporary"),
        ("L999999201003151234", "registry_no_format"),
        ("L430502201302301234", "registry_no_format"),
        ("999430000000112345", "registry_no_temporary"),
        ("X12345", "registry_no_format"),
        ("g" + "x", "registry_no_format"),
    ],
)
def test_registry_no(registry_no: str | None, code: str | None) -> None:
    values = record()
    values["registry_no"] = registry_no or "G" + values["id_number"]
    found = codes_of(check(values), "registry_no")
    assert found == ({code} if code else set())


def test_registry_no_message_params_are_masked() -> None:
    values = record()
    values["registry_no"] = "G130402198207290622"
    (problem,) = [p for p in check(values).problems if p.field == "registry_no"]
    assert "130402198207290622" not in str(problem.params)
    assert problem.params["masked"] == "130402********0622"


def test_joint_programme_needs_form_and_school() -> None:
    values = record(joint_type="城乡联合办学")
    draft = check(values, draft=True)
    assert {"joint_form", "joint_school_code"} <= set(draft.missing)
    final = check(values)
    assert codes_of(final) == {"required_with_joint"}
    ok = check(record(joint_type="城乡联合办学", joint_form="x", joint_school_code="4300001"))
    assert ok.problems == []
    assert check(record(joint_type="非联合办学")).problems == []


def test_family_members() -> None:
    family = [
        {"name": "张大山", "relation": "爸爸", "is_guardian": "是", "phone": "13912345678",
         "id_number": _id("43050219800101001"), "birth_month": "1980年1月"},
        {"name": "李", "relation": "外星人", "is_guardian": "否", "phone": "123",
         "id_number": "130402198207290622"},
        {"relation": "母亲"},
    ]  # fmt: skip
    checked = check(record(family_members=family))
    found = {(p.field, p.code) for p in checked.problems}
    assert found == {
        ("family_members.1.name", "name_too_short"),
        ("family_members.1.relation", "unknown_code"),
        ("family_members.1.phone", "phone_format"),
        ("family_members.1.id_number", "id_check"),
        ("family_members.2.name", "required"),
        ("family_members.2.is_guardian", "required"),
    }
    assert checked.family[0]["relation"] == "父亲"
    assert checked.family[0]["birth_month"] == "198001"
    assert "family_members.2.name" in checked.missing


def test_no_guardian_is_a_warning() -> None:
    family = [{"name": "张大山", "relation": "父亲", "is_guardian": 0}]
    for members in (family, []):
        checked = check(record(family_members=members))
        assert [(p.code, p.severity) for p in checked.problems] == [("no_guardian", "warning")]


# -- to_internal -----------------------------------------------------------------------------


def test_to_internal_maps_template_labels_and_family() -> None:
    raw = {
        "姓名": "张三",
        "身份证件号": make_id_number(),
        "国籍／地区": "中国",  # full-width slash in a header
        " 学号 ": "A-1",
        "gender": "男",
        "家庭成员": [{"姓名": "张大山", "关系": "父亲", "是否监护人": "是"}],
        "学费": "3000",
    }
    values, problems = to_internal(raw)
    assert values["name"] == "张三"
    assert values["nationality"] == "中国"
    assert values["student_no"] == "A-1"
    assert values["gender"] == "男"
    assert values["family_members"] == [{"name": "张大山", "relation": "父亲", "is_guardian": "是"}]
    assert [(p.field, p.code) for p in problems] == [("学费", "unknown_field")]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"姓名": ["张三"]}, [("name", "wrong_type")]),
        ({"姓名": {"a": 1}}, [("name", "wrong_type")]),
        ({"身份证件号": 1.10105e17}, [("id_number", "id_number_as_number")]),
        ({"身份证件号": "1.10105E+17"}, [("id_number", "id_number_as_number")]),
        ({"身份证件号": "1.10105e17"}, [("id_number", "id_number_as_number")]),
        ({"家庭成员": "张大山"}, [("family_members", "wrong_type")]),
        ({"家庭成员": ["张大山"]}, [("family_members.0", "wrong_type")]),
        ({"家庭成员": [{"爱好": "x"}]}, [("family_members.0.爱好", "unknown_field")]),
        ({"姓名": "张三", "name": "李四"}, [("name", "duplicate_field")]),
        ({1: "x"}, [("int", "unknown_field")]),
    ],
)
def test_to_internal_refuses(raw: dict[Any, Any], expected: list[tuple[str, str]]) -> None:
    _, problems = to_internal(raw)
    assert [(p.field, p.code) for p in problems] == expected


def test_to_internal_then_check_accepts_labels() -> None:
    values = record()
    raw = {STUDENT_FIELDS_BY_NAME[k].label: v for k, v in values.items() if k != "family_members"}
    raw.update(
        性别="男", 民族="汉族", 学生类别="调整后中职学生", 入学方式="统一招生考试/普通入学",
        就读方式="住校", 国籍="中国", 港澳台侨外="非港澳台侨", 政治面貌="共青团员",
        健康状况="健康或良好", 家庭成员=[{"姓名": "张大山", "关系": "父亲", "是否监护人": "是"}],
    )  # fmt: skip
    raw["国籍/地区"] = raw.pop("国籍")
    internal, problems = to_internal(raw)
    assert problems == []
    checked = check(internal)
    assert checked.problems == []
    assert checked.values["student_category"] == "331"
    assert checked.values["overseas_status"] == "00"
    assert codes.label_of("overseas_status", str(checked.values["overseas_status"])) == "非港澳台侨"
