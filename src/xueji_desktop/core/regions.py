"""A small curated subset of GB/T 2260 county-level region codes (行政区划代码).

This is a DEMO / SEED subset only (66 counties in 7 provinces, including every county of
湖南省邵阳市, the demo school's prefecture), not the national table: a later issue brings the
full current and historical table. Every code here is a current county-level code; each was
cross-checked against the historical union in python-stdnum ``stdnum/cn/loc.dat``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from xueji_desktop.core.codes import PROVINCE_FULL_NAMES

__all__ = [
    "PREFECTURES",
    "REGIONS",
    "counties_in_prefecture",
    "counties_in_province",
    "region_name",
]

# (prefecture code, prefecture name, ((county code, county name), ...))
_DATA: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    # 湖南省
    (
        "430500",
        "邵阳市",
        (
            ("430502", "双清区"),
            ("430503", "大祥区"),
            ("430511", "北塔区"),
            ("430522", "新邵县"),
            ("430523", "邵阳县"),
            ("430524", "隆回县"),
            ("430525", "洞口县"),
            ("430527", "绥宁县"),
            ("430528", "新宁县"),
            ("430529", "城步苗族自治县"),
            ("430581", "武冈市"),
            ("430582", "邵东市"),
        ),
    ),
    (
        "430100",
        "长沙市",
        (
            ("430102", "芙蓉区"),
            ("430103", "天心区"),
            ("430104", "岳麓区"),
            ("430121", "长沙县"),
            ("430181", "浏阳市"),
        ),
    ),
    ("430400", "衡阳市", (("430405", "珠晖区"),)),
    ("430800", "张家界市", (("430802", "永定区"), ("430822", "桑植县"))),
    ("431100", "永州市", (("431102", "零陵区"),)),
    ("431200", "怀化市", (("431202", "鹤城区"),)),
    ("433100", "湘西土家族苗族自治州", (("433101", "吉首市"), ("433127", "永顺县"))),
    # 广东省
    ("440100", "广州市", (("440104", "越秀区"), ("440106", "天河区"))),
    ("440300", "深圳市", (("440303", "罗湖区"), ("440304", "福田区"), ("440305", "南山区"))),
    ("440600", "佛山市", (("440604", "禅城区"),)),
    ("440900", "茂名市", (("440982", "化州市"),)),
    ("441300", "惠州市", (("441302", "惠城区"),)),
    ("441800", "清远市", (("441881", "英德市"),)),
    ("445200", "揭阳市", (("445281", "普宁市"),)),
    # 广西壮族自治区
    ("450100", "南宁市", (("450102", "兴宁区"), ("450103", "青秀区"))),
    ("450200", "柳州市", (("450202", "城中区"),)),
    ("450300", "桂林市", (("450302", "秀峰区"),)),
    ("450500", "北海市", (("450521", "合浦县"),)),
    ("451000", "百色市", (("451002", "右江区"),)),
    ("451200", "河池市", (("451221", "南丹县"), ("451229", "大化瑶族自治县"))),
    ("451300", "来宾市", (("451302", "兴宾区"),)),
    # 四川省
    (
        "510100",
        "成都市",
        (("510104", "锦江区"), ("510105", "青羊区"), ("510107", "武侯区"), ("510116", "双流区")),
    ),
    ("510700", "绵阳市", (("510703", "涪城区"),)),
    ("511100", "乐山市", (("511102", "市中区"),)),
    ("513400", "凉山彝族自治州", (("513401", "西昌市"), ("513432", "喜德县"))),
    # 河南省
    ("410100", "郑州市", (("410102", "中原区"), ("410105", "金水区"), ("410184", "新郑市"))),
    ("410300", "洛阳市", (("410302", "老城区"),)),
    ("411300", "南阳市", (("411302", "宛城区"),)),
    ("411400", "商丘市", (("411423", "宁陵县"),)),
    ("411500", "信阳市", (("411522", "光山县"),)),
    # 江西省
    ("360100", "南昌市", (("360102", "东湖区"), ("360111", "青山湖区"))),
    ("360400", "九江市", (("360428", "都昌县"),)),
    ("360700", "赣州市", (("360702", "章贡区"), ("360781", "瑞金市"))),
    ("360900", "宜春市", (("360902", "袁州区"),)),
    # 贵州省
    ("520100", "贵阳市", (("520102", "南明区"),)),
    ("522600", "黔东南苗族侗族自治州", (("522601", "凯里市"),)),
)

PREFECTURES: Mapping[str, str] = MappingProxyType(
    {pref: PROVINCE_FULL_NAMES[pref[:2]] + name for pref, name, _ in _DATA}
)
"""Prefecture code (xxyy00) -> full name, e.g. "430500" -> "湖南省邵阳市"."""

REGIONS: Mapping[str, str] = MappingProxyType(
    {code: PREFECTURES[pref] + county for pref, _, counties in _DATA for code, county in counties}
)
"""County code -> full name, e.g. "440305" -> "广东省深圳市南山区"."""


def region_name(code: str) -> str | None:
    """Full name of a county or prefecture code in this subset, else None."""
    return REGIONS.get(code) or PREFECTURES.get(code)


def counties_in_province(province_code: str) -> tuple[str, ...]:
    """County codes in this subset whose first two digits are ``province_code``."""
    return tuple(code for code in REGIONS if code[:2] == province_code)


def counties_in_prefecture(prefecture_code: str) -> tuple[str, ...]:
    """County codes in this subset whose first four digits match ``prefecture_code``."""
    return tuple(code for code in REGIONS if code[:4] == prefecture_code[:4])
