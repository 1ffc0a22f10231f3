"""Flow layout: blocks placed top to bottom, onto as many pages as they need.

Layout and drawing are two passes: layout turns a document into pages of drawing operations
(closures over a canvas), so the draw pass knows each document's page count for "共 N 页"
before it draws the first footer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from xueji_desktop.printing import blocks as B
from xueji_desktop.printing import textfit
from xueji_desktop.printing.values import Values

Op = Callable[[Canvas], None]
LINE_WIDTH = 0.6


@dataclass(frozen=True)
class Frame:
    left: float
    right: float
    top: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom


@dataclass
class Flow:
    frame: Frame
    values: Values
    font_size: float
    logo: ImageReader | None = None
    photo: ImageReader | None = None
    pages: list[list[Op]] = field(default_factory=lambda: [[]])
    y: float = 0.0

    def __post_init__(self) -> None:
        self.y = self.frame.top

    @property
    def at_top(self) -> bool:
        return self.y >= self.frame.top - 0.01

    @property
    def room(self) -> float:
        return self.y - self.frame.bottom

    def new_page(self) -> None:
        self.pages.append([])
        self.y = self.frame.top

    def ensure(self, height: float) -> None:
        """Start a new page unless ``height`` fits below the cursor (or the page is empty)."""
        if height > self.room + 0.01 and not self.at_top:
            self.new_page()

    def add(self, op: Op) -> None:
        self.pages[-1].append(op)

    def lines(
        self, lines: list[str], size: float, line_height: float, x: float, room: float,
        align: str = "left", bold: bool = False, last_align: str | None = None,
        first_indent: float = 0.0,
    ) -> None:  # fmt: skip
        """Place lines one by one, breaking pages between lines."""
        for i, text in enumerate(lines):
            self.ensure(line_height)
            y = textfit.baseline(self.y, line_height, size)
            a = last_align if (last_align and i == len(lines) - 1) else align
            ind = first_indent if i == 0 else 0.0
            self.add(
                partial(textfit.draw_aligned, x=x + ind, y=y, room=room - ind, text=text,
                        size=size, align=a, bold=bold)
            )  # fmt: skip
            self.y -= line_height


def stroke(
    c: Canvas, segments: list[tuple[float, float, float, float]], w: float = LINE_WIDTH
) -> None:
    """Stroke straight lines (x0, y0, x1, y1), written as literal operators: ReportLab's own
    number formatting is the largest cost of a ruled page without its C accelerator."""
    ops = [f"{textfit.num(w)} w"]
    n = textfit.num
    ops.extend(f"{n(a)} {n(b)} m {n(x)} {n(y)} l" for a, b, x, y in segments)
    ops.append("S")
    c.addLiteral(" ".join(ops))


def hline(c: Canvas, x0: float, x1: float, y: float, w: float = LINE_WIDTH) -> None:
    c.setLineWidth(w)
    c.line(x0, y, x1, y)


def layout_letterhead(flow: Flow, block: B.LetterheadBlock) -> None:
    f = flow.frame
    name = flow.values.get("school_name")
    code = flow.values.get("school_code")
    size = 18.0
    logo_h = 14 * mm if flow.logo else 0.0
    logo_w = 0.0
    if flow.logo:
        iw, ih = flow.logo.getSize()
        logo_w = min(40 * mm, logo_h * iw / max(ih, 1))
    room = f.width - 2 * (logo_w + 3 * mm if logo_w else 0)
    size = textfit.fit_size(name, size, room, bold=True, floor=12)
    text_h = size * 1.3 + (9 * 1.5 if code else 0)
    h = max(logo_h, text_h) + 4 * mm
    flow.ensure(h)
    top = flow.y
    mid = top - max(logo_h, text_h) / 2
    text_top = mid + text_h / 2
    cx = (f.left + f.right) / 2
    name_w = textfit.width(name, size, True)
    logo, left = flow.logo, f.left

    def draw(c: Canvas) -> None:
        textfit.draw(
            c, cx - name_w / 2, textfit.baseline(text_top, size * 1.3, size), name, size, True
        )
        if code:
            label = f"学校代码：{code}"
            textfit.draw_aligned(
                c, f.left, text_top - size * 1.3 - 9 * 1.1, f.width, label, 9, "center"
            )
        if logo is not None:
            x = max(left, cx - name_w / 2 - 3 * mm - logo_w)
            c.drawImage(
                logo, x, mid - logo_h / 2, logo_w, logo_h, preserveAspectRatio=True, mask="auto"
            )
        hline(c, f.left, f.right, top - h + 2 * mm, 0.9)

    flow.add(draw)
    flow.y -= h + 2 * mm


def layout_title(flow: Flow, block: B.Title) -> None:
    text = flow.values.fill(block.text)
    lines = textfit.wrap(text, block.size, flow.frame.width, bold=True)
    lh = block.size * 1.35
    flow.ensure(len(lines) * lh + 4)
    flow.y -= 4
    flow.lines(lines, block.size, lh, flow.frame.left, flow.frame.width, "center", bold=True)
    flow.y -= block.size * 0.5


def layout_serial(flow: Flow, block: B.SerialLine) -> None:
    serial = flow.values.get("serial")
    if not serial:
        return
    size = flow.font_size
    flow.lines([f"编号：{serial}"], size, size * 1.6, flow.frame.left, flow.frame.width, "right")


def layout_summary(flow: Flow, block: B.Summary) -> None:
    size = block.size or flow.font_size
    parts = [f"{i.label}：{v}" for i in block.items if (v := flow.values.get(i.field))]
    if not parts:
        return
    # Items stay whole ("毕业证书编号：…" never split from its number); a line breaks between them.
    room = flow.frame.width
    lines: list[str] = []
    current = ""
    for part in parts:
        joined = f"{current}\u3000\u3000{part}" if current else part
        if current and textfit.width(joined, size) > room:
            lines.append(current)
            joined = part
        current = joined
    lines.append(current)
    lines = [piece for line in lines for piece in textfit.wrap(line, size, room)]
    flow.y -= size * 0.4
    flow.lines(lines, size, size * 1.7, flow.frame.left, flow.frame.width)


def layout_paragraph(flow: Flow, block: B.Paragraph) -> None:
    size = block.size or flow.font_size
    lh = size * block.line_spacing
    indent = block.indent * size
    room = flow.frame.width
    for para in flow.values.fill(block.text).split("\n"):
        lines = textfit.wrap(para, size, room, first_width=room - indent)
        last = "left" if block.align == "justify" else None
        flow.lines(lines, size, lh, flow.frame.left, room, block.align, False, last, indent)


def layout_box(flow: Flow, block: B.Box) -> None:
    size = block.size or flow.font_size
    label_size = min(size, flow.font_size)
    pad = 2 * mm
    lh = size * 1.5
    f = flow.frame
    lines = (
        textfit.wrap(flow.values.get(block.field), size, f.width - 2 * pad) if block.field else []
    )
    head = label_size * 1.6 if block.label else 0.0
    need = max(block.height_mm * mm, 2 * pad + head + len(lines) * lh)
    if need <= flow.room or need > f.height or flow.at_top:
        flow.ensure(min(need, f.height))
    else:
        flow.new_page()
    first = True
    while True:
        take = len(lines)
        height = max(need if first else 0.0, 2 * pad + (head if first else 0) + take * lh)
        if height > flow.room + 0.01:
            take = max(1, int((flow.room - 2 * pad - (head if first else 0)) // lh))
            height = flow.room
        part, lines = lines[:take], lines[take:]
        top = flow.y
        label = block.label if first else ""

        def draw(c: Canvas, top: float = top, h: float = height, part: list[str] = part,
                 label: str = label) -> None:  # fmt: skip
            c.setLineWidth(LINE_WIDTH)
            c.rect(f.left, top - h, f.width, h)
            y = top - pad
            if label:
                textfit.draw(
                    c, f.left + pad, textfit.baseline(y, head, label_size), label, label_size
                )
                y -= head
            for i, t in enumerate(part):
                textfit.draw(c, f.left + pad, textfit.baseline(y, lh, size, i), t, size)

        flow.add(draw)
        flow.y -= height
        first = False
        if not lines:
            break
        flow.new_page()
    flow.y -= size * 0.5


def _signature_row_height(flow: Flow, block: B.Signatures) -> float:
    size = flow.font_size
    return size * 3.4 + (size * 2.2 if block.date_line else 0)


def _seal_height(flow: Flow, block: B.Seal) -> float:
    size = max(flow.font_size, 12.0)
    date = flow.values.get(block.date_field) if block.date_field else ""
    return float(10 * mm + size * 1.8 * (2 if date else 1))


def _closing_height(flow: Flow, items: tuple[B.Block, ...], start: int) -> float:
    """Height of the run of closing blocks (signatures, seal, spacers) starting at ``start``:
    they go onto one page together, so a seal never stands alone on the last page."""
    total = 0.0
    for b in items[start:]:
        if isinstance(b, B.Signatures):
            rows = -(-len(b.items) // min(len(b.items), 3))
            total += rows * _signature_row_height(flow, b)
        elif isinstance(b, B.Seal):
            total += _seal_height(flow, b)
        elif isinstance(b, B.Spacer):
            total += b.mm * mm
        else:
            break
    return total


def layout_signatures(flow: Flow, block: B.Signatures) -> None:
    size = flow.font_size
    f = flow.frame
    per = min(len(block.items), 3)
    slot = f.width / per
    row_h = _signature_row_height(flow, block)
    for start in range(0, len(block.items), per):
        flow.ensure(row_h)
        top = flow.y
        for k, label in enumerate(block.items[start : start + per]):
            x = f.left + k * slot

            def draw(c: Canvas, x: float = x, label: str = label, top: float = top) -> None:
                y = top - size * 2.6
                text = f"{label}："
                textfit.draw(c, x, y, text, size)
                x0 = x + textfit.width(text, size) + 1
                hline(c, x0, x + slot - 6 * mm, y - 2, 0.5)
                if block.date_line:
                    date = "年\u3000\u3000月\u3000\u3000日"
                    textfit.draw_aligned(c, x, y - size * 2.2, slot - 6 * mm, date, size, "right")

            flow.add(draw)
        flow.y -= row_h


def layout_seal(flow: Flow, block: B.Seal) -> None:
    """Room on the right for the seal, over its text and the date (the seal is stamped across
    them, as on an official document)."""
    size = max(flow.font_size, 12.0)
    f = flow.frame
    date = flow.values.get(block.date_field) if block.date_field else ""
    lh = size * 1.8
    h = _seal_height(flow, block)
    flow.ensure(h)
    top = flow.y - 10 * mm
    w = 70 * mm
    x = f.right - w
    text = flow.values.clean(block.text)

    def draw(c: Canvas) -> None:
        textfit.draw_aligned(c, x, textfit.baseline(top, lh, size), w, text, size, "center")
        if date:
            textfit.draw_aligned(c, x, textfit.baseline(top, lh, size, 1), w, date, size, "center")

    flow.add(draw)
    flow.y -= h


def layout_spacer(flow: Flow, block: B.Spacer) -> None:
    if block.mm * mm >= flow.room:
        if not flow.at_top:
            flow.new_page()
    else:
        flow.y -= block.mm * mm


def layout_page_break(flow: Flow, block: B.PageBreak) -> None:
    if not flow.at_top:
        flow.new_page()


def layout_tear_off(flow: Flow, block: B.TearOff) -> None:
    head = 10 * mm + 16 * 1.6
    probe = Flow(Frame(flow.frame.left, flow.frame.right, 1e6, -1e9), flow.values, flow.font_size)
    layout_blocks(probe, block.blocks)
    flow.ensure(head + (1e6 - probe.y))
    f = flow.frame
    top = flow.y
    cut = "沿此线剪下"
    cut_w = textfit.width(cut, 9)
    cx = (f.left + f.right) / 2

    def draw(c: Canvas) -> None:
        y = top - 5 * mm
        c.saveState()
        c.setDash(4, 3)
        c.setLineWidth(0.5)
        c.line(f.left - 8 * mm, y, cx - cut_w / 2 - 2 * mm, y)
        c.line(cx + cut_w / 2 + 2 * mm, y, f.right + 8 * mm, y)
        c.restoreState()
        textfit.draw(c, cx - cut_w / 2, y - 3, cut, 9)

    flow.add(draw)
    flow.y -= 10 * mm
    if block.label:
        flow.lines([block.label], 16, 16 * 1.6, f.left, f.width, "center", bold=True)
    layout_blocks(flow, block.blocks)


def layout_blocks(flow: Flow, items: tuple[B.Block, ...]) -> None:
    from xueji_desktop.printing import grids  # grids builds on this module's Flow

    closing = False  # inside a run of closing blocks already placed together
    for i, b in enumerate(items):
        is_closing = isinstance(b, B.Signatures | B.Seal)
        if is_closing and not closing:
            together = _closing_height(flow, items, i)
            if together <= flow.frame.height:
                flow.ensure(together)
        closing = is_closing or (closing and isinstance(b, B.Spacer))
        if isinstance(b, B.LetterheadBlock):
            layout_letterhead(flow, b)
        elif isinstance(b, B.Title):
            layout_title(flow, b)
        elif isinstance(b, B.SerialLine):
            layout_serial(flow, b)
        elif isinstance(b, B.Fields):
            grids.layout_fields(flow, b)
        elif isinstance(b, B.TableBlock):
            grids.layout_table(flow, b)
        elif isinstance(b, B.Summary):
            layout_summary(flow, b)
        elif isinstance(b, B.Paragraph):
            layout_paragraph(flow, b)
        elif isinstance(b, B.Box):
            layout_box(flow, b)
        elif isinstance(b, B.Signatures):
            layout_signatures(flow, b)
        elif isinstance(b, B.Seal):
            layout_seal(flow, b)
        elif isinstance(b, B.Spacer):
            layout_spacer(flow, b)
        elif isinstance(b, B.PageBreak):
            layout_page_break(flow, b)
        else:
            layout_tear_off(flow, b)
