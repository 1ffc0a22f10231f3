"""National code tables (code -> Chinese label) and a tolerant lookup.

Sources and marks: domain.md §3 and §4. Tables are immutable (MappingProxyType).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

__all__ = [
    "ETHNICITY",
    "ETHNICITY_ALIASES",
    "GENDER",
    "GENDER_ALIASES",
    "HEALTH_STATUS",
    "ID_TYPE",
    "POLITICAL_STATUS",
    "POLITICAL_STATUS_SHORT",
    "PROVINCES",
    "PROVINCE_FULL_NAMES",
    "lookup",
]


def _frozen(pairs: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(pairs))


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# GB/T 2261.1-2003 人的性别代码
GENDER: Mapping[str, str] = _frozen(
    {"0": "未知的性别", "1": "男性", "2": "女性", "9": "未说明的性别"}
)
# Template labels (男 / 女) -> code.
GENDER_ALIASES: Mapping[str, str] = _frozen({"男": "1", "女": "2"})

# GB/T 3304-1991 民族, 01-56 plus 97 and 98 (99 is not part of the standard).
_ETHNIC_NAMES = _words(
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 "
    "布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 "
    "哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 "
    "水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 "
    "达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 "
    "锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 "
    "俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 "
    "塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 "
    "基诺族"
)
ETHNICITY: Mapping[str, str] = _frozen(
    {f"{i:02d}": name for i, name in enumerate(_ETHNIC_NAMES, start=1)}
    | {"97": "其他", "98": "外国血统中国籍人士"}
)
# Legacy names found in old data (domain.md §3.3): map on import.
ETHNICITY_ALIASES: Mapping[str, str] = _frozen({"崩龙族": "46", "毛难族": "36"})

# JY/T 1001 SFZJLX 身份证件类型 (one-character code)
ID_TYPE: Mapping[str, str] = _frozen(
    {
        "1": "居民身份证",
        "2": "军官证",
        "3": "士兵证",
        "4": "文职干部证",
        "5": "部队离退休证",
        "6": "香港特区护照/身份证明",
        "7": "澳门特区护照/身份证明",
        "8": "台湾居民来往大陆通行证",
        "9": "境外永久居住证",
        "A": "护照",
        "B": "户口簿",
        "Z": "其他",
    }
)

# GB/T 4762 政治面貌: full names, and the short names used on forms.
POLITICAL_STATUS: Mapping[str, str] = _frozen(
    {
        "01": "中国共产党党员",
        "02": "中国共产党预备党员",
        "03": "中国共产主义青年团团员",
        "04": "中国国民党革命委员会会员",
        "05": "中国民主同盟盟员",
        "06": "中国民主建国会会员",
        "07": "中国民主促进会会员",
        "08": "中国农工民主党党员",
        "09": "中国致公党党员",
        "10": "九三学社社员",
        "11": "台湾民主自治同盟盟员",
        "12": "无党派民主人士",
        "13": "群众",
    }
)
POLITICAL_STATUS_SHORT: Mapping[str, str] = _frozen(
    {
        "01": "中共党员",
        "02": "中共预备党员",
        "03": "共青团员",
        "04": "民革会员",
        "05": "民盟盟员",
        "06": "民建会员",
        "07": "民进会员",
        "08": "农工党党员",
        "09": "致公党党员",
        "10": "九三学社社员",
        "11": "台盟盟员",
        "12": "无党派民主人士",
        "13": "群众",
    }
)

# 健康状况, one-digit codes (the template labels), based on GB/T 4767.
HEALTH_STATUS: Mapping[str, str] = _frozen(
    {"1": "健康或良好", "2": "一般或较弱", "3": "有慢性病", "6": "残疾"}
)

# GB/T 2260 provinces (first two digits of a region code), short names.
PROVINCES: Mapping[str, str] = _frozen(
    {
        "11": "北京",
        "12": "天津",
        "13": "河北",
        "14": "山西",
        "15": "内蒙古",
        "21": "辽宁",
        "22": "吉林",
        "23": "黑龙江",
        "31": "上海",
        "32": "江苏",
        "33": "浙江",
        "34": "安徽",
        "35": "福建",
        "36": "江西",
        "37": "山东",
        "41": "河南",
        "42": "湖北",
        "43": "湖南",
        "44": "广东",
        "45": "广西",
        "46": "海南",
        "50": "重庆",
        "51": "四川",
        "52": "贵州",
        "53": "云南",
        "54": "西藏",
        "61": "陕西",
        "62": "甘肃",
        "63": "青海",
        "64": "宁夏",
        "65": "新疆",
        "71": "台湾",
        "81": "香港",
        "82": "澳门",
    }
)
_FULL_SUFFIX = {
    "11": "市",
    "12": "市",
    "31": "市",
    "50": "市",
    "15": "自治区",
    "45": "壮族自治区",
    "54": "自治区",
    "64": "回族自治区",
    "65": "维吾尔自治区",
    "81": "特别行政区",
    "82": "特别行政区",
}
# Official full names, e.g. 广东省, 广西壮族自治区, 北京市.
PROVINCE_FULL_NAMES: Mapping[str, str] = _frozen(
    {code: name + _FULL_SUFFIX.get(code, "省") for code, name in PROVINCES.items()}
)

# Extra labels accepted by lookup() for a given table (matched by identity), label -> code.
_ALIASES: tuple[tuple[Mapping[str, str], Mapping[str, str]], ...] = (
    (GENDER, GENDER_ALIASES),
    (ETHNICITY, ETHNICITY_ALIASES),
    (POLITICAL_STATUS, {label: code for code, label in POLITICAL_STATUS_SHORT.items()}),
    (PROVINCES, {label: code for code, label in PROVINCE_FULL_NAMES.items()}),
)


def _norm(value: str) -> str:
    # NFKC folds full-width letters, digits and brackets to half-width; drop all whitespace
    # and zero-width characters.
    text = unicodedata.normalize("NFKC", value)
    return "".join(c for c in text if not c.isspace() and c not in "\u200b\u200c\u200d\ufeff")


def lookup(table: Mapping[str, str], value: str) -> str | None:
    """Return the code in ``table`` for a code or label, or None when nothing matches.

    Accepts the code itself (upper-cased; numeric codes zero-padded to the table's code width,
    so "1" finds ethnicity "01"), the full label, the label without a trailing 族 (汉 -> 01),
    and the known aliases of the table (legacy ethnicity names, short political-status names,
    男/女, full province names). Whitespace and full-width forms are normalised first.
    """
    text = _norm(value)
    if not text:
        return None
    code = text.upper()
    if code in table:
        return code
    widths = {len(k) for k in table}
    if code.isdigit() and len(widths) == 1:
        padded = code.zfill(widths.pop())
        if padded in table:
            return padded
    for key, label in table.items():
        if text == label or (label.endswith("族") and text == label[:-1]):
            return key
    for aliased_table, aliases in _ALIASES:
        if aliased_table is table:
            if text in aliases:
                return aliases[text]
            if text + "族" in aliases:
                return aliases[text + "族"]
    return None
