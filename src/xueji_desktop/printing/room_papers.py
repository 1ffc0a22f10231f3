"""The archive room's own papers: the receiving receipt of an intake batch (接收登记回执), box
labels (档案盒标签) and shelf lists (上架清单).

Pure drawing from plain values: the services read the registers and pass texts already
formatted for paper. These papers certify nothing outside the room, so they carry no serial and
no QR code (docs/design/paper-files.md, "Printing"). The receipt and the shelf list are laid out
by the print engine's flow blocks (letterhead, fields grid, flowing tables, signatures); the
labels, a sheet of fixed cells, are drawn by printing/room_labels.py. As everywhere in the
engine, every text is checked against the fonts before anything is drawn: a character no face
has raises UnprintableText naming the student, unless ``mark_missing`` prints it as □.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import reportlab
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from xueji_desktop import __version__
from xueji_desktop.core.errors import OperationCancelled, UnprintableText
from xueji_desktop.printing import blocks as B
from xueji_desktop.printing import fonts, textfit
from xueji_desktop.printing.flow import Flow, Frame, Op, layout_blocks, stroke
from xueji_desktop.printing.model import Document, Letterhead, Table
from xueji_desktop.printing.values import Values

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

KIND = "room_paper"  # the engine's Document needs a kind; these papers are not issued kinds
MARGINS_MM = (15.0, 15.0, 15.0, 20.0)  # top, right, bottom, left: the binding edge on the left
FOOTER_BAND: float = 9 * mm
FOOTER_SIZE = 8.0


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    """One student of an intake batch; ``arrived`` / ``missing`` as printed ("照片×2、成绩单")."""

    student_no: str
    name: str
    class_name: str
    arrived: str
    missing: str
    remark: str = ""


@dataclass(frozen=True, slots=True)
class IntakeReceipt:
    title: str  # 新生档案接收登记回执 / 转入学生档案接收登记回执 …
    intake_no: str
    kind_label: str  # 新生入学 / 转入 / 其他
    source: str
    received_on: str  # "2026年9月1日"
    delivered_by: str
    received_by: str
    remark: str
    printed_on: str
    lines: tuple[ReceiptLine, ...]


@dataclass(frozen=True, slots=True)
class ShelfFile:
    """A file in a box, as the shelf list and the label print it."""

    student_no: str
    name: str
    class_name: str
    graduation_year: str  # "2028届" or ""
    status: str  # 学籍状态 label (在籍, 毕业 …)
    state: str  # where the file is now: 在室 / 借出 / 归档保存 / 已转递


@dataclass(frozen=True, slots=True)
class BoxContents:
    cabinet: str
    shelf: str
    box: str
    files: tuple[ShelfFile, ...]


def place_text(cabinet: str, shelf: str, box: str) -> str:
    """The place as a heading says it: "柜号：3　架号：2　盒号：15"; "位置未登记" when unknown."""
    parts = [
        f"{label}：{v}" for label, v in (("柜号", cabinet), ("架号", shelf), ("盒号", box)) if v
    ]
    return "\u3000".join(parts) if parts else "位置未登记"


# --- checking and the shared page loop --------------------------------------------------------


def check_texts(texts: Iterator[tuple[str, str]]) -> None:
    """UnprintableText for the first (subject, text) with a character no face draws."""
    for subject, text in texts:
        chars = fonts.unprintable(text)
        if chars:
            raise UnprintableText(chars=chars[:8], subject=subject)


def file_texts(boxes: Sequence[BoxContents]) -> Iterator[tuple[str, str]]:
    for b in boxes:
        yield "上架清单", f"{b.cabinet}{b.shelf}{b.box}"
        for f in b.files:
            subject = f.student_no or "上架清单"  # the 学号 names the student, never an ID number
            yield subject, f"{f.name}{f.class_name}"


def _frame() -> Frame:
    width, height = A4
    top, right, bottom, left = (m * mm for m in MARGINS_MM)
    return Frame(left, width - right, height - top, bottom + FOOTER_BAND)


def new_canvas(buf: io.BytesIO, title: str, subject: str, author: str) -> Canvas:
    c = Canvas(
        buf, pagesize=A4, initialFontName=fonts.REGULAR, initialFontSize=10.5, pageCompression=1
    )
    c.setTitle(title)
    c.setSubject(subject)
    c.setAuthor(author)
    c.setCreator(f"Xueji Desktop {__version__}")
    c.setProducer(f"Xueji Desktop {__version__} (ReportLab {reportlab.Version})")
    return c


def _elided(text: str, size: float, room: float) -> str:
    """``text`` cut to fit ``room`` with "…" (a footer naming a long place: the heading on the
    first page has it whole)."""
    if textfit.width(text, size) <= room:
        return text
    while text and textfit.width(text + "…", size) > room:
        text = text[:-1]
    return text + "…"


def _draw_pages(
    pages: list[list[Op]],
    c: Canvas,
    frame: Frame,
    footer_left: str,
    progress: Callable[[int, int], None] | None,
    cancelled: Cancelled | None,
) -> None:
    """Each page's operations, then its footer: "第 k 页 共 n 页" at the right, ``footer_left``
    at the left (what the paper is and when it was printed, so a loose page is still known)."""
    n = len(pages)
    y = MARGINS_MM[2] * mm + 1.5 * mm
    for k, ops in enumerate(pages):
        if cancelled is not None and cancelled():
            raise OperationCancelled()
        for op in ops:
            op(c)
        textfit.draw_aligned(
            c, frame.left, y, frame.width, f"第 {k + 1} 页 共 {n} 页", FOOTER_SIZE + 1, "right"
        )
        room = frame.width - textfit.width(f"第 {n} 页 共 {n} 页", FOOTER_SIZE + 1) - 6 * mm
        size = textfit.fit_size(footer_left, FOOTER_SIZE, room, floor=5)
        textfit.draw(c, frame.left, y, _elided(footer_left, size, room), size)
        c.showPage()
        if progress is not None:
            progress(k + 1, n)


# --- the receiving receipt --------------------------------------------------------------------

_RECEIPT_COLUMNS = ("seq", "student_no", "name", "class_name", "arrived", "missing", "remark")

_RECEIPT_BLOCKS: tuple[B.Block, ...] = (
    B.LetterheadBlock(),
    B.Title("{title}", 18),
    B.Fields(
        columns=2,
        photo=False,
        items=(
            B.Item("批次编号", "intake_no"),
            B.Item("接收类别", "kind_label"),
            B.Item("档案来源", "source", 2),
            B.Item("接收日期", "received_on"),
            B.Item("档案数量", "file_count"),
            B.Item("送交人", "delivered_by"),
            B.Item("接收人", "received_by"),
            B.Item("备注", "remark", 2),
        ),
        size=10,
    ),
    B.Spacer(1),
    B.TableBlock(
        "lines",
        (
            B.Column("序号", "seq", 0.9, "center"),
            B.Column("学号", "student_no", 2.4, "center"),
            B.Column("姓名", "name", 1.3, "center"),
            B.Column("班级", "class_name", 2.2, "left"),
            B.Column("收到的材料", "arrived", 4.6, "left"),
            B.Column("缺少的材料", "missing", 2.6, "left"),
            B.Column("备注", "remark", 1.2, "left"),
        ),
        group_headings=False,
        empty_text="（本批无学生）",
        size=9,
    ),
    B.Summary((B.Item("合计", "totals"),), 10),
    B.Paragraph(
        "以上档案材料经双方当面清点，数量与清单相符。缺少的材料请送交人尽快补交。",
        size=10,
        align="left",
        line_spacing=1.6,
    ),
    B.Spacer(2),
    B.Signatures(("送交人签名", "接收人签名", "档案室（盖章）"), date_line=True),
)


def intake_receipt_pdf(
    receipt: IntakeReceipt, letterhead: Letterhead, *, mark_missing: bool = False
) -> bytes:
    """The receiving receipt of one intake batch (A4, as many pages as the list needs)."""
    fonts.ensure_registered()
    if not mark_missing:
        head = (
            receipt.title,
            receipt.intake_no,
            receipt.source,
            receipt.delivered_by,
            receipt.received_by,
            receipt.remark,
            letterhead.school_name,
        )
        check_texts(("接收登记回执", t) for t in head)
        check_texts(
            (
                ln.student_no or "接收登记回执",
                f"{ln.name}{ln.class_name}{ln.arrived}{ln.missing}{ln.remark}",
            )
            for ln in receipt.lines
        )
    rows = tuple(
        (str(i), ln.student_no, ln.name, ln.class_name, ln.arrived, ln.missing, ln.remark)
        for i, ln in enumerate(receipt.lines, start=1)
    )
    short = sum(1 for ln in receipt.lines if ln.missing)
    totals = f"共{len(rows)}人" + (f"，其中{short}人材料不全" if short else "，材料齐全")
    doc = Document(
        kind=KIND,
        fields={
            "title": receipt.title,
            "intake_no": receipt.intake_no,
            "kind_label": receipt.kind_label,
            "source": receipt.source,
            "received_on": receipt.received_on,
            "file_count": f"{len(rows)}份",
            "delivered_by": receipt.delivered_by,
            "received_by": receipt.received_by,
            "remark": receipt.remark,
            "totals": totals,
        },
        tables={"lines": Table(_RECEIPT_COLUMNS, rows)},
        subject=receipt.title,
    )
    frame = _frame()
    flow = Flow(frame, Values(doc, letterhead, mark_missing), 10.5)
    layout_blocks(flow, _RECEIPT_BLOCKS)
    pages = _trim(flow.pages)
    buf = io.BytesIO()
    title = f"{letterhead.school_name} {receipt.title}".strip()
    c = new_canvas(buf, title, receipt.title, letterhead.school_name)
    footer = flow.values.clean(
        f"{receipt.title}　批次 {receipt.intake_no}　打印于 {receipt.printed_on}"
    )
    _draw_pages(pages, c, frame, footer, None, None)
    c.save()
    return buf.getvalue()


def _trim(pages: list[list[Op]]) -> list[list[Op]]:
    return pages[:-1] if len(pages) > 1 and not pages[-1] else pages


# --- the shelf list ---------------------------------------------------------------------------

_SHELF_COLUMNS = (
    "seq",
    "student_no",
    "name",
    "class_name",
    "graduation_year",
    "status",
    "state",
    "check",
)
_SHELF_TABLE = B.TableBlock(
    "files",
    (
        B.Column("序号", "seq", 0.7, "center"),
        B.Column("学号", "student_no", 1.9, "center"),
        B.Column("姓名", "name", 1.4, "center"),
        B.Column("班级", "class_name", 2.6, "left"),
        B.Column("届别", "graduation_year", 1.1, "center"),
        B.Column("学籍状态", "status", 1.1, "center"),
        B.Column("档案状态", "state", 1.1, "center"),
        B.Column("核对", "check", 0.8, "center"),
    ),
    group_headings=False,
    empty_text="（空盒）",
    size=9.5,
)
_HEAD_SIZE = 11.0


def shelf_list_pdf(
    boxes: Sequence[BoxContents],
    letterhead: Letterhead,
    *,
    scope: str,
    printed_on: str,
    mark_missing: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> bytes:
    """A table per box (柜/架/盒 heading, then its files) flowing over as many pages as needed.

    ``scope`` says what was chosen ("全部", "柜号：3"). ``progress(done, total)`` counts the
    boxes laid out, then the pages drawn (total = 2 × the boxes); ``cancelled()`` is asked per
    box and per page.
    """
    fonts.ensure_registered()
    if not mark_missing:
        check_texts(file_texts(boxes))
        check_texts(iter((("上架清单", scope), ("上架清单", letterhead.school_name))))
    count = sum(len(b.files) for b in boxes)
    head = Document(
        KIND, {"scope": scope, "printed_on": printed_on, "totals": f"{len(boxes)}盒，{count}份"}
    )
    frame = _frame()
    flow = Flow(frame, Values(head, letterhead, mark_missing), 10.5)
    layout_blocks(
        flow,
        (
            B.LetterheadBlock(),
            B.Title("学生档案上架清单", 18),
            B.Summary(
                (
                    B.Item("范围", "scope"),
                    B.Item("合计", "totals"),
                    B.Item("打印日期", "printed_on"),
                ),
                10,
            ),
        ),
    )
    total = 2 * max(len(boxes), 1)
    for n, b in enumerate(boxes, start=1):
        if cancelled is not None and cancelled():
            raise OperationCancelled()
        _layout_box(flow, b, letterhead, mark_missing)
        if progress is not None:
            progress(n, total)
    pages = _trim(flow.pages)
    buf = io.BytesIO()
    title = f"{letterhead.school_name} 学生档案上架清单".strip()
    c = new_canvas(buf, title, "上架清单", letterhead.school_name)
    done = len(boxes)

    def page_progress(k: int, n: int) -> None:
        if progress is not None:
            progress(done + math.ceil(k * (total - done) / n), total)

    footer = flow.values.clean(f"上架清单　{scope}　打印于 {printed_on}")
    _draw_pages(pages, c, frame, footer, page_progress, cancelled)
    c.save()
    return buf.getvalue()


def _layout_box(flow: Flow, b: BoxContents, letterhead: Letterhead, mark_missing: bool) -> None:
    rows = tuple(
        (str(i), f.student_no, f.name, f.class_name, f.graduation_year, f.status, f.state, "")
        for i, f in enumerate(b.files, start=1)
    )
    doc = Document(KIND, {}, {"files": Table(_SHELF_COLUMNS, rows)})
    flow.values = Values(doc, letterhead, mark_missing)
    heading = flow.values.clean(f"{place_text(b.cabinet, b.shelf, b.box)}　（{len(rows)}份）")
    lh = _HEAD_SIZE * 1.6
    f = flow.frame
    # Long place names (up to 3 × 40 characters) wrap instead of running off the page.
    lines = textfit.wrap(heading, _HEAD_SIZE, f.width - 2 * mm, bold=True)
    # The heading stays with the table's header and its first rows.
    flow.ensure(len(lines) * lh + 4 * 9.5 * 1.55)
    flow.y -= 2
    top = flow.y
    bar = len(lines) * lh
    flow.add(lambda c: stroke(c, [(f.left, top, f.left, top - bar)], 2.2))
    flow.lines(lines, _HEAD_SIZE, lh, f.left + 2 * mm, f.width - 2 * mm, bold=True)
    layout_blocks(flow, (_SHELF_TABLE,))
    flow.y -= 3
