"""Majors (专业) of the 2021 vocational catalogue used by the demo school.

UNVERIFIED DEMO VALUES: the 中职 6-digit codes of 《职业教育专业目录（2021年）》 have not been
checked against the 教育部 list (domain.md §5). 710201 计算机应用, 730301 会计事务 and
660301 机械制造技术 are the examples quoted in domain.md; the others are plausible codes in
the same scheme (2-digit 大类 + 2-digit 专业类 + 2-digit 专业). Replace them with the official
list before production use. In the 2021 catalogue the 中职 学前教育 major is named 幼儿保育.

Students enrolled before 2021 carry codes of the 2010 《中等职业学校专业目录》 (2-digit 专业类
01-19 + 2-digit 专业 + 00). ``MAJORS_2010`` is a small demo set of such codes, equally
UNVERIFIED (from memory of the 2010 catalogue: 09 信息技术类, 12 财经商贸类, …); the two
catalogues' code ranges do not overlap (2010: 01-19, 2021 中职: 61-79).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = [
    "ALL_MAJORS_BY_CODE",
    "CATALOGUE_VERSIONS",
    "MAJORS",
    "MAJORS_2010",
    "MAJORS_BY_CODE",
    "Major",
]


@dataclass(frozen=True, slots=True)
class Major:
    """A major with the catalogue version its code belongs to."""

    code: str
    name: str
    catalogue_version: str = "2021"
    program_length: int = 3  # years


MAJORS: tuple[Major, ...] = (
    Major("710201", "计算机应用"),
    Major("730301", "会计事务"),
    Major("660301", "机械制造技术"),
    Major("730701", "电子商务"),
    Major("700206", "汽车运用与维修"),
    Major("720201", "护理"),
    Major("740101", "旅游服务与管理"),
    Major("770101", "幼儿保育"),
)

MAJORS_BY_CODE: Mapping[str, Major] = MappingProxyType({m.code: m for m in MAJORS})

MAJORS_2010: tuple[Major, ...] = (
    Major("090100", "计算机应用", "2010"),
    Major("120100", "会计", "2010"),
    Major("121100", "电子商务", "2010"),
    Major("082500", "汽车运用与维修", "2010"),
    Major("100100", "护理", "2010"),
    Major("160100", "学前教育", "2010"),
)

CATALOGUE_VERSIONS: tuple[str, ...] = ("2021", "2010")

ALL_MAJORS_BY_CODE: Mapping[str, Major] = MappingProxyType(
    {m.code: m for m in (*MAJORS, *MAJORS_2010)}
)
"""Every demo major of both catalogues, by code (the code ranges do not overlap)."""
