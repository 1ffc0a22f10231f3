"""Pinyin search keys of a Chinese name: full pinyin and initials, for every reading of the surname.

A clerk types ``zs`` for 张三, ``zhangsan`` or ``zhang san`` for the same, and must find 单雄 under
``shan…`` (the surname reading), ``dan…`` (what most people read) and ``chan…`` alike. So:

- the surname (a compound one such as 欧阳 or 尉迟 first, from ``COMPOUND_SURNAMES``) gets every
  reading from the curated ``SURNAME_READINGS`` table plus pypinyin's heteronyms of the character;
- each given-name character gets its reading in context (pypinyin's phrase-aware default) plus its
  heteronyms, at most ``MAX_READINGS_PER_CHAR``; the combinations are cut at
  ``MAX_GIVEN_COMBINATIONS`` (default reading first) so a name of rare polyphones cannot explode;
- ü is written ``v`` (what pinyin input methods use) and also ``u``.

Keys are lower-case ASCII without tones or spaces. ``query_keys`` normalises what a user typed
the same way (NFKC, lower case, spaces and the middle dot · removed) so keys and queries meet.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from pypinyin import Style, lazy_pinyin, pinyin

__all__ = [
    "COMPOUND_SURNAMES",
    "MAX_GIVEN_COMBINATIONS",
    "MAX_READINGS_PER_CHAR",
    "SURNAME_READINGS",
    "NameKeys",
    "name_keys",
    "normalize_key",
    "pinyin_keys",
    "query_keys",
    "split_surname",
]

MAX_READINGS_PER_CHAR = 3
MAX_GIVEN_COMBINATIONS = 6
MAX_NAME_CHARS = 40  # longer input is not a name; only its first characters are keyed

# Surname readings: the surname reading first, then readings people commonly use instead.
SURNAME_READINGS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "单": ("shan", "dan", "chan"),
        "曾": ("zeng", "ceng"),
        "解": ("xie", "jie"),
        "仇": ("qiu", "chou"),
        "区": ("ou", "qu"),
        "朴": ("piao", "pu"),
        "查": ("zha", "cha"),
        "盖": ("ge", "gai"),
        "尉": ("wei", "yu"),
        "缪": ("miao", "mou", "miu"),
        "翟": ("zhai", "di"),
        "繁": ("po", "fan"),
        "覃": ("qin", "tan"),
        "召": ("shao", "zhao"),
        "秘": ("bi", "mi"),
        "种": ("chong", "zhong"),
        "员": ("yun", "yuan"),
        "乐": ("yue", "le"),
        "折": ("she", "zhe"),
        "长": ("chang", "zhang"),
        "句": ("gou", "ju"),
        "谌": ("chen", "shen"),
        "隗": ("wei", "kui"),
        "车": ("che", "ju"),
        "贲": ("ben", "bi"),
        "藏": ("zang", "cang"),
        "洗": ("xian", "xi"),
        "郇": ("huan", "xun"),
        "柏": ("bai", "bo"),
        "宿": ("su", "xiu"),
        "牟": ("mou", "mu"),
        "能": ("nai", "neng"),
        "乜": ("nie", "mie"),
        "粘": ("nian", "zhan"),
        "黑": ("he", "hei"),
        "华": ("hua",),
        "燕": ("yan",),
        "阚": ("kan",),
        "任": ("ren",),
        "沈": ("shen",),
        "蕃": ("pi", "fan"),
        "过": ("guo",),
        "都": ("du", "dou"),
        "曲": ("qu",),
        "重": ("chong", "zhong"),
        "吕": ("lv", "lu"),
    }
)

# Compound surnames (复姓) with their readings; only taken as a surname in names of 3+ characters.
COMPOUND_SURNAMES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "尉迟": ("yuchi", "weichi"),
        "单于": ("chanyu", "shanyu", "danyu"),
        "万俟": ("moqi", "wanqi"),
        "长孙": ("zhangsun", "changsun"),
        "澹台": ("tantai", "dantai"),
        "欧阳": ("ouyang",),
        "司马": ("sima",),
        "上官": ("shangguan",),
        "诸葛": ("zhuge",),
        "东方": ("dongfang",),
        "皇甫": ("huangfu",),
        "令狐": ("linghu",),
        "夏侯": ("xiahou",),
        "公孙": ("gongsun",),
        "慕容": ("murong",),
        "宇文": ("yuwen",),
        "司徒": ("situ",),
        "轩辕": ("xuanyuan",),
        "端木": ("duanmu",),
        "呼延": ("huyan",),
        "南宫": ("nangong",),
        "独孤": ("dugu",),
        "闻人": ("wenren",),
        "西门": ("ximen",),
        "百里": ("baili",),
        "钟离": ("zhongli",),
        "太史": ("taishi",),
        "申屠": ("shentu",),
        "濮阳": ("puyang",),
        "公冶": ("gongye",),
        "赫连": ("helian",),
        "拓跋": ("tuoba",),
        "第五": ("diwu",),
        "司空": ("sikong",),
        "左丘": ("zuoqiu",),
        "淳于": ("chunyu",),
    }
)

# Separators dropped from names and queries: whitespace and the middle dots of transliterated
# names (· and its look-alikes), the apostrophe of "xi'an"-style pinyin.
_DROPPED = frozenset(" \t\r\n\u3000·•・‧'’")


@dataclass(frozen=True, slots=True)
class NameKeys:
    full: frozenset[str]  # e.g. {"shanxiong", "danxiong", "chanxiong"}
    initials: frozenset[str]  # e.g. {"sx", "dx", "cx"}


def normalize_key(text: str) -> str:
    """NFKC (full width to half width), lower case, separators removed."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(c for c in folded if c not in _DROPPED and c.isprintable())


