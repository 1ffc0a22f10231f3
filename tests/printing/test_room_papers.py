"""The archive room's papers drawn from plain values: receiving receipt, shelf list, box labels.
Real PDFs parsed with pypdf: the names, counts and Chinese texts are there, long lists flow over
pages with their headers, rare characters print or are reported before anything is drawn."""

from __future__ import annotations

import pytest

from xueji_desktop.core.errors import OperationCancelled, UnprintableText
from xueji_desktop.printing import room_labels as labels
from xueji_desktop.printing import room_papers as rp

from .conftest import LETTERHEAD, SCHOOL, all_fonts, page_texts, read

CLASS = "2025级计算机应用1班"


def _line(i: int, name: str = "王小明", missing: str = "") -> rp.ReceiptLine:
    return rp.ReceiptLine(
        f"2025{i:06d}", name, CLASS, "入学登记表、身份证件复印件×2、照片×4", missing, ""
    )


def _receipt(*lines: rp.ReceiptLine) -> rp.IntakeReceipt:
    return rp.IntakeReceipt(
        title="新生档案接收登记回执",
        intake_no="7",
        kind_label="新生入学",
        source="邵阳市第二中学",
        received_on="2025年9月1日",
        delivered_by="刘老师",
        received_by="档案员李红",
        remark="",
        printed_on="2026年11月26日",
        lines=tuple(lines),
    )


def _files(box: int, n: int, name: str = "张三") -> tuple[rp.ShelfFile, ...]:
    return tuple(
        rp.ShelfFile(f"20{box:04d}{i:04d}", f"{name}{i}", CLASS, "2028届", "在籍", "在室")
        for i in range(n)
    )


