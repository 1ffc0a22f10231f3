from __future__ import annotations

import pytest

from xueji_desktop.core.errors import OperationCancelled, TemplateInvalid, UnprintableText
from xueji_desktop.printing.model import Document
from xueji_desktop.printing.render import render_pdf

from .conftest import LETTERHEAD, SCHOOL, make_template, page_texts, read, transcript


def test_names_values_and_serial_are_in_the_text() -> None:
    pdf = render_pdf([transcript("王小明", rows=5)], make_template(), LETTERHEAD)
    text = page_texts(pdf)[0]
    for expected in (
        SCHOOL,
        "学生成绩单",
        "王小明",
        "G110101200803051234",
        "2008年3月5日",
        "课程003",
        "编号：CJ2026-000123",
        "总学分：120",
        "（学校盖章）",
        "2026年11月26日",
        "验证公钥指纹 ABCD-EFGH-IJKL-MNOP",
        "第 1 页 共 1 页",
    ):
        assert expected in text, expected


def test_metadata() -> None:
    pdf = render_pdf([transcript()], make_template(), LETTERHEAD)
    meta = read(pdf).metadata
    assert meta is not None
    assert meta.title == f"{SCHOOL} 成绩单（测试）"
    assert meta.subject == "成绩单"
    assert meta.author == SCHOOL
    assert meta.creator is not None and meta.creator.startswith("Xueji Desktop ")
    assert meta.producer is not None and "ReportLab" in meta.producer
    assert meta.creation_date is not None
    pdf = render_pdf([transcript()], make_template(), LETTERHEAD, title="王小明 成绩单")
    assert read(pdf).metadata.title == "王小明 成绩单"  # type: ignore[union-attr]


def test_long_table_flows_with_header_and_page_numbers_on_every_page() -> None:
    pdf = render_pdf([transcript(rows=120)], make_template(), LETTERHEAD)
    texts = page_texts(pdf)
    n = len(texts)
    assert n >= 3
    for k, text in enumerate(texts, start=1):
        assert "课程名称" in text and "成绩" in text  # the repeated header row
        assert f"第 {k} 页 共 {n} 页" in text
        assert "编号 CJ2026-000123" in text  # beside the QR code, on every page
    everything = "".join(texts)
    for i in range(120):
        assert f"课程{i:03d}" in everything
    assert "第6学期" in everything  # group headings
    # every page carries the QR code (one form, referenced from each page)
    for page in read(pdf).pages:
        xobjects = page["/Resources"]["/XObject"]
        assert any(x.get_object()["/Subtype"] == "/Form" for x in xobjects.values())


def test_two_documents_number_their_own_pages() -> None:
    docs = [transcript("王小明", rows=120), transcript("李小红", rows=3, serial="CJ2026-000124")]
    pdf = render_pdf(docs, make_template(), LETTERHEAD)
    texts = page_texts(pdf)
    first = [t for t in texts if "王小明" in t or "CJ2026-000123" in t]
    n = len(first)
    assert n >= 3
    assert f"第 1 页 共 {n} 页" in texts[0]
    assert "李小红" in texts[n] and "第 1 页 共 1 页" in texts[n]
    assert len(texts) == n + 1


def test_unprintable_character_is_reported_before_drawing() -> None:
    docs = [transcript("王小明"), transcript("王𠀀", serial="CJ2026-000124")]
    with pytest.raises(UnprintableText) as caught:
        render_pdf(docs, make_template(), LETTERHEAD)
    assert caught.value.fields == {"chars": "𠀀", "subject": "2023010101 王𠀀"}


def test_unprintable_in_a_table_cell_or_group_heading_is_reported() -> None:
    doc = transcript()
    table = doc.tables["courses"]
    rows = (("", "𠀀课", "", "1", "60", "", "", ""), *table.rows[1:])
    bad = Document(**{**_fields(doc), "tables": {"courses": type(table)(table.columns, rows)}})
    with pytest.raises(UnprintableText):
        render_pdf([bad], make_template(), LETTERHEAD)


def test_unused_field_with_rare_character_is_not_an_error() -> None:
    doc = transcript(former_name="王𠀀")  # the template does not print former_name
    assert b"%PDF" in render_pdf([doc], make_template(), LETTERHEAD)[:8]


