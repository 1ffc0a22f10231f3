"""Ruled grids: the label|value fields grid (with the photo cell) and flowing tables.

Tables flow over pages row by row; the header row is repeated on each page and a group heading
(a term of a transcript) is never left alone at the bottom of a page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from xueji_desktop.printing import blocks as B
from xueji_desktop.printing import textfit
from xueji_desktop.printing.flow import LINE_WIDTH, Flow, stroke

PAD: float = 1.6 * mm  # inside a cell, left and right
VPAD: float = 1.0 * mm  # inside a cell, above and below the text
PHOTO_W: float = 30 * mm
PHOTO_RATIO = 441 / 358  # ID photo height / width


@dataclass
class Cell:
    x: float
    w: float
    lines: list[str]
    align: str
    bold: bool = False
    size: float = 0.0  # 0: the grid's size; else a short value shrunk to stay on one line


def _draw_row(c: Canvas, top: float, h: float, cells: list[Cell], size: float, lh: float) -> None:
    """One row of cells: the outline of each cell, the text centred vertically."""
    x0, x1 = cells[0].x, cells[-1].x + cells[-1].w
    segments = [(x0, top, x1, top), (x0, top - h, x1, top - h), (x1, top, x1, top - h)]
    segments.extend((cell.x, top, cell.x, top - h) for cell in cells)
    stroke(c, segments)
    for cell in cells:
        block_top = top - (h - len(cell.lines) * lh) / 2
        for i, text in enumerate(cell.lines):
            y = textfit.baseline(block_top, lh, size, i)
            textfit.draw_aligned(
                c, cell.x + PAD, y, cell.w - 2 * PAD, text, cell.size or size, cell.align, cell.bold
            )


def _height(cells: list[Cell], lh: float, minimum: float) -> float:
    tallest = max(len(c.lines) for c in cells)
    return max(minimum, tallest * lh + 2 * VPAD)


# --- fields grid -----------------------------------------------------------------------------


def layout_fields(flow: Flow, block: B.Fields) -> None:
    size = block.size or flow.font_size
    lh = size * 1.3
    f = flow.frame
    photo_w = PHOTO_W if block.photo else 0.0
    grid_w = f.width - photo_w
    slot = grid_w / block.columns
    longest = max(textfit.width(i.label, size) for i in block.items) + 2 * PAD + 1
    label_w = min(max(longest, slot * 0.3), slot * 0.45)

    # Rows of (item, first slot, slots); the last item of a row takes what is left of it.
    rows: list[list[tuple[B.Item, int, int]]] = [[]]
    col = 0
    for item in block.items:
        if col + item.span > block.columns:
            rows.append([])
            col = 0
        rows[-1].append((item, col, item.span))
        col += item.span
    cell_rows: list[list[Cell]] = []
    for row in rows:
        item, start, span = row[-1]
        row[-1] = (item, start, block.columns - start)
        cells: list[Cell] = []
        for item, start, span in row:
            x = f.left + start * slot
            value = flow.values.get(item.field)
            v_w = span * slot - label_w
            cells.append(
                Cell(x, label_w, textfit.wrap(item.label, size, label_w - 2 * PAD), "center")
            )
            cells.append(_value_cell(x + label_w, v_w, value, size))
        cell_rows.append(cells)
    heights = [_height(cells, lh, size * 2.3) for cells in cell_rows]
    photo_h = (photo_w - 2 * mm) * PHOTO_RATIO + 2 * mm
    if block.photo and sum(heights) < photo_h:
        extra = (photo_h - sum(heights)) / len(heights)
        heights = [h + extra for h in heights]
    total = sum(heights)
    if total <= flow.room or total > f.height:
        flow.ensure(min(total, heights[0]))
    else:
        flow.new_page()
    first = True
    i = 0
    while i < len(cell_rows):
        top = flow.y
        seg: list[int] = []
        while i < len(cell_rows) and (not seg or heights[i] <= flow.room + 0.01):
            seg.append(i)
            flow.y -= heights[i]
            i += 1
        seg_h = top - flow.y
        for k in seg:
            row_top = top - sum(heights[j] for j in seg if j < k)
            flow.add(
                partial(_draw_row, top=row_top, h=heights[k], cells=cell_rows[k], size=size, lh=lh)
            )
        if block.photo and first:
            flow.add(
                partial(_draw_photo, flow=flow, x=f.right - photo_w, top=top, w=photo_w, h=seg_h,
                        size=size)
            )  # fmt: skip
        first = False
        if i < len(cell_rows):
            flow.new_page()
    flow.y -= size * 0.6


def _value_cell(x: float, w: float, value: str, size: float, align: str = "left") -> Cell:
    """A value cell; a value a little too long for one line is set smaller rather than broken
    (a date broken after 月 reads badly)."""
    lines = textfit.wrap(value, size, w - 2 * PAD)
    if len(lines) == 2 and "\n" not in value:
        fitted = textfit.fit_size(value, size, w - 2 * PAD)
        if fitted >= size * 0.8:
            return Cell(x, w, [value], align, size=fitted)
    return Cell(x, w, lines, align)


def _draw_photo(
    c: Canvas, flow: Flow, x: float, top: float, w: float, h: float, size: float
) -> None:
    c.setLineWidth(LINE_WIDTH)
    c.rect(x, top - h, w, h)
    box_w = w - 2 * mm
    box_h = min(box_w * PHOTO_RATIO, h - 2 * mm)
    box_w = box_h / PHOTO_RATIO
    bx = x + (w - box_w) / 2
    by = top - h + (h - box_h) / 2
    if flow.photo is None:
        textfit.draw_aligned(c, x, top - h / 2 - size * 0.35, w, "照片", size, "center")
        return
    c.drawImage(flow.photo, bx, by, box_w, box_h, preserveAspectRatio=True, anchor="c", mask="auto")


# --- flowing table ---------------------------------------------------------------------------


def layout_table(flow: Flow, block: B.TableBlock) -> None:
    size = block.size or flow.font_size
    lh = size * 1.3
    f = flow.frame
    total_w = sum(c.width for c in block.columns)
    xs: list[float] = []
    ws: list[float] = []
    x = f.left
    for col in block.columns:
        w = f.width * col.width / total_w
        xs.append(x)
        ws.append(w)
        x += w
    minimum = size * 1.55

    def cells(texts: list[str]) -> list[Cell]:
        return [
            _value_cell(xs[k], ws[k], t, size, block.columns[k].align) for k, t in enumerate(texts)
        ]

    header = [
        Cell(xs[k], ws[k], textfit.wrap(c.label, size, ws[k] - 2 * PAD, True), "center", True)
        for k, c in enumerate(block.columns)
    ]
    header_h = _height(header, lh, minimum)

    table = flow.values.doc.tables.get(block.source)
    entries: list[tuple[list[Cell], float, bool]] = []  # (cells, height, is a group heading)
    if table is not None and table.rows:
        index = {name: k for k, name in enumerate(table.columns)}
        picks = [index.get(c.field) for c in block.columns]
        starts: dict[int, list[str]] = {}
        if block.group_headings:
            for heading, first in table.groups:
                starts.setdefault(first, []).append(heading)
        for r, row in enumerate(table.rows):
            for heading in starts.get(r, []):
                text = flow.values.clean(heading)
                lines = textfit.wrap(text, size, f.width - 2 * PAD, True)
                group = [Cell(f.left, f.width, lines, "left", True)]
                entries.append((group, _height(group, lh, minimum), True))
            texts = [flow.values.clean(row[p]) if p is not None else "" for p in picks]
            row_cells = cells(texts)
            entries.append((row_cells, _height(row_cells, lh, minimum), False))
    else:
        empty = [Cell(f.left, f.width, textfit.wrap(flow.values.clean(block.empty_text), size,
                                                     f.width - 2 * PAD), "center")]  # fmt: skip
        entries.append((empty, _height(empty, lh, minimum), False))

    def put(row_cells: list[Cell], h: float) -> None:
        top = flow.y
        flow.add(lambda c: _draw_row(c, top, h, row_cells, size, lh))
        flow.y -= h

    first_need = (
        header_h + entries[0][1] + (entries[1][1] if entries[0][2] and len(entries) > 1 else 0)
    )
    flow.ensure(first_need)
    put(header, header_h)
    for n, (row_cells, h, is_heading) in enumerate(entries):
        need = h + (entries[n + 1][1] if is_heading and n + 1 < len(entries) else 0)
        if need > flow.room + 0.01:
            flow.new_page()
            if block.repeat_header:
                put(header, header_h)
        put(row_cells, h)
    flow.y -= size * 0.4
