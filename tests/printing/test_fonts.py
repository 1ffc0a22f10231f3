from __future__ import annotations

from xueji_desktop.printing import fonts
from xueji_desktop.printing.render import render_pdf

from .conftest import LETTERHEAD, all_fonts, make_template, page_texts, transcript


def test_unprintable_finds_only_characters_no_face_has() -> None:
    # 䶮 (Ext-A) and 𠮷 (Ext-B) are in the Regular face; 𠀀 (U+20000) is in neither.
    assert fonts.unprintable("王𠮷 龚䶮 学籍 ABC 123") == ""
    assert fonts.unprintable("𠀀王𠀀 \u3000\t\n") == "𠀀"
    assert fonts.unprintable_in(["𠀀", "a", "𠀀"]) == "𠀀"


def test_bold_falls_back_to_regular_per_character() -> None:
    # The Bold face holds GB 2312 only: 䶮 comes from Regular, the rest stays bold.
    assert fonts.runs("学生䶮成绩", bold=True) == [
        (fonts.BOLD, "学生"),
        (fonts.REGULAR, "䶮"),
        (fonts.BOLD, "成绩"),
    ]
    assert fonts.runs("学生", bold=False) == [(fonts.REGULAR, "学生")]


def test_printable_marks_missing_characters() -> None:
    assert fonts.printable("王𠀀") == "王□"
    assert fonts.printable("王小明") == "王小明"


def test_ext_b_name_round_trips_through_the_pdf_text() -> None:
    blocks = [
        {"type": "title", "text": "{name}同学"},
        {"type": "paragraph", "text": "姓名：{name}"},
    ]
    pdf = render_pdf([transcript("王𠮷")], make_template(blocks=blocks), LETTERHEAD)
    text = page_texts(pdf)[0]
    assert "王𠮷同学" in text  # drawn in the Bold face's fallback, Regular
    assert "姓名：王𠮷" in text


def test_every_font_is_an_embedded_subset_and_there_is_no_helvetica() -> None:
    pdf = render_pdf([transcript("龚䶮")], make_template(), LETTERHEAD)
    found = all_fonts(pdf)
    assert found
    for font in found:
        assert "Helvetica" not in str(font["/BaseFont"])
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, font["/BaseFont"]
    names = {str(f["/BaseFont"]).split("+", 1)[1] for f in found}
    assert names == {"XuejiSerifSC-Regular", "XuejiSerifSC-Bold"}