def test_mark_missing_prints_a_box() -> None:
    pdf = render_pdf([transcript("王𠀀")], make_template(), LETTERHEAD, mark_missing=True)
    assert "王□" in page_texts(pdf)[0]


def test_unknown_placeholder_prints_nothing() -> None:
    blocks = [{"type": "paragraph", "text": "甲{no_such_field}乙{name}丙"}]
    pdf = render_pdf([transcript("王小明")], make_template(blocks=blocks), LETTERHEAD)
    assert "甲乙王小明丙" in page_texts(pdf)[0]


def test_progress_and_cancel() -> None:
    seen: list[tuple[int, int]] = []
    docs = [transcript(serial=f"CJ2026-00000{i}") for i in range(5)]
    with pytest.raises(OperationCancelled):
        render_pdf(
            docs,
            make_template(),
            LETTERHEAD,
            progress=lambda d, t: seen.append((d, t)),
            cancelled=lambda: len(seen) >= 2,
        )
    assert seen == [(1, 5), (2, 5)]
    seen.clear()
    render_pdf(docs, make_template(), LETTERHEAD, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (5, 5)


def test_one_page_transcript_with_photo_and_qr_is_small(jpeg: bytes) -> None:
    pdf = render_pdf([transcript(rows=16, photo=jpeg)], make_template(), LETTERHEAD)
    reader = read(pdf)
    assert len(reader.pages) == 1
    assert len(pdf) < 100_000
    images = [
        x
        for x in reader.pages[0]["/Resources"]["/XObject"].values()
        if x.get_object()["/Subtype"] == "/Image"
    ]
    assert len(images) == 1


def test_no_qr_without_qr_text_and_no_serial_line_without_serial() -> None:
    pdf = render_pdf([transcript(serial="", qr=False)], make_template(), LETTERHEAD)
    text = page_texts(pdf)[0]
    assert "编号" not in text and "验证公钥指纹" not in text
    assert "/XObject" not in read(pdf).pages[0]["/Resources"]


def test_landscape_page() -> None:
    template = make_template(page={"orientation": "landscape", "margins_mm": [15, 15, 15, 15]})
    box = read(render_pdf([transcript()], template, LETTERHEAD)).pages[0].mediabox
    assert float(box.width) > float(box.height)


def test_template_for_another_kind_is_refused() -> None:
    doc = Document(kind="roster", fields={}, subject="23计算机1班")
    with pytest.raises(TemplateInvalid):
        render_pdf([doc], make_template(), LETTERHEAD)


def test_every_block_type_renders() -> None:
    blocks = [
        {"type": "letterhead"},
        {"type": "title", "text": "档案移交清单", "size": 20},
        {
            "type": "paragraph",
            "text": "{name}同学的档案。",
            "size": 14,
            "indent": 2,
            "align": "justify",
            "line_spacing": 1.8,
        },
        {"type": "box", "label": "自我鉴定", "field": "self_assessment", "height_mm": 30},
        {"type": "box", "label": "班主任评语", "field": "teacher_comment", "height_mm": 20},
        {"type": "signatures", "items": ["学生签名", "班主任签名", "经办人"], "date_line": True},
        {"type": "spacer", "mm": 5},
        {"type": "page_break"},
        {
            "type": "tear_off",
            "label": "回执",
            "blocks": [
                {"type": "paragraph", "text": "今收到{name}的档案。", "indent": 0},
                {"type": "signatures", "items": ["接收人签名"]},
            ],
        },
    ]
    doc = transcript("王小明", self_assessment="本人学习刻苦。" * 80)
    texts = page_texts(render_pdf([doc], make_template(blocks=blocks), LETTERHEAD))
    everything = "".join(texts)
    for expected in (
        "档案移交清单",
        "王小明同学的档案",
        "自我鉴定",
        "班主任评语",
        "学生签名",
        "接收人签名",
        "沿此线剪下",
        "回执",
        "今收到王小明的档案",
    ):
        assert expected in everything, expected
    assert everything.count("本人学习刻苦") == 80  # a long box text is never cut off
    assert "回执" in texts[-1] and "回执" not in texts[0]  # the page break before the slip


def _fields(doc: Document) -> dict[str, object]:
    return {name: getattr(doc, name) for name in Document.__slots__}
