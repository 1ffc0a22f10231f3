"""GB/T 2260 with history (core/regions.py) and its generator (tools/gen_regions.py)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from xueji_desktop.core import regions
from xueji_desktop.resources import resource_path

REPO = Path(__file__).resolve().parents[2]


def _gen_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gen_regions", REPO / "tools" / "gen_regions.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_parse_periods() -> None:
    gen = _gen_module()
    assert gen.parse_periods("朝阳区") == [("朝阳区", None, None)]
    assert gen.parse_periods("[-2010]宣武区") == [("宣武区", None, 2010)]
    assert gen.parse_periods("[1986-]房山区") == [("房山区", 1986, None)]
    assert gen.parse_periods("[1983-1994]东矿区,[1995-]古冶区") == [
        ("东矿区", 1983, 1994),
        ("古冶区", 1995, None),
    ]
    text = '11 province="北京市"\n  0104 county="[-2010]宣武区"\n  0105 county="朝阳区"\n'
    assert gen.parse(text) == {
        "110104": [("宣武区", None, 2010)],
        "110105": [("朝阳区", None, None)],
    }
    with pytest.raises(ValueError):
        gen.parse("garbage line")


def test_generated_file_matches_the_installed_loc_dat() -> None:
    gen = _gen_module()
    expected = gen.parse(gen.default_source().read_text("utf-8"))
    data = json.loads(resource_path("codes", "gb2260.json").read_text("utf-8"))
    assert data["standard"] and data["version"] and data["source"]
    stored = {code: [tuple(p) for p in ps] for code, ps in data["regions"].items()}
    assert stored == {code: list(ps) for code, ps in expected.items()}


@pytest.mark.parametrize(
    ("code", "year", "valid"),
    [
        ("110104", 1990, True),
        ("110104", 2010, True),
        ("110104", 2011, False),
        ("110111", 1985, False),  # 房山区 [1986-]
        ("110111", 1986, True),
        ("110105", 1980, True),
        ("999999", 2000, False),
    ],
)
def test_region_valid_in(code: str, year: int, valid: bool) -> None:
    assert regions.region_valid_in(code, year) is valid


def test_history_helpers() -> None:
    assert regions.is_known_region("110104")
    assert not regions.is_known_region("110199")
    assert regions.region_ended_before("110104", 2011)
    assert not regions.region_ended_before("110104", 2010)
    assert not regions.region_ended_before("110111", 1970)  # began later: not "ended"
    assert not regions.region_ended_before("999999", 2020)
    assert not regions.is_current_region("110104")
    assert regions.is_current_region("110105")
    assert regions.region_name("110104") == "北京市宣武区"
    assert regions.region_name("120110", 1985) == "天津市东郊区"
    assert regions.region_name("120110", 2000) == "天津市东丽区"
    assert regions.region_name("120110") == "天津市东丽区"
    assert regions.region_name("441900") == "广东省东莞市"
    assert regions.region_name("430000") == "湖南省"
    assert regions.region_name("12345") is None
    assert regions.regions_version().startswith("stdnum-")


def test_current_listing_for_drop_downs() -> None:
    current = dict(regions.current_regions())
    assert 2700 < len(current) < 3000
    assert "110104" not in current and "110105" in current
    assert all(code[4:] != "00" for code in current)
    assert "市辖区" not in "".join(current.values())
    shaoyang = dict(regions.current_regions("4305"))
    assert shaoyang["430502"] == "湖南省邵阳市双清区"


def test_demo_subset_is_current_and_agrees_with_the_full_table() -> None:
    for code, name in regions.REGIONS.items():
        assert regions.is_current_region(code), code
        assert regions.region_name(code) == name
    for code, name in regions.PREFECTURES.items():
        assert regions.region_name(code) == name
