from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from xueji_desktop.printing import fonts, textfit
from xueji_desktop.printing.render import render_pdf

from .conftest import LETTERHEAD, make_template, page_texts, transcript


def test_wrap_keeps_lines_within_the_width_and_loses_nothing() -> None:
    fonts.ensure_registered()
    text = (
        "兹证明王小明，男，2008年3月5日出生，身份证件号G110101200803051234，于2023年9月入学。" * 3
    )
    lines = textfit.wrap(text, 12, 150)
    assert "".join(lines) == text
    assert all(textfit.width(line, 12) <= 150.01 for line in lines)
    assert "G110101200803051234" in "\n".join(lines)  # a code is not broken across lines
    for line in lines[1:]:
        assert line[0] not in "，。、；：）》"  # closing punctuation never starts a line


def test_wrap_cuts_a_word_longer_than_the_line_and_keeps_newlines() -> None:
    fonts.ensure_registered()
    assert textfit.wrap("", 10, 100) == []
    assert textfit.wrap("甲\n乙", 10, 100) == ["甲", "乙"]
    long = "A" * 80
    lines = textfit.wrap(long, 10, 100)
    assert len(lines) > 1 and "".join(lines) == long


def test_fit_size_shrinks_only_when_needed() -> None:
    fonts.ensure_registered()
    assert textfit.fit_size("王小明", 12, 200) == 12
    small = textfit.fit_size("王小明" * 3, 12, 100)  # 108 pt at 12 pt
    assert 10 < small < 12 and textfit.width("王小明" * 3, small) <= 100
    assert textfit.fit_size("王小明" * 10, 12, 100) == 5.0  # never below the floor


def test_renders_from_several_threads_at_once() -> None:
    template = make_template()
    names = [f"学生{i}" for i in range(8)]

    def one(name: str) -> str:
        return "".join(page_texts(render_pdf([transcript(name, rows=30)], template, LETTERHEAD)))

    with ThreadPoolExecutor(max_workers=4) as pool:
        texts = list(pool.map(one, names))
    for name, text in zip(names, texts, strict=True):
        assert name in text and "课程029" in text
