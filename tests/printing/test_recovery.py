from __future__ import annotations

from xueji_desktop.printing.recovery import code_groups, recovery_sheet_pdf

from .conftest import all_fonts, page_texts

CODE = "ABCDE-FGHIJ-KLMNO-PQRST-UVWXY-Z2345"


def test_recovery_sheet_holds_code_groups_and_archive_id() -> None:
    pdf = recovery_sheet_pdf("测试市职业中专学校", "3f2a9c1e-archive", CODE, "2026年11月26日")
    texts = page_texts(pdf)
    assert len(texts) == 1
    for expected in (
        "学籍档案恢复单",
        "测试市职业中专学校",
        "3f2a9c1e-archive",
        "2026年11月26日",
        *CODE.split("-"),
    ):
        assert expected in texts[0], expected
    for font in all_fonts(pdf):
        assert "/FontFile2" in font["/FontDescriptor"].get_object()


def test_code_groups_whatever_the_separators() -> None:
    assert code_groups("abcde fghij-KLMNO") == ["ABCDE", "FGHIJ", "KLMNO"]
    assert code_groups(CODE.replace("-", "")) == CODE.split("-")
