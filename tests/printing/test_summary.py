"""A summary line breaks between its items, never inside one."""

from __future__ import annotations

from tests.printing.conftest import LETTERHEAD, make_template, page_texts, transcript
from xueji_desktop.printing.render import render_pdf

ITEMS = [
    {"label": "总学分", "field": "a"},
    {"label": "已获学分", "field": "b"},
    {"label": "平均成绩", "field": "c"},
    {"label": "毕业证书编号", "field": "d"},
]


def test_items_stay_whole_when_the_line_breaks() -> None:
    # At 13 pt the labels of all four fit one line but the last number does not.
    template = make_template(blocks=[{"type": "summary", "size": 13, "items": ITEMS}])
    doc = transcript(a="120", b="118", c="86.5", d="4300010001280001", rows=0)
    lines = page_texts(render_pdf([doc], template, LETTERHEAD))[0].splitlines()
    summary = [line for line in lines if "：" in line and "编号 CJ" not in line]
    assert len(summary) >= 2  # it did break
    for line in summary:
        assert not line.rstrip().endswith("：")
    assert any("毕业证书编号：4300010001280001" in line for line in summary)
