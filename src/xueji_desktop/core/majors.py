"""Majors (专业) of the 2021 vocational catalogue used by the demo school.

UNVERIFIED DEMO VALUES: the 中职 6-digit codes of 《职业教育专业目录（2021年）》 have not been
checked against the 教育部 list (domain.md §5). 710201 计算机应用, 730301 会计事务 and
660301 机械制造技术 are the examples quoted in domain.md; the others are plausible codes in
the same scheme (2-digit 大类 + 2-digit 专业类 + 2-digit 专业). Replace them with the official
list before production use. In the 2021 catalogue the 中职 学前教育 major is named 幼儿保育.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = ["MAJORS", "MAJORS_BY_CODE", "Major"]


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
