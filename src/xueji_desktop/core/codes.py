"""National code tables (code -> label) loaded from versioned data, and a tolerant lookup.

The data lives in ``resources/codes/*.json`` (one file per standard; each table states its source
standard and version; see domain.md §3). It is read once, at import. Records store codes; the
template, the forms and exports show labels (``label_of``).

Label-only sets: several columns of the national 中职 template (学习形式, 户口性质, 学生居住地类型,
学制, 分段培养方式, 学生来源, 招生对象, 招生方式, 联招合作类型, 专业目录版本, 毕业鉴定, family 关系)
have no official numeric codes (domain.md §3.12). For them the stored code IS the canonical label
(``"三年制"``), and aliases (``"3年"``) are folded onto it.

App-defined codes: 港澳台侨外 ``00`` 非港澳台侨 (a template label without a JY/T 1001 code) and
国籍/地区 ``999`` 其他. The nationality table is a subset of GB/T 2659.

``code_of`` accepts a code or any label after folding (NFKC, spaces and zero-width characters
removed, upper case), numeric codes whose leading zeros Excel dropped, a label without its
trailing 族 (汉 -> 01), the short and legacy names, and the per-table aliases of the data files.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from xueji_desktop.core.normalize import fold_upper
from xueji_desktop.resources import resource_path

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
    "CodeTable",
    "choices",
    "code_of",
    "get_table",
    "is_label_only",
    "label_of",
    "lookup",
    "table_names",
    "table_version",
]

DATA_FILES = (
    "gb_t_2261.json",
    "gb_t_2659.json",
    "gb_t_3304.json",
    "gb_t_4762.json",
    "health_status.json",
    "jy_t_1001.json",
    "template_labels.json",
)


@dataclass(frozen=True, slots=True)
class CodeTable:
    """One code table. ``labels``: code -> official label; ``display``: code -> the label shown
    and exported (the template's wording where it differs, e.g. 男 for 男性)."""

    name: str
    title: str
    standard: str
    version: str
    source: str
    label_only: bool
    labels: Mapping[str, str]
    display: Mapping[str, str]
    offered: tuple[str, ...]  # codes offered in drop-downs (legacy entries left out)
    short: Mapping[str, str]  # code -> short form used on forms (GB/T 4762), else the label
    index: Mapping[str, str]  # folded code/label/alias -> code
    width: int  # width of all-digit codes of one width (for lost leading zeros), else 0


def _build(raw: Mapping[str, Any]) -> CodeTable:
    entries: list[Mapping[str, Any]] = raw["entries"]
    labels = {str(e["code"]): str(e["label"]) for e in entries}
    display = {str(e["code"]): str(e.get("template") or e["label"]) for e in entries}
    index: dict[str, str] = {}

    def add(key: str, code: str) -> None:
        index.setdefault(fold_upper(key), code)  # first wins: codes, then labels, then aliases

    for e in entries:
        add(e["code"], e["code"])
    for e in entries:
        add(e["label"], e["code"])
        if e["label"].endswith("族") and len(e["label"]) > 1:
            add(e["label"][:-1], e["code"])
    for e in entries:
        for key in (e.get("short"), e.get("abbr"), *e.get("aliases", ()), e.get("template")):
            if key:
                add(key, e["code"])
                if key.endswith("族") and len(key) > 1:
                    add(key[:-1], e["code"])
    widths = {len(c) for c in labels}
    width = widths.pop() if len(widths) == 1 and all(c.isdigit() for c in labels) else 0
    return CodeTable(
        name=raw["table"],
        title=raw["title"],
        standard=raw["standard"],
        version=raw["version"],
        source=raw["source"],
        label_only=bool(raw.get("label_only", False)),
        labels=MappingProxyType(labels),
        display=MappingProxyType(display),
        offered=tuple(str(e["code"]) for e in entries if not e.get("legacy")),
        short=MappingProxyType(
            {str(e["code"]): str(e.get("short") or e["label"]) for e in entries}
        ),
        index=MappingProxyType(index),
        width=width,
    )


def _load() -> dict[str, CodeTable]:
    tables: dict[str, CodeTable] = {}
    for name in DATA_FILES:
        data = json.loads(resource_path("codes", name).read_text("utf-8"))
        for raw in data["tables"]:
            table = _build(raw)
            if table.name in tables:
                raise ValueError(f"code table {table.name} defined twice")
            tables[table.name] = table
    return tables


_TABLES: Mapping[str, CodeTable] = MappingProxyType(_load())


def table_names() -> tuple[str, ...]:
    return tuple(_TABLES)


def get_table(table: str) -> CodeTable:
    """The table called ``table``; KeyError for an unknown name (a programming error)."""
    return _TABLES[table]


def table_version(table: str) -> str:
    return _TABLES[table].version


def is_label_only(table: str) -> bool:
    return _TABLES[table].label_only


def choices(table: str) -> list[tuple[str, str]]:
    """(code, label) pairs for a drop-down, in the table's order, legacy entries left out."""
    t = _TABLES[table]
    return [(code, t.display[code]) for code in t.offered]


def label_of(table: str, code: str) -> str:
    """The label to show or export for a stored code; the code itself when unknown."""
    return _TABLES[table].display.get(code, code)


def code_of(table: str, value: str) -> str | None:
    """The stored code for a code or label (tolerant, see the module docstring), else None."""
    t = _TABLES[table]
    hit = t.index.get(value)
    if hit is not None:
        return hit
    key = fold_upper(value)
    if not key:
        return None
    hit = t.index.get(key)
    if hit is None and t.width and key.isdigit() and len(key) < t.width:
        hit = t.index.get(key.zfill(t.width))
    if hit is None and key.endswith("族") and len(key) > 1:
        hit = t.index.get(key[:-1])
    return hit


# 学生类别 codes whose template label is shared: 调整后中职学生 is 331, 33110 (全日制) and 33120
# (非全日制); 成人中专学生 is 333, 33310 and 33320. A sheet holds the label and the 学习形式.
_STUDY_MODE_SUFFIX: Mapping[str, str] = MappingProxyType({"全日制": "10", "非全日制": "20"})


def finer_category(category: object, study_mode: object) -> object:
    """The 学生类别 a label and a 学习形式 name together: "调整后中职学生" + 全日制 -> 33110, so
    a record exported as labels comes back with the code it had. Anything else is returned as
    given (validation judges it)."""
    if not isinstance(category, str) or not isinstance(study_mode, str):
        return category
    code = code_of("student_category", category)
    mode = code_of("study_mode", study_mode)
    suffix = _STUDY_MODE_SUFFIX.get(mode or "")
    if code is None or suffix is None or fold_upper(category) == code:
        return category  # a code typed as a code is taken as it is
    finer = code + suffix
    return finer if finer in _TABLES["student_category"].labels else category


# --- Module constants kept for existing callers (demo data, services, tests) -----------------

GENDER: Mapping[str, str] = _TABLES["gender"].labels
# Template labels (男 / 女) -> code.
GENDER_ALIASES: Mapping[str, str] = MappingProxyType({"男": "1", "女": "2"})
ETHNICITY: Mapping[str, str] = _TABLES["ethnicity"].labels
# Legacy names found in old data (domain.md §3.3): mapped on import.
ETHNICITY_ALIASES: Mapping[str, str] = MappingProxyType({"崩龙族": "46", "毛难族": "36"})
ID_TYPE: Mapping[str, str] = _TABLES["id_type"].labels
POLITICAL_STATUS: Mapping[str, str] = _TABLES["political_status"].labels
POLITICAL_STATUS_SHORT: Mapping[str, str] = _TABLES["political_status"].short
HEALTH_STATUS: Mapping[str, str] = _TABLES["health_status"].labels

# GB/T 2260 provinces (first two digits of a region code), short names.
PROVINCES: Mapping[str, str] = MappingProxyType(
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
PROVINCE_FULL_NAMES: Mapping[str, str] = MappingProxyType(
    {code: name + _FULL_SUFFIX.get(code, "省") for code, name in PROVINCES.items()}
)
_PROVINCE_INDEX: Mapping[str, str] = MappingProxyType(
    {fold_upper(k): k for k in PROVINCES}
    | {fold_upper(v): k for k, v in PROVINCES.items()}
    | {fold_upper(v): k for k, v in PROVINCE_FULL_NAMES.items()}
)
_BY_IDENTITY: dict[int, str] = {id(t.labels): t.name for t in _TABLES.values()}


def lookup(table: Mapping[str, str], value: str) -> str | None:
    """Older form of ``code_of`` taking the table mapping itself (GENDER, ETHNICITY, …).

    PROVINCES accepts short and full province names. Any other mapping is matched on its codes
    and labels after folding.
    """
    name = _BY_IDENTITY.get(id(table))
    if name is not None:
        return code_of(name, value)
    key = fold_upper(value)
    if not key:
        return None
    if table is PROVINCES:
        return _PROVINCE_INDEX.get(key)
    for code, label in table.items():
        if key in (fold_upper(code), fold_upper(label)):
            return code
    return None
