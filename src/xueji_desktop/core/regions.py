"""GB/T 2260 region codes (行政区划代码) with their history, and the demo subset.

The full table is generated data: ``resources/codes/gb2260.json``, written by
``tools/gen_regions.py`` from python-stdnum's ``stdnum/cn/loc.dat`` (the union of all revisions
since 1980). Each code has one or more periods ``(name, first_year, last_year)``; ``None`` means
open (valid before the data starts, or still in use). An ID number keeps the code its holder was
registered under, so the ID rules accept historical codes; drop-downs offer current codes only
(domain.md §4). The table is read on first use.

``PREFECTURES``/``REGIONS``/``counties_in_*`` are the demo school's curated subset (66 current
counties in 7 provinces, every county of 湖南省邵阳市), used by the demo data generator.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from xueji_desktop.core.codes import PROVINCE_FULL_NAMES
from xueji_desktop.resources import resource_path

__all__ = [
    "PREFECTURES",
    "REGIONS",
    "RegionPeriod",
    "counties_in_prefecture",
    "counties_in_province",
    "current_regions",
    "is_current_region",
    "is_known_region",
    "region_ended_before",
    "region_last_years",
    "region_name",
    "region_periods",
    "region_valid_in",
    "regions_version",
]


@dataclass(frozen=True, slots=True)
class RegionPeriod:
    name: str
    first_year: int | None  # None: from before the data starts
    last_year: int | None  # None: still in use

    def covers(self, year: int) -> bool:
        return (self.first_year is None or self.first_year <= year) and (
            self.last_year is None or year <= self.last_year
        )


@dataclass(frozen=True, slots=True)
class _Table:
    version: str
    periods: Mapping[str, tuple[RegionPeriod, ...]]
    last_year: Mapping[str, int | None]  # code -> year it was last in use (None: still in use)


@functools.cache
def _table() -> _Table:
    data = json.loads(resource_path("codes", "gb2260.json").read_text("utf-8"))
    periods: dict[str, tuple[RegionPeriod, ...]] = {}
    last: dict[str, int | None] = {}
    for code, raw in data["regions"].items():
        ps = tuple(RegionPeriod(str(n), a, b) for n, a, b in raw)
        periods[code] = ps
        ends = [p.last_year for p in ps]
        last[code] = None if None in ends else max(e for e in ends if e is not None)
    return _Table(str(data["version"]), MappingProxyType(periods), MappingProxyType(last))


def regions_version() -> str:
    """The revision of the region table, stored beside a picked code."""
    return _table().version


def region_periods(code: str) -> tuple[RegionPeriod, ...]:
    return _table().periods.get(code, ())


def region_last_years() -> Mapping[str, int | None]:
    """Every code of any revision -> the last year it was in use (None: still in use)."""
    return _table().last_year


def is_known_region(code: str) -> bool:
    """True when ``code`` appears in any revision of GB/T 2260."""
    return code in _table().periods


def is_current_region(code: str) -> bool:
    return _table().last_year.get(code, 0) is None  # 0: unknown code


def region_valid_in(code: str, year: int) -> bool:
    """True when ``code`` was in use in ``year`` (strict: neither later nor abolished)."""
    return any(p.covers(year) for p in region_periods(code))


def region_ended_before(code: str, year: int) -> bool:
    """True when a known ``code`` went out of use before ``year`` (e.g. 110104 for 2015)."""
    last = _table().last_year.get(code)  # None: unknown or still in use
    return last is not None and last < year


# Prefecture-level entries that are placeholders, left out of full names.
_PLACEHOLDER_SUFFIXES = ("市辖区", "直辖县级行政区划", "直辖县级行政单位", "直辖行政单位")


def _name_in(code: str, year: int | None) -> str | None:
    periods = region_periods(code)
    if not periods:
        return None
    if year is None:
        current = [p for p in periods if p.last_year is None]
        return (current or list(periods))[-1].name
    for p in periods:
        if p.covers(year):
            return p.name
    later = [p for p in periods if p.first_year is not None and p.first_year > year]
    return (later or list(periods))[0 if later else -1].name


def region_name(code: str, year: int | None = None) -> str | None:
    """Full name (province + prefecture + county) of ``code``, else None when unknown.

    With ``year`` the names in use that year; for a code not in use that year, the name it got
    next (late registration) or its last name (abolished).
    """
    own = _name_in(code, year)
    if own is None or len(code) != 6:
        return None
    province = PROVINCE_FULL_NAMES.get(code[:2]) or _name_in(code[:2] + "0000", year) or ""
    if code[2:] == "0000":
        return province
    parts = [province]
    if code[4:] != "00":
        prefecture = _name_in(code[:4] + "00", year)
        if prefecture and prefecture != "县" and not prefecture.endswith(_PLACEHOLDER_SUFFIXES):
            parts.append(prefecture)
    parts.append(own)
    return "".join(parts)


def current_regions(prefix: str = "") -> list[tuple[str, str]]:
    """Current county-level codes starting with ``prefix`` and their full names (drop-downs)."""
    t = _table()
    return [
        (code, region_name(code) or code)
        for code, last in t.last_year.items()
        if last is None
        and code.startswith(prefix)
        and code[4:] != "00"
        and _name_in(code, None) not in ("市辖区", "县")
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
"""Prefecture code (xxyy00) -> full name, e.g. "430500" -> "湖南省邵阳市" (demo subset)."""

REGIONS: Mapping[str, str] = MappingProxyType(
    {code: PREFECTURES[pref] + county for pref, _, counties in _DATA for code, county in counties}
)
"""County code -> full name, e.g. "440305" -> "广东省深圳市南山区" (demo subset)."""


def counties_in_province(province_code: str) -> tuple[str, ...]:
    """County codes in the demo subset whose first two digits are ``province_code``."""
    return tuple(code for code in REGIONS if code[:2] == province_code)


def counties_in_prefecture(prefecture_code: str) -> tuple[str, ...]:
    """County codes in the demo subset whose first four digits match ``prefecture_code``."""
    return tuple(code for code in REGIONS if code[:4] == prefecture_code[:4])
