"""Tests for core.codes, core.regions and core.majors."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from xueji_desktop.core.codes import (
    ETHNICITY,
    ETHNICITY_ALIASES,
    GENDER,
    HEALTH_STATUS,
    ID_TYPE,
    POLITICAL_STATUS,
    POLITICAL_STATUS_SHORT,
    PROVINCE_FULL_NAMES,
    PROVINCES,
    lookup,
)
from xueji_desktop.core.majors import MAJORS, MAJORS_BY_CODE, Major
from xueji_desktop.core.regions import (
    PREFECTURES,
    REGIONS,
    counties_in_prefecture,
    counties_in_province,
    region_name,
)


def test_tables_are_immutable() -> None:
    for table in (ETHNICITY, GENDER, ID_TYPE, POLITICAL_STATUS, HEALTH_STATUS, PROVINCES, REGIONS):
        with pytest.raises(TypeError):
            table["zz"] = "x"  # type: ignore[index]


def test_gender() -> None:
    assert dict(GENDER) == {"0": "未知的性别", "1": "男性", "2": "女性", "9": "未说明的性别"}


def test_ethnicity_matches_gb_t_3304() -> None:
    assert len(ETHNICITY) == 58
    assert sorted(ETHNICITY) == [f"{i:02d}" for i in range(1, 57)] + ["97", "98"]
    spot = {
        "01": "汉族",
        "08": "壮族",
        "15": "土家族",
        "20": "傈僳族",
        "29": "柯尔克孜族",
        "31": "达斡尔族",
        "32": "仫佬族",
        "36": "毛南族",
        "37": "仡佬族",
        "39": "阿昌族",
        "43": "乌孜别克族",
        "46": "德昂族",
        "49": "京族",
        "52": "鄂伦春族",
        "56": "基诺族",
        "97": "其他",
        "98": "外国血统中国籍人士",
    }
    for code, name in spot.items():
        assert ETHNICITY[code] == name
    assert dict(ETHNICITY_ALIASES) == {"崩龙族": "46", "毛难族": "36"}
    assert "99" not in ETHNICITY


def test_other_tables() -> None:
    assert sorted(ID_TYPE) == list("123456789ABZ")
    assert ID_TYPE["1"] == "居民身份证"
    assert len(POLITICAL_STATUS) == 13
    assert POLITICAL_STATUS["03"] == "中国共产主义青年团团员"
    assert POLITICAL_STATUS_SHORT["03"] == "共青团员"
    assert set(POLITICAL_STATUS_SHORT) == set(POLITICAL_STATUS)
    assert dict(HEALTH_STATUS) == {
        "1": "健康或良好",
        "2": "一般或较弱",
        "3": "有慢性病",
        "6": "残疾",
    }
    assert len(PROVINCES) == 34
    assert PROVINCES["44"] == "广东"
    assert PROVINCE_FULL_NAMES["45"] == "广西壮族自治区"
    assert PROVINCE_FULL_NAMES["11"] == "北京市"
    assert PROVINCE_FULL_NAMES["43"] == "湖南省"
    assert PROVINCE_FULL_NAMES["81"] == "香港特别行政区"


@pytest.mark.parametrize(
    ("table", "value", "expected"),
    [
        (ETHNICITY, "汉", "01"),
        (ETHNICITY, "汉族", "01"),
        (ETHNICITY, "01", "01"),
        (ETHNICITY, "1", "01"),  # leading zero lost in Excel
        (ETHNICITY, " 汉 族 ", "01"),
        (ETHNICITY, "０１", "01"),
        (ETHNICITY, "土家", "15"),
        (ETHNICITY, "崩龙族", "46"),
        (ETHNICITY, "毛难族", "36"),
        (ETHNICITY, "毛难", "36"),
        (ETHNICITY, "其他", "97"),
        (ETHNICITY, "99", None),
        (ETHNICITY, "001", None),
        (ETHNICITY, "", None),
        (ETHNICITY, "  ", None),
        (ETHNICITY, "火星族", None),
        (GENDER, "男", "1"),
        (GENDER, "女性", "2"),
        (GENDER, "2", "2"),
        (ID_TYPE, "居民身份证", "1"),
        (ID_TYPE, "a", "A"),
        (ID_TYPE, "Ａ", "A"),
        (POLITICAL_STATUS, "共青团员", "03"),
        (POLITICAL_STATUS, "中国共产主义青年团团员", "03"),
        (POLITICAL_STATUS, "群众", "13"),
        (POLITICAL_STATUS, "3", "03"),
        (HEALTH_STATUS, "健康或良好", "1"),
        (PROVINCES, "广东", "44"),
        (PROVINCES, "广东省", "44"),
        (PROVINCES, "内蒙古自治区", "15"),
    ],
)
def test_lookup(table: Mapping[str, str], value: str, expected: str | None) -> None:
    assert lookup(table, value) == expected


def test_regions_subset() -> None:
    assert 55 <= len(REGIONS) <= 70
    provinces = {code[:2] for code in REGIONS}
    assert 6 <= len(provinces) <= 8
    assert provinces <= set(PROVINCES)
    for code, name in REGIONS.items():
        assert len(code) == 6 and code.isdigit()
        assert code[4:] != "00"
        assert name.startswith(PROVINCE_FULL_NAMES[code[:2]])
        assert name.startswith(PREFECTURES[code[:4] + "00"])
    assert REGIONS["440305"] == "广东省深圳市南山区"
    assert REGIONS["430102"] == "湖南省长沙市芙蓉区"
    assert REGIONS["510104"] == "四川省成都市锦江区"
    assert REGIONS["410102"] == "河南省郑州市中原区"
    assert REGIONS["360102"] == "江西省南昌市东湖区"
    assert REGIONS["450102"] == "广西壮族自治区南宁市兴宁区"
    assert region_name("430500") == "湖南省邵阳市"
    assert region_name("999999") is None
    assert len(counties_in_prefecture("430500")) == 12
    assert set(counties_in_province("44")) == {c for c in REGIONS if c.startswith("44")}


def test_majors() -> None:
    assert len(MAJORS) == 8
    assert len(MAJORS_BY_CODE) == 8
    assert MAJORS_BY_CODE["710201"] == Major("710201", "计算机应用", "2021", 3)
    assert MAJORS_BY_CODE["730301"].name == "会计事务"
    assert MAJORS_BY_CODE["660301"].name == "机械制造技术"
    for major in MAJORS:
        assert len(major.code) == 6 and major.code.isdigit()
        assert 61 <= int(major.code[:2]) <= 79
        assert major.catalogue_version == "2021"
        assert major.program_length == 3


# -- versioned code-table data (issue 3 §2) ------------------------------------------------------

import json  # noqa: E402

from xueji_desktop.core import codes  # noqa: E402
from xueji_desktop.core.fields import FAMILY_FIELDS, STUDENT_FIELDS  # noqa: E402
from xueji_desktop.resources import resource_path  # noqa: E402


def test_every_table_named_by_the_field_registry_exists() -> None:
    tables = {f.table for f in (*STUDENT_FIELDS, *FAMILY_FIELDS) if f.kind == "code"}
    assert tables, "no code fields found"
    assert tables <= set(codes.table_names())
    assert {"status_change_category", "status_change_reason", "marital_status"} <= set(
        codes.table_names()
    )


@pytest.mark.parametrize("name", codes.DATA_FILES)
def test_each_data_file_states_its_standard_and_version(name: str) -> None:
    data = json.loads(resource_path("codes", name).read_text("utf-8"))
    assert data["comment"]
    for table in data["tables"]:
        assert table["standard"] and table["version"] and table["source"]
        codes_seen = [e["code"] for e in table["entries"]]
        assert len(codes_seen) == len(set(codes_seen)), table["table"]
        if table["label_only"]:
            assert all(e["code"] == e["label"] for e in table["entries"]), table["table"]


FIXTURE_VALUES = {
    "student_category": "33110",
    "study_mode": "全日制",
    "admission_mode": "01",
    "boarding_mode": "2",
    "nationality": "156",
    "overseas_status": "00",
    "hukou_type": "农业户口",
    "residence_type": "农村",
    "program_length": "三年制",
    "enrolment_target": "应届初中毕业生",
    "staged_training": "非分段培养",
    "health_status": "1",
    "political_status": "03",
    "ethnicity": "01",
    "major_catalogue": "2021",
}


@pytest.mark.parametrize(("table", "code"), FIXTURE_VALUES.items())
def test_stored_values_of_the_fixtures_are_codes(table: str, code: str) -> None:
    assert code in codes.get_table(table).labels
    assert codes.code_of(table, code) == code


def _all_entries() -> list[tuple[str, str, str]]:
    return [
        (name, code, label)
        for name in codes.table_names()
        for code, label in codes.get_table(name).labels.items()
    ]


@pytest.mark.parametrize(("table", "code", "label"), _all_entries())
def test_every_code_and_label_round_trips(table: str, code: str, label: str) -> None:
    assert codes.code_of(table, code) == code
    assert codes.code_of(table, label) == code
    assert codes.code_of(table, f" {label}\u00a0") == code  # trailing NBSP
    assert codes.code_of(table, f"\u200b{code} ") == code  # zero-width, trailing space
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in code)
    assert codes.code_of(table, wide) == code  # full-width digits and letters
    assert codes.code_of(table, codes.label_of(table, code)) is not None


@pytest.mark.parametrize(
    ("table", "value", "expected"),
    [
        ("gender", "男", "1"),
        ("gender", "女性", "2"),
        ("ethnicity", "崩龙族", "46"),
        ("ethnicity", "毛难", "36"),
        ("ethnicity", "HA", "01"),
        ("ethnicity", "汉 族", "01"),
        ("political_status", "共青团员", "03"),
        ("health_status", "31", "3"),  # two-digit detailed code -> its group
        ("health_status", "视力残疾", "6"),
        ("health_status", "10", "1"),
        ("overseas_status", "非港澳台侨", "00"),
        ("overseas_status", "0", "00"),
        ("admission_mode", "统一招生考试/普通入学", "01"),
        ("admission_mode", "1", "01"),
        ("admission_mode", "11", None),  # 预科: 高校 only
        ("student_category", "调整后中职学生", "331"),
        ("student_category", "职业高中学生", "33400"),
        ("student_category", "普通中专学生", "33200"),
        ("student_category", "成人中专学生", "333"),
        ("student_category", "技工学校学生", "33500"),
        ("student_category", "33120", "33120"),
        ("nationality", "中国", "156"),
        ("nationality", "CN", "156"),
        ("nationality", "chn", "156"),
        ("staged_training", "中高职3+3（含卫生类4+2）", "中高职3+3(含卫生类4+2)"),
        ("staged_training", "中高职３＋２", "中高职3+2"),
        ("program_length", "3年", "三年制"),
        ("joint_type", "跨省联合办学", "跨省联合办学"),  # legacy, accepted
        ("family_relation", "爸爸", "父亲"),
        ("major_catalogue", "2010年", "2010"),
        ("assessment_grade", "不合格", "不合格"),
        ("status_change_category", "转学(转出)", "21"),
        ("status_change_reason", "应征入伍", "34"),
        ("hukou_type", "居民户口", None),
        ("gender", "", None),
        ("gender", "\u200b", None),
    ],
)
def test_code_of_messy_values(table: str, value: str, expected: str | None) -> None:
    assert codes.code_of(table, value) == expected


def test_labels_for_show_and_export() -> None:
    assert codes.label_of("gender", "1") == "男"  # the template's wording
    assert codes.label_of("student_category", "33110") == "调整后中职学生"
    assert codes.label_of("ethnicity", "46") == "德昂族"
    assert codes.label_of("ethnicity", "zz") == "zz"
    assert ("00", "非港澳台侨") in codes.choices("overseas_status")
    assert "跨省联合办学" not in dict(codes.choices("joint_type"))  # legacy: not offered
    assert codes.table_version("ethnicity") == "GB/T 3304-1991"
    assert codes.is_label_only("program_length")
    assert not codes.is_label_only("gender")
    with pytest.raises(KeyError):
        codes.code_of("no_such_table", "1")


def test_pre_2021_majors() -> None:
    from xueji_desktop.core.majors import ALL_MAJORS_BY_CODE, CATALOGUE_VERSIONS, MAJORS_2010

    assert CATALOGUE_VERSIONS == ("2021", "2010")
    assert MAJORS_2010 and all(m.catalogue_version == "2010" for m in MAJORS_2010)
    assert all(1 <= int(m.code[:2]) <= 19 for m in MAJORS_2010)
    assert len(ALL_MAJORS_BY_CODE) == len(MAJORS) + len(MAJORS_2010)
    assert ALL_MAJORS_BY_CODE["090100"].catalogue_version == "2010"
