"""Word lists for the demo data generator (names, address parts, phone prefixes).

Given-name characters avoid common polyphonic characters so that the default pinyin reading is
the name reading. Nothing here names a real person; generated names are random combinations.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = [
    "COMMUNITY_PARTS",
    "FAMOUS_NAMES",
    "FEMALE_GIVEN_CHARS",
    "MALE_GIVEN_CHARS",
    "MOBILE_PREFIXES",
    "ROADS",
    "SURNAMES",
    "SURNAME_PINYIN",
    "SURNAME_WEIGHTS",
    "TOWN_PARTS",
    "VILLAGE_PARTS",
]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Common surnames with rough relative frequencies (per mille of the population).
_SURNAME_TABLE = (
    ("王", 71),
    ("李", 70),
    ("张", 67),
    ("刘", 54),
    ("陈", 45),
    ("杨", 31),
    ("黄", 22),
    ("赵", 20),
    ("吴", 18),
    ("周", 17),
    ("徐", 13),
    ("孙", 12),
    ("马", 11),
    ("朱", 11),
    ("胡", 10),
    ("郭", 10),
    ("何", 9),
    ("高", 9),
    ("林", 9),
    ("罗", 8),
    ("郑", 7),
    ("梁", 7),
    ("谢", 6),
    ("宋", 6),
    ("唐", 6),
    ("许", 5),
    ("韩", 5),
    ("冯", 5),
    ("邓", 5),
    ("曹", 5),
    ("彭", 5),
    ("曾", 4),
    ("肖", 4),
    ("田", 4),
    ("董", 4),
    ("袁", 4),
    ("潘", 3),
    ("蒋", 3),
    ("蔡", 3),
    ("余", 3),
    ("杜", 3),
    ("叶", 3),
    ("程", 3),
    ("苏", 3),
    ("魏", 3),
    ("吕", 3),
    ("丁", 3),
    ("任", 3),
    ("沈", 3),
    ("姚", 2),
    ("卢", 2),
    ("姜", 2),
    ("崔", 2),
    ("钟", 2),
    ("谭", 2),
    ("陆", 2),
    ("汪", 2),
    ("范", 2),
    ("金", 2),
    ("石", 2),
    ("廖", 2),
    ("贾", 2),
    ("夏", 2),
    ("韦", 2),
    ("付", 2),
    ("方", 2),
    ("白", 2),
    ("邹", 2),
    ("孟", 2),
    ("熊", 2),
    ("秦", 2),
    ("邱", 2),
    ("江", 2),
    ("尹", 2),
    ("段", 2),
    ("雷", 2),
    ("侯", 2),
    ("龙", 2),
    ("陶", 1),
    ("贺", 1),
    ("毛", 1),
    ("龚", 1),
    ("邵", 1),
    ("万", 1),
    ("覃", 1),
    ("戴", 1),
    ("莫", 1),
    ("向", 1),
    ("欧阳", 1),
)
SURNAMES: tuple[str, ...] = tuple(s for s, _ in _SURNAME_TABLE)
SURNAME_WEIGHTS: tuple[int, ...] = tuple(w for _, w in _SURNAME_TABLE)

# Surnames whose surname reading differs from the default pinyin reading.
SURNAME_PINYIN: Mapping[str, str] = MappingProxyType({"曾": "zeng", "覃": "qin", "欧阳": "ouyang"})

MALE_GIVEN_CHARS: tuple[str, ...] = tuple(
    "浩宇轩子涵博文俊杰明阳晨睿泽辰昊然鑫磊鹏伟强军涛斌超航凯哲瑞宁彬飞翔锐嘉豪思天佳志成"
    "宏林峰波亮毅康健诚逸铭洋帆安政宸振坤"
)
FEMALE_GIVEN_CHARS: tuple[str, ...] = tuple(
    "欣怡梓涵诗雨思佳琪婷悦雅静晓丽萱颖蕾琳菲娜倩瑶妍蓉慧敏芳洁雪月馨彤嘉可心语宁玥钰"
    "紫萌璐依梦媛佩莹晴兰"
)

# Combinations skipped because they are the names of well-known people.
FAMOUS_NAMES: frozenset[str] = frozenset(
    {"李娜", "王菲", "刘翔", "张杰", "刘洋", "李宁", "杨洋", "王宁", "张静", "李静", "孙杨"}
)

# Address parts.
TOWN_PARTS: tuple[str, ...] = _words(
    "城关 石桥 白沙 桥头 黄土 大坪 龙山 清水 高坪 马鞍 "
    "岩口 金屋 塘田 新田 花桥 枫林 水口 沙坪 双江 太平"
)
VILLAGE_PARTS: tuple[str, ...] = _words(
    "杨家 李家 石门 大塘 青山 桃花 柳林 新民 红星 和平 "
    "向阳 梅子 枫树 田心 竹山 荷叶 茶园 兴隆 富民 联合"
)
ROADS: tuple[str, ...] = _words(
    "人民路 建设路 解放路 中山路 新华路 文化路 青年路 "
    "和平路 东风路 五一路 学府路 迎宾路 滨江路 健康路 "
    "光明路 红旗路"
)
COMMUNITY_PARTS: tuple[str, ...] = _words(
    "阳光 金色 幸福 锦绣 翠湖 江景 东方 书香 紫荆 南苑 华府 枫丹"
)

# Plausible mainland mobile number prefixes.
MOBILE_PREFIXES: tuple[str, ...] = _words(
    "130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 "
    "158 159 166 173 175 176 177 180 181 182 183 185 186 187 188 189 191 "
    "193 198 199"
)