def query_keys(text: object) -> tuple[str, ...]:
    """The keys to look up for what a user typed: the normalised text, and its ü→v spelling.

    Anything that is not a string (or normalises to nothing) gives no key.
    """
    if not isinstance(text, str):
        return ()
    key = normalize_key(text[:200])
    if not key:
        return ()
    keys = [key]
    if "ü" in key:
        keys.append(key.replace("ü", "v"))
    return tuple(keys)


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\U00020000" <= ch <= "\U0003134f" or ch == "〇"


def _spellings(syllable: str) -> list[str]:
    syllable = syllable.replace("ü", "v")
    return [syllable, syllable.replace("v", "u")] if "v" in syllable else [syllable]


@lru_cache(maxsize=8192)
def _heteronyms(ch: str) -> tuple[str, ...]:
    readings = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore", v_to_u=False)
    out: list[str] = []
    for r in readings[0] if readings else ():
        for s in _spellings(r):
            if s.isascii() and s.isalpha() and s not in out:
                out.append(s)
    return tuple(out)


def _char_readings(ch: str, default: str | None, limit: int) -> list[str]:
    if not _is_han(ch):
        return [ch] if ch.isascii() and ch.isalnum() else []
    out: list[str] = []
    for r in ([*_spellings(default)] if default else []) + list(_heteronyms(ch)):
        if r not in out:
            out.append(r)
    return out[:limit]


def split_surname(name: str) -> tuple[str, str]:
    """(surname, given name) of a normalised name; a compound surname only in 3+ characters."""
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


def _surname_readings(surname: str, default: str | None) -> list[str]:
    if surname in COMPOUND_SURNAMES:
        return list(COMPOUND_SURNAMES[surname])
    # Curated readings first (all of them), then pypinyin's; a surname outside the table is
    # bounded like a given-name character.
    limit = 8 if surname in SURNAME_READINGS else MAX_READINGS_PER_CHAR
    out = list(SURNAME_READINGS.get(surname, ()))
    for r in _char_readings(surname, default, limit):
        if r not in out:
            out.append(r)
    return out


def _context_readings(text: str) -> list[str | None]:
    """pypinyin's phrase-aware reading of each character (None where it gives none)."""
    han = "".join(c for c in text if _is_han(c))
    readings = lazy_pinyin(han, style=Style.NORMAL, errors="ignore", v_to_u=False)
    it = iter(readings if len(readings) == len(han) else [None] * len(han))
    return [next(it) if _is_han(c) else None for c in text]


def pinyin_keys(name: object) -> NameKeys:
    """Full-pinyin and initials keys of a name (empty for a non-string or an empty name)."""
    if not isinstance(name, str):
        return NameKeys(frozenset(), frozenset())
    return _pinyin_keys(normalize_key(name)[:MAX_NAME_CHARS])


# Names repeat (a class imported twice, common given names): the keys are pure, so remember them.
@lru_cache(maxsize=16384)
def _pinyin_keys(text: str) -> NameKeys:
    if not text:
        return NameKeys(frozenset(), frozenset())
    surname, given = split_surname(text)
    context = _context_readings(text)
    surname_default, context = context[0] if len(surname) == 1 else None, context[len(surname) :]
    per_char = [
        opts
        for ch, default in zip(given, context, strict=True)
        if (opts := _char_readings(ch, default, MAX_READINGS_PER_CHAR))
    ]
    combos = list(itertools.islice(itertools.product(*per_char), MAX_GIVEN_COMBINATIONS))
    first = _surname_readings(surname, surname_default) or [""]
    full: set[str] = set()
    initials: set[str] = set()
    for s in first:
        for combo in combos:
            full.add(s + "".join(combo))
            # A compound surname gives two initials (欧阳 -> oy); its readings are ASCII.
            head = _compound_initials(surname, s) if surname in COMPOUND_SURNAMES else s[:1]
            initials.add(head + "".join(c[:1] for c in combo))
    full.discard("")
    initials.discard("")
    return NameKeys(frozenset(full), frozenset(initials))


def _compound_initials(surname: str, reading: str) -> str:
    parts = [_char_readings(c, None, 8) for c in surname]
    # Find the split of ``reading`` into a reading of each character; fall back to its first letter.
    for left in parts[0] if parts else ():
        rest = reading[len(left) :]
        if reading.startswith(left) and rest:
            return left[:1] + rest[:1]
    return reading[:1]


def name_keys(name: object) -> set[str]:
    """Every pinyin key of a name: full readings and initials, lower case, no spaces or tones."""
    keys = pinyin_keys(name)
    return set(keys.full | keys.initials)
