"""Signature lines and the seal stay on one page: a seal never stands alone on the last page."""

from __future__ import annotations

from tests.printing.conftest import LETTERHEAD, make_template, page_texts, transcript
from xueji_desktop.printing.render import render_pdf

BLOCKS = [
    {"type": "paragraph", "text": "{remark}", "size": 14},
    {"type": "signatures", "items": ["学生签名", "班主任签名"], "date_line": True},
    {"type": "spacer", "mm": 4},
    {"type": "seal", "text": "（学校盖章）", "date_field": "issue_date"},
]


def test_the_seal_is_never_alone_whatever_the_length_above() -> None:
    template = make_template(blocks=BLOCKS)
    split_seen = False
    for lines in range(20, 46):
        doc = transcript(remark="\n".join(f"第{i}行说明文字" for i in range(lines)), rows=0)
        pages = page_texts(render_pdf([doc], template, LETTERHEAD))
        for text in pages:
            if "学校盖章" in text:
                assert "学生签名" in text, lines
        split_seen |= len(pages) > 1
    assert split_seen  # some lengths did need a second page