def _boxes(sizes: list[int]) -> list[rp.BoxContents]:
    return [
        rp.BoxContents("1", str(k // 4 + 1), str(k + 1), _files(k, n)) for k, n in enumerate(sizes)
    ]


def _plain(pdf: bytes) -> str:
    return "".join(page_texts(pdf)).replace(" ", "").replace("\n", "")


def test_receipt_lists_every_student_with_what_arrived_and_what_is_missing() -> None:
    pdf = rp.intake_receipt_pdf(
        _receipt(_line(1), _line(2, "欧阳娜娜", "录取通知书、照片"), _line(3, "李𠈌")), LETTERHEAD
    )
    text = _plain(pdf)
    for expected in (SCHOOL, "新生档案接收登记回执", "邵阳市第二中学", "2025年9月1日", "刘老师",
                     "档案员李红", "2025000001", "王小明", "欧阳娜娜", "李𠈌", "录取通知书、照片",
                     "身份证件复印件×2", "共3人，其中1人材料不全", "送交人签名", "接收人签名",
                     "档案室（盖章）", "第1页共1页", "打印于2026年11月26日"):  # fmt: skip
        assert expected.replace(" ", "") in text, expected
    assert len(read(pdf).pages) == 1
    for font in all_fonts(pdf):  # every face embedded, none assumed on the printer
        if font.get("/Subtype") == "/TrueType":
            assert "/FontFile2" in font["/FontDescriptor"]


def test_receipt_of_a_big_batch_flows_with_the_header_on_every_page() -> None:
    lines = [_line(i, f"学生{i}") for i in range(120)]
    texts = page_texts(rp.intake_receipt_pdf(_receipt(*lines), LETTERHEAD))
    assert len(texts) >= 4
    for k, text in enumerate(texts, start=1):
        assert "收到的材料" in text and f"第 {k} 页 共 {len(texts)} 页" in text
    everything = "".join(texts)
    assert all(f"学生{i}" in everything for i in range(120))
    assert "共120人，材料齐全" in everything.replace(" ", "")
    assert "接收人签名" in texts[-1]


def test_a_character_no_font_has_is_reported_before_drawing_or_marked() -> None:
    receipt = _receipt(_line(1), _line(2, "王𠀀"))
    with pytest.raises(UnprintableText) as caught:
        rp.intake_receipt_pdf(receipt, LETTERHEAD)
    assert caught.value.fields["chars"] == "𠀀"
    assert caught.value.fields["subject"] == "2025000002"  # the 学号, never an ID number
    marked = _plain(rp.intake_receipt_pdf(receipt, LETTERHEAD, mark_missing=True))
    assert "王□" in marked
    boxes = [
        rp.BoxContents("1", "1", "1", (rp.ShelfFile("2025", "䶮𠀀", CLASS, "", "毕业", "在室"),))
    ]
    with pytest.raises(UnprintableText):
        rp.shelf_list_pdf(boxes, LETTERHEAD, scope="全部", printed_on="2026年11月26日")
    with pytest.raises(UnprintableText):
        labels.box_labels_pdf(boxes, LETTERHEAD)
    assert "䶮□" in _plain(labels.box_labels_pdf(boxes, LETTERHEAD, mark_missing=True))


def test_shelf_list_a_table_per_box_over_many_pages_with_progress() -> None:
    sizes = [40, 3, 0, 75] * 10  # 1,180 files in 40 boxes
    boxes = _boxes(sizes)
    seen: list[tuple[int, int]] = []
    pdf = rp.shelf_list_pdf(boxes, LETTERHEAD, scope="柜号：1", printed_on="2026年11月26日",
                            progress=lambda d, t: seen.append((d, t)))  # fmt: skip
    texts = page_texts(pdf)
    n = len(texts)
    assert n >= 30
    for k, text in enumerate(texts, start=1):
        assert "学号" in text and "档案状态" in text  # each page starts or continues a table
        assert f"第 {k} 页 共 {n} 页" in text
    everything = "".join(texts).replace(" ", "")
    assert "学生档案上架清单" in everything and "合计：40盒，1180份" in everything
    for b in boxes:
        assert f"盒号：{b.box}\u3000（{len(b.files)}份）" in everything
        assert all(f.student_no in everything and f.name in everything for f in b.files)
    assert "（空盒）" in everything
    assert seen[-1] == (80, 80) and [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_shelf_list_cancel_stops_it() -> None:
    calls = iter(range(1000))
    with pytest.raises(OperationCancelled):
        rp.shelf_list_pdf(_boxes([30] * 20), LETTERHEAD, scope="全部", printed_on="",
                          cancelled=lambda: next(calls) >= 5)  # fmt: skip


@pytest.mark.parametrize(("per_page", "pages"), [(4, 3), (6, 2), (8, 2)])
def test_box_labels_per_sheet(per_page: int, pages: int) -> None:
    boxes = _boxes([3, 25, 0, 160, 1, 2, 3, 4, 5])
    pdf = labels.box_labels_pdf(boxes, LETTERHEAD, per_page=per_page)
    texts = page_texts(pdf)
    assert len(texts) == pages
    everything = "".join(texts).replace(" ", "")
    assert everything.count("学生档案") == len(boxes)
    assert everything.count("柜号") == len(boxes) and everything.count(SCHOOL) == len(boxes)
    assert "份数：160份" in everything and "届别：2028届" in everything and CLASS in everything
    assert "（空盒）" in everything
    # a box too full for its label says how many more there are; the small ones list everyone
    assert "见上架清单" in everything
    assert all(f.name in everything for b in (boxes[0], *boxes[4:]) for f in b.files)


def test_box_label_names_classes_and_years_of_a_mixed_box() -> None:
    files = tuple(
        rp.ShelfFile(f"2025{i:03d}", f"学生{i}", f"2025级会计{i % 5}班", f"{2024 + i % 4}届",
                     "毕业", "在室")
        for i in range(12)
    )  # fmt: skip
    text = _plain(labels.box_labels_pdf([rp.BoxContents("三号柜", "2", "15", files)], LETTERHEAD))
    assert "三号柜" in text and "等5个班" in text and "2024—2027届" in text
    assert "份数：12份" in text


def test_box_labels_progress_cancel_and_sheet_sizes() -> None:
    seen: list[int] = []
    labels.box_labels_pdf(_boxes([2] * 13), LETTERHEAD, progress=lambda d, t: seen.append(d))
    assert seen == list(range(1, 14))
    with pytest.raises(OperationCancelled):
        labels.box_labels_pdf(_boxes([2] * 13), LETTERHEAD, cancelled=lambda: True)
    with pytest.raises(ValueError):
        labels.box_labels_pdf(_boxes([2]), LETTERHEAD, per_page=5)


LONG_PLACE = "二〇二六年新建综合楼三层东侧档案室第十二号铁皮柜甲组左侧A区二〇二六年新建综合楼"


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, float, float, bool]]:
    """Every line drawn inside a room: (text, its width, the room, bold)."""
    from xueji_desktop.printing import textfit

    calls: list[tuple[str, float, float, bool]] = []
    original = textfit.draw_aligned

    def spy(c, x, y, room, text, size, align="left", bold=False):  # type: ignore[no-untyped-def]
        calls.append((text, textfit.width(text, size, bold), room, bold))
        original(c, x, y, room, text, size, align, bold)

    monkeypatch.setattr(textfit, "draw_aligned", spy)
    return calls


@pytest.mark.parametrize("per_page", [4, 6, 8])
def test_the_longest_place_names_fit_their_label_cells(
    drawn: list[tuple[str, float, float, bool]], per_page: int
) -> None:
    """Shelving takes place names of up to 40 characters (paper_file_rows.MAX_PLACE): on a
    label each part wraps inside its own cell instead of running over the next one."""
    from xueji_desktop.services.paper_file_rows import MAX_PLACE

    place = LONG_PLACE[:MAX_PLACE]
    assert len(place) == MAX_PLACE
    box = rp.BoxContents(place, place[:25], place[:33], _files(1, 3))
    text = _plain(labels.box_labels_pdf([box], LETTERHEAD, per_page=per_page))
    assert place in text and "柜号" in text
    cells = [d for d in drawn if d[3] and d[0] and d[0] in place]
    assert len(cells) >= 4  # the long parts took several lines
    for line, width, room, _ in drawn:
        assert width <= room + 0.01, line


def test_a_long_place_heading_wraps_on_the_shelf_list(
    drawn: list[tuple[str, float, float, bool]],
) -> None:
    place = LONG_PLACE[:40]
    box = rp.BoxContents(place, place, place, _files(1, 2))
    scope = rp.place_text(place, place, place)
    pdf = rp.shelf_list_pdf([box], LETTERHEAD, scope=scope, printed_on="2026年11月26日")
    text = _plain(pdf)
    assert text.count(place) >= 6 and "（2份）" in text  # the scope and the heading, whole
    for line, width, room, _ in drawn:
        assert width <= room + 0.01, line
