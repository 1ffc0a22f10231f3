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
