"""Pinyin search keys: every reading of polyphonic surnames, initials, bounds, garbage."""

from __future__ import annotations

import pytest

from xueji_desktop.core.name_keys import (
    MAX_GIVEN_COMBINATIONS,
    name_keys,
    normalize_key,
    pinyin_keys,
    query_keys,
    split_surname,
)


@pytest.mark.parametrize(
    ("name", "must_have"),
    [
        ("张三", {"zhangsan", "zs"}),
        ("单雄", {"shanxiong", "danxiong", "sx", "dx"}),
        ("曾小贤", {"zengxiaoxian", "cengxiaoxian", "zxx", "cxx"}),
        ("解缙", {"xiejin", "jiejin", "xj", "jj"}),
        ("仇英", {"qiuying", "chouying", "qy", "cy"}),
        ("区永", {"ouyong", "quyong", "oy", "qy"}),
        ("朴正", {"piaozheng", "puzheng", "pz"}),
        ("查良镛", {"zhaliangyong", "chaliangyong", "zly", "cly"}),
        ("盖聂", {"genie", "gainie", "gn"}),
        ("尉迟恭", {"yuchigong", "weichigong", "ycg", "wcg"}),
        ("单于宏", {"chanyuhong", "shanyuhong", "danyuhong", "cyh"}),
        ("欧阳修", {"ouyangxiu", "oyx"}),
        ("吕布", {"lvbu", "lubu", "lb"}),
        ("阿依古丽·买买提", {"ayigulimaimaiti", "ayglmmt"}),
    ],
)
def test_every_reading_is_a_key(name: str, must_have: set[str]) -> None:
    keys = name_keys(name)
    assert must_have <= keys, must_have - keys


def test_full_and_initials_are_separated() -> None:
    keys = pinyin_keys("张三")
    assert "zhangsan" in keys.full and "zs" not in keys.full
    assert "zs" in keys.initials and "zhangsan" not in keys.initials


def test_keys_are_plain_lower_ascii() -> None:
    for name in ("曾国藩", "吕布", "Ｔｏｍ李", "尉迟恭", "女娲"):
        for key in name_keys(name):
            assert key.isascii() and key == key.lower() and " " not in key, key


def test_combinations_are_bounded() -> None:
    # Every character polyphonic: without a bound this would give hundreds of readings.
    keys = pinyin_keys("单乐长行重都")
    assert len(keys.full) <= 3 * MAX_GIVEN_COMBINATIONS
    assert any(k.startswith("shan") for k in keys.full)
    assert any(k.startswith("dan") for k in keys.full)


def test_compound_surname_only_in_longer_names() -> None:
    assert split_surname("欧阳修") == ("欧阳", "修")
    assert split_surname("欧阳") == ("欧", "阳")
    assert split_surname("张三") == ("张", "三")


@pytest.mark.parametrize("garbage", [None, 42, b"\xe5\xbc\xa0", [], "", "   ", "···", "\x00\x01"])
def test_garbage_gives_no_keys(garbage: object) -> None:
    assert name_keys(garbage) == set()
    assert query_keys(garbage) == ()


def test_huge_input_is_bounded() -> None:
    keys = name_keys("张" * 100_000)
    assert keys and all(len(k) <= 40 * 6 for k in keys)
    assert len(query_keys("张" * 100_000)[0]) <= 200


def test_query_normalisation() -> None:
    assert query_keys(" Zhang San ") == ("zhangsan",)
    assert query_keys("ＺＳ") == ("zs",)  # full width
    assert query_keys("阿依古丽 · 买买提") == ("阿依古丽买买提",)
    assert query_keys("43050220100315123x") == ("43050220100315123x",)
    assert query_keys("lü") == ("lü", "lv")
    assert normalize_key("Xi'an") == "xian"
